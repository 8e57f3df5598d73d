// SPDX-License-Identifier: GPL-2.0
/*
 * plan-check PLAN: check a rig plan on the host, with the parser the rig's
 * PID 1 uses, before a boot is spent on it.  Prints each bad line as
 * "PLAN:LINE: WHAT: want NAME TIMEOUT_SECONDS PROGRAM [ARG...], got: TEXT"
 * and exits 1 if there is one, 2 if PLAN cannot be read or has no step.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "plan.h"

int main(int argc, char **argv)
{
	char line[PLAN_LINE_MAX], copy[PLAN_LINE_MAX];
	unsigned int lineno = 0, bad = 0, steps = 0;
	struct plan_step st;
	const char *why;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: plan-check PLAN\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "plan-check: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		int r;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			printf("%s:%u: longer than %d bytes\n", argv[1], lineno, PLAN_LINE_MAX - 1);
			bad++;
			break;
		}
		line[strcspn(line, "\n")] = '\0';
		snprintf(copy, sizeof(copy), "%s", line);
		r = plan_parse_line(line, &st, &why);
		if (r < 0) {
			printf("%s:%u: %s: want NAME TIMEOUT_SECONDS PROGRAM [ARG...], got: %s\n",
			       argv[1], lineno, why, copy);
			bad++;
		}
		steps += r == 0;
	}
	if (ferror(f)) {
		fprintf(stderr, "plan-check: %s: read error\n", argv[1]);
		return 2;
	}
	fclose(f);
	if (!bad && !steps) {
		fprintf(stderr, "plan-check: %s has no step\n", argv[1]);
		return 2;
	}
	return bad ? 1 : 0;
}
