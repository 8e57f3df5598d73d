#!/bin/bash
# The tree builds after each patch of the series, for RV64 and RV32:
# RV64 as first-1 ... first-N (a prefix equal to a variant already built
# comes from the cache), RV32 in one tree built before the series and
# again after each patch (scripts/kernel.sh --each-patch rv32); and the
# selftests and the perf tool of the full series (scripts/tools.sh,
# scripts/perf.sh).
. "$(dirname "$0")/../scripts/lib.sh"

n=$(series_length)
for ((i = 1; i <= n; i++)); do
	"$TOP/scripts/kernel.sh" "first-$i" || { echo "the tree does not build for rv64 after patch $i of $n"; exit 1; }
done
"$TOP/scripts/kernel.sh" --each-patch rv32 || { echo "the tree does not build for rv32 after each patch (above)"; exit 1; }
"$TOP/scripts/tools.sh" || exit 1
"$TOP/scripts/perf.sh" || exit 1
echo "the tree builds after each of the $n patches, for rv64 and rv32 (Image, kvm.ko; the selftests and perf on the full series)"
