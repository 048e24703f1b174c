// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: addresses in netlink messages, as TQUIC_A_LOCAL / TQUIC_A_PEER
 * nests of TQUIC_ADDR_A_* attributes (family, IPv4 or IPv6 address, port
 * in host byte order, interface index).
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/netdevice.h>

#include "nl.h"

const struct nla_policy tquic_addr_nl_policy[TQUIC_ADDR_A_MAX + 1] = {
	[TQUIC_ADDR_A_FAMILY]	= { .type = NLA_U16 },
	[TQUIC_ADDR_A_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[TQUIC_ADDR_A_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[TQUIC_ADDR_A_PORT]	= { .type = NLA_U16 },
	[TQUIC_ADDR_A_IFINDEX]	= { .type = NLA_U32 },
};

/**
 * tquic_nl_put_addr - @ss as an @attr nest
 * @skb: message
 * @attr: TQUIC_A_LOCAL, TQUIC_A_PEER, TQUIC_PATH_A_LOCAL, ...
 * @ss: AF_INET or AF_INET6 address (other families put the family only)
 * @ifindex: interface, 0 for none (IPv6: the scope id when 0)
 *
 * Return: 0 or -EMSGSIZE.
 */
int tquic_nl_put_addr(struct sk_buff *skb, int attr,
		      const struct sockaddr_storage *ss, int ifindex)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
	struct nlattr *nest;

	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, TQUIC_ADDR_A_FAMILY, ss->ss_family))
		goto err;
	if (ss->ss_family == AF_INET) {
		if (nla_put_in_addr(skb, TQUIC_ADDR_A_ADDR4,
				    s4->sin_addr.s_addr) ||
		    nla_put_u16(skb, TQUIC_ADDR_A_PORT, ntohs(s4->sin_port)))
			goto err;
	} else if (ss->ss_family == AF_INET6) {
		if (!ifindex)
			ifindex = s6->sin6_scope_id;
		if (nla_put_in6_addr(skb, TQUIC_ADDR_A_ADDR6, &s6->sin6_addr) ||
		    nla_put_u16(skb, TQUIC_ADDR_A_PORT, ntohs(s6->sin6_port)))
			goto err;
	}
	if (ifindex && nla_put_u32(skb, TQUIC_ADDR_A_IFINDEX, ifindex))
		goto err;
	nla_nest_end(skb, nest);
	return 0;

err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/**
 * tquic_nl_get_addr - the address of a TQUIC_ADDR_A_* nest
 * @net: netns of the request (for the interface)
 * @nest: the nest, validated by the family policy
 * @ss: the address and port
 * @ifindex: the interface (0: none); an IPv6 address gets it as scope id
 * @extack: error message
 *
 * Return: 0, -EINVAL for a missing or mismatched family or address,
 * -EAFNOSUPPORT for a family other than AF_INET and AF_INET6, -ENODEV
 * for an unknown interface.
 */
int tquic_nl_get_addr(struct net *net, const struct nlattr *nest,
		      struct sockaddr_storage *ss, int *ifindex,
		      struct netlink_ext_ack *extack)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct nlattr *tb[TQUIC_ADDR_A_MAX + 1];
	u16 port = 0;
	int err;

	err = nla_parse_nested(tb, TQUIC_ADDR_A_MAX, nest,
			       tquic_addr_nl_policy, extack);
	if (err)
		return err;
	if (!tb[TQUIC_ADDR_A_FAMILY]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "address family missing");
		return -EINVAL;
	}
	if (tb[TQUIC_ADDR_A_PORT])
		port = nla_get_u16(tb[TQUIC_ADDR_A_PORT]);
	*ifindex = 0;
	if (tb[TQUIC_ADDR_A_IFINDEX])
		*ifindex = nla_get_u32(tb[TQUIC_ADDR_A_IFINDEX]);
	if (*ifindex) {
		rcu_read_lock();
		err = dev_get_by_index_rcu(net, *ifindex) ? 0 : -ENODEV;
		rcu_read_unlock();
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, tb[TQUIC_ADDR_A_IFINDEX],
					    "no such device");
			return err;
		}
	}
	memset(ss, 0, sizeof(*ss));
	switch (nla_get_u16(tb[TQUIC_ADDR_A_FAMILY])) {
	case AF_INET:
		if (!tb[TQUIC_ADDR_A_ADDR4] || tb[TQUIC_ADDR_A_ADDR6]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "AF_INET needs an IPv4 address");
			return -EINVAL;
		}
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = nla_get_in_addr(tb[TQUIC_ADDR_A_ADDR4]);
		s4->sin_port = htons(port);
		return 0;
	case AF_INET6:
		if (!tb[TQUIC_ADDR_A_ADDR6] || tb[TQUIC_ADDR_A_ADDR4]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "AF_INET6 needs an IPv6 address");
			return -EINVAL;
		}
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = nla_get_in6_addr(tb[TQUIC_ADDR_A_ADDR6]);
		s6->sin6_port = htons(port);
		s6->sin6_scope_id = *ifindex;
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, tb[TQUIC_ADDR_A_FAMILY],
			    "unsupported address family");
	return -EAFNOSUPPORT;
}
