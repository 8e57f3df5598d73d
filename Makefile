# rv-kvm-perf: host vs guest profiling for RISC-V KVM on Linux 6.12.
# `make demo` and `make check` are the entry points; see README.md.

SHELL := /bin/bash
.SECONDEXPANSION:
CROSS := riscv64-linux-gnu-
RV_CC := $(CROSS)gcc
HOST_CC ?= gcc
VARIANT ?= full

USER_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -static
GUEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-static -mcmodel=medany -fno-pic -T guest/guest.ld \
	-Wl,--no-warn-rwx-segments -Wl,--build-id=none
HOST_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Werror

REPORT_SRCS := report/profile.c report/dump.c report/kvm_stat.c report/callchain.c report/error.c
REPORT_HDRS := report/profile.h report/dump.h report/kvm_stat.h report/callchain.h report/error.h
PAYLOADS := spin_vs spin_vu sbi_loop mmio_loop mixed chain_vs
VMM_SRCS := vmm/main.c vmm/vm.c vmm/guest_image.c vmm/linux_boot.c vmm/guest_dt.c vmm/fdt.c \
	vmm/chain_sampler.c vmm/guest_walk.c common/number.c

.PHONY: all deps kernel kernels user guest host tools debian unit demo check check-stress check-fresh \
	check-mutations \
	bench bench-debug bench-spread clean

all: kernels user guest host tools debian

deps:
	@scripts/deps.sh

kernel: deps
	@scripts/kernel.sh $(VARIANT)

kernels: deps
	@for v in base upstream full debug; do scripts/kernel.sh $$v || exit; done

STRESS_PROGS := kvm-reload kvm-init-failure vm-churn qemu-kill
STRESS_LIB := stress/sampler.c stress/util.c stress/options.c stress/module.c stress/child.c \
	stress/kmsg.c stress/kvm_round.c common/number.c
STRESS_HDRS := stress/sampler.h stress/stress.h common/number.h

user: out/user/init out/user/vmm out/user/vmm.syms $(STRESS_PROGS:%=out/user/%)

# The VMM's symbols at their file offsets: host-guest-report names its
# samples with them where perf gives an address (a perf without libelf
# does; Debian's names them itself).
out/user/vmm.syms: out/user/vmm scripts/file-offset-syms.sh
	scripts/file-offset-syms.sh $< $@

out/user/%: stress/$$(subst -,_,%).c $(STRESS_LIB) $(STRESS_HDRS) | deps
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -o $@ $< $(STRESS_LIB)

out/user/init: rig/init.c rig/plan.c rig/plan.h | deps
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -o $@ rig/init.c rig/plan.c

out/user/vmm: $(VMM_SRCS) vmm/vm.h vmm/guest_image.h vmm/linux_boot.h vmm/guest_dt.h \
		vmm/fdt.h vmm/chain_sampler.h vmm/guest_walk.h common/number.h guest/vmm_device.h | deps
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -pthread -o $@ $(VMM_SRCS)

guest: $(PAYLOADS:%=out/guest/%.elf) $(PAYLOADS:%=out/guest/%.kallsyms) \
	out/linux-workload/initrd.cpio out/linux-workload/init.syms

# The Linux guest's initramfs: the workload as /init.
out/linux-workload/init: guest/linux/workload.c | deps
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -o $@ $<

# Its symbols name the guest user samples (the only process is /init).
out/linux-workload/init.syms: out/linux-workload/init
	$(CROSS)nm -n $< | awk 'NF == 3' >$@

out/linux-workload/initrd.cpio: out/linux-workload/init
	cd $(@D) && echo init | cpio -o -H newc --owner=0:0 --quiet >initrd.cpio

out/guest/%.elf: guest/%.c guest/start.S guest/payload.h guest/vmm_device.h guest/guest.ld | deps
	@mkdir -p $(@D)
	$(RV_CC) $(GUEST_CFLAGS) -o $@ guest/start.S $<

# A guest call chain known in advance: frame records in every function.
out/guest/chain_vs.elf: GUEST_CFLAGS += -fno-omit-frame-pointer

# perf reads guest symbols from a file in /proc/kallsyms format.
out/guest/%.kallsyms: out/guest/%.elf
	$(CROSS)nm -n $< | awk 'NF == 3' >$@

# The KVM selftest; the series' perf built against Debian 13's libraries
# (scripts/perf.sh); its flame graph script and page (scripts/flamegraph.sh).
tools: deps
	@scripts/tools.sh
	@scripts/perf.sh
	@scripts/flamegraph.sh

# Debian 13 riscv64's perf, QEMU and kernel (scripts/debian.sh).
debian: deps
	@scripts/debian.sh

host: out/host/host-guest-report out/host/plan-check

# The rig's plan parser, run on the host before a boot (scripts/rig.sh).
out/host/plan-check: rig/plan_check.c rig/plan.c rig/plan.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ rig/plan_check.c rig/plan.c

out/host/test_dump: tests/unit/test_dump.c tests/unit/check.h $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/unit/test_dump.c $(REPORT_SRCS)

out/host/test_kvm_stat: tests/unit/test_kvm_stat.c tests/unit/check.h $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/unit/test_kvm_stat.c $(REPORT_SRCS)

out/host/test_callchain: tests/unit/test_callchain.c tests/unit/check.h $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/unit/test_callchain.c $(REPORT_SRCS)

out/host/test_plan: tests/unit/test_plan.c tests/unit/check.h rig/plan.c rig/plan.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/unit/test_plan.c rig/plan.c

out/host/host-guest-report: report/main.c $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ report/main.c $(REPORT_SRCS)

out/host/test_profile: tests/unit/test_profile.c tests/unit/check.h $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/unit/test_profile.c $(REPORT_SRCS) -lm

out/host/test_guest_walk: tests/unit/test_guest_walk.c tests/unit/check.h vmm/guest_walk.c vmm/guest_walk.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/unit/test_guest_walk.c vmm/guest_walk.c

out/host/test_fdt: tests/unit/test_fdt.c tests/unit/check.h vmm/fdt.c vmm/fdt.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/unit/test_fdt.c vmm/fdt.c

UNIT_TESTS := out/host/test_profile out/host/test_dump out/host/test_kvm_stat out/host/test_fdt \
	out/host/test_plan out/host/test_callchain out/host/test_guest_walk

unit: $(UNIT_TESTS)
	out/host/test_profile
	out/host/test_dump
	out/host/test_kvm_stat
	out/host/test_plan
	out/host/test_callchain
	out/host/test_guest_walk
	tests/unit/fdt.sh

# A Debian 13 guest under Debian's QEMU by default, then the same guest's
# call graphs and flame graph (DEMO=callchain); DEMO=vmm boots our
# linux-guest kernel under our VMM, DEMO=bare the bare-metal payload.
# TREE=7.3 runs both on the 7.3 series' host (7.3-full, with 7.3's perf
# reporting the exits and recording the call graphs: its guest-callchain
# RFC).
DEFAULT_TREE := $(shell sed -n "s/^DEFAULT_TREE=//p" scripts/lib.sh)
TREE ?= $(DEFAULT_TREE)
demo: deps user guest host tools debian
	@[ -f kernel/$(TREE)/source ] || { echo "make demo: no kernel tree '$(TREE)' (want one of: $$(ls kernel/*/source | cut -d/ -f2 | xargs))" >&2; exit 2; }
	@if [ "$(TREE)" = "$(DEFAULT_TREE)" ]; then \
		scripts/kernel.sh full && \
		{ [ "$${DEMO:-debian}" != vmm ] || scripts/kernel.sh linux-guest; } && \
		scripts/demo.sh && \
		{ [ "$${DEMO:-debian}" != debian ] || { echo; DEMO=callchain scripts/demo.sh; }; }; \
	else \
		[ "$${DEMO:-debian}" = debian ] || { echo "make demo: DEMO=$$DEMO is for TREE=$(DEFAULT_TREE); TREE=$(TREE) runs DEMO=debian" >&2; exit 2; }; \
		scripts/kernel.sh $(TREE)-full && scripts/perf.sh $(TREE)-full >/dev/null && \
		VARIANT=$(TREE)-full scripts/demo.sh && \
		{ echo; VARIANT=$(TREE)-full DEMO=callchain scripts/demo.sh; }; \
	fi

check: all $(UNIT_TESTS)
	@tests/check.sh

# The long stress scenarios on the debug kernel, left out of make check
# for its time budget: STRESS_SIZE=ci (6 min) or full (the default).
STRESS_SIZE ?= full
check-stress: all $(UNIT_TESTS)
	@STRESS_SIZE=$(STRESS_SIZE) tests/check.sh stress

# A test of the tests: mutations each check of make check must catch.
check-mutations: all $(UNIT_TESTS)
	@tests/mutations.sh

# A fresh Debian 12 system (mmdebstrap) runs `make demo` from a clone of
# HEAD with an empty cache; FRESH_TARGETS="demo check" times make check too.
check-fresh:
	@scripts/check-fresh.sh

bench: deps user guest host tools debian
	@bench/guest-share.sh
	@bench/chain-walks.sh

# How perf's guest share strays from guest time accounting, round after round.
bench-spread: deps user guest host tools debian
	@bench/accounting-spread.sh

bench-debug: deps user guest tools debian
	@bench/debug-cost.sh

clean:
	rm -rf out
