/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Resource limits: each Limit*= key that is set becomes one struct
 * sw_limit, applied with setrlimit() in the sandboxed process.  Keys that
 * are not set leave the limit the process inherited.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "common/macro.h"
#include "sandbox/lockdown.h"

static const struct limit_key {
	enum sw_key key;
	int resource;
	const char *name;
} limit_keys[] = {
	{SW_KEY_LIMIT_NOFILE, RLIMIT_NOFILE, "LimitNOFILE"},
	{SW_KEY_LIMIT_NPROC, RLIMIT_NPROC, "LimitNPROC"},
	{SW_KEY_LIMIT_CORE, RLIMIT_CORE, "LimitCORE"},
	{SW_KEY_LIMIT_AS, RLIMIT_AS, "LimitAS"},
	{SW_KEY_LIMIT_CPU, RLIMIT_CPU, "LimitCPU"},
	{SW_KEY_LIMIT_FSIZE, RLIMIT_FSIZE, "LimitFSIZE"},
};

static const char *limit_name(int resource)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(limit_keys); i++)
		if (limit_keys[i].resource == resource)
			return limit_keys[i].name;
	return "resource limit";
}

static uint64_t rlim_value(unsigned long long v)
{
	return v == ULLONG_MAX ? (uint64_t)RLIM_INFINITY : (uint64_t)v;
}

static int limit_resolve(const struct limit_key *k, const struct sw_list *list,
			 struct sw_limit *out, struct sw_error *err)
{
	const struct sw_value *v = &list->items[list->n - 1];
	unsigned long long soft, hard;
	int r = sw_parse_limit(v->text, k->key, &soft, &hard);

	if (r < 0)
		return sw_error_setf(err, -r, "resolve the policy", NULL,
				     "%s: %s: invalid limit '%s'",
				     sw_value_where(v), k->name, v->text);
	out->resource = k->resource;
	out->soft = rlim_value(soft);
	out->hard = rlim_value(hard);
	return 0;
}

int sw_limits_resolve(const struct sw_policy *policy, struct sw_plan *plan,
		      struct sw_error *err)
{
	struct sw_limit *limits;
	int r;

	limits = calloc(SW_ARRAY_SIZE(limit_keys), sizeof(*limits));
	if (!limits)
		return sw_error_set(err, ENOMEM, "resolve the policy", NULL);
	free(plan->limits);
	plan->limits = limits;
	plan->n_limits = 0;
	for (size_t i = 0; i < SW_ARRAY_SIZE(limit_keys); i++) {
		const struct sw_list *list = &policy->keys[limit_keys[i].key];

		if (!list->n)
			continue;
		r = limit_resolve(&limit_keys[i], list, &limits[plan->n_limits],
				  err);
		if (r < 0)
			return r;
		plan->n_limits++;
	}
	return 0;
}

int sw_limits_apply(const struct sw_plan *plan, struct sw_error *err)
{
	for (size_t i = 0; i < plan->n_limits; i++) {
		const struct sw_limit *l = &plan->limits[i];
		struct rlimit rl = {.rlim_cur = l->soft, .rlim_max = l->hard};

		if (setrlimit(l->resource, &rl) < 0)
			return sw_error_set(err, errno, "set resource limit",
					    limit_name(l->resource));
	}
	return 0;
}

void sw_lockdown_plan_free(struct sw_plan *plan)
{
	free(plan->syscalls);
	plan->syscalls = NULL;
	plan->n_syscalls = 0;
	free(plan->limits);
	plan->limits = NULL;
	plan->n_limits = 0;
}
