// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: send-side memory kept for reuse.
 *
 * Kernels built with CONFIG_INIT_ON_ALLOC_DEFAULT_ON (Debian's are) clear
 * every page they hand out, so each byte a connection sends had its
 * memory cleared twice before it was written: in the send buffer piece
 * the writer's data is copied into, and in the train its packets are
 * sealed into.  In a bulk transfer under TCG that clearing took about a
 * seventh of the sender's CPU time.  A connection therefore keeps what
 * it used for the next data:
 *
 * Train pages.  Trains (output.c) are built with build_skb() on compound
 * pages the connection keeps in a ring, holding one reference of its own
 * on each.  When the skb and every clone of it are freed (after the
 * device sent it, or on a veth or loopback path after the receiver read
 * it) the page's count is back to 1, ours alone, and the next train is
 * built on it as it is.  A page still in use stays in the ring while the
 * others are tried; when none is free, a new page takes a slot not used
 * yet or, in a full ring, the slot after the last one used, whose page
 * is given up (it is freed with its last skb).  The ring has
 * TQUIC_TXPAGES_MIN slots, more with a larger send buffer: twice the
 * send buffer's worth of pages, up to TQUIC_TXPAGES.  A reader on this
 * host that lags holds the sender's pages: in the 100 MiB bench over
 * veth (6.12), once the receiver read its datagrams in batches as it
 * let go of its socket, 64 slots left 71% of the trains (3,411 of
 * 4,798) to pages allocated and cleared afresh, about a twentieth of the
 * sender's CPU time; 256 slots (a send buffer at tcp_wmem's 4 MiB) 4%.
 *
 * Send buffer pieces.  A full piece (TQUIC_SBUF_ALLOC bytes) whose data
 * was acknowledged is kept for the writer's next data: TQUIC_SBUF_SPARES
 * of them always, more while the spares stay within the socket's send
 * buffer (sk_sndbuf), so a connection holds at most twice its send
 * buffer in pieces.  With two only, a bulk sender allocated (and the
 * kernel cleared) about half its pieces afresh (selftest
 * st.send_pieces_reused: 140 of 257; now 10): an acknowledgment frees
 * many pieces at once, the writer takes them back one at a time.
 *
 * Both are given back when nothing the connection sent is in flight on
 * any path and nothing waits to be sent (no stream data buffered, no
 * datagram queued): at the acknowledgment or loss that emptied the last
 * path's window.  So only a connection that is sending holds them - one
 * that sends only DATAGRAM frames (oxtunnel's transport) as much as a
 * stream writer - at most TQUIC_TXPAGES pages of the train size's
 * order (256 x 32 KiB with 1472-byte datagrams, with a send buffer of 4
 * MiB; 64 x 32 KiB up to 1 MiB) and its send buffer's size in pieces.
 *
 * Locking: the socket lock (owned, or held from softirq).
 */
#include <linux/mm.h>
#include <linux/skbuff.h>

#include "conn.h"
#include "path.h"
#include "tquic.h"

/**
 * tquic_txbuf_init - nothing kept yet
 * @c: connection
 */
void tquic_txbuf_init(struct tquic_conn *c)
{
	INIT_LIST_HEAD(&c->txbuf.spares);
}

/**
 * tquic_txbuf_free - give back the pages and pieces kept
 * @c: connection; caller holds the socket lock, or the connection is
 *	being freed
 *
 * A page an skb still holds is freed with that skb.
 */
void tquic_txbuf_free(struct tquic_conn *c)
{
	struct tquic_txbuf *t = &c->txbuf;
	struct tquic_sbuf *b, *tmp;
	unsigned int i;

	for (i = 0; i < TQUIC_TXPAGES; i++) {
		if (t->pages[i]) {
			put_page(t->pages[i]);
			t->pages[i] = NULL;
		}
	}
	t->next = 0;
	list_for_each_entry_safe(b, tmp, &t->spares, node) {
		list_del(&b->node);
		kvfree(b);
	}
	t->nspares = 0;
}

/**
 * tquic_txbuf_idle - give back what is kept once the connection is idle
 * @c: connection; caller holds the socket lock
 *
 * Idle: nothing in flight on any path, no stream data buffered (sent or
 * not) and no datagram queued.
 */
void tquic_txbuf_idle(struct tquic_conn *c)
{
	struct tquic_path *p;

	if (c->tx_buffered || !skb_queue_empty(&c->dgram_q))
		return;
	tquic_path_for_each(c, p)
		if (p->cc.in_flight)
			return;
	tquic_txbuf_free(c);
}

/**
 * tquic_txbuf_count - what the connection keeps now
 * @c: connection; caller holds the socket lock
 * @pages: train pages
 * @spares: send buffer pieces
 */
void tquic_txbuf_count(const struct tquic_conn *c, u32 *pages, u32 *spares)
{
	unsigned int i;

	*pages = 0;
	for (i = 0; i < TQUIC_TXPAGES; i++)
		*pages += !!c->txbuf.pages[i];
	*spares = c->txbuf.nspares;
}

/* The train pages of order @order @c may keep: twice its send buffer's
 * worth (the pages of what is in flight, and of what a receiver on this
 * host has not read yet), within TQUIC_TXPAGES_MIN and TQUIC_TXPAGES
 */
static unsigned int tquic_txbuf_slots(const struct tquic_conn *c,
				      unsigned int order)
{
	unsigned long n = 2UL * READ_ONCE(c->sk->sk_sndbuf);

	n >>= PAGE_SHIFT + order;
	return clamp_t(unsigned long, n, TQUIC_TXPAGES_MIN, TQUIC_TXPAGES);
}

/**
 * tquic_txbuf_skb - an skb with room for @size bytes, on a kept page
 * @c: connection; caller holds the socket lock
 * @size: bytes of headroom and data wanted
 *
 * Return: a linear skb (its head a page fragment), or NULL when no
 * page could be had.
 */
struct sk_buff *tquic_txbuf_skb(struct tquic_conn *c, unsigned int size)
{
	struct tquic_txbuf *t = &c->txbuf;
	unsigned int order, i, slot, slots, empty;
	struct sk_buff *skb;
	struct page *page;

	order = get_order(SKB_DATA_ALIGN(size) +
			  SKB_DATA_ALIGN(sizeof(struct skb_shared_info)));
	slots = tquic_txbuf_slots(c, order);
	empty = slots;
	for (i = 0; i < slots; i++) {
		slot = (t->next + i) % slots;
		page = t->pages[slot];
		if (!page) {
			if (empty == slots)
				empty = slot;
		} else if (page_ref_count(page) == 1 &&
			   compound_order(page) >= order) {
			TQUIC_INC_STATS(c->net, TQUIC_MIB_TRAIN_PAGES_REUSED);
			goto found;
		}
	}
	/* A slot not used yet, else the next one's page goes */
	slot = empty < slots ? empty : t->next % slots;
	page = alloc_pages(GFP_ATOMIC | __GFP_COMP | __GFP_NOWARN |
			   __GFP_NORETRY, order);
	if (!page)
		return NULL;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_TRAIN_PAGES_NEW);
	if (t->pages[slot])
		put_page(t->pages[slot]);
	t->pages[slot] = page;
found:
	t->next = (slot + 1) % slots;
	skb = build_skb(page_address(page), PAGE_SIZE << compound_order(page));
	if (!skb)
		return NULL;
	get_page(page);		/* the skb's, put by skb_free_frag() */
	return skb;
}

/**
 * tquic_sbuf_alloc - a send buffer piece for @n bytes of stream data
 * @c: connection; caller holds the socket lock (owned: may sleep)
 * @n: bytes, at most TQUIC_SBUF_MAX
 *
 * A piece more than half full is a full one, taken from the spares when
 * there is one.
 *
 * Return: the piece (->data room for @n bytes at least), or NULL.
 */
struct tquic_sbuf *tquic_sbuf_alloc(struct tquic_conn *c, size_t n)
{
	struct tquic_txbuf *t = &c->txbuf;
	struct tquic_sbuf *b;
	size_t size = struct_size(b, data, n);

	if (size > TQUIC_SBUF_ALLOC / 2) {
		if (t->nspares) {
			b = list_first_entry(&t->spares, struct tquic_sbuf,
					     node);
			list_del(&b->node);
			t->nspares--;
			TQUIC_INC_STATS(c->net, TQUIC_MIB_SEND_PIECES_REUSED);
			return b;
		}
		size = TQUIC_SBUF_ALLOC;
	}
	b = kvmalloc(size, GFP_KERNEL);
	if (!b)
		return NULL;
	b->size = size;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_SEND_PIECES_NEW);
	return b;
}

/**
 * tquic_sbuf_free - a piece whose data is done with
 * @c: connection; caller holds the socket lock
 * @b: the piece, off every list
 */
void tquic_sbuf_free(struct tquic_conn *c, struct tquic_sbuf *b)
{
	struct tquic_txbuf *t = &c->txbuf;

	if (b->size == TQUIC_SBUF_ALLOC &&
	    (t->nspares < TQUIC_SBUF_SPARES ||
	     (t->nspares + 1) * TQUIC_SBUF_ALLOC <=
	     READ_ONCE(c->sk->sk_sndbuf))) {
		list_add(&b->node, &t->spares);
		t->nspares++;
		return;
	}
	kvfree(b);
}
