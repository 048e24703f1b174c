// SPDX-License-Identifier: GPL-2.0
/* QUIC connections for the C selftests without a TLS library. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "quic.h"

const char *quic_step = "";

/* sendmsg() of @len bytes with one SOL_QUIC control message. */
static ssize_t quic_sendmsg(int fd, int type, const void *info,
			    size_t info_len, const void *buf, size_t len,
			    int msg_flags)
{
	char cbuf[CMSG_SPACE(sizeof(struct tquic_stream_info))] = {};
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = CMSG_SPACE(info_len) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_QUIC;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(info_len);
	memcpy(CMSG_DATA(c), info, info_len);
	return sendmsg(fd, &m, msg_flags);
}

int quic_hs_send(int fd, int level, const void *buf, size_t len)
{
	struct tquic_handshake_info info = { .crypto_level = level };

	return quic_sendmsg(fd, TQUIC_CMSG_HANDSHAKE_INFO, &info,
			    sizeof(info), buf, len, 0);
}

int quic_hs_recv(int fd, void *buf, size_t len, int *level)
{
	char cbuf[CMSG_SPACE(sizeof(struct tquic_handshake_info))] = {};
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int n = recvmsg(fd, &m, 0);

	*level = -1;
	for (c = CMSG_FIRSTHDR(&m); n > 0 && c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_QUIC &&
		    c->cmsg_type == TQUIC_CMSG_HANDSHAKE_INFO)
			*level = ((struct tquic_handshake_info *)
				  CMSG_DATA(c))->crypto_level;
	return n;
}

int quic_hs_recv_all(int fd, unsigned char *buf, size_t len, int level)
{
	size_t got = 0;
	int n, l;

	while (got < len) {
		n = quic_hs_recv(fd, buf + got, len - got, &l);
		if (n <= 0 || l != level)
			return -1;
		got += n;
	}
	return 0;
}

int quic_xfer(int from, int to, int level, const unsigned char *data,
	      size_t len)
{
	static unsigned char buf[8192];

	if (len > sizeof(buf) ||
	    quic_hs_send(from, level, data, len) != (int)len)
		return -1;
	if (quic_hs_recv_all(to, buf, len, level))
		return -1;
	return memcmp(buf, data, len) ? -1 : 0;
}

/*
 * quic_ticket_recv - what a client got as 1-RTT CRYPTO data (session
 * tickets): waits up to @ms for POLLPRI until @want bytes were read.
 * Returns the bytes read, or -1.
 */
int quic_ticket_recv(int fd, unsigned char *buf, size_t len, size_t want,
		     int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	size_t got = 0;
	socklen_t n;

	while (got < want) {
		if (poll(&p, 1, ms) != 1 || !(p.revents & POLLPRI))
			return -1;
		n = len - got;
		if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_SESSION_TICKET,
			       buf + got, &n))
			return -1;
		got += n;
	}
	return got;
}

int quic_set_secret(int fd, int level, int send, int cipher,
		    unsigned char fill, unsigned int len)
{
	struct tquic_crypto_secret cs = { .level = level, .send = send,
					  .cipher = cipher,
					  .secret_len = len };

	memset(cs.secret, fill, len > sizeof(cs.secret) ?
	       sizeof(cs.secret) : len);
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CRYPTO_SECRET, &cs,
			  sizeof(cs));
}

int quic_keys(int cfd, int sfd, int level, int c_suite, unsigned char c_fill,
	      int s_suite, unsigned char s_fill)
{
	unsigned int c_len = c_suite == 0x1302 ? 48 : 32;
	unsigned int s_len = s_suite == 0x1302 ? 48 : 32;

	if (quic_set_secret(cfd, level, 1, c_suite, c_fill, c_len) ||
	    quic_set_secret(sfd, level, 0, c_suite, c_fill, c_len) ||
	    quic_set_secret(sfd, level, 1, s_suite, s_fill, s_len) ||
	    quic_set_secret(cfd, level, 0, s_suite, s_fill, s_len))
		return -1;
	return 0;
}

void quic_timeouts(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000,
			      .tv_usec = (ms % 1000) * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

void quic_pattern(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed + i * 7 + (i >> 8));
}

void quic_loopback(int family, struct sockaddr_storage *addr,
		   socklen_t *addrlen)
{
	memset(addr, 0, sizeof(*addr));
	if (family == AF_INET) {
		struct sockaddr_in *a = (void *)addr;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		*addrlen = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (void *)addr;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		*addrlen = sizeof(*a);
	}
}

int quic_open(int lfd, int cfd, const struct sockaddr *addr,
	      socklen_t addrlen, const unsigned char *ch, size_t len,
	      int timeout_ms)
{
	unsigned char buf[2048];
	int sfd;

	quic_step = "connect";
	if (connect(cfd, addr, addrlen))
		return -1;
	quic_step = "sending the ClientHello";
	if (quic_hs_send(cfd, TQUIC_CRYPTO_INITIAL, ch, len) != (int)len)
		return -1;
	quic_step = "accept";
	sfd = accept(lfd, NULL, NULL);
	if (sfd < 0)
		return -1;
	quic_timeouts(sfd, timeout_ms);
	quic_step = "reading the ClientHello";
	if (len > sizeof(buf) ||
	    quic_hs_recv_all(sfd, buf, len, TQUIC_CRYPTO_INITIAL))
		goto err;
	quic_step = "comparing the ClientHello";
	errno = EBADMSG;
	if (memcmp(buf, ch, len))
		goto err;
	return sfd;
err:
	close(sfd);
	return -1;
}

int quic_handshake(int cfd, int sfd)
{
	static unsigned char sh[90], flight[3000], fin[52];

	quic_pattern(sh, sizeof(sh), 2);
	quic_pattern(flight, sizeof(flight), 3);
	quic_pattern(fin, sizeof(fin), 4);
	quic_step = "ServerHello";
	if (quic_xfer(sfd, cfd, TQUIC_CRYPTO_INITIAL, sh, sizeof(sh)))
		return -1;
	quic_step = "Handshake secrets";
	if (quic_keys(cfd, sfd, TQUIC_CRYPTO_HANDSHAKE, 0x1301, 0x11, 0x1301,
		      0x22))
		return -1;
	quic_step = "server flight at Handshake";
	if (quic_xfer(sfd, cfd, TQUIC_CRYPTO_HANDSHAKE, flight,
		      sizeof(flight)))
		return -1;
	quic_step = "1-RTT secrets";
	if (quic_keys(cfd, sfd, TQUIC_CRYPTO_APP, 0x1301, 0x33, 0x1301, 0x44))
		return -1;
	quic_step = "client Finished at Handshake";
	return quic_xfer(cfd, sfd, TQUIC_CRYPTO_HANDSHAKE, fin, sizeof(fin));
}

/* @from's transport parameters extension becomes @to's peer's. */
static int quic_give_params(int from, int to)
{
	unsigned char ext[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	socklen_t len = sizeof(ext);

	if (getsockopt(from, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT, ext,
		       &len))
		return -1;
	return setsockopt(to, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT, ext,
			  len);
}

int quic_exchange_params(int cfd, int sfd)
{
	quic_step = "client's transport parameters to the server";
	if (quic_give_params(cfd, sfd))
		return -1;
	quic_step = "server's transport parameters to the client";
	return quic_give_params(sfd, cfd);
}

int quic_complete(int fd)
{
	quic_step = "TQUIC_SOCKOPT_HANDSHAKE_COMPLETE";
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_HANDSHAKE_COMPLETE, NULL,
			  0);
}

int quic_conn_info(int fd, struct tquic_connection_info *ci)
{
	socklen_t len = sizeof(*ci);

	memset(ci, 0, sizeof(*ci));
	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_INFO, ci, &len))
		return -1;
	return len == sizeof(*ci) ? 0 : -1;
}

int quic_close_get(int fd, union quic_close *u)
{
	socklen_t len = sizeof(*u);

	memset(u, 0, sizeof(*u));
	return getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_CLOSE, u,
			  &len);
}

int quic_key_update(int fd)
{
	int i;

	for (i = 0; i < 2000; i++) {
		if (!setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_KEY_UPDATE, NULL,
				0))
			return 0;
		if (errno != EAGAIN && errno != ENOTCONN)
			return -1;
		usleep(2000);
	}
	return -1;
}

int quic_close_now(int fd, int app, __u64 code, const char *reason)
{
	union {
		struct tquic_connection_close cc;
		char b[sizeof(struct tquic_connection_close) +
		       TQUIC_CLOSE_REASON_MAX];
	} u = {};
	size_t n = strlen(reason);

	if (n > TQUIC_CLOSE_REASON_MAX) {
		errno = EINVAL;
		return -1;
	}
	u.cc.app = app;
	u.cc.errcode = code;
	u.cc.reason_len = n;
	memcpy(u.cc.reason, reason, n);
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_CLOSE, &u,
			  sizeof(u.cc) + n);
}

int quic_connect_pair(int lfd, int cfd, const struct sockaddr *addr,
		      socklen_t addrlen, int timeout_ms)
{
	static unsigned char ch[300];
	int sfd;

	quic_pattern(ch, sizeof(ch), 1);
	sfd = quic_open(lfd, cfd, addr, addrlen, ch, sizeof(ch), timeout_ms);
	if (sfd < 0)
		return -1;
	if (quic_handshake(cfd, sfd) || quic_exchange_params(cfd, sfd) ||
	    quic_complete(cfd) || quic_complete(sfd)) {
		int err = errno;

		close(sfd);
		errno = err;
		return -1;
	}
	return sfd;
}

ssize_t quic_stream_send(int fd, __s64 id, __u32 flags, const void *buf,
			 size_t len, int msg_flags)
{
	struct tquic_stream_info info = { .stream_id = id, .flags = flags };

	return quic_sendmsg(fd, TQUIC_CMSG_STREAM_INFO, &info, sizeof(info),
			    buf, len, msg_flags);
}

ssize_t quic_stream_recv_reset(int fd, void *buf, size_t len, __s64 *id,
			       __u32 *flags, int *msg_flags, __u64 *code)
{
	char cbuf[CMSG_SPACE(sizeof(struct tquic_stream_info)) +
		  CMSG_SPACE(sizeof(__u64))] = {};
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct tquic_stream_info info;
	struct cmsghdr *c;
	ssize_t n = recvmsg(fd, &m, 0);

	*id = -1;
	*flags = 0;
	if (code)
		*code = ~0ULL;
	if (msg_flags)
		*msg_flags = m.msg_flags;
	if (n < 0)
		return n;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != SOL_QUIC)
			continue;
		if (c->cmsg_type == TQUIC_CMSG_STREAM_INFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(info))) {
			memcpy(&info, CMSG_DATA(c), sizeof(info));
			*id = info.stream_id;
			*flags = info.flags;
		} else if (code && c->cmsg_type == TQUIC_CMSG_STREAM_RESET &&
			   c->cmsg_len >= CMSG_LEN(sizeof(*code))) {
			memcpy(code, CMSG_DATA(c), sizeof(*code));
		}
	}
	return n;
}

ssize_t quic_stream_recv(int fd, void *buf, size_t len, __s64 *id,
			 __u32 *flags, int *msg_flags)
{
	return quic_stream_recv_reset(fd, buf, len, id, flags, msg_flags,
				      NULL);
}
