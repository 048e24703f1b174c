/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: the multipath extension's negotiation and path identifiers
 * (draft-ietf-quic-multipath-21).
 */
#ifndef _TQUIC_MULTIPATH_H
#define _TQUIC_MULTIPATH_H

#include <linux/types.h>

#include "cid.h"
#include "frame.h"

struct tquic_conn;
struct tquic_wr;
struct tquic_sent;
struct tquic_path;
struct tquic_udp_sock;

/* Path IDs a connection keeps state for (0 included); bounds max_paths */
#define TQUIC_MP_IDS		16
/* The peer's connection IDs beyond the one kept, given back at once */
#define TQUIC_MP_RETIRE_MAX	8

/* Sent-frame codes (struct tquic_sent_frame.type is a u8): the
 * multipath frames' own types do not fit; these are no frame type of
 * the 1-RTT level.
 */
#define TQUIC_SENT_PATH_NEW_CID		0xf0
#define TQUIC_SENT_PATH_RETIRE_CID	0xf1
#define TQUIC_SENT_MAX_PATH_ID		0xf2
#define TQUIC_SENT_PATH_STATUS		0xf3
#define TQUIC_SENT_PATH_ABANDON		0xf4

/**
 * struct tquic_mp_id - what a connection holds for one path ID above 0
 * @id: the path ID
 * @used: the entry is in use
 * @abandoned: the path ID was abandoned: never used again
 * @lcid: our connection ID for it (sequence number 0), routed
 * @ltoken: its stateless reset token
 * @l_routed: @lcid is in the netns table
 * @l_pending: its PATH_NEW_CONNECTION_ID is to be sent
 * @l_retired: the peer retired @lcid
 * @pcid: the peer's connection ID for it
 * @ptoken: its stateless reset token
 * @pseq: its sequence number
 * @p_has: @pcid is valid
 * @retire: sequence numbers of the peer's further IDs to give back
 * @nretire: entries of @retire used
 * @peer_status_seq: the last PATH_STATUS sequence number taken
 * @peer_backup: the peer asked for it to be a backup path
 */
struct tquic_mp_id {
	u32 id;
	bool used;
	bool abandoned;
	struct tquic_cid lcid;
	u8 ltoken[TQUIC_STATELESS_RESET_TOKEN_LEN];
	bool l_routed;
	bool l_pending;
	bool l_retired;
	struct tquic_cid pcid;
	u8 ptoken[TQUIC_STATELESS_RESET_TOKEN_LEN];
	u64 pseq;
	bool p_has;
	u64 retire[TQUIC_MP_RETIRE_MAX];
	u8 nretire;
	u64 peer_status_seq;
	bool peer_backup;
};

/**
 * struct tquic_mp - a connection's multipath state
 * @enabled: both ends sent initial_max_path_id: multipath is in use
 * @local_max_path_id: the highest path ID we allow (what we announced)
 * @peer_max_path_id: the highest path ID the peer allows
 * @peer_blocked: the peer said it is blocked at this maximum (+1; 0 none)
 * @max_path_id_pending: a MAX_PATH_ID is to be sent
 * @frames_pending: PATH_NEW/RETIRE_CONNECTION_ID frames owed
 * @path0_status_seq: PATH_STATUS sequence of path 0 from the peer
 * @abandon_pending: path IDs (bits) whose PATH_ABANDON is to be sent
 * @status_pending: path IDs (bits) whose PATH_STATUS is to be sent
 * @status_seq: sequence number of our last PATH_STATUS
 * @ids: path IDs 1 and up
 * @udp_gone: UDP sockets of closed paths, let go of in process context
 *	(tquic_paths_udp_release(); the last reference sleeps)
 * @paths: the open paths by path ID; [0] is always the connection's
 *	first path (also without multipath)
 * @npaths: entries of @paths in use
 */
struct tquic_mp {
	bool enabled;
	u32 local_max_path_id;
	u32 peer_max_path_id;
	u64 peer_blocked;
	bool max_path_id_pending;
	unsigned int frames_pending;
	u64 path0_status_seq;
	u16 abandon_pending;
	u16 status_pending;
	u64 status_seq;
	struct tquic_mp_id ids[TQUIC_MP_IDS - 1];
	struct tquic_udp_sock *udp_gone[TQUIC_MP_IDS];
	struct tquic_path *paths[TQUIC_MP_IDS];
	unsigned int npaths;
};

void tquic_mp_negotiate(struct tquic_conn *c);
void tquic_mp_issue(struct tquic_conn *c);
void tquic_mp_free(struct tquic_conn *c);
bool tquic_mp_owns(const struct tquic_conn *c, const u8 *id, u8 len,
		   u32 *path_id);
int tquic_mp_frame_rcv(struct tquic_conn *c, const struct tquic_frame *f,
		       u64 *terr);
int tquic_on_path_ack(struct tquic_conn *c, u64 id,
		      const struct tquic_frame *f, u64 *terr);
bool tquic_mp_has_frames(const struct tquic_conn *c);
void tquic_mp_abandoned(struct tquic_conn *c, u32 id, bool tell);
void tquic_mp_status(struct tquic_conn *c, u32 id);
void tquic_mp_put_frames(struct tquic_conn *c, struct tquic_wr *w,
			 struct tquic_sent *rec);
void tquic_mp_fate(struct tquic_conn *c, u8 type, u64 id, u64 seq,
		   bool acked);
void tquic_mp_counts(const struct tquic_conn *c, u32 *local, u32 *peer);

#endif /* _TQUIC_MULTIPATH_H */
