/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxtunnel: internal declarations shared by the files of oxtunnel.ko.
 *
 * Locking:
 *  - oxt->conf_lock (mutex) serializes configuration: netlink set/add/del,
 *    socket (re)binding, device teardown.  Taken after the RTNL when both
 *    are needed.
 *  - Peers live on oxt->peers (RCU list, writers hold conf_lock) and are
 *    reference counted (kref); the data path finds them under RCU through
 *    the allowed-IPs table (oxt->aips) and the session index table.
 *  - oxt->id_lock (rw_semaphore) guards the static identity and every
 *    peer's struct oxt_remote; handshake processing takes it for reading.
 *  - peer->hs_lock (spinlock) guards the peer's handshake state.
 *  - peer->keys_lock (spinlock) serializes changes of the keypair slots;
 *    readers use RCU.  keypair->replay_lock serializes the replay window.
 *  - peer->ep_lock (rwlock) guards the endpoint.
 */
#ifndef _OXTUNNEL_H
#define _OXTUNNEL_H

#include <linux/kref.h>
#include <linux/netdevice.h>
#include <linux/oxtunnel.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>
#include <net/gro_cells.h>
#include <net/rtnetlink.h>

#include "noise.h"
#include "replay.h"

#define OXT_VERSION "0.1.0"

/* OxTunnel header: magic (2), flags (1), sequence (4), length (2). */
#define OXT_HDR_LEN		9
/* Receiver session index that follows the header of session packets. */
#define OXT_INDEX_LEN		4
/* Poly1305 tag appended to encrypted payloads. */
#define OXT_TAG_LEN		16
#define OXT_UDP_HDR_LEN		8
#define OXT_IPV4_HDR_LEN	20
#define OXT_IPV6_HDR_LEN	40
/* Header + index: the associated data of a session packet. */
#define OXT_DATA_HDR_LEN	(OXT_HDR_LEN + OXT_INDEX_LEN)
/* Headroom for outer IPv6 + UDP + link layer, and our own header. */
#define OXT_TX_HEADROOM		(LL_MAX_HEADER + OXT_IPV6_HDR_LEN + \
				 OXT_UDP_HDR_LEN + OXT_DATA_HDR_LEN)

/* Largest and smallest inner MTU the device takes. */
#define OXT_MIN_MTU		68
#define OXT_MAX_MTU		(65535 - OXT_UDP_HDR_LEN - OXT_DATA_HDR_LEN - \
				 OXT_TAG_LEN - OXT_IPV4_HDR_LEN)

/* Timers and limits (Documentation/networking/oxtunnel.rst). */
#define OXT_REKEY_INTERVAL_DEF	120		/* s */
#define OXT_REKEY_INTERVAL_MIN	10
#define OXT_REKEY_INTERVAL_MAX	86400
#define OXT_REKEY_MESSAGES_DEF	BIT_ULL(31)
#define OXT_REKEY_MESSAGES_MIN	1024
#define OXT_REJECT_MESSAGES	(U32_MAX - 8192ULL)
#define OXT_REKEY_TIMEOUT	5		/* s, handshake retry */
#define OXT_REKEY_ATTEMPT_TIME	90		/* s, give up after */
#define OXT_KEEPALIVE_TIMEOUT	10		/* s, passive keepalive */
#define OXT_STAGED_MAX		128		/* packets waiting for keys */
#define OXT_HS_QUEUE_MAX	4096		/* handshakes waiting */
#define OXT_HS_QUEUE_LOAD	(OXT_HS_QUEUE_MAX / 8)	/* cookies above */
#define OXT_COOKIE_SECRET_LIFE	120		/* s */
#define OXT_COOKIE_LIFE		(OXT_COOKIE_SECRET_LIFE - 5)
#define OXT_HS_MIN_INTERVAL_MS	20		/* per peer, for INIT */

/**
 * struct oxt_endpoint - where a peer is reached
 * @addr: its address (sin_family AF_UNSPEC when unknown)
 * @src4: our source address last used towards it (IPv4)
 * @src6: ditto, IPv6
 */
struct oxt_endpoint {
	union {
		struct sockaddr sa;
		struct sockaddr_in sin;
		struct sockaddr_in6 sin6;
	} addr;
	union {
		__be32 src4;
		struct in6_addr src6;
	};
};

struct oxt_peer;

/**
 * struct oxt_index_entry - an entry of the session index table
 * @node: hash chain (RCU)
 * @index: our local index, what the remote puts in its packets
 * @peer: the peer
 * @is_keypair: the entry is a keypair's, else the peer's handshake's
 */
struct oxt_index_entry {
	struct hlist_node node;
	u32 index;
	struct oxt_peer *peer;
	bool is_keypair;
};

/**
 * struct oxt_keypair - a session's transport keys
 * @entry: our index for this session (embedded; first member)
 * @keys: send and receive keys
 * @send_counter: next sequence number to send
 * @replay: receive window, under @replay_lock
 * @replay_lock: serializes the window
 * @remote_index: the remote's index, put in the packets we send
 * @birth: ktime_get_coarse_boottime_ns() at creation
 * @initiator: we sent the INIT of this session
 * @confirmed: the remote used it (responder: first packet received)
 * @refs: reference count
 * @rcu: freeing
 */
struct oxt_keypair {
	struct oxt_index_entry entry;
	struct oxt_session_keys keys;
	atomic64_t send_counter;
	struct oxt_replay replay;
	spinlock_t replay_lock;	/* serializes @replay */
	u32 remote_index;
	u64 birth;
	bool initiator;
	bool confirmed;
	struct kref refs;
	struct rcu_head rcu;
};

enum oxt_hs_state {
	OXT_HS_NONE,
	OXT_HS_INIT_SENT,
	OXT_HS_INIT_CONSUMED,
};

/**
 * struct oxt_aip - one allowed-IPs prefix
 * @list: in oxt->aips (RCU; writers hold conf_lock)
 * @peer_list: in peer->aips (under conf_lock)
 * @peer: the peer
 * @family: AF_INET or AF_INET6
 * @cidr: prefix length
 * @addr: prefix (host bits zero)
 * @rcu: freeing
 */
struct oxt_aip {
	struct list_head list;
	struct list_head peer_list;
	struct oxt_peer *peer;
	u16 family;
	u8 cidr;
	union {
		__be32 v4;
		struct in6_addr v6;
	} addr;
	struct rcu_head rcu;
};

struct oxt_dev;

/**
 * struct oxt_peer - a configured peer of a device
 * @oxt: the device
 * @list: in oxt->peers
 * @aips: its allowed-IPs prefixes
 * @rem: its static key and derived material (under oxt->id_lock)
 * @hs: handshake state (under @hs_lock)
 * @hs_state: enum oxt_hs_state
 * @hs_entry: our index while a handshake is in flight
 * @hs_lock: guards @hs, @hs_state, @latest_ts, @last_init_ns
 * @latest_ts: newest INIT timestamp accepted from it
 * @last_init_ns: when we last accepted an INIT from it (flood limit)
 * @cookie: the last cookie it (as responder) gave us
 * @cookie_birth: when (boottime ns; 0 none)
 * @last_mac1: mac1 of the last handshake message we sent it
 * @ep: endpoint (under @ep_lock)
 * @ep_lock: guards @ep
 * @dst_cache: route cache towards the endpoint
 * @cur: keypair in use; @prev: the one before (still receives);
 * @next: responder's new keypair until the initiator confirms it
 * @keys_lock: serializes keypair changes
 * @staged: packets waiting for a session
 * @keepalive: persistent keepalive, seconds (0 off)
 * @timer_retransmit: handshake retry
 * @timer_keepalive: persistent keepalive
 * @timer_passive: passive keepalive after receiving data
 * @timer_newhs: new handshake when sent data gets no answer
 * @timer_zero: erases the keys long after the last handshake
 * @hs_started_ns: first attempt of the handshake in flight
 * @hs_last_sent_ns: last INIT sent
 * @last_sent_ns: last packet sent (boottime ns)
 * @tx_work: sends staged packets once a session exists
 * @hs_init_work: builds and sends INIT (needs process context)
 * @last_handshake_ns: realtime of the last completed handshake
 * @handshakes: completed handshakes
 * @rx_bytes: inner bytes received
 * @rx_packets: inner packets received
 * @tx_bytes: inner bytes sent
 * @tx_packets: inner packets sent
 * @dead: removed (set under @hs_lock): timers must not re-arm, the
 *	handshake entry is not indexed again, no keypair is installed
 * @refs: reference count
 * @rcu: freeing
 */
struct oxt_peer {
	struct oxt_dev *oxt;
	struct list_head list;
	struct list_head aips;
	struct oxt_remote rem;
	struct oxt_handshake hs;
	enum oxt_hs_state hs_state;
	struct oxt_index_entry hs_entry;
	spinlock_t hs_lock;	/* @hs, @hs_state, timestamps */
	u8 latest_ts[OXT_TIMESTAMP_LEN];
	u64 last_init_ns;
	u8 cookie[OXT_COOKIE_LEN];
	u64 cookie_birth;
	u8 last_mac1[OXT_MAC_LEN];
	struct oxt_endpoint ep;
	rwlock_t ep_lock;
	struct dst_cache dst_cache;
	struct oxt_keypair __rcu *cur;
	struct oxt_keypair __rcu *prev;
	struct oxt_keypair __rcu *next;
	spinlock_t keys_lock;	/* keypair slot changes */
	struct sk_buff_head staged;
	u16 keepalive;
	struct timer_list timer_retransmit;
	struct timer_list timer_keepalive;
	struct timer_list timer_passive;
	struct timer_list timer_newhs;
	struct timer_list timer_zero;
	u64 hs_started_ns;
	u64 hs_last_sent_ns;
	u64 last_sent_ns;
	struct work_struct tx_work;
	struct work_struct hs_init_work;
	u64 last_handshake_ns;
	atomic64_t handshakes;
	atomic64_t rx_bytes;
	atomic64_t rx_packets;
	atomic64_t tx_bytes;
	atomic64_t tx_packets;
	bool dead;
	struct kref refs;
	struct rcu_head rcu;
};

#define OXT_INDEX_BITS		10

struct padata_shell;

/**
 * struct oxt_dev - private part of an oxtunnel net_device
 * @dev: the net_device
 * @creating_net: netns the device was created in; its UDP sockets live
 *	there even if the device moves (not refcounted: the device is
 *	deleted when that netns goes)
 * @net_list: in the creating netns' device list
 * @conf_lock: configuration lock (see top of file)
 * @id: static identity (under @id_lock)
 * @id_lock: guards @id and every peer's @rem
 * @sock4: IPv4 UDP socket (RCU)
 * @sock6: IPv6 UDP socket (RCU)
 * @listen_port: UDP port (host order)
 * @encryption: payloads are encrypted
 * @rekey_interval: seconds
 * @rekey_messages: packets
 * @peers: peer list
 * @n_peers: its length
 * @aips: allowed-IPs prefixes, longest first (RCU)
 * @index: session index hash table (RCU)
 * @index_lock: writers of @index
 * @hs_queue: received handshake messages waiting for @hs_work
 * @hs_work: processes @hs_queue
 * @wq: the device's workqueue (handshakes, staged packets)
 * @cookie_secret: current secret of the cookies we hand out
 * @cookie_secret_birth: when it was made (boottime ns)
 * @cookie_lock: guards the secret
 * @gro: GRO cells for decapsulated packets
 * @stats: per-CPU counters, enum oxt_stat
 * @crypt_tx: padata shell sealing packets in order (NULL: inline)
 * @crypt_rx: padata shell opening packets in order (NULL: inline)
 * @crypt_inflight: packets in either shell
 */
struct oxt_dev {
	struct net_device *dev;
	struct net *creating_net;
	struct list_head net_list;
	struct mutex conf_lock;	/* configuration, after RTNL */
	struct oxt_identity id;
	struct rw_semaphore id_lock;
	struct sock __rcu *sock4;
	struct sock __rcu *sock6;
	u16 listen_port;
	bool encryption;
	u32 rekey_interval;
	u64 rekey_messages;
	struct list_head peers;
	unsigned int n_peers;
	struct list_head aips;
	struct hlist_head index[1 << OXT_INDEX_BITS];
	spinlock_t index_lock;	/* @index writers */
	struct sk_buff_head hs_queue;
	struct work_struct hs_work;
	struct workqueue_struct *wq;
	u8 cookie_secret[OXT_HASH_LEN];
	u64 cookie_secret_birth;
	spinlock_t cookie_lock;	/* cookie secret rotation */
	struct gro_cells gro;
	u64 __percpu *stats;
	struct padata_shell *crypt_tx;
	struct padata_shell *crypt_rx;
	atomic_t crypt_inflight;
};

/* Returned instead of a drop reason (enum oxt_stat): all went well, or
 * the packet went on to be finished on another CPU (it is counted there).
 */
#define OXT_OK		(-1)
#define OXT_ASYNC	(-2)

extern struct rtnl_link_ops oxt_link_ops;
extern const char *const oxt_stat_names[OXT_STAT_NUM];

static inline void oxt_stat_inc(struct oxt_dev *oxt, enum oxt_stat s)
{
	this_cpu_inc(oxt->stats[s]);
}

static inline void oxt_stat_add(struct oxt_dev *oxt, enum oxt_stat s, u64 n)
{
	this_cpu_add(oxt->stats[s], n);
}

static inline u64 oxt_now_ns(void)
{
	return ktime_get_coarse_boottime_ns();
}

/* device.c */
unsigned int oxt_overhead(bool ipv6_outer, bool encryption);
unsigned int oxt_mtu_for_link(unsigned int link_mtu, bool ipv6_outer,
			      bool encryption);
void oxt_setup(struct net_device *dev);
bool oxt_is_oxtunnel(const struct net_device *dev);
void oxt_stats_fold(struct oxt_dev *oxt, u64 *vals);
int oxt_pernet_init(void);
void oxt_pernet_exit(void);

/* socket.c */
int oxt_socket_open(struct oxt_dev *oxt, u16 port);
void oxt_socket_close(struct oxt_dev *oxt);
int oxt_socket_send(struct oxt_peer *peer, struct sk_buff *skb, u8 tos);
int oxt_socket_send_buf(struct oxt_peer *peer, const void *buf, size_t len);
int oxt_socket_reply(struct oxt_dev *oxt, struct sk_buff *in_skb,
		     const void *buf, size_t len);
void oxt_socket_clear_src(struct oxt_peer *peer);

/* peer.c */
struct oxt_peer *oxt_peer_create(struct oxt_dev *oxt,
				 const u8 pub[OXT_KEY_LEN]);
void oxt_peer_mark_dead(struct oxt_peer *peer);
void oxt_peer_remove(struct oxt_peer *peer);
void oxt_peer_remove_all(struct oxt_dev *oxt);
struct oxt_peer *oxt_peer_get(struct oxt_peer *peer);
void oxt_peer_put(struct oxt_peer *peer);
struct oxt_peer *oxt_peer_by_key(struct oxt_dev *oxt,
				 const u8 pub[OXT_KEY_LEN]);
void oxt_peer_set_endpoint(struct oxt_peer *peer, const struct sockaddr *sa);
bool oxt_peer_update_endpoint(struct oxt_peer *peer, struct sk_buff *skb);

/* aip.c */
int oxt_aip_add(struct oxt_peer *peer, u16 family, const void *addr,
		u8 cidr);
void oxt_aip_remove_peer(struct oxt_peer *peer);
struct oxt_peer *oxt_aip_lookup(struct oxt_dev *oxt, u16 family,
				const void *addr);

/* keys.c */
int oxt_index_insert(struct oxt_dev *oxt, struct oxt_index_entry *e);
void oxt_index_remove(struct oxt_dev *oxt, struct oxt_index_entry *e);
struct oxt_index_entry *oxt_index_lookup(struct oxt_dev *oxt, u32 index);
struct oxt_keypair *oxt_keypair_create(struct oxt_peer *peer,
				       struct oxt_handshake *hs,
				       bool initiator);
void oxt_keypair_put(struct oxt_keypair *kp);
bool oxt_keypair_get(struct oxt_keypair *kp);
void oxt_keys_install(struct oxt_peer *peer, struct oxt_keypair *kp);
bool oxt_keys_confirm(struct oxt_peer *peer, struct oxt_keypair *kp);
void oxt_keys_clear(struct oxt_peer *peer);
struct oxt_keypair *oxt_keys_current(struct oxt_peer *peer);
struct oxt_keypair *oxt_keys_sending(struct oxt_peer *peer);
bool oxt_keypair_usable(struct oxt_dev *oxt, struct oxt_keypair *kp,
			bool sending);

/* handshake.c */
void oxt_hs_work_init(struct oxt_peer *peer);
void oxt_hs_send_init(struct oxt_peer *peer);
void oxt_hs_completed(struct oxt_peer *peer, bool initiator);
void oxt_hs_initiate(struct oxt_peer *peer, bool retry);
void oxt_hs_abandon(struct oxt_peer *peer);
void oxt_hs_receive(struct oxt_dev *oxt, struct sk_buff *skb);
void oxt_hs_worker(struct work_struct *work);
void oxt_cookie_init(struct oxt_dev *oxt);

/* send.c */
netdev_tx_t oxt_xmit(struct sk_buff *skb, struct net_device *dev);
void oxt_send_staged(struct oxt_peer *peer);
void oxt_send_staged_work(struct work_struct *work);
void oxt_send_staged_queue(struct oxt_peer *peer);
void oxt_send_keepalive(struct oxt_peer *peer);
void oxt_send_control(struct oxt_peer *peer, u8 type);
void oxt_send_done(struct oxt_peer *peer, struct oxt_keypair *kp, bool sent);
bool oxt_super_ok(struct oxt_dev *oxt, struct sk_buff *skb);
int oxt_send_super(struct oxt_peer *peer, struct sk_buff *skb);
bool oxt_send_counted(struct oxt_peer *peer, struct sk_buff *skb, u8 tos,
		      unsigned int bytes, unsigned int count);
void oxt_send_sealed(struct oxt_peer *peer, struct sk_buff *skb, u8 tos,
		     unsigned int bytes, unsigned int count);

/* receive.c */
int oxt_udp_recv(struct sock *sk, struct sk_buff *skb);
int oxt_rx_opened(struct oxt_dev *oxt, struct oxt_keypair *kp,
		  struct sk_buff *skb, u64 seq, u8 flags, unsigned int plen,
		  u8 outer_tos, bool xnet);

/* crypt.c */
extern bool oxt_parallel_crypto;
/**
 * struct oxt_tx_cb - what a prepared session packet waiting to be sealed
 * carries in skb->cb
 * @seq: its sequence number (the nonce)
 * @len: payload bytes to seal
 * @bytes: inner bytes, for the peer's counters
 * @count: inner packets (more than one for a batch)
 * @tos: outer TOS
 */
struct oxt_tx_cb {
	u64 seq;
	unsigned int len;
	unsigned int bytes;
	unsigned int count;
	u8 tos;
};

#define OXT_TX_CB(skb)	((struct oxt_tx_cb *)(skb)->cb)

/**
 * struct oxt_seal_list - prepared packets that wait to be sealed together
 * @head: the first (a list through skb->next)
 * @tail: where the next one goes
 * @n: how many
 */
struct oxt_seal_list {
	struct sk_buff *head;
	struct sk_buff **tail;
	unsigned int n;
};

int oxt_crypt_seal(struct oxt_keypair *kp, struct sk_buff *list);
int oxt_crypt_open(struct oxt_keypair *kp, struct sk_buff *skb, u64 seq,
		   u8 flags, unsigned int len, u8 tos, bool xnet);
void oxt_crypt_dev_init(struct oxt_dev *oxt);
void oxt_crypt_dev_destroy(struct oxt_dev *oxt);
int oxt_crypt_init(void);
void oxt_crypt_exit(void);

/* timers.c */
void oxt_timers_init(struct oxt_peer *peer);
void oxt_timers_stop(struct oxt_peer *peer);
void oxt_timers_hs_sent(struct oxt_peer *peer);
unsigned long oxt_zero_timeout(u32 rekey_interval);
void oxt_timers_hs_done(struct oxt_peer *peer, bool initiator);
void oxt_timers_data_sent(struct oxt_peer *peer);
void oxt_timers_data_received(struct oxt_peer *peer);
void oxt_timers_any_received(struct oxt_peer *peer);
void oxt_timers_any_sent(struct oxt_peer *peer);
void oxt_timers_keepalive_set(struct oxt_peer *peer);

/* netlink.c */
int oxt_genl_init(void);
void oxt_genl_exit(void);

#endif /* _OXTUNNEL_H */
