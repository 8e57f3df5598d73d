/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A flattened device tree (DTB, version 17) written node by node, for the
 * Linux guests the VMM boots.  Errors (out of room, unbalanced nodes) are
 * remembered and reported once, by fdt_finish().
 */
#ifndef VMM_FDT_H
#define VMM_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAX_STRUCT 16384
#define FDT_MAX_STRINGS 2048

struct fdt {
	uint8_t structure[FDT_MAX_STRUCT];
	size_t struct_len;
	char strings[FDT_MAX_STRINGS];
	size_t strings_len;
	int depth;
	const char *error;	/* the first thing that went wrong */
};

void fdt_init(struct fdt *fdt);
void fdt_begin_node(struct fdt *fdt, const char *name);
void fdt_end_node(struct fdt *fdt);
void fdt_prop(struct fdt *fdt, const char *name, const void *value, size_t len);
void fdt_prop_string(struct fdt *fdt, const char *name, const char *value);
void fdt_prop_u32(struct fdt *fdt, const char *name, uint32_t value);
void fdt_prop_u64(struct fdt *fdt, const char *name, uint64_t value);
/* A "reg"-like property of 64-bit address/size pairs (#address-cells = 2). */
void fdt_prop_u64_pair(struct fdt *fdt, const char *name, uint64_t a, uint64_t b);
/* A property with no value, like "interrupt-controller". */
void fdt_prop_empty(struct fdt *fdt, const char *name);

/*
 * Write the blob to @out (at most @size bytes).  Returns its size, or -1
 * with a message if the tree could not be built or does not fit.
 */
long fdt_finish(struct fdt *fdt, void *out, size_t size);

#endif
