#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers and network-namespace bookkeeping for the shell selftests.
# Source it; print the plan with tap_plan, one line per check, end with
# tap_done (its exit status is the test's).

TAP_N=0
TAP_FAILED=0
TAP_NETNS=()

tap_plan()
{
	echo "1..$1"
}

tap_ok()
{
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1"
}

tap_fail()
{
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
}

tap_skip()
{
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP $2"
}

# tap_check DESC CMD...: ok when CMD exits 0; its output goes to stderr.
tap_check()
{
	local desc=$1
	shift
	if "$@" >&2; then
		tap_ok "$desc"
	else
		tap_fail "$desc"
	fi
}

# tap_check_fail DESC CMD...: ok when CMD fails.
tap_check_fail()
{
	local desc=$1
	shift
	if "$@" >&2 2>&1; then
		tap_fail "$desc"
	else
		tap_ok "$desc"
	fi
}

# tap_eq DESC WANT GOT (returns 1 when they differ)
tap_eq()
{
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		echo "# $1: want '$2', got '$3'"
		tap_fail "$1"
		return 1
	fi
}

tap_done()
{
	[ "$TAP_FAILED" -eq 0 ]
	exit
}

# netns_new NAME: a fresh network namespace (deleted at exit), lo up.
netns_new()
{
	ip netns del "$1" 2>/dev/null
	ip netns add "$1" || return 1
	TAP_NETNS+=("$1")
	ip -n "$1" link set lo up
}

netns_cleanup()
{
	local ns

	for ns in "${TAP_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	TAP_NETNS=()
}

trap netns_cleanup EXIT
