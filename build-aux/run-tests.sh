#!/usr/bin/env bash
# The whole Faultline test suite: installs what is missing, builds with warnings
# as errors, runs every test (GUI tests under Xvfb with a private session bus),
# then builds again with AddressSanitizer + UBSan and runs the core and chart suites there.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. build-aux/deps.sh
faultline_install_deps

run_headless () {
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- "$@" \
    2> >(grep -v 'Failed to set fd limit' >&2)
}

builddir=${FAULTLINE_TEST_BUILDDIR:-build-tests}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=debugoptimized -Dwerror=true
fi
ninja -C "$builddir"
log_main=$(mktemp) log_asan=$(mktemp)
trap 'rm -f "$log_main" "$log_asan"' EXIT
run_headless meson test -C "$builddir" --print-errorlogs --num-processes 2 | tee "$log_main"

asandir=${FAULTLINE_ASAN_BUILDDIR:-build-asan}
if [ ! -f "$asandir/build.ninja" ]; then
  meson setup "$asandir" --buildtype=debug -Dwerror=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dgui=disabled
fi
ninja -C "$asandir"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
LSAN_OPTIONS=suppressions="$top/tests/lsan.supp" \
  meson test -C "$asandir" --print-errorlogs --num-processes 2 --suite core --suite plot \
  | tee "$log_asan"

# One closing line over both runs (meson's own summary per run is above).
count () { awk -v k="$1" '$1 == k":" { n += $2 } END { print n + 0 }' "$log_main" "$log_asan"; }
passed=$(count Ok) failed=$(( $(count Fail) + $(count Timeout) ))
skipped=$(count Skipped)
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
