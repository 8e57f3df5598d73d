// SPDX-License-Identifier: GPL-2.0
/* The reader of perf kvm stat's VM-exit table: see kvm_stat.h. */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "kvm_stat.h"

static int parse_row(const char *line, struct kvm_stat_table *t, char *err, size_t err_len)
{
	char reason[KVM_STAT_NAME_LEN], pct[32], time_pct[32], min[32], max[32], avg[32];
	struct kvm_stat_exit *e;
	unsigned long samples;
	double avg_us;

	if (sscanf(line, "%95s %lu %31s %31s %31s %31s %31s", reason, &samples, pct, time_pct,
		   min, max, avg) != 7 || sscanf(avg, "%lfus", &avg_us) != 1)
		return report_error(err, err_len, "a row of the exit table does not parse: %s",
				    line);
	if (t->nr_exits == KVM_STAT_MAX_EXITS)
		return report_error(err, err_len, "more than %d exit reasons",
				    KVM_STAT_MAX_EXITS);
	e = &t->exits[t->nr_exits++];
	snprintf(e->reason, sizeof(e->reason), "%s", reason);
	e->samples = samples;
	e->avg_us = avg_us;
	return 0;
}

static int add_unknown(struct kvm_stat_table *t, long long code, char *err, size_t err_len)
{
	for (unsigned int i = 0; i < t->nr_unknown; i++)
		if (t->unknown[i] == code)
			return 0;
	if (t->nr_unknown == KVM_STAT_MAX_UNKNOWN)
		return report_error(err, err_len, "more than %d unknown exit codes",
				    KVM_STAT_MAX_UNKNOWN);
	t->unknown[t->nr_unknown++] = code;
	return 0;
}

int kvm_stat_parse(FILE *in, struct kvm_stat_table *t, char *err, size_t err_len)
{
	char line[512];
	int in_table = 0, have_total = 0;
	unsigned long sum = 0;

	memset(t, 0, sizeof(*t));
	while (fgets(line, sizeof(line), in)) {
		char first[64];
		long long code;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%63s", first) != 1)
			continue;
		if (sscanf(line, "unknown kvm exit code:%lld", &code) == 1) {
			if (add_unknown(t, code, err, err_len))
				return -1;
		} else if (!strcmp(first, "VM-EXIT")) {
			in_table = 1;
		} else if (sscanf(line, "Total Samples:%lu", &t->total) == 1) {
			have_total = 1;
			break;
		} else if (in_table) {
			if (parse_row(line, t, err, err_len))
				return -1;
		}
	}
	if (!in_table)
		return report_error(err, err_len, "no VM-EXIT table");
	if (!have_total)
		return report_error(err, err_len, "no \"Total Samples:\" line after the table");
	for (unsigned int i = 0; i < t->nr_exits; i++)
		sum += t->exits[i].samples;
	if (sum != t->total)
		return report_error(err, err_len, "the rows add up to %lu samples, the total says %lu",
				    sum, t->total);
	return 0;
}

void kvm_stat_print_rows(const struct kvm_stat_table *t, FILE *out)
{
	fprintf(out, "#exits\t%lu\n", t->total);
	for (unsigned int i = 0; i < t->nr_exits; i++)
		fprintf(out, "#exit\t%s\t%lu\t%.2f\n", t->exits[i].reason, t->exits[i].samples,
			t->exits[i].avg_us);
	for (unsigned int i = 0; i < t->nr_unknown; i++)
		fprintf(out, "#unknown-code\t%lld\n", t->unknown[i]);
}
