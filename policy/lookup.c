/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which policy a login gets: the first file that exists of
 *     CONFDIR/users/USER.conf
 *     CONFDIR/groups/GROUP.conf   (primary group, then the others in order)
 *     CONFDIR/login.conf
 * and the built-in default when none does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "policy/policy.h"

/* Names end up in paths: nothing that could climb out of confdir. */
static bool safe_name(const char *name)
{
	return name[0] && name[0] != '.' && !strchr(name, '/');
}

static char *existing(const char *confdir, const char *sub, const char *name)
{
	struct stat st;
	char *path;

	if (!safe_name(name))
		return NULL;
	if (asprintf(&path, "%s/%s%s%s.conf", confdir, sub, sub[0] ? "/" : "",
		     name) < 0)
		return NULL;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return path;
	free(path);
	return NULL;
}

char *sw_policy_find_login(const char *confdir, const char *user,
			   const char *const *groups, size_t n_groups)
{
	char *path = existing(confdir, "users", user);

	for (size_t i = 0; !path && i < n_groups; i++)
		path = existing(confdir, "groups", groups[i]);
	if (!path)
		path = existing(confdir, "", "login");
	return path;
}
