#!/bin/bash
# `make demo`: profile a guest from the host on the `full` kernel and print
# the host vs guest report.  The make target has built everything first.
#   DEMO=debian (default) Debian 13's QEMU runs Debian 13's riscv64 kernel,
#                         whose /init is guest/linux/workload.c, on 2 vCPUs;
#                         Debian's perf records it, and `perf kvm stat` the
#                         VM exits of the same run (`make demo` runs
#                         DEMO=callchain after it)
#   DEMO=callchain        the same guest recorded with call chains (-g) by
#                         the series' perf: the guest's commonest chains, and
#                         perf's flame graph of host and guest stacks in
#                         out/demo/flamegraph.html (flamegraph-VARIANT.html
#                         for a variant other than full); none drawn
#                         with DEMO_FLAMEGRAPH=no
#   DEMO=vmm              our VMM boots the linux-guest kernel with that /init
#   DEMO=bare             the bare-metal payload guest/mixed.c under our VMM
. "$(dirname "$0")/lib.sh"

variant=${VARIANT:-full}
mode=${DEMO:-debian}

# debian_guest_kallsyms DIR: the Debian guest kernel's /proc/kallsyms in
# DIR/guest.kallsyms, for perf kvm record.  They are the same at every
# boot of that kernel (rig/plans/debian-kallsyms.plan says why): copied out
# of one boot on this variant the first time, and kept with the Debian
# packages they came from; each recorded boot checks its own against them.
debian_guest_kallsyms() {
	local plan=$TOP/rig/plans/debian-kallsyms.plan debian file run
	debian=$(cat "$OUT/debian/cache") || die "no Debian stack in out/debian: run scripts/debian.sh"
	file=$debian/guest-kallsyms-$(hash_of <"$plan")
	exec 8>"$debian/guest-kallsyms.lock"
	flock 8
	if [ ! -s "$file" ]; then
		run=$RUNS/debian-kallsyms-$variant
		note "copying the Debian guest's kallsyms out of one boot of it"
		RIG_EXTRA=$1 "$TOP/scripts/rig.sh" "$variant" "$plan" "$run" 600
		# Less the newline the rig's init writes before its "@@@ end" line.
		head -c -1 "$run/steps/kallsyms.out" >"$file.tmp.$$"
		grep -q ' [Tt] start_kernel$' "$file.tmp.$$" ||
			die "the guest's kallsyms copied out of ${run#"$TOP"/} do not name start_kernel"
		mv "$file.tmp.$$" "$file"
	fi
	exec 8>&-
	cp "$file" "$1/guest.kallsyms"
}
steps=(record report)
# Each run's extra files in a directory of its variant: make check runs
# the demos of several variants side by side.
case $mode in
callchain)
	run=$RUNS/demo-callchain-$variant
	extra=$OUT/callchain-demo-extra-$variant
	rm -rf "$extra" && mkdir -p "$extra"
	cp "$OUT/linux-workload/initrd.cpio" "$OUT/flamegraph/flamegraph.py" \
		"$OUT/flamegraph/d3-flamegraph-base.html" "$extra/"
	debian_guest_kallsyms "$extra"
	plan=$TOP/rig/plans/debian-callchain.plan
	chain_steps=(record report script script-out flamegraph flamegraph-page)
	flamegraph=${DEMO_FLAMEGRAPH:-yes}
	case $flamegraph in
	yes) ;;
	no)
		# A control that judges only the chains: no flame graph drawn
		# (perf's Python script takes a minute of the emulated host).
		plan=$RUNS/demo-callchain-$variant.plan
		grep -vE '^flamegraph(-page)? ' "$TOP/rig/plans/debian-callchain.plan" >"$plan"
		chain_steps=(record report script script-out)
		;;
	*) die "DEMO_FLAMEGRAPH must be 'yes' or 'no', not '$flamegraph'" ;;
	esac
	RIG_EXTRA=$extra "$TOP/scripts/rig.sh" "$variant" "$plan" "$run" 1200
	for s in "${chain_steps[@]}"; do
		[ "$(cat "$run/steps/$s.rc" 2>/dev/null)" = 0 ] ||
			die "step $s failed in the rig; see ${run#"$TOP"/}/steps/$s.out"
	done
	"$OUT/host/host-guest-report" --callchains "$run/steps/script-out.out" >"$run/chains.rows"
	page=$DEMO_OUT/flamegraph.html
	[ "$variant" = full ] || page=$DEMO_OUT/flamegraph-$variant.html
	if [ "$flamegraph" = yes ]; then
		mkdir -p "$DEMO_OUT"
		cp "$run/steps/flamegraph-page.out" "$page"
	fi
	cat <<MSG
Guest call graphs: the same guest, host kernel '$variant', recorded with
  perf kvm --host --guest --guestkallsyms=<the guest's /proc/kallsyms> record -g -F 199 -a -- qemu-system-riscv64 ...
  (the series' perf, built against Debian 13's libraries)
MSG
	tr -d '\r' <"$run/steps/record.out" | sed -n 's/^\(\[ perf record: Captured.*\)/  \1/p'
	awk -F'\t' '$1 == "#samples" { printf "  %d samples, %d of them with a chain of more than one frame\n", $2, $4 }' \
		"$run/chains.rows"
	echo
	echo "The guest kernel's commonest call chains (innermost first):"
	awk -F'\t' '$1 == "chain" && $3 ~ /^\[guest\.kernel/ { print $5 }' "$run/chains.rows" |
		sort | uniq -c | sort -rn | awk 'NR <= 5' | sed 's/;/ <- /g; s/^/  /'
	echo
	[ "$flamegraph" = no ] ||
		echo "Flame graph of host and guest stacks: ${page#"$TOP"/} (guest stacks under \"[guest] ...\" root frames)"
	echo "perf script's output: ${run#"$TOP"/}/steps/script-out.out; console: ${run#"$TOP"/}/console.log"
	exit 0
	;;
debian)
	run=$RUNS/demo-debian-$variant
	extra=$OUT/debian-demo-extra-$variant
	rm -rf "$extra" && mkdir -p "$extra"
	cp "$OUT/linux-workload/initrd.cpio" "$extra/"
	debian_guest_kallsyms "$extra"
	RIG_EXTRA=$extra "$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/debian-guest.plan" "$run" 900
	report_opts=(--guest-user-symbols "$OUT/linux-workload/init.syms")
	guest="Debian 13's kernel $(cat "$OUT/debian/kernel-release") under Debian's QEMU (-accel kvm -cpu host, 2 vCPUs), /init = guest/linux/workload.c"
	recorded="perf kvm --host --guest --guestkallsyms=<the guest's /proc/kallsyms> record -F 1000 -a -- qemu-system-riscv64 ...
  (Debian's perf; around it, perf kvm stat record -a)"
	steps+=(stat-report)
	;;
vmm)
	run=$RUNS/demo-linux-$variant
	extra=$OUT/linux-demo-extra-$variant
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
*) die "DEMO must be 'debian', 'callchain', 'vmm' or 'bare', not '$mode'" ;;
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
	echo "The VM exits of the same run (perf kvm stat report, the series' perf):"
	sed -n '/VM-EXIT/,/^Total Samples/p' "$run/steps/stat-report.out"
	echo
fi
echo "perf's own report: ${run#"$TOP"/}/steps/report.out; console: ${run#"$TOP"/}/console.log"
