#!/bin/bash
# End to end with the real perf tool on a kernel variant:
#   tests/e2e.sh VARIANT pass|control
# `perf kvm --host --guest record -a` while the VMM runs guest/mixed.c, then
# `perf kvm report` with the payload's symbols as guest kallsyms.  Asserts
# that the payload's computing functions appear as guest samples ([g]
# guest kernel symbols, [u] guest user addresses inside guest_user_work)
# and KVM's own work as host kernel samples in the [kvm] module.  "control": the variant
# lacks the feature, and the script succeeds only if the guest assertions
# fail.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args "$@"
variant=$1 want=$2
run=$OUT/runs/e2e-$variant
syms=$OUT/guest/mixed.kallsyms
"$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/profile-mixed.plan" "$run" 600 || exit 1
report=$run/steps/report.out
[ "$(cat "$run/steps/record.rc")" = 0 ] || { cat "$run/steps/record.out"; die "perf record failed"; }
[ "$(cat "$run/steps/report.rc")" = 0 ] || { cat "$report"; die "perf report failed"; }
"$OUT/host/host-guest-report" --guest-user-symbols "$syms" "$report" | sed 's/^/    /'

. "$TOP/tests/report-shares.sh"

# The guest user function's extent, from the payload's symbols.
user_lo=$(awk '$3 == "guest_user_work" { print $1 }' "$syms")
user_hi=$(sort "$syms" | awk -v lo="$user_lo" 'found { print $1; exit } $1 == lo { found = 1 }')
[ -n "$user_lo" ] && [ -n "$user_hi" ] || die "guest_user_work not in $syms"

kernel_work=$(share_of g '' '^guest_kernel_work$')
kernel_round=$(share_of g '' '^kernel_round$')
user_work=$(awk -F'|' -v lo="$user_lo" -v hi="$user_hi" '
	/^#/ || NF < 4 { next }
	{ s = $4; gsub(/^ +| +$/, "", s) }
	substr(s, 1, 3) == "[u]" {
		a = substr(s, 5); sub(/^0x0*/, "", a)
		while (length(a) < length(lo)) a = "0" a
		if (a >= lo && a < hi) { v = $1; sub(/%.*/, "", v); t += v }
	}
	END { printf "%.2f\n", t }' "$report")
kvm_host=$(share_of k '^\[kvm\]$' '.')
payload_as_host=$(share_of k '' '^(guest_kernel_work|kernel_round|guest_user_work)$')

echo "e2e on $variant: guest kernel guest_kernel_work ${kernel_work}%, kernel_round ${kernel_round}%;" \
	"guest user guest_user_work ${user_work}%; host kernel [kvm] ${kvm_host}%"

# kernel_round() mostly traps to the host (SBI calls, MMIO): its share is
# the host's work at the guest's PC under upstream's rule, and small once
# only what the guest ran is the guest's (patch 0004), so it is not judged.
guest_ok=1
for v in "$kernel_work" "$user_work"; do
	awk -v v="$v" 'BEGIN { exit !(v >= 1.0) }' || guest_ok=0
done
host_ok=1
awk -v v="$kvm_host" 'BEGIN { exit !(v > 0) }' || host_ok=0
awk -v v="$payload_as_host" 'BEGIN { exit !(v == 0) }' || host_ok=0

if [ "$want" = pass ]; then
	[ $guest_ok = 1 ] || echo "FAIL: the payload's functions are not guest samples (want >= 1% each)"
	[ $host_ok = 1 ] || echo "FAIL: no host kernel samples in [kvm], or payload symbols seen as host"
	[ $guest_ok = 1 ] && [ $host_ok = 1 ]
else
	[ $guest_ok = 0 ] || echo "FAIL: the control shows guest samples: the test cannot tell the variants apart"
	[ $guest_ok = 0 ]
fi
