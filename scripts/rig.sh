#!/bin/bash
# Boot a kernel variant in QEMU with a plan and bring the results back:
#   scripts/rig.sh VARIANT PLAN RUNDIR [TIMEOUT_SECONDS]
#
# The initramfs holds /init (rig/init.c), our static programs (out/user),
# the guest payloads (out/guest), the selftest and the series' perf
# (out/tools; for another tree's variant, that tree's perf), the
# variant's modules (kvm.ko, the test module) in /lib and PLAN as /etc/rig/plan.
# A read-only disk holds Debian 13's root (out/debian/root.img,
# scripts/debian.sh) with its perf, QEMU and kernel; init mounts it on
# /debian, and /usr is a link to /debian/usr.  Afterwards
# RUNDIR holds console.log (the kernel's serial console), results.txt (the
# steps' output) and steps/NAME.out + steps/NAME.rc for each step.  If
# RIG_EXTRA names a directory, its files are in the initramfs under /extra.
# RIG_QEMU_OPTS adds QEMU options (split on blanks), e.g. "-icount shift=0"
# for exact instruction counts.  RIG_REPLAY=DIR judges the run recorded in
# DIR (its console.log, results.txt and qemu.rc) instead of booting: make
# check-mutations feeds the checks mutated runs that way.
# RIG_BOOT_TIMEOUT (default 180 s) bounds the
# time from QEMU's start to the plan's first step; a boot over it is tried
# RIG_BOOT_ATTEMPTS times in all (default 2).
# Fails if QEMU times out (naming the step that hung), if a step outlived its
# own timeout, if the plan did not finish, or if the console shows an oops,
# WARN, BUG, lockdep or KASAN report.
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: $0 VARIANT PLAN RUNDIR [TIMEOUT_SECONDS]"
variant=$1 plan=$2 rundir=$3 timeout_s=${4:-600}
kdir=$OUT/$variant
[ -f "$kdir/Image" ] && [ -f "$kdir/kvm.ko" ] ||
	die "no kernel for variant '$variant' in $kdir: run 'make kernel VARIANT=$variant'"
[ -f "$plan" ] || die "plan $plan does not exist"
# Catch a malformed plan here rather than after a boot, with the parser
# the rig's init uses (rig/plan.c).
[ -x "$OUT/host/plan-check" ] || die "no $OUT/host/plan-check: run 'make host'"
bad=$("$OUT/host/plan-check" "$plan" 2>&1) || die "bad plan:"$'\n'"$bad"
[ -f "$OUT/user/init" ] || die "no $OUT/user/init: run 'make user'"
debian_root=$OUT/debian/root.img
[ -f "$debian_root" ] || [ -n "${RIG_REPLAY:-}" ] ||
	die "no $debian_root (Debian's perf and QEMU): run 'make debian'"
check_rig_qemu
[[ "$timeout_s" =~ ^[0-9]+$ ]] && [ "$timeout_s" -gt 0 ] ||
	die "timeout must be a positive number of seconds, not '$timeout_s'"

# RUNDIR is deleted and made anew: only one that a rig run made (it holds
# the mark below), so that a wrong argument cannot delete anything else.
mark=.rig-run-directory
if [ -e "$rundir" ]; then
	[ -f "$rundir/$mark" ] ||
		die "$rundir exists and is not a rig run directory (no $mark): not deleting it"
	rm -rf "$rundir"
fi
mkdir -p "$rundir"
touch "$rundir/$mark"
mkdir -p "$rundir/root/bin" "$rundir/root/guest" "$rundir/root/lib" \
	"$rundir/root/etc/rig" "$rundir/steps"
root=$rundir/root
cp "$OUT/user/init" "$root/init"
for f in "$OUT"/user/* "$OUT"/tools/*; do
	[ -f "$f" ] && [ "${f##*/}" != init ] && cp "$f" "$root/bin/"
done
for f in "$OUT"/guest/*; do
	[ -f "$f" ] && cp "$f" "$root/guest/"
done
# /bin/perf is the series' perf of the variant's tree: out/tools/perf for
# the default tree's, out/perf/TREE-full/perf (scripts/perf.sh) for another's.
tree=$(variant_tree "$variant")
if [ "$tree" != "$DEFAULT_TREE" ] && [ -z "${RIG_REPLAY:-}" ]; then
	tree_perf=$OUT/perf/$tree-full/perf
	[ -x "$tree_perf" ] || die "no $tree_perf (the $tree series' perf): run 'scripts/perf.sh $tree-full'"
	cp "$tree_perf" "$root/bin/perf"
fi
if [ -n "${RIG_EXTRA:-}" ]; then
	[ -d "$RIG_EXTRA" ] || die "RIG_EXTRA=$RIG_EXTRA is not a directory"
	mkdir -p "$root/extra"
	cp -r "$RIG_EXTRA"/. "$root/extra/"
fi
cp "$kdir"/*.ko "$root/lib/"
# Modules init loads before anything else (a kernel that has the console
# and disk drivers as modules: Debian's), in the order listed.
if [ -d "$kdir/boot-modules" ]; then
	[ -f "$kdir/boot-modules/order" ] || die "$kdir/boot-modules has no order file"
	cp -r "$kdir/boot-modules" "$root/lib/boot"
fi
cp "$plan" "$root/etc/rig/plan"
cp "$TOP/rig/perfconfig" "$root/.perfconfig"
# Debian's root is on a disk that init mounts on /debian: its /usr is
# ours, and its programs find their loader and libraries under /lib (a
# link to usr/lib on Debian; here our modules stay in /lib beside links).
# /debian-kernel is Debian's kernel, a QEMU guest.
ln -s debian/usr "$root/usr"
ln -s /usr/lib/riscv64-linux-gnu/ld-linux-riscv64-lp64d.so.1 "$root/lib/ld-linux-riscv64-lp64d.so.1"
ln -s /usr/lib/riscv64-linux-gnu "$root/lib/riscv64-linux-gnu"
[ -n "${RIG_REPLAY:-}" ] || ln -s "debian/boot/vmlinux-$(cat "$OUT/debian/kernel-release")" "$root/debian-kernel"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) >"$rundir/initramfs.cpio"
rm -rf "$root"

# QEMU runs under timeout(1), which makes itself a process group leader:
# killing that group on exit, interrupt or termination leaves no QEMU behind.
qemu_pid=
kill_qemu() {
	[ -z "$qemu_pid" ] || kill -KILL -- "-$qemu_pid" 2>/dev/null || true
}
trap kill_qemu EXIT
trap 'echo "rig: interrupted; QEMU killed" >&2; exit 130' INT
trap 'echo "rig: terminated; QEMU killed" >&2; exit 143' TERM

read -ra qemu_opts <<<"${RIG_QEMU_OPTS:-}"
note "booting $variant with plan ${plan#"$TOP"/}${RIG_QEMU_OPTS:+ and QEMU options $RIG_QEMU_OPTS} (timeout ${timeout_s} s, console: ${rundir#"$TOP"/}/console.log)"
# boot: run QEMU until it exits, or until RIG_BOOT_TIMEOUT seconds pass
# without the plan starting (a boot hang).  Sets rc and boot_hung.
boot() {
	local booted=0
	boot_hung=0
	# earlycon: a kernel that hangs early still says where, on console.log.
	timeout --kill-after=10 "$timeout_s" qemu-system-riscv64 \
		-M "$RIG_MACHINE" -cpu "$RIG_CPU" -smp 2 -m 1G \
		-display none -monitor none -serial "file:$rundir/console.log" \
		-bios "$RIG_OPENSBI" -kernel "$kdir/Image" -initrd "$rundir/initramfs.cpio" \
		-append "console=ttyS0 earlycon rdinit=/init panic=-1" -no-reboot \
		-device virtio-serial-device \
		-chardev "file,id=results,path=$rundir/results.txt" \
		-device virtconsole,chardev=results \
		-drive "file=$debian_root,if=none,format=raw,readonly=on,id=debian" \
		-device virtio-blk-device,drive=debian "${qemu_opts[@]}" \
		</dev/null >"$rundir/qemu.log" 2>&1 &
	qemu_pid=$!
	while kill -0 "$qemu_pid" 2>/dev/null; do
		if [ $booted = 0 ] && grep -aq "rig: \(step\|cannot open\|plan aborted\)" "$rundir/console.log" 2>/dev/null; then
			booted=1
		elif [ $booted = 0 ] && [ $(($(date +%s) - start)) -ge "$boot_timeout" ]; then
			echo "rig: the kernel did not start the plan within $boot_timeout s; last console line: $(tail -n 1 "$rundir/console.log" 2>/dev/null)" >&2
			boot_hung=1
			kill_qemu
			break
		fi
		sleep 1
	done
	set +e
	wait "$qemu_pid" 2>/dev/null	# no "Killed" job notice: said above
	rc=$?
	set -e
	qemu_pid=
}

# QEMU 7.2 hangs, rarely, while a kernel brings up its second hart (seen
# twice in about 80 boots, both on a loaded machine, before any code of
# the series runs): such a boot is tried again, once, saying so, and its
# console log is kept and checked like the others.
boot_timeout=${RIG_BOOT_TIMEOUT:-180}
attempts=${RIG_BOOT_ATTEMPTS:-2}
if [ -n "${RIG_REPLAY:-}" ]; then
	# No boot: judge a recorded run's console log and results (for make
	# check-mutations, which feeds the checks mutated runs).
	[ -f "$RIG_REPLAY/console.log" ] && [ -f "$RIG_REPLAY/qemu.rc" ] ||
		die "RIG_REPLAY=$RIG_REPLAY is not a recorded rig run (no console.log and qemu.rc)"
	note "replaying the run recorded in ${RIG_REPLAY#"$TOP"/} instead of booting"
	start=$(date +%s)
	cp "$RIG_REPLAY"/console*.log "$rundir/"
	[ ! -f "$RIG_REPLAY/results.txt" ] || cp "$RIG_REPLAY/results.txt" "$rundir/"
	rc=$(cat "$RIG_REPLAY/qemu.rc")
	boot_hung=0
else
	for attempt in $(seq 1 "$attempts"); do
		start=$(date +%s)
		boot
		[ $boot_hung = 1 ] && [ "$attempt" -lt "$attempts" ] || break
		mv "$rundir/console.log" "$rundir/console-hung-$attempt.log"
		rm -f "$rundir/results.txt"
		echo "rig: boot $attempt hung before the plan (${rundir#"$TOP"/}/console-hung-$attempt.log); booting again" >&2
	done
fi
echo "$rc" >"$rundir/qemu.rc"
elapsed=$(($(date +%s) - start))

# Split results.txt into one file per step.
awk -v dir="$rundir/steps" '
	/^@@@ begin / { name = $3; out = dir "/" name ".out"; printf "" > out; next }
	/^@@@ end / { split($4, a, "="); print a[2] > (dir "/" $3 ".rc"); close(out); name = ""; next }
	name != "" { print > out }
' "$rundir/results.txt" 2>/dev/null || true

fail=0
touch "$rundir/console.log"	# QEMU may have failed before creating it
last=$(sed -n 's/.*rig: step \([^:]*\): start.*/\1/p' "$rundir/console.log" | tail -n 1)
if [ $boot_hung = 1 ]; then
	fail=1
elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "rig: QEMU timed out after ${timeout_s} s; the last step started was '${last:-none (hung before the plan ran)}'" >&2
	fail=1
elif [ $rc -ne 0 ]; then
	echo "rig: QEMU exited with $rc: $(head -n 1 "$rundir/qemu.log") (${rundir#"$TOP"/}/qemu.log)" >&2
	fail=1
fi
if ! grep -aq "rig: all steps done" "$rundir/console.log"; then
	echo "rig: the plan did not finish (last step started: '${last:-none}')" >&2
	fail=1
fi
if grep -a "rig: step .*: TIMEOUT" "$rundir/console.log" >&2; then
	echo "rig: a step hung and was killed (see above)" >&2
	fail=1
fi
if grep -a "rig: step .*: LEFTOVER" "$rundir/console.log" >&2; then
	echo "rig: a step left processes running (see above)" >&2
	fail=1
fi
# Reports of the kernel's checkers (WARN, BUG, lockdep, KASAN, KFENCE, ...)
# all carry one of these; "RCU lockdep checking is enabled" at boot does not.
splats="Oops|WARNING:|BUG:|Call Trace:|Kernel panic|kernel BUG|lockdep is turned off"
splats+="|possible recursive locking|possible circular locking|inconsistent lock state"
splats+="|suspicious RCU usage|KASAN:|KFENCE:|UBSAN:"
if grep -aE "$splats" "$rundir"/console*.log >"$rundir/splats.txt"; then
	echo "rig: the kernel reported problems (${rundir#"$TOP"/}/console.log):" >&2
	head -n 20 "$rundir/splats.txt" >&2
	fail=1
fi
note "rig run finished in ${elapsed} s: $(sed -n 's/.*rig: \(all steps done.*\)/\1/p' "$rundir/console.log")"
exit $fail
