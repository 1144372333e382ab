#!/usr/bin/env bash
# faultline-cli remove-source: removes one source with its samples and series, keeps the rest,
# compacts the file, refuses unknown ids (exit 1) and bad arguments (exit 2), and the file can be
# imported again.
# Usage: test-remove-source.sh FAULTLINE_CLI   (FL_SAMPLES_DIR: the bundled samples)
set -euo pipefail
cli=$1
samples=${FL_SAMPLES_DIR:?}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
p="$dir/p.faultline"
trace="$samples/rtt-traces/11119.csv"
ripe="$samples/ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson"

fail () { echo "not ok: $*" >&2; exit 1; }

"$cli" import -q "$p" "$trace" "$ripe" > "$dir/import.out"
grep -q '2 sources, 33 series, 13000 measurements' "$dir/import.out" || fail "import: $(cat "$dir/import.out")"

size_before=$(stat -c %s "$p")
"$cli" remove-source "$p" 2 > "$dir/remove.out"
[ "$(head -n 1 "$dir/remove.out")" = "Removed source 2 (msm26858348_ping_anchor_mesh.ndjson) and 32 series" ] ||
  fail "remove: $(cat "$dir/remove.out")"
# a quarter or more of the file was free: it was compacted, and says so
grep -q "^Compacted $p: " "$dir/remove.out" || fail "not compacted: $(cat "$dir/remove.out")"
[ "$(stat -c %s "$p")" -lt "$size_before" ] || fail "the file did not shrink"

[ "$("$cli" sources "$p" | wc -l)" -eq 2 ] || fail "sources after removal: $("$cli" sources "$p")"
"$cli" sources "$p" > "$dir/sources.out"
grep -q '11119.csv' "$dir/sources.out" || fail "the trace source is gone"
[ "$("$cli" series "$p" | wc -l)" -eq 2 ] || fail "series after removal: $("$cli" series "$p")"

set +e
"$cli" remove-source "$p" 2 2> "$dir/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "removing it again exited $rc"
grep -q 'there is no source 2' "$dir/err" || fail "message: $(cat "$dir/err")"

set +e
"$cli" remove-source "$p" 2> /dev/null; rc=$?
set -e
[ $rc -eq 2 ] || fail "no id exited $rc"

"$cli" import -q "$p" "$ripe" > "$dir/again.out"
grep -q '1000 results' "$dir/again.out" || fail "re-import after removal: $(cat "$dir/again.out")"
echo "ok"
