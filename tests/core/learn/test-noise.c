/* test-noise.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-noise.h"

/* n rows, 3 columns: column 0 ~ 50 + 10·u, column 1 = 2·i, column 2
 * constant 7, with a NaN every 97th row in column 0. */
static double *
make_rows (gsize n)
{
  double *X = g_new (double, n * 3);
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  for (gsize i = 0; i < n; i++)
    {
      X[i * 3] = i % 97 == 5 ? NAN : 50.0 + 10.0 * g_rand_double (rand);
      X[i * 3 + 1] = 2.0 * (double) i;
      X[i * 3 + 2] = 7.0;
    }
  return X;
}

static double
column_sd (const double *X, gsize n, gsize d, gsize j)
{
  double sum = 0.0, sq = 0.0;
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (X[i * d + j]))
      {
        sum += X[i * d + j];
        m++;
      }
  for (gsize i = 0; i < n; i++)
    if (isfinite (X[i * d + j]))
      sq += (X[i * d + j] - sum / m) * (X[i * d + j] - sum / m);
  return sqrt (sq / (m - 1));
}

static void
test_gaussian_sigma (void)
{
  const gsize n = 20000;
  g_autofree double *X = make_rows (n);
  g_autofree double *J = NULL;
  g_autofree double *E = g_new (double, n * 3);
  g_autoptr(GError) error = NULL;
  double level = 0.05;

  J = fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, level, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (J);
  for (gsize i = 0; i < n * 3; i++)
    E[i] = J[i] - X[i];

  /* The noise's σ is level × the column's σ (20000 draws: relative error of
   * the sample σ ≈ 1/√(2·20000) = 0.5 %, so 3 % is > 5 standard errors). */
  for (gsize j = 0; j < 2; j++)
    {
      double want = level * column_sd (X, n, 3, j);
      double got = column_sd (E, n, 3, j);

      g_test_message ("column %" G_GSIZE_FORMAT ": noise σ %g, want %g", j, got, want);
      g_assert_cmpfloat (fabs (got - want), <, 0.03 * want);
    }
  /* Constant column: σ 0, no jitter. NaN stays NaN. */
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (J[i * 3 + 2], ==, 7.0);
      g_assert_true (isnan (X[i * 3]) == isnan (J[i * 3]));
    }
}

static void
test_multiplicative_sigma (void)
{
  const gsize n = 20000;
  g_autofree double *X = make_rows (n);
  g_autofree double *J = NULL;
  g_autofree double *R = g_new (double, n);
  gsize m = 0;
  double sum = 0.0, sq = 0.0, sd;

  J = fl_noise_jitter (X, n, 3, FL_JITTER_MULTIPLICATIVE, 0.1, 2, NULL);
  g_assert_nonnull (J);
  /* (x' / x − 1) on column 2 (x = 7 everywhere) ~ N(0, 0.1²). */
  for (gsize i = 0; i < n; i++)
    R[m++] = J[i * 3 + 2] / 7.0 - 1.0;
  for (gsize i = 0; i < m; i++)
    sum += R[i];
  for (gsize i = 0; i < m; i++)
    sq += (R[i] - sum / m) * (R[i] - sum / m);
  sd = sqrt (sq / (m - 1));
  g_test_message ("multiplicative: relative σ %g, mean %g", sd, sum / m);
  g_assert_cmpfloat (fabs (sd - 0.1), <, 0.003);
  g_assert_cmpfloat (fabs (sum / m), <, 0.003);
  /* Row 0 of column 1 is 0: stays 0. */
  g_assert_cmpfloat (J[1], ==, 0.0);
  for (gsize i = 0; i < n; i++)
    g_assert_true (isnan (X[i * 3]) == isnan (J[i * 3]));
}

static void
test_jitter_determinism (void)
{
  const gsize n = 500;
  g_autofree double *X = make_rows (n);
  g_autofree double *A = fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, 0.2, 42, NULL);
  g_autofree double *B = fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, 0.2, 42, NULL);
  g_autofree double *C = fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, 0.2, 43, NULL);
  /* Seeds that differ only in the high 32 bits differ too. */
  g_autofree double *D = fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, 0.2,
                                          42 + (G_GUINT64_CONSTANT (1) << 32), NULL);
  gsize n_diff = 0, n_diff_hi = 0;

  for (gsize i = 0; i < n * 3; i++)
    {
      if (isnan (A[i]))
        g_assert_true (isnan (B[i]));
      else
        g_assert_cmpfloat (A[i], ==, B[i]);
      n_diff += !isnan (A[i]) && A[i] != C[i];
      n_diff_hi += !isnan (A[i]) && A[i] != D[i];
    }
  g_assert_cmpuint (n_diff, >, n);
  g_assert_cmpuint (n_diff_hi, >, n);
}

static void
test_level_zero (void)
{
  const gsize n = 300;
  g_autofree double *X = make_rows (n);
  g_autofree guint8 *y = g_new (guint8, n);
  g_autofree double *J = fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, 0.0, 1, NULL);
  g_autofree double *M = fl_noise_jitter (X, n, 3, FL_JITTER_MULTIPLICATIVE, 0.0, 1, NULL);
  g_autofree double *N = fl_noise_jitter (X, n, 3, FL_JITTER_NONE, 0.5, 1, NULL);
  g_autofree guint8 *f = NULL;
  gsize flipped = 99;

  for (gsize i = 0; i < n; i++)
    y[i] = i % 7 == 0;
  g_assert_cmpmem (J, n * 3 * sizeof (double), X, n * 3 * sizeof (double));
  g_assert_cmpmem (M, n * 3 * sizeof (double), X, n * 3 * sizeof (double));
  g_assert_cmpmem (N, n * 3 * sizeof (double), X, n * 3 * sizeof (double));
  f = fl_noise_flip_labels (y, n, FL_FLIP_SYMMETRIC, 0.0, 1, &flipped, NULL);
  g_assert_cmpmem (f, n, y, n);
  g_assert_cmpuint (flipped, ==, 0);
  g_clear_pointer (&f, g_free);
  f = fl_noise_flip_labels (y, n, FL_FLIP_NONE, 0.3, 1, &flipped, NULL);
  g_assert_cmpmem (f, n, y, n);
}

static void
test_flip_counts (void)
{
  const gsize n = 1003;
  g_autofree guint8 *y = g_new (guint8, n);
  gsize n_pos = 0;
  static const double shares[] = { 0.01, 0.05, 0.1, 0.333, 0.5, 1.0 };

  for (gsize i = 0; i < n; i++)
    {
      y[i] = (i / 5) % 9 == 0;
      n_pos += y[i];
    }

  for (gsize s = 0; s < G_N_ELEMENTS (shares); s++)
    {
      g_autofree guint8 *sym = NULL;
      g_autofree guint8 *pos = NULL;
      gsize flipped, changed = 0, changed_pos = 0;

      sym = fl_noise_flip_labels (y, n, FL_FLIP_SYMMETRIC, shares[s], 9, &flipped, NULL);
      for (gsize i = 0; i < n; i++)
        changed += sym[i] != y[i];
      g_assert_cmpuint (flipped, ==, (gsize) round (shares[s] * n));
      g_assert_cmpuint (changed, ==, flipped);

      pos = fl_noise_flip_labels (y, n, FL_FLIP_POSITIVES, shares[s], 9, &flipped, NULL);
      for (gsize i = 0; i < n; i++)
        {
          if (pos[i] != y[i])
            {
              /* Only positives change, and only to 0. */
              g_assert_cmpuint (y[i], ==, 1);
              g_assert_cmpuint (pos[i], ==, 0);
              changed_pos++;
            }
        }
      g_assert_cmpuint (flipped, ==, (gsize) round (shares[s] * n_pos));
      g_assert_cmpuint (changed_pos, ==, flipped);
    }

  /* By hand: 10 rows, share 0.25 → round (2.5) = 3 flips. */
  {
    guint8 y10[10] = { 0 };
    g_autofree guint8 *f = fl_noise_flip_labels (y10, 10, FL_FLIP_SYMMETRIC, 0.25, 1, NULL,
                                                 NULL);
    guint ones = 0;

    for (int i = 0; i < 10; i++)
      ones += f[i];
    g_assert_cmpuint (ones, ==, 3);
  }
}

static void
test_flip_determinism (void)
{
  const gsize n = 800;
  g_autofree guint8 *y = g_new (guint8, n);
  g_autofree guint8 *a = NULL;
  g_autofree guint8 *b = NULL;
  g_autofree guint8 *c = NULL;

  for (gsize i = 0; i < n; i++)
    y[i] = i % 3 == 0;
  a = fl_noise_flip_labels (y, n, FL_FLIP_SYMMETRIC, 0.1, 5, NULL, NULL);
  b = fl_noise_flip_labels (y, n, FL_FLIP_SYMMETRIC, 0.1, 5, NULL, NULL);
  c = fl_noise_flip_labels (y, n, FL_FLIP_SYMMETRIC, 0.1, 6, NULL, NULL);
  g_assert_cmpmem (a, n, b, n);
  g_assert_true (memcmp (a, c, n) != 0);
}

static void
test_apply_and_errors (void)
{
  const gsize n = 400;
  g_autofree double *X = make_rows (n);
  g_autofree guint8 *y = g_new (guint8, n);
  g_autofree double *Xo = NULL;
  g_autofree guint8 *yo = NULL;
  g_autofree double *J = NULL;
  g_autofree guint8 *f = NULL;
  FlNoiseParams p = { FL_JITTER_GAUSSIAN, 0.1, FL_FLIP_POSITIVES, 0.5, 77 };
  g_autoptr(GError) error = NULL;
  gsize flipped;
  FlJitterKind jk;
  FlFlipKind fk;

  for (gsize i = 0; i < n; i++)
    y[i] = i % 4 == 0;
  g_assert_true (fl_noise_apply (&p, X, y, n, 3, &Xo, &yo, &flipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (flipped, ==, 50);
  /* Same as the two functions with the same seed. */
  J = fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, 0.1, 77, NULL);
  f = fl_noise_flip_labels (y, n, FL_FLIP_POSITIVES, 0.5, 77, NULL, NULL);
  g_assert_cmpmem (Xo, n * 3 * sizeof (double), J, n * 3 * sizeof (double));
  g_assert_cmpmem (yo, n, f, n);

  g_assert_null (fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, -0.1, 1, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fl_noise_jitter (X, n, 3, FL_JITTER_GAUSSIAN, NAN, 1, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fl_noise_flip_labels (y, n, FL_FLIP_SYMMETRIC, 1.5, 1, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  p.flip_share = -1.0;
  g_clear_pointer (&Xo, g_free);
  g_assert_false (fl_noise_apply (&p, X, y, n, 3, &Xo, NULL, &flipped, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_null (Xo);

  g_assert_true (fl_jitter_kind_from_string ("multiplicative", &jk));
  g_assert_cmpint (jk, ==, FL_JITTER_MULTIPLICATIVE);
  g_assert_true (fl_flip_kind_from_string ("positives", &fk));
  g_assert_cmpint (fk, ==, FL_FLIP_POSITIVES);
  g_assert_false (fl_flip_kind_from_string ("bogus", &fk));
  g_assert_cmpstr (fl_jitter_kind_to_string (FL_JITTER_GAUSSIAN), ==, "gaussian");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/noise/jitter/gaussian-sigma", test_gaussian_sigma);
  g_test_add_func ("/noise/jitter/multiplicative-sigma", test_multiplicative_sigma);
  g_test_add_func ("/noise/jitter/determinism", test_jitter_determinism);
  g_test_add_func ("/noise/level-zero", test_level_zero);
  g_test_add_func ("/noise/flip/counts", test_flip_counts);
  g_test_add_func ("/noise/flip/determinism", test_flip_determinism);
  g_test_add_func ("/noise/apply", test_apply_and_errors);

  return g_test_run ();
}
