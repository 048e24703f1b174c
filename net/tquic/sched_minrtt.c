// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "minrtt" scheduler - send on the path with the lowest smoothed
 * RTT that has congestion window left; a path without an RTT sample yet
 * ranks after every measured path.  Ties go to the lower index.
 */
#include "sched.h"

static u64 minrtt_key(const struct tquic_sched_path *p)
{
	return p->srtt ? p->srtt : U64_MAX;
}

static int minrtt_select(struct tquic_sched *s,
			 const struct tquic_sched_path *paths, unsigned int n,
			 u32 bytes)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!tquic_sched_path_has_room(&paths[i], bytes))
			continue;
		if (best < 0 || minrtt_key(&paths[i]) < minrtt_key(&paths[best]))
			best = i;
	}
	return best >= 0 ? best : tquic_sched_no_room_error(paths, n);
}

struct tquic_sched_ops tquic_sched_minrtt = {
	.alg = {
		.name = "minrtt",
		.owner = THIS_MODULE,
	},
	.select = minrtt_select,
};
