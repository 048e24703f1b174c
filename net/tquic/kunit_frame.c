// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the frame codec: the frames of RFC 9001's server Initial,
 * a round trip of every frame type, ACK ranges, and the malformed frames
 * the decoder must refuse with the right transport error; CRYPTO data
 * held out of order, and what a peer may make the kernel hold.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "conn.h"
#include "frame.h"
#include "kunit_conn.h"
#include "kunit_util.h"

/* RFC 9001 A.3: the server Initial's payload is ACK then CRYPTO. */
static void frame_rfc_server_payload(struct kunit *test)
{
	struct tquic_frame f;
	size_t n;
	u64 err;
	u8 *p;
	int len;

	p = tquic_kunit_hexv(test, TQUIC_HEXV("02000000000600405a020000560303ee",
					      "fce7f7b37ba1d1632e96677825ddf739",
					      "88cfc79825df566dc5430b9a045a1200",
					      "130100002e00330024001d00209d3c94",
					      "0d89690b84d08a60993c144eca684d10",
					      "81287c834d5311bcf32bb9da1a002b00",
					      "020304"), 0, &n);
	len = tquic_frame_decode(p, n, TQUIC_PKT_INITIAL, &f, &err);
	KUNIT_ASSERT_EQ(test, len, 5);
	KUNIT_EXPECT_EQ(test, f.type, (u64)TQUIC_FT_ACK);
	KUNIT_EXPECT_EQ(test, f.ack.largest, 0ULL);
	KUNIT_EXPECT_EQ(test, f.ack.range_count, 0ULL);
	len = tquic_frame_decode(p + 5, n - 5, TQUIC_PKT_INITIAL, &f, &err);
	KUNIT_ASSERT_EQ(test, len, (int)n - 5);
	KUNIT_EXPECT_EQ(test, f.type, (u64)TQUIC_FT_CRYPTO);
	KUNIT_EXPECT_EQ(test, f.crypto.offset, 0ULL);
	KUNIT_EXPECT_EQ(test, f.crypto.len, 90ULL);
	KUNIT_EXPECT_EQ(test, f.crypto.data[0], 0x02);	/* ServerHello */
}

/* Encode @in, decode it back into @out; both lengths must agree. */
static void roundtrip(struct kunit *test, const struct tquic_frame *in,
		      struct tquic_frame *out, enum tquic_pkt_type pkt)
{
	u8 *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct tquic_frame cut;
	int n, m;
	u64 err = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	n = tquic_frame_encode(buf, 256, in);
	KUNIT_ASSERT_GT_MSG(test, n, 0, "type %llx", in->type);
	m = tquic_frame_decode(buf, n, pkt, out, &err);
	KUNIT_ASSERT_EQ_MSG(test, m, n, "type %llx err %llx", in->type, err);
	KUNIT_EXPECT_EQ(test, out->type, in->type);
	/* One byte short: refused, unless the frame runs to the end of
	 * the packet (STREAM without a length, DATAGRAM 0x30).
	 */
	if (n > 1) {
		bool to_end = in->type == TQUIC_FT_DATAGRAM ||
			      (tquic_ft_is_stream(in->type) &&
			       !(in->type & TQUIC_STREAM_LEN));

		KUNIT_EXPECT_EQ_MSG(test,
				    tquic_frame_decode(buf, n - 1, pkt, &cut,
						       &err),
				    to_end ? n - 1 : -EINVAL,
				    "type %llx cut", in->type);
	}
}

static void frame_roundtrip_all(struct kunit *test)
{
	static const u8 data[] = "0123456789abcdef";
	struct tquic_frame in, out;
	unsigned int t;

	for (t = TQUIC_FT_STREAM; t <= TQUIC_FT_STREAM + 7; t++) {
		memset(&in, 0, sizeof(in));
		in.type = t;
		in.stream.stream_id = 4 * 1000 + 1;
		in.stream.offset = (t & TQUIC_STREAM_OFF) ? 1ULL << 40 : 0;
		in.stream.len = 16;
		in.stream.data = data;
		roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
		KUNIT_EXPECT_EQ(test, out.stream.stream_id, 4001ULL);
		KUNIT_EXPECT_EQ(test, out.stream.offset, in.stream.offset);
		KUNIT_EXPECT_EQ(test, out.stream.len, 16ULL);
		TQUIC_EXPECT_MEMEQ(test, out.stream.data, data, 16);
	}

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_RESET_STREAM;
	in.reset.stream_id = 7;
	in.reset.error = 0x1234;
	in.reset.final_size = 99999;
	roundtrip(test, &in, &out, TQUIC_PKT_0RTT);
	KUNIT_EXPECT_EQ(test, out.reset.final_size, 99999ULL);
	KUNIT_EXPECT_EQ(test, out.reset.error, 0x1234ULL);

	in.type = TQUIC_FT_STOP_SENDING;
	roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
	KUNIT_EXPECT_EQ(test, out.reset.stream_id, 7ULL);

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_CRYPTO;
	in.crypto.offset = 300;
	in.crypto.len = 10;
	in.crypto.data = data;
	roundtrip(test, &in, &out, TQUIC_PKT_HANDSHAKE);
	KUNIT_EXPECT_EQ(test, out.crypto.offset, 300ULL);
	TQUIC_EXPECT_MEMEQ(test, out.crypto.data, data, 10);

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_NEW_TOKEN;
	in.token.len = 12;
	in.token.data = data;
	roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
	KUNIT_EXPECT_EQ(test, out.token.len, 12ULL);

	for (t = TQUIC_FT_MAX_DATA; t <= TQUIC_FT_STREAMS_BLOCKED_UNI; t++) {
		memset(&in, 0, sizeof(in));
		in.type = t;
		in.max.max = 1ULL << 50;
		if (t == TQUIC_FT_MAX_STREAM_DATA ||
		    t == TQUIC_FT_STREAM_DATA_BLOCKED)
			in.max.stream_id = 8;
		roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
		KUNIT_EXPECT_EQ(test, out.max.max, 1ULL << 50);
		KUNIT_EXPECT_EQ(test, out.max.stream_id, in.max.stream_id);
	}

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_NEW_CONNECTION_ID;
	in.new_cid.seq = 5;
	in.new_cid.retire_prior_to = 3;
	in.new_cid.cid_len = 20;
	memcpy(in.new_cid.cid, data, 16);
	memset(in.new_cid.reset_token, 0xab, 16);
	roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
	KUNIT_EXPECT_EQ(test, out.new_cid.seq, 5ULL);
	KUNIT_EXPECT_EQ(test, out.new_cid.retire_prior_to, 3ULL);
	KUNIT_EXPECT_EQ(test, out.new_cid.cid_len, 20);
	TQUIC_EXPECT_MEMEQ(test, out.new_cid.cid, in.new_cid.cid, 20);
	TQUIC_EXPECT_MEMEQ(test, out.new_cid.reset_token,
			   in.new_cid.reset_token, 16);

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_RETIRE_CONNECTION_ID;
	in.retire_seq = 1ULL << 33;
	roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
	KUNIT_EXPECT_EQ(test, out.retire_seq, 1ULL << 33);

	for (t = TQUIC_FT_PATH_CHALLENGE; t <= TQUIC_FT_PATH_RESPONSE; t++) {
		memset(&in, 0, sizeof(in));
		in.type = t;
		memcpy(in.path_data, "pathdata", 8);
		roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
		TQUIC_EXPECT_MEMEQ(test, out.path_data, "pathdata", 8);
	}

	for (t = TQUIC_FT_CONNECTION_CLOSE; t <= TQUIC_FT_CONNECTION_CLOSE_APP;
	     t++) {
		memset(&in, 0, sizeof(in));
		in.type = t;
		in.close.error = TQUIC_ERR_PROTOCOL_VIOLATION;
		in.close.frame_type = t == TQUIC_FT_CONNECTION_CLOSE ? 0x08 : 0;
		in.close.reason_len = 6;
		in.close.reason = (const u8 *)"reason";
		roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
		KUNIT_EXPECT_EQ(test, out.close.error, in.close.error);
		KUNIT_EXPECT_EQ(test, out.close.frame_type,
				in.close.frame_type);
		TQUIC_EXPECT_MEMEQ(test, out.close.reason, "reason", 6);
	}

	for (t = TQUIC_FT_DATAGRAM; t <= TQUIC_FT_DATAGRAM_LEN; t++) {
		memset(&in, 0, sizeof(in));
		in.type = t;
		in.datagram.len = 16;
		in.datagram.data = data;
		roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
		KUNIT_EXPECT_EQ(test, out.datagram.len, 16ULL);
		TQUIC_EXPECT_MEMEQ(test, out.datagram.data, data, 16);
	}

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_PING;
	roundtrip(test, &in, &out, TQUIC_PKT_INITIAL);
	in.type = TQUIC_FT_HANDSHAKE_DONE;
	roundtrip(test, &in, &out, TQUIC_PKT_1RTT);
}

static void frame_ack_ranges(struct kunit *test)
{
	static const struct tquic_ack_block blocks[] = {
		{ 90, 100 }, { 70, 80 }, { 68, 68 }, { 0, 10 },
	};
	struct tquic_frame in = {}, out;
	struct tquic_ack_iter it;
	struct tquic_ack_block b;
	unsigned int i = 0;
	u8 *buf;
	u64 err;
	int n;

	buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	in.type = TQUIC_FT_ACK_ECN;
	in.ack.blocks = blocks;
	in.ack.nblocks = ARRAY_SIZE(blocks);
	in.ack.delay = 1000;
	in.ack.ecn[0] = 5;
	in.ack.ecn[2] = 1;
	n = tquic_frame_encode(buf, 64, &in);
	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_ASSERT_EQ(test, tquic_frame_decode(buf, n, TQUIC_PKT_1RTT, &out,
						 &err), n);
	KUNIT_EXPECT_EQ(test, out.ack.largest, 100ULL);
	KUNIT_EXPECT_EQ(test, out.ack.delay, 1000ULL);
	KUNIT_EXPECT_EQ(test, out.ack.range_count, 3ULL);
	KUNIT_EXPECT_EQ(test, out.ack.ecn[0], 5ULL);
	KUNIT_EXPECT_EQ(test, out.ack.ecn[2], 1ULL);
	tquic_ack_iter_init(&it, &out);
	while (tquic_ack_next(&it, &out, &b)) {
		KUNIT_ASSERT_LT(test, i, (unsigned int)ARRAY_SIZE(blocks));
		KUNIT_EXPECT_EQ(test, b.largest, blocks[i].largest);
		KUNIT_EXPECT_EQ(test, b.smallest, blocks[i].smallest);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, (unsigned int)ARRAY_SIZE(blocks));

	/* Ranges must descend with a gap: 70-80 cannot follow 79-100. */
	in.type = TQUIC_FT_ACK;
	in.ack.blocks = (const struct tquic_ack_block[]){ { 79, 100 },
							  { 70, 80 } };
	in.ack.nblocks = 2;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &in), -EINVAL);
	in.ack.nblocks = 0;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &in), -EINVAL);
}

static void frame_padding_run(struct kunit *test)
{
	struct tquic_frame f;
	u8 *p = kunit_kzalloc(test, 100, GFP_KERNEL);
	u64 err;

	KUNIT_ASSERT_NOT_NULL(test, p);
	p[60] = TQUIC_FT_PING;
	KUNIT_EXPECT_EQ(test, tquic_frame_decode(p, 100, TQUIC_PKT_INITIAL, &f,
						 &err), 60);
	KUNIT_EXPECT_EQ(test, tquic_frame_decode(p + 60, 40, TQUIC_PKT_INITIAL,
						 &f, &err), 1);
	KUNIT_EXPECT_TRUE(test, tquic_frame_ack_eliciting(TQUIC_FT_PING));
	KUNIT_EXPECT_FALSE(test, tquic_frame_ack_eliciting(TQUIC_FT_PADDING));
	KUNIT_EXPECT_FALSE(test, tquic_frame_ack_eliciting(TQUIC_FT_ACK));
}

/* The probing frames (RFC 9000, 9.1): a packet of only these moves no
 * server; every other type does.
 */
static void frame_probing(struct kunit *test)
{
	static const u64 probing[] = {
		TQUIC_FT_PADDING, TQUIC_FT_PATH_CHALLENGE,
		TQUIC_FT_PATH_RESPONSE, TQUIC_FT_NEW_CONNECTION_ID,
	};
	unsigned int i, n = 0;
	u64 t;

	for (i = 0; i < ARRAY_SIZE(probing); i++)
		KUNIT_EXPECT_TRUE(test, tquic_frame_probing(probing[i]));
	for (t = 0; t <= TQUIC_FT_HANDSHAKE_DONE; t++)
		n += tquic_frame_probing(t);
	KUNIT_EXPECT_EQ(test, n, (unsigned int)ARRAY_SIZE(probing));
	KUNIT_EXPECT_FALSE(test, tquic_frame_probing(TQUIC_FT_PING));
	KUNIT_EXPECT_FALSE(test, tquic_frame_probing(TQUIC_FT_ACK));
	KUNIT_EXPECT_FALSE(test, tquic_frame_probing(TQUIC_FT_DATAGRAM));
}

void tquic_kunit_frames_refused(struct kunit *test,
				const struct tquic_kunit_bad_frame *bad,
				unsigned int n)
{
	struct tquic_frame f;
	unsigned int i;
	size_t len;
	u64 err;
	u8 *p;

	for (i = 0; i < n; i++) {
		p = tquic_kunit_hex(test, bad[i].hex, 0, &len);
		err = 0;
		KUNIT_EXPECT_EQ_MSG(test,
				    tquic_frame_decode(p, len, bad[i].pkt, &f,
						       &err),
				    -EINVAL, "%s", bad[i].why);
		KUNIT_EXPECT_EQ_MSG(test, err, bad[i].err, "%s", bad[i].why);
	}
}

static void frame_malformed(struct kunit *test)
{
	static const struct tquic_kunit_bad_frame bad[] = {
		{ "", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR, "empty" },
		{ "40", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "frame type varint cut" },
		{ "4001", TQUIC_PKT_1RTT, TQUIC_ERR_PROTOCOL_VIOLATION,
		  "PING type in two bytes" },
		{ "21", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "unknown frame type" },
		{ "0a0000", TQUIC_PKT_INITIAL, TQUIC_ERR_PROTOCOL_VIOLATION,
		  "STREAM in an Initial" },
		{ "0200000000", TQUIC_PKT_0RTT, TQUIC_ERR_PROTOCOL_VIOLATION,
		  "ACK in 0-RTT" },
		{ "1e", TQUIC_PKT_HANDSHAKE, TQUIC_ERR_PROTOCOL_VIOLATION,
		  "HANDSHAKE_DONE in a Handshake packet" },
		{ "1b0102030405060708", TQUIC_PKT_0RTT,
		  TQUIC_ERR_PROTOCOL_VIOLATION, "PATH_RESPONSE in 0-RTT" },
		{ "0205000006", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "ACK first range above largest" },
		{ "020a00010405", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "ACK gap below zero" },
		{ "020a0001020007", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "ACK range below zero" },
		{ "020a00050000", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "ACK ranges missing" },
		{ "030a000000", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "ACK_ECN without counts" },
		{ "0a0005616263", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "STREAM length past the end" },
		{ "0e00ffffffffffffffff0100", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "STREAM past 2^62 - 1" },
		{ "060005616263", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "CRYPTO length past the end" },
		{ "0700", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "empty NEW_TOKEN" },
		{ "12d000000000000001", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "MAX_STREAMS over 2^60" },
		{ "17d000000000000001", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "STREAMS_BLOCKED over 2^60" },
		{ "18010000", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "NEW_CONNECTION_ID of length 0" },
		{ "18010015", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "NEW_CONNECTION_ID of length 21" },
		{ "1801020401020304000102030405060708090a0b0c0d0e0f",
		  TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "Retire Prior To above the sequence number" },
		{ "180100040102030400010203", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "reset token cut" },
		{ "1a01020304", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "PATH_CHALLENGE cut" },
		{ "1c0a0005616263", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "reason past the end" },
		{ "310561", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "DATAGRAM length past the end" },
		{ "11", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "MAX_STREAM_DATA without fields" },
	};

	tquic_kunit_frames_refused(test, bad, ARRAY_SIZE(bad));
}

static void frame_encode_refused(struct kunit *test)
{
	struct tquic_frame f = {};
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	f.type = TQUIC_FT_MAX_DATA;
	f.max.max = 1ULL << 40;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 4, &f), -ENOSPC);
	f.max.max = 1ULL << 62;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -ERANGE);
	f.type = TQUIC_FT_MAX_STREAMS_UNI;
	f.max.max = TQUIC_MAX_STREAMS_LIMIT + 1;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -EINVAL);
	memset(&f, 0, sizeof(f));
	f.type = TQUIC_FT_NEW_TOKEN;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -EINVAL);
	f.type = TQUIC_FT_NEW_CONNECTION_ID;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -EINVAL);
	f.type = 0x21;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -EINVAL);
}

/* Out-of-order CRYPTO data waits sorted; empty frames are ignored, and
 * no pattern of frames makes it hold more than TQUIC_CRYPTO_RX_MAX a
 * level, bookkeeping included, or reach past that window.
 */
static void frame_crypto_held(struct kunit *test)
{
	struct tquic_conn *c = tquic_kunit_conn(test);
	struct tquic_space *sp = &c->space[TQUIC_LEVEL_HANDSHAKE];
	static const u8 data[4] = "abcd";
	struct tquic_crypto_buf *b, *tmp;
	struct tquic_frame f = {
		.type = TQUIC_FT_CRYPTO,
		.crypto.data = data,
	};
	static const u64 offs[] = { 10, 5, 7, 12, 6 };
	unsigned int i, n = 0;
	u64 last = 0, terr;
	int err = 0;

	INIT_LIST_HEAD(&sp->crypto_rx_ooo);
	/* Nothing at all, ahead of the delivered offset (0): not held */
	f.crypto.offset = 5;
	f.crypto.len = 0;
	KUNIT_EXPECT_EQ(test, tquic_rcv_crypto(c, TQUIC_LEVEL_HANDSHAKE, &f,
					       &terr), 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&sp->crypto_rx_ooo));
	/* Held in offset order, whatever order they came in */
	f.crypto.len = 1;
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		f.crypto.offset = offs[i];
		KUNIT_EXPECT_EQ(test, tquic_rcv_crypto(c, TQUIC_LEVEL_HANDSHAKE,
						       &f, &terr), 0);
	}
	list_for_each_entry(b, &sp->crypto_rx_ooo, node) {
		KUNIT_EXPECT_LE(test, last, b->offset);
		last = b->offset;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, (unsigned int)ARRAY_SIZE(offs));
	/* The window ends TQUIC_CRYPTO_RX_MAX past the delivered offset */
	terr = 0;
	f.crypto.offset = TQUIC_CRYPTO_RX_MAX;
	KUNIT_EXPECT_EQ(test, tquic_rcv_crypto(c, TQUIC_LEVEL_HANDSHAKE, &f,
					       &terr), -ENOBUFS);
	KUNIT_EXPECT_EQ(test, terr, (u64)TQUIC_ERR_CRYPTO_BUFFER_EXCEEDED);
	/* One-byte pieces with gaps: refused once their cost is reached,
	 * long before one per byte of the window
	 */
	for (i = 0; err == 0 && i < TQUIC_CRYPTO_RX_MAX / 2; i++) {
		f.crypto.offset = 100 + 2 * i;
		err = tquic_rcv_crypto(c, TQUIC_LEVEL_HANDSHAKE, &f, &terr);
	}
	KUNIT_EXPECT_EQ(test, err, -ENOBUFS);
	KUNIT_EXPECT_LE(test, sp->crypto_rx_ooo_bytes,
			(u32)TQUIC_CRYPTO_RX_MAX);
	KUNIT_EXPECT_LT(test, i, TQUIC_CRYPTO_RX_MAX /
			(unsigned int)sizeof(struct tquic_crypto_buf));
	list_for_each_entry_safe(b, tmp, &sp->crypto_rx_ooo, node) {
		list_del(&b->node);
		kfree(b);
	}
}

static struct kunit_case tquic_frame_cases[] = {
	KUNIT_CASE(frame_rfc_server_payload),
	KUNIT_CASE(frame_roundtrip_all),
	KUNIT_CASE(frame_ack_ranges),
	KUNIT_CASE(frame_padding_run),
	KUNIT_CASE(frame_probing),
	KUNIT_CASE(frame_malformed),
	KUNIT_CASE(frame_encode_refused),
	KUNIT_CASE(frame_crypto_held),
	{}
};

static struct kunit_suite tquic_frame_suite = {
	.name = "tquic_frame",
	.test_cases = tquic_frame_cases,
};

kunit_test_suite(tquic_frame_suite);
