/* test-features.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fl-error.h"
#include "fl-features.h"

/* A small series worked out by hand (60 s buckets):
 *   bucket 0: 10, 20 ms   bucket 1: 12     bucket 2: (empty)
 *   bucket 3: 30, 40      bucket 4: 14     bucket 5: 13     bucket 6: 50
 * The seed-compat expectations were cross-checked once with pandas 1.5
 * (the reference's resample/ffill/diff/rolling calls with window 3, k 1,
 * horizon 1, lag 1); the numbers are copied below. */
static const double ts7[] = { 0, 30, 60, 180, 200, 240, 300, 360 };
static const double rtt7[] = { 10, 20, 12, 30, 40, 14, 13, 50 };

#define F(t, row, col) ((t)->X[(row) * FL_N_FEATURES + (col)])

static void
small_params (FlPipelineParams *p,
              FlPipelineMode    mode)
{
  fl_pipeline_params_init_default (p);
  p->mode = mode;
  p->window_buckets = 3;
  p->k_sigma = 1.0;
  p->horizon_buckets = 1;
  p->change_lag_buckets = 1;
}

static void
test_seed_compat_by_hand (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlFeatureTable) t = NULL;
  FlPipelineParams p;
  /* pandas: rows at buckets 1..4 (bucket 0 has NaN change/std, bucket 5 no target) */
  static const double chg[] = { -3.0, 0.0, 23.0, -21.0 };
  static const double rm[] = { 13.5, 13.0, 19.666666666666668, 20.333333333333332 };
  static const double rs[] = { 2.1213203435596424, 1.7320508075688772, 13.279056191361391,
                               12.741009902410928 };
  static const guint8 target[] = { 0, 1, 0, 0 };
  static const guint8 now[] = { 0, 0, 1, 0 };

  small_params (&p, FL_PIPELINE_SEED_COMPAT);
  /* the first 7 samples only: buckets 0..5 */
  t = fl_features_compute (ts7, rtt7, 7, &p, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);

  g_assert_cmpuint (t->n_buckets, ==, 6);
  g_assert_cmpuint (t->n_empty_buckets, ==, 1);
  g_assert_cmpuint (t->n_rows, ==, 4);
  g_assert_cmpuint (t->n_warmup_dropped, ==, 1);

  for (gsize i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (t->bucket_start_s[i], ==, 60.0 * (i + 1));
      g_assert_cmpfloat_with_epsilon (F (t, i, FL_FEATURE_LATENCY_CHANGE_5M), chg[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (F (t, i, FL_FEATURE_ROLLING_MEAN), rm[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (F (t, i, FL_FEATURE_ROLLING_STD), rs[i], 1e-12);
      /* every bucket's jitter is sqrt(50): forward-filled into single-reply buckets */
      g_assert_cmpfloat_with_epsilon (F (t, i, FL_FEATURE_JITTER), sqrt (50.0), 1e-12);
      g_assert_cmpuint (t->target[i], ==, target[i]);
      g_assert_cmpuint (t->label_now[i], ==, now[i]);
    }
  /* bucket 2 is the forward-filled copy of bucket 1 */
  g_assert_cmpuint (t->imputed[1], ==, 1);
  g_assert_cmpfloat (F (t, 1, FL_FEATURE_AVG_LATENCY), ==, 12.0);
  g_assert_cmpfloat (F (t, 1, FL_FEATURE_PACKET_COUNT), ==, 0.0);
  g_assert_cmpfloat (F (t, 2, FL_FEATURE_AVG_LATENCY), ==, 35.0);
  g_assert_cmpfloat (F (t, 2, FL_FEATURE_RTT_MIN), ==, 30.0);
  g_assert_cmpfloat (F (t, 2, FL_FEATURE_RTT_MAX), ==, 40.0);
  g_assert_cmpfloat (F (t, 2, FL_FEATURE_PACKET_COUNT), ==, 2.0);
}

static void
test_honest_by_hand (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlFeatureTable) t = NULL;
  FlPipelineParams p;

  small_params (&p, FL_PIPELINE_HONEST);
  p.horizon_buckets = 2;
  t = fl_features_compute (ts7, rtt7, G_N_ELEMENTS (ts7), &p, &error);
  g_assert_no_error (error);

  /* Buckets 0 and 1 are warm-up (no full window yet); bucket 2 is empty and
   * not a row; bucket 6 has nothing in its horizon. Rows: buckets 3, 4, 5. */
  g_assert_cmpuint (t->n_buckets, ==, 7);
  g_assert_cmpuint (t->n_empty_buckets, ==, 1);
  g_assert_cmpuint (t->n_warmup_dropped, ==, 2);
  g_assert_cmpuint (t->n_rows, ==, 3);
  g_assert_cmpfloat (t->bucket_start_s[0], ==, 180);
  g_assert_cmpfloat (t->bucket_start_s[1], ==, 240);
  g_assert_cmpfloat (t->bucket_start_s[2], ==, 300);

  /* baseline over buckets [b-3, b-1], current excluded */
  g_assert_cmpfloat_with_epsilon (F (t, 0, FL_FEATURE_ROLLING_MEAN), 13.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (F (t, 0, FL_FEATURE_ROLLING_STD), sqrt (4.5), 1e-12);
  g_assert_cmpfloat_with_epsilon (F (t, 1, FL_FEATURE_ROLLING_MEAN), 23.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (F (t, 2, FL_FEATURE_ROLLING_MEAN), 24.5, 1e-12);
  /* 35 > 13.5 + 2.12: degraded now; 14 and 13 are not */
  g_assert_cmpuint (t->label_now[0], ==, 1);
  g_assert_cmpuint (t->label_now[1], ==, 0);
  g_assert_cmpuint (t->label_now[2], ==, 0);
  /* bucket 6 (50 ms > 20.67 + 12.42) is degraded: targets of 4 and 5 */
  g_assert_cmpuint (t->target[0], ==, 0);
  g_assert_cmpuint (t->target[1], ==, 1);
  g_assert_cmpuint (t->target[2], ==, 1);
  /* change against the latest non-empty bucket at least one bucket back */
  g_assert_cmpfloat (F (t, 0, FL_FEATURE_LATENCY_CHANGE_5M), ==, 23.0);
  g_assert_cmpfloat (F (t, 1, FL_FEATURE_LATENCY_CHANGE_5M), ==, -21.0);
  g_assert_cmpfloat (F (t, 2, FL_FEATURE_LATENCY_CHANGE_5M), ==, -1.0);
  /* no forward-fill: a single reply has no jitter */
  g_assert_cmpfloat_with_epsilon (F (t, 0, FL_FEATURE_JITTER), sqrt (50.0), 1e-12);
  g_assert_true (isnan (F (t, 1, FL_FEATURE_JITTER)));
  for (gsize i = 0; i < t->n_rows; i++)
    g_assert_cmpuint (t->imputed[i], ==, 0);
}

/* Features at t use data at or before t only: changing every sample after
 * a cut never changes a feature row at or before the cut. */
static void
test_honest_past_only (void)
{
  g_autoptr(GArray) ts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rtt = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(FlFeatureTable) a = NULL;
  g_autoptr(FlFeatureTable) b = NULL;
  FlPipelineParams p;
  double cut = 0;
  gsize n_checked = 0;

  for (int i = 0; i < 3000; i++)
    {
      double t = i * 37.0 + g_rand_double_range (rand, 0, 5);
      double r = 50 + g_rand_double_range (rand, 0, 10) + (i % 400 > 390 ? 80 : 0);

      if (i % 17 == 0)
        r = NAN;
      g_array_append_val (ts, t);
      g_array_append_val (rtt, r);
    }
  fl_pipeline_params_init_default (&p);
  a = fl_features_compute ((double *)ts->data, (double *)rtt->data, ts->len, &p, NULL);
  g_assert_nonnull (a);
  g_assert_cmpuint (a->n_rows, >, 500);

  cut = ((double *)ts->data)[2000];
  for (guint i = 0; i < ts->len; i++)
    if (((double *)ts->data)[i] >= floor (cut / 60) * 60 + 60 &&
        !isnan (((double *)rtt->data)[i]))
      ((double *)rtt->data)[i] = 500 + g_rand_double_range (rand, 0, 300);
  b = fl_features_compute ((double *)ts->data, (double *)rtt->data, ts->len, &p, NULL);
  g_assert_nonnull (b);

  for (gsize i = 0; i < a->n_rows && i < b->n_rows; i++)
    {
      if (a->bucket_start_s[i] > floor (cut / 60) * 60)
        break;
      g_assert_cmpfloat (a->bucket_start_s[i], ==, b->bucket_start_s[i]);
      for (guint f = 0; f < FL_N_FEATURES; f++)
        {
          double x = F (a, i, f), y = F (b, i, f);

          g_assert_true ((isnan (x) && isnan (y)) || x == y);
        }
      g_assert_cmpuint (a->label_now[i], ==, b->label_now[i]);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 300);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  FlPipelineParams p;
  double lost[] = { NAN, NAN };
  double t2[] = { 0, 60 };

  fl_pipeline_params_init_default (&p);
  g_assert_null (fl_features_compute (t2, lost, 2, &p, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);

  p.bucket_s = 0;
  g_assert_null (fl_features_compute (ts7, rtt7, 8, &p, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  fl_pipeline_params_init_default (&p);
  p.bucket_s = 1;
  {
    double far[] = { 0, 1e9 };
    double r[] = { 1, 2 };

    g_assert_null (fl_features_compute (far, r, 2, &p, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/features/seed-compat/by-hand", test_seed_compat_by_hand);
  g_test_add_func ("/features/honest/by-hand", test_honest_by_hand);
  g_test_add_func ("/features/honest/past-only", test_honest_past_only);
  g_test_add_func ("/features/errors", test_errors);
  return g_test_run ();
}
