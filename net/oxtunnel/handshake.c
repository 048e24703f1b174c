// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: handshake messages on the wire - building and sending INIT,
 * answering with RESPONSE or COOKIE_REPLY, and turning a completed
 * handshake into a session.
 *
 * Received handshake messages are checked cheaply in softirq (length and
 * mac1, which only someone who knows our public key can compute) and
 * queued; the Diffie-Hellman work runs in the device's workqueue, at most
 * OXT_HS_QUEUE_MAX messages deep.  When the queue is more than 1/8 full
 * the device is "under load": an INIT without a valid mac2 - a MAC keyed
 * with a cookie we gave its source address - gets a COOKIE_REPLY instead
 * of a response, so a flood from spoofed addresses costs us one MAC per
 * packet and no DH.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/udp.h>
#include <net/ipv6.h>

#include "compat.h"
#include "oxtunnel.h"
#include "wire.h"

/* Per-skb state of a queued handshake message. */
struct oxt_hs_cb {
	bool under_load;
};

#define OXT_HS_CB(skb) ((struct oxt_hs_cb *)(skb)->cb)

/* Whole datagrams (header + body) of each handshake message. */
#define OXT_INIT_LEN	(OXT_HDR_LEN + sizeof(struct oxt_msg_init))
#define OXT_RESP_LEN	(OXT_HDR_LEN + sizeof(struct oxt_msg_response))
#define OXT_COOKIE_MSG_LEN (OXT_HDR_LEN + sizeof(struct oxt_msg_cookie))

static void oxt_put_ctrl_hdr(u8 *buf, size_t total)
{
	struct oxt_hdr h = {
		.flags = OXT_F_CONTROL,
		.seq = 0,
		.len = total - OXT_HDR_LEN,
	};

	oxt_hdr_put(buf, &h);
}

/* TAI64N: big-endian 2^62 + seconds, then nanoseconds. */
static void oxt_timestamp(u8 ts[OXT_TIMESTAMP_LEN])
{
	struct timespec64 now;

	ktime_get_real_ts64(&now);
	put_unaligned_be64(0x400000000000000aULL + now.tv_sec, ts);
	put_unaligned_be32(now.tv_nsec, ts + 8);
}

/* mac1 over everything before it; mac2 over everything before it, keyed
 * with @cookie (zeros without one).  @mac1 points into @buf.
 */
static void oxt_add_macs(u8 *buf, u8 *mac1, const u8 mac1_key[OXT_HASH_LEN],
			 const u8 *cookie)
{
	u8 *mac2 = mac1 + OXT_MAC_LEN;
	u8 key[OXT_HASH_LEN] = {};

	oxt_mac(mac1, mac1_key, buf, mac1 - buf);
	if (cookie) {
		memcpy(key, cookie, OXT_COOKIE_LEN);
		oxt_mac(mac2, key, buf, mac2 - buf);
	} else {
		memset(mac2, 0, OXT_MAC_LEN);
	}
}

/* The cookie of @skb's source address under the current secret. */
static void oxt_cookie_for(struct oxt_dev *oxt, struct sk_buff *skb,
			   u8 cookie[OXT_COOKIE_LEN])
{
	u8 src[sizeof(struct in6_addr) + sizeof(__be16)];
	u8 secret[OXT_HASH_LEN];
	size_t n;

	spin_lock_bh(&oxt->cookie_lock);
	if (oxt_now_ns() - oxt->cookie_secret_birth >=
	    OXT_COOKIE_SECRET_LIFE * NSEC_PER_SEC) {
		get_random_bytes(oxt->cookie_secret, OXT_HASH_LEN);
		oxt->cookie_secret_birth = oxt_now_ns();
	}
	memcpy(secret, oxt->cookie_secret, OXT_HASH_LEN);
	spin_unlock_bh(&oxt->cookie_lock);

	if (ip_hdr(skb)->version == 4) {
		memcpy(src, &ip_hdr(skb)->saddr, 4);
		n = 4;
	} else {
		memcpy(src, &ipv6_hdr(skb)->saddr, 16);
		n = 16;
	}
	memcpy(src + n, &udp_hdr(skb)->source, 2);
	oxt_mac(cookie, secret, src, n + 2);
	memzero_explicit(secret, sizeof(secret));
}

void oxt_cookie_init(struct oxt_dev *oxt)
{
	spin_lock_init(&oxt->cookie_lock);
	get_random_bytes(oxt->cookie_secret, OXT_HASH_LEN);
	oxt->cookie_secret_birth = oxt_now_ns();
}

/* Cookie we hold from @peer, if still fresh; caller holds hs_lock. */
static const u8 *oxt_peer_cookie(struct oxt_peer *peer)
{
	if (peer->cookie_birth &&
	    oxt_now_ns() - peer->cookie_birth < OXT_COOKIE_LIFE * NSEC_PER_SEC)
		return peer->cookie;
	return NULL;
}

/**
 * oxt_hs_send_init - build and send INIT to @peer
 * @peer: the peer
 *
 * Runs in the workqueue.  A peer that oxt_peer_remove() has marked dead
 * gets no INIT: its handshake entry stays out of the index.
 */
void oxt_hs_send_init(struct oxt_peer *peer)
{
	struct oxt_dev *oxt = peer->oxt;
	u8 buf[OXT_INIT_LEN], e[OXT_KEY_LEN], ts[OXT_TIMESTAMP_LEN];
	struct oxt_msg_init *msg = (struct oxt_msg_init *)(buf + OXT_HDR_LEN);
	int err;

	down_read(&oxt->id_lock);
	if (!oxt->id.set) {
		up_read(&oxt->id_lock);
		return;
	}
	get_random_bytes(e, sizeof(e));
	oxt_timestamp(ts);
	spin_lock_bh(&peer->hs_lock);
	oxt_index_remove(oxt, &peer->hs_entry);
	/* oxt_peer_remove() sets dead and unindexes the entry under
	 * hs_lock: checked here under the same lock, the entry of a
	 * removed peer never comes back into the index (it would outlive
	 * the peer).  The unlocked check of the caller is only a shortcut.
	 */
	err = peer->dead ? -ENOENT : oxt_index_insert(oxt, &peer->hs_entry);
	if (!err) {
		peer->hs.sender = peer->hs_entry.index;
		err = oxt_noise_init_create(&peer->hs, &oxt->id, &peer->rem, e,
					    ts, msg);
	}
	if (err) {
		oxt_index_remove(oxt, &peer->hs_entry);
		peer->hs_state = OXT_HS_NONE;
		spin_unlock_bh(&peer->hs_lock);
		up_read(&oxt->id_lock);
		goto out;
	}
	peer->hs_state = OXT_HS_INIT_SENT;
	oxt_put_ctrl_hdr(buf, sizeof(buf));
	msg->type = OXT_CTRL_HANDSHAKE_INIT;
	msg->sender = cpu_to_le32(peer->hs.sender);
	oxt_add_macs(buf, msg->mac1, peer->rem.mac1_key,
		     oxt_peer_cookie(peer));
	memcpy(peer->last_mac1, msg->mac1, OXT_MAC_LEN);
	spin_unlock_bh(&peer->hs_lock);
	up_read(&oxt->id_lock);

	oxt_timers_hs_sent(peer);
	if (!oxt_socket_send_buf(peer, buf, sizeof(buf)))
		oxt_timers_any_sent(peer);
out:
	memzero_explicit(e, sizeof(e));
}

static void oxt_hs_init_work(struct work_struct *work)
{
	struct oxt_peer *peer = container_of(work, struct oxt_peer,
					     hs_init_work);

	if (!READ_ONCE(peer->dead))
		oxt_hs_send_init(peer);
	oxt_peer_put(peer);
}

void oxt_hs_work_init(struct oxt_peer *peer)
{
	INIT_WORK(&peer->hs_init_work, oxt_hs_init_work);
}

/**
 * oxt_hs_initiate - start (or retry) a handshake with @peer
 * @peer: the peer
 * @retry: from the retransmit timer (always sends)
 *
 * Without @retry, nothing happens while a handshake sent less than
 * OXT_REKEY_TIMEOUT ago is still in flight.  Any context.
 */
void oxt_hs_initiate(struct oxt_peer *peer, bool retry)
{
	u64 now = oxt_now_ns();

	if (READ_ONCE(peer->dead))
		return;
	if (!retry) {
		spin_lock_bh(&peer->hs_lock);
		if (peer->hs_state == OXT_HS_INIT_SENT &&
		    now - peer->hs_last_sent_ns <
			OXT_REKEY_TIMEOUT * NSEC_PER_SEC) {
			spin_unlock_bh(&peer->hs_lock);
			return;
		}
		if (peer->hs_state != OXT_HS_INIT_SENT)
			peer->hs_started_ns = now;
		peer->hs_last_sent_ns = now;
		spin_unlock_bh(&peer->hs_lock);
	} else {
		WRITE_ONCE(peer->hs_last_sent_ns, now);
	}
	oxt_peer_get(peer);
	if (!queue_work(peer->oxt->wq, &peer->hs_init_work))
		oxt_peer_put(peer);
}

/**
 * oxt_hs_abandon - forget @peer's handshake in flight
 * @peer: the peer
 *
 * Our private key changed: an INIT we sent (or a RESPONSE we made) was
 * made with the old one, and its answer can never complete.  Without
 * this the next packet for the peer would wait for the INIT's
 * retransmission, up to OXT_REKEY_TIMEOUT, before a handshake with the
 * new key went out.  Its index entry goes too: a late answer finds no
 * session.  Caller holds id_lock for writing (the INIT built under it
 * for reading after this has the new key).
 */
void oxt_hs_abandon(struct oxt_peer *peer)
{
	spin_lock_bh(&peer->hs_lock);
	if (peer->hs_state != OXT_HS_NONE) {
		oxt_index_remove(peer->oxt, &peer->hs_entry);
		memzero_explicit(&peer->hs, sizeof(peer->hs));
		peer->hs_state = OXT_HS_NONE;
	}
	spin_unlock_bh(&peer->hs_lock);
}

/* Softirq: cheap checks, then queue for the worker.  Consumes @skb. */
void oxt_hs_receive(struct oxt_dev *oxt, struct sk_buff *skb)
{
	size_t want;
	u8 type, mac1[OXT_MAC_LEN];
	u8 *mac;
	int qlen;

	if (!pskb_may_pull(skb, OXT_HDR_LEN + 1))
		goto invalid;
	type = skb->data[OXT_HDR_LEN];
	switch (type) {
	case OXT_CTRL_HANDSHAKE_INIT:
		want = OXT_INIT_LEN;
		break;
	case OXT_CTRL_HANDSHAKE_RESPONSE:
		want = OXT_RESP_LEN;
		break;
	case OXT_CTRL_COOKIE_REPLY:
		want = OXT_COOKIE_MSG_LEN;
		break;
	default:
		oxt_stat_inc(oxt, OXT_STAT_RX_BAD_CONTROL);
		goto drop;
	}
	if (skb->len != want || skb_linearize(skb))
		goto invalid;
	if (type != OXT_CTRL_COOKIE_REPLY) {
		/* mac1 sits 2 MACs before the end in INIT and RESPONSE. */
		mac = skb->data + want - 2 * OXT_MAC_LEN;
		/* Read without id_lock: the key only changes with the
		 * private key, and a torn read just fails the MAC.
		 */
		oxt_mac(mac1, oxt->id.mac1_key, skb->data, mac - skb->data);
		if (crypto_memneq(mac1, mac, OXT_MAC_LEN))
			goto invalid;
	}
	qlen = skb_queue_len(&oxt->hs_queue);
	if (qlen >= OXT_HS_QUEUE_MAX) {
		oxt_stat_inc(oxt, OXT_STAT_HS_QUEUE_FULL);
		goto drop;
	}
	OXT_HS_CB(skb)->under_load = qlen >= OXT_HS_QUEUE_LOAD;
	skb_queue_tail(&oxt->hs_queue, skb);
	queue_work(oxt->wq, &oxt->hs_work);
	return;

invalid:
	oxt_stat_inc(oxt, OXT_STAT_HS_INVALID);
drop:
	dev_core_stats_rx_dropped_inc(oxt->dev);
	kfree_skb(skb);
}

/* Answer an INIT from an address without a valid cookie. */
static void oxt_hs_send_cookie(struct oxt_dev *oxt, struct sk_buff *skb)
{
	const struct oxt_msg_init *in = (const void *)(skb->data +
						       OXT_HDR_LEN);
	u8 buf[OXT_COOKIE_MSG_LEN], cookie[OXT_COOKIE_LEN];
	struct oxt_msg_cookie *msg = (void *)(buf + OXT_HDR_LEN);

	oxt_put_ctrl_hdr(buf, sizeof(buf));
	msg->type = OXT_CTRL_COOKIE_REPLY;
	msg->receiver = in->sender;
	get_random_bytes(msg->nonce, sizeof(msg->nonce));
	oxt_cookie_for(oxt, skb, cookie);
	oxt_cookie_seal(msg, oxt->id.cookie_key, cookie, in->mac1);
	oxt_socket_reply(oxt, skb, buf, sizeof(buf));
	oxt_stat_inc(oxt, OXT_STAT_HS_COOKIE_SENT);
}

/* Under load: does the INIT carry a mac2 made with our cookie? */
static bool oxt_hs_mac2_ok(struct oxt_dev *oxt, struct sk_buff *skb)
{
	const struct oxt_msg_init *in = (const void *)(skb->data +
						       OXT_HDR_LEN);
	u8 cookie[OXT_COOKIE_LEN], key[OXT_HASH_LEN] = {}, mac2[OXT_MAC_LEN];

	oxt_cookie_for(oxt, skb, cookie);
	memcpy(key, cookie, OXT_COOKIE_LEN);
	oxt_mac(mac2, key, skb->data, in->mac2 - skb->data);
	return !crypto_memneq(mac2, in->mac2, OXT_MAC_LEN);
}

static void oxt_hs_process_init(struct oxt_dev *oxt, struct sk_buff *skb)
{
	const struct oxt_msg_init *in = (const void *)(skb->data +
						       OXT_HDR_LEN);
	u8 buf[OXT_RESP_LEN], e[OXT_KEY_LEN];
	struct oxt_msg_response *msg = (void *)(buf + OXT_HDR_LEN);
	struct oxt_handshake hs = {};
	struct oxt_keypair *kp;
	struct oxt_peer *peer;
	enum oxt_stat stat;
	u64 now;

	if (OXT_HS_CB(skb)->under_load && !oxt_hs_mac2_ok(oxt, skb)) {
		oxt_hs_send_cookie(oxt, skb);
		return;
	}

	down_read(&oxt->id_lock);
	if (!oxt->id.set || oxt_noise_init_consume(&hs, &oxt->id, in)) {
		stat = OXT_STAT_HS_INVALID;
		goto err_unlock;
	}
	rcu_read_lock();
	peer = oxt_peer_by_key(oxt, hs.rs_pub);
	if (peer && !kref_get_unless_zero(&peer->refs))
		peer = NULL;
	rcu_read_unlock();
	if (!peer) {
		stat = OXT_STAT_HS_UNKNOWN_PEER;
		goto err_unlock;
	}
	if (oxt_noise_init_finish(&hs, &peer->rem, in)) {
		stat = OXT_STAT_HS_INVALID;
		goto err_put;
	}

	now = oxt_now_ns();
	spin_lock_bh(&peer->hs_lock);
	/* A replayed INIT, or a flood of fresh ones from a real peer. */
	if (memcmp(hs.timestamp, peer->latest_ts, OXT_TIMESTAMP_LEN) <= 0) {
		spin_unlock_bh(&peer->hs_lock);
		stat = OXT_STAT_HS_REPLAY;
		goto err_put;
	}
	if (peer->last_init_ns &&
	    now - peer->last_init_ns < OXT_HS_MIN_INTERVAL_MS * NSEC_PER_MSEC) {
		spin_unlock_bh(&peer->hs_lock);
		stat = OXT_STAT_HS_RATELIMITED;
		goto err_put;
	}
	memcpy(peer->latest_ts, hs.timestamp, OXT_TIMESTAMP_LEN);
	peer->last_init_ns = now;
	spin_unlock_bh(&peer->hs_lock);

	get_random_bytes(e, sizeof(e));
	if (oxt_noise_response_create(&hs, &peer->rem, e, msg)) {
		stat = OXT_STAT_HS_INVALID;
		goto err_put;
	}
	kp = oxt_keypair_create(peer, &hs, false);
	if (!kp) {
		stat = OXT_STAT_TX_ERROR;
		goto err_put;
	}
	oxt_put_ctrl_hdr(buf, sizeof(buf));
	msg->type = OXT_CTRL_HANDSHAKE_RESPONSE;
	msg->sender = cpu_to_le32(kp->entry.index);
	msg->receiver = cpu_to_le32(kp->remote_index);
	spin_lock_bh(&peer->hs_lock);
	oxt_add_macs(buf, msg->mac1, peer->rem.mac1_key,
		     oxt_peer_cookie(peer));
	spin_unlock_bh(&peer->hs_lock);
	/* Still under id_lock: a private key change waits for this session
	 * (made with the old key) to be installed, then clears it.
	 */
	oxt_keys_install(peer, kp);
	up_read(&oxt->id_lock);

	/* The INIT authenticated its source: that is where the peer is. */
	oxt_peer_update_endpoint(peer, skb);
	if (!oxt_socket_send_buf(peer, buf, sizeof(buf)))
		oxt_timers_any_sent(peer);
	oxt_hs_completed(peer, false);
	oxt_peer_put(peer);
	memzero_explicit(e, sizeof(e));
	return;

err_put:
	oxt_peer_put(peer);
err_unlock:
	up_read(&oxt->id_lock);
	memzero_explicit(&hs, sizeof(hs));
	memzero_explicit(e, sizeof(e));
	oxt_stat_inc(oxt, stat);
}

/**
 * oxt_hs_completed - account a completed handshake with @peer
 * @peer: the peer, whose new keypair is installed
 * @initiator: we sent the INIT (else we answered it)
 *
 * Both ends of a handshake call this: the statistics, and the timers -
 * key erasure in particular counts from the last handshake, whoever
 * initiated it.
 */
void oxt_hs_completed(struct oxt_peer *peer, bool initiator)
{
	WRITE_ONCE(peer->last_handshake_ns, ktime_get_real_ns());
	atomic64_inc(&peer->handshakes);
	oxt_timers_hs_done(peer, initiator);
	oxt_timers_any_received(peer);
}

/* The handshake entry @index names, referenced; NULL if none. */
static struct oxt_peer *oxt_hs_peer_by_index(struct oxt_dev *oxt, __le32 idx)
{
	struct oxt_index_entry *e;
	struct oxt_peer *peer = NULL;

	rcu_read_lock_bh();
	e = oxt_index_lookup(oxt, le32_to_cpu(idx));
	if (e && !e->is_keypair && kref_get_unless_zero(&e->peer->refs))
		peer = e->peer;
	rcu_read_unlock_bh();
	return peer;
}

static void oxt_hs_process_response(struct oxt_dev *oxt, struct sk_buff *skb)
{
	const struct oxt_msg_response *in = (const void *)(skb->data +
							   OXT_HDR_LEN);
	struct oxt_keypair *kp = NULL;
	struct oxt_peer *peer;
	enum oxt_stat stat = OXT_STAT_HS_INVALID;

	peer = oxt_hs_peer_by_index(oxt, in->receiver);
	if (!peer) {
		oxt_stat_inc(oxt, OXT_STAT_RX_UNKNOWN_SESSION);
		return;
	}
	down_read(&oxt->id_lock);
	spin_lock_bh(&peer->hs_lock);
	if (peer->hs_state == OXT_HS_INIT_SENT &&
	    peer->hs.sender == le32_to_cpu(in->receiver) &&
	    !oxt_noise_response_consume(&peer->hs, &oxt->id, &peer->rem, in)) {
		kp = oxt_keypair_create(peer, &peer->hs, true);
		peer->hs_state = OXT_HS_NONE;
		oxt_index_remove(oxt, &peer->hs_entry);
		if (!kp)
			stat = OXT_STAT_TX_ERROR;
	}
	spin_unlock_bh(&peer->hs_lock);
	/* Under id_lock, as in oxt_hs_process_init(). */
	if (kp)
		oxt_keys_install(peer, kp);
	up_read(&oxt->id_lock);
	if (!kp) {
		oxt_stat_inc(oxt, stat);
		oxt_peer_put(peer);
		return;
	}

	oxt_peer_update_endpoint(peer, skb);
	oxt_hs_completed(peer, true);
	/* Confirm the session to the responder: data, or a keepalive. */
	local_bh_disable();
	oxt_send_keepalive(peer);
	local_bh_enable();
	oxt_peer_put(peer);
}

static void oxt_hs_process_cookie(struct oxt_dev *oxt, struct sk_buff *skb)
{
	const struct oxt_msg_cookie *in = (const void *)(skb->data +
							 OXT_HDR_LEN);
	u8 cookie[OXT_COOKIE_LEN];
	struct oxt_peer *peer;

	peer = oxt_hs_peer_by_index(oxt, in->receiver);
	if (!peer) {
		oxt_stat_inc(oxt, OXT_STAT_RX_UNKNOWN_SESSION);
		return;
	}
	spin_lock_bh(&peer->hs_lock);
	if (!oxt_cookie_open(in, peer->rem.cookie_key, peer->last_mac1,
			     cookie)) {
		memcpy(peer->cookie, cookie, OXT_COOKIE_LEN);
		peer->cookie_birth = oxt_now_ns();
	} else {
		oxt_stat_inc(oxt, OXT_STAT_HS_INVALID);
	}
	spin_unlock_bh(&peer->hs_lock);
	oxt_peer_put(peer);
}

/* Worker: drain the handshake queue, a bounded batch per run. */
void oxt_hs_worker(struct work_struct *work)
{
	struct oxt_dev *oxt = container_of(work, struct oxt_dev, hs_work);
	struct sk_buff *skb;
	int budget = 256;

	while (budget-- && (skb = skb_dequeue(&oxt->hs_queue))) {
		switch (skb->data[OXT_HDR_LEN]) {
		case OXT_CTRL_HANDSHAKE_INIT:
			oxt_hs_process_init(oxt, skb);
			break;
		case OXT_CTRL_HANDSHAKE_RESPONSE:
			oxt_hs_process_response(oxt, skb);
			break;
		case OXT_CTRL_COOKIE_REPLY:
			oxt_hs_process_cookie(oxt, skb);
			break;
		}
		consume_skb(skb);
		cond_resched();
	}
	if (!skb_queue_empty_lockless(&oxt->hs_queue))
		queue_work(oxt->wq, &oxt->hs_work);
}
