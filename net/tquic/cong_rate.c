// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: what the core reports to a path's congestion controller beyond
 * the per-packet callbacks - RTT samples, and one delivery rate sample
 * per ACK frame for model-based controllers (BBR), in the manner of TCP's
 * tcp_rate.c (draft-cheng-iccrg-delivery-rate-estimation).
 *
 * Each ack-eliciting packet records, when sent, how much the path had
 * delivered and when (struct tquic_cc_pkt).  When an ACK acknowledges
 * packets, the newest of them gives the sample: the bytes delivered since
 * it was sent, over the longer of its send phase (first to last send)
 * and ack phase (the two deliveries).  Samples over an interval shorter
 * than the minimum RTT are not trusted.  Samples taken while the sender
 * had too little to send (tquic_cc_app_limited()) are marked.
 */
#include <linux/math64.h>

#include "cong.h"
#include "muldiv.h"

/* A rate sample stays the path's highest for this many smoothed RTTs,
 * and at least a second
 */
#define TQUIC_CC_BW_WINDOW_RTTS	10

/**
 * tquic_cc_rtt_sample - the path's RTT estimate changed
 * @cc: the path's controller
 * @latest_us: the latest sample, us
 * @srtt_us: smoothed RTT, us
 * @min_rtt_us: minimum RTT, us
 */
void tquic_cc_rtt_sample(struct tquic_cc *cc, u32 latest_us, u32 srtt_us,
			 u32 min_rtt_us)
{
	u32 eta;

	cc->latest_rtt_us = latest_us;
	cc->srtt_us = srtt_us;
	cc->min_rtt_us = min_rtt_us;
	if (!cc->hystart || cc->cwnd >= cc->ssthresh)
		return;
	/* Slow start ends when a round's minimum RTT grew by an eighth
	 * of the last round's (4 to 16 ms) after 8 samples: the queue
	 * fills (RFC 9406, 4.2; the conservative phase is left out).
	 */
	cc->hs_samples++;
	if (!cc->hs_round_min_us || latest_us < cc->hs_round_min_us)
		cc->hs_round_min_us = latest_us;
	if (cc->hs_samples < 8 || !cc->hs_last_min_us)
		return;
	eta = clamp(cc->hs_last_min_us / 8, 4000U, 16000U);
	if (cc->hs_round_min_us >= cc->hs_last_min_us + eta)
		cc->ssthresh = cc->cwnd;
}
EXPORT_SYMBOL_GPL(tquic_cc_rtt_sample);

/**
 * tquic_cc_on_sent - an ack-eliciting packet was sent
 * @cc: the path's controller
 * @pkt: the packet's rate snapshot, filled in
 * @bytes: its size
 * @now: send time, ns
 */
void tquic_cc_on_sent(struct tquic_cc *cc, struct tquic_cc_pkt *pkt,
		      u32 bytes, u64 now)
{
	u64 flight = cc->in_flight + bytes;

	/* RFC 9002 7.8: the window is in use when this send fills it (in
	 * slow start, half of it: it doubles in a round), and stays so
	 * for the round, until what is in flight now is delivered.
	 */
	if (cc->cwnd < cc->ssthresh ? 2 * flight >= cc->cwnd :
	    flight + cc->max_datagram_size >= cc->cwnd)
		cc->used_until = cc->delivered + flight;
	if (!cc->in_flight) {
		/* Nothing in flight: the send phase restarts here. */
		cc->first_sent_time = now;
		cc->delivered_time = now;
	}
	pkt->delivered = cc->delivered;
	pkt->delivered_time = cc->delivered_time;
	pkt->first_sent_time = cc->first_sent_time;
	pkt->app_limited = cc->app_limited != 0;
	cc->ops->on_sent(cc, bytes, now);
}
EXPORT_SYMBOL_GPL(tquic_cc_on_sent);

/**
 * tquic_cc_ack_begin - an ACK frame arrived for the path
 * @cc: the path's controller
 * @ack: the sample to build
 * @now: arrival time, ns
 */
void tquic_cc_ack_begin(struct tquic_cc *cc, struct tquic_cc_ack *ack,
			u64 now)
{
	memset(ack, 0, sizeof(*ack));
	ack->now = now;
	ack->prior_in_flight = cc->in_flight;
}
EXPORT_SYMBOL_GPL(tquic_cc_ack_begin);

/**
 * tquic_cc_on_acked - the ACK newly acknowledged an ack-eliciting packet
 * @cc: the path's controller
 * @ack: the sample being built
 * @pkt: the packet's rate snapshot
 * @bytes: its size
 * @sent_time: when it was sent, ns
 * @now: arrival time of the ACK, ns
 */
void tquic_cc_on_acked(struct tquic_cc *cc, struct tquic_cc_ack *ack,
		       const struct tquic_cc_pkt *pkt, u32 bytes,
		       u64 sent_time, u64 now)
{
	bool used = cc->delivered < cc->used_until;
	u64 cwnd;

	cc->delivered += bytes;
	cc->delivered_time = now;
	ack->acked += bytes;
	if (cc->hystart && cc->delivered >= cc->hs_round_end) {
		/* A round: what was in flight when it began is delivered */
		if (cc->hs_round_min_us)
			cc->hs_last_min_us = cc->hs_round_min_us;
		cc->hs_round_min_us = 0;
		cc->hs_samples = 0;
		cc->hs_round_end = cc->delivered + cc->in_flight;
	}
	if (!ack->has_sample || pkt->delivered >= ack->prior_delivered) {
		ack->has_sample = true;
		ack->prior_delivered = pkt->delivered;
		ack->prior_time = pkt->delivered_time;
		ack->app_limited = pkt->app_limited;
		ack->send_elapsed = sent_time - min(sent_time,
						    pkt->first_sent_time);
		ack->ack_elapsed = now - min(now, pkt->delivered_time);
		/* The next sample's send phase starts at this packet. */
		cc->first_sent_time = sent_time;
	}
	cwnd = cc->cwnd;
	cc->ops->on_acked(cc, bytes, sent_time, now);
	/* A window that was not in use must not grow (RFC 9002 7.8): an
	 * application or the scheduler's in-flight limit held it back.
	 */
	if (!used && cc->cwnd > cwnd)
		cc->cwnd = cwnd;
}
EXPORT_SYMBOL_GPL(tquic_cc_on_acked);

/**
 * tquic_cc_ack_end - the ACK's packets are done: finish the sample and
 *	hand it to the controller's on_ack_event
 * @cc: the path's controller
 * @ack: the sample
 * @now: arrival time, ns
 */
void tquic_cc_ack_end(struct tquic_cc *cc, struct tquic_cc_ack *ack,
		      u64 now)
{
	u64 interval;

	if (cc->app_limited && cc->delivered > cc->app_limited)
		cc->app_limited = 0;
	ack->rtt_us = cc->latest_rtt_us;
	if (ack->has_sample) {
		ack->delivered = cc->delivered - ack->prior_delivered;
		interval = max(ack->send_elapsed, ack->ack_elapsed);
		ack->interval_us = div_u64(interval, NSEC_PER_USEC);
		if (ack->interval_us &&
		    ack->interval_us >= cc->min_rtt_us)
			ack->rate = tquic_muldiv(ack->delivered, USEC_PER_SEC,
						 ack->interval_us);
		else
			ack->interval_us = 0;
	}
	if (ack->rate &&
	    (ack->rate >= cc->bw_max ||
	     now - cc->bw_max_time >
	     max_t(u64, (u64)cc->srtt_us * NSEC_PER_USEC *
			TQUIC_CC_BW_WINDOW_RTTS, NSEC_PER_SEC))) {
		cc->bw_max = ack->rate;
		cc->bw_max_time = now;
	}
	if (cc->ops->on_ack_event && ack->acked)
		cc->ops->on_ack_event(cc, ack);
}
EXPORT_SYMBOL_GPL(tquic_cc_ack_end);

/**
 * tquic_cc_app_limited - the window is open and nothing is left to send:
 *	samples until what is in flight now is delivered are app-limited
 * @cc: the path's controller
 */
void tquic_cc_app_limited(struct tquic_cc *cc)
{
	cc->app_limited = (cc->delivered + cc->in_flight) ? : 1;
}
EXPORT_SYMBOL_GPL(tquic_cc_app_limited);

/**
 * tquic_cc_inflight_cap - what a multipath scheduler lets a path have in
 *	flight: its bandwidth-delay product (the highest recent delivery
 *	rate times the minimum RTT) twice over in slow start, one and a half
 *	times after it, and four datagrams
 * @cc: the path's controller
 *
 * A loss-based controller grows its window until a queue overflows;
 * behind a deep queue that is seconds of delay, and data a scheduler
 * places there (or moves there from a path that died) waits behind it.
 * In slow start twice the BDP lets the path double its rate each round
 * (the cap follows the path up, as a path given more than its measured
 * rate delivers more); after it one and a half keeps the link busy with
 * at most half a BDP queued.  Never below the initial window.
 * Return: bytes; U64_MAX before a rate sample or an RTT.
 */
u64 tquic_cc_inflight_cap(const struct tquic_cc *cc)
{
	u64 bdp, cap;

	if (!cc->bw_max || !cc->min_rtt_us)
		return U64_MAX;
	bdp = tquic_muldiv(cc->bw_max, cc->min_rtt_us, USEC_PER_SEC);
	cap = cc->cwnd < cc->ssthresh ? 2 * bdp : bdp + bdp / 2;
	cap += 4ULL * cc->max_datagram_size;
	return max(cap, tquic_cc_initial_window(cc->max_datagram_size));
}
EXPORT_SYMBOL_GPL(tquic_cc_inflight_cap);

/**
 * tquic_cc_pacing_rate - the controller's own pacing rate
 * @cc: the path's controller
 *
 * Return: bytes per second, 0 when the controller leaves pacing to the
 * core.
 */
u64 tquic_cc_pacing_rate(const struct tquic_cc *cc)
{
	return cc->ops->pacing_rate ? cc->ops->pacing_rate(cc) : 0;
}
EXPORT_SYMBOL_GPL(tquic_cc_pacing_rate);
