/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: congestion controller interface.
 *
 * A controller is one struct tquic_cc_ops registered by name; each path of
 * a connection owns one struct tquic_cc.  All callbacks run under the
 * owning connection's lock, so the controller state needs no locking of
 * its own.  Times are in nanoseconds (ktime_get_ns(), as recovery.c takes
 * them), sizes in bytes.
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

/**
 * struct tquic_cc_ops - a congestion control algorithm
 * @alg: name, owner and registry link; the name is what
 *	net.tquic.congestion_control takes
 * @init: set the initial window; @cc->max_datagram_size is valid
 * @on_sent: @bytes of ack-eliciting data were sent at @now
 * @on_acked: a packet of @bytes sent at @sent_time was acknowledged at @now
 * @on_lost: a packet of @bytes sent at @sent_time was declared lost at @now
 * @on_persistent_congestion: RFC 9002 section 7.6 was detected
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
	u64 priv[8];
};

extern struct tquic_alg_registry tquic_cc_registry;

int tquic_cc_register(struct tquic_cc_ops *ops);
void tquic_cc_unregister(struct tquic_cc_ops *ops);
int tquic_cc_init(struct tquic_cc *cc, const char *name, u32 mds);
void tquic_cc_release(struct tquic_cc *cc);

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

/* Built-in algorithms, registered by tquic.ko itself. */
extern struct tquic_cc_ops tquic_cc_newreno;
extern struct tquic_cc_ops tquic_cc_cubic;

int tquic_cc_builtin_init(void);
void tquic_cc_builtin_exit(void);

#endif /* _TQUIC_CONG_H */
