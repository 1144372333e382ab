/* fl-chart-shade.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <plplot.h>

#include "fl-chart-shade.h"

/**
 * fl_chart_shade_ranges:
 * @start_s: (array length=n): start of each range, in world x units (for
 *   the RTT chart: s since the epoch)
 * @end_s: (array length=n): end of each range (exclusive), same units
 * @n: number of ranges
 * @x_lo: left edge of the current PLplot window
 * @x_hi: right edge of the current PLplot window
 * @y_lo: bottom of the shaded band, in world y units
 * @y_hi: top of the shaded band
 * @min_width: the narrowest range drawn, in world x units (e.g. two pixels),
 *   so that a one-bucket event stays visible on a long time axis
 *
 * Fills each range clipped to [@x_lo, @x_hi] as a rectangle from @y_lo to
 * @y_hi with PLplot's current colour. Call it after plwind() and before the
 * data, so that the shading lies behind them. Main thread only (PLplot).
 *
 * Returns: how many rectangles were drawn
 */
gsize
fl_chart_shade_ranges (const double *start_s,
                       const double *end_s,
                       gsize         n,
                       double        x_lo,
                       double        x_hi,
                       double        y_lo,
                       double        y_hi,
                       double        min_width)
{
  gsize drawn = 0;

  g_return_val_if_fail (n == 0 || (start_s != NULL && end_s != NULL), 0);

  for (gsize i = 0; i < n; i++)
    {
      PLFLT x[4], y[4];
      double a = start_s[i];
      double b = end_s[i];

      if (!isfinite (a) || !isfinite (b) || b < a)
        continue;
      if (b - a < min_width)
        {
          double mid = (a + b) / 2;

          a = mid - min_width / 2;
          b = mid + min_width / 2;
        }
      a = MAX (a, x_lo);
      b = MIN (b, x_hi);
      if (b <= a)
        continue;

      x[0] = x[1] = a;
      x[2] = x[3] = b;
      y[0] = y[3] = y_lo;
      y[1] = y[2] = y_hi;
      plfill (4, x, y);
      drawn++;
    }

  return drawn;
}
