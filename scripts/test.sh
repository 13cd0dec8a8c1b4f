#!/usr/bin/env bash
# Runs every DefectRefine test against real PostgreSQL and RabbitMQ and ends with one line of totals:
#   N passed, N failed, N skipped
# Starts the local infrastructure when it is not running and stops afterwards only what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

scripts/bootstrap.sh

started_here=0
if [ -z "${ConnectionStrings__Postgres:-}" ] || [ -z "${ConnectionStrings__RabbitMq:-}" ]; then
  if ! scripts/services.sh status >/dev/null 2>&1; then
    started_here=1
  fi
  settings="$(scripts/services.sh up)"
  eval "$settings"
fi
cleanup() {
  if [ "$started_here" -eq 1 ]; then
    scripts/services.sh down || true
  fi
}
trap cleanup EXIT

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build DefectRefine.sln -c Release --nologo -v quiet -clp:"ErrorsOnly;Summary"

status=0
# The web UI first: the browser tests among the integration tests need its build. Vitest's counts join the totals.
web_passed=0 web_failed=0 web_skipped=0
if [ -f web/package.json ]; then
  web_results="$results/web-vitest.json"
  if ! (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent && npx vitest run --reporter=default --reporter=json --outputFile.json="$web_results") 2>&1 | tee -a "$results/web.log"; then
    status=1
  fi
  if [ -f "$web_results" ]; then
    read -r web_passed web_failed web_skipped < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests)' "$web_results")
  else
    echo "test.sh: the web tests wrote no results (npm ci, the build or Vitest failed)" >&2
    web_failed=1
  fi
fi

# The Kubernetes manifest tests validate with npm kubernetes-models (offline, from its committed lock file).
if ! (cd tools/k8s-validate && npm ci --no-audit --no-fund --loglevel=error) 2>&1 | tee -a "$results/k8s-validate.log"; then
  status=1
fi

projects=(tests/*/*.csproj)
log="$results/dotnet-test.log"
# One project after the other: each output block stays readable and the 2-core machine is not oversubscribed.
for project in "${projects[@]}"; do
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFilePrefix=$(basename "$project" .csproj)" --results-directory "$results" \
    2>&1 | tee -a "$log" || status=1
done

# The images, built and run for real from docker-compose.yml (scripts/images.sh smoke): one more result in the
# totals, skipped only where no Docker daemon can start (the script says why).
images_passed=0 images_failed=0 images_skipped=0
set +e
scripts/images.sh smoke 2>&1 | tee "$results/images.log"
images_status=${PIPESTATUS[0]}
set -e
case "$images_status" in
  0) images_passed=1 ;;
  3) images_skipped=1; echo "test.sh: the image smoke test was SKIPPED (see above)" >&2 ;;
  *) images_failed=1; status=1 ;;
esac

passed=0 failed=0 skipped=0 summaries=0
while IFS= read -r line; do
  summaries=$((summaries + 1))
  [[ $line =~ Failed:\ *([0-9]+) ]] && failed=$((failed + BASH_REMATCH[1]))
  [[ $line =~ Passed:\ *([0-9]+) ]] && passed=$((passed + BASH_REMATCH[1]))
  [[ $line =~ Skipped:\ *([0-9]+) ]] && skipped=$((skipped + BASH_REMATCH[1]))
done < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log" || true)

if [ "$summaries" -ne "${#projects[@]}" ]; then
  echo "test.sh: expected a summary from each of ${#projects[@]} test projects, found $summaries (a test host crashed?)" >&2
  failed=$((failed + 1))
  status=1
fi

passed=$((passed + web_passed + images_passed)); failed=$((failed + web_failed + images_failed)); skipped=$((skipped + web_skipped + images_skipped))
[ "$failed" -eq 0 ] || status=1

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
