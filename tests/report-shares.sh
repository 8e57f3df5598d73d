# Helpers over the rows of `host-guest-report --rows` (the file named by
# $rows), the one reader of perf's report: for tests/e2e.sh and
# tests/linux-guest.sh.  Shares are in percent of the non-idle samples.
# Sourced, not executed.
# shellcheck shell=bash disable=SC2154  # $rows is the sourcing script's

# report_rows REPORT ROWS [host-guest-report options]: read perf's report
# into ROWS; fails, saying so, if it does not parse.
report_rows() {
	local report=$1 out=$2
	shift 2
	"$OUT/host/host-guest-report" --rows "$@" "$report" >"$out" ||
		die "host-guest-report could not read perf's report ($report)"
}

# symbol_rows SIDE DSO_REGEX SYMBOL_REGEX: "SHARE<TAB>SYMBOL" of each symbol
# row at SIDE (guest-kernel, guest-user, host-kernel, host-user) whose dso
# and symbol match.
symbol_rows() {
	awk -F'\t' -v side="$1" -v dso="$2" -v sym="$3" '
		$1 == side && $2 != "*" && $3 ~ dso && $2 ~ sym { print $4 "\t" $2 }' "$rows"
}

# share_of SIDE DSO_REGEX SYMBOL_REGEX: summed share of the matching rows.
share_of() {
	symbol_rows "$@" | awk -F'\t' '{ t += $1 } END { printf "%.2f\n", t }'
}

# count_of SIDE DSO_REGEX SYMBOL_REGEX: how many distinct symbols match.
count_of() {
	symbol_rows "$@" | cut -f2 | sort -u | wc -l
}

# samples_of: the recording's sample count.
samples_of() {
	awk -F'\t' '$1 == "#samples" { print $2 }' "$rows"
}

# thread_share COMM SIDE: the command's share at SIDE.
thread_share() {
	awk -F'\t' -v c="$1" -v side="$2" '$1 == "#thread" && $2 == c && $3 == side { t += $4 }
		END { printf "%.4f\n", t }' "$rows"
}
