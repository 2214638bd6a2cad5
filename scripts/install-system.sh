#!/usr/bin/env bash
# Installs the system packages the local stack needs on Debian 12 (bookworm):
# PostgreSQL 15 with pg_cron, pgaudit, pgTAP, plpgsql_check, pg_prove, libfaketime (the year-end test run), and pgvector built from
# Debian's own source package (trixie) against postgresql-server-dev-15.
# Idempotent: every step is skipped when what it provides is already there.
set -euo pipefail

PG_MAJOR=15
PG_LIB=/usr/lib/postgresql/$PG_MAJOR
PG_SHARE=/usr/share/postgresql/$PG_MAJOR

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-system: not root; install these yourself: $*" >&2
    exit 1
  fi
}

missing=()
[ -x "$PG_LIB/bin/postgres" ] || missing+=("postgresql-$PG_MAJOR")
[ -f "$PG_SHARE/extension/pg_cron.control" ] || missing+=("postgresql-$PG_MAJOR-cron")
[ -f "$PG_SHARE/extension/pgaudit.control" ] || missing+=("postgresql-$PG_MAJOR-pgaudit")
[ -f "$PG_SHARE/extension/pgtap.control" ] || missing+=("postgresql-$PG_MAJOR-pgtap")
[ -f "$PG_SHARE/extension/plpgsql_check.control" ] || missing+=("postgresql-$PG_MAJOR-plpgsql-check")
command -v pg_prove >/dev/null || missing+=("libtap-parser-sourcehandler-pgtap-perl")
command -v psql >/dev/null || missing+=("postgresql-client-$PG_MAJOR")
# libfaketime: `npm test` runs the pgTAP suite again on a cluster whose clock crosses midnight of 31 December
ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || missing+=("libfaketime" "faketime")

if [ ${#missing[@]} -gt 0 ]; then
  need_root "${missing[*]}"
  echo "install-system: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f "$PG_SHARE/extension/vector.control" ]; then
  need_root "pgvector (built from Debian's source package)"
  echo "install-system: building pgvector from Debian's source package"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /etc/apt/sources.list.d/trixie-src.sources ]; then
    cat > /etc/apt/sources.list.d/trixie-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev >/dev/null
  build_dir=$(mktemp -d)
  (
    cd "$build_dir"
    apt-get source -qq pgvector >/dev/null 2>&1 || apt-get source pgvector
    cd "$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
    # OPTFLAGS='' keeps the build portable to any x86-64 CI machine (no -march=native).
    make -s PG_CONFIG="$PG_LIB/bin/pg_config" OPTFLAGS="" >/dev/null
    make -s PG_CONFIG="$PG_LIB/bin/pg_config" install >/dev/null
  )
  rm -rf "$build_dir"
fi

echo "install-system: PostgreSQL $PG_MAJOR with pg_cron, pgaudit, pgvector, pgTAP, plpgsql_check and pg_prove is installed"
