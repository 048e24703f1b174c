/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: registries of named algorithms (congestion controllers, packet
 * schedulers), in the manner of tcp_congestion_ops.
 *
 * Writers (register/unregister) take the registry's spinlock; readers walk
 * the list under RCU.  A user of an algorithm holds a reference on its
 * owner module from tquic_alg_get() to tquic_alg_put().
 */
#ifndef _TQUIC_REGISTRY_H
#define _TQUIC_REGISTRY_H

#include <linux/list.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/tquic.h>

/**
 * struct tquic_alg - the registry part of an algorithm's ops
 * @list: registry link
 * @name: unique, non-empty name shorter than TQUIC_ALG_NAME_MAX
 * @owner: module providing the algorithm (THIS_MODULE)
 */
struct tquic_alg {
	struct list_head list;
	char name[TQUIC_ALG_NAME_MAX];
	struct module *owner;
};

/**
 * struct tquic_alg_registry - one kind of algorithm
 * @head: registered algorithms, in registration order
 * @lock: serialises writers
 */
struct tquic_alg_registry {
	struct list_head head;
	spinlock_t lock; /* writers only; readers use RCU */
};

void tquic_alg_registry_init(struct tquic_alg_registry *r);
int tquic_alg_register(struct tquic_alg_registry *r, struct tquic_alg *alg);
void tquic_alg_unregister(struct tquic_alg_registry *r,
			  struct tquic_alg *alg);
struct tquic_alg *tquic_alg_get(struct tquic_alg_registry *r,
				const char *name);
void tquic_alg_put(const struct tquic_alg *alg);
bool tquic_alg_exists(struct tquic_alg_registry *r, const char *name);
size_t tquic_alg_list(struct tquic_alg_registry *r, char *buf, size_t len);
int tquic_alg_for_each(struct tquic_alg_registry *r,
		       int (*fn)(const char *name, void *arg), void *arg);

#endif /* _TQUIC_REGISTRY_H */
