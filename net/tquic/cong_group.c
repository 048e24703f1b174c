// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the group of congestion controllers of one connection, which
 * the coupled controllers (lia, olia) look across.  A controller in no
 * group is a group of one.  Under the owning connection's lock.
 */
#include <linux/list.h>

#include "cong.h"

void tquic_cc_group_init(struct tquic_cc_group *g)
{
	INIT_LIST_HEAD(&g->members);
	g->n = 0;
}
EXPORT_SYMBOL_GPL(tquic_cc_group_init);

/**
 * tquic_cc_group_add - make @cc one of @g's controllers
 * @g: the connection's group
 * @cc: a controller started with tquic_cc_init(), in no group
 */
void tquic_cc_group_add(struct tquic_cc_group *g, struct tquic_cc *cc)
{
	if (WARN_ON_ONCE(cc->group))
		tquic_cc_group_del(cc);
	list_add_tail(&cc->group_node, &g->members);
	cc->group = g;
	g->n++;
}
EXPORT_SYMBOL_GPL(tquic_cc_group_add);

/**
 * tquic_cc_group_del - take @cc out of its group, if it is in one
 * @cc: the controller
 */
void tquic_cc_group_del(struct tquic_cc *cc)
{
	if (!cc->group)
		return;
	list_del(&cc->group_node);
	cc->group->n--;
	cc->group = NULL;
}
EXPORT_SYMBOL_GPL(tquic_cc_group_del);

/**
 * tquic_cc_group_next - walk the controllers coupled with @cc
 * @cc: the controller whose group is walked
 * @pos: the previous one, NULL to start
 *
 * Return: the next controller, NULL at the end; without a group, @cc
 * itself and then NULL.
 */
struct tquic_cc *tquic_cc_group_next(const struct tquic_cc *cc,
				     const struct tquic_cc *pos)
{
	struct list_head *next;

	if (!cc->group)
		return pos ? NULL : (struct tquic_cc *)cc;
	next = pos ? pos->group_node.next : cc->group->members.next;
	if (next == &cc->group->members)
		return NULL;
	return list_entry(next, struct tquic_cc, group_node);
}
EXPORT_SYMBOL_GPL(tquic_cc_group_next);

/* The number of controllers coupled with @cc, itself included. */
unsigned int tquic_cc_group_size(const struct tquic_cc *cc)
{
	return cc->group ? cc->group->n : 1;
}
EXPORT_SYMBOL_GPL(tquic_cc_group_size);
