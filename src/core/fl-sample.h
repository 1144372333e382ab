/* fl-sample.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlSampleFlags:
 * @FL_SAMPLE_NONE: an ordinary reply
 * @FL_SAMPLE_LOST: no reply came back (RIPE `{"x":"*"}`, `avg = -1`, a trace's
 *   -3/-4); `rtt_ms` is NaN
 * @FL_SAMPLE_DUP: a duplicate reply (RIPE `"dup": 1`); excluded from RTT statistics
 * @FL_SAMPLE_ERROR: the probe reported an error instead of a reply (RIPE
 *   `{"error": …}`); counted as sent and not received
 * @FL_SAMPLE_CHANGEPOINT: a human labeller marked a change point here (the
 *   trace CSV's `cp` column)
 * @FL_SAMPLE_AGGREGATE: the row summarises several packets (RIPE fw 1 results
 *   without a `result` array: `rtt_ms` is the result's `avg`)
 */
typedef enum
{
  FL_SAMPLE_NONE        = 0,
  FL_SAMPLE_LOST        = 1 << 0,
  FL_SAMPLE_DUP         = 1 << 1,
  FL_SAMPLE_ERROR       = 1 << 2,
  FL_SAMPLE_CHANGEPOINT = 1 << 3,
  FL_SAMPLE_AGGREGATE   = 1 << 4,
} FlSampleFlags;

/**
 * FlSample:
 * @series_id: the id returned by #FlSampleSink.series
 * @ts_s: time of the measurement, seconds since the Unix epoch (UTC)
 * @rtt_ms: round-trip time in ms, NaN when the packet was lost
 * @sent: packets sent that this row stands for (1 for one ping packet)
 * @rcvd: packets received that this row stands for (0 when lost)
 * @flags: #FlSampleFlags
 *
 * One measurement as importers hand it to the project: normally one ping
 * packet (sent = 1, rcvd = 0 or 1).
 */
typedef struct
{
  gint64  series_id;
  double  ts_s;
  double  rtt_ms;
  guint16 sent;
  guint16 rcvd;
  guint32 flags;
} FlSample;

/**
 * FlResultInfo:
 * @series_id: the id returned by #FlSampleSink.series
 * @ts_s: the result's timestamp, seconds since the Unix epoch (UTC)
 * @msm_id: RIPE Atlas measurement id, or -1 when there is none (ping logs)
 * @probe_id: RIPE Atlas probe id, or -1
 * @dst_addr: (nullable): the destination address (RIPE `dst_addr`, or `addr`
 *   before firmware 4460; the host of a ping log); %NULL when unknown (e.g.
 *   after a DNS failure)
 * @af: address family, 4 or 6, or 0 when unknown
 * @sent: packets sent
 * @rcvd: packets received (duplicates not included)
 * @dups: duplicate replies
 * @errors: errors reported instead of replies
 * @error_text: (nullable): the first error text
 * @fw: RIPE probe firmware version (`fw`), or -1
 * @lts: RIPE `lts`, seconds since the probe's last clock synchronisation, or
 *   -1 when unknown (RIPE's own -1, or absent)
 *
 * Metadata of one measurement result (one RIPE Atlas ping result, or one
 * `ping` run), handed to #FlSampleSink.result before the result's samples.
 * The strings are owned by the importer and valid only during the call.
 */
typedef struct
{
  gint64      series_id;
  double      ts_s;
  gint64      msm_id;
  gint64      probe_id;
  const char *dst_addr;
  gint        af;
  guint       sent;
  guint       rcvd;
  guint       dups;
  guint       errors;
  const char *error_text;
  gint64      fw;
  gint64      lts;
} FlResultInfo;

/**
 * FlSampleSink:
 * @series: resolves a series by a stable key (for example
 *   `"ripe:26858348:6798"`, `"trace:11119"`, `"csv:6012"`) and a display label,
 *   creating it on first use; returns its id (> 0) or -1 with @error set
 * @add: stores one sample; returns %FALSE with @error set on failure
 * @user_data: passed to the callbacks
 * @result: (nullable): records the metadata of one result before its samples
 *   are added; the samples added until the next call belong to it. Returns
 *   the result's id (> 0); 0 when a result with the same series and
 *   timestamp is already stored (an overlapping download): the importer
 *   then adds none of its samples and counts it in
 *   #FlImportCounts.already_present; or -1 with @error set. Importers of
 *   formats without per-result metadata never call it; sinks that do not
 *   care leave it %NULL.
 *
 * Where importers put what they parse. The project implements it over
 * SQLite; tests implement it over arrays. Importers never see SQLite.
 */
typedef struct
{
  gint64   (*series) (gpointer     user_data,
                      const char  *key,
                      const char  *label,
                      gint64       probe_id,
                      GError     **error);
  gboolean (*add)    (gpointer        user_data,
                      const FlSample *sample,
                      GError        **error);
  gpointer user_data;
  gint64   (*result) (gpointer            user_data,
                      const FlResultInfo *info,
                      GError            **error);
} FlSampleSink;

/**
 * FlImportCounts:
 * @results: measurement results (RIPE result objects, CSV data rows) read
 * @replies: replies with an RTT stored (dup replies included, flagged)
 * @lost: packets sent without a reply (lost or error)
 * @dups: duplicate replies
 * @errors: RIPE `{"error": …}` entries
 * @skipped: results that were not imported (non-ping RIPE results, …)
 * @changepoints: rows flagged as change points
 * @series: distinct series touched
 * @already_present: results (included in @results) that were already stored
 *   by an earlier import (same series and timestamp); their replies and
 *   losses are not stored again and not included in @replies, @lost, @dups
 *   or @errors
 *
 * What an importer counted. All fields start at zero and are only added to.
 */
typedef struct
{
  guint64 results;
  guint64 replies;
  guint64 lost;
  guint64 dups;
  guint64 errors;
  guint64 skipped;
  guint64 changepoints;
  guint64 series;
  guint64 already_present;
} FlImportCounts;

G_END_DECLS
