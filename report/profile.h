/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A host vs guest profile read from
 *   perf report --stdio --sort comm,dso,sym -t '|'
 * where each line "  12.34% |comm |dso |[g] symbol" is one symbol's share
 * of the samples and the bracket tells where it ran: [g] guest kernel,
 * [u] guest user, [k] host kernel, [.] host user.  Samples of the idle
 * task (comm "swapper") are set apart: they are no one's work.
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

/*
 * A report of Debian's own kernel as the host, with Debian's QEMU and
 * guest, has 6,000 symbol lines: room for that more than twice over.
 */
#define PROFILE_MAX_SYMBOLS 16384
#define PROFILE_MAX_THREADS 256
#define PROFILE_NAME_LEN 128

struct profile_symbol {
	double pct;			/* of all samples, idle included */
	enum where where;
	char dso[PROFILE_NAME_LEN];
	char name[PROFILE_NAME_LEN];
};

/* One command's (perf names a vCPU thread ":TID") shares by where it ran. */
struct profile_thread {
	char comm[PROFILE_NAME_LEN];
	double pct[WHERE_COUNT];	/* of all samples */
};

struct profile {
	unsigned int nr_symbols;
	unsigned long samples;		/* from "# Samples: N", 0 if absent */
	char event[64];			/* from "# Samples: N of event 'E'" */
	double idle_pct;		/* of all samples */
	double pct[WHERE_COUNT];	/* of all samples */
	struct profile_symbol symbols[PROFILE_MAX_SYMBOLS];	/* merged by where, dso, name */
	unsigned int nr_threads;
	struct profile_thread threads[PROFILE_MAX_THREADS];	/* the idle task left out */
};

const char *where_name(enum where w);

/*
 * Parse perf's report from @in.  Returns 0, or -1 with a message in @err
 * (@err_len bytes) when the input is not such a report: no sample lines,
 * a second event, a malformed line, an unknown bracket, too many symbols.
 */
int profile_parse(FILE *in, struct profile *p, char *err, size_t err_len);

/*
 * Name guest user samples ("0x..." addresses) after the symbols of an
 * nm-style file ("ADDR TYPE NAME" lines, as the payloads' .kallsyms).
 * Returns the number of samples named, or -1 if @syms is unreadable.
 */
int profile_name_guest_user(struct profile *p, FILE *syms);

/*
 * Name host user samples of @dso ("0x..." offsets: perf shows an address
 * in a binary it has no symbols for as its offset in the file) after an
 * nm-style file whose addresses are such file offsets.  Returns the
 * number of samples named, or -1 if @syms is unreadable.
 */
int profile_name_host_user(struct profile *p, const char *dso, FILE *syms);

/* Share of the non-idle samples that ran at @w, in percent. */
double profile_share(const struct profile *p, enum where w);

/* Print the shares and each one's @top symbols. */
void profile_print(const struct profile *p, unsigned int top, FILE *out);

/*
 * Print the profile for programs: a "#samples<TAB>N<TAB>event<TAB>E<TAB>
 * idle<TAB>PCT<TAB>shared<TAB>PCT" line, then one "SIDE<TAB>SYMBOL<TAB>DSO<TAB>SHARE" row per
 * side with SYMBOL and DSO "*" (the side's total), then one per symbol in
 * share order, then "#thread<TAB>COMM<TAB>SIDE<TAB>SHARE" rows: each
 * command's share at each side.  SIDE is guest-kernel, guest-user,
 * host-kernel or host-user; SHARE is in percent of the non-idle samples,
 * which are "shared" percent of all the samples.
 */
void profile_print_rows(const struct profile *p, FILE *out);

#endif
