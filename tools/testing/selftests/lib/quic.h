/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QUIC connections for the C selftests without a TLS library: made-up
 * handshake messages cross with TQUIC_CMSG_HANDSHAKE_INFO, made-up
 * secrets go in with TQUIC_SOCKOPT_CRYPTO_SECRET, the transport
 * parameters extension is handed across and both ends declare the
 * handshake complete; then stream data and datagrams travel with
 * TQUIC_CMSG_STREAM_INFO.
 *
 * Every function returns -1 with errno set on failure unless it says
 * otherwise; quic_step names the step that failed.
 */
#ifndef _SELFTEST_QUIC_H
#define _SELFTEST_QUIC_H

#include <linux/tquic.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

/* The step of the last failed connection set-up, for the test's log. */
extern const char *quic_step;

/* Handshake data of @level (enum tquic_crypto_level). */
int quic_hs_send(int fd, int level, const void *buf, size_t len);
/* Read up to @len bytes of one level; *@level gets it (-1: none). */
int quic_hs_recv(int fd, void *buf, size_t len, int *level);
/* Read exactly @len bytes, all at @level; 0 on success. */
int quic_hs_recv_all(int fd, unsigned char *buf, size_t len, int level);
/* Send @len bytes at @level from @from; @to must read exactly them. */
int quic_xfer(int from, int to, int level, const unsigned char *data,
	      size_t len);

/* A secret of @len bytes of @fill (struct tquic_crypto_secret). */
int quic_ticket_recv(int fd, unsigned char *buf, size_t len, size_t want,
		     int ms);
int quic_set_secret(int fd, int level, int send, int cipher,
		    unsigned char fill, unsigned int len);
/*
 * The secrets of @level on both ends: client to server with
 * @c_suite/@c_fill, server to client with @s_suite/@s_fill, each as long
 * as its suite's hash (48 bytes for AES-256-GCM, else 32).
 */
int quic_keys(int cfd, int sfd, int level, int c_suite, unsigned char c_fill,
	      int s_suite, unsigned char s_fill);

/* SO_RCVTIMEO and SO_SNDTIMEO of @ms milliseconds. */
void quic_timeouts(int fd, int ms);
/* A byte pattern of @seed. */
void quic_pattern(unsigned char *p, size_t len, unsigned int seed);
/* The loopback address of @family, port 0. */
void quic_loopback(int family, struct sockaddr_storage *addr,
		   socklen_t *addrlen);

/*
 * Client @cfd connects to @addr and sends the made-up ClientHello @ch at
 * Initial; @lfd accepts and must read exactly it.  Returns the accepted
 * socket (with quic_timeouts(@timeout_ms)) or -1.
 */
int quic_open(int lfd, int cfd, const struct sockaddr *addr,
	      socklen_t addrlen, const unsigned char *ch, size_t len,
	      int timeout_ms);
/*
 * The rest of a made-up handshake on an opened pair: ServerHello at
 * Initial, Handshake secrets, server flight at Handshake, 1-RTT secrets,
 * client Finished at Handshake.
 */
int quic_handshake(int cfd, int sfd);
/* Each end gets the other's transport parameters extension. */
int quic_exchange_params(int cfd, int sfd);
/* TQUIC_SOCKOPT_HANDSHAKE_COMPLETE on @fd. */
int quic_complete(int fd);
/*
 * TQUIC_SOCKOPT_KEY_UPDATE on @fd, tried again for a few seconds while
 * it fails with ENOTCONN (the handshake is not confirmed yet) or EAGAIN
 * (the last update is not acknowledged or the next keys not derived).
 */
int quic_key_update(int fd);
/* TQUIC_SOCKOPT_CONNECTION_INFO into @ci, zeroed first: 0, or -1 when the
 * call fails or returns another size
 */
int quic_conn_info(int fd, struct tquic_connection_info *ci);
/* What closed @fd's connection (TQUIC_SOCKOPT_CONNECTION_CLOSE), with
 * its reason; -1 while it is open.
 */
union quic_close {
	struct tquic_connection_close cc;
	char buf[sizeof(struct tquic_connection_close) +
		 TQUIC_CLOSE_REASON_MAX];
};

int quic_close_get(int fd, union quic_close *u);
/*
 * TQUIC_SOCKOPT_CONNECTION_CLOSE: close now with @code, @app (1: an
 * application error, 0: a TLS alert as CRYPTO_ERROR) and @reason (at
 * most TQUIC_CLOSE_REASON_MAX bytes).
 */
int quic_close_now(int fd, int app, __u64 code, const char *reason);
/*
 * All of it: quic_open() with a made-up ClientHello, quic_handshake(),
 * quic_exchange_params() and quic_complete() on both ends.  Returns the
 * accepted socket or -1.
 */
int quic_connect_pair(int lfd, int cfd, const struct sockaddr *addr,
		      socklen_t addrlen, int timeout_ms);

/*
 * Stream data (or, with TQUIC_STREAM_FLAG_DATAGRAM, a datagram) with a
 * TQUIC_CMSG_STREAM_INFO control message; returns what sendmsg returns.
 */
ssize_t quic_stream_send(int fd, __s64 id, __u32 flags, const void *buf,
			 size_t len, int msg_flags);
/*
 * recvmsg with room for a TQUIC_CMSG_STREAM_INFO control message: *@id
 * and *@flags get it (-1 and 0 without one); *@msg_flags, if not NULL,
 * the message flags.
 */
ssize_t quic_stream_recv(int fd, void *buf, size_t len, __s64 *id,
			 __u32 *flags, int *msg_flags);
/*
 * The same, and *@code gets the error code of a TQUIC_CMSG_STREAM_RESET
 * control message (~0 without one).
 */
ssize_t quic_stream_recv_reset(int fd, void *buf, size_t len, __s64 *id,
			       __u32 *flags, int *msg_flags, __u64 *code);

#endif
