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

#endif /* _UAPI_LINUX_TQUIC_H */
