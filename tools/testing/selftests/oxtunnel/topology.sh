#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oxtunnel in three-netns topologies.
#
#  NAT:    A (10.1.0.2) -- R (masquerade, 3 s UDP timeout) -- B (192.168.60.2)
#          A keeps the NAT mapping open with a 1 s persistent keepalive, so B
#          can reach A through the tunnel after the mapping would have
#          expired; without it B cannot.
#  Routed: H (172.16.1.2, fd16::2) -- A ==ox0== B
#          H reaches B through A's tunnel, IPv4 and IPv6; a datagram larger
#          than the tunnel MTU with DF brings the path MTU back to H.
#  Netns:  B's ox0 moves into netns C and keeps working, its UDP socket
#          staying in B.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib/oxt.sh"

A=oxn-a
R=oxn-r
B=oxn-b
H=oxn-h
C=oxn-c

tap_plan 18

a() { ip netns exec $A "$@"; }
r() { ip netns exec $R "$@"; }
b() { ip netns exec $B "$@"; }

# --- NAT --------------------------------------------------------------
modprobe oxtunnel
netns_new $A
netns_new $R
netns_new $B
ip link add va netns $A type veth peer name ra netns $R
ip link add rb netns $R type veth peer name vb netns $B
ip -n $A addr add 10.1.0.2/24 dev va
ip -n $R addr add 10.1.0.1/24 dev ra
ip -n $R addr add 192.168.60.1/24 dev rb
ip -n $B addr add 192.168.60.2/24 dev vb
for l in "$A va" "$R ra" "$R rb" "$B vb"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n $A route add default via 10.1.0.1
r sysctl -qw net.ipv4.ip_forward=1
tap_check "nftables masquerade in R" r nft -f - <<'NFT'
table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "rb" masquerade
	}
}
NFT
r sysctl -qw net.netfilter.nf_conntrack_udp_timeout=3
r sysctl -qw net.netfilter.nf_conntrack_udp_timeout_stream=3

oxctl genkey >"$OXT_KEYS/a"
oxctl genkey >"$OXT_KEYS/b"
PA=$(oxctl pubkey <"$OXT_KEYS/a")
PB=$(oxctl pubkey <"$OXT_KEYS/b")
a ip link add ox0 type oxtunnel
b ip link add ox0 type oxtunnel
a oxctl tunnel set ox0 private-key "$OXT_KEYS/a"
b oxctl tunnel set ox0 private-key "$OXT_KEYS/b"
a oxctl peer add ox0 "$PB" endpoint 192.168.60.2:51820 \
	allowed-ips 10.9.1.2/32 keepalive 1
# B does not know where A is: it learns it from A's packets.
b oxctl peer add ox0 "$PA" allowed-ips 10.9.1.1/32
a ip addr add 10.9.1.1/24 dev ox0
b ip addr add 10.9.1.2/24 dev ox0
a ip link set ox0 up
b ip link set ox0 up

tap_check "A reaches B through the NAT" a ping -c 2 -W 5 10.9.1.2
tap_check "B learned A's NATed endpoint" \
	bash -c "ip netns exec $B oxctl -j peer show ox0 | jq -r '.[0].endpoint' | grep -q '^192\.168\.60\.1:'"
sleep 7
tap_check "after 7 s idle B still reaches A (keepalive held the mapping)" \
	b ping -c 2 -W 3 10.9.1.1
a oxctl peer set ox0 "$PB" keepalive 0
sleep 7
tap_check_fail "without keepalive the mapping expires: B cannot reach A" \
	b ping -c 2 -W 2 10.9.1.1
tap_check "A's traffic opens it again" a ping -c 2 -W 5 10.9.1.2
netns_cleanup

# --- Routed, PMTU -----------------------------------------------------
oxt_pair $A $B
netns_new $H
ip link add hx netns $H type veth peer name ah netns $A
ip -n $H addr add 172.16.1.2/24 dev hx
ip -n $A addr add 172.16.1.1/24 dev ah
ip -n $H addr add fd16::2/64 dev hx nodad
ip -n $A addr add fd16::1/64 dev ah nodad
ip -n $H link set hx up
ip -n $A link set ah up
ip -n $H route add default via 172.16.1.1
ip -n $H -6 route add default via fd16::1
a sysctl -qw net.ipv4.ip_forward=1
a sysctl -qw net.ipv6.conf.all.forwarding=1
b oxctl peer set ox0 "$PA" allowed-ips 10.9.0.1/32,fd09::1/128,172.16.1.0/24,fd16::/64
b ip route add 172.16.1.0/24 dev ox0
b ip -6 route add fd16::/64 dev ox0

tap_check "H reaches B through A's tunnel (IPv4)" \
	ip netns exec $H ping -c 2 -W 5 10.9.0.2
tap_check "H reaches B through A's tunnel (IPv6)" \
	ip netns exec $H ping6 -c 2 -W 5 fd09::2
tap_check "H to B 1 MiB routed transfer, checksum" \
	oxt_transfer $H $B 10.9.0.2 5101
tap_eq "IPv4: A tells H the tunnel's MTU (frag needed)" 1423 \
	"$(ip netns exec $H "$OXT_TOOL" pmtu 10.9.0.2 9 1450)"
tap_eq "IPv6: A tells H the tunnel's MTU (packet too big)" 1423 \
	"$(ip netns exec $H "$OXT_TOOL" pmtu fd09::2 9 1450)"
# Source not in B's allowed IPs for A: dropped and counted.
b oxctl peer set ox0 "$PA" allowed-ips 10.9.0.1/32,fd09::1/128
before=$(oxt_stat $B RxNotAllowed)
ip netns exec $H ping -c 2 -W 2 10.9.0.2 >/dev/null 2>&1
tap_check "H is refused once outside B's allowed IPs (RxNotAllowed)" \
	test "$(oxt_stat $B RxNotAllowed)" -gt "$before"

# --- Netns move -------------------------------------------------------
netns_new $C
b ip link set ox0 netns $C
ip -n $C addr add 10.9.0.2/24 dev ox0
ip -n $C link set ox0 up
tap_check "moved device keeps its peers" \
	test "$(ip netns exec $C oxctl -j peer show ox0 | jq length)" -eq 1
tap_check "its UDP socket stays in B (port 51820 bound there)" \
	bash -c "ip netns exec $B cat /proc/net/udp | grep -q ':CA6C '"
tap_check "A reaches the moved device" a ping -c 2 -W 5 10.9.0.2
tap_check "1 MiB transfer to the moved device, checksum" \
	oxt_transfer $A $C 10.9.0.2 5102

# Teardown with packets in flight (in the parallel crypto queues too).
ip netns exec $C iperf3 -s -1 -D -p 5299
sleep 0.5
a timeout 20 iperf3 -c 10.9.0.2 -p 5299 -t 4 >/dev/null 2>&1 &
sleep 1.5
tap_check "device deleted while a transfer runs" ip -n $C link del ox0
wait
tap_check "and it is gone" bash -c "! ip -n $C link show ox0 2>/dev/null"

tap_done
