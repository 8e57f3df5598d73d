/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VM-exit table of "perf kvm stat report --stdio", which prints
 *                  VM-EXIT    Samples  Samples%     Time%    Min Time ...
 *   STORE_GUEST_PAGE_FAULT      36011    43.02%    17.85%     31.20us ...
 *   unknown kvm exit code:-9223372036854775803 on riscv64
 *                  UNKNOWN      22916    27.37%    65.62%     71.20us ...
 *   Total Samples:83717, Total events handled time:24892389.90us.
 * A reason perf's table lacks is printed as UNKNOWN, and its code on a
 * line of its own (on stderr: where it lands among the rows varies), so
 * the codes are kept as a list of their own.
 */
#ifndef REPORT_KVM_STAT_H
#define REPORT_KVM_STAT_H

#include <stdio.h>

#define KVM_STAT_MAX_EXITS 64
#define KVM_STAT_NAME_LEN 96
#define KVM_STAT_MAX_UNKNOWN 16

struct kvm_stat_exit {
	char reason[KVM_STAT_NAME_LEN];
	unsigned long samples;
	double avg_us;
};

struct kvm_stat_table {
	unsigned long total;		/* "Total Samples:" */
	unsigned int nr_exits;
	struct kvm_stat_exit exits[KVM_STAT_MAX_EXITS];
	unsigned int nr_unknown;	/* distinct codes perf could not name */
	long long unknown[KVM_STAT_MAX_UNKNOWN];
};

/*
 * Read the table.  Returns 0, or -1 with a message in @err: no table
 * header, no total line, a row that does not parse, too many rows, or rows
 * whose samples do not add up to the total.
 */
int kvm_stat_parse(FILE *in, struct kvm_stat_table *t, char *err, size_t err_len);

/*
 * "#exits<TAB>TOTAL", then per row "#exit<TAB>REASON<TAB>SAMPLES<TAB>AVG_US",
 * then per code perf could not name "#unknown-code<TAB>CODE" (decimal, as
 * perf prints it: a riscv interrupt's scause is negative).
 */
void kvm_stat_print_rows(const struct kvm_stat_table *t, FILE *out);

#endif
