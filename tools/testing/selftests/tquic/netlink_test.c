// SPDX-License-Identifier: GPL-2.0
/*
 * The "tquic" generic netlink family: INFO_GET and STATS_GET for anyone,
 * STATS_RESET only with CAP_NET_ADMIN over the netns (EPERM otherwise,
 * also from a user namespace that does not own the netns), strict
 * attribute checking with extack messages, unknown commands refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/tquic.h>
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

TEST_F(tq, reset_needs_cap_net_admin)
{
	int status;
	pid_t pid;

	/* An unprivileged user in this netns. */
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(reset_unprivileged(self->id, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(EPERM, WEXITSTATUS(status));

	/* Root of a new user namespace that does not own this netns. */
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(reset_unprivileged(self->id, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(EPERM, WEXITSTATUS(status));
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

TEST_HARNESS_MAIN
