/* plot-test-util.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the headless chart tests share. */

#include "config.h"

#include <math.h>

#include "plot-test-util.h"

/**
 * fl_plot_test_count_color:
 * @surface: an RGB24 or ARGB32 image surface
 * @rgb: the colour, RGB in 0 … 1
 * @tolerance: largest difference per channel, 0 … 255
 *
 * Returns: the number of pixels of @surface within @tolerance of @rgb
 */
guint
fl_plot_test_count_color (cairo_surface_t *surface,
                          const double     rgb[3],
                          int              tolerance)
{
  const guint8 *data;
  int stride = cairo_image_surface_get_stride (surface);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int r = (int) lround (rgb[0] * 255), g = (int) lround (rgb[1] * 255);
  int b = (int) lround (rgb[2] * 255);
  guint n = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int yy = 0; yy < h; yy++)
    for (int xx = 0; xx < w; xx++)
      {
        guint32 px = *(const guint32 *) (const void *) (data + yy * stride + 4 * xx);
        int pr = (px >> 16) & 0xff, pg = (px >> 8) & 0xff, pb = px & 0xff;

        if (ABS (pr - r) <= tolerance && ABS (pg - g) <= tolerance && ABS (pb - b) <= tolerance)
          n++;
      }
  return n;
}

/**
 * fl_plot_test_assert_restored:
 * @cr: a context a chart was just drawn into
 *
 * Asserts that the chart left @cr as it found it: no y-flip from PLplot's
 * extcairo driver left in the matrix, no error status.
 */
void
fl_plot_test_assert_restored (cairo_t *cr)
{
  cairo_matrix_t matrix;

  cairo_get_matrix (cr, &matrix);
  g_assert_cmpfloat (matrix.yy, ==, 1.0);
  g_assert_cmpfloat (matrix.y0, ==, 0.0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
}

/**
 * fl_plot_test_save_png:
 * @surface: a rendered chart
 * @name: file name, e.g. `"curve-pr-light.png"`
 *
 * Writes @surface to $FL_TEST_PNG_DIR/@name when that variable is set, for
 * looking at the charts the tests draw; does nothing otherwise.
 */
void
fl_plot_test_save_png (cairo_surface_t *surface,
                       const char      *name)
{
  const char *dir = g_getenv ("FL_TEST_PNG_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}
