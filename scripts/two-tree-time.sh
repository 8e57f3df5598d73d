#!/bin/bash
# What a warm `make check` would take with the 7.3 checks not written yet
# beside those that are (issue 23's stand-in, kept while some are missing):
# each missing check costs what its 6.12 counterpart took in the last make check
# (out/logs/test-NAME.time), and the checks are scheduled as tests/check.sh
# schedules them (its rules are restated below: keep them in step).
#   scripts/two-tree-time.sh
# Prints the simulated schedule's total and its parts, in seconds.
. "$(dirname "$0")/lib.sh"

# The 7.3 checks still to come (issue 25's call chains, on 7.3-full, its
# controls and the 7.3 debug kernel), each with its 6.12 counterpart.  The
# deliberately broken kernels prove the power of test code both trees
# share and run once, on 6.12; on 7.3 the unpatched base is upstream's rule
# (no separate `upstream` variant), 0015's fix is upstream (no base-debug
# control), and the 7.3 debug kernel runs the stress scenarios
# (make check-stress), not upstream's KVM selftests.
STAND_INS="
debian-callchain-7.3-full debian-callchain-full
debian-callchain-7.3-base-control debian-callchain-upstream-control
debian-callchain-debian-7.2-control debian-callchain-upstream-control
selftest-callchain-7.3-debug selftest-callchain-debug"
seconds_of() {
	local real
	{ read -r real _ <"$LOGS/test-$1.time"; } 2>/dev/null ||
		die "no time for check $1 in ${LOGS#"$TOP"/}: run make check first"
	[[ $real =~ ^[0-9]+$ ]] || die "bad time '$real' in ${LOGS#"$TOP"/}/test-$1.time"
	echo "$real"
}

# The checks in tests/check.sh's order, each stand-in right after its
# 6.12 counterpart: "measured|stand-in NAME SECONDS serial|rig" lines.
lines=
while read -r n serial; do
	[[ $n != stress-* ]] || continue
	s=$(seconds_of "$n")
	lines+="measured $n $s ${serial:-rig}"$'\n'
	for stand_in in $(awk -v of="$n" 'NF == 2 && $2 == of { print $1 }' <<<"$STAND_INS"); do
		lines+="stand-in $stand_in $s ${serial:-rig}"$'\n'
	done
done < <(check_list)
[ "$(grep -c '^stand-in ' <<<"$lines")" -eq "$(grep -c . <<<"$STAND_INS")" ] ||
	die "a stand-in's 6.12 counterpart is not a check of tests/check.sh"
# The pattern through the environment: awk -v would read its backslashes.
printf '%s' "$lines" | ALONE_RE=$CHECK_ALONE_RE awk '
	# tests/check.sh: alone (every slot) or one of the 2 slots; each
	# started in the listed order as soon as it fits, none passing a
	# waiting alone check.
	{
		if ($4 == "serial") { serial += $3; serial_part[$1] += $3; next }
		n++; name[n] = $2; dur[n] = $3; tree[n] = $1
		cls[n] = ($2 ~ ENVIRON["ALONE_RE"] ? "alone" : "other")
	}
	END {
		for (i = 1; i <= n; i++) order[i] = i
		t = 0; busy = 0; left = n; slots = 2
		while (left > 0) {
			for (k = 1; k <= n; k++) {
				i = order[k]
				if (done[i] || start[i] != "") continue
				w = (cls[i] == "alone" ? slots : 1)
				if (busy + w <= slots) {
					start[i] = t; end[i] = t + dur[i]; busy += w
				} else if (cls[i] == "alone") break
			}
			# the next to finish
			next_end = -1
			for (i = 1; i <= n; i++)
				if (start[i] != "" && !done[i] && (next_end < 0 || end[i] < next_end)) { next_end = end[i]; f = i }
			t = next_end; done[f] = 1; left--
			busy -= (cls[f] == "alone" ? slots : 1)
		}
		printf "one at a time before the rig checks: %d s\n", serial
		for (i = 1; i <= n; i++) { sum[tree[i]] += dur[i]; cnt[tree[i]]++ }
		printf "rig checks: %d measured (%d s), %d stand-ins for checks still to come (%d s), scheduled in %d s\n", cnt["measured"], sum["measured"], cnt["stand-in"], sum["stand-in"], t
		printf "both trees, every check: %d s (%d min %d s)\n", serial + t, (serial + t) / 60, (serial + t) % 60
	}'
