#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: the whole suite.  Installs what is missing, then
#   1. KUnit under UML (tools/testing/kunit/run.sh)
#   2. libtquic's handshake logic on the host (two GnuTLS sessions over
#      a loop, tools/lib/tquic/test)
#   3. the VM selftests on Debian's 6.1 and 6.12 kernels (vm/run.sh)
# and ends with one line "N passed, N failed" over all stages.  A stage
# that cannot run (build failure) counts as one failure.

. "$(dirname "${BASH_SOURCE[0]}")/deps.sh"

start=$(date +%s)
mkdir -p "$TQUIC_CACHE" || tquic_die "cannot create $TQUIC_CACHE"
tquic_lock
tquic_deps_packages
P=0
F=0
stage()
{
	local name=$1 out line p f
	shift

	out=$TQUIC_CACHE/check-$name.out
	tquic_log "check: stage $name"
	"$@" 2>&1 | tee "$out"
	line=$(grep -aE '^[a-z0-9.-]+: [0-9]+ passed, [0-9]+ failed$' "$out" |
		grep -E "^($name|vm-[0-9.]+): " | tail -1)
	if [ -z "$line" ]; then
		echo "$name: did not complete"
		F=$((F + 1))
		return
	fi
	while read -r _ p _ f _; do
		P=$((P + p))
		F=$((F + f))
	done <<<"$line"
}

# The host test's TAP, summed up in the line stage() reads.
libtquic_check()
{
	local out p f

	out=$(make -s -C "$TQUIC_REPO/tools/lib/tquic" check 2>&1)
	echo "$out"
	p=$(grep -c '^ok ' <<<"$out")
	f=$(grep -c '^not ok ' <<<"$out")
	echo "libtquic: $p passed, $f failed"
}

stage kunit "$TQUIC_REPO/tools/testing/kunit/run.sh"
stage libtquic libtquic_check
for ver in $(tquic_kernel_versions); do
	short=$(echo "$ver" | cut -d. -f1,2)
	stage "vm-$short" "$TQUIC_REPO/tools/testing/vm/run.sh" -k "$ver"
done
tquic_log "check: done in $(($(date +%s) - start)) s"
echo "$P passed, $F failed"
[ "$F" -eq 0 ]
