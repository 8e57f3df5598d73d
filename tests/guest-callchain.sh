#!/bin/bash
# The guest callchains perf records from the host, by the 7.3 series'
# selftest (kernel/7.3/patches/guest-callchain/0004-*:
# guest_callchain_test):
#   tests/guest-callchain.sh VARIANT pass
#       every case passes: with kvm.perf_guest_callchain on, a spinning
#       guest's samples carry its frames in order; with it off, the PC
#       alone; a second vCPU rewriting the first's page table and stack
#       leaves every chain right, cut or stale exactly where it was
#       rewritten, and the sampled guest unchanged.
#   tests/guest-callchain.sh VARIANT control
#       VARIANT has no guest callchains: 7.3-base, Debian's 7.3 source
#       unpatched, or debian-7.2, Debian's own 7.2.13 kernel package with
#       its kvm.ko.  The chain case must fail having taken the samples it
#       needs, with not one whole chain among them, and so must the race
#       case; the switch-off case is reported.
# The selftest is built from the 7.3 series' tree (7.3-full) whatever the
# kernel under test.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args "$@"
variant=$1 want=$2
TESTS_OF=7.3-full
CASE_CHAIN='chain VS'
CASE_OFF='chain VS switch off'
CASE_RACE='race stack and page table rewritten'
MIN_SAMPLES=200
run=$RUNS/guest-callchain-$variant
run_tree_selftest "$variant" "$TESTS_OF" guest_callchain_test guest-callchain.plan "$run" || exit 1

out=$run/steps/guest-callchain-test.out
[ -f "$out" ] || die "no guest_callchain_test output in $run"
sed 's/^/    /' "$out"
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out")
[ "$planned" = 3 ] || die "guest_callchain_test planned '${planned:-nothing}', want 3 cases"
# figure CASE WHAT: the count the test printed as "# CASE: N WHAT".
figure() {
	sed -n "s|^# $1: \([0-9]*\) $2.*|\1|p" "$out" | head -n 1
}
chain=$(tap_result "$out" "$CASE_CHAIN") off=$(tap_result "$out" "$CASE_OFF") race=$(tap_result "$out" "$CASE_RACE")
chain_total=$(figure "$CASE_CHAIN" 'guest kernel samples') chain_whole=$(figure "$CASE_CHAIN" 'whole')
race_total=$(figure "$CASE_RACE" 'guest kernel samples') race_whole=$(figure "$CASE_RACE" 'whole')
[ -n "$chain_whole" ] && [ -n "$race_whole" ] ||
	die "guest_callchain_test printed no figures for $CASE_CHAIN or $CASE_RACE"
echo "guest callchains on $variant: $CASE_CHAIN: $chain_whole of $chain_total whole ($chain); $CASE_OFF: $off; $CASE_RACE: $race_whole of $race_total whole ($race)"
if [ "$want" = pass ]; then
	for c in "$CASE_CHAIN=$chain" "$CASE_OFF=$off" "$CASE_RACE=$race"; do
		[ "${c#*=}" = pass ] || { echo "${c%=*}: ${c#*=}, want pass"; exit 1; }
	done
else
	[ "$chain_total" -ge "$MIN_SAMPLES" ] && [ "$race_total" -ge "$MIN_SAMPLES" ] ||
		{ echo "control invalid: $chain_total and $race_total guest kernel samples, the cases need $MIN_SAMPLES each"; exit 1; }
	[ "$chain" = fail ] && [ "$chain_whole" -eq 0 ] ||
		{ echo "control: $CASE_CHAIN: $chain with $chain_whole whole chains, want a failure with none"; exit 1; }
	[ "$race" = fail ] ||
		{ echo "control: $CASE_RACE: $race, want a failure"; exit 1; }
fi
