// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: QUIC variable-length integer encoding (RFC 9000, section 16).
 *
 * The two high bits of the first byte give the length (1, 2, 4 or 8
 * bytes); the rest is the value in network byte order.
 */
#include <linux/errno.h>
#include <linux/log2.h>

#include "tquic.h"

/**
 * tquic_varint_len - bytes needed to encode @v, 0 if it is out of range
 * @v: value
 */
unsigned int tquic_varint_len(u64 v)
{
	if (v < (1ULL << 6))
		return 1;
	if (v < (1ULL << 14))
		return 2;
	if (v < (1ULL << 30))
		return 4;
	if (v <= TQUIC_VARINT_MAX)
		return 8;
	return 0;
}

/**
 * tquic_varint_encode - write @v in its shortest form
 * @buf: output
 * @len: room in @buf
 * @v: value, at most 2^62 - 1
 *
 * Return: bytes written, -ERANGE for a value too large, -ENOSPC when @buf
 * is too short.
 */
int tquic_varint_encode(u8 *buf, size_t len, u64 v)
{
	unsigned int n = tquic_varint_len(v), i;

	if (!n)
		return -ERANGE;
	if (len < n)
		return -ENOSPC;
	for (i = n; i > 0; i--) {
		buf[i - 1] = v & 0xff;
		v >>= 8;
	}
	buf[0] |= (u8)(ilog2(n) << 6);
	return n;
}

/**
 * tquic_varint_decode - read one varint
 * @buf: input
 * @len: bytes available in @buf
 * @v: the value read
 *
 * Return: bytes consumed, or -EINVAL when @buf is empty or truncated.
 */
int tquic_varint_decode(const u8 *buf, size_t len, u64 *v)
{
	unsigned int n, i;
	u64 val;

	if (!len)
		return -EINVAL;
	n = 1U << (buf[0] >> 6);
	if (len < n)
		return -EINVAL;
	val = buf[0] & 0x3f;
	for (i = 1; i < n; i++)
		val = (val << 8) | buf[i];
	*v = val;
	return n;
}
