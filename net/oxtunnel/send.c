// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: transmit.  ndo_start_xmit finds the peer by the inner
 * destination (allowed IPs), segments GSO packets, and seals each packet
 * with the current session's keys on the sending CPU - transmit runs in
 * parallel on every CPU that sends, and packets of one flow (one CPU)
 * stay in order.  Without a session, packets wait on the peer's staged
 * queue while a handshake runs.
 *
 * A session packet: header (flags, seq = the session's send counter,
 * len), the receiver's index, then the inner packet - sealed with
 * ChaCha20-Poly1305 (nonce = seq, associated data = header + index) when
 * encryption is on, in the clear otherwise.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>

#include "compat.h"
#include "oxtunnel.h"
#include "wire.h"

static void oxt_tx_unreachable(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else if (IS_ENABLED(CONFIG_IPV6) && skb->protocol == htons(ETH_P_IPV6))
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH,
				0);
}

/* Make @skb one linear, writable buffer with room for our header in
 * front and the tag behind, and complete any pending checksum.
 */
static int oxt_tx_prepare(struct sk_buff *skb, unsigned int tail)
{
	int hdr = max_t(int, 0, OXT_TX_HEADROOM - (int)skb_headroom(skb));
	int tl = max_t(int, 0, (int)tail - (int)skb_tailroom(skb));

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return -EINVAL;
	if (skb_linearize(skb))
		return -ENOMEM;
	if (hdr || tl || skb_cloned(skb)) {
		if (pskb_expand_head(skb, hdr ? hdr + 32 : 0, tl, GFP_ATOMIC))
			return -ENOMEM;
	}
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/**
 * oxt_seal_prepare - make @skb (an inner packet, a batch or a control
 * body) a session packet under @kp, all but the encryption
 * @oxt: the device
 * @kp: the session
 * @skb: the packet
 * @flags: OXT_F_* besides ENCRYPTED
 * @encrypt: to be sealed with the AEAD (room for the tag is added)
 * @seqp: the sequence number it got
 * @lenp: the payload length to seal
 *
 * Return: 0, -EMSGSIZE if the session's counter is spent, -ENOMEM.
 */
static int oxt_seal_prepare(struct oxt_dev *oxt, struct oxt_keypair *kp,
			    struct sk_buff *skb, u8 flags, bool encrypt,
			    u64 *seqp, unsigned int *lenp)
{
	unsigned int len = skb->len, tag = encrypt ? OXT_TAG_LEN : 0;
	struct oxt_hdr h;
	u64 seq;
	u8 *hdr;

	if (oxt_tx_prepare(skb, tag))
		return -ENOMEM;
	seq = atomic64_inc_return(&kp->send_counter) - 1;
	if (seq >= OXT_REJECT_MESSAGES)
		return -EMSGSIZE;
	if (OXT_INDEX_LEN + len + tag > U16_MAX)
		return -EMSGSIZE;
	h.flags = flags | (encrypt ? OXT_F_ENCRYPTED : 0);
	h.seq = seq;
	h.len = OXT_INDEX_LEN + len + tag;
	hdr = skb_push(skb, OXT_DATA_HDR_LEN);
	oxt_hdr_put(hdr, &h);
	put_unaligned_le32(kp->remote_index, hdr + OXT_HDR_LEN);
	if (encrypt)
		skb_put(skb, tag);
	*seqp = seq;
	*lenp = len;
	return 0;
}

/* Seal a prepared packet in place (nonce = @seq, AD = header + index). */
static void oxt_seal_encrypt(struct oxt_keypair *kp, struct sk_buff *skb,
			     u64 seq, unsigned int len)
{
	u8 *hdr = skb->data;

	chacha20poly1305_encrypt(hdr + OXT_DATA_HDR_LEN,
				 hdr + OXT_DATA_HDR_LEN, len, hdr,
				 OXT_DATA_HDR_LEN, seq, kp->keys.send);
}

static int oxt_seal(struct oxt_dev *oxt, struct oxt_keypair *kp,
		    struct sk_buff *skb, u8 flags, bool encrypt)
{
	unsigned int len;
	u64 seq;
	int err;

	err = oxt_seal_prepare(oxt, kp, skb, flags, encrypt, &seq, &len);
	if (!err && encrypt)
		oxt_seal_encrypt(kp, skb, seq, len);
	return err;
}

/**
 * oxt_send_counted - hand a finished datagram (or a GSO packet of them)
 * to UDP and count it for the peer
 * @peer: the peer
 * @skb: the packet (consumed)
 * @tos: outer TOS
 * @bytes: inner bytes it carries
 * @count: inner packets it carries
 *
 * A failure is counted here (TxRoute).  The device's tx counters are
 * kept by iptunnel_xmit_stats().  BH disabled.
 *
 * Return: true when it was sent.
 */
bool oxt_send_counted(struct oxt_peer *peer, struct sk_buff *skb, u8 tos,
		      unsigned int bytes, unsigned int count)
{
	struct oxt_dev *oxt = peer->oxt;

	if (oxt_socket_send(peer, skb, tos)) {
		oxt_stat_inc(oxt, OXT_STAT_TX_ROUTE);
		dev_core_stats_tx_dropped_inc(oxt->dev);
		return false;
	}
	atomic64_add(bytes, &peer->tx_bytes);
	atomic64_add(count, &peer->tx_packets);
	return true;
}

/**
 * oxt_send_sealed - hand a sealed session packet to UDP and count it
 * @peer: the peer
 * @skb: the packet (consumed)
 * @tos: outer TOS
 * @bytes: inner bytes it carries
 * @count: inner packets it carries (a batch: more than one)
 *
 * oxt_send_counted(), and a batch counted as one.  BH disabled.
 */
void oxt_send_sealed(struct oxt_peer *peer, struct sk_buff *skb, u8 tos,
		     unsigned int bytes, unsigned int count)
{
	struct oxt_dev *oxt = peer->oxt;

	if (oxt_send_counted(peer, skb, tos, bytes, count) && count > 1) {
		oxt_stat_inc(oxt, OXT_STAT_TX_BATCHES);
		oxt_stat_add(oxt, OXT_STAT_TX_BATCHED, count);
	}
}

/* Packets sealed together, on one CPU, in one trip through padata:
 * fewer trips cost less than the spread over CPUs that finer lists
 * give (a TCP GSO packet is two lists; measured: 32 ~ 64 > 16 > 8 ~ 1).
 */
#define OXT_SEAL_CHUNK	32

/* Seal and send the packets waiting in @sl: on all CPUs, in order, when
 * that is possible; else here.
 */
static void oxt_seal_flush(struct oxt_peer *peer, struct oxt_keypair *kp,
			   struct oxt_seal_list *sl)
{
	struct sk_buff *skb, *next, *list = sl->head;
	struct oxt_tx_cb cb;

	sl->head = NULL;
	sl->tail = &sl->head;
	sl->n = 0;
	if (!list || !oxt_crypt_seal(kp, list))
		return;
	skb_list_walk_safe(list, skb, next) {
		skb_mark_not_on_list(skb);
		cb = *OXT_TX_CB(skb);
		oxt_seal_encrypt(kp, skb, cb.seq, cb.len);
		oxt_send_sealed(peer, skb, cb.tos, cb.bytes, cb.count);
	}
}

/* Seal @skb and send it, or (encrypted) add it to @sl, which goes when
 * it is full or the caller flushes it.  Consumes @skb.  Return: 0 or a
 * seal error.
 */
static int oxt_seal_send(struct oxt_peer *peer, struct oxt_keypair *kp,
			 struct sk_buff *skb, u8 flags, u8 tos,
			 unsigned int bytes, unsigned int count,
			 struct oxt_seal_list *sl)
{
	bool encrypt = READ_ONCE(peer->oxt->encryption);
	struct oxt_tx_cb *cb;
	unsigned int len;
	u64 seq;
	int err;

	err = oxt_seal_prepare(peer->oxt, kp, skb, flags, encrypt, &seq, &len);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	if (!encrypt) {
		oxt_send_sealed(peer, skb, tos, bytes, count);
		return 0;
	}
	cb = OXT_TX_CB(skb);
	*cb = (struct oxt_tx_cb) { .seq = seq, .len = len, .bytes = bytes,
				   .count = count, .tos = tos };
	skb->next = NULL;
	*sl->tail = skb;
	sl->tail = &skb->next;
	if (++sl->n >= OXT_SEAL_CHUNK)
		oxt_seal_flush(peer, kp, sl);
	return 0;
}

/* Should the initiator start a new handshake (keys aging)? */
static bool oxt_wants_rekey(struct oxt_dev *oxt, struct oxt_keypair *kp)
{
	if (atomic64_read(&kp->send_counter) >= READ_ONCE(oxt->rekey_messages))
		return true;
	return kp->initiator &&
	       oxt_now_ns() - kp->birth >=
			(u64)READ_ONCE(oxt->rekey_interval) * NSEC_PER_SEC;
}

/* Seal and send one inner packet; consumes @skb. */
static int oxt_send_one(struct oxt_peer *peer, struct oxt_keypair *kp,
			struct sk_buff *skb, struct oxt_seal_list *sl)
{
	u8 flags = 0, tos;

	if (skb->protocol == htons(ETH_P_IPV6))
		flags |= OXT_F_IPV6;
	/* Only the inner ECN bits show outside (RFC 6040). */
	tos = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
	return oxt_seal_send(peer, kp, skb, flags, tos, skb->len, 1, sl);
}

/* Where the checksum still pending in @skb starts (@skb->len: none is
 * pending), completing it at once if its offsets are not usable.
 */
static int oxt_csum_start(struct sk_buff *skb)
{
	int start;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return skb->len;
	start = skb_checksum_start_offset(skb);
	if (start >= 0 && start + skb->csum_offset + sizeof(__sum16) <=
			  skb->len)
		return start;
	if (skb_checksum_help(skb))
		return -EINVAL;
	return skb->len;
}

/* Copy @skb to @to, completing a pending checksum on the way. */
static int oxt_copy_complete(struct sk_buff *skb, u8 *to)
{
	int start = oxt_csum_start(skb);
	__sum16 sum;

	if (start < 0 || skb_copy_bits(skb, 0, to, start))
		return -EINVAL;
	if (start == skb->len)
		return 0;
	sum = csum_fold(skb_copy_and_csum_bits(skb, start, to + start,
					       skb->len - start));
	if (!sum)
		sum = CSUM_MANGLED_0;
	memcpy(to + start + skb->csum_offset, &sum, sizeof(sum));
	return 0;
}

/* Can @skb share an outer packet with @first: one IP version, one ECN
 * codepoint (the outer header carries one)?
 */
static bool oxt_same_kind(struct sk_buff *first, struct sk_buff *skb)
{
	return skb->protocol == first->protocol &&
	       !((ip_tunnel_get_dsfield(ip_hdr(skb), skb) ^
		  ip_tunnel_get_dsfield(ip_hdr(first), first)) &
		 INET_ECN_MASK);
}

/* How many packets at the head of @segs go out as one batch: consecutive
 * packets of one IP version and one ECN codepoint whose batch body fits
 * in the device MTU (so the outer packet is no larger than that of one
 * full-size packet), at most OXT_BATCH_MAX.  *@body gets the body size.
 */
static unsigned int oxt_batch_group(struct oxt_dev *oxt, struct sk_buff *segs,
				    size_t *body)
{
	unsigned int mtu = READ_ONCE(oxt->dev->mtu), count = 0;
	size_t size = OXT_BATCH_HDR_LEN;
	struct sk_buff *skb;

	for (skb = segs; skb && count < OXT_BATCH_MAX; skb = skb->next) {
		if (size + OXT_BATCH_ENT_LEN + skb->len > mtu)
			break;
		if (count && !oxt_same_kind(segs, skb))
			break;
		size += OXT_BATCH_ENT_LEN + skb->len;
		count++;
	}
	*body = size;
	return count;
}

/* Copy the first @count packets of *@segs into one batch body, seal it
 * and send it; the packets are consumed and *@segs moves past them.
 */
static int oxt_send_batch(struct oxt_peer *peer, struct oxt_keypair *kp,
			  struct sk_buff **segs, unsigned int count,
			  size_t body, struct oxt_seal_list *sl)
{
	struct sk_buff *b, *skb = *segs;
	size_t off = OXT_BATCH_HDR_LEN;
	unsigned int i, bytes = 0;
	u8 flags = OXT_F_BATCH, tos;
	int err = 0;
	u8 *p;

	if (skb->protocol == htons(ETH_P_IPV6))
		flags |= OXT_F_IPV6;
	tos = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
	b = alloc_skb(OXT_TX_HEADROOM + body + OXT_TAG_LEN, GFP_ATOMIC);
	if (b) {
		skb_reserve(b, OXT_TX_HEADROOM);
		p = skb_put(b, body);
		err = oxt_batch_put_count(p, body, count);
	}
	for (i = 0; i < count; i++) {
		*segs = skb->next;
		skb_mark_not_on_list(skb);
		if (b && !err) {
			err = oxt_batch_put_entry(p, body, &off, skb->len);
			if (!err)
				err = oxt_copy_complete(skb,
							p + off - skb->len);
		}
		bytes += skb->len;
		consume_skb(skb);
		skb = *segs;
	}
	if (!b)
		return -ENOMEM;
	if (err || off != body) {
		kfree_skb(b);
		return -ENOMEM;
	}
	return oxt_seal_send(peer, kp, b, flags, tos, bytes, count, sl);
}

/* Transmit trains (encryption off).  The segments of one GSO packet
 * that are too large to batch - a TCP send's full-size segments - leave
 * as one UDP GSO packet (SKB_GSO_UDP_L4) whose payload is the finished
 * OxTunnel datagrams back to back, each with its own header and sequence
 * number: the stack walks down once per train and splits it at the
 * bottom (or not at all: a veth hands it whole to the receiving UDP
 * socket, which splits it there without copying).  The train is built
 * in its own pages, copying each segment once and completing its inner
 * checksum on the way (the segments keep the payload where TCP put it,
 * in CHECKSUM_PARTIAL state).  A train is at most OXT_TRAIN_MAX
 * datagrams of equal size (the last one may be shorter), one IP version
 * and one ECN codepoint, and fits one IPv6 or IPv4 datagram.
 */
static bool oxt_tx_trains = true;
module_param_named(tx_trains, oxt_tx_trains, bool, 0644);
MODULE_PARM_DESC(tx_trains,
		 "Send the full-size segments of a GSO packet as UDP GSO trains when encryption is off (default: 1)");

#define OXT_TRAIN_MAX		64
/* Most linear bytes a segment may have to travel in a train that keeps
 * its payload in place (its headers are copied).
 */
#define OXT_TRAIN_HDR_MAX	256
#define OXT_TRAIN_BYTES		(IPV6_MAXPLEN - sizeof(struct udphdr) - \
				 sizeof(struct iphdr))

/* Can @skb travel in a train without its payload being copied: no
 * frag_list, no user pages, only headers in the linear part, and a
 * pending checksum whose field lies there?
 */
static bool oxt_train_zc_ok(struct sk_buff *skb)
{
	unsigned int hl = skb_headlen(skb);

	if (skb_has_frag_list(skb) || skb_zcopy(skb) || hl > OXT_TRAIN_HDR_MAX)
		return false;
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return skb->ip_summed == CHECKSUM_NONE && hl == skb->len;
	return skb_checksum_start_offset(skb) >= 0 &&
	       skb_checksum_start_offset(skb) + skb->csum_offset +
	       sizeof(__sum16) <= hl;
}

/* Does @oxt send trains (encryption off, not turned off)? */
static bool oxt_trains(struct oxt_dev *oxt)
{
	return !READ_ONCE(oxt->encryption) && READ_ONCE(oxt_tx_trains);
}

/* How many packets at the head of @segs go out as one train; *@bytes
 * gets its size, *@hdrs the room its headers take in a train that
 * keeps the payload in place (*@zc), limited by the fragments one
 * packet can hold.
 */
static unsigned int oxt_train_group(struct sk_buff *segs, size_t *bytes,
				    size_t *hdrs, bool *zc)
{
	unsigned int count = 0, len = segs->len, frags = 0;
	size_t size = 0, hsize = 0;
	struct sk_buff *skb;

	if (len + OXT_DATA_HDR_LEN > U16_MAX)
		return 0;
	*zc = oxt_train_zc_ok(segs);
	for (skb = segs; skb && count < OXT_TRAIN_MAX; skb = skb->next) {
		if (skb->len > len ||
		    size + OXT_DATA_HDR_LEN + skb->len > OXT_TRAIN_BYTES)
			break;
		if (*zc && (!oxt_train_zc_ok(skb) ||
			    frags + 1 + skb_shinfo(skb)->nr_frags >
			    MAX_SKB_FRAGS ||
			    hsize + OXT_DATA_HDR_LEN + skb_headlen(skb) >
			    PAGE_SIZE))
			break;
		if (count && !oxt_same_kind(segs, skb))
			break;
		size += OXT_DATA_HDR_LEN + skb->len;
		hsize += OXT_DATA_HDR_LEN + skb_headlen(skb);
		frags += 1 + skb_shinfo(skb)->nr_frags;
		count++;
		if (skb->len < len)
			break;	/* a short one ends the train */
	}
	*bytes = size;
	*hdrs = hsize;
	return count;
}

/* Copy @len bytes at @off of @skb into the train's pages at @pos, and
 * add their checksum to *@csum if it is not NULL.
 */
static int oxt_train_copy(struct sk_buff *t, unsigned int pos,
			  const struct sk_buff *skb, int off, int len,
			  __wsum *csum)
{
	unsigned int n, done = 0;
	skb_frag_t *f;
	__wsum part;
	u8 *to;

	while (done < len) {
		f = &skb_shinfo(t)->frags[(pos + done) >> PAGE_SHIFT];
		n = min_t(unsigned int, len - done,
			  PAGE_SIZE - ((pos + done) & ~PAGE_MASK));
		to = page_address(skb_frag_page(f)) +
		     ((pos + done) & ~PAGE_MASK);
		if (csum) {
			part = skb_copy_and_csum_bits(skb, off + done, to, n);
			*csum = csum_block_add(*csum, part, done);
		} else if (skb_copy_bits(skb, off + done, to, n)) {
			return -EFAULT;
		}
		done += n;
	}
	return 0;
}

/* Write a buffer into the train's pages at @pos. */
static void oxt_train_write(struct sk_buff *t, unsigned int pos,
			    const void *buf, int len)
{
	unsigned int n, done = 0;
	skb_frag_t *f;

	while (done < len) {
		f = &skb_shinfo(t)->frags[(pos + done) >> PAGE_SHIFT];
		n = min_t(unsigned int, len - done,
			  PAGE_SIZE - ((pos + done) & ~PAGE_MASK));
		memcpy(page_address(skb_frag_page(f)) +
		       ((pos + done) & ~PAGE_MASK), (const u8 *)buf + done, n);
		done += n;
	}
}

/* Copy one packet into the train at @pos, completing a pending
 * checksum (CHECKSUM_PARTIAL) on the way.
 */
static int oxt_train_put(struct sk_buff *t, unsigned int pos,
			 struct sk_buff *skb)
{
	int start = oxt_csum_start(skb), err;
	__wsum csum = 0;
	__sum16 sum;

	if (start < 0)
		return start;
	err = oxt_train_copy(t, pos, skb, 0, start, NULL);
	if (err || start == skb->len)
		return err;
	err = oxt_train_copy(t, pos + start, skb, start, skb->len - start,
			     &csum);
	if (err)
		return err;
	sum = csum_fold(csum);
	if (!sum)
		sum = CSUM_MANGLED_0;
	oxt_train_write(t, pos + start + skb->csum_offset, &sum, sizeof(sum));
	return 0;
}

/**
 * struct oxt_train_hdr - what the headers of a train's datagrams share
 * @flags: header flags
 * @seq: sequence number of the first
 * @index: the receiver's index
 */
struct oxt_train_hdr {
	u8 flags;
	u64 seq;
	u32 index;
};

/* Header and index of the @i-th datagram, carrying @len inner bytes. */
static void oxt_train_hdr_put(u8 *buf, const struct oxt_train_hdr *th,
			      unsigned int i, unsigned int len)
{
	struct oxt_hdr h = {
		.flags = th->flags,
		.seq = th->seq + i,
		.len = OXT_INDEX_LEN + len,
	};

	oxt_hdr_put(buf, &h);
	put_unaligned_le32(th->index, buf + OXT_HDR_LEN);
}

/* Fill train @t with the datagrams of @count packets from @skb, copied
 * into fresh pages (@bytes in all).
 */
static int oxt_train_fill_copy(struct sk_buff *t, struct sk_buff *skb,
			       unsigned int count, size_t bytes,
			       const struct oxt_train_hdr *th)
{
	unsigned int i, pos = 0, npages = DIV_ROUND_UP(bytes, PAGE_SIZE);
	u8 hdr[OXT_DATA_HDR_LEN];
	struct page *page;

	if (npages > MAX_SKB_FRAGS)
		return -EMSGSIZE;
	for (i = 0; i < npages; i++) {
		page = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
		if (!page)
			return -ENOMEM;
		skb_fill_page_desc(t, i, page, 0,
				   min_t(size_t, PAGE_SIZE,
					 bytes - i * PAGE_SIZE));
	}
	t->len = bytes;
	t->data_len = bytes;
	t->truesize += npages * PAGE_SIZE;
	for (i = 0; i < count; i++, skb = skb->next) {
		oxt_train_hdr_put(hdr, th, i, skb->len);
		oxt_train_write(t, pos, hdr, OXT_DATA_HDR_LEN);
		if (oxt_train_put(t, pos + OXT_DATA_HDR_LEN, skb))
			return -EINVAL;
		pos += OXT_DATA_HDR_LEN + skb->len;
	}
	return 0;
}

/* Fill train @t with the datagrams of @count packets from @skb without
 * copying their payload: each datagram is a fragment holding its
 * OxTunnel header and the packet's headers (@hdrs bytes for all, in
 * one page fragment), then the packet's own fragments.  Pending inner
 * checksums are completed in the packets first (oxt_train_zc_ok()).
 */
static int oxt_train_fill_zc(struct sk_buff *t, struct sk_buff *skb,
			     unsigned int count, size_t bytes, size_t hdrs,
			     const struct oxt_train_hdr *th)
{
	unsigned int i, j, n = 0, off, hl;
	struct page *page;
	int start;
	__sum16 sum;
	skb_frag_t *f;
	u8 *buf;

	buf = netdev_alloc_frag(hdrs);
	if (!buf)
		return -ENOMEM;
	page = virt_to_head_page(buf);
	off = buf - (u8 *)page_address(page);
	for (i = 0; i < count; i++, skb = skb->next) {
		if (skb->ip_summed == CHECKSUM_PARTIAL) {
			start = skb_checksum_start_offset(skb);
			sum = csum_fold(skb_checksum(skb, start,
						     skb->len - start, 0));
			if (!sum)
				sum = CSUM_MANGLED_0;
			memcpy(skb->data + start + skb->csum_offset, &sum,
			       sizeof(sum));
			skb->ip_summed = CHECKSUM_NONE;
		}
		hl = skb_headlen(skb);
		oxt_train_hdr_put(buf, th, i, skb->len);
		memcpy(buf + OXT_DATA_HDR_LEN, skb->data, hl);
		if (i)
			get_page(page);
		skb_fill_page_desc(t, n++, page, off, OXT_DATA_HDR_LEN + hl);
		buf += OXT_DATA_HDR_LEN + hl;
		off += OXT_DATA_HDR_LEN + hl;
		for (j = 0; j < skb_shinfo(skb)->nr_frags; j++) {
			f = &skb_shinfo(skb)->frags[j];
			__skb_frag_ref(f);
			skb_fill_page_desc(t, n++, skb_frag_page(f),
					   skb_frag_off(f), skb_frag_size(f));
		}
		t->truesize += skb->data_len;
	}
	t->len = bytes;
	t->data_len = bytes;
	t->truesize += hdrs;
	return 0;
}

/* Send the first @count packets of *@segs (@bytes of datagrams, @hdrs
 * of headers) as one train, copied or (@zc) not.  On success the
 * packets are consumed and *@segs moves past them; on failure (no
 * memory, the session's counter spent) nothing was sent and the packets
 * are left in *@segs, complete.
 */
static int oxt_send_train(struct oxt_peer *peer, struct oxt_keypair *kp,
			  struct sk_buff **segs, unsigned int count,
			  size_t bytes, size_t hdrs, bool zc)
{
	unsigned int i, inner = 0, seglen = (*segs)->len;
	struct oxt_dev *oxt = peer->oxt;
	struct oxt_train_hdr th = {};
	struct sk_buff *t, *skb;
	int err;
	u8 tos;

	t = alloc_skb(OXT_TX_HEADROOM, GFP_ATOMIC);
	if (!t)
		return -ENOMEM;
	skb_reserve(t, OXT_TX_HEADROOM);
	/* A train refused for want of numbers wastes them: harmless. */
	th.seq = atomic64_add_return(count, &kp->send_counter) - count;
	if (th.seq + count > OXT_REJECT_MESSAGES) {
		err = -EMSGSIZE;
		goto err;
	}
	th.index = kp->remote_index;
	skb = *segs;
	if (skb->protocol == htons(ETH_P_IPV6))
		th.flags |= OXT_F_IPV6;
	tos = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
	if (zc)
		err = oxt_train_fill_zc(t, skb, count, bytes, hdrs, &th);
	else
		err = oxt_train_fill_copy(t, skb, count, bytes, &th);
	if (err)
		goto err;
	for (i = 0; i < count; i++) {
		skb = *segs;
		*segs = skb->next;
		skb_mark_not_on_list(skb);
		inner += skb->len;
		consume_skb(skb);
	}

	skb_shinfo(t)->gso_size = OXT_DATA_HDR_LEN + seglen;
	skb_shinfo(t)->gso_type = SKB_GSO_UDP_L4;
	skb_shinfo(t)->gso_segs = count;
	/* The outer UDP checksum is left to the device (or to the GSO
	 * split): udp_tunnel_xmit_skb() puts the header right in front.
	 */
	t->ip_summed = CHECKSUM_PARTIAL;
	t->csum_start = skb_headroom(t) - sizeof(struct udphdr);
	t->csum_offset = offsetof(struct udphdr, check);
	skb_set_inner_network_header(t, 0);
	if (oxt_send_counted(peer, t, tos, inner, count)) {
		oxt_stat_inc(oxt, OXT_STAT_TX_TRAINS);
		oxt_stat_add(oxt, OXT_STAT_TX_TRAIN_PACKETS, count);
	}
	return 0;

err:
	kfree_skb(t);
	return err;
}

/**
 * oxt_send_done - after sending data under @kp: timers, and a new
 * handshake when the session ages
 * @peer: the peer
 * @kp: the session used (the caller's reference)
 * @sent: something left
 */
void oxt_send_done(struct oxt_peer *peer, struct oxt_keypair *kp, bool sent)
{
	if (sent)
		oxt_timers_data_sent(peer);
	/* Only for the session in use: a sender still holding the one a
	 * handshake just replaced must not start another at once (the
	 * peer would refuse an INIT so soon after the last).
	 */
	if (oxt_wants_rekey(peer->oxt, kp) &&
	    rcu_access_pointer(peer->cur) == kp)
		oxt_hs_initiate(peer, false);
}

/* Send a list of packets under the current session, or stage them. */
static void oxt_send_list(struct oxt_peer *peer, struct sk_buff *segs)
{
	struct oxt_seal_list sl = { .tail = &sl.head };
	struct oxt_dev *oxt = peer->oxt;
	struct oxt_keypair *kp;
	struct sk_buff *skb, *next;
	unsigned int count, train;
	bool sent = false, trains, zc;
	size_t body, hdrs;
	int err;

	kp = oxt_keys_sending(peer);
	if (!kp) {
		skb_list_walk_safe(segs, skb, next) {
			skb_mark_not_on_list(skb);
			/* Keep the newest packets; drop the oldest. */
			if (skb_queue_len(&peer->staged) >= OXT_STAGED_MAX) {
				kfree_skb(skb_dequeue(&peer->staged));
				oxt_stat_inc(oxt, OXT_STAT_TX_NO_SESSION);
				dev_core_stats_tx_dropped_inc(oxt->dev);
			}
			skb_queue_tail(&peer->staged, skb);
		}
		oxt_hs_initiate(peer, false);
		return;
	}
	trains = oxt_trains(oxt);
	while (segs) {
		count = oxt_batch_group(oxt, segs, &body);
		train = 0;
		if (count <= 1 && trains && segs->next)
			train = oxt_train_group(segs, &body, &hdrs, &zc);
		if (count > 1) {
			err = oxt_send_batch(peer, kp, &segs, count, body,
					     &sl);
		} else if (train > 1 &&
			   !oxt_send_train(peer, kp, &segs, train, body, hdrs,
					   zc)) {
			err = 0;
		} else {
			skb = segs;
			segs = skb->next;
			skb_mark_not_on_list(skb);
			err = oxt_send_one(peer, kp, skb, &sl);
		}
		if (err) {
			oxt_stat_inc(oxt, OXT_STAT_TX_ERROR);
			dev_core_stats_tx_dropped_inc(oxt->dev);
		} else {
			sent = true;
		}
	}
	oxt_seal_flush(peer, kp, &sl);
	oxt_send_done(peer, kp, sent);
	oxt_keypair_put(kp);
}

netdev_tx_t oxt_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct oxt_dev *oxt = netdev_priv(dev);
	struct sk_buff *segs;
	struct oxt_peer *peer;

	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr)) &&
	    ip_hdr(skb)->version == 4) {
		rcu_read_lock_bh();
		peer = oxt_aip_lookup(oxt, AF_INET, &ip_hdr(skb)->daddr);
	} else if (skb->protocol == htons(ETH_P_IPV6) &&
		   pskb_network_may_pull(skb, sizeof(struct ipv6hdr)) &&
		   ipv6_hdr(skb)->version == 6) {
		rcu_read_lock_bh();
		peer = oxt_aip_lookup(oxt, AF_INET6, &ipv6_hdr(skb)->daddr);
	} else {
		oxt_stat_inc(oxt, OXT_STAT_TX_ERROR);
		goto drop;
	}
	if (peer)
		oxt_peer_get(peer);
	rcu_read_unlock_bh();
	if (!peer) {
		oxt_stat_inc(oxt, OXT_STAT_TX_NO_PEER);
		oxt_tx_unreachable(skb);
		goto drop;
	}
	if (READ_ONCE(peer->ep.addr.sa.sa_family) == AF_UNSPEC) {
		oxt_stat_inc(oxt, OXT_STAT_TX_NO_ENDPOINT);
		oxt_tx_unreachable(skb);
		oxt_peer_put(peer);
		goto drop;
	}

	skb_dst_drop(skb);
	if (oxt_super_ok(oxt, skb) && !oxt_send_super(peer, skb)) {
		oxt_peer_put(peer);
		return NETDEV_TX_OK;
	}
	if (skb_is_gso(skb)) {
		/* For trains the segments keep their payload where it is
		 * and their checksum pending (oxt_send_train() completes
		 * it); else they come out linear and complete.
		 */
		segs = skb_gso_segment(skb, oxt_trains(oxt) ?
				       NETIF_F_SG | NETIF_F_HW_CSUM : 0);
		if (IS_ERR_OR_NULL(segs)) {
			oxt_stat_inc(oxt, OXT_STAT_TX_ERROR);
			oxt_peer_put(peer);
			goto drop;
		}
		consume_skb(skb);
	} else {
		skb->next = NULL;
		segs = skb;
	}
	oxt_send_list(peer, segs);
	oxt_peer_put(peer);
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/* A session is up: send what waited for it. */
void oxt_send_staged(struct oxt_peer *peer)
{
	struct sk_buff_head q;
	struct sk_buff *skb, *first = NULL, **tail = &first;

	__skb_queue_head_init(&q);
	spin_lock_bh(&peer->staged.lock);
	skb_queue_splice_init(&peer->staged, &q);
	spin_unlock_bh(&peer->staged.lock);
	while ((skb = __skb_dequeue(&q))) {
		*tail = skb;
		tail = &skb->next;
	}
	*tail = NULL;
	if (!first)
		return;
	local_bh_disable();
	oxt_send_list(peer, first);
	local_bh_enable();
}

void oxt_send_staged_work(struct work_struct *work)
{
	struct oxt_peer *peer = container_of(work, struct oxt_peer, tx_work);

	if (!READ_ONCE(peer->dead))
		oxt_send_staged(peer);
	oxt_peer_put(peer);
}

/* Send the staged packets from the workqueue; the work holds a ref. */
void oxt_send_staged_queue(struct oxt_peer *peer)
{
	oxt_peer_get(peer);
	if (!queue_work(peer->oxt->wq, &peer->tx_work))
		oxt_peer_put(peer);
}

/**
 * oxt_send_control - send a session control message (always sealed)
 * @peer: the peer
 * @type: OXT_CTRL_KEEPALIVE or OXT_CTRL_DISCONNECT
 */
void oxt_send_control(struct oxt_peer *peer, u8 type)
{
	struct oxt_dev *oxt = peer->oxt;
	struct oxt_keypair *kp;
	struct sk_buff *skb;

	kp = oxt_keys_sending(peer);
	if (!kp)
		return;
	skb = alloc_skb(OXT_TX_HEADROOM + 1 + OXT_TAG_LEN, GFP_ATOMIC);
	if (!skb)
		goto out;
	skb_reserve(skb, OXT_TX_HEADROOM);
	skb_put_u8(skb, type);
	if (oxt_seal(oxt, kp, skb, OXT_F_CONTROL, true)) {
		kfree_skb(skb);
		goto out;
	}
	if (!oxt_socket_send(peer, skb, 0))
		oxt_timers_any_sent(peer);
out:
	oxt_keypair_put(kp);
}

void oxt_send_keepalive(struct oxt_peer *peer)
{
	if (skb_queue_empty_lockless(&peer->staged))
		oxt_send_control(peer, OXT_CTRL_KEEPALIVE);
	else
		oxt_send_staged(peer);
}
