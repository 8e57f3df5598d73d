// SPDX-License-Identifier: GPL-2.0
/* Run a program (a VMM) while the sampler's rings are drained. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stress.h"

pid_t child_start(char *const argv[])
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("stress: fork");
		return -1;
	}
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "stress: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/*
 * Field 43 of /proc/PID/stat, the guest time of all its threads, read while
 * it is a zombie (its threads' times are summed then); 0 if unreadable.
 */
static unsigned long guest_ticks_of(pid_t pid)
{
	unsigned long ticks = 0;
	char path[64], buf[1024], *p;
	FILE *f;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p || !(p = strrchr(buf, ')')))
		return 0;
	/* Field 2, the command, may hold blanks: count from its ')'. */
	for (field = 3; field <= 43 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		ticks = strtoul(p + 1, NULL, 10);
	return ticks;
}

int child_wait(pid_t pid, const char *what, double timeout_s, struct sampler *s,
	       struct sample_counts *c)
{
	double end = now_s() + timeout_s;
	siginfo_t info;
	int status;
	pid_t got;

	if (pid < 0)
		return -1;
	for (;;) {
		/* Exited but not reaped yet: its accounted times are still there. */
		info.si_pid = 0;
		if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT)) {
			perror("stress: waitid");
			return -1;
		}
		if (info.si_pid == pid) {
			c->guest_ticks += guest_ticks_of(pid);
			got = waitpid(pid, &status, 0);
		} else {
			got = waitpid(pid, &status, WNOHANG);
		}
		if (got == pid)
			break;
		if (got < 0) {
			perror("stress: waitpid");
			return -1;
		}
		if (now_s() >= end) {
			fprintf(stderr, "stress: %s still running after %.0f s: killed\n",
				what, timeout_s);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		sampler_poll(s, 20, c);
	}
	sampler_drain(s, c);
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "stress: %s died of signal %d\n", what, WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}
