// SPDX-License-Identifier: GPL-2.0
/*
 * bench-xfer: one bulk transfer from a server to a client over TCP,
 * TCP with kTLS (TLS 1.3, AES-128-GCM, fixed test keys) or tquic (TLS
 * 1.3 handshake with libtquic, AES-128-GCM), for tools/testing/bench/quic.
 *
 *   bench-xfer -s -m MODE [-c CERT -k KEY] [-b SNDBUF] ADDR PORT FILE
 *   bench-xfer -m MODE -l BYTES [-t SECS] [-o OUT] [-p FIFO] [-C CA -n NAME]
 *              ADDR PORT
 *
 * The server reads FILE into memory, accepts one connection and sends
 * it (on stream 0 after the client's request, for tquic).  The client
 * receives into memory, 128 KiB per call, and prints
 *   MODE bytes N seconds S mbps M complete|capped
 * where the clock runs from the first byte asked for (after the TLS
 * handshake) to the end of the data, or stops at the -t cap.  -o writes
 * what arrived to OUT afterwards, outside the clock, for a checksum.
 * -p writes "enable" to FIFO as the clock starts and "disable" as it
 * stops: a perf record --control fifo:FIFO -D -1 then profiles the
 * transfer only, not the buffer's page faults or the output file.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <linux/tls.h>

#include "libtquic.h"

#define CHUNK		(128 * 1024)
#define ALPN		"bench"
#define AES128_ONLY	"-CIPHER-ALL:+AES-128-GCM"
#define SERVER_WAIT_MS	30000

enum mode { MODE_TCP, MODE_KTLS, MODE_QUIC };

static const char * const mode_names[] = { "tcp", "ktls", "quic" };

struct opts {
	bool server;
	enum mode mode;
	const char *addr, *port, *file, *out;
	const char *cert, *key, *ca, *name, *perf_ctl;
	size_t len;
	double cap;
	int sndbuf;
};

static void die(const char *what)
{
	fprintf(stderr, "bench-xfer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void die_err(const char *what, long err)
{
	fprintf(stderr, "bench-xfer: %s: %s\n", what, strerror(-err));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void hs_log(void *arg, int prio, const char *msg)
{
	(void)arg;
	if (prio <= LOG_INFO)
		fprintf(stderr, "bench-xfer: tls: %s\n", msg);
}

/* The same key, IV, salt and sequence number on both ends. */
static void ktls_set(int fd, int dir)
{
	struct tls12_crypto_info_aes_gcm_128 ci = {
		.info.version = TLS_1_3_VERSION,
		.info.cipher_type = TLS_CIPHER_AES_GCM_128,
	};
	static const char ulp[] = "tls";

	memset(ci.key, 0x4b, sizeof(ci.key));
	memset(ci.iv, 0x49, sizeof(ci.iv));
	memset(ci.salt, 0x53, sizeof(ci.salt));
	if (setsockopt(fd, IPPROTO_TCP, TCP_ULP, ulp, sizeof(ulp)))
		die("TCP_ULP tls (is tls.ko there?)");
	if (setsockopt(fd, SOL_TLS, dir, &ci, sizeof(ci)))
		die(dir == TLS_TX ? "TLS_TX" : "TLS_RX");
}

static int make_socket(const struct opts *o, struct sockaddr_storage *sa,
		       socklen_t *salen)
{
	struct addrinfo hints = {
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
		.ai_socktype = o->mode == MODE_QUIC ? SOCK_DGRAM : SOCK_STREAM,
	};
	struct addrinfo *ai;
	int fd, one = 1;

	if (getaddrinfo(o->addr, o->port, &hints, &ai)) {
		fprintf(stderr, "bench-xfer: bad address %s %s\n", o->addr,
			o->port);
		exit(1);
	}
	memcpy(sa, ai->ai_addr, ai->ai_addrlen);
	*salen = ai->ai_addrlen;
	fd = socket(ai->ai_family, ai->ai_socktype,
		    o->mode == MODE_QUIC ? IPPROTO_QUIC : IPPROTO_TCP);
	freeaddrinfo(ai);
	if (fd < 0)
		die("socket");
	if (o->mode == MODE_QUIC &&
	    setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_ALPN, ALPN, strlen(ALPN)))
		die("TQUIC_SOCKOPT_ALPN");
	if (o->mode != MODE_QUIC)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return fd;
}

static void set_rcvtimeo(int fd, unsigned int ms)
{
	struct timeval tv = {
		.tv_sec = ms / 1000,
		.tv_usec = (ms % 1000) * 1000,
	};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	void *p;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		die(path);
	*len = st.st_size;
	p = mmap(NULL, *len ?: 1, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd,
		 0);
	if (p == MAP_FAILED)
		die("mmap");
	close(fd);
	return p;
}

/*
 * kTLS keys, or the tquic handshake (AES-128-GCM only); nothing for TCP.
 * A client checks the server's certificate when it has a CA (-C).
 */
static int secure(const struct opts *o, int fd)
{
	struct tquic_handshake_config hs = {
		.priorities = AES128_ONLY,
		.log = hs_log,
	};
	int err;

	if (o->mode == MODE_KTLS)
		ktls_set(fd, o->server ? TLS_TX : TLS_RX);
	if (o->mode != MODE_QUIC)
		return 0;
	if (o->server) {
		hs.cert_file = o->cert;
		hs.key_file = o->key;
		err = tquic_server_handshake(fd, &hs);
	} else {
		hs.ca_file = o->ca;
		hs.server_name = o->name;
		hs.flags = o->ca ? 0 : TQUIC_HANDSHAKE_INSECURE;
		err = tquic_client_handshake(fd, &hs);
	}
	if (err)
		fprintf(stderr, "bench-xfer: handshake: %s\n",
			tquic_handshake_error(err));
	return err;
}

/* Wait for the client's request line on stream 0 (up to its FIN). */
static void quic_request(int fd)
{
	char buf[256];
	__u32 flags;
	__s64 sid;
	ssize_t n;

	do {
		n = tquic_stream_recv(fd, buf, sizeof(buf), &sid, &flags);
		if (n < 0)
			die_err("receiving the request", n);
		if (!n && sid < 0) {
			fprintf(stderr, "bench-xfer: closed before a request\n");
			exit(1);
		}
	} while (sid != 0 || !(flags & TQUIC_STREAM_FLAG_FIN));
}

/* Until the client closes the connection (or a time limit passes). */
static void quic_drain(int fd)
{
	char buf[256];
	__u32 flags;
	__s64 sid;
	ssize_t n;

	set_rcvtimeo(fd, SERVER_WAIT_MS);
	do {
		n = tquic_stream_recv(fd, buf, sizeof(buf), &sid, &flags);
	} while (n > 0 || (!n && sid >= 0));
}

/* The sender's congestion state, "quic WHEN cwnd ..." on stdout. */
static void quic_report(int fd, const char *when)
{
	struct tquic_connection_info ci;
	socklen_t len = sizeof(ci);

	memset(&ci, 0, sizeof(ci));
	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_INFO, &ci, &len))
		return;
	printf("quic %s: cwnd %llu ssthresh %llu in_flight %llu srtt_us %llu min_rtt_us %llu lost %llu ptos %llu pacing %llu B/s\n",
	       when, (unsigned long long)ci.cwnd,
	       (unsigned long long)ci.ssthresh,
	       (unsigned long long)ci.bytes_in_flight,
	       (unsigned long long)ci.srtt_us,
	       (unsigned long long)ci.min_rtt_us,
	       (unsigned long long)ci.packets_lost,
	       (unsigned long long)ci.probe_timeouts,
	       (unsigned long long)ci.pacing_rate);
	fflush(stdout);
}

static int serve(const struct opts *o)
{
	struct sockaddr_storage sa;
	socklen_t salen;
	size_t len, off = 0;
	bool halfway = false;
	const char *data;
	int lfd, fd;
	ssize_t n;

	data = read_file(o->file, &len);
	lfd = make_socket(o, &sa, &salen);
	if (bind(lfd, (struct sockaddr *)&sa, salen) || listen(lfd, 4))
		die("listen");
	printf("listening %s %s\n", o->addr, o->port);
	fflush(stdout);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	if (o->sndbuf &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &o->sndbuf,
		       sizeof(o->sndbuf)))
		die("SO_SNDBUF");
	if (secure(o, fd))
		return 1;
	if (o->mode == MODE_QUIC)
		quic_request(fd);
	while (off < len) {
		size_t want = len - off < CHUNK ? len - off : CHUNK;

		if (o->mode == MODE_QUIC) {
			n = tquic_stream_send(fd, 0, 0, data + off, want);
			if (n < 0)
				die_err("sending", n);
		} else {
			n = send(fd, data + off, want, MSG_NOSIGNAL);
			if (n < 0)
				die("sending");
		}
		off += n;
		if (o->mode == MODE_QUIC && !halfway && off >= len / 2) {
			quic_report(fd, "halfway");
			halfway = true;
		}
	}
	if (o->mode == MODE_QUIC) {
		quic_report(fd, "end");
		n = tquic_stream_send(fd, 0, TQUIC_STREAM_FLAG_FIN, NULL, 0);
		if (n < 0)
			die_err("sending the FIN", n);
		quic_drain(fd);
	} else if (shutdown(fd, SHUT_WR)) {
		die("shutdown");
	}
	close(fd);
	close(lfd);
	return 0;
}

static void quic_close(int fd)
{
	struct tquic_connection_close cc = { 0 };

	setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_CLOSE, &cc,
		   sizeof(cc));
}

/* Receive into @buf at @off; 0 at the end, -EAGAIN on a timeout. */
static ssize_t recv_some(const struct opts *o, int fd, char *buf,
			 size_t len, bool *end)
{
	__u32 flags;
	__s64 sid;
	ssize_t n;

	*end = false;
	if (o->mode != MODE_QUIC) {
		n = recv(fd, buf, len, 0);
		if (n < 0)
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		*end = !n;
		return n;
	}
	for (;;) {
		n = tquic_stream_recv(fd, buf, len, &sid, &flags);
		if (n < 0)
			return n;
		if (!n && sid < 0)
			return -ECONNRESET;
		if (sid != 0 || (flags & TQUIC_STREAM_FLAG_DATAGRAM))
			continue;
		*end = flags & TQUIC_STREAM_FLAG_FIN;
		return n;
	}
}

/* Tell perf (its --control fifo) to start or stop counting. */
static void perf_ctl(const struct opts *o, const char *cmd)
{
	int fd;

	if (!o->perf_ctl)
		return;
	fd = open(o->perf_ctl, O_WRONLY);
	if (fd < 0 || write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd))
		die(o->perf_ctl);
	close(fd);
}

static int fetch(const struct opts *o)
{
	static const char req[] = "GET /\n";
	struct sockaddr_storage sa;
	char *buf, extra[CHUNK];
	size_t off = 0, want;
	double t0, t;
	socklen_t salen;
	bool end = false;
	ssize_t n;
	int fd;

	buf = mmap(NULL, o->len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap");
	fd = make_socket(o, &sa, &salen);
	if (connect(fd, (struct sockaddr *)&sa, salen))
		die("connect");
	if (secure(o, fd))
		return 1;
	set_rcvtimeo(fd, 1000);
	perf_ctl(o, "enable\n");
	t0 = now();
	if (o->mode == MODE_QUIC) {
		n = tquic_stream_send(fd, 0, TQUIC_STREAM_FLAG_FIN, req,
				      sizeof(req) - 1);
		if (n < 0)
			die_err("sending the request", n);
	}
	for (;;) {
		t = now();
		if (o->cap > 0 && t - t0 >= o->cap)
			break;
		want = o->len - off < CHUNK ? o->len - off : CHUNK;
		n = recv_some(o, fd, want ? buf + off : extra,
			      want ?: sizeof(extra), &end);
		if (n == -EAGAIN)
			continue;
		if (n < 0)
			die_err("receiving", n);
		if (!want && n) {
			fprintf(stderr, "bench-xfer: more than %zu bytes\n",
				o->len);
			return 1;
		}
		off += n;
		if (end) {
			t = now();
			break;
		}
	}
	perf_ctl(o, "disable\n");
	if (o->mode == MODE_QUIC)
		quic_close(fd);
	close(fd);
	printf("%s bytes %zu seconds %.3f mbps %.1f %s\n",
	       mode_names[o->mode], off, t - t0,
	       t > t0 ? off * 8 / (t - t0) / 1e6 : 0.0,
	       end ? "complete" : "capped");
	if (o->out) {
		FILE *f = fopen(o->out, "w");

		if (!f || fwrite(buf, 1, off, f) != off || fclose(f))
			die(o->out);
	}
	return 0;
}

static void help_exit(void)
{
	fputs("usage: bench-xfer -s -m tcp|ktls|quic [-c CERT -k KEY] [-b SNDBUF] ADDR PORT FILE\n"
	      "       bench-xfer -m tcp|ktls|quic -l BYTES [-t SECS] [-o OUT] [-p FIFO] [-C CA -n NAME] ADDR PORT\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	unsigned int i;
	int c;

	while ((c = getopt(argc, argv, "sm:c:k:C:n:l:t:o:b:p:")) != -1) {
		switch (c) {
		case 's':
			o.server = true;
			break;
		case 'm':
			for (i = 0; i < 3; i++)
				if (!strcmp(optarg, mode_names[i]))
					break;
			if (i == 3)
				help_exit();
			o.mode = i;
			break;
		case 'c':
			o.cert = optarg;
			break;
		case 'k':
			o.key = optarg;
			break;
		case 'C':
			o.ca = optarg;
			break;
		case 'n':
			o.name = optarg;
			break;
		case 'l':
			o.len = strtoull(optarg, NULL, 0);
			break;
		case 't':
			o.cap = strtod(optarg, NULL);
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'b':
			o.sndbuf = atoi(optarg);
			break;
		case 'p':
			o.perf_ctl = optarg;
			break;
		default:
			help_exit();
		}
	}
	if (argc - optind != (o.server ? 3 : 2))
		help_exit();
	o.addr = argv[optind];
	o.port = argv[optind + 1];
	if (o.server) {
		o.file = argv[optind + 2];
		if (o.mode == MODE_QUIC && (!o.cert || !o.key))
			help_exit();
		return serve(&o);
	}
	if (!o.len)
		help_exit();
	return fetch(&o);
}
