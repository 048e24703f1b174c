/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libtquic internals: the kernel interface as a table of operations (so
 * the handshake logic can also run against a stand-in for the kernel in
 * the library's own tests), and the helpers the files share.
 */
#ifndef _LIBTQUIC_INTERNAL_H
#define _LIBTQUIC_INTERNAL_H

#include <stdbool.h>
#include <sys/socket.h>

#include "libtquic.h"

/* Levels with handshake data; TQUIC_CRYPTO_EARLY only has secrets. */
#define TQUIC_LEVELS	(TQUIC_CRYPTO_APP + 1)

/* As the kernel's compiler_attributes.h has them. */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((	\
	__format__(printf, a, b)))

/**
 * struct tquic_io - what the handshake needs of the kernel
 * @hs_send: queue handshake bytes of @level; 0 or a negative errno
 * @hs_recv: take handshake bytes without waiting; the count (and
 *	*@level), -EAGAIN when there are none, 0 once the connection
 *	closed, or a negative errno
 * @setopt: setsockopt() at SOL_QUIC; 0 or a negative errno
 * @getopt: getsockopt() at SOL_QUIC; 0 or a negative errno
 * @ticket_recv: client, after the handshake: wait up to @timeout_ms for
 *	the server's post-handshake TLS messages (TQUIC_SOCKOPT_SESSION_TICKET)
 *	and take them; the count, -ETIMEDOUT, -ECONNRESET once the
 *	connection closed, or a negative errno
 */
struct tquic_io {
	int (*hs_send)(int fd, int level, const void *buf, size_t len);
	ssize_t (*hs_recv)(int fd, void *buf, size_t len, int *level);
	int (*setopt)(int fd, int name, const void *val, socklen_t len);
	int (*getopt)(int fd, int name, void *val, socklen_t *len);
	ssize_t (*ticket_recv)(int fd, void *buf, size_t len, int timeout_ms);
};

/* The real thing: a tquic socket. */
extern const struct tquic_io tquic_sock_io;

/* tquic_client_handshake() and tquic_server_handshake() over @io. */
int tquic_handshake_io(int fd, const struct tquic_handshake_config *cfg,
		       bool server, const struct tquic_io *io);

/**
 * struct tquic_session_parts - a saved session, taken apart (session.c)
 * @tp: the server's transport parameters extension of that connection
 * @tp_len: its length
 * @tls: the TLS session data (gnutls_session_get_data2())
 * @tls_len: its length
 */
struct tquic_session_parts {
	const unsigned char *tp;
	size_t tp_len;
	const unsigned char *tls;
	size_t tls_len;
};

/* 0, or -EINVAL for what no session_save() gave. */
int tquic_session_parse(const void *data, size_t len,
			struct tquic_session_parts *out);
/* Into @buf of *@len bytes; *@len set; 0 or -EMSGSIZE. */
int tquic_session_pack(const struct tquic_session_parts *in,
		       unsigned char *buf, size_t *len);
/* The process's gnutls_anti_replay_t for 0-RTT, or NULL. */
void *tquic_anti_replay(void);

/* A GnuTLS error code as the errno the API documents. */
int tquic_gnutls_errno(int gerr);

#endif /* _LIBTQUIC_INTERNAL_H */
