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

/**
 * enum oxt_cmd - generic netlink commands of the "oxtunnel" family
 * @OXT_CMD_UNSPEC: unused
 * @OXT_CMD_DEV_GET: one device (doit, by OXT_A_IFINDEX or OXT_A_IFNAME) or
 *	all oxtunnel devices of the netns (dumpit). Unprivileged. Reply per
 *	device: OXT_A_IFINDEX, OXT_A_IFNAME, OXT_A_MTU, OXT_A_LISTEN_PORT,
 *	OXT_A_ENCRYPTION, OXT_A_UP.
 */
enum oxt_cmd {
	OXT_CMD_UNSPEC,
	OXT_CMD_DEV_GET,

	__OXT_CMD_MAX,
};

#define OXT_CMD_MAX (__OXT_CMD_MAX - 1)

/**
 * enum oxt_attr - attributes of the "oxtunnel" family
 * @OXT_A_UNSPEC: unused
 * @OXT_A_IFINDEX: u32, device ifindex
 * @OXT_A_IFNAME: string, device name (< IFNAMSIZ)
 * @OXT_A_MTU: u32, device MTU
 * @OXT_A_LISTEN_PORT: u16, UDP port the device listens on
 * @OXT_A_ENCRYPTION: u8, 1 when packets are encrypted (default), 0 when off
 * @OXT_A_UP: u8, 1 when the device is administratively up
 */
enum oxt_attr {
	OXT_A_UNSPEC,
	OXT_A_IFINDEX,
	OXT_A_IFNAME,
	OXT_A_MTU,
	OXT_A_LISTEN_PORT,
	OXT_A_ENCRYPTION,
	OXT_A_UP,

	__OXT_A_MAX,
};

#define OXT_A_MAX (__OXT_A_MAX - 1)

#endif /* _UAPI_LINUX_OXTUNNEL_H */
