/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sandwrap-shell: the login shell to name in /etc/passwd.
 *
 * sshd, login, su and cron hand a shell an environment that the user
 * partly wrote: pam_env reads ~/.pam_environment where user_readenv=1
 * (Debian 12's sshd stack), sshd passes AcceptEnv= variables and, with
 * PermitUserEnvironment, ~/.ssh/environment.  The dynamic loader acts on
 * some of them (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT, GLIBC_TUNABLES)
 * before main() of any dynamically linked program runs, sandwrap's
 * included: code of the user's choosing would run before there is a
 * sandbox.
 *
 * This program is linked statically, so no loader reads that environment.
 * It keeps only variables known to be harmless and executes the sandwrap
 * installed next to it, which then finds the user's policy as for any
 * login.  It uses nothing but the C library.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_SETUP 125
#define MAX_ENV 64

extern char **environ;

/* Variables a login may keep: the terminal, the locale, who and where. */
static const char *const kept[] = {
	"TERM",	       "COLORTERM",  "NO_COLOR",
	"TZ",	       "LANG",	     "LANGUAGE",
	"LC_ALL",      "LC_CTYPE",   "LC_COLLATE",
	"LC_MESSAGES", "LC_NUMERIC", "LC_TIME",
	"LC_MONETARY", "HOME",	     "USER",
	"LOGNAME",     "MAIL",	     "SSH_CONNECTION",
	"SSH_CLIENT",  "SSH_TTY",    "SSH_ORIGINAL_COMMAND",
};

static bool kept_name(const char *entry)
{
	size_t len = strcspn(entry, "=");

	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (strlen(kept[i]) == len && strncmp(entry, kept[i], len) == 0)
			return true;
	return false;
}

/* A locale name with a '/' is a path the C library would load files
 * from; the loader's secure mode refuses those, and so do we. */
static bool harmless_value(const char *entry)
{
	const char *value = strchr(entry, '=');

	if (!value || strlen(value) > 1024)
		return false;
	if (strncmp(entry, "LANG", 4) == 0 || strncmp(entry, "LC_", 3) == 0)
		return !strchr(value, '/');
	/* TZ=/file or TZ=:/file names a file to parse, TZ=../x climbs
	 * out of the zone directory; a zone name (Europe/Berlin) is fine */
	if (strncmp(entry, "TZ=", 3) == 0)
		return value[1] != '/' && strncmp(value + 1, ":/", 2) != 0 &&
		       !strstr(value, "..");
	return true;
}

static void clean_environment(char **out)
{
	size_t n = 0;

	for (char **e = environ; e && *e && n < MAX_ENV; e++)
		if (kept_name(*e) && harmless_value(*e))
			out[n++] = *e;
	out[n] = NULL;
}

/* The sandwrap beside this program: the admin installed both. */
static int sandwrap_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash || (size_t)(slash - buf) + sizeof("/sandwrap") > size)
		return -ENAMETOOLONG;
	strcpy(slash, "/sandwrap");
	return 0;
}

static bool is_self(const char *path)
{
	struct stat self, st;

	return stat("/proc/self/exe", &self) == 0 && stat(path, &st) == 0 &&
	       self.st_dev == st.st_dev && self.st_ino == st.st_ino;
}

/* What sshd, login, su and cron pass a shell, and nothing else: other
 * arguments would reach sandwrap's own options. */
static bool shell_arguments(int argc, char **argv)
{
	if (argc < 2)
		return true;
	if (strcmp(argv[1], "-c") == 0)
		return argc >= 3;
	return argc == 2 &&
	       (strcmp(argv[1], "-l") == 0 || strcmp(argv[1], "--login") == 0 ||
		strcmp(argv[1], "-i") == 0);
}

int main(int argc, char **argv)
{
	static char *env[MAX_ENV + 1];
	char path[PATH_MAX];
	bool login = argv[0] && argv[0][0] == '-';
	char *fallback[] = {login ? "-sandwrap" : "sandwrap", "-i", NULL};
	int k;

	if (!shell_arguments(argc, argv)) {
		fprintf(stderr, "sandwrap-shell: a login shell takes '-c "
				"COMMAND', '-l' or nothing\n");
		return EXIT_SETUP;
	}
	clean_environment(env);
	k = sandwrap_path(path, sizeof(path));
	if (k < 0) {
		fprintf(stderr, "sandwrap-shell: cannot find sandwrap: %s\n",
			strerror(-k));
		return EXIT_SETUP;
	}
	if (is_self(path)) {
		fprintf(stderr,
			"sandwrap-shell: '%s' is sandwrap-shell itself: "
			"install it under its own name beside sandwrap\n",
			path);
		return EXIT_SETUP;
	}
	/* su USER starts the shell with no argument: an interactive one */
	if (argc < 2) {
		execve(path, fallback, env);
	} else {
		argv[0] = login ? "-sandwrap" : "sandwrap";
		execve(path, argv, env);
	}
	fprintf(stderr, "sandwrap-shell: cannot execute '%s': %s\n", path,
		strerror(errno));
	return EXIT_SETUP;
}
