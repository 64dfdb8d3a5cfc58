/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/macro.h"
#include "common/path.h"
#include "sandbox/lockdown.h"
#include "sandbox/plan.h"

static const char *const op_kind_names[] = {
	[SW_OP_TMPFS] = "tmpfs",     [SW_OP_BIND] = "bind",
	[SW_OP_MASK] = "mask",	     [SW_OP_PROC] = "proc",
	[SW_OP_DEVPTS] = "devpts",   [SW_OP_MQUEUE] = "mqueue",
	[SW_OP_SYMLINK] = "symlink", [SW_OP_FILE] = "file",
	[SW_OP_DIR] = "dir",
};

const char *sw_op_kind_name(enum sw_op_kind kind)
{
	return op_kind_names[kind];
}

void sw_user_clear(struct sw_user *user)
{
	free(user->name);
	free(user->home);
	free(user->shell);
	memset(user, 0, sizeof(*user));
}

struct sw_op *sw_plan_add(struct sw_plan *plan, enum sw_op_kind kind,
			  const char *target, const char *source,
			  unsigned flags)
{
	struct sw_op *ops, *op;

	ops = reallocarray(plan->ops, plan->n_ops + 1, sizeof(*ops));
	if (!ops)
		return NULL;
	plan->ops = ops;
	op = &ops[plan->n_ops];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->flags = flags;
	op->target = strdup(target);
	op->source = source ? strdup(source) : NULL;
	if (!op->target || (source && !op->source)) {
		free(op->target);
		free(op->source);
		return NULL;
	}
	plan->n_ops++;
	return op;
}

void sw_op_clear(struct sw_op *op)
{
	free(op->target);
	free(op->source);
	free(op->data);
	for (size_t i = 0; i < op->n_submounts; i++)
		free(op->submounts[i]);
	free(op->submounts);
}

static void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void sw_plan_free(struct sw_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->n_ops; i++)
		sw_op_clear(&plan->ops[i]);
	free(plan->ops);
	free(plan->name);
	free(plan->hostname);
	free(plan->groups);
	free(plan->user_name);
	free(plan->home);
	free(plan->shell);
	free(plan->workdir);
	strv_free(plan->env);
	sw_lockdown_plan_free(plan);
	free(plan);
}

/*
 * Several operations on one target are applied in this order: what
 * provides the directory first, what hides it last.
 */
static int op_rank(const struct sw_op *op)
{
	switch (op->kind) {
	case SW_OP_TMPFS:
	case SW_OP_PROC:
	case SW_OP_DEVPTS:
	case SW_OP_MQUEUE:
	case SW_OP_BIND:
		return 0;
	case SW_OP_DIR:
	case SW_OP_FILE:
	case SW_OP_SYMLINK:
		return 1;
	case SW_OP_MASK:
		return 2;
	}
	return 1;
}

struct sort_item {
	struct sw_op op;
	size_t index;
};

static int sort_item_compare(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	int r = sw_path_compare(x->op.target, y->op.target);

	if (r)
		return r;
	r = op_rank(&x->op) - op_rank(&y->op);
	if (r)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

void sw_plan_sort(struct sw_plan *plan)
{
	_cleanup_free_ struct sort_item *items = NULL;

	items = calloc(plan->n_ops, sizeof(*items));
	if (!items) {
		/* Without memory fall back to an in-place stable sort. */
		for (size_t i = 1; i < plan->n_ops; i++) {
			struct sw_op tmp = plan->ops[i];
			size_t j = i;

			for (; j > 0 && sw_path_compare(plan->ops[j - 1].target,
							tmp.target) > 0;
			     j--)
				plan->ops[j] = plan->ops[j - 1];
			plan->ops[j] = tmp;
		}
		return;
	}
	for (size_t i = 0; i < plan->n_ops; i++) {
		items[i].op = plan->ops[i];
		items[i].index = i;
	}
	qsort(items, plan->n_ops, sizeof(*items), sort_item_compare);
	for (size_t i = 0; i < plan->n_ops; i++)
		plan->ops[i] = items[i].op;
}
