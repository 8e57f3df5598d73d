// SPDX-License-Identifier: GPL-2.0
/* Unit tests of report/dump.c, the reader of "perf report -D". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/dump.h"
#include "check.h"

static int parse(const char *text, struct dump_counts *d, char *err, size_t len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;

	if (!in)
		return -2;
	rc = dump_parse(in, d, err, len);
	fclose(in);
	return rc;
}

static const struct dump_thread *thread(const struct dump_counts *d, const char *comm)
{
	for (unsigned int i = 0; i < d->nr_threads; i++)
		if (!strcmp(d->threads[i].comm, comm))
			return &d->threads[i];
	return NULL;
}

/* As perf 6.12 prints it: a guest kernel, a host kernel in [kvm], a host user sample. */
static const char dump[] =
	"0x1a8 [0x28]: event: 9\n"
	"0 0x1a8 [0x28]: PERF_RECORD_SAMPLE(IP, 0x4): 120/121: 0x80000034 period: 200000 addr: 0\n"
	" ... thread: vmm:121\n"
	" ...... dso: [guest.kernel.kallsyms]\n"
	"\n"
	"0 0x1d0 [0x28]: PERF_RECORD_SAMPLE(IP, 0x1): 120/121: 0xffffffff01234 period: 200000 addr: 0\n"
	" ... thread: vmm:121\n"
	" ...... dso: [kvm]\n"
	"0 0x1f8 [0x28]: PERF_RECORD_SAMPLE(IP, 0x2): 130/130: 0x1234 period: 200000 addr: 0\n"
	" ... thread: perf:130\n"
	" ...... dso: /bin/perf\n"
	"0 0x220 [0x28]: PERF_RECORD_SAMPLE(IP, 0x5): 120/122: 0x7fff1234 period: 200000 addr: 0\n"
	" ... thread: vmm:122\n"
	" ...... dso: [unknown]\n"
	"0 0x248 [0x28]: PERF_RECORD_SAMPLE(IP, 0x3): 120/122: 0x0 period: 200000 addr: 0\n"
	" ... thread: vmm:122\n"
	" ...... dso: [unknown]\n";

int main(void)
{
	static struct dump_counts d;
	const struct dump_thread *vmm, *perf;
	char err[128], *buf = NULL;
	size_t len = 0;
	FILE *out;

	check(parse(dump, &d, err, sizeof(err)) == 0, "a perf report -D output parses");
	check(d.host == 2 && d.guest == 2 && d.other == 1,
	      "samples are counted by cpumode: host 1-2, guest 4-5, other the rest");
	vmm = thread(&d, "vmm");
	perf = thread(&d, "perf");
	check(vmm && vmm->guest == 2 && vmm->host == 1 && vmm->host_kvm == 1,
	      "a thread's samples are counted by kind, its host ones in [kvm] apart");
	check(perf && perf->host == 1 && !perf->host_kvm, "threads are told apart by command");
	out = open_memstream(&buf, &len);
	if (out) {
		dump_print_rows(&d, out);
		fclose(out);
	}
	check(buf && strstr(buf, "#kinds\thost\t2\tguest\t2\tother\t1\n") &&
	      strstr(buf, "#thread\tvmm\tguest\t2\thost\t1\thost-kvm\t1\n"),
	      "rows give the kinds in all and by thread");
	free(buf);
	check(parse("hello\n", &d, err, sizeof(err)) == -1 && strstr(err, "no PERF_RECORD_SAMPLE"),
	      "text without a sample record is an error");
	check(parse("", &d, err, sizeof(err)) == -1, "empty input is an error");
	return checks_done();
}
