/* fl-significance.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fl-uncertainty.h"

G_BEGIN_DECLS

/**
 * FL_SIGNIFICANCE_ALPHA:
 *
 * Default significance level, as Weka's Experimenter (0.05).
 */
#define FL_SIGNIFICANCE_ALPHA 0.05

/**
 * FL_TTEST_REL_TOL:
 *
 * Relative tolerance below which fl_corrected_ttest() treats the spread
 * (or mean) of the fold differences as 0 (rounding of metric values).
 */
#define FL_TTEST_REL_TOL 1e-12

/**
 * FlCorrectedTTest:
 * @k: number of paired folds
 * @mean_diff: mean of the per-fold differences d = a − b
 * @var_diff: sample variance of d (divisor k − 1)
 * @test_train_ratio: n2 / n1 used in the correction
 * @t: the corrected statistic; 0 when all d are 0, ±infinity when all d are
 *   equal and not 0
 * @df: degrees of freedom, k − 1
 * @p_value: two-sided p-value
 *
 * Result of fl_corrected_ttest().
 */
typedef struct
{
  guint  k;
  double mean_diff;
  double var_diff;
  double test_train_ratio;
  double t;
  double df;
  double p_value;
} FlCorrectedTTest;

/**
 * FlPairedMetric:
 * @FL_PAIRED_AVERAGE_PRECISION: average precision (fl_average_precision())
 * @FL_PAIRED_F1: F1 at a decision threshold (fl_f1())
 *
 * The metric whose difference fl_paired_bootstrap() resamples.
 */
typedef enum
{
  FL_PAIRED_AVERAGE_PRECISION,
  FL_PAIRED_F1,
} FlPairedMetric;

/**
 * FlPairedBootstrapResult:
 * @observed_diff: metric (A) − metric (B) on the rows as given
 * @mean_diff: mean of the difference over the valid resamples
 * @ci: percentile interval of the difference
 * @p_value: two-sided bootstrap p-value (see fl_paired_bootstrap())
 * @block_len: block length used, rows
 * @n_resamples: resamples drawn
 * @n_valid: resamples on which the metric is defined for both arms (AP needs
 *   a positive row; F1 is always defined)
 * @confidence: confidence level of @ci
 *
 * Result of fl_paired_bootstrap().
 */
typedef struct
{
  double     observed_diff;
  double     mean_diff;
  FlInterval ci;
  double     p_value;
  gsize      block_len;
  guint      n_resamples;
  guint      n_valid;
  double     confidence;
} FlPairedBootstrapResult;

/**
 * FlSignificance:
 * @FL_SIGNIFICANCE_NONE: no significant difference (or undefined)
 * @FL_SIGNIFICANCE_BETTER: significantly better than the baseline (Weka `v`)
 * @FL_SIGNIFICANCE_WORSE: significantly worse than the baseline (Weka `*`)
 *
 * A Weka-style comparison marker.
 */
typedef enum
{
  FL_SIGNIFICANCE_NONE,
  FL_SIGNIFICANCE_BETTER,
  FL_SIGNIFICANCE_WORSE,
} FlSignificance;

gboolean        fl_corrected_ttest        (const double            *a,
                                           const double            *b,
                                           gsize                    k,
                                           double                   test_train_ratio,
                                           FlCorrectedTTest        *out,
                                           GError                 **error);
gboolean        fl_paired_bootstrap       (const guint8            *y_true,
                                           const float             *score_a,
                                           const float             *score_b,
                                           gsize                    n,
                                           FlPairedMetric           metric,
                                           double                   threshold,
                                           const FlBootstrapParams *params,
                                           FlPairedBootstrapResult *out,
                                           GError                 **error);
FlSignificance  fl_significance_mark      (double                   p_value,
                                           double                   diff,
                                           double                   alpha,
                                           gboolean                 higher_is_better);
const char     *fl_significance_to_marker (FlSignificance           significance);

G_END_DECLS
