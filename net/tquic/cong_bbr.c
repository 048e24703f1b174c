// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: "bbr", BBR v1 congestion control (Cardwell et al., "BBR:
 * Congestion-Based Congestion Control", ACM Queue 2016;
 * draft-cardwell-iccrg-bbr-congestion-control-00), after Linux's
 * tcp_bbr.c.
 *
 * BBR models the path by its bottleneck bandwidth (a windowed max filter
 * of delivery rate samples over 10 round trips) and its round-trip
 * propagation time (the minimum RTT over 10 s), paces at a gain times the
 * bandwidth and caps what is in flight at a gain times their product
 * (BDP):
 *
 *   STARTUP	pacing and window gain 2/ln2 (2.885) until the bandwidth
 *		grew less than 25% in 3 round trips without being
 *		app-limited (the pipe is full);
 *   DRAIN	pacing gain ln2/2 until in flight is down to one BDP;
 *   PROBE_BW	window gain 2, pacing gain cycling 5/4, 3/4, 1 x 6, one
 *		phase per min RTT (5/4 lasts until in flight reaches 5/4
 *		BDP or a loss, 3/4 ends early once in flight is at one BDP),
 *		starting at a random phase other than 3/4;
 *   PROBE_RTT	when the min RTT is 10 s old: window 4 packets for 200 ms
 *		and a round trip, then back to PROBE_BW (or STARTUP).
 *
 * ACK aggregation (as Linux since 5.1): the most bytes acknowledged in an
 * epoch beyond what the bandwidth estimate explains, max-filtered over
 * 10 rounds, is added to the window once the pipe is full (at most 100 ms
 * worth of bandwidth), so that delayed and bunched ACKs (QUIC acknowledges
 * every second packet, or after max_ack_delay) do not starve a path with
 * a small BDP.
 *
 * Loss recovery: packet conservation for the first round (window at
 * least in flight plus acknowledged), the window before recovery
 * restored when it ends.  Persistent congestion collapses the window to
 * RFC 9002's minimum until recovery ends.
 *
 * Needs the per-ACK rate sample (tquic_cc_ack_end() calling
 * on_ack_event) and provides the pacing rate (pacing_rate op).  Units:
 * bandwidth in bytes/s, RTTs in us, times in ns, gains in 1/256.
 */
#include <linux/bits.h>
#include <linux/random.h>

#include "cong_bbr.h"
#include "muldiv.h"

#define BBR_MIN_RTT_WIN_NS	(10ULL * NSEC_PER_SEC)
#define BBR_PROBE_RTT_NS	(200ULL * NSEC_PER_MSEC)
#define BBR_MIN_CWND_PKTS	4
#define BBR_FULL_BW_NUM		5	/* growth of 25%: 5/4 */
#define BBR_FULL_BW_DEN		4
#define BBR_FULL_BW_CNT		3
#define BBR_PACING_MARGIN	1	/* percent below the rate */
#define BBR_QUANTA_PKTS		3	/* send quanta budget in the window */
#define BBR_CYCLE_RAND		7
#define BBR_EXTRA_ACKED_ROUNDS	5	/* each half of the 10-round window */
#define BBR_EXTRA_ACKED_MAX_US	100000	/* cap: 100 ms of bandwidth */
#define BBR_ACK_EPOCH_RESET	BIT_ULL(30)	/* bytes: an epoch too old */

const u16 tquic_bbr_pacing_gains[TQUIC_BBR_CYCLE_LEN] = {
	TQUIC_BBR_UNIT * 5 / 4, TQUIC_BBR_UNIT * 3 / 4,
	TQUIC_BBR_UNIT, TQUIC_BBR_UNIT, TQUIC_BBR_UNIT,
	TQUIC_BBR_UNIT, TQUIC_BBR_UNIT, TQUIC_BBR_UNIT,
};
EXPORT_SYMBOL_GPL(tquic_bbr_pacing_gains);

/**
 * tquic_bbr_max_filter - windowed running max (Kathleen Nichols'
 *	algorithm, as lib/win_minmax.c, with 64-bit values)
 * @s: the best, second and third best samples
 * @win: window length in units of @t
 * @t: time of the new sample (non-decreasing)
 * @v: its value
 *
 * Return: the max over the window.
 */
u64 tquic_bbr_max_filter(struct tquic_bbr_sample *s, u32 win, u32 t, u64 v)
{
	struct tquic_bbr_sample val = { .v = v, .t = t };
	u32 dt;

	if (v >= s[0].v || t - s[2].t > win) {
		s[0] = val;
		s[1] = val;
		s[2] = val;
		return v;
	}
	if (v >= s[1].v) {
		s[1] = val;
		s[2] = val;
	} else if (v >= s[2].v) {
		s[2] = val;
	}
	/* Age the samples: keep one per quarter and half of the window. */
	dt = t - s[0].t;
	if (dt > win) {
		s[0] = s[1];
		s[1] = s[2];
		s[2] = val;
		if (t - s[0].t > win) {
			s[0] = s[1];
			s[1] = s[2];
			s[2] = val;
		}
	} else if (s[1].t == s[0].t && dt > win / 4) {
		s[1] = val;
		s[2] = val;
	} else if (s[2].t == s[1].t && dt > win / 2) {
		s[2] = val;
	}
	return s[0].v;
}
EXPORT_SYMBOL_GPL(tquic_bbr_max_filter);

static u64 bbr_max_bw(const struct tquic_bbr *bbr)
{
	return bbr->bw[0].v;
}

static u64 bbr_min_cwnd(const struct tquic_cc *cc)
{
	return (u64)BBR_MIN_CWND_PKTS * cc->max_datagram_size;
}

/**
 * tquic_bbr_bdp - @gain times the bandwidth-delay product
 * @cc: the controller
 * @bw: bandwidth, bytes/s
 * @gain: in 1/TQUIC_BBR_UNIT
 *
 * Return: bytes; the initial window while there is no min RTT yet.
 */
u64 tquic_bbr_bdp(const struct tquic_cc *cc, u64 bw, u32 gain)
{
	const struct tquic_bbr *bbr = tquic_bbr(cc);

	if (!bbr->min_rtt_us)
		return tquic_cc_initial_window(cc->max_datagram_size);
	return tquic_muldiv(bw, (u64)bbr->min_rtt_us * gain,
			    USEC_PER_SEC * TQUIC_BBR_UNIT);
}
EXPORT_SYMBOL_GPL(tquic_bbr_bdp);

static void bbr_init(struct tquic_cc *cc)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	cc->cwnd = tquic_cc_initial_window(cc->max_datagram_size);
	bbr->mode = TQUIC_BBR_STARTUP;
	bbr->pacing_gain = TQUIC_BBR_HIGH_GAIN;
	bbr->cwnd_gain = TQUIC_BBR_HIGH_GAIN;
}

static void bbr_save_cwnd(struct tquic_cc *cc)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	if (!cc->in_recovery && bbr->mode != TQUIC_BBR_PROBE_RTT)
		bbr->prior_cwnd = cc->cwnd;
	else
		bbr->prior_cwnd = max(bbr->prior_cwnd, cc->cwnd);
}

static void bbr_on_sent(struct tquic_cc *cc, u32 bytes, u64 now)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	/* Restarting from idle: pace at the estimated bandwidth. */
	if (!cc->in_flight && cc->app_limited) {
		bbr->idle_restart = true;
		if (bbr->mode == TQUIC_BBR_PROBE_BW && bbr_max_bw(bbr))
			bbr->pacing_rate =
				tquic_muldiv(bbr_max_bw(bbr),
					     100 - BBR_PACING_MARGIN, 100);
	}
	cc->in_flight += bytes;
}

static void bbr_on_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			 u64 now)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	/* Recovery ends with a packet sent after it began. */
	if (cc->in_recovery && sent_time > cc->recovery_start) {
		cc->in_recovery = false;
		bbr->packet_conservation = false;
		cc->cwnd = max(cc->cwnd, bbr->prior_cwnd);
	}
}

static void bbr_enter_probe_bw(struct tquic_cc *cc, u64 now)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	bbr->mode = TQUIC_BBR_PROBE_BW;
	/* Start at a random phase, never the 3/4 one, then advance. */
	bbr->cycle_idx = TQUIC_BBR_CYCLE_LEN - 1 -
			 get_random_u32() % BBR_CYCLE_RAND;
	bbr->cycle_idx = (bbr->cycle_idx + 1) % TQUIC_BBR_CYCLE_LEN;
	bbr->cycle_stamp = now;
}

static void bbr_update_bw(struct tquic_cc *cc, const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	bbr->round_start = false;
	if (!ack->has_sample)
		return;
	if (ack->prior_delivered >= bbr->next_round_delivered) {
		bbr->next_round_delivered = cc->delivered;
		bbr->round_count++;
		bbr->round_start = true;
		bbr->packet_conservation = false;
	}
	if (!ack->rate)
		return;
	/* App-limited samples only count when they show more. */
	if (!ack->app_limited || ack->rate >= bbr_max_bw(bbr))
		tquic_bbr_max_filter(bbr->bw, TQUIC_BBR_BW_ROUNDS,
				     bbr->round_count, ack->rate);
}

static bool bbr_next_cycle_phase(struct tquic_cc *cc,
				 const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);
	bool full = ack->now - bbr->cycle_stamp >
		    (u64)bbr->min_rtt_us * NSEC_PER_USEC;
	u64 inflight = ack->prior_in_flight;

	if (bbr->pacing_gain == TQUIC_BBR_UNIT)
		return full;
	if (bbr->pacing_gain > TQUIC_BBR_UNIT)
		return full && (bbr->lost ||
				inflight >= tquic_bbr_bdp(cc, bbr_max_bw(bbr),
							  bbr->pacing_gain));
	return full ||
	       inflight <= tquic_bbr_bdp(cc, bbr_max_bw(bbr), TQUIC_BBR_UNIT);
}

/* Linux's bbr_update_ack_aggregation() */
static void bbr_update_ack_aggregation(struct tquic_cc *cc,
				       const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);
	u64 epoch_us, expected, extra;

	if (!ack->acked || !ack->interval_us)
		return;
	if (bbr->round_start &&
	    ++bbr->extra_acked_rounds >= BBR_EXTRA_ACKED_ROUNDS) {
		bbr->extra_acked_rounds = 0;
		bbr->extra_acked_idx ^= 1;
		bbr->extra_acked[bbr->extra_acked_idx] = 0;
	}
	/* What the bandwidth estimate delivers over the epoch... */
	epoch_us = div_u64(cc->delivered_time -
			   min(cc->delivered_time, bbr->ack_epoch_stamp),
			   NSEC_PER_USEC);
	expected = tquic_muldiv(bbr_max_bw(bbr), epoch_us, USEC_PER_SEC);
	/* ...a slower ACK rate, or an epoch too long: start a new one. */
	if (bbr->ack_epoch_acked <= expected ||
	    bbr->ack_epoch_acked + ack->acked >= BBR_ACK_EPOCH_RESET) {
		bbr->ack_epoch_acked = 0;
		bbr->ack_epoch_stamp = cc->delivered_time;
		expected = 0;
	}
	bbr->ack_epoch_acked += ack->acked;
	extra = min(bbr->ack_epoch_acked - expected, cc->cwnd);
	if (extra > bbr->extra_acked[bbr->extra_acked_idx])
		bbr->extra_acked[bbr->extra_acked_idx] = extra;
}

/**
 * tquic_bbr_aggregation_cwnd - window room for ACK aggregation
 * @cc: the controller
 *
 * Return: bytes; 0 before the pipe is full.
 */
u64 tquic_bbr_aggregation_cwnd(const struct tquic_cc *cc)
{
	const struct tquic_bbr *bbr = tquic_bbr(cc);

	if (!bbr->full_bw_reached)
		return 0;
	return min(max(bbr->extra_acked[0], bbr->extra_acked[1]),
		   tquic_muldiv(bbr_max_bw(bbr), BBR_EXTRA_ACKED_MAX_US,
				USEC_PER_SEC));
}
EXPORT_SYMBOL_GPL(tquic_bbr_aggregation_cwnd);

static void bbr_update_cycle_phase(struct tquic_cc *cc,
				   const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	if (bbr->mode == TQUIC_BBR_PROBE_BW &&
	    bbr_next_cycle_phase(cc, ack)) {
		bbr->cycle_idx = (bbr->cycle_idx + 1) % TQUIC_BBR_CYCLE_LEN;
		bbr->cycle_stamp = ack->now;
	}
}

static void bbr_check_full_bw(struct tquic_cc *cc,
			      const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);
	u64 bw = bbr_max_bw(bbr);

	if (bbr->full_bw_reached || !bbr->round_start || ack->app_limited)
		return;
	if (bw >= div_u64(bbr->full_bw * BBR_FULL_BW_NUM, BBR_FULL_BW_DEN)) {
		bbr->full_bw = bw;
		bbr->full_bw_cnt = 0;
		return;
	}
	bbr->full_bw_reached = ++bbr->full_bw_cnt >= BBR_FULL_BW_CNT;
}

static void bbr_check_drain(struct tquic_cc *cc,
			    const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	if (bbr->mode == TQUIC_BBR_STARTUP && bbr->full_bw_reached)
		bbr->mode = TQUIC_BBR_DRAIN;
	if (bbr->mode == TQUIC_BBR_DRAIN &&
	    cc->in_flight <= tquic_bbr_bdp(cc, bbr_max_bw(bbr),
					   TQUIC_BBR_UNIT))
		bbr_enter_probe_bw(cc, ack->now);
}

static void bbr_update_min_rtt(struct tquic_cc *cc,
			       const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);
	bool expired = bbr->min_rtt_us &&
		       ack->now > bbr->min_rtt_stamp + BBR_MIN_RTT_WIN_NS;

	if (ack->rtt_us && (!bbr->min_rtt_us || ack->rtt_us < bbr->min_rtt_us ||
			    expired)) {
		bbr->min_rtt_us = ack->rtt_us;
		bbr->min_rtt_stamp = ack->now;
	}
	if (expired && !bbr->idle_restart &&
	    bbr->mode != TQUIC_BBR_PROBE_RTT) {
		bbr->mode = TQUIC_BBR_PROBE_RTT;
		bbr_save_cwnd(cc);
		bbr->probe_rtt_done_stamp = 0;
	}
	if (bbr->mode == TQUIC_BBR_PROBE_RTT) {
		/* Nothing fills the pipe while it drains: app-limited. */
		tquic_cc_app_limited(cc);
		if (!bbr->probe_rtt_done_stamp &&
		    cc->in_flight <= bbr_min_cwnd(cc)) {
			bbr->probe_rtt_done_stamp = ack->now + BBR_PROBE_RTT_NS;
			bbr->probe_rtt_round_done = false;
			bbr->next_round_delivered = cc->delivered;
		} else if (bbr->probe_rtt_done_stamp) {
			if (bbr->round_start)
				bbr->probe_rtt_round_done = true;
			if (bbr->probe_rtt_round_done &&
			    ack->now > bbr->probe_rtt_done_stamp) {
				bbr->min_rtt_stamp = ack->now;
				cc->cwnd = max(cc->cwnd, bbr->prior_cwnd);
				if (bbr->full_bw_reached)
					bbr_enter_probe_bw(cc, ack->now);
				else
					bbr->mode = TQUIC_BBR_STARTUP;
			}
		}
	}
	if (ack->acked)
		bbr->idle_restart = false;
}

static void bbr_update_gains(struct tquic_bbr *bbr)
{
	switch (bbr->mode) {
	case TQUIC_BBR_STARTUP:
		bbr->pacing_gain = TQUIC_BBR_HIGH_GAIN;
		bbr->cwnd_gain = TQUIC_BBR_HIGH_GAIN;
		break;
	case TQUIC_BBR_DRAIN:
		bbr->pacing_gain = TQUIC_BBR_DRAIN_GAIN;
		bbr->cwnd_gain = TQUIC_BBR_HIGH_GAIN;
		break;
	case TQUIC_BBR_PROBE_BW:
		bbr->pacing_gain = tquic_bbr_pacing_gains[bbr->cycle_idx];
		bbr->cwnd_gain = TQUIC_BBR_CWND_GAIN;
		break;
	default:
		bbr->pacing_gain = TQUIC_BBR_UNIT;
		bbr->cwnd_gain = TQUIC_BBR_UNIT;
		break;
	}
}

static void bbr_set_pacing_rate(struct tquic_cc *cc)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);
	u64 rate;

	if (!bbr_max_bw(bbr))
		return;
	rate = tquic_muldiv(bbr_max_bw(bbr),
			    (u64)bbr->pacing_gain * (100 - BBR_PACING_MARGIN),
			    TQUIC_BBR_UNIT * 100);
	if (bbr->full_bw_reached || rate > bbr->pacing_rate)
		bbr->pacing_rate = rate;
}

static void bbr_set_cwnd(struct tquic_cc *cc, const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);
	u64 target;

	if (bbr->packet_conservation) {
		cc->cwnd = max(cc->cwnd, cc->in_flight + ack->acked);
		goto done;
	}
	target = tquic_bbr_bdp(cc, bbr_max_bw(bbr), bbr->cwnd_gain) +
		 tquic_bbr_aggregation_cwnd(cc) +
		 (u64)BBR_QUANTA_PKTS * cc->max_datagram_size;
	if (bbr->full_bw_reached)
		cc->cwnd = min(cc->cwnd + ack->acked, target);
	else if (cc->cwnd < target ||
		 cc->delivered < tquic_cc_initial_window(cc->max_datagram_size))
		cc->cwnd += ack->acked;
	cc->cwnd = max(cc->cwnd, bbr_min_cwnd(cc));
done:
	if (bbr->mode == TQUIC_BBR_PROBE_RTT)
		cc->cwnd = min(cc->cwnd, bbr_min_cwnd(cc));
}

static void bbr_on_ack_event(struct tquic_cc *cc,
			     const struct tquic_cc_ack *ack)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	bbr_update_bw(cc, ack);
	bbr_update_ack_aggregation(cc, ack);
	bbr_update_cycle_phase(cc, ack);
	bbr_check_full_bw(cc, ack);
	bbr_check_drain(cc, ack);
	bbr_update_min_rtt(cc, ack);
	bbr_update_gains(bbr);
	bbr_set_pacing_rate(cc);
	bbr_set_cwnd(cc, ack);
	bbr->lost = false;
}

static void bbr_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			u64 now)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	bbr->lost = true;
	if (tquic_reno_in_recovery(cc, sent_time)) {
		cc->cwnd = max(cc->cwnd - min_t(u64, cc->cwnd, bytes),
			       bbr_min_cwnd(cc));
		return;
	}
	/* A new recovery period: one round of packet conservation. */
	bbr_save_cwnd(cc);
	cc->in_recovery = true;
	cc->recovery_start = now;
	bbr->packet_conservation = true;
	bbr->next_round_delivered = cc->delivered;
	cc->cwnd = max(cc->in_flight, bbr_min_cwnd(cc));
}

static void bbr_on_persistent_congestion(struct tquic_cc *cc, u64 now)
{
	struct tquic_bbr *bbr = tquic_bbr(cc);

	bbr_save_cwnd(cc);
	cc->in_recovery = true;
	cc->recovery_start = now;
	bbr->packet_conservation = true;
	bbr->next_round_delivered = cc->delivered;
	cc->cwnd = tquic_cc_minimum_window(cc->max_datagram_size);
}

static u64 bbr_pacing_rate(const struct tquic_cc *cc)
{
	const struct tquic_bbr *bbr = tquic_bbr(cc);

	if (bbr->pacing_rate)
		return bbr->pacing_rate;
	/* No bandwidth sample yet: the window per smoothed RTT, at the
	 * STARTUP gain.
	 */
	if (!cc->srtt_us)
		return 0;
	return tquic_muldiv(cc->cwnd, (u64)TQUIC_BBR_HIGH_GAIN * USEC_PER_SEC,
			    (u64)cc->srtt_us * TQUIC_BBR_UNIT);
}

struct tquic_cc_ops tquic_cc_bbr = {
	.alg = {
		.name = "bbr",
		.owner = THIS_MODULE,
	},
	.init = bbr_init,
	.on_sent = bbr_on_sent,
	.on_acked = bbr_on_acked,
	.on_lost = bbr_on_lost,
	.on_persistent_congestion = bbr_on_persistent_congestion,
	.on_ack_event = bbr_on_ack_event,
	.pacing_rate = bbr_pacing_rate,
};
