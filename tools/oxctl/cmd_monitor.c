// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl monitor: print the TQUIC_CMD_EVENT notifications of the "events"
 * multicast group as they come, a line each (-j: a JSON object each).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/tquic.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <stdio.h>

#include "addr.h"
#include "genl.h"
#include "oxctl.h"

static const char *const oxc_events[] = {
	[TQUIC_NL_EVENT_CONN_ESTABLISHED] = "established",
	[TQUIC_NL_EVENT_CONN_CLOSED] = "closed",
	[TQUIC_NL_EVENT_PATH_UP] = "path-up",
	[TQUIC_NL_EVENT_PATH_VALIDATED] = "path-validated",
	[TQUIC_NL_EVENT_PATH_DOWN] = "path-down",
	[TQUIC_NL_EVENT_PATH_FAILED] = "path-failed",
	[TQUIC_NL_EVENT_CONN_DEGRADED] = "degraded",
	[TQUIC_NL_EVENT_CONN_RECOVERED] = "recovered",
};

static int oxc_event_cb(struct nl_msg *msg, void *arg)
{
	char local[OXC_ADDR_STRLEN], peer[OXC_ADDR_STRLEN];
	struct nlattr *tb[TQUIC_A_MAX + 1];
	const char *ev = "unknown", *role;
	struct json j;
	unsigned int e;

	(void)arg;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, TQUIC_A_MAX, NULL) ||
	    genlmsg_hdr(nlmsg_hdr(msg))->cmd != TQUIC_CMD_EVENT ||
	    !tb[TQUIC_A_EVENT] || !tb[TQUIC_A_CONN_ID])
		return NL_SKIP;
	e = nla_get_u8(tb[TQUIC_A_EVENT]);
	if (e < sizeof(oxc_events) / sizeof(oxc_events[0]) && oxc_events[e])
		ev = oxc_events[e];
	role = tb[TQUIC_A_CONN_ROLE] &&
	       nla_get_u8(tb[TQUIC_A_CONN_ROLE]) == TQUIC_ROLE_SERVER ?
	       "server" : "client";
	oxc_tquic_fmt_addr(tb[TQUIC_A_LOCAL], local, sizeof(local), 1);
	oxc_tquic_fmt_addr(tb[TQUIC_A_PEER], peer, sizeof(peer), 1);
	if (oxc_json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_str(&j, "event", ev);
		json_u64(&j, "conn", nla_get_u32(tb[TQUIC_A_CONN_ID]));
		json_str(&j, "role", role);
		json_str(&j, "local", local);
		json_str(&j, "peer", peer);
		if (tb[TQUIC_A_PATH_ID])
			json_u64(&j, "path", nla_get_u32(tb[TQUIC_A_PATH_ID]));
		if (tb[TQUIC_A_CONN_ERROR]) {
			json_u64(&j, "error",
				 nla_get_u64(tb[TQUIC_A_CONN_ERROR]));
			json_bool(&j, "app_error",
				  tb[TQUIC_A_CONN_ERROR_APP] &&
				  nla_get_u8(tb[TQUIC_A_CONN_ERROR_APP]));
		}
		json_obj_close(&j);
		json_end(&j);
		return NL_OK;
	}
	printf("%s conn %" PRIu32 " %s %s -> %s", ev,
	       nla_get_u32(tb[TQUIC_A_CONN_ID]), role, local, peer);
	if (tb[TQUIC_A_PATH_ID])
		printf(" path %" PRIu32, nla_get_u32(tb[TQUIC_A_PATH_ID]));
	if (tb[TQUIC_A_CONN_ERROR])
		printf(" error %" PRIu64 "%s",
		       (uint64_t)nla_get_u64(tb[TQUIC_A_CONN_ERROR]),
		       tb[TQUIC_A_CONN_ERROR_APP] &&
		       nla_get_u8(tb[TQUIC_A_CONN_ERROR_APP]) ? " (application)" :
		       "");
	printf("\n");
	fflush(stdout);
	return NL_OK;
}

int oxc_cmd_monitor(int argc, char **argv)
{
	struct oxc_genl g;
	int grp, err;

	(void)argv;
	if (argc > 1)
		return oxc_usage_error("monitor takes no arguments");
	if (oxc_genl_open(&g, TQUIC_GENL_NAME, "tquic", TQUIC_GENL_VERSION))
		return OXC_EXIT_ERR;
	grp = genl_ctrl_resolve_grp(g.sk, TQUIC_GENL_NAME,
				    TQUIC_GENL_MCGRP_EVENTS);
	if (grp < 0 || (err = nl_socket_add_membership(g.sk, grp)) < 0) {
		fprintf(stderr, "oxctl: monitor: joining the events group: %s\n",
			nl_geterror(grp < 0 ? grp : err));
		oxc_genl_close(&g);
		return OXC_EXIT_ERR;
	}
	nl_socket_disable_seq_check(g.sk);
	nl_socket_modify_cb(g.sk, NL_CB_VALID, NL_CB_CUSTOM, oxc_event_cb,
			    NULL);
	for (;;) {
		err = nl_recvmsgs_default(g.sk);
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			fprintf(stderr, "oxctl: monitor: %s\n",
				nl_geterror(err));
			break;
		}
	}
	oxc_genl_close(&g);
	return OXC_EXIT_ERR;
}
