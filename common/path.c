/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"

int sw_path_normalize(char *path)
{
	char *out = path;
	const char *in = path;

	if (path[0] != '/')
		return -EINVAL;

	while (*in) {
		const char *end;
		size_t len;

		while (*in == '/')
			in++;
		if (!*in)
			break;
		end = strchrnul(in, '/');
		len = (size_t)(end - in);
		if (len == 2 && in[0] == '.' && in[1] == '.')
			return -EINVAL;
		if (!(len == 1 && in[0] == '.')) {
			*out++ = '/';
			memmove(out, in, len);
			out += len;
		}
		in = end;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
	return 0;
}

bool sw_path_startswith(const char *child, const char *parent)
{
	size_t n = strlen(parent);

	if (n == 1 && parent[0] == '/')
		return child[0] == '/';
	return strncmp(child, parent, n) == 0 &&
	       (child[n] == '\0' || child[n] == '/');
}

static int path_rank(char c)
{
	if (c == '\0')
		return 0;
	if (c == '/')
		return 1;
	return (unsigned char)c + 2;
}

int sw_path_compare(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return path_rank(*a) - path_rank(*b);
}

char *sw_path_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	char *r;

	while (la > 0 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	if (asprintf(&r, "%.*s/%s", (int)la, a, b) < 0)
		return NULL;
	return r;
}
