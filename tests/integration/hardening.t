#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Ways around the view that a first user review found, each refused: what
# the policy cannot replace or expose, handles passed as standard streams,
# hiding any visible path, log directories, policy files others can write,
# terminal signals delivered once.
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
ensure_users
probe_install

# --- places the policy cannot replace, file systems it cannot bind -------

for spec in "ReadWritePaths=/" "BindPaths=/etc:/etc" \
	"ReadWritePaths=/proc/sys" "BindPaths=/tmp:/dev/x" \
	"TemporaryFileSystem=/proc"; do
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "$spec" -- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "$spec is refused"
	like "$SW_ERR" "is built by sandwrap and cannot be replaced" \
		"$spec: the message says why"
	ok '[ ! -e "$(marker_path ran)" ]' "$spec: the command never ran"
done

for spec in "BindPaths=/proc:/srv/hp" "BindReadOnlyPaths=/sys/kernel:/k" \
	"BindReadOnlyPaths=/:/host"; do
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "$spec" -- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "$spec is refused"
	like "$SW_ERR" "kernel interface|whole root|would expose the host" \
		"$spec: the message says it would expose the host"
	ok '[ ! -e "$(marker_path ran)" ]' "$spec: the command never ran"
done

# A recursive bind must not bring a kernel file system along as a
# submount (on cgroup v1 hosts /sys/fs/cgroup is a tmpfs full of them).
if awk '$5 ~ "^/sys/fs/cgroup/" { f = 1 } END { exit !f }' /proc/self/mountinfo
then
	marker_clear
	sw -p "$SW_MARKER_OPT" -p ReadOnlyPaths=/sys/fs/cgroup \
		-- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "a bind holding cgroup submounts is refused"
	like "$SW_ERR" "kernel file system" "the message names the reason"
	ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"
else
	skip "no kernel file system mounted below /sys/fs/cgroup here"
fi

# --- standard streams ------------------------------------------------------

marker_clear
sw -p "$SW_MARKER_OPT" -- sh -c ": > $(marker_in ran); ls /proc/self/fd/0/" </
is "$SW_RC" 125 "a directory as standard input is refused"
like "$SW_ERR" "standard input is a directory" "the message names it"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"
sw -- sh -c 'ls /proc/self/fd/1/' >/ 2>/dev/null
is "$SW_RC" 125 "a directory as standard output is refused"

# --- InaccessiblePaths= hides whatever the sandbox shows -------------------

probe_in -p InaccessiblePaths=/etc/passwd -- read /etc/passwd
is "$SW_OUT" EACCES "a copied /etc file is hidden"
probe_in -p InaccessiblePaths=/etc -- ls /etc
is "$SW_RC$SW_OUT" 0 "/etc hidden: an empty directory"
probe_in -p InaccessiblePaths=/tmp -- write /tmp/x
is "$SW_OUT" EROFS "/tmp hidden: empty and read-only"
probe_in -p InaccessiblePaths=/proc/sys -- ls /proc/sys
is "$SW_RC$SW_OUT" 0 "/proc/sys hidden: empty"
probe_in -p InaccessiblePaths=/usr/bin/su -- read /usr/bin/su
is "$SW_OUT" EACCES "a file inside a bind is hidden"
sw -p InaccessiblePaths=/ -- true
is "$SW_RC" 125 "hiding / is refused"
sw -p InaccessiblePaths=/nonexistent-$$ -- true
is "$SW_RC" 0 "a path the sandbox does not show is already hidden"

# --- LogDirectory= ---------------------------------------------------------

sw -p LogDirectory=/etc -- true
is "$SW_RC" 125 "LogDirectory=/etc is refused"
like "$SW_ERR" "below /var/log" "the message says where it may be"
LOGDIR="$SW_LOG_SCRATCH/given"
install -d -o root -g root -m 0750 "$LOGDIR"
if unpriv; then
	# The caller cannot take a directory root left: it fails closed.
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "LogDirectory=$LOGDIR" \
		-- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "unprivileged: a log directory left by root is refused"
	like "$SW_ERR" "^sandwrap: default: cannot [a-z ]+ '$LOGDIR'" \
		"unprivileged: the message names the log directory"
	ok '[ ! -e "$(marker_path ran)" ]' \
		"unprivileged: the command never ran"
	is "$(stat -c %U "$LOGDIR")" root "it is left to root"
	chown "$SW_SVC:$SW_SVC" "$LOGDIR"
	probe_in -p "LogDirectory=$LOGDIR" -- write /var/log/x
	is "$SW_OUT" OK "a log directory the caller owns is used"
else
	probe_in -p "User=$SW_SVC" -p "LogDirectory=$LOGDIR" -- write /var/log/x
	is "$SW_OUT" OK "a log directory left by root passes to the service user"
fi
is "$(stat -c %U "$LOGDIR")" "$SW_SVC" "it is owned by $SW_SVC"
chown svc-b "$LOGDIR"
probe_in -p "User=$SW_SVC" -p "LogDirectory=$LOGDIR" -- write /var/log/y
is "$SW_RC" 125 "one owned by another service user is refused"
is "$(stat -c %U "$LOGDIR")" svc-b "and left as it was"

# --- policy files ------------------------------------------------------------

POLICY="$SW_SCRATCH/weak.conf"
printf '[Sandbox]\nReadWritePaths=/srv\n' >"$POLICY"
chmod 0666 "$POLICY"
sw check --policy "$POLICY"
is "$SW_RC" 1 "a policy file others can write is refused"
like "$SW_ERR" "other than root or the caller" "the message says why"
chmod 0644 "$POLICY"
chown svc-a "$POLICY"
sw check --policy "$POLICY"
is "$SW_RC" 1 "a policy file owned by a service user is refused"
chown root "$POLICY"
sw check --policy "$POLICY"
is "$SW_RC" 0 "a root-owned 0644 policy file is used"
if unpriv; then
	chown "$SW_CALLER" "$POLICY"
	sw check --policy "$POLICY"
	is "$SW_RC" 0 "unprivileged: a policy file the caller owns is used"
	chmod 0664 "$POLICY"
	sw check --policy "$POLICY"
	is "$SW_RC" 1 "unprivileged: not when its group can write it"
fi

# --- odd commands and plan output ------------------------------------------

sw -- ''
is "$SW_RC" 127 "an empty command name is not found"
like "$SW_ERR" "empty" "the message says it is empty"
sw check -p "TemporaryFileSystem=/srv/a\\\\b"
unlike "$SW_OUT" "$(printf '/srv/a\\\\b')" "a backslash in a path is shown escaped"
sw --dry-run -- printf hello
like "$SW_OUT" "^command: +printf hello$" "--dry-run shows the command"

# --- a terminal's ^C reaches the command once --------------------------------

if command -v python3 >/dev/null 2>&1; then
	# shellcheck disable=SC2086 # $SW_AS is a list of words
	out=$(python3 - $SW_AS "$SANDWRAP" <<'PY'
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:] + ["--", "/bin/sh", "-c",
        "n=0; trap 'n=$((n+1))' INT; echo ready; sleep 1; sleep 1; echo count=$n"])
out = b""
t = time.time()
while b"ready" not in out and time.time() - t < 5:
    out += os.read(fd, 100)
os.write(fd, b"\x03")
while time.time() - t < 8:
    try:
        d = os.read(fd, 100)
    except OSError:
        break
    if not d:
        break
    out += d
print(out.decode(errors="replace"))
PY
)
	like "$out" "count=1" "^C on the terminal is delivered once"
else
	skip "python3 is not installed"
fi

done_testing
