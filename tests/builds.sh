#!/bin/bash
# Build (or take from the cache) every kernel and KVM selftest set that
# make check's rig checks boot, one at a time, before those checks run side
# by side (tests/check.sh): two kernel builds at once each take twice as
# long, and a build beside a rig loads the machine its bounds are
# measured on.  The checks still ask for their kernels themselves: here
# they are found built.
#   tests/builds.sh
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 0 ] || die "usage: $0 (no arguments)"

# Each check's kernels ("debian": Debian 13's own), the trees whose
# KVM selftests tests/kvm-selftests.sh and tests/pmi-in-guest.sh run, and
# the perf tools tests/perf-tests.sh runs (the default tree's full perf is
# tests/build-each-patch.sh's).
kernels=(base upstream full debug base-debug linux-guest debian control-tracepoints
	control-walk-loops control-walk-formats control-walk-switch control-bpf control-overflow control-moved
	control-perf-kvm-stat 7.3-base 7.3-full 7.3-control-perf-tools debian-7.2)
selftests_of=(full base 7.3-full 7.3-base)
perfs_of=(control-perf-kvm-stat 7.3-full 7.3-control-perf-tools)

for v in "${kernels[@]}"; do
	"$TOP/scripts/kernel.sh" "$v" || die "kernel $v did not build"
done
for v in "${selftests_of[@]}"; do
	"$TOP/scripts/tools.sh" "$v" || die "the KVM selftests of $v did not build"
done
for v in "${perfs_of[@]}"; do
	"$TOP/scripts/perf.sh" "$v" || die "the perf tool of $v did not build"
done
echo "builds: ${#kernels[@]} kernels, the KVM selftests of ${#selftests_of[@]} variants and the perf of ${#perfs_of[@]} built or taken from the cache"
