// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: CUBIC congestion control (RFC 9438) for QUIC paths.
 *
 * After a congestion event the window follows
 *
 *	W_cubic(t) = C * (t - K)^3 + W_max,  K = cbrt((W_max - cwnd_epoch) / C)
 *
 * with C = 0.4 (segments per second cubed) and t the time since the
 * congestion avoidance stage began; a loss multiplies the window by
 * beta = 0.7, and W_max shrinks further when the window did not recover
 * to the previous W_max (fast convergence).  While a Reno flow would do
 * better (the estimate W_est, RFC 9438 section 4.3), the window follows
 * W_est instead.  Slow start, the one reduction per recovery period and
 * the minimum window on persistent congestion are RFC 9002's, as in
 * NewReno.
 *
 * Integer arithmetic only: windows in bytes, the cubic function in
 * milliseconds (K and t), C and beta as fractions.
 */
#include <linux/bits.h>
#include <linux/math64.h>

#include "cong.h"

/* beta = 7/10, C = 4/10 (segments/s^3), fast convergence (1 + beta) / 2 */
#define CUBIC_BETA_NUM		7
#define CUBIC_BETA_DEN		10
#define CUBIC_FC_NUM		17
#define CUBIC_FC_DEN		20
/* alpha = 3 * (1 - beta) / (1 + beta) = 9/17, then 1 (RFC 9438, 4.3) */
#define CUBIC_ALPHA_NUM		9
#define CUBIC_ALPHA_DEN		17
/* 1 / C in ms^3 per segment: 10^9 / 0.4 */
#define CUBIC_MS3_PER_SEG	2500000000ULL
/* C / 4 in segments per ms^3 is 10^-10: C * d^3 = 4 * d^3 / 10^10 */
#define CUBIC_MS3_SCALE		10000000000ULL
/* The cube root of U64_MAX, rounded down */
#define CUBIC_ROOT_MAX		2642245ULL
/* Beyond ~35 min from K the window is astronomical anyway: cap |t - K|. */
#define CUBIC_MAX_DELTA_MS	BIT(21)

/**
 * tquic_cubic_root - integer cube root
 * @x: the radicand
 *
 * Return: the largest y with y^3 <= @x.
 */
u32 tquic_cubic_root(u64 x)
{
	u64 y = 0, c;
	int bit;

	/* Decide the root's bits from the top; a candidate above
	 * CUBIC_ROOT_MAX would overflow when cubed, and is too large anyway.
	 */
	for (bit = 21; bit >= 0; bit--) {
		c = y | (1ULL << bit);
		if (c <= CUBIC_ROOT_MAX && c * c * c <= x)
			y = c;
	}
	return y;
}

/**
 * tquic_cubic_k - the time the cubic function takes to reach W_max
 * @w_max: W_max in bytes
 * @cwnd_epoch: the window in bytes when congestion avoidance began
 * @mds: maximum datagram size (the segment)
 *
 * Return: K = cbrt((W_max - cwnd_epoch) / C) in ms, 0 when @cwnd_epoch is
 * not below @w_max.
 */
u32 tquic_cubic_k(u64 w_max, u64 cwnd_epoch, u32 mds)
{
	u64 d, segs;
	u32 rem;

	if (cwnd_epoch >= w_max || !mds)
		return 0;
	d = w_max - cwnd_epoch;
	/* (d / mds) * 2.5e9 ms^3 per segment, split to stay in 64 bits */
	segs = div_u64_rem(d, mds, &rem);
	segs = min_t(u64, segs, U32_MAX);
	return tquic_cubic_root(segs * CUBIC_MS3_PER_SEG +
				div_u64(rem * CUBIC_MS3_PER_SEG, mds));
}

/**
 * tquic_cubic_window - W_cubic(t) = C * (t - K)^3 + W_max
 * @w_max: W_max in bytes
 * @k: K in ms
 * @t: time since congestion avoidance began, in ms
 * @mds: maximum datagram size (the segment)
 *
 * Return: the window in bytes, 0 where the function is negative.
 */
u64 tquic_cubic_window(u64 w_max, u32 k, u64 t, u32 mds)
{
	u64 d = t >= k ? t - k : k - t, d3, q, off;
	u64 m = 4ULL * mds;

	d = min_t(u64, d, CUBIC_MAX_DELTA_MS);
	d3 = d * d * d;
	/* 4 * mds * d^3 / 10^10 without overflow: d^3 = q * 10^10 + r */
	q = div64_u64(d3, CUBIC_MS3_SCALE);
	off = q * m + div64_u64((d3 - q * CUBIC_MS3_SCALE) * m,
				CUBIC_MS3_SCALE);
	if (t >= k)
		return w_max + off;
	return w_max > off ? w_max - off : 0;
}

static void cubic_init(struct tquic_cc *cc)
{
	cc->cwnd = tquic_cc_initial_window(cc->max_datagram_size);
}

static void cubic_on_sent(struct tquic_cc *cc, u32 bytes, u64 now)
{
	cc->in_flight += bytes;
}

/* RFC 9002, appendix B.5: a packet sent before recovery began. */
static bool cubic_in_recovery(const struct tquic_cc *cc, u64 sent_time)
{
	return cc->in_recovery && sent_time <= cc->recovery_start;
}

/* RFC 9438, 4.2: a congestion avoidance stage begins with this ack. */
static void cubic_epoch_start(struct tquic_cc *cc, u64 now)
{
	struct tquic_cubic *cu = tquic_cubic(cc);

	cu->in_epoch = true;
	cu->epoch_start = now;
	cu->w_est = cc->cwnd;
	cu->cwnd_acc = 0;
	cu->est_acc = 0;
	if (cc->cwnd >= cu->w_max) {
		/* No loss yet, or the window already passed W_max: the
		 * curve starts on its plateau and only grows.
		 */
		cu->w_max = cc->cwnd;
		cu->k = 0;
		return;
	}
	cu->k = tquic_cubic_k(cu->w_max, cc->cwnd, cc->max_datagram_size);
}

/* RFC 9438, 4.3: W_est grows by alpha segments per window acknowledged. */
static void cubic_reno_estimate(struct tquic_cc *cc, u32 bytes)
{
	struct tquic_cubic *cu = tquic_cubic(cc);
	u64 alpha = cu->w_est >= cu->cwnd_prior ? CUBIC_ALPHA_DEN :
						  CUBIC_ALPHA_NUM;
	u64 den = CUBIC_ALPHA_DEN * cc->cwnd, inc;

	cu->est_acc += alpha * cc->max_datagram_size * bytes;
	inc = div64_u64(cu->est_acc, den);
	cu->est_acc -= inc * den;
	cu->w_est += inc;
}

static void cubic_on_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			   u64 now)
{
	struct tquic_cubic *cu = tquic_cubic(cc);
	u64 t, w, target, inc;

	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	if (now > sent_time && (!cu->min_rtt || now - sent_time < cu->min_rtt))
		cu->min_rtt = now - sent_time;
	if (cubic_in_recovery(cc, sent_time))
		return;

	if (cc->cwnd < cc->ssthresh) {
		cc->cwnd += bytes;
		return;
	}

	if (!cu->in_epoch)
		cubic_epoch_start(cc, now);
	t = now > cu->epoch_start ? now - cu->epoch_start : 0;
	cubic_reno_estimate(cc, bytes);

	/* Reno-friendly region: Reno would have the larger window. */
	w = tquic_cubic_window(cu->w_max, cu->k, div_u64(t, NSEC_PER_MSEC),
			       cc->max_datagram_size);
	if (w < cu->w_est) {
		cc->cwnd = max(cc->cwnd, cu->w_est);
		return;
	}

	/* Concave and convex regions (4.4, 4.5): aim at W_cubic(t + RTT),
	 * at most 1.5 times the window, growing by (target - cwnd) / cwnd
	 * per byte acknowledged.  The RTT is the lowest seen: the interface
	 * passes no smoothed RTT.
	 */
	target = tquic_cubic_window(cu->w_max, cu->k,
				    div_u64(t + cu->min_rtt, NSEC_PER_MSEC),
				    cc->max_datagram_size);
	target = min(target, cc->cwnd + cc->cwnd / 2);
	if (target <= cc->cwnd)
		return;
	cu->cwnd_acc += (target - cc->cwnd) * bytes;
	inc = div64_u64(cu->cwnd_acc, cc->cwnd);
	cu->cwnd_acc -= inc * cc->cwnd;
	cc->cwnd += inc;
}

/* RFC 9438, 4.6 and 4.7: multiplicative decrease, once per recovery. */
static void cubic_congestion_event(struct tquic_cc *cc, u64 sent_time,
				   u64 now)
{
	struct tquic_cubic *cu = tquic_cubic(cc);

	if (cubic_in_recovery(cc, sent_time))
		return;
	cc->in_recovery = true;
	cc->recovery_start = now;

	cu->in_epoch = false;
	cu->cwnd_prior = cc->cwnd;
	if (cc->cwnd < cu->w_max)
		cu->w_max = div_u64(cc->cwnd * CUBIC_FC_NUM, CUBIC_FC_DEN);
	else
		cu->w_max = cc->cwnd;

	cc->ssthresh = max(div_u64(cc->cwnd * CUBIC_BETA_NUM, CUBIC_BETA_DEN),
			   tquic_cc_minimum_window(cc->max_datagram_size));
	cc->cwnd = cc->ssthresh;
	cc->acked_acc = 0;
}

static void cubic_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			  u64 now)
{
	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	cubic_congestion_event(cc, sent_time, now);
}

/* RFC 9002, 7.6.2; the losses already were a congestion event, which set
 * ssthresh with beta and W_max.
 */
static void cubic_on_persistent_congestion(struct tquic_cc *cc, u64 now)
{
	struct tquic_cubic *cu = tquic_cubic(cc);

	cc->cwnd = tquic_cc_minimum_window(cc->max_datagram_size);
	cc->in_recovery = false;
	cc->recovery_start = 0;
	cc->acked_acc = 0;
	cu->in_epoch = false;
}

struct tquic_cc_ops tquic_cc_cubic = {
	.alg = {
		.name = "cubic",
		.owner = THIS_MODULE,
	},
	.init = cubic_init,
	.on_sent = cubic_on_sent,
	.on_acked = cubic_on_acked,
	.on_lost = cubic_on_lost,
	.on_persistent_congestion = cubic_on_persistent_congestion,
};
