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
 * A reader that is reading - a blocking reader whose buffer can be lent,
 * its last read returned stream data, and it did not sleep since - comes
 * back soon, and would copy what was opened for it meanwhile.  So for
 * such a reader (of a connection that has no stream data of its own to
 * send, whose ACKs could wait) the work leaves the datagrams queued
 * (tquic_rx_hold(), RxHeldForReader), at most net.tquic.rx_hold_us (and
 * half our max_ack_delay) from the arrival of the oldest; the reader
 * opens them straight into its buffer when it comes
 * (tquic_rx_owner_drain(), rxzc.c).  Whoever reads the queue while a
 * buffer is lent - that reader, or the work for a reader asleep - reads
 * only as many datagrams as the buffer may take, cutting a super-packet
 * where it is full (c->rx_part), and leaves the rest for the reader's
 * next read (tquic_rx_read()).  What waited the hold is read by the
 * work as before (RxHoldExpired).
 *
 * Locking: c->rxq's own lock between the softirq and the reader of the
 * queue; c->rx_deferred under the socket's bh lock; the queue (and
 * c->rx_part) is read with the socket owned.  The work holds a connection
 * reference while queued.
 */
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <net/sock.h>

#include "conn.h"
#include "rxzc.h"
#include "sock.h"
#include "tquic.h"

/* Datagrams may wait beyond the socket's buffers this much */
#define TQUIC_RXQ_EXTRA		(4 * 1024 * 1024)

/* Put @q back at the head of c->rxq (BHs disabled). */
static void tquic_rx_requeue(struct tquic_conn *c, struct sk_buff_head *q)
{
	unsigned int bytes = 0;
	struct sk_buff *skb;

	skb_queue_walk(q, skb)
		bytes += skb->truesize;
	spin_lock(&c->rxq.lock);
	skb_queue_splice_init(q, &c->rxq);
	c->rxq_bytes += bytes;
	spin_unlock(&c->rxq.lock);
}

/* Open what waits in c->rxq and send what it calls for, BHs disabled.
 * The caller owns the socket, and wakes the reader when this returns
 * true (something arrived for it; tquic_data_ready()).  With c->rx_fill
 * it stops where the lent buffer is full (tquic_conn_rcv_skb()).
 */
static bool tquic_rx_drain(struct tquic_conn *c)
{
	struct sock *sk = c->sk;
	struct sk_buff *skb, *part;
	struct sk_buff_head q;
	bool ready, more = true;

	__skb_queue_head_init(&q);
	c->rx_batch = true;
	local_bh_disable();
	while (more) {
		spin_lock(&c->rxq.lock);
		skb_queue_splice_init(&c->rxq, &q);
		c->rxq_bytes = 0;
		spin_unlock(&c->rxq.lock);
		/* the rest of a super-packet cut last time comes first */
		part = c->rx_part;
		c->rx_part = NULL;
		if (part)
			__skb_queue_head(&q, part);
		if (skb_queue_empty(&q))
			break;
		while ((skb = __skb_dequeue(&q))) {
			if (tquic_sk(sk)->conn != c) {
				kfree_skb(skb);
				continue;
			}
			c->rx_arrival = ktime_to_ns(skb->tstamp);
			tquic_conn_rcv_skb(c, skb, skb == part);
			c->rx_arrival = 0;
			if (c->rx_part) {	/* the lent buffer is full */
				tquic_rx_requeue(c, &q);
				more = false;
				break;
			}
		}
		if (tquic_sk(sk)->conn == c)
			tquic_output(c);
	}
	local_bh_enable();
	if (!tquic_rx_waiting(c))
		c->rx_held = false;	/* all of it read */
	ready = c->rx_ready;
	c->rx_batch = false;
	c->rx_ready = false;
	return ready;
}

/* Queue the work on the reader's CPU in @delay jiffies; 0: now, also
 * when it was to run later.
 */
static void tquic_rx_kick(struct tquic_conn *c, unsigned long delay)
{
	struct workqueue_struct *wq = tquic_rx_wq;
	int cpu = READ_ONCE(c->rx_cpu) - 1;
	bool pending;

	if (cpu < 0 || !cpu_online(cpu)) {
		cpu = WORK_CPU_UNBOUND;
		wq = tquic_wq;
	}
	refcount_inc(&c->refs);
	if (delay)
		pending = !queue_delayed_work_on(cpu, wq, &c->rx_work, delay);
	else
		pending = mod_delayed_work_on(cpu, wq, &c->rx_work, 0);
	if (pending)		/* the work queued holds a reference */
		tquic_conn_put(c);
}

/* Whether what waits is left for the reader, which reads again soon and
 * opens it into its buffer then (the caller owns the socket); if so the
 * work is queued for when the oldest will have waited the hold.  The
 * hold is at most half our max_ack_delay: the peer's ACKs still come in
 * time.  c->rx_held tells that a hold is on (RxHeldForReader counts
 * holds, not the checks that keep one on).
 */
static bool tquic_rx_hold(struct tquic_conn *c)
{
	u64 hold = min_t(u64, c->rx_hold_ns,
			 (u64)c->ltp.max_ack_delay * NSEC_PER_MSEC / 2);
	bool held = c->rx_held;
	struct sk_buff *skb;
	u64 waited;

	c->rx_held = false;
	/* a reader asleep whose buffer got data wakes to read again */
	if ((!c->rx_reading && !tquic_rx_zc_ready(c)) || !hold ||
	    !c->rx_zc_on || c->tx_buffered || !c->rx_offload ||
	    c->state != TQUIC_CONN_ESTABLISHED ||
	    time_after(jiffies, c->rx_read_at + nsecs_to_jiffies(hold) + 1))
		goto read;
	spin_lock_bh(&c->rxq.lock);
	skb = c->rx_part ?: skb_peek(&c->rxq);
	waited = skb ? ktime_get_ns() - ktime_to_ns(skb->tstamp) : 0;
	spin_unlock_bh(&c->rxq.lock);
	if (!skb || waited >= hold)
		goto read;
	if (!held)
		TQUIC_INC_STATS(c->net, TQUIC_MIB_RX_HELD);
	c->rx_held = true;
	tquic_rx_kick(c, nsecs_to_jiffies(hold - waited) + 1);
	return true;
read:
	/* the reader did not come for what was held */
	if (held)
		TQUIC_INC_STATS(c->net, TQUIC_MIB_RX_HOLD_EXPIRED);
	return false;
}

/* Read what waits: into the lent buffer while it takes it (rxzc.c), the
 * rest then left for the reader's next read if it may wait, else read
 * now (also when none of it went into the buffer: the reader would come
 * back for it again and again).  The caller owns the socket.
 */
static bool tquic_rx_read(struct tquic_conn *c)
{
	bool ready;

	c->rx_fill = tquic_rx_zc_fits(c, 0);
	ready = tquic_rx_drain(c);
	c->rx_fill = false;
	if (tquic_rx_waiting(c) &&
	    !(tquic_rx_zc_ready(c) && tquic_rx_hold(c)))
		ready |= tquic_rx_drain(c);
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
	struct tquic_conn *c = container_of(to_delayed_work(work),
					    struct tquic_conn, rx_work);
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
		ready = !tquic_rx_hold(c) && tquic_rx_read(c);
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
		if (!tquic_rx_hold(c) && tquic_rx_read(c))
			sk->sk_data_ready(sk);
		spin_lock_bh(&sk->sk_lock.slock);
		c = tquic_sk(sk)->conn;
	}
}

/**
 * tquic_rx_owner_drain - the socket's owner, a reader with its buffer
 *	lent (rxzc.c), reads the datagrams that wait now rather than as it
 *	lets go, as many as its buffer takes while it is reading
 * @sk: the socket, owned by the caller
 */
void tquic_rx_owner_drain(struct sock *sk)
{
	struct tquic_conn *c = tquic_sk(sk)->conn;

	spin_lock_bh(&sk->sk_lock.slock);
	c->rx_deferred = false;
	spin_unlock_bh(&sk->sk_lock.slock);
	c->rx_reading = true;	/* it returns data: what does not fit waits */
	if (tquic_rx_read(c))
		sk->sk_data_ready(sk);
}

/**
 * tquic_rx_waiting - datagrams wait to be read
 * @c: connection; caller owns the socket
 */
bool tquic_rx_waiting(const struct tquic_conn *c)
{
	return c->rx_part || !skb_queue_empty_lockless(&c->rxq);
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
	skb->tstamp = ns_to_ktime(ktime_get_ns());	/* tquic_rx_hold() */
	__skb_queue_tail(&c->rxq, skb);
	spin_unlock(&c->rxq.lock);
	if (kick && sock_owned_by_user(sk)) {
		/* The holder reads the queue as it lets go (release_cb):
		 * no work woken only to find the socket held
		 */
		tquic_rx_to_owner(c);
	} else if (kick) {
		tquic_rx_kick(c, 0);
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
	INIT_DELAYED_WORK(&c->rx_work, tquic_rx_work);
}

/**
 * tquic_rx_purge - drop what waits (the connection is being freed; the
 *	work, which holds a reference, is not queued)
 * @c: connection
 */
void tquic_rx_purge(struct tquic_conn *c)
{
	kfree_skb(c->rx_part);
	c->rx_part = NULL;
	skb_queue_purge(&c->rxq);
}
