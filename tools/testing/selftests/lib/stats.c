// SPDX-License-Identifier: GPL-2.0
/* Reading tquic's counters (/proc/net/tquic/stats), setting its knobs. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stats.h"

long long tquic_stat(const char *name)
{
	char n[64];
	long long v;
	FILE *f = fopen("/proc/net/tquic/stats", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", n, &v) == 2) {
		if (!strcmp(n, name)) {
			fclose(f);
			return v;
		}
	}
	fclose(f);
	return -1;
}

long long tquic_stat_within(const char *name, long long want, int ms)
{
	long long v = tquic_stat(name);
	int i;

	for (i = 0; i < ms / 10 && v < want; i++) {
		usleep(10000);
		v = tquic_stat(name);
	}
	return v;
}

long long tquic_stat_reaches(const char *name, long long want)
{
	return tquic_stat_within(name, want, 2000);
}

int tquic_sysctl_set(const char *name, const char *val)
{
	char path[128];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "/proc/sys/net/tquic/%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	err = fputs(val, f) < 0;
	return fclose(f) || err ? -1 : 0;
}
