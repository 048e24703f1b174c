/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A forged peer for the selftests: 1-RTT short header packets sealed
 * with a made-up secret's keys (forge.c).
 */
#ifndef _SELFTEST_FORGE_H
#define _SELFTEST_FORGE_H

#include <linux/types.h>
#include <stddef.h>

struct fq_aes {
	unsigned char rk[176];
};

/* One direction's 1-RTT keys (AES-128-GCM), as its receiver derives them */
struct fq_keys {
	struct fq_aes key, hp;
	unsigned char iv[12];
};

/* The 1-RTT keys of a secret of 32 bytes of @fill (SHA-256) */
void fq_keys_init(struct fq_keys *k, unsigned char fill);

/*
 * A protected short header packet to @cid, number @pn (4 bytes on the
 * wire), carrying the @plen bytes of frames at @pkt + FQ_HDR.  Returns
 * its length.
 */
#define FQ_CID_LEN	8	/* tquic's connection IDs */
#define FQ_HDR		(1 + FQ_CID_LEN + 4)
#define FQ_TAG		16

size_t fq_seal(const struct fq_keys *k, unsigned char *pkt,
	       const unsigned char *cid, __u32 pn, size_t plen);

#endif /* _SELFTEST_FORGE_H */
