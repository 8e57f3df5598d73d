#!/bin/bash
# The VMM given bad input (missing, garbage, foreign, oversized or truncated
# guest images; Linux kernels that are missing or not an Image, initrds
# that do not fit; bad options) must fail with a clear "vmm: ..." message and
# a plain non-zero exit, never a crash; every payload of guest/ must run,
# and run on several vCPUs (mixed on 16, the most the VMM allows).
. "$(dirname "$0")/../scripts/lib.sh"

extra=$OUT/vmm-extra
rm -rf "$extra" && mkdir -p "$extra"
cp /bin/true "$extra/x86.elf"
head -c 300 "$OUT/guest/spin_vs.elf" >"$extra/truncated.elf"
# A payload whose segment claims 2 MiB of memory: too big for --mem-mb 1.
python3 - "$OUT/guest/spin_vs.elf" "$extra/big.elf" <<'PY'
import struct, sys
elf = bytearray(open(sys.argv[1], "rb").read())
phoff, = struct.unpack_from("<Q", elf, 0x20)
phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
for i in range(phnum):
    off = phoff + i * phentsize
    if struct.unpack_from("<I", elf, off)[0] == 1:  # PT_LOAD: p_memsz
        struct.pack_into("<Q", elf, off + 40, 2 << 20)
open(sys.argv[2], "wb").write(elf)
PY

"$TOP/scripts/kernel.sh" linux-guest >/dev/null
cp "$OUT/linux-guest/Image" "$extra/Image"
truncate -s 24M "$extra/big-initrd"

run=$RUNS/vmm
RIG_EXTRA=$extra "$TOP/scripts/rig.sh" full "$TOP/rig/plans/vmm.plan" "$run" 300 || exit 1

fail=0 n=0
for step in missing-image not-elf not-riscv too-big truncated no-image bad-seconds bad-option \
	zero-vcpus too-many-vcpus half-a-vcpu linux-no-kernel linux-not-an-image \
	linux-kernel-and-payload linux-initrd-without-kernel linux-too-little-ram \
	linux-initrd-too-big walk-hz-zero walk-out-without-hz walk-out-unwritable; do
	rc=$(cat "$run/steps/$step.rc")
	msg=$(grep -m1 '^vmm: ' "$run/steps/$step.out" || true)
	n=$((n + 1))
	if [ "$rc" -ge 1 ] && [ "$rc" -le 2 ] && [ -n "$msg" ]; then
		echo "ok: $step: exit $rc: $msg"
	else
		echo "FAIL: $step: exit $rc, output: $(head -c 300 "$run/steps/$step.out")"
		fail=1
	fi
done
for payload in spin_vs spin_vu sbi_loop mmio_loop mixed chain_vs mixed-16-vcpus spin_vu-3-vcpus; do
	if [ "$(cat "$run/steps/run-$payload.rc")" = 0 ]; then
		echo "ok: $payload runs: $(grep -m1 '^vmm: ' "$run/steps/run-$payload.out")"
	else
		echo "FAIL: $payload did not run: $(cat "$run/steps/run-$payload.out")"
		fail=1
	fi
done
# The VMM's own walk of guest/chain_vs.c's stack: 1 s at 1 kHz gives a few
# hundred samples under emulation; nearly all must carry the whole chain
# (a sample in a function's first instructions, before its frame record
# is made, may not).
want='^guest_chain_spin;guest_chain_3;guest_chain_2;guest_chain_1;guest_main;_start$'
if [ "$(cat "$run/steps/walk-chain_vs.rc")" != 0 ]; then
	echo "FAIL: the VMM's walk of chain_vs did not run: $(cat "$run/steps/walk-chain_vs.out")"
	fail=1
elif ! rows=$(vmm_chain_rows "$OUT/guest/chain_vs.kallsyms" <"$run/steps/walk-chain_vs-chains.out"); then
	echo "FAIL: the VMM's chains of chain_vs did not parse"
	fail=1
else
	samples=$(grep -c . <<<"$rows" || true)
	whole=$(awk -F'\t' -v w="$want" '$1 == "kernel" && $2 ~ w' <<<"$rows" | wc -l)
	if [ "$samples" -lt 100 ]; then
		echo "FAIL: the VMM's walk of chain_vs: only $samples samples in 1 s at 1 kHz (want >= 100)"
		fail=1
	elif [ $((whole * 100)) -lt $((samples * 95)) ]; then
		echo "FAIL: the VMM's walk of chain_vs: $whole of $samples samples carry the whole chain (want >= 95%)"
		awk -F'\t' '{ print $2 }' <<<"$rows" | sort | uniq -c | sort -rn | head -n 3 | sed 's/^/    /'
		fail=1
	else
		echo "ok: the VMM's walk of chain_vs: $whole of $samples samples carry the whole chain (guest_chain_spin up to _start)"
	fi
fi
[ $fail = 0 ] && echo "the VMM rejects all $n kinds of bad input with a message and exit 1 or 2; all 6 payloads run, two of them on several vCPUs; its own guest stack walk follows chain_vs's chain"
exit $fail
