/* fl-sample-store.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Private to the core library: how a project stores its samples. */

#pragma once

#include <sqlite3.h>

#include "fl-sample.h"

G_BEGIN_DECLS

/* Most samples one chunk (one `sample_chunks` row) holds. */
#define FL_SAMPLE_CHUNK_MAX 8192

/**
 * FlSampleRead:
 * @FL_SAMPLE_READ_SKIP_DUPS: leave out duplicate replies (%FL_SAMPLE_DUP)
 * @FL_SAMPLE_READ_RTT: fill #FlStoredSamples.rtt_ms
 * @FL_SAMPLE_READ_FLAGS: fill #FlStoredSamples.flags
 * @FL_SAMPLE_READ_COUNTS: fill #FlStoredSamples.sent and .rcvd
 * @FL_SAMPLE_READ_RESULT_IDS: fill #FlStoredSamples.result_id
 * @FL_SAMPLE_READ_ALL: every array
 *
 * What _fl_sample_store_read() returns besides the times.
 */
typedef enum
{
  FL_SAMPLE_READ_SKIP_DUPS  = 1 << 0,
  FL_SAMPLE_READ_RTT        = 1 << 1,
  FL_SAMPLE_READ_FLAGS      = 1 << 2,
  FL_SAMPLE_READ_COUNTS     = 1 << 3,
  FL_SAMPLE_READ_RESULT_IDS = 1 << 4,
  FL_SAMPLE_READ_ALL        = FL_SAMPLE_READ_RTT | FL_SAMPLE_READ_FLAGS | FL_SAMPLE_READ_COUNTS |
                              FL_SAMPLE_READ_RESULT_IDS,
} FlSampleRead;

/**
 * FlStoredSamples:
 * @n: number of samples
 * @ts_s: (array length=n): times, s since the epoch, ascending
 * @rtt_ms: (array length=n): RTT, ms; NaN = none (lost, error)
 * @flags: (array length=n): #FlSampleFlags
 * @sent: (array length=n): packets sent
 * @rcvd: (array length=n): replies received
 * @result_id: (array length=n): the ping result's id (#FlStoredResult.id), 0 = none
 *
 * Samples read back from a project, one array per field (%NULL when not
 * asked for), each owned by the struct (g_malloc'd; steal them with
 * g_steal_pointer()).
 */
typedef struct
{
  gsize    n;
  double  *ts_s;
  double  *rtt_ms;
  guint32 *flags;
  guint16 *sent;
  guint16 *rcvd;
  gint64  *result_id;
} FlStoredSamples;

void     _fl_stored_samples_clear     (FlStoredSamples  *samples);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlStoredSamples, _fl_stored_samples_clear)

gboolean _fl_sample_store_migrate     (sqlite3          *db,
                                       GError          **error);
gboolean _fl_sample_store_migrate_v6  (sqlite3          *db,
                                       GError          **error);
sqlite3_stmt *_fl_sample_store_prepare (sqlite3         *db,
                                       GError          **error);
gboolean _fl_sample_store_write       (sqlite3          *db,
                                       sqlite3_stmt     *insert,
                                       gint64            source_id,
                                       gint64            series_id,
                                       const FlSample   *samples,
                                       const gint64     *result_ids,
                                       gsize             n,
                                       GError          **error);
gboolean _fl_sample_store_read        (sqlite3          *db,
                                       gint64            series_id,
                                       gint64            source_id,
                                       FlSampleRead      what,
                                       FlStoredSamples  *out,
                                       GError          **error);
gboolean _fl_sample_store_materialize (sqlite3          *db,
                                       GError          **error);

G_END_DECLS
