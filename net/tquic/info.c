// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: TQUIC_SOCKOPT_CONNECTION_INFO, a connection's state and figures
 * for user space (what TCP_INFO is to TCP).
 */
#include <linux/uaccess.h>
#include <net/sock.h>

#include "conn.h"
#include "sock.h"
#include "tquic.h"

/**
 * tquic_info_state - enum tquic_conn_info_state of @c
 * @c: connection
 *
 * Return: the state user space sees.
 */
u8 tquic_info_state(const struct tquic_conn *c)
{
	switch (c->state) {
	case TQUIC_CONN_HANDSHAKE:
		return TQUIC_INFO_HANDSHAKE;
	case TQUIC_CONN_ESTABLISHED:
		return TQUIC_INFO_ESTABLISHED;
	default:
		return TQUIC_INFO_CLOSED;
	}
}

/* Fill @info from @c; caller holds the socket lock. */
static void tquic_info_fill(const struct tquic_conn *c,
			    struct tquic_connection_info *info)
{
	const struct tquic_pp_key *k = &c->space[TQUIC_LEVEL_APP].tx_key;

	info->state = tquic_info_state(c);
	info->is_server = c->is_server;
	info->confirmed = c->confirmed;
	info->key_phase = c->ku.tx_phase;
	info->version = c->version;
	info->cipher = k->suite ? k->suite->tls_id : 0;
	info->max_datagram = c->path->max_dgram;
	info->pto_count = c->path->pto_count;
	info->srtt_us = div_u64(c->path->rtt.smoothed, NSEC_PER_USEC);
	info->rttvar_us = div_u64(c->path->rtt.var, NSEC_PER_USEC);
	info->min_rtt_us = div_u64(c->path->rtt.min, NSEC_PER_USEC);
	info->latest_rtt_us = div_u64(c->path->rtt.latest, NSEC_PER_USEC);
	info->cwnd = c->path->cc.cwnd;
	info->ssthresh = c->path->cc.ssthresh;
	info->bytes_in_flight = c->path->cc.in_flight;
	info->packets_sent = c->stats.pkts_out;
	info->packets_received = c->stats.pkts_in;
	info->packets_lost = c->stats.pkts_lost;
	info->probe_timeouts = c->stats.ptos;
	info->bytes_sent = c->stats.bytes_out;
	info->bytes_received = c->stats.bytes_in;
	info->stream_bytes_sent = c->tx_data;
	info->stream_bytes_retransmitted = c->stats.stream_retrans;
	info->stream_bytes_received = c->rx_data;
	info->key_updates = c->stats.key_updates;
	BUILD_BUG_ON(sizeof(info->local) != sizeof(c->path->local));
	memcpy(&info->local, &c->path->local, sizeof(info->local));
	memcpy(&info->peer, &c->path->peer, sizeof(info->peer));
	strscpy(info->congestion_control, c->path->cc.ops->alg.name,
		sizeof(info->congestion_control));
	tquic_cids_count(c, &info->local_cids, &info->peer_cids);
	info->dcid_seq = c->dcid_seq;
	info->early_data = c->early.state;
	info->early_packets = c->early.packets;
	info->pacing_rate = tquic_pacing_rate(c);
	info->multipath = c->mp.enabled;
	info->degraded = tquic_conn_degraded(c);
	if (c->mp.enabled) {
		u32 l, p;

		info->max_path_id_local = c->mp.local_max_path_id;
		info->max_path_id_peer = c->mp.peer_max_path_id;
		tquic_mp_counts(c, &l, &p);
		info->mp_local_cids = l;
		info->mp_peer_cids = p;
	}
	if (c->sched.ops)
		strscpy(info->scheduler, c->sched.ops->alg.name,
			sizeof(info->scheduler));
	tquic_txbuf_count(c, &info->send_pages, &info->send_spares);
}

/**
 * tquic_get_info - getsockopt(TQUIC_SOCKOPT_CONNECTION_INFO)
 * @sk: the socket
 * @optval: user buffer
 * @optlen: its length, set to the bytes written
 * @len: the length user space gave
 *
 * Return: 0, -ENOTCONN without a connection, -EFAULT.
 */
int tquic_get_info(struct sock *sk, char __user *optval, int __user *optlen,
		   int len)
{
	struct tquic_connection_info *info;
	struct tquic_sock *tq = tquic_sk(sk);
	int err = 0;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	lock_sock(sk);
	if (tq->conn)
		tquic_info_fill(tq->conn, info);
	else
		err = -ENOTCONN;
	release_sock(sk);
	len = min_t(int, len, sizeof(*info));
	if (!err && (put_user(len, optlen) || copy_to_user(optval, info, len)))
		err = -EFAULT;
	kfree(info);
	return err;
}
