/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: compatible version negotiation between QUIC v1 and v2 (RFC 9368,
 * RFC 9369).  Callers hold the socket lock.
 */
#ifndef _TQUIC_VERSION_H
#define _TQUIC_VERSION_H

#include "crypto.h"

struct tquic_conn;
struct tquic_tparams;

/**
 * struct tquic_vneg - a connection's compatible version negotiation
 * @orig: the original version: that of the client's first Initial
 * @pref: server: the version its listener prefers (0: none)
 * @alt: client: the other version it offers (0: none)
 * @switched: the connection moved from @orig to another version
 * @rx_key: client: the Initial keys of @alt, derived ahead in process
 *	context (the receive path may not allocate transforms); after a
 *	switch, those of @orig until the connection is freed
 * @tx_key: the same, for sending
 * @rx_hp: header protection of @rx_key
 * @tx_hp: header protection of @tx_key
 */
struct tquic_vneg {
	u32 orig;
	u32 pref;
	u32 alt;
	bool switched;
	struct tquic_pp_key rx_key;
	struct tquic_pp_key tx_key;
	struct tquic_hp_key rx_hp;
	struct tquic_hp_key tx_hp;
};

void tquic_vneg_init(struct tquic_conn *c, u32 version);
void tquic_vneg_tparams(struct tquic_conn *c);
int tquic_vneg_prepare(struct tquic_conn *c);
bool tquic_vneg_try(struct tquic_conn *c, u32 version);
void tquic_vneg_undo(struct tquic_conn *c);
void tquic_vneg_commit(struct tquic_conn *c);
u64 tquic_vneg_check(const struct tquic_conn *c,
		     const struct tquic_tparams *tp);
int tquic_vneg_choose(struct tquic_conn *c, const struct tquic_tparams *tp);
void tquic_vneg_free(struct tquic_conn *c);

#endif /* _TQUIC_VERSION_H */
