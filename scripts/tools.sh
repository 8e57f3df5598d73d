#!/bin/bash
# Build KVM selftests, statically for riscv64, from a variant's patched
# source tree; cached under $CACHE/selftest keyed by the tree and this
# script.
#   scripts/tools.sh            the series' guest_profiling_test (full),
#                               copied to out/tools/
#   scripts/tools.sh VARIANT    every riscv KVM selftest of VARIANT's tree
#                               (its Makefile's list, upstream's and the
#                               series'), copied to out/kvm-selftests/VARIANT/
# The series' perf is scripts/perf.sh's.
. "$(dirname "$0")/lib.sh"

SELFTEST=riscv/guest_profiling_test
# Programs of a tree's list that bookworm's cross compiler cannot build,
# "PROGRAM<TAB>why": left out of "every riscv KVM selftest", by name.
UNBUILDABLE=(
	"memslot_perf_test	asserts ATOMIC_BOOL_LOCK_FREE == 2 (7.x), which gcc 12 for riscv64 gives as 1"
)

[ $# -le 1 ] || die "usage: $0 [VARIANT]"
variant=${1:-full}
"$TOP/scripts/kernel.sh" "$variant" >&2
tree=$(cat "$OUT/$variant/tree")
src=$tree/src

# build_selftests DIR TARGET...: the tree's headers, then TARGETs of the
# KVM selftests' Makefile (its default target builds them all) in DIR/kvm.
build_selftests() {
	local dir=$1
	shift
	make -C "$src" ARCH=riscv O="$tree/obj" INSTALL_HDR_PATH="$dir/headers" headers_install
	make -C "$src/tools/testing/selftests/kvm" -j"$(nproc)" ARCH=riscv \
		CROSS_COMPILE=$CROSS LDFLAGS=-static OUTPUT="$dir/kvm" \
		INSTALL_HDR_PATH="$dir/headers" \
		KHDR_INCLUDES="-isystem $dir/headers/include" "$@"
}

# The riscv programs of the tree's KVM selftests Makefile, one a line.
riscv_selftests() {
	make -s -C "$src/tools/testing/selftests/kvm" ARCH=riscv \
		--eval='print-riscv-tests: ; @printf "%s\n" $(TEST_GEN_PROGS_riscv)' print-riscv-tests
}

if [ $# -eq 0 ]; then
	what=$SELFTEST dest=$OUT/tools
else
	what="every riscv KVM selftest" dest=$OUT/kvm-selftests/$variant
fi
selftest_key=$( { echo "${tree##*/}"; echo "$what"; cat "$0"; } | hash_of)
selftest_dir=$CACHE/selftest/$selftest_key
# One build of a key at a time: a second asker waits and takes the first's.
mkdir -p "$CACHE/selftest"
exec 9>"$selftest_dir.lock"
flock 9
if [ ! -f "$selftest_dir/done" ]; then
	rm -rf "$selftest_dir"
	mkdir -p "$selftest_dir"
	if [ $# -eq 0 ]; then
		targets=("$selftest_dir/kvm/$SELFTEST")
	else
		mapfile -t targets < <(riscv_selftests | while read -r t; do
			for u in "${UNBUILDABLE[@]}"; do
				if [ "$t" = "${u%%$'\t'*}" ]; then
					echo "tools: $variant's $t left out: ${u#*$'\t'}" >&2
					continue 2
				fi
			done
			echo "$t"
		done)
		[ ${#targets[@]} -gt 0 ] || die "the KVM selftests Makefile of $variant lists no riscv program"
		printf '%s\n' "${targets[@]}" >"$selftest_dir/list"
		targets=("${targets[@]/#/$selftest_dir/kvm/}")
	fi
	step "build $what of $variant (static riscv64)" "$LOGS/tools-selftest-$variant.log" \
		build_selftests "$selftest_dir" "${targets[@]}"
	touch "$selftest_dir/done"
fi

# What a rig copies from while another check asks for the same selftests
# (make check runs checks side by side) is replaced only when it changed,
# and then by renames.
if [ $# -eq 0 ]; then
	mkdir -p "$dest"
	put_in_place "$selftest_dir/kvm/$SELFTEST" "$dest/${SELFTEST##*/}"
	note "tools: out/tools/${SELFTEST##*/}"
else
	# Made anew: a program the tree no longer lists must not linger.
	if [ "$(cat "$dest/.key" 2>/dev/null)" != "$selftest_key" ]; then
		rm -rf "$dest.tmp.$$"
		mkdir -p "$dest.tmp.$$"
		while read -r t; do
			cp "$selftest_dir/kvm/$t" "$dest.tmp.$$/${t##*/}"
		done <"$selftest_dir/list"
		echo "$selftest_key" >"$dest.tmp.$$/.key"
		swap_in_dir "$dest.tmp.$$" "$dest"
	fi
	note "tools: ${dest#"$TOP"/}/ ($(wc -l <"$selftest_dir/list") KVM selftests of $variant)"
fi
