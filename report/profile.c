// SPDX-License-Identifier: GPL-2.0
/* Read perf's symbol report and sum it up by host/guest and kernel/user. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static const char *const where_names[WHERE_COUNT] = {
	[WHERE_GUEST_KERNEL] = "guest kernel",
	[WHERE_GUEST_USER] = "guest user",
	[WHERE_HOST_KERNEL] = "host kernel",
	[WHERE_HOST_USER] = "host user",
};

const char *where_name(enum where w)
{
	return w < WHERE_COUNT ? where_names[w] : "?";
}

static int where_of(char bracket, enum where *w)
{
	switch (bracket) {
	case 'g':
		*w = WHERE_GUEST_KERNEL;
		return 0;
	case 'u':
		*w = WHERE_GUEST_USER;
		return 0;
	case 'k':
		*w = WHERE_HOST_KERNEL;
		return 0;
	case '.':
		*w = WHERE_HOST_USER;
		return 0;
	}
	return -1;
}

static int fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
	return -1;
}

/* "# Samples: 12K of event 'cycles'": perf rounds large counts to K/M. */
static int parse_samples_line(const char *line, struct profile *p)
{
	char unit = 0, event[64];
	double n;

	if (sscanf(line, "# Samples: %lf%c of event '%63[^']'", &n, &unit, event) == 3) {
		if (unit == 'K')
			n *= 1e3;
		else if (unit == 'M')
			n *= 1e6;
	} else if (sscanf(line, "# Samples: %lf of event '%63[^']'", &n, event) != 2) {
		return 0;
	}
	if (p->event[0])
		return -1;
	p->samples = (unsigned long)n;
	snprintf(p->event, sizeof(p->event), "%s", event);
	return 0;
}

int profile_parse(FILE *in, struct profile *p, char *err, size_t err_len)
{
	char line[1024];
	unsigned int lineno = 0;

	memset(p, 0, sizeof(*p));
	while (fgets(line, sizeof(line), in)) {
		struct profile_symbol *s;
		char bracket, name[PROFILE_SYMBOL_LEN];
		double pct;

		lineno++;
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#') {
			if (parse_samples_line(line, p))
				return fail(err, err_len,
					    "line %u: a second event; report one event at a time",
					    lineno);
			continue;
		}
		if (sscanf(line, " %lf%% [%c] %127[^\n]", &pct, &bracket, name) != 3)
			continue;
		if (p->nr_symbols == PROFILE_MAX_SYMBOLS)
			return fail(err, err_len, "more than %d symbols", PROFILE_MAX_SYMBOLS);
		s = &p->symbols[p->nr_symbols];
		if (where_of(bracket, &s->where))
			return fail(err, err_len, "line %u: unknown mode [%c]", lineno, bracket);
		if (pct < 0 || pct > 100)
			return fail(err, err_len, "line %u: share %.2f%% out of range",
				    lineno, pct);
		s->pct = pct;
		/* perf pads the symbol column; drop the trailing blanks. */
		for (size_t n = strlen(name); n && name[n - 1] == ' '; n--)
			name[n - 1] = 0;
		snprintf(s->name, sizeof(s->name), "%s", name);
		p->share[s->where] += pct;
		p->nr_symbols++;
	}
	if (!p->nr_symbols)
		return fail(err, err_len, "no samples: not a 'perf report --stdio --sort sym' output?");
	return 0;
}

static int by_share_desc(const void *a, const void *b)
{
	const struct profile_symbol *x = a, *y = b;

	return (x->pct < y->pct) - (x->pct > y->pct);
}

void profile_print(const struct profile *p, unsigned int top, FILE *out)
{
	struct profile_symbol *sorted;

	sorted = malloc(p->nr_symbols * sizeof(*sorted));
	if (!sorted) {
		fprintf(out, "out of memory\n");
		return;
	}
	memcpy(sorted, p->symbols, p->nr_symbols * sizeof(*sorted));
	qsort(sorted, p->nr_symbols, sizeof(*sorted), by_share_desc);

	fprintf(out, "Host vs guest profile: %lu samples of %s\n\n",
		p->samples, p->event[0] ? p->event : "an unnamed event");
	fprintf(out, "  %-13s %7s\n", "where", "share");
	for (int w = 0; w < WHERE_COUNT; w++)
		fprintf(out, "  %-13s %6.1f%%\n", where_name(w), p->share[w]);
	for (int w = 0; w < WHERE_COUNT; w++) {
		unsigned int shown = 0;

		fprintf(out, "\n  %s: top symbols (share of all samples)\n", where_name(w));
		for (unsigned int i = 0; i < p->nr_symbols && shown < top; i++) {
			if (sorted[i].where != (enum where)w)
				continue;
			fprintf(out, "    %6.2f%%  %s\n", sorted[i].pct, sorted[i].name);
			shown++;
		}
		if (!shown)
			fprintf(out, "    (no samples)\n");
	}
	free(sorted);
}
