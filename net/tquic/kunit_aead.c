// SPDX-License-Identifier: GPL-2.0
/*
 * tquic KUnit: AEAD limits (RFC 9001, 6.6) - each cipher's
 * confidentiality and integrity limit, the send key refused at its
 * limit, the key update net.tquic.key_update_packets asks for, and the
 * forged-packet count that ends a connection.
 */
#include <kunit/test.h>
#include <net/net_namespace.h>

#include "conn.h"
#include "kunit_conn.h"
#include "crypto.h"
#include "keyupdate.h"
#include "tquic.h"

static void aead_limits(struct kunit *test)
{
	const struct tquic_suite *aes128 = tquic_suite_find(TQUIC_TLS_AES_128_GCM_SHA256);
	const struct tquic_suite *aes256 = tquic_suite_find(TQUIC_TLS_AES_256_GCM_SHA384);
	const struct tquic_suite *chacha = tquic_suite_find(TQUIC_TLS_CHACHA20_POLY1305_SHA256);

	KUNIT_ASSERT_NOT_NULL(test, aes128);
	KUNIT_ASSERT_NOT_NULL(test, aes256);
	KUNIT_ASSERT_NOT_NULL(test, chacha);
	KUNIT_EXPECT_EQ(test, tquic_aead_conf_limit(aes128), 1ULL << 23);
	KUNIT_EXPECT_EQ(test, tquic_aead_conf_limit(aes256), 1ULL << 23);
	KUNIT_EXPECT_EQ(test, tquic_aead_conf_limit(chacha), U64_MAX);
	KUNIT_EXPECT_EQ(test, tquic_aead_integ_limit(aes128), 1ULL << 52);
	KUNIT_EXPECT_EQ(test, tquic_aead_integ_limit(aes256), 1ULL << 52);
	KUNIT_EXPECT_EQ(test, tquic_aead_integ_limit(chacha), 1ULL << 36);
}

/* An established connection whose 1-RTT keys are of @tls_id. */
static struct tquic_conn *aead_conn(struct kunit *test, u16 tls_id)
{
	struct tquic_conn *c = tquic_kunit_conn(test);

	c->state = TQUIC_CONN_ESTABLISHED;
	c->space[TQUIC_LEVEL_APP].tx_key.suite = tquic_suite_find(tls_id);
	c->space[TQUIC_LEVEL_APP].rx_key.suite = tquic_suite_find(tls_id);
	KUNIT_ASSERT_NOT_NULL(test, c->space[TQUIC_LEVEL_APP].tx_key.suite);
	return c;
}

/* Nothing more is sealed with a key at its limit; 0-RTT is not counted. */
static void aead_seal_limit(struct kunit *test)
{
	struct tquic_conn *c = aead_conn(test, TQUIC_TLS_AES_128_GCM_SHA256);

	c->ku.tx_pkts = (1ULL << 23) - 1;
	KUNIT_EXPECT_TRUE(test, tquic_ku_may_seal(c));
	tquic_ku_sealed(c);	/* the update cannot start: unconfirmed */
	KUNIT_EXPECT_EQ(test, c->ku.tx_pkts, 1ULL << 23);
	KUNIT_EXPECT_FALSE(test, tquic_ku_may_seal(c));
	c->early.tx = true;
	KUNIT_EXPECT_TRUE(test, tquic_ku_may_seal(c));
	tquic_ku_sealed(c);
	KUNIT_EXPECT_EQ(test, c->ku.tx_pkts, 1ULL << 23);

	c = aead_conn(test, TQUIC_TLS_CHACHA20_POLY1305_SHA256);
	c->ku.tx_pkts = 1ULL << 40;
	KUNIT_EXPECT_TRUE(test, tquic_ku_may_seal(c));
}

/* The integrity limit counts every forged 1-RTT packet, once each. */
static void aead_forged(struct kunit *test)
{
	struct tquic_conn *c = aead_conn(test, TQUIC_TLS_CHACHA20_POLY1305_SHA256);

	c->ku.rx_forged = (1ULL << 36) - 2;
	KUNIT_EXPECT_FALSE(test, tquic_ku_forged(c));
	KUNIT_EXPECT_TRUE(test, tquic_ku_forged(c));
	KUNIT_EXPECT_EQ(test, c->ku.rx_forged, 1ULL << 36);

	c = aead_conn(test, TQUIC_TLS_AES_128_GCM_SHA256);
	c->ku.rx_forged = 1ULL << 36;
	KUNIT_EXPECT_FALSE(test, tquic_ku_forged(c));
	/* No 1-RTT key yet: nothing counted */
	c->space[TQUIC_LEVEL_APP].rx_key.suite = NULL;
	KUNIT_EXPECT_FALSE(test, tquic_ku_forged(c));
	KUNIT_EXPECT_EQ(test, c->ku.rx_forged, (1ULL << 36) + 1);
}

static struct kunit_case tquic_aead_cases[] = {
	KUNIT_CASE(aead_limits),
	KUNIT_CASE(aead_seal_limit),
	KUNIT_CASE(aead_forged),
	{}
};

static struct kunit_suite tquic_aead_suite = {
	.name = "tquic_aead_limits",
	.test_cases = tquic_aead_cases,
};

kunit_test_suite(tquic_aead_suite);
