#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#
#   .ci/postgres.sh COMMAND [ARG...]
#
# initdb in a new temp dir, a Unix socket in that dir and no TCP listener
# (listen_addresses=''), trust auth for the superuser "desk" (only the socket's owner and
# root can reach it). COMMAND runs with DESK_TEST_POSTGRES_URL set to the cluster's admin
# URL (what tests/e2e/conftest.py reads); the cluster is stopped and its dir removed when
# this script exits, however it exits. The exit status is COMMAND's.
#
# The server binaries come from $PG_BINDIR, else the newest /usr/lib/postgresql/*/bin,
# else `pg_config --bindir`; if there are none and we are root on a machine with apt,
# the `postgresql` package is installed. PostgreSQL refuses to run as root: as root the
# cluster runs as the user $PG_USER (default "postgres"; created if missing).
set -euo pipefail

die() {
    echo "postgres.sh: $*" >&2
    exit 2
}

[[ $# -gt 0 ]] || die "usage: $0 COMMAND [ARG...]"

find_bindir() {
    if [[ -n ${PG_BINDIR:-} ]]; then
        [[ -x $PG_BINDIR/initdb ]] || die "PG_BINDIR=$PG_BINDIR has no initdb"
        echo "$PG_BINDIR"
        return
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
        echo "$dir"
        return
    fi
    if command -v pg_config >/dev/null; then
        dir=$(pg_config --bindir)
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            echo "$dir"
            return
        fi
    fi
}

bindir=$(find_bindir)
if [[ -z $bindir ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "+ apt-get install postgresql" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq || die "apt-get update failed"
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
            || die "apt-get install postgresql failed"
        bindir=$(find_bindir)
    fi
    [[ -n $bindir ]] || die "no PostgreSQL server binaries (initdb, pg_ctl): install the \
'postgresql' package or set PG_BINDIR"
fi

# As root, everything the server touches belongs to $PG_USER and it runs as that user.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    pg_user=${PG_USER:-postgres}
    if ! id -u "$pg_user" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user" \
            || die "cannot create the user $pg_user to run PostgreSQL as"
    fi
    command -v runuser >/dev/null || die "runuser (util-linux) is needed to run as $pg_user"
    as_pg=(runuser -u "$pg_user" --)
fi

# A short base dir: a Unix socket path must stay under 108 bytes, and $PG_USER must be
# able to reach it (a private $TMPDIR would not do).
base=${PG_TMPDIR:-/tmp}
[[ -d $base && -w $base ]] || die "PG_TMPDIR=$base is not a writable directory"

# Clusters left by runs that were killed outright (SIGKILL skips the trap): their
# owner.pid names a process that is gone. Clusters of live runs are left alone.
for old in "$base"/desk-pg.*; do
    [[ -f $old/owner.pid ]] || continue
    owner=$(<"$old/owner.pid")
    [[ -n $owner ]] && ! kill -0 "$owner" 2>/dev/null || continue
    echo "postgres.sh: removing the stale cluster $old" >&2
    if [[ -f $old/data/postmaster.pid ]]; then
        "${as_pg[@]}" "$bindir/pg_ctl" -D "$old/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$old"
done

root=$(mktemp -d "$base/desk-pg.XXXXXX")
echo $$ >"$root/owner.pid"
data=$root/data
log=$root/server.log
started=

cleanup() {
    local status=$?
    if [[ -n $started ]]; then
        "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 \
            || echo "postgres.sh: pg_ctl stop failed; see $log" >&2
    fi
    rm -rf "$root"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ ${#as_pg[@]} -gt 0 ]]; then
    chown "$pg_user:" "$root"
    "${as_pg[@]}" test -w "$root" || die "$pg_user cannot write to $root: set PG_TMPDIR"
fi

"${as_pg[@]}" "$bindir/initdb" -D "$data" -U desk --auth=trust --encoding=UTF8 --locale=C \
    --no-sync >"$root/initdb.log" 2>&1 || {
    cat "$root/initdb.log" >&2
    die "initdb failed"
}

# No TCP at all; the socket lives in $root. Durability is not wanted in a throwaway.
# Each embedded server may hold up to 50 connections (pool 10 + overflow 40).
opts="-c listen_addresses='' -k $root -c unix_socket_permissions=0700"
opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
opts+=" -c max_connections=400 -c shared_buffers=32MB"
started=1
"${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -o "$opts" -w -t 60 start >/dev/null || {
    cat "$log" >&2
    die "the PostgreSQL server did not start"
}
"$bindir/pg_isready" -q -h "$root" -d postgres -U desk || {
    cat "$log" >&2
    die "the PostgreSQL server does not answer on $root"
}

export DESK_TEST_POSTGRES_URL="postgresql+psycopg://desk@/postgres?host=$root"
version=$("$bindir/postgres" --version)
echo "+ $version on $root (unix socket only); DESK_TEST_POSTGRES_URL=$DESK_TEST_POSTGRES_URL" >&2
"$@"
