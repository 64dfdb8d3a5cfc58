/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_POLICY_H
#define SW_POLICY_H

/*
 * The policy: what the administrator wrote, merged with the built-in
 * defaults, drop-ins and -p assignments.  It is pure data: parsing makes
 * no system call besides reading the files, and every value remembers the
 * file and line it came from so that later stages can point at it.
 *
 * Syntax is systemd's unit-file syntax: [Section] headers, Key=Value
 * lines, '#' and ';' comments, a trailing backslash continues a line,
 * repeated keys add to a list, and an empty assignment resets it.
 */

#include <stdbool.h>
#include <stddef.h>

/* How the value of a key is split and checked at parse time. */
enum sw_key_type {
	SW_T_STRING,	   /* one value, the whole line */
	SW_T_BOOL,	   /* yes/no/true/false/on/off/1/0 */
	SW_T_HOSTNAME,	   /* a valid host name */
	SW_T_USER,	   /* user or group name, or a number */
	SW_T_UMASK,	   /* octal, at most 0777 */
	SW_T_LOGDIR,	   /* yes, no, or an absolute host path */
	SW_T_PROTECT_PROC, /* default|noaccess|invisible|ptraceable */
	SW_T_PROC_SUBSET,  /* all|pid */
	SW_T_ERRNO,	   /* an errno name (EPERM) or number */
	SW_T_LIMIT,	/* N, N:M, infinity, with K/M/G/T or s/min/h suffixes */
	SW_T_PATHS,	/* list of [-]/absolute/path */
	SW_T_ETC,	/* list of [-]name below /etc */
	SW_T_BINDS,	/* list of [-]SRC[:DST[:rbind|norbind]] */
	SW_T_TMPFS,	/* list of PATH[:mount options] */
	SW_T_ENV,	/* list of NAME=VALUE */
	SW_T_ENV_NAMES, /* list of NAME */
	SW_T_NAMES,	/* list of user or group names */
	SW_T_CAPS,	/* list of [~]CAP_NAME, checked with libcap */
	SW_T_SYSCALLS, /* list of [~]name|@group[:errno] (names checked later) */
};

enum sw_section {
	SW_SECTION_POLICY,
	SW_SECTION_SANDBOX,
};

/*
 * Every key, in one table: X(enum suffix, "Name", section, type).
 * Keys named like systemd's exec directives mean what systemd means.
 */
#define SW_KEYS(X)                                                             \
	X(DESCRIPTION, "Description", SW_SECTION_POLICY, SW_T_STRING)          \
	X(HOST_IMAGE, "HostImage", SW_SECTION_SANDBOX, SW_T_PATHS)             \
	X(ETC_FILES, "EtcFiles", SW_SECTION_SANDBOX, SW_T_ETC)                 \
	X(READ_ONLY_PATHS, "ReadOnlyPaths", SW_SECTION_SANDBOX, SW_T_PATHS)    \
	X(READ_WRITE_PATHS, "ReadWritePaths", SW_SECTION_SANDBOX, SW_T_PATHS)  \
	X(INACCESSIBLE_PATHS, "InaccessiblePaths", SW_SECTION_SANDBOX,         \
	  SW_T_PATHS)                                                          \
	X(BIND_PATHS, "BindPaths", SW_SECTION_SANDBOX, SW_T_BINDS)             \
	X(BIND_READ_ONLY_PATHS, "BindReadOnlyPaths", SW_SECTION_SANDBOX,       \
	  SW_T_BINDS)                                                          \
	X(TEMPORARY_FILE_SYSTEM, "TemporaryFileSystem", SW_SECTION_SANDBOX,    \
	  SW_T_TMPFS)                                                          \
	X(PRIVATE_TMP, "PrivateTmp", SW_SECTION_SANDBOX, SW_T_BOOL)            \
	X(PRIVATE_NETWORK, "PrivateNetwork", SW_SECTION_SANDBOX, SW_T_BOOL)    \
	X(PROTECT_PROC, "ProtectProc", SW_SECTION_SANDBOX, SW_T_PROTECT_PROC)  \
	X(PROC_SUBSET, "ProcSubset", SW_SECTION_SANDBOX, SW_T_PROC_SUBSET)     \
	X(HOSTNAME, "Hostname", SW_SECTION_SANDBOX, SW_T_HOSTNAME)             \
	X(LOG_DIRECTORY, "LogDirectory", SW_SECTION_SANDBOX, SW_T_LOGDIR)      \
	X(USER, "User", SW_SECTION_SANDBOX, SW_T_USER)                         \
	X(GROUP, "Group", SW_SECTION_SANDBOX, SW_T_USER)                       \
	X(SUPPLEMENTARY_GROUPS, "SupplementaryGroups", SW_SECTION_SANDBOX,     \
	  SW_T_NAMES)                                                          \
	X(WORKING_DIRECTORY, "WorkingDirectory", SW_SECTION_SANDBOX,           \
	  SW_T_STRING)                                                         \
	X(UMASK, "UMask", SW_SECTION_SANDBOX, SW_T_UMASK)                      \
	X(SHELL, "Shell", SW_SECTION_SANDBOX, SW_T_STRING)                     \
	X(ENVIRONMENT, "Environment", SW_SECTION_SANDBOX, SW_T_ENV)            \
	X(PASS_ENVIRONMENT, "PassEnvironment", SW_SECTION_SANDBOX,             \
	  SW_T_ENV_NAMES)                                                      \
	X(CAPABILITY_BOUNDING_SET, "CapabilityBoundingSet",                    \
	  SW_SECTION_SANDBOX, SW_T_CAPS)                                       \
	X(AMBIENT_CAPABILITIES, "AmbientCapabilities", SW_SECTION_SANDBOX,     \
	  SW_T_CAPS)                                                           \
	X(SYSTEM_CALL_FILTER, "SystemCallFilter", SW_SECTION_SANDBOX,          \
	  SW_T_SYSCALLS)                                                       \
	X(SYSTEM_CALL_ERROR_NUMBER, "SystemCallErrorNumber",                   \
	  SW_SECTION_SANDBOX, SW_T_ERRNO)                                      \
	X(LIMIT_NOFILE, "LimitNOFILE", SW_SECTION_SANDBOX, SW_T_LIMIT)         \
	X(LIMIT_NPROC, "LimitNPROC", SW_SECTION_SANDBOX, SW_T_LIMIT)           \
	X(LIMIT_CORE, "LimitCORE", SW_SECTION_SANDBOX, SW_T_LIMIT)             \
	X(LIMIT_AS, "LimitAS", SW_SECTION_SANDBOX, SW_T_LIMIT)                 \
	X(LIMIT_CPU, "LimitCPU", SW_SECTION_SANDBOX, SW_T_LIMIT)               \
	X(LIMIT_FSIZE, "LimitFSIZE", SW_SECTION_SANDBOX, SW_T_LIMIT)

#define SW_KEY_ENUM(id, name, section, type) SW_KEY_##id,
enum sw_key { SW_KEYS(SW_KEY_ENUM) SW_KEY__MAX };
#undef SW_KEY_ENUM

struct sw_key_info {
	const char *name;
	enum sw_section section;
	enum sw_key_type type;
};

/* One value of one key, with where it was written. */
struct sw_value {
	char *text; /* normalised (paths: no //, no trailing /) */
	const char
		*file; /* owned by the policy; "<built-in>", "<command line>" */
	unsigned line;
};

struct sw_list {
	struct sw_value *items;
	size_t n;
	size_t cap;
};

struct sw_policy {
	char *name;   /* "php-fpm"; "default" for the built-in policy */
	char *path;   /* main file read, or NULL */
	char **files; /* every origin string values point at */
	size_t n_files;
	unsigned n_assignments; /* -p assignments so far, numbered from 1 */
	struct sw_list keys[SW_KEY__MAX];
};

/* Diagnostics of the parser: every problem found, in order, each one a
 * complete line "file:line: Key: what is wrong". */
struct sw_diag {
	char **lines;
	size_t n;
};

void sw_diag_free(struct sw_diag *diag);

const struct sw_key_info *sw_key_info(enum sw_key key);
/* The key called name, or -1.  Case-sensitive, as in systemd. */
int sw_key_lookup(const char *name);

struct sw_policy *sw_policy_new(const char *name);
void sw_policy_free(struct sw_policy *policy);

/*
 * Parse text into policy.  origin is the name used in diagnostics.  Keeps
 * going after an error and returns the number of errors found (0 on
 * success), or -errno if memory ran out.
 */
int sw_policy_parse_string(struct sw_policy *policy, const char *origin,
			   const char *text, struct sw_diag *diag);
int sw_policy_parse_file(struct sw_policy *policy, const char *path,
			 struct sw_diag *diag);
/* One "Key=Value" from the command line (-p); the section is implied. */
int sw_policy_assign(struct sw_policy *policy, const char *assignment,
		     struct sw_diag *diag);
int sw_policy_load_defaults(struct sw_policy *policy, struct sw_diag *diag);

/*
 * Build the effective policy: built-in defaults, then the policy named by
 * name_or_path (NULL: none), its drop-ins NAME.conf.d/\*.conf in lexical
 * order, then each -p assignment.  A bare name is looked up as
 * confdir/NAME.conf; a value containing '/' is a path.  The policy's name
 * is the file name without ".conf", or "default".  Returns 0, the number
 * of errors in diag, or -errno.
 */
int sw_policy_load(struct sw_policy **out, const char *confdir,
		   const char *name_or_path, char *const *assignments,
		   size_t n_assignments, struct sw_diag *diag);

/* Accessors used by plan resolution. */
const struct sw_list *sw_policy_list(const struct sw_policy *policy,
				     enum sw_key key);
/* The last value of a single-valued key, or NULL if unset or reset. */
const struct sw_value *sw_policy_last(const struct sw_policy *policy,
				      enum sw_key key);
bool sw_policy_bool(const struct sw_policy *policy, enum sw_key key, bool dflt);
/*
 * The policy file for a login of user, whose groups (primary first) are
 * given by name: confdir/users/USER.conf, confdir/groups/GROUP.conf,
 * confdir/login.conf, the first that exists; NULL if none does (the
 * built-in default then applies).  Malloc'd.
 */
char *sw_policy_find_login(const char *confdir, const char *user,
			   const char *const *groups, size_t n_groups);

/* Where a value was written, for messages: "file:line", or
 * "<command line>" for -p.  The string lives until the next call. */
const char *sw_value_where(const struct sw_value *v);

/* Parses yes/no and friends; -EINVAL if it is not a boolean. */
int sw_parse_bool(const char *s);

/* The number of an errno name ("EPERM" -> 1), or -EINVAL. */
int sw_errno_from_name(const char *name);

/*
 * Parses the value of a Limit* key: "infinity", N or SOFT:HARD, with
 * K/M/G/T (powers of 1024) for sizes and s/min/h for LimitCPU.  One value
 * sets both limits; infinity is ULLONG_MAX.  Returns 0, -EINVAL on bad
 * syntax (or a soft limit above the hard one), -ERANGE on overflow.
 */
int sw_parse_limit(const char *text, enum sw_key key, unsigned long long *soft,
		   unsigned long long *hard);

#endif
