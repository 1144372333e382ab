/* fl-chart-shade.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fl-rtt-chart.h"

G_BEGIN_DECLS

/* Events shaded behind the RTT band: GNOME yellow 5. */
#define FL_CHART_SHADE_RGB { 0xe5 / 255., 0xa5 / 255., 0x0a / 255. }

gsize fl_chart_shade_ranges    (const double *start_s,
                                const double *end_s,
                                gsize         n,
                                double        x_lo,
                                double        x_hi,
                                double        y_lo,
                                double        y_hi,
                                double        min_width);

G_END_DECLS
