#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QUIC benchmark, run inside the VM (tools/testing/bench/run.sh).
# Two netns joined by a veth pair (MTU 1500); one BENCH_MIB (100) MiB
# file, one connection, one stream, AES-128-GCM, server to client, over:
# TCP, TCP with kTLS (Debian's tls.ko, fixed keys), tquic (handshake by
# libtquic; with the default congestion controller, then NewReno) - all
# by bench-xfer, clocked from the first byte asked
# for to the last one received - and ngtcp2 (Debian's gtlsserver and
# gtlsclient, HTTP/3), clocked as the client's wall time less that of a
# 1-byte fetch (process start and handshake).  A transfer still running
# after BENCH_SECONDS (120) stops there and counts what arrived.  kTLS
# and tquic run in three alternating rounds and count by their medians
# (the ratio by the median of the rounds' ratios), each round also
# tquic with net.tquic.rx_zerocopy 0 at the receiver (the reader copies
# everything) for the same ratio without zero-copy receive.  Each
# received copy is checked by SHA-256 after the clock.  Prints Mbit/s,
# the ratios tquic/TCP+kTLS and tquic/ngtcp2, and what tquic's counters
# (/proc/net/tquic/stats) did during its transfer.  With BENCH_PROFILE=1
# (run -p) tquic's first transfer runs under a system-wide perf profile
# (cpu-clock) that counts from the first byte the client asks for to the
# last it gets (bench-xfer -p drives perf's control fifo), not the
# client's buffer faults or output file; its top symbols are printed,
# for both vCPUs and for each.

# shellcheck disable=SC1091 # the guest's copy of selftests/lib.sh
. /opt/tquic/tests/lib.sh

MIB=${BENCH_MIB:-100}
CAP=${BENCH_SECONDS:-120}
BIN=/opt/tquic/bin
CERTS=/opt/tquic/certs
AES128='NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM'
A=bench-a
B=bench-b
SRV=192.168.60.2
W=$(mktemp -d)
BYTES=$((MIB * 1048576))
NOTES=()

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }

# median X Y Z: the middle one of three numbers.
median()
{
	printf '%s\n' "$@" | sort -g | sed -n 2p
}

ratio()
{
	awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.2f", x / y; else print "n/a" }'
}

# verify NAME FILE: FILE is the source file, else a note.
verify()
{
	local sum

	sum=$(sha256sum "$2" | cut -d' ' -f1)
	if [ "$sum" != "$SUM" ]; then
		NOTES+=("$1: SHA-256 of the $(stat -c %s "$2") bytes received differs")
	fi
	rm -f "$2"
}

# stats NS: the netns's tquic counters as "Name value" lines.
stats()
{
	ip netns exec "$1" cat /proc/net/tquic/stats
}

# stats_delta BEFORE AFTER: the counters that moved, "Name +N".
stats_delta()
{
	awk 'NR == FNR { v[$1] = $2; next }
	     $2 != v[$1] { printf " %s +%d", $1, $2 - v[$1] }' "$1" "$2"
}

# xfer MODE PORT: one bench-xfer transfer; its Mbit/s go to MBPS and
# "N MiB in S s" to WHAT.
xfer()
{
	local mode=$1 port=$2 pid line rc

	MBPS=0
	WHAT="failed"
	b "$BIN/bench-xfer" -s -m "$mode" -c "$CERTS/server.pem" \
		-k "$CERTS/server-key.pem" $SRV "$port" "$W/htdocs/data" \
		>"$W/$mode.srv" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		grep -q '^listening' "$W/$mode.srv" && break
		sleep 0.1
	done
	# shellcheck disable=SC2086 # PERF: words of a command prefix
	a ${PERF:-} "$BIN/bench-xfer" -m "$mode" -l $BYTES -t "$CAP" \
		${PERF:+-p "$W/perf.ctl"} \
		-o "$W/out" -C "$CERTS/ca.pem" -n tquic.test $SRV "$port" \
		>"$W/$mode.cli" 2>&1
	rc=$?
	sleep 1
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	line=$(grep "^$mode bytes" "$W/$mode.cli")
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		NOTES+=("$mode: client failed ($rc): $(tr '\n' ' ' <"$W/$mode.cli")")
		grep -v '^listening' "$W/$mode.srv" | sed "s/^/$mode server: /"
		return
	fi
	# shellcheck disable=SC2086
	set -- $line
	case $8 in
	complete) verify "$mode" "$W/out" ;;
	*) NOTES+=("$mode: capped at ${CAP} s: $3 of $BYTES bytes in $5 s")
	   rm -f "$W/out" ;;
	esac
	grep -v -e '^listening' -e 'tls: ' "$W/$mode.srv" |
		sed "s/^/$mode server: /"
	MBPS=$7
	WHAT=$(awk -v n="$3" -v s="$5" \
		'BEGIN { printf "%.1f MiB in %s s", n / 1048576, s }')
}

# ngtcp2_fetch NAME: gtlsclient fetches /NAME; prints its wall seconds.
ngtcp2_fetch()
{
	local t0 t1

	rm -rf "$W/dl"
	mkdir -p "$W/dl"
	t0=$EPOCHREALTIME
	a timeout -s INT "$CAP" gtlsclient -q --exit-on-all-streams-close \
		--ciphers="$AES128" --download="$W/dl" $SRV 4433 \
		"https://$SRV:4433/$1" >"$W/ngtcp2.cli" 2>&1
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

modprobe tquic
modprobe tls
netns_new $A
netns_new $B
ip link add va netns $A type veth peer name vb netns $B
ip -n $A addr add 192.168.60.1/24 dev va
ip -n $B addr add $SRV/24 dev vb
ip -n $A link set va up
ip -n $B link set vb up
a ping -c 1 -W 5 $SRV >/dev/null

mkdir -p "$W/htdocs"
head -c $BYTES /dev/urandom >"$W/htdocs/data"
head -c 1 /dev/urandom >"$W/htdocs/one"
SUM=$(sha256sum "$W/htdocs/data" | cut -d' ' -f1)

echo "=== quic benchmark: $(uname -r), $(nproc) vCPU (TCG), ${MIB} MiB, 1 stream, AES-128-GCM, veth MTU 1500, cap ${CAP} s"
xfer tcp 9001
tcp=$MBPS
tcp_what=$WHAT
# kTLS and tquic (the default controller) in three alternating rounds:
# one run swings with the host by tens of percent.  Each counts by its
# median, the ratio by the median of the rounds' ratios.  The counters
# (and a profile) are of the first round's tquic run.
KT=()
QU=()
RR=()
ZO=()
ZR=()
for i in 1 2 3; do
	xfer ktls $((9002 + 10 * i))
	KT+=("$MBPS")
	if [ "$i" = 1 ]; then
		stats $A >"$W/a0"
		stats $B >"$W/b0"
		if [ "${BENCH_PROFILE:-0}" = 1 ] && command -v perf >/dev/null; then
			echo 0 >/proc/sys/kernel/kptr_restrict
			# counting only while the client's clock runs
			mkfifo "$W/perf.ctl"
			PERF="perf record -q -a -e cpu-clock -F 2000 -D -1 --control fifo:$W/perf.ctl -o $W/perf.data --"
		fi
	fi
	xfer quic $((9003 + 10 * i))
	QU+=("$MBPS")
	RR+=("$(ratio "${QU[-1]}" "${KT[-1]}")")
	if [ "$i" = 1 ]; then
		stats $A >"$W/a1"
		stats $B >"$W/b1"
	fi
	if [ -n "${PERF:-}" ]; then
		PERF=
		echo "--- profile of tquic's transfer ($(cat /proc/sys/net/tquic/congestion_control)), both vCPUs, cpu-clock, from the first byte asked for to the last (this run is slowed by it)"
		perf report -q -i "$W/perf.data" --stdio --no-children \
			--sort sym --percent-limit 0.5 2>/dev/null | head -70
		echo "--- by command"
		perf report -q -i "$W/perf.data" --stdio --no-children \
			--sort comm --percent-limit 1 2>/dev/null | head -20
		echo "--- by CPU and command (swapper: idle, or softirq on idle)"
		perf report -q -i "$W/perf.data" --stdio --no-children \
			--sort cpu,comm --percent-limit 1 2>/dev/null | head -20
		for cpu in 0 1; do
			echo "--- CPU $cpu"
			perf report -q -i "$W/perf.data" --stdio --no-children \
				--cpu $cpu --sort sym --percent-limit 0.4 \
				2>/dev/null | head -40
		done
		rm -f "$W/perf.data"
	fi
	# The same without zero-copy receive (the reader copies all)
	a sysctl -qw net.tquic.rx_zerocopy=0
	xfer quic $((9005 + 10 * i))
	a sysctl -qw net.tquic.rx_zerocopy=1
	ZO+=("$MBPS")
	ZR+=("$(ratio "${ZO[-1]}" "${KT[-1]}")")
	echo "round $i: TCP+kTLS ${KT[-1]}, tquic ${QU[-1]} Mbit/s (${RR[-1]}), without zero-copy receive ${ZO[-1]} (${ZR[-1]})"
done
ktls=$(median "${KT[@]}")
quic=$(median "${QU[@]}")
qr=$(median "${RR[@]}")
ktls_what="median of 3 rounds"
quic_what="median of 3 rounds"
quic_zo=$(median "${ZO[@]}")
zr=$(median "${ZR[@]}")
# The same with NewReno instead of the default controller
cc=$(cat /proc/sys/net/tquic/congestion_control)
a sysctl -qw net.tquic.congestion_control=newreno
b sysctl -qw net.tquic.congestion_control=newreno
xfer quic 9044
quic_nr=$MBPS
quic_nr_what=$WHAT

b gtlsserver -q --ciphers="$AES128" -d "$W/htdocs" $SRV 4433 \
	"$CERTS/server-key.pem" "$CERTS/server.pem" >"$W/ngtcp2.srv" 2>&1 &
spid=$!
for _ in $(seq 100); do
	b netstat -uln | grep -q "$SRV:4433" && break
	sleep 0.1
done
base=$(ngtcp2_fetch one)
secs=$(ngtcp2_fetch data)
got=$(stat -c %s "$W/dl/data" 2>/dev/null || echo 0)
ngtcp2=$(awk -v n="$got" -v s="$secs" -v b="$base" \
	'BEGIN { if (s > b) printf "%.1f", n * 8 / (s - b) / 1e6; else print 0 }')
if [ "$got" -eq $BYTES ]; then
	verify ngtcp2 "$W/dl/data"
else
	NOTES+=("ngtcp2: $got of $BYTES bytes in $secs s: $(tr '\n' ' ' <"$W/ngtcp2.cli")")
fi
kill $spid 2>/dev/null
wait $spid 2>/dev/null

ngtcp2_what=$(awk -v n="$got" -v s="$secs" -v b="$base" \
	'BEGIN { printf "%.1f MiB in %.3f s", n / 1048576, s - b }')
printf '%-28s %8s Mbit/s  (%s)\n' "TCP" "$tcp" "$tcp_what" \
	"TCP + kTLS (tls.ko)" "$ktls" "$ktls_what" "tquic ($cc)" "$quic" \
	"$quic_what" "tquic, rx_zerocopy 0" "$quic_zo" "median of 3 rounds" \
	"tquic (newreno)" "$quic_nr" "$quic_nr_what" \
	"ngtcp2 (gtlsserver, HTTP/3)" "$ngtcp2" "$ngtcp2_what"
echo "ratio tquic / TCP+kTLS: $qr  (target >= 1.00; median of the rounds)"
echo "ratio without zero-copy receive: $zr  (net.tquic.rx_zerocopy 0 at the receiver)"
echo "ratio tquic / ngtcp2:   $(ratio "$quic" "$ngtcp2")  (target >= 3.00)"
echo "ngtcp2 clock: ${secs} s less ${base} s for a 1-byte fetch"
echo "tquic counters, sender:  $(stats_delta "$W/b0" "$W/b1")"
echo "tquic counters, receiver:$(stats_delta "$W/a0" "$W/a1")"
echo "gcm(aes) in the kernel: $(awk '$1 == "driver" { d = $3 }
	$1 == "name" && ($3 == "gcm(aes)" || $3 == "__gcm(aes)") { n = 1 }
	/^$/ { if (n) print d; n = 0 }' /proc/crypto | sort -u | tr '\n' ' ')"
cs=/sys/devices/system/clocksource/clocksource0
echo "clocksource: $(cat $cs/current_clocksource) (of $(cat $cs/available_clocksource))"
dm=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|refcount_t:')
echo "dmesg: ${dm:-clean}"
if [ ${#NOTES[@]} -eq 0 ]; then
	echo "checksums: all four copies match"
else
	printf 'note: %s\n' "${NOTES[@]}"
fi
jq -M -n --argjson tcp "${tcp:-0}" --argjson ktls "${ktls:-0}" \
	--argjson quic "${quic:-0}" --argjson ngtcp2 "${ngtcp2:-0}" \
	--argjson quic_nr "${quic_nr:-0}" --argjson mib "$MIB" \
	--argjson quic_zo "${quic_zo:-0}" \
	'{bench: "quic", mib: $mib, tcp_mbps: $tcp, ktls_mbps: $ktls,
	  tquic_mbps: $quic, tquic_rx_copy_mbps: $quic_zo,
	  tquic_newreno_mbps: $quic_nr, ngtcp2_mbps: $ngtcp2}' -c -M
echo "=== bench done"
rm -rf "$W"
