# SPDX-License-Identifier: LGPL-2.1-or-later
# Small TAP library for the integration tests (POSIX sh).
# shellcheck disable=SC2034 # variables for the tests that source this
#
# A test is a shell script that sources this file:
#
#	. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
#	need_root
#	plan 3                     # or done_testing at the end
#	sw -- /bin/true
#	is "$SW_RC" 0 "true runs"
#	probe_in touch /usr/x
#	is "$SW_OUT" EROFS "/usr is read-only"
#	ok '[ ! -e /usr/x ]' "nothing created on the host"
#
# Results:
#	plan N                    print the plan first
#	done_testing              print the plan last (from the count so far)
#	ok COND DESC              COND is an exit status (a number) or a shell
#	                          condition evaluated with eval
#	is GOT EXPECTED DESC      string equality
#	isnt GOT UNEXPECTED DESC
#	like GOT ERE DESC         some line of GOT matches the extended regex
#	unlike GOT ERE DESC       no line of GOT matches
#	skip REASON [COUNT]       COUNT skipped results (default 1)
#	skip_all REASON           "1..0 # SKIP REASON" and exit (before any result)
#	bail_out REASON           "Bail out! REASON" and exit 1
#	diag TEXT...              "# TEXT" lines
#	diag_sw                   the output of the last sw run, as diagnostics
# Results are counted in the shell that sources this file: do not call
# them in a subshell or on the right of a pipe.
#
# Running sandwrap:
#	sw ARGS...                run "$SANDWRAP ARGS..."; stdout, stderr and
#	                          exit status land in $SW_OUT, $SW_ERR, $SW_RC
#	                          (stdin is inherited)
#	probe_in [SW-ARGS... --] PROBE-ARGS...
#	                          run the probe inside the sandbox, bound
#	                          read-only from $PROBE_DIR to /probe
#
# Host state:
#	need_root, need_cmd NAME, need_sandwrap   skip the whole test otherwise
#	sandwrap_for USER         make $SANDWRAP a path USER can execute (a
#	                          copy when the build tree is closed to USER)
#	ensure_users              create svc-a (2001), svc-b (2002) and the
#	                          unprivileged caller sw-unpriv (2010)
#
# Who starts sandwrap: SW_TEST_AS=USER (environment) runs every start of
# sandwrap by sw and probe_in, and the tests' own starts through
# "$SW_AS" "$SANDWRAP" (or sw_as), as USER instead of root; the test
# script itself stays root and prepares the host.
#	$SW_AS                    the command prefix that starts a program as
#	                          the caller: empty as root, else setpriv
#	                          (same cwd, fds and environment; only the
#	                          uid, gid and groups change)
#	sw_as CMD...              run CMD as the caller
#	unpriv                    true when the caller is not root
#	$SW_CALLER                root, or USER
#	$SW_SVC, $SW_SVC_UID      the non-root user a sandbox runs as: svc-a
#	                          (User=svc-a) as root, the caller itself
#	                          unprivileged
#	$SW_USERS                 the sandbox users a test can loop over:
#	                          "root svc-a", or the caller alone
#	userns_lock_shared        hold until exit the lock that keeps
#	                          user.max_user_namespaces from being set to
#	                          0 meanwhile (taken by lib.sh when
#	                          SW_TEST_AS is set; a root test that starts
#	                          sandwrap as a user by other means, such as
#	                          su, calls it itself)
#	userns_lock_exclusive     wait until no test holds it shared, and
#	                          keep new ones from starting until exit (for
#	                          a test that turns user namespaces off)
#	need_privilege REASON [COUNT]
#	                          false, with COUNT (default 1) results
#	                          skipped, when unprivileged; only for checks
#	                          impossible without root by design:
#	                            need_privilege "User= of another account" &&
#	                                is ...
#	$SW_SCRATCH               /srv/sw-test/PID-NAME, root-owned 0755,
#	                          removed at exit with the mounts under it
#	tmount [MOUNT-ARGS...] TARGET
#	                          mount, and unmount again at exit
#	on_exit 'SHELL CODE'      run at exit, last registered first
#	ensure_host_dir DIR       create the host directory DIR (root, 0755)
#	                          if it is missing, and remove it at exit if
#	                          a test made it and no other test uses it
#	sh_quote STRING           STRING quoted for eval
#
# Canary markers (prove that the inner command ran, or never ran):
#	-p "$SW_MARKER_OPT"       binds the host directory $MARKER_DIR
#	                          (mode 1777) writable at $MARKER_IN
#	marker_in NAME            the marker's path inside the sandbox
#	marker_path NAME          the same marker's path on the host
#	marker_clear              remove all markers
# Example (fail closed):
#	sw -p "$SW_MARKER_OPT" -p Broken=yes -- sh -c ": > $(marker_in ran)"
#	is "$SW_RC" 125 "setup fails"
#	ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"
# Example (the restriction held):
#	sw -p "$SW_MARKER_OPT" -- sh -c "touch /usr/x || : > $(marker_in held)"
#	ok '[ -e "$(marker_path held)" ]' "/usr is read-only"

: "${SW_BUILDDIR:=$(pwd)}"
: "${SW_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
SANDWRAP="${SANDWRAP:-$SW_BUILDDIR/sandwrap}"
PROBE="$SW_BUILDDIR/tests/probe/probe"
SW_TEST_ROOT=/srv/sw-test
PROBE_DIR="$SW_TEST_ROOT/bin"
# SW_TEST_NAME may be given, so that two runs of one test (as root and
# unprivileged) at the same time have distinct scratch names.
: "${SW_TEST_NAME:=$(basename "$0" .t)}"
SW_SCRATCH="$SW_TEST_ROOT/$$-$SW_TEST_NAME"
# LogDirectory= must lie below /var/log: log directories of a test go here.
SW_LOG_ROOT=/var/log/sw-test
SW_LOG_SCRATCH="$SW_LOG_ROOT/$$-$SW_TEST_NAME"
MARKER_DIR="$SW_SCRATCH/markers"
MARKER_IN=/sw-markers
SW_MARKER_OPT="BindPaths=$MARKER_DIR:$MARKER_IN"
SW_OUT=
SW_ERR=
SW_RC=
export SW_BUILDDIR SW_SRCDIR

_tap_count=0
_tap_failed=0
_tap_planned=
_sw_cleanups=
_sw_capture=

# --- TAP ----------------------------------------------------------------

plan()
{
	_tap_planned=$1
	echo "1..$1"
}

done_testing()
{
	[ -n "$_tap_planned" ] || echo "1..$_tap_count"
	_tap_planned=$_tap_count
}

diag()
{
	for _diag_line; do
		printf '%s\n' "$_diag_line"
	done | sed 's/^/# /'
}

_tap_result()
{
	_tap_count=$((_tap_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_count - $2"
		return 0
	fi
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_count - $2"
	return 1
}

ok()
{
	case $1 in
	'' | *[!0-9]*)
		eval "$1"
		_tap_result $? "$2"
		;;
	*) _tap_result "$1" "$2" ;;
	esac
}

is()
{
	[ "$1" = "$2" ]
	_tap_result $? "$3" && return 0
	diag "got:      '$1'" "expected: '$2'"
	return 1
}

isnt()
{
	[ "$1" != "$2" ]
	_tap_result $? "$3" && return 0
	diag "got:      '$1'" "expected anything else"
	return 1
}

like()
{
	printf '%s\n' "$1" | grep -Eq -- "$2"
	_tap_result $? "$3" && return 0
	diag "got:      '$1'" "expected to match: $2"
	return 1
}

unlike()
{
	! printf '%s\n' "$1" | grep -Eq -- "$2"
	_tap_result $? "$3" && return 0
	diag "got:      '$1'" "expected not to match: $2"
	return 1
}

skip()
{
	_skip_n=${2:-1}
	while [ "$_skip_n" -gt 0 ]; do
		_tap_count=$((_tap_count + 1))
		echo "ok $_tap_count # SKIP $1"
		_skip_n=$((_skip_n - 1))
	done
}

skip_all()
{
	echo "1..0 # SKIP $1"
	_tap_planned=0
	exit 0
}

bail_out()
{
	echo "Bail out! $*"
	exit 1
}

diag_sw()
{
	diag "exit status: $SW_RC"
	[ -z "$SW_OUT" ] || diag "stdout:" "$SW_OUT"
	[ -z "$SW_ERR" ] || diag "stderr:" "$SW_ERR"
}

# --- preconditions ------------------------------------------------------

need_root()
{
	[ "$(id -u)" = 0 ] || skip_all "need root"
}

need_cmd()
{
	command -v "$1" >/dev/null 2>&1 || skip_all "$1 not installed"
}

need_sandwrap()
{
	[ -x "$SANDWRAP" ] || skip_all "no sandwrap at $SANDWRAP"
	[ -x "$PROBE" ] || skip_all "no probe at $PROBE"
	! unpriv || sandwrap_for "$SW_CALLER"
}

# sandwrap_for USER: make $SANDWRAP a path USER can execute.  A build tree
# USER cannot enter (below /root) is left for a copy in a root-owned
# directory, replaced atomically when the build changed.
sandwrap_for()
{
	setpriv --reuid="$(id -u "$1")" --regid="$(id -g "$1")" \
		--clear-groups -- test -x "$SANDWRAP" && return 0
	_sf_dir="$SW_TEST_ROOT/sandwrap"
	if ! cmp -s "$SANDWRAP" "$_sf_dir/sandwrap"; then
		install -d -o root -g root -m 0755 "$_sf_dir" &&
			install -m 0755 "$SANDWRAP" "$_sf_dir/.sandwrap.$$" &&
			mv -f "$_sf_dir/.sandwrap.$$" "$_sf_dir/sandwrap" ||
			bail_out "cannot copy sandwrap to $_sf_dir for $1"
	fi
	SANDWRAP="$_sf_dir/sandwrap"
}

# ensure_user NAME ID: a system account with its own group, no password
# and no login shell.
ensure_user()
{
	if getent passwd "$1" >/dev/null; then
		[ "$(id -u "$1")" = "$2" ] ||
			diag "$1 exists with uid $(id -u "$1"), not $2"
		return 0
	fi
	getent group "$1" >/dev/null || groupadd -g "$2" "$1" ||
		bail_out "cannot create group $1"
	useradd -u "$2" -g "$1" -M -d /nonexistent -s /usr/sbin/nologin \
		"$1" || bail_out "cannot create user $1"
}

ensure_users()
{
	ensure_user svc-a 2001
	ensure_user svc-b 2002
	ensure_user sw-unpriv 2010
}

# --- processes and ports (tests that start servers) -----------------------

# free_port: a TCP port of loopback that nothing listens on.
free_port()
{
	_fp=$((20000 + ($$ * 7) % 20000))
	while [ -n "$(ss -Hltn "sport = :$_fp")" ]; do
		_fp=$((_fp + 1))
	done
	echo "$_fp"
}

# wait_for COND [TENTHS]: until the shell condition holds (5 s default).
wait_for()
{
	_wf=0
	until eval "$1"; do
		[ "$_wf" -lt "${2:-50}" ] || return 1
		sleep 0.1
		_wf=$((_wf + 1))
	done
}

# stop_pid PID: TERM, then KILL after 5 s, and reap it.
stop_pid()
{
	kill -0 "$1" 2>/dev/null || return 0
	kill -TERM "$1" 2>/dev/null
	wait_for "! kill -0 $1 2>/dev/null" 50 || kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# children PID: the pids of the children of PID.
children()
{
	[ -n "$1" ] || return 0
	ps -o pid= --ppid "$1" | tr -d ' '
}

# --- cleanup ------------------------------------------------------------

sh_quote()
{
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

on_exit()
{
	_sw_cleanups="$1
$_sw_cleanups"
}

tmount()
{
	for _tm_target; do :; done
	mount "$@" || return
	on_exit "umount -l $(sh_quote "$_tm_target")"
}

# Tests running at the same time share DIR: each holds a reference file
# in it while it runs (a dot file, which no lookup of sandwrap reads), and
# the last one out removes DIR if a test created it.  The lock serialises
# the creation, the references and the removal.
ensure_host_dir()
{
	_hd_lock=$(sh_quote "$SW_TEST_ROOT/.host-dirs.lock")
	_hd_stamp=$(sh_quote "$SW_TEST_ROOT/.created$(printf '%s' "$1" |
		tr / _)")
	_hd_dir=$(sh_quote "$1")
	_hd_ref=$(sh_quote "$1/.sw-test-$$-$SW_TEST_NAME")
	eval "(
		flock 9
		if [ ! -d $_hd_dir ]; then
			install -d -m 0755 $_hd_dir && : >$_hd_stamp
		fi
		: >$_hd_ref
	) 9>$_hd_lock" || bail_out "cannot create $1"
	on_exit "(
		flock 9
		rm -f $_hd_ref
		[ -e $_hd_stamp ] && rmdir $_hd_dir 2>/dev/null &&
			rm -f $_hd_stamp
	) 9>$_hd_lock"
}

# Mount points at or below $1, deepest (most recently mounted) first.
_mounts_under()
{
	awk -v dir="$1" '{
		t = $5
		if (t == dir || index(t, dir "/") == 1)
			line[n++] = t
	} END {
		while (n > 0)
			print line[--n]
	}' /proc/self/mountinfo |
		sed 's/\\\([0-7][0-7][0-7]\)/\\0\1/g'
}

_sw_cleanup()
{
	_rc=$?
	eval "$_sw_cleanups"
	if [ -d "$SW_SCRATCH" ]; then
		_mounts_under "$SW_SCRATCH" | while IFS= read -r _m; do
			umount -l "$(printf '%b' "$_m")"
		done
		rm -rf --one-file-system "$SW_SCRATCH"
	fi
	if [ -d "$SW_LOG_SCRATCH" ]; then
		rm -rf --one-file-system "$SW_LOG_SCRATCH"
		rmdir "$SW_LOG_ROOT" 2>/dev/null
	fi
	[ -z "$_sw_capture" ] || rm -rf "$_sw_capture"
	if [ "$_tap_failed" -gt 0 ]; then
		diag "failed $_tap_failed of $_tap_count"
		_rc=1
	fi
	exit $_rc
}

trap _sw_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- scratch tree, sandwrap and the probe --------------------------------

scratch_init()
{
	[ -d "$SW_SCRATCH" ] && return 0
	install -d -o root -g root -m 0755 "$SW_TEST_ROOT" "$SW_SCRATCH" ||
		bail_out "cannot create $SW_SCRATCH"
	install -d -m 1777 "$MARKER_DIR"
	install -d -o root -g root -m 0755 "$SW_LOG_ROOT" "$SW_LOG_SCRATCH" ||
		bail_out "cannot create $SW_LOG_SCRATCH"
}

marker_path()
{
	printf '%s/%s\n' "$MARKER_DIR" "$1"
}

marker_in()
{
	printf '%s/%s\n' "$MARKER_IN" "$1"
}

marker_clear()
{
	rm -f "$MARKER_DIR"/* "$MARKER_DIR"/.[!.]* 2>/dev/null
	return 0
}

unpriv()
{
	[ "$SW_CALLER" != root ]
}

need_privilege()
{
	unpriv || return 0
	skip "unprivileged caller: $1" "${2:-1}"
	return 1
}

sw_as()
{
	$SW_AS "$@"
}

# An unprivileged test holds this lock shared while it runs; a test
# that turns user namespaces off for the whole machine holds it exclusive
# (fd 6 of the test shell; sandwrap closes it for the command).
_sw_userns_lock()
{
	exec 6>"$SW_TEST_ROOT/.userns.lock" ||
		bail_out "cannot open $SW_TEST_ROOT/.userns.lock"
	flock "$1" 6 || bail_out "cannot lock $SW_TEST_ROOT/.userns.lock"
}

userns_lock_shared()
{
	_sw_userns_lock -s
}

userns_lock_exclusive()
{
	_sw_userns_lock -x
}

# The caller, and the users the tests run their sandboxes as.
_sw_caller_init()
{
	SW_CALLER=root
	SW_AS=
	SW_SVC=svc-a
	SW_SVC_UID=2001
	SW_USERS="root svc-a"
	[ -n "${SW_TEST_AS:-}" ] && [ "$SW_TEST_AS" != root ] || return 0
	[ "$(id -u)" = 0 ] || return 0
	[ "$SW_TEST_AS" != sw-unpriv ] || ensure_user sw-unpriv 2010
	SW_SVC_UID=$(id -u "$SW_TEST_AS") ||
		bail_out "no user $SW_TEST_AS to run sandwrap as"
	command -v setpriv >/dev/null 2>&1 ||
		bail_out "setpriv is needed to run sandwrap as $SW_TEST_AS"
	SW_CALLER=$SW_TEST_AS
	SW_SVC=$SW_TEST_AS
	SW_USERS=$SW_TEST_AS
	SW_AS="setpriv --reuid=$SW_SVC_UID --regid=$(id -g "$SW_TEST_AS")"
	SW_AS="$SW_AS --clear-groups --"
	userns_lock_shared
}

sw()
{
	[ -n "$_sw_capture" ] || _sw_capture=$(mktemp -d)
	$SW_AS "$SANDWRAP" "$@" >"$_sw_capture/out" 2>"$_sw_capture/err"
	SW_RC=$?
	SW_OUT=$(cat "$_sw_capture/out")
	SW_ERR=$(cat "$_sw_capture/err")
	return "$SW_RC"
}

# Copy the probe to a root-owned directory the sandbox can bind (once per
# build: the copy is replaced atomically when the probe changed).
probe_install()
{
	cmp -s "$PROBE" "$PROBE_DIR/probe" && return 0
	install -d -o root -g root -m 0755 "$PROBE_DIR" &&
		install -m 0755 "$PROBE" "$PROBE_DIR/.probe.$$" &&
		mv -f "$PROBE_DIR/.probe.$$" "$PROBE_DIR/probe" ||
		bail_out "cannot install the probe in $PROBE_DIR"
}

probe_in()
{
	_pi_opts=
	for _pi_arg; do
		[ "$_pi_arg" = -- ] || continue
		while [ "$1" != -- ]; do
			_pi_opts="$_pi_opts $(sh_quote "$1")"
			shift
		done
		shift
		break
	done
	probe_install
	eval "sw $_pi_opts -p $(sh_quote "BindReadOnlyPaths=$PROBE_DIR:/probe") \
		-- /probe/probe \"\$@\""
}

if [ "$(id -u)" = 0 ]; then
	scratch_init
fi
_sw_caller_init
