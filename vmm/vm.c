// SPDX-License-Identifier: GPL-2.0
/* A VM with one vCPU on /dev/kvm, and the loop that runs it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "vm.h"
#include "../guest/vmm_device.h"

#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_DBCN 0x4442434e
#define SBI_DBCN_WRITE 0
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_ADDRESS -5

static int fail(const char *what)
{
	fprintf(stderr, "vmm: %s: %s\n", what, strerror(errno));
	return -1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int vm_create(struct vm *vm, size_t ram_size)
{
	struct kvm_userspace_memory_region region;
	int size;

	memset(vm, 0, sizeof(*vm));
	vm->kvm_fd = vm->vm_fd = vm->vcpu_fd = -1;
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return fail("open /dev/kvm (is kvm.ko loaded?)");
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return fail("KVM_CREATE_VM");

	vm->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED) {
		vm->ram = NULL;
		return fail("mmap guest RAM");
	}
	vm->ram_size = ram_size;
	region = (struct kvm_userspace_memory_region) {
		.slot = 0,
		.guest_phys_addr = GUEST_RAM_BASE,
		.memory_size = ram_size,
		.userspace_addr = (uintptr_t)vm->ram,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		return fail("KVM_SET_USER_MEMORY_REGION");

	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0)
		return fail("KVM_CREATE_VCPU");
	size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	vm->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		vm->run = NULL;
		return fail("mmap kvm_run");
	}
	vm->run_size = size;
	return 0;
}

static int set_core_reg(struct vm *vm, unsigned long index, uint64_t value)
{
	struct kvm_one_reg reg = {
		.id = KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE | index,
		.addr = (uintptr_t)&value,
	};

	return ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, &reg) ? fail("KVM_SET_ONE_REG") : 0;
}

int vm_set_entry(struct vm *vm, uint64_t pc)
{
	/* Boot protocol: a0 = hart id, a1 = device tree (none here). */
	if (set_core_reg(vm, KVM_REG_RISCV_CORE_REG(regs.pc), pc) ||
	    set_core_reg(vm, KVM_REG_RISCV_CORE_REG(regs.a0), 0) ||
	    set_core_reg(vm, KVM_REG_RISCV_CORE_REG(regs.a1), 0))
		return -1;
	return 0;
}

static void handle_sbi(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	unsigned long *args = run->riscv_sbi.args;
	unsigned long *ret = run->riscv_sbi.ret;

	switch (run->riscv_sbi.extension_id) {
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		putchar((int)args[0]);
		ret[0] = 0;
		break;
	case SBI_EXT_DBCN:
		if (run->riscv_sbi.function_id != SBI_DBCN_WRITE) {
			ret[0] = SBI_ERR_NOT_SUPPORTED;
		} else if (args[1] < GUEST_RAM_BASE || args[0] > vm->ram_size ||
			   args[1] - GUEST_RAM_BASE > vm->ram_size - args[0]) {
			ret[0] = SBI_ERR_INVALID_ADDRESS;
		} else {
			fwrite((char *)vm->ram + (args[1] - GUEST_RAM_BASE), 1, args[0], stdout);
			ret[0] = 0;
			ret[1] = args[0];
		}
		break;
	default:
		ret[0] = SBI_ERR_NOT_SUPPORTED;
		break;
	}
}

/* Returns 0 to go on running, -1 on a guest error. */
static int handle_mmio(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	uint64_t addr = run->mmio.phys_addr;
	uint64_t value = 0;

	if (run->mmio.is_write)
		memcpy(&value, run->mmio.data, run->mmio.len < 8 ? run->mmio.len : 8);
	else
		memset(run->mmio.data, 0, sizeof(run->mmio.data));

	if (addr == VMM_MMIO_TICK)
		return 0;
	if (addr == VMM_MMIO_FAULT && run->mmio.is_write) {
		fprintf(stderr, "vmm: the guest took an unexpected trap (scause 0x%llx)\n",
			(unsigned long long)value);
		return -1;
	}
	fprintf(stderr, "vmm: guest %s of %u bytes at unhandled address 0x%llx\n",
		run->mmio.is_write ? "write" : "read", run->mmio.len,
		(unsigned long long)addr);
	return -1;
}

static void wake_up(int sig)
{
	(void)sig;	/* Only here to make KVM_RUN return with EINTR. */
}

static int arm_timer(double seconds)
{
	struct sigaction sa = { .sa_handler = wake_up };
	struct itimerval it = { 0 };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL))
		return fail("sigaction");
	it.it_value.tv_sec = (time_t)seconds;
	it.it_value.tv_usec = (suseconds_t)((seconds - (time_t)seconds) * 1e6);
	/* Re-arm every 100 ms in case one signal lands outside KVM_RUN. */
	it.it_interval.tv_usec = 100000;
	if (setitimer(ITIMER_REAL, &it, NULL))
		return fail("setitimer");
	return 0;
}

static int run_loop(struct vm *vm, double deadline, struct vm_exit_counts *counts)
{
	for (;;) {
		if (ioctl(vm->vcpu_fd, KVM_RUN, 0)) {
			if (errno != EINTR && errno != EAGAIN)
				return fail("KVM_RUN");
			if (now_s() >= deadline)
				return 0;
			continue;
		}
		switch (vm->run->exit_reason) {
		case KVM_EXIT_MMIO:
			counts->mmio++;
			if (handle_mmio(vm))
				return -1;
			break;
		case KVM_EXIT_RISCV_SBI:
			counts->sbi++;
			handle_sbi(vm);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			return 0;
		case KVM_EXIT_INTR:
			break;
		default:
			fprintf(stderr, "vmm: unsupported exit reason %u\n",
				vm->run->exit_reason);
			return -1;
		}
		if (now_s() >= deadline)
			return 0;
	}
}

int vm_run(struct vm *vm, double seconds, struct vm_exit_counts *counts)
{
	double start = now_s();
	int rc;

	memset(counts, 0, sizeof(*counts));
	if (arm_timer(seconds))
		return -1;
	rc = run_loop(vm, start + seconds, counts);
	counts->seconds = now_s() - start;
	return rc;
}

void vm_destroy(struct vm *vm)
{
	struct itimerval off = { 0 };

	setitimer(ITIMER_REAL, &off, NULL);
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
}
