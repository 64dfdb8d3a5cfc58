#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Lockdown of the command (cases C08, C09 and C10): with the default
# policy it cannot undo or get around its view, as root in the sandbox and
# as svc-a (or, unprivileged, as the caller).  The @sandbox-escape system calls fail with the filter's errno,
# x32 entry points kill it, it holds no capability, setuid binaries do not
# raise it, TIOCSTI is refused; capabilities it is granted work, and the
# SystemCallFilter= and Limit* keys take effect or fail closed.
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
need_cmd script
ensure_users
probe_install

PROBE_OPT="BindReadOnlyPaths=$PROBE_DIR:/probe"
LOGDIR="$SW_LOG_SCRATCH/log"
install -d -m 0755 "$LOGDIR"
install -d -o root -g root -m 0750 "$LOGDIR/root"
install -d -o "$SW_SVC" -g "$SW_SVC" -m 0750 "$LOGDIR/$SW_SVC"

# The system calls of @sandbox-escape the probe can try, and a few that
# the filter lets through: the kernel refuses or allows those.
ESCAPE="mount umount2 pivot_root open_tree move_mount fsopen fsmount fspick
fsconfig mount_setattr chroot unshare-user unshare-mount unshare-net
unshare-pid unshare-ipc unshare-uts unshare-cgroup clone-newuser setns
keyctl add_key request_key bpf perf_event_open userfaultfd open_by_handle_at
name_to_handle_at iopl ioperm swapon reboot kexec_load init_module acct
settimeofday personality"
ESCAPE=$(printf '%s\n' "$ESCAPE" | tr '\n' ' ')
PASSED="getpid sethostname ptrace-attach"
ENOSYS_CALLS="clone3 clone3-newuser"
STATUS_FIELDS="CapInh CapPrm CapEff CapBnd CapAmb NoNewPrivs Seccomp"
ZERO_CAPS=0000000000000000

# The value of "NAME=VALUE" line NAME in $SW_OUT.
field()
{
	printf '%s\n' "$SW_OUT" | sed -n "s/^$1=//p" | head -n 1
}

# Shell functions for the scripts run inside: r NAME CMD... prints
# NAME=RESULT, RESULT being the probe's OK / errno name on one line, or
# <empty>; st prints st_FIELD=VALUE for /proc/self/status fields.
FUNCS='
p=/probe/probe
r() { n=$1; shift; v=$("$@" 2>/dev/null | tr "\n" " "); v=${v% };
	echo "$n=${v:-<empty>}"; }
st() { $p status "$@" | sed "s/^\([A-Za-z_]*\):[[:space:]]*/st_\1=/"; }
'

# One sandbox, many observations; complete=yes proves the script ran.
INSIDE="$FUNCS
for s in $ESCAPE $PASSED $ENOSYS_CALLS; do
	r sc_\$s \$p syscall \$s
done
for d in /tmp /var/tmp /run /dev/shm /var/log; do
	r mknod\$(echo \$d | tr / _) \$p syscall mknod-block \$d/sw-sda
done
mount -o remount,rw /usr >/dev/null 2>&1; echo remount_usr=\$?
mount -o remount,rw / >/dev/null 2>&1; echo remount_root=\$?
r usrflags \$p mount-flags /usr
r usrtouch \$p touch /usr/.sw-lockdown
r roottouch \$p touch /.sw-lockdown
r hostname \$p append /proc/sys/kernel/hostname sw-lockdown-x
r sysrq \$p append /proc/sysrq-trigger h
r kcore \$p read /proc/kcore
r kallsyms \$p read /proc/kallsyms
st $STATUS_FIELDS
echo complete=yes
"

# sw_tty ARGS...: like sw, but runs ARGS (not only sandwrap) on a new pty
# with script; stdin is a FIFO kept open, so that script sends no
# end-of-file into the pty.
TTY_FIFO="$SW_SCRATCH/tty-in"
TTY_OUT="$SW_SCRATCH/tty-out"
mkfifo "$TTY_FIFO"
sw_tty()
{
	_st_cmd=
	for _st_arg; do
		_st_cmd="$_st_cmd $(sh_quote "$_st_arg")"
	done
	exec 3<>"$TTY_FIFO"
	SHELL=/bin/sh script -qec "$_st_cmd" /dev/null <"$TTY_FIFO" \
		>"$TTY_OUT" 2>&1 3>&-
	SW_RC=$?
	exec 3>&-
	SW_OUT=$(tr -d '\r' <"$TTY_OUT")
}

# Tries TIOCSTI with Z, then with the high bits set with Q, and shows
# what is waiting in the terminal's input queue afterwards (echo off, so
# that a pushed character does not land in the output).
TTY_CHECKS='
r tty sh -c "test -t 0 && echo yes"
stty -echo -icanon min 0 time 0
r tiocsti $p syscall ioctl-tiocsti Z
r hibits $p syscall ioctl-tiocsti-hibits Q
echo "pending=[$(dd bs=64 count=1 2>/dev/null | od -An -c | tr -d " \n")]"
echo complete=yes
'
TTY_INSIDE="$FUNCS$TTY_CHECKS"

# --- TIOCSTI detection works (host control) -------------------------------

sw_tty sh -c "$(printf '%s' "$FUNCS" | sed "s|^p=.*|p=$PROBE|")$TTY_CHECKS"
if [ "$(field tiocsti)" = OK ]; then
	like "$(field pending)" '^\[Z' \
		"host control: a character pushed with TIOCSTI is seen"
else
	diag "host TIOCSTI: $(field tiocsti)"
	skip "the host refuses TIOCSTI: no control of the detection"
fi

# --- the default policy, as root and as svc-a ------------------------------

HOST_HOSTNAME=$(hostname)
for who in $SW_USERS; do
	USER_OPT=
	[ "$who" = root ] || USER_OPT="User=$who"

	sw -p "$PROBE_OPT" -p "LogDirectory=$LOGDIR/$who" \
		${USER_OPT:+-p "$USER_OPT"} -- sh -c "$INSIDE"
	is "$SW_RC" 0 "$who: the sandbox ran" || diag_sw
	is "$(field complete)" yes "$who: every check ran"
	for s in $ESCAPE; do
		is "$(field "sc_$s")" EPERM "$who: $s fails with EPERM"
	done
	for s in $ENOSYS_CALLS; do
		is "$(field "sc_$s")" ENOSYS "$who: $s fails with ENOSYS"
	done
	is "$(field sc_getpid)" OK "$who: getpid works (control)"
	is "$(field sc_sethostname)" EPERM \
		"$who: sethostname fails with EPERM (no CAP_SYS_ADMIN)"
	is "$(field sc_ptrace-attach)" EPERM \
		"$who: ptrace of pid 1 fails with EPERM"
	for d in /tmp /var/tmp /run /dev/shm /var/log; do
		is "$(field "mknod$(echo $d | tr / _)")" EPERM \
			"$who: mknod of a block device in $d fails with EPERM"
	done
	isnt "$(field remount_usr)" 0 "$who: mount -o remount,rw /usr fails"
	isnt "$(field remount_usr)" "" "$who: the remount of /usr was tried"
	isnt "$(field remount_root)" 0 "$who: mount -o remount,rw / fails"
	like "$(field usrflags)" '^ro,' "$who: /usr is still read-only"
	is "$(field usrtouch)" EROFS "$who: /usr cannot be written"
	is "$(field roottouch)" EROFS "$who: / cannot be written"
	like "$(field hostname)" '^E(ROFS|ACCES)$' \
		"$who: /proc/sys/kernel/hostname is not writable"
	if [ -e /proc/sysrq-trigger ]; then
		like "$(field sysrq)" '^E(ACCES|ROFS|PERM)$' \
			"$who: /proc/sysrq-trigger is not writable"
	else
		is "$(field sysrq)" ENOENT \
			"$who: /proc/sysrq-trigger is absent, as on the host"
	fi
	if [ -e /proc/kcore ]; then
		like "$(field kcore)" '^E(ACCES|PERM)$' \
			"$who: /proc/kcore cannot be read"
	else
		is "$(field kcore)" ENOENT \
			"$who: /proc/kcore is absent, as on the host"
	fi
	like "$(field kallsyms)" '^E(ACCES|PERM)$' \
		"$who: /proc/kallsyms cannot be read"
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		is "$(field "st_$f")" "$ZERO_CAPS" "$who: $f is empty"
	done
	is "$(field st_NoNewPrivs)" 1 "$who: no_new_privs is set"
	is "$(field st_Seccomp)" 2 "$who: a seccomp filter is loaded"

	# The errnos above come from the filter, not from the kernel: with
	# another SystemCallErrorNumber= they change, the others do not.
	sw -p "$PROBE_OPT" -p "LogDirectory=$LOGDIR/$who" \
		${USER_OPT:+-p "$USER_OPT"} -p SystemCallErrorNumber=EDOM \
		-- sh -c "$INSIDE"
	is "$(field complete)" yes "$who: every check ran with EDOM" ||
		diag_sw
	for s in $ESCAPE; do
		is "$(field "sc_$s")" EDOM "$who: the filter refuses $s"
	done
	for s in $ENOSYS_CALLS; do
		is "$(field "sc_$s")" ENOSYS "$who: $s still fails with ENOSYS"
	done
	is "$(field sc_getpid)" OK "$who: getpid still works"
	is "$(field sc_sethostname)" EPERM \
		"$who: the kernel refuses sethostname (EPERM)"
	is "$(field sc_ptrace-attach)" EPERM \
		"$who: the kernel refuses the ptrace of pid 1 (EPERM)"

	# x32 entry points kill the process.
	probe_in ${USER_OPT:+-p "$USER_OPT"} -- syscall getpid
	is "$SW_OUT" OK "$who: getpid runs (control for x32)"
	probe_in ${USER_OPT:+-p "$USER_OPT"} -- syscall x32
	is "$SW_RC" 159 "$who: getpid through x32 is killed by SIGSYS" ||
		diag_sw
	is "$SW_OUT" "" "$who: the x32 call never returned"

	# TIOCSTI on a terminal.
	# shellcheck disable=SC2086 # $SW_AS is a list of words
	sw_tty $SW_AS "$SANDWRAP" -p "$PROBE_OPT" ${USER_OPT:+-p "$USER_OPT"} \
		-- sh -c "$TTY_INSIDE"
	is "$(field complete)" yes "$who: the terminal checks ran" || diag_sw
	is "$(field tty)" yes "$who: fd 0 is a terminal"
	is "$(field tiocsti)" EPERM "$who: TIOCSTI fails with EPERM"
	is "$(field hibits)" EPERM \
		"$who: TIOCSTI with high bits set fails with EPERM"
	unlike "$(field pending)" '[ZQ]' "$who: nothing was injected"
	like "$(field pending)" '^\[.*\]$' "$who: the input queue was read"
	# shellcheck disable=SC2086
	sw_tty $SW_AS "$SANDWRAP" -p "$PROBE_OPT" ${USER_OPT:+-p "$USER_OPT"} \
		-p SystemCallErrorNumber=EDOM -- sh -c "$TTY_INSIDE"
	is "$(field tiocsti)" EDOM "$who: the filter refuses TIOCSTI"
	is "$(field hibits)" EDOM \
		"$who: the filter refuses TIOCSTI with high bits set"
	unlike "$(field pending)" '[ZQ]' "$who: nothing was injected (EDOM)"
done
is "$(hostname)" "$HOST_HOSTNAME" "the host name of the host is unchanged"
ok '[ -z "$(find "$LOGDIR" ! -type d)" ]' \
	"no file left in the host log directories"

# --- granted capabilities work --------------------------------------------

# A private network: port 80 may be in use on the host.
for who in $SW_USERS; do
	USER_OPT=
	[ "$who" = root ] || USER_OPT="User=$who"
	sw -p "$PROBE_OPT" -p PrivateNetwork=yes ${USER_OPT:+-p "$USER_OPT"} \
		-- sh -c "$FUNCS"'r bind $p bind-port 80; st CapEff
		echo complete=yes'
	is "$(field complete)" yes "$who: the bind check ran" || diag_sw
	is "$(field bind)" EACCES "$who: binding port 80 fails with EACCES"
	is "$(field st_CapEff)" "$ZERO_CAPS" "$who: no effective capability"
done

# Unprivileged, the capability holds in the caller's user namespace, which
# owns the private network.
sw -p "$PROBE_OPT" -p PrivateNetwork=yes -p "User=$SW_SVC" \
	-p CapabilityBoundingSet=CAP_NET_BIND_SERVICE \
	-p AmbientCapabilities=CAP_NET_BIND_SERVICE \
	-- sh -c "$FUNCS"'r bind $p bind-port 80; st CapEff CapBnd
	echo complete=yes'
is "$(field complete)" yes "$SW_SVC with CAP_NET_BIND_SERVICE: check ran" ||
	diag_sw
is "$(field bind)" OK "$SW_SVC with CAP_NET_BIND_SERVICE binds port 80"
is "$(field st_CapEff)" 0000000000000400 "its CapEff is CAP_NET_BIND_SERVICE"
is "$(field st_CapBnd)" 0000000000000400 "its CapBnd is CAP_NET_BIND_SERVICE"

# A root service granted CAP_SETUID CAP_SETGID can become svc-a and then
# has no capability left, nor a way back.  (setpriv --reuid cannot do it:
# it asks for PR_SET_KEEPCAPS, which the locked securebits refuse.)
if ! command -v perl >/dev/null 2>&1; then
	skip "perl not installed" 7
elif unpriv; then
	# The caller granted CAP_SETUID CAP_SETGID in its user namespace
	# reaches no uid outside its one-line map: not svc-a, not root.
	sw -p "$PROBE_OPT" -p 'CapabilityBoundingSet=CAP_SETUID CAP_SETGID' \
		-p 'AmbientCapabilities=CAP_SETUID CAP_SETGID' \
		-- sh -c "$FUNCS"'st CapEff; perl -e '\''
		$< = $> = 2001; print "to_svc=$<,$>\n";
		$< = $> = 0; print "to_root=$<,$>\n";
		$( = 2001; $) = "2001 2001"; print "gid=$(\n";
		exec "/probe/probe", "status", "Uid", "Gid"
		'\'' | sed "s/^\([A-Za-z]*\):[[:space:]]*/after_\1=/"
		echo complete=yes'
	is "$(field complete)" yes "$SW_SVC with CAP_SETUID: check ran" ||
		diag_sw
	is "$(field st_CapEff)" 00000000000000c0 \
		"$SW_SVC holds CapEff CAP_SETUID CAP_SETGID"
	is "$(field to_svc)" "$SW_SVC_UID,$SW_SVC_UID" \
		"it cannot switch to svc-a (uid not mapped)"
	is "$(field to_root)" "$SW_SVC_UID,$SW_SVC_UID" \
		"it cannot switch to root (uid not mapped)"
	like "$(field gid)" "^$(id -g "$SW_SVC")( |\$)" \
		"it cannot switch to svc-a's group"
	is "$(printf '%s\n' "$(field after_Uid)" | tr -s '\t ' ' ')" \
		"$SW_SVC_UID $SW_SVC_UID $SW_SVC_UID $SW_SVC_UID" \
		"every uid is still the caller's"
	is "$(printf '%s\n' "$(field after_Gid)" | tr -s '\t ' ' ')" \
		"$(id -g "$SW_SVC") $(id -g "$SW_SVC") $(id -g "$SW_SVC") $(id -g "$SW_SVC")" \
		"every gid is still the caller's"
fi
if command -v perl >/dev/null 2>&1 &&
	need_privilege "a root service switching to svc-a (CAP_SETUID)" 7; then
	sw -p "$PROBE_OPT" -p 'CapabilityBoundingSet=CAP_SETUID CAP_SETGID' \
		-- sh -c "$FUNCS"'st CapEff; perl -e '\''
		$( = 2001; $) = "2001 2001"; $< = $> = 2001;
		print "switched=$<,$>\n";
		$> = 0; print "back=$>\n";
		exec "/probe/probe", "status", "Uid", "CapEff", "CapPrm"
		'\'' | sed "s/^\([A-Za-z]*\):[[:space:]]*/after_\1=/"
		echo complete=yes'
	is "$(field complete)" yes "root with CAP_SETUID: check ran" || diag_sw
	is "$(field st_CapEff)" 00000000000000c0 \
		"root keeps CapEff CAP_SETUID CAP_SETGID"
	is "$(field switched)" 2001,2001 "it switches to svc-a"
	is "$(field back)" 2001 "it cannot switch back to root"
	is "$(printf '%s\n' "$(field after_Uid)" | tr -s '\t ' ' ')" \
		"2001 2001 2001 2001" "every uid is svc-a's after the switch"
	is "$(field after_CapEff)" "$ZERO_CAPS" "CapEff is empty after it"
	is "$(field after_CapPrm)" "$ZERO_CAPS" "CapPrm is empty after it"
fi

# --- setuid-root binaries do not raise svc-a -------------------------------

U=$SW_SVC_UID
G=$(id -g "$SW_SVC")
SUID_LOG="$SW_LOG_SCRATCH/suid-log"
SUID_RO="$SW_SCRATCH/suid-ro"
install -d -o "$SW_SVC" -g "$SW_SVC" -m 0750 "$SUID_LOG"
install -d -o root -g "$SW_SVC" -m 0750 "$SUID_RO"
install -o root -g root -m 4755 "$PROBE" "$SUID_LOG/probe"
install -o root -g root -m 4755 "$PROBE" "$SUID_RO/probe"
control=
if command -v setpriv >/dev/null 2>&1; then
	control=$(setpriv --reuid="$U" --regid="$G" --clear-groups \
		"$SUID_RO/probe" status Uid | tr -s '\t ' ' ')
fi
if [ "$control" = "Uid: $U 0 0 0" ]; then
	is "$control" "Uid: $U 0 0 0" \
		"host control: the setuid copy makes $SW_SVC root outside"
	sw -p LogDirectory="$SUID_LOG" -p "BindReadOnlyPaths=$SUID_RO:/suid" \
		-p "User=$SW_SVC" -- sh -c '
		/var/log/probe status Uid CapEff | tr -s "\t " " "
		/var/log/probe id
		/suid/probe status Uid | sed "s/^Uid/RoUid/" | tr -s "\t " " "
		echo complete=yes'
	is "$SW_RC" 0 "$SW_SVC ran the setuid copies" || diag_sw
	like "$SW_OUT" '^complete=yes$' "every setuid check ran"
	like "$SW_OUT" "^Uid: $U $U $U $U\$" \
		"setuid root in the LogDirectory: every uid stays $U"
	like "$SW_OUT" '^CapEff: 0{16}$' "and no capability"
	like "$SW_OUT" "^uid=$U " "probe id shows uid $U"
	like "$SW_OUT" "^RoUid: $U $U $U $U\$" \
		"setuid root in a read-only bind: every uid stays $U"
else
	skip "setuid binaries do not work below $SW_SCRATCH on the host" 7
fi

# --- SystemCallFilter= and SystemCallErrorNumber= --------------------------

sw -p "$PROBE_OPT" -p SystemCallErrorNumber=EACCES -- sh -c "$FUNCS"'
	r mount $p syscall mount; r keyctl $p syscall keyctl; echo complete=yes'
is "$(field complete)" yes "SystemCallErrorNumber=EACCES: check ran" ||
	diag_sw
is "$(field mount)" EACCES "SystemCallErrorNumber=EACCES: mount gives EACCES"
is "$(field keyctl)" EACCES "SystemCallErrorNumber=EACCES: keyctl too"

sw -p "$PROBE_OPT" -p 'SystemCallFilter=~keyctl' -- sh -c "$FUNCS"'
	r mount $p syscall mount; r keyctl $p syscall keyctl
	r getpid $p syscall getpid; echo complete=yes'
is "$(field complete)" yes "SystemCallFilter=~keyctl: check ran" || diag_sw
is "$(field keyctl)" EPERM "SystemCallFilter=~keyctl: keyctl fails"
is "$(field mount)" EPERM "SystemCallFilter=~keyctl keeps the default (mount)"
is "$(field getpid)" OK "SystemCallFilter=~keyctl is still a deny list"

# A call outside the default: getppid (x86-64 number 110).
if [ "$(uname -m)" = x86_64 ]; then
	probe_in syscall nr 110
	is "$SW_OUT" OK "getppid is allowed by default (control)"
	probe_in -p 'SystemCallFilter=~getppid' -- syscall nr 110
	is "$SW_OUT" EPERM "SystemCallFilter=~getppid denies getppid"
	probe_in -p 'SystemCallFilter=~getppid' -- syscall mount
	is "$SW_OUT" EPERM "SystemCallFilter=~getppid keeps the default"
else
	skip "getppid number known for x86-64 only" 3
fi

for word in '~sw_no_such_call' '~@sw-no-such-group' 'sw_no_such_call'; do
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "SystemCallFilter=$word" \
		-- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "SystemCallFilter=$word is a setup failure" || diag_sw
	like "$SW_ERR" '<command line>: SystemCallFilter: unknown' \
		"the message names SystemCallFilter and the unknown name"
	ok '[ ! -e "$(marker_path ran)" ]' "the command never ran ($word)"
done

marker_clear
sw -p "$SW_MARKER_OPT" -p SystemCallErrorNumber=EBOGUS \
	-- sh -c ": > $(marker_in ran)"
is "$SW_RC" 125 "SystemCallErrorNumber=EBOGUS is a setup failure" || diag_sw
like "$SW_ERR" '<command line>: SystemCallErrorNumber: ' \
	"the message names SystemCallErrorNumber"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran (EBOGUS)"

# --- limits ----------------------------------------------------------------

for who in $SW_USERS; do
	USER_OPT=
	[ "$who" = root ] || USER_OPT="User=$who"
	sw ${USER_OPT:+-p "$USER_OPT"} -p LimitNOFILE=64 -- sh -c '
		echo soft=$(ulimit -n); echo hard=$(ulimit -Hn)
		(ulimit -Hn 128) 2>/dev/null; echo raise=$?
		echo complete=yes'
	is "$(field complete)" yes "$who: the limit check ran" || diag_sw
	is "$(field soft)" 64 "$who: LimitNOFILE=64 sets the soft limit"
	is "$(field hard)" 64 "$who: LimitNOFILE=64 sets the hard limit"
	isnt "$(field raise)" 0 "$who: the hard limit cannot be raised"
done

marker_clear
sw -p "$SW_MARKER_OPT" -p LimitNOFILE=bogus -- sh -c ": > $(marker_in ran)"
is "$SW_RC" 125 "LimitNOFILE=bogus is a setup failure" || diag_sw
like "$SW_ERR" '<command line>: LimitNOFILE: ' "the message names LimitNOFILE"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran (LimitNOFILE)"

done_testing
