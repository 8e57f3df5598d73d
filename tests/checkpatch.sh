#!/bin/bash
# Every patch of every tree's series (kernel/TREE/), and the rig's test
# module: scripts/checkpatch.pl --strict reports no error, warning or
# check.  Runs in the tree's unpacked, unpatched source (no .git: the
# upstream commits the messages name cannot be looked up, and are not).
#
# A tree whose series is split into topic series (kernel/TREE/patches/
# TOPIC/, the 7.3 tree) has a cover letter for each, as git format-patch
# --cover-letter makes it, checked here: "[PATCH 0/N]" with N the topic's
# patches, each patch "[PATCH i/N]" ("[RFC PATCH ...]" throughout for an
# RFC, as git format-patch --rfc makes it), the cover letter's subject and blurb
# filled in and its shortlog naming every patch, and its To: and Cc:
# holding every maintainer, reviewer and list get_maintainer.pl names for
# the topic's patches in the tree they apply to.
#
# One warning class is settled rather than ignored blindly: checkpatch asks
# "does MAINTAINERS need updating?" for every added file.  For each file the
# series adds, get_maintainer.pl must find a maintainer (or supporter) of a subsystem
# entry (KVM/riscv, the perf tools, ...) for it, not only THE REST; only
# then is FILE_PATH_CHANGES ignored.
#
# Another: a perf shell test (tools/perf/tests/shell/*.sh) has its
# description on line 2, where "perf test" reads it, and its SPDX tag on
# line 3, as every one of them does; checkpatch wants the tag on line 2.
# SPDX_LICENSE_TAG is ignored for a patch only when each file it adds there
# has "# SPDX-License-Identifier:" on line 3.
#
# The other settled class: checkpatch cannot look up upstream commit ids in
# a tree without upstream history and warns "Unknown commit id" about each
# a message names (in "Fixes:" or "commit <id>").  UNKNOWN_COMMIT_ID is
# ignored for a patch only when every id it names is one of UPSTREAM below,
# each quoted with that commit's own subject.
. "$(dirname "$0")/../scripts/lib.sh"

# Upstream commits the messages name, with their subjects, as read in
# mainline's history (kernel.org's notices of torvalds/linux pushes and the
# patches' threads on the kvm-riscv and linux-riscv lists).
UPSTREAM=(
	"5bb5ccb3e8d8 riscv: perf: add guest vs host distinction"
	"2c47e7a74f44 perf/core: Correct perf sampling with guest VMs"
	"eded6754f398 riscv: KVM: add basic support for host vs guest profiling"
	"99594f75b49e RISC-V: KVM: Fix array out-of-bounds in pmu_ctr_read() and pmu_fw_ctr_read_hi()"
	"198c7ce9801a RISC-V: KVM: selftests: Fix firmware counter read in sbi_pmu_test"
	"badc386869e2 RISC-V: KVM: Support firmware events"
	"08fb07d6dcf7 RISC-V: KVM: Support 64 bit firmware counters on RV32"
	"3b7270c76622 RISC-V: perf/kvm: Add reporting of interrupt events"
)

# named_commits PATCH: "ID SUBJECT" for each commit id the message names
# as checkpatch reads them (Fixes: lines, "commit <id> ("subject")").
named_commits() {
	sed -n '1,/^---$/p' "$1" | awk '
		{ text = text " " $0 }
		END {
			gsub(/[ \t]+/, " ", text)
			# mawk has no {n}: an id of another length matches nothing in UPSTREAM.
			while (match(text, /(Fixes:|commit) [0-9a-f]+ \("[^"]*"\)/)) {
				m = substr(text, RSTART, RLENGTH)
				sub(/^(Fixes:|commit) /, "", m)
				id = m
				sub(/ .*/, "", id)
				subj = substr(m, length(id) + 4, length(m) - length(id) - 5)
				print id " " subj
				text = substr(text, RSTART + RLENGTH)
			}
		}'
}

# upstream_ids_known PATCH: every id the message names is in UPSTREAM with
# the subject quoted; prints the ids, or what is wrong.
upstream_ids_known() {
	local named id subj u ok=0 n=0
	named=$(named_commits "$1")
	[ -n "$named" ] || return 1
	while read -r id subj; do
		n=$((n + 1))
		for u in "${UPSTREAM[@]}"; do
			[ "$u" = "$id $subj" ] && { ok=$((ok + 1)); continue 2; }
		done
		echo "names $id (\"$subj\"), which is not an upstream commit tests/checkpatch.sh knows with that subject"
		return 1
	done <<<"$named"
	# Every id checkpatch would look up must be one of those quoted.
	if sed -n '1,/^---$/p' "$1" | grep -oiE '(^fixes:|\bcommit)[[:space:]]+[0-9a-f]{6,40}\b' |
		awk '{ print $2 }' | grep -vxF -f <(awk '{ print $1 }' <<<"$named") >/dev/null; then
		echo "names a commit id without its subject"
		return 1
	fi
	echo "names upstream commits $(awk '{ print $1 }' <<<"$named" | tr '\n' ' ')(known, subjects match)"
	[ "$ok" -eq "$n" ]
}

# check_tree TREE: checkpatch every patch of the tree's series, with the
# tree's own checkpatch.pl and MAINTAINERS (its base and full builds).
check_tree() {
	local t=$1 prefix base_src full_src f p a added who known entries
	local -a patches ignore
	prefix=$(tree_prefix "$t")
	"$TOP/scripts/kernel.sh" "${prefix}base" >/dev/null
	"$TOP/scripts/kernel.sh" "${prefix}full" >/dev/null
	base_src=$(cat "$OUT/${prefix}base/tree")/src
	full_src=$(cat "$OUT/${prefix}full/tree")/src
	mapfile -t patches < <(series_patches "$t")
	for p in "${patches[@]}"; do
		f=$(patch_dir "$t")/$p
		ignore=()
		added=$(awk '/^diff --git / { file = substr($4, 3) } /^new file mode/ { print file }' "$f")
		for a in $added; do
			who=$(cd "$full_src" && perl scripts/get_maintainer.pl --no-git -f "$a" 2>&1)
			entries=$(sed -n 's/.*(\(maintainer\|supporter\):\(.*\))$/\2/p' <<<"$who" | grep -vx 'THE REST' | sort -u | tr '\n' ';' || true)
			if [ -n "$entries" ]; then
				echo "$p adds $a, covered by MAINTAINERS ($entries)"
				ignore+=(--ignore FILE_PATH_CHANGES)
			else
				echo "$p adds $a, which no MAINTAINERS subsystem entry covers:"
				echo "$who"
				fail=1
			fi
			if [[ $a == tools/perf/tests/shell/*.sh ]]; then
				if awk '/^\+\+\+ b\// { f = substr($2, 3) } f == a && /^@@/ { n = 0; next }
					f == a && /^\+/ { if (++n == 3) { print; exit } }' a="$a" "$f" |
					grep -q '^+# SPDX-License-Identifier:'; then
					echo "$p adds perf shell test $a: description on line 2, SPDX tag on line 3"
					ignore+=(--ignore SPDX_LICENSE_TAG)
				else
					echo "$p adds perf shell test $a without its SPDX tag on line 3"
					fail=1
				fi
			fi
		done
		if known=$(upstream_ids_known "$f"); then
			echo "$p $known"
			ignore+=(--ignore UNKNOWN_COMMIT_ID)
		elif [ -n "$known" ]; then
			echo "$p $known"
			fail=1
		fi
		if (cd "$base_src" && perl scripts/checkpatch.pl --strict --color=never "${ignore[@]}" "$f") \
			>"$LOGS/checkpatch-$t-${p//\//-}.log" 2>&1; then
			echo "checkpatch --strict: $t $p: $(grep '^total:' "$LOGS/checkpatch-$t-${p//\//-}.log")"
		else
			echo "checkpatch --strict: $t $p: FAILED"
			cat "$LOGS/checkpatch-$t-${p//\//-}.log"
			fail=1
		fi
	done
}

# check_cover_letters TREE: the cover letter of each topic series of the
# tree (none for a tree without topic directories).
check_cover_letters() {
	local t=$1 full_src topic cl n i p subj who missing prefix
	local -a topics patches
	full_src=$(cat "$OUT/$(tree_prefix "$t")full/tree")/src
	mapfile -t topics < <(series_patches "$t" | sed -n 's|^\([^/]*\)/.*|\1|p' | awk '!seen[$0]++')
	for topic in "${topics[@]}"; do
		cl=$(patch_dir "$t")/$topic/0000-cover-letter.patch
		mapfile -t patches < <(series_patches "$t" | grep "^$topic/")
		n=${#patches[@]}
		if [ ! -f "$cl" ]; then
			echo "cover letter: $t $topic: no ${cl#"$TOP"/}"
			fail=1
			continue
		fi
		missing=()
		# An RFC series is "[RFC PATCH i/N]" throughout, cover letter included.
		prefix=PATCH
		! grep -q "^Subject: \[RFC PATCH 0/" "$cl" || prefix="RFC PATCH"
		grep -q "^Subject: \[$prefix 0/$n\] " "$cl" || missing+=("a subject [$prefix 0/$n]")
		! grep -qF '*** SUBJECT HERE ***' "$cl" || missing+=("its subject")
		! grep -qF '*** BLURB HERE ***' "$cl" || missing+=("its blurb")
		for ((i = 0; i < n; i++)); do
			p=$(patch_dir "$t")/${patches[i]}
			grep -q "^Subject: \[$prefix $((i + 1))/$n\] " "$p" ||
				missing+=("[$prefix $((i + 1))/$n] in ${patches[i]}")
			# The subject as git wraps it in the header, as one line.
			subj=$(sed -n '/^Subject: /,/^[^ S]/p' "$p" | sed '$d' | tr -d '\n' |
				sed 's/^Subject: \[\(RFC \)\{0,1\}PATCH [0-9]*\/[0-9]*\] //; s/^ //')
			tr -d '\n' <"$cl" | tr -s ' ' | grep -qF "$(tr -s ' ' <<<"$subj")" ||
				missing+=("the shortlog entry of ${patches[i]}")
		done
		while IFS= read -r who; do
			sed -n '/^To: /,/^$/p' "$cl" | grep -qF "$who" || missing+=("recipient $who")
		done < <(cd "$full_src" && perl scripts/get_maintainer.pl --no-git --no-rolestats \
			"${patches[@]/#/$(patch_dir "$t")/}" 2>/dev/null | grep -v 'rv-kvm-perf')
		if [ ${#missing[@]} -eq 0 ]; then
			echo "cover letter: $t $topic: [$prefix 0/$n], subject, blurb, shortlog and get_maintainer.pl's recipients"
		else
			echo "cover letter: $t $topic: lacks $(printf '%s; ' "${missing[@]}")"
			fail=1
		fi
	done
}

fail=0
for t in $(trees); do
	check_tree "$t"
	check_cover_letters "$t"
done
# The rig's test module is kernel C too (not part of the series), built
# against the default tree.
m=stress/module/kvm_minor_blocker.c
base_src=$(cat "$OUT/base/tree")/src
if (cd "$base_src" && perl scripts/checkpatch.pl --strict --color=never --no-tree -f "$TOP/$m") \
	>"$LOGS/checkpatch-test-module.log" 2>&1; then
	echo "checkpatch --strict -f: $m: $(grep '^total:' "$LOGS/checkpatch-test-module.log")"
else
	echo "checkpatch --strict -f: $m: FAILED"
	cat "$LOGS/checkpatch-test-module.log"
	fail=1
fi
exit $fail
