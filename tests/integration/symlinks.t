#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Symlinks and hardlinks planted by less-trusted accounts (case C03): the
# log directory replaced by a symlink, nothing created inside it, bind
# sources through symlinks of other accounts, trailing slashes, setuid
# files in the log directory, and a mount point replaced by a symlink.
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
need_cmd strace
ensure_users
probe_install

LOGS="$SW_LOG_SCRATCH/logs"
LOGDIR="$LOGS/$SW_SVC"
# Unprivileged, sandwrap can create the log directory in a parent the
# caller owns (and only there).
install -d -o "$SW_CALLER" -m 0755 "$LOGS"

# --- A: the log directory replaced by a symlink ---------------------------

# Owner, mode and modification time of a directory.
dir_state()
{
	stat -c '%u:%g %a %Y' "$1"
}

# The symlink points to /etc, and to a root-owned directory of this test:
# other tests running at the same time may touch /etc, so its mtime and
# contents are checked only through the second target.
VICTIM_DIR="$SW_SCRATCH/victim-dir"
install -d -m 0755 "$VICTIM_DIR"
echo keep >"$VICTIM_DIR/keep"
REF="$SW_SCRATCH/ref"
: >"$REF"
touch -d '2001-01-01' "$VICTIM_DIR" "$VICTIM_DIR/keep"
ETC_BEFORE=$(stat -c '%u:%g %a' /etc)
VICTIM_BEFORE=$(dir_state "$VICTIM_DIR")
for target in /etc "$VICTIM_DIR"; do
	rm -f "$LOGDIR"
	ln -s "$target" "$LOGDIR"
	for slash in "" /; do
		marker_clear
		sw -p "$SW_MARKER_OPT" -p "User=$SW_SVC" \
			-p "LogDirectory=$LOGDIR$slash" -- \
			sh -c ": > $(marker_in ran); ls /var/log/passwd"
		is "$SW_RC" 125 \
			"log dir$slash -> $target: setup fails" || diag_sw
		like "$SW_ERR" "symlink" \
			"log dir$slash -> $target: the message mentions the symlink"
		ok '[ ! -e "$(marker_path ran)" ]' \
			"log dir$slash -> $target: the command never ran"
	done
	ok '[ -L "$LOGDIR" ] && [ "$(readlink "$LOGDIR")" = "$target" ]' \
		"log dir -> $target: the planted symlink was left alone"
done
rm -f "$LOGDIR"
is "$(stat -c '%u:%g %a' /etc)" "$ETC_BEFORE" "/etc owner and mode unchanged"
is "$(find /etc -xdev -newer "$REF" -user "$SW_SVC" 2>/dev/null | head -n 5)" "" \
	"nothing in /etc was given to $SW_SVC"
is "$(dir_state "$VICTIM_DIR")" "$VICTIM_BEFORE" \
	"the other target: owner, mode and mtime unchanged"
is "$(ls -A "$VICTIM_DIR")" keep "the other target: nothing created in it"
is "$(stat -c '%u:%g %Y' "$VICTIM_DIR/keep")" "0:0 $(date -d 2001-01-01 +%s)" \
	"the other target: its file unchanged"

# --- B: sandwrap creates nothing in the log directory --------------------

# Lines of an strace log (with -y) that create, link, rename, remove,
# chown or chmod something at or below $LOGDIR other than the log
# directory itself (its own mkdir, fchown and fchmod are expected).
creations_below()
{
	grep -E "<$LOGDIR(/[^>]*)?>" "$1" |
		grep -E 'O_CREAT|^[0-9]+ +[a-z]*(mkdir|symlink|mknod|link|rename|chown|chmod)[a-z0-9]*\(' |
		grep -Ev "^[0-9]+ +(fchown|fchmod)\\([0-9]+<$LOGDIR>, "
	grep -E "\"$LOGDIR/" "$1"
}

TRACE="$SW_SCRATCH/strace.log"
VICTIM="$SW_SCRATCH/victim"
echo original >"$VICTIM"
VICTIM_BEFORE=$(stat -c '%u:%g %a %s %Y' "$VICTIM")
for state in missing existing; do
	if [ "$state" = existing ]; then
		install -d -o "$SW_SVC" -g "$SW_SVC" -m 0750 "$LOGDIR"
		# Files a log writer might create, planted as symlinks.
		for name in stdout stderr sandwrap.log sandwrap.pid; do
			ln -s "$VICTIM" "$LOGDIR/$name"
		done
		ln -s /etc "$LOGDIR/sandwrap"
	fi
	# shellcheck disable=SC2086 # $SW_AS is a list of words
	strace -f -y -o "$TRACE" \
		-e trace=openat,open,creat,mkdir,mkdirat,symlinkat,mknodat,linkat,renameat,renameat2,unlinkat,fchownat,fchown,chown,fchmodat,fchmod,chmod \
		$SW_AS "$SANDWRAP" -p "User=$SW_SVC" -p "LogDirectory=$LOGDIR" -- \
		sh -c 'echo out; echo err >&2' >/dev/null 2>&1
	is "$?" 0 "log dir $state: the sandbox ran under strace"
	ok '[ -d "$LOGDIR" ] && [ ! -L "$LOGDIR" ]' \
		"log dir $state: it is a real directory"
	is "$(stat -c %U "$LOGDIR" 2>/dev/null)" "$SW_SVC" \
		"log dir $state: owned by the sandbox user"
	ok 'grep -q "<$LOGS>, \"$SW_SVC\"\|<$LOGDIR>" "$TRACE"' \
		"log dir $state: the trace shows the log directory being opened"
	is "$(creations_below "$TRACE" | head -n 5)" "" \
		"log dir $state: nothing created or changed inside it"
done
is "$(stat -c '%u:%g %a %s %Y' "$VICTIM")" "$VICTIM_BEFORE" \
	"the victim file behind the planted symlinks is unchanged"
is "$(cat "$VICTIM")" original "the victim file's content is unchanged"

# D: the same with a trailing slash, and the directory is the one bound.
echo host-log >"$LOGDIR/seen"
chown "$SW_SVC:$SW_SVC" "$LOGDIR/seen"
probe_in -p "User=$SW_SVC" -p "LogDirectory=$LOGDIR/" -- read /var/log/seen
is "$SW_OUT" host-log "LogDirectory with a trailing slash binds the directory"
rm -rf "$LOGDIR"

# --- C: bind sources through symlinks planted by svc-b -------------------

BOWNED="$SW_SCRATCH/b-owned"
install -d -o svc-b -g svc-b -m 0755 "$BOWNED"
su -s /bin/sh svc-b -c "ln -s / $(sh_quote "$BOWNED/sock")" ||
	bail_out "svc-b cannot plant a symlink"

c_refused()
{
	_desc=$1
	shift
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "User=$SW_SVC" "$@" -- sh -c \
		": > $(marker_in ran); ls /run/sock/etc >/dev/null 2>&1 && : > $(marker_in etc)"
	is "$SW_RC" 125 "$_desc: setup fails" || diag_sw
	like "$SW_ERR" "refusing to follow" "$_desc: the message says why"
	ok '[ ! -e "$(marker_path ran)" ] && [ ! -e "$(marker_path etc)" ]' \
		"$_desc: the command never ran (never saw the host /etc)"
}

c_refused "svc-b's symlink as the last component" \
	-p "BindPaths=$BOWNED/sock:/run/sock"
c_refused "svc-b's symlink, trailing slash" \
	-p "BindPaths=$BOWNED/sock/:/run/sock"
c_refused "svc-b's symlink, read-only bind" \
	-p "BindReadOnlyPaths=$BOWNED/sock:/run/sock"
c_refused "svc-b's symlink in a middle component" \
	-p "BindPaths=$BOWNED/sock/etc:/run/sock"

# Sticky world-writable directory: root's symlink is followed, svc-b's
# is not.
STICKY="$SW_SCRATCH/sticky"
TARGET="$SW_SCRATCH/target"
install -d -m 1777 "$STICKY"
install -d -m 0755 "$TARGET"
echo target >"$TARGET/f"
ln -s "$TARGET" "$STICKY/root-link"
su -s /bin/sh svc-b -c "ln -s $(sh_quote "$TARGET") $(sh_quote "$STICKY/b-link")" ||
	bail_out "svc-b cannot plant a symlink"
probe_in -p "User=$SW_SVC" -p "BindReadOnlyPaths=$STICKY/root-link:/t" -- read /t/f
is "$SW_OUT" target "sticky dir: root's symlink is followed" || diag_sw
probe_in -p "User=$SW_SVC" -p "BindReadOnlyPaths=$STICKY/root-link/:/t" -- read /t/f
is "$SW_OUT" target "sticky dir: root's symlink with a trailing slash" ||
	diag_sw
marker_clear
sw -p "$SW_MARKER_OPT" -p "User=$SW_SVC" -p "BindReadOnlyPaths=$STICKY/b-link:/t" \
	-- sh -c ": > $(marker_in ran)"
is "$SW_RC" 125 "sticky dir: svc-b's symlink is not followed" || diag_sw
like "$SW_ERR" "refusing to follow" "sticky dir: the message says why"
ok '[ ! -e "$(marker_path ran)" ]' "sticky dir: the command never ran"

# --- E: setuid files in the log directory ---------------------------------

install -d -o "$SW_SVC" -g "$SW_SVC" -m 0750 "$LOGDIR"
su -s /bin/sh "$SW_SVC" -c "ln /usr/bin/passwd $(sh_quote "$LOGDIR/p")" \
	>/dev/null 2>&1
LN_RC=$?
PROTECTED=$(sysctl -n fs.protected_hardlinks 2>/dev/null)
diag "fs.protected_hardlinks=$PROTECTED; $SW_SVC's hardlink of passwd:$(
	[ $LN_RC = 0 ] && echo ' created' || echo ' refused')"
if [ "$PROTECTED" = 1 ]; then
	isnt "$LN_RC" 0 "fs.protected_hardlinks refuses $SW_SVC's hardlink"
else
	ok 0 "fs.protected_hardlinks is off: hardlink $([ $LN_RC = 0 ] &&
		echo created || echo refused)"
fi
rm -f "$LOGDIR/p"

# A root-owned setuid copy of the probe in the log directory, run by
# svc-a (the caller when unprivileged).
install -o root -g root -m 4755 "$PROBE" "$LOGDIR/suprobe"
ok '[ -u "$LOGDIR/suprobe" ]' "a setuid-root probe is in the log directory"
sw -p "User=$SW_SVC" -p "LogDirectory=$LOGDIR" -- /var/log/suprobe status Uid
is "$SW_RC" 0 "the setuid probe ran" || diag_sw
U=$SW_SVC_UID
like "$SW_OUT" "^Uid:[[:space:]]+${U}[[:space:]]+${U}[[:space:]]+${U}[[:space:]]+$U\$" \
	"it keeps the uid of $SW_SVC (real, effective, saved, fs)"
probe_in -p "User=$SW_SVC" -p "LogDirectory=$LOGDIR" -- mount-flags /var/log
like "$SW_OUT" '^rw,nosuid,nodev' "the log directory is mounted nosuid,nodev"
rm -rf "$LOGDIR"

# --- a mount point in a writable host directory replaced by a symlink ----

APP="$SW_SCRATCH/app"
CACHE="$SW_SCRATCH/cache"
install -d -o "$SW_SVC" -g "$SW_SVC" -m 0755 "$APP" "$CACHE"
echo from-cache >"$CACHE/f"
su -s /bin/sh "$SW_SVC" -c "ln -s /etc $(sh_quote "$APP/cache")" ||
	bail_out "$SW_SVC cannot plant a symlink"
for rule in BindPaths BindReadOnlyPaths; do
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "User=$SW_SVC" -p "BindPaths=$APP:/app" \
		-p "$rule=$CACHE:/app/cache" -- \
		sh -c ": > $(marker_in ran); [ -e /etc/f ] && : > $(marker_in etc)"
	is "$SW_RC" 125 "$rule onto a mount point replaced by a symlink: setup fails" ||
		diag_sw
	like "$SW_ERR" "/app/cache" "$rule: the message names /app/cache"
	ok '[ ! -e "$(marker_path ran)" ] && [ ! -e "$(marker_path etc)" ]' \
		"$rule: the command never ran (nothing mounted onto /etc)"
done
ok '[ -L "$APP/cache" ] && [ "$(readlink "$APP/cache")" = /etc ]' \
	"the planted symlink is left alone"
ok '[ ! -e /etc/f ]' "nothing from the cache appeared in the host /etc"

done_testing
