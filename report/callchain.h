/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Call chains read from "perf script -F comm,tid,ip,sym,dso" of a recording
 * made with -g, which prints each sample as
 *   COMM TID
 *   <TAB>ADDR SYM (DSO)        innermost frame first, one line each
 *   ...
 *   <blank line>
 * (or "COMM TID ADDR SYM (DSO)" on one line for a sample with one frame).
 */
#ifndef REPORT_CALLCHAIN_H
#define REPORT_CALLCHAIN_H

#include <stdio.h>

/*
 * Print a row per sample,
 *   "chain<TAB>COMM<TAB>LEAF_DSO<TAB>FRAMES<TAB>SYM;SYM;..." (innermost first),
 * and at the end "#samples<TAB>N<TAB>chained<TAB>M" (M: samples with more
 * than one frame).  Returns 0, or -1 with a message in @err for a line that
 * is not perf script's, or no sample at all.
 */
int callchain_print_rows(FILE *in, FILE *out, char *err, size_t err_len);

#endif
