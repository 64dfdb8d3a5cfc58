/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/macro.h"
#include "sandbox/exec.h"
#include "sandbox/lockdown.h"
#include "sandbox/syscalls.h"

void sw_error_send(int fd, const struct sw_error *err)
{
	ssize_t n;

	do
		n = write(fd, err, sizeof(*err));
	while (n < 0 && errno == EINTR);
}

static noreturn void fail(int errfd, struct sw_error *err)
{
	sw_error_send(errfd, err);
	_exit(err->exit_status ? err->exit_status : SW_EXIT_SETUP);
}

static int reset_signals(struct sw_error *err)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &sa, NULL); /* EINVAL for glibc's own */
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		return sw_error_set(err, errno, "reset signal mask", NULL);
	return 0;
}

/* Nothing the caller (a shell, sshd, PAM) left open may reach the
 * command: every descriptor above 2 is closed when it executes. */
static int close_inherited(struct sw_error *err)
{
	if (sw_close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		return sw_error_set(err, errno, "close inherited descriptors",
				    NULL);
	return 0;
}

static const char *env_get(char *const *env, const char *name)
{
	size_t len = strlen(name);

	for (; env && *env; env++)
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return *env + len + 1;
	return NULL;
}

/*
 * A command that is not attached to a terminal gets a session of its own:
 * it then has no controlling terminal to open as /dev/tty or to push
 * keystrokes into.  An interactive command keeps the caller's terminal so
 * that job control works; TIOCSTI stays refused by the filter.
 */
static int detach_from_terminal(struct sw_error *err)
{
	if (isatty(STDIN_FILENO))
		return 0;
	if (setsid() < 0)
		return sw_error_set(err, errno, "start a new session", NULL);
	return 0;
}

static int enter_workdir(const struct sw_plan *plan, struct sw_error *err)
{
	if (chdir(plan->workdir) == 0)
		return 0;
	if (plan->workdir_optional && chdir("/") == 0)
		return 0;
	return sw_error_set(err, errno, "change to working directory",
			    plan->workdir);
}

static bool is_executable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Look the command up in the sandbox's PATH, as execvp would; the first
 * executable candidate wins, else the first existing one (so the error
 * is "permission denied", not "not found"). */
static char *find_command(const char *name, char *const *env)
{
	const char *path = env_get(env, "PATH");
	_cleanup_free_ char *copy = NULL;
	char *found = NULL, *save = NULL;

	if (strchr(name, '/'))
		return strdup(name);
	copy = strdup(path ? path : "/usr/bin:/bin");
	if (!copy)
		return NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		char *cand;

		if (asprintf(&cand, "%s/%s", *dir ? dir : ".", name) < 0)
			break;
		if (is_executable_file(cand)) {
			free(found);
			return cand;
		}
		if (!found && exists(cand))
			found = cand;
		else
			free(cand);
	}
	return found;
}

static noreturn void exec_failed(int errfd, const char *cmd, int errnum)
{
	struct sw_error err = {0};

	if (errnum == ENOENT && exists(cmd)) {
		err.exit_status = SW_EXIT_NOEXEC;
		sw_error_setf(&err, ENOENT, "execute", cmd,
			      "its interpreter or dynamic loader is missing "
			      "in the sandbox");
	} else {
		err.exit_status =
			errnum == ENOENT ? SW_EXIT_NOTFOUND : SW_EXIT_NOEXEC;
		sw_error_set(&err, errnum, "execute", cmd);
	}
	fail(errfd, &err);
}

noreturn void sw_exec_payload(const struct sw_plan *plan, const char *file,
			      char *const argv[], int errfd)
{
	struct sw_error err = {0};
	_cleanup_free_ char *cmd = NULL;

	if (reset_signals(&err) < 0 || close_inherited(&err) < 0 ||
	    detach_from_terminal(&err) < 0 || sw_limits_apply(plan, &err) < 0 ||
	    sw_creds_apply(plan, &err) < 0 || enter_workdir(plan, &err) < 0)
		fail(errfd, &err);
	umask(plan->umask);

	if (!file && !argv[0][0]) {
		err.exit_status = SW_EXIT_NOTFOUND;
		sw_error_setf(&err, ENOENT, "execute", argv[0],
			      "the command name is empty");
		fail(errfd, &err);
	}
	cmd = file ? strdup(file) : find_command(argv[0], plan->env);
	if (!cmd) {
		err.exit_status = SW_EXIT_NOTFOUND;
		sw_error_setf(&err, ENOENT, "execute", argv[0],
			      "command not found in PATH");
		fail(errfd, &err);
	}
	/* Last: from here on the filter applies to us as well. */
	if (sw_seccomp_apply(plan, &err) < 0)
		fail(errfd, &err);
	execve(cmd, argv, plan->env);
	exec_failed(errfd, cmd, errno);
}
