// SPDX-License-Identifier: GPL-2.0
/* The device tree a Linux guest boots with, from what KVM says of the vCPUs. */
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>

#include "fdt.h"
#include "guest_dt.h"

/*
 * Register ids of Linux 6.12's riscv KVM ABI that the cross toolchain's
 * older <asm/kvm.h> lacks.
 */
#define CONFIG_REG(index) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CONFIG | (index))
#define CONFIG_REG_ISA 0
#define CONFIG_REG_SATP_MODE 6
#define TIMER_REG_FREQUENCY (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_TIMER | 0)
#define ISA_EXT_REG(ext) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_ISA_EXT | (ext))

#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#define SATP_MODE_SV57 10

static const char *mmu_type(uint64_t satp_mode)
{
	switch (satp_mode) {
	case SATP_MODE_SV39:
		return "riscv,sv39";
	case SATP_MODE_SV48:
		return "riscv,sv48";
	case SATP_MODE_SV57:
		return "riscv,sv57";
	}
	return NULL;
}

/* "rv64" + the single-letter extensions KVM gives the vCPU (+ "_sstc"). */
static int isa_string(struct vcpu *vcpu, char *out, size_t size)
{
	static const char order[] = "imafdqcbkjpvh";	/* canonical order */
	uint64_t isa, sstc = 0;
	size_t n = 0;

	if (vcpu_get_reg(vcpu, CONFIG_REG(CONFIG_REG_ISA), &isa))
		return -1;
	/* Not every KVM knows Sstc: without it the guest uses SBI timers. */
	vcpu_get_reg_quiet(vcpu, ISA_EXT_REG(KVM_RISCV_ISA_EXT_SSTC), &sstc);
	n = snprintf(out, size, "rv64");
	for (const char *c = order; *c && n + 1 < size; c++)
		if (isa & (1ULL << (*c - 'a')))
			out[n++] = *c;
	out[n] = '\0';
	if (sstc)
		strncat(out, "_sstc", size - n - 1);
	return 0;
}

long guest_dt_write(struct vm *vm, const struct guest_dt_info *info, void *out, size_t size)
{
	static struct fdt fdt;	/* 18 KiB: not on a thread's stack */
	uint64_t satp_mode, timebase;
	char isa[64], name[32];
	const char *mmu;
	unsigned int i;

	if (isa_string(&vm->vcpus[0], isa, sizeof(isa)) ||
	    vcpu_get_reg(&vm->vcpus[0], CONFIG_REG(CONFIG_REG_SATP_MODE), &satp_mode) ||
	    vcpu_get_reg(&vm->vcpus[0], TIMER_REG_FREQUENCY, &timebase))
		return -1;
	mmu = mmu_type(satp_mode);
	if (!mmu) {
		fprintf(stderr, "vmm: KVM gives the vCPUs satp mode %llu, which this VMM does not know\n",
			(unsigned long long)satp_mode);
		return -1;
	}

	fdt_init(&fdt);
	fdt_begin_node(&fdt, "");
	fdt_prop_u32(&fdt, "#address-cells", 2);
	fdt_prop_u32(&fdt, "#size-cells", 2);
	fdt_prop_string(&fdt, "compatible", "rv-kvm-perf,vmm");
	fdt_prop_string(&fdt, "model", "rv-kvm-perf tiny VMM");

	fdt_begin_node(&fdt, "chosen");
	fdt_prop_string(&fdt, "bootargs", info->bootargs ? info->bootargs : "");
	if (info->initrd_end) {
		fdt_prop_u64(&fdt, "linux,initrd-start", info->initrd_start);
		fdt_prop_u64(&fdt, "linux,initrd-end", info->initrd_end);
	}
	fdt_end_node(&fdt);

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)GUEST_RAM_BASE);
	fdt_begin_node(&fdt, name);
	fdt_prop_string(&fdt, "device_type", "memory");
	fdt_prop_u64_pair(&fdt, "reg", GUEST_RAM_BASE, vm->ram_size);
	fdt_end_node(&fdt);

	fdt_begin_node(&fdt, "cpus");
	fdt_prop_u32(&fdt, "#address-cells", 1);
	fdt_prop_u32(&fdt, "#size-cells", 0);
	fdt_prop_u32(&fdt, "timebase-frequency", (uint32_t)timebase);
	for (i = 0; i < vm->nr_vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		fdt_begin_node(&fdt, name);
		fdt_prop_string(&fdt, "device_type", "cpu");
		fdt_prop_u32(&fdt, "reg", i);
		fdt_prop_string(&fdt, "status", "okay");
		fdt_prop_string(&fdt, "compatible", "riscv");
		fdt_prop_string(&fdt, "riscv,isa", isa);
		fdt_prop_string(&fdt, "mmu-type", mmu);
		fdt_begin_node(&fdt, "interrupt-controller");
		fdt_prop_u32(&fdt, "#interrupt-cells", 1);
		fdt_prop_empty(&fdt, "interrupt-controller");
		fdt_prop_string(&fdt, "compatible", "riscv,cpu-intc");
		fdt_end_node(&fdt);
		fdt_end_node(&fdt);
	}
	fdt_end_node(&fdt);
	fdt_end_node(&fdt);
	return fdt_finish(&fdt, out, size);
}
