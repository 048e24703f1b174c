#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: build everything, boot Debian's 6.1 kernel (or -k VER) in
# QEMU and run demo-guest.sh there.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kernel=6.1
[ "$1" = -k ] && kernel=$2
tquic_deps_packages
ver=$(tquic_kernel_resolve "$kernel") || exit 1
vm_prepare "$ver"
initrd=$(vm_initramfs "$ver") || exit 1
tquic_log "demo: booting $ver"
vm_boot "$ver" "$initrd" "tquicvm.mode=demo" | tr -d '\r' |
	sed -n '/^=== tquic demo/,/^=== demo done/p'
