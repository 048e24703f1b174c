// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the handshake, Noise IK (Noise Protocol Framework, revision
 * 34) with X25519, ChaCha20-Poly1305 and BLAKE2s from lib/crypto:
 *
 *   <- s
 *   ...
 *   -> e, es, s, ss   HANDSHAKE_INIT, payload: a 12-byte timestamp
 *   <- e, ee, se      HANDSHAKE_RESPONSE, empty payload
 *
 * The initiator must know the responder's static key; the responder
 * learns the initiator's from INIT and accepts it only if it belongs to a
 * configured peer.  Both ephemeral keys give forward secrecy; the
 * timestamp lets the responder refuse a replayed INIT.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "noise.h"

static const char oxt_protocol[] = "Noise_IK_25519_ChaChaPoly_BLAKE2s";
static const char oxt_prologue[] = "OxTunnel v1";
static const char oxt_label_mac1[8] = "mac1----";
static const char oxt_label_cookie[8] = "cookie--";

static void oxt_hash2(u8 out[OXT_HASH_LEN], const void *a, size_t alen,
		      const void *b, size_t blen)
{
	struct blake2s_state st;

	blake2s_init(&st, OXT_HASH_LEN);
	blake2s_update(&st, a, alen);
	blake2s_update(&st, b, blen);
	blake2s_final(&st, out);
}

/* HMAC-BLAKE2s with a 32-byte key (RFC 2104 over the 64-byte block). */
static void oxt_hmac(u8 out[OXT_HASH_LEN], const u8 key[OXT_HASH_LEN],
		     const void *in, size_t len)
{
	u8 pad[BLAKE2S_BLOCK_SIZE], inner[OXT_HASH_LEN];
	struct blake2s_state st;
	int i;

	memset(pad, 0, sizeof(pad));
	memcpy(pad, key, OXT_HASH_LEN);
	for (i = 0; i < BLAKE2S_BLOCK_SIZE; i++)
		pad[i] ^= 0x36;
	blake2s_init(&st, OXT_HASH_LEN);
	blake2s_update(&st, pad, sizeof(pad));
	blake2s_update(&st, in, len);
	blake2s_final(&st, inner);

	for (i = 0; i < BLAKE2S_BLOCK_SIZE; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	blake2s_init(&st, OXT_HASH_LEN);
	blake2s_update(&st, pad, sizeof(pad));
	blake2s_update(&st, inner, sizeof(inner));
	blake2s_final(&st, out);

	memzero_explicit(pad, sizeof(pad));
	memzero_explicit(inner, sizeof(inner));
}

/* Noise HKDF: two outputs from chaining key @ck and @in. */
static void oxt_kdf2(u8 o1[OXT_HASH_LEN], u8 o2[OXT_HASH_LEN],
		     const u8 ck[OXT_HASH_LEN], const u8 *in, size_t len)
{
	u8 prk[OXT_HASH_LEN], t[OXT_HASH_LEN + 1];

	oxt_hmac(prk, ck, in, len);
	t[0] = 1;
	oxt_hmac(t, prk, t, 1);
	memcpy(o1, t, OXT_HASH_LEN);
	if (o2) {
		t[OXT_HASH_LEN] = 2;
		oxt_hmac(o2, prk, t, sizeof(t));
	}
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(t, sizeof(t));
}

static void oxt_mix_hash(u8 h[OXT_HASH_LEN], const void *in, size_t len)
{
	oxt_hash2(h, h, OXT_HASH_LEN, in, len);
}

/* MixKey(DH(priv, pub)): updates @ck, gives the next message key @k. */
static int oxt_mix_dh(u8 ck[OXT_HASH_LEN], u8 k[OXT_HASH_LEN],
		      const u8 priv[OXT_KEY_LEN], const u8 pub[OXT_KEY_LEN])
{
	u8 dh[OXT_KEY_LEN];

	/* An all-zero result means a low-order point: refuse it. */
	if (!curve25519(dh, priv, pub))
		return -EKEYREJECTED;
	oxt_kdf2(ck, k, ck, dh, sizeof(dh));
	memzero_explicit(dh, sizeof(dh));
	return 0;
}

static void oxt_mix_precomputed(u8 ck[OXT_HASH_LEN], u8 k[OXT_HASH_LEN],
				const u8 ss[OXT_KEY_LEN])
{
	oxt_kdf2(ck, k, ck, ss, OXT_KEY_LEN);
}

/* EncryptAndHash with nonce 0; @src may be NULL when @len is 0. */
static void oxt_seal_hash(u8 *dst, const u8 *src, size_t len,
			  const u8 k[OXT_HASH_LEN], u8 h[OXT_HASH_LEN])
{
	static const u8 none[1];

	chacha20poly1305_encrypt(dst, src ?: none, len, h, OXT_HASH_LEN, 0,
				 k);
	oxt_mix_hash(h, dst, len + OXT_AEAD_TAG_LEN);
}

/* DecryptAndHash with nonce 0; @dst may be NULL when @len is 0. */
static int oxt_open_hash(u8 *dst, const u8 *src, size_t len,
			 const u8 k[OXT_HASH_LEN], u8 h[OXT_HASH_LEN])
{
	u8 none[1];

	if (!chacha20poly1305_decrypt(dst ?: none, src, len + OXT_AEAD_TAG_LEN,
				      h, OXT_HASH_LEN, 0, k))
		return -EBADMSG;
	oxt_mix_hash(h, src, len + OXT_AEAD_TAG_LEN);
	return 0;
}

/* h and ck before any message, with the responder's static key mixed. */
static void oxt_noise_start(struct oxt_handshake *hs,
			    const u8 responder_pub[OXT_KEY_LEN])
{
	blake2s(hs->ck, oxt_protocol, NULL, OXT_HASH_LEN,
		sizeof(oxt_protocol) - 1, 0);
	oxt_hash2(hs->h, hs->ck, OXT_HASH_LEN, oxt_prologue,
		  sizeof(oxt_prologue) - 1);
	oxt_mix_hash(hs->h, responder_pub, OXT_KEY_LEN);
}

/**
 * oxt_identity_set - install a static private key
 * @id: the identity
 * @priv: 32-byte X25519 private key (clamped here)
 *
 * Return: 0, or -EINVAL for a key whose public key is the zero point.
 */
int oxt_identity_set(struct oxt_identity *id, const u8 priv[OXT_KEY_LEN])
{
	u8 p[OXT_KEY_LEN];

	memcpy(p, priv, OXT_KEY_LEN);
	curve25519_clamp_secret(p);
	if (!curve25519_generate_public(id->pub, p)) {
		memzero_explicit(p, sizeof(p));
		return -EINVAL;
	}
	memcpy(id->priv, p, OXT_KEY_LEN);
	memzero_explicit(p, sizeof(p));
	oxt_hash2(id->mac1_key, oxt_label_mac1, 8, id->pub, OXT_KEY_LEN);
	oxt_hash2(id->cookie_key, oxt_label_cookie, 8, id->pub, OXT_KEY_LEN);
	id->set = true;
	return 0;
}

/**
 * oxt_remote_init - prepare a peer's handshake material
 * @rem: the peer
 * @id: our identity (may be unset: then @rem->ss is zero until set again)
 * @pub: the peer's static public key
 *
 * Return: 0, or -EKEYREJECTED if DH with @pub gives the zero point.
 */
int oxt_remote_init(struct oxt_remote *rem, const struct oxt_identity *id,
		    const u8 pub[OXT_KEY_LEN])
{
	/* Any scalar: a low-order point gives zero with every one. */
	static const u8 probe[OXT_KEY_LEN] = { 0x4f, 0x58, 1 };
	u8 tmp[OXT_KEY_LEN];

	if (!curve25519(tmp, probe, pub))
		return -EKEYREJECTED;
	memcpy(rem->pub, pub, OXT_KEY_LEN);
	oxt_hash2(rem->mac1_key, oxt_label_mac1, 8, pub, OXT_KEY_LEN);
	oxt_hash2(rem->cookie_key, oxt_label_cookie, 8, pub, OXT_KEY_LEN);
	memset(rem->ss, 0, OXT_KEY_LEN);
	if (id->set && !curve25519(rem->ss, id->priv, pub))
		return -EKEYREJECTED;
	return 0;
}

/**
 * oxt_noise_init_create - build the crypto fields of HANDSHAKE_INIT
 * @hs: handshake state to fill (hs->sender set by the caller)
 * @id: our identity
 * @rem: the responder
 * @e_priv: a fresh ephemeral private key (random, clamped here)
 * @ts: timestamp payload, strictly increasing per initiator
 * @msg: message; type, sender and macs are the caller's
 *
 * Return: 0 or -EKEYREJECTED.
 */
int oxt_noise_init_create(struct oxt_handshake *hs,
			  const struct oxt_identity *id,
			  const struct oxt_remote *rem,
			  const u8 e_priv[OXT_KEY_LEN],
			  const u8 ts[OXT_TIMESTAMP_LEN],
			  struct oxt_msg_init *msg)
{
	u8 k[OXT_HASH_LEN];
	int err;

	oxt_noise_start(hs, rem->pub);
	memcpy(hs->e_priv, e_priv, OXT_KEY_LEN);
	curve25519_clamp_secret(hs->e_priv);
	if (!curve25519_generate_public(hs->e_pub, hs->e_priv))
		return -EKEYREJECTED;
	memcpy(msg->ephemeral, hs->e_pub, OXT_KEY_LEN);
	oxt_mix_hash(hs->h, hs->e_pub, OXT_KEY_LEN);

	err = oxt_mix_dh(hs->ck, k, hs->e_priv, rem->pub);		/* es */
	if (err)
		goto out;
	oxt_seal_hash(msg->enc_static, id->pub, OXT_KEY_LEN, k, hs->h);
	oxt_mix_precomputed(hs->ck, k, rem->ss);			/* ss */
	oxt_seal_hash(msg->enc_timestamp, ts, OXT_TIMESTAMP_LEN, k, hs->h);
	memcpy(hs->rs_pub, rem->pub, OXT_KEY_LEN);
	memcpy(hs->timestamp, ts, OXT_TIMESTAMP_LEN);
out:
	memzero_explicit(k, sizeof(k));
	return err;
}

/**
 * oxt_noise_init_consume - responder: first half of reading INIT
 * @hs: fresh state; on success hs->rs_pub is the claimed initiator key
 * @id: our identity
 * @msg: the message (mac1 already checked by the caller)
 *
 * The caller looks the peer up by hs->rs_pub, then calls
 * oxt_noise_init_finish().
 *
 * Return: 0, -EKEYREJECTED or -EBADMSG.
 */
int oxt_noise_init_consume(struct oxt_handshake *hs,
			   const struct oxt_identity *id,
			   const struct oxt_msg_init *msg)
{
	u8 k[OXT_HASH_LEN];
	int err;

	oxt_noise_start(hs, id->pub);
	memcpy(hs->re_pub, msg->ephemeral, OXT_KEY_LEN);
	oxt_mix_hash(hs->h, hs->re_pub, OXT_KEY_LEN);
	err = oxt_mix_dh(hs->ck, k, id->priv, hs->re_pub);		/* es */
	if (!err)
		err = oxt_open_hash(hs->rs_pub, msg->enc_static, OXT_KEY_LEN,
				    k, hs->h);
	hs->receiver = le32_to_cpu(msg->sender);
	memzero_explicit(k, sizeof(k));
	return err;
}

/**
 * oxt_noise_init_finish - responder: second half of reading INIT
 * @hs: state from oxt_noise_init_consume(); on success hs->timestamp
 * @rem: the configured peer whose key is hs->rs_pub
 * @msg: the message
 *
 * Return: 0 or -EBADMSG (the caller then compares the timestamp with the
 * newest one seen from this peer).
 */
int oxt_noise_init_finish(struct oxt_handshake *hs,
			  const struct oxt_remote *rem,
			  const struct oxt_msg_init *msg)
{
	u8 k[OXT_HASH_LEN];
	int err;

	oxt_mix_precomputed(hs->ck, k, rem->ss);			/* ss */
	err = oxt_open_hash(hs->timestamp, msg->enc_timestamp,
			    OXT_TIMESTAMP_LEN, k, hs->h);
	memzero_explicit(k, sizeof(k));
	return err;
}

/**
 * oxt_noise_response_create - responder: crypto fields of the RESPONSE
 * @hs: state after oxt_noise_init_finish(); hs->sender set by the caller
 * @rem: the initiator
 * @e_priv: fresh ephemeral private key
 * @msg: message; type, indexes and macs are the caller's
 *
 * Return: 0 or -EKEYREJECTED.
 */
int oxt_noise_response_create(struct oxt_handshake *hs,
			      const struct oxt_remote *rem,
			      const u8 e_priv[OXT_KEY_LEN],
			      struct oxt_msg_response *msg)
{
	u8 k[OXT_HASH_LEN];
	int err;

	memcpy(hs->e_priv, e_priv, OXT_KEY_LEN);
	curve25519_clamp_secret(hs->e_priv);
	if (!curve25519_generate_public(hs->e_pub, hs->e_priv))
		return -EKEYREJECTED;
	memcpy(msg->ephemeral, hs->e_pub, OXT_KEY_LEN);
	oxt_mix_hash(hs->h, hs->e_pub, OXT_KEY_LEN);

	err = oxt_mix_dh(hs->ck, k, hs->e_priv, hs->re_pub);		/* ee */
	if (!err)
		err = oxt_mix_dh(hs->ck, k, hs->e_priv, rem->pub);	/* se */
	if (!err)
		oxt_seal_hash(msg->enc_empty, NULL, 0, k, hs->h);
	memzero_explicit(k, sizeof(k));
	return err;
}

/**
 * oxt_noise_response_consume - initiator: read the RESPONSE
 * @hs: state from oxt_noise_init_create()
 * @id: our identity
 * @rem: the responder
 * @msg: the message (mac1 checked, receiver index matched by the caller)
 *
 * Return: 0, -EKEYREJECTED or -EBADMSG.  On error @hs is unchanged, so a
 * forged response cannot spoil a handshake in flight.
 */
int oxt_noise_response_consume(struct oxt_handshake *hs,
			       const struct oxt_identity *id,
			       const struct oxt_remote *rem,
			       const struct oxt_msg_response *msg)
{
	u8 ck[OXT_HASH_LEN], h[OXT_HASH_LEN], k[OXT_HASH_LEN];
	int err;

	memcpy(ck, hs->ck, OXT_HASH_LEN);
	memcpy(h, hs->h, OXT_HASH_LEN);
	oxt_mix_hash(h, msg->ephemeral, OXT_KEY_LEN);
	err = oxt_mix_dh(ck, k, hs->e_priv, msg->ephemeral);		/* ee */
	if (!err)
		err = oxt_mix_dh(ck, k, id->priv, msg->ephemeral);	/* se */
	if (!err)
		err = oxt_open_hash(NULL, msg->enc_empty, 0, k, h);
	if (!err) {
		memcpy(hs->ck, ck, OXT_HASH_LEN);
		memcpy(hs->h, h, OXT_HASH_LEN);
		memcpy(hs->re_pub, msg->ephemeral, OXT_KEY_LEN);
		hs->receiver = le32_to_cpu(msg->sender);
	}
	memzero_explicit(ck, sizeof(ck));
	memzero_explicit(k, sizeof(k));
	return err;
}

/**
 * oxt_noise_split - derive the transport keys and wipe the handshake
 * @hs: a completed handshake
 * @initiator: we sent INIT
 * @keys: the session keys
 */
void oxt_noise_split(struct oxt_handshake *hs, bool initiator,
		     struct oxt_session_keys *keys)
{
	u8 k1[OXT_HASH_LEN], k2[OXT_HASH_LEN];

	oxt_kdf2(k1, k2, hs->ck, NULL, 0);
	memcpy(keys->send, initiator ? k1 : k2, sizeof(keys->send));
	memcpy(keys->recv, initiator ? k2 : k1, sizeof(keys->recv));
	memzero_explicit(k1, sizeof(k1));
	memzero_explicit(k2, sizeof(k2));
	memzero_explicit(hs->ck, sizeof(hs->ck));
	memzero_explicit(hs->e_priv, sizeof(hs->e_priv));
}

/**
 * oxt_mac - 16-byte keyed BLAKE2s MAC (mac1, mac2, cookies)
 * @out: the MAC
 * @key: 32-byte key
 * @in: data
 * @len: its length
 */
void oxt_mac(u8 out[OXT_MAC_LEN], const u8 key[OXT_HASH_LEN],
	     const void *in, size_t len)
{
	blake2s(out, in, key, OXT_MAC_LEN, len, OXT_HASH_LEN);
}

/**
 * oxt_cookie_seal - fill a COOKIE_REPLY body (type and receiver: caller)
 * @msg: message; msg->nonce must hold 24 random bytes
 * @key: our cookie_key
 * @cookie: the cookie for the initiator's address
 * @mac1: mac1 of the message being answered (bound as associated data)
 */
void oxt_cookie_seal(struct oxt_msg_cookie *msg, const u8 key[OXT_HASH_LEN],
		     const u8 cookie[OXT_COOKIE_LEN],
		     const u8 mac1[OXT_MAC_LEN])
{
	xchacha20poly1305_encrypt(msg->enc_cookie, cookie, OXT_COOKIE_LEN,
				  mac1, OXT_MAC_LEN, msg->nonce, key);
}

/**
 * oxt_cookie_open - read a COOKIE_REPLY
 * @msg: the message
 * @key: the responder's cookie_key
 * @mac1: mac1 of the message we sent and it answers
 * @cookie: the cookie
 *
 * Return: 0 or -EBADMSG.
 */
int oxt_cookie_open(const struct oxt_msg_cookie *msg,
		    const u8 key[OXT_HASH_LEN], const u8 mac1[OXT_MAC_LEN],
		    u8 cookie[OXT_COOKIE_LEN])
{
	if (!xchacha20poly1305_decrypt(cookie, msg->enc_cookie,
				       sizeof(msg->enc_cookie), mac1,
				       OXT_MAC_LEN, msg->nonce, key))
		return -EBADMSG;
	return 0;
}
