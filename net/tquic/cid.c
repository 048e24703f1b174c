// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the connection ID table of a netns.
 *
 * Every connection ID that routes packets to a connection is in one
 * rhashtable per netns: the IDs we issued (8 bytes, random) and, on a
 * server until the handshake is done, the Destination Connection ID the
 * client chose for its first Initial (8-20 bytes).  Lookups run under
 * RCU in softirq; an entry holds no reference on its connection, which
 * removes its entries before it goes away.
 */
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "conn.h"
#include "tquic.h"

/**
 * struct tquic_cid_entry - one routable connection ID
 * @node: in tquic_net.cids
 * @cid: the ID (key: length and bytes, the rest zero)
 * @conn: its connection
 * @rcu: freeing after readers
 */
struct tquic_cid_entry {
	struct rhash_head node;
	struct tquic_cid cid;
	struct tquic_conn *conn;
	struct rcu_head rcu;
};

static const struct rhashtable_params tquic_cid_params = {
	.key_len = sizeof(struct tquic_cid),
	.key_offset = offsetof(struct tquic_cid_entry, cid),
	.head_offset = offsetof(struct tquic_cid_entry, node),
	.automatic_shrinking = true,
};

int tquic_cid_table_init(struct tquic_net *tn)
{
	return rhashtable_init(&tn->cids, &tquic_cid_params);
}

void tquic_cid_table_exit(struct tquic_net *tn)
{
	/* Connections remove their IDs before they go: the table is empty. */
	rhashtable_destroy(&tn->cids);
}

/**
 * tquic_cid_add - route @cid to @conn
 * @net: netns
 * @conn: the connection
 * @cid: the ID; a random one of TQUIC_LOCAL_CID_LEN bytes when its
 *	length is 0 on entry (filled in)
 *
 * Return: 0, -EEXIST when the given ID is taken, -ENOMEM.
 */
int tquic_cid_add(struct net *net, struct tquic_conn *conn,
		  struct tquic_cid *cid)
{
	struct tquic_net *tn = tquic_net(net);
	struct tquic_cid_entry *e;
	bool pick = !cid->len;
	int err, tries = 0;

	e = kzalloc(sizeof(*e), GFP_ATOMIC);
	if (!e)
		return -ENOMEM;
	e->conn = conn;
	do {
		if (pick) {
			memset(cid, 0, sizeof(*cid));
			cid->len = TQUIC_LOCAL_CID_LEN;
			get_random_bytes(cid->id, cid->len);
		}
		e->cid = *cid;
		err = rhashtable_lookup_insert_fast(&tn->cids, &e->node,
						    tquic_cid_params);
	} while (err == -EEXIST && pick && ++tries < 4);
	if (err)
		kfree(e);
	return err;
}

/**
 * tquic_cid_del - stop routing @cid
 * @net: netns
 * @cid: the ID
 */
void tquic_cid_del(struct net *net, const struct tquic_cid *cid)
{
	struct tquic_net *tn = tquic_net(net);
	struct tquic_cid_entry *e;
	struct tquic_cid key = {};

	key.len = cid->len;
	memcpy(key.id, cid->id, cid->len);
	rcu_read_lock();
	e = rhashtable_lookup_fast(&tn->cids, &key, tquic_cid_params);
	if (e && !rhashtable_remove_fast(&tn->cids, &e->node,
					 tquic_cid_params))
		kfree_rcu(e, rcu);
	rcu_read_unlock();
}

/**
 * tquic_cid_lookup - the connection @id routes to, with a reference
 * @net: netns
 * @id: the ID's bytes
 * @len: its length
 *
 * Return: the connection (drop with tquic_conn_put()) or NULL.
 */
struct tquic_conn *tquic_cid_lookup(struct net *net, const u8 *id, u8 len)
{
	struct tquic_net *tn = tquic_net(net);
	struct tquic_cid key = {};
	struct tquic_cid_entry *e;
	struct tquic_conn *conn = NULL;

	if (len > TQUIC_CID_MAX)
		return NULL;
	key.len = len;
	memcpy(key.id, id, len);
	rcu_read_lock();
	e = rhashtable_lookup_fast(&tn->cids, &key, tquic_cid_params);
	if (e && refcount_inc_not_zero(&e->conn->refs))
		conn = e->conn;
	rcu_read_unlock();
	return conn;
}
