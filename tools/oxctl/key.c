// SPDX-License-Identifier: GPL-2.0
/*
 * oxctl: base64 (RFC 4648, with padding) for 32-byte keys, key files,
 * and the genkey / pubkey commands (X25519 from nettle).
 */
#include <errno.h>
#include <nettle/curve25519.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "key.h"
#include "oxctl.h"

static const char oxc_b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void oxc_key_to_b64(char out[OXC_KEY_B64_LEN + 1],
		    const uint8_t key[OXC_KEY_LEN])
{
	unsigned int i, o = 0, v;

	for (i = 0; i + 3 <= OXC_KEY_LEN; i += 3) {
		v = key[i] << 16 | key[i + 1] << 8 | key[i + 2];
		out[o++] = oxc_b64[v >> 18 & 63];
		out[o++] = oxc_b64[v >> 12 & 63];
		out[o++] = oxc_b64[v >> 6 & 63];
		out[o++] = oxc_b64[v & 63];
	}
	/* 32 = 30 + 2: the last group has two bytes and one '='. */
	v = key[30] << 16 | key[31] << 8;
	out[o++] = oxc_b64[v >> 18 & 63];
	out[o++] = oxc_b64[v >> 12 & 63];
	out[o++] = oxc_b64[v >> 6 & 63];
	out[o++] = '=';
	out[o] = '\0';
}

static int oxc_b64_val(char c)
{
	const char *p = c ? strchr(oxc_b64, c) : NULL;

	return p ? (int)(p - oxc_b64) : -1;
}

/* Return: 0, or -EINVAL for anything but a canonical 44-char key. */
int oxc_key_from_b64(uint8_t key[OXC_KEY_LEN], const char *in)
{
	unsigned int i, o = 0;
	int a, b, c, d;

	if (strlen(in) != OXC_KEY_B64_LEN || in[43] != '=')
		return -EINVAL;
	for (i = 0; i < 40; i += 4) {
		a = oxc_b64_val(in[i]);
		b = oxc_b64_val(in[i + 1]);
		c = oxc_b64_val(in[i + 2]);
		d = oxc_b64_val(in[i + 3]);
		if (a < 0 || b < 0 || c < 0 || d < 0)
			return -EINVAL;
		key[o++] = a << 2 | b >> 4;
		key[o++] = (b & 15) << 4 | c >> 2;
		key[o++] = (c & 3) << 6 | d;
	}
	a = oxc_b64_val(in[40]);
	b = oxc_b64_val(in[41]);
	c = oxc_b64_val(in[42]);
	if (a < 0 || b < 0 || c < 0 || (c & 3))
		return -EINVAL;
	key[o++] = a << 2 | b >> 4;
	key[o++] = (b & 15) << 4 | c >> 2;
	return 0;
}

/* A key file holds the base64 key, optionally followed by a newline. */
int oxc_key_read_file(uint8_t key[OXC_KEY_LEN], const char *path)
{
	char buf[OXC_KEY_B64_LEN + 3] = "";
	size_t n;
	FILE *f;

	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	if (f != stdin)
		fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	buf[n] = '\0';
	n = oxc_key_from_b64(key, buf);
	memset(buf, 0, sizeof(buf));
	return (int)n;
}

static void oxc_clamp(uint8_t k[OXC_KEY_LEN])
{
	k[0] &= 248;
	k[31] = (k[31] & 127) | 64;
}

int oxc_cmd_genkey(int argc, char **argv)
{
	char out[OXC_KEY_B64_LEN + 1];
	uint8_t k[OXC_KEY_LEN];

	(void)argv;
	if (argc > 1)
		return oxc_usage_error("genkey takes no arguments");
	if (getrandom(k, sizeof(k), 0) != sizeof(k)) {
		fprintf(stderr, "oxctl: genkey: %s\n", strerror(errno));
		return OXC_EXIT_ERR;
	}
	oxc_clamp(k);
	oxc_key_to_b64(out, k);
	printf("%s\n", out);
	memset(k, 0, sizeof(k));
	return 0;
}

int oxc_cmd_pubkey(int argc, char **argv)
{
	char out[OXC_KEY_B64_LEN + 1];
	uint8_t k[OXC_KEY_LEN], pub[OXC_KEY_LEN];

	(void)argv;
	if (argc > 1)
		return oxc_usage_error("pubkey takes no arguments (private key on stdin)");
	if (oxc_key_read_file(k, "-")) {
		fprintf(stderr, "oxctl: pubkey: invalid private key on stdin\n");
		return OXC_EXIT_ERR;
	}
	oxc_clamp(k);
	curve25519_mul_g(pub, k);
	oxc_key_to_b64(out, pub);
	printf("%s\n", out);
	memset(k, 0, sizeof(k));
	return 0;
}
