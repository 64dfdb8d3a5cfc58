/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_FAKEHOST_H
#define SW_FAKEHOST_H

#include "sandbox/plan.h"

/*
 * A host made of lists, for plan-resolution tests: files and directories
 * (with their symlinks), mount points, users.  Every ancestor of an added
 * path is a directory.
 */
struct fakehost;

struct fakehost *fakehost_new(void);
void fakehost_free(struct fakehost *fh);
struct sw_host *fakehost_host(struct fakehost *fh);

void fakehost_dir(struct fakehost *fh, const char *path);
void fakehost_file(struct fakehost *fh, const char *path, const char *content);
void fakehost_symlink(struct fakehost *fh, const char *path,
		      const char *target);
void fakehost_mount(struct fakehost *fh, const char *path);
void fakehost_user(struct fakehost *fh, const char *name, uid_t uid, gid_t gid,
		   const char *home);

/* A typical merged-/usr host with the default /etc entries. */
struct fakehost *fakehost_debian(void);

#endif
