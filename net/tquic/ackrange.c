// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the packet numbers a space has received, as the ranges its ACK
 * frames report.
 *
 * At most TQUIC_ACK_RANGES ranges are kept, highest first.  When a new
 * range would not fit, the lowest one falls off and everything up to its
 * largest number joins the floor: a number at or below the floor counts
 * as received, so an old packet replayed after its range fell off is
 * still a duplicate (RFC 9000, 12.3 and 13.2.3).  A genuine packet that
 * late is dropped too; its sender repairs the loss as for any other.
 * Caller holds the socket lock.
 */
#include <linux/string.h>

#include "conn.h"
#include "recovery.h"

/* Everything up to the range @r counts as received from now on. */
static void tquic_ack_floor_raise(struct tquic_space *sp,
				  const struct tquic_ack_block *r)
{
	if (r->largest + 1 > sp->rx_floor)
		sp->rx_floor = r->largest + 1;
}

/**
 * tquic_ack_record - note packet @pn as received
 * @sp: its packet number space
 * @pn: the packet number
 *
 * Return: true when it is new, false for a duplicate, including a number
 * below the floor.
 */
bool tquic_ack_record(struct tquic_space *sp, u64 pn)
{
	struct tquic_ack_block *r = sp->rx_ranges;
	unsigned int i, n = sp->rx_nranges;

	if (pn < sp->rx_floor)
		return false;
	for (i = 0; i < n; i++) {
		if (pn > r[i].largest + 1)
			break;
		if (pn >= r[i].smallest && pn <= r[i].largest)
			return false;
		if (pn == r[i].largest + 1) {
			r[i].largest = pn;
			return true;
		}
		if (pn + 1 == r[i].smallest) {
			r[i].smallest = pn;
			/* Joins the next range down? */
			if (i + 1 < n && r[i + 1].largest + 1 == pn) {
				r[i].smallest = r[i + 1].smallest;
				memmove(&r[i + 1], &r[i + 2],
					(n - i - 2) * sizeof(*r));
				sp->rx_nranges--;
			}
			return true;
		}
	}
	/* A new range at @i; the lowest falls off when full. */
	if (n == TQUIC_ACK_RANGES) {
		if (i == n) {
			/* Below every range: older than any we report. */
			tquic_ack_floor_raise(sp, &r[n - 1]);
			return false;
		}
		n--;
		tquic_ack_floor_raise(sp, &r[n]);
	}
	memmove(&r[i + 1], &r[i], (n - i) * sizeof(*r));
	r[i].smallest = pn;
	r[i].largest = pn;
	sp->rx_nranges = n + 1;
	return true;
}
