// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "roundrobin" scheduler - take the eligible paths with window
 * left in turn, starting after the path used last.  Backup paths only
 * while no other path is usable.
 */
#include "sched.h"

/* priv[0]: index of the next path to try */
static int roundrobin_select(struct tquic_sched *s,
			     const struct tquic_sched_path *paths,
			     unsigned int n, struct tquic_sched_ctx *ctx)
{
	bool backup_only = tquic_sched_backup_only(paths, n);
	unsigned int i, idx;

	for (i = 0; i < n; i++) {
		idx = (s->priv[0] + i) % n;
		if (tquic_sched_can_send(&paths[idx], backup_only,
					 ctx->bytes)) {
			s->priv[0] = (idx + 1) % n;
			return idx;
		}
	}
	return tquic_sched_no_room_error(paths, n);
}

struct tquic_sched_ops tquic_sched_roundrobin = {
	.alg = {
		.name = "roundrobin",
		.owner = THIS_MODULE,
	},
	.select = roundrobin_select,
};
