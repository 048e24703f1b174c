// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the multipath extension, negotiation and path identifiers
 * (draft-ietf-quic-multipath-21, sections 2, 3 and 4).
 *
 * Negotiation: each end that takes multipath sends initial_max_path_id
 * (0x3e), the highest path ID it lets the peer use; multipath is in use
 * when both did and both use connection IDs.  We announce max_paths - 1
 * (net.tquic.max_paths) and keep state for path IDs up to
 * TQUIC_MP_IDS - 1.
 *
 * Path 0 is the handshake's path: its connection IDs are those of the
 * handshake and of NEW_CONNECTION_ID (cidmgr.c), and ACK,
 * NEW_CONNECTION_ID and RETIRE_CONNECTION_ID keep meaning path 0.  For
 * every further path ID both may use, once the handshake is confirmed
 * we issue one connection ID with PATH_NEW_CONNECTION_ID (sequence
 * number 0, routed to the connection, with its stateless reset token)
 * and keep the first the peer issues; further ones are given back at
 * once with PATH_RETIRE_CONNECTION_ID, which the draft allows (they
 * would only serve migrations within that path).
 *
 * Received frames are checked against the path IDs we allowed: any
 * frame naming a higher one is a PROTOCOL_VIOLATION (multipath-21,
 * 4.4 ff).  Before negotiation every multipath frame is one (input.c).
 *
 * Caller holds the socket lock.
 */
#include <linux/random.h>

#include "conn.h"
#include "recovery.h"
#include "reset.h"
#include "tquic.h"

static struct tquic_mp_id *tquic_mp_id(struct tquic_conn *c, u64 id)
{
	if (!id || id >= TQUIC_MP_IDS || id > c->mp.local_max_path_id)
		return NULL;
	return &c->mp.ids[id - 1];
}

/* The path IDs both ends allow us to use now. */
static u32 tquic_mp_usable_max(const struct tquic_conn *c)
{
	return min_t(u64, min(c->mp.local_max_path_id, c->mp.peer_max_path_id),
		     TQUIC_MP_IDS - 1);
}

/**
 * tquic_mp_negotiate - the peer's transport parameters are in: is
 *	multipath in use?
 * @c: connection
 */
void tquic_mp_negotiate(struct tquic_conn *c)
{
	struct tquic_mp *mp = &c->mp;

	mp->enabled = c->ltp.has_initial_max_path_id &&
		      c->ptp.has_initial_max_path_id &&
		      c->scid.len && c->dcid.len;
	if (!mp->enabled)
		return;
	mp->local_max_path_id = min_t(u32, c->ltp.initial_max_path_id,
				      TQUIC_MP_IDS - 1);
	mp->peer_max_path_id = c->ptp.initial_max_path_id;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_MP_NEGOTIATED);
}

/**
 * tquic_mp_issue - issue our connection ID of each path ID not served yet
 * @c: connection, handshake confirmed
 */
void tquic_mp_issue(struct tquic_conn *c)
{
	u32 id, max;

	if (!c->mp.enabled || c->state != TQUIC_CONN_ESTABLISHED)
		return;
	max = tquic_mp_usable_max(c);
	for (id = 1; id <= max; id++) {
		struct tquic_mp_id *e = tquic_mp_id(c, id);

		/* Issued already, or the peer's came first (kept) */
		if (e->l_routed || e->l_retired || e->abandoned)
			continue;
		if (!e->used)
			memset(e, 0, sizeof(*e));
		e->lcid.len = 0;	/* tquic_cid_add() picks one */
		if (tquic_cid_add(c->net, c, &e->lcid))
			return;
		if (tquic_reset_token(c->net, e->lcid.id, e->lcid.len,
				      e->ltoken)) {
			tquic_cid_del(c->net, &e->lcid);
			return;
		}
		e->id = id;
		e->used = true;
		e->l_routed = true;
		e->l_pending = true;
		c->mp.frames_pending++;
	}
}

/**
 * tquic_mp_free - unroute what multipath routed
 * @c: connection
 */
void tquic_mp_free(struct tquic_conn *c)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c->mp.ids); i++) {
		struct tquic_mp_id *e = &c->mp.ids[i];

		if (e->l_routed)
			tquic_cid_del(c->net, &e->lcid);
		e->l_routed = false;
	}
}

/**
 * tquic_mp_owns - @id is our connection ID of a path ID above 0
 * @c: connection
 * @id: the ID
 * @len: its length
 * @path_id: set to the path ID
 */
bool tquic_mp_owns(const struct tquic_conn *c, const u8 *id, u8 len,
		   u32 *path_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c->mp.ids); i++) {
		const struct tquic_mp_id *e = &c->mp.ids[i];

		if (e->l_routed && e->lcid.len == len &&
		    !memcmp(e->lcid.id, id, len)) {
			*path_id = e->id;
			return true;
		}
	}
	return false;
}

/* PATH_NEW_CONNECTION_ID for a path ID above 0: keep the first. */
static int tquic_mp_new_cid(struct tquic_conn *c, struct tquic_mp_id *e,
			    const struct tquic_frame *f, u64 *terr)
{
	if (!e->used) {
		e->id = f->path_id;
		e->used = true;
	}
	if (e->abandoned)
		return 0;
	if (e->p_has && e->pseq == f->new_cid.seq)
		return 0;	/* a copy */
	if (!e->p_has) {
		e->p_has = true;
		e->pseq = f->new_cid.seq;
		e->pcid.len = f->new_cid.cid_len;
		memcpy(e->pcid.id, f->new_cid.cid, f->new_cid.cid_len);
		memcpy(e->ptoken, f->new_cid.reset_token, sizeof(e->ptoken));
		return 0;
	}
	/* The one kept, those not given back yet and this one: beyond
	 * what we announced (active_connection_id_limit, per path ID)?
	 */
	if (e->nretire == TQUIC_MP_RETIRE_MAX ||
	    e->nretire + 2 > c->ltp.active_connection_id_limit) {
		*terr = TQUIC_ERR_CONNECTION_ID_LIMIT_ERROR;
		return -EPROTO;
	}
	e->retire[e->nretire++] = f->new_cid.seq;
	c->mp.frames_pending++;
	return 0;
}

/* PATH_RETIRE_CONNECTION_ID for a path ID above 0: we issued only 0. */
static int tquic_mp_retire_cid(struct tquic_conn *c, struct tquic_mp_id *e,
			       const struct tquic_frame *f, u64 *terr)
{
	if (!e->used || f->retire_seq) {
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	if (e->l_routed)
		tquic_cid_del(c->net, &e->lcid);
	e->l_routed = false;
	e->l_retired = true;
	if (e->l_pending) {
		e->l_pending = false;
		c->mp.frames_pending--;
	}
	return 0;
}

/* PATH_ABANDON of a path ID above 0 that carries no path: used up. */
static void tquic_mp_abandon_id(struct tquic_conn *c, struct tquic_mp_id *e,
				u64 id)
{
	if (!e->used) {
		e->id = id;
		e->used = true;
	}
	e->abandoned = true;
}

/**
 * tquic_mp_frame_rcv - a multipath frame arrived (multipath in use)
 * @c: connection
 * @f: the frame
 * @terr: the transport error when it is refused
 *
 * Return: 0, or a negative error with @terr set.
 */
int tquic_mp_frame_rcv(struct tquic_conn *c, const struct tquic_frame *f,
		       u64 *terr)
{
	struct tquic_mp *mp = &c->mp;
	struct tquic_mp_id *e = NULL;

	switch (f->type) {
	case TQUIC_FT_MAX_PATH_ID:
		if (f->path.max_path_id > mp->peer_max_path_id) {
			mp->peer_max_path_id = f->path.max_path_id;
			tquic_mp_issue(c);
		}
		return 0;
	case TQUIC_FT_PATHS_BLOCKED:
		mp->peer_blocked = f->path.max_path_id + 1;
		return 0;
	}
	/* Every other one names a path ID, at most the one we allowed */
	if (f->path_id > mp->local_max_path_id) {
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	if (f->path_id)
		e = tquic_mp_id(c, f->path_id);
	switch (f->type) {
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		return tquic_on_path_ack(c, f->path_id, f, terr);
	case TQUIC_FT_PATH_NEW_CONNECTION_ID:
		if (!f->path_id)
			return tquic_cids_new_rcv(c, f, terr);
		return tquic_mp_new_cid(c, e, f, terr);
	case TQUIC_FT_PATH_RETIRE_CONNECTION_ID:
		if (!f->path_id)
			return tquic_cids_retire_rcv(c, f->retire_seq, terr);
		return tquic_mp_retire_cid(c, e, f, terr);
	case TQUIC_FT_PATH_ABANDON:
		if (!f->path_id && c->mp.npaths < 2) {
			/* The only path there is: nothing is left */
			*terr = TQUIC_ERR_NO_VIABLE_PATH;
			return -ENETUNREACH;
		}
		if (tquic_path_by_id(c, f->path_id)) {
			tquic_path_abandon_rcv(c, f->path_id);
			return 0;
		}
		if (e) {
			tquic_mp_abandon_id(c, e, f->path_id);
			tquic_mp_abandoned(c, f->path_id, false);
		}
		return 0;
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		if (!f->path_id) {
			if (f->path.status_seq >= mp->path0_status_seq) {
				mp->path0_status_seq = f->path.status_seq + 1;
				tquic_path_status_rcv(c, 0, f->type ==
						TQUIC_FT_PATH_STATUS_BACKUP);
			}
			return 0;
		}
		if (f->path.status_seq + 1 > e->peer_status_seq) {
			e->peer_status_seq = f->path.status_seq + 1;
			e->peer_backup = f->type == TQUIC_FT_PATH_STATUS_BACKUP;
			tquic_path_status_rcv(c, f->path_id, e->peer_backup);
		}
		return 0;
	case TQUIC_FT_PATH_CIDS_BLOCKED:
		/* Ours went with PATH_NEW_CONNECTION_ID; once lost it goes
		 * again by itself.
		 */
		return 0;
	}
	return 0;
}

/**
 * tquic_on_path_ack - an acknowledgment of path @id's packets (PATH_ACK,
 *	or ACK for path 0 when it came on another path)
 * @c: connection
 * @id: the path ID
 * @f: the frame
 * @terr: the transport error when it is refused
 *
 * Return: 0, or -EPROTO (nothing was ever sent on a path of that ID, or
 * a packet number never sent).
 */
int tquic_on_path_ack(struct tquic_conn *c, u64 id,
		      const struct tquic_frame *f, u64 *terr)
{
	struct tquic_path *saved = c->path, *p = tquic_path_by_id(c, id);
	int err;

	if (!p) {
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	c->path = p;
	err = tquic_on_ack(c, TQUIC_LEVEL_APP, f, terr);
	c->path = saved;
	return err;
}

/**
 * tquic_mp_has_frames - multipath frames are owed
 * @c: connection
 */
bool tquic_mp_has_frames(const struct tquic_conn *c)
{
	return c->mp.frames_pending || c->mp.max_path_id_pending ||
	       c->mp.abandon_pending || c->mp.status_pending;
}

/**
 * tquic_mp_abandoned - path ID @id is done with (its path closed)
 * @c: connection
 * @id: the path ID, above 0
 * @tell: send PATH_ABANDON for it
 *
 * It is never used again: the peer's connection ID of it goes back
 * (PATH_RETIRE_CONNECTION_ID), and the peer may use one path ID more
 * than before (MAX_PATH_ID), within what we keep state for.
 */
void tquic_mp_abandoned(struct tquic_conn *c, u32 id, bool tell)
{
	struct tquic_mp_id *e = tquic_mp_id(c, id);

	if (!e)
		return;
	if (tell)
		c->mp.abandon_pending |= BIT(id);
	if (e->abandoned)
		return;
	e->abandoned = true;
	if (e->p_has && e->nretire < TQUIC_MP_RETIRE_MAX) {
		e->retire[e->nretire++] = e->pseq;
		c->mp.frames_pending++;
	}
	e->p_has = false;
	if (c->mp.local_max_path_id < TQUIC_MP_IDS - 1) {
		c->mp.local_max_path_id++;
		c->mp.max_path_id_pending = true;
		tquic_mp_issue(c);
	}
}

/**
 * tquic_mp_status - tell the peer whether path @id is a backup path
 *	(PATH_STATUS_BACKUP or PATH_STATUS_AVAILABLE)
 * @c: connection
 * @id: the path ID
 */
void tquic_mp_status(struct tquic_conn *c, u32 id)
{
	if (c->mp.enabled && id < TQUIC_MP_IDS)
		c->mp.status_pending |= BIT(id);
}

/**
 * tquic_mp_put_frames - the multipath frames owed, as far as they fit
 * @c: connection
 * @w: the packet being written
 * @rec: its record
 */
void tquic_mp_put_frames(struct tquic_conn *c, struct tquic_wr *w,
			 struct tquic_sent *rec)
{
	struct tquic_frame f = {};
	unsigned int i;

	while (c->mp.abandon_pending) {
		u32 id = __ffs(c->mp.abandon_pending);

		f.type = TQUIC_FT_PATH_ABANDON;
		f.path_id = id;
		f.path.error = TQUIC_ERR_NO_ERROR;
		if (!tquic_put_rec(w, rec, &f, TQUIC_SENT_PATH_ABANDON, id))
			return;
		c->mp.abandon_pending &= ~BIT(id);
	}
	while (c->mp.status_pending) {
		u32 id = __ffs(c->mp.status_pending);
		struct tquic_path *p = tquic_path_by_id(c, id);

		c->mp.status_pending &= ~BIT(id);
		if (!p)
			continue;
		f.type = p->backup ? TQUIC_FT_PATH_STATUS_BACKUP :
				     TQUIC_FT_PATH_STATUS_AVAILABLE;
		f.path_id = id;
		f.path.status_seq = ++c->mp.status_seq;
		if (!tquic_put_rec(w, rec, &f, TQUIC_SENT_PATH_STATUS, id)) {
			c->mp.status_pending |= BIT(id);
			return;
		}
	}
	if (c->mp.max_path_id_pending) {
		f.type = TQUIC_FT_MAX_PATH_ID;
		f.path.max_path_id = c->mp.local_max_path_id;
		if (!tquic_put_rec(w, rec, &f, TQUIC_SENT_MAX_PATH_ID, 0))
			return;
		c->mp.max_path_id_pending = false;
	}
	for (i = 0; i < ARRAY_SIZE(c->mp.ids) && c->mp.frames_pending; i++) {
		struct tquic_mp_id *e = &c->mp.ids[i];

		while (e->nretire) {
			f.type = TQUIC_FT_PATH_RETIRE_CONNECTION_ID;
			f.path_id = e->id;
			f.retire_seq = e->retire[e->nretire - 1];
			if (!tquic_rec_room(rec) || !tquic_put(w, &f) ||
			    !tquic_rec_add(rec, TQUIC_SENT_PATH_RETIRE_CID,
					   e->id, f.retire_seq, 0, false))
				return;
			e->nretire--;
			c->mp.frames_pending--;
		}
		if (!e->l_pending)
			continue;
		f.type = TQUIC_FT_PATH_NEW_CONNECTION_ID;
		f.path_id = e->id;
		f.new_cid.seq = 0;
		f.new_cid.retire_prior_to = 0;
		f.new_cid.cid_len = e->lcid.len;
		memcpy(f.new_cid.cid, e->lcid.id, e->lcid.len);
		memcpy(f.new_cid.reset_token, e->ltoken, sizeof(e->ltoken));
		if (!tquic_put_rec(w, rec, &f, TQUIC_SENT_PATH_NEW_CID, e->id))
			return;
		e->l_pending = false;
		c->mp.frames_pending--;
	}
}

/**
 * tquic_mp_fate - a packet with a multipath frame of ours was
 *	acknowledged or lost
 * @c: connection
 * @type: TQUIC_SENT_* code
 * @id: the path ID
 * @seq: PATH_RETIRE_CONNECTION_ID: the sequence number
 * @acked: acknowledged (else what it said goes again)
 */
void tquic_mp_fate(struct tquic_conn *c, u8 type, u64 id, u64 seq,
		   bool acked)
{
	struct tquic_mp_id *e = tquic_mp_id(c, id);

	if (acked)
		return;
	switch (type) {
	case TQUIC_SENT_PATH_ABANDON:
		if (id < TQUIC_MP_IDS)
			c->mp.abandon_pending |= BIT(id);
		return;
	case TQUIC_SENT_PATH_STATUS:
		tquic_mp_status(c, id);
		return;
	case TQUIC_SENT_MAX_PATH_ID:
		c->mp.max_path_id_pending = true;
		return;
	case TQUIC_SENT_PATH_NEW_CID:
		if (e && e->l_routed && !e->l_pending) {
			e->l_pending = true;
			c->mp.frames_pending++;
		}
		return;
	case TQUIC_SENT_PATH_RETIRE_CID:
		if (e && e->nretire < TQUIC_MP_RETIRE_MAX) {
			e->retire[e->nretire++] = seq;
			c->mp.frames_pending++;
		}
		return;
	}
}

/**
 * tquic_mp_counts - connection IDs of path IDs above 0 for
 *	TQUIC_SOCKOPT_CONNECTION_INFO
 * @c: connection
 * @local: path IDs with our ID routed
 * @peer: path IDs with an ID of the peer's
 */
void tquic_mp_counts(const struct tquic_conn *c, u32 *local, u32 *peer)
{
	unsigned int i;

	*local = 0;
	*peer = 0;
	for (i = 0; i < ARRAY_SIZE(c->mp.ids); i++) {
		*local += c->mp.ids[i].l_routed;
		*peer += c->mp.ids[i].p_has && !c->mp.ids[i].abandoned;
	}
}
