/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/macro.h"
#include "common/path.h"
#include "fakehost.h"

#define MAX_ENTRIES 256

struct entry {
	char *path;
	enum sw_file_type type;
	char *data; /* link target or file content */
};

struct fakeuser {
	char *name, *home;
	uid_t uid;
	gid_t gid;
};

struct fakehost {
	struct sw_host host;
	struct entry entries[MAX_ENTRIES];
	size_t n_entries;
	char *mounts[MAX_ENTRIES];
	size_t n_mounts;
	struct fakeuser users[16];
	size_t n_users;
};

static struct fakehost *of(const struct sw_host *host)
{
	return host->userdata;
}

static struct entry *find(struct fakehost *fh, const char *path)
{
	for (size_t i = 0; i < fh->n_entries; i++)
		if (sw_streq(fh->entries[i].path, path))
			return &fh->entries[i];
	return NULL;
}

static void add(struct fakehost *fh, const char *path, enum sw_file_type t,
		const char *data)
{
	struct entry *e = find(fh, path);
	char *parent = strdup(path), *slash = strrchr(parent, '/');

	if (slash && slash != parent) {
		*slash = '\0';
		if (!find(fh, parent))
			add(fh, parent, SW_FT_DIR, NULL);
	}
	free(parent);
	if (!e) {
		if (fh->n_entries == MAX_ENTRIES)
			abort();
		e = &fh->entries[fh->n_entries++];
		e->path = strdup(path);
	} else {
		free(e->data);
	}
	e->type = t;
	e->data = data ? strdup(data) : NULL;
}

static enum sw_file_type fake_file_type(const struct sw_host *host,
					const char *path, char **link)
{
	struct entry *e = find(of(host), path);

	if (sw_streq(path, "/"))
		return SW_FT_DIR;
	if (!e)
		return SW_FT_MISSING;
	if (e->type == SW_FT_SYMLINK && link)
		*link = strdup(e->data);
	return e->type;
}

static int fake_submounts(const struct sw_host *host, const char *path,
			  char ***mounts)
{
	struct fakehost *fh = of(host);
	char **v = calloc(fh->n_mounts + 1, sizeof(*v));
	int n = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < fh->n_mounts; i++)
		if (sw_path_startswith(fh->mounts[i], path) &&
		    !sw_streq(fh->mounts[i], path))
			v[n++] = strdup(fh->mounts[i]);
	*mounts = v;
	return n;
}

static int fake_lookup_user(const struct sw_host *host, const char *name,
			    struct sw_user *user)
{
	struct fakehost *fh = of(host);

	for (size_t i = 0; i < fh->n_users; i++) {
		struct fakeuser *u = &fh->users[i];
		char id[32];

		snprintf(id, sizeof(id), "%u", (unsigned)u->uid);
		if (!sw_streq(u->name, name) && !sw_streq(id, name))
			continue;
		user->uid = u->uid;
		user->gid = u->gid;
		user->name = strdup(u->name);
		user->home = strdup(u->home);
		user->shell = strdup("/bin/sh");
		return 0;
	}
	return -ESRCH;
}

static int fake_lookup_group(const struct sw_host *host, const char *name,
			     gid_t *gid)
{
	struct fakehost *fh = of(host);

	for (size_t i = 0; i < fh->n_users; i++)
		if (sw_streq(fh->users[i].name, name)) {
			*gid = fh->users[i].gid;
			return 0;
		}
	return -ESRCH;
}

static int fake_user_groups(const struct sw_host *host, const char *name,
			    gid_t gid, gid_t **groups, size_t *n)
{
	*groups = malloc(sizeof(gid_t));
	if (!*groups)
		return -ENOMEM;
	(*groups)[0] = gid;
	*n = 1;
	return 0;
}

static char *fake_read_file(const struct sw_host *host, const char *path)
{
	struct entry *e = find(of(host), path);

	if (!e || e->type != SW_FT_FILE) {
		errno = ENOENT;
		return NULL;
	}
	return strdup(e->data ? e->data : "");
}

struct fakehost *fakehost_new(void)
{
	static char *const env[] = {"PATH=/usr/bin:/bin", "TERM=dumb",
				    "SECRET=1", NULL};
	struct fakehost *fh = calloc(1, sizeof(*fh));

	fh->host = (struct sw_host){
		.file_type = fake_file_type,
		.submounts = fake_submounts,
		.lookup_user = fake_lookup_user,
		.lookup_group = fake_lookup_group,
		.user_groups = fake_user_groups,
		.read_file = fake_read_file,
		.environ = env,
		.caller_uid = 0,
		.userdata = fh,
	};
	fakehost_user(fh, "root", 0, 0, "/root");
	return fh;
}

void fakehost_free(struct fakehost *fh)
{
	for (size_t i = 0; i < fh->n_entries; i++) {
		free(fh->entries[i].path);
		free(fh->entries[i].data);
	}
	for (size_t i = 0; i < fh->n_mounts; i++)
		free(fh->mounts[i]);
	for (size_t i = 0; i < fh->n_users; i++) {
		free(fh->users[i].name);
		free(fh->users[i].home);
	}
	free(fh);
}

struct sw_host *fakehost_host(struct fakehost *fh)
{
	return &fh->host;
}

void fakehost_dir(struct fakehost *fh, const char *path)
{
	add(fh, path, SW_FT_DIR, NULL);
}

void fakehost_file(struct fakehost *fh, const char *path, const char *content)
{
	add(fh, path, SW_FT_FILE, content ? content : "");
}

void fakehost_symlink(struct fakehost *fh, const char *path, const char *target)
{
	add(fh, path, SW_FT_SYMLINK, target);
}

void fakehost_mount(struct fakehost *fh, const char *path)
{
	fh->mounts[fh->n_mounts++] = strdup(path);
}

void fakehost_user(struct fakehost *fh, const char *name, uid_t uid, gid_t gid,
		   const char *home)
{
	struct fakeuser *u = &fh->users[fh->n_users++];

	u->name = strdup(name);
	u->home = strdup(home);
	u->uid = uid;
	u->gid = gid;
}

struct fakehost *fakehost_debian(void)
{
	struct fakehost *fh = fakehost_new();

	fakehost_dir(fh, "/usr/bin");
	fakehost_dir(fh, "/usr/lib");
	fakehost_dir(fh, "/usr/share/zoneinfo/Etc");
	fakehost_file(fh, "/usr/share/zoneinfo/Etc/UTC", "TZif");
	fakehost_symlink(fh, "/bin", "usr/bin");
	fakehost_symlink(fh, "/sbin", "usr/sbin");
	fakehost_symlink(fh, "/lib", "usr/lib");
	fakehost_symlink(fh, "/lib64", "usr/lib64");
	fakehost_file(fh, "/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	fakehost_file(fh, "/etc/group", "root:x:0:\n");
	fakehost_file(fh, "/etc/shadow", "root:*:1::::::\n");
	fakehost_file(fh, "/etc/hosts", "127.0.0.1\tlocalhost\n");
	fakehost_symlink(fh, "/etc/localtime", "/usr/share/zoneinfo/Etc/UTC");
	fakehost_symlink(fh, "/etc/resolv.conf",
			 "/run/systemd/resolve/stub-resolv.conf");
	fakehost_dir(fh, "/etc/ssl/certs");
	fakehost_dir(fh, "/etc/ssl/private");
	fakehost_dir(fh, "/proc");
	fakehost_dir(fh, "/dev");
	fakehost_dir(fh, "/srv");
	fakehost_user(fh, "www-data", 33, 33, "/var/www");
	return fh;
}
