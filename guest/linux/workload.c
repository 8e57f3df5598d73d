// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the Linux guest: on the last CPU, spend a known share of each
 * 10 ms slice in user space (user_work()) and the rest in system calls
 * (read() of /dev/zero, in syscall_work()), report the split the guest's
 * own time accounting saw, and power the guest off.
 *
 *   init [SECONDS [USER_PERCENT [KALLSYMS_TO]]]   (defaults: 4 s, 60 %)
 *
 * KALLSYMS_TO: a file (e.g. a virtio console) to copy /proc/kallsyms to
 * first, for perf on the host: a distribution kernel ships no System.map.
 *
 * The kernel passes what follows "--" on its command line as arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLICE_S 0.01

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The guest's own accounting of all its CPUs since boot, from /proc/stat:
 * what the host's perf should see as guest user and guest kernel time
 * (idle time is spent outside the guest, in the host's KVM_RUN wait).
 */
static void print_guest_accounting(void)
{
	unsigned long long user, nice, system, idle, iowait, irq, softirq;
	FILE *f = fopen("/proc/stat", "r");

	if (!f || fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system,
			 &idle, &iowait, &irq, &softirq) != 7) {
		fprintf(stderr, "workload: cannot read /proc/stat\n");
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	printf("workload: guest /proc/stat since boot: user %llu, system %llu, irq %llu, softirq %llu, idle %llu ticks: %.1f%% user of the non-idle time\n",
	       user + nice, system, irq, softirq, idle + iowait,
	       100.0 * (user + nice) / (user + nice + system + irq + softirq));
}

/* Compute in user space until @until (the clock is read in the vDSO). */
__attribute__((noinline)) static unsigned long user_work(double until)
{
	volatile unsigned long x = 1;

	while (now_s() < until)
		for (int i = 0; i < 1000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
	return x;
}

/* Ask the kernel for zeroes until @until. */
__attribute__((noinline)) static void syscall_work(int fd, char *buf, size_t len, double until)
{
	while (now_s() < until)
		if (read(fd, buf, len) < 0)
			return;
}

static double parse_arg(const char *arg, double min, double max, const char *what)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= min && v <= max)) {
		fprintf(stderr, "workload: %s must be from %g to %g, not '%s'; using the default\n",
			what, min, max, arg);
		return -1;
	}
	return v;
}

/*
 * Do the work in a child and report the child's accounting: a process of
 * its own starts from zero, where init (PID 1) carries the time the
 * kernel spent booting before it ran /init.
 */
static void report_work(int fd, char *buf, size_t len, double seconds, double user_share)
{
	struct rusage ru;
	double user, sys;
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("workload: fork");
		return;
	}
	if (pid == 0) {
		double end = now_s() + seconds;

		while (now_s() < end) {
			double slice = now_s();

			user_work(slice + SLICE_S * user_share);
			syscall_work(fd, buf, len, slice + SLICE_S);
		}
		_exit(0);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "workload: the working child failed\n");
		return;
	}
	user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
	sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	printf("workload: done; the guest accounted %.2f s user, %.2f s system: %.1f%% user\n",
	       user, sys, user + sys > 0 ? 100.0 * user / (user + sys) : 0.0);
}

/* Copy /proc/kallsyms to @path; say how much, or why not. */
static void copy_kallsyms(const char *path)
{
	static char buf[65536];
	int in = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);
	int out = open(path, O_WRONLY | O_CLOEXEC);
	unsigned long long total = 0;
	ssize_t n = 0;

	if (in < 0 || out < 0) {
		fprintf(stderr, "workload: cannot copy /proc/kallsyms to %s: %s\n", path,
			strerror(errno));
	} else {
		while ((n = read(in, buf, sizeof(buf))) > 0) {
			if (write(out, buf, n) != n) {
				n = -1;
				break;
			}
			total += n;
		}
		if (n < 0)
			fprintf(stderr, "workload: copying /proc/kallsyms to %s: %s\n", path,
				strerror(errno));
		else
			printf("workload: /proc/kallsyms, %llu bytes, copied to %s\n", total, path);
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

static int move_to_cpu(long cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("workload: sched_setaffinity");
		return -1;
	}
	return 0;
}

/*
 * Run on the last CPU: the first is where the guest booted and takes its
 * housekeeping, so the last vCPU's guest samples are the workload's own.
 */
static void move_to_last_cpu(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus >= 2 && !move_to_cpu(cpus - 1))
		printf("workload: on CPU %ld of %ld\n", cpus - 1, cpus);
}

int main(int argc, char **argv)
{
	double seconds = 4, user_share = 0.6, v;
	static char buf[16384];
	int fd;

	if (argc > 1 && (v = parse_arg(argv[1], 0.1, 3600, "SECONDS")) > 0)
		seconds = v;
	if (argc > 2 && (v = parse_arg(argv[2], 0, 100, "USER_PERCENT")) >= 0)
		user_share = v / 100;
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) && errno != EBUSY)
		perror("workload: mount /dev");
	if (mkdir("/proc", 0555) && errno != EEXIST)
		perror("workload: mkdir /proc");
	if (mount("proc", "/proc", "proc", 0, NULL))
		perror("workload: mount /proc");
	/* On the first CPU, to leave the last one's samples to the work. */
	if (argc > 3 && !move_to_cpu(0))
		copy_kallsyms(argv[3]);
	move_to_last_cpu();
	fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror("workload: /dev/zero");
	} else {
		printf("workload: %.1f s, %.0f%% of each %.0f ms in user space, the rest in read()\n",
		       seconds, user_share * 100, SLICE_S * 1000);
		fflush(stdout);
		report_work(fd, buf, sizeof(buf), seconds, user_share);
		print_guest_accounting();
	}
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 1;	/* only if the power-off failed */
}
