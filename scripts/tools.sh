#!/bin/bash
# Build the KVM selftest of the series, statically for riscv64, from the
# `full` variant's patched source tree; cached under $CACHE/selftest keyed
# by the full tree and this script, copied to out/tools/.  The series'
# perf is scripts/perf.sh's.
. "$(dirname "$0")/lib.sh"

SELFTEST=riscv/guest_profiling_test

"$TOP/scripts/kernel.sh" full >&2
tree=$(cat "$OUT/full/tree")
src=$tree/src

build_selftest() {
	make -C "$src" ARCH=riscv O="$tree/obj" INSTALL_HDR_PATH="$1/headers" headers_install
	make -C "$src/tools/testing/selftests/kvm" -j"$(nproc)" ARCH=riscv \
		CROSS_COMPILE=$CROSS LDFLAGS=-static OUTPUT="$1/kvm" \
		INSTALL_HDR_PATH="$1/headers" \
		KHDR_INCLUDES="-isystem $1/headers/include" "$1/kvm/$SELFTEST"
}

selftest_key=$( { echo "${tree##*/}"; cat "$0"; } | hash_of)
selftest_dir=$CACHE/selftest/$selftest_key
if [ ! -f "$selftest_dir/done" ]; then
	rm -rf "$selftest_dir"
	mkdir -p "$selftest_dir"
	step "build KVM selftest $SELFTEST (static riscv64)" "$LOGS/tools-selftest.log" \
		build_selftest "$selftest_dir"
	touch "$selftest_dir/done"
fi

mkdir -p "$OUT/tools"
cp "$selftest_dir/kvm/$SELFTEST" "$OUT/tools/${SELFTEST##*/}"
note "tools: out/tools/${SELFTEST##*/}"
