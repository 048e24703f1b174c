// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl: generic netlink plumbing over libnl-3.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "genl.h"
#include "oxctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct oxc_call {
	int maxattr;
	const struct nla_policy *policy;
	oxc_reply_fn fn;
	void *arg;
	int err;		/* negative errno from the kernel or a parser */
	char extack[256];	/* the kernel's message, if it sent one */
	int done;
};

int oxc_genl_open(struct oxc_genl *g, const char *family, const char *module,
		  int version)
{
	int one = 1, err;

	memset(g, 0, sizeof(*g));
	g->name = family;
	g->module = module;
	g->version = version;
	g->sk = nl_socket_alloc();
	if (!g->sk) {
		fprintf(stderr, "oxctl: out of memory\n");
		return -1;
	}
	err = genl_connect(g->sk);
	if (err) {
		fprintf(stderr, "oxctl: netlink socket: %s\n", nl_geterror(err));
		goto err_free;
	}
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	g->family = genl_ctrl_resolve(g->sk, family);
	if (g->family < 0) {
		if (g->family == -NLE_OBJ_NOTFOUND)
			fprintf(stderr,
				"oxctl: %s module not loaded (generic netlink family \"%s\" not found)\n",
				module, family);
		else
			fprintf(stderr, "oxctl: resolving family %s: %s\n",
				family, nl_geterror(g->family));
		goto err_free;
	}
	return 0;

err_free:
	nl_socket_free(g->sk);
	g->sk = NULL;
	return -1;
}

void oxc_genl_close(struct oxc_genl *g)
{
	if (g->sk)
		nl_socket_free(g->sk);
	g->sk = NULL;
}

struct nl_msg *oxc_genl_msg(struct oxc_genl *g, int cmd, int nlm_flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0,
			 nlm_flags, cmd, g->version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * The extended ack: with NETLINK_CAP_ACK the error message carries only
 * the header of our request, then the NLMSGERR_ATTR_* attributes.
 */
static void oxc_parse_extack(struct nlmsghdr *nlh, struct nlmsgerr *e,
			     struct oxc_call *c)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off), len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(c->extack, sizeof(c->extack), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

static int oxc_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct oxc_call *c = arg;

	(void)nla;
	c->err = e->error;
	oxc_parse_extack(nlh, e, c);
	c->done = 1;
	return NL_STOP;
}

static int oxc_finish_cb(struct nl_msg *msg, void *arg)
{
	struct oxc_call *c = arg;

	(void)msg;
	c->done = 1;
	return NL_STOP;
}

static int oxc_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[64];
	struct oxc_call *c = arg;
	int err;

	if (c->err || !c->fn || c->maxattr >= 64)
		return NL_SKIP;
	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, c->maxattr,
			    (struct nla_policy *)c->policy);
	if (err < 0) {
		c->err = -EPROTO;
		snprintf(c->extack, sizeof(c->extack),
			 "malformed reply from the kernel");
		return NL_SKIP;
	}
	err = c->fn(tb, c->arg);
	if (err < 0 && !c->err)
		c->err = err;
	return NL_OK;
}

/**
 * oxc_genl_call - send @msg (consumed) and handle the replies
 *
 * Prints "oxctl: WHAT: strerror: extack" and returns -1 on any error.
 */
int oxc_genl_call(struct oxc_genl *g, struct nl_msg *msg, const char *what,
		  int maxattr, const struct nla_policy *policy,
		  oxc_reply_fn fn, void *arg)
{
	struct oxc_call c = {
		.maxattr = maxattr, .policy = policy, .fn = fn, .arg = arg,
	};
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		fprintf(stderr, "oxctl: out of memory\n");
		return -1;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, oxc_err_cb, &c);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, oxc_valid_cb, &c);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, oxc_finish_cb, &c);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, oxc_finish_cb, &c);

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(g->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		fprintf(stderr, "oxctl: %s: %s\n", what, nl_geterror(err));
		nl_cb_put(cb);
		return -1;
	}
	while (!c.done) {
		err = nl_recvmsgs(g->sk, cb);
		if (err < 0 && !c.err) {
			fprintf(stderr, "oxctl: %s: %s\n", what,
				nl_geterror(err));
			nl_cb_put(cb);
			return -1;
		}
		if (err < 0)
			break;
	}
	nl_cb_put(cb);
	if (c.err) {
		if (c.extack[0])
			fprintf(stderr, "oxctl: %s: %s: %s\n", what,
				strerror(-c.err), c.extack);
		else
			fprintf(stderr, "oxctl: %s: %s\n", what,
				strerror(-c.err));
		return -1;
	}
	return 0;
}
