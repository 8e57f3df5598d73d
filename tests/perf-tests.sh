#!/bin/bash
# The series' perf test cases: the 7.3 perf-tools topic's
# (kernel/7.3/patches/perf-tools/) and 6.12's 0018's, run on this machine:
# the C cases by the variant's riscv64 perf under qemu-user (they decode
# and resolve records, nothing they do needs a riscv kernel), the shell
# case by bash with the variant's flamegraph.py.
#   tests/perf-tests.sh VARIANT pass      every case passes
#   tests/perf-tests.sh VARIANT control   VARIANT has the cases but not the
#                                         fixes: every case fails
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args "$@"
variant=$1 want=$2
# "perf test" descriptions of the C cases, and the shell case's script,
# of the variant's tree.
if [ "$(variant_tree "$variant")" = 7.3 ]; then
	C_CASES=("Callchain guest contexts" "riscv perf kvm stat exit reasons")
	SHELL_CASE=tools/perf/tests/shell/script_flamegraph_guest.sh
else
	C_CASES=("riscv perf kvm stat exit reasons")
	SHELL_CASE=
fi

"$TOP/scripts/perf.sh" "$variant" >/dev/null
perf=$OUT/perf/$variant/perf
sysroot=$(cat "$OUT/perf/$variant/sysroot")
src=$(cat "$OUT/$variant/tree")/src
[ -x "$perf" ] && [ -d "$sysroot" ] || die "no perf for $variant in $OUT/perf/$variant"

results=()
for c in "${C_CASES[@]}"; do
	log=$LOGS/perf-test-$variant-${c// /-}.log
	set +e
	qemu-riscv64 -L "$sysroot" "$perf" test -v "$c" >"$log" 2>&1
	set -e
	sed 's/^/    /' "$log"
	# "NN: DESCRIPTION : Ok" (or FAILED!, Skip), after "... : Running";
	# exactly one such line.
	n=$(grep -E "^ *[0-9]+: $c +: " "$log" | grep -cv ': Running' || true)
	[ "$n" = 1 ] || die "perf test '$c' on $variant: $n result lines, want 1 ($log)"
	r=$(sed -n "s/^ *[0-9]*: $c *: \(.*\)$/\1/p" "$log" | grep -v '^Running')
	case $r in
	Ok) results+=("$c=pass") ;;
	FAILED!) results+=("$c=fail") ;;
	*) die "perf test '$c' on $variant: '$r', neither Ok nor FAILED! ($log)" ;;
	esac
done
if [ -n "$SHELL_CASE" ]; then
	[ -f "$src/$SHELL_CASE" ] || die "$variant's tree has no $SHELL_CASE"
	log=$LOGS/perf-test-$variant-flamegraph-guest.log
	set +e
	bash "$src/$SHELL_CASE" >"$log" 2>&1
	rc=$?
	set -e
	sed 's/^/    /' "$log"
	case $rc in
	0) results+=("flamegraph guest stacks=pass") ;;
	1) results+=("flamegraph guest stacks=fail") ;;
	*) die "$SHELL_CASE on $variant exited $rc, neither passed (0) nor failed (1) ($log)" ;;
	esac
fi

bad=0
for r in "${results[@]}"; do
	echo "perf test on $variant: ${r%=*}: ${r#*=}"
	if { [ "$want" = pass ] && [ "${r#*=}" != pass ]; } ||
		{ [ "$want" = control ] && [ "${r#*=}" != fail ]; }; then
		echo "  want $([ "$want" = pass ] && echo pass || echo fail)"
		bad=1
	fi
done
exit $bad
