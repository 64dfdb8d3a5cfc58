/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SW_LOCKDOWN_H
#define SW_LOCKDOWN_H

/*
 * Lockdown of the sandboxed process: credentials and capabilities,
 * no_new_privs, resource limits and the seccomp filter.
 *
 * The *_resolve functions run at plan time (no system call that changes
 * anything) and turn policy values into plan fields; a bad value gives
 * -EINVAL with "file:line: Key: what is wrong" in err->detail.
 *
 * The *_apply functions run in the payload process, after the mount
 * namespace is complete and just before execve, in this order:
 *
 *     sw_limits_apply()     rlimits
 *     sw_creds_apply()      bounding set, groups, gid, uid, capabilities,
 *                           ambient set, securebits
 *     sw_seccomp_apply()    no_new_privs, then the filter: the last step
 */

#include "common/error.h"
#include "policy/policy.h"
#include "sandbox/plan.h"

int sw_caps_resolve(const struct sw_policy *policy, struct sw_plan *plan,
		    struct sw_error *err);
int sw_seccomp_resolve(const struct sw_policy *policy, struct sw_plan *plan,
		       struct sw_error *err);
int sw_limits_resolve(const struct sw_policy *policy, struct sw_plan *plan,
		      struct sw_error *err);

int sw_limits_apply(const struct sw_plan *plan, struct sw_error *err);
int sw_creds_apply(const struct sw_plan *plan, struct sw_error *err);
int sw_seccomp_apply(const struct sw_plan *plan, struct sw_error *err);

/* For the printer: "CAP_SETUID CAP_SETGID" or "none"; malloc'd. */
char *sw_caps_to_string(uint64_t mask);
/* For the printer: one line per rule group, malloc'd, '\n'-separated. */
char *sw_seccomp_describe(const struct sw_plan *plan);

/* Free what the *_resolve functions put in the plan. */
void sw_lockdown_plan_free(struct sw_plan *plan);

#endif
