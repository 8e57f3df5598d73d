/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the stress programs (docs/tests.md: stress on the debug kernel). */
#ifndef STRESS_STRESS_H
#define STRESS_STRESS_H

#include <sys/types.h>

#include "../common/number.h"
#include "sampler.h"

/* util.c */
double now_s(void);
/* Keep this CPU busy in user space for @seconds, draining @s into @c. */
void spin_for(double seconds, struct sampler *s, struct sample_counts *c);

/* options.c: "--name value" options described by a table. */
enum opt_kind {
	OPT_COUNT,	/* unsigned int, a whole number from min to max */
	OPT_NUMBER,	/* double, from min to max */
	OPT_PATH,	/* const char * */
};

struct opt_spec {
	const char *name;	/* without the "--" */
	enum opt_kind kind;
	void *value;		/* where it goes; holds the default */
	double min, max;
	const char *help;
};

/*
 * Sets the values the command line gives; "--help" prints the usage and
 * exits.  0, or -1 with a message and the usage on stderr.
 */
int parse_options(const char *prog, const struct opt_spec *specs, unsigned int n, int argc,
		  char **argv);

/* module.c: 0, or -errno; quiet, the caller says what it expected. */
int module_load(const char *path);
/* Retries while the module is still in use, for up to @timeout_s. */
int module_unload(const char *name, double timeout_s);

/* kmsg.c: a file descriptor at the end of the kernel log, or -1 ... */
int kmsg_mark(void);
/* ... and whether a record since then contains @text (closes @fd). */
int kmsg_saw(int fd, const char *text);

/* kvm_round.c: load @module, run @guest in @vmm for @seconds, unload. */
struct kvm_round {
	const char *prog;	/* for messages */
	const char *module;
	const char *vmm;
	const char *guest;
	double seconds;
};

/* 0, or -1 with a message naming @round. */
int kvm_round(const struct kvm_round *r, unsigned int round, struct sampler *s,
	      struct sample_counts *c);

/* child.c */
pid_t child_start(char *const argv[]);
/*
 * Wait for @pid, draining @s into @c meanwhile, and add the guest time
 * the kernel accounted to it to @c->guest_ticks.  A child still running
 * after @timeout_s is killed with a message naming @what.  Returns its
 * exit status, or -1 if it was killed or died of a signal.
 */
int child_wait(pid_t pid, const char *what, double timeout_s, struct sampler *s,
	       struct sample_counts *c);

#endif
