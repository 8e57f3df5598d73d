#!/bin/bash
# Profile a Linux guest with the real perf tool (the demo's run):
#   tests/linux-guest.sh VARIANT pass|control
# The VMM boots the linux-guest kernel with guest/linux/workload.c as
# /init (60% of its time in user space, 40% in read() of /dev/zero), under
# `perf kvm --host --guest record -a`.  Asserts, in `perf kvm report`:
#  - functions of the guest's read() system call path are guest kernel
#    samples ([g]), at least two of them and 1% of all samples together;
#  - on the workload's vCPU thread, the guest user share of its guest
#    samples is from 15 points under to 30 over the share the workload was
#    built for (workload_share_fits in tests/report-shares.sh says why);
#  - host kernel samples name functions of KVM ([k] in [kvm], by name).
# "control": the variant lacks the feature; succeeds only if the guest
# assertions fail.  Both modes first require a valid run: the guest booted
# and ran the workload roughly as built, enough samples, KVM named.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args "$@"
variant=$1 want=$2
"$TOP/scripts/kernel.sh" linux-guest >/dev/null
VARIANT=$variant DEMO=vmm "$TOP/scripts/demo.sh" >"$LOGS/linux-guest-$variant-demo.txt" || {
	cat "$LOGS/linux-guest-$variant-demo.txt"
	exit 1
}
run=$RUNS/demo-linux-$variant
report=$run/steps/report.out
record=$run/steps/record.out
sed 's/^/    /' "$LOGS/linux-guest-$variant-demo.txt"

rows=$run/report.rows
. "$TOP/tests/report-shares.sh"
report_rows "$report" "$rows"

syscall_share=$(share_of guest-kernel '' "$READ_PATH")
syscall_funcs=$(count_of guest-kernel '' "$READ_PATH")
guest_kernel=$(share_of guest-kernel '' '.')
guest_user=$(share_of guest-user '' '.')
kvm_named=$(count_of host-kernel '^\[kvm\]$' '^[^.]')
# The workload's vCPU: its user share of its guest samples against the
# split the guest accounted to the workload.
read -r thread perf_user < <(workload_vcpu)
accounted=$(workload_line "$record" accounted)
built=$(workload_line "$record" built)

echo "linux guest on $variant: read() path ${syscall_share}% in $syscall_funcs functions;" \
	"guest kernel ${guest_kernel}%, guest user ${guest_user}%; the workload's vCPU ($thread):" \
	"${perf_user}% guest user, the workload accounted ${accounted:-?}% user (built for ${built:-?}%);" \
	"$kvm_named named [kvm] functions in host samples"

# Validity, in both modes: the guest booted and ran the workload, which
# reported the guest's accounting of its time, and did roughly what it was
# built to; there are enough samples; KVM's host work is named.  The guest
# accounts more user time than the workload was built for (+14.6 to +16.1
# points on an idle machine, +17.9 to +21.0 with two busy loops beside the
# rig; workload_share_fits says why), so the slack is 15 points under and
# 25 over (a separate bound from workload_share_fits': this one is on the
# guest's accounting, a validity precondition).
[ -n "$accounted" ] && [ -n "$built" ] ||
	die "the workload did not report its plan and the guest's accounting: did the guest boot?"
awk -v b="$built" -v a="$accounted" 'BEGIN { d = a - b; exit !(d <= 25 && d >= -15) }' ||
	die "the workload was built for ${built}% user but the guest accounted ${accounted}%: it did not run as built"
samples=$(samples_of)
[ "${samples:-0}" -ge 1000 ] || die "only ${samples:-0} samples in the recording (want >= 1000)"
[ "$kvm_named" -ge 1 ] || die "no [kvm] function named in host samples"

guest_ok=1
awk -v s="$syscall_share" -v n="$syscall_funcs" 'BEGIN { exit !(s >= 1 && n >= 2) }' || {
	echo "FAIL: the read() path is not among the guest kernel samples"
	guest_ok=0
}
workload_share_fits "$perf_user" "$built" || guest_ok=0

if [ "$want" = pass ]; then
	[ $guest_ok = 1 ] && echo "linux guest on $variant: every assertion holds"
	[ $guest_ok = 1 ]
else
	if [ $guest_ok = 0 ]; then
		echo "control on $variant: the guest assertions fail (above), as they must"
	else
		echo "FAIL: the control passes the guest assertions"
	fi
	[ $guest_ok = 0 ]
fi
