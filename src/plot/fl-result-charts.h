/* fl-result-charts.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fl-rtt-chart.h"
#include "fl-run-store.h"

G_BEGIN_DECLS

/**
 * FlSeriesChart:
 *
 * Average precision and F1 of several arms per series (series on the x
 * axis), with each arm's macro averages as dashed lines. Build with
 * fl_series_chart_new() and fl_series_chart_add_arm() (any thread), draw
 * with fl_series_chart_draw() (main thread only).
 */
typedef struct _FlSeriesChart FlSeriesChart;

/**
 * FlNoiseChart:
 *
 * One metric against the noise level, the mean over seeds as a line with
 * its 95 % interval as a shaded band, one colour per arm. Build with
 * fl_noise_chart_new() and fl_noise_chart_add_arm() (any thread), draw
 * with fl_noise_chart_draw() (main thread only).
 */
typedef struct _FlNoiseChart FlNoiseChart;

/**
 * FlImportanceChart:
 *
 * Horizontal bars of one arm's feature importance, largest on top. Build
 * with fl_importance_chart_new() (any thread), draw with
 * fl_importance_chart_draw() (main thread only).
 */
typedef struct _FlImportanceChart FlImportanceChart;

FlSeriesChart     *fl_series_chart_new          (guint                     n_series,
                                                 const char * const       *labels);
void               fl_series_chart_free         (FlSeriesChart            *chart);
void               fl_series_chart_add_arm      (FlSeriesChart            *chart,
                                                 const char               *name,
                                                 guint                     color_index,
                                                 const double             *average_precision,
                                                 const double             *f1,
                                                 double                    macro_average_precision,
                                                 double                    macro_f1);
guint              fl_series_chart_get_n_arms   (const FlSeriesChart      *chart);
char              *fl_series_chart_describe     (const FlSeriesChart      *chart);
gboolean           fl_series_chart_draw         (const FlSeriesChart      *chart,
                                                 cairo_t                  *cr,
                                                 int                       width,
                                                 int                       height,
                                                 const FlChartStyle       *style,
                                                 GError                  **error);

FlNoiseChart      *fl_noise_chart_new           (FlNoiseMetric             metric);
void               fl_noise_chart_free          (FlNoiseChart             *chart);
void               fl_noise_chart_add_arm       (FlNoiseChart             *chart,
                                                 const char               *name,
                                                 guint                     color_index,
                                                 const FlStoredNoisePoint *points,
                                                 gsize                     n_points);
guint              fl_noise_chart_get_n_arms    (const FlNoiseChart       *chart);
const char        *fl_noise_metric_get_name     (FlNoiseMetric             metric);
char              *fl_noise_chart_describe      (const FlNoiseChart       *chart);
gboolean           fl_noise_chart_draw          (const FlNoiseChart       *chart,
                                                 cairo_t                  *cr,
                                                 int                       width,
                                                 int                       height,
                                                 const FlChartStyle       *style,
                                                 GError                  **error);

FlImportanceChart *fl_importance_chart_new      (const char               *arm_name,
                                                 guint                     color_index,
                                                 const FlStoredImportance *items,
                                                 gsize                     n_items,
                                                 guint                     max_bars);
void               fl_importance_chart_free     (FlImportanceChart        *chart);
guint              fl_importance_chart_get_n_bars (const FlImportanceChart *chart);
char              *fl_importance_chart_describe (const FlImportanceChart  *chart);
gboolean           fl_importance_chart_draw     (const FlImportanceChart  *chart,
                                                 cairo_t                  *cr,
                                                 int                       width,
                                                 int                       height,
                                                 const FlChartStyle       *style,
                                                 GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSeriesChart, fl_series_chart_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlNoiseChart, fl_noise_chart_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlImportanceChart, fl_importance_chart_free)

G_END_DECLS
