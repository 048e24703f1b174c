// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl version, oxctl info (TQUIC_CMD_INFO_GET).
 */
#include <errno.h>
#include <linux/tquic.h>
#include <stdio.h>
#include <string.h>

#include "genl.h"
#include "oxctl.h"

int oxc_cmd_version(int argc, char **argv)
{
	struct json j;

	(void)argv;
	if (argc > 1)
		return oxc_usage_error("version takes no arguments");
	if (oxc_json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_str(&j, "oxctl", OXCTL_VERSION);
		json_obj_close(&j);
		json_end(&j);
	} else {
		printf("oxctl %s\n", OXCTL_VERSION);
	}
	return 0;
}

static const struct nla_policy oxc_tquic_policy[TQUIC_A_MAX + 1] = {
	[TQUIC_A_VERSION]	= { .type = NLA_NUL_STRING },
	[TQUIC_A_CC_DEFAULT]	= { .type = NLA_NUL_STRING },
	[TQUIC_A_SCHED_DEFAULT]	= { .type = NLA_NUL_STRING },
	[TQUIC_A_CC_LIST]	= { .type = NLA_NESTED },
	[TQUIC_A_SCHED_LIST]	= { .type = NLA_NESTED },
};

#define OXC_NAMES_MAX	32

struct oxc_info {
	char version[32];
	char cc[TQUIC_ALG_NAME_MAX];
	char sched[TQUIC_ALG_NAME_MAX];
	char ccs[OXC_NAMES_MAX][TQUIC_ALG_NAME_MAX];
	char scheds[OXC_NAMES_MAX][TQUIC_ALG_NAME_MAX];
	int n_cc, n_sched;
};

/* A list: nested TQUIC_A_NAME strings. */
static int oxc_names(struct nlattr *list, char names[][TQUIC_ALG_NAME_MAX])
{
	struct nlattr *a;
	int rem, n = 0;

	nla_for_each_nested(a, list, rem) {
		if (nla_type(a) != TQUIC_A_NAME || n == OXC_NAMES_MAX)
			continue;
		snprintf(names[n++], TQUIC_ALG_NAME_MAX, "%.*s", nla_len(a),
			 (const char *)nla_data(a));
	}
	return n;
}

static int oxc_info_reply(struct nlattr **tb, void *arg)
{
	struct oxc_info *in = arg;

	if (!tb[TQUIC_A_VERSION] || !tb[TQUIC_A_CC_DEFAULT] ||
	    !tb[TQUIC_A_SCHED_DEFAULT] || !tb[TQUIC_A_CC_LIST] ||
	    !tb[TQUIC_A_SCHED_LIST])
		return -EPROTO;
	snprintf(in->version, sizeof(in->version), "%s",
		 nla_get_string(tb[TQUIC_A_VERSION]));
	snprintf(in->cc, sizeof(in->cc), "%s",
		 nla_get_string(tb[TQUIC_A_CC_DEFAULT]));
	snprintf(in->sched, sizeof(in->sched), "%s",
		 nla_get_string(tb[TQUIC_A_SCHED_DEFAULT]));
	in->n_cc = oxc_names(tb[TQUIC_A_CC_LIST], in->ccs);
	in->n_sched = oxc_names(tb[TQUIC_A_SCHED_LIST], in->scheds);
	return 0;
}

static void oxc_print_list(char names[][TQUIC_ALG_NAME_MAX], int n)
{
	int i;

	for (i = 0; i < n; i++)
		printf("%s%s", i ? " " : "", names[i]);
}

static void oxc_json_list(struct json *j, const char *key,
			  char names[][TQUIC_ALG_NAME_MAX], int n)
{
	int i;

	json_arr_open(j, key);
	for (i = 0; i < n; i++)
		json_str(j, NULL, names[i]);
	json_arr_close(j);
}

int oxc_cmd_info(int argc, char **argv)
{
	struct oxc_info in = {};
	struct oxc_genl g;
	struct nl_msg *msg;
	struct json j;
	int err;

	(void)argv;
	if (argc > 1)
		return oxc_usage_error("info takes no arguments");
	if (oxc_genl_open(&g, TQUIC_GENL_NAME, "tquic", TQUIC_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, TQUIC_CMD_INFO_GET, 0);
	err = msg ? oxc_genl_call(&g, msg, "info", TQUIC_A_MAX,
				  oxc_tquic_policy, oxc_info_reply, &in) : -1;
	oxc_genl_close(&g);
	if (err)
		return OXC_EXIT_ERR;

	if (oxc_json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_str(&j, "version", in.version);
		json_str(&j, "congestion_control", in.cc);
		oxc_json_list(&j, "available_congestion_control", in.ccs,
			      in.n_cc);
		json_str(&j, "scheduler", in.sched);
		oxc_json_list(&j, "available_schedulers", in.scheds,
			      in.n_sched);
		json_obj_close(&j);
		json_end(&j);
		return 0;
	}
	printf("tquic %s\ncongestion-control %s (available: ", in.version,
	       in.cc);
	oxc_print_list(in.ccs, in.n_cc);
	printf(")\nscheduler %s (available: ", in.sched);
	oxc_print_list(in.scheds, in.n_sched);
	printf(")\n");
	return 0;
}
