#!/usr/bin/env bash
# Reproduces the committed NEU-Seg results (docs/evaluation.md): ROI initial labels, 300 training images spread over
# NEU-Seg's train split, the test split, triplet acquisition against random queries, centre-pixel answers,
# 4 sessions × 50 queries, seeds 1–3, with the references (the boxes as they are, GrabCut in the boxes) on the same
# images and labels. SIMULATION: the expert is simulated from the true masks.
#   scripts/eval-neu.sh [OUT]                  the default learner (pixel), into docs/results/neu-roi
#   DR_EVAL_MODEL=paper scripts/eval-neu.sh OUT  the paper's configuration (its budget: 300 + 4 × 150 steps)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
neu="${DR_SHARED_DIR:-$root/../shared}/datasets/neu-seg"
[ -d "$neu/images/train" ] || { echo "eval-neu: NEU-Seg not found at $neu (set DR_SHARED_DIR)" >&2; exit 2; }
model="${DR_EVAL_MODEL:-pixel}"
case "$model" in pixel|paper) ;; *) echo "eval-neu: DR_EVAL_MODEL must be pixel or paper, not '$model'" >&2; exit 2 ;; esac
exec "$root/dr" eval grid \
  --images "$neu/images/train" --masks "$neu/masks/train" --test-images "$neu/images/test" --test-masks "$neu/masks/test" \
  --max-images 300 --init roi --strategy triplet,random --anchor random --feedback both --refine centre \
  --seed 1,2,3 --sessions 4 --queries-per-session 50 --model "$model" \
  --out "${1:-$root/docs/results/neu-roi}"
