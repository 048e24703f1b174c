/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: multipath packet scheduler interface.
 *
 * A scheduler picks, for each packet a connection is about to send, one of
 * the connection's paths.  It sees each path through a struct
 * tquic_sched_path snapshot that the connection fills in, and keeps its
 * own small state in struct tquic_sched.  Callbacks run under the owning
 * connection's lock.
 */
#ifndef _TQUIC_SCHED_H
#define _TQUIC_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/tquic.h>

#include "registry.h"

/**
 * struct tquic_sched_path - what a scheduler knows of one path
 * @srtt: smoothed RTT in microseconds (0: no sample yet)
 * @cwnd: congestion window in bytes
 * @in_flight: bytes in flight
 * @usable: validated, active and allowed to carry data
 */
struct tquic_sched_path {
	u32 srtt;
	u64 cwnd;
	u64 in_flight;
	bool usable;
};

struct tquic_sched;

/**
 * struct tquic_sched_ops - a packet scheduler
 * @alg: name, owner and registry link; the name is what
 *	net.tquic.scheduler takes
 * @select: return the index of the path for a packet of @bytes among
 *	@paths[0..@n), -EAGAIN when every usable path's window is full, or
 *	-ENETUNREACH when no path is usable
 */
struct tquic_sched_ops {
	struct tquic_alg alg;
	int (*select)(struct tquic_sched *s,
		      const struct tquic_sched_path *paths, unsigned int n,
		      u32 bytes);
};

/**
 * struct tquic_sched - scheduler instance of one connection
 * @ops: the scheduler
 * @priv: scheduler-private state
 */
struct tquic_sched {
	const struct tquic_sched_ops *ops;
	u64 priv[4];
};

extern struct tquic_alg_registry tquic_sched_registry;

int tquic_sched_register(struct tquic_sched_ops *ops);
void tquic_sched_unregister(struct tquic_sched_ops *ops);
int tquic_sched_init(struct tquic_sched *s, const char *name);
void tquic_sched_release(struct tquic_sched *s);

/* Helpers for schedulers. */
static inline bool tquic_sched_path_has_room(const struct tquic_sched_path *p,
					     u32 bytes)
{
	return p->usable && p->in_flight + bytes <= p->cwnd;
}

int tquic_sched_no_room_error(const struct tquic_sched_path *paths,
			      unsigned int n);

extern struct tquic_sched_ops tquic_sched_minrtt;
extern struct tquic_sched_ops tquic_sched_roundrobin;

int tquic_sched_builtin_init(void);
void tquic_sched_builtin_exit(void);

#endif /* _TQUIC_SCHED_H */
