// SPDX-License-Identifier: GPL-2.0
/*
 * qemu-kill: kill -9 the real VMM while perf samples it, many rounds.  Each
 * round loads kvm.ko and starts
 *   PERF kvm --host --guest record -e cpu-clock -a -- QEMU -accel kvm ...
 * (Debian's perf and QEMU booting Debian's kernel), waits until the guest
 * has run (guest time accounted to QEMU), a little longer, kills QEMU with
 * SIGKILL, waits for perf to finish, and unloads kvm.ko.  A VM that QEMU's
 * death left behind holds the module, and the unload fails; what the
 * kernel says about it is judged by the rig (its reports fail the run).
 *
 *   qemu-kill [--rounds N] [--module KO] [--perf PATH] [--qemu PATH]
 *             [--kernel IMAGE] [--initrd CPIO]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

#define PROG "qemu-kill"
/* How long QEMU may take to run its guest at all, and perf to end. */
#define GUEST_START_TIMEOUT_S 120
#define EXIT_TIMEOUT_S 120

struct options {
	unsigned int rounds;
	const char *module;
	const char *perf;
	const char *qemu;
	const char *kernel;
	const char *initrd;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	const struct opt_spec specs[] = {
		{ "rounds", OPT_COUNT, &o->rounds, 1, 1000, "rounds (default 20)" },
		{ "module", OPT_PATH, &o->module, 0, 0, "the KVM module (default /lib/kvm.ko)" },
		{ "perf", OPT_PATH, &o->perf, 0, 0, "perf (default /usr/bin/perf)" },
		{ "qemu", OPT_PATH, &o->qemu, 0, 0,
		  "QEMU (default /usr/bin/qemu-system-riscv64)" },
		{ "kernel", OPT_PATH, &o->kernel, 0, 0, "the guest kernel (default /debian-kernel)" },
		{ "initrd", OPT_PATH, &o->initrd, 0, 0,
		  "its initramfs (default /extra/initrd.cpio)" },
	};

	*o = (struct options){ 20, "/lib/kvm.ko", "/usr/bin/perf", "/usr/bin/qemu-system-riscv64",
			       "/debian-kernel", "/extra/initrd.cpio" };
	return parse_options(PROG, specs, sizeof(specs) / sizeof(specs[0]), argc, argv);
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	nanosleep(&ts, NULL);
}

/* Fields 4 (ppid) and 43 (guest time) of /proc/PID/stat; -1 if gone. */
static int read_stat(pid_t pid, pid_t *ppid, unsigned long *guest_ticks)
{
	char path[64], buf[1024], *p;
	int field;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	/* Field 2, the command, may hold blanks: count from its ')'. */
	if (!p || !(p = strrchr(buf, ')')))
		return -1;
	*guest_ticks = 0;
	for (field = 3; p && field <= 43; field++) {
		p = strchr(p + 1, ' ');
		if (p && field == 4)
			*ppid = strtol(p + 1, NULL, 10);
		if (p && field == 43)
			*guest_ticks = strtoul(p + 1, NULL, 10);
	}
	return p ? 0 : -1;
}

/* The child of @parent whose program is @exe (a real path), or 0. */
static pid_t child_running(pid_t parent, const char *exe)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		char path[300], target[256];
		unsigned long ticks;
		pid_t pid = atoi(e->d_name), ppid = 0;
		ssize_t n;

		if (pid <= 0 || read_stat(pid, &ppid, &ticks) || ppid != parent)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			if (!strcmp(target, exe))
				found = pid;
		}
	}
	closedir(d);
	return found;
}

/* Wait for @pid at most @timeout_s; its wait status, or -1 if it did not end. */
static int wait_for(pid_t pid, double timeout_s)
{
	double end = now_s() + timeout_s;
	int status;

	for (;;) {
		pid_t got = waitpid(pid, &status, WNOHANG);

		if (got == pid)
			return status;
		if (got < 0 || now_s() >= end)
			return -1;
		sleep_s(0.05);
	}
}

static int round_run(const struct options *o, const char *qemu_exe, unsigned int round)
{
	char *argv[] = {
		(char *)o->perf, "kvm", "--host", "--guest", "record", "-q", "-e", "cpu-clock", "-a",
		"-o", "/tmp/qemu-kill.data", "--", (char *)o->qemu, "-accel", "kvm", "-M", "virt",
		"-cpu", "host", "-smp", "2", "-m", "256M", "-display", "none", "-monitor", "none",
		"-serial", "none", "-no-reboot", "-kernel", (char *)o->kernel,
		"-initrd", (char *)o->initrd, "-append", "console=ttyS0 quiet -- 60 60", NULL
	};
	/* Kill at a point that varies from round to round: 0 to 2.8 s in. */
	double extra = (round * 7 % 8) * 0.4, start;
	unsigned long ticks = 0;
	pid_t perf, qemu = 0, ppid;
	int rc, status;

	rc = module_load(o->module);
	if (rc) {
		printf("not ok round %u: loading %s: %s\n", round, o->module, strerror(-rc));
		return -1;
	}
	perf = child_start(argv);
	if (perf < 0)
		return -1;
	/* Until QEMU has run its guest: guest time accounted to it. */
	start = now_s();
	while (now_s() - start < GUEST_START_TIMEOUT_S) {
		if (!qemu)
			qemu = child_running(perf, qemu_exe);
		if (qemu && !read_stat(qemu, &ppid, &ticks) && ticks > 0)
			break;
		sleep_s(0.1);
	}
	if (!ticks) {
		printf("not ok round %u: QEMU %s its guest within %d s\n", round,
		       qemu ? "did not run" : "did not start, nor", GUEST_START_TIMEOUT_S);
		kill(qemu ? qemu : perf, SIGKILL);
		wait_for(perf, EXIT_TIMEOUT_S);
		module_unload("kvm", 30);
		return -1;
	}
	sleep_s(extra);
	read_stat(qemu, &ppid, &ticks);
	kill(qemu, SIGKILL);
	/*
	 * perf record ends the way its workload did: it raises the signal
	 * that killed QEMU on itself once its data is written.
	 */
	status = wait_for(perf, EXIT_TIMEOUT_S);
	if (status == -1 || (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)) {
		printf("not ok round %u: perf %s after QEMU was killed\n", round,
		       status == -1 ? "did not end" : "died of another signal");
		if (status == -1) {
			kill(perf, SIGKILL);
			waitpid(perf, &status, 0);
		}
		module_unload("kvm", 30);
		return -1;
	}
	rc = module_unload("kvm", 30);
	if (rc) {
		printf("not ok round %u: kvm.ko does not unload after QEMU was killed (%s): a VM leaked\n",
		       round, strerror(-rc));
		return -1;
	}
	printf("ok round %u: QEMU killed after %.1f s, %lu ticks of guest time; perf %s; kvm.ko unloaded\n",
	       round, now_s() - start, ticks,
	       WIFSIGNALED(status) ? "passed the SIGKILL on" : "exited");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int round, failed = 0;
	char qemu_exe[PATH_MAX];
	struct options o;

	if (parse_args(argc, argv, &o))
		return 2;
	/* /proc/PID/exe names the binary by its real path. */
	if (!realpath(o.qemu, qemu_exe)) {
		fprintf(stderr, "%s: %s: %s\n", PROG, o.qemu, strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (round = 1; round <= o.rounds; round++)
		if (round_run(&o, qemu_exe, round))
			failed++;
	printf("%s: %u rounds, QEMU killed with SIGKILL while its guest ran and perf sampled; %u failed\n",
	       PROG, o.rounds, failed);
	return failed ? 1 : 0;
}
