// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "tquic" generic netlink family (see include/uapi/linux/tquic.h).
 *
 * Every command acts on the caller's netns.  The family policy takes the
 * attributes requests may carry and rejects the reply-only ones; unknown
 * attribute types, wrong lengths and values out of range are refused by
 * strict validation with an extack message.  The connection, path and
 * endpoint commands live in nl_conn.c, nl_path.c and endpoint.c; the
 * notifications in nl_event.c.
 */
#include <net/genetlink.h>
#include <net/netlink.h>

#include "cong.h"
#include "nl.h"
#include "sched.h"
#include "tquic.h"

static const struct nla_policy tquic_genl_policy[TQUIC_A_MAX + 1] = {
	[TQUIC_A_VERSION]	= { .type = NLA_REJECT },
	[TQUIC_A_CC_DEFAULT]	= { .type = NLA_REJECT },
	[TQUIC_A_SCHED_DEFAULT]	= { .type = NLA_REJECT },
	[TQUIC_A_CC_LIST]	= { .type = NLA_REJECT },
	[TQUIC_A_SCHED_LIST]	= { .type = NLA_REJECT },
	[TQUIC_A_NAME]		= { .type = NLA_REJECT },
	[TQUIC_A_STATS]		= { .type = NLA_REJECT },
	[TQUIC_A_STAT]		= { .type = NLA_REJECT },
	[TQUIC_A_STAT_ID]	= { .type = NLA_REJECT },
	[TQUIC_A_STAT_NAME]	= { .type = NLA_REJECT },
	[TQUIC_A_STAT_VALUE]	= { .type = NLA_REJECT },
	[TQUIC_A_PAD]		= { .type = NLA_REJECT },
	[TQUIC_A_CONN_ID]	= { .type = NLA_U32 },
	[TQUIC_A_CONN_STATE]	= { .type = NLA_REJECT },
	[TQUIC_A_CONN_ROLE]	= { .type = NLA_REJECT },
	[TQUIC_A_CONN_VERSION]	= { .type = NLA_REJECT },
	[TQUIC_A_LOCAL]		= NLA_POLICY_NESTED(tquic_addr_nl_policy),
	[TQUIC_A_PEER]		= NLA_POLICY_NESTED(tquic_addr_nl_policy),
	[TQUIC_A_CONN_SEND_Q]	= { .type = NLA_REJECT },
	[TQUIC_A_CONN_RECV_Q]	= { .type = NLA_REJECT },
	[TQUIC_A_CONN_CC]	= { .type = NLA_NUL_STRING,
				    .len = TQUIC_ALG_NAME_MAX - 1 },
	[TQUIC_A_CONN_SCHED]	= { .type = NLA_NUL_STRING,
				    .len = TQUIC_ALG_NAME_MAX - 1 },
	[TQUIC_A_CONN_SRTT_US]	= { .type = NLA_REJECT },
	[TQUIC_A_CONN_CWND]	= { .type = NLA_REJECT },
	[TQUIC_A_CONN_BYTES_SENT] = { .type = NLA_REJECT },
	[TQUIC_A_CONN_BYTES_RECEIVED] = { .type = NLA_REJECT },
	[TQUIC_A_CONN_PACKETS_SENT] = { .type = NLA_REJECT },
	[TQUIC_A_CONN_PACKETS_RECEIVED] = { .type = NLA_REJECT },
	[TQUIC_A_CONN_PACKETS_LOST] = { .type = NLA_REJECT },
	[TQUIC_A_PATHS]		= { .type = NLA_REJECT },
	[TQUIC_A_PATH]		= { .type = NLA_REJECT },
	[TQUIC_A_PATH_ID]	= { .type = NLA_U32 },
	[TQUIC_A_BACKUP]	= NLA_POLICY_MAX(NLA_U8, 1),
	[TQUIC_A_WEIGHT]	= NLA_POLICY_RANGE(NLA_U32, 1, 255),
	[TQUIC_A_ENDPOINT_ID]	= { .type = NLA_U32 },
	[TQUIC_A_EVENT]		= { .type = NLA_REJECT },
	[TQUIC_A_CONN_ERROR]	= { .type = NLA_REJECT },
	[TQUIC_A_CONN_ERROR_APP] = { .type = NLA_REJECT },
	[TQUIC_A_CONN_MULTIPATH] = { .type = NLA_REJECT },
	[TQUIC_A_CONN_DEGRADED] = { .type = NLA_REJECT },
};

static const struct genl_multicast_group tquic_genl_mcgrps[] = {
	[TQUIC_NL_MCGRP_EVENTS] = { .name = TQUIC_GENL_MCGRP_EVENTS },
};

static int tquic_put_name(const char *name, void *arg)
{
	return nla_put_string(arg, TQUIC_A_NAME, name);
}

static int tquic_put_alg_list(struct sk_buff *skb, int attr,
			      struct tquic_alg_registry *reg)
{
	struct nlattr *nest = nla_nest_start(skb, attr);

	if (!nest)
		return -EMSGSIZE;
	if (tquic_alg_for_each(reg, tquic_put_name, skb)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int tquic_fill_info(struct sk_buff *skb, struct tquic_net *tn)
{
	char name[TQUIC_ALG_NAME_MAX];

	if (nla_put_string(skb, TQUIC_A_VERSION, TQUIC_VERSION))
		return -EMSGSIZE;
	tquic_net_cc_name(tn, name);
	if (nla_put_string(skb, TQUIC_A_CC_DEFAULT, name))
		return -EMSGSIZE;
	tquic_net_sched_name(tn, name);
	if (nla_put_string(skb, TQUIC_A_SCHED_DEFAULT, name))
		return -EMSGSIZE;
	if (tquic_put_alg_list(skb, TQUIC_A_CC_LIST, &tquic_cc_registry))
		return -EMSGSIZE;
	return tquic_put_alg_list(skb, TQUIC_A_SCHED_LIST,
				  &tquic_sched_registry);
}

static int tquic_fill_stats(struct sk_buff *skb, struct tquic_net *tn)
{
	u64 vals[TQUIC_MIB_NUM];
	struct nlattr *stats, *st;
	int i;

	tquic_mib_fold(tn, vals);
	stats = nla_nest_start(skb, TQUIC_A_STATS);
	if (!stats)
		return -EMSGSIZE;
	for (i = 0; i < TQUIC_MIB_NUM; i++) {
		st = nla_nest_start(skb, TQUIC_A_STAT);
		if (!st ||
		    nla_put_u32(skb, TQUIC_A_STAT_ID, i) ||
		    nla_put_string(skb, TQUIC_A_STAT_NAME, tquic_mib_names[i]) ||
		    nla_put_u64_64bit(skb, TQUIC_A_STAT_VALUE, vals[i],
				      TQUIC_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, st);
	}
	nla_nest_end(skb, stats);
	return 0;
}

/* Build and send a reply whose payload @fill writes. */
static int tquic_genl_reply(struct genl_info *info,
			    int (*fill)(struct sk_buff *, struct tquic_net *))
{
	struct tquic_net *tn = tquic_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &tquic_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	err = fill(msg, tn);
	if (err) {
		GENL_SET_ERR_MSG(info, "reply does not fit in a message");
		goto err_free;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

static int tquic_genl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	return tquic_genl_reply(info, tquic_fill_info);
}

static int tquic_genl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	return tquic_genl_reply(info, tquic_fill_stats);
}

static int tquic_genl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	tquic_mib_reset(tquic_net(genl_info_net(info)));
	return 0;
}

static const struct genl_ops tquic_genl_ops[] = {
	{
		.cmd = TQUIC_CMD_INFO_GET,
		.doit = tquic_genl_info_get,
	},
	{
		.cmd = TQUIC_CMD_STATS_GET,
		.doit = tquic_genl_stats_get,
	},
	{
		.cmd = TQUIC_CMD_STATS_RESET,
		.doit = tquic_genl_stats_reset,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TQUIC_CMD_CONN_GET,
		.doit = tquic_nl_conn_get_doit,
		.dumpit = tquic_nl_conn_get_dumpit,
	},
	{
		.cmd = TQUIC_CMD_CONN_SET,
		.doit = tquic_nl_conn_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TQUIC_CMD_PATH_ADD,
		.doit = tquic_nl_path_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TQUIC_CMD_PATH_DEL,
		.doit = tquic_nl_path_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TQUIC_CMD_PATH_SET,
		.doit = tquic_nl_path_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TQUIC_CMD_ENDPOINT_ADD,
		.doit = tquic_nl_endpoint_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TQUIC_CMD_ENDPOINT_DEL,
		.doit = tquic_nl_endpoint_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TQUIC_CMD_ENDPOINT_GET,
		.dumpit = tquic_nl_endpoint_get_dumpit,
	},
};

struct genl_family tquic_genl_family __ro_after_init = {
	.name = TQUIC_GENL_NAME,
	.version = TQUIC_GENL_VERSION,
	.maxattr = TQUIC_A_MAX,
	.policy = tquic_genl_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = tquic_genl_ops,
	.n_ops = ARRAY_SIZE(tquic_genl_ops),
	.mcgrps = tquic_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(tquic_genl_mcgrps),
	.resv_start_op = TQUIC_CMD_STATS_RESET + 1,
};

int __init tquic_genl_init(void)
{
	return genl_register_family(&tquic_genl_family);
}

void tquic_genl_exit(void)
{
	genl_unregister_family(&tquic_genl_family);
}
