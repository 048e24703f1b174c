// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: TQUIC_CMD_PATH_ADD, TQUIC_CMD_PATH_DEL and TQUIC_CMD_PATH_SET,
 * the netlink side of path management; path.c does the work under the
 * connection's socket lock.
 */
#include <net/sock.h>

#include "conn.h"
#include "nl.h"
#include "path.h"
#include "tquic.h"

/* What a PATH_* request asks of path.c. */
struct tquic_nl_path_req {
	struct sockaddr_storage local;
	struct sockaddr_storage peer;
	int ifindex;
	int backup;	/* -1: unchanged */
	u32 weight;	/* 0: unchanged */
	u32 id;
};

/* Run @op on the connection TQUIC_A_CONN_ID names, under its socket
 * lock, unless it closed (ENOTCONN).
 */
static int tquic_nl_path_op(struct genl_info *info,
			    int (*op)(struct tquic_conn *c,
				      struct tquic_nl_path_req *r,
				      struct netlink_ext_ack *extack),
			    struct tquic_nl_path_req *r)
{
	struct tquic_conn *c;
	int err;

	c = tquic_nl_conn_get(info);
	if (IS_ERR(c))
		return PTR_ERR(c);
	if (tquic_conn_lock(c) && c->state != TQUIC_CONN_CLOSED) {
		err = op(c, r, info->extack);
	} else {
		NL_SET_ERR_MSG(info->extack, "connection is closed");
		err = -ENOTCONN;
	}
	release_sock(c->sk);
	tquic_conn_put(c);
	return err < 0 ? err : 0;
}

static int tquic_nl_path_add_op(struct tquic_conn *c,
				struct tquic_nl_path_req *r,
				struct netlink_ext_ack *extack)
{
	int err;

	if (r->local.ss_family != r->peer.ss_family) {
		NL_SET_ERR_MSG(extack,
			       "local and remote address families differ");
		return -EINVAL;
	}
	err = tquic_path_add(c->sk, &r->local, &r->peer, r->backup > 0,
			     r->weight, r->ifindex);
	switch (err) {
	case -EOPNOTSUPP:
		if (c->is_server)
			NL_SET_ERR_MSG(extack, "a server does not open paths");
		else
			NL_SET_ERR_MSG(extack,
				       "multipath is not negotiated on this connection");
		break;
	case -EAFNOSUPPORT:
		NL_SET_ERR_MSG(extack,
			       "address family differs from the connection's");
		break;
	case -E2BIG:
		NL_SET_ERR_MSG(extack, "too many paths (net.tquic.max_paths)");
		break;
	case -EAGAIN:
		NL_SET_ERR_MSG(extack,
			       "no path ID has connection IDs both ways yet");
		break;
	case -EEXIST:
		NL_SET_ERR_MSG(extack, "a path has these addresses already");
		break;
	case -ENOTCONN:
		NL_SET_ERR_MSG(extack, "the handshake is not confirmed yet");
		break;
	case -EADDRNOTAVAIL:
	case -EADDRINUSE:
		NL_SET_ERR_MSG(extack, "cannot use that local address");
		break;
	}
	return err;
}

static int tquic_nl_path_del_op(struct tquic_conn *c,
				struct tquic_nl_path_req *r,
				struct netlink_ext_ack *extack)
{
	int err = tquic_path_del(c->sk, r->id);

	if (err == -ENOENT)
		NL_SET_ERR_MSG(extack, "no such path");
	else if (err == -EBUSY && tquic_path_count(c) < 2)
		NL_SET_ERR_MSG(extack, "the only path cannot be removed");
	else if (err == -EBUSY && r->id)
		NL_SET_ERR_MSG(extack, "the last path that can carry data stays");
	else if (err == -EBUSY)
		NL_SET_ERR_MSG(extack, "path 0 cannot be removed");
	return err;
}

static int tquic_nl_path_set_op(struct tquic_conn *c,
				struct tquic_nl_path_req *r,
				struct netlink_ext_ack *extack)
{
	int err = tquic_path_set(c->sk, r->id, r->backup,
				 r->weight ? (int)r->weight : -1);

	if (err == -ENOENT)
		NL_SET_ERR_MSG(extack, "no such path");
	return err;
}

int tquic_nl_path_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct tquic_nl_path_req r = { .weight = 1 };
	struct net *net = genl_info_net(info);
	int peer_ifindex, err;

	if (!tquic_nl_require(info, TQUIC_A_LOCAL, "local address missing") ||
	    !tquic_nl_require(info, TQUIC_A_PEER, "remote address missing"))
		return -EINVAL;
	err = tquic_nl_get_addr(net, info->attrs[TQUIC_A_LOCAL], &r.local,
				&r.ifindex, info->extack);
	if (err)
		return err;
	err = tquic_nl_get_addr(net, info->attrs[TQUIC_A_PEER], &r.peer,
				&peer_ifindex, info->extack);
	if (err)
		return err;
	if (!((struct sockaddr_in *)&r.peer)->sin_port) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TQUIC_A_PEER],
				    "remote port missing");
		return -EINVAL;
	}
	r.backup = info->attrs[TQUIC_A_BACKUP] &&
		   nla_get_u8(info->attrs[TQUIC_A_BACKUP]);
	if (info->attrs[TQUIC_A_WEIGHT])
		r.weight = nla_get_u32(info->attrs[TQUIC_A_WEIGHT]);
	return tquic_nl_path_op(info, tquic_nl_path_add_op, &r);
}

int tquic_nl_path_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct tquic_nl_path_req r = {};

	if (!tquic_nl_require(info, TQUIC_A_PATH_ID, "path id missing"))
		return -EINVAL;
	r.id = nla_get_u32(info->attrs[TQUIC_A_PATH_ID]);
	return tquic_nl_path_op(info, tquic_nl_path_del_op, &r);
}

int tquic_nl_path_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *backup = info->attrs[TQUIC_A_BACKUP];
	struct nlattr *weight = info->attrs[TQUIC_A_WEIGHT];
	struct tquic_nl_path_req r = {};

	if (!tquic_nl_require(info, TQUIC_A_PATH_ID, "path id missing"))
		return -EINVAL;
	if (!backup && !weight) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to change: give backup or weight");
		return -EINVAL;
	}
	r.id = nla_get_u32(info->attrs[TQUIC_A_PATH_ID]);
	r.backup = backup ? nla_get_u8(backup) : -1;
	r.weight = weight ? nla_get_u32(weight) : 0;
	return tquic_nl_path_op(info, tquic_nl_path_set_op, &r);
}
