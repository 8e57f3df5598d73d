/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_GUEST_IMAGE_H
#define VMM_GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Load the RISC-V ELF64 executable at @path into guest RAM (@ram, @ram_size
 * bytes at guest physical @ram_base).  On success stores the entry point
 * and returns 0; otherwise prints why and returns -1.
 */
int guest_image_load(const char *path, void *ram, uint64_t ram_base,
		     size_t ram_size, uint64_t *entry);

#endif
