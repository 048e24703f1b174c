// SPDX-License-Identifier: GPL-2.0
/*
 * oxt_tool: packet tools for the oxtunnel selftests.
 *
 *   capture IFNAME PORT FILE [SECONDS]
 *	save the UDP payload of the first OxTunnel session packet (not a
 *	control message) to PORT seen on IFNAME
 *   send HOST PORT FILE MUTATION
 *	send FILE, changed by MUTATION, as one UDP datagram:
 *	  replay        unchanged
 *	  tag           last byte flipped (a forged tag)
 *	  index         receiver index flipped (no such session)
 *	  magic         first byte flipped
 *	  truncated     only the first 5 bytes
 *	  length-long   length field one more than the payload
 *	  length-short  length field one less than the payload
 *	  oversized     65507 bytes, more than a length field can describe
 *	  flags         unknown flag 0x80 set
 *	  compressed    the compressed flag (0x02) set
 *	  shared-length the shared-header flag (0x20) with a length
 *	  shared-sealed the shared-header flag, length 0, on a sealed packet
 *	  init-garbage  a HANDSHAKE_INIT of the right size, random content
 *	  init-short    a HANDSHAKE_INIT one byte short
 *	  control-type  a control message of unknown type 0x09
 *   flood HOST PORT PUBKEY COUNT
 *	COUNT HANDSHAKE_INITs with a valid mac1 for PUBKEY (base64) and
 *	random content: each costs the responder a Diffie-Hellman
 *   gso HOST PORT SEGSIZE COUNT
 *	one UDP_SEGMENT send: COUNT datagrams of SEGSIZE bytes
 *   udpsink PORT SECONDS [COUNT]
 *	count the UDP datagrams that reach PORT for SECONDS (or until
 *	COUNT have come); prints "datagrams bytes"
 *   pmtu HOST PORT SIZE
 *	send SIZE-byte UDP datagrams with path MTU discovery on until the
 *	kernel refuses with EMSGSIZE; prints the path MTU it learned
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/udp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "blake2s.h"

#define OXT_HDR_LEN	9
#define OXT_F_COMPRESSED 0x02
#define OXT_F_CONTROL	0x08
#define OXT_F_SHARED	0x20
#define OXT_INIT_LEN	(OXT_HDR_LEN + 1 + 4 + 32 + 48 + 28 + 16 + 16)
#define MAX_DGRAM	65507

#ifndef SOL_UDP
#define SOL_UDP		17
#endif

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: see the comment at the top of oxt_tool.c\n");
	exit(2);
}

static int host_addr(const char *host, int port, struct sockaddr_storage *ss,
		     socklen_t *len)
{
	struct sockaddr_in6 *s6 = (void *)ss;
	struct sockaddr_in *s4 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return AF_INET6;
	}
	fprintf(stderr, "bad address %s\n", host);
	exit(2);
}

static int udp_to(const char *host, int port, struct sockaddr_storage *ss,
		  socklen_t *len)
{
	int fd = socket(host_addr(host, port, ss, len), SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket");
	return fd;
}

static void put_hdr(uint8_t *p, uint8_t flags, uint32_t seq, uint16_t len)
{
	p[0] = 0x4f;
	p[1] = 0x58;
	p[2] = flags;
	p[3] = seq >> 24;
	p[4] = seq >> 16;
	p[5] = seq >> 8;
	p[6] = seq;
	p[7] = len >> 8;
	p[8] = len;
}

static void random_fill(void *p, size_t n)
{
	if (getrandom(p, n, 0) != (ssize_t)n)
		die("getrandom");
}

/* A UDP payload that is an OxTunnel session packet? */
static int is_session(const uint8_t *p, size_t n)
{
	return n >= OXT_HDR_LEN + 4 && p[0] == 0x4f && p[1] == 0x58 &&
	       !(p[2] & OXT_F_CONTROL) &&
	       (size_t)((p[7] << 8) | p[8]) == n - OXT_HDR_LEN;
}

static int do_capture(int argc, char **argv)
{
	int port, secs = 10, fd, ifindex;
	struct sockaddr_ll sll = { 0 };
	uint8_t buf[65536];
	time_t end;
	FILE *f;

	if (argc < 3)
		usage();
	port = atoi(argv[1]);
	if (argc > 3)
		secs = atoi(argv[3]);
	ifindex = if_nametoindex(argv[0]);
	if (!ifindex)
		die(argv[0]);
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (fd < 0)
		die("packet socket");
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex;
	if (bind(fd, (void *)&sll, sizeof(sll)))
		die("bind");
	end = time(NULL) + secs;
	while (time(NULL) < end) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		size_t off, ulen;
		const uint8_t *u;
		uint8_t proto;
		ssize_t n;

		if (poll(&pfd, 1, 500) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 1)
			continue;
		if ((buf[0] >> 4) == 4 && n >= 20) {
			off = (buf[0] & 15) * 4;
			proto = buf[9];
		} else if ((buf[0] >> 4) == 6 && n >= 40) {
			off = 40;
			proto = buf[6];
		} else {
			continue;
		}
		if (proto != IPPROTO_UDP || (size_t)n < off + 8)
			continue;
		u = buf + off;
		if (((u[2] << 8) | u[3]) != port)
			continue;
		ulen = ((u[4] << 8) | u[5]);
		if (ulen < 8 || off + ulen > (size_t)n)
			continue;
		if (!is_session(u + 8, ulen - 8))
			continue;
		f = fopen(argv[2], "w");
		if (!f || fwrite(u + 8, 1, ulen - 8, f) != ulen - 8 ||
		    fclose(f))
			die(argv[2]);
		return 0;
	}
	fprintf(stderr, "no session packet to port %d on %s\n", port,
		argv[0]);
	return 1;
}

static size_t mutate(uint8_t *p, size_t n, const char *how)
{
	if (!strcmp(how, "replay"))
		return n;
	if (!strcmp(how, "tag")) {
		p[n - 1] ^= 0x5a;
		return n;
	}
	if (!strcmp(how, "index")) {
		p[OXT_HDR_LEN] ^= 0xff;
		p[OXT_HDR_LEN + 1] ^= 0xff;
		p[OXT_HDR_LEN + 2] ^= 0xff;
		p[OXT_HDR_LEN + 3] ^= 0xff;
		return n;
	}
	if (!strcmp(how, "magic")) {
		p[0] ^= 0xff;
		return n;
	}
	if (!strcmp(how, "truncated"))
		return 5;
	if (!strcmp(how, "length-long")) {
		put_hdr(p, p[2], 7, n - OXT_HDR_LEN + 1);
		return n;
	}
	if (!strcmp(how, "length-short")) {
		put_hdr(p, p[2], 7, n - OXT_HDR_LEN - 1);
		return n;
	}
	if (!strcmp(how, "oversized")) {
		random_fill(p + OXT_HDR_LEN, MAX_DGRAM - OXT_HDR_LEN);
		put_hdr(p, p[2], 7, 0xffff);
		return MAX_DGRAM;
	}
	if (!strcmp(how, "flags")) {
		p[2] |= 0x80;
		return n;
	}
	if (!strcmp(how, "compressed")) {
		p[2] |= OXT_F_COMPRESSED;
		return n;
	}
	if (!strcmp(how, "shared-length")) {
		p[2] |= OXT_F_SHARED;
		return n;
	}
	if (!strcmp(how, "shared-sealed")) {
		put_hdr(p, p[2] | OXT_F_SHARED, 7, 0);
		return n;
	}
	if (!strcmp(how, "init-garbage") || !strcmp(how, "init-short")) {
		size_t len = OXT_INIT_LEN - !strcmp(how, "init-short");

		random_fill(p, len);
		put_hdr(p, OXT_F_CONTROL, 0, len - OXT_HDR_LEN);
		p[OXT_HDR_LEN] = 1;
		return len;
	}
	if (!strcmp(how, "control-type")) {
		random_fill(p, 64);
		put_hdr(p, OXT_F_CONTROL, 0, 64 - OXT_HDR_LEN);
		p[OXT_HDR_LEN] = 9;
		return 64;
	}
	fprintf(stderr, "unknown mutation %s\n", how);
	exit(2);
}

static int do_send(int argc, char **argv)
{
	static uint8_t buf[MAX_DGRAM];
	struct sockaddr_storage ss;
	socklen_t slen;
	size_t n = 0;
	FILE *f;
	int fd;

	if (argc < 4)
		usage();
	fd = udp_to(argv[0], atoi(argv[1]), &ss, &slen);
	if (strcmp(argv[2], "-")) {
		f = fopen(argv[2], "r");
		if (!f)
			die(argv[2]);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (!is_session(buf, n)) {
			fprintf(stderr, "%s: not a session packet\n", argv[2]);
			return 1;
		}
	}
	n = mutate(buf, n, argv[3]);
	if (sendto(fd, buf, n, 0, (void *)&ss, slen) != (ssize_t)n)
		die("sendto");
	return 0;
}

static int b64_val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* A 44-character base64 key to its 32 bytes. */
static void b64_key(const char *s, uint8_t key[32])
{
	uint32_t acc = 0;
	int bits = 0, i, n = 0, v;

	if (strlen(s) != 44 || s[43] != '=')
		goto bad;
	for (i = 0; i < 43; i++) {
		v = b64_val(s[i]);
		if (v < 0)
			goto bad;
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			key[n++] = acc >> bits;
		}
	}
	if (n == 32)
		return;
bad:
	fprintf(stderr, "bad key %s\n", s);
	exit(2);
}

static int do_flood(int argc, char **argv)
{
	uint8_t pub[32], mac1_key[32], msg[OXT_INIT_LEN];
	uint8_t *mac1 = msg + OXT_INIT_LEN - 32;
	struct sockaddr_storage ss;
	long count, i, sent = 0;
	socklen_t slen;
	struct b2s s;
	int fd;

	if (argc < 4)
		usage();
	fd = udp_to(argv[0], atoi(argv[1]), &ss, &slen);
	b64_key(argv[2], pub);
	count = atol(argv[3]);
	b2s_init(&s, 32, NULL, 0);
	b2s_update(&s, "mac1----", 8);
	b2s_update(&s, pub, 32);
	b2s_final(&s, mac1_key);
	for (i = 0; i < count; i++) {
		random_fill(msg, sizeof(msg));
		put_hdr(msg, OXT_F_CONTROL, 0, OXT_INIT_LEN - OXT_HDR_LEN);
		msg[OXT_HDR_LEN] = 1;
		b2s(mac1, 16, mac1_key, 32, msg, mac1 - msg);
		memset(mac1 + 16, 0, 16);
		if (sendto(fd, msg, sizeof(msg), 0, (void *)&ss, slen) ==
		    sizeof(msg))
			sent++;
	}
	printf("%ld\n", sent);
	return sent == count ? 0 : 1;
}

static int do_gso(int argc, char **argv)
{
	static uint8_t buf[MAX_DGRAM];
	struct sockaddr_storage ss;
	int fd, seg, count;
	socklen_t slen;
	size_t n;

	if (argc < 4)
		usage();
	fd = udp_to(argv[0], atoi(argv[1]), &ss, &slen);
	seg = atoi(argv[2]);
	count = atoi(argv[3]);
	n = (size_t)seg * count;
	if (seg < 1 || count < 1 || count > 64 || n > sizeof(buf))
		usage();
	random_fill(buf, n);
	if (setsockopt(fd, SOL_UDP, UDP_SEGMENT, &seg, sizeof(seg)))
		die("UDP_SEGMENT");
	if (sendto(fd, buf, n, 0, (void *)&ss, slen) != (ssize_t)n)
		die("sendto");
	return 0;
}

static int do_udpsink(int argc, char **argv)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	static uint8_t buf[65536];
	long dgrams = 0, bytes = 0, want = 0;
	int fd, off = 0;
	time_t end;

	if (argc < 2)
		usage();
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	sin6.sin6_port = htons(atoi(argv[0]));
	if (bind(fd, (void *)&sin6, sizeof(sin6)))
		die("bind");
	/* Ready: the caller may start sending. */
	printf("ready\n");
	fflush(stdout);
	end = time(NULL) + atoi(argv[1]);
	if (argc > 2)
		want = atol(argv[2]);
	while (time(NULL) < end && (!want || dgrams < want)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n >= 0) {
			dgrams++;
			bytes += n;
		}
	}
	printf("%ld %ld\n", dgrams, bytes);
	return 0;
}

static int do_pmtu(int argc, char **argv)
{
	static uint8_t buf[MAX_DGRAM];
	struct sockaddr_storage ss;
	int fd, size, i, v6, mtu = 0;
	socklen_t slen, mlen = sizeof(mtu);

	if (argc < 3)
		usage();
	fd = udp_to(argv[0], atoi(argv[1]), &ss, &slen);
	v6 = ss.ss_family == AF_INET6;
	size = atoi(argv[2]);
	if (size < 1 || size > MAX_DGRAM)
		usage();
	i = v6 ? IPV6_PMTUDISC_DO : IP_PMTUDISC_DO;
	if (setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
		       v6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER, &i, sizeof(i)))
		die("MTU_DISCOVER");
	if (connect(fd, (void *)&ss, slen))
		die("connect");
	for (i = 0; i < 50; i++) {
		if (send(fd, buf, size, 0) < 0) {
			if (errno != EMSGSIZE)
				die("send");
			break;
		}
		usleep(100000);
	}
	if (getsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
		       v6 ? IPV6_MTU : IP_MTU, &mtu, &mlen))
		die("getsockopt MTU");
	printf("%d\n", mtu);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "capture"))
		return do_capture(argc - 2, argv + 2);
	if (!strcmp(argv[1], "send"))
		return do_send(argc - 2, argv + 2);
	if (!strcmp(argv[1], "flood"))
		return do_flood(argc - 2, argv + 2);
	if (!strcmp(argv[1], "gso"))
		return do_gso(argc - 2, argv + 2);
	if (!strcmp(argv[1], "udpsink"))
		return do_udpsink(argc - 2, argv + 2);
	if (!strcmp(argv[1], "pmtu"))
		return do_pmtu(argc - 2, argv + 2);
	usage();
	return 2;
}
