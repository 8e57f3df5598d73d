#!/bin/bash
# `make demo`: profile a guest from the host on the `full` kernel and print
# the host vs guest report.  The make target has built everything first.
. "$(dirname "$0")/lib.sh"

variant=${VARIANT:-full}
run=$OUT/runs/demo-$variant
syms=$OUT/guest/mixed.kallsyms
"$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/profile-mixed.plan" "$run" 600
for s in record report; do
	[ "$(cat "$run/steps/$s.rc" 2>/dev/null)" = 0 ] ||
		die "perf $s failed in the rig; see ${run#"$TOP"/}/steps/$s.out"
done
cat <<MSG

The guest: guest/mixed.c under vmm/, kernel '$variant', recorded with
  perf kvm --host --guest --guestkallsyms=mixed.kallsyms record -a -- vmm mixed.elf
MSG
sed -n 's/^\(vmm: .*\)/  \1/p; s/^\(\[ perf record: Captured.*\)/  \1/p' "$run/steps/record.out"
echo
"$OUT/host/host-guest-report" --guest-user-symbols "$syms" "$run/steps/report.out"
echo
echo "perf's own report: ${run#"$TOP"/}/steps/report.out; console: ${run#"$TOP"/}/console.log"
