/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_LOG_H
#define SW_LOG_H

/*
 * Tracing of the steps taken (sandwrap -v, the PAM module's debug
 * argument).  Library code calls sw_debug(); nothing is printed unless
 * the front end installed a sink.
 */

typedef void (*sw_log_fn)(const char *line);

void sw_log_set(sw_log_fn fn);
void sw_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Fault injection for the test suite: the value of SANDWRAP_TEST_<name>,
 * or NULL.  Always NULL unless built with --enable-test-hooks. */
const char *sw_test_hook(const char *name);

#endif
