/* fl-sample-store.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A project stores its RTT samples in chunks: one `sample_chunks` row holds
 * up to FL_SAMPLE_CHUNK_MAX samples of one series from one source, in the
 * order they were imported, as one blob of little-endian columns:
 *
 *   offset 0      ts_s      n × float64 (s since the epoch)
 *          8 n    rtt_ms    n × float64 (ms; NaN = none)
 *          16 n   result_id n × int64   (the ping result's id, fl-result-store.c; 0 = none)
 *          24 n   sent      n × uint16
 *          26 n   rcvd      n × uint16
 *          28 n   flags     n × uint32  (FlSampleFlags)
 *
 * next to per-chunk figures that the series list sums without opening the
 * blobs: time span, and sent and lost packets of the samples that are not
 * duplicate replies. A row per sample (schema 2) cost SQLite about 1 µs a
 * row to insert and index, the bulk of a large import; a chunk costs about
 * the same as one row, and loading a series reads a few blobs instead of
 * stepping through a million rows. */

#define G_LOG_DOMAIN "faultline-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-bytes-private.h"
#include "fl-error.h"
#include "fl-sample-store.h"
#include "fl-store-private.h"

static const char *chunk_schema =
  "CREATE TABLE sample_chunks ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
  "  series_id INTEGER NOT NULL REFERENCES series(id),"
  "  n INTEGER NOT NULL,"          /* samples in the blob */
  "  ts_first REAL NOT NULL,"      /* earliest and latest time, s */
  "  ts_last REAL NOT NULL,"
  "  n_kept INTEGER NOT NULL,"     /* samples that are not duplicate replies … */
  "  kept_first REAL,"             /* … their time span (NULL if none) … */
  "  kept_last REAL,"
  "  sent INTEGER NOT NULL,"       /* … and their sent and sent − rcvd sums */
  "  lost INTEGER NOT NULL,"
  "  data BLOB NOT NULL);"
  "CREATE INDEX sample_chunks_series ON sample_chunks(series_id);";

/**
 * _fl_store_db_error:
 * @db: a project's connection
 * @error: return location for a #GError
 * @what: what failed, for the message
 *
 * Sets %FL_ERROR_PROJECT naming the project file, @what and SQLite's
 * message.
 *
 * Returns: %FALSE
 */
gboolean
_fl_store_db_error (sqlite3     *db,
                    GError     **error,
                    const char  *what)
{
  const char *path = sqlite3_db_filename (db, "main");

  g_set_error (error, FL_ERROR, FL_ERROR_PROJECT, "%s: %s failed: %s",
               path != NULL && *path ? path : "project", what, sqlite3_errmsg (db));
  return FALSE;
}

/**
 * _fl_stored_samples_clear:
 * @samples: samples read by _fl_sample_store_read()
 *
 * Frees the arrays of @samples and zeroes it.
 */
void
_fl_stored_samples_clear (FlStoredSamples *samples)
{
  g_free (samples->ts_s);
  g_free (samples->rtt_ms);
  g_free (samples->flags);
  g_free (samples->sent);
  g_free (samples->rcvd);
  g_free (samples->result_id);
  memset (samples, 0, sizeof *samples);
}

/**
 * _fl_sample_store_prepare:
 * @db: a project's connection
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the statement _fl_sample_store_write() takes,
 *   or %NULL with %FL_ERROR_PROJECT
 */
sqlite3_stmt *
_fl_sample_store_prepare (sqlite3  *db,
                          GError  **error)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, "INSERT INTO sample_chunks (source_id, series_id, n, ts_first,"
                          " ts_last, n_kept, kept_first, kept_last, sent, lost, data)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
    {
      _fl_store_db_error (db, error, "preparing to store samples");
      return NULL;
    }
  return st;
}

/**
 * _fl_sample_store_write:
 * @db: a project's connection, in a transaction
 * @insert: from _fl_sample_store_prepare()
 * @source_id: the samples' source
 * @series_id: the samples' series (@samples' own series_id is not read)
 * @samples: (array length=n): samples in import order
 * @result_ids: (array length=n) (nullable): each sample's ping result, 0 =
 *   none; %NULL = none for all
 * @n: 1 … %FL_SAMPLE_CHUNK_MAX
 * @error: return location for a #GError
 *
 * Stores @samples as one chunk.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_sample_store_write (sqlite3         *db,
                        sqlite3_stmt    *insert,
                        gint64           source_id,
                        gint64           series_id,
                        const FlSample  *samples,
                        const gint64    *result_ids,
                        gsize            n,
                        GError         **error)
{
  g_autofree guint8 *blob = NULL;
  double first = INFINITY, last = -INFINITY, kept_first = INFINITY, kept_last = -INFINITY;
  gint64 sent = 0, lost = 0;
  gsize kept = 0;
  int rc;

  g_return_val_if_fail (n > 0 && n <= FL_SAMPLE_CHUNK_MAX, FALSE);

  blob = g_malloc (n * FL_SAMPLE_CHUNK_BYTES);
  for (gsize i = 0; i < n; i++)
    {
      const FlSample *s = &samples[i];

      fl_put_f64 (blob + 8 * i, s->ts_s);
      fl_put_f64 (blob + 8 * n + 8 * i, s->rtt_ms);
      fl_put_u64 (blob + 16 * n + 8 * i, (guint64) (result_ids != NULL ? result_ids[i] : 0));
      fl_put_u16 (blob + 24 * n + 2 * i, s->sent);
      fl_put_u16 (blob + 26 * n + 2 * i, s->rcvd);
      fl_put_u32 (blob + 28 * n + 4 * i, s->flags);
      first = MIN (first, s->ts_s);
      last = MAX (last, s->ts_s);
      if (s->flags & FL_SAMPLE_DUP)
        continue;
      kept++;
      kept_first = MIN (kept_first, s->ts_s);
      kept_last = MAX (kept_last, s->ts_s);
      sent += s->sent;
      lost += (gint64) s->sent - (gint64) s->rcvd;
    }

  sqlite3_reset (insert);
  sqlite3_bind_int64 (insert, 1, source_id);
  sqlite3_bind_int64 (insert, 2, series_id);
  sqlite3_bind_int64 (insert, 3, (sqlite3_int64) n);
  sqlite3_bind_double (insert, 4, first);
  sqlite3_bind_double (insert, 5, last);
  sqlite3_bind_int64 (insert, 6, (sqlite3_int64) kept);
  if (kept > 0)
    {
      sqlite3_bind_double (insert, 7, kept_first);
      sqlite3_bind_double (insert, 8, kept_last);
    }
  else
    {
      sqlite3_bind_null (insert, 7);
      sqlite3_bind_null (insert, 8);
    }
  sqlite3_bind_int64 (insert, 9, sent);
  sqlite3_bind_int64 (insert, 10, lost);
  sqlite3_bind_blob64 (insert, 11, blob, n * FL_SAMPLE_CHUNK_BYTES, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  sqlite3_clear_bindings (insert);
  if (rc != SQLITE_DONE)
    return _fl_store_db_error (db, error, "storing samples");
  return TRUE;
}

static int
compare_time (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  gsize i = *(const gsize *) a, j = *(const gsize *) b;
  const double *ts = data;

  if (ts[i] < ts[j])
    return -1;
  if (ts[i] > ts[j])
    return 1;
  return i < j ? -1 : i > j;
}

#define PERMUTE(type, field)                                   \
  G_STMT_START {                                               \
    if (out->field != NULL)                                    \
      {                                                        \
        type *permuted = g_new (type, out->n);                 \
        for (gsize i = 0; i < out->n; i++)                     \
          permuted[i] = out->field[order[i]];                  \
        g_free (out->field);                                   \
        out->field = permuted;                                 \
      }                                                        \
  } G_STMT_END

/* Puts @out in time order, keeping the stored order of equal times. */
static void
sort_by_time (FlStoredSamples *out)
{
  g_autofree gsize *order = NULL;
  gboolean sorted = TRUE;

  for (gsize i = 1; i < out->n && sorted; i++)
    sorted = out->ts_s[i - 1] <= out->ts_s[i];
  if (sorted)
    return;

  order = g_new (gsize, out->n);
  for (gsize i = 0; i < out->n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) out->n, sizeof (gsize), compare_time, out->ts_s);
  PERMUTE (double, ts_s);
  PERMUTE (double, rtt_ms);
  PERMUTE (guint32, flags);
  PERMUTE (guint16, sent);
  PERMUTE (guint16, rcvd);
  PERMUTE (gint64, result_id);
}

/* The blob of the current row of @st (columns @id_col, @n_col, @data_col
 * of sample_chunks), or NULL with FL_ERROR_PROJECT when its size does not
 * match its count. */
static const guint8 *
chunk_blob (sqlite3_stmt  *st,
            int            id_col,
            int            n_col,
            int            data_col,
            gsize         *n_out,
            GError       **error)
{
  gint64 n = sqlite3_column_int64 (st, n_col);
  const guint8 *blob = sqlite3_column_blob (st, data_col);
  gint64 size = sqlite3_column_bytes (st, data_col);

  if (n <= 0 || n > FL_SAMPLE_CHUNK_MAX || blob == NULL || size != n * FL_SAMPLE_CHUNK_BYTES)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                   "the project file is damaged: sample chunk %" G_GINT64_FORMAT
                   " holds %" G_GINT64_FORMAT " bytes for %" G_GINT64_FORMAT " samples",
                   (gint64) sqlite3_column_int64 (st, id_col), size, n);
      return NULL;
    }
  *n_out = (gsize) n;
  return blob;
}

/* Sample @i of a chunk blob of @n samples. */
static inline double
chunk_ts (const guint8 *blob, gsize n, gsize i)
{
  return fl_get_f64 (blob + 8 * i);
}

static inline double
chunk_rtt (const guint8 *blob, gsize n, gsize i)
{
  return fl_get_f64 (blob + 8 * n + 8 * i);
}

static inline gint64
chunk_result_id (const guint8 *blob, gsize n, gsize i)
{
  return (gint64) fl_get_u64 (blob + 16 * n + 8 * i);
}

static inline guint16
chunk_sent (const guint8 *blob, gsize n, gsize i)
{
  return fl_get_u16 (blob + 24 * n + 2 * i);
}

static inline guint16
chunk_rcvd (const guint8 *blob, gsize n, gsize i)
{
  return fl_get_u16 (blob + 26 * n + 2 * i);
}

static inline guint32
chunk_flags (const guint8 *blob, gsize n, gsize i)
{
  return fl_get_u32 (blob + 28 * n + 4 * i);
}

/**
 * _fl_sample_store_read:
 * @db: a project's connection
 * @series_id: a series
 * @source_id: only this source's samples, or -1 for all sources
 * @what: #FlSampleRead: which arrays besides the times to fill, and whether
 *   to leave out duplicate replies (%FL_SAMPLE_DUP)
 * @out: (out caller-allocates): the samples in time order (samples with
 *   equal times in the order they were stored); arrays not asked for are
 *   %NULL; free with _fl_stored_samples_clear()
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT (a database error or a
 *   damaged chunk; @out is then empty)
 */
gboolean
_fl_sample_store_read (sqlite3          *db,
                       gint64            series_id,
                       gint64            source_id,
                       FlSampleRead      what,
                       FlStoredSamples  *out,
                       GError          **error)
{
  gboolean skip_dups = (what & FL_SAMPLE_READ_SKIP_DUPS) != 0;
  sqlite3_stmt *st = NULL;
  gint64 total = 0;
  int rc;

  memset (out, 0, sizeof *out);
  if (sqlite3_prepare_v2 (db, "SELECT coalesce(sum(n), 0) FROM sample_chunks"
                          " WHERE series_id = ?1 AND (?2 < 0 OR source_id = ?2)",
                          -1, &st, NULL) != SQLITE_OK)
    return _fl_store_db_error (db, error, "reading samples");
  sqlite3_bind_int64 (st, 1, series_id);
  sqlite3_bind_int64 (st, 2, source_id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    total = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW)
    return _fl_store_db_error (db, error, "reading samples");
  if (total < 0 || (guint64) total > G_MAXSIZE / FL_SAMPLE_CHUNK_BYTES)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                   "the project file is damaged: series %" G_GINT64_FORMAT " claims %"
                   G_GINT64_FORMAT " samples", series_id, total);
      return FALSE;
    }

  out->ts_s = g_new (double, total);
  if (what & FL_SAMPLE_READ_RTT)
    out->rtt_ms = g_new (double, total);
  if (what & FL_SAMPLE_READ_FLAGS)
    out->flags = g_new (guint32, total);
  if (what & FL_SAMPLE_READ_COUNTS)
    {
      out->sent = g_new (guint16, total);
      out->rcvd = g_new (guint16, total);
    }
  if (what & FL_SAMPLE_READ_RESULT_IDS)
    out->result_id = g_new (gint64, total);

  if (sqlite3_prepare_v2 (db, "SELECT id, n, data FROM sample_chunks"
                          " WHERE series_id = ?1 AND (?2 < 0 OR source_id = ?2) ORDER BY id",
                          -1, &st, NULL) != SQLITE_OK)
    {
      _fl_stored_samples_clear (out);
      return _fl_store_db_error (db, error, "reading samples");
    }
  sqlite3_bind_int64 (st, 1, series_id);
  sqlite3_bind_int64 (st, 2, source_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gsize n = 0, k = out->n;
      const guint8 *blob = chunk_blob (st, 0, 1, 2, &n, error);

      if (blob == NULL || out->n + n > (guint64) total)
        {
          if (blob != NULL)
            g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                         "the project file is damaged: series %" G_GINT64_FORMAT
                         " holds more samples than its chunks count", series_id);
          sqlite3_finalize (st);
          _fl_stored_samples_clear (out);
          return FALSE;
        }
      for (gsize i = 0; i < n; i++)
        {
          guint32 flags = chunk_flags (blob, n, i);

          if (skip_dups && (flags & FL_SAMPLE_DUP))
            continue;
          out->ts_s[k] = chunk_ts (blob, n, i);
          if (out->rtt_ms != NULL)
            out->rtt_ms[k] = chunk_rtt (blob, n, i);
          if (out->flags != NULL)
            out->flags[k] = flags;
          if (out->sent != NULL)
            {
              out->sent[k] = chunk_sent (blob, n, i);
              out->rcvd[k] = chunk_rcvd (blob, n, i);
            }
          if (out->result_id != NULL)
            out->result_id[k] = chunk_result_id (blob, n, i);
          k++;
        }
      out->n = k;
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      _fl_stored_samples_clear (out);
      return _fl_store_db_error (db, error, "reading samples");
    }
  sort_by_time (out);
  return TRUE;
}

/**
 * _fl_store_exec:
 * @db: a project's connection
 * @sql: statements
 * @error: return location for a #GError
 *
 * Runs @sql (a schema change).
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_store_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _fl_store_db_error (db, error, "updating the schema");
  return TRUE;
}
/**
 * _fl_sample_store_migrate:
 * @db: a project's connection, in a transaction, with schema 2
 * @error: return location for a #GError
 *
 * Schema 2 → 3: creates `sample_chunks`, moves the rows of `measurements`
 * (one per sample) into it, one chunk per source and series at a time in
 * row order, and drops `measurements`.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_sample_store_migrate (sqlite3  *db,
                          GError  **error)
{
  g_autofree FlSample *buf = g_new (FlSample, FL_SAMPLE_CHUNK_MAX);
  g_autofree gint64 *rids = g_new (gint64, FL_SAMPLE_CHUNK_MAX);
  sqlite3_stmt *st = NULL, *insert = NULL;
  gint64 source = 0, series = 0;
  gsize n = 0;
  gboolean ok = FALSE;
  int rc;

  if (!_fl_store_exec (db, chunk_schema, error))
    return FALSE;
  insert = _fl_sample_store_prepare (db, error);
  if (insert == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db, "SELECT source_id, series_id, ts_s, rtt_ms, sent, rcvd, flags,"
                          " result_id FROM measurements ORDER BY source_id, series_id, rowid",
                          -1, &st, NULL) != SQLITE_OK)
    {
      _fl_store_db_error (db, error, "reading measurements");
      goto out;
    }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 so = sqlite3_column_int64 (st, 0), se = sqlite3_column_int64 (st, 1);
      FlSample *s;

      if (n > 0 && (n == FL_SAMPLE_CHUNK_MAX || so != source || se != series))
        {
          if (!_fl_sample_store_write (db, insert, source, series, buf, rids, n, error))
            goto out;
          n = 0;
        }
      source = so;
      series = se;
      s = &buf[n];
      s->series_id = se;
      s->ts_s = sqlite3_column_double (st, 2);
      s->rtt_ms = sqlite3_column_type (st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double (st, 3);
      s->sent = (guint16) CLAMP (sqlite3_column_int64 (st, 4), 0, G_MAXUINT16);
      s->rcvd = (guint16) CLAMP (sqlite3_column_int64 (st, 5), 0, G_MAXUINT16);
      s->flags = (guint32) sqlite3_column_int64 (st, 6);
      rids[n] = sqlite3_column_int64 (st, 7);
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_db_error (db, error, "reading measurements");
      goto out;
    }
  if (n > 0 && !_fl_sample_store_write (db, insert, source, series, buf, rids, n, error))
    goto out;
  g_clear_pointer (&st, sqlite3_finalize);
  ok = _fl_store_exec (db, "DROP TABLE measurements", error);

out:
  g_clear_pointer (&st, sqlite3_finalize);
  sqlite3_finalize (insert);
  return ok;
}

/**
 * _fl_sample_store_materialize:
 * @db: a project's connection
 * @error: return location for a #GError
 *
 * Writes every stored sample, one row each, into the temporary table
 * `temp.measurements (source_id, series_id, ts_s, rtt_ms, sent, rcvd, flags,
 * result_id)` (rtt_ms NULL = none, result_id NULL = none), in the order they
 * were stored, replacing an earlier one. For tests and inspection with SQL;
 * it lives as long as the connection and is not written to the project.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_sample_store_materialize (sqlite3  *db,
                              GError  **error)
{
  sqlite3_stmt *st = NULL, *ins = NULL;
  gboolean ok = FALSE;
  int rc;

  if (!_fl_store_exec (db, "SAVEPOINT materialize;"
             " DROP TABLE IF EXISTS temp.measurements;"
             " CREATE TEMP TABLE measurements (source_id INTEGER, series_id INTEGER,"
             " ts_s REAL, rtt_ms REAL, sent INTEGER, rcvd INTEGER, flags INTEGER,"
             " result_id INTEGER);", error))
    return FALSE;
  if (sqlite3_prepare_v2 (db, "SELECT id, source_id, series_id, n, data FROM sample_chunks"
                          " ORDER BY id", -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO temp.measurements VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &ins, NULL) != SQLITE_OK)
    {
      _fl_store_db_error (db, error, "listing samples");
      goto out;
    }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gsize n = 0;
      const guint8 *blob = chunk_blob (st, 0, 3, 4, &n, error);

      if (blob == NULL)
        goto out;
      for (gsize i = 0; i < n; i++)
        {
          double rtt = chunk_rtt (blob, n, i);
          gint64 rid = chunk_result_id (blob, n, i);

          sqlite3_reset (ins);
          sqlite3_bind_int64 (ins, 1, sqlite3_column_int64 (st, 1));
          sqlite3_bind_int64 (ins, 2, sqlite3_column_int64 (st, 2));
          sqlite3_bind_double (ins, 3, chunk_ts (blob, n, i));
          if (isnan (rtt))
            sqlite3_bind_null (ins, 4);
          else
            sqlite3_bind_double (ins, 4, rtt);
          sqlite3_bind_int (ins, 5, chunk_sent (blob, n, i));
          sqlite3_bind_int (ins, 6, chunk_rcvd (blob, n, i));
          sqlite3_bind_int64 (ins, 7, chunk_flags (blob, n, i));
          if (rid != 0)
            sqlite3_bind_int64 (ins, 8, rid);
          else
            sqlite3_bind_null (ins, 8);
          if (sqlite3_step (ins) != SQLITE_DONE)
            {
              _fl_store_db_error (db, error, "listing samples");
              goto out;
            }
        }
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_db_error (db, error, "listing samples");
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (st);
  sqlite3_finalize (ins);
  sqlite3_exec (db, ok ? "RELEASE materialize" : "ROLLBACK TO materialize; RELEASE materialize",
                NULL, NULL, NULL);
  return ok;
}
