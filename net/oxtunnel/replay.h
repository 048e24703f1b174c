/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxtunnel: the receive replay window of a session.
 */
#ifndef _OXT_REPLAY_H
#define _OXT_REPLAY_H

#include <linux/types.h>

/* Bits in the ring; the usable window is one word less. */
#define OXT_REPLAY_BITS		4096
#define OXT_REPLAY_WINDOW	(OXT_REPLAY_BITS - BITS_PER_LONG)

/**
 * struct oxt_replay - sliding window of sequence numbers already seen
 * @next: one past the highest sequence number accepted (0: none yet)
 * @bitmap: ring of OXT_REPLAY_BITS bits, bit (seq % OXT_REPLAY_BITS)
 *
 * Not locked: the owner serializes oxt_replay_check() calls (the receive
 * path holds the keypair's replay lock).
 */
struct oxt_replay {
	u64 next;
	unsigned long bitmap[OXT_REPLAY_BITS / BITS_PER_LONG];
};

void oxt_replay_init(struct oxt_replay *r);
bool oxt_replay_check(struct oxt_replay *r, u64 seq, u64 limit);
bool oxt_replay_check_shared(struct oxt_replay *r, u64 seq, u64 limit);

#endif /* _OXT_REPLAY_H */
