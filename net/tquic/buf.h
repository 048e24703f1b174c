/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: bounds-checked cursors over wire buffers.
 *
 * A reader never reads past its end: every getter fails with -EINVAL when
 * the bytes are not there, and leaves the cursor where it was.  A writer
 * fails with -ENOSPC when the room runs out.
 */
#ifndef _TQUIC_BUF_H
#define _TQUIC_BUF_H

#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "tquic.h"

struct tquic_rd {
	const u8 *p;
	size_t left;
};

/* A writer.  output.c may leave the data of the STREAM frame that ends
 * a packet out (@gap_ok): @gap_len bytes at @gap are then sealed from
 * @gap_src, where they are, rather than copied in first.
 */
struct tquic_wr {
	u8 *p;
	size_t left;
	u8 *gap;
	const u8 *gap_src;
	size_t gap_len;
	bool gap_ok;
};

static inline void tquic_rd_init(struct tquic_rd *r, const u8 *p, size_t len)
{
	r->p = p;
	r->left = len;
}

static inline int tquic_rd_varint(struct tquic_rd *r, u64 *v)
{
	int n = tquic_varint_decode(r->p, r->left, v);

	if (n < 0)
		return n;
	r->p += n;
	r->left -= n;
	return 0;
}

/* Point @out at the next @n bytes and step over them. */
static inline int tquic_rd_bytes(struct tquic_rd *r, u64 n, const u8 **out)
{
	if (n > r->left)
		return -EINVAL;
	*out = r->p;
	r->p += n;
	r->left -= n;
	return 0;
}

static inline int tquic_rd_u8(struct tquic_rd *r, u8 *v)
{
	if (!r->left)
		return -EINVAL;
	*v = *r->p++;
	r->left--;
	return 0;
}

static inline void tquic_wr_init(struct tquic_wr *w, u8 *p, size_t len)
{
	w->p = p;
	w->left = len;
	w->gap = NULL;
	w->gap_src = NULL;
	w->gap_len = 0;
	w->gap_ok = false;
}

static inline int tquic_wr_varint(struct tquic_wr *w, u64 v)
{
	int n = tquic_varint_encode(w->p, w->left, v);

	if (n < 0)
		return n;
	w->p += n;
	w->left -= n;
	return 0;
}

static inline int tquic_wr_bytes(struct tquic_wr *w, const void *src,
				 size_t n)
{
	if (n > w->left)
		return -ENOSPC;
	if (n)
		memcpy(w->p, src, n);
	w->p += n;
	w->left -= n;
	return 0;
}

static inline int tquic_wr_u8(struct tquic_wr *w, u8 v)
{
	return tquic_wr_bytes(w, &v, 1);
}

#endif /* _TQUIC_BUF_H */
