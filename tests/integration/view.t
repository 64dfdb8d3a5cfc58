#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The read-only view of the host: /usr, /etc, /run, /tmp, /var/log, the
# path keys, hostname, network (cases C01, C03 A, C06 outward, C21, C22).
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
ensure_users
probe_install

LOG_ROOT=/var/log/sandwrap

# The host's mount points and types, without those other tests running
# at the same time may add or remove (their scratch trees).
host_mounts()
{
	awk '{ for (i = 7; $i != "-"; i++); print $5, $(i + 1) }' \
		/proc/self/mountinfo |
		grep -Ev "^($SW_TEST_ROOT|/usr/local/sw)" | sort
}

# --- C06 outward: nothing of the sandbox shows on the host ---------------

marker_clear
before=$(host_mounts)
sw_as "$SANDWRAP" -p "$SW_MARKER_OPT" -p PrivateNetwork=yes \
	-p "TemporaryFileSystem=/srv/sw-t-$$" \
	-- sh -c ": > $(marker_in started); sleep 1" >/dev/null 2>&1 &
P=$!
i=0
while [ ! -e "$(marker_path started)" ] && [ "$i" -lt 100 ]; do
	sleep 0.02
	i=$((i + 1))
done
during=$(host_mounts)
wait "$P"
rc=$?
after=$(host_mounts)
ok '[ -e "$(marker_path started)" ]' "a sandbox ran for 1 s"
is "$rc" 0 "and exited 0"
is "$during" "$before" "host mounts are unchanged while a sandbox runs"
is "$after" "$before" "host mounts are unchanged after it"
ok '[ ! -e "/srv/sw-t-$$" ]' "no mount point was created on the host"

# --- writes to the image fail with EROFS -------------------------------

for path in /usr/sw-x-$$ /etc/sw-x-$$ /sw-x-$$ /etc/passwd /usr/bin/env; do
	probe_in write "$path"
	is "$SW_OUT" EROFS "$SW_CALLER cannot write $path: EROFS"
done
probe_in -p "User=$SW_SVC" -- write /etc/passwd
like "$SW_OUT" '^(EROFS|EACCES)$' "$SW_SVC cannot write /etc/passwd"
sw -- sh -c "touch /usr/sw-x-$$"
is "$SW_RC" 1 "touch /usr/x exits 1"
like "$SW_ERR" "Read-only file system" "with 'Read-only file system'"
ok '[ ! -e "/usr/sw-x-$$" ] && [ ! -e "/etc/sw-x-$$" ]' \
	"nothing was created on the host"

# --- C01: submounts of a read-only bind are read-only too ---------------

SUB1="/usr/local/sw-sub-$$"
SUB2="/usr/local/sw sub2-$$"
on_exit "rmdir $(sh_quote "$SUB1") $(sh_quote "$SUB2") 2>/dev/null"
mkdir -p "$SUB1" "$SUB2"
if ! tmount -t tmpfs -o mode=1777 sw-sub "$SUB1" ||
	! tmount -t tmpfs -o mode=1777 sw-sub2 "$SUB2"; then
	bail_out "cannot mount the test tmpfs under /usr/local"
fi

# c01_view LABEL: the submounts are read-only, checked from inside.
c01_view()
{
	probe_in write "$SUB1/x"
	is "$SW_OUT" EROFS "$1: a tmpfs under /usr is read-only (EROFS)"
	probe_in write "$SUB2/x"
	is "$SW_OUT" EROFS "$1: a tmpfs with a space in its path is read-only"
	probe_in all-ro-under /usr
	is "$SW_OUT" OK "$1: every mount under /usr is read-only"
	probe_in mounts-under /usr
	like "$SW_OUT" "^$SUB2 ro," "$1: the submount with a space is visible, ro"
}

c01_view mount_setattr
SANDWRAP_TEST_NO_MOUNT_SETATTR=1
export SANDWRAP_TEST_NO_MOUNT_SETATTR
c01_view fallback

marker_clear
SANDWRAP_TEST_FAIL_REMOUNT=$SUB1
export SANDWRAP_TEST_FAIL_REMOUNT
sw -p "$SW_MARKER_OPT" -- sh -c ": > $(marker_in ran); touch $SUB1/x"
unset SANDWRAP_TEST_FAIL_REMOUNT SANDWRAP_TEST_NO_MOUNT_SETATTR
is "$SW_RC" 125 "a failed remount of a submount fails closed (125)"
like "$SW_ERR" "^sandwrap: .*$SUB1" "the message names the submount"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"
is "$(find "$SUB1" "$SUB2" -mindepth 1 | wc -l)" 0 \
	"the host tmpfs are still empty"

# --- /etc ---------------------------------------------------------------

ETC_DEFAULT="passwd group nsswitch.conf resolv.conf host.conf gai.conf hosts
ld.so.cache ld.so.conf ld.so.conf.d localtime timezone alternatives ssl/certs
ssl/openssl.cnf ca-certificates ca-certificates.conf services protocols
mime.types locale.alias locale.conf default/locale profile profile.d
bash.bashrc inputrc terminfo shells login.defs mailcap magic xdg"

# The entries of /etc (or /etc/DIR) expected inside: the allow-list
# entries the host has, plus the generated hostname and hosts.
etc_expected()
{
	{
		if [ -z "$1" ]; then
			echo hostname
			echo hosts
		fi
		for name in $ETC_DEFAULT; do
			[ -e "/etc/$name" ] || [ -L "/etc/$name" ] || continue
			case $1:$name in
			:*) echo "${name%%/*}" ;;
			"$1:$1"/*) echo "${name#*/}" ;;
			esac
		done
	} | sort -u
}

probe_in ls /etc
is "$SW_OUT" "$(etc_expected)" "/etc holds exactly the allowed entries"
probe_in ls /etc/ssl
is "$SW_OUT" "$(etc_expected ssl)" "/etc/ssl holds only certs and openssl.cnf"
probe_in ls /etc/default
is "$SW_OUT" "$(etc_expected default)" "/etc/default holds only locale"
for path in shadow gshadow sudoers ssh ssl/private machine-id; do
	probe_in exists "/etc/$path"
	is "$SW_OUT" ENOENT "/etc/$path is absent"
done

if unpriv; then
	# The caller cannot read /etc/shadow: the start fails closed.
	marker_clear
	sw -p "$SW_MARKER_OPT" -p EtcFiles=shadow -- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "unprivileged: EtcFiles=shadow is a setup failure"
	like "$SW_ERR" "^sandwrap: default: cannot read '/etc/shadow': Permission denied" \
		"unprivileged: the message names /etc/shadow"
	ok '[ ! -e "$(marker_path ran)" ]' "unprivileged: the command never ran"
else
	probe_in -p EtcFiles=shadow -- read /etc/shadow
	is "$SW_OUT" "$(head -n 1 /etc/shadow)" \
		"EtcFiles=shadow shows it (explicit)"
fi

# C21: an allow-listed entry that links to a file svc-a owns.
ALLOWED="/etc/sw-allowed-$$.conf"
USERFILE="/var/tmp/sw-userfile-$$.conf"
on_exit "rm -f $(sh_quote "$ALLOWED") $(sh_quote "$USERFILE")"
echo USERCONTENT >"$USERFILE"
chown svc-a:svc-a "$USERFILE"
ln -s "$USERFILE" "$ALLOWED"
for user in $SW_USERS; do
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "User=$user" -p "EtcFiles=${ALLOWED#/etc/}" \
		-- sh -c ": > $(marker_in ran); cat $ALLOWED"
	unlike "$SW_OUT" USERCONTENT \
		"$user: a link to a file svc-a owns is never followed"
	if [ "$SW_RC" = 125 ]; then
		ok '[ ! -e "$(marker_path ran)" ]' \
			"$user: setup fails (125) and the command never ran"
		like "$SW_ERR" "^sandwrap: .*${ALLOWED#/etc/}" \
			"$user: the message names the entry"
	else
		ok '[ -e "$(marker_path ran)" ]' "$user: the command ran"
		like "$SW_ERR" "No such file" "$user: the entry is absent"
	fi
done

# A symlink into /run to a root-owned file (the systemd-resolved layout)
# is resolved: the content is there, not a dangling link.  The link is
# made under a test name so that the host's resolv.conf is not touched.
RUNDIR="/run/sw-test-$$"
RESOLV="/etc/sw-resolv-$$.conf"
on_exit "rm -rf $(sh_quote "$RUNDIR"); rm -f $(sh_quote "$RESOLV")"
install -d -m 0755 "$RUNDIR"
printf 'nameserver 127.0.0.53\noptions edns0 sw-%s\n' "$$" \
	>"$RUNDIR/stub-resolv.conf"
ln -s "$RUNDIR/stub-resolv.conf" "$RESOLV"
sw -p "User=$SW_SVC" -p "EtcFiles=${RESOLV#/etc/}" -- cat "$RESOLV"
is "$SW_RC" 0 "a link to a root-owned file in /run can be read"
is "$SW_OUT" "$(cat "$RUNDIR/stub-resolv.conf")" "with the target's content"
sw -- cat /etc/resolv.conf
is "$SW_OUT" "$(cat /etc/resolv.conf)" "/etc/resolv.conf shows the host's"

sw -- sh -c 'head -c 4 /etc/localtime; echo; date >/dev/null && echo date-ok'
is "$SW_OUT" "TZif
date-ok" "/etc/localtime is readable and date works"

sw -p "User=$SW_SVC" -- sh -c "id -un; getent passwd $SW_SVC"
is "$SW_OUT" "$SW_SVC
$(getent passwd "$SW_SVC")" "id -un and getent passwd $SW_SVC resolve $SW_SVC"
sw -- getent hosts localhost
is "$SW_RC" 0 "getent hosts localhost works"

# --- /run, /tmp ---------------------------------------------------------

for user in $SW_USERS; do
	probe_in -p "User=$user" -- ls /run
	is "$SW_OUT" "" "$user: /run is empty at start"
	probe_in -p "User=$user" -- stat /run
	is "$SW_OUT" "type=dir mode=0755 uid=$(id -u "$user") gid=$(id -g "$user")" \
		"$user: /run belongs to $user"
	probe_in -p "User=$user" -- write "/run/sw-$$"
	is "$SW_OUT" OK "$user: /run is writable"
done
probe_in exists "/run/sw-$$"
is "$SW_OUT" ENOENT "a file written in /run is gone in the next run" || diag_sw
ok '[ ! -e "/run/sw-$$" ]' "and was never on the host"

HOSTTMP="/tmp/sw-view-host-$$"
on_exit "rm -f $(sh_quote "$HOSTTMP")"
: >"$HOSTTMP"
probe_in exists "$HOSTTMP"
is "$SW_OUT" ENOENT "a host file in /tmp is not visible"
probe_in write "/tmp/sw-view-in-$$"
is "$SW_OUT" OK "/tmp is writable"
ok '[ ! -e "/tmp/sw-view-in-$$" ]' "a file written in /tmp is not on the host"
probe_in write "/var/tmp/sw-view-in-$$"
ok '[ "$SW_OUT" = OK ] && [ ! -e "/var/tmp/sw-view-in-$$" ]' \
	"/var/tmp is private too"

# --- LogDirectory -------------------------------------------------------

ensure_host_dir "$LOG_ROOT"
NAME="sw-view-$$"
POLICY="$SW_SCRATCH/$NAME.conf"
printf '%s\n' '[Sandbox]' "User=$SW_SVC" 'LogDirectory=yes' >"$POLICY"
on_exit "rm -rf $(sh_quote "$LOG_ROOT/$NAME")"
if unpriv; then
	# The caller cannot create it in root's $LOG_ROOT: fail closed,
	# then use one the administrator made for the caller.
	marker_clear
	sw -p "$SW_MARKER_OPT" --policy "$POLICY" -- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "unprivileged: LogDirectory=yes cannot be created"
	like "$SW_ERR" "^sandwrap: $NAME: cannot create directory '$LOG_ROOT/$NAME': Permission denied" \
		"unprivileged: the message names the log directory"
	ok '[ ! -e "$(marker_path ran)" ] && [ ! -e "$LOG_ROOT/$NAME" ]' \
		"unprivileged: the command never ran, nothing was created"
	install -d -o "$SW_SVC" -g "$SW_SVC" -m 0750 "$LOG_ROOT/$NAME"
fi
probe_in --policy "$POLICY" -- write /var/log/out.log
is "$SW_OUT" OK "$SW_SVC can write in /var/log"
ok '[ -f "$LOG_ROOT/$NAME/out.log" ]' "the file is in $LOG_ROOT/NAME on the host"
is "$(stat -c %U "$LOG_ROOT/$NAME/out.log" 2>&1)" "$SW_SVC" "owned by $SW_SVC"
is "$(stat -c '%U %a' "$LOG_ROOT/$NAME" 2>&1)" "$SW_SVC 750" \
	"the log directory is owned by $SW_SVC, mode 0750"
probe_in --policy "$POLICY" -- hostname
is "$SW_OUT" "$NAME" "the hostname is the policy name"

# C03 variant A: the log directory replaced by a symlink to /etc.
NAME2="sw-viewlink-$$"
POLICY2="$SW_SCRATCH/$NAME2.conf"
printf '%s\n' '[Sandbox]' "User=$SW_SVC" 'LogDirectory=yes' >"$POLICY2"
on_exit "rm -f $(sh_quote "$LOG_ROOT/$NAME2")"
ln -s /etc "$LOG_ROOT/$NAME2"
etc_before=$(stat -c '%u %g %a' /etc)
marker_clear
sw -p "$SW_MARKER_OPT" --policy "$POLICY2" \
	-- sh -c ": > $(marker_in ran); ls /var/log/passwd; : > /var/log/sw-$$"
is "$SW_RC" 125 "a symlinked log directory fails closed (125)"
like "$SW_ERR" "^sandwrap: .*(symlink|symbolic link)" "the message says symlink"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"
is "$(stat -c '%u %g %a' /etc)" "$etc_before" "/etc is untouched"
ok '[ ! -e "/etc/sw-$$" ] && [ -L "$LOG_ROOT/$NAME2" ]' \
	"nothing was written to /etc, the link is left as it was"

# --- path keys ----------------------------------------------------------

HIDE_DIR=/usr/share/doc
HIDE_FILE=/usr/lib/os-release
probe_in ls "$HIDE_DIR"
ok '[ -n "$SW_OUT" ]' "$HIDE_DIR has entries without InaccessiblePaths="
probe_in -p "InaccessiblePaths=$HIDE_DIR" -- ls "$HIDE_DIR"
ok '[ "$SW_RC" = 0 ] && [ -z "$SW_OUT" ]' "InaccessiblePaths= shows a directory empty"
probe_in -p "InaccessiblePaths=$HIDE_DIR" -- write "$HIDE_DIR/x"
is "$SW_OUT" EROFS "and read-only"
probe_in read "$HIDE_FILE"
is "$SW_RC" 0 "$HIDE_FILE is readable without InaccessiblePaths="
probe_in -p "InaccessiblePaths=$HIDE_FILE" -- read "$HIDE_FILE"
is "$SW_OUT" EACCES "InaccessiblePaths= of a file gives EACCES"

TMPFS="/srv/sw-tmpfs-$$"
# Owned by root, or by the caller in its user namespace (root is not
# mapped there).
probe_in -p "TemporaryFileSystem=$TMPFS:mode=0700" -- stat "$TMPFS"
is "$SW_OUT" "type=dir mode=0700 uid=$(id -u "$SW_CALLER") gid=$(id -g "$SW_CALLER")" \
	"TemporaryFileSystem= mode=0700, owned by $SW_CALLER"
probe_in -p "TemporaryFileSystem=$TMPFS:mode=0700" -- write "$TMPFS/x"
is "$SW_OUT" OK "the tmpfs is writable"
ok '[ ! -e "$TMPFS" ]' "no mount point left on the host"

RW="$SW_SCRATCH/rw"
RO="$SW_SCRATCH/ro"
install -d -o "$SW_CALLER" -g "$SW_CALLER" -m 0755 "$RW" "$RO"
probe_in -p "ReadWritePaths=$RW" -p "ReadOnlyPaths=$RO" -- write "$RW/f"
is "$SW_OUT" OK "ReadWritePaths= is writable"
ok '[ -f "$RW/f" ]' "the file is on the host"
probe_in -p "ReadWritePaths=$RW" -p "ReadOnlyPaths=$RO" -- write "$RO/f"
is "$SW_OUT" EROFS "ReadOnlyPaths= is read-only"

for path in /home /root /srv /var/lib /boot /mnt /media /sys; do
	probe_in exists "$path"
	is "$SW_OUT" ENOENT "$path is absent"
done

# --- C22: layout ----------------------------------------------------------

links=
for path in /bin /sbin /lib /lib64 /lib32 /libx32; do
	[ -L "$path" ] && links="$links $path"
done
if [ -n "$links" ]; then
	# shellcheck disable=SC2086 # a list of paths
	sw -- readlink $links
	# shellcheck disable=SC2086
	is "$SW_OUT" "$(readlink $links)" "readlink$links mirrors the host"
else
	ok 0 "no merged-/usr links on this host"
fi
sw -- sh -c '/bin/true && /usr/bin/env true'
is "$SW_RC" 0 "/bin/true && /usr/bin/env true"

sw -p "ReadOnlyPaths=-$SW_TEST_ROOT/maybe-$$" -- true
is "$SW_RC" 0 "an optional missing path does not stop the start"
ok '[ ! -e "$SW_TEST_ROOT/maybe-$$" ]' "and is not created on the host"

# --- hostname, network ----------------------------------------------------

probe_in hostname
is "$SW_OUT" default "the hostname is the policy name, 'default'"
sw -p "Hostname=sw-host-$$" -- sh -c 'hostname; cat /etc/hostname'
is "$SW_OUT" "sw-host-$$
sw-host-$$" "Hostname= sets it, and /etc/hostname"

netdevs()
{
	printf '%s\n' "$1" | awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' |
		sort | tr '\n' ' '
}
sw -- cat /proc/net/dev
is "$(netdevs "$SW_OUT")" "$(netdevs "$(cat /proc/net/dev)")" \
	"without PrivateNetwork= the host's interfaces are there"
sw -p PrivateNetwork=yes -- cat /proc/net/dev
is "$(netdevs "$SW_OUT")" "lo " "PrivateNetwork=yes: only lo"
sw -p PrivateNetwork=yes -- ip -o link show lo
like "$SW_OUT" '<[^>]*[<,]UP[,>]' "lo is up" || diag_sw
probe_in -p PrivateNetwork=yes -- bind-port 4242
is "$SW_OUT" OK "127.0.0.1 is usable"

done_testing
