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

# Each check's kernels ("debian": Debian 13's own), and the trees whose
# KVM selftests tests/kvm-selftests.sh runs.
kernels=(base upstream full debug base-debug linux-guest debian control-tracepoints
	control-walk-loops control-walk-formats control-bpf control-overflow control-moved)
selftests_of=(full base)

for v in "${kernels[@]}"; do
	"$TOP/scripts/kernel.sh" "$v" || die "kernel $v did not build"
done
for v in "${selftests_of[@]}"; do
	"$TOP/scripts/tools.sh" "$v" || die "the KVM selftests of $v did not build"
done
echo "builds: ${#kernels[@]} kernels and the KVM selftests of ${#selftests_of[@]} variants built or taken from the cache"
