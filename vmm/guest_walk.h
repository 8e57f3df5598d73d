/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's call chain walked from user space: what a VMM can do itself
 * with a stopped vCPU's registers and its own mapping of guest RAM, the
 * baseline the in-kernel walk (kernel/6.12 0011) is measured against.
 */
#ifndef VMM_GUEST_WALK_H
#define VMM_GUEST_WALK_H

#include <stdbool.h>
#include <stdint.h>

/* What the walk needs of a stopped vCPU (KVM_GET_ONE_REG). */
struct guest_walk_regs {
	uint64_t pc;
	uint64_t ra;
	uint64_t s0;		/* the frame pointer */
	uint64_t satp;		/* the guest's satp (vsatp) */
	uint64_t sstatus;	/* the guest's sstatus (vsstatus) */
	bool user;		/* the vCPU was in VU mode */
};

/* Guest RAM as the VMM maps it: guest-physical [base, base + size) at @ram. */
struct guest_ram {
	const unsigned char *ram;
	uint64_t base;
	uint64_t size;
};

/*
 * Store the guest's PC, then the return address of each frame record,
 * innermost first, in @chain; at most @max entries.  Follows the same
 * rules as the in-kernel walk: the guest's own translation and permission
 * checks, frames that move up the stack and are 16-byte aligned, a leaf
 * function's return address in ra.  Returns the number stored.
 */
int guest_walk_chain(const struct guest_ram *mem, const struct guest_walk_regs *regs,
		     uint64_t *chain, int max);

#endif
