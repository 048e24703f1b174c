/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OxTunnel header as the XDP programs see it (network byte order).
 * Documentation/networking/oxtunnel.rst is the specification.
 */
#ifndef _OXT_BPF_WIRE_H
#define _OXT_BPF_WIRE_H

#define OXT_MAGIC	0x4F58	/* "OX" */
#define OXT_HDR_LEN	9
#define OXT_F_SHARED	0x20	/* header shared by segments: length 0 */
#define OXT_F_KNOWN	0x3f

/* magic (2), flags (1), sequence (4), payload length (2) */
struct oxt_hdr {
	__be16 magic;
	__u8 flags;
	__be32 seq;
	__be16 len;
} __attribute__((packed));

#endif /* _OXT_BPF_WIRE_H */
