/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of the policy language: syntax, value checks, diagnostics,
 * defaults, and the lookup of policy files and their drop-ins. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/macro.h"
#include "policy/policy.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static struct sw_policy *parse(const char *text, struct sw_diag *diag,
			       int expected_errors)
{
	struct sw_policy *policy = sw_policy_new("test");

	assert_non_null(policy);
	int r = sw_policy_parse_string(policy, "x.conf", text, diag);

	/* Show what went wrong before failing. */
	for (size_t i = 0; r != expected_errors && i < diag->n; i++)
		print_error("%s\n", diag->lines[i]);
	assert_int_equal(r, expected_errors);
	assert_int_equal(diag->n, (size_t)expected_errors);
	return policy;
}

static struct sw_policy *parse_ok(const char *text)
{
	struct sw_diag diag = {0};
	struct sw_policy *policy = parse(text, &diag, 0);

	sw_diag_free(&diag);
	return policy;
}

/* The texts of a list joined with '|', in a static buffer. */
static const char *joined(const struct sw_policy *policy, enum sw_key key)
{
	static char buf[4096];
	const struct sw_list *list = sw_policy_list(policy, key);

	buf[0] = '\0';
	for (size_t i = 0; i < list->n; i++) {
		if (i > 0)
			strcat(buf, "|");
		strcat(buf, list->items[i].text);
	}
	return buf;
}

static void assert_value_at(const struct sw_value *v, const char *file,
			    unsigned line)
{
	assert_non_null(v);
	assert_string_equal(v->file, file);
	assert_int_equal(v->line, line);
}

static char *tmpdir;

static int make_tmpdir(void **state)
{
	char template[] = "/tmp/test-policy.dir___";

	/* mkdtemp() wants six capital X at the end. */
	memset(template + strlen(template) - 6, 'X', 6);

	assert_non_null(mkdtemp(template));
	tmpdir = strdup(template);
	return tmpdir ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	return remove(path);
}

static int remove_tmpdir(void **state)
{
	int r = nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);

	free(tmpdir);
	tmpdir = NULL;
	return r;
}

/* Writes text to tmpdir/name and returns the full path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
	static char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "we");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void make_dir(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* ------------------------------------------------------------------ */
/* Valid input                                                         */

static void test_syntax(void **state)
{
	struct sw_policy *p = parse_ok("# a comment\n"
				       "; another one\n"
				       "\n"
				       "[Policy]\n"
				       "  Description =  A test policy  \n"
				       "[Sandbox]\n"
				       "ReadOnlyPaths=/a /b \\\n"
				       "    /c\n"
				       "ReadOnlyPaths = -/var//www/./x/\t\n"
				       "\tHostname=box\r\n");

	assert_string_equal(sw_policy_last(p, SW_KEY_DESCRIPTION)->text,
			    "A test policy");
	assert_string_equal(joined(p, SW_KEY_READ_ONLY_PATHS),
			    "/a|/b|/c|-/var/www/x");
	assert_value_at(&sw_policy_list(p, SW_KEY_READ_ONLY_PATHS)->items[2],
			"x.conf", 7);
	assert_value_at(sw_policy_last(p, SW_KEY_READ_ONLY_PATHS), "x.conf", 9);
	assert_string_equal(sw_policy_last(p, SW_KEY_HOSTNAME)->text, "box");
	assert_value_at(sw_policy_last(p, SW_KEY_HOSTNAME), "x.conf", 10);
	assert_string_equal(p->files[0], "x.conf");
	assert_int_equal(p->n_files, 1);
	sw_policy_free(p);
}

static void test_continuation(void **state)
{
	/* Comments inside a continued line are skipped, a comment never
	 * continues, and a backslash on the last line ends the value. */
	struct sw_policy *p = parse_ok("[Sandbox]\n"
				       "# not continued \\\n"
				       "ReadOnlyPaths=/a\\\n"
				       "# skipped\n"
				       "; skipped too\n"
				       "/b \\\n"
				       "\n"
				       "ReadWritePaths=/c \\");

	assert_string_equal(joined(p, SW_KEY_READ_ONLY_PATHS), "/a|/b");
	assert_value_at(sw_policy_last(p, SW_KEY_READ_ONLY_PATHS), "x.conf", 3);
	assert_string_equal(joined(p, SW_KEY_READ_WRITE_PATHS), "/c");
	assert_value_at(sw_policy_last(p, SW_KEY_READ_WRITE_PATHS), "x.conf",
			8);
	sw_policy_free(p);
}

static void test_quoting(void **state)
{
	struct sw_policy *p = parse_ok(
		"[Sandbox]\n"
		"ReadWritePaths=\"/with space\" '/single q' /esc\\sape\n"
		"ReadWritePaths=\"/x\\\"y\" '/a\\'b' /mid\"dle quo\"te\n"
		"Environment=\"A=two words\" B='x\\ty' C=\\\\ D=\n"
		"[Policy]\n"
		"Description=\"quotes are kept\" here\n");

	assert_string_equal(joined(p, SW_KEY_READ_WRITE_PATHS),
			    "/with space|/single q|/esc ape|/x\"y|/a'b|"
			    "/middle quote");
	assert_string_equal(joined(p, SW_KEY_ENVIRONMENT),
			    "A=two words|B=x\ty|C=\\|D=");
	assert_string_equal(sw_policy_last(p, SW_KEY_DESCRIPTION)->text,
			    "\"quotes are kept\" here");
	sw_policy_free(p);
}

static void test_repeat_and_reset(void **state)
{
	struct sw_policy *p = parse_ok("[Sandbox]\n"
				       "ReadOnlyPaths=/a\n"
				       "ReadOnlyPaths=\n"
				       "ReadOnlyPaths=/b\n"
				       "ReadOnlyPaths=/c\n"
				       "Hostname=one\n"
				       "Hostname=two\n"
				       "User=alice\n"
				       "User=\n");

	assert_string_equal(joined(p, SW_KEY_READ_ONLY_PATHS), "/b|/c");
	assert_string_equal(sw_policy_last(p, SW_KEY_HOSTNAME)->text, "two");
	assert_value_at(sw_policy_last(p, SW_KEY_HOSTNAME), "x.conf", 7);
	assert_null(sw_policy_last(p, SW_KEY_USER));
	assert_null(sw_policy_last(p, SW_KEY_GROUP));
	assert_int_equal(sw_policy_list(p, SW_KEY_USER)->n, 0);
	sw_policy_free(p);
}

/* Each key type: what is written and what is stored. */
static void test_values(void **state)
{
	struct sw_policy *p = parse_ok(
		"[Sandbox]\n"
		"HostImage=/usr -/lib64/\n"
		"EtcFiles=passwd -ssl//certs/ -./default/./locale\n"
		"BindPaths=-/srv//data /a:/b/ /c:/d:rbind /e::norbind\n"
		"BindReadOnlyPaths=/x/:/y:norbind\n"
		"TemporaryFileSystem=/run/x/ /var:mode=0755,size=10M,noexec\n"
		"PrivateTmp=Off\n"
		"PrivateNetwork=TRUE\n"
		"ProtectProc=invisible\n"
		"ProcSubset=pid\n"
		"Hostname=web-1.example\n"
		"LogDirectory=/var/log//php/\n"
		"User=www-data\n"
		"Group=33\n"
		"SupplementaryGroups=adm _x sys$ 4\n"
		"WorkingDirectory=/var/www\n"
		"UMask=077\n"
		"PassEnvironment=PATH _X y1\n"
		"CapabilityBoundingSet=~cap_net_admin CAP_SYS_Admin\n"
		"AmbientCapabilities=CAP_NET_BIND_SERVICE\n"
		"SystemCallFilter=~@mount keyctl:EPERM ptrace:kill bpf:1\n"
		"SystemCallErrorNumber=EACCES\n"
		"LimitNOFILE=1024:4096\n"
		"LimitNPROC=infinity\n"
		"LimitCORE=0\n"
		"LimitAS=4G:infinity\n"
		"LimitCPU=10min\n"
		"LimitFSIZE=100M\n");

	assert_string_equal(joined(p, SW_KEY_HOST_IMAGE), "/usr|-/lib64");
	assert_string_equal(joined(p, SW_KEY_ETC_FILES),
			    "passwd|-ssl/certs|-default/locale");
	assert_string_equal(joined(p, SW_KEY_BIND_PATHS),
			    "-/srv/data:/srv/data|/a:/b|/c:/d:rbind|"
			    "/e:/e:norbind");
	assert_string_equal(joined(p, SW_KEY_BIND_READ_ONLY_PATHS),
			    "/x:/y:norbind");
	assert_string_equal(joined(p, SW_KEY_TEMPORARY_FILE_SYSTEM),
			    "/run/x|/var:mode=0755,size=10M,noexec");
	assert_false(sw_policy_bool(p, SW_KEY_PRIVATE_TMP, true));
	assert_true(sw_policy_bool(p, SW_KEY_PRIVATE_NETWORK, false));
	assert_string_equal(joined(p, SW_KEY_LOG_DIRECTORY), "/var/log/php");
	assert_string_equal(joined(p, SW_KEY_SUPPLEMENTARY_GROUPS),
			    "adm|_x|sys$|4");
	assert_string_equal(joined(p, SW_KEY_CAPABILITY_BOUNDING_SET),
			    "~CAP_NET_ADMIN|CAP_SYS_ADMIN");
	assert_string_equal(joined(p, SW_KEY_SYSTEM_CALL_FILTER),
			    "~@mount|keyctl:EPERM|ptrace:kill|bpf:1");
	assert_string_equal(joined(p, SW_KEY_LIMIT_AS), "4G:infinity");
	assert_string_equal(joined(p, SW_KEY_UMASK), "077");
	sw_policy_free(p);

	p = parse_ok("[Sandbox]\nLogDirectory=on\nSystemCallErrorNumber=kill\n"
		     "SystemCallErrorNumber=4095\n");
	assert_string_equal(joined(p, SW_KEY_LOG_DIRECTORY), "yes");
	assert_string_equal(joined(p, SW_KEY_SYSTEM_CALL_ERROR_NUMBER),
			    "kill|4095");
	assert_true(sw_policy_bool(p, SW_KEY_PRIVATE_TMP, true));
	sw_policy_free(p);
}

/* ------------------------------------------------------------------ */
/* Broken input                                                        */

struct bad_case {
	const char *text;
	const char *diag;
};

static const struct bad_case bad_cases[] = {
	{"[Sandbox]\nReadOnlyPath=/a\n",
	 "x.conf:2: unknown key 'ReadOnlyPath'"},
	{"[Sandbox]\nreadonlypaths=/a\n",
	 "x.conf:2: unknown key 'readonlypaths'"},
	{"[Sandbox]\nDescription=x\n",
	 "x.conf:2: Sandbox: key 'Description' belongs in section [Policy]"},
	{"[Policy]\nHostname=x\n",
	 "x.conf:2: Policy: key 'Hostname' belongs in section [Sandbox]"},
	{"# c\nHostname=x\n",
	 "x.conf:2: key 'Hostname' appears before any section header"},
	{"[Sandbox\n", "x.conf:1: invalid section header '[Sandbox'"},
	{"[]\n", "x.conf:1: invalid section header '[]'"},
	{"[Service]\nFoo=bar\nUser=x\n",
	 "x.conf:1: unknown section '[Service]'"},
	{"[Sandbox]\nPrivateTmp\n",
	 "x.conf:2: expected Key=Value: 'PrivateTmp'"},
	{"[Sandbox]\n=yes\n", "x.conf:2: missing key name before '='"},
	{"[Sandbox]\nPrivateTmp=maybe\n",
	 "x.conf:2: PrivateTmp: not a boolean: 'maybe'"},
	{"[Sandbox]\nReadOnlyPaths=/a var/www\n",
	 "x.conf:2: ReadOnlyPaths: path is not absolute: 'var/www'"},
	{"[Sandbox]\nReadOnlyPaths=-\n",
	 "x.conf:2: ReadOnlyPaths: path is not absolute: '-'"},
	{"[Sandbox]\nInaccessiblePaths=/a/../etc\n",
	 "x.conf:2: InaccessiblePaths: path has a '..' component: "
	 "'/a/../etc'"},
	{"[Sandbox]\nEtcFiles=/etc/passwd\n",
	 "x.conf:2: EtcFiles: name is not relative to /etc: '/etc/passwd'"},
	{"[Sandbox]\nEtcFiles=-ssl/../shadow\n",
	 "x.conf:2: EtcFiles: name has a '..' component: '-ssl/../shadow'"},
	{"[Sandbox]\nEtcFiles=./\n",
	 "x.conf:2: EtcFiles: empty name below /etc: './'"},
	{"[Sandbox]\nBindPaths=/a:b\n",
	 "x.conf:2: BindPaths: path is not absolute: '/a:b'"},
	{"[Sandbox]\nBindPaths=/a:/b:ro\n",
	 "x.conf:2: BindPaths: bind option is not rbind or norbind: 'ro'"},
	{"[Sandbox]\nTemporaryFileSystem=/a:mode=07;55\n",
	 "x.conf:2: TemporaryFileSystem: invalid mount option: "
	 "'mode=07;55'"},
	{"[Sandbox]\nTemporaryFileSystem=/a:ro,,x\n",
	 "x.conf:2: TemporaryFileSystem: invalid mount option: 'ro,,x'"},
	{"[Sandbox]\nCapabilityBoundingSet=CAP_NOPE\n",
	 "x.conf:2: CapabilityBoundingSet: unknown capability: 'CAP_NOPE'"},
	{"[Sandbox]\nCapabilityBoundingSet=~chown\n",
	 "x.conf:2: CapabilityBoundingSet: unknown capability: 'chown'"},
	{"[Sandbox]\nAmbientCapabilities=CAP_CHOWN ~CAP_KILL\n",
	 "x.conf:2: AmbientCapabilities: '~' is only allowed on the first "
	 "word: '~CAP_KILL'"},
	{"[Sandbox]\nSystemCallFilter=keyctl:EWHAT\n",
	 "x.conf:2: SystemCallFilter: unknown errno: 'EWHAT'"},
	{"[Sandbox]\nSystemCallFilter=Mount\n",
	 "x.conf:2: SystemCallFilter: invalid system call name: 'Mount'"},
	{"[Sandbox]\nSystemCallErrorNumber=EFOO\n",
	 "x.conf:2: SystemCallErrorNumber: unknown errno: 'EFOO'"},
	{"[Sandbox]\nSystemCallErrorNumber=4096\n",
	 "x.conf:2: SystemCallErrorNumber: unknown errno: '4096'"},
	{"[Sandbox]\nLimitNOFILE=10K\n",
	 "x.conf:2: LimitNOFILE: invalid limit: '10K'"},
	{"[Sandbox]\nLimitCPU=10:5\n",
	 "x.conf:2: LimitCPU: invalid limit: '10:5'"},
	{"[Sandbox]\nLimitAS=99999999999T\n",
	 "x.conf:2: LimitAS: limit out of range: '99999999999T'"},
	{"[Sandbox]\nReadOnlyPaths=/a \"/b\n",
	 "x.conf:2: ReadOnlyPaths: unterminated quote: '\"/b'"},
	{"[Sandbox]\nReadOnlyPaths='/b\n",
	 "x.conf:2: ReadOnlyPaths: unterminated quote: ''/b'"},
	{"[Sandbox]\nReadOnlyPaths=/a\\q\n",
	 "x.conf:2: ReadOnlyPaths: invalid escape '\\q' in '/a\\q'"},
	{"[Sandbox]\nHostname=-web\n",
	 "x.conf:2: Hostname: invalid host name: '-web'"},
	{"[Sandbox]\nHostname=a b\n",
	 "x.conf:2: Hostname: invalid host name: 'a b'"},
	{"[Sandbox]\nUser=Root\n",
	 "x.conf:2: User: invalid user or group name: 'Root'"},
	{"[Sandbox]\nSupplementaryGroups=adm 1a\n",
	 "x.conf:2: SupplementaryGroups: invalid user or group name: '1a'"},
	{"[Sandbox]\nUMask=0800\n",
	 "x.conf:2: UMask: invalid umask (octal, at most 0777): '0800'"},
	{"[Sandbox]\nLogDirectory=var/log\n",
	 "x.conf:2: LogDirectory: not yes, no or an absolute path: 'var/log'"},
	{"[Sandbox]\nProtectProc=hidden\n",
	 "x.conf:2: ProtectProc: not default, noaccess, invisible or "
	 "ptraceable: 'hidden'"},
	{"[Sandbox]\nProcSubset=none\n",
	 "x.conf:2: ProcSubset: not all or pid: 'none'"},
	{"[Sandbox]\nEnvironment=FOO\n",
	 "x.conf:2: Environment: not NAME=VALUE: 'FOO'"},
	{"[Sandbox]\nEnvironment=1X=a\n",
	 "x.conf:2: Environment: invalid variable name: '1X=a'"},
	{"[Sandbox]\nPassEnvironment=A-B\n",
	 "x.conf:2: PassEnvironment: invalid variable name: 'A-B'"},
};

static void test_bad_input(void **state)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(bad_cases); i++) {
		struct sw_diag diag = {0};
		struct sw_policy *p = parse(bad_cases[i].text, &diag, 1);

		assert_string_equal(diag.lines[0], bad_cases[i].diag);
		sw_diag_free(&diag);
		sw_policy_free(p);
	}
}

static void test_several_errors(void **state)
{
	struct sw_diag diag = {0};
	struct sw_policy *p = parse("[Sandbox]\n"
				    "ReadOnlyPaths=/ok rel /ok2 /x/..\n"
				    "Bogus=1\n"
				    "PrivateTmp=yes\n"
				    "[Policy]\n"
				    "UMask=1000\n"
				    "Description=fine\n",
				    &diag, 4);

	assert_string_equal(diag.lines[0], "x.conf:2: ReadOnlyPaths: path is "
					   "not absolute: 'rel'");
	assert_string_equal(diag.lines[1], "x.conf:2: ReadOnlyPaths: path has "
					   "a '..' component: '/x/..'");
	assert_string_equal(diag.lines[2], "x.conf:3: unknown key 'Bogus'");
	assert_string_equal(diag.lines[3], "x.conf:6: Policy: key 'UMask' "
					   "belongs in section [Sandbox]");
	/* What was valid is still there. */
	assert_string_equal(joined(p, SW_KEY_READ_ONLY_PATHS), "/ok|/ok2");
	assert_true(sw_policy_bool(p, SW_KEY_PRIVATE_TMP, false));
	assert_string_equal(joined(p, SW_KEY_DESCRIPTION), "fine");
	sw_diag_free(&diag);
	assert_null(diag.lines);
	sw_policy_free(p);
}

/* ------------------------------------------------------------------ */
/* -p assignments                                                      */

static void test_assign(void **state)
{
	struct sw_policy *p = sw_policy_new(NULL);
	struct sw_diag diag = {0};

	assert_string_equal(p->name, "default");
	assert_int_equal(
		sw_policy_assign(p, "ReadWritePaths=/srv//data/", &diag), 0);
	assert_int_equal(sw_policy_assign(p, " Description = x ", &diag), 0);
	assert_string_equal(joined(p, SW_KEY_READ_WRITE_PATHS), "/srv/data");
	assert_value_at(sw_policy_last(p, SW_KEY_READ_WRITE_PATHS),
			"<command line>", 1);
	assert_string_equal(joined(p, SW_KEY_DESCRIPTION), "x");
	assert_int_equal(sw_policy_assign(p, "ReadWritePaths=", &diag), 0);
	assert_null(sw_policy_last(p, SW_KEY_READ_WRITE_PATHS));

	assert_int_equal(sw_policy_assign(p, "ReadOnlyPaths=x", &diag), 1);
	assert_int_equal(sw_policy_assign(p, "Foo=1", &diag), 1);
	assert_int_equal(sw_policy_assign(p, "PrivateTmp", &diag), 1);
	assert_int_equal(diag.n, 3);
	assert_string_equal(diag.lines[0], "<command line>: ReadOnlyPaths: "
					   "path is not absolute: 'x'");
	assert_string_equal(diag.lines[1], "<command line>: unknown key 'Foo'");
	assert_string_equal(diag.lines[2],
			    "<command line>: expected Key=Value: 'PrivateTmp'");
	/* A NULL diag only counts. */
	assert_int_equal(sw_policy_assign(p, "Foo=1", NULL), 1);
	sw_diag_free(&diag);
	sw_policy_free(p);
}

/* ------------------------------------------------------------------ */
/* Defaults and loading                                                */

static void test_defaults(void **state)
{
	struct sw_policy *p = sw_policy_new(NULL);
	struct sw_diag diag = {0};
	const struct sw_list *etc;

	assert_int_equal(sw_policy_load_defaults(p, &diag), 0);
	assert_int_equal(diag.n, 0);
	assert_string_equal(joined(p, SW_KEY_HOST_IMAGE),
			    "/usr|-/bin|-/sbin|-/lib|-/lib64|-/lib32|-/libx32");
	assert_value_at(sw_policy_last(p, SW_KEY_HOST_IMAGE), "<built-in>", 2);
	etc = sw_policy_list(p, SW_KEY_ETC_FILES);
	assert_int_equal(etc->n, 33);
	assert_string_equal(etc->items[0].text, "passwd");
	assert_string_equal(etc->items[13].text, "-ssl/certs");
	assert_true(sw_policy_bool(p, SW_KEY_PRIVATE_TMP, false));
	assert_false(sw_policy_bool(p, SW_KEY_PRIVATE_NETWORK, true));
	assert_string_equal(joined(p, SW_KEY_LOG_DIRECTORY), "no");
	assert_string_equal(joined(p, SW_KEY_SYSTEM_CALL_FILTER),
			    "~@sandbox-escape");
	assert_string_equal(joined(p, SW_KEY_UMASK), "0022");
	sw_policy_free(p);
}

static void test_keys(void **state)
{
	assert_int_equal(sw_key_lookup("ReadOnlyPaths"),
			 SW_KEY_READ_ONLY_PATHS);
	assert_int_equal(sw_key_lookup("LimitFSIZE"), SW_KEY_LIMIT_FSIZE);
	assert_int_equal(sw_key_lookup("readonlypaths"), -1);
	assert_int_equal(sw_key_lookup(""), -1);
	assert_string_equal(sw_key_info(SW_KEY_DESCRIPTION)->name,
			    "Description");
	assert_int_equal(sw_key_info(SW_KEY_DESCRIPTION)->section,
			 SW_SECTION_POLICY);
	assert_int_equal(sw_key_info(SW_KEY_BIND_PATHS)->type, SW_T_BINDS);
	assert_null(sw_key_info(SW_KEY__MAX));
	for (int k = 0; k < SW_KEY__MAX; k++)
		assert_int_equal(sw_key_lookup(sw_key_info(k)->name), k);
}

static void test_vocabularies(void **state)
{
	unsigned long long soft, hard;

	assert_int_equal(sw_parse_bool("YES"), 1);
	assert_int_equal(sw_parse_bool("t"), 1);
	assert_int_equal(sw_parse_bool("Off"), 0);
	assert_int_equal(sw_parse_bool("0"), 0);
	assert_int_equal(sw_parse_bool("2"), -EINVAL);
	assert_int_equal(sw_parse_bool(""), -EINVAL);

	assert_int_equal(sw_errno_from_name("EPERM"), EPERM);
	assert_int_equal(sw_errno_from_name("EOPNOTSUPP"), EOPNOTSUPP);
	assert_int_equal(sw_errno_from_name("EOVERFLOW"), EOVERFLOW);
	assert_int_equal(sw_errno_from_name("eperm"), -EINVAL);
	assert_int_equal(sw_errno_from_name("1"), -EINVAL);

	assert_int_equal(
		sw_parse_limit("infinity", SW_KEY_LIMIT_AS, &soft, &hard), 0);
	assert_true(soft == ULLONG_MAX && hard == ULLONG_MAX);
	assert_int_equal(
		sw_parse_limit("1024:4096", SW_KEY_LIMIT_NOFILE, &soft, &hard),
		0);
	assert_true(soft == 1024 && hard == 4096);
	assert_int_equal(
		sw_parse_limit("2K:1G", SW_KEY_LIMIT_CORE, &soft, &hard), 0);
	assert_true(soft == 2048 && hard == 1ULL << 30);
	assert_int_equal(sw_parse_limit("3T", SW_KEY_LIMIT_FSIZE, &soft, &hard),
			 0);
	assert_true(soft == 3ULL << 40 && hard == soft);
	assert_int_equal(
		sw_parse_limit("2h:infinity", SW_KEY_LIMIT_CPU, &soft, &hard),
		0);
	assert_true(soft == 7200 && hard == ULLONG_MAX);
	assert_int_equal(sw_parse_limit("5min", SW_KEY_LIMIT_CPU, &soft, &hard),
			 0);
	assert_true(soft == 300);
	assert_int_equal(sw_parse_limit("30s", SW_KEY_LIMIT_CPU, &soft, &hard),
			 0);
	assert_true(soft == 30);

	assert_int_equal(sw_parse_limit("10M", SW_KEY_LIMIT_CPU, &soft, &hard),
			 -EINVAL);
	assert_int_equal(sw_parse_limit("10s", SW_KEY_LIMIT_AS, &soft, &hard),
			 -EINVAL);
	assert_int_equal(sw_parse_limit("5:", SW_KEY_LIMIT_NPROC, &soft, &hard),
			 -EINVAL);
	assert_int_equal(sw_parse_limit(":5", SW_KEY_LIMIT_NPROC, &soft, &hard),
			 -EINVAL);
	assert_int_equal(
		sw_parse_limit("1:2:3", SW_KEY_LIMIT_NPROC, &soft, &hard),
		-EINVAL);
	assert_int_equal(sw_parse_limit("-1", SW_KEY_LIMIT_NPROC, &soft, &hard),
			 -EINVAL);
	assert_int_equal(
		sw_parse_limit("infinity:5", SW_KEY_LIMIT_NPROC, &soft, &hard),
		-EINVAL);
	assert_int_equal(sw_parse_limit("99999999999999999999",
					SW_KEY_LIMIT_NPROC, &soft, &hard),
			 -ERANGE);
	assert_int_equal(sw_parse_limit("5", SW_KEY_UMASK, &soft, &hard),
			 -EINVAL);
}

static void test_parse_file(void **state)
{
	struct sw_policy *p = sw_policy_new("t");
	struct sw_diag diag = {0};
	char path[PATH_MAX];

	strcpy(path, write_file("t.conf", "[Sandbox]\nReadOnlyPaths=/a\n"
					  "ReadOnlyPaths=b"));
	assert_int_equal(sw_policy_parse_file(p, path, &diag), 1);
	assert_int_equal(diag.n, 1);
	assert_true(strncmp(diag.lines[0], path, strlen(path)) == 0);
	assert_string_equal(diag.lines[0] + strlen(path),
			    ":3: ReadOnlyPaths: path is not absolute: 'b'");
	assert_value_at(sw_policy_last(p, SW_KEY_READ_ONLY_PATHS), path, 2);
	sw_diag_free(&diag);

	/* A directory is not a policy. */
	assert_int_equal(sw_policy_parse_file(p, tmpdir, &diag), -EINVAL);
	assert_int_equal(diag.n, 1);
	assert_true(strncmp(diag.lines[0], tmpdir, strlen(tmpdir)) == 0);
	assert_string_equal(diag.lines[0] + strlen(tmpdir),
			    ": cannot read: not a regular file");
	sw_diag_free(&diag);

	assert_int_equal(sw_policy_parse_file(p, "/nonexistent/x.conf", &diag),
			 -ENOENT);
	assert_int_equal(diag.n, 1);
	assert_string_equal(diag.lines[0], "/nonexistent/x.conf: cannot read: "
					   "No such file or directory");
	sw_diag_free(&diag);
	sw_policy_free(p);
}

/* The main file, its drop-ins in lexical order, then -p assignments. */
static void test_load_dropins(void **state)
{
	char *const assignments[] = {"ReadOnlyPaths=/e", "Hostname=cli"};
	struct sw_policy *p = NULL;
	struct sw_diag diag = {0};
	const struct sw_list *ro;
	char main_path[PATH_MAX], last_dropin[PATH_MAX];

	strcpy(main_path, write_file("web.conf", "[Sandbox]\nReadOnlyPaths=/a\n"
						 "Hostname=main\n"));
	make_dir("web.conf.d");
	write_file("web.conf.d/10-b.conf",
		   "[Sandbox]\n\nReadOnlyPaths=/c\nHostname=dropin\n");
	write_file("web.conf.d/01-a.conf", "[Sandbox]\nReadOnlyPaths=/b\n");
	write_file("web.conf.d/99-ignored.txt", "[Sandbox]\nBogus=1\n");
	write_file("web.conf.d/.hidden.conf", "[Sandbox]\nBogus=1\n");
	strcpy(last_dropin, write_file("web.conf.d/20-c.conf",
				       "[Sandbox]\nReadOnlyPaths=/d\n"));

	assert_int_equal(
		sw_policy_load(&p, tmpdir, "web", assignments, 2, &diag), 0);
	assert_int_equal(diag.n, 0);
	assert_non_null(p);
	assert_string_equal(p->name, "web");
	assert_string_equal(p->path, main_path);
	ro = sw_policy_list(p, SW_KEY_READ_ONLY_PATHS);
	assert_string_equal(joined(p, SW_KEY_READ_ONLY_PATHS),
			    "/a|/b|/c|/d|/e");
	assert_value_at(&ro->items[0], main_path, 2);
	assert_value_at(&ro->items[2], p->files[3], 3);
	assert_value_at(&ro->items[3], last_dropin, 2);
	assert_value_at(&ro->items[4], "<command line>", 1);
	assert_string_equal(sw_policy_last(p, SW_KEY_HOSTNAME)->text, "cli");
	/* Defaults come first, the files keep their order. */
	assert_string_equal(joined(p, SW_KEY_UMASK), "0022");
	assert_int_equal(p->n_files, 6);
	assert_string_equal(p->files[0], "<built-in>");
	assert_string_equal(p->files[1], main_path);
	assert_string_equal(p->files[4], last_dropin);
	assert_string_equal(p->files[5], "<command line>");
	sw_policy_free(p);

	/* The same file by path: same name, confdir unused. */
	assert_int_equal(
		sw_policy_load(&p, "/nonexistent", main_path, NULL, 0, &diag),
		0);
	assert_string_equal(p->name, "web");
	assert_string_equal(joined(p, SW_KEY_READ_ONLY_PATHS), "/a|/b|/c|/d");
	sw_policy_free(p);

	/* No policy: the defaults only. */
	assert_int_equal(sw_policy_load(&p, tmpdir, NULL, NULL, 0, &diag), 0);
	assert_string_equal(p->name, "default");
	assert_null(p->path);
	assert_int_equal(p->n_files, 1);
	sw_policy_free(p);
}

static void test_load_errors(void **state)
{
	char *const assignments[] = {"Hostname=-x"};
	struct sw_policy *p = (struct sw_policy *)1;
	struct sw_diag diag = {0};
	char expected[PATH_MAX + 64];

	/* A missing policy names the path tried. */
	assert_int_equal(sw_policy_load(&p, tmpdir, "nope", NULL, 0, &diag),
			 -ENOENT);
	assert_null(p);
	assert_int_equal(diag.n, 1);
	snprintf(expected, sizeof(expected),
		 "%s/nope.conf: cannot read: No such file or directory",
		 tmpdir);
	assert_string_equal(diag.lines[0], expected);
	sw_diag_free(&diag);

	/* Errors in a drop-in and in -p are counted and the policy kept. */
	write_file("bad.conf", "[Sandbox]\nPrivateTmp=no\n");
	make_dir("bad.conf.d");
	write_file("bad.conf.d/x.conf", "[Sandbox]\nPrivateTmp=perhaps\n");
	assert_int_equal(
		sw_policy_load(&p, tmpdir, "bad", assignments, 1, &diag), 2);
	assert_non_null(p);
	assert_string_equal(p->name, "bad");
	assert_int_equal(diag.n, 2);
	snprintf(expected, sizeof(expected),
		 "%s/bad.conf.d/x.conf:2: PrivateTmp: not a boolean: 'perhaps'",
		 tmpdir);
	assert_string_equal(diag.lines[0], expected);
	assert_string_equal(
		diag.lines[1],
		"<command line>: Hostname: invalid host name: '-x'");
	assert_false(sw_policy_bool(p, SW_KEY_PRIVATE_TMP, true));
	sw_diag_free(&diag);
	sw_policy_free(p);
}

static void test_symlinked_policy(void **state)
{
	struct sw_policy *p = NULL;
	struct sw_diag diag = {0};
	char link[PATH_MAX];

	write_file("real.conf", "[Sandbox]\nHostname=real\n");
	snprintf(link, sizeof(link), "%s/alias.conf", tmpdir);
	assert_int_equal(symlink("real.conf", link), 0);
	assert_int_equal(sw_policy_load(&p, tmpdir, "alias", NULL, 0, &diag),
			 0);
	assert_string_equal(p->name, "alias");
	assert_string_equal(sw_policy_last(p, SW_KEY_HOSTNAME)->text, "real");
	sw_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_repeat_and_reset),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_assign),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_vocabularies),
		cmocka_unit_test_setup_teardown(test_parse_file, make_tmpdir,
						remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_load_dropins, make_tmpdir,
						remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_load_errors, make_tmpdir,
						remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_symlinked_policy,
						make_tmpdir, remove_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
