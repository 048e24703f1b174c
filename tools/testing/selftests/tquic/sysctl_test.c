// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sys/net/tquic: defaults, bounds (EINVAL and the old value kept),
 * algorithm names, read-only lists, per-netns independence, and the
 * counters file.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define DIR "/proc/sys/net/tquic/"

static int rd(const char *name, char *buf, size_t len)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), DIR "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/* write(2) @val; returns 0 or -errno. */
static int wr(const char *name, const char *val)
{
	char path[128];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), DIR "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0)
		err = -errno;
	close(fd);
	return err;
}

struct knob {
	const char *name;
	const char *def;
	const char *min, *max;
	const char *below, *above;	/* NULL: none representable */
};

static const struct knob knobs[] = {
	{ "max_connections", "4096", "1", "1048576", "0", "1048577" },
	{ "max_streams_bidi", "100", "0", "1152921504606846976", "-1",
	  "1152921504606846977" },
	{ "max_streams_uni", "100", "0", "1152921504606846976", "-1",
	  "1152921504606846977" },
	{ "idle_timeout", "30000", "0", "86400000", "-1", "86400001" },
	{ "max_udp_payload", "1472", "1200", "65527", "1199", "65528" },
	{ "ack_delay_exponent", "3", "0", "20", "-1", "21" },
	{ "max_ack_delay", "25", "0", "16383", "-1", "16384" },
	{ "active_connection_id_limit", "8", "2", "256", "1", "257" },
	{ "initial_rtt", "333", "1", "60000", "0", "60001" },
	{ "multipath_enabled", "1", "0", "1", "-1", "2" },
	{ "max_paths", "8", "1", "16", "0", "17" },
	{ "key_update_packets", "0", "0", "2147483647", "-1", "2147483648" },
	{ "hystart", "1", "0", "1", "-1", "2" },
	{ "gro", "1", "0", "1", "-1", "2" },
	{ "rx_zerocopy", "1", "0", "1", "-1", "2" },
	{ "rx_hold_us", "5000", "0", "25000", "-1", "25001" },
};

FIXTURE(sysctl) {
	char buf[256];
};

FIXTURE_SETUP(sysctl)
{
	ASSERT_EQ(0, system("modprobe tquic"));
	/* Every test runs in a fresh netns: it starts from the defaults. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
}

FIXTURE_TEARDOWN(sysctl)
{
}

TEST_F(sysctl, defaults)
{
	size_t i;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		ASSERT_EQ(0, rd(knobs[i].name, self->buf, sizeof(self->buf)));
		EXPECT_STREQ(knobs[i].def, self->buf)
			TH_LOG("%s", knobs[i].name);
	}
	ASSERT_EQ(0, rd("congestion_control", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("cubic", self->buf);
	ASSERT_EQ(0, rd("scheduler", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("minrtt", self->buf);
	ASSERT_EQ(0, rd("available_congestion_control", self->buf,
			sizeof(self->buf)));
	EXPECT_STREQ("newreno cubic lia olia bbr", self->buf);
	ASSERT_EQ(0, rd("available_schedulers", self->buf,
			sizeof(self->buf)));
	EXPECT_STREQ("minrtt roundrobin weighted blest ecf redundant", self->buf);
}

TEST_F(sysctl, bounds)
{
	size_t i;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		const struct knob *k = &knobs[i];

		EXPECT_EQ(0, wr(k->name, k->min)) TH_LOG("%s=%s", k->name,
							 k->min);
		ASSERT_EQ(0, rd(k->name, self->buf, sizeof(self->buf)));
		EXPECT_STREQ(k->min, self->buf);
		EXPECT_EQ(0, wr(k->name, k->max)) TH_LOG("%s=%s", k->name,
							 k->max);
		ASSERT_EQ(0, rd(k->name, self->buf, sizeof(self->buf)));
		EXPECT_STREQ(k->max, self->buf);
		/* Out of range, garbage, empty: EINVAL, value unchanged. */
		EXPECT_EQ(-EINVAL, wr(k->name, k->below))
			TH_LOG("%s=%s", k->name, k->below);
		EXPECT_EQ(-EINVAL, wr(k->name, k->above))
			TH_LOG("%s=%s", k->name, k->above);
		EXPECT_EQ(-EINVAL, wr(k->name, "12abc"))
			TH_LOG("%s=12abc", k->name);
		ASSERT_EQ(0, rd(k->name, self->buf, sizeof(self->buf)));
		EXPECT_STREQ(k->max, self->buf) TH_LOG("%s", k->name);
		EXPECT_EQ(0, wr(k->name, k->def));
	}
}

TEST_F(sysctl, algorithm_names)
{
	EXPECT_EQ(0, wr("scheduler", "roundrobin"));
	ASSERT_EQ(0, rd("scheduler", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("roundrobin", self->buf);
	EXPECT_EQ(0, wr("scheduler", "minrtt\n"));
	ASSERT_EQ(0, rd("scheduler", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("minrtt", self->buf);
	EXPECT_EQ(-EINVAL, wr("scheduler", "fastest"));
	EXPECT_EQ(-EINVAL, wr("scheduler", "\n"));
	EXPECT_EQ(-EINVAL, wr("scheduler", "minrttminrttminrttminrtt"));
	EXPECT_EQ(-EINVAL, wr("congestion_control", "cubicle"));
	EXPECT_EQ(0, wr("congestion_control", "newreno"));
	ASSERT_EQ(0, rd("congestion_control", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("newreno", self->buf);
	EXPECT_EQ(0, wr("congestion_control", "cubic"));
	ASSERT_EQ(0, rd("scheduler", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("minrtt", self->buf);
}

TEST_F(sysctl, lists_read_only)
{
	int fd = open(DIR "available_schedulers", O_WRONLY);

	EXPECT_EQ(-1, fd);
	EXPECT_TRUE(errno == EACCES || errno == EPERM);
	fd = open(DIR "available_congestion_control", O_WRONLY);
	EXPECT_EQ(-1, fd);
}

TEST_F(sysctl, per_netns)
{
	int status;
	pid_t pid;

	ASSERT_EQ(0, wr("max_connections", "77"));
	ASSERT_EQ(0, wr("scheduler", "roundrobin"));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		char buf[64];

		/* A new netns starts from the defaults... */
		if (unshare(CLONE_NEWNET) ||
		    rd("max_connections", buf, sizeof(buf)) ||
		    strcmp(buf, "4096") || rd("scheduler", buf, sizeof(buf)) ||
		    strcmp(buf, "minrtt"))
			_exit(1);
		/* ...and what it sets stays there. */
		if (wr("max_connections", "5"))
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, rd("max_connections", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("77", self->buf);
	ASSERT_EQ(0, rd("scheduler", self->buf, sizeof(self->buf)));
	EXPECT_STREQ("roundrobin", self->buf);
}

TEST(stats_file)
{
	static const char * const names[] = {
		"ConnOpened", "ConnClosed", "ConnRejected", "PacketsIn",
		"PacketsOut", "BytesIn", "BytesOut", "DropMalformed",
		"DropNoConnection", "DropDecryptFail", "DropUnknownVersion",
		"PathsAdded", "PathsRemoved", "StatsResets",
		"VersionNegotiationSent", "DropBacklog",
		"PacketsLost", "ProbeTimeouts", "StreamBytesRetransmitted",
		"DropDatagram", "KeyUpdates", "PeerMigrations",
		"PathValidated", "DropNoKey", "PmtuRaised", "PmtuProbesLost",
		"PmtuBlackHoles", "GsoTrains", "RetrySent", "RetryReceived",
		"TokenInvalid", "AmplificationLimited", "NewTokenReceived",
		"StatelessResetSent", "StatelessResetRcvd", "Migrations",
		"VersionNegotiationRcvd", "ZeroRttPacketsOut",
		"ZeroRttPacketsIn", "ZeroRttDropped", "ZeroRttRejected",
		"TicketBytesDropped", "EventsDropped", "VersionSwitched",
		"ClosedAbsorbed", "CloseResent", "MultipathConnections",
		"PathsFailed", "PathsRecovered", "StreamBytesDuplicated",
		"ConnDegraded", "PathReinjections", "HeldForKey",
		"GroTrains", "GroSplit", "TrainPagesAllocated",
		"TrainPagesReused", "RxToOwner", "RxCoalesced",
		"DropChecksum", "DropNoMemory", "PeerMigrationsFailed",
		"SendPiecesAllocated", "SendPiecesReused", "PeerProbes",
		"RxWorkRuns", "RxZeroCopyBytes", "RxZeroCopyMisses",
		"RxHeldForReader", "RxHoldExpired",
	};
	char name[64];
	unsigned long long v;
	size_t i = 0;
	FILE *f;

	ASSERT_EQ(0, system("modprobe tquic"));
	f = fopen("/proc/net/tquic/stats", "r");
	ASSERT_NE(NULL, f);
	while (fscanf(f, "%63s %llu", name, &v) == 2) {
		ASSERT_LT(i, sizeof(names) / sizeof(names[0]));
		EXPECT_STREQ(names[i], name);
		i++;
	}
	fclose(f);
	EXPECT_EQ(sizeof(names) / sizeof(names[0]), i);
}

TEST_HARNESS_MAIN
