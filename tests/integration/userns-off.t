#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Unprivileged user namespaces turned off by a sysctl: sandwrap started by
# a user refuses to run the command, says which knob is set and exits 125;
# started by root it needs no user namespace and still works.  Every knob
# this kernel has is set in turn and restored at exit.
#
# Where root may not write user.max_user_namespaces (a container without
# CAP_SYS_RESOURCE), the knob is set in a user namespace made by root
# instead, which holds that capability over its own copy of the knob: the
# user's sandwrap runs inside it and meets the same refusal.
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
! unpriv || skip_all "changes sysctls: runs only when the test runs as root"
need_sandwrap
need_cmd runuser
need_cmd unshare
ensure_users

USER=sw-unpriv
sandwrap_for "$USER"
USR_X="/usr/sw-userns-off-$$"
OUT="$SW_SCRATCH/out"
install -d -m 0755 "$OUT"

# NAME VALUE: the sysctls that turn unprivileged user namespaces off.
KNOBS='user.max_user_namespaces 0
kernel.unprivileged_userns_clone 0
kernel.apparmor_restrict_unprivileged_userns 1'

knob_path()
{
	printf '/proc/sys/%s\n' "$(printf '%s' "$1" | tr . /)"
}

# knob-off.sh PATH VALUE: set the knob, then start the same command as
# $USER and as root; what each start printed and returned lands in $OUT.
# Each command writes its own marker, then fails to write to /usr.
KNOB_OFF="$SW_SCRATCH/knob-off.sh"
cat >"$KNOB_OFF" <<EOF
#!/bin/sh
echo "\$2" >"\$1" || exit 3
cat "\$1" >$(sh_quote "$OUT/value")
runuser -u $USER -- $(sh_quote "$SANDWRAP") -p $(sh_quote "$SW_MARKER_OPT") \\
	-- sh -c $(sh_quote "echo RAN > $(marker_in user); touch $USR_X") \\
	>$(sh_quote "$OUT/user.out") 2>$(sh_quote "$OUT/user.err")
echo \$? >$(sh_quote "$OUT/user.rc")
$(sh_quote "$SANDWRAP") -p $(sh_quote "$SW_MARKER_OPT") \\
	-- sh -c $(sh_quote "echo RAN > $(marker_in root); touch $USR_X") \\
	>$(sh_quote "$OUT/root.out") 2>$(sh_quote "$OUT/root.err")
echo \$? >$(sh_quote "$OUT/root.rc")
EOF
chmod 0755 "$KNOB_OFF"

# in_new_userns CMD...: run CMD as root of a new user namespace that maps
# the host's uids and gids 0-65535 to themselves (so that $USER exists
# there too); CMD holds every capability over that namespace.
in_new_userns()
{
	_nu_fifo="$SW_SCRATCH/userns-go"
	rm -f "$_nu_fifo"
	mkfifo "$_nu_fifo" || return
	unshare -U -- sh -c 'read -r _ <"$0"; exec "$@"' "$_nu_fifo" "$@" &
	_nu_pid=$!
	_nu_me=$(readlink "/proc/$$/ns/user")
	_nu_i=0
	while [ "$(readlink "/proc/$_nu_pid/ns/user")" = "$_nu_me" ] &&
		[ "$_nu_i" -lt 500 ]; do
		sleep 0.01
		_nu_i=$((_nu_i + 1))
	done
	echo '0 0 65536' >"/proc/$_nu_pid/uid_map"
	echo '0 0 65536' >"/proc/$_nu_pid/gid_map"
	echo go >"$_nu_fifo"
	wait "$_nu_pid"
}

# sw_user ARGS...: sw, with sandwrap started by $USER through runuser.
sw_user()
{
	_su_as=$SW_AS
	# shellcheck disable=SC2034 # read by sw in lib.sh
	SW_AS="runuser -u $USER --"
	sw "$@"
	SW_AS=$_su_as
}

result()
{
	cat "$OUT/$1" 2>/dev/null
}

# The control: with user namespaces on, the same command runs for $USER.
marker_clear
sw_user -p "$SW_MARKER_OPT" -- sh -c "echo RAN > $(marker_in user); touch $USR_X"
is "$SW_RC" 1 "control: $USER's sandbox runs (touch /usr fails: 1)" || diag_sw
is "$(cat "$(marker_path user)" 2>/dev/null)" RAN "control: the command ran"

locked=
printf '%s\n' "$KNOBS" | while read -r name value; do
	printf '%s %s %s\n' "$name" "$value" "$(knob_path "$name")"
done >"$SW_SCRATCH/knobs"

while read -r name value path; do
	if [ ! -e "$path" ]; then
		skip "sysctl $name is absent on this kernel" 8
		continue
	fi
	orig=$(cat "$path")
	marker_clear
	rm -f "$OUT"/*
	if echo "$orig" 2>/dev/null >"$path"; then
		# The whole machine: no unprivileged test may run meanwhile.
		[ -n "$locked" ] || userns_lock_exclusive
		locked=1
		where="$name=$value"
		on_exit "echo $(sh_quote "$orig") >$(sh_quote "$path")"
		"$KNOB_OFF" "$path" "$value"
		rc=$?
		echo "$orig" >"$path"
	elif [ "$name" = user.max_user_namespaces ]; then
		diag "root cannot write $name here: set in a user namespace"
		where="$name=$value in a user namespace"
		in_new_userns "$KNOB_OFF" "$path" "$value"
		rc=$?
	else
		skip "sysctl $name cannot be set here" 8
		continue
	fi
	is "$rc:$(result value)" "0:$value" "$where is set (was $orig)"

	is "$(result user.rc)" 125 "$where: $USER's sandwrap exits 125" ||
		diag "stderr: $(result user.err)"
	like "$(result user.err)" "^sandwrap: default: .*unprivileged user namespaces are disabled \\($name=$value\\)" \
		"$where: the message names the knob"
	like "$(result user.err)" "^sandwrap: default: cannot create a user namespace: " \
		"$where: the message says what could not be done"
	ok '[ ! -e "$(marker_path user)" ]' "$where: the command never ran"

	is "$(result root.rc)" 1 "$where: root's sandbox still runs" ||
		diag "stderr: $(result root.err)"
	ok '[ "$(cat "$(marker_path root)" 2>/dev/null)" = RAN ]' \
		"$where: root's command ran"

	is "$(cat "$path")" "$orig" "$name is $orig again on the host"
done <"$SW_SCRATCH/knobs"

# Every knob is back: the user's sandbox runs again.
marker_clear
sw_user -p "$SW_MARKER_OPT" -- sh -c "echo RAN > $(marker_in user); touch $USR_X"
is "$SW_RC" 1 "after the restore: $USER's sandbox runs again" || diag_sw
is "$(cat "$(marker_path user)" 2>/dev/null)" RAN "the command ran"
ok '[ ! -e "$USR_X" ]' "nothing was created in the host's /usr"

done_testing
