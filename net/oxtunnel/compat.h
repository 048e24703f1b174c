/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxtunnel: differences between the kernels we build for (Debian 12's 6.1
 * and 6.12).  Every #if on LINUX_VERSION_CODE in oxtunnel lives here.
 */
#ifndef _OXT_COMPAT_H
#define _OXT_COMPAT_H

#include <linux/netdevice.h>
#include <linux/version.h>
#include <net/genetlink.h>

/* 6.5 moved skb_gso_segment() to net/gso.h. */
#if KERNEL_VERSION(6, 5, 0) <= LINUX_VERSION_CODE
#include <net/gso.h>
#endif

/* 6.10 moved the fragment reference helpers to linux/skbuff_ref.h. */
#if KERNEL_VERSION(6, 10, 0) <= LINUX_VERSION_CODE
#include <linux/skbuff_ref.h>
#endif

/* 6.12 moved asm/unaligned.h to linux/unaligned.h. */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.12 moved the LLTX flag from features to a netdev bit field. */
static inline void oxt_compat_set_lltx(struct net_device *dev)
{
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/* 6.12 wraps the parsed attributes of a dump in a struct genl_info. */
static inline struct nlattr **
oxt_compat_dump_attrs(struct netlink_callback *cb)
{
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _OXT_COMPAT_H */
