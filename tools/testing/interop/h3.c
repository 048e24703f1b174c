// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/3 (libnghttp3) over a tquic socket: the socket set-up and the
 * loop between nghttp3 and the kernel's streams.
 *
 * The kernel copies what sendmsg() takes and retransmits it itself, so
 * bytes it accepted count as acknowledged for nghttp3 at once (it may
 * free its frames and the application its body buffers).
 */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "h3.h"

#define H3_IOV_MAX	16

int h3_socket(struct ex *ex, const char *host, const char *port,
	      struct sockaddr_storage *addr, socklen_t *addrlen)
{
	struct tquic_transport_param tp;
	socklen_t len = sizeof(tp);
	int fd;

	fd = ex_socket(ex, host, port, addr, addrlen);
	if (fd < 0)
		return -1;
	if (getsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp,
		       &len))
		goto fail;
	if (tp.max_streams_uni < H3_PEER_STREAMS_UNI)
		tp.max_streams_uni = H3_PEER_STREAMS_UNI;
	if (tp.max_streams_bidi < H3_PEER_STREAMS_BIDI)
		tp.max_streams_bidi = H3_PEER_STREAMS_BIDI;
	if (!setsockopt(fd, SOL_QUIC, TQUIC_SOCKOPT_TRANSPORT_PARAM, &tp,
			sizeof(tp)))
		return fd;
fail:
	ex_msg(ex, "transport parameters: %s", strerror(errno));
	close(fd);
	return -1;
}

/* sendmsg() of @iov on stream @sid: bytes taken or -errno. */
static ssize_t h3_sendv(int fd, int64_t sid, bool fin, struct iovec *iov,
			int n)
{
	char cbuf[CMSG_SPACE(sizeof(struct tquic_stream_info))] = {};
	struct tquic_stream_info info = {
		.stream_id = sid,
		.flags = fin ? TQUIC_STREAM_FLAG_FIN : 0,
	};
	struct msghdr msg = {
		.msg_iov = iov,
		.msg_iovlen = n,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	ssize_t ret;

	cm->cmsg_level = SOL_QUIC;
	cm->cmsg_type = TQUIC_CMSG_STREAM_INFO;
	cm->cmsg_len = CMSG_LEN(sizeof(info));
	memcpy(CMSG_DATA(cm), &info, sizeof(info));
	do {
		ret = sendmsg(fd, &msg, 0);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int h3_init(struct h3 *h, struct ex *ex, int fd, bool server,
	    const nghttp3_callbacks *cb, void *user)
{
	int64_t uni = server ? H3_SERVER_UNI0 : H3_CLIENT_UNI0;
	nghttp3_settings settings;
	int rv;

	memset(h, 0, sizeof(*h));
	h->ex = ex;
	h->fd = fd;
	nghttp3_settings_default(&settings);
	settings.qpack_max_dtable_capacity = 4096;
	settings.qpack_blocked_streams = 100;
	if (server)
		rv = nghttp3_conn_server_new(&h->conn, cb, &settings, NULL,
					     user);
	else
		rv = nghttp3_conn_client_new(&h->conn, cb, &settings, NULL,
					     user);
	if (rv)
		goto fail;
	if (server)
		nghttp3_conn_set_max_client_streams_bidi(h->conn,
							 H3_PEER_STREAMS_BIDI);
	/* Stream IDs of one type go up in fours. */
	rv = nghttp3_conn_bind_control_stream(h->conn, uni);
	if (!rv)
		rv = nghttp3_conn_bind_qpack_streams(h->conn, uni + 4, uni + 8);
	/* nghttp3 may write the QPACK decoder stream (+8) before the
	 * encoder stream (+4): the kernel opens the lower one with it.
	 */
	if (!rv)
		return EX_OK;
fail:
	ex_msg(ex, "nghttp3: %s", nghttp3_strerror(rv));
	h3_free(h);
	return EX_SETUP;
}

void h3_free(struct h3 *h)
{
	nghttp3_conn_del(h->conn);
	h->conn = NULL;
}

/*
 * Send @vec on @sid until the kernel took all of it (it may take part
 * of a write), then the FIN alone if @fin.  Bytes sent or -errno.
 */
static ssize_t h3_send_all(struct h3 *h, int64_t sid, bool fin,
			   const nghttp3_vec *vec, int cnt)
{
	struct iovec iov[H3_IOV_MAX], *v = iov;
	size_t total = 0, left = 0;
	ssize_t n;
	int i;

	for (i = 0; i < cnt; i++) {
		iov[i].iov_base = vec[i].base;
		iov[i].iov_len = vec[i].len;
		left += vec[i].len;
	}
	while (left) {
		n = h3_sendv(h->fd, sid, false, v, cnt);
		if (n < 0)
			return n;
		total += n;
		left -= n;
		/* Step over what went out. */
		while (cnt && (size_t)n >= v->iov_len) {
			n -= v->iov_len;
			v++;
			cnt--;
		}
		if (cnt) {
			v->iov_base = (char *)v->iov_base + n;
			v->iov_len -= n;
		}
	}
	if (fin) {
		n = h3_sendv(h->fd, sid, true, NULL, 0);
		if (n < 0)
			return n;
	}
	return total;
}

int h3_flush(struct h3 *h)
{
	nghttp3_vec vec[H3_IOV_MAX];
	nghttp3_ssize cnt;
	int64_t sid;
	ssize_t n;
	int fin, rv;

	for (;;) {
		cnt = nghttp3_conn_writev_stream(h->conn, &sid, &fin, vec,
						 H3_IOV_MAX);
		if (cnt < 0) {
			ex_msg(h->ex, "nghttp3 writev: %s",
			       nghttp3_strerror(cnt));
			return EX_TRANSFER;
		}
		if (sid < 0)
			return EX_OK;
		n = h3_send_all(h, sid, fin, vec, cnt);
		if (n < 0)
			return ex_io_failed(h->ex, "sending", n);
		rv = nghttp3_conn_add_write_offset(h->conn, sid, n);
		if (!rv && n)
			rv = nghttp3_conn_add_ack_offset(h->conn, sid, n);
		if (rv) {
			ex_msg(h->ex, "nghttp3: %s", nghttp3_strerror(rv));
			return EX_TRANSFER;
		}
	}
}

int h3_read(struct h3 *h)
{
	static uint8_t buf[65536];
	nghttp3_ssize rv;
	__s64 sid;
	__u32 flags;
	ssize_t n;

	n = tquic_stream_recv(h->fd, buf, sizeof(buf), &sid, &flags);
	if (n == -EAGAIN)
		return n;
	if ((!n && sid < 0) || n == -ECONNRESET) {
		h->closed = true;
		return EX_OK;
	}
	if (n < 0)
		return ex_io_failed(h->ex, "receiving", n);
	if (flags & TQUIC_STREAM_FLAG_DATAGRAM)
		return EX_OK;
	rv = nghttp3_conn_read_stream(h->conn, sid, buf, n,
				      !!(flags & TQUIC_STREAM_FLAG_FIN));
	if (rv < 0) {
		ex_msg(h->ex, "nghttp3 on stream %lld: %s", (long long)sid,
		       nghttp3_strerror(rv));
		h3_close(h, nghttp3_err_infer_quic_app_error_code(rv));
		return EX_TRANSFER;
	}
	return EX_OK;
}

void h3_close(struct h3 *h, uint64_t code)
{
	struct tquic_connection_close cc = { .errcode = code, .app = 1 };

	if (h->closed)
		return;
	if (setsockopt(h->fd, SOL_QUIC, TQUIC_SOCKOPT_CONNECTION_CLOSE, &cc,
		       sizeof(cc)))
		ex_msg(h->ex, "closing: %s", strerror(errno));
	h->closed = true;
}

nghttp3_nv h3_nv(const char *name, const char *value)
{
	nghttp3_nv nv = {
		.name = (uint8_t *)name,
		.value = (uint8_t *)value,
		.namelen = strlen(name),
		.valuelen = strlen(value),
		.flags = NGHTTP3_NV_FLAG_NONE,
	};

	return nv;
}

void h3_rcbuf_str(nghttp3_rcbuf *rc, char *buf, size_t len)
{
	nghttp3_vec v = nghttp3_rcbuf_get_buf(rc);

	if (v.len > len - 1)
		v.len = len - 1;
	memcpy(buf, v.base, v.len);
	buf[v.len] = '\0';
}
