// SPDX-License-Identifier: GPL-2.0
/*
 * QUIC sockets: creation for both families and types (and the module
 * autoloading on socket()), bind sharing one kernel UDP socket per
 * address (only among sockets of one user, privileged ports only with
 * CAP_NET_BIND_SERVICE, one listener at a time), port 0, address
 * conflicts, per-netns separation, the SOL_QUIC
 * options with their bounds, and what the receive path does with
 * datagrams before any connection exists: Version Negotiation for
 * unknown versions (only to listeners, only for 1200-byte datagrams),
 * malformed packets and packets for unknown connection IDs counted in
 * /proc/net/tquic/stats.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/tquic.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "stats.h"

/* Kernel UDP sockets bound to @port in this netns (/proc/net/udp{,6}). */
static int udp_socks_on(unsigned short port)
{
	static const char * const files[] = { "/proc/net/udp",
					      "/proc/net/udp6" };
	char line[512], want[8];
	int n = 0;
	size_t i;

	snprintf(want, sizeof(want), ":%04X", port);
	for (i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");

		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			/* "sl: local_address rem_address ...": the port
			 * follows the second colon.
			 */
			char *local = strchr(line, ':');

			if (local)
				local = strchr(local + 1, ':');
			if (local && !strncmp(local, want, 5))
				n++;
		}
		fclose(f);
	}
	return n;
}

static int quic4(void)
{
	return socket(AF_INET, SOCK_DGRAM, IPPROTO_QUIC);
}

static struct sockaddr_in lo4(unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static unsigned short bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return 0;
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* nobody: a user without any capability */
#define NOBODY	65534

/* Bind a new QUIC socket to 127.0.0.1:@port.  Return: 0 or errno. */
static int bind_new(unsigned short port, int *fdp)
{
	struct sockaddr_in a = lo4(port);
	int fd = quic4();

	if (fd < 0)
		return 255;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		int err = errno;

		close(fd);
		return err;
	}
	if (fdp)
		*fdp = fd;
	else
		close(fd);
	return 0;
}

/* What a child gets from bind_new(@port) as user @uid (capabilities
 * gone with the uid, as for any process that drops root), or with @uid
 * -1 as root without CAP_NET_BIND_SERVICE.
 */
static int child_bind(uid_t uid, unsigned short port)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (uid == (uid_t)-1) {
			if (syscall(SYS_capget, &h, d))
				_exit(254);
			d[0].effective &= ~(1u << CAP_NET_BIND_SERVICE);
			if (syscall(SYS_capset, &h, d))
				_exit(254);
		} else if (setgroups(0, NULL) ||
			   setresgid(uid, uid, uid) ||
			   setresuid(uid, uid, uid)) {
			_exit(254);
		}
		_exit(bind_new(port, NULL));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(qs) {
	int fd;
};

FIXTURE_SETUP(qs)
{
	/* No modprobe: socket() must load tquic by its alias. */
	system("rmmod tquic 2>/dev/null");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	self->fd = quic4();
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(qs)
{
	close(self->fd);
}

TEST_F(qs, families_and_types)
{
	int types[] = { SOCK_DGRAM, SOCK_STREAM }, fams[] = { AF_INET,
							      AF_INET6 };
	size_t i, j;
	int fd;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++) {
			fd = socket(fams[i], types[j], IPPROTO_QUIC);
			EXPECT_LE(0, fd);
			close(fd);
		}
	EXPECT_EQ(-1, socket(AF_INET, SOCK_SEQPACKET, IPPROTO_QUIC));
	/* Not connected: nothing to send or receive yet. */
	EXPECT_EQ(-1, send(self->fd, "x", 1, 0));
	EXPECT_EQ(ENOTCONN, errno);
}

TEST_F(qs, bind_shares_one_udp_socket)
{
	struct sockaddr_in a = lo4(0);
	unsigned short port;
	int fd2;

	ASSERT_EQ(0, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	port = bound_port(self->fd);
	ASSERT_NE(0, port);
	EXPECT_EQ(1, udp_socks_on(port));

	/* A second QUIC socket on the same address shares it. */
	fd2 = quic4();
	a = lo4(port);
	ASSERT_EQ(0, bind(fd2, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(port, bound_port(fd2));
	EXPECT_EQ(1, udp_socks_on(port));
	/* Bound twice: refused. */
	EXPECT_EQ(-1, bind(fd2, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(EINVAL, errno);

	close(fd2);
	EXPECT_EQ(1, udp_socks_on(port));
	close(self->fd);
	self->fd = quic4();
	EXPECT_EQ(0, udp_socks_on(port));
}

TEST_F(qs, bind_errors)
{
	struct sockaddr_in a = lo4(0), b;
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	int udp = socket(AF_INET, SOCK_DGRAM, 0);

	/* A plain UDP socket holds the port: EADDRINUSE. */
	ASSERT_EQ(0, bind(udp, (struct sockaddr *)&a, sizeof(a)));
	b = lo4(bound_port(udp));
	EXPECT_EQ(-1, bind(self->fd, (struct sockaddr *)&b, sizeof(b)));
	EXPECT_EQ(EADDRINUSE, errno);
	close(udp);
	/* Wrong family, short address */
	EXPECT_EQ(-1, bind(self->fd, (struct sockaddr *)&a6, sizeof(a6)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	EXPECT_EQ(-1, bind(self->fd, (struct sockaddr *)&a, 4));
	EXPECT_EQ(EINVAL, errno);
	/* An address this host does not have */
	a.sin_addr.s_addr = inet_addr("192.0.2.1");
	EXPECT_EQ(-1, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
}

TEST_F(qs, ipv6_bind)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in6 got;
	socklen_t len = sizeof(got);
	int fd = socket(AF_INET6, SOCK_DGRAM, IPPROTO_QUIC);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(0, getsockname(fd, (struct sockaddr *)&got, &len));
	EXPECT_NE(0, got.sin6_port);
	EXPECT_EQ(0, memcmp(&got.sin6_addr, &in6addr_loopback, 16));
	EXPECT_EQ(1, udp_socks_on(ntohs(got.sin6_port)));
	close(fd);
}

TEST_F(qs, netns_apart)
{
	struct sockaddr_in a = lo4(0);
	unsigned short port;
	int fd2;

	ASSERT_EQ(0, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	port = bound_port(self->fd);
	/* Another netns has its own UDP sockets: the same port is free. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	EXPECT_EQ(0, udp_socks_on(port));
	fd2 = quic4();
	a = lo4(port);
	EXPECT_EQ(0, bind(fd2, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(1, udp_socks_on(port));
	close(fd2);
}

/*
 * Like SO_REUSEPORT: only the user who made the UDP socket shares it.
 * Without that any local user could bind a root server's address and
 * port and, listening there, take its new connections.
 */
TEST_F(qs, bind_other_user_refused)
{
	struct sockaddr_in a = lo4(0);
	unsigned short port, mine;
	int fd2, fd3;

	ASSERT_EQ(0, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	port = bound_port(self->fd);
	ASSERT_NE(0, port);
	EXPECT_EQ(EADDRINUSE, child_bind(NOBODY, port));
	EXPECT_EQ(1, udp_socks_on(port));
	/* Root's own sockets still share it. */
	EXPECT_EQ(0, bind_new(port, NULL));

	/* And the other way round: root does not share nobody's. */
	ASSERT_EQ(0, setegid(NOBODY));
	ASSERT_EQ(0, seteuid(NOBODY));
	fd2 = -1;
	EXPECT_EQ(0, bind_new(0, &fd2));
	mine = bound_port(fd2);
	/* nobody's own sockets share it. */
	fd3 = -1;
	EXPECT_EQ(0, bind_new(mine, &fd3));
	EXPECT_EQ(mine, bound_port(fd3));
	ASSERT_EQ(0, seteuid(0));
	ASSERT_EQ(0, setegid(0));
	EXPECT_EQ(1, udp_socks_on(mine));
	EXPECT_EQ(EADDRINUSE, bind_new(mine, NULL));
	close(fd3);
	close(fd2);
	/* Once nobody's socket is gone the port is anyone's. */
	EXPECT_EQ(0, udp_socks_on(mine));
	EXPECT_EQ(0, bind_new(mine, NULL));
}

/*
 * A port below net.ipv4.ip_unprivileged_port_start needs
 * CAP_NET_BIND_SERVICE for every bind, also one that shares a UDP socket.
 */
TEST_F(qs, privileged_port_needs_capability)
{
	struct sockaddr_in a = lo4(443);
	FILE *f;

	ASSERT_EQ(0, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(EACCES, child_bind(NOBODY, 443));
	/* A free privileged port: the same (the UDP layer's own check) */
	EXPECT_EQ(EACCES, child_bind(NOBODY, 444));
	/* Root without the capability may not share its own socket. */
	EXPECT_EQ(EACCES, child_bind(-1, 443));
	EXPECT_EQ(0, bind_new(443, NULL));
	EXPECT_EQ(1, udp_socks_on(443));

	/* The netns's sysctl decides what is privileged. */
	f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "w");
	ASSERT_NE(NULL, f);
	fputs("0\n", f);
	ASSERT_EQ(0, fclose(f));
	EXPECT_EQ(0, child_bind(-1, 443));
	EXPECT_EQ(EADDRINUSE, child_bind(NOBODY, 443));
}

/*
 * One QUIC socket at a time listens on a UDP socket: the newest would
 * take every new connection from the first.
 */
TEST_F(qs, one_listener_per_port)
{
	struct sockaddr_in a = lo4(0);
	unsigned short port;
	int fd2;

	ASSERT_EQ(0, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	port = bound_port(self->fd);
	a = lo4(port);
	fd2 = quic4();
	ASSERT_EQ(0, bind(fd2, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(0, listen(self->fd, 8));
	EXPECT_EQ(-1, listen(fd2, 8));
	EXPECT_EQ(EADDRINUSE, errno);
	/* Listening again changes the backlog only. */
	EXPECT_EQ(0, listen(self->fd, 16));
	/* The second socket is no listener. */
	EXPECT_EQ(-1, accept(fd2, NULL, NULL));
	EXPECT_EQ(EINVAL, errno);
	/* Once the first one is gone, the second listens. */
	close(self->fd);
	self->fd = quic4();
	EXPECT_EQ(0, listen(fd2, 8));
	close(fd2);
}

TEST_F(qs, alpn_option)
{
	char buf[TQUIC_ALPN_MAX + 8];
	socklen_t len = sizeof(buf);
	char big[TQUIC_ALPN_MAX + 1];

	EXPECT_EQ(0, setsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN,
				"h3,hq-interop", 13));
	ASSERT_EQ(0, getsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN, buf,
				&len));
	EXPECT_EQ(13, len);
	EXPECT_EQ(0, memcmp(buf, "h3,hq-interop", 13));
	/* empty list, empty name, embedded NUL, too long */
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN,
				 "", 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN,
				 "h3,,x", 5));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN,
				 "h3\0x", 4));
	EXPECT_EQ(EINVAL, errno);
	memset(big, 'a', sizeof(big));
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN,
				 big, sizeof(big)));
	EXPECT_EQ(EINVAL, errno);
	/* the old value stays; a short buffer is refused */
	len = 4;
	EXPECT_EQ(-1, getsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN, buf,
				 &len));
	EXPECT_EQ(EINVAL, errno);
	/* unknown option */
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC, 999, buf, 4));
	EXPECT_EQ(ENOPROTOOPT, errno);
}

TEST_F(qs, transport_param_option)
{
	struct tquic_transport_param tp, got;
	socklen_t len = sizeof(got);
	FILE *f;

	/* Defaults come from this netns' sysctls. */
	f = fopen("/proc/sys/net/tquic/max_udp_payload", "w");
	ASSERT_NE(NULL, f);
	fputs("1400", f);
	fclose(f);
	close(self->fd);
	self->fd = quic4();
	ASSERT_EQ(0, getsockopt(self->fd, SOL_QUIC,
				TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp, &len));
	EXPECT_EQ(sizeof(tp), len);
	EXPECT_EQ(1400, tp.max_udp_payload_size);
	EXPECT_LE(2, tp.active_connection_id_limit);
	EXPECT_EQ(1, tp.multipath);	/* net.tquic.multipath_enabled */
	EXPECT_EQ(8, tp.max_paths);	/* net.tquic.max_paths */

	tp.max_data = 1 << 24;
	tp.max_streams_bidi = 10;
	tp.max_datagram_frame_size = 1200;
	EXPECT_EQ(0, setsockopt(self->fd, SOL_QUIC,
				TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp,
				sizeof(tp)));
	len = sizeof(got);
	ASSERT_EQ(0, getsockopt(self->fd, SOL_QUIC,
				TQUIC_SOCKOPT_TRANSPORT_PARAM, &got, &len));
	EXPECT_EQ(0, memcmp(&tp, &got, sizeof(tp)));

	/* Out of RFC 9000 range: refused, old value kept. */
	got = tp;
	got.max_udp_payload_size = 1199;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	EXPECT_EQ(EINVAL, errno);
	got = tp;
	got.ack_delay_exponent = 21;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	got = tp;
	got.max_ack_delay = 1 << 14;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	got = tp;
	got.active_connection_id_limit = 1;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	got = tp;
	got.max_streams_uni = (1ULL << 60) + 1;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	got = tp;
	got.multipath = 2;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	EXPECT_EQ(EINVAL, errno);
	got = tp;
	got.max_paths = 0;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	got = tp;
	got.max_paths = 17;
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &got,
				 sizeof(got)));
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC,
				 TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp, 8));
	len = sizeof(got);
	ASSERT_EQ(0, getsockopt(self->fd, SOL_QUIC,
				TQUIC_SOCKOPT_TRANSPORT_PARAM, &got, &len));
	EXPECT_EQ(0, memcmp(&tp, &got, sizeof(tp)));
}

TEST_F(qs, version_option)
{
	unsigned int v = 0;
	socklen_t len = sizeof(v);

	ASSERT_EQ(0, getsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_VERSION, &v,
				&len));
	EXPECT_EQ(TQUIC_VERSION_V1, v);
	v = TQUIC_VERSION_V2;
	EXPECT_EQ(0, setsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_VERSION, &v,
				sizeof(v)));
	v = 0x709a50c4;		/* the v2 draft */
	EXPECT_EQ(-1, setsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_VERSION,
				 &v, sizeof(v)));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
	ASSERT_EQ(0, getsockopt(self->fd, SOL_QUIC, TQUIC_SOCKOPT_VERSION, &v,
				&len));
	EXPECT_EQ(TQUIC_VERSION_V2, v);
}

/* A long header Initial-like datagram of @len bytes with @version. */
static size_t long_hdr(unsigned char *p, size_t len, unsigned int version)
{
	static const unsigned char dcid[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const unsigned char scid[] = { 0xa, 0xb, 0xc, 0xd, 0xe };
	size_t n = 0;

	memset(p, 0, len);
	p[n++] = 0xc3;
	p[n++] = version >> 24;
	p[n++] = version >> 16;
	p[n++] = version >> 8;
	p[n++] = version;
	p[n++] = sizeof(dcid);
	memcpy(p + n, dcid, sizeof(dcid));
	n += sizeof(dcid);
	p[n++] = sizeof(scid);
	memcpy(p + n, scid, sizeof(scid));
	return len;
}

static int wait_reply(int fd, unsigned char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 1000) != 1)
		return -1;
	return recv(fd, buf, len, 0);
}

TEST_F(qs, version_negotiation)
{
	struct sockaddr_in a = lo4(0);
	unsigned char pkt[1200], rep[256];
	long long vn0, ver0, mal0, noc0, rst0;
	int c, n, i, seen_v1 = 0, seen_v2 = 0;

	ASSERT_EQ(0, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	a = lo4(bound_port(self->fd));
	c = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&a, sizeof(a)));
	vn0 = tquic_stat("VersionNegotiationSent");
	ver0 = tquic_stat("DropUnknownVersion");

	/* Not listening: counted, not answered. */
	long_hdr(pkt, sizeof(pkt), 0x1a2a3a4a);
	ASSERT_EQ(sizeof(pkt), send(c, pkt, sizeof(pkt), 0));
	EXPECT_EQ(-1, wait_reply(c, rep, sizeof(rep)));
	EXPECT_EQ(ver0 + 1, tquic_stat("DropUnknownVersion"));

	ASSERT_EQ(0, listen(self->fd, 8));
	ASSERT_EQ(sizeof(pkt), send(c, pkt, sizeof(pkt), 0));
	n = wait_reply(c, rep, sizeof(rep));
	ASSERT_EQ(1 + 4 + 1 + 5 + 1 + 8 + 12, n);
	EXPECT_EQ(0x80, rep[0] & 0x80);
	EXPECT_EQ(0, rep[1] | rep[2] | rep[3] | rep[4]);
	/* IDs swapped: our SCID is its DCID and the other way round. */
	EXPECT_EQ(5, rep[5]);
	EXPECT_EQ(0, memcmp(rep + 6, pkt + 15, 5));
	EXPECT_EQ(8, rep[11]);
	EXPECT_EQ(0, memcmp(rep + 12, pkt + 6, 8));
	for (i = 20; i + 4 <= n; i += 4) {
		unsigned int v = (rep[i] << 24) | (rep[i + 1] << 16) |
				 (rep[i + 2] << 8) | rep[i + 3];

		seen_v1 |= v == TQUIC_VERSION_V1;
		seen_v2 |= v == TQUIC_VERSION_V2;
	}
	EXPECT_TRUE(seen_v1 && seen_v2);
	EXPECT_EQ(vn0 + 1, tquic_stat("VersionNegotiationSent"));

	/* Under 1200 bytes: never answered (no amplification). */
	ASSERT_EQ(1199, send(c, pkt, 1199, 0));
	EXPECT_EQ(-1, wait_reply(c, rep, sizeof(rep)));
	EXPECT_EQ(vn0 + 1, tquic_stat("VersionNegotiationSent"));

	/* Malformed: connection ID of 21 bytes. */
	mal0 = tquic_stat("DropMalformed");
	long_hdr(pkt, sizeof(pkt), 1);
	pkt[5] = 21;
	ASSERT_EQ(sizeof(pkt), send(c, pkt, sizeof(pkt), 0));
	EXPECT_EQ(-1, wait_reply(c, rep, sizeof(rep)));
	EXPECT_EQ(mal0 + 1, tquic_stat("DropMalformed"));

	/*
	 * A short header for a connection nobody has: dropped, and answered
	 * with a shorter stateless reset (RFC 9000, 10.3; see stream_test).
	 */
	noc0 = tquic_stat("DropNoConnection");
	rst0 = tquic_stat("StatelessResetSent");
	memset(pkt, 0x41, 60);
	ASSERT_EQ(60, send(c, pkt, 60, 0));
	n = wait_reply(c, rep, sizeof(rep));
	EXPECT_LE(21, n);
	EXPECT_GT(60, n);
	EXPECT_EQ(0x40, rep[0] & 0xc0);
	EXPECT_EQ(noc0 + 1, tquic_stat("DropNoConnection"));
	EXPECT_EQ(rst0 + 1, tquic_stat("StatelessResetSent"));
	/* Closing the listener stops the answers. */
	close(self->fd);
	self->fd = quic4();
	close(c);
}

TEST(module_refcount)
{
	int fd, i;

	/* An open QUIC socket pins the module; closing it frees it. */
	fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_QUIC);
	ASSERT_LE(0, fd);
	EXPECT_NE(0, system("rmmod tquic 2>/dev/null"));
	close(fd);
	/* Connections of earlier tests may still be in their closing
	 * periods (three PTOs): they pin the module until then.
	 */
	for (i = 0; i < 100; i++) {
		if (!system("rmmod tquic 2>/dev/null"))
			break;
		usleep(100000);
	}
	EXPECT_GT(100, i);
}

TEST_HARNESS_MAIN
