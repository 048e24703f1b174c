// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: encoding and decoding QUIC frames.
 *
 * The decoder trusts nothing: every field is read through a bounds-checked
 * cursor, every length is checked against what is left of the packet, and
 * every rule of RFC 9000, section 19 that can be checked on the frame
 * alone is checked here (ACK ranges that go below zero, empty NEW_TOKEN,
 * connection IDs of 0 or over 20 bytes, Retire Prior To above the
 * sequence number, stream limits over 2^60, stream data past 2^62 - 1,
 * frame types in packets that may not carry them, over-long frame type
 * encodings).  A refused frame yields -EINVAL and the transport error the
 * connection must close with.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "buf.h"
#include "frame.h"

/* Packet types a frame may appear in (RFC 9000, table 3). */
#define P_I	BIT(TQUIC_PKT_INITIAL)
#define P_0	BIT(TQUIC_PKT_0RTT)
#define P_H	BIT(TQUIC_PKT_HANDSHAKE)
#define P_1	BIT(TQUIC_PKT_1RTT)

static u8 tquic_frame_pkts(u64 type)
{
	if (tquic_ft_is_stream(type))
		return P_0 | P_1;
	if (tquic_ft_is_mp(type))
		return P_1;
	switch (type) {
	case TQUIC_FT_PADDING:
	case TQUIC_FT_PING:
	case TQUIC_FT_CONNECTION_CLOSE:
		return P_I | P_0 | P_H | P_1;
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
	case TQUIC_FT_CRYPTO:
		return P_I | P_H | P_1;
	case TQUIC_FT_NEW_TOKEN:
	case TQUIC_FT_PATH_RESPONSE:
	case TQUIC_FT_HANDSHAKE_DONE:
		return P_1;
	case TQUIC_FT_RESET_STREAM:
	case TQUIC_FT_STOP_SENDING:
	case TQUIC_FT_MAX_DATA:
	case TQUIC_FT_MAX_STREAM_DATA:
	case TQUIC_FT_MAX_STREAMS_BIDI:
	case TQUIC_FT_MAX_STREAMS_UNI:
	case TQUIC_FT_DATA_BLOCKED:
	case TQUIC_FT_STREAM_DATA_BLOCKED:
	case TQUIC_FT_STREAMS_BLOCKED_BIDI:
	case TQUIC_FT_STREAMS_BLOCKED_UNI:
	case TQUIC_FT_NEW_CONNECTION_ID:
	case TQUIC_FT_RETIRE_CONNECTION_ID:
	case TQUIC_FT_PATH_CHALLENGE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
	case TQUIC_FT_DATAGRAM:
	case TQUIC_FT_DATAGRAM_LEN:
		return P_0 | P_1;
	}
	return 0;
}

/**
 * tquic_frame_allowed - whether a @type frame may be in a @pkt packet
 * @type: frame type
 * @pkt: packet type
 *
 * Return: false also for unknown frame types.
 */
bool tquic_frame_allowed(u64 type, enum tquic_pkt_type pkt)
{
	return pkt <= TQUIC_PKT_1RTT && (tquic_frame_pkts(type) & BIT(pkt));
}

/**
 * tquic_frame_ack_eliciting - whether a @type frame elicits an ACK
 * @type: frame type
 *
 * All but ACK, PATH_ACK, PADDING and CONNECTION_CLOSE (RFC 9002,
 * section 2).
 */
bool tquic_frame_ack_eliciting(u64 type)
{
	return type != TQUIC_FT_PADDING && type != TQUIC_FT_ACK &&
	       type != TQUIC_FT_ACK_ECN && type != TQUIC_FT_PATH_ACK &&
	       type != TQUIC_FT_PATH_ACK_ECN &&
	       type != TQUIC_FT_CONNECTION_CLOSE &&
	       type != TQUIC_FT_CONNECTION_CLOSE_APP;
}

/**
 * tquic_frame_probing - whether @type is a probing frame: PATH_CHALLENGE,
 *	PATH_RESPONSE, NEW_CONNECTION_ID or PADDING (RFC 9000, 9.1)
 * @type: frame type
 */
bool tquic_frame_probing(u64 type)
{
	return type == TQUIC_FT_PADDING || type == TQUIC_FT_PATH_CHALLENGE ||
	       type == TQUIC_FT_PATH_RESPONSE ||
	       type == TQUIC_FT_NEW_CONNECTION_ID;
}

static int tquic_ack_decode(struct tquic_rd *r, struct tquic_frame *f)
{
	u64 smallest, gap, len, i;
	const u8 *start;

	if (tquic_rd_varint(r, &f->ack.largest) ||
	    tquic_rd_varint(r, &f->ack.delay) ||
	    tquic_rd_varint(r, &f->ack.range_count) ||
	    tquic_rd_varint(r, &f->ack.first_range) ||
	    f->ack.first_range > f->ack.largest)
		return -EINVAL;
	smallest = f->ack.largest - f->ack.first_range;
	start = r->p;
	for (i = 0; i < f->ack.range_count; i++) {
		if (tquic_rd_varint(r, &gap) || tquic_rd_varint(r, &len))
			return -EINVAL;
		/* The next range's largest is smallest - gap - 2. */
		if (smallest < gap + 2 || smallest - gap - 2 < len)
			return -EINVAL;
		smallest = smallest - gap - 2 - len;
	}
	f->ack.ranges = start;
	f->ack.ranges_len = r->p - start;
	if (f->type == TQUIC_FT_ACK_ECN || f->type == TQUIC_FT_PATH_ACK_ECN)
		for (i = 0; i < 3; i++)
			if (tquic_rd_varint(r, &f->ack.ecn[i]))
				return -EINVAL;
	return 0;
}

/**
 * tquic_ack_iter_init - start walking the ranges of a decoded ACK
 * @it: iterator
 * @f: the ACK frame, as tquic_frame_decode() left it
 */
void tquic_ack_iter_init(struct tquic_ack_iter *it,
			 const struct tquic_frame *f)
{
	it->started = false;
	it->left = f->ack.range_count;
	it->smallest = 0;
	it->p = f->ack.ranges;
	it->len = f->ack.ranges_len;
}

/**
 * tquic_ack_next - the next acknowledged range, largest first
 * @it: iterator
 * @f: the ACK frame
 * @b: filled with the range
 *
 * Return: false when there are no more.
 */
bool tquic_ack_next(struct tquic_ack_iter *it, const struct tquic_frame *f,
		    struct tquic_ack_block *b)
{
	struct tquic_rd r;
	u64 gap, len;

	if (!it->started) {
		it->started = true;
		b->largest = f->ack.largest;
		b->smallest = f->ack.largest - f->ack.first_range;
		it->smallest = b->smallest;
		return true;
	}
	if (!it->left)
		return false;
	tquic_rd_init(&r, it->p, it->len);
	/* Validated by the decoder; checked again rather than trusted. */
	if (tquic_rd_varint(&r, &gap) || tquic_rd_varint(&r, &len) ||
	    it->smallest < gap + 2 || it->smallest - gap - 2 < len)
		return false;
	it->p = r.p;
	it->len = r.left;
	it->left--;
	b->largest = it->smallest - gap - 2;
	b->smallest = b->largest - len;
	it->smallest = b->smallest;
	return true;
}

static int tquic_stream_decode(struct tquic_rd *r, struct tquic_frame *f)
{
	if (tquic_rd_varint(r, &f->stream.stream_id))
		return -EINVAL;
	f->stream.offset = 0;
	if ((f->type & TQUIC_STREAM_OFF) &&
	    tquic_rd_varint(r, &f->stream.offset))
		return -EINVAL;
	if (f->type & TQUIC_STREAM_LEN) {
		if (tquic_rd_varint(r, &f->stream.len))
			return -EINVAL;
	} else {
		f->stream.len = r->left;
	}
	if (tquic_rd_bytes(r, f->stream.len, &f->stream.data))
		return -EINVAL;
	/* RFC 9000, 19.8: offset + length cannot pass 2^62 - 1. */
	if (f->stream.len > TQUIC_VARINT_MAX - f->stream.offset)
		return -EINVAL;
	return 0;
}

static int tquic_new_cid_decode(struct tquic_rd *r, struct tquic_frame *f)
{
	const u8 *p;
	u8 n;

	if (tquic_rd_varint(r, &f->new_cid.seq) ||
	    tquic_rd_varint(r, &f->new_cid.retire_prior_to) ||
	    f->new_cid.retire_prior_to > f->new_cid.seq ||
	    tquic_rd_u8(r, &n) || n < 1 || n > TQUIC_CID_MAX ||
	    tquic_rd_bytes(r, n, &p))
		return -EINVAL;
	f->new_cid.cid_len = n;
	memcpy(f->new_cid.cid, p, n);
	if (tquic_rd_bytes(r, TQUIC_STATELESS_RESET_TOKEN_LEN, &p))
		return -EINVAL;
	memcpy(f->new_cid.reset_token, p, TQUIC_STATELESS_RESET_TOKEN_LEN);
	return 0;
}

static int tquic_frame_body_decode(struct tquic_rd *r, struct tquic_frame *f)
{
	const u8 *p;

	if (tquic_ft_is_stream(f->type))
		return tquic_stream_decode(r, f);
	switch (f->type) {
	case TQUIC_FT_PADDING:
	case TQUIC_FT_PING:
	case TQUIC_FT_HANDSHAKE_DONE:
		return 0;
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
		return tquic_ack_decode(r, f);
	case TQUIC_FT_RESET_STREAM:
		return tquic_rd_varint(r, &f->reset.stream_id) ||
		       tquic_rd_varint(r, &f->reset.error) ||
		       tquic_rd_varint(r, &f->reset.final_size) ? -EINVAL : 0;
	case TQUIC_FT_STOP_SENDING:
		return tquic_rd_varint(r, &f->reset.stream_id) ||
		       tquic_rd_varint(r, &f->reset.error) ? -EINVAL : 0;
	case TQUIC_FT_CRYPTO:
		if (tquic_rd_varint(r, &f->crypto.offset) ||
		    tquic_rd_varint(r, &f->crypto.len) ||
		    tquic_rd_bytes(r, f->crypto.len, &f->crypto.data) ||
		    f->crypto.len > TQUIC_VARINT_MAX - f->crypto.offset)
			return -EINVAL;
		return 0;
	case TQUIC_FT_NEW_TOKEN:
		if (tquic_rd_varint(r, &f->token.len) || !f->token.len ||
		    tquic_rd_bytes(r, f->token.len, &f->token.data))
			return -EINVAL;
		return 0;
	case TQUIC_FT_MAX_DATA:
	case TQUIC_FT_DATA_BLOCKED:
		f->max.stream_id = 0;
		return tquic_rd_varint(r, &f->max.max) ? -EINVAL : 0;
	case TQUIC_FT_MAX_STREAM_DATA:
	case TQUIC_FT_STREAM_DATA_BLOCKED:
		return tquic_rd_varint(r, &f->max.stream_id) ||
		       tquic_rd_varint(r, &f->max.max) ? -EINVAL : 0;
	case TQUIC_FT_MAX_STREAMS_BIDI:
	case TQUIC_FT_MAX_STREAMS_UNI:
	case TQUIC_FT_STREAMS_BLOCKED_BIDI:
	case TQUIC_FT_STREAMS_BLOCKED_UNI:
		f->max.stream_id = 0;
		if (tquic_rd_varint(r, &f->max.max) ||
		    f->max.max > TQUIC_MAX_STREAMS_LIMIT)
			return -EINVAL;
		return 0;
	case TQUIC_FT_NEW_CONNECTION_ID:
		return tquic_new_cid_decode(r, f);
	case TQUIC_FT_RETIRE_CONNECTION_ID:
		return tquic_rd_varint(r, &f->retire_seq) ? -EINVAL : 0;
	case TQUIC_FT_PATH_CHALLENGE:
	case TQUIC_FT_PATH_RESPONSE:
		if (tquic_rd_bytes(r, TQUIC_PATH_DATA_LEN, &p))
			return -EINVAL;
		memcpy(f->path_data, p, TQUIC_PATH_DATA_LEN);
		return 0;
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		f->close.frame_type = 0;
		if (tquic_rd_varint(r, &f->close.error) ||
		    (f->type == TQUIC_FT_CONNECTION_CLOSE &&
		     tquic_rd_varint(r, &f->close.frame_type)) ||
		    tquic_rd_varint(r, &f->close.reason_len) ||
		    tquic_rd_bytes(r, f->close.reason_len, &f->close.reason))
			return -EINVAL;
		return 0;
	case TQUIC_FT_DATAGRAM:
		f->datagram.len = r->left;
		return tquic_rd_bytes(r, f->datagram.len, &f->datagram.data);
	case TQUIC_FT_DATAGRAM_LEN:
		if (tquic_rd_varint(r, &f->datagram.len) ||
		    tquic_rd_bytes(r, f->datagram.len, &f->datagram.data))
			return -EINVAL;
		return 0;
	}
	if (tquic_ft_is_mp(f->type))
		return tquic_mp_frame_decode(r, f, tquic_ack_decode,
					     tquic_new_cid_decode);
	return -EINVAL;
}

/**
 * tquic_frame_decode - decode the frame at the start of @buf
 * @buf: packet payload from this frame on
 * @len: bytes left in the payload
 * @pkt: type of the packet carrying it
 * @f: filled with the frame; pointers refer into @buf
 * @err: set to the transport error to close with when the frame is
 *	refused: FRAME_ENCODING_ERROR for a malformed or unknown frame,
 *	PROTOCOL_VIOLATION for one not allowed in @pkt or a frame type in
 *	more bytes than needed
 *
 * A run of PADDING decodes as one frame.
 * Return: bytes consumed (> 0), or -EINVAL.
 */
int tquic_frame_decode(const u8 *buf, size_t len, enum tquic_pkt_type pkt,
		       struct tquic_frame *f, u64 *err)
{
	struct tquic_rd r;

	memset(f, 0, sizeof(*f));
	tquic_rd_init(&r, buf, len);
	if (tquic_rd_varint(&r, &f->type)) {
		*err = TQUIC_ERR_FRAME_ENCODING_ERROR;
		return -EINVAL;
	}
	if ((size_t)(r.p - buf) != tquic_varint_len(f->type)) {
		*err = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EINVAL;
	}
	if (!tquic_frame_pkts(f->type)) {
		*err = TQUIC_ERR_FRAME_ENCODING_ERROR;
		return -EINVAL;
	}
	if (!tquic_frame_allowed(f->type, pkt)) {
		*err = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EINVAL;
	}
	if (f->type == TQUIC_FT_PADDING) {
		while (r.left && !*r.p) {
			r.p++;
			r.left--;
		}
		return r.p - buf;
	}
	if (tquic_frame_body_decode(&r, f)) {
		*err = TQUIC_ERR_FRAME_ENCODING_ERROR;
		return -EINVAL;
	}
	return len - r.left;
}

static int tquic_ack_encode(struct tquic_wr *w, const struct tquic_frame *f)
{
	const struct tquic_ack_block *b = f->ack.blocks;
	unsigned int i;
	int err;

	if (!f->ack.nblocks || b[0].smallest > b[0].largest)
		return -EINVAL;
	err = tquic_wr_varint(w, b[0].largest);
	err = err ?: tquic_wr_varint(w, f->ack.delay);
	err = err ?: tquic_wr_varint(w, f->ack.nblocks - 1);
	err = err ?: tquic_wr_varint(w, b[0].largest - b[0].smallest);
	for (i = 1; !err && i < f->ack.nblocks; i++) {
		if (b[i].smallest > b[i].largest ||
		    b[i].largest + 2 > b[i - 1].smallest)
			return -EINVAL;
		err = tquic_wr_varint(w, b[i - 1].smallest - b[i].largest - 2);
		err = err ?: tquic_wr_varint(w, b[i].largest - b[i].smallest);
	}
	for (i = 0; !err && (f->type == TQUIC_FT_ACK_ECN ||
			     f->type == TQUIC_FT_PATH_ACK_ECN) && i < 3; i++)
		err = tquic_wr_varint(w, f->ack.ecn[i]);
	return err;
}

static int tquic_new_cid_encode(struct tquic_wr *w,
				const struct tquic_frame *f)
{
	int err;

	if (f->new_cid.cid_len < 1 || f->new_cid.cid_len > TQUIC_CID_MAX ||
	    f->new_cid.retire_prior_to > f->new_cid.seq)
		return -EINVAL;
	err = tquic_wr_varint(w, f->new_cid.seq);
	err = err ?: tquic_wr_varint(w, f->new_cid.retire_prior_to);
	err = err ?: tquic_wr_u8(w, f->new_cid.cid_len);
	err = err ?: tquic_wr_bytes(w, f->new_cid.cid, f->new_cid.cid_len);
	return err ?: tquic_wr_bytes(w, f->new_cid.reset_token,
				     TQUIC_STATELESS_RESET_TOKEN_LEN);
}

static int tquic_frame_body_encode(struct tquic_wr *w,
				   const struct tquic_frame *f)
{
	int err = 0;

	if (tquic_ft_is_stream(f->type)) {
		err = tquic_wr_varint(w, f->stream.stream_id);
		if (!err && (f->type & TQUIC_STREAM_OFF))
			err = tquic_wr_varint(w, f->stream.offset);
		if (!err && (f->type & TQUIC_STREAM_LEN))
			err = tquic_wr_varint(w, f->stream.len);
		return err ?: tquic_wr_bytes(w, f->stream.data, f->stream.len);
	}
	switch (f->type) {
	case TQUIC_FT_PADDING:
	case TQUIC_FT_PING:
	case TQUIC_FT_HANDSHAKE_DONE:
		return 0;
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
		return tquic_ack_encode(w, f);
	case TQUIC_FT_RESET_STREAM:
		err = tquic_wr_varint(w, f->reset.stream_id);
		err = err ?: tquic_wr_varint(w, f->reset.error);
		return err ?: tquic_wr_varint(w, f->reset.final_size);
	case TQUIC_FT_STOP_SENDING:
		err = tquic_wr_varint(w, f->reset.stream_id);
		return err ?: tquic_wr_varint(w, f->reset.error);
	case TQUIC_FT_CRYPTO:
		err = tquic_wr_varint(w, f->crypto.offset);
		err = err ?: tquic_wr_varint(w, f->crypto.len);
		return err ?: tquic_wr_bytes(w, f->crypto.data, f->crypto.len);
	case TQUIC_FT_NEW_TOKEN:
		if (!f->token.len)
			return -EINVAL;
		err = tquic_wr_varint(w, f->token.len);
		return err ?: tquic_wr_bytes(w, f->token.data, f->token.len);
	case TQUIC_FT_MAX_STREAM_DATA:
	case TQUIC_FT_STREAM_DATA_BLOCKED:
		err = tquic_wr_varint(w, f->max.stream_id);
		fallthrough;
	case TQUIC_FT_MAX_DATA:
	case TQUIC_FT_DATA_BLOCKED:
		return err ?: tquic_wr_varint(w, f->max.max);
	case TQUIC_FT_MAX_STREAMS_BIDI:
	case TQUIC_FT_MAX_STREAMS_UNI:
	case TQUIC_FT_STREAMS_BLOCKED_BIDI:
	case TQUIC_FT_STREAMS_BLOCKED_UNI:
		if (f->max.max > TQUIC_MAX_STREAMS_LIMIT)
			return -EINVAL;
		return tquic_wr_varint(w, f->max.max);
	case TQUIC_FT_NEW_CONNECTION_ID:
		return tquic_new_cid_encode(w, f);
	case TQUIC_FT_RETIRE_CONNECTION_ID:
		return tquic_wr_varint(w, f->retire_seq);
	case TQUIC_FT_PATH_CHALLENGE:
	case TQUIC_FT_PATH_RESPONSE:
		return tquic_wr_bytes(w, f->path_data, TQUIC_PATH_DATA_LEN);
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		err = tquic_wr_varint(w, f->close.error);
		if (!err && f->type == TQUIC_FT_CONNECTION_CLOSE)
			err = tquic_wr_varint(w, f->close.frame_type);
		err = err ?: tquic_wr_varint(w, f->close.reason_len);
		return err ?: tquic_wr_bytes(w, f->close.reason,
					     f->close.reason_len);
	case TQUIC_FT_DATAGRAM_LEN:
		err = tquic_wr_varint(w, f->datagram.len);
		fallthrough;
	case TQUIC_FT_DATAGRAM:
		return err ?: tquic_wr_bytes(w, f->datagram.data,
					     f->datagram.len);
	}
	if (tquic_ft_is_mp(f->type))
		return tquic_mp_frame_encode(w, f, tquic_ack_encode,
					     tquic_new_cid_encode);
	return -EINVAL;
}

/**
 * tquic_frame_encode - write one frame
 * @buf: output
 * @len: room in @buf
 * @f: the frame
 *
 * PADDING writes a single zero byte.  A STREAM frame without
 * TQUIC_STREAM_LEN, or a DATAGRAM of type 0x30, must be the last frame
 * of its packet.
 * Return: bytes written, -ENOSPC when @buf is too short, -EINVAL for a
 * frame that breaks a rule of RFC 9000, -ERANGE for a value over 2^62 - 1.
 */
int tquic_frame_encode(u8 *buf, size_t len, const struct tquic_frame *f)
{
	struct tquic_wr w;
	int err;

	if (!tquic_frame_pkts(f->type))
		return -EINVAL;
	tquic_wr_init(&w, buf, len);
	err = tquic_wr_varint(&w, f->type);
	err = err ?: tquic_frame_body_encode(&w, f);
	return err ?: (int)(len - w.left);
}
