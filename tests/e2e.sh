#!/bin/bash
# End to end with the real perf tool on a kernel variant:
#   tests/e2e.sh VARIANT pass|control|labels-control
# `perf kvm --host --guest record -a` while the VMM runs guest/mixed.c, then
# `perf kvm report` with the payload's symbols as guest kallsyms.  Asserts
# that the payload's computing functions appear as guest samples ([g]
# guest kernel symbols, [u] guest user addresses inside guest_user_work)
# and KVM's own work as host kernel samples in the [kvm] module; that
# neither /proc/kallsyms nor the report holds kvm.ko's local labels (.L*) as
# symbols; and that the VMM's samples name its run loop.  "control": the
# variant lacks the series, and the script succeeds only if the guest
# assertions fail and kvm.ko's local labels are in /proc/kallsyms.
# "labels-control": the variant has the basic form but not the modules
# patch (7.3-base): succeeds only if the guest assertions hold and kvm.ko's
# local labels are in /proc/kallsyms and in the report.  Every mode
# first checks that the recording is valid: enough samples, kvm.ko's
# symbols read, KVM and VMM samples present.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args --modes "pass control labels-control" "$@"
variant=$1 want=$2
run=$RUNS/e2e-$variant
syms=$OUT/guest/mixed.kallsyms
"$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/profile-mixed.plan" "$run" 600 || exit 1
report=$run/steps/report.out
[ "$(cat "$run/steps/record.rc")" = 0 ] || { cat "$run/steps/record.out"; die "perf record failed"; }
[ "$(cat "$run/steps/report.rc")" = 0 ] || { cat "$report"; die "perf report failed"; }
"$OUT/host/host-guest-report" --guest-user-symbols "$syms" \
	--host-user-symbols vmm="$OUT/user/vmm.syms" "$report" | sed 's/^/    /'
rows=$run/report.rows
. "$TOP/tests/report-shares.sh"
report_rows "$report" "$rows" --guest-user-symbols "$syms" --host-user-symbols vmm="$OUT/user/vmm.syms"

# Validity, in both modes: the recording holds enough samples, and the
# kernel's symbol table was read with kvm.ko loaded.
samples=$(samples_of)
[ "${samples:-0}" -ge 1000 ] || die "only ${samples:-0} samples in the recording (want >= 1000)"
kallsyms=$run/steps/kallsyms.out
[ "$(cat "$run/steps/kallsyms.rc" 2>/dev/null)" = 0 ] || die "the rig could not read /proc/kallsyms"
kvm_symbols=$(grep -c '\[kvm\]$' "$kallsyms" || true)
[ "$kvm_symbols" -ge 100 ] || die "only $kvm_symbols [kvm] symbols in /proc/kallsyms: was kvm.ko loaded?"
# Local labels of kvm.ko that /proc/kallsyms lists as if they were
# functions (patch 0008 leaves them out), and the report's symbols so named.
kvm_labels=$(grep -c ' \.L[^ ]*[[:space:]]*\[kvm\]$' "$kallsyms" || true)
report_labels=$(awk -F'\t' '$1 !~ /^#/ && $2 ~ /^\.L/' "$rows" | wc -l)
# The VMM's run loop, named from its symbols.
vmm_run_loop=$(symbol_rows host-user '^vmm$' '^run_loop$' | cut -f1)
vmm_rows=$(symbol_rows host-user '^vmm$' '.' | wc -l)

kernel_work=$(share_of guest-kernel '' '^guest_kernel_work$')
kernel_round=$(share_of guest-kernel '' '^kernel_round$')
user_work=$(share_of guest-user '' '^guest_user_work$')
kvm_host=$(share_of host-kernel '^\[kvm\]$' '.')

echo "e2e on $variant: guest kernel guest_kernel_work ${kernel_work}%, kernel_round ${kernel_round}%;" \
	"guest user guest_user_work ${user_work}%; host kernel [kvm] ${kvm_host}%"
echo "e2e on $variant: $samples samples; /proc/kallsyms lists $kvm_symbols [kvm] symbols," \
	"$kvm_labels of them local labels (.L*); $report_labels .L* symbols in the report;" \
	"VMM: $vmm_rows symbols, run_loop ${vmm_run_loop:-0}%"

# kernel_round() mostly traps to the host (SBI calls, MMIO): its share is
# the host's work at the guest's PC under upstream's rule, and small once
# only what the guest ran is the guest's (patch 0004), so it is not judged.
guest_ok=1
for v in "$kernel_work" "$user_work"; do
	awk -v v="$v" 'BEGIN { exit !(v >= 1.0) }' || guest_ok=0
done
# KVM's own work is host kernel time, on every variant.
awk -v v="$kvm_host" 'BEGIN { exit !(v > 0) }' || die "no host kernel samples in [kvm]"
[ "$vmm_rows" -ge 1 ] || die "no host user samples of the VMM"

if [ "$want" = pass ]; then
	ok=1
	[ $guest_ok = 1 ] || { echo "FAIL: the payload's functions are not guest samples (want >= 1% each)"; ok=0; }
	[ "$kvm_labels" -eq 0 ] || { echo "FAIL: /proc/kallsyms lists $kvm_labels local labels of kvm.ko"; ok=0; }
	[ "$report_labels" -eq 0 ] || { echo "FAIL: $report_labels symbols of the report are local labels (.L*)"; ok=0; }
	[ -n "$vmm_run_loop" ] || { echo "FAIL: the VMM's run loop (run_loop) is not named among its samples"; ok=0; }
	[ $ok = 1 ]
elif [ "$want" = labels-control ]; then
	ok=1
	[ $guest_ok = 1 ] || { echo "FAIL: the payload's functions are not guest samples (want >= 1% each): not the basic form"; ok=0; }
	[ "$kvm_labels" -gt 0 ] || { echo "FAIL: the control kernel lists no local labels of kvm.ko: the label check cannot fail"; ok=0; }
	[ "$report_labels" -gt 0 ] || { echo "FAIL: no symbol of the report is a local label: the report check cannot fail"; ok=0; }
	[ $ok = 1 ] && echo "labels-control on $variant: the guest assertions hold, and kvm.ko's local labels are in /proc/kallsyms ($kvm_labels) and the report ($report_labels), as they must"
else
	# The control kernel lacks the series: no guest samples, and kvm.ko's
	# local labels in /proc/kallsyms (what patch 0008 removes).
	ok=1
	[ $guest_ok = 0 ] || { echo "FAIL: the control shows guest samples: the test cannot tell the variants apart"; ok=0; }
	[ "$kvm_labels" -gt 0 ] || { echo "FAIL: the control kernel lists no local labels of kvm.ko: the label check cannot fail"; ok=0; }
	[ $ok = 1 ]
fi
