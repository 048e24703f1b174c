/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP/3 (libnghttp3) over a tquic socket: what h3-client and h3-server
 * share.  The handshake is libtquic's; nghttp3 does the framing and
 * QPACK; each QUIC stream's bytes go through sendmsg()/recvmsg() with a
 * TQUIC_CMSG_STREAM_INFO control message.
 */
#ifndef _TQUIC_INTEROP_H3_H
#define _TQUIC_INTEROP_H3_H

#include <stdbool.h>
#include <stdint.h>

#include <nghttp3/nghttp3.h>

#include "common.h"

#define H3_ALPN		"h3"

/*
 * Our HTTP/3 unidirectional streams (RFC 9114, 6.2): the control stream
 * and the QPACK encoder and decoder streams (RFC 9204, 4.2), the first
 * three unidirectional stream IDs of each side.
 */
#define H3_CLIENT_UNI0	2
#define H3_SERVER_UNI0	3

/* The streams we let the peer open (it needs three unidirectional). */
#define H3_PEER_STREAMS_BIDI	100
#define H3_PEER_STREAMS_UNI	16

/* One HTTP/3 connection on an established tquic socket. */
struct h3 {
	struct ex *ex;
	int fd;
	nghttp3_conn *conn;
	bool closed;		/* the QUIC connection is gone */
};

/*
 * ex_socket() with ALPN h3 and transport parameters that let the peer
 * open the streams HTTP/3 needs.  -1 on failure (reported).
 */
int h3_socket(struct ex *ex, const char *host, const char *port,
	      struct sockaddr_storage *addr, socklen_t *addrlen);
/*
 * nghttp3 on @fd (handshake done): a client or server connection with
 * @cb and @user as its user data, its three unidirectional streams bound.
 */
int h3_init(struct h3 *h, struct ex *ex, int fd, bool server,
	    const nghttp3_callbacks *cb, void *user);
void h3_free(struct h3 *h);
/* Hand everything nghttp3 has to send to the kernel. 0 or an exit code. */
int h3_flush(struct h3 *h);
/*
 * Read one piece of stream data and feed it to nghttp3.  0, or an exit
 * code; h->closed once the connection is gone.  -EAGAIN (returned as
 * is) when nothing came within the socket's receive timeout.
 */
int h3_read(struct h3 *h);
/* Close the connection with HTTP/3 error @code (H3_NO_ERROR: 0x100). */
void h3_close(struct h3 *h, uint64_t code);
/* An nghttp3_nv of two C strings. */
nghttp3_nv h3_nv(const char *name, const char *value);
/* The bytes of an nghttp3_rcbuf as a C string in @buf (truncated). */
void h3_rcbuf_str(nghttp3_rcbuf *rc, char *buf, size_t len);

#endif /* _TQUIC_INTEROP_H3_H */
