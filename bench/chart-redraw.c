/* chart-redraw.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fl-rtt-chart.h"

/*
 * Explore-page redraw cost for a series of N samples (default 1,000,000):
 * decimation to one min / median / max / lost per pixel column
 * (fl_rtt_chart_prepare_range) plus drawing with PLplot into a cairo image
 * surface of the size of a maximised chart (fl_rtt_chart_draw), i.e. what
 * the page does on every zoom or pan step. Also a 10 % window (zoomed in)
 * and drawing alone (resize of the cached columns). Twice: with the series'
 * range-quantile index (fl_series_data_build_index(), as the Explore page
 * loads series; its one-off build time is printed too) and without it
 * (selection per column over every sample), and with the index and a
 * 10th–90th percentile band. Prints JSON with the median
 * and maximum of R repetitions, in ms. Goal: ≤ 16 ms per redraw.
 *
 * Usage: chart-redraw [N_SAMPLES] [REPETITIONS] [WIDTH] [HEIGHT]
 */

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* One ping per second with a diurnal swell, noise, level shifts, spikes and
 * 0.5 % loss: a real-looking long RIPE series (deterministic). */
static FlSeriesData *
make_series (gsize n)
{
  FlSeriesData *data = g_new0 (FlSeriesData, 1);
  GRand *rand = g_rand_new_with_seed (42);

  data->n = n;
  data->ts_s = g_new (double, n);
  data->rtt_ms = g_new (double, n);
  data->flags = g_new0 (guint32, n);
  for (gsize i = 0; i < n; i++)
    {
      double t = 1700000000.0 + i;
      double level = (i / 200000) % 2 ? 48 : 35;

      data->ts_s[i] = t;
      if (g_rand_double (rand) < 0.005)
        data->rtt_ms[i] = NAN;
      else
        data->rtt_ms[i] = level + 4 * sin (2 * G_PI * i / 86400.0) +
                          fabs (g_rand_double_range (rand, -1, 1)) * 3 +
                          (g_rand_double (rand) < 0.001 ? g_rand_double_range (rand, 20, 200) : 0);
    }
  g_rand_free (rand);

  return data;
}

static void
summarise (const char *name,
           double     *v,
           guint       n,
           gboolean    last)
{
  qsort (v, n, sizeof *v, compare_double);
  printf ("    \"%s\": { \"median_ms\": %.3f, \"max_ms\": %.3f }%s\n",
          name, v[n / 2], v[n - 1], last ? "" : ",");
}

/* Runs the redraws @reps times and prints them as the JSON member @name. */
static void
run (const char         *name,
     const FlSeriesData *data,
     guint               reps,
     guint               columns,
     int                 width,
     int                 height,
     cairo_surface_t    *surface,
     const FlChartStyle *style,
     double              band,
     gboolean            last)
{
  g_autofree double *full_prep = g_new (double, reps);
  g_autofree double *full_total = g_new (double, reps);
  g_autofree double *zoom_total = g_new (double, reps);
  g_autofree double *zoom_prep = g_new (double, reps);
  g_autofree double *draw_only = g_new (double, reps);
  double t_lo = data->ts_s[0];
  double t_hi = data->ts_s[data->n - 1];

  for (guint r = 0; r < reps; r++)
    {
      FlRttChart *chart;
      cairo_t *cr;
      double a, b, c;
      double mid = t_lo + (t_hi - t_lo) * (0.3 + 0.4 * r / reps);
      double half = (t_hi - t_lo) * 0.05;

      /* Whole series. */
      a = now_ms ();
      chart = fl_rtt_chart_prepare_band (data, "bench", columns, NAN, NAN, NAN, band);
      b = now_ms ();
      cr = cairo_create (surface);
      fl_rtt_chart_draw (chart, cr, width, height, style, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      c = now_ms ();
      full_prep[r] = b - a;
      full_total[r] = c - a;
      draw_only[r] = c - b;
      fl_rtt_chart_free (chart);

      /* A 10 % window somewhere in the middle (a zoom or pan step). */
      a = now_ms ();
      chart = fl_rtt_chart_prepare_band (data, "bench", columns, mid - half, mid + half, NAN, band);
      zoom_prep[r] = now_ms () - a;
      cr = cairo_create (surface);
      fl_rtt_chart_draw (chart, cr, width, height, style, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      zoom_total[r] = now_ms () - a;
      fl_rtt_chart_free (chart);
    }

  printf ("  \"%s\": {\n", name);
  summarise ("decimate_whole", full_prep, reps, FALSE);
  summarise ("draw_only", draw_only, reps, FALSE);
  summarise ("redraw_whole", full_total, reps, FALSE);
  summarise ("decimate_zoomed_10pct", zoom_prep, reps, FALSE);
  summarise ("redraw_zoomed_10pct", zoom_total, reps, TRUE);
  printf ("  }%s\n", last ? "" : ",");
}

int
main (int   argc,
      char *argv[])
{
  gsize n = argc > 1 ? (gsize) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  guint reps = argc > 2 ? (guint) atoi (argv[2]) : 30;
  int width = argc > 3 ? atoi (argv[3]) : 1600;
  int height = argc > 4 ? atoi (argv[4]) : 700;
  g_autoptr(GError) error = NULL;
  FlSeriesData *data;
  cairo_surface_t *surface;
  FlChartStyle style;
  guint columns = fl_rtt_chart_columns_for_width (width);
  double t0, build_ms;

  if (!fl_rtt_chart_check_driver (&error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 77;
    }
  reps = MAX (reps, 1);
  n = MAX (n, 2);
  data = make_series (n);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  fl_chart_style_init (&style, FALSE);

  printf ("{\n  \"samples\": %zu,\n  \"columns\": %u,\n  \"width\": %d,\n  \"height\": %d,\n"
          "  \"repetitions\": %u,\n", n, columns, width, height, reps);
  run ("without_index", data, reps, columns, width, height, surface, &style, 0.0, FALSE);
  t0 = now_ms ();
  if (!fl_series_data_build_index (data))
    g_error ("could not index the series");
  build_ms = now_ms () - t0;
  printf ("  \"index_build_ms\": %.1f,\n  \"index_bytes\": %zu,\n", build_ms,
          fl_series_index_get_size (data->index));
  run ("with_index", data, reps, columns, width, height, surface, &style, 0.0, FALSE);
  run ("with_index_p10_p90_band", data, reps, columns, width, height, surface, &style, 0.1, TRUE);
  printf ("}\n");

  cairo_surface_destroy (surface);
  fl_series_data_free (data);

  return 0;
}
