// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: the peer's connection IDs from NEW_CONNECTION_ID
 * (cidmgr.c) - the active_connection_id_limit and what Retire Prior To
 * takes off it, copies, zero-length IDs, Retire Prior To and the switch
 * it forces, IDs given back that come again - and the stateless reset
 * tokens that come with them (reset.c), which end a connection whichever
 * of the peer's IDs it was using.
 */
#include <kunit/test.h>
#include <net/net_namespace.h>

#include "conn.h"
#include "kunit_conn.h"
#include "reset.h"
#include "tquic.h"

/* A connection that only has what the CID code reads. */
static struct tquic_conn *cid_conn(struct kunit *test, u64 limit)
{
	struct tquic_conn *c = tquic_kunit_conn(test);

	c->dcid.len = 8;
	memset(c->dcid.id, 0xd0, 8);
	c->ltp.active_connection_id_limit = limit;
	test->priv = c;
	return c;
}

/* Whatever a test left in the netns's reset table goes. */
static void cid_exit(struct kunit *test)
{
	if (test->priv)
		tquic_reset_del(test->priv);
}

static int new_cid(struct tquic_conn *c, u64 seq, u64 retire_prior_to,
		   u64 *terr)
{
	struct tquic_frame f = { .type = TQUIC_FT_NEW_CONNECTION_ID };

	f.new_cid.seq = seq;
	f.new_cid.retire_prior_to = retire_prior_to;
	f.new_cid.cid_len = 8;
	memset(f.new_cid.cid, seq, 8);
	memset(f.new_cid.reset_token, 0x40 + seq, 16);
	*terr = 0;
	return tquic_cids_new_rcv(c, &f, terr);
}

static u32 peer_cids(const struct tquic_conn *c)
{
	u32 local, peer;

	tquic_cids_count(c, &local, &peer);
	return peer;
}

static void cidmgr_limit(struct kunit *test)
{
	struct tquic_conn *c = cid_conn(test, 4);
	u64 terr, seq;

	/* The one in use counts: three more fit a limit of four */
	for (seq = 1; seq <= 3; seq++)
		KUNIT_EXPECT_EQ(test, new_cid(c, seq, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 4);
	KUNIT_EXPECT_EQ(test, new_cid(c, 4, 0, &terr), -EPROTO);
	KUNIT_EXPECT_EQ(test, terr, TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 4);
}

static void cidmgr_copy_and_zero_length(struct kunit *test)
{
	struct tquic_conn *c = cid_conn(test, 4);
	u64 terr;

	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);	/* a copy */
	KUNIT_EXPECT_EQ(test, peer_cids(c), 2);
	c->dcid.len = 0;	/* a peer with zero-length IDs gives none */
	KUNIT_EXPECT_EQ(test, new_cid(c, 2, 0, &terr), -EPROTO);
	KUNIT_EXPECT_EQ(test, terr, TQUIC_ERR_PROTOCOL_VIOLATION);
}

static void cidmgr_retire_prior_to(struct kunit *test)
{
	struct tquic_conn *c = cid_conn(test, 4);
	u64 terr;

	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 2, 0, &terr), 0);
	/* Everything below 2 goes: number 1, and 0 in use, for number 2 */
	KUNIT_EXPECT_EQ(test, new_cid(c, 3, 2, &terr), 0);
	KUNIT_EXPECT_EQ(test, c->dcid_seq, 2);
	KUNIT_EXPECT_EQ(test, c->dcid.id[0], 2);
	KUNIT_EXPECT_TRUE(test, c->dcid0_retired);
	KUNIT_EXPECT_TRUE(test, c->retire0_pending);
	KUNIT_EXPECT_EQ(test, c->cid_frames_pending, 2);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 2);
	/* A late copy of a retired one is not kept (RFC 9000, 19.15) */
	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 2);
}

static void cidmgr_reset_tokens(struct kunit *test)
{
	struct tquic_conn *c = cid_conn(test, 4);
	u8 dgram[40];
	u64 terr;

	memset(dgram, 0x55, sizeof(dgram));
	memset(dgram + sizeof(dgram) - 16, 0x42, 16);	/* number 2's */
	KUNIT_EXPECT_FALSE(test, tquic_reset_match(c, dgram, sizeof(dgram)));
	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 2, 0, &terr), 0);
	KUNIT_EXPECT_TRUE(test, tquic_reset_match(c, dgram, sizeof(dgram)));
	/* Too short to be a reset, however it ends */
	KUNIT_EXPECT_FALSE(test, tquic_reset_match(c, dgram + 20, 20));
	/* Once retired, its token no longer counts */
	KUNIT_EXPECT_EQ(test, new_cid(c, 3, 3, &terr), 0);
	KUNIT_EXPECT_FALSE(test, tquic_reset_match(c, dgram, sizeof(dgram)));
	memset(dgram + sizeof(dgram) - 16, 0x43, 16);	/* number 3's */
	KUNIT_EXPECT_TRUE(test, tquic_reset_match(c, dgram, sizeof(dgram)));
}

/* A Retire Prior To that retires the one in use (here the handshake's)
 * makes room for the ID that comes with it: at the limit, the frame
 * goes above it only by what it retires (RFC 9000, 5.1.2).
 */
static void cidmgr_limit_retire_prior_to(struct kunit *test)
{
	struct tquic_conn *c = cid_conn(test, 2);
	u64 terr, seq;

	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 2, 1, &terr), 0);
	KUNIT_EXPECT_EQ(test, terr, 0);
	KUNIT_EXPECT_EQ(test, c->dcid_seq, 1);
	KUNIT_EXPECT_TRUE(test, c->dcid0_retired);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 2);
	/* Only what it retires makes room: one more is one too many */
	KUNIT_EXPECT_EQ(test, new_cid(c, 3, 1, &terr), -EPROTO);
	KUNIT_EXPECT_EQ(test, terr, TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR);

	/* The default limit of eight, filled, then the next with rpt 1 */
	tquic_reset_del(c);
	c = cid_conn(test, 8);
	for (seq = 1; seq <= 7; seq++)
		KUNIT_EXPECT_EQ(test, new_cid(c, seq, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 8);
	KUNIT_EXPECT_EQ(test, new_cid(c, 8, 1, &terr), 0);
	KUNIT_EXPECT_EQ(test, terr, 0);
	KUNIT_EXPECT_EQ(test, c->dcid_seq, 1);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 8);
	/* Seq 1 in use, retired by the next: both room and a switch */
	KUNIT_EXPECT_EQ(test, new_cid(c, 9, 2, &terr), 0);
	KUNIT_EXPECT_EQ(test, c->dcid_seq, 2);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 8);
}

/* An ID given back for a new path (9.5), its RETIRE_CONNECTION_ID
 * acknowledged, comes again (the peer's NEW_CONNECTION_ID went again):
 * it is not kept, nor its reset token, but given back once more.
 */
static void cidmgr_replay_of_retired(struct kunit *test)
{
	struct tquic_conn *c = cid_conn(test, 4);
	u8 dgram[40];
	u64 terr;

	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 2, 0, &terr), 0);
	KUNIT_EXPECT_TRUE(test, tquic_cids_new_path(c));	/* 0 -> 1 */
	KUNIT_EXPECT_TRUE(test, tquic_cids_new_path(c));	/* 1 -> 2 */
	KUNIT_EXPECT_EQ(test, c->dcid_seq, 2);
	KUNIT_EXPECT_EQ(test, c->cid_frames_pending, 2);
	/* Both RETIRE_CONNECTION_IDs sent and acknowledged */
	c->retire0_pending = false;
	c->pcid[0].pending = false;
	c->cid_frames_pending = 0;
	tquic_cids_fate(c, TQUIC_FT_RETIRE_CONNECTION_ID, 1, true);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 1);

	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, terr, 0);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 1);
	KUNIT_EXPECT_FALSE(test, tquic_cids_spare(c));
	KUNIT_EXPECT_EQ(test, c->dcid_seq, 2);
	KUNIT_EXPECT_EQ(test, c->cid_frames_pending, 1);	/* again */
	memset(dgram, 0x55, sizeof(dgram));
	memset(dgram + sizeof(dgram) - 16, 0x41, 16);	/* number 1's */
	KUNIT_EXPECT_FALSE(test, tquic_reset_match(c, dgram, sizeof(dgram)));
	/* And once more while that one is in flight: a copy */
	KUNIT_EXPECT_EQ(test, new_cid(c, 1, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, c->cid_frames_pending, 1);
	/* The limit still has room for the peer's replacements */
	KUNIT_EXPECT_EQ(test, new_cid(c, 3, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 4, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 5, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 4);
}

/* Every spare slot holds a retirement not acknowledged yet when a frame
 * retires the ID in use: its ID cannot be kept, and must not be
 * forgotten (5.1.2), nor may the retired one go on being used - the
 * connection ends with CONNECTION_ID_LIMIT_ERROR.
 */
static void cidmgr_no_room_to_switch(struct kunit *test)
{
	struct tquic_conn *c = cid_conn(test, 8);
	u64 terr, seq;

	for (seq = 1; seq <= 7; seq++)
		KUNIT_EXPECT_EQ(test, new_cid(c, seq, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, new_cid(c, 8, 8, &terr), 0);	/* 7 retired */
	KUNIT_EXPECT_EQ(test, c->dcid_seq, 8);
	for (seq = 9; seq <= 12; seq++)
		KUNIT_EXPECT_EQ(test, new_cid(c, seq, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, peer_cids(c), 5);
	/* All TQUIC_PCID_SLOTS used; 8 (in use) to 12 retired by 13 */
	KUNIT_EXPECT_EQ(test, new_cid(c, 13, 13, &terr), -EPROTO);
	KUNIT_EXPECT_EQ(test, terr, TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR);
}

static struct kunit_case tquic_cidmgr_cases[] = {
	KUNIT_CASE(cidmgr_limit),
	KUNIT_CASE(cidmgr_copy_and_zero_length),
	KUNIT_CASE(cidmgr_retire_prior_to),
	KUNIT_CASE(cidmgr_reset_tokens),
	KUNIT_CASE(cidmgr_limit_retire_prior_to),
	KUNIT_CASE(cidmgr_replay_of_retired),
	KUNIT_CASE(cidmgr_no_room_to_switch),
	{}
};

static struct kunit_suite tquic_cidmgr_suite = {
	.name = "tquic_cidmgr",
	.exit = cid_exit,
	.test_cases = tquic_cidmgr_cases,
};

kunit_test_suite(tquic_cidmgr_suite);
