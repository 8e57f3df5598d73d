#!/bin/bash
# perf's flame graph script and its HTML template, for the rig:
#   scripts/flamegraph.sh
#
# Leaves in out/flamegraph/ the series' flamegraph.py (tools/perf/scripts/
# python of the full tree) and the d3-flame-graph page it fills,
# d3-flamegraph-base.html, whose scripts and styles are inline: the page
# opens offline.  The template is taken from the npm registry (`npm pack`,
# npm's own configuration) at the version flamegraph.py names, and must
# have the MD5 sum flamegraph.py checks a downloaded template against.
# Cached under $CACHE/web.
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || die "usage: $0 (no arguments)"
command -v npm >/dev/null || die "npm is missing: run 'make deps'"

"$TOP/scripts/kernel.sh" full >&2
script=$(cat "$OUT/full/tree")/src/tools/perf/scripts/python/flamegraph.py
[ -f "$script" ] || die "no $script in the full tree"
# What flamegraph.py would download: its URL names the version.
version=$(sed -n 's#.*npm/d3-flame-graph@\([0-9.]*\)/dist/templates/d3-flamegraph-base.html.*#\1#p' \
	"$script" | sort -u)
md5=$(sed -n 's/^ *template_md5sum = "\([0-9a-f]\{32\}\)"$/\1/p' "$script")
[ "$(wc -w <<<"$version")" = 1 ] && [ -n "$md5" ] ||
	die "cannot read the template's version and MD5 sum from $script"

dir=$CACHE/web/d3-flame-graph-$version-$md5
fetch() {
	local tmp=$1
	mkdir -p "$tmp"
	# Node.js trusts its own copy of the public authorities, npm's
	# registry setting aside; the machine's (ca-certificates, with any
	# local ones) are added, as apt and git use them.
	local ca=/etc/ssl/certs/ca-certificates.crt
	[ ! -f "$ca" ] || export NODE_EXTRA_CA_CERTS=$ca
	(cd "$tmp" && npm pack --loglevel=error "d3-flame-graph@$version")
	tar -xzf "$tmp/d3-flame-graph-$version.tgz" -C "$tmp" package/dist/templates/d3-flamegraph-base.html
	local got
	got=$(md5sum "$tmp/package/dist/templates/d3-flamegraph-base.html" | cut -d' ' -f1)
	[ "$got" = "$md5" ] ||
		die "d3-flame-graph $version's template has MD5 $got, flamegraph.py wants $md5"
	# Offline: nothing in it may be fetched (its only URLs are XML
	# namespaces).
	! grep -qE "(src|href)=[\"']?https?:|url\([\"']?https?:|@import" \
		"$tmp/package/dist/templates/d3-flamegraph-base.html" ||
		die "d3-flame-graph $version's template loads something from the network"
	mv "$tmp/package/dist/templates/d3-flamegraph-base.html" "$tmp/"
	rm -rf "$tmp/package" "$tmp"/*.tgz
}
if [ ! -f "$dir/d3-flamegraph-base.html" ]; then
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$(dirname "$dir")"
	step "fetch d3-flame-graph $version's template from the npm registry" \
		"$LOGS/flamegraph-template.log" fetch "$dir.tmp"
	mv "$dir.tmp" "$dir"
fi
mkdir -p "$OUT/flamegraph"
cp "$dir/d3-flamegraph-base.html" "$script" "$OUT/flamegraph/"
note "flame graph: out/flamegraph/flamegraph.py, d3-flamegraph-base.html (d3-flame-graph $version, MD5 $md5)"
