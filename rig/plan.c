// SPDX-License-Identifier: GPL-2.0
/* The rig's plan grammar: see plan.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

/*
 * The next word of a plan line, or NULL: terminates it in place and moves
 * *@pos past it; sets *@bad on an unclosed quote.
 */
static char *next_word(char **pos, int *bad)
{
	char *p = *pos, *word;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!*p)
		return NULL;
	if (*p == '\'') {
		word = ++p;
		p = strchr(p, '\'');
		if (!p) {
			*bad = 1;
			return NULL;
		}
	} else {
		word = p;
		p += strcspn(p, " \t\n\r");
	}
	if (*p)
		*p++ = '\0';
	*pos = p;
	return word;
}

static int bad_line(const char **why, const char *what)
{
	*why = what;
	return -1;
}

int plan_parse_line(char *line, struct plan_step *st, const char **why)
{
	char *pos = line, *tok, *end;
	int argc = 0, bad = 0;

	tok = next_word(&pos, &bad);
	if (bad)
		return bad_line(why, "a quote is not closed");
	if (!tok || tok[0] == '#')
		return 1;
	if (strspn(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
	    strlen(tok))
		return bad_line(why, "the step name may hold only letters, digits, '.', '_' and '-'");
	st->name = tok;
	tok = next_word(&pos, &bad);
	if (!tok)
		return bad_line(why, bad ? "a quote is not closed" : "no timeout and no program");
	errno = 0;
	st->timeout_s = strtoul(tok, &end, 10);
	if (errno || *end || st->timeout_s == 0 || tok[0] < '0' || tok[0] > '9')
		return bad_line(why, "the timeout is not a positive number of seconds");
	while ((tok = next_word(&pos, &bad))) {
		if (argc == PLAN_MAX_ARGS)
			return bad_line(why, "more than 64 words after the timeout");
		st->argv[argc++] = tok;
	}
	st->argv[argc] = NULL;
	if (bad)
		return bad_line(why, "a quote is not closed");
	if (!argc)
		return bad_line(why, "no program");
	return 0;
}
