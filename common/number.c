// SPDX-License-Identifier: GPL-2.0
/* Numbers from the command line, for vmm/ and stress/. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "number.h"

int parse_number(const char *prog, const char *opt, const char *arg, double min,
		 double max, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (errno || end == arg || *end || !(*out >= min && *out <= max)) {
		fprintf(stderr, "%s: %s wants a number from %g to %g, not '%s'\n",
			prog, opt, min, max, arg);
		return -1;
	}
	return 0;
}

int parse_count(const char *prog, const char *opt, const char *arg, unsigned int min,
		unsigned int max, unsigned int *out)
{
	double v;

	if (parse_number(prog, opt, arg, min, max, &v))
		return -1;
	if (v != (unsigned int)v) {
		fprintf(stderr, "%s: %s wants a whole number, not '%s'\n", prog, opt, arg);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}
