// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the packet scheduler registry and per-connection instances.
 */
#include <linux/module.h>
#include <linux/string.h>

#include "sched.h"

struct tquic_alg_registry tquic_sched_registry;

int tquic_sched_register(struct tquic_sched_ops *ops)
{
	if (!ops->select)
		return -EINVAL;
	return tquic_alg_register(&tquic_sched_registry, &ops->alg);
}
EXPORT_SYMBOL_GPL(tquic_sched_register);

void tquic_sched_unregister(struct tquic_sched_ops *ops)
{
	tquic_alg_unregister(&tquic_sched_registry, &ops->alg);
}
EXPORT_SYMBOL_GPL(tquic_sched_unregister);

/**
 * tquic_sched_init - attach a scheduler to a connection
 * @s: instance to initialise
 * @name: scheduler name
 *
 * Return: 0, or -ENOENT when no scheduler of that name is registered.
 */
int tquic_sched_init(struct tquic_sched *s, const char *name)
{
	struct tquic_alg *alg = tquic_alg_get(&tquic_sched_registry, name);

	if (!alg)
		return -ENOENT;
	memset(s, 0, sizeof(*s));
	s->ops = container_of(alg, struct tquic_sched_ops, alg);
	return 0;
}

void tquic_sched_release(struct tquic_sched *s)
{
	if (s->ops)
		tquic_alg_put(&s->ops->alg);
	s->ops = NULL;
}

/**
 * tquic_sched_no_room_error - why no path could take a packet
 * @paths: the paths offered to the scheduler
 * @n: their number
 *
 * Return: -EAGAIN when some path is usable (its window is full), else
 * -ENETUNREACH.
 */
int tquic_sched_no_room_error(const struct tquic_sched_path *paths,
			      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (paths[i].usable)
			return -EAGAIN;
	return -ENETUNREACH;
}
EXPORT_SYMBOL_GPL(tquic_sched_no_room_error);

int tquic_sched_builtin_init(void)
{
	int err;

	tquic_alg_registry_init(&tquic_sched_registry);
	err = tquic_sched_register(&tquic_sched_minrtt);
	if (err)
		return err;
	err = tquic_sched_register(&tquic_sched_roundrobin);
	if (err)
		goto err_minrtt;
	return 0;

err_minrtt:
	tquic_sched_unregister(&tquic_sched_minrtt);
	return err;
}

void tquic_sched_builtin_exit(void)
{
	tquic_sched_unregister(&tquic_sched_roundrobin);
	tquic_sched_unregister(&tquic_sched_minrtt);
}
