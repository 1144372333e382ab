/* fl-plot-frame.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The PLplot plumbing every chart of src/plot shares (private to this
 * directory): colours, a stream drawing into a cairo context, lines with
 * gaps. Main thread only, like PLplot. */

#pragma once

#include <cairo.h>
#include <plplot.h>

#include "fl-rtt-chart.h"

G_BEGIN_DECLS

/* PLplot scales text and ticks with the mean page side: dividing a
 * constant by it keeps text the same size whatever the chart size. */
#define FL_PLOT_TEXT_SCALE(width, height) (560.0 / (((width) + (height)) / 2.0))

void     fl_plot_blend            (const double        a[3],
                                   const double        b[3],
                                   double              t,
                                   double              out[3]);
void     fl_plot_set_col0         (int                 index,
                                   const double        rgb[3],
                                   double              alpha);
gboolean fl_plot_style_is_dark    (const FlChartStyle *style);
void     fl_plot_paint_background (cairo_t            *cr,
                                   const FlChartStyle *style);
gboolean fl_plot_frame_open       (int                 width,
                                   int                 height,
                                   PLINT              *prev_strm,
                                   GError            **error);
void     fl_plot_frame_start      (cairo_t            *cr,
                                   int                 width,
                                   int                 height,
                                   const FlChartStyle *style);
void     fl_plot_frame_close      (cairo_t            *cr,
                                   PLINT               prev_strm);
void     fl_plot_draw_line        (const double       *x,
                                   const double       *y,
                                   gsize               n);

G_END_DECLS
