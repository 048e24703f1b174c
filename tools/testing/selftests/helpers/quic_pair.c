// SPDX-License-Identifier: GPL-2.0
/*
 * quic_pair [-6] HOLD_FILE: a QUIC connection over loopback (made-up
 * handshake, lib/quic.c) held open for the shell selftests.  Prints
 * "ready CLIENT_PORT SERVER_PORT" once both ends are established, waits
 * until HOLD_FILE is gone, then the client closes with application error
 * 7 and both ends go.
 */
#include <arpa/inet.h>
#include <linux/tquic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "quic.h"

#define WAIT_MS 10000

static unsigned int port_of(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET ?
		     ((const struct sockaddr_in *)ss)->sin_port :
		     ((const struct sockaddr_in6 *)ss)->sin6_port);
}

int main(int argc, char **argv)
{
	int family = AF_INET, lfd, cfd, sfd;
	struct sockaddr_storage laddr, caddr;
	socklen_t len, clen = sizeof(caddr);
	const char *hold;

	if (argc == 3 && !strcmp(argv[1], "-6"))
		family = AF_INET6;
	else if (argc != 2)
		return fprintf(stderr, "usage: quic_pair [-6] HOLD_FILE\n"), 2;
	hold = argv[argc - 1];
	quic_loopback(family, &laddr, &len);
	lfd = socket(family, SOCK_DGRAM, IPPROTO_QUIC);
	cfd = socket(family, SOCK_DGRAM, IPPROTO_QUIC);
	if (lfd < 0 || cfd < 0)
		return perror("socket"), 1;
	quic_timeouts(lfd, WAIT_MS);
	quic_timeouts(cfd, WAIT_MS);
	if (bind(lfd, (struct sockaddr *)&laddr, len) ||
	    getsockname(lfd, (struct sockaddr *)&laddr, &len) ||
	    listen(lfd, 4))
		return perror("listen"), 1;
	sfd = quic_connect_pair(lfd, cfd, (struct sockaddr *)&laddr, len,
				WAIT_MS);
	if (sfd < 0 || getsockname(cfd, (struct sockaddr *)&caddr, &clen))
		return fprintf(stderr, "quic_pair: no connection\n"), 1;
	printf("ready %u %u\n", port_of(&caddr), port_of(&laddr));
	fflush(stdout);
	while (!access(hold, F_OK))
		usleep(20000);
	quic_close_now(cfd, 1, 7, "done");
	close(cfd);
	close(sfd);
	close(lfd);
	return 0;
}
