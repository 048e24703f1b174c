/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: the closing and draining periods (RFC 9000, 10.2).
 */
#ifndef _TQUIC_DRAIN_H
#define _TQUIC_DRAIN_H

#include <linux/atomic.h>
#include <linux/timer.h>
#include <linux/types.h>

struct sk_buff;
struct tquic_conn;

/**
 * struct tquic_drain - what is left of a closed connection for a while
 * @pkt: closing: our last datagram with CONNECTION_CLOSE, sent again in
 *	answer to what still arrives (NULL in the draining state)
 * @len: its length
 * @until: when the period ends (jiffies), if @active
 * @active: the connection ended with a closing or draining period (not
 *	by the idle timeout, RFC 9000 10.1)
 * @released: the socket let go; the period holds a reference, keeps the
 *	connection IDs routed, and @timer ends it
 * @absorbed: datagrams absorbed in the period (for the rate limit)
 * @timer: ends the period after the socket let go
 *
 * @pkt, @len, @until and @active are set under the socket lock before
 * @released, and read-only afterwards.
 */
struct tquic_drain {
	u8 *pkt;
	u16 len;
	unsigned long until;
	bool active;
	bool released;
	atomic_t absorbed;
	struct timer_list timer;
};

void tquic_drain_keep(struct tquic_conn *c, const u8 *pkt, size_t len);
void tquic_drain_start(struct tquic_conn *c, bool period);
void tquic_drain_absorb(struct tquic_conn *c, struct sk_buff *skb);
bool tquic_drain_rcv(struct tquic_conn *c, struct sk_buff *skb);
bool tquic_drain_hold(struct tquic_conn *c);
void tquic_drain_free(struct tquic_conn *c);

#endif /* _TQUIC_DRAIN_H */
