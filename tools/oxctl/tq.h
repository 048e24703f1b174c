/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxctl: requests to the "tquic" family shared by the tquic commands.
 */
#ifndef _OXCTL_TQ_H
#define _OXCTL_TQ_H

#include <stdint.h>

#include "genl.h"

/* Adds the request's attributes to @msg; 0 or negative. */
typedef int (*oxc_fill_fn)(struct nl_msg *msg, void *arg);

/*
 * One request to the "tquic" family: @cmd with @flags, attributes from
 * @fill(@fill_arg) (may be NULL), each reply to @fn (may be NULL).  Errors are
 * printed as "oxctl: WHAT: strerror: extack".  Returns 0 or OXC_EXIT_ERR.
 */
int oxc_tq_request(int cmd, int flags, const char *what, oxc_fill_fn fill,
		   void *fill_arg, oxc_reply_fn fn, void *arg);
/* Parse a decimal u32 @s (a connection, path or endpoint id). */
int oxc_parse_u32(const char *s, uint32_t *v);

#endif /* _OXCTL_TQ_H */
