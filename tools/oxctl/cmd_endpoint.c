// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl endpoint add ADDR dev DEV [backup] | del ID | show
 * (TQUIC_CMD_ENDPOINT_ADD, _DEL, _GET).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/tquic.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "oxctl.h"
#include "tq.h"

struct oxc_ep {
	uint32_t id;
	struct sockaddr_storage addr;
	int ifindex;
	int backup;
};

static int oxc_fill_ep(struct nl_msg *msg, void *arg)
{
	struct oxc_ep *e = arg;

	if (e->id)
		return nla_put_u32(msg, TQUIC_A_ENDPOINT_ID, e->id);
	if (oxc_tquic_put_addr(msg, TQUIC_A_LOCAL, &e->addr, e->ifindex))
		return -EMSGSIZE;
	return e->backup ? nla_put_u8(msg, TQUIC_A_BACKUP, 1) : 0;
}

struct oxc_ep_show {
	struct json j;
	bool added;	/* the reply of endpoint add: print the id */
};

static int oxc_ep_reply(struct nlattr **tb, void *arg)
{
	struct oxc_ep_show *s = arg;
	char addr[OXC_ADDR_STRLEN];
	uint64_t id;
	bool backup;

	if (!tb[TQUIC_A_ENDPOINT_ID] || !tb[TQUIC_A_LOCAL])
		return -EPROTO;
	id = nla_get_u32(tb[TQUIC_A_ENDPOINT_ID]);
	backup = tb[TQUIC_A_BACKUP] && nla_get_u8(tb[TQUIC_A_BACKUP]);
	oxc_tquic_fmt_addr(tb[TQUIC_A_LOCAL], addr, sizeof(addr), 0);
	if (oxc_json) {
		json_obj_open(&s->j, NULL);
		json_u64(&s->j, "id", id);
		json_str(&s->j, "address", addr);
		json_bool(&s->j, "backup", backup);
		json_obj_close(&s->j);
	} else if (s->added) {
		printf("endpoint %" PRIu64 "\n", id);
	} else {
		printf("%" PRIu64 " %s%s\n", id, addr,
		       backup ? " backup" : "");
	}
	return 0;
}

static int oxc_ep_run(int cmd, int flags, const char *what,
		      struct oxc_ep *e, bool added)
{
	struct oxc_ep_show s = { .added = added };
	int err;

	json_init(&s.j, stdout);
	if (oxc_json && !added)
		json_arr_open(&s.j, NULL);
	err = oxc_tq_request(cmd, flags, what, e ? oxc_fill_ep : NULL, e,
			     cmd == TQUIC_CMD_ENDPOINT_DEL ? NULL :
			     oxc_ep_reply, &s);
	if (oxc_json && !err && cmd != TQUIC_CMD_ENDPOINT_DEL) {
		if (!added)
			json_arr_close(&s.j);
		json_end(&s.j);
	}
	return err;
}

/* endpoint add ADDR [dev DEV] [backup] */
static int oxc_ep_add(int argc, char **argv)
{
	struct oxc_ep e = {};
	int a, err;

	if (argc < 3)
		return oxc_usage_error("endpoint add: expected an address");
	err = oxc_parse_local(argv[2], &e.addr, &e.ifindex);
	if (err == -ENODEV)
		goto nodev;
	if (err)
		return oxc_usage_error("endpoint add: bad address '%s'",
				       argv[2]);
	for (a = 3; a < argc; a++) {
		if (!strcmp(argv[a], "backup")) {
			e.backup = 1;
		} else if (!strcmp(argv[a], "dev") && a + 1 < argc) {
			e.ifindex = if_nametoindex(argv[++a]);
			if (!e.ifindex)
				goto nodev;
		} else {
			return oxc_usage_error("endpoint add: unexpected '%s'",
					       argv[a]);
		}
	}
	return oxc_ep_run(TQUIC_CMD_ENDPOINT_ADD, 0, "endpoint add", &e, true);

nodev:
	fprintf(stderr, "oxctl: endpoint add: no such device\n");
	return OXC_EXIT_ERR;
}

int oxc_cmd_endpoint(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	struct oxc_ep e = {};

	if (!strcmp(sub, "add"))
		return oxc_ep_add(argc, argv);
	if (!strcmp(sub, "del")) {
		if (argc != 3 || oxc_parse_u32(argv[2], &e.id) || !e.id)
			return oxc_usage_error("endpoint del: expected an endpoint id");
		return oxc_ep_run(TQUIC_CMD_ENDPOINT_DEL, 0, "endpoint del",
				  &e, false);
	}
	if (!strcmp(sub, "show")) {
		if (argc != 2)
			return oxc_usage_error("endpoint show takes no arguments");
		return oxc_ep_run(TQUIC_CMD_ENDPOINT_GET, NLM_F_DUMP,
				  "endpoint show", NULL, false);
	}
	return oxc_usage_error("endpoint: expected add, del or show");
}
