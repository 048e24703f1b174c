#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oxtunnel over UDP between two netns joined by veth: handshake, ping and
# a checksummed TCP transfer and iperf3 TCP and UDP runs for v4-in-v4,
# v6-in-v4, v4-in-v6, v6-in-v6,
# encrypted and not; roaming; key rotation under traffic; netlink errors.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib/oxt.sh"

A=oxt-a
B=oxt-b
KEYS=$(mktemp -d)

tap_plan 73

modprobe oxtunnel
netns_new $A
netns_new $B
ip link add va netns $A type veth peer name vb netns $B
ip -n $A addr add 192.168.50.1/24 dev va
ip -n $B addr add 192.168.50.2/24 dev vb
ip -n $A addr add fd50::1/64 dev va nodad
ip -n $B addr add fd50::2/64 dev vb nodad
ip -n $A link set va up
ip -n $B link set vb up

oxctl genkey >"$KEYS/a"
oxctl genkey >"$KEYS/b"
PA=$(oxctl pubkey <"$KEYS/a")
PB=$(oxctl pubkey <"$KEYS/b")

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }

a ip link add ox0 type oxtunnel
b ip link add ox0 type oxtunnel
tap_check "set private keys" a oxctl tunnel set ox0 private-key "$KEYS/a"
b oxctl tunnel set ox0 private-key "$KEYS/b"
tap_eq "public key shown matches oxctl pubkey" "$PA" \
	"$(a oxctl -j tunnel show ox0 | jq -r '.[0].public_key')"
tap_check "private key is never printed" \
	bash -c "! ip netns exec $A oxctl -j tunnel show ox0 | grep -q -- '$(cat "$KEYS/a")'"

tap_check "peer add (v4 endpoint)" a oxctl peer add ox0 "$PB" \
	endpoint 192.168.50.2:51820 allowed-ips 10.9.0.2/32,fd09::2/128
b oxctl peer add ox0 "$PA" endpoint 192.168.50.1:51820 \
	allowed-ips 10.9.0.1/32,fd09::1/128
a ip addr add 10.9.0.1/24 dev ox0
b ip addr add 10.9.0.2/24 dev ox0
a ip addr add fd09::1/64 dev ox0 nodad
b ip addr add fd09::2/64 dev ox0 nodad
a ip link set ox0 up
b ip link set ox0 up

# transfer DST PORT [MIB]: MIB (1) MiB over TCP from A to B through ox0,
# checksummed.
transfer()
{
	local dst=$1 port=$2 mib=${3:-1} sum_in sum_out

	dd if=/dev/urandom of=/tmp/oxt-in bs=64k count=$((16 * mib)) \
		2>/dev/null
	sum_in=$(sha256sum </tmp/oxt-in)
	rm -f /tmp/oxt-out
	b timeout 60 nc -l -p "$port" >/tmp/oxt-out &
	sleep 0.5
	a timeout 60 bash -c "cat /tmp/oxt-in > /dev/tcp/$dst/$port"
	wait
	sum_out=$(sha256sum </tmp/oxt-out)
	[ "$sum_in" = "$sum_out" ]
}

tap_check "v4-in-v4 ping (handshake)" a ping -c 3 -W 5 10.9.0.2
# Both ends start a handshake when they come up: one or two complete.
hs_first=$(a oxctl -j peer show ox0 | jq '.[0].handshakes')
tap_check "coming up made one or two handshakes" \
	test "$hs_first" -ge 1 -a "$hs_first" -le 2
# Seconds since it, not an underflow within the handshake's second
tap_check "peer show: latest handshake seconds ago" bash -c \
	"ip netns exec $A oxctl peer show ox0 | grep -Eq 'latest-handshake [0-9]+ s ago' && ! ip netns exec $A oxctl peer show ox0 | grep -Eq 'latest-handshake [0-9]{4,} s'"
tap_check "v6-in-v4 ping" a ping6 -c 2 -W 5 fd09::2
tap_check "v4-in-v4 1 MiB transfer, checksum" transfer 10.9.0.2 5001
tap_check "v6-in-v4 1 MiB transfer, checksum" transfer fd09::2 5002
for p in tcp udp; do
	tap_check "v4-in-v4 iperf3 $p" oxt_iperf $A $B 10.9.0.2 $p
	tap_check "v6-in-v4 iperf3 $p" oxt_iperf $A $B fd09::2 $p
done
tap_eq "no new handshake during the transfers" "$hs_first" \
	"$(a oxctl -j peer show ox0 | jq '.[0].handshakes')"
tap_check "peer counters moved" test \
	"$(b oxctl -j peer show ox0 | jq '.[0].rx_bytes')" -gt 2000000
tap_check "no drops on a clean path" test \
	"$(b oxctl -j tunnel show ox0 | jq '.[0].stats.RxDecryptFail + .[0].stats.RxReplay + .[0].stats.RxNotAllowed')" -eq 0

# IPv6 outer: move both endpoints to the v6 underlay.
a oxctl peer set ox0 "$PB" endpoint "[fd50::2]:51820"
b oxctl peer set ox0 "$PA" endpoint "[fd50::1]:51820"
tap_check "v4-in-v6 ping" a ping -c 2 -W 5 10.9.0.2
tap_check "v6-in-v6 ping" a ping6 -c 2 -W 5 fd09::2
tap_check "v4-in-v6 1 MiB transfer, checksum" transfer 10.9.0.2 5003
tap_check "v6-in-v6 1 MiB transfer, checksum" transfer fd09::2 5004
for p in tcp udp; do
	tap_check "v4-in-v6 iperf3 $p" oxt_iperf $A $B 10.9.0.2 $p
	tap_check "v6-in-v6 iperf3 $p" oxt_iperf $A $B fd09::2 $p
done
tap_eq "endpoint shown as IPv6" "[fd50::2]:51820" \
	"$(a oxctl -j peer show ox0 | jq -r '.[0].endpoint')"

# Roaming: A's underlay address changes; B learns it from A's packets.
a oxctl peer set ox0 "$PB" endpoint 192.168.50.2:51820
b oxctl peer set ox0 "$PA" endpoint 192.168.50.1:51820
a ping -c 1 -W 5 10.9.0.2 >/dev/null
ip -n $A addr del 192.168.50.1/24 dev va
ip -n $A addr add 192.168.50.11/24 dev va
tap_check "traffic continues after the initiator's address changes" \
	a ping -c 3 -W 5 10.9.0.2
tap_eq "responder follows to the new endpoint" "192.168.50.11:51820" \
	"$(b oxctl -j peer show ox0 | jq -r '.[0].endpoint')"

# Key rotation while traffic flows: a new session every 1024 packets.
# An 8 MiB transfer is ~6000 packets: five or six new sessions, unless an
# INIT is lost in the queues the transfer fills (then it is retried 5 s
# later, and a transfer may be over by then) - so transfer again, up to
# six times, until four are seen.
a oxctl tunnel set ox0 rekey-messages 1024
b oxctl tunnel set ox0 rekey-messages 1024
hs0=$(a oxctl -j peer show ox0 | jq '.[0].handshakes')
ok=1
for i in 1 2 3 4 5 6; do
	transfer 10.9.0.2 $((5010 + i)) 8 || ok=0
	hs1=$(a oxctl -j peer show ox0 | jq '.[0].handshakes')
	echo "# transfer $i: handshakes before $hs0, now $hs1"
	[ $((hs1 - hs0)) -ge 4 ] && break
done
tap_check "8 MiB transfers across key rotations, checksums" test $ok -eq 1
for n in $A $B; do
	echo "# $n: $(ip netns exec $n oxctl -j tunnel show ox0 |
		jq -c '.[0].stats | with_entries(select(.value > 0))')"
done
tap_check "sessions were rotated (4 or more)" test $((hs1 - hs0)) -ge 4
tap_check "rotation lost nothing to replay or decryption" test \
	"$(b oxctl -j tunnel show ox0 | jq '.[0].stats.RxDecryptFail + .[0].stats.RxReplay')" -eq 0

# Sealing and opening inline instead of on all CPUs.
echo 0 >/sys/module/oxtunnel/parameters/parallel_crypto
tap_check "crypto inline: 1 MiB transfer, checksum" transfer 10.9.0.2 5020
echo 1 >/sys/module/oxtunnel/parameters/parallel_crypto

# Encryption off on both ends: still authenticated handshake, data clear.
a oxctl tunnel set ox0 encryption off
b oxctl tunnel set ox0 encryption off
tap_check "unencrypted ping" a ping -c 2 -W 5 10.9.0.2
# Clear packets never move an endpoint: set both ends for each outer family.
port=5030
for outer in v4 v6; do
	if [ $outer = v6 ]; then
		a oxctl peer set ox0 "$PB" endpoint "[fd50::2]:51820"
		b oxctl peer set ox0 "$PA" endpoint "[fd50::1]:51820"
	fi
	for inner in 10.9.0.2 fd09::2; do
		fam=v4
		[ "$inner" = fd09::2 ] && fam=v6
		port=$((port + 1))
		s0=$(oxt_stat $A TxSuperPackets)
		r0=$(oxt_stat $B RxSuperPackets)
		u0=$(oxt_stat $B TxUntouched)
		tap_check "unencrypted $fam-in-$outer 1 MiB transfer, checksum" \
			transfer "$inner" $port
		# TCP's GSO packets crossed whole, behind a shared header.
		tap_check "unencrypted $fam-in-$outer: GSO packets sent and taken whole" \
			test $(($(oxt_stat $A TxSuperPackets) - s0)) -gt 0 -a \
			     $(($(oxt_stat $B RxSuperPackets) - r0)) -gt 0
		# The receiver's ACKs left uncopied (checksum completed by
		# the tunnel, the outer one left to the link).
		tap_check "unencrypted $fam-in-$outer: ACKs sent untouched" \
			test $(($(oxt_stat $B TxUntouched) - u0)) -gt 0
		for p in tcp udp; do
			tap_check "unencrypted $fam-in-$outer iperf3 $p" \
				oxt_iperf $A $B "$inner" $p
		done
	done
done
a oxctl peer set ox0 "$PB" endpoint 192.168.50.2:51820
b oxctl peer set ox0 "$PA" endpoint 192.168.50.11:51820
# A link that cannot carry them whole: the sender's stack cuts the
# super-packets, every segment with a copy of the shared header, and
# the receiver takes each alone (the wire case).
a ethtool -K va tx-udp_tnl-segmentation off \
	tx-udp_tnl-csum-segmentation off >/dev/null
r0=$(oxt_stat $B RxSuperPackets)
c0=$(oxt_stat $B RxSharedSegments)
tap_check "unencrypted, super-packets cut on the way: 4 MiB, checksum" \
	transfer 10.9.0.2 5040 4
tap_check "each segment came alone with the shared header" test \
	$(($(oxt_stat $B RxSharedSegments) - c0)) -gt 100 -a \
	$(($(oxt_stat $B RxSuperPackets) - r0)) -eq 0
tap_check "unencrypted, cut on the way: v6-in-v4 1 MiB, checksum" \
	transfer fd09::2 5041
a ethtool -K va tx-udp_tnl-segmentation on \
	tx-udp_tnl-csum-segmentation on >/dev/null
# A link that cannot complete checksums: single packets still leave
# uncopied (their checksum completed by the tunnel, the outer one by the
# stack), TCP's GSO packets are cut before they are encapsulated.
a ethtool -K va tx off >/dev/null
b ethtool -K vb tx off >/dev/null
u0=$(oxt_stat $A TxUntouched)
s0=$(oxt_stat $A TxSuperPackets)
tap_check "unencrypted, no checksum offload on the link: 4 MiB, checksum" \
	transfer 10.9.0.2 5042 4
tap_check "unencrypted, no checksum offload: v6-in-v4 1 MiB, checksum" \
	transfer fd09::2 5043
tap_check "no checksum offload: single packets still left untouched" test \
	$(($(oxt_stat $A TxUntouched) - u0)) -gt 0
tap_eq "no checksum offload: no super-packets" 0 \
	$(($(oxt_stat $A TxSuperPackets) - s0))
a ethtool -K va tx on >/dev/null
b ethtool -K vb tx on >/dev/null
tap_eq "shared headers: nothing refused as a replay" 0 \
	"$(oxt_stat $B RxReplay)"
tap_eq "encryption off shown" false \
	"$(a oxctl -j tunnel show ox0 | jq '.[0].encryption')"
# One end encrypting, the other not: the strict end refuses clear data.
b oxctl tunnel set ox0 encryption on
a ping -c 2 -W 1 10.9.0.2 >/dev/null 2>&1
tap_check "clear packets refused by an encrypting end (RxPolicy)" test \
	"$(b oxctl -j tunnel show ox0 | jq '.[0].stats.RxPolicy')" -gt 0
a oxctl tunnel set ox0 encryption on

# netlink errors carry the kernel's message.
out=$(a oxctl peer add ox0 "$PB" 2>&1)
tap_check "duplicate peer: EEXIST + extack" \
	grep -q "File exists: peer already exists" <<<"$out"
out=$(a oxctl peer set ox0 "$(oxctl genkey | oxctl pubkey)" keepalive 5 2>&1)
tap_check "unknown peer: ENOENT + extack" \
	grep -q "No such file or directory: unknown peer" <<<"$out"
out=$(a oxctl peer add ox0 "$PA" 2>&1)
tap_check "own key as peer refused" \
	grep -q "peer key is the device's own key" <<<"$out"
out=$(a oxctl peer add ox0 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= 2>&1)
tap_check "low-order (zero) public key refused" \
	grep -q "Invalid argument: invalid public key" <<<"$out"
out=$(a oxctl tunnel set ox0 rekey-interval 5 2>&1)
tap_check "rekey-interval out of range refused" \
	grep -q "Numerical result out of range\|Invalid argument" <<<"$out"
out=$(a setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	oxctl peer del ox0 "$PB" 2>&1)
tap_check "unprivileged peer del: EPERM" \
	grep -q "Operation not permitted" <<<"$out"

# Deleting a peer tells the other side (DISCONNECT) and removes routes.
tap_check "peer del" a oxctl peer del ox0 "$PB"
tap_check "no peer left" test "$(a oxctl -j peer show ox0 | jq length)" -eq 0
tap_check_fail "ping without a peer fails at once" a ping -c 1 -W 2 10.9.0.2

netns_cleanup
rm -rf "$KEYS" /tmp/oxt-in /tmp/oxt-out
tap_check "rmmod oxtunnel after all this" rmmod oxtunnel
tap_done
