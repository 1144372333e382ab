#!/usr/bin/env bash
# screenshot-tour.sh [BUILDDIR] [OUTDIR]
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For reviewing the look of the app: builds a project from the bundled
# samples (three RTT traces and the synthetic KPI table) with a comparison
# run and a noise run, starts Faultline on it under Xvfb in the light and the
# dark style, visits every page with dogtail (tests/app/ui_tour.py) and saves
# one screenshot per page and style in OUTDIR (default build/tour). Not a
# test: nothing is asserted beyond the pages being reachable.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/build}
outdir=${2:-$builddir/tour}
cli="$builddir/src/cli/faultline-cli"
app="$builddir/src/app/faultline"
mkdir -p "$outdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

project="$tmp/tour.faultline"
"$cli" import "$project" "$top"/samples/rtt-traces/11119.csv "$top"/samples/rtt-traces/11180.csv \
  "$top"/samples/rtt-traces/11323.csv >/dev/null
"$cli" experiment "$project" --config "$top/samples/experiments/trace-11119-comparison.json" >/dev/null

for style in light dark; do
  scheme=prefer-light
  [ "$style" = dark ] && scheme=prefer-dark
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" \
  FL_SAMPLES_DIR="$top/samples" FL_TOUR_OUT="$outdir" FL_TOUR_STYLE="$style" \
  ADW_DEBUG_COLOR_SCHEME=$scheme \
    xvfb-run -a -s '-screen 0 1280x860x24' dbus-run-session -- \
    bash -c '"$0" "$1" >"$2/app-$3.log" 2>&1 & pid=$!; /usr/bin/python3 "$4"; rc=$?; kill $pid; exit $rc' \
    "$app" "$project" "$outdir" "$style" "$top/tests/app/ui_tour.py"
done
ls "$outdir"/*.png
