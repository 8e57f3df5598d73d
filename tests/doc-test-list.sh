#!/bin/bash
# docs/tests.md's table of checks against tests/check.sh, so that the two
# cannot drift: every `check NAME ...` line of tests/check.sh must have a
# row whose first column is `NAME`, and every row a check.
#   tests/doc-test-list.sh [CHECK_SH DOC_MD]
# The optional pair points it at other files (copies, to test this test).
# Prints "docs/tests.md lists the N checks of tests/check.sh", or fails
# naming the checks one side lacks; the page's "runs N checks", if it says
# so, must be that N.
. "$(dirname "$0")/../scripts/lib.sh"

# check_names FILE: the NAME of each "check NAME ..." line (at the start of
# a line, indented or not), one a line, sorted.
check_names() {
	check_list "$1" | cut -d' ' -f1 | sort
}

# doc_names FILE: the `NAME` in the first column of each row of the table
# whose header's first column is "check", one a line, sorted: rows of the
# form "| `NAME` | ...", up to the first line that is no table row.
doc_names() {
	awk '
		/^\|[ \t]*check[ \t]*\|/ { table = 1; next }
		table && !/^\|/ { table = 0 }
		table' "$1" |
		sed -n 's/^|[[:space:]]*`\([A-Za-z0-9_.-]\{1,\}\)`[[:space:]]*|.*/\1/p' | sort
}

# words NAMES: the names on one line, separated by blanks.
words() {
	paste -sd' ' <<<"$1"
}

# duplicates LABEL NAMES: fail if a name is listed twice.
duplicates() {
	local twice
	twice=$(uniq -d <<<"$2")
	[ -z "$twice" ] || die "$1 lists these more than once: $(words "$twice")"
}

main() {
	local check_sh=$TOP/tests/check.sh doc_md=$TOP/docs/tests.md checks docs only_checks only_docs n said s
	case $# in
	0) ;;
	2) check_sh=$1 doc_md=$2 ;;
	*) die "usage: $0 [CHECK_SH DOC_MD]" ;;
	esac
	[ -f "$check_sh" ] || die "no such file: $check_sh"
	[ -f "$doc_md" ] || die "no such file: $doc_md"
	local check_label=${check_sh#"$TOP"/} doc_label=${doc_md#"$TOP"/}

	checks=$(check_names "$check_sh")
	docs=$(doc_names "$doc_md")
	[ -n "$checks" ] || die "$check_label has no 'check NAME ...' line"
	[ -n "$docs" ] || die "$doc_label has no table headed '| check | ...' with rows '| \`NAME\` | ...'"
	duplicates "$check_label" "$checks"
	duplicates "$doc_label" "$docs"

	only_checks=$(comm -23 <(echo "$checks") <(echo "$docs"))
	only_docs=$(comm -13 <(echo "$checks") <(echo "$docs"))
	if [ -n "$only_checks" ] || [ -n "$only_docs" ]; then
		[ -z "$only_checks" ] ||
			echo "checks of $check_label without a row in $doc_label: $(words "$only_checks")" >&2
		[ -z "$only_docs" ] ||
			echo "rows of $doc_label that are no check of $check_label: $(words "$only_docs")" >&2
		die "$doc_label and $check_label list different checks (above)"
	fi
	# The count the page gives in words ("runs N checks"), if it gives one.
	n=$(grep -c . <<<"$checks")
	said=$({ grep -oE 'runs [0-9]+ checks' "$doc_md" || true; } | grep -oE '[0-9]+' | sort -u || true)
	for s in $said; do
		[ "$s" -eq "$n" ] || die "$doc_label says \"runs $s checks\"; $check_label has $n"
	done
	echo "$doc_label lists the $n checks of $check_label"
}

main "$@"
