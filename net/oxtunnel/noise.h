/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxtunnel: the 1-RTT authenticated key exchange (Noise IK over X25519,
 * ChaCha20-Poly1305 and BLAKE2s).  Pure functions over caller-owned state;
 * locking and timers are the callers' business.  The message layouts are
 * specified in Documentation/networking/oxtunnel.rst.
 */
#ifndef _OXT_NOISE_H
#define _OXT_NOISE_H

#include <crypto/blake2s.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/curve25519.h>
#include <linux/oxtunnel.h>
#include <linux/types.h>

/* OXT_KEY_LEN (uapi) is CURVE25519_KEY_SIZE. */
#define OXT_HASH_LEN		BLAKE2S_HASH_SIZE	/* 32 */
#define OXT_AEAD_TAG_LEN	CHACHA20POLY1305_AUTHTAG_SIZE	/* 16 */
#define OXT_MAC_LEN		16
#define OXT_TIMESTAMP_LEN	12
#define OXT_COOKIE_LEN		16
#define OXT_COOKIE_NONCE_LEN	XCHACHA20POLY1305_NONCE_SIZE	/* 24 */

/* Control bodies (after the 9-byte header); every one starts with its
 * type byte.  mac1 and mac2 cover the whole datagram before them, header
 * included.
 */
struct oxt_msg_init {
	u8 type;
	__le32 sender;
	u8 ephemeral[OXT_KEY_LEN];
	u8 enc_static[OXT_KEY_LEN + OXT_AEAD_TAG_LEN];
	u8 enc_timestamp[OXT_TIMESTAMP_LEN + OXT_AEAD_TAG_LEN];
	u8 mac1[OXT_MAC_LEN];
	u8 mac2[OXT_MAC_LEN];
} __packed;

struct oxt_msg_response {
	u8 type;
	__le32 sender;
	__le32 receiver;
	u8 ephemeral[OXT_KEY_LEN];
	u8 enc_empty[OXT_AEAD_TAG_LEN];
	u8 mac1[OXT_MAC_LEN];
	u8 mac2[OXT_MAC_LEN];
} __packed;

struct oxt_msg_cookie {
	u8 type;
	__le32 receiver;
	u8 nonce[OXT_COOKIE_NONCE_LEN];
	u8 enc_cookie[OXT_COOKIE_LEN + OXT_AEAD_TAG_LEN];
} __packed;

/**
 * struct oxt_identity - a device's static key pair and derived MAC keys
 * @priv: X25519 private key
 * @pub: its public key
 * @mac1_key: HASH("mac1----" || pub): key of mac1 on messages sent to us
 * @cookie_key: HASH("cookie--" || pub): key of cookie replies we send
 * @set: a private key has been configured
 */
struct oxt_identity {
	u8 priv[OXT_KEY_LEN];
	u8 pub[OXT_KEY_LEN];
	u8 mac1_key[OXT_HASH_LEN];
	u8 cookie_key[OXT_HASH_LEN];
	bool set;
};

/**
 * struct oxt_remote - what we know of a peer for handshakes
 * @pub: its static public key
 * @ss: precomputed DH(our static, its static)
 * @mac1_key: HASH("mac1----" || pub): key of mac1 on messages we send
 * @cookie_key: HASH("cookie--" || pub): key of its cookie replies
 */
struct oxt_remote {
	u8 pub[OXT_KEY_LEN];
	u8 ss[OXT_KEY_LEN];
	u8 mac1_key[OXT_HASH_LEN];
	u8 cookie_key[OXT_HASH_LEN];
};

/**
 * struct oxt_handshake - one side of a handshake in progress
 * @ck: chaining key
 * @h: handshake hash
 * @e_priv: our ephemeral private key
 * @e_pub: our ephemeral public key
 * @re_pub: the remote ephemeral public key
 * @rs_pub: the remote static public key (responder: learned from INIT)
 * @sender: our session index
 * @receiver: the remote's session index
 * @timestamp: INIT timestamp (responder: as received)
 */
struct oxt_handshake {
	u8 ck[OXT_HASH_LEN];
	u8 h[OXT_HASH_LEN];
	u8 e_priv[OXT_KEY_LEN];
	u8 e_pub[OXT_KEY_LEN];
	u8 re_pub[OXT_KEY_LEN];
	u8 rs_pub[OXT_KEY_LEN];
	u32 sender;
	u32 receiver;
	u8 timestamp[OXT_TIMESTAMP_LEN];
};

/**
 * struct oxt_session_keys - result of a completed handshake
 * @send: key for packets we send
 * @recv: key for packets we receive
 */
struct oxt_session_keys {
	u8 send[CHACHA20POLY1305_KEY_SIZE];
	u8 recv[CHACHA20POLY1305_KEY_SIZE];
};

int oxt_identity_set(struct oxt_identity *id, const u8 priv[OXT_KEY_LEN]);
int oxt_remote_init(struct oxt_remote *rem, const struct oxt_identity *id,
		    const u8 pub[OXT_KEY_LEN]);

int oxt_noise_init_create(struct oxt_handshake *hs,
			  const struct oxt_identity *id,
			  const struct oxt_remote *rem,
			  const u8 e_priv[OXT_KEY_LEN],
			  const u8 ts[OXT_TIMESTAMP_LEN],
			  struct oxt_msg_init *msg);
int oxt_noise_init_consume(struct oxt_handshake *hs,
			   const struct oxt_identity *id,
			   const struct oxt_msg_init *msg);
int oxt_noise_init_finish(struct oxt_handshake *hs,
			  const struct oxt_remote *rem,
			  const struct oxt_msg_init *msg);
int oxt_noise_response_create(struct oxt_handshake *hs,
			      const struct oxt_remote *rem,
			      const u8 e_priv[OXT_KEY_LEN],
			      struct oxt_msg_response *msg);
int oxt_noise_response_consume(struct oxt_handshake *hs,
			       const struct oxt_identity *id,
			       const struct oxt_remote *rem,
			       const struct oxt_msg_response *msg);
void oxt_noise_split(struct oxt_handshake *hs, bool initiator,
		     struct oxt_session_keys *keys);

void oxt_mac(u8 out[OXT_MAC_LEN], const u8 key[OXT_HASH_LEN],
	     const void *in, size_t len);
void oxt_cookie_seal(struct oxt_msg_cookie *msg, const u8 key[OXT_HASH_LEN],
		     const u8 cookie[OXT_COOKIE_LEN],
		     const u8 mac1[OXT_MAC_LEN]);
int oxt_cookie_open(const struct oxt_msg_cookie *msg,
		    const u8 key[OXT_HASH_LEN], const u8 mac1[OXT_MAC_LEN],
		    u8 cookie[OXT_COOKIE_LEN]);

#endif /* _OXT_NOISE_H */
