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

void tquic_cc_release(struct tquic_cc *cc)
{
	if (cc->ops)
		tquic_alg_put(&cc->ops->alg);
	cc->ops = NULL;
}

int tquic_cc_builtin_init(void)
{
	int err;

	tquic_alg_registry_init(&tquic_cc_registry);
	err = tquic_cc_register(&tquic_cc_newreno);
	if (err)
		return err;
	err = tquic_cc_register(&tquic_cc_cubic);
	if (err)
		tquic_cc_unregister(&tquic_cc_newreno);
	return err;
}

void tquic_cc_builtin_exit(void)
{
	tquic_cc_unregister(&tquic_cc_cubic);
	tquic_cc_unregister(&tquic_cc_newreno);
}
