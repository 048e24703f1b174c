// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: session index table and keypairs.
 *
 * Every session (and every handshake in flight) has a random 32-bit local
 * index; the remote puts it after the header of each packet it sends us,
 * so a packet finds its session in O(1) whatever address it came from -
 * which is what lets a peer roam.
 *
 * A peer holds up to three keypairs: @cur (sending and receiving), @prev
 * (the one before, still receiving while packets in flight drain) and
 * @next (a responder's fresh keypair, used for sending only once the
 * initiator has proved it has it by sending with it).
 */
#include <linux/random.h>
#include <linux/slab.h>

#include "oxtunnel.h"

static struct hlist_head *oxt_index_bucket(struct oxt_dev *oxt, u32 index)
{
	return &oxt->index[hash_32(index, OXT_INDEX_BITS)];
}

/* Give @e a fresh random index that no other entry has, and publish it. */
int oxt_index_insert(struct oxt_dev *oxt, struct oxt_index_entry *e)
{
	struct oxt_index_entry *o;
	int tries;

	spin_lock_bh(&oxt->index_lock);
	for (tries = 0; tries < 64; tries++) {
		bool taken = false;

		e->index = get_random_u32();
		hlist_for_each_entry(o, oxt_index_bucket(oxt, e->index), node)
			if (o->index == e->index) {
				taken = true;
				break;
			}
		if (!taken) {
			hlist_add_head_rcu(&e->node,
					   oxt_index_bucket(oxt, e->index));
			spin_unlock_bh(&oxt->index_lock);
			return 0;
		}
	}
	spin_unlock_bh(&oxt->index_lock);
	return -EBUSY;
}

void oxt_index_remove(struct oxt_dev *oxt, struct oxt_index_entry *e)
{
	spin_lock_bh(&oxt->index_lock);
	if (!hlist_unhashed(&e->node))
		hlist_del_init_rcu(&e->node);
	spin_unlock_bh(&oxt->index_lock);
}

/* @new takes over @old's index (the initiator's session keeps the index
 * its INIT announced, which is what the responder sends to).
 */
static int oxt_index_replace(struct oxt_dev *oxt, struct oxt_index_entry *old,
			     struct oxt_index_entry *new)
{
	int err = 0;

	spin_lock_bh(&oxt->index_lock);
	if (hlist_unhashed(&old->node)) {
		err = -ENOENT;
	} else {
		new->index = old->index;
		hlist_replace_rcu(&old->node, &new->node);
		INIT_HLIST_NODE(&old->node);
	}
	spin_unlock_bh(&oxt->index_lock);
	return err;
}

/* Caller holds rcu_read_lock(). */
struct oxt_index_entry *oxt_index_lookup(struct oxt_dev *oxt, u32 index)
{
	struct oxt_index_entry *e;

	hlist_for_each_entry_rcu(e, oxt_index_bucket(oxt, index), node)
		if (e->index == index)
			return e;
	return NULL;
}

/**
 * oxt_keypair_create - keypair from a completed handshake
 * @peer: the peer
 * @hs: the handshake (wiped)
 * @initiator: we sent INIT; the keypair then takes over the index of
 *	the handshake (peer->hs_entry), which the caller holds hs_lock for
 *
 * Return: the keypair, indexed, with one reference; or NULL.
 */
struct oxt_keypair *oxt_keypair_create(struct oxt_peer *peer,
				       struct oxt_handshake *hs,
				       bool initiator)
{
	struct oxt_keypair *kp = kzalloc(sizeof(*kp), GFP_ATOMIC);

	if (!kp)
		return NULL;
	oxt_noise_split(hs, initiator, &kp->keys);
	kp->remote_index = hs->receiver;
	kp->initiator = initiator;
	kp->confirmed = initiator;
	kp->birth = oxt_now_ns();
	kp->entry.peer = peer;
	kp->entry.is_keypair = true;
	INIT_HLIST_NODE(&kp->entry.node);
	spin_lock_init(&kp->replay_lock);
	oxt_replay_init(&kp->replay);
	atomic64_set(&kp->send_counter, 0);
	kref_init(&kp->refs);
	if (initiator ? oxt_index_replace(peer->oxt, &peer->hs_entry,
					  &kp->entry) :
			oxt_index_insert(peer->oxt, &kp->entry)) {
		kfree_sensitive(kp);
		return NULL;
	}
	oxt_peer_get(peer);
	return kp;
}

static void oxt_keypair_free_rcu(struct rcu_head *rcu)
{
	struct oxt_keypair *kp = container_of(rcu, struct oxt_keypair, rcu);

	oxt_peer_put(kp->entry.peer);
	kfree_sensitive(kp);
}

static void oxt_keypair_release(struct kref *kref)
{
	struct oxt_keypair *kp = container_of(kref, struct oxt_keypair, refs);

	oxt_index_remove(kp->entry.peer->oxt, &kp->entry);
	call_rcu(&kp->rcu, oxt_keypair_free_rcu);
}

void oxt_keypair_put(struct oxt_keypair *kp)
{
	if (kp)
		kref_put(&kp->refs, oxt_keypair_release);
}

/* Under RCU: take a reference unless the keypair is being freed. */
bool oxt_keypair_get(struct oxt_keypair *kp)
{
	return kref_get_unless_zero(&kp->refs);
}

/**
 * oxt_keypair_usable - whether a keypair may still carry packets
 * @oxt: the device
 * @kp: the keypair
 * @sending: for sending (counts the send limit) or receiving
 */
bool oxt_keypair_usable(struct oxt_dev *oxt, struct oxt_keypair *kp,
			bool sending)
{
	u64 reject_ns = (u64)READ_ONCE(oxt->rekey_interval) * 3 / 2 *
			NSEC_PER_SEC;

	if (oxt_now_ns() - kp->birth >= reject_ns)
		return false;
	if (sending && atomic64_read(&kp->send_counter) >= OXT_REJECT_MESSAGES)
		return false;
	return true;
}

/* Move @kp into the slots; called with keys_lock held. */
static void oxt_keys_rotate(struct oxt_peer *peer, struct oxt_keypair *kp)
{
	struct oxt_keypair *prev, *next, *cur;

	lockdep_assert_held(&peer->keys_lock);
	prev = rcu_dereference_protected(peer->prev,
					 lockdep_is_held(&peer->keys_lock));
	next = rcu_dereference_protected(peer->next,
					 lockdep_is_held(&peer->keys_lock));
	cur = rcu_dereference_protected(peer->cur,
					lockdep_is_held(&peer->keys_lock));
	if (kp->initiator) {
		/* Usable at once: the responder already has it. */
		if (next) {
			RCU_INIT_POINTER(peer->next, NULL);
			rcu_assign_pointer(peer->prev, next);
			oxt_keypair_put(cur);
		} else {
			rcu_assign_pointer(peer->prev, cur);
		}
		oxt_keypair_put(prev);
		rcu_assign_pointer(peer->cur, kp);
	} else {
		/* Wait for the initiator to use it before sending with it. */
		rcu_assign_pointer(peer->next, kp);
		oxt_keypair_put(next);
	}
}

/**
 * oxt_keys_install - give @peer the keypair of a completed handshake
 * @peer: the peer
 * @kp: the keypair; its reference goes to the peer
 *
 * A removed peer (dead, set before its keys are cleared) takes no new
 * keypair: it would pin the peer and stay in the index forever.
 */
void oxt_keys_install(struct oxt_peer *peer, struct oxt_keypair *kp)
{
	spin_lock_bh(&peer->keys_lock);
	if (READ_ONCE(peer->dead)) {
		spin_unlock_bh(&peer->keys_lock);
		oxt_keypair_put(kp);
		return;
	}
	oxt_keys_rotate(peer, kp);
	spin_unlock_bh(&peer->keys_lock);
}

/**
 * oxt_keys_confirm - a packet arrived under @kp
 * @peer: the peer
 * @kp: the keypair it arrived under
 *
 * Return: true if this promoted @kp from @next to @cur.
 */
bool oxt_keys_confirm(struct oxt_peer *peer, struct oxt_keypair *kp)
{
	struct oxt_keypair *prev, *cur;
	bool promoted = false;

	if (rcu_access_pointer(peer->next) != kp)
		return false;
	spin_lock_bh(&peer->keys_lock);
	if (rcu_access_pointer(peer->next) == kp) {
		prev = rcu_dereference_protected(peer->prev,
						 lockdep_is_held(&peer->keys_lock));
		cur = rcu_dereference_protected(peer->cur,
						lockdep_is_held(&peer->keys_lock));
		RCU_INIT_POINTER(peer->next, NULL);
		rcu_assign_pointer(peer->prev, cur);
		rcu_assign_pointer(peer->cur, kp);
		oxt_keypair_put(prev);
		kp->confirmed = true;
		promoted = true;
	}
	spin_unlock_bh(&peer->keys_lock);
	return promoted;
}

/* Drop every keypair (peer removed, identity changed). */
void oxt_keys_clear(struct oxt_peer *peer)
{
	struct oxt_keypair *a, *b, *c;

	spin_lock_bh(&peer->keys_lock);
	a = rcu_dereference_protected(peer->cur,
				      lockdep_is_held(&peer->keys_lock));
	b = rcu_dereference_protected(peer->prev,
				      lockdep_is_held(&peer->keys_lock));
	c = rcu_dereference_protected(peer->next,
				      lockdep_is_held(&peer->keys_lock));
	RCU_INIT_POINTER(peer->cur, NULL);
	RCU_INIT_POINTER(peer->prev, NULL);
	RCU_INIT_POINTER(peer->next, NULL);
	spin_unlock_bh(&peer->keys_lock);
	oxt_keypair_put(a);
	oxt_keypair_put(b);
	oxt_keypair_put(c);
}

/* The keypair to send with, referenced, or NULL. */
struct oxt_keypair *oxt_keys_current(struct oxt_peer *peer)
{
	struct oxt_keypair *kp;

	rcu_read_lock_bh();
	kp = rcu_dereference_bh(peer->cur);
	if (kp && !oxt_keypair_get(kp))
		kp = NULL;
	rcu_read_unlock_bh();
	return kp;
}

/* The current keypair if it may still send, referenced, or NULL. */
struct oxt_keypair *oxt_keys_sending(struct oxt_peer *peer)
{
	struct oxt_keypair *kp = oxt_keys_current(peer);

	if (kp && !oxt_keypair_usable(peer->oxt, kp, true)) {
		oxt_keypair_put(kp);
		kp = NULL;
	}
	return kp;
}
