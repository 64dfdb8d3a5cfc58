/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The keys of the policy language and the small vocabularies their values
 * use: booleans, errno names and resource limits.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/macro.h"
#include "policy/policy.h"

#define SW_KEY_INFO(id, n, s, t)                                               \
	[SW_KEY_##id] = {.name = n, .section = s, .type = t},
static const struct sw_key_info key_table[SW_KEY__MAX] = {SW_KEYS(SW_KEY_INFO)};
#undef SW_KEY_INFO

const struct sw_key_info *sw_key_info(enum sw_key key)
{
	if ((unsigned)key >= SW_KEY__MAX)
		return NULL;
	return &key_table[key];
}

int sw_key_lookup(const char *name)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(key_table); i++)
		if (sw_streq(key_table[i].name, name))
			return (int)i;
	return -1;
}

int sw_parse_bool(const char *s)
{
	static const char *const yes[] = {"1", "yes", "y", "true", "t", "on"};
	static const char *const no[] = {"0", "no", "n", "false", "f", "off"};

	for (size_t i = 0; i < SW_ARRAY_SIZE(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -EINVAL;
}

/* The errno names a policy may use, with their numbers. */
static const struct {
	const char *name;
	int number;
} errno_table[] = {
	{"EPERM", EPERM},
	{"EACCES", EACCES},
	{"ENOSYS", ENOSYS},
	{"EROFS", EROFS},
	{"EINVAL", EINVAL},
	{"ENOENT", ENOENT},
	{"EIO", EIO},
	{"EAGAIN", EAGAIN},
	{"ENOMEM", ENOMEM},
	{"EFAULT", EFAULT},
	{"EBUSY", EBUSY},
	{"EEXIST", EEXIST},
	{"ENOTDIR", ENOTDIR},
	{"EISDIR", EISDIR},
	{"ENFILE", ENFILE},
	{"EMFILE", EMFILE},
	{"ENOSPC", ENOSPC},
	{"ESRCH", ESRCH},
	{"EBADF", EBADF},
	{"ENOTSUP", ENOTSUP},
	{"EOPNOTSUPP", EOPNOTSUPP},
	{"ENOTTY", ENOTTY},
	{"ECHILD", ECHILD},
	{"EXDEV", EXDEV},
	{"ENODEV", ENODEV},
	{"E2BIG", E2BIG},
	{"ENOEXEC", ENOEXEC},
	{"ETXTBSY", ETXTBSY},
	{"EFBIG", EFBIG},
	{"ESPIPE", ESPIPE},
	{"EMLINK", EMLINK},
	{"EPIPE", EPIPE},
	{"EDOM", EDOM},
	{"ERANGE", ERANGE},
	{"ENAMETOOLONG", ENAMETOOLONG},
	{"ELOOP", ELOOP},
	{"ENOTEMPTY", ENOTEMPTY},
	{"ENOLCK", ENOLCK},
	{"ENOTSOCK", ENOTSOCK},
	{"EADDRINUSE", EADDRINUSE},
	{"ECONNREFUSED", ECONNREFUSED},
	{"ETIMEDOUT", ETIMEDOUT},
	{"EOVERFLOW", EOVERFLOW},
};

int sw_errno_from_name(const char *name)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(errno_table); i++)
		if (sw_streq(errno_table[i].name, name))
			return errno_table[i].number;
	return -EINVAL;
}

/* What the number of a Limit* key counts, and so which suffixes it takes. */
enum limit_unit {
	LIMIT_COUNT,
	LIMIT_BYTES,
	LIMIT_SECONDS,
};

struct limit_suffix {
	const char *suffix;
	unsigned long long factor;
};

static const struct limit_suffix byte_suffixes[] = {
	{"", 1ULL},	   {"K", 1ULL << 10}, {"M", 1ULL << 20},
	{"G", 1ULL << 30}, {"T", 1ULL << 40},
};

static const struct limit_suffix second_suffixes[] = {
	{"", 1},
	{"s", 1},
	{"min", 60},
	{"h", 3600},
};

static int limit_unit(enum sw_key key)
{
	switch (key) {
	case SW_KEY_LIMIT_NOFILE:
	case SW_KEY_LIMIT_NPROC:
		return LIMIT_COUNT;
	case SW_KEY_LIMIT_CORE:
	case SW_KEY_LIMIT_AS:
	case SW_KEY_LIMIT_FSIZE:
		return LIMIT_BYTES;
	case SW_KEY_LIMIT_CPU:
		return LIMIT_SECONDS;
	default:
		return -EINVAL;
	}
}

/* The factor of suffix for this unit, or 0 if the unit does not take it. */
static unsigned long long limit_factor(int unit, const char *suffix)
{
	const struct limit_suffix *table = NULL;
	size_t n = 0;

	if (unit == LIMIT_COUNT)
		return *suffix ? 0 : 1;
	if (unit == LIMIT_BYTES) {
		table = byte_suffixes;
		n = SW_ARRAY_SIZE(byte_suffixes);
	} else {
		table = second_suffixes;
		n = SW_ARRAY_SIZE(second_suffixes);
	}
	for (size_t i = 0; i < n; i++)
		if (sw_streq(table[i].suffix, suffix))
			return table[i].factor;
	return 0;
}

/* One side of a limit: the text from s to end (not included). */
static int parse_limit_one(const char *s, const char *end, int unit,
			   unsigned long long *out)
{
	char buf[64], *suffix;
	unsigned long long n, factor;
	size_t len = (size_t)(end - s);

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (sw_streq(buf, "infinity")) {
		*out = ULLONG_MAX;
		return 0;
	}
	if (buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(buf, &suffix, 10);
	if (errno == ERANGE)
		return -ERANGE;
	factor = limit_factor(unit, suffix);
	if (factor == 0)
		return -EINVAL;
	if (n > (ULLONG_MAX - 1) / factor)
		return -ERANGE;
	*out = n * factor;
	return 0;
}

int sw_parse_limit(const char *text, enum sw_key key, unsigned long long *soft,
		   unsigned long long *hard)
{
	int unit = limit_unit(key);
	const char *colon = strchr(text, ':');
	const char *end = text + strlen(text);
	unsigned long long s, h;
	int r;

	if (unit < 0)
		return unit;
	r = parse_limit_one(text, colon ? colon : end, unit, &s);
	if (r < 0)
		return r;
	h = s;
	if (colon) {
		r = parse_limit_one(colon + 1, end, unit, &h);
		if (r < 0)
			return r;
		if (s > h)
			return -EINVAL;
	}
	*soft = s;
	*hard = h;
	return 0;
}
