#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# sandwrap is setuid-free: what `make install` puts on the system carries no
# setuid or setgid bit and no file capability, and still works.
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
# it starts sandwrap as an unprivileged user: not while userns-off.t runs
userns_lock_shared
ensure_users

DEST="$SW_SCRATCH/dest"
make -s -C "$SW_BUILDDIR" install DESTDIR="$DEST" >"$SW_SCRATCH/install.log" 2>&1
is "$?" 0 "make install succeeds"
BIN="$DEST/usr/bin/sandwrap"
ok '[ -x "$BIN" ]' "sandwrap is installed in bindir"
ok '[ -x "$DEST/usr/bin/sandwrap-shell" ]' "so is sandwrap-shell"
like "$(ldd "$DEST/usr/bin/sandwrap-shell" 2>&1)" "not a dynamic executable" \
	"sandwrap-shell is static: no dynamic loader reads a login's environment"
is "$(find "$DEST" -perm /6000 -type f | wc -l)" 0 \
	"nothing installed is setuid or setgid"
is "$(find "$DEST" -name 'sandwrap*' -perm /6000 | wc -l)" 0 \
	"no sandwrap file is setuid or setgid"
caps=$(python3 -c 'import os, sys
try:
    print(len(os.getxattr(sys.argv[1], "security.capability")))
except OSError:
    print(0)' "$BIN")
is "$caps" 0 "the binary has no file capabilities"
ok '[ -f "$DEST/usr/share/man/man1/sandwrap.1" ]' "sandwrap(1) is installed"
ok '[ -f "$DEST/usr/share/man/man5/sandwrap.policy.5" ]' \
	"sandwrap.policy(5) is installed"
ok '[ -f "$DEST/usr/share/doc/sandwrap/examples/php-fpm.conf" ]' \
	"the example policies are installed"

# The installed copy works, as root and unprivileged.
"$BIN" -- sh -c 'touch /usr/x' 2>"$SW_SCRATCH/err"
is "$?" 1 "the installed sandwrap runs a command"
like "$(cat "$SW_SCRATCH/err")" "Read-only file system" "with /usr read-only"
runuser -u svc-a -- "$BIN" -- sh -c 'touch /usr/x' 2>"$SW_SCRATCH/err"
is "$?" 1 "an unprivileged user runs it the same way, without any setuid"
like "$(cat "$SW_SCRATCH/err")" "Read-only file system" "with /usr read-only"

done_testing
