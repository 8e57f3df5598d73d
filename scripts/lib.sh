# Shared helpers for the rv-kvm-perf scripts.  Sourced, not executed.
# shellcheck shell=bash disable=SC2034  # the variables are for the sourcing scripts

set -euo pipefail
# Functions run in $(...) stop at their first failing command too.
shopt -s inherit_errexit

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/rv-kvm-perf
OUT=$TOP/out
# Where logs, rig runs and the demo's pages go; make check-mutations moves
# them aside so that its re-judged runs leave make check's own in place.
LOGS=${RV_LOGS:-$OUT/logs}
RUNS=${RV_RUNS:-$OUT/runs}
# Where make demo leaves what it draws (the flame graph page).
DEMO_OUT=${RV_DEMO_OUT:-$OUT/demo}
CROSS=riscv64-linux-gnu-

# Kernel trees: kernel/TREE/ holds a series against one Debian source
# package (source: the package, its pin, its tarball; series, patches/,
# variants, controls/); the config fragments of kernel/configs/ are
# shared.  A variant's name says its tree, "TREE-NAME" (7.3-full), or is
# NAME alone for DEFAULT_TREE's (full, the same as 6.12-full).
DEFAULT_TREE=6.12

# The rig's machine: QEMU 10 (bookworm-backports) with the RVA23 server
# profile CPU, which has the hypervisor extension and Sscofpmf (counter
# overflow interrupts) by definition, booted through the OpenSBI of the
# same suite.  AIA (Ssaia, with the machine's IMSIC and APLIC) is not in
# the profile: without it KVM offers a guest no Sscofpmf.
RIG_QEMU_MAJOR=10
RIG_MACHINE=virt,aia=aplic-imsic
RIG_CPU=rva23s64,sv48=on,ssaia=on,smaia=on
RIG_OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
# Debian 13 riscv64, as its users run it (scripts/debian.sh): its perf
# and QEMU inside the rig, its kernel as a QEMU guest and as the unpatched
# host control.  NAME=VERSION; a version the archive no longer has is
# replaced by the newest, with a warning naming both.
DEBIAN_SUITE=trixie
DEBIAN_PINS=(
	linux-perf=6.12.117-1
	qemu-system-riscv=1:10.0.13+ds-0+deb13u1
	linux-image-6.12.117+deb13-riscv64=6.12.117-1
)
# Debian's own 7.x riscv64 kernel, the 7.3 tree's real-world control
# (variant debian-7.2, scripts/debian-host.sh): sid's, split into a binary
# package (its EFI-stub Image) and a modules package; the rig's root stays
# Debian 13's (scripts/debian.sh).  A pin the archive no longer has gives
# the kernel linux-image-riscv64 names, with a warning naming both.  Its
# boot modules as for DEBIAN_BOOT_MODULES (7.x builds crc32c in).
DEBIAN_7_SUITE=sid
DEBIAN_7_PINS=(
	linux-binary-7.2.13+deb14-riscv64=7.2.13-1
	linux-modules-7.2.13+deb14-riscv64=7.2.13-1
)
DEBIAN_7_BOOT_MODULES=(virtio_mmio virtio_blk crc16 mbcache jbd2 ext4)
# What Debian's kernel, booted as the rig's host (the real-world control),
# needs before init can open the results console and mount the Debian
# disk: virtio-mmio, virtio-blk and ext4 are modules there.  In load
# order; scripts/debian.sh checks each one's dependencies come before it.
DEBIAN_BOOT_MODULES=(virtio_mmio virtio_blk crc16 mbcache crc32c_generic jbd2 ext4)

# Selftest cases this machine cannot judge (an extended regex of case
# names).  QEMU 10's emulated cycle counter counts the host's TSC, gives
# time in guest modes to host modes (an SBI-call loop: 12% guest by the
# counter's own mode filter, 73% by cpu-clock and by guest time
# accounting) and raises overflow interrupts at a fraction of the rate it
# counts: a share of cycles samples, or a count of them, says nothing about
# the kernel here.  Nor does a cycles event that excludes the host: the
# series leaves that exclusion to the counter's own mode filter (patch
# 0006), and QEMU raises a counter's overflow interrupt from a timer that
# runs whatever the mode, so an exclude_host counter's interrupt may come
# after the guest exited, in the host (1 to 51 host samples of such
# events a run, measured; a counter that overflows in the guest raises its
# interrupt there, which the host takes before anything else).  The cases
# still run and print their figures, but for RIG_LEFT_OUT_CASES below;
# docs/results.md has them.  Selftest case names, "not-moved EVENT" for
# tests/exclusion.sh's check of where host-only samples land, and
# "excludes-SIDE EVENT" for its recordings that exclude SIDE.
RIG_UNJUDGED_CASES='accounting [A-Za-z]+ cycles|exclusion SBI cycles|exclusion [A-Za-z]+ cycles exclude_host|not-moved cycles|excludes-host cycles'
# Of those, the selftest cases not worth running here at all (-x): each
# accounting case runs 24 s for a figure no one judges on QEMU 10 (make
# bench still prints them).
RIG_LEFT_OUT_CASES='accounting [A-Za-z]+ cycles'
# Selftest cases this machine cannot run at all (an extended regex of case
# names), with the words their skip must give.  QEMU keeps UXL at 64 (its
# sstatus and vsstatus UXL fields are read-only), so no 32-bit guest user
# process exists here and the walk's stop for one is not exercised: such a
# skip is named, never counted as a pass, and any other skip still fails.
RIG_UNRUNNABLE_CASES='chain VU UXL=32 '
RIG_UNRUNNABLE_REASON='the CPU keeps UXL at 64'

mkdir -p "$LOGS" "$RUNS"

die() {
	echo "error: $*" >&2
	exit 1
}

note() {
	echo "==> $*" >&2
}

# step NAME LOG CMD...: run CMD with its output in LOG and print the step and
# its elapsed time.  CMD runs with errexit on, also inside the functions it
# calls, so a step stops at its first failing command; the failure names
# that command and the first error line of the log, then its last lines.
step() {
	local name=$1 log=$2 start rc cmd first
	shift 2
	start=$(date +%s)
	echo "--> $name (log: ${log#"$TOP"/})" >&2
	set +e
	(
		set -eE
		trap 'echo "@@@ step command failed (exit $?): $BASH_COMMAND" >&2' ERR
		"$@"
	) >"$log" 2>&1
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		echo "!!! $name failed after $(($(date +%s) - start)) s (exit $rc)" >&2
		cmd=$(sed -n 's/^@@@ step command failed (exit \([0-9]*\)): \(.*\)/\2 (exit \1)/p; T; q' "$log")
		[ -n "$cmd" ] && [ "${cmd#'"$@"'}" = "$cmd" ] || cmd="$* (exit $rc)"
		echo "    failed command: $cmd" >&2
		first=$(grep -n -m 1 -E "$STEP_ERROR_LINE" "$log" || true)
		if [ -n "$first" ]; then
			echo "    first error, ${log#"$TOP"/}:${first%%:*}: ${first#*:}" >&2
			sed -n "$(( ${first%%:*} > 3 ? ${first%%:*} - 3 : 1 )),${first%%:*}p" "$log" |
				sed 's/^/      | /' >&2
		fi
		echo "    last lines of ${log#"$TOP"/}:" >&2
		grep -v '^@@@ step command failed' "$log" | tail -n 15 | sed 's/^/      | /' >&2
		exit $rc
	fi
	echo "    $name: done in $(($(date +%s) - start)) s" >&2
}

# What the first error of a failed step looks like in its log: compilers,
# make, the shell, tar, git apply, apt.
STEP_ERROR_LINE='error:|Error [0-9]+|: not found|No such file or directory|^fatal:|^E: |\*\*\* |^tar: |^patch failed|does not apply'

# trees: the kernel trees, one a line, the default first.
trees() {
	local d
	echo "$DEFAULT_TREE"
	for d in "$TOP"/kernel/*/source; do
		d=${d%/source}
		d=${d##*/}
		[ "$d" = "$DEFAULT_TREE" ] || echo "$d"
	done
}

# tree_source TREE: sets KSRC_PKG, KSRC_PIN, KSRC_SUITE and KSRC_TARBALL
# from kernel/TREE/source ("package NAME", "pin VERSION", "tarball PATH",
# and "suite NAME" for a package this Debian 12 machine does not install:
# it is fetched from that suite and unpacked under the cache instead,
# KSRC_TARBALL then naming the tarball there).
tree_source() {
	local f=$TOP/kernel/$1/source key val
	[ -f "$f" ] || die "no kernel tree '$1' (kernel/$1/source)"
	KSRC_PKG='' KSRC_PIN='' KSRC_TARBALL='' KSRC_SUITE=''
	while read -r key val; do
		case $key in
		"" | "#"*) ;;
		package) KSRC_PKG=$val ;;
		pin) KSRC_PIN=$val ;;
		tarball) KSRC_TARBALL=$val ;;
		suite) KSRC_SUITE=$val ;;
		*) die "kernel/$1/source: unknown field '$key'" ;;
		esac
	done <"$f"
	[ -n "$KSRC_PKG" ] && [ -n "$KSRC_PIN" ] && [ -n "$KSRC_TARBALL" ] ||
		die "kernel/$1/source must name the package, its pin and its tarball"
	[ -z "$KSRC_SUITE" ] || KSRC_TARBALL=$(fetched_source_dir)$KSRC_TARBALL
}

# fetched_source_dir: where the package of a tree with a suite is unpacked
# (tree_source first); its version is in the file "version" there.
fetched_source_dir() {
	echo "$CACHE/source-packages/$KSRC_PKG"
}

# variant_tree VARIANT: the tree the variant belongs to.
variant_tree() {
	local t=${1%%-*}
	if [ "$t" != "$1" ] && [ -f "$TOP/kernel/$t/source" ]; then
		echo "$t"
	else
		echo "$DEFAULT_TREE"
	fi
}

# tree_left_out_cases TREE: the selftest cases TREE's series does not
# cover yet (kernel/TREE/selftest-left-out: an extended regex of case
# names, one line), or nothing.
tree_left_out_cases() {
	local f=$TOP/kernel/$1/selftest-left-out re
	[ -f "$f" ] || return 0
	re=$(grep -v '^#' "$f" | grep .) || die "$f names no cases"
	[ "$(grep -c . <<<"$re")" -eq 1 ] || die "$f must hold one regex line"
	echo "$re"
}

# variant_in_tree VARIANT: the variant's name in its tree's variants file.
variant_in_tree() {
	local t
	t=$(variant_tree "$1")
	echo "${1#"$t"-}"
}

# variant_canonical VARIANT: the name a variant is built and kept under:
# without its tree for the default tree's (6.12-full is full).
variant_canonical() {
	local t
	t=$(variant_tree "$1")
	echo "$(tree_prefix "$t")${1#"$t"-}"
}

# tree_prefix TREE: what a variant name of TREE starts with ("" for the
# default tree's).
tree_prefix() {
	[ "$1" = "$DEFAULT_TREE" ] || echo "$1-"
}

# The source version that is unpacked (the pinned one, or what apt had);
# tree_source first.
ksrc_version() {
	if [ -n "$KSRC_SUITE" ]; then
		[ -f "$KSRC_TARBALL" ] && cat "$(fetched_source_dir)/version" 2>/dev/null ||
			die "$KSRC_PKG ($KSRC_SUITE) is not fetched: run 'make deps' (scripts/deps.sh)"
		return
	fi
	dpkg-query -W -f '${Version}' "$KSRC_PKG" 2>/dev/null ||
		die "$KSRC_PKG is not installed: run 'make deps' (scripts/deps.sh)"
}

# debian_mirror: the URI this machine's apt takes Debian 12 (bookworm) from,
# read from its sources (deb822 .sources or one-line .list), so that the
# other suites we need (bookworm-backports, trixie) come from the same mirror.
debian_mirror() {
	local uri f files=()
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ ! -f "$f" ] || files+=("$f")
	done
	[ ${#files[@]} -gt 0 ] || die "no apt sources on this machine (/etc/apt/sources.list*)"
	uri=$(awk '
		/^[ \t]*$/ { if (deb && uri != "" && bookworm) { print uri; found = 1; exit }
			      deb = bookworm = 0; uri = ""; next }
		/^Types:/ { deb = / deb( |$)/ }
		/^URIs:/ { uri = $2 }
		/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") bookworm = 1 }
		/^deb / { for (i = 2; i < NF; i++) if ($i ~ /^[a-z]+:\/\//) {
				if ($(i + 1) == "bookworm") { print $i; found = 1; exit }
				break } }
		END { if (!found && deb && uri != "" && bookworm) print uri }
	' "${files[@]}")
	[ -n "$uri" ] || die "no apt source for Debian 12 (bookworm) on this machine, to take the mirror from"
	echo "${uri%/}"
}

# private_apt SUITE ARCH: an apt for SUITE's ARCH packages with a state of
# its own under the cache (the machine's apt and dpkg are left alone), its
# lists updated; its options in PRIVATE_APT, for apt-get and apt-cache,
# and where it downloads to in PRIVATE_APT_ARCHIVES.  No root needed.
private_apt() {
	local dir=$CACHE/apt-$1-$2
	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	echo "deb [arch=$2 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) $1 main" \
		>"$dir/sources.list"
	PRIVATE_APT_ARCHIVES=$dir/archives
	PRIVATE_APT=(-o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir" -o Dir::Cache::archives="$dir/archives"
		-o Dir::State::status=/dev/null -o Debug::NoLocking=1 -o APT::Architecture="$2"
		-o APT::Architectures="$2" -o APT::Sandbox::User="$(id -un)")
	step "apt-get update ($1, $2; a private list under the cache)" "$LOGS/apt-update-$1-$2.log" \
		apt-get "${PRIVATE_APT[@]}" update
}

# private_apt_download PKG=VERSION...: the packages, alone, into
# PRIVATE_APT_ARCHIVES (private_apt first).
private_apt_download() {
	rm -f "$PRIVATE_APT_ARCHIVES"/*.deb
	(cd "$PRIVATE_APT_ARCHIVES" && apt-get "${PRIVATE_APT[@]}" download "$@")
}

# boot_modules TREE DIR MODULE...: the modules, from the kernel's module
# TREE (.ko.xz), uncompressed into DIR with their load order in DIR/order
# (the rig's init loads them first); fails if one depends on a module that
# does not come before it in the list.
boot_modules() {
	local tree=$1 out=$2 m f deps d loaded=" "
	shift 2
	mkdir -p "$out"
	for m in "$@"; do
		f=$(find "$tree" -name "$m.ko.xz")
		[ -n "$f" ] && [ "$(wc -l <<<"$f")" = 1 ] || die "Debian's kernel has no single module $m.ko.xz"
		xz -dc "$f" >"$out/$m.ko"
		"${CROSS}objcopy" -O binary --only-section=.modinfo "$out/$m.ko" "$out/$m.modinfo"
		deps=$(tr '\0' '\n' <"$out/$m.modinfo" | sed -n 's/^depends=//p')
		rm "$out/$m.modinfo"
		for d in ${deps//,/ }; do
			[[ "$loaded" == *" ${d//-/_} "* ]] ||
				die "Debian's $m.ko depends on $d, which the list of boot modules does not load before it"
		done
		loaded+="$m "
		echo "$m.ko" >>"$out/order"
	done
}

# publish_cache_entry DIR DEST LABEL FILE...: after using the cache entry
# DIR (a Debian download): the two most recently used entries beside it
# kept, its warnings printed ("warning: LABEL: ..."), and DEST made anew
# from it (FILE... and boot-modules/) unless it is from DIR already, by
# renames: rigs boot from DEST while make check asks for it again.
publish_cache_entry() {
	local dir=$1 dest=$2 label=$3 f w
	shift 3
	touch "$dir/done"
	ls -1dt "${dir%/*}"/*/done | tail -n +3 | while read -r f; do rm -rf "${f%/done}"; done
	while read -r w; do
		[ -z "$w" ] || echo "warning: $label: $w" >&2
	done <"$dir/warnings"
	[ "$(cat "$dest/cache" 2>/dev/null)" != "$dir" ] || return 0
	rm -rf "$dest.tmp.$$"
	mkdir -p "$dest.tmp.$$"
	for f in "$@"; do
		ln -f "$dir/$f" "$dest.tmp.$$/$f" 2>/dev/null || cp "$dir/$f" "$dest.tmp.$$/$f"
	done
	cp -r "$dir/boot-modules" "$dest.tmp.$$/"
	echo "$dir" >"$dest.tmp.$$/cache"
	swap_in_dir "$dest.tmp.$$" "$dest"
}

# step_output RUN STEP [any-rc]: the output of step STEP of the rig run
# out/runs/RUN; dies if the step did not run or, unless any-rc, failed.
step_output() {
	local dir=$RUNS/$1/steps
	[ -f "$dir/$2.out" ] || die "no output of step $2 in $RUNS/$1"
	[ "${3:-}" = any-rc ] || [ "$(cat "$dir/$2.rc")" = 0 ] ||
		die "step $2 failed in $RUNS/$1: $(tail -n 3 "$dir/$2.out")"
	cat "$dir/$2.out"
}

# run_tree_selftest VARIANT TESTS_OF PROGRAM PLAN RUN: boot VARIANT with
# PROGRAM, one of the KVM selftests of TESTS_OF's tree (scripts/tools.sh
# TESTS_OF), in /extra, rig/plans/PLAN recorded in RUN (a directory); with
# RIG_REPLAY, that recorded run is judged instead.  Fails as the rig does.
run_tree_selftest() {
	local variant=$1 tests_of=$2 program=$3 plan=$4 run=$5 extra=$5.extra
	if [ -z "${RIG_REPLAY:-}" ]; then
		"$TOP/scripts/kernel.sh" "$variant" >/dev/null
		"$TOP/scripts/tools.sh" "$tests_of" >/dev/null
	fi
	rm -rf "$extra"
	mkdir -p "$extra"
	[ -n "${RIG_REPLAY:-}" ] || cp "$OUT/kvm-selftests/$tests_of/$program" "$extra/"
	RIG_EXTRA=$extra "$TOP/scripts/rig.sh" "$variant" "$TOP/rig/plans/$plan" "$run" 600
}

# tap_result OUT CASE: "pass", "fail" or "missing" for the kselftest case
# whose description starts "CASE: " in the TAP output OUT.
tap_result() {
	if grep -qE "^ok [0-9]+ $2: " "$1"; then
		echo pass
	elif grep -qE "^not ok [0-9]+ $2: " "$1"; then
		echo fail
	else
		echo missing
	fi
}

# vmm_chain_rows SYMS: the VMM's chains (vmm --walk-out: "VCPU MODE PC RA
# ...", hex) on stdin as "MODE<TAB>SYM;SYM;..." rows, innermost first,
# each address named by the symbol at or below it in SYMS (nm -n's
# "ADDR TYPE NAME" lines); fails on a line that is not the VMM's.
vmm_chain_rows() {
	awk -v syms="$1" '
	BEGIN {
		# The first name of an address (nm -n gives _start before _text).
		while ((getline line < syms) > 0) {
			split(line, f, " ")
			if (n && f[1] == addr[n])
				continue
			n++; addr[n] = f[1]; name[n] = f[3]
		}
		if (!n) { print "no symbols in " syms > "/dev/stderr"; exit 2 }
	}
	# nm gives 16 hex digits: compare zero-padded addresses as strings.
	function sym(a,   i, best) {
		a = sprintf("%16s", a); gsub(/ /, "0", a)
		best = "[unknown]"
		for (i = 1; i <= n && addr[i] <= a; i++)
			best = name[i]
		return best
	}
	# The rig ends the output of each step with an empty line.
	NF == 0 { next }
	NF < 3 || ($2 != "kernel" && $2 != "user") || $0 !~ /^[0-9]+ [a-z]+( [0-9a-f]+)+$/ {
		print "not a chain of the VMM: " $0 > "/dev/stderr"; exit 2
	}
	{
		s = sym($3)
		for (i = 4; i <= NF; i++) s = s ";" sym($i)
		print $2 "\t" s
	}'
}

# check_rig_qemu: the QEMU and OpenSBI the rig needs are installed.
check_rig_qemu() {
	local v
	command -v qemu-system-riscv64 >/dev/null ||
		die "no qemu-system-riscv64: run 'make deps' (QEMU $RIG_QEMU_MAJOR from bookworm-backports)"
	v=$(qemu-system-riscv64 --version | sed -n '1s/^QEMU emulator version \([0-9]*\)\..*/\1/p')
	[ -n "$v" ] && [ "$v" -ge "$RIG_QEMU_MAJOR" ] ||
		die "the rig needs QEMU $RIG_QEMU_MAJOR or later for -cpu $RIG_CPU; this is: $(qemu-system-riscv64 --version | sed -n 1p); run 'make deps'"
	[ -f "$RIG_OPENSBI" ] ||
		die "no OpenSBI firmware at $RIG_OPENSBI: run 'make deps' (opensbi from bookworm-backports)"
}

hash_of() {
	sha256sum | cut -c1-16
}

# put_in_place SRC DEST: DEST becomes a copy of SRC, by a rename so that a
# reader (a rig booting DEST beside this, in make check) never sees half a
# file, and not at all when DEST holds the same bytes already.
put_in_place() {
	cmp -s "$1" "$2" && return 0
	cp "$1" "$2.tmp.$$"
	mv -f "$2.tmp.$$" "$2"
}

# swap_in_dir NEW DEST: the directory NEW (made beside DEST) takes DEST's
# place by renames, so that a reader finds the old one or the new one.
swap_in_dir() {
	rm -rf "$2.old.$$"
	[ ! -e "$2" ] || mv "$2" "$2.old.$$"
	mv "$1" "$2"
	rm -rf "$2.old.$$"
}

# check_list [CHECK_SH]: the checks of tests/check.sh (or CHECK_SH) in
# their order, one a line: "NAME serial" for those listed before
# side_by_side, which run one at a time, "NAME" for the others.
check_list() {
	awk '/^[[:space:]]*side_by_side[[:space:]]*$/ { pool = 1 }
		match($0, /^[[:space:]]*check[[:space:]]+[A-Za-z0-9_.-]+/) {
			n = split(substr($0, RSTART, RLENGTH), w, /[[:space:]]+/)
			print w[n] (pool ? "" : " serial")
		}' "${1:-$TOP/tests/check.sh}"
}

# The checks tests/check.sh runs alone: they wait on their rig's other
# vCPU (tests/check.sh says why), whichever tree's ("kvm-selftests-7.3-full").
CHECK_ALONE_RE='^(kvm-selftests-([0-9]+\.[0-9]+-)?(full|debug)$|debian-)'

# variant_names: every variant of every tree, as a make or script asks for it.
variant_names() {
	local t prefix
	for t in $(trees); do
		prefix=$(tree_prefix "$t")
		sed -n "s/^\([a-z0-9_-]*\):.*/$prefix\1/p" "$TOP/kernel/$t/variants"
	done | tr '\n' ' '
}

# variant_line VARIANT: the variant's line in its tree's variants file.
variant_line() {
	local t
	t=$(variant_tree "$1")
	grep -E "^$(variant_in_tree "$1"):" "$TOP/kernel/$t/variants" ||
		die "unknown variant '$1' (known: $(variant_names) [TREE-]first-N)"
}

# variant_patches NAME: the variant's patch files (relative to its tree's
# patches/), one a line, series order, control patches last.  Besides the
# variants of a tree's variants file, "first-N" is the first N patches of
# its series (to build the tree after each patch).
variant_patches() {
	local t line want p w
	t=$(variant_tree "$1")
	if [[ "$(variant_in_tree "$1")" =~ ^first-([0-9]+)$ ]]; then
		want=${BASH_REMATCH[1]}
		[ "$want" -le "$(series_length "$t")" ] ||
			die "variant $1: the series has only $(series_length "$t") patches"
		# sed, not head: head would leave series_patches writing into a
		# closed pipe, and pipefail turns its SIGPIPE into a silent failure.
		series_patches "$t" | sed -n "1,${want}p"
		return
	fi
	line=$(variant_line "$1")
	want=" $(for w in ${line#*:}; do
		case $w in +* | %*) ;; *) echo "$w" ;; esac
	done | tr '\n' ' ')"
	for w in $want; do
		[ "$w" = all ] || series_patches "$t" | grep -xF "$w" >/dev/null ||
			die "kernel/$t/variants: $1 names $w, which is not in kernel/$t/series"
	done
	series_patches "$t" | while read -r p; do
		if [ "$want" = " all " ] || [[ "$want" == *" $p "* ]]; then
			echo "$p"
		fi
	done
	# "%NAME": a control patch (kernel/TREE/controls/NAME.patch) after the series.
	variant_files "$1" % "$t/controls" patch | sed "s|^$t/|../|"
}

# variant_fragments NAME: the config fragments the variant adds to
# kernel/configs/rig.config ("+NAME" in its variants line names
# kernel/configs/NAME.config), one path a line.
variant_fragments() {
	[[ "$(variant_in_tree "$1")" =~ ^first-[0-9]+$ ]] && return
	variant_files "$1" + configs config | sed "s|^|$TOP/kernel/|"
}

# variant_files NAME MARK DIR EXT: for each word MARK<file> of the variant's
# line, DIR/<file>.EXT (relative to kernel/), checked to exist.
variant_files() {
	local line w
	line=$(variant_line "$1")
	for w in ${line#*:}; do
		[ "${w#"$2"}" != "$w" ] || continue
		[ -f "$TOP/kernel/$3/${w#"$2"}.$4" ] ||
			die "the variants of $1's tree name $w, but there is no kernel/$3/${w#"$2"}.$4"
		echo "$3/${w#"$2"}.$4"
	done
}

# patch_dir TREE: where the tree's patches are.
patch_dir() {
	echo "$TOP/kernel/$1/patches"
}

# series_patches [TREE]: the patch files of the tree's series (the default
# tree's without one), checked to exist.
series_patches() {
	local t=${1:-$DEFAULT_TREE} p
	[ -f "$TOP/kernel/$t/series" ] || die "no kernel tree '$t' (kernel/$t/series)"
	while read -r p; do
		case "$p" in "" | "#"*) continue ;; esac
		[ -f "$TOP/kernel/$t/patches/$p" ] || die "kernel/$t/series names $p, which is not in kernel/$t/patches/"
		echo "$p"
	done <"$TOP/kernel/$t/series"
}

# series_length [TREE]
series_length() {
	series_patches "${1:-}" | wc -l
}

# check_variant_args [--modes "MODE..."] "$@": a test's arguments are
# "VARIANT MODE", MODE one of the modes given (default: pass control).
check_variant_args() {
	local modes="pass control" m
	if [ "${1:-}" = --modes ]; then
		modes=$2
		shift 2
	fi
	[ $# -eq 2 ] || die "usage: $0 VARIANT ${modes// /|}"
	for m in $modes; do
		[ "$2" != "$m" ] || return 0
	done
	die "want one of '${modes// /\', \'}', not '$2'"
}

# run_demo MODE VARIANT NAME: a test's run of scripts/demo.sh (DEMO=MODE)
# on VARIANT, its output kept in $LOGS/NAME-VARIANT-demo.txt and shown
# indented; if the demo fails, its output is shown and the test fails.
run_demo() {
	local out=$LOGS/$3-$2-demo.txt
	if ! VARIANT=$2 DEMO=$1 "$TOP/scripts/demo.sh" >"$out"; then
		cat "$out"
		exit 1
	fi
	sed 's/^/    /' "$out"
}
