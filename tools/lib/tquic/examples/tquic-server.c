// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tquic-server: accept tquic connections, run each one's TLS handshake
 * with libtquic in a child process, then answer every request line (a
 * bidirectional stream's data up to a newline or its FIN) with FILE on
 * that stream, and echo datagrams.  It issues session tickets and takes
 * 0-RTT requests on them (one anti-replay table for all its children).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define REQ_MAX		1024
#define REQ_SLOTS	16

static const struct option opts[] = {
	{ "count", required_argument, NULL, 'n' },
	{}
};

static void print_help(FILE *f)
{
	fputs("usage: tquic-server [options] --cert FILE --key FILE ADDR PORT [FILE]\n"
	      "Serves FILE on each request stream; echoes datagrams.  Prints\n"
	      "\"listening ADDR PORT\" on stdout once it listens (PORT 0: any).\n",
	      f);
	fputs(ex_common_help, f);
	fprintf(f,
		"  -n, --count N       serve N connections, then exit with the\n"
		"                      first failed one's code\n"
		"      --ca FILE       here: require client certificates it signed\n"
		"Exit: 0 ok, 1 setup, 2 handshake, 3 transfer, 4 kernel lacks a feature\n");
}

/* A stream's request line; @answered once FILE went out on it. */
struct request {
	__s64 sid;
	size_t len;
	bool answered;
	char line[REQ_MAX];
};

/* FILE (or a note that there is none) on stream @sid, then its FIN. */
static int respond(struct ex *ex, int fd, __s64 sid, const char *file)
{
	static char buf[65536];
	static const char none[] = "no file to serve\n";
	int ffd, err = 0;
	ssize_t n;

	if (!file) {
		err = ex_send_all(fd, sid, TQUIC_STREAM_FLAG_FIN, none,
				  sizeof(none) - 1);
		return err ? ex_io_failed(ex, "sending", err) : EX_OK;
	}
	ffd = open(file, O_RDONLY);
	if (ffd < 0) {
		ex_msg(ex, "%s: %s", file, strerror(errno));
		return EX_SETUP;
	}
	while (!err && (n = read(ffd, buf, sizeof(buf))) > 0)
		err = ex_send_all(fd, sid, 0, buf, n);
	close(ffd);
	if (!err)
		err = ex_send_all(fd, sid, TQUIC_STREAM_FLAG_FIN, NULL, 0);
	return err ? ex_io_failed(ex, "sending", err) : EX_OK;
}

/*
 * Add stream data to its request: true when the line just completed
 * (a newline, the stream's FIN, or REQ_MAX bytes).  What follows on an
 * answered stream is ignored; its FIN frees the slot.
 */
static bool request_add(struct request *req, __s64 sid, const char *data,
			size_t len, bool fin)
{
	struct request *r, *free_slot = NULL;
	bool complete;

	for (r = req; r < req + REQ_SLOTS; r++) {
		if (r->sid == sid)
			break;
		if (r->sid < 0 && !free_slot)
			free_slot = r;
	}
	if (r == req + REQ_SLOTS) {
		r = free_slot;
		if (!r)
			return false;
		r->sid = sid;
		r->len = 0;
		r->answered = false;
	}
	if (r->answered) {
		if (fin)
			r->sid = -1;
		return false;
	}
	if (len > REQ_MAX - 1 - r->len)
		len = REQ_MAX - 1 - r->len;
	memcpy(r->line + r->len, data, len);
	r->len += len;
	r->line[r->len] = '\0';
	complete = fin || strchr(r->line, '\n') || r->len == REQ_MAX - 1;
	if (complete)
		r->answered = true;
	if (fin)
		r->sid = -1;
	return complete;
}

/* One connection: handshake, then requests and datagrams until it ends. */
static int serve(struct ex *ex, int fd, const char *file)
{
	static char buf[65536];
	struct request req[REQ_SLOTS];
	char alpn[TQUIC_ALPN_MAX + 1];
	int err, i;
	__s64 sid;
	__u32 flags;
	ssize_t n;

	err = tquic_server_handshake(fd, &ex->hs);
	if (err)
		return ex_handshake_failed(ex, err);
	if (ex_alpn(ex, fd, alpn, sizeof(alpn)))
		return EX_HANDSHAKE;
	if (ex->verbose)
		ex_msg(ex, "connection up, ALPN %s", alpn);
	ex_version(ex, fd);
	if (ex->hs_only)
		return EX_OK;
	for (i = 0; i < REQ_SLOTS; i++)
		req[i].sid = -1;
	/* A peer that went quiet is gone. */
	ex_rcvtimeo(fd, ex->hs.timeout_ms ?: 10000);
	for (;;) {
		n = tquic_stream_recv(fd, buf, sizeof(buf), &sid, &flags);
		if ((!n && sid < 0) || n == -ECONNRESET || n == -EAGAIN) {
			if (ex->verbose)
				ex_msg(ex, "connection %s", n ? "idle, closing" :
				       "closed");
			if (ex->verbose > 1)
				ex_report_paths(ex, fd);
			return EX_OK;
		}
		if (n < 0)
			return ex_io_failed(ex, "receiving", n);
		if (flags & TQUIC_STREAM_FLAG_DATAGRAM) {
			n = tquic_stream_send(fd, 0, TQUIC_STREAM_FLAG_DATAGRAM,
					      buf, n);
			if (n < 0)
				return ex_io_failed(ex, "echoing a datagram",
						    n);
			continue;
		}
		if (!request_add(req, sid, buf, n,
				 flags & TQUIC_STREAM_FLAG_FIN))
			continue;
		err = respond(ex, fd, sid, file);
		if (err)
			return err;
	}
}

/* Reap children; *@worst keeps the first failure's exit code. */
static void reap(int *worst, int wait_flags)
{
	int status, code;

	while (waitpid(-1, &status, wait_flags) > 0) {
		code = WIFEXITED(status) ? WEXITSTATUS(status) : EX_SETUP;
		if (!*worst)
			*worst = code;
	}
}

int main(int argc, char **argv)
{
	unsigned long count = 0, served = 0;
	const char *file;
	int c, lfd, fd, worst = 0;
	struct ex ex;
	pid_t pid;

	ex_init(&ex, argv[0], print_help);
	while ((c = ex_getopt(&ex, argc, argv, "n:", opts)) != -1) {
		switch (c) {
		case 'n':
			count = strtoul(optarg, NULL, 10);
			break;
		}
	}
	if (argc - optind < 2 || argc - optind > 3 || !ex.hs.cert_file ||
	    !ex.hs.key_file)
		return ex_usage(&ex);
	file = argv[optind + 2];
	if (ex_session_server(&ex))
		return EX_SETUP;
	lfd = ex_listen(&ex, ex_socket, argv[optind], argv[optind + 1]);
	if (lfd < 0)
		return EX_SETUP;
	while (!count || served < count) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			ex_msg(&ex, "accept: %s", strerror(errno));
			worst = worst ?: EX_SETUP;
			break;
		}
		served++;
		pid = fork();
		if (!pid) {
			close(lfd);
			exit(serve(&ex, fd, file));
		}
		close(fd);
		if (pid < 0) {
			ex_msg(&ex, "fork: %s", strerror(errno));
			worst = worst ?: EX_SETUP;
			break;
		}
		reap(&worst, WNOHANG);
	}
	close(lfd);
	reap(&worst, 0);
	return worst;
}
