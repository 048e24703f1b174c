// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libtquic's handshake logic without tquic.ko: a client and a server
 * thread run tquic_handshake_io() against a stand-in for the kernel.
 * Handshake bytes cross a SOCK_SEQPACKET socketpair (a level byte, then
 * at most 500 bytes, so messages arrive in pieces); the socket options
 * act on a per-socket record and enforce the kernel's rules (a secret
 * per level and direction, the suite's secret length, the peer's
 * transport parameters once, HANDSHAKE_COMPLETE only with both 1-RTT
 * secrets and those parameters).  Checked: both ends installed the same
 * secrets per level and direction with the suite negotiated, each got
 * the other's transport parameters, the one ALPN, and every failure its
 * documented error.  Then resumption and 0-RTT: a session saved from a
 * server's ticket resumes, its 0-RTT secret agrees on both ends with the
 * remembered transport parameters installed first, a replayed or
 * unwanted 0-RTT is refused (the handshake still resumes), and a broken
 * session is refused.
 *   loop_test CERTDIR [-v]  (certificates from examples/gen-certs.sh;
 *                            -v: the library's log)
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "../internal.h"

#define PIECE	500
#define MAXFD	1024

struct fake_secret {
	bool set;
	unsigned short cipher;
	unsigned int len;
	unsigned char secret[TQUIC_SECRET_MAX_LEN];
};

struct fake_sock {
	char alpn[TQUIC_ALPN_MAX];
	socklen_t alpn_len;
	const char *tp;			/* what getsockopt gives */
	const char *peer_tp_want;	/* what setsockopt accepts */
	bool peer_tp;
	bool complete;
	unsigned int complete_flags;
	char early_tp[64];		/* TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM */
	bool early_tp_before_key;	/* set before the 0-RTT secret */
	unsigned char hello[4096];	/* the Initial bytes sent (a replay) */
	size_t hello_len;
	int no_opt;			/* this option fails ENOPROTOOPT */
	long long close_code;		/* the peer's CONNECTION_CLOSE */
	bool close_app;
	struct fake_secret secret[TQUIC_CRYPTO_EARLY + 1][2];
};

static struct fake_sock *fake[MAXFD];

static int fake_hs_send(int fd, int level, const void *buf, size_t len)
{
	struct fake_sock *s = fake[fd];
	unsigned char msg[PIECE + 1];
	const unsigned char *p = buf;
	size_t n;

	if (s && level == TQUIC_CRYPTO_INITIAL &&
	    s->hello_len + len <= sizeof(s->hello)) {
		memcpy(s->hello + s->hello_len, buf, len);
		s->hello_len += len;
	}
	for (; len; p += n, len -= n) {
		n = len < PIECE ? len : PIECE;
		msg[0] = level;
		memcpy(msg + 1, p, n);
		if (send(fd, msg, n + 1, MSG_NOSIGNAL) != (ssize_t)n + 1)
			return -errno;
	}
	return 0;
}

static ssize_t fake_hs_recv(int fd, void *buf, size_t len, int *level)
{
	unsigned char msg[PIECE + 1];
	ssize_t n = recv(fd, msg, sizeof(msg), MSG_DONTWAIT);

	if (n <= 0)
		return n ? -errno : 0;
	if ((size_t)n - 1 > len)
		return -EMSGSIZE;
	*level = msg[0];
	memcpy(buf, msg + 1, n - 1);
	return n - 1;
}

static int fake_setopt(int fd, int name, const void *val, socklen_t len)
{
	struct fake_sock *s = fake[fd];
	const struct tquic_crypto_secret *cs = val;
	struct fake_secret *fs;
	struct fake_secret *app;

	if (name == s->no_opt)
		return -ENOPROTOOPT;
	switch (name) {
	case TQUIC_SOCKOPT_ALPN:
		if (!len || len > TQUIC_ALPN_MAX)
			return -EINVAL;
		memcpy(s->alpn, val, len);
		s->alpn_len = len;
		return 0;
	case TQUIC_SOCKOPT_CRYPTO_SECRET:
		if (len != sizeof(*cs) || cs->send > 1 ||
		    (cs->level != TQUIC_CRYPTO_HANDSHAKE &&
		     cs->level != TQUIC_CRYPTO_APP &&
		     cs->level != TQUIC_CRYPTO_EARLY) ||
		    cs->cipher < 0x1301 || cs->cipher > 0x1303 ||
		    cs->secret_len != (cs->cipher == 0x1302 ? 48u : 32u))
			return -EINVAL;
		fs = &s->secret[cs->level][cs->send];
		if (fs->set)
			return -EALREADY;
		if (cs->level == TQUIC_CRYPTO_EARLY)
			s->early_tp_before_key = s->early_tp[0];
		fs->set = true;
		fs->cipher = cs->cipher;
		fs->len = cs->secret_len;
		memcpy(fs->secret, cs->secret, cs->secret_len);
		return 0;
	case TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT:
		if (s->peer_tp)
			return -EALREADY;
		if (len != strlen(s->peer_tp_want) ||
		    memcmp(val, s->peer_tp_want, len))
			return -EINVAL;
		s->peer_tp = true;
		return 0;
	case TQUIC_SOCKOPT_HANDSHAKE_COMPLETE:
		app = s->secret[TQUIC_CRYPTO_APP];
		if (!app[0].set || !app[1].set || !s->peer_tp ||
		    (len && len != sizeof(__u32)))
			return -EINVAL;
		if (s->complete)
			return -EALREADY;
		s->complete = true;
		s->complete_flags = len ? *(const __u32 *)val : 0;
		return 0;
	case TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM:
		if (!len || len >= sizeof(s->early_tp))
			return -EINVAL;
		memcpy(s->early_tp, val, len);
		s->early_tp[len] = '\0';
		return 0;
	}
	return -ENOPROTOOPT;
}

static int fake_getopt(int fd, int name, void *val, socklen_t *len)
{
	struct fake_sock *s = fake[fd];
	socklen_t n;

	if (name == s->no_opt)
		return -ENOPROTOOPT;
	switch (name) {
	case TQUIC_SOCKOPT_ALPN:
		if (*len < s->alpn_len)
			return -EINVAL;
		memcpy(val, s->alpn, s->alpn_len);
		*len = s->alpn_len;
		return 0;
	case TQUIC_SOCKOPT_CONNECTION_CLOSE:
		if (s->close_code < 0)
			return -ENOTCONN;
		if (*len < sizeof(struct tquic_connection_close))
			return -EINVAL;
		*(struct tquic_connection_close *)val =
			(struct tquic_connection_close) {
				.errcode = s->close_code,
				.app = s->close_app,
				.by_peer = 1,
			};
		*len = sizeof(struct tquic_connection_close);
		return 0;
	case TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT:
		n = strlen(s->tp);
		if (*len < n)
			return -EINVAL;
		memcpy(val, s->tp, n);
		*len = n;
		return 0;
	}
	return -ENOPROTOOPT;
}

/* Post-handshake messages: the next 1-RTT piece on the socketpair. */
static ssize_t fake_ticket_recv(int fd, void *buf, size_t len, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int level;

	if (poll(&p, 1, timeout_ms) <= 0)
		return -ETIMEDOUT;
	n = fake_hs_recv(fd, buf, len, &level);
	if (n <= 0)
		return n ? n : -ECONNRESET;
	return level == TQUIC_CRYPTO_APP ? n : -EPROTO;
}

static const struct tquic_io fake_io = {
	.hs_send = fake_hs_send,
	.hs_recv = fake_hs_recv,
	.setopt = fake_setopt,
	.getopt = fake_getopt,
	.ticket_recv = fake_ticket_recv,
};

static const char *certdir;
static bool verbose;

static char *cert(const char *name)
{
	static char paths[16][512];
	static int next;
	char *p = paths[next++ % 16];

	snprintf(p, sizeof(paths[0]), "%s/%s", certdir, name);
	return p;
}

struct end {
	const char *name;
	bool resumed;		/* the library logged a resumed session */
	unsigned char session[TQUIC_SESSION_MAX];
	size_t session_len;	/* what session_save gave */
	int early_calls;	/* early_data callbacks */
	const unsigned char *replay;	/* send only these Initial bytes */
	size_t replay_len;
	struct tquic_handshake_config cfg;
	struct fake_sock sock;
	const char *alpn;
	bool server;
	bool hangup;	/* not a server: closes at once */
	int fd;
	int ret;
};

static void logger(void *arg, int prio, const char *msg)
{
	struct end *e = arg;

	if (strstr(msg, "session resumed"))
		e->resumed = true;
	if (verbose)
		fprintf(stderr, "# %s: %s (%d)\n", e->name, msg, prio);
}

static void save_session(void *arg, const void *data, size_t len)
{
	struct end *e = arg;

	if (len <= sizeof(e->session)) {
		memcpy(e->session, data, len);
		e->session_len = len;
	}
}

static int early_data(void *arg, int fd)
{
	struct end *e = arg;

	(void)fd;
	e->early_calls++;
	return 0;
}

static void *run_end(void *arg)
{
	struct end *e = arg;

	e->ret = tquic_handshake_io(e->fd, &e->cfg, e->server, &fake_io);
	/* A failed end goes away: the peer sees the connection close. */
	if (e->ret)
		shutdown(e->fd, SHUT_WR);
	return NULL;
}

/* A client and a server set up for a good handshake; tests edit them. */
static void ends_init(struct end *c, struct end *s)
{
	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	c->cfg.ca_file = cert("ca.pem");
	c->cfg.server_name = "tquic.test";
	c->cfg.timeout_ms = 5000;
	c->cfg.log = logger;
	c->cfg.log_arg = c;
	c->name = "client";
	c->alpn = "tquic-test";
	c->sock.tp = "client transport parameters";
	c->sock.peer_tp_want = "server transport parameters";
	c->sock.close_code = -1;
	s->sock.close_code = -1;
	s->cfg.cert_file = cert("server.pem");
	s->cfg.key_file = cert("server-key.pem");
	s->cfg.timeout_ms = 5000;
	s->cfg.log = logger;
	s->cfg.log_arg = s;
	s->name = "server";
	s->alpn = "tquic-test";
	s->server = true;
	s->sock.tp = "server transport parameters";
	s->sock.peer_tp_want = "client transport parameters";
}

/* Run both ends (or only the client if @s is NULL). */
static void handshake(struct end *c, struct end *s)
{
	pthread_t tc, ts;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) || sv[1] >= MAXFD) {
		perror("socketpair");
		exit(1);
	}
	c->fd = sv[0];
	s->fd = sv[1];
	fake[c->fd] = &c->sock;
	fake[s->fd] = &s->sock;
	if (c->alpn) {
		c->sock.alpn_len = strlen(c->alpn);
		memcpy(c->sock.alpn, c->alpn, c->sock.alpn_len);
	}
	if (s->alpn) {
		s->sock.alpn_len = strlen(s->alpn);
		memcpy(s->sock.alpn, s->alpn, s->sock.alpn_len);
	}
	if (s->hangup)
		shutdown(s->fd, SHUT_WR);
	if (c->replay_len)	/* an attacker's copy of a ClientHello */
		fake_hs_send(c->fd, TQUIC_CRYPTO_INITIAL, c->replay,
			     c->replay_len);
	else
		pthread_create(&tc, NULL, run_end, c);
	if (s->server)
		pthread_create(&ts, NULL, run_end, s);
	if (!c->replay_len)
		pthread_join(tc, NULL);
	if (s->server)
		pthread_join(ts, NULL);
	fake[c->fd] = NULL;
	fake[s->fd] = NULL;
	close(sv[0]);
	close(sv[1]);
}

static int tests, failed;

static void check(bool ok, const char *what, const char *detail)
{
	tests++;
	if (!ok)
		failed++;
	printf("%sok %d - %s", ok ? "" : "not ", tests, what);
	if (!ok && detail)
		printf(" (%s)", detail);
	printf("\n");
}

/* Run the handshake; @c must end with @cret, @s with @sret. */
static void expect(const char *what, struct end *c, int cret, struct end *s,
		   int sret)
{
	char detail[160];

	handshake(c, s);
	snprintf(detail, sizeof(detail),
		 "client %d (%s), server %d (%s); want %d, %d", c->ret,
		 tquic_handshake_error(c->ret), s->ret,
		 tquic_handshake_error(s->ret), cret, sret);
	check(c->ret == cret && s->ret == sret, what, detail);
}

/* The one direction's secret at @level: what @from sends, @to receives. */
static bool same_secret(const struct end *from, const struct end *to,
			int level, unsigned short cipher)
{
	const struct fake_secret *a = &from->sock.secret[level][1];
	const struct fake_secret *b = &to->sock.secret[level][0];

	return a->set && b->set && a->cipher == cipher &&
	       b->cipher == cipher && a->len == b->len &&
	       !memcmp(a->secret, b->secret, a->len);
}

/* Run the client alone (@s only hangs up if told): it must end with @ret. */
static void expect_client(const char *what, struct end *c, struct end *s,
			  int ret)
{
	char detail[160];

	s->server = false;
	handshake(c, s);
	snprintf(detail, sizeof(detail), "client %d (%s), want %d", c->ret,
		 tquic_handshake_error(c->ret), ret);
	check(c->ret == ret, what, detail);
}

/* Run the handshake; everything a good one leaves in the two sockets. */
static void expect_ok(const char *what, struct end *c, struct end *s,
		      unsigned short cipher, const char *alpn)
{
	char name[160];
	bool ok = true;
	int level;

	expect(what, c, 0, s, 0);
	for (level = TQUIC_CRYPTO_HANDSHAKE; level <= TQUIC_CRYPTO_APP;
	     level++)
		ok = ok && same_secret(c, s, level, cipher) &&
		     same_secret(s, c, level, cipher) &&
		     memcmp(c->sock.secret[level][1].secret,
			    s->sock.secret[level][1].secret,
			    c->sock.secret[level][1].len);
	snprintf(name, sizeof(name), "%s: secrets agree, cipher 0x%04x",
		 what, cipher);
	check(ok, name, NULL);
	snprintf(name, sizeof(name),
		 "%s: transport parameters, ALPN %s, complete", what, alpn);
	check(c->sock.peer_tp && s->sock.peer_tp && c->sock.complete &&
	      s->sock.complete && c->sock.alpn_len == strlen(alpn) &&
	      !memcmp(c->sock.alpn, alpn, c->sock.alpn_len) &&
	      s->sock.alpn_len == strlen(alpn) &&
	      !memcmp(s->sock.alpn, alpn, s->sock.alpn_len), name, NULL);
}

static unsigned char ticket_key[TQUIC_TICKET_KEY_LEN];

/* Both ends set up for tickets, and 0-RTT when @early. */
static void ends_session(struct end *c, struct end *s, bool early,
			 const unsigned char *session, size_t len)
{
	unsigned int f = TQUIC_HANDSHAKE_SESSION |
			 (early ? TQUIC_HANDSHAKE_EARLY_DATA : 0);

	ends_init(c, s);
	c->cfg.flags |= f;
	c->cfg.session = session;
	c->cfg.session_len = len;
	c->cfg.session_save = save_session;
	c->cfg.session_arg = c;
	c->cfg.early_data = early_data;
	c->cfg.early_arg = c;
	s->cfg.flags |= f;
	s->cfg.ticket_key = ticket_key;
}

static unsigned char session[TQUIC_SESSION_MAX], session2[TQUIC_SESSION_MAX];
static unsigned char hello[4096];
static size_t hello_len;

static void resumption_tests(void)
{
	size_t len, len2;
	struct end c, s;
	bool early_ok;

	check(!tquic_ticket_key_generate(ticket_key), "ticket key generated",
	      NULL);

	ends_session(&c, &s, true, NULL, 0);
	expect("full handshake with a ticket", &c, 0, &s, 0);
	check(c.session_len > 6 && !memcmp(c.session, "TQS1", 4) &&
	      !c.resumed && !c.early_calls && !c.sock.complete_flags,
	      "client saved a session, no 0-RTT the first time", NULL);
	len = c.session_len;
	memcpy(session, c.session, len);

	ends_session(&c, &s, false, session, len);
	expect("resumed without 0-RTT", &c, 0, &s, 0);
	check(c.resumed && s.resumed && !c.early_calls &&
	      !c.sock.secret[TQUIC_CRYPTO_EARLY][1].set &&
	      !s.sock.secret[TQUIC_CRYPTO_EARLY][0].set && !c.sock.early_tp[0],
	      "both ends resumed, no 0-RTT secret", NULL);

	ends_session(&c, &s, true, session, len);
	expect("resumed with 0-RTT", &c, 0, &s, 0);
	early_ok = same_secret(&c, &s, TQUIC_CRYPTO_EARLY, 0x1301);
	check(c.resumed && s.resumed && early_ok && c.early_calls == 1,
	      "0-RTT secret agrees, early data sent once", NULL);
	check(!strcmp(c.sock.early_tp, "server transport parameters") &&
	      c.sock.early_tp_before_key,
	      "server's remembered parameters installed before the 0-RTT key",
	      c.sock.early_tp);
	check(c.sock.complete_flags == TQUIC_HANDSHAKE_F_EARLY_ACCEPTED,
	      "client tells the kernel 0-RTT was accepted", NULL);
	check(c.session_len > 6, "a new session saved on resumption", NULL);
	len2 = c.session_len;
	memcpy(session2, c.session, len2);

	/* An attacker replays that ClientHello with its 0-RTT. */
	memcpy(hello, c.sock.hello, c.sock.hello_len);
	hello_len = c.sock.hello_len;
	ends_session(&c, &s, true, NULL, 0);
	c.replay = hello;
	c.replay_len = hello_len;
	s.cfg.timeout_ms = 300;
	expect("replayed ClientHello", &c, 0, &s, -ETIMEDOUT);
	check(hello_len && !s.sock.secret[TQUIC_CRYPTO_EARLY][0].set,
	      "replayed 0-RTT refused", NULL);

	/* The same ticket in a new ClientHello is no replay. */
	ends_session(&c, &s, true, session, len);
	expect("same ticket, new ClientHello", &c, 0, &s, 0);
	check(c.resumed && c.early_calls == 1 &&
	      c.sock.complete_flags == TQUIC_HANDSHAKE_F_EARLY_ACCEPTED,
	      "0-RTT accepted again", NULL);

	ends_session(&c, &s, true, session2, len2);
	s.cfg.flags &= ~TQUIC_HANDSHAKE_EARLY_DATA;
	expect("server that takes no 0-RTT", &c, 0, &s, 0);
	check(c.resumed && c.early_calls == 1 && !c.sock.complete_flags &&
	      !s.sock.secret[TQUIC_CRYPTO_EARLY][0].set,
	      "0-RTT refused by configuration, resumed anyway", NULL);

	ends_session(&c, &s, false, NULL, 0);
	s.cfg.ticket_key = NULL;
	c.cfg.timeout_ms = 1500;
	expect("server without a ticket key", &c, 0, &s, 0);
	check(!c.session_len, "no session to save", NULL);

	session[0] ^= 1;
	ends_session(&c, &s, true, session, len);
	expect_client("broken session refused", &c, &s, -EINVAL);
	session[0] ^= 1;
	ends_session(&c, &s, true, session, 5);
	expect_client("truncated session refused", &c, &s, -EINVAL);
}

int main(int argc, char **argv)
{
	struct end c, s;

	if (argc < 2) {
		fprintf(stderr, "usage: loop_test CERTDIR [-v]\n");
		return 2;
	}
	certdir = argv[1];
	verbose = argc > 2 && !strcmp(argv[2], "-v");

	ends_init(&c, &s);
	expect_ok("default suite", &c, &s, 0x1301, "tquic-test");

	ends_init(&c, &s);
	c.cfg.priorities = "-CIPHER-ALL:+CHACHA20-POLY1305";
	expect_ok("ChaCha20-Poly1305 only", &c, &s, 0x1303, "tquic-test");

	ends_init(&c, &s);
	s.cfg.priorities = "-CIPHER-ALL:+AES-256-GCM";
	expect_ok("AES-256-GCM (48-byte secrets)", &c, &s, 0x1302,
		  "tquic-test");

	ends_init(&c, &s);
	c.alpn = "h3,tquic-test";
	s.alpn = "tquic-test,hq-interop";
	expect_ok("ALPN chosen from two lists", &c, &s, 0x1301, "tquic-test");

	ends_init(&c, &s);
	c.cfg.server_name = "127.0.0.1";
	expect("server verified by IP address", &c, 0, &s, 0);

	ends_init(&c, &s);
	c.cfg.ca_file = cert("other-ca.pem");
	expect("wrong CA: client rejects", &c, -EKEYREJECTED, &s,
	       -ECONNRESET);

	ends_init(&c, &s);
	c.cfg.server_name = "other.test";
	expect("wrong name: client rejects", &c, -EKEYREJECTED, &s,
	       -ECONNRESET);

	ends_init(&c, &s);
	c.cfg.ca_file = cert("other-ca.pem");
	c.cfg.flags = TQUIC_HANDSHAKE_INSECURE;
	expect("wrong CA, insecure client", &c, 0, &s, 0);

	ends_init(&c, &s);
	c.alpn = "h3";
	expect("ALPN mismatch", &c, -ECONNRESET, &s, -ENOPROTOOPT);

	ends_init(&c, &s);
	c.cfg.priorities = "-CIPHER-ALL:+CHACHA20-POLY1305";
	s.cfg.priorities = "-CIPHER-ALL:+AES-128-GCM";
	expect("no cipher suite in common", &c, -ECONNRESET, &s,
	       -EPROTONOSUPPORT);

	ends_init(&c, &s);
	c.cfg.priorities = "-CIPHER-ALL:+AES-128-CCM";
	s.cfg.priorities = c.cfg.priorities;
	expect("AES-CCM (not in tquic) refused", &c, -ECONNRESET, &s,
	       -EPROTONOSUPPORT);

	ends_init(&c, &s);
	s.sock.tp = "bad";
	expect("server's transport parameters invalid", &c, -EPROTO, &s,
	       -ECONNRESET);

	ends_init(&c, &s);
	c.sock.tp = "";
	s.sock.peer_tp_want = "";
	expect("client sends no transport parameters", &c, -ECONNRESET, &s,
	       -EPROTO);

	ends_init(&c, &s);
	s.cfg.ca_file = cert("ca.pem");
	c.cfg.cert_file = cert("client.pem");
	c.cfg.key_file = cert("client-key.pem");
	expect("client certificate verified", &c, 0, &s, 0);

	ends_init(&c, &s);
	s.cfg.ca_file = cert("ca.pem");
	/* TLS 1.3: the client is done before the server sees its flight. */
	expect("client certificate missing", &c, 0, &s, -EKEYREJECTED);

	ends_init(&c, &s);
	s.sock.no_opt = TQUIC_SOCKOPT_HANDSHAKE_COMPLETE;
	expect("kernel without HANDSHAKE_COMPLETE", &c, 0, &s, -EOPNOTSUPP);

	ends_init(&c, &s);
	c.sock.no_opt = TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT;
	expect("kernel without TRANSPORT_PARAM_EXT", &c, -EOPNOTSUPP, &s,
	       -ECONNRESET);

	/* The peer closes at once; its CONNECTION_CLOSE says why. */
	ends_init(&c, &s);
	s.hangup = true;
	c.sock.close_code = TQUIC_ERR_CRYPTO_BASE + 42;
	expect_client("peer's alert bad_certificate", &c, &s, -EKEYREJECTED);

	ends_init(&c, &s);
	s.hangup = true;
	c.sock.close_code = TQUIC_ERR_CRYPTO_BASE + 120;
	expect_client("peer's alert no_application_protocol", &c, &s, -ENOPROTOOPT);

	ends_init(&c, &s);
	s.hangup = true;
	c.sock.close_code = TQUIC_ERR_CRYPTO_BASE + 120;
	c.sock.close_app = true;
	expect_client("peer's application close", &c, &s, -ECONNRESET);

	/* Configuration errors: the server side is not started. */
	ends_init(&c, &s);
	c.cfg.timeout_ms = 300;
	expect_client("no answer: timeout", &c, &s, -ETIMEDOUT);

	ends_init(&c, &s);
	c.cfg.server_name = NULL;
	expect_client("client without a name to verify", &c, &s, -EINVAL);

	ends_init(&c, &s);
	c.alpn = NULL;
	expect_client("no ALPN on the socket", &c, &s, -EINVAL);

	ends_init(&c, &s);
	c.cfg.priorities = "+NO-SUCH-THING";
	expect_client("bad priority string", &c, &s, -EINVAL);

	ends_init(&c, &s);
	c.cfg.ca_file = cert("missing.pem");
	expect_client("missing CA file", &c, &s, -ENOENT);

	ends_init(&c, &s);
	c.cfg.ca_file = "/dev/null";
	expect_client("CA file without certificates", &c, &s, -ENOKEY);

	ends_init(&c, &s);
	c.cfg.cert_file = cert("client.pem");
	c.cfg.key_file = cert("server-key.pem");
	expect_client("certificate with another's key", &c, &s, -ENOKEY);

	ends_init(&c, &s);
	s.cfg.cert_file = NULL;
	s.cfg.key_file = NULL;
	expect("server without a certificate", &c, -ECONNRESET, &s, -EINVAL);

	resumption_tests();

	printf("1..%d\n# %d of %d failed\n", tests, failed, tests);
	return failed ? 1 : 0;
}
