#!/bin/bash
# Build the riscv64 tools that run in the rig, statically, from the `full`
# variant's patched source tree: perf, and the KVM selftest of the series.
# perf is cached under $CACHE/perf keyed by the source version, the parts of
# the series under tools/ outside tools/testing, and this script; the
# selftest under $CACHE/selftest keyed by the full tree.  Both are copied to
# out/tools/.
. "$(dirname "$0")/lib.sh"

SELFTEST=riscv/guest_profiling_test

# perf with every optional library off: the rig has no shared libraries,
# and perf's dlfilter objects cannot link statically, so build perf alone.
PERF_FLAGS=(
	ARCH=riscv CROSS_COMPILE="$CROSS" LDFLAGS=-static WERROR=0
	NO_LIBELF=1 NO_LIBTRACEEVENT=1 NO_LIBPYTHON=1 NO_LIBPERL=1 NO_SLANG=1
	NO_GTK2=1 NO_LIBUNWIND=1 NO_LIBDW_DWARF_UNWIND=1 NO_LIBNUMA=1
	NO_LIBAUDIT=1 NO_LIBBPF=1 NO_LIBCRYPTO=1 NO_LIBZSTD=1 NO_LZMA=1
	NO_ZLIB=1 NO_LIBCAP=1 NO_LIBBABELTRACE=1 NO_JVMTI=1 NO_LIBPFM4=1
	NO_SDT=1 NO_LIBLLVM=1 NO_DEMANGLE=1 NO_BACKTRACE=1 NO_LIBDEBUGINFOD=1
	NO_CAPSTONE=1
)

"$TOP/scripts/kernel.sh" full >&2
tree=$(cat "$OUT/full/tree")
src=$tree/src

# The hunks of the full series that can change perf.
perf_relevant_hunks() {
	local p
	while read -r p; do
		awk '/^diff --git / { keep = ($3 ~ /^a\/tools\// && $3 !~ /^a\/tools\/testing\//) }
		     keep' "$TOP/kernel/patches/$p"
	done < <(variant_patches full)
}

build_perf() {
	mkdir -p "$1"
	make -C "$src/tools/perf" -f Makefile.perf -j"$(nproc)" "${PERF_FLAGS[@]}" \
		O="$1" "$1/perf"
}

build_selftest() {
	make -C "$src" ARCH=riscv O="$tree/obj" INSTALL_HDR_PATH="$1/headers" headers_install
	make -C "$src/tools/testing/selftests/kvm" -j"$(nproc)" ARCH=riscv \
		CROSS_COMPILE=$CROSS LDFLAGS=-static OUTPUT="$1/kvm" \
		INSTALL_HDR_PATH="$1/headers" \
		KHDR_INCLUDES="-isystem $1/headers/include" "$1/kvm/$SELFTEST"
}

# cached NAME KEY DESCRIPTION BUILD_FUNCTION: build into $CACHE/NAME/KEY once.
cached() {
	local dir=$CACHE/$1/$2
	if [ ! -f "$dir/done" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		step "$3" "$LOGS/tools-$1.log" "$4" "$dir"
		touch "$dir/done"
	fi
	echo "$dir"
}

perf_key=$( { ksrc_version; perf_relevant_hunks; "${CROSS}gcc" --version | sed -n 1p; cat "$0"; } | hash_of)
selftest_key=$( { echo "${tree##*/}"; cat "$0"; } | hash_of)
perf_dir=$(cached perf "$perf_key" "build perf (static riscv64, ~3 min)" build_perf)
selftest_dir=$(cached selftest "$selftest_key" "build KVM selftest $SELFTEST (static riscv64)" build_selftest)

mkdir -p "$OUT/tools"
cp "$perf_dir/perf" "$OUT/tools/perf"
cp "$selftest_dir/kvm/$SELFTEST" "$OUT/tools/${SELFTEST##*/}"
note "tools: out/tools/perf, out/tools/${SELFTEST##*/}"
