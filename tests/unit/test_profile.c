// SPDX-License-Identifier: GPL-2.0
/* Unit tests of report/profile.c, the parser of perf's symbol report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/profile.h"
#include "check.h"

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

static const struct profile_symbol *find(const struct profile *p, const char *name)
{
	for (unsigned int i = 0; i < p->nr_symbols; i++)
		if (!strcmp(p->symbols[i].name, name))
			return &p->symbols[i];
	return NULL;
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
	"# Samples: 12K of event 'cycles:P'\n"
	"# Event count (approx.): 3858817193\n"
	"#\n"
	"# Overhead|Command        |Shared Object          |Symbol                    \n"
	" 49.50% |swapper        |[kernel.kallsyms]      |[k] default_idle_call     \n"
	" 20.25% |:39            |[guest.kernel.kallsyms]|[g] guest_kernel_work     \n"
	" 15.00% |:39            |[unknown]              |[u] 0x0000000080000034    \n"
	" 0.50%  |:39            |[unknown]              |[u] 0x0000000080000040    \n"
	" 5.00%  |:39            |[guest.kernel.kallsyms]|[g] kernel_round          \n"
	" 4.00%  |vmm            |[kvm]                  |[k] kvm_vcpu_ioctl        \n"
	" 3.00%  |vmm            |vmm                    |[.] 0x0000000000000c96    \n"
	" 1.50%  |perf           |[kvm]                  |[k] kvm_vcpu_ioctl        \n"
	" 1.25%  |swapper        |[kernel.kallsyms]      |[k] handle_softirqs       \n"
	"\n"
	"#\n"
	"# (Tip: ...)\n"
	"#\n";

static const char payload_symbols[] =
	"0000000080000000 T _start\n"
	"0000000080000030 T guest_user_work\n"
	"0000000080000062 T guest_kernel_work\n"
	"0000000080004100 B kernel_stack_top\n";

static void test_shares(struct profile *p)
{
	char err[128];

	check(parse_text(perf_kvm_report, p, err, sizeof(err)) == 0,
	      "a perf kvm report parses");
	check(p->samples == 12000 && !strcmp(p->event, "cycles:P"),
	      "the sample count (12K) and event are read");
	check(near(p->idle_pct, 50.75), "the idle task's samples are set apart");
	check(near(profile_share(p, WHERE_GUEST_KERNEL), 100.0 * 25.25 / 49.25),
	      "guest kernel share sums [g], of the non-idle samples");
	check(near(profile_share(p, WHERE_GUEST_USER), 100.0 * 15.5 / 49.25),
	      "guest user share sums [u]");
	check(near(profile_share(p, WHERE_HOST_KERNEL), 100.0 * 5.5 / 49.25),
	      "host kernel share sums [k] without the idle task");
	check(near(profile_share(p, WHERE_HOST_USER), 100.0 * 3 / 49.25),
	      "host user share sums [.]");
	check(p->nr_symbols == 6, "a symbol seen under two commands is merged");
	check(!strcmp(p->symbols[0].name, "guest_kernel_work") &&
		 !strcmp(p->symbols[0].dso, "[guest.kernel.kallsyms]"),
	      "the padding around fields is dropped");
}

static void test_guest_user_names(struct profile *p)
{
	FILE *syms = fmemopen((void *)payload_symbols, strlen(payload_symbols), "r");
	const struct profile_symbol *user;
	char err[128];
	int named;

	parse_text(perf_kvm_report, p, err, sizeof(err));
	named = syms ? profile_name_guest_user(p, syms) : -1;
	if (syms)
		fclose(syms);
	user = find(p, "guest_user_work");
	check(named == 2 && user && user->where == WHERE_GUEST_USER,
	      "a guest user address is named after the function that holds it");
	check(user && near(user->pct, 15.5) && p->nr_symbols == 5,
	      "addresses named alike are merged");
	check(find(p, "0x0000000000000c96") != NULL, "host user addresses are left alone");

	/* Symbols that all lie below the samples: the addresses are not in them. */
	parse_text(perf_kvm_report, p, err, sizeof(err));
	syms = fmemopen("0000000080000000 T _start\n", 26, "r");
	named = syms ? profile_name_guest_user(p, syms) : -1;
	if (syms)
		fclose(syms);
	check(named == 0 && find(p, "0x0000000080000034") != NULL,
	      "an address past the last symbol keeps its address");
}

/* The VMM's symbols as file offsets (see the Makefile's %.syms rule). */
static const char vmm_symbols[] =
	"0000000000000c00 T run_loop\n"
	"0000000000000d00 t vcpu_thread\n"
	"0000000000001000 T main\n";

static void test_host_user_names(struct profile *p)
{
	FILE *syms = fmemopen((void *)vmm_symbols, strlen(vmm_symbols), "r");
	const struct profile_symbol *s;
	char err[128];
	int named;

	parse_text(perf_kvm_report, p, err, sizeof(err));
	named = syms ? profile_name_host_user(p, "vmm", syms) : -1;
	s = find(p, "run_loop");
	check(named == 1 && s && s->where == WHERE_HOST_USER && !strcmp(s->dso, "vmm") &&
		 near(s->pct, 3.0),
	      "a host user offset of the named dso is named after its function");
	check(find(p, "0x0000000080000034") != NULL,
	      "guest user addresses are left alone by the host's symbols");

	parse_text(perf_kvm_report, p, err, sizeof(err));
	named = syms ? profile_name_host_user(p, "perf", syms) : -1;
	if (syms)
		fclose(syms);
	check(named == 0 && find(p, "0x0000000000000c96") != NULL,
	      "samples of another dso keep their offsets");
}

/* perf 6.12 prints a warning within the header when events came out of order. */
static void test_warning(struct profile *p)
{
	static const char report[] =
		"# To display the perf.data header info, please use --header/--header-only options.\n"
		"#\n"
		"Warning:\n"
		"1 out of order events recorded.\n"
		"#\n"
		"# Samples: 17K of event 'cycles:P'\n"
		" 48.81% |swapper        |[kernel.kallsyms]      |[k] default_idle_call\n"
		" 19.69% |:41            |[guest.kernel.kallsyms]|[g] guest_kernel_work\n";
	char err[128];

	check(parse_text(report, p, err, sizeof(err)) == 0 && p->nr_symbols == 1 &&
	      p->samples == 17000,
	      "perf's warning in the header is passed over");
	check(parse_text("Warning:\nsomething\n", p, err, sizeof(err)) == -1,
	      "a warning and nothing else is still not a report");
	check(parse_text(" 1.00% |a |b |[k] x\nWarning:\nsomething\n", p, err, sizeof(err)) == -1,
	      "a warning after the sample lines is an error");
}

static void test_bad_input(struct profile *p)
{
	char err[128];

	check(parse_text("", p, err, sizeof(err)) == -1 && strstr(err, "no sample lines"),
	      "empty input is an error");
	check(parse_text("hello\nworld\n", p, err, sizeof(err)) == -1 &&
		 strstr(err, "want 'share|comm|dso|[x] symbol'"),
	      "text that is not a report is an error");
	check(parse_text(" 10.00% |a |b |[x] foo\n", p, err, sizeof(err)) == -1 &&
		 strstr(err, "unknown mode"),
	      "an unknown mode bracket is an error");
	check(parse_text(" 120.00% |a |b |[k] foo\n", p, err, sizeof(err)) == -1 &&
		 strstr(err, "bad share"),
	      "a share above 100% is an error");
	check(parse_text("# Samples: 10 of event 'a'\n 1.00% |a |b |[k] x\n"
			    "# Samples: 10 of event 'b'\n", p, err, sizeof(err)) == -1 &&
		 strstr(err, "second event"),
	      "a report of two events is an error");
}

/* A report of @n distinct host kernel symbols, as a string to free. */
static char *report_of_symbols(unsigned int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	for (unsigned int i = 0; i < n; i++)
		fprintf(out, " 0.00%% |qemu |[kernel.kallsyms] |[k] function_%u\n", i);
	fclose(out);
	return buf;
}

static void test_symbol_limit(struct profile *p)
{
	char err[128], *most = report_of_symbols(PROFILE_MAX_SYMBOLS);
	char *over = report_of_symbols(PROFILE_MAX_SYMBOLS + 1);

	check(most && parse_text(most, p, err, sizeof(err)) == 0 &&
		 p->nr_symbols == PROFILE_MAX_SYMBOLS,
	      "a report of PROFILE_MAX_SYMBOLS symbols is read whole");
	check(over && parse_text(over, p, err, sizeof(err)) == -1 &&
		 strstr(err, "more than"),
	      "one symbol more is an error, not a report cut short");
	free(most);
	free(over);
}

/* What @print writes for the sample report, as a string to free; NULL on error. */
static char *printed(struct profile *p, void (*print)(const struct profile *, FILE *))
{
	char err[128], *buf = NULL;
	size_t len = 0;
	FILE *out;

	parse_text(perf_kvm_report, p, err, sizeof(err));
	out = open_memstream(&buf, &len);
	if (!out)
		return NULL;
	print(p, out);
	fclose(out);
	return buf;
}

static void print_top1(const struct profile *p, FILE *out)
{
	profile_print(p, 1, out);
}

static void test_print(struct profile *p)
{
	char *buf = printed(p, print_top1);

	if (!buf) {
		check(0, "open_memstream");
		return;
	}
	check(strstr(buf, "guest kernel    51.3%") != NULL,
	      "the summary shows the guest kernel share");
	check(strstr(buf, " 41.12%  guest_kernel_work") != NULL,
	      "the top guest kernel symbol is listed with its share");
	check(strstr(buf, "kernel_round") == NULL, "--top 1 lists one symbol per mode");
	check(strstr(buf, "host kernel in KVM (kvm.ko): top symbols\n"
			     "     11.17%  kvm_vcpu_ioctl") != NULL,
	      "KVM's functions get a list of their own");
	free(buf);
}

static void test_rows(struct profile *p)
{
	static const char head[] = "#samples\t12000\tevent\tcycles:P\tidle\t50.7500\tshared\t";
	char *buf = printed(p, profile_print_rows);

	if (!buf) {
		check(0, "open_memstream");
		return;
	}

	check(!strncmp(buf, head, strlen(head)),
	      "rows start with the sample count, event and idle share");
	check(strstr(buf, "\nguest-kernel\t*\t*\t51.2690\n") != NULL,
	      "each side has a total row");
	check(strstr(buf, "\nguest-kernel\tguest_kernel_work\t[guest.kernel.kallsyms]\t41.1168\n") != NULL,
	      "a symbol row holds side, symbol, dso and share of the non-idle samples");
	check(strstr(buf, "\nhost-kernel\tkvm_vcpu_ioctl\t[kvm]\t11.1675\n") != NULL,
	      "a symbol under two commands is one row");
	check(strstr(buf, "\n#thread\t:39\tguest-user\t31.4721\n") != NULL &&
		 strstr(buf, "\n#thread\tvmm\thost-kernel\t8.1218\n") != NULL &&
		 strstr(buf, "\n#thread\tperf\thost-kernel\t3.0457\n") != NULL,
	      "each command's share at each side has a row");
	check(strstr(buf, "#thread\tswapper") == NULL, "the idle task has no thread row");
	free(buf);
}

int main(void)
{
	struct profile *p = calloc(1, sizeof(*p));

	if (!p)
		return 1;
	test_shares(p);
	test_guest_user_names(p);
	test_host_user_names(p);
	test_warning(p);
	test_bad_input(p);
	test_symbol_limit(p);
	test_print(p);
	test_rows(p);
	free(p);
	return checks_done();
}
