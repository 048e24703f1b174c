#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oxtunnel benchmark, run inside the VM (tools/testing/bench/run.sh).
# Two netns joined by a veth pair (MTU 1500); iperf3 TCP, one stream,
# BENCH_SECONDS (8) per run, over: the plain veth, WireGuard (Debian's
# wireguard.ko), ox0 encrypted (parallel crypto, then inline) and ox0
# unencrypted (GSO super-packets, then segmented with transmit trains,
# then without) - both tunnels at MTU 1420.  The pairs the targets
# compare (WireGuard and encrypted ox0, plain veth and clear ox0) run in
# three alternating rounds and count by their medians.  Prints Mbit/s
# and the ratios ox0/WireGuard and ox0-unencrypted/veth.

. /opt/tquic/tests/lib.sh

SECS=${BENCH_SECONDS:-8}
A=bench-a
B=bench-b
K=$(mktemp -d)

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }

# mbps DST: iperf3 TCP from A to DST (a server runs in B), in Mbit/s.
mbps()
{
	a iperf3 -c "$1" -t "$SECS" -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second / 1e6 | floor'
}

ratio()
{
	awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.2f", x / y; else print "n/a" }'
}

modprobe oxtunnel
modprobe wireguard
netns_new $A
netns_new $B
ip link add va netns $A type veth peer name vb netns $B
ip -n $A addr add 192.168.50.1/24 dev va
ip -n $B addr add 192.168.50.2/24 dev vb
ip -n $A link set va up
ip -n $B link set vb up

# WireGuard.
wg genkey >"$K/wa"
wg genkey >"$K/wb"
for s in a b; do
	ip netns exec bench-$s ip link add wg0 type wireguard
done
a wg set wg0 private-key "$K/wa" listen-port 51821 \
	peer "$(wg pubkey <"$K/wb")" endpoint 192.168.50.2:51821 \
	allowed-ips 10.8.0.2/32
b wg set wg0 private-key "$K/wb" listen-port 51821 \
	peer "$(wg pubkey <"$K/wa")" endpoint 192.168.50.1:51821 \
	allowed-ips 10.8.0.1/32
# oxtunnel.
oxctl genkey >"$K/oa"
oxctl genkey >"$K/ob"
for s in a b; do
	ip netns exec bench-$s ip link add ox0 type oxtunnel
	ip netns exec bench-$s oxctl tunnel set ox0 private-key "$K/o$s"
done
a oxctl peer add ox0 "$(oxctl pubkey <"$K/ob")" \
	endpoint 192.168.50.2:51820 allowed-ips 10.9.0.2/32
b oxctl peer add ox0 "$(oxctl pubkey <"$K/oa")" \
	endpoint 192.168.50.1:51820 allowed-ips 10.9.0.1/32
for s in a b; do
	n=1
	[ $s = b ] && n=2
	ip -n bench-$s addr add 10.8.0.$n/24 dev wg0
	ip -n bench-$s addr add 10.9.0.$n/24 dev ox0
	ip -n bench-$s link set wg0 mtu 1420 up
	ip -n bench-$s link set ox0 mtu 1420 up
done
b iperf3 -s -D
sleep 1
a ping -c 1 -W 5 10.8.0.2 >/dev/null
a ping -c 1 -W 5 10.9.0.2 >/dev/null

# median X Y Z: the middle one of three numbers.
median()
{
	printf '%s\n' "$@" | sort -g | sed -n 2p
}

# rounds NAME1 DST1 NAME2 DST2: three rounds of a run to DST1 then one to
# DST2 (one run swings with the host by tens of percent); the Mbit/s go
# to the arrays R1 and R2, each round's R2/R1 to RR.
rounds()
{
	local i

	R1=()
	R2=()
	RR=()
	for i in 1 2 3; do
		R1+=("$(mbps "$2")")
		R2+=("$(mbps "$4")")
		RR+=("$(ratio "${R2[-1]}" "${R1[-1]}")")
		echo "round $i: $1 ${R1[-1]}, $3 ${R2[-1]} Mbit/s (${RR[-1]})"
	done
}

echo "=== oxtunnel benchmark: $(uname -r), $(nproc) vCPU (TCG), iperf3 TCP, 1 stream, ${SECS} s per run"
rounds wireguard 10.8.0.2 "ox0 encrypted" 10.9.0.2
wg=$(median "${R1[@]}")
ox=$(median "${R2[@]}")
er=$(median "${RR[@]}")
echo 0 >/sys/module/oxtunnel/parameters/parallel_crypto
inline=$(mbps 10.9.0.2)
echo 1 >/sys/module/oxtunnel/parameters/parallel_crypto
a oxctl tunnel set ox0 encryption off
b oxctl tunnel set ox0 encryption off
a ping -c 1 -W 5 10.9.0.2 >/dev/null
rounds veth 192.168.50.2 "ox0 unencrypted" 10.9.0.2
veth=$(median "${R1[@]}")
clear=$(median "${R2[@]}")
cr=$(median "${RR[@]}")
echo 0 >/sys/module/oxtunnel/parameters/tx_super
nosuper=$(mbps 10.9.0.2)
echo 0 >/sys/module/oxtunnel/parameters/tx_trains
notrain=$(mbps 10.9.0.2)
echo 1 >/sys/module/oxtunnel/parameters/tx_trains
echo 1 >/sys/module/oxtunnel/parameters/tx_super
# The per-packet ceiling: the same veth at MTU 1420 without TSO/GSO.
for s in a b; do
	ip -n bench-$s link set v$s mtu 1420
	ip netns exec bench-$s ethtool -K v$s tso off gso off >/dev/null 2>&1
done
nogso=$(mbps 192.168.50.2)
printf '%-24s %8s Mbit/s\n' "veth (MTU 1500)" "$veth" \
	"wireguard (MTU 1420)" "$wg" "ox0 encrypted (1420)" "$ox" \
	"  same, crypto inline" "$inline" \
	"ox0 unencrypted (1420)" "$clear" \
	"  same, segmented, trains" "$nosuper" \
	"  same, segmented, no trains" "$notrain" \
	"veth, no TSO/GSO (1420)" "$nogso"
echo "ratio ox0 encrypted / wireguard:  $er  (target >= 1.00; median of the rounds)"
echo "ratio ox0 unencrypted / veth:     $cr  (target >= 0.80; median of the rounds)"
echo "ratio ox0 unencrypted, super-packets / segmented: $(ratio "$clear" "$nosuper")"
echo "ratio ox0 segmented, trains / none: $(ratio "$nosuper" "$notrain")"
echo "ratio ox0 unencrypted / veth without TSO/GSO: $(ratio "$clear" "$nogso")"
jq -M -n --argjson veth "${veth:-0}" --argjson wg "${wg:-0}" \
	--argjson ox "${ox:-0}" --argjson clear "${clear:-0}" \
	--argjson inline "${inline:-0}" --argjson nogso "${nogso:-0}" \
	--argjson notrain "${notrain:-0}" --argjson nosuper "${nosuper:-0}" \
	--arg er "$er" --arg cr "$cr" \
	'{bench: "oxtunnel", veth_mbps: $veth, wireguard_mbps: $wg,
	  ox0_encrypted_mbps: $ox, ox0_encrypted_inline_mbps: $inline,
	  ox0_unencrypted_mbps: $clear, ox0_unencrypted_segmented_mbps: $nosuper,
	  ox0_unencrypted_notrain_mbps: $notrain,
	  veth_nogso_mbps: $nogso, ratio_encrypted_wireguard: ($er | tonumber? // null),
	  ratio_clear_veth: ($cr | tonumber? // null)}' -c -M
echo "=== bench done"
rm -rf "$K"
