#!/bin/bash
# `make bench`, part 2: guest call chains walked by the kernel and by the
# VMM, side by side (issue 25: the userspace baseline a reviewer asked for
# before considering a kernel walk).  On `full` under QEMU's -icount on one
# hart, the same guest (guest/chain_vs.c, five frames deep) runs 2 s
# unsampled, 2 s recorded by perf record -g (the kernel's walk, with
# kvm.perf_guest_callchain on) and 2 s sampled by the VMM (--walk-hz:
# KVM_RUN interrupted, KVM_GET_ONE_REG, the walk in user space), each at
# 1 kHz (rig/plans/bench-chain-walks.plan).  Prints per method the guest
# samples, the share that carry the whole chain, the vCPU thread's host
# instructions per sample over the unsampled run's (what a sample takes
# from the vCPU), and what the VMM's walk itself took.  Fails only if a
# run fails or its figures cannot be trusted.
#   bench/chain-walks.sh [VARIANT]
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -le 1 ] || die "usage: $0 [VARIANT]"
variant=${1:-full}
run=bench-chain-walks-$variant
# Innermost first, as perf script and the VMM print them, then one frame
# in _start (which perf may name _text: guest.ld puts both there).
want='^guest_chain_spin;guest_chain_3;guest_chain_2;guest_chain_1;guest_main;[^;]+$'
MIN_SAMPLES=1000	# of 2000 expected at 1 kHz for 2 s

"$TOP/scripts/kernel.sh" "$variant"
RIG_QEMU_OPTS="-icount shift=0 -smp 1" "$TOP/scripts/rig.sh" "$variant" \
	"$TOP/rig/plans/bench-chain-walks.plan" "$RUNS/$run" 900

# host_insns STEP: the vCPU thread's host instructions the VMM printed.
host_insns() {
	local n
	n=$(step_output "$run" "$1" | sed -n 's/^vmm: vCPU 0: \([0-9]*\) host instructions$/\1/p')
	[ -n "$n" ] || die "step $1 printed no host instruction count (in $RUNS/$run)"
	echo "$n"
}
baseline=$(host_insns baseline)
# Under -icount the guest spinning 2 s retires about 2e9 instructions: a
# counter that let it in would say so.
[ "$baseline" -lt 200000000 ] ||
	die "the unsampled run counted $baseline host instructions: the counter did not leave the guest out"

# The kernel's walk: perf script's chains, through the project's reader.
kernel_rows=$OUT/$run-kernel.rows
step_output "$run" kernel-walk-chains >"$OUT/$run-kernel.script"
"$OUT/host/host-guest-report" --callchains "$OUT/$run-kernel.script" >"$kernel_rows" ||
	die "the kernel walk's perf script output did not parse ($OUT/$run-kernel.script)"
# perf gives a guest sample the guest machine's thread (":PID"), not the VMM's.
kernel_samples=$(awk -F'\t' '$1 == "chain" && $3 ~ /^\[guest\.kernel/' "$kernel_rows" | wc -l)
kernel_whole=$(awk -F'\t' -v w="$want" '$1 == "chain" && $3 ~ /^\[guest\.kernel/ && $5 ~ w' \
	"$kernel_rows" | wc -l)
kernel_host=$(awk -F'\t' '$1 == "chain" && $2 == "vmm" && $3 !~ /^\[guest\./' "$kernel_rows" | wc -l)
kernel_insns=$(host_insns kernel-walk)

# The VMM's walk: its chains, named with the payload's symbols.
user_rows=$OUT/$run-userspace.rows
step_output "$run" userspace-walk-chains | vmm_chain_rows "$OUT/guest/chain_vs.kallsyms" >"$user_rows" ||
	die "the VMM's chains did not parse"
user_samples=$(wc -l <"$user_rows")
user_whole=$(awk -F'\t' -v w="$want" '$1 == "kernel" && $2 ~ w' "$user_rows" | wc -l)
user_insns=$(host_insns userspace-walk)
user_line=$(step_output "$run" userspace-walk | grep -m1 '^vmm: vCPU 0: userspace walk' ||
	die "the VMM printed no sampling summary")
user_in_vmm=$(sed -n 's/.* samples in KVM_RUN, \([0-9]*\) due in the VMM,.*/\1/p' <<<"$user_line")
user_walk_ns=$(sed -n 's/.*frames, \([0-9]*\) ns a sample reading registers and walking$/\1/p' <<<"$user_line")
[ -n "$user_in_vmm" ] && [ -n "$user_walk_ns" ] || die "cannot read the VMM's summary: $user_line"

for n in "$kernel_samples" "$user_samples"; do
	[ "$n" -ge "$MIN_SAMPLES" ] || die "only $n guest samples in a 2 s run at 1 kHz (want >= $MIN_SAMPLES)"
done

echo
echo "Guest call chains walked by the kernel and by the VMM ($variant; guest/chain_vs.c, five frames"
echo "deep; 2 s at 1 kHz each, QEMU -icount, 1 hart; host instructions of the vCPU thread over an"
echo "unsampled run's $baseline)"
printf '%-24s %8s %12s %20s %20s\n' method samples "whole chain" "host insns/sample" "in the VMM/sample"
awk -v ks="$kernel_samples" -v kw="$kernel_whole" -v ki="$kernel_insns" -v kh="$kernel_host" \
	-v us="$user_samples" -v uw="$user_whole" -v ui="$user_insns" -v un="$user_walk_ns" \
	-v b="$baseline" 'BEGIN {
	# A kernel sample is taken in the interrupt that stopped the guest;
	# the VMM also counts its own host samples (kh: the vCPU thread in the
	# host when cpu-clock fired).
	printf "%-24s %8d %11.1f%% %20.0f %20s\n", "kernel (perf record -g)", ks, 100 * kw / ks,
		(ki - b) / (ks + kh), "-"
	printf "%-24s %8d %11.1f%% %20.0f %17.0f ns\n", "userspace (VMM)", us, 100 * uw / us,
		(ui - b) / us, un
	printf "userspace / kernel: %.1f times the host instructions per sample\n",
		((ui - b) / us) / ((ki - b) / (ks + kh))
}'
echo "samples due while the vCPU thread was in the VMM (a host sample the VMM cannot walk): $user_in_vmm"
echo "kernel: $kernel_host host samples of the vCPU thread beside its guest samples"
