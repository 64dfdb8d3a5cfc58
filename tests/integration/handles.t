#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Host handles inherited by the command: fds, cwd, old root (case C14).
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
ensure_users
probe_install

PROBE_OPT="BindReadOnlyPaths=$PROBE_DIR:/probe"
HOSTONLY="$SW_SCRATCH/hostonly"
install -d -o svc-a -m 0755 "$HOSTONLY"
echo HOSTONLY >"$HOSTONLY/h.txt"
cd "$HOSTONLY" || bail_out "cannot enter $HOSTONLY"

# sw_fds ARGS...: run sandwrap from $HOSTONLY with fds 7 (host /),
# 8 (a host file) and 9 (a host file in append mode) open.
sw_fds()
{
	sw "$@" 7</ 8<"$HOSTONLY/h.txt" 9>>"$HOSTONLY/append.log"
}

for user in $SW_USERS; do
	u="-p User=$user"
	# shellcheck disable=SC2086 # $u is two words on purpose
	sw_fds $u -p "$PROBE_OPT" -- /probe/probe fds
	is "$SW_OUT" "0 1 2" "$user: the command sees only fds 0 1 2"
	# shellcheck disable=SC2086
	sw_fds $u -p "$PROBE_OPT" -- /probe/probe exists /proc/self/fd/8
	is "$SW_OUT" ENOENT "$user: /proc/self/fd/8 does not exist"
	# shellcheck disable=SC2086
	sw_fds $u -p "$PROBE_OPT" -- /probe/probe cwd
	is "$SW_OUT" / "$user: the working directory is / not the host's"
	# shellcheck disable=SC2086
	sw_fds $u -p "$PROBE_OPT" -- /probe/probe read h.txt
	is "$SW_OUT" ENOENT "$user: a relative path does not reach the host cwd"
done

sw_fds -p "User=$SW_SVC" -- sh -c '
	echo "cwd=$(pwd)"
	ls /proc/self/fd
	cat /proc/self/fd/8 /proc/self/fd/9 h.txt ../hostonly/h.txt \
		/proc/self/fd/7'"$HOSTONLY"'/h.txt /proc/self/cwd/h.txt
	ls /proc/self/fd/7/srv'
like "$SW_OUT" '^cwd=/$' "the shell ran, in /"
unlike "$SW_OUT$SW_ERR" HOSTONLY "HOSTONLY is never printed"
ok '[ ! -s "$HOSTONLY/append.log" ]' "nothing was appended through fd 9"

sw_fds -p "$PROBE_OPT" -p WorkingDirectory=/tmp -- /probe/probe cwd
is "$SW_OUT" /tmp "WorkingDirectory= sets the cwd, whatever the host cwd"

# --chdir /proc/self/fd/7 (runc CVE-2024-21626): fail, or stay inside.
marker_clear
sw_fds -p "$SW_MARKER_OPT" -p "$PROBE_OPT" \
	-p WorkingDirectory=/proc/self/fd/7 \
	-- sh -c ": > $(marker_in ran); ls -a; cat h.txt srv/sw-test/*/hostonly/h.txt"
if [ "$SW_RC" = 125 ]; then
	ok '[ ! -e "$(marker_path ran)" ]' \
		"WorkingDirectory=/proc/self/fd/7 fails closed (125)"
	like "$SW_ERR" "^sandwrap: .*/proc/self/fd/7" "the message names the directory"
else
	ok '[ -e "$(marker_path ran)" ]' \
		"WorkingDirectory=/proc/self/fd/7 runs inside the sandbox"
	unlike "$SW_OUT" '^(srv|home|root|boot)$' \
		"the working directory is not the host's root"
fi
unlike "$SW_OUT$SW_ERR" HOSTONLY "HOSTONLY is not reachable from that cwd"

# --- no old root --------------------------------------------------------

# MAJOR:MINOR of the host's root file system (mountinfo field 3).
host_root=$(awk '$5 == "/" { print $3 }' /proc/self/mountinfo | tail -n 1)
sw -p "$PROBE_OPT" -- cat /proc/self/mountinfo
is "$SW_RC" 0 "mountinfo can be read inside"
inside=$SW_OUT
like "$inside" '^[0-9]+ [0-9]+ [0-9]+:[0-9]+ / / ' "a root mount is listed"
is "$(printf '%s\n' "$inside" | awk '$5 == "/"' | wc -l)" 1 \
	"exactly one mount on /"
unlike "$inside" " $host_root / " \
	"the host root ($host_root) is attached nowhere in the sandbox"
unlike "$(printf '%s\n' "$inside" | awk '{ print $5 }')" \
	'^/(oldroot|newroot|\.old|\.oldroot|\.pivot)|^/(tmp|run|var/tmp)/.|sandwrap' \
	"no old root or staging directory is mounted"

probe_in syscall chroot
is "$SW_OUT" EPERM "chroot fails with EPERM"
sw -- sh -c 'mkdir /tmp/c && chroot /tmp/c /bin/true'
isnt "$SW_RC" 0 "chroot from a shell fails"
like "$SW_ERR" "Operation not permitted" "with EPERM"

# --- no host handle reachable through /proc ------------------------------

for user in $SW_USERS; do
	probe_in -p "User=$user" -- exe-scan
	is "$SW_OUT" OK "$user: exe-scan finds no host handle"
	[ "$SW_OUT" = OK ] || diag_sw
done

cd / || :
done_testing
