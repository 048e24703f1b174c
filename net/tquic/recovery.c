// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: loss detection and recovery (RFC 9002).
 *
 * Every packet that needs an acknowledgment is remembered per packet
 * number space with the frames whose fate matters (struct tquic_sent).
 * An ACK frees what it covers and gives an RTT sample; packets three
 * below the largest acknowledged, or sent 9/8 RTT before it, are lost
 * and what they carried is queued again; one timer per connection fires
 * at the earliest loss time or probe timeout (PTO), which sends the
 * oldest unacknowledged data again (or a PING).  Congestion control is
 * told of every packet sent, acknowledged and lost.
 *
 * Locking: the socket lock.  The timer takes bh_lock_sock() and, while
 * user space owns the socket, leaves the work to tquic_release_cb().
 */
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include "conn.h"
#include "keyupdate.h"
#include "pmtu.h"
#include "recovery.h"
#include "sock.h"
#include "stream.h"
#include "tquic.h"

#define TQUIC_GRANULARITY	NSEC_PER_MSEC
#define TQUIC_INITIAL_RTT	(333 * NSEC_PER_MSEC)
#define TQUIC_PACKET_THRESHOLD	3
/* Ack-eliciting packets received before an ACK goes out at once */
#define TQUIC_ACK_ELICITING_THRESHOLD	2

static u64 tquic_now(void)
{
	return ktime_get_ns();
}

/* What happens to a frame when its packet is acknowledged or lost. */
static void tquic_frame_fate(struct tquic_conn *c, enum tquic_level lvl,
			     const struct tquic_sent_frame *fr, bool acked)
{
	struct tquic_stream *s;

	switch (fr->type) {
	case TQUIC_FT_STREAM:
		if (acked)
			tquic_stream_acked(c, fr->id, fr->offset, fr->len,
					   fr->fin);
		else
			tquic_stream_lost(c, fr->id, fr->offset, fr->len,
					  fr->fin);
		return;
	case TQUIC_FT_NEW_CONNECTION_ID:
	case TQUIC_FT_RETIRE_CONNECTION_ID:
		tquic_cids_fate(c, fr->type, fr->id, acked);
		return;
	case TQUIC_SENT_PATH_NEW_CID:
	case TQUIC_SENT_PATH_RETIRE_CID:
	case TQUIC_SENT_MAX_PATH_ID:
	case TQUIC_SENT_PATH_STATUS:
		tquic_mp_fate(c, fr->type, fr->id, fr->offset, acked);
		return;
	case TQUIC_FT_RESET_STREAM:
	case TQUIC_FT_STOP_SENDING:
		tquic_stream_reset_fate(c, fr->type, fr->id, acked);
		return;
	case TQUIC_FT_PING:	/* a PMTU probe of @len bytes */
		if (acked)
			tquic_pmtu_acked(c, fr->len);
		else
			tquic_pmtu_lost(c, fr->len);
		return;
	}
	if (acked)
		return;
	switch (fr->type) {
	case TQUIC_FT_CRYPTO:
		tquic_crypto_lost(c, lvl, fr->offset, fr->len);
		return;
	case TQUIC_FT_MAX_DATA:
		c->max_data_pending = true;
		return;
	case TQUIC_FT_NEW_TOKEN:
		c->new_token_pending = true;
		return;
	case TQUIC_FT_MAX_STREAM_DATA:
		s = tquic_stream_find(c, fr->id);
		if (s && !s->max_data_pending && s->rx_final == U64_MAX) {
			s->max_data_pending = true;
			c->stream_credit_pending++;
		}
		return;
	case TQUIC_FT_MAX_STREAMS_BIDI:
		c->max_streams_pending |= 1;
		return;
	case TQUIC_FT_MAX_STREAMS_UNI:
		c->max_streams_pending |= 2;
		return;
	case TQUIC_FT_HANDSHAKE_DONE:
		c->handshake_done_pending = true;
		return;
	case TQUIC_FT_PATH_CHALLENGE:
		c->path->path_challenge_pending = c->path->path_validating;
		return;
	}
}

static void tquic_sent_free(struct tquic_conn *c, struct tquic_space *sp,
			    struct tquic_sent *p)
{
	list_del(&p->node);
	if (p->ack_eliciting)
		sp->eliciting_in_flight--;
	kfree(p);
}

/**
 * tquic_on_sent - remember a packet just sent
 * @c: connection
 * @lvl: its level
 * @p: the record, filled in; the connection takes it
 */
void tquic_on_sent(struct tquic_conn *c, enum tquic_level lvl,
		   struct tquic_sent *p)
{
	struct tquic_space *sp = tquic_pn_space(c, lvl);

	p->time = tquic_conn_clock(c);
	list_add_tail(&p->node, &sp->sent);
	if (p->ack_eliciting) {
		sp->eliciting_in_flight++;
		sp->last_eliciting_time = p->time;
		c->antideadlock_at = 0;
		tquic_conn_idle_touch(c, true);
		tquic_cc_on_sent(&c->path->cc, &p->rs, p->size, p->time);
	}
	if (c->in_train)
		c->timer_due = true;	/* once, at the train's end */
	else
		tquic_set_timer(c);
}

static void tquic_rtt_update(struct tquic_conn *c, u64 latest, u64 delay)
{
	struct tquic_rtt *r = &c->path->rtt;
	u64 adjusted = latest, diff;

	r->latest = latest;
	if (!r->sampled) {
		r->sampled = true;
		r->min = latest;
		r->smoothed = latest;
		r->var = latest / 2;
		return;
	}
	r->min = min(r->min, latest);
	if (c->confirmed)
		delay = min_t(u64, delay, c->ptp.max_ack_delay * NSEC_PER_MSEC);
	if (latest >= r->min + delay)
		adjusted = latest - delay;
	diff = r->smoothed > adjusted ? r->smoothed - adjusted :
					adjusted - r->smoothed;
	r->var = (3 * r->var + diff) / 4;
	r->smoothed = (7 * r->smoothed + adjusted) / 8;
}

/* An RTT in ns as the congestion controller takes it: us, in 32 bits. */
static u32 tquic_rtt_us(u64 ns)
{
	return min_t(u64, div_u64(ns, NSEC_PER_USEC), U32_MAX);
}

static u64 tquic_loss_delay(const struct tquic_conn *c)
{
	struct tquic_path *path = c->path;
	u64 rtt = path->rtt.sampled ? max(path->rtt.latest, path->rtt.smoothed) :
				   TQUIC_INITIAL_RTT;

	return max_t(u64, rtt * 9 / 8, TQUIC_GRANULARITY);
}

static void tquic_packet_lost(struct tquic_conn *c, enum tquic_level lvl,
			      struct tquic_sent *p, u64 now)
{
	struct tquic_path *path = c->path;
	struct tquic_space *sp = tquic_pn_space(c, lvl);
	unsigned int i;

	for (i = 0; i < p->nframes; i++)
		tquic_frame_fate(c, lvl, &p->frames[i], false);
	if (p->pmtu_probe)	/* no sign of congestion (RFC 9000, 14.4) */
		path->cc.in_flight -= min_t(u64, path->cc.in_flight, p->size);
	else if (p->ack_eliciting)
		path->cc.ops->on_lost(&path->cc, p->size, p->time, now);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PACKETS_LOST);
	c->stats.pkts_lost++;
	tquic_path_count_lost(path, p->size);
	tquic_sent_free(c, sp, p);
}

/* RFC 9002, A.10; and persistent congestion (7.6): lost ack-eliciting
 * packets of consecutive packet numbers (so none between them was
 * acknowledged) sent further apart than the persistent congestion
 * duration, once there is an RTT sample.  Approximations: one space and
 * one pass at a time, and packets sent before the first RTT sample count.
 */
static void tquic_detect_lost(struct tquic_conn *c, enum tquic_level lvl,
			      u64 now)
{
	struct tquic_path *path = c->path;
	struct tquic_space *sp = tquic_pn_space(c, lvl);
	u64 delay = tquic_loss_delay(c), t, pc_dur = 0, run_pn = 0, run_t = 0;
	struct tquic_sent *p, *tmp;
	bool run = false, pc = false;

	sp->loss_time = 0;
	if (!sp->any_acked)
		return;
	if (path->rtt.sampled)
		pc_dur = 3 * (path->rtt.smoothed +
			      max_t(u64, 4 * path->rtt.var, TQUIC_GRANULARITY) +
			      (c->ptp_set ? c->ptp.max_ack_delay *
					    NSEC_PER_MSEC : 0));
	list_for_each_entry_safe(p, tmp, &sp->sent, node) {
		if (p->pn > sp->largest_acked)
			break;
		if (p->time + delay <= now ||
		    sp->largest_acked >= p->pn + TQUIC_PACKET_THRESHOLD) {
			if (pc_dur && p->ack_eliciting) {
				if (!run || p->pn != run_pn + 1)
					run_t = p->time;
				run = true;
				run_pn = p->pn;
				pc |= p->time - run_t > pc_dur;
			}
			tquic_packet_lost(c, lvl, p, now);
			continue;
		}
		run = false;
		t = p->time + delay;
		if (!sp->loss_time || t < sp->loss_time)
			sp->loss_time = t;
	}
	if (pc)
		path->cc.ops->on_persistent_congestion(&path->cc, now);
	/* After every acknowledgment and every loss: maybe nothing is left
	 * in flight, and the send-side memory kept can go.
	 */
	tquic_txbuf_idle(c);
}

/**
 * tquic_on_ack - an ACK frame arrived at @lvl
 * @c: connection
 * @lvl: level
 * @f: the frame, validated by the decoder
 * @terr: the transport error when it is refused
 *
 * Return: 0, or -EPROTO for a packet number never sent.
 */
int tquic_on_ack(struct tquic_conn *c, enum tquic_level lvl,
		 const struct tquic_frame *f, u64 *terr)
{
	struct tquic_path *path = c->path;
	struct tquic_space *sp = tquic_pn_space(c, lvl);
	struct tquic_sent *p, *tmp, *from, *largest = NULL;
	bool eliciting = false, have;
	struct tquic_ack_iter it;
	struct tquic_ack_block b;
	struct tquic_cc_ack ack;
	LIST_HEAD(acked);
	u64 now, delay;
	unsigned int i;

	if (f->ack.largest >= sp->next_pn) {
		*terr = TQUIC_ERR_PROTOCOL_VIOLATION;
		return -EPROTO;
	}
	if (!sp->any_acked || f->ack.largest > sp->largest_acked)
		sp->largest_acked = f->ack.largest;
	sp->any_acked = true;

	/* Ranges come largest first: walk the sent list backwards from the
	 * newest packet the ACK can cover.  That one is found from the
	 * oldest end, past what the ACK frees and the holes below it,
	 * rather than past the whole window still in flight above it.
	 */
	from = NULL;
	list_for_each_entry(p, &sp->sent, node) {
		if (p->pn > f->ack.largest)
			break;
		from = p;
	}
	tquic_ack_iter_init(&it, f);
	have = tquic_ack_next(&it, f, &b);
	for (p = from; p && have; p = tmp) {
		tmp = list_is_first(&p->node, &sp->sent) ? NULL :
		      list_prev_entry(p, node);
		while (have && p->pn < b.smallest)
			have = tquic_ack_next(&it, f, &b);
		if (!have || p->pn > b.largest)
			continue;
		if (p->pn == f->ack.largest)
			largest = p;
		eliciting |= p->ack_eliciting;
		list_move(&p->node, &acked);
	}
	if (list_empty(&acked))
		return 0;
	now = tquic_now();
	if (largest && eliciting) {
		delay = 0;
		if (lvl == TQUIC_LEVEL_APP && c->ptp_set)
			delay = (f->ack.delay << c->ptp.ack_delay_exponent) *
				NSEC_PER_USEC;
		tquic_rtt_update(c, now - largest->time, delay);
		tquic_cc_rtt_sample(&c->path->cc, tquic_rtt_us(c->path->rtt.latest),
				    tquic_rtt_us(c->path->rtt.smoothed),
				    tquic_rtt_us(c->path->rtt.min));
	}
	if (lvl == TQUIC_LEVEL_APP)
		tquic_ku_acked(c, f->ack.largest);
	tquic_cc_ack_begin(&c->path->cc, &ack, now);
	list_for_each_entry_safe(p, tmp, &acked, node) {
		for (i = 0; i < p->nframes; i++)
			tquic_frame_fate(c, lvl, &p->frames[i], true);
		if (p->ack_eliciting) {
			tquic_cc_on_acked(&path->cc, &ack, &p->rs, p->size,
					  p->time, now);
			tquic_path_count_acked(path, p->size);
		}
		tquic_sent_free(c, sp, p);
	}
	tquic_cc_ack_end(&c->path->cc, &ack, now);
	tquic_detect_lost(c, lvl, now);
	path->pto_count = 0;
	path->reinjected = false;
	path->overdue = false;
	tquic_set_timer(c);
	tquic_sndbuf_expand(c);
	return 0;
}

/* A client whose address the server may not have validated yet keeps a
 * probe timer even with nothing in flight, so that a server held back by
 * the amplification limit hears from it again (RFC 9002, 6.2.2.1): a
 * padded Initial, or a Handshake packet once it has Handshake keys.
 */
static enum tquic_level tquic_antideadlock(struct tquic_conn *c, u64 base,
					   u64 *at)
{
	enum tquic_level lvl = TQUIC_LEVEL_HANDSHAKE;

	if (c->is_server || c->confirmed ||
	    c->space[TQUIC_LEVEL_HANDSHAKE].any_acked ||
	    !c->space[TQUIC_LEVEL_INITIAL].next_pn)
		return TQUIC_LEVEL_NUM;
	if (!c->space[lvl].tx_key.aead || c->space[lvl].discarded)
		lvl = TQUIC_LEVEL_INITIAL;
	if (!c->space[lvl].tx_key.aead || c->space[lvl].discarded)
		return TQUIC_LEVEL_NUM;
	if (!c->antideadlock_at)
		c->antideadlock_at = tquic_now() + base;
	*at = c->antideadlock_at;
	return lvl;
}

/* The space whose PTO comes first and when, or TQUIC_LEVEL_NUM. */
static enum tquic_level tquic_pto_space(struct tquic_conn *c, u64 *at)
{
	enum tquic_level lvl, best = TQUIC_LEVEL_NUM;
	const struct tquic_space *sp;
	bool in_flight = false;
	u64 base, t;

	base = c->path->rtt.sampled ? c->path->rtt.smoothed +
		max_t(u64, 4 * c->path->rtt.var, TQUIC_GRANULARITY) :
		TQUIC_INITIAL_RTT * 3;
	/* A failed path is probed again at most 16 PTOs apart (path.c) */
	base <<= min(c->path->pto_count,
		     c->path->state == TQUIC_PATH_FAILED ? 4U : 16U);
	/* The handshake's levels are the first path's */
	for (lvl = c->path->id ? TQUIC_LEVEL_APP : 0; lvl < TQUIC_LEVEL_NUM;
	     lvl++) {
		sp = tquic_pn_space(c, lvl);
		if (!sp->eliciting_in_flight)
			continue;
		in_flight = true;
		t = sp->last_eliciting_time + base;
		if (lvl == TQUIC_LEVEL_APP) {
			/* Not before the handshake is confirmed (A.8) */
			if (!c->confirmed)
				continue;
			t += (c->ptp.max_ack_delay * NSEC_PER_MSEC) <<
			     min(c->path->pto_count,
				 c->path->state == TQUIC_PATH_FAILED ? 4U : 16U);
		}
		if (best == TQUIC_LEVEL_NUM || t < *at) {
			best = lvl;
			*at = t;
		}
	}
	if (!in_flight)
		return c->path->id ? TQUIC_LEVEL_NUM :
				     tquic_antideadlock(c, base, at);
	return best;
}

/**
 * tquic_ack_schedule - an ack-eliciting packet arrived at @lvl
 * @c: connection
 * @lvl: its level
 * @now_please: acknowledge it at once (it is out of order)
 *
 * RFC 9000, 13.2.1-2: Initial and Handshake packets, packets that open
 * or fill a gap, and every second ack-eliciting 1-RTT packet are
 * acknowledged at once; a lone 1-RTT packet within our max_ack_delay.
 * Until the handshake is confirmed every packet is acknowledged at once.
 */
void tquic_ack_schedule(struct tquic_conn *c, enum tquic_level lvl,
			bool now_please)
{
	struct tquic_space *sp = tquic_pn_space(c, lvl);

	if (lvl != TQUIC_LEVEL_APP || now_please || !c->confirmed ||
	    ++sp->ack_eliciting_rcvd >= TQUIC_ACK_ELICITING_THRESHOLD) {
		sp->ack_pending = true;
		return;
	}
	if (sp->ack_deadline)
		return;
	sp->ack_deadline = tquic_now() +
			   (u64)c->ltp.max_ack_delay * NSEC_PER_MSEC;
	tquic_set_timer(c);
}

/**
 * tquic_ack_sent - an ACK frame of @sp went out
 * @sp: its space
 */
void tquic_ack_sent(struct tquic_space *sp)
{
	sp->ack_pending = false;
	sp->ack_eliciting_rcvd = 0;
	sp->ack_deadline = 0;
}

/* The earliest loss time of c->path's spaces (0: none), its level in
 * *@first (the handshake's levels are the first path's).
 */
static u64 tquic_earliest_loss(struct tquic_conn *c, enum tquic_level *first)
{
	enum tquic_level lvl;
	u64 at = 0;

	*first = TQUIC_LEVEL_NUM;
	for (lvl = c->path->id ? TQUIC_LEVEL_APP : 0; lvl < TQUIC_LEVEL_NUM;
	     lvl++) {
		u64 t = tquic_pn_space(c, lvl)->loss_time;

		if (t && (!at || t < at)) {
			at = t;
			*first = lvl;
		}
	}
	return at;
}

/* Ack-only packets tquic_path_overdue_at() looks past, at most */
#define TQUIC_OVERDUE_SCAN	16

/**
 * tquic_path_overdue_at - when c->path's oldest ack-eliciting packet in
 *	flight is overdue
 * @c: connection
 *
 * A multipath connection need not wait for a dead path's probe
 * timeout: that one runs from the last packet sent, and the sender goes
 * on filling the window of a path whose link just died for a round
 * trip.  The oldest packet's acknowledgment is due
 * one smoothed RTT after it was sent; it is overdue a margin later
 * (4 RTT deviations, at least a quarter of the RTT; plus the peer's
 * max_ack_delay when it is alone in flight, as a lone packet's ACK may
 * wait that long).  Then, while another path is clean, its data goes
 * over the others (tquic_path_reinject()).  Watched: active paths of a
 * confirmed connection with several paths, with an RTT sample, neither
 * overdue nor reinjected since their last acknowledgment.
 * Return: the time (ns, tquic_now()'s clock), or 0 when not watched.
 */
u64 tquic_path_overdue_at(struct tquic_conn *c)
{
	struct tquic_path *p = c->path;
	struct tquic_space *sp = p->sp;
	struct tquic_sent *rec;
	unsigned int n = 0;
	u64 margin;

	if (c->mp.npaths < 2 || !c->confirmed || p->overdue ||
	    p->reinjected || p->state != TQUIC_PATH_ACTIVE ||
	    !p->rtt.sampled || !sp->eliciting_in_flight)
		return 0;
	list_for_each_entry(rec, &sp->sent, node) {
		if (rec->ack_eliciting)
			break;
		if (++n == TQUIC_OVERDUE_SCAN)
			return 0;
	}
	if (list_entry_is_head(rec, &sp->sent, node))
		return 0;
	margin = max3(4 * p->rtt.var, p->rtt.smoothed / 4,
		      (u64)TQUIC_GRANULARITY);
	if (sp->eliciting_in_flight < 2 && c->ptp_set)
		margin += c->ptp.max_ack_delay * NSEC_PER_MSEC;
	return rec->time + p->rtt.smoothed + margin;
}

/* When c->path's loss detection needs the timer, or 0 */
static u64 tquic_path_timer(struct tquic_conn *c)
{
	u64 at, ack = c->path->sp->ack_deadline, due;
	enum tquic_level lvl;

	at = tquic_earliest_loss(c, &lvl);
	if (!at)
		tquic_pto_space(c, &at);
	if (ack && (!at || ack < at))
		at = ack;
	due = tquic_path_overdue_at(c);
	if (due && (!at || due < at))
		at = due;
	due = c->path->peer_unvalidated ? c->path->validate_by : 0;
	if (due && (!at || due < at))
		at = due;	/* migrate.c */
	return at;
}

/**
 * tquic_set_timer - arm the loss detection timer (RFC 9002, A.8) for
 *	the earliest of all paths
 * @c: connection
 */
void tquic_set_timer(struct tquic_conn *c)
{
	struct tquic_path *saved = c->path, *p;
	u64 at = 0, now, t;

	if (c->state == TQUIC_CONN_CLOSED)
		return;
	/* The earliest over all paths */
	tquic_path_for_each(c, p) {
		c->path = p;
		t = tquic_path_timer(c);
		if (t && (!at || t < at))
			at = t;
	}
	c->path = saved;
	if (!at) {
		del_timer(&c->timer);
		return;
	}
	now = tquic_now();
	mod_timer(&c->timer, jiffies + (at > now ?
					nsecs_to_jiffies(at - now) : 0) + 1);
}

/* A probe: what the oldest ack-eliciting packet of @lvl carried goes out
 * again, with a PING so that the probe elicits an acknowledgment even
 * when all of that was acknowledged meanwhile (that acknowledgment then
 * lets the old packet be declared lost).
 */
static void tquic_probe(struct tquic_conn *c, enum tquic_level lvl)
{
	struct tquic_space *sp = tquic_pn_space(c, lvl);
	struct tquic_sent *p;
	unsigned int i;

	sp->probes = 1;
	sp->ping_pending = true;
	list_for_each_entry(p, &sp->sent, node) {
		if (!p->ack_eliciting || p->pmtu_probe)
			continue;
		for (i = 0; i < p->nframes; i++)
			tquic_frame_fate(c, lvl, &p->frames[i], false);
		return;
	}
}

/* The timer expired: what is due on c->path. */
static void tquic_path_on_timer(struct tquic_conn *c, u64 now)
{
	struct tquic_space *sp = c->path->sp;
	enum tquic_level first;
	u64 at;

	if (c->path->peer_unvalidated && c->path->validate_by <= now)
		tquic_peer_revert(c, true);
	if (sp->ack_deadline && sp->ack_deadline <= now) {
		sp->ack_deadline = 0;
		sp->ack_pending = true;
	}
	at = tquic_path_overdue_at(c);
	if (at && at <= now) {
		c->path->overdue = true;	/* once until acknowledged */
		tquic_path_reinject(c);
	}
	at = tquic_earliest_loss(c, &first);
	if (first != TQUIC_LEVEL_NUM) {
		if (at <= now)
			tquic_detect_lost(c, first, now);
		return;
	}
	first = tquic_pto_space(c, &at);
	if (first == TQUIC_LEVEL_NUM || at > now)
		return;
	c->path->pto_count++;
	if (!c->path->id)
		c->antideadlock_at = 0;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PTO);
	c->stats.ptos++;
	if (tquic_path_pto(c))
		return;		/* failed: what it had goes elsewhere */
	tquic_pmtu_on_pto(c);
	if (first == TQUIC_LEVEL_APP)
		tquic_path_reinject(c);
	tquic_probe(c, first);
}

/**
 * tquic_on_timer - the loss detection timer expired: each path's
 * @c: connection
 */
void tquic_on_timer(struct tquic_conn *c)
{
	struct tquic_path *saved = c->path, *p;
	u64 now = tquic_now();

	if (c->state == TQUIC_CONN_CLOSED)
		return;
	tquic_path_for_each(c, p) {
		c->path = p;
		tquic_path_on_timer(c, now);
	}
	c->path = saved;
	tquic_set_timer(c);
}

static void tquic_timer_fn(struct timer_list *t)
{
	struct tquic_conn *c = from_timer(c, t, timer);
	struct sock *sk = c->sk;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk)) {
		c->timer_deferred = true;
	} else {
		tquic_on_timer(c);
		tquic_output(c);
	}
	bh_unlock_sock(sk);
}

/**
 * tquic_recovery_init - loss detection and congestion control for @c
 * @c: connection
 * @cc_name: congestion controller; NewReno when it is not registered
 *
 * Return: 0 or -ENOENT.
 */
int tquic_recovery_init(struct tquic_conn *c, const char *cc_name)
{
	int i;

	for (i = 0; i < TQUIC_LEVEL_NUM; i++)
		INIT_LIST_HEAD(&c->space[i].sent);
	timer_setup(&c->timer, tquic_timer_fn, 0);
	if (tquic_cc_init(&c->path->cc, cc_name, TQUIC_MAX_DATAGRAM) &&
	    tquic_cc_init(&c->path->cc, "newreno", TQUIC_MAX_DATAGRAM))
		return -ENOENT;
	tquic_cc_group_add(&c->cc_group, &c->path->cc);
	return 0;
}

/**
 * tquic_space_discard - drop a level's keys and what it had in flight
 * @c: connection
 * @lvl: level
 */
void tquic_space_discard(struct tquic_conn *c, enum tquic_level lvl)
{
	struct tquic_path *path = c->path;
	struct tquic_space *sp = &c->space[lvl];
	struct tquic_sent *p, *tmp;

	if (sp->discarded)
		return;
	sp->discarded = true;
	list_for_each_entry_safe(p, tmp, &sp->sent, node) {
		if (p->ack_eliciting)
			path->cc.in_flight -= min_t(u64, path->cc.in_flight,
						 p->size);
		tquic_sent_free(c, sp, p);
	}
	tquic_crypto_space_free(sp);
	tquic_key_free(&sp->rx_key);
	tquic_key_free(&sp->tx_key);
	tquic_hp_free(&sp->rx_hp);
	tquic_hp_free(&sp->tx_hp);
	sp->loss_time = 0;
	sp->ack_pending = false;
	sp->ack_deadline = 0;
	sp->ping_pending = false;
	path->pto_count = 0;
	tquic_set_timer(c);
}

/**
 * tquic_space_requeue - give up on what @lvl has in flight: its frames
 *	are queued again, without any congestion response (a Retry made
 *	the packets unreadable to the server, RFC 9002 6.3)
 * @c: connection
 * @lvl: level
 */
void tquic_space_requeue(struct tquic_conn *c, enum tquic_level lvl)
{
	struct tquic_path *path = c->path;
	struct tquic_space *sp = tquic_pn_space(c, lvl);
	struct tquic_sent *p, *tmp;
	unsigned int i;

	list_for_each_entry_safe(p, tmp, &sp->sent, node) {
		for (i = 0; i < p->nframes; i++)
			tquic_frame_fate(c, lvl, &p->frames[i], false);
		if (p->ack_eliciting)
			path->cc.in_flight -= min_t(u64, path->cc.in_flight,
						 p->size);
		tquic_sent_free(c, sp, p);
	}
	sp->loss_time = 0;
	path->pto_count = 0;
	tquic_set_timer(c);
}

/**
 * tquic_recovery_stop - no more timers; free what is in flight
 * @c: connection (closed)
 */
void tquic_recovery_stop(struct tquic_conn *c)
{
	struct tquic_sent *p, *tmp;
	int i;

	del_timer_sync(&c->timer);
	tquic_paths_free(c);
	for (i = 0; i < TQUIC_LEVEL_NUM; i++)
		list_for_each_entry_safe(p, tmp, &c->space[i].sent, node)
			tquic_sent_free(c, &c->space[i], p);
	tquic_cc_release(&c->path0.cc);
}
