// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What tquic-client and tquic-server share.
 */
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include "common.h"

/* The largest DATAGRAM frame the examples accept. */
#define EX_DATAGRAM_MAX	1200

const char ex_common_help[] =
	"  -4, -6              IPv4 or IPv6 only\n"
	"  -a, --alpn LIST     ALPN list, comma-separated (" EX_DEFAULT_ALPN ")\n"
	"      --ca FILE       PEM trust anchors (default: the system's)\n"
	"      --cert FILE     PEM certificate chain\n"
	"      --key FILE      PEM private key\n"
	"  -k, --insecure      do not verify the peer's certificate\n"
	"      --chacha        ChaCha20-Poly1305 only\n"
	"      --priorities S  GnuTLS priority elements to append\n"
	"      --timeout MS    handshake (and idle) time limit (10000)\n"
	"      --handshake-only  close the connection after the handshake\n"
	"  -v, --verbose       the handshake's outcome; twice: each step\n";

static const struct option ex_common_opts[] = {
	{ "alpn", required_argument, NULL, 'a' },
	{ "ca", required_argument, NULL, EX_OPT_CA },
	{ "cert", required_argument, NULL, EX_OPT_CERT },
	{ "key", required_argument, NULL, EX_OPT_KEY },
	{ "insecure", no_argument, NULL, 'k' },
	{ "chacha", no_argument, NULL, EX_OPT_CHACHA },
	{ "priorities", required_argument, NULL, EX_OPT_PRIORITIES },
	{ "timeout", required_argument, NULL, EX_OPT_TIMEOUT },
	{ "handshake-only", no_argument, NULL, EX_OPT_HS_ONLY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
};

#define EX_NOPTS	ARRAY_SIZE(ex_common_opts)

void ex_msg(struct ex *ex, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ex->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void ex_log(void *arg, int prio, const char *msg)
{
	struct ex *ex = arg;

	if (prio <= LOG_ERR || (prio <= LOG_INFO && ex->verbose) ||
	    ex->verbose > 1)
		ex_msg(ex, "%s", msg);
}

void ex_init(struct ex *ex, const char *prog, void (*help)(FILE *f))
{
	const char *slash = strrchr(prog, '/');

	memset(ex, 0, sizeof(*ex));
	ex->prog = slash ? slash + 1 : prog;
	ex->help = help;
	ex->family = AF_UNSPEC;
	ex->alpn = EX_DEFAULT_ALPN;
	ex->hs.log = ex_log;
	ex->hs.log_arg = ex;
}

/* A common option: true when @opt was one (exits on a bad value). */
static bool ex_option(struct ex *ex, int opt, const char *arg)
{
	char *end;

	switch (opt) {
	case '4':
		ex->family = AF_INET;
		break;
	case '6':
		ex->family = AF_INET6;
		break;
	case 'a':
		ex->alpn = arg;
		break;
	case EX_OPT_CA:
		ex->hs.ca_file = arg;
		break;
	case EX_OPT_CERT:
		ex->hs.cert_file = arg;
		break;
	case EX_OPT_KEY:
		ex->hs.key_file = arg;
		break;
	case 'k':
		ex->hs.flags |= TQUIC_HANDSHAKE_INSECURE;
		break;
	case EX_OPT_CHACHA:
		ex->hs.priorities = "-CIPHER-ALL:+CHACHA20-POLY1305";
		break;
	case EX_OPT_PRIORITIES:
		ex->hs.priorities = arg;
		break;
	case EX_OPT_TIMEOUT:
		ex->hs.timeout_ms = strtoul(arg, &end, 10);
		if (*end || !*arg) {
			ex_msg(ex, "bad --timeout: %s", arg);
			exit(EX_SETUP);
		}
		break;
	case 'v':
		ex->verbose++;
		break;
	case EX_OPT_HS_ONLY:
		ex->hs_only = true;
		break;
	case 'h':
		ex->help(stdout);
		exit(EX_OK);
	case '?':
		exit(ex_usage(ex));
	default:
		return false;
	}
	return true;
}

int ex_getopt(struct ex *ex, int argc, char **argv, const char *shortopts,
	      const struct option *opts)
{
	static struct option all[EX_NOPTS + 16];
	static char shorts[64];
	size_t n;
	int c;

	if (!all[0].name) {
		for (n = 0; opts[n].name; n++)
			;
		if (n > ARRAY_SIZE(all) - EX_NOPTS - 1)
			abort();
		memcpy(all, ex_common_opts, sizeof(ex_common_opts));
		memcpy(all + EX_NOPTS, opts, n * sizeof(*opts));
		snprintf(shorts, sizeof(shorts), "%s%s", EX_SHORT_OPTS,
			 shortopts);
	}
	do {
		c = getopt_long(argc, argv, shorts, all, NULL);
	} while (c != -1 && ex_option(ex, c, optarg));
	return c;
}

int ex_usage(struct ex *ex)
{
	ex->help(stderr);
	return EX_SETUP;
}

/* Let the peer send DATAGRAM frames (RFC 9221) of up to EX_DATAGRAM_MAX. */
static int ex_datagrams(int fd)
{
	struct tquic_transport_param tp;
	socklen_t len = sizeof(tp);

	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp, &len))
		return -1;
	if (tp.max_datagram_frame_size)
		return 0;
	tp.max_datagram_frame_size = EX_DATAGRAM_MAX;
	return setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp,
			  sizeof(tp));
}

int ex_socket(struct ex *ex, const char *host, const char *port,
	      struct sockaddr_storage *addr, socklen_t *addrlen)
{
	struct addrinfo hints = {
		.ai_family = ex->family,
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_NUMERICSERV,
	};
	struct addrinfo *ai;
	int fd, err;

	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		ex_msg(ex, "%s port %s: %s", host, port, gai_strerror(err));
		return -1;
	}
	memcpy(addr, ai->ai_addr, ai->ai_addrlen);
	*addrlen = ai->ai_addrlen;
	fd = socket(ai->ai_family, SOCK_DGRAM, IPPROTO_QUIC);
	freeaddrinfo(ai);
	if (fd < 0) {
		ex_msg(ex, "QUIC socket: %s (is tquic.ko loaded?)",
		       strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN, ex->alpn,
		       strlen(ex->alpn))) {
		ex_msg(ex, "ALPN \"%s\": %s", ex->alpn, strerror(errno));
		close(fd);
		return -1;
	}
	if (ex_datagrams(fd)) {
		ex_msg(ex, "transport parameters: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int ex_alpn(struct ex *ex, int fd, char *buf, size_t len)
{
	socklen_t n = len - 1;

	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN, buf, &n)) {
		ex_msg(ex, "reading the ALPN: %s", strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

int ex_handshake_failed(struct ex *ex, int err)
{
	ex_msg(ex, "handshake failed: %s (%s)", tquic_handshake_error(err),
	       strerrorname_np(-err) ?: "?");
	return err == -EOPNOTSUPP ? EX_UNSUPPORTED : EX_HANDSHAKE;
}

int ex_io_failed(struct ex *ex, const char *what, long err)
{
	ex_msg(ex, "%s: %s (%s)", what, strerror(-err),
	       strerrorname_np(-err) ?: "?");
	return err == -EOPNOTSUPP ? EX_UNSUPPORTED : EX_TRANSFER;
}

int ex_send_all(int fd, __s64 stream_id, __u32 flags, const void *buf,
		size_t len)
{
	const char *p = buf;
	ssize_t n;

	/* The kernel may take part: the FIN goes alone, at the end. */
	while (len) {
		n = tquic_stream_send(fd, stream_id,
				      flags & ~TQUIC_STREAM_FLAG_FIN, p, len);
		if (n < 0)
			return n;
		p += n;
		len -= n;
	}
	if (!(flags & TQUIC_STREAM_FLAG_FIN))
		return 0;
	n = tquic_stream_send(fd, stream_id, flags, NULL, 0);
	return n < 0 ? n : 0;
}

void ex_rcvtimeo(int fd, unsigned int ms)
{
	struct timeval tv = {
		.tv_sec = ms / 1000,
		.tv_usec = (ms % 1000) * 1000,
	};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

int ex_listen(struct ex *ex, ex_socket_fn mk, const char *host,
	      const char *port)
{
	char name[NI_MAXHOST], serv[NI_MAXSERV];
	struct sockaddr_storage a;
	socklen_t addrlen;
	int fd;

	fd = mk(ex, host, port, &a, &addrlen);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, addrlen) || listen(fd, 16) ||
	    getsockname(fd, (struct sockaddr *)&a, &addrlen) ||
	    getnameinfo((struct sockaddr *)&a, addrlen, name, sizeof(name),
			serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV)) {
		ex_msg(ex, "listening on %s port %s: %s", host, port,
		       strerror(errno));
		close(fd);
		return -1;
	}
	printf("listening %s %s\n", name, serv);
	fflush(stdout);
	return fd;
}
