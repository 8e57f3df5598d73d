#!/bin/bash
# bench/debug-cost.sh (`make bench-debug`): what each debug option set of
# kernel/configs/debug-*.config costs, against `full` without any.  Builds
# (or takes from the cache) full, debug-lockdep, debug-kasan, debug-kfence,
# debug-misc and debug (all of them), boots each with
# rig/plans/bench-debug-cost.plan and prints: boot time (kernel start to
# the first step), the time of 20 kvm.ko load/run/unload rounds, of the
# selftest's attribution cases, and how many VMs vm-churn created in 20 s.
# A failed run fails the benchmark.
. "$(dirname "$0")/../scripts/lib.sh"

variants=(full debug-lockdep debug-kasan debug-kfence debug-misc debug)
for v in "${variants[@]}"; do
	"$TOP/scripts/kernel.sh" "$v"
done
for v in "${variants[@]}"; do
	"$TOP/scripts/rig.sh" "$v" "$TOP/rig/plans/bench-debug-cost.plan" \
		"$RUNS/bench-debug-$v" 2400
done

# step_seconds RUN STEP: the step's time, from init's "@@@ end" line.  The
# selftest may fail a case (a debug kernel's slower exits can put a spinning
# guest under its 99% bound): its time still counts, and the table says.
step_seconds() {
	local rc
	rc=$(cat "$RUNS/$1/steps/$2.rc")
	[ "$rc" = 0 ] || [ "$2" = selftest ] || die "step $2 failed (exit $rc) in $RUNS/$1"
	sed -n "s/^@@@ end $2 rc=[0-9]* seconds=\([0-9.]*\)$/\1/p" "$RUNS/$1/results.txt"
}

echo
echo "Debug options: cost against full (no debug options), same work on each kernel"
printf '%-14s %7s %13s %14s %12s  %s\n' variant "boot s" "20 reloads s" "attribution s" \
	"VMs in 20 s" "attribution cases failed"
for v in "${variants[@]}"; do
	run=bench-debug-$v
	boot=$(awk '/^uptime/ { print $2 }' "$RUNS/$run/steps/boot.out")
	vms=$(sed -n 's/.* and \([0-9]*\) VMs of .*/\1/p' "$RUNS/$run/steps/vm-churn.out")
	step_seconds "$run" vm-churn >/dev/null
	cases=$({ grep '^not ok' "$RUNS/$run/steps/selftest.out" || true; } | sed 's/^not ok [0-9]* //; s/:.*//' |
		paste -sd, -)
	printf '%-14s %7.1f %13.1f %14.1f %12s  %s\n' "$v" "$boot" "$(step_seconds "$run" kvm-reload)" \
		"$(step_seconds "$run" selftest)" "$vms" "${cases:-none}"
done
