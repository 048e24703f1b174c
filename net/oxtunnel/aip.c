// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: allowed IPs.  Each peer owns prefixes; a packet to send goes
 * to the peer with the longest prefix matching its destination, and a
 * packet received from a peer must have a source inside that peer's own
 * prefixes.
 *
 * The table is one RCU list per device kept sorted by prefix length,
 * longest first, so the first match is the longest.  Lookups are linear
 * in the number of prefixes - fine for the site-to-site tunnels this is
 * for (tens of prefixes); writers hold conf_lock.
 */
#include <linux/in6.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "oxtunnel.h"

static bool oxt_aip_match(const struct oxt_aip *a, u16 family,
			  const void *addr)
{
	if (a->family != family)
		return false;
	if (family == AF_INET) {
		__be32 mask = a->cidr ? htonl(~0U << (32 - a->cidr)) : 0;

		return !((*(const __be32 *)addr ^ a->addr.v4) & mask);
	}
	return ipv6_prefix_equal(addr, &a->addr.v6, a->cidr);
}

/* Zero the host bits of a prefix. */
static void oxt_aip_mask(struct oxt_aip *a)
{
	struct in6_addr addr;

	if (a->family == AF_INET) {
		a->addr.v4 &= a->cidr ? htonl(~0U << (32 - a->cidr)) : 0;
		return;
	}
	/* ipv6_addr_prefix() clears its output first: not in place. */
	addr = a->addr.v6;
	ipv6_addr_prefix(&a->addr.v6, &addr, a->cidr);
}

/**
 * oxt_aip_add - give @peer a prefix
 * @peer: the peer
 * @family: AF_INET or AF_INET6
 * @addr: 4 or 16 bytes
 * @cidr: prefix length
 *
 * A prefix another peer has moves to @peer (as in WireGuard).  Caller
 * holds conf_lock.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int oxt_aip_add(struct oxt_peer *peer, u16 family, const void *addr, u8 cidr)
{
	struct oxt_dev *oxt = peer->oxt;
	struct oxt_aip *a, *pos;

	lockdep_assert_held(&oxt->conf_lock);
	if ((family == AF_INET && cidr > 32) ||
	    (family == AF_INET6 && cidr > 128) ||
	    (family != AF_INET && family != AF_INET6))
		return -EINVAL;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->family = family;
	a->cidr = cidr;
	a->peer = peer;
	memcpy(&a->addr, addr, family == AF_INET ? 4 : 16);
	oxt_aip_mask(a);

	/* The same prefix elsewhere: take it over. */
	list_for_each_entry(pos, &oxt->aips, list) {
		if (pos->family == family && pos->cidr == cidr &&
		    !memcmp(&pos->addr, &a->addr, family == AF_INET ? 4 : 16)) {
			kfree(a);
			if (pos->peer != peer) {
				list_move_tail(&pos->peer_list, &peer->aips);
				WRITE_ONCE(pos->peer, peer);
			}
			return 0;
		}
	}
	list_for_each_entry(pos, &oxt->aips, list)
		if (pos->cidr < cidr)
			break;
	list_add_tail_rcu(&a->list, &pos->list);
	list_add_tail(&a->peer_list, &peer->aips);
	return 0;
}

/* Remove all of @peer's prefixes; caller holds conf_lock. */
void oxt_aip_remove_peer(struct oxt_peer *peer)
{
	struct oxt_aip *a, *tmp;

	lockdep_assert_held(&peer->oxt->conf_lock);
	list_for_each_entry_safe(a, tmp, &peer->aips, peer_list) {
		list_del(&a->peer_list);
		list_del_rcu(&a->list);
		kfree_rcu(a, rcu);
	}
}

/* Caller holds rcu_read_lock(); no reference is taken. */
struct oxt_peer *oxt_aip_lookup(struct oxt_dev *oxt, u16 family,
				const void *addr)
{
	struct oxt_aip *a;

	list_for_each_entry_rcu(a, &oxt->aips, list)
		if (oxt_aip_match(a, family, addr))
			return READ_ONCE(a->peer);
	return NULL;
}
