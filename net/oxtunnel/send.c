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
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>

#include "compat.h"
#include "oxtunnel.h"
#include "wire.h"

/* Headroom for outer IPv6 + UDP + link layer, and our own header. */
#define OXT_TX_HEADROOM	(LL_MAX_HEADER + sizeof(struct ipv6hdr) + \
			 sizeof(struct udphdr) + OXT_DATA_HDR_LEN)

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
 * oxt_send_sealed - hand a sealed session packet to UDP and count it
 * @peer: the peer
 * @skb: the packet (consumed)
 * @tos: outer TOS
 * @bytes: inner bytes it carries
 * @count: inner packets it carries (a batch: more than one)
 *
 * A failure is counted here (TxRoute).  BH disabled.
 */
void oxt_send_sealed(struct oxt_peer *peer, struct sk_buff *skb, u8 tos,
		     unsigned int bytes, unsigned int count)
{
	struct oxt_dev *oxt = peer->oxt;

	if (oxt_socket_send(peer, skb, tos)) {
		oxt_stat_inc(oxt, OXT_STAT_TX_ROUTE);
		dev_core_stats_tx_dropped_inc(oxt->dev);
		return;
	}
	atomic64_add(bytes, &peer->tx_bytes);
	atomic64_add(count, &peer->tx_packets);
	if (count > 1) {
		oxt_stat_inc(oxt, OXT_STAT_TX_BATCHES);
		oxt_stat_add(oxt, OXT_STAT_TX_BATCHED, count);
	}
	/* The device's tx counters are kept by iptunnel_xmit_stats(). */
}

/* Seal @skb and send it - sealed on all CPUs, sent in order, when that
 * is possible; else here.  Consumes @skb.  Return: 0 or a seal error.
 */
static int oxt_seal_send(struct oxt_peer *peer, struct oxt_keypair *kp,
			 struct sk_buff *skb, u8 flags, u8 tos,
			 unsigned int bytes, unsigned int count)
{
	bool encrypt = READ_ONCE(peer->oxt->encryption);
	unsigned int len;
	u64 seq;
	int err;

	err = oxt_seal_prepare(peer->oxt, kp, skb, flags, encrypt, &seq, &len);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	if (encrypt) {
		if (!oxt_crypt_seal(kp, skb, seq, len, tos, bytes, count))
			return 0;
		oxt_seal_encrypt(kp, skb, seq, len);
	}
	oxt_send_sealed(peer, skb, tos, bytes, count);
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
			struct sk_buff *skb)
{
	u8 flags = 0, tos;

	if (skb->protocol == htons(ETH_P_IPV6))
		flags |= OXT_F_IPV6;
	/* Only the inner ECN bits show outside (RFC 6040). */
	tos = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
	return oxt_seal_send(peer, kp, skb, flags, tos, skb->len, 1);
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
	u8 ecn = 0;

	for (skb = segs; skb && count < OXT_BATCH_MAX; skb = skb->next) {
		if (size + OXT_BATCH_ENT_LEN + skb->len > mtu)
			break;
		if (count && (skb->protocol != segs->protocol ||
			      (ip_tunnel_get_dsfield(ip_hdr(skb), skb) &
			       INET_ECN_MASK) != ecn))
			break;
		if (!count)
			ecn = ip_tunnel_get_dsfield(ip_hdr(skb), skb) &
			      INET_ECN_MASK;
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
			  size_t body)
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
				err = skb_copy_bits(skb, 0,
						    p + off - skb->len,
						    skb->len);
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
	return oxt_seal_send(peer, kp, b, flags, tos, bytes, count);
}

/* Send a list of packets under the current session, or stage them. */
static void oxt_send_list(struct oxt_peer *peer, struct sk_buff *segs)
{
	struct oxt_dev *oxt = peer->oxt;
	struct oxt_keypair *kp;
	struct sk_buff *skb, *next;
	unsigned int count;
	bool sent = false;
	size_t body;
	int err;

	kp = oxt_keys_current(peer);
	if (kp && !oxt_keypair_usable(oxt, kp, true)) {
		oxt_keypair_put(kp);
		kp = NULL;
	}
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
	while (segs) {
		count = oxt_batch_group(oxt, segs, &body);
		if (count > 1) {
			err = oxt_send_batch(peer, kp, &segs, count, body);
		} else {
			skb = segs;
			segs = skb->next;
			skb_mark_not_on_list(skb);
			err = oxt_send_one(peer, kp, skb);
		}
		if (err) {
			oxt_stat_inc(oxt, OXT_STAT_TX_ERROR);
			dev_core_stats_tx_dropped_inc(oxt->dev);
		} else {
			sent = true;
		}
	}
	if (sent)
		oxt_timers_data_sent(peer);
	/* Only for the session in use: a sender still holding the one a
	 * handshake just replaced must not start another at once (the
	 * peer would refuse an INIT so soon after the last).
	 */
	if (oxt_wants_rekey(oxt, kp) &&
	    rcu_access_pointer(peer->cur) == kp)
		oxt_hs_initiate(peer, false);
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
	if (skb_is_gso(skb)) {
		segs = skb_gso_segment(skb, 0);
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

	kp = oxt_keys_current(peer);
	if (!kp)
		return;
	if (!oxt_keypair_usable(oxt, kp, true))
		goto out;
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
