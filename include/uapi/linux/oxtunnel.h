/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * oxtunnel: the OxTunnel IP tunnel netdevice - user API.
 *
 * Devices are created with rtnetlink ("ip link add ox0 type oxtunnel",
 * kind OXT_LINK_KIND) and configured over the generic netlink family
 * "oxtunnel" (OXT_GENL_NAME, version OXT_GENL_VERSION).  The family is
 * netns aware: a device is looked up in the caller's network namespace.
 * Mutating commands require CAP_NET_ADMIN in the user namespace owning that
 * netns.  Errors carry an extended-ack message.
 */
#ifndef _UAPI_LINUX_OXTUNNEL_H
#define _UAPI_LINUX_OXTUNNEL_H

#include <linux/types.h>

#define OXT_LINK_KIND		"oxtunnel"
#define OXT_GENL_NAME		"oxtunnel"
#define OXT_GENL_VERSION	1

/* Default UDP port a device listens on. */
#define OXT_DEFAULT_PORT	51820

/* Key sizes (X25519). */
#define OXT_KEY_LEN		32

/**
 * enum oxt_cmd - generic netlink commands of the "oxtunnel" family
 * @OXT_CMD_UNSPEC: unused
 * @OXT_CMD_DEV_GET: one device (doit, by OXT_A_IFINDEX or OXT_A_IFNAME) or
 *	all oxtunnel devices of the netns (dumpit). Unprivileged. Reply per
 *	device: OXT_A_IFINDEX, OXT_A_IFNAME, OXT_A_MTU, OXT_A_LISTEN_PORT,
 *	OXT_A_ENCRYPTION, OXT_A_UP, OXT_A_PUBLIC_KEY (once a private key is
 *	set), OXT_A_PEER_COUNT, OXT_A_REKEY_INTERVAL, OXT_A_REKEY_MESSAGES,
 *	OXT_A_STATS (per-reason drop counters).  The private key is never
 *	sent back.
 * @OXT_CMD_DEV_SET: change a device (admin): any of OXT_A_LISTEN_PORT,
 *	OXT_A_PRIVATE_KEY, OXT_A_ENCRYPTION, OXT_A_REKEY_INTERVAL,
 *	OXT_A_REKEY_MESSAGES.
 * @OXT_CMD_PEER_ADD: add a peer (admin): OXT_A_PEER_PUBLIC_KEY, optional
 *	OXT_A_PEER_ENDPOINT, OXT_A_PEER_ALLOWED_IPS, OXT_A_PEER_KEEPALIVE.
 *	EEXIST if the key is already a peer of the device.
 * @OXT_CMD_PEER_SET: change a peer (admin): as PEER_ADD; a given
 *	OXT_A_PEER_ALLOWED_IPS replaces the list. ENOENT for an unknown peer.
 * @OXT_CMD_PEER_DEL: remove a peer (admin), by OXT_A_PEER_PUBLIC_KEY.
 * @OXT_CMD_PEER_GET: dump the peers of a device (unprivileged): per peer
 *	OXT_A_IFINDEX, OXT_A_PEER_PUBLIC_KEY, OXT_A_PEER_ENDPOINT (if known),
 *	OXT_A_PEER_ALLOWED_IPS, OXT_A_PEER_KEEPALIVE,
 *	OXT_A_PEER_LAST_HANDSHAKE, OXT_A_PEER_HANDSHAKES, OXT_A_PEER_RX_BYTES,
 *	OXT_A_PEER_TX_BYTES, OXT_A_PEER_RX_PACKETS, OXT_A_PEER_TX_PACKETS.
 */
enum oxt_cmd {
	OXT_CMD_UNSPEC,
	OXT_CMD_DEV_GET,
	OXT_CMD_DEV_SET,
	OXT_CMD_PEER_ADD,
	OXT_CMD_PEER_SET,
	OXT_CMD_PEER_DEL,
	OXT_CMD_PEER_GET,

	__OXT_CMD_MAX,
};

#define OXT_CMD_MAX (__OXT_CMD_MAX - 1)

/**
 * enum oxt_attr - attributes of the "oxtunnel" family
 * @OXT_A_UNSPEC: unused
 * @OXT_A_IFINDEX: u32, device ifindex
 * @OXT_A_IFNAME: string, device name (< IFNAMSIZ)
 * @OXT_A_MTU: u32, device MTU (reply only)
 * @OXT_A_LISTEN_PORT: u16, UDP port the device listens on (1..65535)
 * @OXT_A_ENCRYPTION: u8, 1 when packets are encrypted (default), 0 when off
 * @OXT_A_UP: u8, 1 when the device is administratively up (reply only)
 * @OXT_A_PUBLIC_KEY: binary[32], the device's public key (reply only)
 * @OXT_A_PRIVATE_KEY: binary[32], the device's private key (request only;
 *	32 zero bytes remove it)
 * @OXT_A_PEER_COUNT: u32, number of peers (reply only)
 * @OXT_A_REKEY_INTERVAL: u32, seconds after which a session is rekeyed
 *	(10..86400, default 120)
 * @OXT_A_REKEY_MESSAGES: u64, packets after which a session is rekeyed
 *	(1024..2^31, default 2^31)
 * @OXT_A_STATS: nest of OXT_A_STAT (reply only)
 * @OXT_A_STAT: nest: OXT_A_STAT_ID, OXT_A_STAT_NAME, OXT_A_STAT_VALUE
 * @OXT_A_STAT_ID: u32, enum oxt_stat
 * @OXT_A_STAT_NAME: string, the counter's name
 * @OXT_A_STAT_VALUE: u64
 * @OXT_A_PEER_PUBLIC_KEY: binary[32], a peer's static public key
 * @OXT_A_PEER_ENDPOINT: binary, struct sockaddr_in or struct sockaddr_in6
 * @OXT_A_PEER_ALLOWED_IPS: nest of OXT_A_ALLOWED_IP
 * @OXT_A_ALLOWED_IP: nest: OXT_A_AIP_FAMILY, OXT_A_AIP_ADDR, OXT_A_AIP_CIDR
 * @OXT_A_AIP_FAMILY: u16, AF_INET or AF_INET6
 * @OXT_A_AIP_ADDR: binary[4] or binary[16], network prefix
 * @OXT_A_AIP_CIDR: u8, prefix length (0..32 or 0..128)
 * @OXT_A_PEER_KEEPALIVE: u16, persistent keepalive interval in seconds
 *	(0 = off)
 * @OXT_A_PEER_LAST_HANDSHAKE: u64, CLOCK_REALTIME ns of the last completed
 *	handshake (0 = never) (reply only)
 * @OXT_A_PEER_HANDSHAKES: u64, completed handshakes (reply only)
 * @OXT_A_PEER_RX_BYTES: u64, inner bytes received (reply only)
 * @OXT_A_PEER_TX_BYTES: u64, inner bytes sent (reply only)
 * @OXT_A_PEER_RX_PACKETS: u64 (reply only)
 * @OXT_A_PEER_TX_PACKETS: u64 (reply only)
 * @OXT_A_PAD: padding for 64-bit attributes
 */
enum oxt_attr {
	OXT_A_UNSPEC,
	OXT_A_IFINDEX,
	OXT_A_IFNAME,
	OXT_A_MTU,
	OXT_A_LISTEN_PORT,
	OXT_A_ENCRYPTION,
	OXT_A_UP,
	OXT_A_PUBLIC_KEY,
	OXT_A_PRIVATE_KEY,
	OXT_A_PEER_COUNT,
	OXT_A_REKEY_INTERVAL,
	OXT_A_REKEY_MESSAGES,
	OXT_A_STATS,
	OXT_A_STAT,
	OXT_A_STAT_ID,
	OXT_A_STAT_NAME,
	OXT_A_STAT_VALUE,
	OXT_A_PEER_PUBLIC_KEY,
	OXT_A_PEER_ENDPOINT,
	OXT_A_PEER_ALLOWED_IPS,
	OXT_A_ALLOWED_IP,
	OXT_A_AIP_FAMILY,
	OXT_A_AIP_ADDR,
	OXT_A_AIP_CIDR,
	OXT_A_PEER_KEEPALIVE,
	OXT_A_PEER_LAST_HANDSHAKE,
	OXT_A_PEER_HANDSHAKES,
	OXT_A_PEER_RX_BYTES,
	OXT_A_PEER_TX_BYTES,
	OXT_A_PEER_RX_PACKETS,
	OXT_A_PEER_TX_PACKETS,
	OXT_A_PAD,

	__OXT_A_MAX,
};

#define OXT_A_MAX (__OXT_A_MAX - 1)

/**
 * enum oxt_stat - per-device counters (OXT_A_STATS): each one reason a
 * packet was dropped or a handshake refused, then the transmit batching,
 * train and super-packet counters
 */
enum oxt_stat {
	OXT_STAT_RX_TRUNCATED,		/* RxTruncated: shorter than a header */
	OXT_STAT_RX_BAD_MAGIC,		/* RxBadMagic */
	OXT_STAT_RX_BAD_LENGTH,		/* RxBadLength: length field != bytes */
	OXT_STAT_RX_BAD_FLAGS,		/* RxBadFlags: unknown/unsupported */
	OXT_STAT_RX_UNKNOWN_SESSION,	/* RxUnknownSession: index not ours */
	OXT_STAT_RX_DECRYPT,		/* RxDecryptFail: tag did not verify */
	OXT_STAT_RX_REPLAY,		/* RxReplay: seen or outside window */
	OXT_STAT_RX_KEY_EXPIRED,	/* RxKeyExpired: session too old */
	OXT_STAT_RX_POLICY,		/* RxPolicy: encryption setting differs */
	OXT_STAT_RX_BAD_INNER,		/* RxBadInner: not an IPv4/IPv6 packet */
	OXT_STAT_RX_NOT_ALLOWED,	/* RxNotAllowed: source not in allowed-ips */
	OXT_STAT_RX_BAD_BATCH,		/* RxBadBatch */
	OXT_STAT_RX_BAD_CONTROL,	/* RxBadControl: unknown control type */
	OXT_STAT_HS_INVALID,		/* HandshakeInvalid: mac/crypto failed */
	OXT_STAT_HS_UNKNOWN_PEER,	/* HandshakeUnknownPeer */
	OXT_STAT_HS_REPLAY,		/* HandshakeReplay: old timestamp */
	OXT_STAT_HS_COOKIE_SENT,	/* HandshakeCookieSent: under load */
	OXT_STAT_HS_RATELIMITED,	/* HandshakeRateLimited */
	OXT_STAT_HS_QUEUE_FULL,		/* HandshakeQueueFull */
	OXT_STAT_TX_NO_PEER,		/* TxNoPeer: no allowed-ips match */
	OXT_STAT_TX_NO_ENDPOINT,	/* TxNoEndpoint */
	OXT_STAT_TX_NO_SESSION,		/* TxNoSession: queue full, no keys */
	OXT_STAT_TX_ROUTE,		/* TxRoute: no route to the endpoint */
	OXT_STAT_TX_ERROR,		/* TxError: out of memory, bad packet */
	OXT_STAT_TX_BATCHES,		/* TxBatches: batch packets sent */
	OXT_STAT_TX_BATCHED,		/* TxBatchedPackets: packets in them */
	OXT_STAT_TX_TRAINS,		/* TxTrains: UDP GSO trains sent */
	OXT_STAT_TX_TRAIN_PACKETS,	/* TxTrainPackets: datagrams in them */
	OXT_STAT_TX_SUPER,		/* TxSuperPackets: GSO packets sent whole */
	OXT_STAT_TX_SUPER_SEGS,		/* TxSuperSegments: segments in them */
	OXT_STAT_RX_SUPER,		/* RxSuperPackets: received whole */
	OXT_STAT_RX_SHARED_SEGS,	/* RxSharedSegments: received cut up */
	OXT_STAT_TX_UNTOUCHED,		/* TxUntouched: clear, not copied */

	OXT_STAT_NUM
};

#endif /* _UAPI_LINUX_OXTUNNEL_H */
