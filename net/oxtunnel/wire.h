/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxtunnel: the OxTunnel wire format - header and batch codec.
 * Documentation/networking/oxtunnel.rst is the specification.
 */
#ifndef _OXT_WIRE_H
#define _OXT_WIRE_H

#include <linux/types.h>

#define OXT_MAGIC		0x4F58	/* "OX" */

/* Header flags. */
#define OXT_F_ENCRYPTED		0x01
#define OXT_F_COMPRESSED	0x02
#define OXT_F_BATCH		0x04
#define OXT_F_CONTROL		0x08
#define OXT_F_IPV6		0x10
/* A clear session packet whose header its segments share (a GSO
 * super-packet, whole or cut up on the way): length 0 = to the end.
 */
#define OXT_F_SHARED		0x20
#define OXT_F_KNOWN		(OXT_F_ENCRYPTED | OXT_F_COMPRESSED | \
				 OXT_F_BATCH | OXT_F_CONTROL | OXT_F_IPV6 | \
				 OXT_F_SHARED)

/* Control message types (first byte of a control body). */
#define OXT_CTRL_HANDSHAKE_INIT		0x01
#define OXT_CTRL_HANDSHAKE_RESPONSE	0x02
#define OXT_CTRL_KEEPALIVE		0x03
#define OXT_CTRL_DISCONNECT		0x04
#define OXT_CTRL_ACK			0x05
#define OXT_CTRL_CONFIG_UPDATE		0x06
#define OXT_CTRL_COOKIE_REPLY		0x07

/* Most inner packets one batch carries. */
#define OXT_BATCH_MAX		64
/* Batch body: count (2), then per packet length (2) + packet. */
#define OXT_BATCH_HDR_LEN	2
#define OXT_BATCH_ENT_LEN	2

/**
 * struct oxt_hdr - a decoded OxTunnel header
 * @flags: OXT_F_* bits
 * @seq: sequence number
 * @len: payload length: the bytes that follow the 9-byte header (0 with
 *	OXT_F_SHARED: all the rest of the datagram)
 */
struct oxt_hdr {
	u8 flags;
	u32 seq;
	u16 len;
};

void oxt_hdr_put(u8 *buf, const struct oxt_hdr *h);
int oxt_hdr_get(const u8 *buf, size_t buflen, struct oxt_hdr *h);

/**
 * struct oxt_batch_iter - walks the inner packets of a batch body
 * @body: the batch body (count, then entries)
 * @len: its length
 * @count: number of packets the body announces
 * @idx: packets returned so far
 * @off: offset of the next entry
 */
struct oxt_batch_iter {
	const u8 *body;
	size_t len;
	unsigned int count;
	unsigned int idx;
	size_t off;
};

int oxt_batch_begin(struct oxt_batch_iter *it, const u8 *body, size_t len);
int oxt_batch_next(struct oxt_batch_iter *it, size_t *off, size_t *len);
size_t oxt_batch_size(const size_t *lens, unsigned int count);
int oxt_batch_put_count(u8 *body, size_t len, unsigned int count);
int oxt_batch_put_entry(u8 *body, size_t bodylen, size_t *off,
			size_t pktlen);

#endif /* _OXT_WIRE_H */
