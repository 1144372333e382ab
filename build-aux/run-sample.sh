#!/usr/bin/env bash
# Faultline's main job on the bundled samples: installs what is missing, builds,
# imports samples/ into a project and either opens it in the app (when a display
# is available) or runs the SMOTE + XGBoost experiment through faultline-cli in
# both pipeline modes and prints the confusion matrices.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. build-aux/deps.sh
faultline_install_deps

builddir=${FAULTLINE_BUILDDIR:-build}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=debugoptimized
fi
ninja -C "$builddir"

cli="$builddir/src/cli/faultline-cli"
project="$builddir/samples.faultline"
if [ ! -f "$project" ]; then
  "$cli" import --quiet "$project" samples/rtt-traces/*.csv \
    samples/ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${FAULTLINE_NO_GUI:-}" ]; then
  export GSETTINGS_SCHEMA_DIR="$top/$builddir/data"
  exec "$builddir/src/app/faultline" "$project"
fi

echo
echo "== No display: running the experiment with faultline-cli on trace 11119 =="
echo
echo "-- 1. Honest pipeline (no forward-fill, past-only baseline), chronological split --"
"$cli" experiment --quiet "$project" --series trace:11119
echo
echo "The trace has one RTT every 240 s, so the seed pipeline's 60 s buckets would hold single"
echo "replies whose jitter is undefined, and its dropna() would drop every row; runs 2 and 3 use"
echo "600 s buckets."
echo
echo "-- 2. Seed-compatible pipeline (NetProphet: forward-fill, min_periods=1), random stratified"
echo "      80/20 split as published, SMOTE k=3 --"
"$cli" experiment --quiet "$project" --series trace:11119 --mode seed-compat --bucket 600 \
  --split random-stratified --smote-k 3
echo
echo "-- 3. The same seed-compatible table, split in time order --"
"$cli" experiment --quiet "$project" --series trace:11119 --mode seed-compat --bucket 600 \
  --split chronological --smote-k 3
echo
echo "-- 4. A comparison on the same trace: past-only feature recipes in 240 s buckets, three"
echo "      expanding folds with a purge gap, three imbalance treatments x three models, the"
echo "      isolation forest and four baselines (samples/experiments/trace-11119-comparison.json) --"
"$cli" experiment --quiet "$project" --config samples/experiments/trace-11119-comparison.json
