// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl: IP addresses on the command line and in netlink messages.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/tquic.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int oxc_parse_endpoint(const char *s, struct sockaddr_in6 *out, size_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)out;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon;
	char *end;
	unsigned long port;
	size_t hl;

	memset(out, 0, sizeof(*out));
	if (s[0] == '[') {
		colon = strstr(s, "]:");
		if (!colon)
			return -EINVAL;
		hl = colon - s - 1;
		if (hl >= sizeof(host))
			return -EINVAL;
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		colon++;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			return -EINVAL;
		hl = colon - s;
		memcpy(host, s, hl);
		host[hl] = '\0';
	}
	port = strtoul(colon + 1, &end, 10);
	if (*end || !colon[1] || port == 0 || port > 65535)
		return -EINVAL;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1 && s[0] != '[') {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &out->sin6_addr) == 1) {
		out->sin6_family = AF_INET6;
		out->sin6_port = htons(port);
		*len = sizeof(*out);
		return 0;
	}
	return -EINVAL;
}

int oxc_parse_local(const char *s, struct sockaddr_storage *ss, int *ifindex)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char host[INET6_ADDRSTRLEN];
	const char *pct = strchr(s, '%');
	size_t hl = pct ? (size_t)(pct - s) : strlen(s);

	memset(ss, 0, sizeof(*ss));
	*ifindex = 0;
	if (hl >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (pct) {
		*ifindex = if_nametoindex(pct + 1);
		if (!*ifindex)
			return -ENODEV;
	}
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

void oxc_fmt_sa(const struct sockaddr *sa, char *buf, size_t len)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
	char ip[INET6_ADDRSTRLEN];

	buf[0] = '\0';
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(s6->sin6_port));
	}
}

int oxc_tquic_put_addr(struct nl_msg *msg, int attr,
		       const struct sockaddr_storage *ss, int ifindex)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
	struct nlattr *nest = nla_nest_start(msg, attr | NLA_F_NESTED);

	if (!nest || nla_put_u16(msg, TQUIC_ADDR_A_FAMILY, ss->ss_family))
		return -EMSGSIZE;
	if (ss->ss_family == AF_INET) {
		if (nla_put(msg, TQUIC_ADDR_A_ADDR4, 4, &s4->sin_addr) ||
		    nla_put_u16(msg, TQUIC_ADDR_A_PORT, ntohs(s4->sin_port)))
			return -EMSGSIZE;
	} else {
		if (nla_put(msg, TQUIC_ADDR_A_ADDR6, 16, &s6->sin6_addr) ||
		    nla_put_u16(msg, TQUIC_ADDR_A_PORT, ntohs(s6->sin6_port)))
			return -EMSGSIZE;
	}
	if (ifindex && nla_put_u32(msg, TQUIC_ADDR_A_IFINDEX, ifindex))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int oxc_tquic_get_addr(struct nlattr *nest, struct sockaddr_storage *ss,
		       int *ifindex)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct nlattr *tb[TQUIC_ADDR_A_MAX + 1];
	uint16_t port;

	memset(ss, 0, sizeof(*ss));
	*ifindex = 0;
	if (!nest || nla_parse_nested(tb, TQUIC_ADDR_A_MAX, nest, NULL) ||
	    !tb[TQUIC_ADDR_A_FAMILY])
		return -EPROTO;
	port = tb[TQUIC_ADDR_A_PORT] ? nla_get_u16(tb[TQUIC_ADDR_A_PORT]) : 0;
	if (tb[TQUIC_ADDR_A_IFINDEX])
		*ifindex = nla_get_u32(tb[TQUIC_ADDR_A_IFINDEX]);
	switch (nla_get_u16(tb[TQUIC_ADDR_A_FAMILY])) {
	case AF_INET:
		if (!tb[TQUIC_ADDR_A_ADDR4] || nla_len(tb[TQUIC_ADDR_A_ADDR4]) != 4)
			return -EPROTO;
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, nla_data(tb[TQUIC_ADDR_A_ADDR4]), 4);
		s4->sin_port = htons(port);
		return 0;
	case AF_INET6:
		if (!tb[TQUIC_ADDR_A_ADDR6] ||
		    nla_len(tb[TQUIC_ADDR_A_ADDR6]) != 16)
			return -EPROTO;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, nla_data(tb[TQUIC_ADDR_A_ADDR6]), 16);
		s6->sin6_port = htons(port);
		return 0;
	}
	return -EPROTO;
}

void oxc_tquic_fmt_addr(struct nlattr *nest, char *buf, size_t len, int port)
{
	const struct sockaddr_in6 *s6;
	const struct sockaddr_in *s4;
	char ip[INET6_ADDRSTRLEN], dev[IF_NAMESIZE + 1] = "";
	struct sockaddr_storage ss;
	int ifindex;
	bool v6;

	buf[0] = '\0';
	if (oxc_tquic_get_addr(nest, &ss, &ifindex))
		return;
	s4 = (const struct sockaddr_in *)&ss;
	s6 = (const struct sockaddr_in6 *)&ss;
	v6 = ss.ss_family == AF_INET6;
	inet_ntop(ss.ss_family, v6 ? (const void *)&s6->sin6_addr :
		  (const void *)&s4->sin_addr, ip, sizeof(ip));
	if (ifindex) {
		dev[0] = '%';
		if (!if_indextoname(ifindex, dev + 1))
			snprintf(dev + 1, sizeof(dev) - 1, "%d", ifindex);
	}
	if (!port)
		snprintf(buf, len, "%s%s", ip, dev);
	else
		snprintf(buf, len, v6 ? "[%s%s]:%u" : "%s%s:%u", ip, dev,
			 ntohs(v6 ? s6->sin6_port : s4->sin_port));
}
