// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the kernel UDP sockets QUIC sockets are bound to.
 *
 * All QUIC sockets bound to one local address and port in a netns share
 * one kernel UDP socket; it lives as long as a QUIC socket is bound to
 * it.  Port 0 always makes a new socket on a free port.  As with
 * SO_REUSEPORT, only the user who made it shares it; a privileged port
 * needs CAP_NET_BIND_SERVICE for every bind; one QUIC socket at a time
 * listens on it.  It is read from its queue as it fills
 * (tquic_udp_data_ready(), taking UDP GSO packets whole: gro.c), or with
 * net.tquic.gro 0 when it was opened as a UDP tunnel socket whose
 * encap_rcv is tquic_udp_encap_rcv().
 *
 * Receive: every datagram's first header is parsed.  Malformed ones are
 * counted and dropped; a long header of a version we do not speak, in a
 * datagram of at least 1200 bytes, is answered with Version Negotiation
 * when a QUIC socket on this UDP socket listens (rate-limited).  A known
 * connection ID hands the datagram to its connection's socket; a client's
 * first Initial (in 1200 bytes or more) goes to a listener, which makes a
 * connection of it; a datagram that ends in a peer's stateless reset
 * token goes to the connection that holds the token (reset.c).  Anything
 * else is counted and dropped, and a short header packet among them is
 * answered with a stateless reset (RFC 9000, 10.3; rate-limited).
 *
 * Locking: tquic_net.udp_lock (a mutex) protects the list and the
 * reference counts; receive runs under RCU and reads sk_user_data.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/ratelimit.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "packet.h"
#include "reset.h"
#include "sock.h"
#include "tquic.h"

/* What a UDP socket read by tquic_udp_data_ready() may hold queued: it is
 * drained as it fills, so this only covers a burst from several CPUs.
 */
#define TQUIC_UDP_RCVBUF	(8 * 1024 * 1024)

/**
 * struct tquic_udp_sock - one shared kernel UDP socket
 * @node: in tquic_net.udp_socks
 * @refs: QUIC sockets and connections using it; dropping the last one
 *	takes udp_lock
 * @listeners: the QUIC socket on it that listens, if any: never more
 *	than one (RCU; changed under udp_lock)
 * @sock: the UDP socket
 * @net: its netns
 * @owner: the filesystem uid of the task that made it (what sk_uid
 *	records at socket()); only that user's QUIC sockets share it
 * @local: its local address and port
 * @vn_limit: rate limit of Version Negotiation replies
 * @reset_limit: rate limit of stateless resets
 */
struct tquic_udp_sock {
	struct list_head node;
	refcount_t refs;
	struct hlist_head listeners;
	struct socket *sock;
	struct net *net;
	kuid_t owner;
	struct sockaddr_storage local;
	struct ratelimit_state vn_limit;
	struct ratelimit_state reset_limit;
};

/**
 * tquic_ip_eq - two addresses have the same family and IP address,
 *	whatever their ports and scopes
 * @a: one
 * @b: the other
 */
bool tquic_ip_eq(const struct sockaddr_storage *a,
		 const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return ipv6_addr_equal(&a6->sin6_addr, &b6->sin6_addr);
}

static __be16 tquic_addr_port(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET ?
	       ((const struct sockaddr_in *)a)->sin_port :
	       ((const struct sockaddr_in6 *)a)->sin6_port;
}

/**
 * tquic_addr_eq - two addresses are the same endpoint (family, address,
 *	port and IPv6 scope)
 * @a: one
 * @b: the other
 */
bool tquic_addr_eq(const struct sockaddr_storage *a,
		   const struct sockaddr_storage *b)
{
	if (!tquic_ip_eq(a, b) || tquic_addr_port(a) != tquic_addr_port(b))
		return false;
	return a->ss_family == AF_INET ||
	       ((const struct sockaddr_in6 *)a)->sin6_scope_id ==
	       ((const struct sockaddr_in6 *)b)->sin6_scope_id;
}

static struct rtable *tquic_route4(struct tquic_udp_sock *u,
				   const struct sockaddr_in *local,
				   const struct sockaddr_in *peer, int oif,
				   struct flowi4 *fl4)
{
	memset(fl4, 0, sizeof(*fl4));
	fl4->flowi4_oif = oif;
	fl4->flowi4_proto = IPPROTO_UDP;
	fl4->daddr = peer->sin_addr.s_addr;
	fl4->saddr = local->sin_addr.s_addr;
	fl4->fl4_dport = peer->sin_port;
	fl4->fl4_sport = local->sin_port;
	return ip_route_output_flow(u->net, fl4, u->sock->sk);
}

/* QUIC datagrams are never fragmented: DF is set (RFC 9000, 14). */
static int tquic_xmit4(struct tquic_udp_sock *u, struct sk_buff *skb,
		       const struct sockaddr_in *local,
		       const struct sockaddr_in *peer, int oif)
{
	struct flowi4 fl4;
	struct rtable *rt;

	rt = tquic_route4(u, local, peer, oif, &fl4);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return PTR_ERR(rt);
	}
	udp_tunnel_xmit_skb(rt, u->sock->sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), htons(IP_DF),
			    fl4.fl4_sport, fl4.fl4_dport, false, false);
	return 0;
}

#if IS_ENABLED(CONFIG_IPV6)
static struct dst_entry *tquic_route6(struct tquic_udp_sock *u,
				      const struct sockaddr_in6 *local,
				      const struct sockaddr_in6 *peer, int oif,
				      struct flowi6 *fl6)
{
	memset(fl6, 0, sizeof(*fl6));
	fl6->flowi6_proto = IPPROTO_UDP;
	fl6->daddr = peer->sin6_addr;
	fl6->saddr = local->sin6_addr;
	fl6->flowi6_oif = oif ?: peer->sin6_scope_id;
	fl6->fl6_dport = peer->sin6_port;
	fl6->fl6_sport = local->sin6_port;
	return ipv6_stub->ipv6_dst_lookup_flow(u->net, u->sock->sk, fl6, NULL);
}
#endif

static int tquic_xmit6(struct tquic_udp_sock *u, struct sk_buff *skb,
		       const struct sockaddr_in6 *local,
		       const struct sockaddr_in6 *peer, int oif)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct dst_entry *dst;
	struct flowi6 fl6;

	dst = tquic_route6(u, local, peer, oif, &fl6);
	if (IS_ERR(dst)) {
		kfree_skb(skb);
		return PTR_ERR(dst);
	}
	/* No tunnel device: its stats would land in the route's device. */
	udp_tunnel6_xmit_skb(dst, u->sock->sk, skb, NULL, &fl6.saddr,
			     &fl6.daddr, 0, ip6_dst_hoplimit(dst), 0,
			     fl6.fl6_sport, fl6.fl6_dport, false);
	return 0;
#else
	kfree_skb(skb);
	return -EAFNOSUPPORT;
#endif
}

/**
 * tquic_udp_xmit_dev - send a datagram, or a train of them, from @local
 *	to @peer
 * @u: the UDP socket
 * @skb: the UDP payload, with headroom for UDP, IP and link headers; with
 *	@segs > 1, that many datagrams of @seg bytes each (the last may be
 *	shorter), sent as one UDP GSO super-packet
 * @seg: datagram size of a train
 * @segs: datagrams in @skb
 * @local: source address and port (a wildcard address lets the route
 *	choose)
 * @peer: destination
 * @oif: the interface it must leave by (0: the route decides)
 *
 * Return: 0 or a routing error (@skb is consumed either way).
 */
int tquic_udp_xmit_dev(struct tquic_udp_sock *u, struct sk_buff *skb,
		       unsigned int seg, unsigned int segs,
		       const struct sockaddr_storage *local,
		       const struct sockaddr_storage *peer, int oif)
{
	if (segs > 1) {
		/* The stack (or the device) cuts it; the UDP checksum is
		 * completed per segment from the pseudo header that
		 * udp_set_csum() leaves in the header we get.
		 */
		skb_shinfo(skb)->gso_size = seg;
		skb_shinfo(skb)->gso_segs = segs;
		skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_headroom(skb) - sizeof(struct udphdr);
		skb->csum_offset = offsetof(struct udphdr, check);
		TQUIC_INC_STATS(u->net, TQUIC_MIB_GSO_TRAINS);
	}
	if (peer->ss_family == AF_INET)
		return tquic_xmit4(u, skb, (const void *)local,
				   (const void *)peer, oif);
	return tquic_xmit6(u, skb, (const void *)local, (const void *)peer,
			   oif);
}

/**
 * tquic_udp_xmit - tquic_udp_xmit_dev() where the route decides
 * @u: the UDP socket
 * @skb: the UDP payload (see tquic_udp_xmit_dev())
 * @seg: datagram size of a train
 * @segs: datagrams in @skb
 * @local: source address and port
 * @peer: destination
 *
 * Return: 0 or a routing error (@skb is consumed either way).
 */
int tquic_udp_xmit(struct tquic_udp_sock *u, struct sk_buff *skb,
		   unsigned int seg, unsigned int segs,
		   const struct sockaddr_storage *local,
		   const struct sockaddr_storage *peer)
{
	return tquic_udp_xmit_dev(u, skb, seg, segs, local, peer, 0);
}

/* Look up the route from @local to @peer (by interface @oif, 0: any):
 * its MTU to *@mtu and the source address it gives (port kept from
 * @local) to *@src.
 */
static int tquic_udp_route(struct tquic_udp_sock *u,
			   const struct sockaddr_storage *local,
			   const struct sockaddr_storage *peer, int oif,
			   unsigned int *mtu, struct sockaddr_storage *src)
{
	*src = *local;
	if (peer->ss_family == AF_INET) {
		struct flowi4 fl4;
		struct rtable *rt;

		rt = tquic_route4(u, (const void *)local, (const void *)peer,
				  oif, &fl4);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		*mtu = dst_mtu(&rt->dst);
		((struct sockaddr_in *)src)->sin_addr.s_addr = fl4.saddr;
		ip_rt_put(rt);
		return 0;
	}
#if IS_ENABLED(CONFIG_IPV6)
	{
		struct dst_entry *dst;
		struct flowi6 fl6;

		dst = tquic_route6(u, (const void *)local, (const void *)peer,
				   oif, &fl6);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		*mtu = dst_mtu(dst);
		((struct sockaddr_in6 *)src)->sin6_addr = fl6.saddr;
		dst_release(dst);
		return 0;
	}
#else
	return -EAFNOSUPPORT;
#endif
}

/**
 * tquic_udp_route_payload - the UDP payload the route from @local to
 *	@peer carries unfragmented
 * @u: the UDP socket
 * @local: source address
 * @peer: destination
 * @oif: the interface (0: the route decides)
 *
 * Return: bytes, or a negative routing error.
 */
int tquic_udp_route_payload(struct tquic_udp_sock *u,
			    const struct sockaddr_storage *local,
			    const struct sockaddr_storage *peer, int oif)
{
	struct sockaddr_storage src;
	unsigned int mtu;
	int err;

	err = tquic_udp_route(u, local, peer, oif, &mtu, &src);
	if (err)
		return err;
	return (int)mtu - (int)((peer->ss_family == AF_INET ?
				 sizeof(struct iphdr) :
				 sizeof(struct ipv6hdr)) +
				sizeof(struct udphdr));
}

/**
 * tquic_udp_route_source - the source address the route from @local to
 *	@peer gives (@local itself unless it is a wildcard)
 * @u: the UDP socket
 * @local: source address (port kept)
 * @peer: destination
 * @src: gets the address
 *
 * Return: 0 or a negative routing error.
 */
int tquic_udp_route_source(struct tquic_udp_sock *u,
			   const struct sockaddr_storage *local,
			   const struct sockaddr_storage *peer,
			   struct sockaddr_storage *src)
{
	unsigned int mtu;

	return tquic_udp_route(u, local, peer, 0, &mtu, src);
}

/**
 * tquic_udp_net - the netns of a shared UDP socket
 * @u: the socket
 */
struct net *tquic_udp_net(const struct tquic_udp_sock *u)
{
	return u->net;
}

/**
 * tquic_skb_addrs - the addresses of a received datagram
 * @skb: the datagram (network and transport headers set)
 * @local: its destination, our address
 * @peer: its source
 */
void tquic_skb_addrs(const struct sk_buff *skb, struct sockaddr_storage *local,
		     struct sockaddr_storage *peer)
{
	const struct udphdr *uh = udp_hdr(skb);

	memset(local, 0, sizeof(*local));
	memset(peer, 0, sizeof(*peer));
	if (ip_hdr(skb)->version == 4) {
		struct sockaddr_in *l = (void *)local, *p = (void *)peer;

		l->sin_family = AF_INET;
		l->sin_addr.s_addr = ip_hdr(skb)->daddr;
		l->sin_port = uh->dest;
		p->sin_family = AF_INET;
		p->sin_addr.s_addr = ip_hdr(skb)->saddr;
		p->sin_port = uh->source;
	} else {
		struct sockaddr_in6 *l = (void *)local, *p = (void *)peer;

		l->sin6_family = AF_INET6;
		l->sin6_addr = ipv6_hdr(skb)->daddr;
		l->sin6_port = uh->dest;
		p->sin6_family = AF_INET6;
		p->sin6_addr = ipv6_hdr(skb)->saddr;
		p->sin6_port = uh->source;
		if (ipv6_addr_type(&p->sin6_addr) & IPV6_ADDR_LINKLOCAL)
			p->sin6_scope_id = inet6_iif(skb);
	}
}

/* Answer @in, whose version we do not speak, with Version Negotiation. */
static void tquic_send_vn(struct tquic_udp_sock *u, struct sk_buff *in,
			  const struct tquic_hdr *h)
{
	size_t room = 1 + 4 + 2 + 2 * TQUIC_CID_MAX + 3 * 4;
	struct sockaddr_storage local, peer;
	struct sk_buff *skb;
	struct sock *lsk;
	int n;

	/* Only a server answers. */
	lsk = tquic_udp_listener(u);
	if (!lsk)
		return;
	sock_put(lsk);
	if (!__ratelimit(&u->vn_limit))
		return;
	skb = alloc_skb(TQUIC_HEADROOM + room, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, TQUIC_HEADROOM);
	n = tquic_vn_build(skb->data, room, h, get_random_u32());
	if (n < 0) {
		kfree_skb(skb);
		return;
	}
	skb_put(skb, n);
	tquic_skb_addrs(in, &local, &peer);
	if (!tquic_udp_xmit(u, skb, n, 1, &local, &peer))
		TQUIC_INC_STATS(u->net, TQUIC_MIB_VN_SENT);
}

/* Answer @in, a short header packet for connection ID @h->dcid that no
 * connection owns, with a stateless reset carrying the ID's token.
 */
static void tquic_send_reset(struct tquic_udp_sock *u, struct sk_buff *in,
			     const struct tquic_hdr *h)
{
	struct sockaddr_storage local, peer;
	struct sk_buff *skb;
	size_t n;

	n = tquic_reset_len(in->len, get_random_u32());
	if (!n || !__ratelimit(&u->reset_limit))
		return;
	skb = alloc_skb(TQUIC_HEADROOM + n, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, TQUIC_HEADROOM);
	if (tquic_reset_build(u->net, skb_put(skb, n), n, h->dcid,
			      h->dcid_len)) {
		kfree_skb(skb);
		return;
	}
	tquic_skb_addrs(in, &local, &peer);
	if (!tquic_udp_xmit(u, skb, n, 1, &local, &peer))
		TQUIC_INC_STATS(u->net, TQUIC_MIB_STATELESS_RESET_SENT);
}

/* @skb (consumed) to @conn, found by a lookup whose reference this drops:
 * absorbed in its closing period, else queued to its socket
 */
static void tquic_udp_to_conn(struct tquic_conn *conn, struct sk_buff *skb)
{
	if (!tquic_drain_rcv(conn, skb))
		tquic_sock_deliver(conn->sk, skb);
	tquic_conn_put(conn);
}

/* One datagram, skb->data past its UDP header; consumed */
static void tquic_udp_rcv_one(struct tquic_udp_sock *u, struct sk_buff *skb)
{
	struct net *net = u->net;
	struct tquic_conn *conn;
	struct tquic_hdr h;
	struct sock *lsk;
	int err;

	if (skb_linearize(skb)) {
		TQUIC_INC_STATS(net, TQUIC_MIB_DROP_NO_MEM);
		goto drop;
	}
	TQUIC_ADD_STATS(net, TQUIC_MIB_BYTES_IN, skb->len);

	err = tquic_hdr_parse(skb->data, skb->len, TQUIC_LOCAL_CID_LEN, &h);
	if (err == -EPROTONOSUPPORT) {
		TQUIC_INC_STATS(net, TQUIC_MIB_DROP_VERSION);
		/* Only datagrams big enough to open a connection get an
		 * answer (RFC 9000, 6.1), so it never amplifies.
		 */
		if (skb->len >= TQUIC_MIN_INITIAL_DATAGRAM)
			tquic_send_vn(u, skb, &h);
		goto drop;
	}
	if (err) {
		/* A reset may be shorter than a packet, or greased. */
		if (tquic_reset_route(net, skb))
			return;
		TQUIC_INC_STATS(net, TQUIC_MIB_DROP_MALFORMED);
		goto drop;
	}
	conn = tquic_cid_lookup(net, h.dcid, h.dcid_len);
	if (conn) {
		tquic_udp_to_conn(conn, skb);
		return;
	}
	/* A client's first Initial opens a connection on a listener; its
	 * 0-RTT packets may come before the connection exists.
	 */
	if (((h.type == TQUIC_PKT_INITIAL &&
	      skb->len >= TQUIC_MIN_INITIAL_DATAGRAM) ||
	     h.type == TQUIC_PKT_0RTT) &&
	    h.dcid_len >= TQUIC_MIN_INITIAL_DCID_LEN) {
		lsk = tquic_udp_listener(u);
		if (lsk) {
			tquic_sock_initial(lsk, skb,
					   h.type == TQUIC_PKT_0RTT);
			sock_put(lsk);
			return;
		}
	}
	if (tquic_reset_route(net, skb))
		return;
	TQUIC_INC_STATS(net, TQUIC_MIB_DROP_NO_CONN);
	if (h.type == TQUIC_PKT_1RTT)
		tquic_send_reset(u, skb, &h);
drop:
	kfree_skb(skb);
}

/* A super-packet (gro.c), skb->data past its UDP header, that may go
 * whole to one of our connections
 */
static bool tquic_udp_rcv_train(struct tquic_udp_sock *u, struct sk_buff *skb)
{
	struct tquic_conn *conn;

	if (!tquic_gro_whole(skb, TQUIC_LOCAL_CID_LEN))
		return false;
	conn = tquic_cid_lookup(u->net, skb->data + 1, TQUIC_LOCAL_CID_LEN);
	if (!conn)
		return false;
	TQUIC_ADD_STATS(u->net, TQUIC_MIB_BYTES_IN, skb->len);
	TQUIC_INC_STATS(u->net, TQUIC_MIB_GRO_TRAINS);
	tquic_udp_to_conn(conn, skb);
	return true;
}

/* encap_rcv of the shared UDP sockets opened with net.tquic.gro 0: one
 * datagram, skb->data at its UDP header.  Return: 0 (consumed).
 */
static int tquic_udp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tquic_udp_sock *u = rcu_dereference_sk_user_data(sk);

	if (!u) {	/* being released */
		TQUIC_INC_STATS(sock_net(sk), TQUIC_MIB_DROP_NO_CONN);
		kfree_skb(skb);
		return 0;
	}
	__skb_pull(skb, sizeof(struct udphdr));
	tquic_udp_rcv_one(u, skb);
	return 0;
}

/* A datagram on UDP socket @sk's queue failed its UDP checksum: counted
 * here and, as UDP counts what its readers find so (udp_recvmsg()), in
 * the socket's drops and the UDP MIB of its IP version.  (With
 * net.tquic.gro 0 the UDP layer checks before encap_rcv and counts only
 * there.)
 */
static void tquic_udp_csum_error(struct sock *sk, const struct sk_buff *skb)
{
	struct net *net = sock_net(sk);

	TQUIC_INC_STATS(net, TQUIC_MIB_DROP_CHECKSUM);
	atomic_inc(&sk->sk_drops);
	if (skb->protocol == htons(ETH_P_IP)) {
		UDP_INC_STATS(net, UDP_MIB_CSUMERRORS, 0);
		UDP_INC_STATS(net, UDP_MIB_INERRORS, 0);
		return;
	}
#if IS_ENABLED(CONFIG_IPV6)
	UDP6_INC_STATS(net, UDP_MIB_CSUMERRORS, 0);
	UDP6_INC_STATS(net, UDP_MIB_INERRORS, 0);
#endif
}

/* sk_data_ready of the shared UDP sockets opened with net.tquic.gro 1:
 * their queue, drained as it fills (in the receive softirq).  Unlike a
 * tunnel's encap_rcv, which the UDP layer hands every UDP GSO packet cut
 * into datagrams, a socket that takes GSO packets (udp_allow_gso())
 * queues them whole.  Each is a datagram (read as with encap_rcv), a
 * super-packet for one connection (to it whole) or one to cut up.  A bad
 * UDP checksum counts DropChecksum, datagrams lost for want of memory
 * DropNoMemory.
 */
static void tquic_udp_data_ready(struct sock *sk)
{
	struct sk_buff *skb, *next;
	struct net *net = sock_net(sk);
	struct tquic_udp_sock *u;
	unsigned int segs;
	int err;

	rcu_read_lock();
	u = rcu_dereference_sk_user_data(sk);
	while ((skb = skb_recv_udp(sk, MSG_DONTWAIT, &err))) {
		if (!u) {	/* being released */
			TQUIC_INC_STATS(net, TQUIC_MIB_DROP_NO_CONN);
			kfree_skb(skb);
			continue;
		}
		if (!udp_skb_csum_unnecessary(skb) &&
		    __udp_lib_checksum_complete(skb)) {
			tquic_udp_csum_error(sk, skb);
			kfree_skb(skb);
			continue;
		}
		skb->dev = NULL;	/* the UDP queue's scratch until now */
		if (!skb_is_gso(skb)) {
			tquic_udp_rcv_one(u, skb);
			continue;
		}
		if (tquic_udp_rcv_train(u, skb))
			continue;
		TQUIC_INC_STATS(net, TQUIC_MIB_GRO_SPLIT);
		segs = skb_shinfo(skb)->gso_size ?
		       DIV_ROUND_UP(skb->len, skb_shinfo(skb)->gso_size) : 0;
		skb_list_walk_safe(tquic_gro_split(skb), skb, next) {
			skb_mark_not_on_list(skb);
			if (segs)
				segs--;
			tquic_udp_rcv_one(u, skb);
		}
		/* Those the split had no memory for */
		if (segs)
			TQUIC_ADD_STATS(net, TQUIC_MIB_DROP_NO_MEM, segs);
	}
	rcu_read_unlock();
}

static int tquic_udp_open(struct net *net, struct tquic_udp_sock *u,
			  bool v6only)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data = u,
		.encap_type = 1,
	};
	struct udp_port_cfg pc = { .family = u->local.ss_family };
	struct sockaddr_in *s4 = (void *)&u->local;
	struct sockaddr_in6 *s6 = (void *)&u->local;
	struct sock *sk;
	int err, gro;

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
	gro = READ_ONCE(tquic_net(net)->params.gro);
	if (!gro)
		cfg.encap_rcv = tquic_udp_encap_rcv;
	setup_udp_tunnel_sock(net, u->sock, &cfg);
	if (!gro)
		return 0;
	/* Super-packets whole (gro.c): read from the socket's queue */
	sk = u->sock->sk;
	udp_allow_gso(sk);
	WRITE_ONCE(sk->sk_rcvbuf, TQUIC_UDP_RCVBUF);
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = tquic_udp_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
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
 * The calling task's credentials decide, as for bind(): a port below
 * net.ipv4.ip_unprivileged_port_start needs CAP_NET_BIND_SERVICE in the
 * netns's user namespace, whether the socket is new or shared, and, as
 * with SO_REUSEPORT, a socket is shared only with the user (filesystem
 * uid) that made it.
 *
 * Context: process.
 * Return: 0, -EACCES for a privileged port without the capability,
 * -EADDRINUSE when something else (or another user's QUIC socket) holds
 * the address, or another error from creating the socket.
 */
int tquic_udp_get(struct net *net, const struct sockaddr_storage *addr,
		  bool v6only, struct tquic_udp_sock **out)
{
	struct tquic_net *tn = tquic_net(net);
	__be16 port = tquic_addr_port(addr);
	kuid_t uid = current_fsuid();
	struct tquic_udp_sock *u;
	int err;

	if (port && inet_port_requires_bind_service(net, ntohs(port)) &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;
	mutex_lock(&tn->udp_lock);
	if (port) {
		list_for_each_entry(u, &tn->udp_socks, node) {
			if (!tquic_addr_eq(&u->local, addr))
				continue;
			if (!uid_eq(u->owner, uid)) {
				err = -EADDRINUSE;
				goto unlock;
			}
			refcount_inc(&u->refs);
			*out = u;
			mutex_unlock(&tn->udp_lock);
			return 0;
		}
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u) {
		err = -ENOMEM;
		goto unlock;
	}
	u->net = net;
	u->owner = uid;
	u->local = *addr;
	refcount_set(&u->refs, 1);
	INIT_HLIST_HEAD(&u->listeners);
	ratelimit_state_init(&u->vn_limit, HZ, 1000);
	ratelimit_set_flags(&u->vn_limit, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_state_init(&u->reset_limit, HZ, 1000);
	ratelimit_set_flags(&u->reset_limit, RATELIMIT_MSG_ON_RELEASE);
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

	if (!refcount_dec_and_mutex_lock(&u->refs, &tn->udp_lock))
		return;
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
 * tquic_udp_hold - take another reference on @u
 * @u: the shared socket, already held by the caller
 */
void tquic_udp_hold(struct tquic_udp_sock *u)
{
	refcount_inc(&u->refs);
}

/**
 * tquic_udp_listen - a QUIC socket on @u starts or stops listening
 * @u: the shared socket
 * @sk: the QUIC socket
 * @on: starts (true) or stops
 *
 * One QUIC socket at a time listens on a UDP socket: a second one would
 * take every new client from the first (as TCP, it gets -EADDRINUSE).
 *
 * Context: process.
 * Return: 0, or -EADDRINUSE when another QUIC socket listens on @u.
 */
int tquic_udp_listen(struct tquic_udp_sock *u, struct sock *sk, bool on)
{
	struct tquic_net *tn = tquic_net(u->net);
	int err = 0;

	mutex_lock(&tn->udp_lock);
	if (!on)
		hlist_del_init_rcu(&tquic_sk(sk)->listen_node);
	else if (!hlist_empty(&u->listeners))
		err = -EADDRINUSE;
	else
		hlist_add_head_rcu(&tquic_sk(sk)->listen_node, &u->listeners);
	mutex_unlock(&tn->udp_lock);
	if (!on)
		synchronize_rcu();
	return err;
}

/**
 * tquic_udp_listener - the listening QUIC socket on @u, held
 * @u: the shared socket
 *
 * Return: the socket (drop with sock_put()) or NULL.
 */
struct sock *tquic_udp_listener(struct tquic_udp_sock *u)
{
	struct tquic_sock *tq;
	struct sock *sk = NULL;

	rcu_read_lock();
	tq = hlist_entry_safe(rcu_dereference(hlist_first_rcu(&u->listeners)),
			      struct tquic_sock, listen_node);
	if (tq && refcount_inc_not_zero(&tq->inet.sk.sk_refcnt))
		sk = &tq->inet.sk;
	rcu_read_unlock();
	return sk;
}
