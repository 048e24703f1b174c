// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: TQUIC_CMD_CONN_GET (a connection and its paths, ss-like) and
 * TQUIC_CMD_CONN_SET (its scheduler and congestion control).
 *
 * Connections are found by id in the netns' table (conntab.c) with a
 * reference, then read or changed under their socket lock.
 */
#include <net/sock.h>

#include "conn.h"
#include "cong.h"
#include "nl.h"
#include "sched.h"
#include "tquic.h"

/**
 * tquic_nl_conn_get - the connection TQUIC_A_CONN_ID names
 * @info: the request
 *
 * Return: the connection with a reference, or an ERR_PTR: -EINVAL
 * without the attribute, -ENOENT for no such connection.
 */
struct tquic_conn *tquic_nl_conn_get(struct genl_info *info)
{
	struct tquic_conn *c;

	if (!tquic_nl_require(info, TQUIC_A_CONN_ID, "connection id missing"))
		return ERR_PTR(-EINVAL);
	c = tquic_conntab_get(genl_info_net(info),
			      nla_get_u32(info->attrs[TQUIC_A_CONN_ID]));
	if (!c) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TQUIC_A_CONN_ID],
				    "no such connection");
		return ERR_PTR(-ENOENT);
	}
	return c;
}

static int tquic_nl_put_u64(struct sk_buff *skb, int attr, u64 v, int pad)
{
	return nla_put_u64_64bit(skb, attr, v, pad);
}

static int tquic_nl_fill_path(struct sk_buff *skb, struct tquic_path *p)
{
	const struct tquic_path_stats *st = &p->stats;
	struct nlattr *nest;

	nest = nla_nest_start(skb, TQUIC_A_PATH);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TQUIC_PATH_A_ID, p->id) ||
	    nla_put_u8(skb, TQUIC_PATH_A_STATE, p->state) ||
	    tquic_nl_put_addr(skb, TQUIC_PATH_A_LOCAL, &p->local, 0) ||
	    tquic_nl_put_addr(skb, TQUIC_PATH_A_PEER, &p->peer, 0) ||
	    nla_put_u8(skb, TQUIC_PATH_A_BACKUP, p->backup) ||
	    nla_put_u32(skb, TQUIC_PATH_A_WEIGHT, p->weight) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_SRTT_US,
			     div_u64(p->rtt.smoothed, NSEC_PER_USEC),
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_MIN_RTT_US,
			     div_u64(p->rtt.min, NSEC_PER_USEC),
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_RTTVAR_US,
			     div_u64(p->rtt.var, NSEC_PER_USEC),
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_CWND, p->cc.cwnd,
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_IN_FLIGHT, p->cc.in_flight,
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_BYTES_SENT, st->bytes_sent,
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_PACKETS_SENT, st->pkts_sent,
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_BYTES_ACKED, st->bytes_acked,
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_PACKETS_ACKED, st->pkts_acked,
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_BYTES_LOST, st->bytes_lost,
			     TQUIC_PATH_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_PATH_A_PACKETS_LOST, st->pkts_lost,
			     TQUIC_PATH_A_PAD) ||
	    nla_put_u32(skb, TQUIC_PATH_A_MAX_DATAGRAM, p->max_dgram)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int tquic_nl_fill_paths(struct sk_buff *skb, struct tquic_conn *c)
{
	struct tquic_path *p;
	struct nlattr *nest;

	nest = nla_nest_start(skb, TQUIC_A_PATHS);
	if (!nest)
		return -EMSGSIZE;
	tquic_path_for_each(c, p) {
		if (tquic_nl_fill_path(skb, p)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* One TQUIC_CMD_CONN_GET message for @c; its socket lock held. */
static int tquic_nl_fill_conn(struct sk_buff *skb, struct tquic_conn *c,
			      u32 portid, u32 seq, int flags)
{
	const struct tquic_cc_ops *cc = c->path->cc.ops;
	const struct tquic_conn_stats *st = &c->stats;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &tquic_genl_family, flags,
			  TQUIC_CMD_CONN_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TQUIC_A_CONN_ID, c->id) ||
	    nla_put_u8(skb, TQUIC_A_CONN_STATE, tquic_info_state(c)) ||
	    nla_put_u8(skb, TQUIC_A_CONN_ROLE, c->is_server ?
		       TQUIC_ROLE_SERVER : TQUIC_ROLE_CLIENT) ||
	    nla_put_u32(skb, TQUIC_A_CONN_VERSION, c->version) ||
	    nla_put_u8(skb, TQUIC_A_CONN_MULTIPATH, c->mp.enabled) ||
	    nla_put_u8(skb, TQUIC_A_CONN_DEGRADED, tquic_conn_degraded(c)) ||
	    tquic_nl_put_addr(skb, TQUIC_A_LOCAL, &c->path0.local, 0) ||
	    tquic_nl_put_addr(skb, TQUIC_A_PEER, &c->path0.peer, 0) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_SEND_Q, c->tx_buffered,
			     TQUIC_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_RECV_Q,
			     sk_rmem_alloc_get(c->sk), TQUIC_A_PAD) ||
	    (cc && nla_put_string(skb, TQUIC_A_CONN_CC, cc->alg.name)) ||
	    (c->sched.ops &&
	     nla_put_string(skb, TQUIC_A_CONN_SCHED, c->sched.ops->alg.name)) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_SRTT_US,
			     div_u64(c->path->rtt.smoothed, NSEC_PER_USEC),
			     TQUIC_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_CWND, c->path->cc.cwnd,
			     TQUIC_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_BYTES_SENT, st->bytes_out,
			     TQUIC_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_BYTES_RECEIVED, st->bytes_in,
			     TQUIC_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_PACKETS_SENT, st->pkts_out,
			     TQUIC_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_PACKETS_RECEIVED, st->pkts_in,
			     TQUIC_A_PAD) ||
	    tquic_nl_put_u64(skb, TQUIC_A_CONN_PACKETS_LOST, st->pkts_lost,
			     TQUIC_A_PAD) ||
	    tquic_nl_fill_paths(skb, c)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Fill under the socket lock; a closed connection is shown too. */
static int tquic_nl_fill_conn_locked(struct sk_buff *skb,
				     struct tquic_conn *c, u32 portid, u32 seq,
				     int flags)
{
	int err;

	tquic_conn_lock(c);
	err = tquic_nl_fill_conn(skb, c, portid, seq, flags);
	release_sock(c->sk);
	return err;
}

int tquic_nl_conn_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct tquic_conn *c;
	struct sk_buff *msg;
	int err;

	c = tquic_nl_conn_get(info);
	if (IS_ERR(c))
		return PTR_ERR(c);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	err = tquic_nl_fill_conn_locked(msg, c, info->snd_portid,
					info->snd_seq, 0);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "reply does not fit in a message");
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	tquic_conn_put(c);
	return err;
}

/* cb->args[0]: the id to go on from (0: the start), as an unsigned
 * long; cb->args[1]: done (a long holds no id above U32_MAX on 32-bit).
 */
int tquic_nl_conn_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	u64 next = (unsigned long)cb->args[0] ?: 1;
	struct tquic_conn *c;
	u32 id;
	int err;

	if (cb->args[1])
		return 0;
	while (next <= U32_MAX) {
		id = next;
		c = tquic_conntab_next(net, &id);
		if (!c)
			break;
		err = tquic_nl_fill_conn_locked(skb, c,
						NETLINK_CB(cb->skb).portid,
						cb->nlh->nlmsg_seq,
						NLM_F_MULTI);
		tquic_conn_put(c);
		if (err) {	/* full: this one goes in the next part */
			cb->args[0] = id;
			return skb->len;
		}
		next = (u64)id + 1;
	}
	cb->args[1] = 1;
	return skb->len;
}

int tquic_nl_conn_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sched_a = info->attrs[TQUIC_A_CONN_SCHED];
	struct nlattr *cc_a = info->attrs[TQUIC_A_CONN_CC];
	struct tquic_sched sched = {};
	const struct tquic_cc_ops *ops;
	struct tquic_alg *alg = NULL;
	struct tquic_conn *c;
	struct tquic_path *p;
	int err = 0;

	c = tquic_nl_conn_get(info);
	if (IS_ERR(c))
		return PTR_ERR(c);
	if (!sched_a && !cc_a) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to change: give a scheduler or a congestion control");
		err = -EINVAL;
		goto out;
	}
	if (sched_a && tquic_sched_init(&sched, nla_data(sched_a))) {
		NL_SET_ERR_MSG_ATTR(info->extack, sched_a, "unknown scheduler");
		err = -ENOENT;
		goto out;
	}
	/* Pinned for every path at once: the switch cannot fail half-way */
	if (cc_a) {
		alg = tquic_alg_get(&tquic_cc_registry, nla_data(cc_a));
		if (!alg) {
			NL_SET_ERR_MSG_ATTR(info->extack, cc_a,
					    "unknown congestion control");
			err = -ENOENT;
			goto out_sched;
		}
	}
	if (!tquic_conn_lock(c) || c->state == TQUIC_CONN_CLOSED) {
		NL_SET_ERR_MSG(info->extack, "connection is closed");
		err = -ENOTCONN;
		goto out_unlock;
	}
	/* Each path's controller changes in place: it stays in the
	 * connection's group (lia, olia) and keeps the path's window,
	 * recovery and rate sampler state (tquic_cc_switch()).
	 */
	if (alg) {
		ops = container_of(alg, struct tquic_cc_ops, alg);
		tquic_path_for_each(c, p)
			tquic_cc_switch(&p->cc, ops);
	}
	if (sched_a)
		swap(c->sched, sched);	/* the old one is released below */
out_unlock:
	release_sock(c->sk);
	if (alg)
		tquic_alg_put(alg);
out_sched:
	tquic_sched_release(&sched);
out:
	tquic_conn_put(c);
	return err;
}
