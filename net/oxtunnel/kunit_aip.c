// SPDX-License-Identifier: GPL-2.0
/* KUnit tests of the allowed-IPs table: longest prefix match, both
 * families kept apart, host bits masked, a prefix moving between peers,
 * removal, and refused prefixes.
 */
#include <kunit/test.h>
#include <linux/in6.h>
#include <linux/inet.h>

#include "oxtunnel.h"

struct oxt_aip_ctx {
	struct oxt_dev *oxt;
	struct oxt_peer *peer[3];
};

static int oxt_aip_test_init(struct kunit *test)
{
	struct oxt_aip_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->oxt = kunit_kzalloc(test, sizeof(*c->oxt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->oxt);
	mutex_init(&c->oxt->conf_lock);
	INIT_LIST_HEAD(&c->oxt->aips);
	for (i = 0; i < ARRAY_SIZE(c->peer); i++) {
		c->peer[i] = kunit_kzalloc(test, sizeof(struct oxt_peer),
					   GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, c->peer[i]);
		c->peer[i]->oxt = c->oxt;
		INIT_LIST_HEAD(&c->peer[i]->aips);
	}
	test->priv = c;
	return 0;
}

static void oxt_aip_test_exit(struct kunit *test)
{
	struct oxt_aip_ctx *c = test->priv;
	int i;

	mutex_lock(&c->oxt->conf_lock);
	for (i = 0; i < ARRAY_SIZE(c->peer); i++)
		oxt_aip_remove_peer(c->peer[i]);
	mutex_unlock(&c->oxt->conf_lock);
	rcu_barrier();
}

static int add4(struct oxt_aip_ctx *c, int p, const char *s, u8 cidr)
{
	__be32 a = in_aton(s);
	int err;

	mutex_lock(&c->oxt->conf_lock);
	err = oxt_aip_add(c->peer[p], AF_INET, &a, cidr);
	mutex_unlock(&c->oxt->conf_lock);
	return err;
}

static int add6(struct oxt_aip_ctx *c, int p, const char *s, u8 cidr)
{
	struct in6_addr a;
	int err;

	if (in6_pton(s, -1, a.s6_addr, -1, NULL) != 1)
		return -EFAULT;
	mutex_lock(&c->oxt->conf_lock);
	err = oxt_aip_add(c->peer[p], AF_INET6, &a, cidr);
	mutex_unlock(&c->oxt->conf_lock);
	return err;
}

/* Index of the peer owning @s (IPv4 or IPv6 text), -1 for none. */
static int owner(struct oxt_aip_ctx *c, const char *s)
{
	struct oxt_peer *peer;
	struct in6_addr a6;
	__be32 a4;
	int i;

	rcu_read_lock();
	if (strchr(s, ':')) {
		if (in6_pton(s, -1, a6.s6_addr, -1, NULL) != 1) {
			rcu_read_unlock();
			return -2;
		}
		peer = oxt_aip_lookup(c->oxt, AF_INET6, &a6);
	} else {
		a4 = in_aton(s);
		peer = oxt_aip_lookup(c->oxt, AF_INET, &a4);
	}
	rcu_read_unlock();
	for (i = 0; i < ARRAY_SIZE(c->peer); i++)
		if (peer == c->peer[i])
			return i;
	return -1;
}

static void aip_longest_prefix_v4(struct kunit *test)
{
	struct oxt_aip_ctx *c = test->priv;

	/* Added shortest first: the table still matches longest first. */
	KUNIT_ASSERT_EQ(test, add4(c, 0, "10.0.0.0", 8), 0);
	KUNIT_ASSERT_EQ(test, add4(c, 1, "10.1.0.0", 16), 0);
	KUNIT_ASSERT_EQ(test, add4(c, 2, "10.1.2.3", 32), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "10.1.2.3"), 2);
	KUNIT_EXPECT_EQ(test, owner(c, "10.1.2.4"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "10.1.255.255"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "10.2.0.1"), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "11.0.0.1"), -1);
	KUNIT_EXPECT_EQ(test, owner(c, "9.255.255.255"), -1);
	/* A default route catches the rest and nothing more specific. */
	KUNIT_ASSERT_EQ(test, add4(c, 2, "0.0.0.0", 0), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "11.0.0.1"), 2);
	KUNIT_EXPECT_EQ(test, owner(c, "10.2.0.1"), 0);
}

static void aip_longest_prefix_v6(struct kunit *test)
{
	struct oxt_aip_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, add6(c, 2, "::", 0), 0);
	KUNIT_ASSERT_EQ(test, add6(c, 0, "2001:db8::", 32), 0);
	KUNIT_ASSERT_EQ(test, add6(c, 1, "2001:db8:1::", 48), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "2001:db8:1::5"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "2001:db8:1:ffff::1"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "2001:db8:2::1"), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "2001:db9::1"), 2);
	/* A prefix length that is not a multiple of 8. */
	KUNIT_ASSERT_EQ(test, add6(c, 1, "fd00::", 9), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "fd7f::1"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "fd80::1"), 2);
}

static void aip_host_bits_masked(struct kunit *test)
{
	struct oxt_aip_ctx *c = test->priv;

	/* Host bits set in the configured address do not matter. */
	KUNIT_ASSERT_EQ(test, add4(c, 0, "192.168.7.77", 24), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "192.168.7.1"), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "192.168.8.1"), -1);
	KUNIT_ASSERT_EQ(test, add6(c, 1, "2001:db8:ffff::1", 33), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "2001:db8:8000::2"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "2001:db8:7fff::2"), -1);
	/* The same prefix written with other host bits is the same one. */
	KUNIT_ASSERT_EQ(test, add4(c, 2, "192.168.7.1", 24), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "192.168.7.1"), 2);
}

static void aip_families_apart(struct kunit *test)
{
	struct oxt_aip_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, add4(c, 0, "0.0.0.0", 0), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "::1"), -1);
	KUNIT_EXPECT_EQ(test, owner(c, "::ffff:10.0.0.1"), -1);
	KUNIT_ASSERT_EQ(test, add6(c, 1, "::", 0), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "::1"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "10.0.0.1"), 0);
}

static void aip_move_and_remove(struct kunit *test)
{
	struct oxt_aip_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, add4(c, 0, "10.0.0.0", 8), 0);
	KUNIT_ASSERT_EQ(test, add4(c, 0, "10.9.0.0", 16), 0);
	/* Adding a prefix another peer has moves it. */
	KUNIT_ASSERT_EQ(test, add4(c, 1, "10.9.0.0", 16), 0);
	KUNIT_EXPECT_EQ(test, owner(c, "10.9.1.1"), 1);
	KUNIT_EXPECT_EQ(test, owner(c, "10.8.1.1"), 0);
	/* Removing peer 1 leaves the shorter prefix of peer 0 in charge. */
	mutex_lock(&c->oxt->conf_lock);
	oxt_aip_remove_peer(c->peer[1]);
	mutex_unlock(&c->oxt->conf_lock);
	KUNIT_EXPECT_EQ(test, owner(c, "10.9.1.1"), 0);
	mutex_lock(&c->oxt->conf_lock);
	oxt_aip_remove_peer(c->peer[0]);
	mutex_unlock(&c->oxt->conf_lock);
	KUNIT_EXPECT_EQ(test, owner(c, "10.9.1.1"), -1);
	KUNIT_EXPECT_TRUE(test, list_empty(&c->oxt->aips));
}

static void aip_refused(struct kunit *test)
{
	struct oxt_aip_ctx *c = test->priv;
	u8 any[16] = {};

	KUNIT_EXPECT_EQ(test, add4(c, 0, "10.0.0.0", 33), -EINVAL);
	KUNIT_EXPECT_EQ(test, add6(c, 0, "2001:db8::", 129), -EINVAL);
	mutex_lock(&c->oxt->conf_lock);
	KUNIT_EXPECT_EQ(test, oxt_aip_add(c->peer[0], AF_UNSPEC, any, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, oxt_aip_add(c->peer[0], AF_PACKET, any, 8),
			-EINVAL);
	mutex_unlock(&c->oxt->conf_lock);
	KUNIT_EXPECT_TRUE(test, list_empty(&c->oxt->aips));
}

static struct kunit_case oxt_aip_cases[] = {
	KUNIT_CASE(aip_longest_prefix_v4),
	KUNIT_CASE(aip_longest_prefix_v6),
	KUNIT_CASE(aip_host_bits_masked),
	KUNIT_CASE(aip_families_apart),
	KUNIT_CASE(aip_move_and_remove),
	KUNIT_CASE(aip_refused),
	{}
};

static struct kunit_suite oxt_aip_suite = {
	.name = "oxtunnel_aip",
	.init = oxt_aip_test_init,
	.exit = oxt_aip_test_exit,
	.test_cases = oxt_aip_cases,
};

kunit_test_suites(&oxt_aip_suite);
