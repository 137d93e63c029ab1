#!/usr/bin/env sh
# Make sure the PostgreSQL server binaries are on this machine for the test suite
# (tests/pg_cluster.py starts a throwaway server from them on loopback, and stops it).
# Installs Debian's postgresql package when they are missing and this is root with apt;
# otherwise says what to do. Nothing is started here, and nothing listens afterwards.
set -eu
for dir in ${DATELINE_PG_BINDIR:-} /usr/lib/postgresql/*/bin; do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
        exit 0
    fi
done
if [ -n "${DATELINE_TEST_PG_DSN:-}" ]; then
    exit 0  # the tests use that server instead
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing PostgreSQL (Debian's postgresql package) for the tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Only the binaries are wanted: no "main" cluster, and no service started by the
    # package (a machine without an init system would fail the install trying).
    mkdir -p /etc/postgresql-common
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
        trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
    exit 0
fi
echo "The PostgreSQL tests need the server binaries (initdb, postgres)." >&2
echo "Install them (apt-get install postgresql), set DATELINE_PG_BINDIR to their folder," >&2
echo "or set DATELINE_TEST_PG_DSN=postgresql://… to a server that may create databases." >&2
exit 1
