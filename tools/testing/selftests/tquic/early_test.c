// SPDX-License-Identifier: GPL-2.0
/*
 * 0-RTT and session tickets over connections made without a TLS library
 * (made-up handshake messages and secrets, see lib/quic.h):
 * - early_accepted: a client with the server's remembered transport
 *   parameters and a 0-RTT secret sends stream data with its ClientHello;
 *   the server, whose 0-RTT key comes after those packets arrived, opens
 *   them, gives the data to the reader only after its handshake completed,
 *   and both ends count the 0-RTT packets;
 * - early_rejected: the server never takes 0-RTT; the client is told so
 *   at completion and the same data arrives in 1-RTT packets;
 * - session_ticket: 1-RTT CRYPTO data from the server reaches the client
 *   through TQUIC_SOCKOPT_SESSION_TICKET with POLLPRI, never recvmsg();
 * - early_bad_input: the refusals of the new options (wrong direction,
 *   order, flags, lengths, undecodable parameters).
 * Data is compared byte for byte.  IPv4 and IPv6.
 */
#include <errno.h>
#include <linux/tquic.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "quic.h"
#include "stats.h"

#define WAIT_MS		10000
#define EARLY_LEN	5000
#define EARLY_SUITE	0x1301
#define EARLY_FILL	0x55

FIXTURE(early) {
	int family;
	int lfd;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	unsigned char ch[300];	/* the made-up ClientHello */
	unsigned char tp[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	socklen_t tp_len;	/* the server's parameters of a first connection */
	int fds[8];
	int nfds;
};

FIXTURE_VARIANT(early) {
	int family;
};

FIXTURE_VARIANT_ADD(early, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(early, ipv6) { .family = AF_INET6 };

static int track(struct _test_data_early *self, int fd)
{
	if (fd >= 0 && self->nfds < (int)(sizeof(self->fds) /
					  sizeof(self->fds[0])))
		self->fds[self->nfds++] = fd;
	return fd;
}

static int new_socket(struct _test_data_early *self)
{
	int fd = track(self, socket(self->family, SOCK_DGRAM, IPPROTO_QUIC));

	if (fd >= 0)
		quic_timeouts(fd, WAIT_MS);
	return fd;
}

/* A whole made-up connection; its server's parameters are remembered. */
FIXTURE_SETUP(early)
{
	int cfd, sfd;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	self->family = variant->family;
	self->nfds = 0;
	quic_pattern(self->ch, sizeof(self->ch), 1);
	quic_loopback(self->family, &self->addr, &self->addrlen);
	self->lfd = new_socket(self);
	ASSERT_LE(0, self->lfd);
	ASSERT_EQ(0, bind(self->lfd, (struct sockaddr *)&self->addr,
			  self->addrlen));
	ASSERT_EQ(0, getsockname(self->lfd, (struct sockaddr *)&self->addr,
				 &self->addrlen));
	ASSERT_EQ(0, listen(self->lfd, 8));
	cfd = new_socket(self);
	ASSERT_LE(0, cfd);
	sfd = track(self, quic_open(self->lfd, cfd,
				    (struct sockaddr *)&self->addr,
				    self->addrlen, self->ch, sizeof(self->ch),
				    WAIT_MS));
	ASSERT_LE(0, sfd) TH_LOG("%s: %s", quic_step, strerror(errno));
	ASSERT_EQ(0, quic_handshake(cfd, sfd));
	self->tp_len = sizeof(self->tp);
	ASSERT_EQ(0, getsockopt(sfd, SOL_QUIC,
				TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT, self->tp,
				&self->tp_len));
}

FIXTURE_TEARDOWN(early)
{
	while (self->nfds)
		close(self->fds[--self->nfds]);
}

static int early_tp(struct _test_data_early *self, int fd, socklen_t len)
{
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM,
			  self->tp, len);
}

static int complete(int fd, __u32 flags)
{
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_HANDSHAKE_COMPLETE,
			  &flags, sizeof(flags));
}

/*
 * A client that connects, installs the remembered parameters, sends its
 * ClientHello, installs the 0-RTT secret and sends @data on stream 0
 * (with FIN) as early data.  Returns the client socket.
 */
static int early_client(struct __test_metadata *_metadata,
			struct _test_data_early *self, const unsigned char *data)
{
	int cfd = new_socket(self);

	if (cfd < 0 ||
	    connect(cfd, (struct sockaddr *)&self->addr, self->addrlen) ||
	    early_tp(self, cfd, self->tp_len) ||
	    quic_hs_send(cfd, TQUIC_CRYPTO_INITIAL, self->ch,
			 sizeof(self->ch)) != sizeof(self->ch) ||
	    quic_set_secret(cfd, TQUIC_CRYPTO_EARLY, 1, EARLY_SUITE,
			    EARLY_FILL, 32)) {
		TH_LOG("early client: %s", strerror(errno));
		return -1;
	}
	if (quic_stream_send(cfd, 0, TQUIC_STREAM_FLAG_FIN, data, EARLY_LEN,
			     0) != EARLY_LEN) {
		TH_LOG("early data: %s", strerror(errno));
		return -1;
	}
	return cfd;
}

/* The server's side: accept and read the ClientHello. */
static int early_server(struct __test_metadata *_metadata,
			struct _test_data_early *self)
{
	unsigned char buf[sizeof(self->ch)];
	int sfd = track(self, accept(self->lfd, NULL, NULL));

	if (sfd < 0 || (quic_timeouts(sfd, WAIT_MS), 0) ||
	    quic_hs_recv_all(sfd, buf, sizeof(buf), TQUIC_CRYPTO_INITIAL) ||
	    memcmp(buf, self->ch, sizeof(buf))) {
		TH_LOG("early server: %s", strerror(errno));
		return -1;
	}
	return sfd;
}

/* Read stream 0 to its end on @sfd; true when it equals @want. */
static bool read_stream0(struct __test_metadata *_metadata, int sfd,
			 const unsigned char *want)
{
	static unsigned char got[EARLY_LEN + 1];
	size_t have = 0;
	__u32 flags = 0;
	__s64 id;
	ssize_t n;

	while (!(flags & TQUIC_STREAM_FLAG_FIN)) {
		n = quic_stream_recv(sfd, got + have, sizeof(got) - have, &id,
				     &flags, NULL);
		if (n < 0 || id != 0) {
			TH_LOG("reading stream 0: %zd, id %lld: %s", n,
			       (long long)id, strerror(errno));
			return false;
		}
		have += n;
	}
	return have == EARLY_LEN && !memcmp(got, want, EARLY_LEN);
}

TEST_F_TIMEOUT(early, early_accepted, 60)
{
	static unsigned char data[EARLY_LEN];
	struct tquic_connection_info ci, si;
	long long in0 = tquic_stat("ZeroRttPacketsIn");
	long long out0 = tquic_stat("ZeroRttPacketsOut");
	unsigned char b[16];
	int cfd, sfd, i;

	quic_pattern(data, sizeof(data), 9);
	cfd = early_client(_metadata, self, data);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, quic_conn_info(cfd, &ci));
	EXPECT_EQ(TQUIC_EARLY_SENT, ci.early_data);
	EXPECT_LE(4, ci.early_packets);
	sfd = early_server(_metadata, self);
	ASSERT_LE(0, sfd);
	/* The 0-RTT packets came before this key: held, opened now (those
	 * still queued at the listener behind the Initial, as they reach
	 * the connection).
	 */
	ASSERT_EQ(0, quic_set_secret(sfd, TQUIC_CRYPTO_EARLY, 0, EARLY_SUITE,
				     EARLY_FILL, 32));
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, quic_conn_info(sfd, &si));
		if (si.early_packets >= 4)
			break;
		usleep(10000);
	}
	EXPECT_EQ(TQUIC_EARLY_ACCEPTED, si.early_data);
	EXPECT_LE(4, si.early_packets);
	/* The TLS library sees only handshake data until completion. */
	EXPECT_EQ(-1, recv(sfd, b, sizeof(b), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(0, quic_handshake(cfd, sfd))
		TH_LOG("%s: %s", quic_step, strerror(errno));
	ASSERT_EQ(0, quic_exchange_params(cfd, sfd));
	ASSERT_EQ(0, complete(cfd, TQUIC_HANDSHAKE_F_EARLY_ACCEPTED));
	ASSERT_EQ(0, complete(sfd, 0));
	EXPECT_TRUE(read_stream0(_metadata, sfd, data));
	ASSERT_EQ(0, quic_conn_info(cfd, &ci));
	EXPECT_EQ(TQUIC_EARLY_ACCEPTED, ci.early_data);
	EXPECT_LE(si.early_packets, tquic_stat("ZeroRttPacketsIn") - in0);
	EXPECT_LE(ci.early_packets, tquic_stat("ZeroRttPacketsOut") - out0);
}

TEST_F_TIMEOUT(early, early_rejected, 60)
{
	static unsigned char data[EARLY_LEN];
	long long rej0 = tquic_stat("ZeroRttRejected");
	long long drop0 = tquic_stat("ZeroRttDropped");
	long long in0 = tquic_stat("ZeroRttPacketsIn");
	struct tquic_connection_info ci, si;
	int cfd, sfd;

	quic_pattern(data, sizeof(data), 10);
	cfd = early_client(_metadata, self, data);
	ASSERT_LE(0, cfd);
	sfd = early_server(_metadata, self);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, quic_handshake(cfd, sfd))
		TH_LOG("%s: %s", quic_step, strerror(errno));
	ASSERT_EQ(0, quic_exchange_params(cfd, sfd));
	ASSERT_EQ(0, complete(cfd, 0));
	ASSERT_EQ(0, complete(sfd, 0));
	EXPECT_TRUE(read_stream0(_metadata, sfd, data));
	ASSERT_EQ(0, quic_conn_info(cfd, &ci));
	ASSERT_EQ(0, quic_conn_info(sfd, &si));
	EXPECT_EQ(TQUIC_EARLY_REJECTED, ci.early_data);
	EXPECT_EQ(TQUIC_EARLY_NONE, si.early_data);
	EXPECT_EQ(0, si.early_packets);
	EXPECT_LE(EARLY_LEN, ci.stream_bytes_retransmitted);
	EXPECT_EQ(1, tquic_stat("ZeroRttRejected") - rej0);
	/* The server had no 0-RTT key: it opened none of them */
	EXPECT_EQ(in0, tquic_stat("ZeroRttPacketsIn"));
	EXPECT_LE(1, ci.early_packets);
	/* and drops them, counted in ZeroRttDropped: when depends on where
	 * each was (listener, backlog, held); logged, not asserted.
	 */
	TH_LOG("%u 0-RTT packets sent, %lld counted dropped", ci.early_packets,
	       tquic_stat_within("ZeroRttDropped", drop0 + ci.early_packets,
				 1000) - drop0);
}

TEST_F_TIMEOUT(early, session_ticket, 60)
{
	unsigned char nst[600], got[1024], data[100];
	struct pollfd p;
	socklen_t len;
	__u32 flags;
	__s64 id;
	int cfd, sfd;

	cfd = new_socket(self);
	ASSERT_LE(0, cfd);
	sfd = track(self, quic_open(self->lfd, cfd,
				    (struct sockaddr *)&self->addr,
				    self->addrlen, self->ch, sizeof(self->ch),
				    WAIT_MS));
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, quic_handshake(cfd, sfd));
	ASSERT_EQ(0, quic_exchange_params(cfd, sfd));
	ASSERT_EQ(0, complete(cfd, 0));
	ASSERT_EQ(0, complete(sfd, 0));
	len = sizeof(got);
	ASSERT_EQ(0, getsockopt(cfd, SOL_QUIC, TQUIC_SOCKOPT_SESSION_TICKET,
				got, &len));
	EXPECT_EQ(0, len);
	/* Two "NewSessionTicket" messages, then stream data */
	quic_pattern(nst, sizeof(nst), 12);
	ASSERT_EQ(400, quic_hs_send(sfd, TQUIC_CRYPTO_APP, nst, 400));
	ASSERT_EQ(200, quic_hs_send(sfd, TQUIC_CRYPTO_APP, nst + 400, 200));
	quic_pattern(data, sizeof(data), 13);
	ASSERT_EQ(sizeof(data), quic_stream_send(sfd, 1, 0, data, sizeof(data),
						 0));
	/* recvmsg() gives the stream data, not the ticket */
	ASSERT_EQ(sizeof(data), quic_stream_recv(cfd, got, sizeof(got), &id,
						 &flags, NULL));
	EXPECT_EQ(1, id);
	EXPECT_EQ(0, memcmp(got, data, sizeof(data)));
	p.fd = cfd;
	p.events = POLLPRI;
	ASSERT_EQ(1, poll(&p, 1, WAIT_MS));
	EXPECT_TRUE(p.revents & POLLPRI);
	len = 100;
	EXPECT_EQ(-1, getsockopt(cfd, SOL_QUIC, TQUIC_SOCKOPT_SESSION_TICKET,
				 got, &len));
	EXPECT_EQ(EINVAL, errno);
	len = sizeof(got);
	ASSERT_EQ(0, getsockopt(cfd, SOL_QUIC, TQUIC_SOCKOPT_SESSION_TICKET,
				got, &len));
	EXPECT_EQ(sizeof(nst), len);
	EXPECT_EQ(0, memcmp(got, nst, sizeof(nst)));
	EXPECT_EQ(0, poll(&p, 1, 0));
	len = sizeof(got);
	ASSERT_EQ(0, getsockopt(cfd, SOL_QUIC, TQUIC_SOCKOPT_SESSION_TICKET,
				got, &len));
	EXPECT_EQ(0, len);
}

TEST_F_TIMEOUT(early, early_bad_input, 60)
{
	static unsigned char data[EARLY_LEN];
	int cfd, sfd, flag = 2;

	quic_pattern(data, sizeof(data), 11);
	cfd = new_socket(self);
	ASSERT_LE(0, cfd);
	/* Not connected yet */
	EXPECT_EQ(-1, early_tp(self, cfd, self->tp_len));
	EXPECT_EQ(ENOTCONN, errno);
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&self->addr,
			     self->addrlen));
	/* Truncated parameters do not decode */
	EXPECT_EQ(-1, early_tp(self, cfd, self->tp_len - 1));
	EXPECT_EQ(EINVAL, errno);
	/* No early data without the 0-RTT key */
	EXPECT_EQ(-1, quic_stream_send(cfd, 0, 0, data, 10, MSG_DONTWAIT));
	EXPECT_EQ(ENOTCONN, errno);
	/* A client never receives with a 0-RTT key */
	EXPECT_EQ(-1, quic_set_secret(cfd, TQUIC_CRYPTO_EARLY, 0, EARLY_SUITE,
				      EARLY_FILL, 32));
	EXPECT_EQ(EINVAL, errno);
	/* Wrong secret length for the suite */
	EXPECT_EQ(-1, quic_set_secret(cfd, TQUIC_CRYPTO_EARLY, 1, EARLY_SUITE,
				      EARLY_FILL, 48));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(sizeof(self->ch), quic_hs_send(cfd, TQUIC_CRYPTO_INITIAL,
						 self->ch, sizeof(self->ch)));
	ASSERT_EQ(0, quic_set_secret(cfd, TQUIC_CRYPTO_EARLY, 1, EARLY_SUITE,
				     EARLY_FILL, 32));
	EXPECT_EQ(-1, quic_set_secret(cfd, TQUIC_CRYPTO_EARLY, 1, EARLY_SUITE,
				      EARLY_FILL, 32));
	EXPECT_EQ(EALREADY, errno);
	/* Parameters after the key come too late */
	EXPECT_EQ(-1, early_tp(self, cfd, self->tp_len));
	EXPECT_EQ(EALREADY, errno);
	sfd = early_server(_metadata, self);
	ASSERT_LE(0, sfd);
	/* A server never sends with a 0-RTT key, nor remembers params */
	EXPECT_EQ(-1, quic_set_secret(sfd, TQUIC_CRYPTO_EARLY, 1, EARLY_SUITE,
				      EARLY_FILL, 32));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, early_tp(self, sfd, self->tp_len));
	EXPECT_EQ(EISCONN, errno);
	ASSERT_EQ(0, quic_handshake(cfd, sfd));
	ASSERT_EQ(0, quic_exchange_params(cfd, sfd));
	/* Unknown completion flags, and a short value */
	EXPECT_EQ(-1, complete(cfd, flag));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(cfd, SOL_QUIC,
				 TQUIC_SOCKOPT_HANDSHAKE_COMPLETE, &flag, 2));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, complete(cfd, 0));
	EXPECT_EQ(0, complete(sfd, 0));
	/* Once the handshake is over there is no 0-RTT key to install */
	EXPECT_EQ(-1, quic_set_secret(sfd, TQUIC_CRYPTO_EARLY, 0, EARLY_SUITE,
				      EARLY_FILL, 32));
	EXPECT_EQ(EALREADY, errno);
}

TEST_HARNESS_MAIN
