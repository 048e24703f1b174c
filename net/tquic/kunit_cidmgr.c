// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: the peer's connection IDs from NEW_CONNECTION_ID
 * (cidmgr.c) - the active_connection_id_limit, copies, zero-length IDs,
 * Retire Prior To and the switch it forces - and the stateless reset
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

static struct kunit_case tquic_cidmgr_cases[] = {
	KUNIT_CASE(cidmgr_limit),
	KUNIT_CASE(cidmgr_copy_and_zero_length),
	KUNIT_CASE(cidmgr_retire_prior_to),
	KUNIT_CASE(cidmgr_reset_tokens),
	{}
};

static struct kunit_suite tquic_cidmgr_suite = {
	.name = "tquic_cidmgr",
	.exit = cid_exit,
	.test_cases = tquic_cidmgr_cases,
};

kunit_test_suite(tquic_cidmgr_suite);
