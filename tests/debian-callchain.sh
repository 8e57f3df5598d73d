#!/bin/bash
# Guest call graphs from the host: tests/debian-callchain.sh VARIANT pass|control
# Debian's QEMU boots Debian's riscv64 kernel (built with frame pointers)
# under KVM, /init being guest/linux/workload.c (read() of /dev/zero in a
# loop), recorded with -g by the series' perf (`make demo`'s DEMO=callchain
# run, rig/plans/debian-callchain.plan).  Asserts, in `perf script`:
#  - of the guest kernel samples in the function that fills read()'s
#    buffer, at least 80% carry the read() path as one chain, in order,
#    from the system call's trap entry down to it (READ_CHAIN below: each
#    function once, nothing else between them but the functions perf
#    cannot name);
# and in perf's flame graph page (out/demo/flamegraph.html for full),
# loaded in headless Chromium: it renders, every guest root frame is named
# after the host's vCPU thread ("[guest] qemu-system-ris CPU N/KVM (PID)")
# and one holds the read() path's functions, a host root frame KVM's; a
# screenshot is kept beside the page.
# "control": the variant lacks the feature; succeeds only if the chain
# assertion fails (no flame graph is drawn for it).  Both modes first
# require a valid run: the series' perf ran, the recorded guest had the
# kallsyms perf was given and ran the workload, enough samples, guest kernel
# samples in the read() path and host samples with chains.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args "$@"
variant=$1 want=$2
command -v chromium >/dev/null || die "chromium is missing: run 'make deps'"
# A control judges the chains only: no flame graph drawn for it.
flamegraph=yes
[ "$want" = pass ] || flamegraph=no
DEMO_FLAMEGRAPH=$flamegraph run_demo callchain "$variant" debian-callchain
run=$RUNS/demo-callchain-$variant
chains=$run/chains.rows
page=$DEMO_OUT/flamegraph.html
[ "$variant" = full ] || page=$DEMO_OUT/flamegraph-$variant.html

# The read() path of guest/linux/workload.c in Debian's riscv64 kernel,
# outermost first: from the trap entry down to the function that fills
# the buffer with zeroes.  /dev/zero's read_zero() calls __clear_user(),
# which saves no frame: a frame-pointer walk (the guest's, as the riscv
# kernel's own unwinder) cannot see the caller of such a leaf function.
READ_CHAIN=(handle_exception do_trap_ecall_u __riscv_sys_read ksys_read vfs_read __clear_user)
leaf=${READ_CHAIN[${#READ_CHAIN[@]} - 1]}
# A guest root frame of the flame graph: the host's names of QEMU's
# process and of its vCPU thread (comms are cut at 15 characters).
GUEST_ROOT='\[guest\] qemu-system-ris CPU [0-9]+/KVM \([0-9]+\)'

# Validity, in both modes.
# /bin/perf is the series' perf of the variant's tree (scripts/rig.sh).
tree=$(variant_tree "$variant")
grep -q "^perf version ${tree//./\\.}\\." "$run/steps/perf-version.out" ||
	die "the rig's /bin/perf is not the $tree series' perf: $(head -n 1 "$run/steps/perf-version.out")"
[ "$(cat "$run/steps/same-kallsyms.rc")" = 0 ] ||
	die "the recorded guest's kallsyms are not those perf was given: $(cat "$run/steps/same-kallsyms.out")"
. "$TOP/tests/report-shares.sh"
[ -n "$(workload_line "$run/steps/record.out" accounted)" ] ||
	die "the workload did not report the guest's accounting: did the guest boot and run it?"
# Where the samples fell, from perf report (rows: tests/report-shares.sh).
rows=$run/report.rows
report_rows "$run/steps/report.out" "$rows"
# perf report counts over 1000 in thousands, cut down (9,653 is "9K");
# perf script prints each one.
samples=$(awk -F'\t' '$1 == "#samples" { print $2 }' "$chains")
[ "${samples:-0}" -ge 1000 ] || die "only ${samples:-0} samples in perf script's output (want >= 1000)"
awk -v a="$samples" -v b="$(samples_of)" 'BEGIN { c = b >= 1000 ? b + 999 : b; exit !(a >= 0.95 * b && a <= 1.05 * c) }' ||
	die "perf script printed $samples samples, perf report counted $(samples_of)"
# (Shares are of the samples outside the idle loop, which are "shared"
# percent of all.)
shared=$(awk -F'\t' '$1 == "#samples" && $7 == "shared" { print $8 }' "$rows")
[ -n "$shared" ] || die "the report's rows do not say which share of the samples they divide"
in_leaf=$(awk -v s="$(share_of guest-kernel '' "^$leaf\$")" -v n="$samples" -v b="$shared" \
	'BEGIN { printf "%d", s / 100 * n * b / 100 + 0.5 }')
[ "$in_leaf" -ge 20 ] ||
	die "only $in_leaf guest kernel samples in $leaf (want >= 20): did the workload's read() run?"
# guest_rows: the chains of guest kernel samples.
guest_rows() {
	awk -F'\t' '$1 == "chain" && $3 ~ /^\[guest\.kernel\.kallsyms/ { print $5 }' "$chains"
}
host_chained=$(awk -F'\t' '$1 == "chain" && $3 != "" && $3 !~ /^\[guest\./ && $4 > 1' "$chains" | wc -l)
[ "$host_chained" -ge 100 ] ||
	die "only $host_chained host samples with a chain (want >= 100): was the recording made with -g?"

# whole_chain: of the samples in the leaf, how many carry READ_CHAIN
# innermost first ([unknown] frames between its functions allowed).
want_chain=$(printf '%s\n' "${READ_CHAIN[@]}" | tac | paste -sd';')
whole=$(guest_rows | awk -F';' -v want="$want_chain" -v f="$leaf" '
	$1 != f { next }
	{
		n = split(want, w, ";"); j = 1
		for (i = 1; i <= NF && j <= n; i++) {
			if ($i == w[j]) j++
			else if ($i != "[unknown]") break
		}
		if (j > n) k++
	}
	END { print k + 0 }')
# The samples in the leaf: perf report's share of them is rounded; perf
# script names them exactly, when their chain has a frame at all.
in_leaf_script=$(guest_rows | awk -F';' -v f="$leaf" '$1 == f' | wc -l)
[ "$in_leaf_script" -le "$in_leaf" ] || in_leaf=$in_leaf_script
share=$(awk -v a="$whole" -v b="$in_leaf" 'BEGIN { printf "%.1f", 100 * a / b }')
longest=$(guest_rows | awk -F';' '{ if (NF > m) m = NF } END { print m + 0 }')
common=$(guest_rows | awk -F';' -v f="$leaf" '$1 == f' | sort | uniq -c | sort -rn |
	awk 'NR == 1 { $1 = $1 " x"; print }')
echo "debian guest call graphs on $variant: $whole of the $in_leaf guest kernel samples in $leaf" \
	"(${share}%) carry the read() path whole; $samples samples, $host_chained host samples with" \
	"a chain; longest guest chain $longest frames; commonest chain from $leaf: ${common:-none}"

chain_ok=1
awk -v s="$share" 'BEGIN { exit !(s >= 80) }' || {
	echo "FAIL: only ${share}% of the samples in $leaf carry the read() path ${READ_CHAIN[*]} (want >= 80%)"
	chain_ok=0
}

if [ "$want" = control ]; then
	if [ $chain_ok = 0 ]; then
		echo "control on $variant: the chain assertion fails (above), as it must"
	else
		echo "FAIL: the control passes the chain assertion"
	fi
	[ $chain_ok = 0 ]
	exit
fi

# The flame graph page, rendered: Chromium runs its scripts, which draw a
# frame per stack entry, each with a <title> "NAME (SHARE%, N samples)".
page_ok=1
dom=$run/flamegraph.dom
# Frames under 5 pixels are not drawn: the page is laid out 1600 wide.
# A profile of this run's own: make check runs another Chromium beside it.
chromium=(timeout 120 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=10000
	--user-data-dir="$run/chromium-profile" --window-size="1600,1000")
"${chromium[@]}" --dump-dom "file://$page" >"$dom" 2>"$run/chromium.log" ||
	die "headless Chromium could not load $page (see ${run#"$TOP"/}/chromium.log)"
"${chromium[@]}" --screenshot="${page%.html}.png" "file://$page" >>"$run/chromium.log" 2>&1 ||
	die "headless Chromium could not take a screenshot of $page (see ${run#"$TOP"/}/chromium.log)"
titles=$run/flamegraph.titles
# perf's Python scripting names a module's function "NAME\0[kvm]": the
# NUL is a blank here.
tr '\0' ' ' <"$dom" | grep -ao '<title>[^<]* ([0-9.]*%, [0-9]* samples\{0,1\})</title>' |
	sed 's/^<title>\(.*\) ([0-9.]*%, [0-9]* samples\{0,1\})<\/title>$/\1/' | sort -u >"$titles" || true
drawn=$(grep -ao '<title>all ([0-9.]*%, [0-9]* samples' "$dom" | grep -o '[0-9]* samples' | cut -d' ' -f1 || true)
[ "${drawn:-0}" -ge 1000 ] || {
	echo "FAIL: the flame graph page did not render, or holds only ${drawn:-0} samples (want >= 1000)"
	page_ok=0
}
guest_roots=$(grep -ac '^\[guest\] ' "$titles" || true)
[ "$guest_roots" -ge 1 ] || { echo "FAIL: the flame graph has no \"[guest] ...\" root frame"; page_ok=0; }
# Each named after QEMU's vCPU thread and process, as the host knows them.
unnamed=$(grep -a '^\[guest\] ' "$titles" | grep -avxE "$GUEST_ROOT" || true)
[ -z "$unnamed" ] || {
	echo "FAIL: guest root frames not named after a vCPU thread of QEMU ($GUEST_ROOT):"
	echo "$unnamed" | sed 's/^/    /'
	page_ok=0
}
missing=()
for f in "${READ_CHAIN[@]}"; do
	grep -aqx -- "$f" "$titles" || missing+=("$f")
done
# KVM's run loop, as perf names a module's function: "NAME [kvm]".
grep -aqxE -- 'kvm_arch_vcpu_ioctl_run( \[kvm\])?' "$titles" || missing+=(kvm_arch_vcpu_ioctl_run)
[ ${#missing[@]} -eq 0 ] || { echo "FAIL: the flame graph lacks the frames ${missing[*]}"; page_ok=0; }
echo "flame graph on $variant: ${drawn:-0} samples drawn, $guest_roots guest root frames" \
	"($(grep -a '^\[guest\] ' "$titles" | paste -sd',' | sed 's/,/, /g'))," \
	"$(wc -l <"$titles") distinct frames; page ${page#"$TOP"/}, screenshot $(basename "${page%.html}").png beside it"

[ $chain_ok = 1 ] && [ $page_ok = 1 ] && echo "debian guest call graphs on $variant: every assertion holds"
[ $chain_ok = 1 ] && [ $page_ok = 1 ]
