/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "common/macro.h"
#include "sandbox/exec.h"
#include "sandbox/mount.h"
#include "sandbox/native.h"
#include "sandbox/supervise.h"
#include "sandbox/syscalls.h"

struct child_args {
	const struct sw_plan *plan;
	const struct sw_sources *sources;
	const char *file;
	char *const *argv;
	int errfd;    /* write end of the error report pipe */
	int lifeline; /* read end; hangs up when sandwrap dies */
	uid_t uid;    /* the caller, for the user namespace's maps */
	gid_t gid;
};

static noreturn void child_fail(const struct child_args *a,
				struct sw_error *err)
{
	err->exit_status = SW_EXIT_SETUP;
	sw_error_send(a->errfd, err);
	_exit(SW_EXIT_SETUP);
}

/* Close every descriptor above 2 but the two pipes we still need. */
static void close_all_but(int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	if (lo > 3)
		sw_close_range(3, (unsigned)lo - 1, 0);
	if (hi > lo + 1)
		sw_close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
	sw_close_range((unsigned)hi + 1, ~0U, 0);
}

/* Die with sandwrap, including when it died before we could ask. */
static int tie_to_parent(const struct child_args *a, struct sw_error *err)
{
	struct pollfd p = {.fd = a->lifeline, .events = POLLIN};

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return sw_error_set(err, errno, "set parent death signal",
				    NULL);
	if (poll(&p, 1, 0) > 0)
		_exit(SW_EXIT_SETUP); /* sandwrap is gone */
	return 0;
}

static int loopback_up(struct sw_error *err)
{
	struct ifreq ifr = {0};
	_cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	strcpy(ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return sw_error_set(err, errno, "configure loopback", "lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return sw_error_set(err, errno, "bring up loopback", "lo");
	return 0;
}

static int write_proc_file(const char *path, const char *text,
			   struct sw_error *err)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text);

	if (fd < 0 || write(fd, text, (size_t)len) != len)
		return sw_error_set(err, errno, "write", path);
	return 0;
}

/*
 * Unprivileged: the user namespace maps the caller's own uid and gid and
 * nothing else, so no file on the host can be reached as anyone else.
 * Groups cannot be changed at all (setgroups is denied first, as the
 * kernel requires before an unprivileged gid map).
 */
static int map_caller(const struct child_args *a, struct sw_error *err)
{
	char map[64];
	int k;

	if ((k = write_proc_file("/proc/self/setgroups", "deny", err)) < 0)
		return k;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)a->gid,
		 (unsigned)a->gid);
	if ((k = write_proc_file("/proc/self/gid_map", map, err)) < 0)
		return k;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)a->uid,
		 (unsigned)a->uid);
	return write_proc_file("/proc/self/uid_map", map, err);
}

static int build(const struct child_args *a, struct sw_error *err)
{
	const struct sw_plan *plan = a->plan;
	_cleanup_close_ int root = -1;
	int k;

	if (plan->unprivileged && (k = map_caller(a, err)) < 0)
		return k;
	if (sethostname(plan->hostname, strlen(plan->hostname)) < 0)
		return sw_error_set(err, errno, "set host name",
				    plan->hostname);
	if (plan->private_network && (k = loopback_up(err)) < 0)
		return k;
	root = sw_mount_build(plan, a->sources, err);
	if (root < 0)
		return root;
	return sw_mount_pivot(root, err);
}

static noreturn void child_main(const struct child_args *a)
{
	struct sw_error err = {0};
	pid_t payload;

	close_all_but(a->errfd, a->lifeline);
	if (tie_to_parent(a, &err) < 0 || build(a, &err) < 0)
		child_fail(a, &err);
	/* The command may run as root: keep it out of our /proc entries. */
	if (prctl(PR_SET_DUMPABLE, 0) < 0) {
		sw_error_set(&err, errno, "make the sandbox's init undumpable",
			     NULL);
		child_fail(a, &err);
	}
	payload = fork();
	if (payload < 0) {
		sw_error_set(&err, errno, "start the command", NULL);
		child_fail(a, &err);
	}
	if (payload == 0) {
		close(a->lifeline);
		sw_exec_payload(a->plan, a->file, a->argv, a->errfd);
	}
	close(a->errfd);
	_exit(sw_init_loop(payload, isatty(STDIN_FILENO)));
}

static int clone_flags(const struct sw_plan *plan)
{
	int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS;

	if (plan->private_network)
		flags |= CLONE_NEWNET;
	if (plan->unprivileged)
		flags |= CLONE_NEWUSER;
	return flags;
}

/* The first of the known switches that turn unprivileged user namespaces
 * off, as "name=value", or NULL. */
static const char *userns_switch(char *buf, size_t size)
{
	static const struct {
		const char *file, *name, *off;
	} knobs[] = {
		{"/proc/sys/user/max_user_namespaces",
		 "user.max_user_namespaces", "0"},
		{"/proc/sys/kernel/unprivileged_userns_clone",
		 "kernel.unprivileged_userns_clone", "0"},
		{"/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
		 "kernel.apparmor_restrict_unprivileged_userns", "1"},
	};

	for (size_t i = 0; i < SW_ARRAY_SIZE(knobs); i++) {
		char val[32] = "";
		_cleanup_close_ int fd =
			open(knobs[i].file, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : read(fd, val, sizeof(val) - 1);

		if (n <= 0)
			continue;
		val[strcspn(val, "\n")] = '\0';
		if (sw_streq(val, knobs[i].off)) {
			snprintf(buf, size, "%s=%s", knobs[i].name, val);
			return buf;
		}
	}
	return NULL;
}

static void explain_clone_failure(const struct sw_plan *plan, int errnum,
				  struct sw_error *err)
{
	char knob[128];

	/* out of processes or memory: nothing to do with user namespaces */
	if (!plan->unprivileged || errnum == EAGAIN || errnum == ENOMEM) {
		sw_error_set(err, errnum, "create namespaces", NULL);
		return;
	}
	if (userns_switch(knob, sizeof(knob)))
		sw_error_setf(err, errnum, "create a user namespace", NULL,
			      "%s: unprivileged user namespaces are disabled "
			      "(%s); enable them, or start the command as "
			      "root",
			      strerror(errnum), knob);
	else
		sw_error_setf(err, errnum, "create a user namespace", NULL,
			      "%s: this system does not let unprivileged "
			      "users create user namespaces; allow it, or "
			      "start the command as root",
			      strerror(errnum));
}

static int block_signals(sigset_t *old, struct sw_error *err)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL};
	sigset_t set;

	/* A caller that ignores SIGCHLD would make us unable to wait. */
	sigaction(SIGCHLD, &dfl, NULL);
	sw_forwarded_signals(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return sw_error_set(err, errno, "block signals", NULL);
	return 0;
}

/*
 * Standard input, output and error pass into the sandbox as they are, so
 * none of them may be a directory: through /proc/self/fd it would be a
 * way back into the host's file system.
 */
static int check_std_fds(struct sw_error *err)
{
	static const char *const names[] = {"standard input", "standard output",
					    "standard error"};

	for (int fd = 0; fd < 3; fd++) {
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
			return sw_error_setf(err, EISDIR, "pass descriptors",
					     NULL,
					     "%s is a directory, which would "
					     "open the host's file system to "
					     "the command",
					     names[fd]);
	}
	return 0;
}

static int vet_sources(const struct sw_plan *plan, struct sw_sources *sources,
		       struct sw_error *err)
{
	struct sw_trust trust = {
		.caller = getuid(),
		.sandbox_uid = plan->uid,
	};

	return sw_sources_vet(plan, &trust, sources, err);
}

static int run_once(const struct sw_plan *plan, const char *file,
		    char *const argv[], struct sw_error *err, bool *reported)
{
	int errpipe[2] = {-1, -1}, lifeline[2] = {-1, -1};
	_cleanup_(sw_sources_clear) struct sw_sources sources = {0};
	struct child_args a = {
		.plan = plan,
		.sources = &sources,
		.file = file,
		.argv = argv,
		.uid = getuid(),
		.gid = getgid(),
	};
	sigset_t old;
	pid_t pid;
	int status;

	*reported = true;
	if (check_std_fds(err) < 0 || vet_sources(plan, &sources, err) < 0)
		return SW_EXIT_SETUP;
	if (block_signals(&old, err) < 0)
		return SW_EXIT_SETUP;
	if (pipe2(errpipe, O_CLOEXEC) < 0 || pipe2(lifeline, O_CLOEXEC) < 0) {
		sw_error_set(err, errno, "create pipe", NULL);
		return SW_EXIT_SETUP;
	}
	a.errfd = errpipe[1];
	a.lifeline = lifeline[0];
	pid = (pid_t)syscall(SYS_clone, clone_flags(plan) | SIGCHLD, NULL, NULL,
			     NULL, NULL);
	if (pid < 0) {
		explain_clone_failure(plan, errno, err);
		return SW_EXIT_SETUP;
	}
	if (pid == 0)
		child_main(&a);
	close(errpipe[1]);
	close(lifeline[0]);
	status = sw_parent_loop(pid, errpipe[0], isatty(STDIN_FILENO), err,
				reported);
	close(errpipe[0]);
	close(lifeline[1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return *reported && err->exit_status ? err->exit_status : status;
}

int sw_native_run(const struct sw_plan *plan, const char *file,
		  char *const argv[], struct sw_error *err, bool *reported)
{
	for (int attempt = 1;; attempt++) {
		int status = run_once(plan, file, argv, err, reported);

		/*
		 * A source the host replaced between its two opens (useradd
		 * renames a new /etc/group over the old): the sandbox was
		 * not finished and nothing ran in it, so build it again.
		 */
		if (!*reported || err->errnum != ESTALE || attempt == 3)
			return status;
		sw_debug("'%s' changed while it was opened; once more",
			 err->path);
		memset(err, 0, sizeof(*err));
	}
}
