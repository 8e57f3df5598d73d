// SPDX-License-Identifier: GPL-2.0
/* Run a program (a VMM) while the sampler's rings are drained. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
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

int child_wait(pid_t pid, const char *what, double timeout_s, struct sampler *s,
	       struct sample_counts *c)
{
	double end = now_s() + timeout_s;
	int status;
	pid_t got;

	if (pid < 0)
		return -1;
	for (;;) {
		got = waitpid(pid, &status, WNOHANG);
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
