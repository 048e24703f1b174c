#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Peer removal racing handshakes, through oxctl and with real traffic
# between two netns (oxtunnel/peer_race_test.c runs many more rounds over
# raw netlink).  A has a real peer (B) and, each round, a batch of peers
# nobody answers, whose 1 s persistent keepalives start a handshake at
# once (INIT retries follow): while those INITs are being built, A's
# private key changes to one of theirs (the netlink DEV_SET removes that
# peer while the handshake workers wait for the identity lock), changes
# back, and the other peers are deleted.  A removed peer's handshake
# index entry used to be put back by the worker and outlive the peer.
# Bounded (20 s, 60 rounds); then no KASAN/BUG/WARN in the kernel log, no
# peer left over, and A and B still talk.  Without KASAN the use after
# free seldom shows: the KUnit suite oxtunnel_peer checks the ordering.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib/oxt.sh"

A=oxr-a
B=oxr-b
N=8
SECONDS_MAX=20
ROUNDS_MAX=60

tap_plan 8

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }

oxt_pair $A $B
tap_check "session up" a ping -c 2 -W 5 10.9.0.2
klog_start=$(dmesg | wc -l)

declare -a FPUB
for i in $(seq 1 $N); do
	oxctl genkey >"$OXT_KEYS/f$i"
	FPUB[i]=$(oxctl pubkey <"$OXT_KEYS/f$i")
done
# Traffic A <-> B all along.
a ping -q -i 0.2 -w $((SECONDS_MAX + 5)) 10.9.0.2 >/dev/null 2>&1 &
ping_b=$!

rounds=0
errors=0
end=$((SECONDS + SECONDS_MAX))
while [ $rounds -lt $ROUNDS_MAX ] && [ $SECONDS -lt $end ]; do
	j=$((rounds % N + 1))
	for i in $(seq 1 $N); do
		a oxctl peer add ox0 "${FPUB[i]}" \
			endpoint "192.168.50.$((100 + i)):51820" \
			allowed-ips "10.77.$i.0/24" keepalive 1 ||
			errors=$((errors + 1))
	done
	# Some handshake workers run, more wait: take A's identity away
	# under them (the peer with that key goes), then give it back.
	a oxctl tunnel set ox0 private-key "$OXT_KEYS/f$j" ||
		errors=$((errors + 1))
	a oxctl tunnel set ox0 private-key "$OXT_KEYS/$A" ||
		errors=$((errors + 1))
	for i in $(seq 1 $N); do
		[ "$i" -eq "$j" ] && continue
		a oxctl peer del ox0 "${FPUB[i]}" || errors=$((errors + 1))
	done
	rounds=$((rounds + 1))
done
kill "$ping_b" 2>/dev/null
wait "$ping_b"
echo "# $rounds rounds"

tap_eq "every configuration change succeeded" 0 "$errors"
tap_eq "only B is left as A's peer" "$PB" \
	"$(a oxctl -j peer show ox0 | jq -r '[.[].public_key] | join(" ")')"
tap_check "A reaches B again" a ping -c 3 -W 5 10.9.0.2
tap_check "B reaches A" b ping -c 3 -W 5 10.9.0.1

# A key change voids a handshake in flight: its answer could never
# complete, and the packets waiting must not wait for its retransmission
# (5 s) to start one with the new key.  B forgets A, so that A's INIT
# (A's session cleared by setting its key) goes unanswered; B learns A
# again; A's key is set once more and A reaches B at once.
b oxctl peer del ox0 "$PA"
a oxctl tunnel set ox0 private-key "$OXT_KEYS/$A"
tap_check_fail "an INIT to a peer that forgot us is not answered" \
	a ping -c 1 -W 1 10.9.0.2
b oxctl peer add ox0 "$PA" endpoint 192.168.50.1:51820 \
	allowed-ips 10.9.0.1/32,fd09::1/128
a oxctl tunnel set ox0 private-key "$OXT_KEYS/$A"
tap_check "after a key change a handshake goes at once" \
	a ping -c 1 -W 2 10.9.0.2
# Deleting the device walks every peer and keypair once more.
a ip link del ox0
klog=$(dmesg | tail -n +$((klog_start + 1)) |
	grep -E 'KASAN|BUG:|WARNING:|Oops|general protection|list_(add|del) corruption|refcount_t:|Poison overwritten')
[ -n "$klog" ] && echo "$klog" | sed 's/^/# /'
tap_eq "no KASAN, BUG or WARNING in the kernel log" "" "$klog"

tap_done
