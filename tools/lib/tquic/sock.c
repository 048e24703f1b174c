// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libtquic: the socket calls.  Handshake bytes and stream data travel
 * through sendmsg()/recvmsg() with one control message at level SOL_QUIC
 * (TQUIC_CMSG_HANDSHAKE_INFO or TQUIC_CMSG_STREAM_INFO); the rest is
 * socket options at SOL_QUIC.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

/* Room for the control message of either kind. */
union tquic_cmsg_info {
	struct tquic_handshake_info hs;
	struct tquic_stream_info stream;
};

#define TQUIC_CMSG_ROOM	CMSG_SPACE(sizeof(union tquic_cmsg_info))

/* tquic_cmsg_recv()'s *type for an event (TQUIC_MSG_NOTIFICATION) */
#define TQUIC_RECV_TYPE_EVENT	(-2)

/* sendmsg() of @buf with control message @type carrying @info. */
static ssize_t tquic_cmsg_send(int fd, int type, const void *info,
			       size_t info_len, const void *buf, size_t len)
{
	union {
		char buf[TQUIC_CMSG_ROOM];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr m = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = CMSG_SPACE(info_len),
	};
	struct cmsghdr *c;
	ssize_t n;

	memset(&ctl, 0, sizeof(ctl));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_QUIC;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(info_len);
	memcpy(CMSG_DATA(c), info, info_len);
	do {
		n = sendmsg(fd, &m, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/*
 * recvmsg() into @buf; *@type gets the SOL_QUIC control message's type
 * (or -1 without one, TQUIC_RECV_TYPE_EVENT for an event) and @info its
 * payload.
 */
static ssize_t tquic_cmsg_recv(int fd, void *buf, size_t len, int flags,
			       int *type, union tquic_cmsg_info *info)
{
	union {
		char buf[TQUIC_CMSG_ROOM];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr m = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	do {
		n = recvmsg(fd, &m, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	*type = m.msg_flags & TQUIC_MSG_NOTIFICATION ? TQUIC_RECV_TYPE_EVENT :
						      -1;
	memset(info, 0, sizeof(*info));
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		size_t want;

		if (c->cmsg_level != SOL_QUIC)
			continue;
		if (c->cmsg_type == TQUIC_CMSG_HANDSHAKE_INFO)
			want = sizeof(info->hs);
		else if (c->cmsg_type == TQUIC_CMSG_STREAM_INFO)
			want = sizeof(info->stream);
		else
			continue;
		if (c->cmsg_len < CMSG_LEN(want))
			return -EPROTO;
		*type = c->cmsg_type;
		memcpy(info, CMSG_DATA(c), want);
	}
	return n;
}

static int tquic_sock_hs_send(int fd, int level, const void *buf, size_t len)
{
	struct tquic_handshake_info info = { .crypto_level = level };
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = tquic_cmsg_send(fd, TQUIC_CMSG_HANDSHAKE_INFO, &info,
				    sizeof(info), p, len);
		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

static ssize_t tquic_sock_hs_recv(int fd, void *buf, size_t len, int *level)
{
	union tquic_cmsg_info info;
	ssize_t n;
	int type;

	/* Events turned on before the handshake: a close ends it, others
	 * are dropped (see tquic_event_set()).
	 */
	do {
		n = tquic_cmsg_recv(fd, buf, len, MSG_DONTWAIT, &type, &info);
		if (n > 0 && type == TQUIC_RECV_TYPE_EVENT &&
		    ((struct tquic_event *)buf)->type ==
		    TQUIC_EVENT_CONNECTION_CLOSE)
			return -ECONNRESET;
	} while (n > 0 && type == TQUIC_RECV_TYPE_EVENT);
	if (n <= 0)
		return n;
	/* Only handshake bytes come before the handshake completes. */
	if (type != TQUIC_CMSG_HANDSHAKE_INFO)
		return -EPROTO;
	*level = info.hs.crypto_level;
	return n;
}

static int tquic_sock_setopt(int fd, int name, const void *val,
			     socklen_t len)
{
	return setsockopt(fd, SOL_QUIC, name, val, len) ? -errno : 0;
}

static int tquic_sock_getopt(int fd, int name, void *val, socklen_t *len)
{
	return getsockopt(fd, SOL_QUIC, name, val, len) ? -errno : 0;
}

/* POLLPRI: the kernel holds post-handshake TLS messages for us. */
static ssize_t tquic_sock_ticket_recv(int fd, void *buf, size_t len,
				      int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	socklen_t n = len;
	int ret;

	ret = poll(&p, 1, timeout_ms);
	if (ret < 0)
		return errno == EINTR ? 0 : -errno;
	if (!ret)
		return -ETIMEDOUT;
	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_SESSION_TICKET, buf, &n))
		return -errno;
	if (!n && (p.revents & (POLLERR | POLLHUP)))
		return -ECONNRESET;
	return n;
}

const struct tquic_io tquic_sock_io = {
	.hs_send = tquic_sock_hs_send,
	.hs_recv = tquic_sock_hs_recv,
	.setopt = tquic_sock_setopt,
	.getopt = tquic_sock_getopt,
	.ticket_recv = tquic_sock_ticket_recv,
};

ssize_t tquic_stream_send(int fd, __s64 stream_id, __u32 flags,
			  const void *buf, size_t len)
{
	struct tquic_stream_info info = {
		.stream_id = stream_id,
		.flags = flags,
	};

	return tquic_cmsg_send(fd, TQUIC_CMSG_STREAM_INFO, &info, sizeof(info),
			       buf, len);
}

ssize_t tquic_stream_recv(int fd, void *buf, size_t len, __s64 *stream_id,
			  __u32 *flags)
{
	union tquic_cmsg_info info;
	ssize_t n;
	int type;

	do {
		n = tquic_cmsg_recv(fd, buf, len, 0, &type, &info);
	} while (n > 0 && type == TQUIC_CMSG_HANDSHAKE_INFO);
	if (n < 0)
		return n;
	if (type == TQUIC_RECV_TYPE_EVENT) {
		*stream_id = -1;
		*flags = TQUIC_STREAM_RECV_EVENT;
		return n;
	}
	if (type != TQUIC_CMSG_STREAM_INFO) {
		/* No data and no stream: the connection closed. */
		if (n)
			return -EPROTO;
		*stream_id = -1;
		*flags = 0;
		return 0;
	}
	*stream_id = info.stream.stream_id;
	*flags = info.stream.flags;
	return n;
}

int tquic_event_set(int fd, int type, int on)
{
	struct tquic_event_option o = { .type = type, .on = !!on };

	if (type < 0 || type > 255)
		return -EINVAL;
	return tquic_sock_setopt(fd, TQUIC_SOCKOPT_EVENT, &o, sizeof(o));
}
