// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of oxtunnel's pure logic: encapsulation overhead and MTU,
 * and the device a fresh "oxtunnel" link starts as; and of a peer's life
 * on a device that is initialized but not registered (no socket, so
 * nothing goes on the wire): its handshake index entry across removal,
 * and the timers a completed handshake arms.
 */
#include <crypto/curve25519.h>
#include <kunit/test.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>

#include "oxtunnel.h"

static void oxt_mtu_math(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, oxt_overhead(false, true), 57U);
	KUNIT_EXPECT_EQ(test, oxt_overhead(true, true), 77U);
	KUNIT_EXPECT_EQ(test, oxt_overhead(true, false), 61U);
	KUNIT_EXPECT_EQ(test, oxt_mtu_for_link(1500, true, true), 1423U);
	KUNIT_EXPECT_EQ(test, oxt_mtu_for_link(1500, false, true), 1443U);
	KUNIT_EXPECT_EQ(test, oxt_mtu_for_link(1500, false, false), 1459U);
	KUNIT_EXPECT_EQ(test, oxt_mtu_for_link(9000, true, true), 8923U);
	/* A link too small for the overhead still gets the IPv4 minimum. */
	KUNIT_EXPECT_EQ(test, oxt_mtu_for_link(100, true, true), 68U);
	KUNIT_EXPECT_EQ(test, oxt_mtu_for_link(77 + 68, true, true), 68U);
	KUNIT_EXPECT_EQ(test, oxt_mtu_for_link(0, false, false), 68U);
	KUNIT_EXPECT_EQ(test, (unsigned int)OXT_MAX_MTU, 65535U - 57U);
}

static void oxt_device_defaults(struct kunit *test)
{
	struct net_device *dev;
	struct oxt_dev *oxt;

	dev = alloc_netdev(sizeof(struct oxt_dev), "oxk%d", NET_NAME_UNKNOWN,
			   oxt_setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	oxt = netdev_priv(dev);

	KUNIT_EXPECT_TRUE(test, oxt_is_oxtunnel(dev));
	KUNIT_EXPECT_EQ(test, dev->type, (unsigned short)ARPHRD_NONE);
	KUNIT_EXPECT_EQ(test, dev->flags, (unsigned int)(IFF_POINTOPOINT |
							  IFF_NOARP));
	KUNIT_EXPECT_EQ(test, dev->mtu, 1423U);
	KUNIT_EXPECT_EQ(test, dev->min_mtu, 68U);
	KUNIT_EXPECT_EQ(test, dev->max_mtu, 65535U - 57U);
	KUNIT_EXPECT_EQ(test, dev->addr_len, (unsigned char)0);
	KUNIT_EXPECT_EQ(test, oxt->listen_port, (u16)OXT_DEFAULT_PORT);
	KUNIT_EXPECT_TRUE(test, oxt->encryption);
	KUNIT_EXPECT_PTR_EQ(test, oxt->dev, dev);
	free_netdev(dev);
}

static struct kunit_case oxt_device_cases[] = {
	KUNIT_CASE(oxt_mtu_math),
	KUNIT_CASE(oxt_device_defaults),
	{}
};

static struct kunit_suite oxt_device_suite = {
	.name = "oxtunnel_device",
	.test_cases = oxt_device_cases,
};

/* A device with an identity and one peer, set up as ndo_init does. */
struct oxt_peer_fixture {
	struct net_device *dev;
	struct oxt_dev *oxt;
	struct oxt_peer *peer;
};

static int oxt_peer_test_init(struct kunit *test)
{
	static const u8 priv_a[OXT_KEY_LEN] = { 0x41, 1, 2, 3 };
	static const u8 priv_b[OXT_KEY_LEN] = { 0x42, 4, 5, 6 };
	struct oxt_peer_fixture *f;
	u8 pub_b[OXT_KEY_LEN], p[OXT_KEY_LEN];

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	f->dev = alloc_netdev(sizeof(struct oxt_dev), "oxk%d",
			      NET_NAME_UNKNOWN, oxt_setup);
	KUNIT_ASSERT_NOT_NULL(test, f->dev);
	KUNIT_ASSERT_EQ(test, f->dev->netdev_ops->ndo_init(f->dev), 0);
	f->oxt = netdev_priv(f->dev);
	KUNIT_ASSERT_EQ(test, oxt_identity_set(&f->oxt->id, priv_a), 0);
	memcpy(p, priv_b, OXT_KEY_LEN);
	curve25519_clamp_secret(p);
	KUNIT_ASSERT_TRUE(test, curve25519_generate_public(pub_b, p));
	mutex_lock(&f->oxt->conf_lock);
	f->peer = oxt_peer_create(f->oxt, pub_b);
	mutex_unlock(&f->oxt->conf_lock);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f->peer));
	return 0;
}

static void oxt_peer_test_exit(struct kunit *test)
{
	struct oxt_peer_fixture *f = test->priv;

	if (!f || !f->dev)
		return;
	if (f->oxt)
		f->dev->netdev_ops->ndo_uninit(f->dev);
	free_netdev(f->dev);
}

/* Entries of the index table that belong to @peer (keypairs included). */
static unsigned int oxt_index_count(struct oxt_dev *oxt,
				    struct oxt_peer *peer)
{
	struct oxt_index_entry *e;
	unsigned int i, n = 0;

	spin_lock_bh(&oxt->index_lock);
	for (i = 0; i < ARRAY_SIZE(oxt->index); i++)
		hlist_for_each_entry(e, &oxt->index[i], node)
			if (e->peer == peer)
				n++;
	spin_unlock_bh(&oxt->index_lock);
	return n;
}

/* The handshake worker checks peer->dead without a lock, then builds the
 * INIT: when oxt_peer_remove() marks the peer dead and unindexes it in
 * between, the INIT must not put the entry back (it would stay in the
 * table after the peer is freed).
 */
static void oxt_peer_dead_no_hs_index(struct kunit *test)
{
	struct oxt_peer_fixture *f = test->priv;
	struct oxt_peer *peer = f->peer;

	oxt_hs_send_init(peer);
	KUNIT_EXPECT_EQ(test, peer->hs_state, OXT_HS_INIT_SENT);
	KUNIT_EXPECT_FALSE(test, hlist_unhashed(&peer->hs_entry.node));
	KUNIT_EXPECT_EQ(test, oxt_index_count(f->oxt, peer), 1U);

	oxt_peer_mark_dead(peer);
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&peer->hs_entry.node));
	/* The worker that passed its check before the peer died. */
	oxt_hs_send_init(peer);
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&peer->hs_entry.node));
	KUNIT_EXPECT_EQ(test, peer->hs_state, OXT_HS_NONE);
	KUNIT_EXPECT_EQ(test, oxt_index_count(f->oxt, peer), 0U);

	mutex_lock(&f->oxt->conf_lock);
	oxt_peer_remove(peer);
	mutex_unlock(&f->oxt->conf_lock);
	KUNIT_EXPECT_EQ(test, oxt_index_count(f->oxt, peer), 0U);
}

/* A removed peer keeps no entry in the index (handshake or keypair),
 * and a keypair that a handshake finishes after the removal is dropped,
 * not installed.
 */
static void oxt_peer_remove_unindexes(struct kunit *test)
{
	struct oxt_peer_fixture *f = test->priv;
	struct oxt_peer *peer = f->peer;
	struct oxt_handshake hs = {};
	struct oxt_keypair *kp;

	oxt_hs_send_init(peer);
	kp = oxt_keypair_create(peer, &hs, false);
	KUNIT_ASSERT_NOT_NULL(test, kp);
	oxt_keys_install(peer, kp);
	KUNIT_EXPECT_EQ(test, oxt_index_count(f->oxt, peer), 2U);

	oxt_peer_get(peer);
	mutex_lock(&f->oxt->conf_lock);
	oxt_peer_remove(peer);
	mutex_unlock(&f->oxt->conf_lock);
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&peer->hs_entry.node));
	KUNIT_EXPECT_EQ(test, oxt_index_count(f->oxt, peer), 0U);

	kp = oxt_keypair_create(peer, &hs, false);
	KUNIT_ASSERT_NOT_NULL(test, kp);
	oxt_keys_install(peer, kp);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(peer->next));
	KUNIT_EXPECT_EQ(test, oxt_index_count(f->oxt, peer), 0U);
	oxt_peer_put(peer);
}

static void oxt_zero_timeout_math(struct kunit *test)
{
	/* 3 x 1.5 x rekey-interval: 540 s by default. */
	KUNIT_EXPECT_EQ(test, oxt_zero_timeout(OXT_REKEY_INTERVAL_DEF),
			540UL * HZ);
	KUNIT_EXPECT_EQ(test, oxt_zero_timeout(OXT_REKEY_INTERVAL_MIN),
			45UL * HZ);
	KUNIT_EXPECT_EQ(test, oxt_zero_timeout(11), 99UL * HZ / 2);
	KUNIT_EXPECT_EQ(test, oxt_zero_timeout(OXT_REKEY_INTERVAL_MAX),
			388800UL * HZ);
}

/* Expires within a second before @timeout from now. */
static void oxt_expect_expiry(struct kunit *test, struct timer_list *t,
			      unsigned long timeout)
{
	long left = (long)(READ_ONCE(t->expires) - jiffies);

	KUNIT_EXPECT_TRUE(test, timer_pending(t));
	KUNIT_EXPECT_LE(test, left, (long)timeout);
	KUNIT_EXPECT_GT(test, left, (long)timeout - HZ);
}

/* Key erasure counts from the last completed handshake on both sides: a
 * responder's handshake arms (and moves) it as an initiator's does.  Only
 * the initiator's stops the INIT retries.
 */
static void oxt_hs_completed_timers(struct kunit *test)
{
	struct oxt_peer_fixture *f = test->priv;
	struct oxt_peer *peer = f->peer;

	KUNIT_EXPECT_FALSE(test, timer_pending(&peer->timer_zero));
	oxt_timers_hs_sent(peer);
	oxt_hs_completed(peer, false);
	oxt_expect_expiry(test, &peer->timer_zero, 540UL * HZ);
	KUNIT_EXPECT_TRUE(test, timer_pending(&peer->timer_retransmit));
	KUNIT_EXPECT_EQ(test, atomic64_read(&peer->handshakes), 1LL);
	KUNIT_EXPECT_NE(test, READ_ONCE(peer->last_handshake_ns), 0ULL);

	/* A later one, as responder again, moves the deadline. */
	WRITE_ONCE(f->oxt->rekey_interval, OXT_REKEY_INTERVAL_MIN);
	oxt_hs_completed(peer, false);
	oxt_expect_expiry(test, &peer->timer_zero, 45UL * HZ);

	WRITE_ONCE(f->oxt->rekey_interval, 20);
	oxt_hs_completed(peer, true);
	oxt_expect_expiry(test, &peer->timer_zero, 90UL * HZ);
	KUNIT_EXPECT_FALSE(test, timer_pending(&peer->timer_retransmit));
	KUNIT_EXPECT_EQ(test, atomic64_read(&peer->handshakes), 3LL);

	/* Removed: nothing re-arms. */
	oxt_peer_get(peer);
	mutex_lock(&f->oxt->conf_lock);
	oxt_peer_remove(peer);
	mutex_unlock(&f->oxt->conf_lock);
	KUNIT_EXPECT_FALSE(test, timer_pending(&peer->timer_zero));
	oxt_hs_completed(peer, false);
	KUNIT_EXPECT_FALSE(test, timer_pending(&peer->timer_zero));
	oxt_peer_put(peer);
}

static struct kunit_case oxt_peer_cases[] = {
	KUNIT_CASE(oxt_peer_dead_no_hs_index),
	KUNIT_CASE(oxt_peer_remove_unindexes),
	KUNIT_CASE(oxt_zero_timeout_math),
	KUNIT_CASE(oxt_hs_completed_timers),
	{}
};

static struct kunit_suite oxt_peer_suite = {
	.name = "oxtunnel_peer",
	.init = oxt_peer_test_init,
	.exit = oxt_peer_test_exit,
	.test_cases = oxt_peer_cases,
};

kunit_test_suites(&oxt_device_suite, &oxt_peer_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for oxtunnel");
