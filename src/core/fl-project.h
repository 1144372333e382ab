/* fl-project.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-series-index.h"
#include "fl-sample.h"
#include "fl-types.h"

G_BEGIN_DECLS

#define FL_PROJECT_SCHEMA_VERSION 6
#define FL_PROJECT_APPLICATION_ID 0x464C5431 /* "FLT1" */

/**
 * FlSourceInfo:
 * @id: row id
 * @file_name: base name of the imported file
 * @format: format name (see fl_format_to_string())
 * @size_bytes: file size in bytes
 * @sha256: hex SHA-256 of the file
 * @imported_at: import time, seconds since the epoch (UTC)
 * @counts: what the importer counted
 *
 * One imported source. Free with fl_source_info_free().
 */
typedef struct
{
  gint64          id;
  char           *file_name;
  char           *format;
  guint64         size_bytes;
  char           *sha256;
  gint64          imported_at;
  FlImportCounts  counts;
} FlSourceInfo;

/**
 * FlSeriesInfo:
 * @id: row id
 * @key: stable key, e.g. `ripe:26858348:6798` (measurement id, probe id)
 * @label: display label
 * @probe_id: RIPE probe id or trace id, or -1
 * @n_samples: stored samples (sent packets)
 * @n_lost: samples without a reply
 * @first_ts_s: first timestamp, s since the epoch
 * @last_ts_s: last timestamp, s since the epoch
 *
 * One measured series (one probe towards one target). Free with
 * fl_series_info_free().
 */
typedef struct
{
  gint64  id;
  char   *key;
  char   *label;
  gint64  probe_id;
  guint64 n_samples;
  guint64 n_lost;
  double  first_ts_s;
  double  last_ts_s;
} FlSeriesInfo;

/**
 * FlSeriesData:
 * @n: number of samples
 * @ts_s: (array length=n): timestamps in s since the epoch, ascending
 * @rtt_ms: (array length=n): RTT in ms, NaN where the packet was lost
 * @flags: (array length=n): #FlSampleFlags per sample
 * @index: (nullable): range-quantile index of @rtt_ms for charts, built by
 *   fl_series_data_build_index(); %NULL until then
 *
 * The raw samples of one series, duplicates excluded. Free with
 * fl_series_data_free().
 */
typedef struct
{
  gsize          n;
  double        *ts_s;
  double        *rtt_ms;
  guint32       *flags;
  FlSeriesIndex *index;
} FlSeriesData;

/**
 * FlRunInfo:
 * @id: run id
 * @created_at: s since the epoch
 * @kind: experiment kind, e.g. `"smote-xgboost"`
 * @status: `"done"` or `"failed"`
 * @config_json: the experiment config
 * @summary_json: the headline metrics (may be %NULL)
 * @manifest_json: library versions, seed, split bounds, data and config hashes
 *
 * One stored experiment run. Free with fl_run_info_free().
 */
typedef struct
{
  gint64  id;
  gint64  created_at;
  char   *kind;
  char   *status;
  char   *config_json;
  char   *summary_json;
  char   *manifest_json;
} FlRunInfo;

#define FL_TYPE_PROJECT (fl_project_get_type ())
G_DECLARE_FINAL_TYPE (FlProject, fl_project, FL, PROJECT, GObject)

gint64      fl_project_peek_schema_version (const char  *path);
FlProject  *fl_project_open             (const char     *path,
                                         gboolean        create,
                                         GError        **error);
const char *fl_project_get_path         (FlProject      *self);
gpointer    fl_project_get_db           (FlProject      *self);
gboolean    fl_project_import_file      (FlProject      *self,
                                         const char     *path,
                                         FlProgressFunc  progress,
                                         gpointer        progress_data,
                                         GCancellable   *cancellable,
                                         FlSourceInfo  **out_source,
                                         GError        **error);
gboolean    fl_project_compact          (FlProject      *self,
                                         double          min_free,
                                         gboolean       *compacted,
                                         GError        **error);
gboolean    fl_project_remove_source    (FlProject      *self,
                                         gint64          source_id,
                                         guint          *n_series_removed,
                                         GError        **error);
GPtrArray  *fl_project_list_sources     (FlProject      *self,
                                         GError        **error);
GPtrArray  *fl_project_list_series      (FlProject      *self,
                                         GError        **error);
void        fl_project_list_series_async  (const char          *path,
                                           gpointer             source_object,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray  *fl_project_list_series_finish (GAsyncResult        *result,
                                           GError             **error);
FlSeriesInfo *fl_project_find_series    (FlProject      *self,
                                         const char     *key,
                                         GError        **error);
FlSeriesData *fl_project_load_series    (FlProject      *self,
                                         gint64          series_id,
                                         GError        **error);
GPtrArray  *fl_project_list_runs        (FlProject      *self,
                                         GError        **error);
gboolean    fl_project_begin            (FlProject      *self,
                                         GError        **error);
gboolean    fl_project_commit           (FlProject      *self,
                                         GError        **error);
void        fl_project_rollback         (FlProject      *self);

void fl_source_info_free (FlSourceInfo *info);
void fl_series_info_free (FlSeriesInfo *info);
gboolean fl_series_data_build_index (FlSeriesData *data);
void fl_series_data_free (FlSeriesData *data);
void fl_run_info_free    (FlRunInfo    *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSourceInfo, fl_source_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSeriesInfo, fl_series_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSeriesData, fl_series_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRunInfo, fl_run_info_free)

G_END_DECLS
