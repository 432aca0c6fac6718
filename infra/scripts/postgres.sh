#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for tests and benchmarks.
#   source infra/scripts/postgres.sh; pg_private_start; ...; pg_private_stop
# pg_private_start installs Debian's postgresql when it is missing (as root), starts a server on a free
# loopback port in a temporary folder, and exports DX_TEST_POSTGRES with its connection string.

pg_private_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_private_install() {
  [ -n "$(pg_private_bin)" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed and this is not root: install Debian's 'postgresql' package." >&2
    return 1
  fi
  echo "Installing PostgreSQL (Debian package postgresql)..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

pg_private_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}

pg_private_start() {
  pg_private_install || return 1
  local bin; bin=$(pg_private_bin)
  PG_PRIVATE_DIR=$(mktemp -d /tmp/dx-pg.XXXXXX)
  PG_PRIVATE_PORT=${PG_PRIVATE_PORT:-$(pg_private_free_port)}  # preset it to use a port of your own
  local as_user=()
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: the server runs as Debian's postgres user.
    chown postgres:postgres "$PG_PRIVATE_DIR"
    as_user=(runuser -u postgres --)
  fi
  "${as_user[@]}" "$bin/initdb" -D "$PG_PRIVATE_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
  "${as_user[@]}" "$bin/pg_ctl" -D "$PG_PRIVATE_DIR/data" -l "$PG_PRIVATE_DIR/server.log" -w \
    -o "-p $PG_PRIVATE_PORT -k $PG_PRIVATE_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off" \
    start >/dev/null || { cat "$PG_PRIVATE_DIR/server.log" >&2; return 1; }
  export DX_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PRIVATE_PORT;Username=postgres;Password=unused;Include Error Detail=true"
  export PG_PRIVATE_DIR PG_PRIVATE_PORT
  echo "Private PostgreSQL on 127.0.0.1:$PG_PRIVATE_PORT" >&2
}

pg_private_stop() {
  [ -n "${PG_PRIVATE_DIR:-}" ] || return 0
  local bin; bin=$(pg_private_bin)
  local as_user=()
  [ "$(id -u)" -eq 0 ] && as_user=(runuser -u postgres --)
  "${as_user[@]}" "$bin/pg_ctl" -D "$PG_PRIVATE_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_PRIVATE_DIR"
  unset PG_PRIVATE_DIR DX_TEST_POSTGRES
}
