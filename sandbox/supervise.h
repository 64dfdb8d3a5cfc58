/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_SUPERVISE_H
#define SW_SUPERVISE_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "common/error.h"

/* The signals passed on to the command. */
void sw_forwarded_signals(sigset_t *set);

/* The exit status a shell would report for a wait status. */
int sw_exit_status(int wstatus);

/*
 * shared_tty: the command keeps the caller's terminal (its stdin is one),
 * so the terminal's own signals reach it without help.
 *
 * pid 1 of the sandbox: pass forwarded signals to payload, reap every
 * orphan, and return the status to exit with once payload is gone (the
 * kernel then kills whatever is left in the pid namespace).
 */
int sw_init_loop(pid_t payload, bool shared_tty);

/*
 * The outer sandwrap: pass forwarded signals to child (pid 1 of the
 * sandbox), collect an error report from errfd, and return the child's
 * exit status once it is gone.  *reported tells whether err was filled.
 */
int sw_parent_loop(pid_t child, int errfd, bool shared_tty,
		   struct sw_error *err, bool *reported);

#endif
