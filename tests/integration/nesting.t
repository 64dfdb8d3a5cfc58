#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Nested mounts and mount propagation (cases C02 and C06): a writable bind
# below a read-only one works whatever the rule order, a missing mount
# point fails closed without touching the host, locked nosuid,nodev
# sources can be bound, and no mount crosses between sandbox and host.
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
ensure_users
probe_install

PROBE_OPT="BindReadOnlyPaths=$PROBE_DIR:/probe"
APP="$SW_SCRATCH/app"
CACHE="$SW_SCRATCH/cache"
RO_APP="BindReadOnlyPaths=$APP:/app"
RW_CACHE="BindPaths=$CACHE:/app/cache"

install -d -m 0755 "$APP" "$APP/code" "$APP/cache"
echo v1 >"$APP/code/index.php"
install -d -o "$SW_SVC" -g "$SW_SVC" -m 0755 "$CACHE"

# The value of "NAME=VALUE" line NAME in $SW_OUT.
field()
{
	printf '%s\n' "$SW_OUT" | sed -n "s/^$1=//p" | head -n 1
}

# --- C02: a writable bind below a read-only bind, in both orders --------

NEST_CHECK='p=/probe/probe
echo cache=$($p append /app/cache/t ok-$RULES)
echo read=$(cat /app/cache/t)
echo code=$($p touch /app/code/x)
echo app=$($p touch /app/y)
echo index=$(cat /app/code/index.php)
echo complete=yes'

for order in R1 R2; do
	if [ "$order" = R1 ]; then
		set -- -p "$RO_APP" -p "$RW_CACHE"
	else
		set -- -p "$RW_CACHE" -p "$RO_APP"
	fi
	rm -f "$CACHE/t"
	sw -p "$PROBE_OPT" -p "User=$SW_SVC" "$@" -- \
		env RULES=$order sh -c "$NEST_CHECK"
	is "$SW_RC" 0 "$order: the sandbox ran" || diag_sw
	is "$(field complete)" yes "$order: every check ran"
	is "$(field cache)" OK "$order: /app/cache is writable"
	is "$(field read)" "ok-$order" "$order: the file reads back"
	is "$(field code)" EROFS "$order: /app/code is read-only"
	is "$(field app)" EROFS "$order: /app is read-only"
	is "$(field index)" v1 "$order: /app shows the host files"
	is "$(cat "$CACHE/t" 2>/dev/null)" "ok-$order" \
		"$order: the file landed in the host cache directory"
	is "$(stat -c %U "$CACHE/t" 2>/dev/null)" "$SW_SVC" \
		"$order: the file is owned by the sandbox user"
	ok '[ ! -e "$APP/code/x" ] && [ ! -e "$APP/y" ]' \
		"$order: nothing written to the read-only host directory"
	ok '[ -z "$(ls -A "$APP/cache")" ]' \
		"$order: nothing written to the host mount point directory"
done

sw check -p "User=$SW_SVC" -p "$RO_APP" -p "$RW_CACHE"
R1_CHECK=$SW_OUT
is "$SW_RC" 0 "check of R1 succeeds"
sw check -p "User=$SW_SVC" -p "$RW_CACHE" -p "$RO_APP"
is "$SW_RC" 0 "check of R2 succeeds"
is "$SW_OUT" "$R1_CHECK" "check prints the same plan for R1 and R2"
like "$R1_CHECK" '^/app/cache +bind ' "the plan lists /app/cache"

# The mount point is missing in the read-only host directory.
rmdir "$APP/cache"
for order in R1 R2; do
	if [ "$order" = R1 ]; then
		set -- -p "$RO_APP" -p "$RW_CACHE"
	else
		set -- -p "$RW_CACHE" -p "$RO_APP"
	fi
	marker_clear
	sw -p "$SW_MARKER_OPT" -p "User=$SW_SVC" "$@" -- \
		sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "$order: a missing mount point is a setup failure" ||
		diag_sw
	like "$SW_ERR" "'/app/cache'" "$order: the message names /app/cache"
	like "$SW_ERR" "create it" "$order: the message says to create it"
	ok '[ ! -e "$(marker_path ran)" ]' "$order: the command never ran"
	ok '[ ! -e "$APP/cache" ] && [ ! -L "$APP/cache" ]' \
		"$order: nothing was created on the host"
done

# A source mount with nosuid,nodev: a writable subdirectory at /data and
# the whole tmpfs read-only at /nodev.
NODEVFS="$SW_SCRATCH/nodevfs"
install -d -m 0755 "$NODEVFS"
tmount -t tmpfs -o nosuid,nodev,mode=0755 sw-nodev "$NODEVFS"
install -d -o "$SW_SVC" -g "$SW_SVC" "$NODEVFS/data"
sw -p "$PROBE_OPT" -p "User=$SW_SVC" -p "BindPaths=$NODEVFS/data:/data" \
	-p "BindReadOnlyPaths=$NODEVFS:/nodev" -- sh -c 'p=/probe/probe
echo data=$($p touch /data/z)
echo nodev=$($p touch /nodev/z)
echo flags=$($p mount-flags /data)
echo complete=yes'
is "$SW_RC" 0 "nosuid,nodev source: setup succeeds" || diag_sw
is "$(field complete)" yes "nosuid,nodev source: every check ran"
is "$(field data)" OK "nosuid,nodev source: /data is writable"
is "$(field nodev)" EROFS "nosuid,nodev source: /nodev is read-only"
like "$(field flags)" '^rw,nosuid,nodev' "/data keeps nosuid,nodev"
ok '[ -f "$NODEVFS/data/z" ] && [ ! -e "$NODEVFS/z" ]' \
	"nosuid,nodev source: only /data/z reached the host"

# --- C06: mount propagation ---------------------------------------------

# Mount targets and sources of the host, sorted.  Other tests may run at
# the same time: their scratch trees and their setup mounts (sources
# named sw-*, which sandwrap never uses) outside this test's scratch tree
# are left out.
host_mounts()
{
	awk -v own="$SW_SCRATCH" -v root="$SW_TEST_ROOT/" '{
		t = $5
		for (i = 7; i < NF && $i != "-"; i++)
			;
		src = $(i + 2)
		mine = t == own || index(t, own "/") == 1
		if (!mine && (index(t, root) == 1 || index(src, "sw-") == 1))
			next
		print t, src
	}' /proc/self/mountinfo | sort
}

# A shared tmpfs, like / on a systemd host, bound into the sandbox with
# a nested bind and a tmpfs inside it.
SHARED="$SW_SCRATCH/shared"
install -d -m 0755 "$SHARED"
tmount -t tmpfs -o mode=0755 sw-shared "$SHARED"
mount --make-shared "$SHARED"
install -d -m 0755 "$SHARED/sub" "$SHARED/tmp" "$SHARED/late"
install -d -m 0755 "$SW_SCRATCH/subsrc"
like "$(findmnt -no PROPAGATION "$SHARED")" shared \
	"the test tree $SHARED is a shared mount"

M0=$(host_mounts)
marker_clear
sw_as "$SANDWRAP" -p "$SW_MARKER_OPT" -p "BindPaths=$SHARED:/shared" \
	-p "BindPaths=$SW_SCRATCH/subsrc:/shared/sub" \
	-p "TemporaryFileSystem=/shared/tmp" -- \
	sh -c ": > $(marker_in started); sleep 3" >/dev/null 2>&1 &
SW_PID=$!
i=0
while [ ! -e "$(marker_path started)" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
ok '[ -e "$(marker_path started)" ]' "outward: the sandbox is running"
M1=$(host_mounts)
S1=$(awk '{ print $5 }' /proc/self/mountinfo | grep -c "^$SHARED")
wait $SW_PID
is "$?" 0 "outward: the sandbox exits 0"
M2=$(host_mounts)
is "$M1" "$M0" "outward: host mount table unchanged while the sandbox runs"
is "$M2" "$M0" "outward: host mount table unchanged after the run"
is "$S1" 1 "outward: no sandbox mount appeared under the shared tree"

# Inward: host mounts made after the sandbox started, below a plain
# read-only bind and below a read-only bind of the shared tree.
RO_DIR="$SW_SCRATCH/ro"
install -d -m 0755 "$RO_DIR" "$RO_DIR/late"
marker_clear
sw_as "$SANDWRAP" -p "$SW_MARKER_OPT" -p "$PROBE_OPT" -p "User=$SW_SVC" \
	-p "BindReadOnlyPaths=$RO_DIR:/ro" \
	-p "BindReadOnlyPaths=$SHARED:/shared" -- sh -c "
: > $(marker_in started)
i=0
while [ ! -e $(marker_in go) ] && [ \$i -lt 100 ]; do
	sleep 0.1; i=\$((i + 1))
done
echo ro=\$(/probe/probe write /ro/late/x)
echo shared=\$(/probe/probe write /shared/late/x)
echo complete=yes" >"$SW_SCRATCH/inward.out" 2>&1 &
SW_PID=$!
i=0
while [ ! -e "$(marker_path started)" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
ok '[ -e "$(marker_path started)" ]' "inward: the sandbox is running"
mount -t tmpfs -o mode=1777 sw-late "$RO_DIR/late" &&
	mount -t tmpfs -o mode=1777 sw-late2 "$SHARED/late"
ok $? "inward: host mounts made below the bound trees"
on_exit "umount -l $(sh_quote "$SHARED/late") $(sh_quote "$RO_DIR/late") \
	2>/dev/null"
sleep 1
: >"$(marker_path go)"
wait $SW_PID
SW_RC=$?
is "$SW_RC" 0 "inward: the sandbox exits 0"
SW_OUT=$(cat "$SW_SCRATCH/inward.out")
SW_ERR=
[ "$SW_RC" = 0 ] || diag_sw
is "$(field complete)" yes "inward: every check ran"
like "$(field ro)" '^E(NOENT|ROFS)$' \
	"inward: a later host mount below a read-only bind is not writable"
like "$(field shared)" '^E(NOENT|ROFS)$' \
	"inward: a later host mount below a shared tree is not writable"
ok '[ ! -e "$RO_DIR/late/x" ] && [ ! -e "$SHARED/late/x" ]' \
	"inward: nothing appeared on the host"
umount "$SHARED/late" "$RO_DIR/late"
ok '[ ! -e "$RO_DIR/late/x" ] && [ ! -e "$SHARED/late/x" ]' \
	"inward: nothing written below the host mounts either"

done_testing
