/* fl-rtt-chart.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-plot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <plplot.h>

#include "fl-chart-shade.h"
#include "fl-error.h"
#include "fl-plot-frame.h"
#include "fl-rtt-chart.h"

/* Colour map 0 slots used while drawing. */
enum
{
  COL_BACKGROUND,
  COL_FOREGROUND,
  COL_MEDIAN,
  COL_LOSS,
  COL_BAND,
  COL_GRID,
  COL_SHADE,
  COL_HIGHLIGHT,
  COL_ALARM,
  COL_OVERLAY0,
};

/* GNOME palette: blue 3 and red 3. */
static const double median_rgb[3] = { 0x35 / 255., 0x84 / 255., 0xe4 / 255. };
static const double loss_rgb[3] = { 0xe0 / 255., 0x1b / 255., 0x24 / 255. };

/* Layout in pixels. */
#define MARGIN_LEFT   68.0
#define MARGIN_RIGHT  32.0
#define MARGIN_TOP    14.0
#define MARGIN_BOTTOM 46.0
#define STRIP_HEIGHT  14.0
#define STRIP_GAP     6.0

/* Room for the title line of exported charts. */
#define EXPORT_TITLE_HEIGHT 30.0

/* The average advance of a digit at FL_PLOT_TEXT_SCALE(). */
#define TEXT_WIDTH_PX 7.5

/**
 * fl_chart_style_init:
 * @style: (out caller-allocates): the style to fill
 * @dark: whether the dark colour scheme is in use
 *
 * Fills @style with the default foreground and background colours of the
 * light or dark libadwaita view.
 */
void
fl_chart_style_init (FlChartStyle *style,
                     gboolean      dark)
{
  g_return_if_fail (style != NULL);

  if (dark)
    {
      /* view_fg_color #ffffff, view_bg_color #1e1e1e */
      style->foreground[0] = style->foreground[1] = style->foreground[2] = 0.92;
      style->background[0] = style->background[1] = style->background[2] = 0x1e / 255.;
    }
  else
    {
      /* view_fg_color rgba(0,0,0,0.8) on white */
      style->foreground[0] = style->foreground[1] = style->foreground[2] = 0.2;
      style->background[0] = style->background[1] = style->background[2] = 1.0;
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Partially orders @v so that v[k] is the k-th smallest (Hoare select). */
static double
select_kth (double *v,
            gsize   n,
            gsize   k)
{
  gsize lo = 0;
  gsize hi = n - 1;

  while (hi > lo)
    {
      double pivot = v[lo + (hi - lo) / 2];
      gsize i = lo;
      gsize j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double tmp = v[i];

              v[i] = v[j];
              v[j] = tmp;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }

      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }

  return v[k];
}

static double
median_of (double *v,
           gsize   n)
{
  double upper;
  double lower;

  if (n == 0)
    return NAN;
  if (n < 16)
    {
      qsort (v, n, sizeof *v, compare_double);
      return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

  upper = select_kth (v, n, n / 2);
  if (n % 2)
    return upper;

  /* v[0 .. n/2-1] are all <= upper: the lower middle is their maximum. */
  lower = v[0];
  for (gsize i = 1; i < n / 2; i++)
    lower = MAX (lower, v[i]);

  return (lower + upper) / 2.0;
}

/* First index with ts >= @t (ts ascending). */
static gsize
lower_bound (const double *ts,
             gsize         n,
             double        t)
{
  gsize lo = 0;
  gsize hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (ts[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* First index with ts > @t (ts ascending): the first with ts >= the next
 * double above @t. */
static gsize
upper_bound (const double *ts,
             gsize         n,
             double        t)
{
  return lower_bound (ts, n, nextafter (t, INFINITY));
}

/**
 * fl_series_data_time_span:
 * @data: the samples of one series
 * @t_first_s: (out) (optional): time of the first sample, s since the epoch
 * @t_last_s: (out) (optional): time of the last sample, s since the epoch
 *
 * Gets the time span of @data, whose timestamps are ascending.
 *
 * Returns: %FALSE (and leaves the outputs alone) when @data has no samples
 */
gboolean
fl_series_data_time_span (const FlSeriesData *data,
                          double             *t_first_s,
                          double             *t_last_s)
{
  g_return_val_if_fail (data != NULL, FALSE);

  if (data->n == 0)
    return FALSE;
  if (t_first_s != NULL)
    *t_first_s = data->ts_s[0];
  if (t_last_s != NULL)
    *t_last_s = data->ts_s[data->n - 1];

  return TRUE;
}

/**
 * fl_series_data_baseline_ms:
 * @data: the samples of one series
 *
 * The baseline of the relative-to-baseline view: the 5th percentile of the
 * RTTs of all replies of the series (lost packets excluded), in ms. A low
 * percentile rather than the minimum, so that one unusually fast reply does
 * not move the baseline; this follows the "minimum RTT" reference used by
 * RIPE Atlas LatencyMON's relative view, made robust.
 *
 * Returns: the baseline in ms, NaN when the series has no reply
 */
double
fl_series_data_baseline_ms (const FlSeriesData *data)
{
  g_autofree double *v = NULL;
  gsize m = 0;

  g_return_val_if_fail (data != NULL, NAN);

  v = g_new (double, MAX (data->n, 1));
  for (gsize i = 0; i < data->n; i++)
    if (!isnan (data->rtt_ms[i]))
      v[m++] = data->rtt_ms[i];
  if (m == 0)
    return NAN;

  return select_kth (v, m, (gsize) floor (0.05 * (m - 1)));
}

/* The median of many values (NaN-free) in two passes: a histogram of
 * 65,536 bins finds the bins holding the middle ranks, then a selection over
 * the values of those bins only. Exact, and about 4× faster than a
 * selection over 10⁶ values. Reorders @v. */
static double
large_median (double *v,
              gsize   n)
{
  enum { N_BINS = 65536 };
  g_autofree guint32 *counts = NULL;
  double lo = v[0];
  double hi = v[0];
  double scale;
  gsize k1 = (n - 1) / 2;
  gsize k2 = n / 2;
  gsize below = 0;
  gsize b1 = 0;
  gsize b2;
  gsize m = 0;
  double a, b;

  if (n < 4096)
    return median_of (v, n);

  for (gsize i = 1; i < n; i++)
    {
      lo = MIN (lo, v[i]);
      hi = MAX (hi, v[i]);
    }
  if (hi <= lo)
    return lo;

  scale = (N_BINS - 1) / (hi - lo);
  counts = g_new0 (guint32, N_BINS);
  for (gsize i = 0; i < n; i++)
    counts[(gsize) ((v[i] - lo) * scale)]++;

  /* Bins b1 and b2 hold ranks k1 and k2; below = values under bin b1. */
  while (below + counts[b1] <= k1)
    below += counts[b1++];
  b2 = b1;
  {
    gsize upto = below + counts[b2];

    while (upto <= k2)
      upto += counts[++b2];
  }

  /* Gather the values of bins b1 … b2 (compacting in place), then select. */
  for (gsize i = 0; i < n; i++)
    {
      gsize bin = (gsize) ((v[i] - lo) * scale);

      if (bin >= b1 && bin <= b2)
        v[m++] = v[i];
    }
  a = select_kth (v, m, k1 - below);
  b = k2 == k1 ? a : select_kth (v, m, k2 - below);

  return (a + b) / 2.0;
}

/* Ranks around the @q quantile of @m sorted values: the quantile is
 * x[i0] + frac × (x[i1] − x[i0]), linear interpolation between the closest
 * ranks (Hyndman & Fan, "Sample quantiles in statistical packages", The
 * American Statistician 50(4), 1996, definition 7; numpy's and R's default). */
static void
quantile_ranks (gsize   m,
                double  q,
                gsize  *i0,
                gsize  *i1,
                double *frac)
{
  double h = (double) (m - 1) * q;

  *i0 = MIN ((gsize) floor (h), m - 1);
  *frac = h - (double) *i0;
  *i1 = MIN (*i0 + 1, m - 1);
}

static inline double
interpolate (double x0,
             double x1,
             double frac)
{
  return frac > 0 ? x0 + frac * (x1 - x0) : x0;
}

typedef struct
{
  double       *values;
  const gsize  *offsets;
  guint         first_column;
  guint         end_column;
  double       *rtt_min;
  double       *rtt_median;
  double       *rtt_max;
  gsize         n_values;     /* > 0: also the median of all values */
  double       *copy;         /* those values, copied before any column */
  double        overall;
  double        band_q;       /* with band_lo: the band's lower quantile */
  double       *band_lo;
  double       *band_hi;
} ColumnJob;

/* Min, max, median and band quantiles of the columns [first_column,
 * end_column); with n_values, first the median of a copy of all values. */
static gpointer
column_job_run (gpointer data)
{
  ColumnJob *job = data;

  /* Its own copy: the columns' medians reorder the values in place,
   * maybe on the other thread at the same time. */
  if (job->n_values > 0)
    job->overall = large_median (job->copy, job->n_values);

  for (guint c = job->first_column; c < job->end_column; c++)
    {
      double *v = job->values + job->offsets[c];
      gsize m = job->offsets[c + 1] - job->offsets[c];

      if (m == 0)
        {
          job->rtt_median[c] = NAN;
          if (job->rtt_min != NULL)
            job->rtt_min[c] = job->rtt_max[c] = NAN;
          if (job->band_lo != NULL)
            job->band_lo[c] = job->band_hi[c] = NAN;
          continue;
        }
      if (job->rtt_min != NULL)
        {
          double lo = v[0];
          double hi = v[0];

          for (gsize j = 1; j < m; j++)
            {
              lo = MIN (lo, v[j]);
              hi = MAX (hi, v[j]);
            }
          job->rtt_min[c] = lo;
          job->rtt_max[c] = hi;
        }
      job->rtt_median[c] = median_of (v, m);
      if (job->band_lo != NULL)
        {
          /* Selections reorder v, but any order of it will do. */
          gsize i0, i1;
          double frac;
          double x0, x1;

          quantile_ranks (m, job->band_q, &i0, &i1, &frac);
          x0 = select_kth (v, m, i0);
          x1 = frac > 0 ? select_kth (v, m, i1) : x0;
          job->band_lo[c] = interpolate (x0, x1, frac);
          quantile_ranks (m, 1 - job->band_q, &i0, &i1, &frac);
          x0 = select_kth (v, m, i0);
          x1 = frac > 0 ? select_kth (v, m, i1) : x0;
          job->band_hi[c] = interpolate (x0, x1, frac);
        }
    }

  return NULL;
}

/* Scratch buffers kept per thread between decimations: a redraw of 10⁶
 * samples otherwise spends a third of its time faulting in fresh pages for
 * two 8 MB arrays. */
typedef struct
{
  double *values;
  double *copy;
  gsize   capacity;
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *s = data;

  g_free (s->values);
  g_free (s->copy);
  g_free (s);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

/* Buffers of at least @n doubles each, owned by the calling thread; a
 * buffer grown past 16 MB is released after use (see scratch_trim()). */
static Scratch *
scratch_get (gsize n)
{
  Scratch *s = g_private_get (&scratch_key);

  if (s == NULL)
    {
      s = g_new0 (Scratch, 1);
      g_private_set (&scratch_key, s);
    }
  if (s->capacity < n)
    {
      g_free (s->values);
      g_free (s->copy);
      s->values = g_new (double, n);
      s->copy = g_new (double, n);
      s->capacity = n;
    }

  return s;
}

static void
scratch_trim (void)
{
  Scratch *s = g_private_get (&scratch_key);

  if (s != NULL && s->capacity > 2 * 1024 * 1024)
    {
      g_clear_pointer (&s->values, g_free);
      g_clear_pointer (&s->copy, g_free);
      s->capacity = 0;
    }
}

/* decimate() through @data->index: the same columns and the same numbers,
 * in O(columns × log n) instead of O(samples). Each column's first sample is
 * found by binary search with decimate()'s own column formula (monotone in
 * time); its median (the middle one or two ranks, averaged as median_of()
 * does), min and max are rank queries on the unshifted RTTs, answered in
 * one batch (fl_series_index_kth_many()); subtracting @shift afterwards
 * gives what decimate() computes on shifted values, as subtraction is
 * monotone. */
static gsize
decimate_indexed (const FlSeriesData *data,
                  double              t_lo,
                  double              t_hi,
                  guint               n_columns,
                  double              shift,
                  double             *rtt_min,
                  double             *rtt_median,
                  double             *rtt_max,
                  double              band_q,
                  double             *band_lo,
                  double             *band_hi,
                  guint              *lost,
                  gsize              *n_lost,
                  double             *overall_median)
{
  const FlSeriesIndex *index = data->index;
  const double *ts = data->ts_s;
  double scale = n_columns / (t_hi - t_lo);
  gsize max_queries = 8 * (gsize) n_columns + 2;
  g_autofree gsize *bound = g_new (gsize, n_columns + 1);
  g_autofree gsize *q_lo = g_new (gsize, max_queries);
  g_autofree gsize *q_hi = g_new (gsize, max_queries);
  g_autofree gsize *q_k = g_new (gsize, max_queries);
  g_autofree double *answer = g_new (double, max_queries);
  g_autofree gsize *first_query = g_new (gsize, n_columns + 1);
  gsize n_queries = 0;
  gsize v_first, v_last;

  /* Sample bounds: bound[c] is the first sample of column c or later. */
  bound[0] = lower_bound (ts, data->n, t_lo);
  bound[n_columns] = upper_bound (ts, data->n, t_hi);
  for (guint c = 1; c < n_columns; c++)
    {
      gsize lo = bound[c - 1];
      gsize hi = bound[n_columns];

      while (lo < hi)
        {
          gsize mid = lo + (hi - lo) / 2;
          gsize col = MIN ((gsize) ((ts[mid] - t_lo) * scale), (gsize) n_columns - 1);

          if (col < c)
            lo = mid + 1;
          else
            hi = mid;
        }
      bound[c] = lo;
    }

#define ADD_QUERY(l, h, k) G_STMT_START { \
    q_lo[n_queries] = (l); q_hi[n_queries] = (h); q_k[n_queries] = (k); n_queries++; \
  } G_STMT_END

  /* Per column with RTTs: upper middle, [lower middle,] [min, max,]
   * [the two ranks around each band quantile]. */
  for (guint c = 0; c < n_columns; c++)
    {
      gsize v0 = fl_series_index_valid_before (index, bound[c]);
      gsize v1 = fl_series_index_valid_before (index, bound[c + 1]);
      gsize m = v1 - v0;
      gsize n_lost_here = (bound[c + 1] - bound[c]) - m;

      if (lost != NULL)
        lost[c] += (guint) n_lost_here;
      if (n_lost != NULL)
        *n_lost += n_lost_here;
      first_query[c] = n_queries;
      if (m == 0)
        continue;
      ADD_QUERY (v0, v1, m / 2);
      if (m % 2 == 0)
        ADD_QUERY (v0, v1, m / 2 - 1);
      if (rtt_min != NULL)
        {
          ADD_QUERY (v0, v1, 0);
          ADD_QUERY (v0, v1, m - 1);
        }
      if (band_lo != NULL)
        {
          gsize i0, i1;
          double frac;

          quantile_ranks (m, band_q, &i0, &i1, &frac);
          ADD_QUERY (v0, v1, i0);
          ADD_QUERY (v0, v1, i1);
          quantile_ranks (m, 1 - band_q, &i0, &i1, &frac);
          ADD_QUERY (v0, v1, i0);
          ADD_QUERY (v0, v1, i1);
        }
    }
  first_query[n_columns] = n_queries;

  v_first = fl_series_index_valid_before (index, bound[0]);
  v_last = fl_series_index_valid_before (index, bound[n_columns]);
  if (overall_median != NULL && v_last > v_first)
    {
      gsize m = v_last - v_first;

      ADD_QUERY (v_first, v_last, m / 2);
      if (m % 2 == 0)
        ADD_QUERY (v_first, v_last, m / 2 - 1);
    }
#undef ADD_QUERY

  fl_series_index_kth_many (index, n_queries, q_lo, q_hi, q_k, answer);

  for (guint c = 0; c < n_columns; c++)
    {
      gsize q = first_query[c];
      gsize m;

      if (q == first_query[c + 1])
        {
          rtt_median[c] = NAN;
          if (rtt_min != NULL)
            rtt_min[c] = rtt_max[c] = NAN;
          if (band_lo != NULL)
            band_lo[c] = band_hi[c] = NAN;
          continue;
        }
      m = q_hi[q] - q_lo[q];
      rtt_median[c] = answer[q++] - shift;
      if (m % 2 == 0)
        rtt_median[c] = ((answer[q++] - shift) + rtt_median[c]) / 2.0;
      if (rtt_min != NULL)
        {
          rtt_min[c] = answer[q++] - shift;
          rtt_max[c] = answer[q++] - shift;
        }
      if (band_lo != NULL)
        {
          gsize i0, i1;
          double frac;

          quantile_ranks (m, band_q, &i0, &i1, &frac);
          band_lo[c] = interpolate (answer[q] - shift, answer[q + 1] - shift, frac);
          quantile_ranks (m, 1 - band_q, &i0, &i1, &frac);
          band_hi[c] = interpolate (answer[q + 2] - shift, answer[q + 3] - shift, frac);
        }
    }

  if (overall_median != NULL)
    {
      gsize q = first_query[n_columns];

      if (v_last == v_first)
        *overall_median = NAN;
      else if ((v_last - v_first) % 2)
        *overall_median = answer[q] - shift;
      else
        *overall_median = ((answer[q + 1] - shift) + (answer[q] - shift)) / 2.0;
    }

  return v_last - v_first;
}

/* Above this many replies, the medians run on two threads. */
#define PARALLEL_VALUES 100000

/* Decimates the samples of @data in [t_lo, t_hi] to @n_columns columns:
 * min / median / max of the replies (minus @baseline unless NaN) and the lost
 * count per column; with @band_lo and @band_hi also the @band_q and
 * 1 − @band_q quantiles (quantile_ranks()). NULL @rtt_min / @rtt_max skip
 * those, NULL @lost and @n_lost skip the loss. With @overall_median, also the median of all
 * replies in the window. Returns the number of replies.
 *
 * With @data->index (fl_series_data_build_index()) this is
 * decimate_indexed(): a few thousand rank queries whatever the number of
 * samples. Without it, samples are grouped by column in one pass when the
 * timestamps ascend (as FlSeriesData promises), else with a counting sort;
 * the medians (Hoare selection, linear on average) of a large window are
 * split over two threads, one of them also taking the overall median (some
 * 16–20 ms for 10⁶ samples). */
static gsize
decimate (const FlSeriesData *data,
          double              t_lo,
          double              t_hi,
          guint               n_columns,
          double              baseline,
          double             *rtt_min,
          double             *rtt_median,
          double             *rtt_max,
          double              band_q,
          double             *band_lo,
          double             *band_hi,
          guint              *lost,
          gsize              *n_lost,
          double             *overall_median)
{
  g_autofree gsize *offsets = NULL;
  Scratch *scratch;
  double *values;
  double span = t_hi - t_lo;
  double scale = n_columns / span;
  double shift = isnan (baseline) ? 0.0 : baseline;
  gsize first, last;
  gsize n_values = 0;
  gboolean sorted = TRUE;
  gsize prev_c = 0;

  if (data->index != NULL)
    return decimate_indexed (data, t_lo, t_hi, n_columns, shift, rtt_min, rtt_median, rtt_max,
                             band_q, band_lo, band_hi, lost, n_lost, overall_median);

  offsets = g_new0 (gsize, n_columns + 1);
  first = lower_bound (data->ts_s, data->n, t_lo);
  last = first;
  /* Samples are ascending: [first, last) is the window. */
  while (last < data->n && data->ts_s[last] <= t_hi)
    last++;
  scratch = scratch_get (MAX (last - first, 1));
  values = scratch->values;

  /* Count per column; with ascending columns the values land in order. */
  for (gsize i = first; i < last; i++)
    {
      gsize c = (gsize) ((data->ts_s[i] - t_lo) * scale);

      c = MIN (c, (gsize) n_columns - 1);
      if (c < prev_c)
        sorted = FALSE;
      prev_c = c;
      if (isnan (data->rtt_ms[i]))
        {
          if (lost != NULL)
            lost[c]++;
          if (n_lost != NULL)
            (*n_lost)++;
        }
      else
        {
          offsets[c + 1]++;
          if (sorted)
            values[n_values] = data->rtt_ms[i] - shift;
          n_values++;
        }
    }
  for (guint c = 0; c < n_columns; c++)
    offsets[c + 1] += offsets[c];

  if (!sorted)
    {
      g_autofree gsize *fill = g_memdup2 (offsets, sizeof (gsize) * (n_columns + 1));

      for (gsize i = first; i < last; i++)
        {
          gsize c;

          if (isnan (data->rtt_ms[i]))
            continue;
          c = (gsize) ((data->ts_s[i] - t_lo) * scale);
          c = MIN (c, (gsize) n_columns - 1);
          values[fill[c]++] = data->rtt_ms[i] - shift;
        }
    }

  {
    double *copy = NULL;
    ColumnJob mine = { values, offsets, 0, n_columns, rtt_min, rtt_median, rtt_max, 0, NULL, NAN,
                       band_q, band_lo, band_hi };

    if (overall_median != NULL && n_values > 0)
      {
        copy = memcpy (scratch->copy, values, n_values * sizeof (double));
        mine.copy = copy;
      }

    if (n_values >= PARALLEL_VALUES)
      {
        /* The other thread takes the overall median (two passes over the
         * values, see large_median()) and the last columns. */
        ColumnJob other = mine;
        gsize split_at = overall_median != NULL ? (gsize) (0.56 * n_values) : n_values / 2;
        guint split = 0;
        GThread *thread;

        while (split < n_columns && offsets[split] < split_at)
          split++;
        mine.end_column = split;
        other.first_column = split;
        other.n_values = overall_median != NULL ? n_values : 0;
        thread = g_thread_new ("fl-decimate", column_job_run, &other);
        column_job_run (&mine);
        g_thread_join (thread);
        if (overall_median != NULL)
          *overall_median = other.overall;
      }
    else
      {
        mine.n_values = overall_median != NULL ? n_values : 0;
        column_job_run (&mine);
        if (overall_median != NULL)
          *overall_median = n_values > 0 ? mine.overall : NAN;
      }
  }

  scratch_trim ();
  return n_values;
}

/**
 * fl_rtt_chart_prepare_range:
 * @data: the samples of one series, timestamps ascending
 * @label: (nullable): display label of the series, e.g. "Probe 6798"
 * @n_columns: number of pixel columns to decimate to (the width of the plot
 *   area, see fl_rtt_chart_plot_area())
 * @t_lo_s: left edge of the time window, s since the epoch, or NaN for the
 *   first sample
 * @t_hi_s: right edge of the time window, s, or NaN for the last sample
 * @baseline_ms: subtracted from every RTT (relative-to-baseline mode, see
 *   fl_series_data_baseline_ms()), or NaN for absolute RTT
 *
 * fl_rtt_chart_prepare_band() with a min–max band.
 *
 * Returns: (transfer full): the prepared chart data
 */
FlRttChart *
fl_rtt_chart_prepare_range (const FlSeriesData *data,
                            const char         *label,
                            guint               n_columns,
                            double              t_lo_s,
                            double              t_hi_s,
                            double              baseline_ms)
{
  return fl_rtt_chart_prepare_band (data, label, n_columns, t_lo_s, t_hi_s, baseline_ms, 0.0);
}

/**
 * fl_rtt_chart_prepare_band:
 * @data: the samples of one series, timestamps ascending
 * @label: (nullable): display label of the series, e.g. "Probe 6798"
 * @n_columns: number of pixel columns to decimate to (the width of the plot
 *   area, see fl_rtt_chart_plot_area())
 * @t_lo_s: left edge of the time window, s since the epoch, or NaN for the
 *   first sample
 * @t_hi_s: right edge of the time window, s, or NaN for the last sample
 * @baseline_ms: subtracted from every RTT (relative-to-baseline mode, see
 *   fl_series_data_baseline_ms()), or NaN for absolute RTT
 * @band_quantile: 0 for a band from the minimum to the maximum RTT of each
 *   column, or q in (0, 0.5) for a band from the q to the 1 − q quantile
 *   (0.1: 10th–90th percentile, 0.25: the interquartile range), linear
 *   interpolation between the closest ranks (Hyndman & Fan 1996,
 *   definition 7, as numpy and R by default)
 *
 * Decimates the samples of @data inside the window to one min / median /
 * max RTT, one band (see @band_quantile) and one lost count per pixel
 * column, so that drawing costs the same whatever the number of samples
 * (SmokePing-style bands). The y range follows the band and the medians,
 * so that with a percentile band a few spikes do not flatten the chart.
 * The window is found by binary search, so zooming into a long series only
 * touches the samples shown; when @data has an index
 * (fl_series_data_build_index()), the columns' statistics are rank queries
 * on it and cost O(@n_columns × log n) rather than a selection over every
 * sample, with the same results. This is a pure function: it may run in
 * any thread.
 *
 * Returns: (transfer full): the prepared chart data
 */
FlRttChart *
fl_rtt_chart_prepare_band (const FlSeriesData *data,
                           const char         *label,
                           guint               n_columns,
                           double              t_lo_s,
                           double              t_hi_s,
                           double              baseline_ms,
                           double              band_quantile)
{
  g_autoptr(FlRttChart) chart = NULL;
  gsize n_values;
  double span;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (band_quantile >= 0 && band_quantile < 0.5, NULL);

  chart = g_new0 (FlRttChart, 1);
  chart->label = g_strdup (label);
  chart->band_quantile = band_quantile;
  chart->y_min = NAN;
  chart->y_max = NAN;
  chart->median_ms = NAN;
  chart->baseline_ms = baseline_ms;

  if (data->n == 0)
    return g_steal_pointer (&chart);

  n_columns = MAX (n_columns, 1);
  chart->n_columns = n_columns;
  chart->t_start_s = isnan (t_lo_s) ? data->ts_s[0] : t_lo_s;
  chart->t_end_s = isnan (t_hi_s) ? data->ts_s[data->n - 1] : t_hi_s;
  if (chart->t_end_s <= chart->t_start_s)
    {
      chart->t_start_s -= 30.0;
      chart->t_end_s += 30.0;
    }
  span = chart->t_end_s - chart->t_start_s;

  chart->col_t_s = g_new (double, n_columns);
  chart->rtt_min = g_new (double, n_columns);
  chart->rtt_median = g_new (double, n_columns);
  chart->rtt_max = g_new (double, n_columns);
  chart->band_lo = g_new (double, n_columns);
  chart->band_hi = g_new (double, n_columns);
  chart->lost = g_new0 (guint, n_columns);

  n_values = decimate (data, chart->t_start_s, chart->t_end_s, n_columns, baseline_ms,
                       chart->rtt_min, chart->rtt_median, chart->rtt_max,
                       band_quantile, band_quantile > 0 ? chart->band_lo : NULL,
                       band_quantile > 0 ? chart->band_hi : NULL,
                       chart->lost, &chart->n_lost, &chart->median_ms);
  chart->n_samples = n_values + chart->n_lost;
  if (band_quantile == 0)
    {
      memcpy (chart->band_lo, chart->rtt_min, n_columns * sizeof (double));
      memcpy (chart->band_hi, chart->rtt_max, n_columns * sizeof (double));
    }

  for (guint c = 0; c < n_columns; c++)
    {
      chart->col_t_s[c] = chart->t_start_s + (c + 0.5) * span / n_columns;
      if (isnan (chart->rtt_median[c]))
        continue;
      if (isnan (chart->y_min) || chart->band_lo[c] < chart->y_min)
        chart->y_min = chart->band_lo[c];
      if (isnan (chart->y_max) || chart->band_hi[c] > chart->y_max)
        chart->y_max = chart->band_hi[c];
    }


  return g_steal_pointer (&chart);
}

/**
 * fl_rtt_chart_prepare:
 * @data: the samples of one series, timestamps ascending
 * @label: (nullable): display label of the series, e.g. "Probe 6798"
 * @n_columns: number of pixel columns to decimate to (the chart width)
 *
 * Decimates all of @data, in absolute RTT: fl_rtt_chart_prepare_range()
 * with the whole time span and no baseline.
 *
 * Returns: (transfer full): the prepared chart data
 */
FlRttChart *
fl_rtt_chart_prepare (const FlSeriesData *data,
                      const char         *label,
                      guint               n_columns)
{
  return fl_rtt_chart_prepare_range (data, label, n_columns, NAN, NAN, NAN);
}

/**
 * fl_rtt_chart_add_overlay:
 * @chart: prepared chart data
 * @data: the samples of a further series, timestamps ascending
 * @label: display label of that series
 * @baseline_ms: its own baseline (relative mode), or NaN
 *
 * Decimates @data over the same time window and columns as @chart and adds
 * its per-column median as a line drawn over the band of the main series,
 * in its own colour with a legend entry. The y range grows to include it.
 * At most %FL_RTT_CHART_MAX_OVERLAYS overlays. Any thread that owns @chart.
 *
 * Returns: %FALSE when @chart already has the maximum number of overlays
 *   or has no columns (nothing is added)
 */
gboolean
fl_rtt_chart_add_overlay (FlRttChart         *chart,
                          const FlSeriesData *data,
                          const char         *label,
                          double              baseline_ms)
{
  FlRttOverlay *o;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (chart->n_overlays >= FL_RTT_CHART_MAX_OVERLAYS || chart->n_columns == 0)
    return FALSE;

  chart->overlays = g_renew (FlRttOverlay, chart->overlays, chart->n_overlays + 1);
  o = &chart->overlays[chart->n_overlays++];
  o->label = g_strdup (label != NULL ? label : "");
  o->baseline_ms = baseline_ms;
  o->median = g_new (double, chart->n_columns);
  if (data->n == 0)
    {
      for (gsize c = 0; c < chart->n_columns; c++)
        o->median[c] = NAN;
      return TRUE;
    }
  decimate (data, chart->t_start_s, chart->t_end_s, (guint) chart->n_columns, baseline_ms,
            NULL, o->median, NULL, 0, NULL, NULL, NULL, NULL, NULL);
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      if (isnan (o->median[c]))
        continue;
      if (isnan (chart->y_min) || o->median[c] < chart->y_min)
        chart->y_min = o->median[c];
      if (isnan (chart->y_max) || o->median[c] > chart->y_max)
        chart->y_max = o->median[c];
    }

  return TRUE;
}

static void
set_ranges (gsize        *n_out,
            double      **start_out,
            double      **end_out,
            const double *start_s,
            const double *end_s,
            gsize         n)
{
  g_clear_pointer (start_out, g_free);
  g_clear_pointer (end_out, g_free);
  *n_out = n;
  if (n == 0)
    return;
  *start_out = g_memdup2 (start_s, n * sizeof (double));
  *end_out = g_memdup2 (end_s, n * sizeof (double));
}

/**
 * fl_rtt_chart_set_shade:
 * @chart: prepared chart data
 * @start_s: (array length=n) (nullable): start of each event, s since the
 *   epoch
 * @end_s: (array length=n) (nullable): end of each event (exclusive), s
 * @n: number of events; 0 removes the shading
 *
 * Sets the time ranges (labelled events) that fl_rtt_chart_draw() shades
 * behind the RTT band. The arrays are copied. Any thread that owns @chart.
 */
void
fl_rtt_chart_set_shade (FlRttChart   *chart,
                        const double *start_s,
                        const double *end_s,
                        gsize         n)
{
  g_return_if_fail (chart != NULL);
  g_return_if_fail (n == 0 || (start_s != NULL && end_s != NULL));

  set_ranges (&chart->n_shade, &chart->shade_start_s, &chart->shade_end_s, start_s, end_s, n);
}

/**
 * fl_rtt_chart_set_alarms:
 * @chart: prepared chart data
 * @start_s: (array length=n) (nullable): start of each alarm range, s since
 *   the epoch
 * @end_s: (array length=n) (nullable): end of each range (exclusive), s
 * @n: number of ranges; 0 shows an empty strip
 *
 * Shows the "Alarms" strip (predicted alarms of a model at its threshold)
 * above the loss strip. The arrays are copied.
 */
void
fl_rtt_chart_set_alarms (FlRttChart   *chart,
                         const double *start_s,
                         const double *end_s,
                         gsize         n)
{
  g_return_if_fail (chart != NULL);
  g_return_if_fail (n == 0 || (start_s != NULL && end_s != NULL));

  set_ranges (&chart->n_alarms, &chart->alarm_start_s, &chart->alarm_end_s, start_s, end_s, n);
  chart->show_alarms = TRUE;
}

/**
 * fl_rtt_chart_set_highlight:
 * @chart: prepared chart data
 * @start_s: (array length=n) (nullable): start of each range, s since the
 *   epoch
 * @end_s: (array length=n) (nullable): end of each range (exclusive), s
 * @n: number of ranges; 0 removes the highlight
 *
 * Sets time ranges (e.g. the buckets behind one confusion-matrix cell) that
 * fl_rtt_chart_draw() marks in purple behind the band and with a tick above
 * the plot. The arrays are copied.
 */
void
fl_rtt_chart_set_highlight (FlRttChart   *chart,
                            const double *start_s,
                            const double *end_s,
                            gsize         n)
{
  g_return_if_fail (chart != NULL);
  g_return_if_fail (n == 0 || (start_s != NULL && end_s != NULL));

  set_ranges (&chart->n_highlight, &chart->highlight_start_s, &chart->highlight_end_s,
              start_s, end_s, n);
}

/**
 * fl_rtt_chart_free:
 * @chart: (transfer full) (nullable): prepared chart data
 *
 * Frees @chart.
 */
void
fl_rtt_chart_free (FlRttChart *chart)
{
  if (chart == NULL)
    return;

  g_free (chart->col_t_s);
  g_free (chart->rtt_min);
  g_free (chart->rtt_median);
  g_free (chart->rtt_max);
  g_free (chart->band_lo);
  g_free (chart->band_hi);
  g_free (chart->lost);
  g_free (chart->label);
  g_free (chart->shade_start_s);
  g_free (chart->shade_end_s);
  for (gsize i = 0; i < chart->n_overlays; i++)
    {
      g_free (chart->overlays[i].label);
      g_free (chart->overlays[i].median);
    }
  g_free (chart->overlays);
  g_free (chart->alarm_start_s);
  g_free (chart->alarm_end_s);
  g_free (chart->highlight_start_s);
  g_free (chart->highlight_end_s);
  g_free (chart);
}

static char *
format_duration (double seconds)
{
  if (seconds < 120)
    return g_strdup_printf (_("%.0f s"), seconds);
  if (seconds < 2 * 3600)
    return g_strdup_printf (_("%.0f min"), seconds / 60);
  if (seconds < 2 * 86400)
    return g_strdup_printf (_("%.0f h"), seconds / 3600);
  return g_strdup_printf (_("%.0f days"), seconds / 86400);
}

/**
 * fl_rtt_chart_describe:
 * @chart: prepared chart data
 *
 * Summarises the chart as text for assistive technologies, e.g.
 * "RTT of Probe 6798, 2 h, median 183 ms, 3 lost packets".
 *
 * Returns: (transfer full): the summary
 */
char *
fl_rtt_chart_describe (const FlRttChart *chart)
{
  g_autofree char *duration = NULL;
  g_autofree char *median = NULL;
  g_autofree char *lost = NULL;
  const char *label;

  g_return_val_if_fail (chart != NULL, NULL);

  label = chart->label != NULL ? chart->label : _("the series");
  if (chart->n_samples == 0)
    return g_strdup_printf (_("RTT of %s, no samples"), label);

  duration = format_duration (chart->t_end_s - chart->t_start_s);
  if (isnan (chart->median_ms))
    median = g_strdup (_("no replies"));
  else if (!isnan (chart->baseline_ms))
    /* Translators: relative mode, "median 1.0 ms above the baseline" */
    median = g_strdup_printf (_("median %.1f ms above the baseline"), chart->median_ms);
  else if (chart->median_ms < 10)
    median = g_strdup_printf (_("median %.1f ms"), chart->median_ms);
  else
    median = g_strdup_printf (_("median %.0f ms"), chart->median_ms);
  lost = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%zu lost packet",
                                       "%zu lost packets",
                                       chart->n_lost),
                          chart->n_lost);

  /* Translators: "RTT of Probe 6798, 2 h, median 183 ms, 3 lost packets" */
  return g_strdup_printf (_("RTT of %s, %s, %s, %s"), label, duration, median, lost);
}

/* Where the panels go, as fractions of the page (PLplot viewport units,
 * y upwards). */
typedef struct
{
  double vx0, vx1;
  double loss_y0, loss_y1;
  double alarm_y0, alarm_y1;
  double main_y0, main_y1;
  double plot_px;
} Layout;

static gboolean
compute_layout (const FlRttChart *chart,
                int               width,
                int               height,
                Layout           *l)
{
  double bottom = MARGIN_BOTTOM;
  double min_height = MARGIN_TOP + MARGIN_BOTTOM + STRIP_HEIGHT + STRIP_GAP + 20;

  if (chart->show_alarms)
    min_height += STRIP_HEIGHT + STRIP_GAP;
  if (width < MARGIN_LEFT + MARGIN_RIGHT + 20 || height < min_height)
    return FALSE;

  l->vx0 = MARGIN_LEFT / width;
  l->vx1 = 1.0 - MARGIN_RIGHT / width;
  l->plot_px = width - MARGIN_LEFT - MARGIN_RIGHT;
  l->loss_y0 = bottom / height;
  l->loss_y1 = (bottom + STRIP_HEIGHT) / height;
  bottom += STRIP_HEIGHT + STRIP_GAP;
  if (chart->show_alarms)
    {
      l->alarm_y0 = bottom / height;
      l->alarm_y1 = (bottom + STRIP_HEIGHT) / height;
      bottom += STRIP_HEIGHT + STRIP_GAP;
    }
  else
    l->alarm_y0 = l->alarm_y1 = NAN;
  l->main_y0 = bottom / height;
  l->main_y1 = 1.0 - MARGIN_TOP / height;

  return TRUE;
}

/**
 * fl_rtt_chart_columns_for_width:
 * @width: width of the chart area, logical pixels
 *
 * The number of pixel columns of the plot area of a chart @width pixels
 * wide: the @n_columns to pass to fl_rtt_chart_prepare_range().
 *
 * Returns: the column count, at least 1
 */
guint
fl_rtt_chart_columns_for_width (int width)
{
  return (guint) MAX (1.0, width - MARGIN_LEFT - MARGIN_RIGHT);
}

/**
 * fl_rtt_chart_plot_area:
 * @chart: prepared chart data
 * @width: width of the chart area, logical pixels
 * @height: height of the chart area, logical pixels
 * @x0: (out) (optional): left edge of the RTT panel, pixels from the left
 * @y0: (out) (optional): top edge, pixels from the top
 * @x1: (out) (optional): right edge
 * @y1: (out) (optional): bottom edge of the RTT panel
 *
 * Gets the rectangle of the RTT panel as fl_rtt_chart_draw() lays it out in
 * an area of @width × @height, e.g. to draw a hover cursor over it.
 *
 * Returns: %FALSE when the area is too small for axes (nothing is set)
 */
gboolean
fl_rtt_chart_plot_area (const FlRttChart *chart,
                        int               width,
                        int               height,
                        double           *x0,
                        double           *y0,
                        double           *x1,
                        double           *y1)
{
  Layout l;

  g_return_val_if_fail (chart != NULL, FALSE);

  if (!compute_layout (chart, width, height, &l))
    return FALSE;
  if (x0 != NULL)
    *x0 = MARGIN_LEFT;
  if (x1 != NULL)
    *x1 = width - MARGIN_RIGHT;
  if (y0 != NULL)
    *y0 = MARGIN_TOP;
  if (y1 != NULL)
    *y1 = height * (1.0 - l.main_y0);

  return TRUE;
}

/**
 * fl_rtt_chart_time_at:
 * @chart: prepared chart data
 * @width: width of the chart area, logical pixels
 * @x: horizontal position, pixels from the left of the area
 *
 * Converts a position on the chart to time (linear, not clamped: positions
 * left or right of the plot give times outside the window).
 *
 * Returns: the time at @x, s since the epoch; NaN for an empty chart
 */
double
fl_rtt_chart_time_at (const FlRttChart *chart,
                      int               width,
                      double            x)
{
  double plot_px;

  g_return_val_if_fail (chart != NULL, NAN);

  if (chart->n_columns == 0)
    return NAN;
  plot_px = MAX (1.0, width - MARGIN_LEFT - MARGIN_RIGHT);

  return chart->t_start_s + (x - MARGIN_LEFT) / plot_px * (chart->t_end_s - chart->t_start_s);
}

/**
 * fl_rtt_chart_x_at:
 * @chart: prepared chart data
 * @width: width of the chart area, logical pixels
 * @t_s: a time, s since the epoch
 *
 * The inverse of fl_rtt_chart_time_at().
 *
 * Returns: the position of @t_s, pixels from the left; NaN for an empty chart
 */
double
fl_rtt_chart_x_at (const FlRttChart *chart,
                   int               width,
                   double            t_s)
{
  double plot_px;

  g_return_val_if_fail (chart != NULL, NAN);

  if (chart->n_columns == 0 || chart->t_end_s <= chart->t_start_s)
    return NAN;
  plot_px = MAX (1.0, width - MARGIN_LEFT - MARGIN_RIGHT);

  return MARGIN_LEFT + (t_s - chart->t_start_s) / (chart->t_end_s - chart->t_start_s) * plot_px;
}

/**
 * fl_rtt_chart_column_at:
 * @chart: prepared chart data
 * @width: width of the chart area, logical pixels
 * @x: horizontal position, pixels from the left of the area
 *
 * Finds the decimated column under a position, for the hover read-out.
 *
 * Returns: the column index, or -1 when @x is outside the plot
 */
int
fl_rtt_chart_column_at (const FlRttChart *chart,
                        int               width,
                        double            x)
{
  double t = fl_rtt_chart_time_at (chart, width, x);
  double c;

  if (isnan (t) || t < chart->t_start_s || t > chart->t_end_s)
    return -1;
  c = floor ((t - chart->t_start_s) / (chart->t_end_s - chart->t_start_s) * chart->n_columns);

  return (int) CLAMP (c, 0, (double) chart->n_columns - 1);
}

static char *
format_rtt (double ms)
{
  if (isnan (ms))
    return g_strdup ("–");
  if (fabs (ms) < 10)
    return g_strdup_printf ("%.2f", ms);
  if (fabs (ms) < 100)
    return g_strdup_printf ("%.1f", ms);
  return g_strdup_printf ("%.0f", ms);
}

static gboolean
in_ranges (const double *start_s,
           const double *end_s,
           gsize         n,
           double        a,
           double        b)
{
  for (gsize i = 0; i < n; i++)
    if (start_s[i] < b && end_s[i] > a)
      return TRUE;

  return FALSE;
}

/**
 * fl_rtt_chart_describe_column:
 * @chart: prepared chart data
 * @column: a column index (see fl_rtt_chart_column_at())
 *
 * The hover read-out of one column: its time range (UTC), min / median /
 * max RTT of the replies in it, the lost packets, whether it overlaps a
 * labelled event, a predicted alarm or a highlighted bucket, and the median
 * of each overlay, e.g. "14 Oct 21:20:10–21:20:20 UTC · RTT min 179 / median
 * 182 / max 186 ms · 1 lost".
 *
 * Returns: (transfer full) (nullable): the text, %NULL for a bad column
 */
char *
fl_rtt_chart_describe_column (const FlRttChart *chart,
                              int               column)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;
  double width_s, lo, hi;

  g_return_val_if_fail (chart != NULL, NULL);

  if (column < 0 || (gsize) column >= chart->n_columns)
    return NULL;

  width_s = (chart->t_end_s - chart->t_start_s) / chart->n_columns;
  lo = chart->t_start_s + column * width_s;
  hi = lo + width_s;
  a = g_date_time_new_from_unix_utc ((gint64) floor (lo));
  b = g_date_time_new_from_unix_utc ((gint64) floor (hi));
  if (a == NULL || b == NULL)
    return NULL;
  ta = g_date_time_format (a, width_s < 60 ? "%d %b %Y %H:%M:%S" : "%d %b %Y %H:%M");
  /* The end's date too when the column runs past midnight. */
  if (g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b) &&
      g_date_time_get_year (a) == g_date_time_get_year (b))
    tb = g_date_time_format (b, width_s < 60 ? "%H:%M:%S" : "%H:%M");
  else
    tb = g_date_time_format (b, width_s < 60 ? "%d %b %Y %H:%M:%S" : "%d %b %Y %H:%M");

  s = g_string_new (NULL);
  /* Translators: time range of one chart column, in UTC */
  g_string_append_printf (s, _("%s–%s UTC"), ta, tb);
  if (isnan (chart->rtt_median[column]))
    g_string_append_printf (s, " · %s", _("no reply"));
  else
    {
      g_autofree char *mn = format_rtt (chart->rtt_min[column]);
      g_autofree char *md = format_rtt (chart->rtt_median[column]);
      g_autofree char *mx = format_rtt (chart->rtt_max[column]);

      if (isnan (chart->baseline_ms))
        /* Translators: hover read-out, RTT in ms */
        g_string_append_printf (s, _(" · RTT min %s / median %s / max %s ms"), mn, md, mx);
      else
        /* Translators: hover read-out in relative mode, ms above the baseline */
        g_string_append_printf (s, _(" · above baseline: min %s / median %s / max %s ms"),
                                mn, md, mx);
      if (chart->band_quantile > 0)
        {
          g_autofree char *blo = format_rtt (chart->band_lo[column]);
          g_autofree char *bhi = format_rtt (chart->band_hi[column]);

          /* Translators: the band of the hover read-out, e.g. "p10–p90 31.2–40.8 ms" */
          g_string_append_printf (s, _(" · p%g–p%g %s–%s ms"), 100 * chart->band_quantile,
                                  100 * (1 - chart->band_quantile), blo, bhi);
        }
    }
  if (chart->lost[column] > 0)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, " · %u lost", " · %u lost",
                                            chart->lost[column]),
                            chart->lost[column]);
  for (gsize i = 0; i < chart->n_overlays; i++)
    {
      g_autofree char *md = format_rtt (chart->overlays[i].median[column]);

      /* Translators: median of a compared series in the hover read-out */
      g_string_append_printf (s, _(" · %s median %s ms"), chart->overlays[i].label, md);
    }
  if (in_ranges (chart->shade_start_s, chart->shade_end_s, chart->n_shade, lo, hi))
    g_string_append_printf (s, " · %s", _("labelled event"));
  if (in_ranges (chart->alarm_start_s, chart->alarm_end_s, chart->n_alarms, lo, hi))
    g_string_append_printf (s, " · %s", _("predicted alarm"));
  if (in_ranges (chart->highlight_start_s, chart->highlight_end_s, chart->n_highlight, lo, hi))
    g_string_append_printf (s, " · %s", _("highlighted bucket"));

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
abort_cb (PLCHAR_VECTOR message)
{
  g_warning ("PLplot: %s", message);
}

/**
 * fl_rtt_chart_check_driver:
 * @error: return location for a #GError
 *
 * Checks once that PLplot's `extcairo` driver is installed. Without it,
 * `plinit()` would print an error and call exit(), so every caller must check
 * first. Also routes PLplot aborts to g_warning().
 *
 * Returns: %TRUE if charts can be drawn
 */
gboolean
fl_rtt_chart_check_driver (GError **error)
{
  static gsize checked = 0;
  static gboolean found = FALSE;

  if (g_once_init_enter (&checked))
    {
      int n = 128;
      g_autofree const char **menu = g_new0 (const char *, n);
      g_autofree const char **devices = g_new0 (const char *, n);

      plgDevs (&menu, &devices, &n);
      for (int i = 0; i < n; i++)
        if (g_strcmp0 (devices[i], "extcairo") == 0)
          found = TRUE;
      plsabort (abort_cb);
      g_once_init_leave (&checked, 1);
    }

  if (!found)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                           _("The PLplot cairo driver (extcairo) is not installed; "
                             "install plplot-driver-cairo to see charts"));
      return FALSE;
    }

  return TRUE;
}

/* Approximate rendered length of a strftime-like format. */
static guint
format_length (const char *format)
{
  guint n = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          n++;
          continue;
        }
      p++;
      n += *p == 'Y' ? 4 : *p == 'b' ? 3 : 2;
    }

  return n;
}

/* Picks a tick interval and a time format so that labels do not overlap. */
static void
choose_time_ticks (double       span,
                   double       plot_px,
                   double      *interval,
                   const char **format)
{
  static const double steps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600,
    3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400,
    28 * 86400, 91 * 86400, 182 * 86400, 365 * 86400,
  };
  gboolean multi_day = span > 86400;
  double label_px;
  double max_ticks;

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          if (steps[i] < 60)
            *format = "%H:%M:%S";
          else if (steps[i] < 86400)
            *format = multi_day ? "%d %b %H:%M" : "%H:%M";
          else if (steps[i] < 28 * 86400)
            *format = "%d %b";
          else
            *format = "%b %Y";

          label_px = format_length (*format) * TEXT_WIDTH_PX + 28;
          max_ticks = MAX (1.0, plot_px / label_px);
          if (span / steps[i] <= max_ticks || i == G_N_ELEMENTS (steps) - 1)
            {
              *interval = steps[i];
              return;
            }
        }
    }
}

/* World (time, RTT) to cairo user space of the main panel. The band and
 * the median are drawn with cairo directly rather than through PLplot:
 * PLplot's polygon fills of a 1000-column band cost ~100 ms, cairo's a few. */
typedef struct
{
  cairo_t        *cr;
  cairo_matrix_t  matrix;   /* the caller's, captured before PLplot ran */
  double          x0, x_scale, t0;
  double          y_bottom, y_scale, v0;
  double          top;
  double          right;
  double          band[3];
  double          median[3];
} Canvas;

static inline double
canvas_x (const Canvas *k,
          double        t)
{
  return k->x0 + (t - k->t0) * k->x_scale;
}

static inline double
canvas_y (const Canvas *k,
          double        v)
{
  return k->y_bottom - (v - k->v0) * k->y_scale;
}

/* Draws the columns @cols (one run without unusual gaps) as a band polygon
 * and a median line. */
static void
draw_run (const Canvas     *k,
          const FlRttChart *chart,
          const guint      *cols,
          gsize             n)
{
  cairo_t *cr = k->cr;

  if (n == 1)
    {
      guint c = cols[0];
      double x = canvas_x (k, chart->col_t_s[c]);

      cairo_set_source_rgb (cr, k->band[0], k->band[1], k->band[2]);
      cairo_set_line_width (cr, 3);
      cairo_move_to (cr, x, canvas_y (k, chart->band_lo[c]));
      cairo_line_to (cr, x, canvas_y (k, chart->band_hi[c]));
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, k->median[0], k->median[1], k->median[2]);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x - 1, canvas_y (k, chart->rtt_median[c]));
      cairo_line_to (cr, x + 1, canvas_y (k, chart->rtt_median[c]));
      cairo_stroke (cr);
      return;
    }

  /* The band: one pixel-aligned rectangle per column from min to max,
   * filled without antialiasing (cairo's fast path); a polygon through
   * jagged maxima of a long series costs tens of ms to rasterise. */
  cairo_new_path (cr);
  for (gsize i = 0; i < n; i++)
    {
      guint c = cols[i];
      /* Rounded edges: neighbouring rectangles never overlap, which keeps
       * cairo on its fast path for disjoint boxes. */
      double xa = round (canvas_x (k, chart->col_t_s[c] - 0.5 * (chart->t_end_s - chart->t_start_s) / chart->n_columns));
      double xb = round (canvas_x (k, chart->col_t_s[c] + 0.5 * (chart->t_end_s - chart->t_start_s) / chart->n_columns));
      double ya = floor (canvas_y (k, chart->band_hi[c]));
      double yb = ceil (canvas_y (k, chart->band_lo[c]));

      /* Reach the next column's range, so that a run has no holes where
       * the RTT steps between two columns. */
      if (i + 1 < n)
        {
          guint d = cols[i + 1];

          ya = MIN (ya, floor (canvas_y (k, chart->band_lo[d])));
          yb = MAX (yb, ceil (canvas_y (k, chart->band_hi[d])));
        }
      cairo_rectangle (cr, xa, ya, MAX (xb - xa, 1), MAX (yb - ya, 1));
    }
  cairo_set_source_rgb (cr, k->band[0], k->band[1], k->band[2]);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  cairo_new_path (cr);
  for (gsize i = 0; i < n; i++)
    cairo_line_to (cr, canvas_x (k, chart->col_t_s[cols[i]]),
                   canvas_y (k, chart->rtt_median[cols[i]]));
  cairo_set_source_rgb (cr, k->median[0], k->median[1], k->median[2]);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
draw_series (const Canvas     *k,
             const FlRttChart *chart,
             double            x_px)
{
  g_autofree guint *run = g_new (guint, chart->n_columns);
  gsize n_run = 0;
  double typical_gap;
  double last_t = NAN;
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));

  /* Columns without a reply are either real gaps or just sparser sampling
   * than the pixel grid: connect neighbours unless the gap is unusual. */
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      if (isnan (chart->rtt_median[c]))
        continue;
      if (!isnan (last_t))
        {
          double gap = chart->col_t_s[c] - last_t;

          g_array_append_val (gaps, gap);
        }
      last_t = chart->col_t_s[c];
    }
  typical_gap = gaps->len > 0 ? median_of ((double *) (gpointer) gaps->data, gaps->len) : 0;
  typical_gap = MAX (typical_gap * 4, 3 * x_px);

  cairo_save (k->cr);
  cairo_set_matrix (k->cr, &k->matrix);
  cairo_rectangle (k->cr, k->x0, k->top, k->right - k->x0, k->y_bottom - k->top);
  cairo_clip (k->cr);

  last_t = NAN;
  for (gsize c = 0; c < chart->n_columns; c++)
    {
      if (isnan (chart->rtt_median[c]))
        continue;
      if (n_run > 0 && chart->col_t_s[c] - last_t > typical_gap)
        {
          draw_run (k, chart, run, n_run);
          n_run = 0;
        }
      run[n_run++] = c;
      last_t = chart->col_t_s[c];
    }
  if (n_run > 0)
    draw_run (k, chart, run, n_run);

  cairo_restore (k->cr);
}

/* Overlay colours: GNOME green 4, orange 4, purple 3, brown 3, dark 2. */
static const double overlay_rgb[FL_RTT_CHART_MAX_OVERLAYS][3] = {
  { 0x2e / 255., 0xc2 / 255., 0x7e / 255. },
  { 0xe6 / 255., 0x61 / 255., 0x00 / 255. },
  { 0x91 / 255., 0x41 / 255., 0xac / 255. },
  { 0x98 / 255., 0x6a / 255., 0x44 / 255. },
  { 0x5e / 255., 0x5c / 255., 0x64 / 255. },
};

/* Alarms and highlighted buckets: GNOME purple 3. */
static const double alarm_rgb[3] = { 0x91 / 255., 0x41 / 255., 0xac / 255. };

static void
draw_overlays (const FlRttChart *chart)
{
  g_autofree PLFLT *x = g_new (PLFLT, MAX (chart->n_columns, 1));
  g_autofree PLFLT *y = g_new (PLFLT, MAX (chart->n_columns, 1));

  for (gsize k = 0; k < chart->n_overlays; k++)
    {
      gsize m = 0;

      plcol0 (COL_OVERLAY0 + (PLINT) k);
      plwidth (2);
      for (gsize c = 0; c <= chart->n_columns; c++)
        {
          if (c < chart->n_columns && !isnan (chart->overlays[k].median[c]))
            {
              x[m] = chart->col_t_s[c];
              y[m] = chart->overlays[k].median[c];
              m++;
              continue;
            }
          if (m == 1)
            plpoin (1, x, y, 1);
          else if (m > 1)
            plline ((PLINT) m, x, y);
          m = 0;
        }
    }
  plwidth (1);
}

static void
draw_legend (const FlRttChart *chart)
{
  PLINT n = (PLINT) chart->n_overlays + 1;
  g_autofree PLINT *opts = g_new0 (PLINT, n);
  g_autofree PLINT *text_colors = g_new0 (PLINT, n);
  g_autofree PLINT *line_colors = g_new0 (PLINT, n);
  g_autofree PLINT *line_styles = g_new0 (PLINT, n);
  g_autofree PLFLT *line_widths = g_new0 (PLFLT, n);
  g_auto(GStrv) texts = g_new0 (char *, n + 1);
  PLFLT legend_w, legend_h;

  for (PLINT i = 0; i < n; i++)
    {
      opts[i] = PL_LEGEND_LINE;
      text_colors[i] = COL_FOREGROUND;
      line_colors[i] = i == 0 ? COL_MEDIAN : COL_OVERLAY0 + i - 1;
      line_styles[i] = 1;
      line_widths[i] = 2;
      if (i == 0)
        texts[i] = g_strdup (chart->label != NULL ? chart->label : "");
      else
        {
          const FlRttOverlay *o = &chart->overlays[i - 1];
          gboolean any = FALSE;

          for (gsize c = 0; c < chart->n_columns && !any; c++)
            any = !isnan (o->median[c]);
          /* Translators: legend entry of a compared series without samples
           * in the time window shown */
          texts[i] = any ? g_strdup (o->label) : g_strdup_printf (_("%s (no samples here)"), o->label);
        }
    }

  pllegend (&legend_w, &legend_h,
            PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
            PL_POSITION_INSIDE | PL_POSITION_VIEWPORT | PL_POSITION_TOP | PL_POSITION_RIGHT,
            0.01, 0.02, 0.06,
            COL_BACKGROUND, COL_GRID, 1,
            0, 1, n, opts,
            0.8, 0.85, 1.6, 0.0,
            text_colors, (const char * const *) texts,
            NULL, NULL, NULL, NULL,
            line_colors, line_styles, line_widths,
            NULL, NULL, NULL, NULL);
}

/**
 * fl_rtt_chart_draw:
 * @chart: prepared chart data
 * @cr: the cairo context to draw into
 * @width: width of the area in cairo units (logical pixels)
 * @height: height of the area in cairo units
 * @style: the theme colours
 * @error: return location for a #GError
 *
 * Draws the RTT chart with PLplot's extcairo driver: labelled events shaded
 * yellow and highlighted buckets purple behind the min–max band, the median
 * line, the median lines of the overlays with a legend, predicted alarms in
 * a purple "Alarms" strip (when set) and lost packets as red ticks in a
 * strip along the bottom. In relative mode the y axis is "RTT above
 * baseline" with a zero line. Main thread only (PLplot is not thread-safe).
 * The state of @cr is restored afterwards.
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_NOT_FOUND when the
 *   extcairo driver is missing, or %FL_ERROR_INVALID when PLplot has no free
 *   stream
 */
gboolean
fl_rtt_chart_draw (const FlRttChart   *chart,
                   cairo_t            *cr,
                   int                 width,
                   int                 height,
                   const FlChartStyle *style,
                   GError            **error)
{
  double band_rgb[3];
  double grid_rgb[3];
  PLINT prev_strm = 0;
  double y_lo, y_hi, x_px;
  double interval = 3600;
  const char *time_format = "%H:%M";
  gboolean relative = !isnan (chart->baseline_ms);
  cairo_matrix_t matrix;
  Layout l;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  if (!fl_rtt_chart_check_driver (error))
    return FALSE;

  if (!compute_layout (chart, width, height, &l))
    {
      /* Too small for axes: paint the background only. */
      fl_plot_paint_background (cr, style);
      return TRUE;
    }

  /* The band needs more of the hue to stay visible on a dark background. */
  fl_plot_blend (style->background, median_rgb, fl_plot_style_is_dark (style) ? 0.45 : 0.28,
                 band_rgb);
  fl_plot_blend (style->background, style->foreground, 0.12, grid_rgb);

  cairo_get_matrix (cr, &matrix);
  if (!fl_plot_frame_open (width, height, &prev_strm, error))
    return FALSE;
  fl_plot_set_col0 (COL_BACKGROUND, style->background, 1.0);
  fl_plot_set_col0 (COL_FOREGROUND, style->foreground, 1.0);
  fl_plot_set_col0 (COL_MEDIAN, median_rgb, 1.0);
  fl_plot_set_col0 (COL_LOSS, loss_rgb, 1.0);
  fl_plot_set_col0 (COL_BAND, band_rgb, 1.0);
  fl_plot_set_col0 (COL_GRID, grid_rgb, 1.0);
  {
    const double shade_rgb[3] = FL_CHART_SHADE_RGB;
    double shade_bg[3];
    double highlight_bg[3];

    fl_plot_blend (style->background, shade_rgb, 0.24, shade_bg);
    fl_plot_set_col0 (COL_SHADE, shade_bg, 1.0);
    fl_plot_blend (style->background, alarm_rgb, 0.30, highlight_bg);
    fl_plot_set_col0 (COL_HIGHLIGHT, highlight_bg, 1.0);
    fl_plot_set_col0 (COL_ALARM, alarm_rgb, 1.0);
  }
  for (guint k = 0; k < FL_RTT_CHART_MAX_OVERLAYS; k++)
    fl_plot_set_col0 (COL_OVERLAY0 + (int) k, overlay_rgb[k], 1.0);
  fl_plot_frame_start (cr, width, height, style);

  if (chart->n_columns == 0)
    {
      double now = 0;

      plvpor (l.vx0, l.vx1, l.main_y0, l.main_y1);
      plwind (now, now + 3600, 0, 1);
      plcol0 (COL_FOREGROUND);
      plbox ("bc", 0, 0, "bc", 0, 0);
      plmtex ("t", -3.0, 0.5, 0.5, _("No samples"));
      goto out;
    }

  x_px = (chart->t_end_s - chart->t_start_s) / l.plot_px;
  if (isnan (chart->y_min))
    {
      y_lo = 0;
      y_hi = 1;
    }
  else
    {
      double range = chart->y_max - chart->y_min;

      if (range <= 0)
        range = MAX (1.0, fabs (chart->y_max) * 0.1);
      y_lo = chart->y_min - 0.05 * range;
      if (!relative || chart->y_min >= 0)
        y_lo = MAX (0.0, y_lo);
      y_hi = chart->y_max + 0.05 * range;
    }

  choose_time_ticks (chart->t_end_s - chart->t_start_s, l.plot_px, &interval, &time_format);
  pltimefmt (time_format);

  /* Main panel: grid, band, median, frame. */
  plvpor (l.vx0, l.vx1, l.main_y0, l.main_y1);
  plwind (chart->t_start_s, chart->t_end_s, y_lo, y_hi);
  /* Labelled events and highlighted buckets behind everything else. */
  plcol0 (COL_SHADE);
  fl_chart_shade_ranges (chart->shade_start_s, chart->shade_end_s, chart->n_shade,
                         chart->t_start_s, chart->t_end_s, y_lo, y_hi, x_px);
  plcol0 (COL_HIGHLIGHT);
  fl_chart_shade_ranges (chart->highlight_start_s, chart->highlight_end_s, chart->n_highlight,
                         chart->t_start_s, chart->t_end_s, y_lo, y_hi, 3 * x_px);
  plcol0 (COL_GRID);
  plwidth (1);
  plbox ("gd", interval, 0, "g", 0, 0);
  if (relative && y_lo < 0 && y_hi > 0)
    {
      plcol0 (COL_FOREGROUND);
      pllsty (2);
      pljoin (chart->t_start_s, 0, chart->t_end_s, 0);
      pllsty (1);
    }
  if (!isnan (chart->y_min))
    {
      Canvas k = { .cr = cr, .matrix = matrix };

      k.x0 = MARGIN_LEFT;
      k.right = width - MARGIN_RIGHT;
      k.t0 = chart->t_start_s;
      k.x_scale = l.plot_px / (chart->t_end_s - chart->t_start_s);
      k.top = MARGIN_TOP;
      k.y_bottom = height * (1.0 - l.main_y0);
      k.v0 = y_lo;
      k.y_scale = (k.y_bottom - k.top) / (y_hi - y_lo);
      memcpy (k.band, band_rgb, sizeof k.band);
      memcpy (k.median, median_rgb, sizeof k.median);
      draw_series (&k, chart, x_px);
    }
  draw_overlays (chart);
  /* Highlighted buckets also get a tick along the top edge, so that they
   * stay visible where the band covers their shading. */
  plcol0 (COL_ALARM);
  fl_chart_shade_ranges (chart->highlight_start_s, chart->highlight_end_s, chart->n_highlight,
                         chart->t_start_s, chart->t_end_s, y_hi - 0.03 * (y_hi - y_lo), y_hi,
                         3 * x_px);
  plcol0 (COL_FOREGROUND);
  plwidth (1);
  plbox ("bcstd", interval, 0, "bcnstv", 0, 0);
  plmtex ("l", 5.2, 0.5, 0.5, relative ? _("RTT above baseline (ms)") : _("RTT (ms)"));
  if (chart->n_overlays > 0)
    draw_legend (chart);

  /* Alarm strip: predicted alarms of the chosen model. */
  if (chart->show_alarms)
    {
      plvpor (l.vx0, l.vx1, l.alarm_y0, l.alarm_y1);
      plwind (chart->t_start_s, chart->t_end_s, 0, 1);
      plcol0 (COL_FOREGROUND);
      plbox ("bc", interval, 0, "bc", 0, 0);
      plmtex ("lv", 0.8, 0.5, 1.0, _("Alarms"));
      plcol0 (COL_ALARM);
      fl_chart_shade_ranges (chart->alarm_start_s, chart->alarm_end_s, chart->n_alarms,
                             chart->t_start_s, chart->t_end_s, 0.12, 0.88, 3 * x_px);
    }

  /* Loss strip: one red tick (at least 3 px wide) per column with lost
   * packets, drawn over the frame so that edge columns stay visible. */
  plvpor (l.vx0, l.vx1, l.loss_y0, l.loss_y1);
  plwind (chart->t_start_s, chart->t_end_s, 0, 1);
  plcol0 (COL_FOREGROUND);
  plbox ("bcntd", interval, 0, "bc", 0, 0);
  plmtex ("lv", 0.8, 0.5, 1.0, _("Lost"));
  plmtex ("b", 3.0, 0.5, 0.5, _("Time (UTC)"));
  plcol0 (COL_LOSS);
  /* Neighbouring columns with losses become one tick: a long series with
   * scattered loss would otherwise cost one fill per pixel column. */
  for (gsize c = 0; c < chart->n_columns;)
    {
      PLFLT x[4], y[4];
      double half = MAX (1.5 * x_px, (chart->t_end_s - chart->t_start_s) / chart->n_columns / 2);
      gsize last;

      if (chart->lost[c] == 0)
        {
          c++;
          continue;
        }
      for (last = c; last + 1 < chart->n_columns && chart->lost[last + 1] > 0; last++)
        ;
      x[0] = x[1] = MAX (chart->t_start_s, chart->col_t_s[c] - half);
      x[2] = x[3] = MIN (chart->t_end_s, chart->col_t_s[last] + half);
      y[0] = y[3] = 0.12;
      y[1] = y[2] = 0.88;
      plfill (4, x, y);
      c = last + 1;
    }

out:
  fl_plot_frame_close (cr, prev_strm);

  return TRUE;
}

/**
 * fl_rtt_chart_export:
 * @chart: prepared chart data
 * @path: file to write; the format follows the extension: `.png`, `.svg`
 *   or `.pdf` (case-insensitive)
 * @width: page width, points (1/72 in; pixels for PNG)
 * @height: page height, points
 * @style: the colours (e.g. light or dark, see fl_chart_style_init())
 * @error: return location for a #GError
 *
 * Draws a title line (series, time window in UTC, baseline in relative
 * mode, band when not min–max) and @chart with fl_rtt_chart_draw() below
 * it into a cairo image,
 * SVG or PDF surface and writes it to @path. PNG is drawn at twice the size given
 * (device scale 2) so that it stays sharp on HiDPI screens and in print.
 * Main thread only (PLplot).
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INVALID for an
 *   unknown extension, %G_IO_ERROR_FAILED when the file cannot be written, or the
 *   errors of fl_rtt_chart_draw()
 */
gboolean
fl_rtt_chart_export (const FlRttChart   *chart,
                     const char         *path,
                     int                 width,
                     int                 height,
                     const FlChartStyle *style,
                     GError            **error)
{
  g_autofree char *lower = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  gboolean png;
  gboolean ok;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  png = g_str_has_suffix (lower, ".png");
  if (png)
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * 2, height * 2);
      cairo_surface_set_device_scale (surface, 2, 2);
    }
  else if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create (path, width, height);
  else if (g_str_has_suffix (lower, ".pdf"))
    surface = cairo_pdf_surface_create (path, width, height);
  else
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   _("Cannot export “%s”: the file name must end in .png, .svg or .pdf"), path);
      return FALSE;
    }

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, style->background[0], style->background[1], style->background[2]);
  cairo_paint (cr);
  /* A title line, so that the file says what it shows: the series and the
   * time window (UTC); then the chart below it. */
  if (chart->n_columns > 0)
    {
      g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc ((gint64) chart->t_start_s);
      g_autoptr(GDateTime) b = g_date_time_new_from_unix_utc ((gint64) chart->t_end_s);
      g_autofree char *ta = a != NULL ? g_date_time_format (a, "%Y-%m-%d %H:%M") : g_strdup ("?");
      g_autofree char *tb = b != NULL ? g_date_time_format (b, "%Y-%m-%d %H:%M") : g_strdup ("?");
      g_autofree char *title = NULL;

      if (isnan (chart->baseline_ms))
        /* Translators: title of an exported chart */
        title = g_strdup_printf (_("RTT of %s, %s – %s UTC"),
                                 chart->label != NULL ? chart->label : "", ta, tb);
      else
        /* Translators: title of an exported chart in relative mode */
        title = g_strdup_printf (_("RTT of %s above its baseline (%.1f ms), %s – %s UTC"),
                                 chart->label != NULL ? chart->label : "", chart->baseline_ms,
                                 ta, tb);
      if (chart->band_quantile > 0)
        {
          /* Translators: appended to an exported chart's title, e.g. "; band p10–p90" */
          g_autofree char *band = g_strdup_printf (_("; band p%g–p%g"), 100 * chart->band_quantile,
                                                   100 * (1 - chart->band_quantile));
          char *both = g_strconcat (title, band, NULL);

          g_free (title);
          title = both;
        }
      cairo_set_source_rgb (cr, style->foreground[0], style->foreground[1], style->foreground[2]);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 14);
      cairo_move_to (cr, MARGIN_LEFT, EXPORT_TITLE_HEIGHT - 8);
      cairo_show_text (cr, title);
    }
  cairo_translate (cr, 0, EXPORT_TITLE_HEIGHT);
  ok = fl_rtt_chart_draw (chart, cr, width, height - EXPORT_TITLE_HEIGHT, style, error);
  cairo_destroy (cr);
  if (ok && png)
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"),
                   path, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (path);

  return ok;
}
