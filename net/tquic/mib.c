// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: per-netns counters.
 *
 * Counters are per-cpu and updated without locks; readers fold them.  A
 * reset clears every cpu's slots; an update racing with a reset on another
 * cpu may survive it, which is acceptable for statistics.
 */
#include <linux/percpu.h>
#include <linux/string.h>

#include "tquic.h"

const char * const tquic_mib_names[TQUIC_MIB_NUM] = {
	[TQUIC_MIB_CONN_OPENED]		= "ConnOpened",
	[TQUIC_MIB_CONN_CLOSED]		= "ConnClosed",
	[TQUIC_MIB_CONN_REJECTED]	= "ConnRejected",
	[TQUIC_MIB_PKTS_IN]		= "PacketsIn",
	[TQUIC_MIB_PKTS_OUT]		= "PacketsOut",
	[TQUIC_MIB_BYTES_IN]		= "BytesIn",
	[TQUIC_MIB_BYTES_OUT]		= "BytesOut",
	[TQUIC_MIB_DROP_MALFORMED]	= "DropMalformed",
	[TQUIC_MIB_DROP_NO_CONN]	= "DropNoConnection",
	[TQUIC_MIB_DROP_DECRYPT]	= "DropDecryptFail",
	[TQUIC_MIB_DROP_VERSION]	= "DropUnknownVersion",
	[TQUIC_MIB_PATHS_ADDED]		= "PathsAdded",
	[TQUIC_MIB_PATHS_REMOVED]	= "PathsRemoved",
	[TQUIC_MIB_STATS_RESETS]	= "StatsResets",
	[TQUIC_MIB_VN_SENT]		= "VersionNegotiationSent",
	[TQUIC_MIB_DROP_BACKLOG]	= "DropBacklog",
	[TQUIC_MIB_PACKETS_LOST]	= "PacketsLost",
	[TQUIC_MIB_PTO]			= "ProbeTimeouts",
	[TQUIC_MIB_BYTES_RETRANS]	= "StreamBytesRetransmitted",
	[TQUIC_MIB_DROP_DATAGRAM]	= "DropDatagram",
	[TQUIC_MIB_KEY_UPDATES]		= "KeyUpdates",
	[TQUIC_MIB_PEER_MIGRATIONS]	= "PeerMigrations",
	[TQUIC_MIB_PATH_VALIDATED]	= "PathValidated",
	[TQUIC_MIB_DROP_NO_KEY]		= "DropNoKey",
	[TQUIC_MIB_PMTU_RAISED]		= "PmtuRaised",
	[TQUIC_MIB_PMTU_PROBES_LOST]	= "PmtuProbesLost",
	[TQUIC_MIB_PMTU_BLACK_HOLES]	= "PmtuBlackHoles",
	[TQUIC_MIB_GSO_TRAINS]		= "GsoTrains",
	[TQUIC_MIB_RETRY_SENT]		= "RetrySent",
	[TQUIC_MIB_RETRY_RCVD]		= "RetryReceived",
	[TQUIC_MIB_TOKEN_INVALID]	= "TokenInvalid",
	[TQUIC_MIB_AMP_LIMITED]		= "AmplificationLimited",
	[TQUIC_MIB_NEW_TOKEN_RCVD]	= "NewTokenReceived",
	[TQUIC_MIB_STATELESS_RESET_SENT] = "StatelessResetSent",
	[TQUIC_MIB_STATELESS_RESET_RCVD] = "StatelessResetRcvd",
	[TQUIC_MIB_MIGRATIONS]		= "Migrations",
	[TQUIC_MIB_VN_RCVD]		= "VersionNegotiationRcvd",
	[TQUIC_MIB_0RTT_PKTS_OUT]	= "ZeroRttPacketsOut",
	[TQUIC_MIB_0RTT_PKTS_IN]	= "ZeroRttPacketsIn",
	[TQUIC_MIB_0RTT_DROPPED]	= "ZeroRttDropped",
	[TQUIC_MIB_0RTT_REJECTED]	= "ZeroRttRejected",
	[TQUIC_MIB_TICKET_BYTES_DROP]	= "TicketBytesDropped",
	[TQUIC_MIB_EVENTS_DROPPED]	= "EventsDropped",
	[TQUIC_MIB_VERSION_SWITCHED]	= "VersionSwitched",
	[TQUIC_MIB_CLOSED_ABSORBED]	= "ClosedAbsorbed",
	[TQUIC_MIB_CLOSE_RESENT]	= "CloseResent",
	[TQUIC_MIB_MP_NEGOTIATED]	= "MultipathConnections",
	[TQUIC_MIB_PATHS_FAILED]	= "PathsFailed",
	[TQUIC_MIB_PATHS_RECOVERED]	= "PathsRecovered",
	[TQUIC_MIB_BYTES_DUP]		= "StreamBytesDuplicated",
	[TQUIC_MIB_CONN_DEGRADED]	= "ConnDegraded",
	[TQUIC_MIB_REINJECTIONS]	= "PathReinjections",
	[TQUIC_MIB_HELD_FOR_KEY]	= "HeldForKey",
	[TQUIC_MIB_GRO_TRAINS]		= "GroTrains",
	[TQUIC_MIB_GRO_SPLIT]		= "GroSplit",
	[TQUIC_MIB_TRAIN_PAGES_NEW]	= "TrainPagesAllocated",
	[TQUIC_MIB_TRAIN_PAGES_REUSED]	= "TrainPagesReused",
	[TQUIC_MIB_RX_TO_OWNER]		= "RxToOwner",
	[TQUIC_MIB_RX_COALESCED]	= "RxCoalesced",
	[TQUIC_MIB_DROP_CHECKSUM]	= "DropChecksum",
	[TQUIC_MIB_DROP_NO_MEM]		= "DropNoMemory",
	[TQUIC_MIB_PEER_MIGRATIONS_FAILED] = "PeerMigrationsFailed",
	[TQUIC_MIB_SEND_PIECES_NEW]	= "SendPiecesAllocated",
	[TQUIC_MIB_SEND_PIECES_REUSED]	= "SendPiecesReused",
	[TQUIC_MIB_PEER_PROBES]		= "PeerProbes",
	[TQUIC_MIB_RX_WORK]		= "RxWorkRuns",
	[TQUIC_MIB_RX_ZEROCOPY_BYTES]	= "RxZeroCopyBytes",
	[TQUIC_MIB_RX_ZEROCOPY_MISSES]	= "RxZeroCopyMisses",
	[TQUIC_MIB_RX_HELD]		= "RxHeldForReader",
	[TQUIC_MIB_RX_HOLD_EXPIRED]	= "RxHoldExpired",
};

int tquic_mib_init(struct tquic_net *tn)
{
	tn->mib = alloc_percpu(struct tquic_mib_pcpu);
	if (!tn->mib)
		return -ENOMEM;
	mutex_init(&tn->mib_reset_lock);
	return 0;
}

void tquic_mib_exit(struct tquic_net *tn)
{
	free_percpu(tn->mib);
	tn->mib = NULL;
}

/**
 * tquic_mib_fold - sum the per-cpu counters
 * @tn: the netns state
 * @out: TQUIC_MIB_NUM values
 */
void tquic_mib_fold(const struct tquic_net *tn, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * TQUIC_MIB_NUM);
	for_each_possible_cpu(cpu) {
		const struct tquic_mib_pcpu *m = per_cpu_ptr(tn->mib, cpu);

		for (i = 0; i < TQUIC_MIB_NUM; i++)
			out[i] += READ_ONCE(m->mibs[i]);
	}
}

/**
 * tquic_mib_reset - zero every counter but StatsResets, which counts up
 * @tn: the netns state
 */
void tquic_mib_reset(struct tquic_net *tn)
{
	u64 vals[TQUIC_MIB_NUM];
	int cpu;

	mutex_lock(&tn->mib_reset_lock);
	tquic_mib_fold(tn, vals);
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(tn->mib, cpu), 0, sizeof(struct tquic_mib_pcpu));
	this_cpu_write(tn->mib->mibs[TQUIC_MIB_STATS_RESETS],
		       vals[TQUIC_MIB_STATS_RESETS] + 1);
	mutex_unlock(&tn->mib_reset_lock);
}
