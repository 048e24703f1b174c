// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of tquic's pure logic: varint codec, sysctl bounds,
 * algorithm registries, NewReno and counters.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cong.h"
#include "sched.h"
#include "tquic.h"

/* RFC 9000, appendix A.1 */
static void varint_rfc_vectors(struct kunit *test)
{
	static const struct {
		u8 bytes[8];
		unsigned int len;
		u64 val;
		bool minimal;
	} vec[] = {
		{ { 0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c }, 8,
		  151288809941952652ULL, true },
		{ { 0x9d, 0x7f, 0x3e, 0x7d }, 4, 494878333, true },
		{ { 0x7b, 0xbd }, 2, 15293, true },
		{ { 0x25 }, 1, 37, true },
		{ { 0x40, 0x25 }, 2, 37, false },
	};
	u8 out[8];
	u64 v;
	int i;

	for (i = 0; i < ARRAY_SIZE(vec); i++) {
		KUNIT_EXPECT_EQ(test, tquic_varint_decode(vec[i].bytes,
							  vec[i].len, &v),
				(int)vec[i].len);
		KUNIT_EXPECT_EQ(test, v, vec[i].val);
		if (!vec[i].minimal)
			continue;
		KUNIT_EXPECT_EQ(test, tquic_varint_encode(out, sizeof(out), v),
				(int)vec[i].len);
		KUNIT_EXPECT_EQ(test, memcmp(out, vec[i].bytes, vec[i].len), 0);
	}
}

static void varint_boundaries(struct kunit *test)
{
	static const struct {
		u64 val;
		unsigned int len;
	} b[] = {
		{ 0, 1 }, { 63, 1 }, { 64, 2 }, { 16383, 2 }, { 16384, 4 },
		{ (1ULL << 30) - 1, 4 }, { 1ULL << 30, 8 },
		{ TQUIC_VARINT_MAX, 8 }, { TQUIC_VARINT_MAX + 1, 0 },
		{ U64_MAX, 0 },
	};
	u8 out[8];
	u64 v;
	int i, n;

	for (i = 0; i < ARRAY_SIZE(b); i++) {
		KUNIT_EXPECT_EQ(test, tquic_varint_len(b[i].val), b[i].len);
		n = tquic_varint_encode(out, sizeof(out), b[i].val);
		if (!b[i].len) {
			KUNIT_EXPECT_EQ(test, n, -ERANGE);
			continue;
		}
		KUNIT_ASSERT_EQ(test, n, (int)b[i].len);
		KUNIT_EXPECT_EQ(test, tquic_varint_decode(out, n, &v), n);
		KUNIT_EXPECT_EQ(test, v, b[i].val);
	}
}

static void varint_malformed(struct kunit *test)
{
	static const u8 eight[8] = { 0xc0, 1, 2, 3, 4, 5, 6, 7 };
	static const u8 four[4] = { 0x80, 1, 2, 3 };
	static const u8 two[2] = { 0x40, 1 };
	u8 out[8];
	u64 v = 0xdead;

	KUNIT_EXPECT_EQ(test, tquic_varint_decode(eight, 0, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_varint_decode(eight, 7, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_varint_decode(four, 3, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_varint_decode(two, 1, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 0xdeadULL);
	KUNIT_EXPECT_EQ(test, tquic_varint_encode(out, 3, 16384), -ENOSPC);
	KUNIT_EXPECT_EQ(test, tquic_varint_encode(out, 0, 0), -ENOSPC);
}

static struct kunit_case tquic_varint_cases[] = {
	KUNIT_CASE(varint_rfc_vectors),
	KUNIT_CASE(varint_boundaries),
	KUNIT_CASE(varint_malformed),
	{}
};

static struct kunit_suite tquic_varint_suite = {
	.name = "tquic_varint",
	.test_cases = tquic_varint_cases,
};

/* sysctl: drive the real handlers with kernel buffers */
struct sysctl_ctx {
	struct tquic_net *tn;
	struct ctl_table *table;
	size_t n;
};

static int sysctl_init(struct kunit *test)
{
	struct sysctl_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->tn = kunit_kzalloc(test, sizeof(*ctx->tn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->tn);
	ctx->tn->params = tquic_default_params;
	spin_lock_init(&ctx->tn->alg_lock);
	ctx->table = tquic_sysctl_table_alloc(ctx->tn, &ctx->n);
	KUNIT_ASSERT_NOT_NULL(test, ctx->table);
	test->priv = ctx;
	return 0;
}

static void sysctl_exit(struct kunit *test)
{
	struct sysctl_ctx *ctx = test->priv;

	kfree(ctx->table);
}

static struct ctl_table *sysctl_find(struct kunit *test, const char *name)
{
	struct sysctl_ctx *ctx = test->priv;
	size_t i;

	for (i = 0; i < ctx->n; i++)
		if (!strcmp(ctx->table[i].procname, name))
			return &ctx->table[i];
	KUNIT_FAIL(test, "no sysctl %s", name);
	return NULL;
}

static int sysctl_write(struct kunit *test, const char *name, const char *val)
{
	struct ctl_table *t = sysctl_find(test, name);
	char buf[64];
	size_t len;
	loff_t pos = 0;

	if (!t)
		return -ENOENT;
	len = strscpy(buf, val, sizeof(buf));
	return t->proc_handler(t, 1, buf, &len, &pos);
}

static void sysctl_read(struct kunit *test, const char *name, char *buf,
			size_t size)
{
	struct ctl_table *t = sysctl_find(test, name);
	size_t len = size - 1;
	loff_t pos = 0;

	buf[0] = '\0';
	if (!t)
		return;
	memset(buf, 0, size);
	KUNIT_ASSERT_EQ(test, t->proc_handler(t, 0, buf, &len, &pos), 0);
	buf[len] = '\0';
	strim(buf);
}

static const struct {
	const char *name;
	const char *def;
} sysctl_defaults[] = {
	{ "max_connections", "4096" },
	{ "max_streams_bidi", "100" },
	{ "max_streams_uni", "100" },
	{ "idle_timeout", "30000" },
	{ "max_udp_payload", "1472" },
	{ "ack_delay_exponent", "3" },
	{ "max_ack_delay", "25" },
	{ "active_connection_id_limit", "8" },
	{ "initial_rtt", "333" },
	{ "multipath_enabled", "1" },
	{ "max_paths", "8" },
	{ "key_update_packets", "0" },
	{ "hystart", "1" },
	{ "gro", "1" },
	{ "rx_zerocopy", "1" },
	{ "rx_hold_us", "5000" },
	{ "congestion_control", "cubic" },
	{ "scheduler", "minrtt" },
	{ "available_congestion_control", "newreno cubic lia olia bbr" },
	{ "available_schedulers",
	  "minrtt roundrobin weighted blest ecf redundant" },
};

static void sysctl_defaults_read(struct kunit *test)
{
	struct sysctl_ctx *ctx = test->priv;
	char buf[64];
	int i;

	KUNIT_EXPECT_EQ(test, ctx->n, ARRAY_SIZE(sysctl_defaults));
	for (i = 0; i < ARRAY_SIZE(sysctl_defaults); i++) {
		sysctl_read(test, sysctl_defaults[i].name, buf, sizeof(buf));
		KUNIT_EXPECT_STREQ_MSG(test, buf, sysctl_defaults[i].def,
				       "sysctl %s", sysctl_defaults[i].name);
	}
}

static const struct {
	const char *name;
	const char *val;
	int err;
} sysctl_writes[] = {
	{ "max_connections", "0", -EINVAL },
	{ "max_connections", "1", 0 },
	{ "max_connections", "1048576", 0 },
	{ "max_connections", "1048577", -EINVAL },
	{ "max_streams_bidi", "0", 0 },
	{ "max_streams_bidi", "1152921504606846976", 0 },
	{ "max_streams_bidi", "1152921504606846977", -EINVAL },
	{ "max_streams_bidi", "-1", -EINVAL },
	{ "max_streams_uni", "1152921504606846977", -EINVAL },
	{ "idle_timeout", "0", 0 },
	{ "idle_timeout", "86400000", 0 },
	{ "idle_timeout", "86400001", -EINVAL },
	{ "idle_timeout", "-1", -EINVAL },
	{ "idle_timeout", "ten", -EINVAL },
	{ "max_udp_payload", "1199", -EINVAL },
	{ "max_udp_payload", "1200", 0 },
	{ "max_udp_payload", "65527", 0 },
	{ "max_udp_payload", "65528", -EINVAL },
	{ "ack_delay_exponent", "20", 0 },
	{ "ack_delay_exponent", "21", -EINVAL },
	{ "max_ack_delay", "16383", 0 },
	{ "max_ack_delay", "16384", -EINVAL },
	{ "active_connection_id_limit", "1", -EINVAL },
	{ "active_connection_id_limit", "2", 0 },
	{ "active_connection_id_limit", "257", -EINVAL },
	{ "initial_rtt", "0", -EINVAL },
	{ "initial_rtt", "60000", 0 },
	{ "initial_rtt", "60001", -EINVAL },
	{ "multipath_enabled", "0", 0 },
	{ "multipath_enabled", "2", -EINVAL },
	{ "max_paths", "0", -EINVAL },
	{ "max_paths", "16", 0 },
	{ "max_paths", "17", -EINVAL },
	{ "key_update_packets", "-1", -EINVAL },
	{ "key_update_packets", "2147483647", 0 },
	{ "congestion_control", "bogus", -EINVAL },
	{ "congestion_control", "newreno", 0 },
	{ "congestion_control", "cubic", 0 },
	{ "congestion_control", "Cubic", -EINVAL },
	{ "congestion_control", "newrenonewrenonewreno", -EINVAL },
	{ "scheduler", "roundrobin", 0 },
	{ "scheduler", "", -EINVAL },
	{ "scheduler", "fastest", -EINVAL },
};

static void sysctl_bounds(struct kunit *test)
{
	char before[64], after[64];
	int i, err;

	for (i = 0; i < ARRAY_SIZE(sysctl_writes); i++) {
		sysctl_read(test, sysctl_writes[i].name, before,
			    sizeof(before));
		err = sysctl_write(test, sysctl_writes[i].name,
				   sysctl_writes[i].val);
		KUNIT_EXPECT_EQ_MSG(test, err, sysctl_writes[i].err,
				    "%s <- \"%s\"", sysctl_writes[i].name,
				    sysctl_writes[i].val);
		sysctl_read(test, sysctl_writes[i].name, after, sizeof(after));
		if (sysctl_writes[i].err)
			KUNIT_EXPECT_STREQ_MSG(test, after, before,
					       "%s changed by a failed write",
					       sysctl_writes[i].name);
		else
			KUNIT_EXPECT_STREQ(test, after, sysctl_writes[i].val);
	}
}

/* Two netns' tables never share storage. */
static void sysctl_tables_independent(struct kunit *test)
{
	struct sysctl_ctx *ctx = test->priv;
	struct tquic_net *other;
	struct ctl_table *t2;
	size_t n2;

	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	other->params = tquic_default_params;
	spin_lock_init(&other->alg_lock);
	t2 = tquic_sysctl_table_alloc(other, &n2);
	KUNIT_ASSERT_NOT_NULL(test, t2);

	KUNIT_EXPECT_EQ(test, sysctl_write(test, "max_udp_payload", "1300"), 0);
	KUNIT_EXPECT_EQ(test, sysctl_write(test, "scheduler", "roundrobin"), 0);
	KUNIT_EXPECT_EQ(test, ctx->tn->params.max_udp_payload, 1300);
	KUNIT_EXPECT_EQ(test, other->params.max_udp_payload, 1472);
	KUNIT_EXPECT_STREQ(test, other->params.sched_name, "minrtt");
	KUNIT_EXPECT_EQ(test, tquic_default_params.max_udp_payload, 1472);
	kfree(t2);
}

static struct kunit_case tquic_sysctl_cases[] = {
	KUNIT_CASE(sysctl_defaults_read),
	KUNIT_CASE(sysctl_bounds),
	KUNIT_CASE(sysctl_tables_independent),
	{}
};

static struct kunit_suite tquic_sysctl_suite = {
	.name = "tquic_sysctl",
	.init = sysctl_init,
	.exit = sysctl_exit,
	.test_cases = tquic_sysctl_cases,
};

/* registries */
static void cc_test_init(struct tquic_cc *cc)
{
	cc->cwnd = 1;
}

static void cc_test_sent(struct tquic_cc *cc, u32 b, u64 now) {}
static void cc_test_acked(struct tquic_cc *cc, u32 b, u64 s, u64 now) {}
static void cc_test_pc(struct tquic_cc *cc, u64 now) {}

static void registry_builtins(struct kunit *test)
{
	char buf[64];

	KUNIT_EXPECT_TRUE(test, tquic_alg_exists(&tquic_cc_registry, "newreno"));
	KUNIT_EXPECT_TRUE(test, tquic_alg_exists(&tquic_cc_registry, "cubic"));
	KUNIT_EXPECT_EQ(test, tquic_alg_list(&tquic_cc_registry, buf,
					     sizeof(buf)), 26UL);
	KUNIT_EXPECT_STREQ(test, buf, "newreno cubic lia olia bbr");
	KUNIT_EXPECT_TRUE(test, tquic_alg_exists(&tquic_sched_registry,
						 "minrtt"));
	KUNIT_EXPECT_TRUE(test, tquic_alg_exists(&tquic_sched_registry,
						 "roundrobin"));
	KUNIT_EXPECT_FALSE(test, tquic_alg_exists(&tquic_cc_registry, "minrtt"));
	KUNIT_EXPECT_EQ(test, tquic_alg_list(&tquic_sched_registry, buf,
					     sizeof(buf)), 46UL);
	KUNIT_EXPECT_STREQ(test, buf,
			   "minrtt roundrobin weighted blest ecf redundant");
	/* Truncated output still terminates and reports the full length. */
	KUNIT_EXPECT_EQ(test, tquic_alg_list(&tquic_sched_registry, buf, 5),
			46UL);
	KUNIT_EXPECT_STREQ(test, buf, "minr");
}

static void registry_register(struct kunit *test)
{
	struct tquic_cc_ops ops = {
		.alg = { .name = "kunit-cc" },
		.init = cc_test_init,
		.on_sent = cc_test_sent,
		.on_acked = cc_test_acked,
		.on_lost = cc_test_acked,
		.on_persistent_congestion = cc_test_pc,
	};
	struct tquic_cc_ops dup = ops, incomplete = ops, noname = ops;
	struct tquic_cc cc;
	char buf[64];

	incomplete.on_lost = NULL;
	noname.alg.name[0] = '\0';
	strscpy(dup.alg.name, "newreno", sizeof(dup.alg.name));

	KUNIT_EXPECT_EQ(test, tquic_cc_register(&dup), -EEXIST);
	KUNIT_EXPECT_EQ(test, tquic_cc_register(&incomplete), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_cc_register(&noname), -EINVAL);
	KUNIT_ASSERT_EQ(test, tquic_cc_register(&ops), 0);
	KUNIT_EXPECT_EQ(test, tquic_cc_register(&ops), -EEXIST);
	tquic_alg_list(&tquic_cc_registry, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "newreno cubic lia olia bbr kunit-cc");

	KUNIT_EXPECT_EQ(test, tquic_cc_init(&cc, "kunit-cc", 1200), 0);
	KUNIT_EXPECT_PTR_EQ(test, cc.ops, (const struct tquic_cc_ops *)&ops);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 1ULL);
	tquic_cc_release(&cc);

	tquic_cc_unregister(&ops);
	KUNIT_EXPECT_FALSE(test, tquic_alg_exists(&tquic_cc_registry,
						  "kunit-cc"));
	KUNIT_EXPECT_EQ(test, tquic_cc_init(&cc, "kunit-cc", 1200), -ENOENT);
}

static struct kunit_case tquic_registry_cases[] = {
	KUNIT_CASE(registry_builtins),
	KUNIT_CASE(registry_register),
	{}
};

static struct kunit_suite tquic_registry_suite = {
	.name = "tquic_registry",
	.test_cases = tquic_registry_cases,
};

/* NewReno, RFC 9002 section 7 */
static void newreno_windows(struct kunit *test)
{
	struct tquic_cc cc;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", 1200), 0);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, U64_MAX);
	tquic_cc_release(&cc);
	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", 1500), 0);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 14720ULL);
	tquic_cc_release(&cc);
	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", 9000), 0);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 18000ULL);
	tquic_cc_release(&cc);
}

static void newreno_slow_start_and_loss(struct kunit *test)
{
	struct tquic_cc cc;
	int i;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", 1200), 0);
	for (i = 0; i < 10; i++)
		cc.ops->on_sent(&cc, 1200, 10);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 12000ULL);
	for (i = 0; i < 10; i++)
		cc.ops->on_acked(&cc, 1200, 10, 50);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 0ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 24000ULL);

	/* Loss: halve once per recovery period. */
	cc.ops->on_sent(&cc, 1200, 60);
	cc.ops->on_sent(&cc, 1200, 61);
	cc.ops->on_lost(&cc, 1200, 60, 100);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 12000ULL);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	cc.ops->on_lost(&cc, 1200, 61, 101);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	KUNIT_EXPECT_EQ(test, cc.in_flight, 0ULL);
	/* Acks of packets sent before recovery do not grow the window. */
	cc.ops->on_acked(&cc, 1200, 99, 120);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);

	/* Congestion avoidance: one datagram per window acknowledged. */
	for (i = 0; i < 9; i++)
		cc.ops->on_acked(&cc, 1200, 150, 200);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000ULL);
	cc.ops->on_acked(&cc, 1200, 150, 200);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13200ULL);

	/* A loss after recovery ended starts a new period. */
	cc.ops->on_lost(&cc, 1200, 150, 300);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 6600ULL);

	/* Never below the minimum window. */
	cc.ops->on_lost(&cc, 1200, 400, 500);
	cc.ops->on_lost(&cc, 1200, 600, 700);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2400ULL);
	tquic_cc_release(&cc);
}

static void newreno_persistent(struct kunit *test)
{
	struct tquic_cc cc;

	KUNIT_ASSERT_EQ(test, tquic_cc_init(&cc, "newreno", 1400), 0);
	cc.ops->on_persistent_congestion(&cc, 1000);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2800ULL);
	KUNIT_EXPECT_FALSE(test, cc.in_recovery);
	/* Slow start resumes below ssthresh. */
	cc.ops->on_acked(&cc, 1400, 1001, 1100);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 4200ULL);
	tquic_cc_release(&cc);
}

static struct kunit_case tquic_newreno_cases[] = {
	KUNIT_CASE(newreno_windows),
	KUNIT_CASE(newreno_slow_start_and_loss),
	KUNIT_CASE(newreno_persistent),
	{}
};

static struct kunit_suite tquic_newreno_suite = {
	.name = "tquic_newreno",
	.test_cases = tquic_newreno_cases,
};

/* counters */
static void mib_fold_reset(struct kunit *test)
{
	struct tquic_net *tn = kunit_kzalloc(test, sizeof(*tn), GFP_KERNEL);
	u64 vals[TQUIC_MIB_NUM];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, tn);
	KUNIT_ASSERT_EQ(test, tquic_mib_init(tn), 0);
	for (i = 0; i < TQUIC_MIB_NUM; i++)
		KUNIT_EXPECT_NOT_NULL(test, tquic_mib_names[i]);

	this_cpu_add(tn->mib->mibs[TQUIC_MIB_PKTS_IN], 5);
	this_cpu_inc(tn->mib->mibs[TQUIC_MIB_DROP_MALFORMED]);
	per_cpu_ptr(tn->mib, cpumask_first(cpu_possible_mask))
		->mibs[TQUIC_MIB_BYTES_IN] += 1000;
	tquic_mib_fold(tn, vals);
	KUNIT_EXPECT_EQ(test, vals[TQUIC_MIB_PKTS_IN], 5ULL);
	KUNIT_EXPECT_EQ(test, vals[TQUIC_MIB_DROP_MALFORMED], 1ULL);
	KUNIT_EXPECT_EQ(test, vals[TQUIC_MIB_BYTES_IN], 1000ULL);
	KUNIT_EXPECT_EQ(test, vals[TQUIC_MIB_STATS_RESETS], 0ULL);

	tquic_mib_reset(tn);
	tquic_mib_reset(tn);
	tquic_mib_fold(tn, vals);
	for (i = 0; i < TQUIC_MIB_NUM; i++)
		KUNIT_EXPECT_EQ(test, vals[i],
				i == TQUIC_MIB_STATS_RESETS ? 2ULL : 0ULL);
	tquic_mib_exit(tn);
}

static struct kunit_case tquic_mib_cases[] = {
	KUNIT_CASE(mib_fold_reset),
	{}
};

static struct kunit_suite tquic_mib_suite = {
	.name = "tquic_mib",
	.test_cases = tquic_mib_cases,
};

kunit_test_suites(&tquic_varint_suite, &tquic_sysctl_suite,
		  &tquic_registry_suite, &tquic_newreno_suite,
		  &tquic_mib_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for tquic");
