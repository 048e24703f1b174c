// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of packet header parsing and packet number coding: the
 * RFC 9000 appendix A examples, the RFC 9001 / RFC 9369 packets, and
 * every malformed header the receive path must refuse; the record of
 * received packet numbers (duplicates, replays of old packets).
 */
#include <kunit/test.h>

#include "crypto.h"
#include "kunit_util.h"
#include "packet.h"
#include "recovery.h"
#include "reset.h"
#include "tquic.h"

/* RFC 9000, A.2 and A.3 */
static void pn_rfc_examples(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tquic_pn_len(0xac5c02, 0xabe8b3, false), 2U);
	KUNIT_EXPECT_EQ(test, tquic_pn_len(0xace8fe, 0xabe8b3, false), 3U);
	KUNIT_EXPECT_EQ(test, tquic_pn_decode(0xa82f30ea, 0x9b32, 2),
			0xa82f9b32ULL);
}

static void pn_edges(struct kunit *test)
{
	u8 buf[4];
	unsigned int n;
	u64 pn;

	KUNIT_EXPECT_EQ(test, tquic_pn_len(0, 0, true), 1U);
	KUNIT_EXPECT_EQ(test, tquic_pn_len(127, 0, true), 2U);
	KUNIT_EXPECT_EQ(test, tquic_pn_len(126, 0, true), 1U);
	KUNIT_EXPECT_EQ(test, tquic_pn_len(1ULL << 40, 0, false), 4U);
	/* forwards over a wrap, backwards over a wrap, near the start */
	KUNIT_EXPECT_EQ(test, tquic_pn_decode(0xff, 0x01, 1), 0x101ULL);
	KUNIT_EXPECT_EQ(test, tquic_pn_decode(0x101, 0xff, 1), 0xffULL);
	KUNIT_EXPECT_EQ(test, tquic_pn_decode(0, 0xff, 1), 0xffULL);
	KUNIT_EXPECT_EQ(test, tquic_pn_decode(TQUIC_PN_MAX - 1, 0xff, 1),
			TQUIC_PN_MAX);
	/* put/get round trip: every packet number within half a window of
	 * the expected one comes back whole.
	 */
	for (n = 1; n <= 4; n++) {
		for (pn = 1000100 - 100; pn < 1000100 + 100; pn += 3) {
			KUNIT_ASSERT_EQ(test, tquic_pn_put(buf, pn, n), (int)n);
			KUNIT_EXPECT_EQ(test,
					tquic_pn_decode(1000100,
							tquic_pn_get(buf, n), n),
					pn);
		}
	}
	KUNIT_EXPECT_EQ(test, tquic_pn_put(buf, 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_pn_put(buf, 1, 5), -EINVAL);
}

static void hdr_initials(struct kunit *test)
{
	struct tquic_hdr h;
	size_t n;
	u8 *p;

	/* RFC 9001 A.3: server Initial, v1 */
	p = tquic_kunit_hex(test, "cf000000010008f067a5502a4262b5004075c0d9",
			    135, NULL);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 135, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_INITIAL);
	KUNIT_EXPECT_EQ(test, h.version, TQUIC_VERSION_1);
	KUNIT_EXPECT_EQ(test, h.dcid_len, 0);
	KUNIT_EXPECT_EQ(test, h.scid_len, 8);
	TQUIC_EXPECT_MEMEQ(test, h.scid, "\xf0\x67\xa5\x50\x2a\x42\x62\xb5", 8);
	KUNIT_EXPECT_EQ(test, h.token_len, 0);
	KUNIT_EXPECT_EQ(test, h.pn_off, 18);
	KUNIT_EXPECT_EQ(test, h.len, 135);

	/* RFC 9369 A.3: the same in v2, where Initial is type 0b01 */
	p = tquic_kunit_hex(test, "dc6b3343cf0008f067a5502a4262b5004075d92f",
			    135, NULL);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 135, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_INITIAL);
	KUNIT_EXPECT_EQ(test, h.version, TQUIC_VERSION_2);

	/* RFC 9001 A.2: client Initial in a 1200-byte datagram, then a
	 * second datagram with 100 more bytes coalesced after it.
	 */
	p = tquic_kunit_hex(test, "c000000001088394c8f03e5157080000449e7b9aec34",
			    1300, NULL);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 1300, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h.dcid_len, 8);
	TQUIC_EXPECT_MEMEQ(test, h.dcid, "\x83\x94\xc8\xf0\x3e\x51\x57\x08", 8);
	KUNIT_EXPECT_EQ(test, h.pn_off, 18);
	KUNIT_EXPECT_EQ(test, h.len, 1200);

	/* RFC 9001 A.4: Retry carrying the token "token" */
	p = tquic_kunit_hexv(test, TQUIC_HEXV("ff000000010008f067a5502a4262b574",
					      "6f6b656e04a265ba2eff4d829058fb3f",
					      "0f2496ba"), 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, n, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_RETRY);
	KUNIT_EXPECT_EQ(test, h.token_len, 5);
	TQUIC_EXPECT_MEMEQ(test, h.token, "token", 5);
	p = tquic_kunit_hexv(test, TQUIC_HEXV("cf6b3343cf0008f067a5502a4262b574",
					      "6f6b656ec8646ce8bfe33952d9555436",
					      "65dcc7b6"), 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, n, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_RETRY);
	KUNIT_EXPECT_EQ(test, h.version, TQUIC_VERSION_2);
}

static void hdr_other_types(struct kunit *test)
{
	struct tquic_hdr h;
	size_t n;
	u8 *p;

	/* Handshake v1 (type 2) with a token-less Length */
	p = tquic_kunit_hex(test, "e0000000010401020304040a0b0c0d4014", 40, NULL);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 40, 4, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_HANDSHAKE);
	KUNIT_EXPECT_EQ(test, h.pn_off, 17);
	KUNIT_EXPECT_EQ(test, h.len, 17 + 20);
	/* 0-RTT v2 is type 0b10 */
	p = tquic_kunit_hex(test, "e06b3343cf04010203040014", 40, NULL);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 40, 4, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_0RTT);

	/* Version Negotiation listing v1 and v2 */
	p = tquic_kunit_hex(test, "800000000004010203040405060708000000016b3343cf", 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, n, 4, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_VN);
	KUNIT_EXPECT_EQ(test, h.pn_off, 15);

	/* Short header: connection ID length comes from us */
	p = tquic_kunit_hex(test, "4101020304050607080910", 40, NULL);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 40, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, TQUIC_PKT_1RTT);
	KUNIT_EXPECT_EQ(test, h.pn_off, 9);
	TQUIC_EXPECT_MEMEQ(test, h.dcid, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);

	/* An unknown version keeps its connection IDs for the VN reply. */
	p = tquic_kunit_hex(test, "c0ff00001d04aabbccdd021122", 1200, NULL);
	KUNIT_EXPECT_EQ(test, tquic_hdr_parse(p, 1200, 4, &h),
			-EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, h.version, 0xff00001dU);
	KUNIT_EXPECT_EQ(test, h.dcid_len, 4);
	KUNIT_EXPECT_EQ(test, h.scid_len, 2);

	KUNIT_EXPECT_EQ(test, tquic_long_type_bits(TQUIC_VERSION_1,
						   TQUIC_PKT_RETRY), 3);
	KUNIT_EXPECT_EQ(test, tquic_long_type_bits(TQUIC_VERSION_2,
						   TQUIC_PKT_RETRY), 0);
	KUNIT_EXPECT_EQ(test, tquic_long_type_bits(TQUIC_VERSION_2,
						   TQUIC_PKT_HANDSHAKE), 3);
	KUNIT_EXPECT_EQ(test, tquic_long_type_bits(TQUIC_VERSION_1,
						   TQUIC_PKT_1RTT), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_long_type_bits(7, TQUIC_PKT_INITIAL),
			-EINVAL);
}

static void hdr_malformed(struct kunit *test)
{
	static const struct {
		const char *hex;
		size_t len;	/* 0: the hex's own length */
		u8 short_cid;
		const char *why;
	} bad[] = {
		{ "", 0, 8, "empty" },
		{ "c0000000", 0, 8, "long header cut in the version" },
		{ "c00000000108", 0, 8, "cut in the DCID" },
		{ "c00000000115", 64, 8, "DCID of 21 bytes" },
		{ "c000000001000015", 64, 8, "SCID of 21 bytes" },
		{ "b00000000100000040", 64, 8, "Retry with the QUIC bit clear" },
		{ "c000000001000041", 0, 8, "token length cut" },
		{ "c0000000010000403f", 40, 8, "token past the datagram" },
		{ "c00000000100000041", 0, 8, "Length varint cut" },
		{ "c0000000010000007f", 40, 8, "Length past the datagram" },
		{ "c0000000010000000f", 40, 8, "Length below pn + tag" },
		{ "f0000000010000", 0, 8, "Retry without a tag" },
		{ "80000000000000", 0, 8, "VN without versions" },
		{ "80000000000000000001", 0, 8, "VN with a cut version" },
		{ "41", 20, 8, "short header under the DCID + tag" },
		{ "41", 64, 21, "our CID length over 20" },
	};
	struct tquic_hdr h;
	unsigned int i;
	size_t n;
	u8 *p;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		p = tquic_kunit_hex(test, bad[i].hex, bad[i].len, &n);
		KUNIT_EXPECT_EQ_MSG(test,
				    tquic_hdr_parse(p, bad[i].len ?: n,
						    bad[i].short_cid, &h),
				    -EINVAL, "%s", bad[i].why);
	}
}

/* A QUIC bit of 0 (RFC 9287): a short header, a Handshake and an
 * Initial packet parse, flagged for their connection (or listener) to
 * judge; with the bit set they are not flagged.
 */
static void hdr_greased(struct kunit *test)
{
	static const struct {
		const char *hex;
		enum tquic_pkt_type type;
	} pkts[] = {
		{ "01", TQUIC_PKT_1RTT },
		/* no IDs, Length 0x20 */
		{ "a00000000100004020", TQUIC_PKT_HANDSHAKE },
		/* no IDs, no token, Length 0x20 */
		{ "800000000100000020", TQUIC_PKT_INITIAL },
	};
	struct tquic_hdr h;
	unsigned int i;
	size_t n;
	u8 *p;

	for (i = 0; i < ARRAY_SIZE(pkts); i++) {
		p = tquic_kunit_hex(test, pkts[i].hex, 64, &n);
		KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 64, 8, &h), 0);
		KUNIT_EXPECT_EQ(test, h.type, pkts[i].type);
		KUNIT_EXPECT_TRUE(test, h.greased);
		p[0] |= TQUIC_HDR_FIXED;
		KUNIT_ASSERT_EQ(test, tquic_hdr_parse(p, 64, 8, &h), 0);
		KUNIT_EXPECT_EQ(test, h.type, pkts[i].type);
		KUNIT_EXPECT_FALSE(test, h.greased);
	}
}

/* Version Negotiation answers with the IDs swapped and v2, v1, grease. */
static void vn_build(struct kunit *test)
{
	struct tquic_hdr h = {}, back;
	u8 buf[64];
	int n;

	h.dcid_len = 8;
	memcpy(h.dcid, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	h.scid_len = 3;
	memcpy(h.scid, "\xaa\xbb\xcc", 3);
	n = tquic_vn_build(buf, sizeof(buf), &h, 0x12345678);
	KUNIT_ASSERT_EQ(test, n, 1 + 4 + 1 + 3 + 1 + 8 + 12);
	KUNIT_EXPECT_EQ(test, buf[0], 0x80 | 0x78);
	KUNIT_ASSERT_EQ(test, tquic_hdr_parse(buf, n, 8, &back), 0);
	KUNIT_EXPECT_EQ(test, back.type, TQUIC_PKT_VN);
	KUNIT_EXPECT_EQ(test, back.dcid_len, 3);
	TQUIC_EXPECT_MEMEQ(test, back.dcid, h.scid, 3);
	KUNIT_EXPECT_EQ(test, back.scid_len, 8);
	TQUIC_EXPECT_MEMEQ(test, back.scid, h.dcid, 8);
	TQUIC_EXPECT_MEMEQ(test, buf + back.pn_off,
			   "\x6b\x33\x43\xcf\x00\x00\x00\x01\x1a\x3a\x5a\x7a",
			   12);
	KUNIT_EXPECT_EQ(test, tquic_vn_build(buf, n - 1, &h, 0), -ENOSPC);
}

/* Stateless reset lengths (RFC 9000, 10.3 and 10.3.3) */
static void reset_len(struct kunit *test)
{
	size_t n;
	u32 r;

	/* Nothing shorter than 21 bytes, nothing as long as the trigger */
	KUNIT_EXPECT_EQ(test, tquic_reset_len(0, 0), 0UL);
	KUNIT_EXPECT_EQ(test, tquic_reset_len(21, 0), 0UL);
	KUNIT_EXPECT_EQ(test, tquic_reset_len(22, 0), 21UL);
	/* A byte shorter up to 43 bytes */
	KUNIT_EXPECT_EQ(test, tquic_reset_len(26, 7), 25UL);
	KUNIT_EXPECT_EQ(test, tquic_reset_len(43, 15), 42UL);
	/* Then 42 to 57 bytes by the random bits */
	KUNIT_EXPECT_EQ(test, tquic_reset_len(44, 0), 42UL);
	KUNIT_EXPECT_EQ(test, tquic_reset_len(44, 15), 43UL);
	KUNIT_EXPECT_EQ(test, tquic_reset_len(1200, 0), 42UL);
	KUNIT_EXPECT_EQ(test, tquic_reset_len(1200, 15), 57UL);
	KUNIT_EXPECT_EQ(test, tquic_reset_len(1200, 16), 42UL);
	for (r = 0; r < 64; r++) {
		for (n = 22; n < 100; n++) {
			KUNIT_EXPECT_LT(test, tquic_reset_len(n, r), n);
			KUNIT_EXPECT_GE(test, tquic_reset_len(n, r),
					(size_t)TQUIC_RESET_MIN_LEN);
		}
	}
}

/* Which super-packets go to one connection whole (gro.c): datagrams of
 * 100 bytes, the last shorter, all short headers with one 8-byte ID.
 */
static void gro_uniform(struct kunit *test)
{
	u8 *d = kunit_kzalloc(test, 350, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, d);
	for (i = 0; i < 4; i++) {
		d[i * 100] = TQUIC_HDR_FIXED;
		memset(d + i * 100 + 1, 0x11, 8);
	}
	KUNIT_EXPECT_TRUE(test, tquic_gro_uniform(d, 350, 100, 8));
	/* The last one may be as short as its header's ID */
	KUNIT_EXPECT_TRUE(test, tquic_gro_uniform(d, 309, 100, 8));
	/* Shorter than that, one datagram only, or no size: not whole */
	KUNIT_EXPECT_FALSE(test, tquic_gro_uniform(d, 308, 100, 8));
	KUNIT_EXPECT_FALSE(test, tquic_gro_uniform(d, 301, 100, 8));
	KUNIT_EXPECT_FALSE(test, tquic_gro_uniform(d, 100, 100, 8));
	KUNIT_EXPECT_FALSE(test, tquic_gro_uniform(d, 350, 0, 8));
	/* Another ID in the third, or a long header in the second */
	d[208] = 0x12;
	KUNIT_EXPECT_FALSE(test, tquic_gro_uniform(d, 350, 100, 8));
	d[208] = 0x11;
	d[100] |= TQUIC_HDR_LONG;
	KUNIT_EXPECT_FALSE(test, tquic_gro_uniform(d, 350, 100, 8));
	d[100] &= ~TQUIC_HDR_LONG;
	KUNIT_EXPECT_TRUE(test, tquic_gro_uniform(d, 350, 100, 8));
}

/* Received packet numbers: ranges merge, duplicates are refused. */
static void ack_record_ranges(struct kunit *test)
{
	struct tquic_space *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	u64 pn;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	for (pn = 0; pn < 6; pn++)
		KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, pn));
	KUNIT_EXPECT_EQ(test, sp->rx_nranges, 1U);
	KUNIT_EXPECT_FALSE(test, tquic_ack_record(sp, 3));
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 8));
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 10));
	KUNIT_EXPECT_EQ(test, sp->rx_nranges, 3U);
	/* 7 extends [8, 8] down, 9 joins [10, 10] and [7, 8] */
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 7));
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 9));
	KUNIT_EXPECT_EQ(test, sp->rx_nranges, 2U);
	KUNIT_EXPECT_EQ(test, sp->rx_ranges[0].smallest, 7ULL);
	KUNIT_EXPECT_EQ(test, sp->rx_ranges[0].largest, 10ULL);
	KUNIT_EXPECT_FALSE(test, tquic_ack_record(sp, 9));
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 6));
	KUNIT_EXPECT_EQ(test, sp->rx_nranges, 1U);
	KUNIT_EXPECT_EQ(test, sp->rx_floor, 0ULL);
}

/* With every range in use, an old packet replayed after its range fell
 * off is still a duplicate (RFC 9000, 12.3).
 */
static void ack_record_replay(struct kunit *test)
{
	struct tquic_space *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	u64 pn;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	/* 100, 103, ... 145: sixteen ranges of one, all in use */
	for (pn = 100; pn < 100 + 3 * TQUIC_ACK_RANGES; pn += 3)
		KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, pn));
	KUNIT_EXPECT_EQ(test, sp->rx_nranges, (unsigned int)TQUIC_ACK_RANGES);
	KUNIT_EXPECT_EQ(test, sp->rx_floor, 0ULL);
	/* A seventeenth: [100, 100] falls off, and the floor rises past it */
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 148));
	KUNIT_EXPECT_EQ(test, sp->rx_nranges, (unsigned int)TQUIC_ACK_RANGES);
	KUNIT_EXPECT_EQ(test, sp->rx_ranges[TQUIC_ACK_RANGES - 1].smallest,
			103ULL);
	KUNIT_EXPECT_EQ(test, sp->rx_floor, 101ULL);
	/* The replay of 100, and anything older, is refused */
	KUNIT_EXPECT_FALSE(test, tquic_ack_record(sp, 100));
	KUNIT_EXPECT_FALSE(test, tquic_ack_record(sp, 42));
	/* Below every range while all are in use: refused, the floor up */
	KUNIT_EXPECT_FALSE(test, tquic_ack_record(sp, 101));
	KUNIT_EXPECT_EQ(test, sp->rx_floor, 104ULL);
	KUNIT_EXPECT_FALSE(test, tquic_ack_record(sp, 102));
	/* Gaps above the lowest range still fill: 146 and 147 join two */
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 146));
	KUNIT_EXPECT_TRUE(test, tquic_ack_record(sp, 147));
	KUNIT_EXPECT_EQ(test, sp->rx_nranges,
			(unsigned int)TQUIC_ACK_RANGES - 1);
	KUNIT_EXPECT_EQ(test, sp->rx_ranges[0].smallest, 145ULL);
	KUNIT_EXPECT_FALSE(test, tquic_ack_record(sp, 146));
}

static struct kunit_case tquic_packet_cases[] = {
	KUNIT_CASE(pn_rfc_examples),
	KUNIT_CASE(pn_edges),
	KUNIT_CASE(hdr_initials),
	KUNIT_CASE(hdr_other_types),
	KUNIT_CASE(hdr_malformed),
	KUNIT_CASE(hdr_greased),
	KUNIT_CASE(vn_build),
	KUNIT_CASE(reset_len),
	KUNIT_CASE(gro_uniform),
	KUNIT_CASE(ack_record_ranges),
	KUNIT_CASE(ack_record_replay),
	{}
};

static struct kunit_suite tquic_packet_suite = {
	.name = "tquic_packet",
	.test_cases = tquic_packet_cases,
};

kunit_test_suite(tquic_packet_suite);
