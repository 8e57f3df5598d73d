/* SPDX-License-Identifier: GPL-2.0 */
/* Numbers from the command line, for vmm/ and stress/. */
#ifndef COMMON_NUMBER_H
#define COMMON_NUMBER_H

/* "PROG: OPT wants a number from MIN to MAX" and -1 unless @arg is one. */
int parse_number(const char *prog, const char *opt, const char *arg, double min,
		 double max, double *out);
/* The same for a whole number. */
int parse_count(const char *prog, const char *opt, const char *arg, unsigned int min,
		unsigned int max, unsigned int *out);

#endif
