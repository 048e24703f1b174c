// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: datagram packetization layer path MTU discovery (RFC 9000,
 * 14.3; RFC 8899).
 *
 * A connection starts at QUIC's 1200 bytes.  Once the handshake is
 * confirmed it probes for more with PMTU probes: packets of PING and
 * PADDING alone, with the IPv4 Don't Fragment bit set.  The first probe
 * tries the largest size allowed: the smallest of our and the peer's
 * max_udp_payload_size and what the route's MTU leaves for UDP.  An
 * acknowledged probe raises the datagram size; a lost one (which is no
 * sign of congestion and is not counted as such) halves the distance to
 * the last size that worked, until the two are within
 * TQUIC_PMTU_STEP bytes.  Three probe timeouts in a row while above 1200
 * bytes look like a black hole (a smaller MTU on the path now): the size
 * falls back to 1200 and the search stays off until the path changes.
 *
 * Caller holds the socket lock.
 */
#include "conn.h"
#include "pmtu.h"
#include "sock.h"
#include "tquic.h"

/* The search ends when success and failure are this close */
#define TQUIC_PMTU_STEP		32

static void tquic_pmtu_set(struct tquic_conn *c, u32 size)
{
	c->path->max_dgram = size;
	tquic_cc_set_mds(&c->path->cc, size);
}

/* The next probe, halfway between what works and what failed. */
static void tquic_pmtu_next(struct tquic_conn *c)
{
	struct tquic_path *path = c->path;

	path->pmtu_probe = 0;
	if (path->pmtu_fail - path->max_dgram <= TQUIC_PMTU_STEP)
		return;
	path->pmtu_probe = path->max_dgram + (path->pmtu_fail - path->max_dgram) / 2;
	path->pmtu_pending = true;
}

/**
 * tquic_pmtu_start - begin the search for a larger datagram size
 * @c: connection, handshake confirmed
 */
void tquic_pmtu_start(struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	u64 target = min(c->ltp.max_udp_payload_size,
			 c->ptp.max_udp_payload_size);
	int route = tquic_udp_route_payload(path->udp, &path->local, &path->peer,
					    path->ifindex);

	if (route > 0)
		target = min_t(u64, target, route);
	if (target > TQUIC_PMTU_MAX)
		target = TQUIC_PMTU_MAX;
	path->pmtu_probe = 0;
	path->pmtu_pending = false;
	if (target <= path->max_dgram)
		return;
	path->pmtu_fail = target + 1;
	path->pmtu_probe = target;
	path->pmtu_pending = true;
}

/**
 * tquic_pmtu_reset - the path changed: back to 1200 bytes, search again
 * @c: connection
 */
void tquic_pmtu_reset(struct tquic_conn *c)
{
	tquic_pmtu_set(c, TQUIC_MAX_DATAGRAM);
	if (c->confirmed)
		tquic_pmtu_start(c);
}

/**
 * tquic_pmtu_acked - a PMTU probe of @size bytes was acknowledged
 * @c: connection
 * @size: its datagram size
 */
void tquic_pmtu_acked(struct tquic_conn *c, u32 size)
{
	if (size != c->path->pmtu_probe || size <= c->path->max_dgram)
		return;
	tquic_pmtu_set(c, size);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PMTU_RAISED);
	tquic_pmtu_next(c);
}

/**
 * tquic_pmtu_lost - a PMTU probe of @size bytes was lost
 * @c: connection
 * @size: its datagram size
 */
void tquic_pmtu_lost(struct tquic_conn *c, u32 size)
{
	if (size != c->path->pmtu_probe)
		return;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PMTU_PROBES_LOST);
	c->path->pmtu_fail = size;
	tquic_pmtu_next(c);
}

/**
 * tquic_pmtu_on_pto - a probe timeout fired
 * @c: connection
 */
void tquic_pmtu_on_pto(struct tquic_conn *c)
{
	/* pto_count: probe timeouts since the last acknowledgment */
	if (c->path->max_dgram <= TQUIC_MAX_DATAGRAM || c->path->pto_count < 3)
		return;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PMTU_BLACK_HOLES);
	tquic_pmtu_set(c, TQUIC_MAX_DATAGRAM);
	c->path->pmtu_probe = 0;
	c->path->pmtu_pending = false;
}
