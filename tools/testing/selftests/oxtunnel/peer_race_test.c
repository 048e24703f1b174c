// SPDX-License-Identifier: GPL-2.0
/*
 * Peer removal racing handshakes, driven straight over generic netlink
 * (hundreds of rounds, no process per change).  Each round ox0 gets
 * peers that never answer, with a 1 s persistent keepalive, so each
 * starts a handshake as soon as it is added; right after, while those
 * INITs are built, ox0's private key changes to one of theirs (DEV_SET
 * removes that peer while the handshake workers wait for the identity
 * lock), changes back, and the other peers are deleted.  The handshake
 * worker of a removed peer used to index its handshake again, and the
 * entry outlived the peer (use after free).  Bounded: 20 s, 2000 rounds.
 * Then: only the real peer is left, a new handshake between ox0 and ox1
 * (over 127.0.0.1) completes on both ends, and the kernel log has no
 * KASAN, BUG or WARNING.  Without KASAN the use after free seldom shows
 * by itself; the KUnit suite oxtunnel_peer checks the ordering.
 */
#include <arpa/inet.h>
#include <linux/oxtunnel.h>
#include <linux/types.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "genl.h"
#include "kselftest_harness.h"

#define NFAKE		8
#define ROUNDS_MAX	2000
#define RACE_SECONDS	20
#define PORT0		40100
#define PORT1		40101
/* What the kernel log must not show after the race. */
#define KLOG_BAD	"KASAN|BUG:|WARNING:|Oops|general protection|" \
			"list_(add|del) corruption|refcount_t:"

static struct genl_reply rep;
static struct genl_req req;

static __u64 now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void dev_req(__u16 id, __u8 cmd, const char *dev)
{
	genl_req_init(&req, id, cmd, OXT_GENL_VERSION, 0);
	genl_put_str(&req, OXT_A_IFNAME, dev);
}

static int set_key(struct genl_sock *g, __u16 id, const char *dev,
		   const __u8 priv[OXT_KEY_LEN])
{
	dev_req(id, OXT_CMD_DEV_SET, dev);
	genl_put(&req, OXT_A_PRIVATE_KEY, priv, OXT_KEY_LEN);
	return genl_call(g, &req, &rep);
}

/* A fresh key pair: the public half from the kernel, through ox9. */
static int keygen(struct genl_sock *g, __u16 id, __u8 priv[OXT_KEY_LEN],
		  __u8 pub[OXT_KEY_LEN])
{
	struct nlattr *tb[OXT_A_MAX + 1];

	if (getrandom(priv, OXT_KEY_LEN, 0) != OXT_KEY_LEN ||
	    set_key(g, id, "ox9", priv))
		return -1;
	dev_req(id, OXT_CMD_DEV_GET, "ox9");
	if (genl_call(g, &req, &rep) || rep.nmsgs != 1 ||
	    genl_msg_attrs(genl_reply_msg(&rep, 0), tb, OXT_A_MAX) ||
	    !tb[OXT_A_PUBLIC_KEY])
		return -1;
	memcpy(pub, genl_attr_data(tb[OXT_A_PUBLIC_KEY]), OXT_KEY_LEN);
	return 0;
}

static int peer_add(struct genl_sock *g, __u16 id, const char *dev,
		    const __u8 pub[OXT_KEY_LEN], __u16 port,
		    __u16 keepalive)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	dev_req(id, OXT_CMD_PEER_ADD, dev);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, pub, OXT_KEY_LEN);
	genl_put(&req, OXT_A_PEER_ENDPOINT, &sin, sizeof(sin));
	if (keepalive)
		genl_put_u16(&req, OXT_A_PEER_KEEPALIVE, keepalive);
	return genl_call(g, &req, &rep);
}

static int peer_del(struct genl_sock *g, __u16 id, const char *dev,
		    const __u8 pub[OXT_KEY_LEN])
{
	dev_req(id, OXT_CMD_PEER_DEL, dev);
	genl_put(&req, OXT_A_PEER_PUBLIC_KEY, pub, OXT_KEY_LEN);
	return genl_call(g, &req, &rep);
}

/* The peers of @dev: how many, and the last handshake of the first. */
static int peers(struct genl_sock *g, __u16 id, const char *dev,
		 __u64 *last_hs)
{
	struct nlattr *tb[OXT_A_MAX + 1];

	genl_req_init(&req, id, OXT_CMD_PEER_GET, OXT_GENL_VERSION,
		      NLM_F_DUMP);
	genl_put_str(&req, OXT_A_IFNAME, dev);
	if (genl_call(g, &req, &rep))
		return -1;
	*last_hs = 0;
	if (rep.nmsgs &&
	    !genl_msg_attrs(genl_reply_msg(&rep, 0), tb, OXT_A_MAX) &&
	    tb[OXT_A_PEER_LAST_HANDSHAKE])
		memcpy(last_hs, genl_attr_data(tb[OXT_A_PEER_LAST_HANDSHAKE]),
		       sizeof(*last_hs));
	return rep.nmsgs;
}

static int klog_lines(void)
{
	FILE *f = popen("dmesg | wc -l", "r");
	int n = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	pclose(f);
	return n;
}

TEST(peer_del_races_handshake)
{
	__u8 priv_a[OXT_KEY_LEN], pub_a[OXT_KEY_LEN];
	__u8 priv_b[OXT_KEY_LEN], pub_b[OXT_KEY_LEN];
	__u8 fpriv[NFAKE][OXT_KEY_LEN], fpub[NFAKE][OXT_KEY_LEN];
	__u64 end, t, hs0, hs1;
	int rounds, i, j, klog, err, bad = 0;
	struct genl_sock g;
	char cmd[256];
	__u16 id;

	klog = klog_lines();
	ASSERT_LE(0, klog);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	for (i = 0; i < 3; i++) {
		snprintf(cmd, sizeof(cmd), "ip link add ox%d type oxtunnel",
			 i == 2 ? 9 : i);
		ASSERT_EQ(0, system(cmd));
	}
	ASSERT_EQ(0, genl_open(&g));
	ASSERT_EQ(0, genl_family(&g, OXT_GENL_NAME, &id, NULL));
	ASSERT_EQ(0, keygen(&g, id, priv_a, pub_a));
	ASSERT_EQ(0, keygen(&g, id, priv_b, pub_b));
	for (i = 0; i < NFAKE; i++)
		ASSERT_EQ(0, keygen(&g, id, fpriv[i], fpub[i]));

	dev_req(id, OXT_CMD_DEV_SET, "ox0");
	genl_put_u16(&req, OXT_A_LISTEN_PORT, PORT0);
	genl_put(&req, OXT_A_PRIVATE_KEY, priv_a, OXT_KEY_LEN);
	ASSERT_EQ(0, genl_call(&g, &req, &rep));
	dev_req(id, OXT_CMD_DEV_SET, "ox1");
	genl_put_u16(&req, OXT_A_LISTEN_PORT, PORT1);
	genl_put(&req, OXT_A_PRIVATE_KEY, priv_b, OXT_KEY_LEN);
	ASSERT_EQ(0, genl_call(&g, &req, &rep));
	ASSERT_EQ(0, peer_add(&g, id, "ox0", pub_b, PORT1, 1));
	ASSERT_EQ(0, peer_add(&g, id, "ox1", pub_a, PORT0, 0));
	ASSERT_EQ(0, system("ip link set ox0 up && ip link set ox1 up"));

	end = now_ns(CLOCK_MONOTONIC) + RACE_SECONDS * 1000000000ULL;
	for (rounds = 0; rounds < ROUNDS_MAX &&
	     now_ns(CLOCK_MONOTONIC) < end; rounds++) {
		j = rounds % NFAKE;
		/* Closed ports: every INIT goes unanswered. */
		for (i = 0; i < NFAKE; i++)
			bad += !!peer_add(&g, id, "ox0", fpub[i],
					  PORT1 + 1 + i, 1);
		/* Removes peer j, as handshakes are being built. */
		bad += !!set_key(&g, id, "ox0", fpriv[j]);
		bad += !!set_key(&g, id, "ox0", priv_a);
		for (i = 0; i < NFAKE; i++) {
			if (i == j)
				continue;
			err = peer_del(&g, id, "ox0", fpub[i]);
			/* Every other round: after their retries began. */
			if (!err && (rounds & 1))
				usleep(1000);
			bad += !!err;
		}
	}
	TH_LOG("%d rounds", rounds);
	EXPECT_LT(0, rounds);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(1, peers(&g, id, "ox0", &hs0));
	/* Sessions ended with the last key change: a new handshake (the
	 * keepalive starts it) must complete on both ends.
	 */
	t = now_ns(CLOCK_REALTIME);
	ASSERT_EQ(0, set_key(&g, id, "ox0", priv_a));
	end = now_ns(CLOCK_MONOTONIC) + 15 * 1000000000ULL;
	do {
		usleep(100000);
		ASSERT_EQ(1, peers(&g, id, "ox0", &hs0));
		ASSERT_EQ(1, peers(&g, id, "ox1", &hs1));
	} while ((hs0 < t || hs1 < t) && now_ns(CLOCK_MONOTONIC) < end);
	EXPECT_LE(t, hs0);
	EXPECT_LE(t, hs1);
	/* Device deletion walks every peer and keypair once more. */
	EXPECT_EQ(0, system("ip link del ox0 && ip link del ox1"));
	genl_close(&g);

	snprintf(cmd, sizeof(cmd), "dmesg | tail -n +%d | grep -E '%s'",
		 klog + 1, KLOG_BAD);
	EXPECT_NE(0, system(cmd));
}

TEST_HARNESS_MAIN
