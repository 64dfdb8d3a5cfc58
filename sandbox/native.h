/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_NATIVE_H
#define SW_NATIVE_H

#include <stdbool.h>

#include "common/error.h"
#include "sandbox/plan.h"

/*
 * The native backend: run argv (file, or argv[0] looked up in the plan's
 * PATH when file is NULL) in new namespaces built from plan, wait
 * for it, and return the status to exit with.  When the sandbox could not
 * be built or the command not executed, *reported is true and err says
 * why (err->exit_status is then the status returned).
 */
int sw_native_run(const struct sw_plan *plan, const char *file,
		  char *const argv[], struct sw_error *err, bool *reported);

#endif
