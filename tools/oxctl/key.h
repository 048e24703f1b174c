/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oxctl: X25519 keys in base64, as the tunnel commands take and print them.
 */
#ifndef _OXCTL_KEY_H
#define _OXCTL_KEY_H

#include <stddef.h>
#include <stdint.h>

#define OXC_KEY_LEN	32
#define OXC_KEY_B64_LEN	44	/* without the NUL */

void oxc_key_to_b64(char out[OXC_KEY_B64_LEN + 1],
		    const uint8_t key[OXC_KEY_LEN]);
int oxc_key_from_b64(uint8_t key[OXC_KEY_LEN], const char *in);
int oxc_key_read_file(uint8_t key[OXC_KEY_LEN], const char *path);

#endif /* _OXCTL_KEY_H */
