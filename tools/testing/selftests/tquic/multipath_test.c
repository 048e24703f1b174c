// SPDX-License-Identifier: GPL-2.0
/*
 * Multipath negotiation (draft-ietf-quic-multipath-21): two tquic ends
 * that both offer it (TQUIC_SOCKOPT_TRANSPORT_PARAM .multipath, default
 * net.tquic.multipath_enabled) use it, and announce max_paths - 1 as
 * their initial_max_path_id; once the handshake is confirmed each issues
 * a connection ID for every further path ID with
 * PATH_NEW_CONNECTION_ID.  Either end without it: single path, no
 * multipath frame sent.
 *
 * Paths: a client and a server in two netns joined by two veth pairs
 * (links a and b, each shaped with netem); the client opens a second
 * path over link b with TQUIC_SOCKOPT_PATH_ADD, it is validated, and a
 * transfer uses both (bytes per path from TQUIC_SOCKOPT_PATHS, the data
 * compared byte for byte); a backup path carries no data while the
 * first path works; every bad TQUIC_SOCKOPT_PATH_ADD is refused.  IPv4
 * and IPv6.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tquic.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "quic.h"
#include "stats.h"

#define WAIT_MS		10000

FIXTURE(mp) {
	int family;
	int lfd;
	struct sockaddr_storage laddr;
	socklen_t laddrlen;
	int cfd;
	int sfd;
};

FIXTURE_VARIANT(mp) {
	int family;
};

FIXTURE_VARIANT_ADD(mp, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(mp, ipv6) { .family = AF_INET6 };

static int mp_socket(struct _test_data_mp *self)
{
	int fd = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);

	if (fd >= 0)
		quic_timeouts(fd, WAIT_MS);
	return fd;
}

FIXTURE_SETUP(mp)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	self->family = variant->family;
	self->sfd = -1;
	self->lfd = -1;
	self->cfd = -1;
	quic_loopback(self->family, &self->laddr, &self->laddrlen);
}

/* Listener and client made now, so that sysctls set before apply. */
static int mp_listen(struct _test_data_mp *self)
{
	self->lfd = mp_socket(self);
	if (self->lfd < 0 ||
	    bind(self->lfd, (struct sockaddr *)&self->laddr, self->laddrlen) ||
	    getsockname(self->lfd, (struct sockaddr *)&self->laddr,
			&self->laddrlen) ||
	    listen(self->lfd, 4))
		return -1;
	self->cfd = mp_socket(self);
	return self->cfd < 0 ? -1 : 0;
}

FIXTURE_TEARDOWN(mp)
{
	if (self->sfd >= 0)
		close(self->sfd);
	if (self->cfd >= 0)
		close(self->cfd);
	if (self->lfd >= 0)
		close(self->lfd);
}

static int set_multipath(int fd, int on, int max_paths)
{
	struct tquic_transport_param tp;
	socklen_t len = sizeof(tp);

	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp, &len))
		return -1;
	tp.multipath = on;
	if (max_paths)
		tp.max_paths = max_paths;
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp,
			  sizeof(tp));
}

/* Stream data both ways until both ends hold @want path IDs' IDs of the
 * other: the PATH_NEW_CONNECTION_ID frames go with it.
 */
static int wait_path_cids(struct __test_metadata *_metadata,
			  struct _test_data_mp *self, unsigned int want)
{
	struct tquic_connection_info ci, si;
	unsigned char b[64];
	__u32 flags;
	__s64 id;
	int i;

	for (i = 0; i < 100; i++) {
		if (quic_stream_send(self->cfd, 0, 0, "ping", 4, 0) != 4 ||
		    quic_stream_recv(self->sfd, b, sizeof(b), &id, &flags,
				     NULL) <= 0 ||
		    quic_stream_send(self->sfd, 0, 0, "pong", 4, 0) != 4 ||
		    quic_stream_recv(self->cfd, b, sizeof(b), &id, &flags,
				     NULL) <= 0)
			return -1;
		if (quic_conn_info(self->cfd, &ci) || quic_conn_info(self->sfd, &si))
			return -1;
		if (ci.mp_peer_cids == want && si.mp_peer_cids == want)
			return 0;
		usleep(20000);
	}
	TH_LOG("client holds %u path IDs' IDs, server %u; want %u",
	       ci.mp_peer_cids, si.mp_peer_cids, want);
	return -1;
}

TEST_F(mp, negotiated)
{
	long long n0 = tquic_stat("MultipathConnections");
	struct tquic_connection_info ci, si;

	ASSERT_EQ(0, mp_listen(self));
	self->sfd = quic_connect_pair(self->lfd, self->cfd,
				      (struct sockaddr *)&self->laddr,
				      self->laddrlen, WAIT_MS);
	ASSERT_LE(0, self->sfd);
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(1, ci.multipath);
	EXPECT_EQ(1, si.multipath);
	/* net.tquic.max_paths 8: path IDs 0 to 7 */
	EXPECT_EQ(7, ci.max_path_id_local);
	EXPECT_EQ(7, ci.max_path_id_peer);
	EXPECT_EQ(7, si.max_path_id_local);
	EXPECT_EQ(7, si.max_path_id_peer);
	EXPECT_LE(2, tquic_stat("MultipathConnections") - n0);
	ASSERT_EQ(0, wait_path_cids(_metadata, self, 7));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(7, ci.mp_local_cids);
	EXPECT_EQ(7, si.mp_local_cids);
	EXPECT_EQ(TQUIC_INFO_ESTABLISHED, ci.state);
}

/* Each end's max_paths: IDs are issued for the path IDs both allow. */
TEST_F(mp, max_paths)
{
	struct tquic_connection_info ci, si;

	tquic_sysctl_set("max_paths", "3");
	ASSERT_EQ(0, mp_listen(self));
	tquic_sysctl_set("max_paths", "8");
	/* The sockets took net.tquic.max_paths when they were made; the
	 * client's is set to 5 by socket option.
	 */
	ASSERT_EQ(0, set_multipath(self->cfd, 1, 5));
	self->sfd = quic_connect_pair(self->lfd, self->cfd,
				      (struct sockaddr *)&self->laddr,
				      self->laddrlen, WAIT_MS);
	ASSERT_LE(0, self->sfd);
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(1, ci.multipath);
	EXPECT_EQ(4, ci.max_path_id_local);
	EXPECT_EQ(2, ci.max_path_id_peer);
	EXPECT_EQ(2, si.max_path_id_local);
	EXPECT_EQ(4, si.max_path_id_peer);
	ASSERT_EQ(0, wait_path_cids(_metadata, self, 2));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	EXPECT_EQ(2, ci.mp_local_cids);
}

/* One end without it: single path, nothing of multipath on the wire. */
TEST_F(mp, one_end_without)
{
	long long n0 = tquic_stat("MultipathConnections");
	struct tquic_connection_info ci, si;
	unsigned char b[16];
	__u32 flags;
	__s64 id;
	int k;

	for (k = 0; k < 2; k++) {
		ASSERT_EQ(0, mp_listen(self));
		/* k 0: the client does not offer it; 1: the server */
		ASSERT_EQ(0, set_multipath(k ? self->lfd : self->cfd, 0, 0));
		self->sfd = quic_connect_pair(self->lfd, self->cfd,
					      (struct sockaddr *)&self->laddr,
					      self->laddrlen, WAIT_MS);
		ASSERT_LE(0, self->sfd);
		ASSERT_EQ(5, quic_stream_send(self->cfd, 0, 0, "hello", 5, 0));
		ASSERT_EQ(5, quic_stream_recv(self->sfd, b, sizeof(b), &id,
					      &flags, NULL));
		ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
		ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
		EXPECT_EQ(0, ci.multipath);
		EXPECT_EQ(0, si.multipath);
		EXPECT_EQ(0, ci.mp_peer_cids + si.mp_peer_cids);
		EXPECT_EQ(0, ci.max_path_id_local + si.max_path_id_peer);
		close(self->sfd);
		close(self->cfd);
		close(self->lfd);
		self->sfd = -1;
		self->cfd = -1;
		self->lfd = -1;
	}
	EXPECT_EQ(n0, tquic_stat("MultipathConnections"));
	/* A bad value is refused */
	self->cfd = mp_socket(self);
	ASSERT_LE(0, self->cfd);
	EXPECT_EQ(-1, set_multipath(self->cfd, 2, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_multipath(self->cfd, 1, 17));
	EXPECT_EQ(EINVAL, errno);
}

static int run(struct __test_metadata *_metadata, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ret = system(cmd);
	if (ret)
		TH_LOG("%s: exit status %d", cmd, ret);
	return ret;
}

/* Link @l ("a" or "b", subnet @n) end @host in the current netns. */
static int link_end(struct __test_metadata *_metadata, char l, int n,
		    int host, const char *netem)
{
	return run(_metadata, "ip addr add 10.81.%d.%d/24 dev mp%c%d", n, host,
		   l, host - 1) ||
	       run(_metadata, "ip addr add fd81:%d::%d/64 dev mp%c%d nodad", n,
		   host, l, host - 1) ||
	       run(_metadata, "ip link set mp%c%d address 02:81:00:00:%02x:%02x",
		   l, host - 1, n, host) ||
	       run(_metadata, "ip link set mp%c%d up", l, host - 1) ||
	       run(_metadata, "tc qdisc add dev mp%c%d root netem limit 100 %s",
		   l, host - 1, netem);
}

static void mp_addr(int family, int n, int host, int port,
		    struct sockaddr_storage *ss)
{
	char a[32];

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (void *)ss;

		snprintf(a, sizeof(a), "10.81.%d.%d", n, host);
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		inet_pton(AF_INET, a, &s4->sin_addr);
	} else {
		struct sockaddr_in6 *s6 = (void *)ss;

		snprintf(a, sizeof(a), "fd81:%d::%d", n, host);
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		inet_pton(AF_INET6, a, &s6->sin6_addr);
	}
}

/*
 * The client here, the server (a listener on the wildcard address,
 * self->lfd) in a second netns, @n links a, b, c... between them (subnets
 * 1, 2, 3...), link i shaped with @q[i].  self->laddr: the server's
 * address on link a.
 */
static int links(struct __test_metadata *_metadata,
		 struct _test_data_mp *self, int n, const char *const *q)
{
	struct sockaddr_storage any = {};
	int here, there, ret = 0, i;

	here = open("/proc/self/ns/net", O_RDONLY);
	if (here < 0 || unshare(CLONE_NEWNET))
		return -1;
	there = open("/proc/self/ns/net", O_RDONLY);
	if (there < 0 || run(_metadata, "ip link set lo up") ||
	    setns(here, CLONE_NEWNET))
		return -1;
	for (i = 0; i < n; i++)
		if (run(_metadata,
			"ip link add mp%c0 type veth peer name mp%c1 netns /proc/%d/fd/%d",
			'a' + i, 'a' + i, getpid(), there) ||
		    link_end(_metadata, 'a' + i, i + 1, 1, q[i]))
			return -1;
	if (setns(there, CLONE_NEWNET))
		return -1;
	for (i = 0; i < n && !ret; i++)
		ret = link_end(_metadata, 'a' + i, i + 1, 2, q[i]);
	any.ss_family = self->family;
	self->lfd = mp_socket(self);
	if (!ret)
		ret = self->lfd < 0 ||
		      bind(self->lfd, (struct sockaddr *)&any,
			   self->family == AF_INET ?
			   sizeof(struct sockaddr_in) :
			   sizeof(struct sockaddr_in6)) ||
		      getsockname(self->lfd, (struct sockaddr *)&any,
				  &self->laddrlen) ||
		      listen(self->lfd, 4);
	if (setns(here, CLONE_NEWNET) || ret)
		return -1;
	close(here);
	close(there);
	mp_addr(self->family, 1, 2, ntohs(((struct sockaddr_in *)&any)->sin_port),
		&self->laddr);
	self->cfd = mp_socket(self);
	return self->cfd < 0 ? -1 : 0;
}

static int two_links(struct __test_metadata *_metadata,
		     struct _test_data_mp *self, const char *qa,
		     const char *qb)
{
	const char *q[] = { qa, qb };

	return links(_metadata, self, 2, q);
}

/* The number the client connection's entry of `oxctl -j conn show -i`
 * has at jq path @sel (after "select(.role == \"client\")"), or -1
 */
static long long oxctl_client_num(const char *sel)
{
	long long v = -1;
	char cmd[256];
	FILE *f;

	snprintf(cmd, sizeof(cmd),
		 "oxctl -j conn show -i | jq '.[] | select(.role == \"client\") | %s'",
		 sel);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	pclose(f);
	return v;
}

/* @key of the client's path @id */
static long long oxctl_path_num(int id, const char *key)
{
	char sel[96];

	snprintf(sel, sizeof(sel), ".paths[] | select(.id == %d) | .%s", id,
		 key);
	return oxctl_client_num(sel);
}

/* Bytes sent by network device @dev of this netns, or -1 */
static long long dev_tx_bytes(const char *dev)
{
	long long v, found = -1, rx[8];
	char line[512], name[32];
	FILE *f = fopen("/proc/net/dev", "r");

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, " %31[^:]: %lld %lld %lld %lld %lld %lld %lld %lld %lld",
			   name, &rx[0], &rx[1], &rx[2], &rx[3], &rx[4], &rx[5],
			   &rx[6], &rx[7], &v) == 10 && !strcmp(name, dev))
			found = v;
	fclose(f);
	return found;
}

/* The server's link a address, reached over link b by what must leave
 * by mpb0.  IPv4 takes a destination without a route by the device as
 * on the link, and the server answers ARP for any address of its own.
 * IPv6 looks up routes by that device only (a route of a lower
 * preference than link a's), and neighbour discovery answers only for
 * the link's own addresses (the server's mpb1 has a fixed MAC:
 * link_end()).
 */
static int server_a_by_b(struct __test_metadata *_metadata, int family)
{
	if (family == AF_INET)
		return 0;
	return run(_metadata,
		   "ip -6 route add fd81:1::/64 dev mpb0 metric 2048") ||
	       run(_metadata,
		   "ip -6 neigh add fd81:1::2 lladdr 02:81:00:00:02:02 dev mpb0 nud permanent");
}

static long long oxctl_path_bytes(int id)
{
	return oxctl_path_num(id, "bytes_sent");
}

static int paths(int fd, struct tquic_path_info *pi, int max)
{
	socklen_t len = max * sizeof(*pi);

	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATHS, pi, &len))
		return -1;
	return len / sizeof(*pi);
}

/* A path over link @n (2: b, 3: c) */
static int path_add_on(int fd, int family, int n, int flags, int weight)
{
	struct tquic_path_req req = { .flags = flags, .weight = weight };
	struct sockaddr_storage l, p;
	struct sockaddr_storage srv;
	socklen_t len = sizeof(srv);

	if (getpeername(fd, (struct sockaddr *)&srv, &len))
		return -1;
	mp_addr(family, n, 1, 0, &l);
	mp_addr(family, n, 2, ntohs(((struct sockaddr_in *)&srv)->sin_port),
		&p);
	memcpy(&req.local, &l, sizeof(l));
	memcpy(&req.peer, &p, sizeof(p));
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATH_ADD, &req,
			  sizeof(req));
}

static int path_add(int fd, int family, int flags, int weight)
{
	return path_add_on(fd, family, 2, flags, weight);
}

/* Until @fd has @npaths paths, the last one path @id in @state (or
 * 10 s).
 */
static int wait_path(struct __test_metadata *_metadata, int fd, int npaths,
		     unsigned int id, int state)
{
	struct tquic_path_info pi[4];
	int i, n = 0;

	for (i = 0; i < 500; i++) {
		n = paths(fd, pi, 4);
		if (n == npaths && pi[n - 1].path_id == id &&
		    pi[n - 1].state == state)
			return 0;
		usleep(20000);
	}
	TH_LOG("%d paths, the last %u in state %d; want %d, %u in %d", n,
	       n > 0 ? pi[n - 1].path_id : 0, n > 0 ? pi[n - 1].state : -1,
	       npaths, id, state);
	return -1;
}

/* Until @fd's path 1 is in @state (or 10 s). */
static int wait_path_state(struct __test_metadata *_metadata, int fd,
			   int state)
{
	return wait_path(_metadata, fd, 2, 1, state);
}

static int path_set(int fd, unsigned int id, unsigned int flags,
		    unsigned int backup, unsigned int weight)
{
	struct tquic_path_set ps = { .path_id = id, .flags = flags,
				     .backup = backup, .weight = weight };

	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATH_SET, &ps,
			  sizeof(ps));
}

static int path_del(int fd, __u32 id)
{
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATH_DEL, &id,
			  sizeof(id));
}

/* @len bytes from @wfd on stream @sid (@rfd reads them in a child
 * process and checks every byte); 0 when all arrived intact.
 */
static int paths(int fd, struct tquic_path_info *pi, int max);

/* The state of @fd's connection and paths, when a transfer failed. */
static void log_paths(struct __test_metadata *_metadata, const char *who,
		      int fd)
{
	struct tquic_connection_info ci;
	struct tquic_path_info pi[4];
	int i, n;

	if (!quic_conn_info(fd, &ci))
		TH_LOG("%s: state %u key updates %llu key phase %u ptos %llu lost %llu degraded %u",
		       who, ci.state, ci.key_updates, ci.key_phase,
		       ci.probe_timeouts, ci.packets_lost, ci.degraded);
	n = paths(fd, pi, 4);
	for (i = 0; i < n; i++)
		TH_LOG("%s: path %u state %u srtt %llu us cwnd %llu in flight %llu sent %llu rcvd %llu lost %llu",
		       who, pi[i].path_id, pi[i].state, pi[i].srtt_us,
		       pi[i].cwnd, pi[i].bytes_in_flight, pi[i].packets_sent,
		       pi[i].packets_received, pi[i].packets_lost);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int transfer_dir(struct __test_metadata *_metadata, int wfd, int rfd,
			__s64 sid, size_t len, size_t cut_at, const char *cut)
{
	static unsigned char buf[65536], want[65536];
	long long t, last = 0, gap = 0;
	size_t done = 0, got = 0;
	int status, bad = 0;
	__u32 flags = 0;
	pid_t pid;
	ssize_t n;
	__s64 id;

	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		quic_timeouts(rfd, 30000);
		while (!(flags & TQUIC_STREAM_FLAG_FIN)) {
			n = quic_stream_recv(rfd, buf, sizeof(buf), &id,
					     &flags, NULL);
			if (n < 0) {
				fprintf(stderr, "# reader: after %zu bytes: %s\n",
					got, strerror(errno));
				_exit(2);
			}
			if (id != sid)
				continue;
			for (ssize_t i = 0; i < n; i++)
				bad |= buf[i] != (unsigned char)((got + i) * 13 +
								 ((got + i) >> 12));
			got += n;
			t = now_ms();
			if (last && t - last > gap)
				gap = t - last;
			last = t;
		}
		/* With a link cut: the delivery gap it caused, at most */
		if (cut)
			fprintf(stderr, "# longest gap in delivery: %lld ms\n",
				gap);
		_exit(bad || got != len ? 1 : 0);
	}
	quic_timeouts(wfd, 30000);
	while (done < len) {
		size_t k = len - done < sizeof(want) ? len - done : sizeof(want);

		for (size_t i = 0; i < k; i++)
			want[i] = (unsigned char)((done + i) * 13 +
						  ((done + i) >> 12));
		n = quic_stream_send(wfd, sid, done + k == len ?
				     TQUIC_STREAM_FLAG_FIN : 0, want, k, 0);
		if (n <= 0) {
			TH_LOG("send at %zu: %s", done, strerror(errno));
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		done += n;
		if (cut && done >= cut_at) {
			if (run(_metadata, "%s", cut))
				cut_at = len + 1;	/* fails below */
			cut = NULL;
		}
	}
	if (cut_at > len) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return -1;
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		TH_LOG("the server's reader: status %#x", status);
		log_paths(_metadata, "writer", wfd);
		log_paths(_metadata, "reader", rfd);
		return -1;
	}
	return 0;
}

static int transfer_cut(struct __test_metadata *_metadata,
			struct _test_data_mp *self, size_t len,
			size_t cut_at, const char *cut)
{
	return transfer_dir(_metadata, self->cfd, self->sfd, 4, len, cut_at,
			    cut);
}

static int transfer(struct __test_metadata *_metadata,
		    struct _test_data_mp *self, size_t len)
{
	return transfer_cut(_metadata, self, len, 0, NULL);
}

/* Connect over link a; wait until both hold the other's path 1 ID. */
static int mp_connect(struct __test_metadata *_metadata,
		      struct _test_data_mp *self)
{
	self->sfd = quic_connect_pair(self->lfd, self->cfd,
				      (struct sockaddr *)&self->laddr,
				      self->laddrlen, WAIT_MS);
	if (self->sfd < 0)
		return -1;
	return wait_path_cids(_metadata, self, 7);
}

/* Run @n of a test's loop: a new connection when @n > 0, its second
 * path over link b, up on the client.
 */
static int mp_conn_two_paths(struct __test_metadata *_metadata,
			     struct _test_data_mp *self, unsigned int n)
{
	if (n) {
		close(self->sfd);
		close(self->cfd);
		self->cfd = mp_socket(self);
		if (self->cfd < 0)
			return -1;
	}
	if (mp_connect(_metadata, self) ||
	    path_add(self->cfd, self->family, 0, 0))
		return -1;
	return wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE);
}

TEST_F_TIMEOUT(mp, two_paths, 120)
{
	struct tquic_path_info ci[4], si[4];
	const size_t len = 3 << 20;
	int i;
	long long v0 = tquic_stat("PathValidated");

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 10ms",
			       "rate 20mbit delay 20ms"));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(1, paths(self->cfd, ci, 4));
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(0, wait_path_state(_metadata, self->sfd, TQUIC_PATH_ACTIVE));
	/* Both ends validated the new path (this netns: the client's) */
	EXPECT_LE(1, tquic_stat("PathValidated") - v0);
	ASSERT_EQ(0, transfer(_metadata, self, len));
	ASSERT_EQ(2, paths(self->cfd, ci, 4));
	ASSERT_EQ(2, paths(self->sfd, si, 4));
	EXPECT_EQ(0, ci[0].path_id);
	EXPECT_EQ(1, ci[1].path_id);
	EXPECT_EQ(TQUIC_PATH_ACTIVE, ci[1].state);
	EXPECT_EQ(0, ci[1].flags);
	EXPECT_EQ(self->family, ci[1].local.ss_family);
	/* Both links carried a good share of the data */
	EXPECT_LT(len / 10, ci[0].bytes_sent);
	EXPECT_LT(len / 10, ci[1].bytes_sent);
	EXPECT_LE(len, ci[0].bytes_sent + ci[1].bytes_sent);
	EXPECT_LT(len / 10, si[1].bytes_received);
	/* Each path measured its own RTT: 10 and 20 ms of delay each way */
	EXPECT_LE(20000, ci[0].min_rtt_us);
	EXPECT_LE(40000, ci[1].min_rtt_us);
	EXPECT_LT(ci[0].min_rtt_us, ci[1].min_rtt_us);
	TH_LOG("path 0: %llu bytes, srtt %llu us; path 1: %llu bytes, srtt %llu us",
	       ci[0].bytes_sent, ci[0].srtt_us, ci[1].bytes_sent,
	       ci[1].srtt_us);
	/* Each path searched its own MTU: the links' 1500 bytes leave
	 * 1472 (IPv4) or 1452 (IPv6) for UDP, far above QUIC's 1200
	 */
	TH_LOG("max datagram: path 0 %u, path 1 %u (server %u, %u)",
	       ci[0].max_datagram, ci[1].max_datagram, si[0].max_datagram,
	       si[1].max_datagram);
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(self->family == AF_INET ? 1472 : 1452,
			  ci[i].max_datagram);
		EXPECT_EQ(ci[i].max_datagram, si[i].max_datagram);
	}
	/* oxctl conn show -i -j tells the same per path */
	EXPECT_LT(len / 10, oxctl_path_bytes(0));
	EXPECT_LT(len / 10, oxctl_path_bytes(1));
	EXPECT_LE(ci[1].bytes_sent, oxctl_path_bytes(1));
	EXPECT_EQ(ci[1].max_datagram, oxctl_path_num(1, "max_datagram"));
}

/*
 * Three links: two paths opened after the first, each validated; an
 * upload and a download use all three (bytes per path), every byte
 * checked; then link b is cut mid-transfer and the other two finish it.
 */
TEST_F_TIMEOUT(mp, three_paths, 240)
{
	static const char *const q[] = { "rate 20mbit delay 10ms",
					 "rate 20mbit delay 20ms",
					 "rate 20mbit delay 40ms" };
	struct tquic_path_info ci[4], si[4];
	const size_t len = 3 << 20;
	int i;

	ASSERT_EQ(0, links(_metadata, self, 3, q));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, path_add_on(self->cfd, self->family, 2, 0, 0));
	ASSERT_EQ(0, path_add_on(self->cfd, self->family, 3, 0, 0));
	ASSERT_EQ(0, wait_path(_metadata, self->cfd, 3, 2, TQUIC_PATH_ACTIVE));
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(3, paths(self->cfd, ci, 4));
		if (ci[1].state == TQUIC_PATH_ACTIVE)
			break;
		usleep(20000);
	}
	ASSERT_EQ(TQUIC_PATH_ACTIVE, ci[1].state);
	ASSERT_EQ(0, transfer(_metadata, self, len));
	ASSERT_EQ(0, transfer_dir(_metadata, self->sfd, self->cfd, 1, len, 0,
				  NULL));
	ASSERT_EQ(3, paths(self->cfd, ci, 4));
	ASSERT_EQ(3, paths(self->sfd, si, 4));
	for (i = 0; i < 3; i++) {
		TH_LOG("path %u: client sent %llu, server sent %llu",
		       ci[i].path_id, ci[i].bytes_sent, si[i].bytes_sent);
		EXPECT_EQ(i, ci[i].path_id);
		EXPECT_LT(len / 20, ci[i].bytes_sent);
		EXPECT_LT(len / 20, si[i].bytes_sent);
	}
	/* Link b cut after 1 MiB: paths 0 and 2 carry the rest */
	ASSERT_EQ(0, transfer_dir(_metadata, self->cfd, self->sfd, 8, len,
				  1 << 20,
				  "tc qdisc change dev mpb0 root netem loss 100%"));
	/* What path 1 had in flight keeps its probe timeouts going until it
	 * fails (the transfer may end first)
	 */
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(3, paths(self->cfd, ci, 4));
		if (ci[1].state == TQUIC_PATH_FAILED)
			break;
		usleep(20000);
	}
	EXPECT_EQ(TQUIC_PATH_ACTIVE, ci[0].state);
	EXPECT_EQ(TQUIC_PATH_FAILED, ci[1].state);
	EXPECT_EQ(TQUIC_PATH_ACTIVE, ci[2].state);
}

/*
 * Every scheduler and every congestion controller of the sender (the
 * client) carries 1 MiB intact over the two paths; the ones that spread
 * data (min-RTT, round-robin, weighted) put some on each path, and the
 * redundant one sends copies on the second path when it has room (in bulk
 * it mostly has none: see redundant_interactive).
 */
TEST_F_TIMEOUT(mp, schedulers_and_controllers, 400)
{
	static const struct {
		const char *sched, *cc;
		bool both, copies;
	} runs[] = {
		{ "minrtt", "cubic", true, false },
		{ "roundrobin", "newreno", true, false },
		{ "weighted", "cubic", true, false },
		{ "blest", "cubic", false, false },
		{ "ecf", "cubic", false, false },
		{ "redundant", "cubic", true, true },
		{ "minrtt", "lia", true, false },
		{ "minrtt", "olia", true, false },
		{ "minrtt", "bbr", false, false },
	};
	struct tquic_path_info ci[4], before[4];
	const size_t len = 1 << 20;
	long long dup0, dup;
	unsigned int i;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 5ms",
			       "rate 20mbit delay 10ms"));
	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		tquic_sysctl_set("scheduler", runs[i].sched);
		tquic_sysctl_set("congestion_control", runs[i].cc);
		ASSERT_EQ(0, mp_conn_two_paths(_metadata, self, i));
		ASSERT_EQ(2, paths(self->cfd, before, 4));
		dup0 = tquic_stat("StreamBytesDuplicated");
		ASSERT_EQ(0, transfer(_metadata, self, len)) {
			TH_LOG("%s with %s", runs[i].sched, runs[i].cc);
		}
		ASSERT_EQ(2, paths(self->cfd, ci, 4));
		dup = tquic_stat("StreamBytesDuplicated") - dup0;
		TH_LOG("%s with %s: path 0 %llu bytes, path 1 %llu bytes, %lld copied",
		       runs[i].sched, runs[i].cc,
		       ci[0].bytes_sent - before[0].bytes_sent,
		       ci[1].bytes_sent - before[1].bytes_sent, dup);
		/* Copies only when asked for */
		if (runs[i].copies) {	/* when both windows have room */
			EXPECT_LT(0, dup);
		} else {
			EXPECT_EQ(0, dup);
		}
		EXPECT_LE(len, ci[0].bytes_sent - before[0].bytes_sent +
			       ci[1].bytes_sent - before[1].bytes_sent);
		if (runs[i].both) {
			EXPECT_LT(len / 20, ci[0].bytes_sent -
					    before[0].bytes_sent);
			EXPECT_LT(len / 20, ci[1].bytes_sent -
					    before[1].bytes_sent);
		}
	}
	tquic_sysctl_set("scheduler", "minrtt");
	tquic_sysctl_set("congestion_control", "cubic");
}

/*
 * The redundant scheduler with interactive traffic (one message at a
 * time, answered before the next, so the windows never fill): every
 * message goes on both paths, once as a copy (StreamBytesDuplicated),
 * and arrives intact, once.
 */
TEST_F_TIMEOUT(mp, redundant_interactive, 120)
{
	struct tquic_path_info before[4], ci[4];
	unsigned char msg[1000], got[1000];
	const int count = 50;
	long long dup0, dup;
	size_t have;
	__u32 flags;
	ssize_t n;
	__s64 id;
	int i;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 5ms",
			       "rate 20mbit delay 10ms"));
	tquic_sysctl_set("scheduler", "redundant");
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(2, paths(self->cfd, before, 4));
	dup0 = tquic_stat("StreamBytesDuplicated");
	for (i = 0; i < count; i++) {
		memset(msg, 'a' + i % 26, sizeof(msg));
		ASSERT_EQ(sizeof(msg), quic_stream_send(self->cfd, 8, 0, msg,
							sizeof(msg), 0));
		for (have = 0; have < sizeof(got); have += n) {
			n = quic_stream_recv(self->sfd, got + have,
					     sizeof(got) - have, &id, &flags,
					     NULL);
			ASSERT_LT(0, n);
			ASSERT_EQ(8, id);
		}
		ASSERT_EQ(0, memcmp(msg, got, sizeof(msg)));
		ASSERT_EQ(2, quic_stream_send(self->sfd, 8, 0, "ok", 2, 0));
		ASSERT_EQ(2, quic_stream_recv(self->cfd, got, sizeof(got), &id,
					      &flags, NULL));
	}
	tquic_sysctl_set("scheduler", "minrtt");
	ASSERT_EQ(2, paths(self->cfd, ci, 4));
	dup = tquic_stat("StreamBytesDuplicated") - dup0;
	TH_LOG("path 0 %llu bytes, path 1 %llu bytes, %lld copied",
	       ci[0].bytes_sent - before[0].bytes_sent,
	       ci[1].bytes_sent - before[1].bytes_sent, dup);
	EXPECT_LE(count * sizeof(msg) * 9 / 10, dup);
	EXPECT_LE(count * sizeof(msg), ci[0].bytes_sent - before[0].bytes_sent);
	EXPECT_LE(count * sizeof(msg), ci[1].bytes_sent - before[1].bytes_sent);
}

/* The same, the server sending: both of its paths carry the data. */
TEST_F_TIMEOUT(mp, two_paths_download, 180)
{
	static const char * const scheds[] = { "minrtt", "weighted" };
	struct tquic_path_info ci[4], si[4];
	const size_t len = 3 << 20;
	unsigned int i;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 10ms",
			       "rate 20mbit delay 20ms"));
	for (i = 0; i < ARRAY_SIZE(scheds); i++) {
		tquic_sysctl_set("scheduler", scheds[i]);
		ASSERT_EQ(0, mp_conn_two_paths(_metadata, self, i));
		ASSERT_EQ(0, wait_path_state(_metadata, self->sfd,
					     TQUIC_PATH_ACTIVE));
		/* On the server's first bidirectional stream, 1 */
		ASSERT_EQ(0, transfer_dir(_metadata, self->sfd, self->cfd, 1,
					  len, 0, NULL));
		ASSERT_EQ(2, paths(self->cfd, ci, 4));
		ASSERT_EQ(2, paths(self->sfd, si, 4));
		TH_LOG("%s: server path 0: sent %llu, srtt %llu us, cwnd %llu, lost %llu, state %u",
		       scheds[i], si[0].bytes_sent, si[0].srtt_us, si[0].cwnd,
		       si[0].packets_lost, si[0].state);
		TH_LOG("%s: server path 1: sent %llu, srtt %llu us, cwnd %llu, lost %llu, state %u",
		       scheds[i], si[1].bytes_sent, si[1].srtt_us, si[1].cwnd,
		       si[1].packets_lost, si[1].state);
		/* The path the client opened has the default weight on
		 * the server too: the weighted scheduler shares by
		 * bandwidth, and uses it
		 */
		EXPECT_EQ(1, si[1].weight);
		EXPECT_LT(len / 10, si[0].bytes_sent);
		EXPECT_LT(len / 10, si[1].bytes_sent);
		EXPECT_LT(len / 10, ci[0].bytes_received);
		EXPECT_LT(len / 10, ci[1].bytes_received);
		/* The server's second path sends full-size datagrams too */
		EXPECT_LT(1200, si[1].max_datagram);
		EXPECT_EQ(si[0].max_datagram, si[1].max_datagram);
	}
	tquic_sysctl_set("scheduler", "minrtt");
}

/*
 * Failover: link a goes dark (100% loss) in the middle of a transfer;
 * its path fails after a few probe timeouts, what it had in flight goes
 * over link b, and the data arrive intact.  When link a is back, path 0
 * answers a new challenge and is active again.
 */
TEST_F_TIMEOUT(mp, failover, 180)
{
	long long failed0 = tquic_stat("PathsFailed");
	long long back0 = tquic_stat("PathsRecovered");
	struct tquic_path_info ci[4];
	const size_t len = 8 << 20;
	int i;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 10ms",
			       "rate 20mbit delay 10ms"));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE));
	/* oxctl monitor sees what happens (checked at the end) */
	ASSERT_EQ(0, run(_metadata, "oxctl -j monitor >/tmp/mp-mon 2>&1 & "
			 "echo $! >/tmp/mp-mon.pid"));
	usleep(300000);
	/* Once 1 MiB is written, link a loses everything: the data in
	 * flight on it can only arrive over link b (sent again at path 0's
	 * first probe timeout), and path 0 fails at its third - perhaps
	 * after the transfer ended.
	 */
	ASSERT_EQ(0, transfer_cut(_metadata, self, len, 1 << 20,
				  "tc qdisc change dev mpa0 root netem loss 100%"));
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(2, paths(self->cfd, ci, 4));
		if (ci[0].state == TQUIC_PATH_FAILED)
			break;
		usleep(20000);
	}
	EXPECT_EQ(TQUIC_PATH_FAILED, ci[0].state);
	EXPECT_EQ(TQUIC_PATH_ACTIVE, ci[1].state);
	EXPECT_LE(1, tquic_stat("PathsFailed") - failed0);
	EXPECT_LT(len / 4, ci[1].bytes_sent);
	/* Link a back: path 0 comes back by itself */
	ASSERT_EQ(0, run(_metadata, "tc qdisc change dev mpa0 root netem limit 100 delay 10ms"));
	for (i = 0; i < 1000; i++) {
		ASSERT_EQ(2, paths(self->cfd, ci, 4));
		if (ci[0].state == TQUIC_PATH_ACTIVE)
			break;
		usleep(20000);
	}
	EXPECT_EQ(TQUIC_PATH_ACTIVE, ci[0].state);
	EXPECT_LE(1, tquic_stat("PathsRecovered") - back0);
	usleep(300000);
	ASSERT_EQ(0, run(_metadata, "kill $(cat /tmp/mp-mon.pid)"));
	/* The client's path 0: failed, then validated again */
	EXPECT_EQ(0, run(_metadata,
			 "jq -r 'select(.role == \"client\" and .path == 0) | "
			 ".event' /tmp/mp-mon | xargs | "
			 "grep -q 'path-failed.*path-validated'"));
}

/*
 * A key update while link a is down: the server's first packets of the
 * new phase can only come on path 1, which takes the update (packet
 * numbers of different paths cannot be compared: each path marks where
 * the phase starts on it).  Both ends change phase and the data crosses
 * intact both ways.
 */
TEST_F_TIMEOUT(mp, key_update_on_path1, 180)
{
	struct tquic_connection_info c0, s0, ci, si;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 10ms",
			       "rate 20mbit delay 10ms"));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(0, run(_metadata,
			 "tc qdisc change dev mpa0 root netem loss 100%%"));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &c0));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &s0));
	ASSERT_EQ(0, quic_key_update(self->sfd));
	ASSERT_EQ(0, transfer_dir(_metadata, self->sfd, self->cfd, 1, 1 << 20,
				  0, NULL));
	ASSERT_EQ(0, transfer(_metadata, self, 1 << 20));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(c0.key_updates + 1, ci.key_updates);
	EXPECT_EQ(s0.key_updates + 1, si.key_updates);
}

/*
 * net.tquic.key_update_packets: a key protects that many packets, counted
 * over all paths (RFC 9001 6.6, the draft's AEAD limits), before the
 * sender updates it by itself.  3 MiB over two paths at 500 packets a
 * key: several updates, answered by the peer, the data intact.
 */
TEST_F_TIMEOUT(mp, key_update_packets, 180)
{
	struct tquic_connection_info c0, s0, ci, si;
	struct tquic_path_info p0[4], pi[4];
	unsigned long long pkts, updates;
	int i;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 10ms",
			       "rate 20mbit delay 10ms"));
	tquic_sysctl_set("key_update_packets", "500");
	ASSERT_EQ(0, mp_connect(_metadata, self));
	tquic_sysctl_set("key_update_packets", "0");
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &c0));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &s0));
	ASSERT_EQ(2, paths(self->cfd, p0, 4));
	ASSERT_EQ(0, transfer(_metadata, self, 3 << 20));
	/* An update is counted by its sender at once and by the peer when
	 * the first packet of the new phase arrives: let the last one land.
	 */
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
		ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
		if (ci.key_updates - c0.key_updates ==
		    si.key_updates - s0.key_updates)
			break;
		usleep(100000);
	}
	ASSERT_EQ(2, paths(self->cfd, pi, 4));
	pkts = pi[0].packets_sent - p0[0].packets_sent +
	       pi[1].packets_sent - p0[1].packets_sent;
	updates = ci.key_updates - c0.key_updates;
	TH_LOG("%llu + %llu packets, %llu key updates",
	       pi[0].packets_sent - p0[0].packets_sent,
	       pi[1].packets_sent - p0[1].packets_sent, updates);
	/* One per 500 packets of both paths (a little later: each waits
	 * for the previous one's acknowledgment), never more
	 */
	EXPECT_LE(3, updates);
	EXPECT_LE(pkts / 500 - 2, updates);
	EXPECT_GE(pkts / 500 + 1, updates);
	EXPECT_EQ(updates, si.key_updates - s0.key_updates);
}

/*
 * Both links cut mid-transfer: both paths fail and the connection is
 * degraded (ConnDegraded; oxctl monitor sees "degraded"); the links come
 * back twelve seconds later (three backed-off probe timeouts of each
 * path fit in it even with a slow machine's RTTs), a path answers
 * ("recovered") and the transfer completes intact.
 */
TEST_F_TIMEOUT(mp, all_paths_fail, 180)
{
	long long deg0 = tquic_stat("ConnDegraded");
	struct tquic_connection_info ci;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 10ms",
			       "rate 20mbit delay 10ms"));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(0, run(_metadata, "oxctl -j monitor >/tmp/mp-mon2 2>&1 & "
			 "echo $! >/tmp/mp-mon2.pid"));
	usleep(300000);
	ASSERT_EQ(0, transfer_cut(_metadata, self, 2 << 20, 512 << 10,
				  "tc qdisc change dev mpa0 root netem loss 100% && "
				  "tc qdisc change dev mpb0 root netem loss 100% && "
				  "{ (sleep 12; "
				  "tc qdisc change dev mpa0 root netem limit 100 delay 10ms; "
				  "tc qdisc change dev mpb0 root netem limit 100 delay 10ms"
				  ") >/dev/null 2>&1 & }"));
	EXPECT_EQ(1, tquic_stat("ConnDegraded") - deg0);
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	EXPECT_EQ(0, ci.degraded);
	usleep(300000);
	ASSERT_EQ(0, run(_metadata, "kill $(cat /tmp/mp-mon2.pid)"));
	EXPECT_EQ(0, run(_metadata,
			 "jq -r 'select(.role == \"client\") | .event' /tmp/mp-mon2 | "
			 "xargs | grep -q 'degraded.*recovered'"));
}

TEST_F_TIMEOUT(mp, backup_path, 120)
{
	struct tquic_path_info ci[4];
	const size_t len = 1 << 20;

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 10ms",
			       "rate 20mbit delay 10ms"));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, path_add(self->cfd, self->family, TQUIC_PATH_F_BACKUP,
			      0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd,
				     TQUIC_PATH_STANDBY));
	ASSERT_EQ(0, transfer(_metadata, self, len));
	ASSERT_EQ(2, paths(self->cfd, ci, 4));
	EXPECT_EQ(TQUIC_PATH_F_BACKUP, ci[1].flags);
	/* Its validation and acknowledgments only */
	EXPECT_GT(20000, ci[1].bytes_sent);
	EXPECT_LE(len, ci[0].bytes_sent);
}

/*
 * Endpoints (`oxctl endpoint add`, like `ip mptcp endpoint`): a new
 * connection opens a path from each one by itself once its handshake is
 * confirmed; one on the address path 0 already uses is skipped, and a
 * backup endpoint gives a backup path.  The data crosses intact.
 */
TEST_F_TIMEOUT(mp, endpoint_paths, 120)
{
	const char *a = self->family == AF_INET ? "10.81.1.1" : "fd81:1::1";
	const char *b = self->family == AF_INET ? "10.81.2.1" : "fd81:2::1";
	struct sockaddr_storage want;
	struct tquic_path_info ci[4];

	ASSERT_EQ(0, two_links(_metadata, self, "rate 20mbit delay 5ms",
			       "rate 20mbit delay 5ms"));
	/* Paths from b leave by mpb0 to the server's address on link a */
	ASSERT_EQ(0, server_a_by_b(_metadata, self->family));
	ASSERT_EQ(0, run(_metadata, "oxctl endpoint add %s dev mpa0 >/dev/null",
			 a));
	ASSERT_EQ(0, run(_metadata,
			 "oxctl endpoint add %s dev mpb0 backup >/dev/null", b));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, wait_path(_metadata, self->cfd, 2, 1,
			       TQUIC_PATH_STANDBY));
	ASSERT_EQ(0, transfer(_metadata, self, 256 << 10));
	ASSERT_EQ(2, paths(self->cfd, ci, 4));
	EXPECT_EQ(TQUIC_PATH_F_BACKUP, ci[1].flags);
	mp_addr(self->family, 2, 1, 0, &want);
	if (self->family == AF_INET) {
		EXPECT_EQ(((struct sockaddr_in *)&want)->sin_addr.s_addr,
			  ((struct sockaddr_in *)&ci[1].local)->sin_addr.s_addr);
	} else {
		EXPECT_EQ(0, memcmp(&((struct sockaddr_in6 *)&want)->sin6_addr,
				    &((struct sockaddr_in6 *)&ci[1].local)->sin6_addr,
				    16));
	}
	EXPECT_GT(20000, ci[1].bytes_sent);	/* a backup: no data */

	/* Removed, they serve no later connection */
	ASSERT_EQ(0, run(_metadata, "oxctl endpoint del 1 && oxctl endpoint del 2"));
	close(self->sfd);
	close(self->cfd);
	self->cfd = mp_socket(self);
	ASSERT_LE(0, self->cfd);
	ASSERT_EQ(0, mp_connect(_metadata, self));
	usleep(300000);
	EXPECT_EQ(1, paths(self->cfd, ci, 4));
}

TEST_F_TIMEOUT(mp, path_add_refused, 60)
{
	struct tquic_path_req req = {};
	int fd;

	ASSERT_EQ(0, two_links(_metadata, self, "delay 1ms", "delay 1ms"));
	/* Before a connection */
	EXPECT_EQ(-1, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	/* Bad flags, weight, length, family */
	EXPECT_EQ(-1, path_add(self->cfd, self->family, 0x2, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, path_add(self->cfd, self->family, 0, 256));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_PATH_ADD,
				 &req, sizeof(req) - 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, path_add(self->cfd, self->family == AF_INET ?
			       AF_INET6 : AF_INET, 0, 0));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* A server opens no paths */
	EXPECT_EQ(-1, path_add(self->sfd, self->family, 0, 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
	/* The same pair of addresses and ports twice: refused */
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	{
		struct tquic_path_info pi[4];

		ASSERT_EQ(2, paths(self->cfd, pi, 4));
		memcpy(&req.local, &pi[1].local, sizeof(req.local));
		memcpy(&req.peer, &pi[1].peer, sizeof(req.peer));
		EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC,
					 TQUIC_SOCKOPT_PATH_ADD, &req,
					 sizeof(req)));
		EXPECT_EQ(EEXIST, errno);
	}
	/* A socket without a connection has no paths to list */
	fd = mp_socket(self);
	ASSERT_LE(0, fd);
	{
		struct tquic_path_info pi;
		socklen_t len = sizeof(pi);

		EXPECT_EQ(-1, getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATHS,
					 &pi, &len));
		EXPECT_EQ(ENOTCONN, errno);
	}
	close(fd);
}

/*
 * A path made a backup path and back (the server follows the client's
 * PATH_STATUS), then closed (PATH_ABANDON: both ends drop it) and a new
 * one opened in its place on the next path ID; bad requests refused.
 */
TEST_F_TIMEOUT(mp, path_set_and_del, 120)
{
	long long removed0 = tquic_stat("PathsRemoved");
	struct tquic_path_info ci[4];

	ASSERT_EQ(0, two_links(_metadata, self, "delay 5ms", "delay 5ms"));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	ASSERT_EQ(0, wait_path_state(_metadata, self->cfd, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(0, wait_path_state(_metadata, self->sfd, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(0, path_set(self->cfd, 1, TQUIC_PATH_SET_BACKUP |
			      TQUIC_PATH_SET_WEIGHT, 1, 7));
	ASSERT_EQ(2, paths(self->cfd, ci, 4));
	EXPECT_EQ(TQUIC_PATH_STANDBY, ci[1].state);
	EXPECT_EQ(TQUIC_PATH_F_BACKUP, ci[1].flags);
	EXPECT_EQ(7, ci[1].weight);
	EXPECT_EQ(0, wait_path_state(_metadata, self->sfd,
				     TQUIC_PATH_STANDBY));
	ASSERT_EQ(0, path_set(self->cfd, 1, TQUIC_PATH_SET_BACKUP, 0, 0));
	EXPECT_EQ(0, wait_path_state(_metadata, self->sfd, TQUIC_PATH_ACTIVE));
	/* Bad requests */
	EXPECT_EQ(-1, path_set(self->cfd, 1, 0x4, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, path_set(self->cfd, 1, TQUIC_PATH_SET_WEIGHT, 0, 256));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, path_set(self->cfd, 5, TQUIC_PATH_SET_WEIGHT, 0, 1));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, path_del(self->cfd, 5));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, path_del(self->cfd, 0));
	EXPECT_EQ(EBUSY, errno);
	/* Closed: gone on both ends */
	ASSERT_EQ(0, path_del(self->cfd, 1));
	EXPECT_EQ(1, paths(self->cfd, ci, 4));
	EXPECT_EQ(1, tquic_stat("PathsRemoved") - removed0);
	EXPECT_EQ(0, wait_path(_metadata, self->sfd, 1, 0, TQUIC_PATH_ACTIVE));
	/* A new path takes the next path ID */
	ASSERT_EQ(0, path_add(self->cfd, self->family, 0, 0));
	EXPECT_EQ(0, wait_path(_metadata, self->cfd, 2, 2, TQUIC_PATH_ACTIVE));
	EXPECT_EQ(0, transfer(_metadata, self, 256 << 10));
}

/*
 * TQUIC_CMD_PATH_ADD with an interface (`oxctl path add CONN local
 * ADDR%DEV ...`): the path's datagrams leave by that device whatever the
 * routing table says.  The path here goes from the client's link b
 * address to the server's link a address, which the routes put on link
 * a; named to leave by mpb0, its datagrams cross link b (the server
 * answers ARP for any of its addresses; for IPv6 the client gets a
 * neighbour entry).  What mpb0 sent covers all the path sent.
 */
TEST_F_TIMEOUT(mp, path_add_dev, 120)
{
	const char *b = self->family == AF_INET ? "10.81.2.1" : "fd81:2::1";
	struct tquic_path_info ci[4];
	long long conn, tx0, tx1;
	char peer[64];
	int port;

	ASSERT_EQ(0, two_links(_metadata, self, "delay 1ms", "delay 1ms"));
	ASSERT_EQ(0, mp_connect(_metadata, self));
	port = ntohs(((struct sockaddr_in *)&self->laddr)->sin_port);
	snprintf(peer, sizeof(peer), self->family == AF_INET ?
		 "10.81.1.2:%d" : "[fd81:1::2]:%d", port);
	ASSERT_EQ(0, server_a_by_b(_metadata, self->family));
	conn = oxctl_client_num(".id");
	ASSERT_LT(0, conn);
	tx0 = dev_tx_bytes("mpb0");
	ASSERT_LE(0, tx0);
	ASSERT_EQ(0, run(_metadata,
			 "oxctl path add %lld local %s%%mpb0 remote %s >/dev/null",
			 conn, b, peer));
	ASSERT_EQ(0, wait_path(_metadata, self->cfd, 2, 1, TQUIC_PATH_ACTIVE));
	ASSERT_EQ(0, transfer(_metadata, self, 256 << 10));
	ASSERT_EQ(2, paths(self->cfd, ci, 4));
	tx1 = dev_tx_bytes("mpb0");
	TH_LOG("path 1 sent %llu bytes, mpb0 %lld",
	       (unsigned long long)ci[1].bytes_sent, tx1 - tx0);
	EXPECT_LE(1200, ci[1].bytes_sent);
	EXPECT_LE((long long)ci[1].bytes_sent, tx1 - tx0);
}

/* Without multipath negotiated there is no second path to open. */
TEST_F_TIMEOUT(mp, path_add_single_path, 60)
{
	ASSERT_EQ(0, two_links(_metadata, self, "delay 1ms", "delay 1ms"));
	ASSERT_EQ(0, set_multipath(self->cfd, 0, 0));
	self->sfd = quic_connect_pair(self->lfd, self->cfd,
				      (struct sockaddr *)&self->laddr,
				      self->laddrlen, WAIT_MS);
	ASSERT_LE(0, self->sfd);
	EXPECT_EQ(-1, path_add(self->cfd, self->family, 0, 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
}

TEST_HARNESS_MAIN
