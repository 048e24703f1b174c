#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ip link add/del type oxtunnel in several network namespaces: type,
# flags, MTU bounds, up/down, transmit without peers, netns teardown.

. "$(dirname "$0")/lib.sh"

tap_plan 17
modprobe oxtunnel

for n in 1 2 3; do
	netns_new "ol$n"
	ip -n "ol$n" link add ox0 type oxtunnel || tap_fail "add ox0 in ol$n"
done
tap_check "ox0 in three netns at once" \
	bash -c 'for n in 1 2 3; do ip -n ol$n link show ox0 >/dev/null || exit 1; done'
tap_check "kind is oxtunnel" \
	bash -c 'ip -n ol1 -d link show ox0 | grep -q "oxtunnel"'
tap_check "POINTOPOINT,NOARP, no link-layer address" \
	bash -c 'ip -n ol1 link show ox0 | grep -q "<POINTOPOINT,NOARP>" && ip -n ol1 link show ox0 | grep -q "link/none"'
tap_eq "default MTU 1423" 1423 "$(cat /proc/self/net/dev >/dev/null; ip netns exec ol1 cat /sys/class/net/ox0/mtu)"
tap_check "MTU 68 accepted" ip -n ol1 link set ox0 mtu 68
tap_check_fail "MTU 67 refused" ip -n ol1 link set ox0 mtu 67
tap_check "MTU 65478 accepted" ip -n ol1 link set ox0 mtu 65478
tap_check_fail "MTU 65479 refused" ip -n ol1 link set ox0 mtu 65479
tap_eq "failed change keeps 65478" 65478 \
	"$(ip netns exec ol1 cat /sys/class/net/ox0/mtu)"
tap_check "up" ip -n ol1 link set ox0 up
ip -n ol1 addr add 10.77.0.1/24 dev ox0
tap_check_fail "sending without peers fails at once" \
	ip netns exec ol1 ping -c 1 -W 1 10.77.0.2
tap_check "and is counted as tx_dropped" test \
	"$(ip netns exec ol1 cat /sys/class/net/ox0/statistics/tx_dropped)" -ge 1
tap_check "down" ip -n ol1 link set ox0 down
tap_check_fail "a second ox0 in the same netns is refused" \
	ip -n ol1 link add ox0 type oxtunnel
tap_check "a second device gets another port" \
	ip -n ol1 link add ox1 type oxtunnel
tap_check "del" ip -n ol2 link del ox0
netns_cleanup
sleep 0.5
tap_check "netns teardown took the devices along (module unloads)" \
	rmmod oxtunnel
tap_done
