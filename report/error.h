/* SPDX-License-Identifier: GPL-2.0 */
/* How the readers of perf's output say what is wrong with their input. */
#ifndef REPORT_ERROR_H
#define REPORT_ERROR_H

#include <stddef.h>

/* Format a message into @err (@err_len bytes); returns -1. */
int report_error(char *err, size_t err_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
