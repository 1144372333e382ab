/* fl-split.c
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
#include "fl-split.h"

/**
 * fl_split_kind_to_string:
 * @kind: a split kind
 *
 * The stable name of @kind, as stored in project files: "chronological" or
 * "random-stratified".
 *
 * Returns: (transfer none): a static string, or %NULL for an unknown value
 */
const char *
fl_split_kind_to_string (FlSplitKind kind)
{
  switch (kind)
    {
    case FL_SPLIT_CHRONOLOGICAL:
      return "chronological";
    case FL_SPLIT_RANDOM_STRATIFIED:
      return "random-stratified";
    default:
      return NULL;
    }
}

/**
 * fl_split_kind_from_string:
 * @name: (nullable): a name as returned by fl_split_kind_to_string()
 * @out: (out) (optional): the parsed kind; untouched on failure
 *
 * Parses a split kind name (exact, case-sensitive match).
 *
 * Returns: %TRUE if @name is a known kind
 */
gboolean
fl_split_kind_from_string (const char  *name,
                           FlSplitKind *out)
{
  FlSplitKind kind;

  if (name == NULL)
    return FALSE;

  if (g_str_equal (name, "chronological"))
    kind = FL_SPLIT_CHRONOLOGICAL;
  else if (g_str_equal (name, "random-stratified"))
    kind = FL_SPLIT_RANDOM_STRATIFIED;
  else
    return FALSE;

  if (out != NULL)
    *out = kind;
  return TRUE;
}

static GRand *
rand_new_from_seed64 (guint64 seed)
{
  guint32 words[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };

  return g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
}

static gboolean
split_chronological (gsize    n,
                     double   test_fraction,
                     guint8  *is_test,
                     GError **error)
{
  gsize n_train = (gsize) floor ((double) n * (1.0 - test_fraction));

  if (n_train == 0 || n_train >= n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "A chronological split of %" G_GSIZE_FORMAT " rows with "
                   "test fraction %g leaves an empty %s part",
                   n, test_fraction, n_train == 0 ? "training" : "test");
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    is_test[i] = i >= n_train;

  return TRUE;
}

static gboolean
split_random_stratified (const guint8 *y,
                         gsize         n,
                         double        test_fraction,
                         guint64       seed,
                         guint8       *is_test,
                         GError      **error)
{
  gsize class_count[256] = { 0 };
  gsize class_test[256];
  gsize total_test = 0;
  g_autofree gsize *idx = NULL;
  g_autoptr(GRand) rand = NULL;

  for (gsize i = 0; i < n; i++)
    class_count[y[i]]++;

  /* scikit-learn's StratifiedShuffleSplit sizes: n_test = ceil (f × n),
   * shared out to the classes by their floor (n_test × n_c / n), the rest
   * going to the classes with the largest remainders (_approximate_mode;
   * sklearn breaks ties at random, we take the lower label). */
  {
    gsize n_test = (gsize) ceil (test_fraction * (double) n - 1e-9);
    double rem[256];

    for (guint c = 0; c < 256; c++)
      {
        double share = (double) n_test * (double) class_count[c] / (double) MAX (n, 1);

        class_test[c] = (gsize) floor (share);
        rem[c] = share - (double) class_test[c];
        total_test += class_test[c];
      }
    while (total_test < n_test)
      {
        guint best = 0;

        for (guint c = 1; c < 256; c++)
          if (rem[c] > rem[best])
            best = c;
        class_test[best]++;
        rem[best] = -1;
        total_test++;
      }
  }

  if (total_test == 0 || total_test >= n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "A stratified split of %" G_GSIZE_FORMAT " rows with "
                   "test fraction %g leaves an empty %s part",
                   n, test_fraction, total_test == 0 ? "test" : "training");
      return FALSE;
    }

  rand = rand_new_from_seed64 (seed);
  idx = g_new (gsize, n);
  memset (is_test, 0, n);

  /* Classes in ascending label order, rows of a class in time order, then a
   * Fisher–Yates shuffle; the first class_test[c] shuffled rows are test. */
  for (guint c = 0; c < 256; c++)
    {
      gsize m = 0;

      if (class_count[c] == 0)
        continue;

      for (gsize i = 0; i < n; i++)
        if (y[i] == c)
          idx[m++] = i;

      for (gsize i = m - 1; i > 0; i--)
        {
          gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) (i + 1));
          gsize tmp = idx[i];

          idx[i] = idx[j];
          idx[j] = tmp;
        }

      for (gsize i = 0; i < class_test[c]; i++)
        is_test[idx[i]] = 1;
    }

  return TRUE;
}

/**
 * fl_split_holdout:
 * @kind: how to split
 * @y: (array length=n) (nullable): @n class labels; required for
 *   %FL_SPLIT_RANDOM_STRATIFIED, ignored (may be %NULL) for
 *   %FL_SPLIT_CHRONOLOGICAL
 * @n: number of rows, given in time order
 * @test_fraction: the share of rows held out for testing, in (0, 1)
 * @seed: random seed (%FL_SPLIT_RANDOM_STRATIFIED only)
 * @is_test: (array length=n) (out caller-allocates): set to 1 for test rows,
 *   0 for training rows; untouched on error
 * @error: return location for a #GError
 *
 * Splits @n time-ordered rows into a training and a test part.
 *
 * %FL_SPLIT_CHRONOLOGICAL keeps the first
 * `n_train = floor (n × (1 − test_fraction))` rows for training and tests on
 * the rest (`is_test[i] = i >= n_train`), as the pandas reference
 * `n = int(len(X) * 0.8)` does for `test_fraction = 0.2`.
 *
 * %FL_SPLIT_RANDOM_STRATIFIED shuffles the rows of each class (classes in
 * ascending label order) with a Fisher–Yates shuffle driven by a #GRand
 * seeded from @seed. The test part has `ceil (n × test_fraction)` rows, as
 * in scikit-learn's `train_test_split (..., stratify=y)`, shared out to the
 * classes like sklearn's `_approximate_mode`: `floor (n_test × n_c / n)` rows
 * of a class with n_c rows, the remaining rows to the classes with the
 * largest remainders (ties to the lower label; sklearn breaks them at
 * random). The class ratio of both parts is thus kept within one row per
 * class. The split is deterministic for a given @seed and GLib version but
 * does not pick the same rows as scikit-learn, which uses NumPy's random
 * generator.
 *
 * Returns: %TRUE on success. On failure @error is set to
 *   %FL_ERROR_INVALID (unknown @kind, @test_fraction not in (0, 1), @y
 *   missing for a stratified split, or more than %G_MAXINT32 rows for a
 *   stratified split) or %FL_ERROR_INSUFFICIENT_DATA (the
 *   training or the test part would be empty, e.g. @n is 0)
 */
gboolean
fl_split_holdout (FlSplitKind   kind,
                  const guint8 *y,
                  gsize         n,
                  double        test_fraction,
                  guint64       seed,
                  guint8       *is_test,
                  GError      **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (n == 0 || is_test != NULL, FALSE);

  if (!(test_fraction > 0.0 && test_fraction < 1.0))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The test fraction must be between 0 and 1 (exclusive), "
                   "not %g", test_fraction);
      return FALSE;
    }

  switch (kind)
    {
    case FL_SPLIT_CHRONOLOGICAL:
      return split_chronological (n, test_fraction, is_test, error);

    case FL_SPLIT_RANDOM_STRATIFIED:
      if (y == NULL && n > 0)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "A stratified split needs class labels");
          return FALSE;
        }
      if (n > G_MAXINT32)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Too many rows for a random split (%" G_GSIZE_FORMAT
                       ")", n);
          return FALSE;
        }
      return split_random_stratified (y, n, test_fraction, seed, is_test,
                                      error);

    default:
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Unknown split kind %d", (int) kind);
      return FALSE;
    }
}
