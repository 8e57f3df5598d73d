# Helpers over `perf kvm report --stdio --sort comm,dso,sym -t '|'` output
# (the file named by $report), for tests/e2e.sh and tests/linux-guest.sh.
# Sourced, not executed.
# shellcheck shell=bash disable=SC2154  # $report is the sourcing script's

# report_lines MODE DSO_REGEX SYMBOL_REGEX: "SHARE|SYMBOL" of each line of
# the report whose symbol is of MODE ("g" guest kernel, "u" guest user, "k"
# host kernel, "." host user) and matches.
report_lines() {
	awk -F'|' -v mode="$1" -v dso="$2" -v sym="$3" '
		/^#/ || NF < 4 { next }
		{
			d = $3; gsub(/^ +| +$/, "", d)
			s = $4; gsub(/^ +| +$/, "", s)
			if (substr(s, 1, 3) != "[" mode "]") next
			s = substr(s, 5)
			if (d ~ dso && s ~ sym) { v = $1; sub(/%.*/, "", v); print v "|" s }
		}' "$report"
}

# share_of MODE DSO_REGEX SYMBOL_REGEX: summed share (percent) of the lines.
share_of() {
	report_lines "$@" | awk -F'|' '{ t += $1 } END { printf "%.2f\n", t }'
}

# count_of MODE DSO_REGEX SYMBOL_REGEX: how many distinct symbols match.
count_of() {
	report_lines "$@" | cut -d'|' -f2 | sort -u | wc -l
}
