// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: NewReno congestion control as specified for QUIC in RFC 9002,
 * section 7 and appendix B: slow start, congestion avoidance with byte
 * counting, one window reduction per recovery period, and the minimum
 * window on persistent congestion.
 */
#include "cong.h"

void tquic_reno_init(struct tquic_cc *cc)
{
	cc->cwnd = tquic_cc_initial_window(cc->max_datagram_size);
}

void tquic_reno_on_sent(struct tquic_cc *cc, u32 bytes, u64 now)
{
	cc->in_flight += bytes;
}

/* RFC 9002, appendix B.5: a packet sent before recovery began. */
bool tquic_reno_in_recovery(const struct tquic_cc *cc, u64 sent_time)
{
	return cc->in_recovery && sent_time <= cc->recovery_start;
}

/**
 * tquic_reno_acked - NewReno's handling of an acknowledged packet, up to
 *	the congestion avoidance increase: out of flight, nothing during
 *	recovery, slow start below ssthresh
 * @cc: the path's controller
 * @bytes: the packet's size
 * @sent_time: when it was sent
 *
 * Return: true when the window is to grow by congestion avoidance.
 */
bool tquic_reno_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time)
{
	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	if (tquic_reno_in_recovery(cc, sent_time))
		return false;
	if (cc->cwnd < cc->ssthresh) {
		cc->cwnd += bytes;
		return false;
	}
	return true;
}

static void newreno_on_acked(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			     u64 now)
{
	if (!tquic_reno_acked(cc, bytes, sent_time))
		return;
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
	if (tquic_reno_in_recovery(cc, sent_time))
		return;
	cc->in_recovery = true;
	cc->recovery_start = now;
	cc->ssthresh = cc->cwnd / 2;
	cc->cwnd = max(cc->ssthresh,
		       tquic_cc_minimum_window(cc->max_datagram_size));
	cc->acked_acc = 0;
}

void tquic_reno_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_time,
			u64 now)
{
	cc->in_flight -= min_t(u64, cc->in_flight, bytes);
	newreno_congestion_event(cc, sent_time, now);
}

void tquic_reno_on_persistent_congestion(struct tquic_cc *cc, u64 now)
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
	.init = tquic_reno_init,
	.on_sent = tquic_reno_on_sent,
	.on_acked = newreno_on_acked,
	.on_lost = tquic_reno_on_lost,
	.on_persistent_congestion = tquic_reno_on_persistent_congestion,
};
