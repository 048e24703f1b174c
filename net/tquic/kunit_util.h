/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: helpers shared by the KUnit suites.
 */
#ifndef _TQUIC_KUNIT_UTIL_H
#define _TQUIC_KUNIT_UTIL_H

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

/* A hex vector in pieces (checkpatch keeps lines short), NULL-terminated. */
#define TQUIC_HEXV(...) ((const char * const[]){ __VA_ARGS__, NULL })

/**
 * tquic_kunit_hexv() - decode a hex vector given in pieces
 * @test: the test owning the allocation
 * @parts: NULL-terminated hex pieces, see TQUIC_HEXV()
 * @room: minimum size of the zeroed heap buffer (heap so it can back a
 *	scatterlist)
 * @len: gets the decoded length when not NULL
 *
 * Return: the buffer; the test fails and aborts on bad hex.
 */
static inline u8 *tquic_kunit_hexv(struct kunit *test,
				   const char * const *parts, size_t room,
				   size_t *len)
{
	size_t n = 0, off = 0, m;
	unsigned int i;
	u8 *buf;

	for (i = 0; parts[i]; i++)
		n += strlen(parts[i]) / 2;
	buf = kunit_kzalloc(test, max(n, room) + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; parts[i]; i++) {
		m = strlen(parts[i]) / 2;
		KUNIT_ASSERT_EQ(test, hex2bin(buf + off, parts[i], m), 0);
		off += m;
	}
	if (len)
		*len = n;
	return buf;
}

#define tquic_kunit_hex(test, hex, room, len) \
	tquic_kunit_hexv(test, TQUIC_HEXV(hex), room, len)

#define TQUIC_EXPECT_MEMEQ(test, a, b, n) \
	KUNIT_EXPECT_EQ(test, memcmp((a), (b), (n)), 0)

/**
 * struct tquic_kunit_bad_frame - a frame the decoder must refuse
 * @hex: its bytes
 * @pkt: the packet type (enum tquic_pkt_type) it comes in
 * @err: the transport error it must be refused with
 * @why: what is wrong with it
 */
struct tquic_kunit_bad_frame {
	const char *hex;
	u8 pkt;
	u64 err;
	const char *why;
};

/* Each of @bad refused with its error (kunit_frame.c). */
void tquic_kunit_frames_refused(struct kunit *test,
				const struct tquic_kunit_bad_frame *bad,
				unsigned int n);

#endif /* _TQUIC_KUNIT_UTIL_H */
