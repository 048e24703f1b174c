// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: receiving packets on a connection.
 *
 * A datagram may coalesce several packets; each is parsed, has its header
 * protection removed, is opened with its level's key and has its frames
 * handled.  A packet that cannot be read (no key yet, failed
 * authentication, a duplicate) is dropped and counted without affecting
 * the others; a frame that breaks the protocol closes the connection with
 * its transport error.  Caller holds the socket lock (bh_lock_sock() in
 * softirq, or owns it and runs the backlog).
 */
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>
#include <linux/slab.h>

#include "compat.h"
#include "conn.h"
#include "event.h"
#include "keyupdate.h"
#include "pmtu.h"
#include "recovery.h"
#include "reset.h"
#include "rxzc.h"
#include "sock.h"
#include "stream.h"
#include "token.h"
#include "tquic.h"

/* A DATAGRAM frame (RFC 9221): only if we announced we take them, and
 * no larger, as a whole frame (type, length and data; RFC 9221, 3), than
 * we said.
 */
static int tquic_rcv_datagram(struct tquic_conn *c,
			      const struct tquic_frame *f, u64 *terr)
{
	u64 size = 1 + f->datagram.len;
	struct sock *sk = c->sk;
	struct sk_buff *skb;

	if (f->type == TQUIC_FT_DATAGRAM_LEN)
		size += tquic_varint_len(f->datagram.len);
	if (!c->ltp.has_max_datagram_frame_size ||
	    size > c->ltp.max_datagram_frame_size) {
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	if (atomic_read(&sk->sk_rmem_alloc) > READ_ONCE(sk->sk_rcvbuf)) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_DATAGRAM);
		return 0;
	}
	skb = alloc_skb(f->datagram.len, GFP_ATOMIC);
	if (!skb) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_DATAGRAM);
		return 0;
	}
	skb_put_data(skb, f->datagram.data, f->datagram.len);
	TQUIC_SKB_CB(skb)->kind = TQUIC_SKB_DATAGRAM;
	TQUIC_SKB_CB(skb)->consumed = 0;
	tquic_rcvq_add(c, skb);
	tquic_data_ready(c);
	return 0;
}

static int tquic_rcv_frame(struct tquic_conn *c, enum tquic_level lvl,
			   const struct tquic_frame *f, u64 *terr)
{
	struct tquic_path *path = c->path;
	struct sock *sk = c->sk;
	struct tquic_stream *s;
	u64 *max;

	if (tquic_ft_is_stream(f->type))
		return tquic_stream_rcv(c, f, terr);
	/* Multipath frames: without the extension negotiated they break
	 * the protocol (draft-ietf-quic-multipath-21, 3).
	 */
	if (tquic_ft_is_mp(f->type)) {
		if (c->mp.enabled)
			return tquic_mp_frame_rcv(c, f, terr);
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	switch (f->type) {
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
		if (lvl == TQUIC_LEVEL_APP && c->path->id)
			return tquic_on_path_ack(c, 0, f, terr);
		return tquic_on_ack(c, lvl, f, terr);
	case TQUIC_FT_CRYPTO:
		return tquic_rcv_crypto(c, lvl, f, terr);
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		tquic_conn_peer_closed(c, f);
		return -ECONNRESET;
	case TQUIC_FT_HANDSHAKE_DONE:
		if (c->is_server) {
			*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
			return -EPROTO;
		}
		tquic_conn_confirm(c);
		return 0;
	case TQUIC_FT_MAX_DATA:
		if (f->max.max > c->tx_max_data) {
			c->tx_max_data = f->max.max;
			sk->sk_write_space(sk);
		}
		return 0;
	case TQUIC_FT_MAX_STREAM_DATA:
		s = tquic_stream_rx_get(c, f->max.stream_id, false, terr);
		if (IS_ERR_OR_NULL(s))
			return PTR_ERR_OR_ZERO(s);
		if (f->max.max > s->tx_max) {
			s->tx_max = f->max.max;
			tquic_stream_want_send(c, s);
			sk->sk_write_space(sk);
		}
		return 0;
	case TQUIC_FT_MAX_STREAMS_BIDI:
	case TQUIC_FT_MAX_STREAMS_UNI:
		max = f->type == TQUIC_FT_MAX_STREAMS_BIDI ? &c->max_local_bidi :
							     &c->max_local_uni;
		if (f->max.max > *max) {
			*max = f->max.max;
			tquic_event_max_streams(c);
			sk->sk_write_space(sk);
		}
		return 0;
	case TQUIC_FT_DATAGRAM:
	case TQUIC_FT_DATAGRAM_LEN:
		return tquic_rcv_datagram(c, f, terr);
	case TQUIC_FT_NEW_CONNECTION_ID:
		return tquic_cids_new_rcv(c, f, terr);
	case TQUIC_FT_RETIRE_CONNECTION_ID:
		return tquic_cids_retire_rcv(c, f->retire_seq, terr);
	case TQUIC_FT_RESET_STREAM:
		return tquic_stream_reset_rcv(c, f, terr);
	case TQUIC_FT_STOP_SENDING:
		return tquic_stop_sending_rcv(c, f, terr);
	case TQUIC_FT_NEW_TOKEN:
		if (tquic_new_token_rcv(c, f->token.data, f->token.len)) {
			*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
			return -EPROTO;
		}
		return 0;
	case TQUIC_FT_STREAM_DATA_BLOCKED:
		/* Nothing to do but refuse it for a stream the peer cannot
		 * send on (RFC 9000, 19.13).
		 */
		s = tquic_stream_rx_get(c, f->max.stream_id, true, terr);
		return IS_ERR(s) ? PTR_ERR(s) : 0;
	case TQUIC_FT_PATH_CHALLENGE:
		memcpy(path->path_response, f->path_data, TQUIC_PATH_DATA_LEN);
		path->path_response_pending = true;
		return 0;
	case TQUIC_FT_PATH_RESPONSE:
		if (path->path_validating &&
		    !memcmp(f->path_data, path->path_challenge,
			    TQUIC_PATH_DATA_LEN)) {
			path->path_validating = false;
			path->path_challenge_pending = false;
			if (path->peer_unvalidated)
				tquic_peer_validated(c);
			TQUIC_INC_STATS(c->net, TQUIC_MIB_PATH_VALIDATED);
			tquic_path_validated(c, path);
			tquic_nl_path_event(c, path,
					    TQUIC_NL_EVENT_PATH_VALIDATED);
		} else if (c->is_server &&
			   tquic_probe_answered(c, f->path_data)) {
			TQUIC_INC_STATS(c->net, TQUIC_MIB_PATH_VALIDATED);
		}
		return 0;
	}
	/* PADDING, PING, DATA_BLOCKED and STREAMS_BLOCKED: nothing to do
	 * (credit comes as the reader reads).
	 */
	return 0;
}

static enum tquic_level tquic_pkt_level(enum tquic_pkt_type t)
{
	return t == TQUIC_PKT_INITIAL ? TQUIC_LEVEL_INITIAL :
	       t == TQUIC_PKT_HANDSHAKE ? TQUIC_LEVEL_HANDSHAKE :
	       TQUIC_LEVEL_APP;
}

static bool tquic_cid_is(const struct tquic_cid *cid, const u8 *id, u8 len)
{
	return cid->len == len && !memcmp(cid->id, id, len);
}

/* A Version Negotiation packet (RFC 9000, 6.2): a client that has heard
 * nothing else from the server, whose connection IDs it echoes, and
 * whose version it does not list, gives up on the attempt.
 */
static void tquic_vn_rcv(struct tquic_conn *c, const u8 *pkt, size_t len,
			 const struct tquic_hdr *h)
{
	const u8 *list = pkt + h->pn_off;
	size_t i, n = (len - h->pn_off) / 4;

	if (c->is_server || c->state != TQUIC_CONN_HANDSHAKE ||
	    c->dcid_from_peer || c->retried ||
	    c->space[TQUIC_LEVEL_INITIAL].rx_nranges ||
	    !tquic_cid_is(&c->scid, h->dcid, h->dcid_len) ||
	    !tquic_cid_is(&c->dcid, h->scid, h->scid_len)) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_CONN);
		return;
	}
	for (i = 0; i < n; i++) {
		if (get_unaligned_be32(list + 4 * i) == c->version) {
			TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_MALFORMED);
			return;
		}
	}
	tquic_conn_version_refused(c, list, n);
}

/* Open one packet and handle its frames.  Returns the packet's length
 * (to go on to the next one in the datagram) or a negative error (to
 * stop).
 */
static int tquic_rcv_packet(struct tquic_conn *c, u8 *pkt, size_t len,
			    size_t dgram_len,
			    const struct sockaddr_storage *local,
			    const struct sockaddr_storage *from)
{
	bool highest, in_order, trial, opening = false;
	bool probing = true, elsewhere, challenged = false;
	u8 challenge[TQUIC_PATH_DATA_LEN];
	struct tquic_space *ks;
	struct tquic_path *path;
	struct tquic_hp_key *hp;
	u32 path_id = 0;
	struct tquic_pp_key *key;
	bool next_key = false;
	struct tquic_frame f;
	struct tquic_space *sp;
	enum tquic_level lvl;
	bool eliciting = false;
	struct tquic_hdr h;
	size_t hdr_len, off;
	u64 pn, terr = 0;
	int n, pn_len, plen, err;

	/* A QUIC bit of 0 only from a peer we told it may (RFC 9287) */
	if (tquic_hdr_parse(pkt, len, TQUIC_LOCAL_CID_LEN, &h) ||
	    (h.greased && !c->ltp.grease_quic_bit)) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_MALFORMED);
		return -EINVAL;
	}
	if (h.type == TQUIC_PKT_VN) {
		tquic_vn_rcv(c, pkt, len, &h);
		return len;
	}
	if (h.type == TQUIC_PKT_RETRY &&
	    tquic_cid_is(&c->scid, h.dcid, h.dcid_len)) {
		tquic_retry_rcv(c, pkt, len);
		return len;
	}
	if (h.type == TQUIC_PKT_VN || h.type == TQUIC_PKT_RETRY ||
	    !(tquic_cids_owns(c, h.dcid, h.dcid_len) ||
	      (c->odcid_routed &&
	       tquic_cid_is(&c->idcid, h.dcid, h.dcid_len)) ||
	      (h.type == TQUIC_PKT_1RTT && c->mp.enabled &&
	       tquic_mp_owns(c, h.dcid, h.dcid_len, &path_id)))) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_CONN);
		return h.len;
	}
	/* Once a client has opened a packet of the server, every later
	 * long header packet must carry the Source Connection ID that one
	 * did (RFC 9000, 7.2).  One with another ID does not come from this
	 * connection's server: a packet not for this connection, hence
	 * DropNoConnection.  Compared with c->server_scid, not c->dcid,
	 * which a Retry sets before and NEW_CONNECTION_ID may change after
	 * (a client opens long header packets only until confirmed).
	 */
	if (!c->is_server && c->dcid_from_peer && h.type != TQUIC_PKT_1RTT &&
	    !tquic_cid_is(&c->server_scid, h.scid, h.scid_len)) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_CONN);
		return h.len;
	}
	/* An ID of another path ID: that path's (path.c), which a server
	 * opens once the packet authenticates; the caller puts c->path back.
	 */
	if (path_id) {
		path = tquic_path_by_id(c, path_id);
		opening = !path;
		if (path) {
			c->path = path;
		} else if (!tquic_path_may_open(c, path_id)) {
			TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_CONN);
			return h.len;
		}
	}
	/* A server reads a client's Initial only in a full-size datagram
	 * (RFC 9000, 14.1); a client reads no token in a server's Initial
	 * (17.2.2).
	 */
	if (h.type == TQUIC_PKT_INITIAL &&
	    (c->is_server ? dgram_len < TQUIC_MIN_INITIAL_DATAGRAM :
			    h.token_len)) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_MALFORMED);
		return h.len;
	}
	/* A server Initial of the other version we offered (version.c) */
	trial = h.type == TQUIC_PKT_INITIAL && h.version != c->version &&
		tquic_vneg_try(c, h.version);
	if (h.type != TQUIC_PKT_1RTT && h.version != c->version) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_CONN);
		return h.len;
	}
	lvl = tquic_pkt_level(h.type);
	ks = &c->space[lvl];		/* the keys */
	sp = opening ? NULL : tquic_pn_space(c, lvl);	/* packet numbers */
	if (ks->discarded)
		return h.len;	/* a late packet of a finished level */
	key = &ks->rx_key;
	hp = &ks->rx_hp;
	if (h.type == TQUIC_PKT_0RTT) {
		key = tquic_early_rx_key(c, &hp);
		if (!key)
			return -EINPROGRESS;	/* tquic_early_hold()? */
	} else if (!key->aead) {
		if (!c->confirmed && c->state == TQUIC_CONN_HANDSHAKE)
			return -ENOKEY;		/* tquic_key_hold() */
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_KEY);
		return h.len;
	}
	pn_len = tquic_hp_unprotect(hp, pkt, h.len, h.pn_off);
	if (pn_len < 0) {
		if (trial)
			tquic_vneg_undo(c);
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_MALFORMED);
		return h.len;
	}
	pn = tquic_pn_decode(sp && sp->rx_nranges ? sp->rx_ranges[0].largest : 0,
			     tquic_pn_get(pkt + h.pn_off, pn_len), pn_len);
	hdr_len = h.pn_off + pn_len;
	if (h.type == TQUIC_PKT_1RTT)
		key = tquic_ku_rx_key(c, opening ? NULL : c->path,
				      pkt[0] & TQUIC_HDR_KEY_PHASE, pn,
				      &next_key);
	if (!key && next_key) {
		/* The next key is still being derived: back as it came,
		 * for tquic_ku_hold().
		 */
		tquic_hp_protect(&ks->rx_hp, pkt, h.len, h.pn_off);
		return -EAGAIN;
	}
	/* Into a waiting reader's buffer if it is its data (rxzc.c) */
	plen = key ? -ENOENT : -ENOKEY;
	if (key && h.type == TQUIC_PKT_1RTT && c->rx_zc)
		plen = tquic_rx_zc_open(c, key, path_id, pn, pkt, hdr_len,
					h.len);
	if (plen == -ENOENT)
		plen = tquic_open_path(key, path_id, pn, pkt, hdr_len, h.len);
	if (plen < 0) {
		if (trial)
			tquic_vneg_undo(c);
		TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_DECRYPT);
		if (key && h.type == TQUIC_PKT_1RTT && tquic_ku_forged(c)) {
			tquic_conn_fail(c, TQUIC_ERR_AEAD_LIMIT_REACHED, EPROTO);
			return -EPROTO;
		}
		return h.len;
	}
	if (opening) {
		path = tquic_path_open_rcv(c, path_id, local, from);
		if (!path) {
			TQUIC_INC_STATS(c->net, TQUIC_MIB_DROP_NO_CONN);
			return h.len;
		}
		c->path = path;
		sp = tquic_pn_space(c, lvl);
	}
	if (trial)
		tquic_vneg_commit(c);
	if (next_key && tquic_ku_switch(c, pn))
		return -EPROTO;
	if (h.type == TQUIC_PKT_1RTT)
		tquic_ku_rx_opened(c, pkt[0] & TQUIC_HDR_KEY_PHASE, pn);
	/* Reserved header bits must be zero once unprotected, and a packet
	 * carries at least one frame (RFC 9000, 12.4 and 17).
	 */
	if ((pkt[0] & (h.type == TQUIC_PKT_1RTT ? 0x18 : 0x0c)) || !plen) {
		tquic_conn_fail(c, TQUIC_ERR_PROTOCOL_VIOLATION, EPROTO);
		return -EPROTO;
	}
	highest = !sp->rx_nranges || pn > sp->rx_ranges[0].largest;
	in_order = !sp->rx_nranges || pn == sp->rx_ranges[0].largest + 1;
	if (!tquic_ack_record(sp, pn))
		return h.len;	/* a duplicate */
	if (h.type == TQUIC_PKT_0RTT)
		tquic_early_opened(c);
	/* The ACK's delay counts from the datagram's arrival, also when it
	 * waited for the reader (rxwork.c): the peer's RTT does not grow by
	 * the wait
	 */
	if (highest)
		sp->rx_largest_time = c->rx_arrival ?: tquic_conn_clock(c);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PKTS_IN);
	c->stats.pkts_in++;
	c->path->stats.pkts_rcvd++;
	c->path->stats.bytes_rcvd += h.len;
	if (c->path->peer_unvalidated && tquic_addr_eq(from, &c->path->peer))
		c->path->amp_rcvd += h.len;	/* migrate.c */
	tquic_conn_idle_touch(c, false);
	/* A server's Initial keys go with the first Handshake packet it
	 * opens (RFC 9001, 4.9.1).
	 */
	if (c->is_server && lvl == TQUIC_LEVEL_HANDSHAKE) {
		tquic_space_discard(c, TQUIC_LEVEL_INITIAL);
		c->addr_validated = true;	/* RFC 9000, 8.1 */
	}
	/* The client sends to the server's chosen ID from now on. */
	if (!c->is_server && !c->dcid_from_peer && h.type != TQUIC_PKT_1RTT) {
		c->dcid.len = h.scid_len;
		memcpy(c->dcid.id, h.scid, h.scid_len);
		c->server_scid = c->dcid;
		c->dcid_from_peer = true;
	}

	/* A server answers a PATH_CHALLENGE where it came from (migrate.c) */
	elsewhere = c->is_server && lvl == TQUIC_LEVEL_APP &&
		    !tquic_addr_eq(from, &c->path->peer);
	for (off = hdr_len; off < hdr_len + plen; off += n) {
		n = tquic_frame_decode(pkt + off, hdr_len + plen - off, h.type,
				       &f, &terr);
		if (n < 0) {
			tquic_conn_fail(c, terr, EPROTO);
			return -EPROTO;
		}
		eliciting |= tquic_frame_ack_eliciting(f.type);
		probing &= tquic_frame_probing(f.type);
		if (elsewhere && f.type == TQUIC_FT_PATH_CHALLENGE) {
			memcpy(challenge, f.path_data, TQUIC_PATH_DATA_LEN);
			challenged = true;
			continue;
		}
		err = tquic_rcv_frame(c, lvl, &f, &terr);
		if (err == -ECONNRESET)
			return err;
		if (err) {
			tquic_conn_fail(c, terr ?: TQUIC_ERR_INTERNAL_ERROR, EPROTO);
			return err;
		}
	}
	/* The highest-numbered non-probing packet moves a server (9.3) */
	if (elsewhere && highest && !probing && c->confirmed)
		tquic_peer_moved(c, from, h.len);
	if (challenged)
		tquic_peer_challenged(c, from, challenge, dgram_len);
	if (eliciting)
		tquic_ack_schedule(c, lvl, !in_order);
	return h.len;
}

/* A stateless reset (RFC 9000, 10.3.1): a datagram from the peer's
 * address that ends in the token the peer gave ends the connection at
 * once, with nothing sent.  It is checked when the datagram's first
 * packet was not taken (it could not be opened, parsed, or waits for a
 * key), as 10.3.1 requires; a datagram whose first packet was opened is
 * not a reset, and the comparisons are skipped for it, as 10.3.1 allows.
 */
static bool tquic_rcv_stateless_reset(struct tquic_conn *c, const u8 *p,
				      size_t len,
				      const struct sockaddr_storage *from)
{
	if (!tquic_reset_match(c, p, len) ||
	    !tquic_addr_eq(from, &c->path->peer))
		return false;
	tquic_conn_stateless_reset(c);
	return true;
}

/**
 * tquic_key_hold - keep a datagram until its level's receive key exists
 * @c: connection, in its handshake
 * @skb: the datagram, skb->data at its Handshake or 1-RTT packet (still
 *	protected)
 *
 * A peer's next flight may come while TLS (in user space) is still
 * deriving the key that opens it: the server's 1-RTT packets right after
 * its Handshake flight, say.  Dropped, they would be lost to the peer,
 * and a loss so early ends its slow start at the initial window.  At
 * most TQUIC_KEY_HELD_MAX are kept; tquic_conn_rcv_held() reads them
 * when a receive key is installed.
 * Return: true when it is kept.
 */
static bool tquic_key_hold(struct tquic_conn *c, struct sk_buff *skb)
{
	if (skb_queue_len(&c->key_held) >= TQUIC_KEY_HELD_MAX)
		return false;
	__skb_queue_tail(&c->key_held, skb);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_HELD_FOR_KEY);
	return true;
}

/**
 * tquic_conn_rcv_held - read the datagrams that waited in @q for a key
 *	(those still without theirs are held again)
 * @c: connection; caller owns the socket lock (process context)
 * @q: the queue they waited in (c->key_held, c->early.held)
 */
void tquic_conn_rcv_held(struct tquic_conn *c, struct sk_buff_head *q)
{
	struct sk_buff_head held;
	struct sk_buff *skb;

	if (skb_queue_empty(q))
		return;
	__skb_queue_head_init(&held);
	skb_queue_splice_init(q, &held);
	local_bh_disable();
	while ((skb = __skb_dequeue(&held)))
		tquic_conn_rcv(c->sk, skb);
	local_bh_enable();
}

/* -EAGAIN: next key phase; -EINPROGRESS: 0-RTT; -ENOKEY: level's key */
static bool tquic_rcv_hold(struct tquic_conn *c, struct sk_buff *skb, int why)
{
	switch (why) {
	case -EAGAIN:
		return tquic_ku_hold(c, skb);
	case -EINPROGRESS:
		return tquic_early_hold(c, skb);
	default:
		return tquic_key_hold(c, skb);
	}
}

/* What tquic_read_datagram() did with the super-packet or datagram */
enum tquic_rcv_result {
	TQUIC_RCV_NEXT,		/* read: on to the next datagram */
	TQUIC_RCV_STOP,		/* the connection ended: read no more */
	TQUIC_RCV_KEPT,		/* the skb itself waits for a key */
	TQUIC_RCV_FULL,		/* the lent buffer is full: stop here */
};

/* Read the datagram of @len bytes at @p inside @skb.  A part whose key is
 * still to come is kept (next key phase, 0-RTT, or a level whose key TLS
 * has not handed over yet): @skb itself when it is one datagram, else a
 * copy of the part, and the super-packet goes on.
 */
static enum tquic_rcv_result
tquic_read_datagram(struct tquic_conn *c, struct sk_buff *skb, u8 *p,
		    size_t len, const struct sockaddr_storage *local,
		    const struct sockaddr_storage *from)
{
	u64 opened = c->stats.pkts_in;
	struct sk_buff *part;
	size_t left = len;
	int n;

	c->stats.bytes_in += len;
	while (left) {
		tquic_rx_zc_next(c);
		n = tquic_rcv_packet(c, p, left, len, local, from);
		c->path = &c->path0;
		if (left == len && c->stats.pkts_in == opened &&
		    c->state != TQUIC_CONN_CLOSED &&
		    tquic_rcv_stateless_reset(c, p, len, from))
			return TQUIC_RCV_STOP;
		if (n == -EAGAIN || n == -EINPROGRESS || n == -ENOKEY) {
			if (skb_is_gso(skb)) {
				part = tquic_gro_copy(skb, p - skb->data, left);
			} else {
				__skb_pull(skb, p - skb->data);
				part = skb;
			}
			if (part && tquic_rcv_hold(c, part, n)) {
				/* counted again when read */
				c->stats.bytes_in -= left;
				return part == skb ? TQUIC_RCV_KEPT :
				       TQUIC_RCV_NEXT;
			}
			if (part != skb)
				kfree_skb(part);
			TQUIC_INC_STATS(c->net, n == -EINPROGRESS ?
					TQUIC_MIB_0RTT_DROPPED :
					TQUIC_MIB_DROP_NO_KEY);
		}
		if (n <= 0)
			break;
		p += n;
		left -= n;
	}
	return c->state == TQUIC_CONN_CLOSED ? TQUIC_RCV_STOP : TQUIC_RCV_NEXT;
}

/**
 * tquic_conn_rcv_one - read one datagram of @c, or the datagrams of a UDP
 *	GSO super-packet (gro.c), in place (nothing is sent yet)
 * @c: connection; caller holds the socket lock
 * @skb: the datagram(s), skb->data at the first QUIC packet; consumed
 */
void tquic_conn_rcv_one(struct tquic_conn *c, struct sk_buff *skb)
{
	tquic_conn_rcv_skb(c, skb, false);
}

/**
 * tquic_conn_rcv_skb - tquic_conn_rcv_one(), for the receive work
 * @c: connection; caller holds the socket lock
 * @skb: the datagram(s)
 * @cut: @skb is the rest of a super-packet cut before (c->rx_part),
 *	whose head is the connection's own already
 *
 * With c->rx_fill, stops before a datagram the lent buffer may not take:
 * the rest of @skb is left in c->rx_part.
 */
void tquic_conn_rcv_skb(struct tquic_conn *c, struct sk_buff *skb, bool cut)
{
	struct sockaddr_storage local, from;
	enum tquic_rcv_result r = TQUIC_RCV_NEXT;
	u64 opened = c->stats.pkts_in;
	unsigned int seg, off, len;

	if (c->state == TQUIC_CONN_CLOSED) {
		tquic_drain_absorb(c, skb);
		return;
	}
	if (!cut && skb_ensure_writable(skb, skb->len))
		goto drop;
	tquic_skb_addrs(skb, &local, &from);
	seg = skb_is_gso(skb) ? skb_shinfo(skb)->gso_size : skb->len;
	c->rx_skb = skb;
	c->clock = ktime_get_ns();
	for (off = 0; off < skb->len && r == TQUIC_RCV_NEXT; off += seg) {
		len = min(seg, skb->len - off);
		/* A reader filling its lent buffer stops where the next
		 * datagram may not fit (rxwork.c)
		 */
		if (c->rx_fill && !tquic_rx_zc_fits(c, len)) {
			r = TQUIC_RCV_FULL;
			break;
		}
		r = tquic_read_datagram(c, skb, skb->data + off, len, &local,
					&from);
	}
	c->clock = 0;
	c->rx_skb = NULL;
	if (r == TQUIC_RCV_KEPT)
		return;
	if (r == TQUIC_RCV_FULL) {
		/* The datagrams read are done with: their stream data was
		 * placed, or queued as clones of the head, which is written
		 * no more; the rest is read in place later.
		 */
		__skb_pull(skb, off);
		c->rx_part = skb;
		return;
	}
	/* Read: a drop only when none of its packets was taken (drop
	 * monitors watch kfree_skb)
	 */
	if (c->stats.pkts_in != opened) {
		consume_skb(skb);
		return;
	}
drop:
	kfree_skb(skb);
}

/**
 * tquic_conn_rcv - handle a datagram for @sk's connection
 * @sk: the socket, locked
 * @skb: the datagram, skb->data at its first QUIC packet
 *
 * Also the socket's backlog_rcv.
 * Return: 0 (always consumed).
 */
int tquic_conn_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tquic_conn *c = tquic_sk(sk)->conn;

	if (!c) {	/* not connected yet, or torn down */
		TQUIC_INC_STATS(sock_net(sk), TQUIC_MIB_DROP_NO_CONN);
		kfree_skb(skb);
		return 0;
	}
	tquic_conn_rcv_one(c, skb);
	if (c->state != TQUIC_CONN_CLOSED)
		tquic_output(c);
	return 0;
}
