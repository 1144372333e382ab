/* fl-uncertainty.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fl-metrics.h"

G_BEGIN_DECLS

/**
 * FlInterval:
 * @lower: lower bound (NaN when undefined)
 * @upper: upper bound (NaN when undefined)
 *
 * A two-sided confidence interval.
 */
typedef struct
{
  double lower;
  double upper;
} FlInterval;

/**
 * FlBootstrapParams:
 * @block_len: block length in rows; 0 means `ceil (n^(1/3))`
 * @n_resamples: number of bootstrap resamples B; 0 means 1000
 * @confidence: confidence level in (0, 1); 0 means 0.95
 * @seed: seed of the #GRand that draws the block starts
 *
 * Parameters of fl_block_bootstrap(). Zero-initialise for the defaults.
 */
typedef struct
{
  gsize   block_len;
  guint   n_resamples;
  double  confidence;
  guint32 seed;
} FlBootstrapParams;

/**
 * FlBootstrapResult:
 * @f1: percentile interval of F1 at the threshold
 * @average_precision: percentile interval of the average precision
 * @block_len: the block length used, rows
 * @n_resamples: resamples drawn
 * @n_valid_ap: resamples with at least one positive row (AP is undefined
 *   on the others, which are left out of its interval)
 * @confidence: the confidence level used
 *
 * Moving-block bootstrap intervals.
 */
typedef struct
{
  FlInterval f1;
  FlInterval average_precision;
  gsize      block_len;
  guint      n_resamples;
  guint      n_valid_ap;
  double     confidence;
} FlBootstrapResult;

FlInterval fl_wilson_interval          (guint64                  successes,
                                        guint64                  trials,
                                        double                   confidence);
void       fl_metrics_wilson_intervals (const FlConfusionMatrix *cm,
                                        double                   confidence,
                                        FlInterval              *precision,
                                        FlInterval              *recall,
                                        FlInterval              *specificity);
gboolean   fl_block_bootstrap          (const guint8            *y_true,
                                        const float             *score,
                                        gsize                    n,
                                        double                   threshold,
                                        const FlBootstrapParams *params,
                                        FlBootstrapResult       *out,
                                        GError                 **error);
void       fl_interval_to_json         (JsonBuilder             *builder,
                                        const char              *name,
                                        const FlInterval        *interval);
void       fl_bootstrap_result_to_json (const FlBootstrapResult *result,
                                        JsonBuilder             *builder);

G_END_DECLS
