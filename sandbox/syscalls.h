/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_SYSCALLS_H
#define SW_SYSCALLS_H

/*
 * Kernel interfaces newer than some C libraries: thin wrappers around the
 * raw system calls, and the constants they take.  Everything is detected
 * by feature at run time (ENOSYS), never by kernel version.
 */

#include <stdint.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_open_tree
#define __NR_open_tree 428
#endif
#ifndef __NR_move_mount
#define __NR_move_mount 429
#endif
#ifndef __NR_fsopen
#define __NR_fsopen 430
#endif
#ifndef __NR_fsconfig
#define __NR_fsconfig 431
#endif
#ifndef __NR_fsmount
#define __NR_fsmount 432
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_close_range
#define __NR_close_range 436
#endif
#ifndef __NR_openat2
#define __NR_openat2 437
#endif
#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC 02000000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef MOVE_MOUNT_T_EMPTY_PATH
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 0x00000001
#endif
#ifndef FSCONFIG_SET_FLAG
#define FSCONFIG_SET_FLAG 0
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#ifndef RESOLVE_NO_SYMLINKS
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#endif

/* The layout of struct open_how, version 0. */
struct sw_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

/* The layout of struct mount_attr, version 0. */
struct sw_mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};

static inline int sw_open_tree(int dfd, const char *path, unsigned flags)
{
	return (int)syscall(__NR_open_tree, dfd, path, flags);
}

static inline int sw_move_mount(int from_dfd, const char *from_path, int to_dfd,
				const char *to_path, unsigned flags)
{
	return (int)syscall(__NR_move_mount, from_dfd, from_path, to_dfd,
			    to_path, flags);
}

static inline int sw_fsopen(const char *fsname, unsigned flags)
{
	return (int)syscall(__NR_fsopen, fsname, flags);
}

static inline int sw_fsconfig(int fd, unsigned cmd, const char *key,
			      const void *value, int aux)
{
	return (int)syscall(__NR_fsconfig, fd, cmd, key, value, aux);
}

static inline int sw_fsmount(int fd, unsigned flags, unsigned attr)
{
	return (int)syscall(__NR_fsmount, fd, flags, attr);
}

static inline int sw_mount_setattr(int dfd, const char *path, unsigned flags,
				   struct sw_mount_attr *attr)
{
	return (int)syscall(__NR_mount_setattr, dfd, path, flags, attr,
			    sizeof(*attr));
}

static inline int sw_openat2(int dfd, const char *path, uint64_t flags,
			     uint64_t resolve)
{
	struct sw_open_how how = {.flags = flags, .resolve = resolve};

	return (int)syscall(__NR_openat2, dfd, path, &how, sizeof(how));
}

static inline int sw_close_range(unsigned first, unsigned last, unsigned flags)
{
	return (int)syscall(__NR_close_range, first, last, flags);
}

static inline int sw_pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(__NR_pivot_root, new_root, put_old);
}

#endif
