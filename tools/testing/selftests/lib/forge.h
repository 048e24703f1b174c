/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A forged peer for the selftests: 1-RTT short header packets sealed
 * with a made-up secret's keys, and a server's Initial packets (forge.c).
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
/* ... with the QUIC bit (0x40) @quic_bit (RFC 9287 lets it be 0) */
size_t fq_seal_bit(const struct fq_keys *k, unsigned char *pkt, int quic_bit,
		   const unsigned char *cid, __u32 pn, size_t plen);

/*
 * Open the short header packet of @len bytes at @pkt, to an ID of
 * FQ_CID_LEN bytes, in place; @largest is the highest packet number its
 * sender used so far, or near it (it decodes the truncated one).
 * Returns the length of its frames, which start at @pkt + *@hdr, with
 * its packet number in *@pn; or -1 when it does not authenticate.
 */
int fq_open(const struct fq_keys *k, unsigned char *pkt, size_t len,
	    __u64 largest, size_t *hdr, __u64 *pn);

/* A connection ID as a long header carries it */
#define FQ_CID_MAX	20
struct fq_cid {
	unsigned char len;
	unsigned char id[FQ_CID_MAX];
};

/*
 * The v1 Initial keys (RFC 9001, 5.2) of a connection whose client's
 * first Initial went to @odcid: the server's (@server) or the client's.
 */
void fq_initial_keys(struct fq_keys *k, const struct fq_cid *odcid,
		     int server);

/* The connection IDs of the long header packet at @pkt: 0, or -1. */
int fq_parse_long(const unsigned char *pkt, size_t len, struct fq_cid *dcid,
		  struct fq_cid *scid);

/*
 * A protected v1 Initial packet (no token) to @dcid from @scid, number
 * @pn in @pn_len bytes (1 to 4), carrying the @plen bytes of frames at
 * @frames (not inside @pkt), at least 4 - @pn_len of them for the
 * header protection sample.  Returns its length: the header, @plen
 * and FQ_TAG.
 */
size_t fq_seal_initial(const struct fq_keys *k, unsigned char *pkt,
		       const struct fq_cid *dcid, const struct fq_cid *scid,
		       __u32 pn, int pn_len, const unsigned char *frames,
		       size_t plen);
/*
 * The same with the QUIC bit (0x40) @quic_bit and the @token_len bytes
 * of @token (at most 16383): the header grows by those and, for a
 * token of 64 bytes or more, a byte of its length.
 */
size_t fq_seal_initial_token(const struct fq_keys *k, unsigned char *pkt,
			     int quic_bit, const struct fq_cid *dcid,
			     const struct fq_cid *scid,
			     const unsigned char *token, size_t token_len,
			     __u32 pn, int pn_len,
			     const unsigned char *frames, size_t plen);

#endif /* _SELFTEST_FORGE_H */
