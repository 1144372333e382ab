/* fl-uncertainty.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fl-curves.h"
#include "fl-error.h"
#include "fl-uncertainty.h"

/**
 * fl_wilson_interval:
 * @successes: number of successes x (for example true positives)
 * @trials: number of trials n (for example predicted positives), ≥ @successes
 * @confidence: confidence level in (0, 1), for example 0.95
 *
 * The Wilson score interval for a binomial proportion (Wilson 1927; see
 * Agresti & Coull 1998, "Approximate is better than 'exact' for interval
 * estimation of binomial proportions"):
 *
 *   (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)
 *
 * with p̂ = x / n and z = Φ⁻¹(1 − (1 − confidence)/2) from GSL's
 * `gsl_cdf_ugaussian_Pinv` (z = 1.959964 for 95 %). Unlike the Wald
 * interval it stays inside [0, 1] and is not degenerate at x = 0 or x = n.
 * Same values as `statsmodels.stats.proportion.proportion_confint (x, n,
 * method="wilson")`.
 *
 * Returns: the interval, clamped to [0, 1]; NaN bounds when @trials is 0,
 *   @successes > @trials or @confidence is not in (0, 1)
 */
FlInterval
fl_wilson_interval (guint64 successes,
                    guint64 trials,
                    double  confidence)
{
  FlInterval ci = { NAN, NAN };
  double n, p, z, z2, denom, center, half;

  if (trials == 0 || successes > trials || !(confidence > 0.0 && confidence < 1.0))
    return ci;

  n = (double) trials;
  p = (double) successes / n;
  z = gsl_cdf_ugaussian_Pinv (1.0 - (1.0 - confidence) / 2.0);
  z2 = z * z;
  denom = 1.0 + z2 / n;
  center = (p + z2 / (2.0 * n)) / denom;
  half = z / denom * sqrt (p * (1.0 - p) / n + z2 / (4.0 * n * n));
  ci.lower = CLAMP (center - half, 0.0, 1.0);
  ci.upper = CLAMP (center + half, 0.0, 1.0);
  return ci;
}

/**
 * fl_metrics_wilson_intervals:
 * @cm: a confusion matrix
 * @confidence: confidence level in (0, 1), for example 0.95
 * @precision: (out caller-allocates) (optional): interval of tp / (tp + fp)
 * @recall: (out caller-allocates) (optional): interval of tp / (tp + fn)
 * @specificity: (out caller-allocates) (optional): interval of tn / (tn + fp)
 *
 * Wilson score intervals (fl_wilson_interval()) for the three proportions
 * of a confusion matrix. An interval whose denominator is 0 is (NaN, NaN),
 * although the point values follow scikit-learn's zero_division = 0.
 */
void
fl_metrics_wilson_intervals (const FlConfusionMatrix *cm,
                             double                   confidence,
                             FlInterval              *precision,
                             FlInterval              *recall,
                             FlInterval              *specificity)
{
  g_return_if_fail (cm != NULL);

  if (precision != NULL)
    *precision = fl_wilson_interval (cm->tp, cm->tp + cm->fp, confidence);
  if (recall != NULL)
    *recall = fl_wilson_interval (cm->tp, cm->tp + cm->fn, confidence);
  if (specificity != NULL)
    *specificity = fl_wilson_interval (cm->tn, cm->tn + cm->fp, confidence);
}

static FlInterval
percentile_interval (double *v,
                     gsize   n,
                     double  confidence)
{
  FlInterval ci = { NAN, NAN };
  double alpha = 1.0 - confidence;

  if (n == 0)
    return ci;
  gsl_sort (v, 1, n);
  /* GSL's quantile interpolates linearly between order statistics at
   * (n − 1) f, like numpy.percentile's default "linear" method. */
  ci.lower = gsl_stats_quantile_from_sorted_data (v, 1, n, alpha / 2.0);
  ci.upper = gsl_stats_quantile_from_sorted_data (v, 1, n, 1.0 - alpha / 2.0);
  return ci;
}

/**
 * fl_block_bootstrap:
 * @y_true: (array length=n): labels of the time-ordered test rows
 * @score: (array length=n): scores of the same rows, no NaN
 * @n: number of rows, > 0
 * @threshold: decision threshold for F1 (`score >= threshold`)
 * @params: (nullable): bootstrap parameters; %NULL for the defaults
 * @out: (out caller-allocates): the intervals
 * @error: return location for a #GError
 *
 * Percentile confidence intervals for F1 (at @threshold) and average
 * precision from the moving-block bootstrap (Künsch 1989, "The jackknife
 * and the bootstrap for general stationary observations"), which keeps the
 * serial dependence of neighbouring rows inside each block. Each of the B
 * resamples concatenates `ceil (n / l)` blocks of l consecutive rows whose
 * starts are drawn uniformly from 0 … n − l by a #GRand seeded with
 * @params->seed, truncated to n rows; F1 and AP (fl_f1(),
 * fl_average_precision() semantics) are computed on it, and the interval
 * is the (α/2, 1 − α/2) percentiles (Efron & Tibshirani 1993) of the
 * replicates. Resamples without a positive row have no AP and are left out
 * of the AP interval (counted in @out->n_valid_ap). Deterministic for a
 * given seed. The rows are sorted once; each resample costs O(n), so the
 * whole run is O(n log n + B n).
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INSUFFICIENT_DATA when
 *   @n is 0, or %FL_ERROR_INVALID for a NaN score, a block longer than @n
 *   or a confidence outside (0, 1)
 */
gboolean
fl_block_bootstrap (const guint8            *y_true,
                    const float             *score,
                    gsize                    n,
                    double                   threshold,
                    const FlBootstrapParams *params,
                    FlBootstrapResult       *out,
                    GError                 **error)
{
  FlBootstrapParams p = { 0 };
  g_autofree gsize *order = NULL;
  g_autofree guint8 *group_end = NULL;
  g_autofree guint8 *pred = NULL;
  g_autofree gint64 *diff = NULL;
  g_autofree double *f1s = NULL;
  g_autofree double *aps = NULL;
  g_autoptr(GRand) rand = NULL;
  gsize l, n_blocks, n_ap = 0;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (params != NULL)
    p = *params;
  if (p.n_resamples == 0)
    p.n_resamples = 1000;
  if (p.confidence == 0.0)
    p.confidence = 0.95;

  if (n == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "No test rows to bootstrap");
      return FALSE;
    }
  if (n > G_MAXINT32)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Too many rows for the bootstrap (%" G_GSIZE_FORMAT ")", n);
      return FALSE;
    }
  if (!(p.confidence > 0.0 && p.confidence < 1.0))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Confidence level must be in (0, 1), got %g", p.confidence);
      return FALSE;
    }
  l = p.block_len;
  if (l == 0)
    l = MAX ((gsize) ceil (cbrt ((double) n) - 1e-9), 1);
  if (l > n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Bootstrap block length %" G_GSIZE_FORMAT
                   " rows exceeds the %" G_GSIZE_FORMAT " test rows", l, n);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (isnan (score[i]))
      {
        g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                     "Score of row %" G_GSIZE_FORMAT " is NaN", i);
        return FALSE;
      }

  order = fl_score_order_desc (score, n);
  group_end = g_new (guint8, n);
  pred = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      group_end[i] = i + 1 == n || score[order[i + 1]] != score[order[i]];
      pred[i] = (double) score[i] >= threshold;
    }

  diff = g_new (gint64, n + 1);
  f1s = g_new (double, p.n_resamples);
  aps = g_new (double, p.n_resamples);
  rand = g_rand_new_with_seed (p.seed);
  n_blocks = (n + l - 1) / l;

  for (guint b = 0; b < p.n_resamples; b++)
    {
      FlConfusionMatrix cm = { 0, 0, 0, 0 };
      gint64 c = 0;
      double tps = 0.0, fps = 0.0, prev_total = 0.0, prev_recall = 0.0;
      double total_pos, ap = 0.0;

      memset (diff, 0, (n + 1) * sizeof *diff);
      for (gsize k = 0; k < n_blocks; k++)
        {
          gsize start = (gsize) g_rand_int_range (rand, 0, (gint32) (n - l + 1));
          gsize len = k + 1 < n_blocks ? l : n - (n_blocks - 1) * l;

          diff[start]++;
          diff[start + len]--;
        }

      /* Row multiplicities, turned into counts in diff[]. */
      for (gsize i = 0; i < n; i++)
        {
          c += diff[i];
          diff[i] = c;
          if (c == 0)
            continue;
          if (y_true[i] != 0)
            {
              if (pred[i])
                cm.tp += c;
              else
                cm.fn += c;
            }
          else
            {
              if (pred[i])
                cm.fp += c;
              else
                cm.tn += c;
            }
        }
      f1s[b] = fl_f1 (&cm);

      total_pos = (double) (cm.tp + cm.fn);
      if (total_pos == 0.0)
        continue;
      for (gsize i = 0; i < n; i++)
        {
          gsize r = order[i];

          if (y_true[r] != 0)
            tps += (double) diff[r];
          else
            fps += (double) diff[r];
          if (group_end[i] && tps + fps > prev_total)
            {
              double recall = tps / total_pos;

              ap += (recall - prev_recall) * (tps / (tps + fps));
              prev_recall = recall;
              prev_total = tps + fps;
            }
        }
      aps[n_ap++] = ap;
    }

  out->f1 = percentile_interval (f1s, p.n_resamples, p.confidence);
  out->average_precision = percentile_interval (aps, n_ap, p.confidence);
  out->block_len = l;
  out->n_resamples = p.n_resamples;
  out->n_valid_ap = (guint) n_ap;
  out->confidence = p.confidence;
  return TRUE;
}

/**
 * fl_interval_to_json:
 * @builder: a #JsonBuilder positioned inside an object
 * @name: member name
 * @interval: the interval
 *
 * Appends the member @name as a two-element array `[lower, upper]`; NaN
 * bounds are written as `null`.
 */
void
fl_interval_to_json (JsonBuilder      *builder,
                     const char       *name,
                     const FlInterval *interval)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);
  g_return_if_fail (interval != NULL);

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  if (isfinite (interval->lower))
    json_builder_add_double_value (builder, interval->lower);
  else
    json_builder_add_null_value (builder);
  if (isfinite (interval->upper))
    json_builder_add_double_value (builder, interval->upper);
  else
    json_builder_add_null_value (builder);
  json_builder_end_array (builder);
}

/**
 * fl_bootstrap_result_to_json:
 * @result: bootstrap intervals
 * @builder: a #JsonBuilder positioned inside an object
 *
 * Appends the members `f1_ci` and `average_precision_ci` (see
 * fl_interval_to_json()), `bootstrap_block_len`, `bootstrap_resamples`,
 * `bootstrap_valid_ap` and `confidence` to the current object of @builder.
 */
void
fl_bootstrap_result_to_json (const FlBootstrapResult *result,
                             JsonBuilder             *builder)
{
  g_return_if_fail (result != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  fl_interval_to_json (builder, "f1_ci", &result->f1);
  fl_interval_to_json (builder, "average_precision_ci", &result->average_precision);
  json_builder_set_member_name (builder, "bootstrap_block_len");
  json_builder_add_int_value (builder, (gint64) result->block_len);
  json_builder_set_member_name (builder, "bootstrap_resamples");
  json_builder_add_int_value (builder, result->n_resamples);
  json_builder_set_member_name (builder, "bootstrap_valid_ap");
  json_builder_add_int_value (builder, result->n_valid_ap);
  fl_json_add_double (builder, "confidence", result->confidence);
}
