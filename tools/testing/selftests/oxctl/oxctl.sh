#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oxctl: version, help, usage errors, the message for a missing module,
# info/stats against the sysctls, unprivileged errors with the kernel's
# words, tunnel show in text and JSON.

. "$(dirname "$0")/lib.sh"

tap_plan 21

tap_eq "--version" "oxctl 0.1.0" "$(oxctl --version)"
tap_eq "-j --version" "0.1.0" "$(oxctl -j --version | jq -r .oxctl)"
tap_check "help on stdout, exit 0" bash -c 'oxctl help | grep -q "^Usage: oxctl"'
oxctl frobnicate >/dev/null 2>&1
tap_eq "unknown command: exit 2" 2 $?

# Without the module and without autoload.
rmmod oxtunnel 2>/dev/null
rmmod tquic 2>/dev/null
saved=$(cat /proc/sys/kernel/modprobe)
echo /bin/false >/proc/sys/kernel/modprobe
out=$(oxctl info 2>&1)
rc=$?
echo "$saved" >/proc/sys/kernel/modprobe
tap_eq "missing tquic: exit 1" 1 "$rc"
tap_eq "missing tquic: message" \
	'oxctl: tquic module not loaded (generic netlink family "tquic" not found)' \
	"$out"
echo /bin/false >/proc/sys/kernel/modprobe
out=$(oxctl tunnel show 2>&1)
echo "$saved" >/proc/sys/kernel/modprobe
tap_eq "missing oxtunnel: message" \
	'oxctl: oxtunnel module not loaded (generic netlink family "oxtunnel" not found)' \
	"$out"

modprobe tquic
netns_new oc
o() { ip netns exec oc "$@"; }
o sh -c 'echo roundrobin > /proc/sys/net/tquic/scheduler'
tap_eq "info text" "tquic 0.1.0
congestion-control cubic (available: newreno cubic)
scheduler roundrobin (available: minrtt roundrobin)" "$(o oxctl info)"
tap_eq "info -j follows the netns' sysctl" roundrobin \
	"$(o oxctl -j info | jq -r .scheduler)"
tap_eq "info -j lists" '["minrtt","roundrobin"]' \
	"$(o oxctl -j info | jq -c .available_schedulers)"
tap_eq "stats -j equals /proc/net/tquic/stats" \
	"$(o awk '{ printf "%s=%s\n", $1, $2 }' /proc/net/tquic/stats)" \
	"$(o oxctl -j stats | jq -r 'to_entries[] | "\(.key)=\(.value)"')"
tap_check "stats reset" o oxctl stats reset
tap_eq "StatsResets counts it" 1 "$(o oxctl -j stats | jq .StatsResets)"
out=$(o setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	oxctl stats reset 2>&1)
tap_eq "unprivileged reset refused" \
	"oxctl: stats reset: Operation not permitted" "$out"

o ip link add ox0 type oxtunnel
idx=$(o cat /sys/class/net/ox0/ifindex)
tap_eq "tunnel show text" \
	"ox0: ifindex $idx mtu 1423 listen-port 51820 encryption on state down" \
	"$(o oxctl tunnel show ox0 | head -1)"
tap_eq "tunnel show text details" \
	"  peers 0|  rekey-interval 120 s, rekey-messages 2147483648|" \
	"$(o oxctl tunnel show ox0 | tail -n +2 | tr '\n' '|')"
tap_eq "tunnel show -j" "1423 51820 true false" \
	"$(o oxctl -j tunnel show ox0 | jq -r '.[0] | "\(.mtu) \(.listen_port) \(.encryption) \(.up)"')"
tap_eq "tunnel show lo: extack" \
	"oxctl: tunnel show: Invalid argument: device is not an oxtunnel device" \
	"$(o oxctl tunnel show lo 2>&1)"
tap_eq "tunnel show nosuchdev: extack" \
	"oxctl: tunnel show: No such device: device not found" \
	"$(o oxctl tunnel show nosuchdev 2>&1)"
o ip link add ox1 type oxtunnel
tap_eq "tunnel show dumps all" 2 "$(o oxctl -j tunnel show | jq length)"
tap_check "genkey | pubkey gives a 44-char key" \
	bash -c 'oxctl genkey | oxctl pubkey | grep -Eq "^[A-Za-z0-9+/]{43}=$"'
tap_done
