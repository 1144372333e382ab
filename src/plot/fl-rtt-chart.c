/* fl-rtt-chart.c
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

#include "fl-chart-shade.h"
#include "fl-error.h"
#include "fl-rtt-chart.h"

/* Colour map 0 slots used while drawing. */
enum
{
  COL_BACKGROUND,
  COL_FOREGROUND,
  COL_MEDIAN,
  COL_LOSS,
  COL_BAND,
  COL_GRID,
  COL_SHADE,
};

/* GNOME palette: blue 3 and red 3. */
static const double median_rgb[3] = { 0x35 / 255., 0x84 / 255., 0xe4 / 255. };
static const double loss_rgb[3] = { 0xe0 / 255., 0x1b / 255., 0x24 / 255. };

/* Layout in pixels. */
#define MARGIN_LEFT   68.0
#define MARGIN_RIGHT  32.0
#define MARGIN_TOP    14.0
#define MARGIN_BOTTOM 46.0
#define STRIP_HEIGHT  14.0
#define STRIP_GAP     6.0

/* Wanted size of the text, and the average advance of a digit. */
#define TEXT_SCALE    560.0
#define TEXT_WIDTH_PX 7.5

/**
 * fl_chart_style_init:
 * @style: (out caller-allocates): the style to fill
 * @dark: whether the dark colour scheme is in use
 *
 * Fills @style with the default foreground and background colours of the
 * light or dark libadwaita view.
 */
void
fl_chart_style_init (FlChartStyle *style,
                     gboolean      dark)
{
  g_return_if_fail (style != NULL);

  if (dark)
    {
      /* view_fg_color #ffffff, view_bg_color #1e1e1e */
      style->foreground[0] = style->foreground[1] = style->foreground[2] = 0.92;
      style->background[0] = style->background[1] = style->background[2] = 0x1e / 255.;
    }
  else
    {
      /* view_fg_color rgba(0,0,0,0.8) on white */
      style->foreground[0] = style->foreground[1] = style->foreground[2] = 0.2;
      style->background[0] = style->background[1] = style->background[2] = 1.0;
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Partially orders @v so that v[k] is the k-th smallest (Hoare select). */
static double
select_kth (double *v,
            gsize   n,
            gsize   k)
{
  gsize lo = 0;
  gsize hi = n - 1;

  while (hi > lo)
    {
      double pivot = v[lo + (hi - lo) / 2];
      gsize i = lo;
      gsize j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double tmp = v[i];

              v[i] = v[j];
              v[j] = tmp;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }

      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }

  return v[k];
}

static double
median_of (double *v,
           gsize   n)
{
  double upper;
  double lower;

  if (n == 0)
    return NAN;
  if (n < 16)
    {
      qsort (v, n, sizeof *v, compare_double);
      return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

  upper = select_kth (v, n, n / 2);
  if (n % 2)
    return upper;

  /* v[0 .. n/2-1] are all <= upper: the lower middle is their maximum. */
  lower = v[0];
  for (gsize i = 1; i < n / 2; i++)
    lower = MAX (lower, v[i]);

  return (lower + upper) / 2.0;
}

/**
 * fl_rtt_chart_prepare:
 * @data: the samples of one series
 * @label: (nullable): display label of the series, e.g. "Probe 6798"
 * @n_columns: number of pixel columns to decimate to (the chart width)
 *
 * Decimates @data to one min / median / max RTT and one lost count per
 * pixel column. This is a pure function: it may run in a worker thread.
 *
 * Returns: (transfer full): the prepared chart data
 */
FlRttChart *
fl_rtt_chart_prepare (const FlSeriesData *data,
                      const char         *label,
                      guint               n_columns)
{
  g_autoptr(FlRttChart) chart = NULL;
  g_autofree gsize *offsets = NULL;
  g_autofree gsize *fill = NULL;
  g_autofree double *values = NULL;
  gsize n_values = 0;
  double span;

  g_return_val_if_fail (data != NULL, NULL);

  chart = g_new0 (FlRttChart, 1);
  chart->label = g_strdup (label);
  chart->y_min = NAN;
  chart->y_max = NAN;
  chart->median_ms = NAN;
  chart->n_samples = data->n;

  if (data->n == 0)
    return g_steal_pointer (&chart);

  n_columns = MAX (n_columns, 1);
  chart->n_columns = n_columns;
  chart->t_start_s = data->ts_s[0];
  chart->t_end_s = data->ts_s[data->n - 1];
  for (gsize i = 0; i < data->n; i++)
    {
      chart->t_start_s = MIN (chart->t_start_s, data->ts_s[i]);
      chart->t_end_s = MAX (chart->t_end_s, data->ts_s[i]);
    }
  if (chart->t_end_s <= chart->t_start_s)
    {
      chart->t_start_s -= 30.0;
      chart->t_end_s += 30.0;
    }
  span = chart->t_end_s - chart->t_start_s;

  chart->col_t_s = g_new (double, n_columns);
  chart->rtt_min = g_new (double, n_columns);
  chart->rtt_median = g_new (double, n_columns);
  chart->rtt_max = g_new (double, n_columns);
  chart->lost = g_new0 (guint, n_columns);

  /* Counting sort of the replies by column: robust against unsorted input. */
  offsets = g_new0 (gsize, n_columns + 1);
  for (gsize i = 0; i < data->n; i++)
    {
      gsize c = (gsize) ((data->ts_s[i] - chart->t_start_s) / span * n_columns);

      c = MIN (c, (gsize) n_columns - 1);
      if (isnan (data->rtt_ms[i]))
        {
          chart->lost[c]++;
          chart->n_lost++;
        }
      else
        {
          offsets[c + 1]++;
          n_values++;
        }
    }
  for (guint c = 0; c < n_columns; c++)
    offsets[c + 1] += offsets[c];

  values = g_new (double, MAX (n_values, 1));
  fill = g_memdup2 (offsets, sizeof (gsize) * (n_columns + 1));
  for (gsize i = 0; i < data->n; i++)
    {
      gsize c;

      if (isnan (data->rtt_ms[i]))
        continue;
      c = (gsize) ((data->ts_s[i] - chart->t_start_s) / span * n_columns);
      c = MIN (c, (gsize) n_columns - 1);
      values[fill[c]++] = data->rtt_ms[i];
    }

  for (guint c = 0; c < n_columns; c++)
    {
      double *v = values + offsets[c];
      gsize m = offsets[c + 1] - offsets[c];

      chart->col_t_s[c] = chart->t_start_s + (c + 0.5) * span / n_columns;
      if (m == 0)
        {
          chart->rtt_min[c] = chart->rtt_max[c] = chart->rtt_median[c] = NAN;
          continue;
        }

      chart->rtt_min[c] = chart->rtt_max[c] = v[0];
      for (gsize j = 1; j < m; j++)
        {
          chart->rtt_min[c] = MIN (chart->rtt_min[c], v[j]);
          chart->rtt_max[c] = MAX (chart->rtt_max[c], v[j]);
        }
      chart->rtt_median[c] = median_of (v, m);

      if (isnan (chart->y_min) || chart->rtt_min[c] < chart->y_min)
        chart->y_min = chart->rtt_min[c];
      if (isnan (chart->y_max) || chart->rtt_max[c] > chart->y_max)
        chart->y_max = chart->rtt_max[c];
    }

  chart->median_ms = median_of (values, n_values);

  return g_steal_pointer (&chart);
}

/**
 * fl_rtt_chart_free:
 * @chart: (transfer full) (nullable): prepared chart data
 *
 * Frees @chart.
 */
void
fl_rtt_chart_free (FlRttChart *chart)
{
  if (chart == NULL)
    return;

  g_free (chart->col_t_s);
  g_free (chart->rtt_min);
  g_free (chart->rtt_median);
  g_free (chart->rtt_max);
  g_free (chart->lost);
  g_free (chart->label);
  g_free (chart->shade_start_s);
  g_free (chart->shade_end_s);
  g_free (chart);
}

static char *
format_duration (double seconds)
{
  if (seconds < 120)
    return g_strdup_printf (_("%.0f s"), seconds);
  if (seconds < 2 * 3600)
    return g_strdup_printf (_("%.0f min"), seconds / 60);
  if (seconds < 2 * 86400)
    return g_strdup_printf (_("%.0f h"), seconds / 3600);
  return g_strdup_printf (_("%.0f days"), seconds / 86400);
}

/**
 * fl_rtt_chart_describe:
 * @chart: prepared chart data
 *
 * Summarises the chart as text for assistive technologies, e.g.
 * "RTT of Probe 6798, 2 h, median 183 ms, 3 lost packets".
 *
 * Returns: (transfer full): the summary
 */
char *
fl_rtt_chart_describe (const FlRttChart *chart)
{
  g_autofree char *duration = NULL;
  g_autofree char *median = NULL;
  g_autofree char *lost = NULL;
  const char *label;

  g_return_val_if_fail (chart != NULL, NULL);

  label = chart->label != NULL ? chart->label : _("the series");
  if (chart->n_samples == 0)
    return g_strdup_printf (_("RTT of %s, no samples"), label);

  duration = format_duration (chart->t_end_s - chart->t_start_s);
  if (isnan (chart->median_ms))
    median = g_strdup (_("no replies"));
  else if (chart->median_ms < 10)
    median = g_strdup_printf (_("median %.1f ms"), chart->median_ms);
  else
    median = g_strdup_printf (_("median %.0f ms"), chart->median_ms);
  lost = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%zu lost packet",
                                       "%zu lost packets",
                                       chart->n_lost),
                          chart->n_lost);

  /* Translators: "RTT of Probe 6798, 2 h, median 183 ms, 3 lost packets" */
  return g_strdup_printf (_("RTT of %s, %s, %s, %s"), label, duration, median, lost);
}

static void
abort_cb (PLCHAR_VECTOR message)
{
  g_warning ("PLplot: %s", message);
}

/**
 * fl_rtt_chart_check_driver:
 * @error: return location for a #GError
 *
 * Checks once that PLplot's `extcairo` driver is installed. Without it,
 * `plinit()` would print an error and call exit(), so every caller must check
 * first. Also routes PLplot aborts to g_warning().
 *
 * Returns: %TRUE if charts can be drawn
 */
gboolean
fl_rtt_chart_check_driver (GError **error)
{
  static gsize checked = 0;
  static gboolean found = FALSE;

  if (g_once_init_enter (&checked))
    {
      int n = 128;
      g_autofree const char **menu = g_new0 (const char *, n);
      g_autofree const char **devices = g_new0 (const char *, n);

      plgDevs (&menu, &devices, &n);
      for (int i = 0; i < n; i++)
        if (g_strcmp0 (devices[i], "extcairo") == 0)
          found = TRUE;
      plsabort (abort_cb);
      g_once_init_leave (&checked, 1);
    }

  if (!found)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                           _("The PLplot cairo driver (extcairo) is not installed; "
                             "install plplot-driver-cairo to see charts"));
      return FALSE;
    }

  return TRUE;
}

static void
set_col0 (int           index,
          const double  rgb[3])
{
  plscol0 (index,
           (PLINT) lround (CLAMP (rgb[0], 0, 1) * 255),
           (PLINT) lround (CLAMP (rgb[1], 0, 1) * 255),
           (PLINT) lround (CLAMP (rgb[2], 0, 1) * 255));
}

static void
blend (const double a[3],
       const double b[3],
       double       t,
       double       out[3])
{
  for (guint i = 0; i < 3; i++)
    out[i] = a[i] * (1 - t) + b[i] * t;
}

/* Approximate rendered length of a strftime-like format. */
static guint
format_length (const char *format)
{
  guint n = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          n++;
          continue;
        }
      p++;
      n += *p == 'Y' ? 4 : *p == 'b' ? 3 : 2;
    }

  return n;
}

/* Picks a tick interval and a time format so that labels do not overlap. */
static void
choose_time_ticks (double       span,
                   double       plot_px,
                   double      *interval,
                   const char **format)
{
  static const double steps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600,
    3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400,
    28 * 86400, 91 * 86400, 182 * 86400, 365 * 86400,
  };
  gboolean multi_day = span > 86400;
  double label_px;
  double max_ticks;

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          if (steps[i] < 60)
            *format = "%H:%M:%S";
          else if (steps[i] < 86400)
            *format = multi_day ? "%d %b %H:%M" : "%H:%M";
          else if (steps[i] < 28 * 86400)
            *format = "%d %b";
          else
            *format = "%b %Y";

          label_px = format_length (*format) * TEXT_WIDTH_PX + 28;
          max_ticks = MAX (1.0, plot_px / label_px);
          if (span / steps[i] <= max_ticks || i == G_N_ELEMENTS (steps) - 1)
            {
              *interval = steps[i];
              return;
            }
        }
    }
}

/* Draws @run columns starting at @first as a band polygon and a median line. */
static void
draw_run (const FlRttChart *chart,
          const guint      *cols,
          gsize             n,
          double            x_px)
{
  g_autofree PLFLT *x = g_new (PLFLT, 2 * n + 2);
  g_autofree PLFLT *y = g_new (PLFLT, 2 * n + 2);

  if (n == 1)
    {
      guint c = cols[0];

      plcol0 (COL_BAND);
      plwidth (3);
      pljoin (chart->col_t_s[c], chart->rtt_min[c], chart->col_t_s[c], chart->rtt_max[c]);
      plcol0 (COL_MEDIAN);
      plwidth (2);
      pljoin (chart->col_t_s[c] - x_px, chart->rtt_median[c],
              chart->col_t_s[c] + x_px, chart->rtt_median[c]);
      return;
    }

  for (gsize i = 0; i < n; i++)
    {
      x[i] = chart->col_t_s[cols[i]];
      y[i] = chart->rtt_max[cols[i]];
      x[2 * n - 1 - i] = chart->col_t_s[cols[i]];
      y[2 * n - 1 - i] = chart->rtt_min[cols[i]];
    }
  plcol0 (COL_BAND);
  plfill ((PLINT) (2 * n), x, y);

  for (gsize i = 0; i < n; i++)
    y[i] = chart->rtt_median[cols[i]];
  plcol0 (COL_MEDIAN);
  plwidth (2);
  plline ((PLINT) n, x, y);
  plwidth (1);
}

static void
draw_series (const FlRttChart *chart,
             double            x_px)
{
  g_autofree guint *run = g_new (guint, chart->n_columns);
  gsize n_run = 0;
  double typical_gap;
  double last_t = NAN;
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));

  /* Columns without a reply are either real gaps or just sparser sampling
   * than the pixel grid: connect neighbours unless the gap is unusual. */
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      if (isnan (chart->rtt_median[c]))
        continue;
      if (!isnan (last_t))
        {
          double gap = chart->col_t_s[c] - last_t;

          g_array_append_val (gaps, gap);
        }
      last_t = chart->col_t_s[c];
    }
  typical_gap = gaps->len > 0 ? median_of ((double *) (gpointer) gaps->data, gaps->len) : 0;
  typical_gap = MAX (typical_gap * 4, 3 * x_px);

  last_t = NAN;
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      if (isnan (chart->rtt_median[c]))
        continue;
      if (n_run > 0 && chart->col_t_s[c] - last_t > typical_gap)
        {
          draw_run (chart, run, n_run, x_px);
          n_run = 0;
        }
      run[n_run++] = c;
      last_t = chart->col_t_s[c];
    }
  if (n_run > 0)
    draw_run (chart, run, n_run, x_px);
}

/**
 * fl_rtt_chart_draw:
 * @chart: prepared chart data
 * @cr: the cairo context to draw into
 * @width: width of the area in cairo units (logical pixels)
 * @height: height of the area in cairo units
 * @style: the theme colours
 * @error: return location for a #GError
 *
 * Draws the RTT chart with PLplot's extcairo driver: the min–max band, the
 * median line and the lost packets as red ticks in a strip along the
 * bottom. Main thread only (PLplot is not thread-safe). The state of @cr is
 * restored afterwards.
 *
 * Returns: %TRUE on success
 */
gboolean
fl_rtt_chart_draw (const FlRttChart   *chart,
                   cairo_t            *cr,
                   int                 width,
                   int                 height,
                   const FlChartStyle *style,
                   GError            **error)
{
  double band_rgb[3];
  double grid_rgb[3];
  PLINT prev_strm = 0;
  PLINT strm = -1;
  double vx0, vx1, strip_y0, strip_y1, main_y0, main_y1;
  double y_lo, y_hi, x_px;
  double interval = 3600;
  const char *time_format = "%H:%M";
  double plot_px;
  double text_scale;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  if (!fl_rtt_chart_check_driver (error))
    return FALSE;

  if (width < MARGIN_LEFT + MARGIN_RIGHT + 20 ||
      height < MARGIN_TOP + MARGIN_BOTTOM + STRIP_HEIGHT + STRIP_GAP + 20)
    {
      /* Too small for axes: paint the background only. */
      cairo_save (cr);
      cairo_set_source_rgb (cr, style->background[0], style->background[1],
                            style->background[2]);
      cairo_paint (cr);
      cairo_restore (cr);
      return TRUE;
    }

  /* The band needs more of the hue to stay visible on a dark background. */
  blend (style->background, median_rgb,
         (style->background[0] + style->background[1] + style->background[2]) / 3 < 0.5 ? 0.45 : 0.28,
         band_rgb);
  blend (style->background, style->foreground, 0.12, grid_rgb);

  plgstrm (&prev_strm);
  plmkstrm (&strm);
  if (strm < 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           _("PLplot has no free stream left"));
      return FALSE;
    }

  plsdev ("extcairo");
  plspage (0, 0, width, height, 0, 0);
  set_col0 (COL_BACKGROUND, style->background);
  set_col0 (COL_FOREGROUND, style->foreground);
  set_col0 (COL_MEDIAN, median_rgb);
  set_col0 (COL_LOSS, loss_rgb);
  set_col0 (COL_BAND, band_rgb);
  set_col0 (COL_GRID, grid_rgb);
  {
    const double shade_rgb[3] = FL_CHART_SHADE_RGB;
    double shade_bg[3];

    blend (style->background, shade_rgb, 0.24, shade_bg);
    set_col0 (COL_SHADE, shade_bg);
  }
  plinit ();

  cairo_save (cr);
  cairo_set_source_rgb (cr, style->background[0], style->background[1],
                        style->background[2]);
  cairo_paint (cr);
  pl_cmd (PLESC_DEVINIT, cr);

  pladv (0);
  /* PLplot scales text and ticks with the mean page side (in mm / 200):
   * undo that so that text keeps the same size whatever the chart size. */
  text_scale = TEXT_SCALE / ((width + height) / 2.0);
  plschr (0, text_scale);
  plsmaj (0, text_scale);
  plsmin (0, text_scale);

  vx0 = MARGIN_LEFT / width;
  vx1 = 1.0 - MARGIN_RIGHT / width;
  strip_y0 = MARGIN_BOTTOM / height;
  strip_y1 = (MARGIN_BOTTOM + STRIP_HEIGHT) / height;
  main_y0 = (MARGIN_BOTTOM + STRIP_HEIGHT + STRIP_GAP) / height;
  main_y1 = 1.0 - MARGIN_TOP / height;
  plot_px = width - MARGIN_LEFT - MARGIN_RIGHT;

  if (chart->n_columns == 0)
    {
      double now = 0;

      plvpor (vx0, vx1, main_y0, main_y1);
      plwind (now, now + 3600, 0, 1);
      plcol0 (COL_FOREGROUND);
      plbox ("bc", 0, 0, "bc", 0, 0);
      plmtex ("t", -3.0, 0.5, 0.5, _("No samples"));
      goto out;
    }

  x_px = (chart->t_end_s - chart->t_start_s) / plot_px;
  if (isnan (chart->y_min))
    {
      y_lo = 0;
      y_hi = 1;
    }
  else
    {
      double range = chart->y_max - chart->y_min;

      if (range <= 0)
        range = MAX (1.0, chart->y_max * 0.1);
      y_lo = MAX (0.0, chart->y_min - 0.05 * range);
      y_hi = chart->y_max + 0.05 * range;
    }

  choose_time_ticks (chart->t_end_s - chart->t_start_s, plot_px, &interval, &time_format);
  pltimefmt (time_format);

  /* Main panel: grid, band, median, frame. */
  plvpor (vx0, vx1, main_y0, main_y1);
  plwind (chart->t_start_s, chart->t_end_s, y_lo, y_hi);
  /* Labelled events behind everything else. */
  plcol0 (COL_SHADE);
  fl_chart_shade_ranges (chart->shade_start_s, chart->shade_end_s, chart->n_shade,
                         chart->t_start_s, chart->t_end_s, y_lo, y_hi, x_px);
  plcol0 (COL_GRID);
  plwidth (1);
  plbox ("gd", interval, 0, "g", 0, 0);
  if (!isnan (chart->y_min))
    draw_series (chart, x_px);
  plcol0 (COL_FOREGROUND);
  plwidth (1);
  plbox ("bcstd", interval, 0, "bcnstv", 0, 0);
  plmtex ("l", 5.2, 0.5, 0.5, _("RTT (ms)"));

  /* Loss strip: one red tick (at least 3 px wide) per column with lost
   * packets, drawn over the frame so that edge columns stay visible. */
  plvpor (vx0, vx1, strip_y0, strip_y1);
  plwind (chart->t_start_s, chart->t_end_s, 0, 1);
  plcol0 (COL_FOREGROUND);
  plbox ("bcntd", interval, 0, "bc", 0, 0);
  plmtex ("lv", 0.8, 0.5, 1.0, _("Lost"));
  plmtex ("b", 3.0, 0.5, 0.5, _("Time (UTC)"));
  plcol0 (COL_LOSS);
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      PLFLT x[4], y[4];
      double half = MAX (1.5 * x_px, (chart->t_end_s - chart->t_start_s) / chart->n_columns / 2);

      if (chart->lost[c] == 0)
        continue;
      x[0] = x[1] = MAX (chart->t_start_s, chart->col_t_s[c] - half);
      x[2] = x[3] = MIN (chart->t_end_s, chart->col_t_s[c] + half);
      y[0] = y[3] = 0.12;
      y[1] = y[2] = 0.88;
      plfill (4, x, y);
    }

out:
  plend1 ();
  cairo_restore (cr);
  plsstrm (prev_strm);

  return TRUE;
}
