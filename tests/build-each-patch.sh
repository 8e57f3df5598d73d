#!/bin/bash
# The tree builds after each patch of the series, for RV64 and RV32: in
# one tree each, built before the series and again after each patch
# (scripts/kernel.sh --each-patch: a tree that built a prefix of the series
# before resumes after it); and the selftests and the perf tool of the
# full series (scripts/tools.sh, scripts/perf.sh).
. "$(dirname "$0")/../scripts/lib.sh"

n=$(series_length)
"$TOP/scripts/kernel.sh" --each-patch full || { echo "the tree does not build for rv64 after each patch (above)"; exit 1; }
"$TOP/scripts/kernel.sh" --each-patch rv32 || { echo "the tree does not build for rv32 after each patch (above)"; exit 1; }
"$TOP/scripts/tools.sh" || exit 1
"$TOP/scripts/perf.sh" || exit 1
echo "the tree builds after each of the $n patches, for rv64 and rv32 (Image, kvm.ko; the selftests and perf on the full series)"
