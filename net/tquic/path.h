/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: the state of one network path of a connection.
 *
 * A path is a pair of addresses (ours, the peer's) with what QUIC keeps
 * per path: the RTT estimate, the congestion controller, probe timeouts,
 * the datagram size path MTU discovery found, pacing, and the path
 * validation exchange (RFC 9000, 8.2 and 9; RFC 9002).  The connection
 * sends on c->path; a connection without multipath has one path.
 * Protected by the connection's socket lock, like the connection.
 */
#ifndef _TQUIC_PATH_H
#define _TQUIC_PATH_H

#include <linux/socket.h>
#include <linux/types.h>

#include "cid.h"
#include "cong.h"
#include "frame.h"

struct netlink_ext_ack;
struct tquic_conn;
struct tquic_udp_sock;
struct tquic_space;

/**
 * struct tquic_rtt - RTT estimate (RFC 9002, section 5), in ns
 * @latest: last sample
 * @min: minimum
 * @smoothed: smoothed
 * @var: variation
 * @sampled: one sample was taken
 */
struct tquic_rtt {
	u64 latest;
	u64 min;
	u64 smoothed;
	u64 var;
	bool sampled;
};

/**
 * struct tquic_path_stats - what one path carried
 * @bytes_sent: UDP payload bytes of the packets sent on it
 * @pkts_sent: packets sent on it
 * @bytes_rcvd: bytes of the packets received on it and authenticated
 * @pkts_rcvd: those packets
 * @bytes_acked: bytes of its ack-eliciting packets acknowledged
 * @pkts_acked: its ack-eliciting packets acknowledged
 * @bytes_lost: bytes of its packets declared lost
 * @pkts_lost: its packets declared lost
 * @failures: times it failed (tquic_path_pto())
 * @reinjections: times its data in flight was sent again over the
 *	other paths at its first probe timeout (tquic_path_reinject())
 */
struct tquic_path_stats {
	u64 bytes_sent;
	u64 pkts_sent;
	u64 bytes_rcvd;
	u64 pkts_rcvd;
	u64 bytes_acked;
	u64 pkts_acked;
	u64 bytes_lost;
	u64 pkts_lost;
	u64 failures;
	u64 reinjections;
};

/* Probe timeouts without an acknowledgment that fail a path (multipath) */
#define TQUIC_PATH_FAIL_PTOS	3

/**
 * struct tquic_path - one path of a connection
 * @id: its path ID (multipath; 0 is the handshake's path)
 * @state: enum tquic_path_state
 * @backup: a backup path (TQUIC_PATH_F_BACKUP)
 * @weight: for the weighted scheduler (0: none)
 * @sp: its application packet number space: the connection's 1-RTT
 *	space for path 0, one allocated with the path for the others
 *	(struct tquic_path_ext; their keys stay unused: all paths share
 *	the 1-RTT keys)
 * @dcid: path ID above 0: the peer's connection ID we send to
 * @stats: what it carried
 * @local: our address
 * @peer: the peer's address
 * @udp: the shared UDP socket of @local we send and receive on
 * @ifindex: the interface its datagrams leave by (0: the route decides;
 *	TQUIC_ADDR_A_IFINDEX of the local address of TQUIC_CMD_PATH_ADD or
 *	an endpoint)
 * @rtt: the RTT estimate
 * @cc: congestion control
 * @pto_count: consecutive PTOs without an acknowledgment
 * @reinjected: its stream data in flight was queued again on the other
 *	paths (tquic_path_reinject()) since its last acknowledgment
 * @overdue: a packet in flight was overdue since its last acknowledgment
 *	(recovery.c, tquic_path_overdue_at())
 * @max_dgram: the UDP payload we send at most (PMTU discovery raises it)
 * @pmtu_probe: size of the next or outstanding PMTU probe (0: none)
 * @pmtu_fail: smallest size known not to get through (search bound)
 * @pmtu_pending: the probe is to be sent
 * @pace_next: earliest departure time of the next datagram, ns
 *	(CLOCK_MONOTONIC; pacing.c)
 * @pacing_rate: the pacing rate of the last departure, bytes per second
 * @path_response: data of the last PATH_CHALLENGE received
 * @path_response_pending: a PATH_RESPONSE with it is owed
 * @path_challenge: data of our PATH_CHALLENGE on the peer's new address
 * @path_challenge_pending: the PATH_CHALLENGE is to be sent
 * @path_validating: waiting for its PATH_RESPONSE
 * @peer_unvalidated: path 0 moved to a peer address (the peer migrated or
 *	was rebound) not validated yet
 * @peer_ip_moved: the change was more than the port: the controller and
 *	RTT estimate start over once the address is validated (RFC 9000,
 *	9.4)
 * @prev_peer: with @peer_unvalidated, the last validated peer address,
 *	gone back to when the new one fails validation (9.3.2)
 * @amp_rcvd: with @peer_unvalidated, bytes received from @peer since the
 *	move ...
 * @amp_sent: ... and sent to it: at most three times @amp_rcvd (8.1, 9.3)
 * @validate_by: with @peer_unvalidated, when its validation fails (ns)
 * @ku_rx_first_pn: key update: the first packet number of the current
 *	receive phase on this path (valid with @ku_rx_seen)
 * @ku_rx_seen: a packet of the current receive phase came on this path
 * @ku_tx_first_pn: key update: our first packet number of the current
 *	send phase on this path
 */
struct tquic_path {
	u32 id;
	u8 state;
	bool backup;
	u32 weight;
	struct tquic_space *sp;
	struct tquic_cid dcid;
	struct tquic_path_stats stats;
	struct sockaddr_storage local;
	struct sockaddr_storage peer;
	struct tquic_udp_sock *udp;
	int ifindex;
	struct tquic_rtt rtt;
	struct tquic_cc cc;
	unsigned int pto_count;
	bool reinjected;
	bool overdue;
	u32 max_dgram;
	u32 pmtu_probe;
	u32 pmtu_fail;
	bool pmtu_pending;
	u64 pace_next;
	u64 pacing_rate;
	u8 path_response[TQUIC_PATH_DATA_LEN];
	bool path_response_pending;
	u8 path_challenge[TQUIC_PATH_DATA_LEN];
	bool path_challenge_pending;
	bool path_validating;
	bool peer_unvalidated;
	bool peer_ip_moved;
	struct sockaddr_storage prev_peer;
	u64 amp_rcvd;
	u64 amp_sent;
	u64 validate_by;
	u64 ku_rx_first_pn;
	bool ku_rx_seen;
	u64 ku_tx_first_pn;
};

struct tquic_path *tquic_path_next(struct tquic_conn *c,
				   struct tquic_path *p);

/**
 * tquic_path_for_each - walk the open paths of a connection, by path ID
 * @c: the connection (its socket lock held)
 * @p: struct tquic_path cursor
 */
#define tquic_path_for_each(c, p) \
	for ((p) = tquic_path_next((c), NULL); (p); \
	     (p) = tquic_path_next((c), (p)))

/* Per-path counting, from the sending and recovery code. */
int tquic_path_xmit(struct tquic_path *p, struct sk_buff *skb,
		    unsigned int seg, unsigned int segs);

static inline void tquic_path_count_sent(struct tquic_path *p, u32 bytes)
{
	p->stats.bytes_sent += bytes;
	p->stats.pkts_sent++;
}

static inline void tquic_path_count_acked(struct tquic_path *p, u32 bytes)
{
	p->stats.bytes_acked += bytes;
	p->stats.pkts_acked++;
}

static inline void tquic_path_count_lost(struct tquic_path *p, u32 bytes)
{
	p->stats.bytes_lost += bytes;
	p->stats.pkts_lost++;
}

/* path.c, for the control plane; the caller holds the socket lock */
struct tquic_path *tquic_path_find(struct tquic_conn *c, u32 id);
unsigned int tquic_path_count(struct tquic_conn *c);

#endif /* _TQUIC_PATH_H */
