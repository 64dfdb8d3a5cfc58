/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Plan resolution against a fake host: what the sandbox will show. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/path.h"
#include "fakehost.h"
#include "policy/policy.h"
#include "sandbox/plan.h"

static struct sw_policy *policy_of(const char *text)
{
	struct sw_policy *p = sw_policy_new("test");
	struct sw_diag diag = {0};

	assert_non_null(p);
	assert_int_equal(sw_policy_load_defaults(p, &diag), 0);
	if (text)
		assert_int_equal(
			sw_policy_parse_string(p, "t.conf", text, &diag), 0);
	sw_diag_free(&diag);
	return p;
}

/* Resolve text on fh; returns the error (0 on success). */
static int resolve(struct fakehost *fh, const char *text, struct sw_plan **plan,
		   struct sw_error *err)
{
	struct sw_policy *p = policy_of(text);
	int k;

	memset(err, 0, sizeof(*err));
	*plan = NULL;
	k = sw_plan_resolve(p, fakehost_host(fh), plan, err);
	sw_policy_free(p);
	return k;
}

static const struct sw_op *find_op(const struct sw_plan *plan,
				   const char *target)
{
	for (size_t i = 0; i < plan->n_ops; i++)
		if (strcmp(plan->ops[i].target, target) == 0)
			return &plan->ops[i];
	return NULL;
}

static ssize_t op_index(const struct sw_plan *plan, const char *target)
{
	for (size_t i = 0; i < plan->n_ops; i++)
		if (strcmp(plan->ops[i].target, target) == 0)
			return (ssize_t)i;
	return -1;
}

static const char *env_of(const struct sw_plan *plan, const char *name)
{
	size_t len = strlen(name);

	for (char **e = plan->env; *e; e++)
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}

static void test_default_view(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;
	const struct sw_op *op;

	assert_int_equal(resolve(fh, NULL, &plan, &err), 0);
	assert_string_equal(plan->ops[0].target, "/");
	assert_int_equal(plan->ops[0].kind, SW_OP_TMPFS);
	assert_true(plan->ops[0].flags & SW_OP_SEAL);

	op = find_op(plan, "/usr");
	assert_non_null(op);
	assert_int_equal(op->kind, SW_OP_BIND);
	assert_true(op->flags & SW_OP_RO);
	assert_true(op->flags & SW_OP_RECURSIVE);

	op = find_op(plan, "/bin");
	assert_int_equal(op->kind, SW_OP_SYMLINK);
	assert_string_equal(op->data, "usr/bin");

	op = find_op(plan, "/etc");
	assert_int_equal(op->kind, SW_OP_TMPFS);
	assert_true(op->flags & SW_OP_SEAL);
	/* files are copied into the sealed /etc, directories bound */
	op = find_op(plan, "/etc/passwd");
	assert_int_equal(op->kind, SW_OP_FILE);
	assert_string_equal(op->source, "/etc/passwd");
	assert_true(op->flags & SW_OP_IN_TMPFS);
	op = find_op(plan, "/etc/ssl/certs");
	assert_int_equal(op->kind, SW_OP_BIND);
	assert_true(op->flags & SW_OP_RO);
	assert_null(find_op(plan, "/etc/shadow"));
	assert_null(find_op(plan, "/etc/ssl/private"));
	assert_non_null(find_op(plan, "/etc/ssl/certs"));

	/* reproduced as a link, since its target is visible */
	op = find_op(plan, "/etc/localtime");
	assert_int_equal(op->kind, SW_OP_SYMLINK);
	/* its target lives in /run, which is a fresh tmpfs: bound instead */
	op = find_op(plan, "/etc/resolv.conf");
	assert_int_equal(op->kind, SW_OP_BIND);
	assert_true(op->flags & SW_OP_ETC_ENTRY);

	assert_int_equal(find_op(plan, "/etc/hostname")->kind, SW_OP_FILE);
	op = find_op(plan, "/etc/hosts");
	assert_int_equal(op->kind, SW_OP_FILE);
	assert_non_null(strstr(op->data, "127.0.0.1\tlocalhost\n"));
	assert_non_null(strstr(op->data, "127.0.1.1\ttest\n"));

	assert_int_equal(find_op(plan, "/run")->kind, SW_OP_TMPFS);
	assert_int_equal(find_op(plan, "/tmp")->kind, SW_OP_TMPFS);
	assert_int_equal(find_op(plan, "/proc")->kind, SW_OP_PROC);
	assert_int_equal(find_op(plan, "/proc/kcore")->kind, SW_OP_MASK);
	assert_int_equal(find_op(plan, "/dev/pts")->kind, SW_OP_DEVPTS);
	assert_null(find_op(plan, "/var/log"));
	assert_null(find_op(plan, "/srv"));
	assert_null(find_op(plan, "/sys"));
	sw_plan_free(plan);
	fakehost_free(fh);
}

static void test_parents_first(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;

	assert_int_equal(resolve(fh, NULL, &plan, &err), 0);
	for (size_t i = 0; i < plan->n_ops; i++)
		for (size_t j = i + 1; j < plan->n_ops; j++)
			assert_false(sw_path_startswith(plan->ops[i].target,
							plan->ops[j].target) &&
				     strcmp(plan->ops[i].target,
					    plan->ops[j].target) != 0);
	sw_plan_free(plan);
	fakehost_free(fh);
}

static void test_submounts(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_host *host = fakehost_host(fh);
	struct sw_plan *plan;
	struct sw_error err;
	struct sw_policy *p = policy_of(NULL);
	const struct sw_op *op;

	fakehost_mount(fh, "/usr");
	fakehost_mount(fh, "/usr/local/sw-sub");
	fakehost_mount(fh, "/usr/local/sw sub2");
	fakehost_mount(fh, "/usrx");
	assert_int_equal(sw_plan_resolve(p, host, &plan, &err), 0);
	op = find_op(plan, "/usr");
	assert_int_equal(op->n_submounts, 2);
	assert_string_equal(op->submounts[0], "/usr/local/sw-sub");
	assert_string_equal(op->submounts[1], "/usr/local/sw sub2");
	sw_plan_free(plan);
	sw_policy_free(p);
	fakehost_free(fh);
}

static void test_optional_and_required(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;

	assert_int_equal(resolve(fh, "[Sandbox]\nReadOnlyPaths=-/srv/maybe\n",
				 &plan, &err),
			 0);
	assert_null(find_op(plan, "/srv/maybe"));
	sw_plan_free(plan);

	assert_int_equal(resolve(fh,
				 "[Sandbox]\n\nReadOnlyPaths=/srv/required\n",
				 &plan, &err),
			 -ENOENT);
	assert_null(plan);
	assert_string_equal(err.detail,
			    "t.conf:3: ReadOnlyPaths: '/srv/required' does not "
			    "exist on the host (write -/srv/required to make "
			    "it optional)");
	fakehost_free(fh);
}

static void assert_same_plan(const struct sw_plan *a, const struct sw_plan *b)
{
	assert_int_equal(a->n_ops, b->n_ops);
	for (size_t i = 0; i < a->n_ops; i++) {
		assert_string_equal(a->ops[i].target, b->ops[i].target);
		assert_int_equal(a->ops[i].kind, b->ops[i].kind);
		assert_int_equal(a->ops[i].flags, b->ops[i].flags);
	}
}

/* C02: a writable path inside a read-only one, in either order. */
static void test_nesting_order(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *p1, *p2;
	struct sw_error err;
	const char *r1 = "[Sandbox]\n"
			 "BindReadOnlyPaths=/srv/sw-test/app:/app\n"
			 "BindPaths=/srv/sw-test/cache:/app/cache\n";
	const char *r2 = "[Sandbox]\n"
			 "BindPaths=/srv/sw-test/cache:/app/cache\n"
			 "BindReadOnlyPaths=/srv/sw-test/app:/app\n";

	fakehost_file(fh, "/srv/sw-test/app/code/index.php", "v1");
	fakehost_dir(fh, "/srv/sw-test/cache");
	fakehost_dir(fh, "/srv/sw-test/app/cache");
	assert_int_equal(resolve(fh, r1, &p1, &err), 0);
	assert_int_equal(resolve(fh, r2, &p2, &err), 0);
	assert_same_plan(p1, p2);
	assert_true(op_index(p1, "/app") < op_index(p1, "/app/cache"));
	assert_true(find_op(p1, "/app")->flags & SW_OP_RO);
	assert_false(find_op(p1, "/app/cache")->flags & SW_OP_RO);
	/* the mount point lies in a host directory: never created */
	assert_false(find_op(p1, "/app/cache")->flags & SW_OP_IN_TMPFS);
	sw_plan_free(p1);
	sw_plan_free(p2);
	fakehost_free(fh);
}

/* No placeholder may be created in a host directory. */
static void test_missing_mount_point(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;

	fakehost_file(fh, "/srv/sw-test/app/code/index.php", "v1");
	fakehost_dir(fh, "/srv/sw-test/cache");
	assert_int_equal(resolve(fh,
				 "[Sandbox]\n"
				 "BindReadOnlyPaths=/srv/sw-test/app:/app\n"
				 "BindPaths=/srv/sw-test/cache:/app/cache\n",
				 &plan, &err),
			 -ENOENT);
	assert_non_null(strstr(err.detail, "t.conf:3:"));
	assert_non_null(strstr(err.detail, "'/app/cache'"));
	assert_non_null(strstr(err.detail, "/srv/sw-test/app/cache"));
	fakehost_free(fh);
}

static void test_user_and_env(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;

	assert_int_equal(resolve(fh,
				 "[Sandbox]\nUser=www-data\n"
				 "Environment=APP_ENV=prod \"GREETING=a b\"\n",
				 &plan, &err),
			 0);
	assert_int_equal(plan->uid, 33);
	assert_int_equal(plan->gid, 33);
	assert_string_equal(env_of(plan, "HOME"), "/var/www");
	assert_string_equal(env_of(plan, "USER"), "www-data");
	assert_string_equal(env_of(plan, "TERM"), "dumb");
	assert_string_equal(env_of(plan, "APP_ENV"), "prod");
	assert_string_equal(env_of(plan, "GREETING"), "a b");
	assert_null(env_of(plan, "SECRET"));
	assert_non_null(strstr(find_op(plan, "/run")->data, "uid=33"));
	sw_plan_free(plan);

	assert_int_equal(
		resolve(fh, "[Sandbox]\nUser=nobody-here\n", &plan, &err),
		-ESRCH);
	assert_string_equal(err.detail, "t.conf:2: User: no such user");
	fakehost_free(fh);
}

static void test_log_directory(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;
	const struct sw_op *op;

	assert_int_equal(
		resolve(fh, "[Sandbox]\nLogDirectory=yes\n", &plan, &err), 0);
	op = find_op(plan, "/var/log");
	assert_non_null(op);
	assert_int_equal(op->kind, SW_OP_BIND);
	assert_true(op->flags & SW_OP_CREATE_DIR);
	assert_false(op->flags & SW_OP_RO);
	assert_string_equal(op->source, LOCALSTATEDIR "/log/sandwrap/test");
	sw_plan_free(plan);
	fakehost_free(fh);
}

static void test_inaccessible(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;

	fakehost_dir(fh, "/usr/share/secret");
	fakehost_file(fh, "/usr/bin/sudo", "");
	assert_int_equal(
		resolve(fh,
			"[Sandbox]\nInaccessiblePaths=/usr/share/secret"
			" /usr/bin/sudo /home\n",
			&plan, &err),
		0);
	assert_int_equal(find_op(plan, "/usr/share/secret")->kind, SW_OP_MASK);
	assert_true(find_op(plan, "/usr/share/secret")->flags &
		    SW_OP_SOURCE_DIR);
	assert_true(find_op(plan, "/usr/bin/sudo")->flags & SW_OP_SOURCE_FILE);
	/* not shown at all, so there is nothing to hide */
	assert_null(find_op(plan, "/home"));
	sw_plan_free(plan);
	fakehost_free(fh);
}

static void test_etc_explicit_secret(void **state)
{
	struct fakehost *fh = fakehost_debian();
	struct sw_plan *plan;
	struct sw_error err;

	assert_int_equal(
		resolve(fh, "[Sandbox]\nEtcFiles=shadow\n", &plan, &err), 0);
	assert_non_null(find_op(plan, "/etc/shadow"));
	sw_plan_free(plan);
	fakehost_free(fh);
}

static void test_path_compare(void **state)
{
	assert_true(sw_path_compare("/", "/a") < 0);
	assert_true(sw_path_compare("/a", "/a/b") < 0);
	assert_true(sw_path_compare("/a/b", "/a-b") < 0);
	assert_true(sw_path_compare("/a/z", "/ab") < 0);
	assert_int_equal(sw_path_compare("/a", "/a"), 0);
	assert_true(sw_path_startswith("/a/b", "/a"));
	assert_false(sw_path_startswith("/ab", "/a"));
	assert_true(sw_path_startswith("/a", "/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_view),
		cmocka_unit_test(test_parents_first),
		cmocka_unit_test(test_submounts),
		cmocka_unit_test(test_optional_and_required),
		cmocka_unit_test(test_nesting_order),
		cmocka_unit_test(test_missing_mount_point),
		cmocka_unit_test(test_user_and_env),
		cmocka_unit_test(test_log_directory),
		cmocka_unit_test(test_inaccessible),
		cmocka_unit_test(test_etc_explicit_secret),
		cmocka_unit_test(test_path_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
