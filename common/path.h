/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_PATH_H
#define SW_PATH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Normalise an absolute path in place: collapse repeated slashes, drop
 * "." components and any trailing slash.  Returns 0, or -EINVAL if the
 * path is not absolute or has a ".." component (never resolved lexically:
 * that would give another meaning than the kernel's).
 */
int sw_path_normalize(char *path);

/* Whether child equals parent or lies below it ("/a" holds "/a/b" but
 * not "/ab").  Both must be normalised. */
bool sw_path_startswith(const char *child, const char *parent);

/* Compare two normalised paths so that a parent sorts before everything
 * below it: '/' orders before every other character. */
int sw_path_compare(const char *a, const char *b);

/* A malloc'd join of a and b, with exactly one slash between them. */
char *sw_path_join(const char *a, const char *b);

#endif
