/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_LINUX_BOOT_H
#define VMM_LINUX_BOOT_H

#include "vm.h"

struct linux_boot {
	const char *kernel;	/* a RISC-V Linux "Image" */
	const char *initrd;	/* or NULL */
	const char *bootargs;	/* or NULL */
};

/*
 * Put the kernel, the initrd and a device tree in @vm's RAM and set the
 * vCPUs up the way Linux boots: the first at the kernel's entry with a0 =
 * 0 and a1 = the device tree, the others stopped until the guest starts
 * them.  0, or -1 with a message.
 */
int linux_boot_prepare(struct vm *vm, const struct linux_boot *lb);

#endif
