// SPDX-License-Identifier: GPL-2.0
/* Loop on a store to the VMM's test device: every one exits to the VMM. */
#include "payload.h"

__attribute__((noinline)) void guest_mmio_loop(void)
{
	for (unsigned int i = 0;; i++)
		mmio_write(VMM_MMIO_TICK, i);
}

void guest_main(void)
{
	guest_mmio_loop();
}

void guest_trap(void)
{
	guest_fault();
}
