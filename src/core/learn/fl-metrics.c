/* fl-metrics.c
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

/**
 * fl_confusion_matrix_compute:
 * @y_true: (array length=n): @n true labels; 0 is negative ("healthy"), any
 *   non-zero value is positive ("degraded")
 * @score: (array length=n): @n predicted scores (for example probabilities
 *   in [0, 1]); a NaN score is never predicted positive
 * @n: number of rows
 * @threshold: decision threshold; a row is predicted positive when
 *   `(double) score[i] >= threshold`
 * @out: (out caller-allocates): the confusion matrix
 *
 * Counts the binary confusion matrix of thresholded scores. This equals
 * `sklearn.metrics.confusion_matrix (y_true, score >= threshold).ravel ()`
 * (`tn, fp, fn, tp`). @y_true and @score may be %NULL when @n is 0.
 */
void
fl_confusion_matrix_compute (const guint8      *y_true,
                             const float       *score,
                             gsize              n,
                             double             threshold,
                             FlConfusionMatrix *out)
{
  FlConfusionMatrix cm = { 0, 0, 0, 0 };

  g_return_if_fail (out != NULL);
  g_return_if_fail (n == 0 || (y_true != NULL && score != NULL));

  for (gsize i = 0; i < n; i++)
    {
      gboolean pred = (double) score[i] >= threshold;

      if (y_true[i] != 0)
        {
          if (pred)
            cm.tp++;
          else
            cm.fn++;
        }
      else
        {
          if (pred)
            cm.fp++;
          else
            cm.tn++;
        }
    }

  *out = cm;
}

/**
 * fl_precision:
 * @cm: a confusion matrix
 *
 * Precision `tp / (tp + fp)`, with scikit-learn's `zero_division=0`
 * semantics (`sklearn.metrics.precision_score`): 0.0 when nothing was
 * predicted positive.
 *
 * Returns: the precision in [0, 1]
 */
double
fl_precision (const FlConfusionMatrix *cm)
{
  guint64 pred_pos;

  g_return_val_if_fail (cm != NULL, 0.0);

  pred_pos = cm->tp + cm->fp;
  if (pred_pos == 0)
    return 0.0;

  return (double) cm->tp / (double) pred_pos;
}

/**
 * fl_recall:
 * @cm: a confusion matrix
 *
 * Recall `tp / (tp + fn)`, with scikit-learn's `zero_division=0` semantics
 * (`sklearn.metrics.recall_score`): 0.0 when there are no true positives
 * in the labels.
 *
 * Returns: the recall in [0, 1]
 */
double
fl_recall (const FlConfusionMatrix *cm)
{
  guint64 true_pos;

  g_return_val_if_fail (cm != NULL, 0.0);

  true_pos = cm->tp + cm->fn;
  if (true_pos == 0)
    return 0.0;

  return (double) cm->tp / (double) true_pos;
}

/**
 * fl_f1:
 * @cm: a confusion matrix
 *
 * The F1 score, computed exactly as scikit-learn 1.2's
 * `precision_recall_fscore_support` does with `beta=1` and
 * `zero_division=0`: `2 P R / (P + R)` from fl_precision() and fl_recall(),
 * and 0.0 when `P + R == 0`.
 *
 * Returns: the F1 score in [0, 1]
 */
double
fl_f1 (const FlConfusionMatrix *cm)
{
  double p, r, denom;

  g_return_val_if_fail (cm != NULL, 0.0);

  p = fl_precision (cm);
  r = fl_recall (cm);
  denom = p + r;
  if (denom == 0.0)
    return 0.0;

  return 2.0 * p * r / denom;
}

typedef struct
{
  float  score;
  guint8 positive;
} ScoredRow;

/* Descending score; NaN ranks below every number. Ties keep any order: the
 * whole tied group is consumed at once below, so the order within a group
 * does not change the result. */
static int
scored_row_cmp_desc (gconstpointer a,
                     gconstpointer b)
{
  float sa = ((const ScoredRow *) a)->score;
  float sb = ((const ScoredRow *) b)->score;
  gboolean na = isnan (sa);
  gboolean nb = isnan (sb);

  if (na || nb)
    return (na ? 1 : 0) - (nb ? 1 : 0);
  if (sa > sb)
    return -1;
  if (sa < sb)
    return 1;
  return 0;
}

static gboolean
same_score (float a,
            float b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return a == b;
}

/**
 * fl_average_precision:
 * @y_true: (array length=n): @n true labels; 0 is negative, any non-zero
 *   value is positive
 * @score: (array length=n): @n predicted scores; higher means "more likely
 *   positive". NaN scores are ranked below every number (scikit-learn
 *   rejects NaN)
 * @n: number of rows
 *
 * Average precision, the step-wise area under the precision–recall curve,
 * equal to `sklearn.metrics.average_precision_score (y_true, score)`
 * (scikit-learn ≥ 0.19):
 *
 *   AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ
 *
 * where n runs over the distinct score values in decreasing order (each
 * threshold predicts positive every row whose score is ≥ it, so tied scores
 * enter together, as in sklearn's `_binary_clf_curve`), Pₙ and Rₙ are the
 * precision and recall at that threshold, and R₀ = 0. There is no linear
 * interpolation between operating points.
 *
 * When @y_true has no positive (or @n is 0) the result is NaN. scikit-learn
 * 1.2 instead warns "No positive class found in y_true, recall is set to one
 * for all thresholds" and returns -0.0 (the recall curve is constant, so the
 * sum is empty); Faultline reports "undefined" rather than a misleading 0.
 *
 * Returns: the average precision in [0, 1], or NaN when there is no
 *   positive row
 */
double
fl_average_precision (const guint8 *y_true,
                      const float  *score,
                      gsize         n)
{
  g_autofree ScoredRow *rows = NULL;
  guint64 total_pos = 0;
  guint64 tps = 0;
  double prev_recall = 0.0;
  double ap = 0.0;
  gsize i;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NAN);

  for (i = 0; i < n; i++)
    if (y_true[i] != 0)
      total_pos++;
  if (total_pos == 0)
    return NAN;

  rows = g_new (ScoredRow, n);
  for (i = 0; i < n; i++)
    {
      rows[i].score = score[i];
      rows[i].positive = y_true[i] != 0;
    }
  qsort (rows, n, sizeof *rows, scored_row_cmp_desc);

  i = 0;
  while (i < n)
    {
      gsize end = i;
      double precision, recall;

      /* Consume the whole group of tied scores: one threshold. */
      while (end < n && same_score (rows[end].score, rows[i].score))
        {
          tps += rows[end].positive;
          end++;
        }

      /* Here `end` rows are predicted positive (tps + fps == end). */
      precision = (double) tps / (double) end;
      recall = (double) tps / (double) total_pos;
      ap += (recall - prev_recall) * precision;
      prev_recall = recall;
      i = end;
    }

  return ap;
}

/**
 * fl_accuracy:
 * @cm: a confusion matrix
 *
 * Accuracy `(tp + tn) / n`, as `sklearn.metrics.accuracy_score`.
 *
 * Returns: the accuracy in [0, 1], or NaN for an empty matrix (scikit-learn
 *   warns "Mean of empty slice" and returns NaN)
 */
double
fl_accuracy (const FlConfusionMatrix *cm)
{
  guint64 total;

  g_return_val_if_fail (cm != NULL, NAN);

  total = cm->tn + cm->fp + cm->fn + cm->tp;
  if (total == 0)
    return NAN;
  return (double) (cm->tp + cm->tn) / (double) total;
}

/**
 * fl_specificity:
 * @cm: a confusion matrix
 *
 * Specificity (true negative rate) `tn / (tn + fp)`, equal to
 * `sklearn.metrics.recall_score (y_true, y_pred, pos_label=0,
 * zero_division=0)`: 0.0 when there is no negative row, like fl_recall().
 *
 * Returns: the specificity in [0, 1]
 */
double
fl_specificity (const FlConfusionMatrix *cm)
{
  guint64 neg;

  g_return_val_if_fail (cm != NULL, 0.0);

  neg = cm->tn + cm->fp;
  if (neg == 0)
    return 0.0;
  return (double) cm->tn / (double) neg;
}

/**
 * fl_mcc:
 * @cm: a confusion matrix
 *
 * Matthews correlation coefficient (Matthews 1975), computed in the same
 * order as scikit-learn 1.2's `matthews_corrcoef` (Gorodkin's covariance
 * form, in double precision):
 *
 *   cov(ŷ, y) = (tp + tn) N − Σₖ tₖ pₖ,  cov(y, y) = N² − Σₖ tₖ²,
 *   cov(ŷ, ŷ) = N² − Σₖ pₖ²,  MCC = cov(ŷ, y) / √(cov(y, y) cov(ŷ, ŷ))
 *
 * with tₖ the true and pₖ the predicted count of class k. When
 * `cov(y, y) cov(ŷ, ŷ)` is 0 (a single true or predicted class) the result
 * is 0.0, as in scikit-learn.
 *
 * Returns: the MCC in [−1, 1]
 */
double
fl_mcc (const FlConfusionMatrix *cm)
{
  double t0, t1, p0, p1, n_correct, n_samples;
  double cov_ytyp, cov_ypyp, cov_ytyt;

  g_return_val_if_fail (cm != NULL, 0.0);

  t0 = (double) (cm->tn + cm->fp);
  t1 = (double) (cm->fn + cm->tp);
  p0 = (double) (cm->tn + cm->fn);
  p1 = (double) (cm->fp + cm->tp);
  n_correct = (double) (cm->tn + cm->tp);
  n_samples = p0 + p1;
  cov_ytyp = n_correct * n_samples - (t0 * p0 + t1 * p1);
  cov_ypyp = n_samples * n_samples - (p0 * p0 + p1 * p1);
  cov_ytyt = n_samples * n_samples - (t0 * t0 + t1 * t1);
  if (cov_ypyp * cov_ytyt == 0.0)
    return 0.0;
  return cov_ytyp / sqrt (cov_ytyt * cov_ypyp);
}

/**
 * fl_balanced_accuracy:
 * @cm: a confusion matrix
 *
 * Balanced accuracy, `sklearn.metrics.balanced_accuracy_score`: the mean of
 * the recall of each class present in the labels, `(recall + specificity)
 * / 2`. When only one class is present scikit-learn warns "y_pred contains
 * classes not in y_true" and averages over the present class only; so does
 * this function.
 *
 * Returns: the balanced accuracy in [0, 1], or NaN for an empty matrix
 */
double
fl_balanced_accuracy (const FlConfusionMatrix *cm)
{
  guint64 pos, neg;

  g_return_val_if_fail (cm != NULL, NAN);

  pos = cm->tp + cm->fn;
  neg = cm->tn + cm->fp;
  if (pos > 0 && neg > 0)
    return ((double) cm->tn / (double) neg + (double) cm->tp / (double) pos) / 2.0;
  if (neg > 0)
    return (double) cm->tn / (double) neg;
  if (pos > 0)
    return (double) cm->tp / (double) pos;
  return NAN;
}

/**
 * fl_roc_auc:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): scores, higher = more likely positive
 * @n: number of rows
 *
 * Area under the ROC curve as `sklearn.metrics.roc_auc_score (y_true,
 * score)`: the trapezoidal area (`sklearn.metrics.auc`) under
 * fl_roc_curve() with intermediate points dropped; tied scores form one
 * threshold, so a tie between a positive and a negative counts one half
 * (the Mann–Whitney U statistic / (P N)). O(n log n).
 *
 * Returns: the ROC-AUC in [0, 1], or NaN when @y_true has a single class,
 *   @n is 0 or a score is NaN (scikit-learn raises "Only one class present
 *   in y_true. ROC AUC score is not defined in that case.")
 */
double
fl_roc_auc (const guint8 *y_true,
            const float  *score,
            gsize         n)
{
  g_autoptr(FlCurve) roc = NULL;
  double area = 0.0;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NAN);

  roc = fl_roc_curve (y_true, score, n, TRUE, NULL);
  if (roc == NULL || isnan (roc->x[roc->n_points - 1]) || isnan (roc->y[roc->n_points - 1]))
    return NAN;

  for (gsize i = 1; i < roc->n_points; i++)
    area += (roc->x[i] - roc->x[i - 1]) * (roc->y[i] + roc->y[i - 1]) / 2.0;
  return area;
}

static gboolean
all_probabilities (const float *score,
                   gsize        n)
{
  for (gsize i = 0; i < n; i++)
    if (!(score[i] >= 0.0f && score[i] <= 1.0f))
      return FALSE;
  return TRUE;
}

/**
 * fl_brier_score:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): predicted probabilities of the positive class
 * @n: number of rows
 *
 * Brier score `mean ((y − p)²)` (Brier 1950), as
 * `sklearn.metrics.brier_score_loss (y_true, score)`.
 *
 * Returns: the Brier score in [0, 1], or NaN when @n is 0 or a score is NaN
 *   or outside [0, 1] (scikit-learn raises "y_prob contains values outside
 *   [0, 1]")
 */
double
fl_brier_score (const guint8 *y_true,
                const float  *score,
                gsize         n)
{
  double sum = 0.0;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NAN);

  if (n == 0 || !all_probabilities (score, n))
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      double d = (y_true[i] != 0 ? 1.0 : 0.0) - (double) score[i];

      sum += d * d;
    }
  return sum / (double) n;
}

/**
 * fl_log_loss:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): predicted probabilities of the positive class
 * @n: number of rows
 * @eps: clipping constant, 0 ≤ eps < 0.5 (use %FL_LOG_LOSS_EPS)
 *
 * Mean binary cross-entropy, computed as `sklearn.metrics.log_loss
 * (y_true, score, eps=eps, labels=[0, 1])` in scikit-learn 1.2 does: p is
 * clipped to [eps, 1 − eps], the pair (1 − p, p) is renormalised by its
 * sum, and the loss of a row is −ln of the renormalised probability of its
 * true class. scikit-learn 1.2's default `eps="auto"` is the machine epsilon
 * of the input's dtype (2.2e-16 for float64); the values differ only for
 * rows scored exactly 0 or 1 on the wrong side. When @y_true has a single
 * class scikit-learn needs `labels=[0, 1]` (else it raises); this function
 * always treats the labels as {0, 1}.
 *
 * Returns: the log loss (≥ 0, in nats), or NaN when @n is 0 or a score is
 *   NaN or outside [0, 1]
 */
double
fl_log_loss (const guint8 *y_true,
             const float  *score,
             gsize         n,
             double        eps)
{
  double sum = 0.0;

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), NAN);
  g_return_val_if_fail (eps >= 0.0 && eps < 0.5, NAN);

  if (n == 0 || !all_probabilities (score, n))
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      double p = CLAMP ((double) score[i], eps, 1.0 - eps);
      double q = 1.0 - p;
      double s = q + p;

      sum += -log ((y_true[i] != 0 ? p : q) / s);
    }
  return sum / (double) n;
}

/**
 * fl_metrics_compute:
 * @y_true: (array length=n): labels, 0 negative, non-zero positive
 * @score: (array length=n): predicted scores (probabilities for Brier score
 *   and log loss), no NaN
 * @n: number of rows, > 0
 * @threshold: decision threshold; positive when `(double) score >= threshold`
 * @out: (out caller-allocates): all row-level metrics
 * @error: return location for a #GError
 *
 * Fills @out with the confusion matrix and every row-level metric of one
 * set of predictions (see #FlMetrics and the functions it names; all match
 * scikit-learn 1.2). O(n log n).
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INSUFFICIENT_DATA when
 *   @n is 0, or %FL_ERROR_INVALID when @threshold or a score is NaN
 */
gboolean
fl_metrics_compute (const guint8 *y_true,
                    const float  *score,
                    gsize         n,
                    double        threshold,
                    FlMetrics    *out,
                    GError      **error)
{
  FlMetrics m = { 0 };

  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "No rows to compute metrics on");
      return FALSE;
    }
  if (isnan (threshold))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The decision threshold is NaN");
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
      m.n_positive += y_true[i] != 0;
    }

  m.threshold = threshold;
  m.n = n;
  fl_confusion_matrix_compute (y_true, score, n, threshold, &m.cm);
  m.accuracy = fl_accuracy (&m.cm);
  m.precision = fl_precision (&m.cm);
  m.recall = fl_recall (&m.cm);
  m.specificity = fl_specificity (&m.cm);
  m.f1 = fl_f1 (&m.cm);
  m.mcc = fl_mcc (&m.cm);
  m.balanced_accuracy = fl_balanced_accuracy (&m.cm);
  m.roc_auc = fl_roc_auc (y_true, score, n);
  m.average_precision = fl_average_precision (y_true, score, n);
  m.brier = fl_brier_score (y_true, score, n);
  m.log_loss = fl_log_loss (y_true, score, n, FL_LOG_LOSS_EPS);

  *out = m;
  return TRUE;
}

/**
 * fl_json_add_double:
 * @builder: a #JsonBuilder positioned inside an object
 * @name: member name
 * @value: the value
 *
 * Appends the member @name with @value, or `null` when @value is NaN or
 * infinite (JSON has no such numbers).
 */
void
fl_json_add_double (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * fl_metrics_to_json:
 * @metrics: the metrics
 * @builder: a #JsonBuilder positioned inside an object
 *
 * Appends the members `threshold`, `n`, `n_positive`, `tn`, `fp`, `fn`,
 * `tp`, `accuracy`, `precision`, `recall`, `specificity`, `f1`, `mcc`,
 * `balanced_accuracy`, `roc_auc`, `average_precision`, `brier` and
 * `log_loss` to the current object of @builder; NaN and infinities are
 * written as `null`.
 */
void
fl_metrics_to_json (const FlMetrics *metrics,
                    JsonBuilder     *builder)
{
  g_return_if_fail (metrics != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  fl_json_add_double (builder, "threshold", metrics->threshold);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, (gint64) metrics->n);
  json_builder_set_member_name (builder, "n_positive");
  json_builder_add_int_value (builder, (gint64) metrics->n_positive);
  json_builder_set_member_name (builder, "tn");
  json_builder_add_int_value (builder, (gint64) metrics->cm.tn);
  json_builder_set_member_name (builder, "fp");
  json_builder_add_int_value (builder, (gint64) metrics->cm.fp);
  json_builder_set_member_name (builder, "fn");
  json_builder_add_int_value (builder, (gint64) metrics->cm.fn);
  json_builder_set_member_name (builder, "tp");
  json_builder_add_int_value (builder, (gint64) metrics->cm.tp);
  fl_json_add_double (builder, "accuracy", metrics->accuracy);
  fl_json_add_double (builder, "precision", metrics->precision);
  fl_json_add_double (builder, "recall", metrics->recall);
  fl_json_add_double (builder, "specificity", metrics->specificity);
  fl_json_add_double (builder, "f1", metrics->f1);
  fl_json_add_double (builder, "mcc", metrics->mcc);
  fl_json_add_double (builder, "balanced_accuracy", metrics->balanced_accuracy);
  fl_json_add_double (builder, "roc_auc", metrics->roc_auc);
  fl_json_add_double (builder, "average_precision", metrics->average_precision);
  fl_json_add_double (builder, "brier", metrics->brier);
  fl_json_add_double (builder, "log_loss", metrics->log_loss);
}
