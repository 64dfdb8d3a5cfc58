/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Plan resolution: policy + host -> an ordered list of operations and the
 * settings of the process.  It reads the host through struct sw_host and
 * changes nothing, so it runs the same for `sandwrap check` and for a
 * real start, and unit tests feed it a fake host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/macro.h"
#include "common/path.h"
#include "sandbox/lockdown.h"
#include "sandbox/plan.h"

#define DEFAULT_PATH                                                           \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define LOG_ROOT_PARENT LOCALSTATEDIR "/log"
#define LOG_ROOT LOG_ROOT_PARENT "/sandwrap"

struct resolver {
	const struct sw_policy *policy;
	const struct sw_host *host;
	struct sw_plan *plan;
	struct sw_error *err;
};

/* Variables passed from the caller's environment when set. */
static const char *const passed_env[] = {
	"LANG",	       "LANGUAGE",   "LC_ALL",	 "LC_CTYPE",	"LC_COLLATE",
	"LC_MESSAGES", "LC_NUMERIC", "LC_TIME",	 "LC_MONETARY", "TERM",
	"TZ",	       "COLORTERM",  "NO_COLOR",
};

/* Entries of /proc that read kernel memory, poke the kernel or leak what
 * other sandboxes do: hidden behind an empty read-only file or dir. */
static const char *const proc_masked_files[] = {
	"/proc/kcore",	     "/proc/kallsyms",	    "/proc/sysrq-trigger",
	"/proc/keys",	     "/proc/key-users",	    "/proc/timer_list",
	"/proc/sched_debug", "/proc/latency_stats", "/proc/kmsg",
	"/proc/kpagecount",  "/proc/kpageflags",    "/proc/kpagecgroup",
	"/proc/config.gz",   "/proc/vmallocinfo",   "/proc/slabinfo",
};
static const char *const proc_masked_dirs[] = {
	"/proc/acpi",	"/proc/scsi",	  "/proc/asound",
	"/proc/driver", "/proc/firmware",
};
/* Entries that stay readable but become read-only. */
static const char *const proc_read_only[] = {
	"/proc/sys",
	"/proc/bus",
	"/proc/fs",
	"/proc/irq",
};

static const char *const dev_nodes[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

static const struct {
	const char *target, *link;
} dev_links[] = {
	{"/dev/ptmx", "pts/ptmx"},	    {"/dev/fd", "/proc/self/fd"},
	{"/dev/stdin", "/proc/self/fd/0"},  {"/dev/stdout", "/proc/self/fd/1"},
	{"/dev/stderr", "/proc/self/fd/2"}, {"/dev/core", "/proc/kcore"},
};

static int oom(struct resolver *r)
{
	return sw_error_set(r->err, ENOMEM, "resolve the policy", NULL);
}

/* An error in the policy itself, pointing at the line. */
static int policy_error(struct resolver *r, const struct sw_value *v,
			int errnum, const char *key, const char *what)
{
	if (v)
		return sw_error_setf(r->err, errnum, "resolve the policy", NULL,
				     "%s: %s: %s", sw_value_where(v), key,
				     what);
	return sw_error_setf(r->err, errnum, "resolve the policy", NULL,
			     "%s: %s", key, what);
}

static struct sw_op *add(struct resolver *r, enum sw_op_kind kind,
			 const char *target, const char *source, unsigned flags)
{
	return sw_plan_add(r->plan, kind, target, source, flags);
}

static int add_data(struct resolver *r, enum sw_op_kind kind,
		    const char *target, const char *data, unsigned flags,
		    mode_t mode)
{
	struct sw_op *op = add(r, kind, target, NULL, flags);

	if (!op || !(op->data = strdup(data)))
		return oom(r);
	op->mode = mode;
	return 0;
}

static bool value_optional(const char **text)
{
	if (**text != '-')
		return false;
	(*text)++;
	return true;
}

/* ---- the process ------------------------------------------------------ */

static bool caller_in_group(const struct sw_host *host, gid_t gid)
{
	if (gid == host->caller_gid)
		return true;
	for (size_t i = 0; i < host->n_caller_groups; i++)
		if (host->caller_groups[i] == gid)
			return true;
	return false;
}

/*
 * Without root, the sandbox is built in a user namespace that maps only
 * the caller's own uid and gid: another user or group cannot be had, and
 * saying so beats running the command as someone else than asked.
 */
static int check_unprivileged_user(struct resolver *r, const struct sw_value *u,
				   const struct sw_value *g)
{
	if (r->host->caller_uid == 0)
		return 0;
	r->plan->unprivileged = true;
	if (r->plan->uid != r->host->caller_uid)
		return policy_error(r, u, EPERM, "User",
				    "running as another user needs root; "
				    "unprivileged, only the caller's own user "
				    "is possible");
	if (!caller_in_group(r->host, r->plan->gid))
		return policy_error(r, g, EPERM, "Group",
				    "the caller is not in this group, and "
				    "unprivileged sandwrap cannot add groups");
	return 0;
}

/*
 * The shell a login runs: Shell=, else the user's own, unless that is
 * sandwrap itself (the account's login shell), which would only start
 * another sandbox.
 */
static int resolve_shell(struct resolver *r)
{
	const struct sw_value *v = sw_policy_last(r->policy, SW_KEY_SHELL);
	const char *base = strrchr(r->plan->shell, '/');
	char *shell;

	if (v && v->text[0] != '/')
		return policy_error(r, v, EINVAL, "Shell",
				    "must be an absolute path");
	base = base ? base + 1 : r->plan->shell;
	/* sandwrap, sandwrap-shell, or a copy named after them */
	if (!v && strncmp(base, "sandwrap", 8) != 0)
		return 0;
	shell = strdup(v ? v->text : "/bin/sh");
	if (!shell)
		return oom(r);
	free(r->plan->shell);
	r->plan->shell = shell;
	return 0;
}

static int resolve_user(struct resolver *r)
{
	const struct sw_value *u = sw_policy_last(r->policy, SW_KEY_USER);
	const struct sw_value *g = sw_policy_last(r->policy, SW_KEY_GROUP);
	struct sw_user user = {0};
	char self[32];
	int k;

	snprintf(self, sizeof(self), "%u", (unsigned)r->host->caller_uid);
	k = r->host->lookup_user(r->host, u ? u->text : self, &user);
	if (k == -ESRCH)
		return policy_error(r, u, ESRCH, "User", "no such user");
	if (k < 0)
		return sw_error_set(r->err, k, "look up user",
				    u ? u->text : self);

	r->plan->uid = user.uid;
	r->plan->gid = user.gid;
	r->plan->user_name = sw_steal_ptr(user.name);
	r->plan->home = sw_steal_ptr(user.home);
	r->plan->shell = sw_steal_ptr(user.shell);
	if ((k = resolve_shell(r)) < 0) {
		sw_user_clear(&user);
		return k;
	}
	sw_user_clear(&user);

	if (g) {
		k = r->host->lookup_group(r->host, g->text, &r->plan->gid);
		if (k == -ESRCH)
			return policy_error(r, g, ESRCH, "Group",
					    "no such group");
		if (k < 0)
			return sw_error_set(r->err, k, "look up group",
					    g->text);
	}
	return check_unprivileged_user(r, u, g);
}

static int add_group(struct resolver *r, gid_t gid)
{
	gid_t *v;

	for (size_t i = 0; i < r->plan->n_groups; i++)
		if (r->plan->groups[i] == gid)
			return 0;
	v = reallocarray(r->plan->groups, r->plan->n_groups + 1, sizeof(*v));
	if (!v)
		return oom(r);
	v[r->plan->n_groups++] = gid;
	r->plan->groups = v;
	return 0;
}

/* Unprivileged: the process keeps the caller's groups, nothing else. */
static int resolve_caller_groups(struct resolver *r,
				 const struct sw_list *extra)
{
	int k;

	for (size_t i = 0; i < extra->n; i++) {
		gid_t gid;

		k = r->host->lookup_group(r->host, extra->items[i].text, &gid);
		if (k < 0 || !caller_in_group(r->host, gid))
			return policy_error(r, &extra->items[i], EPERM,
					    "SupplementaryGroups",
					    "the caller is not in this group, "
					    "and unprivileged sandwrap cannot "
					    "add groups");
	}
	if ((k = add_group(r, r->plan->gid)) < 0)
		return k;
	for (size_t i = 0; i < r->host->n_caller_groups; i++)
		if ((k = add_group(r, r->host->caller_groups[i])) < 0)
			return k;
	return 0;
}

static int resolve_groups(struct resolver *r)
{
	const struct sw_list *extra =
		sw_policy_list(r->policy, SW_KEY_SUPPLEMENTARY_GROUPS);
	_cleanup_free_ gid_t *groups = NULL;
	size_t n = 0;
	int k;

	if (r->plan->unprivileged)
		return resolve_caller_groups(r, extra);
	k = r->host->user_groups(r->host, r->plan->user_name, r->plan->gid,
				 &groups, &n);
	if (k < 0 && k != -ESRCH)
		return sw_error_set(r->err, k, "look up groups of",
				    r->plan->user_name);
	if ((k = add_group(r, r->plan->gid)) < 0)
		return k;
	for (size_t i = 0; i < n; i++)
		if ((k = add_group(r, groups[i])) < 0)
			return k;
	for (size_t i = 0; i < extra->n; i++) {
		gid_t gid;

		k = r->host->lookup_group(r->host, extra->items[i].text, &gid);
		if (k == -ESRCH)
			return policy_error(r, &extra->items[i], ESRCH,
					    "SupplementaryGroups",
					    "no such group");
		if (k < 0)
			return sw_error_set(r->err, k, "look up group",
					    extra->items[i].text);
		if ((k = add_group(r, gid)) < 0)
			return k;
	}
	return 0;
}

static int resolve_umask(struct resolver *r)
{
	const struct sw_value *v = sw_policy_last(r->policy, SW_KEY_UMASK);

	r->plan->umask = v ? (mode_t)strtoul(v->text, NULL, 8) : 022;
	return 0;
}

static int resolve_workdir(struct resolver *r)
{
	const struct sw_value *v =
		sw_policy_last(r->policy, SW_KEY_WORKING_DIRECTORY);
	const char *text = v ? v->text : "/";

	r->plan->workdir_optional = value_optional(&text);
	if (sw_streq(text, "~"))
		text = r->plan->home;
	else if (text[0] != '/')
		return policy_error(r, v, EINVAL, "WorkingDirectory",
				    "must be an absolute path or ~");
	r->plan->workdir = strdup(text);
	return r->plan->workdir ? 0 : oom(r);
}

/* ---- the environment ------------------------------------------------- */

struct envbuf {
	char **v;
	size_t n;
};

static int env_set(struct envbuf *e, const char *name, size_t len,
		   const char *value)
{
	char *entry, **nv;

	if (asprintf(&entry, "%.*s=%s", (int)len, name, value) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < e->n; i++)
		if (strncmp(e->v[i], name, len) == 0 && e->v[i][len] == '=') {
			free(e->v[i]);
			e->v[i] = entry;
			return 0;
		}
	nv = reallocarray(e->v, e->n + 2, sizeof(*nv));
	if (!nv) {
		free(entry);
		return -ENOMEM;
	}
	nv[e->n++] = entry;
	nv[e->n] = NULL;
	e->v = nv;
	return 0;
}

static const char *caller_env(const struct sw_host *host, const char *name)
{
	size_t len = strlen(name);

	for (char *const *p = host->environ; p && *p; p++)
		if (strncmp(*p, name, len) == 0 && (*p)[len] == '=')
			return *p + len + 1;
	return NULL;
}

static int resolve_env(struct resolver *r)
{
	const struct sw_list *pass =
		sw_policy_list(r->policy, SW_KEY_PASS_ENVIRONMENT);
	const struct sw_list *set =
		sw_policy_list(r->policy, SW_KEY_ENVIRONMENT);
	struct envbuf e = {0};
	int k = 0;

	k |= env_set(&e, "PATH", 4, DEFAULT_PATH);
	for (size_t i = 0; i < SW_ARRAY_SIZE(passed_env); i++) {
		const char *val = caller_env(r->host, passed_env[i]);

		if (val)
			k |= env_set(&e, passed_env[i], strlen(passed_env[i]),
				     val);
	}
	k |= env_set(&e, "HOME", 4, r->plan->home);
	k |= env_set(&e, "USER", 4, r->plan->user_name);
	k |= env_set(&e, "LOGNAME", 7, r->plan->user_name);
	k |= env_set(&e, "SHELL", 5, r->plan->shell);
	for (size_t i = 0; i < pass->n; i++) {
		const char *val = caller_env(r->host, pass->items[i].text);

		if (val)
			k |= env_set(&e, pass->items[i].text,
				     strlen(pass->items[i].text), val);
	}
	for (size_t i = 0; i < set->n; i++) {
		const char *text = set->items[i].text;
		const char *eq = strchr(text, '=');

		if (eq)
			k |= env_set(&e, text, (size_t)(eq - text), eq + 1);
	}
	r->plan->env = e.v;
	if (!e.v)
		r->plan->env = calloc(1, sizeof(char *));
	return k || !r->plan->env ? oom(r) : 0;
}

/* ---- the view -------------------------------------------------------- */

static int missing_path(struct resolver *r, const struct sw_value *v,
			const char *key, const char *path)
{
	char what[SW_ERROR_DETAIL_MAX];

	snprintf(what, sizeof(what),
		 "'%s' does not exist on the host (write "
		 "-%s to make it optional)",
		 path, path);
	return policy_error(r, v, ENOENT, key, what);
}

/* Bind host source at target.  A missing optional source is skipped. */
/*
 * Places the policy cannot mount over: the root, /etc as a whole (its
 * entries are EtcFiles=), and /proc and /dev, which sandwrap builds and
 * masks itself.  Below /etc and everywhere else is fine.
 */
static int check_target(struct resolver *r, const struct sw_value *v,
			const char *key, const char *target)
{
	char what[SW_ERROR_DETAIL_MAX];

	if (!sw_streq(target, "/") && !sw_streq(target, "/etc") &&
	    !sw_path_startswith(target, "/proc") &&
	    !sw_path_startswith(target, "/dev"))
		return 0;
	snprintf(what, sizeof(what),
		 "'%s' is built by sandwrap and cannot be replaced%s", target,
		 sw_streq(target, "/etc") ? "; name its entries in EtcFiles="
					  : "");
	return policy_error(r, v, EPERM, key, what);
}

static bool from_policy_file(const struct sw_value *v)
{
	return v && v->file && !sw_streq(v->file, "<built-in>");
}

static int add_bind(struct resolver *r, const struct sw_value *v,
		    const char *key, const char *source, const char *target,
		    unsigned flags)
{
	enum sw_file_type t = r->host->file_type(r->host, source, NULL);
	struct sw_op *op;
	int k;

	if (t == SW_FT_MISSING) {
		if (flags & SW_OP_OPTIONAL)
			return 0;
		return missing_path(r, v, key, source);
	}
	if (from_policy_file(v) && (k = check_target(r, v, key, target)) < 0)
		return k;
	if (t == SW_FT_DIR)
		flags |= SW_OP_SOURCE_DIR;
	else
		flags = (flags | SW_OP_SOURCE_FILE) &
			~(unsigned)SW_OP_RECURSIVE;
	op = add(r, SW_OP_BIND, target, source, flags);
	if (!op)
		return oom(r);
	op->origin = v;
	op->key = key;
	return 0;
}

static int resolve_image(struct resolver *r)
{
	const struct sw_list *l = sw_policy_list(r->policy, SW_KEY_HOST_IMAGE);

	for (size_t i = 0; i < l->n; i++) {
		const char *path = l->items[i].text;
		bool optional = value_optional(&path);
		_cleanup_free_ char *link = NULL;
		enum sw_file_type t = r->host->file_type(r->host, path, &link);
		int k;

		if (t == SW_FT_MISSING && optional)
			continue;
		if (t == SW_FT_MISSING)
			return missing_path(r, &l->items[i], "HostImage", path);
		if (t == SW_FT_SYMLINK) {
			/* merged /usr: /bin -> usr/bin, mirrored as it is */
			k = add_data(r, SW_OP_SYMLINK, path, link,
				     SW_OP_IN_TMPFS, 0777);
		} else {
			k = add_bind(r, &l->items[i], "HostImage", path, path,
				     SW_OP_RO | SW_OP_RECURSIVE);
		}
		if (k < 0)
			return k;
	}
	return 0;
}

/* Whether path lies in what the sandbox shows of the host image, so that
 * a symlink pointing there can be reproduced as a symlink. */
static bool visible_in_image(struct resolver *r, const char *path)
{
	for (size_t i = 0; i < r->plan->n_ops; i++) {
		const struct sw_op *op = &r->plan->ops[i];

		if (op->kind == SW_OP_BIND && (op->flags & SW_OP_RO) &&
		    !(op->flags & SW_OP_ETC_ENTRY) &&
		    sw_path_startswith(path, op->target) &&
		    sw_streq(op->target, op->source))
			return true;
	}
	return sw_path_startswith(path, "/proc") ||
	       sw_path_startswith(path, "/dev");
}

/* The absolute, normalised target of a symlink at path, or NULL. */
static char *link_target(const char *path, const char *link)
{
	_cleanup_free_ char *dir = strdup(path);
	char *abs, *slash;

	if (!dir)
		return NULL;
	if (link[0] == '/') {
		abs = strdup(link);
	} else {
		slash = strrchr(dir, '/');
		slash[slash == dir ? 1 : 0] = '\0';
		abs = sw_path_join(dir, link);
	}
	if (abs && sw_path_normalize(abs) < 0) {
		free(abs); /* ".." in a link: do not mirror it */
		return NULL;
	}
	return abs;
}

static int add_etc_entry(struct resolver *r, const struct sw_value *v)
{
	const char *name = v->text;
	bool optional = value_optional(&name);
	_cleanup_free_ char *path = sw_path_join("/etc", name);
	_cleanup_free_ char *link = NULL, *abs = NULL;
	enum sw_file_type t;
	struct sw_op *op;

	if (!path)
		return oom(r);
	/* generated from the plan, never taken from the host */
	if (sw_streq(name, "hostname") || sw_streq(name, "hosts"))
		return 0;
	t = r->host->file_type(r->host, path, &link);
	if (t == SW_FT_MISSING)
		return optional ? 0 : missing_path(r, v, "EtcFiles", path);
	if (t == SW_FT_SYMLINK) {
		abs = link_target(path, link);
		if (abs && visible_in_image(r, abs))
			return add_data(r, SW_OP_SYMLINK, path, link,
					SW_OP_IN_TMPFS, 0777);
		/* /etc/resolv.conf -> /run/...: the file it names */
		return add_bind(r, v, "EtcFiles", path, path,
				SW_OP_RO | SW_OP_ETC_ENTRY |
					(optional ? SW_OP_OPTIONAL : 0));
	}
	if (t == SW_FT_DIR)
		return add_bind(r, v, "EtcFiles", path, path,
				SW_OP_RO | SW_OP_RECURSIVE | SW_OP_ETC_ENTRY);
	/* A file is copied into the sealed /etc: as read-only as a bind,
	 * and one mount less to make and to tear down. */
	op = add(r, SW_OP_FILE, path, path,
		 SW_OP_ETC_ENTRY | SW_OP_SOURCE_FILE |
			 (optional ? SW_OP_OPTIONAL : 0));
	if (!op)
		return oom(r);
	op->origin = v;
	return 0;
}

static bool etc_listed(struct resolver *r, const char *name)
{
	const struct sw_list *l = sw_policy_list(r->policy, SW_KEY_ETC_FILES);

	for (size_t i = 0; i < l->n; i++) {
		const char *t = l->items[i].text;

		value_optional(&t);
		if (sw_streq(t, name))
			return true;
	}
	return false;
}

static int add_generated_etc(struct resolver *r)
{
	_cleanup_free_ char *host_hosts = NULL, *hosts = NULL, *hostname = NULL;
	const char *h = r->plan->hostname;

	if (etc_listed(r, "hosts"))
		host_hosts = r->host->read_file(r->host, "/etc/hosts");
	if (asprintf(&hostname, "%s\n", h) < 0 ||
	    asprintf(&hosts, "%s%s127.0.1.1\t%s\n",
		     host_hosts ? host_hosts
				: "127.0.0.1\tlocalhost\n"
				  "::1\tlocalhost ip6-localhost ip6-loopback\n",
		     host_hosts && *host_hosts &&
				     host_hosts[strlen(host_hosts) - 1] != '\n'
			     ? "\n"
			     : "",
		     h) < 0)
		return oom(r);
	if (add_data(r, SW_OP_FILE, "/etc/hostname", hostname, SW_OP_IN_TMPFS,
		     0644) < 0 ||
	    add_data(r, SW_OP_FILE, "/etc/hosts", hosts, SW_OP_IN_TMPFS, 0644) <
		    0)
		return -ENOMEM;
	return 0;
}

static int resolve_etc(struct resolver *r)
{
	const struct sw_list *l = sw_policy_list(r->policy, SW_KEY_ETC_FILES);
	int k;

	if (add_data(r, SW_OP_TMPFS, "/etc", "mode=0755",
		     SW_OP_SEAL | SW_OP_NOEXEC, 0) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < l->n; i++)
		if ((k = add_etc_entry(r, &l->items[i])) < 0)
			return k;
	return add_generated_etc(r);
}

static int resolve_writable(struct resolver *r)
{
	char opts[64];
	const struct sw_value *log =
		sw_policy_last(r->policy, SW_KEY_LOG_DIRECTORY);
	_cleanup_free_ char *logdir = NULL;
	struct sw_op *op;

	snprintf(opts, sizeof(opts), "mode=0755,uid=%u,gid=%u",
		 (unsigned)r->plan->uid, (unsigned)r->plan->gid);
	if (add_data(r, SW_OP_TMPFS, "/run", opts, 0, 0) < 0)
		return -ENOMEM;
	if (sw_policy_bool(r->policy, SW_KEY_PRIVATE_TMP, true) &&
	    (add_data(r, SW_OP_TMPFS, "/tmp", "mode=1777", 0, 0) < 0 ||
	     add_data(r, SW_OP_TMPFS, "/var/tmp", "mode=1777", 0, 0) < 0))
		return -ENOMEM;

	if (!log || sw_parse_bool(log->text) == 0)
		return 0;
	if (sw_parse_bool(log->text) == 1) {
		if (asprintf(&logdir, "%s/%s", LOG_ROOT, r->plan->name) < 0)
			return oom(r);
	} else if (!sw_path_startswith(log->text, LOG_ROOT_PARENT) ||
		   sw_streq(log->text, LOG_ROOT_PARENT)) {
		/* sandwrap creates it and gives it to the service user:
		 * only below the system's log directory, as systemd does */
		return policy_error(r, log, EPERM, "LogDirectory",
				    "must be yes, no, or a directory "
				    "below " LOG_ROOT_PARENT);
	} else if (!(logdir = strdup(log->text))) {
		return oom(r);
	}
	op = add(r, SW_OP_BIND, "/var/log", logdir,
		 SW_OP_CREATE_DIR | SW_OP_SOURCE_DIR);
	if (!op)
		return oom(r);
	op->origin = log;
	op->key = "LogDirectory";
	return 0;
}

/* A path with "%h" replaced by the user's home; malloc'd. */
static char *expand(struct resolver *r, const char *path)
{
	if (path[0] != '%' || path[1] != 'h')
		return strdup(path);
	if (!path[2])
		return strdup(r->plan->home);
	if (sw_streq(r->plan->home, "/") && path[2])
		return strdup(path + 2);
	return sw_path_join(r->plan->home, path + 2);
}

static int resolve_paths(struct resolver *r, enum sw_key key, unsigned flags)
{
	const struct sw_list *l = sw_policy_list(r->policy, key);
	const char *name = sw_key_info(key)->name;

	for (size_t i = 0; i < l->n; i++) {
		const char *text = l->items[i].text;
		_cleanup_free_ char *path = NULL;
		unsigned f = flags;
		int k;

		if (value_optional(&text))
			f |= SW_OP_OPTIONAL;
		if (!(path = expand(r, text)))
			return oom(r);
		k = add_bind(r, &l->items[i], name, path, path, f);
		if (k < 0)
			return k;
	}
	return 0;
}

/* "[-]SRC:DST[:rbind|norbind]" as the parser normalised it. */
static int resolve_binds(struct resolver *r, enum sw_key key, unsigned flags)
{
	const struct sw_list *l = sw_policy_list(r->policy, key);
	const char *name = sw_key_info(key)->name;

	for (size_t i = 0; i < l->n; i++) {
		const char *text = l->items[i].text;
		_cleanup_free_ char *copy = NULL;
		char *src, *dst, *opt;
		unsigned f = flags | SW_OP_RECURSIVE;
		int k;

		if (value_optional(&text))
			f |= SW_OP_OPTIONAL;
		if (!(copy = strdup(text)))
			return oom(r);
		src = copy;
		dst = strchr(src, ':');
		if (dst)
			*dst++ = '\0';
		opt = dst ? strchr(dst, ':') : NULL;
		if (opt)
			*opt++ = '\0';
		if (opt && sw_streq(opt, "norbind"))
			f &= ~(unsigned)SW_OP_RECURSIVE;
		src = expand(r, src);
		dst = expand(r, dst ? dst : src);
		k = src && dst ? add_bind(r, &l->items[i], name, src, dst, f)
			       : oom(r);
		free(src);
		free(dst);
		if (k < 0)
			return k;
	}
	return 0;
}

/* Split "ro,size=10m" into the flags and the options for fsconfig. */
static int resolve_tmpfs(struct resolver *r)
{
	const struct sw_list *l =
		sw_policy_list(r->policy, SW_KEY_TEMPORARY_FILE_SYSTEM);

	for (size_t i = 0; i < l->n; i++) {
		_cleanup_free_ char *copy = strdup(l->items[i].text);
		char opts[512] = "", mode[64] = "mode=0755";
		char *path, *o, *save = NULL;
		_cleanup_free_ char *expanded = NULL, *data = NULL;
		unsigned flags = 0;
		struct sw_op *op;
		int k;

		if (!copy)
			return oom(r);
		o = strchr(copy, ':');
		if (o)
			*o++ = '\0';
		if (!(path = expanded = expand(r, copy)))
			return oom(r);
		for (char *w = o ? strtok_r(o, ",", &save) : NULL; w;
		     w = strtok_r(NULL, ",", &save)) {
			if (sw_streq(w, "ro"))
				flags |= SW_OP_RO;
			else if (sw_streq(w, "rw"))
				flags &= ~(unsigned)SW_OP_RO;
			else if (sw_streq(w, "noexec"))
				flags |= SW_OP_NOEXEC;
			else if (strncmp(w, "mode=", 5) == 0)
				snprintf(mode, sizeof(mode), "%s", w);
			else if (strlen(opts) + strlen(w) + 2 < sizeof(opts))
				strcat(strcat(opts, ","), w);
		}
		/* mode=0755 unless the policy gives one, as systemd does */
		if (asprintf(&data, "%s%s", mode, opts) < 0)
			return oom(r);
		if ((k = check_target(r, &l->items[i], "TemporaryFileSystem",
				      path)) < 0)
			return k;
		op = add(r, SW_OP_TMPFS, path, NULL, flags);
		if (!op)
			return oom(r);
		op->data = sw_steal_ptr(data);
		op->origin = &l->items[i];
		op->key = "TemporaryFileSystem";
	}
	return 0;
}

/* The host path behind a sandbox path, through the bind that covers it;
 * NULL when the path is not backed by the host. */
static char *host_path_of(struct resolver *r, const char *path)
{
	const struct sw_op *best = NULL;

	for (size_t i = 0; i < r->plan->n_ops; i++) {
		const struct sw_op *op = &r->plan->ops[i];

		if ((op->kind == SW_OP_BIND || op->kind == SW_OP_TMPFS) &&
		    sw_path_startswith(path, op->target) &&
		    (!best || strlen(op->target) >= strlen(best->target)))
			best = op;
	}
	if (!best || best->kind != SW_OP_BIND)
		return NULL;
	return sw_path_join(best->source, path + strlen(best->target));
}

static enum sw_file_type op_file_type(struct resolver *r,
				      const struct sw_op *op)
{
	switch (op->kind) {
	case SW_OP_BIND:
		return op->flags & SW_OP_SOURCE_DIR ? SW_FT_DIR : SW_FT_FILE;
	case SW_OP_FILE:
		return SW_FT_FILE;
	case SW_OP_SYMLINK:
		return SW_FT_SYMLINK;
	case SW_OP_MASK:
		return op->flags & SW_OP_SOURCE_DIR ? SW_FT_DIR : SW_FT_FILE;
	default:
		return SW_FT_DIR;
	}
}

/* What path will be in the sandbox as the plan stands: made by an
 * operation, a directory on the way to one, or what a bind shows. */
static enum sw_file_type sandbox_file_type(struct resolver *r, const char *path)
{
	_cleanup_free_ char *host = NULL;

	for (size_t i = r->plan->n_ops; i-- > 0;)
		if (sw_streq(r->plan->ops[i].target, path))
			return op_file_type(r, &r->plan->ops[i]);
	for (size_t i = 0; i < r->plan->n_ops; i++)
		if (sw_path_startswith(r->plan->ops[i].target, path))
			return SW_FT_DIR;
	if (sw_path_startswith(path, "/proc"))
		return r->host->file_type(r->host, path, NULL);
	host = host_path_of(r, path);
	return host ? r->host->file_type(r->host, host, NULL) : SW_FT_MISSING;
}

static int resolve_inaccessible(struct resolver *r)
{
	const struct sw_list *l =
		sw_policy_list(r->policy, SW_KEY_INACCESSIBLE_PATHS);

	for (size_t i = 0; i < l->n; i++) {
		const char *text = l->items[i].text;
		_cleanup_free_ char *path = NULL;
		enum sw_file_type t;
		struct sw_op *op;

		value_optional(&text);
		if (!(path = expand(r, text)))
			return oom(r);
		if (sw_streq(path, "/"))
			return policy_error(r, &l->items[i], EINVAL,
					    "InaccessiblePaths",
					    "hiding '/' would hide everything");
		t = sandbox_file_type(r, path);
		if (t == SW_FT_MISSING)
			continue; /* not shown in the sandbox anyway */
		if (t == SW_FT_SYMLINK)
			return policy_error(r, &l->items[i], ELOOP,
					    "InaccessiblePaths",
					    "is a symlink in the sandbox; "
					    "name what it points to");
		op = add(r, SW_OP_MASK, path, NULL,
			 t == SW_FT_DIR ? SW_OP_SOURCE_DIR : SW_OP_SOURCE_FILE);
		if (!op)
			return oom(r);
		op->origin = &l->items[i];
		op->key = "InaccessiblePaths";
	}
	return 0;
}

static bool below_hidden(const struct sw_op *op, const struct sw_op *const *m,
			 size_t n)
{
	for (size_t j = 0; j < n; j++)
		if (m[j] != op &&
		    sw_path_startswith(op->target, m[j]->target) &&
		    !sw_streq(op->target, m[j]->target))
			return true;
	return false;
}

/* Nothing is made below a hidden directory: it stays empty. */
static int drop_hidden(struct resolver *r)
{
	_cleanup_free_ const struct sw_op **masks = NULL;
	_cleanup_free_ struct sw_op *kept = NULL;
	size_t n_masks = 0, n = 0;

	masks = calloc(r->plan->n_ops + 1, sizeof(*masks));
	kept = calloc(r->plan->n_ops + 1, sizeof(*kept));
	if (!masks || !kept)
		return oom(r);
	for (size_t i = 0; i < r->plan->n_ops; i++)
		if (r->plan->ops[i].kind == SW_OP_MASK &&
		    (r->plan->ops[i].flags & SW_OP_SOURCE_DIR))
			masks[n_masks++] = &r->plan->ops[i];
	if (n_masks == 0)
		return 0;
	for (size_t i = 0; i < r->plan->n_ops; i++) {
		struct sw_op *op = &r->plan->ops[i];

		if (below_hidden(op, masks, n_masks))
			sw_op_clear(op);
		else
			kept[n++] = *op;
	}
	memcpy(r->plan->ops, kept, n * sizeof(*kept));
	r->plan->n_ops = n;
	return 0;
}

static int resolve_proc(struct resolver *r)
{
	const struct sw_value *pp =
		sw_policy_last(r->policy, SW_KEY_PROTECT_PROC);
	const struct sw_value *ps =
		sw_policy_last(r->policy, SW_KEY_PROC_SUBSET);
	char opts[128] = "";

	if (pp && !sw_streq(pp->text, "default"))
		snprintf(opts, sizeof(opts), "hidepid=%s", pp->text);
	if (ps && sw_streq(ps->text, "pid"))
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts),
			 "%ssubset=pid", opts[0] ? "," : "");
	if (add_data(r, SW_OP_PROC, "/proc", opts, SW_OP_NOEXEC, 0) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < SW_ARRAY_SIZE(proc_masked_files); i++)
		if (!add(r, SW_OP_MASK, proc_masked_files[i], NULL,
			 SW_OP_OPTIONAL | SW_OP_SOURCE_FILE))
			return oom(r);
	for (size_t i = 0; i < SW_ARRAY_SIZE(proc_masked_dirs); i++)
		if (!add(r, SW_OP_MASK, proc_masked_dirs[i], NULL,
			 SW_OP_OPTIONAL | SW_OP_SOURCE_DIR))
			return oom(r);
	for (size_t i = 0; i < SW_ARRAY_SIZE(proc_read_only); i++)
		if (!add(r, SW_OP_BIND, proc_read_only[i], proc_read_only[i],
			 SW_OP_RO | SW_OP_RECURSIVE | SW_OP_OPTIONAL |
				 SW_OP_SOURCE_INSIDE | SW_OP_NOEXEC))
			return oom(r);
	return 0;
}

/*
 * The caller's terminal lives in the host's devpts, which the sandbox
 * does not show (it has a devpts of its own).  The command holds it open
 * anyway; shown as /dev/console, it has a name again (tty, tmux, gpg).
 */
static int add_console(struct resolver *r)
{
	if (!r->host->tty || strncmp(r->host->tty, "/dev/", 5) != 0)
		return 0;
	if (!add(r, SW_OP_BIND, "/dev/console", r->host->tty,
		 SW_OP_DEVICES | SW_OP_SOURCE_DEVICE | SW_OP_SOURCE_FILE |
			 SW_OP_NOEXEC | SW_OP_OPTIONAL))
		return oom(r);
	return 0;
}

static int resolve_dev(struct resolver *r)
{
	if (add_data(r, SW_OP_TMPFS, "/dev", "mode=0755",
		     SW_OP_SEAL | SW_OP_NOEXEC, 0) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < SW_ARRAY_SIZE(dev_nodes); i++) {
		_cleanup_free_ char *p = sw_path_join("/dev", dev_nodes[i]);

		if (!p || !add(r, SW_OP_BIND, p, p,
			       SW_OP_DEVICES | SW_OP_SOURCE_DEVICE |
				       SW_OP_SOURCE_FILE | SW_OP_NOEXEC))
			return oom(r);
	}
	if (add_data(r, SW_OP_DEVPTS, "/dev/pts",
		     "newinstance,ptmxmode=0666,mode=0620", SW_OP_NOEXEC,
		     0) < 0 ||
	    add_data(r, SW_OP_TMPFS, "/dev/shm", "mode=1777", 0, 0) < 0 ||
	    add_data(r, SW_OP_MQUEUE, "/dev/mqueue", "", SW_OP_NOEXEC, 0) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < SW_ARRAY_SIZE(dev_links); i++)
		if (add_data(r, SW_OP_SYMLINK, dev_links[i].target,
			     dev_links[i].link, SW_OP_IN_TMPFS, 0777) < 0)
			return -ENOMEM;
	return add_console(r);
}

/* ---- containment ------------------------------------------------------ */

static bool is_mount(const struct sw_op *op)
{
	return op->kind == SW_OP_TMPFS || op->kind == SW_OP_BIND ||
	       op->kind == SW_OP_PROC || op->kind == SW_OP_DEVPTS ||
	       op->kind == SW_OP_MQUEUE || op->kind == SW_OP_MASK;
}

/*
 * Decide for every operation whether its mount point can be created (it
 * lies in one of our own tmpfs) or must already exist (it lies in a
 * host directory, where sandwrap never creates anything).  The plan is
 * sorted, so the mount covering an operation is the nearest earlier one
 * whose target holds it.
 */
static int check_op_place(struct resolver *r, struct sw_op *op,
			  const struct sw_op *cover)
{
	_cleanup_free_ char *host = NULL;
	enum sw_file_type t;
	char what[SW_ERROR_DETAIL_MAX];

	if (!cover || cover->kind == SW_OP_TMPFS) {
		op->flags |= SW_OP_IN_TMPFS;
		return 0;
	}
	if (cover->kind == SW_OP_PROC || (cover->flags & SW_OP_SOURCE_INSIDE))
		return 0; /* /proc entries: checked when applied */
	if (cover->kind != SW_OP_BIND || !is_mount(op)) {
		snprintf(what, sizeof(what), "cannot place '%s' inside %s '%s'",
			 op->target, sw_op_kind_name(cover->kind),
			 cover->target);
		return policy_error(r, op->origin, EINVAL,
				    op->key ? op->key : "plan", what);
	}
	host = sw_path_join(cover->source, op->target + strlen(cover->target));
	if (!host)
		return oom(r);
	t = r->host->file_type(r->host, host, NULL);
	if (t == SW_FT_DIR || t == SW_FT_FILE)
		return 0;
	if (t == SW_FT_SYMLINK) {
		snprintf(what, sizeof(what),
			 "mount point '%s' is the symlink '%s' on the host; "
			 "sandwrap never mounts over a symlink",
			 op->target, host);
		return policy_error(r, op->origin, ELOOP,
				    op->key ? op->key : "plan", what);
	}
	if (op->flags & SW_OP_OPTIONAL && op->kind == SW_OP_BIND) {
		op->flags |= SW_OP_OPTIONAL; /* skipped when applied */
		return 0;
	}
	snprintf(what, sizeof(what),
		 "mount point '%s' would have to be created as '%s' in the "
		 "host directory bound at '%s'; sandwrap never creates files "
		 "on the host: create it there first",
		 op->target, host, cover->target);
	return policy_error(r, op->origin, ENOENT, op->key ? op->key : "plan",
			    what);
}

static int resolve_containment(struct resolver *r)
{
	_cleanup_free_ const struct sw_op **stack = NULL;
	size_t depth = 0;

	stack = calloc(r->plan->n_ops + 1, sizeof(*stack));
	if (!stack)
		return oom(r);
	for (size_t i = 0; i < r->plan->n_ops; i++) {
		struct sw_op *op = &r->plan->ops[i];
		const struct sw_op *cover = NULL;
		int k;

		while (depth > 0 &&
		       !sw_path_startswith(op->target,
					   stack[depth - 1]->target))
			depth--;
		/* the last mount on a path that holds this one */
		for (size_t j = depth; j > 0; j--)
			if (!sw_streq(stack[j - 1]->target, op->target)) {
				cover = stack[j - 1];
				break;
			}
		if (!sw_streq(op->target, "/")) {
			k = check_op_place(r, op, cover);
			if (k < 0)
				return k;
		}
		if (is_mount(op))
			stack[depth++] = op;
	}
	return 0;
}

/* What tells a sandwrap started inside that it is inside, and in which
 * policy: a file in the sealed root, which on a host only root could
 * have made. */
static int add_marker(struct resolver *r)
{
	_cleanup_free_ char *text = NULL;

	if (asprintf(&text, "policy=%s\n", r->plan->name) < 0)
		return oom(r);
	return add_data(r, SW_OP_FILE, SW_MARKER_FILE, text, SW_OP_IN_TMPFS,
			0444);
}

static int resolve_view(struct resolver *r)
{
	int k;

	if (add_data(r, SW_OP_TMPFS, "/", "mode=0755",
		     SW_OP_SEAL | SW_OP_NOEXEC, 0) < 0)
		return -ENOMEM;
	if ((k = resolve_image(r)) < 0 || (k = resolve_etc(r)) < 0 ||
	    (k = resolve_writable(r)) < 0 ||
	    (k = resolve_paths(r, SW_KEY_READ_ONLY_PATHS,
			       SW_OP_RO | SW_OP_RECURSIVE)) < 0 ||
	    (k = resolve_paths(r, SW_KEY_READ_WRITE_PATHS, SW_OP_RECURSIVE)) <
		    0 ||
	    (k = resolve_binds(r, SW_KEY_BIND_PATHS, 0)) < 0 ||
	    (k = resolve_binds(r, SW_KEY_BIND_READ_ONLY_PATHS, SW_OP_RO)) < 0 ||
	    (k = resolve_tmpfs(r)) < 0 || (k = resolve_proc(r)) < 0 ||
	    (k = resolve_dev(r)) < 0 || (k = resolve_inaccessible(r)) < 0 ||
	    (k = drop_hidden(r)) < 0 || (k = add_marker(r)) < 0)
		return k;
	sw_plan_sort(r->plan);
	return resolve_containment(r);
}

static int resolve_submounts(struct resolver *r)
{
	if (!r->host->submounts)
		return 0;
	for (size_t i = 0; i < r->plan->n_ops; i++) {
		struct sw_op *op = &r->plan->ops[i];
		int n;

		if (op->kind != SW_OP_BIND || !(op->flags & SW_OP_RECURSIVE) ||
		    (op->flags & SW_OP_SOURCE_INSIDE) ||
		    !(op->flags & SW_OP_SOURCE_DIR))
			continue;
		n = r->host->submounts(r->host, op->source, &op->submounts);
		if (n < 0)
			return sw_error_set(r->err, n,
					    "read the mount table of",
					    op->source);
		op->n_submounts = (size_t)n;
	}
	return 0;
}

static int resolve_namespaces(struct resolver *r)
{
	const struct sw_value *h = sw_policy_last(r->policy, SW_KEY_HOSTNAME);

	r->plan->private_network =
		sw_policy_bool(r->policy, SW_KEY_PRIVATE_NETWORK, false);
	r->plan->hostname = strdup(h ? h->text : r->plan->name);
	return r->plan->hostname ? 0 : oom(r);
}

int sw_plan_resolve(const struct sw_policy *policy, const struct sw_host *host,
		    struct sw_plan **out, struct sw_error *err)
{
	struct resolver r = {
		.policy = policy,
		.host = host,
		.err = err,
	};
	int k;

	r.plan = calloc(1, sizeof(*r.plan));
	if (!r.plan || !(r.plan->name = strdup(policy->name))) {
		free(r.plan);
		return sw_error_set(err, ENOMEM, "resolve the policy", NULL);
	}
	if ((k = resolve_user(&r)) < 0 || (k = resolve_groups(&r)) < 0 ||
	    (k = resolve_umask(&r)) < 0 || (k = resolve_workdir(&r)) < 0 ||
	    (k = resolve_env(&r)) < 0 || (k = resolve_namespaces(&r)) < 0 ||
	    (k = resolve_view(&r)) < 0 || (k = resolve_submounts(&r)) < 0 ||
	    (k = sw_caps_resolve(policy, r.plan, err)) < 0 ||
	    (k = sw_seccomp_resolve(policy, r.plan, err)) < 0 ||
	    (k = sw_limits_resolve(policy, r.plan, err)) < 0) {
		sw_plan_free(r.plan);
		return k;
	}
	*out = r.plan;
	return 0;
}
