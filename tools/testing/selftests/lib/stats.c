// SPDX-License-Identifier: GPL-2.0
/* Reading the counters tquic exports in /proc/net/tquic/stats. */
#include <stdio.h>
#include <string.h>

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
