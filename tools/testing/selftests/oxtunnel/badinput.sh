#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input on the wire.  A captured session packet is replayed and
# mutated (forged tag, unknown session, wrong magic, truncated, oversized,
# bad length, unknown or unsupported flags, a shared header with a length
# or on a sealed packet) and malformed control messages
# are sent from a plain UDP socket: each is dropped and counted under its
# own reason and nothing else, the peer does not roam to the sender, and
# the tunnel keeps working.  Then a handshake flood with valid mac1s (each
# costs a Diffie-Hellman) runs while data flows and a peer re-handshakes.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib/oxt.sh"

A=oxb-a
B=oxb-b
CASES="replay:RxReplay tag:RxDecryptFail index:RxUnknownSession
magic:RxBadMagic truncated:RxTruncated length-long:RxBadLength
length-short:RxBadLength oversized:RxBadLength flags:RxBadFlags
compressed:RxBadFlags shared-length:RxBadLength
shared-sealed:RxBadFlags init-garbage:HandshakeInvalid
init-short:HandshakeInvalid control-type:RxBadControl"

tap_plan 40

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }

oxt_pair $A $B
tap_check "session up" a ping -c 2 -W 5 10.9.0.2

pkt=$(mktemp)
b "$OXT_TOOL" capture vb 51820 "$pkt" 20 &
cap=$!
sleep 0.5
a ping -c 3 -i 0.3 10.9.0.2 >/dev/null
tap_check "captured a session packet" wait $cap

for c in $CASES; do
	mut=${c%%:*}
	stat=${c#*:}
	before=$(oxt_stat $B "$stat")
	total=$(oxt_rx_stat_sum $B)
	snap=$(b oxctl -j tunnel show ox0 | jq -c '.[0].stats')
	file=$pkt
	case $mut in init-* | control-*) file=- ;; esac
	a "$OXT_TOOL" send 192.168.50.2 51820 "$file" "$mut"
	sleep 0.3
	tap_eq "$mut: dropped as $stat" 1 $(($(oxt_stat $B "$stat") - before))
	tap_eq "$mut: no other receive drop counted" 1 $(($(oxt_rx_stat_sum $B) - total)) ||
		echo "# before $snap" "# after $(b oxctl -j tunnel show ox0 | jq -c '.[0].stats')"
done

tap_eq "forged and replayed packets did not move the endpoint" \
	"192.168.50.1:51820" \
	"$(b oxctl -j peer show ox0 | jq -r '.[0].endpoint')"
tap_check "tunnel still carries traffic" a ping -c 2 -W 5 10.9.0.2
tap_check "no warning in dmesg" bash -c '! dmesg | grep -q "WARNING:\|BUG:"'

# Handshake flood while a transfer runs.
a "$OXT_TOOL" flood 192.168.50.2 51820 "$PB" 20000 >/dev/null &
flood=$!
tap_check "1 MiB transfer during a handshake flood, checksum" \
	oxt_transfer $A $B 10.9.0.2 5001
# A fresh handshake has to get through while the flood goes on.
a oxctl peer del ox0 "$PB"
a oxctl peer add ox0 "$PB" endpoint 192.168.50.2:51820 \
	allowed-ips 10.9.0.2/32,fd09::2/128
tap_check "a new handshake completes under the flood" \
	a ping -c 1 -w 30 10.9.0.2
wait $flood
tap_check "responder answered with cookies under load" \
	test "$(oxt_stat $B HandshakeCookieSent)" -gt 0
tap_check "flood INITs were refused, not accepted" \
	test "$(($(oxt_stat $B HandshakeInvalid) + $(oxt_stat $B HandshakeCookieSent) + $(oxt_stat $B HandshakeQueueFull)))" -gt 100
tap_check "tunnel carries traffic after the flood" a ping -c 2 -W 5 10.9.0.2

rm -f "$pkt"
tap_done
