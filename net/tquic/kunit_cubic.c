// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of CUBIC (RFC 9438): the integer cube root, K, the cubic
 * window function, and the controller through its ops: slow start, the
 * reduction to 0.7 of the window, the window following W_cubic(t) in
 * congestion avoidance, the Reno-friendly region, fast convergence, one
 * reduction per recovery period, persistent congestion.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#include "cong.h"

#define MDS		1200U
#define MS		NSEC_PER_MSEC
#define T0		NSEC_PER_SEC

static void cubic_root_values(struct kunit *test)
{
	static const struct {
		u64 x;
		u32 root;
	} v[] = {
		{ 0, 0 }, { 1, 1 }, { 7, 1 }, { 8, 2 }, { 26, 2 }, { 27, 3 },
		{ 999, 9 }, { 1000, 10 }, { 1001, 10 },
		{ 125000000000000ULL, 50000 },
		{ 1ULL << 63, 1U << 21 },
		{ 18446724184312856125ULL, 2642245 },	/* 2642245^3 */
		{ 18446724184312856124ULL, 2642244 },
		{ U64_MAX, 2642245 },
	};
	u64 n;
	int i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		KUNIT_EXPECT_EQ_MSG(test, tquic_cubic_root(v[i].x), v[i].root,
				    "cbrt(%llu)", v[i].x);
	/* Exact cubes and their neighbours across the range. */
	for (n = 2; n <= 2642245; n = n * 3 + 1) {
		KUNIT_EXPECT_EQ(test, (u64)tquic_cubic_root(n * n * n), n);
		KUNIT_EXPECT_EQ(test, (u64)tquic_cubic_root(n * n * n - 1),
				n - 1);
	}
}

/* K = cbrt(W_max * (1 - beta) / C) after a reduction to beta * W_max. */
static void cubic_k_values(struct kunit *test)
{
	/* 1000 segments: cbrt(1000 * 0.3 / 0.4) = 9.0856 s */
	KUNIT_EXPECT_EQ(test, tquic_cubic_k(1000 * MDS, 700 * MDS, MDS), 9085U);
	/* 100 segments: cbrt(75) = 4.2172 s */
	KUNIT_EXPECT_EQ(test, tquic_cubic_k(100 * MDS, 70 * MDS, MDS), 4217U);
	KUNIT_EXPECT_EQ(test, tquic_cubic_k(100000, 70000, 1000), 4217U);
	/* Fast convergence's case: cbrt((71400 - 58800) / 1200 / 0.4) */
	KUNIT_EXPECT_EQ(test, tquic_cubic_k(71400, 58800, MDS), 2971U);
	/* Half a segment: cbrt(0.5 / 0.4) s = 1.0772 s */
	KUNIT_EXPECT_EQ(test, tquic_cubic_k(10 * MDS + MDS / 2, 10 * MDS, MDS),
			1077U);
	KUNIT_EXPECT_EQ(test, tquic_cubic_k(1000, 1000, MDS), 0U);
	KUNIT_EXPECT_EQ(test, tquic_cubic_k(1000, 2000, MDS), 0U);
	/* Absurd windows saturate instead of overflowing. */
	KUNIT_EXPECT_GT(test, tquic_cubic_k(U64_MAX, 0, MDS), 2000000U);
}

/* W_cubic(t) = 0.4 * MDS * (t - K)^3 + W_max, t in seconds */
static void cubic_window_values(struct kunit *test)
{
	u64 w_max = 1000 * MDS;

	KUNIT_EXPECT_EQ(test, tquic_cubic_window(w_max, 9085, 9085, MDS),
			w_max);
	/* t - K = +-1 s: one C = 0.4 segment */
	KUNIT_EXPECT_EQ(test, tquic_cubic_window(w_max, 9085, 10085, MDS),
			w_max + 480);
	KUNIT_EXPECT_EQ(test, tquic_cubic_window(w_max, 9085, 8085, MDS),
			w_max - 480);
	/* t - K = 5 s: 0.4 * 125 = 50 segments */
	KUNIT_EXPECT_EQ(test, tquic_cubic_window(w_max, 9085, 14085, MDS),
			w_max + 50 * MDS);
	/* t = 0 is the reduced window, 0.7 W_max (within a segment) */
	KUNIT_EXPECT_LE(test, abs((s64)tquic_cubic_window(w_max, 9085, 0, MDS) -
				  (s64)(700 * MDS)), (s64)MDS);
	/* t - K = 0.5 s: 0.4 * 0.125 * 1200 = 60 bytes */
	KUNIT_EXPECT_EQ(test, tquic_cubic_window(w_max, 9085, 9585, MDS),
			w_max + 60);
	/* Never negative; a day later still no overflow. */
	KUNIT_EXPECT_EQ(test, tquic_cubic_window(1000, 100000, 0, MDS), 0ULL);
	KUNIT_EXPECT_GT(test, tquic_cubic_window(w_max, 0, 86400000ULL, MDS),
			w_max);
}

static void cubic_start(struct kunit *test, struct tquic_cc *cc)
{
	KUNIT_ASSERT_EQ(test, tquic_cc_init(cc, "cubic", MDS), 0);
	KUNIT_ASSERT_PTR_EQ(test, cc->ops,
			    (const struct tquic_cc_ops *)&tquic_cc_cubic);
}

/* Acknowledge a window per @rtt_ms, one datagram at a time, spread over
 * the milliseconds @ms_from to @ms_to after @start; each datagram was
 * sent one RTT before its acknowledgment.  @credit carries the bytes due
 * but not yet acknowledged from one call to the next.
 */
static void cubic_drive(struct tquic_cc *cc, u64 start, u32 rtt_ms,
			u32 ms_from, u32 ms_to, u64 *credit)
{
	u64 now;
	u32 ms;

	for (ms = ms_from; ms <= ms_to; ms++) {
		now = start + ms * MS;
		*credit += cc->cwnd;
		while (*credit >= (u64)MDS * rtt_ms) {
			cc->ops->on_acked(cc, MDS, now - rtt_ms * MS, now);
			*credit -= (u64)MDS * rtt_ms;
		}
	}
}

static void cubic_slow_start(struct kunit *test)
{
	struct tquic_cc cc;
	u64 now = T0, want = 10 * MDS;
	int round, i, n;

	cubic_start(test, &cc);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, U64_MAX);
	/* Each round trip acknowledges the whole window: it doubles. */
	for (round = 0; round < 4; round++) {
		n = cc.cwnd / MDS;
		for (i = 0; i < n; i++)
			cc.ops->on_sent(&cc, MDS, now);
		KUNIT_EXPECT_EQ(test, cc.in_flight, (u64)n * MDS);
		for (i = 0; i < n; i++)
			cc.ops->on_acked(&cc, MDS, now, now + 50 * MS);
		now += 50 * MS;
		want *= 2;
		KUNIT_EXPECT_EQ(test, cc.cwnd, want);
		KUNIT_EXPECT_EQ(test, cc.in_flight, 0ULL);
	}
	KUNIT_EXPECT_EQ(test, cc.cwnd, 192000ULL);
	tquic_cc_release(&cc);
}

/* RFC 9002, 7.2: a larger datagram size recomputes the initial window. */
static void cc_initial_window_follows_mds(struct kunit *test)
{
	struct tquic_cc cc;

	cubic_start(test, &cc);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	tquic_cc_set_mds(&cc, 1472);
	KUNIT_EXPECT_EQ(test, cc.max_datagram_size, 1472U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 14720ULL);
	/* Smaller again (a black hole): the window stays. */
	tquic_cc_set_mds(&cc, MDS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 14720ULL);
	/* A window already past the new initial one stays. */
	cc.cwnd = 40000;
	tquic_cc_set_mds(&cc, 1472);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 40000ULL);
	tquic_cc_release(&cc);

	/* After a loss the window is the controller's, not the initial. */
	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", MDS), 0);
	cc.ops->on_sent(&cc, MDS, T0);
	cc.ops->on_lost(&cc, MDS, T0, T0 + 100 * MS);
	KUNIT_EXPECT_NE(test, cc.ssthresh, U64_MAX);
	cc.cwnd = 2 * MDS;
	tquic_cc_set_mds(&cc, 1472);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2ULL * MDS);
	KUNIT_EXPECT_EQ(test, cc.max_datagram_size, 1472U);
	tquic_cc_release(&cc);
}

static void cubic_loss_reduction(struct kunit *test)
{
	struct tquic_cc cc;
	struct tquic_cubic *cu;

	cubic_start(test, &cc);
	cu = tquic_cubic(&cc);
	cc.cwnd = 1000 * MDS;
	cc.ops->on_sent(&cc, MDS, T0 - 1);
	cc.ops->on_lost(&cc, MDS, T0 - 1, T0);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 700ULL * MDS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 700ULL * MDS);
	KUNIT_EXPECT_EQ(test, cu->w_max, 1000ULL * MDS);
	KUNIT_EXPECT_EQ(test, cu->cwnd_prior, 1000ULL * MDS);
	KUNIT_EXPECT_TRUE(test, cc.in_recovery);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 0ULL);

	/* 0.7 of the window, but never below the minimum window */
	cc.cwnd = 2 * MDS + MDS / 2;
	cc.ops->on_lost(&cc, MDS, T0 + 1, T0 + 2);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2ULL * MDS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 2ULL * MDS);
	tquic_cc_release(&cc);
}

/* Congestion avoidance after a loss at 1000 segments, RTT 100 ms: the
 * window follows W_cubic(t) (K = 9.085 s) through the concave region, the
 * plateau at W_max and into the convex region.
 */
static void cubic_avoidance_follows_curve(struct kunit *test)
{
	static const u32 points[] = { 1000, 4000, 9085, 11000, 12000 };
	u64 start = T0 + 100 * MS, credit = 0, w;
	struct tquic_cubic *cu;
	struct tquic_cc cc;
	u32 from = 0;
	int i;

	cubic_start(test, &cc);
	cu = tquic_cubic(&cc);
	cc.cwnd = 1000 * MDS;
	cc.ops->on_lost(&cc, MDS, T0 - 1, T0);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 700ULL * MDS);

	for (i = 0; i < ARRAY_SIZE(points); i++) {
		cubic_drive(&cc, start, 100, from, points[i], &credit);
		from = points[i] + 1;
		KUNIT_EXPECT_EQ(test, cu->k, 9085U);
		w = tquic_cubic_window(1000 * MDS, 9085, points[i], MDS);
		KUNIT_EXPECT_LE_MSG(test, abs((s64)cc.cwnd - (s64)w),
				    (s64)MDS, "t = %u ms: cwnd %llu W_cubic %llu",
				    points[i], cc.cwnd, w);
		/* Not the Reno-friendly region */
		KUNIT_EXPECT_LT(test, cu->w_est, cc.cwnd);
	}
	/* The concave region's growth slows toward W_max, never past it. */
	KUNIT_EXPECT_GT(test, cc.cwnd, 1000ULL * MDS);
	KUNIT_EXPECT_LT(test, cc.cwnd, 1020ULL * MDS);
	tquic_cc_release(&cc);
}

/* A short RTT (10 ms) and a small window: Reno would grow faster than the
 * cubic curve, so the window is W_est: alpha = 9/17 segment per RTT up to
 * the window before the loss (100 segments, reached after 56.7 RTTs), one
 * segment per RTT after that.
 */
static void cubic_reno_friendly(struct kunit *test)
{
	u64 start = T0 + 10 * MS, credit = 0;
	struct tquic_cubic *cu;
	struct tquic_cc cc;

	cubic_start(test, &cc);
	cu = tquic_cubic(&cc);
	cc.cwnd = 100 * MDS;
	cc.ops->on_lost(&cc, MDS, T0 - 1, T0);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 70ULL * MDS);

	cubic_drive(&cc, start, 10, 0, 500, &credit);
	KUNIT_EXPECT_EQ(test, cu->k, 4217U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, cu->w_est);
	/* 70 + 50 * 9/17 segments */
	KUNIT_EXPECT_LE(test, abs((s64)cc.cwnd - 115764), (s64)MDS);
	/* W_cubic(0.5 s) is 16 segments below */
	KUNIT_EXPECT_GT(test, cc.cwnd,
			tquic_cubic_window(100 * MDS, 4217, 500, MDS) +
			16 * MDS);

	cubic_drive(&cc, start, 10, 501, 1000, &credit);
	KUNIT_EXPECT_EQ(test, cc.cwnd, cu->w_est);
	/* 100 + (1000 - 566.7) / 10 segments */
	KUNIT_EXPECT_LE(test, abs((s64)cc.cwnd - 172000), (s64)MDS);
	tquic_cc_release(&cc);
}

/* A loss before the window regained W_max lowers W_max further to
 * cwnd * (1 + beta) / 2, so the flow yields to newer ones.
 */
static void cubic_fast_convergence(struct kunit *test)
{
	struct tquic_cubic *cu;
	struct tquic_cc cc;

	cubic_start(test, &cc);
	cu = tquic_cubic(&cc);
	cc.cwnd = 100 * MDS;
	cc.ops->on_lost(&cc, MDS, T0 - 1, T0);
	KUNIT_EXPECT_EQ(test, cu->w_max, 120000ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 84000ULL);

	/* Congestion avoidance starts, then a packet sent after recovery
	 * began is lost at 84000 < W_max.
	 */
	cc.ops->on_acked(&cc, MDS, T0 + 1, T0 + 100 * MS);
	KUNIT_EXPECT_TRUE(test, cu->in_epoch);
	KUNIT_EXPECT_EQ(test, cu->k, 4217U);
	cc.cwnd = 84000;
	cc.ops->on_lost(&cc, MDS, T0 + 1, T0 + 200 * MS);
	KUNIT_EXPECT_EQ(test, cu->w_max, 71400ULL);
	KUNIT_EXPECT_EQ(test, cu->cwnd_prior, 84000ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 58800ULL);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 58800ULL);
	KUNIT_EXPECT_FALSE(test, cu->in_epoch);

	/* The next stage aims at the lowered W_max. */
	cc.ops->on_acked(&cc, MDS, T0 + 201 * MS, T0 + 300 * MS);
	KUNIT_EXPECT_TRUE(test, cu->in_epoch);
	KUNIT_EXPECT_EQ(test, cu->k, 2971U);
	/* W_est starts at the window and has grown by this ack's share. */
	KUNIT_EXPECT_GE(test, cu->w_est, 58800ULL);
	KUNIT_EXPECT_LT(test, cu->w_est, 58800ULL + MDS);

	/* A loss above W_max sets W_max to the window itself. */
	cc.cwnd = 80000;
	cc.ops->on_lost(&cc, MDS, T0 + 301 * MS, T0 + 400 * MS);
	KUNIT_EXPECT_EQ(test, cu->w_max, 80000ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 56000ULL);
	tquic_cc_release(&cc);
}

static void cubic_one_reduction_per_recovery(struct kunit *test)
{
	struct tquic_cc cc;
	int i;

	cubic_start(test, &cc);
	for (i = 0; i < 10; i++)
		cc.ops->on_sent(&cc, MDS, T0 + i);
	/* Packets sent before recovery began: one reduction only. */
	cc.ops->on_lost(&cc, MDS, T0, T0 + 100 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 8400ULL);
	KUNIT_EXPECT_EQ(test, cc.recovery_start, T0 + 100 * MS);
	cc.ops->on_lost(&cc, MDS, T0 + 1, T0 + 101 * MS);
	cc.ops->on_lost(&cc, MDS, T0 + 2, T0 + 150 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 8400ULL);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 8400ULL);
	KUNIT_EXPECT_EQ(test, cc.recovery_start, T0 + 100 * MS);
	/* Nor do their acknowledgments grow the window. */
	cc.ops->on_acked(&cc, MDS, T0 + 3, T0 + 160 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 8400ULL);
	/* A packet sent at the start of recovery still belongs to it. */
	cc.ops->on_lost(&cc, MDS, T0 + 100 * MS, T0 + 170 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 8400ULL);
	/* One sent after: a new recovery period, a new reduction. */
	cc.ops->on_lost(&cc, MDS, T0 + 100 * MS + 1, T0 + 200 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 5880ULL);
	KUNIT_EXPECT_EQ(test, cc.recovery_start, T0 + 200 * MS);
	tquic_cc_release(&cc);
}

static void cubic_persistent_congestion(struct kunit *test)
{
	u64 credit = 0, start = T0 + 2 * NSEC_PER_SEC;
	struct tquic_cubic *cu;
	struct tquic_cc cc;

	cubic_start(test, &cc);
	cu = tquic_cubic(&cc);
	cc.cwnd = 100 * MDS;
	cc.ops->on_lost(&cc, MDS, T0 - 1, T0);
	cc.ops->on_acked(&cc, MDS, T0 + 1, T0 + 100 * MS);
	KUNIT_EXPECT_TRUE(test, cu->in_epoch);

	cc.ops->on_persistent_congestion(&cc, T0 + NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2ULL * MDS);
	KUNIT_EXPECT_FALSE(test, cc.in_recovery);
	KUNIT_EXPECT_EQ(test, cc.recovery_start, 0ULL);
	KUNIT_EXPECT_FALSE(test, cu->in_epoch);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 84000ULL);

	/* Slow start up to ssthresh, even for packets sent long ago... */
	cc.ops->on_acked(&cc, MDS, T0 - 10, T0 + NSEC_PER_SEC + 1);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 3ULL * MDS);
	/* ...then a congestion avoidance stage aiming at the old W_max. */
	cubic_drive(&cc, start, 100, 0, 600, &credit);
	KUNIT_EXPECT_TRUE(test, cu->in_epoch);
	KUNIT_EXPECT_EQ(test, cu->w_max, 120000ULL);
	KUNIT_EXPECT_GE(test, cc.cwnd, 84000ULL);
	KUNIT_EXPECT_LT(test, cc.cwnd, 120000ULL);
	tquic_cc_release(&cc);
}

/* The state fits the space struct tquic_cc reserves (also a BUILD_BUG_ON). */
static void cubic_state_size(struct kunit *test)
{
	struct tquic_cc cc;

	KUNIT_EXPECT_LE(test, sizeof(struct tquic_cubic), sizeof(cc.priv));
}

static struct kunit_case tquic_cubic_cases[] = {
	KUNIT_CASE(cubic_root_values),
	KUNIT_CASE(cubic_k_values),
	KUNIT_CASE(cubic_window_values),
	KUNIT_CASE(cubic_slow_start),
	KUNIT_CASE(cc_initial_window_follows_mds),
	KUNIT_CASE(cubic_loss_reduction),
	KUNIT_CASE(cubic_avoidance_follows_curve),
	KUNIT_CASE(cubic_reno_friendly),
	KUNIT_CASE(cubic_fast_convergence),
	KUNIT_CASE(cubic_one_reduction_per_recovery),
	KUNIT_CASE(cubic_persistent_congestion),
	KUNIT_CASE(cubic_state_size),
	{}
};

static struct kunit_suite tquic_cubic_suite = {
	.name = "tquic_cubic",
	.test_cases = tquic_cubic_cases,
};

kunit_test_suite(tquic_cubic_suite);
