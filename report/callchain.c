// SPDX-License-Identifier: GPL-2.0
/* Call chains from "perf script": see callchain.h. */
#include <string.h>

#include "callchain.h"
#include "error.h"

#define CHAIN_LEN 8192

struct sample {
	char comm[128];
	char leaf_dso[128];
	char chain[CHAIN_LEN];
	unsigned int frames;
	int open;
};

/*
 * One frame, "ADDR SYM (DSO)": append SYM to the chain, keep the first
 * frame's DSO.  A chain longer than CHAIN_LEN keeps its innermost frames.
 */
static int add_frame(struct sample *s, const char *frame)
{
	const char *sym, *dso = strrchr(frame, '(');
	size_t sym_len, used = strlen(s->chain);

	frame += strspn(frame, " \t");
	sym = frame + strcspn(frame, " \t");
	sym += strspn(sym, " \t");
	if (sym == frame || !dso || dso < sym || !strchr(dso, ')'))
		return -1;
	sym_len = dso - sym;
	while (sym_len && (sym[sym_len - 1] == ' ' || sym[sym_len - 1] == '\t'))
		sym_len--;
	if (!s->frames)
		snprintf(s->leaf_dso, sizeof(s->leaf_dso), "%.*s", (int)strcspn(dso + 1, ")"), dso + 1);
	if (used + sym_len + 2 < sizeof(s->chain))
		snprintf(s->chain + used, sizeof(s->chain) - used, "%s%.*s", used ? ";" : "",
			 (int)sym_len, sym);
	s->frames++;
	return 0;
}

static void end_sample(struct sample *s, FILE *out, unsigned long *samples,
		       unsigned long *chained)
{
	if (!s->open)
		return;
	fprintf(out, "chain\t%s\t%s\t%u\t%s\n", s->comm, s->leaf_dso, s->frames, s->chain);
	(*samples)++;
	*chained += s->frames > 1;
	s->open = 0;
}

/*
 * A sample's first line, "COMM TID": perf pads the command, which may hold
 * blanks ("CPU 0/KVM"), on the left.  Fills @s; -1 if the line is not one.
 */
static int start_sample(struct sample *s, const char *line)
{
	size_t len = strlen(line), tid_len;
	const char *tid, *digits;

	while (len && line[len - 1] == ' ')
		len--;
	tid = line + len;
	while (tid > line && tid[-1] != ' ' && tid[-1] != '\t')
		tid--;
	tid_len = line + len - tid;
	line += strspn(line, " \t");
	/* A thread perf never saw start is "-1". */
	digits = tid + (tid_len && *tid == '-');
	if (digits == line + len || strspn(digits, "0123456789/") < tid_len - (digits - tid) ||
	    tid <= line)
		return -1;
	memset(s, 0, sizeof(*s));
	len = tid - line;
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	snprintf(s->comm, sizeof(s->comm), "%.*s", (int)len, line);
	s->open = 1;
	return 0;
}

int callchain_print_rows(FILE *in, FILE *out, char *err, size_t err_len)
{
	static struct sample s, next;
	unsigned long samples = 0, chained = 0, lineno = 0;
	char line[4096];

	memset(&s, 0, sizeof(s));
	while (fgets(line, sizeof(line), in)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!line[strspn(line, " \t")]) {
			end_sample(&s, out, &samples, &chained);
		} else if (line[0] == '\t') {
			if (!s.open || add_frame(&s, line))
				return report_error(err, err_len, "line %lu is not a frame of a sample: '%s'",
						    lineno, line);
		} else if (start_sample(&next, line)) {
			return report_error(err, err_len, "line %lu is not 'COMM TID': '%s'", lineno, line);
		} else {
			end_sample(&s, out, &samples, &chained);
			s = next;
		}
	}
	end_sample(&s, out, &samples, &chained);
	if (!samples)
		return report_error(err, err_len, "no sample: not a 'perf script' output?");
	fprintf(out, "#samples\t%lu\tchained\t%lu\n", samples, chained);
	return 0;
}
