// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of oxtunnel's pure logic: encapsulation overhead and MTU,
 * and the device a fresh "oxtunnel" link starts as.
 */
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

kunit_test_suites(&oxt_device_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for oxtunnel");
