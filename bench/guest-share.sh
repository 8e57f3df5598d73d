#!/bin/bash
# `make bench`: boots `upstream` and `full` and prints
#  - for each exit-heavy workload and sampling event, perf's guest share of
#    the vCPU thread's samples next to the kernel's guest time accounting
#    for the same thread (the selftest's "accounting" cases, 30 s each);
#  - the instructions retired per VM exit of a guest's SBI call handled in
#    KVM, counted exactly under QEMU's -icount on one hart, and what the
#    series adds per exit.
# Prints figures and whether the issue's targets are met; fails only if a
# run fails.
. "$(dirname "$0")/../scripts/lib.sh"

variants=(upstream full)
MAX_FULL_DIFF=1.0	# points of percent, on every workload
MAX_EXTRA_INSNS=10	# per VM exit

for v in "${variants[@]}"; do
	"$TOP/scripts/kernel.sh" "$v"
done
for v in "${variants[@]}"; do
	"$TOP/scripts/rig.sh" "$v" "$TOP/rig/plans/bench-accounting.plan" \
		"$RUNS/bench-accounting-$v" 900
	RIG_QEMU_OPTS="-icount shift=0 -smp 1" "$TOP/scripts/rig.sh" "$v" \
		"$TOP/rig/plans/bench-exit-cost.plan" "$RUNS/bench-exit-cost-$v" 900
done

# step_output RUN STEP: a step's output.  The accounting step fails where
# a case misses the selftest's bound, which is a figure here, not an error.
step_output() {
	local dir=$RUNS/$1/steps
	[ -f "$dir/$2.out" ] || die "no output of step $2 in $RUNS/$1"
	[ "$2" = accounting ] || [ "$(cat "$dir/$2.rc")" = 0 ] ||
		die "step $2 failed in $RUNS/$1: $(tail -n 3 "$dir/$2.out")"
	cat "$dir/$2.out"
}

echo
echo "perf guest share vs accounted guest time of the vCPU thread (30 s per row)"
printf '%-8s %-10s %-9s %11s %10s %11s  %s\n' workload event variant \
	"perf guest" accounted difference "target (full: within $MAX_FULL_DIFF)"
for v in "${variants[@]}"; do
	step_output "bench-accounting-$v" accounting |
		sed -n 's/^# accounting \([^ ]*\) \([^:]*\): perf guest \([0-9.]*\)%, accounted \([0-9.]*\)%, diff \([-+0-9.]*\)$/\1 \2 \3 \4 \5/p' |
		while read -r workload event perf accounted diff; do
			verdict=-
			# What the rig's QEMU cannot judge (scripts/lib.sh) is a figure only.
			if grep -qE "^($RIG_UNJUDGED_CASES)" <<<"accounting $workload $event"; then
				[ "$v" != full ] || verdict="not judged (QEMU $RIG_QEMU_MAJOR's $event)"
			elif [ "$v" = full ]; then
				verdict=$(awk -v d="$diff" -v m="$MAX_FULL_DIFF" \
					'BEGIN { print (d <= m && -d <= m) ? "met" : "MISSED" }')
			fi
			printf '%-8s %-10s %-9s %10s%% %9s%% %11s  %s\n' "$workload" \
				"$event" "$v" "$perf" "$accounted" "$diff" "$verdict"
		done
done | sort -s -k1,1 -k2,2

echo
echo "VM exit cost: instructions retired per SBI call handled in KVM (QEMU -icount, 1 hart)"
declare -A cost
for v in "${variants[@]}"; do
	# The selftest's line: "N instructions per exit (fewest of R rounds of E)".
	line=$(step_output "bench-exit-cost-$v" exit-cost |
		sed -n 's/^# exit-cost: \([0-9.]*\) instructions per exit \((.*)\)$/\1 \2/p')
	[ -n "$line" ] || die "no exit cost in $RUNS/bench-exit-cost-$v"
	cost[$v]=${line%% *}
	printf '%-9s %10s per exit %s\n' "$v" "${cost[$v]}" "${line#* }"
done
awk -v u="${cost[upstream]}" -v f="${cost[full]}" -v m="$MAX_EXTRA_INSNS" 'BEGIN {
	d = f - u
	printf "full - upstream: %+.1f instructions per exit (target <= %d: %s)\n",
		d, m, d <= m ? "met" : "MISSED"
}'
