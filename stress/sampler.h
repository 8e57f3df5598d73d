/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System-wide perf sampling for the stress programs: cpu-clock and cycles
 * on every CPU at the highest rate the kernel allows, each event with a
 * ring buffer of its own, read back as counts of host samples, guest
 * samples and lost samples (PERF_RECORD_LOST).
 */
#ifndef STRESS_SAMPLER_H
#define STRESS_SAMPLER_H

#include <stddef.h>

#define SAMPLER_MAX_RINGS 32

struct sample_counts {
	unsigned long host;
	unsigned long guest;
	unsigned long unknown;		/* a cpumode that is neither */
	unsigned long lost;		/* samples PERF_RECORD_LOST says were lost */
	unsigned long lost_records;
	unsigned long guest_ticks;	/* guest time the kernel accounted to the
					 * programs run (child_wait), USER_HZ ticks */
};

struct sampler {
	unsigned int nr_rings;
	int fds[SAMPLER_MAX_RINGS];
	void *rings[SAMPLER_MAX_RINGS];
	size_t ring_bytes;		/* the data area, a power of two */
	unsigned long rate;		/* samples per second asked for */
};

/* Opens cpu-clock and cycles on every online CPU; 0, or -1 with a message. */
int sampler_open(struct sampler *s);
/* Adds the records written since the last drain to @c. */
void sampler_drain(struct sampler *s, struct sample_counts *c);
/* Waits up to @ms for records (or drains at once if the rings are busy). */
void sampler_poll(struct sampler *s, int ms, struct sample_counts *c);
void sampler_close(struct sampler *s);

void sample_counts_add(struct sample_counts *sum, const struct sample_counts *c);
void sample_counts_print(const char *what, const struct sample_counts *c);

#endif
