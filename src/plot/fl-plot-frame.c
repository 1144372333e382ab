/* fl-plot-frame.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fl-error.h"
#include "fl-plot-frame.h"

/**
 * fl_plot_blend:
 * @a: first colour, RGB in 0 … 1
 * @b: second colour
 * @t: share of @b, 0 … 1
 * @out: (out caller-allocates): the mix; may be @a or @b
 *
 * Mixes two colours linearly.
 */
void
fl_plot_blend (const double a[3],
               const double b[3],
               double       t,
               double       out[3])
{
  for (guint i = 0; i < 3; i++)
    out[i] = a[i] * (1 - t) + b[i] * t;
}

/**
 * fl_plot_set_col0:
 * @index: a colour index of PLplot's cmap0
 * @rgb: the colour, RGB in 0 … 1 (clamped)
 * @alpha: opacity, 0 … 1
 *
 * Sets one colour of the current PLplot stream's cmap0.
 */
void
fl_plot_set_col0 (int          index,
                  const double rgb[3],
                  double       alpha)
{
  plscol0a (index,
            (PLINT) lround (CLAMP (rgb[0], 0, 1) * 255),
            (PLINT) lround (CLAMP (rgb[1], 0, 1) * 255),
            (PLINT) lround (CLAMP (rgb[2], 0, 1) * 255),
            alpha);
}

/**
 * fl_plot_style_is_dark:
 * @style: the theme colours
 *
 * Returns: whether @style has a dark background (mean channel below 0.5)
 */
gboolean
fl_plot_style_is_dark (const FlChartStyle *style)
{
  return (style->background[0] + style->background[1] + style->background[2]) / 3 < 0.5;
}

/**
 * fl_plot_paint_background:
 * @cr: a cairo context
 * @style: the theme colours
 *
 * Paints the whole clip of @cr in the background colour (what a chart too
 * small for its axes shows); the state of @cr is restored.
 */
void
fl_plot_paint_background (cairo_t            *cr,
                          const FlChartStyle *style)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, style->background[0], style->background[1], style->background[2]);
  cairo_paint (cr);
  cairo_restore (cr);
}

/**
 * fl_plot_frame_open:
 * @width: page width in cairo units
 * @height: page height in cairo units
 * @prev_strm: (out): the stream that was current, for fl_plot_frame_close()
 * @error: return location for a #GError
 *
 * Makes a new PLplot stream current with the extcairo device and a page of
 * @width × @height. Set the stream's colours next, then call
 * fl_plot_frame_start(). The caller has checked the driver
 * (fl_rtt_chart_check_driver()).
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_INVALID when PLplot has no free
 *   stream (nothing to close then)
 */
gboolean
fl_plot_frame_open (int      width,
                    int      height,
                    PLINT   *prev_strm,
                    GError **error)
{
  PLINT strm = -1;

  plgstrm (prev_strm);
  plmkstrm (&strm);
  if (strm < 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           _("PLplot has no free stream left"));
      return FALSE;
    }
  plsdev ("extcairo");
  plspage (0, 0, width, height, 0, 0);

  return TRUE;
}

/**
 * fl_plot_frame_start:
 * @cr: the cairo context to draw into
 * @width: page width in cairo units, as given to fl_plot_frame_open()
 * @height: page height in cairo units
 * @style: the theme colours
 *
 * Initialises the stream opened by fl_plot_frame_open() on @cr (saving the
 * state of @cr), paints the background, advances to the page and sets text
 * and tick sizes that do not change with the chart size
 * (FL_PLOT_TEXT_SCALE()).
 */
void
fl_plot_frame_start (cairo_t            *cr,
                     int                 width,
                     int                 height,
                     const FlChartStyle *style)
{
  double scale = FL_PLOT_TEXT_SCALE (width, height);

  plinit ();
  cairo_save (cr);
  cairo_set_source_rgb (cr, style->background[0], style->background[1], style->background[2]);
  cairo_paint (cr);
  pl_cmd (PLESC_DEVINIT, cr);
  pladv (0);
  plschr (0, scale);
  plsmaj (0, scale);
  plsmin (0, scale);
}

/**
 * fl_plot_frame_close:
 * @cr: the cairo context given to fl_plot_frame_start()
 * @prev_strm: the stream fl_plot_frame_open() returned
 *
 * Ends the stream, restores the state of @cr and makes @prev_strm current
 * again.
 */
void
fl_plot_frame_close (cairo_t *cr,
                     PLINT    prev_strm)
{
  plend1 ();
  cairo_restore (cr);
  plsstrm (prev_strm);
}

/**
 * fl_plot_draw_line:
 * @x: (array length=n): x in world coordinates
 * @y: (array length=n): y in world coordinates
 * @n: number of points
 *
 * Draws the finite stretches of (x, y) as lines in the current colour and
 * style: a non-finite point breaks the line.
 */
void
fl_plot_draw_line (const double *x,
                   const double *y,
                   gsize         n)
{
  g_autofree PLFLT *px = g_new (PLFLT, MAX (n, 1));
  g_autofree PLFLT *py = g_new (PLFLT, MAX (n, 1));
  gsize m = 0;

  for (gsize i = 0; i <= n; i++)
    {
      if (i < n && isfinite (x[i]) && isfinite (y[i]))
        {
          px[m] = x[i];
          py[m] = y[i];
          m++;
          continue;
        }
      if (m >= 2)
        plline ((PLINT) m, px, py);
      m = 0;
    }
}
