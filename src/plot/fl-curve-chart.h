/* fl-curve-chart.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fl-metrics.h"
#include "fl-rtt-chart.h"
#include "fl-run-store.h"

G_BEGIN_DECLS

/**
 * FlCurveChartKind:
 * @FL_CURVE_CHART_PR: precision (y) against recall (x), with the
 *   prevalence as the no-skill baseline
 * @FL_CURVE_CHART_ROC: true positive rate against false positive rate, with
 *   the chance diagonal
 * @FL_CURVE_CHART_CALIBRATION: fraction of positives against mean predicted
 *   probability per bin (reliability diagram), with the diagonal of perfect
 *   calibration
 * @FL_CURVE_CHART_SWEEP: precision, recall and F1 against the decision
 *   threshold
 *
 * Which view of the arms' curves to draw.
 */
typedef enum
{
  FL_CURVE_CHART_PR,
  FL_CURVE_CHART_ROC,
  FL_CURVE_CHART_CALIBRATION,
  FL_CURVE_CHART_SWEEP,
} FlCurveChartKind;

/**
 * FL_CURVE_CHART_N_COLORS:
 *
 * Number of series colours (the GNOME palette); arms beyond it reuse the
 * colours with a dashed line.
 */
#define FL_CURVE_CHART_N_COLORS 6

/**
 * FlCurveChart:
 *
 * The curves of several arms of one run, ready to draw. Build it with
 * fl_curve_chart_new() and fl_curve_chart_add_arm() (any thread), draw it
 * with fl_curve_chart_draw() (main thread only). Free with
 * fl_curve_chart_free().
 */
typedef struct _FlCurveChart FlCurveChart;

FlCurveChart *fl_curve_chart_new        (void);
void          fl_curve_chart_free       (FlCurveChart       *chart);
void          fl_curve_chart_add_arm    (FlCurveChart       *chart,
                                         const char         *name,
                                         gboolean            is_baseline,
                                         const FlMetrics    *metrics,
                                         const FlArmCurves  *curves);
guint         fl_curve_chart_get_n_arms (const FlCurveChart *chart);
void          fl_curve_chart_arm_color  (guint               index,
                                         double              rgb[3]);
void          fl_curve_chart_arm_color_on (guint               index,
                                           const FlChartStyle *style,
                                           double              rgb[3]);
char         *fl_curve_chart_describe   (const FlCurveChart *chart,
                                         FlCurveChartKind    kind);
gboolean      fl_curve_chart_draw       (const FlCurveChart *chart,
                                         FlCurveChartKind    kind,
                                         cairo_t            *cr,
                                         int                 width,
                                         int                 height,
                                         const FlChartStyle *style,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlCurveChart, fl_curve_chart_free)

G_END_DECLS
