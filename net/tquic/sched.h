/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: multipath packet scheduler interface.
 *
 * A scheduler picks, for each packet a connection is about to send, one of
 * the connection's paths, and may ask for copies of it on further paths.
 * It sees each path through a struct tquic_sched_path snapshot that the
 * connection fills in, the packet and the send queue through a struct
 * tquic_sched_ctx, and keeps its own small state in struct tquic_sched.
 * Callbacks run under the owning connection's lock.
 *
 * The core calls tquic_sched_select(), never ops->select directly:
 *
 *	ret = tquic_sched_select(&sched, paths, n, &ctx);
 *
 * ret >= 0 is the index of the path that carries the packet; every bit i
 * set in ctx.dup names a further path that gets a copy of it (never the
 * primary, only paths that are eligible and have window room for
 * ctx.bytes).  -EAGAIN: a usable path exists but the scheduler will not
 * send now (every eligible window is full, or BLEST/ECF wait for the fast
 * path): retry when an ACK or a loss frees window.  -ENETUNREACH: no path
 * is usable.
 *
 * Backup paths: a path with @backup set is eligible only while no path
 * without it is usable (tquic_sched_backup_only()).  A usable non-backup
 * path with a full window makes the result -EAGAIN, not a backup path.
 *
 * Duplicates: the redundant scheduler copies every packet; any scheduler
 * copies a packet the caller flags TQUIC_SCHED_F_INTERACTIVE or
 * TQUIC_SCHED_F_DUPLICATE to every other eligible path with room.
 */
#ifndef _TQUIC_SCHED_H
#define _TQUIC_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/tquic.h>

#include "registry.h"

/* Paths a scheduler looks at (and bits of tquic_sched_ctx.dup); a
 * connection with more offers only its first TQUIC_SCHED_MAX_PATHS.
 */
#define TQUIC_SCHED_MAX_PATHS	16

/**
 * struct tquic_sched_path - what a scheduler knows of one path
 * @srtt: smoothed RTT in microseconds (0: no sample yet)
 * @rttvar: RTT variation in microseconds
 * @min_rtt: minimum RTT in microseconds (0: no sample yet)
 * @cwnd: congestion window in bytes
 * @in_flight: bytes in flight
 * @rate: delivery (or pacing) rate estimate in bytes per second
 *	(0: none yet)
 * @sent: packets sent on the path
 * @lost: packets declared lost on the path
 * @weight: configured weight for "weighted" (0: none configured)
 * @usable: validated, active and allowed to carry data
 * @backup: marked backup: carries data only when no non-backup path is
 *	usable
 */
struct tquic_sched_path {
	u32 srtt;
	u32 rttvar;
	u32 min_rtt;
	u64 cwnd;
	u64 in_flight;
	u64 rate;
	u64 sent;
	u64 lost;
	u32 weight;
	bool usable;
	bool backup;
};

/* tquic_sched_ctx.flags */
#define TQUIC_SCHED_F_INTERACTIVE	BIT(0)	/* small, latency-critical */
#define TQUIC_SCHED_F_DUPLICATE		BIT(1)	/* copy on every path */
#define TQUIC_SCHED_F_BLOCKED		BIT(2)	/* flow control blocked us */

/**
 * struct tquic_sched_ctx - the packet to place and the connection's queue
 * @bytes: size of the packet (in: the segment size BLEST and ECF count in)
 * @queued: bytes waiting to be sent on the connection, this packet
 *	included (the send buffer backlog; ECF's k)
 * @send_window: bytes the peer lets the connection have outstanding
 *	(connection flow control window: peer's MAX_DATA minus the bytes it
 *	has acknowledged; BLEST's |M|); 0: unknown, BLEST then never waits
 * @now_us: current time in microseconds (BLEST adapts lambda once per RTT)
 * @flags: TQUIC_SCHED_F_*: INTERACTIVE and DUPLICATE ask for copies,
 *	BLOCKED reports that the connection was blocked by the send window
 *	since the previous call (BLEST raises lambda)
 * @dup: out: bitmask of the paths that get a copy (see above)
 */
struct tquic_sched_ctx {
	u32 bytes;
	u64 queued;
	u64 send_window;
	u64 now_us;
	u32 flags;
	u32 dup;
};

struct tquic_sched;

/**
 * struct tquic_sched_ops - a packet scheduler
 * @alg: name, owner and registry link; the name is what
 *	net.tquic.scheduler takes
 * @select: return the index of the path for the packet @ctx describes
 *	among @paths[0..@n) (@n <= TQUIC_SCHED_MAX_PATHS), -EAGAIN or
 *	-ENETUNREACH; may set bits in @ctx->dup.  Called through
 *	tquic_sched_select(), which clears @ctx->dup first.
 */
struct tquic_sched_ops {
	struct tquic_alg alg;
	int (*select)(struct tquic_sched *s,
		      const struct tquic_sched_path *paths, unsigned int n,
		      struct tquic_sched_ctx *ctx);
};

/**
 * struct tquic_sched - scheduler instance of one connection
 * @ops: the scheduler
 * @priv: scheduler-private state
 */
struct tquic_sched {
	const struct tquic_sched_ops *ops;
	u64 priv[TQUIC_SCHED_MAX_PATHS + 4];
};

extern struct tquic_alg_registry tquic_sched_registry;

int tquic_sched_register(struct tquic_sched_ops *ops);
void tquic_sched_unregister(struct tquic_sched_ops *ops);
int tquic_sched_init(struct tquic_sched *s, const char *name);
void tquic_sched_release(struct tquic_sched *s);
int tquic_sched_select(struct tquic_sched *s,
		       const struct tquic_sched_path *paths, unsigned int n,
		       struct tquic_sched_ctx *ctx);

/* Helpers for schedulers. */
bool tquic_sched_backup_only(const struct tquic_sched_path *paths,
			     unsigned int n);

/* May carry data now: usable, and not a backup while a non-backup path
 * is usable (@backup_only from tquic_sched_backup_only()).
 */
static inline bool tquic_sched_eligible(const struct tquic_sched_path *p,
					bool backup_only)
{
	return p->usable && (!p->backup || backup_only);
}

static inline bool tquic_sched_path_has_room(const struct tquic_sched_path *p,
					     u32 bytes)
{
	return p->usable && p->in_flight + bytes <= p->cwnd;
}

static inline bool tquic_sched_can_send(const struct tquic_sched_path *p,
					bool backup_only, u32 bytes)
{
	return tquic_sched_eligible(p, backup_only) &&
	       tquic_sched_path_has_room(p, bytes);
}

/* Ordering by smoothed RTT: a path without a sample ranks last. */
static inline u64 tquic_sched_rtt_key(const struct tquic_sched_path *p)
{
	return p->srtt ? p->srtt : U64_MAX;
}

int tquic_sched_lowest_rtt(const struct tquic_sched_path *paths,
			   unsigned int n, bool backup_only, u32 bytes,
			   bool need_room, int except);
int tquic_sched_fast_slow(const struct tquic_sched_path *paths,
			  unsigned int n, u32 bytes, int *fast, int *slow);
u32 tquic_sched_others_with_room(const struct tquic_sched_path *paths,
				 unsigned int n, bool backup_only, u32 bytes,
				 int except);
int tquic_sched_no_room_error(const struct tquic_sched_path *paths,
			      unsigned int n);

extern struct tquic_sched_ops tquic_sched_minrtt;
extern struct tquic_sched_ops tquic_sched_roundrobin;
extern struct tquic_sched_ops tquic_sched_weighted;
extern struct tquic_sched_ops tquic_sched_blest;
extern struct tquic_sched_ops tquic_sched_ecf;
extern struct tquic_sched_ops tquic_sched_redundant;

/* Decision rules, exposed for KUnit. */
bool tquic_blest_wait(const struct tquic_sched_path *fast,
		      const struct tquic_sched_path *slow, u32 mss,
		      u64 send_window, u32 lambda);
bool tquic_ecf_wait(const struct tquic_sched_path *fast,
		    const struct tquic_sched_path *slow, u64 queued,
		    bool *waiting);
u64 tquic_weighted_weight(const struct tquic_sched_path *p, bool configured);

int tquic_sched_builtin_init(void);
void tquic_sched_builtin_exit(void);

#endif /* _TQUIC_SCHED_H */
