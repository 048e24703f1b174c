// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "minrtt" scheduler - send on the eligible path with the
 * lowest smoothed RTT that has congestion window left; a path without an
 * RTT sample yet ranks after every measured path.  Ties go to the lower
 * index.  Backup paths only while no other path is usable.
 */
#include "sched.h"

static int minrtt_select(struct tquic_sched *s,
			 const struct tquic_sched_path *paths, unsigned int n,
			 struct tquic_sched_ctx *ctx)
{
	int best = tquic_sched_lowest_rtt(paths, n,
					  tquic_sched_backup_only(paths, n),
					  ctx->bytes, true, -1);

	return best >= 0 ? best : tquic_sched_no_room_error(paths, n);
}

struct tquic_sched_ops tquic_sched_minrtt = {
	.alg = {
		.name = "minrtt",
		.owner = THIS_MODULE,
	},
	.select = minrtt_select,
};
