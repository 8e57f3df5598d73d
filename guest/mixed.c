// SPDX-License-Identifier: GPL-2.0
/*
 * The demo workload: a guest "kernel" and "user" taking turns, forever.
 * Each round, VS mode computes in guest_kernel_work(), asks the host for
 * SBI calls and touches the VMM's device, then drops to VU mode, which
 * computes in guest_user_work() and comes back with an ecall.
 */
#include "payload.h"

#define KERNEL_ITERS 400000
#define USER_ITERS 300000
#define SBI_CALLS 5

__attribute__((noinline)) void guest_kernel_work(void)
{
	for (unsigned int i = 0; i < KERNEL_ITERS; i++)
		SPIN_BODY();
}

__attribute__((noinline)) void guest_user_work(void)
{
	for (unsigned int i = 0; i < USER_ITERS; i++)
		SPIN_BODY();
	__asm__ __volatile__("ecall" ::: "memory");
	for (;;)
		SPIN_BODY();
}

static __attribute__((noreturn)) void kernel_round(void)
{
	static unsigned int round;

	guest_kernel_work();
	for (unsigned int i = 0; i < SBI_CALLS; i++)
		sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0);
	mmio_write(VMM_MMIO_TICK, round++);
	enter_user(guest_user_work);
}

void guest_main(void)
{
	kernel_round();
}

void guest_trap(void)
{
	if (read_scause() != SCAUSE_ECALL_FROM_U)
		guest_fault();
	kernel_round();
}
