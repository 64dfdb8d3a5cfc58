/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_PLAN_H
#define SW_PLAN_H

/*
 * The plan: what will happen, in order, fully resolved against the host
 * but not yet done.  Resolving reads the host (through struct sw_host, so
 * tests can hand in a fake one) and changes nothing.  Backends only
 * execute a plan; the printer shows it.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/error.h"
#include "policy/policy.h"

/* The file in the root of every sandbox that names its policy. */
#define SW_MARKER_FILE "/.sandwrap"

enum sw_op_kind {
	SW_OP_TMPFS,   /* a fresh tmpfs at target (data: mount options) */
	SW_OP_BIND,    /* bind host source at target */
	SW_OP_MASK,    /* hide target: empty read-only tmpfs or null file */
	SW_OP_PROC,    /* a new procfs instance (data: mount options) */
	SW_OP_DEVPTS,  /* a new devpts instance */
	SW_OP_MQUEUE,  /* a new mqueue instance */
	SW_OP_SYMLINK, /* target -> data */
	SW_OP_FILE,    /* a new file holding data */
	SW_OP_DIR,     /* an empty directory */
};

/* Flags of an operation. */
enum {
	SW_OP_RO = 1 << 0,	      /* read-only, submounts included */
	SW_OP_RECURSIVE = 1 << 1,     /* bind submounts too */
	SW_OP_OPTIONAL = 1 << 2,      /* a missing source at apply time skips */
	SW_OP_DEVICES = 1 << 3,	      /* device nodes work here (not nodev) */
	SW_OP_NOEXEC = 1 << 4,	      /* noexec */
	SW_OP_SEAL = 1 << 5,	      /* tmpfs: made read-only once filled */
	SW_OP_CREATE_DIR = 1 << 6,    /* bind: create source dir if missing,
				      owned by the sandbox user, 0750 */
	SW_OP_SOURCE_DIR = 1 << 7,    /* the source is a directory */
	SW_OP_SOURCE_FILE = 1 << 8,   /* the source is not a directory */
	SW_OP_SOURCE_DEVICE = 1 << 9, /* the source must be a char device */
	SW_OP_IN_TMPFS = 1 << 10,     /* the mount point is created in one of
				     our own tmpfs; otherwise it must exist */
	SW_OP_SOURCE_INSIDE = 1 << 11, /* source is a path in the new root */
	SW_OP_ETC_ENTRY = 1 << 12,     /* an /etc entry: a symlink may only lead
				      to a file owned by root or a system
				      account other than the sandbox user */
};

struct sw_op {
	enum sw_op_kind kind;
	unsigned flags;
	char *target;		       /* absolute, inside the sandbox */
	char *source;		       /* absolute host path, or NULL */
	char *data;		       /* options, link text or file contents */
	mode_t mode;		       /* for SW_OP_FILE and SW_OP_DIR */
	const struct sw_value *origin; /* the policy line, or NULL */
	const char *key;  /* the policy key that asked for it, or NULL */
	char **submounts; /* host mounts below source (for check) */
	size_t n_submounts;
};

struct sw_limit {
	int resource;	     /* RLIMIT_* */
	uint64_t soft, hard; /* RLIM_INFINITY for infinity */
};

/*
 * Which calls of a system call a seccomp rule matches.  The kernel reads
 * ioctl requests and personality values as 32-bit numbers, so those
 * tests look at the low 32 bits only: a request with bit 32 set is the
 * same request.
 */
enum sw_arg_test {
	SW_ARG_ANY,	    /* every call, whatever its arguments */
	SW_ARG_LOW32_EQ,    /* the low 32 bits of arg equal value */
	SW_ARG_ANY_BIT,	    /* arg has at least one of the bits of value */
	SW_ARG_LOW32_MIXED, /* the low 32 bits of arg are neither all 0 nor
			       all 1 (personality: not PER_LINUX, no query) */
};

#define SW_SYSCALL_KILL (-1) /* errnum: kill the process */

struct sw_syscall_rule {
	int nr;		       /* native syscall number */
	int errnum;	       /* errno to fail with, 0 to allow,
				   SW_SYSCALL_KILL */
	enum sw_arg_test test; /* SW_ARG_ANY for rules that allow */
	unsigned arg;	       /* the argument tested, 0 to 5 */
	uint64_t value;
};

struct sw_plan {
	char *name;	   /* policy name, for messages */
	bool unprivileged; /* built in a user namespace of the caller */
	struct sw_op *ops;
	size_t n_ops;

	/* namespaces */
	bool private_network;
	char *hostname;

	/* the process */
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t n_groups;
	char *user_name; /* for USER, LOGNAME */
	char *home;
	char *shell;
	char *workdir; /* NULL: home if it exists inside, else / */
	bool workdir_optional;
	mode_t umask;
	char **env; /* the complete environment, NULL-terminated */

	/* lockdown */
	uint64_t cap_bounding; /* CAP_* bit mask kept in the bounding set */
	uint64_t cap_ambient;
	bool syscall_allow_list;   /* rules allow, default denies */
	int syscall_default_errno; /* errno (or SW_SYSCALL_KILL) of the calls
				      an allow list does not name */
	struct sw_syscall_rule *syscalls;
	size_t n_syscalls;
	struct sw_limit *limits;
	size_t n_limits;
};

/*
 * The host, as plan resolution sees it.  The real one reads the file
 * system, /proc/self/mountinfo (through libmount) and NSS; unit tests use
 * a fake one.
 */
enum sw_file_type {
	SW_FT_MISSING = 0,
	SW_FT_DIR,
	SW_FT_FILE, /* anything that is not a directory or a symlink */
	SW_FT_SYMLINK,
};

struct sw_user {
	uid_t uid;
	gid_t gid;
	char *name;
	char *home;
	char *shell;
};

struct sw_host {
	/* lstat-like: the type of path, without following its last
	 * component; for a symlink *link gets a malloc'd target. */
	enum sw_file_type (*file_type)(const struct sw_host *host,
				       const char *path, char **link);
	/* The mount points at or below path, one malloc'd string each;
	 * returns the count or -errno. */
	int (*submounts)(const struct sw_host *host, const char *path,
			 char ***mounts);
	int (*lookup_user)(const struct sw_host *host, const char *name,
			   struct sw_user *user);
	int (*lookup_group)(const struct sw_host *host, const char *name,
			    gid_t *gid);
	/* All groups of user, primary group first (like getgrouplist). */
	int (*user_groups)(const struct sw_host *host, const char *name,
			   gid_t gid, gid_t **groups, size_t *n);
	/* A malloc'd copy of a small host file, or NULL with errno set. */
	char *(*read_file)(const struct sw_host *host, const char *path);
	/* The environment of the caller. */
	char *const *environ;
	/* The terminal on the caller's standard input, or NULL. */
	char *tty;
	uid_t caller_uid;
	gid_t caller_gid;
	gid_t *caller_groups; /* supplementary groups of the caller */
	size_t n_caller_groups;
	void *userdata;
};

void sw_user_clear(struct sw_user *user);

/* The real host; free with sw_host_free_real(). */
struct sw_host *sw_host_new_real(void);
void sw_host_free_real(struct sw_host *host);

/* Resolve policy against host.  On error returns -errno and fills err;
 * policy errors name the file and line in err->detail. */
int sw_plan_resolve(const struct sw_policy *policy, const struct sw_host *host,
		    struct sw_plan **out, struct sw_error *err);
void sw_plan_free(struct sw_plan *plan);

/* Append an operation; strings are copied.  NULL if out of memory. */
struct sw_op *sw_plan_add(struct sw_plan *plan, enum sw_op_kind kind,
			  const char *target, const char *source,
			  unsigned flags);
const char *sw_op_kind_name(enum sw_op_kind kind);
/* Free what an operation holds. */
void sw_op_clear(struct sw_op *op);

/* Sort the operations so that a parent comes before its children. */
void sw_plan_sort(struct sw_plan *plan);

#endif
