/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libtquic: the TLS 1.3 handshake of tquic sockets, in user space.
 *
 * The kernel (tquic.ko) carries QUIC; TLS runs here, with GnuTLS.  An
 * application makes a QUIC socket (socket(AF_INET or AF_INET6,
 * SOCK_DGRAM, IPPROTO_QUIC)), sets its ALPN list (TQUIC_SOCKOPT_ALPN),
 * connect()s or accept()s, and calls tquic_client_handshake() or
 * tquic_server_handshake() on the connection's socket.  When that
 * returns 0 the connection is established: stream data and datagrams
 * flow with tquic_stream_send() and tquic_stream_recv() (or sendmsg()
 * and recvmsg() with a TQUIC_CMSG_STREAM_INFO control message), and
 * getsockopt(TQUIC_SOCKOPT_ALPN) gives the one protocol negotiated.
 *
 * See Documentation/networking/tquic-tls.rst and
 * tquic_client_handshake(3).
 */
#ifndef _LIBTQUIC_H
#define _LIBTQUIC_H

#include <sys/types.h>

#include <linux/tquic.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Skip the verification of the peer's certificate (tests only). */
#define TQUIC_HANDSHAKE_INSECURE	0x0001
/* The session members of struct tquic_handshake_config are set. */
#define TQUIC_HANDSHAKE_SESSION		0x0002
/* 0-RTT: a client sends early data, a server accepts it (with SESSION). */
#define TQUIC_HANDSHAKE_EARLY_DATA	0x0004

/* Bytes of a server's session ticket key (tquic_ticket_key_generate()) */
#define TQUIC_TICKET_KEY_LEN		64
/* The longest session a client is given to save */
#define TQUIC_SESSION_MAX		(TQUIC_SESSION_TICKET_MAX + 1024)

/**
 * struct tquic_handshake_config - how to run a handshake
 * @cert_file: PEM certificate chain; required for a server, optional for
 *	a client (offered when the server asks for one)
 * @key_file: PEM private key of @cert_file
 * @ca_file: PEM trust anchors the peer's certificate must chain to;
 *	NULL: the system's store.  A server given one requires and verifies
 *	a client certificate.
 * @server_name: client: the name sent as SNI (unless it is an IP
 *	address) and that the server's certificate must carry (a DNS name
 *	or an IP address).  Required unless %TQUIC_HANDSHAKE_INSECURE.
 *	Unused by a server.
 * @priorities: NULL, or GnuTLS priority string elements appended to the
 *	library's TLS 1.3-only base, e.g. "-CIPHER-ALL:+CHACHA20-POLY1305"
 *	for ChaCha20-Poly1305 only.  Cipher suites the kernel does not
 *	support (AES-CCM) fail the handshake.
 * @timeout_ms: the whole handshake's time limit; 0 means 10000
 * @flags: TQUIC_HANDSHAKE_*
 * @log: NULL, or a function that gets the handshake's messages: errors
 *	with their detail (LOG_ERR), the outcome (LOG_INFO: cipher suite,
 *	ALPN, peer) and each step (LOG_DEBUG); priorities as in syslog(3).
 *	@msg has no trailing newline.
 * @log_arg: passed to @log
 *
 * Read only with %TQUIC_HANDSHAKE_SESSION in @flags (resumption, RFC 8446
 * 2.2, and 0-RTT):
 * @session: client: a session @session_save gave on an earlier
 *	connection to the same server, to resume (NULL or @session_len 0:
 *	a full handshake).  A session the server no longer takes just
 *	means a full handshake.
 * @session_len: its length
 * @session_save: client: NULL, or called (before the handshake returns)
 *	with a session to resume later, once the server sent a ticket; the
 *	handshake then waits up to 1 s (within @timeout_ms) after it
 *	completes for the server's ticket.  The data is opaque, at most
 *	%TQUIC_SESSION_MAX bytes, and holds secrets: store it like a key.
 * @session_arg: passed to @session_save
 * @ticket_key: server: %TQUIC_TICKET_KEY_LEN random bytes, the same for
 *	every connection whose tickets it should take back (see
 *	tquic_ticket_key_generate()); NULL: no tickets are issued.
 *
 * Read only with %TQUIC_HANDSHAKE_EARLY_DATA in @flags as well (0-RTT,
 * RFC 9001 4.6): a server then accepts early data on tickets it issued,
 * once each (a ticket replayed within its 10 s window is refused: the
 * data then comes in 1-RTT instead).  A client resuming a session that
 * allows it:
 * @early_data: called once the 0-RTT keys are in place, before the
 *	server's answer: send the early data here with tquic_stream_send()
 *	(it must be safe to replay).  Return 0, or a negative errno to fail
 *	the handshake.  When the server refuses 0-RTT the kernel sends the
 *	same data again in 1-RTT packets; struct tquic_connection_info
 *	.early_data (TQUIC_SOCKOPT_CONNECTION_INFO) tells which happened.
 * @early_arg: passed to @early_data
 *
 * Zero the structure before filling it in.  Members are only ever
 * appended, and each new one is read only when a new @flags bit says it
 * is set, so programs built against an older header keep working.
 */
struct tquic_handshake_config {
	const char *cert_file;
	const char *key_file;
	const char *ca_file;
	const char *server_name;
	const char *priorities;
	unsigned int timeout_ms;
	unsigned int flags;
	void (*log)(void *log_arg, int prio, const char *msg);
	void *log_arg;
	const void *session;
	size_t session_len;
	void (*session_save)(void *session_arg, const void *data, size_t len);
	void *session_arg;
	const void *ticket_key;
	int (*early_data)(void *early_arg, int fd);
	void *early_arg;
};

/**
 * tquic_client_handshake - run the TLS handshake of a client connection
 * @fd: a QUIC socket after connect(), with TQUIC_SOCKOPT_ALPN set
 * @cfg: the configuration
 *
 * Blocks until the handshake completes, fails or times out.  On success
 * the traffic secrets, the peer's transport parameters and the
 * negotiated ALPN are installed in the kernel and the handshake is
 * marked complete.  On failure the connection is unusable: close @fd.
 *
 * Return: 0, or a negative errno value:
 * -EINVAL: bad arguments (no server name, no ALPN on the socket, a bad
 *	priority string),
 * -ENOENT, -EACCES: a certificate, key or CA file cannot be read,
 * -ENOKEY: one cannot be used (not PEM, key does not match),
 * -EKEYREJECTED: the peer's certificate failed verification, or the peer
 *	sent none where one is required,
 * -ENOPROTOOPT: no application protocol (ALPN) in common,
 * -EPROTONOSUPPORT: no TLS version, cipher suite or group in common,
 * -EPROTO: the peer broke the TLS or QUIC rules (including bad or missing
 *	transport parameters),
 * -ETIMEDOUT: @cfg->timeout_ms passed,
 * -ECONNRESET: the connection closed during the handshake,
 * -EOPNOTSUPP: the kernel lacks a socket option the handshake needs,
 * -ENOMEM, or another error of the socket calls.
 */
int tquic_client_handshake(int fd, const struct tquic_handshake_config *cfg);

/**
 * tquic_server_handshake - run the TLS handshake of a server connection
 * @fd: a socket accept() returned (it inherits the listener's ALPN list)
 * @cfg: the configuration; @cert_file and @key_file are required
 *
 * As tquic_client_handshake(), from the server's side.
 */
int tquic_server_handshake(int fd, const struct tquic_handshake_config *cfg);

/**
 * tquic_handshake_error - describe a handshake's return value
 * @err: what tquic_client_handshake() or tquic_server_handshake()
 *	returned
 *
 * Return: a constant string, e.g. "peer certificate rejected" for
 * -EKEYREJECTED.
 */
const char *tquic_handshake_error(int err);

/**
 * tquic_ticket_key_generate - a new session ticket key for a server
 * @key: %TQUIC_TICKET_KEY_LEN bytes to fill
 *
 * Return: 0, or -EIO when no random bytes could be had.
 */
int tquic_ticket_key_generate(void *key);

/**
 * tquic_early_data_init - set up the server's 0-RTT anti-replay table
 *
 * A server accepting 0-RTT remembers every ClientHello whose early data
 * it took, for 10 s, and refuses the same one again.  The table is made
 * by the first such handshake; a server that forks a worker per
 * connection calls this first so that all its workers share one.
 *
 * Return: 0, or -ENOMEM.
 */
int tquic_early_data_init(void);

/**
 * tquic_stream_send - send on a stream, or a datagram
 * @fd: an established connection's socket
 * @stream_id: RFC 9000 stream id (ignored for a datagram)
 * @flags: TQUIC_STREAM_FLAG_FIN ends the stream (@len may be 0);
 *	TQUIC_STREAM_FLAG_DATAGRAM sends @buf as one DATAGRAM frame
 * @buf: the data
 * @len: its length
 *
 * Return: bytes sent, or a negative errno value (see struct
 * tquic_stream_info in <linux/tquic.h>).
 */
ssize_t tquic_stream_send(int fd, __s64 stream_id, __u32 flags,
			  const void *buf, size_t len);

/**
 * tquic_stream_recv - receive stream data or a datagram
 * @fd: an established connection's socket
 * @buf: where the data goes
 * @len: its room
 * @stream_id: set to the stream the data came from
 * @flags: set to TQUIC_STREAM_FLAG_* of the data (FIN: it ends the
 *	stream; DATAGRAM: it is one datagram)
 *
 * Handshake messages that arrive after the handshake are dropped.  Events
 * turned on with tquic_event_set() come in order with the data:
 * *@flags is then TQUIC_STREAM_RECV_EVENT, *@stream_id -1 and @buf holds
 * a struct tquic_event (give it TQUIC_EVENT_MAX_LEN bytes).  With no
 * event on (the default) no event is ever returned.
 * Return: bytes received (0 with TQUIC_STREAM_FLAG_FIN in *@flags: the
 * stream ended with no more data), 0 with *@stream_id -1 once the
 * connection closed, or a negative errno value.
 */
ssize_t tquic_stream_recv(int fd, void *buf, size_t len, __s64 *stream_id,
			  __u32 *flags);

/* tquic_stream_recv() *flags: @buf holds an event, not stream data. */
#define TQUIC_STREAM_RECV_EVENT		0x80000000U

/**
 * tquic_event_set - turn event notifications of one type on or off
 * @fd: a tquic socket (a listener's accepted sockets start with its
 *	settings)
 * @type: enum tquic_event_type
 * @on: 1 to deliver them, 0 not to
 *
 * Events come through tquic_stream_recv() (or recvmsg() with
 * TQUIC_MSG_NOTIFICATION in msg_flags); see "Events" in <linux/tquic.h>.
 * Turned on before the handshake, a close during it makes the handshake
 * fail with -ECONNRESET and other events are dropped: turn them on once
 * it returned (the NEW_TOKEN of a tquic server comes after that).
 * Return: 0, or -EINVAL for an unknown type (or another negative errno
 * value of setsockopt()).
 */
int tquic_event_set(int fd, int type, int on);

#ifdef __cplusplus
}
#endif

#endif /* _LIBTQUIC_H */
