/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_ERROR_H
#define SW_ERROR_H

/*
 * Library code never prints.  A function that fails returns -errno and
 * fills a struct sw_error with the step that failed and the path it
 * failed on; the front end (the sandwrap command, the PAM module) turns
 * it into one message:
 *
 *     sandwrap: POLICY: cannot STEP 'PATH': strerror
 *
 * The structure is plain data so that the sandbox child can send it to
 * its parent through a pipe in one write (it stays below PIPE_BUF, so
 * that write is atomic).
 */

#include <stdarg.h>

#define SW_ERROR_STEP_MAX 96
#define SW_ERROR_PATH_MAX 1536
#define SW_ERROR_DETAIL_MAX 1024

/* Exit statuses, as docker run, env and timeout use them. */
enum {
	SW_EXIT_SETUP = 125,	/* the sandbox could not be built */
	SW_EXIT_NOEXEC = 126,	/* the command could not be executed */
	SW_EXIT_NOTFOUND = 127, /* the command was not found */
};

struct sw_error {
	int errnum;	 /* positive errno, or 0 if detail says it all */
	int exit_status; /* status the front end should exit with */
	char step[SW_ERROR_STEP_MAX];	  /* "bind", "create mount point" */
	char path[SW_ERROR_PATH_MAX];	  /* the path it failed on, or "" */
	char detail[SW_ERROR_DETAIL_MAX]; /* replaces strerror if set */
};

/* Record a failure and return -errnum, so callers can write
 *     return sw_error_set(err, errno, "bind", target);              */
int sw_error_set(struct sw_error *err, int errnum, const char *step,
		 const char *path);

/* Same with a free-form detail instead of strerror(errnum). */
int sw_error_setf(struct sw_error *err, int errnum, const char *step,
		  const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Format "cannot STEP 'PATH': reason" into buf. */
void sw_error_format(const struct sw_error *err, char *buf, size_t size);

#endif
