// SPDX-License-Identifier: GPL-2.0
/* Time and a busy loop for the stress programs. */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>

#include "stress.h"

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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
