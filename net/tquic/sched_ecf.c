// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "ecf" scheduler - Earliest Completion First (Lim, Nahum,
 * Towsley, Gibbens: "ECF: An MPTCP Path Scheduler to Manage Heterogeneous
 * Paths", CoNEXT 2017), algorithm 1.
 *
 * The fastest eligible path x_f (lowest smoothed RTT) takes the packet
 * while it has window room.  When it is full, the fastest other path x_s
 * with room is considered.  With k the bytes queued to send, x_f needs
 * n = 1 + k / CWND_f rounds to finish them, and delta = max(sigma_f,
 * sigma_s) (RTT variations):
 *
 *	if n * RTT_f < (1 + waiting * beta) * (RTT_s + delta):
 *		if k / CWND_s * RTT_s >= 2 * RTT_f + delta:
 *			waiting = 1, wait for x_f	(-EAGAIN)
 *		else
 *			send on x_s
 *	else
 *		waiting = 0, send on x_s
 *
 * beta = 1/4 is the hysteresis that keeps the scheduler from flapping.
 * k and the windows are in bytes (their ratios are what counts), RTTs in
 * microseconds.  Backup paths only while no other path is usable.
 */
#include "muldiv.h"

#include "sched.h"

#define ECF_BETA_DEN	4	/* beta = 1 / ECF_BETA_DEN */

/**
 * tquic_ecf_wait - ECF's rule: is waiting for @fast faster than @slow?
 * @fast: x_f, the fastest path (its window full)
 * @slow: x_s, the candidate
 * @queued: k, bytes queued to send
 * @waiting: ECF's hysteresis state, updated
 *
 * Return: true to wait for @fast, false to send on @slow.
 */
bool tquic_ecf_wait(const struct tquic_sched_path *fast,
		    const struct tquic_sched_path *slow, u64 queued,
		    bool *waiting)
{
	u64 delta, fast_done, slow_done, bound;

	if (!fast->srtt || !slow->srtt || !fast->cwnd || !slow->cwnd)
		return false;
	delta = max(fast->rttvar, slow->rttvar);
	/* n * RTT_f, times ECF_BETA_DEN (saturating: it is only compared) */
	fast_done = min_t(u64, tquic_muldiv(queued, fast->srtt, fast->cwnd),
			  U64_MAX / (2 * ECF_BETA_DEN));
	fast_done = (fast_done + fast->srtt) * ECF_BETA_DEN;
	bound = (slow->srtt + delta) * (ECF_BETA_DEN + (*waiting ? 1 : 0));
	if (fast_done >= bound) {
		*waiting = false;
		return false;
	}
	slow_done = tquic_muldiv(queued, slow->srtt, slow->cwnd);
	if (slow_done >= 2ULL * fast->srtt + delta) {
		*waiting = true;
		return true;
	}
	return false;
}
EXPORT_SYMBOL_GPL(tquic_ecf_wait);

/* priv[0]: waiting */
static int ecf_select(struct tquic_sched *s,
		      const struct tquic_sched_path *paths, unsigned int n,
		      struct tquic_sched_ctx *ctx)
{
	bool waiting = s->priv[0];
	int fast, slow, ret;

	ret = tquic_sched_fast_slow(paths, n, ctx->bytes, &fast, &slow);
	if (ret || slow < 0)
		return ret ? : fast;
	ret = tquic_ecf_wait(&paths[fast], &paths[slow], ctx->queued,
			     &waiting) ? -EAGAIN : slow;
	s->priv[0] = waiting;
	return ret;
}

struct tquic_sched_ops tquic_sched_ecf = {
	.alg = {
		.name = "ecf",
		.owner = THIS_MODULE,
	},
	.select = ecf_select,
};
