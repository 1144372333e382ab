/* fl-quality.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-quality"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fl-error.h"
#include "fl-quality.h"
#include "fl-result-store.h"
#include "fl-sample-store.h"

/* Warn when more than this share (%) of the buckets would be forward-filled. */
#define EMPTY_BUCKET_WARN_PCT 20.0
/* Warn when packet loss exceeds this (%). */
#define LOSS_WARN_PCT 5.0

static gboolean
db_error (FlProject   *project,
          GError     **error,
          const char  *what)
{
  g_set_error (error, FL_ERROR, FL_ERROR_PROJECT, "%s: %s failed: %s",
               fl_project_get_path (project), what,
               sqlite3_errmsg (fl_project_get_db (project)));
  return FALSE;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
cmp_int64 (gconstpointer a,
           gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Median of @n values (sorted in place). */
static double
median_sorted (double *v,
               gsize   n)
{
  if (n == 0)
    return NAN;
  qsort (v, n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static char *
format_duration (double s)
{
  if (!isfinite (s))
    return g_strdup ("—");
  if (s < 120)
    return g_strdup_printf ("%.3g s", s);
  if (s < 2 * 3600)
    return g_strdup_printf ("%.1f min", s / 60);
  if (s < 2 * 86400)
    return g_strdup_printf ("%.1f h", s / 3600);
  return g_strdup_printf ("%.1f d", s / 86400);
}

static char *
format_time (double ts)
{
  g_autoptr(GDateTime) dt = NULL;

  if (!isfinite (ts))
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_utc ((gint64) floor (ts));
  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("—");
}

static void
column_free (FlQualityColumn *c)
{
  g_free (c->name);
  g_free (c->unit);
  g_clear_pointer (&c->outliers, g_array_unref);
  g_free (c);
}

static FlQualityColumn *
column_new (const char *name,
            const char *unit,
            gboolean    categorical)
{
  FlQualityColumn *c = g_new0 (FlQualityColumn, 1);

  c->name = g_strdup (name);
  c->unit = g_strdup (unit);
  c->categorical = categorical;
  c->min = c->max = c->median = c->mad = NAN;
  c->outliers = g_array_new (FALSE, FALSE, sizeof (FlQualityOutlier));
  return c;
}

static void
series_free (FlQualitySeries *s)
{
  g_free (s->key);
  g_free (s->label);
  g_free (s->kind);
  g_clear_pointer (&s->gaps, g_array_unref);
  g_clear_pointer (&s->firmware, g_array_unref);
  g_clear_pointer (&s->columns, g_ptr_array_unref);
  g_clear_pointer (&s->warnings, g_ptr_array_unref);
  g_free (s);
}

static FlQualitySeries *
series_new (gint64      id,
            const char *key,
            const char *label,
            const char *kind)
{
  FlQualitySeries *s = g_new0 (FlQualitySeries, 1);

  s->series_id = id;
  s->key = g_strdup (key);
  s->label = g_strdup (label);
  s->kind = g_strdup (kind);
  s->first_ts_s = s->last_ts_s = s->span_s = s->step_s = s->gap_threshold_s = NAN;
  s->loss_pct = s->empty_bucket_pct = NAN;
  s->lts_max = -1;
  s->gaps = g_array_new (FALSE, FALSE, sizeof (FlQualityGap));
  s->firmware = g_array_new (FALSE, FALSE, sizeof (gint64));
  s->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  s->warnings = g_ptr_array_new_with_free_func (g_free);
  return s;
}

static void
source_free (FlQualitySource *s)
{
  g_free (s->file_name);
  g_free (s->format);
  g_clear_pointer (&s->series, g_ptr_array_unref);
  g_clear_pointer (&s->warnings, g_ptr_array_unref);
  g_free (s);
}

/**
 * fl_quality_series_compute:
 * @series: the series to fill (its time statistics are overwritten)
 * @ts_s: (array length=n): measurement times in s since the epoch,
 *   ascending
 * @n: number of times
 * @per_row_times: %TRUE when every row is its own measurement, so that an
 *   equal time is a duplicate; %FALSE when rows with equal times belong to
 *   one result (the packets of a RIPE ping result)
 * @bucket_s: bucket width in s for the empty-bucket share (> 0)
 *
 * Fills the time statistics of @series: rows, span, native step (median
 * of the positive intervals between distinct times), gaps (intervals
 * longer than %FL_QUALITY_GAP_FACTOR × the step), duplicate times, and the
 * buckets of width @bucket_s between the first and the last time that hold
 * no measurement (which a forward-filling pipeline such as pandas
 * `resample().ffill()` would fill with copies).
 *
 * Returns: %FALSE if @ts_s is not ascending (nothing is filled then)
 */
gboolean
fl_quality_series_compute (FlQualitySeries *series,
                           const double    *ts_s,
                           gsize            n,
                           gboolean         per_row_times,
                           double           bucket_s)
{
  g_autofree double *dt = NULL;
  gsize n_dt = 0, n_distinct = 0, n_filled = 0;
  gint64 prev_bucket = G_MININT64;

  for (gsize i = 1; i < n; i++)
    if (ts_s[i] < ts_s[i - 1])
      return FALSE;

  series->n_rows = 0;
  series->n_duplicate_ts = 0;
  series->n_gaps = 0;
  series->gap_total_s = 0;
  g_array_set_size (series->gaps, 0);
  series->bucket_s = bucket_s;
  if (n == 0)
    return TRUE;

  dt = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      gint64 b = (gint64) floor (ts_s[i] / bucket_s);

      if (i > 0 && ts_s[i] == ts_s[i - 1])
        {
          if (per_row_times)
            {
              series->n_duplicate_ts++;
              series->n_rows++;
            }
          continue;
        }
      series->n_rows++;
      n_distinct++;
      if (i > 0)
        dt[n_dt++] = ts_s[i] - ts_s[i - 1];
      if (b != prev_bucket)
        n_filled++;
      prev_bucket = b;
    }

  series->first_ts_s = ts_s[0];
  series->last_ts_s = ts_s[n - 1];
  series->span_s = ts_s[n - 1] - ts_s[0];
  series->n_buckets = (guint64) (floor (ts_s[n - 1] / bucket_s) - floor (ts_s[0] / bucket_s)) + 1;
  series->n_empty_buckets = series->n_buckets - n_filled;
  series->empty_bucket_pct = 100.0 * (double) series->n_empty_buckets / (double) series->n_buckets;

  if (n_dt > 0)
    {
      g_autofree double *sorted = g_memdup2 (dt, n_dt * sizeof (double));

      series->step_s = median_sorted (sorted, n_dt);
      series->gap_threshold_s = FL_QUALITY_GAP_FACTOR * series->step_s;
      for (gsize i = 1, k = 0; i < n; i++)
        {
          double d;

          if (ts_s[i] == ts_s[i - 1])
            continue;
          d = dt[k++];
          if (d > series->gap_threshold_s)
            {
              series->n_gaps++;
              series->gap_total_s += d;
              if (series->gaps->len < FL_QUALITY_MAX_GAPS)
                {
                  FlQualityGap g = { ts_s[i - 1], ts_s[i], d };

                  g_array_append_val (series->gaps, g);
                }
            }
        }
    }
  return TRUE;
}

/**
 * fl_quality_column_compute:
 * @column: the column to fill
 * @ts_s: (array length=n): time of each value, s since the epoch
 * @values: (array length=n): values, NaN where missing
 * @n: number of rows
 *
 * Fills missing count and share, range, median, MAD (the unscaled median
 * absolute deviation from the median) and the outliers: values beyond
 * median ± %FL_QUALITY_OUTLIER_MADS × MAD (a robust rule, see Leys et al.,
 * "Detecting outliers: do not use standard deviation around the mean, use
 * absolute deviation around the median", JESP 2013; no outliers when MAD
 * is 0). For categorical columns only the missing share and the number of
 * distinct codes are filled.
 */
void
fl_quality_column_compute (FlQualityColumn *column,
                           const double    *ts_s,
                           const double    *values,
                           gsize            n)
{
  g_autofree double *v = g_new (double, MAX (n, 1));
  gsize m = 0;

  column->n_values = n;
  column->n_missing = 0;
  column->n_outliers = 0;
  g_array_set_size (column->outliers, 0);
  for (gsize i = 0; i < n; i++)
    {
      if (isnan (values[i]))
        column->n_missing++;
      else
        v[m++] = values[i];
    }
  column->missing_pct = n > 0 ? 100.0 * (double) column->n_missing / (double) n : 0.0;
  if (m == 0)
    return;

  if (column->categorical)
    {
      qsort (v, m, sizeof (double), cmp_double);
      column->n_categories = 1;
      for (gsize i = 1; i < m; i++)
        if (v[i] != v[i - 1])
          column->n_categories++;
      return;
    }

  column->median = median_sorted (v, m);
  column->min = v[0];
  column->max = v[m - 1];
  for (gsize i = 0; i < m; i++)
    v[i] = fabs (v[i] - column->median);
  column->mad = median_sorted (v, m);
  if (column->mad > 0)
    {
      double lo = column->median - FL_QUALITY_OUTLIER_MADS * column->mad;
      double hi = column->median + FL_QUALITY_OUTLIER_MADS * column->mad;

      for (gsize i = 0; i < n; i++)
        if (!isnan (values[i]) && (values[i] < lo || values[i] > hi))
          {
            column->n_outliers++;
            if (column->outliers->len < FL_QUALITY_MAX_EXAMPLES)
              {
                FlQualityOutlier o = { ts_s[i], values[i] };

                g_array_append_val (column->outliers, o);
              }
          }
    }
}

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
column_warnings (FlQualitySeries *s,
                 FlQualityColumn *c,
                 gboolean         rtt)
{
  if (c->n_values == 0)
    return;
  if (!rtt && c->n_missing == c->n_values)
    add_warning (s->warnings, "%s: every value is missing", c->name);
  else if (!rtt && c->n_missing > 0)
    add_warning (s->warnings, "%s: %.1f %% of the values are missing (%" G_GUINT64_FORMAT ")",
                 c->name, c->missing_pct, c->n_missing);
  if (!c->categorical && isfinite (c->min) && c->min == c->max && c->n_values > 1)
    add_warning (s->warnings, "%s is constant (%g in every row)", c->name, c->min);
  if (c->n_outliers > 0)
    {
      g_autoptr(GString) ex = g_string_new (NULL);

      for (guint i = 0; i < c->outliers->len; i++)
        {
          FlQualityOutlier *o = &g_array_index (c->outliers, FlQualityOutlier, i);
          g_autofree char *when = format_time (o->ts_s);

          g_string_append_printf (ex, "%s%g at %s", i ? ", " : "", o->value, when);
        }
      add_warning (s->warnings, "%s: %" G_GUINT64_FORMAT " outliers beyond median ± %g × MAD "
                   "(%g ± %g%s%s), e.g. %s", c->name, c->n_outliers, FL_QUALITY_OUTLIER_MADS,
                   c->median, FL_QUALITY_OUTLIER_MADS * c->mad, c->unit ? " " : "",
                   c->unit ? c->unit : "", ex->str);
    }
}

static void
series_warnings (FlQualitySeries *s)
{
  if (s->n_rows < 2)
    add_warning (s->warnings, "fewer than two measurement times: no step, gaps or buckets");
  if (s->n_gaps > 0)
    {
      g_autofree char *step = format_duration (s->step_s);
      g_autofree char *total = format_duration (s->gap_total_s);
      double longest = 0;

      for (guint i = 0; i < s->gaps->len; i++)
        longest = MAX (longest, g_array_index (s->gaps, FlQualityGap, i).length_s);
      {
        g_autofree char *lg = format_duration (longest);

        add_warning (s->warnings, "%" G_GUINT64_FORMAT " gaps (intervals longer than %g × the "
                     "native step of %s), %s in total, the longest %s", s->n_gaps,
                     FL_QUALITY_GAP_FACTOR, step, total, lg);
      }
    }
  if (s->n_duplicate_ts > 0)
    add_warning (s->warnings, "%" G_GUINT64_FORMAT " duplicate timestamps", s->n_duplicate_ts);
  if (isfinite (s->empty_bucket_pct) && s->empty_bucket_pct > EMPTY_BUCKET_WARN_PCT)
    add_warning (s->warnings, "%.1f %% of the %g s buckets are empty: a forward-filling "
                 "pipeline would invent %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " rows",
                 s->empty_bucket_pct, s->bucket_s, s->n_empty_buckets, s->n_buckets);
  if (isfinite (s->loss_pct) && s->loss_pct > LOSS_WARN_PCT)
    add_warning (s->warnings, "packet loss %.1f %% (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                 " packets)", s->loss_pct, s->lost, s->sent);
  if (s->lts_over_limit > 0)
    add_warning (s->warnings, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " results come from "
                 "a probe whose clock was not synchronised for more than %d s (lts, max %"
                 G_GINT64_FORMAT " s): their times may be off", s->lts_over_limit, s->n_results,
                 FL_QUALITY_LTS_LIMIT_S, s->lts_max);
  if (s->lts_unknown > 0)
    add_warning (s->warnings, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " results have an "
                 "unknown clock state (lts −1 or absent)", s->lts_unknown, s->n_results);
  if (s->firmware->len > 2)
    {
      g_autoptr(GString) mix = g_string_new (NULL);

      for (guint i = 0; i + 1 < s->firmware->len; i += 2)
        g_string_append_printf (mix, "%s%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT ")",
                                i ? ", " : "", g_array_index (s->firmware, gint64, i),
                                g_array_index (s->firmware, gint64, i + 1));
      add_warning (s->warnings, "mixed probe firmware: %s", mix->str);
    }
  for (guint i = 0; i < s->columns->len; i++)
    column_warnings (s, g_ptr_array_index (s->columns, i), g_str_equal (s->kind, "rtt"));
}

typedef struct
{
  char    *name;
  char    *unit;
  gboolean categorical;
} ColumnMeta;

static void
column_meta_free (ColumnMeta *m)
{
  g_free (m->name);
  g_free (m->unit);
  g_free (m);
}

/* The per-result metadata of one (source, series) pair, as rtt_series()
 * reports it. */
typedef struct
{
  gint64      source_id;
  gint64      series_id;
  guint64     n_results;
  guint64     lts_unknown;
  guint64     lts_over_limit;
  gint64      lts_max;
  GHashTable *fw;   /* firmware (gint64 *) → results (gint64 *) */
} ResultMeta;

static void
result_meta_free (ResultMeta *m)
{
  g_hash_table_unref (m->fw);
  g_free (m);
}

static guint
pair_hash (gconstpointer p)
{
  const ResultMeta *m = p;

  return g_int64_hash (&m->source_id) * 31u + g_int64_hash (&m->series_id);
}

static gboolean
pair_equal (gconstpointer a,
            gconstpointer b)
{
  const ResultMeta *x = a, *y = b;

  return x->source_id == y->source_id && x->series_id == y->series_id;
}

/* Sums one chunk of ping results into its (source, series) ResultMeta. */
static gboolean
add_result_chunk (const FlResultChunk  *chunk,
                  gpointer              data,
                  GError              **error)
{
  GHashTable *metas = data;
  ResultMeta key = { chunk->source_id, chunk->series_id };
  ResultMeta *m = g_hash_table_lookup (metas, &key);

  if (m == NULL)
    {
      m = g_new0 (ResultMeta, 1);
      m->source_id = key.source_id;
      m->series_id = key.series_id;
      m->lts_max = -1;
      m->fw = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_add (metas, m);
    }
  for (gsize i = 0; i < chunk->n; i++)
    {
      const FlStoredResult *r = &chunk->results[i];

      m->n_results++;
      if (r->fw >= 0)
        {
          gint64 *count = g_hash_table_lookup (m->fw, &r->fw);

          if (count == NULL)
            {
              count = g_new0 (gint64, 1);
              g_hash_table_insert (m->fw, g_memdup2 (&r->fw, sizeof r->fw), count);
            }
          (*count)++;
        }
      if (r->lts < 0)
        m->lts_unknown++;
      else
        {
          m->lts_max = MAX (m->lts_max, r->lts);
          if (r->lts > FL_QUALITY_LTS_LIMIT_S)
            m->lts_over_limit++;
        }
    }
  return TRUE;
}

/* Reads every ping result's `fw` and `lts` in one pass over the result
 * chunks and sums them per (source, series): a set of ResultMeta (keys are
 * the values). */
static GHashTable *
collect_result_meta (FlProject  *project,
                     GError    **error)
{
  g_autoptr(GHashTable) metas = g_hash_table_new_full (pair_hash, pair_equal,
                                                       (GDestroyNotify) result_meta_free, NULL);

  if (!_fl_result_store_foreach (fl_project_get_db (project), -1, add_result_chunk, metas,
                                 error))
    return NULL;
  return g_steal_pointer (&metas);
}

static gboolean
rtt_series (FlProject        *project,
            FlQualitySeries  *s,
            gint64            source_id,
            gboolean          per_row,
            double            bucket_s,
            GHashTable       *metas,
            GError          **error)
{
  sqlite3 *db = fl_project_get_db (project);
  g_auto(FlStoredSamples) samples = { 0 };
  FlQualityColumn *col;
  ResultMeta key = { source_id, s->series_id };
  const ResultMeta *meta = g_hash_table_lookup (metas, &key);

  if (!_fl_sample_store_read (db, s->series_id, source_id,
                               FL_SAMPLE_READ_SKIP_DUPS | FL_SAMPLE_READ_RTT |
                               FL_SAMPLE_READ_COUNTS, &samples, error))
    return FALSE;
  for (gsize i = 0; i < samples.n; i++)
    {
      s->sent += samples.sent[i];
      s->lost += (guint64) MAX ((int) samples.sent[i] - (int) samples.rcvd[i], 0);
    }

  fl_quality_series_compute (s, samples.ts_s, samples.n, per_row, bucket_s);
  s->loss_pct = s->sent > 0 ? 100.0 * (double) s->lost / (double) s->sent : NAN;
  col = column_new ("rtt", "ms", FALSE);
  fl_quality_column_compute (col, samples.ts_s, samples.rtt_ms, samples.n);
  g_ptr_array_add (s->columns, col);

  /* Per-result metadata of RIPE sources (may be absent). */
  if (meta != NULL)
    {
      g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
      GHashTableIter it;
      gpointer k;

      s->n_results = meta->n_results;
      s->lts_unknown = meta->lts_unknown;
      s->lts_over_limit = meta->lts_over_limit;
      s->lts_max = meta->lts_max;
      g_hash_table_iter_init (&it, meta->fw);
      while (g_hash_table_iter_next (&it, &k, NULL))
        g_array_append_val (keys, *(gint64 *) k);
      g_array_sort (keys, cmp_int64);
      for (guint i = 0; i < keys->len; i++)
        {
          gint64 f = g_array_index (keys, gint64, i);

          g_array_append_val (s->firmware, f);
          g_array_append_val (s->firmware, *(gint64 *) g_hash_table_lookup (meta->fw, &f));
        }
    }
  return TRUE;
}

static gboolean
kpi_series (FlProject        *project,
            FlQualitySeries  *s,
            gint64            source_id,
            GHashTable       *meta,
            double            bucket_s,
            GError          **error)
{
  sqlite3 *db = fl_project_get_db (project);
  g_autoptr(GArray) ts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) col_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) vals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) pos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (gboolean));
  sqlite3_stmt *st = NULL;
  double cur = NAN;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT DISTINCT column_id FROM kpi_values WHERE series_id = ?"
                          " AND source_id = ?", -1, &st, NULL) != SQLITE_OK)
    return db_error (project, error, "reading KPI values");
  sqlite3_bind_int64 (st, 1, s->series_id);
  sqlite3_bind_int64 (st, 2, source_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (st, 0);

      g_array_append_val (col_ids, id);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return db_error (project, error, "reading KPI values");
  g_array_sort (col_ids, cmp_int64);
  for (guint i = 0; i < col_ids->len; i++)
    {
      gint64 id = g_array_index (col_ids, gint64, i);

      g_hash_table_insert (pos, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (vals, g_array_new (FALSE, FALSE, sizeof (double)));
    }
  g_array_set_size (seen, col_ids->len);

  if (sqlite3_prepare_v2 (db, "SELECT ts_s, column_id, value FROM kpi_values WHERE series_id = ?"
                          " AND source_id = ? ORDER BY ts_s, rowid", -1, &st, NULL) != SQLITE_OK)
    return db_error (project, error, "reading KPI values");
  sqlite3_bind_int64 (st, 1, s->series_id);
  sqlite3_bind_int64 (st, 2, source_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      double t = sqlite3_column_double (st, 0);
      gint64 id = sqlite3_column_int64 (st, 1);
      double v = sqlite3_column_type (st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double (st, 2);
      guint p = GPOINTER_TO_UINT (g_hash_table_lookup (pos, &id));

      if (p == 0)
        continue;
      p--;
      if (ts->len == 0 || t != cur || g_array_index (seen, gboolean, p))
        {
          double nan = NAN;

          g_array_append_val (ts, t);
          for (guint c = 0; c < vals->len; c++)
            g_array_append_val ((GArray *) g_ptr_array_index (vals, c), nan);
          memset (seen->data, 0, seen->len * sizeof (gboolean));
          cur = t;
        }
      g_array_index (seen, gboolean, p) = TRUE;
      g_array_index ((GArray *) g_ptr_array_index (vals, p), double, ts->len - 1) = v;
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return db_error (project, error, "reading KPI values");

  fl_quality_series_compute (s, (double *) (void *) ts->data, ts->len, TRUE, bucket_s);
  for (guint c = 0; c < col_ids->len; c++)
    {
      gint64 id = g_array_index (col_ids, gint64, c);
      ColumnMeta *m = g_hash_table_lookup (meta, &id);
      FlQualityColumn *col = column_new (m ? m->name : "?", m ? m->unit : NULL,
                                         m ? m->categorical : FALSE);

      fl_quality_column_compute (col, (double *) (void *) ts->data,
                                 (double *) (void *) ((GArray *) g_ptr_array_index (vals, c))->data,
                                 ts->len);
      g_ptr_array_add (s->columns, col);
    }
  return TRUE;
}

/* (source, series) pairs from one table. */
/* Adds @series to the set of @source in @by_source. */
static void
add_pair (GHashTable *by_source,
          gint64      source,
          gint64      series)
{
  GHashTable *set = g_hash_table_lookup (by_source, &source);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (by_source, g_memdup2 (&source, sizeof source), set);
    }
  if (!g_hash_table_contains (set, &series))
    g_hash_table_add (set, g_memdup2 (&series, sizeof series));
}

static gboolean
collect_pairs (FlProject   *project,
               const char  *sql,
               GHashTable  *by_source,
               GError     **error)
{
  sqlite3_stmt *st = NULL;
  int rc;

  if (sqlite3_prepare_v2 (fl_project_get_db (project), sql, -1, &st, NULL) != SQLITE_OK)
    return db_error (project, error, "listing series");
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    add_pair (by_source, sqlite3_column_int64 (st, 0), sqlite3_column_int64 (st, 1));
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return db_error (project, error, "listing series");
  return TRUE;
}

/**
 * fl_quality_report_build:
 * @project: a #FlProject
 * @bucket_s: bucket width in s for the empty-bucket share (for example 60,
 *   the NetProphet bucket); must be > 0
 * @cancellable: (nullable): a #GCancellable, checked between series
 * @error: return location for a #GError
 *
 * Builds the data-quality report of every source and every series in it:
 * time span, native step, gaps, duplicate timestamps, packet loss (RTT),
 * the share of empty buckets at @bucket_s, clock warnings from RIPE `lts`,
 * the firmware mix, value ranges, missing shares and outliers (see
 * fl_quality_series_compute() and fl_quality_column_compute()), with
 * human-readable warnings. Reads only; works on projects without ping
 * results.
 *
 * Returns: (transfer full): the report, or %NULL with %FL_ERROR_INVALID for
 *   a bad @bucket_s, %FL_ERROR_PROJECT on a database error, or
 *   %G_IO_ERROR_CANCELLED
 */
FlQualityReport *
fl_quality_report_build (FlProject     *project,
                         double         bucket_s,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GHashTable) by_source = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) meta = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) column_meta_free);
  g_autoptr(GHashTable) metas = NULL;
  g_autoptr(GPtrArray) srcs = NULL;
  FlQualityReport *report;
  sqlite3 *db;
  sqlite3_stmt *st = NULL, *info = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_PROJECT (project), NULL);

  if (!(bucket_s > 0 && bucket_s <= 86400 * 7))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "the bucket width must be between 0 and 604800 s, not %g", bucket_s);
      return NULL;
    }
  db = fl_project_get_db (project);

  srcs = fl_project_list_sources (project, error);
  if (srcs == NULL)
    return NULL;
  if (!collect_pairs (project, "SELECT DISTINCT source_id, series_id FROM sample_chunks",
                      by_source, error) ||
      !collect_pairs (project, "SELECT DISTINCT source_id, series_id FROM kpi_values",
                      by_source, error))
    return NULL;
  metas = collect_result_meta (project, error);
  if (metas == NULL)
    return NULL;
  /* the (source, series) pairs of the ping results come with their metadata */
  {
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init (&it, metas);
    while (g_hash_table_iter_next (&it, &k, NULL))
      add_pair (by_source, ((ResultMeta *) k)->source_id, ((ResultMeta *) k)->series_id);
  }

  if (sqlite3_prepare_v2 (db, "SELECT id, name, unit, kind FROM kpi_columns", -1, &st,
                          NULL) != SQLITE_OK)
    {
      db_error (project, error, "reading KPI columns");
      return NULL;
    }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (st, 0);
      ColumnMeta *m = g_new0 (ColumnMeta, 1);

      m->name = g_strdup ((const char *) sqlite3_column_text (st, 1));
      m->unit = g_strdup ((const char *) sqlite3_column_text (st, 2));
      m->categorical = g_strcmp0 ((const char *) sqlite3_column_text (st, 3), "categorical") == 0;
      g_hash_table_insert (meta, g_memdup2 (&id, sizeof id), m);
    }
  g_clear_pointer (&st, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      db_error (project, error, "reading KPI columns");
      return NULL;
    }

  if (sqlite3_prepare_v2 (db, "SELECT key, label, kind FROM series WHERE id = ?", -1, &info,
                          NULL) != SQLITE_OK)
    {
      db_error (project, error, "reading series");
      return NULL;
    }

  report = g_new0 (FlQualityReport, 1);
  report->bucket_s = bucket_s;
  report->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);

  for (guint i = 0; i < srcs->len; i++)
    {
      FlSourceInfo *si = g_ptr_array_index (srcs, i);
      FlQualitySource *qs = g_new0 (FlQualitySource, 1);
      GHashTable *set = g_hash_table_lookup (by_source, &si->id);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gboolean per_row = g_strcmp0 (si->format, "ripe-json") != 0;

      qs->source_id = si->id;
      qs->file_name = g_strdup (si->file_name);
      qs->format = g_strdup (si->format);
      qs->first_ts_s = qs->last_ts_s = NAN;
      qs->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
      qs->warnings = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (report->sources, qs);

      if (si->counts.skipped > 0)
        add_warning (qs->warnings, "%" G_GUINT64_FORMAT " records were skipped at import",
                     si->counts.skipped);
      if (si->counts.errors > 0)
        add_warning (qs->warnings, "%" G_GUINT64_FORMAT " probe errors were recorded",
                     si->counts.errors);

      if (set != NULL)
        {
          GHashTableIter it;
          gpointer k;

          g_hash_table_iter_init (&it, set);
          while (g_hash_table_iter_next (&it, &k, NULL))
            g_array_append_val (ids, *(gint64 *) k);
          g_array_sort (ids, cmp_int64);
        }
      if (ids->len == 0)
        add_warning (qs->warnings, "no measurements are stored for this source");

      for (guint j = 0; j < ids->len; j++)
        {
          gint64 id = g_array_index (ids, gint64, j);
          FlQualitySeries *s;
          gboolean ok;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          sqlite3_reset (info);
          sqlite3_bind_int64 (info, 1, id);
          if (sqlite3_step (info) != SQLITE_ROW)
            {
              db_error (project, error, "reading series");
              goto fail;
            }
          s = series_new (id, (const char *) sqlite3_column_text (info, 0),
                          (const char *) sqlite3_column_text (info, 1),
                          (const char *) sqlite3_column_text (info, 2));
          sqlite3_reset (info);
          g_ptr_array_add (qs->series, s);

          if (g_strcmp0 (s->kind, "kpi") == 0)
            ok = kpi_series (project, s, si->id, meta, bucket_s, error);
          else
            ok = rtt_series (project, s, si->id, per_row, bucket_s, metas, error);
          if (!ok)
            goto fail;
          series_warnings (s);

          qs->n_rows += s->n_rows;
          qs->n_warnings += s->warnings->len;
          if (isfinite (s->first_ts_s) && !(s->first_ts_s >= qs->first_ts_s))
            qs->first_ts_s = s->first_ts_s;
          if (isfinite (s->last_ts_s) && !(s->last_ts_s <= qs->last_ts_s))
            qs->last_ts_s = s->last_ts_s;
        }
      qs->n_warnings += qs->warnings->len;
    }
  sqlite3_finalize (info);
  return report;

fail:
  sqlite3_finalize (info);
  fl_quality_report_free (report);
  return NULL;
}

/**
 * fl_quality_report_free:
 * @report: (nullable) (transfer full): a report
 *
 * Frees @report.
 */
void
fl_quality_report_free (FlQualityReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->sources);
  g_free (report);
}

/* ---- output ---------------------------------------------------------- */

static void
add_double (JsonBuilder *b,
            const char  *member,
            double       v)
{
  json_builder_set_member_name (b, member);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       v)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, v);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *v)
{
  json_builder_set_member_name (b, member);
  if (v != NULL)
    json_builder_add_string_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_warnings (JsonBuilder *b,
              GPtrArray   *w)
{
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < w->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (w, i));
  json_builder_end_array (b);
}

static void
column_to_json (JsonBuilder           *b,
                const FlQualityColumn *c)
{
  json_builder_begin_object (b);
  add_string (b, "name", c->name);
  add_string (b, "unit", c->unit);
  add_string (b, "kind", c->categorical ? "categorical" : "numeric");
  add_int (b, "values", (gint64) c->n_values);
  add_int (b, "missing", (gint64) c->n_missing);
  add_double (b, "missing_pct", c->missing_pct);
  if (c->categorical)
    add_int (b, "categories", (gint64) c->n_categories);
  else
    {
      add_double (b, "min", c->min);
      add_double (b, "max", c->max);
      add_double (b, "median", c->median);
      add_double (b, "mad", c->mad);
      add_int (b, "outliers", (gint64) c->n_outliers);
      json_builder_set_member_name (b, "outlier_examples");
      json_builder_begin_array (b);
      for (guint i = 0; i < c->outliers->len; i++)
        {
          FlQualityOutlier *o = &g_array_index (c->outliers, FlQualityOutlier, i);

          json_builder_begin_object (b);
          add_double (b, "ts_s", o->ts_s);
          add_double (b, "value", o->value);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
series_to_json (JsonBuilder           *b,
                const FlQualitySeries *s)
{
  gboolean rtt = g_strcmp0 (s->kind, "kpi") != 0;

  json_builder_begin_object (b);
  add_int (b, "id", s->series_id);
  add_string (b, "key", s->key);
  add_string (b, "label", s->label);
  add_string (b, "kind", s->kind);
  add_int (b, "rows", (gint64) s->n_rows);
  add_double (b, "first_ts_s", s->first_ts_s);
  add_double (b, "last_ts_s", s->last_ts_s);
  add_double (b, "span_s", s->span_s);
  add_double (b, "step_s", s->step_s);
  add_double (b, "gap_threshold_s", s->gap_threshold_s);
  add_int (b, "gaps_total", (gint64) s->n_gaps);
  add_double (b, "gap_total_s", s->gap_total_s);
  json_builder_set_member_name (b, "gaps");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->gaps->len; i++)
    {
      FlQualityGap *g = &g_array_index (s->gaps, FlQualityGap, i);

      json_builder_begin_object (b);
      add_double (b, "start_s", g->start_s);
      add_double (b, "end_s", g->end_s);
      add_double (b, "length_s", g->length_s);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_int (b, "duplicate_timestamps", (gint64) s->n_duplicate_ts);
  if (rtt)
    {
      add_int (b, "sent", (gint64) s->sent);
      add_int (b, "lost", (gint64) s->lost);
      add_double (b, "loss_pct", s->loss_pct);
      add_int (b, "results_with_metadata", (gint64) s->n_results);
      add_int (b, "lts_unknown", (gint64) s->lts_unknown);
      add_int (b, "lts_over_limit", (gint64) s->lts_over_limit);
      add_int (b, "lts_limit_s", FL_QUALITY_LTS_LIMIT_S);
      if (s->lts_max >= 0)
        add_int (b, "lts_max_s", s->lts_max);
      else
        add_string (b, "lts_max_s", NULL);
      json_builder_set_member_name (b, "firmware");
      json_builder_begin_object (b);
      for (guint i = 0; i + 1 < s->firmware->len; i += 2)
        {
          g_autofree char *fw = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 g_array_index (s->firmware, gint64, i));

          add_int (b, fw, g_array_index (s->firmware, gint64, i + 1));
        }
      json_builder_end_object (b);
    }
  add_double (b, "bucket_s", s->bucket_s);
  add_int (b, "buckets", (gint64) s->n_buckets);
  add_int (b, "empty_buckets", (gint64) s->n_empty_buckets);
  add_double (b, "empty_bucket_pct", s->empty_bucket_pct);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->columns->len; i++)
    column_to_json (b, g_ptr_array_index (s->columns, i));
  json_builder_end_array (b);
  add_warnings (b, s->warnings);
  json_builder_end_object (b);
}

/**
 * fl_quality_report_to_json:
 * @report: a report
 *
 * Serialises @report with json-glib: `{"bucket_s", "gap_factor",
 * "outlier_mads", "sources": [{"id", "file", "format", "rows",
 * "first_ts_s", "last_ts_s", "warnings", "series": [{…, "gaps": […],
 * "columns": […], "warnings": […]}]}]}`; times in s since the epoch,
 * non-finite numbers as `null`.
 *
 * Returns: (transfer full): pretty-printed JSON
 */
char *
fl_quality_report_to_json (const FlQualityReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_double (b, "bucket_s", report->bucket_s);
  add_double (b, "gap_factor", FL_QUALITY_GAP_FACTOR);
  add_double (b, "outlier_mads", FL_QUALITY_OUTLIER_MADS);
  json_builder_set_member_name (b, "sources");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->sources->len; i++)
    {
      FlQualitySource *s = g_ptr_array_index (report->sources, i);

      json_builder_begin_object (b);
      add_int (b, "id", s->source_id);
      add_string (b, "file", s->file_name);
      add_string (b, "format", s->format);
      add_int (b, "rows", (gint64) s->n_rows);
      add_double (b, "first_ts_s", s->first_ts_s);
      add_double (b, "last_ts_s", s->last_ts_s);
      add_int (b, "warning_count", s->n_warnings);
      add_warnings (b, s->warnings);
      json_builder_set_member_name (b, "series");
      json_builder_begin_array (b);
      for (guint j = 0; j < s->series->len; j++)
        series_to_json (b, g_ptr_array_index (s->series, j));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/**
 * fl_quality_report_to_text:
 * @report: a report
 *
 * Returns: (transfer full): the report as readable text (one block per
 *   source, one per series, warnings prefixed with `!`)
 */
char *
fl_quality_report_to_text (const FlQualityReport *report)
{
  GString *out = g_string_new (NULL);

  if (report->sources->len == 0)
    g_string_append (out, "No sources imported.\n");
  for (guint i = 0; i < report->sources->len; i++)
    {
      FlQualitySource *src = g_ptr_array_index (report->sources, i);
      g_autofree char *first = format_time (src->first_ts_s);
      g_autofree char *last = format_time (src->last_ts_s);

      g_string_append_printf (out, "%sSource %" G_GINT64_FORMAT ": %s (%s)\n", i ? "\n" : "",
                              src->source_id, src->file_name, src->format);
      g_string_append_printf (out, "  %u series, %" G_GUINT64_FORMAT " rows, %s → %s UTC, %u "
                              "warnings\n", src->series->len, src->n_rows, first, last,
                              src->n_warnings);
      for (guint w = 0; w < src->warnings->len; w++)
        g_string_append_printf (out, "  ! %s\n", (char *) g_ptr_array_index (src->warnings, w));

      for (guint j = 0; j < src->series->len; j++)
        {
          FlQualitySeries *s = g_ptr_array_index (src->series, j);
          g_autofree char *span = format_duration (s->span_s);
          g_autofree char *step = format_duration (s->step_s);

          g_string_append_printf (out, "  %s (%s)\n", s->key, s->label);
          g_string_append_printf (out, "    %" G_GUINT64_FORMAT " rows over %s, step %s, %"
                                  G_GUINT64_FORMAT " gaps, %" G_GUINT64_FORMAT
                                  " duplicate timestamps, %.1f %% empty %g s buckets\n",
                                  s->n_rows, span, step, s->n_gaps, s->n_duplicate_ts,
                                  isfinite (s->empty_bucket_pct) ? s->empty_bucket_pct : 0.0,
                                  s->bucket_s);
          if (g_strcmp0 (s->kind, "kpi") != 0)
            {
              g_string_append_printf (out, "    packet loss %.2f %% (%" G_GUINT64_FORMAT " of %"
                                      G_GUINT64_FORMAT ")", isfinite (s->loss_pct) ? s->loss_pct
                                      : 0.0, s->lost, s->sent);
              if (s->n_results > 0)
                {
                  g_string_append_printf (out, ", firmware");
                  for (guint f = 0; f + 1 < s->firmware->len; f += 2)
                    g_string_append_printf (out, " %" G_GINT64_FORMAT "×%" G_GINT64_FORMAT,
                                            g_array_index (s->firmware, gint64, f),
                                            g_array_index (s->firmware, gint64, f + 1));
                }
              g_string_append_c (out, '\n');
            }
          for (guint g = 0; g < s->gaps->len && g < 5; g++)
            {
              FlQualityGap *gap = &g_array_index (s->gaps, FlQualityGap, g);
              g_autofree char *a = format_time (gap->start_s);
              g_autofree char *e = format_time (gap->end_s);
              g_autofree char *l = format_duration (gap->length_s);

              g_string_append_printf (out, "    gap %s → %s (%s)\n", a, e, l);
            }
          if (s->n_gaps > 5)
            g_string_append_printf (out, "    … and %" G_GUINT64_FORMAT " more gaps\n",
                                    s->n_gaps - 5);
          for (guint c = 0; c < s->columns->len; c++)
            {
              FlQualityColumn *col = g_ptr_array_index (s->columns, c);

              if (col->categorical)
                g_string_append_printf (out, "    %-28s %" G_GUINT64_FORMAT " categories, "
                                        "%.1f %% missing\n", col->name, col->n_categories,
                                        col->missing_pct);
              else
                g_string_append_printf (out, "    %-28s %g … %g %s (median %g), %.1f %% "
                                        "missing, %" G_GUINT64_FORMAT " outliers\n", col->name,
                                        col->min, col->max, col->unit ? col->unit : "",
                                        col->median, col->missing_pct, col->n_outliers);
            }
          for (guint w = 0; w < s->warnings->len; w++)
            g_string_append_printf (out, "    ! %s\n", (char *) g_ptr_array_index (s->warnings, w));
        }
    }
  return g_string_free (out, FALSE);
}
