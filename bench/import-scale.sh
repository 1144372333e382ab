#!/usr/bin/env bash
# Import speed and memory: `faultline-cli import` next to the Python reference loader
# (../shared/bench/seed001_reference.py --no-train: json.load + pandas) on the same RIPE Atlas
# JSON array, made by ../shared/bench/make-ripe-scale.py from the real cmb2023 results.
# Prints wall time, peak RSS (GNU time -v), throughput (MB/s, results/s) and the ratio, then
# checks that Faultline's peak RSS does not grow with the file size (100 MB vs 1 GB).
#
# Usage: bench/import-scale.sh [SIZE_MB]   (default 327; FAULTLINE_BENCH_SKIP_SCALE=1 skips
#        the 100 MB / 1 GB check). Generated inputs are cached in build-imp-bench/data
#        (git-ignored); nothing big is written to the source tree.
#        The reference and Faultline run FAULTLINE_BENCH_RUNS times (default 3), alternating,
#        so that a slow spell of a shared machine hits both; every run is printed, and the
#        summary takes the median of each side (peak RSS: the largest).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. build-aux/deps.sh
faultline_install_deps time python3-pandas python3-sklearn python3-imblearn python3-xgboost

size_mb=${1:-327}
shared="$top/../shared"
maker="$shared/bench/make-ripe-scale.py"
reference="$shared/bench/seed001_reference.py"
[ -f "$maker" ] || { echo "not found: $maker" >&2; exit 1; }
[ -f "$reference" ] || { echo "not found: $reference" >&2; exit 1; }

benchdir=${FAULTLINE_BENCH_DIR:-build-imp-bench}
builddir="$benchdir/build"
datadir="$benchdir/data"
mkdir -p "$datadir"
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=release -Dgui=disabled >/dev/null
fi
ninja -C "$builddir" src/cli/faultline-cli bench/import-parse >/dev/null
cli="$builddir/src/cli/faultline-cli"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

input_for () {  # SIZE_MB → cached file name
  local f="$datadir/ripe-$1.json"
  if [ ! -s "$f" ]; then
    echo "making $f ..." >&2
    /usr/bin/python3 "$maker" "$f.tmp" "$1" >&2
    mv "$f.tmp" "$f"
  fi
  echo "$f"
}

# run LABEL OUT_PREFIX CMD...: wall seconds and peak RSS (KiB) into OUT_PREFIX.{wall,rss}
run () {
  local label=$1 out=$2
  shift 2
  /usr/bin/time -v -o "$out.time" "$@" > "$out.stdout" 2> "$out.stderr" || {
    echo "$label failed:" >&2; cat "$out.stderr" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
                for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$out.time" > "$out.wall"
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$out.time" > "$out.rss"
}

faultline_import () {  # INPUT OUT_PREFIX
  rm -f "$work/p.faultline" "$work/p.faultline-wal" "$work/p.faultline-shm"
  run faultline "$2" "$cli" import --quiet "$work/p.faultline" "$1"
}

input=$(input_for "$size_mb")
bytes=$(stat -c %s "$input")
echo "input: $input ($((bytes / 1000000)) MB)"
# Other work on the machine skews both timings: say how busy it was.
faultline_machine
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"

runs=${FAULTLINE_BENCH_RUNS:-3}
ref_walls=(); fl_walls=(); ref_rss=0; fl_rss=0
for ((r = 1; r <= runs; r++)); do
  steal0=$(faultline_steal_s)
  run reference "$work/ref" /usr/bin/python3 "$reference" --no-train "$input"
  steal1=$(faultline_steal_s)
  faultline_import "$input" "$work/fl"
  steal2=$(faultline_steal_s)
  ref_walls+=("$(cat "$work/ref.wall")"); fl_walls+=("$(cat "$work/fl.wall")")
  ref_rss=$(( $(cat "$work/ref.rss") > ref_rss ? $(cat "$work/ref.rss") : ref_rss ))
  fl_rss=$(( $(cat "$work/fl.rss") > fl_rss ? $(cat "$work/fl.rss") : fl_rss ))
  echo "run $r: reference $(cat "$work/ref.wall") s, faultline $(cat "$work/fl.wall") s" \
       "(CPU time stolen by the host: $(awk -v a="$steal0" -v b="$steal1" 'BEGIN { printf "%.2f", b - a }') s," \
       "$(awk -v a="$steal1" -v b="$steal2" 'BEGIN { printf "%.2f", b - a }') s)"
done
median () { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The same import with the simdjson path switched off (yajl reads everything), for comparison.
FAULTLINE_IMPORT_NO_SIMDJSON=1 faultline_import "$input" "$work/fly"

results=$(sed -n 's/^Imported .*: \([0-9]*\) results.*/\1/p' "$work/fl.stdout")
ref_load=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["times_s"]["load"])' \
           "$work/ref.stdout" 2>/dev/null || echo "")

/usr/bin/python3 - "$bytes" "$results" "$(median "${ref_walls[@]}")" "$ref_rss" \
  "$(median "${fl_walls[@]}")" "$fl_rss" "$ref_load" "$(cat "$work/fly.wall")" \
  "${ref_walls[*]}" "${fl_walls[*]}" <<'PY'
import sys
size, results = int(sys.argv[1]), int(sys.argv[2])
ref_wall, ref_rss, fl_wall, fl_rss = float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
ref_load = sys.argv[7]
mb = size / 1e6
refs, fls = [float(v) for v in sys.argv[9].split()], [float(v) for v in sys.argv[10].split()]
print("per run (reference / faultline): " + ", ".join(f"{a / b:.1f}x" for a, b in zip(refs, fls)))
print(f"{'median of ' + str(len(refs)) + ' runs':28}{'wall s':>9}{'peak RSS MB':>13}{'MB/s':>9}{'results/s':>12}")
print(f"{'reference (--no-train)':28}{ref_wall:9.2f}{ref_rss/1024:13.0f}{mb/ref_wall:9.1f}{results/ref_wall:12.0f}")
if ref_load:
    print(f"{'  of which load (last run)':28}{float(ref_load):9.2f}")
print(f"{'faultline-cli import':28}{fl_wall:9.2f}{fl_rss/1024:13.0f}{mb/fl_wall:9.1f}{results/fl_wall:12.0f}")
yajl_wall = float(sys.argv[8])
print(f"{'  the same, yajl only':28}{yajl_wall:9.2f}{'':13}{mb/yajl_wall:9.1f}{results/yajl_wall:12.0f}")
print(f"ratio of the medians (reference wall / faultline wall): {ref_wall/fl_wall:.1f}x   "
      f"goal: >= 12x, peak RSS <= 250 MB ({'met' if ref_wall/fl_wall >= 12 and fl_rss/1024 <= 250 else 'NOT met'})")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The parser alone (no project, a sink that only counts): the floor of the import.
"$builddir/bench/import-parse" "$input" 3 | /usr/bin/python3 -c '
import json, sys
p = json.load(sys.stdin)
fast, yajl = p["simdjson_s"]["median"], p["yajl_s"]["median"]
print("parsing alone (no project, median of %d): simdjson path %.2f s (%.0f MB/s), yajl %.2f s (%.0f MB/s)"
      % (p["runs"], fast, p["simdjson_mb_s"], yajl, p["yajl_mb_s"]))'

if [ "${FAULTLINE_BENCH_SKIP_SCALE:-0}" != 1 ]; then
  echo
  echo "peak RSS against file size (faultline-cli import):"
  for mb in 100 1000; do
    f=$(input_for "$mb")
    faultline_import "$f" "$work/s$mb"
    printf '  %5d MB: %6.1f s, peak RSS %4d MB\n' "$mb" "$(cat "$work/s$mb.wall")" \
      "$(( $(cat "$work/s$mb.rss") / 1024 ))"
  done
  # SQLite's page cache (16 MiB during an import) and the queues fill during
  # the first hundred MB or so, so compare 1 GB with the main run as well as
  # with 100 MB.
  r100=$(cat "$work/s100.rss"); rmain=$fl_rss; r1000=$(cat "$work/s1000.rss")
  printf '  %5d MB: peak RSS %4d MB (the main run)\n' "$size_mb" "$(( rmain / 1024 ))"
  if [ "$r1000" -le $(( rmain * 11 / 10 )) ] && [ "$r1000" -le 256000 ]; then
    echo "  peak RSS is bounded: 1 GB within 10 % of ${size_mb} MB (100 MB: $(( r100 / 1024 )) MB, cache still filling)"
  else
    echo "  peak RSS GROWS with the file size"
  fi
fi
