/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxtunnel: internal declarations shared by the files of oxtunnel.ko.
 */
#ifndef _OXTUNNEL_H
#define _OXTUNNEL_H

#include <linux/netdevice.h>
#include <linux/oxtunnel.h>
#include <net/rtnetlink.h>

#define OXT_VERSION "0.1.0"

/* OxTunnel header: magic (2), flags (1), sequence (4), length (2). */
#define OXT_HDR_LEN		9
/* Poly1305 tag appended to encrypted payloads. */
#define OXT_TAG_LEN		16
#define OXT_UDP_HDR_LEN		8
#define OXT_IPV4_HDR_LEN	20
#define OXT_IPV6_HDR_LEN	40

/* Largest and smallest inner MTU the device takes. */
#define OXT_MIN_MTU		68
#define OXT_MAX_MTU		(65535 - OXT_UDP_HDR_LEN - OXT_HDR_LEN - OXT_TAG_LEN - \
				 OXT_IPV4_HDR_LEN)

/**
 * struct oxt_dev - private part of an oxtunnel net_device
 * @dev: the net_device
 * @listen_port: UDP port the device listens on (host order)
 * @encryption: payloads are encrypted
 */
struct oxt_dev {
	struct net_device *dev;
	u16 listen_port;
	bool encryption;
};

extern struct rtnl_link_ops oxt_link_ops;

/* device.c */
unsigned int oxt_overhead(bool ipv6_outer, bool encryption);
unsigned int oxt_mtu_for_link(unsigned int link_mtu, bool ipv6_outer,
			      bool encryption);
void oxt_setup(struct net_device *dev);
bool oxt_is_oxtunnel(const struct net_device *dev);

/* netlink.c */
int oxt_genl_init(void);
void oxt_genl_exit(void);

#endif /* _OXTUNNEL_H */
