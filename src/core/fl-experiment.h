/* fl-experiment.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-features.h"
#include "fl-metrics.h"
#include "fl-project.h"
#include "fl-split.h"
#include "fl-xgb.h"

G_BEGIN_DECLS

/**
 * FlExperimentConfig:
 * @pipeline: bucketing, label and target parameters
 * @series_key: (nullable): series to use; %NULL picks the series with the
 *   most replies (as the NetProphet pipeline picks the most active probe)
 * @split: chronological (default) or random stratified
 * @test_fraction: share of rows in the test block (default 0.2)
 * @seed: seed for the split and SMOTE (default 42)
 * @smote: apply SMOTE to the training rows (default %TRUE)
 * @smote_k: SMOTE neighbours (default 5)
 * @xgb: booster parameters
 * @threshold: decision threshold on the predicted probability (default 0.5)
 *
 * One SMOTE + XGBoost experiment. Free the strings with
 * fl_experiment_config_clear().
 */
typedef struct
{
  FlPipelineParams pipeline;
  char            *series_key;
  FlSplitKind      split;
  double           test_fraction;
  guint64          seed;
  gboolean         smote;
  guint            smote_k;
  FlXgbParams      xgb;
  double           threshold;
} FlExperimentConfig;

/**
 * FlExperimentResult:
 * @run_id: id of the stored run
 * @series_key: series the experiment ran on
 * @cm: confusion matrix on the test rows at @threshold
 * @threshold: decision threshold used
 * @precision: TP / (TP + FP), 0 when undefined
 * @recall: TP / (TP + FN), 0 when undefined
 * @f1: harmonic mean of precision and recall, 0 when undefined
 * @average_precision: AP (area under the step-wise PR curve) of the test scores
 * @feature_rows: rows in the feature table
 * @train_rows: training rows before SMOTE
 * @train_positives: positive training rows before SMOTE
 * @synthetic_rows: rows added by SMOTE
 * @test_rows: rows in the test block
 * @test_positives: positive rows in the test block
 * @imputed_rows: forward-filled rows (seed-compat)
 * @split_train_end_s: last training bucket start (chronological split)
 * @split_test_start_s: first test bucket start (chronological split)
 * @warnings: (element-type utf8): methodological warnings for the user
 * @test_ts_s: (array length=test_rows): bucket starts of the test rows
 * @test_y: (array length=test_rows): true test labels
 * @test_score: (array length=test_rows): predicted probabilities
 *
 * Free with fl_experiment_result_free().
 */
typedef struct
{
  gint64             run_id;
  char              *series_key;
  FlConfusionMatrix  cm;
  double             threshold;
  double             precision;
  double             recall;
  double             f1;
  double             average_precision;
  gsize              feature_rows;
  gsize              train_rows;
  gsize              train_positives;
  gsize              synthetic_rows;
  gsize              test_rows;
  gsize              test_positives;
  gsize              imputed_rows;
  double             split_train_end_s;
  double             split_test_start_s;
  GPtrArray         *warnings;
  double            *test_ts_s;
  guint8            *test_y;
  float             *test_score;
} FlExperimentResult;

void                fl_experiment_config_init_default (FlExperimentConfig *config);
void                fl_experiment_config_clear        (FlExperimentConfig *config);
char               *fl_experiment_config_to_json      (const FlExperimentConfig *config);
gboolean            fl_experiment_config_from_json    (FlExperimentConfig *config,
                                                       const char         *json,
                                                       GError            **error);
FlExperimentResult *fl_experiment_run                 (FlProject                *project,
                                                       const FlExperimentConfig *config,
                                                       FlProgressFunc            progress,
                                                       gpointer                  progress_data,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);
char               *fl_experiment_result_to_json      (const FlExperimentResult *result);
void                fl_experiment_result_free         (FlExperimentResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlExperimentResult, fl_experiment_result_free)

G_END_DECLS
