/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the bare-metal guest payloads. */
#ifndef GUEST_PAYLOAD_H
#define GUEST_PAYLOAD_H

#include "vmm_device.h"

#define SCAUSE_ECALL_FROM_U 8

#define SBI_EXT_BASE 0x10
#define SBI_BASE_GET_SPEC_VERSION 0

#define SSTATUS_SPP (1UL << 8)

/* Keep the compiler from folding a busy loop away. */
#define SPIN_BODY() __asm__ __volatile__("" ::: "memory")

static inline long sbi_call(long ext, long fid, long arg0)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = 0;
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a6), "r"(a7)
			     : "memory");
	return a1;
}

static inline void mmio_write(unsigned long addr, unsigned int val)
{
	*(volatile unsigned int *)addr = val;
}

/*
 * Leave VS mode for @fn in VU mode, on this hart's user stack (right below
 * its kernel stack, whose top is in sscratch); does not return.
 */
static inline __attribute__((noreturn)) void enter_user(void (*fn)(void))
{
	unsigned long sstatus, user_stack_top;

	__asm__ __volatile__("csrr %0, sscratch" : "=r"(user_stack_top));
	user_stack_top -= 0x4000;
	__asm__ __volatile__("csrr %0, sstatus" : "=r"(sstatus));
	sstatus &= ~SSTATUS_SPP;
	__asm__ __volatile__("csrw sstatus, %0\n\t"
			     "csrw sepc, %1\n\t"
			     "mv sp, %2\n\t"
			     "sret"
			     :
			     : "r"(sstatus), "r"(fn), "r"(user_stack_top)
			     : "memory");
	__builtin_unreachable();
}

static inline unsigned long read_scause(void)
{
	unsigned long v;

	__asm__ __volatile__("csrr %0, scause" : "=r"(v));
	return v;
}

/* Tell the VMM the guest took a trap it did not expect; does not return. */
static inline __attribute__((noreturn)) void guest_fault(void)
{
	for (;;)
		mmio_write(VMM_MMIO_FAULT, read_scause());
}

void guest_main(void);
void guest_trap(void);

#endif
