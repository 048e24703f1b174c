#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oxtunnel topologies for the shell selftests.  Source after lib.sh.
#
# oxt_pair A B: netns A and B joined by veth va/vb (192.168.50.1-2/24,
# fd50::1-2/64), each with an ox0 (keys in $OXT_KEYS, public keys in $PA
# and $PB) peered over IPv4, inner addresses 10.9.0.1-2/24 and
# fd09::1-2/64, up.

OXT_TOOL=$(dirname "${BASH_SOURCE[0]}")/../helpers/oxt_tool
OXT_KEYS=$(mktemp -d)
trap 'netns_cleanup; rm -rf "$OXT_KEYS"' EXIT

oxt_pair()
{
	local a=$1 b=$2

	modprobe oxtunnel || return 1
	netns_new "$a" && netns_new "$b" || return 1
	ip link add va netns "$a" type veth peer name vb netns "$b"
	ip -n "$a" addr add 192.168.50.1/24 dev va
	ip -n "$b" addr add 192.168.50.2/24 dev vb
	ip -n "$a" addr add fd50::1/64 dev va nodad
	ip -n "$b" addr add fd50::2/64 dev vb nodad
	ip -n "$a" link set va up
	ip -n "$b" link set vb up
	oxctl genkey >"$OXT_KEYS/$a"
	oxctl genkey >"$OXT_KEYS/$b"
	PA=$(oxctl pubkey <"$OXT_KEYS/$a")
	PB=$(oxctl pubkey <"$OXT_KEYS/$b")
	ip netns exec "$a" ip link add ox0 type oxtunnel
	ip netns exec "$b" ip link add ox0 type oxtunnel
	ip netns exec "$a" oxctl tunnel set ox0 private-key "$OXT_KEYS/$a"
	ip netns exec "$b" oxctl tunnel set ox0 private-key "$OXT_KEYS/$b"
	ip netns exec "$a" oxctl peer add ox0 "$PB" \
		endpoint 192.168.50.2:51820 allowed-ips 10.9.0.2/32,fd09::2/128
	ip netns exec "$b" oxctl peer add ox0 "$PA" \
		endpoint 192.168.50.1:51820 allowed-ips 10.9.0.1/32,fd09::1/128
	ip -n "$a" addr add 10.9.0.1/24 dev ox0
	ip -n "$b" addr add 10.9.0.2/24 dev ox0
	ip -n "$a" addr add fd09::1/64 dev ox0 nodad
	ip -n "$b" addr add fd09::2/64 dev ox0 nodad
	ip -n "$a" link set ox0 up
	ip -n "$b" link set ox0 up
}

# oxt_stat NS NAME: a drop counter of ox0 in NS (oxctl tunnel stats).
oxt_stat()
{
	ip netns exec "$1" oxctl -j tunnel show ox0 | jq ".[0].stats.$2"
}

# oxt_rx_stat_sum NS: the sum of ox0's receive and handshake drop
# counters in NS (transmit drops come and go with IPv6 router
# solicitations and MLD reports that have no peer to go to).
oxt_rx_stat_sum()
{
	ip netns exec "$1" oxctl -j tunnel show ox0 |
		jq '[.[0].stats | to_entries[] |
		     select(.key | startswith("Tx") | not) | .value] | add'
}

# oxt_transfer SRC DST-NS DST PORT [MIB]: MIB (1) MiB of random data over
# TCP from netns SRC to DST:PORT (netns DST-NS), compared by checksum.
oxt_transfer()
{
	local src=$1 dns=$2 dst=$3 port=$4 mib=${5:-1} in out

	in=$(mktemp) out=$(mktemp)
	dd if=/dev/urandom of="$in" bs=64k count=$((16 * mib)) 2>/dev/null
	ip netns exec "$dns" timeout 120 nc -l -p "$port" >"$out" &
	sleep 0.5
	ip netns exec "$src" timeout 120 \
		bash -c "cat '$in' > /dev/tcp/$dst/$port"
	wait $!
	cmp -s "$in" "$out"
	local rc=$?
	rm -f "$in" "$out"
	return $rc
}

# oxt_iperf SRC DST-NS DST tcp|udp: one second of iperf3 from netns SRC
# to DST (server in netns DST-NS).  TCP must move data; UDP at 5 Mbit/s
# must arrive with less than 10% loss.
oxt_iperf()
{
	local src=$1 dns=$2 dst=$3 proto=$4 out

	ip netns exec "$dns" iperf3 -s -1 -D -p 5299 || return 1
	sleep 0.5
	if [ "$proto" = udp ]; then
		out=$(ip netns exec "$src" timeout 30 iperf3 -c "$dst" -p 5299 \
			-t 1 -u -b 5M -J) || return 1
		jq -e '.end.sum.packets > 0 and .end.sum.lost_percent < 10' \
			<<<"$out" >/dev/null
	else
		out=$(ip netns exec "$src" timeout 30 iperf3 -c "$dst" -p 5299 \
			-t 1 -J) || return 1
		jq -e '.end.sum_received.bytes > 0' <<<"$out" >/dev/null
	fi
}
