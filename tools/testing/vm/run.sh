#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the selftests in a QEMU VM on Debian's kernels.
#   run.sh [-k 6.1|6.12|all|FULLVER] [-t GLOB] [-s]
# -t runs only the tests whose file name matches GLOB; -s boots to a shell.
# Prints each test's TAP, a line per test and "vm-<ver>: N passed,
# N failed" per kernel; exits non-zero if anything failed.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kernels=all
filter='*'
shell=
while getopts "k:t:sh" opt; do
	case $opt in
	k) kernels=$OPTARG ;;
	t) filter=$OPTARG ;;
	s) shell=1 ;;
	*) sed -n '5,9p' "$0"; exit 2 ;;
	esac
done

tquic_deps_packages
if [ "$kernels" = all ]; then
	vers=$(tquic_kernel_versions) || exit 1
else
	vers=$(tquic_kernel_resolve "$kernels") || exit 1
fi

# Parse a VM log: per-test counts, dmesg check.  Sets P and F.
vm_parse()
{
	local log=$1 short=$2 name rc p f plan n line dm

	P=0
	F=0
	while read -r name; do
		p=$(sed -n "/^### BEGIN $name\$/,/^### END $name /p" "$log" |
			grep -cE '^ok [0-9]+')
		f=$(sed -n "/^### BEGIN $name\$/,/^### END $name /p" "$log" |
			grep -cE '^not ok [0-9]+')
		plan=$(sed -n "/^### BEGIN $name\$/,/^### END $name /p" "$log" |
			grep -m1 -oE '^1\.\.[0-9]+' | cut -d. -f3)
		rc=$(grep -m1 "^### END $name " "$log" | awk '{ print $4 }')
		n=""
		if [ -z "$rc" ]; then
			n="did not finish"
		elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			n="exit status $rc"
		elif [ $((p + f)) -eq 0 ]; then
			n="no TAP output"
		elif [ -n "$plan" ] && [ "$plan" -ne $((p + f)) ]; then
			n="planned $plan, ran $((p + f))"
		fi
		[ -n "$n" ] && f=$((f + 1))
		echo "vm-$short: $name: $p passed, $f failed${n:+ ($n)}"
		P=$((P + p))
		F=$((F + f))
	done < <(grep -oE '^### BEGIN [^ ]+$' "$log" | cut -d' ' -f3)

	if ! grep -q '^### DONE' "$log"; then
		echo "vm-$short: the VM did not finish (timeout or panic)"
		F=$((F + 1))
	fi
	dm=$(sed -n '/^### DMESG BEGIN/,/^### DMESG END/p' "$log" |
		grep -E 'WARNING:|BUG:|Oops|KASAN|kmemleak|possible circular locking|inconsistent lock state|possible recursive locking|unregister_netdevice: waiting|refcount_t:|Call Trace:|general protection')
	if [ -n "$dm" ] || ! grep -q '^### DMESG END' "$log"; then
		echo "vm-$short: dmesg: not clean"
		[ -n "$dm" ] && sed -n '/^### DMESG BEGIN/,/^### DMESG END/p' \
			"$log" | grep -B5 -A30 -m3 -E \
			'WARNING:|BUG:|Oops|KASAN|kmemleak|circular locking|lock state|recursive locking|unregister_netdevice|refcount_t:|Call Trace:|general protection'
		F=$((F + 1))
	else
		echo "vm-$short: dmesg: clean"
		P=$((P + 1))
	fi
}

total_p=0
total_f=0
for ver in $vers; do
	short=$(echo "$ver" | cut -d. -f1,2)
	vm_prepare "$ver"
	initrd=$(vm_initramfs "$ver") || exit 1
	log=$TQUIC_CACHE/vm-$ver.log
	if [ -n "$shell" ]; then
		VM_TIMEOUT=86400 vm_boot "$ver" "$initrd" "tquicvm.mode=shell"
		exit 0
	fi
	# A kernel that never reaches our init (a panic while it patches
	# its own text under TCG, before any module is loaded) is booted
	# again, up to three times; the failed boot's log is kept.
	for attempt in 1 2 3; do
		tquic_log "vm-$short: booting $ver (log: $log)"
		vm_boot "$ver" "$initrd" "tquicvm.mode=test tquicvm.filter=$filter" |
			tr -d '\r' | tee "$log" |
			sed '/^### DMESG BEGIN/,/^### DMESG END/d'
		grep -q '### VM .* up' "$log" && break
		cp "$log" "$log.boot$attempt"
		tquic_log "vm-$short: the kernel did not reach init (boot $attempt, log: $log.boot$attempt)"
	done
	vm_parse "$log" "$short"
	echo "vm-$short: $P passed, $F failed"
	total_p=$((total_p + P))
	total_f=$((total_f + F))
done
[ "$kernels" = all ] && echo "vm: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
