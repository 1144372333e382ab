/* test-cv.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fl-cv.h"
#include "fl-error.h"

#define N 1000

static double ts[N];
static guint8 y[N];

static void
make_rows (void)
{
  /* one row a minute for ~16.7 h starting at midnight, an event every 100 rows */
  for (gsize i = 0; i < N; i++)
    {
      ts[i] = 1700006400.0 + 60.0 * i;   /* 2023-11-15 00:00 UTC */
      y[i] = (i % 100) >= 95;
    }
}

static gsize
idx (GArray *a,
     guint   k)
{
  return g_array_index (a, gsize, k);
}

/* Every training row lies before the test block by more than the purge gap
 * (or after it, for grouped kinds), train and test never overlap. */
static void
check_fold (const FlFold *f,
            double        purge,
            gboolean      both_sides)
{
  g_autoptr(GHashTable) test = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (f->train->len, >, 0);
  g_assert_cmpuint (f->test->len, >, 0);
  for (guint k = 0; k < f->test->len; k++)
    g_hash_table_add (test, GSIZE_TO_POINTER (idx (f->test, k) + 1));
  for (guint k = 0; k < f->train->len; k++)
    {
      gsize i = idx (f->train, k);

      g_assert_false (g_hash_table_contains (test, GSIZE_TO_POINTER (i + 1)));
      if (!both_sides)
        g_assert_cmpfloat (ts[i], <=, f->test_start_s - purge);
      else
        g_assert_true (ts[i] <= f->test_start_s - purge || ts[i] >= f->test_end_s + purge);
    }
  for (guint k = 0; k < f->valid->len; k++)
    g_assert_cmpfloat (ts[idx (f->valid, k)], >, f->train_end_s);
}

static void
test_holdout_purge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folds = NULL;
  FlCvParams p;
  FlFold *f;

  make_rows ();
  fl_cv_params_init_default (&p);
  p.purge_s = 65 * 60;
  folds = fl_cv_folds (&p, ts, y, N, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folds->len, ==, 1);
  f = g_ptr_array_index (folds, 0);
  g_assert_cmpuint (f->test->len, ==, 200);
  /* the 64 rows less than 65 min before the test block are dropped */
  g_assert_cmpuint (f->n_purged, ==, 64);
  g_assert_cmpuint (f->train->len, ==, 800 - 64);
  check_fold (f, p.purge_s, FALSE);
}

static void
test_expanding_sliding (void)
{
  FlCvParams p;

  make_rows ();
  fl_cv_params_init_default (&p);
  p.purge_s = 600;
  p.n_folds = 4;
  for (int kind = FL_CV_EXPANDING; kind <= FL_CV_SLIDING; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) folds = NULL;
      gsize last_train = 0;

      p.kind = kind;
      folds = fl_cv_folds (&p, ts, y, N, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (folds->len, ==, 4);
      for (guint i = 0; i < folds->len; i++)
        {
          FlFold *f = g_ptr_array_index (folds, i);

          check_fold (f, p.purge_s, FALSE);
          g_assert_cmpuint (f->test->len, ==, i + 1 < 4 ? 200 : 200);
          if (kind == FL_CV_EXPANDING)
            {
              g_assert_cmpuint (f->train->len, >, last_train);
              g_assert_cmpuint (idx (f->train, 0), ==, 0);
            }
          else
            g_assert_cmpuint (f->train->len, ==, 200 - 9);   /* rows in (start − 10 min, start) */
          last_train = f->train->len;
        }
    }
}

static void
test_grouped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folds = NULL;
  FlCvParams p;
  gsize tested = 0;

  make_rows ();
  fl_cv_params_init_default (&p);
  p.kind = FL_CV_GROUP_EVENT;
  p.n_folds = 5;
  p.purge_s = 300;
  folds = fl_cv_folds (&p, ts, y, N, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folds->len, ==, 5);
  for (guint i = 0; i < folds->len; i++)
    {
      FlFold *f = g_ptr_array_index (folds, i);

      check_fold (f, p.purge_s, TRUE);
      tested += f->test->len;
    }
  /* every row is tested exactly once */
  g_assert_cmpuint (tested, ==, N);

  p.kind = FL_CV_GROUP_DAY;
  g_clear_pointer (&folds, g_ptr_array_unref);
  folds = fl_cv_folds (&p, ts, y, N, &error);
  /* all rows fall on one day */
  g_assert_null (folds);
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
}

static void
test_random_kfold_and_validation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folds = NULL;
  FlCvParams p;

  make_rows ();
  fl_cv_params_init_default (&p);
  p.kind = FL_CV_RANDOM_KFOLD;
  p.n_folds = 5;
  folds = fl_cv_folds (&p, ts, y, N, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < folds->len; i++)
    {
      FlFold *f = g_ptr_array_index (folds, i);
      gsize pos = 0;

      g_assert_cmpuint (f->test->len, ==, 200);
      for (guint k = 0; k < f->test->len; k++)
        pos += y[idx (f->test, k)];
      g_assert_cmpuint (pos, ==, 10);   /* stratified: 50 positives / 5 */
    }
  g_assert_true (fl_cv_kind_is_random (p.kind));

  /* validation rows are the last training rows, after a purge gap */
  g_clear_pointer (&folds, g_ptr_array_unref);
  fl_cv_params_init_default (&p);
  p.validation_fraction = 0.25;
  p.purge_s = 600;
  folds = fl_cv_folds (&p, ts, y, N, &error);
  g_assert_no_error (error);
  {
    FlFold *f = g_ptr_array_index (folds, 0);

    g_assert_cmpuint (f->valid->len, >, 150);
    g_assert_cmpfloat (ts[idx (f->train, f->train->len - 1)], <=,
                       ts[idx (f->valid, 0)] - p.purge_s);
    check_fold (f, p.purge_s, FALSE);
  }
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  FlCvParams p;
  double bad[] = { 3, 2, 1, 0 };
  guint8 yy[] = { 0, 1, 0, 1 };

  fl_cv_params_init_default (&p);
  g_assert_null (fl_cv_folds (&p, bad, yy, 4, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  make_rows ();
  p.purge_s = 1e9;
  g_assert_null (fl_cv_folds (&p, ts, y, N, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/learn/cv/holdout-purge", test_holdout_purge);
  g_test_add_func ("/learn/cv/expanding-sliding", test_expanding_sliding);
  g_test_add_func ("/learn/cv/grouped", test_grouped);
  g_test_add_func ("/learn/cv/random-kfold-validation", test_random_kfold_and_validation);
  g_test_add_func ("/learn/cv/errors", test_errors);
  return g_test_run ();
}
