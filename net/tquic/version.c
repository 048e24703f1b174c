// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: compatible version negotiation (RFC 9368) between QUIC v1 and
 * QUIC v2 (RFC 9369).
 *
 * Both ends send the version_information transport parameter: the
 * version in use (Chosen Version), then the versions they would use
 * (Available Versions).  A client starts in its original version and
 * offers the other one too.  A listener with a preferred version
 * (TQUIC_SOCKOPT_VERSION set on it) switches a connection to that version
 * when the client lists it: the moment the client's transport parameters
 * arrive from TLS, before anything but acknowledgments went out at
 * Initial, it derives the Initial keys of the negotiated version from the
 * client's Initial Destination Connection ID and sends all its Initial
 * packets in that version from then on.  The client, on the first server
 * Initial of the version it offered that authenticates with that
 * version's Initial keys (derived ahead, since the receive path runs in
 * softirq), switches its Initial keys and packets too; packets of the
 * original version are dropped after the switch.  Handshake and 1-RTT
 * keys use the negotiated version's labels.
 *
 * Downgrade prevention (RFC 9368, 4): a server closes with
 * VERSION_NEGOTIATION_ERROR when the client's Chosen Version is not the
 * original version; a client when the server's is not the negotiated
 * version, or when the server switched versions without sending
 * version_information.  A tquic client never goes on after a Version
 * Negotiation packet (the attempt ends with EPROTONOSUPPORT and a new
 * connection starts afresh), so the rules for that case do not arise.
 * Malformed version_information is a TRANSPORT_PARAMETER_ERROR
 * (tparam.c).
 */
#include "conn.h"
#include "tquic.h"
#include "version.h"

/* The versions tquic speaks, in the order a server lists them after the
 * one in use.
 */
static const u32 tquic_vneg_versions[] = { TQUIC_VERSION_1, TQUIC_VERSION_2 };

/* The version tquic speaks besides @v. */
static u32 tquic_vneg_other(u32 v)
{
	return v == TQUIC_VERSION_1 ? TQUIC_VERSION_2 : TQUIC_VERSION_1;
}

/**
 * tquic_vneg_init - negotiation state of a new connection
 * @c: connection
 * @version: the original version
 *
 * A server's listener sets @c->vneg.pref before the first packet is read.
 */
void tquic_vneg_init(struct tquic_conn *c, u32 version)
{
	c->vneg.orig = version;
	c->vneg.alt = c->is_server ? 0 : tquic_vneg_other(version);
}

/**
 * tquic_vneg_tparams - our version_information: the version in use, then
 *	every version we would use, that one first
 * @c: connection
 */
void tquic_vneg_tparams(struct tquic_conn *c)
{
	struct tquic_tparams *tp = &c->ltp;
	int i;

	tp->has_version_information = true;
	tp->chosen_version = c->version;
	tp->n_available_versions = 0;
	tp->available_versions[tp->n_available_versions++] = c->version;
	for (i = 0; i < ARRAY_SIZE(tquic_vneg_versions); i++)
		if (tquic_vneg_versions[i] != c->version)
			tp->available_versions[tp->n_available_versions++] =
				tquic_vneg_versions[i];
}

/**
 * tquic_vneg_prepare - client: derive the Initial keys of the version it
 *	offers besides the original one (again after a Retry)
 * @c: connection, its Initial DCID set
 *
 * Context: process.
 * Return: 0 or a crypto error.
 */
int tquic_vneg_prepare(struct tquic_conn *c)
{
	struct tquic_vneg *v = &c->vneg;

	if (c->is_server || !v->alt || v->switched)
		return 0;
	tquic_key_free(&v->rx_key);
	tquic_key_free(&v->tx_key);
	return tquic_initial_keys_derive(c, v->alt, &v->rx_key, &v->rx_hp,
					 &v->tx_key, &v->tx_hp);
}

static void tquic_vneg_swap(struct tquic_conn *c)
{
	struct tquic_space *ini = &c->space[TQUIC_LEVEL_INITIAL];
	struct tquic_vneg *v = &c->vneg;

	swap(ini->rx_key, v->rx_key);
	swap(ini->tx_key, v->tx_key);
	swap(ini->rx_hp, v->rx_hp);
	swap(ini->tx_hp, v->tx_hp);
	swap(c->version, v->alt);
}

/**
 * tquic_vneg_try - client: a server Initial of version @version arrived
 *	while we use another: try the version we offered
 * @c: connection
 * @version: the packet's version
 *
 * Only during the handshake, before any Handshake key, once.  The caller
 * opens the packet with the keys now in place, then calls
 * tquic_vneg_commit() when it authenticated, else tquic_vneg_undo().
 *
 * Return: true when the connection's version and Initial keys are now
 * those of @version.
 */
bool tquic_vneg_try(struct tquic_conn *c, u32 version)
{
	struct tquic_vneg *v = &c->vneg;

	if (c->is_server || v->switched || !v->alt || version != v->alt ||
	    !v->rx_key.aead || c->state != TQUIC_CONN_HANDSHAKE ||
	    c->space[TQUIC_LEVEL_HANDSHAKE].rx_key.aead ||
	    c->space[TQUIC_LEVEL_INITIAL].discarded)
		return false;
	tquic_vneg_swap(c);
	return true;
}

/**
 * tquic_vneg_undo - the packet tquic_vneg_try() let in did not open
 * @c: connection
 */
void tquic_vneg_undo(struct tquic_conn *c)
{
	tquic_vneg_swap(c);
}

/**
 * tquic_vneg_commit - the server's Initial of the offered version opened:
 *	the connection stays in it
 * @c: connection
 */
void tquic_vneg_commit(struct tquic_conn *c)
{
	c->vneg.switched = true;
	TQUIC_INC_STATS(c->net, TQUIC_MIB_VERSION_SWITCHED);
}

/**
 * tquic_vneg_check - the peer's version_information against what
 *	happened (RFC 9368, 4)
 * @c: connection
 * @tp: the peer's transport parameters
 *
 * Return: 0, or TQUIC_ERR_VERSION_NEGOTIATION_ERROR.
 */
u64 tquic_vneg_check(const struct tquic_conn *c,
		     const struct tquic_tparams *tp)
{
	if (c->is_server) {
		/* Before any switch: the version in use is the original */
		if (tp->has_version_information &&
		    tp->chosen_version != c->vneg.orig)
			return TQUIC_ERR_VERSION_NEGOTIATION_ERROR;
		return 0;
	}
	if (tp->has_version_information ?
	    tp->chosen_version != c->version : c->vneg.switched)
		return TQUIC_ERR_VERSION_NEGOTIATION_ERROR;
	return 0;
}

static bool tquic_vneg_listed(const struct tquic_tparams *tp, u32 version)
{
	int i;

	for (i = 0; i < tp->n_available_versions; i++)
		if (tp->available_versions[i] == version)
			return true;
	return false;
}

/**
 * tquic_vneg_choose - server: switch to the preferred version if the
 *	client offers it and nothing but acknowledgments went out at Initial
 * @c: connection
 * @tp: the client's transport parameters, checked
 *
 * Context: process (derives keys).
 * Return: 0 or a crypto error.
 */
int tquic_vneg_choose(struct tquic_conn *c, const struct tquic_tparams *tp)
{
	struct tquic_vneg *v = &c->vneg;
	int err;

	if (!c->is_server || !v->pref || v->pref == c->version ||
	    v->switched || !tp->has_version_information ||
	    !tquic_vneg_listed(tp, v->pref) ||
	    !tquic_version_supported(v->pref) ||
	    c->state != TQUIC_CONN_HANDSHAKE ||
	    c->space[TQUIC_LEVEL_INITIAL].crypto_tx_off ||
	    c->space[TQUIC_LEVEL_INITIAL].discarded ||
	    c->space[TQUIC_LEVEL_HANDSHAKE].tx_key.aead ||
	    c->space[TQUIC_LEVEL_HANDSHAKE].rx_key.aead)
		return 0;
	c->version = v->pref;
	err = tquic_conn_initial_keys(c);
	if (err)
		return err;
	v->switched = true;
	tquic_vneg_tparams(c);
	TQUIC_INC_STATS(c->net, TQUIC_MIB_VERSION_SWITCHED);
	return 0;
}

/**
 * tquic_vneg_free - free the spare Initial keys
 * @c: connection
 */
void tquic_vneg_free(struct tquic_conn *c)
{
	struct tquic_vneg *v = &c->vneg;

	tquic_key_free(&v->rx_key);
	tquic_key_free(&v->tx_key);
	tquic_hp_free(&v->rx_hp);
	tquic_hp_free(&v->tx_hp);
}
