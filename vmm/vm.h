/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "../guest/vmm_device.h"
#include "chain_sampler.h"

/* Guest RAM starts where QEMU's virt machine and OpenSBI put it. */
#define GUEST_RAM_BASE 0x80000000ULL
#define VM_MAX_VCPUS VMM_MAX_HARTS

struct vm_exit_counts {
	double seconds;		/* how long the guest ran */
	unsigned long mmio;
	unsigned long sbi;
};

struct vm;

/* One vCPU and the thread that runs it. */
struct vcpu {
	struct vm *vm;
	unsigned int id;
	int fd;
	struct kvm_run *run;
	size_t run_size;
	pthread_t thread;
	int started;
	int rc;
	struct vm_exit_counts counts;
	struct chain_sampler sampler;	/* set before vm_run() */
};

struct vm {
	int kvm_fd;
	int vm_fd;
	void *ram;
	size_t ram_size;
	unsigned int nr_vcpus;
	struct vcpu vcpus[VM_MAX_VCPUS];
	int stop;		/* set (atomically) when every vCPU is to stop */
	unsigned int system_event;	/* KVM_SYSTEM_EVENT_*, when the guest asked */
};

/* Prints "vmm: WHAT: " and errno's message; returns -1. */
int vm_fail(const char *what);
/* CLOCK_MONOTONIC, in seconds. */
double vm_now_s(void);

/* Each returns 0, or prints why and returns -1. */
int vm_create(struct vm *vm, size_t ram_size, unsigned int nr_vcpus);
int vcpu_get_reg(struct vcpu *vcpu, uint64_t id, uint64_t *value);
int vcpu_set_reg(struct vcpu *vcpu, uint64_t id, uint64_t value);
/* The same without a message, for registers an older KVM may not have. */
int vcpu_get_reg_quiet(struct vcpu *vcpu, uint64_t id, uint64_t *value);
/* Leave the vCPU stopped until the guest starts it (SBI HSM hart_start). */
int vcpu_stop(struct vcpu *vcpu);
/* Every vCPU starts at @pc with a0 = its hart id and a1 = @a1. */
int vm_set_entry(struct vm *vm, uint64_t pc, uint64_t a1);
/*
 * Run every vCPU on a thread of its own until one of them resets the
 * guest, one fails, or @seconds have passed; @counts sums them all.
 */
int vm_run(struct vm *vm, double seconds, struct vm_exit_counts *counts);
void vm_destroy(struct vm *vm);

#endif
