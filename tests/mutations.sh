#!/bin/bash
# `make check-mutations`: a test of the tests.  For each check of `make
# check`, mutations that must turn it red: a wrong kernel variant for a
# control or a pass, an empty or truncated perf report, a guest that does
# not boot, a skipped selftest case, a kernel report in the log, a broken
# parser, a patch that does not build.  Prints, per check, the mutation and
# whether the check caught it (failed), and ends "N caught, N missed".
#
# The rig checks are not booted again: scripts/rig.sh replays a recorded run
# (RIG_REPLAY), copied from make check's own runs (out/runs; a missing one
# is recorded first) and mutated.  The checks of the tree itself (unit
# tests, shellcheck, checkpatch, builds after each patch, the rig's bad
# input) run in a copy of the project with the mutation applied.  Logs and
# runs of the mutants go to out/mutations/, leaving make check's in place.
. "$(dirname "$0")/../scripts/lib.sh"

MUT=$OUT/mutations
rm -rf "$MUT"
mkdir -p "$MUT/replay" "$MUT/logs" "$MUT/runs"
caught=0 missed=0 table=()

# recorded NAME TEST ARGS...: make check's run NAME (under out/runs), recorded
# first with TEST ARGS if it is missing or has no qemu.rc (made by an older rig.sh).
recorded() {
	local name=$1
	shift
	if [ ! -f "$RUNS/$name/qemu.rc" ]; then
		note "no recorded run $name: running $* to record it"
		"$@" >"$MUT/logs/record-$name.log" 2>&1 ||
			die "$* failed, so its run cannot be mutated (see ${MUT#"$TOP"/}/logs/record-$name.log)"
	fi
	[ -f "$RUNS/$name/qemu.rc" ] || die "$* recorded no run $name"
	echo "$RUNS/$name"
}

# mutant CHECK MUTATION CMD...: CMD runs CHECK on the mutant; caught if it fails.
mutant() {
	local check=$1 what=$2 log rc reason arg
	shift 2
	for arg in "$@"; do
		[ ! -e "${arg#*=}/MUTATION-FAILED" ] ||
			die "$check: the mutation '$what' did not apply to its recorded run (${arg#*=})"
	done
	log=$MUT/logs/$check--$(tr -c 'a-zA-Z0-9_-' '-' <<<"$what" | cut -c1-60).log
	set +e
	RV_RUNS=$MUT/runs RV_LOGS=$MUT/logs RV_DEMO_OUT=$MUT/demo "$@" >"$log" 2>&1
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		caught=$((caught + 1))
		# The check's own words: its first failure line, or its last line.
		reason=$(grep -m 1 -E '^(FAIL|not ok|error:|!!!|rig: )|: FAILED$' "$log" ||
			grep -v '^==>' "$log" | tail -n 1)
		table+=("$(printf '%-32s %-64s caught (exit %d): %s' "$check" "$what" "$rc" \
			"$(cut -c1-100 <<<"$reason")")")
	else
		missed=$((missed + 1))
		table+=("$(printf '%-32s %-64s MISSED: the check passed' "$check" "$what")")
	fi
	echo "${table[-1]}"
}

# replay SOURCE_RUN NAME MUTATE_FUNCTION: a copy of a recorded run, mutated;
# prints its directory.
replay() {
	local dir=$MUT/replay/$2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$1"/console*.log "$1/qemu.rc" "$dir/"
	[ ! -f "$1/results.txt" ] || cp "$1/results.txt" "$dir/"
	# In a command substitution a failure here would go unseen: mark the
	# copy, and mutant() refuses to run a check on it.
	("$3" "$dir") || touch "$dir/MUTATION-FAILED"
	echo "$dir"
}

# Mutations of a run's results.txt, whose steps are "@@@ begin NAME" ...
# "@@@ end NAME rc=N seconds=S" blocks.  Each checks that it changed something.
edit_step() {	# DIR STEP AWK_PROGRAM: rewrite the lines of STEP's output
	local before
	before=$(sha256sum <"$1/results.txt")
	awk -v step="$2" '
		/^@@@ begin / { inside = ($3 == step); print; next }
		/^@@@ end / { inside = 0; print; next }
		!inside { print; next }
		'"$3" "$1/results.txt" >"$1/results.new"
	mv "$1/results.new" "$1/results.txt"
	[ "$(sha256sum <"$1/results.txt")" != "$before" ] || die "mutation of step $2 in $1 changed nothing"
}
no_mutation() { :; }
# set_step_rc DIR STEP RC: the step ended with exit code RC instead.
set_step_rc() {
	sed -i -E "s/^@@@ end $2 rc=[0-9]+ /@@@ end $2 rc=$3 /" "$1/results.txt"
	grep -q "^@@@ end $2 rc=$3 " "$1/results.txt" || die "no step $2 in $1 to end with exit code $3"
}

# The runs make check records (name, and the test that records it).
sf=$(recorded selftest-full "$TOP/tests/selftest.sh" full pass)
su_cases='accounting |exclusion [A-Za-z]+ [a-z-]+ exclude_guest|chain |hostile |race '
su=$(recorded selftest-upstream "$TOP/tests/selftest.sh" upstream control "$su_cases")
sb=$(recorded selftest-base "$TOP/tests/selftest.sh" base control 'V[SU] ' attribution)
stp=$(recorded selftest-control-tracepoints bash -c '"$1/scripts/kernel.sh" control-tracepoints >/dev/null &&
	"$1/tests/selftest.sh" control-tracepoints control "tracepoint " tracepoint' _ "$TOP")
loop_cases='hostile (frame pointing to itself|two-frame loop) '
swl=$(recorded selftest-control-walk-loops bash -c '"$1/scripts/kernel.sh" control-walk-loops >/dev/null &&
	"$1/tests/selftest.sh" control-walk-loops control "$2" callchain' _ "$TOP" "$loop_cases")
format_cases='hostile (reserved PTE bit|Svnapot-mapped stack|device-memory slot) '
swf=$(recorded selftest-control-walk-formats bash -c '"$1/scripts/kernel.sh" control-walk-formats >/dev/null &&
	"$1/tests/selftest.sh" control-walk-formats control "$2" callchain' _ "$TOP" "$format_cases")
swc=$(recorded selftest-control-walk-switch bash -c '"$1/scripts/kernel.sh" control-walk-switch >/dev/null &&
	"$1/tests/selftest.sh" control-walk-switch control "chain VS switch off " callchain' _ "$TOP")
sbc=$(recorded selftest-control-bpf bash -c '"$1/scripts/kernel.sh" control-bpf >/dev/null &&
	"$1/tests/selftest.sh" control-bpf control "BPF stack map " callchain' _ "$TOP")
scd=$(recorded selftest-debug "$TOP/tests/selftest.sh" debug pass callchain)
ksf=$(recorded kvm-selftests-full-full "$TOP/tests/kvm-selftests.sh" pass full full base base)
ks73f=$(recorded kvm-selftests-7.3-full-7.3-full "$TOP/tests/kvm-selftests.sh" pass 7.3-full 7.3-full 7.3-base 7.3-base)
ks73b=$(recorded kvm-selftests-7.3-base-7.3-base "$TOP/tests/kvm-selftests.sh" pass 7.3-full 7.3-full 7.3-base 7.3-base)
pf=$(recorded pmi-in-guest-7.3-full "$TOP/tests/pmi-in-guest.sh" 7.3-full pass)
pb=$(recorded pmi-in-guest-7.3-base "$TOP/tests/pmi-in-guest.sh" 7.3-base control)
ksb=$(recorded kvm-selftests-base-base "$TOP/tests/kvm-selftests.sh" pass full full base base)
ksd=$(recorded kvm-selftests-debug-full "$TOP/tests/kvm-selftests.sh" pass debug full full full)
ksc=$(recorded kvm-selftests-base-debug-full-sbi-pmu "$TOP/tests/kvm-selftests.sh" control oob-read base-debug full)
kso=$(recorded kvm-selftests-control-overflow-full-sbi-pmu bash -c '"$1/scripts/kernel.sh" control-overflow >/dev/null &&
	"$1/tests/kvm-selftests.sh" control overflow control-overflow full' _ "$TOP")
ef=$(recorded e2e-full "$TOP/tests/e2e.sh" full pass)
eb=$(recorded e2e-base "$TOP/tests/e2e.sh" base control)
xf=$(recorded exclusion-full "$TOP/tests/exclusion.sh" full pass)
xu=$(recorded exclusion-upstream "$TOP/tests/exclusion.sh" upstream control)
xm=$(recorded exclusion-control-moved bash -c '"$1/scripts/kernel.sh" control-moved >/dev/null &&
	"$1/tests/exclusion.sh" control-moved moved-control' _ "$TOP")
lf=$(recorded demo-linux-full "$TOP/tests/linux-guest.sh" full pass)
lb=$(recorded demo-linux-base "$TOP/tests/linux-guest.sh" base control)
df=$(recorded demo-debian-full "$TOP/tests/debian-guest.sh" full pass)
db=$(recorded demo-debian-base "$TOP/tests/debian-guest.sh" base control)
dd=$(recorded demo-debian-debian "$TOP/tests/debian-guest.sh" debian control)
cf=$(recorded demo-callchain-full "$TOP/tests/debian-callchain.sh" full pass)
s73f=$(recorded selftest-7.3-full "$TOP/tests/selftest.sh" 7.3-full pass)
s73b=$(recorded selftest-7.3-base "$TOP/tests/selftest.sh" 7.3-base control 'accounting ')
x73f=$(recorded exclusion-7.3-full "$TOP/tests/exclusion.sh" 7.3-full pass)
x73b=$(recorded exclusion-7.3-base "$TOP/tests/exclusion.sh" 7.3-base clock-control)
d73f=$(recorded demo-debian-7.3-full "$TOP/tests/debian-guest.sh" 7.3-full pass)
dd72=$(recorded demo-debian-debian-7.2 "$TOP/tests/debian-guest.sh" debian-7.2 boots)
e73f=$(recorded e2e-7.3-full "$TOP/tests/e2e.sh" 7.3-full pass)
e73b=$(recorded e2e-7.3-base "$TOP/tests/e2e.sh" 7.3-base labels-control)
l73f=$(recorded demo-linux-7.3-full "$TOP/tests/linux-guest.sh" 7.3-full pass)
cu=$(recorded demo-callchain-upstream "$TOP/tests/debian-callchain.sh" upstream control)
c73f=$(recorded demo-callchain-7.3-full "$TOP/tests/debian-callchain.sh" 7.3-full pass)
c73b=$(recorded demo-callchain-7.3-base "$TOP/tests/debian-callchain.sh" 7.3-base control)
c72=$(recorded demo-callchain-debian-7.2 "$TOP/tests/debian-callchain.sh" debian-7.2 control)
gcf=$(recorded guest-callchain-7.3-full "$TOP/tests/guest-callchain.sh" 7.3-full pass)
gcb=$(recorded guest-callchain-7.3-base "$TOP/tests/guest-callchain.sh" 7.3-base control)
gc72=$(recorded guest-callchain-debian-7.2 "$TOP/tests/guest-callchain.sh" debian-7.2 control)
qk=$(recorded qemu-kill-debug "$TOP/tests/qemu-kill.sh" debug 5)
vm=$(recorded vmm "$TOP/tests/vmm.sh")
st=$(recorded stress-debug-ci "$TOP/tests/stress.sh" debug ci)
ic=$(recorded init-failure-control "$TOP/tests/init-failure-control.sh")

echo "Mutations of make check's checks (logs: ${MUT#"$TOP"/}/logs/):"

# --- the tree: unit tests, lint, checkpatch, builds, the rig's input ---------
copy=$MUT/tree
# tree_copy: a fresh copy of the committed project with make check's build
# outputs (not its runs), for the mutations of the tree.
tree_copy() {
	rm -rf "$copy"
	mkdir -p "$copy"
	git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$copy")
	mkdir -p "$copy/out"
	for d in user guest host tools linux-workload base upstream full debug linux-guest 7.3-base 7.3-full; do
		[ ! -d "$OUT/$d" ] || cp -r "$OUT/$d" "$copy/out/"
	done
	# Debian's root image is large and only read: linked, not copied.
	[ ! -d "$OUT/debian" ] || cp -rl "$OUT/debian" "$copy/out/"
}
# mutate_file FILE SED_EXPR: edit a file of the copy; must change it.
mutate_file() {
	local before
	before=$(sha256sum <"$copy/$1")
	sed -i "$2" "$copy/$1"
	[ "$(sha256sum <"$copy/$1")" != "$before" ] || die "mutation '$2' did not change $1"
}
HOST_CFLAGS=(-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Werror)

tree_copy
mutate_file report/profile.c "s/\[WHERE_GUEST_KERNEL\] = 'g'/[WHERE_GUEST_KERNEL] = 'u'/; s/\[WHERE_GUEST_USER\] = 'u'/[WHERE_GUEST_USER] = 'g'/"
mutant unit-host-guest-report "report/profile.c reads [g] as guest user and [u] as guest kernel" \
	bash -c 'gcc "${@:2}" -o "$1/out/host/test_profile" "$1/tests/unit/test_profile.c" "$1"/report/{profile,dump,error}.c -lm &&
		"$1/out/host/test_profile"' _ "$copy" "${HOST_CFLAGS[@]}"

tree_copy
mutate_file rig/plan.c 's/ || st->timeout_s == 0//'
mutant unit-plan "rig/plan.c accepts a timeout of 0 s" \
	bash -c 'gcc "${@:2}" -o "$1/out/host/test_plan" "$1/tests/unit/test_plan.c" "$1/rig/plan.c" &&
		"$1/out/host/test_plan"' _ "$copy" "${HOST_CFLAGS[@]}"

tree_copy
mutate_file vmm/guest_walk.c 's/ppn \&= ~(NAPOT_64K_PAGES - 1);//'
mutant unit-guest-walk "vmm/guest_walk.c takes a NAPOT leaf's frame number as it is" \
	bash -c 'gcc "${@:2}" -o "$1/out/host/test_guest_walk" "$1/tests/unit/test_guest_walk.c" "$1/vmm/guest_walk.c" &&
		"$1/out/host/test_guest_walk"' _ "$copy" "${HOST_CFLAGS[@]}"

tree_copy
mutate_file vmm/fdt.c 's/0xd00dfeedU/0xd00dfeeeU/'
mutant unit-fdt "vmm/fdt.c writes a wrong magic number" \
	bash -c 'gcc "${@:2}" -o "$1/out/host/test_fdt" "$1/tests/unit/test_fdt.c" "$1/vmm/fdt.c" &&
		"$1/tests/unit/fdt.sh"' _ "$copy" "${HOST_CFLAGS[@]}"

tree_copy
mutate_file tests/vmm.sh '0,/^run=/s|^run=|cd "$OUT"\nrun=|'
mutant shellcheck "tests/vmm.sh gains a cd that may fail unchecked" \
	bash -c 'cd "$1" && shellcheck -x -S warning scripts/*.sh tests/*.sh tests/unit/*.sh bench/*.sh .ci/run' _ "$copy"

tree_copy
mutate_file docs/tests.md '/^| `vmm` |/d'
mutant doc-test-list "docs/tests.md loses the row of the vmm check" "$copy/tests/doc-test-list.sh"

tree_copy
mutate_file "kernel/$DEFAULT_TREE/patches/$(series_patches | sed -n 4p)" '0,/^+[^+]/s/^\(+[^+].*\)$/\1 /'
mutant checkpatch "a line of patch 4 ends in a blank" "$copy/tests/checkpatch.sh"

tree_copy
mutate_file kernel/7.3/patches/modules/0000-cover-letter.patch '/^Cc: /{n;d}'
mutant checkpatch "a recipient taken out of a 7.3 cover letter" "$copy/tests/checkpatch.sh"

tree_copy
mutate_file kernel/7.3/patches/guest-callchain/0002-KVM-pass-perf-s-guest-callchain-request-on-to-the-ar.patch \
	's/^Subject: \[RFC PATCH 2\/4\]/Subject: [PATCH 2\/4]/'
mutant checkpatch "patch 2 of the 7.3 RFC series without RFC in its subject" "$copy/tests/checkpatch.sh"

tree_copy
printf '%s\n' 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001' \
	'From: make check-mutations <mutations@invalid>' \
	'Subject: [PATCH] mutation: a patch that does not build' '' '---' \
	'diff --git a/init/version.c b/init/version.c' '--- a/init/version.c' '+++ b/init/version.c' \
	'@@ -9,2 +9,3 @@' ' ' '+#error "make check-mutations: this patch does not build"' \
	' #include <generated/compile.h>' >"$copy/kernel/$DEFAULT_TREE/patches/9999-mutation-break-the-build.patch"
echo 9999-mutation-break-the-build.patch >>"$copy/kernel/$DEFAULT_TREE/series"
mutant builds-after-each-patch "a last patch that does not build" "$copy/tests/build-each-patch.sh"

tree_copy
printf '%s\n' 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001' \
	'From: make check-mutations <mutations@invalid>' \
	'Subject: [PATCH] mutation: a patch that does not build for rv32' '' '---' \
	'diff --git a/init/version.c b/init/version.c' '--- a/init/version.c' '+++ b/init/version.c' \
	'@@ -9,2 +9,5 @@' ' ' '+#ifndef CONFIG_64BIT' '+#error "make check-mutations: this patch does not build for rv32"' \
	'+#endif' ' #include <generated/compile.h>' >"$copy/kernel/$DEFAULT_TREE/patches/9999-mutation-break-the-rv32-build.patch"
echo 9999-mutation-break-the-rv32-build.patch >>"$copy/kernel/$DEFAULT_TREE/series"
mutant builds-after-each-patch "a last patch that does not build for rv32 only" "$copy/tests/build-each-patch.sh"

tree_copy
mutate_file "kernel/$DEFAULT_TREE/controls/record-excluded-guest-samples-as-host.patch" '/^@@/{n;s/^ \(.*\)$/ \1 (mutated)/}'
mutant builds "a control's patch that no longer applies" "$copy/tests/builds.sh"

tree_copy
printf '#!/bin/sh\nexit 0\n' >"$copy/out/host/plan-check"
mutant rig-bad-input "the host accepts every plan (plan-check always exits 0)" "$copy/tests/rig-input.sh"

tree_copy
mutate_file scripts/rig.sh "s/^trap 'echo \"rig: terminated; QEMU killed\" >&2; exit 143' TERM$/trap 'exit 143' TERM/"
mutate_file scripts/rig.sh 's/^trap kill_qemu EXIT$/trap : EXIT/'
mutant rig-bad-input "the rig leaves QEMU running when it is terminated" "$copy/tests/rig-input.sh"
rm -rf "$copy"

# --- the rig checks, on recorded runs -------------------------------------
skip_a_case() { edit_step "$1" guest-profiling-test '!done && /^ok [0-9]+ V[SU] / { sub(/^ok [0-9]+ /, "&# SKIP "); done = 1 } { print }'; }
fail_a_case() { edit_step "$1" guest-profiling-test '!done && /^ok [0-9]+ V[SU] / { sub(/^ok/, "not ok"); done = 1 } { print }'; }
skip_an_accounting_case() { edit_step "$1" guest-profiling-test '!done && /^not ok [0-9]+ accounting [A-Za-z]+ cpu-clock/ { sub(/^not ok [0-9]+ /, "ok 99 # SKIP "); done = 1 } { print }'; }
R() { RIG_REPLAY=$1 "${@:2}"; }

mutant selftest-full "a case skipped" R "$(replay "$sf" sf-skip skip_a_case)" "$TOP/tests/selftest.sh" full pass
throttle_a_case() { edit_step "$1" guest-profiling-test '!done && /^# accounting [A-Za-z]+ cpu-clock: .* 0 throttled/ { sub(/ 0 throttled/, " 7 throttled"); done = 1 } { print }'; }
mutant selftest-full "an accounting sampler throttled" R "$(replay "$sf" sf-throttled throttle_a_case)" "$TOP/tests/selftest.sh" full pass
mutant selftest-full "a case failed" R "$(replay "$sf" sf-fail fail_a_case)" "$TOP/tests/selftest.sh" full pass
uxl_other_reason() { edit_step "$1" guest-profiling-test '/^ok [0-9]+ # SKIP chain VU UXL=32 / { sub(/the CPU keeps UXL at 64/, "perf_event_open: no such device") } { print }'; }
mutant selftest-full "a UXL=32 case skipped for another reason" R "$(replay "$sf" sf-uxl-reason uxl_other_reason)" \
	"$TOP/tests/selftest.sh" full pass
mutant selftest-full "the base kernel's run (no feature)" R "$(replay "$sb" sb-as-full no_mutation)" \
	"$TOP/tests/selftest.sh" full pass
tree_copy
mutate_file scripts/lib.sh "s/^RIG_UNJUDGED_CASES='accounting \\[A-Za-z\\]+ cycles/RIG_UNJUDGED_CASES='accounting [A-Za-z]+ (cycles|cpu-clock)/"
mutant selftest-full "the cpu-clock accounting cases left unjudged too" R "$(replay "$sf" sf-unjudged no_mutation)" \
	"$copy/tests/selftest.sh" full pass
rm -rf "$copy"
mutant selftest-upstream-control "the full kernel's run (has the fix)" R "$(replay "$sf" sf-as-upstream no_mutation)" \
	"$TOP/tests/selftest.sh" upstream control "$su_cases"
mutant selftest-upstream-control "an accounting case skipped" R "$(replay "$su" su-skip skip_an_accounting_case)" \
	"$TOP/tests/selftest.sh" upstream control "$su_cases"
mutant selftest-base-control "the full kernel's run (has the feature)" R "$(replay "$sf" sf-as-base no_mutation)" \
	"$TOP/tests/selftest.sh" base control 'V[SU] ' attribution
tracepoint_not_fired() { edit_step "$1" guest-profiling-test '/^not ok [0-9]+ tracepoint / { sub(/exclude_host: .*/, "exclude_host: only 3 exits counted") } { print }'; }
mutant selftest-tracepoint-control "the full kernel's run (tracepoint samples kept)" R "$(replay "$sf" sf-as-tracepoints no_mutation)" \
	"$TOP/tests/selftest.sh" control-tracepoints control "tracepoint " tracepoint
mutant selftest-tracepoint-control "the tracepoint fired 3 times only" R "$(replay "$stp" stp-not-fired tracepoint_not_fired)" \
	"$TOP/tests/selftest.sh" control-tracepoints control "tracepoint " tracepoint
loops_cut() { edit_step "$1" guest-profiling-test '/^not ok [0-9]+ hostile (frame pointing to itself|two-frame loop) / { sub(/^not ok/, "ok") } { print }'; }
mutant selftest-callchain-control "the full kernel's run (loops cut)" R "$(replay "$sf" sf-as-walk-loops no_mutation)" \
	"$TOP/tests/selftest.sh" control-walk-loops control "$loop_cases" callchain
mutant selftest-callchain-control "the loop cases passing" R "$(replay "$swl" swl-pass loops_cut)" \
	"$TOP/tests/selftest.sh" control-walk-loops control "$loop_cases" callchain
napot_followed() { edit_step "$1" guest-profiling-test '/^not ok [0-9]+ hostile Svnapot-mapped stack / { sub(/^not ok/, "ok") } { print }'; }
mutant selftest-callchain-formats-control "the full kernel's run (formats read right)" R "$(replay "$sf" sf-as-walk-formats no_mutation)" \
	"$TOP/tests/selftest.sh" control-walk-formats control "$format_cases" callchain
mutant selftest-callchain-formats-control "the Svnapot case passing" R "$(replay "$swf" swf-napot napot_followed)" \
	"$TOP/tests/selftest.sh" control-walk-formats control "$format_cases" callchain
device_slot_cut() { edit_step "$1" guest-profiling-test '/^not ok [0-9]+ hostile device-memory slot / { sub(/^not ok/, "ok") } { print }'; }
mutant selftest-callchain-formats-control "the device-memory slot case passing" R "$(replay "$swf" swf-devmem device_slot_cut)" \
	"$TOP/tests/selftest.sh" control-walk-formats control "$format_cases" callchain
bpf_no_chains() { edit_step "$1" guest-profiling-test '/^not ok [0-9]+ BPF stack map / { sub(/: [0-9]+ of the .*/, ": only 3 guest kernel samples chained, want >= 100") } { print }'; }
mutant selftest-bpf-control "the full kernel's run (no guest address in BPF's stacks)" R "$(replay "$sf" sf-as-bpf no_mutation)" \
	"$TOP/tests/selftest.sh" control-bpf control "BPF stack map " callchain
mutant selftest-bpf-control "the BPF case failing for want of guest chains" R "$(replay "$sbc" sbc-no-chains bpf_no_chains)" \
	"$TOP/tests/selftest.sh" control-bpf control "BPF stack map " callchain
switch_off_cut() { edit_step "$1" guest-profiling-test '/^not ok [0-9]+ chain VS switch off / { sub(/^not ok/, "ok") } { print }'; }
mutant selftest-callchain-switch-control "the full kernel's run (the switch obeyed)" R "$(replay "$sf" sf-as-walk-switch no_mutation)" \
	"$TOP/tests/selftest.sh" control-walk-switch control "chain VS switch off " callchain
mutant selftest-callchain-switch-control "the switch-off case passing" R "$(replay "$swc" swc-pass switch_off_cut)" \
	"$TOP/tests/selftest.sh" control-walk-switch control "chain VS switch off " callchain
switch_loaded_on() { edit_step "$1" guest-profiling-test '{ sub(/^# kvm\.perf_guest_callchain as loaded: N$/, "# kvm.perf_guest_callchain as loaded: Y") } { print }'; }
mutant selftest-full "KVM loaded with guest stack walks on" R "$(replay "$sf" sf-switch-on switch_loaded_on)" \
	"$TOP/tests/selftest.sh" full pass
chain_case_failed() { edit_step "$1" guest-profiling-test '!done && /^ok [0-9]+ chain V[SU] / { sub(/^ok/, "not ok"); done = 1 } { print }'; }
lockdep_report() { printf '[   42.000000] WARNING: possible circular locking dependency detected\n' >>"$1/console.log"; }
mutant selftest-callchain-debug "a chain case failed" R "$(replay "$scd" scd-fail chain_case_failed)" \
	"$TOP/tests/selftest.sh" debug pass callchain
mutant selftest-callchain-debug "a lockdep report in the kernel log" R "$(replay "$scd" scd-lockdep lockdep_report)" \
	"$TOP/tests/selftest.sh" debug pass callchain
mutant selftest-callchain-debug "the upstream kernel's run (no chains)" R "$(replay "$su" su-as-debug no_mutation)" \
	"$TOP/tests/selftest.sh" debug pass callchain

# Upstream's KVM selftests: a program that fails, one that skips for no
# stated reason (on both kernels), a KASAN report.
get_reg_list_fails() { set_step_rc "$1" get-reg-list 1; }
steal_time_skips() {
	edit_step "$1" steal_time '!said { print "steal_time: skipping, for no reason anyone stated"; said = 1 } { print }'
	set_step_rc "$1" steal_time 4
}
kasan_report() { printf '[   42.000000] BUG: KASAN: slab-out-of-bounds in kvm_vcpu_ioctl+0x42/0x420 [kvm]\n' >>"$1/console.log"; }
mutant kvm-selftests-full "get-reg-list fails on full" R "$(replay "$ksf" ksf-fail get_reg_list_fails)" \
	env REF_REPLAY="$ksb" "$TOP/tests/kvm-selftests.sh" pass full full base base
mutant kvm-selftests-full "a skip on both kernels with no stated reason" R "$(replay "$ksf" ksf-skip steal_time_skips)" \
	env REF_REPLAY="$(replay "$ksb" ksb-skip steal_time_skips)" "$TOP/tests/kvm-selftests.sh" pass full full base base
mutant kvm-selftests-7.3-full "get-reg-list fails on 7.3-full" R "$(replay "$ks73f" ks73f-fail get_reg_list_fails)" \
	env REF_REPLAY="$ks73b" "$TOP/tests/kvm-selftests.sh" pass 7.3-full 7.3-full 7.3-base 7.3-base
mutant kvm-selftests-debug "a KASAN report in the log" R "$(replay "$ksd" ksd-kasan kasan_report)" \
	env REF_REPLAY="$ksf" "$TOP/tests/kvm-selftests.sh" pass debug full full full
silent_sbi_pmu_test() { edit_step "$1" sbi_pmu_test '{ next }'; }
mutant kvm-selftests-base-debug-control "sbi_pmu_test printed nothing" R "$(replay "$ksc" ksc-silent silent_sbi_pmu_test)" \
	"$TOP/tests/kvm-selftests.sh" control oob-read base-debug full
mutant kvm-selftests-base-debug-control "the debug kernel's run (has the fix)" R "$(replay "$ksd" ksd-as-base no_mutation)" \
	"$TOP/tests/kvm-selftests.sh" control oob-read base-debug full
# What sbi_pmu_test prints on a host without AIA: the skip, no overflow
# test, and success.
overflow_skipped() {
	edit_step "$1" sbi_pmu_test '/^==== Test Assertion Failure/ { print "Sscofpmf is not available, skipping overflow test"; skip = 1 } !skip { print }'
	set_step_rc "$1" sbi_pmu_test 0
}
mutant kvm-selftests-overflow-control "the full kernel's run (overflows delivered)" R "$(replay "$ksf" ksf-as-overflow no_mutation)" \
	"$TOP/tests/kvm-selftests.sh" control overflow control-overflow full
mutant kvm-selftests-overflow-control "the overflow test skipped (no Sscofpmf)" R "$(replay "$kso" kso-skip overflow_skipped)" \
	"$TOP/tests/kvm-selftests.sh" control overflow control-overflow full

truncate_report() { edit_step "$1" report '/^#/ { print }'; }
empty_report() { edit_step "$1" report '{ next }'; }
label_in_kallsyms() { edit_step "$1" kallsyms '{ print } !done && /\[kvm\]$/ { print "ffffffff01234560 t .L4242\t[kvm]"; done = 1 }'; }
no_vmm_samples() { edit_step "$1" report '{ n = split($0, f, "|"); if (n >= 4 && f[3] ~ /^vmm *$/) next; print }'; }
mutant e2e-perf-kvm-full "the base kernel's run (no guest samples)" R "$(replay "$eb" eb-as-full no_mutation)" \
	"$TOP/tests/e2e.sh" full pass
mutant e2e-perf-kvm-full "perf's report cut to its header" R "$(replay "$ef" ef-truncated truncate_report)" \
	"$TOP/tests/e2e.sh" full pass
mutant e2e-perf-kvm-full "a local label of kvm.ko in /proc/kallsyms" R "$(replay "$ef" ef-label label_in_kallsyms)" \
	"$TOP/tests/e2e.sh" full pass
mutant e2e-perf-kvm-full "no sample of the VMM's own code in the report" R "$(replay "$ef" ef-no-vmm no_vmm_samples)" \
	"$TOP/tests/e2e.sh" full pass
mutant e2e-perf-kvm-base-control "the full kernel's run (has the feature)" R "$(replay "$ef" ef-as-base no_mutation)" \
	"$TOP/tests/e2e.sh" base control
mutant e2e-perf-kvm-base-control "an empty perf report" R "$(replay "$eb" eb-empty empty_report)" \
	"$TOP/tests/e2e.sh" base control

# In the host-only recordings, every other VMM sample in [kvm] becomes one in the kernel.
halve_kvm_in_host_only() {
	local r
	for r in kvm-host-cpu-clock kvm-host-cycles record-H-cpu-clock record-H-cycles; do
		edit_step "$1" "dump-$r" '/dso: \[kvm\]/ && (n++ % 2) { sub(/\[kvm\]/, "[kernel.kallsyms]") } { print }'
	done
}
no_kvm_samples() { edit_step "$1" dump-kvm-both-cpu-clock '{ if ($0 ~ /dso: \[kvm\]/) sub(/\[kvm\]/, "[kernel.kallsyms]"); print }'; }
mutant exclusion-perf-full "the upstream kernel's run (guest samples kept)" R "$(replay "$xu" xu-as-full no_mutation)" \
	"$TOP/tests/exclusion.sh" full pass
# perf report -D failing after it wrote part of the dump to its file.
dump_failed() { set_step_rc "$1" dump-kvm-both-cpu-clock-file 1; }
mutant exclusion-perf-full "perf report -D failed writing one dump" R "$(replay "$xf" xf-dump-failed dump_failed)" \
	"$TOP/tests/exclusion.sh" full pass
mutant exclusion-perf-full "no [kvm] sample in the host+guest recording" R "$(replay "$xf" xf-no-kvm no_kvm_samples)" \
	"$TOP/tests/exclusion.sh" full pass
# A judged recording must hold samples, though an unjudged one may not.
no_guest_only_samples() { edit_step "$1" dump-kvm-guest-cpu-clock '/PERF_RECORD_SAMPLE/ { next } { print }'; }
mutant exclusion-perf-full "no sample in a judged guest-only recording" R "$(replay "$xf" xf-no-guest-only no_guest_only_samples)" \
	"$TOP/tests/exclusion.sh" full pass
mutant exclusion-perf-upstream-control "the full kernel's run (has the fix)" R "$(replay "$xf" xf-as-upstream no_mutation)" \
	"$TOP/tests/exclusion.sh" upstream control
tree_copy
mutate_file scripts/lib.sh "s/|excludes-host cycles'$/|excludes-host (cycles|cpu-clock)'/"
mutant exclusion-perf-upstream-control "the cpu-clock exclude_host recordings left out of the control too" \
	R "$(replay "$xu" xu-unjudged no_mutation)" "$copy/tests/exclusion.sh" upstream control
rm -rf "$copy"
mutant exclusion-perf-moved-control "the full kernel's run (drops, does not move)" \
	R "$(replay "$xf" xf-as-moved no_mutation)" "$TOP/tests/exclusion.sh" control-moved moved-control
mutant exclusion-perf-moved-control "the moved samples' [kvm] share halved" \
	R "$(replay "$xm" xm-halved halve_kvm_in_host_only)" "$TOP/tests/exclusion.sh" control-moved moved-control

vmm_accepts() { set_step_rc "$1" not-elf 0; }
mutant vmm "the VMM accepts a payload that is not an ELF" R "$(replay "$vm" vm-accepts vmm_accepts)" "$TOP/tests/vmm.sh"
vmm_chains_cut() { edit_step "$1" walk-chain_vs-chains 'NF > 3 { $0 = $1 " " $2 " " $3 } { print }'; }
mutant vmm "the VMM's chains cut after the PC" R "$(replay "$vm" vm-chains-cut vmm_chains_cut)" "$TOP/tests/vmm.sh"

no_accounting() { edit_step "$1" record '{ if ($0 ~ /^workload: /) next; print }'; }
no_boot() { edit_step "$1" record '/perf record/ { print }'; }
# Every guest kernel sample of the report relabelled guest user (a kernel
# that reads the guest's mode wrong).
all_guest_user() {
	edit_step "$1" report '/\|\[g\] / { sub(/\[guest\.kernel\.kallsyms\]/, "[unknown]"); sub(/\|\[g\] /, "|[u] ") } { print }'
}
# The guest's larger user rows (5% or more) relabelled guest kernel, the
# read() path left as it is: only the user-share bound can catch it.
user_as_kernel() {
	edit_step "$1" report '/\|\[u\] / && $1 + 0 >= 5 { sub(/\[unknown\]/, "[guest.kernel.kallsyms]"); sub(/\|\[u\] /, "|[g] ") } { print }'
}
mutant linux-guest-full "the base kernel's run (no guest samples)" R "$(replay "$lb" lb-as-full no_mutation)" \
	"$TOP/tests/linux-guest.sh" full pass
mutant linux-guest-full "a guest whose workload never ran" R "$(replay "$lf" lf-no-workload no_accounting)" \
	"$TOP/tests/linux-guest.sh" full pass
mutant linux-guest-full "every guest sample labelled user" R "$(replay "$lf" lf-all-user all_guest_user)" \
	"$TOP/tests/linux-guest.sh" full pass
mutant linux-guest-full "guest user time read as guest kernel" R "$(replay "$lf" lf-user-as-kernel user_as_kernel)" \
	"$TOP/tests/linux-guest.sh" full pass
mutant linux-guest-base-control "the full kernel's run (has the feature)" R "$(replay "$lf" lf-as-base no_mutation)" \
	"$TOP/tests/linux-guest.sh" base control
mutant linux-guest-base-control "a guest that never booted" R "$(replay "$lb" lb-no-boot no_boot)" \
	"$TOP/tests/linux-guest.sh" base control

# perf kvm stat's table when patch 0006 dropped the tracepoints' samples.
empty_exit_table() {
	edit_step "$1" stat-report '/VM-EXIT/ { print; print ""; print "Total Samples:0, Total events handled time:0.00us."; skip = 1; next }
		skip { next } { print }'
}
kallsyms_differ() { set_step_rc "$1" same-kallsyms 1; }
# The host's timer interrupts as Debian's perf 6.12 reports them.
timer_unknown() { edit_step "$1" stat-report '{ sub(/IRQ_S_TIMER/, "UNKNOWN") } { print }'; }
mutant debian-guest-full "the base kernel's run (no guest samples)" R "$(replay "$db" db-as-full no_mutation)" \
	"$TOP/tests/debian-guest.sh" full pass
mutant debian-guest-full "an empty exit table (0006 dropping tracepoint samples)" \
	R "$(replay "$df" df-no-exits empty_exit_table)" "$TOP/tests/debian-guest.sh" full pass
mutant debian-guest-full "the host's timer interrupts UNKNOWN (Debian's perf 6.12)" \
	R "$(replay "$df" df-unknown timer_unknown)" "$TOP/tests/debian-guest.sh" full pass
mutant debian-guest-full "the recorded guest's kallsyms not those perf was given" \
	R "$(replay "$df" df-kallsyms kallsyms_differ)" "$TOP/tests/debian-guest.sh" full pass
mutant debian-guest-base-control "the full kernel's run (has the feature)" R "$(replay "$df" df-as-base no_mutation)" \
	"$TOP/tests/debian-guest.sh" base control
mutant debian-guest-base-control "a guest that never booted" R "$(replay "$db" db-no-boot no_boot)" \
	"$TOP/tests/debian-guest.sh" base control
mutant debian-guest-debian-control "the full kernel's run (has the feature)" R "$(replay "$df" df-as-debian no_mutation)" \
	"$TOP/tests/debian-guest.sh" debian control
mutant debian-guest-debian-control "a guest that never booted" R "$(replay "$dd" dd-no-boot no_boot)" \
	"$TOP/tests/debian-guest.sh" debian control

# The 7.3 series: which samples KVM calls the guest's, cpu-clock's exclusion
# bits (pmi_in_guest_test), and the perf-tools topic's perf test cases.
tp_marked_guest() { edit_step "$1" pmi-in-guest-test '{ sub(/^ok 1 kvm\/kvm_exit: 0 of/, "not ok 1 kvm/kvm_exit: 1 of") } { print }'; }
mutant pmi-in-guest-7.3-full "the 7.3-base kernel's run" R "$(replay "$pb" pb-as-full no_mutation)" \
	"$TOP/tests/pmi-in-guest.sh" 7.3-full pass
mutant pmi-in-guest-7.3-full "a tracepoint sample marked guest" R "$(replay "$pf" pf-tp tp_marked_guest)" \
	"$TOP/tests/pmi-in-guest.sh" 7.3-full pass
mutant pmi-in-guest-7.3-base-control "the 7.3-full kernel's run" R "$(replay "$pf" pf-as-base no_mutation)" \
	"$TOP/tests/pmi-in-guest.sh" 7.3-base control
mutant pmi-in-guest-debian-7.2-control "the 7.3-full kernel's run" R "$(replay "$pf" pf-as-debian no_mutation)" \
	"$TOP/tests/pmi-in-guest.sh" debian-7.2 control
# The 6.12 checks of full on 7.3's kernels.
# One accounting case failing its bound.
accounting_off() {
	edit_step "$1" guest-profiling-test '!done && /^ok [0-9]+ accounting SBI cpu-clock:/ {
		sub(/^ok/, "not ok"); done = 1 } { print }'
}
mutant selftest-7.3-full "the 7.3-base kernel's run" R "$(replay "$s73b" s73b-as-full no_mutation)" \
	"$TOP/tests/selftest.sh" 7.3-full pass
mutant selftest-7.3-full "an accounting case failed" R "$(replay "$s73f" s73f-accounting accounting_off)" \
	"$TOP/tests/selftest.sh" 7.3-full pass
mutant selftest-7.3-base-control "the 7.3-full kernel's run" R "$(replay "$s73f" s73f-as-base no_mutation)" \
	"$TOP/tests/selftest.sh" 7.3-base control 'accounting '
mutant selftest-debian-7.2-control "the 7.3-full kernel's run" R "$(replay "$s73f" s73f-as-debian no_mutation)" \
	"$TOP/tests/selftest.sh" debian-7.2 control 'accounting '
mutant exclusion-perf-7.3-full "the 7.3-base kernel's run" R "$(replay "$x73b" x73b-as-full no_mutation)" \
	"$TOP/tests/exclusion.sh" 7.3-full pass
mutant exclusion-perf-7.3-base-control "the 7.3-full kernel's run" R "$(replay "$x73f" x73f-as-base no_mutation)" \
	"$TOP/tests/exclusion.sh" 7.3-base clock-control
mutant exclusion-perf-7.3-base-control "no sample in a judged guest-only recording" \
	R "$(replay "$x73b" x73b-no-guest-only no_guest_only_samples)" "$TOP/tests/exclusion.sh" 7.3-base clock-control
# The SBI calls of 7.3's exit table under a name no perf gives them.
sbi_unnamed() { edit_step "$1" stat-report '{ sub(/EXC_SUPERVISOR_SYSCALL/, "EXC_SYSCALL") } { print }'; }
mutant debian-guest-7.3-full "the SBI calls misnamed in 7.3's exit table" \
	R "$(replay "$d73f" d73f-sbi sbi_unnamed)" "$TOP/tests/debian-guest.sh" 7.3-full pass
mutant debian-guest-7.3-full "a guest that never booted" R "$(replay "$d73f" d73f-no-boot no_boot)" \
	"$TOP/tests/debian-guest.sh" 7.3-full pass
mutant debian-guest-debian-7.2 "the host's timer interrupts UNKNOWN" \
	R "$(replay "$dd72" dd72-unknown timer_unknown)" "$TOP/tests/debian-guest.sh" debian-7.2 boots
mutant debian-guest-debian-7.2 "a guest that never booted" R "$(replay "$dd72" dd72-no-boot no_boot)" \
	"$TOP/tests/debian-guest.sh" debian-7.2 boots
mutant e2e-perf-kvm-7.3-full "the 7.3-base kernel's run (kvm.ko's labels listed)" \
	R "$(replay "$e73b" e73b-as-full no_mutation)" "$TOP/tests/e2e.sh" 7.3-full pass
mutant e2e-perf-kvm-7.3-base-labels-control "the 7.3-full kernel's run (no labels)" \
	R "$(replay "$e73f" e73f-as-base no_mutation)" "$TOP/tests/e2e.sh" 7.3-base labels-control
mutant e2e-perf-kvm-7.3-base-labels-control "the base kernel's run (no guest samples)" \
	R "$(replay "$eb" eb-as-73base no_mutation)" "$TOP/tests/e2e.sh" 7.3-base labels-control
mutant linux-guest-7.3-full "a guest whose workload never ran" R "$(replay "$l73f" l73f-no-workload no_accounting)" \
	"$TOP/tests/linux-guest.sh" 7.3-full pass
mutant perf-tests-7.3-full "the perf of the fixes taken back" "$TOP/tests/perf-tests.sh" 7.3-control-perf-tools pass
mutant perf-tests-7.3-control "the 7.3-full perf (fixes in)" "$TOP/tests/perf-tests.sh" 7.3-full control
mutant perf-tests-full "the perf of 0018's code taken back" "$TOP/tests/perf-tests.sh" control-perf-kvm-stat pass
mutant perf-tests-control "the full perf (0018 in)" "$TOP/tests/perf-tests.sh" full control

# The guest call graph run: perf script's chains, perf's flame graph page.
chain_cut() { edit_step "$1" script-out '/ ksys_read \(\[guest\.kernel/ { next } { print }'; }
no_guest_roots() { edit_step "$1" flamegraph-page '{ gsub(/\[guest\] /, "") } { print }'; }
guest_roots_unnamed() { edit_step "$1" flamegraph-page '{ gsub(/\[guest\] qemu-system-ris CPU [0-9]+\/KVM/, "[guest] :52") } { print }'; }
page_scripts_off() { edit_step "$1" flamegraph-page '{ gsub(/<script/, "<noscript") } { print }'; }
empty_script() { edit_step "$1" script-out '{ next }'; }
mutant debian-callchain-full "the upstream kernel's run (no guest chains)" R "$(replay "$cu" cu-as-full no_mutation)" \
	"$TOP/tests/debian-callchain.sh" full pass
mutant debian-callchain-full "the read() chains lose their ksys_read frame" \
	R "$(replay "$cf" cf-cut chain_cut)" "$TOP/tests/debian-callchain.sh" full pass
mutant debian-callchain-full "a flame graph without guest root frames" \
	R "$(replay "$cf" cf-no-roots no_guest_roots)" "$TOP/tests/debian-callchain.sh" full pass
mutant debian-callchain-full "guest root frames named from the guest machine (:TID)" \
	R "$(replay "$cf" cf-unnamed guest_roots_unnamed)" "$TOP/tests/debian-callchain.sh" full pass
mutant debian-callchain-full "a flame graph page whose scripts do not run" \
	R "$(replay "$cf" cf-no-js page_scripts_off)" "$TOP/tests/debian-callchain.sh" full pass
mutant debian-callchain-full "perf script printed nothing" \
	R "$(replay "$cf" cf-empty empty_script)" "$TOP/tests/debian-callchain.sh" full pass
mutant debian-callchain-upstream-control "the full kernel's run (has the feature)" \
	R "$(replay "$cf" cf-as-upstream no_mutation)" "$TOP/tests/debian-callchain.sh" upstream control
mutant debian-callchain-upstream-control "a guest whose workload never ran" \
	R "$(replay "$cu" cu-no-workload no_accounting)" "$TOP/tests/debian-callchain.sh" upstream control
# The same on 7.3: its series' perf, its controls.
mutant debian-callchain-7.3-full "the 7.3-base kernel's run (no guest chains)" \
	R "$(replay "$c73b" c73b-as-full no_mutation)" "$TOP/tests/debian-callchain.sh" 7.3-full pass
mutant debian-callchain-7.3-full "the read() chains lose their ksys_read frame" \
	R "$(replay "$c73f" c73f-cut chain_cut)" "$TOP/tests/debian-callchain.sh" 7.3-full pass
mutant debian-callchain-7.3-base-control "the 7.3-full kernel's run (has the feature)" \
	R "$(replay "$c73f" c73f-as-base no_mutation)" "$TOP/tests/debian-callchain.sh" 7.3-base control
# debian-7.2 records with 6.12's series perf (its tree is the default's):
# the full kernel's run, which has that perf.
mutant debian-callchain-debian-7.2-control "the full kernel's run (has the feature)" \
	R "$(replay "$cf" cf-as-debian-7.2 no_mutation)" "$TOP/tests/debian-callchain.sh" debian-7.2 control
mutant debian-callchain-debian-7.2-control "a guest whose workload never ran" \
	R "$(replay "$c72" c72-no-workload no_accounting)" "$TOP/tests/debian-callchain.sh" debian-7.2 control

# The 7.3 guest-callchain RFC's selftest.
race_wrong() { edit_step "$1" guest-callchain-test '{ sub(/^ok 3 race /, "not ok 3 race ") } { print }'; }
off_with_frames() { edit_step "$1" guest-callchain-test '{ sub(/^ok 2 chain VS switch off: /, "not ok 2 chain VS switch off: ") } { print }'; }
few_samples() { edit_step "$1" guest-callchain-test '{ sub(/^# chain VS: [0-9]+ guest kernel samples/, "# chain VS: 12 guest kernel samples") } { print }'; }
mutant guest-callchain-7.3-full "the 7.3-base kernel's run" R "$(replay "$gcb" gcb-as-full no_mutation)" \
	"$TOP/tests/guest-callchain.sh" 7.3-full pass
mutant guest-callchain-7.3-full "a race chain that is neither right, cut nor stale" \
	R "$(replay "$gcf" gcf-race race_wrong)" "$TOP/tests/guest-callchain.sh" 7.3-full pass
mutant guest-callchain-7.3-full "guest frames with the switch off" \
	R "$(replay "$gcf" gcf-off off_with_frames)" "$TOP/tests/guest-callchain.sh" 7.3-full pass
mutant guest-callchain-7.3-base-control "the 7.3-full kernel's run" R "$(replay "$gcf" gcf-as-base no_mutation)" \
	"$TOP/tests/guest-callchain.sh" 7.3-base control
mutant guest-callchain-7.3-base-control "too few samples to judge" R "$(replay "$gcb" gcb-few few_samples)" \
	"$TOP/tests/guest-callchain.sh" 7.3-base control
mutant guest-callchain-debian-7.2-control "the 7.3-full kernel's run" R "$(replay "$gcf" gcf-as-debian no_mutation)" \
	"$TOP/tests/guest-callchain.sh" debian-7.2 control
mutant guest-callchain-debian-7.2-control "too few samples to judge" R "$(replay "$gc72" gc72-few few_samples)" \
	"$TOP/tests/guest-callchain.sh" debian-7.2 control
# The 6.12 selftest's race case on 7.3-full, no longer left out there.
race_case_wrong() {
	edit_step "$1" guest-profiling-test '!done && /^ok [0-9]+ race / { sub(/^ok/, "not ok"); done = 1 } { print }'
}
mutant selftest-7.3-full "the race case failed" R "$(replay "$s73f" s73f-race race_case_wrong)" \
	"$TOP/tests/selftest.sh" 7.3-full pass

vm_leaked() {
	edit_step "$1" qemu-kill '!done && /^ok round / { print "not ok round 2: kvm.ko does not unload after QEMU was killed (Resource temporarily unavailable): a VM leaked"; done = 1; next } { print }'
	set_step_rc "$1" qemu-kill 1
}
empty_data() { edit_step "$1" last-data '{ sub(/SAMPLE events: *[0-9]+/, "SAMPLE events: 0"); print }'; }
mutant stress-qemu-kill-debug "a round whose kvm.ko did not unload" R "$(replay "$qk" qk-leak vm_leaked)" \
	"$TOP/tests/qemu-kill.sh" debug 5
mutant stress-qemu-kill-debug "a last perf.data without samples" R "$(replay "$qk" qk-empty empty_data)" \
	"$TOP/tests/qemu-kill.sh" debug 5

kasan_report() { printf '[   42.000000] BUG: KASAN: slab-use-after-free in kvm_arch_vcpu_get_ip+0x1c/0x30 [kvm]\n' >>"$1/console.log"; }
reload_failed() { set_step_rc "$1" kvm-reload 1; }
mutant stress-debug "a KASAN report in the kernel log" R "$(replay "$st" st-kasan kasan_report)" \
	"$TOP/tests/stress.sh" debug ci
mutant stress-debug "kvm-reload exited 1" R "$(replay "$st" st-reload reload_failed)" "$TOP/tests/stress.sh" debug ci

other_warning() {
	grep -av 'Unable to handle\|Oops\|epc\|ra *:' "$1/console.log" >"$1/console.new" || true
	printf '[    9.000000] WARNING: CPU: 1 PID: 1 at mm/slub.c:1234 free_to_partial_list+0x10/0x20\n' >>"$1/console.new"
	mv "$1/console.new" "$1/console.log"
}
mutant stress-init-failure-control "a clean run (the bug not caught)" R "$(replay "$st" st-as-control no_mutation)" \
	"$TOP/tests/init-failure-control.sh"
mutant stress-init-failure-control "a kernel report other than the injected bug's" \
	R "$(replay "$ic" ic-other other_warning)" "$TOP/tests/init-failure-control.sh"

echo
echo "$caught caught, $missed missed"
[ "$missed" -eq 0 ]
