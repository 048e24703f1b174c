// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl: requests to the "tquic" family shared by the tquic commands.
 */
#include <errno.h>
#include <linux/tquic.h>
#include <stdio.h>
#include <stdlib.h>

#include "oxctl.h"
#include "tq.h"

int oxc_tq_request(int cmd, int flags, const char *what, oxc_fill_fn fill,
		   void *fill_arg, oxc_reply_fn fn, void *arg)
{
	struct oxc_genl g;
	struct nl_msg *msg;
	int err;

	if (oxc_genl_open(&g, TQUIC_GENL_NAME, "tquic", TQUIC_GENL_VERSION))
		return OXC_EXIT_ERR;
	msg = oxc_genl_msg(&g, cmd, flags);
	if (!msg || (fill && fill(msg, fill_arg) < 0)) {
		fprintf(stderr, "oxctl: %s: cannot build the request\n", what);
		if (msg)
			nlmsg_free(msg);
		oxc_genl_close(&g);
		return OXC_EXIT_ERR;
	}
	err = oxc_genl_call(&g, msg, what, TQUIC_A_MAX, NULL, fn, arg);
	oxc_genl_close(&g);
	return err ? OXC_EXIT_ERR : 0;
}

int oxc_parse_u32(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (!*s || *end || errno || n > UINT32_MAX || s[0] == '-')
		return -EINVAL;
	*v = n;
	return 0;
}
