// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: pacing (RFC 9002, 7.7).
 *
 * A connection's pacing rate is its congestion window per smoothed RTT,
 * times a gain: 2 in slow start (so that the window can still double
 * each round trip) and 1.25 after it, as RFC 9002 7.7 suggests (N = 1.25)
 * and like TCP's pacing ratios.  No rate before the first RTT sample.
 *
 * Departures follow the earliest departure time model (EDT) that TCP
 * uses: each datagram or GSO train is stamped (skb->tstamp, CLOCK_MONOTONIC)
 * with the time the schedule lets it leave, and the schedule moves on by
 * its length at the pacing rate.  A pacing qdisc (fq) holds it until
 * then; without one, the stamp is a no-op and bursts are bounded by the
 * window and the train size (TQUIC_GSO_MAX_SEGS).  A schedule that fell
 * behind the clock restarts at now: idle time earns no burst.
 *
 * A congestion controller with a pacing_rate op (BBR) sets the rate
 * itself whenever it has one.
 *
 * Locking: the caller holds the socket lock (output runs under it).
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/skbuff.h>

#include "compat.h"
#include "conn.h"
#include "tquic.h"

/* Pacing gains in percent: slow start, congestion avoidance */
#define TQUIC_PACE_SS_GAIN	200
#define TQUIC_PACE_CA_GAIN	125

/**
 * tquic_pacing_rate - the connection's pacing rate now
 * @c: connection
 *
 * Return: bytes per second; 0 without an RTT sample (no pacing).
 */
u64 tquic_pacing_rate(const struct tquic_conn *c)
{
	const struct tquic_cc *cc = &c->path->cc;
	u64 gain, rate = tquic_cc_pacing_rate(cc);

	if (rate)	/* the controller paces itself (BBR) */
		return rate;
	if (!c->path->rtt.sampled || !c->path->rtt.smoothed)
		return 0;
	gain = cc->cwnd < cc->ssthresh ? TQUIC_PACE_SS_GAIN :
					 TQUIC_PACE_CA_GAIN;
	return mul_u64_u64_div_u64(cc->cwnd * gain, NSEC_PER_SEC,
				   c->path->rtt.smoothed * 100);
}

/**
 * tquic_pace - stamp @skb with its departure time and advance the schedule
 * @c: connection; caller holds the socket lock
 * @skb: the datagram or GSO train about to be sent
 * @bytes: the UDP payload bytes it carries
 */
void tquic_pace(struct tquic_conn *c, struct sk_buff *skb, size_t bytes)
{
	u64 now = ktime_get_ns(), at = max(now, c->path->pace_next);
	u64 rate = tquic_pacing_rate(c);

	c->path->pacing_rate = rate;
	if (!rate) {
		c->path->pace_next = now;
		return;
	}
	tquic_skb_set_edt(skb, at);
	c->path->pace_next = at + div64_u64((u64)bytes * NSEC_PER_SEC, rate);
}
