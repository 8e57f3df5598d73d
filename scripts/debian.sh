#!/bin/bash
# Debian 13 (trixie) riscv64, as its users run it, for the rig:
#   scripts/debian.sh
#
# Unpacks Debian's own linux-perf, qemu-system-riscv and riscv64 kernel
# package, with every library they need, from the Debian archive
# (mmdebstrap --variant=extract: nothing runs, so nothing needs
# emulation), and leaves in out/debian/:
#   root.img     the unpacked root as an ext4 image, which the rig mounts
#                read-only on /debian, with /usr a link to /debian/usr:
#                /usr/bin/perf and /usr/bin/qemu-system-riscv64 are Debian's
#                binaries with Debian's libraries, /debian/boot its kernel
#   Image, config, kvm.ko, boot-modules/
#                Debian's kernel (the unpatched host control), its KVM
#                module and the modules the rig's init loads first on it
#                (DEBIAN_BOOT_MODULES); its System.map is a stub (the real one is in the
#                -dbg package), so guest symbols come from the running
#                guest's /proc/kallsyms
#   manifest     every package unpacked, with its version
# Versions are pinned in scripts/lib.sh (DEBIAN_PINS); when the archive no
# longer has a pinned version, the newest is taken with a warning naming
# both.  Cached under $CACHE/debian/, keyed by the pins and this script.
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || die "usage: $0 (no arguments; versions are pinned in scripts/lib.sh)"
command -v mmdebstrap >/dev/null || die "mmdebstrap is missing: run 'make deps'"
command -v mke2fs >/dev/null || die "mke2fs is missing: run 'make deps'"

key=$( { printf '%s\n' "${DEBIAN_PINS[@]}" "${DEBIAN_BOOT_MODULES[@]}"; cat "$0"; } | hash_of)
dir=$CACHE/debian/$key
dest=$OUT/debian

# unpack ROOT PACKAGE...: mmdebstrap's extract variant, keeping the
# downloaded packages so that the manifest can name their versions.
unpack() {
	local root=$1
	shift
	rm -rf "$root"
	mmdebstrap --mode=root --variant=extract --architectures=riscv64 \
		--skip=cleanup/apt/cache --include="$(IFS=,; echo "$*")" \
		"$DEBIAN_SUITE" "$root" "deb $(debian_mirror) $DEBIAN_SUITE main"
}

# unpacked_version ROOT PACKAGE: its version, from its .deb's file name.
unpacked_version() {
	local f
	for f in "$1"/var/cache/apt/archives/"$2"_*_*.deb; do
		[ -f "$f" ] || continue
		f=${f##*/}
		f=${f#"$2"_}
		echo "${f%_*}" | sed 's/%3a/:/'
		return
	done
	echo "(not unpacked)"
}

# build: unpack, trim, and make the image and kernel files in $dir.tmp.
build() {
	local p name pinned got pkgs=("${DEBIAN_PINS[@]}") warnings=() root=$dir.tmp/root
	mkdir -p "$dir.tmp"
	if ! unpack "$root" "${pkgs[@]}" >"$dir.tmp/unpack-pinned.log" 2>&1; then
		grep -E "^E: " "$dir.tmp/unpack-pinned.log" >&2 || tail -n 5 "$dir.tmp/unpack-pinned.log" >&2
		echo "the pinned versions could not all be had; unpacking the newest instead" >&2
		pkgs=()
		for p in "${DEBIAN_PINS[@]}"; do
			name=${p%%=*}
			# A kernel package's name carries its ABI: take the flavour's
			# metapackage's kernel instead.
			[[ "$name" != linux-image-*-riscv64 ]] || name=linux-image-riscv64
			pkgs+=("$name")
		done
		unpack "$root" "${pkgs[@]}"
	fi
	for p in "${DEBIAN_PINS[@]}"; do
		name=${p%%=*} pinned=${p#*=}
		got=$(unpacked_version "$root" "$name")
		[ "$got" = "$pinned" ] || warnings+=("$name: pinned $pinned, not in the archive; took $(
			[[ "$name" != linux-image-*-riscv64 ]] && echo "$got" ||
				echo "linux-image-riscv64's kernel, $(unpacked_version "$root" linux-image-riscv64)") instead")
	done
	printf '%s\n' "${warnings[@]}" >"$dir.tmp/warnings"
	(cd "$root/var/cache/apt/archives" && ls -1 -- *.deb) | sed 's/%3a/:/; s/\.deb$//' >"$dir.tmp/manifest"

	# Debian's kernel: the EFI-stub Image QEMU boots with -kernel, and KVM.
	local kver
	kver=$(ls "$root"/boot/ | sed -n 's/^System.map-//p')
	[ -n "$kver" ] || die "no kernel in $root/boot"
	cp "$root/boot/vmlinux-$kver" "$dir.tmp/Image"
	cp "$root/boot/config-$kver" "$dir.tmp/config"
	xz -dc "$root/usr/lib/modules/$kver/kernel/arch/riscv/kvm/kvm.ko.xz" >"$dir.tmp/kvm.ko"
	echo "$kver" >"$dir.tmp/kernel-release"
	boot_modules "$root/usr/lib/modules/$kver/kernel" "$dir.tmp/boot-modules" "${DEBIAN_BOOT_MODULES[@]}"

	# The root without what nothing in the rig reads: documentation,
	# manuals, translations, the package cache, and the kernel's modules
	# (kvm.ko is taken above).
	rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,bug} "$root/usr/lib/modules" \
		"$root"/var/cache/apt "$root"/var/lib/apt/lists
	[ -x "$root/usr/bin/perf" ] && [ -x "$root/usr/bin/qemu-system-riscv64" ] ||
		die "Debian's perf or QEMU is missing from $root/usr/bin"
	local mb
	mb=$(du -sm "$root" | cut -f1)
	mke2fs -q -t ext4 -O ^has_journal -L debian -d "$root" \
		"$dir.tmp/root.img" "$((mb + mb / 4 + 16))M"
	rm -rf "$root"
}

# One unpacking at a time: a second asker waits and takes the first's.
mkdir -p "$CACHE/debian"
exec 9>"$CACHE/debian/.lock"
flock 9
if [ ! -f "$dir/done" ]; then
	note "Debian $DEBIAN_SUITE riscv64 userland and kernel (${DEBIAN_PINS[*]}): not cached, unpacking"
	rm -rf "$dir" "$dir.tmp"
	step "unpack Debian's packages and make the root image (about 1 min, 250 MB from the archive)" \
		"$LOGS/debian.log" build
	mv "$dir.tmp" "$dir"
fi
# The cache keeps two entries (about 0.6 GB each).
publish_cache_entry "$dir" "$dest" "Debian $DEBIAN_SUITE" root.img Image config kvm.ko manifest kernel-release
note "Debian $DEBIAN_SUITE: $dest/root.img ($(du -m "$dest/root.img" | cut -f1) MB), kernel $(cat "$dest/kernel-release") (cache $dir)"
