// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the "oxtunnel" generic netlink family (see
 * include/uapi/linux/oxtunnel.h).  Devices are looked up in the caller's
 * netns only; every change needs CAP_NET_ADMIN in the user namespace that
 * owns it (GENL_UNS_ADMIN_PERM).  Requests are validated strictly and
 * every refusal carries an extack message.
 */
#include <linux/if.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "compat.h"
#include "oxtunnel.h"
#include "wire.h"

static struct genl_family oxt_genl_family;

static struct netlink_range_validation oxt_rekey_interval_range = {
	.min = OXT_REKEY_INTERVAL_MIN,
	.max = OXT_REKEY_INTERVAL_MAX,
};

/* Keys: a wrong size is an invalid argument (EINVAL with a message), not the
 * ERANGE the generic exact-length policy would give.
 */
static int oxt_nla_validate_key(const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	if (nla_len(attr) != OXT_KEY_LEN) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "key must be 32 bytes");
		return -EINVAL;
	}
	return 0;
}

static const struct nla_policy oxt_aip_policy[OXT_A_AIP_CIDR + 1] = {
	[OXT_A_AIP_FAMILY]	= { .type = NLA_U16 },
	[OXT_A_AIP_ADDR]	= { .type = NLA_BINARY,
				    .len = sizeof(struct in6_addr) },
	[OXT_A_AIP_CIDR]	= { .type = NLA_U8 },
};

static const struct nla_policy oxt_aips_policy[OXT_A_ALLOWED_IP + 1] = {
	[OXT_A_ALLOWED_IP]	= NLA_POLICY_NESTED(oxt_aip_policy),
};

static const struct nla_policy oxt_genl_policy[OXT_A_MAX + 1] = {
	[OXT_A_IFINDEX]		= { .type = NLA_U32 },
	[OXT_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OXT_A_MTU]		= { .type = NLA_REJECT },
	[OXT_A_LISTEN_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[OXT_A_ENCRYPTION]	= NLA_POLICY_MAX(NLA_U8, 1),
	[OXT_A_UP]		= { .type = NLA_REJECT },
	[OXT_A_PUBLIC_KEY]	= { .type = NLA_REJECT },
	[OXT_A_PRIVATE_KEY]	= NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						 oxt_nla_validate_key),
	[OXT_A_PEER_COUNT]	= { .type = NLA_REJECT },
	[OXT_A_REKEY_INTERVAL]	= NLA_POLICY_FULL_RANGE(NLA_U32,
						&oxt_rekey_interval_range),
	[OXT_A_REKEY_MESSAGES]	= { .type = NLA_U64 },
	[OXT_A_STATS]		= { .type = NLA_REJECT },
	[OXT_A_STAT]		= { .type = NLA_REJECT },
	[OXT_A_STAT_ID]		= { .type = NLA_REJECT },
	[OXT_A_STAT_NAME]	= { .type = NLA_REJECT },
	[OXT_A_STAT_VALUE]	= { .type = NLA_REJECT },
	[OXT_A_PEER_PUBLIC_KEY]	= NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						 oxt_nla_validate_key),
	[OXT_A_PEER_ENDPOINT]	= { .type = NLA_BINARY,
				    .len = sizeof(struct sockaddr_in6) },
	[OXT_A_PEER_ALLOWED_IPS] = NLA_POLICY_NESTED(oxt_aips_policy),
	[OXT_A_ALLOWED_IP]	= { .type = NLA_REJECT },
	[OXT_A_AIP_FAMILY]	= { .type = NLA_REJECT },
	[OXT_A_AIP_ADDR]	= { .type = NLA_REJECT },
	[OXT_A_AIP_CIDR]	= { .type = NLA_REJECT },
	[OXT_A_PEER_KEEPALIVE]	= { .type = NLA_U16 },
	[OXT_A_PEER_LAST_HANDSHAKE] = { .type = NLA_REJECT },
	[OXT_A_PEER_HANDSHAKES]	= { .type = NLA_REJECT },
	[OXT_A_PEER_RX_BYTES]	= { .type = NLA_REJECT },
	[OXT_A_PEER_TX_BYTES]	= { .type = NLA_REJECT },
	[OXT_A_PEER_RX_PACKETS]	= { .type = NLA_REJECT },
	[OXT_A_PEER_TX_PACKETS]	= { .type = NLA_REJECT },
	[OXT_A_PAD]		= { .type = NLA_REJECT },
};

static int oxt_put_stats(struct sk_buff *skb, struct oxt_dev *oxt)
{
	u64 vals[OXT_STAT_NUM];
	struct nlattr *nest, *st;
	int i;

	oxt_stats_fold(oxt, vals);
	nest = nla_nest_start(skb, OXT_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < OXT_STAT_NUM; i++) {
		st = nla_nest_start(skb, OXT_A_STAT);
		if (!st || nla_put_u32(skb, OXT_A_STAT_ID, i) ||
		    nla_put_string(skb, OXT_A_STAT_NAME, oxt_stat_names[i]) ||
		    nla_put_u64_64bit(skb, OXT_A_STAT_VALUE, vals[i],
				      OXT_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, st);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Caller holds conf_lock (peer count, keys). */
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
	    nla_put_u16(skb, OXT_A_LISTEN_PORT, oxt->listen_port) ||
	    nla_put_u8(skb, OXT_A_ENCRYPTION, oxt->encryption) ||
	    nla_put_u8(skb, OXT_A_UP, !!(READ_ONCE(dev->flags) & IFF_UP)) ||
	    nla_put_u32(skb, OXT_A_PEER_COUNT, oxt->n_peers) ||
	    nla_put_u32(skb, OXT_A_REKEY_INTERVAL, oxt->rekey_interval) ||
	    nla_put_u64_64bit(skb, OXT_A_REKEY_MESSAGES, oxt->rekey_messages,
			      OXT_A_PAD))
		goto cancel;
	down_read(&oxt->id_lock);
	if (oxt->id.set &&
	    nla_put(skb, OXT_A_PUBLIC_KEY, OXT_KEY_LEN, oxt->id.pub)) {
		up_read(&oxt->id_lock);
		goto cancel;
	}
	up_read(&oxt->id_lock);
	if (oxt_put_stats(skb, oxt))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Find the device named by @attrs; the caller holds the RTNL. */
static struct net_device *oxt_dev_lookup(struct net *net,
					 struct nlattr **attrs,
					 struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	if (attrs[OXT_A_IFINDEX]) {
		dev = __dev_get_by_index(net, nla_get_u32(attrs[OXT_A_IFINDEX]));
	} else if (attrs[OXT_A_IFNAME]) {
		dev = __dev_get_by_name(net, nla_data(attrs[OXT_A_IFNAME]));
	} else {
		NL_SET_ERR_MSG(extack, "device ifindex or name required");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG(extack, "device not found");
		return ERR_PTR(-ENODEV);
	}
	if (!oxt_is_oxtunnel(dev)) {
		NL_SET_ERR_MSG(extack, "device is not an oxtunnel device");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static int oxt_genl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct oxt_dev *oxt;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	dev = oxt_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto err_unlock;
	}
	oxt = netdev_priv(dev);
	mutex_lock(&oxt->conf_lock);
	err = oxt_fill_dev(msg, dev, info->snd_portid, info->snd_seq, 0);
	mutex_unlock(&oxt->conf_lock);
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
	struct oxt_dev *oxt;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	for_each_netdev(net, dev) {
		if (!oxt_is_oxtunnel(dev))
			continue;
		if (idx++ < cb->args[0])
			continue;
		oxt = netdev_priv(dev);
		mutex_lock(&oxt->conf_lock);
		err = oxt_fill_dev(skb, dev, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI);
		mutex_unlock(&oxt->conf_lock);
		if (err)
			break;
		cb->args[0] = idx;
	}
	rtnl_unlock();
	/* A full skb ends this part of the dump; the next one resumes. */
	return err == -EMSGSIZE ? skb->len : err;
}

/* Apply a private key; caller holds conf_lock. */
static int oxt_set_private_key(struct oxt_dev *oxt, const u8 *key,
			       struct netlink_ext_ack *extack)
{
	static const u8 zero[OXT_KEY_LEN];
	struct oxt_peer *peer, *tmp;
	int err = 0;

	down_write(&oxt->id_lock);
	if (!memcmp(key, zero, OXT_KEY_LEN)) {
		memzero_explicit(&oxt->id, sizeof(oxt->id));
	} else {
		err = oxt_identity_set(&oxt->id, key);
		if (err)
			NL_SET_ERR_MSG(extack, "invalid private key");
	}
	if (!err) {
		list_for_each_entry(peer, &oxt->peers, list) {
			if (oxt_remote_init(&peer->rem, &oxt->id,
					    peer->rem.pub))
				memset(peer->rem.ss, 0, OXT_KEY_LEN);
			oxt_hs_abandon(peer);
		}
	}
	up_write(&oxt->id_lock);
	if (err)
		return err;
	/* Sessions made with the old key end; a peer with our own key goes;
	 * packets waiting for a session start a handshake with the new key.
	 */
	list_for_each_entry_safe(peer, tmp, &oxt->peers, list) {
		if (oxt->id.set &&
		    !crypto_memneq(peer->rem.pub, oxt->id.pub, OXT_KEY_LEN)) {
			oxt_peer_remove(peer);
			continue;
		}
		oxt_keys_clear(peer);
		if (oxt->id.set && !skb_queue_empty_lockless(&peer->staged))
			oxt_hs_initiate(peer, false);
	}
	return 0;
}

static int oxt_genl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	struct oxt_dev *oxt;
	u64 msgs = 0;
	int err = 0;

	if (attrs[OXT_A_REKEY_MESSAGES]) {
		msgs = nla_get_u64(attrs[OXT_A_REKEY_MESSAGES]);
		if (msgs < OXT_REKEY_MESSAGES_MIN ||
		    msgs > OXT_REKEY_MESSAGES_DEF) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[OXT_A_REKEY_MESSAGES],
					    "rekey messages out of range (1024..2^31)");
			return -EINVAL;
		}
	}
	rtnl_lock();
	dev = oxt_dev_lookup(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return PTR_ERR(dev);
	}
	oxt = netdev_priv(dev);
	mutex_lock(&oxt->conf_lock);
	if (attrs[OXT_A_LISTEN_PORT]) {
		u16 port = nla_get_u16(attrs[OXT_A_LISTEN_PORT]);

		if (port != oxt->listen_port) {
			err = oxt_socket_open(oxt, port);
			if (err) {
				NL_SET_ERR_MSG_ATTR(info->extack,
						    attrs[OXT_A_LISTEN_PORT],
						    "cannot bind the listen port");
				goto out;
			}
		}
	}
	if (attrs[OXT_A_PRIVATE_KEY]) {
		err = oxt_set_private_key(oxt,
					  nla_data(attrs[OXT_A_PRIVATE_KEY]),
					  info->extack);
		if (err)
			goto out;
	}
	if (attrs[OXT_A_ENCRYPTION])
		WRITE_ONCE(oxt->encryption,
			   nla_get_u8(attrs[OXT_A_ENCRYPTION]));
	if (attrs[OXT_A_REKEY_INTERVAL])
		WRITE_ONCE(oxt->rekey_interval,
			   nla_get_u32(attrs[OXT_A_REKEY_INTERVAL]));
	if (attrs[OXT_A_REKEY_MESSAGES])
		WRITE_ONCE(oxt->rekey_messages, msgs);
out:
	mutex_unlock(&oxt->conf_lock);
	rtnl_unlock();
	return err;
}

/* Parse and check an endpoint attribute into @sa. */
static int oxt_parse_endpoint(const struct nlattr *a, struct sockaddr_in6 *sa,
			      struct netlink_ext_ack *extack)
{
	const struct sockaddr *s = nla_data(a);

	memset(sa, 0, sizeof(*sa));
	if (nla_len(a) == sizeof(struct sockaddr_in) &&
	    s->sa_family == AF_INET) {
		memcpy(sa, s, sizeof(struct sockaddr_in));
		if (!((struct sockaddr_in *)sa)->sin_port)
			goto bad_port;
		return 0;
	}
	if (nla_len(a) == sizeof(struct sockaddr_in6) &&
	    s->sa_family == AF_INET6) {
		if (!ipv6_mod_enabled()) {
			NL_SET_ERR_MSG_ATTR(extack, a, "IPv6 is disabled");
			return -EAFNOSUPPORT;
		}
		memcpy(sa, s, sizeof(struct sockaddr_in6));
		if (!sa->sin6_port)
			goto bad_port;
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, a,
			    "endpoint must be a sockaddr_in or sockaddr_in6");
	return -EINVAL;
bad_port:
	NL_SET_ERR_MSG_ATTR(extack, a, "endpoint port must not be 0");
	return -EINVAL;
}

/* Check every allowed-IPs entry before changing anything. */
static int oxt_check_aips(const struct nlattr *list,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[OXT_A_AIP_CIDR + 1];
	const struct nlattr *a;
	int rem, err;
	u16 family;

	nla_for_each_nested(a, list, rem) {
		err = nla_parse_nested(tb, OXT_A_AIP_CIDR, (struct nlattr *)a,
				       oxt_aip_policy, extack);
		if (err)
			return err;
		if (!tb[OXT_A_AIP_FAMILY] || !tb[OXT_A_AIP_ADDR] ||
		    !tb[OXT_A_AIP_CIDR]) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "allowed IP needs family, address and prefix length");
			return -EINVAL;
		}
		family = nla_get_u16(tb[OXT_A_AIP_FAMILY]);
		if ((family == AF_INET && nla_len(tb[OXT_A_AIP_ADDR]) == 4 &&
		     nla_get_u8(tb[OXT_A_AIP_CIDR]) <= 32) ||
		    (family == AF_INET6 && nla_len(tb[OXT_A_AIP_ADDR]) == 16 &&
		     nla_get_u8(tb[OXT_A_AIP_CIDR]) <= 128))
			continue;
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "bad allowed IP (family, address length or prefix length)");
		return -EINVAL;
	}
	return 0;
}

static int oxt_apply_aips(struct oxt_peer *peer, const struct nlattr *list)
{
	struct nlattr *tb[OXT_A_AIP_CIDR + 1];
	const struct nlattr *a;
	int rem, err;

	oxt_aip_remove_peer(peer);
	nla_for_each_nested(a, list, rem) {
		err = nla_parse_nested(tb, OXT_A_AIP_CIDR, (struct nlattr *)a,
				       oxt_aip_policy, NULL);
		if (!err)
			err = oxt_aip_add(peer,
					  nla_get_u16(tb[OXT_A_AIP_FAMILY]),
					  nla_data(tb[OXT_A_AIP_ADDR]),
					  nla_get_u8(tb[OXT_A_AIP_CIDR]));
		if (err)
			return err;
	}
	return 0;
}

/* PEER_ADD and PEER_SET. */
static int oxt_genl_peer_change(struct genl_info *info, bool add)
{
	struct nlattr **attrs = info->attrs;
	struct sockaddr_in6 ep;
	struct oxt_peer *peer;
	struct net_device *dev;
	struct oxt_dev *oxt;
	const u8 *pub;
	int err = 0;

	if (!attrs[OXT_A_PEER_PUBLIC_KEY]) {
		NL_SET_ERR_MSG(info->extack, "peer public key required");
		return -EINVAL;
	}
	pub = nla_data(attrs[OXT_A_PEER_PUBLIC_KEY]);
	if (attrs[OXT_A_PEER_ENDPOINT]) {
		err = oxt_parse_endpoint(attrs[OXT_A_PEER_ENDPOINT], &ep,
					 info->extack);
		if (err)
			return err;
	}
	if (attrs[OXT_A_PEER_ALLOWED_IPS]) {
		err = oxt_check_aips(attrs[OXT_A_PEER_ALLOWED_IPS],
				     info->extack);
		if (err)
			return err;
	}

	rtnl_lock();
	dev = oxt_dev_lookup(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return PTR_ERR(dev);
	}
	oxt = netdev_priv(dev);
	mutex_lock(&oxt->conf_lock);
	peer = oxt_peer_by_key(oxt, pub);
	if (add && peer) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OXT_A_PEER_PUBLIC_KEY],
				    "peer already exists");
		err = -EEXIST;
		goto out;
	}
	if (!add && !peer) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OXT_A_PEER_PUBLIC_KEY],
				    "unknown peer");
		err = -ENOENT;
		goto out;
	}
	if (add) {
		if (oxt->id.set && !crypto_memneq(pub, oxt->id.pub,
						  OXT_KEY_LEN)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[OXT_A_PEER_PUBLIC_KEY],
					    "peer key is the device's own key");
			err = -EINVAL;
			goto out;
		}
		peer = oxt_peer_create(oxt, pub);
		if (IS_ERR(peer)) {
			err = PTR_ERR(peer);
			if (err == -EKEYREJECTED) {
				NL_SET_ERR_MSG_ATTR(info->extack,
						    attrs[OXT_A_PEER_PUBLIC_KEY],
						    "invalid public key");
				err = -EINVAL;
			} else {
				NL_SET_ERR_MSG(info->extack,
					       "cannot create the peer");
			}
			goto out;
		}
	}
	if (attrs[OXT_A_PEER_ENDPOINT])
		oxt_peer_set_endpoint(peer, (struct sockaddr *)&ep);
	if (attrs[OXT_A_PEER_ALLOWED_IPS]) {
		err = oxt_apply_aips(peer, attrs[OXT_A_PEER_ALLOWED_IPS]);
		if (err) {
			NL_SET_ERR_MSG(info->extack, "cannot add allowed IPs");
			if (add)
				oxt_peer_remove(peer);
			goto out;
		}
	}
	if (attrs[OXT_A_PEER_KEEPALIVE]) {
		WRITE_ONCE(peer->keepalive,
			   nla_get_u16(attrs[OXT_A_PEER_KEEPALIVE]));
		if (netif_running(dev))
			oxt_timers_keepalive_set(peer);
	}
out:
	mutex_unlock(&oxt->conf_lock);
	rtnl_unlock();
	return err;
}

static int oxt_genl_peer_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return oxt_genl_peer_change(info, true);
}

static int oxt_genl_peer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return oxt_genl_peer_change(info, false);
}

static int oxt_genl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct oxt_peer *peer;
	struct oxt_dev *oxt;
	int err = 0;

	if (!info->attrs[OXT_A_PEER_PUBLIC_KEY]) {
		NL_SET_ERR_MSG(info->extack, "peer public key required");
		return -EINVAL;
	}
	rtnl_lock();
	dev = oxt_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return PTR_ERR(dev);
	}
	oxt = netdev_priv(dev);
	mutex_lock(&oxt->conf_lock);
	peer = oxt_peer_by_key(oxt,
			       nla_data(info->attrs[OXT_A_PEER_PUBLIC_KEY]));
	if (peer) {
		/* Tell it, so it does not wait for a dead session. */
		local_bh_disable();
		oxt_send_control(peer, OXT_CTRL_DISCONNECT);
		local_bh_enable();
		oxt_peer_remove(peer);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[OXT_A_PEER_PUBLIC_KEY],
				    "unknown peer");
		err = -ENOENT;
	}
	mutex_unlock(&oxt->conf_lock);
	rtnl_unlock();
	return err;
}

static int oxt_put_aips(struct sk_buff *skb, struct oxt_peer *peer)
{
	struct nlattr *list, *one;
	struct oxt_aip *a;

	list = nla_nest_start(skb, OXT_A_PEER_ALLOWED_IPS);
	if (!list)
		return -EMSGSIZE;
	list_for_each_entry(a, &peer->aips, peer_list) {
		one = nla_nest_start(skb, OXT_A_ALLOWED_IP);
		if (!one || nla_put_u16(skb, OXT_A_AIP_FAMILY, a->family) ||
		    nla_put(skb, OXT_A_AIP_ADDR, a->family == AF_INET ? 4 : 16,
			    &a->addr) ||
		    nla_put_u8(skb, OXT_A_AIP_CIDR, a->cidr))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, list);
	return 0;
}

/* Caller holds conf_lock. */
static int oxt_fill_peer(struct sk_buff *skb, struct oxt_peer *peer,
			 struct netlink_callback *cb)
{
	struct oxt_endpoint ep;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &oxt_genl_family, NLM_F_MULTI, OXT_CMD_PEER_GET);
	if (!hdr)
		return -EMSGSIZE;
	read_lock_bh(&peer->ep_lock);
	ep = peer->ep;
	read_unlock_bh(&peer->ep_lock);
	if (nla_put_u32(skb, OXT_A_IFINDEX, peer->oxt->dev->ifindex) ||
	    nla_put(skb, OXT_A_PEER_PUBLIC_KEY, OXT_KEY_LEN, peer->rem.pub) ||
	    (ep.addr.sa.sa_family == AF_INET &&
	     nla_put(skb, OXT_A_PEER_ENDPOINT, sizeof(ep.addr.sin),
		     &ep.addr.sin)) ||
	    (ep.addr.sa.sa_family == AF_INET6 &&
	     nla_put(skb, OXT_A_PEER_ENDPOINT, sizeof(ep.addr.sin6),
		     &ep.addr.sin6)) ||
	    oxt_put_aips(skb, peer) ||
	    nla_put_u16(skb, OXT_A_PEER_KEEPALIVE, READ_ONCE(peer->keepalive)) ||
	    nla_put_u64_64bit(skb, OXT_A_PEER_LAST_HANDSHAKE,
			      READ_ONCE(peer->last_handshake_ns), OXT_A_PAD) ||
	    nla_put_u64_64bit(skb, OXT_A_PEER_HANDSHAKES,
			      atomic64_read(&peer->handshakes), OXT_A_PAD) ||
	    nla_put_u64_64bit(skb, OXT_A_PEER_RX_BYTES,
			      atomic64_read(&peer->rx_bytes), OXT_A_PAD) ||
	    nla_put_u64_64bit(skb, OXT_A_PEER_TX_BYTES,
			      atomic64_read(&peer->tx_bytes), OXT_A_PAD) ||
	    nla_put_u64_64bit(skb, OXT_A_PEER_RX_PACKETS,
			      atomic64_read(&peer->rx_packets), OXT_A_PAD) ||
	    nla_put_u64_64bit(skb, OXT_A_PEER_TX_PACKETS,
			      atomic64_read(&peer->tx_packets), OXT_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: peers already dumped. */
static int oxt_genl_peer_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct nlattr **attrs = oxt_compat_dump_attrs(cb);
	struct net_device *dev;
	struct oxt_peer *peer;
	struct oxt_dev *oxt;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	dev = oxt_dev_lookup(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return PTR_ERR(dev);
	}
	oxt = netdev_priv(dev);
	mutex_lock(&oxt->conf_lock);
	list_for_each_entry(peer, &oxt->peers, list) {
		if (idx++ < cb->args[0])
			continue;
		err = oxt_fill_peer(skb, peer, cb);
		if (err)
			break;
		cb->args[0] = idx;
	}
	mutex_unlock(&oxt->conf_lock);
	rtnl_unlock();
	return err == -EMSGSIZE ? skb->len : err;
}

static const struct genl_ops oxt_genl_ops[] = {
	{
		.cmd = OXT_CMD_DEV_GET,
		.doit = oxt_genl_dev_get_doit,
		.dumpit = oxt_genl_dev_get_dumpit,
	},
	{
		.cmd = OXT_CMD_DEV_SET,
		.doit = oxt_genl_dev_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OXT_CMD_PEER_ADD,
		.doit = oxt_genl_peer_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OXT_CMD_PEER_SET,
		.doit = oxt_genl_peer_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OXT_CMD_PEER_DEL,
		.doit = oxt_genl_peer_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OXT_CMD_PEER_GET,
		.dumpit = oxt_genl_peer_get_dumpit,
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
	.resv_start_op = OXT_CMD_PEER_GET + 1,
};

int __init oxt_genl_init(void)
{
	return genl_register_family(&oxt_genl_family);
}

void oxt_genl_exit(void)
{
	genl_unregister_family(&oxt_genl_family);
}
