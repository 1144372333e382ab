/* test-significance.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fl-error.h"
#include "fl-metrics.h"
#include "fl-significance.h"

static void
assert_close (double got,
              double want,
              double tol)
{
  if (!(fabs (got - want) <= tol * MAX (1.0, fabs (want))))
    g_error ("got %.17g, want %.17g", got, want);
}

/* Reference values printed by make-significance-fixtures.py (SciPy 1.10.1,
 * scipy.stats.t.sf; the last two columns are scipy.stats.ttest_rel, the
 * uncorrected paired t-test, i.e. test/train ratio 0). */
static const struct
{
  double a[10];
  double b[10];
  gsize k;
  double ratio, t, p, t0, p0;
} scipy_cases[] = {
  { { 0.41, 0.38, 0.45, 0.4, 0.43 },
    { 0.35, 0.36, 0.39, 0.37, 0.4 },
    5, 0.25, 3.1872762915583843, 0.033302749359632226, 4.780914437337577, 0.008769659458325587 },
  { { 0.1, 0.32, 0.05, 0.28, 0.15, 0.22, 0.09, 0.31, 0.12, 0.2 },
    { 0.12, 0.3, 0.08, 0.25, 0.18, 0.2, 0.1, 0.33, 0.11, 0.16 },
    10, 0.1111111111111111, 0.08366755206686662, 0.9351521944706171, 0.12156613477096641, 0.905913624129947 },
  { { 0.5, 0.7, 0.6 },
    { 0.6, 0.9, 0.8 },
    3, 0.5, -3.1622776601683777, 0.08712907082472321, -4.999999999999997, 0.03774955135062376 },
};

static void
test_ttest_scipy (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (scipy_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      FlCorrectedTTest t, t0;

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_true (fl_corrected_ttest (scipy_cases[i].a, scipy_cases[i].b, scipy_cases[i].k,
                                         scipy_cases[i].ratio, &t, &error));
      g_assert_no_error (error);
      assert_close (t.t, scipy_cases[i].t, 1e-10);
      assert_close (t.p_value, scipy_cases[i].p, 1e-9);
      g_assert_cmpfloat (t.df, ==, (double) scipy_cases[i].k - 1);
      g_assert_cmpuint (t.k, ==, scipy_cases[i].k);

      g_assert_true (fl_corrected_ttest (scipy_cases[i].a, scipy_cases[i].b, scipy_cases[i].k,
                                         0.0, &t0, &error));
      assert_close (t0.t, scipy_cases[i].t0, 1e-10);
      assert_close (t0.p_value, scipy_cases[i].p0, 1e-9);
      /* The correction only widens the variance. */
      g_assert_cmpfloat (t.p_value, >, t0.p_value);
    }
}

/* Case 0 by hand: d = (0.06, 0.02, 0.06, 0.03, 0.03), mean 0.04,
 * var = (3 · 0.02² + 2 · 0.01²) / 4 = 0.00035,
 * t = 0.04 / sqrt ((1/5 + 1/4) · 0.00035) = 0.04 / sqrt (0.0001575). */
static void
test_ttest_by_hand (void)
{
  FlCorrectedTTest t;

  g_assert_true (fl_corrected_ttest (scipy_cases[0].a, scipy_cases[0].b, 5, 0.25, &t, NULL));
  assert_close (t.mean_diff, 0.04, 1e-12);
  assert_close (t.var_diff, 0.00035, 1e-9);
  assert_close (t.t, 0.04 / sqrt (0.0001575), 1e-9);
  /* Swapping the arms flips the sign, not the p-value. */
  {
    FlCorrectedTTest s;

    g_assert_true (fl_corrected_ttest (scipy_cases[0].b, scipy_cases[0].a, 5, 0.25, &s, NULL));
    assert_close (s.t, -t.t, 1e-12);
    assert_close (s.p_value, t.p_value, 1e-12);
  }
}

static void
test_ttest_edges (void)
{
  static const double a[] = { 0.3, 0.4, 0.5, 0.6 };
  static const double b_same[] = { 0.3, 0.4, 0.5, 0.6 };
  static const double b_shift[] = { 0.2, 0.3, 0.4, 0.5 };
  static const double with_nan[] = { 0.2, NAN, 0.4, 0.5 };
  FlCorrectedTTest t;
  g_autoptr(GError) error = NULL;

  /* Identical arms: p = 1. */
  g_assert_true (fl_corrected_ttest (a, b_same, 4, 0.3, &t, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (t.p_value, ==, 1.0);
  g_assert_cmpfloat (t.t, ==, 0.0);

  /* Constant non-zero difference: var 0, p = 0. */
  g_assert_true (fl_corrected_ttest (a, b_shift, 4, 0.3, &t, &error));
  g_assert_cmpfloat (t.p_value, ==, 0.0);
  g_assert_true (isinf (t.t) && t.t > 0);
  g_assert_true (fl_corrected_ttest (b_shift, a, 4, 0.3, &t, &error));
  g_assert_true (isinf (t.t) && t.t < 0);

  /* k < 2. */
  g_assert_false (fl_corrected_ttest (a, b_shift, 1, 0.3, &t, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);
  g_assert_false (fl_corrected_ttest (NULL, NULL, 0, 0.3, &t, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);

  /* Bad inputs. */
  g_assert_false (fl_corrected_ttest (a, with_nan, 4, 0.3, &t, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_corrected_ttest (a, b_shift, 4, -0.1, &t, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_corrected_ttest (a, b_shift, 4, NAN, &t, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

/* A time-ordered test block: 400 rows, positives in runs of 4. */
static void
make_block (guint8 *y,
            float  *good,
            float  *noise,
            gsize   n,
            guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < n; i++)
    {
      y[i] = (i / 4) % 5 == 0;
      good[i] = (float) CLAMP ((y[i] ? 0.75 : 0.25) + g_rand_double_range (rand, -0.2, 0.2),
                               0.0, 1.0);
      noise[i] = (float) g_rand_double (rand);
    }
}

static void
test_bootstrap_identical (void)
{
  enum { N = 400 };
  guint8 y[N];
  float good[N], noise[N];
  FlBootstrapParams bp = { .n_resamples = 300, .seed = 7 };

  make_block (y, good, noise, N, 1);
  for (int m = 0; m < 2; m++)
    {
      FlPairedBootstrapResult r;
      g_autoptr(GError) error = NULL;

      g_assert_true (fl_paired_bootstrap (y, good, good, N, (FlPairedMetric) m, 0.5,
                                          &bp, &r, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (r.p_value, ==, 1.0);
      g_assert_cmpfloat (r.observed_diff, ==, 0.0);
      g_assert_cmpfloat (r.ci.lower, <=, 0.0);
      g_assert_cmpfloat (r.ci.upper, >=, 0.0);
      g_assert_cmpuint (r.n_valid, ==, 300);
      g_assert_cmpuint (r.block_len, ==, 8); /* ceil (400^(1/3)) = 8 */
    }
}

static void
test_bootstrap_different (void)
{
  enum { N = 400 };
  guint8 y[N];
  float good[N], noise[N];
  FlBootstrapParams bp = { .n_resamples = 500, .seed = 3 };
  FlPairedBootstrapResult r, s;

  make_block (y, good, noise, N, 2);

  /* AP: the informative scores against noise. */
  g_assert_true (fl_paired_bootstrap (y, good, noise, N, FL_PAIRED_AVERAGE_PRECISION, 0.5,
                                      &bp, &r, NULL));
  assert_close (r.observed_diff,
                fl_average_precision (y, good, N) - fl_average_precision (y, noise, N), 1e-12);
  g_assert_cmpfloat (r.observed_diff, >, 0.5);
  g_assert_cmpfloat (r.p_value, <=, 2.0 / 500);
  g_assert_cmpfloat (r.ci.lower, >, 0.0);
  g_assert_cmpfloat (r.mean_diff, >, r.ci.lower);
  g_assert_cmpfloat (r.mean_diff, <, r.ci.upper);

  /* Reversed arms: mirrored. */
  g_assert_true (fl_paired_bootstrap (y, noise, good, N, FL_PAIRED_AVERAGE_PRECISION, 0.5,
                                      &bp, &s, NULL));
  assert_close (s.observed_diff, -r.observed_diff, 1e-12);
  assert_close (s.ci.upper, -r.ci.lower, 1e-12);
  g_assert_cmpfloat (s.p_value, ==, r.p_value);
  g_assert_cmpint (fl_significance_mark (s.p_value, s.observed_diff, 0.05, TRUE), ==,
                   FL_SIGNIFICANCE_WORSE);

  /* F1 at 0.5. */
  g_assert_true (fl_paired_bootstrap (y, good, noise, N, FL_PAIRED_F1, 0.5, &bp, &r, NULL));
  g_assert_cmpfloat (r.observed_diff, >, 0.3);
  g_assert_cmpfloat (r.p_value, <, 0.01);
  g_assert_cmpint (fl_significance_mark (r.p_value, r.observed_diff, 0.05, TRUE), ==,
                   FL_SIGNIFICANCE_BETTER);
}

/* Two arms of pure noise: the test must reject at α = 0.05 rarely. The
 * percentile-bootstrap p-value is known to be somewhat liberal on small
 * blocks (in 200 simulated pairs of this kind, 6 % rejections for AP and 9 %
 * for F1); 40 pairs with at most 6 rejections (15 %) catches a broken
 * p-value (for example one ignoring the pairing, or a one-sided share)
 * without being flaky: the seeds are fixed. */
static void
test_bootstrap_null (void)
{
  enum { N = 400, PAIRS = 40 };
  guint8 y[N];
  float a[N], b[N];
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  guint rejected[2] = { 0, 0 };
  double p_sum = 0.0;

  for (guint t = 0; t < PAIRS; t++)
    {
      for (gsize i = 0; i < N; i++)
        {
          y[i] = (i / 4) % 5 == 0;
          a[i] = (float) g_rand_double (rand);
          b[i] = (float) g_rand_double (rand);
        }
      for (int m = 0; m < 2; m++)
        {
          FlBootstrapParams bp = { .n_resamples = 400, .seed = t };
          FlPairedBootstrapResult r;

          g_assert_true (fl_paired_bootstrap (y, a, b, N, (FlPairedMetric) m, 0.5, &bp, &r,
                                              NULL));
          rejected[m] += r.p_value < 0.05;
          /* The interval excludes 0 exactly when p is small. */
          if (r.ci.lower > 0.0 || r.ci.upper < 0.0)
            g_assert_cmpfloat (r.p_value, <=, 0.05 + 2.0 / 400);
          p_sum += r.p_value;
        }
    }
  g_test_message ("null: rejected AP %u/%u, F1 %u/%u, mean p %g", rejected[0], PAIRS,
                  rejected[1], PAIRS, p_sum / (2 * PAIRS));
  g_assert_cmpuint (rejected[0], <=, 6);
  g_assert_cmpuint (rejected[1], <=, 6);
  g_assert_cmpfloat (p_sum / (2 * PAIRS), >, 0.3);
}

static void
test_bootstrap_determinism (void)
{
  enum { N = 200 };
  guint8 y[N];
  float good[N], noise[N];
  FlBootstrapParams bp = { .n_resamples = 200, .seed = 5, .block_len = 6 };
  FlPairedBootstrapResult r1, r2, r3;

  make_block (y, good, noise, N, 6);
  for (gsize i = 0; i < N; i++)
    noise[i] = 0.7f * good[i] + 0.3f * noise[i];
  g_assert_true (fl_paired_bootstrap (y, good, noise, N, FL_PAIRED_AVERAGE_PRECISION, 0.5,
                                      &bp, &r1, NULL));
  g_assert_true (fl_paired_bootstrap (y, good, noise, N, FL_PAIRED_AVERAGE_PRECISION, 0.5,
                                      &bp, &r2, NULL));
  g_assert_cmpfloat (r1.mean_diff, ==, r2.mean_diff);
  g_assert_cmpfloat (r1.ci.lower, ==, r2.ci.lower);
  g_assert_cmpfloat (r1.ci.upper, ==, r2.ci.upper);
  g_assert_cmpfloat (r1.p_value, ==, r2.p_value);
  g_assert_cmpuint (r1.block_len, ==, 6);

  bp.seed = 6;
  g_assert_true (fl_paired_bootstrap (y, good, noise, N, FL_PAIRED_AVERAGE_PRECISION, 0.5,
                                      &bp, &r3, NULL));
  g_assert_cmpfloat (r3.observed_diff, ==, r1.observed_diff);
  g_assert_cmpfloat (r3.mean_diff, !=, r1.mean_diff);
}

static void
test_bootstrap_errors (void)
{
  guint8 y[] = { 0, 0, 0, 0 };
  float a[] = { 0.1f, 0.2f, 0.3f, 0.4f };
  float b[] = { 0.1f, NAN, 0.3f, 0.4f };
  FlBootstrapParams bp = { .block_len = 5 };
  FlPairedBootstrapResult r;
  g_autoptr(GError) error = NULL;

  g_assert_false (fl_paired_bootstrap (y, a, a, 4, FL_PAIRED_AVERAGE_PRECISION, 0.5, NULL,
                                       &r, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);
  g_assert_false (fl_paired_bootstrap (y, a, a, 0, FL_PAIRED_F1, 0.5, NULL, &r, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);
  g_assert_false (fl_paired_bootstrap (y, a, b, 4, FL_PAIRED_F1, 0.5, NULL, &r, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_paired_bootstrap (y, a, a, 4, FL_PAIRED_F1, 0.5, &bp, &r, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_paired_bootstrap (y, a, a, 4, FL_PAIRED_F1, NAN, NULL, &r, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  /* F1 without positives is defined (0 for both): p = 1. */
  g_assert_true (fl_paired_bootstrap (y, a, a, 4, FL_PAIRED_F1, 0.5, NULL, &r, &error));
  g_assert_cmpfloat (r.p_value, ==, 1.0);
}

static void
test_marks (void)
{
  g_assert_cmpint (fl_significance_mark (0.01, 0.1, 0.05, TRUE), ==, FL_SIGNIFICANCE_BETTER);
  g_assert_cmpint (fl_significance_mark (0.01, -0.1, 0.05, TRUE), ==, FL_SIGNIFICANCE_WORSE);
  g_assert_cmpint (fl_significance_mark (0.01, 0.1, 0.05, FALSE), ==, FL_SIGNIFICANCE_WORSE);
  g_assert_cmpint (fl_significance_mark (0.01, -0.1, 0.05, FALSE), ==, FL_SIGNIFICANCE_BETTER);
  g_assert_cmpint (fl_significance_mark (0.05, 0.1, 0.05, TRUE), ==, FL_SIGNIFICANCE_NONE);
  g_assert_cmpint (fl_significance_mark (0.2, 0.1, 0.05, TRUE), ==, FL_SIGNIFICANCE_NONE);
  g_assert_cmpint (fl_significance_mark (NAN, 0.1, 0.05, TRUE), ==, FL_SIGNIFICANCE_NONE);
  g_assert_cmpint (fl_significance_mark (0.0, 0.0, 0.05, TRUE), ==, FL_SIGNIFICANCE_NONE);
  g_assert_cmpint (fl_significance_mark (0.01, 0.1, 0.0, TRUE), ==, FL_SIGNIFICANCE_NONE);
  g_assert_cmpstr (fl_significance_to_marker (FL_SIGNIFICANCE_BETTER), ==, "v");
  g_assert_cmpstr (fl_significance_to_marker (FL_SIGNIFICANCE_WORSE), ==, "*");
  g_assert_cmpstr (fl_significance_to_marker (FL_SIGNIFICANCE_NONE), ==, "");

  /* From the t-test: case 0 is significant at 0.05, case 2 (worse) only
   * without the correction. */
  {
    FlCorrectedTTest t;

    g_assert_true (fl_corrected_ttest (scipy_cases[0].a, scipy_cases[0].b, 5, 0.25, &t, NULL));
    g_assert_cmpint (fl_significance_mark (t.p_value, t.mean_diff, 0.05, TRUE), ==,
                     FL_SIGNIFICANCE_BETTER);
    g_assert_true (fl_corrected_ttest (scipy_cases[2].a, scipy_cases[2].b, 3, 0.5, &t, NULL));
    g_assert_cmpint (fl_significance_mark (t.p_value, t.mean_diff, 0.05, TRUE), ==,
                     FL_SIGNIFICANCE_NONE);
    g_assert_true (fl_corrected_ttest (scipy_cases[2].a, scipy_cases[2].b, 3, 0.0, &t, NULL));
    g_assert_cmpint (fl_significance_mark (t.p_value, t.mean_diff, 0.05, TRUE), ==,
                     FL_SIGNIFICANCE_WORSE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/significance/ttest/scipy", test_ttest_scipy);
  g_test_add_func ("/significance/ttest/by-hand", test_ttest_by_hand);
  g_test_add_func ("/significance/ttest/edges", test_ttest_edges);
  g_test_add_func ("/significance/bootstrap/identical", test_bootstrap_identical);
  g_test_add_func ("/significance/bootstrap/different", test_bootstrap_different);
  g_test_add_func ("/significance/bootstrap/null", test_bootstrap_null);
  g_test_add_func ("/significance/bootstrap/determinism", test_bootstrap_determinism);
  g_test_add_func ("/significance/bootstrap/errors", test_bootstrap_errors);
  g_test_add_func ("/significance/marks", test_marks);

  return g_test_run ();
}
