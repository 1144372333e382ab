/* fl-import.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-sample.h"
#include "fl-types.h"

G_BEGIN_DECLS

/**
 * FlFormat:
 * @FL_FORMAT_UNKNOWN: not recognised
 * @FL_FORMAT_RIPE_JSON: RIPE Atlas ping results, a JSON array or NDJSON
 *   (one result object per line)
 * @FL_FORMAT_RTT_TRACE_CSV: a labelled RTT trace, `;`-separated `epoch;rtt;cp`
 *   (Shao et al. 2017); timestamps `YYYY-MM-DD HH:MM:SS` or `DD/MM/YYYY HH:MM`
 *   (UTC); rtt -3/-4 mark lost samples
 * @FL_FORMAT_RTT_CSV: a plain `timestamp,probe_id,rtt` CSV (timestamp as epoch
 *   seconds or ISO 8601 UTC; rtt in ms, empty or negative = lost)
 * @FL_FORMAT_PING_LOG: the text output of one Linux iputils `ping` run
 *   (see fl_import_ping_log())
 * @FL_FORMAT_KPI_CSV: any other delimited table with a header (KPI exports);
 *   imported with a column mapping by fl_project_import_kpi_file(), not by
 *   fl_import_stream()
 */
typedef enum
{
  FL_FORMAT_UNKNOWN,
  FL_FORMAT_RIPE_JSON,
  FL_FORMAT_RTT_TRACE_CSV,
  FL_FORMAT_RTT_CSV,
  FL_FORMAT_PING_LOG,
  FL_FORMAT_KPI_CSV,
} FlFormat;

const char *fl_format_to_string   (FlFormat      format);
FlFormat    fl_format_from_string (const char   *name);
FlFormat    fl_import_sniff       (const guint8 *head,
                                   gsize         len,
                                   const char   *filename);
gboolean    fl_import_stream      (FlFormat        format,
                                   GInputStream   *stream,
                                   const char     *name,
                                   guint64         total_bytes,
                                   FlSampleSink   *sink,
                                   FlImportCounts *counts,
                                   FlProgressFunc  progress,
                                   gpointer        progress_data,
                                   GCancellable   *cancellable,
                                   GError        **error);

/* Format-specific entry points, used by fl_import_stream(). */
gboolean    fl_import_ripe_json   (GInputStream   *stream,
                                   const char     *name,
                                   guint64         total_bytes,
                                   FlSampleSink   *sink,
                                   FlImportCounts *counts,
                                   FlProgressFunc  progress,
                                   gpointer        progress_data,
                                   GCancellable   *cancellable,
                                   GError        **error);
gboolean    fl_import_rtt_trace_csv (GInputStream   *stream,
                                     const char     *name,
                                     guint64         total_bytes,
                                     FlSampleSink   *sink,
                                     FlImportCounts *counts,
                                     FlProgressFunc  progress,
                                     gpointer        progress_data,
                                     GCancellable   *cancellable,
                                     GError        **error);
gboolean    fl_import_ping_log    (GInputStream   *stream,
                                   const char     *name,
                                   guint64         total_bytes,
                                   FlSampleSink   *sink,
                                   FlImportCounts *counts,
                                   FlProgressFunc  progress,
                                   gpointer        progress_data,
                                   GCancellable   *cancellable,
                                   GError        **error);
gboolean    fl_import_rtt_csv     (GInputStream   *stream,
                                   const char     *name,
                                   guint64         total_bytes,
                                   FlSampleSink   *sink,
                                   FlImportCounts *counts,
                                   FlProgressFunc  progress,
                                   gpointer        progress_data,
                                   GCancellable   *cancellable,
                                   GError        **error);

G_END_DECLS
