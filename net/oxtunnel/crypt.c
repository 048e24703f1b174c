// SPDX-License-Identifier: GPL-2.0
/* oxtunnel: parallel encryption and decryption that keeps packet order.
 *
 * Sealing or opening one packet does not depend on any other, so that
 * part runs on every CPU through padata.  What must happen in order -
 * handing packets to UDP on transmit; the replay window, roaming and
 * delivery on receive - runs in padata's serial callbacks, which come
 * back in the order the packets were submitted to their shell.  Each
 * device has one shell per direction, so the packets of every peer (of
 * every flow) leave and arrive in the order they came.
 *
 * The packet (on transmit: a short list of packets sealed together) and
 * a reference on its keypair, which holds its peer, are owned by a
 * struct oxt_crypt from submission to the serial callback.
 * oxt->crypt_inflight counts them; a device is not freed before it is 0.
 *
 * Without padata (UML, no SMP) or with one CPU online, callers get
 * -EOPNOTSUPP and do the work inline.
 */
#include <linux/padata.h>
#include <linux/slab.h>

#include "oxtunnel.h"
#include "wire.h"

bool oxt_parallel_crypto = true;
module_param_named(parallel_crypto, oxt_parallel_crypto, bool, 0644);
MODULE_PARM_DESC(parallel_crypto,
		 "seal and open packets on all CPUs, in order (default on)");

#if IS_ENABLED(CONFIG_PADATA)

static struct padata_instance *oxt_pinst;
static struct kmem_cache *oxt_crypt_cache;

/**
 * struct oxt_crypt - packets on their way through padata
 * @padata: padata's part (first)
 * @skb: rx: the packet, data at the OxTunnel header; tx: a list of them
 *	(skb->next), each with its struct oxt_tx_cb
 * @kp: the session (a reference)
 * @oxt: the device
 * @seq: rx: sequence number (the nonce)
 * @len: rx: bytes to open (payload + tag)
 * @tos: rx: the outer TOS received
 * @flags: rx: the header flags
 * @xnet: rx: the device is in another netns than the socket
 * @ok: the AEAD succeeded
 */
struct oxt_crypt {
	struct padata_priv padata;
	struct sk_buff *skb;
	struct oxt_keypair *kp;
	struct oxt_dev *oxt;
	u64 seq;
	unsigned int len;
	u8 tos;
	u8 flags;
	bool xnet;
	bool ok;
};

static void oxt_crypt_done(struct oxt_crypt *c)
{
	struct oxt_dev *oxt = c->oxt;

	oxt_keypair_put(c->kp);
	kmem_cache_free(oxt_crypt_cache, c);
	if (atomic_dec_and_test(&oxt->crypt_inflight))
		wake_up_var(&oxt->crypt_inflight);
}

static bool oxt_crypt_usable(struct oxt_dev *oxt, struct padata_shell *ps)
{
	return READ_ONCE(oxt_parallel_crypto) && ps && num_online_cpus() > 1;
}

static int oxt_crypt_submit(struct padata_shell *ps, struct oxt_crypt *c)
{
	int cpu = smp_processor_id();
	int err;

	atomic_inc(&c->oxt->crypt_inflight);
	err = padata_do_parallel(ps, &c->padata, &cpu);
	if (err && atomic_dec_and_test(&c->oxt->crypt_inflight))
		wake_up_var(&c->oxt->crypt_inflight);
	return err;
}

static void oxt_seal_parallel(struct padata_priv *padata)
{
	struct oxt_crypt *c = container_of(padata, struct oxt_crypt, padata);
	struct sk_buff *skb;

	for (skb = c->skb; skb; skb = skb->next)
		chacha20poly1305_encrypt(skb->data + OXT_DATA_HDR_LEN,
					 skb->data + OXT_DATA_HDR_LEN,
					 OXT_TX_CB(skb)->len, skb->data,
					 OXT_DATA_HDR_LEN, OXT_TX_CB(skb)->seq,
					 c->kp->keys.send);
	padata_do_serial(padata);
}

static void oxt_seal_serial(struct padata_priv *padata)
{
	struct oxt_crypt *c = container_of(padata, struct oxt_crypt, padata);
	struct oxt_peer *peer = c->kp->entry.peer;
	struct sk_buff *skb, *next;
	struct oxt_tx_cb cb;

	skb_list_walk_safe(c->skb, skb, next) {
		skb_mark_not_on_list(skb);
		cb = *OXT_TX_CB(skb);
		oxt_send_sealed(peer, skb, cb.tos, cb.bytes, cb.count);
	}
	oxt_crypt_done(c);
}

/**
 * oxt_crypt_seal - seal prepared session packets in parallel with other
 * lists, then send them in order
 * @kp: the session (the caller keeps its own reference)
 * @list: packets through skb->next, each with header and index pushed,
 *	room for the tag and its struct oxt_tx_cb filled in
 *
 * The packets of one list are sealed one after the other on one CPU:
 * a list is the unit of parallel work, so its size trades the cost of
 * a trip through padata against the spread over CPUs.
 *
 * Return: 0 (@list is consumed) or -EOPNOTSUPP / -errno (not consumed:
 * seal it inline).
 */
int oxt_crypt_seal(struct oxt_keypair *kp, struct sk_buff *list)
{
	struct oxt_dev *oxt = kp->entry.peer->oxt;
	struct oxt_crypt *c;
	int err;

	if (!oxt_crypt_usable(oxt, oxt->crypt_tx))
		return -EOPNOTSUPP;
	if (!oxt_keypair_get(kp))
		return -ENOENT;
	c = kmem_cache_alloc(oxt_crypt_cache, GFP_ATOMIC);
	if (!c) {
		oxt_keypair_put(kp);
		return -ENOMEM;
	}
	*c = (struct oxt_crypt) {
		.padata.parallel = oxt_seal_parallel,
		.padata.serial = oxt_seal_serial,
		.skb = list, .kp = kp, .oxt = oxt,
	};
	err = oxt_crypt_submit(oxt->crypt_tx, c);
	if (err) {
		kmem_cache_free(oxt_crypt_cache, c);
		oxt_keypair_put(kp);
	}
	return err;
}

static void oxt_open_parallel(struct padata_priv *padata)
{
	struct oxt_crypt *c = container_of(padata, struct oxt_crypt, padata);
	u8 *p = c->skb->data;

	c->ok = chacha20poly1305_decrypt(p + OXT_DATA_HDR_LEN,
					 p + OXT_DATA_HDR_LEN, c->len, p,
					 OXT_DATA_HDR_LEN, c->seq,
					 c->kp->keys.recv);
	padata_do_serial(padata);
}

static void oxt_open_serial(struct padata_priv *padata)
{
	struct oxt_crypt *c = container_of(padata, struct oxt_crypt, padata);
	struct oxt_dev *oxt = c->oxt;
	int stat;

	if (c->ok) {
		stat = oxt_rx_opened(oxt, c->kp, c->skb, c->seq, c->flags,
				     c->len - OXT_TAG_LEN, c->tos, c->xnet);
	} else {
		kfree_skb(c->skb);
		stat = OXT_STAT_RX_DECRYPT;
	}
	if (stat != OXT_OK) {
		oxt_stat_inc(oxt, stat);
		dev_core_stats_rx_dropped_inc(oxt->dev);
	}
	oxt_crypt_done(c);
}

/**
 * oxt_crypt_open - open a received session packet in parallel, then
 * finish it (replay window, delivery) in order
 * @kp: the session; the reference passes to us on success
 * @skb: linear and writable, data at the header
 * @seq: its sequence number
 * @flags: its header flags
 * @len: payload + tag
 * @tos: outer TOS
 * @xnet: crossing netns
 *
 * Return: 0 (@skb and the reference are consumed) or an error (neither
 * is: open it inline).
 */
int oxt_crypt_open(struct oxt_keypair *kp, struct sk_buff *skb, u64 seq,
		   u8 flags, unsigned int len, u8 tos, bool xnet)
{
	struct oxt_dev *oxt = kp->entry.peer->oxt;
	struct oxt_crypt *c;
	int err;

	if (!oxt_crypt_usable(oxt, oxt->crypt_rx))
		return -EOPNOTSUPP;
	c = kmem_cache_alloc(oxt_crypt_cache, GFP_ATOMIC);
	if (!c)
		return -ENOMEM;
	*c = (struct oxt_crypt) {
		.padata.parallel = oxt_open_parallel,
		.padata.serial = oxt_open_serial,
		.skb = skb, .kp = kp, .oxt = oxt, .seq = seq, .len = len,
		.tos = tos, .flags = flags, .xnet = xnet,
	};
	err = oxt_crypt_submit(oxt->crypt_rx, c);
	if (err)
		kmem_cache_free(oxt_crypt_cache, c);
	return err;
}

/* Process context (ndo_init).  Without shells the device works inline. */
void oxt_crypt_dev_init(struct oxt_dev *oxt)
{
	atomic_set(&oxt->crypt_inflight, 0);
	if (!oxt_pinst)
		return;
	oxt->crypt_tx = padata_alloc_shell(oxt_pinst);
	oxt->crypt_rx = padata_alloc_shell(oxt_pinst);
	if (!oxt->crypt_tx || !oxt->crypt_rx) {
		padata_free_shell(oxt->crypt_tx);
		padata_free_shell(oxt->crypt_rx);
		oxt->crypt_tx = NULL;
		oxt->crypt_rx = NULL;
	}
}

/* Process context, nothing submits any more: wait for what is in flight. */
void oxt_crypt_dev_destroy(struct oxt_dev *oxt)
{
	wait_var_event(&oxt->crypt_inflight,
		       !atomic_read(&oxt->crypt_inflight));
	padata_free_shell(oxt->crypt_tx);
	padata_free_shell(oxt->crypt_rx);
	oxt->crypt_tx = NULL;
	oxt->crypt_rx = NULL;
}

int oxt_crypt_init(void)
{
	oxt_crypt_cache = KMEM_CACHE(oxt_crypt, 0);
	if (!oxt_crypt_cache)
		return -ENOMEM;
	/* No padata instance only means no parallelism. */
	oxt_pinst = padata_alloc("oxtunnel");
	return 0;
}

void oxt_crypt_exit(void)
{
	if (oxt_pinst)
		padata_free(oxt_pinst);
	kmem_cache_destroy(oxt_crypt_cache);
}

#else /* !CONFIG_PADATA */

int oxt_crypt_seal(struct oxt_keypair *kp, struct sk_buff *list)
{
	return -EOPNOTSUPP;
}

int oxt_crypt_open(struct oxt_keypair *kp, struct sk_buff *skb, u64 seq,
		   u8 flags, unsigned int len, u8 tos, bool xnet)
{
	return -EOPNOTSUPP;
}

void oxt_crypt_dev_init(struct oxt_dev *oxt)
{
	atomic_set(&oxt->crypt_inflight, 0);
}

void oxt_crypt_dev_destroy(struct oxt_dev *oxt)
{
}

int oxt_crypt_init(void)
{
	return 0;
}

void oxt_crypt_exit(void)
{
}

#endif /* CONFIG_PADATA */
