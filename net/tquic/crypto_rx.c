// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: CRYPTO frames received.  Data in order goes to user space (TLS
 * reads it with recvmsg()), or, for a client's 1-RTT data, to the
 * session ticket (early.c); data ahead of that waits in a sorted list.
 * Both are bounded: a peer cannot make the kernel keep more than the
 * receive buffer and TQUIC_CRYPTO_RX_MAX a level.  Caller holds the
 * socket lock.
 */
#include <linux/overflow.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "conn.h"
#include "sock.h"
#include "tquic.h"

/* Hand @len bytes of CRYPTO data at @level to user space, as far as the
 * receive buffer goes: TLS (user space) reads it, and a peer that sends
 * more than its handshake needs (a server has no use for a client's
 * 1-RTT CRYPTO data) is refused rather than kept (RFC 9000, 7.5).
 */
static int tquic_crypto_deliver(struct tquic_conn *c, enum tquic_level lvl,
				const u8 *data, size_t len, u64 *terr)
{
	struct sock *sk = c->sk;
	struct sk_buff *skb;

	/* A client's 1-RTT CRYPTO data: session tickets (early.c) */
	if (lvl == TQUIC_LEVEL_APP && !c->is_server) {
		tquic_ticket_add(c, data, len);
		c->space[lvl].crypto_rx_off += len;
		return 0;
	}
	if (atomic_read(&sk->sk_rmem_alloc) > READ_ONCE(sk->sk_rcvbuf)) {
		*terr = TQUIC_ERR_CRYPTO_BUFFER_EXCEEDED;
		return -ENOBUFS;
	}
	skb = alloc_skb(len, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, data, len);
	TQUIC_SKB_CB(skb)->kind = TQUIC_SKB_CRYPTO;
	TQUIC_SKB_CB(skb)->level = lvl;
	TQUIC_SKB_CB(skb)->consumed = 0;
	skb_set_owner_r(skb, sk);
	skb_queue_tail(&sk->sk_receive_queue, skb);
	sk->sk_data_ready(sk);
	c->space[lvl].crypto_rx_off += len;
	return 0;
}

/* Deliver what the reorder list now continues. */
static int tquic_crypto_drain(struct tquic_conn *c, enum tquic_level lvl,
			      u64 *terr)
{
	struct tquic_space *sp = &c->space[lvl];
	struct tquic_crypto_buf *b, *tmp;
	u64 skip;
	int err;

	list_for_each_entry_safe(b, tmp, &sp->crypto_rx_ooo, node) {
		if (b->offset > sp->crypto_rx_off)
			break;
		skip = sp->crypto_rx_off - b->offset;
		if (skip < b->len) {
			err = tquic_crypto_deliver(c, lvl, b->data + skip,
						   b->len - skip, terr);
			if (err)
				return err;
		}
		list_del(&b->node);
		sp->crypto_rx_ooo_bytes -= struct_size(b, data, b->len);
		kfree(b);
	}
	return 0;
}

/* Keep CRYPTO data that came ahead of what was delivered, in order.
 * What is held is charged with its bookkeeping, so many tiny frames
 * reach the limit as surely as a few large ones; the limit is also a
 * window past what was delivered (RFC 9000, 7.5).  Peers send in order,
 * so the place is looked for from the end.
 */
static int tquic_crypto_hold(struct tquic_space *sp,
			     const struct tquic_frame *f, u64 *terr)
{
	size_t cost = struct_size_t(struct tquic_crypto_buf, data,
				    f->crypto.len);
	struct tquic_crypto_buf *b, *pos;

	if (f->crypto.offset + f->crypto.len >
	    sp->crypto_rx_off + TQUIC_CRYPTO_RX_MAX ||
	    sp->crypto_rx_ooo_bytes + cost > TQUIC_CRYPTO_RX_MAX) {
		*terr = TQUIC_ERR_CRYPTO_BUFFER_EXCEEDED;
		return -ENOBUFS;
	}
	b = kmalloc(cost, GFP_ATOMIC);
	if (!b)
		return -ENOMEM;
	b->offset = f->crypto.offset;
	b->len = f->crypto.len;
	b->sent = 0;
	memcpy(b->data, f->crypto.data, f->crypto.len);
	list_for_each_entry_reverse(pos, &sp->crypto_rx_ooo, node)
		if (pos->offset <= b->offset)
			break;
	list_add(&b->node, &pos->node);
	sp->crypto_rx_ooo_bytes += cost;
	return 0;
}

/**
 * tquic_rcv_crypto - a CRYPTO frame at @lvl arrived
 * @c: connection
 * @lvl: its packet's level
 * @f: the frame
 * @terr: the transport error when it is refused
 *
 * Return: 0, -ENOBUFS with @terr CRYPTO_BUFFER_EXCEEDED, or -ENOMEM.
 */
int tquic_rcv_crypto(struct tquic_conn *c, enum tquic_level lvl,
		     const struct tquic_frame *f, u64 *terr)
{
	struct tquic_space *sp = &c->space[lvl];
	u64 end = f->crypto.offset + f->crypto.len, skip;
	int err;

	if (end <= sp->crypto_rx_off || !f->crypto.len)
		return 0;	/* all of it seen before, or nothing */
	if (f->crypto.offset > sp->crypto_rx_off)
		return tquic_crypto_hold(sp, f, terr);
	skip = sp->crypto_rx_off - f->crypto.offset;
	err = tquic_crypto_deliver(c, lvl, f->crypto.data + skip,
				   f->crypto.len - skip, terr);
	return err ?: tquic_crypto_drain(c, lvl, terr);
}
