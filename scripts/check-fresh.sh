#!/bin/bash
# `make check-fresh`: what a new user gets.  Builds a minimal Debian 12
# system with mmdebstrap (Essential packages and apt, plus git and make,
# which the README asks a user to install first), clones this project's
# committed HEAD into it and runs `make demo` there as root, with an empty
# build cache.  Passes only if the demo printed its report and its guest
# call chains and wrote its flame graph; prints the elapsed time.  FRESH_TARGETS (default "demo") names the make targets to
# run, e.g. FRESH_TARGETS="demo check" to time a cold `make check` too.
# Needs root; installs mmdebstrap if it is missing.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || die "make check-fresh needs root (mmdebstrap, chroot, mounts)"
read -ra targets <<<"${FRESH_TARGETS:-demo}"
[ ${#targets[@]} -gt 0 ] || die "FRESH_TARGETS is empty"
for t in "${targets[@]}"; do
	case $t in demo | check | check-stress | bench) ;; *) die "FRESH_TARGETS: '$t' is not one of demo check check-stress bench" ;; esac
done
git -C "$TOP" rev-parse --verify -q HEAD >/dev/null || die "$TOP is not a git clone with a commit"
[ -z "$(git -C "$TOP" status --porcelain --untracked-files=no)" ] ||
	note "uncommitted changes are not part of the check: it clones HEAD ($(git -C "$TOP" rev-parse --short HEAD))"

if ! command -v mmdebstrap >/dev/null; then
	export DEBIAN_FRONTEND=noninteractive
	step "apt-get install mmdebstrap" "$LOGS/fresh-apt.log" \
		bash -c 'apt-get update && apt-get install -y --no-install-recommends mmdebstrap'
fi

# The machine's own apt sources and Acquire settings: the fresh system
# fetches from the same mirror as this one.
mirrors=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	# Not the source scripts/deps.sh adds: the fresh system must add it.
	case ${f##*/} in rv-kvm-perf-*) continue ;; esac
	[ -f "$f" ] && grep -qE '^(deb |Types:.*deb)' "$f" && mirrors+=("$f")
done
[ ${#mirrors[@]} -gt 0 ] || die "no apt sources on this machine (/etc/apt/sources.list*)"
aptopts=()
for f in /etc/apt/apt.conf.d/*; do
	[ -f "$f" ] && grep -q '^Acquire::' "$f" && aptopts+=(--aptopt="$f")
done

work=$(mktemp -d /var/tmp/rv-kvm-perf-fresh.XXXXXX)
root=$work/root
mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[i]}" 2>/dev/null || true
	done
	# Only the directory made above, and only once nothing is mounted in it.
	if ! grep -q " $work/" /proc/mounts; then
		rm -rf "$work"
	else
		echo "check-fresh: $work still has mounts; left in place" >&2
	fi
}
trap cleanup EXIT
trap 'echo "check-fresh: interrupted" >&2; exit 130' INT
trap 'echo "check-fresh: terminated" >&2; exit 143' TERM

start=$(date +%s)
step "mmdebstrap: a minimal Debian 12 (essential + apt, git, make) in ${work}" "$LOGS/fresh-mmdebstrap.log" \
	mmdebstrap --variant=apt --include=git,make "${aptopts[@]}" bookworm "$root" "${mirrors[@]}"
step "clone $(git -C "$TOP" rev-parse --short HEAD) into the fresh system" "$LOGS/fresh-clone.log" \
	git clone --no-hardlinks "$TOP" "$root/root/rv-kvm-perf"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The machine's own certificate authorities (a new machine of its kind has
# them, as it has its apt mirror): the registries' TLS may need them.
# scripts/deps.sh installs ca-certificates, which takes them in.
if [ -d /usr/local/share/ca-certificates ]; then
	mkdir -p "$root/usr/local/share/ca-certificates"
	cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
for m in proc sys dev dev/pts; do
	mkdir -p "$root/$m"
	case $m in
	proc) mount -t proc proc "$root/proc" ;;
	sys) mount -t sysfs sys "$root/sys" ;;
	dev) mount --bind /dev "$root/dev" ;;
	dev/pts) mount -t devpts devpts "$root/dev/pts" ;;
	esac
	mounted+=("$root/$m")
done
[ ! -e "$root/root/.cache" ] || die "the fresh system already has /root/.cache"

log=$LOGS/fresh-make.log
note "make ${targets[*]} in the fresh system as root (output: ${log#"$TOP"/})"
set +e
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	TERM=dumb LANG=C.UTF-8 bash -c 'cd /root/rv-kvm-perf && make "$@"' _ "${targets[@]}" </dev/null 2>&1 |
	tee "$log"
rc=${PIPESTATUS[0]}
set -e
elapsed=$(($(date +%s) - start))

# The fresh system's own logs, which the cleanup below deletes with it.
rm -rf "$LOGS/fresh-logs"
[ ! -d "$root/root/rv-kvm-perf/out/logs" ] || cp -r "$root/root/rv-kvm-perf/out/logs" "$LOGS/fresh-logs"

fail=0
[ "$rc" -eq 0 ] || {
	echo "check-fresh: make ${targets[*]} exited $rc (the fresh system's logs: ${LOGS#"$TOP"/}/fresh-logs/)" >&2
	fail=1
}
if ! grep -q '^Host vs guest profile: [0-9]* samples' "$log" || ! grep -q '^  guest kernel ' "$log"; then
	echo "check-fresh: the demo printed no host vs guest report" >&2
	fail=1
fi
if ! grep -q "^The guest kernel's commonest call chains" "$log" ||
	[ ! -s "$root/root/rv-kvm-perf/out/demo/flamegraph.html" ]; then
	echo "check-fresh: the demo printed no guest call chains or wrote no flame graph" >&2
	fail=1
fi
echo "check-fresh: make ${targets[*]} on a fresh Debian 12 with an empty cache:" \
	"$([ $fail = 0 ] && echo passed || echo FAILED) in $((elapsed / 60)) min $((elapsed % 60)) s" \
	"(mmdebstrap and clone included)"
exit $fail
