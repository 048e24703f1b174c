#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oxctl: version, help, usage errors, the message for a missing module,
# info/stats against the sysctls, unprivileged errors with the kernel's
# words, tunnel show in text and JSON; the tquic control plane on a live
# connection (helpers/quic_pair): conn show, path show/add/set/del,
# sched/cc set, endpoints, monitor, with the kernel's extack on errors.

. "$(dirname "$0")/lib.sh"

tap_plan 63

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
congestion-control cubic (available: newreno cubic lia olia bbr)
scheduler roundrobin (available: minrtt roundrobin weighted blest ecf redundant)" "$(o oxctl info)"
tap_eq "info -j follows the netns' sysctl" roundrobin \
	"$(o oxctl -j info | jq -r .scheduler)"
tap_eq "info -j lists" '["minrtt","roundrobin","weighted","blest","ecf","redundant"]' \
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
# The tquic control plane on a live connection.  The client is bound to
# the wildcard address: that is its local address; the server sees it as
# 127.0.0.1.
QP=$(dirname "$0")/helpers/quic_pair
netns_new qc
q() { ip netns exec qc "$@"; }
nobody() { q setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all "$@"; }
tmp=$(mktemp -d)
ip netns exec qc oxctl -j monitor >"$tmp/mon" 2>&1 &
mon=$!
sleep 1
q sh -c 'echo 0 > /proc/sys/net/tquic/multipath_enabled'
touch "$tmp/hold"
ip netns exec qc "$QP" "$tmp/hold" >"$tmp/qp" &
qp=$!
for _ in $(seq 100); do
	grep -q ready "$tmp/qp" && break
	sleep 0.1
done
read -r _ cport sport <"$tmp/qp"
cid=$(q oxctl -j conn show | jq -r '.[] | select(.role == "client") | .id')
sid=$(q oxctl -j conn show | jq -r '.[] | select(.role == "server") | .id')
tap_eq "conn show -j lists both ends" 2 "$(q oxctl -j conn show | jq length)"
tap_eq "conn show -j ID: state and addresses" \
	"established client 0.0.0.0:$cport 127.0.0.1:$sport" \
	"$(q oxctl -j conn show "$cid" |
		jq -r '.[0] | "\(.state) \(.role) \(.local) \(.peer)"')"
tap_eq "conn show -j: server end" \
	"established 127.0.0.1:$sport 127.0.0.1:$cport" \
	"$(q oxctl -j conn show "$sid" |
		jq -r '.[0] | "\(.state) \(.local) \(.peer)"')"
tap_eq "conn show header" \
	"ID State Recv-Q Send-Q Local Address:Port Peer Address:Port" \
	"$(q oxctl conn show | head -1 | tr -s ' ')"
tap_eq "conn show ID text" \
	"$cid established 0.0.0.0:$cport 127.0.0.1:$sport" \
	"$(q oxctl conn show "$cid" | tail -1 | awk '{ print $1, $2, $5, $6 }')"
tap_check "conn show -i: connection and path lines" bash -c \
	"ip netns exec qc oxctl conn show -i $cid | grep -q '^	client version 0x1 cc cubic sched minrtt rtt ' &&
	 ip netns exec qc oxctl conn show -i $cid | grep -q '^	path 0 active 0.0.0.0:$cport -> 127.0.0.1:$sport weight 1 mtu [1-9][0-9]*\$' &&
	 ip netns exec qc oxctl conn show -i $cid | grep -q '^		rtt .* cwnd [1-9][0-9]* .* lost 0 (0 bytes)\$'"
tap_eq "path show -j" "0 active false 1 true" \
	"$(q oxctl -j path show "$cid" |
		jq -r '.[0] | "\(.id) \(.state) \(.backup) \(.weight) \(.packets_sent > 0)"')"
tap_check "sched set" q oxctl sched set "$cid" roundrobin
tap_check "cc set" q oxctl cc set "$cid" newreno
tap_eq "conn show after sched/cc set" "roundrobin newreno" \
	"$(q oxctl -j conn show "$cid" |
		jq -r '.[0] | "\(.scheduler) \(.congestion_control)"')"
tap_eq "sched set unknown: extack" \
	"oxctl: sched set: No such file or directory: unknown scheduler" \
	"$(q oxctl sched set "$cid" nosuch 2>&1)"
tap_eq "cc set unknown: extack" \
	"oxctl: cc set: No such file or directory: unknown congestion control" \
	"$(q oxctl cc set "$cid" nosuch 2>&1)"
tap_eq "conn show unknown id: extack" \
	"oxctl: conn show: No such file or directory: no such connection" \
	"$(q oxctl conn show 4000000000 2>&1)"
tap_eq "sched set unknown connection: extack" \
	"oxctl: sched set: No such file or directory: no such connection" \
	"$(q oxctl sched set 4000000000 minrtt 2>&1)"
tap_eq "path set backup weight" "standby true 7" \
	"$(q oxctl path set "$cid" 0 backup weight 7 &&
	   q oxctl -j path show "$cid" |
		jq -r '.[0] | "\(.state) \(.backup) \(.weight)"')"
tap_eq "path set active" "active false 7" \
	"$(q oxctl path set "$cid" 0 active &&
	   q oxctl -j path show "$cid" |
		jq -r '.[0] | "\(.state) \(.backup) \(.weight)"')"
tap_eq "path set weight out of range: extack" \
	"oxctl: path set: Numerical result out of range: integer out of range" \
	"$(q oxctl path set "$cid" 0 weight 256 2>&1)"
tap_eq "path set unknown path: extack" \
	"oxctl: path set: No such file or directory: no such path" \
	"$(q oxctl path set "$cid" 9 backup 2>&1)"
tap_eq "path del last path: extack" \
	"oxctl: path del: Device or resource busy: the only path cannot be removed" \
	"$(q oxctl path del "$cid" 0 2>&1)"
tap_eq "path del unknown path: extack" \
	"oxctl: path del: No such file or directory: no such path" \
	"$(q oxctl path del "$cid" 3 2>&1)"
tap_eq "path add: multipath not negotiated" \
	"oxctl: path add: Operation not supported: multipath is not negotiated on this connection" \
	"$(q oxctl path add "$cid" local 127.0.0.1%lo remote 127.0.0.1:4433 weight 3 2>&1)"
tap_eq "path add: other family: extack" \
	"oxctl: path add: Address family not supported by protocol: address family differs from the connection's" \
	"$(q oxctl path add "$cid" local ::1 remote '[::1]:4433' 2>&1)"
tap_eq "path add: mixed families: extack" \
	"oxctl: path add: Invalid argument: local and remote address families differ" \
	"$(q oxctl path add "$cid" local ::1 remote 127.0.0.1:4433 2>&1)"
q sh -c 'echo 1 > /proc/sys/net/tquic/max_paths'
tap_eq "path add over max_paths: extack" \
	"oxctl: path add: Argument list too long: too many paths (net.tquic.max_paths)" \
	"$(q oxctl path add "$cid" local 127.0.0.1 remote 127.0.0.1:4433 2>&1)"
tap_eq "path add unknown connection: extack" \
	"oxctl: path add: No such file or directory: no such connection" \
	"$(q oxctl path add 4000000000 local 127.0.0.1 remote 127.0.0.1:4433 2>&1)"
oxctl path add 1 local 127.0.0.1 remote 127.0.0.1 >/dev/null 2>&1
tap_eq "path add without a port: usage error" 2 $?
tap_eq "unprivileged sched set refused" \
	"oxctl: sched set: Operation not permitted" \
	"$(nobody oxctl sched set "$cid" minrtt 2>&1)"
tap_eq "unprivileged path set refused" \
	"oxctl: path set: Operation not permitted" \
	"$(nobody oxctl path set "$cid" 0 backup 2>&1)"
tap_eq "unprivileged endpoint add refused" \
	"oxctl: endpoint add: Operation not permitted" \
	"$(nobody oxctl endpoint add 10.0.0.1 dev lo 2>&1)"
tap_eq "unprivileged conn show allowed" 2 \
	"$(nobody oxctl -j conn show | jq length)"

# Endpoints
for i in 1 2 3 4 5 6 7 8; do
	q oxctl endpoint add "10.0.0.$i" dev lo $([ "$i" = 2 ] && echo backup) \
		>"$tmp/ep$i" || break
done
tap_eq "endpoint add prints the id" "endpoint 1" "$(cat "$tmp/ep1")"
tap_eq "endpoint show" "1 10.0.0.1%lo|2 10.0.0.2%lo backup|" \
	"$(q oxctl endpoint show | head -2 | tr '\n' '|')"
tap_eq "endpoint show -j" "8 2 10.0.0.2%lo true" \
	"$(q oxctl -j endpoint show |
		jq -r '"\(length) \(.[1].id) \(.[1].address) \(.[1].backup)"')"
tap_eq "endpoint add: too many: extack" \
	"oxctl: endpoint add: Argument list too long: too many endpoints" \
	"$(q oxctl endpoint add 10.0.0.9 2>&1)"
tap_eq "endpoint add: duplicate: extack" \
	"oxctl: endpoint add: File exists: endpoint exists" \
	"$(q oxctl endpoint add 10.0.0.3 dev lo 2>&1)"
tap_check "endpoint del" q oxctl endpoint del 3
tap_eq "endpoint del again: extack" \
	"oxctl: endpoint del: No such file or directory: no such endpoint" \
	"$(q oxctl endpoint del 3 2>&1)"
tap_eq "endpoint add -j: id" 9 \
	"$(q oxctl -j endpoint add 2001:db8::1 | jq .id)"

# Close the connection: monitor saw it all.
rm -f "$tmp/hold"
wait "$qp"
tap_eq "quic_pair exit" 0 $?
sleep 0.5
kill "$mon"
wait "$mon" 2>/dev/null
tap_eq "monitor -j: the client's events" "established path-validated closed" \
	"$(jq -r "select(.conn == $cid) | .event" "$tmp/mon" | xargs)"
tap_eq "monitor -j: the server's events" "established path-validated closed" \
	"$(jq -r "select(.conn == $sid) | .event" "$tmp/mon" | xargs)"
tap_eq "monitor -j: close error" "7 true 0.0.0.0:$cport" \
	"$(jq -r "select(.conn == $cid and .event == \"closed\") |
		\"\(.error) \(.app_error) \(.local)\"" "$tmp/mon")"
rm -rf "$tmp"
tap_done
