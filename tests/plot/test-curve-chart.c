/* test-curve-chart.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-test"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "fl-curve-chart.h"
#include "plot-test-util.h"

#define N_ROWS 3000

/* Two synthetic arms on the same rows: a useful score and a weak one, with
 * 10 % positives. */
static FlArmCurves *
make_curves (const guint8 *y,
             const float  *score,
             const double *ts,
             FlMetrics    *metrics)
{
  g_autoptr(GError) error = NULL;
  FlArmCurves *c = g_new0 (FlArmCurves, 1);
  FlEventParams ep = { 60, 60, 0 };

  g_assert_true (fl_metrics_compute (y, score, N_ROWS, 0.5, metrics, &error));
  g_assert_no_error (error);
  c->pr = fl_pr_curve (y, score, N_ROWS, &error);
  g_assert_no_error (error);
  fl_curve_downsample (c->pr, 400);
  c->roc = fl_roc_curve (y, score, N_ROWS, TRUE, &error);
  g_assert_no_error (error);
  c->calibration = fl_calibration_curve (y, score, N_ROWS, 10, &error);
  g_assert_no_error (error);
  c->sweep = fl_threshold_sweep (y, score, ts, N_ROWS, &ep, &error);
  g_assert_no_error (error);
  return c;
}

static FlCurveChart *
make_chart (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree guint8 *y = g_new (guint8, N_ROWS);
  g_autofree float *good = g_new (float, N_ROWS);
  g_autofree float *weak = g_new (float, N_ROWS);
  g_autofree double *ts = g_new (double, N_ROWS);
  FlCurveChart *chart = fl_curve_chart_new ();
  FlMetrics m;

  for (guint i = 0; i < N_ROWS; i++)
    {
      y[i] = i % 10 == 0;
      ts[i] = 1.7e9 + 60.0 * i;
      good[i] = CLAMP ((y[i] ? 0.55 : 0.25) + g_rand_double_range (rand, -0.25, 0.25), 0, 1);
      weak[i] = CLAMP ((y[i] ? 0.4 : 0.3) + g_rand_double_range (rand, -0.3, 0.3), 0, 1);
    }

  {
    g_autoptr(FlArmCurves) c = make_curves (y, good, ts, &m);

    fl_curve_chart_add_arm (chart, "xgboost + smote", FALSE, &m, c);
  }
  {
    g_autoptr(FlArmCurves) c = make_curves (y, weak, ts, &m);

    fl_curve_chart_add_arm (chart, "persistence", TRUE, &m, c);
  }
  return chart;
}

static cairo_surface_t *
render (const FlCurveChart *chart,
        FlCurveChartKind    kind,
        gboolean            dark,
        int                 width,
        int                 height)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  FlChartStyle style;

  fl_chart_style_init (&style, dark);
  g_assert_true (fl_curve_chart_draw (chart, kind, cr, width, height, &style, &error));
  g_assert_no_error (error);
  fl_plot_test_assert_restored (cr);
  cairo_destroy (cr);

  if (width == 640)
    {
      static const char *names[] = { "pr", "roc", "calibration", "sweep" };
      g_autofree char *name = g_strdup_printf ("curve-%s-%s.png", names[kind],
                                               dark ? "dark" : "light");

      fl_plot_test_save_png (surface, name);
    }
  return surface;
}

static void
test_draw_kinds (void)
{
  g_autoptr(FlCurveChart) chart = make_chart ();
  g_autoptr(GError) error = NULL;
  double blue[3], green[3];

  if (!fl_rtt_chart_check_driver (&error))
    {
      g_test_skip (error->message);
      return;
    }

  fl_curve_chart_arm_color (0, blue);
  fl_curve_chart_arm_color (1, green);
  g_assert_cmpfloat_with_epsilon (blue[0], 0x35 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (green[1], 0xc2 / 255.0, 1e-9);

  for (int dark = 0; dark <= 1; dark++)
    for (int kind = FL_CURVE_CHART_PR; kind <= FL_CURVE_CHART_SWEEP; kind++)
      {
        cairo_surface_t *surface = render (chart, kind, dark, 640, 420);
        FlChartStyle style;
        guint n_bg, n_blue, n_green;
        double arm_blue[3], arm_green[3];

        fl_chart_style_init (&style, dark);
        /* Dark mode draws the palette a touch lighter. */
        for (guint i = 0; i < 3; i++)
          {
            arm_blue[i] = dark ? blue[i] * 0.85 + 0.15 : blue[i];
            arm_green[i] = dark ? green[i] * 0.85 + 0.15 : green[i];
          }
        n_bg = fl_plot_test_count_color (surface, style.background, 2);
        n_blue = fl_plot_test_count_color (surface, arm_blue, 6);
        n_green = fl_plot_test_count_color (surface, arm_green, 6);
        g_test_message ("kind %d dark %d: background %u, blue %u, green %u px", kind, dark,
                        n_bg, n_blue, n_green);
        /* Mostly background, and both arms visible. */
        g_assert_cmpuint (n_bg, >, 640 * 420 / 2);
        g_assert_cmpuint (n_blue, >, 200);
        g_assert_cmpuint (n_green, >, 100);
        cairo_surface_destroy (surface);
      }
}

static void
test_describe (void)
{
  g_autoptr(FlCurveChart) chart = make_chart ();
  g_autoptr(FlCurveChart) empty = fl_curve_chart_new ();
  g_autofree char *pr = fl_curve_chart_describe (chart, FL_CURVE_CHART_PR);
  g_autofree char *roc = fl_curve_chart_describe (chart, FL_CURVE_CHART_ROC);
  g_autofree char *cal = fl_curve_chart_describe (chart, FL_CURVE_CHART_CALIBRATION);
  g_autofree char *sweep = fl_curve_chart_describe (chart, FL_CURVE_CHART_SWEEP);
  g_autofree char *none = fl_curve_chart_describe (empty, FL_CURVE_CHART_PR);

  g_test_message ("%s\n%s\n%s\n%s", pr, roc, cal, sweep);
  g_assert_cmpuint (fl_curve_chart_get_n_arms (chart), ==, 2);
  g_assert_true (g_str_has_prefix (pr, "Precision–recall curves of 2 arms (prevalence 0.100): "
                                       "xgboost + smote: AP 0."));
  g_assert_nonnull (strstr (pr, "; persistence: AP 0."));
  g_assert_true (g_str_has_prefix (roc, "ROC curves of 2 arms: xgboost + smote: ROC-AUC 0."));
  g_assert_true (g_str_has_prefix (cal, "Calibration of 2 arms: xgboost + smote: Brier score 0."));
  g_assert_true (g_str_has_prefix (sweep, "Threshold sweep of 2 arms: xgboost + smote: best F1 "));
  g_assert_cmpstr (none, ==, "No curves: select arms to plot in the table");
}

/* No arms, an arm without curves, and a tiny area: drawn without error. */
static void
test_degenerate (void)
{
  g_autoptr(FlCurveChart) chart = fl_curve_chart_new ();
  g_autoptr(GError) error = NULL;
  FlMetrics m = { 0 };
  cairo_surface_t *surface;

  if (!fl_rtt_chart_check_driver (&error))
    {
      g_test_skip (error->message);
      return;
    }

  surface = render (chart, FL_CURVE_CHART_ROC, FALSE, 400, 300);
  cairo_surface_destroy (surface);
  m.threshold = 0.5;
  m.precision = m.recall = m.specificity = NAN;
  fl_curve_chart_add_arm (chart, "never-alarm", TRUE, &m, NULL);
  for (int kind = FL_CURVE_CHART_PR; kind <= FL_CURVE_CHART_SWEEP; kind++)
    {
      surface = render (chart, kind, TRUE, 400, 300);
      cairo_surface_destroy (surface);
      surface = render (chart, kind, FALSE, 30, 20);
      cairo_surface_destroy (surface);
    }
}

/* plmkstrm/plend1 per draw: streams are not exhausted (99 would be). */
static void
test_repeat (void)
{
  g_autoptr(FlCurveChart) chart = make_chart ();
  g_autoptr(GError) error = NULL;

  if (!fl_rtt_chart_check_driver (&error))
    {
      g_test_skip (error->message);
      return;
    }
  for (guint i = 0; i < 150; i++)
    {
      cairo_surface_t *surface = render (chart, i % 4, i % 2, 200, 160);

      cairo_surface_destroy (surface);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/curve-chart/draw-kinds", test_draw_kinds);
  g_test_add_func ("/curve-chart/describe", test_describe);
  g_test_add_func ("/curve-chart/degenerate", test_degenerate);
  g_test_add_func ("/curve-chart/repeat-150", test_repeat);

  return g_test_run ();
}
