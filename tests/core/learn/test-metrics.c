/* test-metrics.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <float.h>
#include <string.h>

#include "fl-curves.h"
#include "fl-error.h"
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
      assert_close ("specificity", fx->name, fl_specificity (&cm), fx->specificity);
      assert_close ("mcc", fx->name, fl_mcc (&cm), fx->mcc);
      assert_close ("balanced_accuracy", fx->name, fl_balanced_accuracy (&cm),
                    fx->balanced_accuracy);
      assert_close ("accuracy", fx->name, fl_accuracy (&cm), fx->accuracy);
      assert_close ("roc_auc", fx->name,
                    fl_roc_auc (fx->y_true, fx->score, fx->n), fx->roc_auc);
      assert_close ("brier", fx->name,
                    fl_brier_score (fx->y_true, fx->score, fx->n), fx->brier);
      assert_close ("log_loss", fx->name,
                    fl_log_loss (fx->y_true, fx->score, fx->n, FL_LOG_LOSS_EPS),
                    fx->log_loss);
      assert_close ("log_loss_auto", fx->name,
                    fl_log_loss (fx->y_true, fx->score, fx->n, DBL_EPSILON),
                    fx->log_loss_auto);
    }
}

/* fl_metrics_compute() fills every field with the same values. */
static void
test_metrics_compute (void)
{
  for (gsize f = 0; f < G_N_ELEMENTS (metric_fixtures); f++)
    {
      const MetricFixture *fx = &metric_fixtures[f];
      g_autoptr(GError) error = NULL;
      FlMetrics m;

      g_assert_true (fl_metrics_compute (fx->y_true, fx->score, fx->n,
                                         METRIC_FIXTURE_THRESHOLD, &m, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (m.n, ==, fx->n);
      g_assert_cmpuint (m.n_positive, ==, fx->tp + fx->fn);
      g_assert_cmpuint (m.cm.tp, ==, fx->tp);
      g_assert_cmpuint (m.cm.fp, ==, fx->fp);
      g_assert_cmpuint (m.cm.fn, ==, fx->fn);
      g_assert_cmpuint (m.cm.tn, ==, fx->tn);
      assert_close ("precision", fx->name, m.precision, fx->precision);
      assert_close ("recall", fx->name, m.recall, fx->recall);
      assert_close ("f1", fx->name, m.f1, fx->f1);
      assert_close ("specificity", fx->name, m.specificity, fx->specificity);
      assert_close ("mcc", fx->name, m.mcc, fx->mcc);
      assert_close ("balanced_accuracy", fx->name, m.balanced_accuracy,
                    fx->balanced_accuracy);
      assert_close ("accuracy", fx->name, m.accuracy, fx->accuracy);
      assert_close ("roc_auc", fx->name, m.roc_auc, fx->roc_auc);
      assert_close ("average_precision", fx->name, m.average_precision,
                    fx->average_precision);
      assert_close ("brier", fx->name, m.brier, fx->brier);
      assert_close ("log_loss", fx->name, m.log_loss, fx->log_loss);
    }
}

static void
test_metrics_errors (void)
{
  const guint8 y[] = { 0, 1, 1 };
  const float s[] = { 0.2f, NAN, 0.9f };
  const float bad_prob[] = { 0.2f, 1.5f, 0.9f };
  g_autoptr(GError) error = NULL;
  FlMetrics m;

  g_assert_false (fl_metrics_compute (y, s, 3, 0.5, &m, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_metrics_compute (NULL, NULL, 0, 0.5, &m, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);
  g_assert_false (fl_metrics_compute (y, bad_prob, 3, NAN, &m, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  /* Scores that are not probabilities: ranking metrics only. */
  g_assert_true (fl_metrics_compute (y, bad_prob, 3, 0.5, &m, &error));
  g_assert_no_error (error);
  g_assert_true (isnan (m.brier));
  g_assert_true (isnan (m.log_loss));
  assert_close ("roc_auc", "bad_prob", m.roc_auc, 1.0);
}

static void
assert_array_close (const char   *what,
                    const char   *fixture,
                    const double *got,
                    const double *want,
                    gsize         n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", what, i);

      assert_close (label, fixture, got[i], want[i]);
    }
}

static void
test_curve_fixtures (void)
{
  for (gsize f = 0; f < G_N_ELEMENTS (curve_fixtures); f++)
    {
      const CurveFixture *fx = &curve_fixtures[f];
      g_autoptr(GError) error = NULL;
      g_autoptr(FlCurve) pr = NULL;
      g_autoptr(FlCurve) roc = NULL;
      g_autoptr(FlCurve) roc_drop = NULL;
      g_autoptr(FlCurve) cal = NULL;

      g_test_message ("curve fixture %s", fx->name);
      pr = fl_pr_curve (fx->y_true, fx->score, fx->n, &error);
      g_assert_no_error (error);
      g_assert_cmpint (pr->kind, ==, FL_CURVE_PR);
      g_assert_cmpuint (pr->n_points, ==, fx->n_pr);
      assert_array_close ("pr_precision", fx->name, pr->y, fx->pr_precision, fx->n_pr);
      assert_array_close ("pr_recall", fx->name, pr->x, fx->pr_recall, fx->n_pr);
      assert_array_close ("pr_threshold", fx->name, pr->threshold, fx->pr_threshold, fx->n_pr);

      roc = fl_roc_curve (fx->y_true, fx->score, fx->n, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (roc->n_points, ==, fx->n_roc);
      assert_array_close ("roc_fpr", fx->name, roc->x, fx->roc_fpr, fx->n_roc);
      assert_array_close ("roc_tpr", fx->name, roc->y, fx->roc_tpr, fx->n_roc);
      assert_array_close ("roc_threshold", fx->name, roc->threshold, fx->roc_threshold, fx->n_roc);

      roc_drop = fl_roc_curve (fx->y_true, fx->score, fx->n, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (roc_drop->n_points, ==, fx->n_roc_drop);
      assert_array_close ("roc_drop_fpr", fx->name, roc_drop->x, fx->roc_drop_fpr, fx->n_roc_drop);
      assert_array_close ("roc_drop_tpr", fx->name, roc_drop->y, fx->roc_drop_tpr, fx->n_roc_drop);
      assert_array_close ("roc_drop_threshold", fx->name, roc_drop->threshold,
                          fx->roc_drop_threshold, fx->n_roc_drop);

      cal = fl_calibration_curve (fx->y_true, fx->score, fx->n,
                                  CURVE_FIXTURE_CAL_BINS, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cal->n_points, ==, fx->n_cal);
      assert_array_close ("cal_prob_true", fx->name, cal->y, fx->cal_prob_true, fx->n_cal);
      assert_array_close ("cal_prob_pred", fx->name, cal->x, fx->cal_prob_pred, fx->n_cal);
      for (gsize i = 0; i < fx->n_cal; i++)
        g_assert_cmpuint (cal->count[i], ==, fx->cal_count[i]);
    }
}

static void
test_curve_errors (void)
{
  const guint8 y[] = { 0, 1 };
  const float nan_s[] = { 0.2f, NAN };
  const float big_s[] = { 0.2f, 1.01f };
  g_autoptr(GError) error = NULL;

  g_assert_null (fl_pr_curve (y, nan_s, 2, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fl_roc_curve (NULL, NULL, 0, TRUE, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);
  g_assert_null (fl_calibration_curve (y, big_s, 2, 10, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fl_calibration_curve (y, nan_s, 2, 0, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

/* Calibration bin edges: a score on an inner edge goes to the lower bin
 * (numpy.searchsorted side='left'), 0 to the first and 1 to the last. */
static void
test_calibration_edges (void)
{
  const guint8 y[] = { 1, 0, 1, 0, 1 };
  const float s[] = { 0.0f, 0.5f, 0.5f, 0.75f, 1.0f };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCurve) cal = fl_calibration_curve (y, s, 5, 2, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cal->n_points, ==, 2);
  g_assert_cmpuint (cal->count[0], ==, 3);
  g_assert_cmpuint (cal->count[1], ==, 2);
  assert_close ("x0", "edges", cal->x[0], 1.0 / 3.0);
  assert_close ("y0", "edges", cal->y[0], 2.0 / 3.0);
  assert_close ("x1", "edges", cal->x[1], 0.875);
  assert_close ("y1", "edges", cal->y[1], 0.5);
  assert_close ("lower1", "edges", cal->threshold[1], 0.5);
}

static void
test_curve_downsample (void)
{
  const CurveFixture *fx = &curve_fixtures[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCurve) roc = fl_roc_curve (fx->y_true, fx->score, fx->n, FALSE, &error);
  double last_x, last_y;

  g_assert_no_error (error);
  g_assert_cmpuint (roc->n_points, >, 50);
  last_x = roc->x[roc->n_points - 1];
  last_y = roc->y[roc->n_points - 1];
  fl_curve_downsample (roc, 50);
  g_assert_cmpuint (roc->n_points, ==, 50);
  g_assert_cmpfloat (roc->x[0], ==, 0.0);
  g_assert_cmpfloat (roc->y[0], ==, 0.0);
  g_assert_cmpfloat (roc->x[49], ==, last_x);
  g_assert_cmpfloat (roc->y[49], ==, last_y);
  for (gsize i = 1; i < roc->n_points; i++)
    g_assert_cmpfloat (roc->x[i], >=, roc->x[i - 1]);
  /* No-op when already small enough. */
  fl_curve_downsample (roc, 60);
  g_assert_cmpuint (roc->n_points, ==, 50);
}

/* The sweep at 0.50 equals the confusion-matrix metrics at 0.5, and the
 * counts fall as the threshold rises. */
static void
test_threshold_sweep (void)
{
  for (gsize f = 0; f < G_N_ELEMENTS (metric_fixtures); f++)
    {
      const MetricFixture *fx = &metric_fixtures[f];
      g_autoptr(GError) error = NULL;
      g_autoptr(FlThresholdSweep) sw = fl_threshold_sweep (fx->y_true, fx->score,
                                                           NULL, fx->n, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (sw->n_points, ==, 101);
      g_assert_cmpfloat (sw->threshold[50], ==, 0.5);
      g_assert_cmpuint (sw->tp[50], ==, fx->tp);
      g_assert_cmpuint (sw->fp[50], ==, fx->fp);
      assert_close ("sweep_precision", fx->name, sw->precision[50], fx->precision);
      assert_close ("sweep_recall", fx->name, sw->recall[50], fx->recall);
      assert_close ("sweep_f1", fx->name, sw->f1[50], fx->f1);
      g_assert_true (isnan (sw->false_alarms_per_day[50]));
      for (gsize k = 1; k < sw->n_points; k++)
        {
          FlConfusionMatrix cm;

          g_assert_cmpuint (sw->tp[k], <=, sw->tp[k - 1]);
          g_assert_cmpuint (sw->fp[k], <=, sw->fp[k - 1]);
          fl_confusion_matrix_compute (fx->y_true, fx->score, fx->n, sw->threshold[k], &cm);
          g_assert_cmpuint (sw->tp[k], ==, cm.tp);
          g_assert_cmpuint (sw->fp[k], ==, cm.fp);
        }
    }
}

static void
test_json (void)
{
  const MetricFixture *fx = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCurve) pr = NULL;
  g_autofree char *text = NULL;
  JsonObject *obj, *curve;
  JsonArray *thr;
  FlMetrics m;

  for (gsize f = 0; f < G_N_ELEMENTS (metric_fixtures); f++)
    if (g_str_equal (metric_fixtures[f].name, "all_negative"))
      fx = &metric_fixtures[f];
  g_assert_nonnull (fx);

  g_assert_true (fl_metrics_compute (fx->y_true, fx->score, fx->n, 0.5, &m, &error));
  pr = fl_pr_curve (fx->y_true, fx->score, fx->n, &error);
  g_assert_no_error (error);

  json_builder_begin_object (b);
  fl_metrics_to_json (&m, b);
  json_builder_set_member_name (b, "pr");
  json_builder_begin_object (b);
  fl_curve_to_json (pr, b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  g_assert_null (strstr (text, "nan"));
  g_assert_null (strstr (text, "inf"));

  obj = json_node_get_object (root);
  g_assert_true (json_object_get_null_member (obj, "roc_auc"));
  g_assert_true (json_object_get_null_member (obj, "average_precision"));
  g_assert_cmpint (json_object_get_int_member (obj, "fp"), ==, (gint64) fx->fp);
  assert_close ("json_specificity", fx->name,
                json_object_get_double_member (obj, "specificity"), fx->specificity);
  assert_close ("json_log_loss", fx->name,
                json_object_get_double_member (obj, "log_loss"), fx->log_loss);
  curve = json_object_get_object_member (obj, "pr");
  g_assert_cmpstr (json_object_get_string_member (curve, "kind"), ==, "pr");
  thr = json_object_get_array_member (curve, "threshold");
  g_assert_cmpuint (json_array_get_length (thr), ==, pr->n_points);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (thr, pr->n_points - 1)));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (curve, "recall")),
                    ==, pr->n_points);
}

/* Hand-checked values: MCC of tp=6 fp=2 fn=1 tn=11 is
 * (6·11 − 2·1)/√(8·7·13·12) = 64/√8736; ROC-AUC with a tie between a
 * positive and a negative counts one half. */
static void
test_hand_values (void)
{
  FlConfusionMatrix cm = { 11, 2, 1, 6 };
  const guint8 y[] = { 1, 0, 1, 0 };
  const float s[] = { 0.8f, 0.8f, 0.3f, 0.1f };

  assert_close ("mcc", "hand", fl_mcc (&cm), 64.0 / sqrt (8736.0));
  assert_close ("balanced_accuracy", "hand", fl_balanced_accuracy (&cm),
                (11.0 / 13.0 + 6.0 / 7.0) / 2.0);
  /* Pairs (pos, neg): (0.8, 0.8) ½, (0.8, 0.1) 1, (0.3, 0.8) 0, (0.3, 0.1) 1. */
  assert_close ("roc_auc", "hand", fl_roc_auc (y, s, 4), 2.5 / 4.0);
  /* Brier: (0.2² + 0.8² + 0.7² + 0.1²) / 4 with float32 inputs. */
  assert_close ("brier", "hand", fl_brier_score (y, s, 4),
                (pow (1.0 - (double) 0.8f, 2) + pow ((double) 0.8f, 2)
                 + pow (1.0 - (double) 0.3f, 2) + pow ((double) 0.1f, 2)) / 4.0);
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
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/learn/metrics/sklearn-fixtures", test_sklearn_fixtures);
  g_test_add_func ("/learn/metrics/zero-division", test_zero_division);
  g_test_add_func ("/learn/metrics/threshold-inclusive",
                   test_threshold_inclusive);
  g_test_add_func ("/learn/metrics/average-precision-small",
                   test_average_precision_small);
  g_test_add_func ("/learn/metrics/compute", test_metrics_compute);
  g_test_add_func ("/learn/metrics/errors", test_metrics_errors);
  g_test_add_func ("/learn/metrics/hand-values", test_hand_values);
  g_test_add_func ("/learn/curves/sklearn-fixtures", test_curve_fixtures);
  g_test_add_func ("/learn/curves/errors", test_curve_errors);
  g_test_add_func ("/learn/curves/calibration-edges", test_calibration_edges);
  g_test_add_func ("/learn/curves/downsample", test_curve_downsample);
  g_test_add_func ("/learn/curves/threshold-sweep", test_threshold_sweep);
  g_test_add_func ("/learn/metrics/json", test_json);

  return g_test_run ();
}
