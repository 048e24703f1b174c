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
 * Until the connection code lands, connect(), accept(), sendmsg() and
 * recvmsg() fail (EOPNOTSUPP, ENOTCONN).
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
 */
#define TQUIC_SOCKOPT_ALPN			1
#define TQUIC_SOCKOPT_TRANSPORT_PARAM		2
#define TQUIC_SOCKOPT_VERSION			3

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
