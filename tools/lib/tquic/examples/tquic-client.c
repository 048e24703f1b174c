// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tquic-client: connect to a tquic-server, run the TLS handshake with
 * libtquic, then fetch the server's file over stream 0 (to a file or
 * stdout), or check that datagrams come back unchanged.  With a session
 * file it resumes the session an earlier run saved there, and with
 * --early-data sends its request in 0-RTT.  The server's NEW_TOKEN comes
 * as an event (-v says so).  With --path it opens further multipath
 * paths once connected, and -v lists what each path carried at the end.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

enum {
	OPT_SNI = EX_OPT_PROG,
	OPT_REQUEST,
	OPT_DATAGRAM,
	OPT_SESSION,
	OPT_EARLY,
	OPT_PATH,
	OPT_BACKUP_PATH,
	OPT_PROGRESS,
};

/* Further paths asked for with --path / --backup-path */
#define MAX_PATHS	7

struct path_arg {
	const char *spec;
	bool backup;
};

static const struct option opts[] = {
	{ "sni", required_argument, NULL, OPT_SNI },
	{ "output", required_argument, NULL, 'o' },
	{ "request", required_argument, NULL, OPT_REQUEST },
	{ "datagram", required_argument, NULL, OPT_DATAGRAM },
	{ "session-file", required_argument, NULL, OPT_SESSION },
	{ "early-data", no_argument, NULL, OPT_EARLY },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "backup-path", required_argument, NULL, OPT_BACKUP_PATH },
	{ "progress", required_argument, NULL, OPT_PROGRESS },
	{}
};

static void print_help(FILE *f)
{
	fputs("usage: tquic-client [options] HOST PORT\n"
	      "Fetches the file a tquic-server serves (stream 0).\n", f);
	fputs(ex_common_help, f);
	fprintf(f,
		"      --sni NAME      server name to send and verify (HOST)\n"
		"  -o, --output FILE   write the file there (stdout)\n"
		"      --request LINE  request line to send (GET /)\n"
		"      --datagram N    instead: N datagrams, each echoed back\n"
		"      --session-file FILE  resume the session saved in FILE (if\n"
		"                      any) and save the server's new one there\n"
		"      --early-data    send the request in 0-RTT when resuming\n"
		"      --path LOCAL,REMOTE  once connected, open a further path\n"
		"                      (multipath) from address LOCAL to REMOTE\n"
		"                      (the server's port); up to 7\n"
		"      --backup-path LOCAL,REMOTE  the same, a backup path\n"
		"      --progress MS   report the bytes received every MS ms\n"
		"                      of the fetch (and the UDP bytes each\n"
		"                      path received), then when the first\n"
		"                      byte came and the longest wait between\n"
		"                      two reads after it\n"
		"Exit: 0 ok, 1 setup, 2 handshake, 3 transfer, 4 kernel lacks a feature\n");
}

static int write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* An event of the @n bytes at @buf: -v names a NEW_TOKEN's length. */
static void event(struct ex *ex, const void *buf, ssize_t n)
{
	struct tquic_event ev = {};

	memcpy(&ev, buf, n < (ssize_t)sizeof(ev) ? n : (ssize_t)sizeof(ev));
	if (ex->verbose && ev.type == TQUIC_EVENT_NEW_TOKEN)
		ex_msg(ex, "NEW_TOKEN event: %u bytes",
		       ev.info.new_token.token_len);
}

/* The request line on stream 0, with its FIN. */
struct request {
	struct ex *ex;
	const char *line;
	bool sent;
};

static int send_request(struct request *r, int fd)
{
	char buf[1024];
	int err;

	snprintf(buf, sizeof(buf), "%s\n", r->line);
	err = ex_send_all(fd, 0, TQUIC_STREAM_FLAG_FIN, buf, strlen(buf));
	r->sent = !err;
	return err;
}

/* libtquic: the 0-RTT keys are in; the request goes as early data. */
static int early_request(void *arg, int fd)
{
	struct request *r = arg;

	if (r->ex->verbose)
		ex_msg(r->ex, "sending the request in 0-RTT");
	return send_request(r, fd);
}

/* --progress: the fetch's clock, in ms since it began */
struct progress {
	unsigned int every;	/* report period, ms; 0: no reports */
	struct timespec t0;
	unsigned long long next;	/* ms of the next report */
	unsigned long long first;	/* ms of the first byte; 0: none yet */
	unsigned long long last;	/* ms of the latest read */
	unsigned long long gap;		/* longest time between two reads */
	unsigned long long gap_at;	/* when it began */
};

static unsigned long long progress_ms(const struct progress *p)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ((long long)(t.tv_sec - p->t0.tv_sec) * 1000000000LL +
		t.tv_nsec - p->t0.tv_nsec) / 1000000;
}

/* ", path N: B" for each path of @fd: the UDP bytes it received */
static void progress_paths(int fd, char *buf, size_t size)
{
	struct tquic_path_info pi[8];
	socklen_t len = sizeof(pi);
	size_t used = 0;
	unsigned int i;

	buf[0] = 0;
	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATHS, pi, &len))
		return;
	for (i = 0; i < len / sizeof(pi[0]) && used < size; i++)
		used += snprintf(buf + used, size - used, ", path %u: %llu",
				 pi[i].path_id,
				 (unsigned long long)pi[i].bytes_received);
}

/* @total bytes have arrived: report each period that ended (with what
 * each path of @fd received), and time the wait since the previous read
 */
static void progress_note(struct ex *ex, struct progress *p, int fd,
			  unsigned long long total)
{
	unsigned long long now;
	char paths[256];

	if (!p->every)
		return;
	now = progress_ms(p);
	if (!p->first)
		p->first = now ? : 1;
	else if (now - p->last > p->gap) {
		p->gap = now - p->last;
		p->gap_at = p->last;
	}
	p->last = now;
	if (now < p->next)
		return;
	progress_paths(fd, paths, sizeof(paths));
	while (now >= p->next) {
		ex_msg(ex, "progress %llu ms %llu bytes%s", p->next, total,
		       paths);
		p->next += p->every;
	}
}

/* The request on stream 0 (unless it went in 0-RTT), the answer from it
 * until its FIN.
 */
static int fetch(struct ex *ex, int fd, struct request *r, const char *out,
		 struct progress *p)
{
	static char buf[65536];
	unsigned long long total = 0;
	int ofd = STDOUT_FILENO, err;
	__s64 sid;
	__u32 flags;
	ssize_t n;

	if (out) {
		ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (ofd < 0) {
			ex_msg(ex, "%s: %s", out, strerror(errno));
			return EX_SETUP;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->next = p->every;
	err = r->sent ? 0 : send_request(r, fd);
	if (err)
		return ex_io_failed(ex, "sending the request", err);
	for (;;) {
		n = tquic_stream_recv(fd, buf, sizeof(buf), &sid, &flags);
		if (n < 0)
			return ex_io_failed(ex, "receiving", n);
		if (!n && sid < 0) {
			ex_msg(ex, "connection closed after %llu bytes", total);
			return EX_TRANSFER;
		}
		if (flags & TQUIC_STREAM_RECV_EVENT) {
			event(ex, buf, n);
			continue;
		}
		if (sid != 0 || (flags & TQUIC_STREAM_FLAG_DATAGRAM))
			continue;
		if (write_all(ofd, buf, n)) {
			ex_msg(ex, "writing: %s", strerror(errno));
			return EX_SETUP;
		}
		total += n;
		progress_note(ex, p, fd, total);
		if (flags & TQUIC_STREAM_FLAG_FIN)
			break;
	}
	if (p->every)
		ex_msg(ex, "progress end %llu ms %llu bytes, first byte at %llu ms, longest gap %llu ms from %llu ms",
		       progress_ms(p), total, p->first, p->gap, p->gap_at);
	if (out && close(ofd)) {
		ex_msg(ex, "%s: %s", out, strerror(errno));
		return EX_SETUP;
	}
	if (ex->verbose)
		ex_msg(ex, "received %llu bytes", total);
	return EX_OK;
}

/* @count datagrams of varying size, each must come back as sent. */
static int echo_test(struct ex *ex, int fd, unsigned int count)
{
	unsigned char out[1024], in[2048];
	unsigned int i, j;
	__s64 sid;
	__u32 flags;
	ssize_t n;
	size_t len;

	for (i = 0; i < count; i++) {
		len = 16 + (i * 97) % (sizeof(out) - 16);
		for (j = 0; j < len; j++)
			out[j] = (unsigned char)(i * 31 + j);
		n = tquic_stream_send(fd, 0, TQUIC_STREAM_FLAG_DATAGRAM, out,
				      len);
		if (n < 0)
			return ex_io_failed(ex, "sending a datagram", n);
		do {
			n = tquic_stream_recv(fd, in, sizeof(in), &sid, &flags);
			if (n < 0)
				return ex_io_failed(ex, "receiving", n);
			if (!n && sid < 0) {
				ex_msg(ex, "connection closed");
				return EX_TRANSFER;
			}
		} while (!(flags & TQUIC_STREAM_FLAG_DATAGRAM));
		if ((size_t)n != len || memcmp(in, out, len)) {
			ex_msg(ex, "datagram %u came back different (%zd bytes, sent %zu)",
			       i, n, len);
			return EX_TRANSFER;
		}
	}
	if (ex->verbose)
		ex_msg(ex, "%u datagrams echoed", count);
	return EX_OK;
}

/*
 * --handshake-only: the server may still be completing (checking our
 * certificate) when ours completes; closing now would end its handshake
 * early.  Wait for the server to close (it does once it completed) or
 * for the receive timeout.
 */
static int hs_only_wait(int fd)
{
	char buf[256];
	__s64 sid;
	__u32 flags;

	while (tquic_stream_recv(fd, buf, sizeof(buf), &sid, &flags) > 0)
		;
	return EX_OK;
}

/* "LOCAL,REMOTE" into a path request to the server's @port. */
static int path_req(const char *spec, int family, unsigned short port,
		    struct tquic_path_req *req)
{
	char local[INET6_ADDRSTRLEN], *comma;
	struct sockaddr_in6 *l6 = (void *)&req->local, *p6 = (void *)&req->peer;
	struct sockaddr_in *l4 = (void *)&req->local, *p4 = (void *)&req->peer;
	int ok;

	comma = strchr(spec, ',');
	if (!comma || comma - spec >= (long)sizeof(local))
		return -1;
	memcpy(local, spec, comma - spec);
	local[comma - spec] = 0;
	if (family == AF_INET) {
		l4->sin_family = AF_INET;
		p4->sin_family = AF_INET;
		p4->sin_port = htons(port);
		ok = inet_pton(AF_INET, local, &l4->sin_addr) == 1 &&
		     inet_pton(AF_INET, comma + 1, &p4->sin_addr) == 1;
	} else {
		l6->sin6_family = AF_INET6;
		p6->sin6_family = AF_INET6;
		p6->sin6_port = htons(port);
		ok = inet_pton(AF_INET6, local, &l6->sin6_addr) == 1 &&
		     inet_pton(AF_INET6, comma + 1, &p6->sin6_addr) == 1;
	}
	return ok ? 0 : -1;
}

/*
 * Open the paths of --path: the path IDs' connection IDs come with the
 * server's HANDSHAKE_DONE, so EAGAIN and ENOTCONN are tried again for a
 * while.
 */
static int open_paths(struct ex *ex, int fd, const struct path_arg *pa,
		      unsigned int n)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	struct tquic_path_req req;
	unsigned int i, tries;
	int err;

	if (getpeername(fd, (struct sockaddr *)&peer, &len))
		return ex_io_failed(ex, "getpeername", -errno);
	for (i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		if (path_req(pa[i].spec, peer.ss_family,
			     ntohs(((struct sockaddr_in *)&peer)->sin_port),
			     &req)) {
			ex_msg(ex, "bad --path %s (LOCAL,REMOTE of the %s)",
			       pa[i].spec, "connection's address family");
			return EX_SETUP;
		}
		req.flags = pa[i].backup ? TQUIC_PATH_F_BACKUP : 0;
		for (tries = 0; tries < 300; tries++) {
			err = setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_PATH_ADD,
					 &req, sizeof(req)) ? errno : 0;
			if (err != EAGAIN && err != ENOTCONN)
				break;
			usleep(10000);
		}
		if (err) {
			ex_msg(ex, "path %s: %s", pa[i].spec, strerror(err));
			return err == EOPNOTSUPP ? EX_UNSUPPORTED : EX_SETUP;
		}
		if (ex->verbose)
			ex_msg(ex, "path %s opened%s", pa[i].spec,
			       pa[i].backup ? " (backup)" : "");
	}
	return EX_OK;
}

int main(int argc, char **argv)
{
	const char *sni = NULL, *out = NULL, *session = NULL;
	struct request req = { .line = "GET /" };
	struct path_arg pa[MAX_PATHS];
	struct progress prog = {};
	unsigned int ndgram = 0, npath = 0;
	bool early = false;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char alpn[TQUIC_ALPN_MAX + 1];
	struct ex ex;
	int c, fd, err;

	ex_init(&ex, argv[0], print_help);
	while ((c = ex_getopt(&ex, argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case OPT_SNI:
			sni = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case OPT_REQUEST:
			req.line = optarg;
			break;
		case OPT_SESSION:
			session = optarg;
			break;
		case OPT_EARLY:
			early = true;
			break;
		case OPT_DATAGRAM:
			ndgram = strtoul(optarg, NULL, 10);
			break;
		case OPT_PATH:
		case OPT_BACKUP_PATH:
			if (npath == MAX_PATHS)
				return ex_usage(&ex);
			pa[npath].spec = optarg;
			pa[npath++].backup = c == OPT_BACKUP_PATH;
			break;
		case OPT_PROGRESS:
			prog.every = strtoul(optarg, NULL, 10);
			break;
		}
	}
	if (argc - optind != 2)
		return ex_usage(&ex);
	ex.hs.server_name = sni ?: argv[optind];
	req.ex = &ex;
	if (session)
		ex_session_file(&ex, session, early && !ndgram, early_request,
				&req);
	fd = ex_socket(&ex, argv[optind], argv[optind + 1], &addr, &addrlen);
	if (fd < 0)
		return EX_SETUP;
	if (connect(fd, (struct sockaddr *)&addr, addrlen)) {
		ex_msg(&ex, "connect: %s", strerror(errno));
		return EX_SETUP;
	}
	/* It comes after the handshake: ask for it now, before it can. */
	err = tquic_event_set(fd, TQUIC_EVENT_NEW_TOKEN, 1);
	if (err && ex.verbose)
		ex_msg(&ex, "no NEW_TOKEN event: %s", strerror(-err));
	err = tquic_client_handshake(fd, &ex.hs);
	if (err)
		return ex_handshake_failed(&ex, err);
	if (ex_alpn(&ex, fd, alpn, sizeof(alpn)))
		return EX_HANDSHAKE;
	if (ex.verbose)
		ex_msg(&ex, "connected, ALPN %s", alpn);
	ex_early_report(&ex, fd);
	ex_version(&ex, fd);
	ex_rcvtimeo(fd, ex.hs.timeout_ms ?: 10000);
	err = open_paths(&ex, fd, pa, npath);
	if (err) {
		close(fd);
		return err;
	}
	if (ex.hs_only)
		err = hs_only_wait(fd);
	else if (ndgram)
		err = echo_test(&ex, fd, ndgram);
	else
		err = fetch(&ex, fd, &req, out, &prog);
	if (ex.verbose && npath)
		ex_report_paths(&ex, fd);
	close(fd);
	return err;
}
