/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: connections.
 *
 * A connection belongs to one QUIC socket and is protected by that
 * socket's lock: process context takes lock_sock(), the receive path
 * takes bh_lock_sock() and defers to the socket backlog while the socket
 * is owned.  The CID table finds connections under RCU and takes a
 * reference.
 */
#ifndef _TQUIC_CONN_H
#define _TQUIC_CONN_H

#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/rhashtable-types.h>
#include <linux/refcount.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/socket.h>
#include <net/sock.h>

#include "cid.h"
#include "cong.h"
#include "crypto.h"
#include "frame.h"
#include "multipath.h"
#include "packet.h"
#include "path.h"
#include "sched.h"
#include "drain.h"
#include "tparam.h"
#include "version.h"

/* Our connection IDs: short headers do not carry their length. */
#define TQUIC_LOCAL_CID_LEN	8
/* Datagrams we send until path MTU discovery exists. */
#define TQUIC_MAX_DATAGRAM	1200
/* Received packet number ranges remembered per space for ACKs. */
#define TQUIC_ACK_RANGES	16
/* CRYPTO data buffered out of order per level. */
#define TQUIC_CRYPTO_RX_MAX	(64 * 1024)
/* CRYPTO data one level sends in all (tquic_crypto_queue()). */
#define TQUIC_CRYPTO_TX_MAX	(256 * 1024)

struct tquic_udp_sock;
struct tquic_rx_zc;

/* Encryption levels and packet number spaces; numbered as in the uapi. */
enum tquic_level {
	TQUIC_LEVEL_INITIAL,
	TQUIC_LEVEL_HANDSHAKE,
	TQUIC_LEVEL_APP,
	TQUIC_LEVEL_NUM,
};

enum tquic_conn_state {
	TQUIC_CONN_HANDSHAKE,
	TQUIC_CONN_ESTABLISHED,
	TQUIC_CONN_CLOSED,
};

/* Bytes a send buffer piece takes at most, header included: a power of
 * two, so that a full piece fills its allocation
 */
#define TQUIC_SBUF_ALLOC	(64 * 1024)
/* Full pieces kept for reuse after their data is acknowledged */
#define TQUIC_SBUF_SPARES	2
/* Train pages kept for reuse (txbuf.c): at least, and at most */
#define TQUIC_TXPAGES_MIN	64
#define TQUIC_TXPAGES		256
/* Flow control windows we announce unless user space sets others: a
 * stream's bounds what one stream has in flight (4 MiB held a veth
 * transfer to ~110 Mbit/s under TCG, 16 MiB gave ~150)
 */
#define TQUIC_DEFAULT_MAX_DATA		(32 * 1024 * 1024)
#define TQUIC_DEFAULT_MAX_STREAM_DATA	(16 * 1024 * 1024)
/* How long close() waits for stream data to be acknowledged */
#define TQUIC_CLOSE_FLUSH_TIMEOUT	(10 * HZ)
/* The longest peer transport parameters extension we take */
#define TQUIC_TP_EXT_IN_MAX		4096
/* DATAGRAM payloads queued for sending at most */
#define TQUIC_DGRAM_QUEUE_MAX	256
/* Frames remembered per sent packet for acknowledgment and loss. */
#define TQUIC_SENT_FRAMES	8

/**
 * struct tquic_sbuf - a piece of a stream's send data
 * @node: in the stream's @tx_bufs, by offset
 * @offset: stream offset of @data
 * @len: bytes
 * @data: the bytes
 */
struct tquic_sbuf {
	struct list_head node;
	u64 offset;
	u32 len;
	u32 size;
	u8 data[];
};

/* Stream data a send buffer piece holds at most */
#define TQUIC_SBUF_MAX	(TQUIC_SBUF_ALLOC - sizeof(struct tquic_sbuf))

/**
 * struct tquic_txbuf - send-side memory a connection keeps for reuse
 *	(txbuf.c); the socket lock protects it
 * @pages: compound pages train skbs are built on (NULL: none yet); one
 *	whose only reference is ours is free
 * @next: the slot tried first
 * @spares: full send buffer pieces whose data was acknowledged
 * @nspares: how many
 */
struct tquic_txbuf {
	struct page *pages[TQUIC_TXPAGES];
	unsigned int next;
	struct list_head spares;
	unsigned int nspares;
};

/**
 * struct tquic_range - a byte range of a stream to (re)send
 * @node: in a list
 * @offset: first byte
 * @len: bytes
 * @fin: the range ends the stream
 */
struct tquic_range {
	struct list_head node;
	u64 offset;
	u64 len;
	bool fin;
};

/**
 * struct tquic_stream - one stream of a connection
 * @node: in the connection's @streams tree, by @id
 * @send_node: in the connection's @send_streams while it has data to send
 * @id: stream id
 * @tx_bufs: data written and not yet acknowledged, by offset
 * @tx_hint: the piece of @tx_bufs tquic_stream_data() found last, where
 *	the next lookup starts (NULL: at the first)
 * @tx_queued: stream offset after the last byte written
 * @tx_next: stream offset of the next new byte to send
 * @tx_acked: all below it was acknowledged (and freed)
 * @tx_max: the peer's flow control limit (MAX_STREAM_DATA)
 * @tx_acked_ranges: acknowledged ranges above @tx_acked
 * @tx_lost: ranges to send again
 * @fin_queued: the writer ended the stream at @tx_queued
 * @fin_sent: a STREAM frame with FIN went out
 * @fin_ack_rcvd: the packet with the FIN was acknowledged
 * @fin_acked: that and all data were acknowledged: the send side is done
 * @rx_read: stream offset delivered to the reader
 * @rx_recv: stream offset received in order (queued to the socket)
 * @rx_max: the limit we announced
 * @rx_highest: highest offset received
 * @rx_final: the final size, or U64_MAX while unknown
 * @rx_fin_queued: the end was queued to the reader
 * @rx_fin_delivered: the reader has been told of the end
 * @rx_ooo: data received ahead of @rx_recv: chunks by offset (stream.c)
 * @rx_ooo_tree: the same chunks, by offset; valid while @rx_ooo is not
 *	empty
 * @max_data_pending: a MAX_STREAM_DATA is owed
 * @tx_reset: the send side was abandoned (RESET_STREAM)
 * @tx_reset_pending: the RESET_STREAM is to be sent
 * @tx_reset_code: its application error code
 * @stop_asked: we asked the peer to stop sending (STOP_SENDING)
 * @stop_pending: the STOP_SENDING is to be sent
 * @stop_code: its application error code
 */
struct tquic_stream {
	struct rb_node node;
	struct list_head send_node;
	u64 id;
	struct list_head tx_bufs;
	struct tquic_sbuf *tx_hint;
	u64 tx_queued;
	u64 tx_next;
	u64 tx_acked;
	u64 tx_max;
	struct list_head tx_acked_ranges;
	struct list_head tx_lost;
	bool fin_queued;
	bool fin_sent;
	bool fin_ack_rcvd;
	bool fin_acked;
	u64 rx_read;
	u64 rx_recv;
	u64 rx_max;
	u64 rx_highest;
	u64 rx_final;
	bool rx_fin_queued;
	bool rx_fin_delivered;
	struct list_head rx_ooo;
	struct rb_root rx_ooo_tree;
	bool max_data_pending;
	bool tx_reset;
	bool tx_reset_pending;
	u64 tx_reset_code;
	bool stop_asked;
	bool stop_pending;
	u64 stop_code;
};

/**
 * struct tquic_sent_frame - what a sent packet carried that matters when
 *	it is acknowledged or lost
 * @type: frame type (TQUIC_FT_STREAM for all STREAM types)
 * @fin: STREAM: with FIN
 * @id: STREAM, MAX_STREAM_DATA: stream id
 * @offset: STREAM, CRYPTO: offset
 * @len: STREAM, CRYPTO: length
 */
struct tquic_sent_frame {
	u8 type;
	bool fin;
	u64 id;
	u64 offset;
	u64 len;
};

/**
 * struct tquic_sent - a sent packet awaiting acknowledgment
 * @node: in its space's @sent list, by packet number
 * @pn: packet number
 * @time: when it was sent (ns)
 * @size: bytes, for congestion control
 * @ack_eliciting: it needs an acknowledgment
 * @pmtu_probe: a PMTU probe (its loss is no sign of congestion)
 * @nframes: entries of @frames used
 * @rs: delivery state when it was sent, for the rate sample (cong.h)
 * @frames: what it carried
 */
struct tquic_sent {
	struct list_head node;
	u64 pn;
	u64 time;
	u32 size;
	bool ack_eliciting;
	bool pmtu_probe;
	u8 nframes;
	struct tquic_cc_pkt rs;
	struct tquic_sent_frame frames[TQUIC_SENT_FRAMES];
};

/**
 * struct tquic_crypto_buf - a piece of CRYPTO stream data
 * @node: in a level's send queue or receive reorder list
 * @offset: stream offset of @data
 * @len: bytes
 * @sent: bytes of it sent so far
 * @data: the bytes
 */
struct tquic_crypto_buf {
	struct list_head node;
	u64 offset;
	u32 len;
	u32 sent;
	u8 data[];
};

/**
 * struct tquic_space - one packet number space and encryption level
 * @next_pn: number of the next packet we send
 * @largest_acked: largest of our packets the peer acknowledged
 * @any_acked: @largest_acked is valid
 * @rx_ranges: received packet numbers, descending and disjoint
 * @rx_nranges: entries of @rx_ranges used
 * @rx_floor: packet numbers below it count as received (their range fell
 *	off @rx_ranges; ackrange.c)
 * @ack_pending: an ack-eliciting packet awaits acknowledgment
 * @rx_key: packet protection for receiving
 * @tx_key: packet protection for sending
 * @rx_hp: header protection for receiving
 * @tx_hp: header protection for sending
 * @crypto_rx_off: CRYPTO stream offset delivered to user space so far
 * @crypto_rx_ooo: CRYPTO data received ahead of @crypto_rx_off, sorted
 * @crypto_rx_ooo_bytes: bytes in @crypto_rx_ooo
 * @crypto_tx_off: CRYPTO stream offset of the next byte queued
 * @crypto_tx: CRYPTO data queued and not yet sent
 * @crypto_sent: CRYPTO data sent, kept for retransmission
 * @crypto_lost: CRYPTO ranges to send again
 * @sent: packets in flight, by packet number
 * @loss_time: when the earliest packet becomes lost by time (ns), or 0
 * @last_eliciting_time: when the last ack-eliciting packet went out
 * @rx_largest_time: when the largest packet number we received arrived
 * @ack_eliciting_rcvd: ack-eliciting packets received since our last ACK
 * @ack_deadline: an ACK is owed by then (ns; 0: none delayed)
 * @eliciting_in_flight: ack-eliciting packets in @sent
 * @probes: packets to send regardless of the congestion window
 * @ping_pending: a PING is to be sent (probe with nothing else to send)
 * @discarded: the keys are gone (RFC 9001, 4.9)
 */
struct tquic_space {
	u64 next_pn;
	u64 largest_acked;
	bool any_acked;
	struct tquic_ack_block rx_ranges[TQUIC_ACK_RANGES];
	unsigned int rx_nranges;
	u64 rx_floor;
	bool ack_pending;
	struct tquic_pp_key rx_key;
	struct tquic_pp_key tx_key;
	struct tquic_hp_key rx_hp;
	struct tquic_hp_key tx_hp;
	u64 crypto_rx_off;
	struct list_head crypto_rx_ooo;
	u32 crypto_rx_ooo_bytes;
	u64 crypto_tx_off;
	struct list_head crypto_tx;
	struct list_head crypto_sent;
	struct list_head crypto_lost;
	struct list_head sent;
	u64 loss_time;
	u64 last_eliciting_time;
	u64 rx_largest_time;
	unsigned int ack_eliciting_rcvd;
	u64 ack_deadline;
	unsigned int eliciting_in_flight;
	unsigned int probes;
	bool ping_pending;
	bool discarded;
};

/* Connection IDs: the most active ones we hold of the peer's (the
 * active_connection_id_limit we announce at most), our IDs after the
 * first, and room for the peer's (active ones and retired ones whose
 * RETIRE_CONNECTION_ID is not acknowledged yet)
 */
#define TQUIC_CID_ACTIVE_MAX	8
#define TQUIC_CID_SLOTS		8
#define TQUIC_PCID_SLOTS	12

/**
 * struct tquic_cid_slot - a connection ID issued by NEW_CONNECTION_ID
 * @cid: the ID
 * @seq: its sequence number
 * @token: its stateless reset token
 * @used: the slot holds an ID
 * @pending: ours: the NEW_CONNECTION_ID is to be sent; the peer's: the
 *	RETIRE_CONNECTION_ID is
 * @retire: the peer's: given back (RETIRE_CONNECTION_ID)
 * @reset_node: the peer's, not retired: in tquic_net.reset_slots by
 *	@token, while @reset_routed
 * @reset_routed: @reset_node is in the table
 * @conn: the connection it belongs to (for that table)
 */
struct tquic_cid_slot {
	struct tquic_cid cid;
	u64 seq;
	u8 token[TQUIC_STATELESS_RESET_TOKEN_LEN];
	bool used;
	bool pending;
	bool retire;
	bool reset_routed;
	struct rhash_head reset_node;
	struct tquic_conn *conn;
};

/* Retired keys waiting for the key update work to free them */
#define TQUIC_KU_RETIRED	4
/* Versions kept of a Version Negotiation packet */
#define TQUIC_VN_MAX		16
/* Datagrams kept while the next receive key is derived */
#define TQUIC_KU_HELD_MAX	64
/* 0-RTT datagrams a server keeps while its 0-RTT key is not there yet */
#define TQUIC_EARLY_HELD_MAX	16
/* Handshake and 1-RTT datagrams kept while their level's key is not
 * installed yet (the handshake runs in user space: a peer's next flight
 * can overtake it)
 */
#define TQUIC_KEY_HELD_MAX	16

/**
 * struct tquic_early - 0-RTT and session tickets (early.c)
 * @rx_key: server: the 0-RTT receive key, until the handshake completes
 * @rx_hp: its header protection
 * @tx: client: the application space's send key is the 0-RTT one
 * @state: enum tquic_early_state
 * @packets: 0-RTT packets sent (client) or opened (server)
 * @held: server: 0-RTT datagrams that came before @rx_key
 * @rxq: server: early stream data and datagrams, for the reader once
 *	the handshake is complete
 * @ticket: client: 1-RTT CRYPTO data (NewSessionTicket messages) for
 *	TQUIC_SOCKOPT_SESSION_TICKET
 * @ticket_len: bytes of @ticket
 */
struct tquic_early {
	struct tquic_pp_key rx_key;
	struct tquic_hp_key rx_hp;
	bool tx;
	u8 state;
	u32 packets;
	struct sk_buff_head held;
	struct sk_buff_head rxq;
	u8 *ticket;
	u32 ticket_len;
};

/**
 * struct tquic_key_update - 1-RTT key update state (RFC 9001, 6)
 * @work: derives next keys and frees retired ones (process context)
 * @rx_next: the receive key of the next phase, once derived
 * @tx_next: the send key of the next phase, once derived
 * @rx_prev: the receive key of the previous phase (late packets)
 * @retired: keys to free
 * @rx_phase: Key Phase bit of the current receive key
 * @tx_phase: Key Phase bit we send
 * @rx_switched: the receive side changed phase at least once
 * @tx_pending: our update is not acknowledged yet
 * @held: datagrams whose 1-RTT packet needs the next receive key while
 *	the work derives it (the peer updated again right after the last
 *	switch); the work opens them then
 * @tx_pkts: packets sealed with the current 1-RTT send key, on all
 *	paths (RFC 9001, 6.6: its confidentiality limit)
 * @rx_forged: 1-RTT packets that failed authentication, with any key and
 *	on any path (the integrity limit)
 * @update_pkts: start a key update after this many packets with one key
 *	(net.tquic.key_update_packets; 0: three quarters of the cipher's
 *	confidentiality limit)
 */
struct tquic_key_update {
	struct work_struct work;
	struct tquic_pp_key rx_next;
	struct tquic_pp_key tx_next;
	struct tquic_pp_key rx_prev;
	struct tquic_pp_key retired[TQUIC_KU_RETIRED];
	bool rx_phase;
	bool tx_phase;
	bool rx_switched;
	bool tx_pending;
	struct sk_buff_head held;
	u64 tx_pkts;
	u64 rx_forged;
	u64 update_pkts;
};

/**
 * struct tquic_conn_stats - what one connection counted (the netns
 *	counters of the same names count for all)
 * @pkts_in: packets received and authenticated
 * @pkts_out: packets sent
 * @bytes_in: UDP payload bytes received
 * @bytes_out: UDP payload bytes sent
 * @pkts_lost: packets declared lost
 * @ptos: probe timeouts
 * @stream_retrans: stream bytes sent again
 * @key_updates: key phase changes
 */
struct tquic_conn_stats {
	u64 pkts_in;
	u64 pkts_out;
	u64 bytes_in;
	u64 bytes_out;
	u64 pkts_lost;
	u64 ptos;
	u64 stream_retrans;
	u64 key_updates;
};

/**
 * struct tquic_probe - an address a server's client probes a path from,
 *	other than the one the path sends to (RFC 9000, 8.2 and 9.3;
 *	migrate.c)
 * @peer: the address
 * @response: data of its last PATH_CHALLENGE, owed a PATH_RESPONSE
 * @challenge: data of our PATH_CHALLENGE to it
 * @room: the most the reply may take: three times the datagram that
 *	came (8.1), at most TQUIC_MAX_DATAGRAM
 * @path_id: the path it came on
 * @pending: the reply is to be sent (tquic_output())
 * @challenged: the reply carried @challenge
 * @validated: a PATH_RESPONSE answered @challenge: the client moving
 *	there soon needs no validation
 * @validated_at: when (ns)
 */
struct tquic_probe {
	struct sockaddr_storage peer;
	u8 response[TQUIC_PATH_DATA_LEN];
	u8 challenge[TQUIC_PATH_DATA_LEN];
	u32 room;
	u32 path_id;
	bool pending;
	bool challenged;
	bool validated;
	u64 validated_at;
};

/**
 * struct tquic_conn - a QUIC connection
 * @refs: references (the socket holds one, CID lookups take more)
 * @free_work: frees it from tquic_wq after the last reference
 * @rcu: the memory goes after a grace period (CID lookups may still be
 *	looking at it)
 * @sk: the socket it belongs to
 * @path: the path it sends on (@path0 until multipath)
 * @path0: its first path
 * @probe: the address the client probes from
 * @net: its netns
 * @is_server: we accepted it
 * @state: connection state
 * @version: QUIC version in use
 * @vneg: compatible version negotiation (version.c)
 * @drain: the closing or draining period once closed (drain.c)
 * @scid: our connection ID (routes packets to us)
 * @dcid: the peer's connection ID (we send to it)
 * @odcid: the Destination Connection ID of the client's first Initial
 * @idcid: the Destination Connection ID of the client's Initial packets:
 *	@odcid, or after a Retry the Retry's Source Connection ID; the
 *	Initial keys come from it
 * @odcid_routed: @idcid is in the CID table (server, until closed)
 * @retried: a Retry was sent (server) or followed (client)
 * @addr_validated: the peer's address is validated (RFC 9000, 8.1): a
 *	server sends at most three times what it received until then
 * @token: client: the token its Initial packets carry (from a Retry)
 * @token_len: bytes of @token
 * @new_token: server: the NEW_TOKEN token for this client; client: the
 *	last one the server gave (TQUIC_SOCKOPT_TOKEN)
 * @new_token_len: its length
 * @new_token_pending: server: the NEW_TOKEN frame is to be sent
 * @retry_work: client: checks and follows a Retry (process context)
 * @retry_pkt: the Retry waiting for @retry_work
 * @retry_len: its length
 * @dcid_from_peer: the client took the server's SCID as its @dcid
 * @server_scid: client: that SCID, which all the server's long header
 *	packets must carry from then on (RFC 9000, 7.2)
 * @close_error: the error code the connection closed with
 * @close_frame_type: transport close: the frame type that caused it
 * @close_app: it was an application close
 * @close_by_peer: the peer closed it
 * @close_reason_len: bytes of @close_reason
 * @close_reason: the reason phrase
 * @close_pending: the packet being built carries only CONNECTION_CLOSE
 * @space: packet number spaces
 * @ltp: our transport parameters
 * @ptp: the peer's, once @ptp_set
 * @ptp_set: user space handed them over
 * @handshake_done_pending: server: HANDSHAKE_DONE is to be sent
 * @confirmed: the handshake is confirmed (RFC 9001, 4.1.2)
 * @streams: streams by id
 * @send_streams: streams with new or lost data to send
 * @next_uni: count of uni streams we opened
 * @next_bidi: count of bidi streams we opened
 * @max_local_bidi: bidi streams the peer lets us open
 * @max_local_uni: uni streams the peer lets us open
 * @peer_bidi: count of bidi streams the peer opened
 * @peer_uni: count of uni streams the peer opened
 * @max_peer_bidi: bidi streams we let the peer open
 * @max_peer_uni: uni streams we let the peer open
 * @peer_bidi_done: peer bidi streams finished (credit for MAX_STREAMS)
 * @peer_uni_done: peer uni streams finished
 * @max_streams_pending: MAX_STREAMS (bit 0 bidi, bit 1 uni) owed
 * @stream_credit_pending: streams owing a MAX_STREAM_DATA
 * @reset_pending: RESET_STREAM and STOP_SENDING frames owed
 * @tx_buffered: stream bytes written and not yet acknowledged (against
 *	sk_sndbuf)
 * @txbuf: train pages and send buffer pieces kept for reuse
 * @tx_data: stream bytes sent for the first time (against @tx_max_data)
 * @tx_max_data: the peer's connection limit
 * @rx_data: sum over streams of the highest offset received
 * @rx_read: stream bytes the reader consumed
 * @rx_max_data: our connection limit
 * @max_data_pending: MAX_DATA owed
 * @dgram_q: DATAGRAM payloads waiting to be sent
 * @antideadlock_at: client: when its probe goes with nothing in flight
 *	(0: not armed)
 * @timer: loss detection and PTO
 * @timer_deferred: the timer fired while user space held the socket
 * @idle_timer: the idle timeout (RFC 9000, 10.1)
 * @idle_last: jiffies of the last packet received or ack-eliciting
 *	packet sent
 * @idle_sent: an ack-eliciting packet left since the last one arrived
 * @idle_deferred: the idle timer fired while user space held the socket
 * @ku: key update state
 * @lcid: our connection IDs after the first (cidmgr.c)
 * @lcid_seq: the highest sequence number of ours issued
 * @scid_retired: the peer retired @scid (sequence number 0)
 * @pcid: the peer's connection IDs from NEW_CONNECTION_ID
 * @pcid_retire_prior: the peer's highest Retire Prior To
 * @dcid_seq: sequence number of @dcid
 * @dcid0_retired: the peer's first ID was given back
 * @retire0_pending: its RETIRE_CONNECTION_ID is to be sent
 * @cid_frames_pending: NEW_/RETIRE_CONNECTION_ID frames owed
 * @stats: counters of this connection
 * @reset_node: client: in tquic_net.reset_tokens by the server's
 *	stateless reset token (@ptp), while @reset_routed
 * @reset_routed: @reset_node is in the table
 * @clock: while a train is built or a datagram (or train) read, the
 *	time (ktime_get_ns()) taken once for all its packets; else 0
 * @rx_skb: the datagram being read (its stream data goes to the reader
 *	as clones of it), or NULL
 * @vn_versions: client: the versions a Version Negotiation listed
 * @vn_count: how many (0: none came)
 * @rx_offload: datagrams go to @rxq for @rx_work (once confirmed)
 * @rxq: datagrams waiting for @rx_work
 * @rxq_bytes: their truesize
 * @rx_work: reads @rxq in process context (rxwork.c); delayed while
 *	what waits is held for a reader that is reading
 * @rx_cpu: 1 + the CPU of the reader's last recvmsg() (0: none yet),
 *	where @rx_work runs
 * @rx_deferred: a datagram came, or @rx_work ran, while the socket was
 *	owned by user space, whose release_sock() reads @rxq (under the
 *	socket's bh lock)
 * @rx_batch: @rxq is being read (tquic_rx_drain()): the reader is woken
 *	once at the end, not for each packet (tquic_data_ready())
 * @rx_ready: something for the reader arrived during @rx_batch
 * @rx_zc: the buffer a sleeping reader lent (rxzc.c), NULL until the
 *	first time
 * @rx_zc_placed: the data of the packet being read, when it was opened
 *	into @rx_zc (rxzc.c)
 * @rx_zc_stream: the stream the reader last read data of (-1: none),
 *	whose next bytes @rx_zc takes
 * @rx_zc_on: net.tquic.rx_zerocopy at creation
 * @rx_hold_ns: how long datagrams may wait for a reader that is reading
 *	(net.tquic.rx_hold_us at creation, at most half the max_ack_delay;
 *	0: never)
 * @rx_reading: the reader's last read returned stream data, so it reads
 *	again soon (a blocking reader; cleared when it sleeps): datagrams
 *	may wait for it (rxwork.c)
 * @rx_held: datagrams are held for the reader now (rxwork.c)
 * @rx_fill: the owner reads @rxq into its lent buffer and stops at the
 *	first datagram that does not fit (rxwork.c)
 * @rx_part: the rest of a super-packet tquic_conn_rcv_skb() stopped in
 *	during @rx_fill, read before @rxq next time (its head is already
 *	the connection's own: not made writable again)
 * @rx_read_at: jiffies of the reader's last recvmsg()
 * @rx_arrival: while the work or a socket's holder reads a datagram of
 *	@rxq, when it arrived (ktime_get_ns(), stamped by
 *	tquic_rx_offload()): the receipt time an ACK's delay counts from,
 *	also for datagrams held for the reader; else 0
 * @early: 0-RTT and session ticket state
 * @key_held: datagrams whose Handshake or 1-RTT packet came before the
 *	key of its level, read again when a receive key is installed
 *	(tquic_key_hold())
 * @mp: multipath negotiation and path IDs (multipath.c)
 * @data_hold: output.c: no new stream data or datagrams now (the
 *	scheduler has not chosen this path)
 * @data_copy: output.c: stream data is sent again as copies on this
 *	path (the scheduler asked for them); no new data
 * @in_train: output.c builds a train: packets sent leave the timer to
 *	its end (@timer_due), one computation for all of them
 * @timer_due: a packet was sent during @in_train
 * @ep_work: opens paths from the netns' endpoints (endpoint.c)
 * @cc_group: the congestion controllers of its paths (coupled ones
 *	such as LIA and OLIA look at all of them)
 * @id: netns-unique id for the control plane (conntab.c); 0 until added
 * @sched: the packet scheduler (net.tquic.scheduler at creation;
 *	TQUIC_CMD_CONN_SET)
 */
struct tquic_conn {
	refcount_t refs;
	struct work_struct free_work;
	struct rcu_head rcu;
	struct sock *sk;
	struct tquic_path *path;
	struct tquic_path path0;
	struct tquic_probe probe;
	struct net *net;
	bool is_server;
	enum tquic_conn_state state;
	u32 version;
	struct tquic_vneg vneg;
	struct tquic_drain drain;
	struct tquic_cid scid;
	struct tquic_cid dcid;
	struct tquic_cid odcid;
	struct tquic_cid idcid;
	bool odcid_routed;
	bool retried;
	bool addr_validated;
	u8 *token;
	u16 token_len;
	u8 *new_token;
	u16 new_token_len;
	bool new_token_pending;
	struct work_struct retry_work;
	u8 *retry_pkt;
	size_t retry_len;
	bool dcid_from_peer;
	struct tquic_cid server_scid;
	u64 close_error;
	u64 close_frame_type;
	bool close_app;
	bool close_by_peer;
	bool close_pending;
	u16 close_reason_len;
	u8 close_reason[TQUIC_CLOSE_REASON_MAX];
	struct tquic_space space[TQUIC_LEVEL_NUM];
	struct tquic_tparams ltp;
	struct tquic_tparams ptp;
	bool ptp_set;
	bool handshake_done_pending;
	bool confirmed;
	struct rb_root streams;
	struct list_head send_streams;
	u64 next_uni;
	u64 next_bidi;
	u64 max_local_bidi;
	u64 max_local_uni;
	u64 peer_bidi;
	u64 peer_uni;
	u64 max_peer_bidi;
	u64 max_peer_uni;
	u64 peer_bidi_done;
	u64 peer_uni_done;
	u8 max_streams_pending;
	unsigned int stream_credit_pending;
	unsigned int reset_pending;
	u64 tx_buffered;
	struct tquic_txbuf txbuf;
	u64 tx_data;
	u64 tx_max_data;
	u64 rx_data;
	u64 rx_read;
	u64 rx_max_data;
	bool max_data_pending;
	struct sk_buff_head dgram_q;
	u64 antideadlock_at;
	struct timer_list timer;
	bool timer_deferred;
	struct timer_list idle_timer;
	unsigned long idle_last;
	bool idle_sent;
	bool idle_deferred;
	struct tquic_key_update ku;
	struct tquic_cid_slot lcid[TQUIC_CID_SLOTS];
	u64 lcid_seq;
	bool scid_retired;
	struct tquic_cid_slot pcid[TQUIC_PCID_SLOTS];
	u64 pcid_retire_prior;
	u64 dcid_seq;
	bool dcid0_retired;
	bool retire0_pending;
	unsigned int cid_frames_pending;
	struct tquic_conn_stats stats;
	struct rhash_head reset_node;
	bool reset_routed;
	u64 clock;
	struct sk_buff *rx_skb;
	u32 vn_versions[TQUIC_VN_MAX];
	u8 vn_count;
	bool rx_offload;
	int rx_cpu;
	bool rx_deferred;
	bool rx_batch;
	bool rx_ready;
	struct tquic_rx_zc *rx_zc;
	const u8 *rx_zc_placed;
	s64 rx_zc_stream;
	bool rx_zc_on;
	bool rx_reading;
	bool rx_held;
	bool rx_fill;
	u32 rx_hold_ns;
	struct sk_buff *rx_part;
	unsigned long rx_read_at;
	u64 rx_arrival;
	struct sk_buff_head rxq;
	unsigned int rxq_bytes;
	struct delayed_work rx_work;
	struct tquic_early early;
	struct sk_buff_head key_held;
	struct tquic_mp mp;
	struct tquic_cc_group cc_group;
	bool data_hold;
	bool data_copy;
	bool in_train;
	bool timer_due;
	struct work_struct ep_work;
	u32 id;
	struct tquic_sched sched;
};

/**
 * struct tquic_path_ext - a path beyond the first, with its packet
 *	number space (path.c)
 * @path: the path; path.sp points at @space
 * @space: its application packet number space
 */
struct tquic_path_ext {
	struct tquic_path path;
	struct tquic_space space;
};

/* The packet number space of @lvl on the path c->path is: 1-RTT packets
 * have one per path (multipath), the others one per connection.
 */
static inline struct tquic_space *tquic_pn_space(struct tquic_conn *c,
						 enum tquic_level lvl)
{
	return lvl == TQUIC_LEVEL_APP ? c->path->sp : &c->space[lvl];
}

/* What the receive queue's skbs carry (in skb->cb). */
enum tquic_skb_kind {
	TQUIC_SKB_CRYPTO,
	TQUIC_SKB_STREAM,
	TQUIC_SKB_DATAGRAM,
	TQUIC_SKB_EVENT,
};

struct tquic_skb_cb {
	u8 kind;
	u8 level;
	bool fin;
	bool reset;
	u32 consumed;
	u64 stream_id;
	u64 reset_code;
};

#define TQUIC_SKB_CB(skb) ((struct tquic_skb_cb *)(skb)->cb)

/* cid.c */
struct tquic_net;
int tquic_cid_table_init(struct tquic_net *tn);
void tquic_cid_table_exit(struct tquic_net *tn);
int tquic_cid_add(struct net *net, struct tquic_conn *conn,
		  struct tquic_cid *cid);
void tquic_cid_del(struct net *net, const struct tquic_cid *cid);
struct tquic_conn *tquic_cid_lookup(struct net *net, const u8 *id, u8 len);

/* conntab.c: connections by id, for netlink */
void tquic_conntab_init(struct tquic_net *tn);
void tquic_conntab_exit(struct tquic_net *tn);
int tquic_conntab_add(struct tquic_conn *c);
void tquic_conntab_del(struct tquic_conn *c);
struct tquic_conn *tquic_conntab_get(struct net *net, u32 id);
struct tquic_conn *tquic_conntab_next(struct net *net, u32 *id);
bool tquic_conn_lock(struct tquic_conn *c);

/* nl_event.c: TQUIC_CMD_EVENT notifications */
void tquic_nl_conn_event(struct tquic_conn *c, u8 event);
void tquic_nl_path_event(struct tquic_conn *c, struct tquic_path *path,
			 u8 event);

/* conn.c */
struct tquic_conn *tquic_conn_new(struct sock *sk, struct tquic_udp_sock *u,
				  bool is_server, u32 version,
				  const struct sockaddr_storage *local,
				  const struct sockaddr_storage *peer,
				  const struct tquic_cid *odcid,
				  const struct tquic_cid *retry_scid,
				  const struct tquic_cid *peer_scid);
int tquic_initial_keys_derive(struct tquic_conn *c, u32 version,
			      struct tquic_pp_key *rx, struct tquic_hp_key *rx_hp,
			      struct tquic_pp_key *tx, struct tquic_hp_key *tx_hp);
int tquic_conn_initial_keys(struct tquic_conn *c);
void tquic_conn_close(struct tquic_conn *c);
void tquic_conn_unroute(struct tquic_conn *c);
void tquic_conn_fail(struct tquic_conn *c, u64 code, int err);
void tquic_conn_idle_touch(struct tquic_conn *c, bool sent);
void tquic_conn_idle_check(struct tquic_conn *c);
void tquic_conn_peer_closed(struct tquic_conn *c,
			    const struct tquic_frame *f);
void tquic_conn_stateless_reset(struct tquic_conn *c);
void tquic_conn_version_refused(struct tquic_conn *c, const u8 *list,
				size_t n);
void tquic_conn_app_close(struct tquic_conn *c, bool app, u64 code,
			  const u8 *reason, size_t len);
void tquic_crypto_space_free(struct tquic_space *sp);
void tquic_crypto_lost(struct tquic_conn *c, enum tquic_level level,
		       u64 off, u64 len);
const u8 *tquic_crypto_data(struct tquic_space *sp, u64 off, u64 *len);
void tquic_conn_put(struct tquic_conn *c);
int tquic_conn_install_secret(struct tquic_conn *c, enum tquic_level level,
			      bool send, u16 cipher, const u8 *secret,
			      unsigned int len);
int tquic_rcv_crypto(struct tquic_conn *c, enum tquic_level lvl,
		     const struct tquic_frame *f, u64 *terr);
int tquic_crypto_queue(struct tquic_conn *c, enum tquic_level level,
		       struct iov_iter *from, size_t len);

/* handshake.c */
void tquic_conn_tparams_init(struct tquic_conn *c,
			     const struct tquic_transport_param *p);
int tquic_conn_tparams_get(struct tquic_conn *c, u8 *buf, size_t len);
int tquic_conn_tparams_set(struct tquic_conn *c, const u8 *buf, size_t len);
int tquic_conn_handshake_complete(struct tquic_conn *c, u32 flags);
void tquic_conn_confirm(struct tquic_conn *c);

/* cidmgr.c */
bool tquic_cids_owns(const struct tquic_conn *c, const u8 *id, u8 len);
void tquic_cids_issue(struct tquic_conn *c);
void tquic_cids_unroute(struct tquic_conn *c);
int tquic_cids_retire_rcv(struct tquic_conn *c, u64 seq, u64 *terr);
int tquic_cids_new_rcv(struct tquic_conn *c, const struct tquic_frame *f,
		       u64 *terr);
bool tquic_cids_new_path(struct tquic_conn *c);
const struct tquic_cid *tquic_cids_spare(struct tquic_conn *c);
void tquic_cids_count(const struct tquic_conn *c, u32 *local, u32 *peer);
void tquic_cids_fate(struct tquic_conn *c, u8 type, u64 seq, bool acked);

/* early.c */
void tquic_early_init(struct tquic_conn *c);
void tquic_early_free(struct tquic_conn *c);
bool tquic_early_can_send(const struct tquic_conn *c);
int tquic_early_install(struct tquic_conn *c, bool send,
			const struct tquic_suite *s, const u8 *secret);
void tquic_early_tx_done(struct tquic_conn *c);
struct tquic_pp_key *tquic_early_rx_key(struct tquic_conn *c,
					struct tquic_hp_key **hp);
bool tquic_early_hold(struct tquic_conn *c, struct sk_buff *skb);
void tquic_early_opened(struct tquic_conn *c);
void tquic_early_sent(struct tquic_conn *c);
void tquic_rcvq_add(struct tquic_conn *c, struct sk_buff *skb);
void tquic_data_ready(struct tquic_conn *c);
void tquic_early_complete(struct tquic_conn *c, u32 flags);
int tquic_early_tparams_set(struct tquic_conn *c, const u8 *buf, size_t len);
void tquic_ticket_add(struct tquic_conn *c, const u8 *data, size_t len);
int tquic_ticket_take(struct tquic_conn *c, u8 *buf, size_t len);

/* output.c */
bool tquic_rec_add(struct tquic_sent *rec, u8 type, u64 id, u64 off, u64 len,
		   bool fin);
bool tquic_put(struct tquic_wr *w, const struct tquic_frame *f);
bool tquic_put_rec(struct tquic_wr *w, struct tquic_sent *rec,
		   const struct tquic_frame *f, u8 type, u64 id);

/* A frame that must be remembered fits the packet's record: check before
 * writing it, so that a frame never goes out unrecorded.
 */
static inline bool tquic_rec_room(const struct tquic_sent *rec)
{
	return rec->nframes < TQUIC_SENT_FRAMES;
}

void tquic_output(struct tquic_conn *c);
void tquic_output_bh(struct tquic_conn *c);
void tquic_output_close(struct tquic_conn *c);

/* input.c */
int tquic_conn_rcv(struct sock *sk, struct sk_buff *skb);
void tquic_conn_rcv_one(struct tquic_conn *c, struct sk_buff *skb);
void tquic_conn_rcv_skb(struct tquic_conn *c, struct sk_buff *skb, bool cut);
void tquic_conn_rcv_held(struct tquic_conn *c, struct sk_buff_head *q);

/* endpoint.c */
void tquic_endpoints_init_conn(struct tquic_conn *c);
void tquic_endpoints_use(struct tquic_conn *c);

/* rxwork.c */
bool tquic_rx_offload(struct tquic_conn *c, struct sk_buff *skb);
void tquic_rx_init(struct tquic_conn *c);
void tquic_rx_purge(struct tquic_conn *c);
void tquic_rx_release(struct sock *sk);
void tquic_rx_owner_drain(struct sock *sk);
bool tquic_rx_waiting(const struct tquic_conn *c);

/* path.c */
struct tquic_path_info;
struct tquic_path *tquic_path_by_id(struct tquic_conn *c, u64 id);
void tquic_paths_free(struct tquic_conn *c);
void tquic_paths_udp_release(struct tquic_conn *c);
bool tquic_conn_degraded(const struct tquic_conn *c);
bool tquic_path_reinject(struct tquic_conn *c);
bool tquic_path_suspect(struct tquic_conn *c, const struct tquic_path *p);
int tquic_path_add(struct sock *sk, const struct sockaddr_storage *local,
		   const struct sockaddr_storage *peer, bool backup,
		   u32 weight, int ifindex);
bool tquic_path_may_open(struct tquic_conn *c, u32 id);
struct tquic_path *tquic_path_open_rcv(struct tquic_conn *c, u32 id,
				       const struct sockaddr_storage *local,
				       const struct sockaddr_storage *from);
void tquic_path_validated(struct tquic_conn *c, struct tquic_path *p);
void tquic_path_abandon_rcv(struct tquic_conn *c, u32 id);
void tquic_path_status_rcv(struct tquic_conn *c, u32 id, bool backup);
int tquic_path_del(struct sock *sk, u32 id);
int tquic_path_set(struct sock *sk, u32 id, int backup, int weight);
bool tquic_path_pto(struct tquic_conn *c);
bool tquic_path_usable(const struct tquic_path *p);
bool tquic_path_may_carry(struct tquic_conn *c);
/* migrate.c */
void tquic_peer_moved(struct tquic_conn *c, const struct sockaddr_storage *from,
		      u32 len);
void tquic_peer_revert(struct tquic_conn *c, bool failed);
void tquic_peer_validated(struct tquic_conn *c);
void tquic_peer_challenged(struct tquic_conn *c,
			   const struct sockaddr_storage *from,
			   const u8 *data, u32 dgram_len);
bool tquic_probe_answered(struct tquic_conn *c, const u8 *data);
u64 tquic_amp_room(const struct tquic_conn *c, const struct tquic_path *p);
unsigned int tquic_paths_info(struct tquic_conn *c,
			      struct tquic_path_info *out, unsigned int n);
/* info.c */
u8 tquic_info_state(const struct tquic_conn *c);

/* pacing.c */
u64 tquic_pacing_rate(const struct tquic_conn *c);
void tquic_pace(struct tquic_conn *c, struct sk_buff *skb, size_t bytes);

/* sndbuf.c */
void tquic_sndbuf_expand(struct tquic_conn *c);

/**
 * tquic_conn_clock - the time for the packet being built or read
 * @c: connection
 *
 * One clock read serves all the packets of a train or of a datagram
 * (c->clock): under emulation the clock is a device register, costly to
 * read once per packet.
 *
 * Return: nanoseconds on ktime_get_ns()'s clock.
 */
static inline u64 tquic_conn_clock(const struct tquic_conn *c)
{
	return c->clock ?: ktime_get_ns();
}

/* txbuf.c */
void tquic_txbuf_init(struct tquic_conn *c);
void tquic_txbuf_free(struct tquic_conn *c);
void tquic_txbuf_idle(struct tquic_conn *c);
void tquic_txbuf_count(const struct tquic_conn *c, u32 *pages, u32 *spares);
struct sk_buff *tquic_txbuf_skb(struct tquic_conn *c, unsigned int size);
struct tquic_sbuf *tquic_sbuf_alloc(struct tquic_conn *c, size_t n);
void tquic_sbuf_free(struct tquic_conn *c, struct tquic_sbuf *b);

#endif /* _TQUIC_CONN_H */
