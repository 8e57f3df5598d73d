// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-reload: load kvm.ko, run a guest under system-wide sampling at the
 * highest rate (cpu-clock and cycles), unload it; many rounds.  The
 * sampling stays on across every load and unload, so a perf callback left
 * behind by an unloaded module would be called from the next sample.
 * After the last unload, perf must still sample and see no guest sample.
 *
 *   kvm-reload [--rounds N] [--seconds S] [--module KO] [--vmm PATH] [--guest ELF]
 */
#include <stdio.h>
#include <stdlib.h>

#include "stress.h"

#define PROG "kvm-reload"
/* Guest time a round must have run to be judged: 20 ms, in USER_HZ ticks. */
#define MIN_GUEST_TICKS 2

struct options {
	unsigned int rounds;
	double seconds;
	const char *module;
	const char *vmm;
	const char *guest;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	const struct opt_spec specs[] = {
		{ "rounds", OPT_COUNT, &o->rounds, 1, 100000,
		  "load/run/unload rounds (default 50)" },
		{ "seconds", OPT_NUMBER, &o->seconds, 0.01, 600,
		  "how long the guest runs each round (default 0.3)" },
		{ "module", OPT_PATH, &o->module, 0, 0, "the KVM module (default /lib/kvm.ko)" },
		{ "vmm", OPT_PATH, &o->vmm, 0, 0, "the VMM (default /bin/vmm)" },
		{ "guest", OPT_PATH, &o->guest, 0, 0, "its guest (default /guest/mixed.elf)" },
	};

	*o = (struct options){ 50, 0.3, "/lib/kvm.ko", "/bin/vmm", "/guest/mixed.elf" };
	return parse_options(PROG, specs, sizeof(specs) / sizeof(specs[0]), argc, argv);
}

int main(int argc, char **argv)
{
	struct sample_counts total = { 0 }, after = { 0 };
	unsigned int round, rounds_without_guest = 0, rounds_judged = 0;
	struct kvm_round r;
	struct options o;
	struct sampler s;
	int ok;

	if (parse_args(argc, argv, &o))
		return 2;
	r = (struct kvm_round){ PROG, o.module, o.vmm, o.guest, o.seconds };
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sampler_open(&s))
		return 1;
	for (round = 1; round <= o.rounds; round++) {
		struct sample_counts c = { 0 };

		if (kvm_round(&r, round, &s, &c)) {
			sampler_close(&s);
			return 1;
		}
		/*
		 * A round that lost samples, or whose guest hardly ran (the
		 * debug kernel can spend a short round setting the VM up),
		 * proves nothing either way.
		 */
		if (!c.lost && c.guest_ticks >= MIN_GUEST_TICKS) {
			rounds_judged++;
			rounds_without_guest += !c.guest;
		}
		sample_counts_add(&total, &c);
		if (round % 10 == 0 || round == o.rounds)
			printf("round %u/%u: %lu host, %lu guest samples so far\n", round,
			       o.rounds, total.host, total.guest);
	}
	/* kvm.ko is gone: the samples of the next second must all be host ones. */
	spin_for(1.0, &s, &after);
	sampler_close(&s);

	sample_counts_print("during the rounds", &total);
	sample_counts_print("in the second after the last unload", &after);
	printf("%u rounds of load, run for %g s, unload; %u lost no sample and ran the guest "
	       "for %d ticks or more, and are judged: %u without a guest sample\n", o.rounds,
	       o.seconds, rounds_judged, MIN_GUEST_TICKS, rounds_without_guest);
	ok = !rounds_without_guest && 2 * rounds_judged >= o.rounds && !total.unknown &&
	     after.host && !after.guest && !after.lost && !after.unknown;
	if (2 * rounds_judged < o.rounds)
		printf("FAIL: only %u of %u rounds lost no sample and ran the guest: too few to judge\n",
		       rounds_judged, o.rounds);
	if (after.lost)
		printf("FAIL: samples lost after the last unload: the check cannot be judged\n");
	if (rounds_without_guest)
		printf("FAIL: a round's guest gave no guest sample\n");
	if (!after.host)
		printf("FAIL: perf took no sample after the last unload\n");
	if (after.guest)
		printf("FAIL: guest samples after kvm.ko was unloaded\n");
	if (total.unknown || after.unknown)
		printf("FAIL: samples of an unknown cpumode\n");
	printf("kvm-reload: %s\n", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
