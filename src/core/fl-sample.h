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
 * FlSampleSink:
 * @series: resolves a series by a stable key (for example
 *   `"ripe:26858348:6798"`, `"trace:11119"`, `"csv:6012"`) and a display label,
 *   creating it on first use; returns its id (> 0) or -1 with @error set
 * @add: stores one sample; returns %FALSE with @error set on failure
 * @user_data: passed to both callbacks
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
} FlImportCounts;

G_END_DECLS
