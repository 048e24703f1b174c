// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the net_device, its rtnetlink link type ("oxtunnel") and the
 * per-netns list that ties a device's UDP sockets to the netns it was
 * created in.
 */
#include <linux/if_arp.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "compat.h"
#include "oxtunnel.h"

const char *const oxt_stat_names[OXT_STAT_NUM] = {
	[OXT_STAT_RX_TRUNCATED]		= "RxTruncated",
	[OXT_STAT_RX_BAD_MAGIC]		= "RxBadMagic",
	[OXT_STAT_RX_BAD_LENGTH]	= "RxBadLength",
	[OXT_STAT_RX_BAD_FLAGS]		= "RxBadFlags",
	[OXT_STAT_RX_UNKNOWN_SESSION]	= "RxUnknownSession",
	[OXT_STAT_RX_DECRYPT]		= "RxDecryptFail",
	[OXT_STAT_RX_REPLAY]		= "RxReplay",
	[OXT_STAT_RX_KEY_EXPIRED]	= "RxKeyExpired",
	[OXT_STAT_RX_POLICY]		= "RxPolicy",
	[OXT_STAT_RX_BAD_INNER]		= "RxBadInner",
	[OXT_STAT_RX_NOT_ALLOWED]	= "RxNotAllowed",
	[OXT_STAT_RX_BAD_BATCH]		= "RxBadBatch",
	[OXT_STAT_RX_BAD_CONTROL]	= "RxBadControl",
	[OXT_STAT_HS_INVALID]		= "HandshakeInvalid",
	[OXT_STAT_HS_UNKNOWN_PEER]	= "HandshakeUnknownPeer",
	[OXT_STAT_HS_REPLAY]		= "HandshakeReplay",
	[OXT_STAT_HS_COOKIE_SENT]	= "HandshakeCookieSent",
	[OXT_STAT_HS_RATELIMITED]	= "HandshakeRateLimited",
	[OXT_STAT_HS_QUEUE_FULL]	= "HandshakeQueueFull",
	[OXT_STAT_TX_NO_PEER]		= "TxNoPeer",
	[OXT_STAT_TX_NO_ENDPOINT]	= "TxNoEndpoint",
	[OXT_STAT_TX_NO_SESSION]	= "TxNoSession",
	[OXT_STAT_TX_ROUTE]		= "TxRoute",
	[OXT_STAT_TX_ERROR]		= "TxError",
	[OXT_STAT_TX_BATCHES]		= "TxBatches",
	[OXT_STAT_TX_BATCHED]		= "TxBatchedPackets",
	[OXT_STAT_TX_TRAINS]		= "TxTrains",
	[OXT_STAT_TX_TRAIN_PACKETS]	= "TxTrainPackets",
	[OXT_STAT_TX_SUPER]		= "TxSuperPackets",
	[OXT_STAT_TX_SUPER_SEGS]	= "TxSuperSegments",
	[OXT_STAT_RX_SUPER]		= "RxSuperPackets",
	[OXT_STAT_RX_SHARED_SEGS]	= "RxSharedSegments",
	[OXT_STAT_TX_UNTOUCHED]		= "TxUntouched",
};

/* Devices created in each netns (their sockets live there). */
struct oxt_net {
	struct list_head devs;	/* under RTNL */
};

static unsigned int oxt_net_id __read_mostly;

/**
 * oxt_overhead - bytes the encapsulation adds to an inner packet
 * @ipv6_outer: outer header is IPv6
 * @encryption: an AEAD tag follows the payload
 */
unsigned int oxt_overhead(bool ipv6_outer, bool encryption)
{
	return (ipv6_outer ? OXT_IPV6_HDR_LEN : OXT_IPV4_HDR_LEN) +
	       OXT_UDP_HDR_LEN + OXT_DATA_HDR_LEN +
	       (encryption ? OXT_TAG_LEN : 0);
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

void oxt_stats_fold(struct oxt_dev *oxt, u64 *vals)
{
	int cpu, i;

	memset(vals, 0, sizeof(*vals) * OXT_STAT_NUM);
	for_each_possible_cpu(cpu)
		for (i = 0; i < OXT_STAT_NUM; i++)
			vals[i] += READ_ONCE(per_cpu_ptr(oxt->stats, cpu)[i]);
}

static int oxt_dev_init(struct net_device *dev)
{
	struct oxt_dev *oxt = netdev_priv(dev);
	int err;

	oxt->stats = __alloc_percpu(sizeof(u64) * OXT_STAT_NUM,
				    __alignof__(u64));
	if (!oxt->stats)
		return -ENOMEM;
	err = gro_cells_init(&oxt->gro, dev);
	if (err)
		goto err_stats;
	oxt->wq = alloc_workqueue("oxtunnel-%s", WQ_UNBOUND | WQ_MEM_RECLAIM,
				  0, dev->name);
	if (!oxt->wq) {
		err = -ENOMEM;
		goto err_gro;
	}
	oxt_crypt_dev_init(oxt);
	return 0;

err_gro:
	gro_cells_destroy(&oxt->gro);
err_stats:
	free_percpu(oxt->stats);
	return err;
}

/* Called with the RTNL held, after the device is unlisted. */
static void oxt_dev_uninit(struct net_device *dev)
{
	struct oxt_dev *oxt = netdev_priv(dev);

	mutex_lock(&oxt->conf_lock);
	oxt_socket_close(oxt);
	oxt_peer_remove_all(oxt);
	mutex_unlock(&oxt->conf_lock);
	/* Nothing new is submitted: wait for the packets in flight. */
	oxt_crypt_dev_destroy(oxt);
	skb_queue_purge(&oxt->hs_queue);
	destroy_workqueue(oxt->wq);
	skb_queue_purge(&oxt->hs_queue);
	gro_cells_destroy(&oxt->gro);
	free_percpu(oxt->stats);
	memzero_explicit(&oxt->id, sizeof(oxt->id));
}

/* Up: sessions were dropped when the device went down, so start a
 * handshake with every peer we know how to reach - the remote end learns
 * at once that its old session is gone - and restart the persistent
 * keepalives.  Timers run once __LINK_STATE_START is set (it is, here).
 */
static int oxt_open(struct net_device *dev)
{
	struct oxt_dev *oxt = netdev_priv(dev);
	struct oxt_peer *peer;
	bool known;

	mutex_lock(&oxt->conf_lock);
	list_for_each_entry(peer, &oxt->peers, list) {
		read_lock_bh(&peer->ep_lock);
		known = peer->ep.addr.sa.sa_family != AF_UNSPEC;
		read_unlock_bh(&peer->ep_lock);
		if (known)
			oxt_hs_initiate(peer, false);
		oxt_timers_keepalive_set(peer);
	}
	mutex_unlock(&oxt->conf_lock);
	return 0;
}

static int oxt_stop(struct net_device *dev)
{
	struct oxt_dev *oxt = netdev_priv(dev);
	struct oxt_peer *peer;

	/* Down: forget sessions and what waited for them. */
	mutex_lock(&oxt->conf_lock);
	list_for_each_entry(peer, &oxt->peers, list) {
		del_timer_sync(&peer->timer_retransmit);
		del_timer_sync(&peer->timer_newhs);
		del_timer_sync(&peer->timer_passive);
		del_timer_sync(&peer->timer_keepalive);
		skb_queue_purge(&peer->staged);
		oxt_keys_clear(peer);
	}
	mutex_unlock(&oxt->conf_lock);
	return 0;
}

static const struct net_device_ops oxt_netdev_ops = {
	.ndo_init = oxt_dev_init,
	.ndo_uninit = oxt_dev_uninit,
	.ndo_open = oxt_open,
	.ndo_stop = oxt_stop,
	.ndo_start_xmit = oxt_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

bool oxt_is_oxtunnel(const struct net_device *dev)
{
	return dev->netdev_ops == &oxt_netdev_ops;
}

#define OXT_FEATURES (NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG | \
		      NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA)

void oxt_setup(struct net_device *dev)
{
	struct oxt_dev *oxt = netdev_priv(dev);
	int i;

	dev->netdev_ops = &oxt_netdev_ops;
	dev->header_ops = NULL;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = OXT_TX_HEADROOM;
	dev->needed_tailroom = OXT_TAG_LEN;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->features |= OXT_FEATURES;
	dev->hw_features |= OXT_FEATURES;
	dev->hw_enc_features |= OXT_FEATURES;
	oxt_compat_set_lltx(dev);
	dev->min_mtu = OXT_MIN_MTU;
	dev->max_mtu = OXT_MAX_MTU;
	dev->mtu = oxt_mtu_for_link(ETH_DATA_LEN, true, true);

	memset(oxt, 0, sizeof(*oxt));
	oxt->dev = dev;
	oxt->listen_port = OXT_DEFAULT_PORT;
	oxt->encryption = true;
	oxt->rekey_interval = OXT_REKEY_INTERVAL_DEF;
	oxt->rekey_messages = OXT_REKEY_MESSAGES_DEF;
	mutex_init(&oxt->conf_lock);
	init_rwsem(&oxt->id_lock);
	INIT_LIST_HEAD(&oxt->peers);
	INIT_LIST_HEAD(&oxt->aips);
	INIT_LIST_HEAD(&oxt->net_list);
	for (i = 0; i < ARRAY_SIZE(oxt->index); i++)
		INIT_HLIST_HEAD(&oxt->index[i]);
	spin_lock_init(&oxt->index_lock);
	skb_queue_head_init(&oxt->hs_queue);
	INIT_WORK(&oxt->hs_work, oxt_hs_worker);
	oxt_cookie_init(oxt);
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

static int oxt_newlink(struct net *src_net, struct net_device *dev,
		       struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	struct oxt_dev *oxt = netdev_priv(dev);
	struct oxt_net *on = net_generic(src_net, oxt_net_id);
	int err;

	oxt->creating_net = src_net;
	err = register_netdevice(dev);
	if (err)
		return err;
	mutex_lock(&oxt->conf_lock);
	err = oxt_socket_open(oxt, OXT_DEFAULT_PORT);
	mutex_unlock(&oxt->conf_lock);
	if (err == -EADDRINUSE) {
		/* Another device has 51820: take any free port. */
		mutex_lock(&oxt->conf_lock);
		err = oxt_socket_open(oxt, 0);
		mutex_unlock(&oxt->conf_lock);
	}
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot bind the UDP socket");
		unregister_netdevice(dev);
		return err;
	}
	list_add(&oxt->net_list, &on->devs);
	return 0;
}

static void oxt_dellink(struct net_device *dev, struct list_head *head)
{
	struct oxt_dev *oxt = netdev_priv(dev);

	list_del_init(&oxt->net_list);
	unregister_netdevice_queue(dev, head);
}

struct rtnl_link_ops oxt_link_ops __read_mostly = {
	.kind = OXT_LINK_KIND,
	.priv_size = sizeof(struct oxt_dev),
	.setup = oxt_setup,
	.validate = oxt_validate,
	.newlink = oxt_newlink,
	.dellink = oxt_dellink,
};

static __net_init int oxt_net_init(struct net *net)
{
	struct oxt_net *on = net_generic(net, oxt_net_id);

	INIT_LIST_HEAD(&on->devs);
	return 0;
}

/* The netns holding a device's sockets is going away: delete the devices
 * created in it, wherever they have moved (their own netns may live on).
 */
static void __net_exit oxt_net_pre_exit(struct net *net)
{
	struct oxt_net *on = net_generic(net, oxt_net_id);
	struct oxt_dev *oxt, *tmp;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry_safe(oxt, tmp, &on->devs, net_list) {
		list_del_init(&oxt->net_list);
		unregister_netdevice_queue(oxt->dev, &kill);
	}
	unregister_netdevice_many(&kill);
	rtnl_unlock();
}

static struct pernet_operations oxt_net_ops = {
	.init = oxt_net_init,
	.pre_exit = oxt_net_pre_exit,
	.id = &oxt_net_id,
	.size = sizeof(struct oxt_net),
};

int __init oxt_pernet_init(void)
{
	return register_pernet_device(&oxt_net_ops);
}

void oxt_pernet_exit(void)
{
	unregister_pernet_device(&oxt_net_ops);
}
