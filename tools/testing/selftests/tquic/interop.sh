#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interoperability of tquic with a QUIC stack written elsewhere: Debian's
# ngtcp2 example programs (gtlsclient/gtlsserver 0.12, GnuTLS), which
# speak HTTP/3 only.  Our side is h3-client/h3-server
# (tools/testing/interop: libtquic for the handshake, libnghttp3 for
# HTTP/3) on tquic sockets.  Every case runs in both directions, tquic
# client -> ngtcp2 server and ngtcp2 client -> tquic server, in a network
# namespace over loopback: the handshake, a 1 MiB file compared by
# SHA-256, ChaCha20-Poly1305 only, a key update, Retry, resumption with
# 0-RTT, NAT rebinding, active migration, and version negotiation
# (incompatible, and
# compatible as far as ngtcp2 0.12 goes: it knows v1 and only the v2
# draft, tquic v1 and RFC 9369's v2).  A case whose feature tquic lacks
# is run anyway; when it fails it is reported as a SKIP naming the
# feature and the evidence, when it works as ok.
#
# The checks are strings that verdict() and unsupported() eval.
# shellcheck disable=SC2016,SC2034,SC2317
# shellcheck source=tools/testing/selftests/lib.sh
. "$(dirname "$0")/lib.sh"

BIN=${TQUIC_BIN:-/opt/tquic/bin}
CERTS=${TQUIC_CERTS:-/opt/tquic/certs}
NGC=${NGTCP2_CLIENT:-gtlsclient}
NGS=${NGTCP2_SERVER:-gtlsserver}
NS=interop
OUT=$(mktemp -d)
HT=$OUT/htdocs
WANT=
NGS_PID=
FAIL_TIMEOUT=4

tap_plan 20

modprobe tquic
netns_new $NS
mkdir -p "$HT"
head -c 1048576 /dev/urandom >"$HT/file"
echo "hello from $(uname -r)" >"$HT/hello"
WANT=$(sha256sum <"$HT/file" | cut -d' ' -f1)

nsx()
{
	ip netns exec $NS "$@"
}

# sha_of FILE: its SHA-256, or "missing".
sha_of()
{
	if [ -f "$1" ]; then
		sha256sum <"$1" | cut -d' ' -f1
	else
		echo missing
	fi
}

# stat_of NAME: a tquic counter of the test netns.
stat_of()
{
	nsx awk -v n="$1" '$1 == n { print $2 }' /proc/net/tquic/stats
}

# show LOG...: the end of each log as TAP comments (after a failure).
show()
{
	local f

	for f in "$@"; do
		[ -f "$f" ] || continue
		echo "# --- ${f##*/} (last lines)"
		grep -vE '^ *[0-9a-f]{8}( |$)' "$f" | tail -n 25 | sed 's/^/#   /'
	done
}

# --- ngtcp2 server, tquic client -------------------------------------

# ngs_start NAME PORT [OPTIONS...]: gtlsserver on 127.0.0.1 PORT serving
# $HT; its log goes to $OUT/NAME.ngs.
ngs_start()
{
	local name=$1 port=$2 hex

	shift 2
	nsx "$NGS" --no-quic-dump --no-http-dump --mime-types-file=/dev/null \
		-d "$HT" "$@" 127.0.0.1 "$port" "$CERTS/server-key.pem" \
		"$CERTS/server.pem" >"$OUT/$name.ngs" 2>&1 &
	NGS_PID=$!
	hex=$(printf ':%04X ' "$port")
	for _ in $(seq 100); do
		nsx grep -q "$hex" /proc/net/udp && return 0
		sleep 0.05
	done
	echo "# gtlsserver did not start"
	show "$OUT/$name.ngs"
}

ngs_stop()
{
	[ -n "$NGS_PID" ] && kill "$NGS_PID" 2>/dev/null
	wait "$NGS_PID" 2>/dev/null
	NGS_PID=
}

# tq_fetch NAME PORT PATH [OPTIONS...]: h3-client fetches PATH into
# $OUT/NAME.data, its log in $OUT/NAME.cli; sets RC.
tq_fetch()
{
	local name=$1 port=$2 path=$3

	shift 3
	nsx timeout 60 "$BIN/h3-client" -v --ca "$CERTS/ca.pem" "$@" \
		-o "$OUT/$name.data" "https://127.0.0.1:$port$path" \
		2>"$OUT/$name.cli"
	RC=$?
}

# --- tquic server, ngtcp2 client -------------------------------------

# ts_start NAME [OPTIONS...]: h3-server on 127.0.0.1 (any port) serving
# $HT, log in $OUT/NAME.srv; sets TS_PID and TS_PORT.
ts_start()
{
	local name=$1

	shift
	TS_PORT=
	nsx timeout 120 "$BIN/h3-server" -v --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" -d "$HT" "$@" 127.0.0.1 0 \
		>"$OUT/$name.port" 2>"$OUT/$name.srv" &
	TS_PID=$!
	for _ in $(seq 200); do
		TS_PORT=$(awk '$1 == "listening" { print $3 }' \
			"$OUT/$name.port")
		[ -n "$TS_PORT" ] || ! kill -0 $TS_PID 2>/dev/null && break
		sleep 0.05
	done
}

# ts_wait: h3-server's exit status into SRC.
ts_wait()
{
	wait "$TS_PID"
	SRC=$?
}

# ngc_fetch NAME PORT PATH [OPTIONS...]: gtlsclient downloads PATH into
# $OUT/NAME.dl/, its log in $OUT/NAME.ngc; sets RC.
ngc_fetch()
{
	local name=$1 port=$2 path=$3

	shift 3
	mkdir -p "$OUT/$name.dl"
	nsx timeout 60 "$NGC" --no-quic-dump --no-http-dump \
		--exit-on-all-streams-close --download "$OUT/$name.dl" "$@" \
		127.0.0.1 "$port" "https://127.0.0.1:$port$path" \
		>"$OUT/$name.ngc" 2>&1
	RC=$?
}

# tn_case NAME DESC PATH "SERVER OPTIONS" [CLIENT OPTIONS...]: one
# tquic client -> ngtcp2 server run; ok when PATH arrived unchanged.
TN_PORT=4430
tn_run()
{
	local name=$1 path=$2 srv=$3

	shift 3
	TN_PORT=$((TN_PORT + 1))
	# shellcheck disable=SC2086
	ngs_start "$name" $TN_PORT $srv
	tq_fetch "$name" $TN_PORT "$path" "$@"
	ngs_stop
}

# nt_run NAME PATH "SERVER OPTIONS" [CLIENT OPTIONS...]: one ngtcp2
# client -> tquic server run (one connection).
nt_run()
{
	local name=$1 path=$2 srv=$3

	shift 3
	# shellcheck disable=SC2086
	ts_start "$name" -n 1 $srv
	ngc_fetch "$name" "$TS_PORT" "$path" "$@"
	[ "$RC" = 0 ] || kill "$TS_PID" 2>/dev/null
	ts_wait
}

# nt_moves NAME WHAT [OPTIONS...]: gtlsclient changes its local port
# 50 ms in (--change-local-addr, with OPTIONS) and fetches 1 MiB after
# it; ok when the file arrived, on the new port, and tquic followed
# (PeerMigrations).
nt_moves()
{
	local name=$1 what=$2 before newport

	shift 2
	before=$(stat_of PeerMigrations)
	nt_run "$name" /file "" --change-local-addr=50ms "$@" \
		--delay-stream=500ms
	newport=$(sed -n 's/^Local address is now .*:\([0-9]*\)$/\1/p' \
		"$OUT/$name.ngc" | head -1)
	verdict "$NT: $what, then 1 MiB on the new port (sha256)" \
		'[ "$RC" = 0 ] &&
		 [ "$(sha_of "$OUT/$name.dl/file")" = "$WANT" ] &&
		 [ -n "$newport" ] &&
		 grep -q "Received packet: local=\[127.0.0.1\]:$newport " \
		 "$OUT/$name.ngc" &&
		 [ "$(stat_of PeerMigrations)" -gt "$before" ]' \
		"$OUT/$name.srv" "$OUT/$name.ngc"
}

# verdict DESC OK EVIDENCE LOGS...: ok when OK (a shell test) holds,
# else not ok with the logs.
verdict()
{
	local desc=$1 cond=$2

	shift 2
	if eval "$cond"; then
		tap_ok "$desc"
	else
		echo "# $desc: failed: $cond"
		show "$@"
		tap_fail "$desc"
	fi
}

# unsupported DESC OK REASON EVIDENCE LOGS...: a case for a feature
# tquic lacks: ok if it works after all, else SKIP with REASON and
# EVIDENCE (a command whose output shows what happened).
unsupported()
{
	local desc=$1 cond=$2 reason=$3 ev=$4

	shift 4
	if eval "$cond"; then
		tap_ok "$desc"
	else
		echo "# $desc: fails as expected: $(eval "$ev" | head -3 |
			tr '\n' ' ')"
		tap_skip "$desc" "$reason"
	fi
}

TN="tquic client -> ngtcp2 server"
NT="ngtcp2 client -> tquic server"
CHACHA="NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305"

# 1-2: handshake (and a small GET).
tn_run hs_tn /hello "" --sni tquic.test
verdict "$TN: handshake, ALPN h3, certificate verified, GET /hello" \
	'[ "$RC" = 0 ] && grep -q "connected, ALPN h3$" "$OUT/hs_tn.cli" &&
	 grep -q "(verified)" "$OUT/hs_tn.cli" &&
	 cmp -s "$OUT/hs_tn.data" "$HT/hello"' "$OUT/hs_tn.cli" "$OUT/hs_tn.ngs"
nt_run hs_nt /hello ""
verdict "$NT: handshake, ALPN h3, GET /hello" \
	'[ "$RC" = 0 ] && [ "$SRC" = 0 ] &&
	 grep -q "connection up, ALPN h3$" "$OUT/hs_nt.srv" &&
	 grep -q "Negotiated ALPN is h3" "$OUT/hs_nt.ngc" &&
	 cmp -s "$OUT/hs_nt.dl/hello" "$HT/hello"' "$OUT/hs_nt.srv" \
	"$OUT/hs_nt.ngc"

# 3-4: 1 MiB.
tn_run file_tn /file ""
verdict "$TN: 1 MiB file (sha256)" \
	'[ "$RC" = 0 ] && [ "$(sha_of "$OUT/file_tn.data")" = "$WANT" ]' \
	"$OUT/file_tn.cli" "$OUT/file_tn.ngs"
nt_run file_nt /file ""
verdict "$NT: 1 MiB file (sha256)" \
	'[ "$RC" = 0 ] && [ "$SRC" = 0 ] &&
	 [ "$(sha_of "$OUT/file_nt.dl/file")" = "$WANT" ]' \
	"$OUT/file_nt.srv" "$OUT/file_nt.ngc"

# 5-6: ChaCha20-Poly1305 only, on the ngtcp2 side.
tn_run chacha_tn /file "--ciphers=$CHACHA"
verdict "$TN: ChaCha20-Poly1305 only, 1 MiB (sha256)" \
	'[ "$RC" = 0 ] && grep -q "cipher 0x1303" "$OUT/chacha_tn.cli" &&
	 [ "$(sha_of "$OUT/chacha_tn.data")" = "$WANT" ]' \
	"$OUT/chacha_tn.cli" "$OUT/chacha_tn.ngs"
nt_run chacha_nt /file "" "--ciphers=$CHACHA"
verdict "$NT: ChaCha20-Poly1305 only, 1 MiB (sha256)" \
	'[ "$RC" = 0 ] && grep -q "cipher suite is CHACHA20-POLY1305" \
	 "$OUT/chacha_nt.ngc" &&
	 [ "$(sha_of "$OUT/chacha_nt.dl/file")" = "$WANT" ]' \
	"$OUT/chacha_nt.srv" "$OUT/chacha_nt.ngc"

# 7-8: key update (RFC 9001, 6): h3-client starts one once the body
# flows (TQUIC_SOCKOPT_KEY_UPDATE), gtlsclient one before its request;
# the other side must follow into key phase 1.
before=$(stat_of KeyUpdates)
tn_run ku_tn /file "" --key-update
verdict "$TN: key update during 1 MiB (sha256)" \
	'[ "$RC" = 0 ] && [ "$(sha_of "$OUT/ku_tn.data")" = "$WANT" ] &&
	 grep -q "key update started" "$OUT/ku_tn.cli" &&
	 grep -q "pkt rx.*type=1RTT k=1" "$OUT/ku_tn.ngs" &&
	 grep -q "pkt tx.*type=1RTT k=1" "$OUT/ku_tn.ngs" &&
	 [ "$(stat_of KeyUpdates)" -gt "$before" ]' \
	"$OUT/ku_tn.cli" "$OUT/ku_tn.ngs"
before=$(stat_of KeyUpdates)
nt_run ku_nt /file "" --key-update=50ms --delay-stream=500ms
verdict "$NT: key update, then 1 MiB (sha256)" \
	'[ "$RC" = 0 ] && [ "$(sha_of "$OUT/ku_nt.dl/file")" = "$WANT" ] &&
	 grep -q "Initiate key update" "$OUT/ku_nt.ngc" &&
	 grep -q "pkt rx.*type=1RTT k=1" "$OUT/ku_nt.ngc" &&
	 [ "$(stat_of KeyUpdates)" -gt "$before" ]' \
	"$OUT/ku_nt.srv" "$OUT/ku_nt.ngc"

# 9-10: Retry.
before=$(stat_of RetryReceived)
tn_run retry_tn /file "-V" --timeout $((FAIL_TIMEOUT * 1000))
verdict "$TN: Retry (gtlsserver -V), 1 MiB (sha256)" \
	'[ "$RC" = 0 ] && [ "$(sha_of "$OUT/retry_tn.data")" = "$WANT" ] &&
	 grep -q "Sending Retry packet" "$OUT/retry_tn.ngs" &&
	 [ "$(stat_of RetryReceived)" -gt "$before" ]' \
	"$OUT/retry_tn.cli" "$OUT/retry_tn.ngs"
before=$(stat_of RetrySent)
nt_run retry_nt /file "--retry"
verdict "$NT: Retry (h3-server --retry), 1 MiB (sha256)" \
	'[ "$RC" = 0 ] && [ "$SRC" = 0 ] &&
	 [ "$(sha_of "$OUT/retry_nt.dl/file")" = "$WANT" ] &&
	 grep -qi "retry" "$OUT/retry_nt.ngc" &&
	 [ "$(stat_of RetrySent)" -gt "$before" ]' \
	"$OUT/retry_nt.srv" "$OUT/retry_nt.ngc"

# 11-12: resumption and 0-RTT: the first connection leaves a session
# (a ticket, and for 0-RTT the server's transport parameters), the second
# resumes it and sends its request in 0-RTT, which the server takes.
TN_PORT=$((TN_PORT + 1))
rm -f "$OUT/tq.session"
ngs_start res_tn $TN_PORT
tq_fetch res1_tn $TN_PORT /hello --session-file "$OUT/tq.session" \
	--early-data
RC1=$RC
tq_fetch res2_tn $TN_PORT /hello --session-file "$OUT/tq.session" \
	--early-data
ngs_stop
verdict "$TN: resumption and 0-RTT (h3-client --session-file --early-data)" \
	'[ "$RC1" = 0 ] && [ "$RC" = 0 ] && [ -s "$OUT/tq.session" ] &&
	 grep -q "session resumed, 0-RTT accepted" "$OUT/res2_tn.cli" &&
	 grep -q "0-RTT accepted" "$OUT/res2_tn.cli" &&
	 cmp -s "$OUT/res2_tn.data" "$HT/hello"' \
	"$OUT/res1_tn.cli" "$OUT/res2_tn.cli" "$OUT/res_tn.ngs"
rm -f "$OUT/session" "$OUT/tp"
before=$(stat_of ZeroRttPacketsIn)
ts_start res_nt -n 2
ngc_fetch res1_nt "$TS_PORT" /hello --session-file="$OUT/session" \
	--tp-file="$OUT/tp"
RC1=$RC
ngc_fetch res2_nt "$TS_PORT" /hello --session-file="$OUT/session" \
	--tp-file="$OUT/tp"
[ "$RC" = 0 ] || kill "$TS_PID" 2>/dev/null
ts_wait
verdict "$NT: resumption and 0-RTT (gtlsclient --session-file --tp-file)" \
	'[ "$RC1" = 0 ] && [ "$RC" = 0 ] && [ "$SRC" = 0 ] &&
	 [ -s "$OUT/session" ] && [ -s "$OUT/tp" ] &&
	 grep -q "session resumed, 0-RTT accepted" "$OUT/res_nt.srv" &&
	 [ "$(stat_of ZeroRttPacketsIn)" -gt "$before" ] &&
	 ! grep -q "Early data was rejected" "$OUT/res2_nt.ngc" &&
	 cmp -s "$OUT/res2_nt.dl/hello" "$HT/hello"' \
	"$OUT/res_nt.srv" "$OUT/res1_nt.ngc" "$OUT/res2_nt.ngc"

# 13-14: NAT rebinding.  The tquic client sits behind a "NAT" that
# changes its port mid-transfer without its knowing: nftables rewrites
# the client's source port on the way out and the destination port of
# the answers back (stateless, before conntrack), once a MiB of an 8 MiB
# file has arrived over a 20 Mbit/s loopback.  gtlsserver must follow
# the client to the new port (it validates the path), and the file must
# arrive intact.  The chains (netfilter hooks) exist before the transfer
# and stay until the namespace goes: registering a hook flips a static
# key, whose text patching QEMU's TCG can miss on a vCPU that is sending
# at that moment (a stray int3 in __ip_local_out); rules come and go
# without patching.
TN_PORT=$((TN_PORT + 1))
nsx nft -f - <<'NFT'
table ip natrb {
	chain out { type filter hook output priority raw; }
	chain pre { type filter hook prerouting priority raw; }
}
NFT
head -c 8388608 /dev/urandom >"$HT/big"
WANT_BIG=$(sha256sum <"$HT/big" | cut -d' ' -f1)
NAT_PORT=40999
nsx tc qdisc add dev lo root netem rate 20mbit
ngs_start nat_tn $TN_PORT
(
	tq_fetch nat_tn $TN_PORT /big
	echo "$RC" >"$OUT/nat_tn.rc"
) &
FETCH_PID=$!
for _ in $(seq 400); do
	[ "$(stat -c %s "$OUT/nat_tn.data" 2>/dev/null || echo 0)" -gt 1048576 ] &&
		break
	sleep 0.05
done
# The client's (the kernel's) UDP socket: one not on the server port.
# Sockets of earlier cases may linger a moment, so every candidate gets
# its own NAT port; only the live one sees packets.
cport=
rules=
i=0
for hex in $(nsx awk 'NR > 1 { split($2, a, ":"); print a[2] }' \
	/proc/net/udp); do
	p=$((16#$hex))
	[ "$p" = "$TN_PORT" ] && continue
	cport="$cport $p"
	rules="$rules
add rule ip natrb out udp sport $p udp dport $TN_PORT counter udp sport set $((NAT_PORT - i))
add rule ip natrb pre udp sport $TN_PORT udp dport $((NAT_PORT - i)) counter udp dport set $p"
	i=$((i + 1))
done
[ -n "$cport" ] && nsx nft -f - <<<"$rules"
wait "$FETCH_PID"
RC=$(cat "$OUT/nat_tn.rc")
nsx nft list table ip natrb >"$OUT/nat_tn.nft" 2>&1
nsx nft flush table ip natrb 2>/dev/null
nsx tc qdisc del dev lo root
ngs_stop
rewritten=$(awk '/counter packets/ { for (i = 1; i < NF; i++)
	if ($i == "packets") print $(i + 1) }' "$OUT/nat_tn.nft" |
	awk '$1 > 0' | wc -l)
verdict "$TN: NAT rebinding (nftables moves the client's port), 8 MiB (sha256)" \
	'[ "$RC" = 0 ] && [ -n "$cport" ] && [ "$rewritten" = 2 ] &&
	 [ "$(sha_of "$OUT/nat_tn.data")" = "$WANT_BIG" ]' \
	"$OUT/nat_tn.cli" "$OUT/nat_tn.ngs" "$OUT/nat_tn.nft"
nt_moves nat_nt "NAT rebinding" --nat-rebinding

# 15-16: active migration.  The tquic client moves to a new local port
# once a MiB of the 8 MiB file has come (h3-client --migrate,
# TQUIC_SOCKOPT_MIGRATE): it sends from there at once, to a new
# connection ID of gtlsserver's, and validates the path; its old port
# is closed, so the rest arrives only if gtlsserver follows.  gtlsclient
# migrates likewise (--change-local-addr without --nat-rebinding:
# ngtcp2_conn_initiate_immediate_migration, with a connection ID of
# ours it had not used); tquic follows it (PeerMigrations) and the file
# arrives on the new port.
before=$(stat_of Migrations)
tn_run mig_tn /big "" --migrate 1048576
verdict "$TN: migration to a new port after 1 MiB (TQUIC_SOCKOPT_MIGRATE), 8 MiB (sha256)" \
	'[ "$RC" = 0 ] && [ "$(sha_of "$OUT/mig_tn.data")" = "$WANT_BIG" ] &&
	 grep -q "migrated from port [0-9]* to port [0-9]* after" \
	 "$OUT/mig_tn.cli" &&
	 [ "$(stat_of Migrations)" -gt "$before" ]' \
	"$OUT/mig_tn.cli" "$OUT/mig_tn.ngs"
nt_moves mig_nt "migration (--change-local-addr)"

# 17-18: incompatible version negotiation.  ngtcp2 0.12 does not know
# RFC 9369's v2 and answers it with Version Negotiation; tquic does not
# know the v2 draft (0x709a50c4) and answers it likewise.
before=$(stat_of VersionNegotiationRcvd)
tn_run vn_tn /hello "" --quic-version 0x6b3343cf \
	--timeout $((FAIL_TIMEOUT * 1000))
verdict "$TN: offers v2, Version Negotiation to v1, GET /hello" \
	'[ "$RC" = 0 ] && cmp -s "$OUT/vn_tn.data" "$HT/hello" &&
	 grep -q "Version Negotiation: trying 0x1$" "$OUT/vn_tn.cli" &&
	 [ "$(stat_of VersionNegotiationRcvd)" -gt "$before" ]' \
	"$OUT/vn_tn.cli" "$OUT/vn_tn.ngs"
before=$(stat_of VersionNegotiationSent)
nt_run vn_nt /hello "" -v v2draft --preferred-versions=v2draft,v1
verdict "$NT: offers the v2 draft, Version Negotiation to v1, GET /hello" \
	'[ "$RC" = 0 ] && [ "$SRC" = 0 ] &&
	 [ "$(stat_of VersionNegotiationSent)" -gt "$before" ] &&
	 grep -q "negotiated version is 0x00000001" "$OUT/vn_nt.ngc" &&
	 cmp -s "$OUT/vn_nt.dl/hello" "$HT/hello"' "$OUT/vn_nt.srv" \
	"$OUT/vn_nt.ngc"

# 19-20: compatible version negotiation (RFC 9368): version_information
# is exchanged and checked; with no second version in common both stay
# on v1.
tn_run cvn_tn /hello "--preferred-versions=v2draft,v1"
verdict "$TN: compatible version negotiation, gtlsserver prefers the v2 draft, v1 kept" \
	'[ "$RC" = 0 ] && cmp -s "$OUT/cvn_tn.data" "$HT/hello" &&
	 grep -q "negotiated version is 0x00000001" "$OUT/cvn_tn.ngs"' \
	"$OUT/cvn_tn.cli" "$OUT/cvn_tn.ngs"
nt_run cvn_nt /hello "" --other-versions=v2draft,v1
verdict "$NT: compatible version negotiation, client lists the v2 draft, v1 kept" \
	'[ "$RC" = 0 ] && [ "$SRC" = 0 ] &&
	 grep -q "negotiated version is 0x00000001" "$OUT/cvn_nt.ngc" &&
	 cmp -s "$OUT/cvn_nt.dl/hello" "$HT/hello"' "$OUT/cvn_nt.srv" \
	"$OUT/cvn_nt.ngc"

ngs_stop
rm -rf "$OUT"
tap_done
