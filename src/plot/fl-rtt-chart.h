/* fl-rtt-chart.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fl-project.h"

G_BEGIN_DECLS

/**
 * FlChartStyle:
 * @foreground: RGB of text, axes and frame, each in [0, 1]
 * @background: RGB painted behind the chart, each in [0, 1]
 *
 * Colours that follow the theme (light or dark). The data colours (GNOME
 * blue median, red loss) are fixed; the min–max band is blended towards
 * @background.
 */
typedef struct
{
  double foreground[3];
  double background[3];
} FlChartStyle;

/**
 * FlRttChart:
 * @n_columns: number of pixel columns
 * @t_start_s: time of the left edge, s since the epoch
 * @t_end_s: time of the right edge, s since the epoch
 * @col_t_s: (array length=n_columns): time at the centre of each column
 * @rtt_min: (array length=n_columns): smallest RTT per column, NaN if none
 * @rtt_median: (array length=n_columns): median RTT per column, NaN if none
 * @rtt_max: (array length=n_columns): largest RTT per column, NaN if none
 * @lost: (array length=n_columns): lost packets per column
 * @y_min: lowest value drawn: the lowest band edge or overlay median (NaN
 *   if no reply)
 * @y_max: highest value drawn (NaN if no reply)
 * @n_samples: samples of the series
 * @n_lost: lost samples of the series
 * @median_ms: median RTT of the whole series (NaN if no reply)
 * @label: (nullable): display label of the series
 * @n_shade: number of shaded time ranges (labelled events)
 * @shade_start_s: (array length=n_shade) (nullable): their starts, s
 * @shade_end_s: (array length=n_shade) (nullable): their ends, s
 * @baseline_ms: the baseline subtracted from every RTT (relative mode), or
 *   NaN in absolute mode
 * @n_overlays: number of further series drawn as median lines
 * @overlays: (array length=n_overlays) (nullable): those series
 * @show_alarms: whether the "Alarms" strip is drawn (set by
 *   fl_rtt_chart_set_alarms())
 * @n_alarms: number of predicted alarm ranges (drawn in an "Alarms" strip)
 * @alarm_start_s: (array length=n_alarms) (nullable): their starts, s
 * @alarm_end_s: (array length=n_alarms) (nullable): their ends, s
 * @n_highlight: number of highlighted time ranges (e.g. the buckets of one
 *   confusion-matrix cell)
 * @highlight_start_s: (array length=n_highlight) (nullable): their starts, s
 * @highlight_end_s: (array length=n_highlight) (nullable): their ends, s
 * @band_quantile: 0 when the band runs from @rtt_min to @rtt_max, else q of
 *   a band from the q to the 1 − q quantile (see
 *   fl_rtt_chart_prepare_band())
 * @band_lo: (array length=n_columns): lower edge of the band per column, NaN
 *   if none
 * @band_hi: (array length=n_columns): upper edge of the band per column
 *
 * Data prepared for drawing: one entry per pixel column. Built by
 * fl_rtt_chart_prepare() (any thread), drawn by fl_rtt_chart_draw() (main
 * thread only). Free with fl_rtt_chart_free().
 */
/**
 * FlRttOverlay:
 * @label: display label of the series
 * @median: (array length=n_columns): median RTT per column of the chart, ms
 *   (baseline subtracted in relative mode), NaN if none
 * @baseline_ms: the baseline subtracted, or NaN
 *
 * A further series on the same time axis, drawn as a median line.
 */
typedef struct
{
  char    *label;
  double  *median;
  double   baseline_ms;
} FlRttOverlay;

typedef struct
{
  gsize    n_columns;
  double   t_start_s;
  double   t_end_s;
  double  *col_t_s;
  double  *rtt_min;
  double  *rtt_median;
  double  *rtt_max;
  guint   *lost;
  double   y_min;
  double   y_max;
  gsize    n_samples;
  gsize    n_lost;
  double   median_ms;
  char    *label;
  gsize    n_shade;
  double  *shade_start_s;
  double  *shade_end_s;
  double   baseline_ms;
  gsize    n_overlays;
  FlRttOverlay *overlays;
  gboolean show_alarms;
  gsize    n_alarms;
  double  *alarm_start_s;
  double  *alarm_end_s;
  gsize    n_highlight;
  double  *highlight_start_s;
  double  *highlight_end_s;
  double   band_quantile;
  double  *band_lo;
  double  *band_hi;
} FlRttChart;

/* At most this many overlays get their own colour. */
#define FL_RTT_CHART_MAX_OVERLAYS 5

void        fl_chart_style_init     (FlChartStyle       *style,
                                     gboolean            dark);
FlRttChart *fl_rtt_chart_prepare    (const FlSeriesData *data,
                                     const char         *label,
                                     guint               n_columns);
FlRttChart *fl_rtt_chart_prepare_band (const FlSeriesData *data,
                                       const char         *label,
                                       guint               n_columns,
                                       double              t_lo_s,
                                       double              t_hi_s,
                                       double              baseline_ms,
                                       double              band_quantile);
FlRttChart *fl_rtt_chart_prepare_range (const FlSeriesData *data,
                                        const char         *label,
                                        guint               n_columns,
                                        double              t_lo_s,
                                        double              t_hi_s,
                                        double              baseline_ms);
gboolean    fl_rtt_chart_add_overlay (FlRttChart        *chart,
                                      const FlSeriesData *data,
                                      const char        *label,
                                      double             baseline_ms);
double      fl_series_data_baseline_ms (const FlSeriesData *data);
gboolean    fl_series_data_time_span (const FlSeriesData *data,
                                      double             *t_first_s,
                                      double             *t_last_s);
void        fl_rtt_chart_set_shade  (FlRttChart         *chart,
                                     const double       *start_s,
                                     const double       *end_s,
                                     gsize               n);
void        fl_rtt_chart_set_alarms (FlRttChart         *chart,
                                     const double       *start_s,
                                     const double       *end_s,
                                     gsize               n);
void        fl_rtt_chart_set_highlight (FlRttChart      *chart,
                                        const double    *start_s,
                                        const double    *end_s,
                                        gsize            n);
double      fl_rtt_chart_time_at    (const FlRttChart   *chart,
                                     int                 width,
                                     double              x);
double      fl_rtt_chart_x_at       (const FlRttChart   *chart,
                                     int                 width,
                                     double              t_s);
guint       fl_rtt_chart_columns_for_width (int width);
gboolean    fl_rtt_chart_plot_area  (const FlRttChart   *chart,
                                     int                 width,
                                     int                 height,
                                     double             *x0,
                                     double             *y0,
                                     double             *x1,
                                     double             *y1);
int         fl_rtt_chart_column_at  (const FlRttChart   *chart,
                                     int                 width,
                                     double              x);
char       *fl_rtt_chart_describe_column (const FlRttChart *chart,
                                          int               column);
gboolean    fl_rtt_chart_export     (const FlRttChart   *chart,
                                     const char         *path,
                                     int                 width,
                                     int                 height,
                                     const FlChartStyle *style,
                                     GError            **error);
void        fl_rtt_chart_free       (FlRttChart         *chart);
char       *fl_rtt_chart_describe   (const FlRttChart   *chart);
gboolean    fl_rtt_chart_check_driver (GError          **error);
gboolean    fl_rtt_chart_draw       (const FlRttChart   *chart,
                                     cairo_t            *cr,
                                     int                 width,
                                     int                 height,
                                     const FlChartStyle *style,
                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRttChart, fl_rtt_chart_free)

G_END_DECLS
