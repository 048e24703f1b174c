// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: a connection's connection IDs beyond the handshake's (RFC 9000,
 * 5.1, 9.5, 19.15, 19.16).
 *
 * Ours: once the handshake is confirmed, each end issues more IDs with
 * NEW_CONNECTION_ID, up to the peer's active_connection_id_limit (at
 * most TQUIC_CID_SLOTS), each with its stateless reset token and routed
 * to the connection like the first.  A RETIRE_CONNECTION_ID from the
 * peer unroutes that ID and a new one is issued in its place.
 *
 * The peer's: NEW_CONNECTION_ID frames are kept (at most our
 * active_connection_id_limit, those a Retire Prior To retires not
 * counted, else CONNECTION_ID_LIMIT_ERROR); those below a Retire Prior
 * To are given back with RETIRE_CONNECTION_ID, and when the one in use
 * goes the next is taken.  A client that moves to a new local address
 * (TQUIC_SOCKOPT_MIGRATE) and a server whose client moved take an unused
 * ID, so that the new path cannot be linked to the old one by an
 * observer (9.5); the old one is retired.
 *
 * Caller holds the socket lock.
 */
#include "conn.h"
#include "reset.h"
#include "sock.h"
#include "tquic.h"

static bool tquic_cid_eq(const struct tquic_cid *a, const u8 *id, u8 len)
{
	return a->len == len && !memcmp(a->id, id, len);
}

/**
 * tquic_cids_owns - @id is one of our connection IDs in use
 * @c: connection
 * @id: the ID
 * @len: its length
 */
bool tquic_cids_owns(const struct tquic_conn *c, const u8 *id, u8 len)
{
	unsigned int i;

	if (tquic_cid_eq(&c->scid, id, len))
		return true;
	for (i = 0; i < TQUIC_CID_SLOTS; i++)
		if (c->lcid[i].used && tquic_cid_eq(&c->lcid[i].cid, id, len))
			return true;
	return false;
}

/* Issue one more ID in @slot: routed, then announced. */
static int tquic_cids_issue_one(struct tquic_conn *c,
				struct tquic_cid_slot *slot)
{
	memset(slot, 0, sizeof(*slot));
	if (tquic_cid_add(c->net, c, &slot->cid))
		return -ENOMEM;
	if (tquic_reset_token(c->net, slot->cid.id, slot->cid.len,
			      slot->token)) {
		tquic_cid_del(c->net, &slot->cid);
		return -ENOMEM;
	}
	slot->seq = ++c->lcid_seq;
	slot->used = true;
	slot->pending = true;
	c->cid_frames_pending++;
	return 0;
}

/**
 * tquic_cids_issue - issue IDs until the peer holds as many as it takes
 * @c: connection, handshake confirmed
 */
void tquic_cids_issue(struct tquic_conn *c)
{
	unsigned int i, want, have = 1;	/* the handshake's */

	if (c->state != TQUIC_CONN_ESTABLISHED || !c->ptp_set)
		return;
	want = min_t(u64, c->ptp.active_connection_id_limit,
		     TQUIC_CID_SLOTS);
	for (i = 0; i < TQUIC_CID_SLOTS; i++)
		have += c->lcid[i].used;
	if (c->scid_retired)
		have--;
	for (i = 0; i < TQUIC_CID_SLOTS && have < want; i++) {
		if (c->lcid[i].used)
			continue;
		if (tquic_cids_issue_one(c, &c->lcid[i]))
			return;
		have++;
	}
}

/**
 * tquic_cids_unroute - take all our IDs but the first out of the table
 * @c: connection
 */
void tquic_cids_unroute(struct tquic_conn *c)
{
	unsigned int i;

	for (i = 0; i < TQUIC_CID_SLOTS; i++) {
		if (!c->lcid[i].used)
			continue;
		tquic_cid_del(c->net, &c->lcid[i].cid);
		c->lcid[i].used = false;
	}
}

/**
 * tquic_cids_retire_rcv - the peer retires our ID number @seq
 * @c: connection
 * @seq: its sequence number
 * @terr: the transport error when it is refused
 *
 * Return: 0 or -EPROTO (an ID never issued).
 */
int tquic_cids_retire_rcv(struct tquic_conn *c, u64 seq, u64 *terr)
{
	unsigned int i;

	if (seq > c->lcid_seq) {
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	if (!seq) {
		/* The handshake's ID: it stays routed until the end (it is
		 * also what long headers carried) but no longer counts.
		 */
		if (!c->scid_retired) {
			c->scid_retired = true;
			tquic_cids_issue(c);
		}
		return 0;
	}
	for (i = 0; i < TQUIC_CID_SLOTS; i++) {
		struct tquic_cid_slot *s = &c->lcid[i];

		if (!s->used || s->seq != seq)
			continue;
		tquic_cid_del(c->net, &s->cid);
		if (s->pending)
			c->cid_frames_pending--;
		s->used = false;
		tquic_cids_issue(c);
		break;
	}
	return 0;
}

/* Give back the peer's ID in @s (RETIRE_CONNECTION_ID). */
static void tquic_cids_give_back(struct tquic_conn *c,
				 struct tquic_cid_slot *s)
{
	if (s->retire)
		return;
	s->retire = true;
	s->pending = true;
	c->cid_frames_pending++;
	tquic_reset_slot_del(c, s);
}

/* The peer's unused ID with the lowest number, or NULL. */
static struct tquic_cid_slot *tquic_cids_next(struct tquic_conn *c)
{
	struct tquic_cid_slot *best = NULL, *s;
	unsigned int i;

	for (i = 0; i < TQUIC_PCID_SLOTS; i++) {
		s = &c->pcid[i];
		if (!s->used || s->retire || s->seq <= c->dcid_seq)
			continue;
		if (!best || s->seq < best->seq)
			best = s;
	}
	return best;
}

/**
 * tquic_cids_new_path - a new path: send to the peer's unused ID with the
 *	lowest number and retire the one used so far (9.5)
 * @c: connection
 *
 * Return: true when switched, false when the peer gave no spare ID (the
 * current one stays).
 */
bool tquic_cids_new_path(struct tquic_conn *c)
{
	struct tquic_cid_slot *best = tquic_cids_next(c), *s;
	unsigned int i;

	if (!best)
		return false;
	for (i = 0; i < TQUIC_PCID_SLOTS; i++) {
		s = &c->pcid[i];
		if (s->used && s->seq == c->dcid_seq)
			tquic_cids_give_back(c, s);
	}
	if (!c->dcid_seq && !c->dcid0_retired) {
		c->dcid0_retired = true;
		c->retire0_pending = true;
		c->cid_frames_pending++;
	}
	c->dcid = best->cid;
	c->dcid_seq = best->seq;
	return true;
}

/* The peer's IDs still active once Retire Prior To is @rpt: the one in
 * use among them (the handshake's, kept apart, counts only while @rpt
 * leaves it).
 */
static unsigned int tquic_cids_active(const struct tquic_conn *c, u64 rpt)
{
	unsigned int i, active = !c->dcid_seq && !c->dcid0_retired && !rpt;

	for (i = 0; i < TQUIC_PCID_SLOTS; i++) {
		const struct tquic_cid_slot *s = &c->pcid[i];

		active += s->used && !s->retire && s->seq >= rpt;
	}
	return active;
}

/**
 * tquic_cids_new_rcv - a NEW_CONNECTION_ID frame from the peer
 * @c: connection
 * @f: the frame
 * @terr: the transport error when it is refused
 *
 * Those below the highest Retire Prior To go first and do not count
 * towards our active_connection_id_limit, so a peer may replace every
 * ID it gave, the one in use included, with one frame (5.1.2).  An ID
 * below it, or below the one in use (given back for a new path, 9.5, or
 * come too late to be used), is not kept: it is given back (again, when
 * it was already; 19.15), not used.
 *
 * Return: 0 or -EPROTO with @terr set: PROTOCOL_VIOLATION, or
 * CONNECTION_ID_LIMIT_ERROR beyond the limit or when so many
 * retirements are unacknowledged that there is no room left to keep it
 * (an ID must not be forgotten unretired, 5.1.2).
 */
int tquic_cids_new_rcv(struct tquic_conn *c, const struct tquic_frame *f,
		       u64 *terr)
{
	u64 seq = f->new_cid.seq, rpt;
	struct tquic_cid_slot *free = NULL, *s;
	bool keep;
	unsigned int i;

	if (!c->dcid.len) {	/* zero-length IDs cannot have more */
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	if (!seq)
		return 0;	/* the handshake's, kept apart */
	for (i = 0; i < TQUIC_PCID_SLOTS; i++) {
		s = &c->pcid[i];
		if (!s->used)
			free = free ?: s;
		else if (s->seq == seq)
			return 0;	/* a copy */
	}
	/* The frame's own Retire Prior To is at most its number (frame.c):
	 * an ID not kept cannot retire the one in use.
	 */
	rpt = max(c->pcid_retire_prior, f->new_cid.retire_prior_to);
	keep = seq >= rpt && seq > c->dcid_seq;
	if (keep && tquic_cids_active(c, rpt) + 1 >
	    c->ltp.active_connection_id_limit) {
		*terr = TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR;
		return -EPROTO;
	}
	if (keep && !free) {
		/* Every spare slot holds a retirement not acknowledged yet */
		*terr = TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR;
		return -EPROTO;
	}
	c->pcid_retire_prior = rpt;
	for (i = 0; i < TQUIC_PCID_SLOTS; i++) {
		s = &c->pcid[i];
		if (s->used && s->seq < rpt)
			tquic_cids_give_back(c, s);
	}
	if (!free)
		return 0;	/* not kept; retired already, most likely */
	memset(free, 0, sizeof(*free));
	free->used = true;
	free->seq = seq;
	free->cid.len = f->new_cid.cid_len;
	memcpy(free->cid.id, f->new_cid.cid, f->new_cid.cid_len);
	memcpy(free->token, f->new_cid.reset_token, sizeof(free->token));
	if (!keep) {
		tquic_cids_give_back(c, free);
		return 0;
	}
	tquic_reset_slot_add(c, free);
	if (c->dcid_seq < rpt && !tquic_cids_new_path(c)) {
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	return 0;
}

/**
 * tquic_cids_spare - the peer's ID not used yet that tquic_cids_new_path()
 *	takes next
 * @c: connection
 *
 * Return: the ID, NULL when the peer gave no spare.
 */
const struct tquic_cid *tquic_cids_spare(struct tquic_conn *c)
{
	struct tquic_cid_slot *s = tquic_cids_next(c);

	return s ? &s->cid : NULL;
}

/**
 * tquic_cids_count - IDs in use: ours the peer may send to, and the
 *	peer's we hold (the one in use included)
 * @c: connection
 * @local: ours
 * @peer: the peer's
 */
void tquic_cids_count(const struct tquic_conn *c, u32 *local, u32 *peer)
{
	unsigned int i;

	*local = !c->scid_retired;
	*peer = !c->dcid_seq && !c->dcid0_retired;
	for (i = 0; i < TQUIC_CID_SLOTS; i++)
		*local += c->lcid[i].used;
	for (i = 0; i < TQUIC_PCID_SLOTS; i++)
		*peer += c->pcid[i].used && !c->pcid[i].retire;
}

/**
 * tquic_cids_fate - a packet with a NEW_CONNECTION_ID or
 *	RETIRE_CONNECTION_ID of ours was acknowledged or lost
 * @c: connection
 * @type: the frame type
 * @seq: the ID's sequence number
 * @acked: acknowledged (else it goes again)
 */
void tquic_cids_fate(struct tquic_conn *c, u8 type, u64 seq, bool acked)
{
	bool ours = type == TQUIC_FT_NEW_CONNECTION_ID;
	struct tquic_cid_slot *slots = ours ? c->lcid : c->pcid;
	unsigned int i, n = ours ? TQUIC_CID_SLOTS : TQUIC_PCID_SLOTS;

	if (type == TQUIC_FT_RETIRE_CONNECTION_ID && !seq) {
		if (!acked && !c->retire0_pending) {
			c->retire0_pending = true;
			c->cid_frames_pending++;
		}
		return;
	}
	for (i = 0; i < n; i++) {
		struct tquic_cid_slot *s = &slots[i];

		if (!s->used || s->seq != seq)
			continue;
		if (acked) {
			if (type == TQUIC_FT_RETIRE_CONNECTION_ID)
				s->used = false;	/* gone for good */
		} else if (!s->pending) {
			s->pending = true;
			c->cid_frames_pending++;
		}
		return;
	}
}
