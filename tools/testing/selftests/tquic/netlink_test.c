// SPDX-License-Identifier: GPL-2.0
/*
 * The "tquic" generic netlink family: INFO_GET and STATS_GET for anyone,
 * STATS_RESET only with CAP_NET_ADMIN over the netns (EPERM otherwise,
 * also from a user namespace that does not own the netns), strict
 * attribute checking with extack messages, unknown commands refused.
 * The control plane: CONN_GET lists live connections with their addresses
 * and paths, CONN_SET changes scheduler and congestion control (seen in
 * TQUIC_SOCKOPT_CONNECTION_INFO), PATH_* and ENDPOINT_* with good and bad
 * input, admin commands refused to the unprivileged, and the "events"
 * multicast group.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/tquic.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "genl.h"
#include "kselftest_harness.h"
#include "quic.h"

#define WAIT_MS 10000

static struct genl_reply rep;

FIXTURE(tq) {
	struct genl_sock g;
	uint16_t id;
};

FIXTURE_SETUP(tq)
{
	uint32_t version = 0;

	ASSERT_EQ(0, system("modprobe tquic"));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, genl_open(&self->g));
	ASSERT_EQ(0, genl_family(&self->g, TQUIC_GENL_NAME, &self->id,
				 &version));
	EXPECT_EQ(TQUIC_GENL_VERSION, version);
}

FIXTURE_TEARDOWN(tq)
{
	genl_close(&self->g);
}

static int call(struct genl_sock *g, uint16_t id, uint8_t cmd,
		void (*fill)(struct genl_req *r))
{
	struct genl_req r;

	genl_req_init(&r, id, cmd, TQUIC_GENL_VERSION, 0);
	if (fill)
		fill(&r);
	return genl_call(g, &r, &rep);
}

/* Value of counter @name in the last STATS_GET reply, or -1. */
static long long stat_value(const char *name)
{
	struct nlattr *tb[TQUIC_A_MAX + 1], *st[TQUIC_A_MAX + 1], *a;
	int len;

	if (rep.nmsgs != 1 ||
	    genl_msg_attrs(genl_reply_msg(&rep, 0), tb, TQUIC_A_MAX) ||
	    !tb[TQUIC_A_STATS])
		return -1;
	a = genl_attr_data(tb[TQUIC_A_STATS]);
	len = genl_attr_len(tb[TQUIC_A_STATS]);
	while (len >= NLA_HDRLEN && a->nla_len <= len) {
		genl_nest_attrs(a, st, TQUIC_A_MAX);
		if (st[TQUIC_A_STAT_NAME] && st[TQUIC_A_STAT_VALUE] &&
		    !strcmp(genl_attr_data(st[TQUIC_A_STAT_NAME]), name))
			return *(long long *)genl_attr_data(st[TQUIC_A_STAT_VALUE]);
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return -1;
}

TEST_F(tq, info)
{
	struct nlattr *tb[TQUIC_A_MAX + 1];

	ASSERT_EQ(0, call(&self->g, self->id, TQUIC_CMD_INFO_GET, NULL));
	ASSERT_EQ(1, rep.nmsgs);
	ASSERT_EQ(0, genl_msg_attrs(genl_reply_msg(&rep, 0), tb, TQUIC_A_MAX));
	ASSERT_NE(NULL, tb[TQUIC_A_VERSION]);
	EXPECT_STREQ("0.1.0", (char *)genl_attr_data(tb[TQUIC_A_VERSION]));
	ASSERT_NE(NULL, tb[TQUIC_A_CC_DEFAULT]);
	EXPECT_STREQ("cubic", (char *)genl_attr_data(tb[TQUIC_A_CC_DEFAULT]));
	ASSERT_NE(NULL, tb[TQUIC_A_SCHED_DEFAULT]);
	EXPECT_STREQ("minrtt",
		     (char *)genl_attr_data(tb[TQUIC_A_SCHED_DEFAULT]));
	EXPECT_NE(NULL, tb[TQUIC_A_CC_LIST]);
	EXPECT_NE(NULL, tb[TQUIC_A_SCHED_LIST]);
}

TEST_F(tq, info_follows_sysctl)
{
	struct nlattr *tb[TQUIC_A_MAX + 1];
	int fd = open("/proc/sys/net/tquic/scheduler", O_WRONLY);

	ASSERT_GE(fd, 0);
	ASSERT_EQ(10, write(fd, "roundrobin", 10));
	close(fd);
	ASSERT_EQ(0, call(&self->g, self->id, TQUIC_CMD_INFO_GET, NULL));
	ASSERT_EQ(0, genl_msg_attrs(genl_reply_msg(&rep, 0), tb, TQUIC_A_MAX));
	EXPECT_STREQ("roundrobin",
		     (char *)genl_attr_data(tb[TQUIC_A_SCHED_DEFAULT]));
}

TEST_F(tq, stats_and_reset)
{
	ASSERT_EQ(0, call(&self->g, self->id, TQUIC_CMD_STATS_GET, NULL));
	EXPECT_EQ(0, stat_value("StatsResets"));
	EXPECT_EQ(0, stat_value("PacketsIn"));
	EXPECT_EQ(-1, stat_value("NoSuchCounter"));
	ASSERT_EQ(0, call(&self->g, self->id, TQUIC_CMD_STATS_RESET, NULL));
	ASSERT_EQ(0, call(&self->g, self->id, TQUIC_CMD_STATS_RESET, NULL));
	ASSERT_EQ(0, call(&self->g, self->id, TQUIC_CMD_STATS_GET, NULL));
	EXPECT_EQ(2, stat_value("StatsResets"));
}

static void put_version(struct genl_req *r)
{
	genl_put_str(r, TQUIC_A_VERSION, "9.9.9");
}

static void put_unknown(struct genl_req *r)
{
	genl_put_u32(r, TQUIC_A_MAX + 5, 1);
}

TEST_F(tq, bad_attributes)
{
	/* A reply-only attribute in a request. */
	EXPECT_EQ(-EINVAL, call(&self->g, self->id, TQUIC_CMD_INFO_GET,
				put_version));
	EXPECT_NE(0, rep.extack[0]);
	/* An attribute the family does not know. */
	EXPECT_EQ(-EINVAL, call(&self->g, self->id, TQUIC_CMD_STATS_GET,
				put_unknown));
	EXPECT_NE(0, rep.extack[0]) TH_LOG("no extack message");
	/* A command it does not have. */
	EXPECT_EQ(-EOPNOTSUPP, call(&self->g, self->id, 200, NULL));
}

/* Drop every capability and become nobody; then STATS_RESET. */
static int reset_unprivileged(uint16_t id, int new_userns)
{
	struct genl_sock g;
	struct genl_req r;

	if (new_userns && unshare(CLONE_NEWUSER))
		return 100;
	if (!new_userns &&
	    (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)))
		return 101;
	if (genl_open(&g))
		return 102;
	genl_req_init(&r, id, TQUIC_CMD_STATS_GET, TQUIC_GENL_VERSION, 0);
	if (genl_call(&g, &r, &rep))
		return 103;	/* reading stays allowed */
	genl_req_init(&r, id, TQUIC_CMD_STATS_RESET, TQUIC_GENL_VERSION, 0);
	return -genl_call(&g, &r, &rep);
}

/* Run @fn(@arg, @n) in a child; its exit status, or -1. */
static int in_child(int (*fn)(void *arg, int n), void *arg, int n)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg, n));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int reset_unprivileged_child(void *id, int new_userns)
{
	return reset_unprivileged(*(uint16_t *)id, new_userns);
}

TEST_F(tq, reset_needs_cap_net_admin)
{
	/* An unprivileged user in this netns. */
	EXPECT_EQ(EPERM, in_child(reset_unprivileged_child, &self->id, 0));
	/* Root of a new user namespace that does not own this netns. */
	EXPECT_EQ(EPERM, in_child(reset_unprivileged_child, &self->id, 1));
}

TEST(reset_in_own_userns_netns)
{
	struct genl_sock g;
	struct genl_req r;
	int status;
	uint16_t id;
	pid_t pid;

	ASSERT_EQ(0, system("modprobe tquic"));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* Unprivileged user, own userns + netns: admin there. */
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(100);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
			_exit(101);
		if (genl_open(&g) || genl_family(&g, TQUIC_GENL_NAME, &id, NULL))
			_exit(102);
		genl_req_init(&r, id, TQUIC_CMD_STATS_RESET,
			      TQUIC_GENL_VERSION, 0);
		_exit(-genl_call(&g, &r, &rep));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* The control plane, on a live connection over loopback. */
FIXTURE(cn) {
	struct genl_sock g;
	uint16_t id;
	int family;
	struct sockaddr_storage laddr, caddr;
	socklen_t laddrlen;
	int lfd, cfd, sfd;
	uint32_t cid, sid;	/* connection ids of client and server */
	int multipath;
};

FIXTURE_VARIANT(cn) {
	int family;
	int multipath;	/* net.tquic.multipath_enabled */
};

FIXTURE_VARIANT_ADD(cn, ipv4) { .family = AF_INET, .multipath = 1 };
FIXTURE_VARIANT_ADD(cn, ipv6) { .family = AF_INET6, .multipath = 1 };
FIXTURE_VARIANT_ADD(cn, ipv4_single) { .family = AF_INET, .multipath = 0 };

static struct genl_req req;

static void req_init(uint16_t id, uint8_t cmd, uint16_t flags)
{
	genl_req_init(&req, id, cmd, TQUIC_GENL_VERSION, flags);
}

static int req_call(struct genl_sock *g)
{
	return genl_call(g, &req, &rep);
}

static uint64_t attr_uint(struct nlattr *a)
{
	switch (genl_attr_len(a)) {
	case 1:
		return *(uint8_t *)genl_attr_data(a);
	case 2:
		return *(uint16_t *)genl_attr_data(a);
	case 4:
		return *(uint32_t *)genl_attr_data(a);
	default:
		return *(uint64_t *)genl_attr_data(a);
	}
}

/* Put @ss as a TQUIC_ADDR_A_* nest @type (@ifindex if not 0). */
static void put_addr(uint16_t type, const struct sockaddr_storage *ss,
		     int ifindex)
{
	const struct sockaddr_in6 *s6 = (const void *)ss;
	const struct sockaddr_in *s4 = (const void *)ss;
	struct nlattr *n = genl_nest_start(&req, type);

	genl_put_u16(&req, TQUIC_ADDR_A_FAMILY, ss->ss_family);
	if (ss->ss_family == AF_INET) {
		genl_put(&req, TQUIC_ADDR_A_ADDR4, &s4->sin_addr, 4);
		genl_put_u16(&req, TQUIC_ADDR_A_PORT, ntohs(s4->sin_port));
	} else {
		genl_put(&req, TQUIC_ADDR_A_ADDR6, &s6->sin6_addr, 16);
		genl_put_u16(&req, TQUIC_ADDR_A_PORT, ntohs(s6->sin6_port));
	}
	if (ifindex)
		genl_put_u32(&req, TQUIC_ADDR_A_IFINDEX, ifindex);
	genl_nest_end(&req, n);
}

/* A TQUIC_ADDR_A_* nest equals @ss (address and port). */
static int addr_eq(struct nlattr *nest, const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *s6 = (const void *)ss;
	const struct sockaddr_in *s4 = (const void *)ss;
	struct nlattr *tb[TQUIC_ADDR_A_MAX + 1];

	if (!nest || genl_nest_attrs(nest, tb, TQUIC_ADDR_A_MAX) ||
	    !tb[TQUIC_ADDR_A_FAMILY] || !tb[TQUIC_ADDR_A_PORT] ||
	    attr_uint(tb[TQUIC_ADDR_A_FAMILY]) != ss->ss_family)
		return 0;
	if (ss->ss_family == AF_INET)
		return tb[TQUIC_ADDR_A_ADDR4] &&
		       !memcmp(genl_attr_data(tb[TQUIC_ADDR_A_ADDR4]),
			       &s4->sin_addr, 4) &&
		       attr_uint(tb[TQUIC_ADDR_A_PORT]) == ntohs(s4->sin_port);
	return tb[TQUIC_ADDR_A_ADDR6] &&
	       !memcmp(genl_attr_data(tb[TQUIC_ADDR_A_ADDR6]),
		       &s6->sin6_addr, 16) &&
	       attr_uint(tb[TQUIC_ADDR_A_PORT]) == ntohs(s6->sin6_port);
}

/* Attributes of message @i of the last reply. */
static int reply_attrs(int i, struct nlattr **tb)
{
	struct nlmsghdr *nlh = genl_reply_msg(&rep, i);

	return nlh ? genl_msg_attrs(nlh, tb, TQUIC_A_MAX) : -1;
}

/* The attributes of path 0 in the CONN_GET message @tb. */
static int path0_attrs(struct nlattr **tb, struct nlattr **pt)
{
	struct nlattr *pp[TQUIC_A_MAX + 1];

	if (!tb[TQUIC_A_PATHS] ||
	    genl_nest_attrs(tb[TQUIC_A_PATHS], pp, TQUIC_A_MAX) ||
	    !pp[TQUIC_A_PATH])
		return -1;
	return genl_nest_attrs(pp[TQUIC_A_PATH], pt, TQUIC_PATH_A_MAX);
}

static int conn_get(struct genl_sock *g, uint16_t fam, uint32_t id)
{
	req_init(fam, TQUIC_CMD_CONN_GET, 0);
	genl_put_u32(&req, TQUIC_A_CONN_ID, id);
	return req_call(g);
}

static int write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -1;
	err = fputs(s, f) < 0;
	return fclose(f) || err ? -1 : 0;
}

FIXTURE_SETUP(cn)
{
	struct nlattr *tb[TQUIC_A_MAX + 1];
	socklen_t len = sizeof(self->caddr);
	int i;

	ASSERT_EQ(0, system("modprobe tquic"));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	ASSERT_EQ(0, genl_open(&self->g));
	ASSERT_EQ(0, genl_family(&self->g, TQUIC_GENL_NAME, &self->id, NULL));
	self->family = variant->family;
	self->multipath = variant->multipath;
	if (!variant->multipath)
		ASSERT_EQ(0, write_file("/proc/sys/net/tquic/multipath_enabled",
					"0"));
	quic_loopback(self->family, &self->laddr, &self->laddrlen);
	self->lfd = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);
	ASSERT_LE(0, self->lfd);
	quic_timeouts(self->lfd, WAIT_MS);
	ASSERT_EQ(0, bind(self->lfd, (struct sockaddr *)&self->laddr,
			  self->laddrlen));
	ASSERT_EQ(0, getsockname(self->lfd, (struct sockaddr *)&self->laddr,
				 &self->laddrlen));
	ASSERT_EQ(0, listen(self->lfd, 4));
	self->cfd = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);
	ASSERT_LE(0, self->cfd);
	quic_timeouts(self->cfd, WAIT_MS);
	self->sfd = quic_connect_pair(self->lfd, self->cfd,
				      (struct sockaddr *)&self->laddr,
				      self->laddrlen, WAIT_MS);
	ASSERT_LE(0, self->sfd);
	ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&self->caddr,
				 &len));

	/* The dump has both ends; tell them apart by role. */
	req_init(self->id, TQUIC_CMD_CONN_GET, NLM_F_DUMP);
	ASSERT_EQ(0, req_call(&self->g));
	ASSERT_EQ(2, rep.nmsgs);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, reply_attrs(i, tb));
		ASSERT_NE(NULL, tb[TQUIC_A_CONN_ID]);
		ASSERT_NE(NULL, tb[TQUIC_A_CONN_ROLE]);
		if (attr_uint(tb[TQUIC_A_CONN_ROLE]) == TQUIC_ROLE_CLIENT)
			self->cid = attr_uint(tb[TQUIC_A_CONN_ID]);
		else
			self->sid = attr_uint(tb[TQUIC_A_CONN_ID]);
	}
	ASSERT_NE(0, self->cid);
	ASSERT_NE(0, self->sid);
}

FIXTURE_TEARDOWN(cn)
{
	close(self->sfd);
	close(self->cfd);
	close(self->lfd);
	genl_close(&self->g);
}

TEST_F(cn, conn_get)
{
	struct nlattr *tb[TQUIC_A_MAX + 1], *pt[TQUIC_PATH_A_MAX + 1];
	struct sockaddr_storage peer;

	ASSERT_EQ(0, conn_get(&self->g, self->id, self->cid));
	ASSERT_EQ(1, rep.nmsgs);
	ASSERT_EQ(0, reply_attrs(0, tb));
	EXPECT_EQ(self->cid, attr_uint(tb[TQUIC_A_CONN_ID]));
	EXPECT_EQ(TQUIC_INFO_ESTABLISHED, attr_uint(tb[TQUIC_A_CONN_STATE]));
	EXPECT_EQ(TQUIC_ROLE_CLIENT, attr_uint(tb[TQUIC_A_CONN_ROLE]));
	EXPECT_EQ(1, attr_uint(tb[TQUIC_A_CONN_VERSION]));
	EXPECT_EQ(self->multipath, attr_uint(tb[TQUIC_A_CONN_MULTIPATH]));
	EXPECT_TRUE(addr_eq(tb[TQUIC_A_LOCAL], &self->caddr));
	EXPECT_TRUE(addr_eq(tb[TQUIC_A_PEER], &self->laddr));
	ASSERT_NE(NULL, tb[TQUIC_A_CONN_CC]);
	EXPECT_STREQ("cubic", (char *)genl_attr_data(tb[TQUIC_A_CONN_CC]));
	ASSERT_NE(NULL, tb[TQUIC_A_CONN_SCHED]);
	EXPECT_STREQ("minrtt", (char *)genl_attr_data(tb[TQUIC_A_CONN_SCHED]));
	EXPECT_LT(0, attr_uint(tb[TQUIC_A_CONN_PACKETS_SENT]));
	EXPECT_LT(0, attr_uint(tb[TQUIC_A_CONN_CWND]));
	EXPECT_NE(NULL, tb[TQUIC_A_CONN_SEND_Q]);
	EXPECT_NE(NULL, tb[TQUIC_A_CONN_RECV_Q]);

	ASSERT_EQ(0, path0_attrs(tb, pt));
	EXPECT_EQ(0, attr_uint(pt[TQUIC_PATH_A_ID]));
	EXPECT_EQ(TQUIC_PATH_ACTIVE, attr_uint(pt[TQUIC_PATH_A_STATE]));
	EXPECT_EQ(0, attr_uint(pt[TQUIC_PATH_A_BACKUP]));
	EXPECT_EQ(1, attr_uint(pt[TQUIC_PATH_A_WEIGHT]));
	EXPECT_TRUE(addr_eq(pt[TQUIC_PATH_A_LOCAL], &self->caddr));
	EXPECT_TRUE(addr_eq(pt[TQUIC_PATH_A_PEER], &self->laddr));
	EXPECT_LT(0, attr_uint(pt[TQUIC_PATH_A_PACKETS_SENT]));
	EXPECT_LT(0, attr_uint(pt[TQUIC_PATH_A_BYTES_SENT]));
	EXPECT_LT(0, attr_uint(pt[TQUIC_PATH_A_PACKETS_ACKED]));
	EXPECT_LT(0, attr_uint(pt[TQUIC_PATH_A_SRTT_US]));
	EXPECT_LT(0, attr_uint(pt[TQUIC_PATH_A_CWND]));

	/* The server's end: the same addresses the other way round, where
	 * the client's (bound to the wildcard address) is the loopback one.
	 */
	ASSERT_EQ(0, conn_get(&self->g, self->id, self->sid));
	ASSERT_EQ(0, reply_attrs(0, tb));
	EXPECT_EQ(TQUIC_ROLE_SERVER, attr_uint(tb[TQUIC_A_CONN_ROLE]));
	EXPECT_TRUE(addr_eq(tb[TQUIC_A_LOCAL], &self->laddr));
	peer = self->laddr;
	if (self->family == AF_INET)
		((struct sockaddr_in *)&peer)->sin_port =
			((struct sockaddr_in *)&self->caddr)->sin_port;
	else
		((struct sockaddr_in6 *)&peer)->sin6_port =
			((struct sockaddr_in6 *)&self->caddr)->sin6_port;
	EXPECT_TRUE(addr_eq(tb[TQUIC_A_PEER], &peer));

	/* Unknown id */
	EXPECT_EQ(-ENOENT, conn_get(&self->g, self->id, 0xfffffff0));
	EXPECT_STREQ("no such connection", rep.extack);
	/* Wrong length: a u16 for a u32 */
	req_init(self->id, TQUIC_CMD_CONN_GET, 0);
	genl_put_u16(&req, TQUIC_A_CONN_ID, self->cid);
	EXPECT_EQ(-EINVAL, req_call(&self->g));
	EXPECT_NE(0, rep.extack[0]);
	/* Missing id */
	req_init(self->id, TQUIC_CMD_CONN_GET, 0);
	EXPECT_EQ(-EINVAL, req_call(&self->g));
	EXPECT_STREQ("connection id missing", rep.extack);
}

/* After close() the connection is gone from the table (after its
 * closing period), and while in it, it shows closed.
 */
TEST_F(cn, conn_closed_leaves)
{
	struct nlattr *tb[TQUIC_A_MAX + 1];
	int i, err;

	close(self->cfd);
	self->cfd = -1;
	for (i = 0; i < 100; i++) {
		err = conn_get(&self->g, self->id, self->cid);
		if (err)
			break;
		ASSERT_EQ(0, reply_attrs(0, tb));
		EXPECT_EQ(TQUIC_INFO_CLOSED,
			  attr_uint(tb[TQUIC_A_CONN_STATE]));
		usleep(50000);
	}
	EXPECT_EQ(-ENOENT, err);
}

static int conn_set(struct genl_sock *g, uint16_t fam, uint32_t id,
		    int attr, const char *name)
{
	req_init(fam, TQUIC_CMD_CONN_SET, 0);
	genl_put_u32(&req, TQUIC_A_CONN_ID, id);
	genl_put_str(&req, attr, name);
	return req_call(g);
}

TEST_F(cn, conn_set)
{
	struct tquic_connection_info ci;
	socklen_t len = sizeof(ci);
	struct nlattr *tb[TQUIC_A_MAX + 1];

	ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC,
				TQUIC_SOCKOPT_CONNECTION_INFO, &ci, &len));
	EXPECT_STREQ("cubic", ci.congestion_control);
	EXPECT_STREQ("minrtt", ci.scheduler);

	ASSERT_EQ(0, conn_set(&self->g, self->id, self->cid, TQUIC_A_CONN_CC,
			      "newreno"));
	ASSERT_EQ(0, conn_set(&self->g, self->id, self->cid,
			      TQUIC_A_CONN_SCHED, "roundrobin"));
	len = sizeof(ci);
	ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC,
				TQUIC_SOCKOPT_CONNECTION_INFO, &ci, &len));
	EXPECT_STREQ("newreno", ci.congestion_control);
	EXPECT_STREQ("roundrobin", ci.scheduler);
	EXPECT_LT(0, ci.cwnd);
	ASSERT_EQ(0, conn_get(&self->g, self->id, self->cid));
	ASSERT_EQ(0, reply_attrs(0, tb));
	EXPECT_STREQ("newreno", (char *)genl_attr_data(tb[TQUIC_A_CONN_CC]));
	EXPECT_STREQ("roundrobin",
		     (char *)genl_attr_data(tb[TQUIC_A_CONN_SCHED]));
	/* The server's end kept its own. */
	len = sizeof(ci);
	ASSERT_EQ(0, getsockopt(self->sfd, SOL_QUIC,
				TQUIC_SOCKOPT_CONNECTION_INFO, &ci, &len));
	EXPECT_STREQ("cubic", ci.congestion_control);

	/* Data still flows after the switch. */
	EXPECT_EQ(5, quic_stream_send(self->cfd, 0, 0, "hello", 5, 0));

	EXPECT_EQ(-ENOENT, conn_set(&self->g, self->id, self->cid,
				    TQUIC_A_CONN_SCHED, "nosuch"));
	EXPECT_STREQ("unknown scheduler", rep.extack);
	EXPECT_EQ(-ENOENT, conn_set(&self->g, self->id, self->cid,
				    TQUIC_A_CONN_CC, "nosuch"));
	EXPECT_STREQ("unknown congestion control", rep.extack);
	EXPECT_EQ(-ENOENT, conn_set(&self->g, self->id, 0xfffffff0,
				    TQUIC_A_CONN_CC, "newreno"));
	EXPECT_STREQ("no such connection", rep.extack);
	/* A name longer than any */
	EXPECT_EQ(-EINVAL, conn_set(&self->g, self->id, self->cid,
				    TQUIC_A_CONN_CC, "averyveryverylongname"));
	EXPECT_NE(0, rep.extack[0]);
	req_init(self->id, TQUIC_CMD_CONN_SET, 0);
	genl_put_u32(&req, TQUIC_A_CONN_ID, self->cid);
	EXPECT_EQ(-EINVAL, req_call(&self->g));
	EXPECT_NE(0, rep.extack[0]);
}

/* A stream of @len bytes, byte i being xfer_byte(i), sent in a thread */
struct xfer {
	int fd;
	size_t len;
	int err;
	pthread_t th;
};

static unsigned char xfer_byte(size_t i)
{
	return i * 7 + (i >> 12);
}

static void *xfer_send(void *arg)
{
	struct xfer *x = arg;
	unsigned char buf[16384];
	size_t off = 0, n, i;
	ssize_t r;

	while (off < x->len) {
		n = x->len - off < sizeof(buf) ? x->len - off : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = xfer_byte(off + i);
		r = quic_stream_send(x->fd, 0, off + n == x->len ?
				     TQUIC_STREAM_FLAG_FIN : 0, buf, n, 0);
		if (r <= 0) {
			x->err = r ? errno : EIO;
			break;
		}
		off += r;
	}
	return NULL;
}

/* The congestion control switched while a transfer runs (bbr, then the
 * coupled lia and olia): every byte arrives, and what the switched
 * controller reports stays sane - packets sent before a switch and
 * acknowledged after it gave BBR a delivery rate of U64_MAX (the rate
 * sampler started over from zero), and so a pacing rate without bound.
 */
TEST_F(cn, conn_set_mid_transfer)
{
	static const char *const algs[] = { "bbr", "lia", "olia", "bbr" };
	struct nlattr *tb[TQUIC_A_MAX + 1], *pt[TQUIC_PATH_A_MAX + 1];
	struct xfer x = { .fd = self->cfd, .len = 6 << 20 };
	__u64 max_pace = 0, max_cwnd = 0;
	struct tquic_connection_info ci;
	unsigned char buf[65536];
	size_t got = 0, bad = 0, i;
	unsigned int next = 0;
	socklen_t len;
	__u32 flags = 0;
	__s64 sid;
	ssize_t r;

	ASSERT_EQ(0, pthread_create(&x.th, NULL, xfer_send, &x));
	while (!(flags & TQUIC_STREAM_FLAG_FIN)) {
		r = quic_stream_recv(self->sfd, buf, sizeof(buf), &sid, &flags,
				     NULL);
		if (r < 0)
			break;
		for (i = 0; i < (size_t)r; i++)
			bad += buf[i] != xfer_byte(got + i);
		got += r;
		/* A switch at each further megabyte, the first at one */
		if (next < 4 && got >= (next + 1) * (1 << 20))
			ASSERT_EQ(0, conn_set(&self->g, self->id, self->cid,
					      TQUIC_A_CONN_CC, algs[next++]));
		if (!next)
			continue;
		len = sizeof(ci);
		ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC,
					TQUIC_SOCKOPT_CONNECTION_INFO, &ci,
					&len));
		if (ci.pacing_rate > max_pace)
			max_pace = ci.pacing_rate;
		if (ci.cwnd > max_cwnd)
			max_cwnd = ci.cwnd;
	}
	pthread_join(x.th, NULL);
	EXPECT_EQ(0, x.err);
	EXPECT_EQ(x.len, got);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(4, next);
	/* Loopback in a VM: far below 100 GB/s and a 256 MiB window */
	EXPECT_GT(100000000000ULL, max_pace);
	EXPECT_GT(256ULL << 20, max_cwnd);
	EXPECT_LT(0, max_cwnd);

	ASSERT_EQ(0, conn_get(&self->g, self->id, self->cid));
	ASSERT_EQ(0, reply_attrs(0, tb));
	EXPECT_STREQ("bbr", (char *)genl_attr_data(tb[TQUIC_A_CONN_CC]));
	EXPECT_GT(256ULL << 20, attr_uint(tb[TQUIC_A_CONN_CWND]));
	ASSERT_EQ(0, path0_attrs(tb, pt));
	EXPECT_GT(256ULL << 20, attr_uint(pt[TQUIC_PATH_A_CWND]));
	/* The connection goes on */
	EXPECT_EQ(5, quic_stream_send(self->cfd, 4, 0, "hello", 5, 0));
}

/* PATH_ADD with the connection's addresses and the given changes. */
static int path_add(struct _test_data_cn *self, int lfamily, int pfamily,
		    int weight, int ifindex)
{
	struct sockaddr_storage l, p;
	socklen_t len;

	quic_loopback(lfamily, &l, &len);
	quic_loopback(pfamily, &p, &len);
	if (pfamily == AF_INET)
		((struct sockaddr_in *)&p)->sin_port = htons(4433);
	else
		((struct sockaddr_in6 *)&p)->sin6_port = htons(4433);
	req_init(self->id, TQUIC_CMD_PATH_ADD, 0);
	genl_put_u32(&req, TQUIC_A_CONN_ID, self->cid);
	put_addr(TQUIC_A_LOCAL, &l, ifindex);
	put_addr(TQUIC_A_PEER, &p, 0);
	if (weight >= 0)
		genl_put_u32(&req, TQUIC_A_WEIGHT, weight);
	return req_call(&self->g);
}

/* PATH_ADD until it is not EAGAIN (no path IDs' connection IDs yet) or
 * ENOTCONN (the handshake not confirmed yet), for a second at most.
 */
static int path_add_wait(struct _test_data_cn *self, int weight, int ifindex)
{
	int i, err = -EAGAIN;

	for (i = 0; i < 100 && (err == -EAGAIN || err == -ENOTCONN); i++) {
		err = path_add(self, self->family, self->family, weight,
			       ifindex);
		if (err == -EAGAIN || err == -ENOTCONN)
			usleep(10000);
	}
	return err;
}

TEST_F(cn, path_add)
{
	int other = self->family == AF_INET ? AF_INET6 : AF_INET;
	int i;

	if (self->multipath) {
		/* More paths over the loopback, each from a new port */
		EXPECT_EQ(0, path_add_wait(self, 5, 0));
		EXPECT_EQ(0, path_add_wait(self, -1, 1));
	} else {
		EXPECT_EQ(-EOPNOTSUPP, path_add(self, self->family,
						self->family, 5, 0));
		EXPECT_STREQ("multipath is not negotiated on this connection",
			     rep.extack);
	}
	EXPECT_EQ(-ENODEV, path_add(self, self->family, self->family, -1,
				    9999));
	EXPECT_STREQ("no such device", rep.extack);
	EXPECT_EQ(-EAFNOSUPPORT, path_add(self, other, other, -1, 0));
	EXPECT_STREQ("address family differs from the connection's",
		     rep.extack);
	EXPECT_EQ(-EINVAL, path_add(self, self->family, other, -1, 0));
	EXPECT_STREQ("local and remote address families differ", rep.extack);
	EXPECT_EQ(-ERANGE, path_add(self, self->family, self->family, 0, 0));
	EXPECT_NE(0, rep.extack[0]);
	EXPECT_EQ(-ERANGE, path_add(self, self->family, self->family, 256,
				    0));
	EXPECT_NE(0, rep.extack[0]);
	if (self->multipath) {	/* the socket's max_paths: 8 */
		for (i = 0; i < 5; i++)
			EXPECT_EQ(0, path_add_wait(self, -1, 0));
	} else {
		ASSERT_EQ(0, write_file("/proc/sys/net/tquic/max_paths", "1"));
	}
	EXPECT_EQ(-E2BIG, path_add(self, self->family, self->family, -1, 0));
	EXPECT_STREQ("too many paths (net.tquic.max_paths)", rep.extack);
	self->cid = 0xfffffff0;
	EXPECT_EQ(-ENOENT, path_add(self, self->family, self->family, -1, 0));
	EXPECT_STREQ("no such connection", rep.extack);
	/* A family the kernel does not take */
	req_init(self->id, TQUIC_CMD_PATH_ADD, 0);
	genl_put_u32(&req, TQUIC_A_CONN_ID, self->sid);
	{
		struct nlattr *n = genl_nest_start(&req, TQUIC_A_LOCAL);

		genl_put_u16(&req, TQUIC_ADDR_A_FAMILY, AF_UNIX);
		genl_nest_end(&req, n);
	}
	put_addr(TQUIC_A_PEER, &self->caddr, 0);
	EXPECT_EQ(-EAFNOSUPPORT, req_call(&self->g));
	EXPECT_STREQ("unsupported address family", rep.extack);
}

static int path_cmd(struct _test_data_cn *self, uint8_t cmd, uint32_t path,
		    int backup, int weight)
{
	req_init(self->id, cmd, 0);
	genl_put_u32(&req, TQUIC_A_CONN_ID, self->cid);
	genl_put_u32(&req, TQUIC_A_PATH_ID, path);
	if (backup >= 0)
		genl_put_u8(&req, TQUIC_A_BACKUP, backup);
	if (weight >= 0)
		genl_put_u32(&req, TQUIC_A_WEIGHT, weight);
	return req_call(&self->g);
}

TEST_F(cn, path_del_set)
{
	struct nlattr *tb[TQUIC_A_MAX + 1], *pt[TQUIC_PATH_A_MAX + 1];

	EXPECT_EQ(-EBUSY, path_cmd(self, TQUIC_CMD_PATH_DEL, 0, -1, -1));
	EXPECT_STREQ("the only path cannot be removed", rep.extack);
	EXPECT_EQ(-ENOENT, path_cmd(self, TQUIC_CMD_PATH_DEL, 7, -1, -1));
	EXPECT_STREQ("no such path", rep.extack);
	EXPECT_EQ(-ENOENT, path_cmd(self, TQUIC_CMD_PATH_SET, 7, 1, -1));
	EXPECT_STREQ("no such path", rep.extack);
	EXPECT_EQ(-EINVAL, path_cmd(self, TQUIC_CMD_PATH_SET, 0, -1, -1));
	EXPECT_NE(0, rep.extack[0]);
	EXPECT_EQ(-ERANGE, path_cmd(self, TQUIC_CMD_PATH_SET, 0, 2, -1));
	EXPECT_NE(0, rep.extack[0]);
	EXPECT_EQ(-ERANGE, path_cmd(self, TQUIC_CMD_PATH_SET, 0, -1, 300));
	EXPECT_NE(0, rep.extack[0]);

	ASSERT_EQ(0, path_cmd(self, TQUIC_CMD_PATH_SET, 0, 1, 42));
	ASSERT_EQ(0, conn_get(&self->g, self->id, self->cid));
	ASSERT_EQ(0, reply_attrs(0, tb));
	ASSERT_EQ(0, path0_attrs(tb, pt));
	EXPECT_EQ(1, attr_uint(pt[TQUIC_PATH_A_BACKUP]));
	EXPECT_EQ(42, attr_uint(pt[TQUIC_PATH_A_WEIGHT]));
	EXPECT_EQ(TQUIC_PATH_STANDBY, attr_uint(pt[TQUIC_PATH_A_STATE]));
	ASSERT_EQ(0, path_cmd(self, TQUIC_CMD_PATH_SET, 0, 0, -1));
	ASSERT_EQ(0, conn_get(&self->g, self->id, self->cid));
	ASSERT_EQ(0, reply_attrs(0, tb));
	ASSERT_EQ(0, path0_attrs(tb, pt));
	EXPECT_EQ(0, attr_uint(pt[TQUIC_PATH_A_BACKUP]));
	EXPECT_EQ(42, attr_uint(pt[TQUIC_PATH_A_WEIGHT]));
	EXPECT_EQ(TQUIC_PATH_ACTIVE, attr_uint(pt[TQUIC_PATH_A_STATE]));

	self->cid = 0xfffffff0;
	EXPECT_EQ(-ENOENT, path_cmd(self, TQUIC_CMD_PATH_DEL, 0, -1, -1));
	EXPECT_STREQ("no such connection", rep.extack);
}

/* An unprivileged user gets EPERM from every admin command. */
static int admin_unprivileged(void *arg, int n)
{
	struct _test_data_cn *self = arg;
	static const uint8_t cmds[] = {
		TQUIC_CMD_CONN_SET, TQUIC_CMD_PATH_ADD, TQUIC_CMD_PATH_DEL,
		TQUIC_CMD_PATH_SET, TQUIC_CMD_ENDPOINT_ADD,
		TQUIC_CMD_ENDPOINT_DEL,
	};
	unsigned int i;

	(void)n;
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 100;
	genl_close(&self->g);
	if (genl_open(&self->g))
		return 101;
	if (conn_get(&self->g, self->id, self->cid))
		return 102;	/* reading stays allowed */
	req_init(self->id, TQUIC_CMD_ENDPOINT_GET, NLM_F_DUMP);
	if (req_call(&self->g))
		return 103;
	for (i = 0; i < sizeof(cmds); i++) {
		req_init(self->id, cmds[i], 0);
		genl_put_u32(&req, TQUIC_A_CONN_ID, self->cid);
		genl_put_u32(&req, TQUIC_A_PATH_ID, 0);
		genl_put_u32(&req, TQUIC_A_ENDPOINT_ID, 1);
		genl_put_u32(&req, TQUIC_A_WEIGHT, 3);
		genl_put_str(&req, TQUIC_A_CONN_CC, "newreno");
		put_addr(TQUIC_A_LOCAL, &self->caddr, 0);
		put_addr(TQUIC_A_PEER, &self->laddr, 0);
		if (req_call(&self->g) != -EPERM)
			return 110 + i;
	}
	return 0;
}

TEST_F(cn, admin_needs_cap_net_admin)
{
	EXPECT_EQ(0, in_child(admin_unprivileged, self, 0));
}

/* Connection established and closed, path validated, on "events". */
TEST_F(cn, events)
{
	int est = 0, closed = 0, validated = 0, grp, fd, sfd, i;
	struct nlattr *tb[TQUIC_A_MAX + 1];
	struct genl_sock ev;
	char buf[8192];
	struct nlmsghdr *nlh;
	ssize_t n;

	ASSERT_EQ(0, genl_open(&ev));
	grp = genl_mcast_group(&ev, TQUIC_GENL_NAME, TQUIC_GENL_MCGRP_EVENTS);
	ASSERT_LT(0, grp);
	ASSERT_EQ(0, setsockopt(ev.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&grp, sizeof(grp)));
	fd = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);
	ASSERT_LE(0, fd);
	quic_timeouts(fd, WAIT_MS);
	sfd = quic_connect_pair(self->lfd, fd, (struct sockaddr *)&self->laddr,
				self->laddrlen, WAIT_MS);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, quic_close_now(fd, 1, 42, "bye"));
	close(fd);
	close(sfd);
	quic_timeouts(ev.fd, 2000);
	for (i = 0; i < 20 && (est < 2 || closed < 2 || validated < 2); i++) {
		n = recv(ev.fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			ASSERT_EQ(self->id, nlh->nlmsg_type);
			ASSERT_EQ(0, genl_msg_attrs(nlh, tb, TQUIC_A_MAX));
			ASSERT_NE(NULL, tb[TQUIC_A_EVENT]);
			ASSERT_NE(NULL, tb[TQUIC_A_CONN_ID]);
			EXPECT_NE(NULL, tb[TQUIC_A_LOCAL]);
			EXPECT_NE(NULL, tb[TQUIC_A_PEER]);
			switch (attr_uint(tb[TQUIC_A_EVENT])) {
			case TQUIC_NL_EVENT_CONN_ESTABLISHED:
				est++;
				break;
			case TQUIC_NL_EVENT_PATH_VALIDATED:
				EXPECT_EQ(0, attr_uint(tb[TQUIC_A_PATH_ID]));
				validated++;
				break;
			case TQUIC_NL_EVENT_CONN_CLOSED:
				ASSERT_NE(NULL, tb[TQUIC_A_CONN_ERROR]);
				EXPECT_EQ(1,
					  attr_uint(tb[TQUIC_A_CONN_ERROR_APP]));
				/* The server's may be its own close. */
				if (attr_uint(tb[TQUIC_A_CONN_ROLE]) ==
				    TQUIC_ROLE_CLIENT)
					EXPECT_EQ(42, attr_uint(tb[TQUIC_A_CONN_ERROR]));
				closed++;
				break;
			}
		}
	}
	EXPECT_EQ(2, est);
	EXPECT_EQ(2, validated);
	EXPECT_EQ(2, closed);
	genl_close(&ev);
}

static int endpoint_add(struct genl_sock *g, uint16_t fam, int family,
			int n, int ifindex, int backup)
{
	struct sockaddr_storage ss = { .ss_family = family };

	if (family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_addr.s_addr =
			htonl(0x0a000001 + n);
	else if (family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_addr.s6_addr[15] = n;
	req_init(fam, TQUIC_CMD_ENDPOINT_ADD, 0);
	put_addr(TQUIC_A_LOCAL, &ss, ifindex);
	if (backup >= 0)
		genl_put_u8(&req, TQUIC_A_BACKUP, backup);
	return req_call(g);
}

TEST_F(cn, endpoints)
{
	struct nlattr *tb[TQUIC_A_MAX + 1];
	uint32_t first = 0;
	int i;

	for (i = 0; i < TQUIC_ENDPOINTS_MAX; i++) {
		ASSERT_EQ(0, endpoint_add(&self->g, self->id, self->family, i,
					  1, i & 1));
		ASSERT_EQ(1, rep.nmsgs);
		ASSERT_EQ(0, reply_attrs(0, tb));
		ASSERT_NE(NULL, tb[TQUIC_A_ENDPOINT_ID]);
		if (!i)
			first = attr_uint(tb[TQUIC_A_ENDPOINT_ID]);
	}
	EXPECT_EQ(-E2BIG, endpoint_add(&self->g, self->id, self->family, 99,
				       1, -1));
	EXPECT_STREQ("too many endpoints", rep.extack);
	EXPECT_EQ(-EEXIST, endpoint_add(&self->g, self->id, self->family, 0,
					1, -1));
	EXPECT_STREQ("endpoint exists", rep.extack);
	EXPECT_EQ(-EAFNOSUPPORT, endpoint_add(&self->g, self->id, AF_UNIX, 0,
					      0, -1));
	EXPECT_EQ(-ENODEV, endpoint_add(&self->g, self->id, self->family, 50,
					9999, -1));
	EXPECT_EQ(-ERANGE, endpoint_add(&self->g, self->id, self->family, 50,
					0, 7));
	EXPECT_NE(0, rep.extack[0]);

	req_init(self->id, TQUIC_CMD_ENDPOINT_GET, NLM_F_DUMP);
	ASSERT_EQ(0, req_call(&self->g));
	EXPECT_EQ(TQUIC_ENDPOINTS_MAX, rep.nmsgs);
	ASSERT_EQ(0, reply_attrs(1, tb));
	EXPECT_EQ(first + 1, attr_uint(tb[TQUIC_A_ENDPOINT_ID]));
	EXPECT_EQ(1, attr_uint(tb[TQUIC_A_BACKUP]));
	EXPECT_NE(NULL, tb[TQUIC_A_LOCAL]);

	req_init(self->id, TQUIC_CMD_ENDPOINT_DEL, 0);
	genl_put_u32(&req, TQUIC_A_ENDPOINT_ID, first);
	ASSERT_EQ(0, req_call(&self->g));
	req_init(self->id, TQUIC_CMD_ENDPOINT_DEL, 0);
	genl_put_u32(&req, TQUIC_A_ENDPOINT_ID, first);
	EXPECT_EQ(-ENOENT, req_call(&self->g));
	EXPECT_STREQ("no such endpoint", rep.extack);
	/* Room again */
	EXPECT_EQ(0, endpoint_add(&self->g, self->id, self->family, 99, 0,
				  -1));
	req_init(self->id, TQUIC_CMD_ENDPOINT_GET, NLM_F_DUMP);
	ASSERT_EQ(0, req_call(&self->g));
	EXPECT_EQ(TQUIC_ENDPOINTS_MAX, rep.nmsgs);
}

TEST_HARNESS_MAIN
