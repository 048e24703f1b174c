// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: abandoning streams - RESET_STREAM and STOP_SENDING (RFC 9000,
 * 3.1-3.5, 19.4, 19.5).
 *
 * Send side: TQUIC_SOCKOPT_STREAM_RESET, or a STOP_SENDING from the peer
 * (answered with its error code), drops what the stream still had to
 * send or resend and queues a RESET_STREAM whose final size is what was
 * sent so far; it is sent again until acknowledged, which ends the send
 * side.  Writes to the stream then fail with EPIPE.
 *
 * Receive side: a RESET_STREAM is checked against the final size rules
 * and flow control like a FIN, data held out of order is dropped, the
 * bytes never delivered are credited to the connection's window, and the
 * reader gets an empty read with TQUIC_STREAM_FLAG_FIN |
 * TQUIC_STREAM_FLAG_RESET and the error code in a TQUIC_CMSG_STREAM_RESET
 * control message, after the data it had already been given.
 * TQUIC_SOCKOPT_STOP_SENDING asks the peer to stop with a STOP_SENDING,
 * sent again until acknowledged.
 *
 * Caller holds the socket lock.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "conn.h"
#include "event.h"
#include "stream.h"
#include "tquic.h"

/* Drop the rest of @s's send side and owe the peer a RESET_STREAM. */
static void tquic_stream_abandon(struct tquic_conn *c, struct tquic_stream *s,
				 u64 code)
{
	tquic_stream_tx_free(c, s);
	list_del_init(&s->send_node);
	s->tx_reset = true;
	s->tx_reset_code = code;
	s->fin_queued = true;	/* nothing more is written */
	s->fin_sent = true;
	if (!s->tx_reset_pending) {
		s->tx_reset_pending = true;
		c->reset_pending++;
	}
	c->sk->sk_write_space(c->sk);
}

/**
 * tquic_stream_reset - user space abandons sending on stream @id
 * @c: connection
 * @id: stream id
 * @code: application error code
 *
 * Return: 0; -EINVAL for a stream we do not send on or that is not open;
 * -EALREADY when its send side is reset or finished already.
 */
int tquic_stream_reset(struct tquic_conn *c, u64 id, u64 code)
{
	struct tquic_stream *s;

	if (code > TQUIC_VARINT_MAX || !tquic_stream_can_send(c, id))
		return -EINVAL;
	s = tquic_stream_find(c, id);
	if (!s)
		return -EINVAL;
	if (s->tx_reset || s->fin_acked)
		return -EALREADY;
	tquic_stream_abandon(c, s, code);
	return 0;
}

/**
 * tquic_stream_stop - user space asks the peer to stop sending on @id
 * @c: connection
 * @id: stream id
 * @code: application error code
 *
 * Return: 0; -EINVAL for a stream we do not receive on or that is not
 * open; -EALREADY once it ended or was asked already.
 */
int tquic_stream_stop(struct tquic_conn *c, u64 id, u64 code)
{
	struct tquic_stream *s;

	if (code > TQUIC_VARINT_MAX || !tquic_stream_can_recv(c, id))
		return -EINVAL;
	s = tquic_stream_find(c, id);
	if (!s)
		return -EINVAL;
	if (s->stop_asked || s->rx_fin_queued)
		return -EALREADY;
	s->stop_asked = true;
	s->stop_code = code;
	s->stop_pending = true;
	c->reset_pending++;
	return 0;
}

/**
 * tquic_stream_reset_rcv - a RESET_STREAM frame
 * @c: connection
 * @f: the frame
 * @terr: the transport error when it is refused
 *
 * Return: 0, -EPROTO with @terr set, or -ENOMEM.
 */
int tquic_stream_reset_rcv(struct tquic_conn *c, const struct tquic_frame *f,
			   u64 *terr)
{
	u64 final = f->reset.final_size;
	struct tquic_stream *s;
	struct sk_buff *skb;

	s = tquic_stream_rx_get(c, f->reset.stream_id, true, terr);
	if (IS_ERR_OR_NULL(s))
		return PTR_ERR_OR_ZERO(s);
	/* The final size rules and flow control, as for a FIN (4.5) */
	if ((s->rx_final != U64_MAX && final != s->rx_final) ||
	    final < s->rx_highest) {
		*terr = TQUIC_ERR_FINAL_SIZE_ERROR;
		return -EPROTO;
	}
	if (final > s->rx_max ||
	    c->rx_data + (final - s->rx_highest) > c->rx_max_data) {
		*terr = TQUIC_ERR_FLOW_CONTROL_ERROR;
		return -EPROTO;
	}
	c->rx_data += final - s->rx_highest;
	s->rx_highest = final;
	s->rx_final = final;
	if (s->rx_fin_queued)
		return 0;	/* all of it was delivered already */
	skb = alloc_skb(0, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	tquic_stream_list_free(&s->rx_ooo);
	/* What will never be read goes back to the connection's window */
	tquic_conn_rx_credit(c, final - s->rx_recv);
	s->rx_recv = final;
	s->rx_fin_queued = true;
	TQUIC_SKB_CB(skb)->kind = TQUIC_SKB_STREAM;
	TQUIC_SKB_CB(skb)->stream_id = s->id;
	TQUIC_SKB_CB(skb)->fin = true;
	TQUIC_SKB_CB(skb)->reset = true;
	TQUIC_SKB_CB(skb)->reset_code = f->reset.error;
	TQUIC_SKB_CB(skb)->consumed = 0;
	tquic_rcvq_add(c, skb);
	tquic_event_stream(c, s->id, TQUIC_STREAM_UPDATE_RESET_RECVD,
			   f->reset.error, final);
	c->sk->sk_data_ready(c->sk);
	return 0;
}

/**
 * tquic_stop_sending_rcv - a STOP_SENDING frame: answer with RESET_STREAM
 * @c: connection
 * @f: the frame
 * @terr: the transport error when it is refused
 *
 * Return: 0 or -EPROTO with @terr set (a stream we do not send on).
 */
int tquic_stop_sending_rcv(struct tquic_conn *c, const struct tquic_frame *f,
			   u64 *terr)
{
	struct tquic_stream *s;

	s = tquic_stream_rx_get(c, f->reset.stream_id, false, terr);
	if (IS_ERR_OR_NULL(s))
		return PTR_ERR_OR_ZERO(s);
	if (!s->tx_reset && !s->fin_acked) {
		tquic_stream_abandon(c, s, f->reset.error);
		tquic_event_stream(c, s->id, TQUIC_STREAM_UPDATE_STOP_SENDING,
				   f->reset.error, s->tx_next);
	}
	return 0;
}

/**
 * tquic_stream_reset_fate - a packet with our RESET_STREAM or
 *	STOP_SENDING for stream @id was acknowledged or lost
 * @c: connection
 * @type: TQUIC_FT_RESET_STREAM or TQUIC_FT_STOP_SENDING
 * @id: stream id
 * @acked: acknowledged (else lost: send it again)
 */
void tquic_stream_reset_fate(struct tquic_conn *c, u8 type, u64 id,
			     bool acked)
{
	struct tquic_stream *s = tquic_stream_find(c, id);

	if (!s)
		return;
	if (type == TQUIC_FT_STOP_SENDING) {
		if (!acked && !s->stop_pending && !s->rx_fin_queued) {
			s->stop_pending = true;
			c->reset_pending++;
		}
		return;
	}
	if (!acked) {
		if (!s->tx_reset_pending && !s->fin_acked) {
			s->tx_reset_pending = true;
			c->reset_pending++;
		}
		return;
	}
	if (!s->fin_acked) {
		s->fin_acked = true;	/* the send side is over */
		tquic_stream_maybe_free(c, s);
	}
}
