/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The built-in policy: what every sandbox starts from before the named
 * policy, its drop-ins and the -p assignments are applied on top.  It is
 * written in the policy language itself so that `sandwrap check` can show
 * where each default came from ("<built-in>:LINE").
 */
#include "policy/policy.h"

static const char default_policy[] =
	"[Sandbox]\n"
	/* The host's own installed system, read-only.  The '-' marks
	 * directories that some distributions do not have (merged /usr
	 * makes /bin, /sbin and /lib symlinks into /usr). */
	"HostImage=/usr -/bin -/sbin -/lib -/lib64 -/lib32 -/libx32\n"
	/* The /etc allow-list: what ordinary programs need to resolve users,
	 * host names and time zones, load libraries, verify TLS
	 * certificates and start a shell.  passwd and group must exist;
	 * the rest is copied only when the host has it.  Nothing here holds
	 * a secret (no shadow, no ssh keys, no service configuration). */
	"EtcFiles=passwd group -nsswitch.conf -resolv.conf -host.conf"
	" -gai.conf -hosts -ld.so.cache -ld.so.conf -ld.so.conf.d"
	" -localtime -timezone -alternatives -ssl/certs -ssl/openssl.cnf"
	" -ca-certificates -ca-certificates.conf -services -protocols"
	" -mime.types -locale.alias -locale.conf -default/locale -profile"
	" -profile.d -bash.bashrc -inputrc -terminfo -shells -login.defs"
	" -mailcap -magic -xdg\n"
	/* A private /tmp; the host network stays reachable unless the
	 * policy asks for a network namespace of its own. */
	"PrivateTmp=yes\n"
	"PrivateNetwork=no\n"
	/* No persistent /var/log unless the policy asks for one. */
	"LogDirectory=no\n"
	/* /proc as the kernel mounts it: no hidepid=, no subset=pid. */
	"ProtectProc=default\n"
	"ProcSubset=all\n"
	/* System calls that only serve to break out of a sandbox or to
	 * reconfigure the kernel; plan resolution defines the group. */
	"SystemCallFilter=~@sandbox-escape\n"
	/* Files created without group or other write permission. */
	"UMask=0022\n";

int sw_policy_load_defaults(struct sw_policy *policy, struct sw_diag *diag)
{
	return sw_policy_parse_string(policy, "<built-in>", default_policy,
				      diag);
}
