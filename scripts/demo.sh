#!/bin/bash
# `make demo`: profile a guest from the host on the `full` kernel and print
# the host vs guest report.  The make target has built everything first.
#   DEMO=debian (default) Debian 13's QEMU runs Debian 13's riscv64 kernel,
#                         whose /init is guest/linux/workload.c, on 2 vCPUs;
#                         Debian's perf records it, and `perf kvm stat` the
#                         VM exits of the same run
#   DEMO=vmm              our VMM boots the linux-guest kernel with that /init
#   DEMO=bare             the bare-metal payload guest/mixed.c under our VMM
. "$(dirname "$0")/lib.sh"

variant=${VARIANT:-full}
mode=${DEMO:-debian}
steps=(record report)
case $mode in
debian)
	run=$RUNS/demo-debian-$variant
	extra=$OUT/debian-demo-extra
	rm -rf "$extra" && mkdir -p "$extra"
	cp "$OUT/linux-workload/initrd.cpio" "$extra/"
	RIG_EXTRA=$extra "$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/debian-guest.plan" "$run" 900
	report_opts=(--guest-user-symbols "$OUT/linux-workload/init.syms")
	guest="Debian 13's kernel $(cat "$OUT/debian/kernel-release") under Debian's QEMU (-accel kvm -cpu host, 2 vCPUs), /init = guest/linux/workload.c"
	recorded="perf kvm --host --guest --guestkallsyms=<the guest's /proc/kallsyms> record -a -- qemu-system-riscv64 ...
  (Debian's perf; around it, perf kvm stat record -a)"
	steps+=(stat-report)
	;;
vmm)
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
*) die "DEMO must be 'debian', 'vmm' or 'bare', not '$mode'" ;;
esac
for s in "${steps[@]}"; do
	[ "$(cat "$run/steps/$s.rc" 2>/dev/null)" = 0 ] ||
		die "step $s failed in the rig; see ${run#"$TOP"/}/steps/$s.out"
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
if [ "$mode" = debian ]; then
	echo "The VM exits of the same run (perf kvm stat report):"
	sed -n '/VM-EXIT/,/^Total Samples/p' "$run/steps/stat-report.out"
	echo
fi
echo "perf's own report: ${run#"$TOP"/}/steps/report.out; console: ${run#"$TOP"/}/console.log"
