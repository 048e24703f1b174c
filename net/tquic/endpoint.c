// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: endpoints - the local addresses (with an interface and a backup
 * flag) a netns offers for more paths, like `ip mptcp endpoint`.  A
 * client connection that negotiated the multipath extension opens a path
 * from each endpoint of its address family to the server's address once
 * its handshake is confirmed (tquic_endpoints_use(); an endpoint on the
 * address path 0 uses is skipped).  Endpoints added later serve later
 * connections.  TQUIC_CMD_ENDPOINT_ADD, _DEL and _GET; at most
 * TQUIC_ENDPOINTS_MAX per netns, flushed when the netns goes.
 *
 * Locking: the list, its count and the id cursor are under
 * tquic_net.ep_lock (a mutex: only process context uses them).  The
 * connection's work copies the list under it, then takes the socket lock
 * to open the paths.
 */
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "conn.h"
#include "nl.h"
#include "sock.h"
#include "tquic.h"

/**
 * struct tquic_endpoint - a local address for more paths
 * @node: in tquic_net.endpoints, in the order added
 * @id: its id, 1 and up, unique in the netns
 * @addr: the address (and port, 0: any)
 * @ifindex: interface (0: any)
 * @backup: paths from it are backups
 */
struct tquic_endpoint {
	struct list_head node;
	u32 id;
	struct sockaddr_storage addr;
	int ifindex;
	bool backup;
};

void tquic_endpoints_init(struct tquic_net *tn)
{
	mutex_init(&tn->ep_lock);
	INIT_LIST_HEAD(&tn->endpoints);
	tn->n_endpoints = 0;
	tn->ep_next = 1;
}

void tquic_endpoints_flush(struct tquic_net *tn)
{
	struct tquic_endpoint *ep, *tmp;

	mutex_lock(&tn->ep_lock);
	list_for_each_entry_safe(ep, tmp, &tn->endpoints, node) {
		list_del(&ep->node);
		kfree(ep);
	}
	tn->n_endpoints = 0;
	mutex_unlock(&tn->ep_lock);
}

static struct tquic_endpoint *tquic_endpoint_find(struct tquic_net *tn,
						  u32 id)
{
	struct tquic_endpoint *ep;

	list_for_each_entry(ep, &tn->endpoints, node)
		if (ep->id == id)
			return ep;
	return NULL;
}

static bool tquic_endpoint_exists(struct tquic_net *tn,
				  const struct sockaddr_storage *addr,
				  int ifindex)
{
	struct tquic_endpoint *ep;

	list_for_each_entry(ep, &tn->endpoints, node)
		if (ep->ifindex == ifindex && tquic_addr_eq(&ep->addr, addr))
			return true;
	return false;
}

/* Open a path from each endpoint of the connection's netns (see above). */
static void tquic_endpoints_work(struct work_struct *work)
{
	struct tquic_conn *c = container_of(work, struct tquic_conn, ep_work);
	struct tquic_net *tn = tquic_net(c->net);
	struct tquic_endpoint *ep, *eps;
	struct sockaddr_storage src;
	struct sock *sk = c->sk;
	unsigned int n = 0, i;
	int err;

	eps = kcalloc(TQUIC_ENDPOINTS_MAX, sizeof(*eps), GFP_KERNEL);
	if (!eps)
		goto out;
	mutex_lock(&tn->ep_lock);
	list_for_each_entry(ep, &tn->endpoints, node)
		if (n < TQUIC_ENDPOINTS_MAX &&
		    ep->addr.ss_family == c->path0.local.ss_family)
			eps[n++] = *ep;
	mutex_unlock(&tn->ep_lock);

	lock_sock(sk);
	/* Path 0's source address, which a wildcard bind leaves to the route */
	if (tquic_sk(sk)->conn == c &&
	    tquic_udp_route_source(c->path0.udp, &c->path0.local,
				   &c->path0.peer, &src))
		src = c->path0.local;
	for (i = 0; i < n; i++) {
		if (tquic_sk(sk)->conn != c ||
		    c->state != TQUIC_CONN_ESTABLISHED)
			break;
		if (tquic_ip_eq(&eps[i].addr, &src))
			continue;
		err = tquic_path_add(sk, &eps[i].addr, &c->path0.peer,
				     eps[i].backup, 0, eps[i].ifindex);
		if (err < 0 && err != -EEXIST)
			net_dbg_ratelimited("tquic: endpoint %u: no path (%d)\n",
					    eps[i].id, err);
	}
	release_sock(sk);
	kfree(eps);
out:
	tquic_conn_put(c);
}

/**
 * tquic_endpoints_init_conn - endpoint state of a new connection
 * @c: connection
 */
void tquic_endpoints_init_conn(struct tquic_conn *c)
{
	INIT_WORK(&c->ep_work, tquic_endpoints_work);
}

/**
 * tquic_endpoints_use - a client's handshake is complete and confirmed:
 *	open paths from the netns' endpoints
 * @c: connection; caller holds the socket lock
 *
 * Context: any; the paths are opened by a work item.
 */
void tquic_endpoints_use(struct tquic_conn *c)
{
	if (c->is_server || !c->mp.enabled ||
	    !READ_ONCE(tquic_net(c->net)->n_endpoints))
		return;
	refcount_inc(&c->refs);
	if (!queue_work(tquic_wq, &c->ep_work))
		tquic_conn_put(c);
}

/* A free id: the cursor, skipping ids in use (there are at most 8). */
static u32 tquic_endpoint_id(struct tquic_net *tn)
{
	u32 id;

	do {
		id = tn->ep_next++;
		if (!tn->ep_next)
			tn->ep_next = 1;
	} while (!id || tquic_endpoint_find(tn, id));
	return id;
}

static int tquic_endpoint_fill(struct sk_buff *skb,
			       const struct tquic_endpoint *ep, u32 portid,
			       u32 seq, int flags, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &tquic_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TQUIC_A_ENDPOINT_ID, ep->id) ||
	    tquic_nl_put_addr(skb, TQUIC_A_LOCAL, &ep->addr, ep->ifindex) ||
	    nla_put_u8(skb, TQUIC_A_BACKUP, ep->backup)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int tquic_nl_endpoint_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct tquic_net *tn = tquic_net(genl_info_net(info));
	struct tquic_endpoint *ep;
	struct sk_buff *msg;
	int err;

	if (!tquic_nl_require(info, TQUIC_A_LOCAL, "local address missing"))
		return -EINVAL;
	ep = kzalloc(sizeof(*ep), GFP_KERNEL);
	if (!ep)
		return -ENOMEM;
	err = tquic_nl_get_addr(genl_info_net(info), info->attrs[TQUIC_A_LOCAL],
				&ep->addr, &ep->ifindex, info->extack);
	if (err)
		goto err_free;
	ep->backup = info->attrs[TQUIC_A_BACKUP] &&
		     nla_get_u8(info->attrs[TQUIC_A_BACKUP]);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto err_free;
	}

	mutex_lock(&tn->ep_lock);
	if (tquic_endpoint_exists(tn, &ep->addr, ep->ifindex)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TQUIC_A_LOCAL],
				    "endpoint exists");
		err = -EEXIST;
		goto err_unlock;
	}
	if (tn->n_endpoints >= TQUIC_ENDPOINTS_MAX) {
		NL_SET_ERR_MSG(info->extack, "too many endpoints");
		err = -E2BIG;
		goto err_unlock;
	}
	ep->id = tquic_endpoint_id(tn);
	err = tquic_endpoint_fill(msg, ep, info->snd_portid, info->snd_seq, 0,
				  TQUIC_CMD_ENDPOINT_ADD);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "reply does not fit in a message");
		goto err_unlock;
	}
	list_add_tail(&ep->node, &tn->endpoints);
	WRITE_ONCE(tn->n_endpoints, tn->n_endpoints + 1);
	mutex_unlock(&tn->ep_lock);
	return genlmsg_reply(msg, info);

err_unlock:
	mutex_unlock(&tn->ep_lock);
	nlmsg_free(msg);
err_free:
	kfree(ep);
	return err;
}

int tquic_nl_endpoint_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct tquic_net *tn = tquic_net(genl_info_net(info));
	struct tquic_endpoint *ep;

	if (!tquic_nl_require(info, TQUIC_A_ENDPOINT_ID, "endpoint id missing"))
		return -EINVAL;
	mutex_lock(&tn->ep_lock);
	ep = tquic_endpoint_find(tn,
				 nla_get_u32(info->attrs[TQUIC_A_ENDPOINT_ID]));
	if (ep) {
		list_del(&ep->node);
		WRITE_ONCE(tn->n_endpoints, tn->n_endpoints - 1);
	}
	mutex_unlock(&tn->ep_lock);
	if (!ep) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[TQUIC_A_ENDPOINT_ID],
				    "no such endpoint");
		return -ENOENT;
	}
	kfree(ep);
	return 0;
}

/* cb->args[0]: the id to go on from. */
int tquic_nl_endpoint_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct tquic_net *tn = tquic_net(sock_net(skb->sk));
	struct tquic_endpoint *ep;
	u32 next = cb->args[0];

	mutex_lock(&tn->ep_lock);
	list_for_each_entry(ep, &tn->endpoints, node) {
		if (ep->id < next)
			continue;
		if (tquic_endpoint_fill(skb, ep, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					TQUIC_CMD_ENDPOINT_GET))
			break;
		next = ep->id + 1;
	}
	mutex_unlock(&tn->ep_lock);
	cb->args[0] = next;
	return skb->len;
}
