// SPDX-License-Identifier: GPL-2.0
/*
 * vm-churn: one VM with many vCPUs (more than the CPUs under it) runs for
 * the whole test while small VMs are created and destroyed in a loop, all
 * under system-wide sampling at the highest rate (cpu-clock and cycles).
 * Prints the samples by kind and how many were lost (PERF_RECORD_LOST).
 *
 *   vm-churn [--seconds S] [--vcpus N] [--vmm PATH] [--guest ELF] [--churn-guest ELF]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "stress.h"

#define PROG "vm-churn"
#define CHURN_VCPUS "2"
#define CHURN_SECONDS "0.05"

struct options {
	double seconds;
	unsigned int vcpus;
	const char *vmm;
	const char *guest;
	const char *churn_guest;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	const struct opt_spec specs[] = {
		{ "seconds", OPT_NUMBER, &o->seconds, 1, 86400, "how long (default 60)" },
		{ "vcpus", OPT_COUNT, &o->vcpus, 1, 16,
		  "vCPUs of the long-running VM (default 8)" },
		{ "vmm", OPT_PATH, &o->vmm, 0, 0, "the VMM (default /bin/vmm)" },
		{ "guest", OPT_PATH, &o->guest, 0, 0,
		  "the long-running VM's guest (default /guest/mixed.elf)" },
		{ "churn-guest", OPT_PATH, &o->churn_guest, 0, 0,
		  "the short VMs' guest, " CHURN_VCPUS " vCPUs for " CHURN_SECONDS
		  " s each (default /guest/sbi_loop.elf)" },
	};

	*o = (struct options){ 60, 8, "/bin/vmm", "/guest/mixed.elf", "/guest/sbi_loop.elf" };
	return parse_options(PROG, specs, sizeof(specs) / sizeof(specs[0]), argc, argv);
}

int main(int argc, char **argv)
{
	char seconds[32], vcpus[16];
	struct sample_counts c = { 0 };
	unsigned long churned = 0, churn_failures = 0;
	struct options o;
	struct sampler s;
	double start, end;
	pid_t big;
	int big_rc, ok;

	if (parse_args(argc, argv, &o))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(seconds, sizeof(seconds), "%g", o.seconds);
	snprintf(vcpus, sizeof(vcpus), "%u", o.vcpus);
	char *big_argv[] = { (char *)o.vmm, "--vcpus", vcpus, "--seconds", seconds,
			     (char *)o.guest, NULL };
	char *churn_argv[] = { (char *)o.vmm, "--vcpus", CHURN_VCPUS, "--seconds",
			       CHURN_SECONDS, (char *)o.churn_guest, NULL };

	if (sampler_open(&s))
		return 1;
	start = now_s();
	end = start + o.seconds;
	big = child_start(big_argv);
	if (big < 0) {
		sampler_close(&s);
		return 1;
	}
	while (now_s() < end) {
		if (child_wait(child_start(churn_argv), "a short VM", 60, &s, &c))
			churn_failures++;
		churned++;
		if (churned % 100 == 0)
			printf("%.0f s: %lu short VMs so far, %lu lost samples\n", now_s() - start,
			       churned, c.lost);
	}
	big_rc = child_wait(big, "the long-running VM", 60, &s, &c);
	sampler_close(&s);

	printf("%.0f s: a VM of %u vCPUs on %ld CPUs, and %lu VMs of " CHURN_VCPUS
	       " vCPUs created, run and destroyed (%lu failed)\n",
	       now_s() - start, o.vcpus, sysconf(_SC_NPROCESSORS_ONLN), churned, churn_failures);
	sample_counts_print("sampled", &c);
	ok = !big_rc && !churn_failures && c.guest && c.host && !c.unknown;
	if (big_rc)
		printf("FAIL: the long-running VM failed (%d)\n", big_rc);
	if (churn_failures)
		printf("FAIL: %lu short VMs failed\n", churn_failures);
	if (!c.guest || !c.host)
		printf("FAIL: want both host and guest samples\n");
	if (c.unknown)
		printf("FAIL: samples of an unknown cpumode\n");
	printf(PROG ": %s\n", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
