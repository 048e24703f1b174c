// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl path add|del|set|show (TQUIC_CMD_PATH_ADD, _DEL, _SET; show in
 * cmd_conn.c).
 */
#include <errno.h>
#include <linux/tquic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "oxctl.h"
#include "tq.h"

struct oxc_path_req {
	uint32_t conn;
	uint32_t path;
	struct sockaddr_storage local;
	int ifindex;
	struct sockaddr_in6 peer;
	int backup;		/* -1: not given */
	uint32_t weight;	/* 0: not given */
	bool has_path;
};

static int oxc_fill_path(struct nl_msg *msg, void *arg)
{
	struct oxc_path_req *r = arg;

	if (nla_put_u32(msg, TQUIC_A_CONN_ID, r->conn))
		return -EMSGSIZE;
	if (r->has_path && nla_put_u32(msg, TQUIC_A_PATH_ID, r->path))
		return -EMSGSIZE;
	if (r->local.ss_family &&
	    (oxc_tquic_put_addr(msg, TQUIC_A_LOCAL, &r->local, r->ifindex) ||
	     oxc_tquic_put_addr(msg, TQUIC_A_PEER,
				(struct sockaddr_storage *)&r->peer, 0)))
		return -EMSGSIZE;
	if (r->backup >= 0 && nla_put_u8(msg, TQUIC_A_BACKUP, r->backup))
		return -EMSGSIZE;
	if (r->weight && nla_put_u32(msg, TQUIC_A_WEIGHT, r->weight))
		return -EMSGSIZE;
	return 0;
}

/* [backup|active] [weight N] from argv[a]. */
static int oxc_path_flags(struct oxc_path_req *r, int a, int argc,
			  char **argv, bool active_ok)
{
	for (; a < argc; a++) {
		if (!strcmp(argv[a], "backup")) {
			r->backup = 1;
		} else if (active_ok && !strcmp(argv[a], "active")) {
			r->backup = 0;
		} else if (!strcmp(argv[a], "weight") && a + 1 < argc) {
			if (oxc_parse_u32(argv[++a], &r->weight) || !r->weight)
				return oxc_usage_error("path: bad weight '%s'",
						       argv[a]);
		} else {
			return oxc_usage_error("path: unexpected '%s'",
					       argv[a]);
		}
	}
	return 0;
}

/* path add CONN local ADDR[%dev] remote ADDR:PORT [backup] [weight N] */
static int oxc_path_add(struct oxc_path_req *r, int argc, char **argv)
{
	size_t len;
	int err;

	if (argc < 7 || strcmp(argv[3], "local") || strcmp(argv[5], "remote"))
		return oxc_usage_error("path add: expected 'CONN local ADDR[%%dev] remote ADDR:PORT'");
	err = oxc_parse_local(argv[4], &r->local, &r->ifindex);
	if (err == -ENODEV) {
		fprintf(stderr, "oxctl: path add: no such device in '%s'\n",
			argv[4]);
		return OXC_EXIT_ERR;
	}
	if (err)
		return oxc_usage_error("path add: bad local address '%s'",
				       argv[4]);
	if (oxc_parse_endpoint(argv[6], &r->peer, &len))
		return oxc_usage_error("path add: bad remote address '%s'",
				       argv[6]);
	err = oxc_path_flags(r, 7, argc, argv, false);
	if (err)
		return err;
	return oxc_tq_request(TQUIC_CMD_PATH_ADD, 0, "path add", oxc_fill_path,
			      r, NULL, NULL);
}

int oxc_cmd_path(int argc, char **argv)
{
	struct oxc_path_req r = { .backup = -1 };
	const char *sub = argc > 1 ? argv[1] : "";
	int err;

	if (!strcmp(sub, "show"))
		return oxc_path_show(argc, argv);
	if (strcmp(sub, "add") && strcmp(sub, "del") && strcmp(sub, "set"))
		return oxc_usage_error("path: expected add, del, set or show");
	if (argc < 3 || oxc_parse_u32(argv[2], &r.conn))
		return oxc_usage_error("path %s: bad connection id", sub);
	if (!strcmp(sub, "add"))
		return oxc_path_add(&r, argc, argv);
	if (argc < 4 || oxc_parse_u32(argv[3], &r.path))
		return oxc_usage_error("path %s: bad path id", sub);
	r.has_path = true;
	if (!strcmp(sub, "del")) {
		if (argc != 4)
			return oxc_usage_error("path del: unexpected '%s'",
					       argv[4]);
		return oxc_tq_request(TQUIC_CMD_PATH_DEL, 0, "path del",
				      oxc_fill_path, &r, NULL, NULL);
	}
	err = oxc_path_flags(&r, 4, argc, argv, true);
	if (err)
		return err;
	if (r.backup < 0 && !r.weight)
		return oxc_usage_error("path set: give backup, active or weight N");
	return oxc_tq_request(TQUIC_CMD_PATH_SET, 0, "path set", oxc_fill_path,
			      &r, NULL, NULL);
}
