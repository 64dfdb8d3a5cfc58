/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Capabilities and credentials of the sandboxed process.
 *
 * At plan time CapabilityBoundingSet= and AmbientCapabilities= become two
 * bit masks; at run time sw_creds_apply() turns the process, which is
 * root with every capability (in the init user namespace or in its own),
 * into the service user with exactly those capabilities.
 *
 * Securebits, set once the process has its final user ids, and locked:
 *
 *   SECBIT_KEEP_CAPS_LOCKED        KEEP_CAPS stays off: a setuid() away
 *                                  from root drops every capability, and
 *                                  prctl(PR_SET_KEEPCAPS) fails.
 *   SECBIT_NO_SETUID_FIXUP_LOCKED  the kernel's fixup stays on: that is
 *                                  what empties the permitted, effective
 *                                  and ambient sets when a root daemon
 *                                  granted CAP_SETUID switches to
 *                                  www-data, so its workers end with no
 *                                  capability.
 *   SECBIT_NOROOT(_LOCKED)         only when the target user is not root:
 *                                  uid 0 or a set-user-ID-root file never
 *                                  grants capabilities on execve.  A root
 *                                  service keeps the classic root rule
 *                                  instead, which gives it its bounding
 *                                  set again at every execve (and nothing
 *                                  more: the bounding set is already cut
 *                                  down).
 *   SECBIT_NO_CAP_AMBIENT_RAISE(_LOCKED)  only when no ambient capability
 *                                  is wanted.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <linux/securebits.h>
#include <unistd.h>

#include "common/macro.h"
#include "sandbox/lockdown.h"

#define CAP_BIT(c) (UINT64_C(1) << (c))

static unsigned cap_count(void)
{
	int n = cap_max_bits();

	return n > 64 ? 64 : (unsigned)n;
}

/* Every capability this kernel knows. */
static uint64_t cap_all(void)
{
	unsigned n = cap_count();

	return n >= 64 ? UINT64_MAX : CAP_BIT(n) - 1;
}

static int policy_error(struct sw_error *err, const struct sw_value *v,
			const char *key, const char *what, const char *token)
{
	return sw_error_setf(err, EINVAL, "resolve the policy", NULL,
			     "%s: %s: %s '%s'", sw_value_where(v), key, what,
			     token);
}

/* "CAP_NET_ADMIN" or "cap_net_admin" to its number. */
static int cap_parse(const char *word, cap_value_t *cap)
{
	char lower[64];
	size_t i;

	for (i = 0; i < sizeof(lower) - 1 && word[i]; i++)
		lower[i] = (char)tolower((unsigned char)word[i]);
	lower[i] = '\0';
	if (word[i] || cap_from_name(lower, cap) < 0)
		return -EINVAL;
	if (*cap < 0 || (unsigned)*cap >= cap_count())
		return -EINVAL;
	return 0;
}

/*
 * The parser stores one value per word; the words of one assignment share
 * its file and line, and only the first may start with '~'.  An inverted
 * assignment keeps every capability but the ones it lists.  Assignments
 * add up.  For each capability, origin[] remembers the value that put it
 * in the set, so that later errors can point at it.
 */
struct cap_set {
	uint64_t mask;
	uint64_t excluded; /* of the current inverted assignment */
	const struct sw_value *inverted; /* its first word, or NULL */
	const struct sw_value *origin[64];
};

static bool same_line(const struct sw_value *a, const struct sw_value *b)
{
	return a->file == b->file && a->line == b->line;
}

static void cap_set_close(struct cap_set *set)
{
	uint64_t added;

	if (!set->inverted)
		return;
	added = cap_all() & ~set->excluded & ~set->mask;
	for (unsigned c = 0; c < 64; c++)
		if (added & CAP_BIT(c))
			set->origin[c] = set->inverted;
	set->mask |= added;
	set->excluded = 0;
	set->inverted = NULL;
}

static int cap_set_add(struct cap_set *set, const struct sw_value *v,
		       const char *key, struct sw_error *err)
{
	const char *word = v->text;
	cap_value_t cap;

	if (word[0] == '~') {
		cap_set_close(set);
		set->inverted = v;
		word++;
	} else if (set->inverted && !same_line(set->inverted, v)) {
		cap_set_close(set);
	}
	if (!word[0])
		return 0;
	if (cap_parse(word, &cap) < 0)
		return policy_error(err, v, key, "unknown capability", word);
	if (set->inverted) {
		set->excluded |= CAP_BIT(cap);
	} else if (!(set->mask & CAP_BIT(cap))) {
		set->mask |= CAP_BIT(cap);
		set->origin[cap] = v;
	}
	return 0;
}

static int cap_set_parse(const struct sw_policy *policy, enum sw_key key,
			 const char *name, struct cap_set *set,
			 struct sw_error *err)
{
	const struct sw_list *list = &policy->keys[key];
	int r;

	memset(set, 0, sizeof(*set));
	for (size_t i = 0; i < list->n; i++) {
		r = cap_set_add(set, &list->items[i], name, err);
		if (r < 0)
			return r;
	}
	cap_set_close(set);
	return 0;
}

/* The first capability of outside, which ambient holds but the bounding
 * set does not. */
static int ambient_error(const struct cap_set *ambient, uint64_t outside,
			 struct sw_error *err)
{
	unsigned c = (unsigned)__builtin_ctzll(outside);
	_cleanup_free_ char *name = sw_caps_to_string(CAP_BIT(c));

	return sw_error_setf(err, EINVAL, "resolve the policy", NULL,
			     "%s: AmbientCapabilities: %s is not in the "
			     "capability bounding set",
			     sw_value_where(ambient->origin[c]),
			     name ? name : "a capability");
}

int sw_caps_resolve(const struct sw_policy *policy, struct sw_plan *plan,
		    struct sw_error *err)
{
	struct cap_set bounding, ambient;
	uint64_t outside;
	int r;

	r = cap_set_parse(policy, SW_KEY_CAPABILITY_BOUNDING_SET,
			  "CapabilityBoundingSet", &bounding, err);
	if (r < 0)
		return r;
	r = cap_set_parse(policy, SW_KEY_AMBIENT_CAPABILITIES,
			  "AmbientCapabilities", &ambient, err);
	if (r < 0)
		return r;
	outside = ambient.mask & ~bounding.mask;
	if (outside)
		return ambient_error(&ambient, outside, err);
	plan->cap_bounding = bounding.mask;
	plan->cap_ambient = ambient.mask;
	return 0;
}

char *sw_caps_to_string(uint64_t mask)
{
	char *buf = NULL;
	size_t len = 0;
	bool first = true;
	FILE *f;

	if (!mask)
		return strdup("none");
	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (unsigned c = 0; c < 64; c++) {
		char *name;

		if (!(mask & CAP_BIT(c)))
			continue;
		name = cap_to_name((cap_value_t)c);
		if (!name)
			continue;
		for (char *p = name; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		fprintf(f, "%s%s", first ? "" : " ", name);
		first = false;
		cap_free(name);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Apply ------------------------------------------------------------------ */

static int creds_error(struct sw_error *err, const char *step, cap_value_t cap)
{
	int errnum = errno;
	_cleanup_free_ char *name =
		cap >= 0 ? sw_caps_to_string(CAP_BIT(cap)) : NULL;

	return sw_error_set(err, errnum, step, name);
}

static int drop_bounding(uint64_t keep, struct sw_error *err)
{
	unsigned n = cap_count();

	for (unsigned c = 0; c < n; c++) {
		if (keep & CAP_BIT(c))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
			return creds_error(err,
					   "drop capability from bounding set",
					   (cap_value_t)c);
	}
	return 0;
}

static int set_securebits(unsigned long bits, struct sw_error *err)
{
	if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) < 0)
		return creds_error(err, "set securebits", -1);
	return 0;
}

/*
 * A user namespace set up by an unprivileged user has "deny" in
 * /proc/self/setgroups (the kernel requires it before gid_map can be
 * written), and there setgroups() always fails: the process keeps the
 * groups it came with, which were the caller's own anyway.
 */
static bool setgroups_denied(void)
{
	_cleanup_close_ int fd =
		open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	char buf[8] = "";

	return fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 &&
	       strncmp(buf, "deny", 4) == 0;
}

static int set_ids(const struct sw_plan *plan, struct sw_error *err)
{
	if (setgroups(plan->n_groups, plan->groups) < 0 &&
	    !(errno == EPERM && setgroups_denied()))
		return creds_error(err, "set group list", -1);
	if (setresgid(plan->gid, plan->gid, plan->gid) < 0)
		return creds_error(err, "set group id", -1);
	if (setresuid(plan->uid, plan->uid, plan->uid) < 0)
		return creds_error(err, "set user id", -1);
	return 0;
}

static int cap_list(uint64_t mask, cap_value_t *list)
{
	int n = 0;

	for (unsigned c = 0; c < 64; c++)
		if (mask & CAP_BIT(c))
			list[n++] = (cap_value_t)c;
	return n;
}

/* permitted = effective = pe, inheritable = inh. */
static int set_caps(uint64_t pe, uint64_t inh, struct sw_error *err)
{
	cap_t caps = cap_init();
	cap_value_t list[64];
	int n, r = 0;

	if (!caps)
		return creds_error(err, "set capabilities", -1);
	n = cap_list(pe, list);
	if (n && (cap_set_flag(caps, CAP_PERMITTED, n, list, CAP_SET) < 0 ||
		  cap_set_flag(caps, CAP_EFFECTIVE, n, list, CAP_SET) < 0))
		r = -1;
	n = cap_list(inh, list);
	if (n && cap_set_flag(caps, CAP_INHERITABLE, n, list, CAP_SET) < 0)
		r = -1;
	if (r == 0)
		r = cap_set_proc(caps);
	if (r < 0)
		r = creds_error(err, "set capabilities", -1);
	cap_free(caps);
	return r;
}

static int raise_ambient(uint64_t ambient, struct sw_error *err)
{
	for (unsigned c = 0; c < 64; c++) {
		if (!(ambient & CAP_BIT(c)))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
			return creds_error(err, "raise ambient capability",
					   (cap_value_t)c);
	}
	return 0;
}

static unsigned long final_securebits(const struct sw_plan *plan)
{
	unsigned long bits =
		SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_SETUID_FIXUP_LOCKED;

	if (plan->uid != 0)
		bits |= SECBIT_NOROOT | SECBIT_NOROOT_LOCKED;
	if (!plan->cap_ambient)
		bits |= SECBIT_NO_CAP_AMBIENT_RAISE |
			SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	return bits;
}

/*
 * The process starts as root with every capability.  KEEP_CAPS carries
 * the permitted set over the change of user ids, so that the last steps
 * (securebits need CAP_SETPCAP) can still be done; the final cap_set_proc
 * then leaves only what the plan grants.  A root target keeps its
 * bounding set, any other user its ambient set.
 */
/* A capability the policy grants must be one this process has: name the
 * first one that is missing rather than failing later without a name. */
static int check_granted(uint64_t wanted, struct sw_error *err)
{
	unsigned n = cap_count();

	for (unsigned c = 0; c < n; c++)
		if ((wanted & CAP_BIT(c)) &&
		    prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 1) {
			errno = EPERM;
			return creds_error(err,
					   "grant a capability sandwrap does "
					   "not have",
					   (cap_value_t)c);
		}
	return 0;
}

int sw_creds_apply(const struct sw_plan *plan, struct sw_error *err)
{
	uint64_t keep = plan->uid == 0 ? plan->cap_bounding : plan->cap_ambient;
	uint64_t setpcap = CAP_BIT(CAP_SETPCAP);
	int r;

	r = check_granted(plan->cap_bounding, err);
	if (r == 0)
		r = drop_bounding(plan->cap_bounding, err);
	if (r == 0)
		r = set_securebits(SECBIT_KEEP_CAPS, err);
	if (r == 0)
		r = set_ids(plan, err);
	if (r == 0)
		r = set_caps(keep | setpcap, plan->cap_ambient, err);
	if (r == 0)
		r = raise_ambient(plan->cap_ambient, err);
	if (r == 0)
		r = set_securebits(final_securebits(plan), err);
	if (r == 0)
		r = set_caps(keep, plan->cap_ambient, err);
	return r;
}
