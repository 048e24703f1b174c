// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: "olia", the Opportunistic Linked Increases Algorithm (Khalili,
 * Gast, Popovic, Le Boudec: "MPTCP is not Pareto-optimal: performance
 * issues and a possible solution", CoNEXT 2012, and
 * draft-khalili-mptcp-congestion-control), coupling the congestion
 * controllers of a connection's paths.
 *
 * In congestion avoidance, each ACK on path r grows its window (in
 * segments, per segment acknowledged) by
 *
 *	(w_r / rtt_r^2) / (sum_p w_p / rtt_p)^2  +  alpha_r / w_r
 *
 * With l_r the bytes delivered on r between its last two losses, or since
 * the last loss if that is more, the best paths B are those with the
 * largest l_r / rtt_r^2, and M those with the largest window.  When some
 * best path does not have the largest window (B \ M not empty), alpha_r
 * moves window towards them:
 *
 *	alpha_r =  1 / (|P| * |B \ M|)	for r in B \ M
 *	alpha_r = -1 / (|P| * |M|)	for r in M
 *	alpha_r =  0			otherwise
 *
 * A loss halves the window (NewReno's response, once per recovery
 * period, also its slow start and persistent congestion).  The sums run
 * over the group's paths with an RTT sample that run OLIA too; a path
 * alone grows as NewReno.  The window never shrinks below the minimum
 * window through a negative increase.
 *
 * Fixed point: the increase in bytes times 2^16 (windows and segments in
 * bytes: the increase per ACK of b bytes is b * MSS times the bracket),
 * w / rtt^2 in bytes/us^2 times 2^40, w / rtt in bytes/us times 2^20,
 * l / rtt^2 in bytes/us^2 times 2^32.
 */
#include "cong.h"
#include "muldiv.h"

#define OLIA_W_RTT2_SHIFT	40
#define OLIA_W_RTT_SHIFT	20
#define OLIA_L_RTT2_SHIFT	32

/* Is @k part of OLIA's sums for @cc? */
static bool olia_counts(const struct tquic_cc *cc, const struct tquic_cc *k)
{
	return k->srtt_us && k->ops == cc->ops;
}

/* l_r / rtt_r^2, times 2^32 */
static u64 olia_quality(const struct tquic_cc *k)
{
	const struct tquic_olia *o = tquic_olia(k);
	u64 rtt = k->srtt_us;
	u64 l = max(o->loss2 - o->loss1, o->acked - o->loss2);

	return tquic_muldiv(l, 1ULL << OLIA_L_RTT2_SHIFT, rtt * rtt);
}

/**
 * tquic_olia_increase - the congestion avoidance change for an ACK
 * @cc: the path's controller
 * @bytes: bytes it acknowledged
 *
 * Return: the change of @cc->cwnd in bytes times 2^TQUIC_CC_INC_SHIFT
 * (negative for a path with the largest window while a better path has a
 * smaller one).
 */
s64 tquic_olia_increase(const struct tquic_cc *cc, u32 bytes)
{
	u64 num = ((u64)bytes * cc->max_datagram_size) << TQUIC_CC_INC_SHIFT;
	u64 sum = 0, best_q = 0, max_w = 0, q, rtt, term;
	unsigned int paths = 0, n_best_not_max = 0, n_max = 0;
	bool cc_best = false;
	const struct tquic_cc *k;
	s64 inc;

	if (!olia_counts(cc, cc))
		return div64_u64(num, cc->cwnd);
	tquic_cc_for_each_coupled(k, cc) {
		if (!olia_counts(cc, k))
			continue;
		paths++;
		sum += tquic_muldiv(k->cwnd, 1ULL << OLIA_W_RTT_SHIFT,
				    k->srtt_us);
		best_q = max(best_q, olia_quality(k));
		max_w = max(max_w, k->cwnd);
	}
	if (paths == 1)		/* the bracket is 1 / w_r: Reno, exactly */
		return div64_u64(num, cc->cwnd);
	tquic_cc_for_each_coupled(k, cc) {
		if (!olia_counts(cc, k))
			continue;
		q = olia_quality(k);
		if (k->cwnd == max_w)
			n_max++;
		else if (q == best_q)
			n_best_not_max++;
		if (k == cc)
			cc_best = q == best_q;
	}

	/* (w_r / rtt_r^2) / (sum_p w_p / rtt_p)^2: the shifts cancel */
	rtt = cc->srtt_us;
	term = tquic_muldiv(cc->cwnd, 1ULL << OLIA_W_RTT2_SHIFT, rtt * rtt);
	inc = div64_u64(tquic_muldiv(num, term, sum), sum);
	if (!n_best_not_max)
		return inc;
	if (cc->cwnd == max_w)
		inc -= div64_u64(num, cc->cwnd * paths * n_max);
	else if (cc_best)
		inc += div64_u64(num, cc->cwnd * paths * n_best_not_max);
	return inc;
}
EXPORT_SYMBOL_GPL(tquic_olia_increase);

static void olia_on_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			  u64 now)
{
	struct tquic_olia *o = tquic_olia(cc);
	u64 floor = tquic_cc_minimum_window(cc->max_datagram_size);
	s64 whole;

	o->acked += bytes;
	if (!tquic_reno_acked(cc, bytes, sent_time))
		return;
	o->inc_acc += tquic_olia_increase(cc, bytes);
	whole = o->inc_acc / (1LL << TQUIC_CC_INC_SHIFT);
	o->inc_acc -= whole * (1LL << TQUIC_CC_INC_SHIFT);
	if (whole >= 0)
		cc->cwnd += whole;
	else
		cc->cwnd = max(cc->cwnd - min_t(u64, cc->cwnd, -whole), floor);
}

static void olia_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			 u64 now)
{
	struct tquic_olia *o = tquic_olia(cc);

	if (!tquic_reno_in_recovery(cc, sent_time)) {
		o->loss1 = o->loss2;
		o->loss2 = o->acked;
	}
	tquic_reno_on_lost(cc, bytes, sent_time, now);
}

struct tquic_cc_ops tquic_cc_olia = {
	.alg = {
		.name = "olia",
		.owner = THIS_MODULE,
	},
	.init = tquic_reno_init,
	.on_sent = tquic_reno_on_sent,
	.on_acked = olia_on_acked,
	.on_lost = olia_on_lost,
	.on_persistent_congestion = tquic_reno_on_persistent_congestion,
};
