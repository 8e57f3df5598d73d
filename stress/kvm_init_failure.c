// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-init-failure: make kvm_init() fail after the riscv KVM module has
 * registered its perf callbacks, under system-wide sampling at the
 * highest rate, and check the callbacks went with it.
 *
 * A small test module (kvm_minor_blocker.ko) takes the misc minor of
 * /dev/kvm, so kvm_init()'s last step, misc_register(), fails with EBUSY
 * and riscv_kvm_init() must unregister the callbacks on its way out.  If
 * it did not, the next sample would call into freed module memory.  Then:
 * perf keeps sampling with no guest samples, and once the blocker is gone
 * kvm.ko loads, runs a guest with guest samples, and unloads.
 *
 *   kvm-init-failure [--rounds N] [--blocker KO] [--module KO] [--vmm PATH] [--guest ELF]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stress.h"

#define PROG "kvm-init-failure"
#define BLOCKER_NAME "kvm_minor_blocker"
#define KVM_INIT_FAILED_MSG "kvm: misc device register failed"

struct options {
	unsigned int rounds;
	const char *blocker;
	const char *module;
	const char *vmm;
	const char *guest;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	const struct opt_spec specs[] = {
		{ "rounds", OPT_COUNT, &o->rounds, 1, 10000,
		  "failed loads, each followed by a good one (default 5)" },
		{ "blocker", OPT_PATH, &o->blocker, 0, 0,
		  "the module that takes /dev/kvm's minor (default /lib/" BLOCKER_NAME ".ko)" },
		{ "module", OPT_PATH, &o->module, 0, 0, "the KVM module (default /lib/kvm.ko)" },
		{ "vmm", OPT_PATH, &o->vmm, 0, 0, "the VMM (default /bin/vmm)" },
		{ "guest", OPT_PATH, &o->guest, 0, 0, "its guest (default /guest/mixed.elf)" },
	};

	*o = (struct options){ 5, "/lib/" BLOCKER_NAME ".ko", "/lib/kvm.ko", "/bin/vmm",
			       "/guest/mixed.elf" };
	return parse_options(PROG, specs, sizeof(specs) / sizeof(specs[0]), argc, argv);
}

/* kvm.ko must fail to load while the blocker holds the minor. */
static int failed_load(const struct options *o, unsigned int round)
{
	int rc, mark, saw;

	rc = module_load(o->blocker);
	if (rc) {
		fprintf(stderr, PROG ": round %u: loading %s: %s\n", round, o->blocker,
			strerror(-rc));
		return -1;
	}
	mark = kmsg_mark();
	if (mark < 0)
		return -1;
	rc = module_load(o->module);
	saw = kmsg_saw(mark, KVM_INIT_FAILED_MSG);
	if (rc != -EBUSY || !saw) {
		fprintf(stderr, PROG ": round %u: want kvm.ko to fail with EBUSY and \"%s\" logged; got %s, %s\n",
			round, KVM_INIT_FAILED_MSG, rc ? strerror(-rc) : "loaded",
			saw ? "logged" : "not logged");
		if (!rc)
			module_unload("kvm", 10);
		module_unload(BLOCKER_NAME, 10);
		return -1;
	}
	return 0;
}

/* With the blocker gone, kvm.ko loads, runs a guest and unloads. */
static int good_load(const struct options *o, unsigned int round, struct sampler *s,
		     struct sample_counts *c)
{
	const struct kvm_round r = { PROG, o->module, o->vmm, o->guest, 0.3 };
	int rc = module_unload(BLOCKER_NAME, 10);

	if (rc) {
		fprintf(stderr, PROG ": round %u: unloading the blocker: %s\n", round,
			strerror(-rc));
		return -1;
	}
	return kvm_round(&r, round, s, c);
}

int main(int argc, char **argv)
{
	struct sample_counts after_failure = { 0 }, guest_runs = { 0 };
	unsigned int round, bad_rounds = 0;
	struct options o;
	struct sampler s;
	int ok;

	if (parse_args(argc, argv, &o))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sampler_open(&s))
		return 1;
	for (round = 1; round <= o.rounds; round++) {
		struct sample_counts failed = { 0 }, good = { 0 };

		if (failed_load(&o, round)) {
			sampler_close(&s);
			return 1;
		}
		/* The callbacks must be gone: only host samples now. */
		spin_for(0.5, &s, &failed);
		if (good_load(&o, round, &s, &good)) {
			sampler_close(&s);
			return 1;
		}
		bad_rounds += !failed.host || failed.guest || !good.guest;
		sample_counts_add(&after_failure, &failed);
		sample_counts_add(&guest_runs, &good);
	}
	sampler_close(&s);

	sample_counts_print("after the failed loads", &after_failure);
	sample_counts_print("during the good loads' guests", &guest_runs);
	printf("%u rounds of: kvm_init() fails with EBUSY after the callbacks were registered,\n"
	       "0.5 s of sampling, then kvm.ko loads, runs a guest and unloads; %u bad\n",
	       o.rounds, bad_rounds);
	ok = !bad_rounds && !after_failure.unknown && !guest_runs.unknown;
	if (bad_rounds)
		printf("FAIL: want host and no guest samples after each failed load, and guest samples from each good one\n");
	if (after_failure.unknown || guest_runs.unknown)
		printf("FAIL: samples of an unknown cpumode\n");
	printf(PROG ": %s\n", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
