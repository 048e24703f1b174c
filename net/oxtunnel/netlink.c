// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the "oxtunnel" generic netlink family (see
 * include/uapi/linux/oxtunnel.h).  Devices are looked up in the caller's
 * netns only.
 */
#include <linux/if.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "oxtunnel.h"

static struct genl_family oxt_genl_family;

static const struct nla_policy oxt_genl_policy[OXT_A_MAX + 1] = {
	[OXT_A_IFINDEX]		= { .type = NLA_U32 },
	[OXT_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OXT_A_MTU]		= { .type = NLA_REJECT },
	[OXT_A_LISTEN_PORT]	= { .type = NLA_REJECT },
	[OXT_A_ENCRYPTION]	= { .type = NLA_REJECT },
	[OXT_A_UP]		= { .type = NLA_REJECT },
};

static int oxt_fill_dev(struct sk_buff *skb, struct net_device *dev,
			u32 portid, u32 seq, int flags)
{
	struct oxt_dev *oxt = netdev_priv(dev);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &oxt_genl_family, flags,
			  OXT_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, OXT_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, OXT_A_IFNAME, dev->name) ||
	    nla_put_u32(skb, OXT_A_MTU, READ_ONCE(dev->mtu)) ||
	    nla_put_u16(skb, OXT_A_LISTEN_PORT, READ_ONCE(oxt->listen_port)) ||
	    nla_put_u8(skb, OXT_A_ENCRYPTION, READ_ONCE(oxt->encryption)) ||
	    nla_put_u8(skb, OXT_A_UP, !!(READ_ONCE(dev->flags) & IFF_UP))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Find the device named by the request; the caller holds the RTNL. */
static struct net_device *oxt_dev_from_attrs(struct net *net,
					     struct genl_info *info)
{
	struct net_device *dev;

	if (info->attrs[OXT_A_IFINDEX]) {
		dev = __dev_get_by_index(net,
					 nla_get_u32(info->attrs[OXT_A_IFINDEX]));
	} else if (info->attrs[OXT_A_IFNAME]) {
		dev = __dev_get_by_name(net,
					nla_data(info->attrs[OXT_A_IFNAME]));
	} else {
		GENL_SET_ERR_MSG(info, "device ifindex or name required");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		GENL_SET_ERR_MSG(info, "device not found");
		return ERR_PTR(-ENODEV);
	}
	if (!oxt_is_oxtunnel(dev)) {
		GENL_SET_ERR_MSG(info, "device is not an oxtunnel device");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static int oxt_genl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	dev = oxt_dev_from_attrs(genl_info_net(info), info);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto err_unlock;
	}
	err = oxt_fill_dev(msg, dev, info->snd_portid, info->snd_seq, 0);
	if (err)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return err;
}

/* cb->args[0]: number of oxtunnel devices already dumped */
static int oxt_genl_dev_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long idx = 0;
	int err = 0;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!oxt_is_oxtunnel(dev))
			continue;
		if (idx++ < cb->args[0])
			continue;
		err = oxt_fill_dev(skb, dev, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		cb->args[0] = idx;
	}
	rcu_read_unlock();
	/* A full skb ends this part of the dump; the next one resumes. */
	return err == -EMSGSIZE ? skb->len : err;
}

static const struct genl_ops oxt_genl_ops[] = {
	{
		.cmd = OXT_CMD_DEV_GET,
		.doit = oxt_genl_dev_get_doit,
		.dumpit = oxt_genl_dev_get_dumpit,
	},
};

static struct genl_family oxt_genl_family __ro_after_init = {
	.name = OXT_GENL_NAME,
	.version = OXT_GENL_VERSION,
	.maxattr = OXT_A_MAX,
	.policy = oxt_genl_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = oxt_genl_ops,
	.n_ops = ARRAY_SIZE(oxt_genl_ops),
	.resv_start_op = OXT_CMD_DEV_GET + 1,
};

int __init oxt_genl_init(void)
{
	return genl_register_family(&oxt_genl_family);
}

void oxt_genl_exit(void)
{
	genl_unregister_family(&oxt_genl_family);
}
