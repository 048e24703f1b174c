#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM.  Mounts the pseudo file systems, then by the
# kernel command line:
#   tquicvm.mode=test   run /opt/tquic/tests/* (tquicvm.filter=GLOB selects),
#                     each framed by "### BEGIN name" / "### END name rc",
#                     then the guest's dmesg between "### DMESG" markers
#   tquicvm.mode=demo   run /opt/tquic/demo.sh
#   tquicvm.mode=bench  run /opt/tquic/bench/<tquicvm.filter>.sh with
#                     BENCH_SECONDS=<tquicvm.seconds> and, when given,
#                     BENCH_PROFILE=<tquicvm.profile>
#   tquicvm.mode=shell  an interactive shell on the console
# and powers off.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /run/netns
hostname tquic-vm
# What udev does at boot: the modules for the CPU's features (AES-NI).
modprobe -qa "$(cat /sys/devices/system/cpu/modalias)"
ip link set lo up

mode=test
filter='*'
set -f
for arg in $(cat /proc/cmdline); do
	case $arg in
	tquicvm.mode=*) mode=${arg#tquicvm.mode=} ;;
	tquicvm.filter=*) filter=${arg#tquicvm.filter=} ;;
	tquicvm.seconds=*) export BENCH_SECONDS=${arg#tquicvm.seconds=} ;;
	tquicvm.profile=*) export BENCH_PROFILE=${arg#tquicvm.profile=} ;;
	esac
done
set +f

echo "### VM $(uname -r) up, mode $mode"
case $mode in
test)
	cd /opt/tquic/tests || exit 1
	for t in *; do
		[ -x "$t" ] && [ -f "$t" ] || continue
		[ "$t" = lib.sh ] && continue
		# shellcheck disable=SC2053
		[[ $t == $filter ]] || continue
		echo "### BEGIN $t"
		(cd /tmp && timeout 600 "/opt/tquic/tests/$t" 2>&1)
		echo "### END $t $?"
	done
	echo "### DMESG BEGIN"
	dmesg
	echo "### DMESG END"
	;;
demo)
	/opt/tquic/demo.sh
	;;
bench)
	(cd /tmp && "/opt/tquic/bench/$filter.sh" 2>&1)
	;;
*)
	setsid -c /bin/bash -i
	;;
esac
echo "### DONE"
sync
poweroff -f
