// SPDX-License-Identifier: GPL-2.0
/* Unit tests of report/callchain.c, the reader of perf script's call chains. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/callchain.h"
#include "check.h"

/* Rows of @text in @rows (malloc'ed), or NULL; the reader's result in @rc. */
static char *rows_of(const char *text, int *rc, char *err, size_t len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	*rc = -2;
	if (in && out)
		*rc = callchain_print_rows(in, out, err, len);
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	return buf;
}

/* A guest sample and a host one, as perf script -F comm,tid,ip,sym,dso prints them. */
static const char script[] =
	"       CPU 0/KVM   231 \n"
	"\tffffffff80a2b4c2 __clear_user ([guest.kernel.kallsyms])\n"
	"\tffffffff8037e1c0 iov_iter_zero ([guest.kernel.kallsyms])\n"
	"\tffffffff80c4e7a2 do_trap_ecall_u ([guest.kernel.kallsyms])\n"
	"\n"
	"qemu-system-ris   229 \n"
	"\tffffffff800ef3a4 finish_task_switch.isra.0 ([kernel.kallsyms])\n"
	"\n"
	":-1      -1 \n"
	"\tffffffff801831f0 proc_flush_pid ([kernel.kallsyms])\n"
	"\n"
	"            perf   220 \n"
	"\t            3f8e [unknown] ([unknown])\n"
	"\t   3f9a8b12c4 __libc_start_main (/usr/lib/riscv64-linux-gnu/libc.so.6)\n"
	"\n";

int main(void)
{
	char err[160], *rows;
	int rc;

	rows = rows_of(script, &rc, err, sizeof(err));
	check(rc == 0, "perf script's output with call chains parses");
	check(rows && strstr(rows, "chain\tCPU 0/KVM\t[guest.kernel.kallsyms]\t3\t"
				   "__clear_user;iov_iter_zero;do_trap_ecall_u\n"),
	      "a chain keeps the command with its blank, the leaf's dso and the frames, innermost first");
	check(rows && strstr(rows, "chain\tqemu-system-ris\t[kernel.kallsyms]\t1\tfinish_task_switch.isra.0\n"),
	      "a sample with one frame is one row");
	check(rows && strstr(rows, "chain\tperf\t[unknown]\t2\t[unknown];__libc_start_main\n"),
	      "frames perf cannot name are kept as [unknown]");
	check(rows && strstr(rows, "chain\t:-1\t[kernel.kallsyms]\t1\tproc_flush_pid\n"),
	      "a thread perf never saw start has thread id -1");
	check(rows && strstr(rows, "#samples\t4\tchained\t2\n"), "the closing row counts samples and chains");
	free(rows);

	rows = rows_of("", &rc, err, sizeof(err));
	check(rc == -1 && strstr(err, "no sample"), "empty input is an error");
	free(rows);
	rows = rows_of("\tffffffff80a2b4c2 __clear_user ([guest.kernel.kallsyms])\n", &rc, err, sizeof(err));
	check(rc == -1 && strstr(err, "line 1"), "a frame before any sample is an error naming its line");
	free(rows);
	rows = rows_of("perf 12\n\tffff no-dso-here\n", &rc, err, sizeof(err));
	check(rc == -1 && strstr(err, "line 2"), "a frame without its (dso) is an error");
	free(rows);
	rows = rows_of("perf -\n", &rc, err, sizeof(err));
	check(rc == -1 && strstr(err, "COMM TID"), "a lone minus is no thread id");
	free(rows);
	rows = rows_of("perf twelve\n", &rc, err, sizeof(err));
	check(rc == -1 && strstr(err, "COMM TID"), "a sample line without a thread id is an error");
	free(rows);
	return checks_done();
}
