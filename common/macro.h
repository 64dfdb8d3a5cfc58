/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_MACRO_H
#define SW_MACRO_H

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define SW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Scoped cleanup: the variable is released when it goes out of scope. */
#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void sw_freep(void *p)
{
	free(*(void **)p);
}

static inline void sw_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;

		close(*fd);
		errno = saved;
	}
}

#define _cleanup_free_ _cleanup_(sw_freep)
#define _cleanup_close_ _cleanup_(sw_closep)

/* Hand a pointer or descriptor over to the caller: the cleanup of the
 * local variable then does nothing. */
#define sw_steal_ptr(p)                                                        \
	({                                                                     \
		__typeof__(p) _p = (p);                                        \
		(p) = NULL;                                                    \
		_p;                                                            \
	})

#define sw_steal_fd(fd)                                                        \
	({                                                                     \
		int _fd = (fd);                                                \
		(fd) = -1;                                                     \
		_fd;                                                           \
	})

#define sw_streq(a, b) (strcmp((a), (b)) == 0)

#endif
