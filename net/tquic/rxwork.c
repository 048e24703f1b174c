// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: reading an established connection's datagrams off the softirq.
 *
 * The receive softirq runs on the CPU that sent the datagram's way (over
 * veth or loopback, the sender's own), so opening packets there puts the
 * receiver's decryption on the sender's CPU.  Once the handshake is
 * confirmed, the receive path only queues a connection's datagrams
 * (c->rxq, bounded like the socket backlog) and its work item opens them
 * in a batch under the socket lock and sends what they call for once.
 * The work runs on the CPU where the socket's reader last called
 * recvmsg() (c->rx_cpu; tquic_rx_wq, bound to CPUs), so that the data
 * is opened where it is read and the sender's CPU is left to the sender
 * - as kTLS decrypts in its reader's recvmsg(); left to the scheduler,
 * the work was often woken on the sending CPU, and a bulk transfer over
 * veth ran a fifth slower (median of nine runs).  A socket nobody read
 * from yet (a sender that only takes ACKs) uses the unbound tquic_wq.
 * When user space holds the socket (a writer sealing packets, a reader
 * copying data out) no work is queued at all: the softirq leaves a mark
 * (c->rx_deferred) and the holder reads the queue as it lets go of the
 * socket, in its release_cb, as TCP's owner works through the backlog
 * (a work woken to find the socket held cost two context switches, and
 * an interrupt to the reader's CPU, for nothing); nor does work that
 * finds it held once it runs wait for it.  No CPU then sits idle
 * waiting for the lock, and a reader opens the packets it is about to
 * copy out on its own CPU.
 *
 * Locking: c->rxq's own lock between the softirq and the reader of the
 * queue; c->rx_deferred under the socket's bh lock; the queue is read
 * with the socket owned.  The work holds a connection reference while
 * queued.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "conn.h"
#include "sock.h"
#include "tquic.h"

/* Datagrams may wait beyond the socket's buffers this much */
#define TQUIC_RXQ_EXTRA		(4 * 1024 * 1024)

/* Open what waits in c->rxq and send what it calls for, BHs disabled.
 * The caller owns the socket, and wakes the reader when this returns
 * true (something arrived for it; tquic_data_ready()).
 */
static bool tquic_rx_drain(struct tquic_conn *c)
{
	struct sock *sk = c->sk;
	struct sk_buff_head q;
	struct sk_buff *skb;
	bool ready;

	__skb_queue_head_init(&q);
	c->rx_batch = true;
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
	ready = c->rx_ready;
	c->rx_batch = false;
	c->rx_ready = false;
	return ready;
}

/* Leave c->rxq to the socket's owner, which reads it in its release_cb
 * (tquic_rx_release()); the caller holds the socket's bh lock.
 */
static void tquic_rx_to_owner(struct tquic_conn *c)
{
	if (c->rx_deferred)
		return;
	c->rx_deferred = true;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_RX_TO_OWNER);
}

static void tquic_rx_work(struct work_struct *work)
{
	struct tquic_conn *c = container_of(work, struct tquic_conn, rx_work);
	struct sock *sk = c->sk;
	bool owned, ready;

	TQUIC_INC_STATS(c->net, TQUIC_MIB_RX_WORK);
	/* A writer or reader holding the socket reads the queue itself
	 * when it lets go (tquic_rx_release()) rather than have this
	 * work sleep for the lock.
	 */
	local_bh_disable();
	bh_lock_sock(sk);
	owned = sock_owned_by_user(sk);
	if (owned)
		tquic_rx_to_owner(c);
	bh_unlock_sock(sk);
	local_bh_enable();
	if (!owned) {
		lock_sock(sk);
		ready = tquic_rx_drain(c);
		release_sock(sk);
		/* after the lock is let go: the reader woken takes it */
		if (ready)
			sk->sk_data_ready(sk);
	}
	tquic_conn_put(c);
}

/**
 * tquic_rx_release - read the datagrams left to the socket's owner
 * @sk: the socket; called from its release_cb, so with the socket owned
 *	and its bh lock (sk_lock.slock) held, which is dropped while the
 *	datagrams are read (ownership keeps others out)
 */
void tquic_rx_release(struct sock *sk)
	__must_hold(&sk->sk_lock.slock)
{
	struct tquic_conn *c = tquic_sk(sk)->conn;

	while (c && c->rx_deferred) {
		c->rx_deferred = false;
		spin_unlock_bh(&sk->sk_lock.slock);
		if (tquic_rx_drain(c))
			sk->sk_data_ready(sk);
		spin_lock_bh(&sk->sk_lock.slock);
		c = tquic_sk(sk)->conn;
	}
}

/**
 * tquic_rx_owner_drain - the socket's owner reads the datagrams left to
 *	it now rather than as it lets go (a reader with its buffer lent,
 *	rxzc.c)
 * @sk: the socket, owned by the caller
 */
void tquic_rx_owner_drain(struct sock *sk)
{
	spin_lock_bh(&sk->sk_lock.slock);
	tquic_rx_release(sk);
	spin_unlock_bh(&sk->sk_lock.slock);
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
	if (kick && sock_owned_by_user(sk)) {
		/* The holder reads the queue as it lets go (release_cb):
		 * no work woken only to find the socket held
		 */
		tquic_rx_to_owner(c);
	} else if (kick) {
		int cpu = READ_ONCE(c->rx_cpu) - 1;
		bool queued;

		refcount_inc(&c->refs);
		if (cpu >= 0 && cpu_online(cpu))
			queued = queue_work_on(cpu, tquic_rx_wq, &c->rx_work);
		else
			queued = queue_work(tquic_wq, &c->rx_work);
		if (!queued)
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
