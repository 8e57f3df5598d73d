/* SPDX-License-Identifier: GPL-2.0 */
/* The unit tests' checks: each prints "ok: WHAT" or "FAIL: WHAT" and counts. */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>

static int checks_passed, checks_failed;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok:" : "FAIL:", what);
	if (ok)
		checks_passed++;
	else
		checks_failed++;
}

/* The closing "N passed, N failed" line; the exit code of the test. */
static int checks_done(void)
{
	printf("%d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}

#endif
