/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_EXEC_H
#define SW_EXEC_H

#include <stdnoreturn.h>

#include "common/error.h"
#include "sandbox/plan.h"

/*
 * The last steps, in the payload process inside the finished sandbox:
 * signals back to defaults, every inherited descriptor above 2 closed on
 * exec, limits, user and capabilities, working directory, umask, then
 * no_new_privs and the seccomp filter, and execve.  On failure the error
 * goes to errfd and the process exits with its status (125, 126, 127).
 * file is what to execute; NULL: argv[0], looked up in the plan's PATH.
 */
noreturn void sw_exec_payload(const struct sw_plan *plan, const char *file,
			      char *const argv[], int errfd);

/* Send err through fd (one write; the reader gets all or nothing). */
void sw_error_send(int fd, const struct sw_error *err);

#endif
