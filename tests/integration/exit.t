#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Exit statuses, signal forwarding, reaping and lifetime (case C17).
# shellcheck disable=SC1091,SC2016,SC2153 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
probe_install

PROBE_OPT="BindReadOnlyPaths=$PROBE_DIR:/probe"

now_ms()
{
	date +%s%3N
}

# wait_until COND MS: poll the shell condition COND for up to MS ms.
wait_until()
{
	_wu_end=$(($(now_ms) + $2))
	until eval "$1"; do
		[ "$(now_ms)" -lt "$_wu_end" ] || return 1
		sleep 0.02
	done
}

# finish PID MS: wait for the background PID, killing it after MS ms so
# that a signal that is not forwarded cannot hang the test; the status
# is PID's.
finish()
{
	wait_until "! alive $1" "$2" || kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# alive PID: PID exists and is not a zombie.
alive()
{
	[ -e "/proc/$1/stat" ] && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}

# Host pids whose command line is "sleep ARG" (ARG unique to this test).
# The pattern is a regex so that grep's own command line does not match.
sleep_pids()
{
	_sp_re=$(printf '%s' "$1" | sed 's/\./\\./g')
	grep -lzx -- "$_sp_re" /proc/[0-9]*/cmdline 2>/dev/null |
		while IFS= read -r _sp_f; do
			_sp_pid=${_sp_f#/proc/}
			_sp_pid=${_sp_pid%/cmdline}
			[ "$(tr '\0' ' ' <"$_sp_f" 2>/dev/null)" = "sleep $1 " ] &&
				echo "$_sp_pid"
		done
}

# Kill what a failed test may have left behind (exact unique arguments).
kill_leftovers()
{
	for _kl_arg; do
		for _kl_pid in $(sleep_pids "$_kl_arg"); do
			kill -KILL "$_kl_pid" 2>/dev/null
		done
	done
}

T_TERM=1000.$$1
T_ORPHAN=1000.$$2
T_KILL=1234.$$3
on_exit "kill_leftovers $T_TERM $T_ORPHAN $T_KILL"

# --- exit statuses ------------------------------------------------------

sw -- sh -c 'exit 0'
is "$SW_RC" 0 "exit 0 comes back"
sw -- sh -c 'exit 42'
is "$SW_RC" 42 "exit 42 comes back"
sw -- sh -c 'kill -KILL $$'
is "$SW_RC" 137 "a command killed by SIGKILL gives 137"
sw -- sh -c 'kill -TERM $$'
is "$SW_RC" 143 "a command killed by SIGTERM gives 143"

sw -- "$SW_TEST_ROOT/nonexistent-$$"
is "$SW_RC" 127 "a missing absolute command gives 127"
like "$SW_ERR" "^sandwrap: .*nonexistent-$$" "the message names the missing command"
sw -- "sw-no-such-command-$$"
is "$SW_RC" 127 "a command not found in PATH gives 127"
like "$SW_ERR" "^sandwrap: .*sw-no-such-command-$$.*not found" \
	"the message says the command was not found"

printf 'echo RAN\n' >"$SW_SCRATCH/noexec"
chmod 0644 "$SW_SCRATCH/noexec"
sw -p "BindReadOnlyPaths=$SW_SCRATCH/noexec:/noexec" -- /noexec
is "$SW_RC" 126 "a non-executable file gives 126"
unlike "$SW_OUT" RAN "the non-executable file did not run"

printf '#!/nonexistent-interp-%s/sh\necho RAN\n' "$$" >"$SW_SCRATCH/script"
chmod 0755 "$SW_SCRATCH/script"
sw -p "BindReadOnlyPaths=$SW_SCRATCH/script:/script" -- /script
is "$SW_RC" 126 "a script whose interpreter is missing gives 126"
like "$SW_ERR" "^sandwrap: .*interpreter" \
	"the message says the interpreter is missing, not 'not found'"
unlike "$SW_ERR" "No such file or directory|not found" \
	"the message is distinct from 'command not found'"

marker_clear
sw -p "$SW_MARKER_OPT" -p "ReadOnlyPaths=$SW_TEST_ROOT/absent-$$" \
	-- sh -c ": > $(marker_in ran)"
is "$SW_RC" 125 "a missing required path is a setup failure (125)"
like "$SW_ERR" "^sandwrap: .*$SW_TEST_ROOT/absent-$$" "the message names the path"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"

# --- signal forwarding --------------------------------------------------

marker_clear
SIGLOG=$(marker_path sig)
# Signals go to $P: sandwrap itself (setpriv execs it), not a subshell.
# shellcheck disable=SC2086 # $SW_AS is a list of words
$SW_AS "$SANDWRAP" -p "$SW_MARKER_OPT" -p "$PROBE_OPT" \
	-- /probe/probe sleep-trap "$(marker_in sig)" >/dev/null 2>&1 &
P=$!
if wait_until '[ -e "$SIGLOG" ]' 5000; then
	sent=
	for sig in HUP USR1 USR2 INT QUIT WINCH; do
		kill -s "$sig" "$P" 2>/dev/null || break
		sent="$sent$sig "
		# One at a time: pending signals are not delivered in order.
		wait_until "grep -qx $sig \"\$SIGLOG\"" 2000 || break
	done
	kill -s TERM "$P" 2>/dev/null
	finish "$P" 3000
	rc=$?
	got=$(tr '\n' ' ' <"$SIGLOG")
	is "$got" "HUP USR1 USR2 INT QUIT WINCH TERM " \
		"HUP USR1 USR2 INT QUIT WINCH TERM reach the command in order"
	is "$rc" 0 "the command exits 0 after its TERM handler"
else
	kill -KILL "$P" 2>/dev/null
	wait "$P" 2>/dev/null
	ok 1 "the probe started its signal traps"
	skip "the probe did not start"
fi

# shellcheck disable=SC2086
$SW_AS "$SANDWRAP" -- sleep "$T_TERM" >/dev/null 2>&1 &
P=$!
wait_until '[ -n "$(sleep_pids "$T_TERM")" ]' 3000
ok '[ -n "$(sleep_pids "$T_TERM")" ]' "sleep is running in the sandbox"
start=$(now_ms)
kill -TERM "$P"
finish "$P" 3000
rc=$?
elapsed=$(($(now_ms) - start))
ok '[ "$elapsed" -lt 2000 ]' "TERM ends 'sleep' (no handler) within 2 s (${elapsed} ms)"
is "$rc" 143 "the status is 128+TERM"
ok '[ -z "$(sleep_pids "$T_TERM")" ]' "no sleep left on the host"

# --- reaping and lifetime -----------------------------------------------

sw -- sh -c '
	state() { for f in /proc/[0-9]*/stat; do
		s=$(cat "$f" 2>/dev/null) || continue
		s=${s##*) }; echo "${s%% *}"
	done; }
	for i in 1 2 3 4 5; do (sleep 0.2 &); done
	echo "sleeping=$(state | grep -c "^S")"
	sleep 1
	echo "zombies=$(state | grep -c "^Z")"'
like "$SW_OUT" '^sleeping=([6-9]|[1-9][0-9])$' "five orphans were running"
like "$SW_OUT" '^zombies=0$' "orphans are reaped: no zombie left"

start=$(now_ms)
# shellcheck disable=SC2086 # $SW_AS is a list of words
timeout -s KILL 5 $SW_AS "$SANDWRAP" -- sh -c "sleep $T_ORPHAN & exit 3"
rc=$?
elapsed=$(($(now_ms) - start))
is "$rc" 3 "the status of the command is kept when a child remains"
ok '[ "$elapsed" -lt 1000 ]' "sandwrap returns within 1 s (${elapsed} ms)"
ok '[ -z "$(sleep_pids "$T_ORPHAN")" ]' "the background sleep is gone from the host"

# shellcheck disable=SC2086
$SW_AS "$SANDWRAP" -- sleep "$T_KILL" >/dev/null 2>&1 &
P=$!
wait_until '[ -n "$(sleep_pids "$T_KILL")" ]' 3000
ok '[ -n "$(sleep_pids "$T_KILL")" ]' "sleep runs before sandwrap is killed"
kill -KILL "$P"
wait "$P" 2>/dev/null
wait_until '[ -z "$(sleep_pids "$T_KILL")" ]' 2000
ok '[ -z "$(sleep_pids "$T_KILL")" ]' "SIGKILL of sandwrap leaves no sandboxed process"

# $SW_AS is plain words (empty as root): it is spliced in unquoted.
SANDWRAP_Q="$SW_AS $(sh_quote "$SANDWRAP")"
start=$(now_ms)
timeout 5 sh -c "trap '' CHLD; exec $SANDWRAP_Q -- true"
rc=$?
elapsed=$(($(now_ms) - start))
is "$rc" 0 "a caller ignoring SIGCHLD gets 0 (${elapsed} ms)"

start=$(now_ms)
sh -c "sleep 0.5 & exec $SANDWRAP_Q -- sleep 1.5"
rc=$?
elapsed=$(($(now_ms) - start))
is "$rc" 0 "an inherited foreign child does not change the status"
ok '[ "$elapsed" -ge 1400 ] && [ "$elapsed" -lt 3000 ]' \
	"sandwrap waits for its command, not for the foreign child (${elapsed} ms)"

# --- stdin --------------------------------------------------------------

SW_OUT=$(echo hello | sw_as "$SANDWRAP" -- cat)
is "$SW_OUT" hello "stdin reaches the command"
start=$(now_ms)
sw -- cat </dev/null
elapsed=$(($(now_ms) - start))
is "$SW_RC" 0 "cat </dev/null exits 0"
ok '[ "$elapsed" -lt 1000 ]' "at once (${elapsed} ms)"

# --- pid namespace ------------------------------------------------------

probe_in pid
is "$SW_OUT" "pid=2 ppid=1" "the command is pid 2, child of the sandbox init"
probe_in ls /proc
pids=$(printf '%s\n' "$SW_OUT" | grep -E '^[0-9]+$' | sort -n | tr '\n' ' ')
is "$pids" "1 2 " "only the sandbox's processes are in /proc"
probe_in exists "/proc/$$"
is "$SW_OUT" ENOENT "the test shell's pid is not visible"

done_testing
