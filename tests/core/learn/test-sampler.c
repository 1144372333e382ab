/* test-sampler.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-knn-private.h"
#include "fl-sampler.h"
#include "fl-sampler-private.h"
#include "fl-smote.h"

#include "sampler-fixtures.h"

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

/* n_maj rows of label 0 and n_min rows of label 1 interleaved in "time",
 * overlapping classes, columns on very different scales; nan_rate of the
 * cells are NaN. */
static void
dataset_make (Dataset *ds,
              gsize    n_maj,
              gsize    n_min,
              gsize    d,
              double   nan_rate,
              guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize n = n_maj + n_min, placed_min = 0;

  ds->n = n;
  ds->d = d;
  ds->X = g_new (double, n * d);
  ds->y = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      gboolean is_min = placed_min < n_min && (i * n_min) / n >= placed_min;

      placed_min += is_min;
      ds->y[i] = is_min;
      for (gsize c = 0; c < d; c++)
        {
          double scale = pow (10.0, (double) ((int) (c % 4) * 2 - 3));
          double v = (g_rand_double (rand) + (is_min ? 0.5 : 0.0)) * scale;

          if (nan_rate > 0.0 && g_rand_double (rand) < nan_rate)
            v = NAN;
          ds->X[i * d + c] = v;
        }
    }
}

/* Independent reference: two-pass NaN-aware z-scores (ddof = 1). */
static double *
ref_standardise (const Dataset *ds)
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
ref_dist (const double *Z,
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
  return present == 0 ? INFINITY : sqrt (sum * (double) d / (double) present);
}

typedef struct
{
  double dist;
  gsize  idx;
} Cand;

static int
cmp_cand (gconstpointer a,
          gconstpointer b)
{
  const Cand *x = a, *y = b;

  if (x->dist != y->dist)
    return x->dist < y->dist ? -1 : 1;
  return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The k nearest rows of i (label `only`, or any label when only > 1),
 * sorted by (distance, index), into out[k]. */
static void
ref_knn (const Dataset *ds,
         const double  *Z,
         gsize          i,
         guint          only,
         guint          k,
         gsize         *out)
{
  g_autofree Cand *c = g_new (Cand, ds->n);
  gsize m = 0;

  for (gsize b = 0; b < ds->n; b++)
    if (b != i && (only > 1 || ds->y[b] == only))
      {
        c[m].dist = ref_dist (Z, ds->d, i, b);
        c[m].idx = b;
        m++;
      }
  g_assert_cmpuint (m, >=, k);
  qsort (c, m, sizeof (Cand), cmp_cand);
  for (guint r = 0; r < k; r++)
    out[r] = c[r].idx;
}

static gboolean
in_list (const gsize *list,
         gsize        len,
         gsize        v)
{
  for (gsize i = 0; i < len; i++)
    if (list[i] == v)
      return TRUE;
  return FALSE;
}

/* Danger by brute force: m/2 ≤ majority among the m nearest < m. */
static gboolean
ref_danger (const Dataset *ds,
            const double  *Z,
            gsize          i,
            guint          m)
{
  g_autofree gsize *nb = g_new (gsize, m);
  guint other = 0;

  ref_knn (ds, Z, i, 2, m, nb);
  for (guint r = 0; r < m; r++)
    other += ds->y[nb[r]] != ds->y[i];
  return 2 * other >= m && other < m;
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

static FlSamplerResult *
run (const Dataset         *ds,
     const FlSamplerParams *p)
{
  g_autoptr(GError) error = NULL;
  FlSamplerResult *res = fl_sampler_resample (p, ds->X, ds->y, ds->n, ds->d,
                                              &error);

  g_assert_no_error (error);
  g_assert_nonnull (res);
  g_assert_nonnull (res->warnings);
  return res;
}

static void
params_for (FlSamplerParams *p,
            FlSamplerKind    kind)
{
  fl_sampler_params_init_default (p);
  p->kind = kind;
}

/* Properties every over-sampling result has: input first and untouched,
 * synthetic rows minority-labelled, on the segment between their parents
 * with the recorded gap. Returns the number of synthetic rows. */
static gsize
check_over (const Dataset         *ds,
            const FlSamplerResult *res)
{
  gsize d = ds->d, ns = res->n_synthetic;

  g_assert_cmpuint (res->n, ==, ds->n + ns);
  g_assert_cmpuint (res->n_removed, ==, 0);
  g_assert_null (res->weights);
  g_assert_cmpmem (res->X, ds->n * d * sizeof (double),
                   ds->X, ds->n * d * sizeof (double));
  g_assert_cmpmem (res->y, ds->n, ds->y, ds->n);
  if (ns == 0)
    {
      g_assert_null (res->parents);
      g_assert_null (res->gaps);
      return 0;
    }
  g_assert_nonnull (res->parents);
  g_assert_nonnull (res->gaps);

  for (gsize s = 0; s < ns; s++)
    {
      gsize i = res->parents[2 * s], j = res->parents[2 * s + 1];
      const double *xn = res->X + (ds->n + s) * d;
      const double *xi = ds->X + i * d, *xj = ds->X + j * d;
      double u = res->gaps[s];

      g_assert_cmpuint (i, <, ds->n);
      g_assert_cmpuint (j, <, ds->n);
      g_assert_cmpuint (res->y[ds->n + s], ==, 1);
      g_assert_cmpuint (ds->y[i], ==, 1);
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      for (gsize c = 0; c < d; c++)
        {
          if (isnan (xi[c]) || isnan (xj[c]))
            {
              g_assert_true (isnan (xn[c]));
              continue;
            }
          g_assert_cmpfloat_with_epsilon (xn[c] - xi[c], u * (xj[c] - xi[c]),
                                          1e-9 * MAX (1.0, fabs (xi[c])
                                                           + fabs (xj[c])));
        }
    }
  return ns;
}

static gsize
expected_over (gsize  n_maj,
               gsize  n_min,
               double ratio)
{
  double want = ratio * (double) n_maj - (double) n_min;

  return want >= 1.0 ? (gsize) want : 0;
}

static void
test_kind_strings (void)
{
  const char *names[] = { "none", "smote", "borderline-smote-1",
                          "borderline-smote-2", "adasyn", "random-over",
                          "random-under", "class-weight" };
  FlSamplerKind kind = FL_SAMPLER_SMOTE;
  FlSamplerParams p;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (fl_sampler_kind_to_string ((FlSamplerKind) i), ==,
                       names[i]);
      g_assert_true (fl_sampler_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, (FlSamplerKind) i);
    }
  g_assert_null (fl_sampler_kind_to_string ((FlSamplerKind) 99));
  kind = FL_SAMPLER_ADASYN;
  g_assert_false (fl_sampler_kind_from_string ("SMOTE", &kind));
  g_assert_false (fl_sampler_kind_from_string ("", &kind));
  g_assert_false (fl_sampler_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, FL_SAMPLER_ADASYN);

  memset (&p, 0xff, sizeof p);
  fl_sampler_params_init_default (&p);
  g_assert_cmpint (p.kind, ==, FL_SAMPLER_NONE);
  g_assert_cmpuint (p.k_neighbors, ==, 5);
  g_assert_cmpuint (p.m_neighbors, ==, 10);
  g_assert_cmpfloat (p.sampling_ratio, ==, 1.0);
  g_assert_true (p.adapt_k);
}

static void
test_none (void)
{
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;
  g_autoptr(FlSamplerResult) dflt = NULL;

  dataset_make (&ds, 50, 5, 3, 0.1, 1);
  params_for (&p, FL_SAMPLER_NONE);
  res = run (&ds, &p);
  check_over (&ds, res);
  g_assert_cmpuint (res->n, ==, ds.n);
  g_assert_cmpuint (res->warnings->len, ==, 0);
  g_assert_cmpuint (res->k_used, ==, 0);
  dflt = run (&ds, NULL);
  g_assert_cmpuint (dflt->n, ==, ds.n);
  dataset_clear (&ds);
}

static void
test_smote (void)
{
  const double ratios[] = { 1.0, 0.75, 0.5, 0.33 };

  for (gsize t = 0; t < G_N_ELEMENTS (ratios); t++)
    {
      Dataset ds = { 0 };
      FlSamplerParams p;
      g_autoptr(FlSamplerResult) res = NULL;
      g_autofree double *Z = NULL;
      g_autofree double *X_copy = NULL;
      FlSmoteParams sp;
      g_autofree double *Xs = NULL;
      g_autofree guint8 *ys = NULL;
      gsize ns_direct = 0;
      gsize nb[3];

      dataset_make (&ds, 301, 17, 4, 0.05, (guint32) (10 + t));
      X_copy = g_memdup2 (ds.X, ds.n * ds.d * sizeof (double));
      params_for (&p, FL_SAMPLER_SMOTE);
      p.k_neighbors = 3;
      p.sampling_ratio = ratios[t];
      res = run (&ds, &p);
      g_assert_cmpmem (ds.X, ds.n * ds.d * sizeof (double),
                       X_copy, ds.n * ds.d * sizeof (double));
      g_assert_cmpuint (check_over (&ds, res), ==,
                        expected_over (301, 17, ratios[t]));
      g_assert_cmpuint (res->k_used, ==, 3);
      g_assert_cmpuint (res->warnings->len, ==, 0);

      /* Parents: minority, j among i's 3 nearest minority rows. */
      Z = ref_standardise (&ds);
      for (gsize s = 0; s < res->n_synthetic; s++)
        {
          gsize i = res->parents[2 * s], j = res->parents[2 * s + 1];

          g_assert_cmpuint (ds.y[j], ==, 1);
          ref_knn (&ds, Z, i, 1, 3, nb);
          g_assert_true (in_list (nb, 3, j));
        }

      /* The same rows as fl_smote_resample() asked for that many rows. */
      sp.k_neighbors = 3;
      sp.seed = p.seed;
      sp.sampling_ratio = (double) (17 + res->n_synthetic) / 301.0;
      g_assert_true (fl_smote_resample (ds.X, ds.y, ds.n, ds.d, &sp, &Xs, &ys,
                                        &ns_direct, NULL, NULL, NULL));
      g_assert_cmpuint (ns_direct, ==, res->n);
      g_assert_cmpmem (Xs, ns_direct * ds.d * sizeof (double),
                       res->X, res->n * ds.d * sizeof (double));
      dataset_clear (&ds);
    }
}

static void
check_borderline (FlSamplerKind kind,
                  guint32       seed)
{
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;
  g_autofree double *Z = NULL;
  gsize nb[5];
  gsize toward_majority = 0, toward_minority = 0, n_danger = 0;
  g_autofree guint8 *seen = NULL;

  dataset_make (&ds, 200, 40, 3, 0.0, seed);
  params_for (&p, kind);
  res = run (&ds, &p);
  g_assert_cmpuint (check_over (&ds, res), ==, 160);
  g_assert_cmpuint (res->k_used, ==, 5);
  g_assert_cmpuint (res->m_used, ==, 10);
  g_assert_cmpuint (res->warnings->len, ==, 0);

  Z = ref_standardise (&ds);
  seen = g_new0 (guint8, ds.n);
  for (gsize s = 0; s < res->n_synthetic; s++)
    {
      gsize i = res->parents[2 * s], j = res->parents[2 * s + 1];

      g_assert_true (ref_danger (&ds, Z, i, 10));
      seen[i] = 1;
      if (kind == FL_SAMPLER_BORDERLINE_SMOTE1)
        {
          g_assert_cmpuint (ds.y[j], ==, 1);
          ref_knn (&ds, Z, i, 1, 5, nb);
          toward_minority++;
        }
      else
        {
          ref_knn (&ds, Z, i, 2, 5, nb);
          if (ds.y[j] == 0)
            {
              g_assert_cmpfloat (res->gaps[s], <, 0.5);
              toward_majority++;
            }
          else
            toward_minority++;
        }
      g_assert_true (in_list (nb, 5, j));
    }
  for (gsize i = 0; i < ds.n; i++)
    n_danger += ds.y[i] == 1 && ref_danger (&ds, Z, i, 10);
  g_test_message ("%s: %" G_GSIZE_FORMAT " danger rows of 40, %"
                  G_GSIZE_FORMAT " toward minority, %" G_GSIZE_FORMAT
                  " toward majority", fl_sampler_kind_to_string (kind),
                  n_danger, toward_minority, toward_majority);
  /* Non-trivial data: the danger filter keeps some minority rows and
   * drops others. */
  g_assert_cmpuint (n_danger, >, 0);
  g_assert_cmpuint (n_danger, <, 40);
  if (kind == FL_SAMPLER_BORDERLINE_SMOTE2)
    {
      g_assert_cmpuint (toward_majority, >, 0);
      g_assert_cmpuint (toward_minority, >, 0);
    }
  dataset_clear (&ds);
}

static void
test_borderline1 (void)
{
  check_borderline (FL_SAMPLER_BORDERLINE_SMOTE1, 21);
}

static void
test_borderline2 (void)
{
  check_borderline (FL_SAMPLER_BORDERLINE_SMOTE2, 22);
}

static void
test_borderline_no_danger (void)
{
  /* Classes far apart: every minority row is safe. */
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;

  ds.n = 60;
  ds.d = 2;
  ds.X = g_new (double, ds.n * ds.d);
  ds.y = g_new (guint8, ds.n);
  for (gsize i = 0; i < ds.n; i++)
    {
      ds.y[i] = i < 15;
      ds.X[2 * i] = (ds.y[i] ? 1000.0 : 0.0) + (double) i;
      ds.X[2 * i + 1] = (double) (i % 7);
    }
  params_for (&p, FL_SAMPLER_BORDERLINE_SMOTE1);
  res = run (&ds, &p);
  g_assert_cmpuint (check_over (&ds, res), ==, 0);
  g_assert_cmpuint (res->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (res->warnings, 0),
                            "no minority row is in danger"));
  dataset_clear (&ds);
}

/* ADASYN on a hand-made line (second column constant): 40 majority rows at
 * x = 0 … 39; minority B at 10.3 and 20.3 (all 5 neighbours majority:
 * r = 1), P at 45, 45.5, 46 (2 minority + 3 majority neighbours: r = 0.6),
 * A at 100 … 106 (safe: r = 0). G = 40 − 12 = 28; Σ r = 3.8; B rows get
 * rint (28 / 3.8) = 7 each, P rows rint (0.6 × 28 / 3.8) = 4 each, A rows
 * none: 26 rows in all. */
static void
test_adasyn_hand_made (void)
{
  const double minority_x[] = { 10.3, 20.3, 45.0, 45.5, 46.0,
                                100, 101, 102, 103, 104, 105, 106 };
  const gsize want[] = { 7, 7, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0 };
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;
  g_autofree double *Z = NULL;
  gsize per_row[52] = { 0 };
  gsize nb[5];

  ds.n = 52;
  ds.d = 2;
  ds.X = g_new (double, ds.n * ds.d);
  ds.y = g_new (guint8, ds.n);
  /* Interleave: minority rows every fourth row. */
  for (gsize i = 0, a = 0, b = 0; i < ds.n; i++)
    {
      gboolean is_min = (i % 4 == 1 && a < 12) || b >= 40;

      ds.y[i] = is_min;
      ds.X[2 * i] = is_min ? minority_x[a++] : (double) b++;
      ds.X[2 * i + 1] = 7.0;
    }

  params_for (&p, FL_SAMPLER_ADASYN);
  res = run (&ds, &p);
  g_assert_cmpuint (check_over (&ds, res), ==, 26);
  g_assert_cmpuint (res->k_used, ==, 5);
  Z = ref_standardise (&ds);
  for (gsize s = 0; s < res->n_synthetic; s++)
    {
      gsize i = res->parents[2 * s], j = res->parents[2 * s + 1];

      per_row[i]++;
      g_assert_cmpuint (ds.y[j], ==, 1);
      ref_knn (&ds, Z, i, 1, 5, nb);
      g_assert_true (in_list (nb, 5, j));
      g_assert_cmpfloat (res->X[(ds.n + s) * 2 + 1], ==, 7.0);
      /* Grouped by base row, in row order. */
      if (s > 0)
        g_assert_cmpuint (res->parents[2 * (s - 1)], <=, i);
    }
  for (gsize i = 0, a = 0; i < ds.n; i++)
    {
      if (!ds.y[i])
        {
          g_assert_cmpuint (per_row[i], ==, 0);
          continue;
        }
      g_assert_cmpuint (per_row[i], ==, want[a]);
      a++;
    }

  /* Without a majority neighbour anywhere: warning, nothing generated. */
  for (gsize i = 0; i < ds.n; i++)
    if (ds.y[i])
      ds.X[2 * i] += 1000.0;
  {
    g_autoptr(FlSamplerResult) none = run (&ds, &p);

    g_assert_cmpuint (check_over (&ds, none), ==, 0);
    g_assert_cmpuint (none->warnings->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (none->warnings, 0),
                              "not any neighbours belong to the majority"));
  }
  dataset_clear (&ds);
}

/* Cross-check against imbalanced-learn on the committed fixture. */
static void
test_fixture_imblearn (void)
{
  Dataset ds = { (double *) fix_X, (guint8 *) fix_y, FIX_N, FIX_D };
  g_autofree double *Z = fl_knn_standardise (fix_X, FIX_N, FIX_D);
  gsize danger[FIX_N];
  gsize count[FIX_N];
  struct { guint m; const guint8 *want; } dcases[] = {
    { 10, fix_danger_m10 }, { 6, fix_danger_m6 },
  };
  struct { double ratio; const guint *want; } acases[] = {
    { 1.0, fix_adasyn_r10 }, { 0.6, fix_adasyn_r06 },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fix_X) == FIX_N * FIX_D);

  for (gsize t = 0; t < G_N_ELEMENTS (dcases); t++)
    {
      gsize nd = fl_sampler_danger_rows (Z, fix_y, FIX_N, FIX_D, 1,
                                         dcases[t].m, danger);
      gsize want_nd = 0;

      for (gsize i = 0; i < FIX_N; i++)
        {
          want_nd += dcases[t].want[i];
          g_assert_cmpint (in_list (danger, nd, i), ==, dcases[t].want[i]);
        }
      g_assert_cmpuint (nd, ==, want_nd);
      g_assert_cmpuint (nd, >, 0);
    }

  for (gsize t = 0; t < G_N_ELEMENTS (acases); t++)
    {
      FlSamplerParams p;
      g_autoptr(FlSamplerResult) res = NULL;
      gsize per_row[FIX_N] = { 0 };
      gsize total, want_total = 0;

      total = fl_sampler_adasyn_allocation (Z, fix_y, FIX_N, FIX_D, 1, 5,
                                            expected_over (60, 20,
                                                           acases[t].ratio),
                                            count);
      for (gsize i = 0; i < FIX_N; i++)
        {
          g_assert_cmpuint (count[i], ==, acases[t].want[i]);
          want_total += acases[t].want[i];
        }
      g_assert_cmpuint (total, ==, want_total);

      /* Through the public function: the same per-row counts. */
      params_for (&p, FL_SAMPLER_ADASYN);
      p.sampling_ratio = acases[t].ratio;
      res = run (&ds, &p);
      g_assert_cmpuint (check_over (&ds, res), ==, want_total);
      for (gsize s = 0; s < res->n_synthetic; s++)
        per_row[res->parents[2 * s]]++;
      for (gsize i = 0; i < FIX_N; i++)
        g_assert_cmpuint (per_row[i], ==, acases[t].want[i]);
    }

  /* Borderline-1 through the public function only seeds from the fixture's
   * danger rows. */
  {
    FlSamplerParams p;
    g_autoptr(FlSamplerResult) res = NULL;

    params_for (&p, FL_SAMPLER_BORDERLINE_SMOTE1);
    res = run (&ds, &p);
    g_assert_cmpuint (check_over (&ds, res), ==, 40);
    for (gsize s = 0; s < res->n_synthetic; s++)
      g_assert_cmpuint (fix_danger_m10[res->parents[2 * s]], ==, 1);
  }
}

static void
make_counts (Dataset *ds,
             gsize    n_maj,
             gsize    n_min)
{
  dataset_make (ds, n_maj, n_min, 2, 0.0, (guint32) (n_maj * 31 + n_min));
}

static void
test_fixture_counts (void)
{
  for (gsize t = 0; t < G_N_ELEMENTS (fix_counts); t++)
    {
      const FixCount *fc = &fix_counts[t];
      FlSamplerKind kinds[] = { FL_SAMPLER_RANDOM_OVER, FL_SAMPLER_SMOTE,
                                FL_SAMPLER_RANDOM_UNDER };
      Dataset ds = { 0 };

      make_counts (&ds, fc->n_maj, fc->n_min);
      for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          FlSamplerParams p;
          g_autoptr(FlSamplerResult) res = NULL;

          params_for (&p, kinds[k]);
          p.sampling_ratio = fc->ratio;
          res = run (&ds, &p);
          if (kinds[k] == FL_SAMPLER_RANDOM_UNDER)
            {
              g_assert_cmpuint (count_label (res->y, res->n, 0), ==,
                                fc->under_keep);
              g_assert_cmpuint (count_label (res->y, res->n, 1), ==,
                                fc->n_min);
            }
          else
            {
              g_assert_cmpuint (res->n_synthetic, ==, fc->over_new);
              g_assert_cmpuint (count_label (res->y, res->n, 0), ==,
                                fc->n_maj);
            }
        }
      dataset_clear (&ds);
    }
}

static void
test_random_over (void)
{
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;
  gsize hits[130] = { 0 };
  gsize distinct = 0;

  dataset_make (&ds, 100, 30, 3, 0.1, 31);
  params_for (&p, FL_SAMPLER_RANDOM_OVER);
  res = run (&ds, &p);
  g_assert_cmpuint (check_over (&ds, res), ==, 70);
  g_assert_cmpuint (res->k_used, ==, 0);
  for (gsize s = 0; s < res->n_synthetic; s++)
    {
      gsize i = res->parents[2 * s];

      g_assert_cmpuint (res->parents[2 * s + 1], ==, i);
      g_assert_cmpfloat (res->gaps[s], ==, 0.0);
      g_assert_cmpmem (res->X + (ds.n + s) * ds.d, ds.d * sizeof (double),
                       ds.X + i * ds.d, ds.d * sizeof (double));
      hits[i]++;
    }
  for (gsize i = 0; i < ds.n; i++)
    distinct += hits[i] > 0;
  /* With replacement: 70 draws from 30 rows repeat some rows. */
  g_assert_cmpuint (distinct, <, 30);
  g_assert_cmpuint (distinct, >, 10);
  dataset_clear (&ds);
}

static void
test_random_under (void)
{
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;
  gsize o = 0;

  dataset_make (&ds, 200, 25, 3, 0.1, 41);
  params_for (&p, FL_SAMPLER_RANDOM_UNDER);
  p.sampling_ratio = 0.5;
  res = run (&ds, &p);
  g_assert_cmpuint (res->n, ==, 25 + 50);
  g_assert_cmpuint (res->n_removed, ==, 150);
  g_assert_cmpuint (res->n_synthetic, ==, 0);
  g_assert_null (res->parents);
  g_assert_null (res->weights);
  g_assert_cmpuint (count_label (res->y, res->n, 1), ==, 25);

  /* The output is a subsequence of the input (original order, no
   * duplicates) holding every minority row. Rows are distinct because
   * the generated values are continuous. */
  for (gsize i = 0; i < ds.n && o < res->n; i++)
    {
      if (memcmp (res->X + o * ds.d, ds.X + i * ds.d,
                  ds.d * sizeof (double)) == 0)
        {
          g_assert_cmpuint (res->y[o], ==, ds.y[i]);
          o++;
        }
      else
        g_assert_cmpuint (ds.y[i], ==, 0);
    }
  g_assert_cmpuint (o, ==, res->n);

  /* A ratio that needs more majority rows than exist: unchanged + warning. */
  {
    g_autoptr(FlSamplerResult) same = NULL;

    p.sampling_ratio = 0.1;
    same = run (&ds, &p);
    g_assert_cmpuint (same->n, ==, ds.n);
    g_assert_cmpuint (same->n_removed, ==, 0);
    g_assert_cmpuint (same->warnings->len, ==, 1);
  }
  dataset_clear (&ds);
}

static void
test_class_weight (void)
{
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;
  double sum_pos = 0.0, sum_neg = 0.0;

  dataset_make (&ds, 190, 10, 2, 0.0, 51);
  params_for (&p, FL_SAMPLER_CLASS_WEIGHT);
  res = run (&ds, &p);
  g_assert_cmpuint (res->n, ==, ds.n);
  g_assert_cmpuint (res->n_synthetic, ==, 0);
  g_assert_nonnull (res->weights);
  g_assert_cmpmem (res->X, ds.n * ds.d * sizeof (double),
                   ds.X, ds.n * ds.d * sizeof (double));
  for (gsize i = 0; i < ds.n; i++)
    {
      if (ds.y[i])
        {
          g_assert_cmpfloat (res->weights[i], ==, 19.0);
          sum_pos += res->weights[i];
        }
      else
        {
          g_assert_cmpfloat (res->weights[i], ==, 1.0);
          sum_neg += res->weights[i];
        }
    }
  /* Both classes weigh the same in total. */
  g_assert_cmpfloat_with_epsilon (sum_pos, sum_neg, 1e-9);
  g_assert_cmpfloat (sum_pos + sum_neg, ==, 380.0);
  dataset_clear (&ds);
}

static void
test_adapt_k (void)
{
  FlSamplerKind kinds[] = { FL_SAMPLER_SMOTE, FL_SAMPLER_BORDERLINE_SMOTE1,
                            FL_SAMPLER_ADASYN };
  const char *want[] = {
    "SMOTE: k lowered from 5 to 3: the training rows hold only 4 minority rows",
    "Borderline-SMOTE 1: k lowered from 5 to 3: the training rows hold only "
    "4 minority rows",
    "ADASYN: k lowered from 5 to 3: the training rows hold only 4 minority "
    "rows",
  };

  for (gsize t = 0; t < G_N_ELEMENTS (kinds); t++)
    {
      Dataset ds = { 0 };
      FlSamplerParams p;
      g_autoptr(GError) error = NULL;
      g_autoptr(FlSamplerResult) res = NULL;
      g_autoptr(FlSamplerResult) fail = NULL;

      dataset_make (&ds, 40, 4, 2, 0.0, (guint32) (61 + t));
      params_for (&p, kinds[t]);
      res = run (&ds, &p);
      g_assert_cmpuint (res->k_used, ==, 3);
      g_assert_cmpuint (res->warnings->len, >=, 1);
      g_assert_cmpstr (g_ptr_array_index (res->warnings, 0), ==, want[t]);
      check_over (&ds, res);
      for (gsize s = 0; s < res->n_synthetic; s++)
        g_assert_cmpuint (res->parents[2 * s], !=, res->parents[2 * s + 1]);

      p.adapt_k = FALSE;
      fail = fl_sampler_resample (&p, ds.X, ds.y, ds.n, ds.d, &error);
      g_assert_null (fail);
      g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
      g_assert_nonnull (strstr (error->message, "k=5"));
      g_assert_nonnull (strstr (error->message, "only 4"));
      g_test_message ("expected error: %s", error->message);
      dataset_clear (&ds);
    }

  /* m adapts to the whole training set: 8 rows, m = 10. */
  {
    Dataset ds = { 0 };
    FlSamplerParams p;
    g_autoptr(FlSamplerResult) res = NULL;
    g_autoptr(GError) error = NULL;

    dataset_make (&ds, 5, 3, 2, 0.0, 71);
    params_for (&p, FL_SAMPLER_BORDERLINE_SMOTE1);
    p.k_neighbors = 2;
    res = run (&ds, &p);
    g_assert_cmpuint (res->m_used, ==, 7);
    g_assert_cmpuint (res->k_used, ==, 2);
    g_assert_cmpuint (res->warnings->len, >=, 1);
    g_assert_cmpstr (g_ptr_array_index (res->warnings, 0), ==,
                     "Borderline-SMOTE 1: m lowered from 10 to 7: the "
                     "training rows hold only 8 rows");
    p.adapt_k = FALSE;
    g_assert_null (fl_sampler_resample (&p, ds.X, ds.y, ds.n, ds.d, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
    g_assert_nonnull (strstr (error->message, "m=10"));
    dataset_clear (&ds);
  }
}

static void
test_skip (void)
{
  FlSamplerKind kinds[] = { FL_SAMPLER_SMOTE, FL_SAMPLER_BORDERLINE_SMOTE1,
                            FL_SAMPLER_BORDERLINE_SMOTE2, FL_SAMPLER_ADASYN,
                            FL_SAMPLER_RANDOM_OVER, FL_SAMPLER_RANDOM_UNDER,
                            FL_SAMPLER_CLASS_WEIGHT };

  for (gsize t = 0; t < G_N_ELEMENTS (kinds); t++)
    for (gsize n_min = 0; n_min < 2; n_min++)
      {
        Dataset ds = { 0 };
        FlSamplerParams p;
        g_autoptr(FlSamplerResult) res = NULL;
        g_autoptr(GError) error = NULL;
        gboolean neighbours = t < 4;

        dataset_make (&ds, 30, n_min, 2, 0.0, 81);
        params_for (&p, kinds[t]);
        res = run (&ds, &p);
        if (n_min == 0 || neighbours)
          {
            /* Skipped visibly. */
            g_assert_cmpuint (res->n, ==, ds.n);
            g_assert_cmpmem (res->X, ds.n * ds.d * sizeof (double),
                             ds.X, ds.n * ds.d * sizeof (double));
            g_assert_cmpuint (res->k_used, ==, 0);
            g_assert_cmpuint (res->warnings->len, ==, 1);
            g_assert_nonnull (strstr (g_ptr_array_index (res->warnings, 0),
                                      "skipped"));
            p.adapt_k = FALSE;
            g_assert_null (fl_sampler_resample (&p, ds.X, ds.y, ds.n, ds.d,
                                                &error));
            g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
          }
        dataset_clear (&ds);
      }
}

static void
test_ratio_met (void)
{
  Dataset ds = { 0 };
  FlSamplerParams p;
  g_autoptr(FlSamplerResult) res = NULL;

  /* round (0.2 × 90) = 18 < 20 minority rows; k = 50 is not checked. */
  dataset_make (&ds, 90, 20, 2, 0.0, 91);
  params_for (&p, FL_SAMPLER_BORDERLINE_SMOTE2);
  p.sampling_ratio = 0.2;
  p.k_neighbors = 50;
  p.adapt_k = FALSE;
  res = run (&ds, &p);
  g_assert_cmpuint (check_over (&ds, res), ==, 0);
  g_assert_cmpuint (res->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (res->warnings, 0),
                            "already reaches the ratio"));
  dataset_clear (&ds);
}

static void
test_deterministic (void)
{
  Dataset ds = { 0 };

  dataset_make (&ds, 150, 30, 3, 0.05, 101);
  for (FlSamplerKind kind = FL_SAMPLER_SMOTE; kind <= FL_SAMPLER_RANDOM_UNDER;
       kind++)
    {
      FlSamplerParams p;
      g_autoptr(FlSamplerResult) a = NULL;
      g_autoptr(FlSamplerResult) b = NULL;
      g_autoptr(FlSamplerResult) c = NULL;

      params_for (&p, kind);
      a = run (&ds, &p);
      b = run (&ds, &p);
      p.seed = 4242;
      c = run (&ds, &p);
      g_assert_cmpuint (a->n, ==, b->n);
      g_assert_cmpmem (a->X, a->n * ds.d * sizeof (double),
                       b->X, b->n * ds.d * sizeof (double));
      g_assert_cmpmem (a->y, a->n, b->y, b->n);
      g_assert_cmpuint (a->n, ==, c->n);
      g_assert_true (memcmp (a->X, c->X, a->n * ds.d * sizeof (double)) != 0);
    }
  dataset_clear (&ds);
}

static void
expect_invalid (const Dataset         *ds,
                const FlSamplerParams *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fl_sampler_resample (p, ds->X, ds->y, ds->n, ds->d, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_test_message ("expected error: %s", error->message);
}

static void
test_invalid (void)
{
  Dataset ds = { 0 };
  Dataset empty = { 0 };
  FlSamplerParams p;

  dataset_make (&ds, 40, 10, 3, 0.0, 111);
  params_for (&p, FL_SAMPLER_SMOTE);
  expect_invalid (&empty, &p);
  p.k_neighbors = 0;
  expect_invalid (&ds, &p);
  p.k_neighbors = 5;
  p.sampling_ratio = 0.0;
  expect_invalid (&ds, &p);
  p.sampling_ratio = 1.01;
  expect_invalid (&ds, &p);
  p.sampling_ratio = NAN;
  expect_invalid (&ds, &p);
  p.sampling_ratio = 1.0;
  p.kind = FL_SAMPLER_BORDERLINE_SMOTE2;
  p.m_neighbors = 0;
  expect_invalid (&ds, &p);
  p.m_neighbors = 10;
  p.kind = (FlSamplerKind) 42;
  expect_invalid (&ds, &p);
  p.kind = FL_SAMPLER_ADASYN;
  ds.X[4] = -INFINITY;
  expect_invalid (&ds, &p);
  ds.X[4] = 0.25;
  ds.y[3] = 2;
  p.kind = FL_SAMPLER_CLASS_WEIGHT;
  expect_invalid (&ds, &p);
  dataset_clear (&ds);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/learn/sampler/kind-strings", test_kind_strings);
  g_test_add_func ("/learn/sampler/none", test_none);
  g_test_add_func ("/learn/sampler/smote", test_smote);
  g_test_add_func ("/learn/sampler/borderline1", test_borderline1);
  g_test_add_func ("/learn/sampler/borderline2", test_borderline2);
  g_test_add_func ("/learn/sampler/borderline-no-danger",
                   test_borderline_no_danger);
  g_test_add_func ("/learn/sampler/adasyn-hand-made", test_adasyn_hand_made);
  g_test_add_func ("/learn/sampler/fixture-imblearn", test_fixture_imblearn);
  g_test_add_func ("/learn/sampler/fixture-counts", test_fixture_counts);
  g_test_add_func ("/learn/sampler/random-over", test_random_over);
  g_test_add_func ("/learn/sampler/random-under", test_random_under);
  g_test_add_func ("/learn/sampler/class-weight", test_class_weight);
  g_test_add_func ("/learn/sampler/adapt-k", test_adapt_k);
  g_test_add_func ("/learn/sampler/skip", test_skip);
  g_test_add_func ("/learn/sampler/ratio-met", test_ratio_met);
  g_test_add_func ("/learn/sampler/deterministic", test_deterministic);
  g_test_add_func ("/learn/sampler/invalid", test_invalid);

  return g_test_run ();
}
