// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: encoding and decoding transport parameters.
 *
 * Refused with -EINVAL (the connection closes with
 * TRANSPORT_PARAMETER_ERROR): a truncated parameter, a value that does
 * not fill its parameter exactly, a parameter twice, a value out of its
 * RFC range, a server-only parameter from a client, a missing
 * initial_source_connection_id or (from a server) a missing
 * original_destination_connection_id.  Unknown parameters, reserved
 * (greased) ones included, are skipped.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "buf.h"
#include "compat.h"
#include "tparam.h"

/**
 * tquic_tparams_default - the values a peer has when it sends nothing
 * @tp: parameters to reset
 */
void tquic_tparams_default(struct tquic_tparams *tp)
{
	memset(tp, 0, sizeof(*tp));
	tp->max_udp_payload_size = 65527;
	tp->ack_delay_exponent = 3;
	tp->max_ack_delay = 25;
	tp->active_connection_id_limit = 2;
}

static int tquic_tp_int(const u8 *val, u64 len, u64 *out)
{
	int n = tquic_varint_decode(val, len, out);

	return n < 0 || n != len ? -EINVAL : 0;
}

static int tquic_tp_cid_get(const u8 *val, u64 len, struct tquic_tp_cid *c)
{
	if (len > TQUIC_CID_MAX)
		return -EINVAL;
	c->len = len;
	memcpy(c->id, val, len);
	return 0;
}

static int tquic_tp_preferred_get(const u8 *val, u64 len,
				  struct tquic_tparams *tp)
{
	struct tquic_rd r;
	const u8 *p;
	u8 n;

	tquic_rd_init(&r, val, len);
	if (tquic_rd_bytes(&r, 6, &p))
		return -EINVAL;
	memcpy(tp->preferred_address.ipv4, p, 4);
	tp->preferred_address.ipv4_port = get_unaligned_be16(p + 4);
	if (tquic_rd_bytes(&r, 18, &p))
		return -EINVAL;
	memcpy(tp->preferred_address.ipv6, p, 16);
	tp->preferred_address.ipv6_port = get_unaligned_be16(p + 16);
	if (tquic_rd_u8(&r, &n) || n < 1 || n > TQUIC_CID_MAX ||
	    tquic_rd_bytes(&r, n, &p))
		return -EINVAL;
	tp->preferred_address.cid.len = n;
	memcpy(tp->preferred_address.cid.id, p, n);
	if (tquic_rd_bytes(&r, TQUIC_STATELESS_RESET_TOKEN_LEN, &p) || r.left)
		return -EINVAL;
	memcpy(tp->preferred_address.reset_token, p,
	       TQUIC_STATELESS_RESET_TOKEN_LEN);
	return 0;
}

static int tquic_tp_versions_get(const u8 *val, u64 len,
				 struct tquic_tparams *tp)
{
	u64 i;
	u32 v;

	if (len < 4 || len % 4)
		return -EINVAL;
	tp->chosen_version = get_unaligned_be32(val);
	if (!tp->chosen_version)
		return -EINVAL;
	for (i = 4; i < len; i += 4) {
		v = get_unaligned_be32(val + i);
		if (!v)
			return -EINVAL;
		if (tp->n_available_versions < TQUIC_TP_VERSIONS_MAX)
			tp->available_versions[tp->n_available_versions++] = v;
	}
	return 0;
}

static int tquic_tp_one(u64 id, const u8 *val, u64 len, bool from_server,
			struct tquic_tparams *tp)
{
	u64 v;

	switch (id) {
	case TQUIC_TP_ORIGINAL_DCID:
		tp->has_original_dcid = true;
		return from_server ?
			tquic_tp_cid_get(val, len, &tp->original_dcid) :
			-EINVAL;
	case TQUIC_TP_RETRY_SCID:
		tp->has_retry_scid = true;
		return from_server ?
			tquic_tp_cid_get(val, len, &tp->retry_scid) : -EINVAL;
	case TQUIC_TP_INITIAL_SCID:
		tp->has_initial_scid = true;
		return tquic_tp_cid_get(val, len, &tp->initial_scid);
	case TQUIC_TP_STATELESS_RESET_TOKEN:
		if (!from_server || len != TQUIC_STATELESS_RESET_TOKEN_LEN)
			return -EINVAL;
		tp->has_stateless_reset_token = true;
		memcpy(tp->stateless_reset_token, val, len);
		return 0;
	case TQUIC_TP_PREFERRED_ADDRESS:
		if (!from_server)
			return -EINVAL;
		tp->has_preferred_address = true;
		return tquic_tp_preferred_get(val, len, tp);
	case TQUIC_TP_DISABLE_ACTIVE_MIGRATION:
		tp->disable_active_migration = true;
		return len ? -EINVAL : 0;
	case TQUIC_TP_GREASE_QUIC_BIT:
		tp->grease_quic_bit = true;
		return len ? -EINVAL : 0;
	case TQUIC_TP_VERSION_INFORMATION:
		tp->has_version_information = true;
		return tquic_tp_versions_get(val, len, tp);
	}

	if (id == TQUIC_TP_INITIAL_MAX_PATH_ID) {
		if (tquic_tp_int(val, len, &v) || v > TQUIC_PATH_ID_MAX)
			return -EINVAL;
		tp->has_initial_max_path_id = true;
		tp->initial_max_path_id = v;
		return 0;
	}
	if (id > TQUIC_TP_MAX_DATAGRAM_FRAME_SIZE ||
	    (id > TQUIC_TP_VERSION_INFORMATION &&
	     id < TQUIC_TP_MAX_DATAGRAM_FRAME_SIZE))
		return 0;	/* unknown: ignore */
	if (tquic_tp_int(val, len, &v))
		return -EINVAL;
	switch (id) {
	case TQUIC_TP_MAX_IDLE_TIMEOUT:
		tp->max_idle_timeout = v;
		break;
	case TQUIC_TP_MAX_UDP_PAYLOAD_SIZE:
		if (v < TQUIC_MIN_INITIAL_DATAGRAM)
			return -EINVAL;
		tp->max_udp_payload_size = v;
		break;
	case TQUIC_TP_INITIAL_MAX_DATA:
		tp->initial_max_data = v;
		break;
	case TQUIC_TP_INITIAL_MAX_STREAM_DATA_BIDI_LOCAL:
		tp->initial_max_stream_data_bidi_local = v;
		break;
	case TQUIC_TP_INITIAL_MAX_STREAM_DATA_BIDI_REMOTE:
		tp->initial_max_stream_data_bidi_remote = v;
		break;
	case TQUIC_TP_INITIAL_MAX_STREAM_DATA_UNI:
		tp->initial_max_stream_data_uni = v;
		break;
	case TQUIC_TP_INITIAL_MAX_STREAMS_BIDI:
	case TQUIC_TP_INITIAL_MAX_STREAMS_UNI:
		if (v > TQUIC_MAX_STREAMS_LIMIT)
			return -EINVAL;
		if (id == TQUIC_TP_INITIAL_MAX_STREAMS_BIDI)
			tp->initial_max_streams_bidi = v;
		else
			tp->initial_max_streams_uni = v;
		break;
	case TQUIC_TP_ACK_DELAY_EXPONENT:
		if (v > 20)
			return -EINVAL;
		tp->ack_delay_exponent = v;
		break;
	case TQUIC_TP_MAX_ACK_DELAY:
		if (v >= (1 << 14))
			return -EINVAL;
		tp->max_ack_delay = v;
		break;
	case TQUIC_TP_ACTIVE_CONNECTION_ID_LIMIT:
		if (v < 2)
			return -EINVAL;
		tp->active_connection_id_limit = v;
		break;
	case TQUIC_TP_MAX_DATAGRAM_FRAME_SIZE:
		tp->has_max_datagram_frame_size = true;
		tp->max_datagram_frame_size = v;
		break;
	}
	return 0;
}

/* Parameters we understand have small ids; one bit each tracks repeats. */
static int tquic_tp_seen(u64 id, u64 *seen)
{
	unsigned int bit;

	if (id == TQUIC_TP_GREASE_QUIC_BIT)
		bit = 63;
	else if (id < 63)
		bit = id;
	else
		return 0;
	if (*seen & BIT_ULL(bit))
		return -EINVAL;
	*seen |= BIT_ULL(bit);
	return 0;
}

/**
 * tquic_tparams_decode - parse the peer's quic_transport_parameters
 * @buf: the extension's contents
 * @len: their length
 * @from_server: the peer is the server (server-only parameters allowed,
 *	original_destination_connection_id required)
 * @tp: filled with the peer's parameters, defaults for those absent
 *
 * Return: 0, or -EINVAL (TRANSPORT_PARAMETER_ERROR).
 */
int tquic_tparams_decode(const u8 *buf, size_t len, bool from_server,
			 struct tquic_tparams *tp)
{
	struct tquic_rd r;
	u64 id, plen, seen = 0;
	const u8 *val;

	tquic_tparams_default(tp);
	tquic_rd_init(&r, buf, len);
	while (r.left) {
		if (tquic_rd_varint(&r, &id) || tquic_rd_varint(&r, &plen) ||
		    tquic_rd_bytes(&r, plen, &val) || tquic_tp_seen(id, &seen) ||
		    tquic_tp_one(id, val, plen, from_server, tp))
			return -EINVAL;
	}
	if (!tp->has_initial_scid || (from_server && !tp->has_original_dcid))
		return -EINVAL;
	/* Multipath needs connection IDs both ways (multipath-21, 2) */
	if (tp->has_initial_max_path_id && !tp->initial_scid.len)
		return -EINVAL;
	return 0;
}

static int tquic_tp_put_int(struct tquic_wr *w, u64 id, u64 v, u64 dflt)
{
	int err;

	if (v == dflt)
		return 0;
	err = tquic_wr_varint(w, id);
	err = err ?: tquic_wr_varint(w, tquic_varint_len(v));
	return err ?: tquic_wr_varint(w, v);
}

static int tquic_tp_put_bytes(struct tquic_wr *w, u64 id, const void *p,
			      size_t n)
{
	int err = tquic_wr_varint(w, id);

	err = err ?: tquic_wr_varint(w, n);
	return err ?: tquic_wr_bytes(w, p, n);
}

static int tquic_tp_put_preferred(struct tquic_wr *w,
				  const struct tquic_tparams *tp)
{
	const typeof(tp->preferred_address) *pa = &tp->preferred_address;
	u8 buf[4 + 2 + 16 + 2 + 1 + TQUIC_CID_MAX +
	       TQUIC_STATELESS_RESET_TOKEN_LEN];
	size_t n = 0;

	if (pa->cid.len < 1 || pa->cid.len > TQUIC_CID_MAX)
		return -EINVAL;
	memcpy(buf, pa->ipv4, 4);
	put_unaligned_be16(pa->ipv4_port, buf + 4);
	memcpy(buf + 6, pa->ipv6, 16);
	put_unaligned_be16(pa->ipv6_port, buf + 22);
	buf[24] = pa->cid.len;
	n = 25;
	memcpy(buf + n, pa->cid.id, pa->cid.len);
	n += pa->cid.len;
	memcpy(buf + n, pa->reset_token, TQUIC_STATELESS_RESET_TOKEN_LEN);
	n += TQUIC_STATELESS_RESET_TOKEN_LEN;
	return tquic_tp_put_bytes(w, TQUIC_TP_PREFERRED_ADDRESS, buf, n);
}

static int tquic_tp_put_versions(struct tquic_wr *w,
				 const struct tquic_tparams *tp)
{
	u8 buf[4 * (1 + TQUIC_TP_VERSIONS_MAX)];
	unsigned int i;

	if (!tp->chosen_version ||
	    tp->n_available_versions > TQUIC_TP_VERSIONS_MAX)
		return -EINVAL;
	put_unaligned_be32(tp->chosen_version, buf);
	for (i = 0; i < tp->n_available_versions; i++)
		put_unaligned_be32(tp->available_versions[i], buf + 4 + 4 * i);
	return tquic_tp_put_bytes(w, TQUIC_TP_VERSION_INFORMATION, buf,
				  4 + 4 * i);
}

static int tquic_tp_put_cid(struct tquic_wr *w, u64 id,
			    const struct tquic_tp_cid *c)
{
	if (c->len > TQUIC_CID_MAX)
		return -EINVAL;
	return tquic_tp_put_bytes(w, id, c->id, c->len);
}

/**
 * tquic_tparams_encode - write our quic_transport_parameters
 * @buf: output
 * @len: room in @buf
 * @as_server: we are the server (server-only parameters may be sent)
 * @tp: our parameters; integers equal to the RFC default are left out
 *
 * Return: bytes written, -ENOSPC when @buf is too short, -EINVAL for a
 * value the decoder would refuse or a server-only parameter from a
 * client.
 */
int tquic_tparams_encode(u8 *buf, size_t len, bool as_server,
			 const struct tquic_tparams *tp)
{
	struct tquic_wr w;
	int err = 0;

	if (!as_server && (tp->has_original_dcid || tp->has_retry_scid ||
			   tp->has_stateless_reset_token ||
			   tp->has_preferred_address))
		return -EINVAL;
	if (tp->max_udp_payload_size < TQUIC_MIN_INITIAL_DATAGRAM ||
	    tp->ack_delay_exponent > 20 || tp->max_ack_delay >= (1 << 14) ||
	    tp->active_connection_id_limit < 2 ||
	    tp->initial_max_streams_bidi > TQUIC_MAX_STREAMS_LIMIT ||
	    tp->initial_max_streams_uni > TQUIC_MAX_STREAMS_LIMIT)
		return -EINVAL;
	tquic_wr_init(&w, buf, len);

	if (tp->has_original_dcid)
		err = tquic_tp_put_cid(&w, TQUIC_TP_ORIGINAL_DCID,
				       &tp->original_dcid);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_MAX_IDLE_TIMEOUT,
				      tp->max_idle_timeout, 0);
	if (!err && tp->has_stateless_reset_token)
		err = tquic_tp_put_bytes(&w, TQUIC_TP_STATELESS_RESET_TOKEN,
					 tp->stateless_reset_token,
					 TQUIC_STATELESS_RESET_TOKEN_LEN);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_MAX_UDP_PAYLOAD_SIZE,
				      tp->max_udp_payload_size, 65527);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_INITIAL_MAX_DATA,
				      tp->initial_max_data, 0);
	err = err ?: tquic_tp_put_int(&w,
				      TQUIC_TP_INITIAL_MAX_STREAM_DATA_BIDI_LOCAL,
				      tp->initial_max_stream_data_bidi_local,
				      0);
	err = err ?: tquic_tp_put_int(&w,
				      TQUIC_TP_INITIAL_MAX_STREAM_DATA_BIDI_REMOTE,
				      tp->initial_max_stream_data_bidi_remote,
				      0);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_INITIAL_MAX_STREAM_DATA_UNI,
				      tp->initial_max_stream_data_uni, 0);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_INITIAL_MAX_STREAMS_BIDI,
				      tp->initial_max_streams_bidi, 0);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_INITIAL_MAX_STREAMS_UNI,
				      tp->initial_max_streams_uni, 0);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_ACK_DELAY_EXPONENT,
				      tp->ack_delay_exponent, 3);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_MAX_ACK_DELAY,
				      tp->max_ack_delay, 25);
	if (!err && tp->disable_active_migration)
		err = tquic_tp_put_bytes(&w, TQUIC_TP_DISABLE_ACTIVE_MIGRATION,
					 NULL, 0);
	if (!err && tp->has_preferred_address)
		err = tquic_tp_put_preferred(&w, tp);
	err = err ?: tquic_tp_put_int(&w, TQUIC_TP_ACTIVE_CONNECTION_ID_LIMIT,
				      tp->active_connection_id_limit, 2);
	if (!err && tp->has_initial_scid)
		err = tquic_tp_put_cid(&w, TQUIC_TP_INITIAL_SCID,
				       &tp->initial_scid);
	if (!err && tp->has_retry_scid)
		err = tquic_tp_put_cid(&w, TQUIC_TP_RETRY_SCID, &tp->retry_scid);
	if (!err && tp->has_version_information)
		err = tquic_tp_put_versions(&w, tp);
	if (!err && tp->has_max_datagram_frame_size)
		err = tquic_tp_put_int(&w, TQUIC_TP_MAX_DATAGRAM_FRAME_SIZE,
				       tp->max_datagram_frame_size, U64_MAX);
	if (!err && tp->grease_quic_bit)
		err = tquic_tp_put_bytes(&w, TQUIC_TP_GREASE_QUIC_BIT, NULL, 0);
	if (!err && tp->has_initial_max_path_id)
		err = tquic_tp_put_int(&w, TQUIC_TP_INITIAL_MAX_PATH_ID,
				       tp->initial_max_path_id, U64_MAX);
	return err ?: (int)(len - w.left);
}
