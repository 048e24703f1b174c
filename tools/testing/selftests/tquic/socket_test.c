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
 * /proc/net/tquic/stats; datagrams with a bad UDP checksum counted by
 * tquic and UDP; a flood of forged 0-RTT packets that does not keep real
 * Initials from a listener.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/tquic.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "quic.h"
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

/*
 * UDP counter @name of this netns: the "Udp:" lines of /proc/net/snmp,
 * or with @v6 "Udp6@name" in /proc/net/snmp6.  -1 when missing.
 */
static long long udp_mib(int v6, const char *name)
{
	static const char sep[] = "\n ";
	char keys[1024], vals[1024], want[64], *k, *v, *ks, *vs;
	long long ret = -1, x;
	FILE *f;

	f = fopen(v6 ? "/proc/net/snmp6" : "/proc/net/snmp", "r");
	if (!f)
		return -1;
	snprintf(want, sizeof(want), "Udp6%s", name);
	while (fgets(keys, sizeof(keys), f)) {
		if (v6) {
			if (sscanf(keys, "%63s %lld", vals, &x) == 2 &&
			    !strcmp(vals, want)) {
				ret = x;
				break;
			}
			continue;
		}
		if (strncmp(keys, "Udp: ", 5))
			continue;
		if (!fgets(vals, sizeof(vals), f))
			break;
		k = strtok_r(keys + 5, sep, &ks);
		v = strtok_r(vals + 5, sep, &vs);
		for (; k && v; k = strtok_r(NULL, sep, &ks),
		     v = strtok_r(NULL, sep, &vs)) {
			if (!strcmp(k, name)) {
				ret = atoll(v);
				break;
			}
		}
		break;
	}
	fclose(f);
	return ret;
}

static unsigned int csum_add(unsigned int sum, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

/*
 * A UDP datagram from port 9 to the loopback address of @v6, port
 * @port, with @len bytes of @payload, sent from a raw socket (so no
 * device marks its checksum verified), its UDP checksum right or, with
 * @bad, wrong.  Return: 0 or -1.
 */
static int raw_udp(int v6, unsigned short port, const void *payload,
		   size_t len, int bad)
{
	struct sockaddr_in6 d6 = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in d4 = lo4(0);
	unsigned char pkt[1500], pseudo[40] = {};
	unsigned int sum, ulen = 8 + len;
	unsigned short cs;
	int fd, ret;

	if (ulen > sizeof(pkt))
		return -1;
	pkt[0] = 0;
	pkt[1] = 9;
	pkt[2] = port >> 8;
	pkt[3] = port;
	pkt[4] = ulen >> 8;
	pkt[5] = ulen;
	pkt[6] = 0;
	pkt[7] = 0;
	memcpy(pkt + 8, payload, len);
	/* Pseudo header: both addresses loopback, protocol, length. */
	if (v6) {
		memcpy(pseudo, &d6.sin6_addr, 16);
		memcpy(pseudo + 16, &d6.sin6_addr, 16);
		pseudo[34] = ulen >> 8;
		pseudo[35] = ulen;
		pseudo[39] = IPPROTO_UDP;
		sum = csum_add(0, pseudo, 40);
	} else {
		memcpy(pseudo, &d4.sin_addr, 4);
		memcpy(pseudo + 4, &d4.sin_addr, 4);
		pseudo[9] = IPPROTO_UDP;
		pseudo[10] = ulen >> 8;
		pseudo[11] = ulen;
		sum = csum_add(0, pseudo, 12);
	}
	sum = csum_add(sum, pkt, ulen);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	cs = ~sum;
	if (!cs)
		cs = 0xffff;
	if (bad)	/* never 0, which would mean "none" in IPv4 */
		cs = cs == 0x1234 ? 0x4321 : 0x1234;
	pkt[6] = cs >> 8;
	pkt[7] = cs;

	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, IPPROTO_UDP);
	if (fd < 0)
		return -1;
	if (v6)
		ret = sendto(fd, pkt, ulen, 0, (struct sockaddr *)&d6,
			     sizeof(d6));
	else
		ret = sendto(fd, pkt, ulen, 0, (struct sockaddr *)&d4,
			     sizeof(d4));
	close(fd);
	return ret == (int)ulen ? 0 : -1;
}

/*
 * A datagram with a bad UDP checksum to a port QUIC sockets are bound
 * to: with net.tquic.gro 1 tquic checks it as it reads the UDP socket's
 * queue and counts it in DropChecksum and in UDP's InCsumErrors and
 * InErrors (of its IP version); with gro 0 UDP checks it before
 * encap_rcv and counts it there alone.  One with a right checksum is
 * counted in neither (it reaches tquic: DropMalformed).  IPv4 and IPv6.
 */
TEST_F(qs, udp_checksum_counted)
{
	/* A v1 Initial without the QUIC bit: malformed (RFC 9287 lets
	 * other packets clear it).  Over 76 bytes (CHECKSUM_BREAK): UDP
	 * checks shorter ones itself before it finds the socket.
	 */
	static const unsigned char junk[200] = { 0x80, 0, 0, 0, 1 };
	long long cs0, mal0, csum0, inerr0;
	int gro, v6, fd, err;

	for (gro = 1; gro >= 0; gro--) {
		ASSERT_EQ(0, tquic_sysctl_set("gro", gro ? "1" : "0"));
		for (v6 = 0; v6 <= 1; v6++) {
			struct sockaddr_in6 a6 = {
				.sin6_family = AF_INET6,
				.sin6_addr = IN6ADDR_LOOPBACK_INIT,
			};
			struct sockaddr_in a4 = lo4(0);
			unsigned short port;

			fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM,
				    IPPROTO_QUIC);
			ASSERT_LE(0, fd);
			if (v6)
				err = bind(fd, (struct sockaddr *)&a6,
					   sizeof(a6));
			else
				err = bind(fd, (struct sockaddr *)&a4,
					   sizeof(a4));
			ASSERT_EQ(0, err);
			port = bound_port(fd);
			ASSERT_NE(0, port);

			cs0 = tquic_stat("DropChecksum");
			mal0 = tquic_stat("DropMalformed");
			csum0 = udp_mib(v6, "InCsumErrors");
			inerr0 = udp_mib(v6, "InErrors");
			ASSERT_LE(0, csum0);
			ASSERT_LE(0, inerr0);

			/* Right checksum: reaches tquic, no checksum drop. */
			ASSERT_EQ(0, raw_udp(v6, port, junk, sizeof(junk), 0));
			EXPECT_EQ(mal0 + 1,
				  tquic_stat_reaches("DropMalformed", mal0 + 1))
				TH_LOG("gro %d, IPv%d", gro, v6 ? 6 : 4);
			EXPECT_EQ(cs0, tquic_stat("DropChecksum"));
			EXPECT_EQ(csum0, udp_mib(v6, "InCsumErrors"));

			/* Wrong checksum. */
			ASSERT_EQ(0, raw_udp(v6, port, junk, sizeof(junk), 1));
			if (gro) {
				EXPECT_EQ(cs0 + 1,
					  tquic_stat_reaches("DropChecksum", cs0 + 1))
					TH_LOG("gro 1, IPv%d", v6 ? 6 : 4);
			}
			EXPECT_EQ(csum0 + 1, udp_mib(v6, "InCsumErrors"))
				TH_LOG("gro %d, IPv%d", gro, v6 ? 6 : 4);
			EXPECT_EQ(inerr0 + 1, udp_mib(v6, "InErrors"));
			EXPECT_EQ(mal0 + 1, tquic_stat("DropMalformed"));
			if (!gro)
				EXPECT_EQ(cs0, tquic_stat("DropChecksum"));
			close(fd);
		}
	}
	ASSERT_EQ(0, tquic_sysctl_set("gro", "1"));
}

#define FLOOD_BATCH	32

/* A forged QUIC v1 0-RTT packet of @len bytes for a made-up 8-byte DCID */
static void forged_0rtt(unsigned char *p, size_t len, unsigned int seed)
{
	size_t n = 0, i, v;

	memset(p, 0, len);
	p[n++] = 0xd3;		/* long, fixed bit, 0-RTT, 4-byte number */
	p[n++] = 0;
	p[n++] = 0;
	p[n++] = 0;
	p[n++] = 1;
	p[n++] = 8;
	for (i = 0; i < 8; i++)
		p[n++] = rand_r(&seed);
	p[n++] = 0;		/* no SCID */
	v = len - n - 2;	/* Length: the rest, a 2-byte varint */
	p[n++] = 0x40 | (v >> 8);
	p[n++] = v;
}

/* Send forged 0-RTT packets to @dst as fast as possible, until killed. */
static void flood_0rtt(const struct sockaddr_in *dst)
{
	static unsigned char pkts[FLOOD_BATCH][1200];
	struct mmsghdr m[FLOOD_BATCH] = {};
	struct iovec iov[FLOOD_BATCH];
	int fd, i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)dst, sizeof(*dst)))
		_exit(1);
	for (i = 0; i < FLOOD_BATCH; i++) {
		forged_0rtt(pkts[i], sizeof(pkts[i]), getpid() * 64 + i);
		iov[i].iov_base = pkts[i];
		iov[i].iov_len = sizeof(pkts[i]);
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;)
		sendmmsg(fd, m, FLOOD_BATCH, 0);
}

/*
 * A flood of forged 0-RTT packets (for connection IDs nobody has) at a
 * listener with a backlog of 1 while clients connect one after another:
 * the 0-RTT packets waiting for their connections have a bound of their
 * own (ZeroRttDropped beyond it), so every client's Initial is taken and
 * none refused (ConnRejected).
 */
TEST_F(qs, zero_rtt_flood_keeps_initials)
{
	struct sockaddr_in a = lo4(0);
	long long rej0, rej, zd0, zd;
	unsigned char ch[300];
	int i, ok = 0, status;
	pid_t pid;

	ASSERT_EQ(0, bind(self->fd, (struct sockaddr *)&a, sizeof(a)));
	a = lo4(bound_port(self->fd));
	ASSERT_EQ(0, listen(self->fd, 1));
	quic_timeouts(self->fd, 5000);
	rej0 = tquic_stat("ConnRejected");
	zd0 = tquic_stat("ZeroRttDropped");

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		flood_0rtt(&a);
	/* Until the flood fills what may wait for the listener */
	tquic_stat_reaches("ZeroRttDropped", zd0 + 1);
	for (i = 0; i < 10; i++) {
		int cfd = quic4(), sfd;

		ASSERT_LE(0, cfd);
		quic_timeouts(cfd, 5000);
		quic_pattern(ch, sizeof(ch), i + 1);
		sfd = quic_open(self->fd, cfd, (struct sockaddr *)&a,
				sizeof(a), ch, sizeof(ch), 5000);
		if (sfd < 0) {
			TH_LOG("connection %d: %s: %s", i, quic_step,
			       strerror(errno));
			close(cfd);
			break;
		}
		ok++;
		close(sfd);
		close(cfd);
	}
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	zd = tquic_stat("ZeroRttDropped");
	rej = tquic_stat("ConnRejected");
	TH_LOG("%d of 10 accepted, ZeroRttDropped +%lld, ConnRejected +%lld",
	       ok, zd - zd0, rej - rej0);
	EXPECT_EQ(10, ok);
	EXPECT_EQ(rej0, rej);
	EXPECT_LT(zd0, zd);
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
