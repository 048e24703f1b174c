/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: stateless reset (RFC 9000, section 10.3).
 */
#ifndef _TQUIC_RESET_H
#define _TQUIC_RESET_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct net;
struct tquic_conn;
struct tquic_net;

/* The shortest stateless reset: 38 unpredictable bits (five bytes less
 * the two fixed bits of the first) and the 16-byte token (10.3).
 */
#define TQUIC_RESET_MIN_LEN	21

int tquic_reset_init_net(struct tquic_net *tn);
void tquic_reset_exit_net(struct tquic_net *tn);
int tquic_reset_token(struct net *net, const u8 *cid, u8 cid_len, u8 *token);
size_t tquic_reset_len(size_t trigger_len, u32 rnd);
int tquic_reset_build(struct net *net, u8 *buf, size_t len, const u8 *cid,
		      u8 cid_len);
void tquic_reset_add(struct tquic_conn *c);
void tquic_reset_del(struct tquic_conn *c);
struct tquic_cid_slot;
void tquic_reset_slot_add(struct tquic_conn *c, struct tquic_cid_slot *s);
void tquic_reset_slot_del(struct tquic_conn *c, struct tquic_cid_slot *s);
bool tquic_reset_route(struct net *net, struct sk_buff *skb);
bool tquic_reset_match(const struct tquic_conn *c, const u8 *data,
		       size_t len);

#endif /* _TQUIC_RESET_H */
