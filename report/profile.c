// SPDX-License-Identifier: GPL-2.0
/* Read perf's symbol report and sum it up by host/guest and kernel/user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "profile.h"

#define MAX_FIELDS 4

static const char *const where_names[WHERE_COUNT] = {
	[WHERE_GUEST_KERNEL] = "guest kernel",
	[WHERE_GUEST_USER] = "guest user",
	[WHERE_HOST_KERNEL] = "host kernel",
	[WHERE_HOST_USER] = "host user",
};

/* The sides as profile_print_rows() names them: one word each. */
static const char *const where_words[WHERE_COUNT] = {
	[WHERE_GUEST_KERNEL] = "guest-kernel",
	[WHERE_GUEST_USER] = "guest-user",
	[WHERE_HOST_KERNEL] = "host-kernel",
	[WHERE_HOST_USER] = "host-user",
};

const char *where_name(enum where w)
{
	return w < WHERE_COUNT ? where_names[w] : "?";
}

static int where_of(char bracket, enum where *w)
{
	static const char brackets[WHERE_COUNT] = {
		[WHERE_GUEST_KERNEL] = 'g',
		[WHERE_GUEST_USER] = 'u',
		[WHERE_HOST_KERNEL] = 'k',
		[WHERE_HOST_USER] = '.',
	};

	for (int i = 0; i < WHERE_COUNT; i++) {
		if (brackets[i] == bracket) {
			*w = i;
			return 0;
		}
	}
	return -1;
}

/* Trim blanks at both ends, in place. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
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

static int is_idle(const char *comm)
{
	return !strncmp(comm, "swapper", 7);
}

static int add_symbol(struct profile *p, double pct, enum where w,
		      const char *dso, const char *name)
{
	struct profile_symbol *s;

	for (unsigned int i = 0; i < p->nr_symbols; i++) {
		s = &p->symbols[i];
		if (s->where == w && !strcmp(s->dso, dso) && !strcmp(s->name, name)) {
			s->pct += pct;
			return 0;
		}
	}
	if (p->nr_symbols == PROFILE_MAX_SYMBOLS)
		return -1;
	s = &p->symbols[p->nr_symbols++];
	s->pct = pct;
	s->where = w;
	snprintf(s->dso, sizeof(s->dso), "%s", dso);
	snprintf(s->name, sizeof(s->name), "%s", name);
	return 0;
}

static int add_thread(struct profile *p, double pct, enum where w, const char *comm)
{
	struct profile_thread *t;

	for (unsigned int i = 0; i < p->nr_threads; i++) {
		t = &p->threads[i];
		if (!strcmp(t->comm, comm)) {
			t->pct[w] += pct;
			return 0;
		}
	}
	if (p->nr_threads == PROFILE_MAX_THREADS)
		return -1;
	t = &p->threads[p->nr_threads++];
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	t->pct[w] = pct;
	return 0;
}

/* One "pct% |comm |dso |[x] symbol" line; returns 1 if not a sample line. */
static int parse_sample_line(char *line, struct profile *p, char *err,
			     size_t err_len, unsigned int lineno)
{
	char *field[MAX_FIELDS], *sym, *end;
	double pct;
	enum where w;
	int n;

	field[0] = line;
	for (n = 1; n < MAX_FIELDS; n++) {
		char *bar = strchr(field[n - 1], '|');

		if (!bar)
			break;
		*bar = 0;
		field[n] = bar + 1;
	}
	if (n == 1 && trim(line)[0] == 0)
		return 1;
	if (n != MAX_FIELDS)
		return report_error(err, err_len,
			    "line %u: want 'share|comm|dso|[x] symbol' (perf report --sort comm,dso,sym -t '|')",
			    lineno);
	pct = strtod(trim(field[0]), &end);
	if (end == field[0] || strcmp(end, "%") || pct < 0 || pct > 100)
		return report_error(err, err_len, "line %u: bad share '%s'", lineno, field[0]);
	sym = trim(field[3]);
	if (sym[0] != '[' || !sym[1] || sym[2] != ']' || where_of(sym[1], &w))
		return report_error(err, err_len, "line %u: unknown mode in '%s'", lineno, sym);
	if (is_idle(trim(field[1]))) {
		p->idle_pct += pct;
		return 0;
	}
	p->pct[w] += pct;
	if (add_symbol(p, pct, w, trim(field[2]), trim(sym + 3)))
		return report_error(err, err_len, "more than %d symbols", PROFILE_MAX_SYMBOLS);
	if (add_thread(p, pct, w, trim(field[1])))
		return report_error(err, err_len, "more than %d commands", PROFILE_MAX_THREADS);
	return 0;
}

int profile_parse(FILE *in, struct profile *p, char *err, size_t err_len)
{
	char line[1024];
	unsigned int lineno = 0, lines = 0;

	memset(p, 0, sizeof(*p));
	int in_warning = 0;

	while (fgets(line, sizeof(line), in)) {
		int rc;

		lineno++;
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#') {
			in_warning = 0;
			if (parse_samples_line(line, p))
				return report_error(err, err_len,
					    "line %u: a second event; report one event at a time",
					    lineno);
			continue;
		}
		/*
		 * perf prints its warnings ("Warning:" and the lines after it,
		 * "1 out of order events recorded.") within the header.
		 */
		if (!strcmp(trim(line), "Warning:") && !lines) {
			in_warning = 1;
			continue;
		}
		if (in_warning && !strchr(line, '|'))
			continue;
		rc = parse_sample_line(line, p, err, err_len, lineno);
		if (rc < 0)
			return rc;
		lines += rc == 0;
	}
	if (!lines)
		return report_error(err, err_len, "no sample lines: not a 'perf report' output?");
	return 0;
}

/* Fold entries that naming made equal into the first of them. */
static void merge_duplicates(struct profile *p)
{
	for (unsigned int i = 0; i < p->nr_symbols; i++) {
		for (unsigned int j = i + 1; j < p->nr_symbols;) {
			struct profile_symbol *a = &p->symbols[i], *b = &p->symbols[j];

			if (a->where == b->where && !strcmp(a->dso, b->dso) &&
			    !strcmp(a->name, b->name)) {
				a->pct += b->pct;
				*b = p->symbols[--p->nr_symbols];
			} else {
				j++;
			}
		}
	}
}

/*
 * The text symbol of @syms that holds @ip into @name; 0 if there is none,
 * or if @ip lies past the file's last symbol (the vDSO, say): the nearest
 * function below is then not the one that holds it.
 */
static int symbol_at(FILE *syms, unsigned long long ip, char *name, size_t len)
{
	unsigned long long addr, best_addr = 0;
	char type, sym[PROFILE_NAME_LEN];
	int found = 0, beyond = 0;

	rewind(syms);
	while (fscanf(syms, "%llx %c %127s", &addr, &type, sym) == 3) {
		if (addr <= ip && addr >= best_addr && (type == 't' || type == 'T')) {
			best_addr = addr;
			snprintf(name, len, "%s", sym);
			found = 1;
		}
		beyond |= addr > ip;
	}
	return found && beyond;
}

/* Name the "0x..." samples at @w (of @dso, unless NULL) from @syms. */
static int name_addresses(struct profile *p, enum where w, const char *dso, FILE *syms,
			  const char *new_dso)
{
	char name[PROFILE_NAME_LEN];
	int named = 0;

	for (unsigned int i = 0; i < p->nr_symbols; i++) {
		struct profile_symbol *s = &p->symbols[i];
		unsigned long long ip;
		char *end;

		if (s->where != w || strncmp(s->name, "0x", 2) || (dso && strcmp(s->dso, dso)))
			continue;
		ip = strtoull(s->name, &end, 16);
		if (*end || !symbol_at(syms, ip, name, sizeof(name)))
			continue;
		snprintf(s->name, sizeof(s->name), "%s", name);
		snprintf(s->dso, sizeof(s->dso), "%s", new_dso);
		named++;
	}
	if (ferror(syms))
		return -1;
	merge_duplicates(p);
	return named;
}

int profile_name_guest_user(struct profile *p, FILE *syms)
{
	return name_addresses(p, WHERE_GUEST_USER, NULL, syms, "[guest user]");
}

int profile_name_host_user(struct profile *p, const char *dso, FILE *syms)
{
	return name_addresses(p, WHERE_HOST_USER, dso, syms, dso);
}

/* The non-idle samples, in percent of all; perf's rounding aside, 100 - idle. */
static double busy_pct(const struct profile *p)
{
	double busy = 0;

	for (int w = 0; w < WHERE_COUNT; w++)
		busy += p->pct[w];
	return busy;
}

double profile_share(const struct profile *p, enum where w)
{
	double busy = busy_pct(p);

	return busy > 0 ? 100.0 * p->pct[w] / busy : 0.0;
}

static int by_share_desc(const void *a, const void *b)
{
	const struct profile_symbol *x = a, *y = b;

	return (x->pct < y->pct) - (x->pct > y->pct);
}

/* The @top symbols of @w (and of @dso, unless NULL), in share order. */
static void print_top(FILE *out, const char *title, const char *subtitle,
		      const struct profile_symbol *sorted, unsigned int n, enum where w,
		      const char *dso, unsigned int top, double busy)
{
	unsigned int shown = 0;

	fprintf(out, "\n  %s%s: top symbols\n", title, subtitle);
	for (unsigned int i = 0; i < n && shown < top; i++) {
		if (sorted[i].where != w || (dso && strcmp(sorted[i].dso, dso)))
			continue;
		fprintf(out, "    %6.2f%%  %-32s %s\n",
			busy > 0 ? 100.0 * sorted[i].pct / busy : 0.0, sorted[i].name,
			sorted[i].dso);
		shown++;
	}
	if (!shown)
		fprintf(out, "    (no samples)\n");
}

/* The symbols in share order; NULL if out of memory. */
static struct profile_symbol *sorted_symbols(const struct profile *p)
{
	struct profile_symbol *sorted = malloc(p->nr_symbols * sizeof(*sorted) + 1);

	if (!sorted)
		return NULL;
	memcpy(sorted, p->symbols, p->nr_symbols * sizeof(*sorted));
	qsort(sorted, p->nr_symbols, sizeof(*sorted), by_share_desc);
	return sorted;
}

void profile_print_rows(const struct profile *p, FILE *out)
{
	struct profile_symbol *sorted = sorted_symbols(p);
	double busy = busy_pct(p);

	if (!sorted) {
		fprintf(out, "out of memory\n");
		return;
	}
	fprintf(out, "#samples\t%lu\tevent\t%s\tidle\t%.4f\tshared\t%.4f\n", p->samples,
		p->event[0] ? p->event : "?", p->idle_pct, busy);
	for (int w = 0; w < WHERE_COUNT; w++)
		fprintf(out, "%s\t*\t*\t%.4f\n", where_words[w], profile_share(p, w));
	for (unsigned int i = 0; i < p->nr_symbols; i++)
		fprintf(out, "%s\t%s\t%s\t%.4f\n", where_words[sorted[i].where], sorted[i].name,
			sorted[i].dso, busy > 0 ? 100.0 * sorted[i].pct / busy : 0.0);
	for (unsigned int i = 0; i < p->nr_threads; i++)
		for (int w = 0; w < WHERE_COUNT; w++)
			fprintf(out, "#thread\t%s\t%s\t%.4f\n", p->threads[i].comm, where_words[w],
				busy > 0 ? 100.0 * p->threads[i].pct[w] / busy : 0.0);
	free(sorted);
}

void profile_print(const struct profile *p, unsigned int top, FILE *out)
{
	double busy = busy_pct(p);
	struct profile_symbol *sorted = sorted_symbols(p);

	if (!sorted) {
		fprintf(out, "out of memory\n");
		return;
	}

	fprintf(out, "Host vs guest profile: %lu samples of %s; %.1f%% were the idle task\n"
		"and are left out, the shares below are of the other %.1f%%.\n\n",
		p->samples, p->event[0] ? p->event : "an unnamed event", p->idle_pct, busy);
	fprintf(out, "  %-13s %7s\n", "where", "share");
	for (int w = 0; w < WHERE_COUNT; w++)
		fprintf(out, "  %-13s %6.1f%%\n", where_name(w), profile_share(p, w));
	for (int w = 0; w < WHERE_COUNT; w++) {
		print_top(out, where_name(w), "", sorted, p->nr_symbols, w, NULL, top, busy);
		/* KVM's own work, which the host kernel's top list may bury. */
		if (w == WHERE_HOST_KERNEL)
			print_top(out, where_name(w), " in KVM (kvm.ko)", sorted, p->nr_symbols, w,
				  "[kvm]", top, busy);
	}
	free(sorted);
}
