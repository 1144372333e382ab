/* fl-result-charts.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-plot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include <plplot.h>

#include "fl-curve-chart.h"
#include "fl-error.h"
#include "fl-plot-frame.h"
#include "fl-result-charts.h"

/* Colour map 0 slots: arms from COL_ARM, their bands (same hue, low
 * alpha) from COL_BAND. */
enum
{
  COL_BACKGROUND,
  COL_FOREGROUND,
  COL_GRID,
  COL_REFERENCE,
  COL_ARM,
  COL_BAND = COL_ARM + FL_CURVE_CHART_N_COLORS,
  N_COL = COL_BAND + FL_CURVE_CHART_N_COLORS,
};

/* Layout in pixels. */
#define MARGIN_LEFT   64.0
#define MARGIN_RIGHT  18.0
#define MARGIN_TOP    14.0
#define MARGIN_BOTTOM 48.0
#define MARKER_PX     4.5
#define BAND_ALPHA    0.22

/* PLplot's predefined line styles: solid, long dashes, short dashes. */
#define STYLE_SOLID   1
#define STYLE_DASHED  3
#define STYLE_DOTTED  2

/* ---- shared frame ---------------------------------------------------------- */

static int
arm_col (guint color_index)
{
  return COL_ARM + (int) (color_index % FL_CURVE_CHART_N_COLORS);
}

static int
band_col (guint color_index)
{
  return COL_BAND + (int) (color_index % FL_CURVE_CHART_N_COLORS);
}

static double
text_scale (int width,
            int height)
{
  return FL_PLOT_TEXT_SCALE (width, height);
}

/* Paints the background when the area is too small to hold a chart. */
static gboolean
too_small (cairo_t            *cr,
           int                 width,
           int                 height,
           double              margin_left,
           const FlChartStyle *style)
{
  if (width >= margin_left + MARGIN_RIGHT + 40 && height >= MARGIN_TOP + MARGIN_BOTTOM + 40)
    return FALSE;
  fl_plot_paint_background (cr, style);
  return TRUE;
}

/* Opens a fresh PLplot stream on @cr with the theme's colours and the
 * GNOME palette; pair with frame_end(). */
static gboolean
frame_begin (cairo_t            *cr,
             int                 width,
             int                 height,
             const FlChartStyle *style,
             PLINT              *prev_strm,
             GError            **error)
{
  double grid_rgb[3], ref_rgb[3];
  gboolean dark = fl_plot_style_is_dark (style);

  fl_plot_blend (style->background, style->foreground, 0.12, grid_rgb);
  fl_plot_blend (style->background, style->foreground, 0.45, ref_rgb);

  if (!fl_plot_frame_open (width, height, prev_strm, error))
    return FALSE;
  plscmap0n (N_COL);
  fl_plot_set_col0 (COL_BACKGROUND, style->background, 1.0);
  fl_plot_set_col0 (COL_FOREGROUND, style->foreground, 1.0);
  fl_plot_set_col0 (COL_GRID, grid_rgb, 1.0);
  fl_plot_set_col0 (COL_REFERENCE, ref_rgb, 1.0);
  for (guint i = 0; i < FL_CURVE_CHART_N_COLORS; i++)
    {
      double rgb[3];

      fl_curve_chart_arm_color_on (i, style, rgb);
      fl_plot_set_col0 (COL_ARM + (int) i, rgb, 1.0);
      fl_plot_set_col0 (COL_BAND + (int) i, rgb, dark ? BAND_ALPHA + 0.08 : BAND_ALPHA);
    }
  fl_plot_frame_start (cr, width, height, style);
  return TRUE;
}

static void
frame_end (cairo_t *cr,
           PLINT    prev_strm)
{
  pllsty (STYLE_SOLID);
  fl_plot_frame_close (cr, prev_strm);
}

/* A disc (or a ring when @hollow) of MARKER_PX around (x, y). */
static void
draw_marker (double   x,
             double   y,
             double   x_per_px,
             double   y_per_px,
             int      color,
             gboolean hollow)
{
  PLFLT px[24], py[24];
  guint n_rings = hollow ? 3 : 2;

  if (!isfinite (x) || !isfinite (y))
    return;
  for (guint ring = 0; ring < n_rings; ring++)
    {
      double r = ring == 0 ? MARKER_PX + 1.5 : ring == 1 ? MARKER_PX : MARKER_PX - 2.0;

      for (guint i = 0; i < G_N_ELEMENTS (px); i++)
        {
          double a = 2 * G_PI * i / G_N_ELEMENTS (px);

          px[i] = x + r * cos (a) * x_per_px;
          py[i] = y + r * sin (a) * y_per_px;
        }
      plcol0 (ring == 1 ? color : COL_BACKGROUND);
      plfill (G_N_ELEMENTS (px), px, py);
    }
}

/* A readable upper bound of a [0, 1] metric axis: the largest value plus
 * headroom, rounded up to 0.1, at most 1.02. */
static double
metric_axis_max (double largest)
{
  if (!isfinite (largest) || largest <= 0)
    return 1.02;
  return MIN (1.02, MAX (0.1, ceil (largest * 1.12 * 10) / 10));
}

static void
append_part (GString    *s,
             const char *text)
{
  if (s->len > 0)
    g_string_append (s, "; ");
  g_string_append (s, text);
}

/* ---- per-series chart ---------------------------------------------------------- */

typedef struct
{
  char   *name;
  guint   color_index;
  double *ap;
  double *f1;
  double  macro_ap;
  double  macro_f1;
} SeriesArm;

struct _FlSeriesChart
{
  guint      n_series;
  GStrv      labels;
  GPtrArray *arms;   /* SeriesArm */
};

static void
series_arm_free (gpointer data)
{
  SeriesArm *arm = data;

  g_free (arm->name);
  g_free (arm->ap);
  g_free (arm->f1);
  g_free (arm);
}

/**
 * fl_series_chart_new:
 * @n_series: number of series (points along the x axis)
 * @labels: (array length=n_series): display label of each series, e.g.
 *   `trace 11119`
 *
 * Creates a per-series chart without arms.
 *
 * Returns: (transfer full): a new #FlSeriesChart
 */
FlSeriesChart *
fl_series_chart_new (guint               n_series,
                     const char * const *labels)
{
  FlSeriesChart *chart = g_new0 (FlSeriesChart, 1);

  chart->n_series = n_series;
  chart->labels = g_new0 (char *, n_series + 1);
  for (guint i = 0; i < n_series; i++)
    chart->labels[i] = g_strdup (labels != NULL && labels[i] != NULL ? labels[i] : "?");
  chart->arms = g_ptr_array_new_with_free_func (series_arm_free);
  return chart;
}

/**
 * fl_series_chart_free:
 * @chart: (nullable) (transfer full): a chart
 *
 * Frees @chart.
 */
void
fl_series_chart_free (FlSeriesChart *chart)
{
  if (chart == NULL)
    return;
  g_strfreev (chart->labels);
  g_ptr_array_unref (chart->arms);
  g_free (chart);
}

/**
 * fl_series_chart_add_arm:
 * @chart: a chart
 * @name: display name of the arm
 * @color_index: palette index (see fl_curve_chart_arm_color()), so that the
 *   arm has the colour of its swatch in the table
 * @average_precision: (array) (nullable): average precision per series,
 *   `n_series` values in the order of the labels, NaN where undefined
 * @f1: (array) (nullable): F1 per series at the run's threshold, likewise
 * @macro_average_precision: unweighted mean over series of average
 *   precision (drawn as a dashed line), NaN for none
 * @macro_f1: unweighted mean over series of F1 (a dotted line), NaN for
 *   none
 *
 * Appends one arm; the values are copied. Pure; may run in a worker thread.
 */
void
fl_series_chart_add_arm (FlSeriesChart *chart,
                         const char    *name,
                         guint          color_index,
                         const double  *average_precision,
                         const double  *f1,
                         double         macro_average_precision,
                         double         macro_f1)
{
  SeriesArm *arm;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (name != NULL);

  arm = g_new0 (SeriesArm, 1);
  arm->name = g_strdup (name);
  arm->color_index = color_index;
  arm->ap = g_new (double, MAX (chart->n_series, 1));
  arm->f1 = g_new (double, MAX (chart->n_series, 1));
  for (guint i = 0; i < chart->n_series; i++)
    {
      arm->ap[i] = average_precision != NULL ? average_precision[i] : NAN;
      arm->f1[i] = f1 != NULL ? f1[i] : NAN;
    }
  arm->macro_ap = macro_average_precision;
  arm->macro_f1 = macro_f1;
  g_ptr_array_add (chart->arms, arm);
}

/**
 * fl_series_chart_get_n_arms:
 * @chart: a chart
 *
 * Returns: the number of arms added
 */
guint
fl_series_chart_get_n_arms (const FlSeriesChart *chart)
{
  g_return_val_if_fail (chart != NULL, 0);

  return chart->arms->len;
}

/**
 * fl_series_chart_describe:
 * @chart: a chart
 *
 * Summarises the chart for assistive technologies, e.g. "Average precision
 * and F1 of 2 arms on 3 series: xgboost: macro AP 0.210, AP 0.05–0.41".
 *
 * Returns: (transfer full): the summary
 */
char *
fl_series_chart_describe (const FlSeriesChart *chart)
{
  g_autoptr(GString) parts = g_string_new (NULL);

  g_return_val_if_fail (chart != NULL, NULL);

  if (chart->arms->len == 0)
    return g_strdup (_("No per-series points: tick arms to plot in the table"));
  for (guint a = 0; a < chart->arms->len; a++)
    {
      const SeriesArm *arm = g_ptr_array_index (chart->arms, a);
      double lo = INFINITY, hi = -INFINITY;
      g_autofree char *text = NULL;

      for (guint i = 0; i < chart->n_series; i++)
        if (isfinite (arm->ap[i]))
          {
            lo = MIN (lo, arm->ap[i]);
            hi = MAX (hi, arm->ap[i]);
          }
      if (isfinite (lo))
        /* Translators: "xgboost: macro AP 0.210, AP 0.05–0.41 over series" */
        text = g_strdup_printf (_("%s: macro AP %.3f, AP %.2f–%.2f over series"),
                                arm->name, arm->macro_ap, lo, hi);
      else
        text = g_strdup_printf (_("%s: AP undefined on every series"), arm->name);
      append_part (parts, text);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Average precision and F1 per series of %u arm on %u series: %s",
                                       "Average precision and F1 per series of %u arms on %u series: %s",
                                       chart->arms->len),
                          chart->arms->len, chart->n_series, parts->str);
}

static void
series_legend (const FlSeriesChart *chart)
{
  guint n_arms = chart->arms->len;
  guint n = n_arms + 4;
  g_autofree PLINT *opts = g_new0 (PLINT, n);
  g_autofree PLINT *text_colors = g_new0 (PLINT, n);
  g_autofree PLINT *line_colors = g_new0 (PLINT, n);
  g_autofree PLINT *line_styles = g_new0 (PLINT, n);
  g_autofree PLFLT *line_widths = g_new0 (PLFLT, n);
  g_autofree PLINT *symbol_colors = g_new0 (PLINT, n);
  g_autofree PLFLT *symbol_scales = g_new0 (PLFLT, n);
  g_autofree PLINT *symbol_numbers = g_new0 (PLINT, n);
  g_autofree const char **symbols = g_new0 (const char *, n);
  g_autofree const char **texts = g_new0 (const char *, n);
  PLFLT legend_w, legend_h;
  guint k = 0;

  for (guint i = 0; i < n_arms; i++, k++)
    {
      const SeriesArm *arm = g_ptr_array_index (chart->arms, i);

      opts[k] = PL_LEGEND_SYMBOL;
      texts[k] = arm->name;
      symbol_colors[k] = arm_col (arm->color_index);
      symbol_scales[k] = 1.0;
      symbol_numbers[k] = 1;
      symbols[k] = "●";
    }
  opts[k] = PL_LEGEND_SYMBOL;
  texts[k] = _("AP (filled)");
  symbol_colors[k] = COL_FOREGROUND;
  symbol_scales[k] = 1.0;
  symbol_numbers[k] = 1;
  symbols[k++] = "●";
  opts[k] = PL_LEGEND_SYMBOL;
  texts[k] = _("F1 (ring)");
  symbol_colors[k] = COL_FOREGROUND;
  symbol_scales[k] = 1.0;
  symbol_numbers[k] = 1;
  symbols[k++] = "○";
  opts[k] = PL_LEGEND_LINE;
  texts[k] = _("macro AP");
  line_colors[k] = COL_FOREGROUND;
  line_styles[k] = STYLE_DASHED;
  line_widths[k++] = 1.5;
  opts[k] = PL_LEGEND_LINE;
  texts[k] = _("macro F1");
  line_colors[k] = COL_FOREGROUND;
  line_styles[k] = STYLE_DOTTED;
  line_widths[k++] = 1.5;

  for (guint i = 0; i < k; i++)
    text_colors[i] = COL_FOREGROUND;
  pllegend (&legend_w, &legend_h,
            PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
            PL_POSITION_OUTSIDE | PL_POSITION_VIEWPORT | PL_POSITION_RIGHT,
            0.015, 0.0, 0.04,
            COL_BACKGROUND, COL_GRID, 1,
            0, 1, (PLINT) k, opts,
            0.6, 0.85, 1.4, 0.0,
            text_colors, texts,
            NULL, NULL, NULL, NULL,
            line_colors, line_styles, line_widths,
            symbol_colors, symbol_scales, symbol_numbers, symbols);
}

/**
 * fl_series_chart_draw:
 * @chart: a chart
 * @cr: the cairo context to draw into
 * @width: width of the area in cairo units (logical pixels)
 * @height: height of the area in cairo units
 * @style: the theme colours (see fl_chart_style_init())
 * @error: return location for a #GError
 *
 * Draws the series along the x axis (labels thinned out when they would
 * overlap), per arm and series a filled disc for average precision and a
 * ring for F1 (arms side by side within a series), each arm's macro
 * averages as dashed (AP) and dotted (F1) lines across the chart, and a
 * legend to the right. Main thread only; the state of @cr is restored.
 *
 * Returns: %TRUE on success, %FALSE with %FL_ERROR_NOT_FOUND when the
 *   PLplot cairo driver is missing or %FL_ERROR_INVALID when no PLplot
 *   stream is free
 */
gboolean
fl_series_chart_draw (const FlSeriesChart *chart,
                      cairo_t             *cr,
                      int                  width,
                      int                  height,
                      const FlChartStyle  *style,
                      GError             **error)
{
  double legend_px = 72 + 8.4 * 11;   /* "AP (filled)" */
  double largest = 0, y_max, x_per_px, y_per_px, plot_w, spread;
  guint n = 0, n_arms = 0, step;
  PLINT prev_strm = 0;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  if (!fl_rtt_chart_check_driver (error))
    return FALSE;
  /* The legend sits right of the points: wide enough for the longest
   * name (about 7 px per character), at most a third of the width. */
  for (guint a = 0; a < chart->arms->len; a++)
    {
      const SeriesArm *arm = g_ptr_array_index (chart->arms, a);

      legend_px = MAX (legend_px, 72 + 8.4 * g_utf8_strlen (arm->name, -1));
    }
  legend_px = MIN (legend_px, width / 3.0);
  if (too_small (cr, width, height, MARGIN_LEFT + legend_px, style))
    return TRUE;
  if (!frame_begin (cr, width, height, style, &prev_strm, error))
    return FALSE;

  n = MAX (chart->n_series, 1);
  n_arms = chart->arms->len;
  for (guint a = 0; a < n_arms; a++)
    {
      const SeriesArm *arm = g_ptr_array_index (chart->arms, a);

      for (guint i = 0; i < chart->n_series; i++)
        {
          if (isfinite (arm->ap[i]))
            largest = MAX (largest, arm->ap[i]);
          if (isfinite (arm->f1[i]))
            largest = MAX (largest, arm->f1[i]);
        }
    }
  y_max = metric_axis_max (largest);
  plot_w = width - MARGIN_LEFT - MARGIN_RIGHT - legend_px;
  plvpor (MARGIN_LEFT / width, 1.0 - (MARGIN_RIGHT + legend_px) / width,
          MARGIN_BOTTOM / height, 1.0 - MARGIN_TOP / height);
  plwind (-0.5, n - 0.5, 0.0, y_max);
  x_per_px = n / plot_w;
  y_per_px = y_max / (height - MARGIN_TOP - MARGIN_BOTTOM);

  plcol0 (COL_GRID);
  plwidth (1);
  plbox ("", 0, 0, "g", y_max > 0.5 ? 0.2 : 0.1, 0);
  /* A light separator between series. */
  for (guint i = 1; i < n; i++)
    pljoin (i - 0.5, 0, i - 0.5, y_max);

  /* Macro averages first, so that the points sit on top. */
  for (guint a = 0; a < n_arms; a++)
    {
      const SeriesArm *arm = g_ptr_array_index (chart->arms, a);

      plcol0 (arm_col (arm->color_index));
      plwidth (1.5);
      if (isfinite (arm->macro_ap))
        {
          pllsty (STYLE_DASHED);
          pljoin (-0.5, arm->macro_ap, n - 0.5, arm->macro_ap);
        }
      if (isfinite (arm->macro_f1))
        {
          pllsty (STYLE_DOTTED);
          pljoin (-0.5, arm->macro_f1, n - 0.5, arm->macro_f1);
        }
      pllsty (STYLE_SOLID);
    }

  /* Arms side by side within a series, at most 0.7 of its width. */
  spread = n_arms > 1 ? MIN (0.7 / n_arms, 22 * x_per_px) : 0;
  for (guint a = 0; a < n_arms; a++)
    {
      const SeriesArm *arm = g_ptr_array_index (chart->arms, a);
      double dx = (a - (n_arms - 1) / 2.0) * spread;
      int color = arm_col (arm->color_index);

      for (guint i = 0; i < chart->n_series; i++)
        {
          /* A thin stem joins the two metrics of one arm and series. */
          if (isfinite (arm->ap[i]) && isfinite (arm->f1[i]))
            {
              plcol0 (color);
              plwidth (1);
              pljoin (i + dx, arm->ap[i], i + dx, arm->f1[i]);
            }
          draw_marker (i + dx, arm->f1[i], x_per_px, y_per_px, color, TRUE);
          draw_marker (i + dx, arm->ap[i], x_per_px, y_per_px, color, FALSE);
        }
    }

  plcol0 (COL_FOREGROUND);
  plwidth (1);
  plbox ("bc", 0, 0, "bcnstv", y_max > 0.5 ? 0.2 : 0.1, 2);
  /* Series labels, thinned out to one per ~70 px. */
  step = MAX (1, (guint) ceil (n * 70.0 / plot_w));
  for (guint i = 0; i < chart->n_series; i += step)
    {
      g_autofree char *label = g_utf8_substring (chart->labels[i], 0,
                                                 MIN (g_utf8_strlen (chart->labels[i], -1),
                                                      (glong) (14 * step)));

      plmtex ("b", 1.4, (i + 0.5) / n, 0.5, label);
    }
  plmtex ("b", 3.2, 0.5, 0.5, _("Series"));
  plmtex ("l", 4.6, 0.5, 0.5, _("Average precision, F1"));

  if (n_arms == 0)
    plmtex ("t", -3.0, 0.5, 0.5, _("No arms selected"));
  else
    series_legend (chart);

  frame_end (cr, prev_strm);
  return TRUE;
}

/* ---- noise chart ------------------------------------------------------------ */

typedef struct
{
  char   *name;
  guint   color_index;
  gsize   n;
  double *level;   /* % */
  double *mean;
  double *lower;
  double *upper;
  guint   n_seeds;
} NoiseArm;

struct _FlNoiseChart
{
  FlNoiseMetric  metric;
  GPtrArray     *arms;   /* NoiseArm */
};

static void
noise_arm_free (gpointer data)
{
  NoiseArm *arm = data;

  g_free (arm->name);
  g_free (arm->level);
  g_free (arm->mean);
  g_free (arm->lower);
  g_free (arm->upper);
  g_free (arm);
}

/**
 * fl_noise_metric_get_name:
 * @metric: a metric
 *
 * Returns: (transfer none): the metric's translated display name, e.g.
 *   "Recall"
 */
const char *
fl_noise_metric_get_name (FlNoiseMetric metric)
{
  switch (metric)
    {
    case FL_NOISE_METRIC_PRECISION:
      return _("Precision");
    case FL_NOISE_METRIC_RECALL:
      return _("Recall");
    case FL_NOISE_METRIC_F1:
      return _("F1");
    case FL_NOISE_METRIC_AVERAGE_PRECISION:
    case FL_N_NOISE_METRICS:
    default:
      return _("Average precision");
    }
}

/**
 * fl_noise_chart_new:
 * @metric: the metric on the y axis
 *
 * Creates a noise chart without arms.
 *
 * Returns: (transfer full): a new #FlNoiseChart
 */
FlNoiseChart *
fl_noise_chart_new (FlNoiseMetric metric)
{
  FlNoiseChart *chart = g_new0 (FlNoiseChart, 1);

  chart->metric = MIN (metric, FL_NOISE_METRIC_AVERAGE_PRECISION);
  chart->arms = g_ptr_array_new_with_free_func (noise_arm_free);
  return chart;
}

/**
 * fl_noise_chart_free:
 * @chart: (nullable) (transfer full): a chart
 *
 * Frees @chart.
 */
void
fl_noise_chart_free (FlNoiseChart *chart)
{
  if (chart == NULL)
    return;
  g_ptr_array_unref (chart->arms);
  g_free (chart);
}

/**
 * fl_noise_chart_add_arm:
 * @chart: a chart
 * @name: display name of the arm
 * @color_index: palette index (see fl_curve_chart_arm_color())
 * @points: (array length=n_points): the arm's noise levels, sorted by level
 *   (see fl_stored_arm_get_noise()); levels are fractions (0.05 = 5 %)
 * @n_points: number of levels
 *
 * Appends one arm with the chart's metric at each level; copied. Pure; may
 * run in a worker thread.
 */
void
fl_noise_chart_add_arm (FlNoiseChart             *chart,
                        const char               *name,
                        guint                     color_index,
                        const FlStoredNoisePoint *points,
                        gsize                     n_points)
{
  NoiseArm *arm;
  FlNoiseMetric m;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (points != NULL || n_points == 0);

  m = chart->metric;
  arm = g_new0 (NoiseArm, 1);
  arm->name = g_strdup (name);
  arm->color_index = color_index;
  arm->n = n_points;
  arm->level = g_new (double, MAX (n_points, 1));
  arm->mean = g_new (double, MAX (n_points, 1));
  arm->lower = g_new (double, MAX (n_points, 1));
  arm->upper = g_new (double, MAX (n_points, 1));
  for (gsize i = 0; i < n_points; i++)
    {
      arm->level[i] = 100.0 * points[i].level;
      arm->mean[i] = points[i].mean[m];
      arm->lower[i] = points[i].lower[m];
      arm->upper[i] = points[i].upper[m];
      arm->n_seeds = MAX (arm->n_seeds, points[i].n_seeds);
    }
  g_ptr_array_add (chart->arms, arm);
}

/**
 * fl_noise_chart_get_n_arms:
 * @chart: a chart
 *
 * Returns: the number of arms added
 */
guint
fl_noise_chart_get_n_arms (const FlNoiseChart *chart)
{
  g_return_val_if_fail (chart != NULL, 0);

  return chart->arms->len;
}

/**
 * fl_noise_chart_describe:
 * @chart: a chart
 *
 * Summarises the chart for assistive technologies, e.g. "Recall against
 * noise level of 2 arms: random forest: 0.812 at 0 %, 0.540 at 20 %".
 *
 * Returns: (transfer full): the summary
 */
char *
fl_noise_chart_describe (const FlNoiseChart *chart)
{
  g_autoptr(GString) parts = g_string_new (NULL);
  const char *metric;

  g_return_val_if_fail (chart != NULL, NULL);

  metric = fl_noise_metric_get_name (chart->metric);
  if (chart->arms->len == 0)
    return g_strdup (_("No noise curves: tick arms to plot in the table"));
  for (guint a = 0; a < chart->arms->len; a++)
    {
      const NoiseArm *arm = g_ptr_array_index (chart->arms, a);
      g_autofree char *text = NULL;

      if (arm->n == 0)
        text = g_strdup_printf (_("%s: no noise sweep"), arm->name);
      else
        /* Translators: "random forest: 0.812 at 0 %, 0.540 at 20 %" */
        text = g_strdup_printf (_("%s: %.3f at %g %%, %.3f at %g %%"), arm->name,
                                arm->mean[0], arm->level[0],
                                arm->mean[arm->n - 1], arm->level[arm->n - 1]);
      append_part (parts, text);
    }
  /* Translators: "Recall against noise level of 2 arms: …" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s against noise level of %u arm: %s",
                                       "%s against noise level of %u arms: %s",
                                       chart->arms->len),
                          metric, chart->arms->len, parts->str);
}

static void
noise_legend (const FlNoiseChart *chart,
              guint               first_color)
{
  guint n_arms = chart->arms->len;
  guint n = n_arms + 1;
  g_autofree PLINT *opts = g_new0 (PLINT, n);
  g_autofree PLINT *text_colors = g_new0 (PLINT, n);
  g_autofree PLINT *box_colors = g_new0 (PLINT, n);
  g_autofree PLINT *box_patterns = g_new0 (PLINT, n);
  g_autofree PLFLT *box_scales = g_new0 (PLFLT, n);
  g_autofree PLFLT *box_widths = g_new0 (PLFLT, n);
  g_autofree PLINT *line_colors = g_new0 (PLINT, n);
  g_autofree PLINT *line_styles = g_new0 (PLINT, n);
  g_autofree PLFLT *line_widths = g_new0 (PLFLT, n);
  g_autofree const char **texts = g_new0 (const char *, n);
  PLFLT legend_w, legend_h;
  guint k = 0;

  for (guint i = 0; i < n_arms; i++, k++)
    {
      const NoiseArm *arm = g_ptr_array_index (chart->arms, i);

      opts[k] = PL_LEGEND_LINE;
      texts[k] = arm->name;
      line_colors[k] = arm_col (arm->color_index);
      line_styles[k] = STYLE_SOLID;
      line_widths[k] = 2;
    }
  opts[k] = PL_LEGEND_COLOR_BOX;
  texts[k] = _("95 % interval");
  box_colors[k] = band_col (first_color);
  box_patterns[k] = 0;
  box_scales[k] = 0.8;
  box_widths[k] = 0;
  k++;

  for (guint i = 0; i < k; i++)
    text_colors[i] = COL_FOREGROUND;
  pllegend (&legend_w, &legend_h,
            PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
            PL_POSITION_OUTSIDE | PL_POSITION_VIEWPORT | PL_POSITION_RIGHT,
            0.015, 0.0, 0.04,
            COL_BACKGROUND, COL_GRID, 1,
            0, 1, (PLINT) k, opts,
            0.6, 0.85, 1.4, 0.0,
            text_colors, texts,
            box_colors, box_patterns, box_scales, box_widths,
            line_colors, line_styles, line_widths,
            NULL, NULL, NULL, NULL);
}

/**
 * fl_noise_chart_draw:
 * @chart: a chart
 * @cr: the cairo context to draw into
 * @width: width of the area in cairo units (logical pixels)
 * @height: height of the area in cairo units
 * @style: the theme colours (see fl_chart_style_init())
 * @error: return location for a #GError
 *
 * Draws the metric (y) against the noise level in % (x): per arm the 95 %
 * t-interval of the mean over seeds as a band in the arm's colour at low
 * alpha, the mean as a line with a disc at each level, and a legend. The y
 * axis runs from 0 to just above the largest upper bound. Main thread
 * only; the state of @cr is restored.
 *
 * Returns: %TRUE on success, %FALSE with %FL_ERROR_NOT_FOUND when the
 *   PLplot cairo driver is missing or %FL_ERROR_INVALID when no PLplot
 *   stream is free
 */
gboolean
fl_noise_chart_draw (const FlNoiseChart *chart,
                     cairo_t            *cr,
                     int                 width,
                     int                 height,
                     const FlChartStyle *style,
                     GError            **error)
{
  double x_max = 0, largest = 0, y_max, x_per_px, y_per_px, x_tick;
  double legend_px = 0;
  PLINT prev_strm = 0;
  g_autofree char *y_label = NULL;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  if (!fl_rtt_chart_check_driver (error))
    return FALSE;
  /* The legend sits right of the curves (they often start near 1, where
   * an inside legend would hide them). */
  if (chart->arms->len > 0)
    {
      legend_px = 72 + 8.4 * g_utf8_strlen (_("95 % interval"), -1);
      for (guint a = 0; a < chart->arms->len; a++)
        legend_px = MAX (legend_px, 72 + 8.4 * g_utf8_strlen (((const NoiseArm *)
                                                               g_ptr_array_index (chart->arms,
                                                                                  a))->name, -1));
      legend_px = MIN (legend_px, width / 3.0);
    }
  if (too_small (cr, width, height, MARGIN_LEFT + legend_px, style))
    return TRUE;
  if (!frame_begin (cr, width, height, style, &prev_strm, error))
    return FALSE;

  for (guint a = 0; a < chart->arms->len; a++)
    {
      const NoiseArm *arm = g_ptr_array_index (chart->arms, a);

      for (gsize i = 0; i < arm->n; i++)
        {
          x_max = MAX (x_max, arm->level[i]);
          if (isfinite (arm->upper[i]))
            largest = MAX (largest, arm->upper[i]);
          else if (isfinite (arm->mean[i]))
            largest = MAX (largest, arm->mean[i]);
        }
    }
  if (x_max <= 0)
    x_max = 1;
  y_max = metric_axis_max (largest);
  plvpor (MARGIN_LEFT / width, 1.0 - (MARGIN_RIGHT + legend_px) / width,
          MARGIN_BOTTOM / height, 1.0 - MARGIN_TOP / height);
  /* A little room left and right so that the discs at the first and last
   * level are whole. */
  plwind (-0.02 * x_max, 1.02 * x_max, 0, y_max);
  x_per_px = 1.04 * x_max / (width - MARGIN_LEFT - MARGIN_RIGHT - legend_px);
  y_per_px = y_max / (height - MARGIN_TOP - MARGIN_BOTTOM);
  x_tick = x_max <= 5 ? 1 : x_max <= 10 ? 2 : x_max <= 25 ? 5 : x_max <= 50 ? 10 : 20;

  plcol0 (COL_GRID);
  plwidth (1);
  plbox ("g", x_tick, 0, "g", y_max > 0.5 ? 0.2 : 0.1, 0);

  /* Bands first, then lines on top. */
  for (guint a = 0; a < chart->arms->len; a++)
    {
      const NoiseArm *arm = g_ptr_array_index (chart->arms, a);
      g_autofree PLFLT *px = g_new (PLFLT, 2 * MAX (arm->n, 1));
      g_autofree PLFLT *py = g_new (PLFLT, 2 * MAX (arm->n, 1));
      gsize m = 0;

      for (gsize i = 0; i < arm->n; i++)
        if (isfinite (arm->lower[i]) && isfinite (arm->upper[i]))
          {
            px[m] = arm->level[i];
            py[m++] = MIN (arm->upper[i], y_max);
          }
      for (gsize i = arm->n; i-- > 0;)
        if (isfinite (arm->lower[i]) && isfinite (arm->upper[i]))
          {
            px[m] = arm->level[i];
            py[m++] = MAX (arm->lower[i], 0);
          }
      if (m >= 4)
        {
          plcol0 (band_col (arm->color_index));
          plfill ((PLINT) m, px, py);
        }
    }
  for (guint a = 0; a < chart->arms->len; a++)
    {
      const NoiseArm *arm = g_ptr_array_index (chart->arms, a);
      int color = arm_col (arm->color_index);

      plcol0 (color);
      plwidth (2);
      fl_plot_draw_line (arm->level, arm->mean, arm->n);
      for (gsize i = 0; i < arm->n; i++)
        draw_marker (arm->level[i], arm->mean[i], x_per_px * 0.7, y_per_px * 0.7, color, FALSE);
    }

  plcol0 (COL_FOREGROUND);
  plwidth (1);
  plbox ("bcnst", x_tick, 0, "bcnstv", y_max > 0.5 ? 0.2 : 0.1, 2);
  plmtex ("b", 3.0, 0.5, 0.5, _("Noise level (%)"));
  /* Translators: y axis of the noise chart, "Recall (mean over seeds)" */
  y_label = g_strdup_printf (_("%s (mean over seeds)"), fl_noise_metric_get_name (chart->metric));
  plmtex ("l", 4.6, 0.5, 0.5, y_label);

  if (chart->arms->len == 0)
    plmtex ("t", -3.0, 0.5, 0.5, _("No arms selected"));
  else
    noise_legend (chart, ((const NoiseArm *) g_ptr_array_index (chart->arms, 0))->color_index);

  frame_end (cr, prev_strm);
  return TRUE;
}

/* ---- feature importance ---------------------------------------------------------- */

struct _FlImportanceChart
{
  char   *arm_name;
  guint   color_index;
  guint   n;
  GStrv   features;   /* largest first */
  double *values;
};

/**
 * fl_importance_chart_new:
 * @arm_name: display name of the arm
 * @color_index: palette index of the bars (see fl_curve_chart_arm_color())
 * @items: (array length=n_items): features with their importance, largest
 *   first (see fl_stored_arm_get_importance())
 * @n_items: number of features
 * @max_bars: how many of the largest to keep, e.g. 15
 *
 * Creates the bar chart of the @max_bars most important features; copied.
 * Pure; may run in a worker thread.
 *
 * Returns: (transfer full): a new #FlImportanceChart
 */
FlImportanceChart *
fl_importance_chart_new (const char               *arm_name,
                         guint                     color_index,
                         const FlStoredImportance *items,
                         gsize                     n_items,
                         guint                     max_bars)
{
  FlImportanceChart *chart = g_new0 (FlImportanceChart, 1);

  g_return_val_if_fail (items != NULL || n_items == 0, chart);

  chart->arm_name = g_strdup (arm_name != NULL ? arm_name : "");
  chart->color_index = color_index;
  /* Features that no split used (importance 0) are left out. */
  chart->features = g_new0 (char *, MIN (n_items, max_bars) + 1);
  chart->values = g_new (double, MAX (MIN (n_items, max_bars), 1));
  for (gsize i = 0; i < n_items && chart->n < max_bars; i++)
    if (isfinite (items[i].value) && items[i].value > 0)
      {
        chart->features[chart->n] = g_strdup (items[i].feature);
        chart->values[chart->n++] = items[i].value;
      }
  return chart;
}

/**
 * fl_importance_chart_free:
 * @chart: (nullable) (transfer full): a chart
 *
 * Frees @chart.
 */
void
fl_importance_chart_free (FlImportanceChart *chart)
{
  if (chart == NULL)
    return;
  g_free (chart->arm_name);
  g_strfreev (chart->features);
  g_free (chart->values);
  g_free (chart);
}

/**
 * fl_importance_chart_get_n_bars:
 * @chart: a chart
 *
 * Returns: the number of bars drawn
 */
guint
fl_importance_chart_get_n_bars (const FlImportanceChart *chart)
{
  g_return_val_if_fail (chart != NULL, 0);

  return chart->n;
}

/**
 * fl_importance_chart_describe:
 * @chart: a chart
 *
 * Summarises the chart for assistive technologies, e.g. "Gain importance of
 * xgboost, top 3 features: rtt_mean_ms 12.4; loss_pct 3.1; hour 0.8".
 *
 * Returns: (transfer full): the summary
 */
char *
fl_importance_chart_describe (const FlImportanceChart *chart)
{
  g_autoptr(GString) parts = g_string_new (NULL);

  g_return_val_if_fail (chart != NULL, NULL);

  if (chart->n == 0)
    return g_strdup_printf (_("No feature importance stored for %s"), chart->arm_name);
  for (guint i = 0; i < MIN (chart->n, 5); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %.3g", chart->features[i], chart->values[i]);

      append_part (parts, text);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Gain importance of %s, top %u feature: %s",
                                       "Gain importance of %s, top %u features: %s",
                                       chart->n),
                          chart->arm_name, chart->n, parts->str);
}

/**
 * fl_importance_chart_draw:
 * @chart: a chart
 * @cr: the cairo context to draw into
 * @width: width of the area in cairo units (logical pixels)
 * @height: height of the area in cairo units
 * @style: the theme colours (see fl_chart_style_init())
 * @error: return location for a #GError
 *
 * Draws one horizontal bar per feature, largest on top, with the feature
 * names left of the bars and each value at the end of its bar; the x axis
 * is XGBoost's average gain per split that uses the feature
 * (`XGBoosterFeatureScore`, importance type `gain`). Main thread only; the
 * state of @cr is restored.
 *
 * Returns: %TRUE on success, %FALSE with %FL_ERROR_NOT_FOUND when the
 *   PLplot cairo driver is missing or %FL_ERROR_INVALID when no PLplot
 *   stream is free
 */
gboolean
fl_importance_chart_draw (const FlImportanceChart *chart,
                          cairo_t                 *cr,
                          int                      width,
                          int                      height,
                          const FlChartStyle      *style,
                          GError                 **error)
{
  double margin_left, x_max = 0, x_per_px;
  glong longest = 4;
  PLINT prev_strm = 0;
  guint n;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  if (!fl_rtt_chart_check_driver (error))
    return FALSE;

  for (guint i = 0; i < chart->n; i++)
    {
      longest = MAX (longest, g_utf8_strlen (chart->features[i], -1));
      if (isfinite (chart->values[i]))
        x_max = MAX (x_max, chart->values[i]);
    }
  /* Names sit left of the bars: about 7 px per character at the chart's
   * text size, at most 45 % of the width. */
  margin_left = MIN (0.45 * width, 24 + 7.5 * longest);
  margin_left = MAX (margin_left, MARGIN_LEFT);
  if (too_small (cr, width, height, margin_left, style))
    return TRUE;
  if (!frame_begin (cr, width, height, style, &prev_strm, error))
    return FALSE;

  n = MAX (chart->n, 1);
  if (x_max <= 0)
    x_max = 1;
  x_max *= 1.15;   /* room for the value labels */
  plvpor (margin_left / width, 1.0 - MARGIN_RIGHT / width,
          MARGIN_BOTTOM / height, 1.0 - MARGIN_TOP / height);
  plwind (0, x_max, -0.5, n - 0.5);
  x_per_px = x_max / (width - margin_left - MARGIN_RIGHT);

  plcol0 (COL_GRID);
  plwidth (1);
  plbox ("g", 0, 0, "", 0, 0);

  for (guint i = 0; i < chart->n; i++)
    {
      double y = n - 1 - i;
      double v = isfinite (chart->values[i]) ? MAX (chart->values[i], 0) : 0;
      PLFLT px[4] = { 0, v, v, 0 };
      PLFLT py[4] = { y - 0.34, y - 0.34, y + 0.34, y + 0.34 };
      g_autofree char *value = g_strdup_printf ("%.3g", chart->values[i]);
      g_autofree char *name = g_utf8_substring (chart->features[i], 0,
                                                MIN (g_utf8_strlen (chart->features[i], -1), 40));

      plcol0 (arm_col (chart->color_index));
      plfill (4, px, py);
      plcol0 (COL_FOREGROUND);
      plschr (0, 0.85 * text_scale (width, height));
      plptex (v + 5 * x_per_px, y, 1, 0, 0, value);
      plmtex ("lv", 0.6, (y + 0.5) / n, 1.0, name);
      plschr (0, text_scale (width, height));
    }

  plcol0 (COL_FOREGROUND);
  plwidth (1);
  plbox ("bcnst", 0, 0, "bc", 0, 0);
  plmtex ("b", 3.0, 0.5, 0.5, _("Gain (average loss reduction of the splits on the feature)"));
  if (chart->n == 0)
    plmtex ("t", -3.0, 0.5, 0.5, _("No feature importance stored for this arm"));

  frame_end (cr, prev_strm);
  return TRUE;
}
