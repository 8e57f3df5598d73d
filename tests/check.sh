#!/bin/bash
# `make check`: every test, each one's verdict, and a closing
# "N passed, N failed" line.  A control (the unpatched `base` kernel failing
# the feature's assertions) passes when it fails as expected.
#   tests/check.sh [check|stress]
# "stress" (`make check-stress`) runs the long stress scenarios on the
# debug kernel instead, at STRESS_SIZE (ci or full, default full): they
# take six minutes at ci size, which make check's time budget has no room
# for.
. "$(dirname "$0")/../scripts/lib.sh"

# timed NAME CMD...: run CMD with its output in the check's log, and its
# wall and CPU seconds (user + system, its processes' and their
# children's) in out/logs/test-NAME.time.
timed() {
	local name=$1 TIMEFORMAT='%0R %0U %0S' t real user sys
	shift
	rm -f "$LOGS/test-$name.time"
	set +e
	t=$( { time "$@" >"$LOGS/test-$name.log" 2>&1 </dev/null; } 2>&1)
	local rc=$?
	set -e
	read -r real user sys <<<"$t"
	echo "$real $((user + sys))" >"$LOGS/test-$name.time"
	return $rc
}

# tests/check.sh --timed NAME CMD...: how check() runs a check in the
# background.
if [ "${1:-}" = --timed ]; then
	shift
	timed "$@"
	exit
fi

suite=${1:-check}
case $suite in check | stress) ;; *) die "usage: $0 [check|stress]" ;; esac
[ $# -le 1 ] || die "usage: $0 [check|stress]"
stress_size=${STRESS_SIZE:-full}
case $stress_size in ci) kill_rounds=5 ;; full) kill_rounds=20 ;; *) die "STRESS_SIZE must be 'ci' or 'full', not '$stress_size'" ;; esac

passed=0 failed=0 failures=()
check_start=$(date +%s)
summary=$LOGS/$suite-summary.txt
: >"$summary"

# The checks after `side_by_side` run CHECK_JOBS at a time (default: one a
# core), started in the order they are listed as soon as they fit.  A rig
# keeps about one core busy, its two vCPU threads mostly taking turns
# (selftest-full: 165 s of CPU in 151 s), so two rigs on two cores take
# the time of one; the builds before run alone.
jobs=${CHECK_JOBS:-$(nproc)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "CHECK_JOBS must be a positive whole number, not '$jobs'"
# Checks that run alone even so: they wait on their rig's other vCPU, and
# beside another rig the emulated CPU they wait for waits for a host core.
# Upstream's KVM selftests wait for IPIs (set_memory_region_test sends
# one per memslot it adds, 32764): their runs took 175 s and 193 s beside
# other checks, 35 s and 81 s alone.  Debian's guest keeps both of the
# rig's vCPUs busy (1.5 cores, perf beside it): two such checks side by
# side each took 2.5 times as long as alone, and one beside another rig
# check about twice as long (debian-guest-full 92 s against 40 s), the
# other check gaining less than that (CHECK_ALONE_RE, scripts/lib.sh).  A
# check waiting to run alone is not passed by a later one, which could
# otherwise keep it waiting.
alone_re=$CHECK_ALONE_RE
pool=0 busy=0
declare -A running=()	# pid of a running check -> its name
queue=() queued_cmd=()	# checks not started yet, and their commands (printf %q)

# verdict NAME RC: count a finished check and print its result, with the
# seconds it took and the CPU seconds of its processes (timed() below).
verdict() {
	local name=$1 rc=$2 log=$LOGS/test-$1.log real cpu
	{ read -r real cpu <"$LOGS/test-$name.time"; } 2>/dev/null || { real="?" cpu="?"; }
	# Each test's last line is its one-line result.
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS: $name ($real s, $cpu s CPU): $(grep -v '^==>' "$log" | tail -n 1)" | tee -a "$summary"
	else
		failed=$((failed + 1))
		failures+=("$name")
		echo "FAIL: $name ($real s, $cpu s CPU); last lines of ${log#"$TOP"/}:" | tee -a "$summary"
		tail -n 20 "$log" | sed 's/^/    /'
	fi
}

# check NAME CMD...: run one test with its output in out/logs/test-NAME.log;
# after side_by_side, queue it for all_done to start in the background.
check() {
	local name=$1 log=$LOGS/test-$1.log rc
	shift
	if [ $pool = 0 ]; then
		echo "--> test $name (log: ${log#"$TOP"/})"
		set +e
		timed "$name" "$@"
		rc=$?
		set -e
		verdict "$name" $rc
		return
	fi
	queue+=("$name")
	queued_cmd+=("$(printf '%q ' "$@")")
}

# slots NAME: how many of the CHECK_JOBS slots check NAME takes.
slots() {
	if [[ $1 =~ $alone_re ]]; then echo "$jobs"; else echo 1; fi
}

# fits NAME: whether check NAME may start now.
fits() {
	[ $((busy + $(slots "$1"))) -le "$jobs" ]
}

# start I: start the queued check I in the background.
start() {
	local name=${queue[$1]} log=$LOGS/test-${queue[$1]}.log
	echo "--> test $name (log: ${log#"$TOP"/}; ${#running[@]} other check(s) running)"
	# setsid: a process group of its own, which stop_checks kills whole.
	eval "setsid \"\$0\" --timed \"\$name\" ${queued_cmd[$1]} &"
	running[$!]=$name
	busy=$((busy + $(slots "$name")))
	unset "queue[$1]" "queued_cmd[$1]"
}

# reap_one: wait for a running check to finish and print its verdict.
reap_one() {
	local pid rc name
	set +e
	wait -n -p pid "${!running[@]}"
	rc=$?
	set -e
	name=${running[$pid]}
	busy=$((busy - $(slots "$name")))
	unset "running[$pid]"
	verdict "$name" "$rc"
}

side_by_side() {
	pool=1
	echo "==> the checks below run $jobs at a time (CHECK_JOBS), those matching '$alone_re' alone"
}

# all_done: run the queued checks, each as soon as it fits, in their
# order, and wait for every one.
all_done() {
	local i
	while [ ${#queue[@]} -gt 0 ] || [ ${#running[@]} -gt 0 ]; do
		for i in "${!queue[@]}"; do
			if fits "${queue[$i]}"; then
				start "$i"
			elif [[ ${queue[$i]} =~ $alone_re ]]; then
				break
			fi
		done
		[ ${#running[@]} -gt 0 ] || die "check: no queued check can start on an idle machine (CHECK_JOBS=$jobs)"
		reap_one
	done
}

# On exit or interrupt, no check is left running.
stop_checks() {
	local pid
	for pid in "${!running[@]}"; do
		kill -TERM -- "-$pid" 2>/dev/null || true
	done
}
trap stop_checks EXIT
trap 'echo "check: interrupted; the running checks stopped" >&2; exit 130' INT
trap 'echo "check: terminated; the running checks stopped" >&2; exit 143' TERM

if [ "$suite" = check ]; then
check unit-host-guest-report "$OUT/host/test_profile"
check unit-perf-dump-reader "$OUT/host/test_dump"
check unit-kvm-stat-reader "$OUT/host/test_kvm_stat"
check unit-plan "$OUT/host/test_plan"
check unit-callchain-reader "$OUT/host/test_callchain"
check unit-guest-walk "$OUT/host/test_guest_walk"
check unit-fdt "$TOP/tests/unit/fdt.sh"
check shellcheck bash -c 'cd "$1" && shellcheck -x -S warning scripts/*.sh tests/*.sh tests/unit/*.sh bench/*.sh .ci/run &&
	echo "shellcheck: no warnings in scripts/, tests/, tests/unit/, bench/, .ci/run"' _ "$TOP"
# The test list of docs/tests.md names exactly the checks below.
check doc-test-list "$TOP/tests/doc-test-list.sh"
# Every kernel and KVM selftest the checks below boot, one build at a time.
check builds "$TOP/tests/builds.sh"
check builds-after-each-patch "$TOP/tests/build-each-patch.sh"
side_by_side
# The checks that run alone first, then the others longest first (by a
# warm run's times, docs/results.md#time), so that the last to finish is
# a short one.
# Upstream's riscv KVM selftests, each kernel running its own tree's:
# the same results on full as on base, and on debug with no kernel report;
# without 0015 a guest makes KVM read host memory out of bounds (issue 22);
# a kernel that drops the overflows of KVM's counters (as 0006 first did,
# for some) gives the guest no counter overflow interrupt (the two
# controls below).
check kvm-selftests-full "$TOP/tests/kvm-selftests.sh" pass full full base base
check kvm-selftests-debug "$TOP/tests/kvm-selftests.sh" pass debug full full full
check kvm-selftests-7.3-full "$TOP/tests/kvm-selftests.sh" pass 7.3-full 7.3-full 7.3-base 7.3-base
# Debian 13's kernel under Debian's QEMU, recorded by Debian's perf (issue 13).
check debian-guest-full "$TOP/tests/debian-guest.sh" full pass
check debian-guest-base-control "$TOP/tests/debian-guest.sh" base control
# The real world: Debian 13's own kernel as the host, with its own kvm.ko.
check debian-guest-debian-control "$TOP/tests/debian-guest.sh" debian control
# The same guest recorded with -g by the series' perf: its read() path as
# one chain, and perf's flame graph in Chromium (issue 14).  upstream
# gives guest samples no chain.
check debian-callchain-full "$TOP/tests/debian-callchain.sh" full pass
check debian-callchain-upstream-control "$TOP/tests/debian-callchain.sh" upstream control
# 6.12's Debian guest check on 7.3-full, its exit table by 7.3's perf.
check debian-guest-7.3-full "$TOP/tests/debian-guest.sh" 7.3-full pass
# The Debian guest's call graphs (issue 25) on 7.3-full, recorded by 7.3's
# series perf; 7.3-base and Debian's own 7.2.13 have no guest chains.
check debian-callchain-7.3-full "$TOP/tests/debian-callchain.sh" 7.3-full pass
check debian-callchain-7.3-base-control "$TOP/tests/debian-callchain.sh" 7.3-base control
check debian-callchain-debian-7.2-control "$TOP/tests/debian-callchain.sh" debian-7.2 control
# Debian's own 7.2.13 as the host: the guest boots and the exit table
# holds (its accounting and exclusion fail above).
check debian-guest-debian-7.2 "$TOP/tests/debian-guest.sh" debian-7.2 boots
check selftest-full "$TOP/tests/selftest.sh" full pass
# The 6.12 series' selftest on 7.3's kernels, the same cases with the same
# bounds: attribution, accounting, exclusion, tracepoints and call chains
# (hostile guests and the race among them) on 7.3-full; upstream's rule (7.3-base)
# and Debian's own 7.2.13 give perf's guest share 16-71 points over the
# accounted guest time.
check selftest-7.3-full "$TOP/tests/selftest.sh" 7.3-full pass
# upstream attributes host work inside KVM_RUN to the guest (issue 3),
# records guest samples for events that exclude the guest (issue 4) and
# gives guest samples no guest callchain (issue 14).
check selftest-upstream-control "$TOP/tests/selftest.sh" upstream control \
	'accounting |exclusion [A-Za-z]+ [a-z-]+ exclude_guest|chain |hostile |race '
# The guest stack walk runs in the perf interrupt: on the debug kernel
# (lockdep, KASAN), its cases must pass with no kernel report.
check selftest-callchain-debug "$TOP/tests/selftest.sh" debug pass callchain
# Host-only / guest-only recordings with the real tool (issue 4).
check exclusion-perf-full "$TOP/tests/exclusion.sh" full pass
check exclusion-perf-upstream-control "$TOP/tests/exclusion.sh" upstream control
# A host-only recording must not show guest time as [kvm] time (v6.13's rule).
check exclusion-perf-moved-control bash -c '"$1/scripts/kernel.sh" control-moved >/dev/null &&
	"$1/tests/exclusion.sh" control-moved moved-control' _ "$TOP"
# Host-only and guest-only recordings with the real tool: on 7.3-base
# cpu-clock leaves host samples in guest-only recordings (the perf-core
# topic).
check exclusion-perf-7.3-full "$TOP/tests/exclusion.sh" 7.3-full pass
check exclusion-perf-7.3-base-control "$TOP/tests/exclusion.sh" 7.3-base clock-control
check checkpatch "$TOP/tests/checkpatch.sh"
check rig-bad-input "$TOP/tests/rig-input.sh"
# selftest-7.3-full's controls (above).
check selftest-7.3-base-control "$TOP/tests/selftest.sh" 7.3-base control 'accounting '
check selftest-debian-7.2-control "$TOP/tests/selftest.sh" debian-7.2 control 'accounting '
# 6.12's Linux guest under the VMM, on 7.3-full.
check linux-guest-7.3-full "$TOP/tests/linux-guest.sh" 7.3-full pass
# A Linux guest under the VMM, profiled with the real tool (issue 6).
check linux-guest-full "$TOP/tests/linux-guest.sh" full pass
check linux-guest-base-control "$TOP/tests/linux-guest.sh" base control
# The guest call-chain RFC (issue 25): chains in order with
# kvm.perf_guest_callchain on, the PC alone with it off, a race with a
# second vCPU rewriting the stack and its page table; kernels without the
# walk fail the chain and race cases.
check guest-callchain-7.3-full "$TOP/tests/guest-callchain.sh" 7.3-full pass
check guest-callchain-7.3-base-control "$TOP/tests/guest-callchain.sh" 7.3-base control
check guest-callchain-debian-7.2-control "$TOP/tests/guest-callchain.sh" debian-7.2 control
# The 7.3 series (issue 24): which samples KVM calls the guest's and what
# cpu-clock's exclusion bits leave, deterministic; Debian's 7.3 unpatched
# (upstream's rule) fails both.
check pmi-in-guest-7.3-full "$TOP/tests/pmi-in-guest.sh" 7.3-full pass
check pmi-in-guest-7.3-base-control "$TOP/tests/pmi-in-guest.sh" 7.3-base control
# The real world on 7.x: Debian's own 7.2.13 riscv64 kernel (sid) as the
# host, with its own kvm.ko.
check pmi-in-guest-debian-7.2-control "$TOP/tests/pmi-in-guest.sh" debian-7.2 control
check selftest-base-control "$TOP/tests/selftest.sh" base control 'V[SU] ' attribution
check vmm "$TOP/tests/vmm.sh"
check e2e-perf-kvm-full "$TOP/tests/e2e.sh" full pass
check e2e-perf-kvm-base-control "$TOP/tests/e2e.sh" base control
# The real tool end to end on 7.3: 7.3-base has the basic form but lists
# kvm.ko's local labels (the modules topic).
check e2e-perf-kvm-7.3-full "$TOP/tests/e2e.sh" 7.3-full pass
check e2e-perf-kvm-7.3-base-labels-control "$TOP/tests/e2e.sh" 7.3-base labels-control
check kvm-selftests-base-debug-control "$TOP/tests/kvm-selftests.sh" control oob-read base-debug full
check kvm-selftests-overflow-control bash -c '"$1/scripts/kernel.sh" control-overflow >/dev/null &&
	"$1/tests/kvm-selftests.sh" control overflow control-overflow full' _ "$TOP"
# A walk that reads the guest's page tables as plain ones (reserved PTE
# bits, Svnapot ignored) and device memory as RAM: the format cases must
# catch it.
check selftest-callchain-formats-control bash -c '"$1/scripts/kernel.sh" control-walk-formats >/dev/null &&
	"$1/tests/selftest.sh" control-walk-formats control "hostile (reserved PTE bit|Svnapot-mapped stack|device-memory slot) " callchain' _ "$TOP"
# A guest stack walk that follows frames not above the last one loops
# until perf's bound stops it: the hostile loop cases must catch it.
check selftest-callchain-control bash -c '"$1/scripts/kernel.sh" control-walk-loops >/dev/null &&
	"$1/tests/selftest.sh" control-walk-loops control "hostile (frame pointing to itself|two-frame loop) " callchain' _ "$TOP"
# The walk reads guest memory only where the host turned it on
# (kvm.perf_guest_callchain): a kernel that walks whatever the switch says
# must fail the switch-off case.
check selftest-callchain-switch-control bash -c '"$1/scripts/kernel.sh" control-walk-switch >/dev/null &&
	"$1/tests/selftest.sh" control-walk-switch control "chain VS switch off " callchain' _ "$TOP"
# BPF's stack helpers given a guest sample's chain as it is (0009 as first
# written): the BPF stack map case must catch it.
check selftest-bpf-control bash -c '"$1/scripts/kernel.sh" control-bpf >/dev/null &&
	"$1/tests/selftest.sh" control-bpf control "BPF stack map " callchain' _ "$TOP"
# perf kvm stat samples KVM's tracepoints with exclude_host set: patch
# 0006 as first written dropped every one of those samples.
check selftest-tracepoint-control bash -c '"$1/scripts/kernel.sh" control-tracepoints >/dev/null &&
	"$1/tests/selftest.sh" control-tracepoints control "tracepoint " tracepoint' _ "$TOP"
# The perf-tools topic's perf test cases pass, and fail with its fixes
# taken back.
check perf-tests-7.3-full "$TOP/tests/perf-tests.sh" 7.3-full pass
# 6.12's 0018 (perf kvm stat names the host's interrupts): its case passes,
# and fails with 0018's code taken back.
check perf-tests-full "$TOP/tests/perf-tests.sh" full pass
check perf-tests-control "$TOP/tests/perf-tests.sh" control-perf-kvm-stat control
check perf-tests-7.3-control "$TOP/tests/perf-tests.sh" 7.3-control-perf-tools control
all_done
else
# Lifecycle and load stress on the debug kernel (issue 5).
check stress-debug "$TOP/tests/stress.sh" debug "$stress_size"
check stress-init-failure-control "$TOP/tests/init-failure-control.sh"
# kill -9 of QEMU while perf samples it, on the debug kernel (issue 13).
check stress-qemu-kill-debug "$TOP/tests/qemu-kill.sh" debug "$kill_rounds"
# The same on the 7.3 series' debug kernel (issue 24); the init-failure
# control's broken kernel proves the test code both trees share.
check stress-7.3-debug bash -c '"$1/scripts/kernel.sh" 7.3-debug >/dev/null &&
	"$1/tests/stress.sh" 7.3-debug "$2"' _ "$TOP" "$stress_size"
check stress-qemu-kill-7.3-debug bash -c '"$1/scripts/kernel.sh" 7.3-debug >/dev/null &&
	"$1/tests/qemu-kill.sh" 7.3-debug "$2"' _ "$TOP" "$kill_rounds"
# The 6.12 selftest's call-chain group, the race case among it, on the 7.3
# series' debug kernel (issue 25): no lockdep, KASAN or KFENCE report.
check selftest-callchain-7.3-debug bash -c '"$1/scripts/kernel.sh" 7.3-debug >/dev/null &&
	"$1/tests/selftest.sh" 7.3-debug pass callchain' _ "$TOP"
fi

echo
if [ "$suite" = check ]; then
echo "Selftest figures (attribution: share of samples of the expected guest kind;"
echo "accounting: perf's guest share against accounted guest time):"
for v in full upstream base; do
	f=$RUNS/selftest-$v/steps/guest-profiling-test.out
	[ ! -f "$f" ] || sed -n "s/^# \(V[SU] [a-z-]*: [0-9]* samples.*\)/  $v: \1/p
		s/^# accounting \(.*\)/  $v: \1/p" "$f"
done
for f in "$LOGS"/test-e2e-perf-kvm-full.log "$LOGS"/test-e2e-perf-kvm-base-control.log; do
	[ ! -f "$f" ] || sed -n 's/^\(e2e on .*\)/  \1/p' "$f"
done
for f in "$LOGS"/test-linux-guest-full.log "$LOGS"/test-linux-guest-base-control.log; do
	[ ! -f "$f" ] || sed -n 's/^\(linux guest on .*\)/  \1/p' "$f"
done
for f in "$LOGS"/test-debian-guest-full.log "$LOGS"/test-debian-guest-base-control.log \
	"$LOGS"/test-debian-guest-debian-control.log; do
	[ ! -f "$f" ] || sed -n 's/^\(debian guest on .*\)/  \1/p' "$f"
done
for f in "$LOGS"/test-debian-callchain-{full,upstream-control,7.3-full,7.3-base-control,debian-7.2-control}.log; do
	[ ! -f "$f" ] || sed -n 's/^\(debian guest call graphs on .*\|flame graph on .*\)/  \1/p' "$f"
done
for f in "$LOGS"/test-guest-callchain-{7.3-full,7.3-base-control,debian-7.2-control}.log; do
	[ ! -f "$f" ] || sed -n 's/^\(guest callchains on .*\)/  \1/p' "$f"
done
echo "Exclusion recordings (perf kvm record; samples by kind in perf report -D):"
for f in "$LOGS"/test-exclusion-perf-full.log "$LOGS"/test-exclusion-perf-upstream-control.log; do
	v=${f##*-perf-}
	[ ! -f "$f" ] || sed -n "s/^  \(kvm-[a-z-]*\) *excludes \([a-z]*\) *: *\([0-9]*\) host, *\([0-9]*\) guest.*/  ${v%%[-.]*}: \1 (excludes \2): \3 host, \4 guest/p" "$f"
done
else
for v in debug 7.3-debug; do
	f=$LOGS/test-stress-$v.log
	[ ! -f "$f" ] || { echo "Stress on $v ($stress_size size):"; sed -n 's/^ *\(during .*\|in the second .*\|after the failed .*\|sampled: .*\|[0-9]* s: a VM .*\)/  \1/p' "$f"; }
done
fi
echo
# Where the time went: the slowest checks, and the kernel builds each made
# (scripts/kernel.sh's "build ...: done in N s", under its "==> kernel V").
total=$(($(date +%s) - check_start))
echo "Time: $((total / 60)) min $((total % 60)) s in all, the rig checks $jobs at a time; the five slowest checks:"
sed -n 's/^\(PASS\|FAIL\): \([^ ]*\) (\([0-9]*\) s, \([0-9]*\) s CPU).*/\3 \4 \2/p' "$summary" |
	sort -rn | head -n 5 | awk '{ printf "  %5d s  %5d s CPU  %s\n", $1, $2, $3 }'
sed -n 's/^\(PASS\|FAIL\): [^ ]* ([0-9]* s, \([0-9]*\) s CPU).*/\2/p' "$summary" |
	awk -v t="$total" '{ s += $1 } END { if (t > 0) printf "CPU: %d s in the checks, %.1f cores busy on average\n", s, s / t }'
builds=$(for f in "$LOGS"/test-*.log; do
	awk '/^==> kernel [^ ]+:/ { v = $3; sub(/:$/, "", v) }
		/^    build .*: done in [0-9]+ s$/ {
			n = $(NF - 1); what = $0
			sub(/^    /, "", what); sub(/: done in [0-9]+ s$/, "", what); sub(/ \(2 cores.*/, "", what)
			print n "\t" v ": " what
		}' "$f"
done | sort -rn)
if [ -n "$builds" ]; then
	echo "Kernel builds: $(wc -l <<<"$builds"), $(awk -F'\t' '{ s += $1 } END { print s }' <<<"$builds") s in all; the slowest:"
	head -n 5 <<<"$builds" | awk -F'\t' '{ printf "  %5d s  %s\n", $1, $2 }'
else
	echo "Kernel builds: none (every kernel came from the cache)"
fi
echo
[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
