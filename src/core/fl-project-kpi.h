/* fl-project-kpi.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-kpi-mapping.h"
#include "fl-project.h"

G_BEGIN_DECLS

/**
 * FlKpiTable:
 * @n_rows: number of rows (one per CSV row: series and time)
 * @n_columns: number of KPI columns
 * @column_ids: (array length=n_columns): `kpi_columns.id` of each column
 * @column_names: (array length=n_columns): column names
 * @column_units: (array length=n_columns): units, %NULL entries where none
 * @categorical: (array length=n_columns): %TRUE for categorical columns,
 *   whose values are integer codes
 * @categories: (array length=n_columns): for a categorical column the
 *   texts indexed by code (a %NULL-terminated #GStrv), %NULL for numeric
 *   columns
 * @ts_s: (array length=n_rows): time of each row, s since the epoch (UTC)
 * @series_id: (array length=n_rows): series of each row
 * @values: (array length=n_rows×n_columns): row-major values (row r, column
 *   c at `values[r * n_columns + c]`), NaN where missing
 *
 * KPI values of one or all KPI series as a dense table, rows ordered by
 * series id then time (rows with the same series and time keep their
 * import order). Free with fl_kpi_table_free().
 */
typedef struct
{
  gsize      n_rows;
  gsize      n_columns;
  gint64    *column_ids;
  char     **column_names;
  char     **column_units;
  gboolean  *categorical;
  char    ***categories;
  double    *ts_s;
  gint64    *series_id;
  double    *values;
} FlKpiTable;

gboolean    fl_kpi_file_is_kpi_csv     (const char          *path);
gboolean    fl_project_import_kpi_file (FlProject           *project,
                                        const char          *path,
                                        const FlKpiMapping  *mapping,
                                        FlProgressFunc       progress,
                                        gpointer             progress_data,
                                        GCancellable        *cancellable,
                                        FlSourceInfo       **out_source,
                                        GError             **error);
FlKpiTable *fl_project_load_kpi_table  (FlProject           *project,
                                        gint64               series_id,
                                        GError             **error);
int         fl_kpi_table_find_column   (const FlKpiTable    *table,
                                        const char          *name);
void        fl_kpi_table_free          (FlKpiTable          *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlKpiTable, fl_kpi_table_free)

G_END_DECLS
