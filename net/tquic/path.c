// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the paths of a multipath connection
 * (draft-ietf-quic-multipath-21, sections 3 and 5).
 *
 * A connection's first path is c->path0, path ID 0.  With multipath
 * negotiated, a client opens further paths (TQUIC_SOCKOPT_PATH_ADD, or
 * netlink): each takes a path ID for which both ends issued connection
 * IDs (multipath.c), a local address with its own shared UDP socket, and
 * its own packet number space, RTT estimate and congestion controller;
 * it starts PROBING and sends PATH_CHALLENGE in datagrams of 1200 bytes.
 * A server opens the path when the first authenticated packet arrives on
 * that path ID's connection ID, answers from the address it came to and
 * challenges the client's address in turn.  A PATH_RESPONSE makes the
 * path ACTIVE (STANDBY for a backup path); only then does it carry
 * anything but path validation frames and acknowledgments.
 *
 * c->path is the path being worked on: the connection sends on and
 * reads for one path at a time, and the code of a single path
 * (recovery, output, PMTU) sees that path through c->path.  Whoever
 * points it elsewhere puts it back to c->path0 before releasing the
 * socket lock.  Path IDs are never used again.
 *
 * Caller holds the socket lock.
 */
#include <linux/random.h>

#include "conn.h"
#include "pmtu.h"
#include "recovery.h"
#include "sock.h"
#include "stream.h"
#include "tquic.h"

/**
 * tquic_path_by_id - the open path of path ID @id, or NULL
 * @c: connection
 * @id: the path ID
 */
struct tquic_path *tquic_path_by_id(struct tquic_conn *c, u64 id)
{
	return id < TQUIC_MP_IDS ? c->mp.paths[id] : NULL;
}

static bool tquic_sockaddr_port(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET ?
	       ((const struct sockaddr_in *)a)->sin_port :
	       ((const struct sockaddr_in6 *)a)->sin6_port;
}

/**
 * tquic_path_next - the open path after @p by path ID (NULL: the first)
 * @c: connection
 * @p: a path of @c, or NULL
 *
 * Return: the path, or NULL after the last.
 */
struct tquic_path *tquic_path_next(struct tquic_conn *c, struct tquic_path *p)
{
	unsigned int i;

	for (i = p ? p->id + 1 : 0; i < TQUIC_MP_IDS; i++)
		if (c->mp.paths[i])
			return c->mp.paths[i];
	return NULL;
}

/**
 * tquic_path_find - the open path of path ID @id (the control plane's
 *	name for tquic_path_by_id())
 * @c: connection
 * @id: path ID
 */
struct tquic_path *tquic_path_find(struct tquic_conn *c, u32 id)
{
	return tquic_path_by_id(c, id);
}

/**
 * tquic_path_count - how many paths @c has open
 * @c: connection
 */
unsigned int tquic_path_count(struct tquic_conn *c)
{
	return c->mp.npaths;
}

/* Set up path @id from @local to @peer on UDP socket @u (a reference
 * the path takes over).
 */
static struct tquic_path *tquic_path_new(struct tquic_conn *c, u32 id,
					 const struct sockaddr_storage *local,
					 const struct sockaddr_storage *peer,
					 struct tquic_udp_sock *u)
{
	struct tquic_mp_id *e = &c->mp.ids[id - 1];
	char cc_name[TQUIC_ALG_NAME_MAX];
	struct tquic_path_ext *x;
	struct tquic_path *p;

	x = kzalloc(sizeof(*x), GFP_ATOMIC);
	if (!x)
		return NULL;
	p = &x->path;
	p->sp = &x->space;
	INIT_LIST_HEAD(&x->space.sent);
	INIT_LIST_HEAD(&x->space.crypto_rx_ooo);
	INIT_LIST_HEAD(&x->space.crypto_tx);
	INIT_LIST_HEAD(&x->space.crypto_sent);
	INIT_LIST_HEAD(&x->space.crypto_lost);
	strscpy(cc_name, c->path0.cc.ops->alg.name, sizeof(cc_name));
	if (tquic_cc_init(&p->cc, cc_name, TQUIC_MAX_DATAGRAM) &&
	    tquic_cc_init(&p->cc, "newreno", TQUIC_MAX_DATAGRAM)) {
		kfree(x);
		return NULL;
	}
	tquic_cc_group_add(&c->cc_group, &p->cc);
	p->cc.hystart = c->path0.cc.hystart;	/* net.tquic.hystart */
	p->weight = 1;		/* tquic_path_add() sets its own */
	p->id = id;
	p->state = TQUIC_PATH_PROBING;
	p->local = *local;
	p->peer = *peer;
	p->udp = u;
	p->dcid = e->pcid;
	p->max_dgram = TQUIC_MAX_DATAGRAM;
	get_random_bytes(p->path_challenge, sizeof(p->path_challenge));
	p->path_challenge_pending = true;
	p->path_validating = true;
	c->mp.paths[id] = p;
	c->mp.npaths++;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PATHS_ADDED);
	tquic_nl_path_event(c, p, TQUIC_NL_EVENT_PATH_UP);
	return p;
}

static void tquic_path_free(struct tquic_conn *c, struct tquic_path *p)
{
	struct tquic_path_ext *x = container_of(p, struct tquic_path_ext,
						path);
	struct tquic_sent *s, *tmp;

	list_for_each_entry_safe(s, tmp, &x->space.sent, node) {
		list_del(&s->node);
		kfree(s);
	}
	tquic_cc_release(&p->cc);
	/* Maybe the last reference, which sleeps: later (path IDs are used
	 * once, so the slot is free)
	 */
	c->mp.udp_gone[p->id] = p->udp;
	if (c->state != TQUIC_CONN_CLOSED)
		tquic_nl_path_event(c, p, TQUIC_NL_EVENT_PATH_DOWN);
	c->mp.paths[p->id] = NULL;
	c->mp.npaths--;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PATHS_REMOVED);
	kfree(x);
}

/**
 * tquic_paths_udp_release - let go of the UDP sockets of closed paths
 * @c: connection
 *
 * Context: process, bottom halves enabled (the socket lock may be held).
 */
void tquic_paths_udp_release(struct tquic_conn *c)
{
	unsigned int i;

	for (i = 0; i < TQUIC_MP_IDS; i++) {
		if (c->mp.udp_gone[i])
			tquic_udp_put(c->mp.udp_gone[i]);
		c->mp.udp_gone[i] = NULL;
	}
}

/**
 * tquic_paths_free - free every path but the first
 * @c: connection, closed
 */
void tquic_paths_free(struct tquic_conn *c)
{
	unsigned int i;

	c->path = &c->path0;
	for (i = 1; i < TQUIC_MP_IDS; i++)
		if (c->mp.paths[i])
			tquic_path_free(c, c->mp.paths[i]);
}

/* A path ID both ends can use for a new path, or 0. */
static u32 tquic_path_free_id(struct tquic_conn *c)
{
	u32 id, max = min_t(u64, min(c->mp.local_max_path_id,
				     c->mp.peer_max_path_id),
			    TQUIC_MP_IDS - 1);

	for (id = 1; id <= max; id++) {
		const struct tquic_mp_id *e = &c->mp.ids[id - 1];

		if (e->used && e->p_has && e->l_routed && !e->abandoned &&
		    !c->mp.paths[id])
			return id;
	}
	return 0;
}

static bool tquic_path_exists(struct tquic_conn *c,
			      const struct sockaddr_storage *local,
			      const struct sockaddr_storage *peer)
{
	unsigned int i;

	for (i = 0; i < TQUIC_MP_IDS; i++) {
		struct tquic_path *p = c->mp.paths[i];

		if (p && tquic_addr_eq(&p->local, local) &&
		    tquic_addr_eq(&p->peer, peer))
			return true;
	}
	return false;
}

/**
 * tquic_path_xmit - send a datagram or train of path @p's
 * @p: the path
 * @skb: its datagram(s) (see tquic_udp_xmit_dev())
 * @seg: datagram size of a train
 * @segs: datagrams in @skb
 *
 * Return: 0 or a routing error (@skb is consumed either way).
 */
int tquic_path_xmit(struct tquic_path *p, struct sk_buff *skb,
		    unsigned int seg, unsigned int segs)
{
	return tquic_udp_xmit_dev(p->udp, skb, seg, segs, &p->local, &p->peer,
				  p->ifindex);
}

/**
 * tquic_path_add - a client opens a path from @local to @peer
 * @sk: the connection's socket, locked by the caller
 * @local: our address (port 0: any)
 * @peer: the peer's address and port
 * @backup: a backup path
 * @weight: its weight, 0-255
 * @ifindex: the interface its datagrams leave by (0: the route decides)
 *
 * Return: the new path's ID, or a negative error (see
 * TQUIC_SOCKOPT_PATH_ADD in the uapi header).
 */
int tquic_path_add(struct sock *sk, const struct sockaddr_storage *local,
		   const struct sockaddr_storage *peer, bool backup,
		   u32 weight, int ifindex)
{
	struct sockaddr_storage addr = *local;
	struct tquic_conn *c = tquic_sk(sk)->conn;
	struct tquic_udp_sock *u;
	struct tquic_path *p;
	u32 id;
	int err;

	if (!c)
		return -ENOTCONN;
	if (local->ss_family != c->path0.peer.ss_family ||
	    peer->ss_family != c->path0.peer.ss_family)
		return -EAFNOSUPPORT;
	if (!tquic_sockaddr_port(peer) || weight > 255)
		return -EINVAL;
	/* The socket's max_paths, and net.tquic.max_paths as it is now */
	if (c->mp.npaths >= min_t(u32, tquic_sk(sk)->tp.max_paths,
				  READ_ONCE(tquic_net(c->net)->params.max_paths)))
		return -E2BIG;
	if (c->is_server || (c->ptp_set && !c->mp.enabled))
		return -EOPNOTSUPP;
	if (c->state != TQUIC_CONN_ESTABLISHED || !c->confirmed)
		return -ENOTCONN;
	tquic_paths_udp_release(c);
	id = tquic_path_free_id(c);
	if (!id)
		return -EAGAIN;
	err = tquic_udp_get(sock_net(sk), &addr, sk->sk_ipv6only, &u);
	if (err)
		return err;
	tquic_udp_local(u, &addr);
	if (tquic_path_exists(c, &addr, peer)) {
		tquic_udp_put(u);
		return -EEXIST;
	}
	local_bh_disable();
	p = tquic_path_new(c, id, &addr, peer, u);
	if (!p) {
		local_bh_enable();
		tquic_udp_put(u);
		return -ENOMEM;
	}
	p->backup = backup;
	p->weight = weight ?: 1;
	p->ifindex = ifindex;
	if (backup)
		tquic_mp_status(c, id);	/* the server learns it is one */
	tquic_output(c);
	local_bh_enable();
	return id;
}

/* Close path @p: what it had in flight is queued again for the other
 * paths, its path ID is done with (multipath.c), and with @tell the peer
 * hears PATH_ABANDON.  Path 0 is part of the connection: it only stops
 * carrying anything (failed, never probed again).
 */
static void tquic_path_close(struct tquic_conn *c, struct tquic_path *p,
			     bool tell)
{
	struct tquic_path *saved = c->path;

	c->path = p;
	tquic_space_requeue(c, TQUIC_LEVEL_APP);
	c->path = saved == p ? &c->path0 : saved;
	if (!p->id) {
		p->state = TQUIC_PATH_FAILED;
		p->path_challenge_pending = false;
		p->path_validating = false;
		if (tell)
			c->mp.abandon_pending |= BIT(0);
		return;
	}
	tquic_mp_abandoned(c, p->id, tell);
	tquic_path_free(c, p);
}

/**
 * tquic_path_abandon_rcv - the peer abandoned path @id (PATH_ABANDON)
 * @c: connection
 * @id: an open path's ID
 *
 * We abandon it too, as the draft asks (3.4).
 */
void tquic_path_abandon_rcv(struct tquic_conn *c, u32 id)
{
	struct tquic_path *p = tquic_path_by_id(c, id);

	if (p)
		tquic_path_close(c, p, true);
}

/**
 * tquic_path_status_rcv - the peer's PATH_STATUS for path @id
 * @c: connection
 * @id: the path ID
 * @backup: it asks for a backup path
 *
 * An open path follows: a backup path carries data only when no active
 * path is left, on both ends.
 */
void tquic_path_status_rcv(struct tquic_conn *c, u32 id, bool backup)
{
	struct tquic_path *p = tquic_path_by_id(c, id);

	if (!p)
		return;
	p->backup = backup;
	if (tquic_path_usable(p))
		p->state = backup ? TQUIC_PATH_STANDBY : TQUIC_PATH_ACTIVE;
}

/**
 * tquic_path_del - close path @id (TQUIC_SOCKOPT_PATH_DEL)
 * @sk: the connection's socket, locked by the caller
 * @id: the path ID
 *
 * Return: 0; -ENOTCONN; -ENOENT for no such path; -EBUSY for path 0 or
 * the last path that can carry data.
 */
int tquic_path_del(struct sock *sk, u32 id)
{
	struct tquic_conn *c = tquic_sk(sk)->conn;
	struct tquic_path *p, *q;
	unsigned int usable = 0;

	if (!c || c->state != TQUIC_CONN_ESTABLISHED)
		return -ENOTCONN;
	p = tquic_path_by_id(c, id);
	if (!p)
		return -ENOENT;
	tquic_path_for_each(c, q)
		usable += q != p && tquic_path_usable(q);
	if (!id || !usable)
		return -EBUSY;
	local_bh_disable();
	tquic_path_close(c, p, true);
	tquic_output(c);
	local_bh_enable();
	tquic_paths_udp_release(c);
	return 0;
}

/**
 * tquic_path_set - a path's backup flag and weight (TQUIC_SOCKOPT_PATH_SET)
 * @sk: the connection's socket, locked by the caller
 * @id: the path ID
 * @backup: 1 backup, 0 not, -1 unchanged
 * @weight: 0-255, -1 unchanged
 *
 * The peer hears of a change of @backup (PATH_STATUS).
 * Return: 0, -ENOTCONN, -ENOENT for no such path, -EINVAL.
 */
int tquic_path_set(struct sock *sk, u32 id, int backup, int weight)
{
	struct tquic_conn *c = tquic_sk(sk)->conn;
	struct tquic_path *p;

	if (!c || c->state != TQUIC_CONN_ESTABLISHED)
		return -ENOTCONN;
	p = tquic_path_by_id(c, id);
	if (!p)
		return -ENOENT;
	if (backup > 1 || weight > 255)
		return -EINVAL;
	if (weight >= 0)
		p->weight = weight;
	if (backup < 0 || backup == p->backup)
		return 0;
	local_bh_disable();
	tquic_path_status_rcv(c, id, backup);
	tquic_mp_status(c, id);
	tquic_output(c);
	local_bh_enable();
	return 0;
}

/**
 * tquic_path_may_open - a server may open path @id for a packet to our ID
 *	of it
 * @c: connection
 * @id: the path ID, which has no path
 *
 * Only a server opens a path its peer opened, only for an ID the client
 * gave IDs for and neither abandoned, and within its path limit.
 * Return: true when it may, once the packet authenticates.
 */
bool tquic_path_may_open(struct tquic_conn *c, u32 id)
{
	return c->is_server && !c->mp.ids[id - 1].abandoned &&
	       c->mp.ids[id - 1].p_has &&
	       c->mp.npaths < tquic_sk(c->sk)->tp.max_paths;
}

/**
 * tquic_path_open_rcv - open path @id for an authenticated packet that
 *	came on it (tquic_path_may_open() said yes)
 * @c: connection
 * @id: the path ID
 * @local: the address it came to
 * @from: the address it came from
 *
 * Only a packet that opened is worth a path: one opened for every
 * forgery that names the ID would cost a UDP socket reference and an
 * event each.  The new path is challenged (tquic_path_new()).
 * Return: the path, or NULL (drop the packet).
 */
struct tquic_path *tquic_path_open_rcv(struct tquic_conn *c, u32 id,
				       const struct sockaddr_storage *local,
				       const struct sockaddr_storage *from)
{
	struct tquic_path *p;

	tquic_udp_hold(c->path0.udp);
	p = tquic_path_new(c, id, local, from, c->path0.udp);
	if (!p) {
		tquic_udp_put(c->path0.udp);	/* not the last: path 0's */
		return NULL;
	}
	return p;
}

/**
 * tquic_conn_degraded - every path of a multipath connection has failed
 * @c: connection
 *
 * No path is usable and at least one failed (a path still probing after
 * its first validation is not counted as working).
 */
bool tquic_conn_degraded(const struct tquic_conn *c)
{
	const struct tquic_path *p;
	bool failed = false;
	unsigned int i;

	if (c->mp.npaths < 2)
		return false;
	for (i = 0; i < TQUIC_MP_IDS; i++) {
		p = c->mp.paths[i];
		if (!p)
			continue;
		if (tquic_path_usable(p))
			return false;
		failed |= p->state == TQUIC_PATH_FAILED;
	}
	return failed;
}

/**
 * tquic_path_validated - a PATH_RESPONSE answered @p's challenge
 * @c: connection
 * @p: the path
 */
void tquic_path_validated(struct tquic_conn *c, struct tquic_path *p)
{
	bool degraded;

	if (p->state != TQUIC_PATH_PROBING && p->state != TQUIC_PATH_FAILED)
		return;
	degraded = tquic_conn_degraded(c);
	if (p->state == TQUIC_PATH_FAILED)
		TQUIC_INC_STATS(c->net, TQUIC_MIB_PATHS_RECOVERED);
	p->state = p->backup ? TQUIC_PATH_STANDBY : TQUIC_PATH_ACTIVE;
	if (degraded)
		tquic_nl_conn_event(c, TQUIC_NL_EVENT_CONN_RECOVERED);
	p->pto_count = 0;
	p->reinjected = false;
	p->overdue = false;
	if (p->id && c->path == p)
		tquic_pmtu_start(c);	/* its own search */
}

/**
 * tquic_path_pto - c->path had a probe timeout: has it failed?
 * @c: connection
 *
 * A path that goes TQUIC_PATH_FAIL_PTOS probe timeouts without an
 * acknowledgment while another path is open fails: what it had in
 * flight is queued again for the other paths, and it is challenged
 * again, its probes backing off to 16 PTOs apart, until a PATH_RESPONSE
 * brings it back (tquic_path_validated()).  With all paths failed the
 * connection carries nothing until one comes back.
 * Return: true when it failed now.
 */
bool tquic_path_pto(struct tquic_conn *c)
{
	struct tquic_path *p = c->path;

	if (c->mp.npaths < 2 || !tquic_path_usable(p) ||
	    p->pto_count < TQUIC_PATH_FAIL_PTOS)
		return false;
	p->state = TQUIC_PATH_FAILED;
	tquic_space_requeue(c, TQUIC_LEVEL_APP);
	p->pto_count = TQUIC_PATH_FAIL_PTOS;	/* the probes back off */
	get_random_bytes(p->path_challenge, sizeof(p->path_challenge));
	p->path_challenge_pending = true;
	p->path_validating = true;
	p->stats.failures++;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_PATHS_FAILED);
	tquic_nl_path_event(c, p, TQUIC_NL_EVENT_PATH_FAILED);
	if (tquic_conn_degraded(c)) {
		TQUIC_INC_STATS(c->net, TQUIC_MIB_CONN_DEGRADED);
		tquic_nl_conn_event(c, TQUIC_NL_EVENT_CONN_DEGRADED);
	}
	return true;
}

/* Another path than @p that may take @p's data and has had no probe
 * timeout and no overdue packet since its last acknowledgment: an active
 * path, or any usable one when @p is a backup path.
 */
static bool tquic_path_clean_other(struct tquic_conn *c,
				   const struct tquic_path *p)
{
	struct tquic_path *o;

	tquic_path_for_each(c, o)
		if (o != p && !o->pto_count && !o->reinjected &&
		    (o->state == TQUIC_PATH_ACTIVE ||
		     (p->backup && tquic_path_usable(o))))
			return true;
	return false;
}

/**
 * tquic_path_reinject - c->path had its first probe timeout, or its
 *	oldest packet in flight is overdue: send what it has in flight again
 *	over the others
 * @c: connection
 *
 * Once until c->path is acknowledged again, and only while another path
 * that may take its data is clean (tquic_path_clean_other(): an active
 * one, or for a backup path in use any usable one - this never moves
 * data onto a backup path): the stream data of c->path's packets in
 * flight is queued again (its packets stay in flight: an acknowledgment
 * of either copy settles the data), and the scheduler leaves c->path
 * alone until it is acknowledged again (tquic_path_suspect()).  A link
 * that died costs a round trip and a margin (recovery.c,
 * tquic_path_overdue_at()), not the TQUIC_PATH_FAIL_PTOS before the path
 * is declared failed.
 * Return: true when the data was queued again.
 */
bool tquic_path_reinject(struct tquic_conn *c)
{
	struct tquic_path *p = c->path;
	struct tquic_sent *rec;

	if (c->mp.npaths < 2 || p->reinjected ||
	    !tquic_path_clean_other(c, p))
		return false;
	list_for_each_entry(rec, &p->sp->sent, node)
		if (rec->ack_eliciting)
			tquic_stream_resend(c, rec);
	p->reinjected = true;
	p->stats.reinjections++;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_REINJECTIONS);
	return true;
}

/**
 * tquic_path_suspect - @p had a probe timeout or an overdue packet since
 *	its last acknowledgment while another usable path had none: the
 *	scheduler gives it no new data
 * @c: connection
 * @p: one of its paths
 */
bool tquic_path_suspect(struct tquic_conn *c, const struct tquic_path *p)
{
	return (p->pto_count || p->reinjected) && tquic_path_clean_other(c, p);
}

/**
 * tquic_path_usable - @p may carry data now
 * @p: the path
 */
bool tquic_path_usable(const struct tquic_path *p)
{
	return p->state == TQUIC_PATH_ACTIVE || p->state == TQUIC_PATH_STANDBY;
}

/**
 * tquic_path_may_carry - c->path may take new data now: an active path,
 *	or a backup path while no active one is left
 * @c: connection
 */
bool tquic_path_may_carry(struct tquic_conn *c)
{
	struct tquic_path *p;

	if (c->path->state == TQUIC_PATH_ACTIVE)
		return true;
	if (c->path->state != TQUIC_PATH_STANDBY)
		return false;
	tquic_path_for_each(c, p)
		if (p->state == TQUIC_PATH_ACTIVE)
			return false;
	return true;
}

/**
 * tquic_paths_info - TQUIC_SOCKOPT_PATHS
 * @c: connection
 * @out: room for @n entries
 * @n: how many fit
 *
 * Return: how many were filled.
 */
unsigned int tquic_paths_info(struct tquic_conn *c,
			      struct tquic_path_info *out, unsigned int n)
{
	unsigned int i, k = 0;

	for (i = 0; i < TQUIC_MP_IDS && k < n; i++) {
		struct tquic_path *p = c->mp.paths[i];
		struct tquic_path_info *o = &out[k];

		if (!p)
			continue;
		memset(o, 0, sizeof(*o));
		o->path_id = p->id;
		o->state = p->state;
		o->flags = p->backup ? TQUIC_PATH_F_BACKUP : 0;
		o->weight = p->weight;
		o->max_datagram = p->max_dgram;
		memcpy(&o->local, &p->local, sizeof(o->local));
		memcpy(&o->peer, &p->peer, sizeof(o->peer));
		o->srtt_us = div_u64(p->rtt.smoothed, NSEC_PER_USEC);
		o->rttvar_us = div_u64(p->rtt.var, NSEC_PER_USEC);
		o->min_rtt_us = div_u64(p->rtt.min, NSEC_PER_USEC);
		o->cwnd = p->cc.cwnd;
		o->bytes_in_flight = p->cc.in_flight;
		o->packets_sent = p->stats.pkts_sent;
		o->bytes_sent = p->stats.bytes_sent;
		o->packets_received = p->stats.pkts_rcvd;
		o->bytes_received = p->stats.bytes_rcvd;
		o->packets_lost = p->stats.pkts_lost;
		k++;
	}
	return k;
}
