/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: differences between the kernels we build for (Debian 12's 6.1 and
 * 6.12).  Every #if on LINUX_VERSION_CODE in tquic lives here.
 */
#ifndef _TQUIC_COMPAT_H
#define _TQUIC_COMPAT_H

#include <linux/version.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/sock.h>

/* 6.12 moved asm/unaligned.h to linux/unaligned.h. */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.11 made the table handed to proc handlers const. */
#if KERNEL_VERSION(6, 11, 0) <= LINUX_VERSION_CODE
#define tquic_ctl_table const struct ctl_table
#else
#define tquic_ctl_table struct ctl_table
#endif

/* 6.6 added register_net_sysctl_sz() and later kernels dropped the empty
 * sentinel entry; @n counts the entries without the sentinel, which the
 * table still carries for older kernels.
 */
static inline struct ctl_table_header *
tquic_register_net_sysctl(struct net *net, const char *path,
			  struct ctl_table *table, size_t n)
{
#if KERNEL_VERSION(6, 6, 0) <= LINUX_VERSION_CODE
	return register_net_sysctl_sz(net, path, table, n);
#else
	return register_net_sysctl(net, path, table);
#endif
}

/* 6.5 lets a protocol say where its ipv6_pinfo is; before, it had to be
 * the last member of the socket.  Expands to an initializer of struct
 * proto with its comma, or to nothing.
 */
#if KERNEL_VERSION(6, 5, 0) <= LINUX_VERSION_CODE
#define TQUIC_IPV6_PINFO(type, member) \
	.ipv6_pinfo_offset = offsetof(type, member),
#else
#define TQUIC_IPV6_PINFO(type, member)
#endif

/* 6.6 moved the IPv6 flow label list from ipv6_pinfo to inet_sock. */
#if KERNEL_VERSION(6, 6, 0) <= LINUX_VERSION_CODE
#define tquic_clear_ipv6_fl_list(sk) \
	RCU_INIT_POINTER(inet_sk(sk)->ipv6_fl_list, NULL)
#else
#define tquic_clear_ipv6_fl_list(sk) \
	RCU_INIT_POINTER(inet6_sk(sk)->ipv6_fl_list, NULL)
#endif

/* 6.11 names the clock of skb->tstamp (enum skb_tstamp_type) where 6.1
 * had a flag for CLOCK_MONOTONIC.  Sets an earliest departure time in
 * CLOCK_MONOTONIC nanoseconds.
 */
static inline void tquic_skb_set_edt(struct sk_buff *skb, u64 ns)
{
#if KERNEL_VERSION(6, 11, 0) <= LINUX_VERSION_CODE
	skb_set_delivery_time(skb, ns_to_ktime(ns), SKB_CLOCK_MONOTONIC);
#else
	skb_set_delivery_time(skb, ns_to_ktime(ns), true);
#endif
}

/* 6.10 passes accept() its flags in a struct proto_accept_arg. */
int tquic_accept_core(struct socket *sock, struct socket *newsock, int flags);

#if KERNEL_VERSION(6, 10, 0) <= LINUX_VERSION_CODE
static inline int tquic_accept(struct socket *sock, struct socket *newsock,
			       struct proto_accept_arg *arg)
{
	return tquic_accept_core(sock, newsock, arg->flags);
}
#else
static inline int tquic_accept(struct socket *sock, struct socket *newsock,
			       int flags, bool kern)
{
	return tquic_accept_core(sock, newsock, flags);
}
#endif

#endif /* _TQUIC_COMPAT_H */
