// SPDX-License-Identifier: GPL-2.0
/*
 * vmm: run a bare-metal RISC-V payload, or boot a Linux kernel, in a KVM
 * guest for a while.
 *
 *   vmm [--seconds S] [--mem-mb N] [--vcpus N] [SAMPLING] GUEST.elf
 *   vmm [--seconds S] [--mem-mb N] [--vcpus N] [SAMPLING] --kernel Image
 *       [--initrd FILE] [--append CMDLINE]
 *
 * SAMPLING, the userspace baseline for guest call chains (chain_sampler.h):
 *   [--walk-hz HZ [--walk-out FILE]] [--count-host-insns]
 */
#include <errno.h>
#include <linux/kvm.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_image.h"
#include "../common/number.h"
#include "linux_boot.h"
#include "vm.h"

#define DEFAULT_SECONDS 3.0
#define MAX_SECONDS 3600.0
#define DEFAULT_MEM_MB 16
#define DEFAULT_LINUX_MEM_MB 256
#define MAX_MEM_MB 2048
#define MAX_WALK_HZ 10000

struct options {
	double seconds;
	unsigned long mem_mb;
	unsigned int vcpus;
	const char *image;
	struct linux_boot boot;	/* .kernel set: boot Linux */
	unsigned int walk_hz;	/* 0: no userspace chain sampling */
	const char *walk_out;	/* where the chains go, or NULL */
	int count_insns;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: vmm [OPTIONS] GUEST.elf            a bare-metal payload\n"
		   "       vmm [OPTIONS] --kernel Image [--initrd FILE] [--append CMDLINE]\n"
		   "  --seconds S       stop the guest after S seconds (default %.0f, at most %.0f)\n"
		   "  --mem-mb N        guest RAM in MiB at 0x80000000 (default %d, %d for\n"
		   "                    Linux, at most %d)\n"
		   "  --vcpus N         vCPUs, one thread each (default 1, at most %d); a\n"
		   "                    payload starts on all with a0 = hart id, Linux on the\n"
		   "                    first, which starts the others\n"
		   "  --kernel Image    boot this RISC-V Linux kernel Image\n"
		   "  --initrd FILE     with this initramfs\n"
		   "  --append CMDLINE  and this command line\n"
		   "  --walk-hz HZ      interrupt each vCPU HZ times a second (at most %d)\n"
		   "                    and walk its guest's stack from here\n"
		   "  --walk-out FILE   write each chain there: vCPU, mode, PC, return\n"
		   "                    addresses (hex)\n"
		   "  --count-host-insns  count each vCPU thread's host instructions\n",
		DEFAULT_SECONDS, MAX_SECONDS, DEFAULT_MEM_MB, DEFAULT_LINUX_MEM_MB, MAX_MEM_MB,
		VM_MAX_VCPUS, MAX_WALK_HZ);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "mem-mb", required_argument, NULL, 'm' },
		{ "vcpus", required_argument, NULL, 'c' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "append", required_argument, NULL, 'a' },
		{ "walk-hz", required_argument, NULL, 'w' },
		{ "walk-out", required_argument, NULL, 'o' },
		{ "count-host-insns", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned int n;
	int c;

	*o = (struct options){ .seconds = DEFAULT_SECONDS, .vcpus = 1 };
	opterr = 0;	/* Say it ourselves, in the "vmm: " form. */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_number("vmm", "--seconds", optarg, 0.001, MAX_SECONDS, &o->seconds))
				return -1;
			break;
		case 'm':
			if (parse_count("vmm", "--mem-mb", optarg, 1, MAX_MEM_MB, &n))
				return -1;
			o->mem_mb = n;
			break;
		case 'c':
			if (parse_count("vmm", "--vcpus", optarg, 1, VM_MAX_VCPUS, &o->vcpus))
				return -1;
			break;
		case 'k':
			o->boot.kernel = optarg;
			break;
		case 'i':
			o->boot.initrd = optarg;
			break;
		case 'a':
			o->boot.bootargs = optarg;
			break;
		case 'w':
			if (parse_count("vmm", "--walk-hz", optarg, 1, MAX_WALK_HZ, &o->walk_hz))
				return -1;
			break;
		case 'o':
			o->walk_out = optarg;
			break;
		case 'n':
			o->count_insns = 1;
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
	if (o->boot.kernel) {
		if (optind != argc) {
			fprintf(stderr, "vmm: --kernel boots Linux: no guest image wanted ('%s')\n",
				argv[optind]);
			return -1;
		}
		o->image = o->boot.kernel;
	} else if (o->boot.initrd || o->boot.bootargs) {
		fprintf(stderr, "vmm: --initrd and --append are for --kernel\n");
		return -1;
	} else if (optind != argc - 1) {
		fprintf(stderr, "vmm: want exactly one guest image\n");
		usage(stderr);
		return -1;
	} else {
		o->image = argv[optind];
	}
	if (o->walk_out && !o->walk_hz) {
		fprintf(stderr, "vmm: --walk-out is for --walk-hz\n");
		return -1;
	}
	if (!o->mem_mb)
		o->mem_mb = o->boot.kernel ? DEFAULT_LINUX_MEM_MB : DEFAULT_MEM_MB;
	return 0;
}

/* Each vCPU's sampler, all writing to one file of chains. */
static int setup_sampling(struct vm *vm, const struct options *o, FILE **out)
{
	unsigned int i;

	*out = NULL;
	if (o->walk_out) {
		*out = fopen(o->walk_out, "w");
		if (!*out) {
			fprintf(stderr, "vmm: --walk-out %s: %s\n", o->walk_out, strerror(errno));
			return -1;
		}
	}
	for (i = 0; i < vm->nr_vcpus; i++) {
		vm->vcpus[i].sampler.hz = o->walk_hz;
		vm->vcpus[i].sampler.count_insns = o->count_insns;
		vm->vcpus[i].sampler.out = *out;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vm_exit_counts counts;
	FILE *walk_out = NULL;
	struct options o;
	unsigned int i;
	uint64_t entry;
	struct vm vm;
	int rc;

	if (parse_options(argc, argv, &o))
		return 2;
	rc = vm_create(&vm, o.mem_mb << 20, o.vcpus);
	if (!rc)
		rc = setup_sampling(&vm, &o, &walk_out);
	if (!rc && o.boot.kernel) {
		rc = linux_boot_prepare(&vm, &o.boot);
	} else if (!rc) {
		rc = guest_image_load(o.image, vm.ram, GUEST_RAM_BASE, vm.ram_size, &entry);
		if (!rc)
			rc = vm_set_entry(&vm, entry, 0);
	}
	if (!rc)
		rc = vm_run(&vm, o.seconds, &counts);
	if (!rc)
		for (i = 0; i < vm.nr_vcpus; i++)
			chain_sampler_report(&vm.vcpus[i]);
	vm_destroy(&vm);
	if (walk_out && fclose(walk_out) && !rc) {
		fprintf(stderr, "vmm: --walk-out %s: %s\n", o.walk_out, strerror(errno));
		rc = -1;
	}
	if (rc)
		return 1;
	fflush(stdout);
	fprintf(stderr, "vmm: %s ran for %.1f s on %u vCPU(s): %lu MMIO exits, %lu SBI exits to the VMM%s\n",
		o.image, counts.seconds, o.vcpus, counts.mmio, counts.sbi,
		vm.system_event == KVM_SYSTEM_EVENT_SHUTDOWN ? "; the guest powered off" :
		vm.system_event == KVM_SYSTEM_EVENT_RESET ? "; the guest reset" : "");
	return 0;
}
