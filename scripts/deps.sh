#!/bin/bash
# Install the Debian packages the build and the rig need.  Idempotent: only
# what is missing is installed.  Needs root (CI runs as root).
. "$(dirname "$0")/lib.sh"

# Each package with what needs it (docs/rig.md has the same table).  The
# rest (coreutils, sed, grep, tar, util-linux, ...) is Essential in Debian.
PKGS=(
	make gcc libc6-dev             # make; host-guest-report, unit tests
	git                            # git apply of the series (scripts/kernel.sh)
	gcc-riscv64-linux-gnu          # riscv64 kernel, selftest, rig programs, payloads
	libc6-dev-riscv64-cross        # static riscv64 user programs
	g++-riscv64-linux-gnu qemu-user # the series' perf (scripts/perf.sh): its C++
	                               # demangler; Debian's perl and perf run for their flags
	flex bison bc libssl-dev libelf-dev # the kernel build
	rsync                          # headers_install, for the KVM selftest
	ccache                         # objects shared between kernel variants
	cpio xz-utils                  # initramfs; the kernel source tarball
	perl python3                   # checkpatch, get_maintainer; tests/vmm.sh
	pkgconf                        # the kernel's build probes host libraries
	                               # with pkg-config (HOSTPKG_CONFIG)
	shellcheck                     # make check lints the scripts
	device-tree-compiler           # dtc: tests/unit/fdt.sh decodes the VMM's DT
	mawk procps                    # awk in every script; pgrep in tests/rig-input.sh
	mmdebstrap e2fsprogs debian-archive-keyring # Debian 13 riscv64's perf, QEMU and
	                               # kernel unpacked, /usr made a disk image (scripts/debian.sh)
	chromium                       # the flame graph page rendered headless (tests/debian-callchain.sh)
	ca-certificates                # npm's TLS to its registry (scripts/flamegraph.sh)
)
# npm fetches the flame graph's HTML template (scripts/flamegraph-template.sh);
# Debian's npm package unless an npm is there already (Node.js's own
# package has one, and conflicts with Debian's).
NPM_PKG=npm
# From bookworm-backports, and only these (apt leaves the rest of backports
# alone: its priority is 100): QEMU 10, whose RVA23 server CPU the rig
# runs, with the OpenSBI and firmware data of the same suite.  QEMU 10
# moved qemu-system-riscv64 out of qemu-system-misc (7.2), which apt
# removes.  Each is named: apt does not take a dependency from backports
# by itself (qemu-system-common, on a machine without it).
BACKPORTS=(qemu-system-riscv qemu-system-common qemu-system-data opensbi)
BACKPORTS_SOURCE=/etc/apt/sources.list.d/rv-kvm-perf-backports.sources

missing=()
for p in "${PKGS[@]}"; do
	[[ "$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null)" == *"ok installed" ]] ||
		missing+=("$p")
done
command -v npm >/dev/null || missing+=("$NPM_PKG")
for p in "${BACKPORTS[@]}"; do
	v=$(dpkg-query -W -f '${Status} ${Version}' "$p" 2>/dev/null || true)
	[[ "$v" == *"ok installed"*"~bpo12"* ]] || missing+=("$p/bookworm-backports")
done

# fetch_tree_source TREE: the source package of a tree with a suite
# (kernel/TREE/source), which this Debian 12 machine does not install,
# downloaded by apt from that suite with a private apt state under the
# cache (the machine's own apt and dpkg are left alone) and unpacked into
# fetched_source_dir.  At its pin, or at the newest the suite has, with a
# warning naming both.  No root needed.
fetch_tree_source() {
	local t=$1 have dest got
	tree_source "$t"
	dest=$(fetched_source_dir)
	have=$(cat "$dest/version" 2>/dev/null || true)
	if [ -n "$have" ] && [ -f "$KSRC_TARBALL" ]; then
		[ "$have" = "$KSRC_PIN" ] ||
			echo "warning: using $KSRC_PKG $have, the $t series is pinned to $KSRC_PIN" >&2
		return 0
	fi
	private_apt "$KSRC_SUITE" "$(dpkg --print-architecture)"
	got=$KSRC_PIN
	if ! apt-cache "${PRIVATE_APT[@]}" madison "$KSRC_PKG" | awk '{print $3}' | grep -xF "$KSRC_PIN" >/dev/null; then
		got=$(apt-cache "${PRIVATE_APT[@]}" madison "$KSRC_PKG" | awk 'NR==1 {print $3}')
		[ -n "$got" ] || die "$KSRC_SUITE offers no $KSRC_PKG at all (the $t tree's source)"
		echo "warning: $KSRC_SUITE no longer offers $KSRC_PKG $KSRC_PIN; using the newest it has, $got" >&2
	fi
	rm -rf "$dest.tmp"
	mkdir -p "$dest.tmp"
	step "download $KSRC_PKG $got ($KSRC_SUITE, 170 MB)" "$LOGS/apt-download-$KSRC_PKG.log" \
		private_apt_download "$KSRC_PKG=$got"
	step "unpack $KSRC_PKG $got into the cache" "$LOGS/apt-unpack-$KSRC_PKG.log" \
		dpkg-deb -x "$PRIVATE_APT_ARCHIVES"/"${KSRC_PKG}"_*.deb "$dest.tmp"
	rm -f "$PRIVATE_APT_ARCHIVES"/*.deb
	[ -f "$dest.tmp${KSRC_TARBALL#"$dest"}" ] || die "$KSRC_PKG $got has no ${KSRC_TARBALL#"$dest"}"
	echo "$got" >"$dest.tmp/version"
	swap_in_dir "$dest.tmp" "$dest"
}

# Each kernel tree's source package (kernel/TREE/source): missing ones are
# installed below, at their pin or the newest apt has; those of another
# suite are fetched into the cache at the end.
sources=() source_pkgs=() source_pins=() fetched=()
for t in $(trees); do
	tree_source "$t"
	if [ -n "$KSRC_SUITE" ]; then
		fetched+=("$t")
		continue
	fi
	have_src=$(dpkg-query -W -f '${Version}' "$KSRC_PKG" 2>/dev/null || true)
	if [ -n "$have_src" ] && [ -f "$KSRC_TARBALL" ]; then
		[ "$have_src" = "$KSRC_PIN" ] ||
			echo "warning: using $KSRC_PKG $have_src, the $t series is pinned to $KSRC_PIN" >&2
	else
		sources+=("$t") source_pkgs+=("$KSRC_PKG") source_pins+=("$KSRC_PIN")
	fi
done
if [ ${#missing[@]} -eq 0 ] && [ ${#sources[@]} -eq 0 ]; then
	for t in "${fetched[@]}"; do fetch_tree_source "$t"; done
	exit 0
fi

[ "$(id -u)" -eq 0 ] ||
	die "missing packages (${missing[*]}) or kernel sources (of trees: ${sources[*]}): run 'make deps' as root"

export DEBIAN_FRONTEND=noninteractive
if [ ! -f "$BACKPORTS_SOURCE" ]; then
	mirror=$(debian_mirror)
	note "adding bookworm-backports from $mirror ($BACKPORTS_SOURCE)"
	cat >"$BACKPORTS_SOURCE" <<EOF
# Written by rv-kvm-perf's scripts/deps.sh for QEMU 10 and OpenSBI.  apt
# installs nothing else from backports unless asked for by name.
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi
step "apt-get update" "$LOGS/apt-update.log" apt-get update
srcs=()
for i in "${!sources[@]}"; do
	pkg=${source_pkgs[i]} pin=${source_pins[i]}
	src=$pkg=$pin
	if ! apt-cache madison "$pkg" | awk '{print $3}' | grep -xF "$pin" >/dev/null; then
		newest=$(apt-cache madison "$pkg" | awk 'NR==1 {print $3}')
		[ -n "$newest" ] || die "apt offers no $pkg at all (the ${sources[i]} tree's source)"
		echo "warning: apt no longer offers $pkg $pin; using the newest it has, $newest" >&2
		src=$pkg=$newest
	fi
	srcs+=("$src")
done
step "apt-get install ${missing[*]} ${srcs[*]}" "$LOGS/apt-install.log" \
	apt-get install -y --no-install-recommends "${missing[@]}" "${srcs[@]}"
for t in "${fetched[@]}"; do fetch_tree_source "$t"; done
