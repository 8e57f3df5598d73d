// SPDX-License-Identifier: GPL-2.0
/*
 * vmm: run a bare-metal RISC-V payload in a KVM guest for a while.
 *
 *   vmm [--seconds S] [--mem-mb N] [--vcpus N] GUEST.elf
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_image.h"
#include "vm.h"

#define DEFAULT_SECONDS 3.0
#define MAX_SECONDS 3600.0
#define DEFAULT_MEM_MB 16
#define MAX_MEM_MB 2048

struct options {
	double seconds;
	unsigned long mem_mb;
	unsigned int vcpus;
	const char *image;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: vmm [--seconds S] [--mem-mb N] [--vcpus N] GUEST.elf\n"
		   "  --seconds S  stop the guest after S seconds (default %.0f, at most %.0f)\n"
		   "  --mem-mb N   guest RAM in MiB at 0x80000000 (default %d, at most %d)\n"
		   "  --vcpus N    vCPUs, one thread each, all starting at the entry with\n"
		   "               a0 = hart id (default 1, at most %d)\n",
		DEFAULT_SECONDS, MAX_SECONDS, DEFAULT_MEM_MB, MAX_MEM_MB, VM_MAX_VCPUS);
}

static int parse_number(const char *opt, const char *arg, double min, double max,
			double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (errno || end == arg || *end || !(*out >= min && *out <= max)) {
		fprintf(stderr, "vmm: %s wants a number from %g to %g, not '%s'\n",
			opt, min, max, arg);
		return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "mem-mb", required_argument, NULL, 'm' },
		{ "vcpus", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	double v;
	int c;

	*o = (struct options){
		.seconds = DEFAULT_SECONDS, .mem_mb = DEFAULT_MEM_MB, .vcpus = 1,
	};
	opterr = 0;	/* Say it ourselves, in the "vmm: " form. */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_number("--seconds", optarg, 0.001, MAX_SECONDS, &o->seconds))
				return -1;
			break;
		case 'm':
			if (parse_number("--mem-mb", optarg, 1, MAX_MEM_MB, &v) || v != (unsigned long)v) {
				fprintf(stderr, "vmm: --mem-mb wants a whole number\n");
				return -1;
			}
			o->mem_mb = (unsigned long)v;
			break;
		case 'c':
			if (parse_number("--vcpus", optarg, 1, VM_MAX_VCPUS, &v) ||
			    v != (unsigned int)v) {
				fprintf(stderr, "vmm: --vcpus wants a whole number\n");
				return -1;
			}
			o->vcpus = (unsigned int)v;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "vmm: unknown option or missing value: %s\n",
				argv[optind - 1]);
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "vmm: want exactly one guest image\n");
		usage(stderr);
		return -1;
	}
	o->image = argv[optind];
	return 0;
}

int main(int argc, char **argv)
{
	struct vm_exit_counts counts;
	struct options o;
	uint64_t entry;
	struct vm vm;
	int rc;

	if (parse_options(argc, argv, &o))
		return 2;
	rc = vm_create(&vm, o.mem_mb << 20, o.vcpus);
	if (!rc)
		rc = guest_image_load(o.image, vm.ram, GUEST_RAM_BASE, vm.ram_size, &entry);
	if (!rc)
		rc = vm_set_entry(&vm, entry);
	if (!rc)
		rc = vm_run(&vm, o.seconds, &counts);
	vm_destroy(&vm);
	if (rc)
		return 1;
	fflush(stdout);
	fprintf(stderr, "vmm: %s ran for %.1f s on %u vCPU(s): %lu MMIO exits, %lu SBI exits to the VMM\n",
		o.image, counts.seconds, o.vcpus, counts.mmio, counts.sbi);
	return 0;
}
