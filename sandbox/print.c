/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "common/macro.h"
#include "sandbox/lockdown.h"
#include "sandbox/print.h"

static const char *op_mode(const struct sw_op *op)
{
	switch (op->kind) {
	case SW_OP_FILE:
		return "ro";
	case SW_OP_SYMLINK:
	case SW_OP_DIR:
		return "-";
	case SW_OP_MASK:
		return "ro";
	default:
		return (op->flags & (SW_OP_RO | SW_OP_SEAL)) ? "ro" : "rw";
	}
}

static void op_flags(const struct sw_op *op, char *buf, size_t size)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
		{SW_OP_RECURSIVE, "recursive"}, {SW_OP_OPTIONAL, "optional"},
		{SW_OP_DEVICES, "devices"},	{SW_OP_NOEXEC, "noexec"},
		{SW_OP_SEAL, "sealed"},		{SW_OP_CREATE_DIR, "created"},
	};
	bool mount = op->kind != SW_OP_SYMLINK && op->kind != SW_OP_FILE &&
		     op->kind != SW_OP_DIR;

	buf[0] = '\0';
	if (mount)
		snprintf(buf, size, "nosuid%s",
			 op->flags & SW_OP_DEVICES ? "" : ",nodev");
	for (size_t i = 0; i < SW_ARRAY_SIZE(names); i++)
		if (op->flags & names[i].flag)
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
				 buf[0] ? "," : "", names[i].name);
	if (op->n_submounts)
		snprintf(buf + strlen(buf), size - strlen(buf),
			 ",%zu submount%s", op->n_submounts,
			 op->n_submounts == 1 ? "" : "s");
}

static const char *op_kind(const struct sw_op *op)
{
	if (op->kind == SW_OP_FILE && op->source)
		return "copy";
	return sw_op_kind_name(op->kind);
}

static const char *op_source(const struct sw_op *op)
{
	if (op->kind == SW_OP_SYMLINK)
		return op->data;
	if (op->source)
		return op->source;
	if (op->kind == SW_OP_MASK)
		return op->flags & SW_OP_SOURCE_DIR ? "(empty dir)"
						    : "(null file)";
	if (op->kind == SW_OP_TMPFS || op->kind == SW_OP_PROC)
		return op->data && op->data[0] ? op->data : "-";
	return "-";
}

/* Paths may hold any byte: show control characters and backslashes
 * escaped, so that no path can make up lines of the table. */
static const char *printable(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s && n + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

static void print_mounts(FILE *out, const struct sw_plan *plan)
{
	fprintf(out, "%-28s %-8s %-32s %-4s %s\n", "TARGET", "TYPE", "SOURCE",
		"MODE", "FLAGS");
	for (size_t i = 0; i < plan->n_ops; i++) {
		const struct sw_op *op = &plan->ops[i];
		char flags[256], t[4 * PATH_MAX], s[4 * PATH_MAX];

		op_flags(op, flags, sizeof(flags));
		fprintf(out, "%-28s %-8s %-32s %-4s %s\n",
			printable(op->target, t, sizeof(t)), op_kind(op),
			printable(op_source(op), s, sizeof(s)), op_mode(op),
			flags);
		for (size_t j = 0; j < op->n_submounts; j++)
			fprintf(out, "  %-26s %-8s %-32s %-4s %s\n",
				printable(op->submounts[j], t, sizeof(t)),
				"submount", "(host)", op_mode(op),
				"nosuid,nodev");
	}
}

static const char *const limit_names[RLIMIT_NLIMITS] = {
	[RLIMIT_NOFILE] = "LimitNOFILE", [RLIMIT_NPROC] = "LimitNPROC",
	[RLIMIT_CORE] = "LimitCORE",	 [RLIMIT_AS] = "LimitAS",
	[RLIMIT_CPU] = "LimitCPU",	 [RLIMIT_FSIZE] = "LimitFSIZE",
};

static void print_limit_value(FILE *out, uint64_t v)
{
	if (v == (uint64_t)RLIM_INFINITY)
		fputs("infinity", out);
	else
		fprintf(out, "%llu", (unsigned long long)v);
}

static void print_process(FILE *out, const struct sw_plan *plan)
{
	_cleanup_free_ char *bnd = sw_caps_to_string(plan->cap_bounding);
	_cleanup_free_ char *amb = sw_caps_to_string(plan->cap_ambient);
	_cleanup_free_ char *filter = sw_seccomp_describe(plan);

	fprintf(out, "\nuser:         %s (uid %u, gid %u, groups",
		plan->user_name, (unsigned)plan->uid, (unsigned)plan->gid);
	for (size_t i = 0; i < plan->n_groups; i++)
		fprintf(out, "%s%u", i ? "," : " ", (unsigned)plan->groups[i]);
	fprintf(out, ")\nhostname:     %s\n", plan->hostname);
	fprintf(out, "network:      %s\n",
		plan->private_network ? "private (loopback only)" : "host");
	fprintf(out, "namespaces:   mount pid ipc uts%s\n",
		plan->private_network ? " net" : "");
	fprintf(out, "directory:    %s%s\n", plan->workdir,
		plan->workdir_optional ? " (optional)" : "");
	fprintf(out, "umask:        %04o\n", (unsigned)plan->umask);
	fprintf(out, "capabilities: bounding %s; ambient %s\n", bnd ? bnd : "?",
		amb ? amb : "?");
	fprintf(out, "no_new_privs: yes\n");
	fprintf(out, "seccomp:      %s\n", filter ? filter : "?");
	for (size_t i = 0; i < plan->n_limits; i++) {
		const struct sw_limit *l = &plan->limits[i];

		fprintf(out, "limit:        %s=",
			l->resource < RLIMIT_NLIMITS && limit_names[l->resource]
				? limit_names[l->resource]
				: "?");
		print_limit_value(out, l->soft);
		fputc(':', out);
		print_limit_value(out, l->hard);
		fputc('\n', out);
	}
	for (char **e = plan->env; e && *e; e++) {
		char buf[4 * PATH_MAX];

		fprintf(out, "environment:  %s\n",
			printable(*e, buf, sizeof(buf)));
	}
}

void sw_plan_print(FILE *out, const struct sw_plan *plan)
{
	fprintf(out, "Sandbox of policy '%s'\n\n", plan->name);
	print_mounts(out, plan);
	print_process(out, plan);
}
