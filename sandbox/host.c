/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The real host, as plan resolution sees it: lstat, the mount table
 * through libmount, and users and groups through NSS.  Nothing here
 * changes the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libmount.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/macro.h"
#include "common/path.h"
#include "sandbox/plan.h"

extern char **environ;

static enum sw_file_type real_file_type(const struct sw_host *host,
					const char *path, char **link)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return SW_FT_MISSING;
	if (S_ISDIR(st.st_mode))
		return SW_FT_DIR;
	if (!S_ISLNK(st.st_mode))
		return SW_FT_FILE;
	if (link) {
		char buf[PATH_MAX];
		ssize_t n = readlink(path, buf, sizeof(buf) - 1);

		if (n < 0)
			return SW_FT_MISSING;
		buf[n] = '\0';
		*link = strdup(buf);
		if (!*link)
			return SW_FT_MISSING;
	}
	return SW_FT_SYMLINK;
}

static void unref_table(struct libmnt_table **tb)
{
	mnt_unref_table(*tb);
}

static int real_submounts(const struct sw_host *host, const char *path,
			  char ***mounts)
{
	_cleanup_(unref_table) struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr;
	struct libmnt_fs *fs;
	char **v = NULL;
	int n = 0;

	tb = mnt_new_table_from_file("/proc/self/mountinfo");
	if (!tb)
		return -errno ? -errno : -EIO;
	itr = mnt_new_iter(MNT_ITER_FORWARD);
	if (!itr)
		return -ENOMEM;
	while (mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *t = mnt_fs_get_target(fs);
		char **nv;

		if (!t || !sw_path_startswith(t, path) || sw_streq(t, path))
			continue;
		nv = reallocarray(v, (size_t)n + 2, sizeof(*v));
		if (!nv || !(nv[n] = strdup(t))) {
			free(nv ? nv : v);
			mnt_free_iter(itr);
			return -ENOMEM;
		}
		v = nv;
		v[++n] = NULL;
	}
	mnt_free_iter(itr);
	*mounts = v;
	return n;
}

static int fill_user(const struct passwd *pw, struct sw_user *user)
{
	user->uid = pw->pw_uid;
	user->gid = pw->pw_gid;
	user->name = strdup(pw->pw_name);
	user->home = strdup(pw->pw_dir ? pw->pw_dir : "/");
	user->shell = strdup(pw->pw_shell && *pw->pw_shell ? pw->pw_shell
							   : "/bin/sh");
	if (!user->name || !user->home || !user->shell) {
		sw_user_clear(user);
		return -ENOMEM;
	}
	return 0;
}

static bool parse_id(const char *s, unsigned long *id)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*id = strtoul(s, &end, 10);
	return !errno && !*end && *id < UINT_MAX;
}

static int real_lookup_user(const struct sw_host *host, const char *name,
			    struct sw_user *user)
{
	struct passwd pwbuf, *pw = NULL;
	char buf[4096];
	unsigned long id;
	int r;

	if (parse_id(name, &id))
		r = getpwuid_r((uid_t)id, &pwbuf, buf, sizeof(buf), &pw);
	else
		r = getpwnam_r(name, &pwbuf, buf, sizeof(buf), &pw);
	if (r)
		return -r;
	if (!pw) {
		if (!parse_id(name, &id))
			return -ESRCH;
		/* A numeric user without an entry: like systemd, allow it. */
		memset(user, 0, sizeof(*user));
		user->uid = (uid_t)id;
		user->gid = (gid_t)id;
		user->name = strdup(name);
		user->home = strdup("/");
		user->shell = strdup("/bin/sh");
		if (!user->name || !user->home || !user->shell) {
			sw_user_clear(user);
			return -ENOMEM;
		}
		return 0;
	}
	return fill_user(pw, user);
}

static int real_lookup_group(const struct sw_host *host, const char *name,
			     gid_t *gid)
{
	struct group grbuf, *gr = NULL;
	char buf[8192];
	unsigned long id;
	int r;

	if (parse_id(name, &id)) {
		*gid = (gid_t)id;
		return 0;
	}
	r = getgrnam_r(name, &grbuf, buf, sizeof(buf), &gr);
	if (r)
		return -r;
	if (!gr)
		return -ESRCH;
	*gid = gr->gr_gid;
	return 0;
}

static int real_user_groups(const struct sw_host *host, const char *name,
			    gid_t gid, gid_t **groups, size_t *n)
{
	int ngroups = 32;

	for (;;) {
		gid_t *g = calloc((size_t)ngroups, sizeof(*g));
		int want = ngroups;

		if (!g)
			return -ENOMEM;
		if (getgrouplist(name, gid, g, &want) >= 0) {
			*groups = g;
			*n = (size_t)want;
			return 0;
		}
		free(g);
		if (want <= ngroups)
			return -EINVAL;
		ngroups = want;
	}
}

static char *real_read_file(const struct sw_host *host, const char *path)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t size = 0;
	const size_t max = 1 << 20;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	if (!buf)
		return NULL;
	for (;;) {
		ssize_t r = read(fd, buf + size, max - size);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (r == 0 || (size += (size_t)r) == max)
			break;
	}
	buf[size] = '\0';
	return sw_steal_ptr(buf);
}

static int caller_groups(struct sw_host *host)
{
	int n = getgroups(0, NULL);

	if (n < 0)
		return -errno;
	host->caller_groups = calloc((size_t)n + 1, sizeof(gid_t));
	if (!host->caller_groups)
		return -ENOMEM;
	n = getgroups(n, host->caller_groups);
	if (n < 0)
		return -errno;
	host->n_caller_groups = (size_t)n;
	return 0;
}

struct sw_host *sw_host_new_real(void)
{
	struct sw_host *host = calloc(1, sizeof(*host));

	if (!host)
		return NULL;
	host->file_type = real_file_type;
	host->submounts = real_submounts;
	host->lookup_user = real_lookup_user;
	host->lookup_group = real_lookup_group;
	host->user_groups = real_user_groups;
	host->read_file = real_read_file;
	host->environ = environ;
	host->caller_uid = getuid();
	host->caller_gid = getgid();
	if (isatty(STDIN_FILENO) && ttyname(STDIN_FILENO))
		host->tty = strdup(ttyname(STDIN_FILENO));
	if (caller_groups(host) < 0) {
		free(host);
		return NULL;
	}
	return host;
}

void sw_host_free_real(struct sw_host *host)
{
	if (host) {
		free(host->caller_groups);
		free(host->tty);
	}
	free(host);
}
