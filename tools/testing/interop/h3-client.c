// SPDX-License-Identifier: GPL-2.0
/*
 * h3-client: fetch one https:// URL over HTTP/3 on a tquic socket
 * (libtquic for the handshake, libnghttp3 for HTTP/3) to a file.  With
 * a session file it resumes the session saved there by an earlier run
 * (and saves the next one), and with --early-data sends its request in
 * 0-RTT.  With --migrate it moves to a new local port mid-transfer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#include "h3.h"

#define URL_MAX		1024

enum {
	OPT_SNI = EX_OPT_PROG,
	OPT_VERSION,
	OPT_KEY_UPDATE,
	OPT_SESSION,
	OPT_EARLY,
	OPT_MIGRATE,
};

static const struct option opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "sni", required_argument, NULL, OPT_SNI },
	{ "quic-version", required_argument, NULL, OPT_VERSION },
	{ "key-update", no_argument, NULL, OPT_KEY_UPDATE },
	{ "session-file", required_argument, NULL, OPT_SESSION },
	{ "early-data", no_argument, NULL, OPT_EARLY },
	{ "migrate", required_argument, NULL, OPT_MIGRATE },
	{}
};

static void print_help(FILE *f)
{
	fputs("usage: h3-client [options] https://HOST[:PORT]/PATH\n"
	      "Fetches the URL over HTTP/3 (ALPN h3) on a tquic socket.\n", f);
	fputs(ex_common_help, f);
	fprintf(f,
		"      --sni NAME      server name to send and verify (HOST)\n"
		"  -o, --output FILE   write the body there (stdout)\n"
		"      --quic-version V  QUIC version to offer (0x1; 0x6b3343cf: v2)\n"
		"      --key-update    start a key update once the body flows\n"
		"      --session-file FILE  resume the session saved in FILE (if\n"
		"                      any) and save the server's new one there\n"
		"      --early-data    send the request in 0-RTT when resuming\n"
		"      --migrate BYTES  move to a new local port once BYTES of\n"
		"                      the body came (TQUIC_SOCKOPT_MIGRATE)\n"
		"Exit: 0 ok (status 200), 1 setup, 2 handshake, 3 transfer or\n"
		"another status, 4 kernel lacks a feature\n");
}

/* The URL in pieces; host without brackets. */
struct url {
	char host[256];
	char port[8];
	char authority[300];
	char path[URL_MAX];
};

struct client {
	struct ex *ex;
	const struct url *u;
	struct h3 h;
	bool started;		/* the request went (maybe in 0-RTT) */
	int out;
	char status[8];
	unsigned long long received;
	bool key_update;	/* one is still to be started */
	unsigned long long migrate_at;	/* move after this many bytes (0:
					 * never, or done)
					 */
	bool done;
	int err;
};

static int url_parse(const char *s, struct url *u)
{
	const char *host, *end, *path;
	size_t hlen;

	if (strncmp(s, "https://", 8))
		return -1;
	host = s + 8;
	path = strchr(host, '/');
	if (!path)
		path = host + strlen(host);
	if (*host == '[') {
		end = memchr(host, ']', path - host);
		if (!end)
			return -1;
		hlen = end - host - 1;
		host++;
		end++;
	} else {
		end = memchr(host, ':', path - host) ?: path;
		hlen = end - host;
	}
	if (!hlen || hlen >= sizeof(u->host) ||
	    (size_t)(path - end) > sizeof(u->port) ||
	    strlen(path) >= sizeof(u->path) - 1)
		return -1;
	memcpy(u->host, host, hlen);
	u->host[hlen] = '\0';
	if (*end == ':') {
		memcpy(u->port, end + 1, path - end - 1);
		u->port[path - end - 1] = '\0';
	} else if (end == path) {
		strcpy(u->port, "443");
	} else {
		return -1;
	}
	snprintf(u->authority, sizeof(u->authority), "%.*s",
		 (int)(path - s - 8), s + 8);
	snprintf(u->path, sizeof(u->path), "%s", *path ? path : "/");
	return 0;
}

static int on_header(nghttp3_conn *conn, int64_t sid, int32_t token,
		     nghttp3_rcbuf *name, nghttp3_rcbuf *value, uint8_t flags,
		     void *user, void *stream_user)
{
	struct client *c = user;
	char n[64], v[256];

	h3_rcbuf_str(name, n, sizeof(n));
	h3_rcbuf_str(value, v, sizeof(v));
	if (sid == 0 && !strcmp(n, ":status"))
		h3_rcbuf_str(value, c->status, sizeof(c->status));
	if (c->ex->verbose)
		ex_msg(c->ex, "< %s: %s", n, v);
	return 0;
}

static int on_data(nghttp3_conn *conn, int64_t sid, const uint8_t *data,
		   size_t len, void *user, void *stream_user)
{
	struct client *c = user;
	ssize_t n;

	c->received += len;
	while (len) {
		n = write(c->out, data, len);
		if (n < 0) {
			ex_msg(c->ex, "writing: %s", strerror(errno));
			c->err = EX_SETUP;
			return NGHTTP3_ERR_CALLBACK_FAILURE;
		}
		data += n;
		len -= n;
	}
	return 0;
}

static int on_end_stream(nghttp3_conn *conn, int64_t sid, void *user,
			 void *stream_user)
{
	struct client *c = user;

	if (sid == 0)
		c->done = true;
	return 0;
}

static const nghttp3_callbacks client_cb = {
	.recv_header = on_header,
	.recv_data = on_data,
	.end_stream = on_end_stream,
};

/*
 * Start the key update asked for once the response flows (the handshake
 * is confirmed by then); the kernel may not be ready yet (EAGAIN).
 */
static int key_update(struct ex *ex, int fd, struct client *c)
{
	if (!c->key_update || !c->received)
		return EX_OK;
	if (!setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_KEY_UPDATE, NULL, 0)) {
		c->key_update = false;
		if (ex->verbose)
			ex_msg(ex, "key update started after %llu bytes",
			       c->received);
		return EX_OK;
	}
	if (errno == EAGAIN || errno == ENOTCONN)
		return EX_OK;
	return ex_io_failed(ex, "key update", -errno);
}

static int port_of(const struct sockaddr_storage *a)
{
	return ntohs(a->ss_family == AF_INET ?
		     ((const struct sockaddr_in *)a)->sin_port :
		     ((const struct sockaddr_in6 *)a)->sin6_port);
}

/*
 * Move to a new local port (same address) once the body reached the
 * size asked for; the kernel may have no spare connection ID of the
 * server's yet (EAGAIN): tried again with the next data.
 */
static int migrate(struct ex *ex, int fd, struct client *c)
{
	struct sockaddr_storage a;
	socklen_t alen = sizeof(a);
	int old;

	if (!c->migrate_at || c->received < c->migrate_at)
		return EX_OK;
	if (getsockname(fd, (struct sockaddr *)&a, &alen))
		return ex_io_failed(ex, "getsockname", -errno);
	old = port_of(&a);
	if (a.ss_family == AF_INET)
		((struct sockaddr_in *)&a)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&a)->sin6_port = 0;
	if (setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_MIGRATE, &a, alen))
		return errno == EAGAIN ? EX_OK :
		       ex_io_failed(ex, "migration", -errno);
	c->migrate_at = 0;
	alen = sizeof(a);
	if (getsockname(fd, (struct sockaddr *)&a, &alen))
		return ex_io_failed(ex, "getsockname", -errno);
	ex_msg(ex, "migrated from port %d to port %d after %llu bytes", old,
	       port_of(&a), c->received);
	return EX_OK;
}

/* HTTP/3 up and the request on stream 0 handed to the kernel. */
static int request(struct client *c, int fd)
{
	const struct url *u = c->u;
	const nghttp3_nv nva[] = {
		h3_nv(":method", "GET"),
		h3_nv(":scheme", "https"),
		h3_nv(":authority", u->authority),
		h3_nv(":path", u->path),
		h3_nv("user-agent", "tquic h3-client"),
	};
	struct ex *ex = c->ex;
	int err;

	err = h3_init(&c->h, ex, fd, false, &client_cb, c);
	if (err)
		return err;
	c->started = true;
	err = nghttp3_conn_submit_request(c->h.conn, 0, nva, ARRAY_SIZE(nva),
					  NULL, NULL);
	if (err) {
		ex_msg(ex, "GET: %s", nghttp3_strerror(err));
		return EX_SETUP;
	}
	if (ex->verbose)
		ex_msg(ex, "> GET %s (%s)", u->path, u->authority);
	return h3_flush(&c->h);
}

/* libtquic: the 0-RTT keys are in; the request goes as early data. */
static int early_request(void *arg, int fd)
{
	struct client *c = arg;

	if (c->ex->verbose)
		ex_msg(c->ex, "sending the request in 0-RTT");
	return request(c, fd) ? -EIO : 0;
}

/* The request on stream 0 (unless it went in 0-RTT), the response into
 * c->out.
 */
static int fetch(struct ex *ex, int fd, struct client *c)
{
	struct h3 *h = &c->h;
	int err;

	err = c->started ? h3_flush(h) : request(c, fd);
	while (!err && !c->done && !h->closed) {
		err = h3_read(h);
		if (err == -EAGAIN) {
			ex_msg(ex, "no data for %u ms", ex->hs.timeout_ms);
			err = EX_TRANSFER;
		} else if (!err) {
			err = key_update(ex, fd, c) ?: migrate(ex, fd, c) ?:
			      h3_flush(h);
		}
	}
	if (!err && c->key_update) {
		ex_msg(ex, "the key update never started");
		err = EX_TRANSFER;
	}
	if (!err && c->migrate_at) {
		ex_msg(ex, "the migration never happened");
		err = EX_TRANSFER;
	}
	if (!err && !c->done) {
		ex_msg(ex, "connection closed after %llu bytes", c->received);
		err = EX_TRANSFER;
	}
	h3_close(h, NGHTTP3_H3_NO_ERROR);
	return c->err ?: err;
}

/* A version of ours the server listed in Version Negotiation, or 0. */
static unsigned long vn_pick(struct ex *ex, int fd)
{
	__u32 v[16];
	socklen_t len = sizeof(v);
	unsigned int i;

	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_SERVER_VERSIONS, v, &len))
		return 0;
	for (i = 0; i < len / sizeof(v[0]); i++) {
		if (v[i] == TQUIC_VERSION_V1 || v[i] == TQUIC_VERSION_V2) {
			if (ex->verbose)
				ex_msg(ex, "Version Negotiation: trying 0x%x",
				       v[i]);
			return v[i];
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *sni = NULL, *session = NULL;
	bool early = false;
	unsigned long version = 0;
	char alpn[TQUIC_ALPN_MAX + 1];
	struct sockaddr_storage addr;
	struct client c = { .out = STDOUT_FILENO };
	socklen_t addrlen;
	struct url u;
	struct ex ex;
	int opt, fd, err;
	bool retried = false;

	ex_init(&ex, argv[0], print_help);
	ex.alpn = H3_ALPN;
	while ((opt = ex_getopt(&ex, argc, argv, "o:", opts)) != -1) {
		if (opt == 'o')
			out = optarg;
		else if (opt == OPT_SNI)
			sni = optarg;
		else if (opt == OPT_VERSION)
			version = strtoul(optarg, NULL, 0);
		else if (opt == OPT_KEY_UPDATE)
			c.key_update = true;
		else if (opt == OPT_SESSION)
			session = optarg;
		else if (opt == OPT_EARLY)
			early = true;
		else if (opt == OPT_MIGRATE)
			c.migrate_at = strtoull(optarg, NULL, 0) ?: 1;
	}
	if (argc - optind != 1 || url_parse(argv[optind], &u)) {
		ex_msg(&ex, "need one URL https://HOST[:PORT]/PATH");
		return ex_usage(&ex);
	}
	if (!ex.hs.timeout_ms)
		ex.hs.timeout_ms = 10000;
	ex.hs.server_name = sni ?: u.host;
	c.ex = &ex;
	c.u = &u;
	if (session)
		ex_session_file(&ex, session, early, early_request, &c);
	if (out) {
		c.out = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (c.out < 0) {
			ex_msg(&ex, "%s: %s", out, strerror(errno));
			return EX_SETUP;
		}
	}
	for (;;) {
		fd = h3_socket(&ex, u.host, u.port, &addr, &addrlen);
		if (fd < 0)
			return EX_SETUP;
		if (version && setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_VERSION,
					  &(__u32){ version }, sizeof(__u32))) {
			ex_msg(&ex, "QUIC version 0x%lx: %s", version,
			       strerror(errno));
			return EX_SETUP;
		}
		if (connect(fd, (struct sockaddr *)&addr, addrlen)) {
			ex_msg(&ex, "connect: %s", strerror(errno));
			return EX_SETUP;
		}
		err = tquic_client_handshake(fd, &ex.hs);
		if (err != -EPROTONOSUPPORT || retried)
			break;
		/* Version Negotiation: once more with a version it listed */
		version = vn_pick(&ex, fd);
		close(fd);
		if (!version)
			return ex_handshake_failed(&ex, err);
		retried = true;
	}
	if (err)
		return ex_handshake_failed(&ex, err);
	if (ex_alpn(&ex, fd, alpn, sizeof(alpn)))
		return EX_HANDSHAKE;
	if (ex.verbose)
		ex_msg(&ex, "connected, ALPN %s", alpn);
	ex_early_report(&ex, fd);
	ex_rcvtimeo(fd, ex.hs.timeout_ms);
	err = ex.hs_only ? EX_OK : fetch(&ex, fd, &c);
	if (c.started)
		h3_free(&c.h);
	close(fd);
	if (out && close(c.out) && !err) {
		ex_msg(&ex, "%s: %s", out, strerror(errno));
		err = EX_SETUP;
	}
	if (err || ex.hs_only)
		return err;
	if (ex.verbose)
		ex_msg(&ex, "status %s, received %llu bytes", c.status,
		       c.received);
	if (strcmp(c.status, "200")) {
		ex_msg(&ex, "status %s", c.status[0] ? c.status : "missing");
		return EX_TRANSFER;
	}
	return EX_OK;
}
