/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sandwrap: run a command in a read-only view of the host.
 *
 * main() only sequences the phases: options -> policy -> plan -> backend.
 * Every failure is reported here, once, as
 *     sandwrap: POLICY: cannot STEP 'PATH': reason
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "common/error.h"
#include "common/log.h"
#include "common/macro.h"
#include "policy/policy.h"
#include "sandbox/native.h"
#include "sandbox/plan.h"
#include "sandbox/print.h"
#include "wrapper/login.h"

#define CONFDIR SYSCONFDIR "/sandwrap"
#define MAX_ASSIGNMENTS 256

enum mode { MODE_RUN, MODE_CHECK };

struct options {
	enum mode mode;
	const char *policy;
	char *assignments[MAX_ASSIGNMENTS];
	size_t n_assignments;
	bool verbose;
	bool dry_run;
	char **argv;	    /* the command */
	struct login login; /* started as a login shell */
	char *login_policy;
};

static const char *program = "sandwrap";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTIONS] [--] COMMAND [ARGUMENT...]\n"
		"       %s check [OPTIONS]\n"
		"       %s -c COMMAND | -l    (as an account's login shell)\n"
		"\n"
		"Run COMMAND in a sandbox that shows the host's installed "
		"system read-only.\n"
		"\n"
		"Options:\n"
		"  -P, --policy NAME|PATH  use the policy NAME (%s/NAME.conf)"
		"\n"
		"                          or the file PATH\n"
		"  -p, --property KEY=VALUE\n"
		"                          add a policy assignment (repeatable)"
		"\n"
		"  -n, --dry-run           print the plan instead of running\n"
		"  -v, --verbose           show each step as it is applied\n"
		"  -h, --help              show this help\n"
		"      --version           show the version\n"
		"\n"
		"Exit status: the command's; 128+N if it died of signal N; "
		"125 if the\n"
		"sandbox could not be set up; 126 if the command could not be "
		"executed;\n"
		"127 if it was not found.  See sandwrap(1), "
		"sandwrap.policy(5).\n",
		program, program, program, CONFDIR);
}

static void log_to_stderr(const char *line)
{
	fprintf(stderr, "%s: %s\n", program, line);
}

/* Report a failure: on stderr, and in the system log. */
static void report(const char *policy, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", program, policy, msg);
	openlog("sandwrap", LOG_PID, LOG_DAEMON);
	syslog(LOG_ERR, "%s: %s", policy, msg);
	closelog();
}

static void report_error(const char *policy, const struct sw_error *err)
{
	char msg[SW_ERROR_PATH_MAX + SW_ERROR_DETAIL_MAX + 128];

	/* A policy error already reads "file:line: Key: what is wrong". */
	if (sw_streq(err->step, "resolve the policy") && err->detail[0])
		snprintf(msg, sizeof(msg), "%s", err->detail);
	else
		sw_error_format(err, msg, sizeof(msg));
	report(policy, msg);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_VERSION = 0x100 };
	static const struct option longopts[] = {
		{"policy", required_argument, NULL, 'P'},
		{"property", required_argument, NULL, 'p'},
		{"dry-run", no_argument, NULL, 'n'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{},
	};
	int c;

	if (argc > 1 && sw_streq(argv[1], "check")) {
		o->mode = MODE_CHECK;
		argv++;
		argc--;
	}
	argv[0] = (char *)program; /* getopt's messages name it */
	while ((c = getopt_long(argc, argv, "+P:p:nvh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'P':
			o->policy = optarg;
			break;
		case 'p':
			if (o->n_assignments == MAX_ASSIGNMENTS) {
				fprintf(stderr, "%s: too many -p options\n",
					program);
				return -E2BIG;
			}
			o->assignments[o->n_assignments++] = optarg;
			break;
		case 'n':
			o->dry_run = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		case OPT_VERSION:
			printf("sandwrap %s\n", PACKAGE_VERSION);
			exit(EXIT_SUCCESS);
		default:
			fprintf(stderr, "Try '%s --help'.\n", program);
			return -EINVAL;
		}
	}
	o->argv = argv + optind;
	if (o->mode == MODE_CHECK && o->argv[0]) {
		fprintf(stderr, "%s: check takes no command\n", program);
		return -EINVAL;
	}
	if (o->mode == MODE_RUN && !o->argv[0] && !o->dry_run) {
		fprintf(stderr, "%s: no command given\nTry '%s --help'.\n",
			program, program);
		return -EINVAL;
	}
	return 0;
}

/* The name messages use before a policy is loaded: "php-fpm" for
 * --policy php-fpm or /etc/sandwrap/php-fpm.conf, else "default". */
static void policy_display_name(const char *arg, char *buf, size_t size)
{
	const char *base = arg ? strrchr(arg, '/') : NULL;
	size_t len;

	base = base ? base + 1 : arg ? arg : "default";
	len = strlen(base);
	if (len > 5 && sw_streq(base + len - 5, ".conf"))
		len -= 5;
	snprintf(buf, size, "%.*s", (int)len, base);
}

static struct sw_policy *load_policy(const struct options *o)
{
	struct sw_policy *policy = NULL;
	struct sw_diag diag = {0};
	char name[256];
	int k;

	policy_display_name(o->policy, name, sizeof(name));
	k = sw_policy_load(&policy, CONFDIR, o->policy, o->assignments,
			   o->n_assignments, &diag);
	for (size_t i = 0; i < diag.n; i++)
		fprintf(stderr, "%s: %s: %s\n", program, name, diag.lines[i]);
	if (k < 0 && diag.n == 0)
		fprintf(stderr, "%s: %s: cannot load policy: %s\n", program,
			name, strerror(-k));
	sw_diag_free(&diag);
	if (k != 0) {
		sw_policy_free(policy);
		return NULL;
	}
	return policy;
}

static struct sw_plan *make_plan(const struct sw_policy *policy, bool submounts)
{
	struct sw_host *host = sw_host_new_real();
	struct sw_plan *plan = NULL;
	struct sw_error err = {0};
	int k;

	if (!host) {
		report(policy->name, "out of memory");
		return NULL;
	}
	if (!submounts)
		host->submounts = NULL; /* only shown, never needed to run */
	k = sw_plan_resolve(policy, host, &plan, &err);
	sw_host_free_real(host);
	if (k < 0) {
		report_error(policy->name, &err);
		return NULL;
	}
	return plan;
}

/* The policy of the sandbox we run in, if we do: its marker file lies in
 * the sandbox's sealed root, and no_new_privs is always set there. */
static bool inside_sandbox(char *name, size_t size)
{
	char buf[256] = "";
	FILE *f;

	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return false;
	f = fopen(SW_MARKER_FILE, "re");
	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	if (strncmp(buf, "policy=", 7) != 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(name, size, "%s", buf + 7);
	return true;
}

/*
 * Started again inside a sandbox: seccomp forbids a sandbox in it, so the
 * command runs in this one when it is the same policy, and is refused
 * with the reason otherwise.
 */
static int run_inside(const char *name, const char *inside, bool same,
		      const char *file, char **argv)
{
	char msg[512];

	if (!same) {
		snprintf(msg, sizeof(msg),
			 "already inside the sandbox of policy '%s'; a "
			 "sandbox cannot be started within another",
			 inside);
		report(name, msg);
		return SW_EXIT_SETUP;
	}
	if (file)
		execv(file, argv);
	else
		execvp(argv[0], argv);
	snprintf(msg, sizeof(msg), "cannot execute '%s': %s",
		 file ? file : argv[0], strerror(errno));
	report(name, msg);
	return errno == ENOENT ? SW_EXIT_NOTFOUND : SW_EXIT_NOEXEC;
}

/*
 * Before any policy is read (its file may not be visible in here): the
 * same policy without changes runs the command in this sandbox.
 */
static bool run_nested(const struct options *o, int *status)
{
	char inside[256], name[256];

	if (o->mode != MODE_RUN || o->dry_run || o->login.active ||
	    !inside_sandbox(inside, sizeof(inside)))
		return false;
	policy_display_name(o->policy, name, sizeof(name));
	*status = run_inside(name, inside,
			     sw_streq(name, inside) && o->n_assignments == 0,
			     NULL, o->argv);
	return true;
}

static int run(const struct sw_plan *plan, bool login, const char *file,
	       char **argv)
{
	struct sw_error err = {0};
	bool reported = false;
	char inside[256];
	int status;

	/* A login inside (su, a shell's -c) is the user's already: the
	 * policy files that would name it are not visible in here. */
	if (inside_sandbox(inside, sizeof(inside)))
		return run_inside(plan->name, inside,
				  login || sw_streq(inside, plan->name), file,
				  argv);
	status = sw_native_run(plan, file, argv, &err, &reported);
	if (reported)
		report_error(plan->name, &err);
	return status;
}

static void print_command(char **argv)
{
	if (!argv || !argv[0])
		return;
	fputs("command:     ", stdout);
	for (; *argv; argv++)
		printf(" %s", *argv);
	putchar('\n');
}

/* As a login shell: the policy of the calling user, and in a login the
 * home directory as working directory unless the policy names one. */
/*
 * Variables the dynamic loader acts on before main(): in a login they
 * come from the user (pam_env, AcceptEnv) and ran the user's code before
 * any sandbox existed.  sandwrap-shell, static, removes them: a login
 * that still carries one did not come through it, and is refused so that
 * it does not pass unnoticed.
 */
static const char *loader_variable(void)
{
	static const char *const names[] = {"LD_PRELOAD", "LD_LIBRARY_PATH",
					    "LD_AUDIT", "GLIBC_TUNABLES"};

	for (size_t i = 0; i < SW_ARRAY_SIZE(names); i++)
		if (getenv(names[i]))
			return names[i];
	return NULL;
}

static int setup_login(struct options *o)
{
	const char *var = loader_variable();
	int k;

	if (var) {
		fprintf(stderr,
			"%s: refusing a login whose environment sets %s: "
			"name sandwrap-shell as the login shell, not "
			"sandwrap\n",
			program, var);
		return -EPERM;
	}
	k = sw_login_policy(CONFDIR, &o->login_policy);

	if (k < 0) {
		fprintf(stderr, "%s: cannot look up the calling user: %s\n",
			program, strerror(-k));
		return k;
	}
	o->policy = o->login_policy;
	return 0;
}

static int login_defaults(struct sw_policy *policy)
{
	struct sw_diag diag = {0};
	int k = 0;

	if (!sw_policy_last(policy, SW_KEY_WORKING_DIRECTORY))
		k = sw_policy_assign(policy, "WorkingDirectory=-~", &diag);
	sw_diag_free(&diag);
	return k;
}

/* The account's shell is sandwrap itself whatever its name: running it
 * as the shell would only start sandwrap again, so the shell is sh. */
static const char *login_shell(const struct sw_plan *plan)
{
	const char *base = strrchr(plan->shell, '/');

	base = base ? base + 1 : plan->shell;
	/* sandwrap-shell or sandwrap itself, whatever it is called (a
	 * Shell= that names it, or the passwd shell inside a sandbox) */
	if (sw_is_self(plan->shell) || strncmp(base, "sandwrap", 8) == 0)
		return "/bin/sh";
	return plan->shell;
}

static int execute(struct options *o, const struct sw_plan *plan)
{
	_cleanup_free_ char **argv = NULL;
	const char *shell = login_shell(plan);
	int status;

	if (!o->login.active)
		return run(plan, false, NULL, o->argv);
	argv = sw_login_argv(&o->login, shell);
	if (!argv) {
		report(plan->name, "out of memory");
		return SW_EXIT_SETUP;
	}
	status = run(plan, true, shell, argv);
	free(argv[0]);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct sw_policy *policy;
	struct sw_plan *plan;
	int status;

	if (sw_login_detect(argc, argv, &o.login)) {
		if (setup_login(&o) < 0)
			return SW_EXIT_SETUP;
	} else if (parse_options(argc, argv, &o) < 0) {
		return SW_EXIT_SETUP;
	}
	if (o.verbose)
		sw_log_set(log_to_stderr);
	if (run_nested(&o, &status))
		return status;
	policy = load_policy(&o);
	free(o.login_policy);
	if (!policy)
		return o.mode == MODE_CHECK ? EXIT_FAILURE : SW_EXIT_SETUP;
	if (o.login.active && login_defaults(policy) < 0) {
		sw_policy_free(policy);
		return SW_EXIT_SETUP;
	}
	plan = make_plan(policy, o.mode == MODE_CHECK || o.dry_run);
	if (!plan) {
		sw_policy_free(policy);
		return o.mode == MODE_CHECK ? EXIT_FAILURE : SW_EXIT_SETUP;
	}
	if (o.mode == MODE_CHECK || o.dry_run) {
		sw_plan_print(stdout, plan);
		print_command(o.argv);
		status = fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	} else {
		status = execute(&o, plan);
	}
	sw_plan_free(plan);
	sw_policy_free(policy);
	return status;
}
