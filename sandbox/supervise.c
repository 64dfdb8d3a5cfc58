/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Supervision.  Two processes stand between the caller and the command:
 * sandwrap itself outside, and a tiny init as pid 1 inside.  Signals
 * travel inwards through both; the exit status travels outwards; when
 * sandwrap dies its init gets SIGKILL (PR_SET_PDEATHSIG) and the kernel
 * then kills everything in the pid namespace.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/macro.h"
#include "sandbox/supervise.h"

static const int forwarded[] = {
	SIGTERM, SIGINT,   SIGHUP,  SIGQUIT, SIGUSR1,
	SIGUSR2, SIGWINCH, SIGALRM, SIGCONT,
};

void sw_forwarded_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < SW_ARRAY_SIZE(forwarded); i++)
		sigaddset(set, forwarded[i]);
}

int sw_exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return SW_EXIT_SETUP;
}

static int open_signalfd(void)
{
	sigset_t set;

	sw_forwarded_signals(&set);
	sigaddset(&set, SIGCHLD);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/*
 * The next signal to act on: its number, 0 for one not to pass on, -1 on
 * error.  When the command shares the caller's terminal, the terminal
 * sends it ^C, ^\\ and window changes itself (the kernel is then the
 * sender): passing them on as well would deliver them twice.
 */
static int read_signal(int fd, bool shared_tty)
{
	struct signalfd_siginfo si;
	ssize_t n;

	do
		n = read(fd, &si, sizeof(si));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(si))
		return -1;
	if (shared_tty && si.ssi_code == SI_KERNEL && si.ssi_signo != SIGCHLD)
		return 0;
	return (int)si.ssi_signo;
}

/* Reap every exited child; returns true once payload is among them. */
static bool reap(pid_t payload, int *status)
{
	bool gone = false;
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == payload) {
			*status = st;
			gone = true;
		}
	return gone;
}

int sw_init_loop(pid_t payload, bool shared_tty)
{
	_cleanup_close_ int sfd = open_signalfd();
	int status = 0;

	if (sfd < 0)
		return SW_EXIT_SETUP;
	if (reap(payload, &status))
		return sw_exit_status(status);
	for (;;) {
		int sig = read_signal(sfd, shared_tty);

		if (sig < 0)
			return SW_EXIT_SETUP;
		if (sig > 0 && sig != SIGCHLD)
			kill(payload, sig);
		else if (reap(payload, &status))
			return sw_exit_status(status);
	}
}

/* Read an error report, if one comes; -1 once the pipe is closed. */
static int read_report(int fd, struct sw_error *err, bool *reported)
{
	struct sw_error e;
	ssize_t n;

	do
		n = read(fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(e) && !*reported) {
		*err = e;
		*reported = true;
		return 0;
	}
	return n > 0 ? 0 : -1;
}

int sw_parent_loop(pid_t child, int errfd, bool shared_tty,
		   struct sw_error *err, bool *reported)
{
	_cleanup_close_ int sfd = open_signalfd();
	struct pollfd p[2];
	bool exited = false;
	int status = 0;

	*reported = false;
	p[0] = (struct pollfd){.fd = sfd, .events = POLLIN};
	p[1] = (struct pollfd){.fd = errfd, .events = POLLIN};
	for (;;) {
		int sig;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents && read_report(errfd, err, reported) < 0)
			p[1].fd = -1; /* closed: the command is running */
		if (!p[0].revents)
			continue;
		sig = read_signal(sfd, shared_tty);

		if (sig > 0 && sig != SIGCHLD)
			kill(child, sig);
		if (sig == SIGCHLD &&
		    waitpid(child, &status, WNOHANG) == child) {
			exited = true;
			break;
		}
	}
	if (p[1].fd >= 0)
		read_report(errfd, err, reported);
	if (!exited && waitpid(child, &status, 0) < 0)
		return SW_EXIT_SETUP;
	return sw_exit_status(status);
}
