// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: Retry (RFC 9000, 8.1.2 and 17.2.5; RFC 9001, 5.8).
 *
 * Server: a listener with TQUIC_SOCKOPT_RETRY answers a client's first
 * Initial that carries no valid token with a Retry packet: a new Source
 * Connection ID, a Retry token sealed for the client's address holding
 * its original Destination Connection ID (token.c), and the integrity
 * tag.  No state is kept; the client's next Initial brings the token
 * back, and only then is a connection made, its address validated.
 *
 * Client: a Retry is followed once, before anything came from the
 * server, when its integrity tag checks out against our original
 * Destination Connection ID, it carries a token and a new connection ID.
 * The client then sends to that ID, derives new Initial keys from it,
 * puts the token in every Initial and sends its CRYPTO data again
 * (packet numbers go on).  The server's transport parameters must then
 * name that ID as retry_source_connection_id.  The check and the new keys
 * need process context: the receive path hands the packet to a work item.
 */
#include <crypto/algapi.h>
#include <linux/random.h>
#include <linux/skbuff.h>

#include "compat.h"
#include "conn.h"
#include "crypto.h"
#include "event.h"
#include "packet.h"
#include "recovery.h"
#include "sock.h"
#include "token.h"
#include "tquic.h"

/**
 * tquic_retry_send - answer a client's Initial @h with a Retry
 * @u: the UDP socket it came on
 * @h: its header
 * @local: our address
 * @peer: the client's
 *
 * Context: process.
 * Return: 0 or a negative error.
 */
int tquic_retry_send(struct tquic_udp_sock *u, const struct tquic_hdr *h,
		     const struct sockaddr_storage *local,
		     const struct sockaddr_storage *peer)
{
	struct net *net = tquic_udp_net(u);
	u8 token[TQUIC_TOKEN_MAX];
	struct tquic_cid odcid = {}, scid = {};
	struct sk_buff *skb;
	int tlen, err;
	size_t n;
	u8 *p;

	odcid.len = h->dcid_len;
	memcpy(odcid.id, h->dcid, h->dcid_len);
	scid.len = TQUIC_LOCAL_CID_LEN;
	get_random_bytes(scid.id, scid.len);
	tlen = tquic_token_make(net, TQUIC_TOKEN_RETRY, peer, &odcid, token);
	if (tlen < 0)
		return tlen;
	n = 1 + 4 + 1 + h->scid_len + 1 + scid.len + tlen + TQUIC_TAG_LEN;
	skb = alloc_skb(TQUIC_HEADROOM + n, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, TQUIC_HEADROOM);
	p = skb_put(skb, n);
	*p++ = TQUIC_HDR_LONG | TQUIC_HDR_FIXED |
	       (tquic_long_type_bits(h->version, TQUIC_PKT_RETRY) << 4) |
	       (get_random_u8() & 0x0f);
	put_unaligned_be32(h->version, p);
	p += 4;
	*p++ = h->scid_len;
	memcpy(p, h->scid, h->scid_len);
	p += h->scid_len;
	*p++ = scid.len;
	memcpy(p, scid.id, scid.len);
	p += scid.len;
	memcpy(p, token, tlen);
	p += tlen;
	err = tquic_retry_tag(h->version, odcid.id, odcid.len, skb->data,
			      n - TQUIC_TAG_LEN, p);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	local_bh_disable();
	err = tquic_udp_xmit(u, skb, n, 1, local, peer);
	local_bh_enable();
	if (!err)
		TQUIC_INC_STATS(net, TQUIC_MIB_RETRY_SENT);
	return err;
}

/* Is @pkt a Retry we follow?  Fills @h. */
static bool tquic_retry_ok(struct tquic_conn *c, u8 *pkt, size_t len,
			   struct tquic_hdr *h)
{
	u8 tag[TQUIC_TAG_LEN];

	if (tquic_hdr_parse(pkt, len, TQUIC_LOCAL_CID_LEN, h) ||
	    h->type != TQUIC_PKT_RETRY || h->version != c->version ||
	    !h->token_len || h->token_len > TQUIC_TOKEN_IN_MAX ||
	    h->dcid_len != c->scid.len ||
	    memcmp(h->dcid, c->scid.id, c->scid.len) || !h->scid_len ||
	    (h->scid_len == c->odcid.len &&
	     !memcmp(h->scid, c->odcid.id, c->odcid.len)))
		return false;
	if (tquic_retry_tag(c->version, c->odcid.id, c->odcid.len, pkt,
			    len - TQUIC_TAG_LEN, tag))
		return false;
	return !crypto_memneq(tag, pkt + len - TQUIC_TAG_LEN, TQUIC_TAG_LEN);
}

/* Follow the Retry: new ID, new Initial keys, the token, data again. */
static void tquic_retry_follow(struct tquic_conn *c, const struct tquic_hdr *h)
{
	kfree(c->token);
	c->token = kmemdup(h->token, h->token_len, GFP_KERNEL);
	if (!c->token) {
		tquic_conn_fail(c, TQUIC_ERR_INTERNAL_ERROR, ENOMEM);
		return;
	}
	c->token_len = h->token_len;
	c->retried = true;
	memset(&c->idcid, 0, sizeof(c->idcid));
	c->idcid.len = h->scid_len;
	memcpy(c->idcid.id, h->scid, h->scid_len);
	c->dcid = c->idcid;
	if (tquic_conn_initial_keys(c)) {
		tquic_conn_fail(c, TQUIC_ERR_INTERNAL_ERROR, ENOMEM);
		return;
	}
	tquic_space_requeue(c, TQUIC_LEVEL_INITIAL);
	/* 0-RTT sent before the Retry was never read (RFC 9002, 6.3) */
	if (c->early.tx)
		tquic_space_requeue(c, TQUIC_LEVEL_APP);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_RETRY_RCVD);
	tquic_output_bh(c);
}

static void tquic_retry_work(struct work_struct *work)
{
	struct tquic_conn *c = container_of(work, struct tquic_conn,
					    retry_work);
	struct sock *sk = c->sk;
	struct tquic_hdr h;
	size_t len;
	u8 *pkt;

	lock_sock(sk);
	pkt = c->retry_pkt;
	len = c->retry_len;
	c->retry_pkt = NULL;
	if (pkt && c->state == TQUIC_CONN_HANDSHAKE && !c->retried &&
	    !c->dcid_from_peer) {
		if (tquic_retry_ok(c, pkt, len, &h))
			tquic_retry_follow(c, &h);
		else
			TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_MALFORMED);
	}
	release_sock(sk);
	kfree(pkt);
	tquic_conn_put(c);
}

/**
 * tquic_retry_rcv - a Retry packet arrived for client connection @c
 * @c: connection; caller holds the socket lock
 * @pkt: the packet (the rest of the datagram)
 * @len: its length
 */
void tquic_retry_rcv(struct tquic_conn *c, const u8 *pkt, size_t len)
{
	if (c->is_server || c->retried || c->retry_pkt || c->dcid_from_peer ||
	    c->space[TQUIC_LEVEL_INITIAL].rx_nranges ||
	    len > 1 + 4 + 2 * (1 + TQUIC_CID_MAX) + TQUIC_TOKEN_IN_MAX +
		  TQUIC_TAG_LEN) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_CONN);
		return;
	}
	c->retry_pkt = kmemdup(pkt, len, GFP_ATOMIC);
	if (!c->retry_pkt)
		return;
	c->retry_len = len;
	refcount_inc(&c->refs);
	if (!queue_work(tquic_wq, &c->retry_work))
		tquic_conn_put(c);
}

/**
 * tquic_new_token_make - server: the token for this client's next
 *	connections, sent in a NEW_TOKEN frame (RFC 9000, 8.1.3)
 * @c: connection, handshake complete
 *
 * Context: process.
 */
void tquic_new_token_make(struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	u8 tok[TQUIC_TOKEN_MAX];
	int n;

	n = tquic_token_make(c->net, TQUIC_TOKEN_NEW, &path->peer, NULL, tok);
	if (n <= 0)
		return;
	c->new_token = kmemdup(tok, n, GFP_KERNEL);
	if (!c->new_token)
		return;
	c->new_token_len = n;
	c->new_token_pending = true;
}

/**
 * tquic_new_token_rcv - client: a NEW_TOKEN frame arrived
 * @c: connection
 * @tok: the token
 * @len: its length
 *
 * Return: 0, or -EPROTO (a server got one: PROTOCOL_VIOLATION).
 */
int tquic_new_token_rcv(struct tquic_conn *c, const u8 *tok, size_t len)
{
	u8 *copy;

	if (c->is_server)
		return -EPROTO;
	if (len > TQUIC_TOKEN_IN_MAX)
		return 0;	/* not one we could send back */
	copy = kmemdup(tok, len, GFP_ATOMIC);
	if (!copy)
		return 0;
	kfree(c->new_token);
	c->new_token = copy;
	c->new_token_len = len;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_NEW_TOKEN_RCVD);
	tquic_event_new_token(c);
	return 0;
}

/**
 * tquic_retry_init - Retry state of a new connection
 * @c: connection
 */
void tquic_retry_init(struct tquic_conn *c)
{
	INIT_WORK(&c->retry_work, tquic_retry_work);
}

/**
 * tquic_retry_free - free the token and a Retry never looked at
 * @c: connection (no work queued: it holds a reference)
 */
void tquic_retry_free(struct tquic_conn *c)
{
	kfree(c->token);
	c->token = NULL;
	kfree(c->new_token);
	c->new_token = NULL;
	kfree(c->retry_pkt);
	c->retry_pkt = NULL;
}
