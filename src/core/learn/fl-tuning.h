/* fl-tuning.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-cv.h"
#include "fl-model.h"
#include "fl-sampler.h"
#include "fl-types.h"

G_BEGIN_DECLS

/**
 * FL_TUNING_MAX_VALUES:
 *
 * Most values per hyper-parameter in an #FlTuningGrid.
 */
#define FL_TUNING_MAX_VALUES 8

/**
 * FL_TUNING_MIN_POSITIVES:
 *
 * Below this many positive validation rows (over all inner folds) the
 * choice of a grid point is flagged as prone to selection bias
 * (methodology §7.3, guard 6).
 */
#define FL_TUNING_MIN_POSITIVES 10

/**
 * FlTuningSearch:
 * @FL_TUNING_GRID: every combination of the grid's lists
 * @FL_TUNING_RANDOM: @n_draws points drawn from the ranges
 */
typedef enum
{
  FL_TUNING_GRID,
  FL_TUNING_RANDOM,
} FlTuningSearch;

/**
 * FlTuningMetric:
 * @FL_TUNING_AVERAGE_PRECISION: validation average precision
 * @FL_TUNING_F1: validation F1 at the tuning threshold
 */
typedef enum
{
  FL_TUNING_AVERAGE_PRECISION,
  FL_TUNING_F1,
} FlTuningMetric;

/**
 * FlTuningGrid:
 * @n_rounds: XGBoost rounds to try
 * @n_n_rounds: entries used in @n_rounds (0 = the base value only)
 * @eta: learning rates to try
 * @n_eta: entries used in @eta
 * @max_depth: tree depths to try
 * @n_max_depth: entries used in @max_depth
 * @scale_pos_weight: positive weights to try
 * @n_scale_pos_weight: entries used in @scale_pos_weight
 *
 * Lists for a grid search. The points are enumerated with @n_rounds
 * varying slowest, then @eta, @max_depth and @scale_pos_weight fastest.
 */
typedef struct
{
  guint  n_rounds[FL_TUNING_MAX_VALUES];
  guint  n_n_rounds;
  double eta[FL_TUNING_MAX_VALUES];
  guint  n_eta;
  guint  max_depth[FL_TUNING_MAX_VALUES];
  guint  n_max_depth;
  double scale_pos_weight[FL_TUNING_MAX_VALUES];
  guint  n_scale_pos_weight;
} FlTuningGrid;

/**
 * FlTuningRandom:
 * @n_rounds_min: lowest rounds (0 with @n_rounds_max 0 = the base value)
 * @n_rounds_max: highest rounds, inclusive
 * @eta_min: lowest learning rate (> 0; 0 with @eta_max 0 = the base value)
 * @eta_max: highest learning rate; drawn log-uniformly
 * @max_depth_min: lowest depth (0 with @max_depth_max 0 = the base value)
 * @max_depth_max: highest depth, inclusive
 * @scale_pos_weight_min: lowest positive weight (0 with the max 0 = base)
 * @scale_pos_weight_max: highest positive weight; drawn uniformly
 * @n_draws: points to draw
 * @seed: seed of the draws
 *
 * Ranges for a random search (Bergstra & Bengio 2012, "Random search for
 * hyper-parameter optimization", JMLR 13). Integers are drawn uniformly.
 */
typedef struct
{
  guint   n_rounds_min;
  guint   n_rounds_max;
  double  eta_min;
  double  eta_max;
  guint   max_depth_min;
  guint   max_depth_max;
  double  scale_pos_weight_min;
  double  scale_pos_weight_max;
  guint   n_draws;
  guint64 seed;
} FlTuningRandom;

/**
 * FlTuningParams:
 * @search: grid or random search
 * @grid: the grid (%FL_TUNING_GRID)
 * @random: the ranges (%FL_TUNING_RANDOM)
 * @base: model parameters the points start from (kind, seed, nthread, …)
 * @inner: the inner split of the training part (for example
 *   %FL_CV_EXPANDING with 3 folds and a purge gap); each fold's test rows
 *   are its validation rows
 * @sampler: treatment applied inside each inner training fold only
 *   (%FL_SAMPLER_NONE for none); never to validation rows
 * @metric: the validation score
 * @threshold: decision threshold for %FL_TUNING_F1 (0 means 0.5)
 *
 * Settings of fl_tuning_run().
 */
typedef struct
{
  FlTuningSearch  search;
  FlTuningGrid    grid;
  FlTuningRandom  random;
  FlModelParams   base;
  FlCvParams      inner;
  FlSamplerParams sampler;
  FlTuningMetric  metric;
  double          threshold;
} FlTuningParams;

/**
 * FlTuningPoint:
 * @params: the model parameters of the point
 * @fold_scores: (array length=n_folds): validation score per inner fold,
 *   NaN when undefined there (AP without a positive validation row, or a
 *   fold skipped because its training rows hold one class)
 * @mean_score: mean over the folds with a defined score, NaN when none
 * @n_folds: inner folds
 *
 * One evaluated point.
 */
typedef struct
{
  FlModelParams params;
  double       *fold_scores;
  double        mean_score;
  guint         n_folds;
} FlTuningPoint;

/**
 * FlTuningResult:
 * @points: (array length=n_points): every evaluated point, in enumeration
 *   order
 * @n_points: points
 * @best: index of the point with the highest mean score (ties: the first)
 * @n_folds: inner folds
 * @fold_train_rows: (array length=n_folds): training rows per inner fold
 *   (before resampling)
 * @fold_valid_rows: (array length=n_folds): validation rows per inner fold
 * @fold_valid_positives: (array length=n_folds): positive validation rows
 *   per inner fold
 * @n_valid_positives: positive validation rows over all usable folds
 * @warning: (nullable): the selection-bias warning when fewer than
 *   %FL_TUNING_MIN_POSITIVES positive validation rows decide the choice
 * @notes: (element-type utf8): other things the user must see (skipped
 *   folds, sampler warnings)
 *
 * Free with fl_tuning_result_free().
 */
typedef struct
{
  FlTuningPoint *points;
  gsize          n_points;
  gsize          best;
  guint          n_folds;
  gsize         *fold_train_rows;
  gsize         *fold_valid_rows;
  gsize         *fold_valid_positives;
  gsize          n_valid_positives;
  char          *warning;
  GPtrArray     *notes;
} FlTuningResult;

void            fl_tuning_params_init_default (FlTuningParams       *params,
                                               FlModelKind           kind);
gsize           fl_tuning_n_points            (const FlTuningParams *params);
FlTuningResult *fl_tuning_run                 (const FlTuningParams *params,
                                               const double         *X,
                                               const guint8         *y,
                                               const double         *ts_s,
                                               gsize                 n,
                                               gsize                 d,
                                               FlProgressFunc        progress,
                                               gpointer              progress_data,
                                               GCancellable         *cancellable,
                                               GError              **error);
void            fl_tuning_result_free         (FlTuningResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlTuningResult, fl_tuning_result_free)

G_END_DECLS
