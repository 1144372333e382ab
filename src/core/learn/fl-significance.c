/* fl-significance.c
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

#include "fl-error.h"
#include "fl-metrics.h"
#include "fl-curves.h"
#include "fl-significance.h"

/**
 * fl_corrected_ttest:
 * @a: (array length=k): per-fold metric values of the compared arm A
 * @b: (array length=k): per-fold metric values of the baseline B, paired
 *   with @a (same folds, same order)
 * @k: number of folds, ≥ 2
 * @test_train_ratio: n2 / n1, test rows over training rows per fold (≥ 0);
 *   for expanding time-ordered folds, whose training parts grow, pass the
 *   mean test size over the mean training size
 * @out: (out caller-allocates): the test result
 * @error: return location for a #GError
 *
 * The corrected resampled t-test of Nadeau & Bengio (2003, "Inference for
 * the generalization error", Machine Learning 52:239–281), as Weka's
 * `PairedCorrectedTTester` (Bouckaert & Frank 2004): with d_j = a_j − b_j,
 *
 *   t = mean (d) / sqrt ((1/k + n2/n1) · var (d))
 *
 * where var is the sample variance (divisor k − 1); t has k − 1 degrees of
 * freedom and the two-sided p-value is 2 · Q_t(|t|; k − 1) from GSL's
 * `gsl_cdf_tdist_Q`. The n2/n1 term widens the variance for the overlap of
 * the training sets, which the plain paired t-test ignores (it is the test
 * with @test_train_ratio = 0).
 *
 * When var (d) = 0 (every difference is the same), the statistic is
 * degenerate: if all differences are 0 the arms are indistinguishable,
 * t = 0 and p = 1 (@out->mean_diff is then reported as 0); otherwise one arm
 * beats the other by the same amount on every fold, t = ±infinity and p = 0
 * (Weka's `PairedStats` does the same). "Equal" and "0" allow for rounding:
 * a standard deviation or |mean| of d up to %FL_TTEST_REL_TOL times the
 * largest |a_j|, |b_j| counts as 0, so 0.3 − 0.2 and 0.4 − 0.3 are the same
 * difference.
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INSUFFICIENT_DATA when
 *   @k < 2, or %FL_ERROR_INVALID when a value is not finite or
 *   @test_train_ratio is negative or not finite
 */
gboolean
fl_corrected_ttest (const double      *a,
                    const double      *b,
                    gsize              k,
                    double             test_train_ratio,
                    FlCorrectedTTest  *out,
                    GError           **error)
{
  g_autofree double *d = NULL;
  FlCorrectedTTest r = { 0 };
  double scale = 0.0, tol;

  g_return_val_if_fail (k == 0 || (a != NULL && b != NULL), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (k < 2)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "The corrected t-test needs at least 2 paired folds, got %" G_GSIZE_FORMAT,
                   k);
      return FALSE;
    }
  if (!isfinite (test_train_ratio) || test_train_ratio < 0.0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The test/train size ratio must be finite and ≥ 0, got %g",
                   test_train_ratio);
      return FALSE;
    }

  d = g_new (double, k);
  for (gsize j = 0; j < k; j++)
    {
      if (!isfinite (a[j]) || !isfinite (b[j]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Fold %" G_GSIZE_FORMAT " has an undefined metric value "
                       "(arm %g, baseline %g)", j + 1, a[j], b[j]);
          return FALSE;
        }
      d[j] = a[j] - b[j];
      scale = MAX (scale, MAX (fabs (a[j]), fabs (b[j])));
    }
  /* Differences equal up to rounding count as equal. */
  tol = FL_TTEST_REL_TOL * scale;

  r.k = (guint) k;
  r.df = (double) (k - 1);
  r.test_train_ratio = test_train_ratio;
  r.mean_diff = gsl_stats_mean (d, 1, k);
  r.var_diff = gsl_stats_variance_m (d, 1, k, r.mean_diff);

  if (!(sqrt (r.var_diff) > tol))
    {
      r.var_diff = 0.0;
      if (fabs (r.mean_diff) <= tol)
        {
          r.mean_diff = 0.0;
          r.t = 0.0;
          r.p_value = 1.0;
        }
      else
        {
          r.t = r.mean_diff > 0.0 ? INFINITY : -INFINITY;
          r.p_value = 0.0;
        }
    }
  else
    {
      double se = sqrt ((1.0 / (double) k + test_train_ratio) * r.var_diff);

      r.t = r.mean_diff / se;
      r.p_value = MIN (1.0, 2.0 * gsl_cdf_tdist_Q (fabs (r.t), r.df));
    }

  *out = r;
  return TRUE;
}

static double
paired_metric (FlPairedMetric  metric,
               const guint8   *y,
               const float    *score,
               const guint8   *pred,
               gsize           n)
{
  if (metric == FL_PAIRED_AVERAGE_PRECISION)
    return fl_average_precision (y, score, n);
  else
    {
      FlConfusionMatrix cm = { 0, 0, 0, 0 };

      for (gsize i = 0; i < n; i++)
        {
          if (y[i] != 0)
            {
              if (pred[i])
                cm.tp++;
              else
                cm.fn++;
            }
          else if (pred[i])
            cm.fp++;
          else
            cm.tn++;
        }
      return fl_f1 (&cm);
    }
}

/* Average precision of rows weighted by their multiplicity in a resample;
 * @order lists the rows by decreasing score and @group_end marks the last
 * row of each group of tied scores (one threshold per group, as
 * fl_average_precision()). NaN without a positive. */
static double
weighted_ap (const gsize   *order,
             const guint8  *group_end,
             const guint8  *y,
             const gint64  *count,
             gsize          n)
{
  double total_pos = 0, tps = 0, fps = 0, prev_total = 0, prev_recall = 0, ap = 0;

  for (gsize i = 0; i < n; i++)
    if (y[i] != 0)
      total_pos += (double) count[i];
  if (total_pos == 0)
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      gsize r = order[i];

      if (y[r] != 0)
        tps += (double) count[r];
      else
        fps += (double) count[r];
      if (group_end[i] && tps + fps > prev_total)
        {
          double recall = tps / total_pos;

          ap += (recall - prev_recall) * (tps / (tps + fps));
          prev_recall = recall;
          prev_total = tps + fps;
        }
    }
  return ap;
}

static double
weighted_f1 (const guint8 *pred,
             const guint8 *y,
             const gint64 *count,
             gsize         n)
{
  FlConfusionMatrix cm = { 0, 0, 0, 0 };

  for (gsize i = 0; i < n; i++)
    {
      guint64 c = (guint64) count[i];

      if (y[i] != 0)
        {
          if (pred[i])
            cm.tp += c;
          else
            cm.fn += c;
        }
      else if (pred[i])
        cm.fp += c;
      else
        cm.tn += c;
    }
  return fl_f1 (&cm);
}

/**
 * fl_paired_bootstrap:
 * @y_true: (array length=n): labels of the time-ordered test rows
 * @score_a: (array length=n): scores of arm A on those rows, no NaN
 * @score_b: (array length=n): scores of the baseline B on the same rows,
 *   no NaN
 * @n: number of rows, > 0
 * @metric: the metric compared
 * @threshold: decision threshold for %FL_PAIRED_F1 (`score >= threshold`);
 *   ignored for average precision
 * @params: (nullable): block length, resamples, confidence and seed as for
 *   fl_block_bootstrap(); %NULL for the defaults (block `ceil (n^(1/3))`,
 *   1000 resamples, 95 %, seed 0)
 * @out: (out caller-allocates): the result
 * @error: return location for a #GError
 *
 * Paired moving-block bootstrap (Künsch 1989) of the difference
 * metric (A) − metric (B) on one test block. Each resample draws
 * `ceil (n / l)` blocks of l consecutive rows (starts uniform in 0 … n − l
 * from a #GRand seeded with @params->seed, the last block truncated so the
 * resample has n rows, as fl_block_bootstrap()) and evaluates both arms on
 * the *same* resampled rows, so the correlation between the arms'
 * errors is kept. Resamples on which the metric is undefined (AP without a
 * positive row) are dropped (@out->n_valid counts the others).
 *
 * @out->ci is the percentile interval (Efron & Tibshirani 1993) of the
 * resampled differences. The p-value is the two-sided percentile-bootstrap
 * p-value: with s the sign of @out->observed_diff, twice the share of valid
 * resamples whose difference is not of sign s (zero differences count
 * against A, which makes the test conservative), capped at 1; it is 1 when
 * the observed difference is 0 (so identical score vectors give p = 1 and
 * the interval [0, 0]), and NaN when no resample is valid. With B resamples
 * the smallest non-zero p-value is 2 / B.
 *
 * Deterministic for a given seed.
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INSUFFICIENT_DATA when
 *   @n is 0 or, for average precision, no test row is positive; or
 *   %FL_ERROR_INVALID for a NaN score or threshold, a block longer than @n or
 *   a confidence outside (0, 1)
 */
gboolean
fl_paired_bootstrap (const guint8            *y_true,
                     const float             *score_a,
                     const float             *score_b,
                     gsize                    n,
                     FlPairedMetric           metric,
                     double                   threshold,
                     const FlBootstrapParams *params,
                     FlPairedBootstrapResult *out,
                     GError                 **error)
{
  FlBootstrapParams p = { 0 };
  g_autofree guint8 *pred_a = NULL;
  g_autofree guint8 *pred_b = NULL;
  g_autofree gsize *order_a = NULL;
  g_autofree gsize *order_b = NULL;
  g_autofree guint8 *end_a = NULL;
  g_autofree guint8 *end_b = NULL;
  g_autofree gint64 *count = NULL;
  g_autofree double *diffs = NULL;
  g_autoptr(GRand) rand = NULL;
  FlPairedBootstrapResult r = { 0 };
  gsize l, n_blocks, n_valid = 0, n_against = 0;
  guint64 n_pos = 0;
  double ma, mb, sum = 0.0, alpha;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score_a != NULL && score_b != NULL),
                        FALSE);
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
  if (metric == FL_PAIRED_F1 && isnan (threshold))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The decision threshold is NaN");
      return FALSE;
    }
  if (metric != FL_PAIRED_F1 && metric != FL_PAIRED_AVERAGE_PRECISION)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown paired metric %d", metric);
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

  pred_a = g_new (guint8, n);
  pred_b = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      if (isnan (score_a[i]) || isnan (score_b[i]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Score of row %" G_GSIZE_FORMAT " is NaN in arm %s", i,
                       isnan (score_a[i]) ? "A" : "B");
          return FALSE;
        }
      pred_a[i] = (double) score_a[i] >= threshold;
      pred_b[i] = (double) score_b[i] >= threshold;
      n_pos += y_true[i] != 0;
    }
  if (metric == FL_PAIRED_AVERAGE_PRECISION && n_pos == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                           "The test rows hold no positive, so average precision "
                           "is undefined for both arms");
      return FALSE;
    }

  ma = paired_metric (metric, y_true, score_a, pred_a, n);
  mb = paired_metric (metric, y_true, score_b, pred_b, n);
  r.observed_diff = ma - mb;

  /* Each resample is a multiset of rows: count the multiplicity of every
   * row and evaluate both arms on the counts, walking each arm's rows in a
   * presorted score order (O(n) per resample instead of a sort). */
  order_a = fl_score_order_desc (score_a, n);
  order_b = fl_score_order_desc (score_b, n);
  end_a = g_new (guint8, n);
  end_b = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      end_a[i] = i + 1 == n || score_a[order_a[i + 1]] != score_a[order_a[i]];
      end_b[i] = i + 1 == n || score_b[order_b[i + 1]] != score_b[order_b[i]];
    }
  count = g_new (gint64, n + 1);
  diffs = g_new (double, p.n_resamples);
  rand = g_rand_new_with_seed (p.seed);
  n_blocks = (n + l - 1) / l;

  for (guint b = 0; b < p.n_resamples; b++)
    {
      gint64 c = 0;
      double da, db, diff;

      memset (count, 0, (n + 1) * sizeof *count);
      for (gsize k = 0; k < n_blocks; k++)
        {
          gsize start = (gsize) g_rand_int_range (rand, 0, (gint32) (n - l + 1));
          gsize len = k + 1 < n_blocks ? l : n - (n_blocks - 1) * l;

          count[start]++;
          count[start + len]--;
        }
      for (gsize i = 0; i < n; i++)
        {
          c += count[i];
          count[i] = c;
        }

      if (metric == FL_PAIRED_AVERAGE_PRECISION)
        {
          da = weighted_ap (order_a, end_a, y_true, count, n);
          db = weighted_ap (order_b, end_b, y_true, count, n);
        }
      else
        {
          da = weighted_f1 (pred_a, y_true, count, n);
          db = weighted_f1 (pred_b, y_true, count, n);
        }
      if (isnan (da) || isnan (db))
        continue;
      diff = da - db;
      diffs[n_valid++] = diff;
      sum += diff;
      if (r.observed_diff > 0.0 ? diff <= 0.0 : diff >= 0.0)
        n_against++;
    }

  r.block_len = l;
  r.n_resamples = p.n_resamples;
  r.n_valid = (guint) n_valid;
  r.confidence = p.confidence;
  alpha = 1.0 - p.confidence;
  if (n_valid == 0)
    {
      r.mean_diff = NAN;
      r.ci.lower = r.ci.upper = NAN;
      r.p_value = NAN;
    }
  else
    {
      r.mean_diff = sum / (double) n_valid;
      gsl_sort (diffs, 1, n_valid);
      r.ci.lower = gsl_stats_quantile_from_sorted_data (diffs, 1, n_valid, alpha / 2.0);
      r.ci.upper = gsl_stats_quantile_from_sorted_data (diffs, 1, n_valid, 1.0 - alpha / 2.0);
      if (r.observed_diff == 0.0)
        r.p_value = 1.0;
      else
        r.p_value = MIN (1.0, 2.0 * (double) n_against / (double) n_valid);
    }

  *out = r;
  return TRUE;
}

/**
 * fl_significance_mark:
 * @p_value: p-value of the comparison of an arm with the baseline
 * @diff: arm − baseline (mean difference of the metric)
 * @alpha: significance level in (0, 1), for example %FL_SIGNIFICANCE_ALPHA
 * @higher_is_better: %TRUE for metrics such as F1 or average precision,
 *   %FALSE for costs such as false alarms per day or log loss
 *
 * The Weka Experimenter's marker: an arm is significantly better (`v`) or
 * worse (`*`) than the baseline when @p_value < @alpha, in the direction
 * given by the sign of @diff and @higher_is_better.
 *
 * Returns: %FL_SIGNIFICANCE_NONE when p ≥ alpha, p or diff is NaN, diff is
 *   0 or @alpha is not in (0, 1); else better or worse
 */
FlSignificance
fl_significance_mark (double   p_value,
                      double   diff,
                      double   alpha,
                      gboolean higher_is_better)
{
  gboolean higher;

  if (isnan (p_value) || isnan (diff) || diff == 0.0 || !(alpha > 0.0 && alpha < 1.0))
    return FL_SIGNIFICANCE_NONE;
  if (!(p_value < alpha))
    return FL_SIGNIFICANCE_NONE;
  higher = diff > 0.0;
  return higher == !!higher_is_better ? FL_SIGNIFICANCE_BETTER : FL_SIGNIFICANCE_WORSE;
}

/**
 * fl_significance_to_marker:
 * @significance: a marker
 *
 * Weka's notation: "v" = significantly better than the baseline, "*" =
 * significantly worse, "" = no significant difference.
 *
 * Returns: (transfer none): a static string
 */
const char *
fl_significance_to_marker (FlSignificance significance)
{
  switch (significance)
    {
    case FL_SIGNIFICANCE_BETTER:
      return "v";
    case FL_SIGNIFICANCE_WORSE:
      return "*";
    case FL_SIGNIFICANCE_NONE:
    default:
      return "";
    }
}
