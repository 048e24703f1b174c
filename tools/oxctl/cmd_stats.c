// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl stats [reset] (TQUIC_CMD_STATS_GET, TQUIC_CMD_STATS_RESET).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/tquic.h>
#include <stdio.h>
#include <string.h>

#include "genl.h"
#include "oxctl.h"

static const struct nla_policy oxc_stats_policy[TQUIC_A_MAX + 1] = {
	[TQUIC_A_STATS]		= { .type = NLA_NESTED },
};

static const struct nla_policy oxc_stat_policy[TQUIC_A_MAX + 1] = {
	[TQUIC_A_STAT_ID]	= { .type = NLA_U32 },
	[TQUIC_A_STAT_NAME]	= { .type = NLA_NUL_STRING },
	[TQUIC_A_STAT_VALUE]	= { .type = NLA_U64 },
};

struct oxc_stat {
	char name[48];
	uint64_t value;
};

struct oxc_stats {
	struct oxc_stat s[TQUIC_MIB_NUM + 64];
	int n;
};

static int oxc_stats_reply(struct nlattr **tb, void *arg)
{
	struct nlattr *st[TQUIC_A_MAX + 1], *a;
	struct oxc_stats *out = arg;
	int rem;

	if (!tb[TQUIC_A_STATS])
		return -EPROTO;
	nla_for_each_nested(a, tb[TQUIC_A_STATS], rem) {
		if (nla_type(a) != TQUIC_A_STAT)
			continue;
		if (nla_parse_nested(st, TQUIC_A_MAX, a,
				     (struct nla_policy *)oxc_stat_policy) ||
		    !st[TQUIC_A_STAT_NAME] || !st[TQUIC_A_STAT_VALUE])
			return -EPROTO;
		if (out->n == (int)(sizeof(out->s) / sizeof(out->s[0])))
			break;
		snprintf(out->s[out->n].name, sizeof(out->s[0].name), "%s",
			 nla_get_string(st[TQUIC_A_STAT_NAME]));
		out->s[out->n].value = nla_get_u64(st[TQUIC_A_STAT_VALUE]);
		out->n++;
	}
	return 0;
}

static int oxc_stats_reset(void)
{
	struct oxc_genl g;
	struct nl_msg *msg;
	int err;

	if (oxc_genl_open(&g, TQUIC_GENL_NAME, "tquic", TQUIC_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, TQUIC_CMD_STATS_RESET, 0);
	err = msg ? oxc_genl_call(&g, msg, "stats reset", TQUIC_A_MAX,
				  oxc_stats_policy, NULL, NULL) : -1;
	oxc_genl_close(&g);
	return err ? OXC_EXIT_ERR : 0;
}

int oxc_cmd_stats(int argc, char **argv)
{
	static struct oxc_stats st;
	struct oxc_genl g;
	struct nl_msg *msg;
	struct json j;
	int err, i;

	if (argc == 2 && !strcmp(argv[1], "reset"))
		return oxc_stats_reset();
	if (argc > 1)
		return oxc_usage_error("stats: unknown argument '%s'", argv[1]);
	if (oxc_genl_open(&g, TQUIC_GENL_NAME, "tquic", TQUIC_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, TQUIC_CMD_STATS_GET, 0);
	err = msg ? oxc_genl_call(&g, msg, "stats", TQUIC_A_MAX,
				  oxc_stats_policy, oxc_stats_reply, &st) : -1;
	oxc_genl_close(&g);
	if (err)
		return OXC_EXIT_ERR;

	if (oxc_json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		for (i = 0; i < st.n; i++)
			json_u64(&j, st.s[i].name, st.s[i].value);
		json_obj_close(&j);
		json_end(&j);
		return 0;
	}
	for (i = 0; i < st.n; i++)
		printf("%s %" PRIu64 "\n", st.s[i].name, st.s[i].value);
	return 0;
}
