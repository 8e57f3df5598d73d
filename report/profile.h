/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A host vs guest profile read from `perf report --stdio --sort sym`: each
 * line "  12.34%  [g] symbol" is one symbol's share of the samples, and the
 * bracket tells where it ran: [g] guest kernel, [u] guest user, [k] host
 * kernel, [.] host user.
 */
#ifndef REPORT_PROFILE_H
#define REPORT_PROFILE_H

#include <stdio.h>

enum where {
	WHERE_GUEST_KERNEL,
	WHERE_GUEST_USER,
	WHERE_HOST_KERNEL,
	WHERE_HOST_USER,
	WHERE_COUNT
};

#define PROFILE_MAX_SYMBOLS 4096
#define PROFILE_SYMBOL_LEN 128

struct profile_symbol {
	double pct;
	enum where where;
	char name[PROFILE_SYMBOL_LEN];
};

struct profile {
	unsigned int nr_symbols;
	unsigned long samples;		/* from "# Samples: N", 0 if absent */
	char event[64];			/* from "# Samples: N of event 'E'" */
	double share[WHERE_COUNT];	/* percent of all samples */
	struct profile_symbol symbols[PROFILE_MAX_SYMBOLS];
};

const char *where_name(enum where w);

/*
 * Parse perf's report from @in.  Returns 0, or -1 with a message in @err
 * (@err_len bytes) when the input is not such a report: no symbol lines, a
 * second event, an unknown bracket, or more symbols than fit.
 */
int profile_parse(FILE *in, struct profile *p, char *err, size_t err_len);

/* Print the shares and each one's @top symbols. */
void profile_print(const struct profile *p, unsigned int top, FILE *out);

#endif
