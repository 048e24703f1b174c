// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: the path state machine (path.c) - probing, active,
 * standby and failed; which path may carry new data; the
 * anti-amplification budget of each; failure after
 * TQUIC_PATH_FAIL_PTOS probe timeouts, the re-probe it starts and the
 * return on a PATH_RESPONSE; PATH_STATUS from the peer; the counters.
 */
#include <kunit/test.h>
#include <linux/timer.h>
#include <net/net_namespace.h>

#include "conn.h"
#include "recovery.h"
#include "tquic.h"

struct path_fixture {
	struct tquic_conn c;
	struct tquic_path p1;
	struct tquic_space sp1;
};

static void path_timer_fn(struct timer_list *t)
{
}

/* One counter of init_net, folded over the CPUs. */
static u64 path_mib(enum tquic_mib field)
{
	u64 vals[TQUIC_MIB_NUM];

	tquic_mib_fold(tquic_net(&init_net), vals);
	return vals[field];
}

static void path_space_init(struct tquic_space *sp)
{
	INIT_LIST_HEAD(&sp->sent);
	INIT_LIST_HEAD(&sp->crypto_rx_ooo);
	INIT_LIST_HEAD(&sp->crypto_tx);
	INIT_LIST_HEAD(&sp->crypto_sent);
	INIT_LIST_HEAD(&sp->crypto_lost);
}

/* A confirmed client connection with path 0 and path 1, both active. */
static struct tquic_conn *path_conn(struct kunit *test)
{
	struct path_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct tquic_conn *c;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	c = &f->c;
	c->net = &init_net;
	c->state = TQUIC_CONN_ESTABLISHED;
	c->confirmed = true;
	for (i = 0; i < TQUIC_LEVEL_NUM; i++)
		path_space_init(&c->space[i]);
	c->space[TQUIC_LEVEL_INITIAL].discarded = true;
	c->space[TQUIC_LEVEL_HANDSHAKE].discarded = true;
	timer_setup(&c->timer, path_timer_fn, 0);
	c->path = &c->path0;
	c->path0.sp = &c->space[TQUIC_LEVEL_APP];
	c->path0.state = TQUIC_PATH_ACTIVE;
	c->mp.paths[0] = &c->path0;
	path_space_init(&f->sp1);
	f->p1.id = 1;
	f->p1.sp = &f->sp1;
	f->p1.state = TQUIC_PATH_ACTIVE;
	c->mp.paths[1] = &f->p1;
	c->mp.npaths = 2;
	test->priv = c;
	return c;
}

static void path_exit(struct kunit *test)
{
	struct tquic_conn *c = test->priv;

	if (c)
		del_timer_sync(&c->timer);
}

static void path_usable(struct kunit *test)
{
	struct tquic_path p = {};

	p.state = TQUIC_PATH_PROBING;
	KUNIT_EXPECT_FALSE(test, tquic_path_usable(&p));
	p.state = TQUIC_PATH_ACTIVE;
	KUNIT_EXPECT_TRUE(test, tquic_path_usable(&p));
	p.state = TQUIC_PATH_STANDBY;
	KUNIT_EXPECT_TRUE(test, tquic_path_usable(&p));
	p.state = TQUIC_PATH_FAILED;
	KUNIT_EXPECT_FALSE(test, tquic_path_usable(&p));
}

/* A backup path takes new data only while no active path is left. */
static void path_may_carry(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];

	c->path = p1;
	KUNIT_EXPECT_TRUE(test, tquic_path_may_carry(c));
	p1->state = TQUIC_PATH_STANDBY;
	KUNIT_EXPECT_FALSE(test, tquic_path_may_carry(c));
	c->path0.state = TQUIC_PATH_FAILED;
	KUNIT_EXPECT_TRUE(test, tquic_path_may_carry(c));
	c->path = &c->path0;
	KUNIT_EXPECT_FALSE(test, tquic_path_may_carry(c));
	c->path = p1;
	p1->state = TQUIC_PATH_PROBING;
	KUNIT_EXPECT_FALSE(test, tquic_path_may_carry(c));
}

/* Fails at the third probe timeout, not before; re-probed at once. */
static void path_fails_after_ptos(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];
	u64 failed = path_mib(TQUIC_MIB_PATHS_FAILED);

	c->path = p1;
	p1->cc.in_flight = 5000;
	for (p1->pto_count = 0; p1->pto_count < TQUIC_PATH_FAIL_PTOS;
	     p1->pto_count++) {
		KUNIT_EXPECT_FALSE(test, tquic_path_pto(c));
		KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_ACTIVE);
	}
	KUNIT_EXPECT_TRUE(test, tquic_path_pto(c));
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_FAILED);
	KUNIT_EXPECT_TRUE(test, p1->path_challenge_pending);
	KUNIT_EXPECT_TRUE(test, p1->path_validating);
	/* Its probes back off from where the failure left them */
	KUNIT_EXPECT_EQ(test, p1->pto_count, (u32)TQUIC_PATH_FAIL_PTOS);
	KUNIT_EXPECT_EQ(test, p1->stats.failures, 1ULL);
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_PATHS_FAILED),
			failed + 1);
	KUNIT_EXPECT_FALSE(test, tquic_path_usable(p1));
	KUNIT_EXPECT_FALSE(test, tquic_path_may_carry(c));
	/* A failed path does not fail again */
	KUNIT_EXPECT_FALSE(test, tquic_path_pto(c));
	KUNIT_EXPECT_EQ(test, p1->stats.failures, 1ULL);
}

/* One path only: probe timeouts never fail it. */
static void path_single_never_fails(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);

	c->mp.paths[1] = NULL;
	c->mp.npaths = 1;
	c->path0.pto_count = 10;
	KUNIT_EXPECT_FALSE(test, tquic_path_pto(c));
	KUNIT_EXPECT_EQ(test, c->path0.state, TQUIC_PATH_ACTIVE);
}

/* A PATH_RESPONSE brings a failed path back, to what it was. */
static void path_recovers(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];
	u64 rec = path_mib(TQUIC_MIB_PATHS_RECOVERED);

	c->path = p1;
	p1->pto_count = TQUIC_PATH_FAIL_PTOS;
	KUNIT_ASSERT_TRUE(test, tquic_path_pto(c));
	c->path = &c->path0;	/* the response came on path 0 */
	tquic_path_validated(c, p1);
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_ACTIVE);
	KUNIT_EXPECT_EQ(test, p1->pto_count, 0U);
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_PATHS_RECOVERED),
			rec + 1);
	/* A backup path comes back as one */
	p1->backup = true;
	p1->pto_count = TQUIC_PATH_FAIL_PTOS;
	c->path = p1;
	KUNIT_ASSERT_TRUE(test, tquic_path_pto(c));
	c->path = &c->path0;
	tquic_path_validated(c, p1);
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_STANDBY);
	/* A response on a path in use changes nothing */
	tquic_path_validated(c, p1);
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_STANDBY);
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_PATHS_RECOVERED),
			rec + 2);
}

/* A new path is validated before use: probing to active or standby. */
static void path_probing_validated(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];
	u64 rec = path_mib(TQUIC_MIB_PATHS_RECOVERED);

	p1->state = TQUIC_PATH_PROBING;
	p1->pto_count = 2;
	tquic_path_validated(c, p1);
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_ACTIVE);
	KUNIT_EXPECT_EQ(test, p1->pto_count, 0U);
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_PATHS_RECOVERED),
			rec);
	/* Probe timeouts of a path still probing do not fail it */
	p1->state = TQUIC_PATH_PROBING;
	p1->pto_count = 5;
	c->path = p1;
	KUNIT_EXPECT_FALSE(test, tquic_path_pto(c));
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_PROBING);
}

/* Degraded: every path failed; back once one answers. */
static void path_degraded(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];
	u64 deg = path_mib(TQUIC_MIB_CONN_DEGRADED);

	KUNIT_EXPECT_FALSE(test, tquic_conn_degraded(c));
	c->path = p1;
	p1->pto_count = TQUIC_PATH_FAIL_PTOS;
	KUNIT_ASSERT_TRUE(test, tquic_path_pto(c));
	KUNIT_EXPECT_FALSE(test, tquic_conn_degraded(c));
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_CONN_DEGRADED), deg);
	c->path = &c->path0;
	c->path0.pto_count = TQUIC_PATH_FAIL_PTOS;
	KUNIT_ASSERT_TRUE(test, tquic_path_pto(c));
	KUNIT_EXPECT_TRUE(test, tquic_conn_degraded(c));
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_CONN_DEGRADED), deg + 1);
	/* Path 0 answers: no longer degraded (path 1 still failed) */
	tquic_path_validated(c, &c->path0);
	KUNIT_EXPECT_FALSE(test, tquic_conn_degraded(c));
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_FAILED);
	/* A path still probing is not a working one, nor a failed one */
	p1->state = TQUIC_PATH_PROBING;
	c->path0.state = TQUIC_PATH_FAILED;
	KUNIT_EXPECT_TRUE(test, tquic_conn_degraded(c));
	c->path0.state = TQUIC_PATH_PROBING;
	KUNIT_EXPECT_FALSE(test, tquic_conn_degraded(c));
	/* One path: never */
	c->mp.paths[1] = NULL;
	c->mp.npaths = 1;
	c->path0.state = TQUIC_PATH_FAILED;
	KUNIT_EXPECT_FALSE(test, tquic_conn_degraded(c));
}

/* First PTO of a path while another is clean: its data goes again
 * elsewhere and the scheduler leaves it alone until it is acknowledged.
 */
static void path_reinject(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];
	u64 r = path_mib(TQUIC_MIB_REINJECTIONS);

	c->path = p1;
	KUNIT_EXPECT_FALSE(test, tquic_path_suspect(c, p1));
	p1->pto_count = 1;
	KUNIT_EXPECT_TRUE(test, tquic_path_suspect(c, p1));
	KUNIT_EXPECT_FALSE(test, tquic_path_suspect(c, &c->path0));
	KUNIT_EXPECT_TRUE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_EQ(test, p1->stats.reinjections, 1ULL);
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_REINJECTIONS), r + 1);
	/* Once until the path is acknowledged again */
	p1->pto_count = 2;
	KUNIT_EXPECT_FALSE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_TRUE(test, tquic_path_suspect(c, p1));
	/* An overdue packet (no PTO yet) is enough */
	p1->reinjected = false;
	p1->pto_count = 0;
	KUNIT_EXPECT_TRUE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_TRUE(test, tquic_path_suspect(c, p1));
	p1->reinjected = false;
	/* Not when the other path is in trouble too: neither is suspect */
	p1->pto_count = 1;
	c->path0.pto_count = 1;
	KUNIT_EXPECT_FALSE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_FALSE(test, tquic_path_suspect(c, p1));
	c->path0.pto_count = 0;
	c->path0.reinjected = true;
	KUNIT_EXPECT_FALSE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_FALSE(test, tquic_path_suspect(c, p1));
	c->path0.reinjected = false;
	/* Nor when the other path cannot carry data */
	c->path0.pto_count = 0;
	c->path0.state = TQUIC_PATH_FAILED;
	KUNIT_EXPECT_FALSE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_FALSE(test, tquic_path_suspect(c, p1));
	/* Nor onto a backup path */
	c->path0.state = TQUIC_PATH_STANDBY;
	KUNIT_EXPECT_FALSE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_FALSE(test, tquic_path_suspect(c, p1));
	/* One path: never */
	c->path0.state = TQUIC_PATH_ACTIVE;
	c->mp.paths[1] = NULL;
	c->mp.npaths = 1;
	c->path = &c->path0;
	c->path0.pto_count = 1;
	KUNIT_EXPECT_FALSE(test, tquic_path_reinject(c));
	KUNIT_EXPECT_EQ(test, p1->stats.reinjections, 2ULL);
	KUNIT_EXPECT_EQ(test, path_mib(TQUIC_MIB_REINJECTIONS), r + 2);
}

/* When a path's oldest ack-eliciting packet in flight is overdue: sent
 * at 1 s, smoothed RTT 40 ms, deviation 5 ms: due at 1.04 s, overdue a
 * margin of max(4 * 5, 40 / 4) = 20 ms later; with one packet alone in
 * flight, the peer's max_ack_delay (25 ms) later still.
 */
static void path_overdue(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];
	struct tquic_sent *ack_only, *a, *b;

	ack_only = kunit_kzalloc(test, sizeof(*ack_only), GFP_KERNEL);
	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, ack_only && a && b);
	c->ptp_set = true;
	c->ptp.max_ack_delay = 25;
	c->path = p1;
	ack_only->time = 900 * NSEC_PER_MSEC;
	a->time = 1000 * NSEC_PER_MSEC;
	a->ack_eliciting = true;
	b->time = 1010 * NSEC_PER_MSEC;
	b->ack_eliciting = true;
	list_add_tail(&ack_only->node, &p1->sp->sent);
	list_add_tail(&a->node, &p1->sp->sent);
	list_add_tail(&b->node, &p1->sp->sent);
	p1->sp->eliciting_in_flight = 2;
	/* No RTT sample yet: not watched */
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 0ULL);
	p1->rtt.sampled = true;
	p1->rtt.smoothed = 40 * NSEC_PER_MSEC;
	p1->rtt.var = 5 * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 1060 * NSEC_PER_MSEC);
	/* A lone packet: its ACK may be delayed */
	list_del(&a->node);
	p1->sp->eliciting_in_flight = 1;
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 1095 * NSEC_PER_MSEC);
	/* A deviation above a quarter of the RTT sets the margin */
	p1->rtt.var = 15 * NSEC_PER_MSEC;
	p1->sp->eliciting_in_flight = 2;
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 1110 * NSEC_PER_MSEC);
	/* Not watched once overdue or reinjected, nor on a backup path,
	 * nor with one path
	 */
	p1->overdue = true;
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 0ULL);
	p1->overdue = false;
	p1->reinjected = true;
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 0ULL);
	p1->reinjected = false;
	p1->state = TQUIC_PATH_STANDBY;
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 0ULL);
	p1->state = TQUIC_PATH_ACTIVE;
	c->mp.npaths = 1;
	KUNIT_EXPECT_EQ(test, tquic_path_overdue_at(c), 0ULL);
	c->mp.npaths = 2;
	list_del(&ack_only->node);
	list_del(&b->node);
	p1->sp->eliciting_in_flight = 0;
	c->path = &c->path0;
}

/* PATH_STATUS: a usable path follows it; others keep their state. */
static void path_status(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p1 = c->mp.paths[1];

	tquic_path_status_rcv(c, 1, true);
	KUNIT_EXPECT_TRUE(test, p1->backup);
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_STANDBY);
	tquic_path_status_rcv(c, 1, false);
	KUNIT_EXPECT_FALSE(test, p1->backup);
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_ACTIVE);
	p1->state = TQUIC_PATH_FAILED;
	tquic_path_status_rcv(c, 1, true);
	KUNIT_EXPECT_TRUE(test, p1->backup);
	KUNIT_EXPECT_EQ(test, p1->state, TQUIC_PATH_FAILED);
	/* No such path: nothing happens */
	tquic_path_status_rcv(c, 3, true);
	KUNIT_EXPECT_EQ(test, c->mp.npaths, 2U);
}

/* With @r received and @s sent on the counters @rcvd and @sent, @p's
 * budget is @want.
 */
static void amp_expect(struct kunit *test, struct tquic_conn *c,
		       struct tquic_path *p, u64 *rcvd, u64 *sent, u64 r,
		       u64 s, u64 want)
{
	*rcvd = r;
	*sent = s;
	KUNIT_EXPECT_EQ(test, tquic_amp_room(c, p), want);
}

/* What a server may still send where the client's address is not
 * validated (RFC 9000, 8.1): during the handshake, by the connection's
 * bytes; to a moved client on path 0, by what came from its new address
 * since it moved; on a path the client opened, by that path's bytes
 * until it is validated.  Anything else is not limited.
 */
static void path_amp_room(struct kunit *test)
{
	struct tquic_conn *c = path_conn(test);
	struct tquic_path *p0 = &c->path0, *p1 = c->mp.paths[1];
	u64 *in = &c->stats.bytes_in, *out = &c->stats.bytes_out;

	c->is_server = true;
	amp_expect(test, c, p0, in, out, 1200, 1000, 2600);
	amp_expect(test, c, p0, in, out, 1200, 3601, 0);
	c->addr_validated = true;
	amp_expect(test, c, p0, in, out, 1200, 3601, U64_MAX);

	p0->peer_unvalidated = true;
	amp_expect(test, c, p0, &p0->amp_rcvd, &p0->amp_sent, 100, 250, 50);
	amp_expect(test, c, p0, &p0->amp_rcvd, &p0->amp_sent, 100, 400, 0);
	p0->peer_unvalidated = false;
	amp_expect(test, c, p0, &p0->amp_rcvd, &p0->amp_sent, 100, 400,
		   U64_MAX);

	p1->state = TQUIC_PATH_PROBING;
	amp_expect(test, c, p1, &p1->stats.bytes_rcvd, &p1->stats.bytes_sent,
		   1252, 1000, 2756);
	amp_expect(test, c, p1, &p1->stats.bytes_rcvd, &p1->stats.bytes_sent,
		   1252, 5000, 0);
	p1->state = TQUIC_PATH_ACTIVE;
	KUNIT_EXPECT_EQ(test, tquic_amp_room(c, p1), U64_MAX);
	/* A client validates its own paths: not limited */
	p1->state = TQUIC_PATH_PROBING;
	c->is_server = false;
	KUNIT_EXPECT_EQ(test, tquic_amp_room(c, p1), U64_MAX);
}

static struct kunit_case tquic_path_cases[] = {
	KUNIT_CASE(path_usable),
	KUNIT_CASE(path_may_carry),
	KUNIT_CASE(path_fails_after_ptos),
	KUNIT_CASE(path_single_never_fails),
	KUNIT_CASE(path_recovers),
	KUNIT_CASE(path_probing_validated),
	KUNIT_CASE(path_status),
	KUNIT_CASE(path_degraded),
	KUNIT_CASE(path_reinject),
	KUNIT_CASE(path_overdue),
	KUNIT_CASE(path_amp_room),
	{}
};

static struct kunit_suite tquic_path_suite = {
	.name = "tquic_path",
	.exit = path_exit,
	.test_cases = tquic_path_cases,
};

kunit_test_suite(tquic_path_suite);
