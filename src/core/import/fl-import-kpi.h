/* fl-import-kpi.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-kpi-mapping.h"
#include "fl-sample.h"
#include "fl-types.h"

G_BEGIN_DECLS

/**
 * FlKpiSink:
 * @series: resolves a KPI series by its key (`kpi:PREFIX:KEYS`) and label,
 *   creating it on first use; returns its id (> 0) or -1 with @error set
 * @column: resolves a KPI column by name, unit (nullable) and kind,
 *   creating it on first use; returns its id (> 0) or -1 with @error set
 *   (for example when the project already has the name with another unit)
 * @category: returns the integer code (≥ 0) of @text in a categorical
 *   column, adding it on first use, or -1 with @error set
 * @row: stores one CSV row: @n values (NaN = missing) of the columns
 *   @column_ids at time @ts_s (s since the epoch, UTC) in series @series_id
 * @user_data: passed to every callback
 *
 * Where fl_import_kpi_csv() puts what it parses. The project implements it
 * over SQLite (`kpi_columns`, `kpi_categories`, `kpi_values`); tests
 * implement it over arrays.
 */
typedef struct
{
  gint64   (*series)   (gpointer     user_data,
                        const char  *key,
                        const char  *label,
                        GError     **error);
  gint64   (*column)   (gpointer     user_data,
                        const char  *name,
                        const char  *unit,
                        gboolean     categorical,
                        GError     **error);
  gint64   (*category) (gpointer     user_data,
                        gint64       column_id,
                        const char  *text,
                        GError     **error);
  gboolean (*row)      (gpointer      user_data,
                        gint64        series_id,
                        double        ts_s,
                        guint         n,
                        const gint64 *column_ids,
                        const double *values,
                        GError      **error);
  gpointer user_data;
} FlKpiSink;

gboolean fl_import_kpi_csv (GInputStream       *stream,
                            const char         *name,
                            guint64             total_bytes,
                            const FlKpiMapping *mapping,
                            FlKpiSink          *sink,
                            FlImportCounts     *counts,
                            FlProgressFunc      progress,
                            gpointer            progress_data,
                            GCancellable       *cancellable,
                            GError            **error);

G_END_DECLS
