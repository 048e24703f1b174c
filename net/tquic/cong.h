/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: congestion controller interface.
 *
 * A controller is one struct tquic_cc_ops registered by name; each path of
 * a connection owns one struct tquic_cc.  All callbacks run under the
 * owning connection's lock, so the controller state needs no locking of
 * its own.  Times are in nanoseconds (ktime_get_ns(), as recovery.c takes
 * them), sizes in bytes, RTTs handed over with tquic_cc_rtt_sample() in
 * microseconds.
 *
 * What the core calls, per path:
 *
 *	tquic_cc_init(cc, name, mds);		then tquic_cc_group_add()
 *	tquic_cc_on_sent(cc, &sent->rs, bytes, now);	ack-eliciting packet
 *	tquic_cc_rtt_sample(cc, latest_us, srtt_us, min_rtt_us);
 *	tquic_cc_ack_begin(cc, &ack, now);	an ACK frame arrives
 *	tquic_cc_on_acked(cc, &ack, &sent->rs, bytes, sent_time, now);
 *						each newly acked packet
 *	tquic_cc_ack_end(cc, &ack, now);	after them: rate sample
 *	cc->ops->on_lost(), ->on_persistent_congestion()	as before
 *	tquic_cc_app_limited(cc);		window open, nothing to send
 *	tquic_cc_pacing_rate(cc);		0: the core's own pacing
 *	tquic_cc_release(cc);			also leaves the group
 *
 * Coupled controllers (lia, olia) see every controller of their
 * connection through cc->group (struct tquic_cc_group); a controller in
 * no group is a group of one, and behaves as NewReno would.
 */
#ifndef _TQUIC_CONG_H
#define _TQUIC_CONG_H

#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/tquic.h>

#include "registry.h"

struct tquic_cc;
struct tquic_cc_ack;

/**
 * struct tquic_cc_ops - a congestion control algorithm
 * @alg: name, owner and registry link; the name is what
 *	net.tquic.congestion_control takes
 * @init: set the initial window; @cc->max_datagram_size is valid
 * @on_sent: @bytes of ack-eliciting data were sent at @now
 * @on_acked: a packet of @bytes sent at @sent_time was acknowledged at @now
 * @on_lost: a packet of @bytes sent at @sent_time was declared lost at @now
 * @on_persistent_congestion: RFC 9002 section 7.6 was detected
 * @on_ack_event: optional; once per ACK frame, after the on_acked calls of
 *	the packets it acknowledged, with the rate sample
 * @pacing_rate: optional; the rate in bytes per second the path should be
 *	paced at, 0 to leave pacing to the core
 */
struct tquic_cc_ops {
	struct tquic_alg alg;
	void (*init)(struct tquic_cc *cc);
	void (*on_sent)(struct tquic_cc *cc, u32 bytes, u64 now);
	void (*on_acked)(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			 u64 now);
	void (*on_lost)(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			u64 now);
	void (*on_persistent_congestion)(struct tquic_cc *cc, u64 now);
	void (*on_ack_event)(struct tquic_cc *cc,
			     const struct tquic_cc_ack *ack);
	u64 (*pacing_rate)(const struct tquic_cc *cc);
};

/**
 * struct tquic_cc_pkt - delivery state when a packet was sent (the
 *	per-packet half of the rate sampler, kept in the sent record)
 * @delivered: tquic_cc.delivered then
 * @delivered_time: tquic_cc.delivered_time then
 * @first_sent_time: tquic_cc.first_sent_time then
 * @app_limited: sent while the path was application-limited
 */
struct tquic_cc_pkt {
	u64 delivered;
	u64 delivered_time;
	u64 first_sent_time;
	bool app_limited;
};

/**
 * struct tquic_cc_ack - what one ACK frame did to a path: a delivery rate
 *	sample (as TCP's, tcp_rate.c), built by tquic_cc_ack_begin(),
 *	tquic_cc_on_acked() and tquic_cc_ack_end()
 * @now: arrival time, ns
 * @acked: ack-eliciting bytes it newly acknowledged
 * @prior_in_flight: bytes in flight before it
 * @prior_delivered: tquic_cc.delivered when the newest packet it
 *	acknowledged was sent
 * @prior_time: tquic_cc.delivered_time then, ns
 * @send_elapsed: send phase of the sample, ns
 * @ack_elapsed: ack phase of the sample, ns
 * @delivered: bytes delivered over the sample's interval
 * @interval_us: the interval, max(send, ack phase), us; 0: no sample
 * @rate: @delivered / @interval_us in bytes per second; 0: no sample
 * @rtt_us: latest RTT sample of the path, us (0: none)
 * @app_limited: the sample may underestimate the path (it was taken while
 *	the sender had too little to send)
 * @has_sample: a packet of it carried a rate snapshot
 */
struct tquic_cc_ack {
	u64 now;
	u64 acked;
	u64 prior_in_flight;
	u64 prior_delivered;
	u64 prior_time;
	u64 send_elapsed;
	u64 ack_elapsed;
	u64 delivered;
	u64 interval_us;
	u64 rate;
	u32 rtt_us;
	bool app_limited;
	bool has_sample;
};

/**
 * struct tquic_cc_group - the congestion controllers of one connection
 * @members: their tquic_cc.group_node
 * @n: how many
 */
struct tquic_cc_group {
	struct list_head members;
	unsigned int n;
};

/**
 * struct tquic_cc - congestion state of one path
 * @ops: the algorithm
 * @max_datagram_size: current maximum datagram size of the path
 * @cwnd: congestion window
 * @ssthresh: slow start threshold (U64_MAX until the first loss)
 * @in_flight: ack-eliciting bytes in flight
 * @recovery_start: time the current recovery period began (0: none yet)
 * @in_recovery: a recovery period has begun
 * @acked_acc: bytes acknowledged towards the next congestion-avoidance step
 * @srtt_us: smoothed RTT of the path, us (0: no sample yet)
 * @min_rtt_us: minimum RTT of the path, us
 * @latest_rtt_us: latest RTT sample, us
 * @delivered: bytes acknowledged on the path so far (rate sampler)
 * @delivered_time: when @delivered last grew, ns
 * @first_sent_time: send time of the packet that began the current
 *	sample's send phase, ns
 * @app_limited: @delivered value up to which samples are app-limited
 *	(0: not app-limited)
 * @bw_max: the highest delivery rate sample of the last
 *	TQUIC_CC_BW_WINDOW_RTTS smoothed RTTs (at least a second), bytes/s
 *	(0: none yet)
 * @bw_max_time: when @bw_max was taken, ns
 * @used_until: @delivered value up to which the window counts as in
 *	use (RFC 9002 7.8): the end of the round in which a send last
 *	found it full; acknowledgments grow it only until then
 * @group: the connection's controllers (NULL: a group of one)
 * @group_node: link in @group
 * @priv: algorithm-private state
 */
struct tquic_cc {
	const struct tquic_cc_ops *ops;
	u32 max_datagram_size;
	u64 cwnd;
	u64 ssthresh;
	u64 in_flight;
	u64 recovery_start;
	bool in_recovery;
	u64 acked_acc;
	u32 srtt_us;
	u32 min_rtt_us;
	u32 latest_rtt_us;
	u64 delivered;
	u64 delivered_time;
	u64 first_sent_time;
	u64 app_limited;
	u64 bw_max;
	u64 bw_max_time;
	u64 used_until;
	bool hystart;
	u32 hs_samples;
	u32 hs_round_min_us;
	u32 hs_last_min_us;
	u64 hs_round_end;
	struct tquic_cc_group *group;
	struct list_head group_node;
	u64 priv[20];
};

extern struct tquic_alg_registry tquic_cc_registry;

int tquic_cc_register(struct tquic_cc_ops *ops);
void tquic_cc_unregister(struct tquic_cc_ops *ops);
int tquic_cc_init(struct tquic_cc *cc, const char *name, u32 mds);
void tquic_cc_release(struct tquic_cc *cc);
void tquic_cc_switch(struct tquic_cc *cc, const struct tquic_cc_ops *ops);
void tquic_cc_reset(struct tquic_cc *cc);
void tquic_cc_set_mds(struct tquic_cc *cc, u32 mds);

/* cong_group.c: the controllers of a connection */
void tquic_cc_group_init(struct tquic_cc_group *g);
void tquic_cc_group_add(struct tquic_cc_group *g, struct tquic_cc *cc);
void tquic_cc_group_del(struct tquic_cc *cc);
struct tquic_cc *tquic_cc_group_next(const struct tquic_cc *cc,
				     const struct tquic_cc *pos);
unsigned int tquic_cc_group_size(const struct tquic_cc *cc);

/* Every controller of @cc's connection, @cc included (alone without a
 * group).
 */
#define tquic_cc_for_each_coupled(pos, cc)				\
	for ((pos) = tquic_cc_group_next((cc), NULL); (pos);		\
	     (pos) = tquic_cc_group_next((cc), (pos)))

/* cong_rate.c: what the core reports, and the rate sampler */
void tquic_cc_rtt_sample(struct tquic_cc *cc, u32 latest_us, u32 srtt_us,
			 u32 min_rtt_us);
void tquic_cc_on_sent(struct tquic_cc *cc, struct tquic_cc_pkt *pkt,
		      u32 bytes, u64 now);
void tquic_cc_ack_begin(struct tquic_cc *cc, struct tquic_cc_ack *ack,
			u64 now);
void tquic_cc_on_acked(struct tquic_cc *cc, struct tquic_cc_ack *ack,
		       const struct tquic_cc_pkt *pkt, u32 bytes,
		       u64 sent_time, u64 now);
void tquic_cc_ack_end(struct tquic_cc *cc, struct tquic_cc_ack *ack,
		      u64 now);
void tquic_cc_app_limited(struct tquic_cc *cc);
u64 tquic_cc_inflight_cap(const struct tquic_cc *cc);
u64 tquic_cc_pacing_rate(const struct tquic_cc *cc);

/* RFC 9002, section 7.2 */
static inline u64 tquic_cc_initial_window(u32 mds)
{
	return min_t(u64, 10ULL * mds, max_t(u64, 14720, 2ULL * mds));
}

static inline u64 tquic_cc_minimum_window(u32 mds)
{
	return 2ULL * mds;
}

/**
 * struct tquic_cubic - CUBIC state (RFC 9438) in &tquic_cc.priv
 * @w_max: window in bytes just before the last reduction, after fast
 *	convergence
 * @cwnd_prior: window in bytes at the last congestion event, before the
 *	reduction
 * @w_est: Reno-friendly window estimate in bytes (RFC 9438, 4.3)
 * @epoch_start: when the current congestion avoidance stage began
 * @min_rtt: smallest RTT seen in acknowledgments (0: none yet)
 * @cwnd_acc: remainder of the window increments toward the cubic target,
 *	in bytes times @tquic_cc.cwnd
 * @est_acc: remainder of the @w_est increments, in bytes times 17 *
 *	@tquic_cc.cwnd
 * @k: time in ms the cubic function takes to grow back to @w_max
 * @in_epoch: a congestion avoidance stage is running (@epoch_start, @k and
 *	@w_est are valid)
 */
struct tquic_cubic {
	u64 w_max;
	u64 cwnd_prior;
	u64 w_est;
	u64 epoch_start;
	u64 min_rtt;
	u64 cwnd_acc;
	u64 est_acc;
	u32 k;
	bool in_epoch;
};

static inline struct tquic_cubic *tquic_cubic(struct tquic_cc *cc)
{
	BUILD_BUG_ON(sizeof(struct tquic_cubic) > sizeof(cc->priv));
	return (struct tquic_cubic *)cc->priv;
}

/* CUBIC arithmetic, exposed for KUnit: windows in bytes, times in ms. */
u32 tquic_cubic_root(u64 x);
u32 tquic_cubic_k(u64 w_max, u64 cwnd_epoch, u32 mds);
u64 tquic_cubic_window(u64 w_max, u32 k, u64 t, u32 mds);

/* NewReno's pieces, shared with the coupled controllers (lia, olia),
 * which change only the congestion avoidance increase.
 */
bool tquic_reno_in_recovery(const struct tquic_cc *cc, u64 sent_time);
bool tquic_reno_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time);
void tquic_reno_init(struct tquic_cc *cc);
void tquic_reno_on_sent(struct tquic_cc *cc, u32 bytes, u64 now);
void tquic_reno_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			u64 now);
void tquic_reno_on_persistent_congestion(struct tquic_cc *cc, u64 now);

/* Coupled increase (RFC 6356, OLIA), exposed for KUnit: the increase in
 * bytes times 2^TQUIC_CC_INC_SHIFT for @bytes acknowledged on @cc.
 */
#define TQUIC_CC_INC_SHIFT	16
#define TQUIC_LIA_ALPHA_SCALE	1024
u64 tquic_lia_alpha(const struct tquic_cc *cc);

/**
 * struct tquic_olia - OLIA state in &tquic_cc.priv
 * @acked: bytes acknowledged on the path so far
 * @loss1: @acked at the last loss but one
 * @loss2: @acked at the last loss
 * @inc_acc: fraction of the window change not applied yet, bytes times
 *	2^TQUIC_CC_INC_SHIFT
 */
struct tquic_olia {
	u64 acked;
	u64 loss1;
	u64 loss2;
	s64 inc_acc;
};

static inline struct tquic_olia *tquic_olia(const struct tquic_cc *cc)
{
	BUILD_BUG_ON(sizeof(struct tquic_olia) > sizeof(cc->priv));
	return (struct tquic_olia *)cc->priv;
}

u64 tquic_lia_increase(const struct tquic_cc *cc, u32 bytes);
s64 tquic_olia_increase(const struct tquic_cc *cc, u32 bytes);

/* Built-in algorithms, registered by tquic.ko itself. */
extern struct tquic_cc_ops tquic_cc_newreno;
extern struct tquic_cc_ops tquic_cc_cubic;
extern struct tquic_cc_ops tquic_cc_lia;
extern struct tquic_cc_ops tquic_cc_olia;
extern struct tquic_cc_ops tquic_cc_bbr;

int tquic_cc_builtin_init(void);
void tquic_cc_builtin_exit(void);

#endif /* _TQUIC_CONG_H */
