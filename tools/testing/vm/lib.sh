#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VM harness library: builds the modules for one Debian kernel, the
# userspace pieces (oxctl, XDP objects, selftests), packs an initramfs
# around Debian's own kernel image and boots it under QEMU TCG.
# Sourced by run.sh (tests) and demo.sh.

. "$(dirname "${BASH_SOURCE[0]}")/../deps.sh"

VM_DIR=$TQUIC_REPO/tools/testing/vm
VM_MEM=${VM_MEM:-2048}
VM_SMP=${VM_SMP:-2}
VM_TIMEOUT=${VM_TIMEOUT:-1500}

# Build tquic.ko and oxtunnel.ko for kernel $1 in a private copy of the
# sources (two kernels never share a build tree).  W=1 warnings fail.
vm_build_modules()
{
	local ver=$1 kdir=/usr/src/linux-headers-$1 out log

	out=$TQUIC_CACHE/build/$ver
	log=$out.log
	[ -d "$kdir" ] || tquic_die "no headers for $ver in $kdir"
	mkdir -p "$out"
	# Compare by content and give changed files a fresh mtime (no -t):
	# another clone's older checkout must still trigger a rebuild.
	rsync -rlp --checksum --delete --exclude='*.o' --exclude='*.ko' \
		--exclude='*.mod*' --exclude='.*.cmd' --exclude='*.a' \
		--exclude='modules.order' --exclude='Module.symvers' \
		"$TQUIC_REPO/Kbuild" "$TQUIC_REPO/net" "$TQUIC_REPO/include" \
		"$out/" || tquic_die "rsync to $out failed"
	tquic_log "modules: building for $ver (W=1)"
	if ! make -C "$kdir" M="$out" W=1 -j"$(nproc)" modules \
		>"$log" 2>&1; then
		cat "$log" >&2
		tquic_die "module build for $ver failed"
	fi
	if grep -E 'warning:|error:' "$log" >&2; then
		tquic_die "module build for $ver has warnings (W=1)"
	fi
}

# oxctl, XDP objects, libtquic with its examples, test certificates
# (never in the repo) and selftests, shared by both kernels.
vm_build_userspace()
{
	local out=$TQUIC_CACHE/userspace log=$TQUIC_CACHE/userspace.log
	local ksft

	ksft=$(tquic_linux_source)/tools/testing/selftests
	rm -rf "$out"
	mkdir -p "$out/tests" "$out/bpf" "$out/sbin"
	tquic_log "userspace: oxctl, bpf, libtquic, selftests"
	{
		make -C "$TQUIC_REPO/tools/oxctl" &&
		install -m 755 "$TQUIC_REPO/tools/oxctl/oxctl" "$out/sbin/" &&
		make -C "$TQUIC_REPO/bpf" &&
		make -C "$TQUIC_REPO/bpf" install DESTDIR="$out/root" &&
		make -C "$TQUIC_REPO/tools/lib/tquic" &&
		make -C "$TQUIC_REPO/tools/lib/tquic" install \
			DESTDIR="$out/tquic" PREFIX=/opt/tquic &&
		make -C "$TQUIC_REPO/tools/testing/interop" install \
			DESTDIR="$out/tquic" BINDIR=/opt/tquic/bin &&
		make -C "$TQUIC_REPO/tools/testing/bench/quic" install \
			DESTDIR="$out/tquic" BINDIR=/opt/tquic/bin &&
		"$TQUIC_REPO/tools/lib/tquic/examples/gen-certs.sh" \
			"$out/certs" &&
		make -C "$TQUIC_REPO/tools/testing/selftests" \
			OUTPUT="$out/tests" KSFT_INC="$ksft"
	} >"$log" 2>&1 || { cat "$log" >&2; tquic_die "userspace build failed"; }
	if [ -d "$out/root/opt/tquic/bpf" ]; then
		cp -a "$out/root/opt/tquic/bpf/." "$out/bpf/"
	fi
}

# Copy an executable and the shared libraries it needs into root $1.
vm_copy_bin()
{
	local root=$1 bin=$2 dest=${3:-$2} lib

	mkdir -p "$root$(dirname "$dest")"
	cp -L "$bin" "$root$dest"
	for lib in $(ldd "$bin" 2>/dev/null |
		     grep -oE '/[^ ]+\.so[^ ]*' | sort -u); do
		[ -e "$root$lib" ] && continue
		# Our own libraries are installed where they belong.
		case $lib in "$TQUIC_CACHE"/*) continue ;; esac
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# Resolve module NAME (and its dependencies) in kernel image $2 and copy
# the files into root $1.
vm_copy_module()
{
	local root=$1 img=$2 ver=$3 name=$4 f

	for f in $(modprobe -d "$img" -S "$ver" --show-depends "$name" \
		   2>/dev/null | awk '$1 == "insmod" { print $2 }'); do
		mkdir -p "$root$(dirname "${f#"$img"}")"
		cp "$f" "$root${f#"$img"}"
	done
}

# Pack the initramfs for kernel $1; prints its path.
vm_initramfs()
{
	local ver=$1 img root us=$TQUIC_CACHE/userspace out m b dep
	local moddir

	img=$(tquic_kernel_image "$ver") || exit 1
	root=$TQUIC_CACHE/initramfs/$ver
	out=$TQUIC_CACHE/initramfs/$ver.cpio
	moddir=/lib/modules/$ver
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run}
	mkdir -p "$root"/{root,opt/tquic,var/tmp,lib64} "$root$moddir/extra"
	ln -s ../run "$root/var/run"

	# Shells and tools: bash-static for scripts (busybox's sh would
	# run its own applets instead of the real iproute2), busybox for
	# the rest, then the real tools over the busybox links.
	cp /bin/bash-static "$root/bin/bash"
	ln -s bash "$root/bin/sh"
	cp /bin/busybox "$root/bin/busybox"
	for b in $(/bin/busybox --list); do
		[ -e "$root/bin/$b" ] || ln -s busybox "$root/bin/$b"
	done
	vm_copy_bin "$root" /sbin/ip /sbin/ip
	rm -f "$root/bin/tc"
	vm_copy_bin "$root" /sbin/tc /sbin/tc
	vm_copy_bin "$root" /usr/bin/jq
	# TCP's own view (ss -ti, nstat) for the benches' diagnostics.
	vm_copy_bin "$root" /usr/bin/ss
	vm_copy_bin "$root" /usr/bin/nstat
	vm_copy_bin "$root" /usr/sbin/nft
	vm_copy_bin "$root" /usr/bin/iperf3
	# MPTCP's anchor in the multipath bench: mptcpize preloads its
	# library into iperf3.
	if [ -x /usr/bin/mptcpize ]; then
		vm_copy_bin "$root" /usr/bin/mptcpize
		mkdir -p "$root/usr/lib/x86_64-linux-gnu"
		cp -a /usr/lib/x86_64-linux-gnu/mptcpize \
			"$root/usr/lib/x86_64-linux-gnu/"
	fi
	vm_copy_bin "$root" /usr/bin/wg
	vm_copy_bin "$root" /usr/sbin/ethtool
	for b in unshare setpriv nsenter; do
		rm -f "$root/bin/$b"
		vm_copy_bin "$root" "/usr/bin/$b"
	done
	vm_copy_bin "$root" /bin/kmod
	for b in modprobe insmod rmmod lsmod depmod modinfo; do
		rm -f "$root/bin/$b" "$root/sbin/$b"
		ln -s /bin/kmod "$root/sbin/$b"
	done
	printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
		>"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	echo tquic-vm >"$root/etc/hostname"

	# Kernel modules: ours, their dependencies, and modules.list.
	cp "$TQUIC_CACHE/build/$ver/net/tquic/tquic.ko" \
	   "$TQUIC_CACHE/build/$ver/net/oxtunnel/oxtunnel.ko" \
	   "$root$moddir/extra/"
	for m in $root$moddir/extra/*.ko; do
		for dep in $(modinfo -F depends "$m" | tr ',' ' '); do
			vm_copy_module "$root" "$img" "$ver" "$dep"
		done
	done
	for m in $(grep -v '^#' "$VM_DIR/modules.list"); do
		vm_copy_module "$root" "$img" "$ver" "$m"
	done
	cp "$img$moddir"/modules.{order,builtin,builtin.modinfo} \
		"$root$moddir/" 2>/dev/null
	depmod -b "$root" "$ver" || tquic_die "depmod in initramfs failed"

	# Project pieces.
	vm_copy_bin "$root" "$us/sbin/oxctl" /usr/sbin/oxctl
	cp -a "$us/tests" "$root/opt/tquic/tests"
	cp -a "$us/bpf" "$root/opt/tquic/bpf"
	# libtquic: the examples find it in /opt/tquic/lib (RUNPATH).
	mkdir -p "$root/opt/tquic/lib"
	cp -a "$us/tquic/opt/tquic/lib/libtquic.so.0" "$root/opt/tquic/lib/"
	for b in tquic-client tquic-server h3-client h3-server bench-xfer; do
		vm_copy_bin "$root" "$us/tquic/opt/tquic/bin/$b" \
			"/opt/tquic/bin/$b"
	done
	# The interop peer (ngtcp2's examples) and, if there, tcpdump.
	vm_copy_bin "$root" /usr/bin/gtlsclient
	vm_copy_bin "$root" /usr/sbin/gtlsserver
	[ -x /usr/bin/tcpdump ] && vm_copy_bin "$root" /usr/bin/tcpdump
	# perf, for profiles in the guest (bench -p)
	[ -x /usr/bin/perf ] && vm_copy_bin "$root" /usr/bin/perf
	cp -a "$us/certs" "$root/opt/tquic/certs"
	cp "$VM_DIR/init.sh" "$root/init"
	cp "$VM_DIR/demo-guest.sh" "$root/opt/tquic/demo.sh"
	mkdir -p "$root/opt/tquic/bench"
	for b in "$VM_DIR"/../bench/*/guest.sh; do
		[ -e "$b" ] || continue
		b=${b%/guest.sh}
		install -m 755 "$b/guest.sh" \
			"$root/opt/tquic/bench/${b##*/}.sh"
	done
	chmod 755 "$root/init" "$root/opt/tquic/demo.sh"

	(cd "$root" && find . | cpio -o -H newc --quiet) >"$out" ||
		tquic_die "cpio failed"
	echo "$out"
}

# Boot kernel $1 with initramfs $2 and kernel command line extras $3;
# the serial console goes to stdout.
vm_boot()
{
	local ver=$1 initrd=$2 extra=$3 img

	img=$(tquic_kernel_image "$ver") || exit 1
	timeout --foreground "$VM_TIMEOUT" qemu-system-x86_64 \
		-accel tcg -cpu max -m "$VM_MEM" -smp "$VM_SMP" \
		-kernel "$img/boot/vmlinuz-$ver" -initrd "$initrd" \
		-append "console=ttyS0 loglevel=1 panic=-1 $extra" \
		-nographic -no-reboot -monitor none -nic none </dev/null
}

# Everything needed before booting kernel $1 (full version).
vm_prepare()
{
	local ver=$1

	tquic_lock
	tquic_deps_packages
	tquic_kernel_image "$ver" >/dev/null
	vm_build_modules "$ver"
	[ -x "$TQUIC_CACHE/userspace/sbin/oxctl" ] &&
		[ -n "$VM_USERSPACE_BUILT" ] || vm_build_userspace
	VM_USERSPACE_BUILT=1
}
