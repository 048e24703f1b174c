// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What tquic-client and tquic-server share.
 */
#include <errno.h>
#include <fcntl.h>
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

/* The session file of ex_session_file(): one per process. */
static const char *ex_session_path;
static unsigned char ex_session_buf[TQUIC_SESSION_MAX];

static void ex_session_save(void *arg, const void *data, size_t len)
{
	struct ex *ex = arg;
	int fd = open(ex_session_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		ex_msg(ex, "%s: %s", ex_session_path, strerror(errno));
	else if (ex->verbose)
		ex_msg(ex, "session saved to %s", ex_session_path);
	if (fd >= 0)
		close(fd);
}

void ex_session_file(struct ex *ex, const char *file, bool early,
		     int (*send)(void *arg, int fd), void *arg)
{
	ssize_t n = -1;
	int fd;

	ex_session_path = file;
	ex->hs.flags |= TQUIC_HANDSHAKE_SESSION;
	ex->hs.session_save = ex_session_save;
	ex->hs.session_arg = ex;
	fd = open(file, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, ex_session_buf, sizeof(ex_session_buf));
		close(fd);
	}
	if (n <= 0)
		return;
	ex->hs.session = ex_session_buf;
	ex->hs.session_len = n;
	if (ex->verbose)
		ex_msg(ex, "resuming the session in %s", file);
	if (!early)
		return;
	ex->hs.flags |= TQUIC_HANDSHAKE_EARLY_DATA;
	ex->hs.early_data = send;
	ex->hs.early_arg = arg;
}

int ex_session_server(struct ex *ex)
{
	static unsigned char key[TQUIC_TICKET_KEY_LEN];

	/* Before any worker is forked: one anti-replay table for all */
	if (tquic_ticket_key_generate(key) || tquic_early_data_init()) {
		ex_msg(ex, "no session ticket key or anti-replay table");
		return EX_SETUP;
	}
	ex->hs.flags |= TQUIC_HANDSHAKE_SESSION | TQUIC_HANDSHAKE_EARLY_DATA;
	ex->hs.ticket_key = key;
	return EX_OK;
}

void ex_early_report(struct ex *ex, int fd)
{
	struct tquic_connection_info info = {};
	socklen_t len = sizeof(info);

	if (!(ex->hs.flags & TQUIC_HANDSHAKE_EARLY_DATA) ||
	    getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_INFO, &info,
		       &len))
		return;
	ex_msg(ex, "0-RTT %s (%u packets)",
	       info.early_data == TQUIC_EARLY_ACCEPTED ? "accepted" :
	       info.early_data == TQUIC_EARLY_REJECTED ? "rejected" : "unused",
	       info.early_packets);
}

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
	"      --quic-version V  client: the version to start in; server: the\n"
	"                      one to prefer (0x1: v1, 0x6b3343cf: v2)\n"
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
	{ "quic-version", required_argument, NULL, EX_OPT_VERSION },
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
	case EX_OPT_VERSION:
		ex->version = strtoul(arg, &end, 0);
		if (*end || !*arg || !ex->version) {
			ex_msg(ex, "bad --quic-version: %s", arg);
			exit(EX_SETUP);
		}
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
	if (ex->version &&
	    setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_VERSION, &ex->version,
		       sizeof(ex->version))) {
		ex_msg(ex, "QUIC version %#x: %s", ex->version,
		       strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

void ex_version(struct ex *ex, int fd)
{
	struct tquic_connection_info info;
	socklen_t len = sizeof(info);

	if (!ex->verbose)
		return;
	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_INFO, &info,
		       &len))
		ex_msg(ex, "connection info: %s", strerror(errno));
	else
		ex_msg(ex, "QUIC version 0x%08x", info.version);
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

void ex_report_paths(struct ex *ex, int fd)
{
	static const char * const states[] = {
		"probing", "active", "standby", "failed"
	};
	struct tquic_path_info pi[16];
	socklen_t len = sizeof(pi);
	unsigned int i;

	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATHS, pi, &len))
		return;
	for (i = 0; i < len / sizeof(pi[0]); i++)
		ex_msg(ex, "path %u %s: received %llu bytes, sent %llu, srtt %llu us, cwnd %llu, lost %llu, mtu %u",
		       pi[i].path_id, pi[i].state < ARRAY_SIZE(states) ?
		       states[pi[i].state] : "?",
		       (unsigned long long)pi[i].bytes_received,
		       (unsigned long long)pi[i].bytes_sent,
		       (unsigned long long)pi[i].srtt_us,
		       (unsigned long long)pi[i].cwnd,
		       (unsigned long long)pi[i].packets_lost,
		       pi[i].max_datagram);
}
