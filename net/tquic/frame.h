/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: QUIC frames (RFC 9000, section 19; DATAGRAM, RFC 9221).
 */
#ifndef _TQUIC_FRAME_H
#define _TQUIC_FRAME_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/tquic.h>

#include "packet.h"

enum tquic_frame_type {
	TQUIC_FT_PADDING		= 0x00,
	TQUIC_FT_PING			= 0x01,
	TQUIC_FT_ACK			= 0x02,
	TQUIC_FT_ACK_ECN		= 0x03,
	TQUIC_FT_RESET_STREAM		= 0x04,
	TQUIC_FT_STOP_SENDING		= 0x05,
	TQUIC_FT_CRYPTO			= 0x06,
	TQUIC_FT_NEW_TOKEN		= 0x07,
	TQUIC_FT_STREAM			= 0x08,	/* to 0x0f */
	TQUIC_FT_MAX_DATA		= 0x10,
	TQUIC_FT_MAX_STREAM_DATA	= 0x11,
	TQUIC_FT_MAX_STREAMS_BIDI	= 0x12,
	TQUIC_FT_MAX_STREAMS_UNI	= 0x13,
	TQUIC_FT_DATA_BLOCKED		= 0x14,
	TQUIC_FT_STREAM_DATA_BLOCKED	= 0x15,
	TQUIC_FT_STREAMS_BLOCKED_BIDI	= 0x16,
	TQUIC_FT_STREAMS_BLOCKED_UNI	= 0x17,
	TQUIC_FT_NEW_CONNECTION_ID	= 0x18,
	TQUIC_FT_RETIRE_CONNECTION_ID	= 0x19,
	TQUIC_FT_PATH_CHALLENGE		= 0x1a,
	TQUIC_FT_PATH_RESPONSE		= 0x1b,
	TQUIC_FT_CONNECTION_CLOSE	= 0x1c,
	TQUIC_FT_CONNECTION_CLOSE_APP	= 0x1d,
	TQUIC_FT_HANDSHAKE_DONE		= 0x1e,
	TQUIC_FT_DATAGRAM		= 0x30,
	TQUIC_FT_DATAGRAM_LEN		= 0x31,
	/* draft-ietf-quic-multipath-21 (frame_mp.c) */
	TQUIC_FT_PATH_ACK		= 0x3e,
	TQUIC_FT_PATH_ACK_ECN		= 0x3f,
	TQUIC_FT_PATH_ABANDON		= 0x3e75,
	TQUIC_FT_PATH_STATUS_BACKUP	= 0x3e76,
	TQUIC_FT_PATH_STATUS_AVAILABLE	= 0x3e77,
	TQUIC_FT_PATH_NEW_CONNECTION_ID	= 0x3e78,
	TQUIC_FT_PATH_RETIRE_CONNECTION_ID = 0x3e79,
	TQUIC_FT_MAX_PATH_ID		= 0x3e7a,
	TQUIC_FT_PATHS_BLOCKED		= 0x3e7b,
	TQUIC_FT_PATH_CIDS_BLOCKED	= 0x3e7c,
};

/* Path identifiers are 32-bit (they go in the AEAD nonce) */
#define TQUIC_PATH_ID_MAX		U32_MAX

/* STREAM type bits */
#define TQUIC_STREAM_FIN	0x01
#define TQUIC_STREAM_LEN	0x02
#define TQUIC_STREAM_OFF	0x04

#define TQUIC_STATELESS_RESET_TOKEN_LEN	16
#define TQUIC_PATH_DATA_LEN		8
#define TQUIC_MAX_STREAMS_LIMIT		BIT_ULL(60)

/**
 * struct tquic_ack_block - packets [@smallest, @largest] acknowledged
 * @smallest: lowest packet number of the range
 * @largest: highest packet number of the range
 */
struct tquic_ack_block {
	u64 smallest;
	u64 largest;
};

/**
 * struct tquic_frame - one decoded frame, or one to encode
 * @type: frame type (for STREAM, with its flag bits; for DATAGRAM, 0x30
 *	or 0x31)
 * @path_id: multipath frames but MAX_PATH_ID and PATHS_BLOCKED: the Path
 *	Identifier; a PATH_ACK's other fields are in @ack, a
 *	PATH_NEW_CONNECTION_ID's in @new_cid, a PATH_RETIRE_CONNECTION_ID's
 *	in @retire_seq, the others' in @path
 *
 * Data, tokens and reasons point into the packet they were decoded from.
 * An ACK decodes to its ranges in wire order (largest first); walk them
 * with tquic_ack_iter_init() and tquic_ack_next().  To encode an ACK,
 * point @ack.blocks at @ack.nblocks disjoint ranges in descending order
 * (the largest acknowledged is @ack.blocks[0].largest) and set @ack.delay
 * and, for ACK_ECN, @ack.ecn.
 */
struct tquic_frame {
	u64 type;
	u64 path_id;
	union {
		struct {
			u64 largest;
			u64 delay;
			u64 ecn[3];	/* ECT(0), ECT(1), ECN-CE */
			/* encode */
			const struct tquic_ack_block *blocks;
			unsigned int nblocks;
			/* decode: the ranges as sent, validated */
			u64 first_range;
			u64 range_count;
			const u8 *ranges;
			size_t ranges_len;
		} ack;
		struct {
			u64 stream_id;
			u64 error;
			u64 final_size;	/* RESET_STREAM */
		} reset;	/* RESET_STREAM, STOP_SENDING */
		struct {
			u64 offset;
			u64 len;
			const u8 *data;
		} crypto;
		struct {
			u64 len;
			const u8 *data;
		} token;
		struct {
			u64 stream_id;
			u64 offset;
			u64 len;
			const u8 *data;
		} stream;	/* fin is TQUIC_STREAM_FIN in @type */
		struct {
			u64 stream_id;	/* MAX_STREAM_DATA, STREAM_DATA_BLOCKED */
			u64 max;
		} max;		/* MAX_* and *_BLOCKED */
		struct {
			u64 seq;
			u64 retire_prior_to;
			u8 cid_len;
			u8 cid[TQUIC_CID_MAX];
			u8 reset_token[TQUIC_STATELESS_RESET_TOKEN_LEN];
		} new_cid;
		u64 retire_seq;
		u8 path_data[TQUIC_PATH_DATA_LEN];
		struct {
			u64 error;
			u64 frame_type;	/* transport close only */
			u64 reason_len;
			const u8 *reason;
		} close;
		struct {
			u64 len;
			const u8 *data;
		} datagram;
		struct {
			u64 error;		/* PATH_ABANDON */
			u64 status_seq;		/* PATH_STATUS_* */
			u64 max_path_id;	/* MAX_PATH_ID, PATHS_BLOCKED */
			u64 next_seq;		/* PATH_CIDS_BLOCKED */
		} path;
	};
};

/**
 * struct tquic_ack_iter - walks a decoded ACK's ranges, largest first
 * @started: the first range has been returned
 * @left: ranges after the first still to return
 * @smallest: smallest packet number of the range last returned
 * @p: the undecoded ranges
 * @len: bytes of them left
 */
struct tquic_ack_iter {
	bool started;
	u64 left;
	u64 smallest;
	const u8 *p;
	size_t len;
};

static inline bool tquic_ft_is_stream(u64 type)
{
	return type >= TQUIC_FT_STREAM && type <= TQUIC_FT_STREAM + 7;
}

int tquic_frame_decode(const u8 *buf, size_t len, enum tquic_pkt_type pkt,
		       struct tquic_frame *f, u64 *err);
int tquic_frame_encode(u8 *buf, size_t len, const struct tquic_frame *f);
bool tquic_frame_allowed(u64 type, enum tquic_pkt_type pkt);
bool tquic_frame_ack_eliciting(u64 type);
bool tquic_frame_probing(u64 type);

/* frame_mp.c */
struct tquic_rd;
struct tquic_wr;
bool tquic_ft_is_mp(u64 type);
int tquic_mp_frame_decode(struct tquic_rd *r, struct tquic_frame *f,
			  int (*ack)(struct tquic_rd *, struct tquic_frame *),
			  int (*new_cid)(struct tquic_rd *,
					 struct tquic_frame *));
int tquic_mp_frame_encode(struct tquic_wr *w, const struct tquic_frame *f,
			  int (*ack)(struct tquic_wr *,
				     const struct tquic_frame *),
			  int (*new_cid)(struct tquic_wr *,
					 const struct tquic_frame *));

void tquic_ack_iter_init(struct tquic_ack_iter *it,
			 const struct tquic_frame *f);
bool tquic_ack_next(struct tquic_ack_iter *it, const struct tquic_frame *f,
		    struct tquic_ack_block *b);

#endif /* _TQUIC_FRAME_H */
