/* fl-result-store.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Private to the core library: how a project stores its ping results. */

#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* Most ping results one chunk (one `result_chunks` row) holds. */
#define FL_RESULT_CHUNK_MAX 4096

/**
 * FlStoredResult:
 * @id: the result's id (what sample chunks' result_id refers to), > 0
 * @ts_s: the result's time, s since the epoch
 * @msm_id: RIPE measurement id, -1 = none
 * @probe_id: RIPE probe id, -1 = none
 * @fw: probe firmware, -1 = none
 * @lts: RIPE `lts`, s, -1 = none
 * @sent: packets sent
 * @rcvd: replies received
 * @dups: duplicate replies
 * @errors: error entries
 * @af: address family, 4 or 6; 0 = none
 * @dst_addr: (nullable): destination address
 * @error_text: (nullable): the first error's text
 *
 * One ping result (one RIPE Atlas ping result, or one `ping` run) as a
 * project stores it. Strings belong to whoever filled the struct.
 */
typedef struct
{
  gint64      id;
  double      ts_s;
  gint64      msm_id;
  gint64      probe_id;
  gint64      fw;
  gint64      lts;
  guint32     sent;
  guint32     rcvd;
  guint32     dups;
  guint32     errors;
  gint        af;
  const char *dst_addr;
  const char *error_text;
} FlStoredResult;

/**
 * FlResultChunk:
 * @chunk_id: the `result_chunks` row
 * @source_id: its source
 * @series_id: its series
 * @n: results
 * @results: (array length=n): in time order; strings point into the chunk
 *
 * One decoded chunk, valid during a #FlResultChunkFunc call.
 */
typedef struct
{
  gint64                chunk_id;
  gint64                source_id;
  gint64                series_id;
  gsize                 n;
  const FlStoredResult *results;
} FlResultChunk;

typedef gboolean (*FlResultChunkFunc) (const FlResultChunk  *chunk,
                                       gpointer              data,
                                       GError              **error);

typedef struct _FlResultIndex FlResultIndex;

sqlite3_stmt  *_fl_result_store_prepare     (sqlite3               *db,
                                             GError               **error);
gboolean       _fl_result_store_write       (sqlite3               *db,
                                             sqlite3_stmt          *insert,
                                             gint64                 source_id,
                                             gint64                 series_id,
                                             FlStoredResult        *results,
                                             gsize                  n,
                                             GError               **error);
gboolean       _fl_result_store_foreach     (sqlite3               *db,
                                             gint64                 source_id,
                                             FlResultChunkFunc      func,
                                             gpointer               data,
                                             GError               **error);
gboolean       _fl_result_store_next_id     (sqlite3               *db,
                                             gint64                *id,
                                             GError               **error);
gboolean       _fl_result_store_migrate     (sqlite3               *db,
                                             GError               **error);
gboolean       _fl_result_store_materialize (sqlite3               *db,
                                             GError               **error);

FlResultIndex *_fl_result_index_new         (sqlite3               *db,
                                             GError               **error);
void           _fl_result_index_free        (FlResultIndex         *index);
gboolean       _fl_result_index_latest      (FlResultIndex         *index,
                                             gint64                 series_id,
                                             double                *ts_s,
                                             GError               **error);
gboolean       _fl_result_index_contains    (FlResultIndex         *index,
                                             gint64                 series_id,
                                             double                 ts_s,
                                             gboolean              *found,
                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlResultIndex, _fl_result_index_free)

G_END_DECLS
