// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: peers - creation, lookup, endpoint and removal.
 */
#include <linux/ip.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/ipv6.h>

#include "oxtunnel.h"

/**
 * oxt_peer_create - add a peer with static key @pub to @oxt
 * @oxt: the device; caller holds conf_lock
 * @pub: the peer's public key
 *
 * Return: the peer (owned by the device's list), or ERR_PTR.
 */
struct oxt_peer *oxt_peer_create(struct oxt_dev *oxt,
				 const u8 pub[OXT_KEY_LEN])
{
	struct oxt_peer *peer;
	int err;

	lockdep_assert_held(&oxt->conf_lock);
	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	peer->oxt = oxt;
	down_read(&oxt->id_lock);
	err = oxt_remote_init(&peer->rem, &oxt->id, pub);
	up_read(&oxt->id_lock);
	if (err)
		goto err_free;
	err = dst_cache_init(&peer->dst_cache, GFP_KERNEL);
	if (err)
		goto err_free;
	INIT_LIST_HEAD(&peer->aips);
	spin_lock_init(&peer->hs_lock);
	spin_lock_init(&peer->keys_lock);
	rwlock_init(&peer->ep_lock);
	skb_queue_head_init(&peer->staged);
	INIT_WORK(&peer->tx_work, oxt_send_staged_work);
	oxt_hs_work_init(peer);
	peer->hs_entry.peer = peer;
	INIT_HLIST_NODE(&peer->hs_entry.node);
	kref_init(&peer->refs);
	oxt_timers_init(peer);
	list_add_tail_rcu(&peer->list, &oxt->peers);
	oxt->n_peers++;
	return peer;

err_free:
	kfree_sensitive(peer);
	return ERR_PTR(err);
}

struct oxt_peer *oxt_peer_get(struct oxt_peer *peer)
{
	kref_get(&peer->refs);
	return peer;
}

static void oxt_peer_free_rcu(struct rcu_head *rcu)
{
	struct oxt_peer *peer = container_of(rcu, struct oxt_peer, rcu);

	dst_cache_destroy(&peer->dst_cache);
	kfree_sensitive(peer);
}

static void oxt_peer_release(struct kref *kref)
{
	struct oxt_peer *peer = container_of(kref, struct oxt_peer, refs);

	call_rcu(&peer->rcu, oxt_peer_free_rcu);
}

void oxt_peer_put(struct oxt_peer *peer)
{
	if (peer)
		kref_put(&peer->refs, oxt_peer_release);
}

/**
 * oxt_peer_mark_dead - first step of removing @peer: no timer re-arms,
 * no handshake starts, and its handshake entry leaves the index for good
 * @peer: the peer
 *
 * Under hs_lock: oxt_hs_send_init() checks dead under it before it
 * indexes the handshake, so once the entry is out here it stays out.
 */
void oxt_peer_mark_dead(struct oxt_peer *peer)
{
	spin_lock_bh(&peer->hs_lock);
	WRITE_ONCE(peer->dead, true);
	oxt_index_remove(peer->oxt, &peer->hs_entry);
	spin_unlock_bh(&peer->hs_lock);
}

/**
 * oxt_peer_remove - take a peer out of its device and drop it
 * @peer: the peer; caller holds conf_lock
 *
 * After this no new packet reaches the peer (its prefixes and indexes are
 * gone), its timers and work are stopped, and the device's reference is
 * dropped; in-flight users hold their own references.
 */
void oxt_peer_remove(struct oxt_peer *peer)
{
	struct oxt_dev *oxt = peer->oxt;

	lockdep_assert_held(&oxt->conf_lock);
	oxt_peer_mark_dead(peer);
	oxt_aip_remove_peer(peer);
	list_del_rcu(&peer->list);
	oxt->n_peers--;
	/* Readers that found the peer before now are done after this. */
	synchronize_net();
	oxt_timers_stop(peer);
	flush_workqueue(oxt->wq);
	if (cancel_work_sync(&peer->tx_work))
		oxt_peer_put(peer);
	if (cancel_work_sync(&peer->hs_init_work))
		oxt_peer_put(peer);
	skb_queue_purge(&peer->staged);
	oxt_keys_clear(peer);
	/* Nothing runs for the peer any more: make sure, before the peer
	 * can be freed, that the index does not link it.
	 */
	spin_lock_bh(&peer->hs_lock);
	oxt_index_remove(oxt, &peer->hs_entry);
	memzero_explicit(&peer->hs, sizeof(peer->hs));
	peer->hs_state = OXT_HS_NONE;
	spin_unlock_bh(&peer->hs_lock);
	oxt_peer_put(peer);
}

void oxt_peer_remove_all(struct oxt_dev *oxt)
{
	struct oxt_peer *peer, *tmp;

	list_for_each_entry_safe(peer, tmp, &oxt->peers, list)
		oxt_peer_remove(peer);
}

/* Caller holds conf_lock or rcu_read_lock(); no reference taken. */
struct oxt_peer *oxt_peer_by_key(struct oxt_dev *oxt,
				 const u8 pub[OXT_KEY_LEN])
{
	struct oxt_peer *peer;

	list_for_each_entry_rcu(peer, &oxt->peers, list,
				lockdep_is_held(&oxt->conf_lock))
		if (!crypto_memneq(peer->rem.pub, pub, OXT_KEY_LEN))
			return peer;
	return NULL;
}

/* Configure the endpoint (netlink). */
void oxt_peer_set_endpoint(struct oxt_peer *peer, const struct sockaddr *sa)
{
	write_lock_bh(&peer->ep_lock);
	memset(&peer->ep, 0, sizeof(peer->ep));
	if (sa->sa_family == AF_INET)
		peer->ep.addr.sin = *(const struct sockaddr_in *)sa;
	else if (sa->sa_family == AF_INET6)
		peer->ep.addr.sin6 = *(const struct sockaddr_in6 *)sa;
	write_unlock_bh(&peer->ep_lock);
	dst_cache_reset(&peer->dst_cache);
}

/**
 * oxt_peer_update_endpoint - roaming: an authenticated packet in @skb
 * came from @peer; make its source address the endpoint
 * @peer: the peer
 * @skb: the packet (outer headers still in place)
 *
 * Return: true if the endpoint changed.
 */
bool oxt_peer_update_endpoint(struct oxt_peer *peer, struct sk_buff *skb)
{
	struct oxt_endpoint ep = {};
	bool changed;

	if (ip_hdr(skb)->version == 4) {
		ep.addr.sin.sin_family = AF_INET;
		ep.addr.sin.sin_addr.s_addr = ip_hdr(skb)->saddr;
		ep.addr.sin.sin_port = udp_hdr(skb)->source;
		ep.src4 = ip_hdr(skb)->daddr;
	} else if (ip_hdr(skb)->version == 6) {
		ep.addr.sin6.sin6_family = AF_INET6;
		ep.addr.sin6.sin6_addr = ipv6_hdr(skb)->saddr;
		ep.addr.sin6.sin6_port = udp_hdr(skb)->source;
		ep.addr.sin6.sin6_scope_id =
			ipv6_iface_scope_id(&ipv6_hdr(skb)->saddr,
					    skb->skb_iif);
		ep.src6 = ipv6_hdr(skb)->daddr;
	} else {
		return false;
	}

	read_lock_bh(&peer->ep_lock);
	changed = memcmp(&peer->ep, &ep, sizeof(ep));
	read_unlock_bh(&peer->ep_lock);
	if (!changed)
		return false;
	write_lock_bh(&peer->ep_lock);
	peer->ep = ep;
	write_unlock_bh(&peer->ep_lock);
	dst_cache_reset(&peer->dst_cache);
	return true;
}
