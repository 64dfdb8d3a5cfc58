#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# /proc and /dev inside the sandbox (cases C07 and C09): dangerous /proc
# entries masked, sysctls read-only, masks not removable, no /sys, a
# minimal /dev without device creation, and device files planted on a
# bound host directory unusable.
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

# The value of "NAME=VALUE" line NAME in $SW_OUT.
field()
{
	printf '%s\n' "$SW_OUT" | sed -n "s/^$1=//p" | head -n 1
}

# Runs inside the sandbox: one NAME=RESULT line per observation, where
# RESULT is the probe's OK / errno name, or <empty> for an empty read.
# The last line, complete=yes, proves that the whole script ran.
INSIDE='
p=/probe/probe
r() { n=$1; shift; v=$("$@" 2>/dev/null | tr "\n" " "); v=${v% };
	echo "$n=${v:-<empty>}"; }
masks() {
	r sysrq$1 $p append /proc/sysrq-trigger h
	r kcore$1 $p read /proc/kcore
	r kallsyms$1 $p read /proc/kallsyms
	r keys$1 $p read /proc/keys
	r keyusers$1 $p read /proc/key-users
	r timerlist$1 $p read /proc/timer_list
	r scheddebug$1 $p read /proc/sched_debug
	r acpi$1 sh -c "ls -A /proc/acpi 2>/dev/null || echo absent"
	r scsi$1 sh -c "ls -A /proc/scsi 2>/dev/null || echo absent"
	r nslastpid$1 $p append /proc/sys/kernel/ns_last_pid 1
	r dropcaches$1 $p append /proc/sys/vm/drop_caches 1
}
masks ""
umount /proc/sys >/dev/null 2>&1; echo umount_sys=$?
umount -l /proc/kallsyms >/dev/null 2>&1; echo umount_kallsyms=$?
umount /proc >/dev/null 2>&1; echo umount_proc=$?
masks _after
r procflags $p mount-flags /proc
r sys $p exists /sys
r dev $p ls /dev
for d in /tmp /dev/shm /run; do
	k=$(echo $d | tr / _)
	r mknodb$k $p mknod $d/sda b 8 0
	r mknodc$k $p mknod $d/null2 c 1 3
done
r mknoddev $p mknod /dev/sda b 8 0
r mkfifo $p mkfifo /tmp/f
r touchdev $p touch /dev/x
r shmwrite $p write /dev/shm/t
r shmflags $p mount-flags /dev/shm
r pts $p ls /dev/pts
r null $p write /dev/null
r zero sh -c "head -c 4 /dev/zero | od -An -tx1"
r urandom sh -c "head -c 16 /dev/urandom | wc -c"
r plantedblk $p read /var/log/sda
r plantedchr $p read /var/log/mem
echo complete=yes
'

# The host keeps a pty open during the runs: its number must not show
# up in the sandbox's own devpts instance.
script -qfc 'sleep 30' /dev/null </dev/null >/dev/null 2>&1 &
SCRIPT_PID=$!
on_exit "kill $SCRIPT_PID 2>/dev/null; wait $SCRIPT_PID 2>/dev/null"
host_ptys()
{
	for _pty in /dev/pts/[0-9]*; do
		[ -e "$_pty" ] && printf '%s ' "${_pty#/dev/pts/}"
	done
}
i=0
while [ -z "$(host_ptys)" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
HOST_PTS=$(host_ptys)
isnt "$HOST_PTS" "" "the host has a pty open ($HOST_PTS)"

# Host device files planted in the log directories bound into the sandbox.
for user in $SW_USERS; do
	mknod "$LOGDIR/$user/sda" b 8 0 && mknod "$LOGDIR/$user/mem" c 1 1 &&
		chmod 666 "$LOGDIR/$user/sda" "$LOGDIR/$user/mem"
	ok $? "device files planted in the log directory of $user"
done

SYSRQ_BEFORE=$(dmesg 2>/dev/null | grep -c 'sysrq: HELP')

DEV_LIST="core fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero"

check_inside()
{
	who=$1
	is "$SW_RC" 0 "$who: the sandbox ran" || diag_sw
	is "$(field complete)" yes "$who: every check ran"
	for sfx in "" _after; do
		when=${sfx:+" after the umount attempts"}
		like "$(field sysrq$sfx)" '^E(ACCES|ROFS|PERM|NOENT)$' \
			"$who: writing h to /proc/sysrq-trigger fails$when"
		like "$(field kcore$sfx)" '^E(ACCES|NOENT|PERM)$' \
			"$who: /proc/kcore cannot be read$when"
		like "$(field kallsyms$sfx)" '^(E(ACCES|NOENT|PERM)|<empty>|0{16} .*)$' \
			"$who: /proc/kallsyms fails or shows zero addresses$when"
		for f in keys keyusers timerlist scheddebug; do
			like "$(field $f$sfx)" '^(E(ACCES|NOENT|PERM)|<empty>)$' \
				"$who: /proc/$f fails or is empty$when"
		done
		like "$(field acpi$sfx)" '^(<empty>|absent)$' \
			"$who: /proc/acpi is empty or absent$when"
		like "$(field scsi$sfx)" '^(<empty>|absent)$' \
			"$who: /proc/scsi is empty or absent$when"
		like "$(field nslastpid$sfx)" '^E(ROFS|ACCES)$' \
			"$who: /proc/sys/kernel/ns_last_pid is not writable$when"
		like "$(field dropcaches$sfx)" '^E(ROFS|ACCES)$' \
			"$who: /proc/sys/vm/drop_caches is not writable$when"
	done
	for m in sys kallsyms proc; do
		isnt "$(field umount_$m)" 0 "$who: umount of a /proc mount ($m) fails"
		isnt "$(field umount_$m)" "" "$who: umount of /proc $m was tried"
	done
	like "$(field procflags)" '^r[wo],nosuid,nodev,noexec' \
		"$who: /proc is mounted nosuid,nodev,noexec"
	is "$(field sys)" ENOENT "$who: there is no /sys"
	is "$(field dev)" "$DEV_LIST" "$who: /dev holds exactly the minimal set"
	for d in /tmp /dev/shm /run; do
		n=$(echo $d | tr / _)
		is "$(field "mknodb$n")" EPERM "$who: mknod of a block device in $d"
		is "$(field "mknodc$n")" EPERM "$who: mknod of a char device in $d"
	done
	like "$(field mknoddev)" '^E(PERM|ROFS)$' "$who: mknod /dev/sda fails"
	is "$(field mkfifo)" OK "$who: mkfifo in /tmp works"
	is "$(field touchdev)" EROFS "$who: /dev is read-only"
	is "$(field shmwrite)" OK "$who: /dev/shm is writable"
	like "$(field shmflags)" '^rw,nosuid,nodev' "$who: /dev/shm is nosuid,nodev"
	is "$(field pts)" ptmx "$who: /dev/pts is a new instance (no host pty)"
	for n in $HOST_PTS; do
		unlike "$(field pts)" "(^| )$n( |$)" \
			"$who: host pty $n is not listed"
	done
	is "$(field null)" OK "$who: /dev/null is writable"
	is "$(field zero)" " 00 00 00 00" "$who: /dev/zero is readable"
	is "$(field urandom)" 16 "$who: /dev/urandom is readable"
	is "$(field plantedblk)" EACCES \
		"$who: a planted block device cannot be opened (nodev)"
	is "$(field plantedchr)" EACCES \
		"$who: a planted /dev/mem cannot be opened (nodev)"
}

for user in $SW_USERS; do
	sw -p "$PROBE_OPT" -p "LogDirectory=$LOGDIR/$user" -p "User=$user" \
		-- sh -c "$INSIDE"
	check_inside "$user"
done

if dmesg >/dev/null 2>&1; then
	is "$(dmesg | grep -c 'sysrq: HELP')" "$SYSRQ_BEFORE" \
		"no new 'sysrq: HELP' line in the kernel log"
else
	diag "dmesg does not work here: sysrq log check not possible"
	ok '[ ! -e /proc/sysrq-trigger ] || [ -n "$SYSRQ_BEFORE" ]' \
		"sysrq log check"
fi
# shellcheck disable=SC2086 # a list of users
nodes=$(($(set -- $SW_USERS && echo $#) * 2))
ok "[ \"\$(find \"\$LOGDIR\" -type b -o -type c | wc -l)\" = $nodes ]" \
	"no new device node in the host log directories"
rm -f "$LOGDIR"/*/sda "$LOGDIR"/*/mem

# Fail closed when a mask cannot be applied.  The hook only fires for a
# mask that is applied, so use /proc/kcore when the kernel has it.
FILE_MASK=/proc/kcore
[ -e /proc/kcore ] || FILE_MASK=/proc/kallsyms
for mask in "$FILE_MASK" /proc/acpi; do
	marker_clear
	SANDWRAP_TEST_FAIL_MASK=$mask \
		sw -p "$SW_MARKER_OPT" -- sh -c ": > $(marker_in ran)"
	is "$SW_RC" 125 "a failed mask of $mask is a setup failure" || diag_sw
	like "$SW_ERR" "$mask" "the message names $mask"
	ok '[ ! -e "$(marker_path ran)" ]' "the command never ran ($mask)"
done

done_testing
