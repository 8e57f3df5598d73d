#!/bin/bash
# Every tree's series builds after each of its patches, for RV64 and RV32:
# in one kernel tree each, built before the series and again after each
# patch (scripts/kernel.sh --each-patch TREE-full and TREE-rv32: a tree
# that built a prefix of the series before resumes after it); and the
# selftests and the perf tool of the default tree's full series
# (scripts/tools.sh, scripts/perf.sh).
. "$(dirname "$0")/../scripts/lib.sh"

summary=()
for t in $(trees); do
	prefix=$(tree_prefix "$t")
	n=$(series_length "$t")
	"$TOP/scripts/kernel.sh" --each-patch "${prefix}full" ||
		{ echo "the $t tree does not build for rv64 after each patch (above)"; exit 1; }
	"$TOP/scripts/kernel.sh" --each-patch "${prefix}rv32" ||
		{ echo "the $t tree does not build for rv32 after each patch (above)"; exit 1; }
	summary+=("$t: $n patches")
done
"$TOP/scripts/tools.sh" || exit 1
"$TOP/scripts/perf.sh" || exit 1
echo "every tree builds after each of its patches, for rv64 and rv32 (${summary[*]}; Image, kvm.ko; the selftests and perf on the full series)"
