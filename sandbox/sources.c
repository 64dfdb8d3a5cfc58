/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <libmount.h>

#include "common/log.h"
#include "common/macro.h"
#include "common/path.h"
#include "sandbox/sources.h"

bool sw_op_needs_source(const struct sw_op *op)
{
	if (op->kind == SW_OP_FILE)
		return op->source != NULL;
	return op->kind == SW_OP_BIND && !(op->flags & SW_OP_SOURCE_INSIDE);
}

static int check_device(int fd, const char *path, struct sw_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return sw_error_set(err, errno, "stat", path);
	if (!S_ISCHR(st.st_mode))
		return sw_error_setf(err, ENODEV, "bind device", path,
				     "not a character device");
	return 0;
}

/*
 * The kernel's own file systems are interfaces to the whole machine, not
 * files: a bind of them would give the command the host's processes and
 * sysctls.  The host's root would bring them along as submounts.
 */
static int check_not_kernel_fs(int fd, const struct sw_op *op,
			       struct sw_error *err)
{
	static const unsigned long magic[] = {
		0x9fa0,	    /* proc */
		0x62656572, /* sysfs */
		0x27e0eb,   /* cgroup */
		0x63677270, /* cgroup2 */
		0x64626720, /* debugfs */
		0x74726163, /* tracefs */
		0x73636673, /* securityfs */
		0xcafe4a11, /* bpf */
		0x62656570, /* configfs */
		0xde5e81e4, /* efivarfs */
	};
	struct statfs sfs;

	if (op->kind != SW_OP_BIND || (op->flags & SW_OP_SOURCE_DEVICE))
		return 0;
	if (strcmp(op->source, "/") == 0)
		return sw_error_setf(err, EPERM, "bind", op->source,
				     "the host's whole root would bring its "
				     "/proc and /sys along; bind what is "
				     "needed");
	if (fstatfs(fd, &sfs) < 0)
		return sw_error_set(err, errno, "stat", op->source);
	for (size_t i = 0; i < sizeof(magic) / sizeof(magic[0]); i++)
		if ((unsigned long)sfs.f_type == magic[i])
			return sw_error_setf(err, EPERM, "bind", op->source,
					     "it is a kernel interface file "
					     "system (/proc, /sys, cgroups), "
					     "which would expose the host");
	return 0;
}

static int open_source(const struct sw_plan *plan, const struct sw_op *op,
		       const struct sw_trust *trust, struct sw_error *err)
{
	struct sw_trust t = *trust;
	int fd, k;

	if (op->flags & SW_OP_CREATE_DIR)
		return sw_open_owned_dir(op->source, plan->uid, plan->gid,
					 trust, err);
	t.check_final_owner = op->flags & SW_OP_ETC_ENTRY;
	fd = sw_open_trusted(op->source, &t, err);
	if (fd < 0)
		return fd;
	k = op->flags & SW_OP_SOURCE_DEVICE ? check_device(fd, op->source, err)
					    : check_not_kernel_fs(fd, op, err);
	if (k < 0) {
		close(fd);
		return k;
	}
	return fd;
}

static int remember(int fd, const char *path, struct sw_source_id *id,
		    struct sw_error *err)
{
	struct stat st;
	int k = 0;

	if (fstat(fd, &st) < 0)
		k = sw_error_set(err, errno, "stat", path);
	else
		*id = (struct sw_source_id){true, st.st_dev, st.st_ino};
	close(fd);
	return k;
}

static int vet_null(const struct sw_trust *trust, struct sw_sources *out,
		    struct sw_error *err)
{
	struct stat st;
	int fd = sw_open_trusted("/dev/null", trust, err);

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) ||
	    st.st_rdev != makedev(1, 3)) {
		close(fd);
		return sw_error_setf(err, ENODEV, "open", "/dev/null",
				     "not the null device");
	}
	return remember(fd, "/dev/null", &out->null, err);
}

static const char *const kernel_fs_types[] = {
	"proc",	   "sysfs",	 "cgroup", "cgroup2",  "debugfs",
	"tracefs", "securityfs", "bpf",	   "configfs", "efivarfs",
};

static bool kernel_fs_type(const char *type)
{
	for (size_t i = 0; type && i < SW_ARRAY_SIZE(kernel_fs_types); i++)
		if (strcmp(type, kernel_fs_types[i]) == 0)
			return true;
	return false;
}

/* A recursive bind the policy asked for (the host image and /etc are
 * sandwrap's own and hold no kernel file system). */
static bool policy_rbind(const struct sw_op *op)
{
	return op->kind == SW_OP_BIND && (op->flags & SW_OP_RECURSIVE) &&
	       (op->flags & SW_OP_SOURCE_DIR) &&
	       !(op->flags & SW_OP_SOURCE_INSIDE) && op->key &&
	       strcmp(op->key, "HostImage") != 0 &&
	       strcmp(op->key, "EtcFiles") != 0;
}

static void unref_table(struct libmnt_table **tb)
{
	mnt_unref_table(*tb);
}

/*
 * A recursive bind brings the submounts of its source along: none of
 * them may be a kernel interface (/sys/fs/cgroup is a tmpfs holding the
 * cgroup hierarchies).  Read the mount table only when a policy asks for
 * such a bind.
 */
static int check_submounts(const struct sw_plan *plan, struct sw_error *err)
{
	_cleanup_(unref_table) struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr = NULL;
	struct libmnt_fs *fs;
	bool any = false;
	int k = 0;

	for (size_t i = 0; i < plan->n_ops && !any; i++)
		any = policy_rbind(&plan->ops[i]);
	if (!any)
		return 0;
	tb = mnt_new_table_from_file("/proc/self/mountinfo");
	itr = mnt_new_iter(MNT_ITER_FORWARD);
	if (!tb || !itr) {
		mnt_free_iter(itr);
		return sw_error_set(err, errno ? errno : ENOMEM,
				    "read the mount table", NULL);
	}
	while (k == 0 && mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *t = mnt_fs_get_target(fs);

		if (!t || !kernel_fs_type(mnt_fs_get_fstype(fs)))
			continue;
		for (size_t i = 0; i < plan->n_ops && k == 0; i++) {
			const struct sw_op *op = &plan->ops[i];

			if (policy_rbind(op) &&
			    sw_path_startswith(t, op->source))
				k = sw_error_setf(
					err, EPERM, "bind", op->source,
					"it holds the kernel file system %s "
					"at '%s', which would expose the host; "
					"bind what is needed, or add :norbind",
					mnt_fs_get_fstype(fs), t);
		}
	}
	mnt_free_iter(itr);
	return k;
}

int sw_sources_vet(const struct sw_plan *plan, const struct sw_trust *trust,
		   struct sw_sources *out, struct sw_error *err)
{
	int k;

	if ((k = check_submounts(plan, err)) < 0)
		return k;

	out->n = plan->n_ops;
	out->ids = calloc(plan->n_ops + 1, sizeof(*out->ids));
	if (!out->ids)
		return sw_error_set(err, ENOMEM, "open sources", NULL);
	for (size_t i = 0; i < plan->n_ops; i++) {
		const struct sw_op *op = &plan->ops[i];
		int fd;

		if (!sw_op_needs_source(op))
			continue;
		fd = open_source(plan, op, trust, err);
		if (fd == -ENOENT && (op->flags & SW_OP_OPTIONAL)) {
			sw_debug("skip     %s: %s is missing", op->target,
				 op->source);
			continue;
		}
		if (fd < 0)
			return fd;
		if ((k = remember(fd, op->source, &out->ids[i], err)) < 0)
			return k;
	}
	return vet_null(trust, out, err);
}

void sw_sources_clear(struct sw_sources *sources)
{
	free(sources->ids);
	sources->ids = NULL;
	sources->n = 0;
}

/* Open path again and check it is still the inode that was vetted. */
static int reopen(const char *path, const struct sw_source_id *id,
		  struct sw_error *err)
{
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return sw_error_set(err, errno, "open", path);
	if (fstat(fd, &st) < 0 || st.st_dev != id->dev ||
	    st.st_ino != id->ino) {
		close(fd);
		return sw_error_setf(err, ESTALE, "open", path,
				     "it changed while sandwrap was opening "
				     "it");
	}
	return fd;
}

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

int sw_sources_open(const struct sw_plan *plan,
		    const struct sw_sources *sources, int *fds, int *null_fd,
		    struct sw_error *err)
{
	for (size_t i = 0; i < plan->n_ops; i++)
		fds[i] = -1;
	for (size_t i = 0; i < plan->n_ops && i < sources->n; i++) {
		if (!sources->ids[i].present)
			continue;
		fds[i] = reopen(plan->ops[i].source, &sources->ids[i], err);
		if (fds[i] < 0) {
			close_all(fds, i);
			return fds[i];
		}
	}
	*null_fd = reopen("/dev/null", &sources->null, err);
	if (*null_fd < 0) {
		int k = *null_fd;

		close_all(fds, plan->n_ops);
		return k;
	}
	return 0;
}
