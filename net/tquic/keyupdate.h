/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: 1-RTT key updates.  Callers hold the socket lock.
 */
#ifndef _TQUIC_KEYUPDATE_H
#define _TQUIC_KEYUPDATE_H

#include "conn.h"

void tquic_ku_init(struct tquic_conn *c);
void tquic_ku_keys_ready(struct tquic_conn *c);
struct tquic_pp_key *tquic_ku_rx_key(struct tquic_conn *c,
				     const struct tquic_path *p, bool phase,
				     u64 pn, bool *next);
int tquic_ku_switch(struct tquic_conn *c, u64 pn);
void tquic_ku_acked(struct tquic_conn *c, u64 pn);
void tquic_ku_rx_opened(struct tquic_conn *c, bool phase, u64 pn);
u64 tquic_aead_conf_limit(const struct tquic_suite *s);
u64 tquic_aead_integ_limit(const struct tquic_suite *s);
bool tquic_ku_may_seal(const struct tquic_conn *c);
void tquic_ku_sealed(struct tquic_conn *c);
bool tquic_ku_forged(struct tquic_conn *c);
int tquic_ku_start(struct tquic_conn *c);
bool tquic_ku_hold(struct tquic_conn *c, struct sk_buff *skb);
void tquic_ku_free(struct tquic_conn *c);

#endif /* _TQUIC_KEYUPDATE_H */
