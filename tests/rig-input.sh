#!/bin/bash
# The rig and the kernel build given bad input: each case must exit
# non-zero with a message that says what is wrong, and leave no QEMU
# running.  Two cases boot `full`: one hangs a step past the rig's own
# timeout, which must kill QEMU and name the step; one gives the boot less
# time than it takes (QEMU -S never starts the CPUs), which must stop it as
# a boot hang; one terminates the rig while QEMU runs, which must kill it.
. "$(dirname "$0")/../scripts/lib.sh"

work=$RUNS/rig-input
rm -rf "$work"
mkdir -p "$work"
printf "fine 10 /bin/true\nno-timeout abc /bin/true\nno-program 5\nquote 5 /bin/vmm 'open\n" \
	>"$work/bad.plan"
printf 'insmod-kvm 60 insmod /lib/kvm.ko\nhang 600 /bin/vmm --seconds 500 /guest/spin_vs.elf\n' \
	>"$work/hang.plan"
printf 'fine 10 /bin/true\n' >"$work/fine.plan"

failed=0 cases=0
# expect NAME MESSAGE_REGEX CMD...: CMD fails, says MESSAGE_REGEX, leaves no QEMU.
expect() {
	local name=$1 want=$2 out rc
	shift 2
	cases=$((cases + 1))
	out=$work/$name.out
	set +e
	"$@" >"$out" 2>&1
	rc=$?
	set -e
	if [ $rc -eq 0 ]; then
		echo "not ok $name: exit 0"
		failed=$((failed + 1))
	elif ! grep -qE "$want" "$out"; then
		echo "not ok $name: exit $rc, but no message matching '$want':"
		sed 's/^/    /' "$out"
		failed=$((failed + 1))
	elif pgrep -f "qemu-system-riscv64.*$work/" >/dev/null; then
		echo "not ok $name: a QEMU of this test is still running"
		pkill -9 -f "qemu-system-riscv64.*$work/" || true
		failed=$((failed + 1))
	else
		echo "ok $name: exit $rc: $(grep -m 1 -E "$want" "$out")"
	fi
}

rig=$TOP/scripts/rig.sh
expect unknown-variant "no kernel for variant 'nosuch'" "$rig" nosuch "$work/fine.plan" "$work/r1"
expect missing-plan "plan .* does not exist" "$rig" full "$work/no.plan" "$work/r2"
expect bad-timeout "timeout must be a positive number of seconds, not 'soon'" \
	"$rig" full "$work/fine.plan" "$work/r3" soon
expect bad-plan-lines "bad.plan:2: the timeout is not a positive number of seconds: want NAME TIMEOUT_SECONDS" \
	"$rig" full "$work/bad.plan" "$work/r4"
expect no-program "bad.plan:3: no program" "$rig" full "$work/bad.plan" "$work/r4"
expect unclosed-quote "bad.plan:4: a quote is not closed" "$rig" full "$work/bad.plan" "$work/r4"
expect no-arguments "usage: .*rig.sh VARIANT PLAN RUNDIR" "$rig"
expect bad-extra "RIG_EXTRA=$work/none is not a directory" \
	env RIG_EXTRA="$work/none" "$rig" full "$work/fine.plan" "$work/r5"
expect bad-qemu-option "QEMU exited with 1" \
	env RIG_QEMU_OPTS="-no-such-option" "$rig" full "$work/fine.plan" "$work/r6"
expect hung-step "QEMU timed out after 20 s; the last step started was 'hang'" \
	"$rig" full "$work/hang.plan" "$work/r7" 20
# -S: QEMU starts with its CPUs stopped, a boot that never gets anywhere.
expect boot-hang "the kernel did not start the plan within 5 s" \
	env RIG_BOOT_TIMEOUT=5 RIG_QEMU_OPTS=-S "$rig" full "$work/fine.plan" "$work/r8"
# A directory the rig did not make is not deleted.
mkdir -p "$work/not-a-run" && touch "$work/not-a-run/keep"
expect not-a-run-directory "not a rig run directory" "$rig" full "$work/fine.plan" "$work/not-a-run"
[ -f "$work/not-a-run/keep" ] || { echo "not ok not-a-run-directory: the directory was deleted"; failed=$((failed + 1)); }

# terminated_mid_run: the rig is sent SIGTERM while QEMU runs a step; it
# must exit non-zero and take QEMU (in a process group of its own, so a
# terminal's signals do not reach it) with it.  A background job of a
# script ignores SIGINT, so SIGTERM stands for both: the rig traps them alike.
terminated_mid_run() {
	local pid i
	"$rig" full "$work/hang.plan" "$work/r9" 600 &
	pid=$!
	for ((i = 0; i < 300; i++)); do
		grep -aq "rig: step hang: start" "$work/r9/console.log" 2>/dev/null && break
		sleep 1
	done
	grep -aq "rig: step hang: start" "$work/r9/console.log" ||
		{ kill -KILL "$pid"; echo "the hang step never started"; return 0; }
	pgrep -f "qemu-system-riscv64.*$work/r9/" >/dev/null || { echo "no QEMU was running"; return 0; }
	kill -TERM "$pid"
	wait "$pid"
}
expect terminated-mid-run "rig: terminated; QEMU killed" terminated_mid_run

expect kernel-unknown-variant "unknown variant 'nosuch'" "$TOP/scripts/kernel.sh" nosuch
expect kernel-no-variant "usage: .*kernel.sh (\[--each-patch\] )?VARIANT" "$TOP/scripts/kernel.sh"

echo "rig input: $((cases - failed)) of $cases bad inputs rejected with a message and nothing left running"
[ $failed -eq 0 ]
