// SPDX-License-Identifier: GPL-2.0
/*
 * A forged peer for the selftests: 1-RTT packets a test builds itself,
 * protected with a made-up 1-RTT secret (lib/quic.c installs 32 bytes of
 * one value, AES-128-GCM and SHA-256), so the kernel takes them as the
 * peer's; and a server's Initial packets, under the Initial keys every
 * v1 endpoint derives from the client's Destination Connection ID.
 * SHA-256, HMAC, HKDF (RFC 5869; HKDF-Expand-Label, RFC 8446, 7.1),
 * AES-128 and GCM are spelt out here: the guest has no AF_ALG and the
 * tests no crypto library.  Slow and simple; the packets are few.
 */
#include <string.h>

#include "forge.h"
struct fq_sha {
	__u32 h[8];
	__u64 len;
	unsigned char buf[64];
};

static const __u32 fq_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static __u32 fq_ror(__u32 x, int n)
{
	return x >> n | x << (32 - n);
}

static void fq_sha_block(struct fq_sha *s, const unsigned char *p)
{
	__u32 w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (__u32)p[4 * i] << 24 | p[4 * i + 1] << 16 |
		       p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (fq_ror(w[i - 15], 7) ^ fq_ror(w[i - 15], 18) ^
			(w[i - 15] >> 3)) +
		       (fq_ror(w[i - 2], 17) ^ fq_ror(w[i - 2], 19) ^
			(w[i - 2] >> 10));
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (fq_ror(e, 6) ^ fq_ror(e, 11) ^ fq_ror(e, 25)) +
		     ((e & f) ^ (~e & g)) + fq_k[i] + w[i];
		t2 = (fq_ror(a, 2) ^ fq_ror(a, 13) ^ fq_ror(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void fq_sha_init(struct fq_sha *s)
{
	static const __u32 iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
}

static void fq_sha_add(struct fq_sha *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--) {
		s->buf[s->len++ % 64] = *p++;
		if (!(s->len % 64))
			fq_sha_block(s, s->buf);
	}
}

static void fq_sha_end(struct fq_sha *s, unsigned char *out)
{
	__u64 bits = s->len * 8;
	unsigned char b = 0x80;
	int i;

	fq_sha_add(s, &b, 1);
	b = 0;
	while (s->len % 64 != 56)
		fq_sha_add(s, &b, 1);
	for (i = 7; i >= 0; i--) {
		b = bits >> (8 * i);
		fq_sha_add(s, &b, 1);
	}
	for (i = 0; i < 32; i++)
		out[i] = s->h[i / 4] >> (24 - 8 * (i % 4));
}

/* HMAC-SHA256 with a key of at most 64 bytes */
static void fq_hmac(const unsigned char *key, size_t klen, const void *msg,
		    size_t len, unsigned char *out)
{
	unsigned char pad[64];
	struct fq_sha s;
	size_t i;

	for (i = 0; i < 64; i++)
		pad[i] = (i < klen ? key[i] : 0) ^ 0x36;
	fq_sha_init(&s);
	fq_sha_add(&s, pad, 64);
	fq_sha_add(&s, msg, len);
	fq_sha_end(&s, out);
	for (i = 0; i < 64; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	fq_sha_init(&s);
	fq_sha_add(&s, pad, 64);
	fq_sha_add(&s, out, 32);
	fq_sha_end(&s, out);
}

/* HKDF-Expand-Label(@secret, @label, "", @len), @len <= 32 */
static void fq_expand_label(const unsigned char *secret, const char *label,
			    unsigned char *out, size_t len)
{
	unsigned char info[64], t[32];
	size_t n = 0, l = strlen(label);

	info[n++] = 0;
	info[n++] = len;
	info[n++] = 6 + l;
	memcpy(info + n, "tls13 ", 6);
	n += 6;
	memcpy(info + n, label, l);
	n += l;
	info[n++] = 0;		/* empty context */
	info[n++] = 1;		/* T(1) */
	fq_hmac(secret, 32, info, n, t);
	memcpy(out, t, len);
}

/* AES-128 */
static unsigned char fq_sbox[256];

static unsigned char fq_xtime(unsigned char x)
{
	return (x << 1) ^ (x & 0x80 ? 0x1b : 0);
}

static void fq_sbox_init(void)
{
	unsigned char p = 1, q = 1, x;

	/* p runs over the group by 3, q over its inverses (by 3^-1) */
	do {
		p = p ^ fq_xtime(p);
		q ^= q << 1;
		q ^= q << 2;
		q ^= q << 4;
		if (q & 0x80)
			q ^= 0x09;
		x = q ^ (q << 1 | q >> 7) ^ (q << 2 | q >> 6) ^
		    (q << 3 | q >> 5) ^ (q << 4 | q >> 4);
		fq_sbox[p] = x ^ 0x63;
	} while (p != 1);
	fq_sbox[0] = 0x63;
}

static void fq_aes_key(struct fq_aes *a, const unsigned char *key)
{
	unsigned char rcon = 1, t[4];
	int i, j;

	if (!fq_sbox[0])
		fq_sbox_init();
	memcpy(a->rk, key, 16);
	for (i = 16; i < 176; i += 4) {
		memcpy(t, a->rk + i - 4, 4);
		if (!(i % 16)) {
			unsigned char u = t[0];

			t[0] = fq_sbox[t[1]] ^ rcon;
			t[1] = fq_sbox[t[2]];
			t[2] = fq_sbox[t[3]];
			t[3] = fq_sbox[u];
			rcon = fq_xtime(rcon);
		}
		for (j = 0; j < 4; j++)
			a->rk[i + j] = a->rk[i + j - 16] ^ t[j];
	}
}

static void fq_aes_block(const struct fq_aes *a, const unsigned char *in,
			 unsigned char *out)
{
	unsigned char s[16], t[16];
	int r, i, c;

	for (i = 0; i < 16; i++)
		s[i] = in[i] ^ a->rk[i];
	for (r = 1; r <= 10; r++) {
		/* SubBytes and ShiftRows */
		for (i = 0; i < 16; i++)
			t[i] = fq_sbox[s[(i + 4 * (i % 4)) % 16]];
		if (r < 10) {	/* MixColumns */
			for (c = 0; c < 4; c++) {
				unsigned char *v = t + 4 * c;
				unsigned char x = v[0] ^ v[1] ^ v[2] ^ v[3];
				unsigned char v0 = v[0];

				v[0] ^= x ^ fq_xtime(v[0] ^ v[1]);
				v[1] ^= x ^ fq_xtime(v[1] ^ v[2]);
				v[2] ^= x ^ fq_xtime(v[2] ^ v[3]);
				v[3] ^= x ^ fq_xtime(v[3] ^ v0);
			}
		}
		for (i = 0; i < 16; i++)
			s[i] = t[i] ^ a->rk[16 * r + i];
	}
	memcpy(out, s, 16);
}

/* GHASH: @x = (@x ^ @blk) * @h in GF(2^128) */
static void fq_ghash(unsigned char *x, const unsigned char *blk,
		     const unsigned char *h)
{
	unsigned char z[16] = { 0 }, v[16];
	int i, j, lsb;

	for (i = 0; i < 16; i++)
		x[i] ^= blk[i];
	memcpy(v, h, 16);
	for (i = 0; i < 128; i++) {
		if (x[i / 8] & (0x80 >> (i % 8)))
			for (j = 0; j < 16; j++)
				z[j] ^= v[j];
		lsb = v[15] & 1;
		for (j = 15; j > 0; j--)
			v[j] = v[j] >> 1 | v[j - 1] << 7;
		v[0] >>= 1;
		if (lsb)
			v[0] ^= 0xe1;
	}
	memcpy(x, z, 16);
}

static void fq_ghash_buf(unsigned char *x, const unsigned char *p, size_t len,
			 const unsigned char *h)
{
	unsigned char blk[16];
	size_t n;

	while (len) {
		n = len < 16 ? len : 16;
		memset(blk, 0, 16);
		memcpy(blk, p, n);
		fq_ghash(x, blk, h);
		p += n;
		len -= n;
	}
}

/* AES-128-GCM's counter mode: @len bytes at @p, from counter 2 */
static void fq_gcm_ctr(const struct fq_aes *a, const unsigned char *nonce,
		       unsigned char *p, size_t len)
{
	unsigned char ctr[16], ks[16];
	__u32 cnt = 2;
	size_t i;

	memcpy(ctr, nonce, 12);
	for (i = 0; i < len; i++) {
		if (!(i % 16)) {
			ctr[12] = cnt >> 24;
			ctr[13] = cnt >> 16;
			ctr[14] = cnt >> 8;
			ctr[15] = cnt++;
			fq_aes_block(a, ctr, ks);
		}
		p[i] ^= ks[i % 16];
	}
}

/* AES-128-GCM's tag of @aad and the ciphertext @c */
static void fq_gcm_tag(const struct fq_aes *a, const unsigned char *nonce,
		       const unsigned char *aad, size_t alen,
		       const unsigned char *c, size_t len, unsigned char *tag)
{
	unsigned char h[16] = { 0 }, ctr[16], ks[16], x[16] = { 0 }, l[16];
	int j;

	fq_aes_block(a, h, h);
	fq_ghash_buf(x, aad, alen, h);
	fq_ghash_buf(x, c, len, h);
	for (j = 0; j < 8; j++) {
		l[j] = (__u64)alen * 8 >> (56 - 8 * j);
		l[8 + j] = (__u64)len * 8 >> (56 - 8 * j);
	}
	fq_ghash(x, l, h);
	memcpy(ctr, nonce, 12);
	memset(ctr + 12, 0, 3);
	ctr[15] = 1;
	fq_aes_block(a, ctr, ks);
	for (j = 0; j < 16; j++)
		tag[j] = x[j] ^ ks[j];
}

/* AES-128-GCM: @p (@len bytes) sealed in place, the tag after it */
static void fq_gcm_seal(const struct fq_aes *a, const unsigned char *nonce,
			const unsigned char *aad, size_t alen,
			unsigned char *p, size_t len)
{
	fq_gcm_ctr(a, nonce, p, len);
	fq_gcm_tag(a, nonce, aad, alen, p, len, p + len);
}

/* ... and opened in place: 0, or -1 when the tag after it differs */
static int fq_gcm_open(const struct fq_aes *a, const unsigned char *nonce,
		       const unsigned char *aad, size_t alen,
		       unsigned char *p, size_t len)
{
	unsigned char tag[16];

	fq_gcm_tag(a, nonce, aad, alen, p, len, tag);
	if (memcmp(tag, p + len, 16))
		return -1;
	fq_gcm_ctr(a, nonce, p, len);
	return 0;
}

/* A direction's packet protection keys of its @secret (RFC 9001, 5.1) */
static void fq_keys_of(struct fq_keys *k, const unsigned char *secret)
{
	unsigned char key[16];

	fq_expand_label(secret, "quic key", key, 16);
	fq_aes_key(&k->key, key);
	fq_expand_label(secret, "quic iv", k->iv, 12);
	fq_expand_label(secret, "quic hp", key, 16);
	fq_aes_key(&k->hp, key);
}

void fq_keys_init(struct fq_keys *k, unsigned char fill)
{
	unsigned char secret[32];

	memset(secret, fill, sizeof(secret));
	fq_keys_of(k, secret);
}

/*
 * Seal the packet at @pkt (RFC 9001, 5.3-5.4): its header runs to the
 * packet number, @pn_len bytes at @pn_off, and its @plen bytes of frames
 * follow.  The header protection sample starts 4 bytes after the packet
 * number's first; it masks 4 low bits of a long header's first byte, 5
 * of a short one's.  Returns the packet's length.
 */
static size_t fq_protect(const struct fq_keys *k, unsigned char *pkt,
			 size_t pn_off, int pn_len, __u32 pn, size_t plen)
{
	size_t hdr = pn_off + pn_len;
	unsigned char nonce[12], mask[16];
	int i;

	memcpy(nonce, k->iv, 12);
	for (i = 0; i < 4; i++)
		nonce[8 + i] ^= pn >> (24 - 8 * i);
	fq_gcm_seal(&k->key, nonce, pkt, hdr, pkt + hdr, plen);
	fq_aes_block(&k->hp, pkt + pn_off + 4, mask);
	pkt[0] ^= mask[0] & (pkt[0] & 0x80 ? 0x0f : 0x1f);
	for (i = 0; i < pn_len; i++)
		pkt[pn_off + i] ^= mask[1 + i];
	return hdr + plen + FQ_TAG;
}

size_t fq_seal(const struct fq_keys *k, unsigned char *pkt,
	       const unsigned char *cid, __u32 pn, size_t plen)
{
	return fq_seal_bit(k, pkt, 1, cid, pn, plen);
}

size_t fq_seal_bit(const struct fq_keys *k, unsigned char *pkt, int quic_bit,
		   const unsigned char *cid, __u32 pn, size_t plen)
{
	int i;

	/* short header, key phase 0, 4-byte pn */
	pkt[0] = (quic_bit ? 0x40 : 0) | 0x03;
	memcpy(pkt + 1, cid, FQ_CID_LEN);
	for (i = 0; i < 4; i++)
		pkt[1 + FQ_CID_LEN + i] = pn >> (24 - 8 * i);
	return fq_protect(k, pkt, 1 + FQ_CID_LEN, 4, pn, plen);
}

/* A packet number from its @pn_len low bytes @trunc, the largest so far
 * being @largest (RFC 9000, A.3)
 */
static __u64 fq_pn_decode(__u64 largest, __u64 trunc, int pn_len)
{
	__u64 expected = largest + 1, win = 1ULL << (8 * pn_len);
	__u64 cand = (expected & ~(win - 1)) | trunc;

	if (cand + win / 2 <= expected && cand < (1ULL << 62) - win)
		return cand + win;
	if (cand > expected + win / 2 && cand >= win)
		return cand - win;
	return cand;
}

int fq_open(const struct fq_keys *k, unsigned char *pkt, size_t len,
	    __u64 largest, size_t *hdr, __u64 *pn)
{
	size_t pn_off = 1 + FQ_CID_LEN;
	unsigned char nonce[12], mask[16];
	__u64 trunc = 0;
	int i, pn_len;

	if ((pkt[0] & 0xc0) != 0x40 || len < pn_off + 4 + 16 + FQ_TAG)
		return -1;
	fq_aes_block(&k->hp, pkt + pn_off + 4, mask);
	pkt[0] ^= mask[0] & 0x1f;
	pn_len = (pkt[0] & 3) + 1;
	for (i = 0; i < pn_len; i++) {
		pkt[pn_off + i] ^= mask[1 + i];
		trunc = trunc << 8 | pkt[pn_off + i];
	}
	*pn = fq_pn_decode(largest, trunc, pn_len);
	*hdr = pn_off + pn_len;
	memcpy(nonce, k->iv, 12);
	for (i = 0; i < 8; i++)
		nonce[4 + i] ^= *pn >> (56 - 8 * i);
	if (fq_gcm_open(&k->key, nonce, pkt, *hdr, pkt + *hdr,
			len - *hdr - FQ_TAG))
		return -1;
	return len - *hdr - FQ_TAG;
}

/* RFC 9001, 5.2 */
static const unsigned char fq_initial_salt[20] = {
	0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
	0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
};

void fq_initial_keys(struct fq_keys *k, const struct fq_cid *odcid,
		     int server)
{
	unsigned char initial[32], secret[32];

	/* HKDF-Extract(salt, DCID) is HMAC(salt, DCID) */
	fq_hmac(fq_initial_salt, sizeof(fq_initial_salt), odcid->id,
		odcid->len, initial);
	fq_expand_label(initial, server ? "server in" : "client in", secret,
			32);
	fq_keys_of(k, secret);
}

int fq_parse_long(const unsigned char *pkt, size_t len, struct fq_cid *dcid,
		  struct fq_cid *scid)
{
	size_t off = 6;

	if (len < 7 || !(pkt[0] & 0x80) || pkt[5] > FQ_CID_MAX)
		return -1;
	dcid->len = pkt[5];
	if (off + dcid->len + 1 > len)
		return -1;
	memcpy(dcid->id, pkt + off, dcid->len);
	off += dcid->len;
	scid->len = pkt[off++];
	if (scid->len > FQ_CID_MAX || off + scid->len > len)
		return -1;
	memcpy(scid->id, pkt + off, scid->len);
	return 0;
}

size_t fq_seal_initial(const struct fq_keys *k, unsigned char *pkt,
		       const struct fq_cid *dcid, const struct fq_cid *scid,
		       __u32 pn, int pn_len, const unsigned char *frames,
		       size_t plen)
{
	return fq_seal_initial_token(k, pkt, 1, dcid, scid, NULL, 0, pn,
				     pn_len, frames, plen);
}

size_t fq_seal_initial_token(const struct fq_keys *k, unsigned char *pkt,
			     int quic_bit, const struct fq_cid *dcid,
			     const struct fq_cid *scid,
			     const unsigned char *token, size_t token_len,
			     __u32 pn, int pn_len,
			     const unsigned char *frames, size_t plen)
{
	size_t n = 0, pn_off, len = pn_len + plen + FQ_TAG;
	int i;

	/* Initial (type 0) */
	pkt[n++] = 0x80 | (quic_bit ? 0x40 : 0) | (pn_len - 1);
	pkt[n++] = 0;			/* version 1 */
	pkt[n++] = 0;
	pkt[n++] = 0;
	pkt[n++] = 1;
	pkt[n++] = dcid->len;
	memcpy(pkt + n, dcid->id, dcid->len);
	n += dcid->len;
	pkt[n++] = scid->len;
	memcpy(pkt + n, scid->id, scid->len);
	n += scid->len;
	if (token_len >= 64)			/* a 2-byte varint */
		pkt[n++] = 0x40 | token_len >> 8;
	pkt[n++] = token_len & 0xff;
	if (token_len)
		memcpy(pkt + n, token, token_len);
	n += token_len;
	pkt[n++] = 0x40 | len >> 8;	/* Length, a 2-byte varint */
	pkt[n++] = len & 0xff;
	pn_off = n;
	for (i = 0; i < pn_len; i++)
		pkt[n++] = pn >> (8 * (pn_len - 1 - i));
	memcpy(pkt + n, frames, plen);
	return fq_protect(k, pkt, pn_off, pn_len, pn, plen);
}
