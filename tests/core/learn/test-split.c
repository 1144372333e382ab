/* test-split.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-split.h"

static void
test_kind_strings (void)
{
  FlSplitKind kind = FL_SPLIT_RANDOM_STRATIFIED;

  g_assert_cmpstr (fl_split_kind_to_string (FL_SPLIT_CHRONOLOGICAL), ==,
                   "chronological");
  g_assert_cmpstr (fl_split_kind_to_string (FL_SPLIT_RANDOM_STRATIFIED), ==,
                   "random-stratified");
  g_assert_null (fl_split_kind_to_string ((FlSplitKind) 42));

  g_assert_true (fl_split_kind_from_string ("chronological", &kind));
  g_assert_cmpint (kind, ==, FL_SPLIT_CHRONOLOGICAL);
  g_assert_true (fl_split_kind_from_string ("random-stratified", &kind));
  g_assert_cmpint (kind, ==, FL_SPLIT_RANDOM_STRATIFIED);

  g_assert_false (fl_split_kind_from_string ("Chronological", &kind));
  g_assert_false (fl_split_kind_from_string ("", &kind));
  g_assert_false (fl_split_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, FL_SPLIT_RANDOM_STRATIFIED);
  g_assert_true (fl_split_kind_from_string ("chronological", NULL));
}

static void
test_chronological (void)
{
  const gsize sizes[] = { 2, 3, 5, 10, 11, 99, 100, 1001 };
  const double fractions[] = { 0.2, 0.25, 0.3, 0.5, 0.1, 0.9 };

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (gsize f = 0; f < G_N_ELEMENTS (fractions); f++)
      {
        gsize n = sizes[s];
        double tf = fractions[f];
        gsize want_train = (gsize) floor ((double) n * (1.0 - tf));
        g_autofree guint8 *is_test = g_new (guint8, n);
        g_autoptr(GError) error = NULL;
        gboolean ok;
        gsize n_train = 0, last_train = 0, first_test = G_MAXSIZE;

        ok = fl_split_holdout (FL_SPLIT_CHRONOLOGICAL, NULL, n, tf, 1,
                               is_test, &error);
        if (want_train == 0 || want_train == n)
          {
            g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
            g_assert_false (ok);
            continue;
          }
        g_assert_no_error (error);
        g_assert_true (ok);

        for (gsize i = 0; i < n; i++)
          {
            g_assert_true (is_test[i] == 0 || is_test[i] == 1);
            if (is_test[i])
              first_test = MIN (first_test, i);
            else
              {
                n_train++;
                last_train = i;
              }
          }
        g_assert_cmpuint (n_train, ==, want_train);
        g_assert_cmpuint (last_train, <, first_test);
      }
}

static void
test_chronological_pandas (void)
{
  /* pandas reference: n = int(len(X) * 0.8) */
  guint8 is_test[10];
  guint8 is_test_2[1234];

  g_assert_true (fl_split_holdout (FL_SPLIT_CHRONOLOGICAL, NULL, 10, 0.2, 0,
                                   is_test, NULL));
  for (gsize i = 0; i < 10; i++)
    g_assert_cmpint (is_test[i], ==, i >= 8);

  g_assert_true (fl_split_holdout (FL_SPLIT_CHRONOLOGICAL, NULL, 1234, 0.2,
                                   0, is_test_2, NULL));
  for (gsize i = 0; i < 1234; i++)
    g_assert_cmpint (is_test_2[i], ==, i >= 987);
}

static void
make_labels (guint8 *y,
             gsize   n,
             guint   every)
{
  for (gsize i = 0; i < n; i++)
    y[i] = (i % every) == 0;
}

static void
test_stratified (void)
{
  const gsize n = 503;
  const double fractions[] = { 0.2, 0.25, 0.33, 0.5, 0.7 };
  g_autofree guint8 *y = g_new (guint8, n);

  make_labels (y, n, 7);

  for (gsize f = 0; f < G_N_ELEMENTS (fractions); f++)
    {
      double tf = fractions[f];
      g_autofree guint8 *is_test = g_new (guint8, n);
      gsize count[2] = { 0, 0 }, test_count[2] = { 0, 0 };

      g_assert_true (fl_split_holdout (FL_SPLIT_RANDOM_STRATIFIED, y, n, tf,
                                       42, is_test, NULL));
      for (gsize i = 0; i < n; i++)
        {
          g_assert_true (is_test[i] == 0 || is_test[i] == 1);
          count[y[i]]++;
          test_count[y[i]] += is_test[i];
        }
      /* sklearn's test size, ceil (n × tf), shared out within one row per class */
      g_assert_cmpuint (test_count[0] + test_count[1], ==, (gsize) ceil (n * tf - 1e-9));
      for (guint c = 0; c < 2; c++)
        {
          double want = (double) count[c] * tf;

          g_assert_cmpfloat (fabs ((double) test_count[c] - want), <=, 1.0);
        }
    }
}

static void
test_stratified_seed (void)
{
  const gsize n = 400;
  g_autofree guint8 *y = g_new (guint8, n);
  g_autofree guint8 *a = g_new (guint8, n);
  g_autofree guint8 *b = g_new (guint8, n);
  g_autofree guint8 *c = g_new (guint8, n);
  g_autofree guint8 *y_copy = NULL;
  gboolean any_late_test = FALSE;

  make_labels (y, n, 4);
  y_copy = g_memdup2 (y, n);

  g_assert_true (fl_split_holdout (FL_SPLIT_RANDOM_STRATIFIED, y, n, 0.2, 7,
                                   a, NULL));
  g_assert_true (fl_split_holdout (FL_SPLIT_RANDOM_STRATIFIED, y, n, 0.2, 7,
                                   b, NULL));
  g_assert_true (fl_split_holdout (FL_SPLIT_RANDOM_STRATIFIED, y, n, 0.2,
                                   G_GUINT64_CONSTANT (7) << 32, c, NULL));
  g_assert_cmpmem (a, n, b, n);
  g_assert_true (memcmp (a, c, n) != 0);
  g_assert_cmpmem (y, n, y_copy, n);

  /* A random split is not the chronological one. */
  for (gsize i = 0; i < n * 8 / 10; i++)
    any_late_test |= a[i];
  g_assert_true (any_late_test);
}

static void
test_errors (void)
{
  const guint8 y[6] = { 0, 1, 0, 1, 0, 0 };
  guint8 is_test[6];
  const double bad[] = { 0.0, 1.0, -0.1, 1.5, NAN, INFINITY };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    for (int k = 0; k < 2; k++)
      {
        g_autoptr(GError) error = NULL;

        memset (is_test, 0xaa, sizeof is_test);
        g_assert_false (fl_split_holdout ((FlSplitKind) k, y, 6, bad[i], 1,
                                          is_test, &error));
        g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
        for (gsize j = 0; j < 6; j++)
          g_assert_cmpuint (is_test[j], ==, 0xaa);
      }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fl_split_holdout (FL_SPLIT_CHRONOLOGICAL, NULL, 0, 0.2,
                                      1, NULL, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  }
  {
    g_autoptr(GError) error = NULL;

    /* floor (1 × 0.8) = 0 training rows */
    g_assert_false (fl_split_holdout (FL_SPLIT_CHRONOLOGICAL, NULL, 1, 0.2,
                                      1, is_test, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  }
  {
    g_autoptr(GError) error = NULL;

    /* ceil (1 × 0.1) = 1 test row, no training */
    g_assert_false (fl_split_holdout (FL_SPLIT_RANDOM_STRATIFIED, y, 1, 0.1,
                                      1, is_test, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  }
  {
    g_autoptr(GError) error = NULL;

    /* ceil (6 × 0.9) = 6 test rows, no training */
    g_assert_false (fl_split_holdout (FL_SPLIT_RANDOM_STRATIFIED, y, 6, 0.9,
                                      1, is_test, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fl_split_holdout (FL_SPLIT_RANDOM_STRATIFIED, NULL, 6,
                                      0.5, 1, is_test, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fl_split_holdout ((FlSplitKind) 9, y, 6, 0.5, 1, is_test,
                                      &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/learn/split/kind-strings", test_kind_strings);
  g_test_add_func ("/learn/split/chronological", test_chronological);
  g_test_add_func ("/learn/split/chronological-pandas",
                   test_chronological_pandas);
  g_test_add_func ("/learn/split/stratified", test_stratified);
  g_test_add_func ("/learn/split/stratified-seed", test_stratified_seed);
  g_test_add_func ("/learn/split/errors", test_errors);

  return g_test_run ();
}
