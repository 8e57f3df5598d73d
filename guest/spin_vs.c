// SPDX-License-Identifier: GPL-2.0
/* Spin in VS mode (guest kernel) in guest_vs_spin(), forever. */
#include "payload.h"

__attribute__((noinline)) void guest_vs_spin(void)
{
	for (;;)
		SPIN_BODY();
}

void guest_main(void)
{
	guest_vs_spin();
}

void guest_trap(void)
{
	guest_fault();
}
