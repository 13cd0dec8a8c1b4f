#!/usr/bin/env bash
# Reproduces the committed NEU-Seg results in docs/results/neu-roi: ROI initial labels, the triplet strategy and the
# random and entropy baselines, feedback "both", centre-pixel refinement, 4 sessions × 50 queries, seeds 1–3.
# About 35 minutes on a 2-core machine. SIMULATION: the expert is simulated from the true masks.
#   scripts/eval-neu.sh [OUT]        (default docs/results/neu-roi)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
neu="${DR_SHARED_DIR:-$root/../shared}/datasets/neu-seg"
[ -d "$neu/images/train" ] || { echo "eval-neu: NEU-Seg not found at $neu (set DR_SHARED_DIR)" >&2; exit 2; }
exec "$root/dr" eval grid \
  --images "$neu/images/train" --masks "$neu/masks/train" --test-images "$neu/images/test" --test-masks "$neu/masks/test" \
  --max-images 60 --init roi --strategy triplet,random,entropy --anchor random --feedback both --refine centre \
  --seed 1,2,3 --sessions 4 --queries-per-session 50 --initial-steps 200 --session-steps 75 \
  --out "${1:-$root/docs/results/neu-roi}"
