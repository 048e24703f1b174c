/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxctl: generic netlink plumbing shared by every command - resolve a
 * family, send a request, parse replies, report errors with the kernel's
 * extended-ack message.
 */
#ifndef _OXCTL_GENL_H
#define _OXCTL_GENL_H

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

struct oxc_genl {
	struct nl_sock *sk;
	int family;
	const char *name;
	const char *module;
	int version;
};

/* Called for each reply message with its attributes parsed. */
typedef int (*oxc_reply_fn)(struct nlattr **tb, void *arg);

int oxc_genl_open(struct oxc_genl *g, const char *family, const char *module,
		  int version);
void oxc_genl_close(struct oxc_genl *g);
struct nl_msg *oxc_genl_msg(struct oxc_genl *g, int cmd, int nlm_flags);
int oxc_genl_call(struct oxc_genl *g, struct nl_msg *msg, const char *what,
		  int maxattr, const struct nla_policy *policy,
		  oxc_reply_fn fn, void *arg);

#endif /* _OXCTL_GENL_H */
