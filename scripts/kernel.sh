#!/bin/bash
# Build a kernel variant: scripts/kernel.sh VARIANT
#
# Unpacks the Debian source package of the variant's tree (kernel/TREE/
# source: linux-source-6.12 for 6.12's variants), applies the variant's
# patches from kernel/TREE/series, configures with allnoconfig + kernel/configs/rig.config
# (+ the variant's own fragments, e.g. debug options) and builds Image and
# kvm.ko.  Builds are cached under $CACHE keyed by (source
# version, patch contents, config fragment, toolchain); a variant whose key
# is cached is only copied to out/VARIANT/.  The build tree stays in the
# cache, so a developer can rebuild it incrementally by hand.
#
# scripts/kernel.sh --each-patch VARIANT instead builds the variant's
# configuration once without patches and again after each patch of the
# variant, in one tree kept for the variant (a build check:
# tests/build-each-patch.sh runs it for full and rv32); a series built
# before is cached by the same key, and it leaves nothing in out/.
. "$(dirname "$0")/lib.sh"

each_patch=0
if [ "${1:-}" = --each-patch ]; then
	each_patch=1
	shift
fi
variant=${1:-}
[ -n "$variant" ] || die "usage: $0 [--each-patch] VARIANT (one of: $(variant_names) debian debian-7.2)"
[ $# -eq 1 ] || die "usage: $0 [--each-patch] VARIANT: one variant, not '$*'"
[ $each_patch = 0 ] || [[ "$variant" != debian* ]] || die "--each-patch: Debian's kernel is not built here"
# "debian": Debian 13's own kernel package, unbuilt, the real-world control;
# "debian-7.2": Debian's own 7.x kernel (sid), the 7.3 tree's.
[ "$variant" != debian ] || exec "$TOP/scripts/debian.sh"
[ "$variant" != debian-7.2 ] || exec "$TOP/scripts/debian-host.sh"

# rig.config, the tree's own additions to it (kernel/TREE/rig.config),
# then the variant's fragments.
fragment_files=("$TOP/kernel/configs/rig.config")
[ ! -f "$TOP/kernel/$(variant_tree "$variant")/rig.config" ] ||
	fragment_files+=("$TOP/kernel/$(variant_tree "$variant")/rig.config")
list=$(variant_fragments "$variant")
[ -z "$list" ] || mapfile -t -O "${#fragment_files[@]}" fragment_files <<<"$list"
# The fragments merged; with rig.config alone it is rig.config, so the
# variants without their own fragments keep their cache keys.
# Written by a rename: make check may ask for one variant from two checks
# at once, and the other reads it for its key.
FRAGMENT=$LOGS/kernel-$variant.fragment
cat "${fragment_files[@]}" >"$FRAGMENT.tmp.$$"
mv -f "$FRAGMENT.tmp.$$" "$FRAGMENT"
fragment_names="${fragment_files[*]#"$TOP"/}"
# ccache shares compiled objects between variants: most differ from another
# in a few files, and the first-N prefixes of the series in one patch each.
# A hit is the object the compiler made for the same preprocessed input and
# options, so every variant is still built whole from its own tree.  Paths
# under the cache are made relative (each tree is built from its own obj/
# beside its src/), so trees of different keys share entries.
export CCACHE_DIR=$CACHE/ccache CCACHE_BASEDIR=$CACHE/kernel CCACHE_MAXSIZE=10G
KMAKE=(make ARCH=riscv CROSS_COMPILE="$CROSS" CC="ccache ${CROSS}gcc" -j"$(nproc)")

list=$(variant_patches "$variant")
mapfile -t patches <<<"$list"
[ -n "$list" ] || patches=()
ktree=$(variant_tree "$variant")
tree_source "$ktree"
patches_dir=$(patch_dir "$ktree")
version=$(ksrc_version)

# key PATCH...: the cache key of a build of the pinned source with PATCH...
key() {
	{
		echo "$version"
		cat "$FRAGMENT"
		"${CROSS}gcc" --version | sed -n 1p
		echo "build-commands-v1"	# bump when the build commands below change
		# Only the diffs: a reworded commit message builds the same kernel.
		for p in "$@"; do
			echo "patch $p"
			sed -n '/^diff --git /,$p' "$patches_dir/$p"
		done
	} | hash_of
}

apply_patches() {
	local src=$1 p
	shift
	for p in "$@"; do
		echo "applying $p"
		GIT_CEILING_DIRECTORIES=$(dirname "$src") git -C "$src" apply --verbose "$patches_dir/$p" || return 1
	done
}

# The source, unpacked once per tree and version under $CACHE/source/ and
# hard-linked into each build tree: 1.7 GB once rather than in every tree.
# Safe while nothing writes a source file in place: git apply (and -R)
# removes a file and creates its new version, and kbuild with O= writes
# only under obj/.  A listing of the unpacked files (size, mtime)
# taken at unpacking is compared before each use, so an in-place write
# from any tree is found rather than spread.
pristine_source() {
	local dir=$CACHE/source/$ktree-$version listing
	listing=$dir.listing
	mkdir -p "$CACHE/source"
	# One unpacking at a time, whichever build asks first.
	exec 8>"$CACHE/source/.lock"
	flock 8
	if [ -f "$listing" ]; then
		cmp -s "$listing" <(source_listing "$dir") ||
			die "the shared source $dir changed after it was unpacked (a build wrote a file of a tree in place):" \
				"every tree linked to it may be changed too; remove $CACHE/source and $CACHE/kernel and build again"
	else
		rm -rf "$CACHE/source/$ktree"-* "$dir.tmp"
		mkdir -p "$dir.tmp"
		tar -xf "$KSRC_TARBALL" -C "$dir.tmp" --strip-components=1
		mv "$dir.tmp" "$dir"
		source_listing "$dir" >"$listing"
	fi
	exec 8>&-
}

source_listing() {
	(cd "$1" && find . -type f -printf '%s %T@ %p\n' | LC_ALL=C sort -k3)
}

unpack() {
	local dir=$1
	pristine_source
	rm -rf "$dir.tmp"
	mkdir -p "$(dirname "$dir")"
	cp -al "$CACHE/source/$ktree-$version" "$dir.tmp"
	mv "$dir.tmp" "$dir"
}

verify_config() {
	local cfg=$1 line opt val bad=0
	# A later fragment may override an option an earlier one set, as
	# Kconfig lets it: check the last setting of each.
	while IFS= read -r line; do
		opt=${line%%=*}
		val=${line#*=}
		if [ "$val" = n ]; then
			grep -qE "^$opt=[ym]" "$cfg" && { echo "$opt: wanted n, got $(grep "^$opt=" "$cfg")"; bad=1; }
		else
			grep -qxF "$opt=$val" "$cfg" || { echo "$opt: wanted $val, got $(grep "^$opt=" "$cfg" || echo 'not set')"; bad=1; }
		fi
	done < <(awk -F= '/^CONFIG_/ { last[$1] = $0; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
		END { for (i = 1; i <= n; i++) print last[order[i]] }' "$FRAGMENT")
	return $bad
}

configure() {
	step "configure (allnoconfig + $fragment_names)" "$LOGS/kernel-$variant-config.log" \
		env KCONFIG_ALLCONFIG="$FRAGMENT" "${KMAKE[@]}" -C "$1/src" O="$1/obj" allnoconfig
	step "check the config has every fragment option" "$LOGS/kernel-$variant-config-check.log" \
		verify_config "$1/obj/.config"
}

final_key=$(key "${patches[@]}")

# --each-patch: one tree per variant, kept and reused, built before the
# first patch and after each, applying the next patch on top of the last
# build.  The tree keeps a copy of each patch it has applied (applied/N)
# and the cache key of each prefix it has built (built: after 0, 1, ...
# patches).  A new series takes back the patches past the prefix it shares
# with what the tree built, then applies and builds the rest one at a time:
# a change to patch K rebuilds from K on.  The tree is never moved (kbuild
# keeps absolute paths in it), and only one build uses it at a time.
each_patch_build() {
	local tree n=${#patches[@]} i j m common=-1
	local -a prefix_keys=()
	# One tree for all the names of the variant (full, 6.12-full).
	tree=$CACHE/kernel/each-patch-$(variant_canonical "$variant")
	mkdir -p "$CACHE/kernel"
	exec 9>"$tree.lock"
	flock -n 9 || die "another build of $variant after each patch holds $tree.lock"
	if [ "$(cat "$tree/done" 2>/dev/null)" = "$final_key" ]; then
		touch "$tree/done"
		note "kernel $variant: built after each of its $n patch(es) before (key $final_key, cached)"
		return
	fi
	for ((i = 0; i <= n; i++)); do
		prefix_keys+=("$(key "${patches[@]:0:i}")")
	done
	if [ -f "$tree/built" ] && [ -d "$tree/applied" ]; then
		while [ $((common + 1)) -le "$n" ] &&
			[ "$(sed -n "$((common + 2))p" "$tree/built")" = "${prefix_keys[common + 1]}" ]; do
			common=$((common + 1))
		done
	fi
	rm -f "$tree/done"
	if [ "$common" -ge 0 ]; then
		m=$(find "$tree/applied" -name '*.patch' | wc -l)
		note "kernel $variant: $version, the tree built the first $common of the $n patch(es) before; taking back $((m - common)), building after the other $((n - common))"
		for ((j = m; j > common; j--)); do
			if ! GIT_CEILING_DIRECTORIES=$tree git -C "$tree/src" apply -R "$tree/applied/$j.patch" \
				>>"$LOGS/kernel-$variant-revert.log" 2>&1; then
				note "kernel $variant: patch $j of the tree's last series does not come off (${LOGS#"$TOP"/}/kernel-$variant-revert.log): building from the start"
				common=-1
				break
			fi
			rm "$tree/applied/$j.patch"
		done
	fi
	if [ "$common" -lt 0 ]; then
		note "kernel $variant: $version, built before the series and after each of its $n patch(es), key $final_key"
		rm -rf "$tree"
		step "unpack $KSRC_TARBALL ($version), linked from the shared source" "$LOGS/kernel-$variant-unpack.log" \
			unpack "$tree/src"
		mkdir -p "$tree/obj" "$tree/applied"
		configure "$tree"
		step "build $variant with no patch" "$LOGS/kernel-$variant-build-0.log" \
			"${KMAKE[@]}" -C "$tree/src" O="$tree/obj" Image modules
		echo "${prefix_keys[0]}" >"$tree/built"
		common=0
	else
		sed -i "$((common + 2)),\$d" "$tree/built"
	fi
	for ((i = common; i < n; i++)); do
		step "apply patch $((i + 1)) of $n: ${patches[i]}" "$LOGS/kernel-$variant-apply-$((i + 1)).log" \
			apply_patches "$tree/src" "${patches[i]}"
		cp "$patches_dir/${patches[i]}" "$tree/applied/$((i + 1)).patch"
		step "build $variant after patch $((i + 1)) of $n" "$LOGS/kernel-$variant-build-$((i + 1)).log" \
			"${KMAKE[@]}" -C "$tree/src" O="$tree/obj" Image modules
		echo "${prefix_keys[i + 1]}" >>"$tree/built"
	done
	# The patches may add options (Kconfig); the fragment still holds.
	step "check the config has every fragment option after the series" "$LOGS/kernel-$variant-config-check.log" \
		verify_config "$tree/obj/.config"
	echo "$final_key" >"$tree/done"
}

if [ $each_patch = 1 ]; then
	# Trees of the earlier layout, one per series key.
	rm -rf "$CACHE/kernel/each-patch-$(variant_canonical "$variant")-"*
	each_patch_build
	exit 0
fi

tree=$CACHE/kernel/$final_key
dest=$OUT/$variant

# One build of a key at a time: a second asker waits and takes the first's.
mkdir -p "$CACHE/kernel"
exec 9>"$tree.lock"
flock 9
if [ ! -f "$tree/done" ]; then
	note "kernel $variant: $version + ${#patches[@]} patch(es), key $final_key: not cached, building"
	rm -rf "$tree"
	step "unpack $KSRC_TARBALL ($version), linked from the shared source" "$LOGS/kernel-$variant-unpack.log" \
		unpack "$tree/src"
	mkdir -p "$tree/obj"
	step "apply ${#patches[@]} patch(es) of variant $variant" "$LOGS/kernel-$variant-apply.log" \
		apply_patches "$tree/src" "${patches[@]}"
	configure "$tree"
	step "build Image and modules (2 cores: 3-6 min from nothing, 1 min when ccache holds most objects)" "$LOGS/kernel-$variant-build.log" \
		"${KMAKE[@]}" -C "$tree/src" O="$tree/obj" Image modules
fi

# Keep the cache bounded (0.15-0.3 GB of objects a tree, the
# source being shared): the 28 most recently used builds (make check uses
# about 26), and no unfinished build older than a day.
prune_cache() {
	local keep=28 d
	ls -1dt "$CACHE"/kernel/*/done 2>/dev/null | tail -n +$((keep + 1)) |
		while read -r d; do rm -rf "${d%/done}" "${d%/done}.lock"; done
	find "$CACHE/kernel" -mindepth 1 -maxdepth 1 -type d -mtime +0 \
		! -exec test -e '{}/done' ';' -exec rm -rf '{}' + 2>/dev/null || true
}

touch "$tree/done"	# marks the build complete, and recently used
prune_cache

# The rig's test module (stress/module/), built against this tree.
test_module_dir=$tree/test-module-$(cat "$TOP"/stress/module/* | hash_of)
if [ ! -f "$test_module_dir/kvm_minor_blocker.ko" ]; then
	rm -rf "$test_module_dir"
	mkdir -p "$test_module_dir"
	cp "$TOP"/stress/module/* "$test_module_dir/"
	step "build the test module kvm_minor_blocker.ko" "$LOGS/kernel-$variant-test-module.log" \
		"${KMAKE[@]}" -C "$tree/src" O="$tree/obj" M="$test_module_dir" modules
fi

mkdir -p "$dest"
for f in "$tree/obj/arch/riscv/boot/Image" "$tree/obj/arch/riscv/kvm/kvm.ko" \
	"$test_module_dir/kvm_minor_blocker.ko" "$tree/obj/System.map" "$tree/obj/.config"; do
	put_in_place "$f" "$dest/${f##*/}"
done
echo "$tree" >"$dest/tree.tmp.$$"
mv -f "$dest/tree.tmp.$$" "$dest/tree"
note "kernel $variant: $dest/Image, $dest/kvm.ko (cache $tree)"
