// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of vmm/fdt.c on the build machine: write a small device tree,
 * check the header fields, and leave the blob for tests/unit/fdt.sh to
 * decode with dtc (an independent reader).  Also: errors are caught.
 *
 *   test_fdt OUT.dtb
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../vmm/fdt.h"
#include "check.h"

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void build(struct fdt *fdt)
{
	fdt_init(fdt);
	fdt_begin_node(fdt, "");
	fdt_prop_u32(fdt, "#address-cells", 2);
	fdt_prop_u32(fdt, "#size-cells", 2);
	fdt_prop_string(fdt, "compatible", "rv-kvm-perf,test");
	fdt_begin_node(fdt, "chosen");
	fdt_prop_string(fdt, "bootargs", "console=hvc0 -- 6 60");
	fdt_prop_u64(fdt, "linux,initrd-start", 0x8fe00000ULL);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "memory@80000000");
	fdt_prop_string(fdt, "device_type", "memory");
	fdt_prop_u64_pair(fdt, "reg", 0x80000000ULL, 0x10000000ULL);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "intc");
	fdt_prop_empty(fdt, "interrupt-controller");
	fdt_end_node(fdt);
	fdt_end_node(fdt);
}

int main(int argc, char **argv)
{
	static struct fdt fdt;
	static uint8_t blob[4096];
	long size;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: test_fdt OUT.dtb\n");
		return 2;
	}
	build(&fdt);
	size = fdt_finish(&fdt, blob, sizeof(blob));
	check(size > 40, "fdt_finish writes a blob");
	check(be32(blob) == 0xd00dfeed, "magic");
	check(be32(blob + 4) == (uint32_t)size, "totalsize is the blob's size");
	check(be32(blob + 20) == 17 && be32(blob + 24) == 16, "version 17, compatible with 16");
	check(be32(blob + 8) + be32(blob + 36) == be32(blob + 12),
	      "the strings block follows the structure block");
	check(fdt_finish(&fdt, blob, 8) < 0, "a blob that does not fit is an error");

	fdt_init(&fdt);
	fdt_begin_node(&fdt, "");
	check(fdt_finish(&fdt, blob, sizeof(blob)) < 0, "an unclosed node is an error");
	fdt_init(&fdt);
	fdt_end_node(&fdt);
	check(fdt_finish(&fdt, blob, sizeof(blob)) < 0, "closing a node never opened is an error");

	build(&fdt);
	size = fdt_finish(&fdt, blob, sizeof(blob));
	f = fopen(argv[1], "wb");
	if (!f || fwrite(blob, 1, size, f) != (size_t)size || fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	return checks_done();
}
