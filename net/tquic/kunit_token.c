// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: address validation tokens (token.c) - made and checked
 * again with the netns's key, bound to the client's address and kind,
 * carrying a Retry's original connection ID; refused when truncated,
 * oversized, of another kind or address, or with any byte changed - and
 * the path MTU search (pmtu.c): the first probe at the largest size
 * allowed, halving on loss, rising on acknowledgment, ending within
 * 32 bytes, and the black-hole fall back to 1200 bytes after three probe
 * timeouts.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <net/net_namespace.h>

#include "conn.h"
#include "kunit_conn.h"
#include "pmtu.h"
#include "token.h"
#include "tquic.h"

static void addr4(struct sockaddr_storage *ss, u32 ip, u16 port)
{
	struct sockaddr_in *a = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(ip);
	a->sin_port = htons(port);
}

static void addr6(struct sockaddr_storage *ss, u8 last, u16 port)
{
	struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	a->sin6_family = AF_INET6;
	a->sin6_addr.s6_addr[0] = 0x20;
	a->sin6_addr.s6_addr[1] = 0x01;
	a->sin6_addr.s6_addr[15] = last;
	a->sin6_port = htons(port);
}

static void token_roundtrip(struct kunit *test)
{
	struct tquic_cid odcid = { .len = 8 }, got;
	struct sockaddr_storage peer, port2;
	u8 *tok, kind = 0;
	int len;

	tok = kunit_kzalloc(test, TQUIC_TOKEN_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tok);
	memset(odcid.id, 0x5a, 8);
	addr4(&peer, 0xc0000201, 4433);
	len = tquic_token_make(&init_net, TQUIC_TOKEN_RETRY, &peer, &odcid, tok);
	KUNIT_ASSERT_EQ(test, len, 1 + 12 + 8 + 1 + 8 + 16);
	KUNIT_EXPECT_EQ(test, tok[0], TQUIC_TOKEN_RETRY);
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &peer,
						&kind, &got), 0);
	KUNIT_EXPECT_EQ(test, kind, TQUIC_TOKEN_RETRY);
	KUNIT_EXPECT_EQ(test, got.len, 8);
	KUNIT_EXPECT_EQ(test, memcmp(got.id, odcid.id, 8), 0);
	/* Another port of the same address: a NAT's doing, still valid */
	addr4(&port2, 0xc0000201, 5555);
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &port2,
						&kind, NULL), 0);
	/* NEW_TOKEN, IPv6, no connection ID */
	addr6(&peer, 7, 443);
	len = tquic_token_make(&init_net, TQUIC_TOKEN_NEW, &peer, NULL, tok);
	KUNIT_ASSERT_EQ(test, len, 1 + 12 + 8 + 1 + 16);
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &peer,
						&kind, &got), 0);
	KUNIT_EXPECT_EQ(test, kind, TQUIC_TOKEN_NEW);
	KUNIT_EXPECT_EQ(test, got.len, 0);
}

static void token_refused(struct kunit *test)
{
	struct sockaddr_storage peer, other;
	u8 *tok, kind = 0;
	int len, i;

	tok = kunit_kzalloc(test, TQUIC_TOKEN_MAX + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tok);
	addr6(&peer, 1, 443);
	len = tquic_token_make(&init_net, TQUIC_TOKEN_NEW, &peer, NULL, tok);
	KUNIT_ASSERT_GT(test, len, 0);
	/* Another address, another family */
	addr6(&other, 2, 443);
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &other,
						&kind, NULL), -EINVAL);
	addr4(&other, 0x7f000001, 443);
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &other,
						&kind, NULL), -EINVAL);
	/* Truncated, and longer than any token */
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len - 1, &peer,
						&kind, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, 20, &peer,
						&kind, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok,
						TQUIC_TOKEN_MAX + 1, &peer,
						&kind, NULL), -EINVAL);
	/* The other kind's label, or any byte changed */
	tok[0] = TQUIC_TOKEN_RETRY;
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &peer,
						&kind, NULL), -EINVAL);
	tok[0] = 0x00;
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &peer,
						&kind, NULL), -EINVAL);
	tok[0] = TQUIC_TOKEN_NEW;
	for (i = 1; i < len; i++) {
		tok[i] ^= 0x01;
		KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len,
							&peer, &kind, NULL),
				-EINVAL);
		tok[i] ^= 0x01;
	}
	KUNIT_EXPECT_EQ(test, tquic_token_check(&init_net, tok, len, &peer,
						&kind, NULL), 0);
}

/* A connection as far as PMTU discovery looks, at 1200 bytes. */
static struct tquic_conn *pmtu_conn(struct kunit *test, u64 ours, u64 peers)
{
	struct tquic_conn *c = tquic_kunit_conn(test);

	c->path->max_dgram = TQUIC_MAX_DATAGRAM;
	c->path->cc.max_datagram_size = TQUIC_MAX_DATAGRAM;
	c->ltp.max_udp_payload_size = ours;
	c->ptp.max_udp_payload_size = peers;
	return c;
}

/* What pmtu_start() does without a route: the search from @target. */
static void pmtu_begin(struct tquic_conn *c, u32 target)
{
	c->path->pmtu_fail = target + 1;
	c->path->pmtu_probe = target;
	c->path->pmtu_pending = true;
}

static void pmtu_search(struct kunit *test)
{
	struct tquic_conn *c = pmtu_conn(test, 1500, 1500);
	unsigned int probes = 0;

	pmtu_begin(c, 1472);	/* 1500 less IPv4 and UDP headers */
	/* The path takes 1400: probes above it are lost */
	while (c->path->pmtu_probe && probes < 20) {
		probes++;
		if (c->path->pmtu_probe <= 1400)
			tquic_pmtu_acked(c, c->path->pmtu_probe);
		else
			tquic_pmtu_lost(c, c->path->pmtu_probe);
	}
	KUNIT_EXPECT_LT(test, probes, 8);
	KUNIT_EXPECT_LE(test, c->path->max_dgram, 1400);
	KUNIT_EXPECT_GE(test, c->path->max_dgram, 1400 - 32);
	KUNIT_EXPECT_EQ(test, c->path->cc.max_datagram_size, c->path->max_dgram);
	KUNIT_EXPECT_LE(test, c->path->pmtu_fail - c->path->max_dgram, 32 * 2);
}

static void pmtu_stray_sizes(struct kunit *test)
{
	struct tquic_conn *c = pmtu_conn(test, 1500, 1500);

	pmtu_begin(c, 1472);
	/* Only the outstanding probe's size counts */
	tquic_pmtu_acked(c, 1300);
	tquic_pmtu_lost(c, 1300);
	KUNIT_EXPECT_EQ(test, c->path->max_dgram, TQUIC_MAX_DATAGRAM);
	KUNIT_EXPECT_EQ(test, c->path->pmtu_probe, 1472);
	tquic_pmtu_acked(c, 1472);
	KUNIT_EXPECT_EQ(test, c->path->max_dgram, 1472);
	KUNIT_EXPECT_EQ(test, c->path->pmtu_probe, 0);	/* nothing above */
}

static void pmtu_black_hole(struct kunit *test)
{
	struct tquic_conn *c = pmtu_conn(test, 1500, 1500);

	pmtu_begin(c, 1472);
	tquic_pmtu_acked(c, 1472);
	KUNIT_ASSERT_EQ(test, c->path->max_dgram, 1472);
	c->path->pto_count = 2;
	tquic_pmtu_on_pto(c);
	KUNIT_EXPECT_EQ(test, c->path->max_dgram, 1472);
	c->path->pto_count = 3;
	tquic_pmtu_on_pto(c);
	KUNIT_EXPECT_EQ(test, c->path->max_dgram, TQUIC_MAX_DATAGRAM);
	KUNIT_EXPECT_EQ(test, c->path->cc.max_datagram_size, TQUIC_MAX_DATAGRAM);
	KUNIT_EXPECT_EQ(test, c->path->pmtu_probe, 0);
	KUNIT_EXPECT_FALSE(test, c->path->pmtu_pending);
	/* Not below the floor */
	tquic_pmtu_on_pto(c);
	KUNIT_EXPECT_EQ(test, c->path->max_dgram, TQUIC_MAX_DATAGRAM);
}

static struct kunit_case tquic_token_pmtu_cases[] = {
	KUNIT_CASE(token_roundtrip),
	KUNIT_CASE(token_refused),
	KUNIT_CASE(pmtu_search),
	KUNIT_CASE(pmtu_stray_sizes),
	KUNIT_CASE(pmtu_black_hole),
	{}
};

static struct kunit_suite tquic_token_pmtu_suite = {
	.name = "tquic_token_pmtu",
	.test_cases = tquic_token_pmtu_cases,
};

kunit_test_suite(tquic_token_pmtu_suite);
