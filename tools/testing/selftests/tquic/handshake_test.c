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
 * it; IPv4 and IPv6; listeners closed with connections nobody accepted;
 * a client facing a forged server (lib/forge.c) that changes its Source
 * Connection ID mid-handshake; forged client Initials with the QUIC bit
 * 0 (RFC 9287), taken only with a NEW_TOKEN token.
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

#include "forge.h"
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
	ASSERT_EQ(sizeof(hello), quic_hs_send(self->cfd, TQUIC_CRYPTO_INITIAL,
					      hello, sizeof(hello)));
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

/*
 * lib/forge.c's Initial keys and sealing against RFC 9001, Appendix
 * A.3: the server's Initial to the client of Appendix A.1 (packet
 * number 1 in 2 bytes, an empty DCID): 0 when the bytes match.
 */
static int forge_initial_matches_rfc9001(void)
{
	static const unsigned char frames[] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x40, 0x5a, 0x02,
		0x00, 0x00, 0x56, 0x03, 0x03, 0xee, 0xfc, 0xe7, 0xf7, 0xb3,
		0x7b, 0xa1, 0xd1, 0x63, 0x2e, 0x96, 0x67, 0x78, 0x25, 0xdd,
		0xf7, 0x39, 0x88, 0xcf, 0xc7, 0x98, 0x25, 0xdf, 0x56, 0x6d,
		0xc5, 0x43, 0x0b, 0x9a, 0x04, 0x5a, 0x12, 0x00, 0x13, 0x01,
		0x00, 0x00, 0x2e, 0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00,
		0x20, 0x9d, 0x3c, 0x94, 0x0d, 0x89, 0x69, 0x0b, 0x84, 0xd0,
		0x8a, 0x60, 0x99, 0x3c, 0x14, 0x4e, 0xca, 0x68, 0x4d, 0x10,
		0x81, 0x28, 0x7c, 0x83, 0x4d, 0x53, 0x11, 0xbc, 0xf3, 0x2b,
		0xb9, 0xda, 0x1a, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04,
	};
	static const unsigned char sealed[] = {
		0xcf, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0xf0, 0x67, 0xa5,
		0x50, 0x2a, 0x42, 0x62, 0xb5, 0x00, 0x40, 0x75, 0xc0, 0xd9,
		0x5a, 0x48, 0x2c, 0xd0, 0x99, 0x1c, 0xd2, 0x5b, 0x0a, 0xac,
		0x40, 0x6a, 0x58, 0x16, 0xb6, 0x39, 0x41, 0x00, 0xf3, 0x7a,
		0x1c, 0x69, 0x79, 0x75, 0x54, 0x78, 0x0b, 0xb3, 0x8c, 0xc5,
		0xa9, 0x9f, 0x5e, 0xde, 0x4c, 0xf7, 0x3c, 0x3e, 0xc2, 0x49,
		0x3a, 0x18, 0x39, 0xb3, 0xdb, 0xcb, 0xa3, 0xf6, 0xea, 0x46,
		0xc5, 0xb7, 0x68, 0x4d, 0xf3, 0x54, 0x8e, 0x7d, 0xde, 0xb9,
		0xc3, 0xbf, 0x9c, 0x73, 0xcc, 0x3f, 0x3b, 0xde, 0xd7, 0x4b,
		0x56, 0x2b, 0xfb, 0x19, 0xfb, 0x84, 0x02, 0x2f, 0x8e, 0xf4,
		0xcd, 0xd9, 0x37, 0x95, 0xd7, 0x7d, 0x06, 0xed, 0xbb, 0x7a,
		0xaf, 0x2f, 0x58, 0x89, 0x18, 0x50, 0xab, 0xbd, 0xca, 0x3d,
		0x20, 0x39, 0x8c, 0x27, 0x64, 0x56, 0xcb, 0xc4, 0x21, 0x58,
		0x40, 0x7d, 0xd0, 0x74, 0xee,
	};
	static const struct fq_cid odcid = {
		8, { 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08 }
	};
	static const struct fq_cid scid = {
		8, { 0xf0, 0x67, 0xa5, 0x50, 0x2a, 0x42, 0x62, 0xb5 }
	};
	struct fq_cid dcid = { 0 };
	unsigned char got[256];
	struct fq_keys k;

	fq_initial_keys(&k, &odcid, 1);
	return fq_seal_initial(&k, got, &dcid, &scid, 1, 2, frames,
			       sizeof(frames)) != sizeof(sealed) ||
	       memcmp(got, sealed, sizeof(sealed));
}

TEST(forge_initial_rfc9001_a3)
{
	ASSERT_EQ(0, forge_initial_matches_rfc9001());
}

/* An Initial (lib/forge.c) of CRYPTO data @len bytes of @data at @off
 * (both under 64) with QUIC bit @quic_bit and @token (@tlen bytes),
 * padded to a 1200-byte datagram, in @pkt; its length
 */
static size_t crypto_initial(unsigned char *pkt, const struct fq_keys *k,
			     int quic_bit, const struct fq_cid *dcid,
			     const struct fq_cid *scid,
			     const unsigned char *token, size_t tlen, __u32 pn,
			     unsigned int off, const char *data, size_t len)
{
	unsigned char frames[1200] = { 0 };
	size_t hdr = 1 + 4 + 1 + dcid->len + 1 + scid->len +
		     (tlen >= 64 ? 2 : 1) + tlen + 2 + 4;

	frames[0] = 0x06;	/* CRYPTO, offset and length under 64 */
	frames[1] = off;
	frames[2] = len;
	memcpy(frames + 3, data, len);
	return fq_seal_initial_token(k, pkt, quic_bit, dcid, scid, token,
				     tlen, pn, 4, frames,
				     1200 - hdr - FQ_TAG);
}

/* The forged server's Initial: CRYPTO data @len bytes of @data at @off,
 * padded to 1200 bytes, from @scid
 */
static int forged_initial(int u, const struct fq_keys *k,
			  const struct fq_cid *dcid, const struct fq_cid *scid,
			  __u32 pn, unsigned int off, const char *data,
			  size_t len, const struct sockaddr_storage *to,
			  socklen_t tolen)
{
	unsigned char pkt[1300];
	size_t n;

	n = crypto_initial(pkt, k, 1, dcid, scid, NULL, 0, pn, off, data,
			   len);
	return sendto(u, pkt, n, 0, (const struct sockaddr *)to, tolen) ==
	       (ssize_t)n ? 0 : -1;
}

/*
 * RFC 9000, 7.2: once the client opened a server Initial, later packets
 * with another Source Connection ID are dropped (DropNoConnection).  The
 * server is played on a plain UDP socket: it reads the client's Initial
 * and answers with Initials under the keys of its DCID; CRYPTO data the
 * client's recvmsg() returns is a packet the client took.
 */
TEST_F(hs, client_drops_other_server_scid)
{
	struct fq_cid odcid, cscid, a = { 8, "serverA" }, b = { 8, "serverB" };
	static unsigned char hello[200], dgram[2048];
	struct sockaddr_storage uaddr, from;
	socklen_t ulen, flen = sizeof(from);
	long long nocid0;
	struct fq_keys k;
	char buf[64];
	int u, level;
	ssize_t n;

	/* The keys are right, or the drop below would prove nothing */
	ASSERT_EQ(0, forge_initial_matches_rfc9001());
	quic_loopback(self->family, &uaddr, &ulen);
	u = socket(self->family, SOCK_DGRAM, 0);
	ASSERT_LE(0, u);
	ASSERT_EQ(0, bind(u, (struct sockaddr *)&uaddr, ulen));
	ASSERT_EQ(0, getsockname(u, (struct sockaddr *)&uaddr, &ulen));
	quic_timeouts(u, 3000);
	quic_pattern(hello, sizeof(hello), 11);
	ASSERT_EQ(0, connect(self->cfd, (struct sockaddr *)&uaddr, ulen));
	ASSERT_EQ(sizeof(hello), quic_hs_send(self->cfd, TQUIC_CRYPTO_INITIAL,
					      hello, sizeof(hello)));
	n = recvfrom(u, dgram, sizeof(dgram), 0, (struct sockaddr *)&from,
		     &flen);
	ASSERT_LE(1200, n);
	ASSERT_EQ(0xc0, dgram[0] & 0xf0);	/* an Initial */
	ASSERT_EQ(0, fq_parse_long(dgram, n, &odcid, &cscid));
	fq_initial_keys(&k, &odcid, 1);

	/* From SCID A: taken */
	ASSERT_EQ(0, forged_initial(u, &k, &cscid, &a, 0, 0, "hello1", 6,
				    &from, flen));
	ASSERT_EQ(6, quic_hs_recv(self->cfd, buf, sizeof(buf), &level));
	EXPECT_EQ(TQUIC_CRYPTO_INITIAL, level);
	EXPECT_EQ(0, memcmp(buf, "hello1", 6));

	/* From SCID B: dropped, counted */
	nocid0 = tquic_stat("DropNoConnection");
	ASSERT_EQ(0, forged_initial(u, &k, &cscid, &b, 1, 6, "hello2", 6,
				    &from, flen));
	quic_timeouts(self->cfd, 500);
	EXPECT_EQ(-1, quic_hs_recv(self->cfd, buf, sizeof(buf), &level));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(nocid0 + 1, tquic_stat("DropNoConnection"));

	/* The same data from SCID A again: taken */
	quic_timeouts(self->cfd, 3000);
	ASSERT_EQ(0, forged_initial(u, &k, &cscid, &a, 2, 6, "hello2", 6,
				    &from, flen));
	ASSERT_EQ(6, quic_hs_recv(self->cfd, buf, sizeof(buf), &level));
	EXPECT_EQ(TQUIC_CRYPTO_INITIAL, level);
	EXPECT_EQ(0, memcmp(buf, "hello2", 6));
	close(u);
}

/* A forged client's first Initial to the listener, from @u: CRYPTO data
 * @data (@len bytes, under 64) at offset 0, the QUIC bit @quic_bit,
 * @token (@tlen bytes) and a new DCID of eight bytes ending in @tag;
 * its datagram 1200 bytes
 */
static int forged_client_initial(int u, char tag, int quic_bit,
				 const unsigned char *token, size_t tlen,
				 const char *data, size_t len)
{
	static const struct fq_cid scid = { 8, "client!" };
	struct fq_cid dcid = { 8, "dcid-00" };
	unsigned char pkt[2048];
	struct fq_keys k;
	size_t n;

	dcid.id[7] = tag;
	fq_initial_keys(&k, &dcid, 0);
	n = crypto_initial(pkt, &k, quic_bit, &dcid, &scid, token, tlen, 0,
			   0, data, len);
	return n == 1200 && send(u, pkt, n, 0) == (ssize_t)n ? 0 : -1;
}

/* The listener announces grease_quic_bit @on */
static int listener_grease(int lfd, int on)
{
	struct tquic_transport_param tp;
	socklen_t len = sizeof(tp);

	if (getsockopt(lfd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp,
		       &len))
		return -1;
	tp.grease_quic_bit = on;
	return setsockopt(lfd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp,
			  sizeof(tp));
}

/*
 * RFC 9287, 3.1: a client may clear the QUIC bit of its first Initial
 * when it carries a NEW_TOKEN token from a server that advertised
 * grease_quic_bit.  A listener advertising it gets a NEW_TOKEN token to
 * its client; then forged client Initials with the bit 0 come from the
 * same address (lib/forge.c): without a token, with the token damaged
 * (TokenInvalid) and at the listener advertising no more, each is
 * dropped (DropMalformed) and nothing is accepted; with the token the
 * listener makes the connection, whose CRYPTO data reads on the socket
 * accept() returns, and nothing more is dropped.
 */
TEST_F(hs, greased_first_initial)
{
	long long mal0, inv0, nt0 = tquic_stat("NewTokenReceived");
	unsigned char tok[TQUIC_TOKEN_MAX_LEN];
	socklen_t tlen = sizeof(tok);
	char buf[64];
	int u, fd, level;

	ASSERT_EQ(0, listener_grease(self->lfd, 1));
	self->sfd = quic_connect_pair(self->lfd, self->cfd,
				      (struct sockaddr *)&self->addr,
				      self->addrlen, 3000);
	ASSERT_LE(0, self->sfd) TH_LOG("%s: %s", quic_step, strerror(errno));
	ASSERT_LE(nt0 + 1, tquic_stat_reaches("NewTokenReceived", nt0 + 1));
	ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN, tok,
				&tlen));
	ASSERT_LT(16, tlen);

	u = socket(self->family, SOCK_DGRAM, 0);
	ASSERT_LE(0, u);
	ASSERT_EQ(0, connect(u, (struct sockaddr *)&self->addr,
			     self->addrlen));
	quic_timeouts(self->lfd, 300);
	mal0 = tquic_stat("DropMalformed");
	inv0 = tquic_stat("TokenInvalid");

	ASSERT_EQ(0, forged_client_initial(u, '1', 0, NULL, 0, "hello1", 6));
	EXPECT_EQ(mal0 + 1, tquic_stat_reaches("DropMalformed", mal0 + 1));
	EXPECT_EQ(-1, accept(self->lfd, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);

	tok[tlen / 2] ^= 0x40;
	ASSERT_EQ(0, forged_client_initial(u, '2', 0, tok, tlen, "hello2", 6));
	tok[tlen / 2] ^= 0x40;
	EXPECT_EQ(mal0 + 2, tquic_stat_reaches("DropMalformed", mal0 + 2));
	EXPECT_EQ(inv0 + 1, tquic_stat("TokenInvalid"));
	EXPECT_EQ(-1, accept(self->lfd, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);

	ASSERT_EQ(0, listener_grease(self->lfd, 0));
	ASSERT_EQ(0, forged_client_initial(u, '3', 0, tok, tlen, "hello3", 6));
	EXPECT_EQ(mal0 + 3, tquic_stat_reaches("DropMalformed", mal0 + 3));
	EXPECT_EQ(-1, accept(self->lfd, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);

	ASSERT_EQ(0, listener_grease(self->lfd, 1));
	quic_timeouts(self->lfd, 3000);
	ASSERT_EQ(0, forged_client_initial(u, '4', 0, tok, tlen, "hello4", 6));
	fd = accept(self->lfd, NULL, NULL);
	ASSERT_LE(0, fd) TH_LOG("accept: %s", strerror(errno));
	quic_timeouts(fd, 3000);
	EXPECT_EQ(6, quic_hs_recv(fd, buf, sizeof(buf), &level));
	EXPECT_EQ(TQUIC_CRYPTO_INITIAL, level);
	EXPECT_EQ(0, memcmp(buf, "hello4", 6));
	EXPECT_EQ(mal0 + 3, tquic_stat("DropMalformed"));
	EXPECT_EQ(inv0 + 1, tquic_stat("TokenInvalid"));
	close(fd);
	close(u);
}

TEST_HARNESS_MAIN
