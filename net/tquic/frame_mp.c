// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the frames of the QUIC multipath extension
 * (draft-ietf-quic-multipath-21, the final codepoints).
 *
 *	PATH_ACK (0x3e, 0x3f with ECN counts): Path Identifier, then the
 *		fields of an ACK frame
 *	PATH_ABANDON (0x3e75): Path Identifier, Error Code
 *	PATH_STATUS_BACKUP (0x3e76), PATH_STATUS_AVAILABLE (0x3e77): Path
 *		Identifier, Path Status Sequence Number
 *	PATH_NEW_CONNECTION_ID (0x3e78): Path Identifier, then the fields
 *		of a NEW_CONNECTION_ID frame
 *	PATH_RETIRE_CONNECTION_ID (0x3e79): Path Identifier, Sequence Number
 *	MAX_PATH_ID (0x3e7a), PATHS_BLOCKED (0x3e7b): Maximum Path
 *		Identifier
 *	PATH_CIDS_BLOCKED (0x3e7c): Path Identifier, Next Sequence Number
 *
 * All go in 1-RTT packets only.  Path identifiers are 32-bit (they are
 * part of the AEAD nonce): a larger one is a FRAME_ENCODING_ERROR here.
 * Whether the connection negotiated multipath is for the receiver.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "buf.h"
#include "frame.h"

/**
 * tquic_ft_is_mp - a frame type of the multipath extension
 * @type: frame type
 */
bool tquic_ft_is_mp(u64 type)
{
	return type == TQUIC_FT_PATH_ACK || type == TQUIC_FT_PATH_ACK_ECN ||
	       (type >= TQUIC_FT_PATH_ABANDON && type <= TQUIC_FT_PATH_CIDS_BLOCKED);
}

static int tquic_rd_path_id(struct tquic_rd *r, u64 *id)
{
	return tquic_rd_varint(r, id) || *id > TQUIC_PATH_ID_MAX ? -EINVAL : 0;
}

/**
 * tquic_mp_frame_decode - the body of a multipath frame
 * @r: cursor after the frame type
 * @f: the frame, its type set
 * @ack: decodes the ACK fields that follow a PATH_ACK's Path Identifier
 * @new_cid: decodes the NEW_CONNECTION_ID fields of a
 *	PATH_NEW_CONNECTION_ID
 *
 * Return: 0 or -EINVAL.
 */
int tquic_mp_frame_decode(struct tquic_rd *r, struct tquic_frame *f,
			  int (*ack)(struct tquic_rd *, struct tquic_frame *),
			  int (*new_cid)(struct tquic_rd *,
					 struct tquic_frame *))
{
	switch (f->type) {
	case TQUIC_FT_MAX_PATH_ID:
	case TQUIC_FT_PATHS_BLOCKED:
		return tquic_rd_path_id(r, &f->path.max_path_id);
	}
	if (tquic_rd_path_id(r, &f->path_id))
		return -EINVAL;
	switch (f->type) {
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		return ack(r, f);
	case TQUIC_FT_PATH_NEW_CONNECTION_ID:
		return new_cid(r, f);
	case TQUIC_FT_PATH_ABANDON:
		return tquic_rd_varint(r, &f->path.error) ? -EINVAL : 0;
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		return tquic_rd_varint(r, &f->path.status_seq) ? -EINVAL : 0;
	case TQUIC_FT_PATH_RETIRE_CONNECTION_ID:
		return tquic_rd_varint(r, &f->retire_seq) ? -EINVAL : 0;
	case TQUIC_FT_PATH_CIDS_BLOCKED:
		return tquic_rd_varint(r, &f->path.next_seq) ? -EINVAL : 0;
	}
	return -EINVAL;
}

/**
 * tquic_mp_frame_encode - the body of a multipath frame
 * @w: cursor after the frame type
 * @f: the frame
 * @ack: encodes the ACK fields of a PATH_ACK
 * @new_cid: encodes the NEW_CONNECTION_ID fields of a
 *	PATH_NEW_CONNECTION_ID
 *
 * Return: 0, -ENOSPC, -ERANGE, or -EINVAL for a path identifier over
 * 2^32 - 1 or an invalid embedded frame.
 */
int tquic_mp_frame_encode(struct tquic_wr *w, const struct tquic_frame *f,
			  int (*ack)(struct tquic_wr *,
				     const struct tquic_frame *),
			  int (*new_cid)(struct tquic_wr *,
					 const struct tquic_frame *))
{
	int err;

	switch (f->type) {
	case TQUIC_FT_MAX_PATH_ID:
	case TQUIC_FT_PATHS_BLOCKED:
		if (f->path.max_path_id > TQUIC_PATH_ID_MAX)
			return -EINVAL;
		return tquic_wr_varint(w, f->path.max_path_id);
	}
	if (f->path_id > TQUIC_PATH_ID_MAX)
		return -EINVAL;
	err = tquic_wr_varint(w, f->path_id);
	if (err)
		return err;
	switch (f->type) {
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		return ack(w, f);
	case TQUIC_FT_PATH_NEW_CONNECTION_ID:
		return new_cid(w, f);
	case TQUIC_FT_PATH_ABANDON:
		return tquic_wr_varint(w, f->path.error);
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		return tquic_wr_varint(w, f->path.status_seq);
	case TQUIC_FT_PATH_RETIRE_CONNECTION_ID:
		return tquic_wr_varint(w, f->retire_seq);
	case TQUIC_FT_PATH_CIDS_BLOCKED:
		return tquic_wr_varint(w, f->path.next_seq);
	}
	return -EINVAL;
}
