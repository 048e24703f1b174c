// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: per-peer timers.
 *
 *  retransmit  INIT unanswered for OXT_REKEY_TIMEOUT (+ jitter): send it
 *              again, for at most OXT_REKEY_ATTEMPT_TIME, then give up
 *              and drop the packets waiting for the session
 *  newhs       data sent but nothing received for KEEPALIVE + REKEY
 *              timeouts: the peer may have moved or lost its keys; start
 *              a new handshake from a fresh source address
 *  passive     data received and nothing sent for OXT_KEEPALIVE_TIMEOUT:
 *              send a keepalive so the peer knows the session works
 *  keepalive   persistent keepalive every peer->keepalive seconds, which
 *              holds NAT mappings open (and starts a handshake if needed)
 *  zero        3 x the session lifetime (3 x 1.5 x rekey-interval) after
 *              the last completed handshake, whichever end initiated
 *              it: erase every key of the peer
 */
#include <linux/random.h>

#include "oxtunnel.h"
#include "wire.h"

static bool oxt_timer_live(struct oxt_peer *peer)
{
	return !READ_ONCE(peer->dead) && netif_running(peer->oxt->dev);
}

static void oxt_mod(struct oxt_peer *peer, struct timer_list *t,
		    unsigned long expires)
{
	if (!READ_ONCE(peer->dead))
		mod_timer(t, expires);
}

static void oxt_timer_retransmit(struct timer_list *t)
{
	struct oxt_peer *peer = from_timer(peer, t, timer_retransmit);
	bool give_up;

	if (!oxt_timer_live(peer))
		return;
	spin_lock_bh(&peer->hs_lock);
	if (peer->hs_state != OXT_HS_INIT_SENT) {
		spin_unlock_bh(&peer->hs_lock);
		return;
	}
	give_up = oxt_now_ns() - peer->hs_started_ns >=
		  OXT_REKEY_ATTEMPT_TIME * NSEC_PER_SEC;
	if (give_up) {
		peer->hs_state = OXT_HS_NONE;
		oxt_index_remove(peer->oxt, &peer->hs_entry);
	}
	spin_unlock_bh(&peer->hs_lock);
	if (give_up) {
		skb_queue_purge(&peer->staged);
		return;
	}
	/* Maybe our source address is what broke: choose again. */
	oxt_socket_clear_src(peer);
	oxt_hs_initiate(peer, true);
}

static void oxt_timer_newhs(struct timer_list *t)
{
	struct oxt_peer *peer = from_timer(peer, t, timer_newhs);

	if (!oxt_timer_live(peer))
		return;
	oxt_socket_clear_src(peer);
	oxt_hs_initiate(peer, false);
}

static void oxt_timer_passive(struct timer_list *t)
{
	struct oxt_peer *peer = from_timer(peer, t, timer_passive);

	if (oxt_timer_live(peer))
		oxt_send_keepalive(peer);
}

static void oxt_timer_keepalive(struct timer_list *t)
{
	struct oxt_peer *peer = from_timer(peer, t, timer_keepalive);
	struct oxt_keypair *kp;

	if (!oxt_timer_live(peer) || !READ_ONCE(peer->keepalive))
		return;
	kp = oxt_keys_sending(peer);
	if (kp) {
		oxt_send_control(peer, OXT_CTRL_KEEPALIVE);
	} else {
		oxt_hs_initiate(peer, false);
		oxt_mod(peer, &peer->timer_keepalive,
			jiffies + READ_ONCE(peer->keepalive) * HZ);
	}
	oxt_keypair_put(kp);
}

static void oxt_timer_zero(struct timer_list *t)
{
	struct oxt_peer *peer = from_timer(peer, t, timer_zero);

	if (!READ_ONCE(peer->dead))
		oxt_keys_clear(peer);
}

void oxt_timers_init(struct oxt_peer *peer)
{
	timer_setup(&peer->timer_retransmit, oxt_timer_retransmit, 0);
	timer_setup(&peer->timer_newhs, oxt_timer_newhs, 0);
	timer_setup(&peer->timer_passive, oxt_timer_passive, 0);
	timer_setup(&peer->timer_keepalive, oxt_timer_keepalive, 0);
	timer_setup(&peer->timer_zero, oxt_timer_zero, 0);
}

/* The peer is dead (peer->dead set): no timer runs or re-arms after. */
void oxt_timers_stop(struct oxt_peer *peer)
{
	timer_shutdown_sync(&peer->timer_retransmit);
	timer_shutdown_sync(&peer->timer_newhs);
	timer_shutdown_sync(&peer->timer_passive);
	timer_shutdown_sync(&peer->timer_keepalive);
	timer_shutdown_sync(&peer->timer_zero);
}

void oxt_timers_hs_sent(struct oxt_peer *peer)
{
	oxt_mod(peer, &peer->timer_retransmit,
		jiffies + OXT_REKEY_TIMEOUT * HZ +
		get_random_u32_below(HZ / 3));
}

/**
 * oxt_zero_timeout - delay from a completed handshake to key erasure
 * @rekey_interval: the device's rekey interval, seconds
 *
 * Three session lifetimes (reject after time, 1.5 x rekey-interval).
 *
 * Return: the delay in jiffies.
 */
unsigned long oxt_zero_timeout(u32 rekey_interval)
{
	return (unsigned long)((u64)rekey_interval * 9 * HZ / 2);
}

/**
 * oxt_timers_hs_done - a handshake with @peer completed
 * @peer: the peer
 * @initiator: we sent its INIT (else we answered it)
 *
 * Either way the peer has new keys: key erasure moves to three session
 * lifetimes from now.  Our own INIT needs no more retries only if this
 * was its answer.
 */
void oxt_timers_hs_done(struct oxt_peer *peer, bool initiator)
{
	if (initiator)
		del_timer(&peer->timer_retransmit);
	oxt_mod(peer, &peer->timer_zero,
		jiffies + oxt_zero_timeout(READ_ONCE(peer->oxt->rekey_interval)));
}

void oxt_timers_data_sent(struct oxt_peer *peer)
{
	if (!timer_pending(&peer->timer_newhs))
		oxt_mod(peer, &peer->timer_newhs,
			jiffies + (OXT_KEEPALIVE_TIMEOUT + OXT_REKEY_TIMEOUT) *
				  HZ);
	oxt_timers_any_sent(peer);
}

void oxt_timers_any_sent(struct oxt_peer *peer)
{
	u16 ka = READ_ONCE(peer->keepalive);

	del_timer(&peer->timer_passive);
	if (ka)
		oxt_mod(peer, &peer->timer_keepalive, jiffies + ka * HZ);
}

void oxt_timers_any_received(struct oxt_peer *peer)
{
	del_timer(&peer->timer_newhs);
}

void oxt_timers_data_received(struct oxt_peer *peer)
{
	oxt_timers_any_received(peer);
	if (!timer_pending(&peer->timer_passive))
		oxt_mod(peer, &peer->timer_passive,
			jiffies + OXT_KEEPALIVE_TIMEOUT * HZ);
}

/* Keepalive interval configured: send one now (it re-arms itself). */
void oxt_timers_keepalive_set(struct oxt_peer *peer)
{
	if (READ_ONCE(peer->keepalive))
		oxt_mod(peer, &peer->timer_keepalive, jiffies);
	else
		del_timer(&peer->timer_keepalive);
}
