// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: making, keying and freeing connections.
 *
 * A connection is made in process context (connect(), or a listener's
 * accept work) because deriving the Initial keys allocates crypto
 * transforms.  Its last reference may go in softirq (a CID lookup), so it
 * is freed from tquic_wq.
 */
#include <linux/slab.h>
#include <linux/uio.h>
#include <net/tcp_states.h>

#include "compat.h"
#include "conn.h"
#include "rxzc.h"
#include "event.h"
#include "sock.h"
#include "keyupdate.h"
#include "recovery.h"
#include "reset.h"
#include "stream.h"
#include "token.h"
#include "tquic.h"
#include "version.h"

static void tquic_idle_timer_fn(struct timer_list *t);

static void tquic_crypto_list_free(struct list_head *head)
{
	struct tquic_crypto_buf *b, *tmp;

	list_for_each_entry_safe(b, tmp, head, node) {
		list_del(&b->node);
		kfree_sensitive(b);
	}
}

/**
 * tquic_crypto_space_free - free a level's CRYPTO data
 * @sp: the space
 */
void tquic_crypto_space_free(struct tquic_space *sp)
{
	struct tquic_range *r, *tmp;

	tquic_crypto_list_free(&sp->crypto_rx_ooo);
	sp->crypto_rx_ooo_bytes = 0;
	tquic_crypto_list_free(&sp->crypto_tx);
	tquic_crypto_list_free(&sp->crypto_sent);
	list_for_each_entry_safe(r, tmp, &sp->crypto_lost, node) {
		list_del(&r->node);
		kfree(r);
	}
}

static void tquic_conn_free_work(struct work_struct *work)
{
	struct tquic_conn *c = container_of(work, struct tquic_conn,
					    free_work);
	struct tquic_space *sp;
	int i;

	tquic_conntab_del(c);
	tquic_sched_release(&c->sched);
	for (i = 0; i < TQUIC_LEVEL_NUM; i++) {
		sp = &c->space[i];
		tquic_key_free(&sp->rx_key);
		tquic_key_free(&sp->tx_key);
		tquic_hp_free(&sp->rx_hp);
		tquic_hp_free(&sp->tx_hp);
		tquic_crypto_space_free(sp);
	}
	tquic_ku_free(c);
	tquic_early_free(c);
	skb_queue_purge(&c->key_held);
	tquic_vneg_free(c);
	tquic_drain_free(c);
	tquic_retry_free(c);
	tquic_rx_purge(c);
	tquic_rx_zc_free(c);
	tquic_txbuf_free(c);
	atomic_dec(&tquic_net(c->net)->nconns);
	tquic_paths_udp_release(c);
	tquic_udp_put(c->path0.udp);
	sock_put(c->sk);
	kfree_rcu(c, rcu);
}

/**
 * tquic_conn_put - drop a reference; the last one frees the connection
 * @c: connection
 */
void tquic_conn_put(struct tquic_conn *c)
{
	if (refcount_dec_and_test(&c->refs))
		queue_work(tquic_wq, &c->free_work);
}

/**
 * tquic_conn_unroute - stop routing the connection's IDs to it
 * @c: connection; the socket lock held, or no socket any more (drain.c)
 */
void tquic_conn_unroute(struct tquic_conn *c)
{
	if (c->scid.len) {
		tquic_cid_del(c->net, &c->scid);
		c->scid.len = 0;
	}
	tquic_cids_unroute(c);
	tquic_mp_free(c);
	if (c->odcid_routed) {
		tquic_cid_del(c->net, &c->idcid);
		c->odcid_routed = false;
	}
	tquic_reset_del(c);
}

/**
 * tquic_initial_keys_derive - Initial keys of @version from c->idcid
 * @c: connection
 * @version: QUIC version
 * @rx: our receive key
 * @rx_hp: its header protection
 * @tx: our send key
 * @tx_hp: its header protection
 *
 * Context: process.
 * Return: 0 or a crypto error.
 */
int tquic_initial_keys_derive(struct tquic_conn *c, u32 version,
			      struct tquic_pp_key *rx, struct tquic_hp_key *rx_hp,
			      struct tquic_pp_key *tx, struct tquic_hp_key *tx_hp)
{
	const struct tquic_suite *s =
		tquic_suite_find(TQUIC_TLS_AES_128_GCM_SHA256);
	u8 cs[TQUIC_INITIAL_SECRET_LEN], ss[TQUIC_INITIAL_SECRET_LEN];
	int err;

	err = tquic_initial_secrets(version, c->idcid.id, c->idcid.len,
				    cs, ss);
	if (!err)
		err = tquic_key_install(rx, rx_hp, s, version,
					c->is_server ? cs : ss);
	if (!err)
		err = tquic_key_install(tx, tx_hp, s, version,
					c->is_server ? ss : cs);
	memzero_explicit(cs, sizeof(cs));
	memzero_explicit(ss, sizeof(ss));
	return err;
}

/**
 * tquic_conn_initial_keys - (re)derive the Initial keys from c->idcid
 * @c: connection
 *
 * A client also derives those of the other version it offers (version.c).
 *
 * Context: process.
 * Return: 0 or a crypto error.
 */
int tquic_conn_initial_keys(struct tquic_conn *c)
{
	struct tquic_space *ini = &c->space[TQUIC_LEVEL_INITIAL];
	int err;

	tquic_key_free(&ini->rx_key);
	tquic_key_free(&ini->tx_key);
	err = tquic_initial_keys_derive(c, c->version, &ini->rx_key,
					&ini->rx_hp, &ini->tx_key,
					&ini->tx_hp);
	return err ?: tquic_vneg_prepare(c);
}

/**
 * tquic_conn_new - a connection for socket @sk
 * @sk: its socket
 * @u: the UDP socket it uses
 * @is_server: accepted (else we connect)
 * @version: QUIC version
 * @local: our address
 * @peer: the peer's address
 * @odcid: server: the DCID of the client's first Initial
 * @retry_scid: server: the SCID of the Retry the client answered (the
 *	DCID of its Initial now), or NULL
 * @peer_scid: server: the client's SCID
 *
 * A client picks a random 8-byte original DCID.  Both derive the Initial
 * keys from the DCID of the client's Initial packets (the original, or
 * after a Retry the Retry's SCID) and route their own random SCID (a
 * server, the client's Initial DCID too) to the connection.
 *
 * Context: process.
 * Return: the connection with one reference (the socket's), or
 * ERR_PTR(-ENOBUFS) over net.tquic.max_connections, -EEXIST for an
 * original DCID already routed, -ENOMEM or a crypto error.
 */
struct tquic_conn *tquic_conn_new(struct sock *sk, struct tquic_udp_sock *u,
				  bool is_server, u32 version,
				  const struct sockaddr_storage *local,
				  const struct sockaddr_storage *peer,
				  const struct tquic_cid *odcid,
				  const struct tquic_cid *retry_scid,
				  const struct tquic_cid *peer_scid)
{
	struct tquic_net *tn = tquic_net(sock_net(sk));
	char cc_name[TQUIC_ALG_NAME_MAX], sched_name[TQUIC_ALG_NAME_MAX];
	struct tquic_conn *c;
	int err, i;

	if (atomic_inc_return(&tn->nconns) >
	    READ_ONCE(tn->params.max_connections)) {
		atomic_dec(&tn->nconns);
		TQUIC_INC_STATS(sock_net(sk), TQUIC_MIB_CONN_REJECTED);
		return ERR_PTR(-ENOBUFS);
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		atomic_dec(&tn->nconns);
		return ERR_PTR(-ENOMEM);
	}
	c->path = &c->path0;
	c->path0.sp = &c->space[TQUIC_LEVEL_APP];
	c->path0.state = TQUIC_PATH_ACTIVE;
	c->path0.weight = 1;
	c->mp.paths[0] = &c->path0;
	c->mp.npaths = 1;
	tquic_cc_group_init(&c->cc_group);
	refcount_set(&c->refs, 1);
	INIT_WORK(&c->free_work, tquic_conn_free_work);
	sock_hold(sk);
	c->sk = sk;
	c->net = sock_net(sk);
	tquic_udp_hold(u);
	c->path->udp = u;
	c->is_server = is_server;
	c->version = version;
	tquic_vneg_init(c, version);
	c->path->local = *local;
	c->path->peer = *peer;
	for (i = 0; i < TQUIC_LEVEL_NUM; i++) {
		INIT_LIST_HEAD(&c->space[i].crypto_rx_ooo);
		INIT_LIST_HEAD(&c->space[i].crypto_tx);
		INIT_LIST_HEAD(&c->space[i].crypto_sent);
		INIT_LIST_HEAD(&c->space[i].crypto_lost);
	}
	c->streams = RB_ROOT;
	INIT_LIST_HEAD(&c->send_streams);
	tquic_txbuf_init(c);
	skb_queue_head_init(&c->dgram_q);
	tquic_net_cc_name(tn, cc_name);
	timer_setup(&c->idle_timer, tquic_idle_timer_fn, 0);
	tquic_ku_init(c);
	tquic_early_init(c);
	skb_queue_head_init(&c->key_held);
	tquic_endpoints_init_conn(c);
	tquic_rx_init(c);
	c->rx_zc_stream = -1;
	c->rx_zc_on = READ_ONCE(tn->params.rx_zerocopy);
	c->rx_hold_ns = READ_ONCE(tn->params.rx_hold_us) * NSEC_PER_USEC;
	c->path->max_dgram = TQUIC_MAX_DATAGRAM;
	err = tquic_recovery_init(c, cc_name);
	if (err)
		goto err;
	/* Slow start ends on RTT growth (cong_rate.c); its paths inherit */
	c->path0.cc.hystart = READ_ONCE(tn->params.hystart);
	tquic_net_sched_name(tn, sched_name);
	err = tquic_sched_init(&c->sched, sched_name);
	if (err)
		goto err;

	err = tquic_cid_add(c->net, c, &c->scid);
	if (err)
		goto err;
	if (is_server) {
		c->odcid = *odcid;
		c->idcid = retry_scid ? *retry_scid : *odcid;
		c->retried = retry_scid;
		c->addr_validated = retry_scid;
		c->dcid = *peer_scid;
		err = tquic_cid_add(c->net, c, &c->idcid);
		if (err)
			goto err;
		c->odcid_routed = true;
	} else {
		c->odcid.len = TQUIC_LOCAL_CID_LEN;
		get_random_bytes(c->odcid.id, c->odcid.len);
		c->dcid = c->odcid;
		c->idcid = c->odcid;
		c->addr_validated = true;
	}
	tquic_retry_init(c);
	err = tquic_conn_initial_keys(c);
	if (err)
		goto err;
	tquic_conn_tparams_init(c, &tquic_sk(sk)->tp);
	err = tquic_conntab_add(c);
	if (err)
		goto err;
	c->idle_last = jiffies;
	tquic_conn_idle_check(c);
	return c;

err:
	tquic_conn_unroute(c);
	del_timer_sync(&c->idle_timer);
	tquic_recovery_stop(c);
	tquic_conn_put(c);
	return ERR_PTR(err);
}

/**
 * tquic_conn_close - the socket lets go of its connection
 * @c: connection; the caller holds the socket lock and gives up its
 *	reference
 *
 * Its connection IDs stop routing at once, or at the end of its closing
 * or draining period (drain.c); packets in flight find it closed.
 */
void tquic_conn_close(struct tquic_conn *c)
{
	local_bh_disable();
	bh_lock_sock(c->sk);
	c->rx_offload = false;	/* what waits is dropped by the work */
	bh_unlock_sock(c->sk);
	local_bh_enable();
	if (c->state != TQUIC_CONN_CLOSED) {
		local_bh_disable();
		tquic_conn_app_close(c, true, 0, NULL, 0);
		local_bh_enable();
	}
	if (!tquic_drain_hold(c))
		tquic_conn_unroute(c);
	del_timer_sync(&c->idle_timer);
	tquic_recovery_stop(c);
	tquic_streams_free(c);
	skb_queue_purge(&c->dgram_q);
	tquic_conn_put(c);
}

/* The connection is over: nothing more is sent or received. */
static void tquic_conn_end(struct tquic_conn *c, int err)
{
	struct sock *sk = c->sk;

	if (c->state == TQUIC_CONN_ESTABLISHED)
		TQUIC_INC_STATS(c->net, TQUIC_MIB_CONN_CLOSED);
	c->state = TQUIC_CONN_CLOSED;
	/* ETIMEDOUT: the idle timeout, which has no period (10.1) */
	tquic_drain_start(c, err != ETIMEDOUT);
	del_timer(&c->timer);
	del_timer(&c->idle_timer);
	if (err)
		WRITE_ONCE(sk->sk_err, err);
	inet_sk_set_state(sk, TCP_CLOSE);
	sk->sk_shutdown = SHUTDOWN_MASK;
	tquic_event_close(c);
	tquic_nl_conn_event(c, TQUIC_NL_EVENT_CONN_CLOSED);
	sk_error_report(sk);
	sk->sk_state_change(sk);
}

/* The idle timeout in jiffies: the smaller of the two announced (0 is
 * none), at least three probe timeouts; 0 for none.
 */
static unsigned long tquic_idle_period(const struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	u64 ms = c->ltp.max_idle_timeout, peer = c->ptp.max_idle_timeout;
	u64 pto;

	if (c->ptp_set && peer && (!ms || peer < ms))
		ms = peer;
	if (!ms)
		return 0;
	ms = min_t(u64, ms, UINT_MAX);	/* msecs_to_jiffies() takes 32 bits */
	pto = path->rtt.sampled ? path->rtt.smoothed + 4 * path->rtt.var :
			       3 * 333 * NSEC_PER_MSEC;
	return max(msecs_to_jiffies(ms), nsecs_to_jiffies(3 * pto));
}

/**
 * tquic_conn_idle_touch - restart the idle period: a packet arrived, or
 *	the first ack-eliciting packet since then left
 * @c: connection
 * @sent: it is a packet we sent
 */
void tquic_conn_idle_touch(struct tquic_conn *c, bool sent)
{
	if (sent && c->idle_sent)
		return;
	c->idle_sent = sent;
	c->idle_last = jiffies;
}

/**
 * tquic_conn_idle_check - close the connection silently when it was idle
 *	too long, else wait for the rest of the period
 * @c: connection; caller holds the socket lock
 */
void tquic_conn_idle_check(struct tquic_conn *c)
{
	unsigned long period = tquic_idle_period(c);

	if (c->state == TQUIC_CONN_CLOSED || !period)
		return;
	if (time_before(jiffies, c->idle_last + period)) {
		mod_timer(&c->idle_timer, c->idle_last + period);
		return;
	}
	c->close_error = TQUIC_ERR_NO_ERROR;
	c->close_frame_type = 0;
	c->close_app = false;
	c->close_by_peer = false;
	c->close_reason_len = sizeof("idle timeout") - 1;
	memcpy(c->close_reason, "idle timeout", c->close_reason_len);
	tquic_conn_end(c, ETIMEDOUT);
}

static void tquic_idle_timer_fn(struct timer_list *t)
{
	struct tquic_conn *c = from_timer(c, t, idle_timer);
	struct sock *sk = c->sk;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		c->idle_deferred = true;
	else
		tquic_conn_idle_check(c);
	bh_unlock_sock(sk);
}

/**
 * tquic_conn_fail - we close the connection for a protocol error
 * @c: connection
 * @code: the QUIC transport error, sent in CONNECTION_CLOSE
 * @err: what the socket reports (EPROTO)
 */
void tquic_conn_fail(struct tquic_conn *c, u64 code, int err)
{
	if (c->state == TQUIC_CONN_CLOSED)
		return;
	c->close_error = code;
	c->close_frame_type = 0;
	c->close_app = false;
	c->close_by_peer = false;
	c->close_reason_len = 0;
	tquic_output_close(c);
	tquic_conn_end(c, err);
}

/**
 * tquic_conn_peer_closed - the peer sent CONNECTION_CLOSE
 * @c: connection
 * @f: the frame
 */
void tquic_conn_peer_closed(struct tquic_conn *c, const struct tquic_frame *f)
{
	if (c->state == TQUIC_CONN_CLOSED)
		return;
	c->close_error = f->close.error;
	c->close_app = f->type == TQUIC_FT_CONNECTION_CLOSE_APP;
	c->close_frame_type = c->close_app ? 0 : f->close.frame_type;
	c->close_by_peer = true;
	c->close_reason_len = min_t(u64, f->close.reason_len,
				    TQUIC_CLOSE_REASON_MAX);
	memcpy(c->close_reason, f->close.reason, c->close_reason_len);
	/* An application closing cleanly is not an error for the reader. */
	tquic_conn_end(c, c->close_app && !c->close_error ? 0 : ECONNRESET);
}

/* The peer ended the connection without a CONNECTION_CLOSE (a stateless
 * reset, Version Negotiation): the close info says so with @reason, no
 * error code; the socket gets @err.
 */
static void tquic_conn_peer_gone(struct tquic_conn *c, const char *reason,
				 int err)
{
	c->close_error = TQUIC_ERR_NO_ERROR;
	c->close_frame_type = 0;
	c->close_app = false;
	c->close_by_peer = true;
	c->close_reason_len = strlen(reason);
	memcpy(c->close_reason, reason, c->close_reason_len);
	tquic_conn_end(c, err);
}

/**
 * tquic_conn_stateless_reset - the peer sent a stateless reset (RFC 9000,
 *	10.3.1)
 * @c: connection
 *
 * The connection ends at once and sends nothing more; the socket reports
 * ECONNRESET and the close info a close by the peer with no error code
 * and the reason "stateless reset".
 */
void tquic_conn_stateless_reset(struct tquic_conn *c)
{
	if (c->state == TQUIC_CONN_CLOSED)
		return;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_STATELESS_RESET_RCVD);
	tquic_conn_peer_gone(c, "stateless reset", ECONNRESET);
}

/**
 * tquic_conn_version_refused - the server answered with Version
 *	Negotiation (RFC 9000, 6.2): the attempt ends, nothing is sent
 * @c: client connection
 * @list: the versions it listed (big endian, 4 bytes each)
 * @n: how many
 */
void tquic_conn_version_refused(struct tquic_conn *c, const u8 *list,
				size_t n)
{
	size_t i;

	c->vn_count = min_t(size_t, n, TQUIC_VN_MAX);
	for (i = 0; i < c->vn_count; i++)
		c->vn_versions[i] = get_unaligned_be32(list + 4 * i);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_VN_RCVD);
	tquic_conn_peer_gone(c, "version negotiation", EPROTONOSUPPORT);
}

/**
 * tquic_conn_app_close - user space closes the connection
 * @c: connection
 * @app: with an application error code (else a transport one: a TLS
 *	alert as CRYPTO_ERROR)
 * @code: the error code
 * @reason: reason phrase
 * @len: its length (at most TQUIC_CLOSE_REASON_MAX)
 */
void tquic_conn_app_close(struct tquic_conn *c, bool app, u64 code,
			  const u8 *reason, size_t len)
{
	if (c->state == TQUIC_CONN_CLOSED)
		return;
	c->close_error = code;
	c->close_frame_type = 0;
	c->close_app = app;
	c->close_by_peer = false;
	c->close_reason_len = len;
	memcpy(c->close_reason, reason, len);
	tquic_output_close(c);
	tquic_conn_end(c, 0);
}

/**
 * tquic_conn_install_secret - install a traffic secret from TLS
 * @c: connection; caller holds the socket lock
 * @level: TQUIC_LEVEL_HANDSHAKE, TQUIC_LEVEL_APP or TQUIC_CRYPTO_EARLY
 *	(Initial keys are derived by the kernel)
 * @send: the secret protects what we send (else what we receive)
 * @cipher: TLS cipher suite
 * @secret: the secret
 * @len: its length, the suite's hash length
 *
 * Context: process; allocates.
 * Return: 0; -EINVAL for a bad level, suite or length; -EALREADY when
 * that key is installed; a crypto error.
 */
int tquic_conn_install_secret(struct tquic_conn *c, enum tquic_level level,
			      bool send, u16 cipher, const u8 *secret,
			      unsigned int len)
{
	const struct tquic_suite *s = tquic_suite_find(cipher);
	struct tquic_space *sp;
	struct tquic_pp_key *k;
	int err;

	if (!s || len != s->hash_len)
		return -EINVAL;
	if (level == (enum tquic_level)TQUIC_CRYPTO_EARLY)
		return tquic_early_install(c, send, s, secret);
	if (level != TQUIC_LEVEL_HANDSHAKE && level != TQUIC_LEVEL_APP)
		return -EINVAL;
	if (level == TQUIC_LEVEL_APP && send)
		tquic_early_tx_done(c);
	sp = &c->space[level];
	k = send ? &sp->tx_key : &sp->rx_key;
	if (k->aead)
		return -EALREADY;
	err = tquic_key_install(k, send ? &sp->tx_hp : &sp->rx_hp, s,
				c->version, secret);
	if (err)
		return err;
	if (level == TQUIC_LEVEL_APP)
		tquic_ku_keys_ready(c);	/* derive the next phase's key */
	if (!send)
		tquic_conn_rcv_held(c, &c->key_held);
	return 0;
}

/**
 * tquic_crypto_queue - queue handshake data for sending at @level
 * @c: connection; caller holds the socket lock
 * @level: encryption level
 * @from: the data
 * @len: its length
 *
 * What was sent stays until the level's keys go (it may have to go
 * again), so what a level takes in all is bounded: TQUIC_CRYPTO_TX_MAX,
 * far above any TLS flight or the session tickets of a connection.
 * Return: @len, -EINVAL for a level whose keys are gone (nothing more is
 * sent there), -ENOBUFS past the bound, -EFAULT or -ENOMEM.
 */
int tquic_crypto_queue(struct tquic_conn *c, enum tquic_level level,
		       struct iov_iter *from, size_t len)
{
	struct tquic_space *sp = &c->space[level];
	struct tquic_crypto_buf *b;

	if (sp->discarded)
		return -EINVAL;
	if (sp->crypto_tx_off + len > TQUIC_CRYPTO_TX_MAX)
		return -ENOBUFS;
	b = kmalloc(struct_size(b, data, len), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	if (!copy_from_iter_full(b->data, len, from)) {
		kfree(b);
		return -EFAULT;
	}
	b->offset = sp->crypto_tx_off;
	b->len = len;
	b->sent = 0;
	sp->crypto_tx_off += len;
	list_add_tail(&b->node, &sp->crypto_tx);
	return len;
}

/**
 * tquic_crypto_lost - CRYPTO data we sent at @level was lost
 * @c: connection
 * @level: level
 * @off: offset
 * @len: bytes
 */
void tquic_crypto_lost(struct tquic_conn *c, enum tquic_level level,
		       u64 off, u64 len)
{
	struct tquic_space *sp = &c->space[level];
	struct tquic_range *r;

	if (sp->discarded)
		return;
	r = kmalloc(sizeof(*r), GFP_ATOMIC);
	if (!r)
		return;
	r->offset = off;
	r->len = len;
	r->fin = false;
	list_add_tail(&r->node, &sp->crypto_lost);
}

/**
 * tquic_crypto_data - where CRYPTO bytes from @off are
 * @sp: space
 * @off: offset (sent before)
 * @len: in: at most this many wanted; out: contiguous bytes returned
 *
 * Return: the bytes or NULL.
 */
const u8 *tquic_crypto_data(struct tquic_space *sp, u64 off, u64 *len)
{
	struct list_head *lists[] = { &sp->crypto_sent, &sp->crypto_tx };
	struct tquic_crypto_buf *b;
	int i;

	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		list_for_each_entry(b, lists[i], node) {
			if (off < b->offset || off >= b->offset + b->sent)
				continue;
			*len = min_t(u64, *len, b->offset + b->sent - off);
			return b->data + (off - b->offset);
		}
	}
	return NULL;
}
