/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM's test device, shared by vmm/ and the payloads: each access exits
 * to the VMM (KVM_EXIT_MMIO).  Writing scause to VMM_MMIO_FAULT makes the
 * VMM fail with a message.
 */
#ifndef GUEST_VMM_DEVICE_H
#define GUEST_VMM_DEVICE_H

#define VMM_MMIO_DEVICE 0x10000000UL
#define VMM_MMIO_TICK (VMM_MMIO_DEVICE + 0x0)
#define VMM_MMIO_FAULT (VMM_MMIO_DEVICE + 0x8)

/*
 * Every vCPU runs the payload from its entry with a0 = its hart id, on
 * stacks of its own: guest.ld reserves a kernel and a user stack of
 * 16 KiB each for at most VMM_MAX_HARTS harts.
 */
#define VMM_MAX_HARTS 16

#endif
