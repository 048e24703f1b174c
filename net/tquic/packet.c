// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: parsing QUIC packet headers and coding packet numbers.
 *
 * Every read is bounds-checked against the datagram; a header that does
 * not fit, a connection ID over 20 bytes, a Retry with a clear fixed bit,
 * a bad varint or a Length past the datagram is refused with -EINVAL
 * (other packets with the bit clear are flagged for their receiver).
 * Version Negotiation and unknown versions are reported with the fields
 * every version shares (RFC 8999) so the caller can answer them.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "compat.h"
#include "packet.h"
#include "crypto.h"
#include "tquic.h"

/* Long header type bits (first byte bits 4-5) per version. */
static const u8 tquic_v1_types[] = {
	[TQUIC_PKT_INITIAL] = 0, [TQUIC_PKT_0RTT] = 1,
	[TQUIC_PKT_HANDSHAKE] = 2, [TQUIC_PKT_RETRY] = 3,
};

static const u8 tquic_v2_types[] = {
	[TQUIC_PKT_INITIAL] = 1, [TQUIC_PKT_0RTT] = 2,
	[TQUIC_PKT_HANDSHAKE] = 3, [TQUIC_PKT_RETRY] = 0,
};

/**
 * tquic_long_type_bits - the two type bits of @type in version @version
 * @version: TQUIC_VERSION_1 or TQUIC_VERSION_2
 * @type: Initial, 0-RTT, Handshake or Retry
 *
 * Return: 0-3, or -EINVAL for another version or type.
 */
int tquic_long_type_bits(u32 version, enum tquic_pkt_type type)
{
	if (type > TQUIC_PKT_RETRY)
		return -EINVAL;
	if (version == TQUIC_VERSION_1)
		return tquic_v1_types[type];
	if (version == TQUIC_VERSION_2)
		return tquic_v2_types[type];
	return -EINVAL;
}

static enum tquic_pkt_type tquic_long_type(u32 version, u8 bits)
{
	unsigned int t;

	for (t = TQUIC_PKT_INITIAL; t <= TQUIC_PKT_RETRY; t++)
		if ((version == TQUIC_VERSION_2 ? tquic_v2_types[t] :
		     tquic_v1_types[t]) == bits)
			break;
	return t;
}

static int tquic_cid_get(const u8 *buf, size_t len, size_t *off, u8 *cid,
			 u8 *cid_len)
{
	u8 n;

	if (*off >= len)
		return -EINVAL;
	n = buf[(*off)++];
	if (n > TQUIC_CID_MAX || len - *off < n)
		return -EINVAL;
	memcpy(cid, buf + *off, n);
	*cid_len = n;
	*off += n;
	return 0;
}

static int tquic_long_parse(const u8 *buf, size_t len, struct tquic_hdr *h)
{
	size_t off = 5;
	u64 v;
	int n;

	if (len < 7)
		return -EINVAL;
	h->version = get_unaligned_be32(buf + 1);
	if (tquic_cid_get(buf, len, &off, h->dcid, &h->dcid_len) ||
	    tquic_cid_get(buf, len, &off, h->scid, &h->scid_len))
		return -EINVAL;
	h->len = len;
	if (!h->version) {
		/* A list of 32-bit versions follows, at least one. */
		if (len == off || (len - off) % 4)
			return -EINVAL;
		h->type = TQUIC_PKT_VN;
		h->pn_off = off;
		return 0;
	}
	if (!tquic_version_supported(h->version)) {
		/* Only the invariant fields mean anything. */
		return -EPROTONOSUPPORT;
	}
	h->type = tquic_long_type(h->version, (buf[0] >> 4) & 0x03);
	h->greased = !(buf[0] & TQUIC_HDR_FIXED);
	/* Only a server sends Retry, before it can know the client takes
	 * a QUIC bit of 0 (RFC 9287, 3.1)
	 */
	if (h->greased && h->type == TQUIC_PKT_RETRY)
		return -EINVAL;
	if (h->type == TQUIC_PKT_RETRY) {
		/* Retry Token then a 16-byte integrity tag. */
		if (len - off < TQUIC_TAG_LEN + 1)
			return -EINVAL;
		h->token = buf + off;
		h->token_len = len - off - TQUIC_TAG_LEN;
		h->pn_off = off;
		return 0;
	}
	if (h->type == TQUIC_PKT_INITIAL) {
		n = tquic_varint_decode(buf + off, len - off, &v);
		if (n < 0 || v > len - off - n)
			return -EINVAL;
		off += n;
		h->token = buf + off;
		h->token_len = v;
		off += v;
	}
	n = tquic_varint_decode(buf + off, len - off, &v);
	/* Length covers packet number and payload: at least 1 + 16 bytes */
	if (n < 0 || v > len - off - n || v < 1 + TQUIC_TAG_LEN)
		return -EINVAL;
	off += n;
	h->pn_off = off;
	h->len = off + v;
	return 0;
}

/**
 * tquic_hdr_parse - parse the header of the first packet in a datagram
 * @buf: the datagram from this packet on
 * @len: its length
 * @short_dcid_len: length of our connection IDs, which short headers
 *	do not encode
 * @h: filled with what was read
 *
 * Return: 0; -EINVAL for a malformed header; -EPROTONOSUPPORT for a long
 * header of a version tquic does not speak (then @h holds the version
 * and both connection IDs, for Version Negotiation).
 */
int tquic_hdr_parse(const u8 *buf, size_t len, u8 short_dcid_len,
		    struct tquic_hdr *h)
{
	memset(h, 0, sizeof(*h));
	if (!len)
		return -EINVAL;
	if (buf[0] & TQUIC_HDR_LONG)
		return tquic_long_parse(buf, len, h);

	if (short_dcid_len > TQUIC_CID_MAX ||
	    len < 1 + short_dcid_len + 1 + TQUIC_TAG_LEN)
		return -EINVAL;
	h->type = TQUIC_PKT_1RTT;
	h->greased = !(buf[0] & TQUIC_HDR_FIXED);
	h->dcid_len = short_dcid_len;
	memcpy(h->dcid, buf + 1, short_dcid_len);
	h->pn_off = 1 + short_dcid_len;
	h->len = len;
	return 0;
}

/**
 * tquic_vn_build - a Version Negotiation packet answering @h (RFC 9000,
 *	17.2.1)
 * @buf: output
 * @len: room in @buf
 * @h: the header we do not speak the version of
 * @rnd: random bits for the unused bits of the first byte and for a
 *	greased version (0x?a?a?a?a) listed with v2 and v1
 *
 * The connection IDs are the client's, swapped.
 * Return: bytes written, or -ENOSPC.
 */
int tquic_vn_build(u8 *buf, size_t len, const struct tquic_hdr *h, u32 rnd)
{
	size_t n = 1 + 4 + 1 + h->scid_len + 1 + h->dcid_len + 3 * 4;
	u8 *p = buf;

	if (len < n)
		return -ENOSPC;
	*p++ = TQUIC_HDR_LONG | (rnd & 0x7f);
	put_unaligned_be32(0, p);
	p += 4;
	*p++ = h->scid_len;
	memcpy(p, h->scid, h->scid_len);
	p += h->scid_len;
	*p++ = h->dcid_len;
	memcpy(p, h->dcid, h->dcid_len);
	p += h->dcid_len;
	put_unaligned_be32(TQUIC_VERSION_2, p);
	put_unaligned_be32(TQUIC_VERSION_1, p + 4);
	put_unaligned_be32((rnd & 0xf0f0f0f0) | 0x0a0a0a0a, p + 8);
	return n;
}

/**
 * tquic_pn_len - bytes to send packet number @pn in (RFC 9000, A.2)
 * @pn: full packet number
 * @largest_acked: largest packet number the peer acknowledged
 * @none_acked: nothing has been acknowledged yet
 *
 * Enough bits to represent more than twice the packets in flight.
 * Return: 1-4.
 */
unsigned int tquic_pn_len(u64 pn, u64 largest_acked, bool none_acked)
{
	u64 unacked = none_acked ? pn + 1 : pn - largest_acked;
	unsigned int n;

	for (n = 1; n < 4; n++)
		if (unacked < (1ULL << (8 * n - 1)))
			break;
	return n;
}

/**
 * tquic_pn_decode - recover a full packet number (RFC 9000, A.3)
 * @largest: largest packet number received in this space so far
 * @truncated: the value read from the header
 * @pn_len: its length in bytes, 1-4
 *
 * Return: the packet number closest to @largest + 1 with those low bits.
 */
u64 tquic_pn_decode(u64 largest, u64 truncated, unsigned int pn_len)
{
	u64 expected = largest + 1, win = 1ULL << (8 * pn_len);
	u64 hwin = win / 2, mask = win - 1;
	u64 cand = (expected & ~mask) | truncated;

	if (cand + hwin <= expected && cand < (1ULL << 62) - win)
		return cand + win;
	if (cand > expected + hwin && cand >= win)
		return cand - win;
	return cand;
}

/**
 * tquic_pn_put - write the low @pn_len bytes of @pn, big endian
 * @buf: output
 * @pn: packet number
 * @pn_len: 1-4
 *
 * Return: @pn_len, or -EINVAL for a bad length.
 */
int tquic_pn_put(u8 *buf, u64 pn, unsigned int pn_len)
{
	unsigned int i;

	if (pn_len < 1 || pn_len > 4)
		return -EINVAL;
	for (i = 0; i < pn_len; i++)
		buf[i] = pn >> (8 * (pn_len - 1 - i));
	return pn_len;
}

/**
 * tquic_pn_get - read a @pn_len-byte truncated packet number
 * @buf: input
 * @pn_len: 1-4
 */
u64 tquic_pn_get(const u8 *buf, unsigned int pn_len)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < pn_len; i++)
		v = (v << 8) | buf[i];
	return v;
}
