#!/bin/bash
# The series' perf tool for the rig:
#   scripts/perf.sh [VARIANT]
#
# tools/perf of the variant's patched tree (default `full`: the series' tool
# patches included), built for riscv64 the way Debian 13 builds its own linux-perf:
# against Debian 13's riscv64 libraries, with every feature Debian's perf
# has.  Leaves out/tools/perf (the rig's /bin/perf; Debian's stays
# /usr/bin/perf), and out/perf/build-options.{debian,ours}, the two
# `perf version --build-options` side by side.  The build fails if ours
# lacks a feature Debian's has.  Every variant's perf is also
# out/perf/VARIANT/perf (another variant's, 7.3-full's, only there), with
# the sysroot it runs against under qemu-user (for its perf test cases,
# tests/perf-tests.sh) named in out/perf/VARIANT/sysroot.
#
# The sysroot is mmdebstrap's extract of Debian's linux-perf (pinned in
# scripts/lib.sh) and the -dev packages of the libraries it links; it is
# compiled against with the bookworm cross compiler, its own headers and
# libraries first.  Two programs of the sysroot run under qemu-user: perl
# (the embedding flags of Debian's perl) and the two perf binaries (their
# build options).  Cached under $CACHE/perf-sysroot and $CACHE/perf.
. "$(dirname "$0")/lib.sh"

[ $# -le 1 ] || die "usage: $0 [VARIANT]"
variant=${1:-full}
for c in mmdebstrap qemu-riscv64 "${CROSS}g++"; do
	command -v "$c" >/dev/null || die "$c is missing: run 'make deps'"
done

# The libraries Debian's perf links (readelf -d of its binary), as -dev
# packages; libstdc++ comes with the runtime.
PERF_DEV_PACKAGES=(libc6-dev libelf-dev libdw-dev libdebuginfod-dev libtraceevent-dev
	libpython3-dev libperl-dev libslang2-dev libzstd-dev liblzma-dev zlib1g-dev
	libnuma-dev libaudit-dev libopencsd-dev libbabeltrace-dev)
perf_pin=
for p in "${DEBIAN_PINS[@]}"; do
	[[ "$p" != linux-perf=* ]] || perf_pin=$p
done
[ -n "$perf_pin" ] || die "scripts/lib.sh pins no linux-perf"

"$TOP/scripts/kernel.sh" "$variant" >&2
tree=$(cat "$OUT/$variant/tree")

make_sysroot() {
	local root=$1
	mmdebstrap --mode=root --variant=extract --architectures=riscv64 \
		--include="$(IFS=,; echo "$perf_pin,${PERF_DEV_PACKAGES[*]}")" \
		"$DEBIAN_SUITE" "$root" "deb $(debian_mirror) $DEBIAN_SUITE main"
	# The extract variant makes no usr-merge links.
	local l
	for l in bin lib sbin; do
		[ -e "$root/$l" ] || ln -s "usr/$l" "$root/$l"
	done
	[ -x "$root/usr/bin/perf" ] || die "Debian's perf is missing from the sysroot"
}

# Keyed by what goes in and how, not by the rest of this script: a change
# to the build below does not unpack the sysroot again.
sysroot_key=$( { echo "$perf_pin" "${PERF_DEV_PACKAGES[@]}"; declare -f make_sysroot; } | hash_of)
sysroot=$CACHE/perf-sysroot/$sysroot_key
if [ ! -f "$sysroot/done" ]; then
	rm -rf "$sysroot" "$sysroot.tmp"
	mkdir -p "$(dirname "$sysroot")"
	step "unpack Debian $DEBIAN_SUITE riscv64's perf and -dev libraries (about 1 min, 0.7 GB)" \
		"$LOGS/perf-sysroot.log" make_sysroot "$sysroot.tmp"
	mv "$sysroot.tmp" "$sysroot"
	touch "$sysroot/done"
fi

# write_shims DIR: the compilers, with the sysroot's headers and libraries
# instead of the cross toolchain's (bookworm's glibc 2.36: Debian 13's
# libraries need 2.41); perl answering for the sysroot's perl when perf
# asks how to embed it; the sysroot's libstdc++ (newer than gcc 12's).
write_shims() {
	local dir=$1 s=$sysroot gcc_inc
	gcc_inc=$("${CROSS}gcc" -print-file-name=include)
	mkdir -p "$dir/lib"
	ln -sf "$s/usr/lib/riscv64-linux-gnu/libstdc++.so.6" "$dir/lib/libstdc++.so"
	local flags="--sysroot=$s -nostdinc -isystem $gcc_inc"
	flags+=" -isystem $s/usr/include/riscv64-linux-gnu -isystem $s/usr/include"
	flags+=" -B$s/usr/lib/riscv64-linux-gnu/ -L$dir/lib -L$s/usr/lib/riscv64-linux-gnu"
	local cxx_inc
	cxx_inc=$(echo | "${CROSS}g++" -xc++ -E -v - 2>&1 |
		sed -n 's#^ \(/.*/include/c++/[0-9]*\)$#\1#p' | head -n 1)
	[ -n "$cxx_inc" ] || die "cannot find ${CROSS}g++'s C++ headers"
	printf '#!/bin/sh\nexec %sgcc %s "$@"\n' "$CROSS" "$flags" >"$dir/rv-gcc"
	printf '#!/bin/sh\nexec %sg++ %s "$@"\n' "$CROSS" \
		"-isystem $cxx_inc -isystem $cxx_inc/riscv64-linux-gnu $flags" >"$dir/rv-g++"
	# -I/usr/... of Debian's perl is inside the sysroot: -I=/usr/...
	cat >"$dir/perl" <<-EOF
	#!/bin/sh
	if [ "\$1" = -MExtUtils::Embed ]; then
		qemu-riscv64 -L $s $s/usr/bin/perl "\$@" | sed 's# -\\([IL]\\)/# -\\1=/#g'
	else
		exec /usr/bin/perl "\$@"
	fi
	EOF
	chmod +x "$dir/rv-gcc" "$dir/rv-g++" "$dir/perl"
}

build_perf() {
	local dir=$1 s=$sysroot
	write_shims "$dir/shim"
	mkdir -p "$dir/obj"
	# Debian's perf is built with prefix /usr and its scripts in
	# /usr/lib/perf-core: ours finds them in the rig's Debian root.  No
	# BPF skeletons: Debian's has none (they need clang).  No Rust test
	# workload (7.x's perf builds one where it finds a rustc): Debian's
	# has none, and a rustc found here has no riscv64 std.  libatomic
	# linked in statically: 7.x's perf has 2-byte atomics, which gcc 12
	# for riscv64 calls there, and Debian's root has no libatomic.so.
	# LIBPERL=1: 7.x's perf builds perl scripting only when asked, as
	# Debian's 6.12 has it.
	PATH=$dir/shim:$PATH PKG_CONFIG_SYSROOT_DIR=$s \
	PKG_CONFIG_LIBDIR=$s/usr/lib/riscv64-linux-gnu/pkgconfig:$s/usr/share/pkgconfig \
	make -C "$tree/src/tools/perf" -f Makefile.perf -j"$(nproc)" ARCH=riscv \
		CROSS_COMPILE="$CROSS" CC=rv-gcc CXX=rv-g++ PYTHON=/usr/bin/python3 \
		PYTHON_CONFIG="$s/usr/bin/riscv64-linux-gnu-python3-config" \
		prefix=/usr perfexecdir=lib/perf-core NO_GTK2=1 CORESIGHT=1 BUILD_BPF_SKEL=0 NO_RUST=1 LIBPERL=1 \
		EXTRA_PERFLIBS="$("${CROSS}gcc" -print-file-name=libatomic.a)" \
		O="$dir/obj" "$dir/obj/perf"
	cp "$dir/obj/perf" "$dir/perf"
	"${CROSS}strip" "$dir/perf"
	rm -rf "$dir/obj"
}

# build_options PERF: its `perf version --build-options`, without colour.
build_options() {
	qemu-riscv64 -L "$sysroot" "$1" version --build-options | sed 's/\x1b\[[0-9;]*m//g'
}

perf_key=$( { echo "${tree##*/}" "$sysroot_key"; cat "$0"; } | hash_of)
perf_dir=$CACHE/perf/$perf_key
if [ ! -f "$perf_dir/done" ]; then
	note "perf from the $variant tree against Debian $DEBIAN_SUITE's libraries: not cached, building"
	rm -rf "$perf_dir"
	mkdir -p "$perf_dir"
	step "build perf for riscv64 (about 6 min)" "$LOGS/perf-build-$variant.log" build_perf "$perf_dir"
	build_options "$sysroot/usr/bin/perf" >"$perf_dir/build-options.debian"
	build_options "$perf_dir/perf" >"$perf_dir/build-options.ours"
	touch "$perf_dir/done"
fi
# Keep the caches bounded: the two most recent sysroots and four perfs
# (full's and 7.3's, and one earlier of each).
touch "$sysroot/done" "$perf_dir/done"
ls -1dt "$CACHE/perf-sysroot"/*/done | tail -n +3 | while read -r f; do rm -rf "${f%/done}"; done
ls -1dt "$CACHE/perf"/*/done | tail -n +5 | while read -r f; do rm -rf "${f%/done}"; done

# Every feature on in Debian's perf is on in ours.  A newer tree's perf
# (7.3's, against Debian 13's 6.12) may no longer list a feature at all:
# made unconditional or removed there; named, not compared.
missing='' unlisted=''
for f in $(awk '/\[ on  \]/ { print $1 }' "$perf_dir/build-options.debian"); do
	if ! grep -q "^ *$f \[" "$perf_dir/build-options.ours"; then
		unlisted+="$f "
	elif ! grep -q "^ *$f \[ on  \]" "$perf_dir/build-options.ours"; then
		missing+="$f "
	fi
done
[ -z "$missing" ] || die "our perf lacks what Debian's has: $missing" \
	"(build-options.debian against .ours in $perf_dir)"
[ -z "$unlisted" ] || [ "$variant" != full ] ||
	die "the full tree's perf no longer lists $unlisted, which Debian's has on"
[ -z "$unlisted" ] || note "perf of $variant: no longer lists $unlisted(on in Debian's)"

mkdir -p "$OUT/perf/$variant"
put_in_place "$perf_dir/perf" "$OUT/perf/$variant/perf"
echo "$sysroot" >"$OUT/perf/$variant/sysroot"
if [ "$variant" != full ]; then
	note "perf: out/perf/$variant/perf (cache $perf_dir)"
	exit 0
fi
mkdir -p "$OUT/tools" "$OUT/perf"
cp "$perf_dir/perf" "$OUT/tools/perf"
cp "$perf_dir/build-options.debian" "$perf_dir/build-options.ours" "$OUT/perf/"
note "perf: out/tools/perf ($(head -n 1 "$perf_dir/build-options.ours"), the features of Debian's and" \
	"$(($(grep -c '\[ on  \]' "$perf_dir/build-options.ours") - $(grep -c '\[ on  \]' "$perf_dir/build-options.debian")))" \
	"more) (cache $perf_dir)"
