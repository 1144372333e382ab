/* test-chart.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-test"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "fl-error.h"
#include "fl-rtt-chart.h"
#include "plot-test-util.h"

#define WIDTH  800
#define HEIGHT 400

/* Two hours, one sample every 10 s, RTT around 180 ms, three losses. */
static FlSeriesData *
make_series (gboolean with_loss)
{
  FlSeriesData *data = g_new0 (FlSeriesData, 1);
  double t0 = 1476479820.0; /* 2016-10-14 21:17 UTC */

  data->n = 721;
  data->ts_s = g_new (double, data->n);
  data->rtt_ms = g_new (double, data->n);
  data->flags = g_new0 (guint32, data->n);
  for (gsize i = 0; i < data->n; i++)
    {
      data->ts_s[i] = t0 + 10.0 * i;
      data->rtt_ms[i] = 180.0 + 6.0 * sin (i / 17.0) + (i % 7);
    }
  if (with_loss)
    {
      data->rtt_ms[100] = NAN;
      data->rtt_ms[400] = NAN;
      data->rtt_ms[401] = NAN;
      for (gsize i = 100; i <= 401; i += 301)
        data->flags[i] = 1;
    }

  return data;
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *bytes = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return ((const guint32 *) (gconstpointer) (bytes + y * stride))[x] & 0xffffff;
}

static gboolean
near (guint32 px,
      guint32 rgb,
      int     tolerance)
{
  for (int shift = 0; shift < 24; shift += 8)
    {
      int a = (px >> shift) & 0xff;
      int b = (rgb >> shift) & 0xff;

      if (ABS (a - b) > tolerance)
        return FALSE;
    }
  return TRUE;
}

static guint
count_colour (cairo_surface_t *surface,
              int              x0,
              int              y0,
              int              x1,
              int              y1,
              guint32          rgb)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (near (pixel (surface, x, y), rgb, 24))
        n++;
  return n;
}

static cairo_surface_t *
render (const FlRttChart *chart,
        gboolean          dark)
{
  g_autoptr(GError) error = NULL;
  FlChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;

  fl_chart_style_init (&style, dark);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  g_assert_true (fl_rtt_chart_draw (chart, cr, WIDTH, HEIGHT, &style, &error));
  g_assert_no_error (error);

  fl_plot_test_assert_restored (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  fl_plot_test_save_png (surface, dark ? "rtt-dark.png" : "rtt-light.png");

  return surface;
}

static void
test_driver (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fl_rtt_chart_check_driver (&error));
  g_assert_no_error (error);
}

static void
test_prepare (void)
{
  double ts[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
  double rtt[] = { 5, 1, 3, NAN, 10, 20, 30, 40, NAN, NAN, 7, 9 };
  FlSeriesData data = { G_N_ELEMENTS (ts), ts, rtt, NULL };
  g_autoptr(FlRttChart) chart = NULL;

  chart = fl_rtt_chart_prepare (&data, "Probe 1", 3);
  g_assert_cmpuint (chart->n_columns, ==, 3);
  g_assert_cmpuint (chart->n_samples, ==, 12);
  g_assert_cmpuint (chart->n_lost, ==, 3);
  /* Columns: [0, 3.67) [3.67, 7.33) [7.33, 11] */
  g_assert_cmpfloat (chart->rtt_min[0], ==, 1);
  g_assert_cmpfloat (chart->rtt_median[0], ==, 3);
  g_assert_cmpfloat (chart->rtt_max[0], ==, 5);
  g_assert_cmpuint (chart->lost[0], ==, 1);
  g_assert_cmpfloat (chart->rtt_min[1], ==, 10);
  g_assert_cmpfloat (chart->rtt_median[1], ==, 25);
  g_assert_cmpfloat (chart->rtt_max[1], ==, 40);
  g_assert_cmpuint (chart->lost[1], ==, 0);
  g_assert_cmpfloat (chart->rtt_median[2], ==, 8);
  g_assert_cmpuint (chart->lost[2], ==, 2);
  g_assert_cmpfloat (chart->y_min, ==, 1);
  g_assert_cmpfloat (chart->y_max, ==, 40);
  g_assert_cmpfloat (chart->median_ms, ==, 9); /* 1 3 5 7 9 10 20 30 40 */
}

static void
test_prepare_large (void)
{
  g_autoptr(FlSeriesData) data = g_new0 (FlSeriesData, 1);
  g_autoptr(FlRttChart) chart = NULL;

  data->n = 100001;
  data->ts_s = g_new (double, data->n);
  data->rtt_ms = g_new (double, data->n);
  for (gsize i = 0; i < data->n; i++)
    {
      data->ts_s[i] = i;
      data->rtt_ms[i] = (double) ((i * 7919) % 1000);
    }
  chart = fl_rtt_chart_prepare (data, NULL, 700);
  g_assert_cmpuint (chart->n_columns, ==, 700);
  g_assert_cmpfloat_with_epsilon (chart->median_ms, 500, 2);
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      g_assert_cmpfloat (chart->rtt_min[c], <=, chart->rtt_median[c]);
      g_assert_cmpfloat (chart->rtt_median[c], <=, chart->rtt_max[c]);
    }
}

static void
test_describe (void)
{
  g_autoptr(FlSeriesData) data = make_series (TRUE);
  g_autoptr(FlRttChart) chart = fl_rtt_chart_prepare (data, "Probe 6798", WIDTH);
  g_autofree char *text = fl_rtt_chart_describe (chart);

  g_assert_cmpstr (text, ==, "RTT of Probe 6798, 2 h, median 183 ms, 3 lost packets");
}

static void
test_pixels (void)
{
  g_autoptr(FlSeriesData) data = make_series (TRUE);
  g_autoptr(FlRttChart) chart = fl_rtt_chart_prepare (data, "Probe 6798", WIDTH);
  cairo_surface_t *surface = render (chart, FALSE);
  int strip_top = HEIGHT - 46 - 14;
  int strip_bottom = HEIGHT - 46;
  double plot_w = WIDTH - 68 - 32;
  int loss_x = 68 + (int) ((data->ts_s[100] - data->ts_s[0]) /
                           (data->ts_s[data->n - 1] - data->ts_s[0]) * plot_w);
  guint blue;
  guint red;

  /* Background painted in every corner. */
  g_assert_cmphex (pixel (surface, 1, 1), ==, 0xffffff);
  g_assert_cmphex (pixel (surface, WIDTH - 2, HEIGHT - 2), ==, 0xffffff);

  /* The median line: GNOME blue inside the main panel. */
  blue = count_colour (surface, 68, 14, WIDTH - 32, strip_top - 6, 0x3584e4);
  g_test_message ("blue pixels: %u", blue);
  g_assert_cmpuint (blue, >, 500);

  /* Loss ticks: red in the strip near the lost sample, nowhere in the panel. */
  red = count_colour (surface, loss_x - 4, strip_top, loss_x + 5, strip_bottom, 0xe01b24);
  g_test_message ("red pixels near x=%d: %u", loss_x, red);
  g_assert_cmpuint (red, >, 5);
  g_assert_cmpuint (count_colour (surface, 68, 14, WIDTH - 32, strip_top - 6, 0xe01b24), ==, 0);
  /* Between the two losses the strip stays clear. */
  g_assert_cmpuint (count_colour (surface, loss_x + 40, strip_top, loss_x + 200, strip_bottom,
                                  0xe01b24), ==, 0);

  /* Text (axis labels) in the foreground colour left of the panel. */
  g_assert_cmpuint (count_colour (surface, 0, 14, 68, strip_top, 0x333333), >, 20);

  cairo_surface_destroy (surface);
}

static void
test_no_loss (void)
{
  g_autoptr(FlSeriesData) data = make_series (FALSE);
  g_autoptr(FlRttChart) chart = fl_rtt_chart_prepare (data, "Probe 6798", WIDTH);
  cairo_surface_t *surface = render (chart, FALSE);

  g_assert_cmpuint (count_colour (surface, 0, 0, WIDTH, HEIGHT, 0xe01b24), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_dark (void)
{
  g_autoptr(FlSeriesData) data = make_series (TRUE);
  g_autoptr(FlRttChart) chart = fl_rtt_chart_prepare (data, "Probe 6798", WIDTH);
  cairo_surface_t *surface = render (chart, TRUE);

  g_assert_cmphex (pixel (surface, 1, 1), ==, 0x1e1e1e);
  g_assert_cmpuint (count_colour (surface, 68, 14, WIDTH - 32, HEIGHT - 66, 0x3584e4), >, 500);
  /* Light text on the dark background. */
  g_assert_cmpuint (count_colour (surface, 0, 14, 68, HEIGHT - 60, 0xebebeb), >, 20);
  cairo_surface_destroy (surface);
}

static void
test_empty (void)
{
  FlSeriesData data = { 0, NULL, NULL, NULL };
  g_autoptr(FlRttChart) chart = fl_rtt_chart_prepare (&data, "Probe 1", WIDTH);
  g_autofree char *text = fl_rtt_chart_describe (chart);
  cairo_surface_t *surface = render (chart, FALSE);

  g_assert_cmpstr (text, ==, "RTT of Probe 1, no samples");
  g_assert_cmphex (pixel (surface, 1, 1), ==, 0xffffff);
  cairo_surface_destroy (surface);

  /* Tiny areas only get the background. */
  {
    cairo_surface_t *tiny = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *cr = cairo_create (tiny);
    FlChartStyle style;

    fl_chart_style_init (&style, FALSE);
    g_assert_true (fl_rtt_chart_draw (chart, cr, 10, 10, &style, NULL));
    cairo_destroy (cr);
    cairo_surface_destroy (tiny);
  }
}

static void
test_all_lost (void)
{
  double ts[] = { 0, 60, 120 };
  double rtt[] = { NAN, NAN, NAN };
  FlSeriesData data = { 3, ts, rtt, NULL };
  g_autoptr(FlRttChart) chart = fl_rtt_chart_prepare (&data, "Probe 2", WIDTH);
  g_autofree char *text = fl_rtt_chart_describe (chart);
  cairo_surface_t *surface = render (chart, FALSE);

  g_assert_cmpstr (text, ==, "RTT of Probe 2, 2 min, no replies, 3 lost packets");
  g_assert_cmpuint (count_colour (surface, 0, HEIGHT - 60, WIDTH, HEIGHT - 46, 0xe01b24), >, 10);
  cairo_surface_destroy (surface);
}

static void
test_repeat_150 (void)
{
  g_autoptr(FlSeriesData) data = make_series (TRUE);
  g_autoptr(FlRttChart) chart = fl_rtt_chart_prepare (data, "Probe 6798", WIDTH);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  FlChartStyle style;

  fl_chart_style_init (&style, FALSE);
  for (guint i = 0; i < 150; i++)
    {
      g_autoptr(GError) error = NULL;
      cairo_t *cr = cairo_create (surface);

      g_assert_true (fl_rtt_chart_draw (chart, cr, WIDTH, HEIGHT, &style, &error));
      g_assert_no_error (error);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (surface);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
naive_median (GArray *v)
{
  double *d = (double *) (gpointer) v->data;

  if (v->len == 0)
    return NAN;
  qsort (d, v->len, sizeof (double), cmp_double);
  return v->len % 2 ? d[v->len / 2] : (d[v->len / 2 - 1] + d[v->len / 2]) / 2;
}

/* Checks @chart (window [lo, hi], baseline @base) against a naive per-column
 * computation over @data. */
static void
check_against_naive (const FlRttChart   *chart,
                     const FlSeriesData *data,
                     double              lo,
                     double              hi,
                     double              base)
{
  g_autoptr(GPtrArray) cols = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree guint *lost = g_new0 (guint, chart->n_columns);
  double shift = isnan (base) ? 0 : base;

  for (gsize c = 0; c < chart->n_columns; c++)
    g_ptr_array_add (cols, g_array_new (FALSE, FALSE, sizeof (double)));
  for (gsize i = 0; i < data->n; i++)
    {
      gsize c;
      double v = data->rtt_ms[i] - shift;

      if (data->ts_s[i] < lo || data->ts_s[i] > hi)
        continue;
      c = MIN ((gsize) ((data->ts_s[i] - lo) * (chart->n_columns / (hi - lo))), chart->n_columns - 1);
      if (isnan (data->rtt_ms[i]))
        {
          lost[c]++;
          continue;
        }
      g_array_append_val (g_ptr_array_index (cols, c), v);
      g_array_append_val (all, v);
    }
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      GArray *v = g_ptr_array_index (cols, c);

      g_assert_cmpuint (chart->lost[c], ==, lost[c]);
      if (v->len == 0)
        {
          g_assert_true (isnan (chart->rtt_median[c]));
          continue;
        }
      g_assert_cmpfloat (chart->rtt_median[c], ==, naive_median (v));
      g_assert_cmpfloat (chart->rtt_min[c], ==, g_array_index (v, double, 0));
      g_assert_cmpfloat (chart->rtt_max[c], ==, g_array_index (v, double, v->len - 1));
    }
  g_assert_cmpfloat (chart->median_ms, ==, naive_median (all));
}

/* The one-pass path (ascending time), the two-thread medians (>= 100,000
 * replies), a zoomed window, relative mode and the counting-sort path for
 * unsorted input all give the exact per-column statistics. */
static void
test_decimate_exact (void)
{
  FlSeriesData *data = g_new0 (FlSeriesData, 1);
  FlSeriesData shuffled = { 0 };
  GRand *rand = g_rand_new_with_seed (7);
  g_autoptr(FlRttChart) whole = NULL;
  g_autoptr(FlRttChart) zoomed = NULL;
  g_autoptr(FlRttChart) relative = NULL;
  g_autoptr(FlRttChart) unsorted = NULL;
  double lo, hi, base;

  data->n = 240000;
  data->ts_s = g_new (double, data->n);
  data->rtt_ms = g_new (double, data->n);
  data->flags = g_new0 (guint32, data->n);
  for (gsize i = 0; i < data->n; i++)
    {
      data->ts_s[i] = 1.6e9 + 2.0 * i;
      /* Quantised like real RTTs (µs), so that ties occur. */
      data->rtt_ms[i] = g_rand_double (rand) < 0.01 ? NAN
                      : round ((30 + g_rand_double_range (rand, 0, 20)) * 1000) / 1000;
    }
  g_assert_true (fl_series_data_time_span (data, &lo, &hi));

  whole = fl_rtt_chart_prepare_range (data, "x", 733, NAN, NAN, NAN);
  check_against_naive (whole, data, lo, hi, NAN);

  zoomed = fl_rtt_chart_prepare_range (data, "x", 500, lo + 1000.5, lo + 90000.25, NAN);
  g_assert_cmpfloat (zoomed->t_start_s, ==, lo + 1000.5);
  check_against_naive (zoomed, data, lo + 1000.5, lo + 90000.25, NAN);

  base = fl_series_data_baseline_ms (data);
  g_assert_cmpfloat (base, >, 30.9);
  g_assert_cmpfloat (base, <, 31.1);
  relative = fl_rtt_chart_prepare_range (data, "x", 611, NAN, NAN, base);
  check_against_naive (relative, data, lo, hi, base);

  /* Reversed order takes the counting sort. */
  shuffled.n = data->n;
  shuffled.ts_s = g_new (double, data->n);
  shuffled.rtt_ms = g_new (double, data->n);
  for (gsize i = 0; i < data->n; i++)
    {
      shuffled.ts_s[i] = data->ts_s[data->n - 1 - i];
      shuffled.rtt_ms[i] = data->rtt_ms[data->n - 1 - i];
    }
  unsorted = fl_rtt_chart_prepare_range (&shuffled, "x", 733, lo, hi, NAN);
  check_against_naive (unsorted, data, lo, hi, NAN);
  g_assert_false (fl_series_data_build_index (&shuffled));

  /* Through the series' range-quantile index (as the Explore page loads
   * series): the same numbers, bit for bit, for the same windows and for
   * windows narrower than the sample step (empty columns). */
  g_assert_true (fl_series_data_build_index (data));
  {
    const FlRttChart *before[] = { whole, zoomed, relative };
    double windows[][3] = { { lo, hi, NAN }, { lo + 1000.5, lo + 90000.25, NAN }, { lo, hi, base } };
    guint columns[] = { 733, 500, 611 };

    for (guint w = 0; w < G_N_ELEMENTS (before); w++)
      {
        g_autoptr(FlRttChart) indexed = fl_rtt_chart_prepare_range (data, "x", columns[w],
                                                                    windows[w][0], windows[w][1],
                                                                    windows[w][2]);
        gsize bytes = columns[w] * sizeof (double);

        check_against_naive (indexed, data, windows[w][0], windows[w][1], windows[w][2]);
        g_assert_cmpmem (indexed->rtt_median, bytes, before[w]->rtt_median, bytes);
        g_assert_cmpmem (indexed->rtt_min, bytes, before[w]->rtt_min, bytes);
        g_assert_cmpmem (indexed->rtt_max, bytes, before[w]->rtt_max, bytes);
        g_assert_cmpmem (indexed->lost, columns[w] * sizeof (guint), before[w]->lost,
                         columns[w] * sizeof (guint));
        g_assert_cmpmem (&indexed->median_ms, sizeof (double), &before[w]->median_ms,
                         sizeof (double));
        g_assert_cmpuint (indexed->n_samples, ==, before[w]->n_samples);
        g_assert_cmpuint (indexed->n_lost, ==, before[w]->n_lost);
      }
    for (guint w = 0; w < 3; w++)
      {
        double a = lo + 5000 + 777.3 * w;
        g_autoptr(FlRttChart) narrow = fl_rtt_chart_prepare_range (data, "x", 900, a, a + 301.7, NAN);

        check_against_naive (narrow, data, a, a + 301.7, NAN);
      }
  }

  g_free (shuffled.ts_s);
  g_free (shuffled.rtt_ms);
  g_rand_free (rand);
  fl_series_data_free (data);
}

/* Overlays, alarms, highlights, hover helpers and export. */
static void
test_overlay_export (void)
{
  g_autoptr(FlSeriesData) data = make_series (TRUE);
  g_autoptr(FlSeriesData) other = make_series (FALSE);
  g_autoptr(FlRttChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("faultline-chart-XXXXXX", NULL);
  const char *names[] = { "c.png", "c.svg", "c.pdf" };
  const char *magic[] = { "\x89PNG", "<?xml", "%PDF" };
  double start[] = { 1476480000.0 }, end[] = { 1476480600.0 };
  FlChartStyle style;
  g_autofree char *text = NULL;
  int column;

  for (gsize i = 0; i < other->n; i++)
    other->rtt_ms[i] += 40;
  chart = fl_rtt_chart_prepare_range (data, "Probe 1", fl_rtt_chart_columns_for_width (WIDTH),
                                      NAN, NAN, NAN);
  g_assert_true (fl_rtt_chart_add_overlay (chart, other, "Probe 2", NAN));
  g_assert_cmpuint (chart->n_overlays, ==, 1);
  g_assert_cmpfloat (chart->y_max, >=, 219);
  fl_rtt_chart_set_alarms (chart, start, end, 1);
  fl_rtt_chart_set_highlight (chart, start, end, 1);
  g_assert_true (chart->show_alarms);

  /* Time and position are inverse; the read-out names both series. */
  g_assert_cmpfloat_with_epsilon (fl_rtt_chart_time_at (chart, WIDTH,
                                                        fl_rtt_chart_x_at (chart, WIDTH, 1476480300.0)),
                                  1476480300.0, 1e-6);
  column = fl_rtt_chart_column_at (chart, WIDTH, fl_rtt_chart_x_at (chart, WIDTH, 1476480300.0));
  g_assert_cmpint (column, >=, 0);
  text = fl_rtt_chart_describe_column (chart, column);
  g_assert_nonnull (strstr (text, "Probe 2 median"));
  g_assert_nonnull (strstr (text, "predicted alarm"));
  g_assert_nonnull (strstr (text, "highlighted bucket"));
  g_assert_cmpint (fl_rtt_chart_column_at (chart, WIDTH, 2), ==, -1);

  fl_chart_style_init (&style, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize size = 0;

      g_assert_true (fl_rtt_chart_export (chart, path, 900, 400, &style, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
      g_assert_cmpuint (size, >, 1000);
      g_assert_true (memcmp (contents, magic[i], strlen (magic[i])) == 0);
      g_unlink (path);
    }
  {
    g_autofree char *path = g_build_filename (dir, "c.bmp", NULL);

    g_assert_false (fl_rtt_chart_export (chart, path, 900, 400, &style, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  g_rmdir (dir);
}

/* Type-7 quantile of the ascending @d (Hyndman & Fan 1996), written out
 * independently of the chart code. */
static double
naive_quantile (const double *d,
                gsize         m,
                double        q)
{
  double h = (m - 1) * q;
  gsize i = (gsize) floor (h);
  double frac = h - i;

  if (i + 1 >= m || frac == 0)
    return d[MIN (i, m - 1)];
  return d[i] + frac * (d[i + 1] - d[i]);
}

/* Checks the band of @chart (quantile @q) against sorting each column. */
static void
check_band (const FlRttChart   *chart,
            const FlSeriesData *data,
            double              lo,
            double              hi,
            double              base,
            double              q)
{
  g_autoptr(GPtrArray) cols = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  double shift = isnan (base) ? 0 : base;
  guint checked = 0;

  g_assert_cmpfloat (chart->band_quantile, ==, q);
  for (gsize c = 0; c < chart->n_columns; c++)
    g_ptr_array_add (cols, g_array_new (FALSE, FALSE, sizeof (double)));
  for (gsize i = 0; i < data->n; i++)
    {
      double v = data->rtt_ms[i] - shift;
      gsize c;

      if (data->ts_s[i] < lo || data->ts_s[i] > hi || isnan (data->rtt_ms[i]))
        continue;
      c = MIN ((gsize) ((data->ts_s[i] - lo) * (chart->n_columns / (hi - lo))), chart->n_columns - 1);
      g_array_append_val (g_ptr_array_index (cols, c), v);
    }
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      GArray *v = g_ptr_array_index (cols, c);
      double *d = (double *) (gpointer) v->data;

      if (v->len == 0)
        {
          g_assert_true (isnan (chart->band_lo[c]) && isnan (chart->band_hi[c]));
          continue;
        }
      qsort (d, v->len, sizeof (double), cmp_double);
      if (q == 0)
        {
          g_assert_cmpfloat (chart->band_lo[c], ==, d[0]);
          g_assert_cmpfloat (chart->band_hi[c], ==, d[v->len - 1]);
        }
      else
        {
          g_assert_cmpfloat (chart->band_lo[c], ==, naive_quantile (d, v->len, q));
          g_assert_cmpfloat (chart->band_hi[c], ==, naive_quantile (d, v->len, 1 - q));
        }
      g_assert_cmpfloat (chart->band_lo[c], <=, chart->rtt_median[c]);
      g_assert_cmpfloat (chart->band_hi[c], >=, chart->rtt_median[c]);
      g_assert_cmpfloat (chart->y_min, <=, chart->band_lo[c]);
      g_assert_cmpfloat (chart->y_max, >=, chart->band_hi[c]);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

/* Percentile bands (10–90, interquartile, a min–max band for q = 0) are the
 * exact type-7 quantiles per column, the same with and without the series
 * index, absolute and relative, whole and zoomed (with empty columns), and
 * the y range follows the band, not the spikes. */
static void
test_band (void)
{
  FlSeriesData *data = g_new0 (FlSeriesData, 1);
  GRand *rand = g_rand_new_with_seed (19);
  const double qs[] = { 0, 0.1, 0.25 };
  double lo, hi, base;
  double max_minmax = NAN;

  data->n = 150000;
  data->ts_s = g_new (double, data->n);
  data->rtt_ms = g_new (double, data->n);
  data->flags = g_new0 (guint32, data->n);
  for (gsize i = 0; i < data->n; i++)
    {
      data->ts_s[i] = 1.6e9 + 3.0 * i;
      data->rtt_ms[i] = g_rand_double (rand) < 0.01 ? NAN
                      : round ((30 + g_rand_double_range (rand, 0, 20)) * 100) / 100
                        + (g_rand_double (rand) < 0.002 ? 400 : 0);
    }
  g_assert_true (fl_series_data_time_span (data, &lo, &hi));
  base = fl_series_data_baseline_ms (data);

  for (guint indexed = 0; indexed < 2; indexed++)
    {
      if (indexed)
        g_assert_true (fl_series_data_build_index (data));
      for (guint i = 0; i < G_N_ELEMENTS (qs); i++)
        {
          g_autoptr(FlRttChart) whole = fl_rtt_chart_prepare_band (data, "x", 700, NAN, NAN, NAN, qs[i]);
          g_autoptr(FlRttChart) rel = fl_rtt_chart_prepare_band (data, "x", 333, NAN, NAN, base, qs[i]);
          g_autoptr(FlRttChart) narrow = fl_rtt_chart_prepare_band (data, "x", 900, lo + 7000.5,
                                                                    lo + 7600.25, NAN, qs[i]);

          check_band (whole, data, lo, hi, NAN, qs[i]);
          check_band (rel, data, lo, hi, base, qs[i]);
          check_band (narrow, data, lo + 7000.5, lo + 7600.25, NAN, qs[i]);
          if (qs[i] == 0)
            max_minmax = whole->y_max;
          else
            /* The 0.2 % spikes of +400 ms reach the min–max band only. */
            g_assert_cmpfloat (whole->y_max, <, max_minmax - 300);
        }
    }

  g_rand_free (rand);
  fl_series_data_free (data);
}

/* A column that runs past midnight names the end's date too; one within a
 * day gives only the end's time. */
static void
test_readout_dates (void)
{
  FlSeriesData *data = g_new0 (FlSeriesData, 1);
  g_autoptr(FlRttChart) wide = NULL;
  g_autoptr(FlRttChart) narrow = NULL;
  g_autofree char *across = NULL;
  g_autofree char *within = NULL;

  /* 1 Jan 2021 00:00 UTC, every 10 min for 4 days. */
  data->n = 4 * 144;
  data->ts_s = g_new (double, data->n);
  data->rtt_ms = g_new (double, data->n);
  data->flags = g_new0 (guint32, data->n);
  for (gsize i = 0; i < data->n; i++)
    {
      data->ts_s[i] = 1609459200.0 + 600.0 * i;
      data->rtt_ms[i] = 20 + i % 7;
    }

  /* Three columns of 32 h: the first runs from 1 Jan to 2 Jan. */
  wide = fl_rtt_chart_prepare_range (data, "x", 3, NAN, NAN, NAN);
  across = fl_rtt_chart_describe_column (wide, 0);
  g_assert_nonnull (strstr (across, "01 Jan 2021 00:00"));
  g_assert_nonnull (strstr (across, "02 Jan 2021 07:"));

  /* 96 columns of an hour: the second is 01:00–02:00 on 1 Jan. */
  narrow = fl_rtt_chart_prepare_range (data, "x", 96, NAN, NAN, NAN);
  within = fl_rtt_chart_describe_column (narrow, 1);
  g_assert_nonnull (strstr (within, "01 Jan 2021 00:59"));
  g_assert_null (strstr (within, "Jan 2021 01:"));

  fl_series_data_free (data);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/faultline/chart/driver", test_driver);
  g_test_add_func ("/faultline/chart/prepare", test_prepare);
  g_test_add_func ("/faultline/chart/prepare-large", test_prepare_large);
  g_test_add_func ("/faultline/chart/describe", test_describe);
  g_test_add_func ("/faultline/chart/pixels", test_pixels);
  g_test_add_func ("/faultline/chart/no-loss", test_no_loss);
  g_test_add_func ("/faultline/chart/dark", test_dark);
  g_test_add_func ("/faultline/chart/empty", test_empty);
  g_test_add_func ("/faultline/chart/all-lost", test_all_lost);
  g_test_add_func ("/faultline/chart/repeat-150", test_repeat_150);
  g_test_add_func ("/faultline/chart/decimate-exact", test_decimate_exact);
  g_test_add_func ("/faultline/chart/overlay-export", test_overlay_export);
  g_test_add_func ("/faultline/chart/readout-dates", test_readout_dates);
  g_test_add_func ("/faultline/chart/band", test_band);

  return g_test_run ();
}
