/* fl-experiment.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-cv.h"
#include "fl-events.h"
#include "fl-features.h"
#include "fl-labels.h"
#include "fl-metrics.h"
#include "fl-model.h"
#include "fl-noise.h"
#include "fl-project.h"
#include "fl-recipes.h"
#include "fl-sampler.h"
#include "fl-significance.h"
#include "fl-threshold.h"
#include "fl-tuning.h"
#include "fl-split.h"
#include "fl-uncertainty.h"
#include "fl-xgb.h"

G_BEGIN_DECLS

/**
 * FlEvaluation:
 * @FL_EVALUATION_POOLED: rows of all series pooled in time order and split
 *   by @FlExperimentConfig.cv (every series split at the same point in time)
 * @FL_EVALUATION_PER_SERIES_SPLIT: pooled, but each series split at its own
 *   last test fraction (with the purge gap)
 * @FL_EVALUATION_LEAVE_SERIES_OUT: k folds over series: no series is in both
 *   the training and the test rows
 * @FL_EVALUATION_TRAIN_TEST: train on the selected series, test on the
 *   `test_*` selection
 * @FL_EVALUATION_PER_SERIES_MODELS: each series split at its own last test
 *   fraction; every learned arm also runs with one model per series, in the
 *   same table as the pooled model
 *
 * How rows of several series are evaluated.
 */
typedef enum
{
  FL_EVALUATION_POOLED,
  FL_EVALUATION_PER_SERIES_SPLIT,
  FL_EVALUATION_LEAVE_SERIES_OUT,
  FL_EVALUATION_TRAIN_TEST,
  FL_EVALUATION_PER_SERIES_MODELS,
} FlEvaluation;

const char *fl_evaluation_to_string   (FlEvaluation  evaluation);
gboolean    fl_evaluation_from_string (const char   *name,
                                       FlEvaluation *out);

/**
 * FlSeriesSelection:
 * @keys: (nullable) (array zero-terminated=1): series keys
 * @prefix: (nullable): every series whose key starts with this (`""` = all)
 * @sources: (nullable) (array zero-terminated=1): every series with data
 *   from these imported files (by file name)
 * @tag_file: (nullable): a metadata CSV with a header, keyed by probe id in
 *   its first column (e.g. cmb2023 `probes.csv`)
 * @tag_column: (nullable): the metadata column to select on
 * @tag_values: (nullable) (array zero-terminated=1): accepted values
 *
 * Which series an experiment reads; the criteria that are set must all hold.
 */
typedef struct
{
  GStrv  keys;
  char  *prefix;
  GStrv  sources;
  char  *tag_file;
  char  *tag_column;
  GStrv  tag_values;
} FlSeriesSelection;

/**
 * FlNoiseSweep:
 * @enabled: run the sweep
 * @jitter: feature jitter kind (%FL_JITTER_NONE for a label-flip sweep)
 * @flip: label-flip kind (%FL_FLIP_NONE for a feature-jitter sweep)
 * @levels: (element-type double): noise levels (σ as a share of the column's
 *   standard deviation or of the value; or the share of labels flipped)
 * @n_seeds: repeats per level (at least 2; 10 recommended)
 * @test_too: also jitter the test rows' features (test labels stay clean)
 *
 * A noise-injection sweep: every arm re-run at every level with every seed.
 */
typedef struct
{
  gboolean      enabled;
  FlJitterKind  jitter;
  FlFlipKind    flip;
  GArray       *levels;
  guint         n_seeds;
  gboolean      test_too;
} FlNoiseSweep;

/**
 * FlNoiseSummary:
 * @mean: mean over seeds
 * @lower: lower end of the 95 % confidence interval of the mean (Student t)
 * @upper: upper end
 *
 * One metric at one noise level.
 */
typedef struct
{
  double mean;
  double lower;
  double upper;
} FlNoiseSummary;

/**
 * FlNoisePoint:
 * @level: the noise level
 * @n_seeds: repeats that gave a value
 * @precision: precision over seeds
 * @recall: recall over seeds
 * @f1: F1 over seeds
 * @average_precision: average precision over seeds
 *
 * An arm's metrics at one noise level.
 */
typedef struct
{
  double         level;
  guint          n_seeds;
  FlNoiseSummary precision;
  FlNoiseSummary recall;
  FlNoiseSummary f1;
  FlNoiseSummary average_precision;
} FlNoisePoint;

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
 * @series_keys: (nullable) (array zero-terminated=1): several series whose
 *   rows are computed per series and then pooled; overrides @series_key
 * @use_recipes: compute features with the recipes (#FlRecipeSpec) and the
 *   label with @label from a bucket (or KPI) table, instead of the NetProphet
 *   feature set and label of @pipeline
 * @recipes: feature recipes (with @use_recipes)
 * @label: label, horizon and target (with @use_recipes)
 * @use_cv: split with @cv instead of @split / @test_fraction
 * @cv: time-aware cross-validation (purge gap in s; 0 = horizon + feature
 *   window)
 * @treatments: (element-type FlSamplerParams) (nullable): imbalance
 *   treatments, one comparison arm each; empty = @smote / @smote_k
 * @models: (element-type FlModelParams) (nullable): models and baselines;
 *   empty = XGBoost with @xgb
 * @bootstrap_resamples: block-bootstrap resamples for the F1 and AP
 *   intervals (default 1000; 0 = none)
 * @drop_incomplete_rows: drop rows with a missing feature (pandas
 *   `dropna()`, as the NetProphet scripts do), with @use_recipes
 * @select: series selection (overrides @series_keys / @series_key when set)
 * @test_select: the test series for %FL_EVALUATION_TRAIN_TEST
 * @evaluation: #FlEvaluation
 * @use_rule_baseline: compute the rule baseline's score with @rule_baseline
 *   (e.g. a z-score detector next to a change-point label)
 * @rule_baseline: the detector whose score the rule baseline uses
 * @compare_to: (nullable): the arm others are tested against (its name, e.g.
 *   `always-alarm`); %NULL = the first arm
 * @use_operating_threshold: choose each arm's threshold on the validation
 *   rows of each fold (needs `validation_fraction` > 0) and freeze it for the
 *   test rows; metrics are reported at @threshold and at the chosen one
 * @operating: how the operating threshold is chosen
 * @noise: a noise-injection sweep
 * @use_tuning: tune XGBoost arms by a search nested in each fold's training
 *   rows (time-ordered inner folds with the purge gap), then fit the best point
 * @tuning: the search (grid or random), its inner folds and score
 *
 * One experiment: every treatment × every learned model, plus each
 * baseline once, evaluated on the same folds. Free the owned members with
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
  GStrv            series_keys;
  gboolean         use_recipes;
  FlRecipeSpec     recipes;
  FlLabelSpec      label;
  gboolean         use_cv;
  FlCvParams       cv;
  GArray          *treatments;
  GArray          *models;
  guint            bootstrap_resamples;
  gboolean         drop_incomplete_rows;
  FlSeriesSelection select;
  FlSeriesSelection test_select;
  FlEvaluation     evaluation;
  gboolean         use_rule_baseline;
  FlLabelSpec      rule_baseline;
  char            *compare_to;
  gboolean         use_operating_threshold;
  FlThresholdParams operating;
  FlNoiseSweep     noise;
  gboolean         use_tuning;
  FlTuningParams   tuning;
} FlExperimentConfig;

/**
 * FlSeriesMetrics:
 * @series_id: the series
 * @n: its test rows
 * @metrics: metrics on them
 *
 * One line of an arm's per-series breakdown.
 */
typedef struct
{
  gint64    series_id;
  gsize     n;
  FlMetrics metrics;
} FlSeriesMetrics;

/**
 * FlArmResult:
 * @name: display name, e.g. `xgboost + smote`
 * @model: model kind name
 * @treatment: treatment name (`none` for baselines)
 * @is_baseline: %TRUE for persistence, rule, always and never alarm
 * @metrics: metrics on all test rows of all folds, at the threshold
 * @precision_ci: 95 % Wilson interval of precision
 * @recall_ci: 95 % Wilson interval of recall
 * @specificity_ci: 95 % Wilson interval of specificity
 * @bootstrap: block-bootstrap intervals of F1 and average precision
 * @events: event-level metrics (event recall, lead time, false alarms/day)
 * @fold_metrics: (element-type FlMetrics): metrics of each fold
 * @n_synthetic: rows the treatment added (summed over folds)
 * @warnings: (element-type utf8): what this arm's user must know
 * @importance: (element-type utf8 double) (nullable): gain importance
 * @importance_cover: (element-type utf8 double) (nullable): cover importance
 * @best_iteration: XGBoost's best iteration (rounds kept) in the last fold,
 *   0 for other models
 * @curves_json: PR, ROC, calibration and threshold-sweep points as JSON
 * @per_series: (element-type FlSeriesMetrics): metrics of each series
 *   test rows
 * @macro: per-series metrics averaged over series (macro average); the
 *   @metrics field is the micro average over all rows
 * @per_series_models: %TRUE when this arm fitted one model per series
 * @compared: significance against the baseline arm was computed
 * @ttest: corrected resampled t-test on per-fold average precision (k ≥ 2)
 * @paired: paired block bootstrap of the AP difference on the test rows
 * @significance: better / worse than the baseline arm at α = 0.05
 *   (t-test with several folds, else the bootstrap)
 * @has_operating: an operating threshold was chosen on validation rows
 * @operating_thresholds: (element-type double): the threshold of each fold
 * @at_operating: metrics of the test rows at the chosen thresholds (the
 *   confusion-matrix metrics; ranking metrics do not depend on it)
 * @events_at_operating: event metrics at the chosen thresholds
 * @noise: (element-type FlNoisePoint) (nullable): the noise sweep, one point
 *   per level
 * @tuning_json: (element-type utf8) (nullable): per fold, every search point
 *   with its inner-fold scores, and the chosen one (JSON)
 * @n: pooled test predictions
 * @ts_s: (array length=n): their times
 * @group: (array length=n): their series ids
 * @fold: (array length=n): their folds
 * @y: (array length=n): true targets
 * @score: (array length=n): predicted scores
 *
 * One arm of the comparison table.
 */
typedef struct
{
  char              *name;
  char              *model;
  char              *treatment;
  gboolean           is_baseline;
  FlMetrics          metrics;
  FlInterval         precision_ci;
  FlInterval         recall_ci;
  FlInterval         specificity_ci;
  FlBootstrapResult  bootstrap;
  FlEventMetrics     events;
  GArray            *fold_metrics;
  gsize              n_synthetic;
  GPtrArray         *warnings;
  GHashTable        *importance;
  GHashTable        *importance_cover;
  guint              best_iteration;
  GArray            *per_series;
  FlMetrics          macro;
  gboolean           per_series_models;
  gboolean           compared;
  FlCorrectedTTest   ttest;
  FlPairedBootstrapResult paired;
  FlSignificance     significance;
  gboolean           has_operating;
  GArray            *operating_thresholds;
  FlMetrics          at_operating;
  FlEventMetrics     events_at_operating;
  GArray            *noise;
  GPtrArray         *tuning_json;
  char              *curves_json;
  gsize              n;
  double            *ts_s;
  gint64            *group;
  guint             *fold;
  guint8            *y;
  float             *score;
} FlArmResult;

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
 * @arms: (element-type FlArmResult): the comparison table; the fields
 *   above describe the first arm (first treatment × first model)
 * @compare_to: name of the arm the others were tested against
 * @n_folds: folds evaluated
 * @n_events: events (runs of positive targets) in the test rows
 * @label_description: what was labelled and predicted
 * @feature_names: (array zero-terminated=1): the features
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
  GPtrArray         *arms;
  guint              n_folds;
  gsize              n_events;
  char              *label_description;
  GStrv              feature_names;
  char              *compare_to;
} FlExperimentResult;

/**
 * FlRerunReport:
 * @new_run_id: the id of the re-run
 * @differences: (element-type utf8): manifest members that differ, e.g.
 *   `data_sha256: "…" then, "…" now`, or `libraries.xgboost: …`
 * @predictions_identical: every stored test prediction of every arm was
 *   reproduced bit for bit
 * @n_predictions: stored predictions compared
 * @n_changed: predictions with another score
 * @n_missing: predictions without a counterpart (rows or folds changed)
 * @max_abs_diff: the largest score difference
 *
 * What fl_experiment_rerun() found. Clear with fl_rerun_report_clear().
 */
typedef struct
{
  gint64     new_run_id;
  GPtrArray *differences;
  gboolean   predictions_identical;
  gsize      n_predictions;
  gsize      n_changed;
  gsize      n_missing;
  double     max_abs_diff;
} FlRerunReport;

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
FlExperimentResult *fl_experiment_rerun               (FlProject                *project,
                                                       gint64                    run_id,
                                                       FlProgressFunc            progress,
                                                       gpointer                  progress_data,
                                                       GCancellable             *cancellable,
                                                       FlRerunReport            *report,
                                                       GError                  **error);
void                fl_rerun_report_clear             (FlRerunReport            *report);
char               *fl_experiment_result_to_json      (const FlExperimentResult *result);
void                fl_experiment_result_free         (FlExperimentResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlExperimentResult, fl_experiment_result_free)

G_END_DECLS
