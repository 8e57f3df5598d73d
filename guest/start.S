/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of every bare-metal payload, in VS mode with the MMU off: set up
 * the stack and the trap vector, then run guest_main(), which never
 * returns.  A trap from VU mode (an ecall) lands in guest_trap(), again on
 * a fresh kernel stack: the payloads keep no state across user entries.
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	lla	sp, kernel_stack_top
	lla	t0, trap_entry
	csrw	stvec, t0
	call	guest_main
1:	j	1b

	.balign 4
trap_entry:
	lla	sp, kernel_stack_top
	call	guest_trap
2:	j	2b
