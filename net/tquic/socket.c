// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: QUIC sockets - socket(AF_INET/AF_INET6, SOCK_DGRAM/SOCK_STREAM,
 * IPPROTO_QUIC), bind, listen and the SOL_QUIC socket options.
 *
 * A QUIC socket is not in the inet hash tables: bind() attaches it to the
 * netns' shared kernel UDP socket for its address (udp.c), which receives
 * for all the QUIC sockets on it.
 *
 * Locking: the socket lock serialises bind, listen, close and the socket
 * options.
 */
#include <linux/module.h>
#include <linux/net.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/sock.h>
#include <net/transp_v6.h>

#include "compat.h"
#include "crypto.h"
#include "frame.h"
#include "packet.h"
#include "tquic.h"

/**
 * struct tquic_sock - a QUIC socket
 * @inet: inet socket, first
 * @udp: the shared UDP socket it is bound to, or NULL
 * @listening: counted as a listener on @udp
 * @version: QUIC version to offer or prefer
 * @alpn_len: length of @alpn
 * @alpn: application protocols, comma separated, not NUL terminated
 * @tp: transport parameters this endpoint announces
 */
struct tquic_sock {
	struct inet_sock inet;
	struct tquic_udp_sock *udp;
	bool listening;
	u32 version;
	u8 alpn_len;
	char alpn[TQUIC_ALPN_MAX];
	struct tquic_transport_param tp;
};

/* ipv6_pinfo last: 6.1 finds it at the end of the object. */
struct tquic6_sock {
	struct tquic_sock tq;
	struct ipv6_pinfo inet6;
};

static struct tquic_sock *tquic_sk(const struct sock *sk)
{
	return (struct tquic_sock *)sk;
}

static int tquic_init_sock(struct sock *sk)
{
	const struct tquic_params *p = &tquic_net(sock_net(sk))->params;
	struct tquic_sock *tq = tquic_sk(sk);

	tq->version = TQUIC_VERSION_1;
	tq->tp = (struct tquic_transport_param) {
		.max_udp_payload_size = READ_ONCE(p->max_udp_payload),
		.ack_delay_exponent = READ_ONCE(p->ack_delay_exponent),
		.max_ack_delay = READ_ONCE(p->max_ack_delay_ms),
		.active_connection_id_limit = READ_ONCE(p->active_cid_limit),
		.max_idle_timeout = READ_ONCE(p->idle_timeout_ms),
		.max_streams_bidi = READ_ONCE(p->max_streams_bidi),
		.max_streams_uni = READ_ONCE(p->max_streams_uni),
	};
	return 0;
}

/* Not in the inet hash tables: the shared UDP socket is. */
static int tquic_hash(struct sock *sk)
{
	return 0;
}

static void tquic_unhash(struct sock *sk)
{
}

static void tquic_stop_listening(struct sock *sk)
{
	struct tquic_sock *tq = tquic_sk(sk);

	if (tq->listening) {
		tquic_udp_listen(tq->udp, false);
		tq->listening = false;
	}
	inet_sk_set_state(sk, TCP_CLOSE);
}

static void tquic_close(struct sock *sk, long timeout)
{
	struct tquic_sock *tq = tquic_sk(sk);

	lock_sock(sk);
	tquic_stop_listening(sk);
	if (tq->udp) {
		tquic_udp_put(tq->udp);
		tq->udp = NULL;
	}
	release_sock(sk);
	sk_common_release(sk);
}

static int tquic_disconnect(struct sock *sk, int flags)
{
	tquic_stop_listening(sk);
	return 0;
}

/* Attach @sk to the UDP socket of @addr.  Caller holds the socket lock. */
static int tquic_bind_locked(struct sock *sk, struct sockaddr_storage *ss)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	int err;

	if (tq->udp)
		return -EINVAL;
	err = tquic_udp_get(sock_net(sk), ss, sk->sk_ipv6only, &tq->udp);
	if (err)
		return err;
	tquic_udp_local(tq->udp, ss);
	if (ss->ss_family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		inet->inet_rcv_saddr = a->sin_addr.s_addr;
		inet->inet_saddr = a->sin_addr.s_addr;
		inet->inet_sport = a->sin_port;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		sk->sk_v6_rcv_saddr = a->sin6_addr;
		sk->sk_bound_dev_if = a->sin6_scope_id;
		inet->inet_sport = a->sin6_port;
	}
	return 0;
}

static int tquic_bind(struct sock *sk, struct sockaddr *addr, int len)
{
	struct sockaddr_storage ss = {};
	int err;

	if (len < sizeof(sa_family_t) || addr->sa_family != sk->sk_family)
		return -EAFNOSUPPORT;
	if (sk->sk_family == AF_INET) {
		if (len < sizeof(struct sockaddr_in))
			return -EINVAL;
		memcpy(&ss, addr, sizeof(struct sockaddr_in));
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		if (len < SIN6_LEN_RFC2133)
			return -EINVAL;
		memcpy(&ss, addr, min_t(int, len, sizeof(*a)));
		if (!(ipv6_addr_type(&a->sin6_addr) & IPV6_ADDR_LINKLOCAL))
			a->sin6_scope_id = 0;
		else if (!a->sin6_scope_id)
			return -EINVAL;
		a->sin6_flowinfo = 0;
	}
	lock_sock(sk);
	err = tquic_bind_locked(sk, &ss);
	release_sock(sk);
	return err;
}

static int tquic_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct tquic_sock *tq = tquic_sk(sk);
	struct sockaddr_storage ss = { .ss_family = sk->sk_family };
	int err = 0;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED) {
		err = -EINVAL;
		goto out;
	}
	/* Like TCP, an unbound socket listens on a free port. */
	if (!tq->udp) {
		err = tquic_bind_locked(sk, &ss);
		if (err)
			goto out;
	}
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	if (!tq->listening) {
		tq->listening = true;
		tquic_udp_listen(tq->udp, true);
		inet_sk_set_state(sk, TCP_LISTEN);
	}
out:
	release_sock(sk);
	return err;
}

/* Comma-separated names of 1-255 bytes each. */
static bool tquic_alpn_valid(const char *s, unsigned int len)
{
	unsigned int i, start = 0;

	if (!len)
		return false;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ',') {
			if (!s[i])
				return false;
			continue;
		}
		if (i == start || i - start > 255)
			return false;
		start = i + 1;
	}
	return true;
}

static int tquic_tp_valid(const struct tquic_transport_param *tp)
{
	if (tp->max_udp_payload_size < TQUIC_MIN_INITIAL_DATAGRAM ||
	    tp->max_udp_payload_size > 65527 || tp->ack_delay_exponent > 20 ||
	    tp->max_ack_delay >= (1 << 14) ||
	    tp->active_connection_id_limit < 2 ||
	    tp->max_streams_bidi > TQUIC_MAX_STREAMS_LIMIT ||
	    tp->max_streams_uni > TQUIC_MAX_STREAMS_LIMIT ||
	    tp->max_idle_timeout > TQUIC_VARINT_MAX ||
	    tp->max_data > TQUIC_VARINT_MAX ||
	    tp->max_stream_data_bidi_local > TQUIC_VARINT_MAX ||
	    tp->max_stream_data_bidi_remote > TQUIC_VARINT_MAX ||
	    tp->max_stream_data_uni > TQUIC_VARINT_MAX ||
	    tp->disable_active_migration > 1 || tp->grease_quic_bit > 1 ||
	    tp->reserved)
		return -EINVAL;
	return 0;
}

/* A fixed-size option value: exactly @size bytes. */
static int tquic_opt_get(void *dst, sockptr_t optval, unsigned int optlen,
			 unsigned int size)
{
	if (optlen != size)
		return -EINVAL;
	return copy_from_sockptr(dst, optval, size) ? -EFAULT : 0;
}

/* Hand @n bytes back to getsockopt(), whose buffer holds @len. */
static int tquic_opt_put(char __user *optval, int __user *optlen, int len,
			 const void *src, unsigned int n)
{
	if (len < n)
		return -EINVAL;
	if (put_user(n, optlen) || copy_to_user(optval, src, n))
		return -EFAULT;
	return 0;
}

static int tquic_setsockopt(struct sock *sk, int level, int optname,
			    sockptr_t optval, unsigned int optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_transport_param tp;
	char alpn[TQUIC_ALPN_MAX];
	u32 version;
	int err = 0;

	if (level != SOL_QUIC)
		return sk->sk_family == AF_INET ?
			ip_setsockopt(sk, level, optname, optval, optlen) :
			ipv6_setsockopt(sk, level, optname, optval, optlen);

	switch (optname) {
	case TQUIC_SOCKOPT_ALPN:
		if (optlen > TQUIC_ALPN_MAX)
			return -EINVAL;
		if (copy_from_sockptr(alpn, optval, optlen))
			return -EFAULT;
		if (!tquic_alpn_valid(alpn, optlen))
			return -EINVAL;
		lock_sock(sk);
		memcpy(tq->alpn, alpn, optlen);
		tq->alpn_len = optlen;
		release_sock(sk);
		return 0;
	case TQUIC_SOCKOPT_TRANSPORT_PARAM:
		err = tquic_opt_get(&tp, optval, optlen, sizeof(tp));
		err = err ?: tquic_tp_valid(&tp);
		if (err)
			return err;
		lock_sock(sk);
		tq->tp = tp;
		release_sock(sk);
		return 0;
	case TQUIC_SOCKOPT_VERSION:
		err = tquic_opt_get(&version, optval, optlen, sizeof(version));
		if (err)
			return err;
		if (!tquic_version_supported(version))
			return -EPROTONOSUPPORT;
		WRITE_ONCE(tq->version, version);
		return 0;
	}
	return -ENOPROTOOPT;
}

static int tquic_getsockopt(struct sock *sk, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	struct tquic_sock *tq = tquic_sk(sk);
	struct tquic_transport_param tp;
	char alpn[TQUIC_ALPN_MAX];
	unsigned int n;
	u32 version;
	int len;

	if (level != SOL_QUIC)
		return sk->sk_family == AF_INET ?
			ip_getsockopt(sk, level, optname, optval, optlen) :
			ipv6_getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case TQUIC_SOCKOPT_ALPN:
		lock_sock(sk);
		n = tq->alpn_len;
		memcpy(alpn, tq->alpn, n);
		release_sock(sk);
		return tquic_opt_put(optval, optlen, len, alpn, n);
	case TQUIC_SOCKOPT_TRANSPORT_PARAM:
		lock_sock(sk);
		tp = tq->tp;
		release_sock(sk);
		return tquic_opt_put(optval, optlen, len, &tp, sizeof(tp));
	case TQUIC_SOCKOPT_VERSION:
		version = READ_ONCE(tq->version);
		return tquic_opt_put(optval, optlen, len, &version,
				     sizeof(version));
	}
	return -ENOPROTOOPT;
}

/* No connection can exist before the handshake code lands. */
static int tquic_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	return -ENOTCONN;
}

static int tquic_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			 int flags, int *addr_len)
{
	return -ENOTCONN;
}

#define TQUIC_PROTO_COMMON						\
	.owner		= THIS_MODULE,					\
	.init		= tquic_init_sock,				\
	.close		= tquic_close,					\
	.disconnect	= tquic_disconnect,				\
	.bind		= tquic_bind,					\
	.setsockopt	= tquic_setsockopt,				\
	.getsockopt	= tquic_getsockopt,				\
	.sendmsg	= tquic_sendmsg,				\
	.recvmsg	= tquic_recvmsg,				\
	.hash		= tquic_hash,					\
	.unhash		= tquic_unhash,					\
	.no_autobind	= true

static struct proto tquic_prot = {
	.name		= "QUIC",
	.obj_size	= sizeof(struct tquic_sock),
	TQUIC_PROTO_COMMON,
};

static struct proto tquicv6_prot = {
	.name		= "QUICv6",
	.obj_size	= sizeof(struct tquic6_sock),
	TQUIC_IPV6_PINFO(struct tquic6_sock, inet6)
	TQUIC_PROTO_COMMON,
};

static_assert(offsetof(struct tquic6_sock, inet6) +
	      sizeof(struct ipv6_pinfo) == sizeof(struct tquic6_sock));

static const struct proto_ops tquic_ops = {
	.family		= PF_INET,
	.owner		= THIS_MODULE,
	.release	= inet_release,
	.bind		= inet_bind,
	.connect	= sock_no_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= inet_getname,
	.poll		= datagram_poll,
	.ioctl		= inet_ioctl,
	.listen		= tquic_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
	.mmap		= sock_no_mmap,
};

static const struct proto_ops tquicv6_ops = {
	.family		= PF_INET6,
	.owner		= THIS_MODULE,
	.release	= inet6_release,
	.bind		= inet6_bind,
	.connect	= sock_no_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= inet6_getname,
	.poll		= datagram_poll,
	.ioctl		= inet6_ioctl,
	.listen		= tquic_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct inet_protosw tquic_protosw[] = {
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_QUIC, .prot = &tquic_prot,
	  .ops = &tquic_ops },
	{ .type = SOCK_STREAM, .protocol = IPPROTO_QUIC, .prot = &tquic_prot,
	  .ops = &tquic_ops },
};

static struct inet_protosw tquicv6_protosw[] = {
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_QUIC, .prot = &tquicv6_prot,
	  .ops = &tquicv6_ops },
	{ .type = SOCK_STREAM, .protocol = IPPROTO_QUIC,
	  .prot = &tquicv6_prot, .ops = &tquicv6_ops },
};

/**
 * tquic_socket_init - register the QUIC socket types
 *
 * Return: 0 or -errno.
 */
int tquic_socket_init(void)
{
	int err, i, j;

	err = proto_register(&tquic_prot, 1);
	if (err)
		return err;
	err = proto_register(&tquicv6_prot, 1);
	if (err)
		goto err_prot;
	for (i = 0; i < ARRAY_SIZE(tquic_protosw); i++)
		inet_register_protosw(&tquic_protosw[i]);
	for (j = 0; j < ARRAY_SIZE(tquicv6_protosw); j++) {
		err = inet6_register_protosw(&tquicv6_protosw[j]);
		if (err)
			goto err_sw;
	}
	return 0;

err_sw:
	while (j--)
		inet6_unregister_protosw(&tquicv6_protosw[j]);
	while (i--)
		inet_unregister_protosw(&tquic_protosw[i]);
	proto_unregister(&tquicv6_prot);
err_prot:
	proto_unregister(&tquic_prot);
	return err;
}

void tquic_socket_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tquicv6_protosw); i++)
		inet6_unregister_protosw(&tquicv6_protosw[i]);
	for (i = 0; i < ARRAY_SIZE(tquic_protosw); i++)
		inet_unregister_protosw(&tquic_protosw[i]);
	proto_unregister(&tquicv6_prot);
	proto_unregister(&tquic_prot);
}

/* socket() loads the module: SOCK_STREAM is 1 and SOCK_DGRAM 2 (an enum,
 * so spelled out for the alias strings).
 */
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET, IPPROTO_QUIC, 1);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET, IPPROTO_QUIC, 2);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET6, IPPROTO_QUIC, 1);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET6, IPPROTO_QUIC, 2);
