/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: event notifications (TQUIC_SOCKOPT_EVENT, TQUIC_MSG_NOTIFICATION).
 */
#ifndef _TQUIC_EVENT_H
#define _TQUIC_EVENT_H

#include <linux/sockptr.h>
#include <linux/types.h>

struct sock;
struct tquic_conn;
struct tquic_sock;

int tquic_event_set(struct sock *sk, sockptr_t optval, unsigned int optlen);
int tquic_event_get(struct sock *sk, char __user *optval, int __user *optlen,
		    int len);
void tquic_event_child(struct tquic_sock *tq);
void tquic_event_free(struct tquic_sock *tq);

void tquic_event_stream(struct tquic_conn *c, u64 id, u32 state, u64 errcode,
			u64 final_size);
void tquic_event_max_streams(struct tquic_conn *c);
void tquic_event_close(struct tquic_conn *c);
void tquic_event_migration(struct tquic_conn *c, bool by_peer);
void tquic_event_key_update(struct tquic_conn *c, bool by_peer);
void tquic_event_new_token(struct tquic_conn *c);

#endif /* _TQUIC_EVENT_H */
