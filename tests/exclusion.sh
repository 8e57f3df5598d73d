#!/bin/bash
# Host-only, guest-only and host+guest profiles with the real perf tool:
#   tests/exclusion.sh VARIANT pass|control|moved-control|clock-control
# Runs rig/plans/exclusion.plan (perf kvm --host --no-guest / --guest /
# --host --guest record, and perf record -e EVENT:H / :G, with cpu-clock
# and cycles, of guest/mixed.c).  For each recording it reads the sampling
# event's exclude_guest/exclude_host from `perf evlist -v`, checks they are
# what the command line asked for, and counts the samples by cpumode in
# `perf report -D`.  Asserts: an event that excludes the guest has host
# samples and not one guest sample, one that excludes the host the
# reverse, one that excludes neither has both; and a host-only recording
# does not show the guest's time as host time in [kvm].  Recordings that
# RIG_UNJUDGED_CASES names ("excludes-SIDE EVENT") are printed, not judged.
# "control": the variant does not honour the exclusions; the script
# succeeds only if every judged recording that excludes a side fails its
# assertion.  "moved-control": the variant
# records a guest sample of an exclude_guest event as a host sample (the
# v6.13 rule, kernel/6.12/controls/record-excluded-guest-samples-as-host.patch);
# succeeds only if the not-moved check fails for every host-only recording
# while the sample kinds pass.  "clock-control": the variant does not
# apply exclude_host to cpu-clock's samples (perf/core as upstream 7.3
# has it, before kernel/7.3/patches/perf-core): succeeds only if every
# cpu-clock recording that excludes the host has host samples and every
# other recording passes.  Upstream 7.3 also shows the guest's time as
# [kvm] time in host-only recordings, but as in "control" the VMM thread
# may have no [kvm] host sample at all under upstream's rule (one run of
# 7.3-base had none), so the not-moved check is not made there.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args --modes "pass control moved-control clock-control" "$@"
variant=$1 want=$2
run=$RUNS/exclusion-$variant
"$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/exclusion.plan" "$run" 900 || exit 1

# step_out STEP: a step's output, or die naming the step if it failed.
step_out() {
	local out=$run/steps/$1.out
	[ -f "$out" ] || die "step $1 did not run"
	[ "$(cat "$run/steps/$1.rc")" = 0 ] || die "step $1 failed: $(tail -n 3 "$out")"
	echo "$out"
}

# excludes NAME: "guest", "host" or "none": what the recording's sampling
# event (the first line of `perf evlist -v`) excludes.
excludes() {
	local line
	line=$(head -n 1 "$(step_out "evlist-$1")")
	case $line in
	*"exclude_host: 1"*"exclude_guest: 1"* | *"exclude_guest: 1"*"exclude_host: 1"*)
		die "$1: the event excludes both sides: $line" ;;
	*"exclude_guest: 1"*) echo guest ;;
	*"exclude_host: 1"*) echo host ;;
	*) echo none ;;
	esac
}

# count_kinds NAME: sample counts of the recording, by the cpumode of each
# PERF_RECORD_SAMPLE in `perf report -D` (host-guest-report --sample-kinds
# reads it): "HOST GUEST OTHER", then for the VMM's thread "GUEST HOST
# HOST_IN_KVM".
count_kinds() {
	local rows
	rows=$("$OUT/host/host-guest-report" --sample-kinds "$(step_out "dump-$1")") ||
		die "$1: perf report -D could not be read"
	awk -F'\t' '
		$1 == "#kinds" { h = $3; g = $5; o = $7 }
		$1 == "#thread" && $2 == "vmm" { vg = $4; vh = $6; vk = $8 }
		END { print h + 0, g + 0, o + 0, vg + 0, vh + 0, vk + 0 }' <<<"$rows"
}

failed=0 control_misses=0 control_judged=0 moved=0 unjudged=0
declare -A vmm_guest vmm_host vmm_kvm
# judged NAME EXCLUDED EVENT: whether this rig judges a recording that
# excludes a side.  Not one whose counter's own mode filter decides it: a
# cycles event that excludes the host (RIG_UNJUDGED_CASES, scripts/lib.sh).
judged() {
	[[ "excludes-$2 $3" =~ ^($RIG_UNJUDGED_CASES)$ ]] || return 0
	[ "$3" = cycles ] ||
		die "RIG_UNJUDGED_CASES takes in $1: only the cycle counter is in doubt"
	return 1
}

# judge NAME EXPECTED_EXCLUSION EVENT: one recording's verdict.
judge() {
	local name=$1 expected=$2 event=$3 got kinds host guest other ok=1 judged_here=1
	step_out "rec-$name" >/dev/null
	# perf report -D wrote the dump to a file; a failure there leaves the
	# dump cut short, however well the cat of it went.
	step_out "dump-$name-file" >/dev/null
	got=$(excludes "$name")
	[ "$got" = none ] || judged "$name" "$got" "$event" || judged_here=0
	# A recording this rig does not judge may have no sample at all: with
	# the machine loaded, QEMU's cycle counter can give a guest-only
	# cycles event none in a run.  Printed, neither passed nor failed.
	if [ $judged_here = 0 ] && ! grep -q 'PERF_RECORD_SAMPLE' "$(step_out "dump-$name")"; then
		printf '  %-22s excludes %-5s: no samples, not judged on this rig\n' "$name" "$got"
		unjudged=$((unjudged + 1))
		return
	fi
	kinds=$(count_kinds "$name")
	read -r host guest other vmm_guest["$name"] vmm_host["$name"] vmm_kvm["$name"] <<<"$kinds"
	printf '  %-22s excludes %-5s: %5d host, %5d guest samples' "$name" "$got" "$host" "$guest"
	if [ "$got" != "$expected" ]; then
		echo "  FAIL: perf asked to exclude $got, the command line means $expected"
		failed=$((failed + 1))
		return
	fi
	[ "$other" -eq 0 ] || { printf '  (%d of no known cpumode)' "$other"; ok=0; }
	case $got in
	guest) [ "$host" -gt 0 ] && [ "$guest" -eq 0 ] || ok=0 ;;
	host) [ "$guest" -gt 0 ] && [ "$host" -eq 0 ] || ok=0 ;;
	none) [ "$host" -gt 0 ] && [ "$guest" -gt 0 ] || ok=0 ;;
	esac
	local verdict="not ok"
	[ $ok = 0 ] || verdict=ok
	if [ $judged_here = 0 ]; then
		# Neither a pass nor a failure: printed only.
		echo "  $verdict, not judged on this rig (QEMU $RIG_QEMU_MAJOR's counter decides it)"
		unjudged=$((unjudged + 1))
		return
	fi
	if { [ "$want" = control ] && [ "$got" != none ]; } ||
		{ [ "$want" = clock-control ] && [ "$got" = host ] && [ "$event" = cpu-clock ]; }; then
		control_judged=$((control_judged + 1))
		echo "  $verdict"
		[ $ok = 0 ] || control_misses=$((control_misses + 1))
		return
	fi
	echo "  $verdict"
	[ $ok = 1 ] || failed=$((failed + 1))
}

echo "exclusion recordings on $variant (kinds counted in perf report -D):"
for e in cpu-clock cycles; do
	judge "kvm-host-$e" guest "$e"
	judge "kvm-guest-$e" host "$e"
	judge "kvm-both-$e" none "$e"
	judge "record-H-$e" guest "$e"
	judge "record-G-$e" host "$e"
done
# A dropped guest sample must not come back as a host sample at the PC of
# KVM's run loop (the v6.13 rule).  Of the VMM thread's host samples, the
# share in [kvm] must stay near what it is in the host+guest recording
# (K/H), not near what it would be if guest samples became [kvm] ones
# ((K+G)/(H+G)): below the midpoint.  Shares, not counts, because perf
# lowers the sample rate as the run goes on.
check_not_moved() {
	local name=$1 both=$2 event=$3 verdict=ok unjudged=0
	if [[ "not-moved $event" =~ ^($RIG_UNJUDGED_CASES)$ ]]; then
		[ "$event" = cycles ] ||
			die "RIG_UNJUDGED_CASES takes in the not-moved check with $event: only the cycle counter is in doubt"
		unjudged=1
	fi
	# Valid only if the host+guest recording shows the VMM thread's host
	# samples, some of them in [kvm], and its guest samples: with none in
	# [kvm], any share would pass.
	if [ $unjudged = 0 ]; then
		[ "${vmm_host[$both]}" -gt 0 ] && [ "${vmm_kvm[$both]}" -gt 0 ] && [ "${vmm_guest[$both]}" -gt 0 ] ||
			die "$both: the VMM thread has ${vmm_host[$both]} host samples, ${vmm_kvm[$both]} in [kvm]," \
				"and ${vmm_guest[$both]} guest samples: the not-moved check would prove nothing"
	fi
	read -r share limit < <(awk -v k="${vmm_kvm[$name]}" -v h="${vmm_host[$name]}" \
		-v K="${vmm_kvm[$both]}" -v H="${vmm_host[$both]}" -v G="${vmm_guest[$both]}" \
		'BEGIN { printf "%.3f %.3f\n", h ? k / h : 1, (H ? K / H : 0) / 2 + (H + G ? (K + G) / (H + G) : 0) / 2 }')
	if [ $unjudged = 1 ]; then
		# Where this machine's counter puts host samples says nothing
		# about the kernel (RIG_UNJUDGED_CASES, scripts/lib.sh).
		verdict="not judged on this rig (QEMU $RIG_QEMU_MAJOR's cycle counter)"
	else
		judged=$((judged + 1))
		if [ "${vmm_host[$name]}" -eq 0 ] || awk -v a="$share" -v b="$limit" 'BEGIN { exit !(a >= b) }'; then
			verdict="not ok"
			moved=$((moved + 1))
			[ "$want" != pass ] || failed=$((failed + 1))
		fi
	fi
	echo "  $name: ${vmm_kvm[$name]} of the VMM's ${vmm_host[$name]} host samples in [kvm]" \
		"($share; want < $limit, midway between $both's host-only and host+guest shares): $verdict"
}
# Not in the controls that judge the sample kinds: on a kernel that
# records all of KVM_RUN as guest time the VMM thread may have no [kvm]
# host sample at all, which leaves the check nothing to measure.
judged=0
if [ "$want" != control ] && [ "$want" != clock-control ]; then
	for e in cpu-clock cycles; do
		check_not_moved "kvm-host-$e" "kvm-both-$e" "$e"
		check_not_moved "record-H-$e" "kvm-both-$e" "$e"
	done
	[ $judged -gt 0 ] || die "RIG_UNJUDGED_CASES leaves no not-moved check to judge"
fi

# perf 6.12: `perf kvm --host` keeps perf_guest's default (on), and the
# default event's modifier resets the exclude bits: it asks for both sides.
judge kvm-host-default none default

if [ "$want" = pass ]; then
	echo "exclusion on $variant: $failed of $((11 - unjudged + judged)) checks failed ($((4 - judged + unjudged)) not judged on this rig)"
	[ $failed -eq 0 ]
elif [ "$want" = moved-control ]; then
	echo "exclusion moved-control on $variant: the not-moved check failed for $moved of the $judged" \
		"host-only recordings judged on this rig (want $judged), $failed other failures"
	[ $failed -eq 0 ] && [ $moved -eq $judged ]
elif [ "$want" = clock-control ]; then
	echo "exclusion clock-control on $variant: $control_misses of the $control_judged cpu-clock guest-only" \
		"recordings had no host sample (want 0 of 2), $failed other failures"
	[ $control_judged -eq 2 ] || die "the clock control judged $control_judged cpu-clock guest-only recordings, not 2"
	[ $failed -eq 0 ] && [ $control_misses -eq 0 ]
else
	echo "exclusion control on $variant: $control_misses of the $control_judged excluding recordings" \
		"judged on this rig passed (want 0; $((8 - control_judged)) not judged), $failed other failures"
	[ $control_judged -gt 0 ] || die "RIG_UNJUDGED_CASES leaves the control no recording to judge"
	[ $failed -eq 0 ] && [ $control_misses -eq 0 ]
fi
