#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# sandwrap as a service account's login shell, the way sshd, scp, sftp,
# rsync, su, runuser (cron) and an interactive terminal start it.  The test
# makes its own account (sw-login, uid 2020) whose shell is a copy of the
# built sandwrap, and starts its own OpenSSH server on a free loopback port
# with its own host key, configuration and authorized key.  The policy
# lookup order is walked with files in /etc/sandwrap that the test creates
# and removes again.
# shellcheck disable=SC1091,SC2016,SC2154 # lib.sh is sourced at run time
# (and sets _tap_failed); ok evals
# shellcheck disable=SC2015 # A && B || bail_out: bail out if either fails
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
# it starts sandwrap as an unprivileged user: not while userns-off.t runs
userns_lock_shared
[ -x /usr/sbin/sshd ] || skip_all "openssh-server is not installed"
[ -x /usr/lib/openssh/sftp-server ] || skip_all "no sftp-server"
for cmd in ssh scp sftp ssh-keygen rsync ss script su runuser useradd \
	userdel groupadd groupdel timeout; do
	need_cmd "$cmd"
done
probe_install

S=$SW_SCRATCH
ACCT=sw-login
ACCT_ID=2020
# A supplementary group of the account, for the group policy lookup.
SUPP=sw-login-x
SUPP_ID=2021
ACCT_HOME=/home/$ACCT
# The login shell is the static sandwrap-shell, which runs the sandwrap
# installed beside it.
ACCT_SHELL=$S/bin/sandwrap-shell
CONFDIR=/etc/sandwrap

# --- helpers ------------------------------------------------------------

# capture CMD ARGS...: run it with a time limit; stdout, stderr and exit
# status in $SW_OUT, $SW_ERR, $SW_RC as sw does (carriage returns of a
# terminal removed).  stdin is inherited.
capture()
{
	timeout -k 5 60 "$@" >"$S/cap.out" 2>"$S/cap.err"
	SW_RC=$?
	SW_OUT=$(tr -d '\r' <"$S/cap.out")
	SW_ERR=$(tr -d '\r' <"$S/cap.err")
	return "$SW_RC"
}

# rsh [SSH-OPTIONS...] COMMAND: ssh to the account, captured.
rsh()
{
	# shellcheck disable=SC2086 # the option list is split on purpose
	capture ssh $SSH_OPTS "$@"
}

# as_acct COMMAND: su to the account (its login shell runs COMMAND).
as_acct()
{
	capture su "$ACCT" -c "$1" </dev/null
}

# put_file PATH TEXT: a root-owned 0644 file the test created; directories
# that were missing are created, and all of it goes again at exit.
put_file()
{
	_pf_dir=$(dirname "$1")
	_pf_missing=
	while [ ! -d "$_pf_dir" ]; do
		_pf_missing="$_pf_dir $_pf_missing"
		_pf_dir=$(dirname "$_pf_dir")
	done
	for _pf_dir in $_pf_missing; do
		install -d -o root -g root -m 0755 "$_pf_dir" ||
			bail_out "cannot create $_pf_dir"
		on_exit "rmdir $(sh_quote "$_pf_dir") 2>/dev/null"
	done
	[ ! -e "$1" ] || bail_out "$1 exists already; it is not the test's"
	on_exit "rm -f $(sh_quote "$1")"
	printf '%s\n' "$2" >"$1" && chmod 0644 "$1" ||
		bail_out "cannot write $1"
}

# policy HOSTNAME: a login policy for the account that shows the probe at
# /probe and sandwrap's copy at its own path, and names the box HOSTNAME.
policy()
{
	printf '[Sandbox]\nShell=/bin/bash\nReadWritePaths=%%h\n'
	printf 'Hostname=%s\n' "$1"
	printf 'BindReadOnlyPaths=%s:/probe\n' "$PROBE_DIR"
	printf 'BindReadOnlyPaths=%s\n' "$S/bin"
}

# field NAME: the last value of NAME=VALUE in $SW_OUT (a value beginning
# with $, " or \ is the echo of the input that computes it, not an answer).
field()
{
	printf '%s\n' "$SW_OUT" |
		sed -n 's/^\(.*[^A-Za-z_]\)\{0,1\}'"$1"'=\([^ $"\\]*\)\( .*\)\{0,1\}$/\2/p' |
		tail -n 1
}

# --- the account ----------------------------------------------------------

for name in "$ACCT" "$SUPP"; do
	getent passwd "$name" >/dev/null &&
		bail_out "an account $name exists: it is not the test's"
	getent group "$name" >/dev/null &&
		bail_out "a group $name exists: it is not the test's"
done
for id in "$ACCT_ID" "$SUPP_ID"; do
	getent passwd "$id" >/dev/null && bail_out "uid $id is taken"
	getent group "$id" >/dev/null && bail_out "gid $id is taken"
done
[ ! -e "$ACCT_HOME" ] || bail_out "$ACCT_HOME exists: it is not the test's"
for f in "users/$ACCT.conf" "groups/$ACCT.conf" "groups/$SUPP.conf"; do
	[ ! -e "$CONFDIR/$f" ] || bail_out "$CONFDIR/$f exists: not the test's"
done

# The shell: a root-owned copy of sandwrap every user can reach
# ($SW_SCRATCH is root 0755 and goes at exit).
install -d -o root -g root -m 0755 "$S/bin" "$S/ssh" "$S/data"
install -o root -g root -m 0755 "$SANDWRAP" "$S/bin/sandwrap" &&
	install -o root -g root -m 0755 "$SW_BUILDDIR/sandwrap-shell" \
		"$ACCT_SHELL" ||
	bail_out "cannot copy sandwrap and sandwrap-shell to $S/bin"

on_exit "groupdel $SUPP 2>/dev/null; groupdel $ACCT 2>/dev/null"
on_exit "userdel -r $ACCT 2>/dev/null"
groupadd -g "$ACCT_ID" "$ACCT" && groupadd -g "$SUPP_ID" "$SUPP" &&
	useradd -u "$ACCT_ID" -g "$ACCT" -G "$SUPP" -m -d "$ACCT_HOME" \
		-s "$ACCT_SHELL" "$ACCT" ||
	bail_out "cannot create the account $ACCT"

if ! grep -qxF "$ACCT_SHELL" /etc/shells; then
	on_exit "grep -vxF $(sh_quote "$ACCT_SHELL") /etc/shells \
		>$(sh_quote "$S/shells") && cat $(sh_quote "$S/shells") >/etc/shells"
	echo "$ACCT_SHELL" >>/etc/shells
fi

# --- sshd on loopback -------------------------------------------------------

ssh-keygen -q -N '' -t ed25519 -C sw-host -f "$S/ssh/host_key" &&
	ssh-keygen -q -N '' -t ed25519 -C sw-client -f "$S/ssh/client_key" ||
	bail_out "ssh-keygen failed"
# StrictModes holds: the file and every directory above it are root's and
# not writable by others.
install -o root -g root -m 0644 "$S/ssh/client_key.pub" \
	"$S/ssh/authorized_keys"
PORT=$(free_port)
cat >"$S/ssh/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $PORT
HostKey $S/ssh/host_key
PidFile $S/ssh/sshd.pid
AuthorizedKeysFile $S/ssh/authorized_keys
AllowUsers $ACCT
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM yes
# As sandwrap(1) asks for accounts whose shell is sandwrap-shell: sshd
# itself runs /bin/sh with the login's environment for ~/.ssh/rc and xauth.
PermitUserRC no
X11Forwarding no
PrintMotd no
PrintLastLog no
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
if [ ! -d /run/sshd ]; then
	install -d -o root -g root -m 0755 /run/sshd
	on_exit "rmdir /run/sshd 2>/dev/null"
fi
/usr/sbin/sshd -t -f "$S/ssh/sshd_config" >"$S/sshd.log" 2>&1 ||
	bail_out "sshd refuses the configuration: $(cat "$S/sshd.log")"
/usr/sbin/sshd -D -e -f "$S/ssh/sshd_config" >"$S/sshd.log" 2>&1 &
SSHD=$!
on_exit "stop_pid $SSHD"
wait_for "[ -n \"\$(ss -Hltn 'sport = :$PORT')\" ] || ! kill -0 $SSHD" ||
	bail_out "sshd did not start: $(cat "$S/sshd.log")"
kill -0 "$SSHD" 2>/dev/null || bail_out "sshd died: $(cat "$S/sshd.log")"

# The client options of ssh and, written the scp/sftp way, of the others.
CLIENT_OPTS="-F /dev/null -i $S/ssh/client_key -o StrictHostKeyChecking=no \
-o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR"
SSH_OPTS="$CLIENT_OPTS -p $PORT $ACCT@127.0.0.1"
CP_OPTS="$CLIENT_OPTS -P $PORT"
RSYNC_SSH="ssh $CLIENT_OPTS -p $PORT"
REMOTE="$ACCT@127.0.0.1"

# --- ssh host cmd, with the account's own policy ------------------------------

put_file "$CONFDIR/users/$ACCT.conf" "$(policy acct-box)"

rsh id
like "$SW_OUT" "^uid=$ACCT_ID\\($ACCT\\) gid=$ACCT_ID\\($ACCT\\)" \
	"ssh acct id: the account runs the command" || diag_sw
# Only the account's own uid and gid are mapped in its user namespace:
# a supplementary group is listed as nogroup but still grants access.
printf 'group only\n' >"$ACCT_HOME/group-only"
chown "root:$SUPP" "$ACCT_HOME/group-only"
chmod 0640 "$ACCT_HOME/group-only"
rsh "/probe/probe read $ACCT_HOME/group-only"
is "$SW_OUT" "group only" "its supplementary group still grants access" ||
	diag_sw
rsh 'touch /usr/x'
isnt "$SW_RC" 0 "ssh acct 'touch /usr/x' fails"
like "$SW_ERR" "Read-only file system" "with EROFS" || diag_sw
ok '[ ! -e /usr/x ]' "nothing was created on the host"
rsh '/probe/probe touch /usr/x'
is "$SW_OUT" EROFS "the probe sees EROFS on /usr" || diag_sw
rsh 'hostname; cat /.sandwrap; pwd; echo "$0"'
is "$SW_OUT" "acct-box
policy=sw-login
$ACCT_HOME
bash" "users/$ACCT.conf is the policy: its host name, the home as working \
directory, its Shell= for the command"
rsh '/probe/probe read /etc/shadow'
like "$SW_RC $SW_OUT" "^1 E[A-Z]+$" "/etc/shadow cannot be read" || diag_sw
rsh '/probe/probe write /etc/x'
is "$SW_OUT" EROFS "/etc is read-only"

rsh 'printf "[%s]" "a  b" "$HOME" "c d"; echo'
is "$SW_OUT" "[a  b][$ACCT_HOME][c d]" "the command line reaches the shell intact"
printf 'echo "sum=$((6 * 7))"\nhostname\n' >"$S/data/script"
rsh -T <"$S/data/script"
# (the message of the day comes first: PAM's, not the shell's)
is "$SW_RC:$(printf '%s\n' "$SW_OUT" | tail -n 2)" "0:sum=42
acct-box" "ssh without a command or terminal: the login shell reads stdin" ||
	diag_sw

rsh 'exit 42'
is "$SW_RC" 42 "ssh returns the exit status of the command"
rsh 'kill -TERM $$'
is "$SW_RC" 143 "a command killed by SIGTERM: 128+15"
rsh "no-such-command-$$"
is "$SW_RC" 127 "a missing command: 127"
printf 'through stdin\n' >"$S/data/stdin"
rsh 'cat >~/stdin.txt && echo saved' <"$S/data/stdin"
is "$SW_OUT" saved "stdin reaches the command"
is "$(cat "$ACCT_HOME/stdin.txt" 2>&1)" "through stdin" \
	"it wrote into the home on the host"
is "$(stat -c %U "$ACCT_HOME/stdin.txt" 2>&1)" "$ACCT" \
	"the file belongs to the account"

# --- scp, sftp, rsync ----------------------------------------------------------

printf 'payload %s\n' "$$" >"$S/data/up.txt"
# shellcheck disable=SC2086
capture scp $CP_OPTS "$S/data/up.txt" "$REMOTE:$ACCT_HOME/scp.txt"
is "$SW_RC" 0 "scp uploads into the home" || diag_sw
ok 'cmp -s "$S/data/up.txt" "$ACCT_HOME/scp.txt"' "the file arrived whole"
# shellcheck disable=SC2086
capture scp -O $CP_OPTS "$S/data/up.txt" "$REMOTE:scp-legacy.txt"
is "$SW_RC" 0 "scp -O (the old protocol, scp -t in the shell) uploads" ||
	diag_sw
ok 'cmp -s "$S/data/up.txt" "$ACCT_HOME/scp-legacy.txt"' "and it arrived"
# shellcheck disable=SC2086
capture scp $CP_OPTS "$S/data/up.txt" "$REMOTE:/usr/sw-login-scp.txt"
isnt "$SW_RC" 0 "scp to /usr fails"
ok '[ ! -e /usr/sw-login-scp.txt ]' "nothing was created on the host"
# shellcheck disable=SC2086
capture scp $CP_OPTS "$REMOTE:/etc/hostname" "$S/data/hostname"
is "$SW_RC:$(cat "$S/data/hostname" 2>&1)" "0:acct-box" \
	"scp downloads the sandbox's view (its /etc/hostname)"

sftp_batch()
{
	printf '%s\n' "$@" >"$S/data/batch"
	# shellcheck disable=SC2086
	capture sftp -b "$S/data/batch" $CP_OPTS "$REMOTE"
}
sftp_batch "put $S/data/up.txt sftp.txt"
is "$SW_RC" 0 "sftp uploads into the home" || diag_sw
ok 'cmp -s "$S/data/up.txt" "$ACCT_HOME/sftp.txt"' "the file arrived whole"
sftp_batch "put $S/data/up.txt /usr/sw-login-sftp.txt"
isnt "$SW_RC" 0 "sftp to /usr fails"
ok '[ ! -e /usr/sw-login-sftp.txt ]' "nothing was created on the host"
sftp_batch "put $S/data/up.txt /var/sw-login-sftp.txt"
isnt "$SW_RC" 0 "sftp to /var fails"
ok '[ ! -e /var/sw-login-sftp.txt ]' "nothing was created there either"
sftp_batch "pwd" "get /etc/hostname $S/data/sftp-hostname"
like "$SW_OUT" "Remote working directory: $ACCT_HOME" \
	"sftp starts in the home"
is "$(cat "$S/data/sftp-hostname" 2>&1)" acct-box \
	"sftp downloads the sandbox's view"

install -d -m 0755 "$S/data/tree/sub"
printf 'one\n' >"$S/data/tree/a"
printf 'two\n' >"$S/data/tree/sub/b"
capture rsync -a -e "$RSYNC_SSH" "$S/data/tree/" "$REMOTE:tree/"
is "$SW_RC" 0 "rsync -e ssh uploads a tree into the home" || diag_sw
ok 'diff -r "$S/data/tree" "$ACCT_HOME/tree" >/dev/null' \
	"the tree arrived whole"
capture rsync -a -e "$RSYNC_SSH" "$S/data/tree/" "$REMOTE:/etc/sw-login-tree/"
isnt "$SW_RC" 0 "rsync to /etc fails"
ok '[ ! -e /etc/sw-login-tree ]' "nothing was created on the host"
capture rsync -a -e "$RSYNC_SSH" "$REMOTE:tree/" "$S/data/back/"
ok '[ "$SW_RC" = 0 ] && diff -r "$S/data/tree" "$S/data/back" >/dev/null' \
	"rsync downloads it again"

# --- an interactive login through ssh -tt ---------------------------------------

# Every answer is computed, so that the echo of the input never matches.
INTERACTIVE='stty -echo
echo "monitor=$(set -o | awk "\$1 == \"monitor\" { print \$2 }")"
echo "shadow=$(cat /etc/shadow >/dev/null 2>&1 && echo readable || echo refused)"
echo "ttyname=$(tty >/dev/null && echo yes || echo no)"
echo "host=$(hostname) shell=$0 pwd=$PWD"
sleep 100 &
jobs
ps -o pid=,pgid=,tpgid=,comm= -p $$,$!
ps -o pgid=,tpgid= -p $$ | awk "{ print \"fg\" \"=\" (\$1 != \$2) }"
kill %1; echo "killrc=$?"
n=0; while kill -0 $! 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
echo "running=$(jobs -r | wc -l)"
echo "tiocsti=$(/probe/probe syscall ioctl-tiocsti Z)"
exit 7'
printf '%s\n' "$INTERACTIVE" >"$S/data/interactive"
rsh -tt <"$S/data/interactive"
is "$SW_RC" 7 "ssh -tt: the login shell's exit status comes back" || diag_sw
is "$(field monitor)" on "ssh -tt: the shell has job control (monitor on)"
is "$(field shadow)" refused "ssh -tt: cat /etc/shadow fails"
is "$(field host)" acct-box "ssh -tt: the login runs in the account's policy"
is "$(field shell)" -bash "ssh -tt: the shell is a login shell (-bash)"
is "$(field pwd)" "$ACCT_HOME" "ssh -tt: it starts in the home"
like "$SW_OUT" "^\\[1\\]\\+ +Running +sleep 100" "ssh -tt: jobs shows the job"
is "$(field killrc):$(field running)" 0:0 \
	"ssh -tt: kill %1 ends it, and jobs has no running job left"
is "$(field fg)" 1 "ssh -tt: while ps runs, the shell is not the terminal's \
foreground process group (ps is its own foreground job)"
is "$(field tiocsti)" EPERM "ssh -tt: TIOCSTI is refused"
unlike "$SW_OUT" "Z: command not found" "ssh -tt: nothing was injected"
is "$(field ttyname)" yes "ssh -tt: tty(1) names the terminal"

# The same through script(1), which gives ssh a real terminal for -t.
SHELL=/bin/sh capture script -qec \
	"ssh -t $SSH_OPTS" /dev/null <"$S/data/interactive"
is "$(field monitor):$(field shadow):$(field tiocsti)" on:refused:EPERM \
	"ssh -t under script: job control, no /etc/shadow, no TIOCSTI" ||
	diag_sw

# --- su, su -, runuser (cron) ----------------------------------------------------

capture su - "$ACCT" -c 'touch /usr/x' </dev/null
isnt "$SW_RC" 0 "su - acct -c 'touch /usr/x' fails"
like "$SW_ERR" "Read-only file system" "with EROFS" || diag_sw
ok '[ ! -e /usr/x ]' "nothing was created on the host"
capture su - "$ACCT" -c '/probe/probe touch /usr/x; hostname; pwd' </dev/null
is "$SW_OUT" "EROFS
acct-box
$ACCT_HOME" "su -: the probe sees EROFS, in the account's policy and home"
as_acct 'id -un; exit 3'
is "$SW_RC:$SW_OUT" "3:$ACCT" "su acct -c: runs as the account, status back"

SHELL=/bin/sh capture script -qec "su - $ACCT" /dev/null \
	<"$S/data/interactive"
is "$(field monitor):$(field shadow):$(field host)" on:refused:acct-box \
	"su - on a terminal: job control, no /etc/shadow, the account's policy" ||
	diag_sw
is "$(field tiocsti)" EPERM "su - on a terminal: TIOCSTI is refused"

capture runuser -u "$ACCT" -- "$ACCT_SHELL" \
	-c 'id -un; hostname; /probe/probe touch /usr/x; exit 5' </dev/null
is "$SW_RC:$SW_OUT" "5:$ACCT
acct-box
EROFS" "runuser -u acct -- sandwrap -c CMD (as cron does): runs sandboxed" ||
	diag_sw

capture runuser -u "$ACCT" -- "$ACCT_SHELL" \
	-c 'echo "$0|$1"' 'first arg' 'second arg' </dev/null
is "$SW_OUT" "first arg|second arg" "sandwrap -c CMD ARGS passes ARGS as \$0 \$1"

# --- sandwrap started again inside ----------------------------------------------

as_acct "${ACCT_SHELL%-shell} -- true"
is "$SW_RC" 125 "sandwrap -- true inside the login: refused (125)"
like "$SW_ERR" "already inside the sandbox of policy 'sw-login'" \
	"with the clear answer" || diag_sw
as_acct "$ACCT_SHELL -c 'cat /.sandwrap; echo nested=yes'"
is "$SW_RC:$SW_OUT" "0:policy=sw-login
nested=yes" "sandwrap -c CMD inside the login runs in the same sandbox" ||
	diag_sw

# --- the policy lookup order -------------------------------------------------------

# The host name of each policy shows which one a login got.
login_box()
{
	rsh 'echo "$(hostname) $(cat /.sandwrap)"'
}

put_file "$CONFDIR/groups/$ACCT.conf" "$(policy group-box)"
put_file "$CONFDIR/groups/$SUPP.conf" "$(policy supp-box)"
LOGIN_CONF=
if [ ! -e "$CONFDIR/login.conf" ]; then
	LOGIN_CONF=$CONFDIR/login.conf
	put_file "$LOGIN_CONF" "$(policy login-box)"
fi
login_box
is "$SW_OUT" "acct-box policy=sw-login" \
	"users/USER.conf comes before every other policy" || diag_sw
rm -f "$CONFDIR/users/$ACCT.conf"
login_box
is "$SW_OUT" "group-box policy=$ACCT" \
	"without it: groups/PRIMARY-GROUP.conf" || diag_sw
as_acct hostname
is "$SW_OUT" group-box "su takes the same policy"
rm -f "$CONFDIR/groups/$ACCT.conf"
login_box
is "$SW_OUT" "supp-box policy=$SUPP" \
	"without it: groups/SUPPLEMENTARY-GROUP.conf" || diag_sw
rm -f "$CONFDIR/groups/$SUPP.conf"
if [ -n "$LOGIN_CONF" ]; then
	login_box
	is "$SW_OUT" "login-box policy=login" "without it: login.conf" ||
		diag_sw
	rm -f "$LOGIN_CONF"
	login_box
	is "$SW_OUT" "default policy=default" \
		"without any: the built-in default" || diag_sw
	rsh 'pwd; echo "$0"'
	is "$SW_OUT" "/
sh" "the default shows no home (cwd /) and runs sh, not sandwrap again" ||
		diag_sw
	rsh '/bin/touch /usr/x'
	isnt "$SW_RC" 0 "the default keeps /usr read-only"
else
	skip "$CONFDIR/login.conf exists: it is not the test's" 5
fi

if [ "$_tap_failed" -gt 0 ]; then
	diag "sshd log:"
	diag "$(tail -n 20 "$S/sshd.log")"
fi
# --- the loader's variables never run the user's code outside ----------------

# Debian's sshd stack reads ~/.pam_environment (pam_env user_readenv=1):
# the account writes LD_PRELOAD there, with a library whose constructor
# leaves a mark in the host's /tmp, which the sandbox does not show.
if grep -q 'user_readenv=1' /etc/pam.d/sshd 2>/dev/null &&
	command -v cc >/dev/null 2>&1; then
	MARK=/tmp/sw-login-preload-$$
	on_exit "rm -f $(sh_quote "$MARK")"
	printf '%s\n' '#include <stdio.h>' \
		'__attribute__((constructor)) static void mark(void)' \
		"{ FILE *f = fopen(\"$MARK\", \"a\"); if (f) fclose(f); }" \
		>"$S/data/ev.c"
	cc -shared -fPIC -o "$ACCT_HOME/ev.so" "$S/data/ev.c" &&
		chmod 0755 "$ACCT_HOME/ev.so" ||
		bail_out "cannot build the test library"
	printf 'LD_PRELOAD DEFAULT=%s/ev.so\n' "$ACCT_HOME" \
		>"$ACCT_HOME/.pam_environment"
	# ~/.ssh/rc would make sshd run /bin/sh with that environment
	install -d -o "$ACCT" -m 0700 "$ACCT_HOME/.ssh"
	printf 'true\n' >"$ACCT_HOME/.ssh/rc"
	chown "$ACCT" "$ACCT_HOME/.pam_environment" "$ACCT_HOME/.ssh/rc"
	rsh 'echo in; echo "${LD_PRELOAD:-none}"'
	is "$SW_RC:$SW_OUT" "0:in
none" "a login with LD_PRELOAD in ~/.pam_environment runs, without it" ||
		diag_sw
	ok '[ ! -e "$MARK" ]' \
		"the library never ran outside the sandbox (sandwrap-shell)"
	rm -rf "$ACCT_HOME/.pam_environment" "$ACCT_HOME/.ssh" "$MARK"
else
	skip "sshd's PAM stack here does not read ~/.pam_environment"
	skip "no C compiler to build the test library"
fi
capture env LD_PRELOAD=/nonexistent-$$.so runuser -u "$ACCT" -- \
	"$S/bin/sandwrap" -c true
is "$SW_RC" 125 "sandwrap itself as the shell refuses a loader variable"
like "$SW_ERR" "sandwrap-shell" "and says to use sandwrap-shell"

done_testing
