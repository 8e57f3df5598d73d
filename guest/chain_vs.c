// SPDX-License-Identifier: GPL-2.0
/*
 * Spin in VS mode five frames deep, built with frame pointers: a guest
 * call chain known in advance, guest_chain_spin() <- guest_chain_3() <-
 * guest_chain_2() <- guest_chain_1() <- guest_main() <- _start, for
 * comparing the host's walks of it (bench/chain-walks.sh).
 */
#include "payload.h"

/* Never set: the loops must not look endless, or GCC drops the returns. */
static volatile int stop;

/* A leaf: GCC saves its frame pointer but leaves the return address in ra. */
__attribute__((noinline)) void guest_chain_spin(void)
{
	while (!stop)
		SPIN_BODY();
}

/* SPIN_BODY() after each call keeps it a call, not a tail jump. */
__attribute__((noinline)) void guest_chain_3(void)
{
	guest_chain_spin();
	SPIN_BODY();
}

__attribute__((noinline)) void guest_chain_2(void)
{
	guest_chain_3();
	SPIN_BODY();
}

__attribute__((noinline)) void guest_chain_1(void)
{
	guest_chain_2();
	SPIN_BODY();
}

void guest_main(void)
{
	guest_chain_1();
	SPIN_BODY();
}

void guest_trap(void)
{
	guest_fault();
}
