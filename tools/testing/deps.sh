#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared set-up for make check / make demo: installs missing Debian
# packages, discovers the two kernel versions, extracts linux-source and
# fetches the kernel images the VM boots.  Everything downloaded or built
# lives under $TQUIC_CACHE (default ~/.cache/tquic), never in the repo.
#
# Source it, then call the functions:
#   tquic_deps_packages         apt-get install what is missing
#   tquic_kernel_versions       print "6.1.0-NN-amd64 6.12.NN+deb12-amd64"
#   tquic_linux_source          extract linux-source-6.1, print its path
#   tquic_kernel_image VER      fetch + unpack linux-image-VER-unsigned,
#                               print the unpack dir (boot/, lib/modules/)
#   tquic_lock                  wait for other runs using $TQUIC_CACHE

TQUIC_CACHE=${TQUIC_CACHE:-$HOME/.cache/tquic}
TQUIC_REPO=${TQUIC_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export TQUIC_CACHE TQUIC_REPO

TQUIC_PKGS="make gcc libc6-dev pkg-config bc bison flex libelf-dev libssl-dev
	dwarves kmod cpio zstd xz-utils python3 rsync
	linux-headers-amd64 linux-headers-6.12-amd64 linux-source-6.1
	qemu-system-x86 busybox-static bash-static iproute2 jq util-linux
	libnl-3-dev libnl-genl-3-dev clang llvm libbpf-dev
	nftables iperf3 wireguard-tools ethtool libgnutls28-dev gnutls-bin
	ngtcp2-client ngtcp2-server libnghttp3-dev mptcpize"

tquic_log()
{
	echo "[$(date +%H:%M:%S)] $*" >&2
}

tquic_die()
{
	echo "error: $*" >&2
	exit 1
}

# One run at a time per cache: the KUnit and module build trees, the
# userspace, the initramfs and make check's stage outputs under
# $TQUIC_CACHE are shared (a second run would rebuild or overwrite them
# under the first one), and two TCG guests at once skew each other's
# timings.  make check takes it for all its stages; a run that boots
# guests (a bench, make demo, vm/run.sh) or make kunit takes it alone.
# A second run waits; the lock goes when the script exits.
tquic_lock()
{
	[ -n "${TQUIC_LOCKED:-}" ] && return
	mkdir -p "$TQUIC_CACHE"
	exec 9>"$TQUIC_CACHE/run.lock"
	if ! flock -n 9; then
		tquic_log "waiting for the other run using $TQUIC_CACHE"
		flock 9
	fi
	export TQUIC_LOCKED=1
}

tquic_deps_packages()
{
	local missing=() p

	for p in $TQUIC_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] ||
		tquic_die "missing packages (${missing[*]}); run as root"
	tquic_log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || tquic_die "apt-get update failed"
	apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>/dev/null || tquic_die "apt-get install ${missing[*]} failed"
}

# Kernel versions: the ones whose headers the meta-packages pulled in,
# newest of each series.
tquic_kernel_versions()
{
	local v61 v612

	v61=$(ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null |
		sed 's|.*/linux-headers-||' | sort -V | tail -1)
	v612=$(ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null |
		sed 's|.*/linux-headers-||' | sort -V | tail -1)
	[ -n "$v61" ] || tquic_die "no linux-headers-6.1.*-amd64"
	[ -n "$v612" ] || tquic_die "no linux-headers-6.12.*-amd64"
	echo "$v61 $v612"
}

# Map "6.1" / "6.12" / a full version to the full version.
tquic_kernel_resolve()
{
	local want=$1 v

	for v in $(tquic_kernel_versions); do
		case $v in
		"$want" | "$want".*) echo "$v"; return 0 ;;
		esac
	done
	tquic_die "no kernel matching '$want'"
}

tquic_linux_source()
{
	local dir=$TQUIC_CACHE/linux-source-6.1 tarball

	tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null)
	[ -n "$tarball" ] || tquic_die "linux-source-6.1 not installed"
	if [ ! -e "$dir/.tquic-extracted" ] ||
	   [ "$tarball" -nt "$dir/.tquic-extracted" ]; then
		tquic_log "extracting $tarball"
		rm -rf "$dir"
		mkdir -p "$TQUIC_CACHE"
		tar -C "$TQUIC_CACHE" -xf "$tarball" ||
			tquic_die "cannot extract $tarball"
		touch "$dir/.tquic-extracted"
	fi
	echo "$dir"
}

tquic_kernel_image()
{
	local ver=$1 dir=$TQUIC_CACHE/kernels/$1 pkg deb

	pkg=linux-image-$ver-unsigned
	if [ ! -e "$dir/.tquic-unpacked" ]; then
		mkdir -p "$TQUIC_CACHE/debs"
		deb=$(ls "$TQUIC_CACHE/debs/${pkg}_"*.deb 2>/dev/null | tail -1)
		if [ -z "$deb" ]; then
			tquic_log "downloading $pkg"
			(cd "$TQUIC_CACHE/debs" && apt-get download -q "$pkg" \
				>/dev/null 2>&1) ||
			{ apt-get update -q >/dev/null &&
			  (cd "$TQUIC_CACHE/debs" &&
			   apt-get download -q "$pkg" >/dev/null); } ||
				tquic_die "apt-get download $pkg failed"
			deb=$(ls "$TQUIC_CACHE/debs/${pkg}_"*.deb | tail -1)
		fi
		rm -rf "$dir"
		mkdir -p "$dir"
		dpkg -x "$deb" "$dir" || tquic_die "dpkg -x $deb failed"
		depmod -b "$dir" "$ver" || tquic_die "depmod for $ver failed"
		touch "$dir/.tquic-unpacked"
	fi
	echo "$dir"
}
