// SPDX-License-Identifier: GPL-2.0
/* Loop on an SBI call that KVM handles in the host kernel, forever. */
#include "payload.h"

__attribute__((noinline)) void guest_sbi_loop(void)
{
	for (;;)
		sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0);
}

void guest_main(void)
{
	guest_sbi_loop();
}

void guest_trap(void)
{
	guest_fault();
}
