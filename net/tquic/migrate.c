// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: a server's client moves (RFC 9000, section 9).
 *
 * When the highest-numbered packet so far comes from another address
 * (a NAT rebinding, a migrating client, or a packet whose source an
 * attacker rewrote), the server sends to that address from then on, on
 * path 0, and validates it with a PATH_CHALLENGE.  Until the
 * PATH_RESPONSE comes back:
 *
 * - it sends there at most three times what it received from there
 *   (8.1, 9.3), in datagrams as small as that allows (the PATH_CHALLENGE
 *   still goes when a full-size datagram does not fit: a rebound client
 *   that only acknowledges gives a budget of a few hundred bytes);
 * - the validation fails after three times the larger of the path's PTO
 *   and the PTO of a new path (kInitialRtt, about a second; 8.2.4), and
 *   the server goes back to the last address it validated (9.3.2), as
 *   it does at once when packets come from that address again.
 *
 * Once validated, a new IP address (not only a new port) restarts the
 * path's congestion controller and RTT estimate (9.4).
 *
 * A packet of probing frames only (PATH_CHALLENGE, PATH_RESPONSE,
 * NEW_CONNECTION_ID, PADDING) moves nothing: a client probes a path
 * before it moves there (9.1, 9.3).  A PATH_CHALLENGE from an address
 * the path does not send to is answered there (8.2.2) in a datagram of
 * its own (c->probe, sent by output.c) sealed for another connection ID
 * of the client's, one it has not used elsewhere (9.5): the one path 0
 * takes when the client moves there.  The reply is padded to 1200
 * bytes, or to three times the probe's datagram when that is less, and
 * carries a PATH_CHALLENGE of ours when it fits: answered, the address
 * is validated before the client moves there, and a move within the
 * time a validation may take (three PTOs, at least three seconds) needs
 * no validation and no amplification limit (9.3: validation "already
 * underway", an address "seen recently"); a later move is validated
 * again.
 *
 * Caller holds the socket lock.
 */
#include <linux/random.h>

#include "conn.h"
#include "event.h"
#include "pmtu.h"
#include "tquic.h"

/* The PTO of a path without an RTT sample: kInitialRtt 333 ms, its
 * variation half of it, max_ack_delay 25 ms (RFC 9002, 6.2.2)
 */
#define TQUIC_NEW_PATH_PTO	(1022 * NSEC_PER_MSEC)

static u64 tquic_validate_period(const struct tquic_path *p)
{
	u64 pto = p->rtt.sampled ? p->rtt.smoothed + 4 * p->rtt.var : 0;

	return 3 * max_t(u64, pto, TQUIC_NEW_PATH_PTO);
}

/* Path 0 sends to @to: its PMTU is searched again, the loss timer's
 * backoff starts over.
 */
static void tquic_peer_set(struct tquic_conn *c, const struct sockaddr_storage *to)
{
	struct tquic_path *p = c->path;

	p->peer = *to;
	p->pto_count = 0;
	tquic_pmtu_reset(c);
	tquic_event_migration(c, true);
}

/* @from is the address the client probed from and answered there,
 * recently (9.3 lets a server skip validating an address "seen
 * recently"): within the time a validation may take
 */
static bool tquic_probe_validated(const struct tquic_conn *c,
				  const struct sockaddr_storage *from)
{
	const struct tquic_probe *pr = &c->probe;

	return pr->validated && pr->path_id == c->path->id &&
	       tquic_addr_eq(from, &pr->peer) &&
	       ktime_get_ns() - pr->validated_at <
	       tquic_validate_period(c->path);
}

/**
 * tquic_peer_moved - the client's packets now come from @from
 * @c: server connection, c->path being path 0
 * @from: the source of the highest-numbered packet so far
 * @len: that packet's length, what the new address has sent so far
 */
void tquic_peer_moved(struct tquic_conn *c, const struct sockaddr_storage *from,
		      u32 len)
{
	struct tquic_path *p = c->path;

	if (p->peer_unvalidated && tquic_addr_eq(from, &p->prev_peer)) {
		tquic_peer_revert(c, false);
		return;
	}
	if (!p->peer_unvalidated)
		p->prev_peer = p->peer;
	p->peer_ip_moved = !tquic_ip_eq(from, &p->prev_peer);
	p->peer_unvalidated = true;
	if (!p->id)	/* a new ID for the new path (9.5) */
		tquic_cids_new_path(c);
	tquic_peer_set(c, from);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PEER_MIGRATIONS);
	if (tquic_probe_validated(c, from)) {
		memset(&c->probe, 0, sizeof(c->probe));
		p->path_validating = false;
		p->path_challenge_pending = false;
		tquic_peer_validated(c);
		return;
	}
	p->amp_rcvd = len;
	p->amp_sent = 0;
	p->validate_by = ktime_get_ns() + tquic_validate_period(p);
	get_random_bytes(p->path_challenge, sizeof(p->path_challenge));
	p->path_challenge_pending = true;
	p->path_validating = true;
}

/**
 * tquic_peer_revert - back to the last validated address of the client
 * @c: server connection, c->path being path 0 with peer_unvalidated
 * @failed: the new address failed validation (else the client came back)
 */
void tquic_peer_revert(struct tquic_conn *c, bool failed)
{
	struct tquic_path *p = c->path;

	p->peer_unvalidated = false;
	p->peer_ip_moved = false;
	p->path_validating = false;
	p->path_challenge_pending = false;
	p->validate_by = 0;
	tquic_peer_set(c, &p->prev_peer);
	if (failed)
		TQUIC_INC_STATS(c->net, TQUIC_MIB_PEER_MIGRATIONS_FAILED);
}

/**
 * tquic_peer_validated - the PATH_RESPONSE for the client's new address
 * @c: server connection, c->path being path 0 with peer_unvalidated
 */
void tquic_peer_validated(struct tquic_conn *c)
{
	struct tquic_path *p = c->path;

	if (p->peer_ip_moved) {
		tquic_cc_reset(&p->cc);
		memset(&p->rtt, 0, sizeof(p->rtt));
	}
	p->peer_ip_moved = false;
	p->peer_unvalidated = false;
	p->validate_by = 0;
}

/**
 * tquic_peer_challenged - a PATH_CHALLENGE came from @from, in a packet
 *	of the server's path c->path handled by now (a packet that moved the
 *	path there included)
 * @c: server connection
 * @from: the datagram's source
 * @data: the challenge's data
 * @dgram_len: the datagram's length
 */
void tquic_peer_challenged(struct tquic_conn *c,
			   const struct sockaddr_storage *from,
			   const u8 *data, u32 dgram_len)
{
	struct tquic_probe *pr = &c->probe;
	struct tquic_path *p = c->path;

	if (tquic_addr_eq(from, &p->peer)) {
		memcpy(p->path_response, data, TQUIC_PATH_DATA_LEN);
		p->path_response_pending = true;
		return;
	}
	if (pr->path_id != p->id || !tquic_addr_eq(from, &pr->peer)) {
		memset(pr, 0, sizeof(*pr));
		pr->peer = *from;
		pr->path_id = p->id;
		get_random_bytes(pr->challenge, sizeof(pr->challenge));
	}
	memcpy(pr->response, data, TQUIC_PATH_DATA_LEN);
	pr->room = min_t(u32, 3 * dgram_len, TQUIC_MAX_DATAGRAM);
	pr->pending = true;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PEER_PROBES);
}

/**
 * tquic_probe_answered - a PATH_RESPONSE the path did not wait for: the
 *	answer to the challenge sent to the probing address?
 * @c: server connection
 * @data: the response's data
 *
 * A PATH_RESPONSE validates the address its challenge went to, wherever
 * it comes from (8.2.3).
 * Return: true when it was, the address now validated.
 */
bool tquic_probe_answered(struct tquic_conn *c, const u8 *data)
{
	struct tquic_probe *pr = &c->probe;

	if (!pr->challenged || pr->validated ||
	    memcmp(data, pr->challenge, TQUIC_PATH_DATA_LEN))
		return false;
	pr->validated = true;
	pr->validated_at = ktime_get_ns();
	return true;
}

/**
 * tquic_amp_room - what @p may still send before its peer's address is
 *	validated: three times what came from it less what went (RFC 9000,
 *	8.1), counted for that address - the client's during a server's
 *	handshake (the connection's bytes), a moved client's on path 0
 *	(since it moved, above), a further path the client opened (its
 *	bytes, until validated: 9.3.1)
 * @c: connection
 * @p: the path
 *
 * Return: bytes, U64_MAX when not limited.
 */
u64 tquic_amp_room(const struct tquic_conn *c, const struct tquic_path *p)
{
	u64 sent, rcvd;

	if (p->peer_unvalidated) {
		sent = p->amp_sent;
		rcvd = p->amp_rcvd;
	} else if (p->id && c->is_server && p->state == TQUIC_PATH_PROBING) {
		sent = p->stats.bytes_sent;
		rcvd = p->stats.bytes_rcvd;
	} else if (!c->addr_validated) {
		sent = c->stats.bytes_out;
		rcvd = c->stats.bytes_in;
	} else {
		return U64_MAX;
	}
	return 3 * rcvd > sent ? 3 * rcvd - sent : 0;
}
