// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: NewReno congestion control as specified for QUIC in RFC 9002,
 * section 7 and appendix B: slow start, congestion avoidance with byte
 * counting, one window reduction per recovery period, and the minimum
 * window on persistent congestion.
 */
#include "cong.h"

static void newreno_init(struct tquic_cc *cc)
{
	cc->cwnd = tquic_cc_initial_window(cc->max_datagram_size);
}

static void newreno_on_sent(struct tquic_cc *cc, u32 bytes, u64 now)
{
	cc->in_flight += bytes;
}

/* RFC 9002, appendix B.5: a packet sent before recovery began. */
static bool newreno_in_recovery(const struct tquic_cc *cc, u64 sent_time)
{
	return cc->in_recovery && sent_time <= cc->recovery_start;
}

static void newreno_on_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			     u64 now)
{
	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	if (newreno_in_recovery(cc, sent_time))
		return;

	if (cc->cwnd < cc->ssthresh) {
		cc->cwnd += bytes;
		return;
	}
	/* One maximum datagram per window of acknowledged bytes. */
	cc->acked_acc += bytes;
	if (cc->acked_acc >= cc->cwnd) {
		cc->acked_acc -= cc->cwnd;
		cc->cwnd += cc->max_datagram_size;
	}
}

static void newreno_congestion_event(struct tquic_cc *cc, u64 sent_time,
				     u64 now)
{
	if (newreno_in_recovery(cc, sent_time))
		return;
	cc->in_recovery = true;
	cc->recovery_start = now;
	cc->ssthresh = cc->cwnd / 2;
	cc->cwnd = max(cc->ssthresh,
		       tquic_cc_minimum_window(cc->max_datagram_size));
	cc->acked_acc = 0;
}

static void newreno_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			    u64 now)
{
	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	newreno_congestion_event(cc, sent_time, now);
}

static void newreno_on_persistent_congestion(struct tquic_cc *cc, u64 now)
{
	cc->cwnd = tquic_cc_minimum_window(cc->max_datagram_size);
	cc->in_recovery = false;
	cc->recovery_start = 0;
	cc->acked_acc = 0;
}

struct tquic_cc_ops tquic_cc_newreno = {
	.alg = {
		.name = "newreno",
		.owner = THIS_MODULE,
	},
	.init = newreno_init,
	.on_sent = newreno_on_sent,
	.on_acked = newreno_on_acked,
	.on_lost = newreno_on_lost,
	.on_persistent_congestion = newreno_on_persistent_congestion,
};
