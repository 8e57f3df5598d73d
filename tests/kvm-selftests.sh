#!/bin/bash
# Upstream's riscv KVM selftests (rig/plans/kvm-selftests.plan), each
# kernel running the selftests of its own tree (scripts/tools.sh VARIANT):
#   tests/kvm-selftests.sh pass VARIANT TESTS_OF REF_VARIANT REF_TESTS_OF
#       every program gives on VARIANT the result it gives on REF_VARIANT
#       (its exit status and each of its TAP and PASS/FAIL/skip lines), and
#       passes there; a skip only where both skip, for the same reason, and
#       the reason is one KNOWN_SKIPS below states.  No kernel report in
#       either boot's log (scripts/rig.sh).
#   tests/kvm-selftests.sh control oob-read VARIANT TESTS_OF
#       the variant lacks the fix for the out-of-bounds firmware counter
#       read (0015), and TESTS_OF's sbi_pmu_test has 0016's assertion:
#       only sbi_pmu_test runs, and its basic test must fail that
#       assertion, the read of a counter with no event having succeeded.
#       Whether KASAN also saw the read is reported, not judged: the read
#       lands about 1 MiB past fw_event[], where KASAN reports only if that
#       memory is poisoned, which depends on what the host has there.
#   tests/kvm-selftests.sh control overflow VARIANT TESTS_OF
#       the variant drops the overflows of KVM's counters for its virtual
#       PMU: only sbi_pmu_test runs, its basic and event tests must pass
#       and its overflow test (which needs Sscofpmf, so AIA) must run and
#       fail, the guest having had no counter overflow interrupt.
# A run is booted once per kernel build and selftest build: a second check
# asking for the same pair reuses the first's run.  With RIG_REPLAY (make
# check-mutations), the runs are judged from recorded ones instead: the
# variant's from RIG_REPLAY, pass mode's reference from REF_REPLAY.
. "$(dirname "$0")/../scripts/lib.sh"

usage="usage: $0 pass VARIANT TESTS_OF REF_VARIANT REF_TESTS_OF | control oob-read|overflow VARIANT TESTS_OF"
plan=$TOP/rig/plans/kvm-selftests.plan
# Skips that have a stated reason: "PROGRAM<TAB>what its output says<TAB>why".
KNOWN_SKIPS=()
# The out-of-bounds read of a firmware counter with no event (kernel/6.12/patches/0015):
# 0016's assertion failing in sbi_pmu_test, and KASAN's report where it sees it.
OOB_ASSERTION='SBI_ERR_INVALID_PARAM'
OOB_REPORT='BUG: KASAN: [a-z-]+ in kvm_riscv_vcpu_pmu_fw_ctr_read'
# sbi_pmu_test's lines for its tests, and its skip of the overflow test.
PMU_PASS='SBI PMU %s test : PASS'
PMU_OVERFLOW_SKIP='Sscofpmf is not available'

# run VARIANT TESTS_OF: boot VARIANT with TESTS_OF's selftests in /extra,
# unless this kernel and these selftests ran already; prints the run's
# directory.  Fails only if the run could not be made at all: the rig's
# verdict is in DIR/rig.rc, its messages in DIR/rig.log.
run() {
	local variant=$1 tests_of=$2 replay=${3:-} dir stamp
	dir=$RUNS/kvm-selftests-$variant-$tests_of${plan_suffix:-}
	# Two checks side by side may want the same run: the second waits for
	# the first's and takes it by its stamp.
	exec 9>"$dir.lock"
	flock 9
	if [ -n "$replay" ]; then
		stamp=replayed
	else
		"$TOP/scripts/kernel.sh" "$variant" >&2
		"$TOP/scripts/tools.sh" "$tests_of" >&2
		stamp=$(cat "$OUT/$variant/Image" "$OUT/kvm-selftests/$tests_of"/* "$plan" | hash_of)
	fi
	if [ -n "$replay" ] || [ "$(cat "$dir/stamp" 2>/dev/null)" != "$stamp" ]; then
		set +e
		RIG_REPLAY=$replay RIG_EXTRA=$OUT/kvm-selftests/$tests_of \
			"$TOP/scripts/rig.sh" "$variant" "$plan" "$dir" 3600 \
			>"$RUNS/kvm-selftests-$variant-$tests_of.rig.log" 2>&1
		echo $? >"$RUNS/kvm-selftests-$variant-$tests_of.rig.rc"
		set -e
		mv "$RUNS/kvm-selftests-$variant-$tests_of.rig.log" "$dir/rig.log"
		mv "$RUNS/kvm-selftests-$variant-$tests_of.rig.rc" "$dir/rig.rc"
		echo "$stamp" >"$dir/stamp"
	fi
	exec 9>&-
	echo "$dir"
}

# results DIR: per program of the plan, "NAME: pass|fail|skip (exit N)"
# and then its result lines, as they are compared.
results() {
	local name rc
	while read -r name _; do
		case $name in "" | "#"* | insmod-kvm) continue ;; esac
		[ -f "$1/steps/$name.rc" ] || { echo "$name: did not run"; continue; }
		rc=$(cat "$1/steps/$name.rc")
		case $rc in 0) echo "$name: pass (exit 0)" ;; 4) echo "$name: skip (exit 4)" ;;
		*) echo "$name: fail (exit $rc)" ;; esac
		# TAP results, the tests' own PASS/FAIL lines and skip messages;
		# timings and random seeds vary from run to run and are left out.
		grep -aE '^(not )?ok [0-9]+|: (PASS|FAIL)|[Ss]kip' "$1/steps/$name.out" |
			sed -E 's/ in [0-9.]+ ?m?s$//' | sed "s/^/    $name: /" || true
	done <"$plan"
}

show_rig() {
	echo "rig on $2 (exit $(cat "$1/rig.rc")), ${1#"$TOP"/}:"
	sed 's/^/    /' "$1/rig.log"
}

[ $# -ge 1 ] || die "$usage"
mode=$1
case $mode in
pass)
	[ $# -eq 5 ] || die "$usage"
	variant=$2 tests_of=$3 ref=$4 ref_tests_of=$5
	[ -z "${RIG_REPLAY:-}" ] || [ -n "${REF_REPLAY:-}" ] || die "RIG_REPLAY needs REF_REPLAY, the reference's recorded run"
	# The variant's run first: make check runs the other check that needs
	# the same reference beside this one, and this one then finds it made.
	dir=$(run "$variant" "$tests_of" "${RIG_REPLAY:-}")
	ref_dir=$(run "$ref" "$ref_tests_of" "${REF_REPLAY:-}")
	fail=0
	for d in "$ref_dir" "$dir"; do
		show_rig "$d" "${d##*/kvm-selftests-}"
		[ "$(cat "$d/rig.rc")" -eq 0 ] || { echo "FAIL: the rig run on ${d##*/kvm-selftests-} failed (above)"; fail=1; }
	done
	# Not results.txt: that is the rig's record of the run, which make
	# check-mutations replays.
	results "$ref_dir" >"$dir/ref-summary.txt"
	results "$dir" >"$dir/summary.txt"
	echo "results on $variant (selftests of $tests_of):"
	sed 's/^/  /' "$dir/summary.txt"
	if ! diff -u "$dir/ref-summary.txt" "$dir/summary.txt" >"$dir/summary.diff"; then
		echo "FAIL: results differ from those on $ref (selftests of $ref_tests_of):"
		sed 's/^/    /' "$dir/summary.diff"
		fail=1
	fi
	ran=$(grep -c '^[^ ].*: \(pass\|skip\|fail\)' "$dir/summary.txt" || true)
	planned=$(grep -cvE '^(#|$|insmod-kvm )' "$plan")
	[ "$ran" -eq "$planned" ] || { echo "FAIL: $ran of the plan's $planned programs ran"; fail=1; }
	while read -r line; do
		name=${line%%:*}
		case $line in
		*": pass (exit 0)") ;;
		*": skip (exit 4)")
			known=0
			for k in "${KNOWN_SKIPS[@]}"; do
				IFS=$'\t' read -r kname kmsg kwhy <<<"$k"
				if [ "$kname" = "$name" ] && grep -qaF "$kmsg" "$dir/steps/$name.out" &&
					grep -qaF "$kmsg" "$ref_dir/steps/$name.out"; then
					known=1
					echo "$name skips on both, a stated reason: $kmsg ($kwhy)"
				fi
			done
			[ $known = 1 ] || { echo "FAIL: $name skipped with no stated reason:"; grep -ai skip "$dir/steps/$name.out" | sed 's/^/    /'; fail=1; }
			;;
		*) echo "FAIL: $line"; sed 's/^/    /' "$dir/steps/$name.out" | tail -n 15; fail=1 ;;
		esac
	done < <(grep '^[^ ]' "$dir/summary.txt")
	passed=$(grep -c ': pass (exit 0)$' "$dir/summary.txt" || true)
	[ $fail = 0 ] || exit 1
	echo "kvm selftests on $variant as on $ref: $passed of $planned pass, the rest skip for a stated reason, no kernel report"
	;;
control)
	[ $# -eq 4 ] || die "$usage"
	kind=$2 variant=$3 tests_of=$4
	case $kind in oob-read | overflow) ;; *) die "$usage" ;; esac
	plan_suffix=-sbi-pmu
	mkdir -p "$RUNS"
	plan=$RUNS/kvm-selftests-sbi-pmu.plan
	# By a rename: the other control may be booting with it.
	grep -E '^(insmod-kvm|sbi_pmu_test) ' "$TOP/rig/plans/kvm-selftests.plan" >"$plan.tmp.$$"
	mv -f "$plan.tmp.$$" "$plan"
	dir=$(run "$variant" "$tests_of" "${RIG_REPLAY:-}")
	show_rig "$dir" "$variant"
	out=$dir/steps/sbi_pmu_test.out
	[ -f "$out" ] || die "sbi_pmu_test did not run on $variant: the control is not valid"
	grep -aq 'Random seed' "$out" || die "sbi_pmu_test printed nothing of its own on $variant: the control is not valid"
	sed 's/^/    /' "$out"
	# pmu_line TEST: whether sbi_pmu_test says TEST passed.
	pmu_line() {
		# shellcheck disable=SC2059  # the format is ours
		grep -aqF "$(printf "$PMU_PASS" "$1")" "$out"
	}
	if [ "$kind" = oob-read ]; then
		if report=$(grep -aE -m 1 "$OOB_REPORT" "$dir"/console*.log); then
			echo "KASAN saw the out-of-bounds read: $report"
		else
			echo "KASAN did not see the out-of-bounds read in this boot (the memory 1 MiB past fw_event[] was not poisoned)"
		fi
		if pmu_line basic || ! grep -aqF "$OOB_ASSERTION" "$out"; then
			echo "FAIL: sbi_pmu_test's basic test did not fail on $OOB_ASSERTION on $variant: a counter with no event was refused"
			exit 1
		fi
		echo "control on $variant: reading a firmware counter with no event succeeded (sbi_pmu_test fails on $OOB_ASSERTION), as it does without the fix"
		exit 0
	fi
	# overflow: the tests before it passed, so the overflow test ran.
	for t in basic "event verification" "event verification with snapshot"; do
		pmu_line "$t" || die "sbi_pmu_test's $t test did not pass on $variant: the control is not valid"
	done
	! grep -aqF "$PMU_OVERFLOW_SKIP" "$out" ||
		die "sbi_pmu_test skipped its overflow test on $variant (no Sscofpmf: is AIA on?): the control is not valid"
	if pmu_line "event verification with overflow" || [ "$(cat "$dir/steps/sbi_pmu_test.rc")" = 0 ]; then
		echo "FAIL: sbi_pmu_test's overflow test passed on $variant: the guest's counter overflows reached it"
		exit 1
	fi
	echo "control on $variant: sbi_pmu_test's overflow test fails, the guest having had no counter overflow interrupt, as it must"
	;;
*) die "$usage" ;;
esac
