// SPDX-License-Identifier: GPL-2.0
/*
 * Raw generic netlink for the C selftests.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "genl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int genl_open(struct genl_sock *g)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	g->seq = 1;
	g->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (g->fd < 0)
		return -errno;
	setsockopt(g->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(g->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (bind(g->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(g->fd);
		return -errno;
	}
	return 0;
}

void genl_close(struct genl_sock *g)
{
	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
}

void genl_req_init(struct genl_req *r, uint16_t family, uint8_t cmd,
		   uint8_t version, uint16_t flags)
{
	struct genlmsghdr *gh;

	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nlh.nlmsg_type = family;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	gh = NLMSG_DATA(&r->nlh);
	gh->cmd = cmd;
	gh->version = version;
}

struct nlattr *genl_put(struct genl_req *r, uint16_t type, const void *data,
			size_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf +
					     NLMSG_ALIGN(r->nlh.nlmsg_len));

	if (NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_ALIGN(NLA_HDRLEN + len) >
	    sizeof(r->buf))
		return NULL;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(genl_attr_data(a), data, len);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) +
			   NLA_ALIGN(a->nla_len);
	return a;
}

void genl_put_u8(struct genl_req *r, uint16_t type, uint8_t v)
{
	genl_put(r, type, &v, sizeof(v));
}

void genl_put_u16(struct genl_req *r, uint16_t type, uint16_t v)
{
	genl_put(r, type, &v, sizeof(v));
}

void genl_put_u32(struct genl_req *r, uint16_t type, uint32_t v)
{
	genl_put(r, type, &v, sizeof(v));
}

void genl_put_u64(struct genl_req *r, uint16_t type, uint64_t v)
{
	genl_put(r, type, &v, sizeof(v));
}

void genl_put_str(struct genl_req *r, uint16_t type, const char *s)
{
	genl_put(r, type, s, strlen(s) + 1);
}

struct nlattr *genl_nest_start(struct genl_req *r, uint16_t type)
{
	struct nlattr *a = genl_put(r, type | NLA_F_NESTED, NULL, 0);

	return a;
}

void genl_nest_end(struct genl_req *r, struct nlattr *nest)
{
	nest->nla_len = r->buf + r->nlh.nlmsg_len - (char *)nest;
}

static void genl_extack(struct nlmsghdr *nlh, struct genl_reply *rep)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);
	struct nlattr *a;
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	a = (struct nlattr *)((char *)e + off);
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			snprintf(rep->extack, sizeof(rep->extack), "%.*s",
				 genl_attr_len(a), (char *)genl_attr_data(a));
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
}

/* Send @r, collect every reply until the ack, NLMSG_DONE or an error. */
int genl_call(struct genl_sock *g, struct genl_req *r, struct genl_reply *rep)
{
	char buf[GENL_BUF];
	struct nlmsghdr *nlh;
	ssize_t n;
	int done = 0;

	memset(rep, 0, sizeof(*rep));
	r->nlh.nlmsg_seq = ++g->seq;
	if (send(g->fd, r->buf, r->nlh.nlmsg_len, 0) < 0)
		return -errno;
	while (!done) {
		n = recv(g->fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != g->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				rep->error = ((struct nlmsgerr *)
					      NLMSG_DATA(nlh))->error;
				genl_extack(nlh, rep);
				done = 1;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				/* A dump that failed carries its errno here. */
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					rep->error = *(int *)NLMSG_DATA(nlh);
				done = 1;
				break;
			}
			if (rep->len + nlh->nlmsg_len > sizeof(rep->buf))
				return -ENOBUFS;
			memcpy(rep->buf + rep->len, nlh, nlh->nlmsg_len);
			rep->len += NLMSG_ALIGN(nlh->nlmsg_len);
			rep->nmsgs++;
		}
	}
	return rep->error;
}

struct nlmsghdr *genl_reply_msg(struct genl_reply *rep, int i)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)rep->buf;
	size_t len = rep->len;

	for (; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len))
		if (i-- == 0)
			return nlh;
	return NULL;
}

static int genl_parse(struct nlattr *a, int len, struct nlattr **tb, int max)
{
	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = a;
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return len > 0 && len < NLA_HDRLEN ? -EINVAL : 0;
}

int genl_msg_attrs(struct nlmsghdr *nlh, struct nlattr **tb, int max)
{
	return genl_parse((struct nlattr *)((char *)NLMSG_DATA(nlh) +
					    GENL_HDRLEN),
			  nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb, max);
}

int genl_nest_attrs(struct nlattr *nest, struct nlattr **tb, int max)
{
	return genl_parse(genl_attr_data(nest), genl_attr_len(nest), tb, max);
}

/* CTRL_CMD_GETFAMILY of @name: the reply's attributes in @tb. */
static int genl_ctrl_family(struct genl_sock *g, const char *name,
			    struct nlattr **tb)
{
	static struct genl_reply rep;
	struct genl_req r;
	int err;

	genl_req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	genl_put_str(&r, CTRL_ATTR_FAMILY_NAME, name);
	err = genl_call(g, &r, &rep);
	if (err)
		return err;
	if (!rep.nmsgs ||
	    genl_msg_attrs(genl_reply_msg(&rep, 0), tb, CTRL_ATTR_MAX))
		return -EPROTO;
	return 0;
}

int genl_family(struct genl_sock *g, const char *name, uint16_t *id,
		uint32_t *version)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	int err;

	err = genl_ctrl_family(g, name, tb);
	if (err)
		return err;
	if (!tb[CTRL_ATTR_FAMILY_ID])
		return -EPROTO;
	*id = *(uint16_t *)genl_attr_data(tb[CTRL_ATTR_FAMILY_ID]);
	if (version && tb[CTRL_ATTR_VERSION])
		*version = *(uint32_t *)genl_attr_data(tb[CTRL_ATTR_VERSION]);
	return 0;
}

/* The id of multicast group @group of family @name, or a negative errno. */
int genl_mcast_group(struct genl_sock *g, const char *name, const char *group)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *gt[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct nlattr *a;
	int err, len;

	err = genl_ctrl_family(g, name, tb);
	if (err)
		return err;
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return -ENOENT;
	a = genl_attr_data(tb[CTRL_ATTR_MCAST_GROUPS]);
	len = genl_attr_len(tb[CTRL_ATTR_MCAST_GROUPS]);
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		genl_nest_attrs(a, gt, CTRL_ATTR_MCAST_GRP_MAX);
		if (gt[CTRL_ATTR_MCAST_GRP_NAME] && gt[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(genl_attr_data(gt[CTRL_ATTR_MCAST_GRP_NAME]), group))
			return *(uint32_t *)genl_attr_data(gt[CTRL_ATTR_MCAST_GRP_ID]);
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return -ENOENT;
}
