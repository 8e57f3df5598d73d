// SPDX-License-Identifier: GPL-2.0
/* A flattened device tree writer (Devicetree Specification, chapter 5). */
#include <stdio.h>
#include <string.h>

#include "fdt.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_VERSION 17
#define FDT_LAST_COMPATIBLE_VERSION 16
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_END 9
#define FDT_HEADER_SIZE 40
#define FDT_RSVMAP_SIZE 16	/* one empty entry ends the list */

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void fail(struct fdt *fdt, const char *why)
{
	if (!fdt->error)
		fdt->error = why;
}

/* Append @len bytes (NULL: zeros), padded with zeros to 4 bytes. */
static void emit(struct fdt *fdt, const void *data, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	if (fdt->error)
		return;
	if (padded > FDT_MAX_STRUCT - fdt->struct_len) {
		fail(fdt, "the device tree is too big");
		return;
	}
	memset(fdt->structure + fdt->struct_len, 0, padded);
	if (data)
		memcpy(fdt->structure + fdt->struct_len, data, len);
	fdt->struct_len += padded;
}

static void emit_u32(struct fdt *fdt, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	emit(fdt, b, sizeof(b));
}

/* The offset of @name in the strings block, added if it is new. */
static uint32_t string_offset(struct fdt *fdt, const char *name)
{
	size_t off = 0, len = strlen(name) + 1;

	while (off < fdt->strings_len) {
		if (!strcmp(fdt->strings + off, name))
			return off;
		off += strlen(fdt->strings + off) + 1;
	}
	if (len > FDT_MAX_STRINGS - fdt->strings_len) {
		fail(fdt, "the device tree's property names do not fit");
		return 0;
	}
	memcpy(fdt->strings + fdt->strings_len, name, len);
	fdt->strings_len += len;
	return off;
}

void fdt_init(struct fdt *fdt)
{
	memset(fdt, 0, sizeof(*fdt));
}

void fdt_begin_node(struct fdt *fdt, const char *name)
{
	emit_u32(fdt, FDT_BEGIN_NODE);
	emit(fdt, name, strlen(name) + 1);
	fdt->depth++;
}

void fdt_end_node(struct fdt *fdt)
{
	if (fdt->depth-- <= 0)
		fail(fdt, "a device tree node was closed twice");
	emit_u32(fdt, FDT_END_NODE);
}

void fdt_prop(struct fdt *fdt, const char *name, const void *value, size_t len)
{
	emit_u32(fdt, FDT_PROP);
	emit_u32(fdt, len);
	emit_u32(fdt, string_offset(fdt, name));
	emit(fdt, value, len);
}

void fdt_prop_string(struct fdt *fdt, const char *name, const char *value)
{
	fdt_prop(fdt, name, value, strlen(value) + 1);
}

void fdt_prop_u32(struct fdt *fdt, const char *name, uint32_t value)
{
	uint8_t b[4];

	put_be32(b, value);
	fdt_prop(fdt, name, b, sizeof(b));
}

void fdt_prop_u64(struct fdt *fdt, const char *name, uint64_t value)
{
	uint8_t b[8];

	put_be32(b, value >> 32);
	put_be32(b + 4, value);
	fdt_prop(fdt, name, b, sizeof(b));
}

void fdt_prop_u64_pair(struct fdt *fdt, const char *name, uint64_t a, uint64_t b)
{
	uint8_t v[16];

	put_be32(v, a >> 32);
	put_be32(v + 4, a);
	put_be32(v + 8, b >> 32);
	put_be32(v + 12, b);
	fdt_prop(fdt, name, v, sizeof(v));
}

void fdt_prop_empty(struct fdt *fdt, const char *name)
{
	fdt_prop(fdt, name, NULL, 0);
}

long fdt_finish(struct fdt *fdt, void *out, size_t size)
{
	size_t off_struct, off_strings, total;
	uint8_t *p = out;

	if (fdt->depth)
		fail(fdt, "a device tree node was left open");
	emit_u32(fdt, FDT_END);
	if (fdt->error) {
		fprintf(stderr, "vmm: %s\n", fdt->error);
		return -1;
	}
	off_struct = FDT_HEADER_SIZE + FDT_RSVMAP_SIZE;
	off_strings = off_struct + fdt->struct_len;
	total = off_strings + fdt->strings_len;
	if (total > size) {
		fprintf(stderr, "vmm: the device tree (%zu bytes) does not fit in %zu\n", total,
			size);
		return -1;
	}
	memset(p, 0, off_struct);
	put_be32(p, FDT_MAGIC);
	put_be32(p + 4, total);
	put_be32(p + 8, off_struct);
	put_be32(p + 12, off_strings);
	put_be32(p + 16, FDT_HEADER_SIZE);	/* the memory reservation map */
	put_be32(p + 20, FDT_VERSION);
	put_be32(p + 24, FDT_LAST_COMPATIBLE_VERSION);
	put_be32(p + 28, 0);			/* boot CPU */
	put_be32(p + 32, fdt->strings_len);
	put_be32(p + 36, fdt->struct_len);
	memcpy(p + off_struct, fdt->structure, fdt->struct_len);
	memcpy(p + off_strings, fdt->strings, fdt->strings_len);
	return total;
}
