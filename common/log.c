/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

static sw_log_fn log_sink;

void sw_log_set(sw_log_fn fn)
{
	log_sink = fn;
}

void sw_debug(const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	if (!log_sink)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_sink(line);
}

const char *sw_test_hook(const char *name)
{
#ifdef SW_TEST_HOOKS
	char var[128];

	snprintf(var, sizeof(var), "SANDWRAP_TEST_%s", name);
	return getenv(var);
#else
	(void)name;
	return NULL;
#endif
}
