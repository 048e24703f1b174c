// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: receive.  The UDP socket's encap_rcv hook runs in softirq on
 * the CPU the packet arrived on: it checks the header, finds the session
 * by the index, opens the packet in place, checks the replay window and
 * the inner source against the peer's allowed IPs, and hands each inner
 * packet to GRO.  Handshake messages go to the device's workqueue.
 * Every drop is counted under its reason (enum oxt_stat).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>

#include "compat.h"
#include "oxtunnel.h"
#include "wire.h"

/* Map a header decoding error to its counter. */
static enum oxt_stat oxt_hdr_err_stat(int err)
{
	switch (err) {
	case -ENODATA:
		return OXT_STAT_RX_TRUNCATED;
	case -EPROTO:
		return OXT_STAT_RX_BAD_MAGIC;
	case -EBADMSG:
		return OXT_STAT_RX_BAD_LENGTH;
	default:
		return OXT_STAT_RX_BAD_FLAGS;
	}
}

/* Outer CE on to the inner packet (RFC 6040). */
static void oxt_ecn_decap(struct sk_buff *skb, u8 outer_tos)
{
	if (!INET_ECN_is_ce(outer_tos))
		return;
	if (skb->protocol == htons(ETH_P_IP))
		IP_ECN_set_ce(ip_hdr(skb));
	else
		IP6_ECN_set_ce(skb, ipv6_hdr(skb));
}

/* The checksum state of an inner packet.  Authenticated packets are
 * intact.  A clear one inherits what is known of the outer datagram,
 * whose UDP checksum covered it: CHECKSUM_COMPLETE is kept up to date
 * by every pull (the _rcsum helpers) and lets the inner checksum be
 * checked without reading the data again; CHECKSUM_UNNECESSARY passes
 * on the levels below the outer one (see oxt_udp_recv() for datagrams
 * that never left this host); a checksum still pending inside the
 * inner packet (CHECKSUM_PARTIAL) stays pending.
 */
static void oxt_rx_csum(struct sk_buff *skb, bool authenticated)
{
	if (authenticated) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = ~0;
		return;
	}
	switch (skb->ip_summed) {
	case CHECKSUM_PARTIAL:
	case CHECKSUM_COMPLETE:
		break;
	case CHECKSUM_UNNECESSARY:
		if (skb->csum_level)
			skb->csum_level--;
		else
			skb->ip_summed = CHECKSUM_NONE;
		break;
	default:
		skb->ip_summed = CHECKSUM_NONE;
	}
}

/* Check one inner packet at skb->data and deliver it.  @skb is consumed.
 * Return: OXT_OK, or the counter of the reason it was dropped.
 */
static int oxt_deliver(struct oxt_dev *oxt, struct oxt_peer *peer,
		       struct sk_buff *skb, bool authenticated, u8 outer_tos,
		       bool xnet)
{
	struct pcpu_sw_netstats *tstats;
	unsigned int len, segs;
	struct oxt_peer *owner;
	int stat;

	if (!pskb_may_pull(skb, 1)) {
		stat = OXT_STAT_RX_BAD_INNER;
		goto drop;
	}
	skb_reset_network_header(skb);
	switch (skb->data[0] >> 4) {
	case 4:
		if (!pskb_may_pull(skb, sizeof(struct iphdr))) {
			stat = OXT_STAT_RX_BAD_INNER;
			goto drop;
		}
		len = ntohs(ip_hdr(skb)->tot_len);
		if (ip_hdr(skb)->ihl < 5 || len < ip_hdrlen(skb) ||
		    len > skb->len) {
			stat = OXT_STAT_RX_BAD_INNER;
			goto drop;
		}
		skb->protocol = htons(ETH_P_IP);
		rcu_read_lock_bh();
		owner = oxt_aip_lookup(oxt, AF_INET, &ip_hdr(skb)->saddr);
		rcu_read_unlock_bh();
		break;
	case 6:
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr))) {
			stat = OXT_STAT_RX_BAD_INNER;
			goto drop;
		}
		len = sizeof(struct ipv6hdr) +
		      ntohs(ipv6_hdr(skb)->payload_len);
		if (len > skb->len) {
			stat = OXT_STAT_RX_BAD_INNER;
			goto drop;
		}
		skb->protocol = htons(ETH_P_IPV6);
		rcu_read_lock_bh();
		owner = oxt_aip_lookup(oxt, AF_INET6, &ipv6_hdr(skb)->saddr);
		rcu_read_unlock_bh();
		break;
	default:
		stat = OXT_STAT_RX_BAD_INNER;
		goto drop;
	}
	if (owner != peer) {
		stat = OXT_STAT_RX_NOT_ALLOWED;
		goto drop;
	}
	if (pskb_trim_rcsum(skb, len)) {
		stat = OXT_STAT_RX_BAD_INNER;
		goto drop;
	}
	skb_scrub_packet(skb, xnet);
	skb->dev = oxt->dev;
	skb->pkt_type = PACKET_HOST;
	skb_reset_mac_header(skb);
	skb_reset_transport_header(skb);
	oxt_rx_csum(skb, authenticated);
	oxt_ecn_decap(skb, outer_tos);
	segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	atomic64_add(len, &peer->rx_bytes);
	atomic64_add(segs, &peer->rx_packets);
	tstats = this_cpu_ptr(oxt->dev->tstats);
	u64_stats_update_begin(&tstats->syncp);
	u64_stats_add(&tstats->rx_bytes, len);
	u64_stats_add(&tstats->rx_packets, segs);
	u64_stats_update_end(&tstats->syncp);
	gro_cells_receive(&oxt->gro, skb);
	return OXT_OK;

drop:
	kfree_skb(skb);
	return stat;
}

/* Split a batch body at skb->data into packets and deliver each. */
static int oxt_deliver_batch(struct oxt_dev *oxt, struct oxt_peer *peer,
			     struct sk_buff *skb, bool authenticated,
			     u8 outer_tos, bool xnet)
{
	struct oxt_batch_iter it;
	struct sk_buff *one;
	size_t off, len;
	int err, stat;

	err = oxt_batch_begin(&it, skb->data, skb->len);
	if (err)
		goto bad;
	while ((err = oxt_batch_next(&it, &off, &len)) == 1) {
		one = netdev_alloc_skb(oxt->dev, len + NET_IP_ALIGN);
		if (!one) {
			dev_core_stats_rx_dropped_inc(oxt->dev);
			continue;
		}
		skb_reserve(one, NET_IP_ALIGN);
		skb_put_data(one, skb->data + off, len);
		stat = oxt_deliver(oxt, peer, one, authenticated, outer_tos,
				   xnet);
		if (stat != OXT_OK) {
			oxt_stat_inc(oxt, stat);
			dev_core_stats_rx_dropped_inc(oxt->dev);
		}
	}
	if (err)
		goto bad;
	consume_skb(skb);
	return OXT_OK;
bad:
	kfree_skb(skb);
	return OXT_STAT_RX_BAD_BATCH;
}

/**
 * oxt_rx_opened - the rest of a session packet's way once it is
 * authenticated (or arrived in the clear): replay window, session
 * confirmation, roaming, then control, batch or delivery
 * @oxt: the device
 * @kp: its session (the caller keeps its reference)
 * @skb: the packet, data at the header (linear if encrypted or a
 *	batch, else at least the header); consumed
 * @seq: its sequence number
 * @flags: its header flags
 * @plen: payload length (without the tag)
 * @outer_tos: TOS of the outer packet
 * @xnet: the device is in another netns than the socket
 *
 * Return: OXT_OK or the drop reason.
 */
int oxt_rx_opened(struct oxt_dev *oxt, struct oxt_keypair *kp,
		  struct sk_buff *skb, u64 seq, u8 flags, unsigned int plen,
		  u8 outer_tos, bool xnet)
{
	bool encrypted = flags & OXT_F_ENCRYPTED;
	struct oxt_peer *peer = kp->entry.peer;
	u8 *p = skb->data;
	bool fresh;
	int stat;

	spin_lock_bh(&kp->replay_lock);
	if (flags & OXT_F_SHARED)
		fresh = oxt_replay_check_shared(&kp->replay, seq,
						OXT_REJECT_MESSAGES);
	else
		fresh = oxt_replay_check(&kp->replay, seq,
					 OXT_REJECT_MESSAGES);
	spin_unlock_bh(&kp->replay_lock);
	if (!fresh) {
		kfree_skb(skb);
		return OXT_STAT_RX_REPLAY;
	}

	if (oxt_keys_confirm(peer, kp))
		oxt_send_staged_queue(peer);
	/* Only an authenticated packet may move the endpoint (roaming). */
	if (encrypted)
		oxt_peer_update_endpoint(peer, skb);

	skb_pull_rcsum(skb, OXT_DATA_HDR_LEN);
	if (pskb_trim_rcsum(skb, plen)) {
		kfree_skb(skb);
		return OXT_STAT_RX_TRUNCATED;
	}
	if (flags & OXT_F_CONTROL) {
		oxt_timers_any_received(peer);
		stat = OXT_OK;
		if (plen < 1 || (p[OXT_DATA_HDR_LEN] != OXT_CTRL_KEEPALIVE &&
				 p[OXT_DATA_HDR_LEN] != OXT_CTRL_DISCONNECT))
			stat = OXT_STAT_RX_BAD_CONTROL;
		else if (p[OXT_DATA_HDR_LEN] == OXT_CTRL_DISCONNECT)
			oxt_keys_clear(peer);
		if (stat == OXT_OK)
			consume_skb(skb);
		else
			kfree_skb(skb);
		return stat;
	}
	oxt_timers_data_received(peer);
	if (flags & OXT_F_SHARED)
		oxt_stat_inc(oxt, skb_is_gso(skb) ? OXT_STAT_RX_SUPER :
				  OXT_STAT_RX_SHARED_SEGS);
	/* A super-packet taken whole is the inner GSO packet now. */
	if (iptunnel_pull_offloads(skb)) {
		kfree_skb(skb);
		return OXT_STAT_RX_TRUNCATED;
	}
	if (flags & OXT_F_BATCH)
		return oxt_deliver_batch(oxt, peer, skb, encrypted, outer_tos,
					 xnet);
	return oxt_deliver(oxt, peer, skb, encrypted, outer_tos, xnet);
}

/* A session packet; skb->data at the OxTunnel header.  Consumes @skb.
 * Return: OXT_OK or the drop reason.
 */
static int oxt_rx_session(struct oxt_dev *oxt, struct sk_buff *skb,
			  const struct oxt_hdr *h, u8 outer_tos, bool xnet)
{
	bool encrypted = h->flags & OXT_F_ENCRYPTED;
	unsigned int tag = encrypted ? OXT_TAG_LEN : 0;
	struct oxt_index_entry *e;
	struct oxt_keypair *kp;
	unsigned int plen;
	int stat;
	u8 *p;

	if (skb->len < OXT_DATA_HDR_LEN + tag ||
	    !pskb_may_pull(skb, OXT_DATA_HDR_LEN)) {
		kfree_skb(skb);
		return OXT_STAT_RX_TRUNCATED;
	}
	if (!encrypted && ((h->flags & OXT_F_CONTROL) ||
			   READ_ONCE(oxt->encryption))) {
		kfree_skb(skb);
		return OXT_STAT_RX_POLICY;
	}

	rcu_read_lock_bh();
	e = oxt_index_lookup(oxt, get_unaligned_le32(skb->data + OXT_HDR_LEN));
	kp = e && e->is_keypair ? container_of(e, struct oxt_keypair, entry) :
				  NULL;
	if (kp && !oxt_keypair_get(kp))
		kp = NULL;
	rcu_read_unlock_bh();
	if (!kp) {
		kfree_skb(skb);
		return OXT_STAT_RX_UNKNOWN_SESSION;
	}
	if (!oxt_keypair_usable(oxt, kp, false)) {
		stat = OXT_STAT_RX_KEY_EXPIRED;
		goto out;
	}

	/* One linear writable buffer, opened in place; a clear packet
	 * stays in its fragments (only its headers are pulled and may be
	 * written, e.g. ECN).
	 */
	if (((encrypted || (h->flags & OXT_F_BATCH)) && skb_linearize(skb)) ||
	    (skb_cloned(skb) && pskb_expand_head(skb, 0, 0, GFP_ATOMIC))) {
		stat = OXT_STAT_RX_TRUNCATED;
		goto out;
	}
	plen = skb->len - OXT_DATA_HDR_LEN - tag;
	if (encrypted) {
		/* On all CPUs, finished in order; the reference goes along. */
		if (!oxt_crypt_open(kp, skb, h->seq, h->flags, plen + tag,
				    outer_tos, xnet))
			return OXT_ASYNC;
		p = skb->data;
		if (!chacha20poly1305_decrypt(p + OXT_DATA_HDR_LEN,
					      p + OXT_DATA_HDR_LEN, plen + tag,
					      p, OXT_DATA_HDR_LEN, h->seq,
					      kp->keys.recv)) {
			stat = OXT_STAT_RX_DECRYPT;
			goto out;
		}
	}
	stat = oxt_rx_opened(oxt, kp, skb, h->seq, h->flags, plen, outer_tos,
			     xnet);
	oxt_keypair_put(kp);
	return stat;

out:
	kfree_skb(skb);
	oxt_keypair_put(kp);
	return stat;
}

/**
 * oxt_udp_recv - encap_rcv of the device's UDP sockets
 * @sk: the socket
 * @skb: the datagram, skb->data at the UDP header
 *
 * Return: 0 (always consumed).
 */
int oxt_udp_recv(struct sock *sk, struct sk_buff *skb)
{
	struct oxt_dev *oxt = rcu_dereference_sk_user_data(sk);
	struct oxt_hdr h;
	u8 outer_tos;
	bool xnet;
	int stat, err;

	if (!oxt)
		goto drop_silent;
	outer_tos = ip_hdr(skb)->version == 4 ? ip_hdr(skb)->tos :
		    ipv6_get_dsfield(ipv6_hdr(skb));
	xnet = !net_eq(sock_net(sk), dev_net(oxt->dev));
	/* A datagram that never left this host (a veth pair, loopback)
	 * has its UDP checksum still pending: nothing could corrupt it on
	 * the way, and its sender completed the inner packet's checksums.
	 * Say so before the pull turns the pending state into "unknown".
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_start_offset(skb) <= 0) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = 1;
	}
	skb_pull_rcsum(skb, sizeof(struct udphdr));
	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, OXT_HDR_LEN))) {
		stat = OXT_STAT_RX_TRUNCATED;
		goto drop;
	}
	err = oxt_hdr_get(skb->data, skb->len, &h);
	if (!err && (h.flags & OXT_F_COMPRESSED))
		err = -EOPNOTSUPP;
	if (err) {
		stat = oxt_hdr_err_stat(err);
		goto drop;
	}
	if ((h.flags & OXT_F_CONTROL) && !(h.flags & OXT_F_ENCRYPTED)) {
		oxt_hs_receive(oxt, skb);
		return 0;
	}
	stat = oxt_rx_session(oxt, skb, &h, outer_tos, xnet);
	if (stat != OXT_OK && stat != OXT_ASYNC) {
		oxt_stat_inc(oxt, stat);
		dev_core_stats_rx_dropped_inc(oxt->dev);
	}
	return 0;

drop:
	oxt_stat_inc(oxt, stat);
	dev_core_stats_rx_dropped_inc(oxt->dev);
drop_silent:
	kfree_skb(skb);
	return 0;
}
