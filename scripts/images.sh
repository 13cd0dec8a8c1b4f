#!/usr/bin/env bash
# Every DefectRefine image, built and run for real on a machine with no image registry.
#
# Usage: scripts/images.sh build|smoke|--help
#   build   base images from Debian packages (debootstrap, then docker import), the services published
#           self-contained, every image of the Dockerfile built from them (PUBLISHED=prebuilt)
#   smoke   build, then the stack of docker-compose.yml with host networking (build/docker/compose.host-network.yml),
#           checked through the images only with `dr smoke` (every /health/ready, an import, a trained project,
#           answers through SignalR, the refined export) and the UI image; then the stack is removed
#
# Docker: the daemon at DOCKER_HOST when one answers; else, as root, Debian's docker.io installed and a daemon of its
# own started (no bridge, no iptables: containers use the host's loopback), state in .state/docker, stopped at the end.
# Where no daemon can start, it prints "images: SKIPPED: <why>" and exits 3, which scripts/test.sh counts as skipped.
# Figures (image sizes, cold start, smoke time) go to artifacts/docker/figures.txt.
# Environment: DR_VERSION (image tag, dev), DR_SMOKE_PORT_BASE (5600: gateway, then Ingest, Sampler, Trainer, Miner,
# the UI image), DR_DEBIAN_MIRROR (the machine's own apt source).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
state="$root/.state/docker"
artifacts="$root/artifacts/docker"
context="$artifacts/context"
version="${DR_VERSION:-dev}"
base_port="${DR_SMOKE_PORT_BASE:-5600}"
project=drsmoke
targets=(ingest sampler trainer miner labelgateway schema-migrator web)

say() { echo "images: $*" >&2; }
die() { say "error: $*"; exit 1; }
skip() { say "SKIPPED: $*"; exit 3; }

case "${1:-}" in
  build|smoke) command="$1" ;;
  -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "usage: scripts/images.sh build|smoke (see --help)" ;;
esac
[[ "$base_port" =~ ^[0-9]+$ ]] && [ "$base_port" -ge 1024 ] && [ "$base_port" -le 65000 ] || die "DR_SMOKE_PORT_BASE must be a port number from 1024 to 65000, not '$base_port'"

# Debian's docker CLI (20.10) drives BuildKit without the buildx plugin; a newer CLI elsewhere on PATH may lack it.
docker_bin=docker
[ -x /usr/bin/docker ] && docker_bin=/usr/bin/docker
docker_cli() { "$docker_bin" "$@"; }
daemon_answers() { timeout 10 "$docker_bin" info >/dev/null 2>&1; }

started_daemon=0
stop_daemon() {
  if [ "$started_daemon" -eq 1 ] && [ -s "$state/docker.pid" ]; then
    kill "$(cat "$state/docker.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -e "$state/docker.pid" ] || break; sleep 0.2; done
  fi
}

ensure_daemon() {
  if [ -n "${DOCKER_HOST:-}" ] && daemon_answers; then return; fi
  export DOCKER_HOST="unix://$state/docker.sock"
  if daemon_answers; then return; fi
  [ "$(id -u)" -eq 0 ] || skip "no Docker daemon answers and starting one needs root"
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v docker-compose >/dev/null || need+=(docker-compose)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]} ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2; } \
      || skip "cannot install ${need[*]}"
  fi
  mkdir -p "$state"
  # exec-root holds sockets: keep its path short.
  dockerd --bridge=none --iptables=false --ip-masq=false --data-root "$state/root" --exec-root /tmp/dr-docker-exec \
    -H "$DOCKER_HOST" --pidfile "$state/docker.pid" > "$state/dockerd.log" 2>&1 &
  started_daemon=1
  for _ in $(seq 1 60); do daemon_answers && { say "started a Docker daemon ($DOCKER_HOST)"; return; }; sleep 0.5; done
  skip "the Docker daemon did not start: $(tail -n 3 "$state/dockerd.log" | tr '\n' ' ')"
}

image_exists() { docker_cli image inspect "$1" >/dev/null 2>&1; }

debian_mirror() {
  if [ -n "${DR_DEBIAN_MIRROR:-}" ]; then echo "$DR_DEBIAN_MIRROR"; return; fi
  local uri
  uri="$(grep -hE '^URIs: ' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')"
  [ -n "$uri" ] || uri="$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | head -n 1 | awk '{print $2}')"
  echo "${uri:-http://deb.debian.org/debian}"
}

base_images() {
  if ! image_exists local/debian:bookworm; then
    local rootfs="$state/rootfs"
    rm -rf "$rootfs"
    say "making a minimal Debian 12 with debootstrap from $(debian_mirror) ..."
    debootstrap --variant=minbase bookworm "$rootfs" "$(debian_mirror)" > "$state/debootstrap.log" 2>&1 \
      || die "debootstrap failed; see $state/debootstrap.log"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker_cli import - local/debian:bookworm >/dev/null
    rm -rf "$rootfs"
  fi
  local image
  for image in runtime-deps:bookworm postgres:15 rabbitmq:3.10 nginx:bookworm; do
    DOCKER_BUILDKIT=1 docker_cli build -q --network host -t "local/$image" -f "$root/build/docker/local/${image%%:*}.Dockerfile" "$root/build/docker/local" >/dev/null \
      || die "building local/$image failed"
  done
}

publish() {
  rm -rf "$context" && mkdir -p "$context/out" "$context/web"
  local service
  for service in Ingest Sampler Trainer Miner LabelGateway; do
    say "publishing $service (self-contained, linux-x64) ..."
    dotnet publish "$root/services/$service/$service.csproj" -c Release -r linux-x64 --self-contained --nologo -v quiet -clp:ErrorsOnly \
      --artifacts-path "$artifacts/build" -o "$context/out/$service" >&2 || die "publishing $service failed"
  done
  dotnet publish "$root/tools/Dr/Dr.csproj" -c Release -r linux-x64 --self-contained --nologo -v quiet -clp:ErrorsOnly \
    --artifacts-path "$artifacts/build" -o "$context/out/dr" >&2 || die "publishing dr failed"
  if [ ! -f "$root/web/dist/index.html" ]; then
    (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) >&2 || die "building the web UI failed"
  fi
  cp -r "$root/web/dist" "$context/web/dist"
  # The intermediate build is gigabytes (libtorch in every service's folder) and the publish folders hold the result.
  rm -rf "$artifacts/build"
}

build_images() {
  local target
  for target in "${targets[@]}"; do
    say "building defectrefine/$target:$version ..."
    DOCKER_BUILDKIT=1 docker_cli build -q --network host -f "$root/Dockerfile" --target "$target" -t "defectrefine/$target:$version" \
      --build-arg PUBLISHED=prebuilt --build-arg RUNTIME_BASE=local/runtime-deps:bookworm --build-arg WEB_BASE=local/nginx:bookworm \
      "$context" >/dev/null || die "building defectrefine/$target failed (rerun without -q: see scripts/images.sh)"
  done
}

sizes() {
  local target
  for target in "${targets[@]}"; do
    printf '%s\t%s MB\n' "defectrefine/$target:$version" "$(( $(docker_cli image inspect -f '{{.Size}}' "defectrefine/$target:$version") / 1000000 ))"
  done
}

compose_smoke() { docker-compose -p "$project" -f "$artifacts/compose.smoke.yml" "$@"; }

smoke() {
  local imports="$state/imports" ui_port=$((base_port + 5))
  mkdir -p "$imports" && chmod 755 "$imports"
  # The signing key scripts/services.sh keeps; the stack's ports away from the servers the tests use.
  eval "$("$root/scripts/services.sh" env)"
  export DR_IMPORT_DIR="$imports" DR_VERSION="$version" \
    DR_PG_PORT=$((base_port + 832)) DR_AMQP_PORT=$((base_port + 1072)) DR_RABBIT_DIST_PORT=$((base_port + 1073)) DR_EPMD_PORT=$((base_port + 1074)) \
    DR_GATEWAY_PORT="$base_port" DR_INGEST_PORT=$((base_port + 1)) DR_SAMPLER_PORT=$((base_port + 2)) DR_TRAINER_PORT=$((base_port + 3)) DR_MINER_PORT=$((base_port + 4))
  (umask 077 && docker-compose -f "$root/docker-compose.yml" -f "$root/build/docker/compose.host-network.yml" config \
    | python3 "$root/build/docker/host-network.py" > "$artifacts/compose.smoke.yml") || die "docker-compose cannot read docker-compose.yml with the host-network override"
  compose_smoke down -v --remove-orphans >/dev/null 2>&1 || true
  trap 'compose_smoke logs --no-color > "$artifacts/smoke-containers.log" 2>&1 || true; compose_smoke down -v >/dev/null 2>&1 || true; docker_cli rm -f drsmoke-web >/dev/null 2>&1 || true; stop_daemon' EXIT

  local started=$SECONDS
  compose_smoke up -d --no-build >&2 || die "docker-compose up failed; see $artifacts/smoke-containers.log"
  local up=$((SECONDS - started))
  local urls=()
  for offset in 0 1 2 3 4; do urls+=("http://127.0.0.1:$((base_port + offset))"); done
  "$root/dr" smoke --gateway "${urls[0]}" --ingest "${urls[1]}" --ready "${urls[@]}" --imports "$imports" --timeout 600 | tee "$artifacts/smoke.log" \
    || die "the stack failed its smoke test; containers' logs in $artifacts/smoke-containers.log"
  local cold=$((SECONDS - started))

  # The UI image alone serves the same build.
  docker_cli run -d --name drsmoke-web --network host "defectrefine/web:$version" \
    >/dev/null
  local served=0
  for _ in $(seq 1 40); do curl -fsS "http://127.0.0.1:8080/app/" 2>/dev/null | grep -q '<div id="app"' && { served=1; break; }; sleep 0.25; done
  [ "$served" -eq 1 ] || die "the UI image does not serve /app/ on 8080"

  {
    echo "image sizes:"; sizes
    echo "compose up (servers healthy, schema applied, services started): ${up} s"
    echo "cold start, images to the first query served (ready, import of 8 images, first training, first answer): $(grep -E 'ready:|import and first training:|answers' "$artifacts/smoke.log" | tr '\n' ' ')"
    echo "smoke test, compose up to the refined export: ${cold} s"
  } | tee "$artifacts/figures.txt"
  say "OK: every image ran and the stack passed its smoke test in ${cold} s"
  # The build cache holds a copy of every context (gigabytes each run); the images stay for the next run.
  docker_cli builder prune -af >/dev/null 2>&1 || true
  rm -rf "$context"
}

mkdir -p "$artifacts"
total=$SECONDS
ensure_daemon
[ "$command" = build ] && trap stop_daemon EXIT
base_images
publish
build_images
say "built ${#targets[@]} images in $((SECONDS - total)) s"
if [ "$command" = smoke ]; then
  command -v docker-compose >/dev/null || die "docker-compose is not installed (apt-get install docker-compose)"
  smoke
  say "build and smoke in $((SECONDS - total)) s"
fi
