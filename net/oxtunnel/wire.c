// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the OxTunnel header and batch codec.  Pure functions over
 * byte buffers; every read is bounds-checked first.  Errors:
 *   -ENODATA	 truncated (shorter than what must be there)
 *   -EPROTO	 wrong magic
 *   -EBADMSG	 a length field disagrees with the bytes present
 *   -EOPNOTSUPP unknown flag bits, or a feature this end does not do
 *   -ERANGE	 a count out of range
 */
#include <linux/errno.h>

#include "compat.h"
#include "wire.h"
#include "oxtunnel.h"

/**
 * oxt_hdr_put - write a 9-byte OxTunnel header
 * @buf: at least OXT_HDR_LEN bytes
 * @h: the header
 */
void oxt_hdr_put(u8 *buf, const struct oxt_hdr *h)
{
	put_unaligned_be16(OXT_MAGIC, buf);
	buf[2] = h->flags;
	put_unaligned_be32(h->seq, buf + 3);
	put_unaligned_be16(h->len, buf + 7);
}

/**
 * oxt_hdr_get - decode and check the header of a datagram
 * @buf: the UDP payload
 * @buflen: its length
 * @h: the decoded header
 *
 * The payload length must account for exactly the bytes after the header,
 * or be 0 in a header shared by segments (OXT_F_SHARED), which marks a
 * clear data packet: never encrypted, compressed, a batch or control.
 *
 * Return: 0, or -ENODATA, -EPROTO, -EBADMSG, -EOPNOTSUPP.
 */
int oxt_hdr_get(const u8 *buf, size_t buflen, struct oxt_hdr *h)
{
	if (buflen < OXT_HDR_LEN)
		return -ENODATA;
	if (get_unaligned_be16(buf) != OXT_MAGIC)
		return -EPROTO;
	h->flags = buf[2];
	h->seq = get_unaligned_be32(buf + 3);
	h->len = get_unaligned_be16(buf + 7);
	if (h->flags & OXT_F_SHARED) {
		if (h->len)
			return -EBADMSG;
		if (h->flags & (OXT_F_ENCRYPTED | OXT_F_COMPRESSED |
				OXT_F_BATCH | OXT_F_CONTROL))
			return -EOPNOTSUPP;
	} else if (h->len != buflen - OXT_HDR_LEN) {
		return -EBADMSG;
	}
	if (h->flags & ~OXT_F_KNOWN)
		return -EOPNOTSUPP;
	return 0;
}

/**
 * oxt_batch_begin - start walking a batch body
 * @it: iterator
 * @body: count (be16), then per packet a be16 length and the packet
 * @len: body length
 *
 * Return: 0, -ENODATA if the count is missing, -ERANGE if the count is 0
 * or over OXT_BATCH_MAX.
 */
int oxt_batch_begin(struct oxt_batch_iter *it, const u8 *body, size_t len)
{
	if (len < OXT_BATCH_HDR_LEN)
		return -ENODATA;
	it->body = body;
	it->len = len;
	it->count = get_unaligned_be16(body);
	it->idx = 0;
	it->off = OXT_BATCH_HDR_LEN;
	if (!it->count || it->count > OXT_BATCH_MAX)
		return -ERANGE;
	return 0;
}

/**
 * oxt_batch_next - the next inner packet
 * @it: iterator
 * @off: offset of the packet in the body
 * @len: its length
 *
 * Return: 1 with @off/@len set, 0 after the last packet when the body
 * ends exactly there, -ENODATA if an entry runs past the body, -EBADMSG
 * for an empty entry or bytes left over after the last one.
 */
int oxt_batch_next(struct oxt_batch_iter *it, size_t *off, size_t *len)
{
	size_t n;

	if (it->idx == it->count)
		return it->off == it->len ? 0 : -EBADMSG;
	if (it->len - it->off < OXT_BATCH_ENT_LEN)
		return -ENODATA;
	n = get_unaligned_be16(it->body + it->off);
	if (!n)
		return -EBADMSG;
	if (it->len - it->off - OXT_BATCH_ENT_LEN < n)
		return -ENODATA;
	*off = it->off + OXT_BATCH_ENT_LEN;
	*len = n;
	it->off += OXT_BATCH_ENT_LEN + n;
	it->idx++;
	return 1;
}

/**
 * oxt_batch_size - body length of a batch of packets
 * @lens: packet lengths
 * @count: number of packets
 */
size_t oxt_batch_size(const size_t *lens, unsigned int count)
{
	size_t sz = OXT_BATCH_HDR_LEN;
	unsigned int i;

	for (i = 0; i < count; i++)
		sz += OXT_BATCH_ENT_LEN + lens[i];
	return sz;
}

/**
 * oxt_batch_put_count - write the packet count of a batch body
 * @body: the body
 * @len: its size
 * @count: 1..OXT_BATCH_MAX
 *
 * Return: 0, -ENODATA or -ERANGE.
 */
int oxt_batch_put_count(u8 *body, size_t len, unsigned int count)
{
	if (len < OXT_BATCH_HDR_LEN)
		return -ENODATA;
	if (!count || count > OXT_BATCH_MAX)
		return -ERANGE;
	put_unaligned_be16(count, body);
	return 0;
}

/**
 * oxt_batch_put_entry - write one entry's length; the caller copies the
 * packet to @body + *@off + OXT_BATCH_ENT_LEN
 * @body: the body
 * @bodylen: its size
 * @off: in: where the entry goes; out: where the next one goes
 * @pktlen: the packet's length, 1..65535
 *
 * Return: 0, -ENODATA if it does not fit, -ERANGE for a bad length.
 */
int oxt_batch_put_entry(u8 *body, size_t bodylen, size_t *off,
			size_t pktlen)
{
	if (!pktlen || pktlen > U16_MAX)
		return -ERANGE;
	if (*off > bodylen || bodylen - *off < OXT_BATCH_ENT_LEN + pktlen)
		return -ENODATA;
	put_unaligned_be16(pktlen, body + *off);
	*off += OXT_BATCH_ENT_LEN + pktlen;
	return 0;
}
