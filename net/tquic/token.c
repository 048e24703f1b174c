// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: address validation tokens (RFC 9000, 8.1).
 *
 * A token is opaque to the client and readable only by the netns that
 * made it:
 *
 *	kind (1) | nonce (12) | AES-128-GCM( issued (8) | odcid length (1) |
 *	odcid (0-20) ) | tag (16)
 *
 * sealed with a random per-netns key; the additional data is the kind and
 * the client's IP address (not its port, which NATs change), so a token
 * works only from the address it was given to.  Retry tokens carry the
 * client's original Destination Connection ID and live
 * TQUIC_RETRY_TOKEN_LIFE; NEW_TOKEN tokens live TQUIC_NEW_TOKEN_LIFE.
 * Tokens do not survive the netns (or a module reload).
 *
 * Context: process (the AEAD requests allocate).
 */
#include <crypto/aead.h>
#include <linux/random.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "conn.h"
#include "crypto.h"
#include "token.h"
#include "tquic.h"

#define TQUIC_TOKEN_NONCE	12
#define TQUIC_TOKEN_PLAIN	(8 + 1 + TQUIC_CID_MAX)
/* Additional data, plain text and tag: the AEAD's buffer (never on the
 * stack: it goes in a scatterlist)
 */
#define TQUIC_TOKEN_BUF		(1 + 16 + TQUIC_TOKEN_PLAIN + TQUIC_TAG_LEN)

/**
 * tquic_token_init - the netns's token key
 * @tn: netns state
 *
 * Return: 0 or an error from the crypto API.
 */
int tquic_token_init(struct tquic_net *tn)
{
	u8 key[16];

	get_random_bytes(key, sizeof(key));
	tn->token_aead = tquic_aead_alloc("gcm(aes)", key, sizeof(key));
	memzero_explicit(key, sizeof(key));
	if (IS_ERR(tn->token_aead)) {
		int err = PTR_ERR(tn->token_aead);

		tn->token_aead = NULL;
		return err;
	}
	return 0;
}

/**
 * tquic_token_exit - free the netns's token key
 * @tn: netns state
 */
void tquic_token_exit(struct tquic_net *tn)
{
	if (tn->token_aead)
		crypto_free_aead(tn->token_aead);
}

/* Additional data: the kind and the client's address. */
static size_t tquic_token_ad(u8 *ad, u8 kind,
			     const struct sockaddr_storage *peer)
{
	const struct sockaddr_in6 *a6 = (const void *)peer;
	const struct sockaddr_in *a4 = (const void *)peer;

	ad[0] = kind;
	if (peer->ss_family == AF_INET) {
		memcpy(ad + 1, &a4->sin_addr, 4);
		return 1 + 4;
	}
	memcpy(ad + 1, &a6->sin6_addr, 16);
	return 1 + 16;
}

/**
 * tquic_token_make - a token for the client at @peer
 * @net: netns
 * @kind: TQUIC_TOKEN_RETRY or TQUIC_TOKEN_NEW
 * @peer: the client's address
 * @odcid: Retry: the client's original Destination Connection ID
 * @out: TQUIC_TOKEN_MAX bytes
 *
 * Return: the token's length or a negative error.
 */
int tquic_token_make(struct net *net, u8 kind,
		     const struct sockaddr_storage *peer,
		     const struct tquic_cid *odcid, u8 *out)
{
	u8 nonce[TQUIC_TOKEN_NONCE];
	size_t ad_len, len;
	u8 *buf, *p;
	int err;

	buf = kzalloc(TQUIC_TOKEN_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ad_len = tquic_token_ad(buf, kind, peer);
	p = buf + ad_len;
	get_random_bytes(nonce, sizeof(nonce));
	put_unaligned_be64(ktime_get_boottime_seconds(), p);
	len = 8;
	p[len++] = odcid ? odcid->len : 0;
	if (odcid) {
		memcpy(p + len, odcid->id, odcid->len);
		len += odcid->len;
	}
	err = tquic_aead_buf(tquic_net(net)->token_aead, nonce, buf, ad_len, len,
			     true, GFP_KERNEL);
	if (!err) {
		out[0] = kind;
		memcpy(out + 1, nonce, sizeof(nonce));
		memcpy(out + 1 + sizeof(nonce), p, len + TQUIC_TAG_LEN);
		err = 1 + sizeof(nonce) + len + TQUIC_TAG_LEN;
	}
	kfree_sensitive(buf);
	return err;
}

/**
 * tquic_token_check - validate a token from the client at @peer
 * @net: netns
 * @tok: the token
 * @len: its length
 * @peer: the client's address
 * @kind: set to the token's kind when it is valid
 * @odcid: Retry tokens: set to the original Destination Connection ID
 *
 * Return: 0 when it is ours, for this address and not expired;
 * -EINVAL otherwise.
 */
int tquic_token_check(struct net *net, const u8 *tok, size_t len,
		      const struct sockaddr_storage *peer, u8 *kind,
		      struct tquic_cid *odcid)
{
	u8 nonce[TQUIC_TOKEN_NONCE];
	u64 issued, life, now;
	size_t ad_len, clen;
	int err = -EINVAL;
	u8 *buf, *p;

	if (len < 1 + TQUIC_TOKEN_NONCE + 9 + TQUIC_TAG_LEN ||
	    len > TQUIC_TOKEN_MAX ||
	    (tok[0] != TQUIC_TOKEN_RETRY && tok[0] != TQUIC_TOKEN_NEW))
		return -EINVAL;
	buf = kzalloc(TQUIC_TOKEN_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ad_len = tquic_token_ad(buf, tok[0], peer);
	memcpy(nonce, tok + 1, sizeof(nonce));
	clen = len - 1 - sizeof(nonce);
	p = buf + ad_len;
	memcpy(p, tok + 1 + sizeof(nonce), clen);
	if (tquic_aead_buf(tquic_net(net)->token_aead, nonce, buf, ad_len,
			   clen, false, GFP_KERNEL))
		goto out;
	clen -= TQUIC_TAG_LEN;
	issued = get_unaligned_be64(p);
	now = ktime_get_boottime_seconds();
	life = tok[0] == TQUIC_TOKEN_RETRY ? TQUIC_RETRY_TOKEN_LIFE :
					     TQUIC_NEW_TOKEN_LIFE;
	if (p[8] > TQUIC_CID_MAX || clen != 9 + p[8] || issued > now ||
	    now - issued > life)
		goto out;
	*kind = tok[0];
	if (odcid) {
		memset(odcid, 0, sizeof(*odcid));
		odcid->len = p[8];
		memcpy(odcid->id, p + 9, p[8]);
	}
	err = 0;
out:
	kfree_sensitive(buf);
	return err;
}
