// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "weighted" scheduler - share the packets among the eligible
 * paths in proportion to their weights, by smooth weighted round robin
 * (each pick adds every candidate's weight to its credit, takes the path
 * with the most credit and charges it the sum of the weights), which
 * gives exact proportions over every cycle and interleaves the paths
 * evenly within it.
 *
 * The weights are the configured ones (tquic_sched_path.weight) when any
 * eligible path has one; paths without one then carry nothing.  When no
 * weight is configured, each path weighs its estimated bandwidth, in
 * KiB/s (at least 1): the larger of its rate estimate (the pacing rate)
 * and what its window lets through, cwnd / smoothed RTT (cwnd / 333 ms,
 * RFC 9002's initial RTT, before a sample).  The window's share keeps a
 * path that was given little data - whose rate estimate is only as high
 * as what it was given - from starving: its share grows with its window.
 *
 * Only paths with window room take part in a pick; the others keep their
 * credit.  Backup paths only while no other path is usable.
 */
#include <linux/math64.h>

#include "sched.h"

#define WEIGHTED_INITIAL_RTT_US	333000ULL
#define WEIGHTED_RATE_SHIFT	10		/* bytes/s to KiB/s */

/**
 * tquic_weighted_weight - the weight of a path for one pick
 * @p: the path
 * @configured: weights are configured on this connection
 *
 * Return: the configured weight, or the bandwidth estimate in KiB/s.
 */
u64 tquic_weighted_weight(const struct tquic_sched_path *p, bool configured)
{
	u64 rate;

	if (configured)
		return p->weight;
	rate = div64_u64(min_t(u64, p->cwnd, U64_MAX / USEC_PER_SEC) *
			 USEC_PER_SEC,
			 p->srtt ? p->srtt : WEIGHTED_INITIAL_RTT_US);
	rate = max(rate, p->rate);
	return clamp_t(u64, rate >> WEIGHTED_RATE_SHIFT, 1, U32_MAX);
}
EXPORT_SYMBOL_GPL(tquic_weighted_weight);

/* priv[i]: credit of path i (s64) */
static int weighted_select(struct tquic_sched *s,
			   const struct tquic_sched_path *paths,
			   unsigned int n, struct tquic_sched_ctx *ctx)
{
	bool backup_only = tquic_sched_backup_only(paths, n);
	bool configured = false;
	s64 *credit = (s64 *)s->priv;
	s64 total = 0;
	unsigned int i;
	int best = -1;
	u64 w;

	BUILD_BUG_ON(ARRAY_SIZE(s->priv) < TQUIC_SCHED_MAX_PATHS);
	for (i = 0; i < n; i++)
		if (tquic_sched_eligible(&paths[i], backup_only) &&
		    paths[i].weight)
			configured = true;
	for (i = 0; i < n; i++) {
		if (!tquic_sched_can_send(&paths[i], backup_only, ctx->bytes))
			continue;
		w = tquic_weighted_weight(&paths[i], configured);
		if (!w)
			continue;
		credit[i] += w;
		total += w;
		if (best < 0 || credit[i] > credit[best])
			best = i;
	}
	if (best < 0)
		return tquic_sched_no_room_error(paths, n);
	credit[best] -= total;
	return best;
}

struct tquic_sched_ops tquic_sched_weighted = {
	.alg = {
		.name = "weighted",
		.owner = THIS_MODULE,
	},
	.select = weighted_select,
};
