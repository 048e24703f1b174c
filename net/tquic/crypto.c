// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: QUIC packet protection.
 *
 * Key schedule (RFC 9001, section 5 and RFC 9369, section 3.3): HKDF on
 * the suite's hash with TLS 1.3's HKDF-Expand-Label; Initial secrets from
 * the client's first Destination Connection ID and a per-version salt;
 * AEAD packet protection with a nonce of IV XOR packet number; header
 * protection with AES-ECB or ChaCha20 over a 16-byte ciphertext sample;
 * key update; the Retry integrity tag.
 *
 * Installing and updating keys allocates crypto transforms and may sleep;
 * sealing, opening and header protection run in any context.
 *
 * Fast AES-GCM: the SIMD implementations (AES-NI with PCLMULQDQ on x86)
 * register their code as an internal synchronous algorithm ("__gcm(aes)")
 * wrapped in an asynchronous one (crypto/simd.c) that defers to cryptd
 * when the FPU is not usable.  Sealing must be synchronous, and a plain
 * synchronous "gcm(aes)" is the generic C GHASH over CTR: several times
 * slower.  So a packet protection key holds both: the internal SIMD
 * transform, used whenever crypto_simd_usable(), and the synchronous one
 * for the rest (e.g. a softirq that interrupted a kernel FPU section).
 * kTLS gets the same SIMD code through the wrapper.
 */
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/simd.h>
#include <crypto/aead.h>
#include <crypto/algapi.h>
#include <crypto/chacha.h>
#include <crypto/hash.h>
#include <crypto/internal/cipher.h>
#include <crypto/internal/simd.h>

#include "compat.h"
#include "crypto.h"

/* Request context bytes kept on the stack rather than allocated per
 * packet (the SIMD GCMs need none; the generic template needs more).
 */
#define TQUIC_AEAD_REQ_STACK	64

static const struct tquic_suite tquic_suites[] = {
	{
		.tls_id = TQUIC_TLS_AES_128_GCM_SHA256,
		.aead = "gcm(aes)",
		.hmac = "hmac(sha256)",
		.key_len = 16,
		.hash_len = 32,
	},
	{
		.tls_id = TQUIC_TLS_AES_256_GCM_SHA384,
		.aead = "gcm(aes)",
		.hmac = "hmac(sha384)",
		.key_len = 32,
		.hash_len = 48,
	},
	{
		.tls_id = TQUIC_TLS_CHACHA20_POLY1305_SHA256,
		.aead = "rfc7539(chacha20,poly1305)",
		.hmac = "hmac(sha256)",
		.key_len = 32,
		.hash_len = 32,
		.chacha = true,
	},
};

/**
 * struct tquic_version_info - what differs between QUIC v1 and v2 keys
 * @version: the version number on the wire
 * @salt: Initial salt
 * @key: label of the packet protection key
 * @iv: label of the IV
 * @hp: label of the header protection key
 * @ku: label of the next generation's secret
 * @retry_key: AES-128-GCM key of the Retry integrity tag
 * @retry_nonce: its nonce
 */
struct tquic_version_info {
	u32 version;
	u8 salt[20];
	const char *key, *iv, *hp, *ku;
	u8 retry_key[16];
	u8 retry_nonce[TQUIC_IV_LEN];
};

static const struct tquic_version_info tquic_versions[] = {
	{
		.version = TQUIC_VERSION_1,
		.salt = { 0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3,
			  0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad,
			  0xcc, 0xbb, 0x7f, 0x0a },
		.key = "quic key", .iv = "quic iv", .hp = "quic hp",
		.ku = "quic ku",
		.retry_key = { 0xbe, 0x0c, 0x69, 0x0b, 0x9f, 0x66, 0x57, 0x5a,
			       0x1d, 0x76, 0x6b, 0x54, 0xe3, 0x68, 0xc8, 0x4e },
		.retry_nonce = { 0x46, 0x15, 0x99, 0xd3, 0x5d, 0x63, 0x2b,
				 0xf2, 0x23, 0x98, 0x25, 0xbb },
	},
	{
		.version = TQUIC_VERSION_2,
		.salt = { 0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb,
			  0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb,
			  0xf9, 0xbd, 0x2e, 0xd9 },
		.key = "quicv2 key", .iv = "quicv2 iv", .hp = "quicv2 hp",
		.ku = "quicv2 ku",
		.retry_key = { 0x8f, 0xb4, 0xb0, 0x1b, 0x56, 0xac, 0x48, 0xe2,
			       0x60, 0xfb, 0xcb, 0xce, 0xad, 0x7c, 0xcc, 0x92 },
		.retry_nonce = { 0xd8, 0x69, 0x69, 0xbc, 0x2d, 0x7c, 0x6d,
				 0x99, 0x90, 0xef, 0xb0, 0x4a },
	},
};

/**
 * tquic_suite_find - the cipher suite with TLS codepoint @tls_id
 * @tls_id: e.g. TQUIC_TLS_AES_128_GCM_SHA256
 *
 * Return: the suite, or NULL if QUIC cannot use it.
 */
const struct tquic_suite *tquic_suite_find(u16 tls_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tquic_suites); i++)
		if (tquic_suites[i].tls_id == tls_id)
			return &tquic_suites[i];
	return NULL;
}

static const struct tquic_version_info *tquic_version_find(u32 version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tquic_versions); i++)
		if (tquic_versions[i].version == version)
			return &tquic_versions[i];
	return NULL;
}

/**
 * tquic_version_supported - whether tquic speaks QUIC version @version
 * @version: version number from a long header
 */
bool tquic_version_supported(u32 version)
{
	return tquic_version_find(version);
}

static struct crypto_shash *tquic_hmac_alloc(const struct tquic_suite *s,
					     const u8 *key, size_t key_len)
{
	struct crypto_shash *h;
	int err;

	h = crypto_alloc_shash(s->hmac, 0, 0);
	if (IS_ERR(h))
		return h;
	err = crypto_shash_setkey(h, key, key_len);
	if (err) {
		crypto_free_shash(h);
		return ERR_PTR(err);
	}
	return h;
}

/**
 * tquic_hkdf_extract - HKDF-Extract (RFC 5869) on the suite's hash
 * @s: cipher suite
 * @salt: salt
 * @salt_len: its length
 * @ikm: input keying material
 * @ikm_len: its length
 * @prk: output, @s->hash_len bytes
 *
 * Context: process; allocates.
 * Return: 0 or a negative error from the crypto API.
 */
int tquic_hkdf_extract(const struct tquic_suite *s, const u8 *salt,
		       size_t salt_len, const u8 *ikm, size_t ikm_len, u8 *prk)
{
	struct crypto_shash *h;
	int err;

	h = tquic_hmac_alloc(s, salt, salt_len);
	if (IS_ERR(h))
		return PTR_ERR(h);
	err = crypto_shash_tfm_digest(h, ikm, ikm_len, prk);
	crypto_free_shash(h);
	return err;
}

/**
 * tquic_hkdf_expand_label - TLS 1.3 HKDF-Expand-Label with an empty context
 * @s: cipher suite
 * @secret: @s->hash_len bytes of pseudorandom key
 * @label: label without the "tls13 " prefix
 * @out: output
 * @out_len: bytes wanted, at most 255 * @s->hash_len
 *
 * Context: process; allocates.
 * Return: 0, -EINVAL for a label or length out of range, or an error
 * from the crypto API.
 */
int tquic_hkdf_expand_label(const struct tquic_suite *s, const u8 *secret,
			    const char *label, u8 *out, size_t out_len)
{
	static const char prefix[] = "tls13 ";
	size_t label_len = strlen(label), info_len, done = 0;
	u8 info[2 + 1 + 255 + 1], t[TQUIC_SECRET_MAX], ctr = 0;
	struct crypto_shash *h;
	int err = 0;

	if (sizeof(prefix) - 1 + label_len > 255 ||
	    out_len > 255 * s->hash_len || !out_len)
		return -EINVAL;
	info[0] = out_len >> 8;
	info[1] = out_len & 0xff;
	info[2] = sizeof(prefix) - 1 + label_len;
	memcpy(info + 3, prefix, sizeof(prefix) - 1);
	memcpy(info + 3 + sizeof(prefix) - 1, label, label_len);
	info_len = 3 + info[2];
	info[info_len++] = 0;	/* empty context */

	h = tquic_hmac_alloc(s, secret, s->hash_len);
	if (IS_ERR(h))
		return PTR_ERR(h);
	{
		SHASH_DESC_ON_STACK(desc, h);

		desc->tfm = h;
		while (done < out_len) {
			size_t n = min_t(size_t, s->hash_len, out_len - done);

			ctr++;
			err = crypto_shash_init(desc);
			if (!err && ctr > 1)
				err = crypto_shash_update(desc, t,
							  s->hash_len);
			if (!err)
				err = crypto_shash_update(desc, info,
							  info_len);
			if (!err)
				err = crypto_shash_finup(desc, &ctr, 1, t);
			if (err)
				break;
			memcpy(out + done, t, n);
			done += n;
		}
		shash_desc_zero(desc);
	}
	memzero_explicit(t, sizeof(t));
	crypto_free_shash(h);
	return err;
}

/**
 * tquic_initial_secrets - client and server Initial secrets
 * @version: QUIC version (selects the salt)
 * @dcid: Destination Connection ID of the client's first Initial
 * @dcid_len: its length
 * @client: output, TQUIC_INITIAL_SECRET_LEN bytes
 * @server: output, TQUIC_INITIAL_SECRET_LEN bytes
 *
 * Context: process; allocates.
 * Return: 0, -EPROTONOSUPPORT for an unknown version, or a crypto error.
 */
int tquic_initial_secrets(u32 version, const u8 *dcid, size_t dcid_len,
			  u8 *client, u8 *server)
{
	const struct tquic_suite *s =
		tquic_suite_find(TQUIC_TLS_AES_128_GCM_SHA256);
	const struct tquic_version_info *v = tquic_version_find(version);
	u8 prk[TQUIC_INITIAL_SECRET_LEN];
	int err;

	if (!v)
		return -EPROTONOSUPPORT;
	err = tquic_hkdf_extract(s, v->salt, sizeof(v->salt), dcid, dcid_len,
				 prk);
	if (!err)
		err = tquic_hkdf_expand_label(s, prk, "client in", client,
					      TQUIC_INITIAL_SECRET_LEN);
	if (!err)
		err = tquic_hkdf_expand_label(s, prk, "server in", server,
					      TQUIC_INITIAL_SECRET_LEN);
	memzero_explicit(prk, sizeof(prk));
	return err;
}

/* Transform @name of @type and @mask with @key and a 16-byte tag. */
static struct crypto_aead *tquic_aead_new(const char *name, u32 type,
					  u32 mask, const u8 *key,
					  size_t key_len)
{
	struct crypto_aead *aead;
	int err;

	aead = crypto_alloc_aead(name, type, mask);
	if (IS_ERR(aead))
		return aead;
	err = crypto_aead_setkey(aead, key, key_len);
	if (!err)
		err = crypto_aead_setauthsize(aead, TQUIC_TAG_LEN);
	if (err) {
		crypto_free_aead(aead);
		return ERR_PTR(err);
	}
	return aead;
}

/**
 * tquic_aead_alloc - a synchronous AEAD with its key and a 16-byte tag
 * @name: crypto API name, e.g. "gcm(aes)"
 * @key: key
 * @key_len: its length
 *
 * Context: process.
 * Return: the transform or an ERR_PTR().
 */
struct crypto_aead *tquic_aead_alloc(const char *name, const u8 *key,
				     size_t key_len)
{
	/* Synchronous only: sealing happens in softirq with no waiting. */
	return tquic_aead_new(name, 0, CRYPTO_ALG_ASYNC, key, key_len);
}

/* When the last lookup of the SIMD GCM found none (jiffies), so that
 * connections on a machine without it do not each pay a failed lookup.
 */
static unsigned long tquic_simd_missed;
static bool tquic_simd_ever_missed;
#define TQUIC_SIMD_RETRY	(60 * HZ)

/* The internal SIMD AES-GCM with @key, or NULL (none loaded: the lookup
 * does not load modules).
 */
static struct crypto_aead *tquic_aead_alloc_simd(const struct tquic_suite *s,
						 const u8 *key)
{
	struct crypto_aead *aead;

	if (s->chacha)	/* ChaCha20 and Poly1305 use SIMD on their own */
		return NULL;
	if (READ_ONCE(tquic_simd_ever_missed) &&
	    time_before(jiffies, READ_ONCE(tquic_simd_missed) +
			TQUIC_SIMD_RETRY))
		return NULL;
	aead = tquic_aead_new("__gcm(aes)", CRYPTO_ALG_INTERNAL,
			      CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC |
			      CRYPTO_NOLOAD, key, s->key_len);
	if (PTR_ERR_OR_ZERO(aead) == -ENOENT) {
		WRITE_ONCE(tquic_simd_missed, jiffies);
		WRITE_ONCE(tquic_simd_ever_missed, true);
	}
	return IS_ERR(aead) ? NULL : aead;
}

/* The crypto API's best single-block AES keyed with @key (on x86 AES-NI,
 * several times faster than lib AES for the one block a header mask
 * takes), or NULL: lib AES does it then.  Not aes-generic: its tables
 * make its timing depend on the key, which lib AES takes care to avoid.
 */
static struct crypto_cipher *tquic_hp_cipher(const u8 *key,
					     unsigned int len)
{
	struct crypto_cipher *c = crypto_alloc_cipher("aes", 0, 0);

	if (IS_ERR(c))
		return NULL;
	if (!strcmp(crypto_tfm_alg_driver_name(crypto_cipher_tfm(c)),
		    "aes-generic") || crypto_cipher_setkey(c, key, len)) {
		crypto_free_cipher(c);
		return NULL;
	}
	return c;
}

/**
 * tquic_hp_free - release a header protection key and wipe it
 * @hp: key (may be all zero)
 */
void tquic_hp_free(struct tquic_hp_key *hp)
{
	if (hp->cipher)
		crypto_free_cipher(hp->cipher);
	memzero_explicit(hp, sizeof(*hp));
}

/* Key @hp (zeroed) for single blocks of @s's cipher with @key: header
 * protection, or tquic_peek().  Return: 0 or an AES key error.
 */
static int tquic_block_key_set(struct tquic_hp_key *hp,
			       const struct tquic_suite *s, const u8 *key)
{
	unsigned int i;

	hp->chacha = s->chacha;
	if (s->chacha) {
		for (i = 0; i < 8; i++)
			hp->chacha_key[i] = get_unaligned_le32(key + 4 * i);
		return 0;
	}
	hp->cipher = tquic_hp_cipher(key, s->key_len);
	return hp->cipher ? 0 : aes_expandkey(&hp->aes, key, s->key_len);
}

/* The packet key @key of @s for tquic_peek(), or NULL (none then) */
static struct tquic_hp_key *tquic_peek_key(const struct tquic_suite *s,
					   const u8 *key)
{
	struct tquic_hp_key *pk = kzalloc(sizeof(*pk), GFP_KERNEL);

	if (pk && tquic_block_key_set(pk, s, key)) {
		kfree_sensitive(pk);
		pk = NULL;
	}
	return pk;
}

/**
 * tquic_key_install - derive packet and header protection from a secret
 * @k: packet protection key to fill
 * @hp: header protection key to fill, or NULL (key updates keep it)
 * @s: cipher suite
 * @version: QUIC version (selects the labels)
 * @secret: traffic secret, @s->hash_len bytes
 *
 * Context: process; allocates.
 * Return: 0, -EPROTONOSUPPORT for an unknown version, or a crypto error.
 * On error @k holds nothing to free.
 */
int tquic_key_install(struct tquic_pp_key *k, struct tquic_hp_key *hp,
		      const struct tquic_suite *s, u32 version,
		      const u8 *secret)
{
	const struct tquic_version_info *v = tquic_version_find(version);
	u8 key[TQUIC_KEY_MAX];
	int err;

	memset(k, 0, sizeof(*k));
	if (!v)
		return -EPROTONOSUPPORT;
	err = tquic_hkdf_expand_label(s, secret, v->key, key, s->key_len);
	if (!err)
		err = tquic_hkdf_expand_label(s, secret, v->iv, k->iv,
					      TQUIC_IV_LEN);
	if (err)
		goto out;
	k->aead = tquic_aead_alloc(s->aead, key, s->key_len);
	if (IS_ERR(k->aead)) {
		err = PTR_ERR(k->aead);
		k->aead = NULL;
		goto out;
	}
	k->simd = tquic_aead_alloc_simd(s, key);
	k->peek = tquic_peek_key(s, key);
	if (hp) {
		err = tquic_hkdf_expand_label(s, secret, v->hp, key,
					      s->key_len);
		if (err)
			goto free_aead;
		tquic_hp_free(hp);
		err = tquic_block_key_set(hp, s, key);
		if (err)
			goto free_aead;
	}
	k->suite = s;
	memcpy(k->secret, secret, s->hash_len);
	goto out;

free_aead:
	tquic_key_free(k);
out:
	memzero_explicit(key, sizeof(key));
	return err;
}

/**
 * tquic_key_update - the next key phase's packet protection (RFC 9001, 6)
 * @next: filled with the next generation
 * @cur: current generation
 * @version: QUIC version (selects the label)
 *
 * Header protection keys do not change on a key update.
 *
 * Context: process; allocates.
 * Return: as tquic_key_install().
 */
int tquic_key_update(struct tquic_pp_key *next,
		     const struct tquic_pp_key *cur, u32 version)
{
	const struct tquic_version_info *v = tquic_version_find(version);
	const struct tquic_suite *s = cur->suite;
	u8 secret[TQUIC_SECRET_MAX];
	int err;

	if (!v || !s)
		return -EPROTONOSUPPORT;
	err = tquic_hkdf_expand_label(s, cur->secret, v->ku, secret,
				      s->hash_len);
	if (!err)
		err = tquic_key_install(next, NULL, s, version, secret);
	memzero_explicit(secret, sizeof(secret));
	return err;
}

/**
 * tquic_key_free - release a packet protection key and wipe it
 * @k: key (may be all zero)
 */
void tquic_key_free(struct tquic_pp_key *k)
{
	if (k->peek) {
		tquic_hp_free(k->peek);
		kfree(k->peek);
	}
	if (k->simd)
		crypto_free_aead(k->simd);
	if (k->aead)
		crypto_free_aead(k->aead);
	memzero_explicit(k, sizeof(*k));
}

/**
 * tquic_nonce - the AEAD nonce of packet @pn: IV XOR left-padded @pn
 * @k: key
 * @pn: full packet number
 * @nonce: output, TQUIC_IV_LEN bytes
 */
void tquic_nonce(const struct tquic_pp_key *k, u64 pn, u8 *nonce)
{
	memcpy(nonce, k->iv, TQUIC_IV_LEN - 8);
	put_unaligned_be64(get_unaligned_be64(k->iv + TQUIC_IV_LEN - 8) ^ pn,
			   nonce + TQUIC_IV_LEN - 8);
}

/**
 * tquic_nonce_path - the AEAD nonce of packet @pn on path @path_id
 *	(draft-ietf-quic-multipath-21, 2.4): the IV XOR the 32-bit path
 *	identifier and the 64-bit packet number, both big endian, as one
 *	96-bit value (path 0 gives tquic_nonce())
 * @k: key
 * @path_id: the path identifier
 * @pn: full packet number in that path's space
 * @nonce: output, TQUIC_IV_LEN bytes
 */
void tquic_nonce_path(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		      u8 *nonce)
{
	tquic_nonce(k, pn, nonce);
	/* the 96 bits: path ID in the first 32, packet number in the rest */
	BUILD_BUG_ON(TQUIC_IV_LEN != 4 + 8);
	put_unaligned_be32(get_unaligned_be32(nonce) ^ path_id, nonce);
}

/**
 * tquic_aead_sg - seal or open from @src into @dst
 * @aead: the AEAD (16-byte tag)
 * @nonce: its nonce
 * @src: @ad_len bytes of associated data, then @crypt_len bytes
 * @dst: room for @ad_len bytes (not written), then for the output;
 *	@src for in place
 * @ad_len: associated data bytes
 * @crypt_len: bytes to seal (the tag follows in @dst), or to open (tag
 *	included; @dst takes @crypt_len - TQUIC_TAG_LEN)
 * @enc: seal (else open)
 * @gfp: for the request, when it is too big for the stack
 *
 * Return: 0, -ENOMEM, -EBADMSG when opening fails, or a crypto error.
 */
int tquic_aead_sg(struct crypto_aead *aead, u8 *nonce, struct scatterlist *src,
		  struct scatterlist *dst, size_t ad_len, size_t crypt_len,
		  bool enc, gfp_t gfp)
{
	u8 stack[sizeof(struct aead_request) + TQUIC_AEAD_REQ_STACK]
		__aligned(__alignof__(struct aead_request));
	unsigned int reqsize = crypto_aead_reqsize(aead);
	struct aead_request *req = (void *)stack;
	int err;

	if (reqsize > TQUIC_AEAD_REQ_STACK) {
		req = aead_request_alloc(aead, gfp);
		if (!req)
			return -ENOMEM;
	} else {
		aead_request_set_tfm(req, aead);
	}
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, ad_len);
	aead_request_set_crypt(req, src, dst, crypt_len, nonce);
	err = enc ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	if (req != (void *)stack)
		aead_request_free(req);
	else
		memzero_explicit(req, sizeof(*req) + reqsize);
	return err;
}

/**
 * tquic_aead_buf - seal or open one buffer in place
 * @aead: the AEAD (16-byte tag)
 * @nonce: its nonce
 * @buf: @ad_len bytes of associated data, then @crypt_len bytes; sealing
 *	appends the tag (TQUIC_TAG_LEN bytes of room after), opening finds
 *	it at the end of @crypt_len.  Not on the stack: it goes in a
 *	scatterlist.
 * @ad_len: associated data bytes
 * @crypt_len: bytes to seal, or to open (tag included)
 * @enc: seal (else open)
 * @gfp: for the request, when it is too big for the stack
 *
 * Return: as tquic_aead_sg().
 */
int tquic_aead_buf(struct crypto_aead *aead, u8 *nonce, u8 *buf,
		   size_t ad_len, size_t crypt_len, bool enc, gfp_t gfp)
{
	struct scatterlist sg;

	sg_init_one(&sg, buf, ad_len + crypt_len + (enc ? TQUIC_TAG_LEN : 0));
	return tquic_aead_sg(aead, nonce, &sg, &sg, ad_len, crypt_len, enc,
			     gfp);
}

static struct crypto_aead *tquic_key_aead(const struct tquic_pp_key *k)
{
	return k->simd && crypto_simd_usable() ? k->simd : k->aead;
}

static int tquic_aead_crypt(const struct tquic_pp_key *k, u32 path_id,
			    u64 pn, u8 *pkt, size_t hdr_len, size_t crypt_len,
			    bool enc)
{
	u8 nonce[TQUIC_IV_LEN];

	if (!k->aead)
		return -ENOKEY;
	tquic_nonce_path(k, path_id, pn, nonce);
	return tquic_aead_buf(tquic_key_aead(k), nonce, pkt, hdr_len,
			      crypt_len, enc, GFP_ATOMIC);
}

/**
 * tquic_seal - protect a packet's payload in place
 * @k: key
 * @pn: full packet number
 * @pkt: header (the associated data) followed by the payload, with
 *	TQUIC_TAG_LEN bytes of room after it for the tag; not on the stack
 * @hdr_len: header length, packet number included
 * @payload_len: plaintext length
 *
 * Return: 0, -ENOKEY without a key, or a crypto error.
 */
int tquic_seal(const struct tquic_pp_key *k, u64 pn, u8 *pkt,
	       size_t hdr_len, size_t payload_len)
{
	return tquic_seal_path(k, 0, pn, pkt, hdr_len, payload_len);
}

/**
 * tquic_seal_path - tquic_seal() of a packet on multipath path @path_id,
 *	whose nonce carries the path ID (draft-ietf-quic-multipath-21, 2.4)
 * @k: key
 * @path_id: the path ID (0: as tquic_seal())
 * @pn: full packet number
 * @pkt: as for tquic_seal()
 * @hdr_len: header length
 * @payload_len: plaintext length
 *
 * Return: as tquic_seal().
 */
int tquic_seal_path(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		    u8 *pkt, size_t hdr_len, size_t payload_len)
{
	return tquic_aead_crypt(k, path_id, pn, pkt, hdr_len, payload_len,
				true);
}

/**
 * tquic_seal_sg - tquic_seal_path() out of place
 * @k: key
 * @path_id: the path ID (0 without multipath)
 * @pn: full packet number
 * @src: the header (the associated data), then @payload_len bytes of
 *	plaintext, in as many pieces as it takes
 * @dst: room for the header (not written), the ciphertext and the tag
 * @hdr_len: header length
 * @payload_len: plaintext length
 *
 * Return: as tquic_seal().
 */
int tquic_seal_sg(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		  struct scatterlist *src, struct scatterlist *dst,
		  size_t hdr_len, size_t payload_len)
{
	u8 nonce[TQUIC_IV_LEN];

	if (!k->aead)
		return -ENOKEY;
	tquic_nonce_path(k, path_id, pn, nonce);
	return tquic_aead_sg(tquic_key_aead(k), nonce, src, dst, hdr_len,
			     payload_len, true, GFP_ATOMIC);
}

/**
 * tquic_open - authenticate and decrypt a packet's payload in place
 * @k: key
 * @pn: full packet number (header protection already removed)
 * @pkt: header followed by ciphertext and tag; not on the stack
 * @hdr_len: header length, packet number included
 * @len: length of the whole packet
 *
 * Return: the plaintext length, -EINVAL when there is no room for a tag,
 * -EBADMSG when authentication fails, -ENOKEY without a key.
 */
int tquic_open(const struct tquic_pp_key *k, u64 pn, u8 *pkt,
	       size_t hdr_len, size_t len)
{
	return tquic_open_path(k, 0, pn, pkt, hdr_len, len);
}

/**
 * tquic_open_path - tquic_open() of a packet of multipath path @path_id
 * @k: key
 * @path_id: the path ID (0: as tquic_open())
 * @pn: full packet number
 * @pkt: as for tquic_open()
 * @hdr_len: header length
 * @len: length of the whole packet
 *
 * Return: as tquic_open().
 */
int tquic_open_path(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		    u8 *pkt, size_t hdr_len, size_t len)
{
	int err;

	if (len < hdr_len + TQUIC_TAG_LEN)
		return -EINVAL;
	err = tquic_aead_crypt(k, path_id, pn, pkt, hdr_len, len - hdr_len,
			       false);
	return err ? err : (int)(len - hdr_len - TQUIC_TAG_LEN);
}

/**
 * tquic_open_sg - tquic_open_path() out of place
 * @k: key
 * @path_id: the path ID (0 without multipath)
 * @pn: full packet number
 * @src: the packet: header, then ciphertext and tag
 * @dst: room for @hdr_len bytes (not written), then for the plaintext
 * @hdr_len: header length
 * @len: length of the whole packet
 *
 * @src is left as it is.  On failure @dst may hold anything.
 * Return: as tquic_open().
 */
int tquic_open_sg(const struct tquic_pp_key *k, u32 path_id, u64 pn,
		  struct scatterlist *src, struct scatterlist *dst,
		  size_t hdr_len, size_t len)
{
	u8 nonce[TQUIC_IV_LEN];
	int err;

	if (!k->aead)
		return -ENOKEY;
	if (len < hdr_len + TQUIC_TAG_LEN)
		return -EINVAL;
	tquic_nonce_path(k, path_id, pn, nonce);
	err = tquic_aead_sg(tquic_key_aead(k), nonce, src, dst, hdr_len,
			    len - hdr_len, false, GFP_ATOMIC);
	return err ? err : (int)(len - hdr_len - TQUIC_TAG_LEN);
}

/**
 * tquic_peek - the first bytes of a packet's plaintext, before it is
 *	opened (nothing is authenticated: only to decide where to open it)
 * @k: key
 * @path_id: the path ID (0 without multipath)
 * @pn: full packet number
 * @ct: the ciphertext, from its first byte
 * @len: bytes to read, at most 64
 * @out: @len bytes of plaintext
 *
 * AES-GCM encrypts the first block with the counter after the nonce's
 * (2), ChaCha20-Poly1305 with block counter 1 (RFC 8439, 2.8).
 * Return: 0, or -ENOKEY without the key for it.
 */
int tquic_peek(const struct tquic_pp_key *k, u32 path_id, u64 pn,
	       const u8 *ct, size_t len, u8 *out)
{
	const struct tquic_hp_key *pk = k->peek;
	u8 block[AES_BLOCK_SIZE], ctr[AES_BLOCK_SIZE];
	size_t i, n;
	u32 state[16];

	if (!pk || len > 64)
		return -ENOKEY;
	BUILD_BUG_ON(TQUIC_IV_LEN != 12);
	tquic_nonce_path(k, path_id, pn, ctr + 4);
	if (pk->chacha) {
		put_unaligned_le32(1, ctr);
		chacha_init(state, pk->chacha_key, ctr);
		chacha_crypt(state, out, ct, len, 20);
		memzero_explicit(state, sizeof(state));
		return 0;
	}
	memmove(ctr, ctr + 4, TQUIC_IV_LEN);
	for (i = 0; i < len; i += n) {
		put_unaligned_be32(2 + i / AES_BLOCK_SIZE, ctr + TQUIC_IV_LEN);
		if (pk->cipher)
			crypto_cipher_encrypt_one(pk->cipher, block, ctr);
		else
			aes_encrypt(&pk->aes, block, ctr);
		n = min_t(size_t, len - i, AES_BLOCK_SIZE);
		crypto_xor_cpy(out + i, ct + i, block, n);
	}
	memzero_explicit(block, sizeof(block));
	return 0;
}

/**
 * tquic_hp_mask - the five header protection mask bytes for @sample
 * @hp: header protection key
 * @sample: TQUIC_HP_SAMPLE_LEN bytes of ciphertext
 * @mask: output, TQUIC_HP_MASK_LEN bytes
 */
void tquic_hp_mask(const struct tquic_hp_key *hp, const u8 *sample,
		   u8 *mask)
{
	static const u8 zero[TQUIC_HP_MASK_LEN];
	u8 block[AES_BLOCK_SIZE];
	u32 state[16];

	if (hp->chacha) {
		/* counter = sample[0..3] (LE), nonce = sample[4..15] */
		chacha_init(state, hp->chacha_key, sample);
		chacha_crypt(state, mask, zero, TQUIC_HP_MASK_LEN, 20);
		memzero_explicit(state, sizeof(state));
		return;
	}
	if (hp->cipher)
		crypto_cipher_encrypt_one(hp->cipher, block, sample);
	else
		aes_encrypt(&hp->aes, block, sample);
	memcpy(mask, block, TQUIC_HP_MASK_LEN);
	memzero_explicit(block, sizeof(block));
}

static int tquic_hp_apply(const struct tquic_hp_key *hp, u8 *pkt, size_t len,
			  size_t pn_off, bool protect)
{
	u8 mask[TQUIC_HP_MASK_LEN];
	unsigned int pn_len, i;

	/* The sample assumes a 4-byte packet number (RFC 9001, 5.4.2). */
	if (pn_off + 4 + TQUIC_HP_SAMPLE_LEN > len)
		return -EINVAL;
	tquic_hp_mask(hp, pkt + pn_off + 4, mask);
	if (protect)
		pn_len = (pkt[0] & 0x03) + 1;
	pkt[0] ^= mask[0] & ((pkt[0] & 0x80) ? 0x0f : 0x1f);
	if (!protect)
		pn_len = (pkt[0] & 0x03) + 1;
	for (i = 0; i < pn_len; i++)
		pkt[pn_off + i] ^= mask[1 + i];
	return pn_len;
}

/**
 * tquic_hp_protect - apply header protection to a sealed packet
 * @hp: header protection key
 * @pkt: the packet
 * @len: its length
 * @pn_off: offset of the packet number field
 *
 * Return: the packet number length, or -EINVAL when the packet is too
 * short to sample.
 */
int tquic_hp_protect(const struct tquic_hp_key *hp, u8 *pkt, size_t len,
		     size_t pn_off)
{
	return tquic_hp_apply(hp, pkt, len, pn_off, true);
}

/**
 * tquic_hp_unprotect - remove header protection from a received packet
 * @hp: header protection key
 * @pkt: the packet
 * @len: its length
 * @pn_off: offset of the packet number field
 *
 * Return: the packet number length read from the unprotected first byte,
 * or -EINVAL when the packet is too short to sample.
 */
int tquic_hp_unprotect(const struct tquic_hp_key *hp, u8 *pkt, size_t len,
		       size_t pn_off)
{
	return tquic_hp_apply(hp, pkt, len, pn_off, false);
}

/**
 * tquic_retry_tag - Retry Integrity Tag (RFC 9001, 5.8; RFC 9369, 3.3.3)
 * @version: QUIC version of the Retry packet
 * @odcid: the client's original Destination Connection ID
 * @odcid_len: its length, at most 20
 * @retry: the Retry packet without its tag
 * @len: its length
 * @tag: output, TQUIC_TAG_LEN bytes
 *
 * Context: process; allocates.
 * Return: 0, -EINVAL for a connection ID too long, -EPROTONOSUPPORT for
 * an unknown version, or a crypto error.
 */
int tquic_retry_tag(u32 version, const u8 *odcid, size_t odcid_len,
		    const u8 *retry, size_t len, u8 *tag)
{
	const struct tquic_version_info *v = tquic_version_find(version);
	struct crypto_aead *aead;
	struct aead_request *req;
	struct scatterlist sg;
	u8 nonce[TQUIC_IV_LEN];
	size_t ad_len;
	u8 *buf;
	int err;

	if (!v)
		return -EPROTONOSUPPORT;
	if (odcid_len > 20)
		return -EINVAL;
	ad_len = 1 + odcid_len + len;
	buf = kmalloc(ad_len + TQUIC_TAG_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf[0] = odcid_len;
	memcpy(buf + 1, odcid, odcid_len);
	memcpy(buf + 1 + odcid_len, retry, len);

	aead = tquic_aead_alloc("gcm(aes)", v->retry_key,
				sizeof(v->retry_key));
	if (IS_ERR(aead)) {
		err = PTR_ERR(aead);
		goto free_buf;
	}
	req = aead_request_alloc(aead, GFP_KERNEL);
	if (!req) {
		err = -ENOMEM;
		goto free_aead;
	}
	memcpy(nonce, v->retry_nonce, sizeof(nonce));
	sg_init_one(&sg, buf, ad_len + TQUIC_TAG_LEN);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, ad_len);
	aead_request_set_crypt(req, &sg, &sg, 0, nonce);
	err = crypto_aead_encrypt(req);
	if (!err)
		memcpy(tag, buf + ad_len, TQUIC_TAG_LEN);
	aead_request_free(req);
free_aead:
	crypto_free_aead(aead);
free_buf:
	kfree(buf);
	return err;
}
