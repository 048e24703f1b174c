// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: 0-RTT and session tickets (RFC 9001, 4.6; RFC 9000, 7.4.1).
 *
 * Client: user space installs the server's transport parameters of the
 * resumed connection (TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM), then the
 * 0-RTT send secret.  The 0-RTT key sits in the application space's send
 * slot (0-RTT and 1-RTT share a packet number space, RFC 9000 12.3) with
 * c->early.tx set, so packets at that level go out as 0-RTT long-header
 * packets until the 1-RTT send secret replaces it.  When the handshake
 * completes user space says whether the server accepted; if not, every
 * packet in flight in that space counts as lost at once and its frames
 * are queued again, to go in 1-RTT packets (RFC 9001, 4.6.2).
 *
 * Server: the 0-RTT receive key is kept apart (c->early.rx_key) until the
 * handshake completes.  0-RTT packets that come before it (the
 * ClientHello is still in user space) are held, a few, and read once it
 * is installed.  Stream data and datagrams they carry wait in
 * c->early.rxq, off the socket's queue where the TLS library reads its
 * handshake messages, and join that queue when the handshake completes.
 *
 * After the handshake a client's 1-RTT CRYPTO data is TLS's
 * NewSessionTicket messages: kept for TQUIC_SOCKOPT_SESSION_TICKET rather
 * than queued with the stream data.
 *
 * Callers hold the socket lock.
 */
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "conn.h"
#include "recovery.h"
#include "sock.h"
#include "tquic.h"

/**
 * tquic_early_init - 0-RTT state of a new connection
 * @c: connection
 */
void tquic_early_init(struct tquic_conn *c)
{
	skb_queue_head_init(&c->early.held);
	skb_queue_head_init(&c->early.rxq);
}

/**
 * tquic_early_free - release what 0-RTT and tickets hold
 * @c: connection (closed; its socket still referenced)
 */
void tquic_early_free(struct tquic_conn *c)
{
	tquic_key_free(&c->early.rx_key);
	tquic_hp_free(&c->early.rx_hp);
	skb_queue_purge(&c->early.held);
	skb_queue_purge(&c->early.rxq);
	kfree_sensitive(c->early.ticket);
	c->early.ticket = NULL;
	c->early.ticket_len = 0;
}

/**
 * tquic_early_can_send - stream data and datagrams may go now
 * @c: connection
 *
 * Return: once established, or while a client holds 0-RTT keys.
 */
bool tquic_early_can_send(const struct tquic_conn *c)
{
	return c->state == TQUIC_CONN_ESTABLISHED ||
	       (c->state == TQUIC_CONN_HANDSHAKE && c->early.tx);
}

/**
 * tquic_early_install - the 0-RTT secret from TLS
 * @c: connection
 * @send: client: send; server: receive (the other way is EINVAL)
 * @s: cipher suite
 * @secret: the secret, @s->hash_len bytes
 *
 * Context: process; allocates.
 * Return: 0, -EINVAL, -EALREADY, or a crypto error.
 */
int tquic_early_install(struct tquic_conn *c, bool send,
			const struct tquic_suite *s, const u8 *secret)
{
	struct tquic_space *app = &c->space[TQUIC_LEVEL_APP];
	int err;

	if (send == c->is_server)
		return -EINVAL;
	if (c->state != TQUIC_CONN_HANDSHAKE || c->early.state)
		return -EALREADY;
	if (send) {
		if (app->tx_key.aead)
			return -EALREADY;	/* 1-RTT already */
		err = tquic_key_install(&app->tx_key, &app->tx_hp, s,
					c->version, secret);
		if (err)
			return err;
		c->early.tx = true;
		c->early.state = TQUIC_EARLY_SENT;
		return 0;
	}
	err = tquic_key_install(&c->early.rx_key, &c->early.rx_hp, s,
				c->version, secret);
	if (err)
		return err;
	c->early.state = TQUIC_EARLY_ACCEPTED;
	tquic_conn_rcv_held(c, &c->early.held);
	return 0;
}

/**
 * tquic_early_tx_done - the 1-RTT send secret is about to be installed:
 *	the 0-RTT one in its slot goes
 * @c: connection
 */
void tquic_early_tx_done(struct tquic_conn *c)
{
	struct tquic_space *app = &c->space[TQUIC_LEVEL_APP];

	if (!c->early.tx)
		return;
	c->early.tx = false;
	tquic_key_free(&app->tx_key);
	tquic_hp_free(&app->tx_hp);
}

/**
 * tquic_early_rx_key - a server's 0-RTT receive keys for a packet
 * @c: connection
 * @hp: set to the header protection key
 *
 * Return: the packet protection key, or NULL when there is none (yet).
 */
struct tquic_pp_key *tquic_early_rx_key(struct tquic_conn *c,
					struct tquic_hp_key **hp)
{
	if (!c->is_server || !c->early.rx_key.aead)
		return NULL;
	*hp = &c->early.rx_hp;
	return &c->early.rx_key;
}

/**
 * tquic_early_hold - keep a 0-RTT datagram until the key exists
 * @c: connection
 * @skb: the datagram, skb->data at its 0-RTT packet (still protected)
 *
 * Only a server in its handshake whose 0-RTT is not decided yet keeps
 * them, at most TQUIC_EARLY_HELD_MAX.
 * Return: true when it is kept.
 */
bool tquic_early_hold(struct tquic_conn *c, struct sk_buff *skb)
{
	if (!c->is_server || c->state != TQUIC_CONN_HANDSHAKE ||
	    c->early.state || c->space[TQUIC_LEVEL_APP].rx_nranges ||
	    skb_queue_len(&c->early.held) >= TQUIC_EARLY_HELD_MAX)
		return false;
	__skb_queue_tail(&c->early.held, skb);
	return true;
}

/**
 * tquic_early_opened - a 0-RTT packet was opened
 * @c: connection
 */
void tquic_early_opened(struct tquic_conn *c)
{
	c->early.packets++;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_0RTT_PKTS_IN);
}

/**
 * tquic_early_sent - a 0-RTT packet went out
 * @c: connection
 */
void tquic_early_sent(struct tquic_conn *c)
{
	c->early.packets++;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_0RTT_PKTS_OUT);
}

/**
 * tquic_data_ready - wake the reader: stream data or a datagram was queued
 * @c: connection; caller holds the socket lock
 *
 * While a batch of datagrams is read (tquic_rx_drain()), under the
 * socket lock the reader would only wait for, the wakeup is left to the
 * end of the batch: one per batch rather than one per packet, each of
 * which woke the reader to sleep again on the lock.
 */
void tquic_data_ready(struct tquic_conn *c)
{
	if (c->rx_batch)
		c->rx_ready = true;
	else
		c->sk->sk_data_ready(c->sk);
}

/**
 * tquic_rcvq_add - queue stream data or a datagram for the reader
 * @c: connection
 * @skb: what the reader gets
 *
 * A server's early data waits until its handshake is complete, so the
 * TLS library reads only handshake messages before that.
 */
void tquic_rcvq_add(struct tquic_conn *c, struct sk_buff *skb)
{
	struct sock *sk = c->sk;

	skb_set_owner_r(skb, sk);
	if (c->is_server && c->state == TQUIC_CONN_HANDSHAKE) {
		__skb_queue_tail(&c->early.rxq, skb);
		return;
	}
	skb_queue_tail(&sk->sk_receive_queue, skb);
}

/**
 * tquic_early_complete - the handshake completed
 * @c: connection
 * @flags: TQUIC_HANDSHAKE_F_* from user space
 */
void tquic_early_complete(struct tquic_conn *c, u32 flags)
{
	struct sock *sk = c->sk;
	struct sk_buff *skb;
	unsigned int n;

	if (c->is_server) {
		n = skb_queue_len(&c->early.held);
		if (n)
			TQUIC_ADD_STATS(c->net, TQUIC_MIB_0RTT_DROPPED, n);
		skb_queue_purge(&c->early.held);
		tquic_key_free(&c->early.rx_key);
		tquic_hp_free(&c->early.rx_hp);
		if (skb_queue_empty(&c->early.rxq))
			return;
		while ((skb = __skb_dequeue(&c->early.rxq)))
			skb_queue_tail(&sk->sk_receive_queue, skb);
		sk->sk_data_ready(sk);
		return;
	}
	if (c->early.state != TQUIC_EARLY_SENT)
		return;
	if (flags & TQUIC_HANDSHAKE_F_EARLY_ACCEPTED) {
		c->early.state = TQUIC_EARLY_ACCEPTED;
		return;
	}
	/* Refused: what 0-RTT carried goes again in 1-RTT packets. */
	c->early.state = TQUIC_EARLY_REJECTED;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_0RTT_REJECTED);
	tquic_space_requeue(c, TQUIC_LEVEL_APP);
}

/**
 * tquic_early_tparams_set - TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM
 * @c: connection
 * @buf: the server's transport parameters of the resumed connection
 * @len: their length
 *
 * Only what RFC 9000 7.4.1 says a client remembers is used; the rest
 * (connection IDs, tokens, timeouts) belongs to that connection.
 * Return: 0, -EISCONN on a server, -EALREADY, -ENOMEM or -EINVAL.
 */
int tquic_early_tparams_set(struct tquic_conn *c, const u8 *buf, size_t len)
{
	struct tquic_tparams *tp, *p = &c->ptp;
	int err = 0;

	if (c->is_server)
		return -EISCONN;
	if (c->state != TQUIC_CONN_HANDSHAKE || c->ptp_set || c->early.state)
		return -EALREADY;
	tp = kmalloc(sizeof(*tp), GFP_KERNEL);
	if (!tp)
		return -ENOMEM;
	if (tquic_tparams_decode(buf, len, true, tp)) {
		err = -EINVAL;
		goto out;
	}
	p->active_connection_id_limit = tp->active_connection_id_limit;
	p->initial_max_data = tp->initial_max_data;
	p->initial_max_stream_data_bidi_local =
		tp->initial_max_stream_data_bidi_local;
	p->initial_max_stream_data_bidi_remote =
		tp->initial_max_stream_data_bidi_remote;
	p->initial_max_stream_data_uni = tp->initial_max_stream_data_uni;
	p->initial_max_streams_bidi = tp->initial_max_streams_bidi;
	p->initial_max_streams_uni = tp->initial_max_streams_uni;
	p->has_max_datagram_frame_size = tp->has_max_datagram_frame_size;
	p->max_datagram_frame_size = tp->max_datagram_frame_size;
	c->tx_max_data = p->initial_max_data;
	c->max_local_bidi = p->initial_max_streams_bidi;
	c->max_local_uni = p->initial_max_streams_uni;
out:
	kfree(tp);
	return err;
}

/**
 * tquic_ticket_add - a client's 1-RTT CRYPTO data, in order
 * @c: connection
 * @data: the bytes
 * @len: how many
 */
void tquic_ticket_add(struct tquic_conn *c, const u8 *data, size_t len)
{
	u32 room = TQUIC_SESSION_TICKET_MAX - c->early.ticket_len;
	u8 *t;

	if (len > room) {
		TQUIC_ADD_STATS(c->net, TQUIC_MIB_TICKET_BYTES_DROP,
				len - room);
		len = room;
	}
	if (!len)
		return;
	/* Not krealloc(): the old copy is freed without being wiped. */
	t = kmalloc(c->early.ticket_len + len, GFP_ATOMIC);
	if (!t) {
		TQUIC_ADD_STATS(c->net, TQUIC_MIB_TICKET_BYTES_DROP, len);
		return;
	}
	if (c->early.ticket_len)
		memcpy(t, c->early.ticket, c->early.ticket_len);
	memcpy(t + c->early.ticket_len, data, len);
	kfree_sensitive(c->early.ticket);
	c->early.ticket = t;
	c->early.ticket_len += len;
	WRITE_ONCE(tquic_sk(c->sk)->ticket_ready, true);
	c->sk->sk_data_ready(c->sk);
}

/**
 * tquic_ticket_take - TQUIC_SOCKOPT_SESSION_TICKET
 * @c: connection
 * @buf: where the bytes go (kernel memory)
 * @len: its room
 *
 * Return: bytes taken, or -EINVAL when @len is too small.
 */
int tquic_ticket_take(struct tquic_conn *c, u8 *buf, size_t len)
{
	int n = c->early.ticket_len;

	if (n > len)
		return -EINVAL;
	if (n)
		memcpy(buf, c->early.ticket, n);
	kfree_sensitive(c->early.ticket);
	c->early.ticket = NULL;
	c->early.ticket_len = 0;
	WRITE_ONCE(tquic_sk(c->sk)->ticket_ready, false);
	return n;
}
