/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: address validation tokens (token.c) and Retry (retry.c).
 */
#ifndef _TQUIC_TOKEN_H
#define _TQUIC_TOKEN_H

#include "conn.h"

/* Token kinds (first byte) */
#define TQUIC_TOKEN_RETRY	0x52
#define TQUIC_TOKEN_NEW		0x4e
/* The longest token we make */
#define TQUIC_TOKEN_MAX		(1 + 12 + 8 + 1 + TQUIC_CID_MAX + 16)
/* The longest token a client keeps from a server (Retry or NEW_TOKEN) */
#define TQUIC_TOKEN_IN_MAX	TQUIC_TOKEN_MAX_LEN
/* Seconds a token is good for */
#define TQUIC_RETRY_TOKEN_LIFE	10
#define TQUIC_NEW_TOKEN_LIFE	(24 * 3600)

struct tquic_net;
struct tquic_udp_sock;

int tquic_token_init(struct tquic_net *tn);
void tquic_token_exit(struct tquic_net *tn);
int tquic_token_make(struct net *net, u8 kind,
		     const struct sockaddr_storage *peer,
		     const struct tquic_cid *odcid, u8 *out);
int tquic_token_check(struct net *net, const u8 *tok, size_t len,
		      const struct sockaddr_storage *peer, u8 *kind,
		      struct tquic_cid *odcid);

/* retry.c */
int tquic_retry_send(struct tquic_udp_sock *u, const struct tquic_hdr *h,
		     const struct sockaddr_storage *local,
		     const struct sockaddr_storage *peer);
void tquic_retry_rcv(struct tquic_conn *c, const u8 *pkt, size_t len);
void tquic_retry_init(struct tquic_conn *c);
void tquic_new_token_make(struct tquic_conn *c);
int tquic_new_token_rcv(struct tquic_conn *c, const u8 *tok, size_t len);
void tquic_retry_free(struct tquic_conn *c);

#endif /* _TQUIC_TOKEN_H */
