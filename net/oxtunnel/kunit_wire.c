// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the OxTunnel header and batch codec: round trips and
 * every malformed case the receive path must refuse.
 */
#include <kunit/test.h>

#include "wire.h"
#include "oxtunnel.h"

static void wire_hdr_roundtrip(struct kunit *test)
{
	static const u8 want[OXT_HDR_LEN + 4] = {
		0x4f, 0x58, 0x11, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x04,
		1, 2, 3, 4,
	};
	struct oxt_hdr h = {
		.flags = OXT_F_ENCRYPTED | OXT_F_IPV6,
		.seq = 0xdeadbeef,
		.len = 4,
	};
	struct oxt_hdr got;
	u8 buf[OXT_HDR_LEN + 4] = { [9] = 1, 2, 3, 4 };

	oxt_hdr_put(buf, &h);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, sizeof(want)), 0);
	KUNIT_ASSERT_EQ(test, oxt_hdr_get(buf, sizeof(buf), &got), 0);
	KUNIT_EXPECT_EQ(test, got.flags, h.flags);
	KUNIT_EXPECT_EQ(test, got.seq, h.seq);
	KUNIT_EXPECT_EQ(test, got.len, h.len);

	/* Header only, every flag known, largest sequence number. */
	h.flags = OXT_F_KNOWN & ~OXT_F_SHARED;
	h.seq = U32_MAX;
	h.len = 0;
	oxt_hdr_put(buf, &h);
	KUNIT_ASSERT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN, &got), 0);
	KUNIT_EXPECT_EQ(test, got.seq, U32_MAX);
	KUNIT_EXPECT_EQ(test, got.flags, (u8)(OXT_F_KNOWN & ~OXT_F_SHARED));
}

/* A shared header (GSO super-packet): length 0 stands for the rest of
 * the datagram, whatever its size; only on clear data packets.
 */
static void wire_hdr_shared(struct kunit *test)
{
	static const u8 bad[] = { OXT_F_ENCRYPTED, OXT_F_COMPRESSED,
				  OXT_F_BATCH, OXT_F_CONTROL };
	struct oxt_hdr h = { .flags = OXT_F_SHARED | OXT_F_IPV6, .seq = 9 };
	struct oxt_hdr got;
	u8 buf[OXT_HDR_LEN + 1400] = {};
	size_t i;

	oxt_hdr_put(buf, &h);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "\x4f\x58\x30\0\0\0\x09\0\0", 9),
			0);
	for (i = OXT_HDR_LEN; i <= sizeof(buf); i += 175) {
		KUNIT_ASSERT_EQ(test, oxt_hdr_get(buf, i, &got), 0);
		KUNIT_EXPECT_EQ(test, got.flags, h.flags);
		KUNIT_EXPECT_EQ(test, got.seq, 9);
		KUNIT_EXPECT_EQ(test, got.len, 0);
	}
	/* A length, even the right one, is refused in a shared header. */
	h.len = 1400;
	oxt_hdr_put(buf, &h);
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, sizeof(buf), &got), -EBADMSG);
	h.len = 0;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		h.flags = OXT_F_SHARED | bad[i];
		oxt_hdr_put(buf, &h);
		KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, sizeof(buf), &got),
				-EOPNOTSUPP);
	}
	/* Truncated. */
	h.flags = OXT_F_SHARED;
	oxt_hdr_put(buf, &h);
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN - 1, &got),
			-ENODATA);
}

static void wire_hdr_malformed(struct kunit *test)
{
	struct oxt_hdr h = { .flags = 0, .seq = 7, .len = 4 };
	struct oxt_hdr got;
	u8 buf[OXT_HDR_LEN + 8] = {};
	size_t i;

	oxt_hdr_put(buf, &h);
	/* Truncated: every length below the header. */
	for (i = 0; i < OXT_HDR_LEN; i++)
		KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, i, &got), -ENODATA);
	/* Length field says 4: one byte short, one byte over, far over. */
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 3, &got),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 5, &got),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 8, &got),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 4, &got), 0);
	/* Oversized length field. */
	buf[7] = 0xff;
	buf[8] = 0xff;
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 4, &got),
			-EBADMSG);
	oxt_hdr_put(buf, &h);
	/* Wrong magic, in either byte; WireGuard's first bytes. */
	buf[0] = 0x4e;
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 4, &got),
			-EPROTO);
	buf[0] = 0x4f;
	buf[1] = 0x59;
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 4, &got),
			-EPROTO);
	buf[0] = 0x04;
	buf[1] = 0x00;
	KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 4, &got),
			-EPROTO);
	/* Unknown flag bits (a future version). */
	oxt_hdr_put(buf, &h);
	for (i = 6; i < 8; i++) {
		buf[2] = BIT(i);
		KUNIT_EXPECT_EQ(test, oxt_hdr_get(buf, OXT_HDR_LEN + 4, &got),
				-EOPNOTSUPP);
	}
}

static void wire_batch_roundtrip(struct kunit *test)
{
	static const size_t lens[3] = { 20, 1, 1400 };
	struct oxt_batch_iter it;
	size_t sz, off = OXT_BATCH_HDR_LEN, o, l;
	unsigned int i;
	u8 *body;

	sz = oxt_batch_size(lens, 3);
	KUNIT_EXPECT_EQ(test, sz, (size_t)(2 + 3 * 2 + 20 + 1 + 1400));
	body = kunit_kzalloc(test, sz, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, body);
	KUNIT_ASSERT_EQ(test, oxt_batch_put_count(body, sz, 3), 0);
	for (i = 0; i < 3; i++) {
		memset(body + off + OXT_BATCH_ENT_LEN, 'a' + i, lens[i]);
		KUNIT_ASSERT_EQ(test, oxt_batch_put_entry(body, sz, &off,
							  lens[i]), 0);
	}
	KUNIT_EXPECT_EQ(test, off, sz);
	/* No room for a fourth. */
	KUNIT_EXPECT_EQ(test, oxt_batch_put_entry(body, sz, &off, 1),
			-ENODATA);

	KUNIT_ASSERT_EQ(test, oxt_batch_begin(&it, body, sz), 0);
	KUNIT_EXPECT_EQ(test, it.count, 3U);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, oxt_batch_next(&it, &o, &l), 1);
		KUNIT_EXPECT_EQ(test, l, lens[i]);
		KUNIT_EXPECT_EQ(test, body[o], (u8)('a' + i));
		KUNIT_EXPECT_EQ(test, body[o + l - 1], (u8)('a' + i));
	}
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), 0);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), 0);
}

static void wire_batch_malformed(struct kunit *test)
{
	struct oxt_batch_iter it;
	size_t o, l, off;
	u8 b[16] = {};

	/* Missing count. */
	KUNIT_EXPECT_EQ(test, oxt_batch_begin(&it, b, 0), -ENODATA);
	KUNIT_EXPECT_EQ(test, oxt_batch_begin(&it, b, 1), -ENODATA);
	/* Count 0 and over the maximum. */
	KUNIT_EXPECT_EQ(test, oxt_batch_begin(&it, b, 2), -ERANGE);
	b[1] = OXT_BATCH_MAX + 1;
	KUNIT_EXPECT_EQ(test, oxt_batch_begin(&it, b, sizeof(b)), -ERANGE);
	b[0] = 0xff;
	b[1] = 0xff;
	KUNIT_EXPECT_EQ(test, oxt_batch_begin(&it, b, sizeof(b)), -ERANGE);
	KUNIT_EXPECT_EQ(test, oxt_batch_put_count(b, 2, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, oxt_batch_put_count(b, 2, OXT_BATCH_MAX + 1),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, oxt_batch_put_count(b, 1, 1), -ENODATA);

	/* Two announced, one present. */
	memset(b, 0, sizeof(b));
	b[1] = 2;
	b[3] = 3;
	KUNIT_ASSERT_EQ(test, oxt_batch_begin(&it, b, 2 + 2 + 3), 0);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), 1);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), -ENODATA);
	/* Entry length runs past the body. */
	b[1] = 1;
	b[3] = 200;
	KUNIT_ASSERT_EQ(test, oxt_batch_begin(&it, b, sizeof(b)), 0);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), -ENODATA);
	/* Half an entry length. */
	KUNIT_ASSERT_EQ(test, oxt_batch_begin(&it, b, 3), 0);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), -ENODATA);
	/* Empty entry. */
	b[3] = 0;
	KUNIT_ASSERT_EQ(test, oxt_batch_begin(&it, b, sizeof(b)), 0);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), -EBADMSG);
	/* Trailing bytes after the last entry. */
	b[3] = 3;
	KUNIT_ASSERT_EQ(test, oxt_batch_begin(&it, b, 2 + 2 + 3 + 1), 0);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), 1);
	KUNIT_EXPECT_EQ(test, oxt_batch_next(&it, &o, &l), -EBADMSG);
	/* Writers refuse empty and oversized packets, and offsets past the end. */
	off = 2;
	KUNIT_EXPECT_EQ(test, oxt_batch_put_entry(b, sizeof(b), &off, 0),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, oxt_batch_put_entry(b, sizeof(b), &off, 65536),
			-ERANGE);
	off = sizeof(b) + 1;
	KUNIT_EXPECT_EQ(test, oxt_batch_put_entry(b, sizeof(b), &off, 1),
			-ENODATA);
}

static struct kunit_case oxt_wire_cases[] = {
	KUNIT_CASE(wire_hdr_roundtrip),
	KUNIT_CASE(wire_hdr_malformed),
	KUNIT_CASE(wire_hdr_shared),
	KUNIT_CASE(wire_batch_roundtrip),
	KUNIT_CASE(wire_batch_malformed),
	{}
};

static struct kunit_suite oxt_wire_suite = {
	.name = "oxtunnel_wire",
	.test_cases = oxt_wire_cases,
};

kunit_test_suites(&oxt_wire_suite);
