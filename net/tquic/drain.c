// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the closing and draining periods (RFC 9000, 10.2).
 *
 * A connection that we closed (closing state) or that the peer closed
 * (draining state: CONNECTION_CLOSE, a stateless reset) lives on for
 * three probe timeouts, so that packets still in flight reach it instead
 * of being counted as for no connection and answered with stateless
 * resets.  In the closing state each such datagram may be answered with
 * the datagram that carried our CONNECTION_CLOSE, sent again as it was
 * (10.2.1 allows that), for the 1st, 2nd, 4th, 8th ... datagram only;
 * in the draining state nothing is sent.  A connection closed by the
 * idle timeout has no period (10.1), nor one that never heard its peer.
 *
 * While the socket is open the connection's packets reach it as before
 * and are absorbed there.  When the socket lets go during the period,
 * the period takes a reference and keeps the connection IDs routed; the
 * receive path absorbs datagrams without the socket, and a timer unroutes
 * the IDs and drops the reference when the period ends.
 *
 * Locking: @c->drain's fields but @absorbed are written under the socket
 * lock while the connection ends and until @released is set (a release
 * store); readers without the socket lock load @released with acquire.
 */
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/skbuff.h>

#include "conn.h"
#include "drain.h"
#include "sock.h"
#include "tquic.h"

/* 3 x PTO (RFC 9002, 6.2.1) in jiffies, at least one jiffy */
static unsigned long tquic_drain_period(const struct tquic_conn *c)
{
	u64 pto;

	if (c->path->rtt.sampled)
		pto = c->path->rtt.smoothed +
		      max_t(u64, 4 * c->path->rtt.var, NSEC_PER_MSEC) +
		      (c->ptp_set ? c->ptp.max_ack_delay * NSEC_PER_MSEC : 0);
	else
		pto = 3 * 333 * NSEC_PER_MSEC;	/* kInitialRtt x 3 */
	return max_t(unsigned long, nsecs_to_jiffies(3 * pto), 1);
}

/**
 * tquic_drain_keep - keep the datagram with our CONNECTION_CLOSE
 * @c: connection; caller holds the socket lock
 * @pkt: the datagram
 * @len: its length
 */
void tquic_drain_keep(struct tquic_conn *c, const u8 *pkt, size_t len)
{
	struct tquic_drain *d = &c->drain;

	if (d->pkt || len > U16_MAX)
		return;
	d->pkt = kmemdup(pkt, len, GFP_ATOMIC);
	if (d->pkt)
		d->len = len;
}

/**
 * tquic_drain_start - the connection ended: its period starts now
 * @c: connection; caller holds the socket lock
 * @period: it has one (not the idle timeout)
 */
void tquic_drain_start(struct tquic_conn *c, bool period)
{
	struct tquic_drain *d = &c->drain;
	bool heard = false;
	int l;

	for (l = TQUIC_LEVEL_INITIAL; l < TQUIC_LEVEL_NUM; l++)
		heard |= c->space[l].rx_nranges > 0 || c->space[l].discarded;
	d->active = period && heard;
	d->until = jiffies + tquic_drain_period(c);
}

static void tquic_drain_resend(struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	struct tquic_drain *d = &c->drain;
	struct sk_buff *skb;

	skb = alloc_skb(TQUIC_HEADROOM + d->len, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, TQUIC_HEADROOM);
	skb_put_data(skb, d->pkt, d->len);
	if (!tquic_path_xmit(path, skb, d->len, 1))
		TQUIC_INC_STATS(c->net, TQUIC_MIB_CLOSE_RESENT);
}

/**
 * tquic_drain_absorb - a datagram for a closed connection
 * @c: connection, closed
 * @skb: the datagram; consumed
 *
 * Context: softirq or process with BHs off; the socket lock, or @released.
 */
void tquic_drain_absorb(struct tquic_conn *c, struct sk_buff *skb)
{
	struct tquic_drain *d = &c->drain;
	int n;

	kfree_skb(skb);
	if (!d->active || time_after_eq(jiffies, d->until))
		return;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_CLOSED_ABSORBED);
	n = atomic_inc_return(&d->absorbed);
	if (d->pkt && is_power_of_2(n))
		tquic_drain_resend(c);
}

/**
 * tquic_drain_rcv - absorb a datagram for a connection whose socket let
 *	go during its period
 * @c: connection, from a CID lookup
 * @skb: the datagram; consumed when this returns true
 *
 * Context: softirq.
 * Return: true when it was the period's.
 */
bool tquic_drain_rcv(struct tquic_conn *c, struct sk_buff *skb)
{
	/* Pairs with tquic_drain_hold(): the period's fields are set */
	if (!smp_load_acquire(&c->drain.released))
		return false;
	tquic_drain_absorb(c, skb);
	return true;
}

static void tquic_drain_timer_fn(struct timer_list *t)
{
	struct tquic_conn *c = from_timer(c, t, drain.timer);

	tquic_conn_unroute(c);
	tquic_conn_put(c);
}

/**
 * tquic_drain_hold - the socket lets go: keep the connection IDs routed
 *	until the period ends
 * @c: connection, closed; caller holds the socket lock
 *
 * Return: true when the period holds a reference and will unroute the
 * IDs, false when it is over (or there is none): unroute them now.
 */
bool tquic_drain_hold(struct tquic_conn *c)
{
	struct tquic_drain *d = &c->drain;

	if (!d->active || time_after_eq(jiffies, d->until))
		return false;
	refcount_inc(&c->refs);
	timer_setup(&d->timer, tquic_drain_timer_fn, 0);
	/* Pairs with tquic_drain_rcv(): the fields above first */
	smp_store_release(&d->released, true);
	mod_timer(&d->timer, d->until);
	return true;
}

/**
 * tquic_drain_free - free what the period kept
 * @c: connection, its last reference gone (the timer ran)
 */
void tquic_drain_free(struct tquic_conn *c)
{
	kfree(c->drain.pkt);
	c->drain.pkt = NULL;
}
