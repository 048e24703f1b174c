// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the kernel's side of the end of the handshake.
 *
 * TLS runs in user space; the kernel encodes its own transport parameters
 * for the quic_transport_parameters extension, validates the peer's
 * (RFC 9000, 7.3 and 18.2), and learns from user space when TLS is done.
 * A server then sends HANDSHAKE_DONE and its handshake is confirmed; a
 * client's is confirmed when HANDSHAKE_DONE arrives (RFC 9001, 4.1.2).
 * Callers hold the socket lock.
 */
#include <net/sock.h>
#include <net/tcp_states.h>

#include "conn.h"
#include "pmtu.h"
#include "recovery.h"
#include "reset.h"
#include "sock.h"
#include "token.h"
#include "tquic.h"

/**
 * tquic_conn_tparams_init - our transport parameters for @c
 * @c: connection, its connection IDs chosen
 * @p: the socket's settings
 */
void tquic_conn_tparams_init(struct tquic_conn *c,
			     const struct tquic_transport_param *p)
{
	struct tquic_tparams *tp = &c->ltp;

	tquic_tparams_default(tp);
	tp->max_idle_timeout = p->max_idle_timeout;
	tp->max_udp_payload_size = p->max_udp_payload_size;
	tp->initial_max_data = p->max_data;
	tp->initial_max_stream_data_bidi_local = p->max_stream_data_bidi_local;
	tp->initial_max_stream_data_bidi_remote =
		p->max_stream_data_bidi_remote;
	tp->initial_max_stream_data_uni = p->max_stream_data_uni;
	tp->initial_max_streams_bidi = p->max_streams_bidi;
	tp->initial_max_streams_uni = p->max_streams_uni;
	tp->ack_delay_exponent = p->ack_delay_exponent;
	tp->max_ack_delay = p->max_ack_delay;
	/* We hold no more of the peer's IDs than that */
	tp->active_connection_id_limit = min_t(u64,
					       p->active_connection_id_limit,
					       TQUIC_CID_ACTIVE_MAX);
	tp->disable_active_migration = p->disable_active_migration;
	tp->grease_quic_bit = p->grease_quic_bit;
	if (p->max_datagram_frame_size) {
		tp->has_max_datagram_frame_size = true;
		tp->max_datagram_frame_size = p->max_datagram_frame_size;
	}
	if (p->multipath) {	/* multipath.c */
		tp->has_initial_max_path_id = true;
		tp->initial_max_path_id = p->max_paths - 1;
	}
	tp->has_initial_scid = true;
	tp->initial_scid.len = c->scid.len;
	memcpy(tp->initial_scid.id, c->scid.id, c->scid.len);
	if (c->is_server) {
		tp->has_original_dcid = true;
		tp->original_dcid.len = c->odcid.len;
		memcpy(tp->original_dcid.id, c->odcid.id, c->odcid.len);
		if (c->retried) {
			tp->has_retry_scid = true;
			tp->retry_scid.len = c->idcid.len;
			memcpy(tp->retry_scid.id, c->idcid.id, c->idcid.len);
		}
		/* The token of the ID the client sends to from now on
		 * (18.2); without one the client cannot be reset.
		 */
		tp->has_stateless_reset_token =
			!tquic_reset_token(c->net, c->scid.id, c->scid.len,
					   tp->stateless_reset_token);
	}
	tquic_vneg_tparams(c);

	/* What we let the peer do until it hears otherwise */
	c->rx_max_data = tp->initial_max_data;
	c->max_peer_bidi = tp->initial_max_streams_bidi;
	c->max_peer_uni = tp->initial_max_streams_uni;
}

/**
 * tquic_conn_tparams_get - encode our transport parameters
 * @c: connection
 * @buf: where they go
 * @len: room
 *
 * Return: the encoded length or -ENOSPC.
 */
int tquic_conn_tparams_get(struct tquic_conn *c, u8 *buf, size_t len)
{
	return tquic_tparams_encode(buf, len, c->is_server, &c->ltp);
}

static bool tquic_tp_cid_is(const struct tquic_tp_cid *a,
			    const struct tquic_cid *b)
{
	return a->len == b->len && !memcmp(a->id, b->id, a->len);
}

/**
 * tquic_conn_tparams_set - the peer's transport parameters from TLS
 * @c: connection
 * @buf: the extension's body
 * @len: its length
 *
 * A bad set closes the connection with TRANSPORT_PARAMETER_ERROR, a
 * version_information that does not match what happened with
 * VERSION_NEGOTIATION_ERROR.  A server may then switch to its preferred
 * version (version.c), before it sends its own.
 * Context: process.
 * Return: 0, -EALREADY, -EPIPE when closed, -EINVAL, or a crypto error.
 */
int tquic_conn_tparams_set(struct tquic_conn *c, const u8 *buf, size_t len)
{
	struct tquic_tparams *tp = &c->ptp;
	u64 verr;
	int err;

	if (c->state == TQUIC_CONN_CLOSED)
		return -EPIPE;
	if (c->ptp_set)
		return -EALREADY;
	if (tquic_tparams_decode(buf, len, !c->is_server, tp))
		goto bad;
	/* The connection IDs must be the ones the packets used (7.3): a
	 * client's is the one the server's long headers carry (7.2).
	 */
	if (!tp->has_initial_scid ||
	    !tquic_tp_cid_is(&tp->initial_scid,
			     c->is_server ? &c->dcid : &c->server_scid))
		goto bad;
	if (!c->is_server &&
	    (!c->dcid_from_peer || !tp->has_original_dcid ||
	     !tquic_tp_cid_is(&tp->original_dcid, &c->odcid) ||
	     tp->has_retry_scid != c->retried ||
	     (c->retried && !tquic_tp_cid_is(&tp->retry_scid, &c->idcid))))
		goto bad;
	/* The versions chosen must be the ones used (RFC 9368, 4). */
	verr = tquic_vneg_check(c, tp);
	if (verr) {
		tquic_conn_fail(c, verr, EPROTO);
		return -EINVAL;
	}
	err = tquic_vneg_choose(c, tp);
	if (err) {
		tquic_conn_fail(c, TQUIC_ERR_INTERNAL_ERROR, -err);
		return err;
	}
	c->ptp_set = true;
	tquic_mp_negotiate(c);
	/* A server's reset token routes its resets to us (reset.c). */
	tquic_reset_add(c);
	c->tx_max_data = tp->initial_max_data;
	c->max_local_bidi = tp->initial_max_streams_bidi;
	c->max_local_uni = tp->initial_max_streams_uni;
	return 0;
bad:
	tquic_conn_fail(c, TQUIC_ERR_TRANSPORT_PARAMETER_ERROR, EPROTO);
	return -EINVAL;
}

/**
 * tquic_conn_handshake_complete - TLS finished the handshake
 * @c: connection
 * @flags: TQUIC_HANDSHAKE_F_* (what became of 0-RTT)
 *
 * Return: 0, -EALREADY, -EINVAL without the 1-RTT keys or the peer's
 * transport parameters, -EPIPE when closed.
 */
int tquic_conn_handshake_complete(struct tquic_conn *c, u32 flags)
{
	struct tquic_space *app = &c->space[TQUIC_LEVEL_APP];
	struct sock *sk = c->sk;

	if (c->state == TQUIC_CONN_CLOSED)
		return -EPIPE;
	if (c->state == TQUIC_CONN_ESTABLISHED)
		return -EALREADY;
	if (!app->tx_key.aead || !app->rx_key.aead || !c->ptp_set)
		return -EINVAL;
	c->state = TQUIC_CONN_ESTABLISHED;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_CONN_OPENED);
	tquic_early_complete(c, flags);
	if (c->is_server) {
		c->handshake_done_pending = true;
		tquic_new_token_make(c);
		tquic_conn_confirm(c);
	}
	if (c->confirmed) {	/* HANDSHAKE_DONE came first */
		tquic_cids_issue(c);
		tquic_mp_issue(c);
		tquic_endpoints_use(c);
	}
	inet_sk_set_state(sk, TCP_ESTABLISHED);
	c->path->state = TQUIC_PATH_ACTIVE;
	tquic_nl_conn_event(c, TQUIC_NL_EVENT_CONN_ESTABLISHED);
	tquic_nl_path_event(c, c->path, TQUIC_NL_EVENT_PATH_VALIDATED);
	sk->sk_state_change(sk);
	sk->sk_write_space(sk);
	return 0;
}

/**
 * tquic_conn_confirm - the handshake is confirmed: Handshake keys go
 * @c: connection
 */
void tquic_conn_confirm(struct tquic_conn *c)
{
	if (c->confirmed)
		return;
	c->confirmed = true;
	c->rx_offload = true;	/* read off the softirq from now on */
	tquic_space_discard(c, TQUIC_LEVEL_INITIAL);
	tquic_space_discard(c, TQUIC_LEVEL_HANDSHAKE);
	tquic_pmtu_start(c);
	tquic_cids_issue(c);
	tquic_mp_issue(c);
	if (c->state == TQUIC_CONN_ESTABLISHED)
		tquic_endpoints_use(c);
}
