/* fl-table.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fl-project.h"

G_BEGIN_DECLS

/**
 * FlTable:
 * @n_rows: rows, in ascending time
 * @n_columns: columns
 * @names: (array length=n_columns): column names (with units, e.g. `rtt_mean_ms`)
 * @ts_s: (array length=n_rows): row times (bucket starts), s since the epoch
 * @values: (array): @n_rows × @n_columns, row-major; NaN = missing
 * @step_s: bucket width, or the median interval between rows, in s
 *
 * The time-ordered rows of one series from which labels and features are
 * computed. Free with fl_table_free().
 */
typedef struct
{
  gsize    n_rows;
  gsize    n_columns;
  char   **names;
  double  *ts_s;
  double  *values;
  double   step_s;
} FlTable;

/* Columns of the RTT bucket table, in this order. */
enum
{
  FL_RTT_COL_MEAN,
  FL_RTT_COL_STD,
  FL_RTT_COL_MIN,
  FL_RTT_COL_MAX,
  FL_RTT_COL_MEDIAN,
  FL_RTT_COL_REPLIES,
  FL_RTT_COL_SENT,
  FL_RTT_COL_LOSS_PCT,
  FL_RTT_COL_LAST_REPLY_AGE,
  FL_RTT_COL_CHANGEPOINT,
  FL_RTT_N_COLUMNS
};

FlTable    *fl_table_new             (gsize               n_rows,
                                      gsize               n_columns,
                                      const char * const *names);
FlTable    *fl_table_from_rtt_series (const FlSeriesData *data,
                                      guint               bucket_s,
                                      GError            **error);
gssize      fl_table_find_column     (const FlTable      *self,
                                      const char         *name);
double      fl_table_get             (const FlTable      *self,
                                      gsize               row,
                                      gsize               column);
void        fl_table_free            (FlTable            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlTable, fl_table_free)

G_END_DECLS
