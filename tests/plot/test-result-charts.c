/* test-result-charts.c
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
#include "fl-result-charts.h"
#include "plot-test-util.h"

typedef enum
{
  CHART_SERIES,
  CHART_NOISE,
  CHART_IMPORTANCE,
} ChartKind;

typedef struct
{
  FlSeriesChart     *series;
  FlNoiseChart      *noise;
  FlImportanceChart *importance;
} Charts;

static void
charts_init (Charts *c)
{
  static const char *labels[] = { "trace 11119", "trace 11180", "trace 11323" };
  static const double ap_a[] = { 0.41, 0.22, 0.63 }, f1_a[] = { 0.30, 0.15, 0.52 };
  static const double ap_b[] = { 0.12, NAN, 0.18 }, f1_b[] = { 0.08, 0.0, 0.20 };
  FlStoredNoisePoint pts[3];
  FlStoredImportance imp[20];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  c->series = fl_series_chart_new (3, labels);
  fl_series_chart_add_arm (c->series, "xgboost", 0, ap_a, f1_a, 0.42, 0.32);
  fl_series_chart_add_arm (c->series, "xgboost + class weight", 1, ap_b, f1_b, 0.15, 0.09);

  c->noise = fl_noise_chart_new (FL_NOISE_METRIC_RECALL);
  for (guint arm = 0; arm < 2; arm++)
    {
      for (guint i = 0; i < 3; i++)
        {
          double level[] = { 0, 0.05, 0.2 };

          pts[i].level = level[i];
          pts[i].n_seeds = 2;
          for (guint m = 0; m < FL_N_NOISE_METRICS; m++)
            {
              pts[i].mean[m] = (arm == 0 ? 0.8 : 0.5) - 1.5 * level[i];
              pts[i].lower[m] = pts[i].mean[m] - 0.08;
              pts[i].upper[m] = pts[i].mean[m] + 0.08;
            }
        }
      fl_noise_chart_add_arm (c->noise, arm == 0 ? "random forest" : "logistic regression",
                              arm, pts, 3);
    }

  for (guint i = 0; i < G_N_ELEMENTS (imp); i++)
    {
      char *name = g_strdup_printf ("feature_%02u", i);

      g_ptr_array_add (names, name);
      imp[i].feature = name;
      imp[i].value = 20.0 - i;
    }
  c->importance = fl_importance_chart_new ("xgboost", 1, imp, G_N_ELEMENTS (imp), 15);
}

static void
charts_clear (Charts *c)
{
  g_clear_pointer (&c->series, fl_series_chart_free);
  g_clear_pointer (&c->noise, fl_noise_chart_free);
  g_clear_pointer (&c->importance, fl_importance_chart_free);
}

static cairo_surface_t *
render (const Charts *c,
        ChartKind     kind,
        gboolean      dark,
        int           width,
        int           height)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  FlChartStyle style;
  gboolean ok;

  fl_chart_style_init (&style, dark);
  switch (kind)
    {
    case CHART_SERIES:
      ok = fl_series_chart_draw (c->series, cr, width, height, &style, &error);
      break;
    case CHART_NOISE:
      ok = fl_noise_chart_draw (c->noise, cr, width, height, &style, &error);
      break;
    case CHART_IMPORTANCE:
    default:
      ok = fl_importance_chart_draw (c->importance, cr, width, height, &style, &error);
      break;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  fl_plot_test_assert_restored (cr);
  cairo_destroy (cr);

  if (width >= 600)
    {
      static const char *names[] = { "series", "noise", "importance" };
      g_autofree char *file = g_strdup_printf ("%s-%s.png", names[kind], dark ? "dark" : "light");

      fl_plot_test_save_png (surface, file);
    }
  return surface;
}

/* Both arms' colours are on the chart (light and dark). */
static void
test_colors (gconstpointer data)
{
  ChartKind kind = GPOINTER_TO_INT (data);
  Charts c;

  charts_init (&c);
  for (int dark = 0; dark <= 1; dark++)
    {
      cairo_surface_t *surface = render (&c, kind, dark, 900, 420);
      double blue[3], green[3];
      guint n_blue, n_green;

      fl_curve_chart_arm_color (0, blue);
      fl_curve_chart_arm_color (1, green);
      if (dark)
        for (guint i = 0; i < 3; i++)
          {
            blue[i] = blue[i] * 0.85 + 0.15;
            green[i] = green[i] * 0.85 + 0.15;
          }
      n_blue = fl_plot_test_count_color (surface, blue, 8);
      n_green = fl_plot_test_count_color (surface, green, 8);
      g_test_message ("kind %d dark %d: %u blue, %u green pixels", kind, dark, n_blue, n_green);
      if (kind == CHART_IMPORTANCE)
        {
          /* One arm: its bars in its colour (green), no other arm colour. */
          g_assert_cmpuint (n_green, >, 2000);
          g_assert_cmpuint (n_blue, <, 50);
        }
      else
        {
          g_assert_cmpuint (n_blue, >, 40);
          g_assert_cmpuint (n_green, >, 40);
        }
      cairo_surface_destroy (surface);
    }
  charts_clear (&c);
}

/* The noise band is drawn: pixels in a blend of the arm colour and the
 * background, between the mean line and the interval bounds. */
static void
test_noise_band (void)
{
  Charts c;
  cairo_surface_t *surface;
  double blue[3], band[3];

  charts_init (&c);
  surface = render (&c, CHART_NOISE, FALSE, 900, 420);
  fl_curve_chart_arm_color (0, blue);
  for (guint i = 0; i < 3; i++)
    band[i] = 1.0 * (1 - 0.22) + blue[i] * 0.22;
  g_assert_cmpuint (fl_plot_test_count_color (surface, band, 6), >, 3000);
  cairo_surface_destroy (surface);
  charts_clear (&c);
}

static void
test_describe (void)
{
  g_autoptr(FlSeriesChart) empty = fl_series_chart_new (0, NULL);
  g_autofree char *s = NULL, *n = NULL, *i = NULL, *e = NULL;
  Charts c;

  charts_init (&c);
  s = fl_series_chart_describe (c.series);
  n = fl_noise_chart_describe (c.noise);
  i = fl_importance_chart_describe (c.importance);
  e = fl_series_chart_describe (empty);
  g_test_message ("%s\n%s\n%s", s, n, i);
  g_assert_nonnull (strstr (s, "xgboost: macro AP 0.420, AP 0.22–0.63"));
  g_assert_nonnull (strstr (s, "on 3 series"));
  g_assert_nonnull (strstr (n, "Recall against noise level of 2 arms"));
  g_assert_nonnull (strstr (n, "random forest: 0.800 at 0 %, 0.500 at 20 %"));
  g_assert_nonnull (strstr (i, "top 15 features: feature_00 20"));
  g_assert_cmpuint (fl_importance_chart_get_n_bars (c.importance), ==, 15);
  g_assert_nonnull (strstr (e, "No per-series points"));
  charts_clear (&c);
}

/* plinit/plend1 per draw must not exhaust PLplot's streams. */
static void
test_repeat (void)
{
  Charts c;

  charts_init (&c);
  for (guint k = 0; k < 150; k++)
    {
      cairo_surface_t *surface = render (&c, (ChartKind) (k % 3), k % 2, 320, 200);

      cairo_surface_destroy (surface);
    }
  charts_clear (&c);
}

/* A tiny area only gets the background. */
static void
test_tiny (void)
{
  Charts c;

  charts_init (&c);
  for (int kind = CHART_SERIES; kind <= CHART_IMPORTANCE; kind++)
    cairo_surface_destroy (render (&c, kind, FALSE, 40, 30));
  charts_clear (&c);
}

/* The stored per-series, macro, noise and importance members are read
 * back from an arm's metrics object. */
static void
test_parse (void)
{
  static const char *json =
    "{\"per_series\":[{\"series_id\":3,\"rows\":100,\"positives\":7,\"precision\":0.5,"
    "\"recall\":0.25,\"f1\":0.333,\"average_precision\":0.4},"
    "{\"series_id\":5,\"rows\":90,\"positives\":0,\"precision\":0,\"recall\":null,"
    "\"f1\":0,\"average_precision\":null}],"
    "\"macro\":{\"precision\":0.25,\"recall\":0.25,\"f1\":0.1665,\"average_precision\":0.4,"
    "\"mcc\":0.1,\"roc_auc\":0.7},"
    "\"noise\":[{\"level\":0.05,\"seeds\":2,\"recall\":{\"mean\":0.6,\"lower\":0.5,\"upper\":0.7}},"
    "{\"level\":0,\"seeds\":2,\"recall\":{\"mean\":0.8,\"lower\":0.75,\"upper\":0.85}}],"
    "\"importance_gain\":{\"b\":2.5,\"a\":7.0,\"c\":null}}";
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  FlStoredArm arm = { 0 };
  g_autoptr(GArray) ps = NULL;
  g_autoptr(GArray) noise = NULL;
  g_autoptr(GArray) imp = NULL;
  g_autoptr(GArray) none = NULL;
  FlStoredMacro macro;

  arm.metrics_object = json_node_get_object (node);
  ps = fl_stored_arm_get_per_series (&arm);
  g_assert_cmpuint (ps->len, ==, 2);
  g_assert_cmpint (g_array_index (ps, FlStoredSeriesMetrics, 0).series_id, ==, 3);
  g_assert_cmpuint (g_array_index (ps, FlStoredSeriesMetrics, 0).positives, ==, 7);
  g_assert_cmpfloat (g_array_index (ps, FlStoredSeriesMetrics, 0).f1, ==, 0.333);
  g_assert_true (isnan (g_array_index (ps, FlStoredSeriesMetrics, 1).average_precision));
  g_assert_true (fl_stored_arm_get_macro (&arm, &macro));
  g_assert_cmpfloat (macro.roc_auc, ==, 0.7);

  noise = fl_stored_arm_get_noise (&arm);
  g_assert_cmpuint (noise->len, ==, 2);
  /* Sorted by level. */
  g_assert_cmpfloat (g_array_index (noise, FlStoredNoisePoint, 0).level, ==, 0);
  g_assert_cmpfloat (g_array_index (noise, FlStoredNoisePoint, 0).mean[FL_NOISE_METRIC_RECALL],
                     ==, 0.8);
  g_assert_true (isnan (g_array_index (noise, FlStoredNoisePoint, 1).mean[FL_NOISE_METRIC_F1]));

  imp = fl_stored_arm_get_importance (&arm, "gain");
  g_assert_cmpuint (imp->len, ==, 2);
  g_assert_cmpstr (g_array_index (imp, FlStoredImportance, 0).feature, ==, "a");
  none = fl_stored_arm_get_importance (&arm, "cover");
  g_assert_cmpuint (none->len, ==, 0);

  arm.metrics_object = NULL;
  g_assert_false (fl_stored_arm_get_macro (&arm, &macro));
  g_clear_pointer (&ps, g_array_unref);
  ps = fl_stored_arm_get_per_series (&arm);
  g_assert_cmpuint (ps->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/faultline/result-charts/series-colors",
                        GINT_TO_POINTER (CHART_SERIES), test_colors);
  g_test_add_data_func ("/faultline/result-charts/noise-colors",
                        GINT_TO_POINTER (CHART_NOISE), test_colors);
  g_test_add_data_func ("/faultline/result-charts/importance-colors",
                        GINT_TO_POINTER (CHART_IMPORTANCE), test_colors);
  g_test_add_func ("/faultline/result-charts/noise-band", test_noise_band);
  g_test_add_func ("/faultline/result-charts/describe", test_describe);
  g_test_add_func ("/faultline/result-charts/repeat-150", test_repeat);
  g_test_add_func ("/faultline/result-charts/tiny", test_tiny);
  g_test_add_func ("/faultline/result-charts/parse", test_parse);

  return g_test_run ();
}
