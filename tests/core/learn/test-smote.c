/* test-smote.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-smote.h"

typedef struct
{
  double *X;
  guint8 *y;
  gsize   n;
  gsize   d;
} Dataset;

static void
dataset_clear (Dataset *ds)
{
  g_clear_pointer (&ds->X, g_free);
  g_clear_pointer (&ds->y, g_free);
}

/* n_maj rows of label maj_label, n_min rows of the other label, interleaved
 * in "time"; columns on very different scales so that standardisation
 * matters; nan_rate of the cells are NaN. `extra` sentinel rows follow the
 * n rows in the buffers (they must never be read or written). */
static void
dataset_make (Dataset *ds,
              gsize    n_maj,
              gsize    n_min,
              gsize    d,
              guint8   min_label,
              double   nan_rate,
              gsize    extra,
              guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize n = n_maj + n_min;
  gsize placed_min = 0;

  ds->n = n;
  ds->d = d;
  ds->X = g_new (double, (n + extra) * d);
  ds->y = g_new (guint8, n + extra);

  for (gsize i = 0; i < n; i++)
    {
      gboolean is_min = placed_min < n_min
                        && (i * n_min) / n >= placed_min;

      if (is_min)
        placed_min++;
      ds->y[i] = is_min ? min_label : !min_label;
      for (gsize c = 0; c < d; c++)
        {
          double scale = pow (10.0, (double) ((int) (c % 5) * 2 - 4));
          double shift = is_min ? 0.7 : 0.0;
          double v = (g_rand_double (rand) + shift) * scale;

          if (nan_rate > 0.0 && g_rand_double (rand) < nan_rate)
            v = NAN;
          ds->X[i * d + c] = v;
        }
    }
  g_assert_cmpuint (placed_min, ==, n_min);

  for (gsize i = n; i < n + extra; i++)
    {
      ds->y[i] = 0xee;
      for (gsize c = 0; c < d; c++)
        ds->X[i * d + c] = -12345.0;
    }
}

/* Independent reference: two-pass NaN-aware z-scores over all rows. */
static double *
reference_standardise (const Dataset *ds)
{
  double *Z = g_new (double, ds->n * ds->d);

  for (gsize c = 0; c < ds->d; c++)
    {
      double sum = 0.0, ss = 0.0, mean, sd;
      gsize cnt = 0;

      for (gsize i = 0; i < ds->n; i++)
        if (!isnan (ds->X[i * ds->d + c]))
          {
            sum += ds->X[i * ds->d + c];
            cnt++;
          }
      mean = cnt > 0 ? sum / (double) cnt : 0.0;
      for (gsize i = 0; i < ds->n; i++)
        if (!isnan (ds->X[i * ds->d + c]))
          ss += pow (ds->X[i * ds->d + c] - mean, 2);
      sd = cnt > 1 ? sqrt (ss / (double) (cnt - 1)) : NAN;
      if (isnan (sd) || sd == 0.0)
        sd = 1.0;
      for (gsize i = 0; i < ds->n; i++)
        Z[i * ds->d + c] = (ds->X[i * ds->d + c] - mean) / sd;
    }

  return Z;
}

static double
reference_dist (const double *Z,
                gsize         d,
                gsize         a,
                gsize         b)
{
  double sum = 0.0;
  gsize present = 0;

  for (gsize c = 0; c < d; c++)
    {
      double u = Z[a * d + c], v = Z[b * d + c];

      if (isnan (u) || isnan (v))
        continue;
      sum += (u - v) * (u - v);
      present++;
    }
  if (present == 0)
    return INFINITY;
  return sqrt (sum * (double) d / (double) present);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  double *X;
  guint8 *y;
  gsize   n;
  gsize  *parents;
  double *gaps;
} Resampled;

static void
resampled_clear (Resampled *r)
{
  g_clear_pointer (&r->X, g_free);
  g_clear_pointer (&r->y, g_free);
  g_clear_pointer (&r->parents, g_free);
  g_clear_pointer (&r->gaps, g_free);
}

static gsize
count_label (const guint8 *y,
             gsize         n,
             guint8        label)
{
  gsize cnt = 0;

  for (gsize i = 0; i < n; i++)
    cnt += y[i] == label;
  return cnt;
}

/* Checks every documented property of a successful resampling. */
static void
check_resampled (const Dataset       *ds,
                 const FlSmoteParams *params,
                 guint8               min_label,
                 const Resampled     *r)
{
  gsize d = ds->d;
  gsize n_min = count_label (ds->y, ds->n, min_label);
  gsize n_maj = ds->n - n_min;
  gsize want_synth = 0;
  double target = round (params->sampling_ratio * (double) n_maj);
  g_autofree double *Z = reference_standardise (ds);
  g_autofree double *dists = g_new (double, ds->n);

  if (target > (double) n_min)
    want_synth = (gsize) target - n_min;

  g_assert_cmpuint (r->n, ==, ds->n + want_synth);
  g_assert_cmpuint (count_label (r->y, r->n, min_label), ==,
                    n_min + want_synth);

  /* The input rows come first, bit-identical (NaN included). */
  g_assert_cmpmem (r->X, ds->n * d * sizeof (double),
                   ds->X, ds->n * d * sizeof (double));
  g_assert_cmpmem (r->y, ds->n, ds->y, ds->n);

  if (want_synth == 0)
    {
      g_assert_null (r->parents);
      g_assert_null (r->gaps);
      return;
    }
  g_assert_nonnull (r->parents);
  g_assert_nonnull (r->gaps);

  for (gsize s = 0; s < want_synth; s++)
    {
      gsize i = r->parents[2 * s], j = r->parents[2 * s + 1];
      double u = r->gaps[s];
      const double *xn = r->X + (ds->n + s) * d;
      const double *xi = ds->X + i * d;
      const double *xj = ds->X + j * d;
      gsize m = 0;
      double kth, dij;

      g_assert_cmpuint (r->y[ds->n + s], ==, min_label);
      g_assert_cmpuint (i, <, ds->n);
      g_assert_cmpuint (j, <, ds->n);
      g_assert_cmpuint (i, !=, j);
      g_assert_cmpuint (ds->y[i], ==, min_label);
      g_assert_cmpuint (ds->y[j], ==, min_label);
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);

      /* On the segment between the parents. */
      for (gsize c = 0; c < d; c++)
        {
          if (isnan (xi[c]) || isnan (xj[c]))
            {
              g_assert_true (isnan (xn[c]));
              continue;
            }
          g_assert_false (isnan (xn[c]));
          g_assert_cmpfloat_with_epsilon (xn[c] - xi[c], u * (xj[c] - xi[c]),
                                          1e-9 * MAX (1.0, fabs (xi[c])
                                                           + fabs (xj[c])));
        }

      /* j is among i's k nearest minority neighbours (brute force). */
      for (gsize b = 0; b < ds->n; b++)
        if (b != i && ds->y[b] == min_label)
          dists[m++] = reference_dist (Z, d, i, b);
      g_assert_cmpuint (m, ==, n_min - 1);
      qsort (dists, m, sizeof (double), cmp_double);
      kth = dists[params->k_neighbors - 1];
      dij = reference_dist (Z, d, i, j);
      if (isinf (kth))
        continue;
      g_assert_cmpfloat (dij, <=, kth * (1.0 + 1e-9) + 1e-12);
    }
}

static gboolean
run_smote (const Dataset       *ds,
           const FlSmoteParams *params,
           Resampled           *r,
           GError             **error)
{
  memset (r, 0, sizeof *r);
  return fl_smote_resample (ds->X, ds->y, ds->n, ds->d, params,
                            &r->X, &r->y, &r->n, &r->parents, &r->gaps,
                            error);
}

static void
test_defaults (void)
{
  FlSmoteParams p;

  memset (&p, 0xff, sizeof p);
  fl_smote_params_init_default (&p);
  g_assert_cmpuint (p.k_neighbors, ==, 5);
  g_assert_cmpuint (p.seed, ==, 42);
  g_assert_cmpfloat (p.sampling_ratio, ==, 1.0);
}

static void
test_balanced (void)
{
  Dataset ds = { 0 };
  Resampled r;
  FlSmoteParams p;
  const gsize extra = 7;
  g_autofree double *X_copy = NULL;
  g_autofree guint8 *y_copy = NULL;
  g_autoptr(GError) error = NULL;

  fl_smote_params_init_default (&p);
  dataset_make (&ds, 180, 23, 6, 1, 0.0, extra, 1);
  X_copy = g_memdup2 (ds.X, (ds.n + extra) * ds.d * sizeof (double));
  y_copy = g_memdup2 (ds.y, ds.n + extra);

  g_assert_true (run_smote (&ds, &p, &r, &error));
  g_assert_no_error (error);
  check_resampled (&ds, &p, 1, &r);
  g_assert_cmpuint (count_label (r.y, r.n, 1), ==, 180);
  g_assert_cmpuint (count_label (r.y, r.n, 0), ==, 180);

  /* Input (and the rows beyond the given n) untouched. */
  g_assert_cmpmem (ds.X, (ds.n + extra) * ds.d * sizeof (double),
                   X_copy, (ds.n + extra) * ds.d * sizeof (double));
  g_assert_cmpmem (ds.y, ds.n + extra, y_copy, ds.n + extra);

  resampled_clear (&r);
  dataset_clear (&ds);
}

static void
test_ratio (void)
{
  const double ratios[] = { 0.5, 0.33, 0.75, 1.0 };

  for (gsize t = 0; t < G_N_ELEMENTS (ratios); t++)
    {
      Dataset ds = { 0 };
      Resampled r;
      FlSmoteParams p;

      fl_smote_params_init_default (&p);
      p.sampling_ratio = ratios[t];
      p.k_neighbors = 3;
      dataset_make (&ds, 301, 17, 4, 1, 0.0, 0, (guint32) (2 + t));
      g_assert_true (run_smote (&ds, &p, &r, NULL));
      check_resampled (&ds, &p, 1, &r);
      g_assert_cmpuint (count_label (r.y, r.n, 1), ==,
                        (gsize) round (ratios[t] * 301));
      g_assert_cmpuint (count_label (r.y, r.n, 0), ==, 301);
      resampled_clear (&r);
      dataset_clear (&ds);
    }
}

static void
test_minority_zero_label (void)
{
  /* Label 0 is the rarer class here. */
  Dataset ds = { 0 };
  Resampled r;
  FlSmoteParams p;

  fl_smote_params_init_default (&p);
  dataset_make (&ds, 90, 12, 3, 0, 0.0, 0, 3);
  g_assert_true (run_smote (&ds, &p, &r, NULL));
  check_resampled (&ds, &p, 0, &r);
  g_assert_cmpuint (count_label (r.y, r.n, 0), ==, 90);
  resampled_clear (&r);
  dataset_clear (&ds);
}

static void
test_nothing_to_generate (void)
{
  /* round (0.1 × 90) = 9 < 12 minority rows: copy only, no k check. */
  Dataset ds = { 0 };
  Resampled r;
  FlSmoteParams p;

  fl_smote_params_init_default (&p);
  p.sampling_ratio = 0.1;
  p.k_neighbors = 50;
  dataset_make (&ds, 90, 12, 3, 1, 0.0, 0, 4);
  g_assert_true (run_smote (&ds, &p, &r, NULL));
  check_resampled (&ds, &p, 1, &r);
  g_assert_cmpuint (r.n, ==, ds.n);
  resampled_clear (&r);
  dataset_clear (&ds);
}

static void
test_nan (void)
{
  Dataset ds = { 0 };
  Resampled r;
  FlSmoteParams p;
  gsize nan_synth = 0;
  g_autofree double *X_copy = NULL;

  fl_smote_params_init_default (&p);
  dataset_make (&ds, 150, 40, 5, 1, 0.2, 0, 5);
  /* A column that is entirely NaN and a constant column (std 0). */
  for (gsize i = 0; i < ds.n; i++)
    {
      ds.X[i * ds.d + 0] = NAN;
      ds.X[i * ds.d + 1] = 3.0;
    }
  X_copy = g_memdup2 (ds.X, ds.n * ds.d * sizeof (double));

  g_assert_true (run_smote (&ds, &p, &r, NULL));
  check_resampled (&ds, &p, 1, &r);
  g_assert_cmpmem (ds.X, ds.n * ds.d * sizeof (double),
                   X_copy, ds.n * ds.d * sizeof (double));
  for (gsize s = ds.n; s < r.n; s++)
    {
      g_assert_true (isnan (r.X[s * ds.d + 0]));
      g_assert_cmpfloat (r.X[s * ds.d + 1], ==, 3.0);
      for (gsize c = 2; c < ds.d; c++)
        nan_synth += isnan (r.X[s * ds.d + c]);
    }
  g_assert_cmpuint (nan_synth, >, 0);
  resampled_clear (&r);
  dataset_clear (&ds);
}

static void
test_duplicates (void)
{
  /* Many identical minority rows: distance ties everywhere. */
  Dataset ds = { 0 };
  Resampled r;
  FlSmoteParams p;

  fl_smote_params_init_default (&p);
  dataset_make (&ds, 60, 10, 2, 1, 0.0, 0, 6);
  for (gsize i = 0; i < ds.n; i++)
    if (ds.y[i] == 1)
      ds.X[i * ds.d] = ds.X[i * ds.d + 1] = 1.5;
  g_assert_true (run_smote (&ds, &p, &r, NULL));
  check_resampled (&ds, &p, 1, &r);
  for (gsize s = ds.n; s < r.n; s++)
    g_assert_cmpfloat (r.X[s * ds.d], ==, 1.5);
  resampled_clear (&r);
  dataset_clear (&ds);
}

static void
test_deterministic (void)
{
  Dataset ds = { 0 };
  Resampled a, b, c;
  FlSmoteParams p;
  gsize n_synth;

  fl_smote_params_init_default (&p);
  dataset_make (&ds, 120, 20, 4, 1, 0.05, 0, 7);

  g_assert_true (run_smote (&ds, &p, &a, NULL));
  g_assert_true (run_smote (&ds, &p, &b, NULL));
  p.seed = 43;
  g_assert_true (run_smote (&ds, &p, &c, NULL));

  g_assert_cmpuint (a.n, ==, b.n);
  g_assert_cmpuint (a.n, ==, c.n);
  n_synth = a.n - ds.n;
  g_assert_cmpmem (a.X, a.n * ds.d * sizeof (double),
                   b.X, b.n * ds.d * sizeof (double));
  g_assert_cmpmem (a.parents, 2 * n_synth * sizeof (gsize),
                   b.parents, 2 * n_synth * sizeof (gsize));
  g_assert_cmpmem (a.gaps, n_synth * sizeof (double),
                   b.gaps, n_synth * sizeof (double));
  g_assert_true (memcmp (a.gaps, c.gaps, n_synth * sizeof (double)) != 0);

  /* Optional outputs may be omitted; the rows stay the same. */
  {
    g_autofree double *X = NULL;
    g_autofree guint8 *y = NULL;
    gsize n = 0;

    p.seed = 42;
    g_assert_true (fl_smote_resample (ds.X, ds.y, ds.n, ds.d, &p, &X, &y, &n,
                                      NULL, NULL, NULL));
    g_assert_cmpmem (X, n * ds.d * sizeof (double),
                     a.X, a.n * ds.d * sizeof (double));
  }
  /* NULL params means the defaults. */
  {
    Resampled dflt;

    memset (&dflt, 0, sizeof dflt);
    g_assert_true (fl_smote_resample (ds.X, ds.y, ds.n, ds.d, NULL,
                                      &dflt.X, &dflt.y, &dflt.n,
                                      &dflt.parents, &dflt.gaps, NULL));
    g_assert_cmpmem (dflt.X, dflt.n * ds.d * sizeof (double),
                     a.X, a.n * ds.d * sizeof (double));
    resampled_clear (&dflt);
  }

  resampled_clear (&a);
  resampled_clear (&b);
  resampled_clear (&c);
  dataset_clear (&ds);
}

static void
expect_error (const Dataset       *ds,
              const FlSmoteParams *p,
              gint                 code)
{
  g_autoptr(GError) error = NULL;
  Resampled r;

  g_assert_false (run_smote (ds, p, &r, &error));
  g_assert_error (error, FL_ERROR, code);
  g_test_message ("expected error: %s", error->message);
  g_assert_null (r.X);
  g_assert_null (r.y);
  g_assert_cmpuint (r.n, ==, 0);
  g_assert_null (r.parents);
  g_assert_null (r.gaps);
}

static void
test_too_few_minority (void)
{
  Dataset ds = { 0 };
  Resampled r;
  FlSmoteParams p;
  g_autoptr(GError) error = NULL;

  fl_smote_params_init_default (&p);
  dataset_make (&ds, 50, 3, 2, 1, 0.0, 0, 8);
  g_assert_false (run_smote (&ds, &p, &r, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_assert_cmpstr (error->message, ==,
                   "SMOTE needs more than k=5 minority rows, the training "
                   "part has 3");
  g_clear_error (&error);
  dataset_clear (&ds);

  /* Exactly k minority rows is still too few (i itself is excluded). */
  dataset_make (&ds, 50, 5, 2, 1, 0.0, 0, 9);
  expect_error (&ds, &p, FL_ERROR_INSUFFICIENT_DATA);

  /* The caller lowers k: works. */
  p.k_neighbors = 4;
  g_assert_true (run_smote (&ds, &p, &r, NULL));
  check_resampled (&ds, &p, 1, &r);
  resampled_clear (&r);
  dataset_clear (&ds);
}

static void
test_invalid (void)
{
  Dataset ds = { 0 };
  Dataset empty = { 0 };
  FlSmoteParams p;

  fl_smote_params_init_default (&p);
  dataset_make (&ds, 40, 10, 3, 1, 0.0, 0, 10);

  /* n == 0, d == 0 */
  expect_error (&empty, &p, FL_ERROR_INVALID);
  {
    Dataset no_cols = ds;

    no_cols.d = 0;
    expect_error (&no_cols, &p, FL_ERROR_INVALID);
  }

  /* k == 0 */
  p.k_neighbors = 0;
  expect_error (&ds, &p, FL_ERROR_INVALID);
  p.k_neighbors = 5;

  /* sampling ratio */
  p.sampling_ratio = 0.0;
  expect_error (&ds, &p, FL_ERROR_INVALID);
  p.sampling_ratio = 1.5;
  expect_error (&ds, &p, FL_ERROR_INVALID);
  p.sampling_ratio = NAN;
  expect_error (&ds, &p, FL_ERROR_INVALID);
  p.sampling_ratio = 1.0;

  /* infinite value */
  ds.X[7] = INFINITY;
  expect_error (&ds, &p, FL_ERROR_INVALID);
  ds.X[7] = 0.5;

  /* three labels */
  ds.y[3] = 2;
  expect_error (&ds, &p, FL_ERROR_INVALID);

  /* a single class: no minority rows */
  memset (ds.y, 0, ds.n);
  expect_error (&ds, &p, FL_ERROR_INSUFFICIENT_DATA);

  dataset_clear (&ds);
}

static void
test_larger (void)
{
  /* A bigger case to exercise the heap (k = 7, 400 minority rows). */
  Dataset ds = { 0 };
  Resampled r;
  FlSmoteParams p;

  fl_smote_params_init_default (&p);
  p.k_neighbors = 7;
  p.seed = 9001;
  dataset_make (&ds, 1500, 400, 8, 1, 0.02, 0, 11);
  g_assert_true (run_smote (&ds, &p, &r, NULL));
  check_resampled (&ds, &p, 1, &r);
  resampled_clear (&r);
  dataset_clear (&ds);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/learn/smote/defaults", test_defaults);
  g_test_add_func ("/learn/smote/balanced", test_balanced);
  g_test_add_func ("/learn/smote/ratio", test_ratio);
  g_test_add_func ("/learn/smote/minority-zero-label",
                   test_minority_zero_label);
  g_test_add_func ("/learn/smote/nothing-to-generate",
                   test_nothing_to_generate);
  g_test_add_func ("/learn/smote/nan", test_nan);
  g_test_add_func ("/learn/smote/duplicates", test_duplicates);
  g_test_add_func ("/learn/smote/deterministic", test_deterministic);
  g_test_add_func ("/learn/smote/too-few-minority", test_too_few_minority);
  g_test_add_func ("/learn/smote/invalid", test_invalid);
  g_test_add_func ("/learn/smote/larger", test_larger);

  return g_test_run ();
}
