/* test-metrics.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fl-metrics.h"
#include "metric-fixtures.h"

/* Relative tolerance 1e-12 (absolute near 0). */
static void
assert_close (const char *what,
              const char *fixture,
              double      got,
              double      want)
{
  if (isnan (want))
    {
      if (!isnan (got))
        g_error ("%s/%s: got %.17g, want NaN", fixture, what, got);
      return;
    }
  if (!(fabs (got - want) <= 1e-12 * MAX (1.0, fabs (want))))
    g_error ("%s/%s: got %.17g, want %.17g", fixture, what, got, want);
}

static void
test_sklearn_fixtures (void)
{
  for (gsize f = 0; f < G_N_ELEMENTS (metric_fixtures); f++)
    {
      const MetricFixture *fx = &metric_fixtures[f];
      FlConfusionMatrix cm;

      g_test_message ("fixture %s", fx->name);
      fl_confusion_matrix_compute (fx->y_true, fx->score, fx->n,
                                   METRIC_FIXTURE_THRESHOLD, &cm);
      g_assert_cmpuint (cm.tn, ==, fx->tn);
      g_assert_cmpuint (cm.fp, ==, fx->fp);
      g_assert_cmpuint (cm.fn, ==, fx->fn);
      g_assert_cmpuint (cm.tp, ==, fx->tp);
      assert_close ("precision", fx->name, fl_precision (&cm), fx->precision);
      assert_close ("recall", fx->name, fl_recall (&cm), fx->recall);
      assert_close ("f1", fx->name, fl_f1 (&cm), fx->f1);
      assert_close ("average_precision", fx->name,
                    fl_average_precision (fx->y_true, fx->score, fx->n),
                    fx->average_precision);
    }
}

static void
test_zero_division (void)
{
  FlConfusionMatrix empty = { 0, 0, 0, 0 };
  FlConfusionMatrix no_pred = { 5, 0, 3, 0 };
  FlConfusionMatrix no_pos = { 5, 2, 0, 0 };

  g_assert_cmpfloat (fl_precision (&empty), ==, 0.0);
  g_assert_cmpfloat (fl_recall (&empty), ==, 0.0);
  g_assert_cmpfloat (fl_f1 (&empty), ==, 0.0);
  g_assert_cmpfloat (fl_precision (&no_pred), ==, 0.0);
  g_assert_cmpfloat (fl_recall (&no_pred), ==, 0.0);
  g_assert_cmpfloat (fl_f1 (&no_pred), ==, 0.0);
  g_assert_cmpfloat (fl_precision (&no_pos), ==, 0.0);
  g_assert_cmpfloat (fl_recall (&no_pos), ==, 0.0);
  g_assert_cmpfloat (fl_f1 (&no_pos), ==, 0.0);
}

static void
test_threshold_inclusive (void)
{
  const guint8 y[] = { 0, 1, 1, 0 };
  const float s[] = { 0.5f, 0.5f, 0.49f, 0.1f };
  FlConfusionMatrix cm;

  fl_confusion_matrix_compute (y, s, G_N_ELEMENTS (y), 0.5, &cm);
  g_assert_cmpuint (cm.tp, ==, 1);
  g_assert_cmpuint (cm.fp, ==, 1);
  g_assert_cmpuint (cm.fn, ==, 1);
  g_assert_cmpuint (cm.tn, ==, 1);

  fl_confusion_matrix_compute (NULL, NULL, 0, 0.5, &cm);
  g_assert_cmpuint (cm.tp + cm.fp + cm.fn + cm.tn, ==, 0);
}

static void
test_average_precision_small (void)
{
  /* The example from sklearn's docstring: 0.8333... */
  const guint8 y[] = { 0, 0, 1, 1 };
  const float s[] = { 0.1f, 0.4f, 0.35f, 0.8f };
  /* Ties: a positive and a negative share the top score. Thresholds 0.9
   * (P = 1/2, R = 1/2) and 0.2 (P = 2/3, R = 1): AP = 1/4 + 1/3. */
  const guint8 y_tie[] = { 1, 0, 1 };
  const float s_tie[] = { 0.9f, 0.9f, 0.2f };

  assert_close ("ap", "docstring",
                fl_average_precision (y, s, G_N_ELEMENTS (y)), 5.0 / 6.0);
  assert_close ("ap", "tie",
                fl_average_precision (y_tie, s_tie, G_N_ELEMENTS (y_tie)),
                0.25 + 1.0 / 3.0);
  g_assert_true (isnan (fl_average_precision (NULL, NULL, 0)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/learn/metrics/sklearn-fixtures", test_sklearn_fixtures);
  g_test_add_func ("/learn/metrics/zero-division", test_zero_division);
  g_test_add_func ("/learn/metrics/threshold-inclusive",
                   test_threshold_inclusive);
  g_test_add_func ("/learn/metrics/average-precision-small",
                   test_average_precision_small);

  return g_test_run ();
}
