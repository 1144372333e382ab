/* fl-cv.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-cv.h"
#include "fl-error.h"
#include "fl-split.h"

static const char * const kind_names[] = {
  [FL_CV_HOLDOUT] = "chronological",
  [FL_CV_EXPANDING] = "expanding",
  [FL_CV_SLIDING] = "sliding",
  [FL_CV_GROUP_DAY] = "group-day",
  [FL_CV_GROUP_EVENT] = "group-event",
  [FL_CV_RANDOM_KFOLD] = "random-kfold",
  [FL_CV_RANDOM_HOLDOUT] = "random-stratified",
};

/**
 * fl_cv_kind_to_string:
 * @kind: a #FlCvKind
 *
 * Returns: (transfer none): `"chronological"`, `"expanding"`, `"sliding"`,
 *   `"group-day"`, `"group-event"`, `"random-kfold"` or `"random-stratified"`
 */
const char *
fl_cv_kind_to_string (FlCvKind kind)
{
  return kind <= FL_CV_RANDOM_HOLDOUT ? kind_names[kind] : "chronological";
}

/**
 * fl_cv_kind_from_string:
 * @name: a name as fl_cv_kind_to_string() gives
 * @out: (out): the kind
 *
 * Returns: %TRUE when @name is known
 */
gboolean
fl_cv_kind_from_string (const char *name,
                        FlCvKind   *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        *out = (FlCvKind)i;
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_cv_kind_is_random:
 * @kind: a #FlCvKind
 *
 * Returns: %TRUE for the kinds that ignore time order (and leak on time series)
 */
gboolean
fl_cv_kind_is_random (FlCvKind kind)
{
  return kind == FL_CV_RANDOM_KFOLD || kind == FL_CV_RANDOM_HOLDOUT;
}

/**
 * fl_cv_params_init_default:
 * @params: (out caller-allocates): params to fill
 *
 * Chronological holdout with the last 20 % for test, 5 folds for the CV
 * kinds, no purge, no validation rows, seed 42.
 */
void
fl_cv_params_init_default (FlCvParams *params)
{
  memset (params, 0, sizeof *params);
  params->kind = FL_CV_HOLDOUT;
  params->n_folds = 5;
  params->test_fraction = 0.2;
  params->seed = 42;
}

static FlFold *
fold_new (void)
{
  FlFold *f = g_new0 (FlFold, 1);

  f->train = g_array_new (FALSE, FALSE, sizeof (gsize));
  f->valid = g_array_new (FALSE, FALSE, sizeof (gsize));
  f->test = g_array_new (FALSE, FALSE, sizeof (gsize));
  return f;
}

/**
 * fl_fold_free:
 * @fold: (nullable) (transfer full): a fold
 *
 * Frees @fold.
 */
void
fl_fold_free (FlFold *fold)
{
  if (fold == NULL)
    return;
  g_array_unref (fold->train);
  g_array_unref (fold->valid);
  g_array_unref (fold->test);
  g_free (fold);
}

/* Fills a fold whose test rows are [t0, t1) in row order (rows sorted by
 * time): training rows are the rows in train_lo..train_hi (row indices, end
 * exclusive) not within purge_s of the test block's time range. */
static void
fill_block_fold (FlFold       *f,
                 const double *ts,
                 gsize         n,
                 gsize         t0,
                 gsize         t1,
                 gsize         train_lo,
                 gsize         train_hi,
                 gboolean      both_sides,
                 double        purge_s)
{
  double start = ts[t0], end = ts[t1 - 1];

  for (gsize i = t0; i < t1; i++)
    g_array_append_val (f->test, i);
  for (gsize i = train_lo; i < train_hi && i < n; i++)
    {
      if (i >= t0 && i < t1)
        continue;
      if (ts[i] > start - purge_s - 1e-9 && ts[i] < start)
        {
          f->n_purged++;
          continue;
        }
      if (both_sides && ts[i] > end && ts[i] < end + purge_s + 1e-9)
        {
          f->n_purged++;
          continue;
        }
      if (ts[i] >= start && ts[i] <= end)
        {
          /* same time as test rows (other series): keep them out */
          f->n_purged++;
          continue;
        }
      g_array_append_val (f->train, i);
    }
}

static void
carve_validation (FlFold       *f,
                  const double *ts,
                  double        fraction,
                  double        purge_s)
{
  gsize n = f->train->len, n_valid, first;
  g_autoptr(GArray) keep = NULL;
  double vstart;

  if (fraction <= 0 || n < 4)
    return;
  n_valid = MAX ((gsize)ceil (n * fraction), 1);
  if (n_valid >= n)
    return;
  first = n - n_valid;
  vstart = ts[g_array_index (f->train, gsize, first)];
  keep = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize k = 0; k < n; k++)
    {
      gsize i = g_array_index (f->train, gsize, k);

      if (k >= first)
        g_array_append_val (f->valid, i);
      else if (ts[i] > vstart - purge_s - 1e-9)
        f->n_purged++;
      else
        g_array_append_val (keep, i);
    }
  g_array_unref (f->train);
  f->train = g_steal_pointer (&keep);
}

static void
set_bounds (FlFold       *f,
            const double *ts)
{
  f->train_start_s = f->train->len ? ts[g_array_index (f->train, gsize, 0)] : NAN;
  f->train_end_s = f->train->len ? ts[g_array_index (f->train, gsize, f->train->len - 1)] : NAN;
  f->test_start_s = INFINITY;
  f->test_end_s = -INFINITY;
  for (guint k = 0; k < f->test->len; k++)
    {
      double t = ts[g_array_index (f->test, gsize, k)];

      f->test_start_s = MIN (f->test_start_s, t);
      f->test_end_s = MAX (f->test_end_s, t);
    }
  for (guint k = 0; k < f->train->len; k++)
    {
      double t = ts[g_array_index (f->train, gsize, k)];

      f->train_start_s = MIN (f->train_start_s, t);
      f->train_end_s = MAX (f->train_end_s, t);
    }
}

/* Contiguous groups of rows: by UTC day, or each starting at an event. */
static GArray *
group_starts (FlCvKind      kind,
              const double *ts,
              const guint8 *y,
              gsize         n)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize zero = 0;

  g_array_append_val (starts, zero);
  for (gsize i = 1; i < n; i++)
    {
      gboolean boundary;

      if (kind == FL_CV_GROUP_DAY)
        boundary = floor (ts[i] / 86400) != floor (ts[i - 1] / 86400);
      else
        boundary = y[i] == 1 && y[i - 1] != 1;
      if (boundary)
        g_array_append_val (starts, i);
    }
  return starts;
}

/**
 * fl_cv_folds:
 * @params: how to split
 * @ts_s: (array length=n): row times in s, ascending (rows of several series
 *   may share a time)
 * @y: (array length=n): targets 0/1 (for stratification and event groups)
 * @n: rows
 * @error: return location for a #GError
 *
 * Makes the folds of an evaluation, with a purge gap of @params->purge_s
 * between training and test rows (López de Prado 2018, ch. 7, "purging"):
 * training rows less than the gap before a test block (and, for the grouped
 * kinds, after it) are dropped, so no training row's feature window or
 * label horizon overlaps the test period. Validation rows, when asked for,
 * are the last training rows in time, again after a gap. Every fold has at
 * least one training and one test row.
 *
 * Returns: (transfer full) (element-type FlFold): the folds, or %NULL with
 *   %FL_ERROR_INVALID (bad parameters) or %FL_ERROR_INSUFFICIENT_DATA (too
 *   few rows or groups for the folds asked for)
 */
GPtrArray *
fl_cv_folds (const FlCvParams  *params,
             const double      *ts_s,
             const guint8      *y,
             gsize              n,
             GError           **error)
{
  g_autoptr(GPtrArray) folds = g_ptr_array_new_with_free_func ((GDestroyNotify)fl_fold_free);
  guint k = params->n_folds;

  for (gsize i = 1; i < n; i++)
    if (ts_s[i] < ts_s[i - 1])
      {
        g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Rows must be in time order to be split");
        return NULL;
      }
  if (n < 4)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "%" G_GSIZE_FORMAT " rows are too few to split", n);
      return NULL;
    }

  switch (params->kind)
    {
    case FL_CV_HOLDOUT:
    case FL_CV_RANDOM_HOLDOUT:
      {
        g_autofree guint8 *is_test = g_new0 (guint8, n);
        FlFold *f = fold_new ();

        if (!fl_split_holdout (params->kind == FL_CV_HOLDOUT ? FL_SPLIT_CHRONOLOGICAL
                                                              : FL_SPLIT_RANDOM_STRATIFIED,
                               y, n, params->test_fraction, params->seed, is_test, error))
          {
            fl_fold_free (f);
            return NULL;
          }
        if (params->kind == FL_CV_HOLDOUT)
          {
            gsize t0 = 0;

            while (t0 < n && !is_test[t0])
              t0++;
            /* rows sharing the first test time belong to the test block */
            while (t0 > 0 && ts_s[t0 - 1] == ts_s[t0])
              t0--;
            fill_block_fold (f, ts_s, n, t0, n, 0, t0, FALSE, params->purge_s);
          }
        else
          for (gsize i = 0; i < n; i++)
            g_array_append_val (is_test[i] ? f->test : f->train, i);
        g_ptr_array_add (folds, f);
      }
      break;

    case FL_CV_EXPANDING:
    case FL_CV_SLIDING:
      {
        gsize block;

        if (k < 2 || n < (gsize)(k + 1) * 2)
          {
            g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                         "%u folds need at least %u rows and k ≥ 2 (have %" G_GSIZE_FORMAT ")",
                         k, (k + 1) * 2, n);
            return NULL;
          }
        block = n / (k + 1);
        for (guint i = 0; i < k; i++)
          {
            FlFold *f = fold_new ();
            gsize t0 = n - (gsize)(k - i) * block;
            gsize t1 = i + 1 == k ? n : t0 + block;
            gsize lo = params->kind == FL_CV_SLIDING ? (t0 >= block ? t0 - block : 0) : 0;

            fill_block_fold (f, ts_s, n, t0, t1, lo, t0, FALSE, params->purge_s);
            g_ptr_array_add (folds, f);
          }
      }
      break;

    case FL_CV_GROUP_DAY:
    case FL_CV_GROUP_EVENT:
      {
        g_autoptr(GArray) starts = group_starts (params->kind, ts_s, y, n);
        guint n_groups = starts->len;

        if (k < 2 || n_groups < k)
          {
            g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                         "%u folds need at least %u %s; the rows hold %u",
                         k, k, params->kind == FL_CV_GROUP_DAY ? "days" : "events", n_groups);
            return NULL;
          }
        for (guint i = 0; i < k; i++)
          {
            FlFold *f = fold_new ();
            guint g0 = (guint)((guint64)n_groups * i / k);
            guint g1 = (guint)((guint64)n_groups * (i + 1) / k);
            gsize t0 = g_array_index (starts, gsize, g0);
            gsize t1 = g1 < n_groups ? g_array_index (starts, gsize, g1) : n;

            fill_block_fold (f, ts_s, n, t0, t1, 0, n, TRUE, params->purge_s);
            g_ptr_array_add (folds, f);
          }
      }
      break;

    case FL_CV_RANDOM_KFOLD:
      {
        g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32)(params->seed ^ (params->seed >> 32)));
        g_autofree guint *fold_of = g_new (guint, n);

        if (k < 2 || n < k)
          {
            g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                         "%u folds need at least %u rows and k ≥ 2", k, k);
            return NULL;
          }
        /* stratified: shuffle each class, deal its rows round-robin */
        for (guint cls = 0; cls < 2; cls++)
          {
            g_autoptr(GArray) idx = g_array_new (FALSE, FALSE, sizeof (gsize));

            for (gsize i = 0; i < n; i++)
              if ((y[i] ? 1u : 0u) == cls)
                g_array_append_val (idx, i);
            for (guint i = idx->len; i > 1; i--)
              {
                guint j = (guint)g_rand_int_range (rand, 0, (gint32)i);
                gsize tmp = g_array_index (idx, gsize, i - 1);

                g_array_index (idx, gsize, i - 1) = g_array_index (idx, gsize, j);
                g_array_index (idx, gsize, j) = tmp;
              }
            for (guint i = 0; i < idx->len; i++)
              fold_of[g_array_index (idx, gsize, i)] = i % k;
          }
        for (guint i = 0; i < k; i++)
          {
            FlFold *f = fold_new ();

            for (gsize r = 0; r < n; r++)
              g_array_append_val (fold_of[r] == i ? f->test : f->train, r);
            g_ptr_array_add (folds, f);
          }
      }
      break;

    default:
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown split kind %d", params->kind);
      return NULL;
    }

  for (guint i = 0; i < folds->len; i++)
    {
      FlFold *f = g_ptr_array_index (folds, i);

      carve_validation (f, ts_s, params->validation_fraction,
                        fl_cv_kind_is_random (params->kind) ? 0 : params->purge_s);
      set_bounds (f, ts_s);
      if (f->train->len == 0 || f->test->len == 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                       "Fold %u has no %s rows after a purge gap of %.0f s; use fewer folds "
                       "or a shorter gap", i + 1, f->train->len == 0 ? "training" : "test",
                       params->purge_s);
          return NULL;
        }
    }
  return g_steal_pointer (&folds);
}
