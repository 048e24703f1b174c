/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxctl: declarations shared by the command files.
 */
#ifndef _OXCTL_H
#define _OXCTL_H

#include <stdbool.h>

#include "json.h"

#define OXCTL_VERSION	"0.1.0"

/* Exit statuses: 0 done, 1 runtime error, 2 usage error. */
#define OXC_EXIT_ERR	1
#define OXC_EXIT_USAGE	2

/* Global options. */
extern bool oxc_json;

/**
 * struct oxc_cmd - one top-level command
 * @name: first word on the command line
 * @run: handler; argv[0] is the command name; returns an exit status
 * @usage: one or more usage lines (without "oxctl [-j] ")
 */
struct oxc_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

int oxc_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

int oxc_cmd_version(int argc, char **argv);
int oxc_cmd_info(int argc, char **argv);
int oxc_cmd_stats(int argc, char **argv);
int oxc_cmd_tunnel(int argc, char **argv);
int oxc_cmd_peer(int argc, char **argv);
int oxc_cmd_genkey(int argc, char **argv);
int oxc_cmd_conn(int argc, char **argv);
int oxc_path_show(int argc, char **argv);
int oxc_cmd_path(int argc, char **argv);
int oxc_cmd_sched(int argc, char **argv);
int oxc_cmd_cc(int argc, char **argv);
int oxc_cmd_endpoint(int argc, char **argv);
int oxc_cmd_monitor(int argc, char **argv);
int oxc_cmd_pubkey(int argc, char **argv);

#endif /* _OXCTL_H */
