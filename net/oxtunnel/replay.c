// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: replay window.  A ring of bits indexed by sequence number;
 * moving the top clears the words it passes, so a check is O(1) in the
 * common case and O(window / BITS_PER_LONG) at worst.  Sequence numbers
 * more than OXT_REPLAY_WINDOW behind the highest one seen are refused.
 */
#include <linux/bitops.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "replay.h"

#define OXT_REPLAY_WORDS	(OXT_REPLAY_BITS / BITS_PER_LONG)

void oxt_replay_init(struct oxt_replay *r)
{
	memset(r, 0, sizeof(*r));
}

/* Mark @seq seen; true if it was not, or (@again) if it is merely not
 * too old.
 */
static bool oxt_replay_mark(struct oxt_replay *r, u64 seq, u64 limit,
			    bool again)
{
	u64 idx = seq / BITS_PER_LONG, top, n, i;

	if (seq >= limit)
		return false;
	/* At most OXT_REPLAY_WINDOW behind the highest seen (next - 1). */
	if (seq + OXT_REPLAY_WINDOW + 1 < r->next)
		return false;
	if (seq >= r->next) {
		/* Clear the words between the highest one's and @seq's. */
		top = r->next ? (r->next - 1) / BITS_PER_LONG : idx;
		n = min_t(u64, idx - top, OXT_REPLAY_WORDS);
		for (i = 1; i <= n; i++)
			r->bitmap[(top + i) % OXT_REPLAY_WORDS] = 0;
		r->next = seq + 1;
	}
	return !__test_and_set_bit(seq % BITS_PER_LONG,
				   &r->bitmap[idx % OXT_REPLAY_WORDS]) || again;
}

/**
 * oxt_replay_check - accept @seq once
 * @r: the window
 * @seq: sequence number of an authenticated packet
 * @limit: sequence numbers at or above it are refused (key exhausted)
 *
 * Call only after the packet authenticated, so forgeries cannot move the
 * window.
 *
 * Return: true the first time @seq is seen inside the window.
 */
bool oxt_replay_check(struct oxt_replay *r, u64 seq, u64 limit)
{
	return oxt_replay_mark(r, seq, limit, false);
}

/**
 * oxt_replay_check_shared - accept @seq of a header shared by the
 * segments of one super-packet (OXT_F_SHARED), as often as it comes
 * @r: the window
 * @seq: its sequence number
 * @limit: as for oxt_replay_check()
 *
 * Such packets are clear, so the window protects nothing there but the
 * order of the others: @seq moves it like any packet's, and is refused
 * only when it is too old or at the limit.
 *
 * Return: true if @seq is inside the window.
 */
bool oxt_replay_check_shared(struct oxt_replay *r, u64 seq, u64 limit)
{
	return oxt_replay_mark(r, seq, limit, true);
}
