/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: a * b / c without overflow, for the fixed-point arithmetic of the
 * schedulers and congestion controllers.
 */
#ifndef _TQUIC_MULDIV_H
#define _TQUIC_MULDIV_H

#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/types.h>

/**
 * tquic_muldiv - a * b / c with a 128-bit intermediate, saturating
 * @a: factor
 * @b: factor
 * @c: divisor
 *
 * x86's mul_u64_u64_div_u64() faults when the quotient does not fit in 64
 * bits: a quotient that might not (or @c == 0) gives U64_MAX instead.
 *
 * Return: floor(@a * @b / @c), or U64_MAX.
 */
static inline u64 tquic_muldiv(u64 a, u64 b, u64 c)
{
	if (!c)
		return U64_MAX;
	if (b && div64_u64(a, c) >= div64_u64(U64_MAX, b))
		return U64_MAX;
	return mul_u64_u64_div_u64(a, b, c);
}

#endif /* _TQUIC_MULDIV_H */
