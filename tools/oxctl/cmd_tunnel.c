// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl tunnel show [DEV] (OXT_CMD_DEV_GET, doit or dump).
 */
#include <errno.h>
#include <linux/if.h>
#include <linux/oxtunnel.h>
#include <stdio.h>
#include <string.h>

#include "genl.h"
#include "oxctl.h"

static const struct nla_policy oxc_dev_policy[OXT_A_MAX + 1] = {
	[OXT_A_IFINDEX]		= { .type = NLA_U32 },
	[OXT_A_IFNAME]		= { .type = NLA_NUL_STRING },
	[OXT_A_MTU]		= { .type = NLA_U32 },
	[OXT_A_LISTEN_PORT]	= { .type = NLA_U16 },
	[OXT_A_ENCRYPTION]	= { .type = NLA_U8 },
	[OXT_A_UP]		= { .type = NLA_U8 },
};

struct oxc_show {
	struct json j;
};

static int oxc_dev_reply(struct nlattr **tb, void *arg)
{
	struct oxc_show *s = arg;
	const char *name;

	if (!tb[OXT_A_IFINDEX] || !tb[OXT_A_IFNAME] || !tb[OXT_A_MTU] ||
	    !tb[OXT_A_LISTEN_PORT] || !tb[OXT_A_ENCRYPTION] || !tb[OXT_A_UP])
		return -EPROTO;
	name = nla_get_string(tb[OXT_A_IFNAME]);
	if (oxc_json) {
		json_obj_open(&s->j, NULL);
		json_str(&s->j, "ifname", name);
		json_u64(&s->j, "ifindex", nla_get_u32(tb[OXT_A_IFINDEX]));
		json_u64(&s->j, "mtu", nla_get_u32(tb[OXT_A_MTU]));
		json_u64(&s->j, "listen_port",
			 nla_get_u16(tb[OXT_A_LISTEN_PORT]));
		json_bool(&s->j, "encryption",
			  nla_get_u8(tb[OXT_A_ENCRYPTION]));
		json_bool(&s->j, "up", nla_get_u8(tb[OXT_A_UP]));
		json_obj_close(&s->j);
		return 0;
	}
	printf("%s: ifindex %u mtu %u listen-port %u encryption %s state %s\n",
	       name, nla_get_u32(tb[OXT_A_IFINDEX]), nla_get_u32(tb[OXT_A_MTU]),
	       nla_get_u16(tb[OXT_A_LISTEN_PORT]),
	       nla_get_u8(tb[OXT_A_ENCRYPTION]) ? "on" : "off",
	       nla_get_u8(tb[OXT_A_UP]) ? "up" : "down");
	return 0;
}

static int oxc_tunnel_show(const char *dev)
{
	struct oxc_show s;
	struct oxc_genl g;
	struct nl_msg *msg;
	int err;

	if (dev && strlen(dev) >= IFNAMSIZ) {
		fprintf(stderr, "oxctl: tunnel show: device name too long\n");
		return OXC_EXIT_ERR;
	}
	if (oxc_genl_open(&g, OXT_GENL_NAME, "oxtunnel", OXT_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, OXT_CMD_DEV_GET, dev ? 0 : NLM_F_DUMP);
	if (msg && dev && nla_put_string(msg, OXT_A_IFNAME, dev)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	json_init(&s.j, stdout);
	if (oxc_json) {
		/* Buffered by stdio; an error below discards nothing printed
		 * to stderr, and the partial array is still closed.
		 */
		json_arr_open(&s.j, NULL);
	}
	err = msg ? oxc_genl_call(&g, msg, "tunnel show", OXT_A_MAX,
				  oxc_dev_policy, oxc_dev_reply, &s) : -1;
	oxc_genl_close(&g);
	if (oxc_json && !err) {
		json_arr_close(&s.j);
		json_end(&s.j);
	}
	return err ? OXC_EXIT_ERR : 0;
}

int oxc_cmd_tunnel(int argc, char **argv)
{
	if (argc < 2)
		return oxc_usage_error("tunnel: subcommand required");
	if (!strcmp(argv[1], "show")) {
		if (argc > 3)
			return oxc_usage_error("tunnel show: too many arguments");
		return oxc_tunnel_show(argc == 3 ? argv[2] : NULL);
	}
	return oxc_usage_error("tunnel: unknown subcommand '%s'", argv[1]);
}
