/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxctl: IP addresses on the command line and in netlink messages.
 */
#ifndef _OXCTL_ADDR_H
#define _OXCTL_ADDR_H

#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <stddef.h>
#include <sys/socket.h>

/* Longest "[v6%dev]:port" we print. */
#define OXC_ADDR_STRLEN	(INET6_ADDRSTRLEN + 32)

/* Parse "A.B.C.D:PORT" or "[V6]:PORT" (port 1-65535). */
int oxc_parse_endpoint(const char *s, struct sockaddr_in6 *out, size_t *len);
/* Parse "ADDR" or "ADDR%DEV" (port 0); *@ifindex 0 without %DEV. */
int oxc_parse_local(const char *s, struct sockaddr_storage *ss, int *ifindex);
/* "A.B.C.D:PORT" or "[V6]:PORT" of an AF_INET/AF_INET6 address. */
void oxc_fmt_sa(const struct sockaddr *sa, char *buf, size_t len);

/* tquic's TQUIC_ADDR_A_* nests */
int oxc_tquic_put_addr(struct nl_msg *msg, int attr,
		       const struct sockaddr_storage *ss, int ifindex);
int oxc_tquic_get_addr(struct nlattr *nest, struct sockaddr_storage *ss,
		       int *ifindex);
/* "ADDR:PORT", "[V6]:PORT", with "%DEV" after the address if it has one;
 * @port 0: without the port.
 */
void oxc_tquic_fmt_addr(struct nlattr *nest, char *buf, size_t len,
			int port);

#endif /* _OXCTL_ADDR_H */
