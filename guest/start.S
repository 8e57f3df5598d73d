/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of every bare-metal payload, in VS mode with the MMU off, on each
 * hart with a0 = hart id: set up this hart's stack and the trap vector,
 * then run guest_main(), which never returns.  A trap from VU mode (an
 * ecall) lands in guest_trap(), again on a fresh kernel stack (its top is
 * kept in sscratch): the payloads keep no state across user entries.
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	addi	t0, a0, 1
	slli	t0, t0, 15		/* 32 KiB of stacks per hart */
	lla	sp, hart_stacks
	add	sp, sp, t0		/* the top of this hart's kernel stack */
	csrw	sscratch, sp
	lla	t0, trap_entry
	csrw	stvec, t0
	call	guest_main
1:	j	1b

	.balign 4
trap_entry:
	csrr	sp, sscratch
	call	guest_trap
2:	j	2b
