#!/bin/bash
# Every patch of the series, and the rig's test module:
# scripts/checkpatch.pl --strict reports no error, warning or check.  Runs in the unpacked, unpatched source (no .git: the
# upstream commits the messages name cannot be looked up, and are not).
#
# One warning class is settled rather than ignored blindly: checkpatch asks
# "does MAINTAINERS need updating?" for every added file.  For each file the
# series adds, get_maintainer.pl must find the KVM/riscv entry (whose F:
# patterns cover it); only then is FILE_PATH_CHANGES ignored.
. "$(dirname "$0")/../scripts/lib.sh"

"$TOP/scripts/kernel.sh" base >/dev/null
"$TOP/scripts/kernel.sh" full >/dev/null
base_src=$(cat "$OUT/base/tree")/src
full_src=$(cat "$OUT/full/tree")/src

fail=0
mapfile -t patches < <(series_patches)
for p in "${patches[@]}"; do
	f=$TOP/kernel/patches/$p
	ignore=()
	added=$(awk '/^diff --git / { file = substr($4, 3) } /^new file mode/ { print file }' "$f")
	for a in $added; do
		who=$(cd "$full_src" && perl scripts/get_maintainer.pl --no-git --no-rolestats -f "$a" 2>&1)
		if grep -q "KVM/riscv\|kvm-riscv" <<<"$who"; then
			echo "$p adds $a, covered by MAINTAINERS (KVM/riscv)"
			ignore=(--ignore FILE_PATH_CHANGES)
		else
			echo "$p adds $a, which no KVM/riscv MAINTAINERS entry covers:"
			echo "$who"
			fail=1
		fi
	done
	if (cd "$base_src" && perl scripts/checkpatch.pl --strict --color=never "${ignore[@]}" "$f") >"$LOGS/checkpatch-$p.log" 2>&1; then
		echo "checkpatch --strict: $p: $(grep '^total:' "$LOGS/checkpatch-$p.log")"
	else
		echo "checkpatch --strict: $p: FAILED"
		cat "$LOGS/checkpatch-$p.log"
		fail=1
	fi
done
# The rig's test module is kernel C too (not part of the series).
m=stress/module/kvm_minor_blocker.c
if (cd "$base_src" && perl scripts/checkpatch.pl --strict --color=never --no-tree -f "$TOP/$m") \
	>"$LOGS/checkpatch-test-module.log" 2>&1; then
	echo "checkpatch --strict -f: $m: $(grep '^total:' "$LOGS/checkpatch-test-module.log")"
else
	echo "checkpatch --strict -f: $m: FAILED"
	cat "$LOGS/checkpatch-test-module.log"
	fail=1
fi
exit $fail
