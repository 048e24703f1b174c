/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: streams.  Callers hold the socket lock.
 */
#ifndef _TQUIC_STREAM_H
#define _TQUIC_STREAM_H

#include <linux/uio.h>

#include "conn.h"

/* Stream id bits (RFC 9000, 2.1) */
#define TQUIC_STREAM_ID_SERVER	0x1
#define TQUIC_STREAM_ID_UNI	0x2

struct tquic_stream *tquic_stream_find(struct tquic_conn *c, u64 id);
struct tquic_stream *tquic_stream_rx_get(struct tquic_conn *c, u64 id,
					 bool sending, u64 *terr);
struct tquic_stream *tquic_stream_tx_get(struct tquic_conn *c, u64 id);
int tquic_stream_rcv(struct tquic_conn *c, const struct tquic_frame *f,
		     u64 *terr);
void tquic_stream_read(struct tquic_conn *c, u64 id, size_t n, bool fin);
ssize_t tquic_stream_write(struct tquic_conn *c, struct tquic_stream *s,
			   struct iov_iter *from, size_t len, bool fin);
void tquic_stream_want_send(struct tquic_conn *c, struct tquic_stream *s);
const u8 *tquic_stream_data(struct tquic_stream *s, u64 off, u64 *len);
void tquic_stream_acked(struct tquic_conn *c, u64 id, u64 off, u64 len,
			bool fin);
void tquic_stream_lost(struct tquic_conn *c, u64 id, u64 off, u64 len,
		       bool fin);
bool tquic_stream_resend(struct tquic_conn *c, const struct tquic_sent *rec);
void tquic_streams_free(struct tquic_conn *c);
bool tquic_stream_can_send(const struct tquic_conn *c, u64 id);
bool tquic_stream_can_recv(const struct tquic_conn *c, u64 id);
void tquic_stream_list_free(struct list_head *head);
void tquic_stream_tx_free(struct tquic_conn *c, struct tquic_stream *s);
void tquic_stream_maybe_free(struct tquic_conn *c, struct tquic_stream *s);
void tquic_conn_rx_credit(struct tquic_conn *c, u64 n);

/* stream_reset.c */
int tquic_stream_reset(struct tquic_conn *c, u64 id, u64 code);
int tquic_stream_stop(struct tquic_conn *c, u64 id, u64 code);
int tquic_stream_reset_rcv(struct tquic_conn *c, const struct tquic_frame *f,
			   u64 *terr);
int tquic_stop_sending_rcv(struct tquic_conn *c, const struct tquic_frame *f,
			   u64 *terr);
void tquic_stream_reset_fate(struct tquic_conn *c, u8 type, u64 id,
			     bool acked);
bool tquic_streams_tx_pending(struct tquic_conn *c);

#endif /* _TQUIC_STREAM_H */
