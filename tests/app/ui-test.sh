#!/bin/sh
# ui-test.sh APP CLI UI_SAMPLE_PY
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds a sample project with faultline-cli, starts faultline on it and
# drives it with dogtail (ui_sample.py). Exits 77 (skip) without a display,
# dogtail or sample data.

app="$1"
cli="$2"
script="$3"
outdir="${FL_UI_TEST_DIR:-.}"
python=/usr/bin/python3

if [ -z "$DISPLAY" ] && [ -z "$WAYLAND_DISPLAY" ]; then
  echo "SKIP: no display (run under xvfb-run -a dbus-run-session)"
  exit 77
fi
if [ -z "$DBUS_SESSION_BUS_ADDRESS" ]; then
  echo "SKIP: no session bus for AT-SPI (run under dbus-run-session)"
  exit 77
fi
if ! "$python" -c 'import dogtail' 2>/dev/null; then
  echo "SKIP: dogtail is not installed for $python"
  exit 77
fi

# Sample input: the bundled labelled RTT trace 11119, else the shared copy.
inputs=""
if [ -n "$FL_SAMPLES_DIR" ] && [ -f "$FL_SAMPLES_DIR/rtt-traces/11119.csv" ]; then
  inputs="$FL_SAMPLES_DIR/rtt-traces/11119.csv"
fi
if [ -z "$inputs" ] && [ -f "$FL_SHARED_DATA/ripe-rtt-changepoint-shao2017/raw/11119.csv" ]; then
  inputs="$FL_SHARED_DATA/ripe-rtt-changepoint-shao2017/raw/11119.csv"
fi
if [ -z "$inputs" ]; then
  echo "SKIP: no sample data (FL_SAMPLES_DIR, FL_SHARED_DATA)"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/faultline-ui.XXXXXX") || exit 1
pid=""
cleanup () {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

project="$tmp/sample.faultline"
echo "# importing:$inputs"
# shellcheck disable=SC2086
if ! "$cli" import "$project" $inputs; then
  echo "FAIL: faultline-cli import failed"
  exit 1
fi

# The screenshots the test's environment names (FL_UI_SCREENSHOT*, set per
# test in meson.build) start absent; other tests' screenshots stay.
env | sed -n 's/^FL_UI_SCREENSHOT[A-Z_]*=//p' | while IFS= read -r shot; do
  rm -f "$shot"
done

"$app" "$project" >"$outdir/ui-app.log" 2>&1 &
pid=$!

"$python" "$script"
rc=$?

if ! kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: faultline exited early; log:"
  cat "$outdir/ui-app.log"
  pid=""
  exit 1
fi

echo "# app log:"
grep -v 'Failed to set fd limit' "$outdir/ui-app.log" | sed 's/^/#   /'
exit $rc
