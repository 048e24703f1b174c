/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: internal declarations shared by the files of tquic.ko.
 */
#ifndef _TQUIC_H
#define _TQUIC_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/tquic.h>

struct crypto_shash;

#define TQUIC_VERSION "0.1.0"

/**
 * struct tquic_params - per-netns tunables (/proc/sys/net/tquic)
 *
 * The ints and ulongs are read locklessly with READ_ONCE(); the algorithm
 * names are copied under &tquic_net.alg_lock.
 */
struct tquic_params {
	int max_connections;
	unsigned long max_streams_bidi;
	unsigned long max_streams_uni;
	int idle_timeout_ms;
	int max_udp_payload;
	int ack_delay_exponent;
	int max_ack_delay_ms;
	int active_cid_limit;
	int initial_rtt_ms;
	int multipath_enabled;
	int max_paths;
	int key_update_packets;
	int hystart;
	int gro;
	int rx_zerocopy;
	int rx_hold_us;
	char cc_name[TQUIC_ALG_NAME_MAX];
	char sched_name[TQUIC_ALG_NAME_MAX];
};

/* Per-cpu counters of one netns. */
struct tquic_mib_pcpu {
	unsigned long mibs[TQUIC_MIB_NUM];
};

/**
 * struct tquic_net - per-netns state
 * @params: tunables
 * @alg_lock: protects @params.cc_name and @params.sched_name
 * @mib: per-cpu counters
 * @mib_reset_lock: serialises counter resets
 * @sysctl_hdr: registered sysctl table
 * @sysctl_table: this netns' copy of the table
 * @proc_dir: /proc/net/tquic
 * @udp_lock: protects @udp_socks
 * @udp_socks: the kernel UDP sockets QUIC sockets are bound to
 * @cids: connection IDs routing packets to connections (cid.c)
 * @nconns: connections in this netns, against max_connections
 * @token_aead: seals and opens address validation tokens (token.c)
 * @reset_hmac: keyed with this netns's stateless reset key (reset.c)
 * @reset_tokens: client connections by their peer's stateless reset
 *	token (reset.c)
 * @reset_slots: the peers' connection IDs from NEW_CONNECTION_ID by
 *	their stateless reset tokens (reset.c)
 * @conns: connections by their id (conntab.c); an xarray with its own
 *	lock for writers, read under RCU
 * @conn_next: cursor of the cyclic id allocation in @conns
 * @ep_lock: protects @endpoints, @n_endpoints and @ep_next
 * @endpoints: local addresses for more paths (endpoint.c)
 * @n_endpoints: entries of @endpoints
 * @ep_next: cursor of the endpoint id allocation
 */
struct tquic_net {
	struct tquic_params params;
	spinlock_t alg_lock; /* see kernel-doc above */
	struct tquic_mib_pcpu __percpu *mib;
	struct mutex mib_reset_lock; /* see kernel-doc above */
	struct ctl_table_header *sysctl_hdr;
	struct ctl_table *sysctl_table;
	struct proc_dir_entry *proc_dir;
	struct mutex udp_lock; /* see kernel-doc above */
	struct list_head udp_socks;
	struct rhashtable cids;
	atomic_t nconns;
	struct crypto_aead *token_aead;
	struct crypto_shash *reset_hmac;
	struct rhashtable reset_tokens;
	struct rhashtable reset_slots;
	struct xarray conns;
	u32 conn_next;
	struct mutex ep_lock; /* see kernel-doc above */
	struct list_head endpoints;
	unsigned int n_endpoints;
	u32 ep_next;
};

extern unsigned int tquic_net_id;
extern struct workqueue_struct *tquic_wq;
extern struct workqueue_struct *tquic_rx_wq;
extern const struct tquic_params tquic_default_params;

static inline struct tquic_net *tquic_net(const struct net *net)
{
	return net_generic(net, tquic_net_id);
}

#define TQUIC_INC_STATS(net, field) \
	this_cpu_inc(tquic_net(net)->mib->mibs[field])
#define TQUIC_ADD_STATS(net, field, val) \
	this_cpu_add(tquic_net(net)->mib->mibs[field], val)

/* varint.c: QUIC variable-length integers (RFC 9000, section 16) */
#define TQUIC_VARINT_MAX ((1ULL << 62) - 1)
unsigned int tquic_varint_len(u64 v);
int tquic_varint_encode(u8 *buf, size_t len, u64 v);
int tquic_varint_decode(const u8 *buf, size_t len, u64 *v);

/* mib.c */
extern const char * const tquic_mib_names[TQUIC_MIB_NUM];
int tquic_mib_init(struct tquic_net *tn);
void tquic_mib_exit(struct tquic_net *tn);
void tquic_mib_fold(const struct tquic_net *tn, u64 *out);
void tquic_mib_reset(struct tquic_net *tn);

/* proc.c */
int tquic_proc_init_net(struct net *net);
void tquic_proc_exit_net(struct net *net);

/* sysctl.c */
struct ctl_table *tquic_sysctl_table_alloc(struct tquic_net *tn, size_t *n);
int tquic_sysctl_init_net(struct net *net);
void tquic_sysctl_exit_net(struct net *net);
void tquic_net_cc_name(struct tquic_net *tn, char *buf);
void tquic_net_sched_name(struct tquic_net *tn, char *buf);

/* udp.c: kernel UDP sockets shared by the QUIC sockets bound to them */
struct tquic_udp_sock;
int tquic_udp_get(struct net *net, const struct sockaddr_storage *addr,
		  bool v6only, struct tquic_udp_sock **out);
void tquic_udp_put(struct tquic_udp_sock *u);
void tquic_udp_local(const struct tquic_udp_sock *u,
		     struct sockaddr_storage *addr);
int tquic_udp_listen(struct tquic_udp_sock *u, struct sock *sk, bool on);
bool tquic_ip_eq(const struct sockaddr_storage *a,
		 const struct sockaddr_storage *b);
bool tquic_addr_eq(const struct sockaddr_storage *a,
		   const struct sockaddr_storage *b);
void tquic_skb_addrs(const struct sk_buff *skb, struct sockaddr_storage *local,
		     struct sockaddr_storage *peer);

/* gro.c */
bool tquic_gro_uniform(const u8 *d, size_t len, unsigned int seg,
		       unsigned int cid_len);
bool tquic_gro_whole(const struct sk_buff *skb, unsigned int cid_len);
struct sk_buff *tquic_gro_copy(const struct sk_buff *skb, unsigned int off,
			       unsigned int len);
struct sk_buff *tquic_gro_split(struct sk_buff *skb);

/* socket.c */
int tquic_socket_init(void);
void tquic_socket_exit(void);

/* netlink.c */
int tquic_genl_init(void);
void tquic_genl_exit(void);

/* endpoint.c */
void tquic_endpoints_init(struct tquic_net *tn);
void tquic_endpoints_flush(struct tquic_net *tn);

#endif /* _TQUIC_H */
