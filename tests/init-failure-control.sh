#!/bin/bash
# Control for the kvm-init-failure stress scenario: on the
# control-init-leak kernel (the series plus kernel/6.12/controls/
# leak-perf-callbacks-on-init-failure.patch, which leaves the perf
# callbacks registered when kvm_init() fails), one round of
# kvm-init-failure must end in a kernel report: perf calls into the freed
# module from its next sample.  Succeeds only if the rig fails the run for
# a kernel report, i.e. the scenario catches the bug it is there for.
. "$(dirname "$0")/../scripts/lib.sh"

variant=control-init-leak
run=$RUNS/init-failure-control
plan=$RUNS/init-failure-control.plan
printf 'kvm-init-failure 300 /bin/kvm-init-failure --rounds 1\n' >"$plan"
"$TOP/scripts/kernel.sh" "$variant"
if "$TOP/scripts/rig.sh" "$variant" "$plan" "$run" 600; then
	echo "FAIL: kvm-init-failure ran clean on a kernel that leaks its perf callbacks:" \
		"the scenario cannot catch the bug"
	exit 1
fi
[ -s "$run/splats.txt" ] || die "the run failed, but not for a kernel report (see $run/console.log)"
# The report must be the one the injected bug causes: a fault on the freed
# module's callbacks, reached from perf's sampling path.
grep -aqE 'Unable to handle kernel (paging request|NULL pointer)|Oops' "$run/console.log" ||
	die "the kernel reported a problem, but not a fault (see $run/splats.txt)"
grep -aqE '(epc|ra) *: *(perf_instruction_pointer|perf_misc_flags|perf_guest_state|perf_event_overflow|kvm_[a-z_]*)\+|^\[ *[0-9.]*\] \[<[0-9a-f]*>\] (perf_instruction_pointer|perf_misc_flags)\+' "$run/console.log" ||
	die "the kernel faulted, but not in perf's use of the guest callbacks (see $run/console.log)"
echo "control on $variant: the kernel reported $(grep -cE 'Oops|BUG:|KASAN:|Unable to handle' "$run/console.log") problem line(s), first:" \
	"$(head -n 1 "$run/splats.txt"), as it must"
