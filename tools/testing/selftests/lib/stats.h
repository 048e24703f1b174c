/* SPDX-License-Identifier: GPL-2.0 */
/* Reading the counters tquic exports in /proc/net/tquic/stats. */
#ifndef _SELFTEST_STATS_H
#define _SELFTEST_STATS_H

/* The value of counter @name, or -1 when the file or the name is missing. */
long long tquic_stat(const char *name);

#endif
