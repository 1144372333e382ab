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
