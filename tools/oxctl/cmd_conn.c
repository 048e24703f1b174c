// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl conn show [-i] [ID], path show CONN (TQUIC_CMD_CONN_GET), and
 * sched set / cc set CONN NAME (TQUIC_CMD_CONN_SET).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/tquic.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "oxctl.h"
#include "tq.h"

static const char *const oxc_conn_states[] = {
	[TQUIC_INFO_HANDSHAKE] = "handshake",
	[TQUIC_INFO_ESTABLISHED] = "established",
	[TQUIC_INFO_CLOSED] = "closed",
};

static const char *const oxc_path_states[] = {
	[TQUIC_PATH_PROBING] = "probing",
	[TQUIC_PATH_ACTIVE] = "active",
	[TQUIC_PATH_STANDBY] = "standby",
	[TQUIC_PATH_FAILED] = "failed",
};

#define OXC_NAME(tab, i) \
	((i) < sizeof(tab) / sizeof(tab[0]) && tab[i] ? tab[i] : "unknown")

struct oxc_conns {
	struct json j;
	bool info;	/* -i */
	bool paths;	/* path show: the paths only */
	int n;
};

static uint64_t oxc_u64(struct nlattr *a)
{
	if (!a)
		return 0;
	switch (nla_len(a)) {
	case 1:
		return nla_get_u8(a);
	case 2:
		return nla_get_u16(a);
	case 4:
		return nla_get_u32(a);
	default:
		return nla_get_u64(a);
	}
}

static const char *oxc_str(struct nlattr *a)
{
	return a ? nla_get_string(a) : "";
}

/* The numbers of a path, in the order of enum tquic_path_attr. */
static const char *const oxc_path_keys[TQUIC_PATH_A_MAX + 1] = {
	[TQUIC_PATH_A_WEIGHT] = "weight",
	[TQUIC_PATH_A_SRTT_US] = "srtt_us",
	[TQUIC_PATH_A_MIN_RTT_US] = "min_rtt_us",
	[TQUIC_PATH_A_RTTVAR_US] = "rttvar_us",
	[TQUIC_PATH_A_CWND] = "cwnd",
	[TQUIC_PATH_A_IN_FLIGHT] = "in_flight",
	[TQUIC_PATH_A_BYTES_SENT] = "bytes_sent",
	[TQUIC_PATH_A_PACKETS_SENT] = "packets_sent",
	[TQUIC_PATH_A_BYTES_ACKED] = "bytes_acked",
	[TQUIC_PATH_A_PACKETS_ACKED] = "packets_acked",
	[TQUIC_PATH_A_BYTES_LOST] = "bytes_lost",
	[TQUIC_PATH_A_PACKETS_LOST] = "packets_lost",
	[TQUIC_PATH_A_MAX_DATAGRAM] = "max_datagram",
};

static int oxc_path(struct oxc_conns *s, struct nlattr *nest)
{
	struct nlattr *pt[TQUIC_PATH_A_MAX + 1];
	char local[OXC_ADDR_STRLEN], peer[OXC_ADDR_STRLEN];
	const char *state;
	int i;

	if (nla_parse_nested(pt, TQUIC_PATH_A_MAX, nest, NULL) ||
	    !pt[TQUIC_PATH_A_ID])
		return -EPROTO;
	oxc_tquic_fmt_addr(pt[TQUIC_PATH_A_LOCAL], local, sizeof(local), 1);
	oxc_tquic_fmt_addr(pt[TQUIC_PATH_A_PEER], peer, sizeof(peer), 1);
	state = OXC_NAME(oxc_path_states, oxc_u64(pt[TQUIC_PATH_A_STATE]));
	if (oxc_json) {
		json_obj_open(&s->j, NULL);
		json_u64(&s->j, "id", oxc_u64(pt[TQUIC_PATH_A_ID]));
		json_str(&s->j, "state", state);
		json_str(&s->j, "local", local);
		json_str(&s->j, "peer", peer);
		json_bool(&s->j, "backup", oxc_u64(pt[TQUIC_PATH_A_BACKUP]));
		for (i = 0; i <= TQUIC_PATH_A_MAX; i++)
			if (oxc_path_keys[i])
				json_u64(&s->j, oxc_path_keys[i],
					 oxc_u64(pt[i]));
		json_obj_close(&s->j);
		return 0;
	}
	printf("%spath %" PRIu64 " %s%s %s -> %s weight %" PRIu64
	       " mtu %" PRIu64 "\n",
	       s->paths ? "" : "\t", oxc_u64(pt[TQUIC_PATH_A_ID]), state,
	       oxc_u64(pt[TQUIC_PATH_A_BACKUP]) ? " backup" : "", local, peer,
	       oxc_u64(pt[TQUIC_PATH_A_WEIGHT]),
	       oxc_u64(pt[TQUIC_PATH_A_MAX_DATAGRAM]));
	printf("%s\trtt %.3f/%.3f ms min %.3f ms cwnd %" PRIu64
	       " in_flight %" PRIu64 " sent %" PRIu64 " (%" PRIu64
	       " bytes) acked %" PRIu64 " lost %" PRIu64 " (%" PRIu64
	       " bytes)\n", s->paths ? "" : "\t",
	       oxc_u64(pt[TQUIC_PATH_A_SRTT_US]) / 1000.0,
	       oxc_u64(pt[TQUIC_PATH_A_RTTVAR_US]) / 1000.0,
	       oxc_u64(pt[TQUIC_PATH_A_MIN_RTT_US]) / 1000.0,
	       oxc_u64(pt[TQUIC_PATH_A_CWND]),
	       oxc_u64(pt[TQUIC_PATH_A_IN_FLIGHT]),
	       oxc_u64(pt[TQUIC_PATH_A_PACKETS_SENT]),
	       oxc_u64(pt[TQUIC_PATH_A_BYTES_SENT]),
	       oxc_u64(pt[TQUIC_PATH_A_PACKETS_ACKED]),
	       oxc_u64(pt[TQUIC_PATH_A_PACKETS_LOST]),
	       oxc_u64(pt[TQUIC_PATH_A_BYTES_LOST]));
	return 0;
}

static int oxc_paths(struct oxc_conns *s, struct nlattr *paths)
{
	struct nlattr *a;
	int rem;

	/* path show: the paths are the elements of the outer array */
	if (oxc_json && !s->paths)
		json_arr_open(&s->j, "paths");
	if (paths)
		nla_for_each_nested(a, paths, rem)
			if (nla_type(a) == TQUIC_A_PATH && oxc_path(s, a))
				return -EPROTO;
	if (oxc_json && !s->paths)
		json_arr_close(&s->j);
	return 0;
}

/* The numbers of a connection. */
static const struct {
	int attr;
	const char *key;
} oxc_conn_keys[] = {
	{ TQUIC_A_CONN_VERSION, "version" },
	{ TQUIC_A_CONN_RECV_Q, "recv_q" },
	{ TQUIC_A_CONN_SEND_Q, "send_q" },
	{ TQUIC_A_CONN_SRTT_US, "srtt_us" },
	{ TQUIC_A_CONN_CWND, "cwnd" },
	{ TQUIC_A_CONN_BYTES_SENT, "bytes_sent" },
	{ TQUIC_A_CONN_BYTES_RECEIVED, "bytes_received" },
	{ TQUIC_A_CONN_PACKETS_SENT, "packets_sent" },
	{ TQUIC_A_CONN_PACKETS_RECEIVED, "packets_received" },
	{ TQUIC_A_CONN_PACKETS_LOST, "packets_lost" },
};

/* The column headers, printed with the first row (not before an error). */
static void oxc_conn_header(void)
{
	printf("%-6s %-12s %-7s %-7s %-40s %s\n", "ID", "State", "Recv-Q",
	       "Send-Q", "Local Address:Port", "Peer Address:Port");
}

static int oxc_conn_reply(struct nlattr **tb, void *arg)
{
	char local[OXC_ADDR_STRLEN], peer[OXC_ADDR_STRLEN];
	struct oxc_conns *s = arg;
	const char *state, *role;
	size_t i;

	if (!tb[TQUIC_A_CONN_ID] || !tb[TQUIC_A_CONN_STATE])
		return -EPROTO;
	if (s->paths)
		return oxc_paths(s, tb[TQUIC_A_PATHS]);
	oxc_tquic_fmt_addr(tb[TQUIC_A_LOCAL], local, sizeof(local), 1);
	oxc_tquic_fmt_addr(tb[TQUIC_A_PEER], peer, sizeof(peer), 1);
	state = OXC_NAME(oxc_conn_states, oxc_u64(tb[TQUIC_A_CONN_STATE]));
	role = oxc_u64(tb[TQUIC_A_CONN_ROLE]) == TQUIC_ROLE_SERVER ?
	       "server" : "client";
	s->n++;
	if (oxc_json) {
		json_obj_open(&s->j, NULL);
		json_u64(&s->j, "id", oxc_u64(tb[TQUIC_A_CONN_ID]));
		json_str(&s->j, "state", state);
		json_str(&s->j, "role", role);
		json_str(&s->j, "local", local);
		json_str(&s->j, "peer", peer);
		json_str(&s->j, "congestion_control",
			 oxc_str(tb[TQUIC_A_CONN_CC]));
		json_str(&s->j, "scheduler", oxc_str(tb[TQUIC_A_CONN_SCHED]));
		json_bool(&s->j, "multipath",
			  oxc_u64(tb[TQUIC_A_CONN_MULTIPATH]));
		json_bool(&s->j, "degraded",
			  oxc_u64(tb[TQUIC_A_CONN_DEGRADED]));
		for (i = 0; i < sizeof(oxc_conn_keys) / sizeof(oxc_conn_keys[0]);
		     i++)
			json_u64(&s->j, oxc_conn_keys[i].key,
				 oxc_u64(tb[oxc_conn_keys[i].attr]));
		if (oxc_paths(s, tb[TQUIC_A_PATHS]))
			return -EPROTO;
		json_obj_close(&s->j);
		return 0;
	}
	if (s->n == 1)
		oxc_conn_header();
	printf("%-6" PRIu64 " %-12s %-7" PRIu64 " %-7" PRIu64 " %-40s %s\n",
	       oxc_u64(tb[TQUIC_A_CONN_ID]), state,
	       oxc_u64(tb[TQUIC_A_CONN_RECV_Q]),
	       oxc_u64(tb[TQUIC_A_CONN_SEND_Q]), local, peer);
	if (!s->info)
		return 0;
	printf("\t%s version 0x%" PRIx64 "%s%s cc %s sched %s rtt %.3f ms cwnd %"
	       PRIu64 " bytes %" PRIu64 "/%" PRIu64 " packets %" PRIu64 "/%"
	       PRIu64 " lost %" PRIu64 "\n", role,
	       oxc_u64(tb[TQUIC_A_CONN_VERSION]),
	       oxc_u64(tb[TQUIC_A_CONN_MULTIPATH]) ? " multipath" : "",
	       oxc_u64(tb[TQUIC_A_CONN_DEGRADED]) ? " degraded" : "",
	       oxc_str(tb[TQUIC_A_CONN_CC]),
	       oxc_str(tb[TQUIC_A_CONN_SCHED]),
	       oxc_u64(tb[TQUIC_A_CONN_SRTT_US]) / 1000.0,
	       oxc_u64(tb[TQUIC_A_CONN_CWND]),
	       oxc_u64(tb[TQUIC_A_CONN_BYTES_SENT]),
	       oxc_u64(tb[TQUIC_A_CONN_BYTES_RECEIVED]),
	       oxc_u64(tb[TQUIC_A_CONN_PACKETS_SENT]),
	       oxc_u64(tb[TQUIC_A_CONN_PACKETS_RECEIVED]),
	       oxc_u64(tb[TQUIC_A_CONN_PACKETS_LOST]));
	return oxc_paths(s, tb[TQUIC_A_PATHS]);
}

static int oxc_fill_conn_id(struct nl_msg *msg, void *arg)
{
	return nla_put_u32(msg, TQUIC_A_CONN_ID, *(uint32_t *)arg);
}

/* CONN_GET of @id (dump of all when NULL) to @s. */
static int oxc_conn_get(const char *id, struct oxc_conns *s,
			const char *what)
{
	uint32_t cid = 0;
	int err;

	if (id && oxc_parse_u32(id, &cid))
		return oxc_usage_error("%s: bad connection id '%s'", what, id);
	json_init(&s->j, stdout);
	if (oxc_json)
		json_arr_open(&s->j, NULL);
	err = oxc_tq_request(TQUIC_CMD_CONN_GET, id ? 0 : NLM_F_DUMP, what,
			     id ? oxc_fill_conn_id : NULL, &cid,
			     oxc_conn_reply, s);
	if (oxc_json && !err) {
		json_arr_close(&s->j);
		json_end(&s->j);
	} else if (!err && !s->paths && !s->n) {
		oxc_conn_header();	/* no connection */
	}
	return err;
}

static int oxc_conn_show(int argc, char **argv)
{
	struct oxc_conns s = {};
	const char *id = NULL;
	int a;

	for (a = 2; a < argc; a++) {
		if (!strcmp(argv[a], "-i"))
			s.info = true;
		else if (!id)
			id = argv[a];
		else
			return oxc_usage_error("conn show: unexpected '%s'",
					       argv[a]);
	}
	return oxc_conn_get(id, &s, "conn show");
}

int oxc_cmd_conn(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return oxc_conn_show(argc, argv);
	return oxc_usage_error("conn: expected 'show'");
}

int oxc_path_show(int argc, char **argv)
{
	struct oxc_conns s = { .paths = true };

	if (argc != 3)
		return oxc_usage_error("path show: expected a connection id");
	return oxc_conn_get(argv[2], &s, "path show");
}

struct oxc_alg_set {
	uint32_t id;
	int attr;
	const char *name;
};

static int oxc_fill_alg_set(struct nl_msg *msg, void *arg)
{
	struct oxc_alg_set *a = arg;

	return nla_put_u32(msg, TQUIC_A_CONN_ID, a->id) ?:
	       nla_put_string(msg, a->attr, a->name);
}

/* sched set CONN NAME, cc set CONN NAME */
static int oxc_alg_set(int argc, char **argv, int attr, const char *what)
{
	struct oxc_alg_set a = { .attr = attr };

	if (argc != 4 || strcmp(argv[1], "set"))
		return oxc_usage_error("%s: expected 'set CONN NAME'", argv[0]);
	if (oxc_parse_u32(argv[2], &a.id))
		return oxc_usage_error("%s: bad connection id '%s'", what,
				       argv[2]);
	a.name = argv[3];
	return oxc_tq_request(TQUIC_CMD_CONN_SET, 0, what, oxc_fill_alg_set,
			      &a, NULL, NULL);
}

int oxc_cmd_sched(int argc, char **argv)
{
	return oxc_alg_set(argc, argv, TQUIC_A_CONN_SCHED, "sched set");
}

int oxc_cmd_cc(int argc, char **argv)
{
	return oxc_alg_set(argc, argv, TQUIC_A_CONN_CC, "cc set");
}
