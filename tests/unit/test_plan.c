// SPDX-License-Identifier: GPL-2.0
/* Unit tests of rig/plan.c, the plan grammar of the rig and its host check. */
#include <stdio.h>
#include <string.h>

#include "../../rig/plan.h"
#include "check.h"

/* Parse a copy of @text; returns plan_parse_line()'s result. */
static int parse(const char *text, struct plan_step *st, const char **why)
{
	static char line[PLAN_LINE_MAX];

	snprintf(line, sizeof(line), "%s", text);
	*why = "";
	return plan_parse_line(line, st, why);
}

int main(void)
{
	char many[PLAN_LINE_MAX] = "many 5 /bin/true";
	struct plan_step st;
	const char *why;

	check(parse("record 180 /bin/perf kvm record -a\n", &st, &why) == 0 &&
	      !strcmp(st.name, "record") && st.timeout_s == 180 &&
	      !strcmp(st.argv[0], "/bin/perf") && !strcmp(st.argv[3], "-a") && !st.argv[4],
	      "a step splits into name, timeout and words");
	check(parse("boot 30 /bin/vmm --append 'console=hvc0 -- 6 60'\n", &st, &why) == 0 &&
	      !strcmp(st.argv[2], "console=hvc0 -- 6 60") && !st.argv[3],
	      "a quoted word keeps its blanks");
	check(parse("# a comment\n", &st, &why) == 1 && parse("   \n", &st, &why) == 1,
	      "comments and blank lines are skipped");
	check(parse("q 5 /bin/vmm 'open\n", &st, &why) == -1 && strstr(why, "quote"),
	      "an unclosed quote is an error");
	check(parse("t abc /bin/true\n", &st, &why) == -1 && strstr(why, "timeout"),
	      "a timeout that is not a number is an error");
	check(parse("t 0 /bin/true\n", &st, &why) == -1 && parse("t -5 /bin/true\n", &st, &why) == -1 &&
	      parse("t +5 /bin/true\n", &st, &why) == -1,
	      "zero, negative and signed timeouts are errors");
	check(parse("t 5\n", &st, &why) == -1 && strstr(why, "no program"),
	      "a step without a program is an error");
	check(parse("../x 5 /bin/true\n", &st, &why) == -1 && strstr(why, "name"),
	      "a step name that is a path is an error");
	for (int i = 0; i < 64; i++)
		strcat(many, " a");
	check(parse(many, &st, &why) == -1 && strstr(why, "64 words"),
	      "more than 64 words is an error");
	many[strlen(many) - 2] = '\0';
	check(parse(many, &st, &why) == 0, "64 words are fine");
	return checks_done();
}
