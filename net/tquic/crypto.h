/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: QUIC packet protection (RFC 9001, section 5; RFC 9369, section 3).
 */
#ifndef _TQUIC_CRYPTO_H
#define _TQUIC_CRYPTO_H

#include <linux/types.h>
#include <crypto/aes.h>

struct crypto_cipher;
struct scatterlist;

#define TQUIC_VERSION_1		0x00000001U
#define TQUIC_VERSION_2		0x6b3343cfU

/* TLS 1.3 cipher suites QUIC uses (RFC 8446, appendix B.4). */
#define TQUIC_TLS_AES_128_GCM_SHA256		0x1301
#define TQUIC_TLS_AES_256_GCM_SHA384		0x1302
#define TQUIC_TLS_CHACHA20_POLY1305_SHA256	0x1303

#define TQUIC_SECRET_MAX	48	/* SHA-384 output */
#define TQUIC_KEY_MAX		32
#define TQUIC_IV_LEN		12
#define TQUIC_TAG_LEN		16
#define TQUIC_HP_SAMPLE_LEN	16
#define TQUIC_HP_MASK_LEN	5
#define TQUIC_INITIAL_SECRET_LEN 32	/* Initial keys use SHA-256 */

/**
 * struct tquic_suite - one TLS 1.3 cipher suite as QUIC uses it
 * @tls_id: the suite's TLS codepoint
 * @aead: crypto API name of the AEAD
 * @hmac: crypto API name of the HMAC the suite's HKDF runs on
 * @key_len: AEAD and header protection key length
 * @hash_len: length of the suite's hash, and of its traffic secrets
 * @chacha: header protection is ChaCha20 rather than AES-ECB
 */
struct tquic_suite {
	u16 tls_id;
	const char *aead;
	const char *hmac;
	u8 key_len;
	u8 hash_len;
	bool chacha;
};

/**
 * struct tquic_hp_key - header protection key of one direction
 * @chacha: ChaCha20 (else AES)
 * @cipher: AES: the crypto API's best single-block AES with the key
 *	(AES-NI and the like), or NULL: @aes (lib AES) then
 * @aes: expanded AES key, without @cipher
 * @chacha_key: ChaCha20 key as little-endian words
 *
 * It owns @cipher: tquic_hp_free() releases it, and a key is moved
 * (swap()), never copied.
 */
struct tquic_hp_key {
	bool chacha;
	struct crypto_cipher *cipher;
	union {
		struct crypto_aes_ctx aes;
		u32 chacha_key[8];
	};
};

/**
 * struct tquic_pp_key - packet protection key of one direction and phase
 * @suite: its cipher suite
 * @aead: the keyed AEAD transform (synchronous)
 * @simd: the same AEAD's SIMD code (AES-NI and the like) taken directly,
 *	for when the FPU is usable; NULL when there is none
 * @peek: the same key for single blocks of the cipher's keystream
 *	(tquic_peek()), or NULL
 * @iv: the static IV the packet number is XORed into
 * @secret: the traffic secret it came from, for the next key update
 */
struct tquic_pp_key {
	const struct tquic_suite *suite;
	struct crypto_aead *aead;
	struct crypto_aead *simd;
	struct tquic_hp_key *peek;
	u8 iv[TQUIC_IV_LEN];
	u8 secret[TQUIC_SECRET_MAX];
};

const struct tquic_suite *tquic_suite_find(u16 tls_id);
bool tquic_version_supported(u32 version);

int tquic_hkdf_extract(const struct tquic_suite *s, const u8 *salt,
		       size_t salt_len, const u8 *ikm, size_t ikm_len, u8 *prk);
int tquic_hkdf_expand_label(const struct tquic_suite *s, const u8 *secret,
			    const char *label, u8 *out, size_t out_len);

int tquic_initial_secrets(u32 version, const u8 *dcid, size_t dcid_len,
			  u8 *client, u8 *server);
int tquic_key_install(struct tquic_pp_key *k, struct tquic_hp_key *hp,
		      const struct tquic_suite *s, u32 version,
		      const u8 *secret);
int tquic_key_update(struct tquic_pp_key *next,
		     const struct tquic_pp_key *cur, u32 version);
void tquic_key_free(struct tquic_pp_key *k);
struct crypto_aead *tquic_aead_alloc(const char *name, const u8 *key,
				     size_t key_len);
int tquic_aead_buf(struct crypto_aead *aead, u8 *nonce, u8 *buf,
		   size_t ad_len, size_t crypt_len, bool enc, gfp_t gfp);
int tquic_aead_sg(struct crypto_aead *aead, u8 *nonce, struct scatterlist *src,
		  struct scatterlist *dst, size_t ad_len, size_t crypt_len,
		  bool enc, gfp_t gfp);

void tquic_nonce(const struct tquic_pp_key *k, u64 pn, u8 *nonce);
void tquic_nonce_path(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		      u8 *nonce);
int tquic_seal(const struct tquic_pp_key *k, u64 pn, u8 *pkt,
	       size_t hdr_len, size_t payload_len);
int tquic_open(const struct tquic_pp_key *k, u64 pn, u8 *pkt,
	       size_t hdr_len, size_t len);
int tquic_seal_path(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		    u8 *pkt, size_t hdr_len, size_t payload_len);
int tquic_open_path(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		    u8 *pkt, size_t hdr_len, size_t len);
int tquic_seal_sg(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		  struct scatterlist *src, struct scatterlist *dst,
		  size_t hdr_len, size_t payload_len);
int tquic_peek(const struct tquic_pp_key *k, u32 path_id, u64 pn,
	       const u8 *ct, size_t len, u8 *out);
int tquic_open_sg(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		  struct scatterlist *src, struct scatterlist *dst,
		  size_t hdr_len, size_t len);

void tquic_hp_mask(const struct tquic_hp_key *hp, const u8 *sample,
		   u8 *mask);
void tquic_hp_free(struct tquic_hp_key *hp);
int tquic_hp_protect(const struct tquic_hp_key *hp, u8 *pkt, size_t len,
		     size_t pn_off);
int tquic_hp_unprotect(const struct tquic_hp_key *hp, u8 *pkt, size_t len,
		       size_t pn_off);

int tquic_retry_tag(u32 version, const u8 *odcid, size_t odcid_len,
		    const u8 *retry, size_t len, u8 *tag);

#endif /* _TQUIC_CRYPTO_H */
