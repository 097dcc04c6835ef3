# Sourced by .ci/run: a throwaway PostgreSQL 15 cluster with pgvector for the PostgreSQL test
# suite. Exports TEST_DATABASE_URL when it is up; otherwise says why, and those tests skip.
# Needs root for apt (or the packages already installed) and ../shared/vendor for pgvector,
# which Debian 12 does not ship. `postgres_ci_stop` stops the cluster and deletes its folder.

postgres_ci_vendor="${PGVECTOR_TARBALL:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared/vendor/pgvector-0.8.6.tar.gz}"
postgres_ci_dir=""
postgres_ci_bin=/usr/lib/postgresql/15/bin

postgres_ci_skip() {
  echo "postgres.sh: $1; the PostgreSQL tests will skip." >&2
}

postgres_ci_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-server-dev-15 build-essential >/dev/null
  else
    [ -x "$postgres_ci_bin/initdb" ] && command -v pg_config >/dev/null
  fi
}

# pgvector from the vendored source, unless this version is installed already.
postgres_ci_build_pgvector() {
  local sharedir src
  sharedir="$(/usr/lib/postgresql/15/bin/pg_config --sharedir 2>/dev/null || pg_config --sharedir)"
  [ -f "$sharedir/extension/vector--0.8.6.sql" ] && return 0
  src="$(mktemp -d)"
  tar xzf "$postgres_ci_vendor" -C "$src" &&
    make -s -C "$src/pgvector-0.8.6" -j2 with_llvm=no OPTFLAGS="" PG_CONFIG="$postgres_ci_bin/pg_config" >/dev/null &&
    make -s -C "$src/pgvector-0.8.6" install with_llvm=no PG_CONFIG="$postgres_ci_bin/pg_config" >/dev/null
  local status=$?
  rm -rf "$src"
  return $status
}

# A cluster in a temporary folder on 127.0.0.1 and a free port, owned by a non-root user
# (initdb refuses root), trusting local connections: it lives only for this run.
postgres_ci_start() {
  local as=() port
  postgres_ci_dir="$(mktemp -d /tmp/newsdesk-pg.XXXXXX)"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$postgres_ci_dir"
    as=(runuser -u postgres --)
  fi
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  "${as[@]}" "$postgres_ci_bin/initdb" -D "$postgres_ci_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null &&
    "${as[@]}" "$postgres_ci_bin/pg_ctl" -D "$postgres_ci_dir/data" -l "$postgres_ci_dir/server.log" -w -s \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $postgres_ci_dir -c fsync=off -c shared_buffers=128MB" start &&
    "$postgres_ci_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres newsdesk_test &&
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/newsdesk_test"
}

postgres_ci_stop() {
  [ -n "$postgres_ci_dir" ] || return 0
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$postgres_ci_bin/pg_ctl" -D "$postgres_ci_dir/data" -m fast -s stop || true
  else
    "$postgres_ci_bin/pg_ctl" -D "$postgres_ci_dir/data" -m fast -s stop || true
  fi
  rm -rf "$postgres_ci_dir"
  postgres_ci_dir=""
}

postgres_ci_main() {
  if [ ! -f "$postgres_ci_vendor" ]; then
    postgres_ci_skip "$postgres_ci_vendor is absent (pgvector's source)"
  elif ! postgres_ci_install; then
    postgres_ci_skip "PostgreSQL 15 could not be installed (apt needs root and Debian's archive)"
  elif ! postgres_ci_build_pgvector; then
    postgres_ci_skip "pgvector 0.8.6 did not build"
  elif ! postgres_ci_start; then
    postgres_ci_skip "the throwaway cluster did not start (see ${postgres_ci_dir:-its folder}/server.log)"
    postgres_ci_stop
  else
    echo "postgres.sh: PostgreSQL with pgvector at $TEST_DATABASE_URL" >&2
  fi
}

postgres_ci_main
