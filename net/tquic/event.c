// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: event notifications.
 *
 * A socket turns event types on and off with TQUIC_SOCKOPT_EVENT (a bit
 * each in tquic_sock.events, all off at first; accepted sockets copy
 * their listener's).  Each event of a type that is on becomes an skb of
 * kind TQUIC_SKB_EVENT on the socket's receive queue, charged to the
 * receive buffer like the data around it, which keeps them in order with
 * that data; recvmsg() returns it flagged TQUIC_MSG_NOTIFICATION.  The
 * events waiting (tquic_sock.event_mem) may take up to the receive
 * buffer's size, whatever data waits too (flow control bounds that);
 * one more is dropped and counted in EventsDropped.  The connection
 * close is never dropped for room: its
 * skb is allocated when the type is turned on (tquic_sock.event_close)
 * and used when the connection ends.
 *
 * Locking: tquic_sock.events and .event_close change under the socket
 * lock (lock_sock()); the events are queued by the connection code,
 * which runs under the same lock (lock_sock(), or bh_lock_sock() while
 * user space does not own the socket).
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "conn.h"
#include "event.h"
#include "sock.h"
#include "stream.h"
#include "token.h"
#include "tquic.h"

/* The bytes of a struct tquic_event of @type before its variable part */
static const u16 tquic_event_len[__TQUIC_EVENT_MAX] = {
	[TQUIC_EVENT_STREAM_UPDATE] = sizeof(struct tquic_event_stream_update),
	[TQUIC_EVENT_MAX_STREAMS] = sizeof(struct tquic_event_max_streams),
	[TQUIC_EVENT_CONNECTION_CLOSE] = sizeof(struct tquic_connection_close),
	[TQUIC_EVENT_CONNECTION_MIGRATION] =
		sizeof(struct tquic_event_migration),
	[TQUIC_EVENT_KEY_UPDATE] = sizeof(struct tquic_event_key_update),
	[TQUIC_EVENT_NEW_TOKEN] = sizeof(struct tquic_event_new_token),
};

#define TQUIC_EVENT_HDR_LEN	offsetof(struct tquic_event, info)
#define TQUIC_EVENT_CLOSE_LEN	(TQUIC_EVENT_HDR_LEN + \
				 sizeof(struct tquic_connection_close) + \
				 TQUIC_CLOSE_REASON_MAX)

static bool tquic_event_on(const struct tquic_conn *c, u8 type)
{
	return tquic_sk(c->sk)->events & BIT(type);
}

/* An event skb of @type with room for @extra bytes after its struct. */
static struct sk_buff *tquic_event_alloc(u8 type, size_t extra, gfp_t gfp)
{
	struct sk_buff *skb;

	skb = alloc_skb(TQUIC_EVENT_HDR_LEN + tquic_event_len[type] + extra,
			gfp);
	if (skb)
		TQUIC_SKB_CB(skb)->kind = TQUIC_SKB_EVENT;
	return skb;
}

/* Start @skb as an event of @type; returns where its struct goes. */
static void *tquic_event_start(struct sk_buff *skb, u8 type)
{
	struct tquic_event *ev;

	ev = skb_put_zero(skb, TQUIC_EVENT_HDR_LEN + tquic_event_len[type]);
	ev->type = type;
	return &ev->info;
}

/* An event leaves the receive queue (read, or purged with the socket). */
static void tquic_event_rfree(struct sk_buff *skb)
{
	atomic_sub(skb->truesize, &tquic_sk(skb->sk)->event_mem);
	sock_rfree(skb);
}

static void tquic_event_queue(struct sock *sk, struct sk_buff *skb)
{
	TQUIC_SKB_CB(skb)->consumed = 0;
	skb_set_owner_r(skb, sk);
	skb->destructor = tquic_event_rfree;
	atomic_add(skb->truesize, &tquic_sk(sk)->event_mem);
	skb_queue_tail(&sk->sk_receive_queue, skb);
	sk->sk_data_ready(sk);
}

/* Queue event @type of @c's socket with @info (its struct) followed by
 * @extra_len bytes of @extra, when the type is on and there is room (else
 * count it dropped).
 */
static void tquic_event_put(struct tquic_conn *c, u8 type, const void *info,
			    const void *extra, size_t extra_len)
{
	struct sock *sk = c->sk;
	struct sk_buff *skb = NULL;

	if (!tquic_event_on(c, type))
		return;
	if (atomic_read(&tquic_sk(sk)->event_mem) <= READ_ONCE(sk->sk_rcvbuf))
		skb = tquic_event_alloc(type, extra_len, GFP_ATOMIC);
	if (!skb) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_EVENTS_DROPPED);
		return;
	}
	memcpy(tquic_event_start(skb, type), info, tquic_event_len[type]);
	skb_put_data(skb, extra, extra_len);
	tquic_event_queue(sk, skb);
}

/**
 * tquic_event_stream - TQUIC_EVENT_STREAM_UPDATE
 * @c: connection
 * @id: stream id
 * @state: enum tquic_stream_update_state
 * @errcode: the peer's error code, or 0
 * @final_size: the stream's final size, or U64_MAX
 */
void tquic_event_stream(struct tquic_conn *c, u64 id, u32 state, u64 errcode,
			u64 final_size)
{
	struct tquic_event_stream_update su = {
		.stream_id = id,
		.state = state,
		.errcode = errcode,
		.final_size = final_size,
	};

	tquic_event_put(c, TQUIC_EVENT_STREAM_UPDATE, &su, NULL, 0);
}

/**
 * tquic_event_max_streams - TQUIC_EVENT_MAX_STREAMS: the peer raised a
 *	stream limit
 * @c: connection
 */
void tquic_event_max_streams(struct tquic_conn *c)
{
	struct tquic_event_max_streams ms = {
		.max_streams_bidi = c->max_local_bidi,
		.max_streams_uni = c->max_local_uni,
	};

	tquic_event_put(c, TQUIC_EVENT_MAX_STREAMS, &ms, NULL, 0);
}

/**
 * tquic_event_close - TQUIC_EVENT_CONNECTION_CLOSE: @c closed, as its
 *	close fields say
 * @c: connection
 *
 * Uses the skb kept since the type was turned on; without one (turned
 * on for a listener whose child could not get one) it allocates.
 */
void tquic_event_close(struct tquic_conn *c)
{
	struct tquic_sock *tq = tquic_sk(c->sk);
	struct tquic_connection_close *cc;
	struct sk_buff *skb;

	if (!tquic_event_on(c, TQUIC_EVENT_CONNECTION_CLOSE))
		return;
	skb = tq->event_close;
	tq->event_close = NULL;
	if (!skb)
		skb = tquic_event_alloc(TQUIC_EVENT_CONNECTION_CLOSE,
					TQUIC_CLOSE_REASON_MAX, GFP_ATOMIC);
	if (!skb) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_EVENTS_DROPPED);
		return;
	}
	cc = tquic_event_start(skb, TQUIC_EVENT_CONNECTION_CLOSE);
	cc->errcode = c->close_error;
	cc->frame_type = c->close_frame_type;
	cc->app = c->close_app;
	cc->by_peer = c->close_by_peer;
	cc->reason_len = c->close_reason_len;
	skb_put_data(skb, c->close_reason, c->close_reason_len);
	tquic_event_queue(c->sk, skb);
}

/**
 * tquic_event_migration - TQUIC_EVENT_CONNECTION_MIGRATION: @c's path
 *	changed to its @local and @peer now
 * @c: connection
 * @by_peer: the peer's address changed (else ours)
 */
void tquic_event_migration(struct tquic_conn *c, bool by_peer)
{
	struct tquic_event_migration m = { .by_peer = by_peer };

	memcpy(&m.local, &c->path->local, sizeof(c->path->local));
	memcpy(&m.peer, &c->path->peer, sizeof(c->path->peer));
	tquic_event_put(c, TQUIC_EVENT_CONNECTION_MIGRATION, &m, NULL, 0);
}

/**
 * tquic_event_key_update - TQUIC_EVENT_KEY_UPDATE: a key update completed
 * @c: connection
 * @by_peer: the peer started it
 */
void tquic_event_key_update(struct tquic_conn *c, bool by_peer)
{
	struct tquic_event_key_update ku = {
		.key_phase = c->ku.tx_phase,
		.by_peer = by_peer,
	};

	tquic_event_put(c, TQUIC_EVENT_KEY_UPDATE, &ku, NULL, 0);
}

/**
 * tquic_event_new_token - TQUIC_EVENT_NEW_TOKEN: a client got the token
 *	now in @c->new_token
 * @c: connection
 */
void tquic_event_new_token(struct tquic_conn *c)
{
	struct tquic_event_new_token nt = { .token_len = c->new_token_len };

	tquic_event_put(c, TQUIC_EVENT_NEW_TOKEN, &nt, c->new_token,
			c->new_token_len);
}

/* Keep the close event's skb while that type is on (socket lock held). */
static int tquic_event_reserve(struct tquic_sock *tq)
{
	if (!(tq->events & BIT(TQUIC_EVENT_CONNECTION_CLOSE))) {
		kfree_skb(tq->event_close);
		tq->event_close = NULL;
		return 0;
	}
	if (tq->event_close)
		return 0;
	tq->event_close = tquic_event_alloc(TQUIC_EVENT_CONNECTION_CLOSE,
					    TQUIC_CLOSE_REASON_MAX, GFP_KERNEL);
	return tq->event_close ? 0 : -ENOMEM;
}

/**
 * tquic_event_set - TQUIC_SOCKOPT_EVENT set
 * @sk: the socket
 * @optval: struct tquic_event_option
 * @optlen: its length
 *
 * Return: 0, -EINVAL for a bad option, -EFAULT, or -ENOMEM when the
 * close event's room cannot be kept (the type stays as it was).
 */
int tquic_event_set(struct sock *sk, sockptr_t optval, unsigned int optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_event_option o;
	u32 old;
	int err;

	if (optlen != sizeof(o))
		return -EINVAL;
	if (copy_from_sockptr(&o, optval, sizeof(o)))
		return -EFAULT;
	if (!o.type || o.type > TQUIC_EVENT_MAX || o.on > 1 || o.reserved)
		return -EINVAL;
	lock_sock(sk);
	old = tq->events;
	if (o.on)
		tq->events |= BIT(o.type);
	else
		tq->events &= ~BIT(o.type);
	err = tquic_event_reserve(tq);
	if (err)
		tq->events = old;
	release_sock(sk);
	return err;
}

/**
 * tquic_event_get - TQUIC_SOCKOPT_EVENT get: is the type asked for on
 * @sk: the socket
 * @optval: struct tquic_event_option, @type in, @on out
 * @optlen: its length
 * @len: the length user space gave
 *
 * Return: 0, -EINVAL or -EFAULT.
 */
int tquic_event_get(struct sock *sk, char __user *optval, int __user *optlen,
		    int len)
{
	struct tquic_event_option o;

	if (len < sizeof(o))
		return -EINVAL;
	if (copy_from_user(&o, optval, sizeof(o)))
		return -EFAULT;
	if (!o.type || o.type > TQUIC_EVENT_MAX || o.reserved)
		return -EINVAL;
	o.on = !!(READ_ONCE(tquic_sk(sk)->events) & BIT(o.type));
	if (put_user(sizeof(o), optlen) || copy_to_user(optval, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}

/**
 * tquic_event_child - an accepted socket starts with its listener's event
 *	types (copied with the socket) and a close event of its own
 * @tq: the new socket, not yet visible to anyone
 *
 * Without memory for it, the close event is allocated when it happens.
 */
void tquic_event_child(struct tquic_sock *tq)
{
	atomic_set(&tq->event_mem, 0);
	tq->event_close = NULL;
	tquic_event_reserve(tq);
}

/**
 * tquic_event_free - the socket closes: drop the close event's room
 * @tq: the socket; caller holds its lock
 */
void tquic_event_free(struct tquic_sock *tq)
{
	kfree_skb(tq->event_close);
	tq->event_close = NULL;
}
