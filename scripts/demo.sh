#!/bin/bash
# `make demo`: profile a guest from the host on the `full` kernel and print
# the host vs guest report.  The make target has built everything first.
#   DEMO=linux (default)  the VMM boots the linux-guest kernel, whose /init
#                         is guest/linux/workload.c, on 2 vCPUs
#   DEMO=bare             the bare-metal payload guest/mixed.c
. "$(dirname "$0")/lib.sh"

variant=${VARIANT:-full}
mode=${DEMO:-linux}
case $mode in
linux)
	run=$RUNS/demo-linux-$variant
	extra=$OUT/linux-demo-extra
	rm -rf "$extra" && mkdir -p "$extra"
	[ -f "$OUT/linux-guest/Image" ] || die "no guest kernel: run 'make kernel VARIANT=linux-guest'"
	cp "$OUT/linux-guest/Image" "$OUT/linux-workload/initrd.cpio" "$extra/"
	cp "$OUT/linux-guest/System.map" "$extra/guest.kallsyms"
	RIG_EXTRA=$extra "$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/profile-linux.plan" "$run" 900
	report_opts=(--guest-user-symbols "$OUT/linux-workload/init.syms")
	guest="a Linux guest (kernel 'linux-guest', /init = guest/linux/workload.c, 2 vCPUs)"
	recorded="perf kvm --host --guest --guestkallsyms=System.map record -a -- vmm --kernel Image ..."
	;;
bare)
	run=$RUNS/demo-$variant
	"$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/profile-mixed.plan" "$run" 600
	report_opts=(--guest-user-symbols "$OUT/guest/mixed.kallsyms")
	guest="guest/mixed.c under vmm/"
	recorded="perf kvm --host --guest --guestkallsyms=mixed.kallsyms record -a -- vmm mixed.elf"
	;;
*) die "DEMO must be 'linux' or 'bare', not '$mode'" ;;
esac
for s in record report; do
	[ "$(cat "$run/steps/$s.rc" 2>/dev/null)" = 0 ] ||
		die "perf $s failed in the rig; see ${run#"$TOP"/}/steps/$s.out"
done
cat <<MSG

The guest: $guest, host kernel '$variant', recorded with
  $recorded
MSG
# The guest's console is a tty: its lines end in \r\n.
tr -d '\r' <"$run/steps/record.out" | sed -n 's/^\(vmm: .*\)/  \1/p; s/^\(workload: .*\)/  \1/p
	s/^\(\[ perf record: Captured.*\)/  \1/p'
echo
"$OUT/host/host-guest-report" "${report_opts[@]}" --host-user-symbols vmm="$OUT/user/vmm.syms" \
	"$run/steps/report.out"
echo
echo "perf's own report: ${run#"$TOP"/}/steps/report.out; console: ${run#"$TOP"/}/console.log"
