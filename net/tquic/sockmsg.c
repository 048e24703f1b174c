// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: a QUIC socket's connection from user space - connect(),
 * handshake data, stream data and datagrams through sendmsg()/recvmsg()
 * with TQUIC_CMSG_HANDSHAKE_INFO or TQUIC_CMSG_STREAM_INFO control
 * messages, and installing the traffic secrets TLS derives.
 */
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "conn.h"
#include "rxzc.h"
#include "sock.h"
#include "stream.h"
#include "tquic.h"

/**
 * tquic_connect - make a client connection to @addr
 * @sock: the socket
 * @addr: the server
 * @len: its length
 * @flags: file flags (unused: connect does not wait for the handshake,
 *	which user space drives)
 *
 * An unbound socket is bound to a free port first.
 * Return: 0, -EISCONN, -EINVAL for a listening socket or a short
 * address, -EAFNOSUPPORT, or what binding or the connection returns.
 */
int tquic_connect(struct socket *sock, struct sockaddr *addr, int len,
		  int flags)
{
	struct sockaddr_storage peer = {}, local = {};
	struct sock *sk = sock->sk;
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_conn *c;
	int err;

	if (len < sizeof(sa_family_t) || addr->sa_family != sk->sk_family)
		return -EAFNOSUPPORT;
	if (len < (sk->sk_family == AF_INET ? sizeof(struct sockaddr_in) :
		   SIN6_LEN_RFC2133))
		return -EINVAL;
	memcpy(&peer, addr, min_t(int, len, sizeof(struct sockaddr_in6)));

	lock_sock(sk);
	if (tq->conn) {
		err = -EISCONN;
		goto out;
	}
	if (tq->listening) {
		err = -EINVAL;
		goto out;
	}
	if (!tq->udp) {
		local.ss_family = sk->sk_family;
		err = tquic_bind_locked(sk, &local);
		if (err)
			goto out;
	}
	tquic_udp_local(tq->udp, &local);
	c = tquic_conn_new(sk, tq->udp, false, tq->version, &local, &peer,
			   NULL, NULL, NULL);
	if (IS_ERR(c)) {
		err = PTR_ERR(c);
		goto out;
	}
	if (tq->token) {
		/* A token from an earlier connection's NEW_TOKEN */
		c->token = kmemdup(tq->token, tq->token_len, GFP_KERNEL);
		c->token_len = c->token ? tq->token_len : 0;
	}
	tq->conn = c;
	if (sk->sk_family == AF_INET) {
		inet_sk(sk)->inet_daddr =
			((struct sockaddr_in *)&peer)->sin_addr.s_addr;
		inet_sk(sk)->inet_dport = ((struct sockaddr_in *)&peer)->sin_port;
	} else {
		sk->sk_v6_daddr = ((struct sockaddr_in6 *)&peer)->sin6_addr;
		inet_sk(sk)->inet_dport =
			((struct sockaddr_in6 *)&peer)->sin6_port;
	}
	sock->state = SS_CONNECTED;
	inet_sk_set_state(sk, TCP_SYN_SENT);
	err = 0;
out:
	release_sock(sk);
	return err;
}

/**
 * struct tquic_send_ctl - what a sendmsg() control message asks
 * @handshake: handshake data (else stream data or a datagram)
 * @level: its level
 * @stream: a TQUIC_CMSG_STREAM_INFO was given
 * @info: that
 */
struct tquic_send_ctl {
	bool handshake;
	u8 level;
	bool stream;
	struct tquic_stream_info info;
};

static int tquic_cmsg_parse(struct msghdr *msg, struct tquic_send_ctl *ctl)
{
	struct tquic_handshake_info hi;
	struct cmsghdr *cmsg;

	memset(ctl, 0, sizeof(*ctl));
	for_each_cmsghdr(cmsg, msg) {
		if (!CMSG_OK(msg, cmsg))
			return -EINVAL;
		if (cmsg->cmsg_level != SOL_QUIC)
			continue;
		switch (cmsg->cmsg_type) {
		case TQUIC_CMSG_HANDSHAKE_INFO:
			if (cmsg->cmsg_len != CMSG_LEN(sizeof(hi)))
				return -EINVAL;
			memcpy(&hi, CMSG_DATA(cmsg), sizeof(hi));
			if (hi.crypto_level >= TQUIC_LEVEL_NUM)
				return -EINVAL;
			ctl->handshake = true;
			ctl->level = hi.crypto_level;
			break;
		case TQUIC_CMSG_STREAM_INFO:
			if (cmsg->cmsg_len != CMSG_LEN(sizeof(ctl->info)))
				return -EINVAL;
			memcpy(&ctl->info, CMSG_DATA(cmsg), sizeof(ctl->info));
			if (ctl->info.reserved ||
			    (ctl->info.flags & ~(TQUIC_STREAM_FLAG_FIN |
						 TQUIC_STREAM_FLAG_UNI |
						 TQUIC_STREAM_FLAG_DATAGRAM)))
				return -EINVAL;
			ctl->stream = true;
			break;
		default:
			return -EINVAL;
		}
	}
	if (ctl->handshake == ctl->stream)
		return -EINVAL;	/* exactly one of them */
	return 0;
}

/* The largest DATAGRAM payload one packet carries: a short header with
 * the longest packet number, the tag, the frame's type and 2-byte length.
 * (An ACK owed at the same time goes in a packet of its own.)
 */
static size_t tquic_datagram_room(const struct tquic_conn *c)
{
	return TQUIC_MAX_DATAGRAM - (1 + c->dcid.len + 4 + TQUIC_TAG_LEN) -
	       (1 + 2);
}

static int tquic_send_datagram(struct sock *sk, struct tquic_conn *c,
			       struct msghdr *msg, size_t len)
{
	struct sk_buff *skb;

	if (!c->ptp.has_max_datagram_frame_size ||
	    !c->ptp.max_datagram_frame_size)
		return -EOPNOTSUPP;
	if (len + 3 > c->ptp.max_datagram_frame_size ||
	    len > tquic_datagram_room(c))
		return -EMSGSIZE;
	if (skb_queue_len(&c->dgram_q) >= TQUIC_DGRAM_QUEUE_MAX)
		return -EAGAIN;
	skb = alloc_skb(len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	if (!copy_from_iter_full(skb_put(skb, len), len, &msg->msg_iter)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	skb_queue_tail(&c->dgram_q, skb);
	tquic_output_bh(c);
	return len;
}

/* Wait until the stream can take more (or the connection ends). */
static int tquic_wait_send(struct sock *sk, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct tquic_sock *tq = tquic_sk(sk);
	int err = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	for (;;) {
		if (sk->sk_err) {
			err = sock_error(sk);
			break;
		}
		if (!tq->conn || tq->conn->state == TQUIC_CONN_CLOSED) {
			err = -EPIPE;
			break;
		}
		if (!*timeo) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(*timeo);
			break;
		}
		sk_wait_event(sk, timeo, tq->stream_wake || sk->sk_err ||
			      !tq->conn || tq->conn->state == TQUIC_CONN_CLOSED,
			      &wait);
		tq->stream_wake = false;
		break;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;
}

static int tquic_send_stream(struct sock *sk, struct tquic_sock *tq,
			     struct msghdr *msg, size_t len,
			     const struct tquic_stream_info *info)
{
	bool fin = info->flags & TQUIC_STREAM_FLAG_FIN;
	long timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);
	struct tquic_stream *s;
	size_t done = 0;
	ssize_t n;
	int err;

	for (;;) {
		struct tquic_conn *c = tq->conn;

		if (!c || c->state == TQUIC_CONN_CLOSED)
			return done ?: (sock_error(sk) ?: -EPIPE);
		if (!tquic_early_can_send(c)) {
			err = -ENOTCONN;
			goto wait;
		}
		if (info->stream_id < 0)
			return -EINVAL;
		s = tquic_stream_tx_get(c, info->stream_id);
		if (IS_ERR(s)) {
			err = PTR_ERR(s);
			if (err != -EAGAIN)
				return done ?: err;
			goto wait;
		}
		if (!s)
			return done ?: -EPIPE;
		n = tquic_stream_write(c, s, &msg->msg_iter, len - done, fin);
		if (n < 0)
			return done ?: n;
		done += n;
		if (n || s->fin_queued)
			tquic_output_bh(c);	/* a FIN alone must go too */
		if (done == len && (!fin || s->fin_queued))
			return done;
		err = -EAGAIN;
wait:
		if (err == -ENOTCONN && !timeo)
			return done ?: -ENOTCONN;
		err = tquic_wait_send(sk, &timeo);
		if (err)
			return done ?: err;
	}
}

/**
 * tquic_sendmsg - handshake data, stream data or a datagram
 * @sk: the socket
 * @msg: the data, with a TQUIC_CMSG_HANDSHAKE_INFO or
 *	TQUIC_CMSG_STREAM_INFO control message
 * @len: its length
 *
 * Return: bytes queued; -ENOTCONN, -EPIPE after the connection closed,
 * -EINVAL for a bad or missing control message or more than 64 KiB of
 * handshake data at once, -EAGAIN, -EOPNOTSUPP or -EMSGSIZE for
 * datagrams the peer does not take, or a stream error (see
 * tquic_stream_tx_get()).
 */
int tquic_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_send_ctl ctl;
	int err;

	if (!READ_ONCE(tq->conn))
		return -ENOTCONN;
	err = tquic_cmsg_parse(msg, &ctl);
	if (err)
		return err;
	if (ctl.handshake && (!len || len > TQUIC_CRYPTO_RX_MAX))
		return -EINVAL;
	lock_sock(sk);
	if (!tq->conn) {
		err = -ENOTCONN;
	} else if (tq->conn->state == TQUIC_CONN_CLOSED) {
		err = sock_error(sk) ?: -EPIPE;
	} else if (ctl.handshake) {
		err = tquic_crypto_queue(tq->conn, ctl.level, &msg->msg_iter,
					 len);
		if (err >= 0)
			tquic_output_bh(tq->conn);
	} else if (ctl.info.flags & TQUIC_STREAM_FLAG_DATAGRAM) {
		err = tquic_early_can_send(tq->conn) ?
		      tquic_send_datagram(sk, tq->conn, msg, len) : -ENOTCONN;
	} else {
		err = tquic_send_stream(sk, tq, msg, len, &ctl.info);
	}
	release_sock(sk);
	return err;
}

/* Copy out of the first queued skb: the data of one level, stream or
 * datagram, with its control message.
 */
static int tquic_recv_skb(struct sock *sk, struct tquic_conn *c,
			  struct sk_buff *skb, struct msghdr *msg, size_t len,
			  int flags)
{
	struct tquic_skb_cb *cb = TQUIC_SKB_CB(skb);
	struct tquic_stream_info si = {};
	struct tquic_handshake_info hi;
	size_t n, left = skb->len - cb->consumed;
	bool done;
	int err;

	n = min(len, left);
	err = skb_copy_datagram_msg(skb, cb->consumed, msg, n);
	if (err)
		return err;
	switch (cb->kind) {
	case TQUIC_SKB_CRYPTO:
		hi.crypto_level = cb->level;
		put_cmsg(msg, SOL_QUIC, TQUIC_CMSG_HANDSHAKE_INFO, sizeof(hi),
			 &hi);
		done = n == left;
		break;
	case TQUIC_SKB_EVENT:
	case TQUIC_SKB_DATAGRAM:
		if (cb->kind == TQUIC_SKB_EVENT) {
			msg->msg_flags |= TQUIC_MSG_NOTIFICATION;
		} else {
			si.flags = TQUIC_STREAM_FLAG_DATAGRAM;
			put_cmsg(msg, SOL_QUIC, TQUIC_CMSG_STREAM_INFO,
				 sizeof(si), &si);
		}
		if (n < left)
			msg->msg_flags |= MSG_TRUNC;
		done = true;	/* the rest of a datagram or event is dropped */
		break;
	default:
		si.stream_id = cb->stream_id;
		if (cb->stream_id & TQUIC_STREAM_ID_UNI)
			si.flags |= TQUIC_STREAM_FLAG_UNI;
		done = n == left;
		if (done && cb->fin)
			si.flags |= TQUIC_STREAM_FLAG_FIN;
		if (done && cb->reset)
			si.flags |= TQUIC_STREAM_FLAG_RESET;
		put_cmsg(msg, SOL_QUIC, TQUIC_CMSG_STREAM_INFO, sizeof(si),
			 &si);
		if (done && cb->reset)
			put_cmsg(msg, SOL_QUIC, TQUIC_CMSG_STREAM_RESET,
				 sizeof(cb->reset_code), &cb->reset_code);
		break;
	}
	if (flags & MSG_PEEK)
		return n;
	cb->consumed += n;
	if (done) {
		skb_unlink(skb, &sk->sk_receive_queue);
		consume_skb(skb);	/* read */
	}
	if (cb->kind == TQUIC_SKB_STREAM && (n || si.flags &
					     TQUIC_STREAM_FLAG_FIN)) {
		tquic_stream_read(c, si.stream_id, n,
				  si.flags & TQUIC_STREAM_FLAG_FIN);
		tquic_output_bh(c);
	}
	return n;
}

/* The next queued skb after @skb, if it carries data of the same stream
 * (a reset is read alone, as it always was).
 */
static struct sk_buff *tquic_recv_next(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *next;

	spin_lock_bh(&q->lock);
	next = skb_peek_next(skb, q);
	spin_unlock_bh(&q->lock);
	if (next && (TQUIC_SKB_CB(next)->kind != TQUIC_SKB_STREAM ||
		     TQUIC_SKB_CB(next)->stream_id !=
		     TQUIC_SKB_CB(skb)->stream_id ||
		     TQUIC_SKB_CB(next)->reset))
		next = NULL;
	return next;
}

/* A stream read of @n bytes done: its control messages, its flow
 * control credit; the stream is the one a sleeping reader's buffer
 * takes next (rxzc.c) until it ends.  A reader that got data reads again
 * soon: what arrives meanwhile may wait for it (rxwork.c).
 */
static void tquic_recv_stream_end(struct tquic_conn *c, struct msghdr *msg,
				  struct tquic_stream_info *si, size_t n,
				  u64 reset_code)
{
	bool fin = si->flags & TQUIC_STREAM_FLAG_FIN;

	put_cmsg(msg, SOL_QUIC, TQUIC_CMSG_STREAM_INFO, sizeof(*si), si);
	if (si->flags & TQUIC_STREAM_FLAG_RESET)
		put_cmsg(msg, SOL_QUIC, TQUIC_CMSG_STREAM_RESET,
			 sizeof(reset_code), &reset_code);
	c->rx_zc_stream = fin || (si->flags & TQUIC_STREAM_FLAG_RESET) ? -1 :
			  (s64)si->stream_id;
	c->rx_reading = c->rx_zc_stream >= 0 && n;
	if (n || fin) {
		tquic_stream_read(c, si->stream_id, n, fin);
		tquic_output_bh(c);
	}
}

/* After a read of stream @id drained the queue, the rest of the buffer
 * (@room bytes, the iterator there) is lent while the datagrams left to
 * this reader - the socket's owner, or a reader that is reading
 * (rxwork.c) - are read now: their stream data goes into it instead of
 * being queued and copied on the next read (rxzc.c); what does not fit
 * waits for the next read.
 * Return: the bytes placed; *@fin when they reached the stream's end.
 */
static size_t tquic_recv_lend(struct sock *sk, struct tquic_conn *c,
			      struct msghdr *msg, u64 id, size_t room,
			      bool *fin)
{
	u64 placed_id;

	*fin = false;
	if ((!READ_ONCE(c->rx_deferred) && !tquic_rx_waiting(c)) ||
	    !skb_queue_empty(&sk->sk_receive_queue))
		return 0;
	c->rx_zc_stream = id;
	if (!tquic_rx_zc_arm(c, msg, room, 0))
		return 0;
	tquic_rx_owner_drain(sk);
	return tquic_rx_zc_disarm(c, msg, &placed_id, fin);
}

/* Copy stream data from the queued skbs of one stream, starting at
 * @skb, until @len is full, the stream ends or another stream's or
 * another kind's data comes: one read, one control message, one
 * flow control update for all of it.
 */
static int tquic_recv_stream(struct sock *sk, struct tquic_conn *c,
			     struct sk_buff *skb, struct msghdr *msg,
			     size_t len)
{
	struct tquic_stream_info si = {
		.stream_id = TQUIC_SKB_CB(skb)->stream_id,
	};
	struct tquic_skb_cb *cb;
	size_t copied = 0, n, left;
	struct sk_buff *next;
	u64 reset_code = 0;
	bool fin;
	int err;

	if (si.stream_id & TQUIC_STREAM_ID_UNI)
		si.flags |= TQUIC_STREAM_FLAG_UNI;
	for (;;) {
		cb = TQUIC_SKB_CB(skb);
		left = skb->len - cb->consumed;
		n = min(len - copied, left);
		err = skb_copy_datagram_msg(skb, cb->consumed, msg, n);
		if (err) {
			if (!copied)
				return err;
			break;
		}
		copied += n;
		cb->consumed += n;
		if (n < left)
			break;
		if (cb->fin)
			si.flags |= TQUIC_STREAM_FLAG_FIN;
		if (cb->reset) {
			si.flags |= TQUIC_STREAM_FLAG_RESET;
			reset_code = cb->reset_code;
		}
		next = tquic_recv_next(sk, skb);
		skb_unlink(skb, &sk->sk_receive_queue);
		consume_skb(skb);	/* read */
		if (!next || copied == len ||
		    (si.flags & (TQUIC_STREAM_FLAG_FIN | TQUIC_STREAM_FLAG_RESET)))
			break;
		skb = next;
	}
	if (copied < len &&
	    !(si.flags & (TQUIC_STREAM_FLAG_FIN | TQUIC_STREAM_FLAG_RESET))) {
		copied += tquic_recv_lend(sk, c, msg, si.stream_id,
					  len - copied, &fin);
		if (fin)
			si.flags |= TQUIC_STREAM_FLAG_FIN;
	}
	tquic_recv_stream_end(c, msg, &si, copied, reset_code);
	return copied;
}

/* What the connection opened into the buffer it was lent (rxzc.c):
 * the bytes read, 0 when none came.
 */
static int tquic_recv_placed(struct sock *sk, struct tquic_conn *c,
			     struct msghdr *msg, size_t len)
{
	struct tquic_stream_info si = {};
	size_t n;
	bool fin;
	u64 id;

	n = tquic_rx_zc_disarm(c, msg, &id, &fin);
	if (!n)
		return 0;
	if (!fin && n < len)
		n += tquic_recv_lend(sk, c, msg, id, len - n, &fin);
	si.stream_id = id;
	if (id & TQUIC_STREAM_ID_UNI)
		si.flags |= TQUIC_STREAM_FLAG_UNI;
	if (fin)
		si.flags |= TQUIC_STREAM_FLAG_FIN;
	tquic_recv_stream_end(c, msg, &si, n, 0);
	return n;
}

/* Sleep until something is queued or opened into the lent buffer (as
 * sk_wait_data(), whose condition is the queue alone).
 */
static int tquic_wait_data(struct sock *sk, struct tquic_conn *c,
			   long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int rc;

	add_wait_queue(sk_sleep(sk), &wait);
	sk_set_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	rc = sk_wait_event(sk, timeo,
			   !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
			   tquic_rx_zc_ready(c), &wait);
	sk_clear_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	remove_wait_queue(sk_sleep(sk), &wait);
	return rc;
}

/**
 * tquic_recvmsg - what the peer sent: handshake data, stream data or a
 *	datagram
 * @sk: the socket
 * @msg: where it goes; a control message tells which kind and where from
 * @len: room
 * @flags: MSG_DONTWAIT, MSG_PEEK
 * @addr_len: unused
 *
 * A read returns data of one level or stream only (what does not fit
 * stays for the next read; stream data from as many queued frames of
 * that stream as fit), or one datagram.  A stream's end comes as
 * TQUIC_STREAM_FLAG_FIN on the read that reaches it, which may return no
 * bytes.
 * Return: bytes read, 0 (without a control message) once the connection
 * closed and all was read, -EAGAIN, -ENOTCONN or the socket's error.
 */
int tquic_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags,
		  int *addr_len)
{
	struct tquic_sock *tq = tquic_sk(sk);
	bool lent = false, waits = false;
	struct tquic_conn *c;
	struct sk_buff *skb;
	long timeo;
	int err, cpu;

	lock_sock(sk);
	c = tq->conn;
	if (!c) {
		err = -ENOTCONN;
		goto out;
	}
	/* The receive work opens what this reader reads on its CPU (the
	 * cache line is written only when the reader moved)
	 */
	cpu = raw_smp_processor_id() + 1;
	if (READ_ONCE(c->rx_cpu) != cpu)
		WRITE_ONCE(c->rx_cpu, cpu);
	c->rx_read_at = jiffies;
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	waits = timeo && user_backed_iter(&msg->msg_iter);
	while (!(skb = skb_peek(&sk->sk_receive_queue)) &&
	       !tquic_rx_zc_ready(c)) {
		err = sock_error(sk);
		if (err)
			goto out;
		if (c->state == TQUIC_CONN_CLOSED) {
			err = 0;
			goto out;
		}
		/* Datagrams left for this reader are read now (into its
		 * buffer, if it can be lent; what does not fit waits for
		 * the next read)
		 */
		if (tquic_rx_waiting(c)) {
			if (!lent)
				lent = tquic_rx_zc_arm(c, msg, len, flags);
			tquic_rx_owner_drain(sk);
			continue;
		}
		if (!timeo) {
			err = -EAGAIN;
			goto out;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(timeo);
			goto out;
		}
		/* Lend the buffer while asleep (rxzc.c); what comes is
		 * opened into it, not held
		 */
		c->rx_reading = false;
		if (!lent)
			lent = tquic_rx_zc_arm(c, msg, len, flags);
		tquic_wait_data(sk, c, &timeo);
	}
	/* What was opened into the buffer came before anything queued */
	if (lent) {
		lent = false;
		err = tquic_recv_placed(sk, c, msg, len);
		if (err)
			goto out;
	}
	if (TQUIC_SKB_CB(skb)->kind == TQUIC_SKB_STREAM && !(flags & MSG_PEEK))
		err = tquic_recv_stream(sk, c, skb, msg, len);
	else
		err = tquic_recv_skb(sk, c, skb, msg, len, flags);
out:
	/* An error or the end after bytes were placed: the bytes first */
	if (lent)
		err = tquic_recv_placed(sk, c, msg, len) ?: err;
	/* A reader that does not wait waits for poll(), which sees only
	 * what is queued, and one whose buffer cannot be lent would copy
	 * anyway: nothing is held for them (rxwork.c)
	 */
	if (c && !waits)
		c->rx_reading = false;
	release_sock(sk);
	return err;
}

/**
 * tquic_set_crypto_secret - TQUIC_SOCKOPT_CRYPTO_SECRET
 * @sk: the socket
 * @cs: the secret from user space
 *
 * Return: 0 or as tquic_conn_install_secret(); -ENOTCONN without a
 * connection.
 */
int tquic_set_crypto_secret(struct sock *sk, const struct tquic_crypto_secret *cs)
{
	struct tquic_sock *tq = tquic_sk(sk);
	int err;

	if (cs->secret_len > TQUIC_SECRET_MAX_LEN || cs->send > 1)
		return -EINVAL;
	lock_sock(sk);
	if (!tq->conn) {
		err = -ENOTCONN;
	} else {
		err = tquic_conn_install_secret(tq->conn, cs->level, cs->send,
						cs->cipher, cs->secret,
						cs->secret_len);
		/* Data queued for this level can go now. */
		if (!err)
			tquic_output_bh(tq->conn);
	}
	release_sock(sk);
	return err;
}
