// SPDX-License-Identifier: GPL-2.0
/* One round of: load kvm.ko, run a guest in the VMM, unload kvm.ko. */
#include <stdio.h>
#include <string.h>

#include "stress.h"

int kvm_round(const struct kvm_round *r, unsigned int round, struct sampler *s,
	      struct sample_counts *c)
{
	char seconds[32];
	char *argv[] = { (char *)r->vmm, "--seconds", seconds, (char *)r->guest, NULL };
	int rc, vmm_rc;

	snprintf(seconds, sizeof(seconds), "%g", r->seconds);
	rc = module_load(r->module);
	if (rc) {
		fprintf(stderr, "%s: round %u: loading %s: %s\n", r->prog, round, r->module,
			strerror(-rc));
		return -1;
	}
	vmm_rc = child_wait(child_start(argv), "the VMM", r->seconds + 60, s, c);
	if (vmm_rc)
		fprintf(stderr, "%s: round %u: the VMM failed (%d)\n", r->prog, round, vmm_rc);
	/* Unload even after a failed guest: the next round loads again. */
	rc = module_unload("kvm", 10);
	if (rc)
		fprintf(stderr, "%s: round %u: unloading kvm: %s\n", r->prog, round,
			strerror(-rc));
	sampler_drain(s, c);
	return rc || vmm_rc ? -1 : 0;
}
