// SPDX-License-Identifier: GPL-2.0
/*
 * Handshake transport without a TLS library: a client connect()s, a
 * listener accept()s, and fake handshake messages cross at the Initial,
 * Handshake and application levels (sendmsg/recvmsg with
 * TQUIC_CMSG_HANDSHAKE_INFO) under secrets installed with
 * TQUIC_SOCKOPT_CRYPTO_SECRET, compared byte for byte; messages larger
 * than a packet; a flight that comes before its keys (kept, read once
 * they are installed); wrong secrets (dropped, counted); every refused call
 * with its errno; handshake data bounded when sent and when nobody reads
 * it; IPv4 and IPv6; listeners closed with connections nobody accepted.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/tquic.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "quic.h"
#include "stats.h"

FIXTURE(hs) {
	int family;
	int lfd;	/* listener */
	int cfd;	/* client */
	int sfd;	/* server side of the connection */
	struct sockaddr_storage addr;
	socklen_t addrlen;
};

FIXTURE_VARIANT(hs) {
	int family;
};

FIXTURE_VARIANT_ADD(hs, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(hs, ipv6) { .family = AF_INET6 };

FIXTURE_SETUP(hs)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	self->family = variant->family;
	quic_loopback(self->family, &self->addr, &self->addrlen);
	self->lfd = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);
	ASSERT_LE(0, self->lfd);
	ASSERT_EQ(0, bind(self->lfd, (struct sockaddr *)&self->addr,
			  self->addrlen));
	ASSERT_EQ(0, getsockname(self->lfd, (struct sockaddr *)&self->addr,
				 &self->addrlen));
	ASSERT_EQ(0, listen(self->lfd, 16));
	quic_timeouts(self->lfd, 3000);
	self->cfd = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);
	ASSERT_LE(0, self->cfd);
	quic_timeouts(self->cfd, 3000);
	self->sfd = -1;
}

FIXTURE_TEARDOWN(hs)
{
	if (self->sfd >= 0)
		close(self->sfd);
	close(self->cfd);
	close(self->lfd);
}

/* connect, ClientHello at Initial, accept, read it on the server. */
static int open_conn(struct __test_metadata *_metadata,
		     struct _test_data_hs *self, const unsigned char *ch,
		     size_t len)
{
	self->sfd = quic_open(self->lfd, self->cfd,
			      (struct sockaddr *)&self->addr, self->addrlen,
			      ch, len, 3000);
	if (self->sfd < 0) {
		TH_LOG("%s: %s", quic_step, strerror(errno));
		return -1;
	}
	return 0;
}

/* The fake handshake messages: ClientHello, ServerHello, the server's
 * Handshake flight, client Finished, a session ticket
 */
static unsigned char ch[300], sh[90], ee[5000], fin[52], tkt[700];

/* The messages, then open_conn() and the ServerHello back at Initial */
static int to_handshake_level(struct __test_metadata *_metadata,
			      struct _test_data_hs *self)
{
	quic_pattern(ch, sizeof(ch), 1);
	quic_pattern(sh, sizeof(sh), 2);
	quic_pattern(ee, sizeof(ee), 3);
	quic_pattern(fin, sizeof(fin), 4);
	quic_pattern(tkt, sizeof(tkt), 5);
	if (open_conn(_metadata, self, ch, sizeof(ch)))
		return -1;
	return quic_xfer(self->sfd, self->cfd, TQUIC_CRYPTO_INITIAL, sh,
			 sizeof(sh));
}

/* Then the Handshake level: keys (AES-128-GCM; client->server 0x11,
 * back 0x22), the server's flight of five thousand bytes (several
 * packets and datagrams) and the client's Finished.
 */
static int through_handshake_level(struct __test_metadata *_metadata,
				   struct _test_data_hs *self)
{
	if (to_handshake_level(_metadata, self) ||
	    quic_keys(self->cfd, self->sfd, TQUIC_CRYPTO_HANDSHAKE, 0x1301,
		      0x11, 0x1301, 0x22) ||
	    quic_xfer(self->sfd, self->cfd, TQUIC_CRYPTO_HANDSHAKE, ee,
		      sizeof(ee)))
		return -1;
	return quic_xfer(self->cfd, self->sfd, TQUIC_CRYPTO_HANDSHAKE, fin,
			 sizeof(fin));
}

TEST_F(hs, all_levels)
{
	static unsigned char got[1024];
	long long dec0 = tquic_stat("DropDecryptFail");

	ASSERT_EQ(0, through_handshake_level(_metadata, self));
	/* 1-RTT keys: AES-256-GCM one way, ChaCha20-Poly1305 the other. */
	ASSERT_EQ(0, quic_keys(self->cfd, self->sfd, TQUIC_CRYPTO_APP, 0x1302,
			       0x44, 0x1303, 0x33));
	/* A client's 1-RTT CRYPTO data (session tickets) is read with
	 * TQUIC_SOCKOPT_SESSION_TICKET once POLLPRI says it came, never
	 * with recvmsg().
	 */
	ASSERT_EQ(sizeof(tkt), quic_hs_send(self->sfd, TQUIC_CRYPTO_APP, tkt,
					    sizeof(tkt)));
	ASSERT_EQ(sizeof(tkt), quic_ticket_recv(self->cfd, got, sizeof(got),
						sizeof(tkt), 5000));
	EXPECT_EQ(0, memcmp(got, tkt, sizeof(tkt)));
	ASSERT_EQ(0, quic_xfer(self->cfd, self->sfd, TQUIC_CRYPTO_APP,
			       (const unsigned char *)"ack-this", 8));
	EXPECT_EQ(dec0, tquic_stat("DropDecryptFail"));
}

/*
 * The server's next flight overtakes the client's TLS: its Handshake
 * packets come before the client installed the Handshake keys, its 1-RTT
 * packets before the 1-RTT ones.  The client keeps them (HeldForKey) and
 * reads them once the key is there; none is dropped (DropNoKey) - a drop
 * would be a loss to the server, and one that early ends its slow start.
 */
TEST_F(hs, early_flight_waits_for_key)
{
	static unsigned char got[1024];
	long long held0 = tquic_stat("HeldForKey");
	long long nokey0 = tquic_stat("DropNoKey");

	ASSERT_EQ(0, to_handshake_level(_metadata, self));
	/* The server's Handshake flight (one packet), the client without
	 * its keys
	 */
	ASSERT_EQ(0, quic_set_secret(self->sfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				     0x1301, 0x22, 32));
	ASSERT_EQ(1000, quic_hs_send(self->sfd, TQUIC_CRYPTO_HANDSHAKE, ee,
				     1000));
	usleep(30000);
	EXPECT_LT(held0, tquic_stat("HeldForKey"));
	ASSERT_EQ(0, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 0,
				     0x1301, 0x22, 32));
	ASSERT_EQ(0, quic_hs_recv_all(self->cfd, got, 1000,
				      TQUIC_CRYPTO_HANDSHAKE));
	EXPECT_EQ(0, memcmp(got, ee, 1000));
	ASSERT_EQ(0, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				     0x1301, 0x11, 32));
	ASSERT_EQ(0, quic_set_secret(self->sfd, TQUIC_CRYPTO_HANDSHAKE, 0,
				     0x1301, 0x11, 32));
	/* Its 1-RTT packets, the client without its 1-RTT keys */
	held0 = tquic_stat("HeldForKey");
	ASSERT_EQ(0, quic_set_secret(self->sfd, TQUIC_CRYPTO_APP, 1, 0x1301,
				     0x33, 32));
	ASSERT_EQ(sizeof(tkt), quic_hs_send(self->sfd, TQUIC_CRYPTO_APP, tkt,
					    sizeof(tkt)));
	usleep(30000);
	EXPECT_LT(held0, tquic_stat("HeldForKey"));
	ASSERT_EQ(0, quic_xfer(self->cfd, self->sfd, TQUIC_CRYPTO_HANDSHAKE,
			       fin, sizeof(fin)));
	ASSERT_EQ(0, quic_set_secret(self->cfd, TQUIC_CRYPTO_APP, 0, 0x1301,
				     0x33, 32));
	ASSERT_EQ(sizeof(tkt), quic_ticket_recv(self->cfd, got, sizeof(got),
						sizeof(tkt), 5000));
	EXPECT_EQ(0, memcmp(got, tkt, sizeof(tkt)));
	EXPECT_EQ(nokey0, tquic_stat("DropNoKey"));
}

TEST_F(hs, wrong_secret_is_dropped)
{
	static unsigned char hello[200];
	unsigned char buf[256];
	long long dec0;
	int level;

	quic_pattern(hello, sizeof(hello), 9);
	ASSERT_EQ(0, open_conn(_metadata, self, hello, sizeof(hello)));
	ASSERT_EQ(0, quic_set_secret(self->sfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				     0x1301, 0x55, 32));
	/* The client expects another secret. */
	ASSERT_EQ(0, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 0,
				     0x1301, 0x56, 32));
	dec0 = tquic_stat("DropDecryptFail");
	ASSERT_EQ(100, quic_hs_send(self->sfd, TQUIC_CRYPTO_HANDSHAKE, hello,
				    100));
	quic_timeouts(self->cfd, 500);
	EXPECT_EQ(-1, quic_hs_recv(self->cfd, buf, sizeof(buf), &level));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_LT(dec0, tquic_stat("DropDecryptFail"));
}

TEST_F(hs, refused_calls)
{
	static unsigned char hello[100];
	unsigned char buf[64];
	int v = 0, fl, level;

	/* Before a connection exists */
	EXPECT_EQ(-1, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				      0x1301, 1, 32));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, quic_hs_recv(self->cfd, buf, sizeof(buf), &level));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, quic_hs_send(self->cfd, TQUIC_CRYPTO_INITIAL, "x", 1));
	EXPECT_EQ(ENOTCONN, errno);
	/* accept on a socket that does not listen; empty queue */
	EXPECT_EQ(-1, accept(self->cfd, NULL, NULL));
	EXPECT_EQ(EINVAL, errno);
	fl = fcntl(self->lfd, F_GETFL);
	fcntl(self->lfd, F_SETFL, fl | O_NONBLOCK);
	EXPECT_EQ(-1, accept(self->lfd, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);
	fcntl(self->lfd, F_SETFL, fl);

	quic_pattern(hello, sizeof(hello), 3);
	ASSERT_EQ(0, open_conn(_metadata, self, hello, sizeof(hello)));
	EXPECT_EQ(-1, connect(self->cfd, (struct sockaddr *)&self->addr,
			      self->addrlen));
	EXPECT_EQ(EISCONN, errno);
	/* Initial keys come from the kernel; unknown suite; bad lengths */
	EXPECT_EQ(-1, quic_set_secret(self->cfd, TQUIC_CRYPTO_INITIAL, 1,
				      0x1301, 1, 32));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				      0x1304, 1, 32));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				      0x1302, 1, 32));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				      0x1301, 1, 49));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_set_secret(self->cfd, 7, 1, 0x1301, 1, 32));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				     0x1301, 1, 32));
	EXPECT_EQ(-1, quic_set_secret(self->cfd, TQUIC_CRYPTO_HANDSHAKE, 1,
				      0x1301, 1, 32));
	EXPECT_EQ(EALREADY, errno);
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC,
				 TQUIC_SOCKOPT_CRYPTO_SECRET, &v, sizeof(v)));
	EXPECT_EQ(EINVAL, errno);
	/* Secrets are not read back. */
	EXPECT_EQ(-1, getsockopt(self->cfd, SOL_QUIC,
				 TQUIC_SOCKOPT_CRYPTO_SECRET, buf,
				 &(socklen_t){ sizeof(buf) }));
	EXPECT_EQ(ENOPROTOOPT, errno);
	/* Data without a control message; bad control message level */
	EXPECT_EQ(-1, send(self->cfd, "x", 1, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, quic_hs_send(self->cfd, 3, "x", 1));
	EXPECT_EQ(EINVAL, errno);
	/* Listening with a connection: refused */
	EXPECT_EQ(-1, listen(self->cfd, 1));
	EXPECT_EQ(EISCONN, errno);
}

/*
 * Handshake data is bounded both ways.  Sending: 64 KiB a call, 256 KiB
 * a level (ENOBUFS past it), nothing at a level whose keys are gone.
 * Receiving: the client's 1-RTT CRYPTO data, which the server's TLS
 * never reads here, is kept up to the server's receive buffer, and then
 * the server closes with CRYPTO_BUFFER_EXCEEDED rather than keeping more.
 */
TEST_F(hs, crypto_data_is_bounded)
{
	static unsigned char junk[16384];
	int rcvbuf = 16384, i, closed = -1;
	union quic_close u;
	ssize_t n = 0;

	ASSERT_EQ(0, through_handshake_level(_metadata, self));
	ASSERT_EQ(0, quic_keys(self->cfd, self->sfd, TQUIC_CRYPTO_APP, 0x1301,
			       0x44, 0x1301, 0x33));
	/* The server's Initial keys went with the client's first
	 * Handshake packet it opened.
	 */
	EXPECT_EQ(-1, quic_hs_send(self->sfd, TQUIC_CRYPTO_INITIAL, "x", 1));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, setsockopt(self->sfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				sizeof(rcvbuf)));
	/* The server's side: 256 KiB at 1-RTT in all (nothing reads it
	 * on the client: session tickets wait for their socket option).
	 */
	for (i = 0; i < 16; i++)
		ASSERT_EQ(sizeof(junk), quic_hs_send(self->sfd, TQUIC_CRYPTO_APP,
						     junk, sizeof(junk)));
	EXPECT_EQ(-1, quic_hs_send(self->sfd, TQUIC_CRYPTO_APP, junk, 1));
	EXPECT_EQ(ENOBUFS, errno);
	/* The client's side: far more than the server's receive buffer */
	for (i = 0; i < 16 && n >= 0; i++)
		n = quic_hs_send(self->cfd, TQUIC_CRYPTO_APP, junk,
				 sizeof(junk));
	for (i = 0; i < 50 && closed; i++) {
		usleep(100000);
		closed = quic_close_get(self->cfd, &u);
	}
	ASSERT_EQ(0, closed);
	EXPECT_EQ(TQUIC_ERR_CRYPTO_BUFFER_EXCEEDED, u.cc.errcode);
	EXPECT_EQ(1, u.cc.by_peer);
	ASSERT_EQ(0, quic_close_get(self->sfd, &u));
	EXPECT_EQ(TQUIC_ERR_CRYPTO_BUFFER_EXCEEDED, u.cc.errcode);
	EXPECT_EQ(0, u.cc.by_peer);
}

/*
 * A listener makes connections only of Initials that authenticate: a
 * forged one (right header, garbage payload) counts DropDecryptFail, one
 * with a destination connection ID under 8 bytes DropNoConnection, and
 * neither leaves anything to accept.
 */
TEST_F(hs, forged_initial_is_not_accepted)
{
	static unsigned char pkt[1200];
	long long dec0 = tquic_stat("DropDecryptFail");
	long long nocid0 = tquic_stat("DropNoConnection");
	int u, fl;

	quic_pattern(pkt, sizeof(pkt), 7);
	pkt[0] = 0xc3;			/* Initial, 4-byte packet number */
	memcpy(pkt + 1, "\0\0\0\1", 4);	/* v1 */
	pkt[5] = 8;			/* DCID length, DCID follows */
	pkt[14] = 0;			/* no SCID */
	pkt[15] = 0;			/* no token */
	pkt[16] = 0x40 | ((sizeof(pkt) - 18) >> 8);	/* Length */
	pkt[17] = (sizeof(pkt) - 18) & 0xff;
	u = socket(self->family, SOCK_DGRAM, 0);
	ASSERT_LE(0, u);
	ASSERT_EQ(sizeof(pkt), sendto(u, pkt, sizeof(pkt), 0,
				      (struct sockaddr *)&self->addr,
				      self->addrlen));
	/* The same with a 4-byte DCID (and the rest shifted) */
	pkt[5] = 4;
	pkt[10] = 0;
	pkt[11] = 0;
	pkt[12] = 0x40 | ((sizeof(pkt) - 14) >> 8);
	pkt[13] = (sizeof(pkt) - 14) & 0xff;
	ASSERT_EQ(sizeof(pkt), sendto(u, pkt, sizeof(pkt), 0,
				      (struct sockaddr *)&self->addr,
				      self->addrlen));
	close(u);
	usleep(200000);
	fl = fcntl(self->lfd, F_GETFL);
	fcntl(self->lfd, F_SETFL, fl | O_NONBLOCK);
	EXPECT_EQ(-1, accept(self->lfd, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(dec0 + 1, tquic_stat("DropDecryptFail"));
	EXPECT_EQ(nocid0 + 1, tquic_stat("DropNoConnection"));
}

TEST_F(hs, listener_closed_with_pending)
{
	static unsigned char hello[150];
	int c2;
	long long rej0 = tquic_stat("ConnRejected");

	quic_pattern(hello, sizeof(hello), 7);
	/* Two clients reach the listener; nobody accepts; it closes. */
	ASSERT_EQ(0, connect(self->cfd, (struct sockaddr *)&self->addr,
			     self->addrlen));
	ASSERT_EQ(sizeof(hello), quic_hs_send(self->cfd, TQUIC_CRYPTO_INITIAL, hello,
					   sizeof(hello)));
	c2 = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);
	ASSERT_EQ(0, connect(c2, (struct sockaddr *)&self->addr,
			     self->addrlen));
	ASSERT_EQ(sizeof(hello), quic_hs_send(c2, TQUIC_CRYPTO_INITIAL, hello,
					   sizeof(hello)));
	usleep(300000);
	close(self->lfd);
	self->lfd = socket(self->family, SOCK_DGRAM, IPPROTO_QUIC);
	usleep(300000);
	close(c2);
	EXPECT_EQ(rej0, tquic_stat("ConnRejected"));
}

TEST_HARNESS_MAIN
