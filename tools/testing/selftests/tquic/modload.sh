#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload tquic.ko and oxtunnel.ko in a loop, with network
# namespaces (and oxtunnel devices in them) created and destroyed while
# loaded; autoload through the rtnl-link and genl aliases.

. "$(dirname "$0")/lib.sh"

LOOPS=10
tap_plan 12

loaded() { grep -q "^$1 " /proc/modules; }
users() { awk -v m="$1" '$1 == m { print $3 }' /proc/modules; }

# Connections of earlier tests may still be in their closing or draining
# period (RFC 9000 10.2: three PTOs, at most a few seconds), and each
# holds the module until it ends.
for _ in $(seq 100); do
	! loaded tquic || [ "$(users tquic)" = 0 ] && break
	sleep 0.1
done
rmmod oxtunnel 2>/dev/null
rmmod tquic 2>/dev/null

ok=1
for i in $(seq $LOOPS); do
	modprobe tquic || ok=0
	[ -d /proc/sys/net/tquic ] && [ -r /proc/net/tquic/stats ] || ok=0
	netns_new "ml$i" || ok=0
	ip netns exec "ml$i" cat /proc/sys/net/tquic/max_connections \
		>/dev/null || ok=0
	echo 9 >"/proc/sys/net/tquic/max_ack_delay" || ok=0
	netns_cleanup
	[ "$(users tquic)" = 0 ] || ok=0
	rmmod tquic || ok=0
	[ ! -e /proc/sys/net/tquic ] && [ ! -e /proc/net/tquic ] || ok=0
done
tap_check "tquic: $LOOPS load/netns/unload rounds" test $ok = 1
tap_check_fail "tquic unloaded" loaded tquic

ok=1
for i in $(seq $LOOPS); do
	modprobe oxtunnel || ok=0
	netns_new "mo$i" || ok=0
	ip -n "mo$i" link add ox0 type oxtunnel || ok=0
	ip -n "mo$i" link set ox0 up || ok=0
	# Half the rounds leave the device for the netns teardown.
	[ $((i % 2)) = 0 ] && { ip -n "mo$i" link del ox0 || ok=0; }
	netns_cleanup
	sleep 0.2
	[ "$(users oxtunnel)" = 0 ] || ok=0
	rmmod oxtunnel || ok=0
done
tap_check "oxtunnel: $LOOPS load/netns/device/unload rounds" test $ok = 1
tap_check_fail "oxtunnel unloaded" loaded oxtunnel

# Autoload: rtnl link kind, and the genl family through the controller.
netns_new auto
tap_check "ip link add type oxtunnel autoloads" \
	ip -n auto link add ox0 type oxtunnel
tap_check "oxtunnel loaded by the alias" loaded oxtunnel
tap_check "the device exists" ip -n auto link show ox0
tap_check "oxctl info autoloads tquic (genl family alias)" oxctl info
tap_check "tquic loaded by the alias" loaded tquic
tap_check_fail "rmmod oxtunnel while a device exists? (device goes)" \
	bash -c "rmmod oxtunnel && ip -n auto link show ox0"
netns_cleanup
tap_check_fail "modprobe -r is clean" bash -c "modprobe -r tquic; loaded tquic"
tap_check "reload after everything" modprobe tquic
tap_done
