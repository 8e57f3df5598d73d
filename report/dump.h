/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample kinds read from "perf report -D", which prints each sample as
 *   ... PERF_RECORD_SAMPLE(IP, 0x4): PID/TID: IP period: ...
 *    ... thread: COMM:TID
 *    ...... dso: DSO
 * where the misc value's low three bits are the cpumode: 1 and 2 host
 * (kernel, user), 4 and 5 guest (kernel, user).
 */
#ifndef REPORT_DUMP_H
#define REPORT_DUMP_H

#include <stdio.h>

#define DUMP_MAX_THREADS 256
#define DUMP_NAME_LEN 128

struct dump_thread {
	char comm[DUMP_NAME_LEN];
	unsigned long guest;
	unsigned long host;
	unsigned long host_kvm;		/* host samples in [kvm] */
};

struct dump_counts {
	unsigned long host;
	unsigned long guest;
	unsigned long other;		/* a cpumode that is neither */
	unsigned int nr_threads;
	struct dump_thread threads[DUMP_MAX_THREADS];
};

/*
 * Count the samples of a "perf report -D" output.  Returns 0, or -1 with a
 * message in @err when there is no sample record at all or too many
 * threads.
 */
int dump_parse(FILE *in, struct dump_counts *d, char *err, size_t err_len);

/*
 * "#kinds<TAB>host<TAB>N<TAB>guest<TAB>N<TAB>other<TAB>N", then per thread
 * "#thread<TAB>COMM<TAB>guest<TAB>N<TAB>host<TAB>N<TAB>host-kvm<TAB>N".
 */
void dump_print_rows(const struct dump_counts *d, FILE *out);

#endif
