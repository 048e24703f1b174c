/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: QUIC packet headers and packet numbers (RFC 9000, section 17;
 * RFC 9369, section 3.2).
 */
#ifndef _TQUIC_PACKET_H
#define _TQUIC_PACKET_H

#include <linux/types.h>

#define TQUIC_CID_MAX		20
#define TQUIC_PN_MAX		((1ULL << 62) - 1)
#define TQUIC_MIN_INITIAL_DATAGRAM 1200
/* A client's first Destination Connection ID has at least 8 bytes. */
#define TQUIC_MIN_INITIAL_DCID_LEN 8

/* Header form and fixed bits of the first byte. */
#define TQUIC_HDR_LONG		0x80
#define TQUIC_HDR_FIXED		0x40
#define TQUIC_HDR_SPIN		0x20	/* short header */
#define TQUIC_HDR_KEY_PHASE	0x04	/* short header */

/**
 * enum tquic_pkt_type - packet types, independent of the version's coding
 * @TQUIC_PKT_INITIAL: Initial
 * @TQUIC_PKT_0RTT: 0-RTT
 * @TQUIC_PKT_HANDSHAKE: Handshake
 * @TQUIC_PKT_RETRY: Retry
 * @TQUIC_PKT_VN: Version Negotiation (long header, version 0)
 * @TQUIC_PKT_1RTT: short header
 */
enum tquic_pkt_type {
	TQUIC_PKT_INITIAL,
	TQUIC_PKT_0RTT,
	TQUIC_PKT_HANDSHAKE,
	TQUIC_PKT_RETRY,
	TQUIC_PKT_VN,
	TQUIC_PKT_1RTT,
};

/**
 * struct tquic_hdr - a parsed packet header (before header protection is
 * removed, so without the packet number)
 * @type: packet type
 * @version: version of a long header packet
 * @dcid_len: Destination Connection ID length
 * @scid_len: Source Connection ID length (long header)
 * @dcid: Destination Connection ID
 * @scid: Source Connection ID (long header)
 * @token: Initial token or Retry token, pointing into the packet
 * @token_len: its length
 * @pn_off: offset of the packet number (Initial, 0-RTT, Handshake, 1-RTT)
 * @len: bytes of this packet in the datagram: for long headers with a
 *	Length field, up to its end; otherwise the rest of the datagram
 * @greased: the QUIC bit is 0 (RFC 9287): a packet other than Retry of
 *	a peer told it may; its connection decides, or for a first
 *	Initial the listener (only with a NEW_TOKEN token of ours)
 */
struct tquic_hdr {
	enum tquic_pkt_type type;
	u32 version;
	u8 dcid_len;
	u8 scid_len;
	u8 dcid[TQUIC_CID_MAX];
	u8 scid[TQUIC_CID_MAX];
	const u8 *token;
	size_t token_len;
	size_t pn_off;
	size_t len;
	bool greased;
};

int tquic_hdr_parse(const u8 *buf, size_t len, u8 short_dcid_len,
		    struct tquic_hdr *h);
int tquic_long_type_bits(u32 version, enum tquic_pkt_type type);
int tquic_vn_build(u8 *buf, size_t len, const struct tquic_hdr *h,
		   u32 rnd);

unsigned int tquic_pn_len(u64 pn, u64 largest_acked, bool none_acked);
u64 tquic_pn_decode(u64 largest, u64 truncated, unsigned int pn_len);
int tquic_pn_put(u8 *buf, u64 pn, unsigned int pn_len);
u64 tquic_pn_get(const u8 *buf, unsigned int pn_len);

#endif /* _TQUIC_PACKET_H */
