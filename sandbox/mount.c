/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/log.h"
#include "common/macro.h"
#include "common/path.h"
#include "sandbox/fsutil.h"
#include "sandbox/mount.h"
#include "sandbox/sources.h"
#include "sandbox/syscalls.h"

/* Directories the new root may be attached on, first one that exists. */
static const char *const staging_dirs[] = {"/tmp", "/mnt", "/run", "/var/tmp"};

struct builder {
	const struct sw_plan *plan;
	const struct sw_sources *sources;
	struct sw_error *err;
	int *src;    /* per operation: host source fd or -1 */
	int null_fd; /* the host's /dev/null, for file masks */
	int root_fd;
	const char *staging; /* where the new root is attached */
	bool no_setattr;     /* kernel without mount_setattr */
};

static unsigned op_attrs(const struct sw_op *op)
{
	unsigned a = MOUNT_ATTR_NOSUID;

	if (!(op->flags & SW_OP_DEVICES))
		a |= MOUNT_ATTR_NODEV;
	if (op->flags & SW_OP_RO)
		a |= MOUNT_ATTR_RDONLY;
	if (op->flags & SW_OP_NOEXEC)
		a |= MOUNT_ATTR_NOEXEC;
	return a;
}

/* ---- step 1: sources -------------------------------------------------- */

static int open_sources(struct builder *b)
{
	b->src = malloc(b->plan->n_ops * sizeof(int) + 1);
	if (!b->src)
		return sw_error_set(b->err, ENOMEM, "open sources", NULL);
	return sw_sources_open(b->plan, b->sources, b->src, &b->null_fd,
			       b->err);
}

static void close_sources(struct builder *b)
{
	for (size_t i = 0; b->src && i < b->plan->n_ops; i++)
		if (b->src[i] >= 0)
			close(b->src[i]);
	free(b->src);
	if (b->null_fd >= 0)
		close(b->null_fd);
}

/* ---- mounting --------------------------------------------------------- */

static int attach(struct builder *b, int mnt, int target_fd, const char *path)
{
	if (sw_move_mount(mnt, "", target_fd, "",
			  MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) <
	    0)
		return sw_error_set(b->err, errno, "attach mount on", path);
	return 0;
}

/* Configure a new file system instance from "key=value,flag" options. */
static int configure_fs(int fs, const char *options)
{
	_cleanup_free_ char *copy = strdup(options ? options : "");
	char *save = NULL;

	if (!copy)
		return -ENOMEM;
	for (char *w = strtok_r(copy, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(w, '=');
		int r;

		if (eq) {
			*eq = '\0';
			r = sw_fsconfig(fs, FSCONFIG_SET_STRING, w, eq + 1, 0);
		} else {
			r = sw_fsconfig(fs, FSCONFIG_SET_FLAG, w, NULL, 0);
		}
		if (r < 0)
			return -errno;
	}
	if (sw_fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -errno;
	return 0;
}

/* A new detached instance of fstype; returns the mount fd or -errno. */
static int new_fs(struct builder *b, const char *fstype, const char *options,
		  unsigned attrs, const char *path)
{
	_cleanup_close_ int fs = -1;
	int mnt, k;

	fs = sw_fsopen(fstype, FSOPEN_CLOEXEC);
	if (fs < 0)
		return sw_error_setf(b->err, errno, "mount", path,
				     "cannot create a %s instance: %s", fstype,
				     strerror(errno));
	k = configure_fs(fs, options);
	if (k < 0)
		return sw_error_setf(b->err, -k, "mount", path,
				     "%s options '%s' refused: %s", fstype,
				     options, strerror(-k));
	mnt = sw_fsmount(fs, FSMOUNT_CLOEXEC, attrs);
	if (mnt < 0)
		return sw_error_set(b->err, errno, "mount", path);
	return mnt;
}

static int mount_new_fs(struct builder *b, const struct sw_op *op,
			const char *fstype, int target_fd)
{
	unsigned attrs = op_attrs(op);
	_cleanup_close_ int mnt = -1;

	if (op->flags & SW_OP_SEAL)
		attrs &= ~(unsigned)MOUNT_ATTR_RDONLY;
	mnt = new_fs(b, fstype, op->data, attrs, op->target);
	if (mnt < 0)
		return mnt;
	return attach(b, mnt, target_fd, op->target);
}

/* Remount every mount at or below the attached path, the way kernels
 * without mount_setattr allow: one mount at a time. */
static int remount_each(struct builder *b, const char *abs, unsigned long ms,
			const char *target)
{
	struct libmnt_table *tb;
	struct libmnt_iter *itr;
	struct libmnt_fs *fs;
	const char *fail = sw_test_hook("FAIL_REMOUNT");
	int k = 0;

	if (mount(NULL, abs, NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sw_error_set(b->err, errno, "make private", target);
	tb = mnt_new_table_from_file("/proc/self/mountinfo");
	itr = mnt_new_iter(MNT_ITER_FORWARD);
	if (!tb || !itr) {
		k = sw_error_set(b->err, ENOMEM, "read mount table", target);
		goto out;
	}
	while (k == 0 && mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *t = mnt_fs_get_target(fs);
		unsigned long flags = 0;

		if (!t || !sw_path_startswith(t, abs))
			continue;
		mnt_optstr_get_flags(mnt_fs_get_vfs_options(fs), &flags,
				     mnt_get_builtin_optmap(MNT_LINUX_MAP));
		flags |= ms | MS_BIND | MS_REMOUNT;
		if (fail && sw_path_startswith(t + strlen(b->staging), fail))
			errno = EPERM;
		else if (mount(NULL, t, NULL, flags, NULL) == 0)
			continue;
		k = sw_error_setf(b->err, errno, "remount read-only", target,
				  "submount '%s': %s", t + strlen(b->staging),
				  strerror(errno));
	}
out:
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	return k;
}

static unsigned long attrs_to_ms(unsigned a)
{
	return (a & MOUNT_ATTR_RDONLY ? MS_RDONLY : 0) |
	       (a & MOUNT_ATTR_NOSUID ? MS_NOSUID : 0) |
	       (a & MOUNT_ATTR_NODEV ? MS_NODEV : 0) |
	       (a & MOUNT_ATTR_NOEXEC ? MS_NOEXEC : 0);
}

static int bind_fallback(struct builder *b, int tree, int target_fd,
			 const struct sw_op *op)
{
	_cleanup_free_ char *abs = sw_path_join(b->staging, op->target);
	int k;

	if (!abs)
		return sw_error_set(b->err, ENOMEM, "bind", op->target);
	k = attach(b, tree, target_fd, op->target);
	if (k < 0)
		return k;
	return remount_each(b, abs, attrs_to_ms(op_attrs(op)), op->target);
}

static int bind_tree(struct builder *b, int src_fd, int target_fd,
		     const struct sw_op *op)
{
	struct sw_mount_attr attr = {
		.attr_set = op_attrs(op),
		.propagation = MS_PRIVATE,
	};
	unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH;
	_cleanup_close_ int tree = -1;

	if (op->flags & SW_OP_RECURSIVE)
		flags |= AT_RECURSIVE;
	tree = sw_open_tree(src_fd, "", flags);
	if (tree < 0)
		return sw_error_set(b->err, errno, "bind",
				    op->source ? op->source : op->target);
	if (b->no_setattr)
		return bind_fallback(b, tree, target_fd, op);
	/* Read-only before it is attached: never writable, not even for
	 * an instant, and a failure leaves nothing behind. */
	if (sw_mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr) <
	    0) {
		if (errno != ENOSYS)
			return sw_error_set(b->err, errno,
					    "make read-only/nosuid/nodev",
					    op->target);
		b->no_setattr = true;
		return bind_fallback(b, tree, target_fd, op);
	}
	return attach(b, tree, target_fd, op->target);
}

/* ---- the operations --------------------------------------------------- */

static int open_target(struct builder *b, const struct sw_op *op, bool dir)
{
	return sw_open_beneath(b->root_fd, op->target,
			       op->flags & SW_OP_IN_TMPFS, dir, b->err);
}

static bool fd_is_dir(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

static int op_bind(struct builder *b, const struct sw_op *op, int src)
{
	_cleanup_close_ int inside = -1, target = -1;

	if (op->flags & SW_OP_SOURCE_INSIDE) {
		inside = sw_open_beneath(b->root_fd, op->source, false, false,
					 b->err);
		if (inside == -ENOENT && (op->flags & SW_OP_OPTIONAL))
			return 0;
		if (inside < 0)
			return inside;
		src = inside;
	} else if (src < 0) {
		return 0; /* optional and missing */
	}
	target = open_target(b, op, fd_is_dir(src));
	if (target == -ENOENT && (op->flags & SW_OP_OPTIONAL))
		return 0;
	if (target < 0)
		return target;
	if (fd_is_dir(src) != fd_is_dir(target))
		return sw_error_setf(b->err, ENOTDIR, "bind", op->target,
				     "source and mount point differ in type");
	return bind_tree(b, src, target, op);
}

static int op_mask(struct builder *b, const struct sw_op *op)
{
	struct sw_op hidden = *op;
	_cleanup_close_ int target = -1;
	const char *fail = sw_test_hook("FAIL_MASK");

	target = open_target(b, op, op->flags & SW_OP_SOURCE_DIR);
	if (target == -ENOENT && (op->flags & SW_OP_OPTIONAL))
		return 0;
	if (target < 0)
		return target;
	if (fail && sw_streq(fail, op->target))
		return sw_error_set(b->err, EPERM, "mask", op->target);
	hidden.flags |= SW_OP_RO | SW_OP_NOEXEC;
	hidden.flags &= ~(unsigned)(SW_OP_DEVICES | SW_OP_RECURSIVE);
	if (fd_is_dir(target)) {
		hidden.data = "mode=0755,size=4k,nr_inodes=1";
		return mount_new_fs(b, &hidden, "tmpfs", target);
	}
	return bind_tree(b, b->null_fd, target, &hidden);
}

static int op_fs(struct builder *b, const struct sw_op *op, const char *type)
{
	_cleanup_close_ int target = open_target(b, op, true);

	if (target < 0)
		return target;
	return mount_new_fs(b, op, type, target);
}

/* Copy the host file src (an O_PATH fd) into the new file fd. */
static int copy_file(struct builder *b, const struct sw_op *op, int src, int fd)
{
	_cleanup_close_ int in = -1;
	char proc[64];
	struct stat st;

	if (fstat(src, &st) < 0)
		return sw_error_set(b->err, errno, "read", op->source);
	if (!S_ISREG(st.st_mode))
		return sw_error_setf(b->err, EINVAL, "copy", op->source,
				     "not a regular file");
	/* the same inode, now opened for reading */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", src);
	in = open(proc, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (in < 0)
		return sw_error_set(b->err, errno, "read", op->source);
	for (off_t done = 0; done < st.st_size;) {
		ssize_t n = sendfile(fd, in, NULL, (size_t)(st.st_size - done));

		if (n <= 0)
			return sw_error_set(b->err, n < 0 ? errno : EIO, "copy",
					    op->source);
		done += n;
	}
	/* Unprivileged, the owner could not be mapped: the caller owns
	 * the copy, in a /etc that is read-only all the same. */
	if ((!b->plan->unprivileged && fchown(fd, st.st_uid, st.st_gid) < 0) ||
	    fchmod(fd, st.st_mode & 07777) < 0)
		return sw_error_set(b->err, errno, "copy owner and mode of",
				    op->source);
	return 0;
}

static int write_data(struct builder *b, const struct sw_op *op, int fd)
{
	ssize_t len = (ssize_t)strlen(op->data);

	if (write(fd, op->data, (size_t)len) != len)
		return sw_error_set(b->err, errno ? errno : EIO, "write file",
				    op->target);
	return 0;
}

static int op_create(struct builder *b, const struct sw_op *op, int src)
{
	_cleanup_close_ int parent = -1, fd = -1;
	const char *base;

	if (op->source && src < 0)
		return 0; /* optional and missing */
	parent = sw_open_parent_beneath(b->root_fd, op->target, true, &base,
					b->err);
	if (parent < 0)
		return parent;
	switch (op->kind) {
	case SW_OP_SYMLINK:
		if (symlinkat(op->data, parent, base) < 0)
			return sw_error_set(b->err, errno, "create symlink",
					    op->target);
		return 0;
	case SW_OP_DIR:
		if (mkdirat(parent, base, op->mode) < 0 && errno != EEXIST)
			return sw_error_set(b->err, errno, "create directory",
					    op->target);
		return 0;
	default:
		break;
	}
	fd = openat(parent, base,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    op->mode);
	if (fd < 0)
		return sw_error_set(b->err, errno, "create file", op->target);
	if (op->source)
		return copy_file(b, op, src, fd);
	return write_data(b, op, fd);
}

static int apply_op(struct builder *b, size_t i)
{
	const struct sw_op *op = &b->plan->ops[i];

	sw_debug("%-8s %s%s%s", sw_op_kind_name(op->kind), op->target,
		 op->source ? " <- " : "", op->source ? op->source : "");
	switch (op->kind) {
	case SW_OP_BIND:
		return op_bind(b, op, b->src[i]);
	case SW_OP_MASK:
		return op_mask(b, op);
	case SW_OP_TMPFS:
		return op_fs(b, op, "tmpfs");
	case SW_OP_PROC:
		return op_fs(b, op, "proc");
	case SW_OP_DEVPTS:
		return op_fs(b, op, "devpts");
	case SW_OP_MQUEUE:
		return op_fs(b, op, "mqueue");
	case SW_OP_SYMLINK:
	case SW_OP_FILE:
	case SW_OP_DIR:
		return op_create(b, op, b->src[i]);
	}
	return sw_error_set(b->err, EINVAL, "apply", op->target);
}

/* ---- root and sealing ------------------------------------------------- */

static int create_root(struct builder *b)
{
	const struct sw_op *op = &b->plan->ops[0];
	_cleanup_close_ int mnt = -1, stage = -1;

	if (b->plan->n_ops == 0 || !sw_streq(op->target, "/") ||
	    op->kind != SW_OP_TMPFS)
		return sw_error_set(b->err, EINVAL, "create root", "/");
	for (size_t i = 0; i < SW_ARRAY_SIZE(staging_dirs) && stage < 0; i++) {
		stage = open(staging_dirs[i],
			     O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		b->staging = staging_dirs[i];
	}
	if (stage < 0)
		return sw_error_set(b->err, errno, "find a staging directory",
				    "/tmp");
	mnt = new_fs(b, "tmpfs", op->data,
		     op_attrs(op) & ~(unsigned)MOUNT_ATTR_RDONLY, "/");
	if (mnt < 0)
		return mnt;
	if (attach(b, mnt, stage, "/") < 0)
		return -b->err->errnum;
	b->root_fd = sw_steal_fd(mnt);
	return 0;
}

static int seal(struct builder *b, const struct sw_op *op)
{
	struct sw_mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
	_cleanup_close_ int fd = -1;

	fd = sw_open_beneath(b->root_fd, op->target, false, true, b->err);
	if (fd < 0)
		return fd;
	if (!b->no_setattr &&
	    sw_mount_setattr(fd, "", AT_EMPTY_PATH, &attr) == 0)
		return 0;
	if (!b->no_setattr && errno != ENOSYS)
		return sw_error_set(b->err, errno, "remount read-only",
				    op->target);
	{
		_cleanup_free_ char *abs = sw_path_join(b->staging, op->target);
		unsigned long ms = attrs_to_ms(op_attrs(op)) | MS_RDONLY |
				   MS_BIND | MS_REMOUNT;

		if (!abs || mount(NULL, abs, NULL, ms, NULL) < 0)
			return sw_error_set(b->err, abs ? errno : ENOMEM,
					    "remount read-only", op->target);
	}
	return 0;
}

static int seal_all(struct builder *b)
{
	for (size_t i = b->plan->n_ops; i-- > 0;) {
		const struct sw_op *op = &b->plan->ops[i];
		int k;

		if (op->kind != SW_OP_TMPFS || !(op->flags & SW_OP_SEAL))
			continue;
		if ((k = seal(b, op)) < 0)
			return k;
	}
	return 0;
}

int sw_mount_build(const struct sw_plan *plan, const struct sw_sources *sources,
		   struct sw_error *err)
{
	struct builder b = {
		.plan = plan,
		.sources = sources,
		.err = err,
		.null_fd = -1,
		.root_fd = -1,
		.no_setattr = sw_test_hook("NO_MOUNT_SETATTR") != NULL,
	};
	int k;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		k = sw_error_set(err, errno, "make mounts private", "/");
		goto out;
	}
	if ((k = open_sources(&b)) < 0 || (k = create_root(&b)) < 0)
		goto out;
	for (size_t i = 1; i < plan->n_ops; i++)
		if ((k = apply_op(&b, i)) < 0)
			goto out;
	k = seal_all(&b);
out:
	close_sources(&b);
	if (k < 0) {
		if (b.root_fd >= 0)
			close(b.root_fd);
		return k;
	}
	return b.root_fd;
}

int sw_mount_pivot(int root_fd, struct sw_error *err)
{
	if (fchdir(root_fd) < 0)
		return sw_error_set(err, errno, "enter new root", "/");
	if (sw_pivot_root(".", ".") < 0)
		return sw_error_set(err, errno, "pivot_root", "/");
	/* The old root is now stacked on the new one: detach it. */
	if (umount2(".", MNT_DETACH) < 0)
		return sw_error_set(err, errno, "detach old root", "/");
	if (chdir("/") < 0)
		return sw_error_set(err, errno, "enter new root", "/");
	return 0;
}
