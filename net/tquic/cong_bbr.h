/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: BBR v1 state, shared by cong_bbr.c and its KUnit tests.
 */
#ifndef _TQUIC_CONG_BBR_H
#define _TQUIC_CONG_BBR_H

#include <linux/build_bug.h>
#include <linux/types.h>

#include "cong.h"

/* Gains in 1/TQUIC_BBR_UNIT */
#define TQUIC_BBR_UNIT		256
#define TQUIC_BBR_HIGH_GAIN	(TQUIC_BBR_UNIT * 2885 / 1000 + 1) /* 2/ln2 */
#define TQUIC_BBR_DRAIN_GAIN	(TQUIC_BBR_UNIT * 1000 / 2885)
#define TQUIC_BBR_CWND_GAIN	(TQUIC_BBR_UNIT * 2)
#define TQUIC_BBR_CYCLE_LEN	8
#define TQUIC_BBR_BW_ROUNDS	10	/* max filter window, round trips */

enum tquic_bbr_mode {
	TQUIC_BBR_STARTUP,
	TQUIC_BBR_DRAIN,
	TQUIC_BBR_PROBE_BW,
	TQUIC_BBR_PROBE_RTT,
};

/**
 * struct tquic_bbr_sample - one sample of a windowed max filter
 * @v: value
 * @t: time (here: round count)
 */
struct tquic_bbr_sample {
	u64 v;
	u32 t;
};

/**
 * struct tquic_bbr - BBR state in &tquic_cc.priv
 * @bw: windowed max filter of the delivery rate, bytes/s, over
 *	TQUIC_BBR_BW_ROUNDS rounds (best, second best, third best)
 * @min_rtt_stamp: when @min_rtt_us was taken, ns
 * @probe_rtt_done_stamp: when PROBE_RTT may end, ns (0: not yet known)
 * @cycle_stamp: when the current gain cycle phase began, ns
 * @next_round_delivered: tquic_cc.delivered that ends the round trip
 * @full_bw: bandwidth at the last STARTUP growth check, bytes/s
 * @prior_cwnd: window saved on loss recovery or PROBE_RTT
 * @pacing_rate: bytes/s (0: none yet)
 * @ack_epoch_stamp: start of the current ACK aggregation epoch, ns
 * @ack_epoch_acked: bytes acknowledged in it
 * @extra_acked: the most acknowledged beyond what the bandwidth explains,
 *	in each of the two halves of a 10-round window, bytes
 * @min_rtt_us: windowed minimum RTT (0: none yet)
 * @round_count: round trips so far
 * @pacing_gain: current pacing gain
 * @cwnd_gain: current window gain
 * @mode: enum tquic_bbr_mode
 * @cycle_idx: phase of the PROBE_BW gain cycle
 * @full_bw_cnt: rounds without 25% bandwidth growth
 * @extra_acked_rounds: rounds in the current half of @extra_acked's window
 * @extra_acked_idx: the current half
 * @full_bw_reached: STARTUP filled the pipe
 * @round_start: this ACK began a round trip
 * @probe_rtt_round_done: a round trip passed in PROBE_RTT
 * @packet_conservation: first round of loss recovery
 * @lost: a loss since the last ACK event
 * @idle_restart: sending restarted after an app-limited idle period
 */
struct tquic_bbr {
	struct tquic_bbr_sample bw[3];
	u64 min_rtt_stamp;
	u64 probe_rtt_done_stamp;
	u64 cycle_stamp;
	u64 next_round_delivered;
	u64 full_bw;
	u64 prior_cwnd;
	u64 pacing_rate;
	u64 ack_epoch_stamp;
	u64 ack_epoch_acked;
	u64 extra_acked[2];
	u32 min_rtt_us;
	u32 round_count;
	u16 pacing_gain;
	u16 cwnd_gain;
	u8 mode;
	u8 cycle_idx;
	u8 full_bw_cnt;
	u8 extra_acked_rounds;
	u8 extra_acked_idx;
	bool full_bw_reached;
	bool round_start;
	bool probe_rtt_round_done;
	bool packet_conservation;
	bool lost;
	bool idle_restart;
};

static inline struct tquic_bbr *tquic_bbr(const struct tquic_cc *cc)
{
	BUILD_BUG_ON(sizeof(struct tquic_bbr) > sizeof(cc->priv));
	return (struct tquic_bbr *)cc->priv;
}

extern const u16 tquic_bbr_pacing_gains[TQUIC_BBR_CYCLE_LEN];

u64 tquic_bbr_max_filter(struct tquic_bbr_sample *s, u32 win, u32 t, u64 v);
u64 tquic_bbr_bdp(const struct tquic_cc *cc, u64 bw, u32 gain);
u64 tquic_bbr_aggregation_cwnd(const struct tquic_cc *cc);

#endif /* _TQUIC_CONG_BBR_H */
