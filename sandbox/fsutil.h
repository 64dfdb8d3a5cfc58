/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_FSUTIL_H
#define SW_FSUTIL_H

#include <stdbool.h>
#include <sys/types.h>

#include "common/error.h"

/*
 * Who may have put a symlink on a path we walk.  A symlink is followed
 * only if it is owned by a trusted user and lies in a directory that no
 * one else can write (or that is sticky, so others cannot replace it).
 * Everything else is refused, so a symlink planted by a less trusted
 * account never redirects what sandwrap opens with more privilege.
 */
struct sw_trust {
	uid_t caller;	   /* trusted besides root */
	uid_t sandbox_uid; /* the user the command will run as */
	/* For /etc entries: a followed symlink must end at a file owned by
	 * root, the caller, or a system account that is not the sandbox
	 * user (systemd-resolved's resolv.conf). */
	bool check_final_owner;
};

/* Open an absolute host path with O_PATH, following symlinks only as
 * struct sw_trust allows.  Returns the fd or -errno (err filled). */
int sw_open_trusted(const char *path, const struct sw_trust *trust,
		    struct sw_error *err);

/*
 * Open (creating it if missing) the directory path for the sandbox user:
 * parents are walked as by sw_open_trusted and created root-owned 0755,
 * the last component is created 0750 owned by uid:gid, and must not be a
 * symlink.  Returns an O_PATH fd or -errno.
 */
int sw_open_owned_dir(const char *path, uid_t uid, gid_t gid,
		      const struct sw_trust *trust, struct sw_error *err);

/*
 * Open path below dirfd without following any symlink.  With create,
 * missing directories on the way are made (0755) and a missing last
 * component is made as a directory (dir) or an empty file.  Returns an
 * O_PATH fd or -errno; path is only used in messages.
 */
int sw_open_beneath(int dirfd, const char *path, bool create, bool dir,
		    struct sw_error *err);

/* Open the parent directory of path below dirfd (creating it when
 * create), and return the last component in *base. */
int sw_open_parent_beneath(int dirfd, const char *path, bool create,
			   const char **base, struct sw_error *err);

#endif
