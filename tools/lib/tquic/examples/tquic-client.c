// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tquic-client: connect to a tquic-server, run the TLS handshake with
 * libtquic, then fetch the server's file over stream 0 (to a file or
 * stdout), or check that datagrams come back unchanged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

enum {
	OPT_SNI = EX_OPT_PROG,
	OPT_REQUEST,
	OPT_DATAGRAM,
};

static const struct option opts[] = {
	{ "sni", required_argument, NULL, OPT_SNI },
	{ "output", required_argument, NULL, 'o' },
	{ "request", required_argument, NULL, OPT_REQUEST },
	{ "datagram", required_argument, NULL, OPT_DATAGRAM },
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

/* The request on stream 0, the answer from it until its FIN. */
static int fetch(struct ex *ex, int fd, const char *request, const char *out)
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
	snprintf(buf, sizeof(buf), "%s\n", request);
	err = ex_send_all(fd, 0, TQUIC_STREAM_FLAG_FIN, buf, strlen(buf));
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
		if (sid != 0 || (flags & TQUIC_STREAM_FLAG_DATAGRAM))
			continue;
		if (write_all(ofd, buf, n)) {
			ex_msg(ex, "writing: %s", strerror(errno));
			return EX_SETUP;
		}
		total += n;
		if (flags & TQUIC_STREAM_FLAG_FIN)
			break;
	}
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

int main(int argc, char **argv)
{
	const char *sni = NULL, *out = NULL, *request = "GET /";
	unsigned int ndgram = 0;
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
			request = optarg;
			break;
		case OPT_DATAGRAM:
			ndgram = strtoul(optarg, NULL, 10);
			break;
		}
	}
	if (argc - optind != 2)
		return ex_usage(&ex);
	ex.hs.server_name = sni ?: argv[optind];
	fd = ex_socket(&ex, argv[optind], argv[optind + 1], &addr, &addrlen);
	if (fd < 0)
		return EX_SETUP;
	if (connect(fd, (struct sockaddr *)&addr, addrlen)) {
		ex_msg(&ex, "connect: %s", strerror(errno));
		return EX_SETUP;
	}
	err = tquic_client_handshake(fd, &ex.hs);
	if (err)
		return ex_handshake_failed(&ex, err);
	if (ex_alpn(&ex, fd, alpn, sizeof(alpn)))
		return EX_HANDSHAKE;
	if (ex.verbose)
		ex_msg(&ex, "connected, ALPN %s", alpn);
	ex_rcvtimeo(fd, ex.hs.timeout_ms ?: 10000);
	if (ex.hs_only)
		err = EX_OK;
	else if (ndgram)
		err = echo_test(&ex, fd, ndgram);
	else
		err = fetch(&ex, fd, request, out);
	close(fd);
	return err;
}
