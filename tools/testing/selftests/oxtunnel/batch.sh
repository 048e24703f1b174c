#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Transmit batching: the small datagrams of one UDP GSO send go out as a
# few OxTunnel batch packets (as many as fit the device MTU, at most 64)
# and arrive as every one of the original datagrams; full-size packets
# are not batched (without encryption they leave as one UDP GSO train).
# IPv4 and IPv6 inner, encrypted and not.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib/oxt.sh"

A=oxq-a
B=oxq-b

tap_plan 20

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }

# OxTunnel data packets (control flag 0x08 clear) A puts on the wire; the
# device's own packet count also sees router solicitations and MLD reports.
va_tx()
{
	a nft -j list chain inet oxq out |
		jq '.nftables[] | select(.rule) | .rule.expr[] |
		    select(.counter) | .counter.packets'
}

oxt_pair $A $B
a nft -f - <<'NFT'
table inet oxq {
	chain out {
		type filter hook output priority 0; policy accept;
		udp dport 51820 @th,80,8 & 0x08 == 0 counter
	}
}
NFT
tap_check "session up" a ping -c 2 -W 5 10.9.0.2

# burst DST PORT SEG COUNT: one GSO send from A; B's sink must count
# COUNT datagrams of SEG bytes.  Sets d_batches, d_batched, d_trained,
# d_outer.
burst()
{
	local dst=$1 port=$2 seg=$3 count=$4 got b0 p0 o0 sink

	sink=$(mktemp)
	# Until all have come: the window must not depend on how fast the
	# counters below are read.
	b "$OXT_TOOL" udpsink "$port" 30 "$count" >"$sink" &
	while ! grep -q ready "$sink"; do sleep 0.1; done
	b0=$(oxt_stat $A TxBatches)
	t0=$(oxt_stat $A TxTrainPackets)
	p0=$(oxt_stat $A TxBatchedPackets)
	o0=$(va_tx)
	a "$OXT_TOOL" gso "$dst" "$port" "$seg" "$count"
	wait $!
	got=$(tail -1 "$sink")
	rm -f "$sink"
	d_batches=$(($(oxt_stat $A TxBatches) - b0))
	d_batched=$(($(oxt_stat $A TxBatchedPackets) - p0))
	d_trained=$(($(oxt_stat $A TxTrainPackets) - t0))
	d_outer=$(($(va_tx) - o0))
	[ "$got" = "$count $((seg * count))" ] || {
		echo "# sink got '$got'"
		return 1
	}
}

for mode in on off; do
	a oxctl tunnel set ox0 encryption $mode
	b oxctl tunnel set ox0 encryption $mode
	# The switch starts a new handshake: wait until traffic flows again.
	for _ in $(seq 10); do
		a ping -c 1 -W 2 10.9.0.2 >/dev/null && break
	done
	# 100-byte datagrams: 130 bytes per entry, 10 per batch in 1423.
	tap_check "encryption $mode: 40 small IPv4 datagrams all arrive" \
		burst 10.9.0.2 7000 100 40
	tap_eq "encryption $mode: in 4 batches of 10" "4 40" \
		"$d_batches $d_batched"
	tap_eq "encryption $mode: 4 data packets on the wire" 4 "$d_outer"
	tap_check "encryption $mode: 40 small IPv6 datagrams all arrive" \
		burst fd09::2 7001 100 40
	tap_check "encryption $mode: IPv6 batched too" \
		test "$d_batched" -eq 40 -a "$d_batches" -le 5
	# 1300-byte datagrams: one per packet.
	tap_check "encryption $mode: 10 full-size datagrams all arrive" \
		burst 10.9.0.2 7002 1300 10
	tap_eq "encryption $mode: full-size ones are not batched" 0 \
		"$d_batches"
	want=0
	[ $mode = off ] && want=10
	tap_eq "encryption $mode: full-size ones in trains" $want "$d_trained"
done
tap_eq "receiver refused no batch" 0 "$(oxt_stat $B RxBadBatch)"
tap_eq "receiver saw no bad inner packet" 0 "$(oxt_stat $B RxBadInner)"
tap_eq "nothing dropped on send" 0 "$(oxt_stat $A TxError)"
tap_done
