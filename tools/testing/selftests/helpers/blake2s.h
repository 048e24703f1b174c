/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TQUIC_TEST_BLAKE2S_H
#define _TQUIC_TEST_BLAKE2S_H

#include <stddef.h>
#include <stdint.h>

#define B2S_BLOCK	64

struct b2s {
	uint32_t h[8];
	uint64_t t;
	uint8_t buf[B2S_BLOCK];
	size_t buflen;
	size_t outlen;
};

void b2s_init(struct b2s *s, size_t outlen, const void *key, size_t keylen);
void b2s_update(struct b2s *s, const void *in, size_t len);
void b2s_final(struct b2s *s, uint8_t *out);
void b2s(uint8_t *out, size_t outlen, const void *key, size_t keylen,
	 const void *in, size_t len);

#endif /* _TQUIC_TEST_BLAKE2S_H */
