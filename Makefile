# SPDX-License-Identifier: GPL-2.0
#
# tquic / oxtunnel / oxctl - top-level build.
#
#   make                 modules (against KDIR), oxctl, XDP objects
#   make KDIR=/usr/src/linux-headers-<ver>   build the modules for other headers
#   make check           the whole test suite (KUnit + VM selftests, both kernels)
#   make demo            boot a VM and show the suite at work
#   make bench           benchmarks (tools/testing/bench), not tests
#   make bench-quic      tquic against TCP+kTLS and ngtcp2 (100 MiB)
#   make bench-multipath tquic over two links against MPTCP
#   make clean

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
W ?= 1

.PHONY: all modules tools oxctl libtquic bpf check demo bench bench-quic \
	bench-multipath kunit clean

all: modules tools bpf

modules:
	@test -n "$(KDIR)" || { echo "no kernel headers: apt-get install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=$(W) modules

tools: oxctl libtquic

oxctl:
	$(MAKE) -C tools/oxctl

libtquic:
	$(MAKE) -C tools/lib/tquic

bpf:
	$(MAKE) -C bpf

check:
	tools/testing/run-checks.sh

kunit:
	tools/testing/kunit/run.sh

demo:
	tools/testing/vm/demo.sh

bench:
	tools/testing/bench/oxtunnel/run

bench-quic:
	tools/testing/bench/quic/run

bench-multipath:
	tools/testing/bench/multipath/run

clean:
	-test -z "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools/oxctl clean
	$(MAKE) -C tools/lib/tquic clean
	$(MAKE) -C tools/testing/bench/quic clean
	$(MAKE) -C bpf clean
