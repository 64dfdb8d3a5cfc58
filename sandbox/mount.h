/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_MOUNT_H
#define SW_MOUNT_H

#include "common/error.h"
#include "sandbox/plan.h"
#include "sandbox/sources.h"

/*
 * Build the sandbox's file system from the plan, in the current (new and
 * private) mount namespace:
 *
 *  1. open every host source that sw_sources_vet() decided on, by file
 *     descriptor, checking it is still the same inode;
 *  2. create the new root as a fresh tmpfs and attach it on a staging
 *     directory;
 *  3. apply the operations in plan order (parents first); binds are
 *     cloned detached, made read-only/nosuid/nodev together with every
 *     submount, and only then attached, so no writable instant exists;
 *  4. make the tmpfs marked "seal" read-only once filled.
 *
 * Returns an fd on the new root, ready for sw_mount_pivot(), or -errno.
 */
int sw_mount_build(const struct sw_plan *plan, const struct sw_sources *sources,
		   struct sw_error *err);

/* Make root_fd the root of the mount namespace and detach the old one. */
int sw_mount_pivot(int root_fd, struct sw_error *err);

#endif
