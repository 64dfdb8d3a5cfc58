/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The parser of the policy language: systemd's unit-file syntax, split
 * into lines, sections and assignments, then each value is split into
 * words (list keys) and checked by the handler of its key type.
 *
 * Nothing here makes a system call (load.c reads the files).  Every
 * problem becomes one line of struct sw_diag and parsing goes on, so that
 * the administrator sees all the mistakes of a file at once.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include "common/macro.h"
#include "common/path.h"
#include "policy/policy.h"

#define WHITESPACE " \t\r\n"
#define ORIGIN_COMMAND_LINE "<command line>"

/* ------------------------------------------------------------------ */
/* Diagnostics and the policy model                                    */

static int diag_add(struct sw_diag *diag, const char *prefix, const char *msg)
{
	char *line, **lines;

	if (!diag)
		return 0;
	lines = realloc(diag->lines, (diag->n + 1) * sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	diag->lines = lines;
	if (asprintf(&line, "%s%s", prefix, msg) < 0)
		return -ENOMEM;
	diag->lines[diag->n++] = line;
	return 0;
}

void sw_diag_free(struct sw_diag *diag)
{
	if (!diag)
		return;
	for (size_t i = 0; i < diag->n; i++)
		free(diag->lines[i]);
	free(diag->lines);
	diag->lines = NULL;
	diag->n = 0;
}

/* The policy's own copy of an origin name, so that values can point at it
 * for as long as the policy lives. */
static const char *policy_intern(struct sw_policy *policy, const char *origin)
{
	char **files;

	for (size_t i = 0; i < policy->n_files; i++)
		if (sw_streq(policy->files[i], origin))
			return policy->files[i];
	files = realloc(policy->files, (policy->n_files + 1) * sizeof(*files));
	if (!files)
		return NULL;
	policy->files = files;
	files[policy->n_files] = strdup(origin);
	if (!files[policy->n_files])
		return NULL;
	return files[policy->n_files++];
}

static void list_reset(struct sw_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->items[i].text);
	list->n = 0;
}

/* Appends text (taking it over) to list. */
static int list_append(struct sw_list *list, char *text, const char *file,
		       unsigned line)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 4;
		struct sw_value *items;

		items = realloc(list->items, cap * sizeof(*items));
		if (!items)
			return -ENOMEM;
		list->items = items;
		list->cap = cap;
	}
	list->items[list->n++] = (struct sw_value){
		.text = text,
		.file = file,
		.line = line,
	};
	return 0;
}

/* ------------------------------------------------------------------ */
/* Checks of single words, one per key type                            */

/*
 * One word on its way into the policy.  A check reads word, may replace
 * text (a malloc'd copy of word) by its normalised form, and on failure
 * describes the problem in why, naming the offending token.
 */
struct check {
	enum sw_key key;
	bool first;	  /* first word of a list assignment */
	const char *word; /* as written, after unquoting */
	char *text;	  /* what will be stored */
	char why[512];
};

typedef int (*check_fn)(struct check *c);

static int check_fail(struct check *c, const char *what, const char *token)
{
	snprintf(c->why, sizeof(c->why), "%s: '%s'", what, token);
	return -EINVAL;
}

static int check_replace(struct check *c, char *text)
{
	if (!text)
		return -ENOMEM;
	free(c->text);
	c->text = text;
	return 0;
}

static bool all_chars_in(const char *s, const char *set)
{
	return s[strspn(s, set)] == '\0';
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS "0123456789"

static bool valid_user_name(const char *s)
{
	size_t len = strlen(s);

	if (len > 0 && all_chars_in(s, DIGITS))
		return len <= 10 && strtoull(s, NULL, 10) < 4294967295ULL;
	if (len == 0 || len > 32 || !strchr(LOWER "_", s[0]))
		return false;
	if (s[len - 1] == '$')
		len--;
	return strspn(s, LOWER DIGITS "_-") == len;
}

static bool valid_env_name(const char *s)
{
	return s[0] && !strchr(DIGITS, s[0]) &&
	       all_chars_in(s, LOWER UPPER DIGITS "_");
}

/* "%h" stands for the home directory of the sandbox's user. */
static bool home_specifier(const char *p)
{
	return p[0] == '%' && p[1] == 'h' && (p[2] == '\0' || p[2] == '/');
}

/* Checks and normalises the absolute path p, which lies inside c->text. */
static int check_abs_path(struct check *c, char *p, const char *token)
{
	if (home_specifier(p)) {
		if (p[2] && sw_path_normalize(p + 2) < 0)
			return check_fail(c, "path has a '..' component",
					  token);
		if (sw_streq(p + 2, "/"))
			p[2] = '\0';
		return 0;
	}
	if (p[0] != '/')
		return check_fail(c, "path is not absolute", token);
	if (sw_path_normalize(p) < 0)
		return check_fail(c, "path has a '..' component", token);
	return 0;
}

/* A leading '~' inverts a list of capabilities or system calls. */
static int check_tilde(struct check *c, const char **rest)
{
	*rest = c->word;
	if (c->word[0] != '~')
		return 0;
	if (!c->first)
		return check_fail(c, "'~' is only allowed on the first word",
				  c->word);
	(*rest)++;
	return 0;
}

static int check_string(struct check *c)
{
	return 0;
}

static int check_bool(struct check *c)
{
	if (sw_parse_bool(c->word) < 0)
		return check_fail(c, "not a boolean", c->word);
	return 0;
}

static int check_hostname(struct check *c)
{
	const char *s = c->word;
	size_t len = strlen(s);

	if (len == 0 || len > 64 || !all_chars_in(s, LOWER UPPER DIGITS "-.") ||
	    strchr("-.", s[0]) || strchr("-.", s[len - 1]))
		return check_fail(c, "invalid host name", s);
	return 0;
}

static int check_user(struct check *c)
{
	if (!valid_user_name(c->word))
		return check_fail(c, "invalid user or group name", c->word);
	return 0;
}

static int check_umask(struct check *c)
{
	const char *s = c->word;

	if (!s[0] || strlen(s) > 4 || !all_chars_in(s, "01234567") ||
	    strtoul(s, NULL, 8) > 0777)
		return check_fail(c, "invalid umask (octal, at most 0777)", s);
	return 0;
}

static int check_logdir(struct check *c)
{
	int b = sw_parse_bool(c->word);

	if (b >= 0)
		return check_replace(c, strdup(b ? "yes" : "no"));
	if (c->word[0] != '/')
		return check_fail(c, "not yes, no or an absolute path",
				  c->word);
	return check_abs_path(c, c->text, c->word);
}

static bool word_in(const char *word, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sw_streq(word, set[i]))
			return true;
	return false;
}

static int check_protect_proc(struct check *c)
{
	static const char *const set[] = {"default", "noaccess", "invisible",
					  "ptraceable"};

	if (!word_in(c->word, set, SW_ARRAY_SIZE(set)))
		return check_fail(c,
				  "not default, noaccess, invisible or "
				  "ptraceable",
				  c->word);
	return 0;
}

static int check_proc_subset(struct check *c)
{
	static const char *const set[] = {"all", "pid"};

	if (!word_in(c->word, set, SW_ARRAY_SIZE(set)))
		return check_fail(c, "not all or pid", c->word);
	return 0;
}

static bool valid_errno(const char *s)
{
	if (sw_streq(s, "kill") || sw_errno_from_name(s) > 0)
		return true;
	return s[0] && strlen(s) <= 4 && all_chars_in(s, DIGITS) &&
	       s[0] != '0' && atoi(s) <= 4095;
}

static int check_errno(struct check *c)
{
	if (!valid_errno(c->word))
		return check_fail(c, "unknown errno", c->word);
	return 0;
}

static int check_limit(struct check *c)
{
	unsigned long long soft, hard;
	int r = sw_parse_limit(c->word, c->key, &soft, &hard);

	if (r == -ERANGE)
		return check_fail(c, "limit out of range", c->word);
	if (r < 0)
		return check_fail(c, "invalid limit", c->word);
	return 0;
}

static int check_paths(struct check *c)
{
	char *p = c->text + (c->text[0] == '-');

	return check_abs_path(c, p, c->word);
}

static int check_etc(struct check *c)
{
	bool optional = c->word[0] == '-';
	const char *name = c->word + optional;
	_cleanup_free_ char *abs = NULL;

	if (name[0] == '/')
		return check_fail(c, "name is not relative to /etc", c->word);
	if (asprintf(&abs, "/%s", name) < 0)
		return -ENOMEM;
	if (sw_path_normalize(abs) < 0)
		return check_fail(c, "name has a '..' component", c->word);
	if (sw_streq(abs, "/"))
		return check_fail(c, "empty name below /etc", c->word);
	/* "/ssl/certs" becomes "ssl/certs", or "-ssl/certs" if optional. */
	abs[0] = '-';
	return check_replace(c, strdup(optional ? abs : abs + 1));
}

static int check_bind_option(struct check *c, const char *opt)
{
	if (!sw_streq(opt, "rbind") && !sw_streq(opt, "norbind"))
		return check_fail(c, "bind option is not rbind or norbind",
				  opt);
	return 0;
}

static int check_binds(struct check *c)
{
	bool optional = c->text[0] == '-';
	char *src = c->text + optional, *dst, *opt = NULL;
	char *out;
	int r;

	dst = strchr(src, ':');
	if (dst) {
		*dst++ = '\0';
		opt = strchr(dst, ':');
		if (opt)
			*opt++ = '\0';
	}
	if (dst && !*dst) /* "SRC::OPTIONS": the destination is SRC */
		dst = NULL;
	r = check_abs_path(c, src, c->word);
	if (r == 0 && dst)
		r = check_abs_path(c, dst, c->word);
	if (r == 0 && opt)
		r = check_bind_option(c, opt);
	if (r < 0)
		return r;
	if (asprintf(&out, "%s%s:%s%s%s", optional ? "-" : "", src,
		     dst ? dst : src, opt ? ":" : "", opt ? opt : "") < 0)
		return -ENOMEM;
	return check_replace(c, out);
}

/* A mount option: word or word=value. */
static bool valid_mount_option(const char *opt, size_t len)
{
	size_t name = strspn(opt, LOWER DIGITS "_");

	if (name == 0 || name > len)
		return false;
	if (name == len)
		return true;
	return opt[name] == '=' && strspn(opt + name + 1, LOWER UPPER DIGITS
					  "_%.") == len - name - 1;
}

static int check_tmpfs_options(struct check *c, const char *opts)
{
	const char *s = opts;

	for (;;) {
		const char *end = strchrnul(s, ',');

		if (!valid_mount_option(s, (size_t)(end - s)))
			return check_fail(c, "invalid mount option", opts);
		if (!*end)
			return 0;
		s = end + 1;
	}
}

static int check_tmpfs(struct check *c)
{
	char *opts = strchr(c->text, ':');
	char *out;
	int r;

	if (opts)
		*opts++ = '\0';
	r = check_abs_path(c, c->text, c->word);
	if (r == 0 && opts)
		r = check_tmpfs_options(c, opts);
	if (r < 0 || !opts)
		return r;
	if (asprintf(&out, "%s:%s", c->text, opts) < 0)
		return -ENOMEM;
	return check_replace(c, out);
}

static int check_env(struct check *c)
{
	char *eq = strchr(c->text, '=');
	bool ok;

	if (!eq)
		return check_fail(c, "not NAME=VALUE", c->word);
	*eq = '\0';
	ok = valid_env_name(c->text);
	*eq = '=';
	if (!ok)
		return check_fail(c, "invalid variable name", c->word);
	return 0;
}

static int check_env_name(struct check *c)
{
	if (!valid_env_name(c->word))
		return check_fail(c, "invalid variable name", c->word);
	return 0;
}

static bool valid_capability(const char *name)
{
	_cleanup_free_ char *lower = strdup(name);
	cap_value_t cap;

	if (!lower)
		return false;
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (strncmp(lower, "cap_", 4) != 0 ||
	    !all_chars_in(lower + 4, LOWER DIGITS "_") || !lower[4])
		return false;
	return cap_from_name(lower, &cap) == 0;
}

static int check_caps(struct check *c)
{
	const char *name;
	char *p;
	int r = check_tilde(c, &name);

	if (r < 0)
		return r;
	if (!valid_capability(name))
		return check_fail(c, "unknown capability", name);
	for (p = c->text; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return 0;
}

static int check_syscalls(struct check *c)
{
	_cleanup_free_ char *name = NULL;
	const char *rest;
	char *colon;
	int r = check_tilde(c, &rest);

	if (r < 0)
		return r;
	name = strdup(rest);
	if (!name)
		return -ENOMEM;
	colon = strchr(name, ':');
	if (colon)
		*colon++ = '\0';
	if (!name[0] || strchr(name + 1, '@') ||
	    !all_chars_in(name, LOWER DIGITS "_@-"))
		return check_fail(c, "invalid system call name", name);
	if (colon && !valid_errno(colon))
		return check_fail(c, "unknown errno", colon);
	return 0;
}

struct type_info {
	check_fn check;
	bool list;
};

static const struct type_info type_table[] = {
	[SW_T_STRING] = {check_string, false},
	[SW_T_BOOL] = {check_bool, false},
	[SW_T_HOSTNAME] = {check_hostname, false},
	[SW_T_USER] = {check_user, false},
	[SW_T_UMASK] = {check_umask, false},
	[SW_T_LOGDIR] = {check_logdir, false},
	[SW_T_PROTECT_PROC] = {check_protect_proc, false},
	[SW_T_PROC_SUBSET] = {check_proc_subset, false},
	[SW_T_ERRNO] = {check_errno, false},
	[SW_T_LIMIT] = {check_limit, false},
	[SW_T_PATHS] = {check_paths, true},
	[SW_T_ETC] = {check_etc, true},
	[SW_T_BINDS] = {check_binds, true},
	[SW_T_TMPFS] = {check_tmpfs, true},
	[SW_T_ENV] = {check_env, true},
	[SW_T_ENV_NAMES] = {check_env_name, true},
	[SW_T_NAMES] = {check_user, true},
	[SW_T_CAPS] = {check_caps, true},
	[SW_T_SYSCALLS] = {check_syscalls, true},
};

/* ------------------------------------------------------------------ */
/* Splitting a value into words, with systemd's quoting                 */

static int unescape(char c, char *out)
{
	static const char from[] = "\\\"'nts";
	static const char to[] = "\\\"'\n\t ";
	const char *p = c ? strchr(from, c) : NULL;

	if (!p)
		return -EINVAL;
	*out = to[p - from];
	return 0;
}

/*
 * Takes the next word off *pos into *word: quotes may open and close
 * anywhere in a word, escapes work inside and outside them.  Returns 1
 * with a word, 0 at the end, -EINVAL with why filled, or -ENOMEM.
 */
static int next_word(const char **pos, char **word, char *why, size_t why_len)
{
	const char *s = *pos + strspn(*pos, WHITESPACE), *start = s;
	_cleanup_free_ char *buf = NULL;
	char quote = 0, *out;

	if (!*s)
		return 0;
	buf = malloc(strlen(s) + 1);
	if (!buf)
		return -ENOMEM;
	for (out = buf; *s && (quote || !strchr(WHITESPACE, *s)); s++) {
		if (*s == '\\') {
			if (unescape(s[1], out++) < 0) {
				snprintf(why, why_len,
					 "invalid escape '\\%.1s' in '%s'",
					 s + 1, start);
				return -EINVAL;
			}
			s++;
		} else if (quote && *s == quote) {
			quote = 0;
		} else if (!quote && (*s == '"' || *s == '\'')) {
			quote = *s;
		} else {
			*out++ = *s;
		}
	}
	if (quote) {
		snprintf(why, why_len, "unterminated quote: '%s'", start);
		return -EINVAL;
	}
	*out = '\0';
	*pos = s;
	*word = sw_steal_ptr(buf);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Lines, sections and assignments                                     */

enum {
	SECTION_NONE = -1,    /* before the first header */
	SECTION_UNKNOWN = -2, /* after a bad header: its keys are skipped */
	SECTION_ANY = -3,     /* -p assignments need no section */
};

static const char *const section_names[] = {
	[SW_SECTION_POLICY] = "Policy",
	[SW_SECTION_SANDBOX] = "Sandbox",
};

struct parser {
	struct sw_policy *policy;
	const char *origin; /* interned in policy->files */
	struct sw_diag *diag;
	int section;
	int errors;
	char *pending; /* a line continued with a backslash */
	unsigned pending_line;
};

/* Reports one problem: "origin:line: key: message" (key may be NULL). */
__attribute__((format(printf, 4, 5))) static int
report(struct parser *p, unsigned line, const char *key, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL, *prefix = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	if (line > 0 && !sw_streq(p->origin, ORIGIN_COMMAND_LINE))
		r = asprintf(&prefix, "%s:%u: %s%s", p->origin, line,
			     key ? key : "", key ? ": " : "");
	else
		r = asprintf(&prefix, "%s: %s%s", p->origin, key ? key : "",
			     key ? ": " : "");
	if (r < 0)
		return -ENOMEM;
	p->errors++;
	return diag_add(p->diag, prefix, msg);
}

/* Checks one word and appends it to the key's list. */
static int assign_word(struct parser *p, enum sw_key key, const char *word,
		       bool first, unsigned line)
{
	const struct sw_key_info *info = sw_key_info(key);
	struct check c = {.key = key, .first = first, .word = word};
	int r;

	c.text = strdup(word);
	if (!c.text)
		return -ENOMEM;
	r = type_table[info->type].check(&c);
	if (r == 0)
		r = list_append(&p->policy->keys[key], c.text, p->origin, line);
	if (r == 0)
		return 0;
	free(c.text);
	if (r == -EINVAL)
		return report(p, line, info->name, "%s", c.why);
	return r;
}

static int assign_words(struct parser *p, enum sw_key key, const char *value,
			unsigned line)
{
	const char *name = sw_key_info(key)->name;
	bool first = true;
	char why[512];
	int r;

	for (;;) {
		_cleanup_free_ char *word = NULL;

		r = next_word(&value, &word, why, sizeof(why));
		if (r == -EINVAL)
			return report(p, line, name, "%s", why);
		if (r <= 0)
			return r;
		r = assign_word(p, key, word, first, line);
		if (r < 0)
			return r;
		first = false;
	}
}

static int assign_value(struct parser *p, enum sw_key key, const char *value,
			unsigned line)
{
	struct sw_list *list = &p->policy->keys[key];

	if (!*value) {
		list_reset(list);
		return 0;
	}
	if (type_table[sw_key_info(key)->type].list)
		return assign_words(p, key, value, line);
	return assign_word(p, key, value, true, line);
}

/* Removes whitespace at both ends of s, in place. */
static char *strip(char *s)
{
	char *end;

	s += strspn(s, WHITESPACE);
	end = s + strlen(s);
	while (end > s && strchr(WHITESPACE, end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* Whether key may be set in the current section; reports it if not. */
static int check_section(struct parser *p, enum sw_key key, unsigned line,
			 bool *ok)
{
	const struct sw_key_info *info = sw_key_info(key);

	*ok = false;
	if (p->section == SECTION_UNKNOWN)
		return 0;
	if (p->section == SECTION_NONE)
		return report(p, line, NULL,
			      "key '%s' appears before any section header",
			      info->name);
	if (p->section != SECTION_ANY && p->section != (int)info->section)
		return report(p, line, section_names[p->section],
			      "key '%s' belongs in section [%s]", info->name,
			      section_names[info->section]);
	*ok = true;
	return 0;
}

static int parse_assignment(struct parser *p, char *s, unsigned line)
{
	char *eq = strchr(s, '='), *key_name;
	bool ok;
	int key, r;

	if (!eq)
		return report(p, line, NULL, "expected Key=Value: '%s'", s);
	*eq = '\0';
	key_name = strip(s);
	if (!*key_name)
		return report(p, line, NULL, "missing key name before '='");
	key = sw_key_lookup(key_name);
	if (key < 0) {
		if (p->section == SECTION_UNKNOWN)
			return 0;
		return report(p, line, NULL, "unknown key '%s'", key_name);
	}
	r = check_section(p, (enum sw_key)key, line, &ok);
	if (r < 0 || !ok)
		return r;
	return assign_value(p, (enum sw_key)key, strip(eq + 1), line);
}

static int parse_section(struct parser *p, const char *s, unsigned line)
{
	size_t len = strlen(s);

	p->section = SECTION_UNKNOWN;
	if (len < 3 || s[len - 1] != ']')
		return report(p, line, NULL, "invalid section header '%s'", s);
	for (size_t i = 0; i < SW_ARRAY_SIZE(section_names); i++) {
		if (strncmp(s + 1, section_names[i], len - 2) == 0 &&
		    strlen(section_names[i]) == len - 2) {
			p->section = (int)i;
			return 0;
		}
	}
	return report(p, line, NULL, "unknown section '%s'", s);
}

/* One logical line: continuation lines already joined. */
static int parse_line(struct parser *p, char *s, unsigned line)
{
	s = strip(s);
	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[')
		return parse_section(p, s, line);
	return parse_assignment(p, s, line);
}

/* Adds text to the pending continued line. */
static int pending_add(struct parser *p, const char *s, size_t len,
		       unsigned line)
{
	size_t old = p->pending ? strlen(p->pending) : 0;
	char *buf = realloc(p->pending, old + len + 1);

	if (!buf)
		return -ENOMEM;
	if (!p->pending)
		p->pending_line = line;
	memcpy(buf + old, s, len);
	buf[old + len] = '\0';
	p->pending = buf;
	return 0;
}

static int pending_flush(struct parser *p)
{
	_cleanup_free_ char *s = sw_steal_ptr(p->pending);

	if (!s)
		return 0;
	return parse_line(p, s, p->pending_line);
}

/*
 * One physical line, len bytes at s.  A trailing backslash becomes a space
 * and the next line continues this one.  Comment lines are skipped, also
 * inside a continued line, and never continue themselves, as in systemd.
 */
static int feed_line(struct parser *p, const char *s, size_t len, unsigned line)
{
	const char *t = s + strspn(s, " \t");
	int r;

	while (len > 0 && strchr(WHITESPACE, s[len - 1]))
		len--;
	if (t < s + len && (*t == '#' || *t == ';'))
		return 0;
	if (len > 0 && s[len - 1] == '\\') {
		r = pending_add(p, s, len - 1, line);
		return r < 0 ? r : pending_add(p, " ", 1, line);
	}
	r = pending_add(p, s, len, line);
	return r < 0 ? r : pending_flush(p);
}

static int parser_init(struct parser *p, struct sw_policy *policy,
		       const char *origin, struct sw_diag *diag, int section)
{
	*p = (struct parser){
		.policy = policy,
		.diag = diag,
		.section = section,
	};
	p->origin = policy_intern(policy, origin);
	return p->origin ? 0 : -ENOMEM;
}

int sw_policy_parse_string(struct sw_policy *policy, const char *origin,
			   const char *text, struct sw_diag *diag)
{
	struct parser p;
	unsigned line = 0;
	int r = parser_init(&p, policy, origin, diag, SECTION_NONE);

	while (r >= 0 && *text) {
		const char *eol = strchrnul(text, '\n');

		r = feed_line(&p, text, (size_t)(eol - text), ++line);
		text = *eol ? eol + 1 : eol;
	}
	if (r >= 0)
		r = pending_flush(&p);
	free(p.pending);
	return r < 0 ? r : p.errors;
}

int sw_policy_assign(struct sw_policy *policy, const char *assignment,
		     struct sw_diag *diag)
{
	_cleanup_free_ char *copy = strdup(assignment);
	struct parser p;
	int r;

	if (!copy)
		return -ENOMEM;
	r = parser_init(&p, policy, ORIGIN_COMMAND_LINE, diag, SECTION_ANY);
	if (r < 0)
		return r;
	/* Each -p is an assignment of its own (a '~' list starts anew), so
	 * each gets its own number in place of a line. */
	r = parse_assignment(&p, strip(copy), ++policy->n_assignments);
	return r < 0 ? r : p.errors;
}
