// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the transport parameter codec: the client's parameters
 * from RFC 9001's ClientHello, a full server round trip, version_information
 * (RFC 9368) both ways, and every malformed or out-of-range parameter the
 * decoder must refuse.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "kunit_util.h"
#include "tparam.h"
#include "tquic.h"

/* RFC 9001 A.2: the quic_transport_parameters of the ClientHello */
static void tparam_rfc_client(struct kunit *test)
{
	struct tquic_tparams tp;
	size_t n;
	u8 *p;

	p = tquic_kunit_hexv(test, TQUIC_HEXV("0408ffffffffffffffff05048000ffff",
					      "07048000ffff08011001048000753009",
					      "01100f088394c8f03e51570806048000",
					      "ffff"), 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_tparams_decode(p, n, false, &tp), 0);
	KUNIT_EXPECT_EQ(test, tp.initial_max_data, TQUIC_VARINT_MAX);
	KUNIT_EXPECT_EQ(test, tp.initial_max_stream_data_bidi_local, 0xffffULL);
	KUNIT_EXPECT_EQ(test, tp.initial_max_stream_data_bidi_remote,
			0xffffULL);
	KUNIT_EXPECT_EQ(test, tp.initial_max_stream_data_uni, 0xffffULL);
	KUNIT_EXPECT_EQ(test, tp.initial_max_streams_bidi, 16ULL);
	KUNIT_EXPECT_EQ(test, tp.initial_max_streams_uni, 16ULL);
	KUNIT_EXPECT_EQ(test, tp.max_idle_timeout, 30000ULL);
	KUNIT_EXPECT_TRUE(test, tp.has_initial_scid);
	KUNIT_EXPECT_EQ(test, tp.initial_scid.len, 8);
	TQUIC_EXPECT_MEMEQ(test, tp.initial_scid.id,
			   "\x83\x94\xc8\xf0\x3e\x51\x57\x08", 8);
	/* absent ones keep their defaults */
	KUNIT_EXPECT_EQ(test, tp.max_udp_payload_size, 65527ULL);
	KUNIT_EXPECT_EQ(test, tp.ack_delay_exponent, 3ULL);
	KUNIT_EXPECT_EQ(test, tp.max_ack_delay, 25ULL);
	KUNIT_EXPECT_EQ(test, tp.active_connection_id_limit, 2ULL);
	KUNIT_EXPECT_FALSE(test, tp.has_max_datagram_frame_size);
}

static void tparam_server_roundtrip(struct kunit *test)
{
	struct tquic_tparams in, out;
	u8 *buf;
	int n;

	buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	tquic_tparams_default(&in);
	in.max_idle_timeout = 60000;
	in.max_udp_payload_size = 1472;
	in.initial_max_data = 1 << 24;
	in.initial_max_stream_data_bidi_local = 1 << 20;
	in.initial_max_stream_data_bidi_remote = 1 << 21;
	in.initial_max_stream_data_uni = 1 << 22;
	in.initial_max_streams_bidi = 100;
	in.initial_max_streams_uni = 3;
	in.ack_delay_exponent = 10;
	in.max_ack_delay = 100;
	in.active_connection_id_limit = 8;
	in.disable_active_migration = true;
	in.grease_quic_bit = true;
	in.has_max_datagram_frame_size = true;
	in.max_datagram_frame_size = 1200;
	in.has_original_dcid = true;
	in.original_dcid.len = 8;
	memcpy(in.original_dcid.id, "origdcid", 8);
	in.has_initial_scid = true;
	in.initial_scid.len = 20;
	memset(in.initial_scid.id, 0x5c, 20);
	in.has_retry_scid = true;
	in.retry_scid.len = 4;
	memcpy(in.retry_scid.id, "rtry", 4);
	in.has_stateless_reset_token = true;
	memset(in.stateless_reset_token, 0x77, 16);
	in.has_preferred_address = true;
	memcpy(in.preferred_address.ipv4, "\xc0\xa8\x01\x02", 4);
	in.preferred_address.ipv4_port = 4433;
	in.preferred_address.ipv6[15] = 1;
	in.preferred_address.ipv6_port = 4434;
	in.preferred_address.cid.len = 5;
	memcpy(in.preferred_address.cid.id, "pcid!", 5);
	memset(in.preferred_address.reset_token, 0x31, 16);
	in.has_version_information = true;
	in.chosen_version = 0x6b3343cf;
	in.n_available_versions = 2;
	in.available_versions[0] = 0x6b3343cf;
	in.available_versions[1] = 0x00000001;
	in.has_initial_max_path_id = true;
	in.initial_max_path_id = 0xfffffffe;

	n = tquic_tparams_encode(buf, 512, true, &in);
	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_ASSERT_EQ(test, tquic_tparams_decode(buf, n, true, &out), 0);
	/* Same values field by field: the struct has no padding surprises
	 * in what we compare.
	 */
	KUNIT_EXPECT_EQ(test, out.max_idle_timeout, in.max_idle_timeout);
	KUNIT_EXPECT_EQ(test, out.max_udp_payload_size, 1472ULL);
	KUNIT_EXPECT_EQ(test, out.initial_max_data, in.initial_max_data);
	KUNIT_EXPECT_EQ(test, out.initial_max_stream_data_bidi_local,
			in.initial_max_stream_data_bidi_local);
	KUNIT_EXPECT_EQ(test, out.initial_max_stream_data_bidi_remote,
			in.initial_max_stream_data_bidi_remote);
	KUNIT_EXPECT_EQ(test, out.initial_max_stream_data_uni,
			in.initial_max_stream_data_uni);
	KUNIT_EXPECT_EQ(test, out.initial_max_streams_bidi, 100ULL);
	KUNIT_EXPECT_EQ(test, out.initial_max_streams_uni, 3ULL);
	KUNIT_EXPECT_EQ(test, out.ack_delay_exponent, 10ULL);
	KUNIT_EXPECT_EQ(test, out.max_ack_delay, 100ULL);
	KUNIT_EXPECT_EQ(test, out.active_connection_id_limit, 8ULL);
	KUNIT_EXPECT_TRUE(test, out.disable_active_migration);
	KUNIT_EXPECT_TRUE(test, out.grease_quic_bit);
	KUNIT_EXPECT_EQ(test, out.max_datagram_frame_size, 1200ULL);
	KUNIT_EXPECT_EQ(test, out.original_dcid.len, 8);
	TQUIC_EXPECT_MEMEQ(test, out.original_dcid.id, "origdcid", 8);
	KUNIT_EXPECT_EQ(test, out.initial_scid.len, 20);
	TQUIC_EXPECT_MEMEQ(test, out.initial_scid.id, in.initial_scid.id, 20);
	TQUIC_EXPECT_MEMEQ(test, out.retry_scid.id, "rtry", 4);
	TQUIC_EXPECT_MEMEQ(test, out.stateless_reset_token,
			   in.stateless_reset_token, 16);
	TQUIC_EXPECT_MEMEQ(test, &out.preferred_address,
			   &in.preferred_address,
			   sizeof(in.preferred_address));
	KUNIT_EXPECT_EQ(test, out.chosen_version, 0x6b3343cfU);
	KUNIT_EXPECT_EQ(test, out.n_available_versions, 2);
	KUNIT_EXPECT_EQ(test, out.available_versions[1], 1U);
	KUNIT_EXPECT_TRUE(test, out.has_initial_max_path_id);
	KUNIT_EXPECT_EQ(test, out.initial_max_path_id, 0xfffffffeU);

	/* The same parameters are not a client's to send. */
	KUNIT_EXPECT_EQ(test, tquic_tparams_encode(buf, 512, false, &in),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_tparams_decode(buf, n, false, &out),
			-EINVAL);
	/* Too little room */
	KUNIT_EXPECT_EQ(test, tquic_tparams_encode(buf, 40, true, &in),
			-ENOSPC);
}

static void tparam_unknown_skipped(struct kunit *test)
{
	struct tquic_tparams tp;
	size_t n;
	u8 *p;

	/* a greased id (31 * 2 + 27 = 0x59), a future id, then the SCID */
	p = tquic_kunit_hex(test, "4059030102037fff000f0401020304", 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_tparams_decode(p, n, false, &tp), 0);
	KUNIT_EXPECT_EQ(test, tp.initial_scid.len, 4);
}

/* @len bytes of @buf hold the @n bytes of @p somewhere */
static bool tparam_has(const u8 *buf, size_t len, const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(buf + i, p, n))
			return true;
	return false;
}

/* version_information (RFC 9368, 3): a client's, a chosen version alone,
 * a list longer than we keep, and what the encoder refuses.
 */
static void tparam_version_information(struct kunit *test)
{
	struct tquic_tparams in, out;
	u8 buf[128];
	size_t n;
	int len;
	u8 *p;

	tquic_tparams_default(&in);
	in.has_initial_scid = true;
	in.initial_scid.len = 8;
	memset(in.initial_scid.id, 0xc1, 8);
	in.has_version_information = true;
	in.chosen_version = 0x00000001;
	in.n_available_versions = 3;
	in.available_versions[0] = 0x00000001;
	in.available_versions[1] = 0x6b3343cf;
	in.available_versions[2] = 0x1a2a3a4a;	/* greased (RFC 9368, 3) */
	len = tquic_tparams_encode(buf, sizeof(buf), false, &in);
	KUNIT_ASSERT_GT(test, len, 0);
	/* 0x11, length 16, then the four versions in order */
	p = tquic_kunit_hex(test, "111000000001000000016b3343cf1a2a3a4a", 0,
			    &n);
	KUNIT_EXPECT_TRUE(test, tparam_has(buf, len, p, n));
	KUNIT_ASSERT_EQ(test, tquic_tparams_decode(buf, len, false, &out), 0);
	KUNIT_EXPECT_TRUE(test, out.has_version_information);
	KUNIT_EXPECT_EQ(test, out.chosen_version, 1U);
	KUNIT_EXPECT_EQ(test, out.n_available_versions, 3);
	KUNIT_EXPECT_EQ(test, out.available_versions[0], 1U);
	KUNIT_EXPECT_EQ(test, out.available_versions[1], 0x6b3343cfU);
	KUNIT_EXPECT_EQ(test, out.available_versions[2], 0x1a2a3a4aU);

	/* No available versions: the chosen one alone is valid */
	p = tquic_kunit_hex(test, "0f0011046b3343cf", 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_tparams_decode(p, n, false, &out), 0);
	KUNIT_EXPECT_EQ(test, out.chosen_version, 0x6b3343cfU);
	KUNIT_EXPECT_EQ(test, out.n_available_versions, 0);

	/* Nine available versions: the first eight are kept */
	p = tquic_kunit_hexv(test,
			     TQUIC_HEXV("0f001128000000010000000100000002",
					"00000003000000040000000500000006",
					"000000070000000800000009"), 0, &n);
	KUNIT_ASSERT_EQ(test, tquic_tparams_decode(p, n, false, &out), 0);
	KUNIT_EXPECT_EQ(test, out.n_available_versions, TQUIC_TP_VERSIONS_MAX);
	KUNIT_EXPECT_EQ(test, out.available_versions[7], 8U);

	/* The encoder sends no chosen version 0 */
	in.chosen_version = 0;
	KUNIT_EXPECT_LT(test, tquic_tparams_encode(buf, sizeof(buf), false,
						   &in), 0);
}

static void tparam_malformed(struct kunit *test)
{
	static const struct {
		const char *hex;
		bool from_server;
		const char *why;
	} bad[] = {
		{ "", false, "no initial_source_connection_id" },
		{ "0f00", true, "server without original_destination_connection_id" },
		{ "0f000f00", false, "a parameter twice" },
		{ "0f00010400", false, "idle timeout cut" },
		{ "0f0001021e00", false, "varint shorter than its parameter" },
		{ "0f00010140", false, "varint longer than its parameter" },
		{ "0f000302448f", false, "max_udp_payload_size 1167" },
		{ "0f000a0115", false, "ack_delay_exponent 21" },
		{ "0f000b0480004000", false, "max_ack_delay 2^14" },
		{ "0f000b024000", false, "(valid) max_ack_delay 0" },
		{ "0f000e0101", false, "active_connection_id_limit 1" },
		{ "0f000808d000000000000001", false, "streams over 2^60" },
		{ "0f000000", false, "original DCID from a client" },
		{ "0f001000", false, "retry SCID from a client" },
		{ "0f000200", false, "reset token from a client" },
		{ "0f000000020f000000000000000000000000000000", true,
		  "reset token of 15 bytes" },
		{ "0f15000000000000000000000000000000000000000000", false,
		  "SCID of 21 bytes" },
		{ "0f000c0100", false, "disable_active_migration with a value" },
		{ "0f00c000000000002ab20100", false, "grease_quic_bit with a value" },
		{ "0f00110400000000", false, "chosen version 0" },
		{ "0f001106000000010000", false, "version list of 6 bytes" },
		{ "0f0011080000000100000000", false, "available version 0" },
		{ "0f001100", false, "empty version_information" },
		{ "0f001103000001", false, "version_information of 3 bytes" },
		{ "0f0011050000000101", false, "version_information of 5 bytes" },
		{ "0f00110400000001110400000001", false,
		  "version_information twice" },
		{ "0f003e0101", false,
		  "initial_max_path_id with a zero-length connection ID" },
		{ "0f04aabbccdd3e08c000000100000000", false,
		  "initial_max_path_id 2^32" },
		{ "0f04aabbccdd3e01003e0100", false, "initial_max_path_id twice" },
		{ "0f04aabbccdd3e00", false, "initial_max_path_id empty" },
		{ "0f0005", false, "parameter length missing" },
		{ "0f00050a00", false, "parameter cut" },
	};
	struct tquic_tparams tp;
	unsigned int i;
	size_t n;
	u8 *p;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		p = tquic_kunit_hex(test, bad[i].hex, 0, &n);
		if (bad[i].why[0] == '(') {
			KUNIT_EXPECT_EQ_MSG(test,
					    tquic_tparams_decode(p, n,
								 bad[i].from_server,
								 &tp),
					    0, "%s", bad[i].why);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test,
				    tquic_tparams_decode(p, n, bad[i].from_server,
							 &tp),
				    -EINVAL, "%s", bad[i].why);
	}
}

static struct kunit_case tquic_tparam_cases[] = {
	KUNIT_CASE(tparam_rfc_client),
	KUNIT_CASE(tparam_server_roundtrip),
	KUNIT_CASE(tparam_unknown_skipped),
	KUNIT_CASE(tparam_version_information),
	KUNIT_CASE(tparam_malformed),
	{}
};

static struct kunit_suite tquic_tparam_suite = {
	.name = "tquic_tparam",
	.test_cases = tquic_tparam_cases,
};

kunit_test_suite(tquic_tparam_suite);
