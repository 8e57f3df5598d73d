// SPDX-License-Identifier: GPL-2.0
/* Time, option numbers and a busy loop for the stress programs. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stress.h"

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int parse_number(const char *prog, const char *opt, const char *arg, double min,
		 double max, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (errno || end == arg || *end || !(*out >= min && *out <= max)) {
		fprintf(stderr, "%s: %s wants a number from %g to %g, not '%s'\n",
			prog, opt, min, max, arg);
		return -1;
	}
	return 0;
}

int parse_count(const char *prog, const char *opt, const char *arg, unsigned int min,
		unsigned int max, unsigned int *out)
{
	double v;

	if (parse_number(prog, opt, arg, min, max, &v))
		return -1;
	if (v != (unsigned int)v) {
		fprintf(stderr, "%s: %s wants a whole number, not '%s'\n", prog, opt, arg);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

void spin_for(double seconds, struct sampler *s, struct sample_counts *c)
{
	double end = now_s() + seconds, next_drain = 0;
	volatile unsigned long n = 0;

	while (now_s() < end) {
		n++;
		if (now_s() >= next_drain) {
			sampler_drain(s, c);
			next_drain = now_s() + 0.01;
		}
	}
	sampler_drain(s, c);
}
