// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: STREAM data that comes out of order (stream.c).  What is
 * held ahead of the read position takes memory in proportion to the
 * span it covers, not to the number of pieces: a peer that leaves a gap
 * after every byte cannot make the receiver keep an allocation per byte.
 * Held data reaches the reader whole and in order, however it came.
 * On the send side, written data is found again at any offset.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "conn.h"
#include "frame.h"
#include "sock.h"
#include "stream.h"
#include "tquic.h"

/* What a held chunk covers (stream.c) */
#define STREAM_CHUNK	3584

struct stream_fixture {
	struct tquic_conn c;
	struct tquic_sock tsk;
	struct proto prot;
	u8 *pattern;
	size_t size;
};

static void stream_data_ready(struct sock *sk)
{
}

/* A server connection whose peer may open one bidirectional stream,
 * with @size bytes of stream and connection window.
 */
static struct stream_fixture *stream_setup(struct kunit *test, size_t size)
{
	struct stream_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct tquic_conn *c;
	struct sock *sk;
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->pattern = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->pattern);
	for (i = 0; i < size; i++)
		f->pattern[i] = (u8)(i * 7 + (i >> 8) + 1);
	f->size = size;
	sk = &f->tsk.inet.sk;
	sk->sk_prot = &f->prot;
	sk->sk_data_ready = stream_data_ready;
	skb_queue_head_init(&sk->sk_receive_queue);
	c = &f->c;
	c->sk = sk;
	c->net = &init_net;
	c->is_server = true;
	c->state = TQUIC_CONN_ESTABLISHED;
	INIT_LIST_HEAD(&c->send_streams);
	c->max_peer_bidi = 1;
	c->ltp.initial_max_stream_data_bidi_remote = size;
	c->ltp.initial_max_data = size;
	c->rx_max_data = size;
	test->priv = f;
	return f;
}

static void stream_exit(struct kunit *test)
{
	struct stream_fixture *f = test->priv;

	if (!f)
		return;
	skb_queue_purge(&f->tsk.inet.sk.sk_receive_queue);
	tquic_streams_free(&f->c);
}

/* The peer's STREAM frame on stream 0: [@off, @off + @len) */
static void stream_frame(struct kunit *test, struct stream_fixture *f,
			 u64 off, u64 len, bool fin)
{
	struct tquic_frame fr = { .type = TQUIC_FT_STREAM | 0x06 };
	u64 terr = 0;

	if (fin)
		fr.type |= TQUIC_STREAM_FIN;

	KUNIT_ASSERT_LE(test, off + len, (u64)f->size);
	fr.stream.stream_id = 0;
	fr.stream.offset = off;
	fr.stream.len = len;
	fr.stream.data = f->pattern + off;
	KUNIT_ASSERT_EQ(test, tquic_stream_rcv(&f->c, &fr, &terr), 0);
	KUNIT_ASSERT_EQ(test, terr, 0ULL);
}

/* Allocations stream 0 holds out of order */
static size_t stream_held(struct stream_fixture *f)
{
	struct tquic_stream *s = tquic_stream_find(&f->c, 0);
	struct list_head *p;
	size_t n = 0;

	if (!s)
		return 0;
	list_for_each(p, &s->rx_ooo)
		n++;
	return n;
}

/* At most what the span of stream 0 not yet in order allows */
static void stream_held_bounded(struct kunit *test, struct stream_fixture *f)
{
	struct tquic_stream *s = tquic_stream_find(&f->c, 0);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_LE(test, stream_held(f),
			(size_t)((s->rx_highest - s->rx_recv) / STREAM_CHUNK + 2));
}

/* The reader's bytes so far: they must be the pattern from 0.  Returns
 * how many; *@fin gets whether the end came.
 */
static size_t stream_read(struct kunit *test, struct stream_fixture *f,
			  bool *fin)
{
	struct sk_buff_head *q = &f->tsk.inet.sk.sk_receive_queue;
	struct sk_buff *skb;
	size_t got = 0;

	*fin = false;
	skb_queue_walk(q, skb) {
		KUNIT_EXPECT_EQ(test, TQUIC_SKB_CB(skb)->stream_id, 0ULL);
		KUNIT_EXPECT_FALSE(test, *fin);
		KUNIT_ASSERT_LE(test, got + skb->len, f->size);
		KUNIT_EXPECT_EQ(test, memcmp(skb->data, f->pattern + got,
					     skb->len), 0);
		got += skb->len;
		*fin |= TQUIC_SKB_CB(skb)->fin;
	}
	return got;
}

/* The attack of RFC 9000, 21.7: one byte at every odd offset, in
 * increasing order, the gaps left open.  What is held stays within a
 * few chunks for the span (pieces kept one by one took 20000 entries,
 * each inserted after a walk over all the others).  The even bytes,
 * last to first, are held too; then byte 0 lets all of it through, in
 * order.
 */
static void stream_ooo_tiny_pieces(struct kunit *test)
{
	const u64 n = 20000;
	struct stream_fixture *f = stream_setup(test, 2 * n);
	bool fin;
	u64 i;

	for (i = 0; i < n; i++)
		stream_frame(test, f, 2 * i + 1, 1, false);
	KUNIT_EXPECT_LE(test, stream_held(f),
			(size_t)(2 * n / STREAM_CHUNK + 2));
	stream_held_bounded(test, f);
	for (i = n - 1; i > 0; i--)
		stream_frame(test, f, 2 * i, 1, false);
	stream_held_bounded(test, f);
	KUNIT_EXPECT_EQ(test, stream_read(test, f, &fin), 0UL);
	stream_frame(test, f, 0, 1, false);
	KUNIT_EXPECT_EQ(test, stream_read(test, f, &fin), (size_t)(2 * n));
	KUNIT_EXPECT_FALSE(test, fin);
	KUNIT_EXPECT_EQ(test, stream_held(f), 0UL);
}

static u32 stream_rand(u32 *state)
{
	*state = *state * 1103515245 + 12345;
	return *state >> 8;
}

/* A stream cut into pieces of 1 to 1500 bytes that come in a shuffled
 * order, some twice, some overlapping what came before and across chunk
 * boundaries, the FIN ahead of the last bytes: the reader gets every
 * byte once, in order, then the end; nothing stays held.
 */
static void stream_ooo_shuffled(struct kunit *test)
{
	const size_t size = 200000;
	struct stream_fixture *f = stream_setup(test, size);
	u64 *offs, *lens, t, off, len;
	u32 seed = 12345;
	size_t n = 0, i, j;
	bool fin;

	offs = kunit_kmalloc_array(test, size, sizeof(*offs), GFP_KERNEL);
	lens = kunit_kmalloc_array(test, size, sizeof(*lens), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, offs);
	KUNIT_ASSERT_NOT_NULL(test, lens);
	for (off = 0; off < size; off += len) {
		len = min_t(u64, size - off, stream_rand(&seed) % 1500 + 1);
		offs[n] = off;
		lens[n++] = len;
	}
	for (i = n - 1; i > 0; i--) {
		j = stream_rand(&seed) % (i + 1);
		swap(offs[i], offs[j]);
		swap(lens[i], lens[j]);
	}
	for (i = 0; i < n; i++) {
		stream_frame(test, f, offs[i], lens[i],
			     offs[i] + lens[i] == size);
		if (i % 7 == 3) {	/* again, shifted and longer */
			off = offs[i] - min_t(u64, offs[i], 3000);
			t = min_t(u64, size - 1, offs[i] + lens[i] + 4000);
			stream_frame(test, f, off, t - off, false);
		}
		stream_held_bounded(test, f);
		if (i % 11 == 5)	/* the same again */
			stream_frame(test, f, offs[i], lens[i],
				     offs[i] + lens[i] == size);
	}
	KUNIT_EXPECT_EQ(test, stream_read(test, f, &fin), size);
	KUNIT_EXPECT_TRUE(test, fin);
	KUNIT_EXPECT_EQ(test, stream_held(f), 0UL);
}

/* In order, nothing is held; one piece ahead is held in one chunk and
 * goes to the reader the moment the bytes before it come.
 */
static void stream_ooo_in_order(struct kunit *test)
{
	struct stream_fixture *f = stream_setup(test, 10000);
	bool fin;

	stream_frame(test, f, 0, 1000, false);
	stream_frame(test, f, 1000, 1000, false);
	KUNIT_EXPECT_EQ(test, stream_held(f), 0UL);
	stream_frame(test, f, 3000, 7000, true);
	KUNIT_EXPECT_LE(test, stream_held(f), 3UL);
	KUNIT_EXPECT_EQ(test, stream_read(test, f, &fin), 2000UL);
	KUNIT_EXPECT_FALSE(test, fin);
	stream_frame(test, f, 2000, 1000, false);
	KUNIT_EXPECT_EQ(test, stream_read(test, f, &fin), 10000UL);
	KUNIT_EXPECT_TRUE(test, fin);
	KUNIT_EXPECT_EQ(test, stream_held(f), 0UL);
}

static void stream_write_space(struct sock *sk)
{
}

/* Write @len bytes of the fixture's pattern from @off to @s, all taken */
static void stream_put(struct kunit *test, struct stream_fixture *f,
		       struct tquic_stream *s, size_t off, size_t len)
{
	struct iov_iter from;
	struct kvec kv = { .iov_base = f->pattern + off, .iov_len = len };

	iov_iter_kvec(&from, WRITE, &kv, 1, len);
	KUNIT_ASSERT_EQ(test, tquic_stream_write(&f->c, s, &from, len, false),
			(ssize_t)len);
}

/* A send buffer of 1 MiB and stream 0, which the peer opened */
static struct tquic_stream *stream_send_setup(struct kunit *test,
					      struct stream_fixture *f)
{
	struct tquic_conn *c = &f->c;
	struct tquic_stream *s;

	tquic_txbuf_init(c);
	c->sk->sk_sndbuf = 1 << 20;
	c->sk->sk_write_space = stream_write_space;
	stream_frame(test, f, 0, 1, false);
	s = tquic_stream_find(c, 0);
	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/* The send side: 256 KiB written in one call are found again at every
 * offset in order (each lookup starting from the piece found last), a
 * lookup back to the first piece still finds it, and once the first
 * 200000 bytes are acknowledged their pieces are gone while the rest is
 * still found.
 */
static void stream_send_lookup(struct kunit *test)
{
	struct stream_fixture *f = stream_setup(test, 256 * 1024);
	struct tquic_stream *s = stream_send_setup(test, f);
	struct tquic_conn *c = &f->c;
	const u8 *p;
	u64 n, off;

	stream_put(test, f, s, 0, f->size);
	for (off = 0; off < f->size; off += n) {
		n = 1400;
		p = tquic_stream_data(s, off, &n);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_ASSERT_TRUE(test, n && n <= 1400);
		KUNIT_ASSERT_EQ(test, memcmp(p, f->pattern + off, n), 0);
	}
	n = 100;
	p = tquic_stream_data(s, 5000, &n);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, n, 100ULL);
	KUNIT_EXPECT_EQ(test, memcmp(p, f->pattern + 5000, n), 0);
	n = 100;
	KUNIT_EXPECT_NULL(test, tquic_stream_data(s, f->size, &n));

	tquic_stream_acked(c, 0, 0, 200000, false);
	n = 100;
	KUNIT_EXPECT_NULL(test, tquic_stream_data(s, 1000, &n));
	n = 100;
	p = tquic_stream_data(s, 200000, &n);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, memcmp(p, f->pattern + 200000, n), 0);
	tquic_streams_free(c);
	tquic_txbuf_free(c);
}

/* The send buffer's pieces: a small write to an empty buffer takes a
 * piece of its size; two whole pieces' worth fill two whole pieces; the
 * rest of a large write (20000 bytes, as when a writer waited for room)
 * takes a whole piece after them, which the next write (40000 bytes)
 * fills rather than taking another.  Every byte reads back.  Once all is
 * acknowledged the whole pieces are spares, and a small write takes one
 * of them rather than a piece of its own size.
 */
static void stream_send_pieces(struct kunit *test)
{
	static const size_t lens[] = { 100, 2 * TQUIC_SBUF_MAX, 20000, 40000 };
	struct stream_fixture *f = stream_setup(test, 256 * 1024);
	struct tquic_stream *s = stream_send_setup(test, f);
	struct tquic_conn *c = &f->c;
	struct tquic_sbuf *b, *pieces[4];
	size_t off = 0, i, n = 0;
	const u8 *p;
	u64 len;

	for (i = 0; i < ARRAY_SIZE(lens); off += lens[i++])
		stream_put(test, f, s, off, lens[i]);
	list_for_each_entry(b, &s->tx_bufs, node) {
		if (n < ARRAY_SIZE(pieces))
			pieces[n] = b;
		n++;
	}
	KUNIT_ASSERT_EQ(test, n, 4UL);
	KUNIT_EXPECT_LT(test, pieces[0]->size, (u32)TQUIC_SBUF_ALLOC);
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_EQ(test, pieces[i]->size, (u32)TQUIC_SBUF_ALLOC);
	KUNIT_EXPECT_EQ(test, pieces[3]->len, 60000U);
	for (i = 0; i < off; i += len) {
		len = 1400;
		p = tquic_stream_data(s, i, &len);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_ASSERT_EQ(test, memcmp(p, f->pattern + i, len), 0);
	}

	tquic_stream_acked(c, 0, 0, off, false);
	KUNIT_EXPECT_TRUE(test, list_empty(&s->tx_bufs));
	KUNIT_EXPECT_EQ(test, c->txbuf.nspares, 3U);
	stream_put(test, f, s, off, 100);
	b = list_first_entry(&s->tx_bufs, struct tquic_sbuf, node);
	KUNIT_EXPECT_EQ(test, b->size, (u32)TQUIC_SBUF_ALLOC);
	KUNIT_EXPECT_EQ(test, c->txbuf.nspares, 2U);
	tquic_streams_free(c);
	tquic_txbuf_free(c);
}

static struct kunit_case tquic_stream_cases[] = {
	KUNIT_CASE(stream_ooo_tiny_pieces),
	KUNIT_CASE(stream_ooo_shuffled),
	KUNIT_CASE(stream_ooo_in_order),
	KUNIT_CASE(stream_send_lookup),
	KUNIT_CASE(stream_send_pieces),
	{}
};

static struct kunit_suite tquic_stream_suite = {
	.name = "tquic_stream",
	.exit = stream_exit,
	.test_cases = tquic_stream_cases,
};

kunit_test_suite(tquic_stream_suite);
