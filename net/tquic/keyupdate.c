// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: 1-RTT key updates (RFC 9001, section 6).
 *
 * The next keys of each direction are derived ahead of need, in process
 * context (allocating an AEAD may sleep): when the 1-RTT secrets are
 * installed and again from a work item after every switch.  The receive
 * path then switches without allocating: a packet whose Key Phase bit
 * differs and that opens with the next receive key moves the receive
 * side on (and the send side with it when the peer started the update);
 * packets of the previous phase that arrive late still open with the
 * previous key, kept until the next switch.  User space starts an update
 * with TQUIC_SOCKOPT_KEY_UPDATE once the handshake is confirmed and the
 * previous update was acknowledged.  Keys that are no longer needed are
 * freed by the work item.  All under the socket lock.
 *
 * Multipath: every path uses the same 1-RTT keys, but packet numbers of
 * different paths cannot be compared, so each path marks where the
 * current phase starts on it (struct tquic_path ku_*): an update is taken
 * from whichever path first carries it, a late packet of the previous
 * phase is told by its path's mark, and our update counts as acknowledged
 * by an ACK of a packet numbered after the switch on its own path.
 */
#include <linux/workqueue.h>

#include "conn.h"
#include "event.h"
#include "keyupdate.h"
#include "sock.h"
#include "tquic.h"

/* Derive missing next keys and free retired ones. */
static void tquic_ku_work(struct work_struct *work)
{
	struct tquic_conn *c = container_of(work, struct tquic_conn,
					    ku.work);
	struct tquic_key_update *ku = &c->ku;
	struct tquic_pp_key old[TQUIC_KU_RETIRED];
	struct sock *sk = c->sk;
	struct sk_buff_head held;
	struct sk_buff *skb;
	bool ready;
	int i;

	__skb_queue_head_init(&held);
	lock_sock(sk);
	memcpy(old, ku->retired, sizeof(old));
	memset(ku->retired, 0, sizeof(ku->retired));
	if (c->state != TQUIC_CONN_CLOSED) {
		struct tquic_space *sp = &c->space[TQUIC_LEVEL_APP];

		if (!ku->rx_next.aead && sp->rx_key.aead &&
		    tquic_key_update(&ku->rx_next, &sp->rx_key, c->version))
			memset(&ku->rx_next, 0, sizeof(ku->rx_next));
		if (!ku->tx_next.aead && sp->tx_key.aead &&
		    tquic_key_update(&ku->tx_next, &sp->tx_key, c->version))
			memset(&ku->tx_next, 0, sizeof(ku->tx_next));
	}
	/* What waited for the receive key goes through again; without it
	 * (allocation failed, or closed) it is dropped.
	 */
	skb_queue_splice_init(&ku->held, &held);
	ready = ku->rx_next.aead;
	local_bh_disable();
	while ((skb = __skb_dequeue(&held))) {
		if (ready) {
			tquic_conn_rcv(sk, skb);
		} else {
			TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_KEY);
			kfree_skb(skb);
		}
	}
	local_bh_enable();
	release_sock(sk);
	for (i = 0; i < TQUIC_KU_RETIRED; i++)
		tquic_key_free(&old[i]);
	tquic_conn_put(c);
}

/* Run the work for @c (it holds a reference while queued). */
static void tquic_ku_kick(struct tquic_conn *c)
{
	refcount_inc(&c->refs);
	if (!queue_work(tquic_wq, &c->ku.work))
		tquic_conn_put(c);
}

/**
 * tquic_ku_init - key update state of a new connection
 * @c: connection
 */
void tquic_ku_init(struct tquic_conn *c)
{
	INIT_WORK(&c->ku.work, tquic_ku_work);
	skb_queue_head_init(&c->ku.held);
	c->ku.update_pkts =
		READ_ONCE(tquic_net(c->net)->params.key_update_packets);
}

/**
 * tquic_aead_conf_limit - packets one key of @s may protect (RFC 9001,
 *	6.6: 2^23 for AES-GCM; ChaCha20-Poly1305's exceeds any connection)
 * @s: the cipher suite
 */
u64 tquic_aead_conf_limit(const struct tquic_suite *s)
{
	return s->chacha ? U64_MAX : 1ULL << 23;
}

/**
 * tquic_aead_integ_limit - forged packets a connection may see with @s
 *	(RFC 9001, 6.6: 2^52 for AES-GCM, 2^36 for ChaCha20-Poly1305)
 * @s: the cipher suite
 */
u64 tquic_aead_integ_limit(const struct tquic_suite *s)
{
	return s->chacha ? 1ULL << 36 : 1ULL << 52;
}

/**
 * tquic_ku_may_seal - the current 1-RTT send key may protect one more
 *	packet
 * @c: connection
 *
 * At the confidentiality limit nothing more is sent with it (RFC 9001,
 * 6.6): the key update started well before has not come through.
 */
bool tquic_ku_may_seal(const struct tquic_conn *c)
{
	const struct tquic_pp_key *k = &c->space[TQUIC_LEVEL_APP].tx_key;

	return c->early.tx || c->ku.tx_pkts < tquic_aead_conf_limit(k->suite);
}

/**
 * tquic_ku_sealed - a 1-RTT packet was sealed with the current send key
 * @c: connection
 *
 * Counts it over all paths; after net.tquic.key_update_packets of them
 * (or three quarters of the cipher's limit) a key update starts, tried
 * again with every packet until it can (the previous one acknowledged).
 */
void tquic_ku_sealed(struct tquic_conn *c)
{
	struct tquic_key_update *ku = &c->ku;
	u64 limit, at;

	if (c->early.tx)
		return;		/* 0-RTT */
	limit = tquic_aead_conf_limit(c->space[TQUIC_LEVEL_APP].tx_key.suite);
	at = limit == U64_MAX ? U64_MAX : limit / 4 * 3;
	if (ku->update_pkts && ku->update_pkts < at)
		at = ku->update_pkts;
	if (++ku->tx_pkts >= at)
		tquic_ku_start(c);
}

/**
 * tquic_ku_forged - a 1-RTT packet failed authentication
 * @c: connection
 *
 * Return: true at the integrity limit: the connection must close with
 * AEAD_LIMIT_REACHED (RFC 9001, 6.6).
 */
bool tquic_ku_forged(struct tquic_conn *c)
{
	const struct tquic_pp_key *k = &c->space[TQUIC_LEVEL_APP].rx_key;

	return k->suite && ++c->ku.rx_forged >= tquic_aead_integ_limit(k->suite);
}

/**
 * tquic_ku_hold - keep a datagram until the next receive key exists
 * @c: connection
 * @skb: the datagram, skb->data at its 1-RTT packet (header protection
 *	in place)
 *
 * Return: true when it is kept (the work takes it), false when
 * TQUIC_KU_HELD_MAX are already waiting.
 */
bool tquic_ku_hold(struct tquic_conn *c, struct sk_buff *skb)
{
	if (skb_queue_len(&c->ku.held) >= TQUIC_KU_HELD_MAX)
		return false;
	__skb_queue_tail(&c->ku.held, skb);
	tquic_ku_kick(c);
	return true;
}

/**
 * tquic_ku_keys_ready - a 1-RTT secret was installed: derive its next key
 * @c: connection
 */
void tquic_ku_keys_ready(struct tquic_conn *c)
{
	tquic_ku_kick(c);
}

/* Retire @k: the work frees it (never the receive path). */
static void tquic_ku_retire(struct tquic_conn *c, struct tquic_pp_key *k)
{
	struct tquic_key_update *ku = &c->ku;
	int i;

	for (i = 0; i < TQUIC_KU_RETIRED; i++) {
		if (!ku->retired[i].aead) {
			ku->retired[i] = *k;
			memset(k, 0, sizeof(*k));
			return;
		}
	}
	tquic_key_free(k);	/* not reached: two retire per switch */
}

/**
 * tquic_ku_rx_key - the key to open a 1-RTT packet with
 * @c: connection
 * @p: the path it came on, or NULL for one that is not open yet
 * @phase: the packet's Key Phase bit
 * @pn: its packet number
 * @next: set when the key is the next one (tquic_ku_switch() once the
 *	packet opened)
 *
 * Return: the key, or NULL when it is not available (the packet drops).
 */
struct tquic_pp_key *tquic_ku_rx_key(struct tquic_conn *c,
				     const struct tquic_path *p, bool phase,
				     u64 pn, bool *next)
{
	struct tquic_key_update *ku = &c->ku;

	*next = false;
	if (phase == ku->rx_phase)
		return &c->space[TQUIC_LEVEL_APP].rx_key;
	/* The other phase: late packets of the previous one (numbered
	 * before the first of this phase on their path, or on a path that
	 * carried none of this phase yet), or the peer's first packets of
	 * the next.
	 */
	if (ku->rx_switched && (!p || !p->ku_rx_seen || pn < p->ku_rx_first_pn))
		return ku->rx_prev.aead ? &ku->rx_prev : NULL;
	*next = true;
	return ku->rx_next.aead ? &ku->rx_next : NULL;
}

/**
 * tquic_ku_rx_opened - a 1-RTT packet opened on c->path
 * @c: connection
 * @phase: its Key Phase bit
 * @pn: its packet number (of that path)
 *
 * The first of the current phase on a path marks where the phase starts
 * there: packet numbers of different paths cannot be compared, so each
 * path keeps its own mark.
 */
void tquic_ku_rx_opened(struct tquic_conn *c, bool phase, u64 pn)
{
	struct tquic_path *p = c->path;

	if (phase != c->ku.rx_phase)
		return;
	if (!p->ku_rx_seen || pn < p->ku_rx_first_pn) {
		p->ku_rx_first_pn = pn;
		p->ku_rx_seen = true;
	}
}

/* Our send phase changed: where it starts on each path. */
static void tquic_ku_tx_mark(struct tquic_conn *c)
{
	struct tquic_path *p;

	tquic_path_for_each(c, p)
		p->ku_tx_first_pn = p->sp->next_pn;
}

/**
 * tquic_ku_switch - a packet opened with the next receive key
 * @c: connection
 * @pn: its packet number
 *
 * Return: 0, or -EPROTO with KEY_UPDATE_ERROR when the peer updated while
 * our own update was not acknowledged yet.
 */
int tquic_ku_switch(struct tquic_conn *c, u64 pn)
{
	struct tquic_space *sp = &c->space[TQUIC_LEVEL_APP];
	struct tquic_key_update *ku = &c->ku;
	bool by_peer = ku->tx_phase == ku->rx_phase;
	struct tquic_path *p;

	/* The peer answers our update: its phase now matches ours. */
	if (!by_peer) {
		ku->tx_pending = false;
	} else {
		/* The peer starts one: we must answer it. */
		if (!ku->tx_next.aead)
			return 0;	/* not derived yet: keep the old keys */
		if (ku->tx_pending) {
			tquic_conn_fail(c, TQUIC_ERR_KEY_UPDATE_ERROR, EPROTO);
			return -EPROTO;
		}
		tquic_ku_retire(c, &sp->tx_key);
		sp->tx_key = ku->tx_next;
		memset(&ku->tx_next, 0, sizeof(ku->tx_next));
		ku->tx_phase = !ku->tx_phase;
		tquic_ku_tx_mark(c);
		ku->tx_pkts = 0;
	}
	if (ku->rx_prev.aead)
		tquic_ku_retire(c, &ku->rx_prev);
	ku->rx_prev = sp->rx_key;
	sp->rx_key = ku->rx_next;
	memset(&ku->rx_next, 0, sizeof(ku->rx_next));
	ku->rx_phase = !ku->rx_phase;
	tquic_path_for_each(c, p)
		p->ku_rx_seen = false;
	c->path->ku_rx_first_pn = pn;
	c->path->ku_rx_seen = true;
	ku->rx_switched = true;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_KEY_UPDATES);
	c->stats.key_updates++;
	tquic_event_key_update(c, by_peer);
	tquic_ku_kick(c);
	return 0;
}

/**
 * tquic_ku_acked - our packet @pn of the 1-RTT space was acknowledged
 * @c: connection
 * @pn: packet number
 */
void tquic_ku_acked(struct tquic_conn *c, u64 pn)
{
	if (c->ku.tx_pending && pn >= c->path->ku_tx_first_pn &&
	    c->ku.rx_phase == c->ku.tx_phase)
		c->ku.tx_pending = false;
}

/**
 * tquic_ku_start - user space asks for a key update
 * @c: connection
 *
 * Return: 0; -ENOTCONN before the handshake is confirmed; -EAGAIN while
 * the previous update is not acknowledged or the next key is not derived
 * yet.
 */
int tquic_ku_start(struct tquic_conn *c)
{
	struct tquic_space *sp = &c->space[TQUIC_LEVEL_APP];
	struct tquic_key_update *ku = &c->ku;

	if (c->state != TQUIC_CONN_ESTABLISHED || !c->confirmed)
		return -ENOTCONN;
	if (ku->tx_pending || ku->tx_phase != ku->rx_phase ||
	    !ku->tx_next.aead || !ku->rx_next.aead)
		return -EAGAIN;
	tquic_ku_retire(c, &sp->tx_key);
	sp->tx_key = ku->tx_next;
	memset(&ku->tx_next, 0, sizeof(ku->tx_next));
	ku->tx_phase = !ku->tx_phase;
	tquic_ku_tx_mark(c);
	ku->tx_pkts = 0;
	ku->tx_pending = true;
	/* Something must carry the new phase for the peer to answer. */
	sp->ping_pending = true;
	tquic_ku_kick(c);
	return 0;
}

/**
 * tquic_ku_free - free the key update keys of a closed connection
 * @c: connection (its work is not queued: it holds a reference)
 */
void tquic_ku_free(struct tquic_conn *c)
{
	int i;

	__skb_queue_purge(&c->ku.held);
	tquic_key_free(&c->ku.rx_next);
	tquic_key_free(&c->ku.tx_next);
	tquic_key_free(&c->ku.rx_prev);
	for (i = 0; i < TQUIC_KU_RETIRED; i++)
		tquic_key_free(&c->ku.retired[i]);
}
