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
 * Handshake messages that arrive after the handshake are dropped (the
 * library asks for no session tickets, so none are expected).
 * Return: bytes received (0 with TQUIC_STREAM_FLAG_FIN in *@flags: the
 * stream ended with no more data), 0 with *@stream_id -1 once the
 * connection closed, or a negative errno value.
 */
ssize_t tquic_stream_recv(int fd, void *buf, size_t len, __s64 *stream_id,
			  __u32 *flags);

#ifdef __cplusplus
}
#endif

#endif /* _LIBTQUIC_H */
