// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the rig: mount the pseudo file systems, run the steps of
 * /etc/rig/plan one after the other, and power off.
 *
 * A plan line is "NAME TIMEOUT_SECONDS PROGRAM [ARG...]" (rig/plan.h has
 * the grammar, which the host checks with the same code).  PROGRAM is a
 * path, or one of the built-ins
 * "insmod FILE [PARAMS]", "rmmod MODULE", "cat FILE", "uptime"
 * (seconds since boot) and "to FILE PROGRAM [ARG...]" (PROGRAM with its
 * standard output in FILE).  Each step's output goes to the results channel (/dev/hvc0, a
 * virtio console the host saves to a file) between "@@@ begin NAME" and
 * "@@@ end NAME rc=N seconds=S" lines;
 * progress goes to the kernel console, so a hang shows which step it was.
 * A step that outlives its timeout is killed with its process group; so
 * are processes a step leaves behind, which is reported as a failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "plan.h"

#define PLAN_PATH "/etc/rig/plan"
#define RESULTS_PATH "/dev/hvc0"
#define DEBIAN_DISK "/dev/vda"

/* Exit codes the host reads in "@@@ end" lines for steps that never ran. */
#define RC_TIMEOUT 124
#define RC_EXEC_FAILED 127

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("rig: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int mount_or_warn(const char *src, const char *dst, const char *type,
			 unsigned long flags)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, flags, NULL) && errno != EBUSY) {
		say("mount %s on %s failed: %s", type, dst, strerror(errno));
		return -1;
	}
	return 0;
}

static int builtin_insmod(char **argv)
{
	const char *params = argv[2] ? argv[2] : "";
	int fd, rc;

	if (!argv[1]) {
		fprintf(stderr, "insmod: usage: insmod FILE [PARAMS]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "insmod: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	rc = syscall(SYS_finit_module, fd, params, 0);
	if (rc)
		fprintf(stderr, "insmod: %s: %s\n", argv[1], strerror(errno));
	close(fd);
	return rc ? 1 : 0;
}

static int builtin_rmmod(char **argv)
{
	if (!argv[1]) {
		fprintf(stderr, "rmmod: usage: rmmod MODULE\n");
		return 2;
	}
	if (syscall(SYS_delete_module, argv[1], O_NONBLOCK)) {
		fprintf(stderr, "rmmod: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}

/* Seconds since boot, for the benchmarks that time the boot. */
static int builtin_uptime(void)
{
	char buf[64];
	FILE *f = fopen("/proc/uptime", "r");

	if (!f || !fgets(buf, sizeof(buf), f)) {
		fprintf(stderr, "uptime: /proc/uptime: %s\n", strerror(errno));
		return 1;
	}
	fclose(f);
	printf("uptime %s", buf);
	return 0;
}

/* "cat FILE": a file of the rig's kernel (/proc/kallsyms, say) to the results. */
static int builtin_cat(char **argv)
{
	char buf[4096];
	size_t n;
	FILE *f;

	if (!argv[1] || argv[2]) {
		fprintf(stderr, "cat: usage: cat FILE\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "cat: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	if (ferror(f)) {
		fprintf(stderr, "cat: %s: read error\n", argv[1]);
		fclose(f);
		return 1;
	}
	fclose(f);
	return fflush(stdout) ? 1 : 0;
}

/*
 * "same FILE1 FILE2": succeed only if the files hold the same bytes (a
 * guest's /proc/kallsyms from two boots, say); say where they differ.
 */
static int builtin_same(char **argv)
{
	unsigned long long at = 0;
	FILE *a, *b;
	int ca, cb, rc;

	if (!argv[1] || !argv[2] || argv[3]) {
		fprintf(stderr, "same: usage: same FILE1 FILE2\n");
		return 2;
	}
	a = fopen(argv[1], "r");
	b = fopen(argv[2], "r");
	if (!a || !b) {
		fprintf(stderr, "same: %s: %s\n", a ? argv[2] : argv[1], strerror(errno));
		rc = 1;
		goto out;
	}
	do {
		ca = getc(a);
		cb = getc(b);
		at++;
	} while (ca == cb && ca != EOF);
	if (ferror(a) || ferror(b)) {
		fprintf(stderr, "same: read error\n");
		rc = 1;
	} else if (ca != cb) {
		printf("same: %s and %s differ at byte %llu\n", argv[1], argv[2], at);
		rc = 1;
	} else {
		printf("same: %s and %s hold the same %llu bytes\n", argv[1], argv[2], at - 1);
		rc = 0;
	}
out:
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	return fflush(stdout) ? 1 : rc;
}

/*
 * "write FILE VALUE": VALUE and a newline into FILE, to set a sysctl for
 * the steps after it (the rig has no shell).
 */
static int builtin_write(char **argv)
{
	FILE *f;

	if (!argv[1] || !argv[2] || argv[3]) {
		fprintf(stderr, "write: usage: write FILE VALUE\n");
		return 2;
	}
	f = fopen(argv[1], "w");
	if (!f) {
		fprintf(stderr, "write: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fprintf(f, "%s\n", argv[2]);
	if (fclose(f)) {
		fprintf(stderr, "write: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * "to FILE PROGRAM [ARG...]": PROGRAM with its standard output in FILE and
 * its errors in the results.  For output of many megabytes: a program
 * writes to the results console, a tty, a line at a time, which under
 * emulation is slower than the program; "cat FILE" then copies the file
 * in large writes.
 */
static void builtin_to(char **argv)
{
	int fd;

	if (!argv[1] || !argv[2]) {
		fprintf(stderr, "to: usage: to FILE PROGRAM [ARG...]\n");
		_exit(2);
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		fprintf(stderr, "to: %s: %s\n", argv[1], strerror(errno));
		_exit(1);
	}
	dup2(fd, STDOUT_FILENO);
	close(fd);
	execv(argv[2], argv + 2);
	fprintf(stderr, "rig: cannot run %s: %s\n", argv[2], strerror(errno));
	_exit(RC_EXEC_FAILED);
}

/* In the child: run the step's program with output on @out_fd. */
static void exec_step(struct plan_step *st, int out_fd)
{
	setpgid(0, 0);
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	if (!strcmp(st->argv[0], "insmod"))
		_exit(builtin_insmod(st->argv));
	if (!strcmp(st->argv[0], "rmmod"))
		_exit(builtin_rmmod(st->argv));
	if (!strcmp(st->argv[0], "cat"))
		_exit(builtin_cat(st->argv));
	if (!strcmp(st->argv[0], "write"))
		_exit(builtin_write(st->argv));
	if (!strcmp(st->argv[0], "same"))
		_exit(builtin_same(st->argv));
	if (!strcmp(st->argv[0], "to"))
		builtin_to(st->argv);
	if (!strcmp(st->argv[0], "uptime")) {
		int rc = builtin_uptime();

		fflush(stdout);
		_exit(rc);
	}
	execv(st->argv[0], st->argv);
	fprintf(stderr, "rig: cannot run %s: %s\n", st->argv[0], strerror(errno));
	_exit(RC_EXEC_FAILED);
}

/* Wait for @pid at most @timeout_s seconds; returns its exit code. */
static int wait_step(const char *name, pid_t pid, unsigned int timeout_s)
{
	double deadline = now_s() + timeout_s;
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			say("step %s: waitpid: %s", name, strerror(errno));
			return RC_EXEC_FAILED;
		}
		if (now_s() > deadline) {
			say("step %s: TIMEOUT after %u s, killing it", name, timeout_s);
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return RC_TIMEOUT;
		}
		usleep(20000);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	say("step %s: killed by signal %d", name, WTERMSIG(status));
	return 128 + WTERMSIG(status);
}

static int run_step(struct plan_step *st, FILE *results)
{
	double start = now_s();
	pid_t pid;
	int rc;

	say("step %s: start (timeout %u s)", st->name, st->timeout_s);
	fprintf(results, "@@@ begin %s\n", st->name);
	fflush(results);

	pid = fork();
	if (pid < 0) {
		say("step %s: fork: %s", st->name, strerror(errno));
		rc = RC_EXEC_FAILED;
	} else if (pid == 0) {
		exec_step(st, fileno(results));
	} else {
		rc = wait_step(st->name, pid, st->timeout_s);
		/*
		 * A step must not leave anything running (scripts/rig.sh
		 * checks).  Reap the orphans that did exit first: a zombie
		 * still answers kill(0).
		 */
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (kill(-pid, 0) == 0) {
			say("step %s: LEFTOVER processes still running after it ended: killed",
			    st->name);
			kill(-pid, SIGKILL);
		}
	}

	fprintf(results, "\n@@@ end %s rc=%d seconds=%.1f\n", st->name, rc,
		now_s() - start);
	fflush(results);
	say("step %s: rc=%d after %.1f s", st->name, rc, now_s() - start);
	return rc;
}

static int run_plan(FILE *plan, FILE *results)
{
	char line[PLAN_LINE_MAX];
	unsigned int lineno = 0, failed = 0;
	struct plan_step st;
	const char *why;

	while (fgets(line, sizeof(line), plan)) {
		int r;

		lineno++;
		r = plan_parse_line(line, &st, &why);
		if (r > 0)
			continue;
		if (r < 0) {
			say("%s:%u: bad plan line: %s (want NAME TIMEOUT PROGRAM ARGS...)",
			    PLAN_PATH, lineno, why);
			return -1;
		}
		if (run_step(&st, results))
			failed++;
	}
	return failed;
}

/* The results channel is a tty: make it pass bytes through unchanged. */
static FILE *open_results(void)
{
	const struct timespec pause = { .tv_nsec = 100 * 1000 * 1000 };
	struct termios t;
	FILE *f;
	int tries = 0;

	/*
	 * With virtio-mmio loaded as a module (a distribution kernel), the
	 * console port and its device node come a little after the insmod.
	 */
	while (!(f = fopen(RESULTS_PATH, "w")) && errno == ENOENT && ++tries < 100)
		nanosleep(&pause, NULL);
	if (!f) {
		say("cannot open %s (%s): results go to the console", RESULTS_PATH,
		    strerror(errno));
		return stdout;
	}
	if (tcgetattr(fileno(f), &t) == 0) {
		cfmakeraw(&t);
		if (tcsetattr(fileno(f), TCSANOW, &t))
			say("cannot make %s raw: %s", RESULTS_PATH, strerror(errno));
	}
	return f;
}

/*
 * The modules a kernel needs before the results console and the Debian
 * disk work (virtio-mmio, virtio-blk, ext4 on Debian's own kernel), in the
 * order /lib/boot/order lists them; rig kernels of ours have them built in.
 */
static void load_boot_modules(void)
{
	char line[256], path[300];
	FILE *order = fopen("/lib/boot/order", "r");

	if (!order)
		return;
	while (fgets(line, sizeof(line), order)) {
		char *argv[] = { "insmod", path, NULL };

		line[strcspn(line, "\n")] = '\0';
		snprintf(path, sizeof(path), "/lib/boot/%s", line);
		if (builtin_insmod(argv))
			say("boot module %s did not load", path);
	}
	fclose(order);
}

int main(void)
{
	FILE *plan, *results;
	int failed;

	mount_or_warn("proc", "/proc", "proc", 0);
	mount_or_warn("sysfs", "/sys", "sysfs", 0);
	mount_or_warn("devtmpfs", "/dev", "devtmpfs", 0);
	mount_or_warn("tmpfs", "/tmp", "tmpfs", 0);
	load_boot_modules();
	/* perf kvm stat reads the kvm tracepoints' formats here. */
	mount_or_warn("tracefs", "/sys/kernel/tracing", "tracefs", 0);
	setenv("PATH", "/bin", 1);
	/* perf reads /.perfconfig (from rig/perfconfig): no colours. */
	setenv("HOME", "/", 1);
	/* perf's default perf.data, and anything else, lands in /tmp. */
	if (chdir("/tmp"))
		say("chdir /tmp: %s", strerror(errno));

	results = open_results();
	plan = fopen(PLAN_PATH, "r");
	if (!plan) {
		say("cannot open %s: %s", PLAN_PATH, strerror(errno));
		failed = -1;
	} else if (mount_or_warn(DEBIAN_DISK, "/debian", "ext4", MS_RDONLY)) {
		/*
		 * Debian's root (scripts/debian.sh), read-only on the rig's
		 * one disk and /usr a link into it, holds its perf and QEMU
		 * with their libraries: a plan does not run without it.
		 */
		say("no Debian root on %s", DEBIAN_DISK);
		fclose(plan);
		failed = -1;
	} else {
		failed = run_plan(plan, results);
		fclose(plan);
	}
	if (failed < 0)
		say("plan aborted");
	else
		say("all steps done, %d failed", failed);
	fflush(results);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
