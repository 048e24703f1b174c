// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libtquic: error codes.  The handshake functions return negative errno
 * values; GnuTLS's errors map onto the few classes an application acts
 * on differently (see tquic_client_handshake() in libtquic.h).
 */
#include <errno.h>
#include <stddef.h>

#include <gnutls/gnutls.h>

#include "internal.h"

int tquic_gnutls_errno(int gerr)
{
	switch (gerr) {
	case GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR:
	case GNUTLS_E_CERTIFICATE_ERROR:
	case GNUTLS_E_NO_CERTIFICATE_FOUND:
	case GNUTLS_E_CERTIFICATE_REQUIRED:
		return -EKEYREJECTED;
	case GNUTLS_E_NO_APPLICATION_PROTOCOL:
		return -ENOPROTOOPT;
	case GNUTLS_E_NO_CIPHER_SUITES:
	case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
	case GNUTLS_E_NO_COMMON_KEY_SHARE:
	case GNUTLS_E_INSUFFICIENT_CREDENTIALS:
		return -EPROTONOSUPPORT;
	case GNUTLS_E_MEMORY_ERROR:
		return -ENOMEM;
	case GNUTLS_E_FILE_ERROR:
		return -ENOENT;
	}
	return -EPROTO;
}

static const struct {
	int err;
	const char *msg;
} tquic_errors[] = {
	{ 0, "success" },
	{ -EINVAL, "invalid handshake configuration" },
	{ -ENOENT, "certificate, key or CA file not found" },
	{ -EACCES, "certificate, key or CA file not readable" },
	{ -ENOKEY, "certificate, key or CA file not usable" },
	{ -EKEYREJECTED, "peer certificate rejected" },
	{ -ENOPROTOOPT, "no application protocol (ALPN) in common" },
	{ -EPROTONOSUPPORT, "no TLS version, cipher suite or group in common" },
	{ -EPROTO, "TLS or QUIC protocol violation" },
	{ -ETIMEDOUT, "handshake timed out" },
	{ -ECONNRESET, "connection closed during the handshake" },
	{ -EOPNOTSUPP, "kernel lacks a QUIC socket option the handshake needs" },
	{ -ENOMEM, "out of memory" },
	{ -ENOTCONN, "socket not connected" },
	{ -EPIPE, "connection already closed" },
	{ -ENOTSOCK, "not a socket" },
	{ -EBADF, "bad file descriptor" },
};

const char *tquic_handshake_error(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tquic_errors); i++)
		if (tquic_errors[i].err == err)
			return tquic_errors[i].msg;
	return "handshake failed";
}
