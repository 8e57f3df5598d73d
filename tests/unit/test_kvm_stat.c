// SPDX-License-Identifier: GPL-2.0
/* Unit tests of report/kvm_stat.c, the reader of perf kvm stat's exit table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/kvm_stat.h"
#include "check.h"

static int parse(const char *text, struct kvm_stat_table *t, char *err, size_t len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;

	if (!in)
		return -2;
	rc = kvm_stat_parse(in, t, err, len);
	fclose(in);
	return rc;
}

/* As Debian's perf 6.12.117 printed it in the rig (the unknown code on stderr). */
static const char table[] =
	"\n"
	"Analyze events for all VMs, all VCPUs:\n"
	"\n"
	"             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time \n"
	"\n"
	"  STORE_GUEST_PAGE_FAULT      36011    43.02%    17.85%     31.20us   4305.40us    123.41us ( +-   0.64% )\n"
	"unknown kvm exit code:-9223372036854775803 on riscv64\n"
	"                 UNKNOWN      22916    27.37%    65.62%     71.20us  15034.50us    712.84us ( +-   0.37% )\n"
	"      SUPERVISOR_SYSCALL        496     0.59%     0.78%     31.20us   1385.30us    389.03us ( +-   3.22% )\n"
	"\n"
	"Total Samples:59423, Total events handled time:24892389.90us.\n";

int main(void)
{
	static struct kvm_stat_table t;
	char err[128], *buf = NULL;
	size_t len = 0;
	FILE *out;

	check(parse(table, &t, err, sizeof(err)) == 0, "a perf kvm stat report parses");
	check(t.total == 59423 && t.nr_exits == 3, "the total and every row are read");
	check(!strcmp(t.exits[1].reason, "UNKNOWN") && t.exits[1].samples == 22916 &&
	      t.exits[1].avg_us > 712.83 && t.exits[1].avg_us < 712.85,
	      "a row gives its reason, samples and average time");
	check(t.nr_unknown == 1 && t.unknown[0] == -9223372036854775803LL,
	      "a code perf cannot name is kept, as the signed number perf prints");
	out = open_memstream(&buf, &len);
	if (out) {
		kvm_stat_print_rows(&t, out);
		fclose(out);
	}
	check(buf && strstr(buf, "#exits\t59423\n") &&
	      strstr(buf, "#exit\tSUPERVISOR_SYSCALL\t496\t389.03\n") &&
	      strstr(buf, "#unknown-code\t-9223372036854775803\n"),
	      "rows give the total, each exit and each unknown code");
	free(buf);
	check(parse("Total Samples:0, Total events handled time:0.00us.\n", &t, err, sizeof(err)) == -1 &&
	      strstr(err, "no VM-EXIT table"), "output without the table is an error");
	check(parse("   VM-EXIT Samples\n", &t, err, sizeof(err)) == -1 && strstr(err, "Total Samples"),
	      "a table cut before its total is an error");
	check(parse("   VM-EXIT Samples\n   SBI 12 x\nTotal Samples:12, x\n", &t, err, sizeof(err)) == -1 &&
	      strstr(err, "does not parse"), "a row that does not parse is an error");
	check(parse("   VM-EXIT Samples\nTotal Samples:5, x\n", &t, err, sizeof(err)) == -1 &&
	      strstr(err, "add up"), "rows that do not add up to the total are an error");
	check(parse("", &t, err, sizeof(err)) == -1, "empty input is an error");
	return checks_done();
}
