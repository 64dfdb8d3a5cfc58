/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_PRINT_H
#define SW_PRINT_H

#include <stdio.h>

#include "sandbox/plan.h"

/* Print the plan as `sandwrap check` shows it: the mounts as a table in
 * the order they are made, then the process settings. */
void sw_plan_print(FILE *out, const struct sw_plan *plan);

#endif
