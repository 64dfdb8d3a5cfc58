/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The seccomp filter: SystemCallFilter= and SystemCallErrorNumber=, with
 * systemd's semantics, resolved into rules at plan time and loaded with
 * libseccomp just before execve.
 *
 * Groups of system calls (names this architecture does not have are
 * skipped; "fails" means with the errno of the policy, EPERM unless
 * SystemCallErrorNumber= or a ":ERRNO" suffix says otherwise):
 *
 *   @default        the calls an allow list always allows, so that the
 *                   process can exec and run at all:
 *                   arch_prctl brk clock_getres clock_gettime
 *                   clock_nanosleep execve execveat exit exit_group futex
 *                   futex_waitv get_robust_list getegid geteuid getgid
 *                   getgroups getpgid getpgrp getpid getppid getrandom
 *                   getresgid getresuid getrlimit getsid gettid
 *                   gettimeofday getuid membarrier mmap mprotect munmap
 *                   nanosleep pause prlimit64 restart_syscall rseq
 *                   rt_sigreturn sched_getaffinity sched_yield
 *                   set_robust_list set_tid_address sigreturn time
 *   @clock          adjtimex clock_adjtime clock_adjtime64 clock_settime
 *                   clock_settime64 settimeofday stime
 *   @cpu-emulation  modify_ldt subpage_prot switch_endian vm86 vm86old
 *   @keyring        add_key keyctl request_key
 *   @module         delete_module finit_module init_module
 *   @mount          chroot fsconfig fsmount fsopen fspick mount
 *                   mount_setattr move_mount open_tree pivot_root umount
 *                   umount2
 *   @namespaces     setns unshare; clone3 (always fails with ENOSYS: its
 *                   flags are in memory the filter cannot read, and libc
 *                   then falls back to clone); clone when its flags hold
 *                   any of CLONE_NEWNS CLONE_NEWCGROUP CLONE_NEWUTS
 *                   CLONE_NEWIPC CLONE_NEWUSER CLONE_NEWPID CLONE_NEWNET
 *   @obsolete       _sysctl afs_syscall bdflush break create_module ftime
 *                   get_kernel_syms getpmsg gtty idle lock lookup_dcookie
 *                   mpx nfsservctl prof profil putpmsg query_module
 *                   security sgetmask ssetmask stty sysfs tuxcall ulimit
 *                   uselib ustat vserver
 *   @raw-io         ioperm iopl pciconfig_iobase pciconfig_read
 *                   pciconfig_write
 *   @reboot         kexec_file_load kexec_load reboot
 *   @swap           swapoff swapon
 *   @sandbox-escape @clock @cpu-emulation @keyring @module @mount
 *                   @namespaces @obsolete @raw-io @reboot @swap, and
 *                   acct bpf io_uring_enter io_uring_register
 *                   io_uring_setup kcmp name_to_handle_at
 *                   open_by_handle_at perf_event_open process_vm_readv
 *                   process_vm_writev quotactl quotactl_fd syslog
 *                   userfaultfd vhangup; ioctl when the low 32 bits of its
 *                   request are TIOCSTI or TIOCLINUX; personality when
 *                   its argument is neither PER_LINUX (0) nor the query
 *                   0xffffffff
 *
 * ptrace stays allowed: the pid namespace hides every process outside the
 * sandbox, and its pid 1 is not dumpable.  CLONE_NEWTIME is not tested on
 * clone: there that bit belongs to the exit signal, and the calls that
 * can take it (unshare, clone3) fail anyway.
 *
 * Lists, as in systemd: when the first word of SystemCallFilter= starts
 * with '~' the filter is a deny list (the calls named fail, the others
 * run), otherwise an allow list that also allows @default.  Later
 * assignments of the other kind take names out of the list.  A name that
 * libseccomp does not know at all is an error; one that it knows but
 * this architecture lacks (stime on x86_64) is skipped.
 *
 * Rules on whole calls make one filter (an allow list: default fails; a
 * deny list: default allows).  Rules that look at arguments make a second
 * filter whose default allows; the kernel runs both and the stricter
 * answer wins, so "ioctl is allowed, but not TIOCSTI" holds in an allow
 * list too (libseccomp cannot mix both in one filter).  Both refuse
 * other architectures, and on x86_64 the x32 ABI, by killing the process
 * (SIGSYS): a native service never makes such calls.
 */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

#include "common/macro.h"
#include "sandbox/lockdown.h"

#if defined(__s390__) || defined(__CRIS__)
#define CLONE_FLAGS_ARG 1
#else
#define CLONE_FLAGS_ARG 0
#endif

#define CLONE_NEW_FLAGS                                                        \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |         \
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

/* A member of a group that is only some calls of a system call, or that
 * fails with an errno of its own. */
struct sc_entry {
	const char *name;
	enum sw_arg_test test;
	unsigned arg;
	uint64_t value;
	int errnum;
};

static const struct sc_entry special_namespaces[] = {
	{.name = "clone3", .errnum = ENOSYS},
	{.name = "clone",
	 .test = SW_ARG_ANY_BIT,
	 .arg = CLONE_FLAGS_ARG,
	 .value = CLONE_NEW_FLAGS},
	{.name = NULL},
};

/* unshare(2) with a namespace flag, whatever the list: an allow list
 * that names unshare (or a reset) must not open a user namespace. */
static const struct sc_entry mandatory_unshare[] = {
	{.name = "unshare",
	 .test = SW_ARG_ANY_BIT,
	 .arg = 0,
	 .value = CLONE_NEW_FLAGS},
	{.name = NULL},
};

static const struct sc_entry special_sandbox_escape[] = {
	{.name = "ioctl", .test = SW_ARG_LOW32_EQ, .arg = 1, .value = TIOCSTI},
	{.name = "ioctl",
	 .test = SW_ARG_LOW32_EQ,
	 .arg = 1,
	 .value = TIOCLINUX},
	{.name = "personality", .test = SW_ARG_LOW32_MIXED, .arg = 0},
	{.name = NULL},
};

static const struct sc_group {
	const char *name;
	const char *calls; /* system calls and @groups, space-separated */
	const struct sc_entry *special;
} groups[] = {
	{.name = "@default",
	 .calls = "arch_prctl brk clock_getres clock_gettime clock_nanosleep "
		  "execve execveat exit exit_group futex futex_waitv "
		  "get_robust_list getegid geteuid getgid getgroups getpgid "
		  "getpgrp getpid getppid getrandom getresgid getresuid "
		  "getrlimit getsid gettid gettimeofday getuid membarrier "
		  "mmap mprotect munmap nanosleep pause prlimit64 "
		  "restart_syscall rseq rt_sigreturn sched_getaffinity "
		  "sched_yield set_robust_list set_tid_address sigreturn "
		  "time"},
	{.name = "@clock",
	 .calls = "adjtimex clock_adjtime clock_adjtime64 clock_settime "
		  "clock_settime64 settimeofday stime"},
	{.name = "@cpu-emulation",
	 .calls = "modify_ldt subpage_prot switch_endian vm86 vm86old"},
	{.name = "@keyring", .calls = "add_key keyctl request_key"},
	{.name = "@module", .calls = "delete_module finit_module init_module"},
	{.name = "@mount",
	 .calls = "chroot fsconfig fsmount fsopen fspick mount mount_setattr "
		  "move_mount open_tree pivot_root umount umount2"},
	{.name = "@namespaces",
	 .calls = "setns unshare",
	 .special = special_namespaces},
	{.name = "@obsolete",
	 .calls = "_sysctl afs_syscall bdflush break create_module ftime "
		  "get_kernel_syms getpmsg gtty idle lock lookup_dcookie mpx "
		  "nfsservctl prof profil putpmsg query_module security "
		  "sgetmask ssetmask stty sysfs tuxcall ulimit uselib ustat "
		  "vserver"},
	{.name = "@raw-io",
	 .calls = "ioperm iopl pciconfig_iobase pciconfig_read "
		  "pciconfig_write"},
	{.name = "@reboot", .calls = "kexec_file_load kexec_load reboot"},
	{.name = "@swap", .calls = "swapoff swapon"},
	{.name = "@sandbox-escape",
	 .calls = "@clock @cpu-emulation @keyring @module @mount @namespaces "
		  "@obsolete @raw-io @reboot @swap acct bpf io_uring_enter "
		  "io_uring_register io_uring_setup kcmp name_to_handle_at "
		  "open_by_handle_at perf_event_open process_vm_readv "
		  "process_vm_writev quotactl quotactl_fd syslog userfaultfd "
		  "vhangup",
	 .special = special_sandbox_escape},
};

static const struct sc_group *group_lookup(const char *name)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(groups); i++)
		if (sw_streq(groups[i].name, name))
			return &groups[i];
	return NULL;
}

/* Resolve ---------------------------------------------------------------- */

/* The rules being built, and the word of the policy being read. */
struct filter {
	struct sw_syscall_rule *rules;
	size_t n, cap;
	bool allow_list;
	int default_errno;
	const struct sw_value *word; /* for error messages */
	int word_errno;		     /* its ":ERRNO", or 0 */
	bool deny;		     /* the word is in a '~' assignment */
};

static int errno_parse(const char *s)
{
	char *end;
	long n;

	if (sw_streq(s, "kill"))
		return SW_SYSCALL_KILL;
	n = sw_errno_from_name(s);
	if (n > 0)
		return (int)n;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n <= 0 || n > 4095)
		return -EINVAL;
	return (int)n;
}

static void rules_remove(struct filter *f, int nr)
{
	size_t j = 0;

	for (size_t i = 0; i < f->n; i++)
		if (f->rules[i].nr != nr)
			f->rules[j++] = f->rules[i];
	f->n = j;
}

static struct sw_syscall_rule *rules_find(struct filter *f, int nr,
					  const struct sc_entry *e)
{
	for (size_t i = 0; i < f->n; i++) {
		struct sw_syscall_rule *r = &f->rules[i];

		if (r->nr == nr && r->test == e->test && r->arg == e->arg &&
		    r->value == e->value)
			return r;
	}
	return NULL;
}

static int rules_append(struct filter *f, int nr, const struct sc_entry *e,
			int errnum)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct sw_syscall_rule *rules;

		rules = realloc(f->rules, cap * sizeof(*rules));
		if (!rules)
			return -ENOMEM;
		f->rules = rules;
		f->cap = cap;
	}
	f->rules[f->n++] = (struct sw_syscall_rule){
		.nr = nr,
		.errnum = errnum,
		.test = e->test,
		.arg = e->arg,
		.value = e->value,
	};
	return 0;
}

static int filter_allow(struct filter *f, int nr)
{
	static const struct sc_entry whole = {.test = SW_ARG_ANY};

	rules_remove(f, nr);
	return f->allow_list ? rules_append(f, nr, &whole, 0) : 0;
}

/* The errno of a group member, else the word's, else the policy's. */
static int deny_errno(const struct filter *f, const struct sc_entry *e)
{
	if (e->errnum)
		return e->errnum;
	if (f->word_errno)
		return f->word_errno;
	return f->default_errno;
}

static int filter_deny(struct filter *f, int nr, const struct sc_entry *e)
{
	static const struct sc_entry whole = {.test = SW_ARG_ANY};
	int errnum = deny_errno(f, e);
	struct sw_syscall_rule *r = rules_find(f, nr, &whole);

	if (e->test == SW_ARG_ANY) {
		rules_remove(f, nr);
		if (f->allow_list && errnum == f->default_errno)
			return 0;
		return rules_append(f, nr, e, errnum);
	}
	/* Only some calls: nothing to do if the whole call fails anyway. */
	if (f->allow_list ? !r || r->errnum != 0 : r != NULL)
		return 0;
	r = rules_find(f, nr, e);
	if (r) {
		r->errnum = errnum;
		return 0;
	}
	return rules_append(f, nr, e, errnum);
}

static int filter_group(struct filter *f, const struct sc_group *g,
			struct sw_error *err);

/* One system call or group; explicit when the policy names it itself. */
static int filter_entry(struct filter *f, const struct sc_entry *e,
			bool explicit, struct sw_error *err)
{
	const struct sc_group *g;
	int nr;

	if (e->name[0] == '@') {
		g = group_lookup(e->name);
		if (!g)
			return sw_error_setf(err, EINVAL, "resolve the policy",
					     NULL,
					     "%s: SystemCallFilter: unknown "
					     "system call group '%s'",
					     sw_value_where(f->word), e->name);
		return filter_group(f, g, err);
	}
	nr = seccomp_syscall_resolve_name(e->name);
	if (nr == __NR_SCMP_ERROR && explicit)
		return sw_error_setf(err, EINVAL, "resolve the policy", NULL,
				     "%s: SystemCallFilter: unknown system "
				     "call '%s'",
				     sw_value_where(f->word), e->name);
	if (nr < 0)
		return 0; /* not a system call of this architecture */
	if (f->deny)
		return filter_deny(f, nr, e);
	return filter_allow(f, nr);
}

static int filter_group(struct filter *f, const struct sc_group *g,
			struct sw_error *err)
{
	const char *p = g->calls;
	char name[64];
	size_t len;
	int r;

	while (*p) {
		len = strcspn(p, " ");
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		r = filter_entry(f, &(struct sc_entry){.name = name}, false,
				 err);
		if (r < 0)
			return r;
		p += len + (p[len] == ' ');
	}
	for (const struct sc_entry *e = g->special; e && e->name; e++) {
		r = filter_entry(f, e, false, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* One word of SystemCallFilter=: [~]name[:ERRNO]. */
static int filter_word(struct filter *f, const struct sw_value *v,
		       struct sw_error *err)
{
	_cleanup_free_ char *name = strdup(v->text + (v->text[0] == '~'));
	struct sc_entry e = {.test = SW_ARG_ANY};
	char *colon;

	if (!name)
		return sw_error_set(err, ENOMEM, "resolve the policy", NULL);
	f->word = v;
	f->word_errno = 0;
	colon = strchr(name, ':');
	if (colon) {
		*colon++ = '\0';
		f->word_errno = errno_parse(colon);
		if (f->word_errno == -EINVAL)
			return sw_error_setf(err, EINVAL, "resolve the policy",
					     NULL,
					     "%s: SystemCallFilter: unknown "
					     "errno '%s'",
					     sw_value_where(v), colon);
		if (!f->deny)
			return sw_error_setf(err, EINVAL, "resolve the policy",
					     NULL,
					     "%s: SystemCallFilter: an "
					     "allowed system call takes no "
					     "errno '%s'",
					     sw_value_where(v), v->text);
	}
	if (!name[0])
		return 0;
	e.name = name;
	return filter_entry(f, &e, true, err);
}

static bool same_line(const struct sw_value *a, const struct sw_value *b)
{
	return a->file == b->file && a->line == b->line;
}

/*
 * The parser stores one value per word; the words of one assignment share
 * its file and line, and only the first may start with '~'.  The first
 * word of all decides between an allow list and a deny list; after that,
 * assignments that do not match the kind of list take names out of it.
 */
static int filter_words(struct filter *f, const struct sw_list *list,
			struct sw_error *err)
{
	static const struct sc_entry dflt = {.name = "@default"};
	const struct sw_value *head = NULL;
	int r;

	if (!list->n)
		return 0;
	f->allow_list = list->items[0].text[0] != '~';
	if (f->allow_list) {
		f->word = &list->items[0];
		r = filter_entry(f, &dflt, false, err);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct sw_value *v = &list->items[i];

		if (v->text[0] == '~')
			head = v;
		else if (head && !same_line(head, v))
			head = NULL;
		f->deny = head != NULL;
		r = filter_word(f, v, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int default_errno(const struct sw_policy *policy, int *out,
			 struct sw_error *err)
{
	const struct sw_list *list =
		&policy->keys[SW_KEY_SYSTEM_CALL_ERROR_NUMBER];
	const struct sw_value *v;

	*out = EPERM;
	if (!list->n)
		return 0;
	v = &list->items[list->n - 1];
	*out = errno_parse(v->text);
	if (*out == -EINVAL)
		return sw_error_setf(err, EINVAL, "resolve the policy", NULL,
				     "%s: SystemCallErrorNumber: unknown "
				     "errno '%s'",
				     sw_value_where(v), v->text);
	return 0;
}

/* Add the rules of entries unless the filter already has them. */
static int add_argument_rules(struct filter *f, const struct sc_entry *e)
{
	for (; e->name; e++) {
		int nr = seccomp_syscall_resolve_name(e->name);
		int k;

		if (nr < 0 || e->test == SW_ARG_ANY || rules_find(f, nr, e))
			continue;
		k = rules_append(f, nr, e, deny_errno(f, e));
		if (k < 0)
			return k;
	}
	return 0;
}

/*
 * Whatever the list says, a namespace-making clone, TIOCSTI, TIOCLINUX
 * and foreign personalities are refused, and clone3 (whose flags the
 * filter cannot read) fails with ENOSYS so that libc uses clone.  An allow
 * list has to name clone for threads and fork; without this it would let
 * a new user namespace through with it.
 */
static int filter_mandatory(struct filter *f)
{
	static const struct sc_entry clone3 = {.test = SW_ARG_ANY};
	int nr = seccomp_syscall_resolve_name("clone3");
	int k;

	f->word_errno = 0;
	if (nr >= 0) {
		rules_remove(f, nr);
		k = rules_append(f, nr, &clone3, ENOSYS);
		if (k < 0)
			return k;
	}
	k = add_argument_rules(f, special_namespaces);
	if (k == 0)
		k = add_argument_rules(f, special_sandbox_escape);
	return k < 0 ? k : add_argument_rules(f, mandatory_unshare);
}

int sw_seccomp_resolve(const struct sw_policy *policy, struct sw_plan *plan,
		       struct sw_error *err)
{
	struct filter f = {0};
	int r;

	r = default_errno(policy, &f.default_errno, err);
	if (r == 0)
		r = filter_words(&f, &policy->keys[SW_KEY_SYSTEM_CALL_FILTER],
				 err);
	if (r == 0)
		r = filter_mandatory(&f);
	if (r == -ENOMEM)
		r = sw_error_set(err, ENOMEM, "resolve the policy", NULL);
	if (r < 0) {
		free(f.rules);
		return r;
	}
	free(plan->syscalls);
	plan->syscalls = f.rules;
	plan->n_syscalls = f.n;
	plan->syscall_allow_list = f.allow_list;
	plan->syscall_default_errno = f.default_errno;
	return 0;
}

/* Apply ------------------------------------------------------------------ */

static uint32_t action_of(int errnum)
{
	if (errnum == 0)
		return SCMP_ACT_ALLOW;
	if (errnum == SW_SYSCALL_KILL)
		return SCMP_ACT_KILL_PROCESS;
	return SCMP_ACT_ERRNO((uint32_t)errnum);
}

static scmp_filter_ctx filter_new(uint32_t dflt)
{
	scmp_filter_ctx ctx = seccomp_init(dflt);

	if (!ctx)
		return NULL;
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_KILL_PROCESS) < 0) {
		seccomp_release(ctx);
		return NULL;
	}
	/* A binary tree instead of a list, where libseccomp can. */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	return ctx;
}

static int add_masked(scmp_filter_ctx ctx, const struct sw_syscall_rule *r,
		      uint64_t mask, uint64_t value)
{
	struct scmp_arg_cmp cmp = {
		.arg = r->arg,
		.op = SCMP_CMP_MASKED_EQ,
		.datum_a = mask,
		.datum_b = value,
	};

	return seccomp_rule_add_array(ctx, action_of(r->errnum), r->nr, 1,
				      &cmp);
}

/* (arg & 0xffffffff) is neither 0 nor 0xffffffff exactly when some bit k
 * differs from bit 0; libseccomp allows one test per argument and rule,
 * so that is 62 rules, each a masked comparison. */
static int add_mixed(scmp_filter_ctx ctx, const struct sw_syscall_rule *r)
{
	int k, ret = 0;

	for (k = 1; ret == 0 && k < 32; k++) {
		uint64_t mask = 1 | (UINT64_C(1) << k);

		ret = add_masked(ctx, r, mask, UINT64_C(1) << k);
		if (ret == 0)
			ret = add_masked(ctx, r, mask, 1);
	}
	return ret;
}

static int add_arg_rule(scmp_filter_ctx ctx, const struct sw_syscall_rule *r)
{
	int k, ret = 0;

	switch (r->test) {
	case SW_ARG_LOW32_EQ:
		return add_masked(ctx, r, UINT32_MAX, r->value);
	case SW_ARG_ANY_BIT:
		for (k = 0; ret == 0 && k < 64; k++)
			if (r->value & (UINT64_C(1) << k))
				ret = add_masked(ctx, r, UINT64_C(1) << k,
						 UINT64_C(1) << k);
		return ret;
	case SW_ARG_LOW32_MIXED:
		return add_mixed(ctx, r);
	case SW_ARG_ANY:
		break;
	}
	return -EINVAL;
}

static int load(scmp_filter_ctx ctx)
{
	int r = seccomp_load(ctx);

	seccomp_release(ctx);
	return r;
}

/* The rules that look at arguments, in a filter that allows the rest. */
static int load_arg_filter(const struct sw_plan *plan)
{
	scmp_filter_ctx ctx;
	bool any = false;
	int r = 0;

	for (size_t i = 0; i < plan->n_syscalls; i++)
		any |= plan->syscalls[i].test != SW_ARG_ANY;
	if (!any)
		return 0;
	ctx = filter_new(SCMP_ACT_ALLOW);
	if (!ctx)
		return -ENOMEM;
	for (size_t i = 0; r == 0 && i < plan->n_syscalls; i++)
		if (plan->syscalls[i].test != SW_ARG_ANY)
			r = add_arg_rule(ctx, &plan->syscalls[i]);
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	return load(ctx);
}

/* The rules on whole calls: the allow or deny list. */
static int load_list_filter(const struct sw_plan *plan)
{
	uint32_t dflt = plan->syscall_allow_list
				? action_of(plan->syscall_default_errno)
				: SCMP_ACT_ALLOW;
	scmp_filter_ctx ctx = filter_new(dflt);
	int r = 0;

	if (!ctx)
		return -ENOMEM;
	for (size_t i = 0; r == 0 && i < plan->n_syscalls; i++) {
		const struct sw_syscall_rule *rule = &plan->syscalls[i];

		if (rule->test != SW_ARG_ANY || action_of(rule->errnum) == dflt)
			continue;
		r = seccomp_rule_add(ctx, action_of(rule->errnum), rule->nr, 0);
	}
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	return load(ctx);
}

/*
 * The argument filter goes first: once the list filter is loaded, an
 * allow list may well refuse seccomp() itself.
 */
int sw_seccomp_apply(const struct sw_plan *plan, struct sw_error *err)
{
	int r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sw_error_set(err, errno, "load seccomp filter", NULL);
	r = load_arg_filter(plan);
	if (r == 0)
		r = load_list_filter(plan);
	if (r < 0)
		return sw_error_set(err, -r, "load seccomp filter", NULL);
	return 0;
}

/* Describe --------------------------------------------------------------- */

static void describe_errno(FILE *f, int errnum)
{
	const char *name = errnum > 0 ? strerrorname_np(errnum) : NULL;

	if (errnum == 0)
		fputs("allowed", f);
	else if (errnum == SW_SYSCALL_KILL)
		fputs("kill the process", f);
	else if (name)
		fprintf(f, "fail with %s", name);
	else
		fprintf(f, "fail with errno %d", errnum);
}

static void describe_test(FILE *f, const struct sw_syscall_rule *r)
{
	switch (r->test) {
	case SW_ARG_ANY:
		break;
	case SW_ARG_LOW32_EQ:
		fprintf(f, " when the low 32 bits of argument %u are 0x%llx",
			r->arg, (unsigned long long)r->value);
		break;
	case SW_ARG_ANY_BIT:
		fprintf(f, " when argument %u has a bit of 0x%llx", r->arg,
			(unsigned long long)r->value);
		break;
	case SW_ARG_LOW32_MIXED:
		fprintf(f, " when argument %u is neither 0 nor 0xffffffff",
			r->arg);
		break;
	}
}

static bool same_verdict(const struct sw_syscall_rule *a,
			 const struct sw_syscall_rule *b)
{
	return a->errnum == b->errnum && a->test == b->test &&
	       a->arg == b->arg && a->value == b->value;
}

/* One line for rule i and every later rule with the same verdict. */
static void describe_rules(FILE *f, const struct sw_plan *plan, size_t i)
{
	const struct sw_syscall_rule *first = &plan->syscalls[i];

	describe_errno(f, first->errnum);
	describe_test(f, first);
	fputc(':', f);
	for (size_t j = i; j < plan->n_syscalls; j++) {
		char *name;

		if (!same_verdict(first, &plan->syscalls[j]))
			continue;
		name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
							plan->syscalls[j].nr);
		fprintf(f, " %s", name ? name : "?");
		free(name);
	}
	fputc('\n', f);
}

static bool described_before(const struct sw_plan *plan, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (same_verdict(&plan->syscalls[j], &plan->syscalls[i]))
			return true;
	return false;
}

char *sw_seccomp_describe(const struct sw_plan *plan)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (plan->syscall_allow_list) {
		fputs("allow list: other system calls ", f);
		describe_errno(f, plan->syscall_default_errno);
		fputc('\n', f);
	} else {
		fputs("deny list: other system calls allowed\n", f);
	}
	for (size_t i = 0; i < plan->n_syscalls; i++)
		if (!described_before(plan, i))
			describe_rules(f, plan, i);
	fputs("other architectures and x32: kill the process", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
