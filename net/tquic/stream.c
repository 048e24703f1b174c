// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: streams (RFC 9000, sections 2-4).
 *
 * A connection keeps its streams in an rbtree by id.  Send side: what the
 * writer hands over is copied into pieces (struct tquic_sbuf) kept until
 * acknowledged; output sends lost ranges first, then new bytes within the
 * peer's stream and connection limits.  Receive side: bytes that continue
 * the stream go to the socket's receive queue at once (one skb per
 * frame, tagged with the stream id); bytes ahead of that wait in
 * fixed-size chunks (below).  Flow control credit returns as the reader
 * consumes.  All of it runs under the socket lock.
 */
#include <linux/bitmap.h>
#include <linux/build_bug.h>
#include <linux/math64.h>
#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "conn.h"
#include "event.h"
#include "rxzc.h"
#include "stream.h"
#include "tquic.h"

/* Bytes that came ahead of the read position wait in chunks: each covers
 * TQUIC_RX_CHUNK stream bytes at a multiple of it, with a bitmap of the
 * bytes received, in one 4 KiB allocation.  What they take is bound by
 * the span of the stream they cover, whatever the peer sends: flow
 * control limits that span (the connection's receive window, in all),
 * so a stream holds at most its span / TQUIC_RX_CHUNK + 2 chunks, about
 * 1.15 bytes of memory per byte of window.  Pieces kept one by one
 * would let a peer that leaves a gap after every byte make the receiver
 * keep 64 bytes for each (RFC 9000, 21.7).  The chunks are in a list by
 * offset (the drain takes the first) and an rbtree (insertion in
 * O(log n); data that continues the last chunk goes there at once).
 */
#define TQUIC_RX_CHUNK		3584

/**
 * struct tquic_rx_chunk - bytes of a stream held ahead of its read
 *	position
 * @node: in the stream's @rx_ooo, by offset; first, for
 *	tquic_stream_list_free()
 * @rb: in the stream's @rx_ooo_tree
 * @index: the chunk covers stream bytes from @index * TQUIC_RX_CHUNK
 * @map: the bytes of @data received
 * @data: the bytes
 */
struct tquic_rx_chunk {
	struct list_head node;
	struct rb_node rb;
	u64 index;
	DECLARE_BITMAP(map, TQUIC_RX_CHUNK);
	u8 data[TQUIC_RX_CHUNK];
};

static_assert(sizeof(struct tquic_rx_chunk) <= 4096);
static_assert(offsetof(struct tquic_rx_chunk, node) == 0);

static bool tquic_stream_local(const struct tquic_conn *c, u64 id)
{
	return (id & TQUIC_STREAM_ID_SERVER) == (c->is_server ? 1 : 0);
}

static bool tquic_stream_uni(u64 id)
{
	return id & TQUIC_STREAM_ID_UNI;
}

/**
 * tquic_stream_can_send - this end sends on stream @id (all but the
 *	peer's unidirectional streams)
 * @c: connection
 * @id: stream id
 */
bool tquic_stream_can_send(const struct tquic_conn *c, u64 id)
{
	return !tquic_stream_uni(id) || tquic_stream_local(c, id);
}

/**
 * tquic_stream_can_recv - this end receives on stream @id (all but its
 *	own unidirectional streams)
 * @c: connection
 * @id: stream id
 */
bool tquic_stream_can_recv(const struct tquic_conn *c, u64 id)
{
	return !tquic_stream_uni(id) || !tquic_stream_local(c, id);
}

/**
 * tquic_stream_find - the stream with id @id, or NULL
 * @c: connection
 * @id: stream id
 */
struct tquic_stream *tquic_stream_find(struct tquic_conn *c, u64 id)
{
	struct rb_node *n = c->streams.rb_node;
	struct tquic_stream *s;

	while (n) {
		s = rb_entry(n, struct tquic_stream, node);
		if (id < s->id)
			n = n->rb_left;
		else if (id > s->id)
			n = n->rb_right;
		else
			return s;
	}
	return NULL;
}

/* Our receive window for stream @id. */
static u64 tquic_stream_rx_window(const struct tquic_conn *c, u64 id)
{
	if (tquic_stream_uni(id))
		return c->ltp.initial_max_stream_data_uni;
	return tquic_stream_local(c, id) ?
		c->ltp.initial_max_stream_data_bidi_local :
		c->ltp.initial_max_stream_data_bidi_remote;
}

/* The peer's initial limit on what we send on stream @id. */
static u64 tquic_stream_tx_window(const struct tquic_conn *c, u64 id)
{
	if (tquic_stream_uni(id))
		return tquic_stream_local(c, id) ?
			c->ptp.initial_max_stream_data_uni : 0;
	/* The peer's "local" is the streams it opened. */
	return tquic_stream_local(c, id) ?
		c->ptp.initial_max_stream_data_bidi_remote :
		c->ptp.initial_max_stream_data_bidi_local;
}

static struct tquic_stream *tquic_stream_new(struct tquic_conn *c, u64 id,
					     gfp_t gfp)
{
	struct rb_node **link = &c->streams.rb_node, *parent = NULL;
	struct tquic_stream *s, *pos;

	s = kzalloc(sizeof(*s), gfp);
	if (!s)
		return NULL;
	s->id = id;
	INIT_LIST_HEAD(&s->send_node);
	INIT_LIST_HEAD(&s->tx_bufs);
	INIT_LIST_HEAD(&s->tx_acked_ranges);
	INIT_LIST_HEAD(&s->tx_lost);
	INIT_LIST_HEAD(&s->rx_ooo);
	s->tx_max = tquic_stream_tx_window(c, id);
	s->rx_max = tquic_stream_rx_window(c, id);
	s->rx_final = U64_MAX;
	/* Directions that do not exist are finished from the start. */
	if (tquic_stream_uni(id)) {
		if (tquic_stream_local(c, id))
			s->rx_fin_delivered = true;
		else
			s->fin_acked = true;
	}
	while (*link) {
		parent = *link;
		pos = rb_entry(parent, struct tquic_stream, node);
		link = id < pos->id ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&s->node, parent, link);
	rb_insert_color(&s->node, &c->streams);
	return s;
}

/**
 * tquic_stream_list_free - free a list whose entries start with their
 *	list node
 * @head: the list
 */
void tquic_stream_list_free(struct list_head *head)
{
	struct list_head *p, *tmp;

	list_for_each_safe(p, tmp, head) {
		list_del(p);
		kfree(p);	/* every list entry starts with its node */
	}
}

/**
 * tquic_stream_tx_free - free what @s holds to send or send again
 * @c: connection
 * @s: stream
 */
void tquic_stream_tx_free(struct tquic_conn *c, struct tquic_stream *s)
{
	struct tquic_sbuf *b, *tmp;

	list_for_each_entry_safe(b, tmp, &s->tx_bufs, node) {
		c->tx_buffered -= b->len;
		list_del(&b->node);
		kvfree(b);
	}
	s->tx_hint = NULL;
	tquic_stream_list_free(&s->tx_acked_ranges);
	tquic_stream_list_free(&s->tx_lost);
}

static void tquic_stream_free(struct tquic_conn *c, struct tquic_stream *s)
{
	tquic_stream_tx_free(c, s);
	tquic_stream_list_free(&s->rx_ooo);
	list_del(&s->send_node);
	rb_erase(&s->node, &c->streams);
	if (s->max_data_pending)
		c->stream_credit_pending--;
	c->reset_pending -= s->tx_reset_pending + s->stop_pending;
	kfree(s);
}

/**
 * tquic_stream_maybe_free - free @s once both directions are finished
 * @c: connection
 * @s: stream
 */
void tquic_stream_maybe_free(struct tquic_conn *c, struct tquic_stream *s)
{
	if (s->fin_acked && s->rx_fin_delivered)
		tquic_stream_free(c, s);
}

/**
 * tquic_streams_tx_pending - stream data or a FIN not yet acknowledged
 * @c: connection
 */
bool tquic_streams_tx_pending(struct tquic_conn *c)
{
	struct tquic_stream *s;
	struct rb_node *n;

	if (c->tx_buffered)
		return true;
	for (n = rb_first(&c->streams); n; n = rb_next(n)) {
		s = rb_entry(n, struct tquic_stream, node);
		if (s->fin_queued && !s->fin_acked)
			return true;
	}
	return false;
}

/**
 * tquic_streams_free - free every stream of @c
 * @c: connection
 */
void tquic_streams_free(struct tquic_conn *c)
{
	struct rb_node *n;

	while ((n = rb_first(&c->streams)))
		tquic_stream_free(c, rb_entry(n, struct tquic_stream, node));
}

/**
 * tquic_stream_rx_get - the stream a received frame names
 * @c: connection
 * @id: stream id
 * @sending: the frame is about the peer sending (STREAM, RESET_STREAM,
 *	STREAM_DATA_BLOCKED) rather than receiving (MAX_STREAM_DATA,
 *	STOP_SENDING)
 * @terr: the transport error when it is refused
 *
 * A peer-initiated stream not seen yet is opened, with the lower ones of
 * its type (RFC 9000, 3.2).
 * Return: the stream; NULL for a stream that was finished and freed (the
 * frame is ignored); ERR_PTR(-EPROTO) with @terr set, or -ENOMEM.
 */
struct tquic_stream *tquic_stream_rx_get(struct tquic_conn *c, u64 id,
					 bool sending, u64 *terr)
{
	bool uni = tquic_stream_uni(id);
	struct tquic_stream *s;
	u64 n = id >> 2, *opened, i;

	if (uni && sending == tquic_stream_local(c, id)) {
		/* Data on our own uni stream, or credit for the peer's */
		*terr = TQUIC_ERR_STREAM_STATE_ERROR;
		return ERR_PTR(-EPROTO);
	}
	s = tquic_stream_find(c, id);
	if (s)
		return s;
	if (tquic_stream_local(c, id)) {
		if (n >= (uni ? c->next_uni : c->next_bidi)) {
			*terr = TQUIC_ERR_STREAM_STATE_ERROR;
			return ERR_PTR(-EPROTO);
		}
		return NULL;
	}
	if (n >= (uni ? c->max_peer_uni : c->max_peer_bidi)) {
		*terr = TQUIC_ERR_STREAM_LIMIT_ERROR;
		return ERR_PTR(-EPROTO);
	}
	opened = uni ? &c->peer_uni : &c->peer_bidi;
	if (n < *opened)
		return NULL;
	for (i = *opened; i <= n; i++) {
		s = tquic_stream_new(c, (i << 2) | (id & 3), GFP_ATOMIC);
		if (!s)
			return ERR_PTR(-ENOMEM);
		*opened = i + 1;
		tquic_event_stream(c, s->id, TQUIC_STREAM_UPDATE_PEER_OPENED,
				   0, U64_MAX);
	}
	return s;
}

/**
 * tquic_stream_tx_get - the stream user space sends on
 * @c: connection
 * @id: stream id
 *
 * Return: the stream, opened if this end may open it; ERR_PTR(-EINVAL)
 * for a stream we may not send on or the peer has not opened,
 * -EAGAIN over the peer's stream limit, -ENOMEM; NULL for one that is
 * finished.
 */
struct tquic_stream *tquic_stream_tx_get(struct tquic_conn *c, u64 id)
{
	bool uni = tquic_stream_uni(id);
	struct tquic_stream *s;
	u64 n = id >> 2, *next, i;

	if (id > TQUIC_VARINT_MAX || (uni && !tquic_stream_local(c, id)))
		return ERR_PTR(-EINVAL);
	s = tquic_stream_find(c, id);
	if (s)
		return s;
	if (!tquic_stream_local(c, id))
		return ERR_PTR(n < (uni ? c->peer_uni : c->peer_bidi) ?
			       -EPIPE : -EINVAL);
	next = uni ? &c->next_uni : &c->next_bidi;
	if (n < *next)
		return ERR_PTR(-EPIPE);	/* opened before and finished */
	if (n >= (uni ? c->max_local_uni : c->max_local_bidi))
		return ERR_PTR(-EAGAIN);
	/* It opens the lower streams of its type too (RFC 9000, 3.2). */
	for (i = *next; i <= n; i++) {
		s = tquic_stream_new(c, (i << 2) | (id & 3), GFP_KERNEL);
		if (!s)
			return ERR_PTR(-ENOMEM);
		*next = i + 1;
	}
	return s;
}

/* @len bytes at @data inside the datagram being read (decrypted in
 * place) go to the reader without a copy: a clone of it, cut to them.
 * A clone of a super-packet (gro.c) is charged to the socket for its own
 * bytes, not for the whole buffer that its siblings share.
 */
static struct sk_buff *tquic_stream_rx_clone(struct tquic_conn *c,
					     const u8 *data, size_t len)
{
	struct sk_buff *in = c->rx_skb, *skb;

	if (!in || !len || data < in->data ||
	    data + len > skb_tail_pointer(in))
		return NULL;
	skb = skb_clone(in, GFP_ATOMIC);
	if (!skb)
		return NULL;
	__skb_pull(skb, data - skb->data);
	__skb_trim(skb, len);
	if (skb_is_gso(in))
		skb->truesize = SKB_TRUESIZE(len);
	return skb;
}

/* In-order data of fewer bytes than TQUIC_RX_COPY_MAX is copied rather
 * than cloned: a clone keeps the datagram's whole buffer for a few bytes,
 * so a peer sending one byte a packet would make the reader's queue cost
 * a hundred times the flow control window.  Copies go into the queue's
 * last skb while it is a copy of the same stream with room, else into a
 * new one of TQUIC_RX_COPY_ROOM bytes: what small frames cost is then
 * close to their bytes, whatever their number (RFC 9000, 21.7).
 */
#define TQUIC_RX_COPY_MAX	512
#define TQUIC_RX_COPY_ROOM	SKB_WITH_OVERHEAD(4096)

/* The queue's last skb, if @len more bytes of @s can go into it.  The
 * reader takes skbs off the queue under the socket lock this runs under,
 * so nothing reads the tail while it grows.
 */
static struct sk_buff *tquic_stream_rx_tail(struct tquic_conn *c,
					    struct tquic_stream *s,
					    size_t len)
{
	struct sk_buff *t = skb_peek_tail(&c->sk->sk_receive_queue);

	if (!t || TQUIC_SKB_CB(t)->kind != TQUIC_SKB_STREAM ||
	    TQUIC_SKB_CB(t)->stream_id != s->id || TQUIC_SKB_CB(t)->fin ||
	    TQUIC_SKB_CB(t)->reset || skb_cloned(t) || skb_is_nonlinear(t) ||
	    skb_tailroom(t) < len)
		return NULL;
	return t;
}

/* Queue @len bytes of @s at its read position to the socket. */
static int tquic_stream_deliver(struct tquic_conn *c, struct tquic_stream *s,
				const u8 *data, size_t len)
{
	struct sk_buff *skb = NULL;
	bool fin;

	fin = s->rx_recv + len == s->rx_final;
	if (!len && !fin)
		return 0;
	/* (A server's early data waits in its own queue: cloned.) */
	if (len < TQUIC_RX_COPY_MAX && !fin &&
	    !(c->is_server && c->state == TQUIC_CONN_HANDSHAKE)) {
		skb = tquic_stream_rx_tail(c, s, len);
		if (skb) {
			skb_put_data(skb, data, len);
			s->rx_recv += len;
			TQUIC_INC_STATS(c->net, TQUIC_MIB_RX_COALESCED);
			return 0;
		}
		skb = alloc_skb(TQUIC_RX_COPY_ROOM, GFP_ATOMIC);
		if (skb)
			skb_put_data(skb, data, len);
	}
	if (!skb)
		skb = tquic_stream_rx_clone(c, data, len);
	if (!skb) {
		skb = alloc_skb(len, GFP_ATOMIC);
		if (!skb)
			return -ENOMEM;
		if (len)
			skb_put_data(skb, data, len);
	}
	TQUIC_SKB_CB(skb)->kind = TQUIC_SKB_STREAM;
	TQUIC_SKB_CB(skb)->stream_id = s->id;
	TQUIC_SKB_CB(skb)->fin = fin;
	TQUIC_SKB_CB(skb)->reset = false;	/* a clone has the datagram's cb */
	TQUIC_SKB_CB(skb)->consumed = 0;
	tquic_rcvq_add(c, skb);
	s->rx_recv += len;
	if (fin) {
		s->rx_fin_queued = true;
		tquic_event_stream(c, s->id, TQUIC_STREAM_UPDATE_RECVD, 0,
				   s->rx_final);
	}
	return 0;
}

static void tquic_rx_chunk_free(struct tquic_stream *s,
				struct tquic_rx_chunk *k)
{
	rb_erase(&k->rb, &s->rx_ooo_tree);
	list_del(&k->node);
	kfree(k);
}

/* Deliver what the held bytes now continue. */
static int tquic_stream_drain(struct tquic_conn *c, struct tquic_stream *s)
{
	struct tquic_rx_chunk *k, *tmp;
	unsigned int pos, end;
	u64 base;
	int err;

	list_for_each_entry_safe(k, tmp, &s->rx_ooo, node) {
		base = k->index * TQUIC_RX_CHUNK;
		if (base > s->rx_recv)
			break;
		if (s->rx_recv < base + TQUIC_RX_CHUNK) {
			pos = s->rx_recv - base;
			if (!test_bit(pos, k->map))
				break;
			end = find_next_zero_bit(k->map, TQUIC_RX_CHUNK, pos);
			err = tquic_stream_deliver(c, s, k->data + pos,
						   end - pos);
			if (err)
				return err;
			/* More beyond a gap? */
			if (end < TQUIC_RX_CHUNK &&
			    find_next_bit(k->map, TQUIC_RX_CHUNK, end) <
			    TQUIC_RX_CHUNK)
				break;
		}
		tquic_rx_chunk_free(s, k);	/* nothing more to deliver */
	}
	/* A FIN that came ahead of the last bytes */
	if (!s->rx_fin_queued && s->rx_recv == s->rx_final)
		return tquic_stream_deliver(c, s, NULL, 0);
	return 0;
}

/* The chunk of @s at @index, made if need be; NULL without memory. */
static struct tquic_rx_chunk *tquic_rx_chunk_get(struct tquic_stream *s,
						 u64 index)
{
	struct rb_node **link, *parent = NULL, *prev;
	struct tquic_rx_chunk *k;

	if (list_empty(&s->rx_ooo)) {
		/* Also after stream_reset.c freed the list on its own */
		s->rx_ooo_tree = RB_ROOT;
		link = &s->rx_ooo_tree.rb_node;
	} else {
		k = list_last_entry(&s->rx_ooo, struct tquic_rx_chunk, node);
		if (k->index == index)
			return k;
		if (k->index < index) {
			/* Past the last: its right child is free. */
			parent = &k->rb;
			link = &parent->rb_right;
		} else {
			link = &s->rx_ooo_tree.rb_node;
			while (*link) {
				parent = *link;
				k = rb_entry(parent, struct tquic_rx_chunk, rb);
				if (index < k->index)
					link = &parent->rb_left;
				else if (index > k->index)
					link = &parent->rb_right;
				else
					return k;
			}
		}
	}
	k = kmalloc(sizeof(*k), GFP_ATOMIC);
	if (!k)
		return NULL;
	k->index = index;
	bitmap_zero(k->map, TQUIC_RX_CHUNK);
	rb_link_node(&k->rb, parent, link);
	rb_insert_color(&k->rb, &s->rx_ooo_tree);
	prev = rb_prev(&k->rb);
	list_add(&k->node, prev ? &rb_entry(prev, struct tquic_rx_chunk,
					    rb)->node : &s->rx_ooo);
	return k;
}

/* Hold bytes [@off, @off + @len) that came ahead of the read position.
 * Bytes held already are written again: a peer sends the same ones
 * (RFC 9000, 2.2).
 */
static int tquic_stream_hold(struct tquic_stream *s, u64 off,
			     const u8 *data, u64 len)
{
	struct tquic_rx_chunk *k;
	unsigned int n;
	u32 pos;

	while (len) {
		k = tquic_rx_chunk_get(s, div_u64_rem(off, TQUIC_RX_CHUNK,
						      &pos));
		if (!k)
			return -ENOMEM;
		n = min_t(u64, len, TQUIC_RX_CHUNK - pos);
		memcpy(k->data + pos, data, n);
		bitmap_set(k->map, pos, n);
		off += n;
		data += n;
		len -= n;
	}
	return 0;
}

/**
 * tquic_stream_rcv - a STREAM frame
 * @c: connection
 * @f: the frame
 * @terr: the transport error when it is refused
 *
 * Return: 0, -EPROTO with @terr set, or -ENOMEM.
 */
int tquic_stream_rcv(struct tquic_conn *c, const struct tquic_frame *f,
		     u64 *terr)
{
	u64 off = f->stream.offset, len = f->stream.len, end = off + len;
	bool fin = f->type & TQUIC_STREAM_FIN;
	struct tquic_stream *s;
	u64 skip;
	int err;

	s = tquic_stream_rx_get(c, f->stream.stream_id, true, terr);
	if (IS_ERR_OR_NULL(s))
		return PTR_ERR_OR_ZERO(s);
	/* Final size rules (RFC 9000, 4.5) */
	if ((s->rx_final != U64_MAX && (end > s->rx_final ||
					(fin && end != s->rx_final))) ||
	    (fin && end < s->rx_highest)) {
		*terr = TQUIC_ERR_FINAL_SIZE_ERROR;
		return -EPROTO;
	}
	if (end > s->rx_max) {
		*terr = TQUIC_ERR_FLOW_CONTROL_ERROR;
		return -EPROTO;
	}
	if (end > s->rx_highest) {
		if (c->rx_data + (end - s->rx_highest) > c->rx_max_data) {
			*terr = TQUIC_ERR_FLOW_CONTROL_ERROR;
			return -EPROTO;
		}
		c->rx_data += end - s->rx_highest;
		s->rx_highest = end;
	}
	if (fin)
		s->rx_final = end;
	if (s->rx_fin_queued || end < s->rx_recv)
		return 0;	/* nothing new */
	if (off > s->rx_recv)
		return len ? tquic_stream_hold(s, off, f->stream.data, len) : 0;
	skip = s->rx_recv - off;
	if (!skip && tquic_rx_zc_take(c, s, f->stream.data, len))
		err = 0;	/* opened into the reader's buffer */
	else
		err = tquic_stream_deliver(c, s, f->stream.data + skip,
					   len - skip);
	err = err ?: tquic_stream_drain(c, s);
	if (!err)
		tquic_data_ready(c);
	return err;
}

/**
 * tquic_conn_rx_credit - @n stream bytes were consumed (or will never
 *	be): connection credit returns once half a window was
 * @c: connection
 * @n: bytes
 */
void tquic_conn_rx_credit(struct tquic_conn *c, u64 n)
{
	u64 win = c->ltp.initial_max_data;

	c->rx_read += n;
	if (c->rx_max_data - c->rx_read < win / 2) {
		c->rx_max_data = c->rx_read + win;
		c->max_data_pending = true;
	}
}

/**
 * tquic_stream_read - the reader consumed @n bytes of stream @id
 * @c: connection
 * @id: stream id
 * @n: bytes
 * @fin: the read reached the end of the stream
 *
 * Returns flow control credit once half a window was read.
 */
void tquic_stream_read(struct tquic_conn *c, u64 id, size_t n, bool fin)
{
	struct tquic_stream *s = tquic_stream_find(c, id);
	u64 win;

	tquic_conn_rx_credit(c, n);
	if (!s)
		return;
	s->rx_read += n;
	if (fin && !s->rx_fin_delivered) {
		s->rx_fin_delivered = true;
		/* The peer may open another stream in its place. */
		if (!tquic_stream_local(c, id)) {
			if (tquic_stream_uni(id))
				c->max_peer_uni++;
			else
				c->max_peer_bidi++;
			c->max_streams_pending |= tquic_stream_uni(id) ? 2 : 1;
		}
		tquic_stream_maybe_free(c, s);
		return;
	}
	win = tquic_stream_rx_window(c, id);
	if (s->rx_final == U64_MAX && s->rx_max - s->rx_read < win / 2) {
		s->rx_max = s->rx_read + win;
		if (!s->max_data_pending) {
			s->max_data_pending = true;
			c->stream_credit_pending++;
		}
	}
}

/**
 * tquic_stream_write - queue data the writer hands over
 * @c: connection
 * @s: stream
 * @from: the data
 * @len: bytes (may be 0 with @fin)
 * @fin: it ends the stream
 *
 * Return: bytes queued (at most what the socket's send buffer allows;
 * 0 when it is full), -EPIPE after the stream was ended, -EFAULT or
 * -ENOMEM.
 */
ssize_t tquic_stream_write(struct tquic_conn *c, struct tquic_stream *s,
			   struct iov_iter *from, size_t len, bool fin)
{
	struct sock *sk = c->sk;
	struct tquic_sbuf *b;
	size_t done = 0, n, room;
	bool whole;

	if (s->fin_queued)
		return -EPIPE;
	while (done < len) {
		if (c->tx_buffered >= READ_ONCE(sk->sk_sndbuf))
			break;
		/* The last piece's room first: a write of more than half a
		 * piece takes whole ones, whose last the next write fills,
		 * rather than leaving a piece of a few bytes (and a short
		 * STREAM frame where a packet reaches it) behind each write.
		 * After a whole piece the next is whole too: the rest of a
		 * large write that waited for room in the send buffer, or
		 * the next write of a bulk writer.  So is a piece the
		 * connection keeps spare: it costs nothing (a bulk writer
		 * whose data was all acknowledged, its pieces freed, writes
		 * on into whole pieces).
		 */
		b = list_empty(&s->tx_bufs) ? NULL :
		    list_last_entry(&s->tx_bufs, struct tquic_sbuf, node);
		room = b ? b->size - struct_size(b, data, b->len) : 0;
		if (!room) {
			whole = len > TQUIC_SBUF_MAX / 2 ||
				(b && b->size == TQUIC_SBUF_ALLOC) ||
				c->txbuf.nspares;
			b = tquic_sbuf_alloc(c, whole ? TQUIC_SBUF_MAX :
							len - done);
			if (!b)
				return done ?: -ENOMEM;
			b->offset = s->tx_queued;
			b->len = 0;
			list_add_tail(&b->node, &s->tx_bufs);
			room = b->size - sizeof(*b);
		}
		n = min(len - done, room);
		if (!copy_from_iter_full(b->data + b->len, n, from)) {
			if (!b->len) {		/* the piece just taken */
				list_del(&b->node);
				tquic_sbuf_free(c, b);
			}
			return done ?: -EFAULT;
		}
		b->len += n;
		s->tx_queued += n;
		c->tx_buffered += n;
		done += n;
	}
	if (fin && done == len)
		s->fin_queued = true;
	if (done || s->fin_queued)
		tquic_stream_want_send(c, s);
	return done;
}

/**
 * tquic_stream_want_send - @s has something to send
 * @c: connection
 * @s: stream
 */
void tquic_stream_want_send(struct tquic_conn *c, struct tquic_stream *s)
{
	if (list_empty(&s->send_node))
		list_add_tail(&s->send_node, &c->send_streams);
}

/**
 * tquic_stream_data - where stream bytes from @off are
 * @s: stream
 * @off: stream offset (not yet acknowledged)
 * @len: in: at most this many wanted; out: contiguous bytes returned
 *
 * Return: pointer to the bytes, or NULL when @off is not buffered.
 */
const u8 *tquic_stream_data(struct tquic_stream *s, u64 off, u64 *len)
{
	struct tquic_sbuf *b = s->tx_hint;

	/* New data goes out in order: from the piece found last, not from
	 * the oldest unacknowledged one (a send buffer of megabytes is a
	 * list of a hundred pieces and more); a resend may go back.
	 */
	if (!b || off < b->offset)
		b = list_first_entry(&s->tx_bufs, struct tquic_sbuf, node);
	list_for_each_entry_from(b, &s->tx_bufs, node) {
		if (off >= b->offset + b->len)
			continue;
		if (off < b->offset)
			return NULL;
		s->tx_hint = b;
		*len = min_t(u64, *len, b->offset + b->len - off);
		return b->data + (off - b->offset);
	}
	return NULL;
}

/* Move tx_acked over the acknowledged ranges it now reaches and free
 * the send data below it.
 */
static void tquic_stream_ack_advance(struct tquic_conn *c,
				     struct tquic_stream *s)
{
	struct tquic_range *r, *rt;
	struct tquic_sbuf *b, *bt;

	list_for_each_entry_safe(r, rt, &s->tx_acked_ranges, node) {
		if (r->offset > s->tx_acked)
			break;
		s->tx_acked = max(s->tx_acked, r->offset + r->len);
		list_del(&r->node);
		kfree(r);
	}
	list_for_each_entry_safe(b, bt, &s->tx_bufs, node) {
		if (b->offset + b->len > s->tx_acked)
			break;
		if (s->tx_hint == b)
			s->tx_hint = NULL;
		c->tx_buffered -= b->len;
		list_del(&b->node);
		tquic_sbuf_free(c, b);
	}
}

/* Add [@off, @off + @len) to a sorted list of ranges, merging. */
static int tquic_range_add(struct list_head *head, u64 off, u64 len,
			   bool fin)
{
	struct tquic_range *r, *n, *tmp;
	u64 end = off + len;

	list_for_each_entry(r, head, node) {
		if (r->offset > end)
			break;
		if (r->offset + r->len < off)
			continue;
		/* Overlaps or touches: grow @r, swallow what follows. */
		end = max(end, r->offset + r->len);
		r->offset = min(r->offset, off);
		r->fin |= fin;
		n = r;
		list_for_each_entry_safe_continue(n, tmp, head, node) {
			if (n->offset > end)
				break;
			end = max(end, n->offset + n->len);
			r->fin |= n->fin;
			list_del(&n->node);
			kfree(n);
		}
		r->len = end - r->offset;
		return 0;
	}
	n = kmalloc(sizeof(*n), GFP_ATOMIC);
	if (!n)
		return -ENOMEM;
	n->offset = off;
	n->len = len;
	n->fin = fin;
	list_add_tail(&n->node, &r->node);
	return 0;
}

/**
 * tquic_stream_acked - the peer acknowledged stream bytes we sent
 * @c: connection
 * @id: stream id
 * @off: offset
 * @len: bytes
 * @fin: with the FIN
 */
void tquic_stream_acked(struct tquic_conn *c, u64 id, u64 off, u64 len,
			bool fin)
{
	struct tquic_stream *s = tquic_stream_find(c, id);

	if (!s || s->tx_reset)
		return;
	if (off + len > s->tx_acked) {
		if (off <= s->tx_acked)
			s->tx_acked = off + len;
		else if (tquic_range_add(&s->tx_acked_ranges, off, len, false))
			return;	/* it is resent if needed */
		tquic_stream_ack_advance(c, s);
	}
	if (fin)
		s->fin_ack_rcvd = true;
	if (s->fin_ack_rcvd && s->tx_acked == s->tx_queued && !s->fin_acked) {
		s->fin_acked = true;
		tquic_event_stream(c, s->id, TQUIC_STREAM_UPDATE_SEND_ACKED, 0,
				   s->tx_queued);
		tquic_stream_maybe_free(c, s);
	}
	c->sk->sk_write_space(c->sk);
}

/**
 * tquic_stream_lost - stream bytes we sent were lost
 * @c: connection
 * @id: stream id
 * @off: offset
 * @len: bytes
 * @fin: with the FIN
 */
void tquic_stream_lost(struct tquic_conn *c, u64 id, u64 off, u64 len,
		       bool fin)
{
	struct tquic_stream *s = tquic_stream_find(c, id);
	u64 end = off + len;

	if (!s || s->fin_acked || s->tx_reset)
		return;
	off = max(off, s->tx_acked);
	if (off >= end && !fin)
		return;
	if (off > end)
		off = end;
	if (tquic_range_add(&s->tx_lost, off, end - off, fin))
		return;
	tquic_stream_want_send(c, s);
}

/**
 * tquic_stream_resend - queue again the stream data a sent packet
 *	carries, as if lost (the packet stays in flight)
 * @c: connection
 * @rec: the packet's record
 *
 * Return: true when it carried stream data.
 */
bool tquic_stream_resend(struct tquic_conn *c, const struct tquic_sent *rec)
{
	const struct tquic_sent_frame *f;
	bool any = false;
	unsigned int i;

	for (i = 0; i < rec->nframes; i++) {
		f = &rec->frames[i];
		if (f->type != TQUIC_FT_STREAM)
			continue;
		tquic_stream_lost(c, f->id, f->offset, f->len, f->fin);
		any = true;
	}
	return any;
}
