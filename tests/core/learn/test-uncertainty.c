/* test-uncertainty.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fl-error.h"
#include "fl-metrics.h"
#include "fl-uncertainty.h"
#include "metric-fixtures.h"

static void
assert_close (double got,
              double want,
              double tol)
{
  if (!(fabs (got - want) <= tol * MAX (1.0, fabs (want))))
    g_error ("got %.17g, want %.17g", got, want);
}

/* Reference values from SciPy 1.10.1
 * `scipy.stats.binomtest (x, n).proportion_ci (0.95, method="wilson")`,
 * an independent implementation of the same formula. */
static void
test_wilson_scipy (void)
{
  static const struct { guint64 x, n; double conf, lo, hi; } cases[] = {
    { 4, 10, 0.95, 0.16818032970623614, 0.6873262302663417 },
    { 4, 15, 0.95, 0.10897453325692374, 0.5195043405598057 },
    { 0, 10, 0.95, 0.0, 0.27753279986288926 },
    { 10, 10, 0.95, 0.7224672001371109, 1.0 },
    { 1, 1, 0.95, 0.20654931437723745, 1.0 },
    { 37, 190, 0.95, 0.1447126016882911, 0.2568602057713272 },
    { 4, 10, 0.90, 0.19422699187680328, 0.6483614021398781 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FlInterval ci = fl_wilson_interval (cases[i].x, cases[i].n, cases[i].conf);

      g_test_message ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                      cases[i].x, cases[i].n);
      assert_close (ci.lower, cases[i].lo, 1e-12);
      assert_close (ci.upper, cases[i].hi, 1e-12);
    }

  g_assert_true (isnan (fl_wilson_interval (0, 0, 0.95).lower));
  g_assert_true (isnan (fl_wilson_interval (3, 2, 0.95).upper));
  g_assert_true (isnan (fl_wilson_interval (1, 2, 1.0).lower));
}

/* The methodology's example (§7.1): recall 4/10, precision 4/15. */
static void
test_wilson_confusion (void)
{
  FlConfusionMatrix cm = { 169, 11, 6, 4 };
  FlInterval p, r, s;
  FlConfusionMatrix no_pred = { 10, 0, 5, 0 };

  fl_metrics_wilson_intervals (&cm, 0.95, &p, &r, &s);
  g_assert_cmpfloat (fabs (r.lower - 0.17), <, 0.005);
  g_assert_cmpfloat (fabs (r.upper - 0.69), <, 0.005);
  g_assert_cmpfloat (fabs (p.lower - 0.11), <, 0.005);
  g_assert_cmpfloat (fabs (p.upper - 0.52), <, 0.005);
  assert_close (s.lower, fl_wilson_interval (169, 180, 0.95).lower, 0.0);
  g_assert_cmpfloat (s.lower, <, 169.0 / 180.0);
  g_assert_cmpfloat (s.upper, >, 169.0 / 180.0);

  fl_metrics_wilson_intervals (&no_pred, 0.95, &p, NULL, NULL);
  g_assert_true (isnan (p.lower) && isnan (p.upper));
}

static const MetricFixture *
fixture (const char *name)
{
  for (gsize f = 0; f < G_N_ELEMENTS (metric_fixtures); f++)
    if (g_str_equal (metric_fixtures[f].name, name))
      return &metric_fixtures[f];
  g_assert_not_reached ();
}

/* One block as long as the data: every resample is the data itself. */
static void
test_bootstrap_whole_block (void)
{
  const MetricFixture *fx = fixture ("informative");
  FlBootstrapParams params = { .block_len = fx->n, .n_resamples = 20, .seed = 1 };
  g_autoptr(GError) error = NULL;
  FlBootstrapResult res;
  FlConfusionMatrix cm;
  double ap;

  g_assert_true (fl_block_bootstrap (fx->y_true, fx->score, fx->n, 0.5,
                                     &params, &res, &error));
  g_assert_no_error (error);
  fl_confusion_matrix_compute (fx->y_true, fx->score, fx->n, 0.5, &cm);
  ap = fl_average_precision (fx->y_true, fx->score, fx->n);
  assert_close (res.f1.lower, fl_f1 (&cm), 1e-12);
  assert_close (res.f1.upper, fl_f1 (&cm), 1e-12);
  assert_close (res.average_precision.lower, ap, 1e-12);
  assert_close (res.average_precision.upper, ap, 1e-12);
  g_assert_cmpuint (res.n_valid_ap, ==, 20);
  g_assert_cmpuint (res.block_len, ==, fx->n);
}

/* With B = 1 the interval is that single replicate. Redraw the same block
 * starts with the same GRand sequence, build the resample explicitly and
 * compare with fl_f1() / fl_average_precision() on it: this checks the
 * count-weighted pass over the pre-sorted rows. */
static void
test_bootstrap_single_replicate (void)
{
  const char *names[] = { "random_ties", "informative", "rounded", "extreme" };
  gsize lens[] = { 1, 7, 30 };

  for (gsize f = 0; f < G_N_ELEMENTS (names); f++)
    for (gsize li = 0; li < G_N_ELEMENTS (lens); li++)
      for (guint32 seed = 1; seed <= 5; seed++)
        {
          const MetricFixture *fx = fixture (names[f]);
          FlBootstrapParams params = { .block_len = lens[li], .n_resamples = 1, .seed = seed };
          g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
          g_autofree guint8 *y = g_new (guint8, fx->n);
          g_autofree float *s = g_new (float, fx->n);
          gsize l = lens[li], n_blocks = (fx->n + l - 1) / l, k = 0;
          g_autoptr(GError) error = NULL;
          FlBootstrapResult res;
          FlConfusionMatrix cm;

          for (gsize b = 0; b < n_blocks; b++)
            {
              gsize start = (gsize) g_rand_int_range (rand, 0, (gint32) (fx->n - l + 1));

              for (gsize j = 0; j < l && k < fx->n; j++, k++)
                {
                  y[k] = fx->y_true[start + j];
                  s[k] = fx->score[start + j];
                }
            }
          g_assert_cmpuint (k, ==, fx->n);

          g_assert_true (fl_block_bootstrap (fx->y_true, fx->score, fx->n, 0.5,
                                             &params, &res, &error));
          g_assert_no_error (error);
          fl_confusion_matrix_compute (y, s, fx->n, 0.5, &cm);
          assert_close (res.f1.lower, fl_f1 (&cm), 1e-12);
          assert_close (res.f1.upper, fl_f1 (&cm), 1e-12);
          if (isnan (fl_average_precision (y, s, fx->n)))
            g_assert_cmpuint (res.n_valid_ap, ==, 0);
          else
            {
              assert_close (res.average_precision.lower,
                            fl_average_precision (y, s, fx->n), 1e-12);
              g_assert_cmpuint (res.n_valid_ap, ==, 1);
            }
        }
}

static void
test_bootstrap_defaults_and_seed (void)
{
  const MetricFixture *fx = fixture ("informative");
  FlBootstrapParams params = { .seed = 42 };
  FlBootstrapParams other = { .seed = 43 };
  FlBootstrapResult a, b, c;
  FlConfusionMatrix cm;
  double ap;

  g_assert_true (fl_block_bootstrap (fx->y_true, fx->score, fx->n, 0.5, &params, &a, NULL));
  g_assert_true (fl_block_bootstrap (fx->y_true, fx->score, fx->n, 0.5, &params, &b, NULL));
  g_assert_true (fl_block_bootstrap (fx->y_true, fx->score, fx->n, 0.5, &other, &c, NULL));

  /* ceil (200^(1/3)) = 6; B = 1000; 95 %. */
  g_assert_cmpuint (a.block_len, ==, 6);
  g_assert_cmpuint (a.n_resamples, ==, 1000);
  g_assert_cmpfloat (a.confidence, ==, 0.95);
  g_assert_cmpfloat (a.f1.lower, ==, b.f1.lower);
  g_assert_cmpfloat (a.f1.upper, ==, b.f1.upper);
  g_assert_cmpfloat (a.average_precision.lower, ==, b.average_precision.lower);
  g_assert_true (a.f1.lower != c.f1.lower || a.f1.upper != c.f1.upper
                 || a.average_precision.lower != c.average_precision.lower);

  fl_confusion_matrix_compute (fx->y_true, fx->score, fx->n, 0.5, &cm);
  ap = fl_average_precision (fx->y_true, fx->score, fx->n);
  g_assert_cmpfloat (a.f1.lower, <, fl_f1 (&cm));
  g_assert_cmpfloat (a.f1.upper, >, fl_f1 (&cm));
  g_assert_cmpfloat (a.average_precision.lower, <, ap);
  g_assert_cmpfloat (a.average_precision.upper, >, ap);
  g_assert_cmpfloat (a.f1.lower, >=, 0.0);
  g_assert_cmpfloat (a.average_precision.upper, <=, 1.0);

  /* A wider confidence level gives a wider interval. */
  params.confidence = 0.5;
  g_assert_true (fl_block_bootstrap (fx->y_true, fx->score, fx->n, 0.5, &params, &b, NULL));
  g_assert_cmpfloat (b.f1.upper - b.f1.lower, <, a.f1.upper - a.f1.lower);

  /* Default block length for 1000 rows is exactly 10. */
  {
    g_autofree guint8 *y = g_new0 (guint8, 1000);
    g_autofree float *s = g_new0 (float, 1000);
    FlBootstrapParams few = { .n_resamples = 5 };

    for (gsize i = 0; i < 1000; i++)
      {
        y[i] = i % 7 == 0;
        s[i] = (float) ((i * 37) % 101) / 100.0f;
      }
    g_assert_true (fl_block_bootstrap (y, s, 1000, 0.5, &few, &a, NULL));
    g_assert_cmpuint (a.block_len, ==, 10);
    g_assert_true (fl_block_bootstrap (y, s, 1000, 0.5, NULL, &a, NULL));
    g_assert_cmpuint (a.n_resamples, ==, 1000);
  }
}

static void
test_bootstrap_errors (void)
{
  const MetricFixture *neg = fixture ("all_negative");
  const guint8 y[] = { 0, 1, 1 };
  const float s[] = { 0.1f, NAN, 0.3f };
  FlBootstrapParams too_long = { .block_len = 4 };
  FlBootstrapParams bad_conf = { .confidence = 1.5 };
  g_autoptr(GError) error = NULL;
  FlBootstrapResult res;

  g_assert_false (fl_block_bootstrap (y, s, 3, 0.5, NULL, &res, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_block_bootstrap (y, s, 3, 0.5, &too_long, &res, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_block_bootstrap (y, s, 3, 0.5, &bad_conf, &res, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_block_bootstrap (NULL, NULL, 0, 0.5, NULL, &res, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);

  /* No positive row: AP undefined in every resample. */
  g_assert_true (fl_block_bootstrap (neg->y_true, neg->score, neg->n, 0.5, NULL, &res, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (res.n_valid_ap, ==, 0);
  g_assert_true (isnan (res.average_precision.lower));
  g_assert_cmpfloat (res.f1.upper, ==, 0.0);
}

static void
test_json (void)
{
  const MetricFixture *fx = fixture ("all_negative");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  FlBootstrapResult res;
  JsonObject *obj;
  JsonArray *ci;

  g_assert_true (fl_block_bootstrap (fx->y_true, fx->score, fx->n, 0.5, NULL, &res, NULL));
  json_builder_begin_object (builder);
  fl_bootstrap_result_to_json (&res, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  obj = json_node_get_object (root);
  ci = json_object_get_array_member (obj, "average_precision_ci");
  g_assert_cmpuint (json_array_get_length (ci), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (ci, 0)));
  ci = json_object_get_array_member (obj, "f1_ci");
  g_assert_cmpfloat (json_array_get_double_element (ci, 1), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (obj, "bootstrap_resamples"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (obj, "bootstrap_block_len"), ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/learn/uncertainty/wilson-scipy", test_wilson_scipy);
  g_test_add_func ("/learn/uncertainty/wilson-confusion", test_wilson_confusion);
  g_test_add_func ("/learn/uncertainty/bootstrap-whole-block", test_bootstrap_whole_block);
  g_test_add_func ("/learn/uncertainty/bootstrap-single-replicate",
                   test_bootstrap_single_replicate);
  g_test_add_func ("/learn/uncertainty/bootstrap-defaults-seed",
                   test_bootstrap_defaults_and_seed);
  g_test_add_func ("/learn/uncertainty/bootstrap-errors", test_bootstrap_errors);
  g_test_add_func ("/learn/uncertainty/json", test_json);

  return g_test_run ();
}
