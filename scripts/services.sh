#!/usr/bin/env bash
# PostgreSQL and RabbitMQ for DefectRefine, listening on 127.0.0.1 only.
#
# Usage: scripts/services.sh up|down|status|env|reset|--help
#        scripts/services.sh stop|start postgres|rabbitmq
#   up      start both servers (idempotent), wait until they really answer, print the settings
#   down    stop exactly what `up` started; the data is kept (no-op when nothing runs)
#   status  show what runs; exit 0 when both servers answer, 3 otherwise
#   env     print the settings only (connections, and the key that signs local tokens: dr token, the demo)
#   reset   down, then delete .state/services (all local data)
#   stop S  stop server S (postgres or rabbitmq) only, the other keeps running; the data is kept (no-op when S is
#           not running). For fault tests; needs a prior `up`.
#   start S start server S again (idempotent) and wait until it really answers, as `up` does; prints nothing on stdout
#
# `up` and `env` print nothing but the settings on stdout: eval "$(scripts/services.sh up)". Messages go to stderr.
# Where a Docker daemon answers (and `docker compose` exists), docker-compose.yml runs the servers. Otherwise the
# Debian packages (installed on demand when root) run without systemd, with all state under .state/services/.
# Environment: DR_PG_PORT (55432), DR_AMQP_PORT (55672), DR_RABBIT_DIST_PORT (55673), DR_EPMD_PORT (55674),
#              DR_SERVICES_MODE=docker|local (default: docker when a daemon answers), DR_SERVICES_TIMEOUT (120 s).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
state="$root/.state/services"
pg_port="${DR_PG_PORT:-55432}"
amqp_port="${DR_AMQP_PORT:-55672}"
dist_port="${DR_RABBIT_DIST_PORT:-55673}"
epmd_port="${DR_EPMD_PORT:-55674}"
timeout_s="${DR_SERVICES_TIMEOUT:-120}"
database=defectrefine
rabbit_node=defectrefine@localhost

say() { echo "services: $*" >&2; }
die() { say "error: $*"; exit 1; }

for _p in "$pg_port" "$amqp_port" "$dist_port" "$epmd_port" "$timeout_s"; do
  [[ "$_p" =~ ^[0-9]+$ ]] || die "not a number: '$_p' (check DR_PG_PORT, DR_AMQP_PORT, DR_RABBIT_DIST_PORT, DR_EPMD_PORT, DR_SERVICES_TIMEOUT)"
done

settings() {
  echo "export ConnectionStrings__Postgres='Host=127.0.0.1;Port=$pg_port;Database=$database;Username=postgres;Password=postgres'"
  echo "export ConnectionStrings__RabbitMq='amqp://guest:guest@127.0.0.1:$amqp_port/'"
  echo "export Auth__SigningKey='$(signing_key)'"
}

# The key that signs this checkout's local bearer tokens (dr token, the demo): made once, readable by its owner only.
# Kept with the servers' state, so `reset` also revokes every token issued with it.
signing_key() {
  local file="$state/auth-signing-key"
  if [ ! -s "$file" ]; then
    mkdir -p "$state"
    (umask 077 && head -c 32 /dev/urandom | base64 -w 0 > "$file.tmp" && mv "$file.tmp" "$file")
  fi
  cat "$file"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# proc_alive PID: PID is a live process (not a zombie).
proc_alive() {
  local stat
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat:0:1}" != Z ]
}

# proc_is PID COMM: PID is a live process whose command name is COMM (pids get reused).
proc_is() {
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && proc_alive "$1"
}

# wait_gone PID COMM SECONDS: wait until PID is no longer that process.
wait_gone() {
  local deadline=$((SECONDS + $3))
  while proc_is "$1" "$2"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# wait_reaped PID SECONDS: wait while PID exists at all (zombies included).
wait_reaped() {
  local deadline=$((SECONDS + $2))
  while [ -e "/proc/$1" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
}

take_lock() {
  mkdir -p "$state"
  exec 9>"$state/.lock"
  flock -w 300 9 || die "another services.sh still holds $state/.lock"
}

# ---------------------------------------------------------------- mode

docker_answers() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

# The mode `up` used is remembered, so that `down` and `status` talk to the same servers.
mode() {
  case "${DR_SERVICES_MODE:-}" in
    docker|local) echo "$DR_SERVICES_MODE"; return ;;
    "") ;;
    *) die "DR_SERVICES_MODE must be docker or local, not '$DR_SERVICES_MODE'" ;;
  esac
  if [ -f "$state/mode" ]; then cat "$state/mode"; return; fi
  if docker_answers; then
    if docker compose version >/dev/null 2>&1; then echo docker; return; fi
    say "a Docker daemon answers but 'docker compose' is missing: using the local servers"
  fi
  echo local
}

# ---------------------------------------------------------------- packages

# apt_install PACKAGE: installs a Debian package without letting it start (or leave running) a system-wide server.
apt_install() {
  local pkg=$1
  is_root || die "package $pkg is missing. Install it as root: apt-get install -y --no-install-recommends $pkg (or run where Docker answers)"
  command -v apt-get >/dev/null 2>&1 || die "package $pkg is missing and apt-get is not available; install $pkg yourself"
  mkdir -p "$state"
  local log="$state/apt.log" rc=0 guard="" before=""
  # Init scripts consult policy-rc.d: exit 101 forbids starting services during the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, from DefectRefine scripts/services.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    guard=/usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    trap 'exit 130' INT TERM HUP
  fi
  if id rabbitmq >/dev/null 2>&1; then before=" $(pgrep -u rabbitmq -d ' ' . || true) "; fi
  say "installing $pkg with apt-get (log: $log) ..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg"; } \
    >"$log" 2>&1 || rc=$?
  if [ -n "$guard" ]; then rm -f "$guard"; trap - EXIT INT TERM HUP; fi
  [ "$rc" -eq 0 ] || { tail -n 20 "$log" >&2; die "apt-get install $pkg failed (exit $rc); see $log"; }
  # Whatever runs as the rabbitmq system user now and did not before was started by the package scripts: stop it.
  if id rabbitmq >/dev/null 2>&1; then
    local pid new_pids=()
    for pid in $(pgrep -u rabbitmq . || true); do
      [[ "$before" == *" $pid "* ]] || new_pids+=("$pid")
    done
    if [ "${#new_pids[@]}" -gt 0 ]; then
      say "the package install started system processes (pids ${new_pids[*]}); stopping them"
      kill "${new_pids[@]}" 2>/dev/null || true
      sleep 2
      kill -KILL "${new_pids[@]}" 2>/dev/null || true
    fi
  fi
  say "installed $pkg"
}

# ---------------------------------------------------------------- PostgreSQL (local)

pg_dir="$state/postgres"
pg_data="$pg_dir/data"
pg_run="$pg_dir/run"
pg_log="$pg_dir/postgres.log"
# Each service process keeps pools of up to 100 connections (Marten's and the loop's); with the five services, test
# fleets and 20 load-test stations the default of 100 runs out ("too many clients"). A plant sizes this, or PgBouncer.
pg_max_connections=400

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  local dir; dir="$(pg_bin_dir)"
  if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ] || [ ! -x "$dir/initdb" ]; then
    apt_install postgresql
    dir="$(pg_bin_dir)"
    [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql after installing postgresql"
  fi
  pg_bin="$dir"
}

as_postgres() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The postmaster's pid while our data directory has a live server, else nothing (and status 1).
pg_pid() {
  local pid
  pid="$(head -n 1 "$pg_data/postmaster.pid" 2>/dev/null)" || return 1
  proc_is "$pid" postgres && echo "$pid"
}

pg_running_port() { sed -n 4p "$pg_data/postmaster.pid" 2>/dev/null; }

psql_bin() {
  local dir; dir="$(pg_bin_dir)"
  if [ -n "$dir" ] && [ -x "$dir/psql" ]; then echo "$dir/psql"; else command -v psql 2>/dev/null; fi
}

# pg_query SQL [DATABASE]: over TCP, as PostgreSQL's user postgres.
pg_query() {
  local psql; psql="$(psql_bin)" || return 1
  [ -n "$psql" ] || return 1
  PGPASSWORD=postgres PGCONNECT_TIMEOUT=3 "$psql" -X -h 127.0.0.1 -p "$pg_port" -U postgres -d "${2:-postgres}" \
    -v ON_ERROR_STOP=1 -tAqc "$1" 2>/dev/null
}

pg_answers() { [ "$(pg_query "SELECT 1" "$database")" = 1 ]; }

pg_up() {
  ensure_postgres
  mkdir -p "$pg_data" "$pg_run"
  if is_root; then
    chown postgres:postgres "$pg_dir" "$pg_data" "$pg_run"
    runuser -u postgres -- test -w "$pg_dir" \
      || die "user postgres cannot write $pg_dir (a parent directory is not searchable by it?)"
  fi
  chmod 700 "$pg_data"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    say "initialising PostgreSQL in $pg_data"
    as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$pg_dir/initdb.log" 2>&1 9>&- || die "initdb failed; see $pg_dir/initdb.log"
  fi
  local pid
  if pid="$(pg_pid)"; then
    [ "$(pg_running_port)" = "$pg_port" ] \
      || die "PostgreSQL already runs on port $(pg_running_port), not $pg_port; run 'scripts/services.sh down' first"
    say "PostgreSQL already runs (pid $pid, 127.0.0.1:$pg_port)"
  else
    tcp_open "$pg_port" && die "port $pg_port is taken by another process; set DR_PG_PORT"
    # After a crash the old postmaster may linger as a zombie until reaped; PostgreSQL would refuse its lock file.
    pid="$(head -n 1 "$pg_data/postmaster.pid" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]]; then wait_reaped "$pid" 15; fi
    say "starting PostgreSQL on 127.0.0.1:$pg_port"
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_log" -w -t "$timeout_s" \
      -o "-p $pg_port -k $pg_run -c listen_addresses=127.0.0.1 -c max_connections=$pg_max_connections" start >/dev/null 9>&- \
      || die "PostgreSQL did not start; see $pg_log"
  fi
  local deadline=$((SECONDS + timeout_s))
  until [ "$(pg_query "SELECT 1")" = 1 ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "PostgreSQL does not answer on 127.0.0.1:$pg_port; see $pg_log"
    sleep 0.5
  done
  if [ "$(pg_query "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
    pg_query "CREATE DATABASE $database" >/dev/null || die "could not create database $database; see $pg_log"
    say "created database $database"
  fi
  pg_answers || die "database $database does not answer on 127.0.0.1:$pg_port; see $pg_log"
  say "PostgreSQL ready: database $database on 127.0.0.1:$pg_port"
}

pg_down() {
  local pid
  pid="$(pg_pid)" || return 0
  ensure_postgres
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null \
    || die "PostgreSQL (pid $pid) did not stop; see $pg_log"
  say "PostgreSQL stopped (pid $pid)"
}

# ---------------------------------------------------------------- RabbitMQ (local)

rabbit_bin=/usr/lib/rabbitmq/bin
rabbit_dir="$state/rabbitmq"
rabbit_log_dir="$rabbit_dir/log"
rabbit_pid_file="$rabbit_dir/rabbitmq.pid"
epmd_pid_file="$rabbit_dir/epmd.pid"

ensure_rabbitmq() {
  [ -x "$rabbit_bin/rabbitmq-server" ] && [ -x "$rabbit_bin/rabbitmqctl" ] || apt_install rabbitmq-server
  [ -x "$rabbit_bin/rabbitmq-server" ] || die "$rabbit_bin/rabbitmq-server not found after installing rabbitmq-server"
}

epmd_bin() {
  local candidate
  for candidate in "$(command -v epmd 2>/dev/null || true)" /usr/lib/erlang/erts-*/bin/epmd; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
  die "epmd not found (it comes with erlang-base, a dependency of rabbitmq-server)"
}

# rabbit TOOL ARGS...: runs a RabbitMQ tool against our node, our files and our loopback-only epmd.
rabbit() {
  local tool=$1; shift
  env HOME="$rabbit_dir/home" \
    RABBITMQ_NODENAME="$rabbit_node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$amqp_port" \
    RABBITMQ_DIST_PORT="$dist_port" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$epmd_port" \
    RABBITMQ_MNESIA_BASE="$rabbit_dir/mnesia" RABBITMQ_LOG_BASE="$rabbit_log_dir" RABBITMQ_PID_FILE="$rabbit_pid_file" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$rabbit_dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$rabbit_dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$rabbit_dir/advanced.config" RABBITMQ_CONF_ENV_FILE="$rabbit_dir/rabbitmq-env.conf" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    ERL_CRASH_DUMP="$rabbit_log_dir/erl_crash.dump" \
    "$rabbit_bin/$tool" "$@"
}

rabbit_pid() {
  local pid
  pid="$(cat "$rabbit_pid_file" 2>/dev/null)" || return 1
  proc_is "$pid" beam.smp && echo "$pid"
}

epmd_pid() {
  local pid
  pid="$(cat "$epmd_pid_file" 2>/dev/null)" || return 1
  proc_is "$pid" epmd && echo "$pid"
}

rabbit_logs_hint() { echo "see $rabbit_log_dir/ ($rabbit_node.log, start.log, epmd.log, erl_crash.dump if any)"; }

rabbit_up() {
  ensure_rabbitmq
  mkdir -p "$rabbit_dir/home" "$rabbit_dir/mnesia" "$rabbit_log_dir"
  echo "[]." > "$rabbit_dir/enabled_plugins"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$amqp_port" > "$rabbit_dir/rabbitmq.conf"
  echo "[]." > "$rabbit_dir/advanced.config"
  : > "$rabbit_dir/rabbitmq-env.conf"

  local pid
  if ! pid="$(epmd_pid)"; then
    rm -f "$epmd_pid_file"
    tcp_open "$epmd_port" && die "port $epmd_port (epmd) is taken by another process; set DR_EPMD_PORT"
    # setsid: epmd leaves our session, so a Ctrl-C or a closed terminal does not take it down.
    ERL_EPMD_ADDRESS=127.0.0.1 setsid "$(epmd_bin)" -port "$epmd_port" \
      >"$rabbit_log_dir/epmd.log" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" > "$epmd_pid_file"
    local deadline=$((SECONDS + 10))
    until tcp_open "$epmd_port"; do
      # (right after the fork the process is still called bash or setsid, so only ask whether it lives)
      if ! proc_alive "$pid" || [ "$SECONDS" -ge "$deadline" ]; then die "epmd did not start; see $rabbit_log_dir/epmd.log"; fi
      sleep 0.2
    done
    proc_is "$pid" epmd || die "epmd (pid $pid) is not running; see $rabbit_log_dir/epmd.log"
    say "epmd listens on 127.0.0.1:$epmd_port (pid $pid)"
  fi

  local started=0
  if pid="$(rabbit_pid)"; then
    say "RabbitMQ already runs (pid $pid, 127.0.0.1:$amqp_port)"
  else
    rm -f "$rabbit_pid_file"
    tcp_open "$amqp_port" && die "port $amqp_port is taken by another process; set DR_AMQP_PORT"
    tcp_open "$dist_port" && die "port $dist_port is taken by another process; set DR_RABBIT_DIST_PORT"
    say "starting RabbitMQ on 127.0.0.1:$amqp_port"
    rm -f "$rabbit_log_dir/erl_crash.dump"
    (cd "$rabbit_dir" && rabbit rabbitmq-server -detached) >"$rabbit_log_dir/start.log" 2>&1 </dev/null 9>&- \
      || die "RabbitMQ did not start; $(rabbit_logs_hint)"
    started=1
  fi

  # await_startup fails at once until the node has registered with epmd, so retry it until the deadline;
  # fail early when the broker has died.
  local deadline=$((SECONDS + timeout_s))
  until rabbit rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1 </dev/null 9>&-; do
    if [ -f "$rabbit_log_dir/erl_crash.dump" ] || { [ -f "$rabbit_pid_file" ] && ! rabbit_pid >/dev/null; } \
       || { [ "$started" = 0 ] && ! rabbit_pid >/dev/null; }; then
      die "RabbitMQ stopped while starting; $(rabbit_logs_hint)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "RabbitMQ did not finish starting within ${timeout_s}s; $(rabbit_logs_hint)"
    sleep 1
  done
  deadline=$((SECONDS + 30))
  until tcp_open "$amqp_port"; do
    [ "$SECONDS" -lt "$deadline" ] || die "RabbitMQ does not accept connections on 127.0.0.1:$amqp_port; $(rabbit_logs_hint)"
    sleep 0.5
  done
  say "RabbitMQ ready: node $rabbit_node (pid $(rabbit_pid || echo '?')) on 127.0.0.1:$amqp_port"
}

# rabbit_stop: stops the broker only. epmd keeps running, so that `start rabbitmq` need not start it again (nor find its
# port free); the node re-registers with it when it starts.
rabbit_stop() {
  local pid
  if pid="$(rabbit_pid)"; then
    rabbit rabbitmqctl -q stop >/dev/null 2>&1 </dev/null 9>&- || say "rabbitmqctl stop failed; waiting for pid $pid anyway"
    if ! wait_gone "$pid" beam.smp 60; then
      say "RabbitMQ (pid $pid) did not stop within 60 s; killing it"
      kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" beam.smp 10 || kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" beam.smp 10 || die "RabbitMQ (pid $pid) would not stop"
    fi
    say "RabbitMQ stopped (pid $pid)"
  fi
  rm -f "$rabbit_pid_file"
}

rabbit_down() {
  local pid
  rabbit_stop
  if pid="$(epmd_pid)"; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" epmd 10 || { kill -KILL "$pid" 2>/dev/null || true; }
    say "epmd stopped (pid $pid)"
  fi
  rm -f "$epmd_pid_file"
}

# ---------------------------------------------------------------- docker mode

# The same signing key as `env` prints: compose checks every variable of the file, even for the servers alone.
compose() {
  Auth__SigningKey="$(signing_key)" DR_PG_PORT="$pg_port" DR_AMQP_PORT="$amqp_port" docker compose -f "$root/docker-compose.yml" "$@"
}

docker_up() {
  docker_answers || die "the Docker daemon does not answer (docker info)"
  say "starting PostgreSQL and RabbitMQ with docker compose"
  compose up -d --wait postgres rabbitmq >&2 || die "docker compose up failed; see: docker compose -f $root/docker-compose.yml logs"
  local deadline=$((SECONDS + timeout_s))
  docker_wait postgres "$deadline"
  docker_wait rabbitmq "$deadline"
  say "PostgreSQL and RabbitMQ ready (docker compose)"
}

# docker_wait postgres|rabbitmq DEADLINE: waits until the published port answers (PostgreSQL: a query, where psql
# exists). `compose start` returns as soon as the container runs, before the server in it answers.
docker_wait() {
  case "$1" in
    postgres)
      until { [ -z "$(psql_bin)" ] && tcp_open "$pg_port"; } || pg_answers; do
        [ "$SECONDS" -lt "$2" ] || die "PostgreSQL does not answer on 127.0.0.1:$pg_port; see: docker compose logs postgres"
        sleep 0.5
      done ;;
    rabbitmq)
      until tcp_open "$amqp_port"; do
        [ "$SECONDS" -lt "$2" ] || die "RabbitMQ does not accept connections on 127.0.0.1:$amqp_port; see: docker compose logs rabbitmq"
        sleep 0.5
      done ;;
  esac
}

# ---------------------------------------------------------------- commands

cmd_up() {
  take_lock
  local m; m="$(mode)"
  case "$m" in
    docker) docker_up ;;
    local) ensure_postgres; ensure_rabbitmq; pg_up; rabbit_up ;;
  esac
  echo "$m" > "$state/mode"
  settings > "$state/env.sh"
  settings
}

cmd_down() {
  [ -d "$state" ] || return 0
  take_lock
  # Local servers are stopped whenever their recorded pids live, whatever the mode.
  rabbit_down
  pg_down
  if [ "$(mode)" = docker ] && docker_answers; then
    compose stop postgres rabbitmq >&2 || die "docker compose stop failed"
  fi
  rm -f "$state/mode"
}

cmd_status() {
  local rc=0 m pid
  m="$(mode)"
  if [ "$m" = docker ]; then
    echo "mode: docker compose ($root/docker-compose.yml)"
    docker_answers && compose ps postgres rabbitmq || true
    if pg_answers || { [ -z "$(psql_bin)" ] && tcp_open "$pg_port"; }; then
      echo "postgres: answers on 127.0.0.1:$pg_port"
    else echo "postgres: not answering on 127.0.0.1:$pg_port"; rc=3; fi
    if tcp_open "$amqp_port"; then echo "rabbitmq: answers on 127.0.0.1:$amqp_port"
    else echo "rabbitmq: not answering on 127.0.0.1:$amqp_port"; rc=3; fi
    return "$rc"
  fi
  echo "mode: local ($state)"
  if pid="$(pg_pid)"; then
    if pg_answers; then echo "postgres: running, pid $pid, 127.0.0.1:$(pg_running_port), database $database answers"
    else echo "postgres: running, pid $pid, 127.0.0.1:$(pg_running_port), NOT answering"; rc=3; fi
  else
    echo "postgres: stopped"; rc=3
  fi
  local epmd="no epmd"; if epmd_pid >/dev/null; then epmd="epmd pid $(epmd_pid) on 127.0.0.1:$epmd_port"; fi
  if pid="$(rabbit_pid)"; then
    if tcp_open "$amqp_port"; then echo "rabbitmq: running, pid $pid, 127.0.0.1:$amqp_port answers ($epmd)"
    else echo "rabbitmq: running, pid $pid, 127.0.0.1:$amqp_port NOT answering ($epmd)"; rc=3; fi
  else
    echo "rabbitmq: stopped ($epmd)"; rc=3
  fi
  return "$rc"
}

cmd_reset() {
  cmd_down
  rm -rf "$state"
  say "removed $state"
}

# cmd_server stop|start SERVER: one server only, in the mode `up` recorded, for tests that take it away and bring it back.
cmd_server() {
  local action=$1 server=${2:-}
  case "$server" in
    postgres|rabbitmq) [ "$#" -eq 2 ] || { say "error: '$action' takes one server, not: ${*:2}"; usage >&2; exit 2; } ;;
    "") say "error: '$action' needs a server: postgres or rabbitmq"; usage >&2; exit 2 ;;
    *) say "error: unknown server '$server' (postgres or rabbitmq)"; usage >&2; exit 2 ;;
  esac
  # Without the mode `up` recorded, a start could pick other servers (docker vs local) than the ones the tests use.
  # Asked before the lock too, which would create .state/services; and again under it, as a `down` may just have run.
  local hint="no servers were started here (no $state/mode); run 'scripts/services.sh up' first"
  [ -f "$state/mode" ] || die "$hint"
  take_lock
  [ -f "$state/mode" ] || die "$hint"
  local m; m="$(mode)"
  # stdout stays empty (only `up` and `env` print settings): whatever the tools print goes to stderr.
  case "$m/$action" in
    docker/stop)
      docker_answers || die "the Docker daemon does not answer (docker info)"
      compose stop "$server" >&2 || die "docker compose stop $server failed" ;;
    docker/start)
      docker_answers || die "the Docker daemon does not answer (docker info)"
      say "starting $server with docker compose"
      compose start "$server" >&2 \
        || die "docker compose start $server failed (its container removed? then run 'scripts/services.sh up'); see: docker compose logs $server"
      docker_wait "$server" $((SECONDS + timeout_s))
      say "$server ready (docker compose)" ;;
    local/stop)
      case "$server" in postgres) pg_down ;; rabbitmq) rabbit_stop ;; esac >&2 ;;
    local/start)
      case "$server" in postgres) pg_up ;; rabbitmq) rabbit_up ;; esac >&2 ;;
  esac
}

# The help is the comment block at the top, up to `set -euo pipefail`, so that the two cannot drift apart.
usage() { sed -n '2,/^set -euo pipefail/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) settings ;;
  reset) cmd_reset ;;
  stop|start) cmd_server "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
