// SPDX-License-Identifier: GPL-2.0
/*
 * Boot a Linux kernel Image (Documentation/arch/riscv/boot-image-header.rst
 * and boot.rst): the Image at RAM + text_offset, the device tree and the
 * initrd at the top of RAM.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest_dt.h"
#include "linux_boot.h"

#define IMAGE_HEADER_SIZE 64
#define IMAGE_MAGIC2 "RSC\x05"		/* at offset 56 */
#define DT_SPACE (64 << 10)
#define DT_ALIGN (2 << 20)		/* the device tree's own 2 MiB at the top */
#define INITRD_ALIGN 4096

/* Register ids of Linux 6.12's KVM ABI, missing from older headers. */
#define KVM_REG_RISCV_SBI_EXT_TYPE (0x08 << KVM_REG_RISCV_TYPE_SHIFT)
#define SBI_EXT_REG(ext) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_SBI_EXT_TYPE | (ext))
#define KVM_SBI_EXT_DBCN 9

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Read all of @path (what: "kernel", "initrd") into @dest, at most @max bytes. */
static long read_whole(const char *what, const char *path, void *dest, size_t max)
{
	struct stat st;
	size_t done = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "vmm: %s %s: %s\n", what, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		fprintf(stderr, "vmm: %s %s: %s (%lld bytes; room for %zu)\n", what, path,
			S_ISREG(st.st_mode) ? "too big for guest RAM" : "not a file",
			(long long)st.st_size, max);
		close(fd);
		return -1;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, (char *)dest + done, st.st_size - done);

		if (n <= 0) {
			fprintf(stderr, "vmm: %s %s: %s\n", what, path,
				n ? strerror(errno) : "shorter than it said");
			close(fd);
			return -1;
		}
		done += n;
	}
	close(fd);
	return done;
}

static int check_image(const char *path, const uint8_t *hdr, long size, uint64_t *text_offset)
{
	if (size < IMAGE_HEADER_SIZE || memcmp(hdr + 56, IMAGE_MAGIC2, 4)) {
		fprintf(stderr, "vmm: kernel %s: not a RISC-V Linux Image (no \"RSC\\x05\" magic)\n",
			path);
		return -1;
	}
	*text_offset = get_le64(hdr + 8);
	return 0;
}

int linux_boot_prepare(struct vm *vm, const struct linux_boot *lb)
{
	uint8_t *ram = vm->ram;
	uint64_t text_offset, dt_off, initrd_off = 0, kernel_end;
	struct guest_dt_info info = { .bootargs = lb->bootargs };
	long kernel_size, initrd_size = 0, dt_size;
	unsigned int i;

	if (vm->ram_size < 2 * DT_ALIGN + (16 << 20)) {
		fprintf(stderr, "vmm: a Linux guest wants more RAM than %zu MiB\n",
			vm->ram_size >> 20);
		return -1;
	}
	dt_off = (vm->ram_size - DT_ALIGN) & ~(uint64_t)(DT_ALIGN - 1);

	/* The header says where the Image goes: read it there. */
	kernel_size = read_whole("kernel", lb->kernel, ram + DT_ALIGN, dt_off - DT_ALIGN);
	if (kernel_size < 0 || check_image(lb->kernel, ram + DT_ALIGN, kernel_size, &text_offset))
		return -1;
	if (text_offset != DT_ALIGN) {
		if (text_offset > dt_off || (uint64_t)kernel_size > dt_off - text_offset) {
			fprintf(stderr, "vmm: kernel %s: text_offset 0x%llx leaves no room\n",
				lb->kernel, (unsigned long long)text_offset);
			return -1;
		}
		memmove(ram + text_offset, ram + DT_ALIGN, kernel_size);
	}
	kernel_end = text_offset + get_le64(ram + text_offset + 16);	/* image_size */

	if (lb->initrd) {
		/* Below the device tree, as high as it fits. */
		initrd_size = read_whole("initrd", lb->initrd, ram + kernel_end,
					 dt_off - kernel_end);
		if (initrd_size < 0)
			return -1;
		initrd_off = (dt_off - initrd_size) & ~(uint64_t)(INITRD_ALIGN - 1);
		memmove(ram + initrd_off, ram + kernel_end, initrd_size);
		info.initrd_start = GUEST_RAM_BASE + initrd_off;
		info.initrd_end = info.initrd_start + initrd_size;
	}

	dt_size = guest_dt_write(vm, &info, ram + dt_off, DT_SPACE);
	if (dt_size < 0)
		return -1;

	for (i = 0; i < vm->nr_vcpus; i++) {
		/* The guest's console: SBI DBCN, which KVM leaves off by default. */
		if (vcpu_set_reg(&vm->vcpus[i], SBI_EXT_REG(KVM_SBI_EXT_DBCN), 1))
			return -1;
		if (i && vcpu_stop(&vm->vcpus[i]))
			return -1;
	}
	fprintf(stderr, "vmm: Linux %s (%ld bytes) at 0x%llx, initrd %ld bytes, device tree %ld bytes, %u vCPU(s)\n",
		lb->kernel, kernel_size, (unsigned long long)(GUEST_RAM_BASE + text_offset),
		initrd_size, dt_size, vm->nr_vcpus);
	return vm_set_entry(vm, GUEST_RAM_BASE + text_offset, GUEST_RAM_BASE + dt_off);
}
