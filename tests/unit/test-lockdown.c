/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The lockdown of the sandboxed process, seen from inside: each test
 * resolves a hand-built policy, forks a child that applies the plan as
 * the real payload would (limits, credentials, seccomp), and the child
 * checks facts about itself and reports them through a pipe.  A test only
 * passes when the child wrote "OK": a child that never ran, or died, or
 * failed to apply the plan, fails the test.  Needs root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/keyctl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/macro.h"
#include "sandbox/lockdown.h"

#define NOBODY 65534
#define CAP_BIT(c) (UINT64_C(1) << (c))

/* Policies built by hand ------------------------------------------------ */

static struct sw_policy *policy_new(void)
{
	struct sw_policy *policy = calloc(1, sizeof(*policy));

	assert_non_null(policy);
	return policy;
}

/* One assignment Key=WORDS at file:line, stored a word per value as the
 * parser does. */
static void policy_add(struct sw_policy *policy, enum sw_key key,
		       const char *file, unsigned line, const char *words)
{
	struct sw_list *list = &policy->keys[key];
	_cleanup_free_ char *copy = strdup(words);
	char *save = NULL;

	assert_non_null(copy);
	for (char *w = strtok_r(copy, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		list->items = realloc(list->items,
				      (list->n + 1) * sizeof(*list->items));
		assert_non_null(list->items);
		list->items[list->n++] = (struct sw_value){
			.text = strdup(w),
			.file = file,
			.line = line,
		};
	}
}

static void policy_free(struct sw_policy *policy)
{
	for (size_t k = 0; k < SW_KEY__MAX; k++) {
		for (size_t i = 0; i < policy->keys[k].n; i++)
			free(policy->keys[k].items[i].text);
		free(policy->keys[k].items);
	}
	free(policy);
}

static gid_t nobody_groups[] = {NOBODY};

/* Resolves policy for uid (and gid) into plan; asserts success. */
static void resolve(const struct sw_policy *policy, uid_t uid,
		    struct sw_plan *plan)
{
	struct sw_error err = {0};

	memset(plan, 0, sizeof(*plan));
	plan->uid = uid;
	plan->gid = uid;
	plan->groups = uid ? nobody_groups : NULL;
	plan->n_groups = uid ? 1 : 0;
	if (sw_caps_resolve(policy, plan, &err) < 0 ||
	    sw_seccomp_resolve(policy, plan, &err) < 0 ||
	    sw_limits_resolve(policy, plan, &err) < 0)
		fail_msg("resolve: %s: %s", err.step, err.detail);
}

/* The default policy of sandwrap, as far as the lockdown goes. */
static struct sw_policy *default_policy(void)
{
	struct sw_policy *policy = policy_new();

	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "<built-in>", 1,
		   "~@sandbox-escape");
	return policy;
}

static void require_root(void)
{
	if (geteuid() != 0)
		skip();
}

/* In the child ---------------------------------------------------------- */

static int report_fd = -1;

static void child_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

static void child_fail(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(report_fd, buf, strnlen(buf, sizeof(buf))) < 0)
		_exit(2);
	_exit(1);
}

#define EXPECT(cond)                                                           \
	do {                                                                   \
		if (!(cond))                                                   \
			child_fail("line %d: %s (errno %d)\n", __LINE__,       \
				   #cond, errno);                              \
	} while (0)

/* The call failed with errnum. */
#define EXPECT_ERRNO(call, errnum)                                             \
	do {                                                                   \
		errno = 0;                                                     \
		long r_ = (long)(call);                                        \
		if (r_ != -1 || errno != (errnum))                             \
			child_fail("line %d: %s returned %ld, errno %d, "      \
				   "expected errno %d\n",                      \
				   __LINE__, #call, r_, errno, (errnum));      \
	} while (0)

/* The hexadecimal or decimal number of a field of /proc/self/status. */
static unsigned long long status_field(const char *name)
{
	char buf[4096], *p;
	size_t len = strlen(name);
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	EXPECT(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	EXPECT(n > 0);
	buf[n] = '\0';
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, len) == 0 && p[len] == ':')
			return strtoull(p + len + 1, NULL,
					name[0] == 'C' ? 16 : 10);
	child_fail("no %s in /proc/self/status\n", name);
}

static void expect_caps(uint64_t eff, uint64_t prm, uint64_t bnd, uint64_t amb,
			uint64_t inh)
{
	EXPECT(status_field("CapEff") == eff);
	EXPECT(status_field("CapPrm") == prm);
	EXPECT(status_field("CapBnd") == bnd);
	EXPECT(status_field("CapAmb") == amb);
	EXPECT(status_field("CapInh") == inh);
}

typedef void (*probe_fn)(const void *data);

/*
 * Applies plan in a child, runs probe there and asserts that the child
 * reported "OK" and exited 0.
 */
static void run_child(const struct sw_plan *plan, probe_fn probe,
		      const void *data)
{
	char buf[1024] = "";
	size_t len = 0;
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sw_error err = {0};
		char msg[2048];

		close(fds[0]);
		report_fd = fds[1];
		if (sw_limits_apply(plan, &err) < 0 ||
		    sw_creds_apply(plan, &err) < 0 ||
		    sw_seccomp_apply(plan, &err) < 0) {
			sw_error_format(&err, msg, sizeof(msg));
			child_fail("apply: %s\n", msg);
		}
		probe(data);
		EXPECT(write(report_fd, "OK\n", 3) == 3);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (strcmp(buf, "OK\n") != 0)
		fail_msg("child reported: %s", buf[0] ? buf : "nothing");
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Probes ---------------------------------------------------------------- */

/* Forks a grandchild that runs fn; returns its wait status. */
static int grandchild(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	EXPECT(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		fn();
		_exit(0);
	}
	EXPECT(waitpid(pid, &status, 0) == pid);
	return status;
}

#ifdef __x86_64__
static void call_x32(void)
{
	syscall(SYS_getpid | 0x40000000);
}

static void call_i386(void)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20) : "memory");
}
#endif

/* Other ABIs are refused: the process dies of SIGSYS (a kernel without
 * x32 would say ENOSYS, so this also shows it is the filter). */
static void probe_foreign_abi(void)
{
#ifdef __x86_64__
	int status = grandchild(call_x32);

	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
	status = grandchild(call_i386);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
#endif
}

static long try_clone(unsigned long flags)
{
	long r = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);

	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid((pid_t)r, NULL, 0);
	return r;
}

static long try_clone3(unsigned long flags)
{
	/* struct clone_args, first version: flags, pidfd, child_tid,
	 * parent_tid, exit_signal, stack, stack_size, tls. */
	uint64_t args[8] = {flags, 0, 0, 0, SIGCHLD, 0, 0, 0};
	long r = syscall(SYS_clone3, args, sizeof(args));

	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid((pid_t)r, NULL, 0);
	return r;
}

static void probe_ioctls(int e)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int off = 0;
	char c = 'x';

	EXPECT(fd >= 0);
	EXPECT_ERRNO(syscall(SYS_ioctl, fd, TIOCSTI, &c), e);
	EXPECT_ERRNO(syscall(SYS_ioctl, fd, (1UL << 32) | TIOCSTI, &c), e);
	EXPECT_ERRNO(syscall(SYS_ioctl, fd, TIOCLINUX, &c), e);
	EXPECT(syscall(SYS_ioctl, fd, FIONBIO, &off) == 0);
	close(fd);
}

static void probe_personality(int e)
{
	EXPECT_ERRNO(syscall(SYS_personality, PER_LINUX32), e);
	EXPECT_ERRNO(syscall(SYS_personality, (1UL << 32) | PER_LINUX32), e);
	EXPECT_ERRNO(syscall(SYS_personality, ADDR_NO_RANDOMIZE), e);
	EXPECT(syscall(SYS_personality, 0xffffffffUL) == PER_LINUX);
	EXPECT(syscall(SYS_personality, PER_LINUX) == PER_LINUX);
}

static void probe_namespaces(int e)
{
	EXPECT_ERRNO(syscall(SYS_unshare, CLONE_NEWUSER), e);
	EXPECT_ERRNO(syscall(SYS_unshare, CLONE_NEWNS), e);
	EXPECT_ERRNO(try_clone(CLONE_NEWUSER), e);
	EXPECT_ERRNO(try_clone(CLONE_NEWNET), e);
	EXPECT_ERRNO(try_clone3(CLONE_NEWUSER), ENOSYS);
	EXPECT_ERRNO(try_clone3(0), ENOSYS);
	EXPECT_ERRNO(syscall(SYS_setns, -1, 0), e);
}

/* Each would do something, or fail with another errno, if it ran. */
static void probe_escapes(int e)
{
	EXPECT_ERRNO(
		syscall(SYS_mount, "none", "/nonexistent-sw", "tmpfs", 0, NULL),
		e);
	EXPECT_ERRNO(syscall(SYS_umount2, "/nonexistent-sw", 0), e);
	EXPECT_ERRNO(
		syscall(SYS_pivot_root, "/nonexistent-a", "/nonexistent-b"), e);
	EXPECT_ERRNO(syscall(SYS_chroot, "/nonexistent-sw"), e);
	EXPECT_ERRNO(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
			     KEY_SPEC_SESSION_KEYRING, 0),
		     e);
	EXPECT_ERRNO(syscall(SYS_add_key, "user", "sandwrap-test", "x", 1,
			     KEY_SPEC_PROCESS_KEYRING),
		     e);
	EXPECT_ERRNO(syscall(SYS_bpf, -1, NULL, 0), e);
	EXPECT_ERRNO(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0), e);
	EXPECT_ERRNO(syscall(SYS_userfaultfd, 0), e);
	EXPECT_ERRNO(syscall(SYS_open_by_handle_at, -1, NULL, 0), e);
#ifdef SYS_iopl
	EXPECT_ERRNO(syscall(SYS_iopl, 0), e);
#endif
	EXPECT_ERRNO(syscall(SYS_swapon, "/nonexistent-sw", 0), e);
	/* A wrong magic number: EINVAL if the call were made. */
	EXPECT_ERRNO(syscall(SYS_reboot, 0, 0, 0, NULL), e);
	probe_namespaces(e);
	probe_ioctls(e);
	probe_personality(e);
}

static void *thread_main(void *arg)
{
	return arg;
}

/* What a service does all the time still works. */
static void probe_ordinary(void)
{
	pthread_t thread;
	void *result = NULL;
	int status = 0;
	pid_t pid;

	EXPECT(getpid() > 0);
	EXPECT(write(report_fd, "", 0) == 0);
	pid = fork();
	if (pid == 0)
		_exit(7);
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	/* glibc tries clone3, gets ENOSYS and falls back to clone. */
	EXPECT(pthread_create(&thread, NULL, thread_main, &status) == 0);
	EXPECT(pthread_join(thread, &result) == 0 && result == &status);
}

static void probe_default(const void *data)
{
	int e = *(const int *)data;

	expect_caps(0, 0, 0, 0, 0);
	EXPECT(getuid() == NOBODY && getgid() == NOBODY);
	EXPECT(status_field("NoNewPrivs") == 1);
	EXPECT(status_field("Seccomp") == 2);
	probe_escapes(e);
	probe_ordinary();
	probe_foreign_abi();
}

static void test_default_policy(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;
	int e = EPERM;

	require_root();
	resolve(policy, NOBODY, &plan);
	assert_false(plan.syscall_allow_list);
	run_child(&plan, probe_default, &e);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

static void test_error_number(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;
	int e = EACCES;

	require_root();
	policy_add(policy, SW_KEY_SYSTEM_CALL_ERROR_NUMBER, "test.conf", 4,
		   "EACCES");
	resolve(policy, NOBODY, &plan);
	run_child(&plan, probe_default, &e);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* An allow list that names ioctl, then takes @sandbox-escape out of it:
 * ioctl stays, but not TIOCSTI. */
static void probe_allow_list(const void *data)
{
	char c = 'x';

	EXPECT(getpid() > 0);
	EXPECT(getppid() > 0);
	EXPECT_ERRNO(syscall(SYS_uname, NULL), EPERM);
	EXPECT_ERRNO(syscall(SYS_getcwd, NULL, 0), EPERM);
	EXPECT_ERRNO(syscall(SYS_mount, "none", "/x", "tmpfs", 0, NULL), EPERM);
	EXPECT_ERRNO(syscall(SYS_ioctl, report_fd, TIOCSTI, &c), EPERM);
	EXPECT(syscall(SYS_ioctl, report_fd, FIONBIO, &(int){0}) == 0);
	EXPECT_ERRNO(try_clone(CLONE_NEWUSER), EPERM);
	EXPECT(try_clone(0) > 0);
	EXPECT_ERRNO(try_clone3(0), ENOSYS);
	EXPECT_ERRNO(syscall(SYS_personality, PER_LINUX32), EPERM);
	EXPECT(syscall(SYS_personality, 0xffffffffUL) == PER_LINUX);
	EXPECT(status_field("Seccomp") == 2);
	probe_foreign_abi();
}

static void test_allow_list(void **state)
{
	struct sw_policy *policy = policy_new();
	struct sw_plan plan;

	require_root();
	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "test.conf", 1,
		   "read write openat close ioctl clone clone3 wait4 fork "
		   "personality prctl rt_sigprocmask rt_sigaction mount");
	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "test.conf", 2,
		   "~@sandbox-escape");
	resolve(policy, NOBODY, &plan);
	assert_true(plan.syscall_allow_list);
	assert_int_equal(plan.syscall_default_errno, EPERM);
	run_child(&plan, probe_allow_list, NULL);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* The same refusals hold when the allow list alone names clone, clone3,
 * ioctl and personality: argument rules do not depend on the list. */
static void test_allow_list_mandatory(void **state)
{
	struct sw_policy *policy = policy_new();
	struct sw_plan plan;

	require_root();
	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "test.conf", 1,
		   "read write openat close ioctl clone clone3 wait4 fork "
		   "personality prctl rt_sigprocmask rt_sigaction");
	resolve(policy, NOBODY, &plan);
	assert_true(plan.syscall_allow_list);
	run_child(&plan, probe_allow_list, NULL);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

static int try_bind_80(void)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(80),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int r;

	EXPECT(fd >= 0);
	r = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	if (r < 0 && errno == EADDRINUSE)
		r = 0; /* the permission check comes first */
	close(fd);
	return r;
}

static void probe_ambient(const void *data)
{
	uint64_t nbs = CAP_BIT(CAP_NET_BIND_SERVICE);

	EXPECT(getuid() == NOBODY);
	expect_caps(nbs, nbs, nbs, nbs, nbs);
	EXPECT(try_bind_80() == 0);
}

static void probe_no_bind(const void *data)
{
	EXPECT_ERRNO(try_bind_80(), EACCES);
}

static void require_privileged_port_80(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "r");
	int start = 1024;

	if (f) {
		if (fscanf(f, "%d", &start) != 1)
			start = 1024;
		fclose(f);
	}
	if (start <= 80)
		skip();
}

static void test_ambient_bind(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;

	require_root();
	require_privileged_port_80();
	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "test.conf", 2,
		   "CAP_NET_BIND_SERVICE");
	policy_add(policy, SW_KEY_AMBIENT_CAPABILITIES, "test.conf", 3,
		   "cap_net_bind_service");
	resolve(policy, NOBODY, &plan);
	assert_true(plan.cap_ambient == CAP_BIT(CAP_NET_BIND_SERVICE));
	run_child(&plan, probe_ambient, NULL);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

static void test_no_ambient_no_bind(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;

	require_root();
	require_privileged_port_80();
	resolve(policy, NOBODY, &plan);
	run_child(&plan, probe_no_bind, NULL);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* A root daemon that may only switch users, as php-fpm's master. */
static void probe_root_setuid(const void *data)
{
	uint64_t set = CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETGID);

	EXPECT(getuid() == 0);
	expect_caps(set, set, set, 0, 0);
	EXPECT_ERRNO(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0), EPERM);
	EXPECT(setgroups(1, nobody_groups) == 0);
	EXPECT(setresgid(NOBODY, NOBODY, NOBODY) == 0);
	EXPECT(setresuid(NOBODY, NOBODY, NOBODY) == 0);
	expect_caps(0, 0, set, 0, 0);
	EXPECT_ERRNO(setuid(0), EPERM);
}

static void test_root_setuid(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;

	require_root();
	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "test.conf", 2,
		   "CAP_SETUID CAP_SETGID");
	resolve(policy, 0, &plan);
	run_child(&plan, probe_root_setuid, NULL);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* After execve ------------------------------------------------------------ */

/* Applies plan in a child that then execs cat /proc/self/status; returns
 * the output. */
static char *exec_status(const struct sw_plan *plan)
{
	char *buf = calloc(1, 8192);
	size_t len = 0;
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	assert_non_null(buf);
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sw_error err = {0};

		if (dup2(fds[1], STDOUT_FILENO) < 0 ||
		    sw_limits_apply(plan, &err) < 0 ||
		    sw_creds_apply(plan, &err) < 0 ||
		    sw_seccomp_apply(plan, &err) < 0)
			_exit(125);
		execl("/bin/cat", "cat", "/proc/self/status", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, 8191 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return buf;
}

static void assert_line(const char *text, const char *line)
{
	if (!strstr(text, line))
		fail_msg("'%s' not in:\n%s", line, text);
}

static void test_exec_caps(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;
	char *out;

	require_root();
	resolve(policy, NOBODY, &plan);
	out = exec_status(&plan);
	assert_line(out, "\nUid:\t65534\t65534\t65534\t65534\n");
	assert_line(out, "\nCapInh:\t0000000000000000\n");
	assert_line(out, "\nCapPrm:\t0000000000000000\n");
	assert_line(out, "\nCapEff:\t0000000000000000\n");
	assert_line(out, "\nCapBnd:\t0000000000000000\n");
	assert_line(out, "\nCapAmb:\t0000000000000000\n");
	assert_line(out, "\nNoNewPrivs:\t1\n");
	assert_line(out, "\nSeccomp:\t2\n");
	free(out);
	sw_lockdown_plan_free(&plan);

	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "test.conf", 2,
		   "CAP_NET_BIND_SERVICE");
	policy_add(policy, SW_KEY_AMBIENT_CAPABILITIES, "test.conf", 3,
		   "CAP_NET_BIND_SERVICE");
	resolve(policy, NOBODY, &plan);
	out = exec_status(&plan);
	assert_line(out, "\nCapInh:\t0000000000000400\n");
	assert_line(out, "\nCapPrm:\t0000000000000400\n");
	assert_line(out, "\nCapEff:\t0000000000000400\n");
	assert_line(out, "\nCapBnd:\t0000000000000400\n");
	assert_line(out, "\nCapAmb:\t0000000000000400\n");
	free(out);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* A root service keeps its bounding set over execve, and nothing more. */
static void test_exec_root(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;
	char *out;

	require_root();
	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "test.conf", 2,
		   "CAP_SETUID CAP_SETGID");
	resolve(policy, 0, &plan);
	out = exec_status(&plan);
	assert_line(out, "\nUid:\t0\t0\t0\t0\n");
	assert_line(out, "\nCapInh:\t0000000000000000\n");
	assert_line(out, "\nCapPrm:\t00000000000000c0\n");
	assert_line(out, "\nCapEff:\t00000000000000c0\n");
	assert_line(out, "\nCapBnd:\t00000000000000c0\n");
	assert_line(out, "\nCapAmb:\t0000000000000000\n");
	free(out);
	sw_lockdown_plan_free(&plan);

	/* Root with an empty bounding set has nothing. */
	policy_free(policy);
	policy = default_policy();
	resolve(policy, 0, &plan);
	out = exec_status(&plan);
	assert_line(out, "\nCapPrm:\t0000000000000000\n");
	assert_line(out, "\nCapEff:\t0000000000000000\n");
	assert_line(out, "\nCapBnd:\t0000000000000000\n");
	free(out);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* Limits ------------------------------------------------------------------ */

static void expect_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl;

	EXPECT(getrlimit(resource, &rl) == 0);
	EXPECT(rl.rlim_cur == soft);
	EXPECT(rl.rlim_max == hard);
}

static void probe_limits(const void *data)
{
	expect_limit(RLIMIT_NOFILE, 100, 200);
	expect_limit(RLIMIT_CORE, 0, 0);
	expect_limit(RLIMIT_FSIZE, 1 << 20, 1 << 20);
	expect_limit(RLIMIT_CPU, 3600, RLIM_INFINITY);
	expect_limit(RLIMIT_NPROC, 4096, 4096);
}

static void test_limits(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;

	require_root();
	policy_add(policy, SW_KEY_LIMIT_NOFILE, "test.conf", 2, "100:200");
	policy_add(policy, SW_KEY_LIMIT_CORE, "test.conf", 3, "0");
	policy_add(policy, SW_KEY_LIMIT_FSIZE, "test.conf", 4, "1M");
	policy_add(policy, SW_KEY_LIMIT_CPU, "test.conf", 5, "1h:infinity");
	policy_add(policy, SW_KEY_LIMIT_NPROC, "test.conf", 6, "100");
	policy_add(policy, SW_KEY_LIMIT_NPROC, "test.conf", 7, "4096");
	resolve(policy, NOBODY, &plan);
	assert_int_equal(plan.n_limits, 5);
	run_child(&plan, probe_limits, NULL);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

static void test_limits_unset(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;

	resolve(policy, NOBODY, &plan);
	assert_int_equal(plan.n_limits, 0);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* Resolution only ------------------------------------------------------------ */

/* Resolving policy fails with detail. */
static void assert_resolve_error(const struct sw_policy *policy,
				 const char *detail)
{
	struct sw_error err = {0};
	struct sw_plan plan = {0};
	int r;

	r = sw_caps_resolve(policy, &plan, &err);
	if (r == 0)
		r = sw_seccomp_resolve(policy, &plan, &err);
	if (r == 0)
		r = sw_limits_resolve(policy, &plan, &err);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(err.detail, detail);
	sw_lockdown_plan_free(&plan);
}

static void test_resolve_errors(void **state)
{
	struct sw_policy *policy = default_policy();

	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "/etc/x.conf", 7, "~foo");
	assert_resolve_error(policy, "/etc/x.conf:7: SystemCallFilter: "
				     "unknown system call 'foo'");
	policy_free(policy);

	policy = default_policy();
	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "/etc/x.conf", 8,
		   "~@mount @foo");
	assert_resolve_error(policy, "/etc/x.conf:8: SystemCallFilter: "
				     "unknown system call group '@foo'");
	policy_free(policy);

	policy = policy_new();
	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "/etc/x.conf", 9,
		   "read:EACCES");
	assert_resolve_error(policy, "/etc/x.conf:9: SystemCallFilter: an "
				     "allowed system call takes no errno "
				     "'read:EACCES'");
	policy_free(policy);

	policy = policy_new();
	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "/etc/x.conf", 2,
		   "CAP_SETUID");
	policy_add(policy, SW_KEY_AMBIENT_CAPABILITIES, "/etc/x.conf", 3,
		   "CAP_SETUID CAP_NET_BIND_SERVICE");
	assert_resolve_error(policy, "/etc/x.conf:3: AmbientCapabilities: "
				     "CAP_NET_BIND_SERVICE is not in the "
				     "capability bounding set");
	policy_free(policy);

	policy = policy_new();
	policy_add(policy, SW_KEY_AMBIENT_CAPABILITIES, "/etc/x.conf", 4,
		   "~CAP_SYS_ADMIN");
	assert_resolve_error(policy, "/etc/x.conf:4: AmbientCapabilities: "
				     "CAP_CHOWN is not in the capability "
				     "bounding set");
	policy_free(policy);
}

static const struct sw_syscall_rule *
find_rule(const struct sw_plan *plan, const char *name, enum sw_arg_test test)
{
	int nr = seccomp_syscall_resolve_name(name);

	for (size_t i = 0; i < plan->n_syscalls; i++)
		if (plan->syscalls[i].nr == nr &&
		    plan->syscalls[i].test == test)
			return &plan->syscalls[i];
	return NULL;
}

/* systemd's semantics: later assignments of the other kind take names
 * out of the list; a suffix sets the errno of one word. */
static void test_deny_list_edits(void **state)
{
	struct sw_policy *policy = default_policy();
	const struct sw_syscall_rule *r;
	struct sw_plan plan;

	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "test.conf", 2,
		   "chroot ioctl");
	policy_add(policy, SW_KEY_SYSTEM_CALL_FILTER, "test.conf", 3,
		   "~umount2:EACCES uname:kill");
	policy_add(policy, SW_KEY_SYSTEM_CALL_ERROR_NUMBER, "test.conf", 4,
		   "EROFS");
	resolve(policy, NOBODY, &plan);
	assert_false(plan.syscall_allow_list);
	assert_null(find_rule(&plan, "chroot", SW_ARG_ANY));
	/* argument rules are not list entries: they stay whatever the list */
	assert_non_null(find_rule(&plan, "ioctl", SW_ARG_LOW32_EQ));
	r = find_rule(&plan, "mount", SW_ARG_ANY);
	assert_non_null(r);
	assert_int_equal(r->errnum, EROFS);
	r = find_rule(&plan, "clone3", SW_ARG_ANY);
	assert_non_null(r);
	assert_int_equal(r->errnum, ENOSYS);
	r = find_rule(&plan, "umount2", SW_ARG_ANY);
	assert_non_null(r);
	assert_int_equal(r->errnum, EACCES);
	r = find_rule(&plan, "uname", SW_ARG_ANY);
	assert_non_null(r);
	assert_int_equal(r->errnum, SW_SYSCALL_KILL);
	r = find_rule(&plan, "personality", SW_ARG_LOW32_MIXED);
	assert_non_null(r);
	assert_int_equal(r->errnum, EROFS);
	r = find_rule(&plan, "clone", SW_ARG_ANY_BIT);
	assert_non_null(r);
	assert_true(r->value & CLONE_NEWUSER);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

/* A reset (the parser empties the list) leaves only the rules that hold
 * whatever the list: no namespace-making clone or unshare, clone3 with
 * ENOSYS, no TIOCSTI or TIOCLINUX, no foreign personality. */
static void test_no_filter(void **state)
{
	struct sw_policy *policy = policy_new();
	struct sw_plan plan;

	resolve(policy, NOBODY, &plan);
	assert_false(plan.syscall_allow_list);
	assert_int_equal(plan.n_syscalls, 6);
	assert_int_equal(find_rule(&plan, "clone3", SW_ARG_ANY)->errnum,
			 ENOSYS);
	assert_non_null(find_rule(&plan, "clone", SW_ARG_ANY_BIT));
	assert_non_null(find_rule(&plan, "unshare", SW_ARG_ANY_BIT));
	assert_non_null(find_rule(&plan, "personality", SW_ARG_LOW32_MIXED));
	assert_int_equal(plan.cap_bounding, 0);
	assert_int_equal(plan.cap_ambient, 0);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

static void test_caps_resolve(void **state)
{
	struct sw_policy *policy = policy_new();
	struct sw_plan plan;
	char *s;

	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "a.conf", 1,
		   "~CAP_SYS_ADMIN CAP_NET_ADMIN");
	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "a.conf", 2,
		   "CAP_CHOWN");
	resolve(policy, NOBODY, &plan);
	assert_false(plan.cap_bounding & CAP_BIT(CAP_SYS_ADMIN));
	assert_false(plan.cap_bounding & CAP_BIT(CAP_NET_ADMIN));
	assert_true(plan.cap_bounding & CAP_BIT(CAP_CHOWN));
	assert_true(plan.cap_bounding & CAP_BIT(CAP_SYS_PTRACE));
	sw_lockdown_plan_free(&plan);

	/* A later assignment adds what the inverted one left out. */
	policy_add(policy, SW_KEY_CAPABILITY_BOUNDING_SET, "a.conf", 3,
		   "CAP_SYS_ADMIN");
	resolve(policy, NOBODY, &plan);
	assert_true(plan.cap_bounding & CAP_BIT(CAP_SYS_ADMIN));
	assert_false(plan.cap_bounding & CAP_BIT(CAP_NET_ADMIN));
	sw_lockdown_plan_free(&plan);
	policy_free(policy);

	s = sw_caps_to_string(CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETGID));
	assert_string_equal(s, "CAP_SETGID CAP_SETUID");
	free(s);
	s = sw_caps_to_string(0);
	assert_string_equal(s, "none");
	free(s);
}

static void test_describe(void **state)
{
	struct sw_policy *policy = default_policy();
	struct sw_plan plan;
	char *s;

	resolve(policy, NOBODY, &plan);
	s = sw_seccomp_describe(&plan);
	assert_non_null(s);
	assert_non_null(strstr(s, "deny list: other system calls allowed\n"));
	assert_non_null(strstr(s, "fail with EPERM: "));
	assert_non_null(strstr(s, " mount "));
	assert_non_null(strstr(s, "fail with ENOSYS: clone3\n"));
	assert_non_null(strstr(s, "fail with EPERM when the low 32 bits "
				  "of argument 1 are 0x5412: "
				  "ioctl\n"));
	assert_non_null(strstr(s, "other architectures and x32: kill"));
	free(s);
	sw_lockdown_plan_free(&plan);
	policy_free(policy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_errors),
		cmocka_unit_test(test_deny_list_edits),
		cmocka_unit_test(test_no_filter),
		cmocka_unit_test(test_caps_resolve),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_limits_unset),
		cmocka_unit_test(test_default_policy),
		cmocka_unit_test(test_error_number),
		cmocka_unit_test(test_allow_list),
		cmocka_unit_test(test_allow_list_mandatory),
		cmocka_unit_test(test_ambient_bind),
		cmocka_unit_test(test_no_ambient_no_bind),
		cmocka_unit_test(test_root_setuid),
		cmocka_unit_test(test_exec_caps),
		cmocka_unit_test(test_exec_root),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
