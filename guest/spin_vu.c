// SPDX-License-Identifier: GPL-2.0
/* Spin in VU mode (guest user) in guest_vu_spin(), forever. */
#include "payload.h"

__attribute__((noinline)) void guest_vu_spin(void)
{
	for (;;)
		SPIN_BODY();
}

void guest_main(void)
{
	enter_user(guest_vu_spin);
}

void guest_trap(void)
{
	guest_fault();
}
