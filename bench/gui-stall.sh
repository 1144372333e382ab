#!/usr/bin/env bash
# Main-loop stalls of the app while it imports a large RIPE Atlas file and trains
# (goal: no main-thread work over 50 ms in one go). Runs bench/gui-stall.c under
# `xvfb-run -a dbus-run-session`: a window on a new project imports, through the
# Data page, a ~100 MB RIPE Atlas JSON array made by ../shared/bench/make-ripe-scale.py
# from the real cmb2023 results plus samples/rtt-traces/11119.csv, then runs
# samples/experiments/trace-11119-comparison.json through the Experiment page.
#
# Usage: bench/gui-stall.sh [SIZE_MB] [CONFIG.json]   (defaults 100 and the config
#        above). FAULTLINE_BENCH_RIPE=FILE uses an existing RIPE file instead;
#        generated files are cached in BUILDDIR/bench-data (git-ignored build dir).
#        FAULTLINE_BENCH_BUILDDIR (default build-gb-rel, release, GUI enabled).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

size_mb=${1:-100}
config=${2:-samples/experiments/trace-11119-comparison.json}
builddir=${FAULTLINE_BENCH_BUILDDIR:-build-gb-rel}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=release -Dgui=enabled >/dev/null
fi
ninja -C "$builddir" bench/gui-stall data/gschemas.compiled >/dev/null

for tool in xvfb-run dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install xvfb dbus)" >&2; exit 77; }
done

ripe=${FAULTLINE_BENCH_RIPE:-}
if [ -z "$ripe" ]; then
  maker="$top/../shared/bench/make-ripe-scale.py"
  [ -f "$maker" ] || { echo "not found: $maker (or set FAULTLINE_BENCH_RIPE)" >&2; exit 77; }
  mkdir -p "$builddir/bench-data"
  ripe="$builddir/bench-data/ripe-$size_mb.json"
  if [ ! -s "$ripe" ]; then
    echo "making $ripe ..." >&2
    /usr/bin/python3 "$maker" "$ripe.tmp" "$size_mb" >&2
    mv "$ripe.tmp" "$ripe"
  fi
fi

echo "Main-loop stalls: import of $(basename "$ripe") ($(( $(stat -c %s "$ripe") / 1000000 )) MB)" \
     "+ 11119.csv, then $(basename "$config"); nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
GSETTINGS_SCHEMA_DIR="$top/$builddir/data" GSETTINGS_BACKEND=memory \
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
  "$builddir/bench/gui-stall" "$config" "$ripe" samples/rtt-traces/11119.csv \
  2> >(grep -v -e 'Failed to set fd limit' -e '^dbus-daemon' -e 'SpiRegistry' >&2)
