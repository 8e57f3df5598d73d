#!/bin/bash
# Debian's own 7.x riscv64 kernel as the rig's host, the 7.3 tree's
# real-world control (variant debian-7.2):
#   scripts/debian-host.sh
#
# Downloads sid's kernel packages (DEBIAN_7_PINS in scripts/lib.sh: the
# binary package, whose usr/lib/modules/RELEASE/vmlinuz is an EFI-stub
# Image QEMU boots with -kernel, and the modules package) with a private
# apt state, and leaves in out/debian-7.2/ the Image, its kvm.ko, the
# modules the rig's init loads first (DEBIAN_7_BOOT_MODULES) and
# kernel-release.  The rig's root (perf, QEMU) stays Debian 13's
# (scripts/debian.sh).  A pin the archive no longer has gives the kernel
# linux-image-riscv64 names, with a warning naming both.  Cached under
# $CACHE/debian-host/, keyed by the pins and this script.
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || die "usage: $0 (no arguments; versions are pinned in scripts/lib.sh)"
variant=debian-7.2
key=$( { printf '%s\n' "$DEBIAN_7_SUITE" "${DEBIAN_7_PINS[@]}" "${DEBIAN_7_BOOT_MODULES[@]}"; cat "$0"; } | hash_of)
dir=$CACHE/debian-host/$key
dest=$OUT/$variant

# newest_kernel_packages: the binary and modules packages of the kernel
# linux-image-riscv64 depends on now, as PKG=VERSION.
newest_kernel_packages() {
	local image pkg
	image=$(apt-cache "${PRIVATE_APT[@]}" depends linux-image-riscv64 |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*-riscv64\)$/\1/p' | head -n 1)
	[ -n "$image" ] || die "$DEBIAN_7_SUITE's linux-image-riscv64 names no kernel"
	for pkg in $(apt-cache "${PRIVATE_APT[@]}" depends "$image" |
		sed -n 's/^ *Depends: \(linux-\(binary\|modules\)-[^ ]*\)$/\1/p'); do
		echo "$pkg=$(apt-cache "${PRIVATE_APT[@]}" madison "$pkg" | awk 'NR == 1 { print $3 }')"
	done
}

build() {
	local p pkgs=() got kver root=$dir.tmp/root
	mkdir -p "$root"
	private_apt "$DEBIAN_7_SUITE" riscv64
	for p in "${DEBIAN_7_PINS[@]}"; do
		apt-cache "${PRIVATE_APT[@]}" madison "${p%%=*}" | awk '{ print $3 }' | grep -qxF "${p#*=}" ||
			{ pkgs=(); break; }
		pkgs+=("$p")
	done
	if [ ${#pkgs[@]} -eq 0 ]; then
		mapfile -t pkgs < <(newest_kernel_packages)
		[ ${#pkgs[@]} -eq 2 ] || die "linux-image-riscv64's kernel is not one binary and one modules package: ${pkgs[*]}"
		echo "pinned ${DEBIAN_7_PINS[*]}, not in $DEBIAN_7_SUITE; took ${pkgs[*]} instead" >"$dir.tmp/warnings"
	else
		: >"$dir.tmp/warnings"
	fi
	private_apt_download "${pkgs[@]}"
	for p in "$PRIVATE_APT_ARCHIVES"/*.deb; do
		dpkg-deb -x "$p" "$root"
	done
	rm -f "$PRIVATE_APT_ARCHIVES"/*.deb
	got=$(printf '%s\n' "${pkgs[@]}")
	echo "$got" >"$dir.tmp/manifest"
	kver=$(ls "$root/usr/lib/modules")
	[ -n "$kver" ] && [ "$(wc -l <<<"$kver")" = 1 ] || die "not one kernel release in ${pkgs[*]}: $kver"
	[ -f "$root/usr/lib/modules/$kver/vmlinuz" ] || die "no vmlinuz in ${pkgs[*]}"
	cp "$root/usr/lib/modules/$kver/vmlinuz" "$dir.tmp/Image"
	xz -dc "$root/usr/lib/modules/$kver/kernel/arch/riscv/kvm/kvm.ko.xz" >"$dir.tmp/kvm.ko"
	echo "$kver" >"$dir.tmp/kernel-release"
	boot_modules "$root/usr/lib/modules/$kver/kernel" "$dir.tmp/boot-modules" "${DEBIAN_7_BOOT_MODULES[@]}"
	rm -rf "$root"
}

mkdir -p "$CACHE/debian-host"
exec 9>"$CACHE/debian-host/.lock"
flock 9
if [ ! -f "$dir/done" ]; then
	note "Debian $DEBIAN_7_SUITE riscv64 kernel (${DEBIAN_7_PINS[*]}): not cached, downloading"
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	step "download and unpack Debian's kernel and its modules (about 130 MB)" "$LOGS/debian-host.log" build
	mv "$dir.tmp" "$dir"
	touch "$dir/done"
fi
publish_cache_entry "$dir" "$dest" "Debian $DEBIAN_7_SUITE" Image kvm.ko kernel-release manifest
note "kernel $variant: Debian's $(cat "$dest/kernel-release") ($(tr '\n' ' ' <"$dest/manifest")) in $dest (cache $dir)"
