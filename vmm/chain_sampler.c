// SPDX-License-Identifier: GPL-2.0
/* The VMM's own guest call-chain sampler (chain_sampler.h). */
#define _GNU_SOURCE
#include <linux/kvm.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chain_sampler.h"
#include "guest_walk.h"
#include "vm.h"

/* Not the kick's SIGUSR1: a sample must not stop the VM. */
#define SAMPLE_SIGNAL (SIGRTMIN + 1)

static __thread volatile sig_atomic_t sample_due;

static void on_sample_timer(int sig)
{
	(void)sig;	/* KVM_RUN returns EINTR; the thread takes the sample. */
	sample_due = 1;
}

int chain_sampler_install(void)
{
	/*
	 * SA_RESTART for the VMM's other system calls (its console writes):
	 * KVM_RUN returns EINTR whatever the flag says.
	 */
	struct sigaction sa = { .sa_handler = on_sample_timer, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	return sigaction(SAMPLE_SIGNAL, &sa, NULL) ? vm_fail("sigaction") : 0;
}

/* This thread's host instructions (exclude_guest), kernel ones included. */
static int open_insn_counter(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_HARDWARE,
		.config = PERF_COUNT_HW_INSTRUCTIONS,
		.exclude_guest = 1,
	};

	return syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

int chain_sampler_start(struct vcpu *vcpu)
{
	struct chain_sampler *s = &vcpu->sampler;
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SAMPLE_SIGNAL,
	};
	struct itimerspec period = { 0 };

	s->insn_fd = -1;
	if (s->count_insns) {
		s->insn_fd = open_insn_counter();
		if (s->insn_fd < 0)
			return vm_fail("perf_event_open (host instructions of the vCPU thread)");
	}
	if (!s->hz)
		return 0;
	/* CLOCK_MONOTONIC: an hrtimer, not the tick that CPU-time timers wait for. */
	sev._sigev_un._tid = syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &s->timer))
		return vm_fail("timer_create");
	s->timer_set = 1;
	period.it_interval.tv_nsec = 1000000000L / s->hz;
	period.it_value = period.it_interval;
	return timer_settime(s->timer, 0, &period, NULL) ? vm_fail("timer_settime") : 0;
}

void chain_sampler_before_run(struct vcpu *vcpu)
{
	/*
	 * The timer fired while this thread was in the VMM (handling an exit):
	 * a host sample, whose guest registers would be where the guest left
	 * off, not what was running.
	 */
	if (sample_due) {
		sample_due = 0;
		vcpu->sampler.in_vmm++;
	}
}

static int get_reg(struct vcpu *vcpu, uint64_t type, uint64_t index, uint64_t *value)
{
	return vcpu_get_reg(vcpu, KVM_REG_RISCV | KVM_REG_SIZE_U64 | type | index, value);
}

int chain_sampler_after_run(struct vcpu *vcpu)
{
	struct chain_sampler *s = &vcpu->sampler;
	const struct guest_ram mem = { vcpu->vm->ram, GUEST_RAM_BASE, vcpu->vm->ram_size };
	uint64_t chain[CHAIN_SAMPLER_MAX_DEPTH], mode;
	struct guest_walk_regs regs;
	double start;
	int n, i;

	if (!sample_due)
		return 0;
	sample_due = 0;
	start = vm_now_s();
	if (get_reg(vcpu, KVM_REG_RISCV_CORE, KVM_REG_RISCV_CORE_REG(regs.pc), &regs.pc) ||
	    get_reg(vcpu, KVM_REG_RISCV_CORE, KVM_REG_RISCV_CORE_REG(regs.ra), &regs.ra) ||
	    get_reg(vcpu, KVM_REG_RISCV_CORE, KVM_REG_RISCV_CORE_REG(regs.s0), &regs.s0) ||
	    get_reg(vcpu, KVM_REG_RISCV_CORE, KVM_REG_RISCV_CORE_REG(mode), &mode) ||
	    get_reg(vcpu, KVM_REG_RISCV_CSR, KVM_REG_RISCV_CSR_REG(satp), &regs.satp) ||
	    get_reg(vcpu, KVM_REG_RISCV_CSR, KVM_REG_RISCV_CSR_REG(sstatus), &regs.sstatus))
		return -1;
	regs.user = mode == KVM_RISCV_MODE_U;
	n = guest_walk_chain(&mem, &regs, chain, CHAIN_SAMPLER_MAX_DEPTH);
	s->walk_ns += (vm_now_s() - start) * 1e9;
	s->samples++;
	s->frames += n - 1;
	if (s->out) {
		fprintf(s->out, "%u %s", vcpu->id, regs.user ? "user" : "kernel");
		for (i = 0; i < n; i++)
			fprintf(s->out, " %llx", (unsigned long long)chain[i]);
		fputc('\n', s->out);
	}
	return 0;
}

void chain_sampler_stop(struct vcpu *vcpu)
{
	struct chain_sampler *s = &vcpu->sampler;

	if (s->timer_set) {
		timer_delete(s->timer);
		s->timer_set = 0;
	}
	if (s->insn_fd >= 0) {
		if (read(s->insn_fd, &s->host_insns, sizeof(s->host_insns)) !=
		    sizeof(s->host_insns))
			vm_fail("read the host instruction counter");
		close(s->insn_fd);
		s->insn_fd = -1;
	}
}

void chain_sampler_report(const struct vcpu *vcpu)
{
	const struct chain_sampler *s = &vcpu->sampler;

	if (s->count_insns)
		fprintf(stderr, "vmm: vCPU %u: %llu host instructions\n", vcpu->id,
			(unsigned long long)s->host_insns);
	if (!s->hz)
		return;
	fprintf(stderr, "vmm: vCPU %u: userspace walk at %u Hz: %lu samples in KVM_RUN, "
			"%lu due in the VMM, %lu frames, %.0f ns a sample reading registers and walking\n",
		vcpu->id, s->hz, s->samples, s->in_vmm, s->frames,
		s->samples ? s->walk_ns / s->samples : 0.0);
}
