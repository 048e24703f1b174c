// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the server side of connections - a client's first Initial on a
 * listener becomes a connection on a new socket, which accept() returns.
 *
 * The receive path only queues the datagram on the listener
 * (tquic_sock_initial()); the listener's accept work makes the
 * connection in process context, since deriving its Initial keys
 * allocates, and hands it the datagram.  The same work drops what is
 * queued once the socket stops listening.
 */
#include <linux/skbuff.h>
#include <net/inet_common.h>
#include <net/sock.h>

#include "compat.h"
#include "conn.h"
#include "event.h"
#include "sock.h"
#include "token.h"
#include "tquic.h"

/* Datagrams may wait for a busy socket beyond its buffers (a window's
 * worth at 1200 bytes a packet) before they are dropped.
 */
#define TQUIC_BACKLOG_EXTRA	(4 * 1024 * 1024)

/**
 * tquic_sock_deliver - hand a datagram to a connection's socket
 * @sk: the socket
 * @skb: the datagram, skb->data at its first QUIC packet
 *
 * Context: softirq, or BHs disabled.
 */
void tquic_sock_deliver(struct sock *sk, struct sk_buff *skb)
{
	struct tquic_conn *c;

	bh_lock_sock(sk);
	c = tquic_sk(sk)->conn;
	if (c && tquic_rx_offload(c, skb)) {
		/* queued for the connection's work */
	} else if (!sock_owned_by_user(sk)) {
		tquic_conn_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, READ_ONCE(sk->sk_rcvbuf) +
				  READ_ONCE(sk->sk_sndbuf) +
				  TQUIC_BACKLOG_EXTRA)) {
		TQUIC_INC_STATS(sock_net(sk), TQUIC_MIB_DROP_BACKLOG);
		kfree_skb(skb);
	}
	bh_unlock_sock(sk);
}

/**
 * tquic_sock_initial - queue a client's first Initial on listener @lsk
 * @lsk: a listening socket (held by the caller)
 * @skb: the datagram, skb->data at the Initial, or at a 0-RTT packet
 *	that may belong to a connection not made yet
 * @early: @skb is 0-RTT
 *
 * Initials wait in tquic_sock.initial_q, at most the listen() backlog of
 * them (beyond it ConnRejected); 0-RTT packets in tquic_sock.early_q, at
 * most TQUIC_EARLY_HELD_MAX (beyond it ZeroRttDropped), read by the
 * accept work after the Initials, so the connections they may belong to
 * exist by then.  Each queue has its own bound: 0-RTT packets, which
 * anyone can forge for a connection ID nobody has, never take an
 * Initial's place.
 *
 * Context: softirq.
 */
void tquic_sock_initial(struct sock *lsk, struct sk_buff *skb, bool early)
{
	struct tquic_sock *tq = tquic_sk(lsk);
	struct sk_buff_head *q = early ? &tq->early_q : &tq->initial_q;
	u32 max = early ? TQUIC_EARLY_HELD_MAX :
		  max_t(u32, READ_ONCE(lsk->sk_max_ack_backlog), 1);
	bool queued = false;

	spin_lock(&tq->accept_lock);
	if (tq->listening && skb_queue_len(q) < max) {
		__skb_queue_tail(q, skb);
		queued = true;
	}
	spin_unlock(&tq->accept_lock);
	if (!queued) {
		TQUIC_INC_STATS(sock_net(lsk), early ? TQUIC_MIB_0RTT_DROPPED :
				TQUIC_MIB_CONN_REJECTED);
		kfree_skb(skb);
		return;
	}
	sock_hold(lsk);
	if (!queue_work(tquic_wq, &tq->accept_work))
		sock_put(lsk);
}

/* A socket for a new server connection, a copy of listener @lsk. */
static struct sock *tquic_child_new(struct sock *lsk)
{
	struct tquic_sock *tq;
	struct sock *sk;

	sk = sk_clone_lock(lsk, GFP_KERNEL);
	if (!sk)
		return NULL;
	/* sk_clone_lock() counts a reference for hash tables we are not in. */
	sock_put(sk);
	tq = tquic_sk(sk);
	tq->udp = NULL;
	tq->conn = NULL;
	tq->token = NULL;
	tq->token_len = 0;
	tq->listening = false;
	tquic_sock_queues_init(tq);
	tquic_event_child(tq);
	RCU_INIT_POINTER(inet_sk(sk)->inet_opt, NULL);
	inet_sk(sk)->mc_list = NULL;
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		struct ipv6_pinfo *np = &((struct tquic6_sock *)sk)->inet6;

		inet_sk(sk)->pinet6 = np;
		RCU_INIT_POINTER(np->ipv6_mc_list, NULL);
		np->ipv6_ac_list = NULL;
		tquic_clear_ipv6_fl_list(sk);
		np->pktoptions = NULL;
		RCU_INIT_POINTER(np->opt, NULL);
	}
#endif
	inet_sk_set_state(sk, TCP_SYN_RECV);
	bh_unlock_sock(sk);
	return sk;
}

static void tquic_child_addrs(struct sock *sk, const struct tquic_conn *c)
{
	struct inet_sock *inet = inet_sk(sk);

	if (c->path->peer.ss_family == AF_INET) {
		const struct sockaddr_in *l = (const void *)&c->path->local;
		const struct sockaddr_in *p = (const void *)&c->path->peer;

		inet->inet_daddr = p->sin_addr.s_addr;
		inet->inet_dport = p->sin_port;
		inet->inet_rcv_saddr = l->sin_addr.s_addr;
		inet->inet_saddr = l->sin_addr.s_addr;
	} else {
		const struct sockaddr_in6 *l = (const void *)&c->path->local;
		const struct sockaddr_in6 *p = (const void *)&c->path->peer;

		sk->sk_v6_daddr = p->sin6_addr;
		inet->inet_dport = p->sin6_port;
		sk->sk_v6_rcv_saddr = l->sin6_addr;
	}
}

/* Make a connection of one first Initial, or hand it to the connection
 * an earlier copy made.
 */
static void tquic_accept_one(struct sock *lsk, struct sk_buff *skb)
{
	struct tquic_cid odcid = {}, scid = {}, rscid = {};
	struct tquic_cid *retry_scid = NULL;
	struct sockaddr_storage local, peer;
	struct tquic_sock *tq = tquic_sk(lsk);
	bool opened, grease, validated = false;
	struct tquic_udp_sock *u;
	struct tquic_conn *c;
	struct tquic_hdr h;
	struct sock *sk;
	u8 kind = 0;

	if (tquic_hdr_parse(skb->data, skb->len, TQUIC_LOCAL_CID_LEN, &h))
		goto drop;
	c = tquic_cid_lookup(sock_net(lsk), h.dcid, h.dcid_len);
	if (c) {
		local_bh_disable();
		tquic_sock_deliver(c->sk, skb);
		local_bh_enable();
		tquic_conn_put(c);
		return;
	}
	if (h.type != TQUIC_PKT_INITIAL) {	/* 0-RTT of no connection */
		TQUIC_INC_STATS(sock_net(lsk), TQUIC_MIB_0RTT_DROPPED);
		goto drop;
	}
	odcid.len = h.dcid_len;
	memcpy(odcid.id, h.dcid, h.dcid_len);
	scid.len = h.scid_len;
	memcpy(scid.id, h.scid, h.scid_len);
	tquic_skb_addrs(skb, &local, &peer);

	/* The listener's UDP socket, held for the child. */
	lock_sock(lsk);
	u = tq->listening && !sk_acceptq_is_full(lsk) ? tq->udp : NULL;
	if (u)
		tquic_udp_hold(u);
	grease = tq->tp.grease_quic_bit;
	release_sock(lsk);
	if (!u) {
		TQUIC_INC_STATS(sock_net(lsk), TQUIC_MIB_CONN_REJECTED);
		goto drop;
	}
	/* A token of ours validates the address; one from a Retry also
	 * names the original DCID (RFC 9000, 8.1).
	 */
	if (h.token_len) {
		if (!tquic_token_check(sock_net(lsk), h.token, h.token_len,
				       &peer, &kind, &odcid)) {
			validated = true;
			if (kind == TQUIC_TOKEN_RETRY) {
				rscid.len = h.dcid_len;
				memcpy(rscid.id, h.dcid, h.dcid_len);
				retry_scid = &rscid;
			} else {
				odcid.len = h.dcid_len;
				memcpy(odcid.id, h.dcid, h.dcid_len);
			}
		} else {
			TQUIC_INC_STATS(sock_net(lsk), TQUIC_MIB_TOKEN_INVALID);
		}
	}
	/* A client may clear the QUIC bit of its first Initial only with a
	 * NEW_TOKEN token from a server that advertised grease_quic_bit
	 * (RFC 9287, 3.1); this listener takes such an Initial when it
	 * advertises the parameter itself.
	 */
	if (h.greased &&
	    !(grease && validated && kind == TQUIC_TOKEN_NEW)) {
		TQUIC_INC_STATS(sock_net(lsk), TQUIC_MIB_DROP_MALFORMED);
		tquic_udp_put(u);
		goto drop;
	}
	if (!validated && READ_ONCE(tq->retry)) {
		tquic_retry_send(u, &h, &local, &peer);
		tquic_udp_put(u);
		goto drop;
	}
	sk = tquic_child_new(lsk);
	if (!sk) {
		tquic_udp_put(u);
		goto drop;
	}
	tquic_sk(sk)->udp = u;
	/* The connection's IDs are routed before it is the socket's: what
	 * another CPU delivers meanwhile waits in the backlog, read after
	 * the Initial by release_sock().
	 */
	lock_sock(sk);
	c = tquic_conn_new(sk, u, true, h.version, &local, &peer, &odcid,
			   retry_scid, &scid);
	if (IS_ERR(c)) {
		release_sock(sk);
		kfree_skb(skb);
		goto close;
	}
	c->addr_validated = validated;
	c->vneg.pref = READ_ONCE(tq->version_pref);
	tquic_sk(sk)->conn = c;
	tquic_child_addrs(sk, c);

	/* Nobody else owns the child yet: the Initial is processed now, and
	 * only one that authenticated makes a connection to accept.
	 */
	local_bh_disable();
	tquic_conn_rcv(sk, skb);
	local_bh_enable();
	opened = c->space[TQUIC_LEVEL_INITIAL].rx_nranges > 0;
	release_sock(sk);
	if (!opened)
		goto close;

	spin_lock_bh(&tq->accept_lock);
	if (!tq->listening) {
		spin_unlock_bh(&tq->accept_lock);
		goto close;
	}
	list_add_tail(&tquic_sk(sk)->accept_node, &tq->accept_q);
	sk_acceptq_added(lsk);
	spin_unlock_bh(&tq->accept_lock);
	lsk->sk_data_ready(lsk);
	return;

drop:
	kfree_skb(skb);
	return;
close:
	sk->sk_prot->close(sk, 0);
}

/* Once the listener stopped: close what nobody accepted. */
static void tquic_accept_reap(struct sock *lsk)
{
	struct tquic_sock *tq = tquic_sk(lsk), *child;
	struct sk_buff_head initials;
	LIST_HEAD(children);

	__skb_queue_head_init(&initials);
	spin_lock_bh(&tq->accept_lock);
	list_splice_init(&tq->accept_q, &children);
	skb_queue_splice_init(&tq->initial_q, &initials);
	skb_queue_splice_tail_init(&tq->early_q, &initials);
	spin_unlock_bh(&tq->accept_lock);
	__skb_queue_purge(&initials);
	while ((child = list_first_entry_or_null(&children, struct tquic_sock,
						 accept_node))) {
		list_del_init(&child->accept_node);
		spin_lock_bh(&tq->accept_lock);
		sk_acceptq_removed(lsk);
		spin_unlock_bh(&tq->accept_lock);
		child->inet.sk.sk_prot->close(&child->inet.sk, 0);
	}
}

/**
 * tquic_accept_work - a listener's accept work: the queued Initials
 *	first, then the queued 0-RTT packets, or once the listener stopped
 *	the reaping of both queues and of what nobody accepted
 * @work: tquic_sock.accept_work; whoever queued it holds a socket
 *	reference for it
 */
void tquic_accept_work(struct work_struct *work)
{
	struct tquic_sock *tq = container_of(work, struct tquic_sock,
					     accept_work);
	struct sock *lsk = &tq->inet.sk;
	struct sk_buff *skb;
	bool listening;

	for (;;) {
		spin_lock_bh(&tq->accept_lock);
		listening = tq->listening;
		skb = NULL;
		if (listening) {
			skb = __skb_dequeue(&tq->initial_q);
			if (!skb)
				skb = __skb_dequeue(&tq->early_q);
		}
		spin_unlock_bh(&tq->accept_lock);
		if (!skb)
			break;
		tquic_accept_one(lsk, skb);
	}
	if (!listening)
		tquic_accept_reap(lsk);
	sock_put(lsk);
}

static struct sock *tquic_accept_pop(struct tquic_sock *tq)
{
	struct tquic_sock *child;

	spin_lock_bh(&tq->accept_lock);
	child = list_first_entry_or_null(&tq->accept_q, struct tquic_sock,
					 accept_node);
	if (child)
		list_del_init(&child->accept_node);
	spin_unlock_bh(&tq->accept_lock);
	return child ? &child->inet.sk : NULL;
}

/**
 * tquic_accept_core - take the next connection of a listener
 * @sock: the listening socket
 * @newsock: the socket to graft it on
 * @flags: O_NONBLOCK
 *
 * Return: 0, -EINVAL when not listening, -EAGAIN (non-blocking or
 * timed out), or -ERESTARTSYS/-EINTR.
 */
int tquic_accept_core(struct socket *sock, struct socket *newsock, int flags)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = sock->sk, *child;
	struct tquic_sock *tq = tquic_sk(sk);
	long timeo;
	int err = 0;

	lock_sock(sk);
	timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	add_wait_queue(sk_sleep(sk), &wait);
	while (!(child = tquic_accept_pop(tq))) {
		if (!tq->listening) {
			err = -EINVAL;
			break;
		}
		if (!timeo) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(timeo);
			break;
		}
		sk_wait_event(sk, &timeo, !list_empty(&tq->accept_q) ||
			      !tq->listening, &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	if (child) {
		spin_lock_bh(&tq->accept_lock);
		sk_acceptq_removed(sk);
		spin_unlock_bh(&tq->accept_lock);
	}
	release_sock(sk);
	if (!child)
		return err;

	lock_sock(child);
	sock_graft(child, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(child);
	return 0;
}
