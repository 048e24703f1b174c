#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bpf/oxt_xdp_guard.bpf.o on a veth: malformed OxTunnel datagrams never
# reach the UDP layer (Udp NoPorts does not move), well-formed ones and
# other ports do; IPv4 and IPv6; attach and detach.

. "$(dirname "$0")/lib.sh"

OBJ=/opt/tquic/bpf/oxt_xdp_guard.bpf.o
tap_plan 15

netns_new xa
netns_new xb
ip link add va netns xa type veth peer name vb netns xb
ip -n xa addr add 192.168.60.1/24 dev va
ip -n xb addr add 192.168.60.2/24 dev vb
ip -n xa addr add fd60::1/64 dev va nodad
ip -n xb addr add fd60::2/64 dev vb nodad
ip -n xa link set va up
ip -n xb link set vb up
ip netns exec xa ping -c 1 -W 2 192.168.60.2 >/dev/null

noports4()
{
	ip netns exec xb awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++)
		if ($i == "NoPorts") c = i; h = 1 } else print $c }' \
		/proc/net/snmp
}

noports6()
{
	ip netns exec xb awk '$1 == "Udp6NoPorts" { print $2 }' /proc/net/snmp6
}

# send DST PORT BYTES (printf escapes), one datagram from xa.
send()
{
	ip netns exec xa bash -c "printf '$3' > /dev/udp/$1/$2"
	sleep 0.2
}

# expect_delta DESC FN DELTA DST PORT BYTES
expect_delta()
{
	local before after

	before=$($2)
	send "$4" "$5" "$6"
	after=$($2)
	tap_eq "$1" "$3" $((after - before))
}

tap_check "attach (generic XDP)" \
	ip -n xb link set dev vb xdpgeneric obj $OBJ sec xdp
tap_check "attached" bash -c 'ip -n xb link show vb | grep -q "prog/xdp"'

GOOD='\x4f\x58\x01\x00\x00\x00\x01\x00\x02ab'
expect_delta "well-formed header passes" noports4 1 192.168.60.2 51820 "$GOOD"
expect_delta "5 bytes dropped" noports4 0 192.168.60.2 51820 '\x4f\x58\x01\x00\x00'
expect_delta "wrong magic dropped" noports4 0 192.168.60.2 51820 \
	'\x4f\x59\x01\x00\x00\x00\x01\x00\x02ab'
expect_delta "length field too long dropped" noports4 0 192.168.60.2 51820 \
	'\x4f\x58\x01\x00\x00\x00\x01\x00\x03ab'
expect_delta "length field too short dropped" noports4 0 192.168.60.2 51820 \
	'\x4f\x58\x01\x00\x00\x00\x01\x00\x01ab'
expect_delta "unknown flag bits dropped" noports4 0 192.168.60.2 51820 \
	'\x4f\x58\x81\x00\x00\x00\x01\x00\x02ab'
expect_delta "shared header with length 0 passes" noports4 1 \
	192.168.60.2 51820 '\x4f\x58\x20\x00\x00\x00\x01\x00\x00ab'
expect_delta "shared header with a length dropped" noports4 0 \
	192.168.60.2 51820 '\x4f\x58\x20\x00\x00\x00\x01\x00\x02ab'
expect_delta "other ports untouched" noports4 1 192.168.60.2 51821 'junk'
expect_delta "IPv6 well-formed passes" noports6 1 fd60::2 51820 "$GOOD"
expect_delta "IPv6 wrong magic dropped" noports6 0 fd60::2 51820 \
	'\x00\x00\x01\x00\x00\x00\x01\x00\x02ab'
tap_check "detach" ip -n xb link set dev vb xdpgeneric off
expect_delta "after detach malformed reaches UDP again" noports4 1 \
	192.168.60.2 51820 'xx'
tap_done
