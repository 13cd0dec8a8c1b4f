#!/usr/bin/env bash
# Reproduces the committed NEU-Seg results in docs/results/: ROI initial labels, the triplet strategy and the random
# and entropy baselines, 4 sessions × 50 queries, seeds 1–3, once per feedback mode given (default: both user).
# About 45 minutes per feedback mode on a 2-core machine. SIMULATION: the expert is simulated from the true masks.
#   scripts/eval-neu.sh [feedback ...]        e.g. scripts/eval-neu.sh both
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
neu="${DR_SHARED_DIR:-$root/../shared}/datasets/neu-seg"
[ -d "$neu/images/train" ] || { echo "eval-neu: NEU-Seg not found at $neu (set DR_SHARED_DIR)" >&2; exit 2; }
for feedback in "${@:-both user}"; do
  for mode in $feedback; do
    "$root/dr" eval grid \
      --images "$neu/images/train" --masks "$neu/masks/train" --test-images "$neu/images/test" --test-masks "$neu/masks/test" \
      --max-images 60 --init roi --strategy triplet,random,entropy --anchor random --feedback "$mode" --refine centre \
      --seed 1,2,3 --sessions 4 --queries-per-session 50 --initial-steps 300 --session-steps 100 \
      --out "$root/docs/results/neu-roi-$mode"
  done
done
