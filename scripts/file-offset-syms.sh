#!/bin/bash
# scripts/file-offset-syms.sh ELF OUT: the text symbols of ELF, nm-style
# ("ADDR TYPE NAME"), with each address moved to its offset in the file.
# perf without libelf shows an address in a user binary it has no symbols
# for as that offset; host-guest-report names such samples from OUT.
set -euo pipefail
shopt -s inherit_errexit
[ $# -eq 2 ] && [ -f "$1" ] || { echo "usage: $0 ELF OUT" >&2; exit 2; }
elf=$1 out=$2
cross=riscv64-linux-gnu-

# The executable LOAD segments: virtual address, file offset, size.
segs=()
while read -r type off vaddr _ filesz _ flags _; do
	[ "$type" = LOAD ] && [[ "$flags" == *E* ]] || continue
	segs+=("$((vaddr)) $((off)) $((filesz))")
done < <("${cross}readelf" -lW "$elf" | awk '$1 == "LOAD" { $7 = $7 $8; print }')
[ ${#segs[@]} -gt 0 ] || { echo "$0: $elf has no executable LOAD segment" >&2; exit 1; }

named=0
while read -r addr type name; do
	case $type in t | T) ;; *) continue ;; esac
	a=$((16#$addr))
	for s in "${segs[@]}"; do
		read -r vaddr off size <<<"$s"
		if [ "$a" -ge "$vaddr" ] && [ "$a" -lt $((vaddr + size)) ]; then
			printf '%016x %s %s\n' $((a - vaddr + off)) "$type" "$name"
			named=$((named + 1))
			break
		fi
	done
done < <("${cross}nm" -n "$elf") >"$out.tmp"
[ "$named" -gt 0 ] || { echo "$0: no text symbols in $elf" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
