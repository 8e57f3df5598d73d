/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <stddef.h>
#include <stdint.h>

/* Guest RAM starts where QEMU's virt machine and OpenSBI put it. */
#define GUEST_RAM_BASE 0x80000000ULL

struct vm {
	int kvm_fd;
	int vm_fd;
	int vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	void *ram;
	size_t ram_size;
};

struct vm_exit_counts {
	double seconds;		/* how long the guest ran */
	unsigned long mmio;
	unsigned long sbi;
};

/* Each returns 0, or prints why and returns -1. */
int vm_create(struct vm *vm, size_t ram_size);
int vm_set_entry(struct vm *vm, uint64_t pc);
/* Run the vCPU until the guest resets or @seconds have passed. */
int vm_run(struct vm *vm, double seconds, struct vm_exit_counts *counts);
void vm_destroy(struct vm *vm);

#endif
