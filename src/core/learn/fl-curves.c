/* fl-curves.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "fl-curves.h"
#include "fl-error.h"
#include "fl-metrics.h"

typedef struct
{
  float score;
  gsize index;
} OrderRow;

/* Descending score, NaN last, ties by row index (deterministic). */
static int
order_row_cmp (const void *a,
               const void *b)
{
  const OrderRow *ra = a;
  const OrderRow *rb = b;
  gboolean na = isnan (ra->score);
  gboolean nb = isnan (rb->score);

  if (na != nb)
    return na ? 1 : -1;
  if (!na)
    {
      if (ra->score > rb->score)
        return -1;
      if (ra->score < rb->score)
        return 1;
    }
  return (ra->index > rb->index) - (ra->index < rb->index);
}

/**
 * fl_score_order_desc:
 * @score: (array length=n): scores
 * @n: number of rows
 *
 * Sorts row indices by descending score (NaN last, ties in row order), in
 * O(n log n). Curves, fl_roc_auc() and the block bootstrap walk the rows in
 * this order; tied scores form one threshold, as in scikit-learn's
 * `_binary_clf_curve`.
 *
 * Returns: (transfer full) (array length=n): the @n row indices; free with
 *   g_free()
 */
gsize *
fl_score_order_desc (const float *score,
                     gsize        n)
{
  g_autofree OrderRow *rows = g_new (OrderRow, MAX (n, 1));
  gsize *order = g_new (gsize, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      rows[i].score = score[i];
      rows[i].index = i;
    }
  qsort (rows, n, sizeof *rows, order_row_cmp);
  for (gsize i = 0; i < n; i++)
    order[i] = rows[i].index;

  return order;
}

static gboolean
check_scores (const float *score,
              gsize        n,
              gboolean     probabilities,
              GError     **error)
{
  if (n == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "No rows to compute a curve from");
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (isnan (score[i]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Score of row %" G_GSIZE_FORMAT " is NaN", i);
          return FALSE;
        }
      if (probabilities && !(score[i] >= 0.0f && score[i] <= 1.0f))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Score of row %" G_GSIZE_FORMAT " (%g) is not a probability in [0, 1]",
                       i, (double) score[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* sklearn's _binary_clf_curve: one entry per distinct score, in decreasing
 * score order, with the counts of positive and negative rows scoring ≥ it. */
typedef struct
{
  gsize   n;
  double *threshold;
  double *tps;
  double *fps;
} ClfCurve;

static void
clf_curve_clear (ClfCurve *c)
{
  g_clear_pointer (&c->threshold, g_free);
  g_clear_pointer (&c->tps, g_free);
  g_clear_pointer (&c->fps, g_free);
}

static void
clf_curve_compute (const guint8 *y_true,
                   const float  *score,
                   gsize         n,
                   ClfCurve     *c)
{
  g_autofree gsize *order = fl_score_order_desc (score, n);
  double tps = 0.0, fps = 0.0;
  gsize k = 0;

  c->threshold = g_new (double, MAX (n, 1));
  c->tps = g_new (double, MAX (n, 1));
  c->fps = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      gsize r = order[i];

      if (y_true[r] != 0)
        tps += 1.0;
      else
        fps += 1.0;
      if (i + 1 == n || score[order[i + 1]] != score[r])
        {
          c->threshold[k] = score[r];
          c->tps[k] = tps;
          c->fps[k] = fps;
          k++;
        }
    }
  c->n = k;
}

static FlCurve *
curve_new (FlCurveKind kind,
           gsize       n_points)
{
  FlCurve *curve = g_new0 (FlCurve, 1);

  curve->kind = kind;
  curve->n_points = n_points;
  curve->x = g_new (double, MAX (n_points, 1));
  curve->y = g_new (double, MAX (n_points, 1));
  curve->threshold = g_new (double, MAX (n_points, 1));
  if (kind == FL_CURVE_CALIBRATION)
    curve->count = g_new (guint64, MAX (n_points, 1));
  return curve;
}

/**
 * fl_curve_free:
 * @curve: (nullable) (transfer full): a curve
 *
 * Frees @curve and its arrays.
 */
void
fl_curve_free (FlCurve *curve)
{
  if (curve == NULL)
    return;
  g_free (curve->x);
  g_free (curve->y);
  g_free (curve->threshold);
  g_free (curve->count);
  g_free (curve);
}

/**
 * fl_pr_curve:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): scores (higher = more likely positive), no NaN
 * @n: number of rows, > 0
 * @error: return location for a #GError
 *
 * The precision–recall curve with the semantics of scikit-learn 1.2's
 * `precision_recall_curve (y_true, score)`: one point per distinct score t
 * (precision and recall of `score >= t`), in increasing threshold order
 * (decreasing recall), then a final point with recall 0, precision 1 and
 * no threshold (NaN). Precision is 0 where nothing is predicted positive.
 * Without positive rows scikit-learn warns "No positive class found in
 * y_true, recall is set to one for all thresholds"; so does this function
 * (recall 1 for every point but the last). O(n log n).
 *
 * Returns: (transfer full): the curve (`n_thresholds + 1` points), or
 *   %NULL with %FL_ERROR_INSUFFICIENT_DATA when @n is 0 or
 *   %FL_ERROR_INVALID when a score is NaN
 */
FlCurve *
fl_pr_curve (const guint8 *y_true,
             const float  *score,
             gsize         n,
             GError      **error)
{
  ClfCurve c = { 0 };
  FlCurve *curve;
  double total_pos;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_scores (score, n, FALSE, error))
    return NULL;

  clf_curve_compute (y_true, score, n, &c);
  total_pos = c.tps[c.n - 1];
  curve = curve_new (FL_CURVE_PR, c.n + 1);
  for (gsize k = 0; k < c.n; k++)
    {
      gsize src = c.n - 1 - k;
      double ps = c.tps[src] + c.fps[src];

      curve->y[k] = ps != 0.0 ? c.tps[src] / ps : 0.0;
      curve->x[k] = total_pos != 0.0 ? c.tps[src] / total_pos : 1.0;
      curve->threshold[k] = c.threshold[src];
    }
  curve->x[c.n] = 0.0;
  curve->y[c.n] = 1.0;
  curve->threshold[c.n] = NAN;

  clf_curve_clear (&c);
  return curve;
}

/**
 * fl_roc_curve:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): scores (higher = more likely positive), no NaN
 * @n: number of rows, > 0
 * @drop_intermediate: drop thresholds whose point is collinear with its
 *   neighbours (scikit-learn's default); %FALSE keeps every distinct score
 * @error: return location for a #GError
 *
 * The ROC curve with the semantics of scikit-learn 1.2's
 * `roc_curve (y_true, score, drop_intermediate=drop_intermediate)`: a first
 * point (0, 0) with threshold `max (score) + 1`, then one point per
 * (kept) distinct score t in decreasing order, x = false positive rate and
 * y = true positive rate of `score >= t`. Without negative (positive) rows
 * scikit-learn warns and returns NaN false (true) positive rates; so does
 * this function. O(n log n).
 *
 * Returns: (transfer full): the curve, or %NULL with
 *   %FL_ERROR_INSUFFICIENT_DATA when @n is 0 or %FL_ERROR_INVALID when a
 *   score is NaN
 */
FlCurve *
fl_roc_curve (const guint8 *y_true,
              const float  *score,
              gsize         n,
              gboolean      drop_intermediate,
              GError      **error)
{
  ClfCurve c = { 0 };
  g_autofree gsize *keep = NULL;
  gsize n_keep = 0;
  FlCurve *curve;
  double total_pos, total_neg;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_scores (score, n, FALSE, error))
    return NULL;

  clf_curve_compute (y_true, score, n, &c);
  keep = g_new (gsize, c.n);
  for (gsize k = 0; k < c.n; k++)
    {
      /* sklearn: np.r_[True, logical_or (diff (fps, 2), diff (tps, 2)), True] */
      if (drop_intermediate && c.n > 2 && k > 0 && k + 1 < c.n)
        {
          double d2f = (c.fps[k + 1] - c.fps[k]) - (c.fps[k] - c.fps[k - 1]);
          double d2t = (c.tps[k + 1] - c.tps[k]) - (c.tps[k] - c.tps[k - 1]);

          if (d2f == 0.0 && d2t == 0.0)
            continue;
        }
      keep[n_keep++] = k;
    }

  total_pos = c.tps[c.n - 1];
  total_neg = c.fps[c.n - 1];
  curve = curve_new (FL_CURVE_ROC, n_keep + 1);
  curve->x[0] = total_neg > 0.0 ? 0.0 : NAN;
  curve->y[0] = total_pos > 0.0 ? 0.0 : NAN;
  curve->threshold[0] = c.threshold[keep[0]] + 1.0;
  for (gsize j = 0; j < n_keep; j++)
    {
      gsize k = keep[j];

      curve->x[j + 1] = total_neg > 0.0 ? c.fps[k] / total_neg : NAN;
      curve->y[j + 1] = total_pos > 0.0 ? c.tps[k] / total_pos : NAN;
      curve->threshold[j + 1] = c.threshold[k];
    }

  clf_curve_clear (&c);
  return curve;
}

/**
 * fl_calibration_curve:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): predicted probabilities in [0, 1]
 * @n: number of rows, > 0
 * @n_bins: number of bins of equal width on [0, 1], ≥ 1
 * @error: return location for a #GError
 *
 * The reliability (calibration) curve of scikit-learn 1.2's
 * `calibration_curve (y_true, score, n_bins=n_bins, strategy='uniform')`:
 * bin edges `numpy.linspace (0, 1, n_bins + 1)`, a row goes to the bin
 * `searchsorted (edges[1:-1], score)` (a score equal to an inner edge
 * belongs to the lower bin); for each non-empty bin, in increasing order,
 * x is the mean score, y the fraction of positive rows, `count` the number
 * of rows and `threshold` the lower bin edge. O(n).
 *
 * Returns: (transfer full): the curve (one point per non-empty bin), or
 *   %NULL with %FL_ERROR_INSUFFICIENT_DATA when @n is 0, or
 *   %FL_ERROR_INVALID when @n_bins is 0 or a score is NaN or outside
 *   [0, 1] (scikit-learn raises ValueError)
 */
FlCurve *
fl_calibration_curve (const guint8 *y_true,
                      const float  *score,
                      gsize         n,
                      guint         n_bins,
                      GError      **error)
{
  g_autofree double *edges = NULL;
  g_autofree double *sums = NULL;
  g_autofree double *trues = NULL;
  g_autofree guint64 *totals = NULL;
  FlCurve *curve;
  gsize n_nonempty = 0, j = 0;
  double step;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_bins == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "A calibration curve needs at least one bin");
      return NULL;
    }
  if (!check_scores (score, n, TRUE, error))
    return NULL;

  /* numpy.linspace (0, 1, n_bins + 1): i * step, last edge exactly 1. */
  step = 1.0 / n_bins;
  edges = g_new (double, n_bins + 1);
  for (guint i = 0; i <= n_bins; i++)
    edges[i] = i * step;
  edges[n_bins] = 1.0;

  sums = g_new0 (double, n_bins);
  trues = g_new0 (double, n_bins);
  totals = g_new0 (guint64, n_bins);
  for (gsize i = 0; i < n; i++)
    {
      double s = score[i];
      guint lo = 0, hi = n_bins - 1;   /* searchsorted over edges[1 .. n_bins-1] */

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (edges[mid + 1] < s)
            lo = mid + 1;
          else
            hi = mid;
        }
      sums[lo] += s;
      trues[lo] += y_true[i] != 0 ? 1.0 : 0.0;
      totals[lo]++;
    }

  for (guint b = 0; b < n_bins; b++)
    if (totals[b] > 0)
      n_nonempty++;

  curve = curve_new (FL_CURVE_CALIBRATION, n_nonempty);
  for (guint b = 0; b < n_bins; b++)
    {
      if (totals[b] == 0)
        continue;
      curve->x[j] = sums[b] / (double) totals[b];
      curve->y[j] = trues[b] / (double) totals[b];
      curve->threshold[j] = edges[b];
      curve->count[j] = totals[b];
      j++;
    }
  return curve;
}

/**
 * fl_curve_downsample:
 * @curve: a curve
 * @max_points: the most points to keep, ≥ 2
 *
 * Thins @curve in place for storage when it has more than @max_points
 * points: keeps the points with indices `round (i (n − 1) / (max_points −
 * 1))` for i = 0 … max_points − 1, so the first and the last point always
 * stay. Scalar metrics (AUC, average precision) must be computed from the
 * predictions, not from a thinned curve.
 */
void
fl_curve_downsample (FlCurve *curve,
                     gsize    max_points)
{
  gsize n;

  g_return_if_fail (curve != NULL);
  g_return_if_fail (max_points >= 2);

  n = curve->n_points;
  if (n <= max_points)
    return;

  for (gsize i = 0; i < max_points; i++)
    {
      gsize src = (gsize) floor ((double) i * (double) (n - 1) / (double) (max_points - 1) + 0.5);

      /* src ≥ i, so copying forward in place is safe. */
      curve->x[i] = curve->x[src];
      curve->y[i] = curve->y[src];
      curve->threshold[i] = curve->threshold[src];
      if (curve->count != NULL)
        curve->count[i] = curve->count[src];
    }
  curve->n_points = max_points;
}

static void
add_double_array (JsonBuilder  *builder,
                  const char   *name,
                  const double *v,
                  gsize         n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    {
      if (isfinite (v[i]))
        json_builder_add_double_value (builder, v[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_array (builder);
}

static void
add_uint_array (JsonBuilder   *builder,
                const char    *name,
                const guint64 *v,
                gsize          n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    json_builder_add_int_value (builder, (gint64) v[i]);
  json_builder_end_array (builder);
}

/**
 * fl_curve_to_json:
 * @curve: a curve
 * @builder: a #JsonBuilder positioned inside an object
 *
 * Appends @curve column-wise to the current object of @builder: a member
 * `kind` ("pr", "roc" or "calibration") and one array per column, named
 * `recall`, `precision`, `threshold` (PR); `fpr`, `tpr`, `threshold` (ROC);
 * `mean_predicted`, `fraction_positive`, `bin_lower`, `count`
 * (calibration). NaN and infinities are written as `null`.
 */
void
fl_curve_to_json (const FlCurve *curve,
                  JsonBuilder   *builder)
{
  static const char *names[][4] = {
    [FL_CURVE_PR] = { "pr", "recall", "precision", "threshold" },
    [FL_CURVE_ROC] = { "roc", "fpr", "tpr", "threshold" },
    [FL_CURVE_CALIBRATION] = { "calibration", "mean_predicted", "fraction_positive", "bin_lower" },
  };

  g_return_if_fail (curve != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail ((guint) curve->kind <= FL_CURVE_CALIBRATION);

  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, names[curve->kind][0]);
  add_double_array (builder, names[curve->kind][1], curve->x, curve->n_points);
  add_double_array (builder, names[curve->kind][2], curve->y, curve->n_points);
  add_double_array (builder, names[curve->kind][3], curve->threshold, curve->n_points);
  if (curve->count != NULL)
    add_uint_array (builder, "count", curve->count, curve->n_points);
}

/**
 * fl_threshold_sweep_free:
 * @sweep: (nullable) (transfer full): a threshold sweep
 *
 * Frees @sweep and its arrays.
 */
void
fl_threshold_sweep_free (FlThresholdSweep *sweep)
{
  if (sweep == NULL)
    return;
  g_free (sweep->threshold);
  g_free (sweep->precision);
  g_free (sweep->recall);
  g_free (sweep->f1);
  g_free (sweep->tp);
  g_free (sweep->fp);
  g_free (sweep->false_alarms_per_day);
  g_free (sweep);
}

/**
 * fl_threshold_sweep:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): scores, no NaN
 * @times: (array length=n) (nullable): bucket start times in s, strictly
 *   increasing, for false alarms per day; %NULL to skip them
 * @n: number of rows
 * @params: (nullable): event parameters, required when @times is given
 * @error: return location for a #GError
 *
 * Precision, recall, F1 (fl_precision(), fl_recall(), fl_f1(), so
 * scikit-learn's values with zero_division = 0) and false alarms per day
 * (fl_event_metrics_compute_alarms()) at the fixed thresholds
 * 0.00, 0.01, …, 1.00 (t = i / 100; a row is positive when
 * `(double) score >= t`). Fixed thresholds keep the stored sweep small and
 * comparable across arms and folds; use fl_pr_curve() for every distinct
 * score. O(n log n + 101 n).
 *
 * Returns: (transfer full): the sweep, or %NULL with %FL_ERROR_INVALID when
 *   a score is NaN, @times is given without @params, or @times/@params are
 *   invalid
 */
FlThresholdSweep *
fl_threshold_sweep (const guint8        *y_true,
                    const float         *score,
                    const double        *times,
                    gsize                n,
                    const FlEventParams *params,
                    GError             **error)
{
  g_autoptr(FlThresholdSweep) sweep = NULL;
  g_autofree gsize *order = NULL;
  g_autofree guint8 *alarms = NULL;
  guint64 total_pos = 0, tp = 0, fp = 0;
  gsize pos = 0;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (gsize i = 0; i < n; i++)
    {
      if (isnan (score[i]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Score of row %" G_GSIZE_FORMAT " is NaN", i);
          return NULL;
        }
      total_pos += y_true[i] != 0;
    }
  if (times != NULL && params == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "False alarms per day need the bucket width (event parameters)");
      return NULL;
    }

  sweep = g_new0 (FlThresholdSweep, 1);
  sweep->n_points = FL_SWEEP_N_POINTS;
  sweep->threshold = g_new (double, FL_SWEEP_N_POINTS);
  sweep->precision = g_new (double, FL_SWEEP_N_POINTS);
  sweep->recall = g_new (double, FL_SWEEP_N_POINTS);
  sweep->f1 = g_new (double, FL_SWEEP_N_POINTS);
  sweep->tp = g_new (guint64, FL_SWEEP_N_POINTS);
  sweep->fp = g_new (guint64, FL_SWEEP_N_POINTS);
  sweep->false_alarms_per_day = g_new (double, FL_SWEEP_N_POINTS);

  order = fl_score_order_desc (score, n);
  if (times != NULL)
    alarms = g_new0 (guint8, MAX (n, 1));

  /* From the highest threshold down, the predicted-positive set grows. */
  for (int k = FL_SWEEP_N_POINTS - 1; k >= 0; k--)
    {
      double t = k / 100.0;
      FlConfusionMatrix cm;

      while (pos < n && (double) score[order[pos]] >= t)
        {
          gsize r = order[pos++];

          if (y_true[r] != 0)
            tp++;
          else
            fp++;
          if (alarms != NULL)
            alarms[r] = 1;
        }
      cm.tp = tp;
      cm.fp = fp;
      cm.fn = total_pos - tp;
      cm.tn = n - total_pos - fp;
      sweep->threshold[k] = t;
      sweep->tp[k] = tp;
      sweep->fp[k] = fp;
      sweep->precision[k] = fl_precision (&cm);
      sweep->recall[k] = fl_recall (&cm);
      sweep->f1[k] = fl_f1 (&cm);
      sweep->false_alarms_per_day[k] = NAN;
      if (alarms != NULL)
        {
          FlEventMetrics em;

          if (!fl_event_metrics_compute_alarms (y_true, alarms, times, n, params,
                                                &em, error))
            return NULL;
          sweep->false_alarms_per_day[k] = em.false_alarms_per_day;
        }
    }

  return g_steal_pointer (&sweep);
}

/**
 * fl_threshold_sweep_to_json:
 * @sweep: a threshold sweep
 * @builder: a #JsonBuilder positioned inside an object
 *
 * Appends the sweep column-wise to the current object of @builder: arrays
 * `threshold`, `precision`, `recall`, `f1`, `tp`, `fp` and
 * `false_alarms_per_day` (NaN and infinities as `null`).
 */
void
fl_threshold_sweep_to_json (const FlThresholdSweep *sweep,
                            JsonBuilder            *builder)
{
  g_return_if_fail (sweep != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  add_double_array (builder, "threshold", sweep->threshold, sweep->n_points);
  add_double_array (builder, "precision", sweep->precision, sweep->n_points);
  add_double_array (builder, "recall", sweep->recall, sweep->n_points);
  add_double_array (builder, "f1", sweep->f1, sweep->n_points);
  add_uint_array (builder, "tp", sweep->tp, sweep->n_points);
  add_uint_array (builder, "fp", sweep->fp, sweep->n_points);
  add_double_array (builder, "false_alarms_per_day", sweep->false_alarms_per_day,
                    sweep->n_points);
}
