/* fl-curve-chart.c
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

/* Colour map 0 slots used while drawing; the arms follow from COL_ARM. */
enum
{
  COL_BACKGROUND,
  COL_FOREGROUND,
  COL_GRID,
  COL_REFERENCE,
  COL_ARM,
};

/* GNOME palette: blue 3, green 4, yellow 5, orange 5, red 3, purple 3. */
static const guint8 palette[FL_CURVE_CHART_N_COLORS][3] = {
  { 0x35, 0x84, 0xe4 },
  { 0x2e, 0xc2, 0x7e },
  { 0xe5, 0xa5, 0x0a },
  { 0xc6, 0x46, 0x00 },
  { 0xe0, 0x1b, 0x24 },
  { 0x91, 0x41, 0xac },
};

/* Layout in pixels. */
#define MARGIN_LEFT   64.0
#define MARGIN_RIGHT  18.0
#define MARGIN_TOP    14.0
#define MARGIN_BOTTOM 48.0
#define MARKER_PX     4.5

typedef struct
{
  char        *name;
  gboolean     is_baseline;
  FlMetrics    metrics;
  FlArmCurves *curves;
} Arm;

struct _FlCurveChart
{
  GPtrArray *arms;   /* Arm */
};

static void
arm_free (gpointer data)
{
  Arm *arm = data;

  g_free (arm->name);
  fl_arm_curves_free (arm->curves);
  g_free (arm);
}

/**
 * fl_curve_chart_new:
 *
 * Creates a chart without arms.
 *
 * Returns: (transfer full): a new #FlCurveChart
 */
FlCurveChart *
fl_curve_chart_new (void)
{
  FlCurveChart *chart = g_new0 (FlCurveChart, 1);

  chart->arms = g_ptr_array_new_with_free_func (arm_free);
  return chart;
}

/**
 * fl_curve_chart_free:
 * @chart: (nullable) (transfer full): a chart
 *
 * Frees @chart and the curves it owns.
 */
void
fl_curve_chart_free (FlCurveChart *chart)
{
  if (chart == NULL)
    return;
  g_ptr_array_unref (chart->arms);
  g_free (chart);
}

static FlCurve *
curve_copy (const FlCurve *c)
{
  FlCurve *copy;
  gsize bytes;

  if (c == NULL)
    return NULL;
  bytes = MAX (c->n_points, 1) * sizeof (double);
  copy = g_new0 (FlCurve, 1);
  copy->kind = c->kind;
  copy->n_points = c->n_points;
  copy->x = g_memdup2 (c->x, bytes);
  copy->y = g_memdup2 (c->y, bytes);
  copy->threshold = g_memdup2 (c->threshold, bytes);
  if (c->count != NULL)
    copy->count = g_memdup2 (c->count, MAX (c->n_points, 1) * sizeof (guint64));
  return copy;
}

static FlThresholdSweep *
sweep_copy (const FlThresholdSweep *s)
{
  FlThresholdSweep *copy;
  gsize bytes;

  if (s == NULL)
    return NULL;
  bytes = MAX (s->n_points, 1) * sizeof (double);
  copy = g_new0 (FlThresholdSweep, 1);
  copy->n_points = s->n_points;
  copy->threshold = g_memdup2 (s->threshold, bytes);
  copy->precision = g_memdup2 (s->precision, bytes);
  copy->recall = g_memdup2 (s->recall, bytes);
  copy->f1 = g_memdup2 (s->f1, bytes);
  copy->tp = g_memdup2 (s->tp, MAX (s->n_points, 1) * sizeof (guint64));
  copy->fp = g_memdup2 (s->fp, MAX (s->n_points, 1) * sizeof (guint64));
  if (s->false_alarms_per_day != NULL)
    copy->false_alarms_per_day = g_memdup2 (s->false_alarms_per_day, bytes);
  return copy;
}

/**
 * fl_curve_chart_add_arm:
 * @chart: a chart
 * @name: display name of the arm, e.g. `xgboost + smote`
 * @is_baseline: whether the arm is a baseline (drawn dashed)
 * @metrics: the arm's metrics at its decision threshold: the operating point
 *   (precision, recall, specificity at @metrics->threshold) and the
 *   prevalence (@metrics->n_positive / @metrics->n) come from it
 * @curves: (transfer none) (nullable): the arm's curves (see
 *   fl_arm_curves_from_json()), copied; %NULL draws nothing for this arm but
 *   keeps its colour
 *
 * Appends one arm; it gets the next colour of the GNOME palette
 * (fl_curve_chart_arm_color()). Pure; may run in a worker thread.
 */
void
fl_curve_chart_add_arm (FlCurveChart      *chart,
                        const char        *name,
                        gboolean           is_baseline,
                        const FlMetrics   *metrics,
                        const FlArmCurves *curves)
{
  Arm *arm;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (metrics != NULL);

  arm = g_new0 (Arm, 1);
  arm->name = g_strdup (name);
  arm->is_baseline = is_baseline;
  arm->metrics = *metrics;
  if (curves != NULL)
    {
      arm->curves = g_new0 (FlArmCurves, 1);
      arm->curves->pr = curve_copy (curves->pr);
      arm->curves->roc = curve_copy (curves->roc);
      arm->curves->calibration = curve_copy (curves->calibration);
      arm->curves->sweep = sweep_copy (curves->sweep);
    }
  g_ptr_array_add (chart->arms, arm);
}

/**
 * fl_curve_chart_get_n_arms:
 * @chart: a chart
 *
 * Returns: the number of arms added
 */
guint
fl_curve_chart_get_n_arms (const FlCurveChart *chart)
{
  g_return_val_if_fail (chart != NULL, 0);

  return chart->arms->len;
}

/**
 * fl_curve_chart_arm_color:
 * @index: position of the arm in the chart
 * @rgb: (out caller-allocates) (array fixed-size=3): the colour, each
 *   component in [0, 1]
 *
 * Gets the colour arm @index is drawn with, so that a table can show the
 * same colour next to the arm's name.
 */
void
fl_curve_chart_arm_color (guint  index,
                          double rgb[3])
{
  const guint8 *c = palette[index % FL_CURVE_CHART_N_COLORS];

  for (guint i = 0; i < 3; i++)
    rgb[i] = c[i] / 255.0;
}

/**
 * fl_curve_chart_arm_color_on:
 * @index: palette index
 * @style: the theme colours the arm is drawn on
 * @rgb: (out caller-allocates): the colour, RGB in 0 … 1
 *
 * The colour of arm @index as the charts draw it on @style:
 * fl_curve_chart_arm_color(), a touch lighter on a dark background (like
 * the palette's lighter shades).
 */
void
fl_curve_chart_arm_color_on (guint               index,
                             const FlChartStyle *style,
                             double              rgb[3])
{
  fl_curve_chart_arm_color (index, rgb);
  if (fl_plot_style_is_dark (style))
    {
      const double white[3] = { 1, 1, 1 };

      fl_plot_blend (rgb, white, 0.15, rgb);
    }
}

static double
prevalence_of (const FlCurveChart *chart)
{
  for (guint i = 0; i < chart->arms->len; i++)
    {
      const Arm *arm = g_ptr_array_index (chart->arms, i);

      if (arm->metrics.n > 0)
        return (double) arm->metrics.n_positive / arm->metrics.n;
    }
  return NAN;
}

static void
append_value (GString    *s,
              const char *name,
              const char *metric,
              double      value)
{
  if (s->len > 0)
    g_string_append (s, "; ");
  if (isfinite (value))
    /* Translators: "xgboost + smote: AP 0.141" in a chart summary */
    g_string_append_printf (s, _("%s: %s %.3f"), name, metric, value);
  else
    /* Translators: "never-alarm: AP undefined" in a chart summary */
    g_string_append_printf (s, _("%s: %s undefined"), name, metric);
}

/**
 * fl_curve_chart_describe:
 * @chart: a chart
 * @kind: which view
 *
 * Summarises the view as text for assistive technologies, e.g.
 * "Precision–recall curves of 2 arms (prevalence 0.085): xgboost: AP 0.125;
 * persistence: AP 0.099".
 *
 * Returns: (transfer full): the summary
 */
char *
fl_curve_chart_describe (const FlCurveChart *chart,
                         FlCurveChartKind    kind)
{
  g_autoptr(GString) parts = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (chart != NULL, NULL);

  n = chart->arms->len;
  if (n == 0)
    return g_strdup (_("No curves: select arms to plot in the table"));

  for (guint i = 0; i < n; i++)
    {
      const Arm *arm = g_ptr_array_index (chart->arms, i);

      switch (kind)
        {
        case FL_CURVE_CHART_PR:
          append_value (parts, arm->name, _("AP"), arm->metrics.average_precision);
          break;
        case FL_CURVE_CHART_ROC:
          append_value (parts, arm->name, _("ROC-AUC"), arm->metrics.roc_auc);
          break;
        case FL_CURVE_CHART_CALIBRATION:
          append_value (parts, arm->name, _("Brier score"), arm->metrics.brier);
          break;
        case FL_CURVE_CHART_SWEEP:
        default:
          {
            const FlThresholdSweep *s = arm->curves ? arm->curves->sweep : NULL;
            gsize best = 0;

            if (parts->len > 0)
              g_string_append (parts, "; ");
            if (s == NULL || s->n_points == 0)
              {
                g_string_append_printf (parts, _("%s: no sweep"), arm->name);
                break;
              }
            for (gsize k = 1; k < s->n_points; k++)
              if (s->f1[k] > s->f1[best])
                best = k;
            /* Translators: "xgboost: best F1 0.210 at threshold 0.43" */
            g_string_append_printf (parts, _("%s: best F1 %.3f at threshold %.2f"),
                                    arm->name, s->f1[best], s->threshold[best]);
          }
          break;
        }
    }

  switch (kind)
    {
    case FL_CURVE_CHART_PR:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Precision–recall curve of %u arm (prevalence %.3f): %s",
                                           "Precision–recall curves of %u arms (prevalence %.3f): %s",
                                           n),
                              n, prevalence_of (chart), parts->str);
    case FL_CURVE_CHART_ROC:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "ROC curve of %u arm: %s",
                                           "ROC curves of %u arms: %s", n),
                              n, parts->str);
    case FL_CURVE_CHART_CALIBRATION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Calibration of %u arm: %s",
                                           "Calibration of %u arms: %s", n),
                              n, parts->str);
    case FL_CURVE_CHART_SWEEP:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Threshold sweep of %u arm: %s",
                                           "Threshold sweep of %u arms: %s", n),
                              n, parts->str);
    }
}

/* Line styles: 0 solid, 1 long dashes, 2 short dashes. PLplot's predefined
 * styles, so that pllegend() shows the same patterns. */
static const PLINT line_style_ids[3] = { 1, 3, 2 };

static void
set_line_style (guint style)
{
  pllsty (line_style_ids[MIN (style, 2)]);
}

/* A filled disc of MARKER_PX around (x, y) with a ring in the background
 * colour so it stays visible on top of lines. */
static void
draw_marker (double x,
             double y,
             double x_per_px,
             double y_per_px,
             int    color)
{
  PLFLT px[24], py[24];

  if (!isfinite (x) || !isfinite (y))
    return;
  for (guint ring = 0; ring < 2; ring++)
    {
      double r = ring == 0 ? MARKER_PX + 1.5 : MARKER_PX;

      for (guint i = 0; i < G_N_ELEMENTS (px); i++)
        {
          double a = 2 * G_PI * i / G_N_ELEMENTS (px);

          px[i] = x + r * cos (a) * x_per_px;
          py[i] = y + r * sin (a) * y_per_px;
        }
      plcol0 (ring == 0 ? COL_BACKGROUND : color);
      plfill (G_N_ELEMENTS (px), px, py);
    }
}

static void
draw_legend (const FlCurveChart *chart,
             FlCurveChartKind    kind,
             PLINT               position)
{
  guint n_arms = chart->arms->len;
  gboolean has_operating_point = kind != FL_CURVE_CHART_CALIBRATION;
  guint n = n_arms + (kind == FL_CURVE_CHART_SWEEP ? 3 : 0) + (has_operating_point ? 1 : 0);
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
  g_autofree char *op_text = NULL;
  PLFLT legend_w, legend_h;
  guint k = 0;

  for (guint i = 0; i < n_arms; i++, k++)
    {
      const Arm *arm = g_ptr_array_index (chart->arms, i);

      opts[k] = PL_LEGEND_LINE;
      texts[k] = arm->name;
      line_colors[k] = COL_ARM + (PLINT) (i % FL_CURVE_CHART_N_COLORS);
      line_styles[k] = line_style_ids[kind != FL_CURVE_CHART_SWEEP &&
                                      (arm->is_baseline || i >= FL_CURVE_CHART_N_COLORS)
                                      ? 1 : 0];
      line_widths[k] = 2;
    }
  if (kind == FL_CURVE_CHART_SWEEP)
    {
      static const char *metric_names[3];
      static const PLINT styles[3] = { 1, 3, 2 };

      metric_names[0] = _("F1");
      metric_names[1] = _("precision");
      metric_names[2] = _("recall");
      for (guint j = 0; j < 3; j++, k++)
        {
          opts[k] = PL_LEGEND_LINE;
          texts[k] = metric_names[j];
          line_colors[k] = COL_FOREGROUND;
          line_styles[k] = styles[j];
          line_widths[k] = j == 0 ? 2 : 1.5;
        }
    }
  /* The operating point (none in the reliability diagram). */
  if (has_operating_point)
    {
      opts[k] = PL_LEGEND_SYMBOL;
      op_text = g_strdup_printf (_("threshold %.2f"),
                                 n_arms > 0 ? ((const Arm *) g_ptr_array_index (chart->arms, 0))
                                                ->metrics.threshold : 0.5);
      texts[k] = op_text;
      symbol_colors[k] = COL_FOREGROUND;
      symbol_scales[k] = 1.0;
      symbol_numbers[k] = 1;
      symbols[k] = "●";
      k++;
    }

  for (guint i = 0; i < n; i++)
    text_colors[i] = COL_FOREGROUND;

  pllegend (&legend_w, &legend_h,
            PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
            PL_POSITION_INSIDE | PL_POSITION_VIEWPORT | position,
            0.02, 0.03, 0.07,
            COL_BACKGROUND, COL_GRID, 1,
            0, 1, (PLINT) k, opts,
            0.8, 0.85, 1.6, 0.0,
            text_colors, texts,
            NULL, NULL, NULL, NULL,
            line_colors, line_styles, line_widths,
            symbol_colors, symbol_scales, symbol_numbers, symbols);
  pllsty (1);
}

/**
 * fl_curve_chart_draw:
 * @chart: a chart
 * @kind: which view to draw
 * @cr: the cairo context to draw into
 * @width: width of the area in cairo units (logical pixels)
 * @height: height of the area in cairo units
 * @style: the theme colours (see fl_chart_style_init())
 * @error: return location for a #GError
 *
 * Draws one view of all arms with PLplot's extcairo driver: one colour per
 * arm (baselines dashed), the reference line of the view (the prevalence
 * for precision–recall, the diagonal for ROC and calibration), each arm's
 * operating point at its decision threshold as a disc (a vertical line in
 * the threshold sweep, where precision is dashed, recall dotted and F1
 * solid), and a legend. Main thread only (PLplot is not thread-safe); the
 * state of @cr is restored afterwards.
 *
 * Returns: %TRUE on success, %FALSE with %FL_ERROR_NOT_FOUND when the
 *   PLplot cairo driver is missing or %FL_ERROR_INVALID when no PLplot
 *   stream is free
 */
gboolean
fl_curve_chart_draw (const FlCurveChart *chart,
                     FlCurveChartKind    kind,
                     cairo_t            *cr,
                     int                 width,
                     int                 height,
                     const FlChartStyle *style,
                     GError            **error)
{
  double grid_rgb[3], ref_rgb[3];
  PLINT prev_strm = 0;
  double x_per_px, y_per_px, y_max = 1.0;
  const char *x_label, *y_label;
  PLINT legend_position;
  double prevalence;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  if (!fl_rtt_chart_check_driver (error))
    return FALSE;

  if (width < MARGIN_LEFT + MARGIN_RIGHT + 40 || height < MARGIN_TOP + MARGIN_BOTTOM + 40)
    {
      fl_plot_paint_background (cr, style);
      return TRUE;
    }

  fl_plot_blend (style->background, style->foreground, 0.12, grid_rgb);
  fl_plot_blend (style->background, style->foreground, 0.45, ref_rgb);

  if (!fl_plot_frame_open (width, height, &prev_strm, error))
    return FALSE;
  fl_plot_set_col0 (COL_BACKGROUND, style->background, 1.0);
  fl_plot_set_col0 (COL_FOREGROUND, style->foreground, 1.0);
  fl_plot_set_col0 (COL_GRID, grid_rgb, 1.0);
  fl_plot_set_col0 (COL_REFERENCE, ref_rgb, 1.0);
  for (guint i = 0; i < FL_CURVE_CHART_N_COLORS; i++)
    {
      double rgb[3];

      fl_curve_chart_arm_color_on (i, style, rgb);
      fl_plot_set_col0 (COL_ARM + (int) i, rgb, 1.0);
    }
  fl_plot_frame_start (cr, width, height, style);

  switch (kind)
    {
    case FL_CURVE_CHART_PR:
      x_label = _("Recall");
      y_label = _("Precision");
      legend_position = PL_POSITION_TOP | PL_POSITION_RIGHT;
      break;
    case FL_CURVE_CHART_ROC:
      x_label = _("False positive rate");
      y_label = _("True positive rate (recall)");
      legend_position = PL_POSITION_BOTTOM | PL_POSITION_RIGHT;
      break;
    case FL_CURVE_CHART_CALIBRATION:
      x_label = _("Mean predicted probability");
      y_label = _("Fraction of positives");
      legend_position = PL_POSITION_TOP | PL_POSITION_LEFT;
      break;
    case FL_CURVE_CHART_SWEEP:
    default:
      x_label = _("Decision threshold");
      y_label = _("Precision, recall, F1");
      legend_position = PL_POSITION_TOP | PL_POSITION_RIGHT;
      break;
    }

  /* A little headroom so that lines at 1.0 do not run along the frame. */
  y_max = 1.02;
  plvpor (MARGIN_LEFT / width, 1.0 - MARGIN_RIGHT / width,
          MARGIN_BOTTOM / height, 1.0 - MARGIN_TOP / height);
  plwind (0.0, 1.0, 0.0, y_max);
  x_per_px = 1.0 / (width - MARGIN_LEFT - MARGIN_RIGHT);
  y_per_px = y_max / (height - MARGIN_TOP - MARGIN_BOTTOM);

  plcol0 (COL_GRID);
  plwidth (1);
  plbox ("g", 0.2, 0, "g", 0.2, 0);

  /* Reference lines. */
  plcol0 (COL_REFERENCE);
  plwidth (1);
  set_line_style (1);
  prevalence = prevalence_of (chart);
  if (kind == FL_CURVE_CHART_PR)
    {
      if (isfinite (prevalence))
        {
          g_autofree char *text = g_strdup_printf (_("prevalence %.3f"), prevalence);

          pljoin (0, prevalence, 1, prevalence);
          plschr (0, 0.85 * FL_PLOT_TEXT_SCALE (width, height));
          plptex (0.02, prevalence + 6 * y_per_px, 1, 0, 0, text);
          plschr (0, FL_PLOT_TEXT_SCALE (width, height));
        }
    }
  else if (kind == FL_CURVE_CHART_ROC || kind == FL_CURVE_CHART_CALIBRATION)
    pljoin (0, 0, 1, 1);
  else if (chart->arms->len > 0)
    {
      double t = ((const Arm *) g_ptr_array_index (chart->arms, 0))->metrics.threshold;

      if (isfinite (t))
        pljoin (t, 0, t, y_max);
    }
  set_line_style (0);

  for (guint i = 0; i < chart->arms->len; i++)
    {
      const Arm *arm = g_ptr_array_index (chart->arms, i);
      const FlArmCurves *c = arm->curves;
      int color = COL_ARM + (int) (i % FL_CURVE_CHART_N_COLORS);
      guint line = arm->is_baseline || i >= FL_CURVE_CHART_N_COLORS ? 1 : 0;
      const FlMetrics *m = &arm->metrics;

      if (c == NULL)
        continue;

      plcol0 (color);
      plwidth (2);
      switch (kind)
        {
        case FL_CURVE_CHART_PR:
          if (c->pr != NULL)
            {
              set_line_style (line);
              fl_plot_draw_line (c->pr->x, c->pr->y, c->pr->n_points);
            }
          set_line_style (0);
          draw_marker (m->recall, m->precision, x_per_px, y_per_px, color);
          break;

        case FL_CURVE_CHART_ROC:
          if (c->roc != NULL)
            {
              set_line_style (line);
              fl_plot_draw_line (c->roc->x, c->roc->y, c->roc->n_points);
            }
          set_line_style (0);
          draw_marker (1.0 - m->specificity, m->recall, x_per_px, y_per_px, color);
          break;

        case FL_CURVE_CHART_CALIBRATION:
          if (c->calibration != NULL)
            {
              const FlCurve *cal = c->calibration;

              set_line_style (line);
              fl_plot_draw_line (cal->x, cal->y, cal->n_points);
              set_line_style (0);
              /* One small dot per bin: the bins are what was measured. */
              for (gsize k = 0; k < cal->n_points; k++)
                {
                  PLFLT px[12], py[12];

                  if (!isfinite (cal->x[k]) || !isfinite (cal->y[k]))
                    continue;
                  for (guint j = 0; j < G_N_ELEMENTS (px); j++)
                    {
                      double a = 2 * G_PI * j / G_N_ELEMENTS (px);

                      px[j] = cal->x[k] + 2.5 * cos (a) * x_per_px;
                      py[j] = cal->y[k] + 2.5 * sin (a) * y_per_px;
                    }
                  plfill (G_N_ELEMENTS (px), px, py);
                }
            }
          break;

        case FL_CURVE_CHART_SWEEP:
        default:
          if (c->sweep != NULL)
            {
              const FlThresholdSweep *s = c->sweep;
              gsize at = 0;

              set_line_style (0);
              plwidth (2);
              fl_plot_draw_line (s->threshold, s->f1, s->n_points);
              plwidth (1.5);
              set_line_style (1);
              fl_plot_draw_line (s->threshold, s->precision, s->n_points);
              set_line_style (2);
              fl_plot_draw_line (s->threshold, s->recall, s->n_points);
              set_line_style (0);
              plwidth (2);
              for (gsize k = 1; k < s->n_points; k++)
                if (fabs (s->threshold[k] - m->threshold) < fabs (s->threshold[at] - m->threshold))
                  at = k;
              if (s->n_points > 0)
                draw_marker (s->threshold[at], s->f1[at], x_per_px, y_per_px, color);
            }
          break;
        }
    }
  set_line_style (0);
  plwidth (1);

  plcol0 (COL_FOREGROUND);
  plbox ("bcnst", 0.2, 2, "bcnstv", 0.2, 2);
  plmtex ("b", 3.0, 0.5, 0.5, x_label);
  plmtex ("l", 4.6, 0.5, 0.5, y_label);

  if (chart->arms->len == 0)
    plmtex ("t", -3.0, 0.5, 0.5, _("No arms selected"));
  else
    draw_legend (chart, kind, legend_position);

  fl_plot_frame_close (cr, prev_strm);

  return TRUE;
}
