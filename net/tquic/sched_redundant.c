// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "redundant" scheduler - every packet goes on every eligible
 * path with window room: the one with the lowest smoothed RTT carries it,
 * the others get copies (tquic_sched_ctx.dup).  Trades capacity for the
 * latency and loss of the best path at each moment.  Backup paths only
 * while no other path is usable.
 */
#include "sched.h"

static int redundant_select(struct tquic_sched *s,
			    const struct tquic_sched_path *paths,
			    unsigned int n, struct tquic_sched_ctx *ctx)
{
	bool backup_only = tquic_sched_backup_only(paths, n);
	int best = tquic_sched_lowest_rtt(paths, n, backup_only, ctx->bytes,
					  true, -1);

	if (best < 0)
		return tquic_sched_no_room_error(paths, n);
	ctx->dup = tquic_sched_others_with_room(paths, n, backup_only,
						ctx->bytes, best);
	return best;
}

struct tquic_sched_ops tquic_sched_redundant = {
	.alg = {
		.name = "redundant",
		.owner = THIS_MODULE,
	},
	.select = redundant_select,
};
