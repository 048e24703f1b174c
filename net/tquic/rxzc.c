// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: stream data opened straight into a waiting reader's buffer.
 *
 * A reader that finds nothing queued and is about to sleep in recvmsg()
 * lends the connection its buffer: the pages behind it are pinned
 * (tquic_rx_zc_arm()), and until the reader wakes, a 1-RTT packet that
 * carries the next bytes of the stream the reader last read is opened
 * out of place - from the datagram into those pages - instead of in
 * place and copied out later.  The datagram's bytes are left as they
 * came (over veth or loopback they are the sender's page).
 *
 * Which bytes of the plaintext are stream data has to be known before
 * the packet is opened.  The expected frame is the one a sender writes
 * when the data fills the packet: a STREAM frame first, its type with
 * the Offset bit (from the first byte on) and without Length, the
 * stream ID and the offset as the shortest varints, the data running to
 * the packet's end (RFC 9000, 19.8).  So the header, and the frame
 * header, go to a scratch buffer, the rest to the reader's pages.  Once
 * the packet authenticates, the frame header is compared with the one
 * expected (the FIN bit aside); a packet that holds something else is
 * put back together in place (its plaintext copied back from the
 * reader's pages: RxZeroCopyMisses) and read as any other.  What the
 * frames then do is decided by input.c and stream.c as for any packet:
 * the flow control and final size checks, then the data counts as
 * delivered (tquic_rx_zc_take()) instead of being queued.
 *
 * Order: bytes are placed only while the socket's receive queue is
 * empty, so whatever is queued later (another stream, an event, data
 * that came out of order) is read after them.  The reader returns what
 * was placed as soon as it wakes (tquic_rx_zc_disarm()).
 *
 * Locking: everything here runs under the socket lock (owned, or
 * bh_lock_sock() in softirq); the reader sleeps with the buffer lent,
 * and reads tquic_rx_zc_ready() without the lock.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "conn.h"
#include "crypto.h"
#include "event.h"
#include "frame.h"
#include "rxzc.h"
#include "stream.h"
#include "tquic.h"

/* Reader pages lent at most (bytes and pieces) */
#define TQUIC_ZC_MAX_BYTES	(256 * 1024)
#define TQUIC_ZC_BVECS		68
/* A lent buffer shorter than this is not worth pinning */
#define TQUIC_ZC_MIN_BYTES	4096
/* The scatterlist of one packet: the scratch, then reader pages */
#define TQUIC_ZC_SG		8
/* Plaintext bytes read ahead to find the STREAM frame (tquic_peek()) */
#define TQUIC_ZC_PEEK		64
/* A short header (1 + 20 + 4), then the frames up to the data */
#define TQUIC_ZC_SCRATCH	(32 + TQUIC_ZC_PEEK)
#define TQUIC_ZC_FH_MAX		17
/* Packets in a row that were something else: the peer writes its
 * frames otherwise, and the connection stops trying
 */
#define TQUIC_ZC_MISSES		32

/**
 * struct tquic_rx_zc - a reader's buffer lent to its connection
 * @bv: the pinned pages, in the buffer's order
 * @nbv: how many
 * @len: bytes pinned
 * @filled: bytes placed, from the start
 * @written: bytes from the start that opening wrote to (placed, or of
 *	a packet that failed or was put back)
 * @cur: the piece @filled is in
 * @cur_off: and where in it
 * @stream_id: the stream whose bytes go there
 * @armed: lent now
 * @fin: the stream's last byte was placed
 * @misses: packets in a row that were not the expected frame
 * @scratch: the packet header and the frame header; in a scatterlist
 */
struct tquic_rx_zc {
	struct bio_vec bv[TQUIC_ZC_BVECS];
	unsigned int nbv;
	size_t len;
	size_t filled;
	size_t written;
	unsigned int cur;
	unsigned int cur_off;
	u64 stream_id;
	bool armed;
	bool fin;
	u8 misses;
	u8 scratch[TQUIC_ZC_SCRATCH];
};

/**
 * tquic_rx_zc_arm - lend the reader's buffer before it sleeps
 * @c: connection; caller owns the socket
 * @msg: the reader's message; its iterator moves past the pages pinned
 *	(tquic_rx_zc_disarm() moves it back to what was placed)
 * @len: its room
 * @flags: recvmsg() flags
 *
 * Return: true when lent.
 */
bool tquic_rx_zc_arm(struct tquic_conn *c, struct msghdr *msg, size_t len,
		     int flags)
{
	struct tquic_rx_zc *z = c->rx_zc;
	struct page *pages[16];
	struct tquic_stream *s;
	size_t want, start;
	ssize_t got;
	int i;

	if (!c->rx_zc_on || c->rx_zc_stream < 0 || (flags & MSG_PEEK) ||
	    len < TQUIC_ZC_MIN_BYTES || !user_backed_iter(&msg->msg_iter) ||
	    c->state != TQUIC_CONN_ESTABLISHED)
		return false;
	s = tquic_stream_find(c, c->rx_zc_stream);
	if (!s || s->rx_fin_queued)
		return false;
	if (!z) {
		z = kzalloc(sizeof(*z), GFP_KERNEL);
		if (!z)
			return false;
		WRITE_ONCE(c->rx_zc, z);
	}
	if (z->misses >= TQUIC_ZC_MISSES)
		return false;
	want = min_t(size_t, len, TQUIC_ZC_MAX_BYTES);
	z->nbv = 0;
	z->len = 0;
	while (z->len < want && z->nbv < TQUIC_ZC_BVECS) {
		got = iov_iter_get_pages2(&msg->msg_iter, pages, want - z->len,
					  min_t(unsigned int, ARRAY_SIZE(pages),
						TQUIC_ZC_BVECS - z->nbv),
					  &start);
		if (got <= 0)
			break;
		z->len += got;
		for (i = 0; got > 0; i++) {
			struct bio_vec *b = &z->bv[z->nbv++];

			b->bv_page = pages[i];
			b->bv_offset = start;
			b->bv_len = min_t(size_t, got, PAGE_SIZE - start);
			got -= b->bv_len;
			start = 0;
		}
	}
	if (!z->len)
		return false;
	z->filled = 0;
	z->written = 0;
	z->cur = 0;
	z->cur_off = 0;
	z->stream_id = c->rx_zc_stream;
	z->fin = false;
	c->rx_zc_placed = NULL;
	z->armed = true;
	return true;
}

/**
 * tquic_rx_zc_ready - something was placed for the sleeping reader
 * @c: connection (read without the socket lock)
 */
bool tquic_rx_zc_ready(const struct tquic_conn *c)
{
	const struct tquic_rx_zc *z = READ_ONCE(c->rx_zc);

	return z && (READ_ONCE(z->filled) || READ_ONCE(z->fin));
}

/**
 * tquic_rx_zc_fits - a datagram of @len bytes may still be placed: the
 *	lent buffer has room for it and nothing was queued since it was lent
 * @c: connection; caller owns the socket
 * @len: the datagram's length (more than its stream data)
 */
bool tquic_rx_zc_fits(const struct tquic_conn *c, size_t len)
{
	const struct tquic_rx_zc *z = c->rx_zc;

	return z && z->armed && z->misses < TQUIC_ZC_MISSES &&
	       len <= z->len - z->filled && !z->fin &&
	       skb_queue_empty(&c->sk->sk_receive_queue);
}

/**
 * tquic_rx_zc_disarm - take the reader's buffer back
 * @c: connection; caller owns the socket
 * @msg: the reader's message, as tquic_rx_zc_arm() had it
 * @id: set to the stream the buffer was lent for
 * @fin: set when the stream's end was placed
 *
 * Return: the bytes placed (the iterator is past them).
 */
size_t tquic_rx_zc_disarm(struct tquic_conn *c, struct msghdr *msg, u64 *id,
			  bool *fin)
{
	struct tquic_rx_zc *z = c->rx_zc;
	size_t n, at = 0;
	unsigned int i;

	z->armed = false;
	c->rx_zc_placed = NULL;
	/* The pages written through the kernel's mapping are marked dirty,
	 * as a write through the reader's would have (a clean page of a
	 * file, or one in the swap cache, would otherwise lose it).
	 */
	for (i = 0; i < z->nbv; i++) {
		if (at < z->written)
			set_page_dirty_lock(z->bv[i].bv_page);
		at += z->bv[i].bv_len;
		put_page(z->bv[i].bv_page);
	}
	z->nbv = 0;
	n = z->filled;
	iov_iter_revert(&msg->msg_iter, z->len - n);
	*id = z->stream_id;
	*fin = z->fin;
	WRITE_ONCE(z->filled, 0);
	WRITE_ONCE(z->fin, false);
	return n;
}

/**
 * tquic_rx_zc_free - the connection goes
 * @c: connection
 */
void tquic_rx_zc_free(struct tquic_conn *c)
{
	kfree(c->rx_zc);
	c->rx_zc = NULL;
}

/* The STREAM frame header expected next for @s in @fh; its length */
static unsigned int tquic_rx_zc_expect(const struct tquic_stream *s, u8 *fh)
{
	unsigned int n = 1;

	fh[0] = TQUIC_FT_STREAM | (s->rx_recv ? TQUIC_STREAM_OFF : 0);
	n += tquic_varint_encode(fh + n, TQUIC_ZC_FH_MAX - n, s->id);
	if (s->rx_recv)
		n += tquic_varint_encode(fh + n, TQUIC_ZC_FH_MAX - n,
					 s->rx_recv);
	return n;
}

/* The next at most @len bytes of the lent pages from the cursor (*@i,
 * *@off: a piece and where in it), which moves past them
 */
static struct bio_vec tquic_rx_zc_piece(const struct tquic_rx_zc *z,
					unsigned int *i, unsigned int *off,
					size_t len)
{
	struct bio_vec b = {
		.bv_page = z->bv[*i].bv_page,
		.bv_offset = z->bv[*i].bv_offset + *off,
		.bv_len = min_t(size_t, len, z->bv[*i].bv_len - *off),
	};

	*off += b.bv_len;
	if (*off == z->bv[*i].bv_len) {
		(*i)++;
		*off = 0;
	}
	return b;
}

/* The reader pages for @len bytes from z->filled, after the scratch
 * entry; the number of entries, 0 when they take too many.
 */
static unsigned int tquic_rx_zc_sg(struct tquic_rx_zc *z,
				   struct scatterlist *sg, size_t len)
{
	unsigned int i = z->cur, off = z->cur_off, k = 1;
	struct bio_vec b;

	while (len) {
		if (k == TQUIC_ZC_SG || i == z->nbv)
			return 0;
		b = tquic_rx_zc_piece(z, &i, &off, len);
		sg_set_page(&sg[k++], b.bv_page, b.bv_len, b.bv_offset);
		len -= b.bv_len;
	}
	sg_mark_end(&sg[k - 1]);
	return k;
}

/* Copy @len bytes placed at z->filled back to @to. */
static void tquic_rx_zc_copy_back(const struct tquic_rx_zc *z, u8 *to,
				  size_t len)
{
	unsigned int i = z->cur, off = z->cur_off;
	struct bio_vec b;

	while (len) {
		b = tquic_rx_zc_piece(z, &i, &off, len);
		memcpy_from_page(to, b.bv_page, b.bv_offset, b.bv_len);
		to += b.bv_len;
		len -= b.bv_len;
	}
}

/* Where the data of @s's next bytes starts in a packet whose plaintext
 * begins with @peek (@n bytes, read before authentication, so only to
 * decide where to open it): after the frames before it, if any, and its
 * STREAM frame's header, the expected one (@fh, @fh_len bytes; FIN
 * aside).  0 when they are not there, or not within @n bytes.
 */
static size_t tquic_rx_zc_find(const u8 *peek, size_t n, const u8 *fh,
			       unsigned int fh_len)
{
	struct tquic_frame f;
	size_t off = 0;
	u64 terr;
	int len;

	while (off < n) {
		if (tquic_ft_is_stream(peek[off])) {
			if (off + fh_len > n ||
			    (peek[off] & ~TQUIC_STREAM_FIN) != fh[0] ||
			    memcmp(peek + off + 1, fh + 1, fh_len - 1))
				return 0;
			return off + fh_len;
		}
		len = tquic_frame_decode(peek + off, n - off, TQUIC_PKT_1RTT,
					 &f, &terr);
		if (len <= 0)
			return 0;
		off += len;
	}
	return 0;
}

/**
 * tquic_rx_zc_open - open a 1-RTT packet into the lent buffer
 * @c: connection
 * @k: the packet's key
 * @path_id: its path ID
 * @pn: its packet number
 * @pkt: the packet, header protection removed
 * @hdr_len: header length
 * @len: packet length
 *
 * The first bytes of the plaintext are read ahead (tquic_peek()) to find
 * the STREAM frame with the reader's next bytes, running to the end of
 * the packet: what comes before its data goes to a scratch buffer, its
 * data to the reader's pages.  On success the frames up to the data are
 * at @pkt + @hdr_len as in place, and c->rx_zc_placed points where the
 * data would be (tquic_rx_zc_take() finds it there).  A packet that
 * turns out otherwise once authenticated is put back together in place.
 * Return: as tquic_open_path(), or -ENOENT when not tried (the caller
 * opens it in place).
 */
int tquic_rx_zc_open(struct tquic_conn *c, const struct tquic_pp_key *k,
		     u32 path_id, u64 pn, u8 *pkt, size_t hdr_len,
		     size_t len)
{
	struct scatterlist src, dst[TQUIC_ZC_SG];
	struct tquic_rx_zc *z = c->rx_zc;
	u8 fh[TQUIC_ZC_FH_MAX], peek[TQUIC_ZC_PEEK];
	struct tquic_stream *s;
	size_t plen, data, at, n;
	unsigned int fh_len;
	int err;

	if (!z || !z->armed || z->misses >= TQUIC_ZC_MISSES ||
	    len < hdr_len + TQUIC_TAG_LEN || hdr_len > 32 ||
	    !skb_queue_empty(&c->sk->sk_receive_queue))
		return -ENOENT;
	s = tquic_stream_find(c, z->stream_id);
	if (!s || s->rx_fin_queued)
		return -ENOENT;
	fh_len = tquic_rx_zc_expect(s, fh);
	plen = len - hdr_len - TQUIC_TAG_LEN;
	/* Mostly the STREAM frame comes first: one block tells */
	n = min_t(size_t, plen, 16);
	if (tquic_peek(k, path_id, pn, pkt + hdr_len, n, peek))
		return -ENOENT;
	if (!tquic_ft_is_stream(peek[0]) || fh_len > n) {
		n = min_t(size_t, plen, TQUIC_ZC_PEEK);
		if (tquic_peek(k, path_id, pn, pkt + hdr_len, n, peek))
			return -ENOENT;
	}
	at = tquic_rx_zc_find(peek, n, fh, fh_len);
	if (!at || at >= plen)
		return -ENOENT;
	data = plen - at;
	if (data > z->len - z->filled)
		return -ENOENT;
	sg_init_table(dst, TQUIC_ZC_SG);
	if (!tquic_rx_zc_sg(z, dst, data))
		return -ENOENT;
	sg_set_buf(&dst[0], z->scratch, hdr_len + at);
	sg_init_one(&src, pkt, len);
	z->written = max(z->written, z->filled + data);
	err = tquic_open_sg(k, path_id, pn, &src, dst, hdr_len, len);
	if (err < 0)
		return err;	/* @pkt as it came; the reader's pages unread */
	memcpy(pkt + hdr_len, z->scratch + hdr_len, at);
	if (memcmp(pkt + hdr_len, peek, at)) {
		/* Not what was read ahead: forged with the right tag?
		 * Read it as any other.
		 */
		tquic_rx_zc_copy_back(z, pkt + hdr_len + at, data);
		z->misses++;
		TQUIC_INC_STATS(c->net, TQUIC_MIB_RX_ZEROCOPY_MISSES);
		return err;
	}
	z->misses = 0;
	c->rx_zc_placed = pkt + hdr_len + at;
	return err;
}

/**
 * tquic_rx_zc_take - the data of a STREAM frame of @s, which its checks
 *	let through, counts as delivered if it is in the reader's pages
 * @c: connection
 * @s: the frame's stream
 * @data: the frame's data, at @s's read position
 * @len: its length
 *
 * Return: true when it was placed (nothing to queue).
 */
bool tquic_rx_zc_take(struct tquic_conn *c, struct tquic_stream *s,
		      const u8 *data, size_t len)
{
	struct tquic_rx_zc *z = c->rx_zc;
	size_t left = len;

	if (!data || data != c->rx_zc_placed)
		return false;
	c->rx_zc_placed = NULL;
	while (left)
		left -= tquic_rx_zc_piece(z, &z->cur, &z->cur_off, left).bv_len;
	s->rx_recv += len;
	WRITE_ONCE(z->filled, z->filled + len);
	TQUIC_ADD_STATS(c->net, TQUIC_MIB_RX_ZEROCOPY_BYTES, len);
	if (s->rx_recv == s->rx_final) {
		s->rx_fin_queued = true;
		WRITE_ONCE(z->fin, true);
		tquic_event_stream(c, s->id, TQUIC_STREAM_UPDATE_RECVD, 0,
				   s->rx_final);
	}
	return true;
}
