// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libtquic: what resumption and 0-RTT need beyond one handshake.
 *
 * A client's saved session is the TLS session (gnutls_session_get_data2()
 * after a NewSessionTicket) together with the server's transport
 * parameters of that connection, which bound the 0-RTT data of the next
 * one (RFC 9000, 7.4.1):
 *
 *   "TQS1" | tp_len (2 bytes, big endian) | tp | TLS session data
 *
 * A server takes the early data of a ClientHello once: the process
 * keeps a digest of every ClientHello whose 0-RTT GnuTLS accepted until
 * the ticket's anti-replay window (GnuTLS's, 10 s) has passed (RFC 8446,
 * 8.2).  When the table is full of live entries, 0-RTT is refused (the
 * data then comes in 1-RTT), never replayed.  The table lives in shared
 * memory with a process-shared lock, so a server that made it before
 * forking its workers (tquic_early_data_init()) has one for all.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "internal.h"

static const unsigned char tquic_session_magic[4] = { 'T', 'Q', 'S', '1' };

#define TQUIC_SESSION_HDR	6

int tquic_session_parse(const void *data, size_t len,
			struct tquic_session_parts *out)
{
	const unsigned char *p = data;
	size_t tp_len;

	if (len < TQUIC_SESSION_HDR || len > TQUIC_SESSION_MAX ||
	    memcmp(p, tquic_session_magic, sizeof(tquic_session_magic)))
		return -EINVAL;
	tp_len = (size_t)p[4] << 8 | p[5];
	if (tp_len > len - TQUIC_SESSION_HDR ||
	    len - TQUIC_SESSION_HDR - tp_len == 0)
		return -EINVAL;
	out->tp = p + TQUIC_SESSION_HDR;
	out->tp_len = tp_len;
	out->tls = out->tp + tp_len;
	out->tls_len = len - TQUIC_SESSION_HDR - tp_len;
	return 0;
}

int tquic_session_pack(const struct tquic_session_parts *in,
		       unsigned char *buf, size_t *len)
{
	size_t n = TQUIC_SESSION_HDR + in->tp_len + in->tls_len;

	if (in->tp_len > 0xffff || !in->tls_len || n > *len ||
	    n > TQUIC_SESSION_MAX)
		return -EMSGSIZE;
	memcpy(buf, tquic_session_magic, sizeof(tquic_session_magic));
	buf[4] = in->tp_len >> 8;
	buf[5] = in->tp_len & 0xff;
	memcpy(buf + TQUIC_SESSION_HDR, in->tp, in->tp_len);
	memcpy(buf + TQUIC_SESSION_HDR + in->tp_len, in->tls, in->tls_len);
	*len = n;
	return 0;
}

int tquic_ticket_key_generate(void *key)
{
	gnutls_datum_t k = {};

	if (!key || gnutls_session_ticket_key_generate(&k) < 0)
		return -EIO;
	if (k.size != TQUIC_TICKET_KEY_LEN) {
		gnutls_memset(k.data, 0, k.size);
		gnutls_free(k.data);
		return -EIO;
	}
	memcpy(key, k.data, k.size);
	gnutls_memset(k.data, 0, k.size);
	gnutls_free(k.data);
	return 0;
}

/* The anti-replay table: digests of tickets used for 0-RTT. */
#define TQUIC_AR_SLOTS	4096
#define TQUIC_AR_PROBE	16

struct tquic_ar_entry {
	time_t expires;
	unsigned char digest[32];
};

struct tquic_ar_table {
	pthread_mutex_t lock;
	struct tquic_ar_entry e[TQUIC_AR_SLOTS];
};

static struct tquic_ar_table *tquic_ar_tab;
static pthread_once_t tquic_ar_once = PTHREAD_ONCE_INIT;
static gnutls_anti_replay_t tquic_ar;

/*
 * GnuTLS asks to remember @key until @expires: GNUTLS_E_DB_ENTRY_EXISTS
 * when it is known (a replay) or there is no room (refuse rather than
 * risk one).
 */
static int tquic_ar_add(void *ptr, time_t expires, const gnutls_datum_t *key,
			const gnutls_datum_t *data)
{
	struct tquic_ar_entry *e, *free_slot = NULL;
	unsigned char digest[32];
	time_t now = time(NULL);
	unsigned int i, h;
	int ret = 0;

	(void)ptr;
	(void)data;
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, key->data, key->size, digest))
		return GNUTLS_E_DB_ENTRY_EXISTS;
	h = ((unsigned int)digest[0] << 8 | digest[1]) % TQUIC_AR_SLOTS;
	pthread_mutex_lock(&tquic_ar_tab->lock);
	for (i = 0; i < TQUIC_AR_PROBE; i++) {
		e = &tquic_ar_tab->e[(h + i) % TQUIC_AR_SLOTS];
		if (e->expires > now && !memcmp(e->digest, digest, 32)) {
			ret = GNUTLS_E_DB_ENTRY_EXISTS;
			goto out;
		}
		if (e->expires <= now && !free_slot)
			free_slot = e;
	}
	if (!free_slot) {
		ret = GNUTLS_E_DB_ENTRY_EXISTS;
		goto out;
	}
	free_slot->expires = expires;
	memcpy(free_slot->digest, digest, 32);
out:
	pthread_mutex_unlock(&tquic_ar_tab->lock);
	return ret;
}

static void tquic_ar_init(void)
{
	pthread_mutexattr_t attr;
	void *p;

	p = mmap(NULL, sizeof(*tquic_ar_tab), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	tquic_ar_tab = p;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&tquic_ar_tab->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	if (gnutls_anti_replay_init(&tquic_ar) < 0) {
		tquic_ar = NULL;
		return;
	}
	gnutls_anti_replay_set_add_function(tquic_ar, tquic_ar_add);
}

int tquic_early_data_init(void)
{
	return tquic_anti_replay() ? 0 : -ENOMEM;
}

void *tquic_anti_replay(void)
{
	pthread_once(&tquic_ar_once, tquic_ar_init);
	return tquic_ar;
}
