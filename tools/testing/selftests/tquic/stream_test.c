// SPDX-License-Identifier: GPL-2.0
/*
 * Stream data and datagrams over connections made without a TLS library
 * (made-up handshake messages and secrets, as in handshake_test): the
 * transport parameters extension and the handshake's completion with
 * their refusals; one MiB each way on a bidirectional stream; both
 * sides' unidirectional streams; 64 interleaved streams; flow control
 * with 4 KiB stream and 16 KiB connection windows; the peer's stream
 * limit and its raise; DATAGRAM frames; refused stream ids; two MiB over
 * a veth path with loss, reordering or both; closing, the idle timeout,
 * key updates, NAT rebinding; connection info, GSO trains and path MTU
 * discovery (also over a link with a smaller MTU); Retry, NEW_TOKEN and
 * the amplification limit; stream resets; stateless resets sent and
 * received.  IPv4 and IPv6.
 *
 * Senders run in threads and the main thread reads, so a window smaller
 * than a transfer cannot deadlock; a receive or send that waits longer
 * than ten seconds fails the test instead of hanging.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tquic.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "forge.h"
#include "quic.h"
#include "stats.h"

#define WAIT_MS		10000
#define FIN		TQUIC_STREAM_FLAG_FIN
#define UNI		TQUIC_STREAM_FLAG_UNI
#define DGRAM		TQUIC_STREAM_FLAG_DATAGRAM

/* Transport parameter ids (RFC 9000, 18.2) */
#define TP_ODCID		0x00
#define TP_RESET_TOKEN		0x02
#define TP_MAX_UDP_PAYLOAD	0x03
#define TP_MAX_DATA		0x04
#define TP_MAX_STREAMS_BIDI	0x08
#define TP_MAX_STREAMS_UNI	0x09
#define TP_ACK_DELAY_EXP	0x0a
#define TP_MAX_ACK_DELAY	0x0b
#define TP_CID_LIMIT		0x0e
#define TP_ISCID		0x0f
#define TP_VERSION_INFO		0x11
#define TP_MAX_DATAGRAM		0x20
#define TP_ABSENT		UINT64_MAX

/* A listening socket and its address. */
struct lsn {
	int fd;
	struct sockaddr_storage addr;
	socklen_t addrlen;
};

FIXTURE(st) {
	int family;
	struct lsn l;		/* the listener of connect_pair() */
	int cfd;		/* client of connect_pair() */
	int sfd;		/* its server side */
	int fds[48];		/* every socket, closed at teardown */
	int nfds;
};

FIXTURE_VARIANT(st) {
	int family;
};

FIXTURE_VARIANT_ADD(st, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(st, ipv6) { .family = AF_INET6 };

FIXTURE_SETUP(st)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	self->family = variant->family;
	self->l.fd = -1;
	self->cfd = -1;
	self->sfd = -1;
	self->nfds = 0;
}

/* Close every socket the test opened. */
static void close_tracked(struct _test_data_st *self)
{
	while (self->nfds)
		close(self->fds[--self->nfds]);
}

FIXTURE_TEARDOWN(st)
{
	close_tracked(self);
}

static int track(struct _test_data_st *self, int fd)
{
	if (fd >= 0 && self->nfds < (int)(sizeof(self->fds) /
					  sizeof(self->fds[0])))
		self->fds[self->nfds++] = fd;
	return fd;
}

/* A QUIC socket with ten-second timeouts, announcing @tp (if not NULL). */
static int new_socket(struct _test_data_st *self,
		      const struct tquic_transport_param *tp)
{
	int fd = track(self, socket(self->family, SOCK_DGRAM, IPPROTO_QUIC));

	if (fd < 0)
		return -1;
	quic_timeouts(fd, WAIT_MS);
	if (tp && setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, tp,
			     sizeof(*tp)))
		return -1;
	return fd;
}

/* The transport parameters a new socket announces. */
static int tp_defaults(struct _test_data_st *self,
		       struct tquic_transport_param *tp)
{
	socklen_t len = sizeof(*tp);
	int fd = new_socket(self, NULL);

	if (fd < 0 || getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM,
				 tp, &len) || len != sizeof(*tp))
		return -1;
	return 0;
}

/* Listen on @addr (loopback when NULL, port 0) announcing @tp. */
static int listener(struct __test_metadata *_metadata,
		    struct _test_data_st *self, struct lsn *l,
		    const struct tquic_transport_param *tp,
		    const struct sockaddr_storage *addr)
{
	if (addr) {
		l->addr = *addr;
		l->addrlen = addr->ss_family == AF_INET ?
			sizeof(struct sockaddr_in) :
			sizeof(struct sockaddr_in6);
	} else {
		quic_loopback(self->family, &l->addr, &l->addrlen);
	}
	l->fd = new_socket(self, tp);
	if (l->fd < 0 ||
	    bind(l->fd, (struct sockaddr *)&l->addr, l->addrlen) ||
	    getsockname(l->fd, (struct sockaddr *)&l->addr, &l->addrlen) ||
	    listen(l->fd, 16)) {
		TH_LOG("listening socket: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A client announcing @ctp connects to @l; with @handshake the made-up
 * handshake runs up to the 1-RTT secrets (quic_handshake()), without it
 * only the ClientHello crosses.  No transport parameters change hands.
 */
static int open_pair(struct __test_metadata *_metadata,
		     struct _test_data_st *self, struct lsn *l,
		     const struct tquic_transport_param *ctp, int *cfd,
		     int *sfd, bool handshake)
{
	static unsigned char ch[300];

	quic_pattern(ch, sizeof(ch), 1);
	*cfd = new_socket(self, ctp);
	if (*cfd < 0) {
		TH_LOG("client socket: %s", strerror(errno));
		return -1;
	}
	*sfd = track(self, quic_open(l->fd, *cfd, (struct sockaddr *)&l->addr,
				     l->addrlen, ch, sizeof(ch), WAIT_MS));
	if (*sfd < 0 || (handshake && quic_handshake(*cfd, *sfd))) {
		TH_LOG("%s: %s", quic_step, strerror(errno));
		return -1;
	}
	return 0;
}

/* Transport parameters both ways, then both ends complete. */
static int finish_pair(struct __test_metadata *_metadata, int cfd, int sfd)
{
	if (quic_exchange_params(cfd, sfd) || quic_complete(cfd) ||
	    quic_complete(sfd)) {
		TH_LOG("%s: %s", quic_step, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * self->cfd and self->sfd: a connection with its handshake complete
 * between a client announcing @ctp and a listener (self->l) on @addr
 * (loopback if NULL) announcing @stp; NULL parameters are the defaults.
 */
static int connect_pair(struct __test_metadata *_metadata,
			struct _test_data_st *self,
			const struct tquic_transport_param *ctp,
			const struct tquic_transport_param *stp)
{
	if (listener(_metadata, self, &self->l, stp, NULL) ||
	    open_pair(_metadata, self, &self->l, ctp, &self->cfd, &self->sfd,
		      true))
		return -1;
	return finish_pair(_metadata, self->cfd, self->sfd);
}

/* Byte @off of the pseudo-random stream of @seed. */
static unsigned char gen_byte(__u64 seed, __u64 off)
{
	__u64 x = (off >> 3) * 0x9e3779b97f4a7c15ULL +
		     (seed + 1) * 0xc2b2ae3d27d4eb4fULL;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 29;
	return x >> ((off & 7) * 8);
}

static void gen(unsigned char *p, size_t len, __u64 seed, __u64 off)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = gen_byte(seed, off + i);
}

/* What one stream sends: @len bytes of @data, or of gen(@seed). */
struct tx {
	int fd;
	__s64 id;
	size_t len;
	__u64 seed;
	const unsigned char *data;
	bool fin_alone;		/* FIN in a sendmsg of its own */
	size_t off;		/* sent so far */
	bool done;		/* FIN sent */
};

/* A sender thread: @n streams written round robin. */
struct txjob {
	pthread_t th;
	struct tx *tx;
	int n;
	size_t chunk;		/* writes of chunk, chunk/2, chunk/4 */
	int err;		/* errno of the failed sendmsg, or 0 */
	__s64 err_id;
	unsigned int delay_us;	/* before the first write */
	unsigned int pause_us;	/* after each write */
};

static int tx_run(struct txjob *j)
{
	unsigned char *buf = malloc(j->chunk);
	unsigned int round = 0;
	int i, left = j->n;
	struct tx *t;
	size_t m;
	ssize_t r;
	__u32 fl;

	if (!buf)
		return -ENOMEM;
	usleep(j->delay_us);
	while (left) {
		for (i = 0; i < j->n; i++) {
			t = &j->tx[i];
			if (t->done)
				continue;
			m = j->chunk >> (round % 3);
			if (m > t->len - t->off)
				m = t->len - t->off;
			fl = t->off + m == t->len && (!t->fin_alone || !m) ?
			     FIN : 0;
			if (t->data)
				memcpy(buf, t->data + t->off, m);
			else
				gen(buf, m, t->seed, t->off);
			r = quic_stream_send(t->fd, t->id, fl, buf, m, 0);
			if (r < 0) {
				j->err_id = t->id;
				free(buf);
				return -errno;
			}
			t->off += r;
			if (j->pause_us)
				usleep(j->pause_us);
			if (fl && (size_t)r == m) {
				t->done = true;
				left--;
			}
		}
		round++;
	}
	free(buf);
	return 0;
}

static void *tx_thread(void *arg)
{
	struct txjob *j = arg;

	j->err = -tx_run(j);
	return NULL;
}

static int tx_start(struct txjob *j)
{
	return pthread_create(&j->th, NULL, tx_thread, j);
}

static int tx_wait(struct __test_metadata *_metadata, struct txjob *j)
{
	pthread_join(j->th, NULL);
	if (j->err)
		TH_LOG("sending on stream %lld: %s", (long long)j->err_id,
		       strerror(j->err));
	return j->err;
}

/* What one stream must deliver: @len bytes of gen(@seed), then FIN. */
struct rx {
	__s64 id;
	size_t len;
	__u64 seed;
	unsigned char *copy;	/* if not NULL, gets the bytes */
	size_t got;
	bool fin;
	unsigned int pause_us;	/* a pause after each read */
	int watch;		/* > 0: a connection whose kept train pages */
	__u32 watch_pages;	/* are sampled after each read: the most seen */
};

/* The counters that explain a stall, of this netns. */
static void log_counters(struct __test_metadata *_metadata)
{
	static const char *const names[] = {
		"PacketsLost", "ProbeTimeouts", "StreamBytesRetransmitted",
		"DropBacklog", "DropDecryptFail", "DropMalformed",
	};
	char line[256];
	unsigned int i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(names) && n < (int)sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, " %s %lld", names[i],
			      tquic_stat(names[i]));
	TH_LOG("counters:%s", line);
}

/* What explains a stall of the connection of @fd, from its side. */
static void log_conn(struct __test_metadata *_metadata, const char *who,
		     int fd)
{
	struct tquic_connection_info ci;

	if (quic_conn_info(fd, &ci)) {
		TH_LOG("%s: no connection info: %s", who, strerror(errno));
		return;
	}
	TH_LOG("%s: state %u pto_count %u in_flight %llu cwnd %llu sent %llu rcvd %llu lost %llu ptos %llu stream sent %llu retrans %llu rcvd %llu srtt %llu us",
	       who, ci.state, ci.pto_count, ci.bytes_in_flight, ci.cwnd,
	       ci.packets_sent, ci.packets_received, ci.packets_lost,
	       ci.probe_timeouts, ci.stream_bytes_sent,
	       ci.stream_bytes_retransmitted, ci.stream_bytes_received,
	       ci.srtt_us);
}

/*
 * Read until every stream of @rx saw its FIN, checking each byte, the
 * stream ids, the UNI flag and where FIN falls.  0, or -1 with a log.
 */
static int rx_check(struct __test_metadata *_metadata, int fd,
		    struct rx *rx, int n, unsigned char *buf, size_t size)
{
	int i, left = n, reads = 0;
	struct tquic_connection_info ci;
	struct rx *s;
	__u32 fl;
	__s64 id;
	ssize_t r;
	size_t k;

	while (left) {
		r = quic_stream_recv(fd, buf, size, &id, &fl, NULL);
		reads++;
		if (r < 0) {
			TH_LOG("recvmsg %d: %s", reads, strerror(errno));
			log_counters(_metadata);
			return -1;
		}
		if (id < 0) {
			TH_LOG("recvmsg %d: %zd bytes, no stream control message%s",
			       reads, r, r ? "" : " (connection closed)");
			return -1;
		}
		for (s = NULL, i = 0; i < n; i++)
			if (rx[i].id == id)
				s = &rx[i];
		if (!s || s->fin || s->got + r > s->len || (fl & DGRAM)) {
			TH_LOG("stream %lld: %zd bytes, flags %#x, unexpected after %zu",
			       (long long)id, r, fl, s ? s->got : 0);
			return -1;
		}
		if (!(fl & UNI) != !(id & 2)) {
			TH_LOG("stream %lld: flags %#x", (long long)id, fl);
			return -1;
		}
		for (k = 0; k < (size_t)r; k++) {
			if (buf[k] != gen_byte(s->seed, s->got + k)) {
				TH_LOG("stream %lld: byte %zu differs",
				       (long long)id, s->got + k);
				return -1;
			}
		}
		if (s->copy)
			memcpy(s->copy + s->got, buf, r);
		s->got += r;
		if (s->watch > 0 && !quic_conn_info(s->watch, &ci) &&
		    ci.send_pages > s->watch_pages)
			s->watch_pages = ci.send_pages;
		if (s->pause_us)
			usleep(s->pause_us);
		if (fl & FIN) {
			if (s->got != s->len) {
				TH_LOG("stream %lld: FIN after %zu of %zu bytes",
				       (long long)id, s->got, s->len);
				return -1;
			}
			s->fin = true;
			left--;
		} else if (!r) {
			TH_LOG("stream %lld: 0 bytes without FIN",
			       (long long)id);
			return -1;
		}
	}
	return 0;
}

/* rx_check() with a buffer of 64 KiB of its own (readers may run in
 * threads: the kernel writes into a buffer lent while its reader
 * sleeps, rxzc.c)
 */
static int rx_run(struct __test_metadata *_metadata, int fd, struct rx *rx,
		  int n)
{
	unsigned char *buf = malloc(65536);
	int ret = rx_check(_metadata, fd, rx, n, buf, 65536);

	free(buf);
	return ret;
}

/* @len (at most 64) bytes of gen(@seed) on stream @id with @flags. */
static ssize_t send_gen(int fd, __s64 id, __u32 flags, size_t len,
			__u64 seed, int msg_flags)
{
	unsigned char buf[64];

	gen(buf, len, seed, 0);
	return quic_stream_send(fd, id, flags, buf, len, msg_flags);
}

static __u64 varint_get(const unsigned char **p, const unsigned char *end)
{
	unsigned int n;
	__u64 v;

	if (*p >= end)
		return TP_ABSENT;
	n = 1U << (**p >> 6);
	if (*p + n > end)
		return TP_ABSENT;
	v = **p & 0x3f;
	while (--n)
		v = v << 8 | *++*p;
	++*p;
	return v;
}

static size_t varint_put(unsigned char *p, __u64 v)
{
	int n = v < 64 ? 1 : v < 16384 ? 2 : v < (1U << 30) ? 4 : 8;
	int i;

	for (i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
	p[0] |= (n == 1 ? 0 : n == 2 ? 1 : n == 4 ? 2 : 3) << 6;
	return n;
}

/* The value of parameter @id in an extension; *@vlen its length. */
static const unsigned char *tp_find(const unsigned char *ext, size_t len,
				    __u64 id, size_t *vlen)
{
	const unsigned char *p = ext, *end = ext + len;
	__u64 pid, plen;

	while (p < end) {
		pid = varint_get(&p, end);
		plen = varint_get(&p, end);
		if (pid == TP_ABSENT || plen == TP_ABSENT ||
		    plen > (size_t)(end - p))
			return NULL;
		if (pid == id) {
			*vlen = plen;
			return p;
		}
		p += plen;
	}
	return NULL;
}

/* An integer parameter's value, or TP_ABSENT. */
static __u64 tp_int(const unsigned char *ext, size_t len, __u64 id)
{
	const unsigned char *v;
	size_t vlen;

	v = tp_find(ext, len, id, &vlen);
	return v ? varint_get(&v, v + vlen) : TP_ABSENT;
}

/* @ext without parameter @id in @out; returns the length. */
static size_t tp_drop(unsigned char *out, const unsigned char *ext,
		      size_t len, __u64 id)
{
	const unsigned char *p = ext, *end = ext + len, *start;
	__u64 pid, plen;
	size_t n = 0;

	while (p < end) {
		start = p;
		pid = varint_get(&p, end);
		plen = varint_get(&p, end);
		p += plen;
		if (pid != id) {
			memcpy(out + n, start, p - start);
			n += p - start;
		}
	}
	return n;
}

/* @ext with parameter @id (dropped where it was) set to @value at the end. */
static size_t tp_set(unsigned char *out, const unsigned char *ext,
		     size_t len, __u64 id, __u64 value)
{
	unsigned char v[8];
	size_t n = tp_drop(out, ext, len, id), vl;

	vl = varint_put(v, value);
	n += varint_put(out + n, id);
	n += varint_put(out + n, vl);
	memcpy(out + n, v, vl);
	return n + vl;
}

static int get_ext(int fd, unsigned char *ext, socklen_t *len)
{
	*len = TQUIC_TRANSPORT_PARAM_EXT_MAX;
	return getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT,
			  ext, len);
}

static int set_ext(int fd, const unsigned char *ext, socklen_t len)
{
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT, ext,
			  len);
}

TEST_F(st, params_and_completion)
{
	static const unsigned char small[] = { TP_MAX_DATA, 1, 0 };
	unsigned char cext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	unsigned char sext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	struct tquic_transport_param ctp, stp;
	socklen_t clen, slen;
	struct rx rx = { .id = 0, .len = 4, .seed = 7 };
	__u64 v;
	size_t vlen;
	int fd, c2, s2;

	ASSERT_EQ(0, tp_defaults(self, &ctp));
	stp = ctp;
	ctp.max_data = 123456;
	ctp.max_streams_bidi = 7;
	ctp.max_datagram_frame_size = 0;
	stp.max_data = 654321;
	stp.max_streams_uni = 9;
	stp.max_datagram_frame_size = 1200;

	/* No connection: neither get nor set */
	fd = new_socket(self, NULL);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, get_ext(fd, cext, &clen));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, set_ext(fd, small, sizeof(small)));
	EXPECT_EQ(ENOTCONN, errno);
	ASSERT_EQ(0, listener(_metadata, self, &self->l, &stp, NULL));
	EXPECT_EQ(-1, get_ext(self->l.fd, cext, &clen));
	EXPECT_EQ(ENOTCONN, errno);

	/* Only the ClientHello crossed: no secrets, no parameters */
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, &ctp, &self->cfd,
			       &self->sfd, false));
	EXPECT_EQ(-1, quic_complete(self->cfd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_complete(self->sfd));
	EXPECT_EQ(EINVAL, errno);
	/* All secrets, but no peer parameters */
	ASSERT_EQ(0, quic_handshake(self->cfd, self->sfd));
	EXPECT_EQ(-1, quic_complete(self->cfd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_complete(self->sfd));
	EXPECT_EQ(EINVAL, errno);

	/* Each end's extension says what it announces (RFC 9000, 18.2) */
	ASSERT_EQ(0, get_ext(self->cfd, cext, &clen));
	ASSERT_EQ(0, get_ext(self->sfd, sext, &slen));
	EXPECT_LT(0, clen);
	EXPECT_LT(0, slen);
	EXPECT_EQ(ctp.max_data, tp_int(cext, clen, TP_MAX_DATA));
	EXPECT_EQ(ctp.max_streams_bidi,
		  tp_int(cext, clen, TP_MAX_STREAMS_BIDI));
	v = tp_int(cext, clen, TP_MAX_DATAGRAM);
	EXPECT_TRUE(v == 0 || v == TP_ABSENT);
	EXPECT_EQ(stp.max_data, tp_int(sext, slen, TP_MAX_DATA));
	EXPECT_EQ(stp.max_streams_uni, tp_int(sext, slen, TP_MAX_STREAMS_UNI));
	EXPECT_EQ(1200, tp_int(sext, slen, TP_MAX_DATAGRAM));
	EXPECT_NE(NULL, tp_find(cext, clen, TP_ISCID, &vlen));
	EXPECT_NE(NULL, tp_find(sext, slen, TP_ISCID, &vlen));
	EXPECT_NE(NULL, tp_find(sext, slen, TP_ODCID, &vlen));
	EXPECT_EQ(NULL, tp_find(cext, clen, TP_ODCID, &vlen));
	EXPECT_EQ(NULL, tp_find(cext, clen, TP_RESET_TOKEN, &vlen));
	/* A well-formed extension still needs a connection */
	EXPECT_EQ(-1, set_ext(fd, cext, clen));
	EXPECT_EQ(ENOTCONN, errno);

	/* The server has the client's, the client not yet the server's */
	ASSERT_EQ(0, set_ext(self->sfd, cext, clen));
	EXPECT_EQ(-1, quic_complete(self->cfd));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, set_ext(self->cfd, sext, slen));
	EXPECT_EQ(-1, set_ext(self->sfd, cext, clen));
	EXPECT_EQ(EALREADY, errno);
	EXPECT_EQ(-1, set_ext(self->cfd, sext, slen));
	EXPECT_EQ(EALREADY, errno);
	ASSERT_EQ(0, quic_complete(self->cfd));
	ASSERT_EQ(0, quic_complete(self->sfd));
	ASSERT_EQ(4, send_gen(self->cfd, 0, FIN, 4, 7, 0));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, &rx, 1));

	/* Peer parameters and the send half of the 1-RTT secrets: no */
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, &ctp, &c2, &s2,
			       false));
	ASSERT_EQ(0, quic_keys(c2, s2, TQUIC_CRYPTO_HANDSHAKE, 0x1301, 1,
			       0x1301, 2));
	ASSERT_EQ(0, quic_exchange_params(c2, s2));
	ASSERT_EQ(0, quic_set_secret(c2, TQUIC_CRYPTO_APP, 1, 0x1303, 3, 32));
	EXPECT_EQ(-1, quic_complete(c2));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, quic_set_secret(c2, TQUIC_CRYPTO_APP, 0, 0x1303, 4, 32));
	EXPECT_EQ(0, quic_complete(c2));
}

/*
 * Refused peer transport parameters (RFC 9000, 7.3, 7.4 and 18.2), each
 * on a connection of its own: EINVAL, and the connection is closed.
 */
enum bad_kind {
	BAD_BYTES, BAD_SHORT, BAD_EMPTY, BAD_SERVER_ONLY, BAD_NO_ODCID,
	BAD_ISCID, BAD_VALUE
};

static const struct {
	const char *what;
	enum bad_kind kind;
	__u64 id, value;	/* BAD_VALUE: parameter @id is @value */
} bad_params[] = {
	{ "four 0xff bytes", BAD_BYTES, 0, 0 },
	{ "the client's extension cut by a byte", BAD_SHORT, 0, 0 },
	{ "empty (no initial_source_connection_id)", BAD_EMPTY, 0, 0 },
	{ "server-only parameters from the client", BAD_SERVER_ONLY, 0, 0 },
	{ "server without original_destination_connection_id",
	  BAD_NO_ODCID, 0, 0 },
	{ "initial_source_connection_id not the peer's", BAD_ISCID, 0, 0 },
	{ "max_udp_payload_size 1199", BAD_VALUE, TP_MAX_UDP_PAYLOAD, 1199 },
	{ "ack_delay_exponent 21", BAD_VALUE, TP_ACK_DELAY_EXP, 21 },
	{ "max_ack_delay 2^14", BAD_VALUE, TP_MAX_ACK_DELAY, 1 << 14 },
	{ "active_connection_id_limit 1", BAD_VALUE, TP_CID_LIMIT, 1 },
	{ "initial_max_streams_bidi 2^60 + 1", BAD_VALUE, TP_MAX_STREAMS_BIDI,
	  (1ULL << 60) + 1 },
};

/*
 * @fd's connection was closed with TRANSPORT_PARAMETER_ERROR, by the
 * peer (@by_peer) or by this end; 0 or -1 with a log.
 */
static int closed_with(struct __test_metadata *_metadata, int fd,
		       int by_peer)
{
	union quic_close u;

	if (quic_close_get(fd, &u)) {
		TH_LOG("TQUIC_SOCKOPT_CONNECTION_CLOSE: %s", strerror(errno));
		return -1;
	}
	if (u.cc.errcode != TQUIC_ERR_TRANSPORT_PARAMETER_ERROR ||
	    u.cc.app || u.cc.by_peer != by_peer) {
		TH_LOG("closed with %#llx, app %u, by peer %u",
		       (unsigned long long)u.cc.errcode, u.cc.app,
		       u.cc.by_peer);
		return -1;
	}
	return 0;
}

TEST_F(st, bad_peer_params)
{
	unsigned char cext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	unsigned char sext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	unsigned char bad[TQUIC_TRANSPORT_PARAM_EXT_MAX + 16];
	unsigned char buf[64], *iscid;
	socklen_t clen, slen;
	size_t len, vlen;
	unsigned int k;
	int cfd, sfd, to, other;
	__u32 fl;
	__s64 id;
	ssize_t r;

	ASSERT_EQ(0, listener(_metadata, self, &self->l, NULL, NULL));
	for (k = 0; k < ARRAY_SIZE(bad_params); k++) {
		ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL, &cfd,
				       &sfd, true));
		ASSERT_EQ(0, get_ext(cfd, cext, &clen));
		ASSERT_EQ(0, get_ext(sfd, sext, &slen));
		to = sfd;	/* who gets the bad extension */
		len = clen;
		memcpy(bad, cext, clen);
		switch (bad_params[k].kind) {
		case BAD_BYTES:
			len = 4;
			memset(bad, 0xff, len);
			break;
		case BAD_SHORT:
			len = clen - 1;
			break;
		case BAD_EMPTY:
			len = 0;
			break;
		case BAD_SERVER_ONLY:
			len = slen;
			memcpy(bad, sext, slen);
			break;
		case BAD_NO_ODCID:
			to = cfd;
			break;
		case BAD_ISCID:
			iscid = (unsigned char *)tp_find(bad, len, TP_ISCID,
							 &vlen);
			ASSERT_NE(NULL, iscid);
			if (vlen)
				iscid[0] ^= 0x5a;
			else
				len = tp_set(bad, cext, clen, TP_ISCID, 0);
			break;
		case BAD_VALUE:
			len = tp_set(bad, cext, clen, bad_params[k].id,
				     bad_params[k].value);
			break;
		}
		errno = 0;
		EXPECT_EQ(-1, set_ext(to, bad, len)) {
			TH_LOG("%s: accepted", bad_params[k].what);
		}
		EXPECT_EQ(EINVAL, errno) {
			TH_LOG("%s: %s", bad_params[k].what, strerror(errno));
		}
		/* Closed with TRANSPORT_PARAMETER_ERROR: nothing completes it */
		EXPECT_EQ(0, closed_with(_metadata, to, 0)) {
			TH_LOG("%s: not closed", bad_params[k].what);
		}
		set_ext(to, to == sfd ? cext : sext, to == sfd ? clen : slen);
		EXPECT_EQ(-1, quic_complete(to)) {
			TH_LOG("%s: completed after all", bad_params[k].what);
		}
		if (k)
			continue;
		/* The peer hears of it: closed, not a timeout */
		other = to == sfd ? cfd : sfd;
		r = quic_stream_recv(other, buf, sizeof(buf), &id, &fl, NULL);
		EXPECT_TRUE(r == 0 || (r < 0 && errno != EAGAIN)) {
			TH_LOG("peer's recvmsg: %zd (%s)", r,
			       r < 0 ? strerror(errno) : "data");
		}
		EXPECT_EQ(0, closed_with(_metadata, other, 1));
	}
}

/*
 * On client bidi stream @id: @up bytes of gen(@seed) and FIN from the
 * client, read and checked by the server, which then sends back the
 * first @down of them and FIN (all of them: an echo), read and checked
 * by the client.
 */
static int up_and_back_on(struct __test_metadata *_metadata,
			  struct _test_data_st *self, __s64 id, size_t up,
			  size_t down, __u64 seed)
{
	unsigned char *copy = malloc(up);
	struct tx ctx = { .fd = self->cfd, .id = id, .len = up, .seed = seed };
	struct tx stx = { .fd = self->sfd, .id = id, .len = down,
			  .data = copy };
	struct txjob cj = { .tx = &ctx, .n = 1, .chunk = 65536 };
	struct txjob sj = { .tx = &stx, .n = 1, .chunk = 20000 };
	struct rx srx = { .id = id, .len = up, .seed = seed, .copy = copy };
	struct rx crx = { .id = id, .len = down, .seed = seed };
	int ret = -1;

	if (!copy || down > up || tx_start(&cj))
		goto out;
	ret = rx_run(_metadata, self->sfd, &srx, 1);
	if (ret) {
		log_conn(_metadata, "client", self->cfd);
		log_conn(_metadata, "server", self->sfd);
	}
	if (tx_wait(_metadata, &cj) || ret || tx_start(&sj)) {
		ret = -1;
		goto out;
	}
	ret = rx_run(_metadata, self->cfd, &crx, 1);
	if (tx_wait(_metadata, &sj))
		ret = -1;
out:
	free(copy);
	return ret;
}

/* up_and_back_on() stream 0 */
static int up_and_back(struct __test_metadata *_metadata,
		       struct _test_data_st *self, size_t up, size_t down,
		       __u64 seed)
{
	return up_and_back_on(_metadata, self, 0, up, down, seed);
}

TEST_F_TIMEOUT(st, bidi_1mib, 240)
{
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	EXPECT_EQ(0, up_and_back(_metadata, self, 1 << 20, 1 << 20, 11));
}

TEST_F_TIMEOUT(st, uni_streams, 120)
{
	struct tx ctx = { .id = 2, .len = 100 << 10, .seed = 21,
			  .fin_alone = true };
	struct tx stx = { .id = 3, .len = 100 << 10, .seed = 22 };
	struct txjob cj = { .tx = &ctx, .n = 1, .chunk = 10000 };
	struct txjob sj = { .tx = &stx, .n = 1, .chunk = 4096 };
	struct rx srx = { .id = 2, .len = 100 << 10, .seed = 21 };
	struct rx crx = { .id = 3, .len = 100 << 10, .seed = 22 };

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ctx.fd = self->cfd;
	stx.fd = self->sfd;
	ASSERT_EQ(0, tx_start(&cj));
	ASSERT_EQ(0, tx_start(&sj));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, &srx, 1));
	EXPECT_EQ(0, rx_run(_metadata, self->cfd, &crx, 1));
	EXPECT_EQ(0, tx_wait(_metadata, &cj));
	EXPECT_EQ(0, tx_wait(_metadata, &sj));
}

/*
 * A read takes as much of one stream as is queued and fits, across the
 * STREAM frames (packets) it came in: 60000 bytes read 200 ms apart come
 * in reads larger than any one packet, and intact; another stream's data
 * and a reset are never mixed into them.
 */
TEST_F_TIMEOUT(st, read_spans_frames, 120)
{
	static unsigned char data[60000], got[65536];
	size_t total = 0, other = 0;
	ssize_t n, most = 0;
	__u32 fl = 0;
	__s64 id;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	quic_pattern(data, sizeof(data), 31);
	ASSERT_EQ(sizeof(data), quic_stream_send(self->cfd, 0, 0, data,
						 sizeof(data), 0));
	ASSERT_EQ(10, quic_stream_send(self->cfd, 4, TQUIC_STREAM_FLAG_FIN,
				       data, 10, 0));
	ASSERT_EQ(0, quic_stream_send(self->cfd, 0, TQUIC_STREAM_FLAG_FIN,
				      NULL, 0, 0));
	while (!(fl & TQUIC_STREAM_FLAG_FIN) || id != 0) {
		usleep(200000);
		n = quic_stream_recv(self->sfd, got, sizeof(got), &id, &fl,
				     NULL);
		ASSERT_LE(0, n);
		if (id == 4) {
			ASSERT_GE(10, other + n);
			EXPECT_EQ(0, memcmp(got, data + other, n));
			other += n;
			fl = 0;
			continue;
		}
		ASSERT_EQ(0, id);
		ASSERT_GE(sizeof(data), total + n);
		EXPECT_EQ(0, memcmp(got, data + total, n));
		total += n;
		most = n > most ? n : most;
	}
	EXPECT_EQ(sizeof(data), total);
	EXPECT_EQ(10, other);
	TH_LOG("largest read %zd bytes", most);
	EXPECT_LT(1500, most);
}

#define MANY 64

TEST_F_TIMEOUT(st, many_streams, 180)
{
	struct tquic_transport_param stp;
	struct tx tx[MANY] = {};
	struct rx rx[MANY] = {};
	struct txjob j = { .tx = tx, .n = MANY, .chunk = 1024 };
	int i;

	ASSERT_EQ(0, tp_defaults(self, &stp));
	stp.max_streams_bidi = MANY;	/* exactly enough */
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, &stp));
	for (i = 0; i < MANY; i++) {
		tx[i].fd = self->cfd;
		tx[i].id = 4 * i;
		tx[i].len = 16 << 10;
		tx[i].seed = 1000 + i;
		rx[i].id = 4 * i;
		rx[i].len = 16 << 10;
		rx[i].seed = 1000 + i;
	}
	ASSERT_EQ(0, tx_start(&j));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, rx, MANY));
	EXPECT_EQ(0, tx_wait(_metadata, &j));
}

TEST_F_TIMEOUT(st, small_windows, 180)
{
	struct tquic_transport_param stp;
	struct tx t0 = { .id = 0, .len = 256 << 10, .seed = 31 };
	struct tx t2 = { .id = 2, .len = 64 << 10, .seed = 32 };
	struct txjob j0 = { .tx = &t0, .n = 1, .chunk = 65536 };
	struct txjob j2 = { .tx = &t2, .n = 1, .chunk = 3000 };
	struct rx rx[2] = { { .id = 0, .len = 256 << 10, .seed = 31 },
			    { .id = 2, .len = 64 << 10, .seed = 32 } };

	ASSERT_EQ(0, tp_defaults(self, &stp));
	stp.max_data = 16 << 10;
	stp.max_stream_data_bidi_local = 4 << 10;
	stp.max_stream_data_bidi_remote = 4 << 10;
	stp.max_stream_data_uni = 4 << 10;
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, &stp));
	t0.fd = self->cfd;
	t2.fd = self->cfd;
	ASSERT_EQ(0, tx_start(&j0));
	ASSERT_EQ(0, tx_start(&j2));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, rx, 2));
	EXPECT_EQ(0, tx_wait(_metadata, &j0));
	EXPECT_EQ(0, tx_wait(_metadata, &j2));
}

/*
 * The server allows two bidirectional streams and one unidirectional:
 * the client's third (8) and second (6) wait, fail with EAGAIN under
 * MSG_DONTWAIT, and open once the server has finished the first ones.
 */
TEST_F_TIMEOUT(st, stream_limit, 120)
{
	struct tquic_transport_param stp;
	struct tx late[2] = { { .id = 8, .len = 1, .seed = 8 },
			      { .id = 6, .len = 1, .seed = 6 } };
	struct txjob j = { .tx = late, .n = 2, .chunk = 64 };
	struct rx first[3] = { { .id = 0, .len = 1, .seed = 0 },
			       { .id = 4, .len = 1, .seed = 4 },
			       { .id = 2, .len = 1, .seed = 2 } };
	struct rx fins[2] = { { .id = 0 }, { .id = 4 } };
	struct rx then[2] = { { .id = 8, .len = 1, .seed = 8 },
			      { .id = 6, .len = 1, .seed = 6 } };

	ASSERT_EQ(0, tp_defaults(self, &stp));
	stp.max_streams_bidi = 2;
	stp.max_streams_uni = 1;
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, &stp));
	ASSERT_EQ(1, send_gen(self->cfd, 0, 0, 1, 0, 0));
	ASSERT_EQ(1, send_gen(self->cfd, 4, 0, 1, 4, 0));
	ASSERT_EQ(1, send_gen(self->cfd, 2, FIN, 1, 2, 0));
	EXPECT_EQ(-1, send_gen(self->cfd, 8, 0, 1, 8, MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(-1, send_gen(self->cfd, 6, 0, 1, 6, MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	/* These wait (in a thread) for the server's MAX_STREAMS. */
	late[0].fd = self->cfd;
	late[1].fd = self->cfd;
	ASSERT_EQ(0, tx_start(&j));
	ASSERT_EQ(0, send_gen(self->cfd, 0, FIN, 0, 0, 0));
	ASSERT_EQ(0, send_gen(self->cfd, 4, FIN, 0, 4, 0));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, first, 3));
	/* The server ends its halves too: 0 and 4 are closed. */
	EXPECT_EQ(0, send_gen(self->sfd, 0, FIN, 0, 0, 0));
	EXPECT_EQ(0, send_gen(self->sfd, 4, FIN, 0, 0, 0));
	EXPECT_EQ(0, rx_run(_metadata, self->cfd, fins, 2));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, then, 2));
	EXPECT_EQ(0, tx_wait(_metadata, &j));
}

/* Datagram @i: index, size, then gen(5000 + @i). */
static size_t dgram_make(unsigned char *p, unsigned int i, size_t size)
{
	p[0] = i;
	p[1] = size >> 8;
	p[2] = size;
	p[3] = ~i;
	gen(p + 4, size - 4, 5000 + i, 0);
	return size;
}

/* A whole datagram as dgram_make() made it; its index or -1. */
static int dgram_check(const unsigned char *p, size_t n)
{
	size_t k;

	if (n < 4 || (unsigned char)~p[0] != p[3] ||
	    (size_t)(p[1] << 8 | p[2]) != n)
		return -1;
	for (k = 4; k < n; k++)
		if (p[k] != gen_byte(5000 + p[0], k - 4))
			return -1;
	return p[0];
}

/* A connected pair whose ends both take DATAGRAM frames of 1200 bytes. */
static int connect_dgram_pair(struct __test_metadata *_metadata,
			      struct _test_data_st *self)
{
	struct tquic_transport_param tp;

	if (tp_defaults(self, &tp))
		return -1;
	tp.max_datagram_frame_size = 1200;
	return connect_pair(_metadata, self, &tp, &tp);
}

#define NDGRAM 100

TEST_F_TIMEOUT(st, datagrams, 120)
{
	struct tquic_transport_param ctp, stp;
	static unsigned char buf[4096];
	bool seen[NDGRAM] = {};
	int i, idx, mf, got = 0, c2, s2;
	long long drops;
	struct lsn l2;
	size_t size;
	__u32 fl;
	__s64 id;
	ssize_t r;

	ASSERT_EQ(0, connect_dgram_pair(_metadata, self));
	drops = tquic_stat("DropDatagram");
	for (i = 0; i < NDGRAM; i++) {
		size = dgram_make(buf, i, 4 + (i * 131) % 1000);
		ASSERT_EQ(size, quic_stream_send(self->cfd, 0, DGRAM, buf,
						 size, 0)) {
			TH_LOG("datagram %d: %s", i, strerror(errno));
		}
	}
	for (i = 0; i < NDGRAM; i++) {
		r = quic_stream_recv(self->sfd, buf, sizeof(buf), &id, &fl,
				     &mf);
		ASSERT_LT(0, r) {
			TH_LOG("datagram %d of %d: %s (DropDatagram %lld)",
			       i + 1, NDGRAM, r ? strerror(errno) : "closed",
			       tquic_stat("DropDatagram") - drops);
		}
		EXPECT_EQ(DGRAM, fl & (DGRAM | FIN));
		EXPECT_EQ(0, mf & MSG_TRUNC);
		idx = dgram_check(buf, r);
		EXPECT_LE(0, idx) {
			TH_LOG("datagram of %zd bytes damaged", r);
		}
		if (idx >= 0 && idx < NDGRAM && !seen[idx]) {
			seen[idx] = true;
			got++;
		}
	}
	EXPECT_EQ(NDGRAM, got);
	EXPECT_EQ(drops, tquic_stat("DropDatagram"));

	/* Server to client; a short buffer truncates one datagram only. */
	ASSERT_EQ(600, quic_stream_send(self->sfd, 0, DGRAM, buf,
					dgram_make(buf, 200, 600), 0));
	ASSERT_EQ(50, quic_stream_send(self->sfd, 0, DGRAM, buf,
				       dgram_make(buf, 201, 50), 0));
	r = quic_stream_recv(self->cfd, buf, 100, &id, &fl, &mf);
	ASSERT_LT(0, r);
	EXPECT_EQ(DGRAM, fl & DGRAM);
	if (buf[0] == 200) {
		EXPECT_EQ(100, r);
		EXPECT_EQ(MSG_TRUNC, mf & MSG_TRUNC);
		EXPECT_EQ(gen_byte(5200, 95), buf[99]);
		r = quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				     &mf);
		EXPECT_EQ(201, dgram_check(buf, r));
		EXPECT_EQ(0, mf & MSG_TRUNC);
	} else {
		EXPECT_EQ(201, dgram_check(buf, r));
		EXPECT_EQ(0, mf & MSG_TRUNC);
		r = quic_stream_recv(self->cfd, buf, 100, &id, &fl, &mf);
		EXPECT_EQ(100, r);
		EXPECT_EQ(MSG_TRUNC, mf & MSG_TRUNC);
		EXPECT_EQ(200, buf[0]);
	}

	/* Over the peer's limit */
	EXPECT_EQ(-1, quic_stream_send(self->cfd, 0, DGRAM, buf, 1201, 0));
	EXPECT_EQ(EMSGSIZE, errno);
	EXPECT_EQ(-1, quic_stream_send(self->sfd, 0, DGRAM, buf, 1201, 0));
	EXPECT_EQ(EMSGSIZE, errno);

	/*
	 * A server that announced none, a client that announced 65535:
	 * the client may not send any; the server only what fits a packet.
	 */
	ASSERT_EQ(0, tp_defaults(self, &ctp));
	stp = ctp;
	stp.max_datagram_frame_size = 0;
	ctp.max_datagram_frame_size = 65535;
	ASSERT_EQ(0, listener(_metadata, self, &l2, &stp, NULL));
	ASSERT_EQ(0, open_pair(_metadata, self, &l2, &ctp, &c2, &s2, true));
	ASSERT_EQ(0, finish_pair(_metadata, c2, s2));
	EXPECT_EQ(-1, quic_stream_send(c2, 0, DGRAM, buf, 10, 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, quic_stream_send(s2, 0, DGRAM, buf, 2000, 0));
	EXPECT_EQ(EMSGSIZE, errno);
	ASSERT_EQ(10, quic_stream_send(s2, 0, DGRAM, buf,
				       dgram_make(buf, 7, 10), 0));
	r = quic_stream_recv(c2, buf, sizeof(buf), &id, &fl, &mf);
	EXPECT_EQ(7, dgram_check(buf, r));
	EXPECT_EQ(DGRAM, fl & DGRAM);
}

TEST_F_TIMEOUT(st, bad_stream_ids, 60)
{
	struct rx srx[2] = { { .id = 0, .len = 3, .seed = 40 },
			     { .id = 2, .len = 3, .seed = 42 } };
	struct rx crx[2] = { { .id = 0, .len = 3, .seed = 50 },
			     { .id = 1, .len = 1, .seed = 51 } };
	static const struct {
		bool server;
		__s64 id;
		const char *what;
	} bad[] = {
		{ false, 1, "server bidi 1, not opened" },
		{ false, 5, "server bidi 5, not opened" },
		{ false, 3, "server uni 3" },
		{ true, 0, "client bidi 0, not opened" },
		{ true, 4, "client bidi 4, not opened" },
		{ true, 2, "client uni 2, not opened" },
		{ false, -1, "id -1" },
		{ false, 1LL << 62, "id 2^62" },
		{ true, -4, "id -4" },
	};
	unsigned int i;
	int fd;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	/* No control message: EINVAL */
	EXPECT_EQ(-1, send(self->cfd, "x", 1, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, send(self->sfd, "x", 1, 0));
	EXPECT_EQ(EINVAL, errno);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fd = bad[i].server ? self->sfd : self->cfd;
		errno = 0;
		EXPECT_EQ(-1, send_gen(fd, bad[i].id, 0, 1, 0, 0)) {
			TH_LOG("%s: sent", bad[i].what);
		}
		EXPECT_EQ(EINVAL, errno) {
			TH_LOG("%s: %s", bad[i].what, strerror(errno));
		}
	}
	/* The client opens 0 and 2; the server may answer on 0 only. */
	ASSERT_EQ(3, send_gen(self->cfd, 0, FIN, 3, 40, 0));
	ASSERT_EQ(3, send_gen(self->cfd, 2, FIN, 3, 42, 0));
	ASSERT_EQ(0, rx_run(_metadata, self->sfd, srx, 2));
	EXPECT_EQ(-1, send_gen(self->sfd, 2, 0, 1, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, send_gen(self->sfd, 4, 0, 1, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(3, send_gen(self->sfd, 0, FIN, 3, 50, 0));
	/* and opens its own stream 1 */
	EXPECT_EQ(1, send_gen(self->sfd, 1, FIN, 1, 51, 0));
	EXPECT_EQ(0, rx_run(_metadata, self->cfd, crx, 2));
}

static int run(struct __test_metadata *_metadata, const char *cmd)
{
	int ret = system(cmd);

	if (ret)
		TH_LOG("%s: exit status %d", cmd, ret);
	return ret;
}

/* Veth end @dev as 10.77.0.@host and fd77::@host, up, 5 ms of delay. */
static int veth_end(struct __test_metadata *_metadata, const char *dev,
		    int host)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "ip addr add 10.77.0.%d/24 dev %s", host,
		 dev);
	if (run(_metadata, cmd))
		return -1;
	snprintf(cmd, sizeof(cmd), "ip addr add fd77::%d/64 dev %s nodad",
		 host, dev);
	if (run(_metadata, cmd))
		return -1;
	snprintf(cmd, sizeof(cmd), "ip link set %s up", dev);
	if (run(_metadata, cmd))
		return -1;
	snprintf(cmd, sizeof(cmd), "tc qdisc add dev %s root netem delay 5ms",
		 dev);
	return run(_metadata, cmd);
}

/*
 * The client here, the server (self->l) in a second netns behind a veth
 * pair with 5 ms of delay each way; the server's end has an MTU of
 * @server_mtu.  Returns the second netns (or -1 on failure), *@here the
 * first.
 */
static int two_netns(struct __test_metadata *_metadata,
		     struct _test_data_st *self, int server_mtu, int *here)
{
	const bool v4 = self->family == AF_INET;
	struct sockaddr_storage sa = {};
	int there, ret;
	char cmd[512];

	*here = track(self, open("/proc/self/ns/net", O_RDONLY));
	if (*here < 0 || unshare(CLONE_NEWNET))
		return -1;
	there = track(self, open("/proc/self/ns/net", O_RDONLY));
	if (there < 0 || run(_metadata, "ip link set lo up") ||
	    setns(*here, CLONE_NEWNET))
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "ip link add stq0 type veth peer name stq1 netns /proc/%d/fd/%d",
		 getpid(), there);
	if (run(_metadata, cmd) || veth_end(_metadata, "stq0", 1) ||
	    setns(there, CLONE_NEWNET))
		return -1;
	ret = veth_end(_metadata, "stq1", 2);
	snprintf(cmd, sizeof(cmd), "ip link set stq1 mtu %d", server_mtu);
	if (!ret)
		ret = run(_metadata, cmd);
	if (v4) {
		struct sockaddr_in *a = (void *)&sa;

		a->sin_family = AF_INET;
		inet_pton(AF_INET, "10.77.0.2", &a->sin_addr);
	} else {
		struct sockaddr_in6 *a = (void *)&sa;

		a->sin6_family = AF_INET6;
		inet_pton(AF_INET6, "fd77::2", &a->sin6_addr);
	}
	if (!ret)
		ret = listener(_metadata, self, &self->l, NULL, &sa);
	if (setns(*here, CLONE_NEWNET) || ret)
		return -1;
	return there;
}

/*
 * The client here, the server in a second netns behind a veth pair.
 * The handshake crosses with 5 ms of delay; then both directions get
 * the netem qdisc @netem while 2 MiB go up and 64 KiB come back.  When
 * it @loses packets, the client must count losses and retransmissions.
 */
static void netem_path(struct __test_metadata *_metadata,
		       struct _test_data_st *self, const char *netem,
		       bool loses)
{
	long long lost0, retr0;
	int here, there, ret;
	char cmd[512];

	there = two_netns(_metadata, self, 1500, &here);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL, &self->cfd,
			       &self->sfd, true));
	ASSERT_EQ(0, finish_pair(_metadata, self->cfd, self->sfd));
	snprintf(cmd, sizeof(cmd), "tc qdisc change dev stq0 root %s", netem);
	ASSERT_EQ(0, run(_metadata, cmd));
	ASSERT_EQ(0, setns(there, CLONE_NEWNET));
	snprintf(cmd, sizeof(cmd), "tc qdisc change dev stq1 root %s", netem);
	ret = run(_metadata, cmd);
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	ASSERT_EQ(0, ret);

	/* Losses back the probe timeout off (doubling); a reader gives up
	 * only after a stall no backoff explains
	 */
	quic_timeouts(self->cfd, 3 * WAIT_MS);
	quic_timeouts(self->sfd, 3 * WAIT_MS);
	lost0 = tquic_stat("PacketsLost");
	retr0 = tquic_stat("StreamBytesRetransmitted");
	EXPECT_EQ(0, up_and_back(_metadata, self, 2 << 20, 64 << 10, 61));
	if (!loses)
		return;
	/* The client sent most and counts its losses in this netns. */
	if (lost0 < 0 || retr0 < 0)
		TH_LOG("PacketsLost or StreamBytesRetransmitted missing");
	EXPECT_LT(lost0, tquic_stat("PacketsLost"));
	EXPECT_LT(retr0, tquic_stat("StreamBytesRetransmitted"));
}

/* 5% loss and 10% reordering both ways */
TEST_F_TIMEOUT(st, lossy_path, 300)
{
	netem_path(_metadata, self, "netem loss 5% delay 5ms reorder 10%",
		   true);
}

/* The same apart: loss alone, reordering alone */
TEST_F_TIMEOUT(st, loss_only_path, 300)
{
	netem_path(_metadata, self, "netem loss 5% delay 5ms", true);
}

TEST_F_TIMEOUT(st, reorder_only_path, 300)
{
	netem_path(_metadata, self, "netem delay 5ms reorder 10%", false);
}

/* @fd's connection closed with @code, @app, @by_peer and @reason. */
static void expect_closed(struct __test_metadata *_metadata, int fd,
			  __u64 code, int app, int by_peer, const char *reason)
{
	union quic_close u;

	ASSERT_EQ(0, quic_close_get(fd, &u));
	EXPECT_EQ(code, u.cc.errcode);
	EXPECT_EQ(app, u.cc.app);
	EXPECT_EQ(by_peer, u.cc.by_peer);
	EXPECT_EQ(strlen(reason), u.cc.reason_len);
	EXPECT_EQ(0, memcmp(u.cc.reason, reason, strlen(reason)));
}

/*
 * An application close with an error code and a reason: refused
 * arguments, then what each end sees - the closer reads 0 and cannot
 * write, the peer reads ECONNRESET and both report the same close.
 */
TEST_F_TIMEOUT(st, close_with_reason, 60)
{
	union quic_close u = {};
	unsigned char buf[16];
	__u32 fl;
	__s64 id;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	EXPECT_EQ(-1, quic_close_get(self->cfd, &u));
	EXPECT_EQ(ENOTCONN, errno);
	/* a transport close other than a TLS alert; bad @app; reserved */
	EXPECT_EQ(-1, quic_close_now(self->cfd, 0, 0x42, "x"));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_close_now(self->cfd, 0, 0x200, "x"));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_close_now(self->cfd, 2, 1, ""));
	EXPECT_EQ(EINVAL, errno);
	u.cc.app = 1;
	u.cc.reserved = 1;
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC,
				 TQUIC_SOCKOPT_CONNECTION_CLOSE, &u,
				 sizeof(u.cc)));
	EXPECT_EQ(EINVAL, errno);
	u.cc.reserved = 0;
	u.cc.reason_len = 5;	/* more than given */
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC,
				 TQUIC_SOCKOPT_CONNECTION_CLOSE, &u,
				 sizeof(u.cc) + 2));
	EXPECT_EQ(EINVAL, errno);

	ASSERT_EQ(0, quic_close_now(self->cfd, 1, 0x42, "bye now"));
	EXPECT_EQ(-1, quic_stream_send(self->cfd, 0, 0, "x", 1, 0));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(0, quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				      NULL));
	expect_closed(_metadata, self->cfd, 0x42, 1, 0, "bye now");
	EXPECT_EQ(-1, quic_close_now(self->cfd, 1, 1, ""));
	EXPECT_EQ(EPIPE, errno);

	EXPECT_EQ(-1, quic_stream_recv(self->sfd, buf, sizeof(buf), &id, &fl,
				       NULL));
	EXPECT_EQ(ECONNRESET, errno);
	expect_closed(_metadata, self->sfd, 0x42, 1, 1, "bye now");
}

/* A TLS alert goes out as CRYPTO_ERROR (0x100 + alert), a transport close. */
TEST_F_TIMEOUT(st, close_tls_alert, 60)
{
	unsigned char buf[16];
	__u32 fl;
	__s64 id;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, quic_close_now(self->sfd, 0, 0x100 + 40,
				    "handshake failure"));
	EXPECT_EQ(-1, quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				       NULL));
	EXPECT_EQ(ECONNRESET, errno);
	expect_closed(_metadata, self->cfd, 0x128, 0, 1, "handshake failure");
}

/*
 * close() right after writing: the data still in flight reaches the peer
 * (close waits for its acknowledgment), then the peer reads the clean
 * close (application error 0) as the end.
 */
TEST_F_TIMEOUT(st, close_flushes_data, 120)
{
	const size_t len = 1 << 20;
	unsigned char *data, *got;
	int sndbuf = 8 << 20;
	size_t off = 0;
	__u32 fl = 0;
	__s64 id;
	ssize_t r;

	data = malloc(len);
	got = malloc(len);
	ASSERT_TRUE(data && got);
	gen(data, len, 77, 0);
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	/* Room for all of it unacknowledged: close() must wait. */
	ASSERT_EQ(0, setsockopt(self->cfd, SOL_SOCKET, SO_SNDBUFFORCE,
				&sndbuf, sizeof(sndbuf)));
	ASSERT_EQ(len, quic_stream_send(self->cfd, 0, FIN, data, len, 0));
	ASSERT_EQ(0, close(self->cfd));
	self->cfd = -1;
	while (off < len || !(fl & FIN)) {
		r = quic_stream_recv(self->sfd, got + off, len - off, &id, &fl,
				     NULL);
		ASSERT_LE(0, r) {
			TH_LOG("after %zu bytes: %s", off, strerror(errno));
		}
		ASSERT_EQ(0, id);
		off += r;
		ASSERT_LE(off, len);
	}
	EXPECT_EQ(0, memcmp(data, got, len));
	EXPECT_EQ(0, quic_stream_recv(self->sfd, got, 16, &id, &fl, NULL));
	expect_closed(_metadata, self->sfd, 0, 1, 1, "");
	free(data);
	free(got);
}

/* Both ends announce a 1 s idle timeout; nothing is sent; both close. */
TEST_F_TIMEOUT(st, idle_timeout, 60)
{
	struct tquic_transport_param tp;
	unsigned char buf[16];
	__u32 fl;
	__s64 id;

	ASSERT_EQ(0, tp_defaults(self, &tp));
	tp.max_idle_timeout = 1000;
	ASSERT_EQ(0, connect_pair(_metadata, self, &tp, &tp));
	EXPECT_EQ(-1, quic_stream_recv(self->sfd, buf, sizeof(buf), &id, &fl,
				       NULL));
	EXPECT_EQ(ETIMEDOUT, errno);
	expect_closed(_metadata, self->sfd, 0, 0, 0, "idle timeout");
	EXPECT_EQ(-1, quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				       NULL));
	EXPECT_EQ(ETIMEDOUT, errno);
	EXPECT_EQ(-1, quic_stream_send(self->cfd, 0, 0, "x", 1, 0));
	EXPECT_EQ(EPIPE, errno);
}

/*
 * Key updates while data flows, started by either end in turn: every
 * byte arrives, both ends count each update, and an update before the
 * handshake is refused.
 */
TEST_F_TIMEOUT(st, key_update, 120)
{
	const size_t chunk = 64 << 10, n = 16;
	unsigned char *data, *got;
	long long ku0, dec0;
	size_t i, off;
	__u32 fl;
	__s64 id;
	ssize_t r;

	data = malloc(chunk);
	got = malloc(chunk);
	ASSERT_TRUE(data && got);
	ASSERT_EQ(-1, setsockopt(new_socket(self, NULL), SOL_QUIC,
				 TQUIC_SOCKOPT_KEY_UPDATE, NULL, 0));
	EXPECT_EQ(ENOTCONN, errno);
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ku0 = tquic_stat("KeyUpdates");
	dec0 = tquic_stat("DropDecryptFail");
	for (i = 0; i < n; i++) {
		if (i % 2 == 1)
			ASSERT_EQ(0, quic_key_update(i % 4 == 1 ?
						     self->cfd : self->sfd)) {
				TH_LOG("update %zu: %s", i / 2, strerror(errno));
			}
		gen(data, chunk, 9, i * chunk);
		ASSERT_EQ(chunk, quic_stream_send(self->cfd, 0,
						  i == n - 1 ? FIN : 0, data,
						  chunk, 0));
		for (off = 0; off < chunk; off += r) {
			r = quic_stream_recv(self->sfd, got + off, chunk - off,
					     &id, &fl, NULL);
			ASSERT_LT(0, r) {
				TH_LOG("chunk %zu: %s", i, strerror(errno));
			}
		}
		ASSERT_EQ(0, memcmp(data, got, chunk));
		/* Echo a little so the server's phase shows too. */
		ASSERT_EQ(4, quic_stream_send(self->sfd, 0, 0, got, 4, 0));
		ASSERT_EQ(4, quic_stream_recv(self->cfd, got, 4, &id, &fl,
					      NULL));
	}
	/* Eight updates, each counted by both ends (one netns).  The end
	 * that started the last one counts it when the peer's next packet
	 * comes, which may be an ACK up to max_ack_delay later.
	 */
	EXPECT_EQ(ku0 + 2 * (long long)(n / 2),
		  tquic_stat_within("KeyUpdates", ku0 + (long long)n, 1000));
	/* No packet was lost to a key it could not open */
	EXPECT_EQ(dec0, tquic_stat("DropDecryptFail"));
	free(data);
	free(got);
}

/* @len bytes of gen(@seed) from @from to @to on stream 0, checked. */
static int one_chunk(struct __test_metadata *_metadata, int from, int to,
		     size_t len, __u64 seed)
{
	unsigned char *data = malloc(len), *got = malloc(len);
	size_t off;
	ssize_t r;
	__u32 fl;
	__s64 id;
	int ret = -1;

	if (!data || !got)
		goto out;
	gen(data, len, seed, 0);
	if (quic_stream_send(from, 0, 0, data, len, 0) != (ssize_t)len)
		goto out;
	for (off = 0; off < len; off += r) {
		r = quic_stream_recv(to, got + off, len - off, &id, &fl, NULL);
		if (r <= 0 || id != 0) {
			TH_LOG("after %zu bytes: %zd (%s)", off, r,
			       strerror(errno));
			goto out;
		}
	}
	ret = memcmp(data, got, len) ? -1 : 0;
out:
	free(data);
	free(got);
	return ret;
}

static int port_of(const struct sockaddr_storage *a)
{
	return ntohs(a->ss_family == AF_INET ?
		     ((const struct sockaddr_in *)a)->sin_port :
		     ((const struct sockaddr_in6 *)a)->sin6_port);
}

/* A stateless port rewrite before conntrack, on loopback's output */
/* Base chains register netfilter hooks, which flips a static key; QEMU's
 * TCG can miss that text patching on a vCPU sending at the moment (an
 * Oops: int3 in __ip_local_out), so the tests make their chains before
 * any traffic and only add rules while connections are up.  A test's
 * table goes with its netns, torn down while the next test sends: the
 * output hooks' keys are held on for the whole run by a chain in the
 * initial netns (nf_keys_hold()), so that the teardown does not patch
 * text either.
 */
static pid_t nf_keys_pid;

static void __attribute__((constructor)) nf_keys_hold(void)
{
	if (system("nft add table inet tqkeep && nft add chain inet tqkeep out '{ type filter hook output priority 0; }'"))
		fprintf(stderr, "# netfilter output hooks not held\n");
	nf_keys_pid = getpid();
}

/* Only the harness's own process (tests run in children) lets go. */
static void __attribute__((destructor)) nf_keys_release(void)
{
	if (getpid() == nf_keys_pid &&
	    system("nft delete table inet tqkeep 2>/dev/null"))
		fprintf(stderr, "# netfilter output hooks not released\n");
}

static const char nat_table[] = "nft add table inet tqnat";
static const char nat_chain[] =
	"nft add chain inet tqnat out '{ type filter hook output priority -300; }'";
static const char nat_out[] =
	"nft add rule inet tqnat out udp sport %d udp dport %d udp sport set 40123";
static const char nat_back[] =
	"nft add rule inet tqnat out udp sport %d udp dport 40123 udp dport set %d";

/*
 * A NAT rebinding in the middle of a transfer: nftables rewrites the
 * client's source port (and the replies' destination port back).  The
 * server moves to the new address, validates it with PATH_CHALLENGE and
 * the data keeps flowing both ways.
 */
TEST_F_TIMEOUT(st, nat_rebinding, 120)
{
	struct sockaddr_storage ca;
	socklen_t cal = sizeof(ca);
	long long mig0, val0;
	int cport, sport;
	char cmd[512];

	/* The chain (a netfilter hook) before any traffic: see nat_table */
	ASSERT_EQ(0, run(_metadata, nat_table));
	ASSERT_EQ(0, run(_metadata, nat_chain));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&ca, &cal));
	cport = port_of(&ca);
	sport = port_of(&self->l.addr);
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10, 1));
	mig0 = tquic_stat("PeerMigrations");
	val0 = tquic_stat("PathValidated");
	snprintf(cmd, sizeof(cmd), nat_out, cport, sport);
	ASSERT_EQ(0, run(_metadata, cmd));
	snprintf(cmd, sizeof(cmd), nat_back, sport, cport);
	ASSERT_EQ(0, run(_metadata, cmd));
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10, 2));
	ASSERT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 64 << 10, 3));
	EXPECT_EQ(mig0 + 1, tquic_stat("PeerMigrations"));
	EXPECT_EQ(val0 + 1, tquic_stat("PathValidated"));
}

/* The port of a sockaddr_in or sockaddr_in6 */
static int sa_port(const void *sa)
{
	const struct sockaddr_in *a = sa;

	return ntohs(a->sin_port);
}

/*
 * TQUIC_SOCKOPT_CONNECTION_INFO after a MiB each way over loopback: the
 * state, RTT, window and counts of both ends agree with what crossed;
 * PMTU discovery took the datagram size from 1200 to the 1472 bytes both
 * announce; the data went in GSO trains.  A short buffer gets the start;
 * an unconnected socket gets ENOTCONN.
 */
TEST_F_TIMEOUT(st, connection_info, 240)
{
	struct tquic_connection_info ci, si;
	long long trains0 = tquic_stat("GsoTrains");
	long long raised0 = tquic_stat("PmtuRaised");
	char cc[32] = "";
	socklen_t len;
	__u32 head[2];
	FILE *f;
	int fd;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	EXPECT_EQ(TQUIC_INFO_ESTABLISHED, ci.state);
	EXPECT_EQ(0, ci.is_server);
	EXPECT_EQ(TQUIC_VERSION_V1, ci.version);
	EXPECT_EQ(0x1301, ci.cipher);
	EXPECT_LE(1200, ci.max_datagram);
	EXPECT_EQ(0, up_and_back(_metadata, self, 1 << 20, 1 << 20, 13));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(1, si.is_server);
	EXPECT_EQ(1, ci.confirmed);
	EXPECT_EQ(1, si.confirmed);
	EXPECT_EQ(1472, ci.max_datagram);
	EXPECT_EQ(1472, si.max_datagram);
	EXPECT_LT(0, ci.srtt_us);
	EXPECT_LT(0, ci.min_rtt_us);
	EXPECT_LE(ci.min_rtt_us, ci.latest_rtt_us);
	EXPECT_LE(2 * 1200, ci.cwnd);
	EXPECT_LE(1 << 20, ci.stream_bytes_sent);
	EXPECT_LE(1 << 20, ci.stream_bytes_received);
	EXPECT_LE(1 << 20, si.stream_bytes_received);
	EXPECT_LE(ci.stream_bytes_sent, ci.bytes_sent);
	EXPECT_LE(ci.bytes_sent, si.bytes_received + ci.bytes_sent / 10);
	EXPECT_LE((1 << 20) / 1472, ci.packets_sent);
	EXPECT_LE(ci.packets_sent / 3, si.packets_received);
	EXPECT_EQ(sa_port(&ci.peer), sa_port(&si.local));
	EXPECT_EQ(sa_port(&si.peer), sa_port(&ci.local));
	f = fopen("/proc/sys/net/tquic/congestion_control", "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fscanf(f, "%31s", cc));
	fclose(f);
	EXPECT_STREQ(cc, ci.congestion_control);
	EXPECT_LT(trains0, tquic_stat("GsoTrains"));
	EXPECT_LE(raised0 + 2, tquic_stat("PmtuRaised"));

	len = sizeof(head);
	ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC,
				TQUIC_SOCKOPT_CONNECTION_INFO, head, &len));
	EXPECT_EQ(sizeof(head), len);
	EXPECT_EQ(TQUIC_VERSION_V1, head[1]);
	fd = new_socket(self, NULL);
	ASSERT_LE(0, fd);
	len = sizeof(ci);
	EXPECT_EQ(-1, getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_INFO,
				 &ci, &len));
	EXPECT_EQ(ENOTCONN, errno);
}

/*
 * Full packets carry data to their last byte: a STREAM frame that fills
 * the packet leaves out its Length, and nothing is lost to padding for a
 * frame header larger than it is.  4 MiB one way at 1472 bytes a
 * datagram: the sender's stream bytes (new and resent) are at least
 * 97.2% of its UDP payload bytes (a full packet: 1439 of 1472 with an
 * 8-byte connection ID; 1426, 96.9%, when the frame header was reckoned
 * at its largest and the Length always sent).
 */
TEST_F_TIMEOUT(st, full_packets, 240)
{
	struct tquic_connection_info ci;
	unsigned long long data;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 4 << 20, 21));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	EXPECT_EQ(1472, ci.max_datagram);
	EXPECT_LE(4 << 20, ci.stream_bytes_sent);
	data = ci.stream_bytes_sent + ci.stream_bytes_retransmitted;
	TH_LOG("stream bytes %llu of %llu sent in %llu packets",
	       data, (unsigned long long)ci.bytes_sent,
	       (unsigned long long)ci.packets_sent);
	EXPECT_LE(972 * ci.bytes_sent, 1000 * data);
}

/* What trains took while the client's 64 KiB writes of @tx cross to
 * the server's reader @rx (stream 0): pages new and reused.  The reader
 * starts once the server holds @lead bytes of it unread (0: at once;
 * at most 20 s later).
 */
struct train_pages {
	long long fresh, reused, trains;
};

static void train_pages_xfer(struct __test_metadata *_metadata,
			     struct _test_data_st *self, struct tx *tx,
			     struct rx *rx, size_t lead,
			     struct train_pages *tp)
{
	long long new0 = tquic_stat("TrainPagesAllocated");
	long long re0 = tquic_stat("TrainPagesReused");
	long long tr0 = tquic_stat("GsoTrains");
	struct txjob job = { .tx = tx, .n = 1, .chunk = 64 << 10 };
	struct tquic_connection_info si;
	int i;

	tx->fd = self->cfd;
	ASSERT_EQ(0, tx_start(&job));
	for (i = 0; lead && i < 2000; i++) {
		if (!quic_conn_info(self->sfd, &si) &&
		    si.stream_bytes_received >= lead)
			break;
		usleep(10000);
	}
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, rx, 1));
	EXPECT_EQ(0, tx_wait(_metadata, &job));
	tp->fresh = tquic_stat("TrainPagesAllocated") - new0;
	tp->reused = tquic_stat("TrainPagesReused") - re0;
	tp->trains = tquic_stat("GsoTrains") - tr0;
}

/*
 * Send-side memory is reused (txbuf.c): trains are built on pages the
 * connection keeps, and a page whose train the receiver has read (over
 * loopback a train reaches it whole; the reader reads as the writer
 * writes) carries a later train without being allocated and cleared
 * again.  Every train with room for several datagrams took a kept page
 * or a new one.  (How many are reused depends on how far the reader
 * lags: a page comes back when the data on it was read, and a
 * connection keeps 64 or more.)  The data is intact.  How often
 * receive work found the socket held and left its datagrams to the
 * holder (RxToOwner) is logged: it depends on which CPUs the writer and
 * the work run on (none when they share one).
 */
TEST_F_TIMEOUT(st, send_memory_reused, 240)
{
	long long own0 = tquic_stat("RxToOwner");
	struct tx tx = { .id = 0, .len = 8 << 20, .seed = 23 };
	struct rx rx = { .id = 0, .len = 8 << 20, .seed = 23 };
	struct train_pages tp;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	train_pages_xfer(_metadata, self, &tx, &rx, 0, &tp);
	TH_LOG("trains %lld: pages allocated %lld, reused %lld; batches left to the socket's holder %lld",
	       tp.trains, tp.fresh, tp.reused,
	       tquic_stat("RxToOwner") - own0);
	EXPECT_LT(0, tp.trains);
	EXPECT_LE(tp.trains, tp.fresh + tp.reused);
	EXPECT_LT(0, tp.reused);
}

/* Wait until @fd has nothing in flight and keeps no send-side memory;
 * its last connection info in @ci.  0, or -1 after 5 s.
 */
static int send_memory_idle(int fd, struct tquic_connection_info *ci)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (quic_conn_info(fd, ci))
			return -1;
		if (!ci->bytes_in_flight && !ci->send_pages &&
		    !ci->send_spares)
			return 0;
		usleep(10000);
	}
	return -1;
}

/*
 * Send-side memory goes when the connection has nothing in flight,
 * whatever it sent.  60 DATAGRAM frames alone (as oxtunnel's transport
 * sends them) arrive, or are counted as dropped at a full receive
 * buffer: a datagram sent on its own has a buffer of its own rather
 * than a kept page, and those that queued behind the window go in
 * trains; once all are acknowledged the sender keeps nothing.  A
 * stream writer's 1 MiB goes in trains on kept pages, and once it is
 * acknowledged the writer keeps nothing either.  The receiver, which
 * sent only acknowledgments and flow control credit, never took a page.
 */
TEST_F_TIMEOUT(st, send_memory_released, 120)
{
	long long new0 = tquic_stat("TrainPagesAllocated");
	long long re0 = tquic_stat("TrainPagesReused");
	struct tquic_connection_info ci, si;
	static unsigned char buf[2048];
	long long drops;
	int i, mf, got = 0;
	__u32 fl;
	__s64 id;
	ssize_t r;

	ASSERT_EQ(0, connect_dgram_pair(_metadata, self));
	drops = tquic_stat("DropDatagram");
	for (i = 0; i < 60; i++) {
		dgram_make(buf, i, 1000);
		ASSERT_EQ(1000, quic_stream_send(self->cfd, 0, DGRAM, buf,
						 1000, 0));
	}
	/* All acknowledged: each one was read by the receiver's stack */
	EXPECT_EQ(0, send_memory_idle(self->cfd, &ci)) {
		TH_LOG("sender: %u pages and %u pieces kept, %llu bytes in flight",
		       ci.send_pages, ci.send_spares,
		       (unsigned long long)ci.bytes_in_flight);
	}
	for (i = 0; i < 60 - (tquic_stat("DropDatagram") - drops); i++) {
		r = quic_stream_recv(self->sfd, buf, sizeof(buf), &id, &fl,
				     &mf);
		if (r <= 0)
			break;
		got += dgram_check(buf, r) >= 0;
	}
	/* Beyond the receive buffer a datagram is dropped and counted */
	EXPECT_EQ(60, got + tquic_stat("DropDatagram") - drops);
	EXPECT_LT(0, got);

	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 1 << 20, 29));
	EXPECT_LT(new0 + re0, tquic_stat("TrainPagesAllocated") +
			      tquic_stat("TrainPagesReused"));
	EXPECT_EQ(0, send_memory_idle(self->cfd, &ci)) {
		TH_LOG("writer: %u pages and %u pieces kept, %llu bytes in flight",
		       ci.send_pages, ci.send_spares,
		       (unsigned long long)ci.bytes_in_flight);
	}
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(0, si.send_pages);
	EXPECT_EQ(0, si.send_spares);
	TH_LOG("pages allocated %lld, reused %lld",
	       tquic_stat("TrainPagesAllocated") - new0,
	       tquic_stat("TrainPagesReused") - re0);
}

/*
 * A reader on this host that lags holds the writer's train pages (each
 * is freed with the last skb on it), so a connection keeps more pages
 * with a larger send buffer (txbuf.c): twice its worth, up to 256.  The
 * server's stream window (3 MiB) lets the writer run that far ahead of a
 * reader that starts once 2.5 MiB wait for it and reads 64 KiB every
 * 4 ms; the writer's send buffer is 8 MiB (SO_SNDBUFFORCE of 4 MiB).  While 16 MiB cross, the writer keeps
 * more than 64 pages at some point (sampled after each read), never
 * more than 256, and most of its trains go on pages that came back
 * rather than new ones.  The data is intact, and once all of it is
 * acknowledged the writer keeps nothing.
 */
TEST_F_TIMEOUT(st, train_pages_follow_sndbuf, 120)
{
	struct rx rx = { .id = 0, .len = 16 << 20, .seed = 31,
			 .pause_us = 4000 };
	struct tx tx = { .id = 0, .len = 16 << 20, .seed = 31 };
	struct tquic_transport_param stp;
	struct tquic_connection_info ci;
	struct train_pages tp;
	int sndbuf = 4 << 20;

	ASSERT_EQ(0, tp_defaults(self, &stp));
	stp.max_stream_data_bidi_remote = 3 << 20;
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, &stp));
	ASSERT_EQ(0, setsockopt(self->cfd, SOL_SOCKET, SO_SNDBUFFORCE,
				&sndbuf, sizeof(sndbuf)));
	rx.watch = self->cfd;
	train_pages_xfer(_metadata, self, &tx, &rx, 5 << 19, &tp);
	TH_LOG("trains %lld: pages allocated %lld, reused %lld; %u kept at most",
	       tp.trains, tp.fresh, tp.reused, rx.watch_pages);
	EXPECT_LT(64, rx.watch_pages);
	EXPECT_GE(256, rx.watch_pages);
	EXPECT_LE(tp.trains, tp.fresh + tp.reused);
	EXPECT_LT(2 * tp.fresh, tp.trains);
	EXPECT_EQ(0, send_memory_idle(self->cfd, &ci));
}

/*
 * A bulk writer's stream data goes into whole send buffer pieces: each
 * write fills the last piece's room before taking another (no piece of a
 * write's last few bytes), and pieces whose data was acknowledged come
 * back as spares, so most are reused rather than allocated (and cleared)
 * again.  16 MiB in writes of 128, 64 and 32 KiB.
 */
TEST_F_TIMEOUT(st, send_pieces_reused, 120)
{
	const size_t len = 16 << 20, piece = 65536 - 32;
	struct tx ctx = { .id = 0, .len = len, .seed = 43 };
	struct txjob cj = { .tx = &ctx, .n = 1, .chunk = 131072 };
	struct rx srx = { .id = 0, .len = len, .seed = 43 };
	long long new0, re0, fresh, reused;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ctx.fd = self->cfd;
	new0 = tquic_stat("SendPiecesAllocated");
	re0 = tquic_stat("SendPiecesReused");
	ASSERT_LE(0, new0);
	ASSERT_EQ(0, tx_start(&cj));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, &srx, 1));
	ASSERT_EQ(0, tx_wait(_metadata, &cj));
	fresh = tquic_stat("SendPiecesAllocated") - new0;
	reused = tquic_stat("SendPiecesReused") - re0;
	TH_LOG("pieces allocated %lld, reused %lld", fresh, reused);
	/* Whole pieces only (one a write's tail would make ~440); a few
	 * more when the acknowledgments caught up with the writer (a piece
	 * whose data is all acknowledged goes back to the spares, partly
	 * filled; the next write starts a whole one)
	 */
	EXPECT_GE(len / piece * 9 / 8, fresh + reused);
	EXPECT_LE(len / piece, fresh + reused);
	EXPECT_LT(fresh, reused);
}

/* The reference count /proc/crypto shows for the algorithm whose
 * driver is @driver, or -1 when there is none.
 */
static long crypto_refcnt(const char *driver)
{
	char line[256], name[128] = "";
	FILE *f = fopen("/proc/crypto", "r");
	long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "driver : %127s", name) == 1)
			continue;
		if (!strcmp(name, driver) &&
		    sscanf(line, "refcnt : %ld", &n) == 1)
			break;
		if (line[0] == '\n')
			name[0] = 0;
	}
	fclose(f);
	return n;
}

/*
 * Header protection uses the crypto API's AES cipher where it is not
 * aes-generic (on x86 aes-aesni): each header key holds one transform
 * (the 1-RTT keys of both ends: four at least while connected), and
 * every one is given back once the connections are closed and gone.
 */
TEST_F_TIMEOUT(st, header_keys_released, 120)
{
	long base = crypto_refcnt("aes-aesni"), during, now = -1;
	int i;

	if (base < 0)
		SKIP(return, "no aes-aesni");
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10,
			       52));
	during = crypto_refcnt("aes-aesni");
	EXPECT_LE(base + 4, during);
	close_tracked(self);
	for (i = 0; i < 300; i++) {
		now = crypto_refcnt("aes-aesni");
		if (now <= base)
			break;
		usleep(50000);
	}
	TH_LOG("aes-aesni references: %ld before, %ld connected, %ld after",
	       base, during, now);
	EXPECT_GE(base, now);
}

/*
 * The server's link has an MTU of 1300: the client's PMTU probes of the
 * 1472 bytes both announce are lost (not taken for congestion) and the
 * search settles between 1200 and what 1300 bytes leave for UDP; the
 * server learns its own route's limit at once.  The data arrives intact.
 */
TEST_F_TIMEOUT(st, pmtu_smaller_path, 240)
{
	const int room = self->family == AF_INET ? 1300 - 28 : 1300 - 48;
	long long lost0 = tquic_stat("PmtuProbesLost");
	struct tquic_connection_info ci, si;
	int here, there;

	there = two_netns(_metadata, self, 1300, &here);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL, &self->cfd,
			       &self->sfd, true));
	ASSERT_EQ(0, finish_pair(_metadata, self->cfd, self->sfd));
	EXPECT_EQ(0, up_and_back(_metadata, self, 1 << 20, 256 << 10, 17));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	TH_LOG("client datagrams %u, server %u", ci.max_datagram,
	       si.max_datagram);
	EXPECT_LT(1200, ci.max_datagram);
	EXPECT_GE(room, ci.max_datagram);
	EXPECT_EQ(room, si.max_datagram);
	EXPECT_LT(lost0, tquic_stat("PmtuProbesLost"));
}

/* How often fq on @dev held a flow back for its departure time: tc's
 * second "throttled" (the first counts the flows held back now), or -1.
 */
static long long fq_throttled(const char *dev)
{
	char cmd[128], buf[4096], *p;
	long long n = -1;
	size_t len;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "tc -s -j qdisc show dev %s", dev);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[len] = 0;
	if (pclose(f) || !strstr(buf, "\"fq\""))
		return -1;
	for (p = strstr(buf, "\"throttled\":"); p;
	     p = strstr(p + 1, "\"throttled\":"))
		n = strtoll(p + strlen("\"throttled\":"), NULL, 10);
	return n;
}

/*
 * Pacing (RFC 9002, 7.7): the client's veth end gets the fq qdisc, which
 * holds each datagram until the departure time tquic stamped on it, and
 * the server's end 5 ms of delay.  2 MiB go up and 64 KiB come back
 * intact; fq held the client's flow back; the pacing rate the client
 * reports is its window per smoothed RTT times a gain of 1.25 to 2.
 */
TEST_F_TIMEOUT(st, paced_path, 240)
{
	struct tquic_connection_info ci;
	long long held0, held;
	double per_rtt;
	int here, there;

	there = two_netns(_metadata, self, 1500, &here);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, run(_metadata, "tc qdisc replace dev stq0 root fq"));
	held0 = fq_throttled("stq0");
	ASSERT_LE(0, held0);
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL, &self->cfd,
			       &self->sfd, true));
	ASSERT_EQ(0, finish_pair(_metadata, self->cfd, self->sfd));
	EXPECT_EQ(0, up_and_back(_metadata, self, 2 << 20, 64 << 10, 19));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	held = fq_throttled("stq0");
	TH_LOG("pacing rate %llu B/s, cwnd %llu, srtt %llu us, fq held %lld",
	       (unsigned long long)ci.pacing_rate,
	       (unsigned long long)ci.cwnd,
	       (unsigned long long)ci.srtt_us, held - held0);
	EXPECT_LT(held0, held);
	ASSERT_LT(0, ci.srtt_us);
	per_rtt = (double)ci.cwnd * 1e6 / ci.srtt_us;
	EXPECT_LE(per_rtt * 1.2, (double)ci.pacing_rate);
	EXPECT_GE(per_rtt * 2.05, (double)ci.pacing_rate);
}

/*
 * The congestion controllers beyond CUBIC and NewReno on today's
 * single-path connections (each a group of one): lia and olia grow as
 * NewReno does, bbr paces from its own bandwidth estimate.  For each,
 * chosen with net.tquic.congestion_control, 512 KiB go up and back
 * intact; both ends report the controller, a window of at least the
 * minimum, and with bbr a pacing rate.
 */
TEST_F_TIMEOUT(st, other_congestion_controls, 240)
{
	static const char * const names[] = { "lia", "olia", "bbr" };
	struct tquic_connection_info ci, si;
	unsigned int i;
	FILE *f;

	ASSERT_EQ(0, listener(_metadata, self, &self->l, NULL, NULL));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		f = fopen("/proc/sys/net/tquic/congestion_control", "w");
		ASSERT_NE(NULL, f);
		fprintf(f, "%s\n", names[i]);
		ASSERT_EQ(0, fclose(f));
		ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL,
				       &self->cfd, &self->sfd, true));
		ASSERT_EQ(0, finish_pair(_metadata, self->cfd, self->sfd));
		EXPECT_EQ(0, up_and_back(_metadata, self, 512 << 10, 512 << 10,
					 23 + i));
		ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
		ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
		TH_LOG("%s: cwnd %llu, pacing rate %llu B/s", names[i],
		       (unsigned long long)ci.cwnd,
		       (unsigned long long)ci.pacing_rate);
		EXPECT_STREQ(names[i], ci.congestion_control);
		EXPECT_STREQ(names[i], si.congestion_control);
		EXPECT_LE(2 * 1200, ci.cwnd);
		EXPECT_LE(2 * 1200, si.cwnd);
		if (!strcmp(names[i], "bbr"))
			EXPECT_LT(0, ci.pacing_rate);
	}
}

/* A client that sends @tok (@len bytes) connects to self->l. */
static int open_with_token(struct __test_metadata *_metadata,
			   struct _test_data_st *self, const void *tok,
			   socklen_t len)
{
	static unsigned char ch[300];
	int cfd, sfd;

	quic_pattern(ch, sizeof(ch), 2);
	cfd = new_socket(self, NULL);
	if (cfd < 0 ||
	    setsockopt(cfd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN, tok, len))
		return -1;
	sfd = track(self, quic_open(self->l.fd, cfd,
				    (struct sockaddr *)&self->l.addr,
				    self->l.addrlen, ch, sizeof(ch), WAIT_MS));
	if (sfd < 0 || quic_handshake(cfd, sfd) ||
	    finish_pair(_metadata, cfd, sfd)) {
		TH_LOG("%s: %s", quic_step, strerror(errno));
		return -1;
	}
	return cfd;
}

/*
 * A listener with TQUIC_SOCKOPT_RETRY: the client's first Initial gets a
 * Retry, the client follows it (new connection ID, new Initial keys, the
 * token), the server makes the connection only then, and the transport
 * parameters name the Retry's connection ID (the client checks them in
 * finish_pair()); data flows.  The server's NEW_TOKEN token lets the
 * next connection skip the Retry; a damaged one counts TokenInvalid and
 * gets a Retry again.  Bad option values are refused.
 */
TEST_F_TIMEOUT(st, retry, 120)
{
	long long sent0 = tquic_stat("RetrySent");
	long long rcvd0 = tquic_stat("RetryReceived");
	long long nt0 = tquic_stat("NewTokenReceived"), inv0;
	unsigned char tok[TQUIC_TOKEN_MAX_LEN], big[TQUIC_TOKEN_MAX_LEN + 1];
	__u32 on = 1, bad = 2, got = 0;
	socklen_t len = sizeof(got), tlen;
	int fd;

	ASSERT_EQ(0, listener(_metadata, self, &self->l, NULL, NULL));
	ASSERT_EQ(0, setsockopt(self->l.fd, SOL_QUIC, TQUIC_SOCKOPT_RETRY,
				&on, sizeof(on)));
	ASSERT_EQ(0, getsockopt(self->l.fd, SOL_QUIC, TQUIC_SOCKOPT_RETRY,
				&got, &len));
	EXPECT_EQ(1, got);
	EXPECT_EQ(-1, setsockopt(self->l.fd, SOL_QUIC, TQUIC_SOCKOPT_RETRY,
				 &bad, sizeof(bad)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(self->l.fd, SOL_QUIC, TQUIC_SOCKOPT_RETRY,
				 &on, 2));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL, &self->cfd,
			       &self->sfd, true));
	ASSERT_EQ(0, finish_pair(_metadata, self->cfd, self->sfd));
	EXPECT_EQ(sent0 + 1, tquic_stat("RetrySent"));
	EXPECT_EQ(rcvd0 + 1, tquic_stat("RetryReceived"));
	EXPECT_EQ(0, up_and_back(_metadata, self, 256 << 10, 64 << 10, 19));

	/* NEW_TOKEN came with the handshake's end */
	EXPECT_LE(nt0 + 1, tquic_stat("NewTokenReceived"));
	tlen = sizeof(tok);
	ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN, tok,
				&tlen));
	EXPECT_LT(16, tlen);
	EXPECT_EQ(-1, getsockopt(self->sfd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN,
				 big, &len));
	EXPECT_EQ(ENODATA, errno);
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN,
				 tok, tlen));
	EXPECT_EQ(EISCONN, errno);
	fd = new_socket(self, NULL);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN, big,
				 sizeof(big)));
	EXPECT_EQ(EINVAL, errno);
	len = sizeof(big);
	EXPECT_EQ(-1, getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN, big,
				 &len));
	EXPECT_EQ(ENOTCONN, errno);

	inv0 = tquic_stat("TokenInvalid");
	fd = open_with_token(_metadata, self, tok, tlen);
	ASSERT_LE(0, fd);
	EXPECT_EQ(sent0 + 1, tquic_stat("RetrySent"));
	EXPECT_EQ(inv0, tquic_stat("TokenInvalid"));
	tok[tlen / 2] ^= 0x40;
	fd = open_with_token(_metadata, self, tok, tlen);
	ASSERT_LE(0, fd);
	EXPECT_EQ(sent0 + 2, tquic_stat("RetrySent"));
	EXPECT_EQ(inv0 + 1, tquic_stat("TokenInvalid"));
}

/*
 * Before the client's address is validated the server sends at most
 * three times what it received (RFC 9000, 8.1): with the client's
 * packets dropped after its first Initial, 10 KB of server handshake
 * data stop at the limit; once the path is back the client's probe
 * brings more credit and all of it arrives.
 */
TEST_F_TIMEOUT(st, amplification_limit, 120)
{
	static unsigned char hs[10000], got[10000];
	struct tquic_connection_info si;
	long long limited0;
	int here, there;

	there = two_netns(_metadata, self, 1500, &here);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL, &self->cfd,
			       &self->sfd, false));
	ASSERT_EQ(0, run(_metadata,
			 "tc qdisc change dev stq0 root netem loss 100%"));
	ASSERT_EQ(0, setns(there, CLONE_NEWNET));
	limited0 = tquic_stat("AmplificationLimited");
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	quic_pattern(hs, sizeof(hs), 7);
	ASSERT_EQ((int)sizeof(hs), quic_hs_send(self->sfd,
						TQUIC_CRYPTO_INITIAL, hs,
						sizeof(hs)));
	usleep(300 * 1000);
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	TH_LOG("server: %llu bytes in, %llu out", si.bytes_received,
	       si.bytes_sent);
	EXPECT_LE(1200, si.bytes_received);
	EXPECT_LE(si.bytes_sent, 3 * si.bytes_received);
	EXPECT_LT(si.bytes_sent, sizeof(hs));
	ASSERT_EQ(0, setns(there, CLONE_NEWNET));
	EXPECT_LT(limited0, tquic_stat("AmplificationLimited"));
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	ASSERT_EQ(0, run(_metadata,
			 "tc qdisc change dev stq0 root netem delay 5ms"));
	ASSERT_EQ(0, quic_hs_recv_all(self->cfd, got, sizeof(got),
				      TQUIC_CRYPTO_INITIAL));
	EXPECT_EQ(0, memcmp(hs, got, sizeof(hs)));
}

static int stream_opt(int fd, int opt, __s64 id, __u64 code)
{
	struct tquic_stream_reset r = { .stream_id = id, .errcode = code };

	return setsockopt(fd, SOL_QUIC, opt, &r, sizeof(r));
}

/* Read stream @want on @fd until its reset: the bytes before it and the
 * error code.  -1 on anything else.
 */
static ssize_t read_until_reset(int fd, __s64 want, __u64 *code)
{
	static unsigned char buf[65536];
	ssize_t n, total = 0;
	__u32 fl;
	__s64 id;

	for (;;) {
		n = quic_stream_recv_reset(fd, buf, sizeof(buf), &id, &fl,
					   NULL, code);
		if (n < 0 || id != want)
			return -1;
		total += n;
		if (fl & TQUIC_STREAM_FLAG_RESET)
			return (fl & FIN) && !n ? total : -1;
		if (fl & FIN)
			return -1;
	}
}

/*
 * RESET_STREAM and STOP_SENDING (RFC 9000, 3): a writer abandons a
 * stream and the reader gets what came before and the error code; a
 * reader asks the writer to stop and the writer's kernel answers with a
 * reset carrying that code, after which writes fail with EPIPE.  Bad
 * requests are refused.
 */
TEST_F_TIMEOUT(st, stream_reset, 120)
{
	static unsigned char data[100000];
	__u64 code;
	ssize_t n;
	__s64 id;
	__u32 fl;
	int i;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	quic_pattern(data, sizeof(data), 5);
	/* The client abandons stream 0 after 100000 bytes */
	ASSERT_EQ(sizeof(data), quic_stream_send(self->cfd, 0, 0, data,
						 sizeof(data), 0));
	ASSERT_EQ(0, stream_opt(self->cfd, TQUIC_SOCKOPT_STREAM_RESET, 0, 77));
	n = read_until_reset(self->sfd, 0, &code);
	EXPECT_GE(n, 0);
	EXPECT_GE((ssize_t)sizeof(data), n);
	EXPECT_EQ(77, code);
	EXPECT_EQ(-1, quic_stream_send(self->cfd, 0, 0, data, 10, 0));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(-1, stream_opt(self->cfd, TQUIC_SOCKOPT_STREAM_RESET, 0, 1));
	EXPECT_EQ(EALREADY, errno);

	/* The server asks the client to stop sending on stream 4 (open
	 * once its first bytes arrived)
	 */
	ASSERT_EQ(10, quic_stream_send(self->cfd, 4, 0, data, 10, 0));
	ASSERT_EQ(10, quic_stream_recv(self->sfd, data + 10, 10, &id, &fl,
				       NULL));
	EXPECT_EQ(4, id);
	ASSERT_EQ(0, stream_opt(self->sfd, TQUIC_SOCKOPT_STOP_SENDING, 4, 99));
	EXPECT_EQ(-1, stream_opt(self->sfd, TQUIC_SOCKOPT_STOP_SENDING, 4, 99));
	EXPECT_EQ(EALREADY, errno);
	n = read_until_reset(self->sfd, 4, &code);
	EXPECT_EQ(0, n);
	EXPECT_EQ(99, code);
	for (i = 0; i < 100; i++) {
		if (quic_stream_send(self->cfd, 4, 0, data, 10, 0) < 0)
			break;
		usleep(20000);
	}
	EXPECT_EQ(EPIPE, errno);

	/* Refused: streams we do not send or receive on, not open ones,
	 * codes of 2^62, short options
	 */
	ASSERT_EQ(5, quic_stream_send(self->cfd, 2, 0, data, 5, 0));
	EXPECT_EQ(-1, stream_opt(self->cfd, TQUIC_SOCKOPT_STOP_SENDING, 2, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, stream_opt(self->sfd, TQUIC_SOCKOPT_STREAM_RESET, 2, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, stream_opt(self->cfd, TQUIC_SOCKOPT_STREAM_RESET, 400,
				 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, stream_opt(self->cfd, TQUIC_SOCKOPT_STREAM_RESET, 2,
				 1ULL << 62));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC,
				 TQUIC_SOCKOPT_STREAM_RESET, data, 8));
	EXPECT_EQ(EINVAL, errno);
	/* The connection is still fine */
	ASSERT_EQ(5, quic_stream_send(self->cfd, 8, FIN, data, 5, 0));
	n = quic_stream_recv(self->sfd, data + 10, 5, &id, &fl, NULL);
	EXPECT_EQ(5, n);	/* stream 2's five bytes came first */
	EXPECT_EQ(2, id);
	n = quic_stream_recv(self->sfd, data + 10, 5, &id, &fl, NULL);
	EXPECT_EQ(5, n);
	EXPECT_EQ(8, id);
	EXPECT_EQ(0, memcmp(data, data + 10, 5));
}

/* Stateless reset (RFC 9000, 10.3) */

#define TOKEN_LEN	16
#define CID_LEN		8	/* tquic's connection IDs */

/* The server's reset token and connection ID, from its parameters. */
static void server_token(struct __test_metadata *_metadata, int sfd,
			 unsigned char *token, unsigned char *cid)
{
	unsigned char ext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	const unsigned char *v;
	socklen_t len;
	size_t vlen;

	ASSERT_EQ(0, get_ext(sfd, ext, &len));
	v = tp_find(ext, len, TP_RESET_TOKEN, &vlen);
	ASSERT_NE(NULL, v);
	ASSERT_EQ(TOKEN_LEN, vlen);
	memcpy(token, v, TOKEN_LEN);
	v = tp_find(ext, len, TP_ISCID, &vlen);
	ASSERT_NE(NULL, v);
	ASSERT_EQ(CID_LEN, vlen);
	memcpy(cid, v, CID_LEN);
}

/*
 * @len bytes that look like a short header packet: 0b01 and random
 * bits, @cid (if not NULL) as its connection ID, random bytes, and
 * @token (if not NULL) as the last 16.
 */
static void short_pkt(unsigned char *p, size_t len, const unsigned char *cid,
		      const unsigned char *token)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = rand();
	p[0] = 0x40 | (p[0] & 0x3f);
	if (cid)
		memcpy(p + 1, cid, CID_LEN);
	if (token)
		memcpy(p + len - TOKEN_LEN, token, TOKEN_LEN);
}

/* A UDP socket on loopback port 0 connected to @to, 300 ms timeouts. */
static int udp_to(struct _test_data_st *self,
		  const struct sockaddr_storage *to, socklen_t tolen)
{
	struct sockaddr_storage a;
	socklen_t alen;
	int fd;

	fd = track(self, socket(self->family, SOCK_DGRAM, 0));
	if (fd < 0)
		return -1;
	quic_timeouts(fd, 300);
	quic_loopback(self->family, &a, &alen);
	if (bind(fd, (struct sockaddr *)&a, alen) ||
	    connect(fd, (const struct sockaddr *)to, tolen))
		return -1;
	return fd;
}

/* What @fd gets within its timeout: a datagram's length or -1. */
static ssize_t answer(int fd, unsigned char *buf, size_t len)
{
	return recv(fd, buf, len, 0);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A new listener on the address and port of @l, once they are free. */
static int relisten(struct __test_metadata *_metadata,
		    struct _test_data_st *self, struct lsn *l)
{
	int i;

	for (i = 0; i < 200; i++) {
		l->fd = new_socket(self, NULL);
		if (l->fd < 0)
			break;
		if (!bind(l->fd, (struct sockaddr *)&l->addr, l->addrlen))
			return listen(l->fd, 16);
		if (errno != EADDRINUSE)
			break;
		usleep(10000);
	}
	TH_LOG("listening again: %s", strerror(errno));
	return -1;
}

/*
 * The server restarts: its connection goes without a word reaching the
 * client (netem drops all the server sends meanwhile, until its closing
 * period is over), and a new listener takes the old address and port.  The client's next packet is
 * answered with a stateless reset carrying the token the server gave;
 * the client's connection ends at once with ECONNRESET, long before its
 * idle timeout, and sends nothing more.  With @migrate the client moved
 * to a new port first, and so to a connection ID the server gave in
 * NEW_CONNECTION_ID: the reset carries that ID's token.
 */
static void stateless_reset_run(struct __test_metadata *_metadata,
				struct _test_data_st *self, bool migrate)
{
	unsigned char token[TOKEN_LEN], cid[CID_LEN], ext[256], buf[16];
	struct tquic_connection_info ci;
	struct sockaddr_storage sa;
	long long sent0, rcvd0, v;
	int here, there, ret;
	socklen_t elen, salen = sizeof(sa);
	size_t vlen;
	double t0;
	__u32 fl;
	__s64 id;

	there = two_netns(_metadata, self, 1500, &here);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, open_pair(_metadata, self, &self->l, NULL, &self->cfd,
			       &self->sfd, true));
	ASSERT_EQ(0, finish_pair(_metadata, self->cfd, self->sfd));
	/* The server gives a token, the client none (18.2) */
	server_token(_metadata, self->sfd, token, cid);
	ASSERT_EQ(0, get_ext(self->cfd, ext, &elen));
	EXPECT_EQ(NULL, tp_find(ext, elen, TP_RESET_TOKEN, &vlen));
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10, 4));
	ASSERT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 64 << 10, 5));
	if (migrate) {
		ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&sa,
					 &salen));
		if (sa.ss_family == AF_INET)
			((struct sockaddr_in *)&sa)->sin_port = 0;
		else
			((struct sockaddr_in6 *)&sa)->sin6_port = 0;
		ASSERT_EQ(0, setsockopt(self->cfd, SOL_QUIC,
					TQUIC_SOCKOPT_MIGRATE, &sa, salen));
		ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd,
				       64 << 10, 6));
		ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
		EXPECT_LT(0, ci.dcid_seq);
	}
	usleep(100000);		/* the last acknowledgments land */
	rcvd0 = tquic_stat("StatelessResetRcvd");

	ASSERT_EQ(0, setns(there, CLONE_NEWNET));
	sent0 = tquic_stat("StatelessResetSent");
	ret = run(_metadata, "tc qdisc change dev stq1 root netem loss 100%");
	if (!ret) {
		close(self->sfd);	/* its CONNECTION_CLOSE is lost */
		close(self->l.fd);
		ret = relisten(_metadata, self, &self->l);
		/* The old connection's closing period (three PTOs, about
		 * 0.2 s here) ends before the client is heard again: in it,
		 * the CONNECTION_CLOSE would go again.
		 */
		usleep(2000000);
	}
	if (!ret)
		ret = run(_metadata,
			  "tc qdisc change dev stq1 root netem delay 5ms");
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	ASSERT_EQ(0, ret);

	/* The client knows nothing yet and writes */
	t0 = now_s();
	ASSERT_EQ(1, quic_stream_send(self->cfd, 0, 0, "x", 1, 0));
	EXPECT_EQ(-1, quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				       NULL));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_GT(2.0, now_s() - t0) {
		TH_LOG("reset after %.3f s", now_s() - t0);
	}
	expect_closed(_metadata, self->cfd, 0, 0, 1, "stateless reset");
	EXPECT_EQ(-1, quic_stream_send(self->cfd, 0, 0, "x", 1, 0));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(rcvd0 + 1, tquic_stat("StatelessResetRcvd"));

	ASSERT_EQ(0, setns(there, CLONE_NEWNET));
	v = tquic_stat("StatelessResetSent");
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	EXPECT_LT(sent0, v);
}

#define GRO_SEG		1200

/* Send @n short header packets for @cid in one UDP GSO send of GRO_SEG
 * byte datagrams; @odd (< @n) names another ID; the last is @last bytes.
 */
static ssize_t gro_forge(int ufd, const unsigned char *cid, int n, int odd,
			 size_t last)
{
	static unsigned char train[8 * GRO_SEG];
	unsigned char other[CID_LEN];
	int i;

	memset(other, 0xa5, sizeof(other));
	for (i = 0; i < n; i++)
		short_pkt(train + i * GRO_SEG, GRO_SEG, i == odd ? other : cid,
			  NULL);
	return send(ufd, train, (n - 1) * GRO_SEG + last, 0);
}

/*
 * GRO on receive (gro.c).  Over loopback the trains of a transfer each
 * way reach the other end whole (GroTrains) and are read in place, the
 * data intact.  Forged trains from a plain UDP socket with UDP_SEGMENT
 * (built in pages, so never read whole) are cut into datagrams
 * (GroSplit) and each is counted on its own: eight with the server's
 * connection ID fail to open (DropDecryptFail); one that names another
 * ID among them is DropNoConnection, a last datagram of two bytes
 * DropMalformed.
 * The connection carries data after them.
 */
TEST_F_TIMEOUT(st, gro_on_receive, 240)
{
	unsigned char token[TOKEN_LEN], cid[CID_LEN];
	long long split0, dec0, noconn0, bad0;
	int ufd, seg = GRO_SEG;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	EXPECT_EQ(0, up_and_back(_metadata, self, 1 << 20, 1 << 20, 31));
	EXPECT_LT(10, tquic_stat("GroTrains"));
	EXPECT_EQ(0, tquic_stat("GroSplit"));

	server_token(_metadata, self->sfd, token, cid);
	ufd = udp_to(self, &self->l.addr, self->l.addrlen);
	ASSERT_LE(0, ufd);
	ASSERT_EQ(0, setsockopt(ufd, SOL_UDP, UDP_SEGMENT, &seg, sizeof(seg)));
	split0 = tquic_stat("GroSplit");
	dec0 = tquic_stat("DropDecryptFail");
	noconn0 = tquic_stat("DropNoConnection");
	bad0 = tquic_stat("DropMalformed");
	ASSERT_EQ(8 * GRO_SEG, gro_forge(ufd, cid, 8, -1, GRO_SEG));
	EXPECT_EQ(dec0 + 8, tquic_stat_reaches("DropDecryptFail", dec0 + 8));
	EXPECT_EQ(split0 + 1, tquic_stat("GroSplit"));
	ASSERT_EQ(8 * GRO_SEG, gro_forge(ufd, cid, 8, 3, GRO_SEG));
	EXPECT_EQ(dec0 + 15, tquic_stat_reaches("DropDecryptFail", dec0 + 15));
	EXPECT_EQ(noconn0 + 1, tquic_stat_reaches("DropNoConnection", noconn0 + 1));
	EXPECT_EQ(split0 + 2, tquic_stat("GroSplit"));
	ASSERT_EQ(7 * GRO_SEG + 2, gro_forge(ufd, cid, 8, -1, 2));
	EXPECT_EQ(dec0 + 22, tquic_stat_reaches("DropDecryptFail", dec0 + 22));
	EXPECT_EQ(bad0 + 1, tquic_stat_reaches("DropMalformed", bad0 + 1));
	EXPECT_EQ(split0 + 3, tquic_stat("GroSplit"));
	EXPECT_EQ(noconn0 + 1, tquic_stat("DropNoConnection"));
	/* The connection is still fine */
	EXPECT_EQ(0, up_and_back_on(_metadata, self, 4, 256 << 10, 256 << 10,
				    32));
}

/*
 * net.tquic.gro 0: UDP sockets opened after it take no super-packets;
 * the stack cuts the trains up before they arrive, and the transfer
 * is as good.
 */
TEST_F_TIMEOUT(st, gro_off, 240)
{
	ASSERT_EQ(0, tquic_sysctl_set("gro", "0"));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	EXPECT_EQ(0, up_and_back(_metadata, self, 1 << 20, 1 << 20, 34));
	EXPECT_LT(10, tquic_stat("GsoTrains"));
	EXPECT_EQ(0, tquic_stat("GroTrains"));
	EXPECT_EQ(0, tquic_stat("GroSplit"));
}

TEST_F_TIMEOUT(st, stateless_reset, 120)
{
	stateless_reset_run(_metadata, self, false);
}

TEST_F_TIMEOUT(st, stateless_reset_later_cid, 120)
{
	stateless_reset_run(_metadata, self, true);
}

/*
 * Short header packets for @cid from @u until one is answered with a
 * stateless reset (the connection's closing or draining period is over,
 * RFC 9000 10.2), at most for about ten seconds; 0 or -1.
 */
static int reset_after_period(int u, const unsigned char *cid)
{
	unsigned char pkt[100], got[1500];
	int i;

	for (i = 0; i < 30; i++) {
		short_pkt(pkt, sizeof(pkt), cid, NULL);
		if (send(u, pkt, sizeof(pkt), 0) != sizeof(pkt))
			return -1;
		if (answer(u, got, sizeof(got)) > 0)
			return 0;
	}
	return -1;
}

/*
 * What the server answers: short header packets for a connection ID no
 * connection owns get a stateless reset that is shorter than they are,
 * at least 21 bytes, and ends in that ID's token - the one the server
 * gave the client for a connection now gone.  Datagrams too short to be
 * a packet, long headers and packets of a live connection get nothing.
 */
TEST_F_TIMEOUT(st, stateless_reset_sent, 60)
{
	static const size_t sizes[] = { 26, 43, 44, 100, 1200 };
	unsigned char token[TOKEN_LEN], cid[CID_LEN], other[CID_LEN];
	unsigned char pkt[1200], got[1500];
	long long sent0;
	unsigned int i;
	ssize_t n;
	int u;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	server_token(_metadata, self->sfd, token, cid);
	u = udp_to(self, &self->l.addr, self->l.addrlen);
	ASSERT_LE(0, u);
	sent0 = tquic_stat("StatelessResetSent");

	/* Too short for a packet with an 8-byte connection ID: 20, 25 */
	short_pkt(pkt, 20, NULL, NULL);
	ASSERT_EQ(20, send(u, pkt, 20, 0));
	short_pkt(pkt, 25, NULL, NULL);
	ASSERT_EQ(25, send(u, pkt, 25, 0));
	/* A Handshake long header for no connection */
	memset(pkt, 0x5a, 81);
	memcpy(pkt, "\xe0\x00\x00\x00\x01\x08", 6);
	pkt[14] = 0;		/* no source connection ID */
	pkt[15] = 0x40;		/* Length 64 */
	pkt[16] = 64;
	ASSERT_EQ(81, send(u, pkt, 81, 0));
	/* The live connection's ID: it goes to the connection */
	short_pkt(pkt, 100, cid, NULL);
	ASSERT_EQ(100, send(u, pkt, 100, 0));
	EXPECT_EQ(-1, answer(u, got, sizeof(got)));
	EXPECT_EQ(sent0, tquic_stat("StatelessResetSent"));
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 4096, 6));

	/* The server's connection goes; after its closing period its ID
	 * gets resets.
	 */
	close(self->sfd);
	self->sfd = -1;
	ASSERT_EQ(0, reset_after_period(u, cid));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		short_pkt(pkt, sizes[i], cid, NULL);
		ASSERT_EQ(sizes[i], send(u, pkt, sizes[i], 0));
		n = answer(u, got, sizeof(got));
		ASSERT_LT(0, n) {
			TH_LOG("%zu bytes: no reset (%s)", sizes[i],
			       strerror(errno));
		}
		EXPECT_GT(sizes[i], n);
		EXPECT_LE(21, n);
		EXPECT_LE(n, 57);
		EXPECT_EQ(0x40, got[0] & 0xc0);
		EXPECT_EQ(0, memcmp(got + n - TOKEN_LEN, token, TOKEN_LEN)) {
			TH_LOG("%zu bytes: not the token", sizes[i]);
		}
		if (sizes[i] <= 43)
			EXPECT_EQ(sizes[i] - 1, n);
	}
	/* Another unknown ID has another token */
	memcpy(other, cid, CID_LEN);
	other[0] ^= 1;
	short_pkt(pkt, 60, other, NULL);
	ASSERT_EQ(60, send(u, pkt, 60, 0));
	n = answer(u, got, sizeof(got));
	ASSERT_LE(21, n);
	EXPECT_NE(0, memcmp(got + n - TOKEN_LEN, token, TOKEN_LEN));
	EXPECT_EQ(sent0 + ARRAY_SIZE(sizes) + 2,
		  tquic_stat("StatelessResetSent"));
}

/*
 * The closing and draining periods (RFC 9000, 10.2).  A server that
 * closes its socket first is closing: for three PTOs a late packet for
 * its connection ID is absorbed, not answered with a stateless reset,
 * and the datagram with its CONNECTION_CLOSE goes again to the client
 * (which, draining, absorbs it and sends nothing).  A server whose
 * client closed first is draining: a late packet gets nothing at all.
 * After the period the ID gets resets like any unknown one.
 */
TEST_F_TIMEOUT(st, closing_and_draining, 60)
{
	unsigned char token[TOKEN_LEN], cid[CID_LEN];
	unsigned char pkt[100], got[1500], buf[16];
	long long rst0, abs0, res0;
	int u, k;
	__u32 fl;
	__s64 id;

	for (k = 0; k < 2; k++) {
		ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
		server_token(_metadata, self->sfd, token, cid);
		ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 4096,
				       9));
		ASSERT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 4096,
				       10));
		usleep(100000);		/* the last acknowledgments land */
		u = udp_to(self, &self->l.addr, self->l.addrlen);
		ASSERT_LE(0, u);
		if (k) {
			/* The client closes; the server hears it */
			ASSERT_EQ(0, quic_close_now(self->cfd, 1, 0, ""));
			EXPECT_EQ(0, quic_stream_recv(self->sfd, buf,
						      sizeof(buf), &id, &fl,
						      NULL));
		}
		rst0 = tquic_stat("StatelessResetSent");
		abs0 = tquic_stat("ClosedAbsorbed");
		res0 = tquic_stat("CloseResent");
		close(self->sfd);
		self->sfd = -1;
		short_pkt(pkt, sizeof(pkt), cid, NULL);
		ASSERT_EQ(sizeof(pkt), send(u, pkt, sizeof(pkt), 0));
		EXPECT_EQ(-1, answer(u, got, sizeof(got))) {
			TH_LOG("%s: answered", k ? "draining" : "closing");
		}
		EXPECT_EQ(rst0, tquic_stat("StatelessResetSent"));
		EXPECT_LT(abs0, tquic_stat("ClosedAbsorbed"));
		/* Closing: the close goes again (to the client, which
		 * absorbs it too)
		 */
		if (!k)
			EXPECT_LT(res0, tquic_stat("CloseResent"));
		EXPECT_EQ(0, reset_after_period(u, cid));
		EXPECT_EQ(rst0 + 1, tquic_stat("StatelessResetSent"));
		close(self->l.fd);
		self->l.fd = -1;
	}
}

/* Datagrams from UDP port @from leave with the server's source port */
static const char rst_table[] = "nft add table inet tqrst";
static const char rst_chain[] =
	"nft add chain inet tqrst out '{ type filter hook output priority -300; }'";
static const char rst_spoof[] =
	"nft add rule inet tqrst out udp sport %d udp sport set %d";

/*
 * What the client takes for a reset (10.3.1): only a datagram from the
 * server's address, of 21 bytes or more, ending in the server's token.
 * One with another token (or too short, or from elsewhere) changes
 * nothing.  A datagram that is no reset but looks like a packet for an
 * unknown ID starts resets back and forth between the two ends, each
 * shorter than the last, until they are too short to answer (10.3.3).
 */
TEST_F_TIMEOUT(st, stateless_reset_rcvd, 60)
{
	unsigned char token[TOKEN_LEN], cid[CID_LEN], bad[TOKEN_LEN];
	unsigned char pkt[64], buf[16];
	struct sockaddr_storage ca, fa, name;
	socklen_t cal, fal = sizeof(fa), nl = sizeof(name);
	long long rcvd0, sent0, v;
	char cmd[256];
	int f;
	__u32 fl;
	__s64 id;

	/* The chain (a netfilter hook) before any traffic: see nat_table */
	ASSERT_EQ(0, run(_metadata, rst_table));
	ASSERT_EQ(0, run(_metadata, rst_chain));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	server_token(_metadata, self->sfd, token, cid);
	/* f sends to the client's port on loopback */
	ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&name, &nl));
	quic_loopback(self->family, &ca, &cal);
	if (self->family == AF_INET)
		((struct sockaddr_in *)&ca)->sin_port =
			((struct sockaddr_in *)&name)->sin_port;
	else
		((struct sockaddr_in6 *)&ca)->sin6_port =
			((struct sockaddr_in6 *)&name)->sin6_port;
	f = udp_to(self, &ca, cal);
	ASSERT_LE(0, f);
	ASSERT_EQ(0, getsockname(f, (struct sockaddr *)&fa, &fal));
	rcvd0 = tquic_stat("StatelessResetRcvd");

	/* The right token from another port */
	short_pkt(pkt, 40, NULL, token);
	ASSERT_EQ(40, send(f, pkt, 40, 0));

	/* From now on f speaks with the server's port */
	snprintf(cmd, sizeof(cmd), rst_spoof, port_of(&fa),
		 port_of(&self->l.addr));
	ASSERT_EQ(0, run(_metadata, cmd));
	/* Another token; the right one in 20 bytes */
	memcpy(bad, token, TOKEN_LEN);
	bad[TOKEN_LEN - 1] ^= 0x80;
	short_pkt(pkt, 40, NULL, bad);
	ASSERT_EQ(40, send(f, pkt, 40, 0));
	short_pkt(pkt, 20, NULL, token);
	ASSERT_EQ(20, send(f, pkt, 20, 0));
	usleep(200000);
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 4096, 7));
	ASSERT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 4096, 8));
	EXPECT_EQ(rcvd0, tquic_stat("StatelessResetRcvd"));

	/*
	 * The 40 bytes with the wrong token went to no connection: the
	 * client answered with 39, the server with 38 ... down to 25 bytes,
	 * which nobody answers: 15 resets, and no more.
	 */
	sent0 = tquic_stat("StatelessResetSent");
	short_pkt(pkt, 40, NULL, NULL);
	ASSERT_EQ(40, send(f, pkt, 40, 0));
	usleep(300000);
	v = tquic_stat("StatelessResetSent");
	EXPECT_EQ(sent0 + 15, v);
	usleep(200000);
	EXPECT_EQ(v, tquic_stat("StatelessResetSent"));
	EXPECT_EQ(rcvd0, tquic_stat("StatelessResetRcvd"));

	/* The shortest real one: 21 bytes */
	short_pkt(pkt, 21, NULL, token);
	ASSERT_EQ(21, send(f, pkt, 21, 0));
	EXPECT_EQ(-1, quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				       NULL));
	EXPECT_EQ(ECONNRESET, errno);
	expect_closed(_metadata, self->cfd, 0, 0, 1, "stateless reset");
	EXPECT_EQ(rcvd0 + 1, tquic_stat("StatelessResetRcvd"));
}

/*
 * Connection IDs and client migration (RFC 9000, 5.1 and 9): once the
 * handshake is confirmed each end holds as many of the other's IDs as
 * active_connection_id_limit allows (8 by default); a client that moves
 * to a new local port (TQUIC_SOCKOPT_MIGRATE) sends to a fresh ID, both
 * ends validate the new path, the server follows to the new port with a
 * fresh ID of the client's, and data keeps flowing.  Bad requests are
 * refused.
 */
TEST_F_TIMEOUT(st, migration, 120)
{
	long long mig0 = tquic_stat("Migrations");
	long long moved0 = tquic_stat("PeerMigrations");
	long long valid0 = tquic_stat("PathValidated");
	struct tquic_connection_info ci, si;
	struct sockaddr_storage sa;
	union quic_close cu;
	socklen_t salen;
	int old_port;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	EXPECT_EQ(0, up_and_back(_metadata, self, 64 << 10, 16 << 10, 29));
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(8, ci.local_cids);
	EXPECT_EQ(8, ci.peer_cids);
	EXPECT_EQ(8, si.local_cids);
	EXPECT_EQ(8, si.peer_cids);
	EXPECT_EQ(0, ci.dcid_seq);
	old_port = sa_port(&ci.local);

	quic_loopback(self->family, &sa, &salen);
	EXPECT_EQ(-1, setsockopt(self->sfd, SOL_QUIC, TQUIC_SOCKOPT_MIGRATE,
				 &sa, salen));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_MIGRATE,
				 &sa, 4));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_MIGRATE,
				&sa, salen));
	EXPECT_EQ(0, up_and_back_on(_metadata, self, 4, 256 << 10, 64 << 10,
				    31));
	if (!quic_close_get(self->cfd, &cu))
		TH_LOG("client closed: app %d code %llu frame %llu peer %d %.*s",
		       cu.cc.app, (unsigned long long)cu.cc.errcode,
		       (unsigned long long)cu.cc.frame_type, cu.cc.by_peer,
		       (int)cu.cc.reason_len, cu.cc.reason);
	if (!quic_close_get(self->sfd, &cu))
		TH_LOG("server closed: app %d code %llu frame %llu peer %d %.*s",
		       cu.cc.app, (unsigned long long)cu.cc.errcode,
		       (unsigned long long)cu.cc.frame_type, cu.cc.by_peer,
		       (int)cu.cc.reason_len, cu.cc.reason);
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	TH_LOG("client port %d -> %d, dcid seq %llu, server's %llu", old_port,
	       sa_port(&ci.local), ci.dcid_seq, si.dcid_seq);
	EXPECT_NE(old_port, sa_port(&ci.local));
	EXPECT_EQ(sa_port(&ci.local), sa_port(&si.peer));
	EXPECT_LE(1, ci.dcid_seq);
	EXPECT_LE(1, si.dcid_seq);
	EXPECT_EQ(8, si.local_cids);
	EXPECT_EQ(mig0 + 1, tquic_stat("Migrations"));
	EXPECT_EQ(moved0 + 1, tquic_stat("PeerMigrations"));
	EXPECT_LE(valid0 + 2, tquic_stat("PathValidated"));
	salen = sizeof(sa);
	ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&sa, &salen));
	EXPECT_EQ(sa_port(&ci.local), sa_port(&sa));
}

/* A Version Negotiation packet answering Initial @in from the client. */
static size_t vn_answer(unsigned char *out, const unsigned char *in,
			const __u32 *versions, int n, bool swap_ids)
{
	const unsigned char *dcid = in + 6, *scid;
	unsigned char dlen = in[5], slen;
	size_t off = 0;
	int i;

	scid = dcid + dlen + 1;
	slen = dcid[dlen];
	out[off++] = 0x80 | 0x2a;
	memset(out + off, 0, 4);		/* version 0 */
	off += 4;
	if (swap_ids) {			/* a wrong answer: IDs not echoed */
		out[off++] = dlen;
		memcpy(out + off, dcid, dlen);
		off += dlen;
		out[off++] = slen;
		memcpy(out + off, scid, slen);
		off += slen;
	} else {
		out[off++] = slen;
		memcpy(out + off, scid, slen);
		off += slen;
		out[off++] = dlen;
		memcpy(out + off, dcid, dlen);
		off += dlen;
	}
	for (i = 0; i < n; i++) {
		__u32 v = htonl(versions[i]);

		memcpy(out + off, &v, 4);
		off += 4;
	}
	return off;
}

/*
 * Version Negotiation received (RFC 9000, 6.2): a "server" that is a
 * plain UDP socket answers the client's Initial.  A VN that does not
 * echo the client's IDs, or that lists the client's version, is ignored;
 * a proper one ends the attempt with EPROTONOSUPPORT, counted, and
 * TQUIC_SOCKOPT_SERVER_VERSIONS gives the versions it listed.
 */
TEST_F_TIMEOUT(st, version_negotiation_rcvd, 60)
{
	static const __u32 others[] = { 0x1a2a3a4a, 0xff00001d };
	static const __u32 with_ours[] = { 0x1a2a3a4a, TQUIC_VERSION_V1 };
	long long vn0 = tquic_stat("VersionNegotiationRcvd");
	unsigned char ch[300], in[2048], out[128];
	struct sockaddr_storage sa, from;
	socklen_t salen, flen = sizeof(from);
	__u32 got[16];
	socklen_t glen = sizeof(got);
	int u, cfd, level;
	ssize_t n;
	size_t m;

	quic_loopback(self->family, &sa, &salen);
	u = track(self, socket(self->family, SOCK_DGRAM, 0));
	ASSERT_LE(0, u);
	ASSERT_EQ(0, bind(u, (struct sockaddr *)&sa, salen));
	ASSERT_EQ(0, getsockname(u, (struct sockaddr *)&sa, &salen));
	quic_timeouts(u, WAIT_MS);
	cfd = new_socket(self, NULL);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&sa, salen));
	EXPECT_EQ(-1, getsockopt(cfd, SOL_QUIC, TQUIC_SOCKOPT_SERVER_VERSIONS,
				 got, &glen));
	EXPECT_EQ(ENODATA, errno);
	quic_pattern(ch, sizeof(ch), 3);
	ASSERT_EQ((int)sizeof(ch), quic_hs_send(cfd, TQUIC_CRYPTO_INITIAL,
						ch, sizeof(ch)));
	n = recvfrom(u, in, sizeof(in), 0, (struct sockaddr *)&from, &flen);
	ASSERT_LE(1200, n);
	ASSERT_EQ(TQUIC_VERSION_V1, ntohl(*(__u32 *)(in + 1)));

	/* Ignored: IDs not echoed, and a list with the client's version */
	m = vn_answer(out, in, others, 2, true);
	ASSERT_EQ((ssize_t)m, sendto(u, out, m, 0, (struct sockaddr *)&from,
				     flen));
	m = vn_answer(out, in, with_ours, 2, false);
	ASSERT_EQ((ssize_t)m, sendto(u, out, m, 0, (struct sockaddr *)&from,
				     flen));
	quic_timeouts(cfd, 300);
	EXPECT_EQ(-1, quic_hs_recv(cfd, in, sizeof(in), &level));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(vn0, tquic_stat("VersionNegotiationRcvd"));
	quic_timeouts(cfd, WAIT_MS);

	/* A proper one ends the attempt */
	m = vn_answer(out, in, others, 2, false);
	ASSERT_EQ((ssize_t)m, sendto(u, out, m, 0, (struct sockaddr *)&from,
				     flen));
	EXPECT_EQ(-1, quic_hs_recv(cfd, in, sizeof(in), &level));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
	EXPECT_EQ(vn0 + 1, tquic_stat("VersionNegotiationRcvd"));
	glen = sizeof(got);
	ASSERT_EQ(0, getsockopt(cfd, SOL_QUIC, TQUIC_SOCKOPT_SERVER_VERSIONS,
				got, &glen));
	ASSERT_EQ(2 * sizeof(__u32), glen);
	EXPECT_EQ(others[0], got[0]);
	EXPECT_EQ(others[1], got[1]);
	expect_closed(_metadata, cfd, 0, 0, 1, "version negotiation");
}

/* The Chosen Version of version_information in @ext, 0 if none. */
static __u32 tp_chosen(const unsigned char *ext, size_t len)
{
	const unsigned char *v = tp_find(ext, len, TP_VERSION_INFO, &len);

	return v && len >= 4 ? (__u32)v[0] << 24 | v[1] << 16 | v[2] << 8 |
			       v[3] : 0;
}

/*
 * @ext with version_information (dropped where it was) set to the first
 * @vlen bytes of the versions @v at the end; none for a NULL @v.
 */
static size_t tp_versions(unsigned char *out, const unsigned char *ext,
			  size_t len, const __u32 *v, size_t vlen)
{
	size_t n = tp_drop(out, ext, len, TP_VERSION_INFO), i;

	if (!v)
		return n;
	n += varint_put(out + n, TP_VERSION_INFO);
	n += varint_put(out + n, vlen);
	for (i = 0; i < vlen; i++)
		out[n + i] = v[i / 4] >> (8 * (3 - i % 4));
	return n + vlen;
}

/*
 * A client offering @cv (0: leave the default, v1) connects to a new
 * listener @l that prefers @pref (0: none set).  The transport
 * parameters cross as TLS carries them: the client's to the server with
 * the ClientHello, before the server's first flight, which the made-up
 * handshake then sends (quic_handshake()); the server's to the client is
 * left to the caller.
 */
static int vn_open(struct __test_metadata *_metadata,
		   struct _test_data_st *self, struct lsn *l, __u32 pref,
		   __u32 cv, int *cfd, int *sfd)
{
	unsigned char ext[TQUIC_TRANSPORT_PARAM_EXT_MAX], ch[300];
	socklen_t len;

	quic_pattern(ch, sizeof(ch), 11);
	if (listener(_metadata, self, l, NULL, NULL) ||
	    (pref && setsockopt(l->fd, SOL_QUIC, TQUIC_SOCKOPT_VERSION, &pref,
				sizeof(pref))))
		return -1;
	*cfd = new_socket(self, NULL);
	if (*cfd < 0 || (cv && setsockopt(*cfd, SOL_QUIC,
					  TQUIC_SOCKOPT_VERSION, &cv,
					  sizeof(cv))))
		return -1;
	*sfd = track(self, quic_open(l->fd, *cfd, (struct sockaddr *)&l->addr,
				     l->addrlen, ch, sizeof(ch), WAIT_MS));
	if (*sfd < 0 || get_ext(*cfd, ext, &len) || set_ext(*sfd, ext, len) ||
	    quic_handshake(*cfd, *sfd)) {
		TH_LOG("%s: %s", quic_step, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Compatible version negotiation (RFC 9368): a listener that prefers a
 * version the client offers switches the connection to it, from the
 * server's first flight on, and the client follows; without a preference
 * (or with the client's own version preferred) the client's version
 * stays.  Both ends report the version in use, the server's
 * version_information names it as chosen and lists the other one too,
 * the client's names its original one, and data crosses intact both
 * ways.  VersionSwitched counts a switch on each end.
 */
TEST_F_TIMEOUT(st, compatible_version_negotiation, 180)
{
	static const struct {
		__u32 pref, client, want;
	} cases[] = {
		{ TQUIC_VERSION_V2, 0, TQUIC_VERSION_V2 },
		{ 0, 0, TQUIC_VERSION_V1 },
		{ TQUIC_VERSION_V1, 0, TQUIC_VERSION_V1 },
		{ 0, TQUIC_VERSION_V2, TQUIC_VERSION_V2 },
		{ TQUIC_VERSION_V1, TQUIC_VERSION_V2, TQUIC_VERSION_V1 },
	};
	unsigned char sext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	unsigned char cext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	struct tquic_connection_info ci, si;
	const unsigned char *v;
	__u32 orig, other;
	long long sw0;
	socklen_t clen, slen;
	size_t vlen;
	unsigned int k;
	int cfd, sfd;
	struct lsn l;

	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		orig = cases[k].client ?: TQUIC_VERSION_V1;
		other = cases[k].want == TQUIC_VERSION_V1 ? TQUIC_VERSION_V2 :
							   TQUIC_VERSION_V1;
		sw0 = tquic_stat("VersionSwitched");
		ASSERT_EQ(0, vn_open(_metadata, self, &l, cases[k].pref,
				     cases[k].client, &cfd, &sfd));
		ASSERT_EQ(0, get_ext(sfd, sext, &slen));
		ASSERT_EQ(0, set_ext(cfd, sext, slen));
		ASSERT_EQ(0, quic_complete(cfd));
		ASSERT_EQ(0, quic_complete(sfd));
		ASSERT_EQ(0, quic_conn_info(cfd, &ci));
		ASSERT_EQ(0, quic_conn_info(sfd, &si));
		EXPECT_EQ(cases[k].want, ci.version) {
			TH_LOG("case %u: client runs %#x", k, ci.version);
		}
		EXPECT_EQ(cases[k].want, si.version) {
			TH_LOG("case %u: server runs %#x", k, si.version);
		}
		/* Server: chosen = in use, then in use and the other */
		EXPECT_EQ(cases[k].want, tp_chosen(sext, slen));
		v = tp_find(sext, slen, TP_VERSION_INFO, &vlen);
		ASSERT_NE(NULL, v);
		ASSERT_EQ(12, vlen);
		EXPECT_EQ(0, memcmp(v + 4, v, 4));
		EXPECT_EQ(other, (__u32)v[8] << 24 | v[9] << 16 | v[10] << 8 |
				 v[11]);
		/* Client: its original version, chosen */
		ASSERT_EQ(0, get_ext(cfd, cext, &clen));
		EXPECT_EQ(orig, tp_chosen(cext, clen));
		EXPECT_EQ(sw0 + (orig == cases[k].want ? 0 : 2),
			  tquic_stat("VersionSwitched"));
		EXPECT_EQ(0, one_chunk(_metadata, cfd, sfd, 64 << 10, 20 + k));
		EXPECT_EQ(0, one_chunk(_metadata, sfd, cfd, 64 << 10, 30 + k));
	}
}

/*
 * version_information that does not match (RFC 9368, 4) closes with
 * VERSION_NEGOTIATION_ERROR (0x11), a malformed one (3) with
 * TRANSPORT_PARAMETER_ERROR: the server checks the client's chosen
 * version against the original one, the client the server's against the
 * one in use, and that a server that switched says so.  The end that
 * refuses reports the error, its peer hears it.
 */
TEST_F_TIMEOUT(st, bad_version_information, 120)
{
	static const __u32 v1v2[] = { TQUIC_VERSION_V1, TQUIC_VERSION_V2 };
	static const __u32 v2v1[] = { TQUIC_VERSION_V2, TQUIC_VERSION_V1 };
	static const __u32 zero[] = { 0, TQUIC_VERSION_V1 };
	static const struct {
		const char *what;
		__u32 pref;
		bool to_client;
		const __u32 *v;
		size_t vlen;
		__u64 code;
	} cases[] = {
		{ "client chose v2 on a v1 connection", 0, false, v2v1, 8,
		  TQUIC_ERR_VERSION_NEGOTIATION_ERROR },
		{ "client's list of 6 bytes", 0, false, v1v2, 6,
		  TQUIC_ERR_TRANSPORT_PARAMETER_ERROR },
		{ "client chose version 0", 0, false, zero, 8,
		  TQUIC_ERR_TRANSPORT_PARAMETER_ERROR },
		{ "empty version_information", 0, false, v1v2, 0,
		  TQUIC_ERR_TRANSPORT_PARAMETER_ERROR },
		{ "server chose v2 on a v1 connection", 0, true, v2v1, 8,
		  TQUIC_ERR_VERSION_NEGOTIATION_ERROR },
		{ "switched to v2, server chose v1", TQUIC_VERSION_V2, true,
		  v1v2, 8, TQUIC_ERR_VERSION_NEGOTIATION_ERROR },
		{ "switched to v2, server sent none", TQUIC_VERSION_V2, true,
		  NULL, 0, TQUIC_ERR_VERSION_NEGOTIATION_ERROR },
	};
	unsigned char ext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	unsigned char bad[TQUIC_TRANSPORT_PARAM_EXT_MAX + 16], buf[16];
	int cfd, sfd, to, other;
	socklen_t len;
	unsigned int k;
	struct lsn l;
	size_t n;
	ssize_t r;
	__u32 fl;
	__s64 id;

	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		if (cases[k].to_client) {
			ASSERT_EQ(0, vn_open(_metadata, self, &l,
					     cases[k].pref, 0, &cfd, &sfd));
			ASSERT_EQ(0, get_ext(sfd, ext, &len));
			to = cfd;
			other = sfd;
		} else {
			ASSERT_EQ(0, listener(_metadata, self, &l, NULL,
					      NULL));
			ASSERT_EQ(0, open_pair(_metadata, self, &l, NULL, &cfd,
					       &sfd, true));
			ASSERT_EQ(0, get_ext(cfd, ext, &len));
			to = sfd;
			other = cfd;
		}
		n = tp_versions(bad, ext, len, cases[k].v, cases[k].vlen);
		errno = 0;
		EXPECT_EQ(-1, set_ext(to, bad, n)) {
			TH_LOG("%s: accepted", cases[k].what);
		}
		EXPECT_EQ(EINVAL, errno);
		expect_closed(_metadata, to, cases[k].code, 0, 0, "");
		/* The peer hears of it: closed, not a timeout */
		r = quic_stream_recv(other, buf, sizeof(buf), &id, &fl, NULL);
		EXPECT_TRUE(r == 0 || (r < 0 && errno != EAGAIN)) {
			TH_LOG("%s: peer's recvmsg: %zd (%s)", cases[k].what,
			       r, r < 0 ? strerror(errno) : "data");
		}
		expect_closed(_metadata, other, cases[k].code, 0, 1, "");
	}
}

/* SUnreclaim of /proc/meminfo (kB), or -1 */
static long long sunreclaim_kb(void)
{
	char line[128];
	long long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SUnreclaim: %lld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

#define OOO_PIECES	200000	/* one byte at each odd offset below 2x */
#define OOO_SEED	41
#define OOO_PKT		1200

/* A STREAM frame on stream 0 (OFF and LEN bits) at @p: @len bytes of
 * gen(OOO_SEED) at @off (< 2^30); its length.
 */
static size_t ooo_frame(unsigned char *p, __u32 off, __u32 len)
{
	size_t n = 0;

	p[n++] = 0x0e;
	p[n++] = 0;			/* stream 0 */
	p[n++] = 0x80 | off >> 24;	/* 4-byte varint */
	p[n++] = off >> 16;
	p[n++] = off >> 8;
	p[n++] = off;
	p[n++] = 0x40 | len >> 8;	/* 2-byte varint */
	p[n++] = len;
	gen(p + n, len, OOO_SEED, off);
	return n + len;
}

#define OOO_PN0		(1 << 20)	/* above anything the client sent */

/* A forged client: its 1-RTT packets from another UDP socket, filled
 * with STREAM frames on stream 0 and sent as they fill.
 */
struct ooo_peer {
	int ufd;
	struct fq_keys k, k_server;
	unsigned char cid[CID_LEN];
	__u32 pn;		/* the next packet number */
	size_t plen;		/* frames in @pkt so far */
	long long in0;		/* PacketsIn before the first */
	unsigned char pkt[OOO_PKT + 64];
};

static void ooo_peer_open(struct __test_metadata *_metadata,
			  struct _test_data_st *self, struct ooo_peer *p)
{
	unsigned char token[TOKEN_LEN];

	memset(p, 0, sizeof(*p));
	server_token(_metadata, self->sfd, token, p->cid);
	p->ufd = udp_to(self, &self->l.addr, self->l.addrlen);
	ASSERT_LE(0, p->ufd);
	fq_keys_init(&p->k, 0x33);
	fq_keys_init(&p->k_server, 0x44);	/* lib/quic.c */
	p->pn = OOO_PN0;
	p->in0 = tquic_stat("PacketsIn");
}

/* Send the frames gathered; every 32 packets, wait for the server to
 * have taken them.
 */
static void ooo_flush(struct __test_metadata *_metadata, struct ooo_peer *p)
{
	size_t n = fq_seal(&p->k, p->pkt, p->cid, p->pn++, p->plen);

	ASSERT_EQ((ssize_t)n, send(p->ufd, p->pkt, n, 0));
	p->plen = 0;
	if (!(p->pn % 32))
		tquic_stat_reaches("PacketsIn", p->in0 + (p->pn - OOO_PN0));
}

/* A frame of @len bytes at @off, sending the packet first if full */
static void ooo_put(struct __test_metadata *_metadata, struct ooo_peer *p,
		    __u32 off, __u32 len)
{
	if (FQ_HDR + p->plen + 8 + len + FQ_TAG > OOO_PKT)
		ooo_flush(_metadata, p);
	p->plen += ooo_frame(p->pkt + FQ_HDR + p->plen, off, len);
}

/* Read @total bytes of stream 0 on @fd, no more, and check that they
 * are gen(@seed) from offset 0
 */
static void read_back(struct __test_metadata *_metadata, int fd,
		      size_t total, __u64 seed)
{
	static unsigned char want[2000], buf[65536];
	size_t got = 0, off, len;
	__u32 flags;
	__s64 id;
	ssize_t r;

	while (got < total) {
		len = total - got < sizeof(buf) ? total - got : sizeof(buf);
		r = quic_stream_recv(fd, buf, len, &id, &flags, NULL);
		ASSERT_LT(0, r) {
			TH_LOG("read %zu of %zu: %s", got, total,
			       r < 0 ? strerror(errno) : "end");
		}
		ASSERT_EQ(0, id);
		for (off = 0; off < (size_t)r; off += len) {
			len = r - off < sizeof(want) ? r - off : sizeof(want);
			gen(want, len, seed, got + off);
			ASSERT_EQ(0, memcmp(buf + off, want, len)) {
				TH_LOG("bytes at %zu differ", got + off);
			}
		}
		got += r;
	}
}

/*
 * RFC 9000, 21.7: a peer that sends one byte at every odd offset and
 * never the even ones.  The server holds what came ahead of the gaps in
 * chunks sized by the span, not one allocation per byte (a 64-byte slab
 * object each, 12.5 MB here, before stream.c held them by chunk): its
 * unreclaimable slab grows by far less than that.  The packets are
 * forged with the client's made-up 1-RTT key, from another UDP socket
 * (the server takes it for a migration; what the real client still
 * sends may fail to open, its short packet numbers read against the
 * forged ones).  Then the first 10000 bytes
 * come one at a time, in order, and the rest in 1000-byte frames: the
 * reader gets every byte, in order, and the connection lives on.
 */
TEST_F_TIMEOUT(st, ooo_tiny_pieces, 240)
{
	static struct ooo_peer p;
	long long mem0, mem1, sent;
	__u32 off, len;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ooo_peer_open(_metadata, self, &p);
	mem0 = sunreclaim_kb();
	ASSERT_LT(0, mem0);

	/* The odd bytes, last first */
	for (off = 2 * OOO_PIECES - 1; off < 2 * OOO_PIECES; off -= 2)
		ooo_put(_metadata, &p, off, 1);
	ooo_flush(_metadata, &p);
	sent = p.pn - OOO_PN0;
	/* All of them taken (and maybe some of the client's) */
	EXPECT_LE(p.in0 + sent, tquic_stat_reaches("PacketsIn", p.in0 + sent));
	usleep(100000);
	mem1 = sunreclaim_kb();
	TH_LOG("%lld packets, %d one-byte pieces: SUnreclaim %lld -> %lld kB",
	       sent, OOO_PIECES, mem0, mem1);
	EXPECT_GT(mem0 + 4096, mem1);

	/* The even bytes below 10000, one at a time in order; the rest */
	for (off = 0; off < 2 * OOO_PIECES; off += len) {
		len = off < 10000 ? 1 : 1000;
		if (!(off < 10000 && (off & 1)))
			ooo_put(_metadata, &p, off, len);
	}
	ooo_flush(_metadata, &p);
	read_back(_metadata, self->sfd, 2 * OOO_PIECES, OOO_SEED);
	close(p.ufd);
}

/*
 * RFC 9000, 21.7, in order this time: a peer that sends its stream one
 * byte a frame while nobody reads.  Each frame used to reach the reader
 * as a clone of its datagram (an sk_buff of its own, charged the whole
 * buffer); small frames are now copied into the last queued skb of the
 * stream (RxCoalesced), so 200000 of them cost about their bytes: the
 * server's unreclaimable slab grows by far less than the 50 MB of one
 * sk_buff each.  Then every byte reads back, in order.
 */
TEST_F_TIMEOUT(st, tiny_frames_in_order, 240)
{
	static struct ooo_peer p;
	long long co0, mem0, mem1, sent;
	__u32 off;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ooo_peer_open(_metadata, self, &p);
	co0 = tquic_stat("RxCoalesced");
	mem0 = sunreclaim_kb();
	ASSERT_LT(0, mem0);
	for (off = 0; off < OOO_PIECES; off++)
		ooo_put(_metadata, &p, off, 1);
	ooo_flush(_metadata, &p);
	sent = p.pn - OOO_PN0;
	EXPECT_LE(p.in0 + sent, tquic_stat_reaches("PacketsIn", p.in0 + sent));
	usleep(100000);
	mem1 = sunreclaim_kb();
	TH_LOG("%lld packets, %d one-byte frames in order: SUnreclaim %lld -> %lld kB, RxCoalesced +%lld",
	       sent, OOO_PIECES, mem0, mem1,
	       tquic_stat("RxCoalesced") - co0);
	EXPECT_GT(mem0 + 4096, mem1);
	EXPECT_LE(co0 + OOO_PIECES - OOO_PIECES / 100,
		  tquic_stat("RxCoalesced"));
	read_back(_metadata, self->sfd, OOO_PIECES, OOO_SEED);
	close(p.ufd);
}

#define SPOOF_PORT	40123
#define SPOOF_DATA	(256 << 10)
#define SPOOF_UP	100	/* what the client writes: one packet */
#define SPOOF_MAX_DGRAM	1472	/* what the rewritten packet was at most */

/* Once: the client's source port rewritten; then its packets dropped */
static const char spoof_once[] =
	"nft add rule inet tqnat out udp sport %d %s udp sport set %d";
static const char spoof_first[] = "limit rate 1/hour burst 1 packets";
static const char spoof_drop[] =
	"nft add rule inet tqnat out udp sport %d udp dport %d drop";

/*
 * RFC 9000, 9.3 and 9.3.2: an on-path attacker rewrites the source port
 * of one of the client's packets.  The server moves there, and then
 * sends there at most three times what came from there until the
 * address answers its PATH_CHALLENGE, though stream data waits to go.
 * The address never answers (a UDP socket that only counts): after
 * three PTOs of a new path (about three seconds) the server goes back
 * to the client's own address (PeerMigrationsFailed) and the data
 * reaches the client, every byte, as the client's reaches the server.
 * Before the limit the server sent the new address all it could.
 * Meanwhile the client's other packets are dropped: they would bring
 * the server back at once (a packet from the address it validated).
 */
TEST_F_TIMEOUT(st, spoofed_migration_is_limited, 120)
{
	long long mig0, fail0, amp0, got = 0, n_dgrams = 0;
	static unsigned char data[SPOOF_DATA], back[SPOOF_DATA];
	struct sockaddr_storage ca, sa;
	socklen_t cal = sizeof(ca), sal;
	unsigned char buf[2048];
	int cport, sport, ufd;
	ssize_t r, sent, up;
	char cmd[256];
	size_t off;
	double t0;
	__u32 fl;
	__s64 id;

	/* The chain (a netfilter hook) before any traffic: see nat_table */
	ASSERT_EQ(0, run(_metadata, nat_table));
	ASSERT_EQ(0, run(_metadata, nat_chain));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	quic_timeouts(self->cfd, 20000);
	quic_timeouts(self->sfd, 20000);
	ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&ca, &cal));
	cport = port_of(&ca);
	sport = port_of(&self->l.addr);
	/* Where the rewritten address leads: a socket that only counts */
	quic_loopback(self->family, &sa, &sal);
	((struct sockaddr_in *)&sa)->sin_port = htons(SPOOF_PORT);
	ufd = track(self, socket(self->family, SOCK_DGRAM, 0));
	ASSERT_LE(0, ufd);
	ASSERT_EQ(0, bind(ufd, (struct sockaddr *)&sa, sal));
	quic_timeouts(ufd, 300);
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10, 1));
	ASSERT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 64 << 10, 2));
	usleep(200000);		/* the last acknowledgments */

	mig0 = tquic_stat("PeerMigrations");
	fail0 = tquic_stat("PeerMigrationsFailed");
	amp0 = tquic_stat("AmplificationLimited");
	snprintf(cmd, sizeof(cmd), spoof_once, cport, spoof_first, SPOOF_PORT);
	ASSERT_EQ(0, run(_metadata, cmd));
	snprintf(cmd, sizeof(cmd), spoof_drop, cport, sport);
	ASSERT_EQ(0, run(_metadata, cmd));
	/* The client writes a little: its packet is rewritten (one
	 * datagram: a GSO train would be rewritten whole)
	 */
	gen(back, SPOOF_UP, 5, 0);
	up = quic_stream_send(self->cfd, 0, 0, back, SPOOF_UP, 0);
	ASSERT_EQ(SPOOF_UP, up);
	ASSERT_EQ(mig0 + 1, tquic_stat_reaches("PeerMigrations", mig0 + 1));

	/* As much as the server's send buffer takes now */
	gen(data, sizeof(data), 3, 0);
	sent = quic_stream_send(self->sfd, 0, 0, data, sizeof(data),
				MSG_DONTWAIT);
	ASSERT_LT(64 << 10, sent);
	/* What the rewritten address gets in 1.5 s */
	t0 = now_s();
	while (now_s() - t0 < 1.5) {
		r = answer(ufd, buf, sizeof(buf));
		if (r > 0) {
			got += r;
			n_dgrams++;
		}
	}
	TH_LOG("rewritten address: %lld bytes in %lld datagrams",
	       got, n_dgrams);
	EXPECT_LT(0, n_dgrams);		/* the PATH_CHALLENGE */
	EXPECT_GE(3 * SPOOF_MAX_DGRAM, got);
	EXPECT_LT(amp0, tquic_stat("AmplificationLimited"));

	/* The validation fails: back to the client, whose packets pass */
	EXPECT_EQ(fail0 + 1,
		  tquic_stat_within("PeerMigrationsFailed", fail0 + 1, 10000));
	ASSERT_EQ(0, run(_metadata, "nft flush chain inet tqnat out"));
	for (off = 0; off < (size_t)sent; off += r) {
		r = quic_stream_recv(self->cfd, buf, sizeof(buf) < sent - off ?
				     sizeof(buf) : sent - off, &id, &fl, NULL);
		ASSERT_LT(0, r) {
			TH_LOG("client, after %zu bytes: %s", off,
			       r < 0 ? strerror(errno) : "end");
		}
		ASSERT_EQ(0, id);
		ASSERT_EQ(0, memcmp(data + off, buf, r));
	}
	gen(data, up, 5, 0);
	for (off = 0; off < (size_t)up; off += r) {
		r = quic_stream_recv(self->sfd, back + off, up - off, &id, &fl,
				     NULL);
		ASSERT_LT(0, r) {
			TH_LOG("server, after %zu bytes: %s", off,
			       r < 0 ? strerror(errno) : "end");
		}
	}
	EXPECT_EQ(0, memcmp(data, back, up));
	EXPECT_EQ(mig0 + 1, tquic_stat("PeerMigrations"));
	/* and the connection goes on */
	EXPECT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 64 << 10, 4));
}

#define PROBE_UP	4000	/* the server's data the client acknowledges
				 * unheard, ...
				 */
#define PROBE_PIECE	100	/* ... a packet at a time */
#define PROBE_MOVED	(32 << 10)	/* what the server writes once moved */
#define PROBE_STALE_MS	3500	/* a probed address's validation is old,
				 * unless 3 PTOs are longer
				 */
#define FT_PING			0x01
#define FT_PATH_CHALLENGE	0x1a
#define FT_PATH_RESPONSE	0x1b

/* A packet from @p's socket of one frame, @type with @data (8 bytes) if
 * not NULL, padded to a datagram of @dgram bytes.
 */
static void probe_send(struct __test_metadata *_metadata, struct ooo_peer *p,
		       unsigned char type, const unsigned char *data,
		       size_t dgram)
{
	size_t plen = dgram - FQ_HDR - FQ_TAG, n;

	memset(p->pkt + FQ_HDR, 0, plen);	/* PADDING */
	p->pkt[FQ_HDR] = type;
	if (data)
		memcpy(p->pkt + FQ_HDR + 1, data, 8);
	n = fq_seal(&p->k, p->pkt, p->cid, p->pn++, plen);
	ASSERT_EQ((ssize_t)n, send(p->ufd, p->pkt, n, 0));
}

/*
 * RFC 9000, 9.1, 9.3, 8.2 and 9.5: a client probes a path before it
 * moves there.  A packet of probing frames only (PATH_CHALLENGE and
 * PADDING) from another address - forged with the client's 1-RTT key,
 * from another UDP socket - does not move the server: PeerMigrations,
 * the peer address and the connection ID in use of its connection info
 * stay.  Its PATH_RESPONSE goes to the probing address, with a
 * PATH_CHALLENGE of the server's, alone in a datagram (PeerProbes)
 * sealed for a connection ID of the client's other than the one in use
 * (the client's first, as the connection never moved): 1200 bytes for
 * a probe of 1200, at most three times a 100-byte probe (8.1).  The
 * server's packets go on to the client's address, nothing more to the
 * probing one.  The answer to the server's challenge, from there,
 * validates the address (PathValidated) without moving the server; a
 * PING from there right after moves it, with no validation and no
 * amplification limit: what the server writes next reaches the address,
 * far more than three times the PING.  Once the client's packets pass
 * again, its next one brings the server back, and the connection goes
 * on both ways, every byte checked.  The forged packet numbers are ones the
 * client used while an nft rule dropped its packets, all
 * acknowledgments of the server's data: nothing collides, and the server
 * acknowledges nothing the client did not send (a protocol violation)
 * nor anything the client would then take for delivered.
 */
static void probe_then_move(struct __test_metadata *_metadata,
			    struct _test_data_st *self, bool stale)
{
	unsigned char ext[TQUIC_TRANSPORT_PARAM_EXT_MAX], buf[2048], chal[8];
	unsigned char reply_cid[CID_LEN], our_chal[8];
	struct tquic_connection_info ci, si0, si;
	static unsigned char data[PROBE_MOVED];
	long long mig0, probes0, val0, amp0, got;
	struct sockaddr_storage ca, ua;
	socklen_t cal = sizeof(ca), ual = sizeof(ua), elen;
	const unsigned char *ciscid;
	static struct ooo_peer p;
	size_t hdr, vlen, off, i;
	__u64 s0, pn;
	char cmd[256];
	double t0;
	ssize_t r;
	int k, n;

	/* The chain (a netfilter hook) before any traffic: see nat_table */
	ASSERT_EQ(0, run(_metadata, nat_table));
	ASSERT_EQ(0, run(_metadata, nat_chain));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	quic_timeouts(self->cfd, 20000);
	quic_timeouts(self->sfd, 20000);
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10, 1));
	ASSERT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 64 << 10, 2));
	usleep(200000);		/* the last acknowledgments */
	ASSERT_EQ(0, get_ext(self->cfd, ext, &elen));
	ciscid = tp_find(ext, elen, TP_ISCID, &vlen);
	ASSERT_NE(NULL, ciscid);
	ASSERT_EQ(CID_LEN, vlen);
	ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&ca, &cal));
	ooo_peer_open(_metadata, self, &p);
	quic_timeouts(p.ufd, 3000);
	ASSERT_EQ(0, getsockname(p.ufd, (struct sockaddr *)&ua, &ual));

	/* The client's acknowledgments lost on the way: their numbers are
	 * free
	 */
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	s0 = ci.packets_sent;
	snprintf(cmd, sizeof(cmd), spoof_drop, port_of(&ca),
		 port_of(&self->l.addr));
	ASSERT_EQ(0, run(_metadata, cmd));
	gen(data, PROBE_UP, 7, 0);
	for (off = 0; off < PROBE_UP; off += PROBE_PIECE) {
		ASSERT_EQ(PROBE_PIECE, quic_stream_send(self->sfd, 0, 0,
							data + off,
							PROBE_PIECE,
							MSG_DONTWAIT));
		usleep(30000);	/* one acknowledgment each */
	}
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	/* 1-RTT packet numbers s0 - L .. packets_sent - L - 1 went, L (< 8)
	 * being the client's Initial and Handshake packets: s0 .. s0 + 3
	 * among them
	 */
	ASSERT_LE(s0 + 12, ci.packets_sent);
	p.pn = s0;

	ASSERT_EQ(0, quic_conn_info(self->sfd, &si0));
	mig0 = tquic_stat("PeerMigrations");
	probes0 = tquic_stat("PeerProbes");
	for (k = 0; k < 2; k++) {
		size_t dgram = k ? 1200 : 100;

		memset(chal, 0xa0 + k, sizeof(chal));
		probe_send(_metadata, &p, FT_PATH_CHALLENGE, chal, dgram);
		r = answer(p.ufd, buf, sizeof(buf));
		ASSERT_LT(0, r) {
			TH_LOG("no answer to a probe of %zu bytes", dgram);
		}
		EXPECT_GE(k ? 1200 : 3 * 100, r);
		EXPECT_LE(k ? 1200 : 0, r);
		n = fq_open(&p.k_server, buf, r, si0.packets_sent, &hdr, &pn);
		ASSERT_LT(18, n);
		/* PATH_RESPONSE with the challenge's data, PATH_CHALLENGE
		 * (the same both times), PADDING
		 */
		EXPECT_EQ(FT_PATH_RESPONSE, buf[hdr]);
		EXPECT_EQ(0, memcmp(buf + hdr + 1, chal, 8));
		EXPECT_EQ(FT_PATH_CHALLENGE, buf[hdr + 9]);
		if (k)
			EXPECT_EQ(0, memcmp(buf + hdr + 10, our_chal, 8));
		memcpy(our_chal, buf + hdr + 10, 8);
		for (i = 18; i < (size_t)n; i++)
			if (buf[hdr + i])
				break;
		EXPECT_EQ(n, i);
		/* Another of the client's IDs, the same for both */
		EXPECT_NE(0, memcmp(buf + 1, ciscid, CID_LEN));
		if (k)
			EXPECT_EQ(0, memcmp(buf + 1, reply_cid, CID_LEN));
		memcpy(reply_cid, buf + 1, CID_LEN);
	}
	EXPECT_EQ(probes0 + 2, tquic_stat("PeerProbes"));
	EXPECT_EQ(mig0, tquic_stat("PeerMigrations"));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(0, memcmp(&si0.peer, &si.peer, sizeof(si.peer)));
	EXPECT_EQ(si0.dcid_seq, si.dcid_seq);

	/* Meanwhile the server probes the client, whose acknowledgments are
	 * lost: at its address, nothing at the probing one
	 */
	usleep(300000);
	EXPECT_EQ(-1, recv(p.ufd, buf, sizeof(buf), MSG_DONTWAIT));

	/* The server's challenge answered from there: validated, unmoved */
	val0 = tquic_stat("PathValidated");
	probe_send(_metadata, &p, FT_PATH_RESPONSE, our_chal, 1200);
	EXPECT_EQ(val0 + 1, tquic_stat_reaches("PathValidated", val0 + 1));
	EXPECT_EQ(mig0, tquic_stat("PeerMigrations"));
	if (stale) {	/* past 3 PTOs, at least 3 s: not recent any more */
		__u64 ms;

		ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
		/* no RTT sample meanwhile: the client's packets are dropped */
		ms = 3 * (si.srtt_us + 4 * si.rttvar_us) / 1000 + 500;
		usleep((ms > PROBE_STALE_MS ? ms : PROBE_STALE_MS) * 1000);
	}

	/* A packet with a PING from there moves the server, which sends
	 * there at once what it has, with no limit (or, the validation
	 * stale, a PATH_CHALLENGE and at most three times the PING)
	 */
	amp0 = tquic_stat("AmplificationLimited");
	probe_send(_metadata, &p, FT_PING, NULL, 1200);
	EXPECT_EQ(mig0 + 1, tquic_stat_reaches("PeerMigrations", mig0 + 1));
	ASSERT_EQ(0, quic_conn_info(self->sfd, &si));
	EXPECT_EQ(port_of(&ua), port_of((struct sockaddr_storage *)&si.peer));
	gen(data, PROBE_MOVED, 9, 0);
	ASSERT_EQ(PROBE_MOVED, quic_stream_send(self->sfd, 0, 0, data,
						PROBE_MOVED, MSG_DONTWAIT));
	got = 0;
	for (t0 = now_s(); now_s() - t0 < 1;) {
		r = recv(p.ufd, buf, sizeof(buf), MSG_DONTWAIT);
		if (r > 0)
			got += r;
		else
			usleep(10000);
	}
	TH_LOG("the %s address got %lld bytes",
	       stale ? "once validated" : "validated", got);
	if (stale) {
		EXPECT_GE(3 * 1200, got);
		EXPECT_LT(amp0, tquic_stat("AmplificationLimited"));
	} else {
		EXPECT_LT(2 * 3 * 1200, got);
		EXPECT_EQ(amp0, tquic_stat("AmplificationLimited"));
	}

	/* The client's packets pass again: its next one brings the server
	 * back to it, and the connection goes on
	 */
	ASSERT_EQ(0, run(_metadata, "nft flush chain inet tqnat out"));
	EXPECT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10, 3));
	read_back(_metadata, self->cfd, PROBE_UP, 7);
	read_back(_metadata, self->cfd, PROBE_MOVED, 9);
	EXPECT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 64 << 10, 4));
	/* Back from an address not validated yet: no move of its own */
	EXPECT_EQ(mig0 + (stale ? 1 : 2), tquic_stat("PeerMigrations"));
}

TEST_F_TIMEOUT(st, probe_does_not_move, 120)
{
	probe_then_move(_metadata, self, false);
}

/*
 * The same, but the PING comes 3.5 s after the PATH_RESPONSE (or half a
 * second more than three PTOs, if longer): an address seen that long
 * ago is not "seen recently" (9.3), and it is
 * validated again - a PATH_CHALLENGE, and at most three times what came
 * from there (AmplificationLimited) until the client's packets bring the
 * server back.
 */
TEST_F_TIMEOUT(st, probe_validation_expires, 120)
{
	probe_then_move(_metadata, self, true);
}

/* Datagrams the nft rules of inet tqnat's chain out counted, the
 * @nth rule's (from 0), or -1.
 */
static long long nft_counted(int nth)
{
	char line[512], *p;
	long long n = -1;
	FILE *f;

	f = popen("nft list chain inet tqnat out", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, "counter packets ");
		if (p && !nth--)
			n = strtoll(p + strlen("counter packets "), NULL, 10);
	}
	pclose(f);
	return n;
}

/* Count in inet tqnat's chain out the datagrams to (rule 0) and from
 * (rule 1) port @sport whose QUIC bit - bit 0x40 of the UDP payload's
 * first byte - is 0 (nft_counted()).
 */
static int count_quic_bit_clear(struct __test_metadata *_metadata,
				int sport)
{
	static const char rule[] =
		"nft add rule inet tqnat out udp %s %d @th,65,1 0 counter";
	char cmd[256];

	if (run(_metadata, nat_table) || run(_metadata, nat_chain))
		return -1;
	snprintf(cmd, sizeof(cmd), rule, "dport", sport);
	if (run(_metadata, cmd))
		return -1;
	snprintf(cmd, sizeof(cmd), rule, "sport", sport);
	return run(_metadata, cmd);
}

/*
 * RFC 9287: both ends advertise grease_quic_bit, and each then sends its
 * packets with the QUIC bit unpredictable (nft counts datagrams with the
 * bit 0 each way, about half of all; a GSO train is one, by its first
 * packet: 30 to 46 here) and takes the other's: 1 MiB each way arrives
 * intact, and no packet was dropped as malformed.
 */
TEST_F_TIMEOUT(st, grease_quic_bit, 120)
{
	struct tquic_transport_param ctp, stp;
	long long mal0, up, down;

	ASSERT_EQ(0, tp_defaults(self, &ctp));
	ctp.grease_quic_bit = 1;
	stp = ctp;
	ASSERT_EQ(0, connect_pair(_metadata, self, &ctp, &stp));
	ASSERT_EQ(0, count_quic_bit_clear(_metadata,
					  port_of(&self->l.addr)));
	mal0 = tquic_stat("DropMalformed");
	EXPECT_EQ(0, up_and_back(_metadata, self, 1 << 20, 1 << 20, 47));
	up = nft_counted(0);
	down = nft_counted(1);
	TH_LOG("datagrams with the QUIC bit 0: %lld up, %lld down", up, down);
	EXPECT_LT(10, up);
	EXPECT_LT(10, down);
	EXPECT_EQ(mal0, tquic_stat("DropMalformed"));
}

/*
 * RFC 9287's other side: a connection that did not advertise
 * grease_quic_bit (the default) drops a packet whose QUIC bit is 0
 * (DropMalformed), though it opens: a PING forged with the client's
 * key from another socket.  The same PING with the bit is taken
 * (PacketsIn), and the two ends' own packets all carry the bit (nft
 * counts none without it).
 */
TEST_F_TIMEOUT(st, quic_bit_clear_refused, 60)
{
	static struct ooo_peer p;
	long long mal0, in0;
	size_t n;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, count_quic_bit_clear(_metadata,
					  port_of(&self->l.addr)));
	ASSERT_EQ(0, one_chunk(_metadata, self->cfd, self->sfd, 64 << 10, 1));
	ASSERT_EQ(0, one_chunk(_metadata, self->sfd, self->cfd, 64 << 10, 2));
	ooo_peer_open(_metadata, self, &p);
	mal0 = tquic_stat("DropMalformed");
	in0 = tquic_stat("PacketsIn");
	memset(p.pkt + FQ_HDR, 0, 40);
	p.pkt[FQ_HDR] = 0x01;		/* PING, PADDING */
	n = fq_seal_bit(&p.k, p.pkt, 0, p.cid, p.pn++, 40);
	ASSERT_EQ((ssize_t)n, send(p.ufd, p.pkt, n, 0));
	EXPECT_EQ(mal0 + 1, tquic_stat_reaches("DropMalformed", mal0 + 1));
	/* the same packet with the bit is taken */
	n = fq_seal_bit(&p.k, p.pkt, 1, p.cid, p.pn++, 40);
	ASSERT_EQ((ssize_t)n, send(p.ufd, p.pkt, n, 0));
	EXPECT_LE(in0 + 1, tquic_stat_reaches("PacketsIn", in0 + 1));
	/* Of all datagrams to the server only the forged one had the bit
	 * 0, and none from it
	 */
	EXPECT_EQ(1, nft_counted(0));
	EXPECT_EQ(0, nft_counted(1));
	close(p.ufd);
}

struct held_send {
	int fd;
	void *buf;
	size_t len;
	ssize_t sent;
	pthread_t th;
};

static void *held_send_thread(void *arg)
{
	struct held_send *h = arg;

	h->sent = quic_stream_send(h->fd, 0, 0, h->buf, h->len, 0);
	return NULL;
}

#define HELD_PAGE	4096
#define HELD_REPLY	3000

/*
 * Datagrams that come while user space holds the socket are left to the
 * holder, which reads them as it lets go (rxwork.c), and no receive work
 * runs for them: a work woken only to find the socket held cost two
 * context switches and an interrupt to the reader's CPU.  The client's
 * write takes a page that is not there yet (userfaultfd), so it holds
 * the socket until the test supplies the page; meanwhile the server
 * answers on the stream.  Its datagrams count in RxToOwner and
 * RxWorkRuns does not move in that time (only the client receives);
 * once the page comes the write completes and both sides read their
 * data intact.
 */
TEST_F_TIMEOUT(st, rx_left_to_owner, 60)
{
	static unsigned char reply[HELD_REPLY], page[HELD_PAGE];
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {};
	struct uffdio_copy copy = {};
	struct held_send h = {};
	struct uffd_msg fault;
	long long own0, work0;
	struct pollfd pfd;
	int uffd;
	__u32 fl;
	__s64 id;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	/* stream 0 open both ways, the handshake confirmed on both */
	ASSERT_EQ(1, quic_stream_send(self->cfd, 0, 0, "x", 1, 0));
	ASSERT_EQ(1, quic_stream_recv(self->sfd, page, 1, &id, &fl, NULL));
	ASSERT_EQ(0, id);
	usleep(100000);

	uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	ASSERT_LE(0, uffd) TH_LOG("userfaultfd: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	h.buf = mmap(NULL, HELD_PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, h.buf);
	reg.range.start = (unsigned long)h.buf;
	reg.range.len = HELD_PAGE;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));

	h.fd = self->cfd;
	h.len = HELD_PAGE;
	ASSERT_EQ(0, pthread_create(&h.th, NULL, held_send_thread, &h));
	/* the write faults on the page with the socket held */
	pfd.fd = uffd;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, 5000));
	ASSERT_EQ((ssize_t)sizeof(fault), read(uffd, &fault, sizeof(fault)));
	ASSERT_EQ(UFFD_EVENT_PAGEFAULT, fault.event);

	own0 = tquic_stat("RxToOwner");
	work0 = tquic_stat("RxWorkRuns");
	gen(reply, HELD_REPLY, 13, 0);
	ASSERT_EQ(HELD_REPLY, quic_stream_send(self->sfd, 0, 0, reply,
					       HELD_REPLY, 0));
	EXPECT_LT(own0, tquic_stat_reaches("RxToOwner", own0 + 1));
	usleep(200000);
	EXPECT_EQ(work0, tquic_stat("RxWorkRuns"));

	/* the page comes: the write completes */
	gen(page, HELD_PAGE, 14, 0);
	copy.dst = (unsigned long)h.buf;
	copy.src = (unsigned long)page;
	copy.len = HELD_PAGE;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_COPY, &copy));
	ASSERT_EQ(0, pthread_join(h.th, NULL));
	EXPECT_EQ(HELD_PAGE, h.sent);
	read_back(_metadata, self->cfd, HELD_REPLY, 13);
	read_back(_metadata, self->sfd, HELD_PAGE, 14);
	munmap(h.buf, HELD_PAGE);
	close(uffd);
}

/* Writers of the zero-copy tests pause this long after each write (of
 * at most 64 KiB), so that the reader, which checks every byte, has
 * caught up and sleeps in recvmsg() when the next data comes: a reader
 * that is behind reads what was opened before it asked (a copy).
 */
#define ZC_PAUSE_US	5000

/* @len bytes of gen(@seed) from the client on stream @id, paced
 * (ZC_PAUSE_US), read and checked by the server (64 KiB reads) while
 * they are written: 0 or -1.
 * What the server's reader took opened straight into its buffer
 * (RxZeroCopyBytes) and packets put back (RxZeroCopyMisses) in @zc.
 */
struct zc_counts {
	long long bytes, misses;
};

static int zc_one_way(struct __test_metadata *_metadata,
		      struct _test_data_st *self, __s64 id, size_t len,
		      __u64 seed, struct zc_counts *zc)
{
	struct tx tx = { .fd = self->cfd, .id = id, .len = len,
			 .seed = seed };
	struct rx rx = { .id = id, .len = len, .seed = seed };
	struct txjob job = { .tx = &tx, .n = 1, .chunk = 64 << 10,
			     .pause_us = ZC_PAUSE_US };
	long long b0 = tquic_stat("RxZeroCopyBytes");
	long long m0 = tquic_stat("RxZeroCopyMisses");
	int ret;

	if (tx_start(&job))
		return -1;
	ret = rx_run(_metadata, self->sfd, &rx, 1);
	if (tx_wait(_metadata, &job))
		ret = -1;
	zc->bytes = tquic_stat("RxZeroCopyBytes") - b0;
	zc->misses = tquic_stat("RxZeroCopyMisses") - m0;
	return ret;
}

/*
 * Zero-copy receive (rxzc.c): a reader asleep in recvmsg() lends its
 * buffer, and the packets that carry its stream's next bytes are opened
 * straight into it.  4 MiB from the client in paced writes, every byte
 * checked: a stream's first read lends nothing (no stream read yet),
 * later ones do when they find nothing queued - with the reader waiting
 * for each write, most of the data - and no packet is put back
 * (RxZeroCopyMisses: where the data starts is read ahead, and it is
 * there once authenticated).  With net.tquic.rx_zerocopy 0 a new
 * connection takes everything through the queue, as intact.
 */
TEST_F_TIMEOUT(st, rx_zerocopy, 240)
{
	struct zc_counts zc;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	EXPECT_EQ(0, zc_one_way(_metadata, self, 0, 4 << 20, 61, &zc));
	TH_LOG("on: %lld of %d bytes opened into the reader's buffer, %lld packets put back",
	       zc.bytes, 4 << 20, zc.misses);
	EXPECT_LT(2 << 20, zc.bytes);
	EXPECT_GE(4 << 20, zc.bytes);
	EXPECT_EQ(0, zc.misses);

	close_tracked(self);
	ASSERT_EQ(0, tquic_sysctl_set("rx_zerocopy", "0"));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	EXPECT_EQ(0, zc_one_way(_metadata, self, 0, 1 << 20, 62, &zc));
	EXPECT_EQ(0, zc.bytes);
	EXPECT_EQ(0, zc.misses);
}

/* A reader of its own, in a thread (rx_run) */
struct rxjob {
	pthread_t th;
	struct __test_metadata *md;
	int fd;
	struct rx *rx;
	int ret;
};

static void *rx_thread(void *arg)
{
	struct rxjob *j = arg;

	j->ret = rx_run(j->md, j->fd, j->rx, 1);
	return NULL;
}

/*
 * Both ways at once: each side's data packets carry ACK frames for the
 * other's, before the STREAM frame; where its data starts is read ahead
 * past them (tquic_peek()), and the data still goes into the readers'
 * buffers (more than half of it: paced writers), none put back.  Two
 * readers, in two threads, with buffers of their own.  4 MiB each way,
 * every byte checked.
 */
TEST_F_TIMEOUT(st, rx_zerocopy_both_ways, 240)
{
	struct tx ctx = { .id = 0, .len = 4 << 20, .seed = 63 };
	struct tx stx = { .id = 1, .len = 4 << 20, .seed = 64 };
	struct rx srx = { .id = 0, .len = 4 << 20, .seed = 63 };
	struct rx crx = { .id = 1, .len = 4 << 20, .seed = 64 };
	struct txjob cj = { .tx = &ctx, .n = 1, .chunk = 64 << 10,
			    .pause_us = ZC_PAUSE_US };
	struct txjob sj = { .tx = &stx, .n = 1, .chunk = 64 << 10,
			    .pause_us = ZC_PAUSE_US };
	struct rxjob cr = { .md = _metadata, .rx = &crx };
	long long b0, m0;
	__u32 fl;
	__s64 id;
	char c;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	/* Both streams read once, so that both readers lend */
	ASSERT_EQ(1, send_gen(self->cfd, 0, 0, 1, 63, 0));
	ASSERT_EQ(1, quic_stream_recv(self->sfd, &c, 1, &id, &fl, NULL));
	ASSERT_EQ(1, send_gen(self->sfd, 1, 0, 1, 64, 0));
	ASSERT_EQ(1, quic_stream_recv(self->cfd, &c, 1, &id, &fl, NULL));
	ASSERT_EQ(1, id);
	ctx.off = 1;
	stx.off = 1;
	srx.got = 1;
	crx.got = 1;
	ctx.fd = self->cfd;
	stx.fd = self->sfd;
	cr.fd = self->cfd;
	b0 = tquic_stat("RxZeroCopyBytes");
	m0 = tquic_stat("RxZeroCopyMisses");
	ASSERT_EQ(0, tx_start(&cj));
	ASSERT_EQ(0, tx_start(&sj));
	ASSERT_EQ(0, pthread_create(&cr.th, NULL, rx_thread, &cr));
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, &srx, 1));
	ASSERT_EQ(0, pthread_join(cr.th, NULL));
	EXPECT_EQ(0, cr.ret);
	EXPECT_EQ(0, tx_wait(_metadata, &cj));
	EXPECT_EQ(0, tx_wait(_metadata, &sj));
	TH_LOG("%lld bytes opened into the readers' buffers, %lld packets put back",
	       tquic_stat("RxZeroCopyBytes") - b0,
	       tquic_stat("RxZeroCopyMisses") - m0);
	EXPECT_LT(b0 + (4 << 20), tquic_stat("RxZeroCopyBytes"));
	EXPECT_EQ(m0, tquic_stat("RxZeroCopyMisses"));
}

/*
 * A buffer recvmsg() cannot write: its pages are not lent (they cannot
 * be pinned for writing) and the read fails with EFAULT, nothing lost.
 * One whose first page only is writable lends that page: a read then
 * returns at most a page, or EFAULT.  The stream reads on intact.
 */
TEST_F_TIMEOUT(st, rx_zerocopy_bad_buffer, 120)
{
	struct tx tx = { .id = 0, .len = 1 << 20, .seed = 65, .off = 1 };
	struct rx rx = { .id = 0, .len = 1 << 20, .seed = 65, .got = 1 };
	struct txjob job = { .tx = &tx, .n = 1, .chunk = 64 << 10,
			     .delay_us = 300000 };
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *ro;
	ssize_t n;
	__u32 fl;
	__s64 id;
	size_t k;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(1, send_gen(self->cfd, 0, 0, 1, 65, 0));
	ro = mmap(NULL, 16 * page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(1, quic_stream_recv(self->sfd, ro, 1, &id, &fl, NULL));
	ASSERT_EQ(0, mprotect(ro, 16 * page, PROT_READ));

	/* asleep with an unwritable buffer until the data comes */
	tx.fd = self->cfd;
	ASSERT_EQ(0, tx_start(&job));
	n = quic_stream_recv(self->sfd, ro, 16 * page, &id, &fl, NULL);
	EXPECT_EQ(-1, n);
	EXPECT_EQ(EFAULT, errno);

	/* the first page writable */
	ASSERT_EQ(0, mprotect(ro, page, PROT_READ | PROT_WRITE));
	n = quic_stream_recv(self->sfd, ro, 16 * page, &id, &fl, NULL);
	if (n < 0) {
		EXPECT_EQ(EFAULT, errno);
	} else {
		EXPECT_LT(0, n);
		EXPECT_GE(page, n);
		for (k = 0; k < (size_t)n; k++)
			if (ro[k] != gen_byte(65, rx.got + k))
				break;
		EXPECT_EQ(n, k);
		rx.got += n;
	}
	EXPECT_EQ(0, rx_run(_metadata, self->sfd, &rx, 1));
	EXPECT_EQ(0, tx_wait(_metadata, &job));
	munmap(ro, 16 * page);
}

/*
 * A reader's buffer in a shared mapping of a file (a memfd): what is
 * opened into it through the kernel's mapping of its pages is the
 * file's content, read back with pread() after each read (rxzc.c marks
 * the pages it wrote dirty).  4 MiB, every byte checked that way.
 */
TEST_F_TIMEOUT(st, rx_zerocopy_file_mapping, 120)
{
	struct tx tx = { .id = 0, .len = 4 << 20, .seed = 66, .off = 1 };
	struct txjob job = { .tx = &tx, .n = 1, .chunk = 64 << 10,
			     .pause_us = ZC_PAUSE_US };
	size_t size = 64 << 10, got = 1, k;
	unsigned char *map, *back;
	long long zc0;
	int mfd, bad = 0;
	ssize_t n;
	__u32 fl;
	__s64 id;

	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(1, send_gen(self->cfd, 0, 0, 1, 66, 0));
	mfd = memfd_create("rxzc", 0);
	ASSERT_LE(0, mfd);
	ASSERT_EQ(0, ftruncate(mfd, size));
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	ASSERT_NE(MAP_FAILED, map);
	back = malloc(size);
	ASSERT_NE(NULL, back);
	ASSERT_EQ(1, quic_stream_recv(self->sfd, map, 1, &id, &fl, NULL));

	zc0 = tquic_stat("RxZeroCopyBytes");
	tx.fd = self->cfd;
	ASSERT_EQ(0, tx_start(&job));
	while (got < tx.len && !bad) {
		n = quic_stream_recv(self->sfd, map, size, &id, &fl, NULL);
		if (n <= 0) {
			TH_LOG("recvmsg after %zu bytes: %zd (%s)", got, n,
			       strerror(errno));
			bad = 1;
			break;
		}
		ASSERT_EQ(n, pread(mfd, back, n, 0));
		for (k = 0; k < (size_t)n; k++) {
			if (back[k] != gen_byte(66, got + k)) {
				TH_LOG("byte %zu differs in the file", got + k);
				bad = 1;
				break;
			}
		}
		got += n;
	}
	EXPECT_EQ(0, tx_wait(_metadata, &job));
	EXPECT_EQ(0, bad);
	EXPECT_EQ(tx.len, got);
	TH_LOG("%lld bytes opened into the file's pages",
	       tquic_stat("RxZeroCopyBytes") - zc0);
	EXPECT_LT(zc0 + (2 << 20), tquic_stat("RxZeroCopyBytes"));
	free(back);
	munmap(map, size);
	close(mfd);
}

/* @len bytes of gen(@seed) from stream offset @off on stream 0 */
static int hold_send(int fd, size_t off, size_t len, __u64 seed)
{
	unsigned char *buf = malloc(len);
	ssize_t n;

	if (!buf)
		return -1;
	gen(buf, len, seed, off);
	n = quic_stream_send(fd, 0, 0, buf, len, 0);
	free(buf);
	return n == (ssize_t)len ? 0 : -1;
}

/* Reads of stream 0 into a buffer of @size until @len bytes came, each
 * checked against gen(@seed) from @off: the bytes of the last read, or
 * -1.
 */
static ssize_t hold_read(struct __test_metadata *_metadata, int fd,
			 size_t off, size_t len, size_t size, __u64 seed)
{
	unsigned char *buf = malloc(size);
	size_t got = 0, k;
	ssize_t n = -1;
	__u32 fl;
	__s64 id;

	while (buf && got < len) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		/* a non-blocking reader waits in poll() (a blocking one
		 * in recvmsg(), where what was held for it is read)
		 */
		if ((fcntl(fd, F_GETFL) & O_NONBLOCK) &&
		    poll(&pfd, 1, 5000) != 1) {
			TH_LOG("read at %zu: nothing to read", off + got);
			n = -1;
			break;
		}
		n = quic_stream_recv(fd, buf, size, &id, &fl, NULL);
		if (n <= 0 || id != 0 || got + n > len) {
			TH_LOG("read at %zu: %zd, stream %lld (%s)", off + got,
			       n, (long long)id, strerror(errno));
			n = -1;
			break;
		}
		for (k = 0; k < (size_t)n; k++)
			if (buf[k] != gen_byte(seed, off + got + k))
				break;
		if (k < (size_t)n) {
			TH_LOG("byte %zu differs", off + got + k);
			n = -1;
			break;
		}
		got += n;
	}
	free(buf);
	return n;
}

#define HOLD_BUF	(64 << 10)

/* Make the server's reader one that is reading: 128 KiB queued for it,
 * read in two reads that return data and do not sleep.  @off: where the
 * stream is; moved on.
 */
static int hold_reading(struct __test_metadata *_metadata,
		       struct _test_data_st *self, size_t *off, __u64 seed)
{
	if (hold_send(self->cfd, *off, 2 * HOLD_BUF, seed))
		return -1;
	usleep(200000);		/* all of it queued: nobody reads */
	if (hold_read(_metadata, self->sfd, *off, HOLD_BUF, HOLD_BUF,
		      seed) != HOLD_BUF ||
	    hold_read(_metadata, self->sfd, *off + HOLD_BUF, HOLD_BUF,
		      HOLD_BUF, seed) != HOLD_BUF)
		return -1;
	*off += 2 * HOLD_BUF;
	return 0;
}

/*
 * A reader that is reading (its last read returned data, it did not
 * sleep since) reads again soon: the datagrams that come meanwhile wait
 * for it (rxwork.c, RxHeldForReader) and its next read opens them
 * straight into its buffer (RxZeroCopyBytes), as a sleeping reader's
 * are.  Datagrams it
 * does not come for within net.tquic.rx_hold_us are read by the receive
 * work (RxHoldExpired) and queued, intact.  Nothing waits for a reader
 * that does not block, nor with rx_hold_us 0.  (max_ack_delay 60 ms, so that the hold may be 25 ms.)
 */
TEST_F_TIMEOUT(st, rx_hold_for_reader, 120)
{
	long long held0, exp0, zc0;
	size_t off = 0;

	ASSERT_EQ(0, tquic_sysctl_set("max_ack_delay", "60"));
	ASSERT_EQ(0, tquic_sysctl_set("rx_hold_us", "25000"));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, hold_reading(_metadata, self, &off, 71));

	/* held, then opened into the buffer of the next read */
	held0 = tquic_stat("RxHeldForReader");
	zc0 = tquic_stat("RxZeroCopyBytes");
	ASSERT_EQ(0, hold_send(self->cfd, off, HOLD_BUF / 2, 71));
	EXPECT_LT(held0, tquic_stat_reaches("RxHeldForReader", held0 + 1));
	EXPECT_LT(0, hold_read(_metadata, self->sfd, off, HOLD_BUF / 2,
			       HOLD_BUF, 71));
	off += HOLD_BUF / 2;
	TH_LOG("%lld of %d bytes held for the reader opened into its buffer",
	       tquic_stat("RxZeroCopyBytes") - zc0, HOLD_BUF / 2);
	EXPECT_LE(zc0 + HOLD_BUF / 4, tquic_stat("RxZeroCopyBytes"));
	EXPECT_EQ(0, tquic_stat("RxZeroCopyMisses"));

	/* held, and the reader does not come: read by the work */
	ASSERT_EQ(0, hold_reading(_metadata, self, &off, 71));
	held0 = tquic_stat("RxHeldForReader");
	exp0 = tquic_stat("RxHoldExpired");
	zc0 = tquic_stat("RxZeroCopyBytes");
	ASSERT_EQ(0, hold_send(self->cfd, off, HOLD_BUF / 2, 71));
	EXPECT_LT(held0, tquic_stat_reaches("RxHeldForReader", held0 + 1));
	EXPECT_LT(exp0, tquic_stat_reaches("RxHoldExpired", exp0 + 1));
	EXPECT_LT(0, hold_read(_metadata, self->sfd, off, HOLD_BUF / 2,
			       HOLD_BUF, 71));
	off += HOLD_BUF / 2;
	EXPECT_EQ(zc0, tquic_stat("RxZeroCopyBytes"));

	/* a reader that does not block (it waits in poll(), which sees
	 * only what is queued) has nothing held for it
	 */
	close_tracked(self);
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, fcntl(self->sfd, F_SETFL,
			   fcntl(self->sfd, F_GETFL) | O_NONBLOCK));
	off = 0;
	ASSERT_EQ(0, hold_reading(_metadata, self, &off, 73));
	held0 = tquic_stat("RxHeldForReader");
	ASSERT_EQ(0, hold_send(self->cfd, off, HOLD_BUF / 2, 73));
	EXPECT_LT(0, hold_read(_metadata, self->sfd, off, HOLD_BUF / 2,
			       HOLD_BUF, 73));
	off += HOLD_BUF / 2;
	EXPECT_EQ(held0, tquic_stat("RxHeldForReader"));

	/* rx_hold_us 0: a new connection holds nothing */
	close_tracked(self);
	ASSERT_EQ(0, tquic_sysctl_set("rx_hold_us", "0"));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	off = 0;
	ASSERT_EQ(0, hold_reading(_metadata, self, &off, 72));
	held0 = tquic_stat("RxHeldForReader");
	ASSERT_EQ(0, hold_send(self->cfd, off, HOLD_BUF / 2, 72));
	usleep(200000);
	EXPECT_EQ(held0, tquic_stat("RxHeldForReader"));
	EXPECT_LT(0, hold_read(_metadata, self->sfd, off, HOLD_BUF / 2,
			       HOLD_BUF, 72));
}

/*
 * An ACK's delay counts from the datagram's arrival, also when it waited
 * for the reader: the sender's RTT does not grow by the hold.  Eight
 * times the server's reader reads (it is reading) and 4 KiB come that
 * it does not come for: they wait the hold (25 ms), then the work opens
 * them and acknowledges them, saying they waited.  The client's smoothed
 * RTT stays that of the veth pair (it would near 25 ms if the wait were
 * taken for path delay).
 */
TEST_F_TIMEOUT(st, rx_hold_ack_delay, 120)
{
	struct tquic_connection_info ci;
	size_t off = 0;
	long long exp0;
	int i;

	ASSERT_EQ(0, tquic_sysctl_set("max_ack_delay", "60"));
	ASSERT_EQ(0, tquic_sysctl_set("rx_hold_us", "25000"));
	ASSERT_EQ(0, connect_pair(_metadata, self, NULL, NULL));
	ASSERT_EQ(0, hold_send(self->cfd, off, 4096, 74));
	ASSERT_LT(0, hold_read(_metadata, self->sfd, off, 4096, HOLD_BUF, 74));
	off += 4096;
	for (i = 0; i < 8; i++) {
		exp0 = tquic_stat("RxHoldExpired");
		ASSERT_EQ(0, hold_send(self->cfd, off, 4096, 74));
		ASSERT_LT(exp0, tquic_stat_reaches("RxHoldExpired", exp0 + 1));
		ASSERT_LT(0, hold_read(_metadata, self->sfd, off, 4096,
				       HOLD_BUF, 74));
		off += 4096;
	}
	usleep(100000);		/* the last ACK */
	ASSERT_EQ(0, quic_conn_info(self->cfd, &ci));
	TH_LOG("client: smoothed RTT %llu us, latest %llu us, min %llu us",
	       (unsigned long long)ci.srtt_us,
	       (unsigned long long)ci.latest_rtt_us,
	       (unsigned long long)ci.min_rtt_us);
	EXPECT_GT(12000, ci.srtt_us);
}

TEST_HARNESS_MAIN
