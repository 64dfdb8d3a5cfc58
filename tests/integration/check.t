#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# "sandwrap check", --dry-run, policy lookup and policy diagnostics.
# shellcheck disable=SC1091,SC2016 # lib.sh is sourced at run time; ok evals
. "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
need_root
need_sandwrap
ensure_users

# --- the plan table -----------------------------------------------------

sw check
is "$SW_RC" 0 "check exits 0 with the default policy"
like "$SW_OUT" "^Sandbox of policy 'default'" "the header names the policy"
like "$SW_OUT" '^/usr +bind +/usr +ro ' "/usr is a read-only bind"
like "$SW_OUT" '^/etc/passwd +[a-z]+ +/etc/passwd +ro ' \
	"/etc/passwd is shown read-only"
like "$SW_OUT" '^/proc +proc ' "/proc is a proc instance"
like "$SW_OUT" "^user: +$SW_CALLER \\(uid $(id -u "$SW_CALLER"), gid $(id -g "$SW_CALLER")" \
	"the user line shows the caller ($SW_CALLER)"
is "$SW_ERR" "" "nothing on stderr"

sw check -p "User=$SW_SVC"
like "$SW_OUT" "^user: +$SW_SVC \\(uid $SW_SVC_UID, gid $(id -g "$SW_SVC")" \
	"the user line follows User=$SW_SVC"

# Unprivileged, only the caller's own user and groups are possible.
if unpriv; then
	for spec in User=root User=svc-a Group=svc-a SupplementaryGroups=svc-a; do
		key=${spec%%=*}
		sw check -p "$spec"
		is "$SW_RC" 1 "unprivileged: check -p $spec exits 1"
		like "$SW_ERR" "^sandwrap: default: <command line>: $key: .*(needs root|cannot add groups)" \
			"unprivileged: the message says why $spec is impossible"
		marker_clear
		sw -p "$SW_MARKER_OPT" -p "$spec" -- sh -c ": > $(marker_in ran)"
		is "$SW_RC" 125 "unprivileged: a run with $spec stops with 125"
		ok '[ ! -e "$(marker_path ran)" ]' \
			"unprivileged: the command never ran ($spec)"
	done
	sw check -p "Group=$SW_CALLER" -p "SupplementaryGroups=$SW_CALLER"
	like "$SW_OUT" "^user: +$SW_CALLER " \
		"unprivileged: the caller's own group is accepted"
fi

# --- diagnostics --------------------------------------------------------

sw check -p ReadOnlyPaths=relative
is "$SW_RC" 1 "a bad -p value makes check exit 1"
like "$SW_ERR" '^sandwrap: (default: )?<command line>: ReadOnlyPaths: .*relative' \
	"the message names the command line, the key and the value"

sw check -p "SwBogusKey$$=1"
is "$SW_RC" 1 "an unknown key makes check exit 1"
like "$SW_ERR" "^sandwrap: .*SwBogusKey$$" "the message names the unknown key"

marker_clear
sw -p "$SW_MARKER_OPT" -p "SwBogusKey$$=1" -- sh -c ": > $(marker_in ran)"
is "$SW_RC" 125 "an unknown key stops a run with 125"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"

BAD="$SW_SCRATCH/sw-bad.conf"
printf '%s\n' '[Sandbox]' '# comment' 'ReadOnlyPaths=relative' \
	'User=svc-a' 'SwBogusKey=1' >"$BAD"
sw check --policy "$BAD"
is "$SW_RC" 1 "a policy file with errors makes check exit 1"
like "$SW_ERR" "$BAD:3: ReadOnlyPaths:" "the error on line 3 is reported"
like "$SW_ERR" "$BAD:5: .*SwBogusKey" "the error on line 5 is reported too"
like "$SW_ERR" "^sandwrap: sw-bad: $BAD:3: " \
	"the message starts with the policy name (sandwrap: POLICY: FILE:LINE:)"

# --- dry run ------------------------------------------------------------

marker_clear
sw -p "$SW_MARKER_OPT" --dry-run -- sh -c ": > $(marker_in ran)"
is "$SW_RC" 0 "--dry-run exits 0"
like "$SW_OUT" '^/usr +bind +/usr +ro ' "--dry-run prints the plan"
like "$SW_OUT" "^/sw-markers +bind " "the plan has the -p bind"
ok '[ ! -e "$(marker_path ran)" ]' "--dry-run runs nothing"
marker_clear
sw -p "$SW_MARKER_OPT" -n -- sh -c ": > $(marker_in ran)"
ok '[ "$SW_RC" = 0 ] && [ ! -e "$(marker_path ran)" ]' "-n runs nothing"

# --- policy lookup in /etc/sandwrap -------------------------------------

NAME="sw-check-$$"
CONF_DIR=/etc/sandwrap
ensure_host_dir "$CONF_DIR"
on_exit "rm -rf $(sh_quote "$CONF_DIR/$NAME.conf") \
	$(sh_quote "$CONF_DIR/$NAME.conf.d")"
printf '%s\n' '[Policy]' "Description=test $NAME" '[Sandbox]' \
	"Hostname=main-$$" "User=$SW_SVC" >"$CONF_DIR/$NAME.conf"
install -d -m 0755 "$CONF_DIR/$NAME.conf.d"
printf '%s\n' '[Sandbox]' "Hostname=dropin-$$" \
	>"$CONF_DIR/$NAME.conf.d/10-x.conf"

sw check --policy "$NAME"
is "$SW_RC" 0 "--policy NAME finds $CONF_DIR/NAME.conf"
like "$SW_OUT" "^Sandbox of policy '$NAME'" "the policy is named after the file"
like "$SW_OUT" "^user: +$SW_SVC " "the policy file applies (User=$SW_SVC)"
like "$SW_OUT" "^hostname: +dropin-$$\$" "its drop-in applies after it"

sw --policy "$NAME" -- sh -c 'echo "$(hostname) $(id -un)"'
is "$SW_OUT" "dropin-$$ $SW_SVC" "a run uses the policy and its drop-in"

sw -P "$NAME" -p "Hostname=cli-$$" -- hostname
is "$SW_OUT" "cli-$$" "-p assignments apply after the drop-ins"

MISSING="sw-missing-$$"
sw check --policy "$MISSING"
is "$SW_RC" 1 "check of a missing policy exits 1"
like "$SW_ERR" "$CONF_DIR/$MISSING.conf" "the message names the path tried"
marker_clear
sw -p "$SW_MARKER_OPT" --policy "$MISSING" -- sh -c ": > $(marker_in ran)"
is "$SW_RC" 125 "running a missing policy fails with 125"
ok '[ ! -e "$(marker_path ran)" ]' "the command never ran"
like "$SW_ERR" "$CONF_DIR/$MISSING.conf" "the message names the path tried"
is "$(printf '%s\n' "$SW_ERR" | wc -l)" 1 "the failure is reported once"

done_testing
