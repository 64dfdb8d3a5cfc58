/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/macro.h"
#include "policy/policy.h"
#include "wrapper/login.h"

bool sw_is_self(const char *path)
{
	struct stat self, st;

	return stat("/proc/self/exe", &self) == 0 && stat(path, &st) == 0 &&
	       self.st_dev == st.st_dev && self.st_ino == st.st_ino;
}

/* `su USER` starts the shell with no argument at all: that is only a
 * shell invocation when sandwrap is the caller's shell. */
static bool started_as_own_shell(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw && pw->pw_shell && sw_is_self(pw->pw_shell);
}

bool sw_login_detect(int argc, char **argv, struct login *l)
{
	*l = (struct login){0};
	l->login_shell = argv[0] && argv[0][0] == '-';
	if (argc > 1 && sw_streq(argv[1], "-c") && argc > 2)
		l->command = argv + 1;
	else if (argc == 2 &&
		 (sw_streq(argv[1], "-l") || sw_streq(argv[1], "--login")))
		l->login_shell = true;
	else if (argc == 2 && sw_streq(argv[1], "-i"))
		; /* interactive, from sandwrap-shell for `su USER` */
	else if (argc != 1 || (!l->login_shell && !started_as_own_shell()))
		return false;
	l->active = true;
	return true;
}

/* The names of the caller's groups, primary first. */
static char **group_names(gid_t primary, size_t *n)
{
	int count = getgroups(0, NULL);
	_cleanup_free_ gid_t *gids = NULL;
	char **names;

	if (count < 0)
		return NULL;
	gids = calloc((size_t)count + 1, sizeof(*gids));
	names = calloc((size_t)count + 2, sizeof(*names));
	if (!gids || !names || getgroups(count, gids + 1) < 0) {
		free(names);
		return NULL;
	}
	gids[0] = primary;
	*n = 0;
	for (int i = 0; i <= count; i++) {
		struct group *gr = getgrgid(gids[i]);

		if (gr && (i == 0 || gids[i] != primary))
			names[(*n)++] = strdup(gr->gr_name);
	}
	return names;
}

int sw_login_policy(const char *confdir, char **path)
{
	struct passwd *pw = getpwuid(getuid());
	char **groups;
	size_t n = 0;

	if (!pw)
		return -ESRCH;
	groups = group_names(pw->pw_gid, &n);
	if (!groups)
		return -ENOMEM;
	*path = sw_policy_find_login(confdir, pw->pw_name,
				     (const char *const *)groups, n);
	for (size_t i = 0; i < n; i++)
		free(groups[i]);
	free(groups);
	return 0;
}

char **sw_login_argv(const struct login *l, const char *shell)
{
	const char *base = strrchr(shell, '/');
	size_t n = 0;
	char **argv;

	base = base ? base + 1 : shell;
	while (l->command && l->command[n])
		n++;
	argv = calloc(n + 2, sizeof(*argv));
	if (!argv)
		return NULL;
	/* "-bash" makes bash read the login profile, as login(1) does */
	if (asprintf(&argv[0], "%s%s", l->login_shell ? "-" : "", base) < 0) {
		free(argv);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = l->command[i];
	return argv;
}
