#!/usr/bin/env bash
# The DefectRefine demo: installs what the machine lacks, starts PostgreSQL and RabbitMQ (no Docker needed), builds
# the labelling UI (web/, when missing or older than its sources) and the five services, starts them, generates
# steel-like images with true masks, imports them with synthesised expert ROIs as initial labels, creates a project
# and prints its links. Ctrl-C (or SIGTERM) stops the services, then PostgreSQL and RabbitMQ if this run started them.
#   ./scripts/demo.sh            run until Ctrl-C
#   ./scripts/demo.sh --check    exit once the project is created (0 when everything worked)
# Then, in another terminal:   ./dr simulate --project <id> --stations 3 --sessions 2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/bootstrap.sh
# The servers that do not run yet are the ones this demo starts, and so the ones it stops when it ends (dr demo does,
# after the services); servers that already ran are left running.
status="$(scripts/services.sh status 2>/dev/null || true)"
started=()
grep -Eq '^postgres: (running|answers)' <<<"$status" || started+=(postgres)
grep -Eq '^rabbitmq: (running|answers)' <<<"$status" || started+=(rabbitmq)
export DR_DEMO_STARTED_SERVERS="${started[*]}"
if ! settings="$(scripts/services.sh up)"; then
  # A half-done `up` (one server started, the other failed) leaves nothing of this run behind.
  if [ "${#started[@]}" -eq 2 ]; then scripts/services.sh down || true; fi
  exit 1
fi
eval "$settings"
exec ./dr demo "$@"
