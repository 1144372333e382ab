#!/usr/bin/env bash
# The NetProphet seed's 36-point grid search x 3 time-ordered folds with SMOTE (k=3) inside
# each training fold, on ../shared/data/networkdeg-ripe1001-features/training_data.csv:
# Faultline (bench/gridsearch.c: fl_tuning_run(), XGBoost C API) next to scikit-learn's
# GridSearchCV over the imbalanced-learn pipeline (bench/gridsearch_sklearn.py, Debian's
# python3 packages). Same input, alternating runs in one invocation (FAULTLINE_BENCH_RUNS, default
# 3); prints every search time, each run's ratio and the ratio of the medians.
#
# Usage: bench/gridsearch-vs-sklearn.sh [training_data.csv]
#   FAULTLINE_BENCH_BUILDDIR (default build-bench) is a release build; the driver is
#   bench/gridsearch.c, built by bench/meson.build.
#   static core library.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. build-aux/deps.sh
faultline_install_deps python3-pandas python3-sklearn python3-imblearn python3-xgboost

input=${1:-$top/../shared/data/networkdeg-ripe1001-features/training_data.csv}
[ -f "$input" ] || { echo "input not found: $input" >&2; exit 1; }

builddir=${FAULTLINE_BENCH_BUILDDIR:-build-bench}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=release -Dgui=disabled >/dev/null
fi
ninja -C "$builddir" bench/gridsearch >/dev/null
driver="$builddir/bench/gridsearch"
# The same driver with XGBoost under GCC's libgomp, when the build links LLVM's libomp
# (meson.build, omp_dep): a third line, so the runtime's share of the speed is on record.
gomp_driver=""
if ninja -C "$builddir" bench/gridsearch-libgomp >/dev/null 2>&1; then
  gomp_driver="$builddir/bench/gridsearch-libgomp"
fi

# Both sides run RUNS times, alternating, so that a slow spell of a shared
# machine hits both; the summary takes the median of each side.
runs=${FAULTLINE_BENCH_RUNS:-3}
faultline_machine
echo "input: $input ($runs runs each, alternating)" >&2
fl_all=()
py_all=()
gomp_all=()
for ((r = 1; r <= runs; r++)); do
  echo "== run $r: Faultline (fl_tuning_run, nthread 2) ==" >&2
  steal0=$(faultline_steal_s)
  fl_json=$("$driver" "$input" 2 2>/dev/null)
  steal1=$(faultline_steal_s)
  echo "$fl_json"
  echo "(CPU time stolen by the host: $(awk -v a="$steal0" -v b="$steal1" 'BEGIN { printf "%.2f", b - a }') s)" >&2
  fl_all+=("$fl_json")
  if [ -n "$gomp_driver" ]; then
    echo "== run $r: Faultline, XGBoost under libgomp ==" >&2
    gomp_json=$("$gomp_driver" "$input" 2 2>/dev/null)
    echo "$gomp_json"
    gomp_all+=("$gomp_json")
  fi
  echo "== run $r: scikit-learn GridSearchCV + imblearn SMOTE + XGBClassifier (n_jobs=-1) ==" >&2
  steal0=$(faultline_steal_s)
  py_json=$(/usr/bin/python3 bench/gridsearch_sklearn.py "$input")
  steal1=$(faultline_steal_s)
  echo "$py_json"
  echo "(CPU time stolen by the host: $(awk -v a="$steal0" -v b="$steal1" 'BEGIN { printf "%.2f", b - a }') s)" >&2
  py_all+=("$py_json")
done

/usr/bin/python3 - "$runs" "${fl_all[@]}" "${py_all[@]}" "${gomp_all[@]}" <<'PY'
import json, statistics, sys
runs = int(sys.argv[1])
fls = [json.loads(a) for a in sys.argv[2:2 + runs]]
pys = [json.loads(a) for a in sys.argv[2 + runs:2 + 2 * runs]]
gomps = [json.loads(a) for a in sys.argv[2 + 2 * runs:]]
fl, py = fls[0], pys[0]
fl_s = [f['search_s'] for f in fls]
py_s = [p['search_s'] for p in pys]
print(f"rows {fl['rows']} (train {fl['train_rows']}), {fl['points']} points x {fl['folds']} folds"
      f" = {fl['fits']} fits")
print(f"Faultline      search {', '.join(f'{t:.3f}' for t in fl_s)} s  best {fl['best']}"
      f"  mean F1 {fl['best_mean_f1']:.4f}  (OpenMP runtime {fl['openmp']})")
if gomps:
    g_s = [g['search_s'] for g in gomps]
    same = all(g['best'] == fl['best'] and g['best_mean_f1'] == fl['best_mean_f1'] for g in gomps)
    print(f"  the same under {gomps[0]['openmp']}: {', '.join(f'{t:.3f}' for t in g_s)} s"
          f"  (same best point and score: {'yes' if same else 'NO'}),"
          f" ratio of medians to scikit-learn {statistics.median(py_s) / statistics.median(g_s):.1f}x")
print(f"scikit-learn   search {', '.join(f'{t:.3f}' for t in py_s)} s  best {py['best']}"
      f"  mean F1 {py['best_mean_f1']:.4f}")
print("per run: " + ", ".join(f"{p / f:.1f}x" for f, p in zip(fl_s, py_s)))
ratio = statistics.median(py_s) / statistics.median(fl_s)
print(f"ratio of medians (scikit-learn / Faultline): {ratio:.1f}x  (goal >= 5x)")
PY
