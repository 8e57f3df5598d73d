// SPDX-License-Identifier: GPL-2.0
/*
 * host-guest-report: turn `perf kvm report --stdio --sort sym` into the
 * host vs guest summary: the share of samples in guest kernel, guest user,
 * host kernel and host user, and each one's top symbols.
 *
 *   host-guest-report [--top N] [FILE]    (standard input without FILE)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static int usage(void)
{
	fprintf(stderr, "usage: host-guest-report [--top N] [FILE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct profile *profile;
	unsigned long top = 5;
	const char *path = NULL;
	char err[256];
	FILE *in = stdin;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--top") && i + 1 < argc) {
			char *end;

			errno = 0;
			top = strtoul(argv[++i], &end, 10);
			if (errno || *end || top == 0 || top > 100) {
				fprintf(stderr, "host-guest-report: --top wants 1 to 100, not '%s'\n",
					argv[i]);
				return 2;
			}
		} else if (argv[i][0] == '-' || path) {
			return usage();
		} else {
			path = argv[i];
		}
	}
	if (path) {
		in = fopen(path, "r");
		if (!in) {
			fprintf(stderr, "host-guest-report: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	profile = calloc(1, sizeof(*profile));
	if (!profile) {
		fprintf(stderr, "host-guest-report: out of memory\n");
		return 1;
	}
	rc = profile_parse(in, profile, err, sizeof(err));
	if (in != stdin)
		fclose(in);
	if (rc) {
		fprintf(stderr, "host-guest-report: %s: %s\n", path ? path : "stdin", err);
		free(profile);
		return 1;
	}
	profile_print(profile, top, stdout);
	free(profile);
	return 0;
}
