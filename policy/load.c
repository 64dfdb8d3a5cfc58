/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The policy object and how it is put together from files: the built-in
 * defaults, the named policy, its drop-ins and the -p assignments.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/macro.h"
#include "common/path.h"
#include "policy/policy.h"

#define POLICY_SUFFIX ".conf"
#define DROPIN_SUFFIX ".d"

/* ------------------------------------------------------------------ */
/* The policy object                                                   */

struct sw_policy *sw_policy_new(const char *name)
{
	struct sw_policy *policy = calloc(1, sizeof(*policy));

	if (!policy)
		return NULL;
	policy->name = strdup(name ? name : "default");
	if (!policy->name) {
		free(policy);
		return NULL;
	}
	return policy;
}

void sw_policy_free(struct sw_policy *policy)
{
	if (!policy)
		return;
	for (size_t k = 0; k < SW_KEY__MAX; k++) {
		for (size_t i = 0; i < policy->keys[k].n; i++)
			free(policy->keys[k].items[i].text);
		free(policy->keys[k].items);
	}
	for (size_t i = 0; i < policy->n_files; i++)
		free(policy->files[i]);
	free(policy->files);
	free(policy->path);
	free(policy->name);
	free(policy);
}

static void sw_policy_freep(struct sw_policy **policy)
{
	sw_policy_free(*policy);
}

const struct sw_list *sw_policy_list(const struct sw_policy *policy,
				     enum sw_key key)
{
	if ((unsigned)key >= SW_KEY__MAX)
		return NULL;
	return &policy->keys[key];
}

const struct sw_value *sw_policy_last(const struct sw_policy *policy,
				      enum sw_key key)
{
	const struct sw_list *list = sw_policy_list(policy, key);

	if (!list || list->n == 0)
		return NULL;
	return &list->items[list->n - 1];
}

bool sw_policy_bool(const struct sw_policy *policy, enum sw_key key, bool dflt)
{
	const struct sw_value *v = sw_policy_last(policy, key);
	int b = v ? sw_parse_bool(v->text) : -EINVAL;

	return b < 0 ? dflt : b > 0;
}

/* ------------------------------------------------------------------ */
/* Reading files                                                       */

/* Adds "path: cannot read: why" to diag and returns err. */
static int report_unreadable(struct sw_diag *diag, const char *path, int err,
			     const char *why)
{
	char **lines;
	char *line;

	if (!diag)
		return err;
	lines = realloc(diag->lines, (diag->n + 1) * sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	diag->lines = lines;
	if (asprintf(&line, "%s: cannot read: %s", path,
		     why ? why : strerror(-err)) < 0)
		return -ENOMEM;
	diag->lines[diag->n++] = line;
	return err;
}

static void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

/* Opens path for reading if it is a regular file (a symlink to one is
 * fine: policies live in the administrator's /etc). */
static int open_policy_file(const char *path, FILE **out, struct sw_diag *diag)
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	/* O_NONBLOCK: a FIFO in place of a policy must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0)
		return report_unreadable(diag, path, -errno, NULL);
	if (!S_ISREG(st.st_mode))
		return report_unreadable(diag, path, -EINVAL,
					 "not a regular file");
	/* A policy decides what root does: only its owner may write it. */
	if ((st.st_uid != 0 && st.st_uid != getuid()) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)))
		return report_unreadable(diag, path, -EPERM,
					 "refusing a policy file that someone "
					 "other than root or the caller can "
					 "write");
	*out = fdopen(fd, "r");
	if (!*out)
		return -errno;
	fd = -1;
	return 0;
}

/* Reads the whole regular file at path into *text. */
static int read_policy_file(const char *path, char **text, struct sw_diag *diag)
{
	_cleanup_(fclosep) FILE *f = NULL;
	_cleanup_free_ char *buf = NULL, *line = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int r;

	r = open_policy_file(path, &f, diag);
	if (r < 0)
		return r;
	buf = strdup("");
	if (!buf)
		return -ENOMEM;
	while ((n = getline(&line, &cap, f)) > 0) {
		char *grown = realloc(buf, len + (size_t)n + 1);

		if (!grown)
			return -ENOMEM;
		buf = grown;
		memcpy(buf + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	if (ferror(f))
		return report_unreadable(diag, path, -EIO, NULL);
	*text = sw_steal_ptr(buf);
	return 0;
}

int sw_policy_parse_file(struct sw_policy *policy, const char *path,
			 struct sw_diag *diag)
{
	_cleanup_free_ char *text = NULL;
	int r;

	r = read_policy_file(path, &text, diag);
	if (r < 0)
		return r;
	return sw_policy_parse_string(policy, path, text, diag);
}

/* ------------------------------------------------------------------ */
/* Putting the policy together                                         */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && sw_streq(s + n - m, suffix);
}

/* The file a policy name (confdir/NAME.conf) or path stands for. */
static char *policy_path(const char *confdir, const char *name_or_path)
{
	char *path;

	size_t len = strlen(name_or_path), sl = strlen(POLICY_SUFFIX);

	if (strchr(name_or_path, '/'))
		return strdup(name_or_path);
	/* "php-fpm.conf" names the same file as "php-fpm" */
	if (len > sl && strcmp(name_or_path + len - sl, POLICY_SUFFIX) == 0)
		len -= sl;
	if (asprintf(&path, "%s/%.*s" POLICY_SUFFIX,
		     confdir ? confdir : SYSCONFDIR "/sandwrap", (int)len,
		     name_or_path) < 0)
		return NULL;
	return path;
}

/* The name of the policy in path: its file name without ".conf". */
static char *policy_name(const char *path)
{
	const char *base = strrchr(path, '/') + 1;
	size_t len = strlen(base);

	if (has_suffix(base, POLICY_SUFFIX) && len > strlen(POLICY_SUFFIX))
		len -= strlen(POLICY_SUFFIX);
	return strndup(base, len);
}

static int dropin_filter(const struct dirent *de)
{
	return de->d_name[0] != '.' && has_suffix(de->d_name, POLICY_SUFFIX);
}

/* Lexical order, whatever the locale. */
static int dropin_compare(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int add_errors(int *errors, int r)
{
	if (r < 0)
		return r;
	*errors += r;
	return 0;
}

/* Parses dir/NAME for each of the n entries, freeing them all. */
static int parse_dropins(struct sw_policy *policy, const char *dir,
			 struct dirent **entries, int n, struct sw_diag *diag)
{
	int errors = 0, r = 0;

	for (int i = 0; i < n; i++) {
		_cleanup_free_ char *file = NULL;

		if (r >= 0) {
			file = sw_path_join(dir, entries[i]->d_name);
			r = file ? sw_policy_parse_file(policy, file, diag)
				 : -ENOMEM;
			r = add_errors(&errors, r);
		}
		free(entries[i]);
	}
	free(entries);
	return r < 0 ? r : errors;
}

/* Parses the drop-ins of the policy file, <path>.d/\*.conf, in lexical
 * order.  No drop-in directory is fine. */
static int load_dropins(struct sw_policy *policy, struct sw_diag *diag)
{
	_cleanup_free_ char *dir = NULL;
	struct dirent **entries = NULL;
	int n;

	if (asprintf(&dir, "%s" DROPIN_SUFFIX, policy->path) < 0)
		return -ENOMEM;
	n = scandir(dir, &entries, dropin_filter, dropin_compare);
	if (n < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (n < 0)
		return report_unreadable(diag, dir, -errno, NULL);
	return parse_dropins(policy, dir, entries, n, diag);
}

/* The named policy file and its drop-ins. */
static int load_policy_file(struct sw_policy *policy, struct sw_diag *diag)
{
	int errors = 0, r;

	r = add_errors(&errors,
		       sw_policy_parse_file(policy, policy->path, diag));
	if (r == 0)
		r = add_errors(&errors, load_dropins(policy, diag));
	return r < 0 ? r : errors;
}

static int new_policy(const char *confdir, const char *name_or_path,
		      struct sw_policy **out)
{
	_cleanup_free_ char *path = NULL, *name = NULL;
	struct sw_policy *policy;

	if (name_or_path) {
		path = policy_path(confdir, name_or_path);
		name = path ? policy_name(path) : NULL;
		if (!name)
			return -ENOMEM;
	}
	policy = sw_policy_new(name);
	if (!policy)
		return -ENOMEM;
	policy->path = sw_steal_ptr(path);
	*out = policy;
	return 0;
}

int sw_policy_load(struct sw_policy **out, const char *confdir,
		   const char *name_or_path, char *const *assignments,
		   size_t n_assignments, struct sw_diag *diag)
{
	_cleanup_(sw_policy_freep) struct sw_policy *policy = NULL;
	int errors = 0, r;

	*out = NULL;
	r = new_policy(confdir, name_or_path, &policy);
	if (r == 0)
		r = add_errors(&errors, sw_policy_load_defaults(policy, diag));
	if (r == 0 && policy->path)
		r = add_errors(&errors, load_policy_file(policy, diag));
	for (size_t i = 0; r == 0 && i < n_assignments; i++)
		r = add_errors(&errors,
			       sw_policy_assign(policy, assignments[i], diag));
	if (r < 0)
		return r;
	*out = sw_steal_ptr(policy);
	return errors;
}

const char *sw_value_where(const struct sw_value *v)
{
	static char buf[PATH_MAX + 16];

	if (!v->line || strcmp(v->file, "<command line>") == 0)
		snprintf(buf, sizeof(buf), "%s", v->file);
	else
		snprintf(buf, sizeof(buf), "%s:%u", v->file, v->line);
	return buf;
}
