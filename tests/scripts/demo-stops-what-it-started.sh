#!/usr/bin/env bash
# The demo, interrupted, leaves nothing of its own running: ./scripts/demo.sh on servers of its own (other ports, so
# that servers already running elsewhere are not touched), SIGINT (or SIGTERM: $1) once every service is healthy, then
# no PostgreSQL, RabbitMQ, epmd or service process of that run may remain (before it, /app/ must serve the UI the
# demo built). Needs the service fleet's ports
# (5100-5104): run it under the shared lock, e.g. flock /tmp/dr-fleet.lock tests/scripts/demo-stops-what-it-started.sh
#   tests/scripts/demo-stops-what-it-started.sh [INT|TERM]   exit 0 when everything stopped
# Environment: DR_PG_PORT etc. as scripts/services.sh (defaults here: 56432, 56672, 56673, 56674), DR_DEMO_ARGS
# (default: --no-project; add --no-build when the services are built).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
signal="${1:-INT}"
case "$signal" in INT|TERM) ;; *) echo "usage: $0 [INT|TERM]" >&2; exit 2 ;; esac
export DR_PG_PORT="${DR_PG_PORT:-56432}" DR_AMQP_PORT="${DR_AMQP_PORT:-56672}"
export DR_RABBIT_DIST_PORT="${DR_RABBIT_DIST_PORT:-56673}" DR_EPMD_PORT="${DR_EPMD_PORT:-56674}"
# The demo must start its own servers: no settings from the caller's shell.
unset ConnectionStrings__Postgres ConnectionStrings__RabbitMq Auth__SigningKey DR_DEMO_STARTED_SERVERS
state="$root/.state/services"
log="$(mktemp /tmp/dr-demo-stop.XXXXXX.log)"

if scripts/services.sh status >/dev/null 2>&1; then
  echo "FAIL: servers already run on ports $DR_PG_PORT/$DR_AMQP_PORT; stop them first (scripts/services.sh down)" >&2
  exit 2
fi

# Job control, as in a terminal: the demo gets a process group of its own, and SIGINT is not ignored (a script's
# background commands otherwise start with SIGINT ignored, and the demo would never see it).
set -m
# shellcheck disable=SC2086
scripts/demo.sh ${DR_DEMO_ARGS:---no-project} >"$log" 2>&1 &
demo=$!
deadline=$((SECONDS + ${DR_DEMO_TIMEOUT:-900}))
until grep -q "All services are healthy" "$log"; do
  if ! kill -0 "$demo" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "FAIL: the demo did not become healthy; its output:" >&2; cat "$log" >&2
    kill -TERM "$demo" 2>/dev/null || true; wait "$demo" || true
    scripts/services.sh down || true
    exit 1
  fi
  sleep 1
done
# The links the demo prints open the labelling UI it built (not the gateway's "not built" answer).
ui="$(curl -fsS http://127.0.0.1:5100/app/ || true)"
if ! grep -qi '<script' <<<"$ui"; then
  echo "FAIL: http://127.0.0.1:5100/app/ did not answer with the built UI: ${ui:0:300}" >&2
  kill -TERM -- "-$demo" 2>/dev/null || true; wait "$demo" || true
  exit 1
fi
pg_pid="$(head -n 1 "$state/postgres/data/postmaster.pid")"
rabbit_pid="$(cat "$state/rabbitmq/rabbitmq.pid")"
epmd_pid="$(cat "$state/rabbitmq/epmd.pid")"
service_pids="$(pgrep -f "$root/services/[A-Za-z]+/bin/" || true)"
[ "$(wc -w <<<"$service_pids")" -ge 5 ] || { echo "FAIL: expected 5 service processes, found: $service_pids" >&2; exit 1; }
echo "demo pid $demo; postgres $pg_pid, rabbitmq $rabbit_pid, epmd $epmd_pid, services: $(echo $service_pids)"

# To the whole process group, as a terminal's Ctrl-C does (the services get it too).
kill -"$signal" -- "-$demo"
rc=0
wait "$demo" || rc=$?
echo "demo exited with $rc after SIG$signal"
# alive PID: a live process, not a zombie waiting for its parent (here often an init that reaps late).
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat:0:1}" != Z ]
}
left=()
for pid in "$pg_pid" "$rabbit_pid" "$epmd_pid" $service_pids; do
  if alive "$pid"; then left+=("$pid:$(cat "/proc/$pid/comm" 2>/dev/null)"); fi
done
if [ "${#left[@]}" -gt 0 ]; then
  echo "FAIL: still running after SIG$signal: ${left[*]}" >&2
  tail -n 30 "$log" >&2
  scripts/services.sh down || true
  exit 1
fi
if ! grep -q "Stopping what this demo started: postgres and rabbitmq" "$log"; then
  echo "FAIL: the demo did not say it stopped the servers it started; its output:" >&2; cat "$log" >&2; exit 1
fi
echo "PASS: SIG$signal stopped the services, PostgreSQL, RabbitMQ and epmd this demo started"
rm -f "$log"
