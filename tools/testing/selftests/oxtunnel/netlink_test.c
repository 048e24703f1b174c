// SPDX-License-Identifier: GPL-2.0
/*
 * The "oxtunnel" generic netlink family: device get and dump (this netns
 * only), and every refusal - missing or wrong device, attributes of the
 * wrong type or size, unknown peers, bad keys, endpoints and prefixes -
 * with the right errno and an extack message; EPERM without
 * CAP_NET_ADMIN.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/oxtunnel.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "genl.h"
#include "kselftest_harness.h"

static struct genl_reply rep;
static struct genl_req req;

FIXTURE(ox) {
	struct genl_sock g;
	uint16_t id;
	int ifindex;
};

FIXTURE_SETUP(ox)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link add ox0 type oxtunnel"));
	self->ifindex = if_nametoindex("ox0");
	ASSERT_NE(0, self->ifindex);
	ASSERT_EQ(0, genl_open(&self->g));
	ASSERT_EQ(0, genl_family(&self->g, OXT_GENL_NAME, &self->id, NULL));
}

FIXTURE_TEARDOWN(ox)
{
	genl_close(&self->g);
}

static void start(struct __test_metadata *_metadata, uint16_t id,
		  uint8_t cmd, uint16_t flags)
{
	(void)_metadata;
	genl_req_init(&req, id, cmd, OXT_GENL_VERSION, flags);
}

#define EXPECT_ERR(err, msg) do {					\
	EXPECT_EQ(err, genl_call(&self->g, &req, &rep));		\
	EXPECT_STREQ(msg, rep.extack);					\
} while (0)

TEST_F(ox, get_by_index_and_name)
{
	struct nlattr *tb[OXT_A_MAX + 1];

	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	genl_put_u32(&req, OXT_A_IFINDEX, self->ifindex);
	ASSERT_EQ(0, genl_call(&self->g, &req, &rep));
	ASSERT_EQ(1, rep.nmsgs);
	ASSERT_EQ(0, genl_msg_attrs(genl_reply_msg(&rep, 0), tb, OXT_A_MAX));
	EXPECT_STREQ("ox0", (char *)genl_attr_data(tb[OXT_A_IFNAME]));
	EXPECT_EQ(1423, *(uint32_t *)genl_attr_data(tb[OXT_A_MTU]));
	EXPECT_EQ(OXT_DEFAULT_PORT,
		  *(uint16_t *)genl_attr_data(tb[OXT_A_LISTEN_PORT]));
	EXPECT_EQ(1, *(uint8_t *)genl_attr_data(tb[OXT_A_ENCRYPTION]));
	EXPECT_EQ(0, *(uint8_t *)genl_attr_data(tb[OXT_A_UP]));
	EXPECT_EQ(0, *(uint32_t *)genl_attr_data(tb[OXT_A_PEER_COUNT]));
	/* No private key yet: no public key either. */
	EXPECT_EQ(NULL, tb[OXT_A_PUBLIC_KEY]);
	EXPECT_EQ(NULL, tb[OXT_A_PRIVATE_KEY]);
	EXPECT_NE(NULL, tb[OXT_A_STATS]);

	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	genl_put_str(&req, OXT_A_IFNAME, "ox0");
	ASSERT_EQ(0, genl_call(&self->g, &req, &rep));
	ASSERT_EQ(0, genl_msg_attrs(genl_reply_msg(&rep, 0), tb, OXT_A_MAX));
	EXPECT_EQ(self->ifindex,
		  (int)*(uint32_t *)genl_attr_data(tb[OXT_A_IFINDEX]));
}

TEST_F(ox, get_errors)
{
	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	EXPECT_ERR(-EINVAL, "device ifindex or name required");
	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	genl_put_u32(&req, OXT_A_IFINDEX, 9999);
	EXPECT_ERR(-ENODEV, "device not found");
	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	genl_put_str(&req, OXT_A_IFNAME, "lo");
	EXPECT_ERR(-EINVAL, "device is not an oxtunnel device");
	/* ifindex as a u8: wrong length. */
	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	genl_put_u8(&req, OXT_A_IFINDEX, 1);
	EXPECT_EQ(-EINVAL, genl_call(&self->g, &req, &rep));
	EXPECT_NE(0, rep.extack[0]);
	/* A name longer than IFNAMSIZ. */
	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	genl_put_str(&req, OXT_A_IFNAME, "a-name-longer-than-ifnamsiz");
	EXPECT_EQ(-EINVAL, genl_call(&self->g, &req, &rep));
	/* A reply-only attribute. */
	start(_metadata, self->id, OXT_CMD_DEV_GET, 0);
	genl_put_str(&req, OXT_A_IFNAME, "ox0");
	genl_put_u32(&req, OXT_A_MTU, 1000);
	EXPECT_EQ(-EINVAL, genl_call(&self->g, &req, &rep));
	/* Unknown command. */
	start(_metadata, self->id, 99, 0);
	EXPECT_EQ(-EOPNOTSUPP, genl_call(&self->g, &req, &rep));
}

TEST_F(ox, dump_this_netns_only)
{
	int status, i;
	pid_t pid;

	ASSERT_EQ(0, system("ip link add ox1 type oxtunnel && "
			    "ip link add ox2 type oxtunnel && "
			    "ip link add dummy0 type dummy 2>/dev/null; true"));
	start(_metadata, self->id, OXT_CMD_DEV_GET, NLM_F_DUMP);
	ASSERT_EQ(0, genl_call(&self->g, &req, &rep));
	EXPECT_EQ(3, rep.nmsgs);
	/* Another netns sees only its own. */
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct genl_sock g;

		if (unshare(CLONE_NEWNET) || genl_open(&g))
			_exit(100);
		genl_req_init(&req, self->id, OXT_CMD_DEV_GET,
			      OXT_GENL_VERSION, NLM_F_DUMP);
		if (genl_call(&g, &req, &rep))
			_exit(101);
		_exit(rep.nmsgs);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	for (i = 0; i < 3; i++)
		EXPECT_NE(NULL, genl_reply_msg(&rep, i));
}

static const uint8_t key1[OXT_KEY_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static void peer_req(struct genl_req *r, uint16_t id, uint8_t cmd)
{
	genl_req_init(r, id, cmd, OXT_GENL_VERSION, 0);
	genl_put_str(r, OXT_A_IFNAME, "ox0");
}

TEST_F(ox, peer_errors)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(1) };
	struct sockaddr_in bad = { .sin_family = AF_INET6,
				   .sin_port = htons(1) };
	uint8_t zero[OXT_KEY_LEN] = {}, addr[4] = { 10, 0, 0, 0 };
	struct nlattr *list, *one;

	/* Key of the wrong size. */
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, 31);
	EXPECT_ERR(-EINVAL, "key must be 32 bytes");
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, 33);
	EXPECT_ERR(-EINVAL, "key must be 32 bytes");
	/* No key. */
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	EXPECT_ERR(-EINVAL, "peer public key required");
	/* Low-order key. */
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, zero, OXT_KEY_LEN);
	EXPECT_ERR(-EINVAL, "invalid public key");
	/* Unknown peer. */
	peer_req(&req, self->id, OXT_CMD_PEER_SET);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
	EXPECT_ERR(-ENOENT, "unknown peer");
	peer_req(&req, self->id, OXT_CMD_PEER_DEL);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
	EXPECT_ERR(-ENOENT, "unknown peer");
	/* Endpoint: sockaddr_in size with the AF_INET6 family; port 0. */
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
	genl_put(&req, OXT_A_PEER_ENDPOINT, &bad, sizeof(bad));
	EXPECT_ERR(-EINVAL, "endpoint must be a sockaddr_in or sockaddr_in6");
	sin.sin_port = 0;
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
	genl_put(&req, OXT_A_PEER_ENDPOINT, &sin, sizeof(sin));
	EXPECT_ERR(-EINVAL, "endpoint port must not be 0");
	/* Allowed IP: IPv4 with a /33 prefix. */
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
	list = genl_nest_start(&req, OXT_A_PEER_ALLOWED_IPS);
	one = genl_nest_start(&req, OXT_A_ALLOWED_IP);
	genl_put_u16(&req, OXT_A_AIP_FAMILY, AF_INET);
	genl_put(&req, OXT_A_AIP_ADDR, addr, 4);
	genl_put_u8(&req, OXT_A_AIP_CIDR, 33);
	genl_nest_end(&req, one);
	genl_nest_end(&req, list);
	EXPECT_ERR(-EINVAL,
		   "bad allowed IP (family, address length or prefix length)");
	/* Nothing above created a peer. */
	genl_req_init(&req, self->id, OXT_CMD_DEV_GET, OXT_GENL_VERSION, 0);
	genl_put_str(&req, OXT_A_IFNAME, "ox0");
	ASSERT_EQ(0, genl_call(&self->g, &req, &rep));
	{
		struct nlattr *tb[OXT_A_MAX + 1];

		genl_msg_attrs(genl_reply_msg(&rep, 0), tb, OXT_A_MAX);
		EXPECT_EQ(0, *(uint32_t *)genl_attr_data(tb[OXT_A_PEER_COUNT]));
	}
	/* Good add, then a duplicate. */
	sin.sin_port = htons(51820);
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
	genl_put(&req, OXT_A_PEER_ENDPOINT, &sin, sizeof(sin));
	EXPECT_EQ(0, genl_call(&self->g, &req, &rep));
	peer_req(&req, self->id, OXT_CMD_PEER_ADD);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
	EXPECT_ERR(-EEXIST, "peer already exists");
	/* Peer dump needs a device. */
	genl_req_init(&req, self->id, OXT_CMD_PEER_GET, OXT_GENL_VERSION,
		      NLM_F_DUMP);
	EXPECT_EQ(-EINVAL, genl_call(&self->g, &req, &rep));
	peer_req(&req, self->id, OXT_CMD_PEER_GET);
	req.nlh.nlmsg_flags |= NLM_F_DUMP;
	EXPECT_EQ(0, genl_call(&self->g, &req, &rep));
	EXPECT_EQ(1, rep.nmsgs);
}

TEST_F(ox, dev_set_errors)
{
	peer_req(&req, self->id, OXT_CMD_DEV_SET);
	genl_put(&req, OXT_A_PRIVATE_KEY, key1, 16);
	EXPECT_ERR(-EINVAL, "key must be 32 bytes");
	/* Range violations are refused by the policy with ERANGE. */
	peer_req(&req, self->id, OXT_CMD_DEV_SET);
	genl_put_u16(&req, OXT_A_LISTEN_PORT, 0);
	EXPECT_EQ(-ERANGE, genl_call(&self->g, &req, &rep));
	EXPECT_NE(0, rep.extack[0]);
	peer_req(&req, self->id, OXT_CMD_DEV_SET);
	genl_put_u8(&req, OXT_A_ENCRYPTION, 2);
	EXPECT_NE(0, genl_call(&self->g, &req, &rep));
	peer_req(&req, self->id, OXT_CMD_DEV_SET);
	genl_put_u64(&req, OXT_A_REKEY_MESSAGES, 10);
	EXPECT_ERR(-EINVAL, "rekey messages out of range (1024..2^31)");
	/* Port taken by another device in this netns. */
	ASSERT_EQ(0, system("ip link add ox9 type oxtunnel"));
	genl_req_init(&req, self->id, OXT_CMD_DEV_SET, OXT_GENL_VERSION, 0);
	genl_put_str(&req, OXT_A_IFNAME, "ox9");
	genl_put_u16(&req, OXT_A_LISTEN_PORT, OXT_DEFAULT_PORT);
	EXPECT_ERR(-EADDRINUSE, "cannot bind the listen port");
	/* A good change. */
	peer_req(&req, self->id, OXT_CMD_DEV_SET);
	genl_put_u16(&req, OXT_A_LISTEN_PORT, 40000);
	genl_put(&req, OXT_A_PRIVATE_KEY, key1, OXT_KEY_LEN);
	EXPECT_EQ(0, genl_call(&self->g, &req, &rep));
}

TEST_F(ox, unprivileged_eperm)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct genl_sock g;
		int err;

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534) || genl_open(&g))
			_exit(100);
		/* Reading is allowed... */
		genl_req_init(&req, self->id, OXT_CMD_DEV_GET,
			      OXT_GENL_VERSION, 0);
		genl_put_str(&req, OXT_A_IFNAME, "ox0");
		if (genl_call(&g, &req, &rep))
			_exit(101);
		/* ...changing is not. */
		peer_req(&req, self->id, OXT_CMD_DEV_SET);
		genl_put_u8(&req, OXT_A_ENCRYPTION, 0);
		err = genl_call(&g, &req, &rep);
		if (err != -EPERM)
			_exit(102);
		peer_req(&req, self->id, OXT_CMD_PEER_ADD);
		genl_put(&req, OXT_A_PEER_PUBLIC_KEY, key1, OXT_KEY_LEN);
		_exit(-genl_call(&g, &req, &rep));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(EPERM, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
