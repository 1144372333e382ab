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
echo "-- Honest pipeline (no forward-fill, past-only baseline), chronological split --"
"$cli" experiment --quiet "$project" --series trace:11119
echo
echo "-- Seed-compatible pipeline (NetProphet: forward-fill, random stratified split, SMOTE k=3) --"
"$cli" experiment --quiet "$project" --series trace:11119 --mode seed-compat \
  --split random-stratified --smote-k 3
