// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: receiving UDP super-packets (GRO on receive).
 *
 * With net.tquic.gro (the default) the shared UDP sockets take UDP GSO
 * packets (udp_allow_gso()) and are read from their queue (udp.c,
 * tquic_udp_data_ready()): a tunnel socket's encap_rcv would get every
 * such packet cut into datagrams by the UDP layer first.  They come as
 * skbs of several datagrams, gso_size bytes each and the last one maybe
 * shorter: the trains another sender built with UDP GSO, which cross a
 * veth pair or loopback whole.  (Datagrams a device's NAPI could merge
 * are not asked for: reading a merged skb's pages in place is not done,
 * and copying them out would cost more than it saves.)
 *
 * A linear super-packet whose datagrams are all short header packets for
 * one connection ID goes to that connection whole: one lookup, one trip
 * through the socket's queue, and the connection reads its datagrams in
 * place (tquic_conn_rcv_one()), their stream data handed to the reader
 * as clones of it.  Anything else (in pages, as a sender's UDP_SEGMENT
 * builds it; long headers; datagrams for several IDs or for none we
 * know) is cut into datagrams here, each read on its own (GroSplit).
 */
#include <linux/skbuff.h>

#include "packet.h"
#include "tquic.h"

/**
 * tquic_gro_uniform - @len bytes of datagrams of @seg bytes each (the
 *	last maybe shorter) are all short header packets whose first
 *	@cid_len bytes of destination connection ID are the same
 * @d: the first datagram
 * @len: bytes of all of them
 * @seg: the size of each
 * @cid_len: the length of our connection IDs
 *
 * Return: true when they may go to one connection whole.
 */
bool tquic_gro_uniform(const u8 *d, size_t len, unsigned int seg,
		       unsigned int cid_len)
{
	size_t off;

	if (!seg || len <= seg)
		return false;
	for (off = 0; off < len; off += seg) {
		if (len - off < 1 + cid_len || (d[off] & TQUIC_HDR_LONG))
			return false;
		if (off && memcmp(d + off + 1, d + 1, cid_len))
			return false;
	}
	return true;
}
EXPORT_SYMBOL_GPL(tquic_gro_uniform);

/**
 * tquic_gro_whole - @skb, a UDP GSO skb with skb->data past its UDP
 *	header, may go to one connection whole
 * @skb: the super-packet
 * @cid_len: the length of our connection IDs
 */
bool tquic_gro_whole(const struct sk_buff *skb, unsigned int cid_len)
{
	const struct skb_shared_info *si = skb_shinfo(skb);

	if (!(si->gso_type & SKB_GSO_UDP_L4) || skb_is_nonlinear(skb))
		return false;
	return tquic_gro_uniform(skb->data, skb->len, si->gso_size, cid_len);
}

/**
 * tquic_gro_copy - a datagram of its own for the @len bytes @off bytes
 *	into @skb, with @skb's IP and UDP headers (for its addresses) and
 *	control block
 * @skb: a super-packet, skb->data past its UDP header; paged or not
 * @off: where the bytes start, from skb->data
 * @len: how many
 *
 * Return: the copy, skb->data at the bytes, or NULL without memory.
 */
struct sk_buff *tquic_gro_copy(const struct sk_buff *skb, unsigned int off,
			       unsigned int len)
{
	unsigned int hdr = skb->data - skb_network_header(skb);
	struct sk_buff *n;

	n = alloc_skb(hdr + len, GFP_ATOMIC);
	if (!n)
		return NULL;
	skb_put_data(n, skb_network_header(skb), hdr);
	skb_reset_network_header(n);
	skb_set_transport_header(n, skb_transport_header(skb) -
				 skb_network_header(skb));
	__skb_pull(n, hdr);
	if (skb_copy_bits(skb, off, skb_put(n, len), len)) {
		kfree_skb(n);
		return NULL;
	}
	n->protocol = skb->protocol;
	n->skb_iif = skb->skb_iif;
	n->tstamp = skb->tstamp;
	memcpy(n->cb, skb->cb, sizeof(n->cb));
	return n;
}

/**
 * tquic_gro_split - cut a UDP GSO skb into its datagrams
 * @skb: the super-packet, skb->data past its UDP header; consumed
 *
 * Each datagram is copied out (a device's merged packets sit in pages).
 * Return: the list of datagrams (skb->next), each with skb->data past
 * its UDP header; those without memory are left out.
 */
struct sk_buff *tquic_gro_split(struct sk_buff *skb)
{
	unsigned int seg = skb_shinfo(skb)->gso_size, off;
	struct sk_buff *head = NULL, **tail = &head, *n;

	for (off = 0; seg && off < skb->len; off += seg) {
		n = tquic_gro_copy(skb, off, min(seg, skb->len - off));
		if (!n)
			break;
		*tail = n;
		tail = &n->next;
	}
	consume_skb(skb);	/* copied out */
	return head;
}
