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
 */
struct tquic_io {
	int (*hs_send)(int fd, int level, const void *buf, size_t len);
	ssize_t (*hs_recv)(int fd, void *buf, size_t len, int *level);
	int (*setopt)(int fd, int name, const void *val, socklen_t len);
	int (*getopt)(int fd, int name, void *val, socklen_t *len);
};

/* The real thing: a tquic socket. */
extern const struct tquic_io tquic_sock_io;

/* tquic_client_handshake() and tquic_server_handshake() over @io. */
int tquic_handshake_io(int fd, const struct tquic_handshake_config *cfg,
		       bool server, const struct tquic_io *io);

/* A GnuTLS error code as the errno the API documents. */
int tquic_gnutls_errno(int gerr);

#endif /* _LIBTQUIC_INTERNAL_H */
