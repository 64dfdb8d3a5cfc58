#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Start-up cost of sandwrap next to doing nothing, a bare unshare, bwrap
# with an equivalent view, and firejail / docker when they are installed.
# A second part scales the number of extra read-only binds (see README.md).
#
# Usage: sudo bench/startup.sh
# Environment: SANDWRAP (default ./sandwrap), BENCH_WARMUP (5), BENCH_RUNS
# (50), BENCH_SCALES ("10 100 1000"), BENCH_OUT (directory for the JSON
# results; default a temporary directory that is removed at the end).

set -u

SANDWRAP=${SANDWRAP:-./sandwrap}
WARMUP=${BENCH_WARMUP:-5}
RUNS=${BENCH_RUNS:-50}
SCALES=${BENCH_SCALES:-10 100 1000}
# Above this many binds a run takes long enough that fewer runs will do.
BIG_SCALE=1000
BIG_WARMUP=2
BIG_RUNS=15

# The /etc entries of sandwrap's built-in policy (policy/defaults.c).
ETC_FILES="passwd group nsswitch.conf resolv.conf host.conf gai.conf hosts
ld.so.cache ld.so.conf ld.so.conf.d localtime timezone alternatives
ssl/certs ssl/openssl.cnf ca-certificates ca-certificates.conf services
protocols mime.types locale.alias locale.conf default/locale profile
profile.d bash.bashrc inputrc terminfo shells login.defs mailcap magic xdg"
# The top-level links or directories of merged and split /usr layouts.
HOST_DIRS="bin sbin lib lib64 lib32 libx32"

die()
{
	echo "startup.sh: $*" >&2
	exit 1
}

note()
{
	echo "startup.sh: $*" >&2
}

[ "$(id -u)" = 0 ] || die "must run as root (sandwrap's default policy and bwrap --cap-drop ALL need it)"
command -v hyperfine >/dev/null || die "hyperfine is not installed"
command -v bwrap >/dev/null || die "bwrap is not installed"
command -v python3 >/dev/null || die "python3 is not installed"

WORK=$(mktemp -d -p /var/tmp) || die "cannot create a work directory"
OUT=${BENCH_OUT:-$WORK}
mkdir -p "$OUT" || die "cannot create $OUT"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Arguments of bwrap giving the view of sandwrap's default policy.
bwrap_default_args()
{
	printf '%s' "--ro-bind /usr /usr"
	for d in $HOST_DIRS; do
		if [ -L "/$d" ]; then
			printf ' --symlink %s /%s' "$(readlink "/$d")" "$d"
		elif [ -d "/$d" ]; then
			printf ' --ro-bind /%s /%s' "$d" "$d"
		fi
	done
	for f in $ETC_FILES; do
		[ -e "/etc/$f" ] && printf ' --ro-bind /etc/%s /etc/%s' "$f" "$f"
	done
	printf ' %s' "--tmpfs /run --tmpfs /tmp --proc /proc --dev /dev" \
		"--unshare-pid --unshare-ipc --unshare-uts --die-with-parent" \
		"--cap-drop ALL"
}

# make_dirs N: N directories for the extra binds, printed one a line.
make_dirs()
{
	dir="$WORK/binds-$1"
	i=1
	while [ "$i" -le "$1" ]; do
		printf '%s/d%04d\n' "$dir" "$i"
		i=$((i + 1))
	done | tee "$WORK/list-$1" | xargs mkdir -p
	cat "$WORK/list-$1"
}

bwrap_binds()
{
	while read -r d; do
		printf ' --ro-bind %s %s' "$d" "$d"
	done
}

# Every candidate runs once first: one that fails is reported and left
# out instead of aborting the whole measurement.  Each line of $1 is
# NAME<TAB>COMMAND; the ones that work are appended to $2.
preflight()
{
	while IFS='	' read -r name cmd; do
		# shellcheck disable=SC2086 # the command is a word list
		if err=$(eval "$cmd" 2>&1 >/dev/null </dev/null); then
			printf '%s\t%s\n' "$name" "$cmd" >>"$2"
		else
			note "$name failed: $(printf '%s' "$err" | head -n 1)"
		fi
	done <"$1"
}

# run_hyperfine JSON WARMUP RUNS LIST
run_hyperfine()
{
	[ -s "$4" ] || return 0
	args=
	while IFS='	' read -r name cmd; do
		args="$args -n '$name' '$cmd'"
	done <"$4"
	eval "hyperfine -N --style basic --warmup $2 --runs $3 \
		--export-json '$1' $args" >&2 ||
		note "hyperfine failed for $4"
}

BWRAP="bwrap $(bwrap_default_args)"
SW="$SANDWRAP"

candidates="$WORK/candidates"
big="$WORK/candidates-big"
: >"$candidates"
: >"$big"

{
	printf 'true\t/bin/true\n'
	printf 'unshare\tunshare --mount --pid --fork --ipc --uts /bin/true\n'
	printf 'bwrap\t%s /bin/true\n' "$BWRAP"
	printf 'sandwrap\t%s -- /bin/true\n' "$SW"
} >>"$candidates"

if command -v firejail >/dev/null; then
	printf 'firejail\tfirejail --quiet --noprofile /bin/true\n' >>"$candidates"
else
	note "firejail is not installed, skipped"
fi

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
	# An empty local image with the host's /usr bound in: no registry.
	tar cf - -T /dev/null | docker import -q - sw-bench-empty >/dev/null &&
		printf 'docker\tdocker run --rm --network none %s\n' \
			"-v /usr:/usr:ro -v /lib:/lib:ro -v /lib64:/lib64:ro sw-bench-empty /usr/bin/true" \
			>>"$candidates"
else
	note "docker is not installed or its daemon is not reachable, skipped"
fi

for n in $SCALES; do
	list=$(make_dirs "$n")
	# shellcheck disable=SC2086 # one word per directory
	sw_binds=$(printf '%s\n' "$list" | tr '\n' ' ' | sed 's/ $//')
	target=$candidates
	[ "$n" -ge "$BIG_SCALE" ] && target=$big
	printf 'bwrap+%s\t%s%s /bin/true\n' "$n" "$BWRAP" \
		"$(printf '%s\n' "$list" | bwrap_binds)" >>"$target"
	printf 'sandwrap+%s\t%s -p "BindReadOnlyPaths=%s" -- /bin/true\n' \
		"$n" "$SW" "$sw_binds" >>"$target"
done

preflight "$candidates" "$WORK/run-main"
preflight "$big" "$WORK/run-big"
run_hyperfine "$OUT/startup.json" "$WARMUP" "$RUNS" "$WORK/run-main"
run_hyperfine "$OUT/startup-big.json" "$BIG_WARMUP" "$BIG_RUNS" "$WORK/run-big"

# Medians, and each one against the bwrap run with the same number of
# extra binds (plain bwrap for the rows without any).
python3 - "$OUT/startup.json" "$OUT/startup-big.json" <<'EOF'
import json, os, sys

rows = []
for path in sys.argv[1:]:
    if os.path.exists(path):
        with open(path) as f:
            rows += json.load(f)["results"]
if not rows:
    sys.exit("startup.sh: nothing was measured")

median = {r["command"]: r["median"] for r in rows}

def reference(name):
    suffix = name.partition("+")[2]
    return median.get("bwrap+" + suffix if suffix else "bwrap")

print()
print(f"{'command':<16}{'median ms':>11}{'mean ms':>10}{'stddev':>9}"
      f"{'runs':>6}{'vs bwrap':>10}")
for r in rows:
    ref = reference(r["command"])
    ratio = f"{r['median'] / ref:.2f}x" if ref else "-"
    print(f"{r['command']:<16}{r['median'] * 1e3:>11.2f}"
          f"{r['mean'] * 1e3:>10.2f}{r['stddev'] * 1e3:>9.2f}"
          f"{len(r['times']):>6}{ratio:>10}")
EOF
