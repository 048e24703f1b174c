#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The TLS 1.3 handshake of tquic sockets with libtquic (GnuTLS), through
# the example programs tquic-server and tquic-client in a network
# namespace, with the test CA of tools/lib/tquic/examples/gen-certs.sh:
# handshakes over IPv4 and IPv6 with the server's certificate verified
# (by name and by address) and the negotiated ALPN read back from the
# socket; a wrong CA and a wrong name rejected by the client
# (EKEYREJECTED) and the server told so by the TLS alert in the
# CONNECTION_CLOSE (CRYPTO_ERROR 0x100 + alert); an ALPN mismatch refused
# by the server, the client told by the alert (ENOPROTOOPT both);
# ChaCha20-Poly1305 only,
# and against an AES-only server (EPROTONOSUPPORT); a client certificate
# required and verified; then a 1 MiB file fetched over a stream and
# compared by SHA-256, and datagrams echoed unchanged.  A case whose
# kernel part is missing (the programs exit 4 on EOPNOTSUPP) is skipped
# with the reason.

. "$(dirname "$0")/lib.sh"

BIN=${TQUIC_BIN:-/opt/tquic/bin}
CERTS=${TQUIC_CERTS:-/opt/tquic/certs}
NS=tls
OUT=$(mktemp -d)
CASE=
CRC=
SRC=

tap_plan 25

modprobe tquic
netns_new $NS
head -c 1048576 /dev/urandom >"$OUT/file"

# run_case NAME HOST "SERVER OPTIONS" "CLIENT OPTIONS": one tquic-server
# for one connection on HOST (any port), one tquic-client against it.
# Sets CRC and SRC (exit codes); the programs' stderr go to
# $OUT/NAME.cli and $OUT/NAME.srv and into the TAP output as comments.
run_case()
{
	local host=$2 srv_opts=$3 cli_opts=$4 port="" pid

	CASE=$1
	# shellcheck disable=SC2086
	ip netns exec $NS timeout 120 "$BIN/tquic-server" -v -n 1 \
		--timeout 20000 --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" $srv_opts "$host" 0 "$OUT/file" \
		>"$OUT/$CASE.port" 2>"$OUT/$CASE.srv" &
	pid=$!
	# Wait until it listens (it prints "listening ADDR PORT").
	for _ in $(seq 200); do
		port=$(awk '$1 == "listening" { print $3 }' "$OUT/$CASE.port")
		[ -n "$port" ] || ! kill -0 $pid 2>/dev/null && break
		sleep 0.05
	done
	if [ -z "$port" ]; then
		CRC=255
	else
		# shellcheck disable=SC2086
		ip netns exec $NS timeout 120 "$BIN/tquic-client" -v \
			--timeout 20000 --ca "$CERTS/ca.pem" $cli_opts \
			"$host" "$port" >"$OUT/$CASE.out" 2>"$OUT/$CASE.cli"
		CRC=$?
	fi
	wait $pid
	SRC=$?
	sed "s/^/# $CASE server: /" "$OUT/$CASE.srv"
	sed "s/^/# $CASE client: /" "$OUT/$CASE.cli"
}

# expect DESC cli|srv EXIT PATTERN: that side of the last case exited
# with EXIT and said PATTERN (grep -E); skipped when either side found
# the kernel lacking (exit 4).
expect()
{
	local desc=$1 side=$2 want=$3 pat=$4 rc

	rc=$([ "$side" = cli ] && echo "$CRC" || echo "$SRC")
	if [ "$CRC" = 4 ] || [ "$SRC" = 4 ]; then
		tap_skip "$desc" "kernel lacks it: $(grep -h -m1 -E \
			'does not support|EOPNOTSUPP' "$OUT/$CASE.cli" \
			"$OUT/$CASE.srv" | head -1)"
	elif [ "$rc" = "$want" ] && grep -qE -- "$pat" "$OUT/$CASE.$side"; then
		tap_ok "$desc"
	else
		echo "# $desc: $side exit $rc (want $want), /$pat/"
		tap_fail "$desc"
	fi
}

HS_ONLY=--handshake-only
VERIFIED='handshake complete: .*peer CN=tquic.test \(verified\)'

run_case v4 127.0.0.1 "$HS_ONLY" "$HS_ONLY --sni tquic.test"
expect "IPv4: client verifies tquic.test" cli 0 "$VERIFIED"
expect "IPv4: ALPN read back from the client socket" cli 0 \
	'connected, ALPN tquic-example$'
expect "IPv4: server completes, ALPN on its socket" srv 0 \
	'connection up, ALPN tquic-example$'

run_case v6 ::1 "$HS_ONLY" "$HS_ONLY"
expect "IPv6: client verifies the certificate by address ::1" cli 0 \
	'handshake complete: .*\(verified\)'
expect "IPv6: server completes" srv 0 'connection up, ALPN tquic-example$'

run_case badca 127.0.0.1 "$HS_ONLY" \
	"$HS_ONLY --sni tquic.test --ca $CERTS/other-ca.pem"
expect "wrong CA: client rejects the certificate (EKEYREJECTED)" cli 2 \
	'handshake failed: peer certificate rejected \(EKEYREJECTED\)'
expect "wrong CA: client names the unknown issuer" cli 2 \
	'peer certificate: .*issuer is unknown'
expect "wrong CA: server gets the client's TLS alert (EKEYREJECTED)" srv 2 \
	'the peer closed the connection: TLS alert'
expect "wrong CA: server fails with EKEYREJECTED" srv 2 \
	'handshake failed: peer certificate rejected \(EKEYREJECTED\)'

run_case badname 127.0.0.1 "$HS_ONLY" "$HS_ONLY --sni other.test"
expect "wrong name: client rejects the certificate (EKEYREJECTED)" cli 2 \
	'name in the certificate does not match'

run_case alpn 127.0.0.1 "$HS_ONLY -a tquic-other,h3" "$HS_ONLY -a tquic-example"
expect "ALPN mismatch: server refuses (ENOPROTOOPT)" srv 2 \
	'handshake failed: no application protocol \(ALPN\) in common \(ENOPROTOOPT\)'
expect "ALPN mismatch: client gets the no_application_protocol alert" \
	cli 2 'the peer closed the connection: TLS alert .*\(120\)'
expect "ALPN mismatch: client fails with ENOPROTOOPT" cli 2 \
	'handshake failed: no application protocol \(ALPN\) in common \(ENOPROTOOPT\)'

run_case alpn2 127.0.0.1 "$HS_ONLY -a h3,tquic-example" \
	"$HS_ONLY -a tquic-other,tquic-example --sni tquic.test"
expect "ALPN: the one protocol in common is chosen" cli 0 \
	'connected, ALPN tquic-example$'

run_case chacha 127.0.0.1 "$HS_ONLY" "$HS_ONLY --chacha --sni tquic.test"
expect "ChaCha20-Poly1305 only: client" cli 0 \
	'handshake complete: cipher 0x1303 TLS_CHACHA20_POLY1305_SHA256'
expect "ChaCha20-Poly1305 only: server" srv 0 \
	'handshake complete: cipher 0x1303 TLS_CHACHA20_POLY1305_SHA256'

run_case nochacha 127.0.0.1 "$HS_ONLY --priorities -CIPHER-ALL:+AES-128-GCM" \
	"$HS_ONLY --chacha --sni tquic.test"
expect "ChaCha20 only against an AES-only server (EPROTONOSUPPORT)" srv 2 \
	'handshake failed: no TLS version, cipher suite or group in common \(EPROTONOSUPPORT\)'

run_case mtls 127.0.0.1 "$HS_ONLY --ca $CERTS/ca.pem" \
	"$HS_ONLY --sni tquic.test --cert $CERTS/client.pem --key $CERTS/client-key.pem"
expect "client certificate required and verified" srv 0 \
	'handshake complete: .*peer CN=tquic client \(verified\)'

run_case nocert 127.0.0.1 "$HS_ONLY --ca $CERTS/ca.pem" \
	"$HS_ONLY --sni tquic.test"
expect "client certificate missing: server refuses (EKEYREJECTED)" srv 2 \
	'handshake failed: peer certificate rejected \(EKEYREJECTED\)'

run_case fetch4 127.0.0.1 "" "--sni tquic.test -o $OUT/fetch4.data"
expect "IPv4: 1 MiB fetched over stream 0" cli 0 'received 1048576 bytes$'
expect "IPv4: server answered and saw the client close" srv 0 \
	'connection closed$'
want=$(sha256sum <"$OUT/file" | cut -d' ' -f1)
if [ "$CRC" = 4 ] || [ "$SRC" = 4 ]; then
	tap_skip "IPv4: SHA-256 of the fetched file" "kernel lacks streams"
else
	tap_eq "IPv4: SHA-256 of the fetched file" "$want" \
		"$(sha256sum <"$OUT/fetch4.data" 2>/dev/null | cut -d' ' -f1)"
fi

run_case fetch6 ::1 "--chacha" "-o $OUT/fetch6.data"
expect "IPv6, ChaCha20: 1 MiB fetched" cli 0 'received 1048576 bytes$'
if [ "$CRC" = 4 ] || [ "$SRC" = 4 ]; then
	tap_skip "IPv6, ChaCha20: SHA-256 of the fetched 1 MiB" \
		"kernel lacks streams"
else
	tap_eq "IPv6, ChaCha20: SHA-256 of the fetched 1 MiB" "$want" \
		"$(sha256sum <"$OUT/fetch6.data" 2>/dev/null | cut -d' ' -f1)"
fi

run_case dgram 127.0.0.1 "" "--sni tquic.test --datagram 50"
expect "50 datagrams of 16 to 1023 bytes echoed unchanged" cli 0 \
	'50 datagrams echoed'

rm -rf "$OUT"
tap_done
