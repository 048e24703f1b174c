#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks (not tests): boot one VM per kernel and run a bench's
# guest.sh there; prints its table.
#   tools/testing/bench/run.sh [-k 6.1|6.12] [-s SECONDS] [-p] NAME
# -p asks the bench for a profile (perf in the guest), where it has one.
# NAME is a directory here (oxtunnel).  Timing numbers under TCG are only
# meaningful as ratios between the runs of one boot.

. "$(dirname "${BASH_SOURCE[0]}")/../vm/lib.sh"

kernel=6.1
secs=8
profile=0
while getopts k:s:p o; do
	case $o in
	k) kernel=$OPTARG ;;
	s) secs=$OPTARG ;;
	p) profile=1 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
name=${1:-oxtunnel}
[ -x "$(dirname "${BASH_SOURCE[0]}")/$name/guest.sh" ] ||
	tquic_die "no benchmark $name"
ver=$(tquic_kernel_resolve "$kernel") || exit 1
vm_prepare "$ver"
initrd=$(vm_initramfs "$ver") || exit 1
tquic_log "bench $name: booting $ver"
vm_boot "$ver" "$initrd" "tquicvm.mode=bench tquicvm.filter=$name tquicvm.seconds=$secs tquicvm.profile=$profile" |
	sed -u -n -e 's/\r//g' -e '/^=== /,/^=== bench done/p'
