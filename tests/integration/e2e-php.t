#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The reference deployment, end to end: nginx and MariaDB on the host,
# php-fpm sandboxed with examples/php-fpm.conf.  Everything runs on
# loopback with its own configuration, sockets and data under the scratch
# directory; the host paths of the example policy are replaced by scratch
# directories with -p, nothing of the machine's own configuration is used
# or changed.
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
# The daemons start as root and drop to www-data (User=): root's job.
! unpriv || skip_all "unprivileged caller: the service starts as root by design"
need_sandwrap
for cmd in php-fpm8.2 nginx mariadbd mariadb-install-db mariadb curl \
	nsenter ss; do
	need_cmd "$cmd"
done
getent passwd www-data >/dev/null || skip_all "no user www-data"

S=$SW_SCRATCH
POLICY=$SW_SRCDIR/examples/php-fpm.conf
POOL=sw-e2e-$$
LOG=$SW_LOG_SCRATCH/php-fpm

# --- helpers ------------------------------------------------------------

# get PAGE: fetch http://127.0.0.1:PORT/PAGE into $BODY (cookies kept).
get()
{
	BODY=$(curl -s -m 10 -b "$S/cookies" -c "$S/cookies" \
		"http://127.0.0.1:$PORT/$1")
}

# --- the site -------------------------------------------------------------

install -d -m 0755 "$S/www" "$S/conf" "$S/sock" "$S/mysqld" "$S/nginx"
install -d -m 1733 "$S/sessions"
# www-data may write the site on the host: only the read-only bind stops
# it inside.
chown www-data "$S/www"

cat >"$S/www/db.php" <<'EOF'
<?php
// Through mysqli's default socket, /var/run/mysqld/mysqld.sock.
$db = new mysqli('localhost', 'swweb', 'sw-secret', 'swtest');
foreach ($db->query('SELECT name FROM fruit ORDER BY id') as $row)
	echo 'row: ', $row['name'], "\n";
// Through PDO and the socket path of the policy, /run/mysqld.
$pdo = new PDO('mysql:unix_socket=/run/mysqld/mysqld.sock;dbname=swtest',
	'swweb', 'sw-secret');
echo 'count: ', $pdo->query('SELECT COUNT(*) FROM fruit')->fetchColumn(), "\n";
EOF
cat >"$S/www/session.php" <<'EOF'
<?php
session_start();
$_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
echo 'visits: ', $_SESSION['visits'], "\n", 'id: ', session_id(), "\n";
EOF
cat >"$S/www/try.php" <<'EOF'
<?php
// Each attempt prints OK or the error PHP reports.
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
case 'root':
	report(@scandir('/root'));
	break;
case 'docker':
	foreach (['/run/docker.sock', '/var/run/docker.sock'] as $path) {
		$s = @stream_socket_client("unix://$path", $errno, $errstr, 2);
		echo $s ? "OK\n" : "$path: $errstr\n";
	}
	break;
case 'run':
	echo implode(' ', array_diff(scandir('/run'), ['.', '..'])), "\n";
	break;
case 'whoami':
	echo posix_getpwuid(posix_geteuid())['name'], "\n";
	break;
}
EOF
chmod 0644 "$S/www"/*.php

# --- MariaDB on the host --------------------------------------------------

mariadb-install-db --no-defaults --datadir="$S/db" --user=root \
	--auth-root-authentication-method=socket --skip-test-db \
	>"$S/mariadb-install.log" 2>&1 ||
	{ diag "$(tail -n 20 "$S/mariadb-install.log")"; bail_out "mariadb-install-db failed"; }
mariadbd --no-defaults --datadir="$S/db" --user=root --skip-networking \
	--socket="$S/mysqld/mysqld.sock" --pid-file="$S/mysqld/mysqld.pid" \
	--log-error="$S/mariadb.err" --skip-log-bin --innodb-buffer-pool-size=16M \
	>/dev/null 2>&1 &
DB_PID=$!
on_exit "stop_pid $DB_PID"
wait_for '[ -S "$S/mysqld/mysqld.sock" ]' 150 ||
	{ diag "$(tail -n 20 "$S/mariadb.err")"; bail_out "MariaDB did not start"; }
mariadb --no-defaults --socket="$S/mysqld/mysqld.sock" -u root <<'EOF' ||
CREATE DATABASE swtest;
CREATE TABLE swtest.fruit (id INT PRIMARY KEY, name VARCHAR(20));
INSERT INTO swtest.fruit VALUES (1, 'apple'), (2, 'banana'), (3, 'cherry');
CREATE USER 'swweb'@'localhost' IDENTIFIED BY 'sw-secret';
GRANT SELECT ON swtest.* TO 'swweb'@'localhost';
EOF
	bail_out "cannot create the test database"

# --- php-fpm in the sandbox -------------------------------------------------

cat >"$S/conf/php-fpm.conf" <<EOF
[global]
pid = /run/php-fpm.pid
error_log = /var/log/php-fpm.log
log_level = notice

[$POOL]
user = www-data
group = www-data
listen = /run/php/php-fpm.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 2
EOF

# The example policy, with its host paths replaced by the scratch tree:
# each list is reset, then given the test's own sources.
set -- --policy "$POLICY" \
	-p ReadOnlyPaths= -p "ReadOnlyPaths=$S/conf" \
	-p ReadWritePaths= -p BindPaths= \
	-p "BindPaths=$S/sessions:/var/lib/php/sessions $S/sock:/run/php" \
	-p BindReadOnlyPaths= \
	-p "BindReadOnlyPaths=$S/www:/var/www $S/mysqld:/run/mysqld" \
	-p "BindReadOnlyPaths=$S/mysqld:/var/run/mysqld" \
	-p "LogDirectory=$LOG"
FPM_ARGS="php-fpm8.2 -F -y $S/conf/php-fpm.conf"

sw check "$@"
is "$SW_RC" 0 "examples/php-fpm.conf passes sandwrap check" || diag_sw
like "$SW_OUT" "^capabilities: bounding CAP_CHOWN CAP_KILL CAP_SETGID CAP_SETUID;" \
	"it grants CAP_SETUID CAP_SETGID CAP_CHOWN CAP_KILL only"
for example in default shell; do
	sw check --policy "$SW_SRCDIR/examples/$example.conf"
	is "$SW_RC" 0 "examples/$example.conf passes sandwrap check" || diag_sw
done

# start_fpm: start php-fpm in the sandbox; FPM is sandwrap's pid.
start_fpm()
{
	# shellcheck disable=SC2086 # FPM_ARGS is a word list
	"$SANDWRAP" "$@" -- $FPM_ARGS >>"$S/fpm.out" 2>&1 &
	FPM=$!
	on_exit "stop_pid $FPM"
	wait_for '[ -S "$S/sock/php-fpm.sock" ] || ! kill -0 $FPM 2>/dev/null' &&
		kill -0 "$FPM" 2>/dev/null
}

# fpm_pids: the master's pid on the host, then its workers', sorted.
fpm_master()
{
	children "$(children "$FPM")"
}

fpm_workers()
{
	children "$(fpm_master)" | sort -n | tr '\n' ' '
}

start_fpm "$@"
ok $? "php-fpm starts under sandwrap with the example policy" ||
	diag "$(cat "$S/fpm.out" "$LOG/php-fpm.log" 2>/dev/null)"
ok '[ "$(stat -c %U:%G:%a "$S/sock/php-fpm.sock")" = www-data:www-data:660 ]' \
	"its socket is on the host, owned by www-data (listen.owner)"
wait_for '[ "$(fpm_workers | wc -w)" = 2 ]'
MASTER=$(fpm_master)
WORKERS=$(fpm_workers)
is "$(ps -o user= -p "$MASTER")" root "the master runs as root"
is "$(for p in $WORKERS; do ps -o user= -p "$p"; done | sort -u)" www-data \
	"its two workers run as www-data"
is "$(awk '/^CapEff/ { print $2 }' "/proc/$MASTER/status")" 00000000000000e1 \
	"the master has exactly CHOWN KILL SETGID SETUID"
is "$(for p in $WORKERS; do awk '/^Cap(Prm|Eff|Bnd)/ { print $2 }' \
	"/proc/$p/status"; done | sort -u | head -n 2 | tr '\n' ' ')" \
	"0000000000000000 00000000000000e1 " \
	"the workers have no capability (only the bounding set is left)"

# --- nginx on the host ------------------------------------------------------

PORT=$(free_port)
mkdir -p "$S/nginx/tmp"
cat >"$S/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
user www-data;
pid $S/nginx/nginx.pid;
error_log $S/nginx/error.log;
events { worker_connections 64; }
http {
	access_log $S/nginx/access.log;
	client_body_temp_path $S/nginx/tmp/body;
	fastcgi_temp_path $S/nginx/tmp/fastcgi;
	proxy_temp_path $S/nginx/tmp/proxy;
	uwsgi_temp_path $S/nginx/tmp/uwsgi;
	scgi_temp_path $S/nginx/tmp/scgi;
	server {
		listen 127.0.0.1:$PORT;
		location ~ \.php\$ {
			fastcgi_pass unix:$S/sock/php-fpm.sock;
			fastcgi_param SCRIPT_FILENAME /var/www\$fastcgi_script_name;
			fastcgi_param SCRIPT_NAME \$fastcgi_script_name;
			fastcgi_param QUERY_STRING \$query_string;
			fastcgi_param REQUEST_METHOD \$request_method;
			fastcgi_param CONTENT_TYPE \$content_type;
			fastcgi_param CONTENT_LENGTH \$content_length;
			fastcgi_param REQUEST_URI \$request_uri;
			fastcgi_param SERVER_PROTOCOL \$server_protocol;
			fastcgi_param REMOTE_ADDR \$remote_addr;
			fastcgi_param SERVER_NAME \$server_name;
			fastcgi_param SERVER_PORT \$server_port;
		}
	}
}
EOF
nginx -e "$S/nginx/error.log" -p "$S/nginx" -c "$S/nginx/nginx.conf" \
	>"$S/nginx/out" 2>&1 &
NGINX=$!
on_exit "stop_pid $NGINX"
wait_for "[ -n \"\$(ss -Hltn 'sport = :$PORT')\" ] || ! kill -0 $NGINX" ||
	bail_out "nginx did not start: $(cat "$S/nginx/out" "$S/nginx/error.log")"

# --- the site works ---------------------------------------------------------

get try.php?what=whoami
is "$BODY" www-data "a page runs, as www-data"
get db.php
is "$BODY" "row: apple
row: banana
row: cherry
count: 3" "a page reads the rows of MariaDB through /var/run/mysqld and /run/mysqld"
rm -f "$S/cookies"
get session.php
like "$BODY" "^visits: 1$" "a page starts a session"
# shellcheck disable=SC2034 # SID is read by the ok condition
SID=$(printf '%s\n' "$BODY" | sed -n 's/^id: //p')
get session.php
like "$BODY" "^visits: 2$" "the next request reads it back (cookie)"
ok '[ -n "$SID" ] && [ -s "$S/sessions/sess_$SID" ]' \
	"the session file is in the writable session directory on the host"

# --- and cannot reach what is not in the policy -----------------------------

get try.php?what=shadow
like "$BODY" "^file_get_contents\(/etc/shadow\).*No such file or directory$" \
	"reading /etc/shadow fails: No such file or directory"
get try.php?what=www
like "$BODY" "^file_put_contents\(/var/www/planted.php\).*Read-only file system$" \
	"writing into /var/www fails: Read-only file system"
ok '[ ! -e "$S/www/planted.php" ]' "and nothing was written on the host"
get try.php?what=root
like "$BODY" "^scandir\(.*No such file or directory$" \
	"listing /root fails: No such file or directory"
get try.php?what=docker
is "$BODY" "/run/docker.sock: No such file or directory
/var/run/docker.sock: No such file or directory" \
	"the docker socket cannot be reached at either path"

# --- reload with SIGUSR2 ------------------------------------------------------

kill -USR2 "$FPM"
wait_for '[ "$(fpm_workers | wc -w)" = 2 ] && [ "$(fpm_workers)" != "$WORKERS" ] &&
	[ "$(grep -c "ready to handle connections" "$LOG/php-fpm.log")" = 2 ]'
like "$(cat "$LOG/php-fpm.log")" "NOTICE: Reloading in progress" \
	"SIGUSR2 to sandwrap reloads php-fpm (its log says so)"
isnt "$(fpm_workers)" "$WORKERS" "the workers have new pids"
is "$(fpm_master)" "$MASTER" "the master is the same process"
get session.php
like "$BODY" "^visits: 3$" "the site still works after the reload"

# --- /run is the sandbox's own, and fresh at every start --------------------

nsenter -t "$MASTER" -m -- sh -c ': > /run/left-over' ||
	diag "cannot enter the sandbox's mount namespace"
get try.php?what=run
is "$BODY" "left-over mysqld php php-fpm.pid" \
	"/run inside holds the pid file, the two bound directories and a test file"
ok '[ ! -e /run/left-over ] && [ ! -e /run/php-fpm.pid ]' \
	"none of it is on the host's /run"

# --- stop with SIGTERM --------------------------------------------------------

WORKERS=$(fpm_workers)
kill -TERM "$FPM"
wait_for "! kill -0 $FPM 2>/dev/null" 100
wait "$FPM"
is "$?" 0 "SIGTERM to sandwrap stops php-fpm, status 0"
like "$(tail -n 1 "$LOG/php-fpm.log")" "NOTICE: exiting, bye-bye!" \
	"php-fpm exited cleanly (its log says so)"
left=
for p in $MASTER $WORKERS; do
	! kill -0 "$p" 2>/dev/null || left="$left $p"
done
is "$left" "" "the master and its workers are gone"
is "$(pgrep -f "$S/conf/php-fpm.conf|pool $POOL" | tr '\n' ' ')" "" \
	"no php-fpm process of this test is left on the host"

# --- restart: the log survives, /run is new -----------------------------------

LINES=$(wc -l <"$LOG/php-fpm.log")
start_fpm "$@"
ok $? "php-fpm starts again" || diag "$(cat "$S/fpm.out")"
wait_for '[ "$(fpm_workers | wc -w)" = 2 ]'
ok '[ "$(grep -c "NOTICE: fpm is running" "$LOG/php-fpm.log")" = 3 ] &&
	[ "$(wc -l <"$LOG/php-fpm.log")" -gt "$LINES" ]' \
	"the log keeps the lines of the first run and gets those of the second"
get try.php?what=run
is "$BODY" "mysqld php php-fpm.pid" "/run inside is new: the test file is gone"
get session.php
like "$BODY" "^visits: 4$" "the session survived the restart"
kill -TERM "$FPM"
wait "$FPM"
is "$?" 0 "the second run stops with status 0 too"

done_testing
