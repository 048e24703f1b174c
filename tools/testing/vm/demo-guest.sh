#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, inside the VM: load both modules, show the sysctls and what
# oxctl says, then two sites bonded through ox0: tunnel up, ping between
# their LANs, an iperf3 run, oxctl peer show; then WAN bonding with
# multipath QUIC over two links, one of them pulled mid-transfer.

step()
{
	echo
	echo "\$ $*"
	"$@"
}

echo "=== tquic demo on $(uname -sr) ==="
step modprobe tquic
step lsmod
step sysctl -a 2>/dev/null | grep '^net\.tquic'
step sh -c 'grep . /proc/sys/net/tquic/* | sed "s|/proc/sys/net/tquic/||"'
step oxctl --version
step oxctl info
step sysctl -w net.tquic.scheduler=roundrobin
step oxctl -j info
step sh -c 'echo 70000 > /proc/sys/net/tquic/max_udp_payload'
step cat /proc/sys/net/tquic/max_udp_payload

echo
echo "--- two sites bonded through ox0: site-a (192.168.50.1) and site-b"
echo "--- (192.168.50.2) over a veth 'WAN' with 20 ms of delay, LANs"
echo "--- 10.1.0.0/24 behind a and 10.2.0.0/24 behind b"
step ip netns add site-a
step ip netns add site-b
step ip link add wan netns site-a type veth peer name wan netns site-b
for s in a b; do
	n=1
	[ $s = b ] && n=2
	ip -n site-$s addr add 192.168.50.$n/24 dev wan
	ip -n site-$s link set wan up
	ip -n site-$s link set lo up
	ip -n site-$s link add lan type dummy
	ip -n site-$s addr add 10.$n.0.1/24 dev lan
	ip -n site-$s link set lan up
	ip netns exec site-$s oxctl genkey >/tmp/site-$s.key
done
step ip netns exec site-a tc qdisc add dev wan root netem delay 20ms
step ip netns exec site-a ip link add ox0 type oxtunnel
step ip netns exec site-b ip link add ox0 type oxtunnel
step ip netns exec site-a oxctl tunnel set ox0 private-key /tmp/site-a.key
step ip netns exec site-b oxctl tunnel set ox0 private-key /tmp/site-b.key
step ip netns exec site-a oxctl peer add ox0 "$(oxctl pubkey </tmp/site-b.key)" \
	endpoint 192.168.50.2:51820 allowed-ips 10.2.0.0/24,10.9.0.2/32 keepalive 25
step ip netns exec site-b oxctl peer add ox0 "$(oxctl pubkey </tmp/site-a.key)" \
	allowed-ips 10.1.0.0/24,10.9.0.1/32
for s in a b; do
	n=1 o=2
	[ $s = b ] && n=2 o=1
	ip -n site-$s addr add 10.9.0.$n/24 dev ox0
	ip -n site-$s link set ox0 up
	ip -n site-$s route add 10.$o.0.0/24 dev ox0
done
step ip netns exec site-a oxctl tunnel show ox0
step ip netns exec site-a ping -c 3 -I 10.1.0.1 10.2.0.1
ip netns exec site-b iperf3 -s -D -B 10.2.0.1
sleep 1
step ip netns exec site-a iperf3 -c 10.2.0.1 -B 10.1.0.1 -t 5
step ip netns exec site-a oxctl peer show ox0
step ip netns exec site-b oxctl -j peer show ox0
step ip netns exec site-b oxctl tunnel stats ox0
ip netns pids site-b | xargs -r kill
step ip netns del site-a
step ip netns del site-b

echo
echo "--- WAN bonding with multipath QUIC: a branch and a hub joined by two"
echo "--- links, 'fibre' (40 Mbit/s, 10 ms) and 'lte' (20 Mbit/s, 40 ms); a"
echo "--- 16 MiB download over both; the fibre is pulled a second in"
step ip netns add branch
step ip netns add hub
n=81
for l in fibre lte; do
	ip link add $l netns branch type veth peer name $l netns hub
	ip -n branch addr add 192.168.$n.1/24 dev $l
	ip -n hub addr add 192.168.$n.2/24 dev $l
	ip -n branch link set $l up
	ip -n hub link set $l up
	n=$((n + 1))
done
for ns in branch hub; do
	step ip netns exec $ns tc qdisc add dev fibre root netem rate 40mbit delay 10ms limit 200
	step ip netns exec $ns tc qdisc add dev lte root netem rate 20mbit delay 40ms limit 200
done
head -c 16777216 /dev/urandom >/tmp/bond.data
ip netns exec hub /opt/tquic/bin/tquic-server -vv --cert /opt/tquic/certs/server.pem \
	--key /opt/tquic/certs/server-key.pem 0.0.0.0 4433 /tmp/bond.data >/tmp/bond.srv 2>&1 &
sleep 1
(sleep 1.5; ip netns exec branch tc qdisc change dev fibre root netem loss 100%;
 echo "--- (the fibre is cut now)") &
step ip netns exec branch /opt/tquic/bin/tquic-client -v \
	--ca /opt/tquic/certs/ca.pem --sni tquic.test \
	--path 192.168.82.1,192.168.82.2 -o /tmp/bond.copy 192.168.81.2 4433
step sh -c 'cmp /tmp/bond.data /tmp/bond.copy && echo "the 16 MiB arrived intact"'
sleep 1
echo "--- the hub's side, per path:"
grep 'path [0-9]' /tmp/bond.srv
step ip netns exec branch sh -c 'grep -E "^(PathsAdded|PathsFailed|PathsRecovered|MultipathConnections) " /proc/net/tquic/stats'
ip netns pids hub | xargs -r kill
step ip netns del branch
step ip netns del hub
step oxctl stats
step rmmod oxtunnel tquic
step lsmod
echo
echo "=== demo done ==="
