/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rig's plan grammar, shared by PID 1 in the rig (rig/init.c) and the
 * host's check of a plan before it boots anything (rig/plan_check.c).
 *
 * A plan line is "NAME TIMEOUT_SECONDS PROGRAM [ARG...]", split on blanks;
 * 'a word in single quotes' may hold blanks; a line whose first word starts
 * with '#', or a blank line, is skipped.  NAME is letters, digits, '.',
 * '_' and '-' (it names the step's result files); TIMEOUT_SECONDS is a
 * positive decimal number; at most PLAN_MAX_ARGS words follow it.
 */
#ifndef RIG_PLAN_H
#define RIG_PLAN_H

#define PLAN_MAX_ARGS 64
#define PLAN_LINE_MAX 4096

struct plan_step {
	char *name;
	unsigned int timeout_s;
	char *argv[PLAN_MAX_ARGS + 1];
};

/*
 * Split @line in place into @st.  Returns 0 for a step, 1 for a line to
 * skip, -1 for a bad line (with what is wrong in @why).
 */
int plan_parse_line(char *line, struct plan_step *st, const char **why);

#endif
