// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: "lia", the Linked Increases Algorithm (RFC 6356) coupling the
 * congestion controllers of a connection's paths.
 *
 * In congestion avoidance, each ACK of bytes_acked on path i grows its
 * window by
 *
 *	min(alpha * bytes_acked * MSS_i / cwnd_total,
 *	    bytes_acked * MSS_i / cwnd_i)
 *
 *	alpha = cwnd_total * max_k(cwnd_k / rtt_k^2) / (sum_k cwnd_k / rtt_k)^2
 *
 * so that the connection takes no more than one TCP flow would on its
 * best path, yet moves traffic away from congested paths.  Slow start,
 * loss response (halving, once per recovery period) and persistent
 * congestion are NewReno's (RFC 6356 changes only the increase).  The
 * sums run over the paths of the group with an RTT sample (srtt_us); a
 * path alone, or without a sample, grows as NewReno does.
 *
 * Fixed point: alpha in 1/TQUIC_LIA_ALPHA_SCALE (1/1024), as RFC 6356
 * section 4 suggests; the increase in bytes times 2^16, its fraction
 * carried to the next ACK; cwnd_k / rtt_k^2 in bytes/us^2 times 2^40 and
 * cwnd_k / rtt_k in bytes/us times 2^20.
 */
#include "cong.h"
#include "muldiv.h"

#define LIA_W_RTT2_SHIFT	40
#define LIA_W_RTT_SHIFT		20

/**
 * struct tquic_lia - LIA state in &tquic_cc.priv
 * @inc_acc: fraction of the window increase not applied yet, in bytes
 *	times 2^TQUIC_CC_INC_SHIFT
 */
struct tquic_lia {
	u64 inc_acc;
};

static struct tquic_lia *tquic_lia(struct tquic_cc *cc)
{
	BUILD_BUG_ON(sizeof(struct tquic_lia) > sizeof(cc->priv));
	return (struct tquic_lia *)cc->priv;
}

/* max_k(cwnd_k / rtt_k^2) << 40, sum_k(cwnd_k / rtt_k) << 20, and
 * cwnd_total over the group's paths with an RTT sample.
 */
static void lia_sums(const struct tquic_cc *cc, u64 *max_w_rtt2,
		     u64 *sum_w_rtt, u64 *total)
{
	const struct tquic_cc *k;
	u64 rtt, t;

	*max_w_rtt2 = 0;
	*sum_w_rtt = 0;
	*total = 0;
	tquic_cc_for_each_coupled(k, cc) {
		if (!k->srtt_us)
			continue;
		rtt = k->srtt_us;
		t = tquic_muldiv(k->cwnd, 1ULL << LIA_W_RTT2_SHIFT, rtt * rtt);
		*max_w_rtt2 = max(*max_w_rtt2, t);
		*sum_w_rtt += tquic_muldiv(k->cwnd, 1ULL << LIA_W_RTT_SHIFT,
					   rtt);
		*total += k->cwnd;
	}
}

/**
 * tquic_lia_alpha - RFC 6356's alpha for @cc's group
 * @cc: a controller of the group
 *
 * Return: alpha times TQUIC_LIA_ALPHA_SCALE; 0 when no path has an RTT
 * sample.
 */
u64 tquic_lia_alpha(const struct tquic_cc *cc)
{
	u64 max_w_rtt2, sum_w_rtt, total;

	lia_sums(cc, &max_w_rtt2, &sum_w_rtt, &total);
	if (!sum_w_rtt)
		return 0;
	/* The shifts cancel: 2^40 / (2^20)^2. */
	return div64_u64(tquic_muldiv(total * TQUIC_LIA_ALPHA_SCALE,
				      max_w_rtt2, sum_w_rtt), sum_w_rtt);
}
EXPORT_SYMBOL_GPL(tquic_lia_alpha);

/**
 * tquic_lia_increase - the congestion avoidance increase for an ACK
 * @cc: the path's controller
 * @bytes: bytes it acknowledged
 *
 * Return: min(coupled, uncoupled) increase of @cc->cwnd in bytes times
 * 2^TQUIC_CC_INC_SHIFT.
 */
u64 tquic_lia_increase(const struct tquic_cc *cc, u32 bytes)
{
	u64 num = ((u64)bytes * cc->max_datagram_size) << TQUIC_CC_INC_SHIFT;
	u64 uncoupled = div64_u64(num, cc->cwnd), coupled, alpha, total;
	const struct tquic_cc *k;

	if (!cc->srtt_us)
		return uncoupled;
	alpha = tquic_lia_alpha(cc);
	total = 0;
	tquic_cc_for_each_coupled(k, cc)
		if (k->srtt_us)
			total += k->cwnd;
	coupled = tquic_muldiv(num, alpha, total * TQUIC_LIA_ALPHA_SCALE);
	return min(coupled, uncoupled);
}
EXPORT_SYMBOL_GPL(tquic_lia_increase);

static void lia_on_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			 u64 now)
{
	struct tquic_lia *lia = tquic_lia(cc);

	if (!tquic_reno_acked(cc, bytes, sent_time))
		return;
	lia->inc_acc += tquic_lia_increase(cc, bytes);
	cc->cwnd += lia->inc_acc >> TQUIC_CC_INC_SHIFT;
	lia->inc_acc &= (1ULL << TQUIC_CC_INC_SHIFT) - 1;
}

struct tquic_cc_ops tquic_cc_lia = {
	.alg = {
		.name = "lia",
		.owner = THIS_MODULE,
	},
	.init = tquic_reno_init,
	.on_sent = tquic_reno_on_sent,
	.on_acked = lia_on_acked,
	.on_lost = tquic_reno_on_lost,
	.on_persistent_congestion = tquic_reno_on_persistent_congestion,
};
