/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_LOGIN_H
#define SW_LOGIN_H

#include <stdbool.h>

/*
 * sandwrap as an account's login shell, in /etc/passwd.  sshd, login, su
 * and cron start it the way they start any shell:
 *
 *     -sandwrap                 a login shell (argv[0] begins with '-')
 *     sandwrap -c COMMAND ...   a command (ssh host cmd, scp, sftp, cron)
 *     sandwrap -l               a login shell asked for explicitly
 *
 * and it runs the policy's shell the same way, inside the sandbox.
 */
struct login {
	bool active;
	bool login_shell; /* run the shell as a login shell */
	char **command;	  /* "-c" and what follows it, or NULL */
};

/* Whether path is the running sandwrap binary itself. */
bool sw_is_self(const char *path);

/* Whether argv is a shell invocation; fills l. */
bool sw_login_detect(int argc, char **argv, struct login *l);

/* The policy file for the calling user, or NULL for the built-in
 * default; malloc'd.  -errno if the user cannot be looked up. */
int sw_login_policy(const char *confdir, char **path);

/* The argument vector that runs shell as l asks; malloc'd array whose
 * strings are l's or owned by the array's first element. */
char **sw_login_argv(const struct login *l, const char *shell);

#endif
