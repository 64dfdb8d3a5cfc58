#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# apache2 with mod_php, sandboxed with examples/apache2.conf, end to end:
# its own configuration (ServerRoot) and site under the scratch
# directory, a loopback port, the example's host paths replaced with -p.
# Nothing of the machine's own configuration is used or changed.
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
# The daemons start as root and drop to www-data (User=): root's job.
! unpriv || skip_all "unprivileged caller: the service starts as root by design"
need_sandwrap
for cmd in apache2 curl ss; do
	need_cmd "$cmd"
done
MODULES=/usr/lib/apache2/modules
[ -f "$MODULES/libphp8.2.so" ] || skip_all "libapache2-mod-php8.2 not installed"
getent passwd www-data >/dev/null || skip_all "no user www-data"

S=$SW_SCRATCH
POLICY=$SW_SRCDIR/examples/apache2.conf
LOG=$SW_LOG_SCRATCH/apache2

get()
{
	BODY=$(curl -s -m 10 -b "$S/cookies" -c "$S/cookies" \
		"http://127.0.0.1:$PORT/$1")
}

# --- the site and the server's configuration --------------------------------

install -d -m 0755 "$S/www" "$S/apache"
install -d -m 1733 "$S/sessions"
chown www-data "$S/www"
cat >"$S/www/hello.php" <<'EOF'
<?php
echo 'PHP ', PHP_MAJOR_VERSION, '.', PHP_MINOR_VERSION, ' ', php_sapi_name(),
	' as ', posix_getpwuid(posix_geteuid())['name'], "\n";
EOF
cat >"$S/www/session.php" <<'EOF'
<?php
session_start();
$_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
echo 'visits: ', $_SESSION['visits'], "\n";
EOF
cat >"$S/www/try.php" <<'EOF'
<?php
function report($ok)
{
	echo $ok !== false ? "OK\n" : (error_get_last()['message'] ?? '?') . "\n";
}
switch ($_GET['what'] ?? '') {
case 'shadow':
	report(@file_get_contents('/etc/shadow'));
	break;
case 'www':
	report(@file_put_contents('/var/www/planted.php', '<?php'));
	break;
case 'apache':
	report(@file_get_contents('/proc/1/environ'));
	break;
}
EOF
chmod 0644 "$S/www"/*.php

PORT=$(free_port)
# The APACHE_* variables come from the example policy's Environment=.
cat >"$S/apache/apache2.conf" <<EOF
ServerName localhost
Listen 127.0.0.1:$PORT
PidFile \${APACHE_PID_FILE}
DefaultRuntimeDir \${APACHE_RUN_DIR}
Mutex file:\${APACHE_LOCK_DIR} default
User \${APACHE_RUN_USER}
Group \${APACHE_RUN_GROUP}
ErrorLog \${APACHE_LOG_DIR}/error.log
LogLevel notice
CustomLog \${APACHE_LOG_DIR}/access.log "%h \"%r\" %>s"
LoadModule mpm_prefork_module $MODULES/mod_mpm_prefork.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule php_module $MODULES/libphp8.2.so
StartServers 2
MinSpareServers 2
MaxSpareServers 2
DocumentRoot /var/www
<Directory />
	Require all denied
</Directory>
<Directory /var/www>
	Require all granted
</Directory>
<FilesMatch "\.php\$">
	SetHandler application/x-httpd-php
</FilesMatch>
EOF

set -- --policy "$POLICY" \
	-p ReadOnlyPaths= -p "ReadOnlyPaths=$S/apache" \
	-p ReadWritePaths= -p "BindPaths=$S/sessions:/var/lib/php/sessions" \
	-p BindReadOnlyPaths= -p "BindReadOnlyPaths=$S/www:/var/www" \
	-p "LogDirectory=$LOG"

sw check "$@"
is "$SW_RC" 0 "examples/apache2.conf passes sandwrap check" || diag_sw
like "$SW_OUT" "^capabilities: bounding CAP_KILL CAP_SETGID CAP_SETUID CAP_NET_BIND_SERVICE;" \
	"it grants CAP_NET_BIND_SERVICE CAP_SETUID CAP_SETGID CAP_KILL only"

# --- apache2 in the sandbox -------------------------------------------------

"$SANDWRAP" "$@" -- apache2 -d "$S/apache" -f apache2.conf -DFOREGROUND \
	>"$S/apache.out" 2>&1 &
HTTPD=$!
on_exit "stop_pid $HTTPD"
wait_for "[ -n \"\$(ss -Hltn 'sport = :$PORT')\" ] || ! kill -0 $HTTPD 2>/dev/null"
ok 'kill -0 $HTTPD 2>/dev/null' "apache2 starts under sandwrap with the example policy" ||
	diag "$(cat "$S/apache.out" "$LOG/error.log" 2>/dev/null)"

parent()
{
	children "$(children "$HTTPD")"
}

workers()
{
	children "$(parent)" | sort -n | tr '\n' ' '
}

wait_for '[ "$(workers | wc -w)" = 2 ]'
PARENT=$(parent)
WORKERS=$(workers)
is "$(ps -o user= -p "$PARENT")" root "the parent runs as root"
is "$(for p in $WORKERS; do ps -o user= -p "$p"; done | sort -u)" www-data \
	"its children run as www-data"
is "$(awk '/^CapEff/ { print $2 }' "/proc/$PARENT/status")" 00000000000004e0 \
	"the parent has exactly NET_BIND_SERVICE KILL SETGID SETUID"
is "$(for p in $WORKERS; do awk '/^CapEff/ { print $2 }' "/proc/$p/status"; \
	done | sort -u)" 0000000000000000 "the children have no capability"

get hello.php
is "$BODY" "PHP 8.2 apache2handler as www-data" \
	"a PHP page is served by mod_php, as www-data"
rm -f "$S/cookies"
get session.php
get session.php
is "$BODY" "visits: 2" "a session is kept from one request to the next"
get try.php?what=shadow
like "$BODY" "^file_get_contents\(/etc/shadow\).*No such file or directory$" \
	"reading /etc/shadow fails: No such file or directory"
get try.php?what=www
like "$BODY" "^file_put_contents\(/var/www/planted.php\).*Read-only file system$" \
	"writing into /var/www fails: Read-only file system"
ok '[ ! -e "$S/www/planted.php" ]' "and nothing was written on the host"
get try.php?what=apache
like "$BODY" "^file_get_contents\(/proc/1/environ\).*(Permission denied|No such file or directory)$" \
	"a child cannot read the environment of the sandbox's init"

# --- graceful restart and stop ------------------------------------------------

kill -USR1 "$HTTPD"
wait_for '[ "$(workers | wc -w)" = 2 ] && [ "$(workers)" != "$WORKERS" ]'
like "$(cat "$LOG/error.log")" "Graceful restart requested" \
	"SIGUSR1 to sandwrap restarts apache2 gracefully (its log says so)"
isnt "$(workers)" "$WORKERS" "the children have new pids"
get hello.php
is "$BODY" "PHP 8.2 apache2handler as www-data" "the site works after it"

WORKERS=$(workers)
kill -TERM "$HTTPD"
wait_for "! kill -0 $HTTPD 2>/dev/null" 100
wait "$HTTPD"
is "$?" 0 "SIGTERM to sandwrap stops apache2, status 0"
like "$(cat "$LOG/error.log")" "caught SIGTERM, shutting down" \
	"apache2 shut down cleanly (its log says so)"
left=
for p in $PARENT $WORKERS; do
	! kill -0 "$p" 2>/dev/null || left="$left $p"
done
is "$left" "" "the parent and its children are gone"
like "$(cat "$LOG/access.log")" '"GET /hello.php HTTP/1.1" 200' \
	"the access log is in the log directory on the host"

done_testing
