/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: stream data opened straight into a waiting reader's buffer
 * (rxzc.c).  Callers hold the socket lock.
 */
#ifndef _TQUIC_RXZC_H
#define _TQUIC_RXZC_H

#include <linux/socket.h>

#include "conn.h"

bool tquic_rx_zc_arm(struct tquic_conn *c, struct msghdr *msg, size_t len,
		     int flags);
bool tquic_rx_zc_ready(const struct tquic_conn *c);
bool tquic_rx_zc_fits(const struct tquic_conn *c, size_t len);
size_t tquic_rx_zc_disarm(struct tquic_conn *c, struct msghdr *msg, u64 *id,
			  bool *fin);
void tquic_rx_zc_free(struct tquic_conn *c);
int tquic_rx_zc_open(struct tquic_conn *c, const struct tquic_pp_key *k,
		     u32 path_id, u64 pn, u8 *pkt, size_t hdr_len,
		     size_t len);
bool tquic_rx_zc_take(struct tquic_conn *c, struct tquic_stream *s,
		      const u8 *data, size_t len);

/* input.c: before each packet, so that only its own frame matches */
static inline void tquic_rx_zc_next(struct tquic_conn *c)
{
	c->rx_zc_placed = NULL;
}

#endif /* _TQUIC_RXZC_H */
