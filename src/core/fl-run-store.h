/* fl-run-store.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fl-curves.h"
#include "fl-events.h"
#include "fl-metrics.h"
#include "fl-project.h"
#include "fl-uncertainty.h"

G_BEGIN_DECLS

/**
 * FlStoredArm:
 * @index: position of the arm in the run (`run_arms.arm`, 0 = first)
 * @name: display name, e.g. `xgboost + smote`
 * @model: model kind name, e.g. `xgboost`, `persistence`
 * @treatment: imbalance treatment name (`none` for baselines)
 * @is_baseline: %TRUE for persistence, rule, always and never alarm
 * @metrics: metrics on the pooled test rows at the run's threshold (NaN
 *   where the stored value is `null`)
 * @precision_ci: 95 % Wilson interval of precision (NaN bounds if absent)
 * @recall_ci: 95 % Wilson interval of recall
 * @specificity_ci: 95 % Wilson interval of specificity
 * @f1_ci: block-bootstrap interval of F1
 * @average_precision_ci: block-bootstrap interval of average precision
 * @events: event-level metrics (event recall, lead time, false alarms per
 *   day, the insufficient-events flag)
 * @n_folds: folds scored (length of the stored `folds` array)
 * @warnings: (array zero-terminated=1): what the user of this arm must know
 * @metrics_object: (nullable): the whole stored metrics object (per-fold
 *   metrics, `importance_gain`, `best_iteration`, …), %NULL for runs stored
 *   without per-arm metrics
 * @curves_json: (nullable): PR, ROC, calibration and threshold-sweep points
 *   as stored (see fl_arm_curves_from_json()), %NULL when not stored
 *
 * One arm of a stored run, as read back by fl_project_load_run().
 */
typedef struct
{
  guint           index;
  char           *name;
  char           *model;
  char           *treatment;
  gboolean        is_baseline;
  FlMetrics       metrics;
  FlInterval      precision_ci;
  FlInterval      recall_ci;
  FlInterval      specificity_ci;
  FlInterval      f1_ci;
  FlInterval      average_precision_ci;
  FlEventMetrics  events;
  guint           n_folds;
  GStrv           warnings;
  JsonObject     *metrics_object;
  char           *curves_json;
} FlStoredArm;

/**
 * FlStoredRun:
 * @id: run id
 * @created_at: when the run was stored, s since the epoch (UTC)
 * @kind: run kind, e.g. `comparison`
 * @status: run status, e.g. `done`
 * @config_json: the experiment configuration as stored
 * @manifest_json: (nullable): library versions, seed, split bounds, hashes
 * @summary_json: (nullable): the result summary (fl_experiment_result_to_json())
 * @series_key: (nullable): the series the run used (`series` of the summary)
 * @label_description: (nullable): what was labelled and predicted
 * @threshold: decision threshold of the metrics (NaN if unknown)
 * @n_folds: folds evaluated
 * @test_rows: test rows of the first arm
 * @test_positives: positive test rows
 * @test_events: events in the test rows
 * @warnings: (array zero-terminated=1): run-level methodological warnings
 * @arms: (element-type FlStoredArm): the comparison table, in stored order
 *
 * A stored experiment run. Free with fl_stored_run_free().
 */
typedef struct
{
  gint64      id;
  gint64      created_at;
  char       *kind;
  char       *status;
  char       *config_json;
  char       *manifest_json;
  char       *summary_json;
  char       *series_key;
  char       *label_description;
  double      threshold;
  guint       n_folds;
  guint64     test_rows;
  guint64     test_positives;
  guint64     test_events;
  GStrv       warnings;
  GPtrArray  *arms;
} FlStoredRun;

/**
 * FlStoredPredictions:
 * @n: number of rows
 * @series_id: (array length=n): `series.id` of each row
 * @ts_s: (array length=n): bucket start of each row, s since the epoch
 * @y_true: (array length=n): true target, 0 or 1
 * @score: (array length=n): predicted score (probability for learned models)
 * @fold: (array length=n): cross-validation fold of each row
 *
 * Per-row test predictions of one arm, in time order within each fold.
 * Free with fl_stored_predictions_free().
 */
typedef struct
{
  gsize    n;
  gint64  *series_id;
  double  *ts_s;
  guint8  *y_true;
  float   *score;
  guint   *fold;
} FlStoredPredictions;

/**
 * FlArmCurves:
 * @pr: (nullable): precision–recall curve
 * @roc: (nullable): ROC curve
 * @calibration: (nullable): reliability curve (with bin counts)
 * @sweep: (nullable): precision, recall, F1, TP and FP at 101 thresholds
 *
 * The curves of one arm, parsed from its `curves_json`. Free with
 * fl_arm_curves_free().
 */
typedef struct
{
  FlCurve          *pr;
  FlCurve          *roc;
  FlCurve          *calibration;
  FlThresholdSweep *sweep;
} FlArmCurves;

/**
 * FlStoredSeriesMetrics:
 * @series_id: `series.id` of the series
 * @rows: test rows of the series
 * @positives: positive test rows of the series
 * @precision: precision on the series' test rows at the run's threshold
 * @recall: recall on the series' test rows
 * @f1: F1 on the series' test rows
 * @average_precision: average precision on the series' test rows (NaN when
 *   the series has no positive test row)
 *
 * One entry of an arm's stored `per_series` array.
 */
typedef struct
{
  gint64  series_id;
  guint64 rows;
  guint64 positives;
  double  precision;
  double  recall;
  double  f1;
  double  average_precision;
} FlStoredSeriesMetrics;

/**
 * FlStoredMacro:
 * @precision: unweighted mean over series of precision
 * @recall: unweighted mean over series of recall
 * @f1: unweighted mean over series of F1
 * @average_precision: unweighted mean over series of average precision
 * @mcc: unweighted mean over series of MCC
 * @roc_auc: unweighted mean over series of ROC-AUC
 *
 * An arm's stored `macro` averages (NaN where a value is absent).
 */
typedef struct
{
  double precision;
  double recall;
  double f1;
  double average_precision;
  double mcc;
  double roc_auc;
} FlStoredMacro;

/**
 * FlNoiseMetric:
 * @FL_NOISE_METRIC_PRECISION: precision
 * @FL_NOISE_METRIC_RECALL: recall
 * @FL_NOISE_METRIC_F1: F1
 * @FL_NOISE_METRIC_AVERAGE_PRECISION: average precision
 * @FL_N_NOISE_METRICS: number of metrics
 *
 * The metrics summarised at each noise level.
 */
typedef enum
{
  FL_NOISE_METRIC_PRECISION,
  FL_NOISE_METRIC_RECALL,
  FL_NOISE_METRIC_F1,
  FL_NOISE_METRIC_AVERAGE_PRECISION,
  FL_N_NOISE_METRICS
} FlNoiseMetric;

/**
 * FlStoredNoisePoint:
 * @level: noise level (the fraction jittered or flipped, 0.05 = 5 %)
 * @n_seeds: seeds run at this level
 * @mean: (array fixed-size=4): mean over seeds, indexed by #FlNoiseMetric
 * @lower: (array fixed-size=4): lower bound of the 95 % t-interval of the
 *   mean
 * @upper: (array fixed-size=4): upper bound of the 95 % t-interval
 *
 * One entry of an arm's stored `noise` array.
 */
typedef struct
{
  double level;
  guint  n_seeds;
  double mean[FL_N_NOISE_METRICS];
  double lower[FL_N_NOISE_METRICS];
  double upper[FL_N_NOISE_METRICS];
} FlStoredNoisePoint;

/**
 * FlStoredImportance:
 * @feature: feature name
 * @value: importance (e.g. XGBoost's average gain)
 *
 * One feature of an arm's stored importance map.
 */
typedef struct
{
  char   *feature;
  double  value;
} FlStoredImportance;

FlStoredRun         *fl_project_load_run         (FlProject    *project,
                                                  gint64        run_id,
                                                  GError      **error);
FlStoredPredictions *fl_project_load_predictions (FlProject    *project,
                                                  gint64        run_id,
                                                  guint         arm,
                                                  GError      **error);
FlArmCurves         *fl_arm_curves_from_json     (const char   *json,
                                                  GError      **error);

GArray              *fl_stored_arm_get_per_series (const FlStoredArm *arm);
gboolean             fl_stored_arm_get_macro      (const FlStoredArm *arm,
                                                   FlStoredMacro     *macro);
GArray              *fl_stored_arm_get_noise      (const FlStoredArm *arm);
GArray              *fl_stored_arm_get_importance (const FlStoredArm *arm,
                                                   const char        *kind);

void fl_stored_run_free         (FlStoredRun         *run);
void fl_stored_arm_free         (FlStoredArm         *arm);
void fl_stored_predictions_free (FlStoredPredictions *predictions);
void fl_arm_curves_free         (FlArmCurves         *curves);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlStoredRun, fl_stored_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlStoredArm, fl_stored_arm_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlStoredPredictions, fl_stored_predictions_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlArmCurves, fl_arm_curves_free)

G_END_DECLS
