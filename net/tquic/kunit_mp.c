// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: the wire format of the multipath extension
 * (draft-ietf-quic-multipath-21) - every frame's round trip with its
 * fields, the refusals (other packet types, path identifiers over 32
 * bits, broken embedded ACK and NEW_CONNECTION_ID fields, cut frames),
 * and the AEAD nonce with the path identifier (the draft's example).
 */
#include <kunit/test.h>

#include "crypto.h"
#include "frame.h"
#include "kunit_util.h"

/* Encode, decode in a 1-RTT packet; the same type and length back. */
static void mp_roundtrip(struct kunit *test, const struct tquic_frame *in,
			 struct tquic_frame *out)
{
	u8 *buf = kunit_kzalloc(test, 128, GFP_KERNEL);
	struct tquic_frame scratch;
	u64 err = 0;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	n = tquic_frame_encode(buf, 128, in);
	KUNIT_ASSERT_GT_MSG(test, n, 0, "type %llx", in->type);
	KUNIT_ASSERT_EQ_MSG(test, tquic_frame_decode(buf, n, TQUIC_PKT_1RTT,
						     out, &err), n,
			    "type %llx err %llx", in->type, err);
	KUNIT_EXPECT_EQ(test, out->type, in->type);
	KUNIT_EXPECT_EQ(test, out->path_id, in->path_id);
	/* A byte short is refused; so is any other packet type */
	KUNIT_EXPECT_EQ(test, tquic_frame_decode(buf, n - 1, TQUIC_PKT_1RTT,
						 &scratch, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err, TQUIC_ERR_FRAME_ENCODING_ERROR);
	KUNIT_EXPECT_EQ(test, tquic_frame_decode(buf, n, TQUIC_PKT_0RTT,
						 &scratch, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err, TQUIC_ERR_PROTOCOL_VIOLATION);
}

static void mp_frames_roundtrip(struct kunit *test)
{
	static const struct tquic_ack_block blocks[] = {
		{ .smallest = 90, .largest = 100 },
		{ .smallest = 10, .largest = 50 },
	};
	struct tquic_frame in, out;
	u64 t;

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_PATH_ACK_ECN;
	in.path_id = 3;
	in.ack.blocks = blocks;
	in.ack.nblocks = 2;
	in.ack.delay = 25;
	in.ack.ecn[2] = 7;
	mp_roundtrip(test, &in, &out);
	KUNIT_EXPECT_EQ(test, out.ack.largest, 100ULL);
	KUNIT_EXPECT_EQ(test, out.ack.first_range, 10ULL);
	KUNIT_EXPECT_EQ(test, out.ack.range_count, 1ULL);
	KUNIT_EXPECT_EQ(test, out.ack.ecn[2], 7ULL);
	KUNIT_EXPECT_FALSE(test, tquic_frame_ack_eliciting(in.type));
	in.type = TQUIC_FT_PATH_ACK;
	mp_roundtrip(test, &in, &out);

	memset(&in, 0, sizeof(in));
	in.type = TQUIC_FT_PATH_NEW_CONNECTION_ID;
	in.path_id = TQUIC_PATH_ID_MAX;
	in.new_cid.seq = 5;
	in.new_cid.retire_prior_to = 2;
	in.new_cid.cid_len = 8;
	memset(in.new_cid.cid, 0xab, 8);
	memset(in.new_cid.reset_token, 0xcd, 16);
	mp_roundtrip(test, &in, &out);
	KUNIT_EXPECT_EQ(test, out.new_cid.seq, 5ULL);
	KUNIT_EXPECT_EQ(test, out.new_cid.retire_prior_to, 2ULL);
	KUNIT_EXPECT_EQ(test, out.new_cid.cid_len, 8);
	KUNIT_EXPECT_EQ(test, out.new_cid.reset_token[15], 0xcd);

	for (t = TQUIC_FT_PATH_ABANDON; t <= TQUIC_FT_PATH_CIDS_BLOCKED; t++) {
		if (t == TQUIC_FT_PATH_NEW_CONNECTION_ID)
			continue;
		memset(&in, 0, sizeof(in));
		in.type = t;
		in.path_id = t == TQUIC_FT_MAX_PATH_ID ||
			     t == TQUIC_FT_PATHS_BLOCKED ? 0 : 9;
		in.path.error = 0x0004;
		in.path.status_seq = 77;
		in.path.max_path_id = 12;
		in.path.next_seq = 31;
		/* shares its place with @path */
		if (t == TQUIC_FT_PATH_RETIRE_CONNECTION_ID)
			in.retire_seq = 6;
		mp_roundtrip(test, &in, &out);
		KUNIT_EXPECT_TRUE(test, tquic_frame_ack_eliciting(t));
		switch (t) {
		case TQUIC_FT_PATH_ABANDON:
			KUNIT_EXPECT_EQ(test, out.path.error, 4ULL);
			break;
		case TQUIC_FT_PATH_STATUS_BACKUP:
		case TQUIC_FT_PATH_STATUS_AVAILABLE:
			KUNIT_EXPECT_EQ(test, out.path.status_seq, 77ULL);
			break;
		case TQUIC_FT_PATH_RETIRE_CONNECTION_ID:
			KUNIT_EXPECT_EQ(test, out.retire_seq, 6ULL);
			break;
		case TQUIC_FT_MAX_PATH_ID:
		case TQUIC_FT_PATHS_BLOCKED:
			KUNIT_EXPECT_EQ(test, out.path.max_path_id, 12ULL);
			break;
		case TQUIC_FT_PATH_CIDS_BLOCKED:
			KUNIT_EXPECT_EQ(test, out.path.next_seq, 31ULL);
			break;
		}
	}
}

static void mp_frames_refused(struct kunit *test)
{
	static const struct tquic_kunit_bad_frame bad[] = {
		{ "7e75c00000010000000000", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "PATH_ABANDON path over 2^32 - 1" },
		{ "7e7ac00000010000000000", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "MAX_PATH_ID over 2^32 - 1" },
		{ "7e7501", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "PATH_ABANDON without its error code" },
		{ "3e0105000006", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "PATH_ACK first range above largest" },
		{ "3f010a000000", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR, "PATH_ACK_ECN without counts" },
		{ "7e7801010000", TQUIC_PKT_1RTT,
		  TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "PATH_NEW_CONNECTION_ID of length 0" },
		{ "7e780101020401020304000102030405060708090a0b0c0d0e0f",
		  TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "PATH_NEW_CONNECTION_ID Retire Prior To above the number" },
		{ "7e7c01", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "PATH_CIDS_BLOCKED without its number" },
		{ "7e760102", TQUIC_PKT_HANDSHAKE, TQUIC_ERR_PROTOCOL_VIOLATION,
		  "PATH_STATUS_BACKUP in a Handshake packet" },
		{ "3e00000000", TQUIC_PKT_INITIAL, TQUIC_ERR_PROTOCOL_VIOLATION,
		  "PATH_ACK in an Initial" },
		{ "80003e750000", TQUIC_PKT_1RTT, TQUIC_ERR_PROTOCOL_VIOLATION,
		  "PATH_ABANDON type in four bytes" },
		{ "7e7d0000", TQUIC_PKT_1RTT, TQUIC_ERR_FRAME_ENCODING_ERROR,
		  "the type after PATH_CIDS_BLOCKED" },
	};

	tquic_kunit_frames_refused(test, bad, ARRAY_SIZE(bad));
}

static void mp_encode_refused(struct kunit *test)
{
	struct tquic_frame f = {};
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	f.type = TQUIC_FT_PATH_STATUS_AVAILABLE;
	f.path_id = TQUIC_PATH_ID_MAX + 1ULL;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -EINVAL);
	f.type = TQUIC_FT_PATHS_BLOCKED;
	f.path.max_path_id = TQUIC_PATH_ID_MAX + 1ULL;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -EINVAL);
	f.type = TQUIC_FT_PATH_NEW_CONNECTION_ID;
	f.path_id = 1;
	KUNIT_EXPECT_EQ(test, tquic_frame_encode(buf, 64, &f), -EINVAL);
}

/* The draft's example: IV, path 3, packet number 0xd431 */
static void mp_nonce(struct kunit *test)
{
	struct tquic_pp_key k = {};
	u8 nonce[TQUIC_IV_LEN], plain[TQUIC_IV_LEN];

	memcpy(k.iv, tquic_kunit_hex(test, "6b26114b9cba2b63a9e8dd4f", 0,
				     NULL), TQUIC_IV_LEN);
	tquic_nonce_path(&k, 3, 0xd431, nonce);
	TQUIC_EXPECT_MEMEQ(test, nonce,
			   tquic_kunit_hex(test, "6b2611489cba2b63a9e8097e", 0,
					   NULL), TQUIC_IV_LEN);
	/* Path 0 is the packet protection of RFC 9001 */
	tquic_nonce_path(&k, 0, 0xd431, nonce);
	tquic_nonce(&k, 0xd431, plain);
	TQUIC_EXPECT_MEMEQ(test, nonce, plain, TQUIC_IV_LEN);
}

static struct kunit_case tquic_mp_cases[] = {
	KUNIT_CASE(mp_frames_roundtrip),
	KUNIT_CASE(mp_frames_refused),
	KUNIT_CASE(mp_encode_refused),
	KUNIT_CASE(mp_nonce),
	{}
};

static struct kunit_suite tquic_mp_suite = {
	.name = "tquic_mp_wire",
	.test_cases = tquic_mp_cases,
};

kunit_test_suite(tquic_mp_suite);
