/* fl-sample-store.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A project stores its RTT samples in chunks: one `sample_chunks` row holds
 * up to FL_SAMPLE_CHUNK_MAX samples of one series from one source, in the
 * order they were imported, as one blob (schema 6):
 *
 *   "FLS2"  n (uint32)  6 columns
 *
 * The columns, in this order and width (little endian): ts_s float64 (s
 * since the epoch), rtt_ms float64 (ms; NaN = none), result_id int64 (the
 * ping result's id, fl-result-store.c; 0 = none), sent uint16, rcvd
 * uint16, flags uint32 (FlSampleFlags). Each is a mode byte followed by
 * its values:
 *
 *   0  one value, every sample's
 *   1  n values
 *   2  runs: m (uint32, 1 … n), m values, then m run lengths (uint16, each
 *      at least 1, together n)
 *
 * The writer picks the smallest. Values compare bit for bit (NaN payloads
 * and -0.0 survive). A RIPE result's replies share its time and result id,
 * and sent, rcvd and flags change only at a lost packet, so a chunk of RIPE
 * samples takes about 15 bytes a sample instead of 32 (schema 5 stored every
 * column in full): a 327 MB RIPE file's samples took 66 MB of the project
 * file, now 31 MB, which SQLite writes at the import and reads back.
 *
 * Next to the blob, a row has per-chunk figures that the series list sums
 * without opening the blobs: time span, and sent and lost packets of the
 * samples that are not duplicate replies. A row per sample (schema 2) cost
 * SQLite about 1 µs a row to insert and index, the bulk of a large import;
 * a chunk costs about the same as one row, and loading a series reads a few
 * blobs instead of stepping through a million rows. */

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

enum
{
  COL_TS,
  COL_RTT,
  COL_RESULT_ID,
  COL_SENT,
  COL_RCVD,
  COL_FLAGS,
  N_COLS
};

static const guint8 col_width[N_COLS] = { 8, 8, 8, 2, 2, 4 };

enum
{
  MODE_ONE,
  MODE_EACH,
  MODE_RUNS,
};

#define MAGIC "FLS2"

/* a run's length is a uint16 */
G_STATIC_ASSERT (FL_SAMPLE_CHUNK_MAX <= G_MAXUINT16);

/* Schema 5 stored every column in full, in the order above: 32 bytes a
 * sample, no header (_fl_sample_store_migrate_v6()). */
#define V5_SAMPLE_BYTES 32

/* Column @c of sample @s (@result_id: its ping result) as stored. */
static guint64
column_value (const FlSample *s,
              gint64          result_id,
              guint           c)
{
  switch (c)
    {
    case COL_TS: return fl_f64_bits (s->ts_s);
    case COL_RTT: return fl_f64_bits (s->rtt_ms);
    case COL_RESULT_ID: return (guint64) result_id;
    case COL_SENT: return s->sent;
    case COL_RCVD: return s->rcvd;
    default: return s->flags;
    }
}

/* The blob of @n samples (@result_ids may be NULL: none), g_malloc'd, in
 * *@size_out bytes. */
static guint8 *
encode_chunk (const FlSample *samples,
              const gint64   *result_ids,
              gsize           n,
              gsize          *size_out)
{
  g_autofree guint64 *values = g_new (guint64, N_COLS * n);
  guint8 mode[N_COLS];
  gsize n_runs[N_COLS];
  gsize size = FL_CHUNK_HEADER_BYTES, off = FL_CHUNK_HEADER_BYTES;
  guint8 *blob;

  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < N_COLS; c++)
      values[c * n + i] = column_value (&samples[i], result_ids != NULL ? result_ids[i] : 0, c);
  for (guint c = 0; c < N_COLS; c++)
    {
      const guint64 *v = values + c * n;
      gsize runs = 1, w = col_width[c];

      for (gsize i = 1; i < n; i++)
        runs += v[i] != v[i - 1];
      n_runs[c] = runs;
      if (runs == 1)
        mode[c] = MODE_ONE;
      else if (4 + runs * (w + 2) < n * w)
        mode[c] = MODE_RUNS;
      else
        mode[c] = MODE_EACH;
      size += 1 + (mode[c] == MODE_ONE ? w : mode[c] == MODE_EACH ? n * w
                                                                   : 4 + runs * (w + 2));
    }

  blob = g_malloc (size);
  memcpy (blob, MAGIC, 4);
  fl_put_u32 (blob + 4, (guint32) n);
  for (guint c = 0; c < N_COLS; c++)
    {
      const guint64 *v = values + c * n;
      guint w = col_width[c];

      blob[off++] = mode[c];
      if (mode[c] == MODE_ONE)
        {
          fl_put_uint (blob + off, w, v[0]);
          off += w;
        }
      else if (mode[c] == MODE_EACH)
        {
          for (gsize i = 0; i < n; i++, off += w)
            fl_put_uint (blob + off, w, v[i]);
        }
      else
        {
          guint8 *run_values = blob + off + 4, *lengths = run_values + n_runs[c] * w;
          gsize r = 0, start = 0;

          fl_put_u32 (blob + off, (guint32) n_runs[c]);
          for (gsize i = 1; i <= n; i++)
            if (i == n || v[i] != v[start])
              {
                fl_put_uint (run_values + r * w, w, v[start]);
                fl_put_u16 (lengths + 2 * r, (guint16) (i - start));
                r++;
                start = i;
              }
          g_assert (r == n_runs[c]);
          off += 4 + n_runs[c] * (w + 2);
        }
    }
  g_assert (off == size);
  *size_out = size;
  return blob;
}

/* A chunk blob, checked: where each column's values are. */
typedef struct
{
  gsize         n;
  guint8        mode[N_COLS];
  gsize         n_runs[N_COLS];   /* MODE_RUNS */
  const guint8 *values[N_COLS];
  const guint8 *lengths[N_COLS];  /* MODE_RUNS */
} ChunkView;

/* Checks @blob (@size bytes) against its row's count @n and fills @v;
 * FL_ERROR_PROJECT naming chunk @chunk_id when anything is off. */
static gboolean
view_chunk (const guint8  *blob,
            gsize          size,
            gint64         n,
            gint64         chunk_id,
            ChunkView     *v,
            GError       **error)
{
  gsize off = FL_CHUNK_HEADER_BYTES;
  const char *why = fl_chunk_header_problem (blob, size, MAGIC, n, FL_SAMPLE_CHUNK_MAX);

  for (guint c = 0; why == NULL && c < N_COLS; c++)
    {
      gsize w = col_width[c], bytes;

      if (off >= size || blob[off] > MODE_RUNS)
        {
          why = "a damaged column";
          break;
        }
      v->mode[c] = blob[off++];
      if (v->mode[c] == MODE_RUNS)
        {
          gsize total = 0;

          if (size - off < 4 || fl_get_u32 (blob + off) == 0 ||
              fl_get_u32 (blob + off) > (guint64) n)
            {
              why = "a damaged column";
              break;
            }
          v->n_runs[c] = fl_get_u32 (blob + off);
          off += 4;
          bytes = v->n_runs[c] * (w + 2);
          if (size - off < bytes)
            {
              why = "a truncated column";
              break;
            }
          v->values[c] = blob + off;
          v->lengths[c] = blob + off + v->n_runs[c] * w;
          for (gsize r = 0; r < v->n_runs[c] && why == NULL; r++)
            {
              guint16 len = fl_get_u16 (v->lengths[c] + 2 * r);

              total += len;
              if (len == 0)
                why = "an empty run";
            }
          if (why == NULL && total != (gsize) n)
            why = "runs that do not add up to its count";
        }
      else
        {
          bytes = v->mode[c] == MODE_ONE ? w : (gsize) n * w;
          if (size - off < bytes)
            {
              why = "a truncated column";
              break;
            }
          v->values[c] = blob + off;
        }
      off += bytes;
    }
  if (why == NULL && off != size)
    why = "bytes after its columns";
  if (why != NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                   "the project file is damaged: sample chunk %" G_GINT64_FORMAT " has %s",
                   chunk_id, why);
      return FALSE;
    }
  v->n = (gsize) n;
  return TRUE;
}

/* The values of column @c of @v, all v->n of them, into @out. */
static void
view_column (const ChunkView *v,
             guint            c,
             guint64         *out)
{
  guint w = col_width[c];

  switch (v->mode[c])
    {
    case MODE_ONE:
      {
        guint64 x = fl_get_uint (v->values[c], w);

        for (gsize i = 0; i < v->n; i++)
          out[i] = x;
      }
      break;

    case MODE_EACH:
      for (gsize i = 0; i < v->n; i++)
        out[i] = fl_get_uint (v->values[c] + i * w, w);
      break;

    default:
      for (gsize r = 0, i = 0; r < v->n_runs[c]; r++)
        {
          guint64 x = fl_get_uint (v->values[c] + r * w, w);
          guint16 len = fl_get_u16 (v->lengths[c] + 2 * r);

          for (guint16 k = 0; k < len; k++)
            out[i++] = x;
        }
      break;
    }
}

/* The current row of @st (columns @id_col, @n_col, @data_col of
 * sample_chunks), checked (view_chunk()). */
static gboolean
row_view (sqlite3_stmt  *st,
          int            id_col,
          int            n_col,
          int            data_col,
          ChunkView     *v,
          GError       **error)
{
  return view_chunk (sqlite3_column_blob (st, data_col),
                     (gsize) sqlite3_column_bytes (st, data_col),
                     sqlite3_column_int64 (st, n_col), sqlite3_column_int64 (st, id_col),
                     v, error);
}

/* Scratch room for every column of one chunk. */
typedef struct
{
  guint64 *col[N_COLS];
} ChunkColumns;

static void
chunk_columns_init (ChunkColumns *cols)
{
  for (guint c = 0; c < N_COLS; c++)
    cols->col[c] = g_new (guint64, FL_SAMPLE_CHUNK_MAX);
}

static void
chunk_columns_clear (ChunkColumns *cols)
{
  for (guint c = 0; c < N_COLS; c++)
    g_clear_pointer (&cols->col[c], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChunkColumns, chunk_columns_clear)

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
  gsize kept = 0, size = 0;
  int rc;

  g_return_val_if_fail (n > 0 && n <= FL_SAMPLE_CHUNK_MAX, FALSE);

  blob = encode_chunk (samples, result_ids, n, &size);
  for (gsize i = 0; i < n; i++)
    {
      const FlSample *s = &samples[i];

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
  sqlite3_bind_blob64 (insert, 11, blob, size, SQLITE_STATIC);
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
  g_auto(ChunkColumns) cols = { { NULL } };
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
  if (total < 0 || (guint64) total > G_MAXSIZE / sizeof (gint64))
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
  chunk_columns_init (&cols);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gsize k = out->n;
      ChunkView v;
      gboolean viewed = row_view (st, 0, 1, 2, &v, error);

      if (!viewed || out->n + v.n > (guint64) total)
        {
          if (viewed)
            g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                         "the project file is damaged: series %" G_GINT64_FORMAT
                         " holds more samples than its chunks count", series_id);
          sqlite3_finalize (st);
          _fl_stored_samples_clear (out);
          return FALSE;
        }
      for (guint c = 0; c < N_COLS; c++)
        if (c == COL_TS || c == COL_FLAGS ||
            (c == COL_RTT && out->rtt_ms != NULL) ||
            ((c == COL_SENT || c == COL_RCVD) && out->sent != NULL) ||
            (c == COL_RESULT_ID && out->result_id != NULL))
          view_column (&v, c, cols.col[c]);
      for (gsize i = 0; i < v.n; i++)
        {
          guint32 flags = (guint32) cols.col[COL_FLAGS][i];

          if (skip_dups && (flags & FL_SAMPLE_DUP))
            continue;
          out->ts_s[k] = fl_bits_f64 (cols.col[COL_TS][i]);
          if (out->rtt_ms != NULL)
            out->rtt_ms[k] = fl_bits_f64 (cols.col[COL_RTT][i]);
          if (out->flags != NULL)
            out->flags[k] = flags;
          if (out->sent != NULL)
            {
              out->sent[k] = (guint16) cols.col[COL_SENT][i];
              out->rcvd[k] = (guint16) cols.col[COL_RCVD][i];
            }
          if (out->result_id != NULL)
            out->result_id[k] = (gint64) cols.col[COL_RESULT_ID][i];
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
 * _fl_sample_store_migrate_v6:
 * @db: a project's connection, in a transaction
 * @error: return location for a #GError
 *
 * Schema 5 → 6: rewrites every `sample_chunks` blob of schema 3 to 5 (all
 * columns in full, 32 bytes a sample) in the layout described at the top
 * of this file. Blobs written by _fl_sample_store_migrate() in the same
 * upgrade are new already: call this only for a project of schema 3 to 5.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT (also when a blob does
 *   not have 32 bytes a sample)
 */
gboolean
_fl_sample_store_migrate_v6 (sqlite3  *db,
                             GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree FlSample *buf = g_new0 (FlSample, FL_SAMPLE_CHUNK_MAX);
  g_autofree gint64 *rids = g_new (gint64, FL_SAMPLE_CHUNK_MAX);
  sqlite3_stmt *st = NULL, *sel = NULL, *upd = NULL;
  gboolean ok = FALSE;
  int rc;

  /* the ids first: the rows are rewritten while going through them */
  if (sqlite3_prepare_v2 (db, "SELECT id FROM sample_chunks ORDER BY id", -1, &st,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT n, data FROM sample_chunks WHERE id = ?", -1, &sel,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "UPDATE sample_chunks SET data = ? WHERE id = ?", -1, &upd,
                          NULL) != SQLITE_OK)
    {
      _fl_store_db_error (db, error, "rewriting sample chunks");
      goto out;
    }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (st, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_db_error (db, error, "rewriting sample chunks");
      goto out;
    }

  for (guint k = 0; k < ids->len; k++)
    {
      gint64 id = g_array_index (ids, gint64, k), n;
      const guint8 *old;
      gsize old_size, size = 0;
      g_autofree guint8 *blob = NULL;

      sqlite3_reset (sel);
      sqlite3_bind_int64 (sel, 1, id);
      if (sqlite3_step (sel) != SQLITE_ROW)
        {
          _fl_store_db_error (db, error, "rewriting sample chunks");
          goto out;
        }
      n = sqlite3_column_int64 (sel, 0);
      old = sqlite3_column_blob (sel, 1);
      old_size = (gsize) sqlite3_column_bytes (sel, 1);
      if (n <= 0 || n > FL_SAMPLE_CHUNK_MAX || old == NULL ||
          old_size != (gsize) n * V5_SAMPLE_BYTES)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                       "the project file is damaged: sample chunk %" G_GINT64_FORMAT
                       " holds %" G_GSIZE_FORMAT " bytes for %" G_GINT64_FORMAT " samples",
                       id, old_size, n);
          goto out;
        }
      for (gsize i = 0; i < (gsize) n; i++)
        {
          buf[i].ts_s = fl_get_f64 (old + 8 * i);
          buf[i].rtt_ms = fl_get_f64 (old + 8 * n + 8 * i);
          rids[i] = (gint64) fl_get_u64 (old + 16 * n + 8 * i);
          buf[i].sent = fl_get_u16 (old + 24 * n + 2 * i);
          buf[i].rcvd = fl_get_u16 (old + 26 * n + 2 * i);
          buf[i].flags = fl_get_u32 (old + 28 * n + 4 * i);
        }
      blob = encode_chunk (buf, rids, (gsize) n, &size);
      sqlite3_reset (sel);
      sqlite3_reset (upd);
      sqlite3_bind_blob64 (upd, 1, blob, size, SQLITE_STATIC);
      sqlite3_bind_int64 (upd, 2, id);
      rc = sqlite3_step (upd);
      sqlite3_reset (upd);
      sqlite3_clear_bindings (upd);
      if (rc != SQLITE_DONE)
        {
          _fl_store_db_error (db, error, "rewriting sample chunks");
          goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (st);
  sqlite3_finalize (sel);
  sqlite3_finalize (upd);
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
  g_auto(ChunkColumns) cols = { { NULL } };
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
  chunk_columns_init (&cols);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChunkView v;

      if (!row_view (st, 0, 3, 4, &v, error))
        goto out;
      for (guint c = 0; c < N_COLS; c++)
        view_column (&v, c, cols.col[c]);
      for (gsize i = 0; i < v.n; i++)
        {
          double rtt = fl_bits_f64 (cols.col[COL_RTT][i]);
          gint64 rid = (gint64) cols.col[COL_RESULT_ID][i];

          sqlite3_reset (ins);
          sqlite3_bind_int64 (ins, 1, sqlite3_column_int64 (st, 1));
          sqlite3_bind_int64 (ins, 2, sqlite3_column_int64 (st, 2));
          sqlite3_bind_double (ins, 3, fl_bits_f64 (cols.col[COL_TS][i]));
          if (isnan (rtt))
            sqlite3_bind_null (ins, 4);
          else
            sqlite3_bind_double (ins, 4, rtt);
          sqlite3_bind_int (ins, 5, (int) cols.col[COL_SENT][i]);
          sqlite3_bind_int (ins, 6, (int) cols.col[COL_RCVD][i]);
          sqlite3_bind_int64 (ins, 7, (gint64) cols.col[COL_FLAGS][i]);
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
