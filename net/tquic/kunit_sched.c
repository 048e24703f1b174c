// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the packet schedulers on synthetic path states: min-RTT,
 * round-robin, weighted (configured weights and bandwidth), BLEST, ECF,
 * redundant; backup paths and requested duplicates in all of them.
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "sched.h"

#define MSS	1200U

static const char * const sched_names[] = {
	"minrtt", "roundrobin", "weighted", "blest", "ecf", "redundant",
};

static int sched_pick(struct tquic_sched *s, struct tquic_sched_path *p,
		      unsigned int n, u32 bytes, u32 flags, u32 *dup)
{
	struct tquic_sched_ctx ctx = {
		.bytes = bytes,
		.queued = bytes,
		.flags = flags,
	};
	int ret = tquic_sched_select(s, p, n, &ctx);

	if (dup)
		*dup = ctx.dup;
	return ret;
}

static void sched_start(struct kunit *test, struct tquic_sched *s,
			const char *name)
{
	KUNIT_ASSERT_EQ(test, tquic_sched_init(s, name), 0);
	KUNIT_ASSERT_STREQ(test, s->ops->alg.name, name);
}

static void sched_minrtt(struct kunit *test)
{
	struct tquic_sched_path p[] = {
		{ .srtt = 50000, .cwnd = 10000, .usable = true },
		{ .srtt = 20000, .cwnd = 10000, .usable = true },
		{ .srtt = 10000, .cwnd = 10000, .in_flight = 9000,
		  .usable = true },
		{ .srtt = 5000, .cwnd = 10000, .usable = false },
		{ .srtt = 0, .cwnd = 10000, .usable = true },
	};
	struct tquic_sched s;
	u32 dup = 1;

	sched_start(test, &s, "minrtt");
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 5, 1200, 0, &dup), 1);
	KUNIT_EXPECT_EQ(test, dup, 0U);
	/* Path 2 has room for a small packet. */
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 5, 1000, 0, NULL), 2);
	p[1].in_flight = p[1].cwnd;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 5, 1200, 0, NULL), 0);
	p[0].in_flight = p[0].cwnd;
	/* Only the unmeasured path is left. */
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 5, 1200, 0, NULL), 4);
	p[4].in_flight = p[4].cwnd;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 5, 1200, 0, NULL), -EAGAIN);
	KUNIT_EXPECT_EQ(test, sched_pick(&s, &p[3], 1, 1200, 0, NULL),
			-ENETUNREACH);
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 0, 1200, 0, NULL),
			-ENETUNREACH);
	tquic_sched_release(&s);
	KUNIT_EXPECT_EQ(test, tquic_sched_init(&s, "bogus"), -ENOENT);
}

static void sched_roundrobin(struct kunit *test)
{
	struct tquic_sched_path p[4] = {
		{ .cwnd = 10000, .usable = true },
		{ .cwnd = 10000, .usable = true },
		{ .cwnd = 10000, .usable = true },
		{ .cwnd = 10000, .usable = true, .backup = true },
	};
	static const int want[] = { 0, 1, 2, 0, 1 };
	struct tquic_sched s;
	int i;

	sched_start(test, &s, "roundrobin");
	/* The backup path is skipped in the rotation. */
	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, 1200, 0, NULL),
				want[i]);
	p[0].usable = false;
	p[2].in_flight = 10000;
	/* Next would be 2 (full), then 3 (backup), 0 (unusable): 1 it is. */
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, 1200, 0, NULL), 1);
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, 1200, 0, NULL), 1);
	p[1].in_flight = 10000;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, 1200, 0, NULL), -EAGAIN);
	p[1].usable = false;
	p[2].usable = false;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, 1200, 0, NULL), 3);
	tquic_sched_release(&s);
}

/* Every scheduler: a backup path carries data only when no non-backup
 * path is usable, and never gets a copy while one is.
 */
static void sched_backup_all(struct kunit *test)
{
	struct tquic_sched_path p[3];
	struct tquic_sched s;
	u32 dup;
	int i;

	for (i = 0; i < ARRAY_SIZE(sched_names); i++) {
		memset(p, 0, sizeof(p));
		/* 0: a fast backup; 1: the slow primary; 2: another backup */
		p[0] = (struct tquic_sched_path){ .srtt = 5000, .cwnd = 50000,
			.usable = true, .backup = true, .weight = 5 };
		p[1] = (struct tquic_sched_path){ .srtt = 80000, .cwnd = 50000,
			.usable = true, .weight = 1 };
		p[2] = (struct tquic_sched_path){ .srtt = 9000, .cwnd = 50000,
			.usable = true, .backup = true, .weight = 1 };
		sched_start(test, &s, sched_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, sched_pick(&s, p, 3, MSS, 0, &dup),
				    1, "%s", sched_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, dup, 0U, "%s", sched_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, sched_pick(&s, p, 3, MSS,
						     TQUIC_SCHED_F_DUPLICATE,
						     &dup),
				    1, "%s", sched_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, dup, 0U, "%s", sched_names[i]);
		/* The primary's window is full: wait, do not fall back. */
		p[1].in_flight = p[1].cwnd;
		KUNIT_EXPECT_EQ_MSG(test, sched_pick(&s, p, 3, MSS, 0, NULL),
				    -EAGAIN, "%s", sched_names[i]);
		/* The primary is gone: the backups take over. */
		p[1].usable = false;
		KUNIT_EXPECT_GE_MSG(test, sched_pick(&s, p, 3, MSS, 0, &dup),
				    0, "%s", sched_names[i]);
		KUNIT_EXPECT_NE_MSG(test, sched_pick(&s, p, 3, MSS, 0, &dup),
				    1, "%s", sched_names[i]);
		p[0].usable = false;
		KUNIT_EXPECT_EQ_MSG(test, sched_pick(&s, p, 3, MSS, 0, &dup),
				    2, "%s", sched_names[i]);
		p[2].usable = false;
		KUNIT_EXPECT_EQ_MSG(test, sched_pick(&s, p, 3, MSS, 0, NULL),
				    -ENETUNREACH, "%s", sched_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, sched_pick(&s, p, 0, MSS, 0, NULL),
				    -ENETUNREACH, "%s", sched_names[i]);
		tquic_sched_release(&s);
	}
}

/* Configured weights 3:1 (and a path without a weight, which then gets
 * nothing): exact proportions, evenly interleaved.
 */
static void sched_weighted_configured(struct kunit *test)
{
	struct tquic_sched_path p[3] = {
		{ .srtt = 10000, .cwnd = 1 << 30, .weight = 3, .usable = true },
		{ .srtt = 10000, .cwnd = 1 << 30, .weight = 1, .usable = true },
		{ .srtt = 1000, .cwnd = 1 << 30, .usable = true },
	};
	static const int first[] = { 0, 0, 1, 0, 0, 0, 1, 0 };
	unsigned int count[3] = { 0 };
	struct tquic_sched s;
	int i, r;

	sched_start(test, &s, "weighted");
	for (i = 0; i < ARRAY_SIZE(first); i++)
		KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 3, MSS, 0, NULL),
				first[i]);
	for (i = 0; i < 400; i++) {
		r = sched_pick(&s, p, 3, MSS, 0, NULL);
		KUNIT_ASSERT_GE(test, r, 0);
		count[r]++;
	}
	KUNIT_EXPECT_EQ(test, count[0], 300U);
	KUNIT_EXPECT_EQ(test, count[1], 100U);
	KUNIT_EXPECT_EQ(test, count[2], 0U);
	/* A full path sits out; the rest keep their ratio among them. */
	p[0].in_flight = p[0].cwnd;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 3, MSS, 0, NULL), 1);
	p[1].in_flight = p[1].cwnd;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 3, MSS, 0, NULL), -EAGAIN);
	tquic_sched_release(&s);
}

/* No weights: bandwidth estimates, 10 MiB/s against 5 MiB/s, 2:1; the
 * rate estimate or, when larger, what the window lets through.
 */
static void sched_weighted_bandwidth(struct kunit *test)
{
	struct tquic_sched_path p[2] = {
		{ .srtt = 40000, .cwnd = 400000, .rate = 10 << 20,
		  .usable = true },
		{ .srtt = 10000, .cwnd = 50000, .rate = 5 << 20,
		  .usable = true },
	};
	struct tquic_sched_path est = { .srtt = 10000, .cwnd = 100000 };
	struct tquic_sched_path starved = { .srtt = 80000, .cwnd = 120000,
					    .rate = 20000 };
	struct tquic_sched_path fresh = { .cwnd = 12000 };
	unsigned int count[2] = { 0 };
	struct tquic_sched s;
	int i;

	KUNIT_EXPECT_EQ(test, tquic_weighted_weight(&p[0], false), 10240ULL);
	KUNIT_EXPECT_EQ(test, tquic_weighted_weight(&p[1], false), 5120ULL);
	/* cwnd / srtt = 10^7 B/s = 9765 KiB/s */
	KUNIT_EXPECT_EQ(test, tquic_weighted_weight(&est, false), 9765ULL);
	/* given little data: 1.5 * 10^6 B/s = 1464 KiB/s, not 19 */
	KUNIT_EXPECT_EQ(test, tquic_weighted_weight(&starved, false), 1464ULL);
	/* no sample: 12000 B / 333 ms = 36036 B/s = 35 KiB/s */
	KUNIT_EXPECT_EQ(test, tquic_weighted_weight(&fresh, false), 35ULL);
	KUNIT_EXPECT_EQ(test, tquic_weighted_weight(&fresh, true), 0ULL);

	sched_start(test, &s, "weighted");
	for (i = 0; i < 300; i++)
		count[sched_pick(&s, p, 2, MSS, 0, NULL)]++;
	KUNIT_EXPECT_EQ(test, count[0], 200U);
	KUNIT_EXPECT_EQ(test, count[1], 100U);
	tquic_sched_release(&s);
}

/* BLEST, fast path 10 ms with a 10-segment window, slow path 50 ms:
 * rtts = 5, X = (12000 + 1200 * 4 / 2) * 5 = 72000 bytes.
 */
static void sched_blest_rule(struct kunit *test)
{
	struct tquic_sched_path fast = { .srtt = 10000, .cwnd = 12000,
					 .in_flight = 12000, .usable = true };
	struct tquic_sched_path slow = { .srtt = 50000, .cwnd = 12000,
					 .usable = true };

	/* 64 KiB window: lambda * X > 65536 - 1200 with lambda 1 or 1.2 */
	KUNIT_EXPECT_TRUE(test, tquic_blest_wait(&fast, &slow, MSS, 65536,
						 100));
	KUNIT_EXPECT_TRUE(test, tquic_blest_wait(&fast, &slow, MSS, 65536,
						 120));
	/* 80000: 72000 fits in 78800, 86400 does not */
	KUNIT_EXPECT_FALSE(test, tquic_blest_wait(&fast, &slow, MSS, 80000,
						  100));
	KUNIT_EXPECT_TRUE(test, tquic_blest_wait(&fast, &slow, MSS, 80000,
						 120));
	/* A large window: the slow path cannot block the fast one. */
	KUNIT_EXPECT_FALSE(test, tquic_blest_wait(&fast, &slow, MSS, 100000,
						  120));
	/* What the slow path holds counts against the window. */
	slow.in_flight = 20000;
	KUNIT_EXPECT_TRUE(test, tquic_blest_wait(&fast, &slow, MSS, 100000,
						 120));
	/* Unknown window or RTT: never wait. */
	KUNIT_EXPECT_FALSE(test, tquic_blest_wait(&fast, &slow, MSS, 0, 130));
	slow.srtt = 0;
	KUNIT_EXPECT_FALSE(test, tquic_blest_wait(&fast, &slow, MSS, 65536,
						  130));
}

static int blest_pick(struct tquic_sched *s, struct tquic_sched_path *p,
		      u64 window, u64 now_us, u32 flags)
{
	struct tquic_sched_ctx ctx = {
		.bytes = MSS,
		.queued = 100000,
		.send_window = window,
		.now_us = now_us,
		.flags = flags,
	};

	return tquic_sched_select(s, p, 2, &ctx);
}

static void sched_blest_select(struct kunit *test)
{
	struct tquic_sched_path p[2] = {
		{ .srtt = 50000, .cwnd = 12000, .usable = true },
		{ .srtt = 10000, .cwnd = 12000, .usable = true },
	};
	struct tquic_sched s;
	u64 now = 1000000;
	int i;

	sched_start(test, &s, "blest");
	/* The fast path while it has room. */
	KUNIT_EXPECT_EQ(test, blest_pick(&s, p, 65536, now, 0), 1);
	p[1].in_flight = 12000;
	/* Full: the slow path would block it with a 64 KiB window... */
	KUNIT_EXPECT_EQ(test, blest_pick(&s, p, 65536, now, 0), -EAGAIN);
	KUNIT_EXPECT_EQ(test, s.priv[0], 120ULL);
	/* ...not with a large one. */
	KUNIT_EXPECT_EQ(test, blest_pick(&s, p, 1 << 20, now, 0), 0);
	/* lambda: -0.01 per slow RTT without blocking, +0.04 with */
	now += 50000;
	KUNIT_EXPECT_EQ(test, blest_pick(&s, p, 80000, now, 0), -EAGAIN);
	KUNIT_EXPECT_EQ(test, s.priv[0], 119ULL);
	now += 10000;
	KUNIT_EXPECT_EQ(test, blest_pick(&s, p, 80000, now,
					 TQUIC_SCHED_F_BLOCKED), -EAGAIN);
	KUNIT_EXPECT_EQ(test, s.priv[0], 119ULL);
	now += 40000;
	KUNIT_EXPECT_EQ(test, blest_pick(&s, p, 80000, now, 0), -EAGAIN);
	KUNIT_EXPECT_EQ(test, s.priv[0], 123ULL);
	for (i = 0; i < 30; i++) {
		now += 50000;
		blest_pick(&s, p, 80000, now, 0);
	}
	/* Down to lambda = 1.0: 72000 fits in 80000 - 1200. */
	KUNIT_EXPECT_EQ(test, s.priv[0], 100ULL);
	KUNIT_EXPECT_EQ(test, blest_pick(&s, p, 80000, now, 0), 0);
	for (i = 0; i < 30; i++) {
		now += 50000;
		blest_pick(&s, p, 80000, now, TQUIC_SCHED_F_BLOCKED);
	}
	KUNIT_EXPECT_EQ(test, s.priv[0], 130ULL);
	tquic_sched_release(&s);
}

/* ECF, fast path 10 ms (sigma 1 ms) and slow path 100 ms (sigma 5 ms),
 * 10-segment windows: delta = 5 ms.
 */
static void sched_ecf_rule(struct kunit *test)
{
	struct tquic_sched_path fast = { .srtt = 10000, .rttvar = 1000,
					 .cwnd = 12000, .usable = true };
	struct tquic_sched_path slow = { .srtt = 100000, .rttvar = 5000,
					 .cwnd = 12000, .usable = true };
	struct tquic_sched_path near = { .srtt = 30000, .rttvar = 1000,
					 .cwnd = 120000, .usable = true };
	bool waiting = false;

	/* k = 20 segments: n = 3, 30 ms < 105 ms, and the slow path would
	 * need 200 ms >= 25 ms: wait for the fast path.
	 */
	KUNIT_EXPECT_TRUE(test, tquic_ecf_wait(&fast, &slow, 24000, &waiting));
	KUNIT_EXPECT_TRUE(test, waiting);
	/* k = 1000 segments: n = 1001, 10 s on the fast path: use both. */
	KUNIT_EXPECT_FALSE(test, tquic_ecf_wait(&fast, &slow, 1200000,
						&waiting));
	KUNIT_EXPECT_FALSE(test, waiting);
	/* k = 100 segments: n * RTT_f = 110 ms, just above 105 ms: send on
	 * the slow path, unless already waiting (beta: 131.25 ms).
	 */
	KUNIT_EXPECT_FALSE(test, tquic_ecf_wait(&fast, &slow, 120000,
						&waiting));
	KUNIT_EXPECT_FALSE(test, waiting);
	waiting = true;
	KUNIT_EXPECT_TRUE(test, tquic_ecf_wait(&fast, &slow, 120000,
					       &waiting));
	KUNIT_EXPECT_TRUE(test, waiting);
	/* A slow path that finishes one segment within 2 RTT_f + delta
	 * (0.3 ms < 21 ms) is used even though n * RTT_f < RTT_s + delta.
	 */
	waiting = false;
	KUNIT_EXPECT_FALSE(test, tquic_ecf_wait(&fast, &near, 1200, &waiting));
	KUNIT_EXPECT_FALSE(test, waiting);
	/* No RTT sample: no estimate, send. */
	slow.srtt = 0;
	KUNIT_EXPECT_FALSE(test, tquic_ecf_wait(&fast, &slow, 24000, &waiting));
}

static void sched_ecf_select(struct kunit *test)
{
	struct tquic_sched_path p[2] = {
		{ .srtt = 100000, .rttvar = 5000, .cwnd = 12000,
		  .usable = true },
		{ .srtt = 10000, .rttvar = 1000, .cwnd = 12000,
		  .usable = true },
	};
	struct tquic_sched_ctx ctx = { .bytes = MSS, .queued = 24000 };
	struct tquic_sched s;

	sched_start(test, &s, "ecf");
	KUNIT_EXPECT_EQ(test, tquic_sched_select(&s, p, 2, &ctx), 1);
	p[1].in_flight = 12000;
	KUNIT_EXPECT_EQ(test, tquic_sched_select(&s, p, 2, &ctx), -EAGAIN);
	KUNIT_EXPECT_EQ(test, s.priv[0], 1ULL);
	/* Waiting: 110 ms < 131.25 ms keeps waiting... */
	ctx.queued = 120000;
	KUNIT_EXPECT_EQ(test, tquic_sched_select(&s, p, 2, &ctx), -EAGAIN);
	/* ...a long backlog sends on the slow path and stops waiting. */
	ctx.queued = 1200000;
	KUNIT_EXPECT_EQ(test, tquic_sched_select(&s, p, 2, &ctx), 0);
	KUNIT_EXPECT_EQ(test, s.priv[0], 0ULL);
	ctx.queued = 120000;
	KUNIT_EXPECT_EQ(test, tquic_sched_select(&s, p, 2, &ctx), 0);
	tquic_sched_release(&s);
}

static void sched_redundant(struct kunit *test)
{
	struct tquic_sched_path p[4] = {
		{ .srtt = 30000, .cwnd = 12000, .usable = true },
		{ .srtt = 10000, .cwnd = 12000, .usable = true },
		{ .srtt = 20000, .cwnd = 12000, .usable = true },
		{ .srtt = 1000, .cwnd = 12000, .usable = false },
	};
	struct tquic_sched s;
	u32 dup;

	sched_start(test, &s, "redundant");
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, MSS, 0, &dup), 1);
	KUNIT_EXPECT_EQ(test, dup, 0x5U);
	p[2].in_flight = 12000;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, MSS, 0, &dup), 1);
	KUNIT_EXPECT_EQ(test, dup, 0x1U);
	p[1].in_flight = 12000;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, MSS, 0, &dup), 0);
	KUNIT_EXPECT_EQ(test, dup, 0U);
	p[0].in_flight = 12000;
	KUNIT_EXPECT_EQ(test, sched_pick(&s, p, 4, MSS, 0, &dup), -EAGAIN);
	KUNIT_EXPECT_EQ(test, dup, 0U);
	tquic_sched_release(&s);
}

/* Any scheduler copies an interactive packet, or one the caller asks to
 * duplicate, to every other eligible path with room.
 */
static void sched_duplicate_on_request(struct kunit *test)
{
	struct tquic_sched_path p[3] = {
		{ .srtt = 30000, .cwnd = 12000, .usable = true },
		{ .srtt = 10000, .cwnd = 12000, .usable = true },
		{ .srtt = 20000, .cwnd = 12000, .in_flight = 12000,
		  .usable = true },
	};
	struct tquic_sched s;
	u32 dup;
	int i, r;

	for (i = 0; i < ARRAY_SIZE(sched_names); i++) {
		sched_start(test, &s, sched_names[i]);
		r = sched_pick(&s, p, 3, MSS, TQUIC_SCHED_F_INTERACTIVE, &dup);
		KUNIT_EXPECT_TRUE_MSG(test, r == 0 || r == 1, "%s",
				      sched_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, dup, r == 0 ? 0x2U : 0x1U, "%s",
				    sched_names[i]);
		r = sched_pick(&s, p, 3, MSS, TQUIC_SCHED_F_DUPLICATE, &dup);
		KUNIT_EXPECT_EQ_MSG(test, dup, r == 0 ? 0x2U : 0x1U, "%s",
				    sched_names[i]);
		tquic_sched_release(&s);
	}
}

static struct kunit_case tquic_sched_cases[] = {
	KUNIT_CASE(sched_minrtt),
	KUNIT_CASE(sched_roundrobin),
	KUNIT_CASE(sched_backup_all),
	KUNIT_CASE(sched_weighted_configured),
	KUNIT_CASE(sched_weighted_bandwidth),
	KUNIT_CASE(sched_blest_rule),
	KUNIT_CASE(sched_blest_select),
	KUNIT_CASE(sched_ecf_rule),
	KUNIT_CASE(sched_ecf_select),
	KUNIT_CASE(sched_redundant),
	KUNIT_CASE(sched_duplicate_on_request),
	{}
};

static struct kunit_suite tquic_sched_suite = {
	.name = "tquic_sched",
	.test_cases = tquic_sched_cases,
};

kunit_test_suite(tquic_sched_suite);
