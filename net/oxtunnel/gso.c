// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: GSO super-packets (encryption off).  A TCP GSO packet the
 * stack hands the device leaves whole, behind one OxTunnel header that
 * its segments share (OXT_F_SHARED, length 0, the sequence number of
 * its first segment; the session's counter moves by the segment count).
 * It goes down as a UDP tunnel GSO packet, like an IP-in-UDP tunnel's:
 * where the packet is cut - by the outer device, in hardware or in
 * software - every segment gets a copy of the outer UDP header and of
 * ours, and its own inner IP and TCP headers and checksums; where
 * nothing cuts it (a veth to the receiving netns, loopback) the
 * receiver takes it whole and hands the inner GSO packet to its stack,
 * its checksum still pending.  Nothing on the way reads the payload.
 *
 * Encrypted sessions never do this: a sealed packet must be opened as
 * the one datagram it was sealed as.
 *
 * Our 13 bytes in front of the inner packet put its checksum at an odd
 * distance from the outer UDP header's.  The kernel's helpers that
 * derive one checksum from the other (local checksum offload, and the
 * software GSO's outer checksum) assume an even distance and get the
 * outer one wrong.  So a single packet gets its inner checksum here and
 * the outer one is left to the device; a super-packet leaves only by a
 * device that completes the outer checksum itself, so that nothing
 * derives it.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/udp.h>
#include <net/dst_cache.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>

#include "oxtunnel.h"
#include "wire.h"

static bool oxt_tx_super = true;
module_param_named(tx_super, oxt_tx_super, bool, 0644);
MODULE_PARM_DESC(tx_super,
		 "Send TCP GSO packets whole behind a shared header when encryption is off (default: 1)");

/* Inner GSO types a super-packet may carry: plain TCP, nothing that
 * comes from an untrusted source (DODGY) or needs IP IDs kept.
 */
#define OXT_SUPER_GSO	(SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_TCP_ECN)

/* Largest inner packet: what fits behind our header, UDP and an outer
 * IPv4 header in one 64 KiB IP datagram (IPv6 leaves more room).
 */
#define OXT_SUPER_MAX	(IP_MAX_MTU - OXT_IPV4_HDR_LEN - OXT_UDP_HDR_LEN - \
			 OXT_DATA_HDR_LEN)

/**
 * oxt_super_ok - can @skb leave from @oxt without being copied?
 * @oxt: the device
 * @skb: a packet given to ndo_start_xmit
 *
 * Return: true, on a device with encryption off, for a TCP GSO packet
 * with its checksum pending and not already encapsulated (a
 * super-packet), or for a single packet whose pending checksum, if any,
 * is an Internet checksum.
 */
bool oxt_super_ok(struct oxt_dev *oxt, struct sk_buff *skb)
{
	unsigned int type;

	if (READ_ONCE(oxt->encryption) || !READ_ONCE(oxt_tx_super) ||
	    skb->len > OXT_SUPER_MAX)
		return false;
	if (!skb_is_gso(skb))
		return skb->ip_summed != CHECKSUM_PARTIAL ||
		       !skb->csum_not_inet;
	if (skb->encapsulation || skb->ip_summed != CHECKSUM_PARTIAL)
		return false;
	type = skb_shinfo(skb)->gso_type;
	if (type & ~OXT_SUPER_GSO)
		return false;
	return skb->protocol == htons(ETH_P_IP) ? type & SKB_GSO_TCPV4 :
						  type & SKB_GSO_TCPV6;
}

/* Does the device the peer was last routed by (over IPv6 when
 * @outer_v6) complete outer checksums, so that a super-packet cut in
 * software gets its outer checksums from it?  No route cached yet: no.
 * BH disabled.
 */
static bool oxt_outer_csum_ok(struct oxt_peer *peer, bool outer_v6)
{
	netdev_features_t f = NETIF_F_HW_CSUM |
			      (outer_v6 ? NETIF_F_IPV6_CSUM : NETIF_F_IP_CSUM);
	struct dst_entry *dst;
	bool ok;

	dst = dst_cache_get(&peer->dst_cache);
	if (!dst)
		return false;
	ok = dst->dev && (dst->dev->features & f);
	dst_release(dst);
	return ok;
}

/**
 * oxt_send_super - send @skb whole under the peer's current session
 * @peer: the peer
 * @skb: a packet oxt_super_ok() accepted
 *
 * A GSO packet leaves behind a SHARED header; a single packet behind an
 * ordinary one, its payload left where it is (in page fragments), a
 * pending checksum completed here.
 *
 * Return: 0 when @skb was consumed (sent, or dropped and counted);
 * -ENOKEY when there is no usable session, -EOPNOTSUPP when the outer
 * device cannot complete checksums; @skb untouched then, for the caller
 * to send the usual way (or stage).
 */
int oxt_send_super(struct oxt_peer *peer, struct sk_buff *skb)
{
	bool outer_v6 = READ_ONCE(peer->ep.addr.sa.sa_family) == AF_INET6;
	unsigned int segs = 1, len = skb->len;
	bool gso = skb_is_gso(skb);
	bool v6 = skb->protocol == htons(ETH_P_IPV6);
	struct oxt_dev *oxt = peer->oxt;
	struct oxt_keypair *kp;
	struct oxt_hdr h = {};
	int type;
	u8 *hdr, tos;
	u64 seq;

	if (gso && !oxt_outer_csum_ok(peer, outer_v6))
		return -EOPNOTSUPP;
	kp = oxt_keys_sending(peer);
	if (!kp)
		return -ENOKEY;
	/* The outer family tells the inner segmentation what it is in. */
	type = SKB_GSO_UDP_TUNNEL_CSUM |
	       (outer_v6 ? SKB_GSO_IPXIP6 : SKB_GSO_IPXIP4);
	if (gso)
		segs = max_t(unsigned int, skb_shinfo(skb)->gso_segs, 1);
	seq = atomic64_add_return(segs, &kp->send_counter) - segs;
	/* A spent counter: the handshake oxt_send_done() starts helps. */
	if (seq + segs > OXT_REJECT_MESSAGES)
		goto drop;
	/* Only the inner ECN bits show outside (RFC 6040). */
	tos = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
	if ((!gso && skb->ip_summed == CHECKSUM_PARTIAL &&
	     skb_checksum_help(skb)) ||
	    skb_cow_head(skb, OXT_TX_HEADROOM) ||
	    iptunnel_handle_offloads(skb, type))
		goto drop;
	skb_set_inner_ipproto(skb, v6 ? IPPROTO_IPV6 : IPPROTO_IPIP);
	h.flags = v6 ? OXT_F_IPV6 : 0;
	if (gso)
		h.flags |= OXT_F_SHARED;
	else
		h.len = OXT_INDEX_LEN + len;
	h.seq = seq;
	hdr = skb_push(skb, OXT_DATA_HDR_LEN);
	oxt_hdr_put(hdr, &h);
	put_unaligned_le32(kp->remote_index, hdr + OXT_HDR_LEN);
	if (oxt_send_counted(peer, skb, tos, len, segs)) {
		if (gso) {
			oxt_stat_inc(oxt, OXT_STAT_TX_SUPER);
			oxt_stat_add(oxt, OXT_STAT_TX_SUPER_SEGS, segs);
		} else {
			oxt_stat_inc(oxt, OXT_STAT_TX_UNTOUCHED);
		}
	}
	oxt_send_done(peer, kp, true);
	oxt_keypair_put(kp);
	return 0;

drop:
	oxt_stat_inc(oxt, OXT_STAT_TX_ERROR);
	dev_core_stats_tx_dropped_inc(oxt->dev);
	kfree_skb(skb);
	oxt_send_done(peer, kp, false);
	oxt_keypair_put(kp);
	return 0;
}
