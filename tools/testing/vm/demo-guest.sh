#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, inside the VM: load both modules, create ox0, show the
# sysctls, the counters and what oxctl says.

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
step ip netns add site-a
step ip netns exec site-a sh -c 'ip link add ox0 type oxtunnel && ip link set ox0 up'
step ip -n site-a -d link show ox0
step ip netns exec site-a oxctl tunnel show
step ip netns exec site-a oxctl -j tunnel show ox0
step ip netns exec site-a cat /proc/sys/net/tquic/scheduler
step oxctl stats
step oxctl stats reset
step oxctl -j stats
step ip netns del site-a
step rmmod oxtunnel tquic
step lsmod
echo
echo "=== demo done ==="
