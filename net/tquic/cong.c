// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the congestion controller registry and per-path instances.
 */
#include <linux/module.h>
#include <linux/string.h>

#include "cong.h"

struct tquic_alg_registry tquic_cc_registry;

/**
 * tquic_cc_register - make a congestion controller available by name
 * @ops: the algorithm; every callback must be set
 *
 * Return: 0, -EINVAL for incomplete ops or a bad name, -EEXIST for a name
 * already registered.
 */
int tquic_cc_register(struct tquic_cc_ops *ops)
{
	if (!ops->init || !ops->on_sent || !ops->on_acked || !ops->on_lost ||
	    !ops->on_persistent_congestion)
		return -EINVAL;
	return tquic_alg_register(&tquic_cc_registry, &ops->alg);
}
EXPORT_SYMBOL_GPL(tquic_cc_register);

void tquic_cc_unregister(struct tquic_cc_ops *ops)
{
	tquic_alg_unregister(&tquic_cc_registry, &ops->alg);
}
EXPORT_SYMBOL_GPL(tquic_cc_unregister);

/**
 * tquic_cc_init - start a path's congestion controller
 * @cc: state to initialise
 * @name: algorithm name
 * @mds: the path's maximum datagram size
 *
 * Return: 0, or -ENOENT when no algorithm of that name is registered.
 */
int tquic_cc_init(struct tquic_cc *cc, const char *name, u32 mds)
{
	struct tquic_alg *alg = tquic_alg_get(&tquic_cc_registry, name);

	if (!alg)
		return -ENOENT;
	memset(cc, 0, sizeof(*cc));
	cc->ops = container_of(alg, struct tquic_cc_ops, alg);
	cc->max_datagram_size = mds;
	cc->ssthresh = U64_MAX;
	cc->ops->init(cc);
	return 0;
}

/**
 * tquic_cc_set_mds - the path's maximum datagram size changed
 * @cc: the path's controller
 * @mds: the new size
 *
 * RFC 9002, 7.2: the initial window is recomputed with the new size.  A
 * window that has not left it yet (slow start, nothing lost, still
 * below the new initial window) grows to it; any other stays as it is.
 */
void tquic_cc_set_mds(struct tquic_cc *cc, u32 mds)
{
	u64 iw = tquic_cc_initial_window(mds);

	if (mds > cc->max_datagram_size && cc->ssthresh == U64_MAX &&
	    cc->cwnd < iw)
		cc->cwnd = iw;
	cc->max_datagram_size = mds;
}

/**
 * tquic_cc_release - stop a path's congestion controller
 * @cc: the controller; it leaves its group
 */
void tquic_cc_release(struct tquic_cc *cc)
{
	tquic_cc_group_del(cc);
	if (cc->ops)
		tquic_alg_put(&cc->ops->alg);
	cc->ops = NULL;
}

/**
 * tquic_cc_switch - hand a running controller's path to another algorithm
 * @cc: the path's controller; it stays where it is, in its group
 * @ops: the new algorithm, pinned by the caller; @cc takes a reference
 *	of its own (nothing can fail)
 *
 * What belongs to the path carries over: the bytes in flight, the window
 * (at least the minimum), the slow start threshold, recovery, the RTTs,
 * HyStart and the rate sampler, so that a packet sent before the switch
 * is sampled against the same delivered count when it is acknowledged.
 * Only the algorithm's own state (@priv, @acked_acc) starts afresh; the
 * algorithms' init only sets that and the window.
 */
void tquic_cc_switch(struct tquic_cc *cc, const struct tquic_cc_ops *ops)
{
	const struct tquic_cc_ops *old = cc->ops;
	u64 cwnd = cc->cwnd;

	__module_get(ops->alg.owner);
	cc->ops = ops;
	cc->acked_acc = 0;
	memset(cc->priv, 0, sizeof(cc->priv));
	ops->init(cc);
	cc->cwnd = max(cwnd, tquic_cc_minimum_window(cc->max_datagram_size));
	if (old)
		tquic_alg_put(&old->alg);
}

/**
 * tquic_cc_reset - start a path's controller over, as on a new path
 * @cc: the controller
 *
 * RFC 9000, 9.4: once a peer's new address is validated its controller
 * and RTT estimate go back to their initial values.  What is in flight
 * stays counted, and the rate sampler keeps its delivered count (packets
 * sent before are still acknowledged against it); window, threshold,
 * recovery, the RTTs it holds, HyStart and the algorithm's own state
 * start anew.
 */
void tquic_cc_reset(struct tquic_cc *cc)
{
	cc->ssthresh = U64_MAX;
	cc->in_recovery = false;
	cc->recovery_start = 0;
	cc->acked_acc = 0;
	cc->srtt_us = 0;
	cc->min_rtt_us = 0;
	cc->latest_rtt_us = 0;
	cc->bw_max = 0;
	cc->bw_max_time = 0;
	cc->hs_samples = 0;
	cc->hs_round_min_us = 0;
	cc->hs_last_min_us = 0;
	cc->hs_round_end = 0;
	memset(cc->priv, 0, sizeof(cc->priv));
	cc->ops->init(cc);
}

static struct tquic_cc_ops *tquic_cc_builtins[] = {
	&tquic_cc_newreno,
	&tquic_cc_cubic,
	&tquic_cc_lia,
	&tquic_cc_olia,
	&tquic_cc_bbr,
};

int tquic_cc_builtin_init(void)
{
	int err, i;

	tquic_alg_registry_init(&tquic_cc_registry);
	for (i = 0; i < ARRAY_SIZE(tquic_cc_builtins); i++) {
		err = tquic_cc_register(tquic_cc_builtins[i]);
		if (err)
			goto unwind;
	}
	return 0;

unwind:
	while (--i >= 0)
		tquic_cc_unregister(tquic_cc_builtins[i]);
	return err;
}

void tquic_cc_builtin_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(tquic_cc_builtins) - 1; i >= 0; i--)
		tquic_cc_unregister(tquic_cc_builtins[i]);
}
