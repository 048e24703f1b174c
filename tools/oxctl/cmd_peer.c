// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl peer add|set|del|show (OXT_CMD_PEER_*).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/if.h>
#include <linux/oxtunnel.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "genl.h"
#include "key.h"
#include "oxctl.h"

/* Whole seconds from @ns (CLOCK_REALTIME, as the kernel stamps a
 * handshake) to now; 0 for a stamp of this second or, after the clock
 * was set back, of the future.
 */
static uint64_t oxc_secs_since(uint64_t ns)
{
	struct timespec ts;
	uint64_t now;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	return now > ns ? (now - ns) / 1000000000ULL : 0;
}

/* Add one "ADDR/CIDR" to the OXT_A_PEER_ALLOWED_IPS nest in @msg. */
static int oxc_put_aip(struct nl_msg *msg, char *s)
{
	unsigned char addr[16];
	struct nlattr *one;
	unsigned long cidr;
	char *slash, *end;
	int family;

	slash = strchr(s, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, s, addr) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, s, addr) == 1)
		family = AF_INET6;
	else
		return -EINVAL;
	cidr = family == AF_INET ? 32 : 128;
	if (slash) {
		cidr = strtoul(slash + 1, &end, 10);
		if (*end || !slash[1] ||
		    cidr > (family == AF_INET ? 32UL : 128UL))
			return -EINVAL;
	}
	one = nla_nest_start(msg, OXT_A_ALLOWED_IP);
	if (!one || nla_put_u16(msg, OXT_A_AIP_FAMILY, family) ||
	    nla_put(msg, OXT_A_AIP_ADDR, family == AF_INET ? 4 : 16, addr) ||
	    nla_put_u8(msg, OXT_A_AIP_CIDR, cidr))
		return -ENOMEM;
	nla_nest_end(msg, one);
	return 0;
}

static int oxc_peer_change(int cmd, const char *what, int argc, char **argv)
{
	uint8_t key[OXC_KEY_LEN];
	struct sockaddr_in6 ep;
	struct nlattr *nest;
	struct oxc_genl g;
	struct nl_msg *msg;
	char *list, *tok, *save;
	unsigned long ka;
	size_t eplen;
	char *end;
	int i, err;

	if (argc < 4)
		return oxc_usage_error("%s: DEV PUBLIC-KEY required", what);
	if (strlen(argv[2]) >= IFNAMSIZ)
		return oxc_usage_error("%s: device name too long", what);
	if (oxc_key_from_b64(key, argv[3]))
		return oxc_usage_error("%s: invalid public key '%s'", what,
				       argv[3]);
	if (cmd == OXT_CMD_PEER_DEL && argc > 4)
		return oxc_usage_error("%s: too many arguments", what);
	if (oxc_genl_open(&g, OXT_GENL_NAME, "oxtunnel", OXT_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, cmd, 0);
	if (!msg || nla_put_string(msg, OXT_A_IFNAME, argv[2]) ||
	    nla_put(msg, OXT_A_PEER_PUBLIC_KEY, OXC_KEY_LEN, key))
		goto nomem;
	for (i = 4; i < argc; i += 2) {
		if (i + 1 >= argc) {
			err = oxc_usage_error("%s: '%s' needs a value", what,
					      argv[i]);
			goto usage;
		}
		if (!strcmp(argv[i], "endpoint")) {
			if (oxc_parse_endpoint(argv[i + 1], &ep, &eplen)) {
				err = oxc_usage_error("%s: bad endpoint '%s' (IP:PORT or [IPv6]:PORT)",
						      what, argv[i + 1]);
				goto usage;
			}
			if (nla_put(msg, OXT_A_PEER_ENDPOINT, eplen, &ep))
				goto nomem;
		} else if (!strcmp(argv[i], "allowed-ips")) {
			nest = nla_nest_start(msg, OXT_A_PEER_ALLOWED_IPS);
			list = strdup(argv[i + 1]);
			if (!nest || !list) {
				free(list);
				goto nomem;
			}
			for (tok = strtok_r(list, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				if (oxc_put_aip(msg, tok)) {
					err = oxc_usage_error("%s: bad allowed IP '%s'",
							      what, tok);
					free(list);
					goto usage;
				}
			}
			free(list);
			nla_nest_end(msg, nest);
		} else if (!strcmp(argv[i], "keepalive")) {
			ka = strtoul(argv[i + 1], &end, 10);
			if (*end || !argv[i + 1][0] || ka > 65535) {
				err = oxc_usage_error("%s: bad keepalive '%s' (0..65535 s)",
						      what, argv[i + 1]);
				goto usage;
			}
			if (nla_put_u16(msg, OXT_A_PEER_KEEPALIVE, ka))
				goto nomem;
		} else {
			err = oxc_usage_error("%s: unknown argument '%s'", what,
					      argv[i]);
			goto usage;
		}
	}
	err = oxc_genl_call(&g, msg, what, OXT_A_MAX, NULL, NULL, NULL);
	oxc_genl_close(&g);
	return err ? OXC_EXIT_ERR : 0;

nomem:
	fprintf(stderr, "oxctl: %s: out of memory\n", what);
	nlmsg_free(msg);
	oxc_genl_close(&g);
	return OXC_EXIT_ERR;
usage:
	nlmsg_free(msg);
	oxc_genl_close(&g);
	return err;
}

static const struct nla_policy oxc_peer_policy[OXT_A_MAX + 1] = {
	[OXT_A_PEER_PUBLIC_KEY]	= { .type = NLA_UNSPEC,
				    .minlen = OXC_KEY_LEN },
	[OXT_A_PEER_ALLOWED_IPS] = { .type = NLA_NESTED },
	[OXT_A_PEER_KEEPALIVE]	= { .type = NLA_U16 },
	[OXT_A_PEER_LAST_HANDSHAKE] = { .type = NLA_U64 },
	[OXT_A_PEER_HANDSHAKES]	= { .type = NLA_U64 },
	[OXT_A_PEER_RX_BYTES]	= { .type = NLA_U64 },
	[OXT_A_PEER_TX_BYTES]	= { .type = NLA_U64 },
	[OXT_A_PEER_RX_PACKETS]	= { .type = NLA_U64 },
	[OXT_A_PEER_TX_PACKETS]	= { .type = NLA_U64 },
};

static const struct nla_policy oxc_aip_policy[OXT_A_MAX + 1] = {
	[OXT_A_AIP_FAMILY]	= { .type = NLA_U16 },
	[OXT_A_AIP_CIDR]	= { .type = NLA_U8 },
};

static void oxc_fmt_endpoint(const struct nlattr *a, char *buf, size_t len)
{
	const struct sockaddr_in *s4 = nla_data(a);

	buf[0] = '\0';
	if ((nla_len(a) == sizeof(struct sockaddr_in) &&
	     s4->sin_family == AF_INET) ||
	    (nla_len(a) == sizeof(struct sockaddr_in6) &&
	     s4->sin_family == AF_INET6))
		oxc_fmt_sa(nla_data(a), buf, len);
}

struct oxc_peers {
	struct json j;
	int n;
};

static int oxc_peer_reply(struct nlattr **tb, void *arg)
{
	char key[OXC_KEY_B64_LEN + 1], ep[INET6_ADDRSTRLEN + 16];
	char ip[INET6_ADDRSTRLEN], cidr[INET6_ADDRSTRLEN + 8];
	struct nlattr *a, *at[OXT_A_MAX + 1];
	struct oxc_peers *p = arg;
	uint64_t last;
	int rem, first = 1;

	if (!tb[OXT_A_PEER_PUBLIC_KEY] || !tb[OXT_A_PEER_ALLOWED_IPS] ||
	    !tb[OXT_A_PEER_HANDSHAKES] || !tb[OXT_A_PEER_RX_BYTES] ||
	    !tb[OXT_A_PEER_TX_BYTES] || !tb[OXT_A_PEER_LAST_HANDSHAKE] ||
	    !tb[OXT_A_PEER_RX_PACKETS] || !tb[OXT_A_PEER_TX_PACKETS] ||
	    !tb[OXT_A_PEER_KEEPALIVE] ||
	    nla_len(tb[OXT_A_PEER_PUBLIC_KEY]) != OXC_KEY_LEN)
		return -EPROTO;
	oxc_key_to_b64(key, nla_data(tb[OXT_A_PEER_PUBLIC_KEY]));
	ep[0] = '\0';
	if (tb[OXT_A_PEER_ENDPOINT])
		oxc_fmt_endpoint(tb[OXT_A_PEER_ENDPOINT], ep, sizeof(ep));
	last = nla_get_u64(tb[OXT_A_PEER_LAST_HANDSHAKE]);
	p->n++;

	if (oxc_json) {
		json_obj_open(&p->j, NULL);
		json_str(&p->j, "public_key", key);
		if (ep[0])
			json_str(&p->j, "endpoint", ep);
		json_arr_open(&p->j, "allowed_ips");
	} else {
		printf("%speer %s\n", p->n > 1 ? "\n" : "", key);
		if (ep[0])
			printf("  endpoint %s\n", ep);
		printf("  allowed-ips ");
	}
	nla_for_each_nested(a, tb[OXT_A_PEER_ALLOWED_IPS], rem) {
		if (nla_parse_nested(at, OXT_A_MAX, a,
				     (struct nla_policy *)oxc_aip_policy) ||
		    !at[OXT_A_AIP_FAMILY] || !at[OXT_A_AIP_ADDR] ||
		    !at[OXT_A_AIP_CIDR])
			return -EPROTO;
		if (!inet_ntop(nla_get_u16(at[OXT_A_AIP_FAMILY]),
			       nla_data(at[OXT_A_AIP_ADDR]), ip, sizeof(ip)))
			return -EPROTO;
		snprintf(cidr, sizeof(cidr), "%s/%u", ip,
			 nla_get_u8(at[OXT_A_AIP_CIDR]));
		if (oxc_json)
			json_str(&p->j, NULL, cidr);
		else
			printf("%s%s", first ? "" : ", ", cidr);
		first = 0;
	}
	if (oxc_json) {
		json_arr_close(&p->j);
		json_u64(&p->j, "keepalive",
			 nla_get_u16(tb[OXT_A_PEER_KEEPALIVE]));
		json_u64(&p->j, "last_handshake_ns", last);
		json_u64(&p->j, "handshakes",
			 nla_get_u64(tb[OXT_A_PEER_HANDSHAKES]));
		json_u64(&p->j, "rx_bytes", nla_get_u64(tb[OXT_A_PEER_RX_BYTES]));
		json_u64(&p->j, "tx_bytes", nla_get_u64(tb[OXT_A_PEER_TX_BYTES]));
		json_u64(&p->j, "rx_packets",
			 nla_get_u64(tb[OXT_A_PEER_RX_PACKETS]));
		json_u64(&p->j, "tx_packets",
			 nla_get_u64(tb[OXT_A_PEER_TX_PACKETS]));
		json_obj_close(&p->j);
		return 0;
	}
	printf("%s\n", first ? "(none)" : "");
	if (nla_get_u16(tb[OXT_A_PEER_KEEPALIVE]))
		printf("  keepalive every %u s\n",
		       nla_get_u16(tb[OXT_A_PEER_KEEPALIVE]));
	if (last)
		printf("  latest-handshake %" PRIu64 " s ago\n",
		       oxc_secs_since(last));
	else
		printf("  latest-handshake never\n");
	printf("  handshakes %" PRIu64 "\n",
	       (uint64_t)nla_get_u64(tb[OXT_A_PEER_HANDSHAKES]));
	printf("  transfer %" PRIu64 " B received, %" PRIu64 " B sent (%"
	       PRIu64 " / %" PRIu64 " packets)\n",
	       (uint64_t)nla_get_u64(tb[OXT_A_PEER_RX_BYTES]),
	       (uint64_t)nla_get_u64(tb[OXT_A_PEER_TX_BYTES]),
	       (uint64_t)nla_get_u64(tb[OXT_A_PEER_RX_PACKETS]),
	       (uint64_t)nla_get_u64(tb[OXT_A_PEER_TX_PACKETS]));
	return 0;
}

static int oxc_peer_show(int argc, char **argv)
{
	struct oxc_peers p = { .n = 0 };
	struct oxc_genl g;
	struct nl_msg *msg;
	int err;

	if (argc != 3)
		return oxc_usage_error("peer show: DEV required");
	if (strlen(argv[2]) >= IFNAMSIZ)
		return oxc_usage_error("peer show: device name too long");
	if (oxc_genl_open(&g, OXT_GENL_NAME, "oxtunnel", OXT_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, OXT_CMD_PEER_GET, NLM_F_DUMP);
	if (msg && nla_put_string(msg, OXT_A_IFNAME, argv[2])) {
		nlmsg_free(msg);
		msg = NULL;
	}
	json_init(&p.j, stdout);
	if (oxc_json)
		json_arr_open(&p.j, NULL);
	err = msg ? oxc_genl_call(&g, msg, "peer show", OXT_A_MAX,
				  oxc_peer_policy, oxc_peer_reply, &p) : -1;
	oxc_genl_close(&g);
	if (err)
		return OXC_EXIT_ERR;
	if (oxc_json) {
		json_arr_close(&p.j);
		json_end(&p.j);
	}
	return 0;
}

int oxc_cmd_peer(int argc, char **argv)
{
	if (argc < 2)
		return oxc_usage_error("peer: subcommand required");
	if (!strcmp(argv[1], "add"))
		return oxc_peer_change(OXT_CMD_PEER_ADD, "peer add", argc, argv);
	if (!strcmp(argv[1], "set"))
		return oxc_peer_change(OXT_CMD_PEER_SET, "peer set", argc, argv);
	if (!strcmp(argv[1], "del"))
		return oxc_peer_change(OXT_CMD_PEER_DEL, "peer del", argc, argv);
	if (!strcmp(argv[1], "show"))
		return oxc_peer_show(argc, argv);
	return oxc_usage_error("peer: unknown subcommand '%s'", argv[1]);
}
