#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Test certificates for the tquic examples and tests (certtool, from
# gnutls-bin), ECDSA P-256, valid for 30 days:
#   gen-certs.sh DIR
# DIR/ca.pem          the test CA (trust anchor)
# DIR/server.pem      signed by it: CN and DNS name tquic.test, IP
#                     addresses 127.0.0.1 and ::1 (+ server-key.pem)
# DIR/client.pem      signed by it: CN tquic client (+ client-key.pem)
# DIR/other-ca.pem    an unrelated CA: trusting it must reject server.pem
# Not for anything but tests: the keys sit next to the certificates.

set -e
dir=${1:?usage: gen-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
tmpl=$(mktemp)
trap 'rm -f "$tmpl"' EXIT

key()
{
	certtool --generate-privkey --key-type=ecdsa --curve=secp256r1 \
		--outfile "$1" 2>/dev/null
}

# ca NAME CN: a self-signed CA
ca()
{
	key "$1-key.pem"
	printf 'cn = "%s"\nca\ncert_signing_key\nexpiration_days = 30\n' \
		"$2" >"$tmpl"
	certtool --generate-self-signed --load-privkey "$1-key.pem" \
		--template "$tmpl" --outfile "$1.pem" 2>/dev/null
}

# leaf NAME TEMPLATE-LINES: a certificate signed by ca.pem
leaf()
{
	key "$1-key.pem"
	printf '%s\nexpiration_days = 30\n' "$2" >"$tmpl"
	certtool --generate-certificate --load-privkey "$1-key.pem" \
		--load-ca-certificate ca.pem --load-ca-privkey ca-key.pem \
		--template "$tmpl" --outfile "$1.pem" 2>/dev/null
}

ca ca "tquic test CA"
ca other-ca "tquic other CA"
leaf server 'cn = "tquic.test"
dns_name = "tquic.test"
ip_address = "127.0.0.1"
ip_address = "::1"
tls_www_server
signing_key'
leaf client 'cn = "tquic client"
tls_www_client
signing_key'
rm -f other-ca-key.pem
