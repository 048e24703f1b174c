/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: path MTU discovery (pmtu.c).  Callers hold the socket lock.
 */
#ifndef _TQUIC_PMTU_H
#define _TQUIC_PMTU_H

#include "conn.h"

/* The largest datagram we ever send (one GSO segment of a train) */
#define TQUIC_PMTU_MAX		9000

void tquic_pmtu_start(struct tquic_conn *c);
void tquic_pmtu_reset(struct tquic_conn *c);
void tquic_pmtu_acked(struct tquic_conn *c, u32 size);
void tquic_pmtu_lost(struct tquic_conn *c, u32 size);
void tquic_pmtu_on_pto(struct tquic_conn *c);

#endif /* _TQUIC_PMTU_H */
