/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

int sw_error_set(struct sw_error *err, int errnum, const char *step,
		 const char *path)
{
	if (errnum < 0)
		errnum = -errnum;
	if (err) {
		err->errnum = errnum;
		if (!err->exit_status)
			err->exit_status = SW_EXIT_SETUP;
		copy(err->step, sizeof(err->step), step);
		copy(err->path, sizeof(err->path), path);
		err->detail[0] = '\0';
	}
	return errnum ? -errnum : -EINVAL;
}

int sw_error_setf(struct sw_error *err, int errnum, const char *step,
		  const char *path, const char *fmt, ...)
{
	va_list ap;
	int r = sw_error_set(err, errnum, step, path);

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
		va_end(ap);
	}
	return r;
}

void sw_error_format(const struct sw_error *err, char *buf, size_t size)
{
	const char *reason =
		err->detail[0] ? err->detail : strerror(err->errnum);

	if (err->path[0])
		snprintf(buf, size, "cannot %s '%s': %s", err->step, err->path,
			 reason);
	else
		snprintf(buf, size, "cannot %s: %s", err->step, reason);
}
