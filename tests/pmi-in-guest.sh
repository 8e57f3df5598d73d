#!/bin/bash
# Which perf samples of a vCPU thread KVM calls the guest's, and what
# cpu-clock's exclude_guest and exclude_host leave, by the 7.3 series'
# selftest (kernel/7.3/patches/kvm-riscv/0002-* and 0003-*:
# pmi_in_guest_test):
#   tests/pmi-in-guest.sh VARIANT pass
#       every case passes: no sample of KVM's exit tracepoint (host code)
#       is a guest sample; a spinning guest's cpu-clock samples are guest
#       kernel samples at its PC; with exclude_host none is the host's,
#       with exclude_guest none is the guest's and its time is not the
#       host's.
#   tests/pmi-in-guest.sh VARIANT control
#       VARIANT has upstream's rule (a vCPU loaded is the guest;
#       exclude_guest clock samples of the guest's time kept as the host's):
#       7.3-base, Debian's 7.3 source unpatched, or debian-7.2, Debian's own
#       7.2.13 kernel package with its kvm.ko: the tracepoint case must fail by its assertion, having
#       counted the exits and samples it needs, with guest samples among
#       them, and the exclude_guest case must fail having counted its
#       periods; the spinning guest's case must still pass (the basic form
#       works).  exclude_host is reported.
# The selftest is built from the 7.3 series' tree (7.3-full) whatever the
# kernel under test.
. "$(dirname "$0")/../scripts/lib.sh"

check_variant_args "$@"
variant=$1 want=$2
TESTS_OF=7.3-full
CASE_TP='kvm/kvm_exit'
CASE_SPIN='VS spin cpu-clock'
CASE_XHOST='VS spin cpu-clock exclude_host'
CASE_XGUEST='VS spin cpu-clock exclude_guest'
run=$RUNS/pmi-in-guest-$variant
run_tree_selftest "$variant" "$TESTS_OF" pmi_in_guest_test pmi-in-guest.plan "$run" || exit 1

out=$run/steps/pmi-in-guest-test.out
[ -f "$out" ] || die "no pmi_in_guest_test output in $run"
sed 's/^/    /' "$out"
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out")
[ "$planned" = 4 ] || die "pmi_in_guest_test planned '${planned:-nothing}', want 4 cases"
tp=$(tap_result "$out" "$CASE_TP") spin=$(tap_result "$out" "$CASE_SPIN")
xhost=$(tap_result "$out" "$CASE_XHOST") xguest=$(tap_result "$out" "$CASE_XGUEST")
# The tracepoint case's figures: "N exits, M samples (G guest), ..."
read -r exits samples guest < <(sed -n "s|^# $CASE_TP: \([0-9]*\) exits, \([0-9]*\) samples (\([0-9]*\) guest).*|\1 \2 \3|p" "$out")
[ -n "${guest:-}" ] || die "pmi_in_guest_test printed no figures for $CASE_TP"
# The exclude_guest case's figures: "N periods, G guest and H host samples"
read -r periods xg_guest xg_host < <(sed -n "s|^# $CASE_XGUEST: \([0-9]*\) periods, \([0-9]*\) guest and \([0-9]*\) host samples.*|\1 \2 \3|p" "$out")
[ -n "${xg_host:-}" ] || die "pmi_in_guest_test printed no figures for $CASE_XGUEST"
echo "pmi in guest on $variant: $CASE_TP: $exits exits, $samples samples, $guest of them guest samples ($tp); $CASE_SPIN: $spin"
echo "pmi in guest on $variant: $CASE_XHOST: $xhost; $CASE_XGUEST: $periods periods, $xg_guest guest and $xg_host host samples ($xguest)"
[ "$spin" = pass ] || { echo "$CASE_SPIN: $spin, want pass on every kernel"; exit 1; }
if [ "$want" = pass ]; then
	for c in "$CASE_TP=$tp" "$CASE_XHOST=$xhost" "$CASE_XGUEST=$xguest"; do
		[ "${c#*=}" = pass ] || { echo "${c%=*}: ${c#*=}, want pass"; exit 1; }
	done
else
	[ "$exits" -ge 50 ] && [ "$samples" -ge 50 ] ||
		{ echo "control invalid: $exits exits and $samples samples, the case needs 50 of each"; exit 1; }
	[ "$tp" = fail ] && [ "$guest" -gt 0 ] ||
		{ echo "control: $CASE_TP: $tp with $guest guest samples, want a failure with guest samples"; exit 1; }
	[ "$periods" -ge 250 ] ||
		{ echo "control invalid: $CASE_XGUEST counted $periods periods, the case needs 250"; exit 1; }
	[ "$xguest" = fail ] ||
		{ echo "control: $CASE_XGUEST: $xguest, want a failure"; exit 1; }
fi
