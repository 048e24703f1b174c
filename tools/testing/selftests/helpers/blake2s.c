// SPDX-License-Identifier: GPL-2.0
/*
 * BLAKE2s (RFC 7693), keyed or not, for the test helpers: the guest has
 * no library that offers it, and a handshake-flood test must compute the
 * mac1 an OxTunnel responder checks.
 */
#include <string.h>

#include "blake2s.h"

static const uint32_t b2s_iv[8] = {
	0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
	0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
};

static const uint8_t b2s_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

static uint32_t ror32(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

#define G(a, b, c, d, x, y) do {			\
	v[a] = v[a] + v[b] + (x);			\
	v[d] = ror32(v[d] ^ v[a], 16);			\
	v[c] = v[c] + v[d];				\
	v[b] = ror32(v[b] ^ v[c], 12);			\
	v[a] = v[a] + v[b] + (y);			\
	v[d] = ror32(v[d] ^ v[a], 8);			\
	v[c] = v[c] + v[d];				\
	v[b] = ror32(v[b] ^ v[c], 7);			\
} while (0)

static void b2s_compress(struct b2s *s, const uint8_t *block, int last)
{
	uint32_t v[16], m[16];
	int i;

	for (i = 0; i < 16; i++)
		m[i] = get_le32(block + 4 * i);
	for (i = 0; i < 8; i++) {
		v[i] = s->h[i];
		v[i + 8] = b2s_iv[i];
	}
	v[12] ^= (uint32_t)s->t;
	v[13] ^= (uint32_t)(s->t >> 32);
	if (last)
		v[14] = ~v[14];
	for (i = 0; i < 10; i++) {
		const uint8_t *sg = b2s_sigma[i];

		G(0, 4, 8, 12, m[sg[0]], m[sg[1]]);
		G(1, 5, 9, 13, m[sg[2]], m[sg[3]]);
		G(2, 6, 10, 14, m[sg[4]], m[sg[5]]);
		G(3, 7, 11, 15, m[sg[6]], m[sg[7]]);
		G(0, 5, 10, 15, m[sg[8]], m[sg[9]]);
		G(1, 6, 11, 12, m[sg[10]], m[sg[11]]);
		G(2, 7, 8, 13, m[sg[12]], m[sg[13]]);
		G(3, 4, 9, 14, m[sg[14]], m[sg[15]]);
	}
	for (i = 0; i < 8; i++)
		s->h[i] ^= v[i] ^ v[i + 8];
}

void b2s_init(struct b2s *s, size_t outlen, const void *key, size_t keylen)
{
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < 8; i++)
		s->h[i] = b2s_iv[i];
	s->h[0] ^= 0x01010000 ^ (uint32_t)(keylen << 8) ^ (uint32_t)outlen;
	s->outlen = outlen;
	if (keylen) {
		uint8_t block[B2S_BLOCK] = { 0 };

		memcpy(block, key, keylen);
		b2s_update(s, block, B2S_BLOCK);
	}
}

void b2s_update(struct b2s *s, const void *in, size_t len)
{
	const uint8_t *p = in;

	while (len) {
		size_t n;

		/* The last block is compressed by b2s_final(). */
		if (s->buflen == B2S_BLOCK) {
			s->t += B2S_BLOCK;
			b2s_compress(s, s->buf, 0);
			s->buflen = 0;
		}
		n = B2S_BLOCK - s->buflen;
		if (n > len)
			n = len;
		memcpy(s->buf + s->buflen, p, n);
		s->buflen += n;
		p += n;
		len -= n;
	}
}

void b2s_final(struct b2s *s, uint8_t *out)
{
	uint8_t full[32];
	int i;

	s->t += s->buflen;
	memset(s->buf + s->buflen, 0, B2S_BLOCK - s->buflen);
	b2s_compress(s, s->buf, 1);
	for (i = 0; i < 8; i++) {
		full[4 * i] = s->h[i];
		full[4 * i + 1] = s->h[i] >> 8;
		full[4 * i + 2] = s->h[i] >> 16;
		full[4 * i + 3] = s->h[i] >> 24;
	}
	memcpy(out, full, s->outlen);
}

void b2s(uint8_t *out, size_t outlen, const void *key, size_t keylen,
	 const void *in, size_t len)
{
	struct b2s s;

	b2s_init(&s, outlen, key, keylen);
	b2s_update(&s, in, len);
	b2s_final(&s, out);
}
