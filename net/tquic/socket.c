// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: QUIC sockets - socket(AF_INET/AF_INET6, SOCK_DGRAM/SOCK_STREAM,
 * IPPROTO_QUIC), bind, listen, connect, accept, handshake data through
 * sendmsg/recvmsg and the SOL_QUIC socket options.
 *
 * A QUIC socket is not in the inet hash tables: bind() attaches it to the
 * netns' shared kernel UDP socket for its address (udp.c), which receives
 * for all the QUIC sockets on it.
 *
 * Locking: the socket lock serialises bind, listen, connect, close, the
 * socket options and the connection; the receive path takes it with
 * bh_lock_sock() and queues to the backlog while user context owns it.
 * A listener's accept_lock guards its queues against the receive path.
 */
#include <linux/module.h>
#include <linux/net.h>
#include <linux/random.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/sock.h>
#include <net/transp_v6.h>

#include "compat.h"
#include "conn.h"
#include "crypto.h"
#include "event.h"
#include "frame.h"
#include "packet.h"
#include "pmtu.h"
#include "keyupdate.h"
#include "recovery.h"
#include "sock.h"
#include "stream.h"
#include "token.h"
#include "tquic.h"

void tquic_sock_queues_init(struct tquic_sock *tq)
{
	spin_lock_init(&tq->accept_lock);
	INIT_LIST_HEAD(&tq->accept_q);
	INIT_LIST_HEAD(&tq->accept_node);
	skb_queue_head_init(&tq->initial_q);
	skb_queue_head_init(&tq->early_q);
	INIT_WORK(&tq->accept_work, tquic_accept_work);
	INIT_HLIST_NODE(&tq->listen_node);
}

static void tquic_write_space(struct sock *sk);

static int tquic_init_sock(struct sock *sk)
{
	const struct tquic_params *p = &tquic_net(sock_net(sk))->params;
	struct tquic_sock *tq = tquic_sk(sk);

	tquic_sock_queues_init(tq);
	tq->version = TQUIC_VERSION_1;
	tq->tp = (struct tquic_transport_param) {
		.max_udp_payload_size = READ_ONCE(p->max_udp_payload),
		.ack_delay_exponent = READ_ONCE(p->ack_delay_exponent),
		.max_ack_delay = READ_ONCE(p->max_ack_delay_ms),
		.active_connection_id_limit = READ_ONCE(p->active_cid_limit),
		.max_idle_timeout = READ_ONCE(p->idle_timeout_ms),
		.max_streams_bidi = READ_ONCE(p->max_streams_bidi),
		.max_streams_uni = READ_ONCE(p->max_streams_uni),
		.max_data = TQUIC_DEFAULT_MAX_DATA,
		.max_stream_data_bidi_local = TQUIC_DEFAULT_MAX_STREAM_DATA,
		.max_stream_data_bidi_remote = TQUIC_DEFAULT_MAX_STREAM_DATA,
		.max_stream_data_uni = TQUIC_DEFAULT_MAX_STREAM_DATA,
		.multipath = READ_ONCE(p->multipath_enabled),
		.max_paths = READ_ONCE(p->max_paths),
	};
	sk->sk_write_space = tquic_write_space;
	return 0;
}

/* Acknowledgments, credit or a finished handshake: writers may go on. */
static void tquic_write_space(struct sock *sk)
{
	struct socket_wq *wq;

	tquic_sk(sk)->stream_wake = true;
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_sync_poll(&wq->wait, EPOLLOUT |
						EPOLLWRNORM | EPOLLWRBAND);
	rcu_read_unlock();
	sk_wake_async(sk, SOCK_WAKE_SPACE, POLL_OUT);
}

/* Timer and receive work that found the socket owned by user space. */
static void tquic_release_cb(struct sock *sk)
{
	struct tquic_conn *c;

	tquic_rx_release(sk);
	c = tquic_sk(sk)->conn;

	if (c && c->timer_deferred) {
		c->timer_deferred = false;
		tquic_on_timer(c);
		tquic_output(c);
	}
	if (c && c->idle_deferred) {
		c->idle_deferred = false;
		tquic_conn_idle_check(c);
	}
}

/* Not in the inet hash tables: the shared UDP socket is. */
static int tquic_hash(struct sock *sk)
{
	return 0;
}

static void tquic_unhash(struct sock *sk)
{
}

/* Stop listening.  Connections nobody accepted and first Initials not
 * yet made into connections are dropped by the accept work, which runs
 * without this socket's lock.  Caller owns the socket lock.
 */
static void tquic_stop_listening(struct sock *sk)
{
	struct tquic_sock *tq = tquic_sk(sk);

	inet_sk_set_state(sk, TCP_CLOSE);
	if (!tq->listening)
		return;
	tquic_udp_listen(tq->udp, sk, false);
	spin_lock_bh(&tq->accept_lock);
	tq->listening = false;
	spin_unlock_bh(&tq->accept_lock);
	sock_hold(sk);
	if (!queue_work(tquic_wq, &tq->accept_work))
		sock_put(sk);
}

/* Before a close, give the peer the chance to acknowledge all stream
 * data: wait up to @timeout (jiffies) while the connection is open.
 */
static void tquic_close_flush(struct sock *sk, long timeout)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct tquic_sock *tq = tquic_sk(sk);

	/* Sockets nobody accepted have no one to wait. */
	if (!sk->sk_socket || !timeout)
		return;
	add_wait_queue(sk_sleep(sk), &wait);
	while (timeout && tq->conn &&
	       tq->conn->state == TQUIC_CONN_ESTABLISHED &&
	       tquic_streams_tx_pending(tq->conn) && !signal_pending(current)) {
		tq->stream_wake = false;
		sk_wait_event(sk, &timeout, tq->stream_wake || !tq->conn ||
			      tq->conn->state == TQUIC_CONN_CLOSED, &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
}

static void tquic_close(struct sock *sk, long timeout)
{
	struct tquic_sock *tq = tquic_sk(sk);

	lock_sock(sk);
	tquic_stop_listening(sk);
	if (tq->conn) {
		tquic_close_flush(sk, sock_flag(sk, SOCK_LINGER) ? timeout :
				  TQUIC_CLOSE_FLUSH_TIMEOUT);
		tquic_conn_close(tq->conn);
		tq->conn = NULL;
	}
	if (tq->udp) {
		tquic_udp_put(tq->udp);
		tq->udp = NULL;
	}
	kfree(tq->token);
	tq->token = NULL;
	tquic_event_free(tq);
	release_sock(sk);
	/* A queued accept work holds its own reference and finds the
	 * socket no longer listening.
	 */
	sk_common_release(sk);
}

static int tquic_disconnect(struct sock *sk, int flags)
{
	tquic_stop_listening(sk);
	return 0;
}

/* Attach @sk to the UDP socket of @addr.  Caller holds the socket lock. */
int tquic_bind_locked(struct sock *sk, struct sockaddr_storage *ss)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	int err;

	if (tq->udp)
		return -EINVAL;
	err = tquic_udp_get(sock_net(sk), ss, sk->sk_ipv6only, &tq->udp);
	if (err)
		return err;
	tquic_udp_local(tq->udp, ss);
	if (ss->ss_family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		inet->inet_rcv_saddr = a->sin_addr.s_addr;
		inet->inet_saddr = a->sin_addr.s_addr;
		inet->inet_sport = a->sin_port;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		sk->sk_v6_rcv_saddr = a->sin6_addr;
		sk->sk_bound_dev_if = a->sin6_scope_id;
		inet->inet_sport = a->sin6_port;
	}
	return 0;
}

static int tquic_bind(struct sock *sk, struct sockaddr *addr, int len)
{
	struct sockaddr_storage ss = {};
	int err;

	if (len < sizeof(sa_family_t) || addr->sa_family != sk->sk_family)
		return -EAFNOSUPPORT;
	if (sk->sk_family == AF_INET) {
		if (len < sizeof(struct sockaddr_in))
			return -EINVAL;
		memcpy(&ss, addr, sizeof(struct sockaddr_in));
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		if (len < SIN6_LEN_RFC2133)
			return -EINVAL;
		memcpy(&ss, addr, min_t(int, len, sizeof(*a)));
		if (!(ipv6_addr_type(&a->sin6_addr) & IPV6_ADDR_LINKLOCAL))
			a->sin6_scope_id = 0;
		else if (!a->sin6_scope_id)
			return -EINVAL;
		a->sin6_flowinfo = 0;
	}
	lock_sock(sk);
	err = tquic_bind_locked(sk, &ss);
	release_sock(sk);
	return err;
}

static int tquic_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct tquic_sock *tq = tquic_sk(sk);
	struct sockaddr_storage ss = { .ss_family = sk->sk_family };
	int err = 0;

	lock_sock(sk);
	if (tq->conn) {
		err = -EISCONN;
		goto out;
	}
	if (sock->state != SS_UNCONNECTED) {
		err = -EINVAL;
		goto out;
	}
	/* Like TCP, an unbound socket listens on a free port. */
	if (!tq->udp) {
		err = tquic_bind_locked(sk, &ss);
		if (err)
			goto out;
	}
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	if (!tq->listening) {
		spin_lock_bh(&tq->accept_lock);
		tq->listening = true;
		spin_unlock_bh(&tq->accept_lock);
		/* Another QUIC socket listens on the port: -EADDRINUSE. */
		err = tquic_udp_listen(tq->udp, sk, true);
		if (err) {
			spin_lock_bh(&tq->accept_lock);
			tq->listening = false;
			spin_unlock_bh(&tq->accept_lock);
			goto out;
		}
		inet_sk_set_state(sk, TCP_LISTEN);
	}
out:
	release_sock(sk);
	return err;
}

/* Comma-separated names of 1-255 bytes each. */
static bool tquic_alpn_valid(const char *s, unsigned int len)
{
	unsigned int i, start = 0;

	if (!len)
		return false;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ',') {
			if (!s[i])
				return false;
			continue;
		}
		if (i == start || i - start > 255)
			return false;
		start = i + 1;
	}
	return true;
}

static int tquic_tp_valid(const struct tquic_transport_param *tp)
{
	if (tp->max_udp_payload_size < TQUIC_MIN_INITIAL_DATAGRAM ||
	    tp->max_udp_payload_size > 65527 || tp->ack_delay_exponent > 20 ||
	    tp->max_ack_delay >= (1 << 14) ||
	    tp->active_connection_id_limit < 2 ||
	    tp->max_streams_bidi > TQUIC_MAX_STREAMS_LIMIT ||
	    tp->max_streams_uni > TQUIC_MAX_STREAMS_LIMIT ||
	    tp->max_idle_timeout > TQUIC_VARINT_MAX ||
	    tp->max_data > TQUIC_VARINT_MAX ||
	    tp->max_stream_data_bidi_local > TQUIC_VARINT_MAX ||
	    tp->max_stream_data_bidi_remote > TQUIC_VARINT_MAX ||
	    tp->max_stream_data_uni > TQUIC_VARINT_MAX ||
	    tp->disable_active_migration > 1 || tp->grease_quic_bit > 1 ||
	    tp->multipath > 1 || !tp->max_paths ||
	    tp->max_paths > TQUIC_MP_IDS)
		return -EINVAL;
	return 0;
}

/* A fixed-size option value: exactly @size bytes. */
static int tquic_opt_get(void *dst, sockptr_t optval, unsigned int optlen,
			 unsigned int size)
{
	if (optlen != size)
		return -EINVAL;
	return copy_from_sockptr(dst, optval, size) ? -EFAULT : 0;
}

/* Hand @n bytes back to getsockopt(), whose buffer holds @len. */
static int tquic_opt_put(char __user *optval, int __user *optlen, int len,
			 const void *src, unsigned int n)
{
	if (len < n)
		return -EINVAL;
	if (put_user(n, optlen) || copy_to_user(optval, src, n))
		return -EFAULT;
	return 0;
}

/* TQUIC_SOCKOPT_PATH_ADD: a client opens a further path (path.c). */
static int tquic_set_path_add(struct sock *sk, sockptr_t optval,
			      unsigned int optlen)
{
	struct sockaddr_storage local = {}, peer = {};
	struct tquic_path_req req;
	int err;

	err = tquic_opt_get(&req, optval, optlen, sizeof(req));
	if (err)
		return err;
	if ((req.flags & ~TQUIC_PATH_F_BACKUP) || req.weight > 255)
		return -EINVAL;
	memcpy(&local, &req.local, sizeof(local));
	memcpy(&peer, &req.peer, sizeof(peer));
	lock_sock(sk);
	err = tquic_path_add(sk, &local, &peer,
			     req.flags & TQUIC_PATH_F_BACKUP, req.weight, 0);
	release_sock(sk);
	return err < 0 ? err : 0;
}

/* TQUIC_SOCKOPT_PATH_DEL and TQUIC_SOCKOPT_PATH_SET (path.c) */
static int tquic_set_path_other(struct sock *sk, int optname,
				sockptr_t optval, unsigned int optlen)
{
	struct tquic_path_set ps;
	u32 id;
	int err;

	if (optname == TQUIC_SOCKOPT_PATH_DEL) {
		err = tquic_opt_get(&id, optval, optlen, sizeof(id));
		if (err)
			return err;
		lock_sock(sk);
		err = tquic_path_del(sk, id);
		release_sock(sk);
		return err;
	}
	err = tquic_opt_get(&ps, optval, optlen, sizeof(ps));
	if (err)
		return err;
	if ((ps.flags & ~(TQUIC_PATH_SET_BACKUP | TQUIC_PATH_SET_WEIGHT)) ||
	    ps.backup > 1 || ps.weight > 255)
		return -EINVAL;
	lock_sock(sk);
	err = tquic_path_set(sk, ps.path_id,
			     ps.flags & TQUIC_PATH_SET_BACKUP ? ps.backup : -1,
			     ps.flags & TQUIC_PATH_SET_WEIGHT ? ps.weight : -1);
	release_sock(sk);
	return err;
}

/* TQUIC_SOCKOPT_PATHS: the connection's paths, as many as fit. */
static int tquic_get_paths(struct sock *sk, char __user *optval,
			   int __user *optlen, int len)
{
	struct tquic_conn *c;
	struct tquic_path_info *pi;
	unsigned int n = 0;
	int err = 0;

	if (len < (int)sizeof(*pi))
		return -EINVAL;
	pi = kcalloc(TQUIC_MP_IDS, sizeof(*pi), GFP_KERNEL);
	if (!pi)
		return -ENOMEM;
	lock_sock(sk);
	c = tquic_sk(sk)->conn;
	if (c)
		n = tquic_paths_info(c, pi, min_t(unsigned int,
						  len / sizeof(*pi),
						  TQUIC_MP_IDS));
	else
		err = -ENOTCONN;
	release_sock(sk);
	if (!err && (put_user(n * sizeof(*pi), optlen) ||
		     copy_to_user(optval, pi, n * sizeof(*pi))))
		err = -EFAULT;
	kfree(pi);
	return err;
}

/* TQUIC_SOCKOPT_SERVER_VERSIONS: what a Version Negotiation listed. */
static int tquic_get_server_versions(struct sock *sk, char __user *optval,
				     int __user *optlen, int len)
{
	struct tquic_sock *tq = tquic_sk(sk);
	u32 v[TQUIC_VN_MAX];
	int err = 0, n = 0;

	lock_sock(sk);
	if (!tq->conn) {
		err = -ENOTCONN;
	} else if (!tq->conn->vn_count) {
		err = -ENODATA;
	} else {
		n = tq->conn->vn_count * sizeof(u32);
		memcpy(v, tq->conn->vn_versions, n);
	}
	release_sock(sk);
	return err ?: tquic_opt_put(optval, optlen, len, v, n);
}

/* TQUIC_SOCKOPT_SESSION_TICKET: the server's post-handshake messages. */
static int tquic_get_ticket(struct sock *sk, char __user *optval,
			    int __user *optlen, int len)
{
	struct tquic_sock *tq = tquic_sk(sk);
	u8 *buf;
	int n;

	buf = kmalloc(TQUIC_SESSION_TICKET_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	lock_sock(sk);
	if (!tq->conn)
		n = -ENOTCONN;
	else
		n = tquic_ticket_take(tq->conn, buf,
				      min_t(int, len, TQUIC_SESSION_TICKET_MAX));
	release_sock(sk);
	if (n >= 0)
		n = tquic_opt_put(optval, optlen, len, buf, n);
	kfree_sensitive(buf);
	return n;
}

/* datagram_poll(), and POLLPRI while a session ticket waits. */
static __poll_t tquic_poll(struct file *file, struct socket *sock,
			   poll_table *wait)
{
	__poll_t mask = datagram_poll(file, sock, wait);

	if (READ_ONCE(tquic_sk(sock->sk)->ticket_ready))
		mask |= EPOLLPRI;
	return mask;
}

/* TQUIC_SOCKOPT_STREAM_RESET and TQUIC_SOCKOPT_STOP_SENDING */
static int tquic_set_stream_reset(struct sock *sk, int optname,
				  sockptr_t optval, unsigned int optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_stream_reset r;
	int err;

	if (optlen != sizeof(r))
		return -EINVAL;
	if (copy_from_sockptr(&r, optval, sizeof(r)))
		return -EFAULT;
	if (r.stream_id < 0)
		return -EINVAL;
	lock_sock(sk);
	if (!tq->conn || tq->conn->state != TQUIC_CONN_ESTABLISHED) {
		err = -ENOTCONN;
	} else {
		err = optname == TQUIC_SOCKOPT_STREAM_RESET ?
		      tquic_stream_reset(tq->conn, r.stream_id, r.errcode) :
		      tquic_stream_stop(tq->conn, r.stream_id, r.errcode);
		if (!err)
			tquic_output_bh(tq->conn);
	}
	release_sock(sk);
	return err;
}

/* TQUIC_SOCKOPT_MIGRATE: a client moves to a new local address. */
static int tquic_migrate(struct sock *sk, sockptr_t optval,
			 unsigned int optlen)
{
	struct tquic_udp_sock *old_sk, *old_conn;
	struct tquic_sock *tq = tquic_sk(sk);
	struct sockaddr_storage ss = {};
	struct tquic_conn *c;
	int err;

	if (optlen < (sk->sk_family == AF_INET ? sizeof(struct sockaddr_in) :
		      sizeof(struct sockaddr_in6)) || optlen > sizeof(ss))
		return -EINVAL;
	if (copy_from_sockptr(&ss, optval, optlen))
		return -EFAULT;
	if (ss.ss_family != sk->sk_family)
		return -EAFNOSUPPORT;
	lock_sock(sk);
	c = tq->conn;
	if (!c || c->is_server || !c->confirmed ||
	    c->state != TQUIC_CONN_ESTABLISHED) {
		err = -ENOTCONN;
		goto out;
	}
	if (!tquic_cids_spare(c)) {
		err = -EAGAIN;	/* no spare connection ID from the peer yet */
		goto out;
	}
	old_sk = tq->udp;
	tq->udp = NULL;
	err = tquic_bind_locked(sk, &ss);
	if (err) {
		tq->udp = old_sk;
		goto out;
	}
	old_conn = c->path->udp;
	tquic_udp_hold(tq->udp);
	local_bh_disable();
	c->path->udp = tq->udp;
	tquic_udp_local(c->path->udp, &c->path->local);
	tquic_cids_new_path(c);
	get_random_bytes(c->path->path_challenge, sizeof(c->path->path_challenge));
	c->path->path_challenge_pending = true;
	c->path->path_validating = true;
	tquic_pmtu_reset(c);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_MIGRATIONS);
	tquic_event_migration(c, false);
	tquic_output(c);
	local_bh_enable();
	tquic_udp_put(old_conn);
	tquic_udp_put(old_sk);
out:
	release_sock(sk);
	return err;
}

/* TQUIC_SOCKOPT_TOKEN: the token the next connect() sends (none: 0). */
static int tquic_set_token(struct sock *sk, sockptr_t optval,
			   unsigned int optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	u8 *tok = NULL;
	int err = 0;

	if (optlen > TQUIC_TOKEN_IN_MAX)
		return -EINVAL;
	if (optlen) {
		tok = memdup_sockptr(optval, optlen);
		if (IS_ERR(tok))
			return PTR_ERR(tok);
	}
	lock_sock(sk);
	if (tq->conn) {
		err = -EISCONN;
	} else if (tq->listening) {
		err = -EINVAL;
	} else {
		swap(tq->token, tok);
		tq->token_len = optlen;
	}
	release_sock(sk);
	kfree(tok);
	return err;
}

/* TQUIC_SOCKOPT_TOKEN: the last token the server gave this client. */
static int tquic_get_token(struct sock *sk, char __user *optval,
			   int __user *optlen, int len)
{
	struct tquic_sock *tq = tquic_sk(sk);
	u8 *tok = NULL;
	int err = 0, n = 0;

	lock_sock(sk);
	if (!tq->conn) {
		err = -ENOTCONN;
	} else if (tq->conn->is_server || !tq->conn->new_token) {
		err = -ENODATA;
	} else {
		n = tq->conn->new_token_len;
		tok = kmemdup(tq->conn->new_token, n, GFP_KERNEL);
		if (!tok)
			err = -ENOMEM;
	}
	release_sock(sk);
	if (!err)
		err = tquic_opt_put(optval, optlen, len, tok, n);
	kfree(tok);
	return err;
}

/* TQUIC_SOCKOPT_CONNECTION_CLOSE: close now with an application error. */
static int tquic_set_close(struct sock *sk, sockptr_t optval,
			   unsigned int optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_connection_close *cc;
	int err = 0;

	if (optlen < sizeof(*cc) ||
	    optlen > sizeof(*cc) + TQUIC_CLOSE_REASON_MAX)
		return -EINVAL;
	cc = kmalloc(optlen, GFP_KERNEL);
	if (!cc)
		return -ENOMEM;
	if (copy_from_sockptr(cc, optval, optlen)) {
		err = -EFAULT;
		goto out;
	}
	if (cc->app > 1 || cc->by_peer || cc->frame_type || cc->reserved ||
	    cc->reason_len != optlen - sizeof(*cc) ||
	    cc->errcode > TQUIC_VARINT_MAX ||
	    (!cc->app && (cc->errcode < TQUIC_ERR_CRYPTO_BASE ||
			  cc->errcode > TQUIC_ERR_CRYPTO_BASE + 0xff))) {
		err = -EINVAL;
		goto out;
	}
	lock_sock(sk);
	if (!tq->conn)
		err = -ENOTCONN;
	else if (tq->conn->state == TQUIC_CONN_CLOSED)
		err = -EPIPE;
	if (!err) {
		local_bh_disable();
		tquic_conn_app_close(tq->conn, cc->app, cc->errcode, cc->reason,
				     cc->reason_len);
		local_bh_enable();
	}
	release_sock(sk);
out:
	kfree(cc);
	return err;
}

/* TQUIC_SOCKOPT_CONNECTION_CLOSE: how the connection closed. */
static int tquic_get_close(struct sock *sk, char __user *optval,
			   int __user *optlen, int len)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_connection_close *cc;
	struct tquic_conn *c;
	int err = 0, n;

	if (len < sizeof(*cc))
		return -EINVAL;
	cc = kzalloc(sizeof(*cc) + TQUIC_CLOSE_REASON_MAX, GFP_KERNEL);
	if (!cc)
		return -ENOMEM;
	lock_sock(sk);
	c = tq->conn;
	if (!c || c->state != TQUIC_CONN_CLOSED) {
		err = -ENOTCONN;
	} else {
		cc->errcode = c->close_error;
		cc->frame_type = c->close_frame_type;
		cc->app = c->close_app;
		cc->by_peer = c->close_by_peer;
		cc->reason_len = min_t(int, c->close_reason_len,
				       len - sizeof(*cc));
		memcpy(cc->reason, c->close_reason, cc->reason_len);
	}
	release_sock(sk);
	n = sizeof(*cc) + cc->reason_len;
	if (!err)
		err = tquic_opt_put(optval, optlen, len, cc, n);
	kfree(cc);
	return err;
}

static int tquic_setsockopt(struct sock *sk, int level, int optname,
			    sockptr_t optval, unsigned int optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_transport_param tp;
	struct tquic_crypto_secret cs;
	char alpn[TQUIC_ALPN_MAX];
	u32 version;
	int err = 0;
	u8 *buf;

	if (level != SOL_QUIC)
		return sk->sk_family == AF_INET ?
			ip_setsockopt(sk, level, optname, optval, optlen) :
			ipv6_setsockopt(sk, level, optname, optval, optlen);

	switch (optname) {
	case TQUIC_SOCKOPT_ALPN:
		if (optlen > TQUIC_ALPN_MAX)
			return -EINVAL;
		if (copy_from_sockptr(alpn, optval, optlen))
			return -EFAULT;
		if (!tquic_alpn_valid(alpn, optlen))
			return -EINVAL;
		lock_sock(sk);
		memcpy(tq->alpn, alpn, optlen);
		tq->alpn_len = optlen;
		release_sock(sk);
		return 0;
	case TQUIC_SOCKOPT_TRANSPORT_PARAM:
		err = tquic_opt_get(&tp, optval, optlen, sizeof(tp));
		err = err ?: tquic_tp_valid(&tp);
		if (err)
			return err;
		lock_sock(sk);
		tq->tp = tp;
		release_sock(sk);
		return 0;
	case TQUIC_SOCKOPT_VERSION:
		err = tquic_opt_get(&version, optval, optlen, sizeof(version));
		if (err)
			return err;
		if (!tquic_version_supported(version))
			return -EPROTONOSUPPORT;
		WRITE_ONCE(tq->version, version);
		WRITE_ONCE(tq->version_pref, version);
		return 0;
	case TQUIC_SOCKOPT_TOKEN:
		return tquic_set_token(sk, optval, optlen);
	case TQUIC_SOCKOPT_MIGRATE:
		return tquic_migrate(sk, optval, optlen);
	case TQUIC_SOCKOPT_PATH_ADD:
		return tquic_set_path_add(sk, optval, optlen);
	case TQUIC_SOCKOPT_PATH_DEL:
	case TQUIC_SOCKOPT_PATH_SET:
		return tquic_set_path_other(sk, optname, optval, optlen);
	case TQUIC_SOCKOPT_EVENT:
		return tquic_event_set(sk, optval, optlen);
	case TQUIC_SOCKOPT_STREAM_RESET:
	case TQUIC_SOCKOPT_STOP_SENDING:
		return tquic_set_stream_reset(sk, optname, optval, optlen);
	case TQUIC_SOCKOPT_RETRY:
		err = tquic_opt_get(&version, optval, optlen, sizeof(version));
		if (err)
			return err;
		if (version > 1)
			return -EINVAL;
		WRITE_ONCE(tq->retry, version);
		return 0;
	case TQUIC_SOCKOPT_CRYPTO_SECRET:
		err = tquic_opt_get(&cs, optval, optlen, sizeof(cs));
		if (!err)
			err = tquic_set_crypto_secret(sk, &cs);
		memzero_explicit(&cs, sizeof(cs));
		return err;
	case TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT:
	case TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM:
		if (optlen > TQUIC_TP_EXT_IN_MAX)
			return -EINVAL;
		buf = kmalloc(max(optlen, 1U), GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		if (copy_from_sockptr(buf, optval, optlen)) {
			kfree(buf);
			return -EFAULT;
		}
		lock_sock(sk);
		if (!tq->conn)
			err = -ENOTCONN;
		else if (optname == TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM)
			err = tquic_early_tparams_set(tq->conn, buf, optlen);
		else
			err = tquic_conn_tparams_set(tq->conn, buf, optlen);
		release_sock(sk);
		kfree(buf);
		return err;
	case TQUIC_SOCKOPT_CONNECTION_CLOSE:
		return tquic_set_close(sk, optval, optlen);
	case TQUIC_SOCKOPT_KEY_UPDATE:
		lock_sock(sk);
		err = tq->conn ? tquic_ku_start(tq->conn) : -ENOTCONN;
		if (!err)
			tquic_output_bh(tq->conn);
		release_sock(sk);
		return err;
	case TQUIC_SOCKOPT_HANDSHAKE_COMPLETE:
		version = 0;
		err = optlen ? tquic_opt_get(&version, optval, optlen,
					     sizeof(version)) : 0;
		if (err)
			return err;
		if (version & ~TQUIC_HANDSHAKE_F_EARLY_ACCEPTED)
			return -EINVAL;
		lock_sock(sk);
		err = tq->conn ? tquic_conn_handshake_complete(tq->conn,
							       version) :
				 -ENOTCONN;
		if (!err)
			tquic_output_bh(tq->conn);
		release_sock(sk);
		return err;
	}
	return -ENOPROTOOPT;
}

static int tquic_getsockopt(struct sock *sk, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_transport_param tp;
	u8 ext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	char alpn[TQUIC_ALPN_MAX];
	unsigned int n;
	u32 version;
	int len, ret;

	if (level != SOL_QUIC)
		return sk->sk_family == AF_INET ?
			ip_getsockopt(sk, level, optname, optval, optlen) :
			ipv6_getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case TQUIC_SOCKOPT_ALPN:
		lock_sock(sk);
		n = tq->alpn_len;
		memcpy(alpn, tq->alpn, n);
		release_sock(sk);
		return tquic_opt_put(optval, optlen, len, alpn, n);
	case TQUIC_SOCKOPT_TRANSPORT_PARAM:
		lock_sock(sk);
		tp = tq->tp;
		release_sock(sk);
		return tquic_opt_put(optval, optlen, len, &tp, sizeof(tp));
	case TQUIC_SOCKOPT_VERSION:
		version = READ_ONCE(tq->version);
		return tquic_opt_put(optval, optlen, len, &version,
				     sizeof(version));
	case TQUIC_SOCKOPT_CONNECTION_CLOSE:
		return tquic_get_close(sk, optval, optlen, len);
	case TQUIC_SOCKOPT_CONNECTION_INFO:
		return tquic_get_info(sk, optval, optlen, len);
	case TQUIC_SOCKOPT_TOKEN:
		return tquic_get_token(sk, optval, optlen, len);
	case TQUIC_SOCKOPT_SERVER_VERSIONS:
		return tquic_get_server_versions(sk, optval, optlen, len);
	case TQUIC_SOCKOPT_SESSION_TICKET:
		return tquic_get_ticket(sk, optval, optlen, len);
	case TQUIC_SOCKOPT_EVENT:
		return tquic_event_get(sk, optval, optlen, len);
	case TQUIC_SOCKOPT_PATHS:
		return tquic_get_paths(sk, optval, optlen, len);
	case TQUIC_SOCKOPT_RETRY:
		version = READ_ONCE(tq->retry);
		return tquic_opt_put(optval, optlen, len, &version,
				     sizeof(version));
	case TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT:
		lock_sock(sk);
		ret = tq->conn ? tquic_conn_tparams_get(tq->conn, ext,
							sizeof(ext)) :
				 -ENOTCONN;
		release_sock(sk);
		if (ret < 0)
			return ret;
		return tquic_opt_put(optval, optlen, len, ext, ret);
	}
	return -ENOPROTOOPT;
}

#define TQUIC_PROTO_COMMON						\
	.owner		= THIS_MODULE,					\
	.init		= tquic_init_sock,				\
	.close		= tquic_close,					\
	.disconnect	= tquic_disconnect,				\
	.bind		= tquic_bind,					\
	.setsockopt	= tquic_setsockopt,				\
	.getsockopt	= tquic_getsockopt,				\
	.sendmsg	= tquic_sendmsg,				\
	.recvmsg	= tquic_recvmsg,				\
	.backlog_rcv	= tquic_conn_rcv,				\
	.release_cb	= tquic_release_cb,				\
	.hash		= tquic_hash,					\
	.unhash		= tquic_unhash,					\
	.no_autobind	= true

static struct proto tquic_prot = {
	.name		= "QUIC",
	.obj_size	= sizeof(struct tquic_sock),
	TQUIC_PROTO_COMMON,
};

static struct proto tquicv6_prot = {
	.name		= "QUICv6",
	.obj_size	= sizeof(struct tquic6_sock),
	TQUIC_IPV6_PINFO(struct tquic6_sock, inet6)
	TQUIC_PROTO_COMMON,
};

static_assert(offsetof(struct tquic6_sock, inet6) +
	      sizeof(struct ipv6_pinfo) == sizeof(struct tquic6_sock));

static const struct proto_ops tquic_ops = {
	.family		= PF_INET,
	.owner		= THIS_MODULE,
	.release	= inet_release,
	.bind		= inet_bind,
	.connect	= tquic_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= tquic_accept,
	.getname	= inet_getname,
	.poll		= tquic_poll,
	.ioctl		= inet_ioctl,
	.listen		= tquic_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
	.mmap		= sock_no_mmap,
};

static const struct proto_ops tquicv6_ops = {
	.family		= PF_INET6,
	.owner		= THIS_MODULE,
	.release	= inet6_release,
	.bind		= inet6_bind,
	.connect	= tquic_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= tquic_accept,
	.getname	= inet6_getname,
	.poll		= tquic_poll,
	.ioctl		= inet6_ioctl,
	.listen		= tquic_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct inet_protosw tquic_protosw[] = {
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_QUIC, .prot = &tquic_prot,
	  .ops = &tquic_ops },
	{ .type = SOCK_STREAM, .protocol = IPPROTO_QUIC, .prot = &tquic_prot,
	  .ops = &tquic_ops },
};

static struct inet_protosw tquicv6_protosw[] = {
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_QUIC, .prot = &tquicv6_prot,
	  .ops = &tquicv6_ops },
	{ .type = SOCK_STREAM, .protocol = IPPROTO_QUIC,
	  .prot = &tquicv6_prot, .ops = &tquicv6_ops },
};

/**
 * tquic_socket_init - register the QUIC socket types
 *
 * Return: 0 or -errno.
 */
int tquic_socket_init(void)
{
	int err, i, j;

	err = proto_register(&tquic_prot, 1);
	if (err)
		return err;
	err = proto_register(&tquicv6_prot, 1);
	if (err)
		goto err_prot;
	for (i = 0; i < ARRAY_SIZE(tquic_protosw); i++)
		inet_register_protosw(&tquic_protosw[i]);
	for (j = 0; j < ARRAY_SIZE(tquicv6_protosw); j++) {
		err = inet6_register_protosw(&tquicv6_protosw[j]);
		if (err)
			goto err_sw;
	}
	return 0;

err_sw:
	while (j--)
		inet6_unregister_protosw(&tquicv6_protosw[j]);
	while (i--)
		inet_unregister_protosw(&tquic_protosw[i]);
	proto_unregister(&tquicv6_prot);
err_prot:
	proto_unregister(&tquic_prot);
	return err;
}

void tquic_socket_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tquicv6_protosw); i++)
		inet6_unregister_protosw(&tquicv6_protosw[i]);
	for (i = 0; i < ARRAY_SIZE(tquic_protosw); i++)
		inet_unregister_protosw(&tquic_protosw[i]);
	proto_unregister(&tquicv6_prot);
	proto_unregister(&tquic_prot);
}

/* socket() loads the module: SOCK_STREAM is 1 and SOCK_DGRAM 2 (an enum,
 * so spelled out for the alias strings).
 */
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET, IPPROTO_QUIC, 1);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET, IPPROTO_QUIC, 2);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET6, IPPROTO_QUIC, 1);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET6, IPPROTO_QUIC, 2);
