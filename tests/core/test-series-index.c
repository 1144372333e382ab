/* test-series-index.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fl-project.h"
#include "fl-series-index.h"

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Checks every rank of @n_ranges random ranges, one by one and in one
 * batch, against sorting the range's RTTs. */
static void
check_random_ranges (const double *ts,
                     const double *rtt,
                     gsize         n,
                     guint         n_ranges,
                     GRand        *rand)
{
  g_autoptr(FlSeriesIndex) index = fl_series_index_new (ts, rtt, n);
  g_autofree double *valid = g_new (double, MAX (n, 1));
  gsize m = 0;

  g_assert_nonnull (index);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (fl_series_index_valid_before (index, i), ==, m);
      if (!isnan (rtt[i]))
        valid[m++] = rtt[i];
    }
  g_assert_cmpuint (fl_series_index_valid_before (index, n), ==, m);
  if (m == 0)
    return;

  for (guint r = 0; r < n_ranges; r++)
    {
      gsize lo = g_rand_int_range (rand, 0, (gint32) m);
      gsize hi = lo + 1 + g_rand_int_range (rand, 0, (gint32) MIN (m - lo, 5000));
      gsize len = hi - lo;
      g_autofree double *sorted = g_memdup2 (valid + lo, len * sizeof (double));
      g_autofree gsize *q_lo = g_new (gsize, len);
      g_autofree gsize *q_hi = g_new (gsize, len);
      g_autofree gsize *q_k = g_new (gsize, len);
      g_autofree double *out = g_new (double, len);

      qsort (sorted, len, sizeof (double), cmp_double);
      for (gsize k = 0; k < len; k++)
        {
          double got = fl_series_index_kth (index, lo, hi, k);

          /* Bit for bit one of the stored values (not just equal); −0
           * and 0 tie, and qsort() may put either first. */
          g_assert_cmpfloat (got, ==, sorted[k]);
          if (sorted[k] != 0)
            g_assert_cmpmem (&got, sizeof got, &sorted[k], sizeof sorted[k]);
          q_lo[k] = lo;
          q_hi[k] = hi;
          q_k[k] = k;
        }
      fl_series_index_kth_many (index, len, q_lo, q_hi, q_k, out);
      for (gsize k = 0; k < len; k++)
        g_assert_cmpfloat (out[k], ==, sorted[k]);
    }
}

/* Quantised RTTs (many ties), loss, a level shift and spikes; then
 * negative values, zeros and a constant series. */
static void
test_ranks (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  gsize n = 70000;
  g_autofree double *ts = g_new (double, n);
  g_autofree double *rtt = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    {
      ts[i] = 1.7e9 + i * 0.5;
      rtt[i] = g_rand_double (rand) < 0.03 ? NAN
             : round ((i > n / 2 ? 48 : 31) + g_rand_double_range (rand, 0, 9) * 10) / 10
               + (g_rand_double (rand) < 0.002 ? 300 : 0);
    }
  check_random_ranges (ts, rtt, n, 60, rand);

  for (gsize i = 0; i < n; i++)
    rtt[i] = i % 7 == 0 ? -0.0 : i % 5 == 0 ? 0.0 : g_rand_double_range (rand, -1e6, 1e6);
  check_random_ranges (ts, rtt, n, 30, rand);

  for (gsize i = 0; i < n; i++)
    rtt[i] = 42.125;
  check_random_ranges (ts, rtt, n, 10, rand);

  /* Small sizes, around the 64-bit word boundaries of the bit vectors. */
  for (gsize small = 1; small < 200; small += 7)
    {
      for (gsize i = 0; i < small; i++)
        rtt[i] = g_rand_int_range (rand, 0, 5);
      check_random_ranges (ts, rtt, small, 20, rand);
    }

  g_rand_free (rand);
}

/* No samples, only lost samples, unsorted time: an index, an index with no
 * RTTs, no index. */
static void
test_edges (void)
{
  double ts[] = { 1, 2, 3, 3, 4 };
  double lost[] = { NAN, NAN, NAN, NAN, NAN };
  double back[] = { 1, 2, 5, 4, 6 };
  g_autoptr(FlSeriesIndex) empty = fl_series_index_new (ts, lost, 0);
  g_autoptr(FlSeriesIndex) all_lost = fl_series_index_new (ts, lost, 5);
  g_autoptr(FlSeriesIndex) unsorted = fl_series_index_new (back, lost, 5);
  FlSeriesData *data = g_new0 (FlSeriesData, 1);

  g_assert_nonnull (empty);
  g_assert_cmpuint (fl_series_index_valid_before (empty, 0), ==, 0);
  g_assert_nonnull (all_lost);
  g_assert_cmpuint (fl_series_index_valid_before (all_lost, 5), ==, 0);
  g_assert_null (unsorted);

  /* fl_series_data_build_index() builds once and fl_series_data_free()
   * frees it (ASan checks the latter). */
  data->n = 5;
  data->ts_s = g_memdup2 (ts, sizeof ts);
  data->rtt_ms = g_memdup2 (back, sizeof back);
  g_assert_true (fl_series_data_build_index (data));
  g_assert_nonnull (data->index);
  {
    FlSeriesIndex *first = data->index;

    g_assert_true (fl_series_data_build_index (data));
    g_assert_true (data->index == first);
  }
  g_assert_cmpfloat (fl_series_index_kth (data->index, 1, 4, 1), ==, 4);
  g_assert_cmpuint (fl_series_index_get_size (data->index), >, 5 * sizeof (double));
  fl_series_data_free (data);

  data = g_new0 (FlSeriesData, 1);
  data->n = 5;
  data->ts_s = g_memdup2 (back, sizeof back);
  data->rtt_ms = g_memdup2 (ts, sizeof ts);
  g_assert_false (fl_series_data_build_index (data));
  g_assert_null (data->index);
  fl_series_data_free (data);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/series-index/ranks", test_ranks);
  g_test_add_func ("/series-index/edges", test_edges);

  return g_test_run ();
}
