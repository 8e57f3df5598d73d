#!/bin/bash
# vmm/fdt.c: tests/unit/test_fdt.c's checks, then dtc (an independent
# reader) must decode its blob to the tree it was told to write.
. "$(dirname "$0")/../../scripts/lib.sh"

dtb=$OUT/host/test.dtb
"$OUT/host/test_fdt" "$dtb"
got=$(dtc -q -I dtb -O dts "$dtb") || die "dtc cannot read the blob"
want_lines=(
	'compatible = "rv-kvm-perf,test";'
	'bootargs = "console=hvc0 -- 6 60";'
	'linux,initrd-start = <0x00 0x8fe00000>;'
	'memory@80000000 {'
	'reg = <0x00 0x80000000 0x00 0x10000000>;'
	'interrupt-controller;'
)
fail=0
for w in "${want_lines[@]}"; do
	if grep -qF -- "$w" <<<"$got"; then
		echo "ok dtc shows: $w"
	else
		echo "not ok dtc does not show: $w"
		fail=1
	fi
done
[ $fail = 0 ] || { echo "$got"; exit 1; }
echo "fdt: the blob decodes with dtc to the tree written"
