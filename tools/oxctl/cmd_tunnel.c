// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl tunnel show [DEV], tunnel stats DEV (OXT_CMD_DEV_GET, doit or
 * dump) and tunnel set DEV ... (OXT_CMD_DEV_SET).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/if.h>
#include <linux/oxtunnel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genl.h"
#include "key.h"
#include "oxctl.h"

static const struct nla_policy oxc_dev_policy[OXT_A_MAX + 1] = {
	[OXT_A_IFINDEX]		= { .type = NLA_U32 },
	[OXT_A_IFNAME]		= { .type = NLA_NUL_STRING },
	[OXT_A_MTU]		= { .type = NLA_U32 },
	[OXT_A_LISTEN_PORT]	= { .type = NLA_U16 },
	[OXT_A_ENCRYPTION]	= { .type = NLA_U8 },
	[OXT_A_UP]		= { .type = NLA_U8 },
	[OXT_A_PEER_COUNT]	= { .type = NLA_U32 },
	[OXT_A_REKEY_INTERVAL]	= { .type = NLA_U32 },
	[OXT_A_REKEY_MESSAGES]	= { .type = NLA_U64 },
	[OXT_A_STATS]		= { .type = NLA_NESTED },
};

static const struct nla_policy oxc_stat_policy[OXT_A_MAX + 1] = {
	[OXT_A_STAT_NAME]	= { .type = NLA_NUL_STRING },
	[OXT_A_STAT_VALUE]	= { .type = NLA_U64 },
};

struct oxc_show {
	struct json j;
	bool stats;	/* tunnel stats: counters only */
};

/* The drop counters: JSON object members, or "Name value" lines. */
static int oxc_dev_stats(struct oxc_show *s, struct nlattr *stats)
{
	struct nlattr *st[OXT_A_MAX + 1], *a;
	int rem;

	nla_for_each_nested(a, stats, rem) {
		if (nla_parse_nested(st, OXT_A_MAX, a,
				     (struct nla_policy *)oxc_stat_policy) ||
		    !st[OXT_A_STAT_NAME] || !st[OXT_A_STAT_VALUE])
			return -EPROTO;
		if (oxc_json)
			json_u64(&s->j, nla_get_string(st[OXT_A_STAT_NAME]),
				 nla_get_u64(st[OXT_A_STAT_VALUE]));
		else
			printf("%s %" PRIu64 "\n",
			       nla_get_string(st[OXT_A_STAT_NAME]),
			       (uint64_t)nla_get_u64(st[OXT_A_STAT_VALUE]));
	}
	return 0;
}

static int oxc_dev_reply(struct nlattr **tb, void *arg)
{
	struct oxc_show *s = arg;
	const char *name;

	if (!tb[OXT_A_IFINDEX] || !tb[OXT_A_IFNAME] || !tb[OXT_A_MTU] ||
	    !tb[OXT_A_LISTEN_PORT] || !tb[OXT_A_ENCRYPTION] || !tb[OXT_A_UP])
		return -EPROTO;
	name = nla_get_string(tb[OXT_A_IFNAME]);
	if (s->stats) {
		if (!tb[OXT_A_STATS])
			return -EPROTO;
		if (!oxc_json)
			return oxc_dev_stats(s, tb[OXT_A_STATS]);
		json_obj_open(&s->j, NULL);
		if (oxc_dev_stats(s, tb[OXT_A_STATS]))
			return -EPROTO;
		json_obj_close(&s->j);
		return 0;
	}
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
		if (tb[OXT_A_PUBLIC_KEY] &&
		    nla_len(tb[OXT_A_PUBLIC_KEY]) == OXC_KEY_LEN) {
			char key[OXC_KEY_B64_LEN + 1];

			oxc_key_to_b64(key, nla_data(tb[OXT_A_PUBLIC_KEY]));
			json_str(&s->j, "public_key", key);
		}
		if (tb[OXT_A_PEER_COUNT])
			json_u64(&s->j, "peers",
				 nla_get_u32(tb[OXT_A_PEER_COUNT]));
		if (tb[OXT_A_REKEY_INTERVAL])
			json_u64(&s->j, "rekey_interval",
				 nla_get_u32(tb[OXT_A_REKEY_INTERVAL]));
		if (tb[OXT_A_REKEY_MESSAGES])
			json_u64(&s->j, "rekey_messages",
				 nla_get_u64(tb[OXT_A_REKEY_MESSAGES]));
		if (tb[OXT_A_STATS]) {
			json_obj_open(&s->j, "stats");
			if (oxc_dev_stats(s, tb[OXT_A_STATS]))
				return -EPROTO;
			json_obj_close(&s->j);
		}
		json_obj_close(&s->j);
		return 0;
	}
	printf("%s: ifindex %u mtu %u listen-port %u encryption %s state %s\n",
	       name, nla_get_u32(tb[OXT_A_IFINDEX]), nla_get_u32(tb[OXT_A_MTU]),
	       nla_get_u16(tb[OXT_A_LISTEN_PORT]),
	       nla_get_u8(tb[OXT_A_ENCRYPTION]) ? "on" : "off",
	       nla_get_u8(tb[OXT_A_UP]) ? "up" : "down");
	if (tb[OXT_A_PUBLIC_KEY] &&
	    nla_len(tb[OXT_A_PUBLIC_KEY]) == OXC_KEY_LEN) {
		char key[OXC_KEY_B64_LEN + 1];

		oxc_key_to_b64(key, nla_data(tb[OXT_A_PUBLIC_KEY]));
		printf("  public-key %s\n", key);
	}
	if (tb[OXT_A_PEER_COUNT])
		printf("  peers %u\n", nla_get_u32(tb[OXT_A_PEER_COUNT]));
	if (tb[OXT_A_REKEY_INTERVAL] && tb[OXT_A_REKEY_MESSAGES])
		printf("  rekey-interval %u s, rekey-messages %" PRIu64 "\n",
		       nla_get_u32(tb[OXT_A_REKEY_INTERVAL]),
		       (uint64_t)nla_get_u64(tb[OXT_A_REKEY_MESSAGES]));
	return 0;
}

static int oxc_tunnel_show(const char *dev, bool stats)
{
	struct oxc_show s = { .stats = stats };
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
	if (oxc_json && !stats) {
		/* Buffered by stdio; an error below discards nothing printed
		 * to stderr, and the partial array is still closed.
		 */
		json_arr_open(&s.j, NULL);
	}
	err = msg ? oxc_genl_call(&g, msg, "tunnel show", OXT_A_MAX,
				  oxc_dev_policy, oxc_dev_reply, &s) : -1;
	oxc_genl_close(&g);
	if (oxc_json && !err) {
		if (!stats)
			json_arr_close(&s.j);
		json_end(&s.j);
	}
	return err ? OXC_EXIT_ERR : 0;
}

static int oxc_tunnel_set(int argc, char **argv)
{
	uint8_t key[OXC_KEY_LEN];
	unsigned long long v;
	struct oxc_genl g;
	struct nl_msg *msg;
	char *end;
	int i, err;

	if (argc < 4)
		return oxc_usage_error("tunnel set: DEV and a setting required");
	if (strlen(argv[2]) >= IFNAMSIZ)
		return oxc_usage_error("tunnel set: device name too long");
	if (oxc_genl_open(&g, OXT_GENL_NAME, "oxtunnel", OXT_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, OXT_CMD_DEV_SET, 0);
	if (!msg || nla_put_string(msg, OXT_A_IFNAME, argv[2]))
		goto nomem;
	for (i = 3; i < argc; i += 2) {
		if (i + 1 >= argc) {
			err = oxc_usage_error("tunnel set: '%s' needs a value",
					      argv[i]);
			goto usage;
		}
		if (!strcmp(argv[i], "private-key")) {
			err = oxc_key_read_file(key, argv[i + 1]);
			if (err) {
				fprintf(stderr, "oxctl: tunnel set: private key %s: %s\n",
					argv[i + 1], err == -EINVAL ?
					"not a base64 X25519 key" :
					strerror(-err));
				err = OXC_EXIT_ERR;
				goto usage;
			}
			err = nla_put(msg, OXT_A_PRIVATE_KEY, OXC_KEY_LEN, key);
			memset(key, 0, sizeof(key));
			if (err)
				goto nomem;
			continue;
		}
		if (!strcmp(argv[i], "encryption")) {
			if (strcmp(argv[i + 1], "on") &&
			    strcmp(argv[i + 1], "off")) {
				err = oxc_usage_error("tunnel set: encryption on|off");
				goto usage;
			}
			if (nla_put_u8(msg, OXT_A_ENCRYPTION,
				       !strcmp(argv[i + 1], "on")))
				goto nomem;
			continue;
		}
		v = strtoull(argv[i + 1], &end, 10);
		if (*end || !argv[i + 1][0] || argv[i + 1][0] == '-') {
			err = oxc_usage_error("tunnel set: '%s' is not a number",
					      argv[i + 1]);
			goto usage;
		}
		if (!strcmp(argv[i], "listen-port")) {
			if (v > 65535) {
				err = oxc_usage_error("tunnel set: listen-port 1..65535");
				goto usage;
			}
			err = nla_put_u16(msg, OXT_A_LISTEN_PORT, v);
		} else if (!strcmp(argv[i], "rekey-interval")) {
			if (v > 0xffffffffULL) {
				err = oxc_usage_error("tunnel set: rekey-interval too large");
				goto usage;
			}
			err = nla_put_u32(msg, OXT_A_REKEY_INTERVAL, v);
		} else if (!strcmp(argv[i], "rekey-messages")) {
			err = nla_put_u64(msg, OXT_A_REKEY_MESSAGES, v);
		} else {
			err = oxc_usage_error("tunnel set: unknown setting '%s'",
					      argv[i]);
			goto usage;
		}
		if (err)
			goto nomem;
	}
	err = oxc_genl_call(&g, msg, "tunnel set", OXT_A_MAX, NULL, NULL,
			    NULL);
	oxc_genl_close(&g);
	return err ? OXC_EXIT_ERR : 0;

nomem:
	fprintf(stderr, "oxctl: tunnel set: out of memory\n");
	nlmsg_free(msg);
	oxc_genl_close(&g);
	return OXC_EXIT_ERR;
usage:
	nlmsg_free(msg);
	oxc_genl_close(&g);
	return err;
}

int oxc_cmd_tunnel(int argc, char **argv)
{
	if (argc < 2)
		return oxc_usage_error("tunnel: subcommand required");
	if (!strcmp(argv[1], "show")) {
		if (argc > 3)
			return oxc_usage_error("tunnel show: too many arguments");
		return oxc_tunnel_show(argc == 3 ? argv[2] : NULL, false);
	}
	if (!strcmp(argv[1], "stats")) {
		if (argc != 3)
			return oxc_usage_error("tunnel stats: DEV required");
		return oxc_tunnel_show(argv[2], true);
	}
	if (!strcmp(argv[1], "set"))
		return oxc_tunnel_set(argc, argv);
	return oxc_usage_error("tunnel: unknown subcommand '%s'", argv[1]);
}
