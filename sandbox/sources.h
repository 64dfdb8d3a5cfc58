/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_SOURCES_H
#define SW_SOURCES_H

#include <stdbool.h>
#include <sys/types.h>

#include "common/error.h"
#include "sandbox/fsutil.h"
#include "sandbox/plan.h"

/*
 * The host files a plan takes (bind sources, copied /etc files, the log
 * directory), decided in two steps.
 *
 * sw_sources_vet() runs in sandwrap's own namespaces, where file owners
 * read as they are: it applies the symlink trust rules, creates the log
 * directory, and remembers which inode each source is.  A user namespace
 * shows root's files as owned by nobody, so trust cannot be judged there.
 *
 * sw_sources_open() runs in the sandbox's new mount namespace: it opens
 * each source again and checks that it is the same inode, so a symlink
 * swapped in between makes the start fail instead of redirecting it.
 */
struct sw_source_id {
	bool present;
	dev_t dev;
	ino_t ino;
};

struct sw_sources {
	struct sw_source_id *ids; /* one per plan operation */
	size_t n;
	struct sw_source_id null; /* /dev/null, for masks */
};

bool sw_op_needs_source(const struct sw_op *op);

int sw_sources_vet(const struct sw_plan *plan, const struct sw_trust *trust,
		   struct sw_sources *out, struct sw_error *err);
void sw_sources_clear(struct sw_sources *sources);

/* fds[i] gets an O_PATH fd for operation i, or -1; *null_fd one on
 * /dev/null.  On error every fd opened so far is closed. */
int sw_sources_open(const struct sw_plan *plan,
		    const struct sw_sources *sources, int *fds, int *null_fd,
		    struct sw_error *err);

#endif
