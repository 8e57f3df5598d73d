#!/bin/bash
# `make bench-spread`: how far perf's guest share strays from the kernel's
# guest time accounting, run after run, on `full`.  Runs the selftest's
# accounting cases ROUNDS times (default 4) at the length make check uses
# (24 s), in two boots (below); prints, for each workload and event, the mean
# difference, its standard deviation over the rounds, the largest, and the
# largest that mean + 3 standard deviations allows.  Those figures are the
# ground for the selftest's bound (MAX_SHARE_DIFF, 3 points): a bias shows
# as a mean away from 0, noise as the deviation.
. "$(dirname "$0")/../scripts/lib.sh"

rounds=${ROUNDS:-4}
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 2 ] && [ "$rounds" -le 20 ] ||
	die "ROUNDS must be 2 to 20, not '$rounds'"
"$TOP/scripts/kernel.sh" full

# Two boots, compared in the same run: the kernel as it comes, whose
# adaptive limit lowers perf_event_max_sample_rate each time a sample
# takes too long (under emulation: to 1000/s, one sample per tick, and the
# samplers get throttled), and the same with that limit turned off.
configs="adaptive limit-off"
for config in $configs; do
	plan=$RUNS/bench-spread-$config.plan
	{
		echo "insmod-kvm 30 insmod /lib/kvm.ko"
		if [ "$config" = limit-off ]; then
			# The rate first: the kernel refuses it once the limit is off.
			echo "max-sample-rate 10 write /proc/sys/kernel/perf_event_max_sample_rate 100000"
			echo "no-cpu-time-limit 10 write /proc/sys/kernel/perf_cpu_time_max_percent 0"
		fi
		for ((i = 1; i <= rounds; i++)); do
			echo "accounting-$i 600 /bin/guest_profiling_test -c accounting -d 24000"
		done
	} >"$plan"
	"$TOP/scripts/rig.sh" full "$plan" "$RUNS/bench-spread-$config" $((rounds * 400 + 300))
done

echo
echo "perf guest share minus accounted guest time, $rounds rounds of 24 s on full"
echo "(throttled: PERF_RECORD_THROTTLE records per round, mean)"
printf '%-10s %-8s %-10s %6s %6s %6s %8s %9s  %s\n' limit workload event mean sd "max|d|" "mean+3sd" throttled rounds
for config in $configs; do
	for ((i = 1; i <= rounds; i++)); do
		out=$RUNS/bench-spread-$config/steps/accounting-$i.out
		[ -f "$out" ] || die "no output of round $i ($out)"
		n=$(grep -c '^# accounting .*: perf guest .*diff' "$out" || true)
		[ "$n" -eq 6 ] || die "round $i of $config printed $n of 6 accounting results ($out)"
		sed -n 's/^# accounting \([^ ]*\) \([^:]*\): [0-9]* samples ([0-9]* lost, \([0-9]*\) throttled).*/T \1 \2 \3/p
			s/^# accounting \([^ ]*\) \([^:]*\): perf guest [0-9.]*%, accounted [0-9.]*%, diff \([-+0-9.]*\)$/D \1 \2 \3/p' "$out" |
			sed "s/^/$config /"
	done
done | awk '
	$2 == "T" { k = $1 " " $3 " " $4; thr[k] += $5; next }
	{ k = $1 " " $3 " " $4; n[k]++; s[k] += $5; ss[k] += $5 * $5; a = $5 < 0 ? -$5 : $5
	  if (a > m[k]) m[k] = a; all[k] = all[k] " " $5 }
	END {
		for (k in n) {
			mean = s[k] / n[k]; v = (ss[k] - n[k] * mean * mean) / (n[k] - 1)
			sd = v > 0 ? sqrt(v) : 0; top = mean < 0 ? -mean : mean
			split(k, w, " ")
			printf "%-10s %-8s %-10s %+6.2f %6.2f %6.2f %8.2f %9.0f  %s\n", w[1], w[2], w[3], mean, sd, m[k], top + 3 * sd, thr[k] / n[k], all[k]
		}
	}' | sort
