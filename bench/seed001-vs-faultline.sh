#!/usr/bin/env bash
# Faultline next to the Python reference pipeline (../shared/bench/seed001_reference.py:
# pandas + imbalanced-learn + xgboost), on the same RIPE Atlas JSON input, in one run.
# Both do the same job: load the file, pick the most active probe, build the seed's
# bucket features and label, then SMOTE (k=3) + XGBoost (200 rounds) with a random
# stratified 80/20 split and with a chronological 80/20 split.
#
# Usage: bench/seed001-vs-faultline.sh [RIPE_JSON | SIZE_MB]
#   default: the largest cmb2023 file; a number N makes (once, cached in build-imp-bench/data,
#   shared with bench/import-scale.sh) an N MB RIPE JSON array with
#   ../shared/bench/make-ripe-scale.py, e.g. 327 for issue 5's training benchmark.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. build-aux/deps.sh
faultline_install_deps python3-pandas python3-sklearn python3-imblearn python3-xgboost

shared="$top/../shared"
input=${1:-$shared/data/ripe-atlas-ping-cmb2023/short_term_30min/Europe-WIFI-P-49970319.json}
if [[ "$input" =~ ^[0-9]+$ ]]; then
  datadir=${FAULTLINE_BENCH_DIR:-build-imp-bench}/data
  mkdir -p "$datadir"
  if [ ! -s "$datadir/ripe-$input.json" ]; then
    echo "making $datadir/ripe-$input.json ..." >&2
    /usr/bin/python3 "$shared/bench/make-ripe-scale.py" "$datadir/ripe-$input.json" "$input" >&2
  fi
  input="$datadir/ripe-$input.json"
fi
reference="$shared/bench/seed001_reference.py"
[ -f "$input" ] || { echo "input not found: $input" >&2; exit 1; }
[ -f "$reference" ] || { echo "reference pipeline not found: $reference" >&2; exit 1; }

builddir=${FAULTLINE_BENCH_BUILDDIR:-build-bench}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=release -Dgui=disabled >/dev/null
fi
ninja -C "$builddir" >/dev/null
cli="$builddir/src/cli/faultline-cli"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now () { date +%s.%N; }

echo "input: $input ($(du -h "$input" | cut -f1))"

t0=$(now)
/usr/bin/python3 "$reference" --nthread 2 "$input" > "$work/reference.json"
t1=$(now)

probe=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["probe"])' \
        "$work/reference.json")

t2=$(now)
"$cli" import --quiet "$work/bench.faultline" "$input" > /dev/null
t3=$(now)
series=$("$cli" series "$work/bench.faultline" | awk -v p="$probe" '$1 ~ ":"p"$" {print $1; exit}')
n_series=$("$cli" series "$work/bench.faultline" | awk -v p="$probe" '$1 ~ ":"p"$"' | wc -l)
if [ "$n_series" -gt 1 ]; then
  echo "note: probe $probe took part in $n_series measurements; the reference mixes their RTTs into"
  echo "      one series (it groups by probe id only), Faultline uses $series alone, so the"
  echo "      labels and counts below differ."
fi
common=(--quiet --json --series "$series" --mode seed-compat --smote-k 3 --nthread 2)
"$cli" experiment "$work/bench.faultline" "${common[@]}" --split random-stratified \
  > "$work/random.json"
"$cli" experiment "$work/bench.faultline" "${common[@]}" --split chronological \
  > "$work/chronological.json"
t4=$(now)

/usr/bin/python3 - "$work" "$t0" "$t1" "$t2" "$t3" "$t4" "$series" <<'PY'
import json, sys
work, t0, t1, t2, t3, t4, series = sys.argv[1], *map(float, sys.argv[2:7]), sys.argv[7]
ref = json.load(open(f"{work}/reference.json"))
fl = {s: json.load(open(f"{work}/{s}.json")) for s in ("random", "chronological")}
ref_wall, fl_wall = t1 - t0, t4 - t2
print(f"probe {ref['probe']} ({series}), {ref['samples']} RTT samples in the file, "
      f"{ref['rows']} feature rows (reference, before dropna)")
print()
print(f"{'':34}{'reference (Python)':>20}{'Faultline (C)':>16}")
print(f"{'wall time, whole run (s)':34}{ref_wall:20.2f}{fl_wall:16.2f}")
print(f"{'  load/import (s)':34}{ref['times_s'].get('load', float('nan')):20.2f}{t3 - t2:16.2f}")
for s in ("random", "chronological"):
    r, f = ref.get(s, {}), fl[s]
    cm = f["confusion_matrix"]
    print(f"{s} split")
    print(f"{'  test rows / positives':34}{str(r.get('test_rows')) + ' / ' + str(r.get('test_pos')):>20}"
          f"{str(f['test_rows']) + ' / ' + str(f['test_positives']):>16}")
    print(f"{'  tn fp fn tp':34}{' '.join(str(r.get(k)) for k in ('tn','fp','fn','tp')):>20}"
          f"{' '.join(str(cm[k]) for k in ('tn','fp','fn','tp')):>16}")
    for m in ("precision", "recall", "f1"):
        rv = r.get(m)
        print(f"{'  ' + m:34}{(f'{rv:.3f}' if rv is not None else '-'):>20}{f[m]:16.3f}")
print()
print(f"speed-up (reference wall / Faultline wall): {ref_wall / fl_wall:.1f}x")
PY
