// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the device's UDP sockets (IPv4 and IPv6, same port) in the
 * netns the device was created in, and sending to a peer's endpoint.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "oxtunnel.h"

static struct socket *oxt_sock_create(struct oxt_dev *oxt, int family,
				      u16 port, int *err)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data = oxt,
		.encap_type = 1,
		.encap_rcv = oxt_udp_recv,
	};
	struct udp_port_cfg pc = {
		.family = family,
		.local_udp_port = htons(port),
	};
	struct socket *sock;

	if (family == AF_INET) {
		pc.local_ip.s_addr = htonl(INADDR_ANY);
	} else {
		pc.local_ip6 = in6addr_any;
		pc.ipv6_v6only = 1;
	}
	*err = udp_sock_create(oxt->creating_net, &pc, &sock);
	if (*err)
		return NULL;
	setup_udp_tunnel_sock(oxt->creating_net, sock, &cfg);
	return sock;
}

/**
 * oxt_socket_open - (re)bind the device's sockets to @port
 * @oxt: the device; caller holds conf_lock
 * @port: UDP port
 *
 * Both families bind the same port; IPv6 is skipped when the kernel has
 * no IPv6.  On failure the old sockets stay.
 *
 * Return: 0 or -errno (-EADDRINUSE when the port is taken).
 */
int oxt_socket_open(struct oxt_dev *oxt, u16 port)
{
	struct socket *s4, *s6 = NULL;
	int err;

	lockdep_assert_held(&oxt->conf_lock);
	s4 = oxt_sock_create(oxt, AF_INET, port, &err);
	if (!s4)
		return err;
	/* Port 0: the kernel chose one; IPv6 takes the same. */
	port = ntohs(inet_sk(s4->sk)->inet_sport);
	if (ipv6_mod_enabled()) {
		s6 = oxt_sock_create(oxt, AF_INET6, port, &err);
		if (!s6) {
			udp_tunnel_sock_release(s4);
			return err;
		}
	}
	oxt_socket_close(oxt);
	rcu_assign_pointer(oxt->sock4, s4->sk);
	if (s6)
		rcu_assign_pointer(oxt->sock6, s6->sk);
	oxt->listen_port = port;
	return 0;
}

void oxt_socket_close(struct oxt_dev *oxt)
{
	struct sock *s4 = rcu_dereference_protected(oxt->sock4,
			lockdep_is_held(&oxt->conf_lock));
	struct sock *s6 = rcu_dereference_protected(oxt->sock6,
			lockdep_is_held(&oxt->conf_lock));

	RCU_INIT_POINTER(oxt->sock4, NULL);
	RCU_INIT_POINTER(oxt->sock6, NULL);
	synchronize_net();
	if (s4)
		udp_tunnel_sock_release(s4->sk_socket);
	if (s6)
		udp_tunnel_sock_release(s6->sk_socket);
}

/* Send @skb to @ep (a copy; ep->src4 is updated when the old source
 * address no longer works).  @cache may be NULL.
 */
static int oxt_send4(struct oxt_dev *oxt, struct oxt_endpoint *ep,
		     struct dst_cache *cache, struct sk_buff *skb, u8 tos)
{
	struct flowi4 fl4 = { .flowi4_proto = IPPROTO_UDP };
	struct rtable *rt = NULL;
	struct sock *sk;
	__be16 dport;
	int err = 0;

	rcu_read_lock_bh();
	sk = rcu_dereference_bh(oxt->sock4);
	if (!sk) {
		err = -ENONET;
		goto err;
	}
	fl4.daddr = ep->addr.sin.sin_addr.s_addr;
	fl4.saddr = ep->src4;
	dport = ep->addr.sin.sin_port;
	fl4.fl4_dport = dport;
	fl4.fl4_sport = htons(oxt->listen_port);

	if (cache)
		rt = dst_cache_get_ip4(cache, &fl4.saddr);
	if (!rt) {
		security_sk_classify_flow(sk, flowi4_to_flowi_common(&fl4));
		rt = ip_route_output_flow(sock_net(sk), &fl4, sk);
		if (IS_ERR(rt) && fl4.saddr) {
			/* Our old source address is gone: any will do. */
			fl4.saddr = 0;
			ep->src4 = 0;
			rt = ip_route_output_flow(sock_net(sk), &fl4, sk);
		}
		if (IS_ERR(rt)) {
			err = PTR_ERR(rt);
			goto err;
		}
		if (rt->dst.dev == oxt->dev) {
			/* The endpoint is routed into the tunnel itself. */
			ip_rt_put(rt);
			err = -ELOOP;
			goto err;
		}
		if (cache)
			dst_cache_set_ip4(cache, &rt->dst, fl4.saddr);
	}
	skb->ignore_df = 1;
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, tos,
			    ip4_dst_hoplimit(&rt->dst), 0, fl4.fl4_sport,
			    dport, false, false);
	rcu_read_unlock_bh();
	return 0;

err:
	rcu_read_unlock_bh();
	kfree_skb(skb);
	return err;
}

static int oxt_send6(struct oxt_dev *oxt, struct oxt_endpoint *ep,
		     struct dst_cache *cache, struct sk_buff *skb, u8 tos)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl6 = { .flowi6_proto = IPPROTO_UDP };
	struct dst_entry *dst = NULL;
	struct sock *sk;
	__be16 dport;
	int err = 0;

	rcu_read_lock_bh();
	sk = rcu_dereference_bh(oxt->sock6);
	if (!sk) {
		err = -ENONET;
		goto err;
	}
	fl6.daddr = ep->addr.sin6.sin6_addr;
	fl6.saddr = ep->src6;
	fl6.flowi6_oif = ep->addr.sin6.sin6_scope_id;
	dport = ep->addr.sin6.sin6_port;
	fl6.fl6_dport = dport;
	fl6.fl6_sport = htons(oxt->listen_port);

	if (cache)
		dst = dst_cache_get_ip6(cache, &fl6.saddr);
	if (!dst) {
		security_sk_classify_flow(sk, flowi6_to_flowi_common(&fl6));
		if (!ipv6_addr_any(&fl6.saddr) &&
		    !ipv6_chk_addr(sock_net(sk), &fl6.saddr, NULL, 0)) {
			fl6.saddr = in6addr_any;
			ep->src6 = in6addr_any;
		}
		dst = ipv6_stub->ipv6_dst_lookup_flow(sock_net(sk), sk, &fl6,
						      NULL);
		if (IS_ERR(dst)) {
			err = PTR_ERR(dst);
			goto err;
		}
		if (dst->dev == oxt->dev) {
			dst_release(dst);
			err = -ELOOP;
			goto err;
		}
		if (cache)
			dst_cache_set_ip6(cache, dst, &fl6.saddr);
	}
	skb->ignore_df = 1;
	udp_tunnel6_xmit_skb(dst, sk, skb, skb->dev, &fl6.saddr, &fl6.daddr,
			     tos, ip6_dst_hoplimit(dst), 0, fl6.fl6_sport,
			     dport, false);
	rcu_read_unlock_bh();
	return 0;

err:
	rcu_read_unlock_bh();
	kfree_skb(skb);
	return err;
#else
	kfree_skb(skb);
	return -EAFNOSUPPORT;
#endif
}

/**
 * oxt_socket_send - send a finished OxTunnel datagram in @skb to @peer
 * @peer: the peer
 * @skb: UDP payload at skb->data, headroom for the outer headers (freed)
 * @tos: outer TOS / traffic class
 *
 * Return: 0 or -errno (-EDESTADDRREQ when the endpoint is unknown).
 */
int oxt_socket_send(struct oxt_peer *peer, struct sk_buff *skb, u8 tos)
{
	struct oxt_dev *oxt = peer->oxt;
	struct oxt_endpoint ep, old;
	int err;

	read_lock_bh(&peer->ep_lock);
	ep = peer->ep;
	read_unlock_bh(&peer->ep_lock);
	old = ep;

	skb->dev = oxt->dev;
	if (ep.addr.sa.sa_family == AF_INET) {
		err = oxt_send4(oxt, &ep, &peer->dst_cache, skb, tos);
	} else if (ep.addr.sa.sa_family == AF_INET6) {
		err = oxt_send6(oxt, &ep, &peer->dst_cache, skb, tos);
	} else {
		kfree_skb(skb);
		err = -EDESTADDRREQ;
	}
	/* The source address was given up: remember, unless it roamed. */
	if (memcmp(&ep.src6, &old.src6, sizeof(ep.src6))) {
		write_lock_bh(&peer->ep_lock);
		if (!memcmp(&peer->ep.addr, &old.addr, sizeof(old.addr)))
			peer->ep.src6 = ep.src6;
		write_unlock_bh(&peer->ep_lock);
	}
	if (!err)
		WRITE_ONCE(peer->last_sent_ns, oxt_now_ns());
	return err;
}

#define OXT_OUTER_ROOM	(LL_MAX_HEADER + sizeof(struct ipv6hdr) + \
			 sizeof(struct udphdr))

/* Send a small control datagram from a buffer. */
int oxt_socket_send_buf(struct oxt_peer *peer, const void *buf, size_t len)
{
	struct sk_buff *skb = alloc_skb(OXT_OUTER_ROOM + len, GFP_ATOMIC);

	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, OXT_OUTER_ROOM);
	skb_put_data(skb, buf, len);
	return oxt_socket_send(peer, skb, 0);
}

/**
 * oxt_socket_reply - answer the sender of @in_skb (cookie replies, which
 * go to whoever sent the message, peer or not)
 * @oxt: the device
 * @in_skb: the received datagram, outer headers in place
 * @buf: payload
 * @len: its length
 */
int oxt_socket_reply(struct oxt_dev *oxt, struct sk_buff *in_skb,
		     const void *buf, size_t len)
{
	struct oxt_endpoint ep = {};
	struct sk_buff *skb;

	if (ip_hdr(in_skb)->version == 4) {
		ep.addr.sin.sin_family = AF_INET;
		ep.addr.sin.sin_addr.s_addr = ip_hdr(in_skb)->saddr;
		ep.addr.sin.sin_port = udp_hdr(in_skb)->source;
		ep.src4 = ip_hdr(in_skb)->daddr;
	} else {
		ep.addr.sin6.sin6_family = AF_INET6;
		ep.addr.sin6.sin6_addr = ipv6_hdr(in_skb)->saddr;
		ep.addr.sin6.sin6_port = udp_hdr(in_skb)->source;
		ep.src6 = ipv6_hdr(in_skb)->daddr;
	}
	skb = alloc_skb(OXT_OUTER_ROOM + len, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, OXT_OUTER_ROOM);
	skb_put_data(skb, buf, len);
	skb->dev = oxt->dev;
	if (ep.addr.sa.sa_family == AF_INET)
		return oxt_send4(oxt, &ep, NULL, skb, 0);
	return oxt_send6(oxt, &ep, NULL, skb, 0);
}

void oxt_socket_clear_src(struct oxt_peer *peer)
{
	write_lock_bh(&peer->ep_lock);
	memset(&peer->ep.src6, 0, sizeof(peer->ep.src6));
	write_unlock_bh(&peer->ep_lock);
	dst_cache_reset(&peer->dst_cache);
}
