/* fl-table.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-table"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fl-error.h"
#include "fl-sample.h"
#include "fl-table.h"

static const char * const rtt_columns[FL_RTT_N_COLUMNS] = {
  "rtt_mean_ms",
  "rtt_std_ms",
  "rtt_min_ms",
  "rtt_max_ms",
  "rtt_median_ms",
  "replies",
  "sent",
  "loss_pct",
  "last_reply_age_s",
  "changepoint",
};

/**
 * fl_table_new:
 * @n_rows: rows
 * @n_columns: columns
 * @names: (array length=n_columns): column names (copied)
 *
 * Returns: (transfer full): a table with all values NaN and all times 0
 */
FlTable *
fl_table_new (gsize               n_rows,
              gsize               n_columns,
              const char * const *names)
{
  FlTable *t = g_new0 (FlTable, 1);

  t->n_rows = n_rows;
  t->n_columns = n_columns;
  t->names = g_new0 (char *, n_columns + 1);
  for (gsize c = 0; c < n_columns; c++)
    t->names[c] = g_strdup (names[c]);
  t->ts_s = g_new0 (double, MAX (n_rows, 1));
  t->values = g_new (double, MAX (n_rows * n_columns, 1));
  for (gsize i = 0; i < n_rows * n_columns; i++)
    t->values[i] = NAN;
  return t;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/**
 * fl_table_from_rtt_series:
 * @data: the samples of one series (time-ordered, duplicates excluded, as
 *   fl_project_load_series() returns them)
 * @bucket_s: bucket width in s (> 0)
 * @error: return location for a #GError
 *
 * Buckets one RTT series without any imputation: a row per bucket in which
 * at least one packet was sent; empty buckets are not rows. Columns (see
 * the `FL_RTT_COL_*` indices): `rtt_mean_ms`, `rtt_std_ms` (sample standard
 * deviation, NaN below two replies), `rtt_min_ms`, `rtt_max_ms`,
 * `rtt_median_ms` (NaN when nothing came back), `replies`, `sent`,
 * `loss_pct` (100 × lost / sent), `last_reply_age_s` (bucket end minus the
 * time of the latest reply at or before it, NaN before the first reply) and
 * `changepoint` (1 when a sample in the bucket carries a labelled change
 * point).
 *
 * Returns: (transfer full): the table, or %NULL with %FL_ERROR_INVALID
 *   (bucket width 0) or %FL_ERROR_INSUFFICIENT_DATA (no samples)
 */
FlTable *
fl_table_from_rtt_series (const FlSeriesData  *data,
                          guint                bucket_s,
                          GError             **error)
{
  g_autoptr(GArray) rtts = g_array_new (FALSE, FALSE, sizeof (double));
  FlTable *t;
  gsize n_buckets = 0, row = 0;
  double last_reply = NAN;

  g_return_val_if_fail (data != NULL, NULL);

  if (bucket_s == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The bucket width must be positive");
      return NULL;
    }
  if (data->n == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA, "The series has no samples");
      return NULL;
    }

  for (gsize i = 0; i < data->n; i++)
    if (i == 0 || floor (data->ts_s[i] / bucket_s) != floor (data->ts_s[i - 1] / bucket_s))
      n_buckets++;

  t = fl_table_new (n_buckets, FL_RTT_N_COLUMNS, rtt_columns);
  t->step_s = bucket_s;

  for (gsize i = 0; i < data->n;)
    {
      double b = floor (data->ts_s[i] / bucket_s);
      double *v = &t->values[row * FL_RTT_N_COLUMNS];
      double sum = 0, ss = 0, mn = INFINITY, mx = -INFINITY, mean;
      gsize j, replies = 0, sent = 0;
      gboolean cp = FALSE;

      g_array_set_size (rtts, 0);
      for (j = i; j < data->n && floor (data->ts_s[j] / bucket_s) == b; j++)
        {
          sent++;
          cp |= (data->flags[j] & FL_SAMPLE_CHANGEPOINT) != 0;
          if (isnan (data->rtt_ms[j]))
            continue;
          replies++;
          sum += data->rtt_ms[j];
          mn = MIN (mn, data->rtt_ms[j]);
          mx = MAX (mx, data->rtt_ms[j]);
          g_array_append_val (rtts, data->rtt_ms[j]);
          last_reply = data->ts_s[j];
        }

      t->ts_s[row] = b * bucket_s;
      if (replies > 0)
        {
          double *r = (double *)(void *)rtts->data;

          mean = sum / replies;
          for (gsize k = 0; k < replies; k++)
            ss += (r[k] - mean) * (r[k] - mean);
          qsort (r, replies, sizeof (double), cmp_double);
          v[FL_RTT_COL_MEAN] = mean;
          v[FL_RTT_COL_STD] = replies >= 2 ? sqrt (ss / (replies - 1)) : NAN;
          v[FL_RTT_COL_MIN] = mn;
          v[FL_RTT_COL_MAX] = mx;
          v[FL_RTT_COL_MEDIAN] = replies % 2 ? r[replies / 2]
                                             : 0.5 * (r[replies / 2 - 1] + r[replies / 2]);
        }
      v[FL_RTT_COL_REPLIES] = replies;
      v[FL_RTT_COL_SENT] = sent;
      v[FL_RTT_COL_LOSS_PCT] = 100.0 * (double)(sent - replies) / (double)sent;
      v[FL_RTT_COL_LAST_REPLY_AGE] = isnan (last_reply) ? NAN
                                                        : (b + 1) * bucket_s - last_reply;
      v[FL_RTT_COL_CHANGEPOINT] = cp ? 1 : 0;
      row++;
      i = j;
    }

  return t;
}

/**
 * fl_table_find_column:
 * @self: a table
 * @name: a column name
 *
 * Returns: the column index, or -1
 */
gssize
fl_table_find_column (const FlTable *self,
                      const char    *name)
{
  for (gsize c = 0; c < self->n_columns; c++)
    if (g_strcmp0 (self->names[c], name) == 0)
      return (gssize)c;
  return -1;
}

/**
 * fl_table_get:
 * @self: a table
 * @row: row index
 * @column: column index
 *
 * Returns: the value (NaN = missing)
 */
double
fl_table_get (const FlTable *self,
              gsize          row,
              gsize          column)
{
  return self->values[row * self->n_columns + column];
}

/**
 * fl_table_free:
 * @self: (nullable) (transfer full): a table
 *
 * Frees @self.
 */
void
fl_table_free (FlTable *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->names);
  g_free (self->ts_s);
  g_free (self->values);
  g_free (self);
}
