# SPDX-License-Identifier: GPL-2.0
#
# make            module (against KDIR) + lbadm + lbd
# make deps       install the Debian packages for build, tests and demo
# make test       unit tests + VM scenarios on every installed Debian kernel
# make demo       three backends behind a VIP, driven by lbd
# make bench      every benchmark, nflb next to IPVS, iptables and nftables;
#                 writes docs/benchmarks.md and its plots
# make modules-all   nflb.ko for every kernel with headers, in build/kmod/
# make style      clang-format check + checkpatch (CHECKPATCH=path; version
#                 checks are allowed: kernel/compat.h is where they live)
# make check      sparse

NFLB_VERSION := 0.1.0
KVER ?= $(shell uname -r)
KDIR ?= $(or $(wildcard /lib/modules/$(KVER)/build),$(shell ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1))
KVERS := $(notdir $(patsubst %/build,%,$(shell ls -d /lib/modules/*/build 2>/dev/null)))

CC ?= cc
CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -std=gnu11 -Ikernel/uapi -Ilbadm/libnflb -Ilbadm \
	  -DNFLB_VERSION='"$(NFLB_VERSION)"'
NL_CFLAGS = $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS = $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
CONFIG_LIBS = $(shell pkg-config --libs libconfig 2>/dev/null)

LIB_OBJS := lbadm/libnflb/libnflb.o lbadm/libnflb/conns.o \
	    lbadm/libnflb/batch.o lbadm/libnflb/monitor.o
LBADM_OBJS := lbadm/main.o lbadm/parse.o lbadm/list.o lbadm/list_conns.o lbadm/save.o lbadm/json.o lbadm/sched_flags.o \
	lbadm/tunnel.o lbadm/restore.o lbadm/monitor.o
LBD_OBJS := lbd/main.o lbd/config.o lbd/reconcile.o

DEPS := build-essential pkg-config kmod libnl-3-dev libnl-genl-3-dev \
	libmnl-dev libconfig-dev libcmocka-dev linux-headers-amd64 \
	linux-headers-6.12-amd64 linux-image-amd64 linux-image-6.12-amd64 \
	qemu-system-x86 busybox-static cpio xz-utils iproute2 iptables \
	nftables ipvsadm procps bc ethtool

BENCH_DEPS := valgrind gnuplot-nox

.PHONY: all module modules-all tools deps bench-deps test unit vmtest demo \
	bench style check install clean

all: module tools

tools: lbadm/lbadm lbd/lbd

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) NFLB_VERSION=$(NFLB_VERSION) modules

module-debug:
	$(MAKE) -C $(KDIR) M=$(CURDIR) NFLB_VERSION=$(NFLB_VERSION) \
		ccflags-y+=-DDEBUG modules

# One build tree per kernel, so that both can be tested from one checkout.
modules-all:
	@set -e; for k in $(KVERS); do \
		d=$(CURDIR)/build/kmod/$$k; mkdir -p $$d/kernel/uapi; \
		cp -a Kbuild $$d/; \
		cp -a kernel/*.c kernel/*.h $$d/kernel/; \
		cp -a kernel/uapi/*.h $$d/kernel/uapi/; \
		$(MAKE) -s -C /lib/modules/$$k/build M=$$d \
			NFLB_VERSION=$(NFLB_VERSION) modules; \
	done

%.o: %.c
	$(CC) $(CFLAGS) $(NL_CFLAGS) -c -o $@ $<

lbadm/libnflb/libnflb.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

lbadm/lbadm: $(LBADM_OBJS) lbadm/libnflb/libnflb.a
	$(CC) $(CFLAGS) -o $@ $^ $(NL_LIBS)

lbd/lbd: $(LBD_OBJS) lbadm/libnflb/libnflb.a
	$(CC) $(CFLAGS) -o $@ $^ $(NL_LIBS) $(CONFIG_LIBS)

$(LIB_OBJS) $(LBADM_OBJS) $(LBD_OBJS): kernel/uapi/nflb.h \
	lbadm/libnflb/libnflb.h lbadm/cmd.h lbadm/list.h lbadm/sched_flags.h \
	lbadm/tunnel.h lbadm/restore.h lbadm/libnflb/internal.h $(wildcard lbd/*.h)

bench-deps: DEPS += $(BENCH_DEPS)
bench-deps: deps

deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		missing=$$(for p in $(DEPS); do \
			dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
				grep -q '^install ok installed' || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "deps: installing $$missing"; \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends $$missing >/dev/null; \
		fi; \
	else \
		echo "deps: not root (or no apt-get): assuming packages are installed"; \
	fi

unit:
	$(MAKE) -C tests/unit run

# The scenarios only (no unit tests), on every installed kernel.
vmtest: all modules-all
	NFLB_SKIP_UNIT=1 tests/run.sh

test: deps
	$(MAKE) all modules-all
	tests/run.sh

demo: deps
	$(MAKE) all modules-all
	tests/vm/demo.sh

bench: bench-deps
	$(MAKE) all modules-all
	tests/bench/run.sh

CHECKPATCH ?= $(firstword $(wildcard $(KDIR)/scripts/checkpatch.pl) $(shell command -v checkpatch.pl 2>/dev/null))
C_SOURCES = kernel/*.c kernel/*.h kernel/uapi/*.h lbadm/*.c lbadm/*.h \
	lbadm/libnflb/*.c lbadm/libnflb/*.h lbd/*.c lbd/*.h tests/unit/*.c \
	tests/tools/*.c tests/tools/*.h tests/bench/*.c

style:
	clang-format --dry-run --Werror $(C_SOURCES)
	@if [ -n "$(CHECKPATCH)" ]; then \
		$(CHECKPATCH) --no-tree --terse -q \
			--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES \
			--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
			-f kernel/*.c kernel/*.h kernel/uapi/*.h; \
	else \
		echo "style: checkpatch.pl not found (set CHECKPATCH=...)"; \
	fi

check:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 NFLB_VERSION=$(NFLB_VERSION) modules

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(KVER) || true
	install -D -m 0755 lbadm/lbadm $(DESTDIR)/usr/sbin/lbadm
	install -D -m 0755 lbd/lbd $(DESTDIR)/usr/sbin/lbd
	install -D -m 0644 lbadm/lbadm.8 $(DESTDIR)/usr/share/man/man8/lbadm.8
	install -D -m 0644 conf/lbd.conf $(DESTDIR)/etc/nflb/lbd.conf.example
	install -D -m 0644 conf/lbd.service $(DESTDIR)/lib/systemd/system/lbd.service
	install -D -m 0644 conf/nflb-modules.conf $(DESTDIR)/etc/modules-load.d/nflb.conf

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean || true
	rm -rf build lbadm/lbadm lbd/lbd lbadm/*.o lbd/*.o lbadm/libnflb/*.o \
		lbadm/libnflb/*.a
	$(MAKE) -C tests/unit clean
