// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the multipath congestion control: the group of a
 * connection's controllers, the rate sampler, LIA (RFC 6356: alpha and
 * the min() of coupled and uncoupled increase), OLIA (its increase and
 * alpha_r), and BBR v1 (the bandwidth filter, STARTUP -> DRAIN ->
 * PROBE_BW with its gain cycle -> PROBE_RTT and back, ACK aggregation,
 * loss recovery, pacing).
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "cong.h"
#include "cong_bbr.h"

#define MDS	1200U
#define MS	NSEC_PER_MSEC
#define T0	NSEC_PER_SEC
#define INC(x)	((u64)(x) << TQUIC_CC_INC_SHIFT)

/* A controller of @name in congestion avoidance with window @cwnd and
 * smoothed RTT @srtt_us.
 */
static void cc_start(struct kunit *test, struct tquic_cc *cc,
		     const char *name, u64 cwnd, u32 srtt_us)
{
	KUNIT_ASSERT_EQ(test, tquic_cc_init(cc, name, MDS), 0);
	cc->cwnd = cwnd;
	cc->ssthresh = cwnd;
	tquic_cc_rtt_sample(cc, srtt_us, srtt_us, srtt_us);
}

static void cong_group_walk(struct kunit *test)
{
	struct tquic_cc a, b, c, *k;
	struct tquic_cc_group g;
	unsigned int n = 0;

	cc_start(test, &a, "lia", 12000, 1000);
	cc_start(test, &b, "lia", 12000, 1000);
	cc_start(test, &c, "lia", 12000, 1000);
	/* Alone: a group of one. */
	tquic_cc_for_each_coupled(k, &a) {
		KUNIT_EXPECT_PTR_EQ(test, k, &a);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, tquic_cc_group_size(&a), 1U);

	tquic_cc_group_init(&g);
	tquic_cc_group_add(&g, &a);
	tquic_cc_group_add(&g, &b);
	tquic_cc_group_add(&g, &c);
	KUNIT_EXPECT_EQ(test, tquic_cc_group_size(&b), 3U);
	KUNIT_EXPECT_PTR_EQ(test, tquic_cc_group_next(&c, NULL), &a);
	KUNIT_EXPECT_PTR_EQ(test, tquic_cc_group_next(&c, &a), &b);
	KUNIT_EXPECT_PTR_EQ(test, tquic_cc_group_next(&c, &b), &c);
	KUNIT_EXPECT_NULL(test, tquic_cc_group_next(&c, &c));
	tquic_cc_group_del(&b);
	KUNIT_EXPECT_EQ(test, g.n, 2U);
	KUNIT_EXPECT_PTR_EQ(test, tquic_cc_group_next(&a, &a), &c);
	/* Release leaves the group. */
	tquic_cc_release(&a);
	KUNIT_EXPECT_EQ(test, g.n, 1U);
	KUNIT_EXPECT_PTR_EQ(test, tquic_cc_group_next(&c, NULL), &c);
	tquic_cc_release(&b);
	tquic_cc_release(&c);
	KUNIT_EXPECT_TRUE(test, list_empty(&g.members));
}

/* Ten packets a millisecond apart, acknowledged together 100 ms after the
 * first: 12000 bytes over the 100 ms ack phase.
 */
static void cong_rate_sample(struct kunit *test)
{
	struct tquic_cc_pkt pkt[10];
	struct tquic_cc_ack ack;
	struct tquic_cc cc;
	u64 base;
	int i;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", MDS), 0);
	for (i = 0; i < 10; i++)
		tquic_cc_on_sent(&cc, &pkt[i], MDS, T0 + i * MS);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 12000ULL);
	KUNIT_EXPECT_EQ(test, pkt[9].first_sent_time, (u64)T0);
	tquic_cc_ack_begin(&cc, &ack, T0 + 100 * MS);
	KUNIT_EXPECT_EQ(test, ack.prior_in_flight, 12000ULL);
	for (i = 0; i < 10; i++)
		tquic_cc_on_acked(&cc, &ack, &pkt[i], MDS, T0 + i * MS,
				  T0 + 100 * MS);
	tquic_cc_ack_end(&cc, &ack, T0 + 100 * MS);
	KUNIT_EXPECT_EQ(test, ack.acked, 12000ULL);
	KUNIT_EXPECT_EQ(test, ack.delivered, 12000ULL);
	KUNIT_EXPECT_EQ(test, ack.send_elapsed, 9 * MS);
	KUNIT_EXPECT_EQ(test, ack.interval_us, 100000ULL);
	KUNIT_EXPECT_EQ(test, ack.rate, 120000ULL);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 0ULL);
	/* NewReno's window grew in slow start as before. */
	KUNIT_EXPECT_EQ(test, cc.cwnd, 24000ULL);

	/* Second flight: 12000 bytes in 50 ms, 240000 bytes/s. */
	base = T0 + 100 * MS;
	for (i = 0; i < 10; i++)
		tquic_cc_on_sent(&cc, &pkt[i], MDS, base + i * MS);
	KUNIT_EXPECT_EQ(test, pkt[0].delivered, 12000ULL);
	tquic_cc_ack_begin(&cc, &ack, base + 50 * MS);
	for (i = 0; i < 10; i++)
		tquic_cc_on_acked(&cc, &ack, &pkt[i], MDS, base + i * MS,
				  base + 50 * MS);
	tquic_cc_ack_end(&cc, &ack, base + 50 * MS);
	KUNIT_EXPECT_EQ(test, ack.rate, 240000ULL);
	KUNIT_EXPECT_EQ(test, cc.delivered, 24000ULL);

	/* App-limited from now until what is in flight is delivered; an
	 * interval below the min RTT gives no sample.
	 */
	tquic_cc_app_limited(&cc);
	KUNIT_EXPECT_EQ(test, cc.app_limited, 24000ULL);
	tquic_cc_rtt_sample(&cc, 60000, 60000, 60000);
	base += 100 * MS;
	tquic_cc_on_sent(&cc, &pkt[0], MDS, base);
	KUNIT_EXPECT_TRUE(test, pkt[0].app_limited);
	tquic_cc_ack_begin(&cc, &ack, base + 50 * MS);
	tquic_cc_on_acked(&cc, &ack, &pkt[0], MDS, base, base + 50 * MS);
	tquic_cc_ack_end(&cc, &ack, base + 50 * MS);
	KUNIT_EXPECT_TRUE(test, ack.app_limited);
	KUNIT_EXPECT_EQ(test, ack.rate, 0ULL);
	KUNIT_EXPECT_EQ(test, ack.rtt_us, 60000U);
	KUNIT_EXPECT_EQ(test, cc.app_limited, 0ULL);
	tquic_cc_release(&cc);
}

/* RFC 6356 section 3: alpha = cwnd_total * max(cwnd_i / rtt_i^2) /
 * (sum cwnd_i / rtt_i)^2, in 1/1024.
 */
static void lia_alpha_values(struct kunit *test)
{
	struct tquic_cc a, b, c;
	struct tquic_cc_group g;

	tquic_cc_group_init(&g);
	cc_start(test, &a, "lia", 12000, 10000);
	/* One path: alpha = 1, the increase is Reno's. */
	KUNIT_EXPECT_EQ(test, tquic_lia_alpha(&a), 1024ULL);
	KUNIT_EXPECT_EQ(test, tquic_lia_increase(&a, MDS), INC(120));
	tquic_cc_group_add(&g, &a);
	cc_start(test, &b, "lia", 12000, 10000);
	tquic_cc_group_add(&g, &b);
	/* n equal paths: alpha = 1/n */
	KUNIT_EXPECT_EQ(test, tquic_lia_alpha(&a), 512ULL);
	cc_start(test, &c, "lia", 12000, 10000);
	tquic_cc_group_add(&g, &c);
	KUNIT_EXPECT_EQ(test, tquic_lia_alpha(&a), 341ULL);
	/* A path without an RTT sample is left out of the sums. */
	c.srtt_us = 0;
	KUNIT_EXPECT_EQ(test, tquic_lia_alpha(&a), 512ULL);
	tquic_cc_release(&c);

	/* 20 segments over 100 ms and 10 segments over 10 ms:
	 * alpha = 36000 * (12000 / 10^8) / (0.24 + 1.2)^2 = 2.0833
	 */
	a.cwnd = 24000;
	tquic_cc_rtt_sample(&a, 100000, 100000, 100000);
	KUNIT_EXPECT_EQ(test, tquic_lia_alpha(&a), 2133ULL);
	KUNIT_EXPECT_EQ(test, tquic_lia_alpha(&b), 2133ULL);
	tquic_cc_release(&a);
	tquic_cc_release(&b);
}

/* The increase per 1200 bytes acknowledged is min(alpha * 1200 * MSS /
 * cwnd_total, 1200 * MSS / cwnd_i).
 */
static void lia_increase_min(struct kunit *test)
{
	struct tquic_cc slow, fast;
	struct tquic_cc_group g;
	u64 w;

	tquic_cc_group_init(&g);
	cc_start(test, &slow, "lia", 24000, 100000);
	cc_start(test, &fast, "lia", 12000, 10000);
	tquic_cc_group_add(&g, &slow);
	tquic_cc_group_add(&g, &fast);
	/* Fast path: coupled 2133 / 1024 * 1440000 / 36000 = 83.32 bytes
	 * is below uncoupled 1440000 / 12000 = 120.
	 */
	KUNIT_EXPECT_EQ(test, tquic_lia_increase(&fast, MDS), 5460480ULL);
	/* Slow path: uncoupled 1440000 / 24000 = 60 is below 83.32. */
	KUNIT_EXPECT_EQ(test, tquic_lia_increase(&slow, MDS), INC(60));

	/* Through the ops: congestion avoidance adds those, carrying the
	 * fraction (0.32 of a byte) to the next ACK.
	 */
	slow.ops->on_sent(&slow, MDS, T0);
	slow.ops->on_acked(&slow, MDS, T0, T0 + 100 * MS);
	KUNIT_EXPECT_EQ(test, slow.cwnd, 24060ULL);
	w = fast.cwnd;
	fast.ops->on_acked(&fast, MDS, T0, T0 + 10 * MS);
	KUNIT_EXPECT_EQ(test, fast.cwnd, w + 83);
	/* Slow start is NewReno's. */
	fast.ssthresh = U64_MAX;
	fast.ops->on_acked(&fast, MDS, T0, T0 + 10 * MS);
	KUNIT_EXPECT_EQ(test, fast.cwnd, w + 83 + MDS);
	/* A loss halves, once per recovery period. */
	fast.ops->on_lost(&fast, MDS, T0 + 20 * MS, T0 + 30 * MS);
	KUNIT_EXPECT_EQ(test, fast.cwnd, (w + 83 + MDS) / 2);
	fast.ops->on_lost(&fast, MDS, T0 + 25 * MS, T0 + 31 * MS);
	KUNIT_EXPECT_EQ(test, fast.cwnd, (w + 83 + MDS) / 2);
	tquic_cc_release(&slow);
	tquic_cc_release(&fast);
}

/* OLIA on the same two paths: slow (20 segments, 100 ms), fast (10
 * segments, 10 ms).  The first term is (w_r / rtt_r^2) / (sum w / rtt)^2
 * per segment: 83.33 bytes on the fast path, 1.67 on the slow one.
 */
static void olia_increase_values(struct kunit *test)
{
	struct tquic_cc slow, fast, alone;
	struct tquic_cc_group g;

	cc_start(test, &alone, "olia", 12000, 10000);
	/* Alone: Reno's 1200 * 1200 / 12000 */
	KUNIT_EXPECT_EQ(test, tquic_olia_increase(&alone, MDS), (s64)INC(120));
	tquic_cc_release(&alone);

	tquic_cc_group_init(&g);
	cc_start(test, &slow, "olia", 24000, 100000);
	cc_start(test, &fast, "olia", 12000, 10000);
	tquic_cc_group_add(&g, &slow);
	tquic_cc_group_add(&g, &fast);

	/* The slow, largest-window path is also the best (l / rtt^2:
	 * 10^8 / 10^10 against 10^5 / 10^8): B \ M is empty, alpha = 0.
	 */
	tquic_olia(&slow)->acked = 100000000;
	tquic_olia(&fast)->acked = 100000;
	KUNIT_EXPECT_EQ(test, tquic_olia_increase(&fast, MDS), 5461336LL);
	KUNIT_EXPECT_EQ(test, tquic_olia_increase(&slow, MDS), 109226LL);

	/* Now the fast path is the best (10^6 / 10^10 against 10^5 / 10^8)
	 * and not the largest: alpha = +1/2 for it, -1/2 for the slow one;
	 * + 0.5 * 1440000 / 12000 = 60 and - 0.5 * 1440000 / 24000 = 30.
	 */
	tquic_olia(&slow)->acked = 1000000;
	KUNIT_EXPECT_EQ(test, tquic_olia_increase(&fast, MDS),
			5461336LL + (s64)INC(60));
	KUNIT_EXPECT_EQ(test, tquic_olia_increase(&slow, MDS),
			109226LL - (s64)INC(30));

	/* Through the ops: the slow path's window shrinks by 28.33 bytes
	 * per segment acknowledged, the fast one grows by 143.33.
	 */
	slow.ops->on_acked(&slow, MDS, T0, T0 + 100 * MS);
	KUNIT_EXPECT_EQ(test, slow.cwnd, 24000ULL - 28);
	fast.ops->on_acked(&fast, MDS, T0, T0 + 10 * MS);
	KUNIT_EXPECT_EQ(test, fast.cwnd, 12000ULL + 143);

	/* l_r: the bytes between the last two losses, or since the last. */
	tquic_olia(&fast)->acked = 500000;
	fast.ops->on_lost(&fast, MDS, T0 + 20 * MS, T0 + 30 * MS);
	KUNIT_EXPECT_EQ(test, tquic_olia(&fast)->loss2, 500000ULL);
	KUNIT_EXPECT_EQ(test, tquic_olia(&fast)->loss1, 0ULL);
	KUNIT_EXPECT_EQ(test, fast.cwnd, (12000ULL + 143) / 2);
	tquic_cc_release(&slow);
	tquic_cc_release(&fast);
}

static void bbr_filter(struct kunit *test)
{
	struct tquic_bbr_sample s[3] = {};

	KUNIT_EXPECT_EQ(test, tquic_bbr_max_filter(s, 10, 1, 100), 100ULL);
	KUNIT_EXPECT_EQ(test, tquic_bbr_max_filter(s, 10, 2, 50), 100ULL);
	KUNIT_EXPECT_EQ(test, tquic_bbr_max_filter(s, 10, 5, 80), 100ULL);
	KUNIT_EXPECT_EQ(test, s[1].v, 80ULL);
	/* The max ages out after 10 rounds: the second best takes over. */
	KUNIT_EXPECT_EQ(test, tquic_bbr_max_filter(s, 10, 12, 60), 80ULL);
	KUNIT_EXPECT_EQ(test, tquic_bbr_max_filter(s, 10, 16, 70), 70ULL);
	/* A new max replaces all. */
	KUNIT_EXPECT_EQ(test, tquic_bbr_max_filter(s, 10, 17, 90), 90ULL);
	KUNIT_EXPECT_EQ(test, s[2].v, 90ULL);
	/* Nothing for longer than the window: restart from the sample. */
	KUNIT_EXPECT_EQ(test, tquic_bbr_max_filter(s, 10, 40, 10), 10ULL);
}

/* One round trip's ACK: @acked bytes at a delivery rate of @rate bytes/s
 * with an RTT of 100 ms.
 */
static void bbr_ack(struct tquic_cc *cc, u64 now, u64 rate)
{
	struct tquic_cc_ack ack = {
		.now = now,
		.acked = 12000,
		.prior_in_flight = cc->in_flight,
		.prior_delivered = cc->delivered,
		.interval_us = 100000,
		.rate = rate,
		.rtt_us = 100000,
		.has_sample = true,
	};

	cc->delivered += ack.acked;
	cc->ops->on_ack_event(cc, &ack);
}

static void bbr_states(struct kunit *test)
{
	static const u64 startup[] = { 1000000, 2000000, 4000000,
				       4000000, 4000000, 4000000 };
	struct tquic_cc cc;
	struct tquic_bbr *bbr;
	u64 now = T0, t1 = T0 + 100 * MS;
	int i;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "bbr", MDS), 0);
	bbr = tquic_bbr(&cc);
	KUNIT_EXPECT_EQ(test, bbr->mode, (u8)TQUIC_BBR_STARTUP);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	/* No RTT yet: no pacing; then the window per RTT times 2.885. */
	KUNIT_EXPECT_EQ(test, tquic_cc_pacing_rate(&cc), 0ULL);
	tquic_cc_rtt_sample(&cc, 100000, 100000, 100000);
	KUNIT_EXPECT_EQ(test, tquic_cc_pacing_rate(&cc), 346406ULL);

	/* STARTUP: the bandwidth doubles, then stays for 3 rounds. */
	cc.in_flight = 600000;
	for (i = 0; i < ARRAY_SIZE(startup); i++) {
		now += 100 * MS;
		bbr_ack(&cc, now, startup[i]);
		if (i == 0) {
			KUNIT_EXPECT_EQ(test, bbr->min_rtt_us, 100000U);
			KUNIT_EXPECT_EQ(test, tquic_cc_pacing_rate(&cc),
					2857851ULL);
			KUNIT_EXPECT_EQ(test, cc.cwnd, 24000ULL);
		}
		if (i < 5)
			KUNIT_EXPECT_EQ(test, bbr->mode,
					(u8)TQUIC_BBR_STARTUP);
	}
	KUNIT_EXPECT_EQ(test, bbr->round_count, 6U);
	KUNIT_EXPECT_EQ(test, bbr->full_bw, 4000000ULL);
	KUNIT_EXPECT_EQ(test, bbr->full_bw_cnt, (u8)3);
	KUNIT_EXPECT_TRUE(test, bbr->full_bw_reached);
	/* DRAIN while in flight (600000) is above the BDP (400000). */
	KUNIT_EXPECT_EQ(test, bbr->mode, (u8)TQUIC_BBR_DRAIN);
	KUNIT_EXPECT_EQ(test, bbr->pacing_gain, (u16)TQUIC_BBR_DRAIN_GAIN);
	KUNIT_EXPECT_EQ(test, tquic_cc_pacing_rate(&cc), 1361250ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 84000ULL);
	KUNIT_EXPECT_EQ(test, tquic_bbr_bdp(&cc, 4000000, TQUIC_BBR_UNIT),
			400000ULL);

	/* Drained: PROBE_BW, never starting in the 3/4 phase. */
	cc.in_flight = 300000;
	now += 100 * MS;
	bbr_ack(&cc, now, 4000000);
	KUNIT_EXPECT_EQ(test, bbr->mode, (u8)TQUIC_BBR_PROBE_BW);
	KUNIT_EXPECT_NE(test, bbr->cycle_idx, (u8)1);
	KUNIT_EXPECT_EQ(test, bbr->cwnd_gain, (u16)TQUIC_BBR_CWND_GAIN);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 96000ULL);

	/* The gain cycle from the 5/4 phase. */
	bbr->cycle_idx = 0;
	bbr->pacing_gain = tquic_bbr_pacing_gains[0];
	bbr->cycle_stamp = now;
	bbr_ack(&cc, now + 50 * MS, 4000000);	/* not a min RTT yet */
	KUNIT_EXPECT_EQ(test, bbr->cycle_idx, (u8)0);
	KUNIT_EXPECT_EQ(test, bbr->pacing_gain, (u16)320);
	KUNIT_EXPECT_EQ(test, tquic_cc_pacing_rate(&cc), 4950000ULL);
	bbr_ack(&cc, now + 150 * MS, 4000000);	/* in flight < 5/4 BDP */
	KUNIT_EXPECT_EQ(test, bbr->cycle_idx, (u8)0);
	cc.in_flight = 500000;
	bbr_ack(&cc, now + 160 * MS, 4000000);	/* reached 5/4 BDP */
	KUNIT_EXPECT_EQ(test, bbr->cycle_idx, (u8)1);
	KUNIT_EXPECT_EQ(test, bbr->pacing_gain, (u16)192);
	KUNIT_EXPECT_EQ(test, tquic_cc_pacing_rate(&cc), 2970000ULL);
	cc.in_flight = 400000;
	bbr_ack(&cc, now + 170 * MS, 4000000);	/* drained to 1 BDP early */
	KUNIT_EXPECT_EQ(test, bbr->cycle_idx, (u8)2);
	KUNIT_EXPECT_EQ(test, tquic_cc_pacing_rate(&cc), 3960000ULL);
	bbr_ack(&cc, now + 220 * MS, 4000000);
	KUNIT_EXPECT_EQ(test, bbr->cycle_idx, (u8)2);
	bbr_ack(&cc, now + 280 * MS, 4000000);	/* one min RTT per phase */
	KUNIT_EXPECT_EQ(test, bbr->cycle_idx, (u8)3);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 168000ULL);

	/* The min RTT is 10 s old: PROBE_RTT, 4 packets in flight. */
	cc.in_flight = 300000;
	now = t1 + 10 * NSEC_PER_SEC + MS;
	bbr_ack(&cc, now, 4000000);
	KUNIT_EXPECT_EQ(test, bbr->mode, (u8)TQUIC_BBR_PROBE_RTT);
	KUNIT_EXPECT_EQ(test, bbr->prior_cwnd, 168000ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 4800ULL);
	KUNIT_EXPECT_EQ(test, bbr->min_rtt_stamp, now);
	KUNIT_EXPECT_NE(test, cc.app_limited, 0ULL);
	cc.in_flight = 4000;
	bbr_ack(&cc, now + 10 * MS, 4000000);
	KUNIT_EXPECT_EQ(test, bbr->probe_rtt_done_stamp, now + 210 * MS);
	bbr_ack(&cc, now + 110 * MS, 4000000);	/* a round, not 200 ms */
	KUNIT_EXPECT_EQ(test, bbr->mode, (u8)TQUIC_BBR_PROBE_RTT);
	KUNIT_EXPECT_TRUE(test, bbr->probe_rtt_round_done);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 4800ULL);
	bbr_ack(&cc, now + 260 * MS, 4000000);	/* both: back to PROBE_BW */
	KUNIT_EXPECT_EQ(test, bbr->mode, (u8)TQUIC_BBR_PROBE_BW);
	KUNIT_EXPECT_EQ(test, bbr->min_rtt_stamp, now + 260 * MS);
	/* The window before PROBE_RTT, plus what this ACK acknowledged. */
	KUNIT_EXPECT_EQ(test, cc.cwnd, 180000ULL);
	tquic_cc_release(&cc);
}

/* An ACK of @acked bytes arriving at @now, without a rate sample. */
static void bbr_ack_at(struct tquic_cc *cc, u64 now, u64 acked)
{
	struct tquic_cc_ack ack = {
		.now = now,
		.acked = acked,
		.prior_delivered = cc->delivered,
		.interval_us = 10000,
		.rtt_us = 10000,
		.has_sample = true,
	};

	cc->delivered += acked;
	cc->delivered_time = now;
	cc->ops->on_ack_event(cc, &ack);
}

/* ACK aggregation: 1 MB/s over a 10 ms min RTT is a 10000-byte BDP, but
 * 36000 bytes arrive within 2 ms: 34000 bytes beyond what the bandwidth
 * explains are added to the window, for 10 rounds.
 */
static void bbr_ack_aggregation(struct kunit *test)
{
	struct tquic_bbr *bbr;
	struct tquic_cc cc;
	int i;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "bbr", MDS), 0);
	bbr = tquic_bbr(&cc);
	tquic_bbr_max_filter(bbr->bw, TQUIC_BBR_BW_ROUNDS, 0, 1000000);
	bbr->min_rtt_us = 10000;
	bbr->min_rtt_stamp = T0;
	bbr->mode = TQUIC_BBR_PROBE_BW;
	bbr->cycle_idx = 2;
	bbr->cycle_stamp = T0;
	cc.cwnd = 100000;
	/* Before the pipe is full, no extra room. */
	bbr_ack_at(&cc, T0, 12000);
	KUNIT_EXPECT_EQ(test, bbr->extra_acked[0], 12000ULL);
	KUNIT_EXPECT_EQ(test, tquic_bbr_aggregation_cwnd(&cc), 0ULL);
	bbr->full_bw_reached = true;
	KUNIT_EXPECT_EQ(test, tquic_bbr_aggregation_cwnd(&cc), 12000ULL);
	/* 1 ms later: 1000 bytes expected, 24000 acknowledged. */
	bbr_ack_at(&cc, T0 + MS, 12000);
	KUNIT_EXPECT_EQ(test, bbr->extra_acked[0], 23000ULL);
	/* window: 2 * BDP + extra + 3 segments */
	KUNIT_EXPECT_EQ(test, cc.cwnd, 20000ULL + 23000 + 3600);
	bbr_ack_at(&cc, T0 + 2 * MS, 12000);
	KUNIT_EXPECT_EQ(test, bbr->extra_acked[0], 34000ULL);
	/* 100 ms later the ACKs are slower than the bandwidth: new epoch. */
	bbr_ack_at(&cc, T0 + 100 * MS, 1000);
	KUNIT_EXPECT_EQ(test, bbr->ack_epoch_acked, 1000ULL);
	KUNIT_EXPECT_EQ(test, tquic_bbr_aggregation_cwnd(&cc), 34000ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 20000ULL + 34000 + 3600);
	/* It ages out after two halves of 5 rounds. */
	for (i = 5; i <= 9; i++)
		bbr_ack_at(&cc, T0 + i * 100 * MS, 1000);
	KUNIT_EXPECT_EQ(test, tquic_bbr_aggregation_cwnd(&cc), 34000ULL);
	bbr_ack_at(&cc, T0 + 1000 * MS, 1000);
	KUNIT_EXPECT_EQ(test, tquic_bbr_aggregation_cwnd(&cc), 1000ULL);
	/* At most 100 ms of bandwidth. */
	bbr->extra_acked[1] = 500000;
	KUNIT_EXPECT_EQ(test, tquic_bbr_aggregation_cwnd(&cc), 100000ULL);
	tquic_cc_release(&cc);
}

/* Loss: packet conservation, then the old window back when recovery
 * ends.
 */
static void bbr_recovery(struct kunit *test)
{
	struct tquic_cc_ack ack = { .acked = MDS, .has_sample = false };
	struct tquic_cc cc;
	int i;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "bbr", MDS), 0);
	for (i = 0; i < 10; i++)
		cc.ops->on_sent(&cc, MDS, T0);
	cc.ops->on_lost(&cc, MDS, T0, T0 + 100 * MS);
	KUNIT_EXPECT_TRUE(test, cc.in_recovery);
	KUNIT_EXPECT_EQ(test, tquic_bbr(&cc)->prior_cwnd, 12000ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10800ULL);
	/* Further losses of the same flight take their bytes off. */
	cc.ops->on_lost(&cc, MDS, T0, T0 + 101 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 9600ULL);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 9600ULL);
	cc.ops->on_acked(&cc, MDS, T0, T0 + 102 * MS);
	ack.now = T0 + 102 * MS;
	cc.ops->on_ack_event(&cc, &ack);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 9600ULL);
	KUNIT_EXPECT_TRUE(test, tquic_bbr(&cc)->packet_conservation);
	/* A packet sent after recovery began is acknowledged: it ends. */
	cc.ops->on_acked(&cc, MDS, T0 + 150 * MS, T0 + 250 * MS);
	KUNIT_EXPECT_FALSE(test, cc.in_recovery);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	/* Persistent congestion: RFC 9002's minimum window. */
	cc.ops->on_persistent_congestion(&cc, T0 + 300 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2ULL * MDS);
	KUNIT_EXPECT_EQ(test, tquic_bbr(&cc)->prior_cwnd, 12000ULL);
	tquic_cc_release(&cc);
}

static void cong_state_sizes(struct kunit *test)
{
	struct tquic_cc cc;

	KUNIT_EXPECT_LE(test, sizeof(struct tquic_bbr), sizeof(cc.priv));
	KUNIT_EXPECT_LE(test, sizeof(struct tquic_olia), sizeof(cc.priv));
}

/* @n acknowledgments of 1200-byte packets, each with an RTT sample of
 * @rtt_us, a window's worth in flight.
 */
static void hs_acks(struct tquic_cc *cc, int n, u32 rtt_us, u64 *now)
{
	struct tquic_cc_pkt pkt = {};
	struct tquic_cc_ack ack;
	int i;

	for (i = 0; i < n; i++) {
		*now += 1000000;
		cc->in_flight = 12000;
		tquic_cc_rtt_sample(cc, rtt_us, rtt_us, 10000);
		tquic_cc_ack_begin(cc, &ack, *now);
		tquic_cc_on_acked(cc, &ack, &pkt, 1200, *now - 500000, *now);
	}
}

/* HyStart++'s test (multipath paths): slow start goes on while the
 * rounds' minimum RTT holds, ends once it grew by 4 ms or more.
 */
static void cong_hystart(struct kunit *test)
{
	struct tquic_cc *cc = kunit_kzalloc(test, sizeof(*cc), GFP_KERNEL);
	u64 now = 0;

	KUNIT_ASSERT_NOT_NULL(test, cc);
	KUNIT_ASSERT_EQ(test, tquic_cc_init(cc, "newreno", 1200), 0);
	cc->hystart = true;
	hs_acks(cc, 60, 10000, &now);
	KUNIT_EXPECT_LT(test, cc->cwnd, cc->ssthresh);
	hs_acks(cc, 60, 13000, &now);	/* 3 ms more: under the 4 ms */
	KUNIT_EXPECT_LT(test, cc->cwnd, cc->ssthresh);
	hs_acks(cc, 60, 18000, &now);
	KUNIT_EXPECT_GE(test, cc->cwnd, cc->ssthresh);
	KUNIT_EXPECT_NE(test, cc->ssthresh, U64_MAX);
	tquic_cc_release(cc);

	/* Without it (one path): slow start until a loss */
	memset(cc, 0, sizeof(*cc));
	KUNIT_ASSERT_EQ(test, tquic_cc_init(cc, "newreno", 1200), 0);
	now = 0;
	hs_acks(cc, 60, 10000, &now);
	hs_acks(cc, 60, 18000, &now);
	KUNIT_EXPECT_LT(test, cc->cwnd, cc->ssthresh);
	tquic_cc_release(cc);
}

/* A rate sample of @bytes delivered over @us, arriving at @now ns */
static void bw_sample(struct tquic_cc *cc, u64 bytes, u32 us, u64 now)
{
	struct tquic_cc_ack ack;

	tquic_cc_ack_begin(cc, &ack, now);
	ack.has_sample = true;
	ack.prior_delivered = cc->delivered;
	cc->delivered += bytes;
	ack.send_elapsed = (u64)us * NSEC_PER_USEC;
	tquic_cc_ack_end(cc, &ack, now);
}

/* RFC 9002 7.8: acknowledgments do not grow a window that was not in
 * use in their round.  Slow start: the window counts as used once half
 * of it is in flight, until what was in flight then is delivered.
 */
static void cong_window_unused(struct kunit *test)
{
	struct tquic_cc_pkt pkt[11];
	struct tquic_cc_ack ack;
	struct tquic_cc cc;
	int i;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", MDS), 0);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 12000ULL);
	/* One packet alone: acknowledged, the window stays. */
	tquic_cc_on_sent(&cc, &pkt[0], MDS, T0);
	KUNIT_EXPECT_EQ(test, cc.used_until, 0ULL);
	tquic_cc_ack_begin(&cc, &ack, T0 + 50 * MS);
	tquic_cc_on_acked(&cc, &ack, &pkt[0], MDS, T0, T0 + 50 * MS);
	tquic_cc_ack_end(&cc, &ack, T0 + 50 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	/* Ten: from the fifth on half the window is in flight; the round
	 * ends when all ten are delivered, and every one grows it.
	 */
	for (i = 1; i <= 4; i++)
		tquic_cc_on_sent(&cc, &pkt[i], MDS, T0 + (50 + i) * MS);
	KUNIT_EXPECT_EQ(test, cc.used_until, 0ULL);
	for (i = 5; i <= 10; i++)
		tquic_cc_on_sent(&cc, &pkt[i], MDS, T0 + (50 + i) * MS);
	KUNIT_EXPECT_EQ(test, cc.used_until, 1200ULL + 12000);
	tquic_cc_ack_begin(&cc, &ack, T0 + 110 * MS);
	for (i = 1; i <= 10; i++)
		tquic_cc_on_acked(&cc, &ack, &pkt[i], MDS, T0 + (50 + i) * MS,
				  T0 + 110 * MS);
	tquic_cc_ack_end(&cc, &ack, T0 + 110 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 24000ULL);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 0ULL);
	/* The round is over: a packet alone grows it no more. */
	tquic_cc_on_sent(&cc, &pkt[0], MDS, T0 + 200 * MS);
	tquic_cc_ack_begin(&cc, &ack, T0 + 250 * MS);
	tquic_cc_on_acked(&cc, &ack, &pkt[0], MDS, T0 + 200 * MS,
			  T0 + 250 * MS);
	tquic_cc_ack_end(&cc, &ack, T0 + 250 * MS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 24000ULL);
	tquic_cc_release(&cc);
}

/* The multipath in-flight cap: twice the highest recent rate times the
 * minimum RTT in slow start, one and a half times after it, plus four
 * datagrams; the highest rate holds for ten
 * smoothed RTTs (at least a second), then the next sample replaces it.
 */
static void cong_inflight_cap(struct kunit *test)
{
	struct tquic_cc *cc = kunit_kzalloc(test, sizeof(*cc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cc);
	KUNIT_ASSERT_EQ(test, tquic_cc_init(cc, "cubic", 1452), 0);
	KUNIT_EXPECT_EQ(test, tquic_cc_inflight_cap(cc), U64_MAX);
	cc->min_rtt_us = 80000;
	cc->srtt_us = 200000;
	/* 312500 bytes in 100 ms: 3125000 B/s (25 Mbit/s) */
	bw_sample(cc, 312500, 100000, NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, cc->bw_max, 3125000ULL);
	/* In slow start: 2 * 250000 + 4 * 1452 */
	KUNIT_EXPECT_EQ(test, tquic_cc_inflight_cap(cc), 505808ULL);
	/* After it: 250000 * 3 / 2 + 4 * 1452 */
	cc->ssthresh = cc->cwnd;
	KUNIT_EXPECT_EQ(test, tquic_cc_inflight_cap(cc), 380808ULL);
	cc->ssthresh = U64_MAX;
	/* A lower sample within 2 s (10 RTTs) does not lower it */
	bw_sample(cc, 100000, 100000, NSEC_PER_SEC + 1900 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, cc->bw_max, 3125000ULL);
	/* After them it does */
	bw_sample(cc, 100000, 100000, NSEC_PER_SEC + 2100 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, cc->bw_max, 1000000ULL);
	/* Never below the initial window */
	cc->min_rtt_us = 1000;
	KUNIT_EXPECT_EQ(test, tquic_cc_inflight_cap(cc),
			tquic_cc_initial_window(1452));
	tquic_cc_release(cc);
}

/* @cc switched to @name, as TQUIC_CMD_CONN_SET does it */
static void cc_switch(struct kunit *test, struct tquic_cc *cc,
		      const char *name)
{
	struct tquic_alg *alg = tquic_alg_get(&tquic_cc_registry, name);

	KUNIT_ASSERT_NOT_NULL(test, alg);
	tquic_cc_switch(cc, container_of(alg, struct tquic_cc_ops, alg));
	tquic_alg_put(alg);
}

/* Controllers switched mid-transfer stay coupled, and the flight sent
 * before the switch is sampled against the same delivered count: 1200
 * bytes in 20 ms, not 1200 - 12000 (a rate of U64_MAX, and BBR's window
 * and pacing without bound).
 */
static void cong_switch_keeps_path_state(struct kunit *test)
{
	struct tquic_cc_pkt pkt[10];
	struct tquic_cc_group g;
	struct tquic_cc_ack ack;
	struct tquic_cc a, b;
	u64 t = T0 + 20 * MS;
	int i;

	tquic_cc_group_init(&g);
	cc_start(test, &a, "lia", 12000, 10000);
	cc_start(test, &b, "lia", 24000, 10000);
	tquic_cc_group_add(&g, &a);
	tquic_cc_group_add(&g, &b);
	/* A first flight on a, acknowledged: 12000 bytes in 20 ms */
	for (i = 0; i < 10; i++)
		tquic_cc_on_sent(&a, &pkt[i], MDS, T0 + i * MS);
	tquic_cc_ack_begin(&a, &ack, t);
	for (i = 0; i < 10; i++)
		tquic_cc_on_acked(&a, &ack, &pkt[i], MDS, T0 + i * MS, t);
	tquic_cc_ack_end(&a, &ack, t);
	KUNIT_EXPECT_EQ(test, a.bw_max, 600000ULL);
	/* The second is in flight when the switch comes */
	for (i = 0; i < 10; i++)
		tquic_cc_on_sent(&a, &pkt[i], MDS, t + i * MS);
	cc_switch(test, &a, "bbr");
	cc_switch(test, &b, "olia");
	KUNIT_EXPECT_STREQ(test, a.ops->alg.name, "bbr");
	KUNIT_EXPECT_STREQ(test, b.ops->alg.name, "olia");
	/* Still one group of two */
	KUNIT_EXPECT_EQ(test, g.n, 2U);
	KUNIT_EXPECT_EQ(test, tquic_cc_group_size(&a), 2U);
	KUNIT_EXPECT_PTR_EQ(test, tquic_cc_group_next(&b, NULL), &a);
	KUNIT_EXPECT_PTR_EQ(test, tquic_cc_group_next(&a, &a), &b);
	KUNIT_EXPECT_NULL(test, tquic_cc_group_next(&a, &b));
	/* The path's state carried over */
	KUNIT_EXPECT_EQ(test, a.in_flight, 12000ULL);
	KUNIT_EXPECT_EQ(test, a.delivered, 12000ULL);
	KUNIT_EXPECT_EQ(test, a.min_rtt_us, 10000U);
	KUNIT_EXPECT_EQ(test, a.bw_max, 600000ULL);
	KUNIT_EXPECT_EQ(test, b.cwnd, 24000ULL);
	KUNIT_EXPECT_EQ(test, b.ssthresh, 24000ULL);

	/* The first packet of the second flight: 1200 bytes in 20 ms */
	tquic_cc_ack_begin(&a, &ack, t + 20 * MS);
	tquic_cc_on_acked(&a, &ack, &pkt[0], MDS, t, t + 20 * MS);
	tquic_cc_ack_end(&a, &ack, t + 20 * MS);
	KUNIT_EXPECT_EQ(test, ack.delivered, 1200ULL);
	KUNIT_EXPECT_EQ(test, ack.rate, 60000ULL);
	KUNIT_EXPECT_EQ(test, a.bw_max, 600000ULL);
	KUNIT_EXPECT_LT(test, a.cwnd, 100ULL * MDS);
	KUNIT_EXPECT_LT(test, tquic_cc_pacing_rate(&a), 100000000ULL);
	KUNIT_EXPECT_LT(test, tquic_cc_inflight_cap(&a), 100ULL * MDS);
	tquic_cc_release(&a);
	tquic_cc_release(&b);
	KUNIT_EXPECT_TRUE(test, list_empty(&g.members));
}

/* RFC 9000, 9.4: a peer's new address validated, the controller starts
 * over - window, threshold, RTTs and bandwidth back to their initial
 * values - while what is in flight and the delivered count stay, so a
 * packet sent before is still acknowledged against them; it stays in
 * its group.
 */
static void cong_reset_keeps_flight(struct kunit *test)
{
	static const char * const algs[] = { "cubic", "bbr", "lia" };
	struct tquic_cc_pkt pkt[4];
	struct tquic_cc_group g;
	struct tquic_cc_ack ack;
	struct tquic_cc a;
	u64 t = T0 + 20 * MS;
	unsigned int k;
	int i;

	for (k = 0; k < ARRAY_SIZE(algs); k++) {
		tquic_cc_group_init(&g);
		cc_start(test, &a, algs[k], 60000, 10000);
		tquic_cc_group_add(&g, &a);
		for (i = 0; i < 4; i++)
			tquic_cc_on_sent(&a, &pkt[i], MDS, T0 + i * MS);
		tquic_cc_ack_begin(&a, &ack, t);
		tquic_cc_on_acked(&a, &ack, &pkt[0], MDS, T0, t);
		tquic_cc_ack_end(&a, &ack, t);
		tquic_cc_reset(&a);
		KUNIT_EXPECT_EQ(test, a.cwnd, tquic_cc_initial_window(MDS));
		KUNIT_EXPECT_EQ(test, a.ssthresh, U64_MAX);
		KUNIT_EXPECT_EQ(test, a.min_rtt_us, 0U);
		KUNIT_EXPECT_EQ(test, a.srtt_us, 0U);
		KUNIT_EXPECT_EQ(test, a.bw_max, 0ULL);
		KUNIT_EXPECT_FALSE(test, a.in_recovery);
		KUNIT_EXPECT_EQ(test, a.in_flight, 3ULL * MDS);
		KUNIT_EXPECT_EQ(test, a.delivered, (u64)MDS);
		KUNIT_EXPECT_EQ(test, tquic_cc_group_size(&a), 1U);
		/* A packet from before: acknowledged without underflow */
		tquic_cc_ack_begin(&a, &ack, t + 10 * MS);
		tquic_cc_on_acked(&a, &ack, &pkt[1], MDS, T0 + MS, t + 10 * MS);
		tquic_cc_ack_end(&a, &ack, t + 10 * MS);
		KUNIT_EXPECT_EQ(test, a.in_flight, 2ULL * MDS);
		KUNIT_EXPECT_EQ(test, ack.delivered, 2ULL * MDS);
		tquic_cc_release(&a);
	}
}

static struct kunit_case tquic_cong_mp_cases[] = {
	KUNIT_CASE(cong_group_walk),
	KUNIT_CASE(cong_rate_sample),
	KUNIT_CASE(lia_alpha_values),
	KUNIT_CASE(lia_increase_min),
	KUNIT_CASE(olia_increase_values),
	KUNIT_CASE(bbr_filter),
	KUNIT_CASE(bbr_states),
	KUNIT_CASE(bbr_ack_aggregation),
	KUNIT_CASE(bbr_recovery),
	KUNIT_CASE(cong_state_sizes),
	KUNIT_CASE(cong_hystart),
	KUNIT_CASE(cong_inflight_cap),
	KUNIT_CASE(cong_window_unused),
	KUNIT_CASE(cong_switch_keeps_path_state),
	KUNIT_CASE(cong_reset_keeps_flight),
	{}
};

static struct kunit_suite tquic_cong_mp_suite = {
	.name = "tquic_cong_mp",
	.test_cases = tquic_cong_mp_cases,
};

kunit_test_suite(tquic_cong_mp_suite);
