#!/bin/bash
# `make bench-spread`: how far perf's guest share strays from the kernel's
# guest time accounting, run after run, on `full`.  Boots once and runs the
# selftest's accounting cases ROUNDS times (default 6) at the length make
# check uses (24 s); prints, for each workload and event, the mean
# difference, its standard deviation over the rounds, the largest, and the
# largest that mean + 3 standard deviations allows.  Those figures are the
# ground for the selftest's bound (MAX_SHARE_DIFF, 3 points): a bias shows
# as a mean away from 0, noise as the deviation.
. "$(dirname "$0")/../scripts/lib.sh"

rounds=${ROUNDS:-6}
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 2 ] && [ "$rounds" -le 20 ] ||
	die "ROUNDS must be 2 to 20, not '$rounds'"
"$TOP/scripts/kernel.sh" full
plan=$RUNS/bench-spread.plan
{
	echo "insmod-kvm 30 insmod /lib/kvm.ko"
	for ((i = 1; i <= rounds; i++)); do
		echo "accounting-$i 600 /bin/guest_profiling_test -c accounting -d 24000"
	done
} >"$plan"
"$TOP/scripts/rig.sh" full "$plan" "$RUNS/bench-spread" $((rounds * 400 + 300))

echo
echo "perf guest share minus accounted guest time, $rounds rounds of 24 s on full"
printf '%-8s %-10s %6s %6s %6s %8s  %s\n' workload event mean sd "max|d|" "mean+3sd" rounds
for ((i = 1; i <= rounds; i++)); do
	out=$RUNS/bench-spread/steps/accounting-$i.out
	[ -f "$out" ] || die "no output of round $i ($out)"
	sed -n 's/^# accounting \([^ ]*\) \([^:]*\): perf guest [0-9.]*%, accounted [0-9.]*%, diff \([-+0-9.]*\)$/\1 \2 \3/p' "$out"
done | awk '
	{ k = $1 " " $2; n[k]++; s[k] += $3; ss[k] += $3 * $3; a = $3 < 0 ? -$3 : $3
	  if (a > m[k]) m[k] = a; all[k] = all[k] " " $3 }
	END {
		for (k in n) {
			mean = s[k] / n[k]; v = (ss[k] - n[k] * mean * mean) / (n[k] - 1)
			sd = v > 0 ? sqrt(v) : 0; top = mean < 0 ? -mean : mean
			split(k, w, " ")
			printf "%-8s %-10s %+6.2f %6.2f %6.2f %8.2f  %s\n", w[1], w[2], mean, sd, m[k], top + 3 * sd, all[k]
		}
	}' | sort
