/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_GUEST_DT_H
#define VMM_GUEST_DT_H

#include <stddef.h>
#include <stdint.h>

#include "vm.h"

struct guest_dt_info {
	const char *bootargs;
	uint64_t initrd_start;	/* guest physical; both 0 without an initrd */
	uint64_t initrd_end;
};

/*
 * Write the device tree of @vm (its RAM; its vCPUs with the ISA, MMU and
 * timer frequency KVM gives them; chosen bootargs and initrd) to @out.
 * Returns its size, or -1 with a message.
 */
long guest_dt_write(struct vm *vm, const struct guest_dt_info *info, void *out, size_t size);

#endif
