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
# compared by SHA-256 (the server's NEW_TOKEN reaching the client as a
# libtquic event), the same with a server that prefers QUIC v2
# (compatible version negotiation, both ends then run v2; also over
# IPv6), and datagrams echoed unchanged; last, resumption with 0-RTT (a
# session saved from the server's ticket, the request of the second
# connection sent as early data and taken).  A case whose
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

tap_plan 37

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

# counter NAME: the tquic counter NAME of the test's netns
# shellcheck disable=SC2016
counter()
{
	ip netns exec "$NS" awk -v n="$1" '$1 == n { print $2 }' \
		/proc/net/tquic/stats
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

# sha_check DESC FILE: FILE (the last case's download) is the served file,
# by SHA-256; skipped when either side found the kernel lacking streams.
sha_check()
{
	if [ "$CRC" = 4 ] || [ "$SRC" = 4 ]; then
		tap_skip "$1" "kernel lacks streams"
	else
		tap_eq "$1" "$want" \
			"$(sha256sum <"$2" 2>/dev/null | cut -d' ' -f1)"
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
expect "IPv4: no version preferred, the client's v1 kept" srv 0 \
	'QUIC version 0x00000001$'

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
expect "IPv4: the server's NEW_TOKEN came as a libtquic event" cli 0 \
	'NEW_TOKEN event: [0-9]+ bytes$'
expect "IPv4: server answered and saw the client close" srv 0 \
	'connection closed$'
want=$(sha256sum <"$OUT/file" | cut -d' ' -f1)
sha_check "IPv4: SHA-256 of the fetched file" "$OUT/fetch4.data"

# The client reads 64 KiB at a time: what comes while it waits is opened
# straight into its buffer, where the data starts read ahead with the
# ChaCha20 keystream (rxzc.c); a wrong reading would put packets back.
zb0=$(counter RxZeroCopyBytes)
zm0=$(counter RxZeroCopyMisses)
run_case fetch6 ::1 "--chacha" "-o $OUT/fetch6.data"
expect "IPv6, ChaCha20: 1 MiB fetched" cli 0 'received 1048576 bytes$'
sha_check "IPv6, ChaCha20: SHA-256 of the fetched 1 MiB" "$OUT/fetch6.data"
echo "# IPv6, ChaCha20: $(($(counter RxZeroCopyBytes) - zb0)) bytes opened into the reader's buffer"
tap_eq "IPv6, ChaCha20: no packet opened into the reader's buffer was put back" \
	0 $(($(counter RxZeroCopyMisses) - zm0))

# Compatible version negotiation (RFC 9368): the server prefers v2, the
# client starts in v1 and offers v2; both end up in v2 for the whole
# handshake with GnuTLS and the transfer.
run_case cvn 127.0.0.1 "--quic-version 0x6b3343cf" \
	"--sni tquic.test -o $OUT/cvn.data"
expect "v2 preferred: the client follows the server to v2" cli 0 \
	'QUIC version 0x6b3343cf$'
expect "v2 preferred: the server switched to v2" srv 0 \
	'QUIC version 0x6b3343cf$'
sha_check "v2 preferred: SHA-256 of the fetched file" "$OUT/cvn.data"
run_case cvn6 ::1 "$HS_ONLY --quic-version 0x6b3343cf" "$HS_ONLY"
expect "IPv6, v2 preferred: the client runs v2" cli 0 \
	'QUIC version 0x6b3343cf$'

run_case dgram 127.0.0.1 "" "--sni tquic.test --datagram 50"
expect "50 datagrams of 16 to 1023 bytes echoed unchanged" cli 0 \
	'50 datagrams echoed'

# Resumption and 0-RTT: one server (one ticket key, one anti-replay table
# for its forked workers) for two connections; the first leaves a session
# file, the second resumes it with its request in 0-RTT.
in0=$(counter ZeroRttPacketsIn)
ip netns exec $NS timeout 120 "$BIN/tquic-server" -v -n 2 --timeout 20000 \
	--cert "$CERTS/server.pem" --key "$CERTS/server-key.pem" 127.0.0.1 0 \
	"$OUT/file" >"$OUT/res.port" 2>"$OUT/res.srv" &
pid=$!
port=
for _ in $(seq 200); do
	port=$(awk '$1 == "listening" { print $3 }' "$OUT/res.port")
	[ -n "$port" ] || ! kill -0 $pid 2>/dev/null && break
	sleep 0.05
done
for i in 1 2; do
	ip netns exec $NS timeout 60 "$BIN/tquic-client" -v --timeout 20000 \
		--ca "$CERTS/ca.pem" --sni tquic.test \
		--session-file "$OUT/session" --early-data \
		-o "$OUT/res$i.data" 127.0.0.1 "$port" 2>"$OUT/res$i.cli"
	eval "RC$i=\$?"
	sed "s/^/# resume $i client: /" "$OUT/res$i.cli"
done
wait $pid
SRC=$?
sed "s/^/# resume server: /" "$OUT/res.srv"
tap_check "resumption: the first connection saves a session" \
	test "$RC1" = 0 -a -s "$OUT/session"
tap_check "resumption: the second resumes it, 0-RTT accepted" \
	grep -q "session resumed, 0-RTT accepted" "$OUT/res2.cli"
tap_check "resumption: the server exits cleanly" test "$SRC" = 0
tap_check "resumption: the server opened 0-RTT packets" \
	test "$(counter ZeroRttPacketsIn)" -gt "$in0"
tap_eq "resumption: SHA-256 of the file fetched with the 0-RTT request" \
	"$want" "$(sha256sum <"$OUT/res2.data" 2>/dev/null | cut -d' ' -f1)"

rm -rf "$OUT"
tap_done
