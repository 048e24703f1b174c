/* SPDX-License-Identifier: GPL-2.0 */
/* Reading tquic's counters (/proc/net/tquic/stats), setting its knobs. */
#ifndef _SELFTEST_STATS_H
#define _SELFTEST_STATS_H

/* The value of counter @name, or -1 when the file or the name is missing. */
long long tquic_stat(const char *name);

/* Counter @name once it reached @want, or as it is after @ms ms. */
long long tquic_stat_within(const char *name, long long want, int ms);

/* tquic_stat_within() two seconds. */
long long tquic_stat_reaches(const char *name, long long want);

/* Write @val to /proc/sys/net/tquic/@name: 0, or -1 (errno set). */
int tquic_sysctl_set(const char *name, const char *val);

#endif
