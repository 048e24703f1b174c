// SPDX-License-Identifier: GPL-2.0
/*
 * Event notifications on tquic sockets (TQUIC_SOCKOPT_EVENT): each event
 * type is turned on and provoked, and the message recvmsg() returns for
 * it - flagged TQUIC_MSG_NOTIFICATION, in order with the data - is
 * checked field by field.  Events that are off are not delivered, bad
 * options are refused, and a flood of events into a small receive
 * buffer is dropped and counted (EventsDropped) without leaking.
 *
 * Connections use made-up handshake messages and secrets (lib/quic.c).
 * Each case runs on IPv4 and IPv6 SOCK_DGRAM sockets and on IPv4
 * SOCK_STREAM ones, in a network namespace of its own.
 */
#include <arpa/inet.h>
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
#define FIN		TQUIC_STREAM_FLAG_FIN
#define RESET		TQUIC_STREAM_FLAG_RESET
#define HDR		offsetof(struct tquic_event, info)

/* Room for any event */
union evbuf {
	struct tquic_event ev;
	unsigned char b[TQUIC_EVENT_MAX_LEN];
};

FIXTURE(ev) {
	int family;
	int type;
	int lfd;		/* listener on loopback */
	struct sockaddr_storage laddr;
	socklen_t laddrlen;
	int cfd;		/* client */
	int sfd;		/* its server side */
};

FIXTURE_VARIANT(ev) {
	int family;
	int type;
};

FIXTURE_VARIANT_ADD(ev, ipv4) { .family = AF_INET, .type = SOCK_DGRAM };
FIXTURE_VARIANT_ADD(ev, ipv6) { .family = AF_INET6, .type = SOCK_DGRAM };
FIXTURE_VARIANT_ADD(ev, ipv4_stream) {
	.family = AF_INET, .type = SOCK_STREAM
};

/* A QUIC socket of the variant with ten-second timeouts */
static int ev_socket(struct _test_data_ev *self)
{
	int fd = socket(self->family, self->type, IPPROTO_QUIC);

	if (fd >= 0)
		quic_timeouts(fd, WAIT_MS);
	return fd;
}

FIXTURE_SETUP(ev)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	self->family = variant->family;
	self->type = variant->type;
	self->sfd = -1;
	quic_loopback(self->family, &self->laddr, &self->laddrlen);
	self->lfd = ev_socket(self);
	ASSERT_LE(0, self->lfd);
	ASSERT_EQ(0, bind(self->lfd, (struct sockaddr *)&self->laddr,
			  self->laddrlen));
	ASSERT_EQ(0, getsockname(self->lfd, (struct sockaddr *)&self->laddr,
				 &self->laddrlen));
	ASSERT_EQ(0, listen(self->lfd, 4));
	self->cfd = ev_socket(self);
	ASSERT_LE(0, self->cfd);
}

FIXTURE_TEARDOWN(ev)
{
	if (self->sfd >= 0)
		close(self->sfd);
	close(self->cfd);
	close(self->lfd);
}

/* TQUIC_SOCKOPT_EVENT: turn @type on or off on @fd */
static int ev_set(int fd, int type, int on)
{
	struct tquic_event_option o = { .type = type, .on = on };

	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, &o, sizeof(o));
}

/* self->sfd: the client's connection, handshake complete */
static int ev_connect(struct __test_metadata *_metadata,
		      struct _test_data_ev *self)
{
	self->sfd = quic_connect_pair(self->lfd, self->cfd,
				      (struct sockaddr *)&self->laddr,
				      self->laddrlen, WAIT_MS);
	if (self->sfd < 0) {
		TH_LOG("%s: %s", quic_step, strerror(errno));
		return -1;
	}
	return 0;
}

/* The next message on @fd must be an event: its length, or -1. */
static ssize_t next_event(struct __test_metadata *_metadata, int fd,
			  union evbuf *e)
{
	int mflags;
	__u32 fl;
	__s64 id;
	ssize_t n;

	memset(e, 0xa5, sizeof(*e));
	n = quic_stream_recv(fd, e->b, sizeof(e->b), &id, &fl, &mflags);
	if (n < 0) {
		TH_LOG("waiting for an event: %s", strerror(errno));
		return -1;
	}
	if (!(mflags & TQUIC_MSG_NOTIFICATION) || id != -1 ||
	    (mflags & MSG_TRUNC) || n < (ssize_t)HDR) {
		TH_LOG("not an event: %zd bytes, stream %lld, msg_flags %#x",
		       n, (long long)id, mflags);
		return -1;
	}
	return n;
}

/* The next message on @fd: event STREAM_UPDATE with these fields */
static int expect_stream(struct __test_metadata *_metadata, int fd, __s64 id,
			 __u32 state, __u64 errcode, __u64 final_size)
{
	struct tquic_event_stream_update *su;
	union evbuf e;
	ssize_t n = next_event(_metadata, fd, &e);

	if (n < 0)
		return -1;
	su = &e.ev.info.stream_update;
	if (n != HDR + sizeof(*su) ||
	    e.ev.type != TQUIC_EVENT_STREAM_UPDATE || su->stream_id != id ||
	    su->state != state || su->errcode != errcode ||
	    su->final_size != final_size || su->reserved) {
		TH_LOG("%zd bytes, type %d: stream %lld state %u code %llu size %llu; want stream %lld state %u code %llu size %llu",
		       n, e.ev.type, (long long)su->stream_id, su->state,
		       (unsigned long long)su->errcode,
		       (unsigned long long)su->final_size, (long long)id,
		       state, (unsigned long long)errcode,
		       (unsigned long long)final_size);
		return -1;
	}
	return 0;
}

/* The next message on @fd: @len bytes of @want on stream @id, @flags */
static int expect_data(struct __test_metadata *_metadata, int fd, __s64 id,
		       const void *want, size_t len, __u32 flags)
{
	unsigned char buf[256];
	int mflags;
	__u32 fl;
	__s64 got;
	ssize_t n;

	n = quic_stream_recv(fd, buf, sizeof(buf), &got, &fl, &mflags);
	if (n != (ssize_t)len || got != id || fl != flags ||
	    (mflags & TQUIC_MSG_NOTIFICATION) || memcmp(buf, want, len)) {
		TH_LOG("read %zd (%s) on stream %lld, flags %#x, msg_flags %#x; want %zu on %lld, flags %#x",
		       n, n < 0 ? strerror(errno) : "", (long long)got, fl,
		       mflags, len, (long long)id, flags);
		return -1;
	}
	return 0;
}

/*
 * @from opens stream @id with @len bytes of @data and FIN; @to, with
 * STREAM_UPDATE on, reads the peer opening it, the data and all of it
 * received.
 */
static int whole_stream(struct __test_metadata *_metadata, int from, int to,
			__s64 id, const char *data, size_t len)
{
	if (quic_stream_send(from, id, FIN, data, len, 0) != (ssize_t)len) {
		TH_LOG("sending on stream %lld: %s", (long long)id,
		       strerror(errno));
		return -1;
	}
	if (expect_stream(_metadata, to, id, TQUIC_STREAM_UPDATE_PEER_OPENED,
			  0, ~0ULL) ||
	    expect_data(_metadata, to, id, data, len, FIN))
		return -1;
	return expect_stream(_metadata, to, id, TQUIC_STREAM_UPDATE_RECVD, 0,
			     len);
}

/*
 * Read @fd until an event of @type (in @e, its length returned).  Data on
 * the way must be on stream @id; it goes to @data at *@got (at most
 * @room bytes in all).  Any other event fails.
 */
static ssize_t until_event(struct __test_metadata *_metadata, int fd,
			   int type, union evbuf *e, __s64 id,
			   unsigned char *data, size_t room, size_t *got)
{
	int mflags;
	__u32 fl;
	__s64 sid;
	ssize_t n;

	for (;;) {
		n = quic_stream_recv(fd, e->b, sizeof(e->b), &sid, &fl,
				     &mflags);
		if (n < 0) {
			TH_LOG("waiting for event %d: %s", type,
			       strerror(errno));
			return -1;
		}
		if (mflags & TQUIC_MSG_NOTIFICATION) {
			if (e->ev.type == type && n >= (ssize_t)HDR)
				return n;
			TH_LOG("event %d while waiting for %d", e->ev.type,
			       type);
			return -1;
		}
		if (sid != id || *got + n > room) {
			TH_LOG("%zd bytes on stream %lld while waiting for event %d",
			       n, (long long)sid, type);
			return -1;
		}
		memcpy(data + *got, e->b, n);
		*got += n;
	}
}

/* Read @len bytes of stream @id on @fd into @data from *@got on. */
static int read_rest(struct __test_metadata *_metadata, int fd, __s64 id,
		     unsigned char *data, size_t len, size_t *got)
{
	__u32 fl;
	__s64 sid;
	ssize_t n;

	while (*got < len) {
		n = quic_stream_recv(fd, data + *got, len - *got, &sid, &fl,
				     NULL);
		if (n <= 0 || sid != id) {
			TH_LOG("after %zu of %zu bytes: %zd (%s) on stream %lld",
			       *got, len, n, n < 0 ? strerror(errno) : "",
			       (long long)sid);
			return -1;
		}
		*got += n;
	}
	return 0;
}

/* The same family, port and address */
static bool same_addr(const void *a, const void *b)
{
	const struct sockaddr_in6 *a6 = a, *b6 = b;
	const struct sockaddr_in *a4 = a, *b4 = b;

	if (a4->sin_family != b4->sin_family)
		return false;
	if (a4->sin_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		       a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a6->sin6_port == b6->sin6_port &&
	       !memcmp(&a6->sin6_addr, &b6->sin6_addr, sizeof(a6->sin6_addr));
}

/* The next message on @fd: the close event with these fields */
static int expect_close(struct __test_metadata *_metadata, int fd,
			__u64 code, int by_peer, const char *reason)
{
	struct tquic_connection_close *cc;
	size_t rlen = strlen(reason);
	union evbuf e;
	ssize_t n = next_event(_metadata, fd, &e);

	if (n < 0)
		return -1;
	cc = &e.ev.info.close;
	if (n != HDR + sizeof(*cc) + rlen ||
	    e.ev.type != TQUIC_EVENT_CONNECTION_CLOSE || cc->errcode != code ||
	    cc->app != 1 || cc->by_peer != by_peer || cc->frame_type ||
	    cc->reason_len != rlen || memcmp(cc->reason, reason, rlen)) {
		TH_LOG("%zd bytes, type %d: code %llu app %d by_peer %d reason %.*s",
		       n, e.ev.type, (unsigned long long)cc->errcode, cc->app,
		       cc->by_peer, (int)cc->reason_len, cc->reason);
		return -1;
	}
	return 0;
}

/*
 * Bad options: unknown types, @on above 1, reserved bits, short and long
 * option lengths; everything starts off, and set/get round trip.
 */
TEST_F(ev, option)
{
	struct tquic_event_option o = { .type = TQUIC_EVENT_STREAM_UPDATE };
	socklen_t len;
	char big[8] = {};
	int t;

	EXPECT_EQ(-1, ev_set(self->cfd, TQUIC_EVENT_NONE, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ev_set(self->cfd, TQUIC_EVENT_MAX + 1, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ev_set(self->cfd, 255, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ev_set(self->cfd, TQUIC_EVENT_KEY_UPDATE, 2));
	EXPECT_EQ(EINVAL, errno);
	o.reserved = 1;
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, &o,
				 sizeof(o)));
	EXPECT_EQ(EINVAL, errno);
	o.reserved = 0;
	o.on = 1;
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, &o,
				 sizeof(o) - 1));
	EXPECT_EQ(EINVAL, errno);
	memcpy(big, &o, sizeof(o));
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, big,
				 sizeof(big)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT,
				 NULL, 0));
	EXPECT_EQ(EINVAL, errno);

	/* get: short length, unknown type */
	len = sizeof(o) - 1;
	EXPECT_EQ(-1, getsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, &o,
				 &len));
	EXPECT_EQ(EINVAL, errno);
	o.type = TQUIC_EVENT_MAX + 1;
	len = sizeof(o);
	EXPECT_EQ(-1, getsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, &o,
				 &len));
	EXPECT_EQ(EINVAL, errno);

	/* All off at first; on and off again, one type at a time */
	for (t = 1; t <= TQUIC_EVENT_MAX; t++) {
		o = (struct tquic_event_option){ .type = t, .on = 7 };
		len = sizeof(big);
		ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC,
					TQUIC_SOCKOPT_EVENT, &o, &len));
		EXPECT_EQ(sizeof(o), len);
		EXPECT_EQ(t, o.type);
		EXPECT_EQ(0, o.on);
	}
	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_KEY_UPDATE, 1));
	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_CONNECTION_CLOSE, 1));
	for (t = 1; t <= TQUIC_EVENT_MAX; t++) {
		o = (struct tquic_event_option){ .type = t };
		len = sizeof(o);
		ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC,
					TQUIC_SOCKOPT_EVENT, &o, &len));
		EXPECT_EQ(t == TQUIC_EVENT_KEY_UPDATE ||
			  t == TQUIC_EVENT_CONNECTION_CLOSE, o.on);
	}
	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_CONNECTION_CLOSE, 0));
	o = (struct tquic_event_option){ .type = TQUIC_EVENT_CONNECTION_CLOSE };
	len = sizeof(o);
	ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, &o,
				&len));
	EXPECT_EQ(0, o.on);
}

/*
 * Events off (the default): a stream, a reset, a key update and a close
 * happen and no message is flagged as an event; the reads are what they
 * were before events existed.
 */
TEST_F(ev, off_by_default)
{
	unsigned char buf[64];
	int mflags;
	__u32 fl;
	__s64 id;

	ASSERT_EQ(0, ev_connect(_metadata, self));
	ASSERT_EQ(3, quic_stream_send(self->cfd, 0, FIN, "abc", 3, 0));
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 0, "abc", 3, FIN));
	ASSERT_EQ(0, quic_key_update(self->cfd));
	ASSERT_EQ(2, quic_stream_send(self->sfd, 0, FIN, "ok", 2, 0));
	ASSERT_EQ(0, expect_data(_metadata, self->cfd, 0, "ok", 2, FIN));
	ASSERT_EQ(0, quic_close_now(self->cfd, 1, 9, "done"));
	EXPECT_EQ(-1, quic_stream_recv(self->sfd, buf, sizeof(buf), &id, &fl,
				       &mflags));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(0, quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				      &mflags));
	EXPECT_EQ(0, mflags & TQUIC_MSG_NOTIFICATION);
	EXPECT_EQ(-1, id);
	EXPECT_EQ(0, tquic_stat("EventsDropped"));
}

/*
 * STREAM_UPDATE, turned on on the listener (the accepted socket inherits
 * it) and on the client: the peer opening a stream comes before its data,
 * all data received after the read with FIN, a reset after the reset read
 * with its code and final size, STOP_SENDING with its code on the writer,
 * and the writer's send side acknowledged.
 */
TEST_F(ev, stream_update)
{
	struct tquic_event_option o = { .type = TQUIC_EVENT_STREAM_UPDATE };
	socklen_t len = sizeof(o);
	struct tquic_stream_reset r;

	ASSERT_EQ(0, ev_set(self->lfd, TQUIC_EVENT_STREAM_UPDATE, 1));
	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_STREAM_UPDATE, 1));
	ASSERT_EQ(0, ev_connect(_metadata, self));
	ASSERT_EQ(0, getsockopt(self->sfd, SOL_QUIC, TQUIC_SOCKOPT_EVENT, &o,
				&len));
	EXPECT_EQ(1, o.on);

	/* Stream 0: opened, data with FIN, all received */
	ASSERT_EQ(0, whole_stream(_metadata, self->cfd, self->sfd, 0, "hello",
				  5));
	/* The client's send side is acknowledged */
	ASSERT_EQ(0, expect_stream(_metadata, self->cfd, 0,
				   TQUIC_STREAM_UPDATE_SEND_ACKED, 0, 5));

	/* Stream 4: ten bytes, then the client resets it with 77 */
	ASSERT_EQ(10, quic_stream_send(self->cfd, 4, 0, "0123456789", 10, 0));
	ASSERT_EQ(0, expect_stream(_metadata, self->sfd, 4,
				   TQUIC_STREAM_UPDATE_PEER_OPENED, 0, ~0ULL));
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 4, "0123456789", 10,
				 0));
	r = (struct tquic_stream_reset){ .stream_id = 4, .errcode = 77 };
	ASSERT_EQ(0, setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_STREAM_RESET,
				&r, sizeof(r)));
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 4, "", 0, FIN | RESET));
	ASSERT_EQ(0, expect_stream(_metadata, self->sfd, 4,
				   TQUIC_STREAM_UPDATE_RESET_RECVD, 77, 10));

	/* Stream 8: three bytes, then the server asks to stop with 99 */
	ASSERT_EQ(3, quic_stream_send(self->cfd, 8, 0, "xyz", 3, 0));
	ASSERT_EQ(0, expect_stream(_metadata, self->sfd, 8,
				   TQUIC_STREAM_UPDATE_PEER_OPENED, 0, ~0ULL));
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 8, "xyz", 3, 0));
	r = (struct tquic_stream_reset){ .stream_id = 8, .errcode = 99 };
	ASSERT_EQ(0, setsockopt(self->sfd, SOL_QUIC,
				TQUIC_SOCKOPT_STOP_SENDING, &r, sizeof(r)));
	ASSERT_EQ(0, expect_stream(_metadata, self->cfd, 8,
				   TQUIC_STREAM_UPDATE_STOP_SENDING, 99, 3));
	EXPECT_EQ(-1, quic_stream_send(self->cfd, 8, 0, "x", 1, 0));
	EXPECT_EQ(EPIPE, errno);
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 8, "", 0, FIN | RESET));
	ASSERT_EQ(0, expect_stream(_metadata, self->sfd, 8,
				   TQUIC_STREAM_UPDATE_RESET_RECVD, 99, 3));

	/* The server's own stream 1 opens on the client */
	ASSERT_EQ(0, whole_stream(_metadata, self->sfd, self->cfd, 1, "hi",
				  2));
	EXPECT_EQ(0, tquic_stat("EventsDropped"));
}

/*
 * CONNECTION_CLOSE on both ends: the peer's comes after the data that
 * arrived before it, then the socket error; the closer's own close too,
 * then end of file.  Both carry what TQUIC_SOCKOPT_CONNECTION_CLOSE says.
 */
TEST_F(ev, connection_close)
{
	unsigned char buf[16];
	__u32 fl;
	__s64 id;

	ASSERT_EQ(0, ev_set(self->lfd, TQUIC_EVENT_CONNECTION_CLOSE, 1));
	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_CONNECTION_CLOSE, 1));
	ASSERT_EQ(0, ev_connect(_metadata, self));
	ASSERT_EQ(3, quic_stream_send(self->cfd, 0, 0, "abc", 3, 0));
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 0, "abc", 3, 0));
	ASSERT_EQ(4, quic_stream_send(self->cfd, 0, 0, "defg", 4, 0));
	/* Let the data arrive first */
	usleep(200000);
	ASSERT_EQ(0, quic_close_now(self->cfd, 1, 0x42, "bye now"));

	ASSERT_EQ(0, expect_close(_metadata, self->cfd, 0x42, 0, "bye now"));
	EXPECT_EQ(0, quic_stream_recv(self->cfd, buf, sizeof(buf), &id, &fl,
				      NULL));

	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 0, "defg", 4, 0));
	ASSERT_EQ(0, expect_close(_metadata, self->sfd, 0x42, 1, "bye now"));
	EXPECT_EQ(-1, quic_stream_recv(self->sfd, buf, sizeof(buf), &id, &fl,
				       NULL));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(0, tquic_stat("EventsDropped"));
}

/*
 * KEY_UPDATE: the client starts an update - both ends report key phase 1,
 * the server as started by the peer; then the server starts one back to
 * phase 0.  The phase matches TQUIC_SOCKOPT_CONNECTION_INFO.
 */
TEST_F(ev, key_update)
{
	struct tquic_connection_info ci;
	socklen_t len = sizeof(ci);
	unsigned char data[64];
	union evbuf e;
	size_t got = 0;
	ssize_t n;
	int i, who, peer;

	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_KEY_UPDATE, 1));
	ASSERT_EQ(0, ev_set(self->lfd, TQUIC_EVENT_KEY_UPDATE, 1));
	ASSERT_EQ(0, ev_connect(_metadata, self));
	/* Stream 0 carries data both ways */
	ASSERT_EQ(4, quic_stream_send(self->cfd, 0, 0, "open", 4, 0));
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 0, "open", 4, 0));
	for (i = 0; i < 2; i++) {
		who = i ? self->sfd : self->cfd;
		peer = i ? self->cfd : self->sfd;
		ASSERT_EQ(0, quic_key_update(who)) {
			TH_LOG("update %d: %s", i, strerror(errno));
		}
		/* The peer switches on the first packet of the new phase */
		n = until_event(_metadata, peer, TQUIC_EVENT_KEY_UPDATE, &e, 0,
				data, sizeof(data), &got);
		ASSERT_EQ(HDR + sizeof(e.ev.info.key_update), n);
		EXPECT_EQ(!i, e.ev.info.key_update.key_phase);
		EXPECT_EQ(1, e.ev.info.key_update.by_peer);
		/* and its answer completes it on the starter */
		ASSERT_EQ(4, quic_stream_send(peer, 0, 0, "ping", 4, 0));
		n = until_event(_metadata, who, TQUIC_EVENT_KEY_UPDATE, &e, 0,
				data, sizeof(data), &got);
		ASSERT_EQ(HDR + sizeof(e.ev.info.key_update), n);
		EXPECT_EQ(!i, e.ev.info.key_update.key_phase);
		EXPECT_EQ(0, e.ev.info.key_update.by_peer);
		ASSERT_EQ(0, read_rest(_metadata, who, 0, data, 4, &got));
		EXPECT_EQ(0, memcmp(data, "ping", 4));
		got = 0;
		len = sizeof(ci);
		ASSERT_EQ(0, getsockopt(who, SOL_QUIC,
					TQUIC_SOCKOPT_CONNECTION_INFO, &ci,
					&len));
		EXPECT_EQ(!i, ci.key_phase);
	}
	EXPECT_EQ(4, tquic_stat("KeyUpdates"));
}

/* NEW_TOKEN: the client gets the bytes TQUIC_SOCKOPT_TOKEN returns, and
 * poll() says POLLIN while the event waits.
 */
TEST_F(ev, new_token)
{
	unsigned char tok[TQUIC_TOKEN_MAX_LEN];
	struct pollfd p = { .fd = self->cfd, .events = POLLIN };
	socklen_t len = sizeof(tok);
	union evbuf e;
	ssize_t n;

	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_NEW_TOKEN, 1));
	ASSERT_EQ(0, ev_connect(_metadata, self));
	ASSERT_EQ(1, poll(&p, 1, WAIT_MS));
	EXPECT_TRUE(p.revents & POLLIN);
	n = next_event(_metadata, self->cfd, &e);
	ASSERT_EQ(0, getsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_TOKEN, tok,
				&len));
	ASSERT_LT(0, len);
	EXPECT_EQ(HDR + sizeof(e.ev.info.new_token) + len, n);
	EXPECT_EQ(TQUIC_EVENT_NEW_TOKEN, e.ev.type);
	EXPECT_EQ(len, e.ev.info.new_token.token_len);
	EXPECT_EQ(0, e.ev.info.new_token.reserved);
	EXPECT_EQ(0, memcmp(tok, e.ev.info.new_token.token, len));
	EXPECT_EQ(1, tquic_stat("NewTokenReceived"));
	/* Nothing else waits */
	p.revents = 0;
	EXPECT_EQ(0, poll(&p, 1, 100));
}

/*
 * MAX_STREAMS: a server that allows two bidirectional streams raises the
 * limit as the client's streams end and are read; the client is told the
 * new limits.
 */
TEST_F(ev, max_streams)
{
	struct tquic_transport_param tp;
	socklen_t len = sizeof(tp);
	union evbuf e;
	__u64 bidi = 2;
	int i;

	ASSERT_EQ(0, getsockopt(self->lfd, SOL_QUIC,
				TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp, &len));
	tp.max_streams_bidi = 2;
	ASSERT_EQ(0, setsockopt(self->lfd, SOL_QUIC,
				TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp, len));
	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_MAX_STREAMS, 1));
	ASSERT_EQ(0, ev_connect(_metadata, self));
	EXPECT_EQ(-1, quic_stream_send(self->cfd, 8, FIN, "c", 1,
				       MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(1, quic_stream_send(self->cfd, 4 * i, FIN, "a", 1,
					      0));
		ASSERT_EQ(0, expect_data(_metadata, self->sfd, 4 * i, "a", 1,
					 FIN));
	}
	/* One MAX_STREAMS per read stream, or one for both */
	while (bidi < 4) {
		ASSERT_EQ(HDR + sizeof(e.ev.info.max_streams),
			  next_event(_metadata, self->cfd, &e));
		ASSERT_EQ(TQUIC_EVENT_MAX_STREAMS, e.ev.type);
		EXPECT_LT(bidi, e.ev.info.max_streams.max_streams_bidi);
		bidi = e.ev.info.max_streams.max_streams_bidi;
		EXPECT_EQ(tp.max_streams_uni,
			  e.ev.info.max_streams.max_streams_uni);
	}
	EXPECT_EQ(4, bidi);
	ASSERT_EQ(1, quic_stream_send(self->cfd, 8, FIN, "c", 1, 0));
	ASSERT_EQ(0, expect_data(_metadata, self->sfd, 8, "c", 1, FIN));
}

/*
 * CONNECTION_MIGRATION: the client moves with TQUIC_SOCKOPT_MIGRATE and
 * is told its new local address; the server sees the client's packets
 * come from it and is told the new peer address.  Data still flows.
 */
TEST_F(ev, migration)
{
	struct tquic_event_migration *m;
	unsigned char data[2000], got[2000];
	struct sockaddr_storage sa, now;
	socklen_t salen, nowlen = sizeof(now);
	union evbuf e;
	size_t have = 0;
	int i, err = 0;

	ASSERT_EQ(0, ev_set(self->cfd, TQUIC_EVENT_CONNECTION_MIGRATION, 1));
	ASSERT_EQ(0, ev_set(self->lfd, TQUIC_EVENT_CONNECTION_MIGRATION, 1));
	ASSERT_EQ(0, ev_connect(_metadata, self));
	quic_pattern(data, sizeof(data), 7);
	quic_loopback(self->family, &sa, &salen);
	/* EAGAIN until the server's spare connection IDs arrived */
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(4, quic_stream_send(self->cfd, 0, 0, data, 4, 0));
		ASSERT_EQ(0, expect_data(_metadata, self->sfd, 0, data, 4, 0));
		err = setsockopt(self->cfd, SOL_QUIC, TQUIC_SOCKOPT_MIGRATE,
				 &sa, salen) ? errno : 0;
		if (err != EAGAIN)
			break;
		usleep(10000);
	}
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, getsockname(self->cfd, (struct sockaddr *)&now, &nowlen));

	/* The client's event comes at once */
	ASSERT_EQ(HDR + sizeof(*m), next_event(_metadata, self->cfd, &e));
	m = &e.ev.info.migration;
	EXPECT_EQ(TQUIC_EVENT_CONNECTION_MIGRATION, e.ev.type);
	EXPECT_EQ(0, m->by_peer);
	EXPECT_TRUE(same_addr(&m->local, &now));
	EXPECT_TRUE(same_addr(&m->peer, &self->laddr));

	/* The server's with the first packet from the new address */
	ASSERT_EQ(sizeof(data), quic_stream_send(self->cfd, 0, 0, data,
						 sizeof(data), 0));
	ASSERT_EQ(HDR + sizeof(*m),
		  until_event(_metadata, self->sfd,
			      TQUIC_EVENT_CONNECTION_MIGRATION, &e, 0, got,
			      sizeof(got), &have));
	EXPECT_EQ(1, m->by_peer);
	EXPECT_TRUE(same_addr(&m->peer, &now));
	EXPECT_TRUE(same_addr(&m->local, &self->laddr));
	ASSERT_EQ(0, read_rest(_metadata, self->sfd, 0, got, sizeof(got),
			       &have));
	EXPECT_EQ(0, memcmp(got, data, sizeof(data)));
	EXPECT_EQ(1, tquic_stat("Migrations"));
	EXPECT_EQ(1, tquic_stat("PeerMigrations"));
}

/*
 * A flood: 40 streams opened and ended by the client on a server whose
 * receive buffer is as small as it gets, nothing read meanwhile.  The
 * events that do not fit are dropped and counted - every one is either
 * read or counted - while all the data arrives; once read, events fit
 * again.
 */
TEST_F_TIMEOUT(ev, flood, 120)
{
	const int nstreams = 40;
	struct tquic_connection_info ci;
	int events = 0, fins = 0, i, one = 1, mflags;
	union evbuf buf;
	long long dropped;
	socklen_t len;
	__u32 fl;
	__s64 id;
	ssize_t n;

	ASSERT_EQ(0, ev_connect(_metadata, self));
	ASSERT_EQ(0, setsockopt(self->sfd, SOL_SOCKET, SO_RCVBUF, &one,
				sizeof(one)));
	ASSERT_EQ(0, ev_set(self->sfd, TQUIC_EVENT_STREAM_UPDATE, 1));
	for (i = 0; i < nstreams; i++)
		ASSERT_EQ(1, quic_stream_send(self->cfd, 4 * i, FIN, "z", 1,
					      0));
	/* Wait until all arrived, reading nothing */
	for (i = 0; i < 500; i++) {
		len = sizeof(ci);
		ASSERT_EQ(0, getsockopt(self->sfd, SOL_QUIC,
					TQUIC_SOCKOPT_CONNECTION_INFO, &ci,
					&len));
		if (ci.stream_bytes_received == (__u64)nstreams)
			break;
		usleep(10000);
	}
	ASSERT_EQ(nstreams, ci.stream_bytes_received);
	dropped = tquic_stat("EventsDropped");
	EXPECT_LT(0, dropped);
	while (fins < nstreams) {
		n = quic_stream_recv(self->sfd, buf.b, sizeof(buf.b), &id, &fl,
				     &mflags);
		ASSERT_LE(0, n) {
			TH_LOG("after %d events, %d streams: %s", events,
			       fins, strerror(errno));
		}
		if (mflags & TQUIC_MSG_NOTIFICATION) {
			ASSERT_EQ(TQUIC_EVENT_STREAM_UPDATE, buf.ev.type);
			events++;
			continue;
		}
		ASSERT_EQ(1, n);
		ASSERT_EQ('z', buf.b[0]);
		ASSERT_EQ(FIN, fl);
		fins++;
	}
	/* The events queued after the last data */
	while (events + dropped < 2 * nstreams) {
		ASSERT_LT(0, next_event(_metadata, self->sfd, &buf));
		events++;
	}
	EXPECT_LT(0, events);
	EXPECT_EQ(2 * nstreams, events + dropped);
	/* Room again: the next stream's events both come */
	ASSERT_EQ(0, whole_stream(_metadata, self->cfd, self->sfd,
				  4 * nstreams, "z", 1));
	EXPECT_EQ(dropped, tquic_stat("EventsDropped"));
}

TEST_HARNESS_MAIN
