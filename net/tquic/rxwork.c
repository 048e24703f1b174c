// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: reading an established connection's datagrams off the softirq.
 *
 * The receive softirq runs on the CPU that sent the datagram's way (over
 * veth or loopback, the sender's own), so opening packets there puts the
 * receiver's decryption on the sender's CPU.  Once the handshake is
 * confirmed, the receive path only queues a connection's datagrams
 * (c->rxq, bounded like the socket backlog) and its work item, on the
 * unbound tquic workqueue and so on whichever CPU is free, opens them in
 * a batch under the socket lock and sends what they call for once.
 *
 * Locking: c->rxq's own lock between the softirq and the work; the work
 * takes the socket lock.  The work holds a connection reference while
 * queued.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "conn.h"
#include "sock.h"
#include "tquic.h"

/* Datagrams may wait beyond the socket's buffers this much */
#define TQUIC_RXQ_EXTRA		(4 * 1024 * 1024)

static void tquic_rx_work(struct work_struct *work)
{
	struct tquic_conn *c = container_of(work, struct tquic_conn, rx_work);
	struct sock *sk = c->sk;
	struct sk_buff_head q;
	struct sk_buff *skb;

	__skb_queue_head_init(&q);
	lock_sock(sk);
	local_bh_disable();
	for (;;) {
		spin_lock(&c->rxq.lock);
		skb_queue_splice_init(&c->rxq, &q);
		c->rxq_bytes = 0;
		spin_unlock(&c->rxq.lock);
		if (skb_queue_empty(&q))
			break;
		while ((skb = __skb_dequeue(&q))) {
			if (tquic_sk(sk)->conn == c)
				tquic_conn_rcv_one(c, skb);
			else
				kfree_skb(skb);
		}
		if (tquic_sk(sk)->conn == c)
			tquic_output(c);
	}
	local_bh_enable();
	release_sock(sk);
	tquic_conn_put(c);
}

/**
 * tquic_rx_offload - queue a datagram for the connection's work
 * @c: connection; caller holds bh_lock_sock() of its socket
 * @skb: the datagram
 *
 * Return: true when taken (queued, or dropped over the limit), false
 * when the connection reads in the softirq (not confirmed yet).
 */
bool tquic_rx_offload(struct tquic_conn *c, struct sk_buff *skb)
{
	struct sock *sk = c->sk;
	bool kick;

	if (!c->rx_offload)
		return false;
	spin_lock(&c->rxq.lock);
	if (c->rxq_bytes + skb->truesize > READ_ONCE(sk->sk_rcvbuf) +
	    READ_ONCE(sk->sk_sndbuf) + TQUIC_RXQ_EXTRA) {
		spin_unlock(&c->rxq.lock);
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_BACKLOG);
		kfree_skb(skb);
		return true;
	}
	c->rxq_bytes += skb->truesize;
	kick = skb_queue_empty(&c->rxq);
	__skb_queue_tail(&c->rxq, skb);
	spin_unlock(&c->rxq.lock);
	if (kick) {
		refcount_inc(&c->refs);
		if (!queue_work(tquic_wq, &c->rx_work))
			tquic_conn_put(c);
	}
	return true;
}

/**
 * tquic_rx_init - receive work of a new connection
 * @c: connection
 */
void tquic_rx_init(struct tquic_conn *c)
{
	skb_queue_head_init(&c->rxq);
	INIT_WORK(&c->rx_work, tquic_rx_work);
}

/**
 * tquic_rx_purge - drop what waits (the connection is being freed; the
 *	work, which holds a reference, is not queued)
 * @c: connection
 */
void tquic_rx_purge(struct tquic_conn *c)
{
	skb_queue_purge(&c->rxq);
}
