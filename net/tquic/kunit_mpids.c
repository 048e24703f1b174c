// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: multipath path identifiers (multipath.c) - negotiation,
 * our connection ID per path ID and its PATH_NEW_CONNECTION_ID, the
 * peer's kept or given back, and every frame that names a path ID we
 * did not allow refused with PROTOCOL_VIOLATION.
 */
#include <kunit/test.h>
#include <net/net_namespace.h>

#include "buf.h"
#include "conn.h"
#include "kunit_conn.h"
#include "reset.h"
#include "tquic.h"

/* A connection that negotiated multipath: we allow 0-3, the peer 0-2. */
static struct tquic_conn *mp_conn(struct kunit *test)
{
	struct tquic_conn *c = tquic_kunit_conn(test);

	c->state = TQUIC_CONN_ESTABLISHED;
	c->scid.len = 8;
	c->dcid.len = 8;
	c->ltp.active_connection_id_limit = 3;
	c->ltp.has_initial_max_path_id = true;
	c->ltp.initial_max_path_id = 3;
	c->ptp.has_initial_max_path_id = true;
	c->ptp.initial_max_path_id = 2;
	tquic_mp_negotiate(c);
	test->priv = c;
	return c;
}

static void mp_exit(struct kunit *test)
{
	if (test->priv)
		tquic_mp_free(test->priv);
}

static int mp_rcv(struct tquic_conn *c, u64 type, u64 path_id, u64 *terr)
{
	struct tquic_frame f = { .type = type, .path_id = path_id };

	*terr = 0;
	return tquic_mp_frame_rcv(c, &f, terr);
}

static int mp_new_cid(struct tquic_conn *c, u64 path_id, u64 seq, u64 *terr)
{
	struct tquic_frame f = { .type = TQUIC_FT_PATH_NEW_CONNECTION_ID,
				 .path_id = path_id };

	f.new_cid.seq = seq;
	f.new_cid.cid_len = 8;
	memset(f.new_cid.cid, 0x10 * path_id + seq, 8);
	memset(f.new_cid.reset_token, 0x70 + seq, 16);
	*terr = 0;
	return tquic_mp_frame_rcv(c, &f, terr);
}

static void mpids_negotiate(struct kunit *test)
{
	struct tquic_conn *c = mp_conn(test);

	KUNIT_EXPECT_TRUE(test, c->mp.enabled);
	KUNIT_EXPECT_EQ(test, c->mp.local_max_path_id, 3U);
	KUNIT_EXPECT_EQ(test, c->mp.peer_max_path_id, 2U);
	/* Either end without it, or a zero-length ID: single path */
	c->ptp.has_initial_max_path_id = false;
	tquic_mp_negotiate(c);
	KUNIT_EXPECT_FALSE(test, c->mp.enabled);
	c->ptp.has_initial_max_path_id = true;
	c->dcid.len = 0;
	tquic_mp_negotiate(c);
	KUNIT_EXPECT_FALSE(test, c->mp.enabled);
}

/* Frames naming a path ID above ours are refused, whatever they are. */
static void mpids_refused(struct kunit *test)
{
	static const u64 types[] = {
		TQUIC_FT_PATH_ACK, TQUIC_FT_PATH_ACK_ECN,
		TQUIC_FT_PATH_ABANDON, TQUIC_FT_PATH_STATUS_BACKUP,
		TQUIC_FT_PATH_STATUS_AVAILABLE,
		TQUIC_FT_PATH_NEW_CONNECTION_ID,
		TQUIC_FT_PATH_RETIRE_CONNECTION_ID,
		TQUIC_FT_PATH_CIDS_BLOCKED,
	};
	struct tquic_conn *c = mp_conn(test);
	unsigned int i;
	u64 terr;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		KUNIT_EXPECT_EQ_MSG(test, mp_rcv(c, types[i], 4, &terr),
				    -EPROTO, "type %#llx", types[i]);
		KUNIT_EXPECT_EQ(test, terr,
				(u64)TQUIC_ERR_PROTOCOL_VIOLATION);
	}
	/* Nothing was sent on path 1: no acknowledgment of it can be */
	KUNIT_EXPECT_EQ(test, mp_rcv(c, TQUIC_FT_PATH_ACK, 1, &terr), -EPROTO);
	KUNIT_EXPECT_EQ(test, terr, (u64)TQUIC_ERR_PROTOCOL_VIOLATION);
	/* We issued only sequence number 0 for path 1 (not even that yet) */
	KUNIT_EXPECT_EQ(test,
			mp_rcv(c, TQUIC_FT_PATH_RETIRE_CONNECTION_ID, 1, &terr),
			-EPROTO);
	/* Abandoning path 0, the only path there is, ends the connection */
	KUNIT_EXPECT_EQ(test, mp_rcv(c, TQUIC_FT_PATH_ABANDON, 0, &terr),
			-ENETUNREACH);
	KUNIT_EXPECT_EQ(test, terr, (u64)TQUIC_ERR_NO_VIABLE_PATH);
	/* Within the limit: taken */
	KUNIT_EXPECT_EQ(test, mp_rcv(c, TQUIC_FT_PATH_ABANDON, 3, &terr), 0);
	KUNIT_EXPECT_EQ(test, mp_rcv(c, TQUIC_FT_PATH_CIDS_BLOCKED, 2, &terr),
			0);
	KUNIT_EXPECT_EQ(test, mp_rcv(c, TQUIC_FT_PATHS_BLOCKED, 9, &terr), 0);
}

static void mpids_peer_cids(struct kunit *test)
{
	struct tquic_conn *c = mp_conn(test);
	struct tquic_mp_id *e = &c->mp.ids[1];	/* path ID 2 */
	u32 local, peer;
	u64 terr;

	KUNIT_EXPECT_EQ(test, mp_new_cid(c, 2, 0, &terr), 0);
	KUNIT_EXPECT_TRUE(test, e->p_has);
	KUNIT_EXPECT_EQ(test, e->pcid.id[0], 0x20);
	KUNIT_EXPECT_EQ(test, e->ptoken[0], 0x70);
	/* A copy changes nothing */
	KUNIT_EXPECT_EQ(test, mp_new_cid(c, 2, 0, &terr), 0);
	KUNIT_EXPECT_EQ(test, c->mp.frames_pending, 0U);
	/* A second: given back (the limit of 3 allows it) */
	KUNIT_EXPECT_EQ(test, mp_new_cid(c, 2, 1, &terr), 0);
	KUNIT_EXPECT_EQ(test, e->nretire, 1);
	KUNIT_EXPECT_EQ(test, c->mp.frames_pending, 1U);
	KUNIT_EXPECT_EQ(test, e->pcid.id[0], 0x20);	/* the first kept */
	KUNIT_EXPECT_EQ(test, mp_new_cid(c, 2, 2, &terr), 0);
	/* The kept one and two not yet given back: a fourth is too many */
	KUNIT_EXPECT_EQ(test, mp_new_cid(c, 2, 3, &terr), -EPROTO);
	KUNIT_EXPECT_EQ(test, terr, (u64)TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR);
	/* Path 0's go to the NEW_CONNECTION_ID code */
	KUNIT_EXPECT_EQ(test, mp_new_cid(c, 0, 1, &terr), 0);
	tquic_mp_counts(c, &local, &peer);
	KUNIT_EXPECT_EQ(test, peer, 1U);
	KUNIT_EXPECT_EQ(test, local, 0U);
	/* The peer's status of path 2: only a newer sequence counts */
	{
		struct tquic_frame f = { .type = TQUIC_FT_PATH_STATUS_BACKUP,
					 .path_id = 2 };

		f.path.status_seq = 5;
		KUNIT_EXPECT_EQ(test, tquic_mp_frame_rcv(c, &f, &terr), 0);
		KUNIT_EXPECT_TRUE(test, e->peer_backup);
		f.type = TQUIC_FT_PATH_STATUS_AVAILABLE;
		f.path.status_seq = 4;
		KUNIT_EXPECT_EQ(test, tquic_mp_frame_rcv(c, &f, &terr), 0);
		KUNIT_EXPECT_TRUE(test, e->peer_backup);
		f.path.status_seq = 6;
		KUNIT_EXPECT_EQ(test, tquic_mp_frame_rcv(c, &f, &terr), 0);
		KUNIT_EXPECT_FALSE(test, e->peer_backup);
	}
	tquic_reset_del(c);
}

/* Ours: one ID per path ID both allow, routed and announced. */
static void mpids_ours(struct kunit *test)
{
	struct tquic_conn *c = mp_conn(test);
	struct tquic_frame f = {};
	struct tquic_sent rec = {};
	struct tquic_wr w;
	u8 buf[256];
	u32 local, peer, id;
	u64 terr;
	int n, off = 0, got = 0;

	/* The peer's ID of path 1 may come first (in the packet with
	 * HANDSHAKE_DONE): ours is issued all the same, the peer's kept.
	 */
	KUNIT_EXPECT_EQ(test, mp_new_cid(c, 1, 0, &terr), 0);
	tquic_mp_issue(c);
	tquic_mp_counts(c, &local, &peer);
	KUNIT_EXPECT_EQ(test, local, 2U);	/* path IDs 1 and 2 */
	KUNIT_EXPECT_EQ(test, peer, 1U);
	KUNIT_EXPECT_EQ(test, c->mp.ids[0].pcid.id[0], 0x10);
	KUNIT_EXPECT_EQ(test, c->mp.frames_pending, 2U);
	KUNIT_EXPECT_TRUE(test, tquic_mp_owns(c, c->mp.ids[1].lcid.id, 8,
					      &id));
	KUNIT_EXPECT_EQ(test, id, 2U);
	/* The frames, as they go out */
	tquic_wr_init(&w, buf, sizeof(buf));
	tquic_mp_put_frames(c, &w, &rec);
	KUNIT_EXPECT_EQ(test, c->mp.frames_pending, 0U);
	KUNIT_EXPECT_EQ(test, rec.nframes, 2);
	n = sizeof(buf) - w.left;
	while (off < n) {
		int k = tquic_frame_decode(buf + off, n - off, TQUIC_PKT_1RTT,
					   &f, &terr);

		KUNIT_ASSERT_GT(test, k, 0);
		KUNIT_EXPECT_EQ(test, f.type,
				(u64)TQUIC_FT_PATH_NEW_CONNECTION_ID);
		KUNIT_EXPECT_EQ(test, f.path_id, (u64)(got + 1));
		KUNIT_EXPECT_EQ(test, f.new_cid.seq, 0ULL);
		KUNIT_EXPECT_EQ(test, f.new_cid.cid_len, 8);
		KUNIT_EXPECT_EQ(test, memcmp(f.new_cid.cid,
					     c->mp.ids[got].lcid.id, 8), 0);
		off += k;
		got++;
	}
	KUNIT_EXPECT_EQ(test, got, 2);
	/* One lost: it goes again; acknowledged: no more */
	tquic_mp_fate(c, rec.frames[1].type, rec.frames[1].id, 0, false);
	KUNIT_EXPECT_EQ(test, c->mp.frames_pending, 1U);
	KUNIT_EXPECT_TRUE(test, c->mp.ids[1].l_pending);
	tquic_mp_fate(c, rec.frames[0].type, rec.frames[0].id, 0, true);
	KUNIT_EXPECT_FALSE(test, c->mp.ids[0].l_pending);
	/* The peer raises its limit: path ID 3 gets one; lower is ignored */
	f = (struct tquic_frame){ .type = TQUIC_FT_MAX_PATH_ID };
	f.path.max_path_id = 9;
	KUNIT_EXPECT_EQ(test, tquic_mp_frame_rcv(c, &f, &terr), 0);
	f.path.max_path_id = 1;
	KUNIT_EXPECT_EQ(test, tquic_mp_frame_rcv(c, &f, &terr), 0);
	KUNIT_EXPECT_EQ(test, c->mp.peer_max_path_id, 9U);
	tquic_mp_counts(c, &local, &peer);
	KUNIT_EXPECT_EQ(test, local, 3U);	/* ours stops at 3 */
	/* The peer retires path 2's ID: unrouted */
	KUNIT_EXPECT_EQ(test,
			mp_rcv(c, TQUIC_FT_PATH_RETIRE_CONNECTION_ID, 2, &terr),
			0);
	KUNIT_EXPECT_FALSE(test, tquic_mp_owns(c, c->mp.ids[1].lcid.id, 8,
					       &id));
	tquic_mp_counts(c, &local, &peer);
	KUNIT_EXPECT_EQ(test, local, 2U);
}

static struct kunit_case tquic_mpids_cases[] = {
	KUNIT_CASE(mpids_negotiate),
	KUNIT_CASE(mpids_refused),
	KUNIT_CASE(mpids_peer_cids),
	KUNIT_CASE(mpids_ours),
	{}
};

static struct kunit_suite tquic_mpids_suite = {
	.name = "tquic_mp_ids",
	.exit = mp_exit,
	.test_cases = tquic_mpids_cases,
};

kunit_test_suite(tquic_mpids_suite);
