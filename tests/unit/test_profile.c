// SPDX-License-Identifier: GPL-2.0
/* Unit tests of report/profile.c, the parser of perf's symbol report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/profile.h"

struct counts {
	int passed;
	int failed;
};

static void check(struct counts *c, int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok:" : "FAIL:", what);
	if (ok)
		c->passed++;
	else
		c->failed++;
}

static int parse_text(const char *text, struct profile *p, char *err, size_t len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;

	if (!in)
		return -2;
	rc = profile_parse(in, p, err, len);
	fclose(in);
	return rc;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-6;
}

static const char perf_kvm_report[] =
	"# To display the perf.data header info, please use --header/--header-only options.\n"
	"#\n"
	"# Total Lost Samples: 0\n"
	"#\n"
	"# Samples: 12K of event 'cycles'\n"
	"# Event count (approx.): 2990000000\n"
	"#\n"
	"# Overhead  Symbol                          \n"
	"# ........  ................................\n"
	"#\n"
	"    40.50%  [g] guest_kernel_work           \n"
	"    30.25%  [u] guest_user_work             \n"
	"    10.00%  [k] kvm_riscv_vcpu_enter_exit   \n"
	"     9.00%  [k] 0xffffffff80001234          \n"
	"     6.25%  [.] handle_mmio                 \n"
	"     4.00%  [g] guest_trap                  \n"
	"\n"
	"#\n"
	"# (Tip: ...)\n"
	"#\n";

static void test_shares(struct counts *c, struct profile *p)
{
	char err[128];

	check(c, parse_text(perf_kvm_report, p, err, sizeof(err)) == 0,
	      "a perf kvm report parses");
	check(c, p->nr_symbols == 6, "every symbol line is read");
	check(c, p->samples == 12000 && !strcmp(p->event, "cycles"),
	      "the sample count (12K) and event are read");
	check(c, near(p->share[WHERE_GUEST_KERNEL], 44.5), "guest kernel share sums [g]");
	check(c, near(p->share[WHERE_GUEST_USER], 30.25), "guest user share sums [u]");
	check(c, near(p->share[WHERE_HOST_KERNEL], 19.0), "host kernel share sums [k]");
	check(c, near(p->share[WHERE_HOST_USER], 6.25), "host user share sums [.]");
	check(c, !strcmp(p->symbols[0].name, "guest_kernel_work"),
	      "the padding after a symbol is dropped");
}

static void test_bad_input(struct counts *c, struct profile *p)
{
	char err[128];

	check(c, parse_text("", p, err, sizeof(err)) == -1 && strstr(err, "no samples"),
	      "empty input is an error");
	check(c, parse_text("hello\nworld\n", p, err, sizeof(err)) == -1,
	      "text that is not a report is an error");
	check(c, parse_text("  10.00%  [x] foo\n", p, err, sizeof(err)) == -1 &&
		 strstr(err, "unknown mode"),
	      "an unknown mode bracket is an error");
	check(c, parse_text("  120.00%  [k] foo\n", p, err, sizeof(err)) == -1,
	      "a share above 100% is an error");
	check(c, parse_text("# Samples: 10 of event 'a'\n  1.00%  [k] x\n"
			    "# Samples: 10 of event 'b'\n", p, err, sizeof(err)) == -1 &&
		 strstr(err, "second event"),
	      "a report of two events is an error");
}

static void test_print(struct counts *c, struct profile *p)
{
	char err[128], *buf = NULL;
	size_t len = 0;
	FILE *out;

	parse_text(perf_kvm_report, p, err, sizeof(err));
	out = open_memstream(&buf, &len);
	if (!out) {
		check(c, 0, "open_memstream");
		return;
	}
	profile_print(p, 1, out);
	fclose(out);
	check(c, strstr(buf, "guest kernel    44.5%") != NULL, "the summary shows the guest kernel share");
	check(c, strstr(buf, "40.50%  guest_kernel_work") != NULL, "the top guest kernel symbol is listed");
	check(c, strstr(buf, "guest_trap") == NULL, "--top 1 lists one symbol per mode");
	free(buf);
}

int main(void)
{
	struct profile *p = calloc(1, sizeof(*p));
	struct counts c = { 0 };

	if (!p)
		return 1;
	test_shares(&c, p);
	test_bad_input(&c, p);
	test_print(&c, p);
	free(p);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed ? 1 : 0;
}
