// SPDX-License-Identifier: GPL-2.0
/* A VM on /dev/kvm with vCPUs, one thread each, and the loop that runs them. */
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
#include <time.h>
#include <unistd.h>

#include "vm.h"

#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_DBCN 0x4442434e
#define SBI_DBCN_WRITE 0
#define SBI_DBCN_WRITE_BYTE 2
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_ADDRESS -5

int vm_fail(const char *what)
{
	fprintf(stderr, "vmm: %s: %s\n", what, strerror(errno));
	return -1;
}

double vm_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int create_vcpu(struct vm *vm, unsigned int id, int mmap_size)
{
	struct vcpu *vcpu = &vm->vcpus[id];

	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
	if (vcpu->fd < 0)
		return vm_fail("KVM_CREATE_VCPU");
	vcpu->run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu->run = NULL;
		return vm_fail("mmap kvm_run");
	}
	vcpu->run_size = mmap_size;
	return 0;
}

int vm_create(struct vm *vm, size_t ram_size, unsigned int nr_vcpus)
{
	struct kvm_userspace_memory_region region;
	unsigned int i;
	int size;

	memset(vm, 0, sizeof(*vm));
	vm->kvm_fd = vm->vm_fd = -1;
	for (i = 0; i < VM_MAX_VCPUS; i++)
		vm->vcpus[i].fd = -1;
	if (nr_vcpus < 1 || nr_vcpus > VM_MAX_VCPUS) {
		fprintf(stderr, "vmm: %u vCPUs asked for; this VMM runs 1 to %d\n",
			nr_vcpus, VM_MAX_VCPUS);
		return -1;
	}
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return vm_fail("open /dev/kvm (is kvm.ko loaded?)");
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return vm_fail("KVM_CREATE_VM");

	vm->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED) {
		vm->ram = NULL;
		return vm_fail("mmap guest RAM");
	}
	vm->ram_size = ram_size;
	region = (struct kvm_userspace_memory_region) {
		.slot = 0,
		.guest_phys_addr = GUEST_RAM_BASE,
		.memory_size = ram_size,
		.userspace_addr = (uintptr_t)vm->ram,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		return vm_fail("KVM_SET_USER_MEMORY_REGION");

	size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		return vm_fail("KVM_GET_VCPU_MMAP_SIZE");
	for (i = 0; i < nr_vcpus; i++, vm->nr_vcpus++)
		if (create_vcpu(vm, i, size))
			return -1;
	return 0;
}

int vcpu_get_reg(struct vcpu *vcpu, uint64_t id, uint64_t *value)
{
	return vcpu_get_reg_quiet(vcpu, id, value) ? vm_fail("KVM_GET_ONE_REG") : 0;
}

int vcpu_get_reg_quiet(struct vcpu *vcpu, uint64_t id, uint64_t *value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)value };

	return ioctl(vcpu->fd, KVM_GET_ONE_REG, &reg) ? -1 : 0;
}

int vcpu_set_reg(struct vcpu *vcpu, uint64_t id, uint64_t value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&value };

	return ioctl(vcpu->fd, KVM_SET_ONE_REG, &reg) ? vm_fail("KVM_SET_ONE_REG") : 0;
}

static int set_core_reg(struct vcpu *vcpu, unsigned long index, uint64_t value)
{
	return vcpu_set_reg(vcpu, KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE | index,
			    value);
}

int vcpu_stop(struct vcpu *vcpu)
{
	struct kvm_mp_state state = { .mp_state = KVM_MP_STATE_STOPPED };

	return ioctl(vcpu->fd, KVM_SET_MP_STATE, &state) ? vm_fail("KVM_SET_MP_STATE") : 0;
}

int vm_set_entry(struct vm *vm, uint64_t pc, uint64_t a1)
{
	unsigned int i;

	/* Boot protocol: a0 = hart id, a1 = device tree (or 0). */
	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *vcpu = &vm->vcpus[i];

		if (set_core_reg(vcpu, KVM_REG_RISCV_CORE_REG(regs.pc), pc) ||
		    set_core_reg(vcpu, KVM_REG_RISCV_CORE_REG(regs.a0), i) ||
		    set_core_reg(vcpu, KVM_REG_RISCV_CORE_REG(regs.a1), a1))
			return -1;
	}
	return 0;
}

static void handle_sbi(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	struct kvm_run *run = vcpu->run;
	unsigned long *args = run->riscv_sbi.args;
	unsigned long *ret = run->riscv_sbi.ret;

	switch (run->riscv_sbi.extension_id) {
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		putchar((int)args[0]);
		ret[0] = 0;
		break;
	case SBI_EXT_DBCN:
		if (run->riscv_sbi.function_id == SBI_DBCN_WRITE_BYTE) {
			putchar((int)args[0]);
			ret[0] = 0;
		} else if (run->riscv_sbi.function_id != SBI_DBCN_WRITE) {
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
static int handle_mmio(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	uint64_t addr = run->mmio.phys_addr;
	uint64_t value = 0;

	if (run->mmio.is_write)
		memcpy(&value, run->mmio.data, run->mmio.len < 8 ? run->mmio.len : 8);
	else
		memset(run->mmio.data, 0, sizeof(run->mmio.data));

	if (addr == VMM_MMIO_TICK)
		return 0;
	if (addr == VMM_MMIO_FAULT && run->mmio.is_write) {
		fprintf(stderr, "vmm: vCPU %u took an unexpected trap (scause 0x%llx)\n",
			vcpu->id, (unsigned long long)value);
		return -1;
	}
	fprintf(stderr, "vmm: guest %s of %u bytes at unhandled address 0x%llx\n",
		run->mmio.is_write ? "write" : "read", run->mmio.len,
		(unsigned long long)addr);
	return -1;
}

static void kick(int sig)
{
	(void)sig;	/* Only here to make KVM_RUN return with EINTR. */
}

static int stopping(struct vm *vm)
{
	return __atomic_load_n(&vm->stop, __ATOMIC_ACQUIRE);
}

static void request_stop(struct vm *vm)
{
	__atomic_store_n(&vm->stop, 1, __ATOMIC_RELEASE);
}

/*
 * Returns 0 when the VM is to stop, -1 on an error.  Not inlined, so that a
 * profile of the VMM names its run loop.
 */
static __attribute__((noinline)) int run_loop(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	while (!stopping(vcpu->vm)) {
		chain_sampler_before_run(vcpu);
		if (ioctl(vcpu->fd, KVM_RUN, 0)) {
			if (errno != EINTR && errno != EAGAIN)
				return vm_fail("KVM_RUN");
			if (chain_sampler_after_run(vcpu))
				return -1;
			continue;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			vcpu->counts.mmio++;
			if (handle_mmio(vcpu))
				return -1;
			break;
		case KVM_EXIT_RISCV_SBI:
			vcpu->counts.sbi++;
			handle_sbi(vcpu);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			/* The guest reset or powered off (SBI SRST). */
			__atomic_store_n(&vcpu->vm->system_event, run->system_event.type,
					 __ATOMIC_RELEASE);
			return 0;
		case KVM_EXIT_INTR:
			if (chain_sampler_after_run(vcpu))
				return -1;
			break;
		default:
			fprintf(stderr, "vmm: vCPU %u: unsupported exit reason %u\n",
				vcpu->id, run->exit_reason);
			return -1;
		}
	}
	return 0;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;

	vcpu->rc = chain_sampler_start(vcpu);
	if (!vcpu->rc)
		vcpu->rc = run_loop(vcpu);
	chain_sampler_stop(vcpu);
	request_stop(vcpu->vm);	/* one vCPU done (or failed): all are */
	return NULL;
}

/*
 * Make every vCPU thread leave KVM_RUN: immediate_exit catches a thread
 * about to enter it, the signal one inside it.
 */
static void kick_all(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		__atomic_store_n(&vm->vcpus[i].run->immediate_exit, 1, __ATOMIC_RELEASE);
	request_stop(vm);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].started)
			pthread_kill(vm->vcpus[i].thread, SIGUSR1);
}

int vm_run(struct vm *vm, double seconds, struct vm_exit_counts *counts)
{
	struct sigaction sa = { .sa_handler = kick };
	const struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };
	double start = vm_now_s();
	unsigned int i;
	int rc = 0, err;

	memset(counts, 0, sizeof(*counts));
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL))
		return vm_fail("sigaction");
	if (chain_sampler_install())
		return -1;
	for (i = 0; i < vm->nr_vcpus; i++) {
		err = pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread, &vm->vcpus[i]);
		if (err) {
			errno = err;
			rc = vm_fail("pthread_create");
			break;
		}
		vm->vcpus[i].started = 1;
	}
	while (!rc && !stopping(vm) && vm_now_s() < start + seconds)
		nanosleep(&tick, NULL);
	kick_all(vm);
	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *vcpu = &vm->vcpus[i];

		if (!vcpu->started)
			continue;
		pthread_join(vcpu->thread, NULL);
		vcpu->started = 0;
		rc |= vcpu->rc;
		counts->mmio += vcpu->counts.mmio;
		counts->sbi += vcpu->counts.sbi;
	}
	counts->seconds = vm_now_s() - start;
	return rc ? -1 : 0;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;

	/* All of them: a vCPU whose creation failed halfway has an fd too. */
	for (i = 0; i < VM_MAX_VCPUS; i++) {
		struct vcpu *vcpu = &vm->vcpus[i];

		if (vcpu->run)
			munmap(vcpu->run, vcpu->run_size);
		if (vcpu->fd >= 0)
			close(vcpu->fd);
	}
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
}
