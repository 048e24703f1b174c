#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multipath benchmark, run inside the VM (tools/testing/bench/run.sh).
# A client and a server netns joined by two veth pairs, each shaped with
# tc netem: link a BENCH_RATE_A (25mbit) / 10 ms, link b BENCH_RATE_B
# (25mbit) / 40 ms of delay each way.  One BENCH_MIB (64) MiB download,
# server to client, over:
#   - tquic on link a alone (the best single link),
#   - tquic with a second path over link b (tquic-client --path), once
#     with each scheduler of the server (net.tquic.scheduler),
#   - TCP on link a alone,
#   - MPTCP (the kernel's, iperf3 under mptcpize, the server announcing
#     its link b address with "ip mptcp endpoint ... signal"),
#   - tquic multipath (minrtt) again with BBR on the server: a
#     controller that keeps netem's deep queues short.
# tquic is clocked as the client's wall time less that of a 1-byte fetch
# (process start and handshake); iperf3 reports its own receiver rate.
# The tquic copies are checked by SHA-256.  Prints Mbit/s and the
# aggregation efficiency: goodput / (rate of a + rate of b).
# Failover: the same download over both links with link a cut (100%
# loss both ways) BENCH_CUT (2) seconds in, with CUBIC and with BBR; the gap is the longest time
# the receiver got nothing: for tquic the client's longest wait between
# two reads (tquic-client --progress); for MPTCP the longest run of empty
# 0.1 s intervals of iperf3.  Each tquic run also prints its timeline
# (goodput each half second) and its goodput between 10% and 90% of the
# file: what the links carry once both paths run, without the start and
# the drain of the last window.

# shellcheck disable=SC1091 # the guest's copy of selftests/lib.sh
. /opt/tquic/tests/lib.sh

MIB=${BENCH_MIB:-64}
CUT=${BENCH_CUT:-2}
CAP=${BENCH_SECONDS:-60}
RA=${BENCH_RATE_A:-25mbit}
RB=${BENCH_RATE_B:-25mbit}
BIN=/opt/tquic/bin
CERTS=/opt/tquic/certs
A=mpb-a
B=mpb-b
W=$(mktemp -d)
BYTES=$((MIB * 1048576))
NOTES=()

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }

# mbit RATE: tc's "25mbit" as a number of Mbit/s
mbit()
{
	awk -v r="$1" 'BEGIN { n = r + 0; if (r ~ /gbit/) n *= 1000;
		if (r ~ /kbit/) n /= 1000; print n }'
}

ratio()
{
	awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.2f", x / y; else print "n/a" }'
}

# fetch NAME [ARGS...]: tquic-client downloads the server's file; prints
# its wall seconds, the copy in $W/NAME.
fetch()
{
	local name=$1 t0 t1

	shift
	t0=$EPOCHREALTIME
	a timeout "$CAP" "$BIN/tquic-client" -v --ca "$CERTS/ca.pem" \
		--sni tquic.test -o "$W/$name" "$@" >"$W/$name.log" 2>&1
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# tquic_run NAME PORT [ARGS...]: a server for the file and the 1-byte
# file, the fetch timed; Mbit/s to MBPS.
tquic_run()
{
	local name=$1 port=$2 spid one secs got

	shift 2
	MBPS=0
	b "$BIN/tquic-server" --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" 0.0.0.0 "$port" "$W/one" \
		>"$W/$name.one.srv" 2>&1 &
	spid=$!
	sleep 0.5
	one=$(fetch "$name.one" 192.168.71.2 "$port")
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	b "$BIN/tquic-server" -vv --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" 0.0.0.0 "$((port + 1))" \
		"$W/data" >"$W/$name.srv" 2>&1 &
	spid=$!
	sleep 0.5
	secs=$(fetch "$name" --progress 250 "$@" 192.168.71.2 "$((port + 1))")
	sleep 0.5	# the server reports its paths once the client closed
	grep -E 'path [0-9]' "$W/$name.srv" | sed "s/^/$name server: /"
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	got=$(stat -c %s "$W/$name" 2>/dev/null || echo 0)
	if [ "$got" -ne $BYTES ] ||
	   [ "$(sha256sum <"$W/$name" | cut -d' ' -f1)" != "$SUM" ]; then
		NOTES+=("$name: $got of $BYTES bytes, or not the file: $(tail -3 "$W/$name.log" | tr '\n' ' ')")
		return
	fi
	MBPS=$(awk -v n="$got" -v s="$secs" -v b="$one" \
		'BEGIN { if (s > b) printf "%.1f", n * 8 / (s - b) / 1e6; else print 0 }')
	grep -E 'path [0-9]' "$W/$name.log" | grep -v progress |
		sed "s/^/$name: /"
	timeline "$name"
	echo "$name: $MBPS Mbit/s"
	rm -f "$W/$name"
}

# cut_later: link a loses everything both ways in $CUT seconds
cut_later()
{
	sleep "$CUT"
	a tc qdisc change dev a0 root netem loss 100%
	b tc qdisc change dev a1 root netem loss 100%
}

# link_a_back: link a as it was
link_a_back()
{
	a tc qdisc change dev a0 root netem rate "$RA" delay 10ms limit 200
	b tc qdisc change dev a1 root netem rate "$RA" delay 10ms limit 200
}

# timeline NAME: from the client's --progress reports, the goodput of
# each half second, when the first byte came, the goodput between 10%
# and 90% of the file (the steady part, without the connection's start
# and the last window's drain) and how long the last 10% took.
timeline()
{
	awk -v n="$BYTES" -v name="$1" '
	/progress [0-9]+ ms/ {
		for (i = 1; i <= NF; i++) {
			if ($i == "progress") { t[k] = $(i + 1); b[k] = $(i + 3) + 0 }
			if ($i == "path") {
				id = $(i + 1) + 0; pb[k, id] = $(i + 2) + 0
				if (id + 1 > np) np = id + 1
			}
		}
		k++
	}
	/progress end/ {
		for (i = 1; i < NF; i++) {
			if ($i == "end") end = $(i + 1)
			if ($i == "byte" && $(i + 1) == "at") first = $(i + 2)
		}
	}
	END {
		line = ""; prev = 0
		for (i = 1; i < k; i += 2) {
			line = line sprintf(" %.0f", (b[i] - prev) * 8 / 5e5)
			prev = b[i]
		}
		for (i = 0; i < k; i++) {
			if (lo == "" && b[i] >= n / 10) { lo = i }
			if (hi == "" && b[i] >= n * 9 / 10) { hi = i }
		}
		printf "%s: first byte at %d ms, Mbit/s each 0.5 s:%s\n", name, first, line
		for (p = 0; np > 1 && p < np; p++) {
			pl = ""; prev = 0
			for (i = 1; i < k && i < 8; i += 2) {
				pl = pl sprintf(" %.1f", (pb[i, p] - prev) * 8 / 5e5)
				prev = pb[i, p]
			}
			printf "%s: path %d, UDP Mbit/s each 0.5 s of the first 2 s:%s\n", name, p, pl
		}
		if (hi != "" && hi > lo)
			printf "%s: 10-90%% of the file at %.1f Mbit/s, the last 10%% in %d ms\n",
				name, (b[hi] - b[lo]) * 8 / ((t[hi] - t[lo]) * 1000), end - t[hi]
	}' "$W/$1.log"
}

# tquic_failover NAME: the multipath download with link a cut; gap to GAP
# (the client's longest wait between two reads)
tquic_failover()
{
	local name=$1 spid cpid got

	GAP=n/a
	b "$BIN/tquic-server" --cert "$CERTS/server.pem" \
		--key "$CERTS/server-key.pem" 0.0.0.0 4463 "$W/data" \
		>"$W/$name.srv" 2>&1 &
	spid=$!
	sleep 0.5
	cut_later &
	cpid=$!
	fetch "$name" --progress 250 --path 192.168.72.1,192.168.72.2 \
		192.168.71.2 4463 >/dev/null
	wait $cpid
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	link_a_back
	got=$(stat -c %s "$W/$name" 2>/dev/null || echo 0)
	if [ "$got" -ne $BYTES ] ||
	   [ "$(sha256sum <"$W/$name" | cut -d' ' -f1)" != "$SUM" ]; then
		NOTES+=("$name: $got of $BYTES bytes, or not the file: $(tail -3 "$W/$name.log" | tr '\n' ' ')")
		return
	fi
	GAP=$(sed -n 's/.*progress end.*longest gap \([0-9]*\) ms.*/\1/p' "$W/$name.log")
	timeline "$name"
	echo "$name: longest gap $GAP ms, $(sed -n 's/.*longest gap [0-9]* ms \(from [0-9]* ms\).*/\1/p' "$W/$name.log") into the fetch (link a cut ${CUT} s in)"
	rm -f "$W/$name"
}

# iperf_run NAME [mptcpize [cut]]: iperf3 download of the same bytes over
# link a's address; Mbit/s to MBPS; with "cut", link a is cut $CUT s in
# and the longest run of empty 0.1 s intervals goes to GAP (ms).
iperf_run()
{
	local name=$1 wrap=$2 cut=$3 spid cpid

	MBPS=0
	GAP=
	# Not bound to link a's address: MPTCP's second subflow joins at
	# the server's link b address, and a listener bound to the other
	# one would refuse it
	b $wrap iperf3 -s -1 -p 5201 >"$W/$name.srv" 2>&1 &
	spid=$!
	sleep 0.5
	if [ -n "$cut" ]; then
		cut_later &
		cpid=$!
	fi
	a $wrap timeout "$CAP" iperf3 -c 192.168.71.2 -p 5201 -R \
		-n $BYTES -J -i 0.1 >"$W/$name.json" 2>"$W/$name.err"
	sleep 0.5
	kill $spid 2>/dev/null	# a client cut short leaves it waiting
	wait $spid 2>/dev/null
	if [ -n "$cut" ]; then
		wait $cpid
		link_a_back
		GAP=$(jq -r '[.intervals[].sum.bytes] | reduce .[] as $b
			({run: 0, max: 0}; if $b == 0 then .run += 1 |
			 .max = ([.max, .run] | max) else .run = 0 end) |
			.max * 100' "$W/$name.json" 2>/dev/null || echo n/a)
	fi
	MBPS=$(jq -r '.end.sum_received.bits_per_second // 0 | . / 1e6 |
		. * 10 | floor / 10' "$W/$name.json" 2>/dev/null || echo 0)
	# Its start, as tquic's timeline shows it: Mbit/s each 0.5 s
	echo "$name: Mbit/s each 0.5 s of the first 2 s:$(jq -r '[.intervals[:20][].sum.bytes] |
		[range(0; length; 5) as $i | .[$i:$i + 5] | add * 8 / 5e5 |
		. * 10 | floor / 10] | map(" \(.)") | add // ""' "$W/$name.json" 2>/dev/null)"
	[ "$MBPS" = 0 ] &&
		NOTES+=("$name: iperf3 failed: $(head -c 300 "$W/$name.err")")
	echo "$name: $MBPS Mbit/s${GAP:+, longest gap $GAP ms}"
}

modprobe tquic
netns_new $A
netns_new $B
for l in a b; do
	ip link add "${l}0" netns $A type veth peer name "${l}1" netns $B
done
n=71
for l in a b; do
	rate=$RA
	delay=10ms
	if [ $l = b ]; then
		rate=$RB
		delay=40ms
	fi
	ip -n $A addr add 192.168.$n.1/24 dev "${l}0"
	ip -n $B addr add 192.168.$n.2/24 dev "${l}1"
	ip -n $A link set "${l}0" up
	ip -n $B link set "${l}1" up
	a tc qdisc add dev "${l}0" root netem rate "$rate" delay $delay limit 200
	b tc qdisc add dev "${l}1" root netem rate "$rate" delay $delay limit 200
	n=$((n + 1))
done
a ping -c 1 -W 5 192.168.71.2 >/dev/null
a ping -c 1 -W 5 192.168.72.2 >/dev/null

head -c $BYTES /dev/urandom >"$W/data"
head -c 1 /dev/urandom >"$W/one"
SUM=$(sha256sum <"$W/data" | cut -d' ' -f1)
sum_rates=$(awk -v x="$(mbit "$RA")" -v y="$(mbit "$RB")" 'BEGIN { print x + y }')

echo "=== multipath benchmark: $(uname -r), $(nproc) vCPU (TCG), ${MIB} MiB download, link a $RA/10 ms, link b $RB/40 ms, cap ${CAP} s"
tquic_run tquic-single 4433
single=$MBPS
port=4443
scheds=()
for s in $(cat /proc/sys/net/tquic/available_schedulers); do
	b sysctl -qw net.tquic.scheduler="$s"
	tquic_run "tquic-$s" $port --path 192.168.72.1,192.168.72.2
	scheds+=("$s $MBPS")
	[ "$s" = minrtt ] && multi=$MBPS
	port=$((port + 2))
done
b sysctl -qw net.tquic.scheduler=minrtt
# BBR on the sending server: a controller that keeps the queues short
b sysctl -qw net.tquic.congestion_control=bbr
tquic_run tquic-minrtt-bbr $port --path 192.168.72.1,192.168.72.2
bbr=$MBPS
tquic_failover tquic-failover-bbr
bbr_gap=$GAP
b sysctl -qw net.tquic.congestion_control=cubic
tquic_failover tquic-failover
tquic_gap=$GAP
iperf_run tcp-single ""
tcp=$MBPS
# Two TCP flows at once, one per link: what this VM can carry over both
# (its timers and CPU, not only the links, set the ceiling under TCG)
b iperf3 -s -1 -B 192.168.71.2 -p 5202 >"$W/tcp2a.srv" 2>&1 &
s1=$!
b iperf3 -s -1 -B 192.168.72.2 -p 5203 >"$W/tcp2b.srv" 2>&1 &
s2=$!
sleep 0.5
a timeout "$CAP" iperf3 -c 192.168.71.2 -p 5202 -R -n $((BYTES / 2)) -J \
	>"$W/tcp2a.json" 2>/dev/null &
c1=$!
a timeout "$CAP" iperf3 -c 192.168.72.2 -p 5203 -R -n $((BYTES / 2)) -J \
	>"$W/tcp2b.json" 2>/dev/null
wait $c1 2>/dev/null
sleep 0.5
kill $s1 $s2 2>/dev/null
wait $s1 $s2 2>/dev/null
tcp2=$(jq -s -r '[.[].end.sum_received.bits_per_second // 0] | add / 1e6 |
	. * 10 | floor / 10' "$W/tcp2a.json" "$W/tcp2b.json" 2>/dev/null || echo 0)
echo "tcp-two-flows: $tcp2 Mbit/s"
if command -v mptcpize >/dev/null; then
	for ns in $A $B; do
		ip -n "$ns" mptcp limits set subflow 2 add_addr_accepted 2
	done
	ip -n $B mptcp endpoint add 192.168.72.2 dev b1 signal
	iperf_run mptcp mptcpize\ run
	mptcp=$MBPS
	echo "mptcp: subflows joined at the server: $(b awk '/^MPTcpExt:/ {
		if (!h) { for (i = 2; i <= NF; i++) n[i] = $i; h = 1 }
		else for (i = 2; i <= NF; i++) if (n[i] == "MPJoinAckRx") print $i }' /proc/net/netstat)"
	iperf_run mptcp-failover mptcpize\ run cut
	mptcp_gap=$GAP
else
	mptcp=0
	mptcp_gap=n/a
	NOTES+=("mptcp: mptcpize is not installed")
fi

printf '%-34s %8s Mbit/s  efficiency %s\n' \
	"tquic, link a only" "$single" "$(ratio "$single" "$sum_rates")"
for e in "${scheds[@]}"; do
	printf '%-34s %8s Mbit/s  efficiency %s\n' \
		"tquic multipath (a + b, ${e% *})" "${e#* }" \
		"$(ratio "${e#* }" "$sum_rates")"
done
printf '%-34s %8s Mbit/s  efficiency %s\n' \
	"tquic multipath (minrtt, bbr)" "$bbr" "$(ratio "$bbr" "$sum_rates")" \
	"TCP, link a only" "$tcp" "$(ratio "$tcp" "$sum_rates")" \
	"TCP, a and b at once (2 flows)" "$tcp2" "$(ratio "$tcp2" "$sum_rates")" \
	"MPTCP (a + b)" "$mptcp" "$(ratio "$mptcp" "$sum_rates")"
echo "failover gap (link a cut ${CUT} s in): tquic ${tquic_gap} ms (with bbr ${bbr_gap} ms), MPTCP ${mptcp_gap} ms"
echo "sum of link rates: $sum_rates Mbit/s (target: tquic multipath >= 0.90 of it, ahead of MPTCP)"
echo "ratio tquic multipath / MPTCP: $(ratio "$multi" "$mptcp")"
echo "ratio tquic multipath / tquic single: $(ratio "$multi" "$single")"
dm=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|refcount_t:')
echo "dmesg: ${dm:-clean}"
if [ ${#NOTES[@]} -eq 0 ]; then
	echo "checksums: the tquic copies match"
else
	printf 'note: %s\n' "${NOTES[@]}"
fi
jq -M -n --argjson single "${single:-0}" --argjson multi "${multi:-0}" \
	--argjson tcp "${tcp:-0}" --argjson mptcp "${mptcp:-0}" \
	--argjson tcp2 "${tcp2:-0}" --argjson bbr "${bbr:-0}" \
	--argjson sum "$sum_rates" --argjson mib "$MIB" \
	--arg tgap "$tquic_gap" --arg mgap "$mptcp_gap" --arg bgap "$bbr_gap" \
	'{bench: "multipath", mib: $mib, links_mbps: $sum,
	  tquic_single_mbps: $single, tquic_multipath_mbps: $multi,
	  tquic_multipath_bbr_mbps: $bbr,
	  tcp_single_mbps: $tcp, tcp_two_flows_mbps: $tcp2,
	  mptcp_mbps: $mptcp,
	  tquic_failover_gap_ms: $tgap, tquic_bbr_failover_gap_ms: $bgap,
	  mptcp_failover_gap_ms: $mgap}' -c -M
echo "=== bench done"
rm -rf "$W"
