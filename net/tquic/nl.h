/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: what the files of the "tquic" generic netlink family share.
 *
 * netlink.c holds the family, its policy and operations; nl_addr.c the
 * address nests; nl_conn.c TQUIC_CMD_CONN_*; nl_path.c TQUIC_CMD_PATH_*;
 * endpoint.c TQUIC_CMD_ENDPOINT_*; nl_event.c the notifications.  Every
 * command runs without the genl mutex (parallel_ops) and takes the locks
 * of what it touches: a connection's socket lock (tquic_conn_lock()), the
 * netns' endpoint mutex.
 */
#ifndef _TQUIC_NL_H
#define _TQUIC_NL_H

#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/socket.h>
#include <linux/tquic.h>

struct tquic_conn;

/* Index of the "events" group in the family's multicast groups. */
enum tquic_nl_mcgrp {
	TQUIC_NL_MCGRP_EVENTS,
};

extern struct genl_family tquic_genl_family;
extern const struct nla_policy tquic_addr_nl_policy[TQUIC_ADDR_A_MAX + 1];

/* nl_addr.c */
int tquic_nl_put_addr(struct sk_buff *skb, int attr,
		      const struct sockaddr_storage *ss, int ifindex);
int tquic_nl_get_addr(struct net *net, const struct nlattr *nest,
		      struct sockaddr_storage *ss, int *ifindex,
		      struct netlink_ext_ack *extack);

/* tquic_nl_require - true when request attribute @attr is there; else
 * false with the extack message @msg (a literal) and the missing type.
 */
#define tquic_nl_require(info, attr, msg) ({				\
	struct genl_info *__info = (info);				\
	int __attr = (attr);						\
	bool __ok = __info->attrs[__attr];				\
									\
	if (!__ok) {							\
		NL_SET_ERR_MSG(__info->extack, msg);			\
		NL_SET_ERR_ATTR_MISS(__info->extack, NULL, __attr);	\
	}								\
	__ok;								\
})

/* nl_conn.c */
struct tquic_conn *tquic_nl_conn_get(struct genl_info *info);
int tquic_nl_conn_get_doit(struct sk_buff *skb, struct genl_info *info);
int tquic_nl_conn_get_dumpit(struct sk_buff *skb,
			     struct netlink_callback *cb);
int tquic_nl_conn_set_doit(struct sk_buff *skb, struct genl_info *info);

/* nl_path.c */
int tquic_nl_path_add_doit(struct sk_buff *skb, struct genl_info *info);
int tquic_nl_path_del_doit(struct sk_buff *skb, struct genl_info *info);
int tquic_nl_path_set_doit(struct sk_buff *skb, struct genl_info *info);

/* endpoint.c */
int tquic_nl_endpoint_add_doit(struct sk_buff *skb, struct genl_info *info);
int tquic_nl_endpoint_del_doit(struct sk_buff *skb, struct genl_info *info);
int tquic_nl_endpoint_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);

#endif /* _TQUIC_NL_H */
