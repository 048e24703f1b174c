// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl: the command-line tool of tquic and oxtunnel, over generic
 * netlink.  Adding a command: one entry in oxc_cmds[] and one file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "oxctl.h"

bool oxc_json;

static int oxc_cmd_help(int argc, char **argv);

static const struct oxc_cmd oxc_cmds[] = {
	{ "help", oxc_cmd_help, "help" },
	{ "version", oxc_cmd_version, "version" },
	{ "info", oxc_cmd_info, "info" },
	{ "stats", oxc_cmd_stats, "stats [reset]" },
	{ "tunnel", oxc_cmd_tunnel,
	  "tunnel show [DEV] | stats DEV\n"
	  "  oxctl tunnel set DEV [listen-port N] [private-key FILE] [encryption on|off]\n"
	  "                       [rekey-interval SEC] [rekey-messages N]" },
	{ "peer", oxc_cmd_peer,
	  "peer add|set DEV PUBKEY [endpoint IP:PORT] [allowed-ips CIDR,...] [keepalive SEC]\n"
	  "  oxctl peer del DEV PUBKEY\n"
	  "  oxctl peer show DEV" },
	{ "conn", oxc_cmd_conn, "conn show [-i] [ID]" },
	{ "path", oxc_cmd_path,
	  "path add CONN local ADDR[%DEV] remote ADDR:PORT [backup] [weight N]\n"
	  "  oxctl path del CONN PATH\n"
	  "  oxctl path set CONN PATH [backup|active] [weight N]\n"
	  "  oxctl path show CONN" },
	{ "sched", oxc_cmd_sched, "sched set CONN NAME" },
	{ "cc", oxc_cmd_cc, "cc set CONN NAME" },
	{ "endpoint", oxc_cmd_endpoint,
	  "endpoint add ADDR [dev DEV] [backup]\n"
	  "  oxctl endpoint del ID\n"
	  "  oxctl endpoint show" },
	{ "monitor", oxc_cmd_monitor, "monitor             (connection and path events)" },
	{ "genkey", oxc_cmd_genkey, "genkey              (private key to stdout)" },
	{ "pubkey", oxc_cmd_pubkey, "pubkey              (private key on stdin, public key to stdout)" },
};

static void oxc_print_usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: oxctl [-j] COMMAND [ARGS]\n"
		"       oxctl -V | --version\n"
		"Options:\n"
		"  -j, --json     JSON output\n"
		"  -V, --version  print the version\n"
		"  -h, --help     this help\n"
		"Commands:\n");
	for (i = 0; i < sizeof(oxc_cmds) / sizeof(oxc_cmds[0]); i++)
		fprintf(out, "  oxctl %s\n", oxc_cmds[i].usage);
}

int oxc_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("oxctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	oxc_print_usage(stderr);
	return OXC_EXIT_USAGE;
}

static int oxc_cmd_help(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return oxc_usage_error("help takes no arguments");
	oxc_print_usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;
	int a;

	for (a = 1; a < argc && argv[a][0] == '-'; a++) {
		if (!strcmp(argv[a], "-j") || !strcmp(argv[a], "--json")) {
			oxc_json = true;
		} else if (!strcmp(argv[a], "-V") ||
			   !strcmp(argv[a], "--version")) {
			return oxc_cmd_version(1, argv + a);
		} else if (!strcmp(argv[a], "-h") ||
			   !strcmp(argv[a], "--help")) {
			oxc_print_usage(stdout);
			return 0;
		} else {
			return oxc_usage_error("unknown option '%s'", argv[a]);
		}
	}
	if (a == argc)
		return oxc_usage_error("no command given");
	for (i = 0; i < sizeof(oxc_cmds) / sizeof(oxc_cmds[0]); i++)
		if (!strcmp(argv[a], oxc_cmds[i].name))
			return oxc_cmds[i].run(argc - a, argv + a);
	return oxc_usage_error("unknown command '%s'", argv[a]);
}
