#!/usr/bin/env bash
# The DefectRefine demo: installs what the machine lacks, starts PostgreSQL and RabbitMQ (no Docker needed), builds
# and starts the five services, generates steel-like images with true masks, imports them with synthesised expert
# ROIs as initial labels, creates a project and prints its status page. Ctrl-C stops the services.
#   ./scripts/demo.sh            run until Ctrl-C
#   ./scripts/demo.sh --check    exit once the project is created (0 when everything worked)
# Then, in another terminal:   ./dr simulate --project <id> --stations 3 --sessions 2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/bootstrap.sh
eval "$(scripts/services.sh up)"
exec ./dr demo "$@"
