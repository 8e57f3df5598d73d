#!/bin/bash
# Run the series' KVM selftest (guest_profiling_test) on a kernel variant.
#   tests/selftest.sh VARIANT pass|control
# "pass": every case must pass (cycles may skip only where the PMU cannot
# sample, and that skip is reported).  "control": the variant lacks the
# feature, so every case that ran must fail its attribution assertion; the
# script succeeds when it does, and fails if any case passes.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args "$@"
variant=$1 want=$2
run=$OUT/runs/selftest-$variant
"$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/selftest.plan" "$run" 600 || exit 1

out=$run/steps/guest-profiling-test.out
[ -f "$out" ] || die "no selftest output in $run"
sed 's/^/    /' "$out"
rc=$(cat "$run/steps/guest-profiling-test.rc")
passed=$(grep -c '^ok ' "$out" || true)
failed=$(grep -c '^not ok ' "$out" || true)
skipped=$(grep -c '^ok .*# SKIP' "$out" || true)
passed=$((passed - skipped))
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out")
[ -n "$planned" ] || die "the selftest printed no TAP plan"
[ $((passed + failed + skipped)) -eq "$planned" ] ||
	die "the selftest planned $planned cases but reported $((passed + failed + skipped))"
if grep -q '^ok .*cpu-clock.*# SKIP' "$out"; then
	echo "cpu-clock was skipped: a software event must always sample" >&2
	exit 1
fi
echo "selftest on $variant: $passed passed, $failed failed, $skipped skipped (exit $rc)"
if [ "$want" = pass ]; then
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$rc" -eq 0 ]
else
	# The control must fail on attribution, not on something else.
	[ "$passed" -eq 0 ] && [ "$failed" -gt 0 ] &&
		[ "$(grep -c '^not ok .*samples, .* of them in' "$out")" -eq "$failed" ]
fi
