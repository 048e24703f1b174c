/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tquic: QUIC transport in the kernel - user API.
 *
 * Generic netlink family "tquic" (TQUIC_GENL_NAME), version TQUIC_GENL_VERSION.
 * The family is netns aware: every command acts on the caller's network
 * namespace.  Commands marked "admin" require CAP_NET_ADMIN in the user
 * namespace that owns that network namespace (GENL_UNS_ADMIN_PERM); others
 * are open to every user.  Errors carry an extended-ack message.
 *
 * Per-netns tunables live under /proc/sys/net/tquic/ (see
 * Documentation/networking/tquic-sysctl.rst); per-netns counters are in
 * /proc/net/tquic/stats as "Name value" lines, in the order of
 * enum tquic_mib below, and over netlink with TQUIC_CMD_STATS_GET.
 */
#ifndef _UAPI_LINUX_TQUIC_H
#define _UAPI_LINUX_TQUIC_H

#include <linux/socket.h>
#include <linux/types.h>

/* IP protocol number used for QUIC sockets; below IPPROTO_MAX on 6.1. */
#ifndef IPPROTO_QUIC
#define IPPROTO_QUIC		261
#endif

/* Socket level of the QUIC socket options and control messages. */
#ifndef SOL_QUIC
#define SOL_QUIC		288
#endif

#define TQUIC_GENL_NAME		"tquic"
#define TQUIC_GENL_VERSION	1

/* Longest congestion-control or scheduler name, including the NUL. */
#define TQUIC_ALG_NAME_MAX	16

/**
 * enum tquic_cmd - generic netlink commands of the "tquic" family
 * @TQUIC_CMD_UNSPEC: unused
 * @TQUIC_CMD_INFO_GET: module information (doit). Reply: TQUIC_A_VERSION,
 *	TQUIC_A_CC_DEFAULT, TQUIC_A_SCHED_DEFAULT, TQUIC_A_CC_LIST,
 *	TQUIC_A_SCHED_LIST. Unprivileged.
 * @TQUIC_CMD_STATS_GET: the netns counters (doit). Reply: TQUIC_A_STATS.
 *	Unprivileged.
 * @TQUIC_CMD_STATS_RESET: zero the netns counters (doit, admin). No reply
 *	payload beyond the ack.
 * @TQUIC_CMD_CONN_GET: connections of the netns.  doit: the one of
 *	TQUIC_A_CONN_ID (ENOENT "no such connection"); dumpit: all of them,
 *	one message each.  Reply: TQUIC_A_CONN_ID, _STATE, _ROLE, _VERSION,
 *	TQUIC_A_LOCAL, TQUIC_A_PEER, TQUIC_A_CONN_SEND_Q, _RECV_Q, _CC,
 *	_SCHED, _SRTT_US, _CWND, _BYTES_SENT, _BYTES_RECEIVED,
 *	_PACKETS_SENT, _PACKETS_RECEIVED, _PACKETS_LOST, _MULTIPATH and
 *	TQUIC_A_PATHS.
 *	A connection stays listed (state closed) through its closing or
 *	draining period.  Unprivileged.
 * @TQUIC_CMD_CONN_SET: change a connection (doit, admin): TQUIC_A_CONN_ID
 *	and TQUIC_A_CONN_SCHED (packet scheduler) and/or TQUIC_A_CONN_CC
 *	(congestion control of every path; the window carries over).
 *	ENOENT "unknown scheduler" / "unknown congestion control".
 * @TQUIC_CMD_PATH_ADD: open a path (doit, admin): TQUIC_A_CONN_ID,
 *	TQUIC_A_LOCAL (address, optional ifindex), TQUIC_A_PEER (address
 *	and port), optional TQUIC_A_BACKUP and TQUIC_A_WEIGHT (default 1).
 *	EOPNOTSUPP while multipath is not negotiated on the connection (and
 *	for now when it is: opening paths is still to come),
 *	E2BIG beyond net.tquic.max_paths paths, EAFNOSUPPORT for a family
 *	other than the connection's, EINVAL when local and peer differ.
 * @TQUIC_CMD_PATH_DEL: close a path (doit, admin): TQUIC_A_CONN_ID,
 *	TQUIC_A_PATH_ID.  ENOENT for an unknown path, EBUSY for the last one.
 * @TQUIC_CMD_PATH_SET: change a path (doit, admin): TQUIC_A_CONN_ID,
 *	TQUIC_A_PATH_ID, TQUIC_A_BACKUP and/or TQUIC_A_WEIGHT.
 * @TQUIC_CMD_ENDPOINT_ADD: add a local address new connections use for
 *	more paths once multipath is negotiated (doit, admin): TQUIC_A_LOCAL
 *	(address, TQUIC_ADDR_A_IFINDEX), optional TQUIC_A_BACKUP.  EEXIST
 *	for an address (and ifindex) already there, E2BIG beyond
 *	TQUIC_ENDPOINTS_MAX.  The reply carries the new TQUIC_A_ENDPOINT_ID.
 * @TQUIC_CMD_ENDPOINT_DEL: remove one (doit, admin): TQUIC_A_ENDPOINT_ID.
 * @TQUIC_CMD_ENDPOINT_GET: the endpoints (dumpit): TQUIC_A_ENDPOINT_ID,
 *	TQUIC_A_LOCAL, TQUIC_A_BACKUP each.  Unprivileged.
 * @TQUIC_CMD_EVENT: notification on the TQUIC_GENL_MCGRP_EVENTS group
 *	(never a request): TQUIC_A_EVENT (enum tquic_nl_event),
 *	TQUIC_A_CONN_ID, TQUIC_A_CONN_ROLE, TQUIC_A_LOCAL, TQUIC_A_PEER;
 *	path events add TQUIC_A_PATH_ID; TQUIC_NL_EVENT_CONN_CLOSED adds
 *	TQUIC_A_CONN_ERROR and TQUIC_A_CONN_ERROR_APP.
 */
enum tquic_cmd {
	TQUIC_CMD_UNSPEC,
	TQUIC_CMD_INFO_GET,
	TQUIC_CMD_STATS_GET,
	TQUIC_CMD_STATS_RESET,
	TQUIC_CMD_CONN_GET,
	TQUIC_CMD_CONN_SET,
	TQUIC_CMD_PATH_ADD,
	TQUIC_CMD_PATH_DEL,
	TQUIC_CMD_PATH_SET,
	TQUIC_CMD_ENDPOINT_ADD,
	TQUIC_CMD_ENDPOINT_DEL,
	TQUIC_CMD_ENDPOINT_GET,
	TQUIC_CMD_EVENT,

	__TQUIC_CMD_MAX,
};

#define TQUIC_CMD_MAX (__TQUIC_CMD_MAX - 1)

/**
 * enum tquic_attr - top-level attributes of the "tquic" family
 * @TQUIC_A_UNSPEC: unused
 * @TQUIC_A_VERSION: string, module version
 * @TQUIC_A_CC_DEFAULT: string, this netns' default congestion control
 * @TQUIC_A_SCHED_DEFAULT: string, this netns' default packet scheduler
 * @TQUIC_A_CC_LIST: nest of TQUIC_A_NAME strings, registered congestion
 *	controllers
 * @TQUIC_A_SCHED_LIST: nest of TQUIC_A_NAME strings, registered schedulers
 * @TQUIC_A_NAME: string, one entry of a list
 * @TQUIC_A_STATS: nest of TQUIC_A_STAT nests, one per counter
 * @TQUIC_A_STAT: nest of TQUIC_A_STAT_ID, TQUIC_A_STAT_NAME,
 *	TQUIC_A_STAT_VALUE
 * @TQUIC_A_STAT_ID: u32, enum tquic_mib
 * @TQUIC_A_STAT_NAME: string, the counter's name as in /proc/net/tquic/stats
 * @TQUIC_A_STAT_VALUE: u64, the counter's value
 * @TQUIC_A_PAD: padding for 64-bit attributes
 * @TQUIC_A_CONN_ID: u32, a connection's id, unique in its netns while it
 *	exists (1 and up, reused only after 2^32 more connections)
 * @TQUIC_A_CONN_STATE: u8, enum tquic_conn_info_state
 * @TQUIC_A_CONN_ROLE: u8, enum tquic_conn_role
 * @TQUIC_A_CONN_VERSION: u32, QUIC version in use
 * @TQUIC_A_LOCAL: nest of TQUIC_ADDR_A_*, this end's address (path 0's
 *	for a connection)
 * @TQUIC_A_PEER: nest of TQUIC_ADDR_A_*, the peer's address
 * @TQUIC_A_CONN_SEND_Q: u64, stream bytes written and not yet
 *	acknowledged
 * @TQUIC_A_CONN_RECV_Q: u64, bytes queued for the reader
 * @TQUIC_A_CONN_CC: string, congestion control (reply; CONN_SET request)
 * @TQUIC_A_CONN_SCHED: string, packet scheduler (reply; CONN_SET request)
 * @TQUIC_A_CONN_SRTT_US: u64, smoothed RTT of the path sent on, us
 * @TQUIC_A_CONN_CWND: u64, congestion window of the path sent on, bytes
 * @TQUIC_A_CONN_BYTES_SENT: u64, UDP payload bytes sent
 * @TQUIC_A_CONN_BYTES_RECEIVED: u64, UDP payload bytes received
 * @TQUIC_A_CONN_PACKETS_SENT: u64, packets sent
 * @TQUIC_A_CONN_PACKETS_RECEIVED: u64, packets received
 * @TQUIC_A_CONN_PACKETS_LOST: u64, packets declared lost
 * @TQUIC_A_PATHS: nest of TQUIC_A_PATH nests, one per path
 * @TQUIC_A_PATH: nest of TQUIC_PATH_A_*
 * @TQUIC_A_PATH_ID: u32, a path's id within its connection (path 0 is
 *	the one the handshake ran on)
 * @TQUIC_A_BACKUP: u8, 0 or 1: the path (endpoint) is a backup, used
 *	only when no other is
 * @TQUIC_A_WEIGHT: u32, 1 to 255: a path's share for weighted
 *	schedulers
 * @TQUIC_A_ENDPOINT_ID: u32, an endpoint's id (1 and up)
 * @TQUIC_A_EVENT: u8, enum tquic_nl_event
 * @TQUIC_A_CONN_ERROR: u64, the error code a connection closed with
 * @TQUIC_A_CONN_ERROR_APP: u8, 1: @TQUIC_A_CONN_ERROR is an application
 *	error code, 0: a transport error code
 * @TQUIC_A_CONN_MULTIPATH: u8, 1 when both ends negotiated the multipath
 *	extension
 * @TQUIC_A_CONN_DEGRADED: u8, 1 while every path of a multipath
 *	connection has failed
 */
enum tquic_attr {
	TQUIC_A_UNSPEC,
	TQUIC_A_VERSION,
	TQUIC_A_CC_DEFAULT,
	TQUIC_A_SCHED_DEFAULT,
	TQUIC_A_CC_LIST,
	TQUIC_A_SCHED_LIST,
	TQUIC_A_NAME,
	TQUIC_A_STATS,
	TQUIC_A_STAT,
	TQUIC_A_STAT_ID,
	TQUIC_A_STAT_NAME,
	TQUIC_A_STAT_VALUE,
	TQUIC_A_PAD,
	TQUIC_A_CONN_ID,
	TQUIC_A_CONN_STATE,
	TQUIC_A_CONN_ROLE,
	TQUIC_A_CONN_VERSION,
	TQUIC_A_LOCAL,
	TQUIC_A_PEER,
	TQUIC_A_CONN_SEND_Q,
	TQUIC_A_CONN_RECV_Q,
	TQUIC_A_CONN_CC,
	TQUIC_A_CONN_SCHED,
	TQUIC_A_CONN_SRTT_US,
	TQUIC_A_CONN_CWND,
	TQUIC_A_CONN_BYTES_SENT,
	TQUIC_A_CONN_BYTES_RECEIVED,
	TQUIC_A_CONN_PACKETS_SENT,
	TQUIC_A_CONN_PACKETS_RECEIVED,
	TQUIC_A_CONN_PACKETS_LOST,
	TQUIC_A_PATHS,
	TQUIC_A_PATH,
	TQUIC_A_PATH_ID,
	TQUIC_A_BACKUP,
	TQUIC_A_WEIGHT,
	TQUIC_A_ENDPOINT_ID,
	TQUIC_A_EVENT,
	TQUIC_A_CONN_ERROR,
	TQUIC_A_CONN_ERROR_APP,
	TQUIC_A_CONN_MULTIPATH,
	TQUIC_A_CONN_DEGRADED,

	__TQUIC_A_MAX,
};

#define TQUIC_A_MAX (__TQUIC_A_MAX - 1)

/**
 * enum tquic_addr_attr - attributes of a TQUIC_A_LOCAL or TQUIC_A_PEER nest
 * @TQUIC_ADDR_A_UNSPEC: unused
 * @TQUIC_ADDR_A_FAMILY: u16, AF_INET or AF_INET6 (required)
 * @TQUIC_ADDR_A_ADDR4: 4 bytes, IPv4 address in network byte order
 * @TQUIC_ADDR_A_ADDR6: 16 bytes, IPv6 address
 * @TQUIC_ADDR_A_PORT: u16, port in host byte order (0: any)
 * @TQUIC_ADDR_A_IFINDEX: u32, interface (ADDR%dev; 0: any)
 */
enum tquic_addr_attr {
	TQUIC_ADDR_A_UNSPEC,
	TQUIC_ADDR_A_FAMILY,
	TQUIC_ADDR_A_ADDR4,
	TQUIC_ADDR_A_ADDR6,
	TQUIC_ADDR_A_PORT,
	TQUIC_ADDR_A_IFINDEX,

	__TQUIC_ADDR_A_MAX,
};

#define TQUIC_ADDR_A_MAX (__TQUIC_ADDR_A_MAX - 1)

/**
 * enum tquic_path_attr - attributes of a TQUIC_A_PATH nest
 * @TQUIC_PATH_A_UNSPEC: unused
 * @TQUIC_PATH_A_ID: u32, path id
 * @TQUIC_PATH_A_STATE: u8, enum tquic_path_state
 * @TQUIC_PATH_A_LOCAL: nest of TQUIC_ADDR_A_*, our address
 * @TQUIC_PATH_A_PEER: nest of TQUIC_ADDR_A_*, the peer's address
 * @TQUIC_PATH_A_BACKUP: u8, 1 for a backup path
 * @TQUIC_PATH_A_WEIGHT: u32, 1 to 255
 * @TQUIC_PATH_A_SRTT_US: u64, smoothed RTT, us
 * @TQUIC_PATH_A_MIN_RTT_US: u64, minimum RTT, us
 * @TQUIC_PATH_A_RTTVAR_US: u64, RTT variation, us
 * @TQUIC_PATH_A_CWND: u64, congestion window, bytes
 * @TQUIC_PATH_A_IN_FLIGHT: u64, bytes in flight
 * @TQUIC_PATH_A_BYTES_SENT: u64, bytes of packets sent on it
 * @TQUIC_PATH_A_PACKETS_SENT: u64, packets sent on it
 * @TQUIC_PATH_A_BYTES_ACKED: u64, bytes of ack-eliciting packets
 *	acknowledged
 * @TQUIC_PATH_A_PACKETS_ACKED: u64, ack-eliciting packets acknowledged
 * @TQUIC_PATH_A_BYTES_LOST: u64, bytes of packets declared lost
 * @TQUIC_PATH_A_PACKETS_LOST: u64, packets declared lost
 * @TQUIC_PATH_A_PAD: padding for 64-bit attributes
 * @TQUIC_PATH_A_MAX_DATAGRAM: u32, UDP payload size the path carries
 *	now (1200 until its path MTU search raises it)
 */
enum tquic_path_attr {
	TQUIC_PATH_A_UNSPEC,
	TQUIC_PATH_A_ID,
	TQUIC_PATH_A_STATE,
	TQUIC_PATH_A_LOCAL,
	TQUIC_PATH_A_PEER,
	TQUIC_PATH_A_BACKUP,
	TQUIC_PATH_A_WEIGHT,
	TQUIC_PATH_A_SRTT_US,
	TQUIC_PATH_A_MIN_RTT_US,
	TQUIC_PATH_A_RTTVAR_US,
	TQUIC_PATH_A_CWND,
	TQUIC_PATH_A_IN_FLIGHT,
	TQUIC_PATH_A_BYTES_SENT,
	TQUIC_PATH_A_PACKETS_SENT,
	TQUIC_PATH_A_BYTES_ACKED,
	TQUIC_PATH_A_PACKETS_ACKED,
	TQUIC_PATH_A_BYTES_LOST,
	TQUIC_PATH_A_PACKETS_LOST,
	TQUIC_PATH_A_PAD,
	TQUIC_PATH_A_MAX_DATAGRAM,

	__TQUIC_PATH_A_MAX,
};

#define TQUIC_PATH_A_MAX (__TQUIC_PATH_A_MAX - 1)

/* Multicast group of the "tquic" family with the TQUIC_CMD_EVENT
 * notifications; anyone may listen.
 */
#define TQUIC_GENL_MCGRP_EVENTS	"events"

/* Endpoints a netns keeps at most (TQUIC_CMD_ENDPOINT_ADD). */
#define TQUIC_ENDPOINTS_MAX	8

/**
 * enum tquic_conn_role - TQUIC_A_CONN_ROLE
 * @TQUIC_ROLE_CLIENT: this end connected
 * @TQUIC_ROLE_SERVER: this end accepted
 */
enum tquic_conn_role {
	TQUIC_ROLE_CLIENT,
	TQUIC_ROLE_SERVER,
};

/**
 * enum tquic_path_state - TQUIC_PATH_A_STATE, tquic_path_info.state
 * @TQUIC_PATH_PROBING: being validated; carries no data yet
 * @TQUIC_PATH_ACTIVE: validated, carries data
 * @TQUIC_PATH_STANDBY: validated backup path: carries data only when no
 *	active path can
 * @TQUIC_PATH_FAILED: stopped answering; probed again with backoff
 */
enum tquic_path_state {
	TQUIC_PATH_PROBING,
	TQUIC_PATH_ACTIVE,
	TQUIC_PATH_STANDBY,
	TQUIC_PATH_FAILED,
};

/**
 * enum tquic_nl_event - TQUIC_A_EVENT of a TQUIC_CMD_EVENT notification
 * @TQUIC_NL_EVENT_UNSPEC: unused
 * @TQUIC_NL_EVENT_CONN_ESTABLISHED: a connection completed its handshake
 * @TQUIC_NL_EVENT_CONN_CLOSED: a connection closed (TQUIC_A_CONN_ERROR)
 * @TQUIC_NL_EVENT_PATH_UP: a path was opened and is being validated
 * @TQUIC_NL_EVENT_PATH_VALIDATED: a path was validated (path 0: when the
 *	handshake completes, and again after a migration)
 * @TQUIC_NL_EVENT_PATH_DOWN: a path was closed
 * @TQUIC_NL_EVENT_PATH_FAILED: a path failed validation or stopped
 *	working
 * @TQUIC_NL_EVENT_CONN_DEGRADED: a multipath connection's last working
 *	path failed: it carries nothing until one comes back
 * @TQUIC_NL_EVENT_CONN_RECOVERED: a path of a degraded connection came
 *	back (validated again)
 */
enum tquic_nl_event {
	TQUIC_NL_EVENT_UNSPEC,
	TQUIC_NL_EVENT_CONN_ESTABLISHED,
	TQUIC_NL_EVENT_CONN_CLOSED,
	TQUIC_NL_EVENT_PATH_UP,
	TQUIC_NL_EVENT_PATH_VALIDATED,
	TQUIC_NL_EVENT_PATH_DOWN,
	TQUIC_NL_EVENT_PATH_FAILED,
	TQUIC_NL_EVENT_CONN_DEGRADED,
	TQUIC_NL_EVENT_CONN_RECOVERED,

	__TQUIC_NL_EVENT_MAX,
};

#define TQUIC_NL_EVENT_MAX (__TQUIC_NL_EVENT_MAX - 1)

/**
 * enum tquic_mib - per-netns counters (/proc/net/tquic/stats)
 * @TQUIC_MIB_NUM: number of counters; new counters are only ever appended.
 *
 * Names as printed: see the kernel's tquic_mib_names[] and
 * Documentation/networking/tquic.rst.
 */
enum tquic_mib {
	TQUIC_MIB_CONN_OPENED,		/* ConnOpened */
	TQUIC_MIB_CONN_CLOSED,		/* ConnClosed */
	TQUIC_MIB_CONN_REJECTED,	/* ConnRejected: over max_connections */
	TQUIC_MIB_PKTS_IN,		/* PacketsIn */
	TQUIC_MIB_PKTS_OUT,		/* PacketsOut */
	TQUIC_MIB_BYTES_IN,		/* BytesIn */
	TQUIC_MIB_BYTES_OUT,		/* BytesOut */
	TQUIC_MIB_DROP_MALFORMED,	/* DropMalformed */
	TQUIC_MIB_DROP_NO_CONN,		/* DropNoConnection */
	TQUIC_MIB_DROP_DECRYPT,		/* DropDecryptFail */
	TQUIC_MIB_DROP_VERSION,		/* DropUnknownVersion */
	TQUIC_MIB_PATHS_ADDED,		/* PathsAdded */
	TQUIC_MIB_PATHS_REMOVED,	/* PathsRemoved */
	TQUIC_MIB_STATS_RESETS,		/* StatsResets: TQUIC_CMD_STATS_RESET */
	TQUIC_MIB_VN_SENT,		/* VersionNegotiationSent */
	TQUIC_MIB_DROP_BACKLOG,		/* DropBacklog */
	TQUIC_MIB_PACKETS_LOST,		/* PacketsLost */
	TQUIC_MIB_PTO,			/* ProbeTimeouts */
	TQUIC_MIB_BYTES_RETRANS,	/* StreamBytesRetransmitted */
	TQUIC_MIB_DROP_DATAGRAM,	/* DropDatagram: receive buffer full */
	TQUIC_MIB_KEY_UPDATES,		/* KeyUpdates: 1-RTT key phase changes */
	TQUIC_MIB_PEER_MIGRATIONS,	/* PeerMigrations: client's new address */
	TQUIC_MIB_PATH_VALIDATED,	/* PathValidated: PATH_RESPONSE matched */
	TQUIC_MIB_DROP_NO_KEY,		/* DropNoKey: keys not installed yet */
	TQUIC_MIB_PMTU_RAISED,		/* PmtuRaised: a PMTU probe got through */
	TQUIC_MIB_PMTU_PROBES_LOST,	/* PmtuProbesLost */
	TQUIC_MIB_PMTU_BLACK_HOLES,	/* PmtuBlackHoles: back to 1200 bytes */
	TQUIC_MIB_GSO_TRAINS,		/* GsoTrains: datagrams sent as one GSO skb */
	TQUIC_MIB_RETRY_SENT,		/* RetrySent */
	TQUIC_MIB_RETRY_RCVD,		/* RetryReceived: a Retry was followed */
	TQUIC_MIB_TOKEN_INVALID,	/* TokenInvalid: unreadable or expired */
	TQUIC_MIB_AMP_LIMITED,		/* AmplificationLimited: 3x limit hit */
	TQUIC_MIB_NEW_TOKEN_RCVD,	/* NewTokenReceived: NEW_TOKEN frames */
	TQUIC_MIB_STATELESS_RESET_SENT,	/* StatelessResetSent */
	TQUIC_MIB_STATELESS_RESET_RCVD,	/* StatelessResetRcvd: connections
					 * the peer's reset ended
					 */
	TQUIC_MIB_MIGRATIONS,		/* Migrations: TQUIC_SOCKOPT_MIGRATE */
	TQUIC_MIB_VN_RCVD,		/* VersionNegotiationRcvd */
	TQUIC_MIB_0RTT_PKTS_OUT,	/* ZeroRttPacketsOut */
	TQUIC_MIB_0RTT_PKTS_IN,		/* ZeroRttPacketsIn: opened */
	TQUIC_MIB_0RTT_DROPPED,		/* ZeroRttDropped: no key (yet or any
					 * more), or held too many
					 */
	TQUIC_MIB_0RTT_REJECTED,	/* ZeroRttRejected: connections whose
					 * 0-RTT the server refused
					 */
	TQUIC_MIB_TICKET_BYTES_DROP,	/* TicketBytesDropped: post-handshake
					 * TLS bytes over the 8 KiB kept
					 */
	TQUIC_MIB_EVENTS_DROPPED,	/* EventsDropped: receive buffer full */
	TQUIC_MIB_VERSION_SWITCHED,	/* VersionSwitched: connections moved
					 * to another version by compatible
					 * version negotiation (RFC 9368)
					 */
	TQUIC_MIB_CLOSED_ABSORBED,	/* ClosedAbsorbed: datagrams a closed
					 * connection took in its closing or
					 * draining period
					 */
	TQUIC_MIB_CLOSE_RESENT,		/* CloseResent: CONNECTION_CLOSE sent
					 * again in the closing period
					 */
	TQUIC_MIB_MP_NEGOTIATED,	/* MultipathConnections: connections
					 * that negotiated multipath
					 */
	TQUIC_MIB_PATHS_FAILED,		/* PathsFailed: paths that stopped
					 * answering (probe timeouts)
					 */
	TQUIC_MIB_PATHS_RECOVERED,	/* PathsRecovered: failed paths that
					 * answered a new PATH_CHALLENGE
					 */
	TQUIC_MIB_BYTES_DUP,		/* StreamBytesDuplicated: copies of
					 * stream data on further paths (the
					 * redundant scheduler)
					 */
	TQUIC_MIB_CONN_DEGRADED,	/* ConnDegraded: times a multipath
					 * connection lost its last working
					 * path
					 */
	TQUIC_MIB_REINJECTIONS,		/* PathReinjections: a path's data
					 * in flight sent again over the
					 * others: its oldest packet overdue,
					 * or its first probe timeout
					 */
	TQUIC_MIB_HELD_FOR_KEY,		/* HeldForKey: Handshake or 1-RTT
					 * datagrams kept until TLS installed
					 * their key (read then)
					 */
	TQUIC_MIB_GRO_TRAINS,		/* GroTrains: super-packets of
					 * several datagrams read whole
					 */
	TQUIC_MIB_GRO_SPLIT,		/* GroSplit: super-packets cut into
					 * datagrams on receive
					 */
	TQUIC_MIB_TRAIN_PAGES_NEW,	/* TrainPagesAllocated: pages taken
					 * for trains to be kept for reuse
					 */
	TQUIC_MIB_TRAIN_PAGES_REUSED,	/* TrainPagesReused: trains built on
					 * a kept page that had come back
					 */
	TQUIC_MIB_RX_TO_OWNER,		/* RxToOwner: receive batches left
					 * to the socket's holder
					 */
	TQUIC_MIB_RX_COALESCED,		/* RxCoalesced: small in-order stream
					 * frames copied into the reader's
					 * last queued skb
					 */
	TQUIC_MIB_DROP_CHECKSUM,	/* DropChecksum: bad UDP checksum */
	TQUIC_MIB_DROP_NO_MEM,		/* DropNoMemory: datagrams dropped
					 * for want of memory on receive
					 */
	/* PeerMigrationsFailed: a client's new address failed validation,
	 * the server went back to the old one
	 */
	TQUIC_MIB_PEER_MIGRATIONS_FAILED,
	TQUIC_MIB_SEND_PIECES_NEW,	/* SendPiecesAllocated: send buffer
					 * pieces allocated
					 */
	TQUIC_MIB_SEND_PIECES_REUSED,	/* SendPiecesReused: full pieces
					 * taken from the connection's spares
					 */
	TQUIC_MIB_PEER_PROBES,		/* PeerProbes: PATH_CHALLENGEs from an
					 * address the server does not send
					 * to, answered there
					 */
	TQUIC_MIB_RX_WORK,		/* RxWorkRuns: receive work runs */
	TQUIC_MIB_RX_ZEROCOPY_BYTES,	/* RxZeroCopyBytes: stream bytes
					 * opened straight into a waiting
					 * reader's buffer
					 */
	TQUIC_MIB_RX_ZEROCOPY_MISSES,	/* RxZeroCopyMisses: packets opened
					 * into a reader's buffer that held
					 * other frames (put back)
					 */
	TQUIC_MIB_RX_HELD,		/* RxHeldForReader: times datagrams
					 * were left for a reader that was
					 * behind, to be opened into its buffer
					 */
	TQUIC_MIB_RX_HOLD_EXPIRED,	/* RxHoldExpired: times datagrams so
					 * left waited net.tquic.rx_hold_us
					 * and were read without the reader
					 */

	TQUIC_MIB_NUM
};

/**
 * enum tquic_transport_error - QUIC transport error codes (RFC 9000, 20.1)
 *
 * Carried in CONNECTION_CLOSE frames of type 0x1c.  Codes
 * TQUIC_ERR_CRYPTO_BASE + n carry TLS alert n.
 */
enum tquic_transport_error {
	TQUIC_ERR_NO_ERROR			= 0x00,
	TQUIC_ERR_INTERNAL_ERROR		= 0x01,
	TQUIC_ERR_CONNECTION_REFUSED		= 0x02,
	TQUIC_ERR_FLOW_CONTROL_ERROR		= 0x03,
	TQUIC_ERR_STREAM_LIMIT_ERROR		= 0x04,
	TQUIC_ERR_STREAM_STATE_ERROR		= 0x05,
	TQUIC_ERR_FINAL_SIZE_ERROR		= 0x06,
	TQUIC_ERR_FRAME_ENCODING_ERROR		= 0x07,
	TQUIC_ERR_TRANSPORT_PARAMETER_ERROR	= 0x08,
	TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR	= 0x09,
	TQUIC_ERR_PROTOCOL_VIOLATION		= 0x0a,
	TQUIC_ERR_INVALID_TOKEN			= 0x0b,
	TQUIC_ERR_APPLICATION_ERROR		= 0x0c,
	TQUIC_ERR_CRYPTO_BUFFER_EXCEEDED	= 0x0d,
	TQUIC_ERR_KEY_UPDATE_ERROR		= 0x0e,
	TQUIC_ERR_AEAD_LIMIT_REACHED		= 0x0f,
	TQUIC_ERR_NO_VIABLE_PATH		= 0x10,
	TQUIC_ERR_VERSION_NEGOTIATION_ERROR	= 0x11,	/* RFC 9368 */
	TQUIC_ERR_CRYPTO_BASE			= 0x100,
};

/*
 * QUIC sockets
 *
 * socket(AF_INET or AF_INET6, SOCK_DGRAM or SOCK_STREAM, IPPROTO_QUIC).
 * Every QUIC socket bound to the same local address and port in a netns
 * shares one kernel UDP socket; packets are handed to connections by
 * connection ID.  bind() with port 0 picks a free port.  A bound socket
 * answers long header packets of versions it does not speak with Version
 * Negotiation (when the datagram is at least 1200 bytes) once any socket
 * on that address is listening.
 *
 * connect() makes a client connection (nothing is sent until the TLS
 * library hands over its ClientHello); a listening socket's accept()
 * returns a socket per client whose first Initial authenticated.  The
 * TLS handshake runs in user space: handshake messages travel through
 * sendmsg() and recvmsg() with a TQUIC_CMSG_HANDSHAKE_INFO control
 * message giving the encryption level, the traffic secrets TLS derives
 * are installed with TQUIC_SOCKOPT_CRYPTO_SECRET, the transport
 * parameters cross with TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT, and
 * TQUIC_SOCKOPT_HANDSHAKE_COMPLETE ends the handshake.  Stream data and
 * datagrams then travel with a TQUIC_CMSG_STREAM_INFO control message
 * (stream sends before that wait, or fail with ENOTCONN when
 * non-blocking).  A sendmsg() without either control message fails with
 * EINVAL.  Handshake data is at most 64 KiB a call (EINVAL), at most
 * 256 KiB in all per level and connection (ENOBUFS), and EINVAL at a
 * level whose keys were discarded.  Handshake data received that nobody
 * reads is kept up to the socket's receive buffer (SO_RCVBUF); a peer
 * that sends more closes with CRYPTO_BUFFER_EXCEEDED.
 *
 * Stateless reset (RFC 9000, 10.3): a server gives the client a
 * stateless reset token for its connection ID in its transport
 * parameters, derived from the ID with a random key of the netns.  A
 * short header packet that arrives for a connection ID no connection in
 * the netns owns (the server restarted, or closed the connection without
 * the client hearing) is answered with a stateless reset carrying that
 * ID's token: 21 bytes or more and always shorter than the datagram it
 * answers, which must be long enough to be a short header packet (26
 * bytes: tquic's connection IDs are 8 bytes); at most 1000 a second per
 * bound address (counter StatelessResetSent).  A client that receives,
 * from the server's address, a datagram of 21 bytes or more ending in
 * the server's token ends the connection at once without sending
 * anything more (StatelessResetRcvd), as when the peer closes it: the
 * socket's error is ECONNRESET (the next read, once the data received
 * is read, or the next write fails with it; after that reads return 0
 * and writes fail with EPIPE) and TQUIC_SOCKOPT_CONNECTION_CLOSE
 * reports it as above.
 *
 * Socket options at level SOL_QUIC:
 *
 * TQUIC_SOCKOPT_ALPN: the application protocols, as a string of names
 *	separated by commas (e.g. "h3,hq-interop"), each 1-255 bytes, in
 *	all at most TQUIC_ALPN_MAX bytes.  Set before connect() or listen().
 * TQUIC_SOCKOPT_TRANSPORT_PARAM: struct tquic_transport_param, the
 *	transport parameters this endpoint announces.  Values out of their
 *	RFC 9000 range fail with EINVAL.  Defaults come from the netns
 *	sysctls (net.tquic.*).
 * TQUIC_SOCKOPT_VERSION: __u32, the QUIC version to offer (client) or to
 *	prefer (server): 0x00000001 (v1, default) or 0x6b3343cf (v2).  A
 *	client starts in it and also offers the other one (RFC 9368
 *	version_information).  Set on a listener, it is the preferred
 *	version: a client that starts in the other version and offers this
 *	one is switched to it (compatible version negotiation); a listener
 *	on which it was never set keeps each client's version.  Others fail
 *	with EPROTONOSUPPORT.
 * TQUIC_SOCKOPT_CRYPTO_SECRET (set only): struct tquic_crypto_secret, a
 *	traffic secret for the Handshake or application level, one per
 *	level and direction.  ENOTCONN without a connection, EINVAL for
 *	another level, an unknown cipher suite or a length that is not the
 *	suite's hash length, EALREADY when that secret is installed.
 *	Secrets are never read back.
 * TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT: the quic_transport_parameters TLS
 *	extension (RFC 9001, 8.2), as bytes.  get: this end's, encoded
 *	from TQUIC_SOCKOPT_TRANSPORT_PARAM and the connection IDs (the TLS
 *	library sends it).  set: the peer's, as TLS received it; it is
 *	validated (RFC 9000, 7.3 and 18.2) and a bad one fails with EINVAL
 *	and closes the connection with TRANSPORT_PARAMETER_ERROR, or with
 *	VERSION_NEGOTIATION_ERROR when its version_information does not
 *	match the versions used (RFC 9368, 4).  On a server, the set may
 *	switch the connection to the listener's preferred version (see
 *	TQUIC_SOCKOPT_VERSION): get this end's after it.  Both need a
 *	connection (ENOTCONN); a second set fails with EALREADY.
 * TQUIC_SOCKOPT_HANDSHAKE_COMPLETE (set only; no value, or a __u32 of
 *	TQUIC_HANDSHAKE_F_* flags): the TLS library says the handshake is
 *	complete.  Needs both 1-RTT secrets and the peer's transport
 *	parameters (EINVAL otherwise; EINVAL for unknown flags).  A server
 *	then sends HANDSHAKE_DONE; stream data and datagrams flow from here
 *	on.  A client that sent 0-RTT says with
 *	TQUIC_HANDSHAKE_F_EARLY_ACCEPTED that the server accepted it; without
 *	it all 0-RTT packets count as lost at once and their stream data and
 *	frames go again in 1-RTT packets (RFC 9001, 4.6.2), counted in
 *	ZeroRttRejected.
 * TQUIC_SOCKOPT_CONNECTION_CLOSE: struct tquic_connection_close followed
 *	by its reason.  set: close the connection now: @app 1 with an
 *	application error code, or @app 0 with a TLS alert as
 *	CRYPTO_ERROR (TQUIC_ERR_CRYPTO_BASE + alert, 0x100-0x1ff; what the
 *	TLS library sends when the handshake fails); a reason of at most
 *	TQUIC_CLOSE_REASON_MAX bytes; @by_peer, @frame_type and @reserved
 *	0.  The peer gets a CONNECTION_CLOSE frame (an application close
 *	before the handshake completed goes out as APPLICATION_ERROR
 *	without the reason, RFC 9000 10.2.3); this socket's reads return 0
 *	and writes fail with EPIPE.  get: what closed the connection - the
 *	peer's CONNECTION_CLOSE, ours, the idle timeout (@errcode 0,
 *	@reason "idle timeout"), or a stateless reset from the peer (@by_peer
 *	1, @app 0, @errcode 0, @reason "stateless reset"; see below);
 *	ENOTCONN while it is open.
 *	close() without it first waits (up to the SO_LINGER time when that
 *	is set, else 10 s; a pending signal ends the wait) until the peer
 *	acknowledged all stream data, then sends application error 0.
 * TQUIC_SOCKOPT_KEY_UPDATE (set only, no value): start a 1-RTT key
 *	update (RFC 9001, 6).  ENOTCONN before the handshake is confirmed;
 *	EAGAIN while the previous update is not acknowledged by the peer
 *	(or the next keys are still being derived, a moment after the
 *	last update).  Updates the peer starts are answered by the kernel;
 *	both count in KeyUpdates.
 * TQUIC_SOCKOPT_CONNECTION_INFO (get only): struct tquic_connection_info,
 *	the state and figures of the connection (like TCP_INFO).  A shorter
 *	buffer gets the start of it; optlen says how much was written, so
 *	fields appended later do not break older programs.  ENOTCONN
 *	without a connection.
 * TQUIC_SOCKOPT_RETRY: __u32, 0 or 1 (default 0).  A listener with 1
 *	answers every client Initial that carries no valid token with a
 *	Retry (RFC 9000, 8.1.2): the client proves its address by coming
 *	back with the token, and only then is a connection made.  Accepted
 *	connections inherit it (it has no effect on them).  Counted in
 *	RetrySent and, on the client, RetryReceived.
 * TQUIC_SOCKOPT_TOKEN: an address validation token (RFC 9000, 8.1.3).
 *	get (client): the last token the server gave this connection in a
 *	NEW_TOKEN frame (a tquic server sends one when the handshake
 *	completes; tokens live 24 hours and work only from the same IP
 *	address); ENODATA when none came, ENOTCONN without a connection.
 *	set (client, before connect()): the token the Initial packets of
 *	the next connection carry, at most TQUIC_TOKEN_MAX_LEN bytes
 *	(0 bytes: none); a server that finds it valid skips Retry and the
 *	amplification limit.  EISCONN once connected.
 * TQUIC_SOCKOPT_STREAM_RESET (set only): struct tquic_stream_reset,
 *	abandon sending on a stream (RESET_STREAM, RFC 9000 19.4): what was
 *	not acknowledged yet is dropped, the peer's reader gets the error
 *	code, writes to the stream fail with EPIPE.  EINVAL for a stream
 *	this end does not send on or that is not open (or an error code of
 *	2^62 or more), EALREADY once its send side was reset or finished,
 *	ENOTCONN before the handshake completed.  A STOP_SENDING from the
 *	peer does the same with the peer's error code.
 * TQUIC_SOCKOPT_STOP_SENDING (set only): struct tquic_stream_reset, ask
 *	the peer to stop sending on a stream (STOP_SENDING, 19.5); it
 *	answers with RESET_STREAM.  EINVAL for a stream this end does not
 *	receive on or that is not open, EALREADY once all of it arrived or
 *	it was asked already.
 * TQUIC_SOCKOPT_MIGRATE (set only, client): struct sockaddr_in or
 *	sockaddr_in6, move the connection to this new local address (port 0:
 *	a free one) - e.g. another interface (RFC 9000, 9).  The socket is
 *	bound there, packets go out from it to an unused connection ID of
 *	the server's (the old one is retired), and the new path is
 *	validated with PATH_CHALLENGE.  ENOTCONN before the handshake is
 *	confirmed or on a server, EAGAIN while the server has not given a
 *	spare connection ID, EAFNOSUPPORT for another family, or a bind
 *	error (the connection then stays where it was).  Counted in
 *	Migrations.
 * TQUIC_SOCKOPT_SESSION_TICKET (get only, client): the TLS handshake
 *	messages the server sent after the handshake in 1-RTT CRYPTO frames
 *	(NewSessionTicket, RFC 9001 4.6.1), in order, at most 8 KiB
 *	(beyond that counted in TicketBytesDropped); a read takes them
 *	(length 0: none yet).  poll() reports POLLPRI while some wait.  The
 *	TLS library turns them into a session to resume later.  EINVAL
 *	when the buffer is smaller than what waits, ENOTCONN without a
 *	connection.
 * TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM (set only, client, before the 0-RTT
 *	secret): the server's quic_transport_parameters extension body from
 *	the connection whose session is resumed.  0-RTT is sent within what
 *	it allowed (RFC 9000, 7.4.1: initial_max_data, the stream data and
 *	stream count limits, max_datagram_frame_size,
 *	active_connection_id_limit) until the new parameters arrive.  EINVAL
 *	when it does not decode, EALREADY once the handshake moved past
 *	the ClientHello's keys (a 0-RTT secret is installed, or the peer's
 *	parameters came), EISCONN on a server.
 * TQUIC_SOCKOPT_SERVER_VERSIONS (get only, client): __u32 array, the
 *	versions the server listed in its Version Negotiation packet.  A
 *	client whose version the server does not speak gets one (RFC 9000,
 *	6.2); when it echoes the client's connection IDs, comes before
 *	anything else from the server and does not list the client's
 *	version, the attempt ends at once without sending anything:
 *	the socket's error is EPROTONOSUPPORT (counter
 *	VersionNegotiationRcvd) and the application may connect again
 *	with a version from this list (TQUIC_SOCKOPT_VERSION on a new
 *	socket).  ENODATA when none came, ENOTCONN without a connection.
 * TQUIC_SOCKOPT_EVENT: struct tquic_event_option, event notifications
 *	(see "Events" below).  set: turn event @type on (@on 1) or off (@on
 *	0) for this socket; any time, also on a listener, whose accepted
 *	sockets start with its settings.  get: @type in, @on out (1 when it
 *	is on); optlen says how much was written.  Both fail with EINVAL
 *	for an unknown @type, @on above 1, @reserved not 0 or an optlen
 *	other than (set) or below (get) sizeof(struct tquic_event_option).
 */
#define TQUIC_SOCKOPT_ALPN			1
#define TQUIC_SOCKOPT_TRANSPORT_PARAM		2
#define TQUIC_SOCKOPT_VERSION			3
#define TQUIC_SOCKOPT_CRYPTO_SECRET		4
#define TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT	5
#define TQUIC_SOCKOPT_HANDSHAKE_COMPLETE	6
#define TQUIC_SOCKOPT_CONNECTION_CLOSE		7
#define TQUIC_SOCKOPT_KEY_UPDATE		8
#define TQUIC_SOCKOPT_CONNECTION_INFO		9
#define TQUIC_SOCKOPT_RETRY			10
#define TQUIC_SOCKOPT_TOKEN			11
#define TQUIC_SOCKOPT_STREAM_RESET		12
#define TQUIC_SOCKOPT_STOP_SENDING		13
#define TQUIC_SOCKOPT_MIGRATE			14
#define TQUIC_SOCKOPT_SERVER_VERSIONS		15
#define TQUIC_SOCKOPT_SESSION_TICKET		17
#define TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM	18
#define TQUIC_SOCKOPT_PATH_ADD			19
#define TQUIC_SOCKOPT_PATHS			20
#define TQUIC_SOCKOPT_PATH_DEL			21
#define TQUIC_SOCKOPT_PATH_SET			22

/* TQUIC_SOCKOPT_HANDSHAKE_COMPLETE flags */
#define TQUIC_HANDSHAKE_F_EARLY_ACCEPTED	0x0001

/* The most TQUIC_SOCKOPT_SESSION_TICKET holds */
#define TQUIC_SESSION_TICKET_MAX		8192
#define TQUIC_SOCKOPT_EVENT			16

/**
 * struct tquic_stream_reset - TQUIC_SOCKOPT_STREAM_RESET and
 *	TQUIC_SOCKOPT_STOP_SENDING
 * @stream_id: the stream
 * @errcode: application error code for the peer, below 2^62
 */
struct tquic_stream_reset {
	__s64 stream_id;
	__u64 errcode;
};

#define TQUIC_TOKEN_MAX_LEN			512

#define TQUIC_CLOSE_REASON_MAX			256

/**
 * struct tquic_connection_close - how a connection closed
 * @errcode: QUIC transport error (enum tquic_transport_error) or
 *	application error code
 * @frame_type: transport errors: the frame type that caused it (0 if
 *	unknown)
 * @app: 1 for an application close (frame 0x1d), 0 for a transport one
 * @by_peer: get: 1 when the peer closed it
 * @reserved: 0
 * @reason_len: bytes of @reason
 * @reason: the reason phrase, not NUL terminated
 */
struct tquic_connection_close {
	__u64 errcode;
	__u64 frame_type;
	__u8 app;
	__u8 by_peer;
	__u16 reserved;
	__u32 reason_len;
	__u8 reason[];
};

/**
 * enum tquic_conn_info_state - struct tquic_connection_info.state
 * @TQUIC_INFO_HANDSHAKE: the handshake runs
 * @TQUIC_INFO_ESTABLISHED: the handshake completed
 * @TQUIC_INFO_CLOSED: closed (see TQUIC_SOCKOPT_CONNECTION_CLOSE)
 */
enum tquic_conn_info_state {
	TQUIC_INFO_HANDSHAKE,
	TQUIC_INFO_ESTABLISHED,
	TQUIC_INFO_CLOSED,
};

/**
 * enum tquic_early_state - struct tquic_connection_info.early_data
 * @TQUIC_EARLY_NONE: no 0-RTT (yet)
 * @TQUIC_EARLY_SENT: client: 0-RTT keys installed, the outcome unknown
 * @TQUIC_EARLY_ACCEPTED: the server accepted 0-RTT (client: TLS said so;
 *	server: it opened 0-RTT packets)
 * @TQUIC_EARLY_REJECTED: client: the server refused it; its data went
 *	again in 1-RTT packets
 */
enum tquic_early_state {
	TQUIC_EARLY_NONE,
	TQUIC_EARLY_SENT,
	TQUIC_EARLY_ACCEPTED,
	TQUIC_EARLY_REJECTED,
};

/**
 * struct tquic_connection_info - TQUIC_SOCKOPT_CONNECTION_INFO
 * @state: enum tquic_conn_info_state
 * @is_server: 1 on the accepting side
 * @confirmed: the handshake is confirmed (RFC 9001, 4.1.2)
 * @key_phase: the Key Phase bit of what this end sends now
 * @version: QUIC version in use
 * @cipher: TLS cipher suite of the 1-RTT keys (0 before they exist)
 * @reserved: 0
 * @max_datagram: UDP payload size sent now (raised by PMTU discovery)
 * @pto_count: probe timeouts in a row now
 * @srtt_us: smoothed RTT (RFC 9002, 5.3)
 * @rttvar_us: RTT variation
 * @min_rtt_us: minimum RTT
 * @latest_rtt_us: the last RTT sample
 * @cwnd: congestion window, bytes
 * @ssthresh: slow start threshold, bytes (~0 before the first loss)
 * @bytes_in_flight: ack-eliciting bytes sent and not acknowledged or lost
 * @packets_sent: QUIC packets sent
 * @packets_received: QUIC packets received and authenticated
 * @packets_lost: packets declared lost
 * @probe_timeouts: probe timeouts
 * @bytes_sent: UDP payload bytes sent
 * @bytes_received: UDP payload bytes received
 * @stream_bytes_sent: stream bytes sent the first time
 * @stream_bytes_retransmitted: stream bytes sent again
 * @stream_bytes_received: stream bytes received (highest offsets)
 * @key_updates: 1-RTT key phase changes
 * @local: this end's address
 * @peer: the peer's address
 * @congestion_control: name of the congestion controller
 * @local_cids: connection IDs of ours the peer may send to
 * @peer_cids: connection IDs of the peer's we hold
 * @dcid_seq: sequence number of the peer's ID we send to
 * @early_data: enum tquic_early_state: what became of 0-RTT
 * @early_packets: client: 0-RTT packets sent; server: 0-RTT packets
 *	opened
 * @pacing_rate: pacing rate now, bytes per second (RFC 9002, 7.7): the
 *	congestion window per smoothed RTT, times 2 in slow start and 1.25
 *	after; 0 before the first RTT sample.  Datagrams leave with
 *	earliest departure times at this rate, which a pacing qdisc (fq)
 *	enforces.
 * @multipath: 1 when both ends negotiated the multipath extension
 *	(draft-ietf-quic-multipath-21; TQUIC_SOCKOPT_TRANSPORT_PARAM
 *	.multipath on both)
 * @degraded: multipath: 1 while every path has failed (the connection
 *	carries nothing until one answers again)
 * @reserved3: 0
 * @max_path_id_local: multipath: the highest path ID this end allows
 * @max_path_id_peer: multipath: the highest path ID the peer allows
 *	(initial_max_path_id, raised by MAX_PATH_ID)
 * @mp_local_cids: multipath: path IDs above 0 with a connection ID of
 *	ours issued (PATH_NEW_CONNECTION_ID)
 * @mp_peer_cids: multipath: path IDs above 0 with one of the peer's
 *	connection IDs
 * @scheduler: name of the packet scheduler (TQUIC_CMD_CONN_SET changes
 *	it and @congestion_control)
 * @send_pages: pages this end keeps to build its next trains of
 *	datagrams in (reused rather than allocated and cleared again); all
 *	are given back when nothing it sent is in flight and nothing is
 *	queued, so an idle connection holds none
 * @send_spares: 64 KiB send buffer pieces kept for the writer's next
 *	data, given back likewise
 */
struct tquic_connection_info {
	__u8 state;
	__u8 is_server;
	__u8 confirmed;
	__u8 key_phase;
	__u32 version;
	__u16 cipher;
	__u16 reserved;
	__u32 max_datagram;
	__u32 pto_count;
	__u32 reserved2;
	__u64 srtt_us;
	__u64 rttvar_us;
	__u64 min_rtt_us;
	__u64 latest_rtt_us;
	__u64 cwnd;
	__u64 ssthresh;
	__u64 bytes_in_flight;
	__u64 packets_sent;
	__u64 packets_received;
	__u64 packets_lost;
	__u64 probe_timeouts;
	__u64 bytes_sent;
	__u64 bytes_received;
	__u64 stream_bytes_sent;
	__u64 stream_bytes_retransmitted;
	__u64 stream_bytes_received;
	__u64 key_updates;
	struct __kernel_sockaddr_storage local;
	struct __kernel_sockaddr_storage peer;
	char congestion_control[16];
	__u32 local_cids;
	__u32 peer_cids;
	__u64 dcid_seq;
	__u32 early_data;
	__u32 early_packets;
	__u64 pacing_rate;
	__u8 multipath;
	__u8 degraded;
	__u8 reserved3[2];
	__u32 max_path_id_local;
	__u32 max_path_id_peer;
	__u16 mp_local_cids;
	__u16 mp_peer_cids;
	char scheduler[16];
	__u32 send_pages;
	__u32 send_spares;
};

/*
 * Events
 *
 * A socket that turned an event type on with TQUIC_SOCKOPT_EVENT (all
 * are off by default) gets each such event as one message of recvmsg(),
 * flagged TQUIC_MSG_NOTIFICATION in msg_flags and without a control
 * message, in order with the data: an event queued after stream data is
 * read after that data.  The message is a struct tquic_event: the type,
 * then the member of the union of that type, then for some types
 * variable bytes (the reason phrase of a close, the token of NEW_TOKEN);
 * at most TQUIC_EVENT_MAX_LEN bytes.  A read with less room gets the
 * start of it, MSG_TRUNC, and the rest is dropped.  A waiting event
 * makes poll() report POLLIN.  Events are charged to the receive buffer
 * (SO_RCVBUF): one that finds it full is dropped and counted in
 * EventsDropped, except the connection close, for which room is kept
 * from the moment TQUIC_EVENT_CONNECTION_CLOSE is turned on.  Reading
 * them needs recvmsg() (read() and recv() do not return msg_flags).
 *
 * TQUIC_EVENT_STREAM_UPDATE: struct tquic_event_stream_update, a stream
 *	changed state (enum tquic_stream_update_state).
 * TQUIC_EVENT_MAX_STREAMS: struct tquic_event_max_streams, the peer
 *	raised the number of streams this end may open (MAX_STREAMS).
 * TQUIC_EVENT_CONNECTION_CLOSE: struct tquic_connection_close and its
 *	reason, the connection closed - by the peer, by us, by the idle
 *	timeout or a stateless reset - with what
 *	TQUIC_SOCKOPT_CONNECTION_CLOSE then reports.  It comes after all
 *	the data received before the close.
 * TQUIC_EVENT_CONNECTION_MIGRATION: struct tquic_event_migration, the
 *	connection's path changed: this client moved with
 *	TQUIC_SOCKOPT_MIGRATE (@by_peer 0, a new @local), or the peer's
 *	packets now come from another address - a NAT rebinding or a
 *	client's migration as its server sees it (@by_peer 1, a new @peer).
 * TQUIC_EVENT_KEY_UPDATE: struct tquic_event_key_update, a 1-RTT key
 *	update completed: both directions now use key phase @key_phase.
 *	@by_peer 0: this end started it (TQUIC_SOCKOPT_KEY_UPDATE) and the
 *	peer answered; 1: the peer started it.
 * TQUIC_EVENT_NEW_TOKEN: struct tquic_event_new_token and the token, a
 *	client received a NEW_TOKEN frame (the bytes TQUIC_SOCKOPT_TOKEN
 *	get returns from then on), to keep for a later connection.
 */
/*
 * msg_flags of an event: the value of SCTP's MSG_NOTIFICATION.  Elsewhere
 * it is MSG_MORE, a sendmsg() flag recvmsg() never returns.
 */
#define TQUIC_MSG_NOTIFICATION			0x8000

enum tquic_event_type {
	TQUIC_EVENT_NONE,
	TQUIC_EVENT_STREAM_UPDATE,
	TQUIC_EVENT_MAX_STREAMS,
	TQUIC_EVENT_CONNECTION_CLOSE,
	TQUIC_EVENT_CONNECTION_MIGRATION,
	TQUIC_EVENT_KEY_UPDATE,
	TQUIC_EVENT_NEW_TOKEN,

	__TQUIC_EVENT_MAX,
};

#define TQUIC_EVENT_MAX (__TQUIC_EVENT_MAX - 1)

/**
 * struct tquic_event_option - TQUIC_SOCKOPT_EVENT
 * @type: enum tquic_event_type, 1 to TQUIC_EVENT_MAX
 * @on: 1: deliver events of @type; 0: do not
 * @reserved: 0
 */
struct tquic_event_option {
	__u8 type;
	__u8 on;
	__u16 reserved;
};

/**
 * enum tquic_stream_update_state - struct tquic_event_stream_update.state
 * @TQUIC_STREAM_UPDATE_PEER_OPENED: the peer opened the stream (its first
 *	frame on it, or on a higher stream of the same type); comes before
 *	its data
 * @TQUIC_STREAM_UPDATE_RECVD: all of the stream's data arrived; comes
 *	after the read with TQUIC_STREAM_FLAG_FIN; @final_size is its size
 * @TQUIC_STREAM_UPDATE_RESET_RECVD: the peer reset it (RESET_STREAM) with
 *	@errcode at @final_size; comes after the read flagged
 *	TQUIC_STREAM_FLAG_RESET
 * @TQUIC_STREAM_UPDATE_STOP_SENDING: the peer asked this end to stop
 *	sending (STOP_SENDING) with @errcode; the kernel reset the stream's
 *	send side with it (writes fail with EPIPE), @final_size is what was
 *	sent
 * @TQUIC_STREAM_UPDATE_SEND_ACKED: the peer acknowledged all this end
 *	sent on the stream and its end: the send side is done;
 *	@final_size is what was sent
 */
enum tquic_stream_update_state {
	TQUIC_STREAM_UPDATE_PEER_OPENED = 1,
	TQUIC_STREAM_UPDATE_RECVD,
	TQUIC_STREAM_UPDATE_RESET_RECVD,
	TQUIC_STREAM_UPDATE_STOP_SENDING,
	TQUIC_STREAM_UPDATE_SEND_ACKED,
};

/**
 * struct tquic_event_stream_update - TQUIC_EVENT_STREAM_UPDATE
 * @stream_id: the stream
 * @state: enum tquic_stream_update_state
 * @reserved: 0
 * @errcode: the peer's application error code (RESET_RECVD,
 *	STOP_SENDING), else 0
 * @final_size: as the state says; ~0 for PEER_OPENED
 */
struct tquic_event_stream_update {
	__s64 stream_id;
	__u32 state;
	__u32 reserved;
	__u64 errcode;
	__u64 final_size;
};

/**
 * struct tquic_event_max_streams - TQUIC_EVENT_MAX_STREAMS
 * @max_streams_bidi: bidirectional streams this end may open in all
 * @max_streams_uni: unidirectional ones
 */
struct tquic_event_max_streams {
	__u64 max_streams_bidi;
	__u64 max_streams_uni;
};

/**
 * struct tquic_event_migration - TQUIC_EVENT_CONNECTION_MIGRATION
 * @local: this end's address now
 * @peer: the peer's address now
 * @by_peer: 1: the peer's address changed; 0: ours did
 * @reserved: 0
 */
struct tquic_event_migration {
	struct __kernel_sockaddr_storage local;
	struct __kernel_sockaddr_storage peer;
	__u8 by_peer;
	__u8 reserved[7];
};

/**
 * struct tquic_event_key_update - TQUIC_EVENT_KEY_UPDATE
 * @key_phase: the Key Phase bit now used both ways
 * @by_peer: the peer started the update
 * @reserved: 0
 */
struct tquic_event_key_update {
	__u8 key_phase;
	__u8 by_peer;
	__u8 reserved[6];
};

/**
 * struct tquic_event_new_token - TQUIC_EVENT_NEW_TOKEN
 * @token_len: bytes of @token, at most TQUIC_TOKEN_MAX_LEN
 * @reserved: 0
 * @token: the token
 */
struct tquic_event_new_token {
	__u32 token_len;
	__u32 reserved;
	__u8 token[];
};

/**
 * struct tquic_event - one event, as recvmsg() returns it
 * @type: enum tquic_event_type
 * @reserved: 0
 * @info: the member of @type
 */
struct tquic_event {
	__u8 type;
	__u8 reserved[7];
	union {
		struct tquic_event_stream_update stream_update;
		struct tquic_event_max_streams max_streams;
		struct tquic_connection_close close;
		struct tquic_event_migration migration;
		struct tquic_event_key_update key_update;
		struct tquic_event_new_token new_token;
	} info;
};

/* The longest event: a close with the longest reason, or a token. */
#define TQUIC_EVENT_MAX_LEN	(sizeof(struct tquic_event) + \
				 TQUIC_TOKEN_MAX_LEN)

/* The largest encoded transport parameters extension we produce. */
#define TQUIC_TRANSPORT_PARAM_EXT_MAX		256

/*
 * Control message types at level SOL_QUIC.
 *
 * TQUIC_CMSG_HANDSHAKE_INFO: struct tquic_handshake_info; marks
 *	sendmsg()/recvmsg() data as TLS handshake data of a level.
 * TQUIC_CMSG_STREAM_INFO: struct tquic_stream_info; on sendmsg() selects
 *	the stream (or a DATAGRAM frame), on recvmsg() says which stream
 *	the data came from.  sendmsg() without either fails with EINVAL.
 * TQUIC_CMSG_STREAM_RESET: __u64, recvmsg() only: the peer reset the
 *	stream (RESET_STREAM) with this application error code; comes with
 *	an empty read flagged TQUIC_STREAM_FLAG_FIN | TQUIC_STREAM_FLAG_RESET
 *	after the data read before the reset arrived.
 */
#define TQUIC_CMSG_HANDSHAKE_INFO		1
#define TQUIC_CMSG_STREAM_INFO			2
#define TQUIC_CMSG_STREAM_RESET			3

/*
 * Stream flags (struct tquic_stream_info.flags).
 * TQUIC_STREAM_FLAG_FIN: sendmsg: this data ends the stream (may come
 *	with no data); recvmsg: the data returned ends the stream.
 * TQUIC_STREAM_FLAG_UNI: recvmsg: the stream is unidirectional (also
 *	implied by the stream id).
 * TQUIC_STREAM_FLAG_DATAGRAM: the data is one DATAGRAM frame (RFC 9221),
 *	not stream data; the stream id is ignored.  A datagram larger than
 *	the peer's max_datagram_frame_size (less 3 bytes of frame type and
 *	length) or than fits one 1200-byte packet (1168 bytes with the
 *	8-byte connection IDs tquic uses) fails with EMSGSIZE; a peer that
 *	announced none makes it fail with EOPNOTSUPP.  Datagrams are not
 *	retransmitted; when 256 wait to be sent, sendmsg() fails with
 *	EAGAIN even when blocking.
 * TQUIC_STREAM_FLAG_RESET: recvmsg: the peer reset the stream; the
 *	error code comes in a TQUIC_CMSG_STREAM_RESET control message.
 */
#define TQUIC_STREAM_FLAG_FIN			0x0001
#define TQUIC_STREAM_FLAG_UNI			0x0002
#define TQUIC_STREAM_FLAG_DATAGRAM		0x0004
#define TQUIC_STREAM_FLAG_RESET			0x0008

/**
 * struct tquic_stream_info - control message selecting a stream
 * @stream_id: RFC 9000 stream id.  Bit 0: server-initiated; bit 1:
 *	unidirectional.  A sendmsg() on a stream this end may open and has
 *	not opened yet opens it (and the lower ones of its type); one above
 *	the peer's stream limit fails with EAGAIN (EWOULDBLOCK) or waits.
 *	A stream the peer may open but has not, or one we may not send on
 *	(the peer's unidirectional streams), fails with EINVAL.
 * @flags: TQUIC_STREAM_FLAG_*
 */
struct tquic_stream_info {
	__s64 stream_id;
	__u32 flags;
	__u32 reserved;
};

/**
 * enum tquic_crypto_level - encryption levels of handshake data and keys
 * @TQUIC_CRYPTO_INITIAL: Initial packets (keys derived by the kernel)
 * @TQUIC_CRYPTO_HANDSHAKE: Handshake packets
 * @TQUIC_CRYPTO_APP: 1-RTT packets
 * @TQUIC_CRYPTO_EARLY: 0-RTT packets: only a secret (the client's send
 *	secret, the server's receive secret), never handshake data
 */
enum tquic_crypto_level {
	TQUIC_CRYPTO_INITIAL,
	TQUIC_CRYPTO_HANDSHAKE,
	TQUIC_CRYPTO_APP,
	TQUIC_CRYPTO_EARLY,
};

/**
 * struct tquic_handshake_info - control message of handshake data
 * @crypto_level: enum tquic_crypto_level the data belongs to
 */
struct tquic_handshake_info {
	__u8 crypto_level;
};

#define TQUIC_SECRET_MAX_LEN	48

/**
 * struct tquic_crypto_secret - a traffic secret (TQUIC_SOCKOPT_CRYPTO_SECRET)
 * @level: TQUIC_CRYPTO_HANDSHAKE, TQUIC_CRYPTO_APP or TQUIC_CRYPTO_EARLY
 *	(client: send; server: receive; EINVAL the other way round)
 * @send: 1 for the secret protecting what this end sends, 0 for receiving
 * @cipher: TLS cipher suite: 0x1301 (AES-128-GCM), 0x1302 (AES-256-GCM)
 *	or 0x1303 (ChaCha20-Poly1305)
 * @secret_len: bytes of @secret used: 32, or 48 for 0x1302
 * @secret: the secret
 */
struct tquic_crypto_secret {
	__u8 level;
	__u8 send;
	__u16 cipher;
	__u32 secret_len;
	__u8 secret[TQUIC_SECRET_MAX_LEN];
};

#define TQUIC_ALPN_MAX		128

#define TQUIC_VERSION_V1	0x00000001
#define TQUIC_VERSION_V2	0x6b3343cf

/**
 * struct tquic_transport_param - transport parameters (RFC 9000, 18.2)
 * @max_udp_payload_size: at least 1200, at most 65527
 * @ack_delay_exponent: at most 20
 * @max_ack_delay: milliseconds, below 16384
 * @active_connection_id_limit: at least 2
 * @max_idle_timeout: milliseconds, 0 for none
 * @max_data: initial_max_data, bytes
 * @max_stream_data_bidi_local: bytes
 * @max_stream_data_bidi_remote: bytes
 * @max_stream_data_uni: bytes
 * @max_streams_bidi: at most 2^60
 * @max_streams_uni: at most 2^60
 * @max_datagram_frame_size: RFC 9221; 0 turns DATAGRAM frames off
 * @disable_active_migration: 0 or 1
 * @grease_quic_bit: 0 or 1 (RFC 9287): advertise that packets with the
 *	QUIC bit 0 are taken; the peer's advertising it makes ours random
 * @multipath: 0 or 1: offer the multipath extension
 *	(draft-ietf-quic-multipath-21: initial_max_path_id, net.tquic.max_paths
 *	- 1); default net.tquic.multipath_enabled
 * @max_paths: 1 to 16, the paths a multipath connection may have: the
 *	initial_max_path_id announced is @max_paths - 1; default
 *	net.tquic.max_paths
 */
struct tquic_transport_param {
	__u32 max_udp_payload_size;
	__u32 ack_delay_exponent;
	__u32 max_ack_delay;
	__u32 active_connection_id_limit;
	__u64 max_idle_timeout;
	__u64 max_data;
	__u64 max_stream_data_bidi_local;
	__u64 max_stream_data_bidi_remote;
	__u64 max_stream_data_uni;
	__u64 max_streams_bidi;
	__u64 max_streams_uni;
	__u32 max_datagram_frame_size;
	__u8 disable_active_migration;
	__u8 grease_quic_bit;
	__u8 multipath;
	__u8 max_paths;
};

/*
 * Multipath paths (draft-ietf-quic-multipath-21)
 *
 * TQUIC_SOCKOPT_PATH_ADD (set): struct tquic_path_req, a client opens a
 *	further path from @local (port 0: any) to @peer: a path ID both ends
 *	allow that has connection IDs both ways is taken, and the path is
 *	validated (PATH_CHALLENGE in a 1200-byte datagram) before it carries
 *	data.  EOPNOTSUPP when multipath was not negotiated or on a server,
 *	ENOTCONN before the handshake is confirmed, EINVAL for a bad address
 *	or flags, EAFNOSUPPORT for another family than the connection's,
 *	EEXIST for a pair of addresses already in use, E2BIG at max_paths
 *	paths, EAGAIN while no path ID has connection IDs both ways yet.
 * TQUIC_SOCKOPT_PATHS (get): the connection's paths, as many struct
 *	tquic_path_info as fit, path 0 first; the length returned says how
 *	many.
 * TQUIC_SOCKOPT_PATH_DEL (set): __u32, close the path of that ID: what
 *	it had in flight goes over the others, the peer gets PATH_ABANDON,
 *	the path ID is never used again (a new one is allowed instead).
 *	ENOENT for no such path, EBUSY for path 0 or the last path that can
 *	carry data.
 * TQUIC_SOCKOPT_PATH_SET (set): struct tquic_path_set, a path's backup
 *	flag and weight; the peer hears of the flag (PATH_STATUS_BACKUP or
 *	PATH_STATUS_AVAILABLE) and treats the path alike.  ENOENT for no
 *	such path, EINVAL for unknown flags or a weight over 255.
 */

/* Path states: enum tquic_path_state, with the netlink attributes. */

/* struct tquic_path_req.flags, struct tquic_path_info.flags */
#define TQUIC_PATH_F_BACKUP	0x1	/* a backup path */

/**
 * struct tquic_path_req - TQUIC_SOCKOPT_PATH_ADD
 * @local: our address for the path, of the connection's family
 * @peer: the peer's address and port
 * @flags: TQUIC_PATH_F_*
 * @weight: for the weighted scheduler, 1 to 255 (0: the default, 1); all
 *	paths at 1 let it weigh their bandwidth instead
 */
struct tquic_path_req {
	struct __kernel_sockaddr_storage local;
	struct __kernel_sockaddr_storage peer;
	__u32 flags;
	__u32 weight;
};

/**
 * struct tquic_path_set - TQUIC_SOCKOPT_PATH_SET
 * @path_id: the path
 * @flags: TQUIC_PATH_SET_* of what to change
 * @backup: with TQUIC_PATH_SET_BACKUP: 1 a backup path, 0 not
 * @weight: with TQUIC_PATH_SET_WEIGHT: 0-255
 */
struct tquic_path_set {
	__u32 path_id;
	__u32 flags;
	__u32 backup;
	__u32 weight;
};

#define TQUIC_PATH_SET_BACKUP	0x1
#define TQUIC_PATH_SET_WEIGHT	0x2

/**
 * struct tquic_path_info - one path, TQUIC_SOCKOPT_PATHS
 * @path_id: its path ID (0: the handshake's)
 * @state: enum tquic_path_state
 * @flags: TQUIC_PATH_F_*
 * @reserved: 0
 * @weight: its weight
 * @max_datagram: UDP payload size it carries now (1200 until its path
 *	MTU search raises it; 0 from kernels before it was reported)
 * @local: our address
 * @peer: the peer's
 * @srtt_us: smoothed RTT
 * @rttvar_us: RTT variation
 * @min_rtt_us: minimum RTT
 * @cwnd: congestion window, bytes
 * @bytes_in_flight: bytes in flight
 * @packets_sent: packets sent on it
 * @bytes_sent: UDP payload bytes sent on it
 * @packets_received: packets received on it
 * @bytes_received: UDP payload bytes received on it
 * @packets_lost: packets sent on it declared lost
 */
struct tquic_path_info {
	__u32 path_id;
	__u8 state;
	__u8 flags;
	__u16 reserved;
	__u32 weight;
	__u32 max_datagram;
	struct __kernel_sockaddr_storage local;
	struct __kernel_sockaddr_storage peer;
	__u64 srtt_us;
	__u64 rttvar_us;
	__u64 min_rtt_us;
	__u64 cwnd;
	__u64 bytes_in_flight;
	__u64 packets_sent;
	__u64 bytes_sent;
	__u64 packets_received;
	__u64 bytes_received;
	__u64 packets_lost;
};

#endif /* _UAPI_LINUX_TQUIC_H */
