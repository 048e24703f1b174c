#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KUnit under UML: graft net/tquic, net/oxtunnel and the uapi headers into
# Debian's linux-source-6.1 (a hard-linked copy in the cache), then run
# kunit.py with configs/tquic.kunitconfig.  Last line:
#   kunit: N passed, N failed

set -o pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../deps.sh"

tquic_lock
tquic_deps_packages
pristine=$(tquic_linux_source) || exit 1
src=$TQUIC_CACHE/kunit/src
build=$TQUIC_CACHE/kunit/build
log=$TQUIC_CACHE/kunit/kunit.log

if [ ! -e "$src/.tquic-linked" ] ||
   [ "$pristine/.tquic-extracted" -nt "$src/.tquic-linked" ]; then
	tquic_log "kunit: hard-linking $pristine to $src"
	rm -rf "$src" "$build"
	mkdir -p "$TQUIC_CACHE/kunit"
	cp -al "$pristine" "$src" || tquic_die "cp -al failed"
	touch "$src/.tquic-linked"
fi

# The graft: symlinks into this checkout; net/Kconfig and net/Makefile are
# rewritten from the pristine copies (never edited through a hard link).
for d in tquic oxtunnel; do
	ln -sfn "$TQUIC_REPO/net/$d" "$src/net/$d"
	ln -sfn "$TQUIC_REPO/include/uapi/linux/$d.h" \
		"$src/include/uapi/linux/$d.h"
done
graft()
{
	local f=$1 text=$2 tmp

	tmp=$(mktemp "$src/$f.XXXXXX")
	{ cat "$pristine/$f"; printf '%s\n' "$text"; } >"$tmp"
	if cmp -s "$tmp" "$src/$f"; then
		rm -f "$tmp"
	else
		mv -f "$tmp" "$src/$f"
	fi
}
graft net/Kconfig 'source "net/tquic/Kconfig"
source "net/oxtunnel/Kconfig"'
graft net/Makefile 'obj-$(CONFIG_TQUIC) += tquic/
obj-$(CONFIG_OXTUNNEL) += oxtunnel/'

mkdir -p "$build"
cp "$TQUIC_REPO/configs/tquic.kunitconfig" "$build/.kunitconfig"
tquic_log "kunit: kunit.py run --arch=um (log: $log)"
jobs=$(nproc)
(cd "$src" && python3 tools/testing/kunit/kunit.py run --arch=um \
	--build_dir="$build" --kunitconfig="$build/.kunitconfig" \
	--jobs="$jobs" --timeout=600 --raw_output=kunit) >"$log" 2>&1
rc=$?

# kunit.py --raw_output=kunit prints the KTAP.  Count the test cases
# (indented results); a suite that fails without a failing case (init
# failure, crash) counts as one failure; so does a missing suite.
read -r passed failed < <(awk '
	/^KTAP version/ { next }
	/^1\.\.[0-9]+$/ { split($0, a, "."); plan = a[3]; next }
	/^[ \t]+ok [0-9]+ / { p++; sp++; next }
	/^[ \t]+not ok [0-9]+ / { f++; sf++; next }
	/^ok [0-9]+ / { suites++; sp = sf = 0; next }
	/^not ok [0-9]+ / { suites++; if (!sf) f++; sp = sf = 0; next }
	END {
		if (plan == "" || suites < plan)
			f++;
		print p + 0, f + 0
	}' "$log")
grep -E '^[[:space:]]*(not )?ok [0-9]+ |^[[:space:]]*# .*(FAILED|Expected)' "$log"
if [ $rc -ne 0 ] || [ "$failed" -ne 0 ]; then
	[ "$failed" -eq 0 ] && failed=1
	tail -40 "$log" >&2
fi
echo "kunit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
