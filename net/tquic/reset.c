// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: stateless reset (RFC 9000, section 10.3).
 *
 * Tokens: the token of a connection ID is the first 16 bytes of
 * HMAC-SHA256 over its length and bytes, keyed with a random 32-byte key
 * each netns draws when its tquic state is made (10.3.2).  So a netns
 * can tell the token of any ID it ever issued without remembering the
 * connection, for as long as it lives: a server socket bound again to
 * the same address after its connections went away resets the peers
 * that still talk to them.  Nothing else sees the key.
 *
 * Sending: the UDP receive path answers a short header packet for no
 * known connection ID with a datagram of random bits that looks like a
 * short header packet and ends in the ID's token (udp.c builds it with
 * tquic_reset_len() and tquic_reset_build()).
 *
 * Receiving: a client keeps the token the server gave in its transport
 * parameters, and either end the tokens of the IDs the peer gave with
 * NEW_CONNECTION_ID; the connection takes a datagram from the peer's
 * address that ends in one as a reset (input.c).  A reset's first bytes
 * are random, so it rarely carries one of our connection IDs: the tokens
 * also route it, through two netns tables of the peers' tokens (the
 * first by connection, the others by ID slot; tquic_reset_route()), to
 * its connection.
 */
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <crypto/algapi.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/rhashtable.h>

#include "conn.h"
#include "reset.h"
#include "sock.h"
#include "tquic.h"

#define TQUIC_RESET_KEY_LEN	32
/* Above this trigger size a reset is 42 to 57 bytes long: the size of a
 * short header packet with a little in it (10.3).
 */
#define TQUIC_RESET_BASE_LEN	42

static u32 tquic_token_hash(const void *data, u32 len, u32 seed)
{
	/* Byte-wise: the key sits unaligned in the packet and the conn. */
	return jhash(data, len, seed);
}

static const struct rhashtable_params tquic_reset_params = {
	.key_len = TQUIC_STATELESS_RESET_TOKEN_LEN,
	.key_offset = offsetof(struct tquic_conn, ptp.stateless_reset_token),
	.head_offset = offsetof(struct tquic_conn, reset_node),
	.hashfn = tquic_token_hash,
	.automatic_shrinking = true,
};

static const struct rhashtable_params tquic_reset_slot_params = {
	.key_len = TQUIC_STATELESS_RESET_TOKEN_LEN,
	.key_offset = offsetof(struct tquic_cid_slot, token),
	.head_offset = offsetof(struct tquic_cid_slot, reset_node),
	.hashfn = tquic_token_hash,
	.automatic_shrinking = true,
};

/**
 * tquic_reset_init_net - a netns's reset key and peer token table
 * @tn: its tquic state
 *
 * Context: process (allocates).
 * Return: 0, -ENOMEM or a crypto error.
 */
int tquic_reset_init_net(struct tquic_net *tn)
{
	u8 key[TQUIC_RESET_KEY_LEN];
	int err;

	tn->reset_hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tn->reset_hmac)) {
		err = PTR_ERR(tn->reset_hmac);
		goto err;
	}
	get_random_bytes(key, sizeof(key));
	err = crypto_shash_setkey(tn->reset_hmac, key, sizeof(key));
	memzero_explicit(key, sizeof(key));
	if (err)
		goto err_hmac;
	err = rhashtable_init(&tn->reset_tokens, &tquic_reset_params);
	if (err)
		goto err_hmac;
	err = rhashtable_init(&tn->reset_slots, &tquic_reset_slot_params);
	if (err)
		goto err_tokens;
	return 0;

err_tokens:
	rhashtable_destroy(&tn->reset_tokens);
err_hmac:
	crypto_free_shash(tn->reset_hmac);
err:
	tn->reset_hmac = NULL;
	return err;
}

/**
 * tquic_reset_exit_net - free what tquic_reset_init_net() made
 * @tn: the netns's tquic state
 */
void tquic_reset_exit_net(struct tquic_net *tn)
{
	/* Connections leave the tables before they go: they are empty. */
	rhashtable_destroy(&tn->reset_slots);
	rhashtable_destroy(&tn->reset_tokens);
	crypto_free_shash(tn->reset_hmac);
	tn->reset_hmac = NULL;
}

/**
 * tquic_reset_token - the stateless reset token of a connection ID
 * @net: the netns that issued it
 * @cid: its bytes
 * @cid_len: its length
 * @token: TQUIC_STATELESS_RESET_TOKEN_LEN bytes, filled in
 *
 * Context: any.
 * Return: 0 or a crypto error.
 */
int tquic_reset_token(struct net *net, const u8 *cid, u8 cid_len, u8 *token)
{
	struct crypto_shash *tfm = tquic_net(net)->reset_hmac;
	SHASH_DESC_ON_STACK(desc, tfm);
	u8 mac[SHA256_DIGEST_SIZE];
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	err = err ?: crypto_shash_update(desc, &cid_len, 1);
	err = err ?: crypto_shash_finup(desc, cid, cid_len, mac);
	shash_desc_zero(desc);
	if (!err)
		memcpy(token, mac, TQUIC_STATELESS_RESET_TOKEN_LEN);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/**
 * tquic_reset_len - how long a reset answering a datagram is
 * @trigger_len: the datagram's length
 * @rnd: random bits
 *
 * Always shorter than the datagram it answers, so two endpoints that
 * each take the other's packets for an unknown connection's stop after
 * a few rounds (10.3.3), and never shorter than TQUIC_RESET_MIN_LEN.
 * A datagram of up to 43 bytes gets one a byte shorter; a larger one,
 * 42 to 57 bytes at random.
 *
 * Return: the length, or 0 when the datagram is too short to answer.
 */
size_t tquic_reset_len(size_t trigger_len, u32 rnd)
{
	if (trigger_len <= TQUIC_RESET_MIN_LEN)
		return 0;
	return min_t(size_t, trigger_len - 1,
		     TQUIC_RESET_BASE_LEN + (rnd & 15));
}

/**
 * tquic_reset_build - a stateless reset for connection ID @cid
 * @net: the netns that issued @cid
 * @buf: where it goes
 * @len: its length, at least TQUIC_RESET_MIN_LEN
 * @cid: the connection ID the answered packet carried
 * @cid_len: its length
 *
 * The first byte is 0b01 and six random bits, like a short header; the
 * rest is random up to the token (10.3).
 *
 * Return: 0, -EINVAL for a length too short, or a crypto error.
 */
int tquic_reset_build(struct net *net, u8 *buf, size_t len, const u8 *cid,
		      u8 cid_len)
{
	size_t rnd = len - TQUIC_STATELESS_RESET_TOKEN_LEN;

	if (len < TQUIC_RESET_MIN_LEN)
		return -EINVAL;
	get_random_bytes(buf, rnd);
	buf[0] = (buf[0] & ~TQUIC_HDR_LONG) | TQUIC_HDR_FIXED;
	return tquic_reset_token(net, cid, cid_len, buf + rnd);
}

/**
 * tquic_reset_add - route datagrams ending in the peer's token to @c
 * @c: a connection whose peer transport parameters were just set
 *
 * A token already in the table (a peer that gave two connections the
 * same one) keeps routing to the first connection; this one still
 * recognises a reset that reaches it by connection ID.
 */
void tquic_reset_add(struct tquic_conn *c)
{
	struct tquic_net *tn = tquic_net(c->net);

	if (c->reset_routed || !c->ptp_set ||
	    !c->ptp.has_stateless_reset_token)
		return;
	if (!rhashtable_lookup_insert_fast(&tn->reset_tokens, &c->reset_node,
					   tquic_reset_params))
		c->reset_routed = true;
}

/**
 * tquic_reset_slot_add - route datagrams ending in the token of a peer's
 *	connection ID from NEW_CONNECTION_ID to @c
 * @c: the connection
 * @s: the ID's slot in c->pcid, just filled
 */
void tquic_reset_slot_add(struct tquic_conn *c, struct tquic_cid_slot *s)
{
	s->conn = c;
	if (!rhashtable_lookup_insert_fast(&tquic_net(c->net)->reset_slots,
					   &s->reset_node,
					   tquic_reset_slot_params))
		s->reset_routed = true;
}

/**
 * tquic_reset_slot_del - stop routing by a peer ID's token (retired)
 * @c: the connection
 * @s: the ID's slot
 */
void tquic_reset_slot_del(struct tquic_conn *c, struct tquic_cid_slot *s)
{
	if (!s->reset_routed)
		return;
	rhashtable_remove_fast(&tquic_net(c->net)->reset_slots,
			       &s->reset_node, tquic_reset_slot_params);
	s->reset_routed = false;
}

/**
 * tquic_reset_del - stop routing by any of @c's peer tokens
 * @c: the connection
 */
void tquic_reset_del(struct tquic_conn *c)
{
	struct tquic_net *tn = tquic_net(c->net);
	unsigned int i;

	for (i = 0; i < TQUIC_PCID_SLOTS; i++)
		tquic_reset_slot_del(c, &c->pcid[i]);
	if (!c->reset_routed)
		return;
	rhashtable_remove_fast(&tn->reset_tokens, &c->reset_node,
			       tquic_reset_params);
	c->reset_routed = false;
}

/**
 * tquic_reset_route - hand a datagram that may be a stateless reset to the
 *	connection whose peer token it ends in
 * @net: netns
 * @skb: a datagram for no known connection ID, skb->data at its start
 *
 * Context: softirq.
 * Return: true when it was handed over (consumed).
 */
bool tquic_reset_route(struct net *net, struct sk_buff *skb)
{
	struct tquic_net *tn = tquic_net(net);
	u8 token[TQUIC_STATELESS_RESET_TOKEN_LEN];
	struct tquic_cid_slot *s;
	struct tquic_conn *c;

	if (skb->len < TQUIC_RESET_MIN_LEN || (skb->data[0] & TQUIC_HDR_LONG) ||
	    (!atomic_read(&tn->reset_tokens.nelems) &&
	     !atomic_read(&tn->reset_slots.nelems)))
		return false;
	memcpy(token, skb->data + skb->len - sizeof(token), sizeof(token));
	rcu_read_lock();
	c = rhashtable_lookup_fast(&tn->reset_tokens, token,
				   tquic_reset_params);
	if (!c) {
		s = rhashtable_lookup_fast(&tn->reset_slots, token,
					   tquic_reset_slot_params);
		c = s ? READ_ONCE(s->conn) : NULL;
	}
	if (c && !refcount_inc_not_zero(&c->refs))
		c = NULL;
	rcu_read_unlock();
	if (!c)
		return false;
	tquic_sock_deliver(c->sk, skb);
	tquic_conn_put(c);
	return true;
}

/**
 * tquic_reset_match - a datagram ends in a stateless reset token of the
 *	peer's
 * @c: the connection
 * @data: the datagram
 * @len: its length
 *
 * Only a datagram long enough to be a reset counts.  The tokens are the
 * one of a server's first connection ID (its transport parameters) and
 * those of the IDs either peer gave with NEW_CONNECTION_ID and we have
 * not retired (RFC 9000, 10.3.1).
 * Return: true when it does.
 */
bool tquic_reset_match(const struct tquic_conn *c, const u8 *data,
		       size_t len)
{
	const u8 *tail = data + len - TQUIC_STATELESS_RESET_TOKEN_LEN;
	const struct tquic_cid_slot *s;
	unsigned int i;

	if (len < TQUIC_RESET_MIN_LEN)
		return false;
	if (c->ptp_set && c->ptp.has_stateless_reset_token &&
	    !crypto_memneq(tail, c->ptp.stateless_reset_token,
			   TQUIC_STATELESS_RESET_TOKEN_LEN))
		return true;
	for (i = 0; i < TQUIC_PCID_SLOTS; i++) {
		s = &c->pcid[i];
		if (s->used && !s->retire &&
		    !crypto_memneq(tail, s->token, sizeof(s->token)))
			return true;
	}
	return false;
}
