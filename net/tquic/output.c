// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: building and sending packets.
 *
 * While the handshake runs, one datagram at a time: for each encryption
 * level with a send key and something to say (an ACK owed, CRYPTO data
 * queued) one packet, coalesced in level order.  A datagram carrying an
 * Initial packet is padded to 1200 bytes inside its last packet (RFC
 * 9000, 14.1).
 *
 * When only 1-RTT packets are to be sent, they go in trains: as many
 * full-size datagrams as the congestion window allows (at most
 * TQUIC_GSO_MAX_SEGS, so that the buffer stays an order-3 allocation)
 * are built into one skb (on a page the connection keeps for reuse,
 * txbuf.c) and handed to the stack as a UDP GSO
 * super-packet, which is cut into datagrams by the device or just before
 * it.  Every datagram of a train but the last has exactly the
 * train's size: a packet that ends within TQUIC_PAD_SLACK bytes of it is
 * padded, a shorter one ends the train.
 *
 * PMTU probes (pmtu.c) go alone.  Every datagram and train is stamped
 * with its departure time by the pacer (pacing.c).  Caller holds the
 * socket lock.
 */
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>

#include "buf.h"
#include "compat.h"
#include "conn.h"
#include "keyupdate.h"
#include "pmtu.h"
#include "recovery.h"
#include "sock.h"
#include "stream.h"
#include "tquic.h"

/* Type, offset and length of a CRYPTO frame at most. */
#define TQUIC_CRYPTO_OVERHEAD	(1 + 8 + 4)
/* Datagrams in one GSO train at most (UDP allows 64) */
#define TQUIC_GSO_MAX_SEGS	16
/* A train's packet this close to full is padded to full */
#define TQUIC_PAD_SLACK		64
/* The smallest datagram worth sending to an address being validated:
 * tquic_build_packet()'s bound, an ACK and a PATH_CHALLENGE fit
 */
#define TQUIC_AMP_MIN_DGRAM	96

/* How tquic_build_packet() fills the room it is given */
enum {
	TQUIC_BUILD_PAD		= BIT(0),	/* pad to the room */
	TQUIC_BUILD_PAD_NEAR	= BIT(1),	/* pad when nearly full */
	TQUIC_BUILD_PMTU_PROBE	= BIT(2),	/* PING and PADDING only */
};

/* Where @s's new bytes may go up to now: what is queued, within the
 * stream's and the connection's flow control.
 */
static u64 tquic_stream_tx_limit(const struct tquic_conn *c,
				 const struct tquic_stream *s)
{
	u64 limit = min(s->tx_max, s->tx_next + (c->tx_max_data - c->tx_data));

	return min(limit, s->tx_queued);
}

/* Stream bytes (or a FIN) @s could send now within flow control. */
static bool tquic_stream_sendable(const struct tquic_conn *c,
				  const struct tquic_stream *s)
{
	if (!list_empty(&s->tx_lost))
		return true;
	if (s->fin_queued && !s->fin_sent && s->tx_next == s->tx_queued)
		return true;
	return tquic_stream_tx_limit(c, s) > s->tx_next;
}

/* More than @bytes of datagrams and stream data may be sent now (stream
 * data within flow control): a train of several packets, worth one of
 * the kept pages (txbuf.c).  Lost ranges count as more.
 */
static bool tquic_app_data_exceeds(const struct tquic_conn *c, u64 bytes)
{
	const struct tquic_stream *s;
	const struct sk_buff *skb;
	u64 n = 0, limit;

	skb_queue_walk(&c->dgram_q, skb) {
		n += skb->len;
		if (n > bytes)
			return true;
	}
	list_for_each_entry(s, &c->send_streams, send_node) {
		if (!list_empty(&s->tx_lost))
			return true;
		limit = tquic_stream_tx_limit(c, s);
		if (limit > s->tx_next)
			n += limit - s->tx_next;
		if (n > bytes)
			return true;
	}
	return false;
}

static void tquic_count_out(struct tquic_conn *c, size_t bytes)
{
	TQUIC_ADD_STATS(c->net, TQUIC_MIB_BYTES_OUT, bytes);
	c->stats.bytes_out += bytes;
	if (c->path->peer_unvalidated)
		c->path->amp_sent += bytes;	/* migrate.c */
}

/* @bytes more to c->path's peer keep within the anti-amplification
 * limit (tquic_amp_room(), migrate.c)
 */
static bool tquic_amp_allows(struct tquic_conn *c, size_t bytes)
{
	if (bytes <= tquic_amp_room(c, c->path))
		return true;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_AMP_LIMITED);
	return false;
}

/* What @p may have in flight: its congestion window; with several
 * paths also no more than the multipath cap (one and a half times its
 * BDP, twice in slow start: tquic_cc_inflight_cap()), so that a
 * scheduler's data, or data moved there from a path that died, does not
 * wait behind a deep queue.  Both the scheduler's pick and the size of
 * the train sent on it keep to it.
 */
static u64 tquic_path_window(const struct tquic_conn *c,
			     const struct tquic_path *p)
{
	if (c->mp.npaths < 2)
		return p->cc.cwnd;
	return min(p->cc.cwnd, tquic_cc_inflight_cap(&p->cc));
}

static bool tquic_cwnd_open(const struct tquic_conn *c,
			    const struct tquic_space *sp)
{
	struct tquic_path *path = c->path;

	return sp->probes || path->cc.in_flight + path->max_dgram <= path->cc.cwnd;
}

static bool tquic_app_has_data(struct tquic_conn *c)
{
	struct tquic_stream *s, *tmp;

	if (!skb_queue_empty(&c->dgram_q))
		return true;
	list_for_each_entry_safe(s, tmp, &c->send_streams, send_node) {
		if (tquic_stream_sendable(c, s))
			return true;
		/* Blocked by its own limit or done: off the list until a
		 * MAX_STREAM_DATA, a write or a loss puts it back.
		 */
		if (s->tx_next >= s->tx_max || s->tx_next == s->tx_queued)
			list_del_init(&s->send_node);
	}
	return false;
}

static bool tquic_level_has_work(struct tquic_conn *c, enum tquic_level lvl)
{
	struct tquic_space *ks = &c->space[lvl], *sp = tquic_pn_space(c, lvl);

	if (!ks->tx_key.aead || ks->discarded)
		return false;
	if ((sp->ack_pending && sp->rx_nranges) || sp->ping_pending ||
	    !list_empty(&ks->crypto_tx) || !list_empty(&ks->crypto_lost))
		return true;
	if (lvl != TQUIC_LEVEL_APP || !tquic_early_can_send(c))
		return false;
	/* A path not validated (or failed) carries its validation only */
	if (!tquic_path_usable(c->path))
		return c->path->path_response_pending ||
		       c->path->path_challenge_pending;
	if (c->handshake_done_pending || c->new_token_pending ||
	    c->max_data_pending || c->reset_pending ||
	    c->cid_frames_pending || tquic_mp_has_frames(c) ||
	    c->max_streams_pending || c->stream_credit_pending ||
	    c->path->path_response_pending || c->path->path_challenge_pending)
		return true;
	if (!tquic_cwnd_open(c, sp) || !tquic_path_may_carry(c) ||
	    c->data_hold)
		return false;
	if (tquic_app_has_data(c))
		return true;
	tquic_cc_app_limited(&c->path->cc);	/* rate samples until now: app-limited */
	return false;
}

/* Remember a frame of the packet being built; false when full. */
bool tquic_rec_add(struct tquic_sent *rec, u8 type, u64 id, u64 off, u64 len,
		   bool fin)
{
	struct tquic_sent_frame *fr;

	if (rec->nframes == TQUIC_SENT_FRAMES)
		return false;
	fr = &rec->frames[rec->nframes++];
	fr->type = type;
	fr->id = id;
	fr->offset = off;
	fr->len = len;
	fr->fin = fin;
	return true;
}

/**
 * tquic_put_rec - encode control frame @f into the packet and remember it
 *	for its fate (acknowledged or lost) as @type for @id
 * @w: the packet being written
 * @rec: its record
 * @f: the frame
 * @type: what the record says it was
 * @id: the record's id (stream, sequence number or path ID)
 *
 * Return: false when the packet or its record has no room.
 */
bool tquic_put_rec(struct tquic_wr *w, struct tquic_sent *rec,
		   const struct tquic_frame *f, u8 type, u64 id)
{
	return tquic_rec_room(rec) && tquic_put(w, f) &&
	       tquic_rec_add(rec, type, id, 0, 0, false);
}

/* Encode @f into the packet; false when it does not fit. */
bool tquic_put(struct tquic_wr *w, const struct tquic_frame *f)
{
	int n = tquic_frame_encode(w->p, w->left, f);

	if (n < 0)
		return false;
	w->p += n;
	w->left -= n;
	return true;
}

/* An ACK of what @lvl received; at 1-RTT with the time the largest one
 * waited, in our ack_delay_exponent's units.
 */
static void tquic_put_ack(struct tquic_conn *c, enum tquic_level lvl,
			  struct tquic_wr *w)
{
	struct tquic_space *sp = tquic_pn_space(c, lvl);
	struct tquic_frame f = { .type = TQUIC_FT_ACK };
	u64 now;

	/* Multipath: a path but the first acknowledges with PATH_ACK */
	if (lvl == TQUIC_LEVEL_APP && c->path->id) {
		f.type = TQUIC_FT_PATH_ACK;
		f.path_id = c->path->id;
	}

	f.ack.blocks = sp->rx_ranges;
	f.ack.nblocks = sp->rx_nranges;
	if (lvl == TQUIC_LEVEL_APP) {
		now = ktime_get_ns();
		if (now > sp->rx_largest_time)
			f.ack.delay = div_u64(now - sp->rx_largest_time,
					      NSEC_PER_USEC) >>
				      c->ltp.ack_delay_exponent;
	}
	if (tquic_put(w, &f))
		tquic_ack_sent(sp);
}

/* Acknowledgments owed by failed paths, which cannot carry them, go
 * with what c->path sends (ACK for path 0, PATH_ACK for the others).
 */
static void tquic_put_failed_acks(struct tquic_conn *c, struct tquic_wr *w)
{
	struct tquic_path *cur = c->path, *p;

	tquic_path_for_each(c, p) {
		if (p == cur || p->state != TQUIC_PATH_FAILED ||
		    !p->sp->rx_nranges ||
		    !(p->sp->ack_pending || p->sp->ack_deadline))
			continue;
		c->path = p;
		tquic_put_ack(c, TQUIC_LEVEL_APP, w);
		c->path = cur;
	}
}

/* CRYPTO frames: lost ranges first, then new data; fully sent pieces
 * move to the sent list (kept for retransmission).
 */
static void tquic_put_crypto(struct tquic_space *sp, struct tquic_wr *w,
			     struct tquic_sent *rec)
{
	struct tquic_frame f = { .type = TQUIC_FT_CRYPTO };
	struct tquic_crypto_buf *b, *tmp;
	struct tquic_range *r, *rt;
	const u8 *data;
	u64 chunk;

	list_for_each_entry_safe(r, rt, &sp->crypto_lost, node) {
		if (w->left <= TQUIC_CRYPTO_OVERHEAD ||
		    rec->nframes == TQUIC_SENT_FRAMES)
			return;
		chunk = min_t(u64, r->len, w->left - TQUIC_CRYPTO_OVERHEAD);
		data = tquic_crypto_data(sp, r->offset, &chunk);
		if (data && chunk) {
			f.crypto.offset = r->offset;
			f.crypto.len = chunk;
			f.crypto.data = data;
			if (!tquic_put(w, &f))
				return;
			tquic_rec_add(rec, TQUIC_FT_CRYPTO, 0, r->offset, chunk,
				      false);
		} else {
			chunk = r->len;	/* not buffered: nothing to resend */
		}
		r->offset += chunk;
		r->len -= chunk;
		if (!r->len) {
			list_del(&r->node);
			kfree(r);
		}
	}
	list_for_each_entry_safe(b, tmp, &sp->crypto_tx, node) {
		if (w->left <= TQUIC_CRYPTO_OVERHEAD ||
		    rec->nframes == TQUIC_SENT_FRAMES)
			return;
		chunk = min_t(size_t, b->len - b->sent,
			      w->left - TQUIC_CRYPTO_OVERHEAD);
		f.crypto.offset = b->offset + b->sent;
		f.crypto.len = chunk;
		f.crypto.data = b->data + b->sent;
		if (!tquic_put(w, &f))
			return;
		tquic_rec_add(rec, TQUIC_FT_CRYPTO, 0, f.crypto.offset, chunk,
			      false);
		b->sent += chunk;
		if (b->sent == b->len)
			list_move_tail(&b->node, &sp->crypto_sent);
	}
}

/* NEW_CONNECTION_ID and RETIRE_CONNECTION_ID frames owed. */
static void tquic_put_cid_frames(struct tquic_conn *c, struct tquic_wr *w,
				 struct tquic_sent *rec)
{
	struct tquic_frame f = { .type = TQUIC_FT_RETIRE_CONNECTION_ID };
	struct tquic_cid_slot *s;
	unsigned int i;

	if (c->retire0_pending) {
		f.retire_seq = 0;
		if (!tquic_put_rec(w, rec, &f, f.type, 0))
			return;
		c->retire0_pending = false;
		c->cid_frames_pending--;
	}
	for (i = 0; i < TQUIC_PCID_SLOTS; i++) {
		s = &c->pcid[i];
		if (!s->used || !s->pending)
			continue;
		f.type = TQUIC_FT_RETIRE_CONNECTION_ID;
		f.retire_seq = s->seq;
		if (!tquic_put_rec(w, rec, &f, f.type, s->seq))
			return;
		s->pending = false;
		c->cid_frames_pending--;
	}
	for (i = 0; i < TQUIC_CID_SLOTS; i++) {
		s = &c->lcid[i];
		if (!s->used || !s->pending)
			continue;
		f.type = TQUIC_FT_NEW_CONNECTION_ID;
		f.new_cid.seq = s->seq;
		f.new_cid.retire_prior_to = 0;
		f.new_cid.cid_len = s->cid.len;
		memcpy(f.new_cid.cid, s->cid.id, s->cid.len);
		memcpy(f.new_cid.reset_token, s->token, sizeof(s->token));
		if (!tquic_put_rec(w, rec, &f, f.type, s->seq))
			return;
		s->pending = false;
		c->cid_frames_pending--;
	}
}

/* PATH_RESPONSE and PATH_CHALLENGE owed on c->path; false when full. */
static bool tquic_put_path_frames(struct tquic_conn *c, struct tquic_wr *w,
				  struct tquic_sent *rec)
{
	struct tquic_path *path = c->path;
	struct tquic_frame f = {};

	if (path->path_response_pending) {
		f.type = TQUIC_FT_PATH_RESPONSE;
		memcpy(f.path_data, path->path_response, TQUIC_PATH_DATA_LEN);
		if (!tquic_put(w, &f))
			return false;
		path->path_response_pending = false;	/* never resent */
	}
	if (path->path_challenge_pending) {
		f.type = TQUIC_FT_PATH_CHALLENGE;
		memcpy(f.path_data, path->path_challenge, TQUIC_PATH_DATA_LEN);
		if (!tquic_put_rec(w, rec, &f, f.type, 0))
			return false;
		path->path_challenge_pending = false;
	}
	return true;
}

/* Flow control and handshake control frames owed at the 1-RTT level. */
static void tquic_put_control(struct tquic_conn *c, struct tquic_wr *w,
			      struct tquic_sent *rec)
{
	struct tquic_frame f = {};
	struct tquic_stream *s;
	struct rb_node *n;

	if (!tquic_put_path_frames(c, w, rec))
		return;
	if (c->cid_frames_pending)
		tquic_put_cid_frames(c, w, rec);
	if (tquic_mp_has_frames(c))
		tquic_mp_put_frames(c, w, rec);
	if (c->new_token_pending) {
		f.type = TQUIC_FT_NEW_TOKEN;
		f.token.data = c->new_token;
		f.token.len = c->new_token_len;
		if (!tquic_put_rec(w, rec, &f, f.type, 0))
			return;
		c->new_token_pending = false;
	}
	if (c->handshake_done_pending) {
		f.type = TQUIC_FT_HANDSHAKE_DONE;
		if (!tquic_put_rec(w, rec, &f, f.type, 0))
			return;
		c->handshake_done_pending = false;
	}
	if (c->max_data_pending) {
		f.type = TQUIC_FT_MAX_DATA;
		f.max.max = c->rx_max_data;
		if (!tquic_put_rec(w, rec, &f, f.type, 0))
			return;
		c->max_data_pending = false;
	}
	if (c->max_streams_pending & 1) {
		f.type = TQUIC_FT_MAX_STREAMS_BIDI;
		f.max.max = c->max_peer_bidi;
		if (!tquic_put_rec(w, rec, &f, f.type, 0))
			return;
		c->max_streams_pending &= ~1;
	}
	if (c->max_streams_pending & 2) {
		f.type = TQUIC_FT_MAX_STREAMS_UNI;
		f.max.max = c->max_peer_uni;
		if (!tquic_put_rec(w, rec, &f, f.type, 0))
			return;
		c->max_streams_pending &= ~2;
	}
	for (n = rb_first(&c->streams); n && c->reset_pending;
	     n = rb_next(n)) {
		s = rb_entry(n, struct tquic_stream, node);
		if (s->tx_reset_pending) {
			f.type = TQUIC_FT_RESET_STREAM;
			f.reset.stream_id = s->id;
			f.reset.error = s->tx_reset_code;
			f.reset.final_size = s->tx_next;
			if (!tquic_put_rec(w, rec, &f, f.type, s->id))
				return;
			s->tx_reset_pending = false;
			c->reset_pending--;
		}
		if (s->stop_pending) {
			f.type = TQUIC_FT_STOP_SENDING;
			f.reset.stream_id = s->id;
			f.reset.error = s->stop_code;
			if (!tquic_put_rec(w, rec, &f, f.type, s->id))
				return;
			s->stop_pending = false;
			c->reset_pending--;
		}
	}
	for (n = rb_first(&c->streams); n && c->stream_credit_pending;
	     n = rb_next(n)) {
		s = rb_entry(n, struct tquic_stream, node);
		if (!s->max_data_pending)
			continue;
		f.type = TQUIC_FT_MAX_STREAM_DATA;
		f.max.stream_id = s->id;
		f.max.max = s->rx_max;
		if (!tquic_put_rec(w, rec, &f, f.type, s->id))
			return;
		s->max_data_pending = false;
		c->stream_credit_pending--;
	}
}

static void tquic_put_datagrams(struct tquic_conn *c, struct tquic_wr *w)
{
	struct tquic_frame f = { .type = TQUIC_FT_DATAGRAM_LEN };
	struct sk_buff *skb;

	while ((skb = skb_peek(&c->dgram_q))) {
		f.datagram.len = skb->len;
		f.datagram.data = skb->data;
		if (!tquic_put(w, &f))
			return;
		__skb_unlink(skb, &c->dgram_q);
		consume_skb(skb);
	}
}

/* One STREAM frame of @s from @off, at most @max bytes; false when
 * nothing fits.  *@len gets the bytes sent.  A frame that runs to the
 * end of the packet leaves out its Length (RFC 9000, 19.8): nothing can
 * follow it, and the packet carries two more bytes of data.
 */
static bool tquic_put_stream_frame(struct tquic_stream *s, struct tquic_wr *w,
				   u64 off, u64 max, bool fin, u64 *len)
{
	struct tquic_frame f = {};
	const u8 *data = NULL;
	u64 n = max, room;
	unsigned int hdr;

	/* type, id, offset */
	hdr = 1 + tquic_varint_len(s->id) + (off ? tquic_varint_len(off) : 0);
	if (w->left <= hdr)
		return false;
	room = w->left - hdr;
	n = min(n, room);
	if (n) {
		data = tquic_stream_data(s, off, &n);
		if (!data)
			return false;
	}
	f.type = TQUIC_FT_STREAM;
	if (n < room) {
		/* Something may follow: with its Length, 2 bytes at most
		 * (no packet is 16 KiB).
		 */
		BUILD_BUG_ON(TQUIC_PMTU_MAX > 16383);
		if (room <= 2)
			return false;
		n = min(n, room - 2);
		f.type |= TQUIC_STREAM_LEN;
	}
	if (off + n < off + max)
		fin = false;
	f.type |= (off ? TQUIC_STREAM_OFF : 0) | (fin ? TQUIC_STREAM_FIN : 0);
	f.stream.stream_id = s->id;
	f.stream.offset = off;
	f.stream.len = n;
	f.stream.data = data;
	if (n && n <= TQUIC_PMTU_MAX && w->gap_ok && !w->gap &&
	    !(f.type & TQUIC_STREAM_LEN)) {
		/* The data ends the packet: sealed from where it is
		 * (tquic_seal_count()), not copied in
		 */
		f.stream.len = 0;
		if (w->left < hdr + n || !tquic_put(w, &f))
			return false;
		w->gap = w->p;
		w->gap_src = data;
		w->gap_len = n;
		w->p += n;
		w->left -= n;
	} else if (!tquic_put(w, &f)) {
		return false;
	}
	*len = n;
	return true;
}

/* Lost ranges of @s first, then new bytes within flow control. */
static void tquic_put_stream(struct tquic_conn *c, struct tquic_stream *s,
			     struct tquic_wr *w, struct tquic_sent *rec)
{
	struct tquic_range *r, *rt;
	u64 off, n, limit;
	bool fin;

	list_for_each_entry_safe(r, rt, &s->tx_lost, node) {
		if (rec->nframes == TQUIC_SENT_FRAMES)
			return;
		off = max(r->offset, s->tx_acked);
		if (off >= r->offset + r->len && !r->fin) {
			list_del(&r->node);
			kfree(r);
			continue;
		}
		if (off > r->offset + r->len)
			off = r->offset + r->len;
		if (!tquic_put_stream_frame(s, w, off, r->offset + r->len - off,
					    r->fin, &n))
			return;
		fin = r->fin && off + n == r->offset + r->len;
		tquic_rec_add(rec, TQUIC_FT_STREAM, s->id, off, n, fin);
		if (c->data_copy) {
			TQUIC_ADD_STATS(c->net, TQUIC_MIB_BYTES_DUP, n);
		} else {
			TQUIC_ADD_STATS(c->net, TQUIC_MIB_BYTES_RETRANS, n);
			c->stats.stream_retrans += n;
		}
		r->len = r->offset + r->len - (off + n);
		r->offset = off + n;
		if (!r->len && (fin || !r->fin)) {
			list_del(&r->node);
			kfree(r);
		}
	}
	while (rec->nframes < TQUIC_SENT_FRAMES && !c->data_copy) {
		limit = tquic_stream_tx_limit(c, s);
		fin = s->fin_queued && !s->fin_sent &&
		      limit == s->tx_queued;
		if (limit <= s->tx_next && !fin)
			return;
		off = s->tx_next;
		if (!tquic_put_stream_frame(s, w, off, limit - off, fin, &n))
			return;
		fin = fin && off + n == s->tx_queued;
		tquic_rec_add(rec, TQUIC_FT_STREAM, s->id, off, n, fin);
		s->tx_next += n;
		c->tx_data += n;
		if (fin) {
			s->fin_sent = true;
			return;
		}
	}
}

/* CONNECTION_CLOSE.  An application close sent before 1-RTT becomes a
 * transport APPLICATION_ERROR without the reason (RFC 9000, 10.2.3).
 */
static void tquic_put_close(struct tquic_conn *c, enum tquic_level lvl,
			    struct tquic_wr *w)
{
	struct tquic_frame f = { .type = TQUIC_FT_CONNECTION_CLOSE };

	f.close.error = c->close_error;
	f.close.frame_type = c->close_frame_type;
	f.close.reason = c->close_reason;
	f.close.reason_len = c->close_reason_len;
	if (c->close_app) {
		if (lvl == TQUIC_LEVEL_APP) {
			f.type = TQUIC_FT_CONNECTION_CLOSE_APP;
		} else {
			f.close.error = TQUIC_ERR_APPLICATION_ERROR;
			f.close.reason_len = 0;
		}
	}
	if (!tquic_put(w, &f)) {
		f.close.reason_len = 0;
		tquic_put(w, &f);
	}
}

/* Stream frames, one stream after another (round robin). */
static void tquic_put_streams(struct tquic_conn *c, struct tquic_wr *w,
			      struct tquic_sent *rec)
{
	struct tquic_stream *s;
	unsigned int i, n = 0;

	list_for_each_entry(s, &c->send_streams, send_node)
		n++;
	for (i = 0; i < n && rec->nframes < TQUIC_SENT_FRAMES; i++) {
		s = list_first_entry(&c->send_streams, struct tquic_stream,
				     send_node);
		tquic_put_stream(c, s, w, rec);
		if (!tquic_stream_sendable(c, s))
			list_del_init(&s->send_node);
		else
			list_move_tail(&s->send_node, &c->send_streams);
		if (w->left <= 1 + 8 + 8 + 2)
			return;
	}
}

/* The QUIC bit of a packet: unpredictable once the peer said it takes
 * that (RFC 9287, 3), 1 otherwise.
 */
static u8 tquic_quic_bit(const struct tquic_conn *c)
{
	if (c->ptp_set && c->ptp.grease_quic_bit)
		return get_random_u8() & TQUIC_HDR_FIXED;
	return TQUIC_HDR_FIXED;
}

/* Write a short header to @dcid; returns its length, with *@pn_off set
 * to the packet number's offset.
 */
static size_t tquic_put_short_header(const struct tquic_conn *c,
				     const struct tquic_cid *dcid, u8 *buf,
				     unsigned int pn_len, u64 pn,
				     size_t *pn_off)
{
	buf[0] = tquic_quic_bit(c) | (pn_len - 1) |
		 (c->ku.tx_phase ? TQUIC_HDR_KEY_PHASE : 0);
	memcpy(buf + 1, dcid->id, dcid->len);
	*pn_off = 1 + dcid->len;
	tquic_pn_put(buf + *pn_off, pn, pn_len);
	return *pn_off + pn_len;
}

/* Write the long or short header of a packet at @lvl; returns the
 * header length, with *@len_at set to the 2-byte Length field (long
 * headers) and *@pn_off to the packet number.
 */
static size_t tquic_put_header(const struct tquic_conn *c,
			       enum tquic_level lvl, u8 *buf,
			       unsigned int pn_len, u64 pn, u8 **len_at,
			       size_t *pn_off)
{
	enum tquic_pkt_type t = lvl == TQUIC_LEVEL_INITIAL ?
		TQUIC_PKT_INITIAL : lvl == TQUIC_LEVEL_HANDSHAKE ?
		TQUIC_PKT_HANDSHAKE : TQUIC_PKT_0RTT;
	u8 *p = buf;

	*len_at = NULL;
	if (lvl == TQUIC_LEVEL_APP && !c->early.tx)
		return tquic_put_short_header(c, c->path->id ? &c->path->dcid :
							       &c->dcid,
					      buf, pn_len, pn, pn_off);
	*p++ = TQUIC_HDR_LONG |
	       (t == TQUIC_PKT_HANDSHAKE ? tquic_quic_bit(c) : TQUIC_HDR_FIXED) |
	       (tquic_long_type_bits(c->version, t) << 4) | (pn_len - 1);
	put_unaligned_be32(c->version, p);
	p += 4;
	*p++ = c->dcid.len;
	memcpy(p, c->dcid.id, c->dcid.len);
	p += c->dcid.len;
	*p++ = c->scid.len;
	memcpy(p, c->scid.id, c->scid.len);
	p += c->scid.len;
	if (lvl == TQUIC_LEVEL_INITIAL) {
		p += tquic_varint_encode(p, 8, c->token_len);
		if (c->token_len)
			memcpy(p, c->token, c->token_len);
		p += c->token_len;
	}
	*len_at = p;
	p += 2;
	*pn_off = p - buf;
	tquic_pn_put(p, pn, pn_len);
	return p - buf + pn_len;
}

/* Entries of tquic_gap_sg(): before, the data a page at a time, after */
#define TQUIC_GAP_SG	(DIV_ROUND_UP(TQUIC_PMTU_MAX, PAGE_SIZE) + 3)

/* The plaintext of the packet at @buf, @end bytes, whose writer @w left
 * a STREAM frame's data out: the bytes before the gap, the data where it
 * is in the send buffer (a page at a time if that is vmalloc()ed), the
 * bytes after the gap.
 */
static void tquic_gap_sg(struct scatterlist *sg, u8 *buf, size_t end,
			 const struct tquic_wr *w)
{
	const u8 *p = w->gap_src, *after = w->gap + w->gap_len;
	size_t left = w->gap_len, n;
	unsigned int k = 0;

	sg_init_table(sg, TQUIC_GAP_SG);
	sg_set_buf(&sg[k++], buf, w->gap - buf);
	while (left) {
		n = left;
		if (is_vmalloc_addr(p)) {
			n = min_t(size_t, n, PAGE_SIZE - offset_in_page(p));
			sg_set_page(&sg[k++], vmalloc_to_page(p), n,
				    offset_in_page(p));
		} else {
			sg_set_buf(&sg[k++], p, n);
		}
		p += n;
		left -= n;
	}
	if (after < buf + end)
		sg_set_buf(&sg[k++], after, buf + end - after);
	sg_mark_end(&sg[k - 1]);
}

/* Seal the packet at @buf (@hdr_len bytes of header with the packet
 * number at @pn_off, then @payload bytes of frames, with the gap @w left
 * if any) for @path_id with the send key of @lvl, protect its header
 * and count it in @sp and in PacketsOut.  Returns the packet's length
 * or a negative error.
 */
static int tquic_seal_count(struct tquic_conn *c, enum tquic_level lvl,
			    u32 path_id, struct tquic_space *sp, u8 *buf,
			    size_t hdr_len, size_t pn_off, size_t payload,
			    const struct tquic_wr *w)
{
	struct tquic_space *ks = &c->space[lvl];
	size_t len = hdr_len + payload + TQUIC_TAG_LEN;
	struct scatterlist src[TQUIC_GAP_SG], dst;
	int err;

	if (w->gap_len) {
		/* The data goes from the send buffer straight into the
		 * sealed packet: no copy first.
		 */
		tquic_gap_sg(src, buf, hdr_len + payload, w);
		sg_init_one(&dst, buf, len);
		err = tquic_seal_sg(&ks->tx_key, path_id, sp->next_pn, src,
				    &dst, hdr_len, payload);
	} else {
		err = tquic_seal_path(&ks->tx_key, path_id, sp->next_pn, buf,
				      hdr_len, payload);
	}
	if (!err)
		err = tquic_hp_protect(&ks->tx_hp, buf, len, pn_off);
	if (err < 0)
		return err;
	sp->next_pn++;
	if (lvl == TQUIC_LEVEL_APP)
		tquic_ku_sealed(c);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PKTS_OUT);
	c->stats.pkts_out++;
	return len;
}

/**
 * tquic_build_packet - one protected packet at @lvl
 * @c: connection
 * @lvl: encryption level (with a send key)
 * @buf: where the packet goes (not on the stack: it is sealed in place)
 * @room: bytes available
 * @flags: TQUIC_BUILD_*
 *
 * Return: the packet's length, 0 when nothing was worth sending or it
 * does not fit, or a negative error.
 */
static int tquic_build_packet(struct tquic_conn *c, enum tquic_level lvl,
			      u8 *buf, size_t room, unsigned int flags)
{
	struct tquic_space *ks = &c->space[lvl], *sp = tquic_pn_space(c, lvl);
	bool usable = tquic_path_usable(c->path);
	unsigned int pn_len = tquic_pn_len(sp->next_pn, sp->largest_acked,
					   !sp->any_acked);
	size_t hdr_len, pn_off, payload, min_payload;
	struct tquic_sent *rec;
	struct tquic_wr w;
	u8 *len_at, *ack_end;
	bool probing;
	int len;

	/* The longest header: long form, two 20-byte IDs, the token. */
	if (1 + 4 + 2 * (1 + TQUIC_CID_MAX) + 2 + c->token_len + 2 + 4 +
	    TQUIC_TAG_LEN + 8 > room)
		return 0;
	/* The 1-RTT key at its confidentiality limit protects no more */
	if (lvl == TQUIC_LEVEL_APP && !tquic_ku_may_seal(c))
		return 0;
	hdr_len = tquic_put_header(c, lvl, buf, pn_len, sp->next_pn, &len_at,
				   &pn_off);
	tquic_wr_init(&w, buf + hdr_len, room - hdr_len - TQUIC_TAG_LEN);
	w.gap_ok = lvl == TQUIC_LEVEL_APP;
	if (c->close_pending) {
		rec = NULL;
		tquic_put_close(c, lvl, &w);
		goto frames_done;
	}
	/* An ACK owed now, or delayed, goes with anything we send (never
	 * in 0-RTT, RFC 9000 12.4)
	 */
	if ((sp->ack_pending || sp->ack_deadline) && sp->rx_nranges &&
	    !(lvl == TQUIC_LEVEL_APP && c->early.tx))
		tquic_put_ack(c, lvl, &w);
	if (lvl == TQUIC_LEVEL_APP && c->mp.npaths > 1 &&
	    tquic_path_usable(c->path))
		tquic_put_failed_acks(c, &w);
	ack_end = w.p;
	rec = kzalloc(sizeof(*rec), GFP_ATOMIC);
	if (!rec)
		return -ENOMEM;
	if (flags & TQUIC_BUILD_PMTU_PROBE) {
		*w.p++ = TQUIC_FT_PING;
		w.left--;
		rec->pmtu_probe = true;
		tquic_rec_add(rec, TQUIC_FT_PING, 0, 0, room, false);
		flags |= TQUIC_BUILD_PAD;
		goto eliciting;
	}
	if (lvl == TQUIC_LEVEL_APP && !usable) {
		/* Path validation only; padded to 1200 bytes (RFC 9000,
		 * 8.2.1) when it fits the anti-amplification limit.
		 */
		tquic_put_path_frames(c, &w, rec);
		if (tquic_amp_allows(c, TQUIC_MAX_DATAGRAM))
			flags |= TQUIC_BUILD_PAD;
		goto eliciting;
	}
	if (lvl == TQUIC_LEVEL_APP && tquic_early_can_send(c)) {
		probing = c->path->path_challenge_pending ||
			  c->path->path_response_pending;
		tquic_put_control(c, &w, rec);
		/* Datagrams with either frame are full-size, or as large as
		 * the amplification limit lets them (RFC 9000, 8.2.1-2)
		 */
		if (probing && !c->path->path_challenge_pending &&
		    !c->path->path_response_pending)
			flags |= TQUIC_BUILD_PAD;
	}
	tquic_put_crypto(ks, &w, rec);
	if (lvl == TQUIC_LEVEL_APP && tquic_early_can_send(c) &&
	    tquic_cwnd_open(c, sp) && tquic_path_may_carry(c) &&
	    !c->data_hold) {
		if (!c->data_copy)
			tquic_put_datagrams(c, &w);
		tquic_put_streams(c, &w, rec);
	}
	if (sp->ping_pending && w.left) {
		*w.p++ = TQUIC_FT_PING;
		w.left--;
		sp->ping_pending = false;
	}
eliciting:
	rec->ack_eliciting = w.p != ack_end;
frames_done:
	payload = (w.p - buf) - hdr_len;
	if (!payload) {
		kfree(rec);
		return 0;
	}
	/* The header protection sample needs 4 bytes after the packet
	 * number starts.
	 */
	min_payload = pn_len < 4 ? 4 - pn_len : 0;
	if ((flags & TQUIC_BUILD_PAD) ||
	    ((flags & TQUIC_BUILD_PAD_NEAR) &&
	     hdr_len + payload + TQUIC_TAG_LEN + TQUIC_PAD_SLACK >= room))
		min_payload = room - hdr_len - TQUIC_TAG_LEN;
	if (payload < min_payload) {
		memset(w.p, 0, min_payload - payload);	/* PADDING */
		payload = min_payload;
	}
	if (len_at) {
		size_t l = pn_len + payload + TQUIC_TAG_LEN;

		len_at[0] = 0x40 | (l >> 8);
		len_at[1] = l & 0xff;
	}
	len = tquic_seal_count(c, lvl, lvl == TQUIC_LEVEL_APP ? c->path->id : 0,
			       sp, buf, hdr_len, pn_off, payload, &w);
	if (len < 0) {
		kfree(rec);	/* the frames it took are not sent: lost */
		return len;
	}
	if (sp->probes)
		sp->probes--;
	tquic_path_count_sent(c->path, len);
	if (lvl == TQUIC_LEVEL_APP && c->early.tx)
		tquic_early_sent(c);
	if (!rec)
		return len;
	rec->pn = sp->next_pn - 1;
	rec->size = len;
	if (rec->ack_eliciting)
		tquic_on_sent(c, lvl, rec);
	else
		kfree(rec);
	return len;
}

/* One datagram of packets at every level with work, coalesced. */
static int tquic_output_coalesced(struct tquic_conn *c,
				  enum tquic_level last)
{
	struct tquic_path *path = c->path;
	enum tquic_level lvl;
	bool initial, hs_sent = false;
	struct sk_buff *skb;
	size_t used = 0;
	int n;

	initial = tquic_level_has_work(c, TQUIC_LEVEL_INITIAL);
	if (!tquic_amp_allows(c, initial ? TQUIC_MAX_DATAGRAM : path->max_dgram))
		return 0;
	skb = alloc_skb(TQUIC_HEADROOM + path->max_dgram, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, TQUIC_HEADROOM);
	for (lvl = 0; lvl <= last; lvl++) {
		if (!tquic_level_has_work(c, lvl))
			continue;
		n = tquic_build_packet(c, lvl, skb->data + used,
				       (initial ? TQUIC_MAX_DATAGRAM :
						  path->max_dgram) - used,
				       initial && lvl == last ?
				       TQUIC_BUILD_PAD : 0);
		if (n <= 0)
			break;
		used += n;
		hs_sent |= lvl == TQUIC_LEVEL_HANDSHAKE;
	}
	if (!used) {
		consume_skb(skb);	/* nothing to send: not a drop */
		return 0;
	}
	skb_put(skb, used);
	tquic_count_out(c, used);
	tquic_pace(c, skb, used);
	tquic_path_xmit(path, skb, used, 1);
	/* A client's Initial keys go with its first Handshake packet
	 * (RFC 9001, 4.9.1).
	 */
	if (hs_sent && !c->is_server)
		tquic_space_discard(c, TQUIC_LEVEL_INITIAL);
	return used;
}

/* In slow start a train carries about a millisecond at the pacing rate
 * (like TCP's TSO autosizing), at least two datagrams: on a slow link a
 * full train queues for tens of milliseconds at the bottleneck, and the
 * RTT samples that brings back end slow start early (HyStart; measured
 * on a 25 Mbit/s, 80 ms path: 20 Mbit/s in the second half second of a
 * download, 22.5 with this).  After it, whole trains cost the receiver
 * less.
 */
static unsigned int tquic_train_segs(const struct tquic_conn *c,
				     unsigned int seg)
{
	const struct tquic_cc *cc = &c->path->cc;
	u64 rate;

	if (cc->cwnd >= cc->ssthresh)
		return UINT_MAX;
	rate = tquic_pacing_rate(c);
	if (!rate)
		return UINT_MAX;
	return max_t(u64, 2, div_u64(rate >> 10, seg));
}

/* 1-RTT datagrams of c->path->max_dgram bytes, as many as the window takes,
 * in one GSO skb.
 */
static int tquic_output_train(struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	struct tquic_cc *cc = &path->cc;
	unsigned int seg = path->max_dgram, max, lim, segs = 0;
	struct sk_buff *skb = NULL;
	size_t used = 0;
	u64 wnd, room;
	int n;

	/* An address not validated yet gets one datagram of what the
	 * amplification limit leaves when that is less than a full one: a
	 * PATH_CHALLENGE still goes (migrate.c).
	 */
	room = tquic_amp_room(c, path);
	if (room < seg) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_AMP_LIMITED);
		if (room < TQUIC_AMP_MIN_DGRAM)
			return 0;
		seg = room;
	}
	wnd = tquic_path_window(c, path);
	max = wnd > cc->in_flight ? div_u64(wnd - cc->in_flight, seg) : 1;
	lim = min_t(unsigned int, TQUIC_GSO_MAX_SEGS, 65000 / seg);
	lim = min(lim, tquic_train_segs(c, seg));
	max = seg < path->max_dgram ? 1 : clamp_t(unsigned int, max, 1, lim);
	/* On a page that takes the longest train, to be reused for any;
	 * a packet alone (acknowledgments, control frames, one datagram)
	 * has its own buffer
	 */
	if (max > 1 && tquic_app_data_exceeds(c, seg))
		skb = tquic_txbuf_skb(c, TQUIC_HEADROOM + lim * seg);
	if (!skb) {
		max = 1;
		skb = alloc_skb(TQUIC_HEADROOM + seg, GFP_ATOMIC);
		if (!skb)
			return -ENOMEM;
	}
	skb_reserve(skb, TQUIC_HEADROOM);
	c->clock = ktime_get_ns();
	c->in_train = true;
	while (segs < max) {
		if (segs && !tquic_level_has_work(c, TQUIC_LEVEL_APP))
			break;
		if (!tquic_amp_allows(c, used + seg))
			break;
		n = tquic_build_packet(c, TQUIC_LEVEL_APP, skb->data + used,
				       seg, TQUIC_BUILD_PAD_NEAR);
		if (n <= 0)
			break;
		used += n;
		segs++;
		if (n != seg)
			break;
	}
	c->in_train = false;
	if (c->timer_due) {
		c->timer_due = false;
		tquic_set_timer(c);
	}
	c->clock = 0;
	if (!used) {
		consume_skb(skb);	/* nothing to send: not a drop */
		return 0;
	}
	skb_put(skb, used);
	tquic_count_out(c, used);
	tquic_pace(c, skb, used);
	tquic_path_xmit(path, skb, seg, segs);
	return used;
}

/* A PMTU probe of c->path->pmtu_probe bytes, within the congestion window. */
static void tquic_output_pmtu_probe(struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	struct sk_buff *skb;
	int n;

	if (path->cc.in_flight + path->pmtu_probe > path->cc.cwnd ||
	    !tquic_amp_allows(c, path->pmtu_probe))
		return;
	skb = alloc_skb(TQUIC_HEADROOM + path->pmtu_probe, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, TQUIC_HEADROOM);
	n = tquic_build_packet(c, TQUIC_LEVEL_APP, skb->data, path->pmtu_probe,
			       TQUIC_BUILD_PMTU_PROBE);
	if (n <= 0) {
		consume_skb(skb);	/* no probe now: not a drop */
		return;
	}
	path->pmtu_pending = false;
	skb_put(skb, n);
	tquic_drain_keep(c, skb->data, n);	/* sent again while closing */
	tquic_count_out(c, n);
	tquic_pace(c, skb, n);
	tquic_path_xmit(path, skb, n, 1);
}

/* The PATH_RESPONSE owed to an address the path does not send to
 * (c->probe, migrate.c), with our PATH_CHALLENGE to it when that fits,
 * alone in a datagram padded to the room the anti-amplification limit
 * leaves it (8.2.2), to the client's spare connection ID that path 0
 * takes when the client moves there (9.5; the one in use when it gave
 * none).  Not recorded for loss recovery: neither frame is sent again
 * (the client probes again; the challenge goes with the next reply).
 */
static void tquic_output_probe_reply(struct tquic_conn *c)
{
	struct tquic_space *ks = &c->space[TQUIC_LEVEL_APP];
	struct tquic_frame f = { .type = TQUIC_FT_PATH_RESPONSE };
	struct tquic_probe *pr = &c->probe;
	const struct tquic_cid *dcid;
	size_t hdr_len, pn_off, need;
	struct tquic_path *path;
	struct tquic_space *sp;
	unsigned int pn_len;
	struct sk_buff *skb;
	struct tquic_wr w;
	u8 *buf;

	pr->pending = false;
	path = tquic_path_by_id(c, pr->path_id);
	if (!path || c->state != TQUIC_CONN_ESTABLISHED || c->close_pending ||
	    !ks->tx_key.aead || ks->discarded || c->early.tx ||
	    !tquic_ku_may_seal(c))
		return;
	dcid = path->id ? &path->dcid : tquic_cids_spare(c) ?: &c->dcid;
	need = 1 + dcid->len + 4 + 1 + TQUIC_PATH_DATA_LEN + TQUIC_TAG_LEN;
	if (need > pr->room) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_AMP_LIMITED);
		return;
	}
	skb = alloc_skb(TQUIC_HEADROOM + pr->room, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, TQUIC_HEADROOM);
	buf = skb_put_zero(skb, pr->room);	/* PADDING after the frames */
	sp = path->sp;
	pn_len = tquic_pn_len(sp->next_pn, sp->largest_acked, !sp->any_acked);
	hdr_len = tquic_put_short_header(c, dcid, buf, pn_len, sp->next_pn,
					 &pn_off);
	tquic_wr_init(&w, buf + hdr_len, pr->room - hdr_len - TQUIC_TAG_LEN);
	memcpy(f.path_data, pr->response, TQUIC_PATH_DATA_LEN);
	tquic_put(&w, &f);	/* fits: @need counts it */
	if (!pr->validated) {
		f.type = TQUIC_FT_PATH_CHALLENGE;
		memcpy(f.path_data, pr->challenge, TQUIC_PATH_DATA_LEN);
		pr->challenged = tquic_put(&w, &f);
	}
	if (tquic_seal_count(c, TQUIC_LEVEL_APP, path->id, sp, buf, hdr_len,
			     pn_off, pr->room - hdr_len - TQUIC_TAG_LEN,
			     &w) < 0) {
		kfree_skb(skb);
		return;
	}
	TQUIC_ADD_STATS(c->net, TQUIC_MIB_BYTES_OUT, pr->room);
	c->stats.bytes_out += pr->room;
	tquic_udp_xmit_dev(path->udp, skb, pr->room, 1, &path->local,
			   &pr->peer, path->ifindex);
}

/* What c->path has to send: all levels on the first path, 1-RTT
 * packets on the others.
 */
static void tquic_output_path(struct tquic_conn *c)
{
	enum tquic_level lvl, last;
	unsigned int levels;
	int n;

	if (c->path->pmtu_pending && c->state == TQUIC_CONN_ESTABLISHED &&
	    c->confirmed && !c->close_pending)
		tquic_output_pmtu_probe(c);
	while (c->state != TQUIC_CONN_CLOSED && !c->close_pending) {
		levels = 0;
		lvl = c->path->id ? TQUIC_LEVEL_APP : 0;
		for (; lvl < TQUIC_LEVEL_NUM; lvl++) {
			if (tquic_level_has_work(c, lvl)) {
				last = lvl;
				levels |= BIT(lvl);
			}
		}
		if (!levels)
			return;
		if (levels == BIT(TQUIC_LEVEL_APP))
			n = tquic_output_train(c);
		else
			n = tquic_output_coalesced(c, last);
		if (n <= 0)
			return;
	}
}

/* What the scheduler sees of the connection's paths; @map[i] is the
 * path of @sp[i].  Weights all at their default of 1 are none configured
 * (the weighted scheduler then weighs the paths' bandwidth).
 */
static unsigned int tquic_sched_view(struct tquic_conn *c,
				     struct tquic_sched_path *sp,
				     struct tquic_path **map)
{
	bool weights = false;
	struct tquic_path *p;
	unsigned int n = 0;

	tquic_path_for_each(c, p)
		weights |= p->weight != 1;
	tquic_path_for_each(c, p) {
		struct tquic_sched_path *s = &sp[n];

		s->srtt = div_u64(p->rtt.smoothed, NSEC_PER_USEC);
		s->rttvar = div_u64(p->rtt.var, NSEC_PER_USEC);
		s->min_rtt = div_u64(p->rtt.min, NSEC_PER_USEC);
		s->cwnd = tquic_path_window(c, p);
		s->in_flight = p->cc.in_flight;
		s->rate = p->pacing_rate;
		s->sent = p->stats.pkts_sent;
		s->lost = p->stats.pkts_lost;
		s->weight = weights ? p->weight : 0;
		s->usable = tquic_path_usable(p) && !tquic_path_suspect(c, p);
		s->backup = p->backup;
		map[n++] = p;
	}
	return n;
}

/* Queue again, as lost, the stream data of @from's packets numbered
 * @pn0 on; false when there is none, or when some stream has lost data
 * of its own waiting (copies would mix with it: none are made then).
 */
static bool tquic_copy_queue(struct tquic_conn *c, struct tquic_path *from,
			     u64 pn0)
{
	struct tquic_stream *s;
	struct tquic_sent *rec;
	bool any = false;

	list_for_each_entry(s, &c->send_streams, send_node)
		if (!list_empty(&s->tx_lost))
			return false;
	list_for_each_entry_reverse(rec, &from->sp->sent, node) {
		if (rec->pn < pn0)
			break;
		any |= tquic_stream_resend(c, rec);
	}
	return any;
}

/* What a copy train left queued is dropped: the original is in flight. */
static void tquic_copy_drop(struct tquic_conn *c)
{
	struct tquic_stream *s, *t;

	list_for_each_entry_safe(s, t, &c->send_streams, send_node) {
		tquic_stream_list_free(&s->tx_lost);
		if (!tquic_stream_sendable(c, s))
			list_del_init(&s->send_node);
	}
}

/* The scheduler asked for copies of the train @from just sent (its
 * packets from @pn0 on): each path of @dup (bits of @map) sends the same
 * stream data again, as much as its window takes.  The first copy
 * acknowledged settles it; the others are acknowledged or lost like
 * any packet, and their loss resends nothing already acknowledged.
 */
static void tquic_output_copies(struct tquic_conn *c, struct tquic_path **map,
				unsigned long dup, struct tquic_path *from,
				u64 pn0)
{
	unsigned int i;

	for_each_set_bit(i, &dup, TQUIC_SCHED_MAX_PATHS) {
		if (!tquic_copy_queue(c, from, pn0))
			return;
		c->path = map[i];
		c->data_copy = true;
		tquic_output_train(c);
		c->data_copy = false;
		tquic_copy_drop(c);
	}
}

/* Multipath: the scheduler (net.tquic.scheduler, TQUIC_CMD_CONN_SET)
 * picks the path of each train of new data; each pick sends one train
 * there, until it says wait (-EAGAIN: windows full, or BLEST and ECF
 * keeping data for the fast path) or no path is usable.  A pick that
 * sends nothing counts that path as full for the rest of the call, so
 * one path never holds back the others.  Paths the
 * scheduler names for copies (the redundant scheduler) send the train's
 * stream data again.
 */
static void tquic_output_scheduled(struct tquic_conn *c)
{
	struct tquic_sched_path sp[TQUIC_MP_IDS];
	struct tquic_path *map[TQUIC_MP_IDS];
	unsigned int n, round, k;
	struct tquic_sched_ctx ctx;
	u32 full = 0;
	int i, sent;
	u64 pn0;

	for (round = 0; round < 4 * TQUIC_MP_IDS; round++) {
		if (c->state == TQUIC_CONN_CLOSED || c->close_pending ||
		    !c->sched.ops)
			return;
		n = tquic_sched_view(c, sp, map);
		/* A path that could send nothing this time counts as full:
		 * the others get their turn (a backup path still does not)
		 */
		for (k = 0; k < n; k++)
			if (full & BIT(k))
				sp[k].in_flight = max(sp[k].in_flight, sp[k].cwnd);
		memset(&ctx, 0, sizeof(ctx));
		/* Room for a datagram of any path: what tquic_cwnd_open()
		 * asks of the path picked
		 */
		ctx.bytes = 0;
		for (k = 0; k < n; k++)
			ctx.bytes = max(ctx.bytes, map[k]->max_dgram);
		ctx.queued = c->tx_buffered;
		ctx.send_window = c->tx_max_data > c->tx_data ?
				  c->tx_max_data - c->tx_data : 0;
		ctx.now_us = div_u64(ktime_get_ns(), NSEC_PER_USEC);
		i = tquic_sched_select(&c->sched, sp, n, &ctx);
		if (i < 0)
			return;
		c->path = map[i];
		pn0 = c->path->sp->next_pn;
		sent = tquic_level_has_work(c, TQUIC_LEVEL_APP) ?
		       tquic_output_train(c) : 0;
		if (sent < 0)
			return;
		if (!sent) {
			full |= BIT(i);
			continue;
		}
		if (ctx.dup)
			tquic_output_copies(c, map, ctx.dup, map[i], pn0);
	}
}

/**
 * tquic_output - send what the connection has to send
 * @c: connection; caller holds the socket lock
 *
 * One path: all it has.  Several: first what each path has to send
 * but new data (acknowledgments, path validation, control frames, the
 * handshake on path 0), then the scheduler places the new data.
 */
void tquic_output(struct tquic_conn *c)
{
	struct tquic_path *saved = c->path, *p;

	c->path = &c->path0;
	if (unlikely(c->probe.pending))
		tquic_output_probe_reply(c);
	if (c->mp.npaths < 2) {
		tquic_output_path(c);
		c->path = saved;
		return;
	}
	c->data_hold = true;
	tquic_path_for_each(c, p) {
		c->path = p;
		tquic_output_path(c);
	}
	c->data_hold = false;
	tquic_output_scheduled(c);
	c->path = saved;
}

/**
 * tquic_output_bh - tquic_output() from process context
 * @c: connection; caller holds the socket lock
 */
void tquic_output_bh(struct tquic_conn *c)
{
	local_bh_disable();
	tquic_output(c);
	local_bh_enable();
}

/**
 * tquic_output_close - send one datagram with CONNECTION_CLOSE
 * @c: connection; the close fields are set
 *
 * At the highest level the peer can read: 1-RTT once established (or
 * when the peer already sent 1-RTT packets), else Handshake, else Initial.
 */
void tquic_output_close(struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	enum tquic_level lvl = TQUIC_LEVEL_NUM, l;
	bool heard = false;
	struct sk_buff *skb;
	int n;

	/* Never to a peer that has not sent one authentic packet */
	for (l = TQUIC_LEVEL_INITIAL; l < TQUIC_LEVEL_NUM; l++)
		heard |= c->space[l].rx_nranges > 0 || c->space[l].discarded;
	if (!heard)
		return;
	for (l = TQUIC_LEVEL_INITIAL; l < TQUIC_LEVEL_NUM; l++) {
		if (!c->space[l].tx_key.aead || c->space[l].discarded)
			continue;
		if (l == TQUIC_LEVEL_APP &&
		    c->state != TQUIC_CONN_ESTABLISHED &&
		    !c->space[l].rx_nranges)
			continue;
		lvl = l;
	}
	if (lvl == TQUIC_LEVEL_NUM)
		return;
	skb = alloc_skb(TQUIC_HEADROOM + TQUIC_MAX_DATAGRAM, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, TQUIC_HEADROOM);
	c->close_pending = true;
	n = tquic_build_packet(c, lvl, skb->data, TQUIC_MAX_DATAGRAM,
			       lvl == TQUIC_LEVEL_INITIAL ? TQUIC_BUILD_PAD : 0);
	c->close_pending = false;
	if (n <= 0) {
		kfree_skb(skb);
		return;
	}
	skb_put(skb, n);
	tquic_drain_keep(c, skb->data, n);	/* sent again while closing */
	tquic_count_out(c, n);
	tquic_path_xmit(path, skb, n, 1);
}
