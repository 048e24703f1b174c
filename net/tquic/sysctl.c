// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: per-netns tunables under /proc/sys/net/tquic/.
 *
 * Every netns gets its own copy of the table, pointing at its own struct
 * tquic_params, so a value set in one netns is never seen in another.  A
 * write outside an entry's bounds fails with -EINVAL and leaves the old
 * value.  Documentation/networking/tquic-sysctl.rst describes each entry.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>

#include "compat.h"
#include "cong.h"
#include "multipath.h"
#include "sched.h"
#include "tquic.h"

const struct tquic_params tquic_default_params = {
	.max_connections = 4096,
	.max_streams_bidi = 100,
	.max_streams_uni = 100,
	.idle_timeout_ms = 30000,
	.max_udp_payload = 1472,
	.ack_delay_exponent = 3,
	.max_ack_delay_ms = 25,
	.active_cid_limit = 8,
	.initial_rtt_ms = 333,
	.multipath_enabled = 1,
	.max_paths = 8,
	.key_update_packets = 0,
	.hystart = 1,
	.gro = 1,
	.rx_zerocopy = 1,
	.rx_hold_us = 5000,
	.cc_name = "cubic",
	.sched_name = "minrtt",
};

/* Bounds; RFC 9000 section 18.2 unless noted. */
static int tquic_zero;
static int tquic_one = 1;
static int tquic_two = 2;
static int tquic_conn_max = 1 << 20;		/* local policy */
static unsigned long tquic_ulong_zero;
static unsigned long tquic_streams_max = 1UL << 60;
static int tquic_idle_max = 86400000;		/* one day, local policy */
static int tquic_udp_payload_min = 1200;
static int tquic_udp_payload_max = 65527;
static int tquic_ade_max = 20;
static int tquic_paths_max = TQUIC_MP_IDS;	/* path IDs we keep state for */
static int tquic_mad_max = (1 << 14) - 1;
static int tquic_cid_limit_max = 256;		/* local policy */
static int tquic_rtt_max = 60000;		/* local policy */
static int tquic_hold_max = 25000;		/* local policy */

/* Read the netns' algorithm names. @buf: TQUIC_ALG_NAME_MAX bytes. */
void tquic_net_cc_name(struct tquic_net *tn, char *buf)
{
	spin_lock_bh(&tn->alg_lock);
	strscpy(buf, tn->params.cc_name, TQUIC_ALG_NAME_MAX);
	spin_unlock_bh(&tn->alg_lock);
}

void tquic_net_sched_name(struct tquic_net *tn, char *buf)
{
	spin_lock_bh(&tn->alg_lock);
	strscpy(buf, tn->params.sched_name, TQUIC_ALG_NAME_MAX);
	spin_unlock_bh(&tn->alg_lock);
}

/* congestion_control and scheduler: @table->data is the name field of the
 * netns' params; a write must name a registered algorithm.
 */
static int tquic_sysctl_alg(tquic_ctl_table *table, int write, void *buffer,
			    size_t *lenp, loff_t *ppos,
			    struct tquic_alg_registry *reg, size_t name_off)
{
	struct tquic_net *tn = (struct tquic_net *)((char *)table->data -
				offsetof(struct tquic_net, params) - name_off);
	char *name = table->data;
	/* One byte more than a name may have, to see over-long writes. */
	char val[TQUIC_ALG_NAME_MAX + 1];
	struct ctl_table tmp = {
		.data = val,
		.maxlen = sizeof(val),
	};
	int err;

	/* proc_dostring() takes an empty write as a no-op: refuse it. */
	if (write && !*lenp)
		return -EINVAL;

	spin_lock_bh(&tn->alg_lock);
	strscpy(val, name, sizeof(val));
	spin_unlock_bh(&tn->alg_lock);

	err = proc_dostring(&tmp, write, buffer, lenp, ppos);
	if (err || !write)
		return err;
	if (strlen(val) >= TQUIC_ALG_NAME_MAX || !tquic_alg_exists(reg, val))
		return -EINVAL;

	spin_lock_bh(&tn->alg_lock);
	strscpy(name, val, TQUIC_ALG_NAME_MAX);
	spin_unlock_bh(&tn->alg_lock);
	return 0;
}

static int tquic_sysctl_cc(tquic_ctl_table *table, int write, void *buffer,
			   size_t *lenp, loff_t *ppos)
{
	return tquic_sysctl_alg(table, write, buffer, lenp, ppos,
				&tquic_cc_registry,
				offsetof(struct tquic_params, cc_name));
}

static int tquic_sysctl_sched(tquic_ctl_table *table, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	return tquic_sysctl_alg(table, write, buffer, lenp, ppos,
				&tquic_sched_registry,
				offsetof(struct tquic_params, sched_name));
}

/* available_*: read-only lists; @table->extra1 is the registry. */
static int tquic_sysctl_avail(tquic_ctl_table *table, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ctl_table tmp = { .maxlen = 256 };
	int err;

	tmp.data = kmalloc(tmp.maxlen, GFP_KERNEL);
	if (!tmp.data)
		return -ENOMEM;
	tquic_alg_list(table->extra1, tmp.data, tmp.maxlen);
	err = proc_dostring(&tmp, write, buffer, lenp, ppos);
	kfree(tmp.data);
	return err;
}

#define TQUIC_INT(n, field, lo, hi) {					\
	.procname = n,							\
	.data = (void *)&tquic_default_params.field,			\
	.maxlen = sizeof(int),						\
	.mode = 0644,							\
	.proc_handler = proc_dointvec_minmax,				\
	.extra1 = lo,							\
	.extra2 = hi,							\
}

#define TQUIC_ULONG(n, field, lo, hi) {					\
	.procname = n,							\
	.data = (void *)&tquic_default_params.field,			\
	.maxlen = sizeof(unsigned long),				\
	.mode = 0644,							\
	.proc_handler = proc_doulongvec_minmax,				\
	.extra1 = lo,							\
	.extra2 = hi,							\
}

static const struct ctl_table tquic_sysctl_template[] = {
	TQUIC_INT("max_connections", max_connections, &tquic_one,
		  &tquic_conn_max),
	TQUIC_ULONG("max_streams_bidi", max_streams_bidi, &tquic_ulong_zero,
		    &tquic_streams_max),
	TQUIC_ULONG("max_streams_uni", max_streams_uni, &tquic_ulong_zero,
		    &tquic_streams_max),
	TQUIC_INT("idle_timeout", idle_timeout_ms, &tquic_zero,
		  &tquic_idle_max),
	TQUIC_INT("max_udp_payload", max_udp_payload, &tquic_udp_payload_min,
		  &tquic_udp_payload_max),
	TQUIC_INT("ack_delay_exponent", ack_delay_exponent, &tquic_zero,
		  &tquic_ade_max),
	TQUIC_INT("max_ack_delay", max_ack_delay_ms, &tquic_zero,
		  &tquic_mad_max),
	TQUIC_INT("active_connection_id_limit", active_cid_limit, &tquic_two,
		  &tquic_cid_limit_max),
	TQUIC_INT("initial_rtt", initial_rtt_ms, &tquic_one, &tquic_rtt_max),
	TQUIC_INT("multipath_enabled", multipath_enabled, &tquic_zero,
		  &tquic_one),
	TQUIC_INT("max_paths", max_paths, &tquic_one, &tquic_paths_max),
	TQUIC_INT("key_update_packets", key_update_packets, &tquic_zero,
		  SYSCTL_INT_MAX),
	TQUIC_INT("hystart", hystart, &tquic_zero, &tquic_one),
	TQUIC_INT("gro", gro, &tquic_zero, &tquic_one),
	TQUIC_INT("rx_zerocopy", rx_zerocopy, &tquic_zero, &tquic_one),
	TQUIC_INT("rx_hold_us", rx_hold_us, &tquic_zero, &tquic_hold_max),
	{
		.procname = "congestion_control",
		.data = (void *)tquic_default_params.cc_name,
		.maxlen = TQUIC_ALG_NAME_MAX,
		.mode = 0644,
		.proc_handler = tquic_sysctl_cc,
	},
	{
		.procname = "scheduler",
		.data = (void *)tquic_default_params.sched_name,
		.maxlen = TQUIC_ALG_NAME_MAX,
		.mode = 0644,
		.proc_handler = tquic_sysctl_sched,
	},
	{
		.procname = "available_congestion_control",
		.maxlen = 256,
		.mode = 0444,
		.proc_handler = tquic_sysctl_avail,
		.extra1 = &tquic_cc_registry,
	},
	{
		.procname = "available_schedulers",
		.maxlen = 256,
		.mode = 0444,
		.proc_handler = tquic_sysctl_avail,
		.extra1 = &tquic_sched_registry,
	},
	{ }
};

/**
 * tquic_sysctl_table_alloc - a copy of the table bound to @tn's params
 * @tn: the netns state
 * @n: set to the number of entries, without the terminating sentinel
 *
 * Return: the table (kfree() it), or NULL.
 */
struct ctl_table *tquic_sysctl_table_alloc(struct tquic_net *tn, size_t *n)
{
	const char *base = (const char *)&tquic_default_params;
	struct ctl_table *t;
	size_t i;

	t = kmemdup(tquic_sysctl_template, sizeof(tquic_sysctl_template),
		    GFP_KERNEL);
	if (!t)
		return NULL;
	for (i = 0; t[i].procname; i++) {
		if (t[i].data)
			t[i].data = (char *)&tn->params +
				    ((const char *)t[i].data - base);
	}
	*n = i;
	return t;
}

int tquic_sysctl_init_net(struct net *net)
{
	struct tquic_net *tn = tquic_net(net);
	size_t n;

	tn->sysctl_table = tquic_sysctl_table_alloc(tn, &n);
	if (!tn->sysctl_table)
		return -ENOMEM;
	tn->sysctl_hdr = tquic_register_net_sysctl(net, "net/tquic",
						   tn->sysctl_table, n);
	if (!tn->sysctl_hdr) {
		kfree(tn->sysctl_table);
		return -ENOMEM;
	}
	return 0;
}

void tquic_sysctl_exit_net(struct net *net)
{
	struct tquic_net *tn = tquic_net(net);

	unregister_net_sysctl_table(tn->sysctl_hdr);
	kfree(tn->sysctl_table);
}
