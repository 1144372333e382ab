#!/usr/bin/python3
# gridsearch_sklearn.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Python reference for bench/gridsearch-vs-sklearn.sh: the NetProphet seed's
# tune_model.py search (Dhruvq/networkdeg initial_files/tune_model.py: SMOTE(k=3,
# random_state=42) -> XGBClassifier(eval_metric='logloss', random_state=42) in an
# imbalanced-learn pipeline, GridSearchCV over the same 36 points, scoring='f1',
# n_jobs=-1), with the methodology's protocol B: the first 80 % of rows in time
# order, TimeSeriesSplit(3) inside. refit=False: only the 36 x 3 fits are timed,
# like the Faultline side (which does not refit the winner either).
# Run with Debian's /usr/bin/python3 (sklearn 1.2, imblearn 0.10, xgboost 1.7.4).
import json
import sys
import time

import pandas as pd
import xgboost as xgb
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

FEATS = ['avg_latency', 'jitter', 'rtt_min', 'rtt_max', 'packet_count',
         'latency_change_5m', 'rolling_mean', 'rolling_std']
GRID = {
    'xgb__n_estimators': [100, 200],
    'xgb__max_depth': [3, 4, 5],
    'xgb__learning_rate': [0.05, 0.1],
    'xgb__scale_pos_weight': [1, 3, 5],
}


def main():
    t0 = time.perf_counter()
    df = pd.read_csv(sys.argv[1])
    df.dropna(inplace=True)
    X, y = df[FEATS], df['target_5m_degraded'].astype(int)
    n = int(len(X) * 0.8)
    X, y = X.iloc[:n], y.iloc[:n]
    t1 = time.perf_counter()
    pipe = ImbPipeline([
        ('smote', SMOTE(random_state=42, k_neighbors=3)),
        ('xgb', xgb.XGBClassifier(eval_metric='logloss', random_state=42)),
    ])
    gs = GridSearchCV(pipe, GRID, scoring='f1', cv=TimeSeriesSplit(n_splits=3),
                      n_jobs=-1, refit=False)
    gs.fit(X, y)
    t2 = time.perf_counter()
    best = gs.best_params_
    print(json.dumps({
        'load_s': round(t1 - t0, 4), 'search_s': round(t2 - t1, 4),
        'rows': int(len(df)), 'train_rows': n, 'points': len(gs.cv_results_['params']),
        'folds': 3, 'fits': 3 * len(gs.cv_results_['params']),
        'best': {k.split('__')[1]: v for k, v in best.items()},
        'best_mean_f1': round(float(gs.best_score_), 4),
    }))


if __name__ == '__main__':
    main()
