// SPDX-License-Identifier: GPL-2.0
/* Table-driven "--name value" options for the stress programs. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "stress.h"

#define MAX_OPTIONS 16

static void usage(FILE *f, const char *prog, const struct opt_spec *specs, unsigned int n)
{
	unsigned int i;

	fprintf(f, "usage: %s", prog);
	for (i = 0; i < n; i++)
		fprintf(f, " [--%s %s]", specs[i].name,
			specs[i].kind == OPT_PATH ? "PATH" : "N");
	fputc('\n', f);
	for (i = 0; i < n; i++)
		fprintf(f, "  --%-12s %s\n", specs[i].name, specs[i].help);
}

static int set_value(const char *prog, const struct opt_spec *spec, const char *arg)
{
	char opt[64];

	snprintf(opt, sizeof(opt), "--%s", spec->name);
	switch (spec->kind) {
	case OPT_COUNT:
		return parse_count(prog, opt, arg, (unsigned int)spec->min,
				   (unsigned int)spec->max, spec->value);
	case OPT_NUMBER:
		return parse_number(prog, opt, arg, spec->min, spec->max, spec->value);
	case OPT_PATH:
		*(const char **)spec->value = arg;
		return 0;
	}
	return -1;
}

int parse_options(const char *prog, const struct opt_spec *specs, unsigned int n, int argc,
		  char **argv)
{
	struct option longopts[MAX_OPTIONS + 2] = { { 0 } };
	unsigned int i;
	int c, index;

	if (n > MAX_OPTIONS) {
		fprintf(stderr, "%s: more than %d options\n", prog, MAX_OPTIONS);
		return -1;
	}
	for (i = 0; i < n; i++)
		longopts[i] = (struct option){ specs[i].name, required_argument, NULL, 0 };
	longopts[n] = (struct option){ "help", no_argument, NULL, 'h' };
	opterr = 0;	/* Say it ourselves, in the "prog: " form. */
	while ((c = getopt_long(argc, argv, "", longopts, &index)) != -1) {
		if (c == 'h') {
			usage(stdout, prog, specs, n);
			exit(0);
		}
		if (c != 0) {
			fprintf(stderr, "%s: unknown option or missing value: %s\n", prog,
				argv[optind - 1]);
			usage(stderr, prog, specs, n);
			return -1;
		}
		if (set_value(prog, &specs[index], optarg))
			return -1;
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		usage(stderr, prog, specs, n);
		return -1;
	}
	return 0;
}
