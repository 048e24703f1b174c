// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: registries of named algorithms.
 */
#include <linux/rculist.h>
#include <linux/string.h>

#include "registry.h"

static struct tquic_alg *tquic_alg_find_rcu(struct tquic_alg_registry *r,
					    const char *name)
{
	struct tquic_alg *alg;

	list_for_each_entry_rcu(alg, &r->head, list)
		if (!strcmp(alg->name, name))
			return alg;
	return NULL;
}

void tquic_alg_registry_init(struct tquic_alg_registry *r)
{
	INIT_LIST_HEAD(&r->head);
	spin_lock_init(&r->lock);
}

/**
 * tquic_alg_register - add an algorithm to a registry
 * @r: the registry
 * @alg: the algorithm; its name must be unique in @r
 *
 * Return: 0, -EINVAL for an empty or unterminated name, -EEXIST when the
 * name is taken.
 */
int tquic_alg_register(struct tquic_alg_registry *r, struct tquic_alg *alg)
{
	int err = 0;

	if (!alg->name[0] ||
	    strnlen(alg->name, TQUIC_ALG_NAME_MAX) == TQUIC_ALG_NAME_MAX)
		return -EINVAL;

	spin_lock(&r->lock);
	if (tquic_alg_find_rcu(r, alg->name))
		err = -EEXIST;
	else
		list_add_tail_rcu(&alg->list, &r->head);
	spin_unlock(&r->lock);
	return err;
}

/**
 * tquic_alg_unregister - remove an algorithm; waits for RCU readers
 * @r: the registry
 * @alg: a registered algorithm
 */
void tquic_alg_unregister(struct tquic_alg_registry *r, struct tquic_alg *alg)
{
	spin_lock(&r->lock);
	list_del_rcu(&alg->list);
	spin_unlock(&r->lock);
	synchronize_rcu();
}

/**
 * tquic_alg_get - look an algorithm up and pin its module
 * @r: the registry
 * @name: its name
 *
 * Return: the algorithm, or NULL when it is unknown or its module is going
 * away.  Release with tquic_alg_put().
 */
struct tquic_alg *tquic_alg_get(struct tquic_alg_registry *r, const char *name)
{
	struct tquic_alg *alg;

	rcu_read_lock();
	alg = tquic_alg_find_rcu(r, name);
	if (alg && !try_module_get(alg->owner))
		alg = NULL;
	rcu_read_unlock();
	return alg;
}

void tquic_alg_put(const struct tquic_alg *alg)
{
	module_put(alg->owner);
}

bool tquic_alg_exists(struct tquic_alg_registry *r, const char *name)
{
	bool found;

	rcu_read_lock();
	found = tquic_alg_find_rcu(r, name);
	rcu_read_unlock();
	return found;
}

/**
 * tquic_alg_list - the registered names, separated by spaces
 * @r: the registry
 * @buf: output, always NUL terminated when @len > 0
 * @len: size of @buf
 *
 * Return: the length of the full list, which may exceed @len - 1.
 */
size_t tquic_alg_list(struct tquic_alg_registry *r, char *buf, size_t len)
{
	struct tquic_alg *alg;
	size_t off = 0;

	if (len)
		buf[0] = '\0';
	rcu_read_lock();
	list_for_each_entry_rcu(alg, &r->head, list) {
		off += snprintf(buf + min(off, len), len - min(off, len),
				 "%s%s", off ? " " : "", alg->name);
	}
	rcu_read_unlock();
	return off;
}

/**
 * tquic_alg_for_each - call @fn on every registered name, under RCU
 * @r: the registry
 * @fn: must not sleep; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Return: the first non-zero return of @fn, or 0.
 */
int tquic_alg_for_each(struct tquic_alg_registry *r,
		       int (*fn)(const char *name, void *arg), void *arg)
{
	struct tquic_alg *alg;
	int err = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(alg, &r->head, list) {
		err = fn(alg->name, arg);
		if (err)
			break;
	}
	rcu_read_unlock();
	return err;
}
