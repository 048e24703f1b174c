// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the handshake: two parties with known keys complete it
 * and agree on session keys; tampering with any message, a wrong
 * responder key or a low-order ephemeral key makes it fail; cookies
 * round-trip.
 */
#include <kunit/test.h>

#include "noise.h"

struct noise_pair {
	struct oxt_identity ini, rsp;
	struct oxt_remote ini_view_of_rsp, rsp_view_of_ini;
	struct oxt_handshake hi, hr;
	struct oxt_msg_init init;
	struct oxt_msg_response resp;
};

static const u8 ts[OXT_TIMESTAMP_LEN] = {
	0x40, 0, 0, 0, 0x69, 0x1f, 0xa2, 0x00, 0x12, 0x34, 0x56, 0x78,
};

static void fill(u8 *p, u8 seed)
{
	int i;

	for (i = 0; i < OXT_KEY_LEN; i++)
		p[i] = seed + i * 7;
}

static struct noise_pair *noise_setup(struct kunit *test)
{
	struct noise_pair *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	u8 k[OXT_KEY_LEN];

	KUNIT_ASSERT_NOT_NULL(test, p);
	fill(k, 1);
	KUNIT_ASSERT_EQ(test, oxt_identity_set(&p->ini, k), 0);
	fill(k, 2);
	KUNIT_ASSERT_EQ(test, oxt_identity_set(&p->rsp, k), 0);
	KUNIT_ASSERT_EQ(test, oxt_remote_init(&p->ini_view_of_rsp, &p->ini,
					      p->rsp.pub), 0);
	KUNIT_ASSERT_EQ(test, oxt_remote_init(&p->rsp_view_of_ini, &p->rsp,
					      p->ini.pub), 0);
	/* Static-static DH agrees from both sides. */
	KUNIT_EXPECT_EQ(test, memcmp(p->ini_view_of_rsp.ss,
				     p->rsp_view_of_ini.ss, OXT_KEY_LEN), 0);
	p->hi.sender = 0x11111111;
	p->hr.sender = 0x22222222;
	return p;
}

static int run_init(struct noise_pair *p)
{
	u8 e[OXT_KEY_LEN];

	fill(e, 3);
	p->init.sender = cpu_to_le32(p->hi.sender);
	return oxt_noise_init_create(&p->hi, &p->ini, &p->ini_view_of_rsp,
				     e, ts, &p->init);
}

static int run_response(struct noise_pair *p)
{
	u8 e[OXT_KEY_LEN];

	fill(e, 4);
	p->resp.sender = cpu_to_le32(p->hr.sender);
	p->resp.receiver = cpu_to_le32(p->hr.receiver);
	return oxt_noise_response_create(&p->hr, &p->rsp_view_of_ini, e,
					 &p->resp);
}

static void noise_handshake(struct kunit *test)
{
	struct noise_pair *p = noise_setup(test);
	struct oxt_session_keys ki, kr;

	KUNIT_ASSERT_EQ(test, run_init(p), 0);
	KUNIT_ASSERT_EQ(test, oxt_noise_init_consume(&p->hr, &p->rsp,
						     &p->init), 0);
	/* The responder learned who is calling, and the index. */
	KUNIT_EXPECT_EQ(test, memcmp(p->hr.rs_pub, p->ini.pub, OXT_KEY_LEN),
			0);
	KUNIT_EXPECT_EQ(test, p->hr.receiver, 0x11111111U);
	KUNIT_ASSERT_EQ(test, oxt_noise_init_finish(&p->hr,
						    &p->rsp_view_of_ini,
						    &p->init), 0);
	KUNIT_EXPECT_EQ(test, memcmp(p->hr.timestamp, ts, sizeof(ts)), 0);
	KUNIT_ASSERT_EQ(test, run_response(p), 0);
	KUNIT_ASSERT_EQ(test, oxt_noise_response_consume(&p->hi, &p->ini,
							 &p->ini_view_of_rsp,
							 &p->resp), 0);
	KUNIT_EXPECT_EQ(test, p->hi.receiver, 0x22222222U);
	/* Both transcripts are identical. */
	KUNIT_EXPECT_EQ(test, memcmp(p->hi.h, p->hr.h, OXT_HASH_LEN), 0);

	oxt_noise_split(&p->hi, true, &ki);
	oxt_noise_split(&p->hr, false, &kr);
	KUNIT_EXPECT_EQ(test, memcmp(ki.send, kr.recv, sizeof(ki.send)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(ki.recv, kr.send, sizeof(ki.recv)), 0);
	KUNIT_EXPECT_NE(test, memcmp(ki.send, ki.recv, sizeof(ki.send)), 0);
	/* The handshake secrets are wiped. */
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p->hi.e_priv, 0, OXT_KEY_LEN));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p->hi.ck, 0, OXT_HASH_LEN));
}

static void noise_deterministic(struct kunit *test)
{
	struct noise_pair *a = noise_setup(test), *b = noise_setup(test);
	struct oxt_session_keys ka, kb;

	/* Same keys, same ephemerals, same timestamp: same messages. */
	KUNIT_ASSERT_EQ(test, run_init(a), 0);
	KUNIT_ASSERT_EQ(test, run_init(b), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&a->init, &b->init, sizeof(a->init)), 0);
	oxt_noise_split(&a->hi, true, &ka);
	oxt_noise_split(&b->hi, true, &kb);
	KUNIT_EXPECT_EQ(test, memcmp(&ka, &kb, sizeof(ka)), 0);
}

static void noise_tampered_init(struct kunit *test)
{
	struct noise_pair *p = noise_setup(test);
	size_t i;
	u8 *m = (u8 *)&p->init;

	KUNIT_ASSERT_EQ(test, run_init(p), 0);
	/* Any bit of the encrypted static key: refused. */
	for (i = offsetof(struct oxt_msg_init, enc_static);
	     i < offsetof(struct oxt_msg_init, enc_timestamp); i += 5) {
		m[i] ^= 0x80;
		KUNIT_EXPECT_EQ(test, oxt_noise_init_consume(&p->hr, &p->rsp,
							     &p->init),
				-EBADMSG);
		m[i] ^= 0x80;
	}
	/* The ephemeral key: the static key no longer decrypts. */
	p->init.ephemeral[3] ^= 1;
	KUNIT_EXPECT_NE(test, oxt_noise_init_consume(&p->hr, &p->rsp,
						     &p->init), 0);
	p->init.ephemeral[3] ^= 1;
	/* The timestamp: the first half passes, the second refuses. */
	p->init.enc_timestamp[0] ^= 1;
	KUNIT_ASSERT_EQ(test, oxt_noise_init_consume(&p->hr, &p->rsp,
						     &p->init), 0);
	KUNIT_EXPECT_EQ(test, oxt_noise_init_finish(&p->hr,
						    &p->rsp_view_of_ini,
						    &p->init), -EBADMSG);
	p->init.enc_timestamp[0] ^= 1;
	KUNIT_ASSERT_EQ(test, oxt_noise_init_consume(&p->hr, &p->rsp,
						     &p->init), 0);
	KUNIT_EXPECT_EQ(test, oxt_noise_init_finish(&p->hr,
						    &p->rsp_view_of_ini,
						    &p->init), 0);
}

static void noise_wrong_responder(struct kunit *test)
{
	struct noise_pair *p = noise_setup(test);
	struct oxt_identity other;
	u8 k[OXT_KEY_LEN];

	/* INIT made for another responder's key does not open here. */
	fill(k, 9);
	KUNIT_ASSERT_EQ(test, oxt_identity_set(&other, k), 0);
	KUNIT_ASSERT_EQ(test, oxt_remote_init(&p->ini_view_of_rsp, &p->ini,
					      other.pub), 0);
	KUNIT_ASSERT_EQ(test, run_init(p), 0);
	KUNIT_EXPECT_EQ(test, oxt_noise_init_consume(&p->hr, &p->rsp,
						     &p->init), -EBADMSG);
}

static void noise_tampered_response(struct kunit *test)
{
	struct noise_pair *p = noise_setup(test);
	struct oxt_handshake saved;

	KUNIT_ASSERT_EQ(test, run_init(p), 0);
	KUNIT_ASSERT_EQ(test, oxt_noise_init_consume(&p->hr, &p->rsp,
						     &p->init), 0);
	KUNIT_ASSERT_EQ(test, oxt_noise_init_finish(&p->hr,
						    &p->rsp_view_of_ini,
						    &p->init), 0);
	KUNIT_ASSERT_EQ(test, run_response(p), 0);
	saved = p->hi;
	p->resp.enc_empty[5] ^= 4;
	KUNIT_EXPECT_EQ(test, oxt_noise_response_consume(&p->hi, &p->ini,
							 &p->ini_view_of_rsp,
							 &p->resp), -EBADMSG);
	/* A failed response leaves the initiator's state as it was... */
	KUNIT_EXPECT_EQ(test, memcmp(&saved, &p->hi, sizeof(saved)), 0);
	p->resp.enc_empty[5] ^= 4;
	p->resp.ephemeral[0] ^= 4;
	KUNIT_EXPECT_NE(test, oxt_noise_response_consume(&p->hi, &p->ini,
							 &p->ini_view_of_rsp,
							 &p->resp), 0);
	p->resp.ephemeral[0] ^= 4;
	/* ...so the genuine one still completes it. */
	KUNIT_EXPECT_EQ(test, oxt_noise_response_consume(&p->hi, &p->ini,
							 &p->ini_view_of_rsp,
							 &p->resp), 0);
}

static void noise_low_order(struct kunit *test)
{
	struct noise_pair *p = noise_setup(test);
	struct oxt_identity zero;
	u8 k[OXT_KEY_LEN] = {};

	KUNIT_ASSERT_EQ(test, run_init(p), 0);
	/* The all-zero point as ephemeral key: DH gives zero, refused. */
	memset(p->init.ephemeral, 0, OXT_KEY_LEN);
	KUNIT_EXPECT_EQ(test, oxt_noise_init_consume(&p->hr, &p->rsp,
						     &p->init), -EKEYREJECTED);
	/* A peer whose public key is the zero point. */
	KUNIT_EXPECT_EQ(test, oxt_remote_init(&p->rsp_view_of_ini, &p->rsp,
					      k), -EKEYREJECTED);
	/* A private key of zeros still clamps to a valid scalar. */
	KUNIT_EXPECT_EQ(test, oxt_identity_set(&zero, k), 0);
}

static void noise_cookie(struct kunit *test)
{
	struct noise_pair *p = noise_setup(test);
	struct oxt_msg_cookie msg = {};
	u8 cookie[OXT_COOKIE_LEN], got[OXT_COOKIE_LEN], mac1[OXT_MAC_LEN];
	u8 mac_a[OXT_MAC_LEN], mac_b[OXT_MAC_LEN];

	memset(cookie, 0xc0, sizeof(cookie));
	memset(msg.nonce, 0x5a, sizeof(msg.nonce));
	oxt_mac(mac1, p->rsp.mac1_key, "message", 7);
	oxt_cookie_seal(&msg, p->rsp.cookie_key, cookie, mac1);
	KUNIT_ASSERT_EQ(test, oxt_cookie_open(&msg,
					      p->ini_view_of_rsp.cookie_key,
					      mac1, got), 0);
	KUNIT_EXPECT_EQ(test, memcmp(got, cookie, sizeof(got)), 0);
	/* Bound to the mac1 it answers. */
	mac1[0] ^= 1;
	KUNIT_EXPECT_EQ(test, oxt_cookie_open(&msg,
					      p->ini_view_of_rsp.cookie_key,
					      mac1, got), -EBADMSG);
	/* mac1 keys agree from both sides; the MAC depends on the key. */
	oxt_mac(mac_a, p->rsp.mac1_key, "abc", 3);
	oxt_mac(mac_b, p->ini_view_of_rsp.mac1_key, "abc", 3);
	KUNIT_EXPECT_EQ(test, memcmp(mac_a, mac_b, OXT_MAC_LEN), 0);
	oxt_mac(mac_b, p->ini.mac1_key, "abc", 3);
	KUNIT_EXPECT_NE(test, memcmp(mac_a, mac_b, OXT_MAC_LEN), 0);
}

static struct kunit_case oxt_noise_cases[] = {
	KUNIT_CASE(noise_handshake),
	KUNIT_CASE(noise_deterministic),
	KUNIT_CASE(noise_tampered_init),
	KUNIT_CASE(noise_wrong_responder),
	KUNIT_CASE(noise_tampered_response),
	KUNIT_CASE(noise_low_order),
	KUNIT_CASE(noise_cookie),
	{}
};

static struct kunit_suite oxt_noise_suite = {
	.name = "oxtunnel_noise",
	.test_cases = oxt_noise_cases,
};

kunit_test_suites(&oxt_noise_suite);
