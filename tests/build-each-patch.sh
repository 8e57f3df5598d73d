#!/bin/bash
# The tree builds after each patch of the series: build first-1 ... first-N
# (a prefix equal to a variant already built comes from the cache), and the
# selftest and the perf tool of the full series (scripts/tools.sh,
# scripts/perf.sh).
. "$(dirname "$0")/../scripts/lib.sh"

n=$(series_length)
for ((i = 1; i <= n; i++)); do
	"$TOP/scripts/kernel.sh" "first-$i" || { echo "the tree does not build after patch $i of $n"; exit 1; }
done
"$TOP/scripts/tools.sh" || exit 1
"$TOP/scripts/perf.sh" || exit 1
echo "the tree builds after each of the $n patches (Image, kvm.ko; the selftest and perf on the full series)"
