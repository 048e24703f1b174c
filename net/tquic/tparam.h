/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: QUIC transport parameters (RFC 9000, section 18; RFC 9221,
 * RFC 9287, RFC 9368, draft-ietf-quic-multipath-21).
 */
#ifndef _TQUIC_TPARAM_H
#define _TQUIC_TPARAM_H

#include <linux/types.h>

#include "frame.h"

enum tquic_tparam_id {
	TQUIC_TP_ORIGINAL_DCID			= 0x00,
	TQUIC_TP_MAX_IDLE_TIMEOUT		= 0x01,
	TQUIC_TP_STATELESS_RESET_TOKEN		= 0x02,
	TQUIC_TP_MAX_UDP_PAYLOAD_SIZE		= 0x03,
	TQUIC_TP_INITIAL_MAX_DATA		= 0x04,
	TQUIC_TP_INITIAL_MAX_STREAM_DATA_BIDI_LOCAL = 0x05,
	TQUIC_TP_INITIAL_MAX_STREAM_DATA_BIDI_REMOTE = 0x06,
	TQUIC_TP_INITIAL_MAX_STREAM_DATA_UNI	= 0x07,
	TQUIC_TP_INITIAL_MAX_STREAMS_BIDI	= 0x08,
	TQUIC_TP_INITIAL_MAX_STREAMS_UNI	= 0x09,
	TQUIC_TP_ACK_DELAY_EXPONENT		= 0x0a,
	TQUIC_TP_MAX_ACK_DELAY			= 0x0b,
	TQUIC_TP_DISABLE_ACTIVE_MIGRATION	= 0x0c,
	TQUIC_TP_PREFERRED_ADDRESS		= 0x0d,
	TQUIC_TP_ACTIVE_CONNECTION_ID_LIMIT	= 0x0e,
	TQUIC_TP_INITIAL_SCID			= 0x0f,
	TQUIC_TP_RETRY_SCID			= 0x10,
	TQUIC_TP_VERSION_INFORMATION		= 0x11,
	TQUIC_TP_MAX_DATAGRAM_FRAME_SIZE	= 0x20,
	TQUIC_TP_INITIAL_MAX_PATH_ID		= 0x3e,	/* multipath */
	TQUIC_TP_GREASE_QUIC_BIT		= 0x2ab2,
};

#define TQUIC_TP_VERSIONS_MAX	8

/**
 * struct tquic_tp_cid - a connection ID carried in a transport parameter
 * @len: its length, 0-20
 * @id: the bytes
 */
struct tquic_tp_cid {
	u8 len;
	u8 id[TQUIC_CID_MAX];
};

/**
 * struct tquic_tparams - one endpoint's transport parameters
 *
 * The integer members hold RFC defaults after tquic_tparams_default();
 * the has_* flags say whether the optional ones are present.
 */
struct tquic_tparams {
	u64 max_idle_timeout;
	u64 max_udp_payload_size;
	u64 initial_max_data;
	u64 initial_max_stream_data_bidi_local;
	u64 initial_max_stream_data_bidi_remote;
	u64 initial_max_stream_data_uni;
	u64 initial_max_streams_bidi;
	u64 initial_max_streams_uni;
	u64 ack_delay_exponent;
	u64 max_ack_delay;
	u64 active_connection_id_limit;
	u64 max_datagram_frame_size;
	u32 initial_max_path_id;
	bool disable_active_migration;
	bool grease_quic_bit;
	bool has_original_dcid;
	bool has_initial_scid;
	bool has_retry_scid;
	bool has_stateless_reset_token;
	bool has_preferred_address;
	bool has_max_datagram_frame_size;
	bool has_version_information;
	bool has_initial_max_path_id;
	struct tquic_tp_cid original_dcid;
	struct tquic_tp_cid initial_scid;
	struct tquic_tp_cid retry_scid;
	u8 stateless_reset_token[TQUIC_STATELESS_RESET_TOKEN_LEN];
	struct {
		u8 ipv4[4];
		u16 ipv4_port;
		u8 ipv6[16];
		u16 ipv6_port;
		struct tquic_tp_cid cid;
		u8 reset_token[TQUIC_STATELESS_RESET_TOKEN_LEN];
	} preferred_address;
	u32 chosen_version;
	u8 n_available_versions;
	u32 available_versions[TQUIC_TP_VERSIONS_MAX];
};

void tquic_tparams_default(struct tquic_tparams *tp);
int tquic_tparams_decode(const u8 *buf, size_t len, bool from_server,
			 struct tquic_tparams *tp);
int tquic_tparams_encode(u8 *buf, size_t len, bool as_server,
			 const struct tquic_tparams *tp);

#endif /* _TQUIC_TPARAM_H */
