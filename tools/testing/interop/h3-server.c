// SPDX-License-Identifier: GPL-2.0
/*
 * h3-server: serve the files of a directory over HTTP/3 (GET and HEAD)
 * on tquic sockets, one connection after the other (libtquic for the
 * handshake, libnghttp3 for HTTP/3).  It issues session tickets (with a
 * key made at start) and takes 0-RTT requests on them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h3.h"

static const struct option opts[] = {
	{ "count", required_argument, NULL, 'n' },
	{ "htdocs", required_argument, NULL, 'd' },
	{ "retry", no_argument, NULL, 'R' },
	{}
};

static void print_help(FILE *f)
{
	fputs("usage: h3-server [options] --cert FILE --key FILE ADDR PORT\n"
	      "Serves the files of a directory over HTTP/3 (ALPN h3).  Prints\n"
	      "\"listening ADDR PORT\" on stdout once it listens (PORT 0: any).\n"
	      "  -R, --retry       send Retry to clients without a token\n",
	      f);
	fputs(ex_common_help, f);
	fprintf(f,
		"  -d, --htdocs DIR    the files to serve (.)\n"
		"  -n, --count N       serve N connections, then exit with the\n"
		"                      first failed one's code\n"
		"Exit: 0 ok, 1 setup, 2 handshake, 3 transfer, 4 kernel lacks a feature\n");
}

/* One request; its file is mapped while the response goes out. */
struct req {
	struct req *next;
	int64_t sid;
	char method[8];
	char path[PATH_MAX];
	void *map;
	size_t len;
	size_t acked;
};

struct server {
	struct ex *ex;
	const char *htdocs;
	struct req *reqs;
	unsigned int served;
};

static int on_begin_headers(nghttp3_conn *conn, int64_t sid, void *user,
			    void *stream_user)
{
	struct server *s = user;
	struct req *r = calloc(1, sizeof(*r));

	if (!r)
		return NGHTTP3_ERR_CALLBACK_FAILURE;
	r->sid = sid;
	r->next = s->reqs;
	s->reqs = r;
	return nghttp3_conn_set_stream_user_data(conn, sid, r);
}

static int on_header(nghttp3_conn *conn, int64_t sid, int32_t token,
		     nghttp3_rcbuf *name, nghttp3_rcbuf *value, uint8_t flags,
		     void *user, void *stream_user)
{
	struct req *r = stream_user;
	char n[16];

	h3_rcbuf_str(name, n, sizeof(n));
	if (!strcmp(n, ":method"))
		h3_rcbuf_str(value, r->method, sizeof(r->method));
	else if (!strcmp(n, ":path"))
		h3_rcbuf_str(value, r->path, sizeof(r->path));
	return 0;
}

static nghttp3_ssize read_body(nghttp3_conn *conn, int64_t sid,
			       nghttp3_vec *vec, size_t veccnt,
			       uint32_t *pflags, void *user, void *stream_user)
{
	struct req *r = stream_user;

	vec[0].base = r->map;
	vec[0].len = r->len;
	*pflags |= NGHTTP3_DATA_FLAG_EOF;
	return 1;
}

static int on_acked(nghttp3_conn *conn, int64_t sid, uint64_t len,
		    void *user, void *stream_user)
{
	struct req *r = stream_user;

	r->acked += len;
	if (r->map && r->acked >= r->len) {
		munmap(r->map, r->len);
		r->map = NULL;
	}
	return 0;
}

/* Map the file @r asks for: an HTTP status. */
static int open_file(struct server *s, struct req *r)
{
	char file[PATH_MAX * 2];
	struct stat st;
	char *q;
	int fd;

	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
		return 405;
	q = strchr(r->path, '?');
	if (q)
		*q = '\0';
	if (r->path[0] != '/' || strstr(r->path, "/.."))
		return 400;
	snprintf(file, sizeof(file), "%s%s%s", s->htdocs, r->path,
		 r->path[strlen(r->path) - 1] == '/' ? "index.html" : "");
	fd = open(file, O_RDONLY);
	if (fd < 0)
		return errno == ENOENT ? 404 : 403;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 403;
	}
	r->len = st.st_size;
	if (r->len && strcmp(r->method, "HEAD")) {
		r->map = mmap(NULL, r->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (r->map == MAP_FAILED) {
			r->map = NULL;
			close(fd);
			return 500;
		}
	}
	close(fd);
	return 200;
}

/* The request is complete: answer it. */
static int on_end_stream(nghttp3_conn *conn, int64_t sid, void *user,
			 void *stream_user)
{
	static const nghttp3_data_reader body = { .read_data = read_body };
	struct server *s = user;
	struct req *r = stream_user;
	char status[4], length[24];
	nghttp3_nv nva[4];
	int code;

	if (!r)
		return NGHTTP3_ERR_CALLBACK_FAILURE;
	code = open_file(s, r);
	snprintf(status, sizeof(status), "%d", code);
	snprintf(length, sizeof(length), "%zu", code == 200 ? r->len : 0);
	if (s->ex->verbose)
		ex_msg(s->ex, "stream %lld: %s %s: %s, %s bytes",
		       (long long)sid, r->method, r->path, status, length);
	nva[0] = h3_nv(":status", status);
	nva[1] = h3_nv("server", "tquic h3-server");
	nva[2] = h3_nv("content-type", "application/octet-stream");
	nva[3] = h3_nv("content-length", length);
	return nghttp3_conn_submit_response(conn, sid, nva, ARRAY_SIZE(nva),
					    r->map ? &body : NULL);
}

static const nghttp3_callbacks server_cb = {
	.acked_stream_data = on_acked,
	.begin_headers = on_begin_headers,
	.recv_header = on_header,
	.end_stream = on_end_stream,
};

static void reqs_free(struct server *s)
{
	struct req *r;

	while (s->reqs) {
		r = s->reqs;
		s->reqs = r->next;
		if (r->map)
			munmap(r->map, r->len);
		free(r);
	}
}

/* One connection: handshake, then requests until the client closes. */
static int serve(struct server *s, int fd)
{
	struct ex *ex = s->ex;
	char alpn[TQUIC_ALPN_MAX + 1];
	struct h3 h;
	int err;

	err = tquic_server_handshake(fd, &ex->hs);
	if (err)
		return ex_handshake_failed(ex, err);
	if (ex_alpn(ex, fd, alpn, sizeof(alpn)))
		return EX_HANDSHAKE;
	if (ex->verbose)
		ex_msg(ex, "connection up, ALPN %s", alpn);
	if (ex->hs_only)
		return EX_OK;
	ex_rcvtimeo(fd, ex->hs.timeout_ms ?: 10000);
	err = h3_init(&h, ex, fd, true, &server_cb, s);
	if (err)
		return err;
	err = h3_flush(&h);
	while (!err && !h.closed) {
		err = h3_read(&h);
		if (err == -EAGAIN) {
			/* A client that went quiet is gone. */
			if (ex->verbose)
				ex_msg(ex, "connection idle, closing");
			h3_close(&h, NGHTTP3_H3_NO_ERROR);
			err = EX_OK;
		} else if (!err) {
			err = h3_flush(&h);
		}
	}
	if (!err && ex->verbose)
		ex_msg(ex, "connection closed");
	h3_free(&h);
	reqs_free(s);
	return err;
}

int main(int argc, char **argv)
{
	struct server s = { .htdocs = "." };
	unsigned long count = 0;
	int opt, lfd, fd, err, worst = 0;
	__u32 retry = 0;
	struct ex ex;

	ex_init(&ex, argv[0], print_help);
	ex.alpn = H3_ALPN;
	s.ex = &ex;
	while ((opt = ex_getopt(&ex, argc, argv, "n:d:R", opts)) != -1) {
		if (opt == 'n')
			count = strtoul(optarg, NULL, 10);
		else if (opt == 'd')
			s.htdocs = optarg;
		else if (opt == 'R')
			retry = 1;
	}
	if (argc - optind != 2 || !ex.hs.cert_file || !ex.hs.key_file)
		return ex_usage(&ex);
	if (ex_session_server(&ex))
		return EX_SETUP;
	lfd = ex_listen(&ex, h3_socket, argv[optind], argv[optind + 1]);
	if (lfd < 0)
		return EX_SETUP;
	if (retry && setsockopt(lfd, SOL_QUIC, TQUIC_SOCKOPT_RETRY, &retry,
				sizeof(retry))) {
		ex_msg(&ex, "TQUIC_SOCKOPT_RETRY: %s", strerror(errno));
		close(lfd);
		return EX_SETUP;
	}
	while (!count || s.served < count) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			ex_msg(&ex, "accept: %s", strerror(errno));
			worst = worst ?: EX_SETUP;
			break;
		}
		s.served++;
		err = serve(&s, fd);
		close(fd);
		worst = worst ?: err;
	}
	close(lfd);
	return worst;
}
