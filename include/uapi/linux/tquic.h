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
 */
enum tquic_cmd {
	TQUIC_CMD_UNSPEC,
	TQUIC_CMD_INFO_GET,
	TQUIC_CMD_STATS_GET,
	TQUIC_CMD_STATS_RESET,

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

	__TQUIC_A_MAX,
};

#define TQUIC_A_MAX (__TQUIC_A_MAX - 1)

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
 * EINVAL.
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
 *	prefer (server): 0x00000001 (v1, default) or 0x6b3343cf (v2).
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
 *	and closes the connection with TRANSPORT_PARAMETER_ERROR.  Both
 *	need a connection (ENOTCONN); a second set fails with EALREADY.
 * TQUIC_SOCKOPT_HANDSHAKE_COMPLETE (set only, no value): the TLS library
 *	says the handshake is complete.  Needs both 1-RTT secrets and the
 *	peer's transport parameters (EINVAL otherwise).  A server then sends
 *	HANDSHAKE_DONE; stream data and datagrams flow from here on.
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
};

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
 */
enum tquic_crypto_level {
	TQUIC_CRYPTO_INITIAL,
	TQUIC_CRYPTO_HANDSHAKE,
	TQUIC_CRYPTO_APP,
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
 * @level: TQUIC_CRYPTO_HANDSHAKE or TQUIC_CRYPTO_APP
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
 * @grease_quic_bit: 0 or 1 (RFC 9287)
 * @reserved: must be zero
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
	__u16 reserved;
};

#endif /* _UAPI_LINUX_TQUIC_H */
