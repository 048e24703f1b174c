/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: the QUIC socket.
 */
#ifndef _TQUIC_SOCK_H
#define _TQUIC_SOCK_H

#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/inet_sock.h>
#include <linux/tquic.h>

#include "conn.h"

/**
 * struct tquic_sock - a QUIC socket
 * @inet: inet socket, first
 * @udp: the shared UDP socket it is bound to, or NULL
 * @conn: its connection, or NULL (listening or not connected)
 * @listen_node: in the UDP socket's listener list while listening
 * @listening: on that list
 * @accept_lock: protects @accept_q, @initial_q, @early_q and @listening
 *	against the receive path
 * @accept_q: connections accepted and not yet taken by accept()
 * @initial_q: first Initials of new connections, for @accept_work; at
 *	most the listen() backlog
 * @early_q: 0-RTT packets of connections not made yet, for @accept_work
 *	after @initial_q; at most TQUIC_EARLY_HELD_MAX, apart from
 *	@initial_q so that a flood of them never keeps an Initial out
 * @accept_work: makes connections from @initial_q and hands them what
 *	waits in @early_q (process context: deriving keys allocates)
 * @version: QUIC version to offer or prefer
 * @version_pref: the version TQUIC_SOCKOPT_VERSION set, 0 if never: a
 *	listener switches clients that offer it to it (version.c)
 * @alpn_len: length of @alpn
 * @alpn: application protocols, comma separated, not NUL terminated
 * @tp: transport parameters this endpoint announces
 * @retry: a listener sends Retry to clients without a valid token
 * @token: a client's token for its next connect() (TQUIC_SOCKOPT_TOKEN)
 * @token_len: its length
 * @accept_node: a server connection's socket in its listener's @accept_q
 * @stream_wake: writers waiting for room or credit should look again
 * @ticket_ready: TQUIC_SOCKOPT_SESSION_TICKET has bytes (POLLPRI)
 * @events: event types turned on, a bit each (event.c)
 * @event_close: the connection close event, kept while that type is on
 * @event_mem: truesize of the events on the receive queue
 */
struct tquic_sock {
	struct inet_sock inet;
	struct tquic_udp_sock *udp;
	struct tquic_conn *conn;
	struct hlist_node listen_node;
	bool listening;
	spinlock_t accept_lock; /* see kernel-doc above */
	struct list_head accept_q;
	struct sk_buff_head initial_q;
	struct sk_buff_head early_q;
	struct work_struct accept_work;
	u32 version;
	u32 version_pref;
	u8 alpn_len;
	char alpn[TQUIC_ALPN_MAX];
	struct tquic_transport_param tp;
	bool retry;
	u8 *token;
	u16 token_len;
	struct list_head accept_node;
	bool stream_wake;
	bool ticket_ready;
	u32 events;
	struct sk_buff *event_close;
	atomic_t event_mem;
};

/* ipv6_pinfo last: 6.1 finds it at the end of the object. */
struct tquic6_sock {
	struct tquic_sock tq;
	struct ipv6_pinfo inet6;
};

static inline struct tquic_sock *tquic_sk(const struct sock *sk)
{
	return (struct tquic_sock *)sk;
}

/* socket.c */
void tquic_sock_queues_init(struct tquic_sock *tq);
int tquic_bind_locked(struct sock *sk, struct sockaddr_storage *ss);

/* accept.c */
void tquic_sock_deliver(struct sock *sk, struct sk_buff *skb);
void tquic_sock_initial(struct sock *lsk, struct sk_buff *skb, bool early);
void tquic_accept_work(struct work_struct *work);
int tquic_accept_core(struct socket *sock, struct socket *newsock, int flags);

/* sockmsg.c */
int tquic_connect(struct socket *sock, struct sockaddr *addr, int len,
		  int flags);
int tquic_sendmsg(struct sock *sk, struct msghdr *msg, size_t len);
int tquic_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags,
		  int *addr_len);
int tquic_set_crypto_secret(struct sock *sk,
			    const struct tquic_crypto_secret *cs);

/* info.c */
int tquic_get_info(struct sock *sk, char __user *optval, int __user *optlen,
		   int len);

/* Room in front of a datagram for UDP, IP and link headers */
#define TQUIC_HEADROOM	(LL_MAX_HEADER + sizeof(struct ipv6hdr) + \
			 sizeof(struct udphdr))

/* udp.c */
struct sock *tquic_udp_listener(struct tquic_udp_sock *u);
void tquic_udp_hold(struct tquic_udp_sock *u);
int tquic_udp_xmit_dev(struct tquic_udp_sock *u, struct sk_buff *skb,
		       unsigned int seg, unsigned int segs,
		       const struct sockaddr_storage *local,
		       const struct sockaddr_storage *peer, int oif);
int tquic_udp_xmit(struct tquic_udp_sock *u, struct sk_buff *skb,
		   unsigned int seg, unsigned int segs,
		   const struct sockaddr_storage *local,
		   const struct sockaddr_storage *peer);
struct net *tquic_udp_net(const struct tquic_udp_sock *u);
int tquic_udp_route_payload(struct tquic_udp_sock *u,
			    const struct sockaddr_storage *local,
			    const struct sockaddr_storage *peer, int oif);
int tquic_udp_route_source(struct tquic_udp_sock *u,
			   const struct sockaddr_storage *local,
			   const struct sockaddr_storage *peer,
			   struct sockaddr_storage *src);

#endif /* _TQUIC_SOCK_H */
