// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the kernel UDP sockets QUIC sockets are bound to.
 *
 * All QUIC sockets bound to one local address and port in a netns share
 * one kernel UDP socket (a UDP tunnel socket whose encap_rcv is
 * tquic_udp_rcv()); it lives as long as a QUIC socket is bound to it.
 * Port 0 always makes a new socket on a free port.
 *
 * Receive: every datagram's first header is parsed.  Malformed ones are
 * counted and dropped; a long header of a version we do not speak, in a
 * datagram of at least 1200 bytes, is answered with Version Negotiation
 * when a QUIC socket on this UDP socket listens (rate-limited); packets
 * for connection IDs we do not know are counted and dropped.
 *
 * Locking: tquic_net.udp_lock (a mutex) protects the list and the
 * reference counts; receive runs under RCU and reads sk_user_data.
 */
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/ratelimit.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "packet.h"
#include "tquic.h"

/* Our connection IDs: short headers do not carry their length. */
#define TQUIC_LOCAL_CID_LEN	8

/**
 * struct tquic_udp_sock - one shared kernel UDP socket
 * @node: in tquic_net.udp_socks
 * @refs: QUIC sockets bound to it (under udp_lock)
 * @listeners: QUIC sockets on it that listen
 * @sock: the UDP socket
 * @net: its netns
 * @local: its local address and port
 * @vn_limit: rate limit of Version Negotiation replies
 */
struct tquic_udp_sock {
	struct list_head node;
	unsigned int refs;
	atomic_t listeners;
	struct socket *sock;
	struct net *net;
	struct sockaddr_storage local;
	struct ratelimit_state vn_limit;
};

static bool tquic_addr_eq(const struct sockaddr_storage *a,
			  const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		       a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a6->sin6_port == b6->sin6_port &&
	       ipv6_addr_equal(&a6->sin6_addr, &b6->sin6_addr) &&
	       a6->sin6_scope_id == b6->sin6_scope_id;
}

static __be16 tquic_addr_port(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET ?
	       ((const struct sockaddr_in *)a)->sin_port :
	       ((const struct sockaddr_in6 *)a)->sin6_port;
}

static void tquic_send_vn4(struct tquic_udp_sock *u, struct sk_buff *in,
			   struct sk_buff *skb)
{
	struct flowi4 fl4 = {
		.flowi4_proto = IPPROTO_UDP,
		.daddr = ip_hdr(in)->saddr,
		.saddr = ip_hdr(in)->daddr,
		.fl4_dport = udp_hdr(in)->source,
		.fl4_sport = udp_hdr(in)->dest,
	};
	struct sock *sk = u->sock->sk;
	struct rtable *rt;

	rt = ip_route_output_flow(u->net, &fl4, sk);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return;
	}
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, fl4.fl4_sport,
			    fl4.fl4_dport, false, false);
	TQUIC_INC_STATS(u->net, TQUIC_MIB_VN_SENT);
}

static void tquic_send_vn6(struct tquic_udp_sock *u, struct sk_buff *in,
			   struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl6 = {
		.flowi6_proto = IPPROTO_UDP,
		.daddr = ipv6_hdr(in)->saddr,
		.saddr = ipv6_hdr(in)->daddr,
		.flowi6_oif = inet6_iif(in),
		.fl6_dport = udp_hdr(in)->source,
		.fl6_sport = udp_hdr(in)->dest,
	};
	struct sock *sk = u->sock->sk;
	struct dst_entry *dst;

	dst = ipv6_stub->ipv6_dst_lookup_flow(u->net, sk, &fl6, NULL);
	if (IS_ERR(dst)) {
		kfree_skb(skb);
		return;
	}
	udp_tunnel6_xmit_skb(dst, sk, skb, dst->dev, &fl6.saddr, &fl6.daddr,
			     0, ip6_dst_hoplimit(dst), 0, fl6.fl6_sport,
			     fl6.fl6_dport, false);
	TQUIC_INC_STATS(u->net, TQUIC_MIB_VN_SENT);
#else
	kfree_skb(skb);
#endif
}

/* Answer @in, whose version we do not speak, with Version Negotiation. */
static void tquic_send_vn(struct tquic_udp_sock *u, struct sk_buff *in,
			  const struct tquic_hdr *h)
{
	size_t room = 1 + 4 + 2 + 2 * TQUIC_CID_MAX + 3 * 4;
	size_t head = LL_MAX_HEADER + sizeof(struct ipv6hdr) +
		      sizeof(struct udphdr);
	struct sk_buff *skb;
	int n;

	if (!__ratelimit(&u->vn_limit))
		return;
	skb = alloc_skb(head + room, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, head);
	n = tquic_vn_build(skb->data, room, h, get_random_u32());
	if (n < 0) {
		kfree_skb(skb);
		return;
	}
	skb_put(skb, n);
	if (ip_hdr(in)->version == 4)
		tquic_send_vn4(u, in, skb);
	else
		tquic_send_vn6(u, in, skb);
}

/**
 * tquic_udp_rcv - encap_rcv of the shared UDP sockets
 * @sk: the UDP socket
 * @skb: the datagram, skb->data at the UDP header
 *
 * Return: 0 (always consumed).
 */
static int tquic_udp_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tquic_udp_sock *u = rcu_dereference_sk_user_data(sk);
	struct net *net = sock_net(sk);
	struct tquic_hdr h;
	int err;

	if (!u || skb_linearize(skb))
		goto drop;
	__skb_pull(skb, sizeof(struct udphdr));
	TQUIC_INC_STATS(net, TQUIC_MIB_PKTS_IN);
	TQUIC_ADD_STATS(net, TQUIC_MIB_BYTES_IN, skb->len);

	err = tquic_hdr_parse(skb->data, skb->len, TQUIC_LOCAL_CID_LEN, &h);
	if (err == -EPROTONOSUPPORT) {
		TQUIC_INC_STATS(net, TQUIC_MIB_DROP_VERSION);
		/* Only datagrams big enough to open a connection get an
		 * answer (RFC 9000, 6.1), so it never amplifies.
		 */
		if (skb->len >= TQUIC_MIN_INITIAL_DATAGRAM &&
		    atomic_read(&u->listeners))
			tquic_send_vn(u, skb, &h);
		goto drop;
	}
	if (err) {
		TQUIC_INC_STATS(net, TQUIC_MIB_DROP_MALFORMED);
		goto drop;
	}
	/* No connection owns a connection ID yet. */
	TQUIC_INC_STATS(net, TQUIC_MIB_DROP_NO_CONN);
drop:
	kfree_skb(skb);
	return 0;
}

static int tquic_udp_open(struct net *net, struct tquic_udp_sock *u,
			  bool v6only)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data = u,
		.encap_type = 1,
		.encap_rcv = tquic_udp_rcv,
	};
	struct udp_port_cfg pc = { .family = u->local.ss_family };
	struct sockaddr_in *s4 = (void *)&u->local;
	struct sockaddr_in6 *s6 = (void *)&u->local;
	int err;

	if (pc.family == AF_INET) {
		pc.local_ip = s4->sin_addr;
		pc.local_udp_port = s4->sin_port;
	} else {
		pc.local_ip6 = s6->sin6_addr;
		pc.local_udp_port = s6->sin6_port;
		pc.ipv6_v6only = v6only;
		pc.bind_ifindex = s6->sin6_scope_id;
	}
	err = udp_sock_create(net, &pc, &u->sock);
	if (err)
		return err;
	/* Port 0: record the one the kernel chose. */
	if (pc.family == AF_INET)
		s4->sin_port = inet_sk(u->sock->sk)->inet_sport;
	else
		s6->sin6_port = inet_sk(u->sock->sk)->inet_sport;
	setup_udp_tunnel_sock(net, u->sock, &cfg);
	return 0;
}

/**
 * tquic_udp_get - the UDP socket for local address @addr, shared or new
 * @net: netns
 * @addr: AF_INET or AF_INET6 address and port (0: a new socket on a free
 *	port)
 * @v6only: for AF_INET6, do not take IPv4 traffic too
 * @out: the socket, with a reference for the caller
 *
 * Context: process.
 * Return: 0, -EADDRINUSE when something else holds the address, or
 * another error from creating the socket.
 */
int tquic_udp_get(struct net *net, const struct sockaddr_storage *addr,
		  bool v6only, struct tquic_udp_sock **out)
{
	struct tquic_net *tn = tquic_net(net);
	struct tquic_udp_sock *u;
	int err;

	mutex_lock(&tn->udp_lock);
	if (tquic_addr_port(addr)) {
		list_for_each_entry(u, &tn->udp_socks, node) {
			if (tquic_addr_eq(&u->local, addr)) {
				u->refs++;
				*out = u;
				mutex_unlock(&tn->udp_lock);
				return 0;
			}
		}
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u) {
		err = -ENOMEM;
		goto unlock;
	}
	u->net = net;
	u->local = *addr;
	u->refs = 1;
	ratelimit_state_init(&u->vn_limit, HZ, 1000);
	ratelimit_set_flags(&u->vn_limit, RATELIMIT_MSG_ON_RELEASE);
	err = tquic_udp_open(net, u, v6only);
	if (err) {
		kfree(u);
		goto unlock;
	}
	list_add(&u->node, &tn->udp_socks);
	*out = u;
unlock:
	mutex_unlock(&tn->udp_lock);
	return err;
}

/**
 * tquic_udp_put - drop a reference; the last one closes the socket
 * @u: the shared socket
 *
 * Context: process.
 */
void tquic_udp_put(struct tquic_udp_sock *u)
{
	struct tquic_net *tn = tquic_net(u->net);

	mutex_lock(&tn->udp_lock);
	if (--u->refs) {
		mutex_unlock(&tn->udp_lock);
		return;
	}
	list_del(&u->node);
	mutex_unlock(&tn->udp_lock);
	/* Waits for receivers in flight (synchronize_rcu inside). */
	udp_tunnel_sock_release(u->sock);
	kfree(u);
}

/**
 * tquic_udp_local - the local address and port of @u
 * @u: the shared socket
 * @addr: filled in
 */
void tquic_udp_local(const struct tquic_udp_sock *u,
		     struct sockaddr_storage *addr)
{
	*addr = u->local;
}

/**
 * tquic_udp_listen - count a QUIC socket on @u starting or stopping to
 *	listen
 * @u: the shared socket
 * @on: starts (true) or stops
 */
void tquic_udp_listen(struct tquic_udp_sock *u, bool on)
{
	if (on)
		atomic_inc(&u->listeners);
	else
		atomic_dec(&u->listeners);
}
