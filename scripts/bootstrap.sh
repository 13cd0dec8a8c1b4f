#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test DefectRefine. Idempotent and quick when
# everything is present. Needs root (or passwordless sudo) only when something is missing.
set -euo pipefail

# libgtk-3-0: OpenCvSharp's official linux-x64 runtime links against it.
# PostgreSQL and RabbitMQ are installed on demand by scripts/services.sh, which keeps their packages from starting system-wide servers.
# chromium: Debian's browser, driven by playwright-core in the web UI's browser tests.
packages=(libgtk-3-0 chromium)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v dotnet >/dev/null || { echo "bootstrap: the .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }
# The web UI builds and tests with Vite 8 and Vitest 4, which need Node.js 20.19 or later.
command -v node >/dev/null && command -v npm >/dev/null || { echo "bootstrap: Node.js 20.19+ with npm is required for web/ (node or npm not on PATH)." >&2; exit 1; }
# The Kubernetes manifest tests render k8s/ with 'kubectl kustomize' (offline; no cluster is contacted).
command -v kubectl >/dev/null || { echo "bootstrap: kubectl (1.32 or later) is required for the k8s/ checks (not on PATH; see https://kubernetes.io/docs/tasks/tools/)." >&2; exit 1; }

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: missing packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})." >&2; exit 1; }
  sudo=(sudo)
fi
echo "bootstrap: installing ${missing[*]} ..." >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
