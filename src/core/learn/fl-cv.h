/* fl-cv.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlCvKind:
 * @FL_CV_HOLDOUT: one fold: the last test fraction of the time range is the
 *   test block, training rows end a purge gap before it
 * @FL_CV_EXPANDING: k folds; the time-ordered rows are cut into k + 1
 *   blocks; fold i trains on blocks 0…i and tests on block i + 1
 *   (scikit-learn TimeSeriesSplit), with a purge gap before each test block
 * @FL_CV_SLIDING: like expanding, but each fold trains only on the block
 *   just before its test block
 * @FL_CV_GROUP_DAY: k folds of whole UTC days (contiguous runs of days);
 *   training rows within the purge gap of a test block are dropped on both
 *   sides
 * @FL_CV_GROUP_EVENT: like group-day, with groups that each start at an
 *   event (a run of positive targets) and end before the next one
 * @FL_CV_RANDOM_KFOLD: stratified random k-fold; leaks on time series and is
 *   reported with a warning
 * @FL_CV_RANDOM_HOLDOUT: one stratified random train/test split (the
 *   NetProphet protocol); leaks on time series and is reported with a warning
 */
typedef enum
{
  FL_CV_HOLDOUT,
  FL_CV_EXPANDING,
  FL_CV_SLIDING,
  FL_CV_GROUP_DAY,
  FL_CV_GROUP_EVENT,
  FL_CV_RANDOM_KFOLD,
  FL_CV_RANDOM_HOLDOUT,
} FlCvKind;

/**
 * FlCvParams:
 * @kind: #FlCvKind
 * @n_folds: folds (k) for the CV kinds (default 5)
 * @test_fraction: test share for the holdout kinds (default 0.2)
 * @purge_s: gap in s between training and test rows (the engine sets it to
 *   at least horizon + feature window)
 * @validation_fraction: share of each fold's training rows, taken from its
 *   end in time (with a purge gap), held out as validation rows; 0 = none
 * @seed: seed for the random kinds
 */
typedef struct
{
  FlCvKind kind;
  guint    n_folds;
  double   test_fraction;
  double   purge_s;
  double   validation_fraction;
  guint64  seed;
} FlCvParams;

/**
 * FlFold:
 * @train: (element-type gsize): training row indices, ascending
 * @valid: (element-type gsize): validation row indices, ascending (maybe empty)
 * @test: (element-type gsize): test row indices, ascending
 * @n_purged: training rows dropped because they fall in a purge gap
 * @train_start_s: first training row time
 * @train_end_s: last training row time
 * @test_start_s: first test row time
 * @test_end_s: last test row time
 *
 * One fold. Free with fl_fold_free().
 */
typedef struct
{
  GArray *train;
  GArray *valid;
  GArray *test;
  gsize   n_purged;
  double  train_start_s;
  double  train_end_s;
  double  test_start_s;
  double  test_end_s;
} FlFold;

void        fl_cv_params_init_default (FlCvParams      *params);
const char *fl_cv_kind_to_string      (FlCvKind         kind);
gboolean    fl_cv_kind_from_string    (const char      *name,
                                       FlCvKind        *out);
gboolean    fl_cv_kind_is_random      (FlCvKind         kind);
GPtrArray  *fl_cv_folds               (const FlCvParams *params,
                                       const double     *ts_s,
                                       const guint8     *y,
                                       gsize             n,
                                       GError          **error);
void        fl_fold_free              (FlFold          *fold);

G_END_DECLS
