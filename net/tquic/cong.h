/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: congestion controller interface.
 *
 * A controller is one struct tquic_cc_ops registered by name; each path of
 * a connection owns one struct tquic_cc.  All callbacks run under the
 * owning connection's lock, so the controller state needs no locking of
 * its own.  Times are in microseconds, sizes in bytes.
 */
#ifndef _TQUIC_CONG_H
#define _TQUIC_CONG_H

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

/* Built-in algorithms, registered by tquic.ko itself. */
extern struct tquic_cc_ops tquic_cc_newreno;

int tquic_cc_builtin_init(void);
void tquic_cc_builtin_exit(void);

#endif /* _TQUIC_CONG_H */
