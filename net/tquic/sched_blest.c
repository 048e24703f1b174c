// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the "blest" scheduler - BLocking ESTimation (Ferlin, Alay,
 * Mehani, Boreli: "BLEST: Blocking Estimation-based MPTCP Scheduler for
 * Heterogeneous Networks", IFIP Networking 2016).
 *
 * The fastest eligible path x_f (lowest smoothed RTT) takes the packet
 * while it has window room.  When it is full, the fastest other path x_s
 * with room is considered: while one packet travels x_s, x_f could send
 *
 *	X = MSS_f * (CWND_f + (rtts - 1) / 2) * rtts,  rtts = RTT_s / RTT_f
 *
 * (its window growing by one segment per RTT).  If lambda * X exceeds
 * the room the peer's window |M| leaves once x_s holds its in-flight
 * bytes and this packet, |M| - MSS_s * (inflight_s + 1), sending on x_s
 * would block x_f: the scheduler waits for x_f instead (-EAGAIN).
 *
 * lambda corrects the estimate: it starts at 1.2, and once per RTT of x_s
 * grows by 0.04 when the connection reported being blocked by the send
 * window (TQUIC_SCHED_F_BLOCKED) since the last update, else shrinks by
 * 0.01, within [1.0, 1.3] (the constants of the authors'
 * implementation).  Sizes in bytes: MSS is tquic_sched_ctx.bytes and
 * windows are byte counts, so CWND_f * MSS_f is cwnd_f.
 *
 * Fixed point: rtts in 1/1024, lambda in percent.  Backup paths only while
 * no other path is usable.
 */
#include "muldiv.h"

#include "sched.h"

#define BLEST_RTTS_SCALE	1024ULL
#define BLEST_LAMBDA_INIT	120	/* percent */
#define BLEST_LAMBDA_MIN	100
#define BLEST_LAMBDA_MAX	130
#define BLEST_LAMBDA_BAD	4
#define BLEST_LAMBDA_GOOD	1

/**
 * tquic_blest_wait - BLEST's rule: does sending on @slow block @fast?
 * @fast: x_f, the fastest path (its window full)
 * @slow: x_s, the candidate
 * @mss: the segment size in bytes
 * @send_window: |M| in bytes; 0 (unknown) never waits
 * @lambda: the correction factor in percent
 *
 * Return: true to wait for @fast, false to send on @slow.
 */
bool tquic_blest_wait(const struct tquic_sched_path *fast,
		      const struct tquic_sched_path *slow, u32 mss,
		      u64 send_window, u32 lambda)
{
	u64 rtts, x, slow_bytes;

	if (!send_window || !fast->srtt || !slow->srtt)
		return false;
	rtts = max_t(u64, div_u64((u64)slow->srtt * BLEST_RTTS_SCALE,
				  fast->srtt), BLEST_RTTS_SCALE);
	/* X in bytes times BLEST_RTTS_SCALE, then times rtts and lambda */
	x = fast->cwnd * BLEST_RTTS_SCALE +
	    div_u64((u64)mss * (rtts - BLEST_RTTS_SCALE), 2);
	x = tquic_muldiv(x, rtts * lambda,
			 BLEST_RTTS_SCALE * BLEST_RTTS_SCALE * 100);
	slow_bytes = slow->in_flight + mss;
	if (slow_bytes >= send_window)
		return true;
	return x > send_window - slow_bytes;
}
EXPORT_SYMBOL_GPL(tquic_blest_wait);

/* priv[0]: lambda (percent, 0 before the first use); priv[1]: time of
 * its last update (us); priv[2]: blocked since then
 */
static u32 blest_lambda(struct tquic_sched *s,
			const struct tquic_sched_path *slow,
			const struct tquic_sched_ctx *ctx)
{
	u64 *lambda = &s->priv[0], *last = &s->priv[1], *bad = &s->priv[2];

	if (!*lambda) {
		*lambda = BLEST_LAMBDA_INIT;
		*last = ctx->now_us;
	}
	if (ctx->flags & TQUIC_SCHED_F_BLOCKED)
		*bad = 1;
	if (ctx->now_us - *last < slow->srtt)
		return *lambda;
	if (*bad)
		*lambda = min_t(u64, *lambda + BLEST_LAMBDA_BAD,
				BLEST_LAMBDA_MAX);
	else
		*lambda = max_t(u64, *lambda - BLEST_LAMBDA_GOOD,
				BLEST_LAMBDA_MIN);
	*bad = 0;
	*last = ctx->now_us;
	return *lambda;
}

static int blest_select(struct tquic_sched *s,
			const struct tquic_sched_path *paths, unsigned int n,
			struct tquic_sched_ctx *ctx)
{
	int fast, slow, err;
	u32 lambda;

	err = tquic_sched_fast_slow(paths, n, ctx->bytes, &fast, &slow);
	if (err || slow < 0)
		return err ? : fast;
	lambda = blest_lambda(s, &paths[slow], ctx);
	if (tquic_blest_wait(&paths[fast], &paths[slow], ctx->bytes,
			     ctx->send_window, lambda))
		return -EAGAIN;
	return slow;
}

struct tquic_sched_ops tquic_sched_blest = {
	.alg = {
		.name = "blest",
		.owner = THIS_MODULE,
	},
	.select = blest_select,
};
