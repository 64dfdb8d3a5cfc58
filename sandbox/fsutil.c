/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Opening paths without being redirected.  Host paths are walked one
 * component at a time with O_NOFOLLOW; a symlink is followed only when
 * nobody less trusted than root (or the caller) could have placed it.
 * Paths inside the sandbox being built are walked without following any
 * symlink at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/macro.h"
#include "sandbox/fsutil.h"
#include "sandbox/syscalls.h"

/* Accounts below this uid are system accounts (Debian's SYS_UID_MAX). */
#define SW_SYSTEM_UID_END 1000
#define SW_MAX_LINKS 40

static bool uid_trusted(uid_t uid, const struct sw_trust *trust)
{
	return uid == 0 || uid == trust->caller;
}

static bool writable_by_others(const struct stat *dir)
{
	return (dir->st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

static int untrusted_link(const char *path, const char *link,
			  const struct stat *lst, const struct stat *dir,
			  const struct sw_trust *trust, struct sw_error *err)
{
	if (!uid_trusted(lst->st_uid, trust))
		return sw_error_setf(err, EPERM, "follow symlink", path,
				     "'%s' is owned by uid %u, refusing to "
				     "follow it",
				     link, (unsigned)lst->st_uid);
	if (!uid_trusted(dir->st_uid, trust) ||
	    (writable_by_others(dir) && !(dir->st_mode & S_ISVTX)))
		return sw_error_setf(err, EPERM, "follow symlink", path,
				     "'%s' lies in a directory that others "
				     "can write, refusing to follow it",
				     link);
	return 0;
}

static bool link_trusted(const struct stat *lst, const struct stat *dir,
			 const struct sw_trust *trust)
{
	if (!uid_trusted(lst->st_uid, trust) ||
	    !uid_trusted(dir->st_uid, trust))
		return false;
	return !writable_by_others(dir) || (dir->st_mode & S_ISVTX);
}

static int final_owner_ok(int fd, const char *path,
			  const struct sw_trust *trust, struct sw_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return sw_error_set(err, errno, "stat", path);
	if (uid_trusted(st.st_uid, trust) ||
	    (st.st_uid < SW_SYSTEM_UID_END && st.st_uid != trust->sandbox_uid))
		return 0;
	return sw_error_setf(err, EPERM, "bind", path,
			     "its symlink leads to a file owned by uid %u, "
			     "which the sandbox must not trust",
			     (unsigned)st.st_uid);
}

/* Replace *todo by "target/rest". */
static int splice_link(char **todo, const char *target, const char *rest)
{
	char *n;

	if (asprintf(&n, "%s/%s", target, rest) < 0)
		return -ENOMEM;
	free(*todo);
	*todo = n;
	return 0;
}

/*
 * Copy the next component of *p into comp and move *p to the character
 * after it (a '/' or the end).  Returns 1, 0 at the end, or -ENAMETOOLONG.
 */
static int next_component(const char **p, char comp[static NAME_MAX + 1])
{
	const char *s = *p, *end;

	while (*s == '/')
		s++;
	if (!*s)
		return 0;
	end = strchrnul(s, '/');
	if ((size_t)(end - s) > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(comp, s, (size_t)(end - s));
	comp[end - s] = '\0';
	*p = end;
	return 1;
}

struct walk {
	const char *path; /* for messages */
	const struct sw_trust *trust;
	bool create; /* make missing directories, root-owned */
	bool followed;
	unsigned links;
};

static int walk_link(struct walk *w, int *cur, int nfd, const char *comp,
		     char **todo, const char *rest, struct sw_error *err)
{
	char target[PATH_MAX];
	struct stat lst, dst;
	ssize_t n;
	int k;

	if (++w->links > SW_MAX_LINKS)
		return sw_error_set(err, ELOOP, "open", w->path);
	if (fstat(nfd, &lst) < 0 || fstat(*cur, &dst) < 0)
		return sw_error_set(err, errno, "stat", w->path);
	n = readlinkat(nfd, "", target, sizeof(target) - 1);
	if (n < 0)
		return sw_error_set(err, errno, "read symlink", w->path);
	target[n] = '\0';
	if (!link_trusted(&lst, &dst, w->trust))
		return untrusted_link(w->path, comp, &lst, &dst, w->trust, err);
	if (target[0] == '/') {
		int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (root < 0)
			return sw_error_set(err, errno, "open", "/");
		close(*cur);
		*cur = root;
	}
	k = splice_link(todo, target, rest);
	if (k < 0)
		return sw_error_set(err, k, "open", w->path);
	w->followed = true;
	return 0;
}

static int walk_step(struct walk *w, int *cur, const char *comp, char **todo,
		     const char *rest, struct sw_error *err)
{
	struct stat st;
	int nfd;

	if (strcmp(comp, "..") == 0) {
		nfd = openat(*cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (nfd < 0)
			return sw_error_set(err, errno, "open", w->path);
		close(*cur);
		*cur = nfd;
		return splice_link(todo, "", rest);
	}
	nfd = openat(*cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (nfd < 0 && errno == ENOENT && w->create) {
		if (mkdirat(*cur, comp, 0755) < 0 && errno != EEXIST)
			return sw_error_set(err, errno, "create directory",
					    w->path);
		nfd = openat(*cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (nfd < 0)
		return sw_error_set(err, errno, "open", w->path);
	if (fstat(nfd, &st) < 0) {
		close(nfd);
		return sw_error_set(err, errno, "stat", w->path);
	}
	if (S_ISLNK(st.st_mode)) {
		int k = walk_link(w, cur, nfd, comp, todo, rest, err);

		close(nfd);
		return k;
	}
	close(*cur);
	*cur = nfd;
	return splice_link(todo, "", rest);
}

static int walk_path(struct walk *w, struct sw_error *err)
{
	_cleanup_free_ char *todo = strdup(w->path);
	_cleanup_close_ int cur = -1;

	if (!todo)
		return sw_error_set(err, ENOMEM, "open", w->path);
	cur = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return sw_error_set(err, errno, "open", "/");
	for (;;) {
		const char *slash = todo;
		char comp[NAME_MAX + 1];
		int k = next_component(&slash, comp);

		if (k < 0)
			return sw_error_set(err, -k, "open", w->path);
		if (k == 0)
			break;
		if (strcmp(comp, ".") == 0) {
			memmove(todo, slash, strlen(slash) + 1);
			continue;
		}
		k = walk_step(w, &cur, comp, &todo, *slash ? slash + 1 : "",
			      err);
		if (k < 0)
			return k;
	}
	return sw_steal_fd(cur);
}

/*
 * One system call for the common case: a path without any symlink needs
 * no trust decision at all.  Returns -1 when the slow walk must decide
 * (a symlink on the way, a kernel without openat2).
 */
static int open_no_symlinks(int dirfd, const char *path, uint64_t resolve)
{
	struct stat st;
	int fd = sw_openat2(dirfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC,
			    resolve | RESOLVE_NO_SYMLINKS |
				    RESOLVE_NO_MAGICLINKS);

	if (fd < 0)
		return -1;
	/* O_PATH|O_NOFOLLOW hands out a last component that is a link */
	if (fstat(fd, &st) < 0 || S_ISLNK(st.st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

int sw_open_trusted(const char *path, const struct sw_trust *trust,
		    struct sw_error *err)
{
	struct walk w = {.path = path, .trust = trust};
	int fd = open_no_symlinks(AT_FDCWD, path, 0);

	if (fd >= 0)
		return fd;
	fd = walk_path(&w, err);

	if (fd >= 0 && w.followed && trust->check_final_owner) {
		int k = final_owner_ok(fd, path, trust, err);

		if (k < 0) {
			close(fd);
			return k;
		}
	}
	return fd;
}

/* The malloc'd parent directory of an absolute path, and in *base its
 * last component (a pointer into path). */
static char *split_parent(const char *path, const char **base,
			  struct sw_error *err)
{
	char *parent = strdup(path);
	char *slash = parent ? strrchr(parent, '/') : NULL;

	if (!slash || !slash[1]) {
		sw_error_set(err, parent ? EINVAL : ENOMEM, "open", path);
		free(parent);
		return NULL;
	}
	*base = path + (slash - parent) + 1;
	slash[slash == parent ? 1 : 0] = '\0';
	return parent;
}

static int open_parent_trusted(const char *path, const struct sw_trust *trust,
			       const char **base, struct sw_error *err)
{
	_cleanup_free_ char *parent = split_parent(path, base, err);
	struct walk w = {.trust = trust, .create = true, .path = parent};

	if (!parent)
		return -err->errnum;
	return walk_path(&w, err);
}

static int check_owned_dir(int fd, const char *path, uid_t uid,
			   const struct sw_trust *trust, struct sw_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return sw_error_set(err, errno, "stat", path);
	if (st.st_uid != uid && !uid_trusted(st.st_uid, trust))
		return sw_error_setf(err, EPERM, "use directory", path,
				     "it is owned by uid %u, not by the "
				     "sandbox user %u",
				     (unsigned)st.st_uid, (unsigned)uid);
	return 0;
}

static int give_to(int fd, const char *path, uid_t uid, gid_t gid,
		   struct sw_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return sw_error_set(err, errno, "stat", path);
	if (st.st_uid == uid)
		return 0;
	if (fchown(fd, uid, gid) < 0)
		return sw_error_set(err, errno, "change owner of", path);
	return 0;
}

int sw_open_owned_dir(const char *path, uid_t uid, gid_t gid,
		      const struct sw_trust *trust, struct sw_error *err)
{
	_cleanup_close_ int parent = -1, fd = -1;
	const char *base = NULL;
	struct stat pst;
	bool created;
	int k;

	parent = open_parent_trusted(path, trust, &base, err);
	if (parent < 0)
		return parent;
	if (fstat(parent, &pst) < 0)
		return sw_error_set(err, errno, "stat", path);
	if (!uid_trusted(pst.st_uid, trust) || writable_by_others(&pst))
		return sw_error_setf(err, EPERM, "use directory", path,
				     "its parent directory can be written by "
				     "others");
	created = mkdirat(parent, base, 0750) == 0;
	if (!created && errno != EEXIST)
		return sw_error_set(err, errno, "create directory", path);
	fd = openat(parent, base,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
		return sw_error_setf(err, errno, "use directory", path,
				     "it is a symlink or not a directory");
	if (fd < 0)
		return sw_error_set(err, errno, "open", path);
	if (created && (fchown(fd, uid, gid) < 0 || fchmod(fd, 0750) < 0))
		return sw_error_set(err, errno, "change owner of", path);
	k = check_owned_dir(fd, path, uid, trust, err);
	if (k < 0)
		return k;
	/* Left by a run as another trusted user (root): the directory is
	 * ours to manage, so it passes to the service user. */
	if (!created && (k = give_to(fd, path, uid, gid, err)) < 0)
		return k;
	return sw_steal_fd(fd);
}

static int open_component(int dirfd, const char *comp, bool create, bool dir,
			  bool last, const char *path, struct sw_error *err)
{
	int flags = O_PATH | O_NOFOLLOW | O_CLOEXEC | (last ? 0 : O_DIRECTORY);
	int fd = openat(dirfd, comp, flags);
	struct stat st;

	if (fd < 0 && errno == ENOENT && create) {
		if (!last || dir) {
			if (mkdirat(dirfd, comp, 0755) < 0 && errno != EEXIST)
				return sw_error_set(err, errno,
						    "create mount point", path);
		} else {
			int f = openat(dirfd, comp,
				       O_WRONLY | O_CREAT | O_EXCL |
					       O_NOFOLLOW | O_CLOEXEC,
				       0444);

			if (f < 0 && errno != EEXIST)
				return sw_error_set(err, errno,
						    "create mount point", path);
			if (f >= 0)
				close(f);
		}
		fd = openat(dirfd, comp, flags);
	}
	if (fd < 0 && errno == ENOTDIR)
		return sw_error_setf(err, ENOTDIR, "open mount point", path,
				     "a component is a symlink or not a "
				     "directory");
	if (fd < 0)
		return sw_error_set(err, errno, "open mount point", path);
	if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
		close(fd);
		return sw_error_setf(err, ELOOP, "open mount point", path,
				     "it is a symlink, which is never followed "
				     "there");
	}
	return fd;
}

/*
 * The common case of a mount point to create: its parent exists (most
 * are made in order, parents first), so open that in one call and make
 * only the last component.  False when the parent is missing too; else
 * *fd is the result, an fd or -errno.
 */
static bool create_last(int dirfd, const char *rel, bool dir, const char *path,
			int *fd, struct sw_error *err)
{
	const char *slash = strrchr(rel, '/');
	char parent[PATH_MAX];
	int pfd;

	if (!slash) {
		strcpy(parent, ".");
	} else if ((size_t)(slash - rel) < sizeof(parent)) {
		memcpy(parent, rel, (size_t)(slash - rel));
		parent[slash - rel] = '\0';
	} else {
		return false;
	}
	pfd = open_no_symlinks(dirfd, parent, RESOLVE_BENEATH);
	if (pfd < 0)
		return false;
	*fd = open_component(pfd, slash ? slash + 1 : rel, true, dir, true,
			     path, err);
	close(pfd);
	return true;
}

int sw_open_beneath(int dirfd, const char *path, bool create, bool dir,
		    struct sw_error *err)
{
	_cleanup_close_ int cur = -1;
	const char *p = path;
	int fd;

	while (*p == '/')
		p++;
	fd = open_no_symlinks(dirfd, *p ? p : ".", RESOLVE_BENEATH);
	if (fd >= 0)
		return fd;
	if (create && *p && create_last(dirfd, p, dir, path, &fd, err))
		return fd;
	p = path;

	cur = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return sw_error_set(err, errno, "open", path);
	for (;;) {
		char comp[NAME_MAX + 1];
		const char *end = p;
		int nfd = next_component(&end, comp);

		if (nfd < 0)
			return sw_error_set(err, -nfd, "open", path);
		if (nfd == 0)
			break;
		while (*end == '/')
			end++;
		nfd = open_component(cur, comp, create, dir, !*end, path, err);
		if (nfd < 0)
			return nfd;
		close(cur);
		cur = nfd;
		p = end;
	}
	return sw_steal_fd(cur);
}

int sw_open_parent_beneath(int dirfd, const char *path, bool create,
			   const char **base, struct sw_error *err)
{
	_cleanup_free_ char *parent = split_parent(path, base, err);

	if (!parent)
		return -err->errnum;
	return sw_open_beneath(dirfd, parent, create, true, err);
}
