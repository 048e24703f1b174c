/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What tquic-client and tquic-server share: the TLS and socket options,
 * making a QUIC socket, logging, exit codes.
 */
#ifndef _TQUIC_EXAMPLES_COMMON_H
#define _TQUIC_EXAMPLES_COMMON_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "libtquic.h"

/* Exit codes of both programs. */
enum {
	EX_OK,
	EX_SETUP,	/* usage, files, sockets */
	EX_HANDSHAKE,	/* the handshake failed */
	EX_TRANSFER,	/* stream data or datagrams failed or differ */
	EX_UNSUPPORTED,	/* the kernel lacks a feature (EOPNOTSUPP) */
};

#define EX_DEFAULT_ALPN	"tquic-example"

struct ex {
	const char *prog;
	void (*help)(FILE *f);
	int family;
	const char *alpn;
	unsigned int verbose;
	bool hs_only;
	unsigned int version;
	struct tquic_handshake_config hs;
};

/* The options both programs take, for their getopt_long() tables. */
enum {
	EX_OPT_CA = 0x100,
	EX_OPT_CERT,
	EX_OPT_KEY,
	EX_OPT_CHACHA,
	EX_OPT_PRIORITIES,
	EX_OPT_TIMEOUT,
	EX_OPT_HS_ONLY,
	EX_OPT_VERSION,
	EX_OPT_PROG,	/* first value free for a program's own options */
};

#define EX_SHORT_OPTS "46a:kvh"

/* As the kernel's compiler_attributes.h has them. */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((	\
	__format__(printf, a, b)))

/* The help lines of the common options. */
extern const char ex_common_help[];

/* @help prints the program's usage. */
void ex_init(struct ex *ex, const char *prog, void (*help)(FILE *f));
/*
 * getopt_long() over the common options and a program's own @opts
 * (short ones in @shortopts, after EX_SHORT_OPTS): the next option that
 * is not common, or -1.  The common ones go into @ex; --help, unknown
 * options and bad values exit.
 */
int ex_getopt(struct ex *ex, int argc, char **argv, const char *shortopts,
	      const struct option *opts);
/* A QUIC socket for @host @port: *@addr gets the address. */
int ex_socket(struct ex *ex, const char *host, const char *port,
	      struct sockaddr_storage *addr, socklen_t *addrlen);
/* Usage on stderr; returns EX_SETUP. */
int ex_usage(struct ex *ex);
/* Makes a socket for @host/@port, like ex_socket(). */
typedef int (*ex_socket_fn)(struct ex *ex, const char *host,
			    const char *port, struct sockaddr_storage *addr,
			    socklen_t *addrlen);
/*
 * A socket from @mk, bound to @host/@port and listening; prints
 * "listening ADDR PORT" on stdout.  Returns it, or -1 with a message.
 */
int ex_listen(struct ex *ex, ex_socket_fn mk, const char *host,
	      const char *port);
/* The ALPN the handshake left on @fd, into @buf; 0 or -1. */
int ex_alpn(struct ex *ex, int fd, char *buf, size_t len);
/* With -v: the QUIC version the connection on @fd runs. */
void ex_version(struct ex *ex, int fd);
/* Report a failed handshake; returns the exit code. */
int ex_handshake_failed(struct ex *ex, int err);
/* Report a failed stream or datagram call; returns the exit code. */
int ex_io_failed(struct ex *ex, const char *what, long err);
/* Send all of @buf on a stream, then the FIN if @flags has it. */
int ex_send_all(int fd, __s64 stream_id, __u32 flags, const void *buf,
		size_t len);
/* SO_RCVTIMEO of @ms on @fd. */
void ex_rcvtimeo(int fd, unsigned int ms);
/*
 * Client: resume the session saved in @file (if it holds one) and save
 * the server's next one there; with @early, send 0-RTT through @send
 * (called with @arg and the socket once the 0-RTT keys are in).
 */
void ex_session_file(struct ex *ex, const char *file, bool early,
		     int (*send)(void *arg, int fd), void *arg);
/* Server: issue session tickets and take 0-RTT; 0 or EX_SETUP. */
int ex_session_server(struct ex *ex);
/* Log what became of 0-RTT on @fd (if it was tried). */
void ex_early_report(struct ex *ex, int fd);
__printf(2, 3) void ex_msg(struct ex *ex, const char *fmt, ...);

/* -v: what each of @fd's paths carried (TQUIC_SOCKOPT_PATHS) */
void ex_report_paths(struct ex *ex, int fd);

#endif /* _TQUIC_EXAMPLES_COMMON_H */
