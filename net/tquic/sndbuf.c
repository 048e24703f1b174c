// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: send buffer autotuning.
 *
 * A connection's stream bytes stay in its send buffer (sk_sndbuf, in
 * bytes of stream data) until they are acknowledged, so a buffer smaller
 * than the congestion window caps the window actually used: with the
 * default net.core.wmem_default (208 KiB) a sender idles waiting for
 * acknowledgments whenever the bandwidth-delay product is larger.  As
 * TCP does (tcp_sndbuf_expand()), the buffer grows to twice the
 * congestion window (one window in flight, one queued behind it), up to
 * net.ipv4.tcp_wmem's maximum, unless the application set SO_SNDBUF.  It
 * never shrinks.  With several paths it is twice the sum of their
 * windows: each keeps its window full.
 *
 * Locking: the caller holds the socket lock.
 */
#include <net/sock.h>

#include "conn.h"
#include "tquic.h"

/**
 * tquic_sndbuf_expand - grow the send buffer with the congestion window
 * @c: connection; caller holds the socket lock
 */
void tquic_sndbuf_expand(struct tquic_conn *c)
{
	struct sock *sk = c->sk;
	struct tquic_path *p;
	u64 want = 0;

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	tquic_path_for_each(c, p)
		if (tquic_path_usable(p))
			want += p->cc.cwnd;
	want = min_t(u64, 2 * want,
		     READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_wmem[2]));
	if (want > READ_ONCE(sk->sk_sndbuf))
		WRITE_ONCE(sk->sk_sndbuf, want);
}
