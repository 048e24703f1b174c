// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the per-netns table of connections by id, through which the
 * control plane (netlink) finds them.
 *
 * Every connection gets an id at creation, unique in its netns while it
 * exists: allocated cyclically from 1 in tquic_net.conns, an xarray, so
 * that an id is not reused before 2^32 more connections were made.  The
 * entry goes when the connection is freed (after the closing or draining
 * period), so a closed connection stays visible until then.
 *
 * Locking: writers (tquic_conn_new() and the free work, both in process
 * context) take the xarray's own lock inside xa_alloc_cyclic() and
 * xa_erase().  Readers look under RCU and take a reference with
 * refcount_inc_not_zero(): a connection whose last reference is gone is
 * skipped, and its memory outlives the RCU read side (kfree_rcu()).  The
 * reference keeps the connection's socket (the connection holds it), so
 * the caller may then lock_sock() it: tquic_conn_lock().
 */
#include <linux/rcupdate.h>
#include <linux/xarray.h>

#include "conn.h"
#include "sock.h"
#include "tquic.h"

void tquic_conntab_init(struct tquic_net *tn)
{
	xa_init_flags(&tn->conns, XA_FLAGS_ALLOC1);
	tn->conn_next = 1;
}

void tquic_conntab_exit(struct tquic_net *tn)
{
	/* Connections hold their socket, sockets the netns: none is left. */
	WARN_ON_ONCE(!xa_empty(&tn->conns));
	xa_destroy(&tn->conns);
}

/**
 * tquic_conntab_add - give @c its id
 * @c: new connection
 *
 * Context: process.
 * Return: 0, -ENOMEM, or -EBUSY with all 2^32 - 1 ids in use.
 */
int tquic_conntab_add(struct tquic_conn *c)
{
	struct tquic_net *tn = tquic_net(c->net);
	int err;

	err = xa_alloc_cyclic(&tn->conns, &c->id, c, xa_limit_32b,
			      &tn->conn_next, GFP_KERNEL);
	if (err < 0) {
		c->id = 0;
		return err;
	}
	return 0;
}

/**
 * tquic_conntab_del - forget @c's id
 * @c: connection being freed (no reference left)
 */
void tquic_conntab_del(struct tquic_conn *c)
{
	if (c->id)
		xa_erase(&tquic_net(c->net)->conns, c->id);
	c->id = 0;
}

/**
 * tquic_conntab_get - the connection of @id in @net, with a reference
 * @net: netns
 * @id: connection id
 *
 * Return: the connection (drop it with tquic_conn_put()) or NULL.
 */
struct tquic_conn *tquic_conntab_get(struct net *net, u32 id)
{
	struct tquic_conn *c;

	rcu_read_lock();
	c = xa_load(&tquic_net(net)->conns, id);
	if (c && !refcount_inc_not_zero(&c->refs))
		c = NULL;
	rcu_read_unlock();
	return c;
}

/**
 * tquic_conntab_next - the connection of the lowest id >= *@id
 * @net: netns
 * @id: in: where to start; out: the id found
 *
 * For dumps: call with *@id + 1 for the next one.
 *
 * Return: the connection with a reference, or NULL when none is left.
 */
struct tquic_conn *tquic_conntab_next(struct net *net, u32 *id)
{
	struct tquic_net *tn = tquic_net(net);
	unsigned long index = *id;
	struct tquic_conn *c;

	rcu_read_lock();
	for (;;) {
		c = xa_find(&tn->conns, &index, U32_MAX, XA_PRESENT);
		if (!c || refcount_inc_not_zero(&c->refs))
			break;
		if (index == U32_MAX) {
			c = NULL;
			break;
		}
		index++;	/* being freed: the next one */
	}
	rcu_read_unlock();
	if (c)
		*id = index;
	return c;
}

/**
 * tquic_conn_lock - lock_sock() the socket of @c, of which the caller
 *	holds a reference
 * @c: connection
 *
 * The caller calls release_sock(c->sk) afterwards in every case.
 *
 * Return: true while @c is still its socket's connection, false once the
 * socket let go of it (closing or draining period: it is closed and only
 * to be looked at).
 */
bool tquic_conn_lock(struct tquic_conn *c)
{
	lock_sock(c->sk);
	return tquic_sk(c->sk)->conn == c;
}
