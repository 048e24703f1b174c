// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of QUIC packet protection against the test vectors of
 * RFC 9001, appendix A (QUIC v1) and RFC 9369, appendix A (QUIC v2):
 * Initial secrets and keys, the client and server Initial packets, the
 * ChaCha20-Poly1305 short header packet, key update and the Retry
 * integrity tag; then round trips and refusals.
 */
#include <kunit/test.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "crypto.h"
#include "kunit_util.h"

#define RFC_DCID "8394c8f03e515708"

/* RFC 9001 A.2 / RFC 9369 A.2: the client's CRYPTO frame (ClientHello) */
static const char * const rfc_client_crypto[] = {
	"060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868",
	"04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578",
	"616d706c652e636f6dff01000100000a00080006001d00170018001000070005",
	"04616c706e000500050100000000003300260024001d00209370b2c9caa47fba",
	"baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400",
	"0d0010000e0403050306030203080408050806002d00020101001c0002400100",
	"3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000",
	"75300901100f088394c8f03e51570806048000ffff",
	NULL
};

/* RFC 9001 A.3 / RFC 9369 A.3: the server's ACK + CRYPTO (ServerHello) */
static const char * const rfc_server_payload[] = {
	"02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739",
	"88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94",
	"0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00",
	"020304",
	NULL
};

struct initial_vec {
	u32 version;
	const char * const *client_secret, * const *client_key;
	const char * const *client_iv, * const *client_hp;
	const char * const *server_secret, * const *server_key;
	const char * const *server_iv, * const *server_hp;
	/* client Initial: unprotected header, protected header + sample, tag */
	const char * const *client_hdr, * const *client_head;
	const char * const *client_tail;
	/* server Initial: unprotected header and the whole protected packet */
	const char * const *server_hdr, * const *server_pkt;
};

static const struct initial_vec initial_vecs[] = {
	{
		.version = TQUIC_VERSION_1,
		.client_secret = TQUIC_HEXV("c00cf151ca5be075ed0ebfb5c80323c4",
					    "2d6b7db67881289af4008f1f6c357aea"),
		.client_key = TQUIC_HEXV("1f369613dd76d5467730efcbe3b1a22d"),
		.client_iv = TQUIC_HEXV("fa044b2f42a3fd3b46fb255c"),
		.client_hp = TQUIC_HEXV("9f50449e04a0e810283a1e9933adedd2"),
		.server_secret = TQUIC_HEXV("3c199828fd139efd216c155ad844cc81",
					    "fb82fa8d7446fa7d78be803acdda951b"),
		.server_key = TQUIC_HEXV("cf3a5331653c364c88f0f379b6067e37"),
		.server_iv = TQUIC_HEXV("0ac1493ca1905853b0bba03e"),
		.server_hp = TQUIC_HEXV("c206b8d9b9f0f37644430b490eeaa314"),
		.client_hdr = TQUIC_HEXV("c300000001088394c8f03e5157080000",
					 "449e00000002"),
		.client_head = TQUIC_HEXV("c000000001088394c8f03e5157080000",
					  "449e7b9aec34d1b1c98dd7689fb8ec11",
					  "d242b123dc9b"),
		.client_tail = TQUIC_HEXV("e221af44860018ab0856972e194cd934"),
		.server_hdr = TQUIC_HEXV("c1000000010008f067a5502a4262b500",
					 "40750001"),
		.server_pkt = TQUIC_HEXV("cf000000010008f067a5502a4262b500",
					 "4075c0d95a482cd0991cd25b0aac406a",
					 "5816b6394100f37a1c69797554780bb3",
					 "8cc5a99f5ede4cf73c3ec2493a1839b3",
					 "dbcba3f6ea46c5b7684df3548e7ddeb9",
					 "c3bf9c73cc3f3bded74b562bfb19fb84",
					 "022f8ef4cdd93795d77d06edbb7aaf2f",
					 "58891850abbdca3d20398c276456cbc4",
					 "2158407dd074ee"),
	},
	{
		.version = TQUIC_VERSION_2,
		.client_secret = TQUIC_HEXV("14ec9d6eb9fd7af83bf5a668bc17a7e2",
					    "83766aade7ecd0891f70f9ff7f4bf47b"),
		.client_key = TQUIC_HEXV("8b1a0bc121284290a29e0971b5cd045d"),
		.client_iv = TQUIC_HEXV("91f73e2351d8fa91660e909f"),
		.server_secret = TQUIC_HEXV("0263db1782731bf4588e7e4d93b74639",
					    "07cb8cd8200b5da55a8bd488eafc37c1"),
		.server_key = TQUIC_HEXV("82db637861d55e1d011f19ea71d5d2a7"),
		.server_iv = TQUIC_HEXV("dd13c276499c0249d3310652"),
		.client_hdr = TQUIC_HEXV("d36b3343cf088394c8f03e5157080000",
					 "449e00000002"),
		.client_head = TQUIC_HEXV("d76b3343cf088394c8f03e5157080000",
					  "449ea0c95e82ffe67b6abcdb4298b485",
					  "dd04de806071"),
		.client_tail = TQUIC_HEXV("a18b2faa745b6fe189cf772a9f84cbfc"),
		.server_hdr = TQUIC_HEXV("d16b3343cf0008f067a5502a4262b500",
					 "40750001"),
		.server_pkt = TQUIC_HEXV("dc6b3343cf0008f067a5502a4262b500",
					 "4075d92faaf16f05d8a4398c47089698",
					 "baeea26b91eb761d9b89237bbf872630",
					 "17915358230035f7fd3945d88965cf17",
					 "f9af6e16886c61bfc703106fbaf3cb4c",
					 "fa52382dd16a393e42757507698075b2",
					 "c984c707f0a0812d8cd5a6881eaf21ce",
					 "da98f4bd23f6fe1a3e2c43edd9ce7ca8",
					 "4bed8521e2e140"),
	},
};

static const struct tquic_suite *aes128(void)
{
	return tquic_suite_find(TQUIC_TLS_AES_128_GCM_SHA256);
}

static void expect_label(struct kunit *test, const u8 *secret, u32 version,
			 const char *what,
			 const char * const *want_hex)
{
	static const char * const v1[] = { "quic key", "quic iv", "quic hp" };
	static const char * const v2[] = { "quicv2 key", "quicv2 iv",
					   "quicv2 hp" };
	const char * const *labels = version == TQUIC_VERSION_1 ? v1 : v2;
	u8 out[TQUIC_KEY_MAX];
	size_t n;
	u8 *want;
	int i = what[0] == 'k' ? 0 : what[0] == 'i' ? 1 : 2;

	if (!want_hex)
		return;
	want = tquic_kunit_hexv(test, want_hex, 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_hkdf_expand_label(aes128(), secret,
						      labels[i], out, n), 0);
	TQUIC_EXPECT_MEMEQ(test, out, want, n);
}

/* RFC 9001 A.1, RFC 9369 A.1 */
static void crypto_initial_keys(struct kunit *test)
{
	u8 client[TQUIC_INITIAL_SECRET_LEN], server[TQUIC_INITIAL_SECRET_LEN];
	const struct initial_vec *v;
	unsigned int i;
	u8 *dcid;

	dcid = tquic_kunit_hex(test, RFC_DCID, 0, NULL);
	for (i = 0; i < ARRAY_SIZE(initial_vecs); i++) {
		v = &initial_vecs[i];
		KUNIT_ASSERT_EQ(test, tquic_initial_secrets(v->version, dcid, 8,
							    client, server), 0);
		TQUIC_EXPECT_MEMEQ(test, client,
				   tquic_kunit_hexv(test, v->client_secret, 0, NULL), 32);
		TQUIC_EXPECT_MEMEQ(test, server,
				   tquic_kunit_hexv(test, v->server_secret, 0, NULL), 32);
		expect_label(test, client, v->version, "key", v->client_key);
		expect_label(test, client, v->version, "iv", v->client_iv);
		expect_label(test, client, v->version, "hp", v->client_hp);
		expect_label(test, server, v->version, "key", v->server_key);
		expect_label(test, server, v->version, "iv", v->server_iv);
		expect_label(test, server, v->version, "hp", v->server_hp);
	}
	KUNIT_EXPECT_EQ(test, tquic_initial_secrets(0xff00001d, dcid, 8,
						    client, server),
			-EPROTONOSUPPORT);
}

static void install_initial(struct kunit *test, u32 version, bool server,
			    struct tquic_pp_key *k, struct tquic_hp_key *hp)
{
	u8 c[TQUIC_INITIAL_SECRET_LEN], s[TQUIC_INITIAL_SECRET_LEN];
	u8 *dcid = tquic_kunit_hex(test, RFC_DCID, 0, NULL);

	KUNIT_ASSERT_EQ(test, tquic_initial_secrets(version, dcid, 8, c, s), 0);
	KUNIT_ASSERT_EQ(test, tquic_key_install(k, hp, aes128(), version,
						server ? s : c), 0);
}

/* RFC 9001 A.2, RFC 9369 A.2: the client Initial, 1200 bytes */
static void crypto_client_initial(struct kunit *test)
{
	const struct initial_vec *v;
	struct tquic_pp_key k;
	struct tquic_hp_key hp = {};
	size_t hlen, clen;
	unsigned int i;
	u8 *pkt, *crypto;

	for (i = 0; i < ARRAY_SIZE(initial_vecs); i++) {
		v = &initial_vecs[i];
		install_initial(test, v->version, false, &k, &hp);
		pkt = tquic_kunit_hexv(test, v->client_hdr, 1200, &hlen);
		KUNIT_ASSERT_EQ(test, hlen, 22);
		crypto = tquic_kunit_hexv(test, rfc_client_crypto, 0, &clen);
		memcpy(pkt + hlen, crypto, clen);	/* PADDING follows */
		KUNIT_ASSERT_EQ(test, tquic_seal(&k, 2, pkt, hlen, 1162), 0);
		KUNIT_ASSERT_EQ(test, tquic_hp_protect(&hp, pkt, 1200, 18), 4);
		TQUIC_EXPECT_MEMEQ(test, pkt,
				   tquic_kunit_hexv(test, v->client_head, 0, NULL), 38);
		TQUIC_EXPECT_MEMEQ(test, pkt + 1200 - 16,
				   tquic_kunit_hexv(test, v->client_tail, 0, NULL), 16);
		tquic_key_free(&k);
		tquic_hp_free(&hp);
	}
}

/* RFC 9001 A.3, RFC 9369 A.3: the server Initial, then opened again */
static void crypto_server_initial(struct kunit *test)
{
	size_t hlen, plen, want_len;
	const struct initial_vec *v;
	struct tquic_pp_key k;
	struct tquic_hp_key hp = {};
	u8 *pkt, *payload, *want;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(initial_vecs); i++) {
		v = &initial_vecs[i];
		install_initial(test, v->version, true, &k, &hp);
		pkt = tquic_kunit_hexv(test, v->server_hdr, 200, &hlen);
		payload = tquic_kunit_hexv(test, rfc_server_payload, 0, &plen);
		want = tquic_kunit_hexv(test, v->server_pkt, 0, &want_len);
		KUNIT_ASSERT_EQ(test, hlen + plen + TQUIC_TAG_LEN, want_len);
		memcpy(pkt + hlen, payload, plen);
		KUNIT_ASSERT_EQ(test, tquic_seal(&k, 1, pkt, hlen, plen), 0);
		KUNIT_ASSERT_EQ(test, tquic_hp_protect(&hp, pkt, want_len, 18),
				2);
		TQUIC_EXPECT_MEMEQ(test, pkt, want, want_len);

		/* The client's view: unprotect, then open. */
		KUNIT_ASSERT_EQ(test, tquic_hp_unprotect(&hp, pkt, want_len,
							 18), 2);
		TQUIC_EXPECT_MEMEQ(test, pkt,
				   tquic_kunit_hexv(test, v->server_hdr, 0, NULL), hlen);
		KUNIT_ASSERT_EQ(test, tquic_open(&k, 1, pkt, hlen, want_len),
				(int)plen);
		TQUIC_EXPECT_MEMEQ(test, pkt + hlen, payload, plen);

		/* One flipped bit anywhere fails authentication. */
		memcpy(pkt, want, want_len);
		tquic_hp_unprotect(&hp, pkt, want_len, 18);
		pkt[hlen + 40] ^= 0x01;
		KUNIT_EXPECT_EQ(test, tquic_open(&k, 1, pkt, hlen, want_len),
				-EBADMSG);
		memcpy(pkt, want, want_len);
		tquic_hp_unprotect(&hp, pkt, want_len, 18);
		KUNIT_EXPECT_EQ(test, tquic_open(&k, 2, pkt, hlen, want_len),
				-EBADMSG);	/* wrong packet number */
		tquic_key_free(&k);
		tquic_hp_free(&hp);
	}
}

/* RFC 9001 A.5, RFC 9369 A.5: ChaCha20-Poly1305 short header packet */
static void crypto_chacha_short(struct kunit *test)
{
	const struct {
		u32 version;
		const char * const *pkt;
	} vec[] = {
		{ TQUIC_VERSION_1, TQUIC_HEXV("4cfe4189655e5cd55c41f69080575d79",
					      "99c25a5bfb") },
		{ TQUIC_VERSION_2, TQUIC_HEXV("5558b1c60ae7b6b932bc27d786f4bc2b",
					      "b20f2162ba") },
	};
	const struct tquic_suite *s =
		tquic_suite_find(TQUIC_TLS_CHACHA20_POLY1305_SHA256);
	const u64 pn = 654360564;
	struct tquic_pp_key k;
	struct tquic_hp_key hp = {};
	unsigned int i;
	u8 *secret, *pkt;

	secret = tquic_kunit_hexv(test, TQUIC_HEXV("9ac312a7f877468ebe69422748ad00a1",
						   "5443f18203a07d6060f688f30f21632b"), 0, NULL);
	for (i = 0; i < ARRAY_SIZE(vec); i++) {
		KUNIT_ASSERT_EQ(test, tquic_key_install(&k, &hp, s,
							vec[i].version,
							secret), 0);
		pkt = tquic_kunit_hex(test, "4200bff401", 21, NULL);
		KUNIT_ASSERT_EQ(test, tquic_seal(&k, pn, pkt, 4, 1), 0);
		KUNIT_ASSERT_EQ(test, tquic_hp_protect(&hp, pkt, 21, 1), 3);
		TQUIC_EXPECT_MEMEQ(test, pkt,
				   tquic_kunit_hexv(test, vec[i].pkt, 0, NULL),
				   21);
		KUNIT_ASSERT_EQ(test, tquic_hp_unprotect(&hp, pkt, 21, 1), 3);
		KUNIT_EXPECT_EQ(test, tquic_open(&k, pn, pkt, 4, 21), 1);
		KUNIT_EXPECT_EQ(test, pkt[4], 0x01);
		tquic_key_free(&k);
		tquic_hp_free(&hp);
	}
}

/* RFC 9001 A.5: the next generation's secret; old and new keys differ */
static void crypto_key_update(struct kunit *test)
{
	const struct tquic_suite *s =
		tquic_suite_find(TQUIC_TLS_CHACHA20_POLY1305_SHA256);
	struct tquic_pp_key cur, next, peer_next;
	struct tquic_hp_key hp = {};
	u8 *secret, *pkt;

	secret = tquic_kunit_hexv(test, TQUIC_HEXV("9ac312a7f877468ebe69422748ad00a1",
						   "5443f18203a07d6060f688f30f21632b"), 0, NULL);
	KUNIT_ASSERT_EQ(test, tquic_key_install(&cur, &hp, s, TQUIC_VERSION_1,
						secret), 0);
	KUNIT_ASSERT_EQ(test, tquic_key_update(&next, &cur, TQUIC_VERSION_1),
			0);
	TQUIC_EXPECT_MEMEQ(test, next.secret,
			   tquic_kunit_hexv(test, TQUIC_HEXV("1223504755036d556342ee93",
							     "61d253421a826c9ecdf3c714",
							     "8684b36b714881f9"),
					   0, NULL), 32);
	KUNIT_ASSERT_EQ(test, tquic_key_update(&peer_next, &cur,
					       TQUIC_VERSION_1), 0);

	pkt = tquic_kunit_hex(test, "4600bff4deadbeef", 40, NULL);
	KUNIT_ASSERT_EQ(test, tquic_seal(&next, 7, pkt, 4, 4), 0);
	KUNIT_EXPECT_EQ(test, tquic_open(&cur, 7, pkt, 4, 24), -EBADMSG);
	pkt = tquic_kunit_hex(test, "4600bff4deadbeef", 40, NULL);
	KUNIT_ASSERT_EQ(test, tquic_seal(&next, 7, pkt, 4, 4), 0);
	KUNIT_EXPECT_EQ(test, tquic_open(&peer_next, 7, pkt, 4, 24), 4);
	TQUIC_EXPECT_MEMEQ(test, pkt + 4, "\xde\xad\xbe\xef", 4);
	tquic_key_free(&cur);
	tquic_hp_free(&hp);
	tquic_key_free(&next);
	tquic_key_free(&peer_next);
	KUNIT_EXPECT_EQ(test, tquic_key_update(&next, &cur, TQUIC_VERSION_1),
			-EPROTONOSUPPORT);	/* freed: no suite */
}

/* RFC 9001 A.4, RFC 9369 A.4 */
static void crypto_retry_tag(struct kunit *test)
{
	const struct {
		u32 version;
		const char * const *pkt;
	} vec[] = {
		{ TQUIC_VERSION_1, TQUIC_HEXV("ff000000010008f067a5502a4262b574",
					      "6f6b656e04a265ba2eff4d829058fb3f",
					      "0f2496ba") },
		{ TQUIC_VERSION_2, TQUIC_HEXV("cf6b3343cf0008f067a5502a4262b574",
					      "6f6b656ec8646ce8bfe33952d9555436",
					      "65dcc7b6") },
	};
	u8 tag[TQUIC_TAG_LEN], *pkt, *odcid;
	unsigned int i;
	size_t n;

	odcid = tquic_kunit_hex(test, RFC_DCID, 0, NULL);
	for (i = 0; i < ARRAY_SIZE(vec); i++) {
		pkt = tquic_kunit_hexv(test, vec[i].pkt, 0, &n);
		KUNIT_ASSERT_EQ(test, tquic_retry_tag(vec[i].version, odcid, 8,
						      pkt, n - 16, tag), 0);
		TQUIC_EXPECT_MEMEQ(test, tag, pkt + n - 16, 16);
		/* Another original DCID gives another tag. */
		odcid[0] ^= 1;
		KUNIT_ASSERT_EQ(test, tquic_retry_tag(vec[i].version, odcid, 8,
						      pkt, n - 16, tag), 0);
		KUNIT_EXPECT_NE(test, memcmp(tag, pkt + n - 16, 16), 0);
		odcid[0] ^= 1;
	}
	KUNIT_EXPECT_EQ(test, tquic_retry_tag(TQUIC_VERSION_1, odcid, 21, pkt,
					      4, tag), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_retry_tag(0x0a0a0a0a, odcid, 8, pkt, 4,
					      tag), -EPROTONOSUPPORT);
}

/* Every suite seals and opens; AES-256 runs HKDF on SHA-384. */
static void crypto_suites_roundtrip(struct kunit *test)
{
	static const u16 ids[] = { TQUIC_TLS_AES_128_GCM_SHA256,
				   TQUIC_TLS_AES_256_GCM_SHA384,
				   TQUIC_TLS_CHACHA20_POLY1305_SHA256 };
	struct tquic_pp_key k, k2;
	struct tquic_hp_key hp = {};
	u8 secret[TQUIC_SECRET_MAX];
	unsigned int i, j;
	u8 *pkt, *orig;

	for (j = 0; j < sizeof(secret); j++)
		secret[j] = j * 7 + 1;
	orig = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	for (j = 0; j < 64; j++)
		orig[j] = j;
	orig[0] = 0x41;	/* short header, 2-byte packet number */
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		const struct tquic_suite *s = tquic_suite_find(ids[i]);

		KUNIT_ASSERT_NOT_NULL(test, s);
		KUNIT_ASSERT_EQ(test, tquic_key_install(&k, &hp, s,
							TQUIC_VERSION_1,
							secret), 0);
		pkt = kunit_kzalloc(test, 64 + TQUIC_TAG_LEN, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pkt);
		memcpy(pkt, orig, 64);
		KUNIT_ASSERT_EQ(test, tquic_seal(&k, 0x1234, pkt, 7, 57), 0);
		KUNIT_ASSERT_EQ(test, tquic_hp_protect(&hp, pkt, 80, 5), 2);
		KUNIT_EXPECT_NE(test, memcmp(pkt + 7, orig + 7, 57), 0);
		KUNIT_ASSERT_EQ(test, tquic_hp_unprotect(&hp, pkt, 80, 5), 2);
		KUNIT_EXPECT_EQ(test, tquic_open(&k, 0x1234, pkt, 7, 80), 57);
		TQUIC_EXPECT_MEMEQ(test, pkt, orig, 64);

		/* The same secret under v2 labels makes other keys. */
		KUNIT_ASSERT_EQ(test, tquic_key_install(&k2, NULL, s,
							TQUIC_VERSION_2,
							secret), 0);
		KUNIT_EXPECT_NE(test, memcmp(k.iv, k2.iv, TQUIC_IV_LEN), 0);
		tquic_key_free(&k);
		tquic_hp_free(&hp);
		tquic_key_free(&k2);
	}
}

/* Out of place (crypto.c tquic_seal_sg(), tquic_open_sg()), as output.c
 * seals a packet whose data stays in a vmalloc()ed send buffer and
 * rxzc.c opens one into a reader's pages: a packet sealed from three
 * places (the frames before, the data across a page boundary, the bytes
 * after) is the one sealed in place; its first 64 bytes read ahead
 * (tquic_peek()) are its plaintext's; opened into a scratch and pages
 * it gives the plaintext back and leaves the packet as it was; one bit
 * changed, it fails with -EBADMSG.  Every suite.
 */
#define OOP_HDR		7
#define OOP_PAYLOAD	1300
#define OOP_LEN		(OOP_HDR + OOP_PAYLOAD + TQUIC_TAG_LEN)
#define OOP_GAP		20	/* the data: from here */
#define OOP_DATA	1200	/* bytes, the rest after it */

static void crypto_out_of_place(struct kunit *test)
{
	static const u16 ids[] = { TQUIC_TLS_AES_128_GCM_SHA256,
				   TQUIC_TLS_AES_256_GCM_SHA384,
				   TQUIC_TLS_CHACHA20_POLY1305_SHA256 };
	u8 *ref, *pkt, *data, *copy, *scratch, *out;
	struct scatterlist src[4], dst[3], one;
	u8 secret[TQUIC_SECRET_MAX];
	size_t at = PAGE_SIZE - 100, first;
	struct tquic_pp_key k;
	unsigned int i, j;

	for (j = 0; j < sizeof(secret); j++)
		secret[j] = j * 5 + 3;
	ref = kunit_kzalloc(test, OOP_LEN, GFP_KERNEL);
	pkt = kunit_kzalloc(test, OOP_LEN, GFP_KERNEL);
	copy = kunit_kzalloc(test, OOP_LEN, GFP_KERNEL);
	scratch = kunit_kzalloc(test, OOP_HDR + OOP_GAP, GFP_KERNEL);
	out = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	data = vmalloc(2 * PAGE_SIZE);
	KUNIT_ASSERT_TRUE(test, ref && pkt && copy && scratch && out && data);
	for (j = 0; j < OOP_HDR + OOP_PAYLOAD; j++)
		ref[j] = j * 13 + 1;
	ref[0] = 0x41;
	memcpy(data + at, ref + OOP_HDR + OOP_GAP, OOP_DATA);
	first = PAGE_SIZE - at;
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		KUNIT_ASSERT_EQ(test, tquic_key_install(&k, NULL,
							tquic_suite_find(ids[i]),
							TQUIC_VERSION_1,
							secret), 0);
		memcpy(pkt, ref, OOP_HDR + OOP_PAYLOAD);
		memset(pkt + OOP_HDR + OOP_GAP, 0xee, OOP_DATA);
		sg_init_table(src, 4);
		sg_set_buf(&src[0], pkt, OOP_HDR + OOP_GAP);
		sg_set_page(&src[1], vmalloc_to_page(data + at), first,
			    offset_in_page(data + at));
		sg_set_page(&src[2], vmalloc_to_page(data + PAGE_SIZE),
			    OOP_DATA - first, 0);
		sg_set_buf(&src[3], pkt + OOP_HDR + OOP_GAP + OOP_DATA,
			   OOP_PAYLOAD - OOP_GAP - OOP_DATA);
		sg_init_one(&one, pkt, OOP_LEN);
		KUNIT_ASSERT_EQ(test, tquic_seal_sg(&k, 3, 77, src, &one,
						    OOP_HDR, OOP_PAYLOAD), 0);
		memcpy(copy, ref, OOP_HDR + OOP_PAYLOAD);
		KUNIT_ASSERT_EQ(test, tquic_seal_path(&k, 3, 77, copy, OOP_HDR,
						      OOP_PAYLOAD), 0);
		TQUIC_EXPECT_MEMEQ(test, pkt, copy, OOP_LEN);

		/* read ahead before it is opened: its first bytes */
		KUNIT_EXPECT_EQ(test, tquic_peek(&k, 3, 77, pkt + OOP_HDR, 64,
						 out), 0);
		TQUIC_EXPECT_MEMEQ(test, out, ref + OOP_HDR, 64);
		KUNIT_EXPECT_EQ(test, tquic_peek(&k, 3, 77, pkt + OOP_HDR, 5,
						 out), 0);
		TQUIC_EXPECT_MEMEQ(test, out, ref + OOP_HDR, 5);
		KUNIT_EXPECT_EQ(test, tquic_peek(&k, 3, 77, pkt + OOP_HDR, 65,
						 out), -ENOKEY);

		/* opened into a scratch and a page */
		memcpy(copy, pkt, OOP_LEN);
		sg_init_one(&one, pkt, OOP_LEN);
		sg_init_table(dst, 2);
		sg_set_buf(&dst[0], scratch, OOP_HDR + OOP_GAP);
		sg_set_buf(&dst[1], out, OOP_PAYLOAD - OOP_GAP);
		KUNIT_EXPECT_EQ(test, tquic_open_sg(&k, 3, 77, &one, dst,
						    OOP_HDR, OOP_LEN),
				OOP_PAYLOAD);
		TQUIC_EXPECT_MEMEQ(test, scratch + OOP_HDR, ref + OOP_HDR,
				   OOP_GAP);
		TQUIC_EXPECT_MEMEQ(test, out, ref + OOP_HDR + OOP_GAP,
				   OOP_PAYLOAD - OOP_GAP);
		TQUIC_EXPECT_MEMEQ(test, pkt, copy, OOP_LEN);
		/* another packet number, or a bit changed: refused */
		KUNIT_EXPECT_EQ(test, tquic_open_sg(&k, 3, 78, &one, dst,
						    OOP_HDR, OOP_LEN),
				-EBADMSG);
		pkt[OOP_HDR + 500] ^= 1;
		KUNIT_EXPECT_EQ(test, tquic_open_sg(&k, 3, 77, &one, dst,
						    OOP_HDR, OOP_LEN),
				-EBADMSG);
		KUNIT_EXPECT_EQ(test, tquic_open_sg(&k, 3, 77, &one, dst,
						    OOP_HDR, OOP_HDR + 15),
				-EINVAL);
		tquic_key_free(&k);
	}
	vfree(data);
}

static void crypto_refused(struct kunit *test)
{
	struct tquic_pp_key k = {}, none = {};
	struct tquic_hp_key hp = {};
	u8 secret[32] = { 1 };
	u8 *pkt;

	KUNIT_EXPECT_NULL(test, tquic_suite_find(0x1304));	/* CCM */
	KUNIT_EXPECT_NULL(test, tquic_suite_find(0));
	KUNIT_EXPECT_TRUE(test, tquic_version_supported(TQUIC_VERSION_1));
	KUNIT_EXPECT_TRUE(test, tquic_version_supported(TQUIC_VERSION_2));
	KUNIT_EXPECT_FALSE(test, tquic_version_supported(0xff00001d));
	KUNIT_EXPECT_EQ(test, tquic_key_install(&k, &hp, aes128(), 0x709a50c4,
						secret), -EPROTONOSUPPORT);
	KUNIT_EXPECT_NULL(test, k.aead);
	KUNIT_EXPECT_EQ(test, tquic_hkdf_expand_label(aes128(), secret, "x",
						      secret, 0), -EINVAL);

	pkt = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pkt);
	KUNIT_EXPECT_EQ(test, tquic_seal(&none, 0, pkt, 4, 4), -ENOKEY);
	KUNIT_ASSERT_EQ(test, tquic_key_install(&k, &hp, aes128(),
						TQUIC_VERSION_1, secret), 0);
	/* No room for a tag; too short to sample. */
	KUNIT_EXPECT_EQ(test, tquic_open(&k, 0, pkt, 4, 19), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_hp_unprotect(&hp, pkt, 20, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_hp_protect(&hp, pkt, 24, 5), -EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_hp_protect(&hp, pkt, 25, 5), 1);
	tquic_key_free(&k);
	tquic_hp_free(&hp);
}

/* The nonce is the IV with the packet number XORed into its low bytes. */
static void crypto_nonce(struct kunit *test)
{
	struct tquic_pp_key k = {};
	u8 nonce[TQUIC_IV_LEN];

	memcpy(k.iv, tquic_kunit_hex(test, "e0459b3474bdd0e44a41c144", 0,
				     NULL), TQUIC_IV_LEN);
	tquic_nonce(&k, 654360564, nonce);
	TQUIC_EXPECT_MEMEQ(test, nonce,
			   tquic_kunit_hex(test, "e0459b3474bdd0e46d417eb0", 0,
					   NULL), TQUIC_IV_LEN);
}

static struct kunit_case tquic_crypto_cases[] = {
	KUNIT_CASE(crypto_initial_keys),
	KUNIT_CASE(crypto_client_initial),
	KUNIT_CASE(crypto_server_initial),
	KUNIT_CASE(crypto_chacha_short),
	KUNIT_CASE(crypto_key_update),
	KUNIT_CASE(crypto_retry_tag),
	KUNIT_CASE(crypto_suites_roundtrip),
	KUNIT_CASE(crypto_out_of_place),
	KUNIT_CASE(crypto_refused),
	KUNIT_CASE(crypto_nonce),
	{}
};

static struct kunit_suite tquic_crypto_suite = {
	.name = "tquic_crypto",
	.test_cases = tquic_crypto_cases,
};

kunit_test_suite(tquic_crypto_suite);
