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
		"$OUT/runs/bench-debug-$v" 2400
done

# step_seconds RUN STEP: the step's time, from init's "@@@ end" line.
step_seconds() {
	local rc
	rc=$(cat "$OUT/runs/$1/steps/$2.rc")
	[ "$rc" = 0 ] || die "step $2 failed (exit $rc) in $OUT/runs/$1"
	sed -n "s/^@@@ end $2 rc=0 seconds=\([0-9.]*\)$/\1/p" "$OUT/runs/$1/results.txt"
}

echo
echo "Debug options: cost against full (no debug options), same work on each kernel"
printf '%-14s %8s %16s %16s %14s\n' variant "boot s" "20 reloads s" "attribution s" "VMs in 20 s"
for v in "${variants[@]}"; do
	run=bench-debug-$v
	boot=$(awk '/^uptime/ { print $2 }' "$OUT/runs/$run/steps/boot.out")
	vms=$(sed -n 's/.* and \([0-9]*\) VMs of .*/\1/p' "$OUT/runs/$run/steps/vm-churn.out")
	step_seconds "$run" vm-churn >/dev/null
	printf '%-14s %8.1f %16.1f %16.1f %14s\n' "$v" "$boot" "$(step_seconds "$run" kvm-reload)" \
		"$(step_seconds "$run" selftest)" "$vms"
done
