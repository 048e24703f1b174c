/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: loss detection, probe timeouts and the fate of sent frames.
 * Callers hold the socket lock.
 */
#ifndef _TQUIC_RECOVERY_H
#define _TQUIC_RECOVERY_H

#include "conn.h"

int tquic_recovery_init(struct tquic_conn *c, const char *cc_name);
void tquic_recovery_stop(struct tquic_conn *c);
void tquic_on_sent(struct tquic_conn *c, enum tquic_level lvl,
		   struct tquic_sent *p);
int tquic_on_ack(struct tquic_conn *c, enum tquic_level lvl,
		 const struct tquic_frame *f, u64 *terr);
void tquic_ack_schedule(struct tquic_conn *c, enum tquic_level lvl,
			bool now_please);
void tquic_ack_sent(struct tquic_space *sp);
bool tquic_ack_record(struct tquic_space *sp, u64 pn);
void tquic_set_timer(struct tquic_conn *c);
u64 tquic_path_overdue_at(struct tquic_conn *c);
void tquic_on_timer(struct tquic_conn *c);
void tquic_space_discard(struct tquic_conn *c, enum tquic_level lvl);
void tquic_space_requeue(struct tquic_conn *c, enum tquic_level lvl);

#endif /* _TQUIC_RECOVERY_H */
