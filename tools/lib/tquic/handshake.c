// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libtquic: the TLS 1.3 handshake of a tquic connection with GnuTLS.
 *
 * GnuTLS runs in its QUIC mode (RFC 9001): it never writes TLS records.
 * Handshake messages it produces arrive in tquic_read_func() with their
 * encryption level and go to the kernel as CRYPTO data (sendmsg() with
 * TQUIC_CMSG_HANDSHAKE_INFO); what the kernel receives comes back per
 * level from recvmsg() and is fed in with gnutls_handshake_write().  The
 * traffic secrets GnuTLS derives arrive in tquic_secret_func() and are
 * installed with TQUIC_SOCKOPT_CRYPTO_SECRET (the kernel derives the
 * Initial keys itself).  The quic_transport_parameters extension (0x39)
 * carries the kernel's encoded parameters (TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT
 * read) in the ClientHello or EncryptedExtensions and hands the peer's
 * to the kernel (the same option, written).  When gnutls_handshake()
 * returns 0 the negotiated ALPN is stored on the socket and
 * TQUIC_SOCKOPT_HANDSHAKE_COMPLETE says so to the kernel.
 *
 * GnuTLS only accepts bytes of the level it currently reads at, which
 * changes inside gnutls_handshake(); bytes of a later level wait in
 * tquic_hs.rx until then.
 *
 * Resumption and 0-RTT (session.c keeps the formats): a server given a
 * ticket key issues tickets, which GnuTLS produces at the 1-RTT level as
 * its handshake ends.  A client asked to save sessions reads them after
 * its handshake completed (TQUIC_SOCKOPT_SESSION_TICKET) and feeds them
 * to GnuTLS.  A client resuming with early data installs the server's
 * remembered transport parameters before its ClientHello, the 0-RTT
 * secret when GnuTLS derives it, sends its early data once the
 * ClientHello is queued, and tells the kernel at the end whether the
 * server accepted it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "internal.h"

#define TQUIC_TP_EXT_TYPE	0x39
#define TQUIC_TIMEOUT_MS	10000
/* The kernel takes at most 64 KiB of handshake data per sendmsg(). */
#define TQUIC_HS_SEND_CHUNK	16384
/* More unread handshake data than this is not a handshake. */
#define TQUIC_HS_RX_MAX		(256 * 1024)
/* How long a client that saves sessions waits for the server's ticket */
#define TQUIC_TICKET_WAIT_MS	1000
/* The longest peer transport parameters kept for a session */
#define TQUIC_TP_KEEP_MAX	4096

/*
 * The GnuTLS priorities: TLS 1.3 only, the cipher suites tquic.ko
 * implements, and no middlebox compatibility mode (RFC 9001, 8.4).
 */
#define TQUIC_PRIO_VERSIONS	"NORMAL:-VERS-ALL:+VERS-TLS1.3"
#define TQUIC_PRIO_CIPHERS	\
	":-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305"
#define TQUIC_PRIO_FLAGS	":%DISABLE_TLS13_COMPAT_MODE"

static const char tquic_priority_base[] =
	TQUIC_PRIO_VERSIONS TQUIC_PRIO_CIPHERS TQUIC_PRIO_FLAGS;

static const struct tquic_suite {
	gnutls_cipher_algorithm_t cipher;
	unsigned short id;
	unsigned int secret_len;
	const char *name;
} tquic_suites[] = {
	{ GNUTLS_CIPHER_AES_128_GCM, 0x1301, 32, "TLS_AES_128_GCM_SHA256" },
	{ GNUTLS_CIPHER_AES_256_GCM, 0x1302, 48, "TLS_AES_256_GCM_SHA384" },
	{ GNUTLS_CIPHER_CHACHA20_POLY1305, 0x1303, 32,
	  "TLS_CHACHA20_POLY1305_SHA256" },
};

static const gnutls_record_encryption_level_t tquic_gnutls_level[] = {
	[TQUIC_CRYPTO_INITIAL] = GNUTLS_ENCRYPTION_LEVEL_INITIAL,
	[TQUIC_CRYPTO_HANDSHAKE] = GNUTLS_ENCRYPTION_LEVEL_HANDSHAKE,
	[TQUIC_CRYPTO_APP] = GNUTLS_ENCRYPTION_LEVEL_APPLICATION,
};

static const char *const tquic_level_name[] = {
	[TQUIC_CRYPTO_INITIAL] = "Initial",
	[TQUIC_CRYPTO_HANDSHAKE] = "Handshake",
	[TQUIC_CRYPTO_APP] = "1-RTT",
	[TQUIC_CRYPTO_EARLY] = "0-RTT",
};

struct tquic_bytes {
	unsigned char *data;
	size_t len;
	size_t size;
};

/**
 * struct tquic_hs - one handshake
 * @session: the GnuTLS session
 * @cred: its certificate credentials
 * @cfg: the caller's configuration
 * @io: the kernel interface
 * @fd: the connection's socket
 * @server: which end we are
 * @err: the first error a GnuTLS callback met (GnuTLS only sees that
 *	the callback failed)
 * @rx_level: the level GnuTLS reads handshake data at
 * @peer_tp: the peer's transport parameters are installed
 * @tx: handshake bytes to send, per level
 * @rx: handshake bytes received that GnuTLS cannot take yet, per level
 * @early: the 0-RTT secret is installed
 * @ticket_seen: client: GnuTLS took a NewSessionTicket
 * @peer_tp_len: bytes of @peer_tp_buf
 * @peer_tp_buf: client: the server's transport parameters, for a session
 */
struct tquic_hs {
	gnutls_session_t session;
	gnutls_certificate_credentials_t cred;
	const struct tquic_handshake_config *cfg;
	const struct tquic_io *io;
	int fd;
	bool server;
	int err;
	int rx_level;
	bool peer_tp;
	int alert;
	struct tquic_bytes tx[TQUIC_LEVELS];
	struct tquic_bytes rx[TQUIC_LEVELS];
	bool early;
	bool ticket_seen;
	size_t peer_tp_len;
	unsigned char peer_tp_buf[TQUIC_TP_KEEP_MAX];
};

/* The configuration asks for resumption (and maybe 0-RTT). */
static bool tquic_cfg_session(const struct tquic_handshake_config *cfg)
{
	return cfg->flags & TQUIC_HANDSHAKE_SESSION;
}

static bool tquic_cfg_early(const struct tquic_handshake_config *cfg)
{
	return tquic_cfg_session(cfg) &&
	       (cfg->flags & TQUIC_HANDSHAKE_EARLY_DATA);
}

__printf(3, 4)
static void tquic_log(const struct tquic_hs *hs, int prio, const char *fmt,
		      ...)
{
	char msg[512];
	va_list ap;

	if (!hs->cfg->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hs->cfg->log(hs->cfg->log_arg, prio, msg);
}

/* Remember the first error of a callback; returns @err. */
static int tquic_fail(struct tquic_hs *hs, int err)
{
	if (!hs->err)
		hs->err = err;
	return err;
}

/* A socket option failed: log it, ENOPROTOOPT means an older kernel. */
static int tquic_opt_fail(struct tquic_hs *hs, const char *name, int err)
{
	if (err == -ENOPROTOOPT) {
		tquic_log(hs, LOG_ERR, "the kernel does not support %s", name);
		err = -EOPNOTSUPP;
	} else {
		tquic_log(hs, LOG_ERR, "%s: %s", name, strerror(-err));
	}
	return tquic_fail(hs, err);
}

static int tquic_bytes_add(struct tquic_bytes *b, const void *p, size_t len)
{
	size_t size = b->size ? b->size : 4096;
	unsigned char *data;

	if (b->len + len > b->size) {
		while (size < b->len + len)
			size *= 2;
		data = realloc(b->data, size);
		if (!data)
			return -ENOMEM;
		b->data = data;
		b->size = size;
	}
	memcpy(b->data + b->len, p, len);
	b->len += len;
	return 0;
}

/* GnuTLS's encryption level as tquic's; -1 for 0-RTT (not carried yet). */
static int tquic_level(gnutls_record_encryption_level_t level)
{
	switch (level) {
	case GNUTLS_ENCRYPTION_LEVEL_INITIAL:
		return TQUIC_CRYPTO_INITIAL;
	case GNUTLS_ENCRYPTION_LEVEL_HANDSHAKE:
		return TQUIC_CRYPTO_HANDSHAKE;
	case GNUTLS_ENCRYPTION_LEVEL_APPLICATION:
		return TQUIC_CRYPTO_APP;
	default:
		return -1;
	}
}

static const struct tquic_suite *tquic_suite_of(gnutls_cipher_algorithm_t cipher)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tquic_suites); i++)
		if (tquic_suites[i].cipher == cipher)
			return &tquic_suites[i];
	return NULL;
}

static const struct tquic_suite *tquic_suite(gnutls_session_t session)
{
	return tquic_suite_of(gnutls_cipher_get(session));
}

/* CLOCK_MONOTONIC in ms (it cannot fail with a valid clock id). */
static __s64 tquic_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__s64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* GnuTLS hands over a handshake message to send. */
static int tquic_read_func(gnutls_session_t session,
			   gnutls_record_encryption_level_t glevel,
			   gnutls_handshake_description_t htype,
			   const void *data, size_t len)
{
	struct tquic_hs *hs = gnutls_session_get_ptr(session);
	int level = tquic_level(glevel);

	/* QUIC carries no ChangeCipherSpec (RFC 9001, 8.4). */
	if (htype == GNUTLS_HANDSHAKE_CHANGE_CIPHER_SPEC)
		return 0;
	if (level < 0) {
		tquic_log(hs, LOG_ERR, "TLS produced 0-RTT handshake data");
		tquic_fail(hs, -EPROTO);
		return GNUTLS_E_INTERNAL_ERROR;
	}
	tquic_log(hs, LOG_DEBUG, "sending %s (%zu bytes) at the %s level",
		  gnutls_handshake_description_get_name(htype), len,
		  tquic_level_name[level]);
	if (tquic_bytes_add(&hs->tx[level], data, len)) {
		tquic_fail(hs, -ENOMEM);
		return GNUTLS_E_MEMORY_ERROR;
	}
	return 0;
}

static int tquic_install(struct tquic_hs *hs, int level, bool send,
			 const struct tquic_suite *suite, const void *secret)
{
	struct tquic_crypto_secret cs = {
		.level = level,
		.send = send,
		.cipher = suite->id,
		.secret_len = suite->secret_len,
	};
	int err;

	if (!secret)
		return 0;
	memcpy(cs.secret, secret, suite->secret_len);
	err = hs->io->setopt(hs->fd, TQUIC_SOCKOPT_CRYPTO_SECRET, &cs,
			     sizeof(cs));
	explicit_bzero(&cs, sizeof(cs));
	if (err)
		return tquic_opt_fail(hs, "TQUIC_SOCKOPT_CRYPTO_SECRET", err);
	tquic_log(hs, LOG_DEBUG, "%s %s secret installed (%s)",
		  tquic_level_name[level], send ? "send" : "receive",
		  suite->name);
	return 0;
}

/* The 0-RTT secret: the client's to send, the server's to receive. */
static int tquic_early_secret(struct tquic_hs *hs, const void *rx_secret,
			      const void *tx_secret, size_t len)
{
	const struct tquic_suite *suite;
	const void *secret = hs->server ? rx_secret : tx_secret;

	suite = tquic_suite_of(gnutls_early_cipher_get(hs->session));
	if (!secret || !suite || suite->secret_len != len) {
		tquic_log(hs, LOG_ERR, "unusable 0-RTT secret");
		tquic_fail(hs, -EPROTO);
		return GNUTLS_E_INTERNAL_ERROR;
	}
	if (tquic_install(hs, TQUIC_CRYPTO_EARLY, !hs->server, suite, secret))
		return GNUTLS_E_INTERNAL_ERROR;
	hs->early = true;
	return 0;
}

/* GnuTLS derived the secrets of a level (either may be NULL). */
static int tquic_secret_func(gnutls_session_t session,
			     gnutls_record_encryption_level_t glevel,
			     const void *rx_secret, const void *tx_secret,
			     size_t len)
{
	struct tquic_hs *hs = gnutls_session_get_ptr(session);
	int level = tquic_level(glevel);
	const struct tquic_suite *suite;

	if (glevel == GNUTLS_ENCRYPTION_LEVEL_EARLY)
		return tquic_early_secret(hs, rx_secret, tx_secret, len);
	/* The kernel derives Initial keys. */
	if (level <= TQUIC_CRYPTO_INITIAL)
		return 0;
	suite = tquic_suite(session);
	if (!suite || suite->secret_len != len) {
		tquic_log(hs, LOG_ERR, "cipher %s is not supported by tquic",
			  gnutls_cipher_get_name(gnutls_cipher_get(session)));
		tquic_fail(hs, -EPROTONOSUPPORT);
		return GNUTLS_E_UNIMPLEMENTED_FEATURE;
	}
	/*
	 * By the 1-RTT keys both ends have seen the other's extensions:
	 * transport parameters are mandatory (RFC 9001, 8.2).
	 */
	if (level == TQUIC_CRYPTO_APP && !hs->peer_tp) {
		tquic_log(hs, LOG_ERR,
			  "the peer sent no quic_transport_parameters");
		tquic_fail(hs, -EPROTO);
		return GNUTLS_E_MISSING_EXTENSION;
	}
	if (tquic_install(hs, level, false, suite, rx_secret) ||
	    tquic_install(hs, level, true, suite, tx_secret))
		return GNUTLS_E_INTERNAL_ERROR;
	if (rx_secret)
		hs->rx_level = level;
	return 0;
}

/* GnuTLS would send an alert; QUIC would carry it in CONNECTION_CLOSE. */
static int tquic_alert_func(gnutls_session_t session,
			    gnutls_record_encryption_level_t glevel,
			    gnutls_alert_level_t alert_level,
			    gnutls_alert_description_t desc)
{
	struct tquic_hs *hs = gnutls_session_get_ptr(session);

	(void)glevel;
	tquic_log(hs, LOG_DEBUG, "TLS %s alert for the peer: %s (%d)",
		  alert_level == GNUTLS_AL_FATAL ? "fatal" : "warning",
		  gnutls_alert_get_name(desc), desc);
	if (alert_level == GNUTLS_AL_FATAL && !hs->alert)
		hs->alert = desc + 1;	/* sent when the handshake fails */
	return 0;
}

/* The peer's quic_transport_parameters: the kernel validates them. */
static int tquic_tp_recv(gnutls_session_t session, const unsigned char *data,
			 size_t len)
{
	struct tquic_hs *hs = gnutls_session_get_ptr(session);
	int err;

	err = hs->io->setopt(hs->fd, TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT, data,
			     len);
	if (err == -EINVAL) {
		tquic_log(hs, LOG_ERR,
			  "the peer's transport parameters are invalid");
		tquic_fail(hs, -EPROTO);
		return GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER;
	}
	if (err) {
		tquic_opt_fail(hs, "TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT", err);
		return GNUTLS_E_INTERNAL_ERROR;
	}
	hs->peer_tp = true;
	/* A client keeps the server's for a session (RFC 9000, 7.4.1). */
	if (!hs->server && len <= sizeof(hs->peer_tp_buf)) {
		memcpy(hs->peer_tp_buf, data, len);
		hs->peer_tp_len = len;
	}
	tquic_log(hs, LOG_DEBUG, "peer's transport parameters: %zu bytes",
		  len);
	return 0;
}

/* Ours, as the kernel encodes them. */
static int tquic_tp_send(gnutls_session_t session, gnutls_buffer_t extdata)
{
	struct tquic_hs *hs = gnutls_session_get_ptr(session);
	unsigned char tp[TQUIC_TRANSPORT_PARAM_EXT_MAX];
	socklen_t len = sizeof(tp);
	int err;

	err = hs->io->getopt(hs->fd, TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT, tp,
			     &len);
	if (err) {
		tquic_opt_fail(hs, "TQUIC_SOCKOPT_TRANSPORT_PARAM_EXT", err);
		return GNUTLS_E_INTERNAL_ERROR;
	}
	err = gnutls_buffer_append_data(extdata, tp, len);
	return err < 0 ? err : (int)len;
}

/* GnuTLS never reads or writes records itself in QUIC mode. */
static ssize_t tquic_pull(gnutls_transport_ptr_t ptr, void *buf, size_t len)
{
	struct tquic_hs *hs = ptr;

	(void)buf;
	(void)len;
	gnutls_transport_set_errno(hs->session, EAGAIN);
	return -1;
}

static ssize_t tquic_push(gnutls_transport_ptr_t ptr, const void *buf,
			  size_t len)
{
	struct tquic_hs *hs = ptr;

	(void)buf;
	tquic_log(hs, LOG_ERR, "TLS tried to send a %zu byte record", len);
	gnutls_transport_set_errno(hs->session, EIO);
	return -1;
}

/* A credential file GnuTLS could not load: missing, or not usable. */
static int tquic_file_err(struct tquic_hs *hs, const char *file, int gerr)
{
	int err;

	if (access(file, R_OK)) {
		err = -errno;
		tquic_log(hs, LOG_ERR, "%s: %s", file, strerror(errno));
		return err;
	}
	tquic_log(hs, LOG_ERR, "%s: %s", file, gnutls_strerror(gerr));
	return -ENOKEY;
}

static int tquic_creds(struct tquic_hs *hs)
{
	const struct tquic_handshake_config *cfg = hs->cfg;
	int ret;

	if (gnutls_certificate_allocate_credentials(&hs->cred) < 0)
		return -ENOMEM;
	if (!cfg->cert_file != !cfg->key_file) {
		tquic_log(hs, LOG_ERR, "a certificate needs its key");
		return -EINVAL;
	}
	if (cfg->cert_file) {
		ret = gnutls_certificate_set_x509_key_file(hs->cred,
							   cfg->cert_file,
							   cfg->key_file,
							   GNUTLS_X509_FMT_PEM);
		if (ret < 0)
			return access(cfg->cert_file, R_OK) ?
			       tquic_file_err(hs, cfg->cert_file, ret) :
			       tquic_file_err(hs, cfg->key_file, ret);
	} else if (hs->server) {
		tquic_log(hs, LOG_ERR, "a server needs a certificate and key");
		return -EINVAL;
	}
	if (cfg->ca_file) {
		ret = gnutls_certificate_set_x509_trust_file(hs->cred,
							     cfg->ca_file,
							     GNUTLS_X509_FMT_PEM);
		if (ret <= 0)
			return tquic_file_err(hs, cfg->ca_file,
					      ret ?: GNUTLS_E_NO_CERTIFICATE_FOUND);
	} else if (!hs->server) {
		ret = gnutls_certificate_set_x509_system_trust(hs->cred);
		if (ret <= 0)
			tquic_log(hs, LOG_DEBUG, "no system trust anchors");
	}
	return 0;
}

/* The socket's ALPN list ("a,b,c") for GnuTLS. */
static int tquic_alpn(struct tquic_hs *hs)
{
	gnutls_datum_t protos[TQUIC_ALPN_MAX / 2 + 1];
	char list[TQUIC_ALPN_MAX + 1], *p, *next;
	socklen_t len = TQUIC_ALPN_MAX;
	unsigned int n = 0;
	int err;

	err = hs->io->getopt(hs->fd, TQUIC_SOCKOPT_ALPN, list, &len);
	if (err)
		return tquic_opt_fail(hs, "TQUIC_SOCKOPT_ALPN", err);
	if (!len) {
		tquic_log(hs, LOG_ERR,
			  "no ALPN on the socket (TQUIC_SOCKOPT_ALPN)");
		return -EINVAL;
	}
	list[len] = '\0';
	for (p = list; p; p = next) {
		next = strchr(p, ',');
		if (next)
			*next++ = '\0';
		protos[n].data = (unsigned char *)p;
		protos[n++].size = strlen(p);
	}
	err = gnutls_alpn_set_protocols(hs->session, protos, n,
					GNUTLS_ALPN_MANDATORY |
					GNUTLS_ALPN_SERVER_PRECEDENCE);
	if (err < 0) {
		tquic_log(hs, LOG_ERR, "ALPN list \"%.*s\": %s", (int)len,
			  list, gnutls_strerror(err));
		return -EINVAL;
	}
	return 0;
}

static bool tquic_is_ip(const char *name)
{
	unsigned char addr[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, name, addr) == 1 ||
	       inet_pton(AF_INET6, name, addr) == 1;
}

/* Whose certificate is checked, against what. */
static int tquic_verify_setup(struct tquic_hs *hs)
{
	const struct tquic_handshake_config *cfg = hs->cfg;
	const char *name = cfg->server_name;
	bool insecure = cfg->flags & TQUIC_HANDSHAKE_INSECURE;

	if (hs->server) {
		if (cfg->ca_file && !insecure) {
			gnutls_certificate_server_set_request(hs->session,
							      GNUTLS_CERT_REQUIRE);
			gnutls_session_set_verify_cert(hs->session, NULL, 0);
		}
		return 0;
	}
	if (name && !tquic_is_ip(name) &&
	    gnutls_server_name_set(hs->session, GNUTLS_NAME_DNS, name,
				   strlen(name)) < 0)
		return -ENOMEM;
	if (insecure)
		return 0;
	if (!name) {
		tquic_log(hs, LOG_ERR, "no server name to verify");
		return -EINVAL;
	}
	gnutls_session_set_verify_cert(hs->session, name, 0);
	return 0;
}

static int tquic_priorities(struct tquic_hs *hs)
{
	const char *extra = hs->cfg->priorities, *errpos = NULL;
	char *prio;
	int ret;

	if (!extra || !*extra)
		return gnutls_priority_set_direct(hs->session,
						  tquic_priority_base, NULL) ?
		       -EINVAL : 0;
	if (asprintf(&prio, "%s:%s", tquic_priority_base, extra) < 0)
		return -ENOMEM;
	ret = gnutls_priority_set_direct(hs->session, prio, &errpos);
	if (ret < 0)
		tquic_log(hs, LOG_ERR, "priorities \"%s\": %s at \"%s\"",
			  extra, gnutls_strerror(ret), errpos ? errpos : "");
	free(prio);
	return ret < 0 ? -EINVAL : 0;
}

/* GnuTLS took a NewSessionTicket: a session can be saved. */
static int tquic_ticket_hook(gnutls_session_t session, unsigned int htype,
			     unsigned int when, unsigned int incoming,
			     const gnutls_datum_t *msg)
{
	struct tquic_hs *hs = gnutls_session_get_ptr(session);

	(void)htype;
	(void)when;
	(void)msg;
	if (incoming)
		hs->ticket_seen = true;
	return 0;
}

/* Server: tickets with the caller's key; 0-RTT with anti-replay. */
static int tquic_server_tickets(struct tquic_hs *hs)
{
	const struct tquic_handshake_config *cfg = hs->cfg;
	gnutls_datum_t key = {
		.data = (unsigned char *)cfg->ticket_key,
		.size = TQUIC_TICKET_KEY_LEN,
	};
	gnutls_anti_replay_t ar;
	int ret;

	ret = gnutls_session_ticket_enable_server(hs->session, &key);
	if (ret < 0) {
		tquic_log(hs, LOG_ERR, "session tickets: %s",
			  gnutls_strerror(ret));
		return -EINVAL;
	}
	if (!tquic_cfg_early(cfg))
		return 0;
	ar = tquic_anti_replay();
	if (!ar)
		return -ENOMEM;
	gnutls_anti_replay_enable(hs->session, ar);
	/* QUIC's value: no limit but flow control (RFC 9001, 4.6.1) */
	gnutls_record_set_max_early_data_size(hs->session, 0xffffffff);
	return 0;
}

/* Client: resume the session given, with its remembered parameters. */
static int tquic_client_resume(struct tquic_hs *hs)
{
	const struct tquic_handshake_config *cfg = hs->cfg;
	struct tquic_session_parts sp;
	gnutls_datum_t d;
	int err;

	if (cfg->session_save)
		gnutls_handshake_set_hook_function(hs->session,
						   GNUTLS_HANDSHAKE_NEW_SESSION_TICKET,
						   GNUTLS_HOOK_POST,
						   tquic_ticket_hook);
	if (!cfg->session || !cfg->session_len)
		return 0;
	if (tquic_session_parse(cfg->session, cfg->session_len, &sp)) {
		tquic_log(hs, LOG_ERR, "the session to resume is not one");
		return -EINVAL;
	}
	d.data = (unsigned char *)sp.tls;
	d.size = sp.tls_len;
	err = gnutls_session_set_data(hs->session, d.data, d.size);
	if (err < 0) {
		tquic_log(hs, LOG_ERR, "the session to resume: %s",
			  gnutls_strerror(err));
		return -EINVAL;
	}
	if (!tquic_cfg_early(cfg) || !sp.tp_len)
		return 0;
	err = hs->io->setopt(hs->fd, TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM,
			     sp.tp, sp.tp_len);
	if (err == -EINVAL) {
		tquic_log(hs, LOG_ERR,
			  "the session's transport parameters are invalid");
		return -EINVAL;
	}
	if (err)
		return tquic_opt_fail(hs, "TQUIC_SOCKOPT_EARLY_TRANSPORT_PARAM",
				      err);
	return 0;
}

static int tquic_session(struct tquic_hs *hs)
{
	const struct tquic_handshake_config *cfg = hs->cfg;
	unsigned int flags = GNUTLS_NO_END_OF_EARLY_DATA;
	bool tickets;
	gnutls_session_t s;
	int ret;

	tickets = tquic_cfg_session(cfg) &&
		  (hs->server ? !!cfg->ticket_key :
		   cfg->session_save || (cfg->session && cfg->session_len));
	if (!tickets)
		flags |= GNUTLS_NO_TICKETS;
	else if (tquic_cfg_early(cfg))
		flags |= GNUTLS_ENABLE_EARLY_DATA;
	flags |= hs->server ? GNUTLS_SERVER : GNUTLS_CLIENT;
	if (gnutls_init(&hs->session, flags) < 0)
		return -ENOMEM;
	s = hs->session;
	gnutls_session_set_ptr(s, hs);
	gnutls_transport_set_ptr(s, hs);
	gnutls_transport_set_pull_function(s, tquic_pull);
	gnutls_transport_set_push_function(s, tquic_push);
	gnutls_handshake_set_read_function(s, tquic_read_func);
	gnutls_handshake_set_secret_function(s, tquic_secret_func);
	gnutls_alert_set_read_function(s, tquic_alert_func);
	ret = gnutls_session_ext_register(s, "quic_transport_parameters",
					  TQUIC_TP_EXT_TYPE, GNUTLS_EXT_TLS,
					  tquic_tp_recv, tquic_tp_send,
					  NULL, NULL, NULL,
					  GNUTLS_EXT_FLAG_TLS |
					  GNUTLS_EXT_FLAG_CLIENT_HELLO |
					  GNUTLS_EXT_FLAG_EE);
	if (ret < 0) {
		tquic_log(hs, LOG_ERR, "registering extension 0x39: %s",
			  gnutls_strerror(ret));
		return tquic_gnutls_errno(ret);
	}
	if (gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, hs->cred) < 0)
		return -ENOMEM;
	ret = tquic_priorities(hs) ?: tquic_alpn(hs) ?: tquic_verify_setup(hs);
	if (ret || !tickets)
		return ret;
	return hs->server ? tquic_server_tickets(hs) : tquic_client_resume(hs);
}

/* Log why the peer's certificate was not accepted. */
static void tquic_log_verify(struct tquic_hs *hs)
{
	unsigned int status = gnutls_session_get_verify_cert_status(hs->session);
	gnutls_datum_t out = {};

	if (gnutls_certificate_verification_status_print(status,
							 GNUTLS_CRT_X509,
							 &out, 0) < 0)
		return;
	tquic_log(hs, LOG_ERR, "peer certificate: %s", out.data);
	gnutls_free(out.data);
}

/*
 * Close the connection with TLS alert @alert as CRYPTO_ERROR (RFC 9001,
 * 4.8), so the peer learns why.  Best effort: the error to report stays
 * the local one.
 */
static void tquic_send_alert(struct tquic_hs *hs, unsigned int alert)
{
	union {
		struct tquic_connection_close cc;
		char room[sizeof(struct tquic_connection_close) + 64];
	} u = {};
	const char *name = gnutls_alert_get_name(alert);
	size_t n = name ? strlen(name) : 0;

	if (n > 64)
		n = 64;
	u.cc.errcode = TQUIC_ERR_CRYPTO_BASE + (alert & 0xff);
	u.cc.reason_len = n;
	memcpy(u.cc.reason, name, n);
	if (hs->io->setopt(hs->fd, TQUIC_SOCKOPT_CONNECTION_CLOSE, &u,
			   sizeof(u.cc) + n))
		tquic_log(hs, LOG_DEBUG, "could not send the TLS alert");
}

/* GnuTLS failed with @gerr: the alert goes to the peer; the errno to
 * return.
 */
static int tquic_tls_fail(struct tquic_hs *hs, int gerr)
{
	int level;

	if (hs->alert)
		tquic_send_alert(hs, hs->alert - 1);
	else if (gerr != GNUTLS_E_AGAIN)
		tquic_send_alert(hs, gnutls_error_to_alert(gerr, &level));
	if (hs->err)
		return hs->err;
	if (gerr == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR)
		tquic_log_verify(hs);
	else
		tquic_log(hs, LOG_ERR, "TLS: %s", gnutls_strerror(gerr));
	return tquic_gnutls_errno(gerr);
}

/* Hand what GnuTLS produced to the kernel, lowest level first. */
static int tquic_flush(struct tquic_hs *hs)
{
	struct tquic_bytes *b;
	size_t off, n;
	int level, err;

	for (level = 0; level < TQUIC_LEVELS; level++) {
		b = &hs->tx[level];
		for (off = 0; off < b->len; off += n) {
			n = b->len - off;
			if (n > TQUIC_HS_SEND_CHUNK)
				n = TQUIC_HS_SEND_CHUNK;
			err = hs->io->hs_send(hs->fd, level, b->data + off, n);
			if (err) {
				tquic_log(hs, LOG_ERR,
					  "sending handshake data: %s",
					  strerror(-err));
				return err;
			}
		}
		b->len = 0;
	}
	return 0;
}

/*
 * Feed GnuTLS what it can read and run it, again while that makes it
 * read at a level we hold bytes of.  1 once the handshake completed, 0
 * when it waits for the peer, or a negative errno.
 */
static int tquic_step(struct tquic_hs *hs)
{
	struct tquic_bytes *b;
	int level, ret, err;

	do {
		level = hs->rx_level;
		b = &hs->rx[level];
		if (b->len) {
			ret = gnutls_handshake_write(hs->session,
						     tquic_gnutls_level[level],
						     b->data, b->len);
			b->len = 0;
			if (ret < 0 && gnutls_error_is_fatal(ret))
				return tquic_tls_fail(hs, ret);
		}
		ret = gnutls_handshake(hs->session);
		/* A failed end sends nothing more. */
		if (ret && gnutls_error_is_fatal(ret))
			return tquic_tls_fail(hs, ret);
		err = tquic_flush(hs);
		if (err)
			return err;
		if (!ret)
			return 1;
	} while (hs->rx_level != level && hs->rx[hs->rx_level].len);
	return 0;
}

/* Wait for handshake data until @deadline (CLOCK_MONOTONIC ms). */
static int tquic_wait(struct tquic_hs *hs, __s64 deadline)
{
	struct pollfd p = { .fd = hs->fd, .events = POLLIN };
	__s64 now = tquic_now_ms();

	if (now >= deadline) {
		tquic_log(hs, LOG_ERR, "no handshake within %u ms",
			  hs->cfg->timeout_ms ?: TQUIC_TIMEOUT_MS);
		return -ETIMEDOUT;
	}
	if (deadline - now > INT_MAX)
		deadline = now + INT_MAX;
	if (poll(&p, 1, deadline - now) < 0 && errno != EINTR)
		return -errno;
	return 0;
}

/* A TLS alert (RFC 8446, 6.2) the peer closed the connection with. */
static int tquic_alert_errno(unsigned int alert)
{
	switch (alert) {
	case GNUTLS_A_BAD_CERTIFICATE:
	case GNUTLS_A_UNSUPPORTED_CERTIFICATE:
	case GNUTLS_A_CERTIFICATE_REVOKED:
	case GNUTLS_A_CERTIFICATE_EXPIRED:
	case GNUTLS_A_CERTIFICATE_UNKNOWN:
	case GNUTLS_A_UNKNOWN_CA:
	case GNUTLS_A_ACCESS_DENIED:
	case GNUTLS_A_CERTIFICATE_REQUIRED:
		return -EKEYREJECTED;
	case GNUTLS_A_NO_APPLICATION_PROTOCOL:
		return -ENOPROTOOPT;
	case GNUTLS_A_HANDSHAKE_FAILURE:
	case GNUTLS_A_PROTOCOL_VERSION:
	case GNUTLS_A_INSUFFICIENT_SECURITY:
		return -EPROTONOSUPPORT;
	}
	return -EPROTO;
}

/*
 * The connection closed during the handshake (@n: what recvmsg() said):
 * why, from TQUIC_SOCKOPT_CONNECTION_CLOSE.  A peer's TLS alert arrives
 * as CRYPTO_ERROR 0x100 + alert (RFC 9001, 4.8).
 */
static int tquic_closed(struct tquic_hs *hs, ssize_t n)
{
	union {
		struct tquic_connection_close cc;
		char room[sizeof(struct tquic_connection_close) +
			  TQUIC_CLOSE_REASON_MAX];
	} u;
	struct tquic_connection_close *cc = &u.cc;
	socklen_t len = sizeof(u);
	int err = n ? (int)n : -ECONNRESET;
	unsigned int alert;

	if (n == -EPROTONOSUPPORT) {
		/* Version Negotiation: TQUIC_SOCKOPT_SERVER_VERSIONS */
		tquic_log(hs, LOG_ERR,
			  "the server does not speak this QUIC version");
		return n;
	}
	if (hs->io->getopt(hs->fd, TQUIC_SOCKOPT_CONNECTION_CLOSE, &u, &len) ||
	    len < sizeof(*cc) || cc->reason_len > len - sizeof(*cc)) {
		if (n)
			tquic_log(hs, LOG_ERR, "receiving handshake data: %s",
				  strerror(-err));
		else
			tquic_log(hs, LOG_ERR,
				  "the connection closed during the handshake");
		return err;
	}
	if (!cc->app && cc->errcode >= TQUIC_ERR_CRYPTO_BASE &&
	    cc->errcode <= TQUIC_ERR_CRYPTO_BASE + 0xff) {
		alert = cc->errcode - TQUIC_ERR_CRYPTO_BASE;
		tquic_log(hs, LOG_ERR, "%s closed the connection: TLS alert %s (%u)",
			  cc->by_peer ? "the peer" : "the kernel",
			  gnutls_alert_get_name(alert) ?: "unknown", alert);
		return tquic_alert_errno(alert);
	}
	tquic_log(hs, LOG_ERR,
		  "%s closed the connection: %s error 0x%llx%s%.*s",
		  cc->by_peer ? "the peer" : "the kernel",
		  cc->app ? "application" : "transport",
		  (unsigned long long)cc->errcode, cc->reason_len ? ", " : "",
		  (int)cc->reason_len, cc->reason);
	return cc->by_peer ? -ECONNRESET : err;
}

/* Receive and feed handshake data until GnuTLS completes. */
static int tquic_run(struct tquic_hs *hs)
{
	unsigned int timeout = hs->cfg->timeout_ms ?: TQUIC_TIMEOUT_MS;
	unsigned char buf[4096];
	__s64 deadline = tquic_now_ms() + timeout;
	int done, level = -1;
	ssize_t n;

	/* A client's first step makes its ClientHello. */
	done = tquic_step(hs);
	/* Early data goes behind it, under the 0-RTT key. */
	if (!done && !hs->server && hs->early && hs->cfg->early_data) {
		done = hs->cfg->early_data(hs->cfg->early_arg, hs->fd);
		if (done > 0)
			done = 0;
		if (done)
			tquic_log(hs, LOG_ERR, "sending early data: %s",
				  strerror(-done));
	}
	while (!done) {
		n = hs->io->hs_recv(hs->fd, buf, sizeof(buf), &level);
		if (n == -EAGAIN) {
			done = tquic_wait(hs, deadline);
			continue;
		}
		if (n <= 0)
			return tquic_closed(hs, n);
		if (level < hs->rx_level || level >= TQUIC_LEVELS ||
		    hs->rx[level].len + n > TQUIC_HS_RX_MAX) {
			tquic_log(hs, LOG_ERR,
				  "unexpected handshake data at level %d",
				  level);
			return -EPROTO;
		}
		if (tquic_bytes_add(&hs->rx[level], buf, n))
			return -ENOMEM;
		done = tquic_step(hs);
	}
	return done < 0 ? done : 0;
}

/* Who the peer is, for the log. */
static void tquic_peer_name(struct tquic_hs *hs, char *buf, size_t len)
{
	const gnutls_datum_t *certs;
	gnutls_x509_crt_t crt;
	gnutls_datum_t dn = {};
	unsigned int n = 0;

	snprintf(buf, len, "no certificate");
	certs = gnutls_certificate_get_peers(hs->session, &n);
	if (!certs || !n || gnutls_x509_crt_init(&crt) < 0)
		return;
	if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crt_get_dn3(crt, &dn, 0) >= 0)
		snprintf(buf, len, "%s", dn.data);
	gnutls_free(dn.data);
	gnutls_x509_crt_deinit(crt);
}

/*
 * Client that saves sessions: wait a while for the server's ticket (RFC
 * 8446, 4.6.1; it comes in 1-RTT CRYPTO frames), hand it to GnuTLS and
 * the session to the caller.  Not getting one is no failure.
 */
static void tquic_ticket_wait(struct tquic_hs *hs, __s64 deadline)
{
	const struct tquic_handshake_config *cfg = hs->cfg;
	unsigned char buf[TQUIC_SESSION_TICKET_MAX];
	unsigned char out[TQUIC_SESSION_MAX];
	struct tquic_session_parts sp = {};
	__s64 now = tquic_now_ms(), end;
	gnutls_datum_t d = {};
	size_t len = sizeof(out);
	ssize_t n;
	int ret;

	end = now + TQUIC_TICKET_WAIT_MS < deadline ?
	      now + TQUIC_TICKET_WAIT_MS : deadline;
	while (!hs->ticket_seen && now < end) {
		n = hs->io->ticket_recv(hs->fd, buf, sizeof(buf), end - now);
		if (n < 0 && n != -ETIMEDOUT)
			tquic_log(hs, LOG_DEBUG, "waiting for a ticket: %s",
				  strerror(-n));
		if (n < 0)
			break;
		if (n > 0) {
			ret = gnutls_handshake_write(hs->session,
						     GNUTLS_ENCRYPTION_LEVEL_APPLICATION,
						     buf, n);
			if (ret < 0 && gnutls_error_is_fatal(ret)) {
				tquic_log(hs, LOG_ERR, "the server's ticket: %s",
					  gnutls_strerror(ret));
				return;
			}
		}
		now = tquic_now_ms();
	}
	if (!hs->ticket_seen) {
		tquic_log(hs, LOG_INFO, "no session ticket from the server");
		return;
	}
	ret = gnutls_session_get_data2(hs->session, &d);
	if (ret < 0) {
		tquic_log(hs, LOG_ERR, "saving the session: %s",
			  gnutls_strerror(ret));
		return;
	}
	sp.tp = hs->peer_tp_buf;
	sp.tp_len = hs->peer_tp_len;
	sp.tls = d.data;
	sp.tls_len = d.size;
	if (!tquic_session_pack(&sp, out, &len)) {
		cfg->session_save(cfg->session_arg, out, len);
		tquic_log(hs, LOG_INFO, "session saved (%zu bytes)", len);
	} else {
		tquic_log(hs, LOG_ERR, "the session is too large to save");
	}
	gnutls_memset(out, 0, sizeof(out));
	gnutls_memset(d.data, 0, d.size);
	gnutls_free(d.data);
}

/* Whether the server took the early data, as the kernel needs it. */
static __u32 tquic_early_flags(struct tquic_hs *hs)
{
	if (!hs->early ||
	    !(gnutls_session_get_flags(hs->session) & GNUTLS_SFLAGS_EARLY_DATA))
		return 0;
	return TQUIC_HANDSHAKE_F_EARLY_ACCEPTED;
}

/* GnuTLS completed: ALPN to the socket, then tell the kernel. */
static int tquic_finish(struct tquic_hs *hs)
{
	const struct tquic_suite *suite = tquic_suite(hs->session);
	__u32 flags = tquic_early_flags(hs);
	gnutls_datum_t alpn = {};
	char peer[256];
	int err;

	if (!hs->peer_tp || !suite) {
		tquic_log(hs, LOG_ERR, "completed without %s",
			  suite ? "transport parameters" : "a cipher suite");
		return -EPROTO;
	}
	if (gnutls_alpn_get_selected_protocol(hs->session, &alpn) < 0) {
		tquic_log(hs, LOG_ERR, "no application protocol negotiated");
		return -ENOPROTOOPT;
	}
	err = hs->io->setopt(hs->fd, TQUIC_SOCKOPT_ALPN, alpn.data, alpn.size);
	if (err)
		return tquic_opt_fail(hs, "TQUIC_SOCKOPT_ALPN", err);
	err = hs->io->setopt(hs->fd, TQUIC_SOCKOPT_HANDSHAKE_COMPLETE, &flags,
			     sizeof(flags));
	if (err)
		return tquic_opt_fail(hs, "TQUIC_SOCKOPT_HANDSHAKE_COMPLETE",
				      err);
	tquic_peer_name(hs, peer, sizeof(peer));
	tquic_log(hs, LOG_INFO,
		  "handshake complete: cipher 0x%04x %s, group %s, ALPN %.*s, peer %s (%s)",
		  suite->id, suite->name,
		  gnutls_group_get_name(gnutls_group_get(hs->session)),
		  (int)alpn.size, alpn.data, peer,
		  hs->server && !hs->cfg->ca_file ? "not asked for" :
		  hs->cfg->flags & TQUIC_HANDSHAKE_INSECURE ?
		  "not verified" : "verified");
	if (gnutls_session_is_resumed(hs->session))
		tquic_log(hs, LOG_INFO, "session resumed, 0-RTT %s",
			  !hs->early ? "not used" :
			  flags ? "accepted" : "refused");
	return 0;
}

int tquic_handshake_io(int fd, const struct tquic_handshake_config *cfg,
		       bool server, const struct tquic_io *io)
{
	struct tquic_hs hs = {
		.cfg = cfg,
		.io = io,
		.fd = fd,
		.server = server,
		.rx_level = TQUIC_CRYPTO_INITIAL,
	};
	__s64 deadline;
	int level, err;

	if (!cfg || fd < 0)
		return -EINVAL;
	err = tquic_creds(&hs);
	if (!err)
		err = tquic_session(&hs);
	deadline = tquic_now_ms() + (cfg->timeout_ms ?: TQUIC_TIMEOUT_MS);
	if (!err)
		err = tquic_run(&hs);
	if (!err)
		err = tquic_finish(&hs);
	if (!err && !server && tquic_cfg_session(cfg) && cfg->session_save)
		tquic_ticket_wait(&hs, deadline);
	if (err)
		tquic_log(&hs, LOG_ERR, "%s handshake failed: %s",
			  server ? "server" : "client",
			  tquic_handshake_error(err));
	if (hs.session)
		gnutls_deinit(hs.session);
	if (hs.cred)
		gnutls_certificate_free_credentials(hs.cred);
	for (level = 0; level < TQUIC_LEVELS; level++) {
		free(hs.tx[level].data);
		free(hs.rx[level].data);
	}
	return err;
}

int tquic_client_handshake(int fd, const struct tquic_handshake_config *cfg)
{
	return tquic_handshake_io(fd, cfg, false, &tquic_sock_io);
}

int tquic_server_handshake(int fd, const struct tquic_handshake_config *cfg)
{
	return tquic_handshake_io(fd, cfg, true, &tquic_sock_io);
}
