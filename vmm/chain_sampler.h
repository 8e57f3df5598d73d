/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest call chains sampled by the VMM itself, the userspace baseline for
 * the in-kernel walk: a timer interrupts each vCPU thread HZ times a
 * second, KVM_RUN returns, and the VMM reads the vCPU's registers
 * (KVM_GET_ONE_REG) and walks the guest's stack in its own mapping of
 * guest RAM (guest_walk.h) before running the vCPU again.
 */
#ifndef VMM_CHAIN_SAMPLER_H
#define VMM_CHAIN_SAMPLER_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define CHAIN_SAMPLER_MAX_DEPTH 128	/* entries, the PC included */

struct vcpu;

/* One vCPU's sampler: set up and used by its own thread only. */
struct chain_sampler {
	unsigned int hz;		/* 0: no sampling */
	int count_insns;		/* count the thread's host instructions */
	FILE *out;			/* the chains, or NULL */
	timer_t timer;
	int timer_set;
	int insn_fd;			/* -1 if not counting */
	unsigned long samples;		/* taken in KVM_RUN: the guest's */
	unsigned long in_vmm;		/* due while the thread was in the VMM */
	unsigned long frames;		/* return addresses walked */
	double walk_ns;			/* registers read and walked, in all */
	uint64_t host_insns;
};

/* Process-wide: the timer signal's handler.  0, or -1 with a message. */
int chain_sampler_install(void);
/* In the vCPU's thread, before its first KVM_RUN.  0, or -1 with a message. */
int chain_sampler_start(struct vcpu *vcpu);
/* Before KVM_RUN: count a sample that fell due in the VMM, not the guest. */
void chain_sampler_before_run(struct vcpu *vcpu);
/* After KVM_RUN returned EINTR: take the sample that fell due, if one did. */
int chain_sampler_after_run(struct vcpu *vcpu);
/* In the vCPU's thread, after its last KVM_RUN. */
void chain_sampler_stop(struct vcpu *vcpu);
/* What the vCPU's sampler saw, on stderr. */
void chain_sampler_report(const struct vcpu *vcpu);

#endif
