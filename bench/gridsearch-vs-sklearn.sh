#!/usr/bin/env bash
# The NetProphet seed's 36-point grid search x 3 time-ordered folds with SMOTE (k=3) inside
# each training fold, on ../shared/data/networkdeg-ripe1001-features/training_data.csv:
# Faultline (bench/gridsearch.c: fl_tuning_run(), XGBoost C API) next to scikit-learn's
# GridSearchCV over the imbalanced-learn pipeline (bench/gridsearch_sklearn.py, Debian's
# python3 packages). Same input, one run each; prints both search times and the ratio.
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

echo "input: $input" >&2
echo "== Faultline (fl_tuning_run, nthread 2) ==" >&2
fl_json=$("$driver" "$input" 2 2>/dev/null)
echo "$fl_json"
echo "== scikit-learn GridSearchCV + imblearn SMOTE + XGBClassifier (n_jobs=-1) ==" >&2
py_json=$(/usr/bin/python3 bench/gridsearch_sklearn.py "$input")
echo "$py_json"

/usr/bin/python3 - "$fl_json" "$py_json" <<'PY'
import json, sys
fl, py = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = py['search_s'] / fl['search_s']
print(f"rows {fl['rows']} (train {fl['train_rows']}), {fl['points']} points x {fl['folds']} folds"
      f" = {fl['fits']} fits")
print(f"Faultline      search {fl['search_s']:.3f} s  best {fl['best']}  mean F1 {fl['best_mean_f1']:.4f}")
print(f"scikit-learn   search {py['search_s']:.3f} s  best {py['best']}  mean F1 {py['best_mean_f1']:.4f}")
print(f"ratio (scikit-learn / Faultline): {ratio:.1f}x  (goal >= 5x)")
PY
