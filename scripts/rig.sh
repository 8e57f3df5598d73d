#!/bin/bash
# Boot a kernel variant in QEMU with a plan and bring the results back:
#   scripts/rig.sh VARIANT PLAN RUNDIR [TIMEOUT_SECONDS]
#
# The initramfs holds /init (rig/init.c), our static programs (out/user),
# the guest payloads (out/guest), perf and the selftest (out/tools), the
# variant's kvm.ko as /lib/kvm.ko and PLAN as /etc/rig/plan.  Afterwards
# RUNDIR holds console.log (the kernel's serial console), results.txt (the
# steps' output) and steps/NAME.out + steps/NAME.rc for each step.  If
# RIG_EXTRA names a directory, its files are in the initramfs under /extra.
# RIG_QEMU_OPTS adds QEMU options (split on blanks), e.g. "-icount shift=0"
# for exact instruction counts.
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
[ -f "$OUT/user/init" ] || die "no $OUT/user/init: run 'make user'"
[[ "$timeout_s" =~ ^[0-9]+$ ]] && [ "$timeout_s" -gt 0 ] ||
	die "timeout must be a positive number of seconds, not '$timeout_s'"

rm -rf "$rundir"
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
if [ -n "${RIG_EXTRA:-}" ]; then
	[ -d "$RIG_EXTRA" ] || die "RIG_EXTRA=$RIG_EXTRA is not a directory"
	mkdir -p "$root/extra"
	cp -r "$RIG_EXTRA"/. "$root/extra/"
fi
cp "$kdir/kvm.ko" "$root/lib/kvm.ko"
cp "$plan" "$root/etc/rig/plan"
cp "$TOP/rig/perfconfig" "$root/.perfconfig"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) >"$rundir/initramfs.cpio"
rm -rf "$root"

read -ra qemu_opts <<<"${RIG_QEMU_OPTS:-}"
note "booting $variant with plan ${plan#"$TOP"/}${RIG_QEMU_OPTS:+ and QEMU options $RIG_QEMU_OPTS} (timeout ${timeout_s} s, console: ${rundir#"$TOP"/}/console.log)"
start=$(date +%s)
set +e
timeout --kill-after=10 "$timeout_s" qemu-system-riscv64 \
	-M virt -cpu rv64,h=true,sscofpmf=true -smp 2 -m 1G \
	-display none -monitor none -serial "file:$rundir/console.log" \
	-bios default -kernel "$kdir/Image" -initrd "$rundir/initramfs.cpio" \
	-append "console=ttyS0 rdinit=/init panic=-1" -no-reboot \
	-device virtio-serial-device \
	-chardev "file,id=results,path=$rundir/results.txt" \
	-device virtconsole,chardev=results "${qemu_opts[@]}" \
	</dev/null >"$rundir/qemu.log" 2>&1
rc=$?
set -e
elapsed=$(($(date +%s) - start))

# Split results.txt into one file per step.
awk -v dir="$rundir/steps" '
	/^@@@ begin / { name = $3; out = dir "/" name ".out"; printf "" > out; next }
	/^@@@ end / { split($4, a, "="); print a[2] > (dir "/" $3 ".rc"); close(out); name = ""; next }
	name != "" { print > out }
' "$rundir/results.txt" 2>/dev/null || true

fail=0
last=$(sed -n 's/.*rig: step \([^:]*\): start.*/\1/p' "$rundir/console.log" 2>/dev/null | tail -n 1)
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "rig: QEMU timed out after ${timeout_s} s; the last step started was '${last:-none (hung before the plan ran)}'" >&2
	fail=1
elif [ $rc -ne 0 ]; then
	echo "rig: QEMU exited with $rc; see ${rundir#"$TOP"/}/qemu.log" >&2
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
if grep -aE "Oops|WARNING:|BUG:|Call Trace:|Kernel panic|lockdep|possible recursive locking|KASAN|UBSAN|kernel BUG" \
	"$rundir/console.log" >"$rundir/splats.txt"; then
	echo "rig: the kernel reported problems (${rundir#"$TOP"/}/console.log):" >&2
	head -n 20 "$rundir/splats.txt" >&2
	fail=1
fi
note "rig run finished in ${elapsed} s: $(sed -n 's/.*rig: \(all steps done.*\)/\1/p' "$rundir/console.log")"
exit $fail
