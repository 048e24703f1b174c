// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the net_device and its rtnetlink link type ("oxtunnel").
 *
 * A device without peers has nowhere to send: transmitted packets are
 * dropped, counted in tx_dropped, and answered with an ICMP/ICMPv6
 * destination unreachable so local senders learn at once.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/icmp.h>

#include "compat.h"
#include "oxtunnel.h"

/**
 * oxt_overhead - bytes the encapsulation adds to an inner packet
 * @ipv6_outer: outer header is IPv6
 * @encryption: an AEAD tag follows the payload
 */
unsigned int oxt_overhead(bool ipv6_outer, bool encryption)
{
	return (ipv6_outer ? OXT_IPV6_HDR_LEN : OXT_IPV4_HDR_LEN) +
	       OXT_UDP_HDR_LEN + OXT_HDR_LEN + (encryption ? OXT_TAG_LEN : 0);
}

/**
 * oxt_mtu_for_link - inner MTU that fits a link of @link_mtu
 * @link_mtu: MTU of the outer path
 * @ipv6_outer: outer header is IPv6
 * @encryption: payloads carry an AEAD tag
 *
 * Return: the MTU, never below OXT_MIN_MTU.
 */
unsigned int oxt_mtu_for_link(unsigned int link_mtu, bool ipv6_outer,
			      bool encryption)
{
	unsigned int ovh = oxt_overhead(ipv6_outer, encryption);

	if (link_mtu < ovh + OXT_MIN_MTU)
		return OXT_MIN_MTU;
	return link_mtu - ovh;
}

static netdev_tx_t oxt_xmit(struct sk_buff *skb, struct net_device *dev)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (pskb_network_may_pull(skb, sizeof(struct iphdr)))
			icmp_ndo_send(skb, ICMP_DEST_UNREACH,
				      ICMP_HOST_UNREACH, 0);
		break;
	case htons(ETH_P_IPV6):
		if (IS_ENABLED(CONFIG_IPV6) &&
		    pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
			icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH,
					ICMPV6_ADDR_UNREACH, 0);
		break;
	}
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops oxt_netdev_ops = {
	.ndo_start_xmit = oxt_xmit,
};

bool oxt_is_oxtunnel(const struct net_device *dev)
{
	return dev->netdev_ops == &oxt_netdev_ops;
}

void oxt_setup(struct net_device *dev)
{
	struct oxt_dev *oxt = netdev_priv(dev);

	dev->netdev_ops = &oxt_netdev_ops;
	dev->header_ops = NULL;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needs_free_netdev = true;
	oxt_compat_set_lltx(dev);
	dev->min_mtu = OXT_MIN_MTU;
	dev->max_mtu = OXT_MAX_MTU;
	dev->mtu = oxt_mtu_for_link(ETH_DATA_LEN, true, true);

	oxt->dev = dev;
	oxt->listen_port = OXT_DEFAULT_PORT;
	oxt->encryption = true;
}

static int oxt_validate(struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG(extack, "oxtunnel devices have no link-layer address");
		return -EINVAL;
	}
	return 0;
}

struct rtnl_link_ops oxt_link_ops __read_mostly = {
	.kind = OXT_LINK_KIND,
	.priv_size = sizeof(struct oxt_dev),
	.setup = oxt_setup,
	.validate = oxt_validate,
};
