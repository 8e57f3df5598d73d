// SPDX-License-Identifier: GPL-2.0
/* Sample kinds from "perf report -D": see dump.h. */
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "error.h"

enum kind { KIND_HOST, KIND_GUEST, KIND_OTHER };

static enum kind kind_of(unsigned long misc)
{
	switch (misc & 7) {
	case 1:
	case 2:
		return KIND_HOST;
	case 4:
	case 5:
		return KIND_GUEST;
	default:
		return KIND_OTHER;
	}
}

static struct dump_thread *thread_of(struct dump_counts *d, const char *comm)
{
	struct dump_thread *t;

	for (unsigned int i = 0; i < d->nr_threads; i++)
		if (!strcmp(d->threads[i].comm, comm))
			return &d->threads[i];
	if (d->nr_threads == DUMP_MAX_THREADS)
		return NULL;
	t = &d->threads[d->nr_threads++];
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	return t;
}

/* The text after @tag in @line up to one of @stops, in @word. */
static void word_after(const char *line, const char *tag, const char *stops, char *word,
		       size_t len)
{
	const char *p = strstr(line, tag) + strlen(tag);

	snprintf(word, len, "%.*s", (int)strcspn(p, stops), p);
}

int dump_parse(FILE *in, struct dump_counts *d, char *err, size_t err_len)
{
	char line[4096], comm[DUMP_NAME_LEN] = "", dso[DUMP_NAME_LEN];
	int in_sample = 0;
	enum kind kind = KIND_OTHER;
	unsigned long samples = 0;

	memset(d, 0, sizeof(*d));
	while (fgets(line, sizeof(line), in)) {
		const char *rec = strstr(line, "PERF_RECORD_SAMPLE(IP, 0x");
		struct dump_thread *t;

		if (rec) {
			kind = kind_of(strtoul(rec + strlen("PERF_RECORD_SAMPLE(IP, 0x"), NULL, 16));
			if (kind == KIND_HOST)
				d->host++;
			else if (kind == KIND_GUEST)
				d->guest++;
			else
				d->other++;
			samples++;
			in_sample = 1;
			comm[0] = '\0';
		} else if (in_sample && !strncmp(line, " ... thread: ", 13)) {
			/* "vmm:124": the command, without its thread id. */
			word_after(line, " ... thread: ", ": \t\n", comm, sizeof(comm));
		} else if (in_sample && !strncmp(line, " ...... dso: ", 13)) {
			word_after(line, " ...... dso: ", " \t\n", dso, sizeof(dso));
			in_sample = 0;
			if (!comm[0] || kind == KIND_OTHER)
				continue;
			t = thread_of(d, comm);
			if (!t)
				return report_error(err, err_len, "more than %d threads", DUMP_MAX_THREADS);
			if (kind == KIND_GUEST) {
				t->guest++;
			} else {
				t->host++;
				t->host_kvm += !strcmp(dso, "[kvm]");
			}
		}
	}
	if (!samples)
		return report_error(err, err_len, "no PERF_RECORD_SAMPLE: not a 'perf report -D' output?");
	return 0;
}

void dump_print_rows(const struct dump_counts *d, FILE *out)
{
	fprintf(out, "#kinds\thost\t%lu\tguest\t%lu\tother\t%lu\n", d->host, d->guest, d->other);
	for (unsigned int i = 0; i < d->nr_threads; i++)
		fprintf(out, "#thread\t%s\tguest\t%lu\thost\t%lu\thost-kvm\t%lu\n", d->threads[i].comm,
			d->threads[i].guest, d->threads[i].host, d->threads[i].host_kvm);
}
