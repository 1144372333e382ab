/* fl-smote.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-knn-private.h"
#include "fl-smote.h"

/**
 * fl_smote_params_init_default:
 * @params: (out caller-allocates): parameters to fill
 *
 * Sets imbalanced-learn's defaults: `k_neighbors = 5`, `seed = 42`,
 * `sampling_ratio = 1.0` (balanced classes, as `sampling_strategy="auto"`).
 */
void
fl_smote_params_init_default (FlSmoteParams *params)
{
  g_return_if_fail (params != NULL);

  params->k_neighbors = 5;
  params->seed = 42;
  params->sampling_ratio = 1.0;
}

/**
 * fl_smote_resample:
 * @X: (array): @n × @d row-major feature matrix (NaN = missing); not modified
 * @y: (array length=n): @n class labels; at most two distinct values
 * @n: number of rows
 * @d: number of features (columns)
 * @params: (nullable): SMOTE parameters, or %NULL for
 *   fl_smote_params_init_default()
 * @X_out: (out) (transfer full) (array): the resampled @n_out × @d row-major
 *   matrix; free with g_free()
 * @y_out: (out) (transfer full) (array): @n_out labels; free with g_free()
 * @n_out: (out): number of output rows: @n plus the synthetic rows
 * @parents_out: (out) (optional) (nullable) (transfer full) (array): for the
 *   s-th synthetic row, `parents[2s]` = i and `parents[2s + 1]` = j, both row
 *   indices into @X; %NULL when no row was generated; free with g_free()
 * @gaps_out: (out) (optional) (nullable) (transfer full) (array): the gap u
 *   in [0, 1) of each synthetic row; %NULL when no row was generated; free
 *   with g_free()
 * @error: return location for a #GError
 *
 * Oversamples the minority class with SMOTE (N. V. Chawla, K. W. Bowyer,
 * L. O. Hall, W. P. Kegelmeyer, "SMOTE: Synthetic Minority Over-sampling
 * Technique", JAIR 16:321–357, 2002), following imbalanced-learn's
 * `SMOTE._generate_samples`.
 *
 * The minority class is the label with fewer rows (on a tie, the higher
 * label value, i.e. 1 = "degraded"). With n_min minority and n_maj majority
 * rows, `max (0, round (sampling_ratio × n_maj) − n_min)` synthetic rows are
 * generated. For each: a minority row i is drawn uniformly, then one of its
 * k nearest minority neighbours j (i itself excluded by index, so an exact
 * duplicate of i can still be a neighbour), then a gap u ~ U[0, 1), and
 * `x_new = x_i + u · (x_j − x_i)` in the original (unscaled) feature space.
 * A synthetic coordinate is NaN when either parent's coordinate is NaN.
 * Randomness comes from a #GRand seeded from `params->seed` (draw order per
 * synthetic row: i, neighbour rank, u), so the output is deterministic for a
 * seed but not bit-identical to imbalanced-learn's NumPy stream.
 *
 * Neighbours are searched on standardised features: each column is
 * z-scored with the mean and sample standard deviation (ddof = 1) of its
 * non-NaN values over all @n input rows; a column whose standard deviation
 * is 0 or undefined gets scale 1. The distance is the nan-Euclidean distance
 * of `sklearn.metrics.nan_euclidean_distances`
 * (`sqrt (d / present × Σ_present (a − b)²)`); a pair with no coordinate in
 * common ranks behind every other. Ties are broken by the lower row index.
 * The search is brute force (fl-knn.c, shared with the other samplers),
 * O(n_min² · d) time with a bounded max-heap of k entries per row, and
 * O(n · d + n_min · k) memory.
 *
 * The output holds the @n input rows first, unchanged and in order, then the
 * synthetic rows labelled with the minority label.
 *
 * If no synthetic row is needed the input is copied and no neighbour search
 * is done (like imbalanced-learn, which skips classes with nothing to
 * generate), so the minority-size check below does not apply.
 *
 * Returns: %TRUE on success. On failure all outputs are set to %NULL / 0 and
 *   @error is set in the %FL_ERROR domain: %FL_ERROR_INVALID when @n, @d or
 *   `k_neighbors` is 0, `sampling_ratio` is not in (0, 1], @y has more than
 *   two labels, @X holds an infinite value, or the output would be too
 *   large; %FL_ERROR_INSUFFICIENT_DATA when @y has a single class (no
 *   minority rows) or the minority has at most k rows (the message names k
 *   and the minority count so the caller can retry with a lower k)
 */
gboolean
fl_smote_resample (const double         *X,
                   const guint8         *y,
                   gsize                 n,
                   gsize                 d,
                   const FlSmoteParams  *params,
                   double              **X_out,
                   guint8              **y_out,
                   gsize                *n_out,
                   gsize               **parents_out,
                   double              **gaps_out,
                   GError              **error)
{
  FlSmoteParams defaults;
  gsize class_count[256] = { 0 };
  guint n_labels = 0;
  guint8 minority = 0, majority = 0;
  gsize n_min, n_maj, n_synth, total;
  double target;
  guint k;
  g_autofree gsize *min_rows = NULL;
  g_autofree double *Z = NULL;
  g_autofree FlNeighbour *nbrs = NULL;
  g_autofree double *Xo = NULL;
  g_autofree guint8 *yo = NULL;
  g_autofree gsize *parents = NULL;
  g_autofree double *gaps = NULL;
  g_autoptr(GRand) rand = NULL;

  g_return_val_if_fail (X_out != NULL, FALSE);
  g_return_val_if_fail (y_out != NULL, FALSE);
  g_return_val_if_fail (n_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *X_out = NULL;
  *y_out = NULL;
  *n_out = 0;
  if (parents_out != NULL)
    *parents_out = NULL;
  if (gaps_out != NULL)
    *gaps_out = NULL;

  if (params == NULL)
    {
      fl_smote_params_init_default (&defaults);
      params = &defaults;
    }
  k = params->k_neighbors;

  if (n == 0 || d == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "SMOTE needs a non-empty feature matrix, got %"
                   G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT, n, d);
      return FALSE;
    }
  g_return_val_if_fail (X != NULL && y != NULL, FALSE);

  if (k == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "SMOTE needs at least one neighbour (k = 0)");
      return FALSE;
    }
  if (!(params->sampling_ratio > 0.0 && params->sampling_ratio <= 1.0))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The SMOTE sampling ratio must be in (0, 1], not %g",
                   params->sampling_ratio);
      return FALSE;
    }
  if (n > G_MAXINT32 || d > G_MAXSIZE / sizeof (double) / n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Too much data for SMOTE (%" G_GSIZE_FORMAT " x %"
                   G_GSIZE_FORMAT ")", n, d);
      return FALSE;
    }
  for (gsize i = 0; i < n * d; i++)
    {
      if (isinf (X[i]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "SMOTE input has an infinite value at row %"
                       G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT,
                       i / d, i % d);
          return FALSE;
        }
    }

  /* Classes. */
  for (gsize i = 0; i < n; i++)
    class_count[y[i]]++;
  for (guint c = 0; c < 256; c++)
    {
      if (class_count[c] == 0)
        continue;
      n_labels++;
      if (n_labels == 1)
        minority = majority = (guint8) c;
      else if (class_count[c] <= class_count[minority])
        minority = (guint8) c;
      else
        majority = (guint8) c;
    }
  if (n_labels > 2)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "SMOTE needs binary labels, got %u classes", n_labels);
      return FALSE;
    }
  if (n_labels < 2)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "SMOTE needs rows of both classes, the training part has "
                   "only class %u", (guint) minority);
      return FALSE;
    }
  n_min = class_count[minority];
  n_maj = class_count[majority];

  target = round (params->sampling_ratio * (double) n_maj);
  n_synth = target > (double) n_min ? (gsize) target - n_min : 0;

  if (n_synth > 0 && n_min <= k)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "SMOTE needs more than k=%u minority rows, the training "
                   "part has %" G_GSIZE_FORMAT, k, n_min);
      return FALSE;
    }

  total = n + n_synth;
  if (total > G_MAXSIZE / sizeof (double) / d)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "SMOTE output would be too large (%" G_GSIZE_FORMAT
                   " rows)", total);
      return FALSE;
    }

  Xo = g_new (double, total * d);
  yo = g_new (guint8, total);
  memcpy (Xo, X, n * d * sizeof (double));
  memcpy (yo, y, n);

  if (n_synth > 0)
    {
      /* Standardisation over all n rows, NaN-aware (mean and ddof=1 std of
       * the present values), then the k nearest minority neighbours of
       * every minority row. */
      Z = fl_knn_standardise (X, n, d);
      min_rows = g_new (gsize, n_min);
      for (gsize i = 0, m = 0; i < n; i++)
        if (y[i] == minority)
          min_rows[m++] = i;
      nbrs = g_new (FlNeighbour, n_min * k);
      fl_knn_search (Z, d, min_rows, n_min, min_rows, n_min, k, nbrs);

      parents = g_new (gsize, 2 * n_synth);
      gaps = g_new (double, n_synth);
      rand = fl_knn_rand_new (params->seed);

      for (gsize s = 0; s < n_synth; s++)
        {
          gsize a = (gsize) g_rand_int_range (rand, 0, (gint32) n_min);
          guint rank = (guint) g_rand_int_range (rand, 0, (gint32) k);
          double u = g_rand_double (rand);
          gsize i = min_rows[a];
          gsize j = nbrs[a * k + rank].idx;
          const double *xi = X + i * d;
          const double *xj = X + j * d;
          double *xn = Xo + (n + s) * d;

          for (gsize c = 0; c < d; c++)
            {
              if (isnan (xi[c]) || isnan (xj[c]))
                xn[c] = NAN;
              else
                xn[c] = xi[c] + u * (xj[c] - xi[c]);
            }
          yo[n + s] = minority;
          parents[2 * s] = i;
          parents[2 * s + 1] = j;
          gaps[s] = u;
        }
    }

  *X_out = g_steal_pointer (&Xo);
  *y_out = g_steal_pointer (&yo);
  *n_out = total;
  if (parents_out != NULL)
    *parents_out = g_steal_pointer (&parents);
  if (gaps_out != NULL)
    *gaps_out = g_steal_pointer (&gaps);

  return TRUE;
}
